package dev.affiliatekit.commission;

import static dev.affiliatekit.commission.Sales.ANNA;
import static dev.affiliatekit.commission.Sales.credit;
import static dev.affiliatekit.commission.Sales.fullCredit;
import static dev.affiliatekit.commission.Sales.month;
import static dev.affiliatekit.commission.Sales.oneItem;
import static dev.affiliatekit.commission.Sales.pct;
import static dev.affiliatekit.commission.Sales.quote;
import static dev.affiliatekit.commission.Sales.usd;
import static org.assertj.core.api.Assertions.assertThat;

import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.LineItem;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LimitsTest {

  private static final Conversion HUNDRED = oneItem("serum", "SKIN_CARE", "100.00");

  @Nested
  class PerConversion {

    @Test
    void quote_ruleCap_limitsTheRulesAmount() {
      CommissionPlan plan = CommissionPlan.builder().rule(CommissionRule.builder("capped")
          .percentage(pct("10")).cap(usd("5.00")).build()).build();

      CommissionQuote quote = quote(plan, HUNDRED);

      assertThat(quote.amount()).isEqualTo(usd("5.00"));
      assertThat(quote.explanation()).isEqualTo("rule capped matched serum: 10% of USD 100.00 "
          + "(items after discount) = USD 10.00; capped at rule cap USD 5.00");
    }

    @Test
    void quote_capIsForTheWholeConversion_soAHalfShareGetsHalfOfIt() {
      // 10% of the half-share's USD 50.00 is USD 5.00, above half of the USD 8.00 cap.
      CommissionPlan plan = CommissionPlan.builder()
          .rule(CommissionRule.percentage("default", pct("10"))).capPerConversion(usd("8.00"))
          .build();

      CommissionQuote quote = plan.quote(HUNDRED, credit("anna", HUNDRED, "50%", "50.00"),
          CommissionContext.of(ANNA));

      assertThat(quote.amount()).isEqualTo(usd("4.00"));
      assertThat(quote.steps()).containsExactly(
          "rule default matched serum: 10% of USD 50.00 (50% of USD 100.00 items after discount)"
              + " = USD 5.00",
          "capped at cap per conversion USD 4.00 (50% of USD 8.00)");
    }

    @Test
    void quote_capScaledByAThirdShare_roundsDown_soTheSharesNeverExceedTheCap() {
      // A third of USD 1.00 is USD 0.333...; each of three credits gets at most USD 0.33.
      CommissionPlan plan = CommissionPlan.builder()
          .rule(CommissionRule.percentage("default", pct("100"))).capPerConversion(usd("1.00"))
          .build();

      CommissionQuote quote = plan.quote(HUNDRED,
          credit("anna", HUNDRED, "33.3333333333333334%", "33.34"), CommissionContext.of(ANNA));

      assertThat(quote.amount()).isEqualTo(usd("0.33"));
      assertThat(quote.steps()).last().isEqualTo("capped at cap per conversion USD 0.33"
          + " (33.3333333333333334% of USD 1.00 = USD 0.333333333333333334, rounded down)");
    }

    @Test
    void quote_minimum_raisesASmallCommission_butNotZero() {
      CommissionPlan plan = CommissionPlan.builder()
          .rule(CommissionRule.percentage("default", pct("10")))
          .minimumPerConversion(usd("1.00")).build();

      CommissionQuote small = quote(plan, oneItem("sample", "SKIN_CARE", "5.00"));
      assertThat(small.amount()).isEqualTo(usd("1.00"));
      assertThat(small.steps()).containsExactly(
          "rule default matched sample: 10% of USD 5.00 (items after discount) = USD 0.50",
          "raised to minimum per conversion USD 1.00");
      assertThat(quote(plan, oneItem("gift", "SKIN_CARE", "0.00")).amount())
          .isEqualTo(usd("0.00"));
      assertThat(quote(plan, HUNDRED).amount()).isEqualTo(usd("10.00"));
    }

    @Test
    void quote_ruleMinimumThenCap_theCapHasTheLastWord() {
      // A third of the USD 1.00 minimum rounds up to USD 0.34, a third of the USD 1.00 cap down
      // to USD 0.33: the cap wins.
      CommissionPlan plan = CommissionPlan.builder().rule(CommissionRule.builder("r")
          .percentage(pct("0.01")).minimum(usd("1.00")).cap(usd("1.00")).build()).build();

      CommissionQuote quote = plan.quote(HUNDRED,
          credit("anna", HUNDRED, "33.3333333333333334%", "33.34"), CommissionContext.of(ANNA));

      assertThat(quote.amount()).isEqualTo(usd("0.33"));
      assertThat(quote.explanation()).endsWith("; raised to rule minimum USD 0.34"
          + " (33.3333333333333334% of USD 1.00 = USD 0.333333333333333334, rounded up);"
          + " capped at rule cap USD 0.33 (33.3333333333333334% of USD 1.00"
          + " = USD 0.333333333333333334, rounded down)");
    }
  }

  @Nested
  class PerPeriod {

    private final CommissionPlan plan = CommissionPlan.builder()
        .rule(CommissionRule.percentage("default", pct("10")))
        .periodCap(Period.MONTH, usd("100.00")).build();

    private CommissionQuote quote(PeriodPerformance performance) {
      return plan.quote(HUNDRED, fullCredit("anna", HUNDRED),
          CommissionContext.builder(ANNA).performance(performance).build());
    }

    @Test
    void quote_grantsOnlyTheRemainingAllowance() {
      CommissionQuote quote = quote(month(12, "950.00", "95.00"));

      assertThat(quote.amount()).isEqualTo(usd("5.00"));
      assertThat(quote.commission()).isEqualTo(usd("5.00"));
      assertThat(quote.steps()).containsExactly(
          "rule default matched serum: 10% of USD 100.00 (items after discount) = USD 10.00",
          "month cap USD 100.00: USD 95.00 earned so far, USD 5.00 left; commission cut from "
              + "USD 10.00 to USD 5.00",
          "amount USD 5.00");
    }

    @Test
    void quote_belowTheCap_grantsEverything() {
      CommissionQuote quote = quote(month(1, "100.00", "10.00"));

      assertThat(quote.amount()).isEqualTo(usd("10.00"));
      assertThat(quote.steps()).contains(
          "month cap USD 100.00: USD 10.00 earned so far, USD 90.00 left, not reached");
    }

    @Test
    void quote_capAlreadyPassed_grantsNothing() {
      assertThat(quote(month(30, "3000.00", "120.00")).amount()).isEqualTo(usd("0.00"));
      assertThat(quote(month(30, "3000.00", "100.00")).amount()).isEqualTo(usd("0.00"));
    }

    @Test
    void quote_dayAndMonthCaps_theTighterWins() {
      CommissionPlan both = plan.toBuilder().periodCap(Period.DAY, usd("7.00")).build();
      PeriodPerformance today = new PeriodPerformance(Period.DAY,
          java.time.Instant.parse("2026-03-15T00:00:00Z"),
          java.time.Instant.parse("2026-03-16T00:00:00Z"), 0, usd("0.00"), usd("0.00"));

      CommissionQuote quote = both.quote(HUNDRED, fullCredit("anna", HUNDRED),
          CommissionContext.builder(ANNA).performance(month(1, "10.00", "1.00"))
              .performance(today).build());

      assertThat(quote.amount()).isEqualTo(usd("7.00"));
      assertThat(both.periods()).containsExactly(Period.DAY, Period.MONTH);
    }
  }

  @Nested
  class Milestones {

    private final CommissionPlan plan = CommissionPlan.builder()
        .rule(CommissionRule.percentage("default", pct("10")))
        .milestone(Milestone.of("hundredth", Period.MONTH, 100, usd("50.00"))).build();

    private CommissionQuote quote(long earlierSales) {
      return plan.quote(HUNDRED, fullCredit("anna", HUNDRED),
          CommissionContext.builder(ANNA).performance(month(earlierSales, "0.00", "0.00")).build());
    }

    @Test
    void quote_hundredthSale_earnsTheBonus() {
      CommissionQuote quote = quote(99);

      assertThat(quote.amount()).isEqualTo(usd("60.00"));
      assertThat(quote.commission()).isEqualTo(usd("10.00"));
      assertThat(quote.bonus()).isEqualTo(usd("50.00"));
      assertThat(quote.milestoneIds()).containsExactly("hundredth");
      assertThat(quote.steps()).containsExactly(
          "rule default matched serum: 10% of USD 100.00 (items after discount) = USD 10.00",
          "milestone hundredth (100th sale of the month): bonus USD 50.00",
          "amount USD 60.00");
    }

    @Test
    void quote_otherSales_earnNoBonus() {
      assertThat(quote(98).amount()).isEqualTo(usd("10.00"));
      assertThat(quote(100).amount()).isEqualTo(usd("10.00"));
      assertThat(quote(0).milestoneIds()).isEmpty();
    }

    @Test
    void quote_bonusComesAfterTheCommission_withinThePeriodCap() {
      CommissionPlan capped = plan.toBuilder().periodCap(Period.MONTH, usd("1000.00")).build();

      CommissionQuote quote = capped.quote(HUNDRED, fullCredit("anna", HUNDRED),
          CommissionContext.builder(ANNA).performance(month(99, "9900.00", "970.00")).build());

      // USD 30.00 left: the USD 10.00 commission, then USD 20.00 of the USD 50.00 bonus.
      assertThat(quote.commission()).isEqualTo(usd("10.00"));
      assertThat(quote.bonus()).isEqualTo(usd("20.00"));
      assertThat(quote.amount()).isEqualTo(usd("30.00"));
    }

    @Test
    void quote_milestoneReached_isListedEvenWhenThePeriodCapLeavesNoBonus() {
      CommissionPlan capped = CommissionPlan.builder()
          .rule(CommissionRule.percentage("default", pct("10")))
          .milestone(Milestone.of("fourth", Period.MONTH, 4, usd("50.00")))
          .periodCap(Period.MONTH, usd("100.00")).build();
      Conversion sale = oneItem("serum", "SKIN_CARE", "300.00");

      CommissionQuote quote = capped.quote(sale, fullCredit("anna", sale),
          CommissionContext.builder(ANNA).performance(month(3, "900.00", "90.00")).build());

      // The 4th sale reaches the milestone; the USD 10.00 left of the cap goes to the commission
      // (USD 30.00 cut to USD 10.00), so the USD 50.00 bonus is cut to nothing.
      assertThat(quote.milestoneIds()).containsExactly("fourth");
      assertThat(quote.bonus()).isEqualTo(usd("0.00"));
      assertThat(quote.commission()).isEqualTo(usd("10.00"));
      assertThat(quote.amount()).isEqualTo(usd("10.00"));
      assertThat(quote.steps()).contains("month cap USD 100.00: USD 90.00 earned so far, USD 10.00 "
          + "left; commission cut from USD 30.00 to USD 10.00; bonus cut from USD 50.00 to "
          + "USD 0.00");
    }

    @Test
    void quote_milestoneCondition_mustHold() {
      CommissionPlan onlyGold = CommissionPlan.builder()
          .rule(CommissionRule.percentage("default", pct("10")))
          .milestone(Milestone.of("hundredth", Period.MONTH, 100, usd("50.00"))
              .when(Condition.is(Attribute.AFFILIATE_GROUP, "gold"))).build();

      CommissionQuote quote = onlyGold.quote(HUNDRED, fullCredit("anna", HUNDRED),
          CommissionContext.builder(ANNA).performance(month(99, "0.00", "0.00")).build());

      assertThat(quote.bonus()).isEqualTo(usd("0.00"));
    }
  }

  @Test
  void quote_zeroNotRecorded_saysSo() {
    CommissionPlan plan = CommissionPlan.builder()
        .rule(CommissionRule.builder("skin").target(RuleTarget.categories("SKIN_CARE"))
            .percentage(pct("10")).build())
        .recordZero(false).build();
    Conversion bag = oneItem("tote", "BAGS", "20.00");

    CommissionQuote quote = quote(plan, bag);

    assertThat(quote.amount()).isEqualTo(usd("0.00"));
    assertThat(quote.isRecorded()).isFalse();
    assertThat(quote.ruleIds()).isEmpty();
    assertThat(quote.steps()).containsExactly("no rule matched tote",
        "zero commission is not recorded");
    assertThat(quote(plan, HUNDRED).isRecorded()).isTrue();
    assertThat(quote(plan.toBuilder().recordZero(true).build(), bag).isRecorded()).isTrue();
  }

  @Test
  void quote_flatPerUnit_countsTheUnitsOfTheRulesItems() {
    CommissionPlan plan = CommissionPlan.builder().rule(CommissionRule.builder("per-unit")
        .flatPerUnit(usd("1.50")).build()).build();
    Conversion sale = Sales.order("o1", "60.00")
        .lineItem(LineItem.of("serum", "SKIN_CARE", 3, usd("20.00"))).build();

    CommissionQuote quote = quote(plan, sale);

    assertThat(quote.amount()).isEqualTo(usd("4.50"));
    assertThat(quote.explanation())
        .isEqualTo("rule per-unit matched serum: USD 1.50 per unit × 3 units = USD 4.50");
  }

  @Test
  void quote_flatPerConversion_isSharedByTheCredits() {
    CommissionPlan plan = CommissionPlan.builder().rule(CommissionRule.builder("flat")
        .flatPerConversion(usd("5.00")).build()).build();

    CommissionQuote quote = plan.quote(HUNDRED, credit("anna", HUNDRED, "50%", "50.00"),
        CommissionContext.of(ANNA));

    assertThat(quote.amount()).isEqualTo(usd("2.50"));
    assertThat(quote.explanation())
        .isEqualTo("rule flat matched serum: USD 5.00 per conversion × 50% share = USD 2.50");
  }

  @Test
  void quote_orderWithoutItems_isOneUnitOfItsSubtotal() {
    CommissionPlan plan = CommissionPlan.builder()
        .rule(CommissionRule.percentage("default", pct("10"))).build();
    Conversion sale = Sales.order("o1", "55.00").shipping(usd("5.00")).build();

    CommissionQuote quote = quote(plan, sale);

    assertThat(quote.amount()).isEqualTo(usd("5.00"));
    assertThat(quote.explanation())
        .isEqualTo("rule default matched: 10% of USD 50.00 (items after discount) = USD 5.00");
  }

  @Test
  void quote_noRuleForAnOrderWithoutItems_saysSo() {
    CommissionQuote quote = quote(CommissionPlan.builder().build(),
        Sales.order("o1", "55.00").build());

    assertThat(quote.amount()).isEqualTo(usd("0.00"));
    assertThat(quote.explanation()).isEqualTo("no rule matched");
    assertThat(quote.isRecorded()).isTrue();
  }
}
