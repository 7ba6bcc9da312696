package dev.affiliatekit.benchmarks.program;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The probe's conversions are each credited, with the directory changed between them or not. */
class DirectoryChangeProbeTest {

  @Test
  void everyConversion_isCredited_withOrWithoutAChange() {
    assertThat(DirectoryChangeProbe.run(3_000, true).credited()).isEqualTo(2_000);
    assertThat(DirectoryChangeProbe.run(3_000, false).credited()).isEqualTo(2_000);
  }
}
