package dev.affiliatekit.benchmarks.machine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Checks that {@link MemoryLatencyBenchmark} reads every cache line of its array once per lap. */
class MemoryLatencyBenchmarkTest {

  @Test
  void chain_visitsEveryLineOnceBeforeReturningToTheStart() {
    int ints = 4096 * MemoryLatencyBenchmark.LINE;
    int[] next = MemoryLatencyBenchmark.chain(ints, new SplittableRandom(7));
    BitSet seen = new BitSet();
    int at = 0;
    for (int step = 0; step < 4096; step++) {
      assertThat(at % MemoryLatencyBenchmark.LINE).isZero();
      assertThat(seen.get(at / MemoryLatencyBenchmark.LINE)).isFalse();
      seen.set(at / MemoryLatencyBenchmark.LINE);
      at = next[at];
    }
    assertThat(at).isZero();
    assertThat(seen.cardinality()).isEqualTo(4096);
  }

  @Test
  void dependentRead_followsTheChain() {
    MemoryLatencyBenchmark benchmark = new MemoryLatencyBenchmark();
    benchmark.kibibytes = 16;
    benchmark.link();
    int first = benchmark.dependentRead();
    assertThat(first).isEqualTo(benchmark.next[0]);
    assertThat(benchmark.dependentRead()).isEqualTo(benchmark.next[first]);
  }
}
