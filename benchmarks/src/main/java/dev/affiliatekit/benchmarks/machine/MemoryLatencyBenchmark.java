package dev.affiliatekit.benchmarks.machine;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What one cache miss costs on the machine that runs the other benchmarks: a chain of dependent
 * reads in random order through an array of {@code kibibytes} KiB, one read per cache line, so
 * that each read waits for the one before it, as a lookup in a large store waits for its index
 * slot before it can read the entry.
 *
 * <p>A hot path that must answer in {@code t} nanoseconds over data far larger than the caches
 * can afford about {@code t} divided by this benchmark's time at the largest size of such
 * dependent misses. Read it beside {@code AttributionBenchmark}, whose store of a million
 * visitors takes about 100 MB.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar MemoryLatencyBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx2g"})
public class MemoryLatencyBenchmark {

  /** Ints per 64-byte cache line. */
  static final int LINE = 16;
  private static final long SEED = 0x1A7E_2026L;

  /** The size of the array read, in KiB: within L1, L2, and far beyond the last-level cache. */
  @Param({"16", "256", "4096", "16384", "65536", "524288"})
  public int kibibytes;

  /** Per cache line, at its first int: the index of the next line to read. */
  int[] next;
  private int at;

  /** Links the array's cache lines into one cycle in random order. */
  @Setup(Level.Trial)
  public void link() {
    next = chain(kibibytes * 1024 / Integer.BYTES, new SplittableRandom(SEED));
    at = 0;
  }

  /**
   * {@return an array of {@code ints} ints whose cache lines form one cycle in random order} The
   * first int of each line holds the index of the first int of the next line.
   */
  static int[] chain(int ints, SplittableRandom random) {
    int lines = ints / LINE;
    int[] order = new int[lines];
    for (int i = 0; i < lines; i++) {
      order[i] = i;
    }
    for (int i = lines - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    int[] next = new int[ints];
    for (int i = 0; i < lines; i++) {
      next[order[i] * LINE] = order[(i + 1) % lines] * LINE;
    }
    return next;
  }

  /** {@return the index reached by one more read, which the next call starts from} */
  @Benchmark
  public int dependentRead() {
    at = next[at];
    return at;
  }
}
