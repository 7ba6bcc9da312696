package dev.affiliatekit.program;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affiliatekit.attribution.AttributionModel;
import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.commission.AffiliateProfile;
import dev.affiliatekit.commission.CommissionPlan;
import dev.affiliatekit.commission.CommissionRule;
import dev.affiliatekit.ledger.Accrual;
import dev.affiliatekit.ledger.Ledger;
import dev.affiliatekit.ledger.PendingItem;
import dev.affiliatekit.ledger.Posting;
import dev.affiliatekit.ledger.Reversal;
import dev.affiliatekit.ledger.ReversalKind;
import dev.affiliatekit.ledger.Transaction;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import dev.affiliatekit.testing.ForwardingLedger;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * The host posts through {@code ledger()} on an order's items while the program posts a refund or
 * a won chargeback of the order, between its plan and its posting on the item: the refund takes
 * what the item has left then, and the win gives a voided item nothing and counts a reinstatement
 * by hand as the host's, as if the host had posted first; neither stays unfinished for it.
 */
class HostPostingsMeanwhileTest {

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-03-01T10:00:00Z"), ZoneOffset.UTC);
  private static final String BOB = "order:o1/bob";
  private static final String OVERRIDE = "order:o1/bob/override/ann";

  private static Money usd(String amount) {
    return Money.parse("USD " + amount);
  }

  /** {@return a program over the ledger where bob earns 10% of o1, USD 100.00, and ann 5% of it} */
  private static AffiliateProgram program(Ledger ledger) {
    AffiliateProgram program = AffiliateProgram.builder()
        .plan(CommissionPlan.builder().rule(CommissionRule.percentage("all", Rate.ofPercent(10)))
            .overrideRates(List.of(Rate.ofPercent(5))).build())
        .ledger(ledger).clock(CLOCK).build();
    program.enroll(AffiliateProfile.of("ann"), "ANNCODE");
    program.enroll(AffiliateProfile.builder("bob").parentId("ann").build(), "BOBCODE");
    program.recordClick("v1", "BOBCODE");
    program.recordConversion(Conversion.builder("o1", CLOCK.instant(), usd("100.00"))
        .visitorId("v1").build());
    return program;
  }

  /**
   * Runs the refund with the host's posting made just before the program posts the reversal of
   * the override, and again with it made before the refund; both must give the same outcome.
   */
  private static RefundOutcome[] refundBothWays(Consumer<Ledger> host) {
    HookedLedger hooked = new HookedLedger(Ledger.inMemory(CLOCK));
    AffiliateProgram meanwhile = program(hooked);
    hooked.before("refund:o1:r1/" + OVERRIDE, host);
    RefundOutcome during = meanwhile.refund(Refund.partial("o1", "r1", usd("50.00"), "half"));
    assertThat(hooked.ran).isTrue();

    Ledger plain = Ledger.inMemory(CLOCK);
    AffiliateProgram first = program(plain);
    host.accept(plain);
    RefundOutcome before = first.refund(Refund.partial("o1", "r1", usd("50.00"), "half"));

    // Nothing is left unfinished: the order takes another refund.
    assertThat(meanwhile.refund(Refund.full("o1", "r2", "rest")).refunded())
        .isEqualTo(usd("50.00"));
    return new RefundOutcome[] {during, before};
  }

  @Test
  void aVoidOfAnItem_beforeItsReversalIsPosted_isAShortfall() {
    RefundOutcome[] outcomes = refundBothWays(ledger -> ledger.voidItem("fraud-1", OVERRIDE,
        "fraud"));

    RefundOutcome during = outcomes[0];
    assertThat(during.reversed()).isEqualTo(Map.of("bob", usd("5.00")));
    assertThat(during.shortfalls()).containsExactly(new RefundOutcome.Shortfall("ann", OVERRIDE,
        usd("0.25"), usd("0.00"), "item is voided"));
    assertThat(during.transactions()).extracting(Transaction::key)
        .containsExactly("refund:o1:r1/" + BOB);
    assertThat(during.reversed()).isEqualTo(outcomes[1].reversed());
    assertThat(during.shortfalls()).isEqualTo(outcomes[1].shortfalls());
  }

  @Test
  void aReversalByTheHost_beforeTheRefundsIsPosted_leavesTheRestToTake() {
    RefundOutcome[] outcomes = refundBothWays(ledger -> ledger.reverse("host-1",
        Reversal.partial(OVERRIDE, usd("0.40"), ReversalKind.REFUND, "goodwill")));

    RefundOutcome during = outcomes[0];
    assertThat(during.reversed()).isEqualTo(Map.of("bob", usd("5.00"), "ann", usd("0.10")));
    assertThat(during.shortfalls()).containsExactly(new RefundOutcome.Shortfall("ann", OVERRIDE,
        usd("0.25"), usd("0.10"), "item has only USD 0.10 left"));
    assertThat(during.reversed()).isEqualTo(outcomes[1].reversed());
    assertThat(during.shortfalls()).isEqualTo(outcomes[1].shortfalls());
  }

