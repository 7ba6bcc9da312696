package dev.affiliatekit.link;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Optional;

/**
 * Fuzzes the link code readers: whatever the input, they either return a code that reads back to
 * itself, or throw {@link InvalidLinkCodeException}, and their non-throwing twins agree.
 *
 * <p>In CI these run as regression tests over the inputs in {@code src/test/resources}; to fuzz,
 * run {@code JAZZER_FUZZ=1 mvn -pl core test -Dtest='LinkCodeFuzzTest#parse'}.
 */
class LinkCodeFuzzTest {

  @FuzzTest(maxDuration = "40s")
  void parse(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    Optional<LinkCode> tried = LinkCode.tryParse(text);
    LinkCode code;
    try {
      code = LinkCode.parse(text);
    } catch (InvalidLinkCodeException documented) {
      assertThat(tried).isEmpty();
      // The message quotes at most 64 characters of the input, each escaped to at most 6.
      assertThat(documented.getMessage()).startsWith("link code ").hasSizeLessThan(500);
      return;
    }
    assertThat(tried).contains(code);
    String canonical = code.toString();
    assertThat(LinkCode.parse(canonical)).isEqualTo(code);
    assertThat(canonical).hasSizeBetween(2, LinkCode.MAX_LENGTH);
    int end = canonical.length() - 1;
    for (int i = 0; i < end; i++) {
      assertThat(Crockford.value(canonical.charAt(i))).isBetween(0, Crockford.BASE - 1);
    }
    assertThat(Crockford.symbol(Crockford.checkValue(canonical, end)))
        .isEqualTo(canonical.charAt(end));
  }

  @FuzzTest(maxDuration = "40s")
  void parseVanity(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    Optional<LinkCode> tried = LinkCode.tryParseVanity(text);
    LinkCode code;
    try {
      code = LinkCode.parseVanity(text);
    } catch (InvalidLinkCodeException documented) {
      assertThat(tried).isEmpty();
      return;
    }
    assertThat(tried).contains(code);
    assertThat(LinkCode.parseVanity(code.toString())).isEqualTo(code);
    assertThat(code.toString()).matches("[A-Z0-9]{1,32}");
    try {
      VanityPolicy.defaults().check(text);
    } catch (IllegalArgumentException refused) {
      assertThat(refused.getMessage()).matches("(vanity|link) code .*");
    }
  }

  @FuzzTest(maxDuration = "40s")
  void parseAny(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    LinkCode code;
    try {
      code = LinkCode.parseAny(text);
    } catch (InvalidLinkCodeException documented) {
      return;
    }
    // A stored code reads back as written, whichever kind it is.
    assertThat(LinkCode.parseAny(code.toString())).isEqualTo(code);
    assertThat(code.toString()).matches("[0-9A-Z]{1,32}|[0-9A-Z]{1,31}[*~$=]");
  }
}
