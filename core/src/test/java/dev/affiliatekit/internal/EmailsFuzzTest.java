package dev.affiliatekit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the e-mail parser of the self-referral guard: whatever the input, it either returns a
 * normal form without a space that is its own normal form if it is short enough to be an address,
 * or throws {@link IllegalArgumentException}.
 *
 * <p>In CI this runs as a regression test over the inputs in {@code src/test/resources}; to fuzz,
 * run {@code JAZZER_FUZZ=1 mvn -pl core test -Dtest='EmailsFuzzTest#normalize'}.
 */
class EmailsFuzzTest {

  @FuzzTest(maxDuration = "30s")
  void normalize(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    String normal;
    try {
      normal = Emails.normalize(text);
    } catch (IllegalArgumentException documented) {
      return;
    }
    assertThat(normal).contains("@").doesNotContain(" ");
    // Folding may lengthen it, as ß to ss, beyond what an address may be: then it is compared,
    // never read as an address again.
    if (normal.length() <= Emails.MAX_LENGTH) {
      assertThat(Emails.normalize(normal)).isEqualTo(normal);
    }
  }
}
