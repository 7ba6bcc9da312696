package dev.affiliatekit.benchmarks.ledger;

import dev.affiliatekit.ledger.Accrual;
import dev.affiliatekit.ledger.Ledger;
import dev.affiliatekit.ledger.StatementLine;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * What a statement of a short period, and balances as of an early or a late instant, cost an
 * affiliate with a long history: a ledger of n accruals, one a minute, half of them for one creator
 * among a thousand, with a release every hour; then that creator's statement of the last day and
 * of all time, and its balances as of its first day, as of the start of its last day (which open
 * the statement of that day) and now. Plain Java rather than JMH: each size needs
 * a ledger of its own, and the point is how the times grow with the history; each is the median
 * of 21 calls.
 *
 * <p>Run: {@code java -Xmx4g -cp benchmarks/target/benchmarks.jar
 * dev.affiliatekit.benchmarks.ledger.StatementSpanProbe 131072 524288}
 */
public final class StatementSpanProbe {

  static final Instant START = Instant.parse("2026-01-01T00:00:00Z");
  static final String CREATOR = "creator";
  private static final Money COMMISSION = Money.ofMinor(400, CurrencyUnit.USD);

  private StatementSpanProbe() {}

  /**
   * Prints a line per size: the microseconds of each call.
   *
   * @param args the numbers of accruals (default 131,072 and 524,288)
   */
  public static void main(String[] args) {
    int[] sizes = args.length == 0 ? new int[] {131_072, 524_288}
        : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    for (int accruals : sizes) {
      Ledger ledger = history(accruals);
      Instant end = START.plus(Duration.ofMinutes(accruals));
      Instant lastDay = end.minus(Duration.ofDays(1));
      Instant firstDay = START.plus(Duration.ofDays(1));
      System.out.printf(Locale.ROOT, "%,d accruals: statement of the last day %.1f us, of all"
          + " time %.1f us; balances as of the first day %.1f us, the last day %.1f us, now"
          + " %.1f us%n", accruals,
          median(() -> ledger.statement(CREATOR, lastDay, end).size()),
          median(() -> ledger.statement(CREATOR, Instant.MIN, Instant.MAX).size()),
          median(() -> ledger.balances(CREATOR, CurrencyUnit.USD, firstDay).pending()
              .minorUnits()),
          median(() -> ledger.balances(CREATOR, CurrencyUnit.USD, lastDay.minusNanos(1))
              .pending().minorUnits()),
          median(() -> ledger.balances(CREATOR, CurrencyUnit.USD).pending().minorUnits()));
    }
  }

  /**
   * {@return a ledger of the accruals, one a minute from {@link #START}, every other one for
   * {@link #CREATOR} and the rest for a thousand others, held for a day, with a release of the
   * ended holds every hour}
   */
  static Ledger history(int accruals) {
    MinuteClock clock = new MinuteClock();
    Ledger ledger = Ledger.inMemory(clock);
    for (int i = 0; i < accruals; i++) {
      clock.minutes = i;
      String affiliate = i % 2 == 0 ? CREATOR : "affiliate-" + (i % 1_000);
      ledger.accrue("accrual-" + i, new Accrual(affiliate, COMMISSION,
          clock.instant().plus(Duration.ofDays(1)), "order-" + i, "rule", "10% of USD 40.00"));
      if (i % 60 == 59) {
        ledger.release("release-" + i, clock.instant());
      }
    }
    return ledger;
  }

  /** {@return the lines of the creator's statement from {@code from} to before {@code to}} */
  static List<StatementLine> statement(Ledger ledger, Instant from, Instant to) {
    return ledger.statement(CREATOR, from, to);
  }

  private static double median(LongSupplier call) {
    long[] times = new long[21];
    long sink = 0;
    for (int i = 0; i < times.length; i++) {
      long start = System.nanoTime();
      sink += call.getAsLong();
      times[i] = System.nanoTime() - start;
    }
    Arrays.sort(times);
    return sink == Long.MIN_VALUE ? -1 : times[times.length / 2] / 1e3;
  }

  /** A clock at {@link #START} plus a number of minutes the probe sets. */
  private static final class MinuteClock extends Clock {
    long minutes;

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("the probe's clock is in UTC");
    }

    @Override
    public Instant instant() {
      return START.plus(Duration.ofMinutes(minutes));
    }
  }
}
