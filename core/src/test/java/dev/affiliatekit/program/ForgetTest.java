package dev.affiliatekit.program;

import static dev.affiliatekit.commission.Attribute.CUSTOMER_MONTHS_SINCE_FIRST_PURCHASE;
import static dev.affiliatekit.money.CurrencyUnit.USD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affiliatekit.attribution.AttributionModel;
import dev.affiliatekit.attribution.AttributionPolicy;
import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.NoCredit;
import dev.affiliatekit.attribution.NoCreditReason;
import dev.affiliatekit.attribution.Touchpoint;
import dev.affiliatekit.attribution.TouchpointKind;
import dev.affiliatekit.attribution.TouchpointStore;
import dev.affiliatekit.commission.AffiliateProfile;
import dev.affiliatekit.commission.CommissionPlan;
import dev.affiliatekit.commission.CommissionRule;
import dev.affiliatekit.commission.Condition;
import dev.affiliatekit.ledger.Ledger;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import dev.affiliatekit.testing.ForwardingTouchpointStore;
import dev.affiliatekit.testing.TestClock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Forgetting a visitor or a customer, as a right to erasure asks, and what the program keeps. */
class ForgetTest {

  private final TestClock clock = TestClock.at("2026-03-02T10:00:00Z");

  private static Money usd(String amount) {
    return Money.parse("USD " + amount);
  }

  private AffiliateProgram program(CommissionPlan plan) {
    AffiliateProgram program = AffiliateProgram.builder().plan(plan)
        .policy(AttributionPolicy.builder().lifetimeBinding().build())
        .clock(clock).build();
    program.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");
    return program;
  }

  private static CommissionPlan tenPercent() {
    return CommissionPlan.builder()
        .rule(CommissionRule.percentage("base", Rate.ofPercent(10))).build();
  }

  private ConversionOutcome buy(AffiliateProgram program, String orderId, String visitorId,
      String customerId) {
    return program.recordConversion(Conversion.builder(orderId, clock.instant(), usd("100.00"))
        .visitorId(visitorId).customerId(customerId).build());
  }

  @Test
  void forgetVisitor_dropsTheTouchesAndTheTouchIds_soThatARetryRecordsAgain() {
    AffiliateProgram program = program(tenPercent());
    Touchpoint first = program.recordClickOnce("t-1", "v1", "GLOWWITHMIA");
    Touchpoint kept = program.recordClickOnce("t-2", "v2", "GLOWWITHMIA");

    program.forgetVisitor("v1");

    assertThat(program.touchpointStore().touchpoints("v1")).isEmpty();
    assertThat(program.touchpointStore().touchpoints("v2")).containsExactly(kept);
    assertThat(program.recordClickOnce("t-2", "v2", "GLOWWITHMIA")).isEqualTo(kept);
    Touchpoint again = program.recordClickOnce("t-1", "v1", "GLOWWITHMIA");
    assertThat(again.sequence()).isGreaterThan(kept.sequence());
    assertThat(again).isNotEqualTo(first);
    assertThat(program.touchpointStore().touchpoints("v1")).containsExactly(again);
  }

  @Test
  void forgetVisitor_keepsTheBooks_soThatARefundStillTakesBackTheCommission() {
    AffiliateProgram program = program(tenPercent());
    program.recordClick("v1", "GLOWWITHMIA");
    buy(program, "o-1", "v1", "c1");

    program.forgetVisitor("v1");
    program.forgetCustomer("c1");

    RefundOutcome refund = program.refund(Refund.full("o-1", "r-1", "returned"));
    assertThat(refund.reversed()).containsEntry("mia", usd("10.00"));
    assertThat(program.statement("mia", USD).accrued()).isEqualTo(usd("10.00"));
    assertThat(program.statement("mia", USD).reversed()).isEqualTo(usd("10.00"));
  }

