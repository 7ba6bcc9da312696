package dev.affiliatekit.program;

import static dev.affiliatekit.money.CurrencyUnit.USD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affiliatekit.attribution.AffiliateStatus;
import dev.affiliatekit.attribution.AttributionModel;
import dev.affiliatekit.attribution.AttributionPolicy;
import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.LineItem;
import dev.affiliatekit.commission.AffiliateProfile;
import dev.affiliatekit.commission.CommissionPlan;
import dev.affiliatekit.commission.CommissionRule;
import dev.affiliatekit.commission.Payout;
import dev.affiliatekit.commission.Period;
import dev.affiliatekit.commission.TierMode;
import dev.affiliatekit.ledger.AccountKind;
import dev.affiliatekit.ledger.Ledger;
import dev.affiliatekit.ledger.PayoutBatch;
import dev.affiliatekit.ledger.PayoutLine;
import dev.affiliatekit.ledger.PayoutRules;
import dev.affiliatekit.ledger.PendingItem;
import dev.affiliatekit.ledger.Release;
import dev.affiliatekit.ledger.ReversalKind;
import dev.affiliatekit.ledger.Transaction;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import dev.affiliatekit.program.FailingLedgerStore.Failure;
import dev.affiliatekit.program.FailingLedgerStore.StoreError;
import dev.affiliatekit.program.FailingLedgerStore.StoreFailure;
import dev.affiliatekit.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A ledger store that fails in the middle of an operation: a retry under the same key finishes
 * the operation as first planned, returns its whole outcome and tells each of its events once,
 * and no other operation on the same order or batch gets in between.
 *
 * <p>In every example mia and leo share an order of {@code USD 100.00} (linear model, 10%), so
 * each accrues {@code USD 5.00}, and mia's item comes first.
 */
class AffiliateProgramStoreFailureTest {

  static final Instant START = Instant.parse("2026-03-01T10:00:00Z");

  final TestClock clock = new TestClock(START);
  final FailingLedgerStore store = new FailingLedgerStore();
  final List<ProgramEvent> events = new ArrayList<>();
  final AffiliateProgram program = AffiliateProgram.builder()
      .plan(AffiliateProgramTest.TEN_PERCENT)
      .model(AttributionModel.linear())
      .ledger(Ledger.open(store, clock))
      .clock(clock)
      .payoutRules(PayoutRules.minimums(usd("1.00")))
      .listener(events::add)
      .build();

  static Money usd(String amount) {
    return Money.parse("USD " + amount);
  }

  /** Mia's click, then leo's a minute later, then the order o1 a minute after that. */
  @BeforeEach
  void recordOrder() {
    program.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");
    program.enroll(AffiliateProfile.of("leo"), "LEOSTYLE");
    program.recordClick("v1", "GLOWWITHMIA");
    clock.advance(Duration.ofMinutes(1));
    program.recordClick("v1", "LEOSTYLE");
    clock.advance(Duration.ofMinutes(1));
    program.recordConversion(Conversion.builder("o1", clock.instant(), usd("100.00"))
        .visitorId("v1")
        .lineItem(LineItem.of("serum", 1, usd("100.00")))
        .build());
    events.clear();
  }

  /** Runs a call that the store fails. */
  static void assertStoreFails(Executable call) {
    assertThatThrownBy(call::execute).isInstanceOf(StoreFailure.class);
  }

  /** Asserts that the call is refused for the unfinished operation and changes nothing. */
  void assertRefused(Executable call, String message) {
    List<Transaction> journal = program.ledger().journal();
    int heard = events.size();
    assertThatThrownBy(call::execute).isInstanceOf(UnfinishedOperationException.class)
        .hasMessage(message);
    assertThat(program.ledger().journal()).isEqualTo(journal);
    assertThat(events).hasSize(heard);
  }

  /** {@return what an item has lost to reversals, net of reinstatements} */
  Money lost(String itemKey) {
    PendingItem item = program.ledger().item(itemKey).orElseThrow();
    return item.reversed().minus(item.reinstated());
  }

  ProgramEvent.CommissionReversed reversed(String key, String affiliateId, String amount,
      String reason) {
    return new ProgramEvent.CommissionReversed(key, affiliateId, "o1", "order:o1/" + affiliateId,
        usd(amount), ReversalKind.REFUND, reason);
  }

  @Nested
  class Refunds {