  @Test
  void voidsOfEveryItem_ofAnOrderOfMany_leaveEachAShortfall() {
    HookedLedger hooked = new HookedLedger(Ledger.inMemory(CLOCK));
    AffiliateProgram program = AffiliateProgram.builder()
        .plan(CommissionPlan.builder().rule(CommissionRule.percentage("all", Rate.ofPercent(10)))
            .overrideRates(List.of(Rate.ofPercent(5), Rate.ofPercent(3))).build())
        .model(AttributionModel.linear()).ledger(hooked).clock(CLOCK).build();
    // Four creators, each with a parent and a grandparent: twelve items on the order.
    for (int c = 0; c < 4; c++) {
      program.enroll(AffiliateProfile.of("g" + c), "GRANDX" + c + "X");
      program.enroll(AffiliateProfile.builder("p" + c).parentId("g" + c).build(),
          "PARENTX" + c + "X");
      program.enroll(AffiliateProfile.builder("c" + c).parentId("p" + c).build(),
          "CREATORX" + c + "X");
      program.recordClick("v1", "CREATORX" + c + "X");
    }
    program.recordConversion(Conversion.builder("o1", CLOCK.instant(), usd("300.00"))
        .visitorId("v1").build());
    List<PendingItem> items = hooked.itemsOfOrder("o1");
    assertThat(items).hasSize(12);
    hooked.before("refund:o1:r1/" + items.get(0).key(), ledger -> {
      for (PendingItem item : items) {
        ledger.voidItem("fraud:" + item.key(), item.key(), "fraud");
      }
    });

    RefundOutcome half = program.refund(Refund.partial("o1", "r1", usd("150.00"), "half"));

    assertThat(half.reversed()).isEmpty();
    assertThat(half.shortfalls()).hasSize(12).extracting(RefundOutcome.Shortfall::reason)
        .containsOnly("item is voided");
    assertThat(program.refund(Refund.full("o1", "r2", "rest")).shortfalls()).hasSize(12);
  }

  /**
   * Runs a won chargeback of 40% of o1 with the host's posting made just before the program
   * posts the win's reinstatement of the override, and again with it made before the win; both
   * must give the same outcome, and the order must take a refund after.
   */
  private static ChargebackWon[] winBothWays(Consumer<Ledger> host) {
    HookedLedger hooked = new HookedLedger(Ledger.inMemory(CLOCK));
    AffiliateProgram meanwhile = program(hooked);
    meanwhile.refund(new Refund("o1", "cb1", Optional.of(usd("40.00")), ReversalKind.CHARGEBACK,
        "disputed"));
    hooked.before("chargeback-won:o1:cb1/" + OVERRIDE, host);
    ChargebackWon during = meanwhile.chargebackWon("o1", "cb1", "won");
    assertThat(hooked.ran).isTrue();

    Ledger plain = Ledger.inMemory(CLOCK);
    AffiliateProgram first = program(plain);
    first.refund(new Refund("o1", "cb1", Optional.of(usd("40.00")), ReversalKind.CHARGEBACK,
        "disputed"));
    host.accept(plain);
    ChargebackWon before = first.chargebackWon("o1", "cb1", "won");

    assertThat(during.reinstated()).isEqualTo(before.reinstated());
    assertThat(meanwhile.ledger().item(OVERRIDE)).isEqualTo(first.ledger().item(OVERRIDE));
    // Nothing is left unfinished: the order takes a refund, as it does after the host first.
    assertThat(meanwhile.refund(Refund.full("o1", "r1", "rest")).reversed())
        .isEqualTo(first.refund(Refund.full("o1", "r1", "rest")).reversed());
    return new ChargebackWon[] {during, before};
  }

  @Test
  void aVoidOfAnItem_beforeTheWinGivesItBack_leavesItNothing() {
    ChargebackWon during = winBothWays(ledger -> ledger.voidItem("fraud-1", OVERRIDE, "fraud"))[0];

    assertThat(during.reinstated()).isEqualTo(Map.of("bob", usd("4.00")));
    assertThat(during.transactions()).extracting(Transaction::key)
        .containsExactly("chargeback-won:o1:cb1/" + BOB);
  }

  @Test
  void aReinstatementByTheHost_beforeTheWinsOwn_countsAsTheHosts() {
    ChargebackWon during = winBothWays(ledger -> ledger.reinstate("host-1",
        "chargeback:o1:cb1/" + OVERRIDE, "goodwill"))[0];

    assertThat(during.reinstated()).isEqualTo(Map.of("bob", usd("4.00")));
    assertThat(during.transactions()).extracting(Transaction::key)
        .containsExactly("chargeback-won:o1:cb1/" + BOB);
  }

  /**
   * A ledger that lets the host post once, on the ledger beneath, before a chosen posting; the
   * program's accruals and reversals go through {@code post}, so that the hook sees them.
   */
  private static final class HookedLedger extends ForwardingLedger {
    private String key = "";
    private Consumer<Ledger> host = unused -> { };
    boolean ran;

    HookedLedger(Ledger ledger) {
      super(ledger);
    }

    void before(String postingKey, Consumer<Ledger> action) {
      this.key = postingKey;
      this.host = action;
    }

    @Override
    public Transaction post(String idempotencyKey, Posting posting) {
      if (!ran && idempotencyKey.equals(key)) {
        ran = true;
        host.accept(delegate());
      }
      return super.post(idempotencyKey, posting);
    }

    @Override
    public Transaction accrue(String idempotencyKey, Accrual accrual) {
      return post(idempotencyKey, accrual);
    }

    @Override
    public Transaction reverse(String idempotencyKey, Reversal reversal) {
      return post(idempotencyKey, reversal);
    }
  }
}