  @Test
  void forgetVisitor_forgetsTheOutcomesThatNameThem_soThatARetryIsRefusedNotAnswered() {
    AffiliateProgram program = program(tenPercent());
    program.recordClick("v1", "GLOWWITHMIA");
    program.recordClick("v2", "GLOWWITHMIA");
    Conversion theirs = Conversion.builder("o-1", clock.instant(), usd("100.00"))
        .visitorId("v1").build();
    Conversion others = Conversion.builder("o-2", clock.instant(), usd("100.00"))
        .visitorId("v2").build();
    program.recordConversion(theirs);
    ConversionOutcome kept = program.recordConversion(others);

    program.forgetVisitor("v1");

    assertThat(program.recordConversion(others)).isSameAs(kept);
    assertThatThrownBy(() -> program.recordConversion(theirs))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("operation 'order:o-1' was recorded, and a visitor or customer it named was"
            + " forgotten since: its outcome is not kept");
    assertThat(program.statement("mia", USD).accrued()).isEqualTo(usd("20.00"));
  }

  @Test
  void forgetCustomer_endsTheirBinding_soThatARenewalWithoutATouchCreditsNobody() {
    AffiliateProgram program = program(tenPercent());
    program.recordClick("phone", "GLOWWITHMIA");
    buy(program, "o-1", "phone", "c1");
    clock.advance(Duration.ofDays(40));
    assertThat(buy(program, "o-2", "laptop", "c1").attribution().isCredited()).isTrue();

    program.forgetCustomer("c1");

    clock.advance(Duration.ofDays(40));
    assertThat(buy(program, "o-3", "laptop", "c1").attribution())
        .isInstanceOfSatisfying(NoCredit.class,
            none -> assertThat(none.reason()).isEqualTo(NoCreditReason.NO_TOUCHPOINTS));
    assertThat(program.attributor().binding("c1")).isEmpty();
  }

  @Test
  void forgetCustomer_forgetsTheirFirstPurchase_soThatTheNextOrderIsTheirFirstAgain() {
    CommissionPlan loyal = CommissionPlan.builder().rule(CommissionRule.builder("loyal")
        .when(Condition.atLeast(CUSTOMER_MONTHS_SINCE_FIRST_PURCHASE, 1))
        .percentage(Rate.ofPercent(10)).build()).build();
    for (boolean forget : new boolean[] {false, true}) {
      AffiliateProgram program = program(loyal);
      program.recordClick("v1", "GLOWWITHMIA");
      buy(program, "o-1", "v1", "c1");
      clock.advance(Duration.ofDays(45));
      if (forget) {
        program.forgetCustomer("c1");
      }
      program.recordClick("v2", "GLOWWITHMIA");

      ConversionOutcome second = buy(program, "o-2", "v2", "c1");

      assertThat(second.quotes()).hasSize(1);
      assertThat(second.quotes().get(0).ruleIds()).hasSize(forget ? 0 : 1);
      clock.set(clock.instant().minus(Duration.ofDays(45)));
    }
  }

  @Test
  void forgetCustomer_dropsTheTouchIdsOfTheirDevices() {
    AffiliateProgram program = program(tenPercent());
    Touchpoint first = program.recordClickOnce("t-1", "phone", "GLOWWITHMIA");
    Touchpoint kept = program.recordClickOnce("t-2", "desk", "GLOWWITHMIA");
    // The host records the sign-in itself: the phone is a device of c1 from now on.
    program.touchpointStore().record(Touchpoint.builder(first.kind(), "phone", "mia",
        clock.instant()).customerId("c1").build());

    program.forgetCustomer("c1");

    assertThat(program.touchpointStore().touchpoints("phone")).isEmpty();
    assertThat(program.recordClickOnce("t-2", "desk", "GLOWWITHMIA")).isEqualTo(kept);
    assertThat(program.recordClickOnce("t-1", "phone", "GLOWWITHMIA").sequence())
        .isGreaterThan(first.sequence());
  }