    /** Regression: the retry returned only leo's reversal, and mia's was never told. */
    @ParameterizedTest
    @EnumSource(value = Failure.class, names = {"NOTHING_KEPT", "KEPT_UNCONFIRMED"})
    void refund_storeFailsOnSecondReversal_retryReturnsWholeOutcomeAndTellsEachOnce(
        Failure failure) {
      Refund refund = Refund.partial("o1", "r1", usd("50.00"), "returned");
      store.failOn(key -> key.equals("refund:o1:r1/order:o1/leo"), failure);
      assertStoreFails(() -> program.refund(refund));
      assertThat(events).isEmpty();

      RefundOutcome outcome = program.refund(refund);

      assertThat(outcome.reversed()).isEqualTo(Map.of("mia", usd("2.50"), "leo", usd("2.50")));
      assertThat(outcome.transactions()).extracting(Transaction::key).containsExactly(
          "refund:o1:r1/order:o1/mia", "refund:o1:r1/order:o1/leo");
      assertThat(events).containsExactly(
          reversed("refund:o1:r1", "mia", "2.50", "returned"),
          reversed("refund:o1:r1", "leo", "2.50", "returned"));
      assertThat(program.refund(refund)).isEqualTo(outcome);
      assertThat(events).hasSize(2);
      assertThat(program.ledger().balances("mia", USD).pending()).isEqualTo(usd("2.50"));
      assertThat(program.ledger().balances("leo", USD).pending()).isEqualTo(usd("2.50"));
    }

    /** Regression: the retry of r2 was refused for ever, and each lost 1.50 + 0.50 only. */
    @Test
    void refund_anotherRefundBeforeTheRetry_isRefusedUntilTheRetryFinishes() {
      Refund big = Refund.partial("o1", "r2", usd("30.00"), "returned");
      Refund small = Refund.partial("o1", "r1", usd("10.00"), "returned");
      store.failOn(key -> key.equals("refund:o1:r2/order:o1/leo"), Failure.NOTHING_KEPT);
      assertStoreFails(() -> program.refund(big));

      assertRefused(() -> program.refund(small),
          "order 'o1' has an unfinished operation to retry first: 'refund:o1:r2'");
      assertThat(program.refund(big).reversed())
          .isEqualTo(Map.of("mia", usd("1.50"), "leo", usd("1.50")));
      // USD 40.00 refunded in all: each has lost 5.00 × 40 / 100 = 2.00.
      assertThat(program.refund(small).reversed())
          .isEqualTo(Map.of("mia", usd("0.50"), "leo", usd("0.50")));
      assertThat(lost("order:o1/mia")).isEqualTo(usd("2.00"));
      assertThat(lost("order:o1/leo")).isEqualTo(usd("2.00"));
    }

    /** Regression: mia's 0.50 was counted twice, so she kept it after a full refund. */
    @Test
    void refund_fullRefundAfterAnInterruptedRefund_takesBackEverything() {
      Refund first = Refund.partial("o1", "r0", usd("10.00"), "returned");
      Refund second = Refund.partial("o1", "r1", usd("20.00"), "returned");
      store.failOn(key -> key.equals("refund:o1:r0/order:o1/leo"), Failure.NOTHING_KEPT);
      assertStoreFails(() -> program.refund(first));
      assertRefused(() -> program.refund(second),
          "order 'o1' has an unfinished operation to retry first: 'refund:o1:r0'");

      assertThat(program.refund(first).reversed())
          .isEqualTo(Map.of("mia", usd("0.50"), "leo", usd("0.50")));
      assertThat(program.refund(second).reversed())
          .isEqualTo(Map.of("mia", usd("1.00"), "leo", usd("1.00")));
      RefundOutcome rest = program.refund(Refund.full("o1", "r9", "cancelled"));

      assertThat(rest.reversed()).isEqualTo(Map.of("mia", usd("3.50"), "leo", usd("3.50")));
      assertThat(rest.shortfalls()).isEmpty();
      assertThat(program.ledger().balances("mia", USD).earned()).isEqualTo(usd("0.00"));
      assertThat(program.ledger().balances("leo", USD).earned()).isEqualTo(usd("0.00"));
    }

