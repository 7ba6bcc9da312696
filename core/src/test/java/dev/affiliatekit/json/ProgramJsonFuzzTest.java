package dev.affiliatekit.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.affiliatekit.program.AffiliateProgram;
import dev.affiliatekit.program.ProgramSettings;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Fuzzes the program file loader: whatever the input, {@link ProgramJson#parse(String)} either
 * returns settings or throws {@link JsonFormatException}, never anything else; settings it returns
 * write back to equal settings and build a program.
 *
 * <p>In CI this replays the inputs in {@code src/test/resources}, which start from the documented
 * example; to fuzz, run {@code JAZZER_FUZZ=1 mvn -pl core test -Dtest='ProgramJsonFuzzTest#load'}.
 */
class ProgramJsonFuzzTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-03-15T10:00:00Z"), ZoneOffset.UTC);

  @FuzzTest(maxDuration = "60s")
  void load(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    ProgramSettings settings;
    try {
      settings = ProgramJson.parse(text);
    } catch (JsonFormatException documented) {
      assertThat(documented.getMessage()).isNotBlank();
      return;
    }
    assertThat(ProgramJson.parse(ProgramJson.toJson(settings))).isEqualTo(settings);
    AffiliateProgram program = AffiliateProgram.builder().settings(settings).clock(CLOCK).build();
    assertThat(program.holdPeriod()).isEqualTo(settings.holdPeriod());
    assertThat(program.attributor().policy()).isEqualTo(settings.policy());
  }
}
