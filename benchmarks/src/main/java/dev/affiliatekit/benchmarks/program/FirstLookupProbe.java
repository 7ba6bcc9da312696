package dev.affiliatekit.benchmarks.program;

import dev.affiliatekit.ledger.Accrual;
import dev.affiliatekit.ledger.Ledger;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * What the first conversion after a program's build pays, against what the build paid before it
 * asked the ledger for an order's items: on a fresh ledger of {@code n} accruals, each of its own
 * order, the first {@link Ledger#itemsOfOrder} (which indexes the orders) and a read of the journal
 * for the id of every order, as {@code ProgramBenchmark}'s baseline does. Plain Java rather than
 * JMH, since each measurement needs a fresh ledger and is done once; the rounds show the spread.
 *
 * <p>Run: {@code java -Xmx8g -cp benchmarks/target/benchmarks.jar
 * dev.affiliatekit.benchmarks.program.FirstLookupProbe 1000000 4}
 */
public final class FirstLookupProbe {

  private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");

  private FirstLookupProbe() {}

  /**
   * Runs the rounds.
   *
   * @param args the number of accruals (default 1,000,000) and of rounds (default 4)
   */
  public static void main(String[] args) {
    int orders = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 4;
    for (int round = 1; round <= rounds; round++) {
      Ledger indexed = ledger(orders);
      long start = System.nanoTime();
      int items = indexed.itemsOfOrder("new-order").size();
      long lookup = System.nanoTime() - start;
      Ledger read = ledger(orders);
      start = System.nanoTime();
      int found = ProgramBenchmark.ordersIn(read).size();
      long scan = System.nanoTime() - start;
      System.out.printf(Locale.ROOT,
          "round %d: first itemsOfOrder %.1f ms (%d items); read of %d order ids %.1f ms%n",
          round, lookup / 1e6, items, found, scan / 1e6);
    }
  }

  /** {@return a ledger of {@code orders} accruals, one per order, over 10,000 affiliates} */
  static Ledger ledger(int orders) {
    SplittableRandom random = new SplittableRandom(42);
    Ledger ledger = Ledger.inMemory(Clock.fixed(NOW, ZoneOffset.UTC));
    for (int i = 0; i < orders; i++) {
      String affiliate = "creator-" + random.nextInt(10_000);
      String order = "before-" + i;
      Money commission = Money.ofMinor(random.nextLong(1, 10_001), CurrencyUnit.USD);
      ledger.accrue("order:" + order + "/" + affiliate, new Accrual(affiliate, commission,
          NOW.plus(Duration.ofDays(30)), order, "rules:creators", "12.5% of the order"));
    }
    // Collected now, so that neither measurement pays for the garbage of the build.
    System.gc();
    return ledger;
  }
}
