package dev.affiliatekit.benchmarks.program;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affiliatekit.benchmarks.program.KeyedTouchFootprint.Mode;
import dev.affiliatekit.program.AffiliateProgram;
import org.junit.jupiter.api.Test;

/** Each mode records one touch per click, for a visitor of three clicks. */
class KeyedTouchFootprintTest {

  @Test
  void eachMode_recordsEveryClick() {
    for (Mode mode : Mode.values()) {
      AffiliateProgram program = KeyedTouchFootprint.program(mode, 30);

      assertThat(program.touchpointStore().size()).as("%s", mode).isEqualTo(30L);
      assertThat(program.touchpointStore().touchpoints("visitor-100000")).as("%s", mode)
          .hasSize(3);
    }
  }
}