    @Test
    void refund_anotherRefundBeforeTheRetry_throwsWithTheOrderAndTheUnfinishedKey() {
      store.failOn(key -> key.equals("refund:o1:r2/order:o1/leo"), Failure.KEPT_UNCONFIRMED);
      assertStoreFails(
          () -> program.refund(Refund.partial("o1", "r2", usd("30.00"), "returned")));

      assertThatThrownBy(() -> program.refund(Refund.full("o1", "r1", "cancelled")))
          .isInstanceOfSatisfying(UnfinishedOperationException.class, refused -> {
            assertThat(refused.subject()).isEqualTo("order");
            assertThat(refused.subjectId()).isEqualTo("o1");
            assertThat(refused.key()).isEqualTo("refund:o1:r2");
          });
    }

    @Test
    void refund_longIds_theUnfinishedKeyIsTheRefundsKey_shortened() {
      String orderId = "o".repeat(200);
      program.recordConversion(Conversion.builder(orderId, clock.instant(), usd("100.00"))
          .visitorId("v1").build());
      Refund refund = Refund.partial(orderId, "rma-" + "9".repeat(60), usd("10.00"), "returned");
      store.failOn(key -> key.startsWith("refund:"), Failure.KEPT_UNCONFIRMED);
      assertStoreFails(() -> program.refund(refund));

      assertThatThrownBy(() -> program.refund(Refund.full(orderId, "r1", "cancelled")))
          .isInstanceOfSatisfying(UnfinishedOperationException.class,
              refused -> assertThat(refused.key()).isEqualTo(refund.key()).hasSize(255));
    }

