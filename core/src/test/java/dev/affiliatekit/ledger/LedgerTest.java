package dev.affiliatekit.ledger;

import static dev.affiliatekit.money.CurrencyUnit.EUR;
import static dev.affiliatekit.money.CurrencyUnit.USD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affiliatekit.json.JournalJson;
import dev.affiliatekit.money.CurrencyMismatchException;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.testing.TestClock;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class LedgerTest {

  private static final Instant SALE = Instant.parse("2026-03-01T10:00:00Z");
  private static final Instant HOLD_ENDS = SALE.plus(Duration.ofDays(30));

  private final TestClock clock = new TestClock(SALE);
  private final Ledger ledger = Ledger.inMemory(clock);

  private static Money usd(String amount) {
    return Money.parse("USD " + amount);
  }

  private static Accrual accrual(String affiliate, String amount, String order) {
    return new Accrual(affiliate, usd(amount), HOLD_ENDS, order, "quote-" + order,
        "10% of the order");
  }

  private static Balances balances(String pending, String payable, String clearing, String paid) {
    return new Balances(usd(pending), usd(payable), usd(clearing), usd(paid));
  }

  private void releaseAtHoldEnd(String key) {
    clock.set(HOLD_ENDS);
    ledger.release(key, HOLD_ENDS);
  }

  /** Asserts that the call throws and leaves the journal and every balance as they were. */
  private void assertRejectedWithoutChange(Executable call, Class<? extends Throwable> type,
      String message) {
    List<Transaction> journal = ledger.journal();
    Map<Account, Money> before = snapshot();
    assertThatThrownBy(call::execute).isInstanceOf(type).hasMessage(message);
    assertThat(ledger.journal()).isEqualTo(journal);
    assertThat(snapshot()).isEqualTo(before);
  }

  private Map<Account, Money> snapshot() {
    Map<Account, Money> balances = new java.util.HashMap<>();
    for (Account account : ledger.accounts()) {
      balances.put(account, ledger.balance(account));
    }
    return balances;
  }

  @Nested
  class Lifecycle {

    @Test
    void accrueReleasePayoutSettle_movesTheMoneyThroughEveryStage() {
      Transaction accrued = ledger.accrue("order-1/jane", accrual("jane", "5.00", "order-1"));
      assertThat(accrued.sequence()).isEqualTo(1);
      assertThat(accrued.postedAt()).isEqualTo(SALE);
      assertThat(accrued.entries()).containsExactly(
          Entry.of(Account.of(AccountKind.PENDING, "jane", USD), usd("5.00"), "order-1/jane"),
          Entry.of(Account.commissionExpense(USD), usd("-5.00"), "order-1/jane"));
      assertThat(ledger.balances("jane", USD)).isEqualTo(balances("5.00", "0.00", "0.00", "0.00"));

      clock.set(HOLD_ENDS.minusSeconds(1));
      Transaction early = ledger.release("release-early", clock.instant());
      assertThat(early.entries()).isEmpty();
      assertThat(ledger.item("order-1/jane").orElseThrow().status()).isEqualTo(ItemStatus.PENDING);

      releaseAtHoldEnd("release-on-time");
      assertThat(ledger.balances("jane", USD)).isEqualTo(balances("0.00", "5.00", "0.00", "0.00"));
      assertThat(ledger.item("order-1/jane").orElseThrow().status()).isEqualTo(ItemStatus.RELEASED);

      PayoutBatch batch = ledger.prepare("payout-1", HOLD_ENDS, PayoutRules.minimums(usd("5.00")));
      assertThat(batch.sequence()).isEqualTo(4);
      assertThat(batch.lines()).containsExactly(new PayoutLine("4-1", "jane", usd("5.00")));
      assertThat(ledger.balances("jane", USD)).isEqualTo(balances("0.00", "0.00", "5.00", "0.00"));
      assertThat(ledger.lineStatus("4-1")).contains(PayoutLineStatus.IN_CLEARING);

      ledger.settle("payout-1/settled", "payout-1");
      assertThat(ledger.balances("jane", USD)).isEqualTo(balances("0.00", "0.00", "0.00", "5.00"));
      assertThat(ledger.lineStatus("4-1")).contains(PayoutLineStatus.SETTLED);
      assertThat(ledger.totals(USD)).containsEntry(AccountKind.PAID, usd("5.00"))
          .containsEntry(AccountKind.COMMISSION_EXPENSE, usd("-5.00"));
    }

    @Test
    void classExample_runsAsDocumented_evenInAMonthWhenNobodyReachesTheMinimum() {
      Instant saleTime = SALE;
      clock.set(SALE.plus(Duration.ofDays(31)));
      // The example of the Ledger class documentation, as written there.
      Ledger ledger = Ledger.inMemory(clock);
      ledger.accrue("order-1/jane", new Accrual("jane", Money.parse("USD 5.00"),
          saleTime.plus(Duration.ofDays(30)), "order-1", "quote-1", "10% of USD 50.00"));
      // A retry repeats the request: keep each instant with its key.
      Instant releasedAsOf = clock.instant();
      ledger.release("release-2026-04-01", releasedAsOf);      // held items whose hold ended
      Instant cutOff = clock.instant();
      PayoutBatch batch = ledger.prepare("payout-2026-04", cutOff,
          PayoutRules.minimums(Money.parse("USD 50.00")));
      ledger.settle("payout-2026-04/paid", batch.key());
      ledger.balances("jane", USD);                              // pending, payable, clearing, paid

      // USD 5.00 is below the minimum: the batch pays nobody, and settling it books nothing.
      assertThat(batch.lines()).isEmpty();
      // Retried later, each line is the same request and returns what it first did.
      clock.set(clock.instant().plusSeconds(60));
      assertThat(ledger.release("release-2026-04-01", releasedAsOf))
          .isEqualTo(ledger.transaction("release-2026-04-01").orElseThrow());
      assertThat(ledger.prepare("payout-2026-04", cutOff,
          PayoutRules.minimums(Money.parse("USD 50.00")))).isEqualTo(batch);
      assertThat(ledger.transaction("payout-2026-04/paid").orElseThrow().entries()).isEmpty();
      assertThat(ledger.balances("jane", USD)).isEqualTo(balances("0.00", "5.00", "0.00", "0.00"));
    }

    @Test
    void totals_ofTwoCurrencies_areKeptApart_andAccountsAreOrdered() {
      ledger.accrue("e1", new Accrual("zoe", Money.parse("EUR 3.00"), HOLD_ENDS, "o1", "q", "x"));
      ledger.accrue("u1", accrual("jane", "5.00", "o2"));
      ledger.accrue("e2", new Accrual("amy", Money.parse("EUR 4.00"), HOLD_ENDS, "o3", "q", "x"));
      ledger.accrue("u2", accrual("jane", "1.00", "o4"));
      ledger.adjust("u3", new Adjustment("bob", usd("2.00"), "bonus"));

      assertThat(ledger.totals(USD)).containsEntry(AccountKind.PENDING, usd("6.00"))
          .containsEntry(AccountKind.PAYABLE, usd("2.00"))
          .containsEntry(AccountKind.COMMISSION_EXPENSE, usd("-8.00"));
      assertThat(ledger.totals(EUR)).containsEntry(AccountKind.PENDING, Money.parse("EUR 7.00"))
          .containsEntry(AccountKind.PAYABLE, Money.parse("EUR 0.00"))
          .containsEntry(AccountKind.COMMISSION_EXPENSE, Money.parse("EUR -7.00"));
      // Ordered by owner, currency and kind, whatever order they were first booked in.
      List<Account> accounts = ledger.accounts();
      assertThat(accounts).isSortedAccordingTo(java.util.Comparator.naturalOrder());
      assertThat(accounts).extracting(Account::owner).containsSubsequence("amy", "bob", "jane",
          "zoe");
    }

    @Test
    void prepare_linesAreOrderedByAffiliate_notByWhenTheirBalancesBegan() {
      ledger.adjust("z", new Adjustment("zoe", usd("60.00"), "bonus"));
      ledger.adjust("a", new Adjustment("amy", usd("70.00"), "bonus"));
      ledger.adjust("b", new Adjustment("bob", usd("80.00"), "bonus"));

      PayoutBatch batch = ledger.prepare("p", SALE, PayoutRules.minimums(usd("50.00")));

      assertThat(batch.lines()).containsExactly(new PayoutLine("4-1", "amy", usd("70.00")),
          new PayoutLine("4-2", "bob", usd("80.00")), new PayoutLine("4-3", "zoe", usd("60.00")));
    }

    @Test
    void settleOrFail_batchWithoutLinesResolvedAlready_throws_alsoAfterRestore() {
      ledger.prepare("p", SALE, PayoutRules.minimums(usd("50.00")));
      ledger.prepare("q", SALE, PayoutRules.minimums(usd("50.00")));
      ledger.settle("p/settled", "p");
      ledger.fail("q/failed", "q", "bank holiday");

      assertRejectedWithoutChange(() -> ledger.fail("p/failed", "p", "bank holiday"),
          AlreadyResolvedException.class, "payout batch is already settled: 'p'");
      assertRejectedWithoutChange(() -> ledger.settle("p/again", "p"),
          AlreadyResolvedException.class, "payout batch is already settled: 'p'");
      assertRejectedWithoutChange(() -> ledger.settle("q/settled", "q"),
          AlreadyResolvedException.class, "payout batch is already failed: 'q'");
      // A ledger restored from the journal, exported as JSON lines, remembers it too.
      Ledger restored = Ledger.restore(
          JournalJson.read(new StringReader(JournalJson.toJsonLines(ledger.journal()))), clock);
      assertThatThrownBy(() -> restored.fail("p/failed", "p", "bank holiday"))
          .isInstanceOf(AlreadyResolvedException.class)
          .hasMessage("payout batch is already settled: 'p'");
      assertThatThrownBy(() -> restored.settle("q/settled", "q"))
          .isInstanceOf(AlreadyResolvedException.class)
          .hasMessage("payout batch is already failed: 'q'");
      assertThat(restored.settle("p/settled", "p")).isEqualTo(ledger.transaction("p/settled")
          .orElseThrow());
      assertThat(restored.journal()).isEqualTo(ledger.journal());
    }

    @Test
    void settleOrFail_batchWithoutLines_postsAnEmptyTransaction_andRetriesReturnIt() {
      ledger.adjust("a", new Adjustment("jane", usd("5.00"), "bonus"));
      PayoutBatch empty = ledger.prepare("p", SALE, PayoutRules.minimums(usd("50.00")));
      assertThat(empty.lines()).isEmpty();

      Transaction settled = ledger.settle("p/settled", "p");

      assertThat(settled.entries()).isEmpty();
      assertThat(settled.posting()).isEqualTo(new PayoutSettlement("p", Set.of()));
      assertThat(ledger.settle("p/settled", "p")).isEqualTo(settled);
      assertThat(ledger.journal()).hasSize(3);
      PayoutBatch other = ledger.prepare("q", SALE, PayoutRules.minimums(usd("50.00")));
      Transaction failed = ledger.fail("q/failed", "q", "bank holiday");
      assertThat(failed.entries()).isEmpty();
      assertThat(ledger.fail("q/failed", "q", "bank holiday")).isEqualTo(failed);
      assertThat(other.lines()).isEmpty();
      assertThat(ledger.balances("jane", USD)).isEqualTo(balances("0.00", "5.00", "0.00", "0.00"));
    }

    @Test
    void release_boundary_holdEndingExactlyAtAsOf_isReleased() {
      ledger.accrue("a", accrual("jane", "1.00", "o-1"));
      clock.set(HOLD_ENDS);
      assertThat(ledger.release("r-before", HOLD_ENDS.minusNanos(1)).entries()).isEmpty();
      assertThat(ledger.release("r-at", HOLD_ENDS).entries()).hasSize(2);
    }

    @Test
    void release_ordersItemsByHoldEnd_andLeavesLaterHoldsPending() {
      ledger.accrue("late", new Accrual("jane", usd("2.00"), HOLD_ENDS.plusSeconds(60), "o-2",
          "q", "x"));
      ledger.accrue("early", accrual("joe", "1.00", "o-1"));
      clock.set(HOLD_ENDS);
      Transaction release = ledger.release("r", HOLD_ENDS);
      assertThat(release.entries()).extracting(entry -> entry.reference().orElseThrow())
          .containsExactly("early", "early");
      assertThat(ledger.balances("jane", USD).pending()).isEqualTo(usd("2.00"));
      assertThat(ledger.balances("joe", USD).payable()).isEqualTo(usd("1.00"));
    }

    @Test
    void refundWhileHeld_partlyThenInFull_reducesPendingAndResolvesTheItemOnce() {
      ledger.accrue("order-1/jane", accrual("jane", "10.00", "order-1"));
      ledger.reverse("refund-1", Reversal.partial("order-1/jane", usd("4.00"), ReversalKind.REFUND,
          "one item returned"));
      assertThat(ledger.balances("jane", USD)).isEqualTo(balances("6.00", "0.00", "0.00", "0.00"));
      PendingItem item = ledger.item("order-1/jane").orElseThrow();
      assertThat(item.status()).isEqualTo(ItemStatus.PENDING);
      assertThat(item.pending()).isEqualTo(usd("6.00"));
      assertThat(item.outstanding()).isEqualTo(usd("6.00"));

      ledger.reverse("refund-2", Reversal.full("order-1/jane", ReversalKind.REFUND, "rest returned"));
      item = ledger.item("order-1/jane").orElseThrow();
      assertThat(item.status()).isEqualTo(ItemStatus.REVERSED);
      assertThat(item.reversed()).isEqualTo(usd("10.00"));
      assertThat(ledger.balances("jane", USD).earned()).isEqualTo(usd("0.00"));

      releaseAtHoldEnd("release");
      assertThat(ledger.balances("jane", USD)).isEqualTo(balances("0.00", "0.00", "0.00", "0.00"));
      assertThat(ledger.transaction("release").orElseThrow().entries()).isEmpty();
    }

    @Test
    void earliestHoldEnd_isTheFirstHoldOfAnItemStillPending() {
      assertThat(ledger.earliestHoldEnd()).isEmpty();
      ledger.accrue("late", new Accrual("jane", usd("2.00"), HOLD_ENDS.plusSeconds(60), "o-2",
          "q", "x"));
      ledger.accrue("early", accrual("joe", "1.00", "o-1"));
      ledger.accrue("voided", new Accrual("joe", usd("1.00"), HOLD_ENDS.minusSeconds(60), "o-3",
          "q", "x"));
      ledger.voidItem("void", "voided", "fraud");
      assertThat(ledger.earliestHoldEnd()).contains(HOLD_ENDS);

      clock.set(HOLD_ENDS);
      ledger.release("r", HOLD_ENDS);
      assertThat(ledger.earliestHoldEnd()).contains(HOLD_ENDS.plusSeconds(60));
      ledger.reverse("refund", Reversal.full("late", ReversalKind.REFUND, "returned"));
      assertThat(ledger.earliestHoldEnd()).isEmpty();
    }

    /**
     * Accruals out of hold order are kept apart from those in order: a release takes both, in
     * hold order, and the earliest hold end is the earlier of the two (before, every such accrual
     * made the next release or earliestHoldEnd sort all the held items).
     */
    @Test
    void accrualsOutOfHoldOrder_areReleasedInHoldOrder() {
      String[] keys = {"h30", "h10", "h40", "h20", "h50", "h05"};
      for (String key : keys) {
        long minutes = Long.parseLong(key.substring(1));
        ledger.accrue(key, new Accrual("jane", usd("1.00"), HOLD_ENDS.plusSeconds(60 * minutes),
            "o-" + key, "q", "x"));
      }
      ledger.voidItem("void", "h10", "fraud");
      assertThat(ledger.earliestHoldEnd()).contains(HOLD_ENDS.plusSeconds(60 * 5));

      clock.set(HOLD_ENDS.plusSeconds(60 * 40));
      Transaction release = ledger.release("r", HOLD_ENDS.plusSeconds(60 * 30));

      assertThat(release.entries()).extracting(entry -> entry.reference().orElseThrow())
          .containsExactly("h05", "h05", "h20", "h20", "h30", "h30");
      assertThat(ledger.earliestHoldEnd()).contains(HOLD_ENDS.plusSeconds(60 * 40));
      ledger.reverse("refund", Reversal.full("h40", ReversalKind.REFUND, "returned"));
      assertThat(ledger.earliestHoldEnd()).contains(HOLD_ENDS.plusSeconds(60 * 50));
      assertThat(ledger.balances("jane", USD).payable()).isEqualTo(usd("3.00"));
    }

    /**
     * Accruals a little late move in among the last held items; those far later go apart. Either
     * way releases take the items in hold order, as a sort of all of them would.
     */
    @Test
    void accrualsLateByLittleOrMuch_areReleasedInHoldOrder() {
      java.util.SplittableRandom random = new java.util.SplittableRandom(2026);
      java.util.NavigableMap<Instant, List<String>> expected = new java.util.TreeMap<>();
      for (int i = 0; i < 9_000; i++) {
        int late = switch (random.nextInt(3)) {
          case 0 -> 0;
          case 1 -> random.nextInt(100);
          default -> random.nextInt(9_000);
        };
        Instant hold = HOLD_ENDS.plusSeconds(60L * (i - late));
        String key = "i" + i;
        ledger.accrue(key, new Accrual("jane", usd("1.00"), hold, "o" + i, "q", "x"));
        expected.computeIfAbsent(hold, unused -> new ArrayList<>()).add(key);
      }
      clock.set(HOLD_ENDS.plusSeconds(60L * 9_000));
      for (int cut : new int[] {-5_000, 10, 3_000, 3_001, 8_999}) {
        Instant asOf = HOLD_ENDS.plusSeconds(60L * cut);
        // A few more, late among items sorted by the last release: each moves the rest at once.
        for (int extra = 0; extra < 3; extra++) {
          Instant hold = HOLD_ENDS.plusSeconds(60L * (cut - random.nextInt(200)));
          String key = "x" + cut + "-" + extra;
          ledger.accrue(key, new Accrual("jane", usd("1.00"), hold, "o" + key, "q", "x"));
          expected.computeIfAbsent(hold, unused -> new ArrayList<>()).add(key);
        }
        assertThat(ledger.earliestHoldEnd()).isEqualTo(Optional.ofNullable(expected.firstEntry())
            .map(java.util.Map.Entry::getKey));
        java.util.NavigableMap<Instant, List<String>> due = expected.headMap(asOf, true);
        List<String> released = due.values().stream().flatMap(List::stream)
            .flatMap(key -> java.util.stream.Stream.of(key, key)).toList();

        Transaction release = ledger.release("r" + cut, asOf);

        assertThat(release.entries()).extracting(entry -> entry.reference().orElseThrow())
            .as("release as of %s", asOf).isEqualTo(released);
        due.clear();
      }
      assertThat(ledger.earliestHoldEnd()).isEmpty();
    }

    @Test
    void partialRefundWhileHeld_thenRelease_releasesOnlyTheRest() {
      ledger.accrue("i", accrual("jane", "5.00", "o"));
      ledger.reverse("refund", Reversal.partial("i", usd("2.00"), ReversalKind.REFUND, "partial"));
      releaseAtHoldEnd("release");
      assertThat(ledger.balances("jane", USD)).isEqualTo(balances("0.00", "3.00", "0.00", "0.00"));
      assertThat(ledger.item("i").orElseThrow().released()).isEqualTo(usd("3.00"));
    }

    @Test
    void clawbackAfterPayment_makesPayableNegative_andIsCarriedIntoTheNextPayout() {
      PayoutRules rules = PayoutRules.minimums(usd("50.00"));
      ledger.accrue("o-1", accrual("jane", "60.00", "o-1"));
      releaseAtHoldEnd("release-1");
      ledger.prepare("payout-1", HOLD_ENDS, rules);
      ledger.settle("payout-1/ok", "payout-1");
      assertThat(ledger.balances("jane", USD)).isEqualTo(balances("0.00", "0.00", "0.00", "60.00"));

      ledger.reverse("refund-o-1", Reversal.full("o-1", ReversalKind.REFUND, "returned"));
      assertThat(ledger.balances("jane", USD)).isEqualTo(balances("0.00", "-60.00", "0.00", "60.00"));

      ledger.accrue("o-2", new Accrual("jane", usd("100.00"), HOLD_ENDS.plusSeconds(1), "o-2", "q",
          "x"));
      clock.set(HOLD_ENDS.plusSeconds(1));
      ledger.release("release-2", clock.instant());
      // 100.00 - 60.00 = 40.00 is below the 50.00 minimum: it carries forward.
      assertThat(ledger.prepare("payout-2", clock.instant(), rules).lines()).isEmpty();
      assertThat(ledger.balances("jane", USD).payable()).isEqualTo(usd("40.00"));

      ledger.adjust("bonus", new Adjustment("jane", usd("30.00"), "launch bonus"));
      PayoutBatch third = ledger.prepare("payout-3", clock.instant(), rules);
      assertThat(third.lines()).extracting(PayoutLine::amount).containsExactly(usd("70.00"));
      assertThat(ledger.balances("jane", USD)).isEqualTo(balances("0.00", "0.00", "70.00", "60.00"));
    }

    @Test
    void chargebackWonAfterRelease_isReinstatedAsPayable_once() {
      ledger.accrue("o-1", accrual("jane", "20.00", "o-1"));
      releaseAtHoldEnd("release");
      ledger.reverse("cb-1", Reversal.partial("o-1", usd("15.00"), ReversalKind.CHARGEBACK,
          "chargeback opened"));
      assertThat(ledger.balances("jane", USD).payable()).isEqualTo(usd("5.00"));
      assertThat(ledger.reinstatement("cb-1")).isEmpty();

      Transaction reinstated = ledger.reinstate("cb-1/won", "cb-1", "dispute won");
      assertThat(ledger.reinstatement("cb-1")).contains(reinstated);
      assertThat(ledger.reinstatement("unknown")).isEmpty();
      assertThat(filteringDefault(ledger).reinstatement("cb-1")).contains(reinstated);
      assertThat(Ledger.restore(ledger.journal(), clock).reinstatement("cb-1"))
          .contains(reinstated);
      assertThat(reinstated.entries()).containsExactly(
          Entry.of(Account.commissionExpense(USD), usd("-15.00"), "o-1"),
          Entry.of(Account.of(AccountKind.PAYABLE, "jane", USD), usd("15.00"), "o-1"));
      assertThat(ledger.balances("jane", USD).payable()).isEqualTo(usd("20.00"));
      PendingItem item = ledger.item("o-1").orElseThrow();
      assertThat(item.reinstated()).isEqualTo(usd("15.00"));
      assertThat(item.outstanding()).isEqualTo(usd("20.00"));

      assertRejectedWithoutChange(() -> ledger.reinstate("cb-1/won-again", "cb-1", "again"),
          AlreadyResolvedException.class, "chargeback is already reinstated: 'cb-1'");
    }

    @Test
    void chargebackWon_afterTheItemWasVoided_isRejectedWithoutChange() {
      ledger.accrue("o-1", accrual("jane", "10.00", "o-1"));
      ledger.reverse("cb", Reversal.partial("o-1", usd("5.00"), ReversalKind.CHARGEBACK, "cb"));
      ledger.voidItem("fraud", "o-1", "fraud");

      assertRejectedWithoutChange(() -> ledger.reinstate("won", "cb", "dispute won"),
          AlreadyResolvedException.class, "pending item is already voided: 'o-1'");
      assertRejectedWithoutChange(() -> ledger.reverse("fix",
              Reversal.correction("o-1", usd("1.00"), "rounding")),
          AlreadyResolvedException.class, "pending item is already voided: 'o-1'");
      assertThat(ledger.balances("jane", USD)).isEqualTo(balances("0.00", "0.00", "0.00", "0.00"));
    }

    @Test
    void chargebackWhileHeld_inFull_thenWon_isPendingAgain_untilItsHoldEnds() {
      ledger.accrue("o-1", accrual("jane", "20.00", "o-1"));
      ledger.reverse("cb", Reversal.full("o-1", ReversalKind.CHARGEBACK, "chargeback"));
      assertThat(ledger.item("o-1").orElseThrow().status()).isEqualTo(ItemStatus.REVERSED);
      assertThat(ledger.earliestHoldEnd()).isEmpty();        // nothing held: the item is passed

      Transaction won = ledger.reinstate("won", "cb", "dispute won");

      assertThat(won.entries()).containsExactly(
          Entry.of(Account.commissionExpense(USD), usd("-20.00"), "o-1"),
          Entry.of(Account.of(AccountKind.PENDING, "jane", USD), usd("20.00"), "o-1"));
      assertThat(ledger.balances("jane", USD)).isEqualTo(balances("20.00", "0.00", "0.00", "0.00"));
      PendingItem item = ledger.item("o-1").orElseThrow();
      assertThat(item.status()).isEqualTo(ItemStatus.PENDING);
      assertThat(item.pending()).isEqualTo(usd("20.00"));
      assertThat(ledger.earliestHoldEnd()).contains(HOLD_ENDS);
      // A payout run before the hold ends pays none of it.
      assertThat(ledger.prepare("payout-early", clock.instant(), PayoutRules.minimums(usd("1.00")))
          .lines()).isEmpty();
      releaseAtHoldEnd("release");
      assertThat(ledger.balances("jane", USD)).isEqualTo(balances("0.00", "20.00", "0.00", "0.00"));
      assertThat(ledger.item("o-1").orElseThrow().released()).isEqualTo(usd("20.00"));
    }

    @Test
    void chargebackWhileHeld_inFull_thenWonAfterAReleasePassedIt_isPayable() {
      ledger.accrue("o-1", accrual("jane", "20.00", "o-1"));
      ledger.reverse("cb", Reversal.full("o-1", ReversalKind.CHARGEBACK, "chargeback"));
      releaseAtHoldEnd("release");

      Transaction won = ledger.reinstate("won", "cb", "dispute won");

      assertThat(won.entries()).containsExactly(
          Entry.of(Account.commissionExpense(USD), usd("-20.00"), "o-1"),
          Entry.of(Account.of(AccountKind.PAYABLE, "jane", USD), usd("20.00"), "o-1"));
      assertThat(ledger.balances("jane", USD)).isEqualTo(balances("0.00", "20.00", "0.00", "0.00"));
      assertThat(ledger.item("o-1").orElseThrow().status()).isEqualTo(ItemStatus.REVERSED);
    }

    @Test
    void chargebackWon_afterAReleaseThatCameBeforeTheAccrual_isPendingAgain() {
      // A release as of the hold end, made before the item was accrued, released nothing of it.
      clock.set(HOLD_ENDS);
      ledger.release("release-before", HOLD_ENDS);
      ledger.accrue("o-1", accrual("jane", "20.00", "o-1"));
      ledger.reverse("cb", Reversal.full("o-1", ReversalKind.CHARGEBACK, "chargeback"));

      ledger.reinstate("won", "cb", "dispute won");

      assertThat(ledger.balances("jane", USD)).isEqualTo(balances("20.00", "0.00", "0.00", "0.00"));
      assertThat(ledger.item("o-1").orElseThrow().status()).isEqualTo(ItemStatus.PENDING);
      // The next release moves it to payable, once.
      ledger.release("release-after", HOLD_ENDS);
      assertThat(ledger.balances("jane", USD)).isEqualTo(balances("0.00", "20.00", "0.00", "0.00"));
      assertThat(ledger.item("o-1").orElseThrow().released()).isEqualTo(usd("20.00"));
    }

    @Test
    void chargebackWonWhileHeld_thenVoided_voidsWhatWasReinstated() {
      ledger.accrue("o-1", accrual("jane", "10.00", "o-1"));
      ledger.reverse("cb", Reversal.full("o-1", ReversalKind.CHARGEBACK, "chargeback"));
      ledger.reinstate("won", "cb", "dispute won");

      ledger.voidItem("fraud", "o-1", "fraud");

      assertThat(ledger.balances("jane", USD)).isEqualTo(balances("0.00", "0.00", "0.00", "0.00"));
      PendingItem item = ledger.item("o-1").orElseThrow();
      assertThat(item.status()).isEqualTo(ItemStatus.VOIDED);
      assertThat(item.voided()).isEqualTo(usd("10.00"));
      assertThat(item.outstanding()).isEqualTo(usd("0.00"));
    }

    @Test
    void reversalAfterReinstatementWhileHeld_takesItFromPending() {
      ledger.accrue("o-1", accrual("jane", "10.00", "o-1"));
      ledger.reverse("cb", Reversal.partial("o-1", usd("4.00"), ReversalKind.CHARGEBACK, "cb"));
      ledger.reinstate("won", "cb", "won");
      assertThat(ledger.balances("jane", USD)).isEqualTo(balances("10.00", "0.00", "0.00", "0.00"));
      Transaction refund = ledger.reverse("refund",
          Reversal.partial("o-1", usd("8.00"), ReversalKind.REFUND, "returned"));
      assertThat(refund.entries()).containsExactly(
          Entry.of(Account.of(AccountKind.PENDING, "jane", USD), usd("-8.00"), "o-1"),
          Entry.of(Account.commissionExpense(USD), usd("8.00"), "o-1"));
      assertThat(ledger.balances("jane", USD)).isEqualTo(balances("2.00", "0.00", "0.00", "0.00"));
      assertThat(ledger.item("o-1").orElseThrow().outstanding()).isEqualTo(usd("2.00"));
    }

    @Test
    void correction_givesBackPartOfWhatRefundsTook_toPendingWhileHeld() {
      ledger.accrue("o-1", accrual("jane", "5.00", "o-1"));
      ledger.reverse("refund", Reversal.partial("o-1", usd("2.00"), ReversalKind.REFUND, "returned"));

      Transaction corrected = ledger.reverse("fix",
          Reversal.correction("o-1", usd("0.01"), "rounding"));

      assertThat(corrected.entries()).containsExactly(
          Entry.of(Account.commissionExpense(USD), usd("-0.01"), "o-1"),
          Entry.of(Account.of(AccountKind.PENDING, "jane", USD), usd("0.01"), "o-1"));
      assertThat(ledger.balances("jane", USD)).isEqualTo(balances("3.01", "0.00", "0.00", "0.00"));
      PendingItem item = ledger.item("o-1").orElseThrow();
      assertThat(item.reversed()).isEqualTo(usd("2.00"));
      assertThat(item.reinstated()).isEqualTo(usd("0.01"));
      assertThat(item.outstanding()).isEqualTo(usd("3.01"));
      assertThat(item.pending()).isEqualTo(usd("3.01"));
      assertThat(item.status()).isEqualTo(ItemStatus.PENDING);
      assertRejectedWithoutChange(() -> ledger.reinstate("again", "fix", "x"),
          IllegalStateException.class,
          "only a chargeback can be reinstated, not a refund: 'fix'");
    }

    /**
     * An item reversed in full while held is passed by the release as of its hold end, even when
     * a later release is made as of an earlier instant: what is given back then is payable.
     */
    @Test
    void correctionOfAnItemReversedInFull_afterAReleasePassedIt_isPayable_whateverComesAfter() {
      ledger.accrue("o-1", accrual("jane", "5.00", "o-1"));
      ledger.reverse("refund", Reversal.full("o-1", ReversalKind.REFUND, "returned"));
      clock.set(HOLD_ENDS.plusSeconds(60));
      ledger.release("passes", HOLD_ENDS);
      ledger.release("earlier", HOLD_ENDS.minusSeconds(60));

      ledger.reverse("fix", Reversal.correction("o-1", usd("1.00"), "rounding"));

      assertThat(ledger.balances("jane", USD)).isEqualTo(balances("0.00", "1.00", "0.00", "0.00"));
    }

    @Test
    void correction_moreThanTheItemLost_isRejected() {
      ledger.accrue("o-1", accrual("jane", "5.00", "o-1"));
      ledger.reverse("refund", Reversal.partial("o-1", usd("2.00"), ReversalKind.REFUND, "returned"));
      ledger.reverse("fix", Reversal.correction("o-1", usd("1.50"), "rounding"));
      assertRejectedWithoutChange(
          () -> ledger.reverse("more", Reversal.correction("o-1", usd("0.51"), "rounding")),
          IllegalArgumentException.class, "correction exceeds what item 'o-1' has lost to"
              + " reversals, net of what was given back: USD 0.51 > USD 0.50");
      assertRejectedWithoutChange(
          () -> ledger.reverse("other", Reversal.correction("o-1", Money.parse("EUR 0.01"), "x")),
          CurrencyMismatchException.class,
          "correction amount must be in USD, the currency of item 'o-1': EUR 0.01");
    }

    @Test
    void reinstate_chargebackACorrectionGaveBackAlready_isRejected() {
      ledger.accrue("o-1", accrual("jane", "5.00", "o-1"));
      ledger.reverse("cb", Reversal.partial("o-1", usd("1.00"), ReversalKind.CHARGEBACK, "cb"));
      ledger.reverse("fix", Reversal.correction("o-1", usd("0.40"), "rounding"));
      assertRejectedWithoutChange(() -> ledger.reinstate("won", "cb", "dispute won"),
          IllegalStateException.class, "chargeback reinstatement exceeds what item 'o-1' has lost"
              + " to reversals, net of what was given back: USD 1.00 > USD 0.60");
      // Taking the rest back again first makes room for the reinstatement.
      ledger.reverse("retake", Reversal.partial("o-1", usd("0.40"), ReversalKind.REFUND, "x"));
      ledger.reinstate("won", "cb", "dispute won");
      assertThat(ledger.item("o-1").orElseThrow().outstanding()).isEqualTo(usd("5.00"));
    }

    @Test
    void payoutFailure_returnsTheLineToPayable_andTheNextRunPaysItAgain() {
      PayoutRules rules = PayoutRules.minimums(usd("10.00"));
      ledger.accrue("a", accrual("jane", "12.00", "o-1"));
      ledger.accrue("b", accrual("joe", "30.00", "o-2"));
      releaseAtHoldEnd("release");
      PayoutBatch batch = ledger.prepare("payout-1", HOLD_ENDS, rules);
      assertThat(batch.lines()).extracting(PayoutLine::id, PayoutLine::affiliateId)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("4-1", "jane"),
              org.assertj.core.groups.Tuple.tuple("4-2", "joe"));

      ledger.fail("payout-1/jane-failed", "payout-1", Set.of("4-1"), "account closed");
      ledger.settle("payout-1/rest", "payout-1");
      assertThat(ledger.balances("jane", USD)).isEqualTo(balances("0.00", "12.00", "0.00", "0.00"));
      assertThat(ledger.balances("joe", USD)).isEqualTo(balances("0.00", "0.00", "0.00", "30.00"));
      assertThat(ledger.lineStatus("4-1")).contains(PayoutLineStatus.FAILED);
      assertThat(ledger.lineStatus("4-2")).contains(PayoutLineStatus.SETTLED);

      PayoutBatch second = ledger.prepare("payout-2", HOLD_ENDS, rules);
      assertThat(second.lines()).containsExactly(new PayoutLine("7-1", "jane", usd("12.00")));
    }

    @Test
    void prepare_paysOnlyEligibleAffiliates_andCurrenciesWithAMinimum() {
      ledger.adjust("a", new Adjustment("jane", usd("50.00"), "bonus"));
      ledger.adjust("b", new Adjustment("joe", usd("50.00"), "bonus"));
      ledger.adjust("c", new Adjustment("joe", Money.parse("EUR 80.00"), "bonus"));
      ledger.adjust("d", new Adjustment("ann", usd("49.99"), "bonus"));
      PayoutBatch batch = ledger.prepare("p", SALE,
          PayoutRules.minimums(usd("50.00")).onlyAffiliates(Set.of("joe", "ann")));
      assertThat(batch.lines()).containsExactly(new PayoutLine("5-1", "joe", usd("50.00")));
      assertThat(ledger.balances("jane", USD).payable()).isEqualTo(usd("50.00"));
      assertThat(ledger.balances("joe", EUR).payable()).isEqualTo(Money.parse("EUR 80.00"));
    }

    /** Regression: a second restriction replaced the first, and paid bob, whom it left out. */
    @Test
    void prepare_rulesRestrictedTwice_payOnlyTheAffiliatesInBoth() {
      ledger.adjust("a", new Adjustment("amy", usd("80.00"), "commission"));
      ledger.adjust("b", new Adjustment("bob", usd("90.00"), "commission"));
      PayoutRules withPayoutMethod = PayoutRules.minimums(usd("50.00"))
          .onlyAffiliates(Set.of("amy", "cat"));

      assertThat(withPayoutMethod.onlyAffiliates(Set.of("bob")).eligibleAffiliates())
          .contains(Set.of());
      assertThat(ledger.prepare("p", SALE, withPayoutMethod.onlyAffiliates(Set.of("bob", "amy")))
          .lines()).extracting(PayoutLine::affiliateId).containsExactly("amy");
      assertThat(ledger.balances("bob", USD).payable()).isEqualTo(usd("90.00"));
    }

    @Test
    void voidItem_returnsThePendingAmount_andResolvesTheItem() {
      ledger.accrue("a", accrual("jane", "7.00", "o"));
      ledger.voidItem("void-a", "a", "fraud");
      assertThat(ledger.balances("jane", USD).earned()).isEqualTo(usd("0.00"));
      PendingItem item = ledger.item("a").orElseThrow();
      assertThat(item.status()).isEqualTo(ItemStatus.VOIDED);
      assertThat(item.voided()).isEqualTo(usd("7.00"));
      assertThat(item.outstanding()).isEqualTo(usd("0.00"));
    }

    @Test
    void balancesAsOf_foldTheJournalUpToTheInstant() {
      ledger.accrue("a", accrual("jane", "7.00", "o"));
      releaseAtHoldEnd("r");
      assertThat(ledger.balances("jane", USD, SALE)).isEqualTo(balances("7.00", "0.00", "0.00", "0.00"));
      assertThat(ledger.balances("jane", USD, SALE.minusNanos(1)))
          .isEqualTo(balances("0.00", "0.00", "0.00", "0.00"));
      assertThat(ledger.balances("jane", USD, HOLD_ENDS))
          .isEqualTo(balances("0.00", "7.00", "0.00", "0.00"));
      assertThat(ledger.balance(Account.commissionExpense(USD), HOLD_ENDS)).isEqualTo(usd("-7.00"));
    }

    @Test
    void statement_listsTheAffiliatesEntriesInThePeriod() {
      ledger.accrue("a", accrual("jane", "7.00", "o"));
      ledger.accrue("b", accrual("joe", "1.00", "o"));
      releaseAtHoldEnd("r");
      List<StatementLine> march = ledger.statement("jane", SALE, HOLD_ENDS);
      assertThat(march).hasSize(1);
      assertThat(march.get(0).key()).isEqualTo("a");
      assertThat(march.get(0).entry().amount()).isEqualTo(usd("7.00"));
      assertThat(march.get(0).description()).startsWith("accrual of USD 7.00 for 'jane'");
      List<StatementLine> all = ledger.statement("jane", SALE, HOLD_ENDS.plusNanos(1));
      assertThat(all).extracting(line -> line.entry().account().kind())
          .containsExactly(AccountKind.PENDING, AccountKind.PENDING, AccountKind.PAYABLE);
    }

    @Test
    void statements_addUpBetweenTheBalancesJustBeforeTheirBounds() {
      ledger.accrue("a", accrual("jane", "7.00", "o"));
      releaseAtHoldEnd("r");                 // stamped exactly at the end of the first period
      Instant[] bounds = {SALE, HOLD_ENDS, HOLD_ENDS.plus(Duration.ofDays(30))};

      for (int p = 0; p + 1 < bounds.length; p++) {
        Balances opening = ledger.balances("jane", USD, bounds[p].minusNanos(1));
        Balances closing = ledger.balances("jane", USD, bounds[p + 1].minusNanos(1));
        for (AccountKind kind : List.of(AccountKind.PENDING, AccountKind.PAYABLE)) {
          Money moved = ledger.statement("jane", bounds[p], bounds[p + 1]).stream()
              .filter(line -> line.entry().account().kind() == kind)
              .map(line -> line.entry().amount()).reduce(usd("0.00"), Money::plus);
          assertThat(opening.of(kind).plus(moved)).as("%s in period %s", kind, p)
              .isEqualTo(closing.of(kind));
        }
      }
      assertThat(ledger.balances("jane", USD, HOLD_ENDS.minusNanos(1)).pending())
          .isEqualTo(usd("7.00"));
    }

    @Test
    void journalOf_listsTheAffiliatesTransactionsOnce_inEveryCurrency() {
      ledger.accrue("a", accrual("jane", "7.00", "o"));
      ledger.accrue("b", accrual("joe", "1.00", "o"));
      ledger.adjust("c", new Adjustment("jane", Money.parse("EUR 3.00"), "bonus"));
      releaseAtHoldEnd("r");
      // One run pays jane in both currencies: two lines, one transaction.
      PayoutBatch batch = ledger.prepare("p", clock.instant(), PayoutRules.minimums(
          usd("1.00"), Money.parse("EUR 1.00")));
      assertThat(batch.lines()).extracting(PayoutLine::affiliateId).containsOnly("jane", "joe")
          .hasSize(3);

      assertThat(ledger.journalOf("jane")).extracting(Transaction::key)
          .containsExactly("a", "c", "r", "p");
      assertThat(ledger.journalOf("joe")).extracting(Transaction::key)
          .containsExactly("b", "r", "p");
      assertThat(ledger.journalOf("nobody")).isEmpty();
      assertThat(ledger.journalOf(Account.BUSINESS)).isEmpty();
      assertThat(filteringDefault(ledger).journalOf("jane")).isEqualTo(ledger.journalOf("jane"));
      assertThat(Ledger.restore(ledger.journal(), clock).journalOf("jane"))
          .isEqualTo(ledger.journalOf("jane"));
      assertThatThrownBy(() -> ledger.journalOf(" "))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("affiliateId");
    }

    @Test
    void statement_toTheLastInstant_includesWhatIsStampedAtIt() {
      ledger.accrue("a", accrual("jane", "7.00", "o"));
      clock.set(Instant.MAX);
      Transaction last = ledger.adjust("b", new Adjustment("jane", usd("1.00"), "bonus"));

      assertThat(ledger.statement("jane", Instant.MIN, Instant.MAX))
          .extracting(StatementLine::key).containsExactly("a", "b");
      assertThat(ledger.statement("jane", Instant.MIN, Instant.MAX.minusNanos(1)))
          .extracting(StatementLine::key).containsExactly("a");
      StatementLine bonus = ledger.statement("jane", Instant.MAX, Instant.MAX).get(0);
      assertThat(bonus.posting()).isEqualTo(last.posting());
      assertThat(bonus.description()).isEqualTo(last.posting().description());
    }

    /**
     * Regression: settling or failing part of a batch described every line id of the call, and
     * each affiliate's statement line repeated it, so that the statements of a batch of n lines
     * took n² characters, and none named the affiliate's own line.
     */
    @Test
    void statement_ofALargeBatchSettledInPart_namesTheAffiliatesOwnLine_briefly() {
      int affiliates = 2_000;
      for (int i = 1; i <= affiliates; i++) {
        ledger.adjust("bonus-" + i, new Adjustment("a" + i, usd("60.00"), "bonus"));
      }
      PayoutBatch batch = ledger.prepare("may", clock.instant(),
          PayoutRules.minimums(usd("50.00")));
      Set<String> paid = new java.util.HashSet<>();
      batch.lines().forEach(line -> paid.add(line.id()));
      PayoutLine bounced = batch.lines().get(0);
      paid.remove(bounced.id());
      Transaction settled = ledger.settle("may/paid", "may", paid);
      Transaction failed = ledger.fail("may/bounced", "may", Set.of(bounced.id()), "bounced");

      String seq = Long.toString(batch.sequence());
      assertThat(settled.posting().description()).isEqualTo("settlement of 1,999 lines [" + seq
          + "-10, " + seq + "-100, " + seq + "-1000 and 1,996 more] of payout batch 'may'");
      assertThat(failed.posting().description())
          .isEqualTo("failure of lines [" + seq + "-1] of payout batch 'may': bounced");
      PayoutLine last = batch.lines().get(affiliates - 1);
      List<StatementLine> statement =
          ledger.statement(last.affiliateId(), Instant.MIN, Instant.MAX);
      String run = "line '" + last.id() + "' of payout run as of " + clock.instant()
          + " with minimums [USD 50.00]";
      String settlement = "settlement of line '" + last.id() + "' of payout batch 'may'";
      // Out of payable and into clearing, then out of clearing and into paid.
      assertThat(statement).extracting(StatementLine::entryDescription).containsExactly(
          "adjustment of USD 60.00 for '" + last.affiliateId() + "': bonus", run, run,
          settlement, settlement);
      assertThat(ledger.statement(bounced.affiliateId(), Instant.MIN, Instant.MAX))
          .extracting(StatementLine::entryDescription).endsWith(
              "failure of line '" + bounced.id() + "' of payout batch 'may': bounced",
              "failure of line '" + bounced.id() + "' of payout batch 'may': bounced");
      // The journal keeps every line id, and a restored ledger's statements read the same.
      Ledger restored = Ledger.restore(JournalJson.read(
          new StringReader(JournalJson.toJsonLines(ledger.journal()))), clock);
      assertThat(restored.journal()).isEqualTo(ledger.journal());
      assertThat(restored.statement(last.affiliateId(), Instant.MIN, Instant.MAX))
          .isEqualTo(statement);
    }

    @Test
    void itemsOfOrder_listsTheOrdersItemsAsTheyStand_inTheOrderAccrued() {
      ledger.accrue("o-1/jane", accrual("jane", "7.00", "o-1"));
      ledger.accrue("o-2/joe", accrual("joe", "1.00", "o-2"));
      ledger.accrue("o-1/joe", accrual("joe", "0.70", "o-1"));
      ledger.accrue("o-1/ann", accrual("ann", "0.35", "o-1"));
      ledger.reverse("refund", Reversal.full("o-1/joe", ReversalKind.REFUND, "returned"));

      List<PendingItem> items = ledger.itemsOfOrder("o-1");

      assertThat(items).extracting(PendingItem::key)
          .containsExactly("o-1/jane", "o-1/joe", "o-1/ann");
      assertThat(items.get(1).status()).isEqualTo(ItemStatus.REVERSED);
      assertThat(ledger.itemsOfOrder("o-2")).extracting(PendingItem::key)
          .containsExactly("o-2/joe");
      assertThat(ledger.itemsOfOrder("o-3")).isEmpty();
      assertThat(filteringDefault(ledger).itemsOfOrder("o-1")).isEqualTo(items);
      assertThat(Ledger.restore(ledger.journal(), clock).itemsOfOrder("o-1")).isEqualTo(items);
      // Accrued after the ledger was first asked, an item joins its order too.
      ledger.accrue("o-1/bob", accrual("bob", "0.10", "o-1"));
      assertThat(ledger.itemsOfOrder("o-1")).extracting(PendingItem::key)
          .containsExactly("o-1/jane", "o-1/joe", "o-1/ann", "o-1/bob");
      // Many under one id, as a subscription's charges might be: each joins in order.
      for (int i = 0; i < 20_000; i++) {
        ledger.accrue("sub/" + i, accrual("jane", "0.01", "sub"));
      }
      List<PendingItem> charges = ledger.itemsOfOrder("sub");
      assertThat(charges).hasSize(20_000);
      assertThat(charges.get(19_999).key()).isEqualTo("sub/19999");
    }

    /** A ledger that answers {@link Ledger#journalOf} with the interface's default method. */
    private static Ledger filteringDefault(Ledger real) {
      return (Ledger) java.lang.reflect.Proxy.newProxyInstance(Ledger.class.getClassLoader(),
          new Class<?>[] {Ledger.class}, (proxy, method, args) -> method.isDefault()
              ? java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args)
              : method.invoke(real, args));
    }

    @Test
    void lastTransaction_isTheLatestPosting_orEmptyForAnEmptyJournal() {
      assertThat(ledger.lastTransaction()).isEmpty();
      ledger.accrue("a", accrual("jane", "1.00", "o"));
      Transaction adjusted = ledger.adjust("b", new Adjustment("jane", usd("2.00"), "bonus"));
      assertThat(ledger.lastTransaction()).contains(adjusted);
      ledger.accrue("a", accrual("jane", "1.00", "o"));        // a replay posts nothing
      assertThat(ledger.lastTransaction()).contains(adjusted);
      assertThat(Ledger.restore(ledger.journal(), clock).lastTransaction()).contains(adjusted);
    }

    @Test
    void clockGoingBack_neverStampsATransactionBeforeTheLastOne() {
      ledger.accrue("a", accrual("jane", "1.00", "o"));
      clock.set(SALE.minusSeconds(3600));
      Transaction later = ledger.adjust("b", new Adjustment("jane", usd("1.00"), "bonus"));
      assertThat(later.postedAt()).isEqualTo(SALE);
    }
  }

  @Nested
  class Idempotency {

    @Test
    void sameKeySameContent_returnsTheOriginal_andChangesNothing() {
      Transaction first = ledger.accrue("k", accrual("jane", "5.00", "o"));
      clock.advance(Duration.ofHours(1));
      Transaction again = ledger.accrue("k", accrual("jane", "5.00", "o"));
      assertThat(again).isEqualTo(first);
      assertThat(ledger.journal()).hasSize(1);
      assertThat(ledger.balances("jane", USD).pending()).isEqualTo(usd("5.00"));
    }

    @Test
    void sameKeyDifferentContent_throwsAConflictNamingTheKey() {
      ledger.accrue("k", accrual("jane", "5.00", "o"));
      assertRejectedWithoutChange(() -> ledger.accrue("k", accrual("jane", "6.00", "o")),
          IdempotencyConflictException.class,
          "idempotency key already used for a different posting: 'k' (recorded: accrual of USD 5.00"
              + " for 'jane' on order 'o' held until 2026-03-31T10:00:00Z; requested: accrual of USD"
              + " 6.00 for 'jane' on order 'o' held until 2026-03-31T10:00:00Z)");
      assertRejectedWithoutChange(() -> ledger.voidItem("k", "k", "fraud"),
          IdempotencyConflictException.class,
          "idempotency key already used for a different posting: 'k' (recorded: accrual of USD 5.00"
              + " for 'jane' on order 'o' held until 2026-03-31T10:00:00Z; requested: void of item"
              + " 'k': fraud)");
    }

    @Test
    void replayedRelease_returnsTheOriginal_evenAfterMoreHoldsEnded() {
      ledger.accrue("a", accrual("jane", "5.00", "o-1"));
      releaseAtHoldEnd("release");
      ledger.accrue("b", accrual("jane", "2.00", "o-2"));
      Transaction replay = ledger.release("release", HOLD_ENDS);
      assertThat(replay.sequence()).isEqualTo(2);
      assertThat(ledger.balances("jane", USD)).isEqualTo(balances("2.00", "5.00", "0.00", "0.00"));
    }

    @Test
    void replayedPrepare_returnsTheBatchAsPrepared() {
      ledger.adjust("a", new Adjustment("jane", usd("50.00"), "bonus"));
      PayoutRules rules = PayoutRules.minimums(usd("1.00"));
      PayoutBatch batch = ledger.prepare("p", SALE, rules);
      ledger.settle("s", "p");
      assertThat(ledger.prepare("p", SALE, rules)).isEqualTo(batch);
      assertThat(ledger.batch("p")).contains(batch);
    }

    @Test
    void replayOfARejectedPosting_isStillRejected_andNeverBindsTheKey() {
      ledger.accrue("a", accrual("jane", "5.00", "o"));
      Reversal tooMuch = Reversal.partial("a", usd("6.00"), ReversalKind.REFUND, "x");
      assertThatThrownBy(() -> ledger.reverse("r", tooMuch)).isInstanceOf(ExcessAmountException.class);
      assertThat(ledger.transaction("r")).isEmpty();
      ledger.reverse("r", Reversal.partial("a", usd("5.00"), ReversalKind.REFUND, "x"));
      assertThat(ledger.item("a").orElseThrow().status()).isEqualTo(ItemStatus.REVERSED);
    }
  }

  @Nested
  class BadInput {

    @Test
    void reverse_unknownItem_namesTheItem() {
      assertRejectedWithoutChange(
          () -> ledger.reverse("r", Reversal.full("nope", ReversalKind.REFUND, "x")),
          IllegalArgumentException.class, "pending item is unknown: 'nope'");
    }

    @Test
    void reverse_moreThanAccrued_namesTheItemAndBothAmounts() {
      ledger.accrue("order-1/jane", accrual("jane", "5.00", "order-1"));
      assertRejectedWithoutChange(() -> ledger.reverse("r", Reversal.partial("order-1/jane",
              usd("7.00"), ReversalKind.REFUND, "x")),
          ExcessAmountException.class,
          "reversal exceeds the outstanding amount of item 'order-1/jane': USD 7.00 > USD 5.00");
    }

    @Test
    void reverse_moreThanRemainsAfterAPartialReversal_namesWhatRemains() {
      ledger.accrue("a", accrual("jane", "5.00", "o"));
      ledger.reverse("r1", Reversal.partial("a", usd("3.00"), ReversalKind.REFUND, "x"));
      ExcessAmountException e = org.junit.jupiter.api.Assertions.assertThrows(
          ExcessAmountException.class,
          () -> ledger.reverse("r2", Reversal.partial("a", usd("2.01"), ReversalKind.REFUND, "x")));
      assertThat(e.reference()).isEqualTo("a");
      assertThat(e.requested()).isEqualTo(usd("2.01"));
      assertThat(e.available()).isEqualTo(usd("2.00"));
    }

    @Test
    void reverse_otherCurrency_isAMismatch() {
      ledger.accrue("a", accrual("jane", "5.00", "o"));
      assertRejectedWithoutChange(() -> ledger.reverse("r", Reversal.partial("a",
              Money.parse("EUR 1.00"), ReversalKind.REFUND, "x")),
          CurrencyMismatchException.class,
          "reversal amount must be in USD, the currency of item 'a': EUR 1.00");
      // A custom unit that overrides USD's scale prints as USD: the message gives the scales.
      assertRejectedWithoutChange(() -> ledger.reverse("r", Reversal.partial("a",
              Money.ofMinor(1_000, CurrencyUnit.custom("USD", 3)), ReversalKind.REFUND, "x")),
          CurrencyMismatchException.class,
          "reversal amount must be in USD, the currency of item 'a': USD 1.000 (scale 3, not 2)");
    }

    @Test
    void anotherUnitOfACodeTheLedgerKeeps_isAMismatch_wherePostingsStart() {
      CurrencyUnit usd3 = CurrencyUnit.custom("USD", 3);
      ledger.accrue("a", accrual("jane", "5.00", "o"));

      assertRejectedWithoutChange(() -> ledger.accrue("b", new Accrual("joe",
              Money.ofMinor(5_000, usd3), HOLD_ENDS, "o2", "q", "x")),
          CurrencyMismatchException.class, "accrual amount must be in the USD this ledger keeps,"
              + " one unit per currency code: USD 5.000 (scale 3, not 2)");
      assertRejectedWithoutChange(() -> ledger.adjust("bonus", new Adjustment("jane",
              Money.ofMinor(25_000, usd3), "bonus")),
          CurrencyMismatchException.class, "adjustment amount must be in the USD this ledger"
              + " keeps, one unit per currency code: USD 25.000 (scale 3, not 2)");
      assertRejectedWithoutChange(() -> ledger.prepare("run", SALE,
              PayoutRules.minimums(Money.ofMinor(50_000, usd3))),
          CurrencyMismatchException.class, "payout minimum must be in the USD this ledger"
              + " keeps, one unit per currency code: USD 50.000 (scale 3, not 2)");
    }

    @Test
    void queriesInAnotherUnitOfACodeTheLedgerKeeps_areAMismatch_notZeros() {
      CurrencyUnit usd3 = CurrencyUnit.custom("USD", 3);
      ledger.accrue("a", accrual("jane", "5.00", "o"));
      String message = "currency must be the USD this ledger keeps, one unit per currency code:"
          + " USD (scale 3, not 2)";

      assertThatThrownBy(() -> ledger.balances("jane", usd3))
          .isInstanceOf(CurrencyMismatchException.class).hasMessage(message);
      assertThatThrownBy(() -> ledger.balances("jane", usd3, SALE))
          .isInstanceOf(CurrencyMismatchException.class).hasMessage(message);
      assertThatThrownBy(() -> ledger.balance(Account.of(AccountKind.PENDING, "jane", usd3)))
          .isInstanceOf(CurrencyMismatchException.class).hasMessage(message);
      assertThatThrownBy(() -> ledger.balance(Account.of(AccountKind.PENDING, "jane", usd3), SALE))
          .isInstanceOf(CurrencyMismatchException.class).hasMessage(message);
      assertThatThrownBy(() -> ledger.totals(usd3))
          .isInstanceOf(CurrencyMismatchException.class).hasMessage(message);
      // A code the ledger does not keep reads zeros, as for an affiliate it has not seen.
      assertThat(ledger.balances("jane", CurrencyUnit.of("EUR")).pending().isZero()).isTrue();
    }

    @Test
    void payoutMinimums_nameTheLedgersUnits_andOneUnitPerCode() {
      CurrencyUnit usd3 = CurrencyUnit.custom("USD", 3);
      assertThatThrownBy(() -> PayoutRules.minimums(usd("50.00"), Money.ofMinor(50_000, usd3)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("payout minimums name USD twice: USD 50.00 and USD 50.000"
              + " (scale 3, not 2)");
      ledger.prepare("run", SALE, PayoutRules.minimums(Money.ofMinor(50_000, usd3)));

      // The run's journal names USD of scale 3, so ISO USD may not join it.
      assertRejectedWithoutChange(() -> ledger.accrue("a", accrual("jane", "5.00", "o")),
          CurrencyMismatchException.class, "accrual amount must be in the USD this ledger keeps,"
              + " one unit per currency code: USD 5.00 (scale 2, not 3)");
    }

    @Test
    void aCustomUnitOfAnIsoCode_isKeptWhenItIsTheLedgersOnly() {
      CurrencyUnit usd3 = CurrencyUnit.custom("USD", 3);
      ledger.accrue("b", new Accrual("joe", Money.ofMinor(5_000, usd3), HOLD_ENDS, "o2", "q", "x"));

      assertThat(ledger.balances("joe", usd3).pending()).isEqualTo(Money.ofMinor(5_000, usd3));
      assertThatThrownBy(() -> ledger.accrue("a", accrual("jane", "5.00", "o")))
          .isInstanceOf(CurrencyMismatchException.class)
          .hasMessageEndingWith("USD 5.00 (scale 2, not 3)");
    }

    @Test
    void reverse_voidedOrFullyReversedItem_isAlreadyResolved() {
      ledger.accrue("a", accrual("jane", "5.00", "o"));
      ledger.accrue("b", accrual("jane", "5.00", "o"));
      ledger.voidItem("void-a", "a", "fraud");
      ledger.reverse("rev-b", Reversal.full("b", ReversalKind.REFUND, "returned"));
      assertRejectedWithoutChange(() -> ledger.reverse("r", Reversal.full("a", ReversalKind.REFUND,
          "x")), AlreadyResolvedException.class, "pending item is already voided: 'a'");
      assertRejectedWithoutChange(() -> ledger.reverse("r", Reversal.full("b", ReversalKind.REFUND,
          "x")), AlreadyResolvedException.class, "pending item is already reversed in full: 'b'");
    }

    @Test
    void voidItem_resolvedItems_areRejected() {
      ledger.accrue("a", accrual("jane", "5.00", "o"));
      ledger.accrue("b", accrual("jane", "5.00", "o"));
      ledger.voidItem("void-a", "a", "fraud");
      assertRejectedWithoutChange(() -> ledger.voidItem("again", "a", "fraud"),
          AlreadyResolvedException.class, "pending item is already voided: 'a'");
      releaseAtHoldEnd("release");
      assertRejectedWithoutChange(() -> ledger.voidItem("late", "b", "fraud"),
          AlreadyResolvedException.class, "pending item is already released: 'b'");
      assertRejectedWithoutChange(() -> ledger.voidItem("unknown", "c", "fraud"),
          IllegalArgumentException.class, "pending item is unknown: 'c'");
    }

    @Test
    void voidItem_heldAmountReversedButSomeStillOutstanding_saysWhatIsOutstanding() {
      ledger.accrue("a", accrual("jane", "5.00", "o"));
      ledger.reverse("cb", Reversal.partial("a", usd("2.00"), ReversalKind.CHARGEBACK, "cb"));
      ledger.reverse("refund", Reversal.partial("a", usd("3.00"), ReversalKind.REFUND, "returned"));
      releaseAtHoldEnd("release");
      ledger.reinstate("won", "cb", "dispute won");          // the hold has passed: payable
      assertThat(ledger.item("a").orElseThrow().outstanding()).isEqualTo(usd("2.00"));
      assertRejectedWithoutChange(() -> ledger.voidItem("void", "a", "fraud"),
          AlreadyResolvedException.class,
          "pending item is already reversed while held, with USD 2.00 outstanding: 'a'");
    }

    @Test
    void reinstate_refund_orUnknown_isRejected() {
      ledger.accrue("a", accrual("jane", "5.00", "o"));
      ledger.reverse("refund", Reversal.full("a", ReversalKind.REFUND, "returned"));
      assertRejectedWithoutChange(() -> ledger.reinstate("r", "refund", "x"),
          IllegalStateException.class, "only a chargeback can be reinstated, not a refund: 'refund'");
      assertRejectedWithoutChange(() -> ledger.reinstate("r", "nope", "x"),
          IllegalArgumentException.class, "reversal is unknown: 'nope'");
    }

    @Test
    void release_inTheFuture_isRejected() {
      ledger.accrue("a", accrual("jane", "5.00", "o"));
      assertRejectedWithoutChange(() -> ledger.release("r", HOLD_ENDS),
          IllegalArgumentException.class,
          "release time must not be after now, 2026-03-01T10:00:00Z: 2026-03-31T10:00:00Z");
    }

    @Test
    void release_afterTheClockWentBack_isBoundedByTheLatestPosting() {
      clock.set(SALE.plusSeconds(3600));
      ledger.accrue("a", accrual("jane", "5.00", "o"));
      clock.set(SALE);
      // The release is stamped with the accrual's instant, an hour after the clock's.
      Transaction release = ledger.release("r", SALE.plusSeconds(3600));
      assertThat(release.postedAt()).isEqualTo(SALE.plusSeconds(3600));
      assertRejectedWithoutChange(() -> ledger.release("r2", SALE.plusSeconds(3601)),
          IllegalArgumentException.class, "release time must not be after now, "
              + "2026-03-01T11:00:00Z: 2026-03-01T11:00:01Z");
    }

    @Test
    void prepare_cutOffBeforeTheLatestPosting_orInTheFuture_isRejected() {
      ledger.adjust("a", new Adjustment("jane", usd("50.00"), "bonus"));
      PayoutRules rules = PayoutRules.minimums(usd("1.00"));
      assertRejectedWithoutChange(() -> ledger.prepare("p", SALE.minusSeconds(1), rules),
          IllegalArgumentException.class, "payout cut-off must not precede the latest posting, at"
              + " 2026-03-01T10:00:00Z: 2026-03-01T09:59:59Z");
      assertRejectedWithoutChange(() -> ledger.prepare("p", SALE.plusSeconds(1), rules),
          IllegalArgumentException.class,
          "payout cut-off must not be after now, 2026-03-01T10:00:00Z: 2026-03-01T10:00:01Z");
    }

    @Test
    void settleAndFail_unknownBatch_foreignLine_orResolvedLine_areRejected() {
      ledger.adjust("a", new Adjustment("jane", usd("50.00"), "bonus"));
      ledger.prepare("p", SALE, PayoutRules.minimums(usd("1.00")));
      assertRejectedWithoutChange(() -> ledger.settle("s", "nope"), IllegalArgumentException.class,
          "payout batch is unknown: 'nope'");
      assertRejectedWithoutChange(() -> ledger.settle("s", "p", Set.of("9-9")),
          IllegalArgumentException.class, "payout line is not in batch 'p': '9-9'");
      assertRejectedWithoutChange(() -> ledger.settle("s", "p", Set.of()),
          IllegalArgumentException.class, "line ids must not be empty");
      ledger.settle("s", "p", Set.of("2-1"));
      assertRejectedWithoutChange(() -> ledger.fail("f", "p", Set.of("2-1"), "bounced"),
          AlreadyResolvedException.class, "payout line is already settled: '2-1'");
      assertRejectedWithoutChange(() -> ledger.fail("f", "p", "bounced"),
          AlreadyResolvedException.class, "payout batch is already settled or failed: 'p'");
    }

    @Test
    void fail_noLineIds_isRejected_ratherThanFailingTheWholeBatch() {
      ledger.adjust("a", new Adjustment("jane", usd("50.00"), "bonus"));
      ledger.prepare("p", SALE, PayoutRules.minimums(usd("1.00")));
      assertRejectedWithoutChange(() -> ledger.fail("f", "p", Set.of(), "bounced"),
          IllegalArgumentException.class, "line ids must not be empty");
      assertThat(ledger.lineStatus("2-1")).contains(PayoutLineStatus.IN_CLEARING);
      assertThat(ledger.transaction("f")).isEmpty();
    }

    @Test
    void statement_endBeforeItsStart_isRejected() {
      ledger.accrue("a", accrual("jane", "5.00", "o"));
      assertThatThrownBy(() -> ledger.statement("jane", SALE, SALE.minusNanos(1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("statement end must not precede its start, " + SALE + ": "
              + SALE.minusNanos(1));
      assertThat(ledger.statement("jane", SALE, SALE)).isEmpty();
    }

    @Test
    void lineIds_thatOnlyParseLikeALine_areUnknown() {
      ledger.adjust("a", new Adjustment("jane", usd("50.00"), "bonus"));
      ledger.prepare("p", SALE, PayoutRules.minimums(usd("1.00")));
      assertThat(ledger.lineStatus("2-1")).contains(PayoutLineStatus.IN_CLEARING);
      for (String id : List.of("02-1", "+2-1", "2-01", "2-0", "2-2", "1-1", "2-", "-1", "2", "x-y",
          "99999999999999999999-1")) {
        assertThat(ledger.lineStatus(id)).as(id).isEmpty();
      }
      assertRejectedWithoutChange(() -> ledger.settle("s", "p", Set.of("02-1")),
          IllegalArgumentException.class, "payout line is not in batch 'p': '02-1'");
    }

    @Test
    void accrual_negativeOrZero_isRejectedBeforeTheLedgerSeesIt() {
      assertThatThrownBy(() -> accrual("jane", "-1.00", "o"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("accrual amount must be positive: USD -1.00");
      assertThatThrownBy(() -> accrual("jane", "0.00", "o"))
          .hasMessage("accrual amount must be positive: USD 0.00");
    }

    @Test
    void accrue_overflowingABalance_isRejectedWithoutChange() {
      ledger.accrue("a", new Accrual("jane", Money.ofMinor(Long.MAX_VALUE, USD), HOLD_ENDS, "o",
          "q", "x"));
      assertThatThrownBy(() -> ledger.accrue("b", accrual("jane", "0.01", "o")))
          .isInstanceOf(ArithmeticException.class)
          .hasMessage("balance of PENDING 'jane' USD would overflow: USD 92233720368547758.07"
              + " + USD 0.01");
      assertThat(ledger.journal()).hasSize(1);
      assertThat(ledger.item("b")).isEmpty();
      assertThat(ledger.balances("jane", USD).pending()).isEqualTo(Money.ofMinor(Long.MAX_VALUE, USD));
    }

    @Test
    void accrue_overflowingTheTotalOfAKind_isRejectedWithoutChange_soTotalsAlwaysAddUp() {
      ledger.accrue("a", new Accrual("jane", Money.ofMinor(Long.MAX_VALUE, USD), HOLD_ENDS, "o",
          "q", "x"));
      // Each balance would fit, jane's and joe's pending and the expense at Long.MIN_VALUE, but
      // the pending accounts together would not.
      assertRejectedWithoutChange(() -> ledger.accrue("b", accrual("joe", "0.01", "o")),
          ArithmeticException.class,
          "total of PENDING accounts in USD would overflow: USD 92233720368547758.07 + USD 0.01");
      assertThat(ledger.totals(USD)).containsEntry(AccountKind.PENDING,
          Money.ofMinor(Long.MAX_VALUE, USD));
      assertThat(Money.total(USD, ledger.totals(USD).values())).isEqualTo(usd("0.00"));
    }

    @Test
    void accrue_overflowingTheTotalOfAKind_isRejected_afterAPostingInAnotherCurrency() {
      ledger.accrue("a", new Accrual("jane", Money.ofMinor(Long.MAX_VALUE, USD), HOLD_ENDS, "o",
          "q", "x"));
      ledger.accrue("e", new Accrual("bob", Money.parse("EUR 1.00"), HOLD_ENDS, "o", "q", "x"));
      assertRejectedWithoutChange(() -> ledger.accrue("b", accrual("joe", "0.01", "o")),
          ArithmeticException.class,
          "total of PENDING accounts in USD would overflow: USD 92233720368547758.07 + USD 0.01");
      assertThat(ledger.totals(EUR)).containsEntry(AccountKind.PENDING, Money.parse("EUR 1.00"));
    }

    /**
     * Regression: the expense could reach Long.MIN_VALUE cents, so the affiliates were owed one
     * cent more than any balance holds, which no release or statement could then show.
     */
    @Test
    void posting_takingABalanceToLongMinValue_isRejected_soEveryBalanceHasANegation() {
      ledger.accrue("a", new Accrual("jane", Money.ofMinor(Long.MAX_VALUE, USD), HOLD_ENDS, "o",
          "q", "x"));

      assertRejectedWithoutChange(() -> ledger.adjust("b", new Adjustment("joe", usd("0.01"),
          "bonus")),
          ArithmeticException.class, "balance of COMMISSION_EXPENSE 'business' USD would overflow:"
              + " USD -92233720368547758.07 + USD -0.01");
      assertThat(ledger.totals(USD)).containsEntry(AccountKind.COMMISSION_EXPENSE,
          Money.ofMinor(-Long.MAX_VALUE, USD));
    }

    /**
     * Accrues an item of 4 × 10<sup>18</sup> minor units, then reverses it in full and wins it
     * back twice, so that it has reversed twice that in total.
     *
     * @return the item's amount in minor units
     */
    private long reversedTwiceAndWonBack() {
      long big = 4_000_000_000_000_000_000L;
      ledger.accrue("item", new Accrual("jane", Money.ofMinor(big, USD), HOLD_ENDS, "o", "q",
          "x"));
      for (int round = 1; round <= 2; round++) {
        ledger.reverse("cb" + round, Reversal.full("item", ReversalKind.CHARGEBACK, "cb"));
        ledger.reinstate("won" + round, "cb" + round, "won");
      }
      return big;
    }

    /**
     * Regression: each chargeback won back adds to both the item's reversed and reinstated
     * totals, which wrapped past Long.MAX_VALUE while every balance stayed in range; the item then
     * reported negative totals, and its outstanding amount threw.
     */
    @Test
    void reverse_pastWhatAnItemCanCount_isRejectedWithoutChange() {
      long big = reversedTwiceAndWonBack();
      PendingItem before = ledger.item("item").orElseThrow();

      assertRejectedWithoutChange(
          () -> ledger.reverse("cb3", Reversal.full("item", ReversalKind.CHARGEBACK, "cb")),
          ArithmeticException.class, "item 'item' would have reversed more than "
              + "9223372036854775807 minor units in total: USD 80000000000000000.00"
              + " + USD 40000000000000000.00");
      assertThat(ledger.item("item")).contains(before);
      assertThat(before.reversed()).isEqualTo(Money.ofMinor(2 * big, USD));
      assertThat(before.outstanding()).isEqualTo(Money.ofMinor(big, USD));
      assertThat(ledger.transaction("cb3")).isEmpty();
    }

    @Test
    void reverse_upToExactlyWhatAnItemCanCount_isAccepted() {
      long big = reversedTwiceAndWonBack();
      Money rest = Money.ofMinor(Long.MAX_VALUE - 2 * big, USD);

      ledger.reverse("cb3", Reversal.partial("item", rest, ReversalKind.CHARGEBACK, "cb"));

      assertThat(ledger.item("item").orElseThrow().reversed())
          .isEqualTo(Money.ofMinor(Long.MAX_VALUE, USD));
      assertThat(ledger.balances("jane", USD).pending())
          .isEqualTo(Money.ofMinor(big, USD).minus(rest));
    }

    @Test
    void prepare_runWhoseClearingTotalWouldOverflow_namesThatTotal_andChangesNothing() {
      long huge = Long.MAX_VALUE - 1;
      ledger.adjust("z", new Adjustment("zed", Money.ofMinor(-huge, USD), "debt"));
      ledger.adjust("j", new Adjustment("jane", Money.ofMinor(huge, USD), "bonus"));
      ledger.adjust("o", new Adjustment("joe", Money.ofMinor(huge - 10_000, USD), "bonus"));
      ledger.adjust("s", new Adjustment("sam", usd("50.00"), "bonus"));

      // Every balance and the payable total (to zed's debt) would fit, but the clearing total
      // would be 2 * (2^63 - 2) - 10,000 + 5,000 = 18,446,744,073,709,546,612 minor units.
      assertRejectedWithoutChange(
          () -> ledger.prepare("p", SALE, PayoutRules.minimums(usd("1.00"))),
          ArithmeticException.class, "total of PAYOUT_CLEARING accounts in USD would overflow:"
              + " USD 0.00 + USD 184467440737095466.12");
      // A run of joe's and sam's balances fits: 2^63 - 2 - 10,000 + 5,000 minor units.
      PayoutBatch batch = ledger.prepare("p", SALE, PayoutRules.minimums(usd("1.00"))
          .onlyAffiliates(Set.of("sam", "joe")));
      assertThat(batch.lines()).extracting(PayoutLine::affiliateId).containsExactly("joe", "sam");
      assertThat(ledger.totals(USD)).containsEntry(AccountKind.PAYOUT_CLEARING,
          Money.ofMinor(Long.MAX_VALUE - 1 - 5_000, USD));
    }

    @Test
    void restore_tamperedEntries_isRejectedNamingTheTransaction() {
      ledger.accrue("a", accrual("jane", "5.00", "o"));
      Transaction original = ledger.journal().get(0);
      Transaction tampered = new Transaction(1, "a", original.postedAt(), original.posting(),
          List.of(Entry.of(Account.of(AccountKind.PAYABLE, "jane", USD), usd("5.00"), "a"),
              Entry.of(Account.commissionExpense(USD), usd("-5.00"), "a")));
      assertThatThrownBy(() -> Ledger.restore(List.of(tampered), clock))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("journal is inconsistent at transaction 1 ('a'): entries differ"
              + " from those its posting books");
    }

    @Test
    void restore_nullTransaction_isNamedByItsIndex() {
      ledger.accrue("a", accrual("jane", "5.00", "o"));
      List<Transaction> journal = new ArrayList<>(ledger.journal());
      journal.add(null);
      assertThatThrownBy(() -> Ledger.restore(journal, clock))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("journal contains null at index 1");
    }

    @Test
    void restore_gapInTheSequence_isRejected() {
      ledger.accrue("a", accrual("jane", "5.00", "o"));
      ledger.accrue("b", accrual("jane", "5.00", "o"));
      assertThatThrownBy(() -> Ledger.restore(List.of(ledger.journal().get(1)), clock))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("journal is inconsistent at transaction 2 ('b'): sequence must be 1");
    }

    @Test
    void restore_namesTheFirstTransactionThatBreaksTheRules() {
      // Transaction 2 goes back in time; transaction 3 repeats a key. The first is named.
      ledger.accrue("k1", accrual("jane", "5.00", "o1"));
      Transaction first = ledger.journal().get(0);
      Transaction earlier = new Transaction(2, "k2", first.postedAt().minusSeconds(60),
          accrual("jane", "5.00", "o2"), first.entries());
      Transaction repeated = new Transaction(3, "k1", first.postedAt(), first.posting(),
          first.entries());
      assertThatThrownBy(() -> Ledger.restore(List.of(first, earlier, repeated), clock))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("journal is inconsistent at transaction 2 ('k2'): time must not precede the"
              + " transaction before, at " + first.postedAt());
    }
  }
}
