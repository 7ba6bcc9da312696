package dev.affiliatekit.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Many threads posting and releasing at once: nothing is lost, doubled or left unbalanced. */
class LedgerConcurrencyTest {

  private static final int THREADS = 8;
  private static final int ACCRUALS = 2_000;
  private static final Instant NOW = Instant.parse("2026-04-01T00:00:00Z");
  private static final CurrencyUnit USD = CurrencyUnit.USD;

  private static Accrual accrual(String affiliate, long cents, String order) {
    return new Accrual(affiliate, Money.ofMinor(cents, USD), NOW.minusSeconds(cents), order, "q",
        "concurrent accrual");
  }

  @Test
  void manyThreads_postingReleasingReversingAndReplaying_loseAndDoubleNothing() throws Exception {
    Ledger ledger = Ledger.inMemory(Clock.fixed(NOW, ZoneOffset.UTC));
    CountDownLatch start = new CountDownLatch(1);
    AtomicInteger conflicts = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    List<Future<?>> futures = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      int thread = t;
      futures.add(pool.submit(() -> {
        start.await();
        for (int i = 0; i < ACCRUALS; i++) {
          ledger.accrue("t" + thread + "-" + i, accrual("a" + (i % 10), i + 1, "o-" + i));
          if (i % 7 == 0) {
            // Every thread accrues the same shared items: each must count once.
            ledger.accrue("shared-" + i, accrual("shared", i + 1, "s-" + i));
          }
          if (i % 10 == 9) {
            ledger.release("t" + thread + "-release-" + i, NOW);
          }
          if (i % 50 == 0) {
            // Half of these race a release; either way the refund must land exactly once.
            ledger.reverse("t" + thread + "-refund-" + i, Reversal.partial("t" + thread + "-" + i,
                Money.ofMinor(1, USD), ReversalKind.REFUND, "refund"));
          }
        }
        try {
          ledger.adjust("contested", new Adjustment("a0", Money.ofMinor(thread + 1, USD),
              "contested by thread " + thread));
        } catch (IdempotencyConflictException expected) {
          conflicts.incrementAndGet();
        }
        return null;
      }));
    }
    start.countDown();
    for (Future<?> future : futures) {
      future.get(2, TimeUnit.MINUTES);
    }
    pool.shutdown();
    ledger.release("final-release", NOW);

    int shared = (ACCRUALS + 6) / 7;
    int releases = ACCRUALS / 10;
    int refunds = ACCRUALS / 50;
    int expectedSize = THREADS * (ACCRUALS + releases + refunds) + shared + 1 + 1;
    List<Transaction> journal = ledger.journal();
    assertThat(journal).hasSize(expectedSize);
    assertThat(conflicts.get()).isEqualTo(THREADS - 1);

    Set<String> keys = new HashSet<>();
    Map<Account, Long> fold = new HashMap<>();
    for (int i = 0; i < journal.size(); i++) {
      Transaction transaction = journal.get(i);
      assertThat(transaction.sequence()).isEqualTo(i + 1L);
      assertThat(keys.add(transaction.key())).isTrue();
      long sum = 0;
      for (Entry entry : transaction.entries()) {
        sum += entry.amount().minorUnits();
        fold.merge(entry.account(), entry.amount().minorUnits(), Long::sum);
      }
      assertThat(sum).isZero();
    }
    for (Account account : ledger.accounts()) {
      assertThat(ledger.balance(account).minorUnits()).isEqualTo(fold.get(account));
    }

    long accrued = (long) THREADS * ACCRUALS * (ACCRUALS + 1) / 2;
    long sharedTotal = 0;
    for (int i = 0; i < ACCRUALS; i += 7) {
      sharedTotal += i + 1;
    }
    long contested = journal.stream().filter(t -> t.key().equals("contested"))
        .mapToLong(t -> ((Adjustment) t.posting()).amount().minorUnits()).sum();
    long net = accrued + sharedTotal - (long) THREADS * refunds + contested;
    Map<AccountKind, Money> totals = ledger.totals(USD);
    assertThat(totals.get(AccountKind.PENDING).minorUnits()).isZero();
    assertThat(totals.get(AccountKind.PAYABLE).minorUnits()).isEqualTo(net);
    assertThat(totals.get(AccountKind.COMMISSION_EXPENSE).minorUnits()).isEqualTo(-net);
    assertThat(ledger.balances("shared", USD).payable().minorUnits()).isEqualTo(sharedTotal);
    for (int t = 0; t < THREADS; t++) {
      for (int i = 0; i < ACCRUALS; i++) {
        PendingItem item = ledger.item("t" + t + "-" + i).orElseThrow();
        // Item 0 is one cent: its refund reverses it in full if it lands before another thread's
        // release, and claws it back from payable if after; either way it resolves once.
        assertThat(item.status()).isIn(i == 0
            ? Set.of(ItemStatus.REVERSED, ItemStatus.RELEASED) : Set.of(ItemStatus.RELEASED));
        long refunded = i % 50 == 0 ? 1 : 0;
        assertThat(item.reversed().minorUnits()).isEqualTo(refunded);
        assertThat(item.outstanding().minorUnits()).isEqualTo(i + 1 - refunded);
      }
    }
  }
}