    @Test
    void refund_otherRequestUnderTheUnfinishedKey_throwsAndChangesNothing() {
      store.failOn(key -> key.equals("refund:o1:r1/order:o1/leo"), Failure.NOTHING_KEPT);
      assertStoreFails(
          () -> program.refund(Refund.partial("o1", "r1", usd("50.00"), "returned")));
      List<Transaction> journal = program.ledger().journal();

      assertThatThrownBy(
          () -> program.refund(Refund.partial("o1", "r1", usd("60.00"), "returned")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("refund 'r1' of order 'o1' was begun with another request, which its"
              + " retry finishes first: recorded amount 'USD 50.00'; requested amount"
              + " 'USD 60.00'");
      assertThat(program.ledger().journal()).isEqualTo(journal);
      assertThat(events).isEmpty();
    }

    @Test
    void refund_storeFailsBeforeAnyReversal_blocksNothing() {
      Refund failed = Refund.partial("o1", "r1", usd("50.00"), "returned");
      store.failOn(key -> key.startsWith("refund:o1:r1/"), Failure.NOTHING_KEPT);
      assertStoreFails(() -> program.refund(failed));

      // Nothing of r1 reached the ledger, so r2 goes first and r1, retried, comes after it.
      assertThat(program.refund(Refund.partial("o1", "r2", usd("20.00"), "returned")).reversed())
          .isEqualTo(Map.of("mia", usd("1.00"), "leo", usd("1.00")));
      assertThat(program.refund(failed).reversed())
          .isEqualTo(Map.of("mia", usd("2.50"), "leo", usd("2.50")));
      assertThat(lost("order:o1/mia")).isEqualTo(usd("3.50"));
    }

    @Test
    void chargebackWon_whileARefundIsUnfinished_isRefusedThenCountsTheRefund() {
      program.refund(new Refund("o1", "cb1", Optional.of(usd("20.00")),
          ReversalKind.CHARGEBACK, "disputed"));
      Refund refund = Refund.partial("o1", "r1", usd("50.00"), "returned");
      store.failOn(key -> key.equals("refund:o1:r1/order:o1/leo"), Failure.KEPT_UNCONFIRMED);
      assertStoreFails(() -> program.refund(refund));

      assertRefused(() -> program.chargebackWon("o1", "cb1", "dispute won"),
          "order 'o1' has an unfinished operation to retry first: 'refund:o1:r1'");
      program.refund(refund);
      // USD 70.00 refunded, then 50.00 once the chargeback is won: 3.50 lost, then 2.50.
      assertThat(program.chargebackWon("o1", "cb1", "dispute won").reinstated())
          .isEqualTo(Map.of("mia", usd("1.00"), "leo", usd("1.00")));
      assertThat(lost("order:o1/leo")).isEqualTo(usd("2.50"));
    }
  }

  @Nested
  class ChargebackWins {

    /** Regression: the retry took mia's reinstatement back under '.../ahead'. */
    @ParameterizedTest
    @EnumSource(value = Failure.class, names = {"NOTHING_KEPT", "KEPT_UNCONFIRMED"})
    void chargebackWon_storeFailsOnSecondReinstatement_retryReinstatesEachOnce(Failure failure) {
      program.refund(Refund.chargeback("o1", "cb1", "disputed"));
      events.clear();
      store.failOn(key -> key.equals("chargeback-won:o1:cb1/order:o1/leo"), failure);
      assertStoreFails(() -> program.chargebackWon("o1", "cb1", "dispute won"));

      ChargebackWon won = program.chargebackWon("o1", "cb1", "dispute won");

      assertThat(won.reinstated()).isEqualTo(Map.of("mia", usd("5.00"), "leo", usd("5.00")));
      assertThat(won.transactions()).extracting(Transaction::key).containsExactly(
          "chargeback-won:o1:cb1/order:o1/mia", "chargeback-won:o1:cb1/order:o1/leo");
      assertThat(program.ledger().journal()).extracting(Transaction::key)
          .noneMatch(key -> key.endsWith("/ahead"));
      assertThat(events).containsExactly(
          new ProgramEvent.CommissionReinstated("chargeback-won:o1:cb1", "mia", "o1",
              "order:o1/mia", usd("5.00"), AccountKind.PENDING, "dispute won"),
          new ProgramEvent.CommissionReinstated("chargeback-won:o1:cb1", "leo", "o1",
              "order:o1/leo", usd("5.00"), AccountKind.PENDING, "dispute won"));
      assertThat(lost("order:o1/mia")).isEqualTo(usd("0.00"));
      assertThat(lost("order:o1/leo")).isEqualTo(usd("0.00"));
      assertThat(program.chargebackWon("o1", "cb1", "dispute won")).isEqualTo(won);
      assertThat(events).hasSize(2);
    }

    /**
     * Regression: a win's event named where the amount went by the item's status when the retry
     * finished, so that a release between the first try and the retry made mia's reinstatement,
     * posted to pending, read as given back to payable.
     */
    @Test
    void chargebackWon_retriedAfterARelease_tellsEachItemTheAccountItsPostingWentTo() {
      program.refund(Refund.chargeback("o1", "cb1", "disputed"));
      store.failOn(key -> key.equals("chargeback-won:o1:cb1/order:o1/leo"),
          Failure.NOTHING_KEPT);
      assertStoreFails(() -> program.chargebackWon("o1", "cb1", "dispute won"));
      clock.advance(Duration.ofDays(31));
      program.release("nightly");                     // mia's USD 5.00, given back, is released
      events.clear();

      program.chargebackWon("o1", "cb1", "dispute won");

      assertThat(events).containsExactly(
          new ProgramEvent.CommissionReinstated("chargeback-won:o1:cb1", "mia", "o1",
              "order:o1/mia", usd("5.00"), AccountKind.PENDING, "dispute won"),
          new ProgramEvent.CommissionReinstated("chargeback-won:o1:cb1", "leo", "o1",
              "order:o1/leo", usd("5.00"), AccountKind.PAYABLE, "dispute won"));
      assertThat(program.ledger().balances("mia", USD).payable()).isEqualTo(usd("5.00"));
      assertThat(program.ledger().balances("leo", USD).payable()).isEqualTo(usd("5.00"));
    }

    @Test
    void refund_whileAWinIsUnfinished_isRefusedThenCountsTheWin() {
      program.refund(Refund.chargeback("o1", "cb1", "disputed"));
      store.failOn(key -> key.equals("chargeback-won:o1:cb1/order:o1/leo"), Failure.NOTHING_KEPT);
      assertStoreFails(() -> program.chargebackWon("o1", "cb1", "dispute won"));
      Refund refund = Refund.partial("o1", "r1", usd("50.00"), "returned");

      assertRefused(() -> program.refund(refund),
          "order 'o1' has an unfinished operation to retry first: 'chargeback-won:o1:cb1'");
      program.chargebackWon("o1", "cb1", "dispute won");
      assertThat(program.refund(refund).reversed())
          .isEqualTo(Map.of("mia", usd("2.50"), "leo", usd("2.50")));
    }
  }

  @Nested
  class ReleaseAndPayouts {

    static final String RELEASE = "release:2026-03-31T10:02:00Z";

    List<ProgramEvent> released(String key) {
      return List.of(
          new ProgramEvent.CommissionReleased(key, "mia", "order:o1/mia", usd("5.00")),
          new ProgramEvent.CommissionReleased(key, "leo", "order:o1/leo", usd("5.00")));
    }

    /** Regression: the retry posted an empty 'release:<t>/2' and told nothing. */
    @ParameterizedTest
    @EnumSource(value = Failure.class, names = {"NOTHING_KEPT", "KEPT_UNCONFIRMED"})
    void release_storeFails_retryReturnsTheReleaseAndTellsItOnce(Failure failure) {
      clock.advance(Duration.ofDays(30));
      store.failOn(key -> key.startsWith("release:"), failure);
      assertStoreFails(() -> program.release());

      Transaction release = program.release().orElseThrow();

      assertThat(release.key()).isEqualTo(RELEASE);
      assertThat(release.entries()).hasSize(4);
      assertThat(events).containsExactlyInAnyOrderElementsOf(released(RELEASE));
      assertThat(program.release()).isEmpty();
      assertThat(program.ledger().journal()).extracting(Transaction::key)
          .filteredOn(key -> key.startsWith("release:")).containsExactly(RELEASE);
      assertThat(events).hasSize(2);
    }

    /**
     * Regression: a store that threw an error after keeping the release left the program
     * unaware of it, so the next release found no hold ended and nobody heard of the release.
     */
    @Test
    void release_storeThrowsAnErrorAfterKeepingIt_nextReleaseTellsIt() {
      clock.advance(Duration.ofDays(30));
      store.failWithErrorOn(key -> key.startsWith("release:"), Failure.KEPT_UNCONFIRMED);
      assertThatThrownBy(program::release).isInstanceOf(StoreError.class);

      assertThat(program.release().orElseThrow().key()).isEqualTo(RELEASE);
      assertThat(events).containsExactlyInAnyOrderElementsOf(released(RELEASE));
    }

    /**
     * Regression: retried by its key through release(String), an interrupted release() came back
     * untold, and the next release() told it and returned it again.
     */
    @Test
    void release_interrupted_retriedByItsKey_tellsItThenAndOnce() {
      clock.advance(Duration.ofDays(30));
      store.failOn(key -> key.startsWith("release:"), Failure.KEPT_UNCONFIRMED);
      assertStoreFails(() -> program.release());

      Transaction release = program.release(RELEASE);

      assertThat(release.key()).isEqualTo(RELEASE);
      assertThat(events).containsExactlyInAnyOrderElementsOf(released(RELEASE));
      assertThat(program.release()).isEmpty();
      assertThat(events).hasSize(2);
    }

    @Test
    void releaseWithKey_keptButUnconfirmed_retryTellsTheReleaseAsFirstMadeOnce() {
      clock.advance(Duration.ofDays(30));
      store.failOn(key -> key.equals("release-1"), Failure.KEPT_UNCONFIRMED);
      assertStoreFails(() -> program.release("release-1"));
      clock.advance(Duration.ofHours(1));

      Transaction release = program.release("release-1");

      assertThat(release.posting()).isEqualTo(new Release(Instant.parse("2026-03-31T10:02:00Z")));
      assertThat(events).containsExactlyInAnyOrderElementsOf(released("release-1"));
      assertThat(program.release("release-1")).isEqualTo(release);
      assertThat(events).hasSize(2);
    }

    /** Regression: the retried preparation told nobody of the payout run. */
    @ParameterizedTest
    @EnumSource(value = Failure.class, names = {"NOTHING_KEPT", "KEPT_UNCONFIRMED"})
    void preparePayout_storeFails_retryTellsTheBatchOnce(Failure failure) {
      clock.advance(Duration.ofDays(30));
      program.release();
      events.clear();
      store.failOn(key -> key.equals("payout-1"), failure);
      assertStoreFails(() -> program.preparePayout("payout-1"));

      PayoutBatch batch = program.preparePayout("payout-1");

      assertThat(batch.lines()).extracting(PayoutLine::amount)
          .containsExactly(usd("5.00"), usd("5.00"));
      assertThat(events).containsExactly(new ProgramEvent.PayoutPrepared("payout-1", batch));
      assertThat(program.preparePayout("payout-1")).isEqualTo(batch);
      assertThat(events).hasSize(1);
    }

    @Test
    void settlePayout_whilePreparationIsUnfinished_isRefused() {
      clock.advance(Duration.ofDays(30));
      program.release();
      events.clear();
      store.failOn(key -> key.equals("payout-1"), Failure.KEPT_UNCONFIRMED);
      assertStoreFails(() -> program.preparePayout("payout-1"));

      assertRefused(() -> program.settlePayout("payout-1"),
          "payout batch 'payout-1' has an unfinished operation to retry first: 'payout-1'");
      PayoutBatch batch = program.preparePayout("payout-1");
      Transaction settled = program.settlePayout("payout-1");
      assertThat(events).containsExactly(new ProgramEvent.PayoutPrepared("payout-1", batch),
          new ProgramEvent.PayoutSettled("settle:payout-1", "payout-1", settled));
    }

    /** Regression: the retried settlement told nobody that the affiliates were paid. */
    @ParameterizedTest
    @EnumSource(value = Failure.class, names = {"NOTHING_KEPT", "KEPT_UNCONFIRMED"})
    void settlePayout_storeFails_retryTellsTheSettlementOnce(Failure failure) {
      clock.advance(Duration.ofDays(30));
      program.release();
      program.preparePayout("payout-1");
      events.clear();
      store.failOn(key -> key.equals("settle:payout-1"), failure);
      assertStoreFails(() -> program.settlePayout("payout-1"));

      Transaction settled = program.settlePayout("payout-1");

      assertThat(settled.entries()).hasSize(4);
      assertThat(events).containsExactly(
          new ProgramEvent.PayoutSettled("settle:payout-1", "payout-1", settled));
      assertThat(program.settlePayout("payout-1")).isEqualTo(settled);
      assertThat(events).hasSize(1);
      assertThat(program.ledger().balances("mia", USD).paid()).isEqualTo(usd("5.00"));
    }

    @ParameterizedTest
    @EnumSource(value = Failure.class, names = {"NOTHING_KEPT", "KEPT_UNCONFIRMED"})
    void failPayout_storeFails_retryTellsTheFailureOnce(Failure failure) {
      clock.advance(Duration.ofDays(30));
      program.release();
      program.preparePayout("payout-1");
      events.clear();
      store.failOn(key -> key.equals("fail:payout-1"), failure);
      assertStoreFails(() -> program.failPayout("payout-1", "bounced"));

      Transaction failed = program.failPayout("payout-1", "bounced");

      assertThat(events).containsExactly(
          new ProgramEvent.PayoutFailed("fail:payout-1", "payout-1", "bounced", failed));
      assertThat(program.failPayout("payout-1", "bounced")).isEqualTo(failed);
      assertThat(events).hasSize(1);
      assertThat(program.ledger().balances("leo", USD).payable()).isEqualTo(usd("5.00"));
    }
  }

  /**
   * A conversion that the store cuts off after some of its accruals: its retry posts the rest as
   * first planned and only then binds the customer and counts the sale.
   */
  @Nested
  class Conversions {

    final FailingLedgerStore failing = new FailingLedgerStore();
    final List<ProgramEvent> told = new ArrayList<>();
    /** Mia and leo, a linear model and lifetime binding. */
    final AffiliateProgram binding = AffiliateProgram.builder()
        .plan(AffiliateProgramTest.TEN_PERCENT)
        .model(AttributionModel.linear())
        .policy(AttributionPolicy.builder().lifetimeBinding().build())
        .ledger(Ledger.open(failing, clock))
        .clock(clock)
        .listener(told::add)
        .build();

    /** Mia's click, then leo's a minute later, for visitor v2, who is customer c2. */
    @BeforeEach
    void clicks() {
      binding.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");
      binding.enroll(AffiliateProfile.of("leo"), "LEOSTYLE");
      binding.recordClick("v2", "GLOWWITHMIA");
      clock.advance(Duration.ofMinutes(1));
      binding.recordClick("v2", "LEOSTYLE");
      clock.advance(Duration.ofMinutes(1));
      told.clear();
    }

    Conversion sale(String orderId) {
      return Conversion.builder(orderId, clock.instant(), usd("100.00")).visitorId("v2")
          .customerId("c2").lineItem(LineItem.of("serum", 1, usd("100.00"))).build();
    }

    /**
     * Regression: the first attempt bound c2 to mia before posting, so the retry credited mia
     * alone: it threw IdempotencyConflictException for ever on mia's kept USD 5.00, or, if nothing was
     * kept, accrued USD 10.00 for mia and nothing for leo.
     */
    @ParameterizedTest
    @EnumSource(value = Failure.class, names = {"NOTHING_KEPT", "KEPT_UNCONFIRMED"})
    void recordConversion_underBindingStoreFailsOnFirstAccrual_retryPostsThePlanThenBinds(
        Failure failure) {
      Conversion sale = sale("o2");
      failing.failOn(key -> key.equals("order:o2/mia"), failure);
      assertStoreFails(() -> binding.recordConversion(sale));
      assertThat(binding.attributor().binding("c2")).isEmpty();
      assertThat(told).isEmpty();

      ConversionOutcome outcome = binding.recordConversion(sale);

      assertThat(outcome.transactions()).extracting(Transaction::key)
          .containsExactly("order:o2/mia", "order:o2/leo");
      assertThat(outcome.quotes()).extracting(quote -> quote.affiliateId() + " " + quote.amount())
          .containsExactly("mia USD 5.00", "leo USD 5.00");
      assertThat(told).extracting(ProgramEvent::key, event ->
              ((ProgramEvent.CommissionAccrued) event).itemKey(),
              event -> ((ProgramEvent.CommissionAccrued) event).amount())
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("order:o2", "order:o2/mia", usd("5.00")),
              org.assertj.core.groups.Tuple.tuple("order:o2", "order:o2/leo", usd("5.00")));
      assertThat(binding.attributor().binding("c2").orElseThrow().affiliateId()).isEqualTo("mia");
      assertThat(binding.recordConversion(sale)).isEqualTo(outcome);
      assertThat(told).hasSize(2);
      assertThat(binding.ledger().balances("leo", USD).pending()).isEqualTo(usd("5.00"));
    }

    @ParameterizedTest
    @EnumSource(value = Failure.class, names = {"NOTHING_KEPT", "KEPT_UNCONFIRMED"})
    void recordConversion_storeFailsOnSecondAccrual_otherCallsOnTheOrderWaitForTheRetry(
        Failure failure) {
      Conversion sale = sale("o2");
      failing.failOn(key -> key.equals("order:o2/leo"), failure);
      assertStoreFails(() -> binding.recordConversion(sale));
      List<Transaction> journal = binding.ledger().journal();

      assertThatThrownBy(() -> binding.refund(Refund.full("o2", "r1", "cancelled")))
          .isInstanceOf(UnfinishedOperationException.class)
          .hasMessage("order 'o2' has an unfinished operation to retry first: 'order:o2'");
      assertThatThrownBy(() -> binding.recordConversion(
          Conversion.builder("o2", clock.instant(), usd("90.00")).visitorId("v2").build()))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("order 'o2' was begun with another request, which its retry finishes"
              + " first: recorded total 'USD 100.00', customerId 'c2', number of lineItems 1;"
              + " requested total 'USD 90.00', customerId none, number of lineItems 0");
      assertThat(binding.ledger().journal()).isEqualTo(journal);
      assertThat(told).isEmpty();

      ConversionOutcome outcome = binding.recordConversion(sale);
      assertThat(outcome.transactions()).extracting(Transaction::key)
          .containsExactly("order:o2/mia", "order:o2/leo");
      assertThat(told).hasSize(2);
      assertThat(binding.refund(Refund.full("o2", "r1", "cancelled")).reversed())
          .isEqualTo(Map.of("mia", usd("5.00"), "leo", usd("5.00")));
    }

    /**
     * Regression: an error from the store, rather than an exception, left the half-posted
     * conversion unknown to the program: a refund found no order, and the retry planned afresh,
     * paying no one once mia was inactive while her first accrual stood.
     */
    @ParameterizedTest
    @EnumSource(value = Failure.class, names = {"NOTHING_KEPT", "KEPT_UNCONFIRMED"})
    void recordConversion_storeThrowsAnErrorOnSecondAccrual_retryFinishesAsPlanned(
        Failure failure) {
      Conversion sale = sale("o2");
      failing.failWithErrorOn(key -> key.equals("order:o2/leo"), failure);
      assertThatThrownBy(() -> binding.recordConversion(sale)).isInstanceOf(StoreError.class);

      assertThatThrownBy(() -> binding.refund(Refund.full("o2", "r1", "cancelled")))
          .isInstanceOf(UnfinishedOperationException.class);
      binding.changeStatus("mia", AffiliateStatus.INACTIVE);
      assertThat(binding.recordConversion(sale).quotes())
          .extracting(quote -> quote.affiliateId() + " " + quote.amount())
          .containsExactly("mia USD 5.00", "leo USD 5.00");
      assertThat(binding.refund(Refund.full("o2", "r1", "cancelled")).reversed())
          .isEqualTo(Map.of("mia", usd("5.00"), "leo", usd("5.00")));
    }

    @Test
    void recordConversion_storeFailsBeforeAnyAccrual_isForgottenAsIfNeverCalled() {
      Conversion sale = sale("o2");
      failing.failOn(key -> key.equals("order:o2/mia"), Failure.NOTHING_KEPT);
      assertStoreFails(() -> binding.recordConversion(sale));

      assertThat(binding.attributor().binding("c2")).isEmpty();
      assertThatThrownBy(() -> binding.refund(Refund.full("o2", "r1", "cancelled")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("order is not recorded: 'o2'");
      // Nor did the attributor remember the order: attributed now, it is attributed afresh.
      Conversion smaller = Conversion.builder("o2", clock.instant(), usd("50.00"))
          .visitorId("v2").build();
      assertThat(binding.attributor().attribute(smaller).credits())
          .extracting(credit -> credit.affiliateId() + " " + credit.amount())
          .containsExactly("mia USD 25.00", "leo USD 25.00");
    }

    /**
     * Regression: a conversion of the same affiliate made while another was cut off was quoted
     * without that sale; once the first was finished as planned, the month was paid two
     * true-ups for the same earlier sales.
     */
    @Test
    void recordConversion_ofAnAffiliateOfAnUnfinishedConversion_waitsForItsRetry() {
      CommissionPlan tiers = CommissionPlan.builder().rule(CommissionRule.builder("tiers")
          .payout(Payout.tieredBySales(Period.MONTH, TierMode.WHOLE_PERIOD,
              new Payout.SalesTier(1, Rate.ofPercent(10)),
              new Payout.SalesTier(3, Rate.ofPercent(20)))).build()).build();
      FailingLedgerStore tierStore = new FailingLedgerStore();
      AffiliateProgram tiered = AffiliateProgram.builder().plan(tiers)
          .ledger(Ledger.open(tierStore, clock)).clock(clock).listener(told::add).build();
      tiered.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");
      tiered.enroll(AffiliateProfile.of("leo"), "LEOSTYLE");
      List<Conversion> sales = new ArrayList<>();
      for (int i = 1; i <= 4; i++) {
        tiered.recordClick("w" + i, "GLOWWITHMIA");
        sales.add(Conversion.builder("t" + i, clock.instant(), usd("100.00")).visitorId("w" + i)
            .build());
      }
      tiered.recordClick("w5", "LEOSTYLE");
      tiered.recordConversion(sales.get(0));
      tiered.recordConversion(sales.get(1));
      // The third sale reaches 20% and owes the first two a true-up, which the store loses.
      tierStore.failOn(key -> key.equals("order:t3/mia/tier/tiers"), Failure.NOTHING_KEPT);
      assertStoreFails(() -> tiered.recordConversion(sales.get(2)));
      List<Transaction> journal = tiered.ledger().journal();

      assertThatThrownBy(() -> tiered.recordConversion(sales.get(3)))
          .isInstanceOf(UnfinishedOperationException.class)
          .hasMessage("order 't3' has an unfinished operation to retry first: 'order:t3'");
      assertThat(tiered.ledger().journal()).isEqualTo(journal);
      // Leo's sales do not count toward mia's figures.
      assertThat(tiered.recordConversion(Conversion.builder("l1", clock.instant(),
          usd("100.00")).visitorId("w5").build()).commission()).isEqualTo(usd("10.00"));

      assertThat(tiered.recordConversion(sales.get(2)).commission()).isEqualTo(usd("40.00"));
      assertThat(tiered.recordConversion(sales.get(3)).commission()).isEqualTo(usd("20.00"));
      // 20% of the month's USD 400.00, with one true-up of the first two sales.
      assertThat(tiered.statement("mia", USD).accrued()).isEqualTo(usd("80.00"));
    }

    @Test
    void recordConversion_ofTheCustomerOfAnUnfinishedConversion_waitsForItsRetry() {
      failing.failOn(key -> key.equals("order:o2/leo"), Failure.NOTHING_KEPT);
      assertStoreFails(() -> binding.recordConversion(sale("o2")));

      assertThatThrownBy(() -> binding.recordConversion(sale("o3")))
          .isInstanceOf(UnfinishedOperationException.class)
          .hasMessage("order 'o2' has an unfinished operation to retry first: 'order:o2'");
      binding.recordConversion(sale("o2"));
      // Bound to mia by o2, customer c2 credits mia alone from then on.
      assertThat(binding.recordConversion(sale("o3")).quotes())
          .extracting(quote -> quote.affiliateId() + " " + quote.amount())
          .containsExactly("mia USD 10.00");
    }
  }
}
