package dev.affiliatekit.benchmarks.program;

import com.sun.management.ThreadMXBean;
import dev.affiliatekit.attribution.AffiliateStatus;
import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.commission.AffiliateProfile;
import dev.affiliatekit.commission.CommissionPlan;
import dev.affiliatekit.commission.CommissionRule;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import dev.affiliatekit.program.AffiliateProgram;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a conversion costs when the program's directory changed just before it, as when a host
 * changes an affiliate's status between sales, against the same conversion without the change,
 * under n affiliates that the touchpoint store has each seen once. Plain Java rather than JMH: each
 * size needs a program of its own; the time and the bytes allocated are the means over the
 * conversions, measured on this thread. A warm-up round of both cases at the first size runs
 * first and is not reported, so that the first case reported does not pay for compiling the code.
 *
 * <p>Run: {@code java -Xmx6g -cp benchmarks/target/benchmarks.jar
 * dev.affiliatekit.benchmarks.program.DirectoryChangeProbe 50000 200000 800000}
 */
public final class DirectoryChangeProbe {

  private static final int CONVERSIONS = 2_000;

  private DirectoryChangeProbe() {}

  /** What one run measured: the mean time and bytes of a conversion, and how many credited. */
  record Run(double micros, double bytes, int credited) {}

  /**
   * Prints a line per size and case.
   *
   * @param args the numbers of affiliates (default 50,000, 200,000 and 800,000)
   */
  public static void main(String[] args) {
    int[] sizes = args.length == 0 ? new int[] {50_000, 200_000, 800_000}
        : java.util.Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    for (String line : report(sizes, DirectoryChangeProbe::run)) {
      System.out.println(line);
    }
  }

  /** Measures one case: a program of the affiliates given, its directory changed or not. */
  @FunctionalInterface
  interface Measure {
    Run run(int affiliates, boolean change);
  }

  /**
   * Runs both cases at the first size as a warm-up, then each case at each size.
   *
   * @param sizes the numbers of affiliates, at least one
   * @param measure what measures one case
   * @return a line per size and case, the warm-up left out
   */
  static List<String> report(int[] sizes, Measure measure) {
    for (boolean change : new boolean[] {false, true}) {
      measure.run(sizes[0], change);
    }
    List<String> lines = new ArrayList<>();
    for (int affiliates : sizes) {
      for (boolean change : new boolean[] {false, true}) {
        Run run = measure.run(affiliates, change);
        lines.add(String.format(Locale.ROOT, "%,d affiliates, %s: %.1f us, %,.0f B allocated per"
            + " conversion", affiliates, change ? "directory changed before each"
            : "directory unchanged", run.micros(), run.bytes()));
      }
    }
    return lines;
  }

  /**
   * Enrolls the affiliates and records a click for each, then records conversions credited to
   * the last one enrolled, each after changing the first one's status if {@code change}.
   */
  static Run run(int affiliates, boolean change) {
    Clock clock = Clock.fixed(Instant.parse("2026-03-01T00:00:00Z"), ZoneOffset.UTC);
    AffiliateProgram program = AffiliateProgram.builder()
        .plan(CommissionPlan.builder().rule(CommissionRule.percentage("c", Rate.ofPercent(10)))
            .build())
        .clock(clock).build();
    String last = "";
    for (int i = 0; i < affiliates; i++) {
      last = program.enroll(AffiliateProfile.of("a" + i)).code().toString();
      program.recordClick("w" + i, last);
    }
    ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    long nanos = 0;
    long bytes = 0;
    int credited = 0;
    for (int i = 0; i < CONVERSIONS; i++) {
      program.recordClick("v" + i, last);
      if (change) {
        program.changeStatus("a0", i % 2 == 0 ? AffiliateStatus.INACTIVE : AffiliateStatus.ACTIVE);
      }
      long allocated = threads.getCurrentThreadAllocatedBytes();
      long start = System.nanoTime();
      var outcome = program.recordConversion(Conversion.builder("o" + i, clock.instant(),
          Money.parse("USD 50.00")).visitorId("v" + i).build());
      nanos += System.nanoTime() - start;
      bytes += threads.getCurrentThreadAllocatedBytes() - allocated;
      credited += outcome.attribution().isCredited() ? 1 : 0;
    }
    return new Run(nanos / 1e3 / CONVERSIONS, (double) bytes / CONVERSIONS, credited);
  }
}
