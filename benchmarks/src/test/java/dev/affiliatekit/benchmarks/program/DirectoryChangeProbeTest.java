package dev.affiliatekit.benchmarks.program;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The probe's conversions are each credited, with the directory changed between them or not. */
class DirectoryChangeProbeTest {

  @Test
  void everyConversion_isCredited_withOrWithoutAChange() {
    assertThat(DirectoryChangeProbe.run(3_000, true).credited()).isEqualTo(2_000);
    assertThat(DirectoryChangeProbe.run(3_000, false).credited()).isEqualTo(2_000);
  }

  @Test
  void report_warmsUpBothCasesAtTheFirstSize_andReportsOnlyTheRunsAfter() {
    List<String> calls = new ArrayList<>();
    List<String> lines = DirectoryChangeProbe.report(new int[] {10, 20}, (affiliates, change) -> {
      calls.add(affiliates + (change ? " changed" : " unchanged"));
      return new DirectoryChangeProbe.Run(calls.size(), 100.0 * calls.size(), 0);
    });
    assertThat(calls).containsExactly("10 unchanged", "10 changed", "10 unchanged",
        "10 changed", "20 unchanged", "20 changed");
    // The warm-up's runs, the first two, are not reported.
    assertThat(lines).containsExactly(
        "10 affiliates, directory unchanged: 3.0 us, 300 B allocated per conversion",
        "10 affiliates, directory changed before each: 4.0 us, 400 B allocated per conversion",
        "20 affiliates, directory unchanged: 5.0 us, 500 B allocated per conversion",
        "20 affiliates, directory changed before each: 6.0 us, 600 B allocated per conversion");
  }
}