  @Test
  void forgetCustomer_forgetsTheBrowsersOfTheirOrders_withTheirKeyedTouches() {
    AffiliateProgram program = program(tenPercent());
    Touchpoint first = program.recordClickOnce("t-1", "v1", "GLOWWITHMIA");
    program.recordClick("v2", "GLOWWITHMIA");
    buy(program, "o-1", "v1", "c1");

    program.forgetCustomer("c1");

    assertThat(program.touchpointStore().touchpoints("v1")).isEmpty();
    assertThat(program.touchpointStore().touchpoints("v2")).hasSize(1);
    assertThat(program.recordClickOnce("t-1", "v1", "GLOWWITHMIA").sequence())
        .isGreaterThan(first.sequence());
    program.touchpointStore().forgetVisitor("v1");
    ConversionOutcome anonymous = program.recordConversion(
        Conversion.builder("o-2", clock.instant(), usd("100.00")).visitorId("v1").build());
    assertThat(anonymous.attribution().isCredited()).isFalse();
  }

  @Test
  void aKeyedTouchRecordedWhileTheVisitorIsForgotten_goesWithItsId_soARetryRecordsItOnce()
      throws InterruptedException {
    AtomicReference<AffiliateProgram> built = new AtomicReference<>();
    AtomicBoolean once = new AtomicBoolean();
    // The store lets a keyed click in right after it forgets the visitor the first time.
    TouchpointStore store = new ForwardingTouchpointStore(TouchpointStore.inMemory()) {
      @Override
      public long forgetVisitor(String visitorId) {
        long removed = super.forgetVisitor(visitorId);
        if (once.compareAndSet(false, true)) {
          Thread meanwhile = new Thread(
              () -> built.get().recordClickOnce("t-9", visitorId, "GLOWWITHMIA"));
          meanwhile.start();
          try {
            meanwhile.join();
          } catch (InterruptedException e) {
            throw new AssertionError(e);
          }
        }
        return removed;
      }
    };
    AffiliateProgram program = AffiliateProgram.builder().plan(tenPercent()).clock(clock)
        .touchpointStore(store).build();
    built.set(program);
    program.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");
    program.recordClick("v1", "GLOWWITHMIA");

    program.forgetVisitor("v1");

    assertThat(store.touchpoints("v1")).isEmpty();
    program.recordClickOnce("t-9", "v1", "GLOWWITHMIA");
    program.recordClickOnce("t-9", "v1", "GLOWWITHMIA");
    assertThat(store.touchpoints("v1")).hasSize(1);
  }

