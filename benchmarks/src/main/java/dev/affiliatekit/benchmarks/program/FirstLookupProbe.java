package dev.affiliatekit.benchmarks.program;

import dev.affiliatekit.benchmarks.Heap;
import dev.affiliatekit.ledger.Accrual;
import dev.affiliatekit.ledger.Ledger;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import java.lang.ref.Reference;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * What the first conversion after a program's build pays, against what the build paid before it
 * asked the ledger for an order's items: on a fresh ledger of {@code n} accruals, each of its own
 * order, the first {@link Ledger#itemsOfOrder} (which indexes the orders) and a read of the journal
 * for the id of every order, as {@code ProgramBenchmark}'s baseline does, each timed and with the
 * heap it keeps: the ledger's index of orders, and the set of ids the build kept before. Plain Java
 * rather than JMH, since each measurement needs a fresh ledger and is done once; the rounds show
 * the spread.
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
      System.out.printf(Locale.ROOT, "round %d: first itemsOfOrder %s; read of order ids %s%n",
          round, firstLookup(orders), journalRead(orders));
    }
  }

  /** {@return the first {@link Ledger#itemsOfOrder} of a fresh ledger: its time and its heap} */
  private static String firstLookup(int orders) {
    Ledger ledger = ledger(orders);
    long before = Heap.used();
    long start = System.nanoTime();
    int items = ledger.itemsOfOrder("new-order").size();
    long time = System.nanoTime() - start;
    long kept = Heap.used() - before;
    Reference.reachabilityFence(ledger);
    return String.format(Locale.ROOT, "%.1f ms (%d items), keeps %.1f MB", time / 1e6, items,
        kept / 1e6);
  }

  /** {@return the read of every order id of a fresh ledger's journal: its time and its heap} */
  private static String journalRead(int orders) {
    Ledger ledger = ledger(orders);
    long before = Heap.used();
    long start = System.nanoTime();
    Set<String> ids = ProgramBenchmark.ordersIn(ledger);
    long time = System.nanoTime() - start;
    long kept = Heap.used() - before;
    Reference.reachabilityFence(ids);
    return String.format(Locale.ROOT, "%.1f ms (%d ids), keeps %.1f MB", time / 1e6, ids.size(),
        kept / 1e6);
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
