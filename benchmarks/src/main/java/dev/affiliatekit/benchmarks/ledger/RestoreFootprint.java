package dev.affiliatekit.benchmarks.ledger;

import dev.affiliatekit.benchmarks.Heap;
import dev.affiliatekit.json.JournalJson;
import dev.affiliatekit.ledger.Accrual;
import dev.affiliatekit.ledger.Ledger;
import dev.affiliatekit.ledger.LedgerStore;
import dev.affiliatekit.ledger.Transaction;
import dev.affiliatekit.money.Money;
import java.io.StringReader;
import java.lang.ref.Reference;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/**
 * The heap of a ledger rebuilt from its journal beside that of the ledger that wrote it, measured
 * as the used heap after collections: a ledger restored from its JSON lines ({@code
 * Ledger.restore(JournalJson.read(...))}), and a ledger opened again over the store that another
 * ledger wrote ({@code Ledger.open}). The journal is that of a service that accrued one commission
 * per order for one of 10,000 affiliates, then released them all; every id is a fresh string, as a
 * request brings it.
 *
 * <p>Run: {@code java -Xmx4g -cp benchmarks/target/benchmarks.jar
 * dev.affiliatekit.benchmarks.ledger.RestoreFootprint 200000}
 */
public final class RestoreFootprint {

  private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");
  private static final Instant HELD = Instant.parse("2026-03-01T09:00:00Z");
  private static final Money AMOUNT = Money.parse("USD 4.20");

  private RestoreFootprint() {}

  /**
   * Prints the megabytes of each ledger, and the ratio of the rebuilt ledger's to the live one's.
   *
   * @param args the number of accruals (default 200,000)
   */
  public static void main(String[] args) {
    int accruals = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

    long before = Heap.used();
    Ledger live = post(Ledger.inMemory(clock), accruals);
    long liveBytes = Heap.used() - before;
    String lines = JournalJson.toJsonLines(live.journal());
    live = null;
    List<Transaction> journal = JournalJson.read(new StringReader(lines));
    lines = null;
    long readBytes = Heap.used() - before;
    Ledger restored = Ledger.restore(journal, clock);
    long withJournal = Heap.used() - before;
    Reference.reachabilityFence(journal);
    journal = null;
    long restoredBytes = Heap.used() - before;
    Reference.reachabilityFence(restored);
    print("restore", liveBytes, restoredBytes);
    System.out.printf(Locale.ROOT, "  journal as read: %.1f MB; restored ledger and the journal "
        + "it was restored from: %.1f MB%n", mb(readBytes), mb(withJournal));
    restored = null;

    LedgerStore store = LedgerStore.inMemory();
    before = Heap.used();
    Ledger writer = post(Ledger.open(store, clock), accruals);
    long writerBytes = Heap.used() - before;
    writer = null;
    long storeBytes = Heap.used() - before;
    Ledger reopened = Ledger.open(store, clock);
    long reopenedBytes = Heap.used() - before;
    Reference.reachabilityFence(store);
    print("open", writerBytes, reopenedBytes);
    System.out.printf(Locale.ROOT, "  store alone: %.1f MB; %d transactions%n", mb(storeBytes),
        reopened.lastTransaction().orElseThrow().sequence());
  }

  private static void print(String how, long liveBytes, long rebuiltBytes) {
    System.out.printf(Locale.ROOT, "%s: live %.1f MB, rebuilt %.1f MB (%.2fx)%n", how,
        mb(liveBytes), mb(rebuiltBytes), (double) rebuiltBytes / liveBytes);
  }

  private static double mb(long bytes) {
    return bytes / 1e6;
  }

  /**
   * Accrues a commission per order, for one of 10,000 affiliates, and releases them all.
   *
   * @return the ledger
   */
  static Ledger post(Ledger ledger, int accruals) {
    for (int i = 0; i < accruals; i++) {
      String affiliate = "aff" + (i % 10_000);
      ledger.accrue("order:o" + i + "/" + affiliate, new Accrual("aff" + (i % 10_000), AMOUNT,
          HELD, "o" + i, "rules:c" + i, "10% of sale " + i));
    }
    ledger.release("release:golive", NOW);
    return ledger;
  }
}