  @Test
  void forgetCustomer_findsTheBrowserOfAnOrderForgottenWithAnotherDeviceBefore() {
    AffiliateProgram program = program(tenPercent());
    // The phone was seen signed in as c1; the laptop, where they bought, never was.
    program.touchpointStore().record(Touchpoint.builder(TouchpointKind.CLICK, "phone", "mia",
        clock.instant()).customerId("c1").build());
    program.recordClick("laptop", "GLOWWITHMIA");
    buy(program, "o-1", "laptop", "c1");

    program.forgetVisitor("phone");
    program.forgetCustomer("c1");

    assertThat(program.touchpointStore().touchpoints("laptop")).isEmpty();
    assertThatThrownBy(() -> buy(program, "o-1", "laptop", "c1"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("'order:o-1'");
  }

  @Test
  void aDeviceSignedInWhileTheCustomerIsForgotten_losesItsTouchIdsWithItsTouches() {
    AtomicInteger reads = new AtomicInteger();
    // The tablet is seen signed in as c1 right after the program, then the attributor, have
    // looked for c1's devices.
    TouchpointStore store = new ForwardingTouchpointStore(TouchpointStore.inMemory()) {
      @Override
      public List<Touchpoint> touchpointsOfCustomer(String customerId) {
        List<Touchpoint> touches = super.touchpointsOfCustomer(customerId);
        if (reads.incrementAndGet() == 2) {
          record(Touchpoint.builder(TouchpointKind.CLICK, "tablet", "mia", clock.instant())
              .customerId(customerId).build());
        }
        return touches;
      }
    };
    AffiliateProgram program = AffiliateProgram.builder().plan(tenPercent()).clock(clock)
        .touchpointStore(store).build();
    program.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");
    Touchpoint first = program.recordClickOnce("click-1", "tablet", "GLOWWITHMIA");

    program.forgetCustomer("c1");

    assertThat(store.touchpoints("tablet")).isEmpty();
    // Its keyed click went with its id: the retry records it again, and the store holds it.
    Touchpoint again = program.recordClickOnce("click-1", "tablet", "GLOWWITHMIA");
    assertThat(again.sequence()).isGreaterThan(first.sequence());
    assertThat(store.touchpoints("tablet")).containsExactly(again);
  }

  @Test
  void forgetting_whileAConversionOfThemIsUnfinished_isRefused_andChangesNothing() {
    FailingLedgerStore failing = new FailingLedgerStore();
    AffiliateProgram program = AffiliateProgram.builder().plan(tenPercent())
        .model(AttributionModel.linear())
        .policy(AttributionPolicy.builder().lifetimeBinding().build())
        .ledger(Ledger.open(failing, clock)).clock(clock).build();
    program.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");
    program.enroll(AffiliateProfile.of("leo"), "LEOSTYLE");
    program.recordClick("v1", "GLOWWITHMIA");
    program.recordClick("v1", "LEOSTYLE");
    program.touchpointStore().record(Touchpoint.builder(TouchpointKind.VIEW, "phone", "mia",
        clock.instant()).customerId("c1").build());
    // The first accrual is kept, the second fails: the conversion is unfinished.
    failing.failAppend(2, FailingLedgerStore.Failure.NOTHING_KEPT);
    assertThatThrownBy(() -> buy(program, "o-1", "v1", "c1"))
        .isInstanceOf(FailingLedgerStore.StoreFailure.class);

    // The phone, seen signed in as c1, is listed in the unfinished conversion's result only.
    assertThatThrownBy(() -> program.forgetVisitor("phone"))
        .isInstanceOf(UnfinishedOperationException.class)
        .hasMessage("order 'o-1' has an unfinished operation to retry first: 'order:o-1'");
    assertThat(program.touchpointStore().touchpoints("phone")).hasSize(1);
    // Another visitor's erasure goes ahead.
    program.recordClick("v3", "GLOWWITHMIA");
    program.forgetVisitor("v3");
    assertThat(program.touchpointStore().touchpoints("v3")).isEmpty();
    for (Runnable erasure : List.<Runnable>of(() -> program.forgetCustomer("c1"),
        () -> program.forgetVisitor("v1"))) {
      assertThatThrownBy(erasure::run).isInstanceOf(UnfinishedOperationException.class)
          .hasMessage("order 'o-1' has an unfinished operation to retry first: 'order:o-1'");
      assertThat(program.touchpointStore().touchpoints("v1")).hasSize(2);
      assertThat(program.touchpointStore().touchpoints("phone")).hasSize(1);
    }

    // Finished first, the conversion binds c1; forgotten after, c1 is bound to no one.
    assertThat(buy(program, "o-1", "v1", "c1").attribution().credits()).hasSize(2);
    program.forgetCustomer("c1");
    assertThat(program.attributor().binding("c1")).isEmpty();
    assertThat(program.touchpointStore().touchpoints("v1")).isEmpty();
  }

  @Test
  void forgetVisitor_again_afterAnOrderOfAForgottenVisitorIsKeptOfItsCustomer() {
    AffiliateProgram program = program(tenPercent());
    program.recordClick("v1", "GLOWWITHMIA");
    program.recordClick("v2", "GLOWWITHMIA");
    buy(program, "o-1", "v1", "c1");
    buy(program, "o-2", "v2", "c2");

    program.forgetVisitor("v1");
    program.forgetVisitor("v2");
    program.forgetVisitor("nobody");

    assertThatThrownBy(() -> buy(program, "o-2", "v2", "c2"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("'order:o-2'");
  }

  @Test
  void forgetting_refusesNullAndInvalidIds_namingThem() {
    AffiliateProgram program = program(tenPercent());
    assertThatThrownBy(() -> program.forgetVisitor(null))
        .isInstanceOf(NullPointerException.class).hasMessage("visitorId");
    assertThatThrownBy(() -> program.forgetCustomer(null))
        .isInstanceOf(NullPointerException.class).hasMessage("customerId");
    assertThatThrownBy(() -> program.forgetVisitor(" "))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("visitorId ");
    assertThatThrownBy(() -> program.forgetCustomer(""))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("customerId ");
  }
}
