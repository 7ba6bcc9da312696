package dev.affiliatekit.commission;

import static dev.affiliatekit.commission.Sales.ANNA;
import static dev.affiliatekit.commission.Sales.fullCredit;
import static dev.affiliatekit.commission.Sales.pct;
import static dev.affiliatekit.commission.Sales.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.LineItem;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RecurringTermTest {

  private static final Instant STARTED = Instant.parse("2026-01-15T10:00:00Z");

  private static Conversion charge(int period, Instant at) {
    return Conversion.builder("charge-" + period + "-" + at.getEpochSecond(), at, usd("20.00"))
        .customerId("customer-1").lineItem(LineItem.of("pro-monthly", "SAAS", 1, usd("20.00")))
        .subscription("sub-1", period, STARTED).build();
  }

  private static CommissionPlan plan(RecurringTerm term) {
    return CommissionPlan.builder().rule(CommissionRule.builder("saas-30").percentage(pct("30"))
        .recurring(term).build()).build();
  }

  private static CommissionQuote quote(CommissionPlan plan, Conversion conversion) {
    return plan.quote(conversion, fullCredit("anna", conversion), CommissionContext.of(ANNA));
  }

  @Nested
  class FirstMonths {

    private final CommissionPlan plan = plan(RecurringTerm.firstMonths(12));

    @Test
    void quote_insideTheFirstTwelveMonths_earnsThirtyPercent() {
      // Started 15 January 2026 10:00; the last instant of month 12 is just before 15 January 2027.
      CommissionQuote last = quote(plan, charge(12, Instant.parse("2027-01-15T09:59:59Z")));

      assertThat(last.amount()).isEqualTo(usd("6.00"));
      assertThat(last.explanation()).isEqualTo("rule saas-30 matched pro-monthly, month 12 of the "
          + "first 12 months: 30% of USD 20.00 (items after discount) = USD 6.00");
    }

    @Test
    void quote_fromTheStartOfMonthThirteen_earnsNothing() {
      CommissionQuote after = quote(plan, charge(13, Instant.parse("2027-01-15T10:00:00Z")));

      assertThat(after.amount()).isEqualTo(usd("0.00"));
      assertThat(after.ruleIds()).containsExactly("saas-30");
      assertThat(after.explanation()).isEqualTo("rule saas-30 matched pro-monthly, month 13 after "
          + "the first 12 months: 0% of USD 20.00 (items after discount) = USD 0.00");
    }

    @Test
    void quote_inTheCalendarsLastMonths_countsTheMonthsWhoseEndLiesBeyondIt() {
      // Started 1 November of the calendar's last year; a charge on 15 December is in month 2,
      // though 1 January after it has no date.
      Instant started = Instant.parse("+999999999-11-01T00:00:00Z");
      Conversion december = Conversion.builder("c1", Instant.parse("+999999999-12-15T00:00:00Z"),
          usd("20.00")).customerId("c").subscription("s", 2, started).build();
      CommissionQuote quote = quote(plan(RecurringTerm.firstMonths(2)), december);

      assertThat(quote.amount()).isEqualTo(usd("6.00"));
      assertThat(quote.explanation()).contains("month 2 of the first 2 months");
    }

    @Test
    void quote_firstCharge_isMonthOne() {
      assertThat(quote(plan, charge(1, STARTED)).amount()).isEqualTo(usd("6.00"));
    }

    @Test
    void quote_monthsFollowThePlansZone_atTheEndOfAShortMonth() {
      // Started 31 January 23:30 in Auckland (10:30 UTC): one month later is 28 February 23:30
      // there, because February has no 31st.
      Instant started = Instant.parse("2026-01-31T10:30:00Z");
      CommissionPlan auckland = plan(RecurringTerm.firstMonths(1)).toBuilder()
          .zone(ZoneId.of("Pacific/Auckland")).build();
      Conversion before = Conversion.builder("c1", Instant.parse("2026-02-28T10:29:59Z"),
          usd("20.00")).customerId("c").subscription("s", 2, started).build();
      Conversion at = Conversion.builder("c2", Instant.parse("2026-02-28T10:30:00Z"),
          usd("20.00")).customerId("c").subscription("s", 2, started).build();

      assertThat(quote(auckland, before).amount()).isEqualTo(usd("6.00"));
      assertThat(quote(auckland, at).amount()).isEqualTo(usd("0.00"));
    }

    @Test
    void quote_chargesStampedBeforeTheAnniversary_payAThirteenthChargeWherePeriodsPayTwelve() {
      // A nightly billing run stamps each renewal at 00:00 of the 15th, before the start's 10:00:
      // the 13th charge, on 15 January 2027 at 00:00, is still in month 12.
      int paidByMonths = 0;
      int paidByPeriods = 0;
      CommissionPlan byPeriods = plan(RecurringTerm.firstPeriods(12));
      for (int period = 1; period <= 14; period++) {
        Instant at = period == 1 ? STARTED
            : Instant.parse("2026-01-15T00:00:00Z").atZone(ZoneId.of("UTC"))
                .plusMonths(period - 1L).toInstant();
        paidByMonths += quote(plan, charge(period, at)).amount().isPositive() ? 1 : 0;
        paidByPeriods += quote(byPeriods, charge(period, at)).amount().isPositive() ? 1 : 0;
      }

      assertThat(paidByMonths).isEqualTo(13);
      assertThat(paidByPeriods).isEqualTo(12);
    }
  }

  @Nested
  class FirstPeriods {

    @Test
    void quote_countsBillingPeriods() {
      CommissionPlan plan = plan(RecurringTerm.firstPeriods(3));

      assertThat(quote(plan, charge(3, Instant.parse("2026-03-15T10:00:00Z"))).amount())
          .isEqualTo(usd("6.00"));
      CommissionQuote fourth = quote(plan, charge(4, Instant.parse("2026-04-15T10:00:00Z")));
      assertThat(fourth.amount()).isEqualTo(usd("0.00"));
      assertThat(fourth.explanation()).contains("billing period 4 after the first 3 billing periods");
    }

    @Test
    void quote_thenRate_paysTheLowerRateAfterTheTerm() {
      // First 3 periods at 30%, then 10%: USD 6.00, then USD 2.00.
      CommissionPlan plan = plan(RecurringTerm.firstPeriods(3, pct("10")));

      assertThat(quote(plan, charge(3, Instant.parse("2026-03-15T10:00:00Z"))).amount())
          .isEqualTo(usd("6.00"));
      CommissionQuote fourth = quote(plan, charge(4, Instant.parse("2026-04-15T10:00:00Z")));
      assertThat(fourth.amount()).isEqualTo(usd("2.00"));
      assertThat(fourth.explanation()).isEqualTo("rule saas-30 matched pro-monthly, billing "
          + "period 4 after the first 3 billing periods, then 10%: 10% of USD 20.00 "
          + "(items after discount) = USD 2.00");
    }
  }

  @Test
  void quote_lifetime_paysEveryCharge() {
    CommissionPlan plan = plan(RecurringTerm.lifetime());

    assertThat(quote(plan, charge(100, Instant.parse("2034-04-15T10:00:00Z"))).amount())
        .isEqualTo(usd("6.00"));
  }

  @Test
  void quote_oneOffSale_isInsideEveryTerm() {
    Conversion sale = Sales.oneItem("pro-yearly", "SAAS", "20.00");

    CommissionQuote quote = quote(plan(RecurringTerm.firstPeriods(1)), sale);

    assertThat(quote.amount()).isEqualTo(usd("6.00"));
    assertThat(quote.explanation()).contains(", a one-off sale inside the first 1 billing periods:");
  }

  /** Regression: the explanation read "USD 5.00 per conversion = USD 0.00". */
  @Test
  void quote_flatPayoutAfterTheTerm_saysItPaysNothing() {
    CommissionPlan plan = CommissionPlan.builder().rule(CommissionRule.builder("flat")
        .flatPerConversion(usd("5.00")).recurring(RecurringTerm.firstPeriods(1)).build()).build();

    CommissionQuote second = quote(plan, charge(2, Instant.parse("2026-02-15T10:00:00Z")));

    assertThat(second.amount()).isEqualTo(usd("0.00"));
    assertThat(second.explanation()).isEqualTo("rule flat matched pro-monthly, billing period 2"
        + " after the first 1 billing periods: nothing after the term = USD 0.00");
    assertThat(quote(plan, charge(1, STARTED)).explanation())
        .endsWith(": USD 5.00 per conversion = USD 5.00");
  }

  @Test
  void rule_thenRateWithAFlatPayout_isRejected() {
    assertThatThrownBy(() -> CommissionRule.builder("flat").flatPerConversion(usd("5.00"))
        .recurring(RecurringTerm.firstMonths(12, pct("10"))).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rule 'flat' recurring rate afterwards needs a percentage payout: "
            + "USD 5.00 per conversion");
  }

  @Test
  void terms_rejectLengthsBelowOne() {
    assertThatThrownBy(() -> RecurringTerm.firstPeriods(0))
        .hasMessage("recurring periods must be at least 1: 0");
    assertThatThrownBy(() -> RecurringTerm.firstMonths(-3))
        .hasMessage("recurring months must be at least 1: -3");
  }

  @Test
  void terms_printThemselves() {
    assertThat(RecurringTerm.lifetime()).hasToString("lifetime");
    assertThat(RecurringTerm.firstMonths(12)).hasToString("first 12 months");
    assertThat(RecurringTerm.firstMonths(12, pct("10"))).hasToString("first 12 months, then 10%");
    assertThat(RecurringTerm.firstPeriods(1_000)).hasToString("first 1,000 billing periods");
    assertThat(RecurringTerm.firstPeriods(3, pct("10")))
        .hasToString("first 3 billing periods, then 10%");
  }
}
