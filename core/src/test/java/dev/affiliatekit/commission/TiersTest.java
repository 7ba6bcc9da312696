package dev.affiliatekit.commission;

import static dev.affiliatekit.commission.Sales.ANNA;
import static dev.affiliatekit.commission.Sales.fullCredit;
import static dev.affiliatekit.commission.Sales.month;
import static dev.affiliatekit.commission.Sales.oneItem;
import static dev.affiliatekit.commission.Sales.pct;
import static dev.affiliatekit.commission.Sales.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.Credit;
import dev.affiliatekit.attribution.LineItem;
import dev.affiliatekit.money.CurrencyMismatchException;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TiersTest {

  private static CommissionQuote quote(CommissionPlan plan, Conversion sale,
      PeriodPerformance performance) {
    return plan.quote(sale, fullCredit("anna", sale),
        CommissionContext.builder(ANNA).performance(performance).build());
  }

  /** {@return the quote after the period's performance, rule {@code tiers} last paid at a tier} */
  private static CommissionQuote quote(CommissionPlan plan, Conversion sale,
      PeriodPerformance performance, int paidTier) {
    return plan.quote(sale, fullCredit("anna", sale), CommissionContext.builder(ANNA)
        .performance(performance).paidTier("tiers", paidTier).build());
  }

  private static CommissionPlan plan(Payout payout) {
    return CommissionPlan.builder().rule(CommissionRule.builder("tiers").payout(payout).build())
        .build();
  }

  /** {@return the plan with a rule of 5% for bags, which the tiered rule does not price} */
  private static CommissionPlan withBags(CommissionPlan plan) {
    return plan.toBuilder().rule(CommissionRule.builder("bags")
        .target(RuleTarget.categories("BAGS")).percentage(pct("5")).build()).build();
  }

  /** {@return the quote of a bag of USD 60.00 after the month's sales, the tier paid being 1} */
  private static CommissionQuote bagAfter(CommissionPlan withBags, long sales, String revenue,
      String commissions) {
    Conversion bag = oneItem("tote", "BAGS", "60.00");
    return quote(withBags, bag, month(sales, revenue, commissions), 1);
  }

  @Nested
  class BySalesForTheWholePeriod {

    // 10% from the first sale of the month, 20% once the affiliate passes 50 sales.
    private final CommissionPlan plan = plan(Payout.tieredBySales(Period.MONTH,
        TierMode.WHOLE_PERIOD, new Payout.SalesTier(1, pct("10")),
        new Payout.SalesTier(51, pct("20"))));
    private final Conversion sale = oneItem("serum", "SKIN_CARE", "40.00");

    @Test
    void quote_fiftiethSale_earnsTheFirstTier() {
      CommissionQuote quote = quote(plan, sale, month(49, "1960.00", "196.00"));

      assertThat(quote.amount()).isEqualTo(usd("4.00"));
      assertThat(quote.tiersReached()).isEmpty();
    }

    /** Regression: the first sale of a month was told its earlier sales were owed a true-up. */
    @Test
    void quote_firstSaleOfThePeriodReachingATier_saysNoEarlierSalesAreOwedATrueUp() {
      CommissionPlan byRevenue = plan(Payout.tieredByRevenue(Period.MONTH, TierMode.WHOLE_PERIOD,
          new Payout.RevenueTier(usd("0.00"), pct("10")),
          new Payout.RevenueTier(usd("30.00"), pct("20"))));

      CommissionQuote quote = quote(byRevenue, sale, month(0, "0.00", "0.00"));

      assertThat(quote.amount()).isEqualTo(usd("8.00"));
      assertThat(quote.explanation()).endsWith("= USD 8.00; tier 2 reached, with no earlier sales"
          + " of the month to true up");
    }

    @Test
    void quote_fiftyFirstSale_earnsTheSecondTier_andSaysTheEarlierSalesAreOwedATrueUp() {
      CommissionQuote quote = quote(plan, sale, month(50, "2000.00", "200.00"));

      assertThat(quote.amount()).isEqualTo(usd("8.00"));
      assertThat(quote.tiersReached()).containsExactly(new TierReached("tiers", Period.MONTH, 2,
          pct("10"), pct("20"), RoundingMode.HALF_EVEN));
      assertThat(quote.explanation()).isEqualTo("rule tiers matched serum: tier 2 of month "
          + "sales tiers (51st sale, whole period): 20% of USD 40.00 (items after discount) "
          + "= USD 8.00; tier 2 reached, so the rule's earlier sales of the month, if any, are"
          + " owed a true-up "
          + "from 10% to 20%");
      // The first 50 sales had bases of USD 2000.00 and earned USD 200.00 at 10%: at 20% they
      // earn USD 400.00, so USD 200.00 is owed.
      TierReached reached = quote.tiersReached().get(0);
      assertThat(reached.trueUp(usd("2000.00"), usd("200.00"))).isEqualTo(usd("200.00"));
    }

    @Test
    void quote_fiftySecondSale_staysInTheSecondTier_withNothingMoreOwed() {
      CommissionQuote quote = quote(plan, sale, month(51, "2040.00", "408.00"));

      assertThat(quote.amount()).isEqualTo(usd("8.00"));
      assertThat(quote.tiersReached()).isEmpty();
    }

    @Test
    void quote_paidTierBelowTheTierOfThisSale_reachesTheTier_evenPastTheThreshold() {
      // Sales 1 to 51 of the month went by, but the rule last paid its own sales at tier 1: other
      // rules priced the 51st, so this rule's earlier sales are still owed the new rate.
      CommissionQuote quote = quote(plan, sale, month(51, "2040.00", "208.00"), 1);

      assertThat(quote.amount()).isEqualTo(usd("8.00"));
      assertThat(quote.tiersReached()).containsExactly(new TierReached("tiers", Period.MONTH, 2,
          pct("10"), pct("20"), RoundingMode.HALF_EVEN));
      assertThat(quote.tiers()).isEqualTo(Map.of("tiers", 2));
      assertThat(quote.explanation()).endsWith("tier 2 reached, so the earlier sales of the month"
          + " are owed a true-up from 10% to 20%");
    }

    @Test
    void quote_paidTierOfThisSale_reachesNothing_andWithoutOneTheCountDecides() {
      CommissionQuote paid = quote(plan, sale, month(50, "2000.00", "200.00"), 2);
      CommissionQuote unknown = quote(plan, sale, month(51, "2040.00", "208.00"));

      assertThat(paid.tiersReached()).isEmpty();
      assertThat(paid.tiers()).isEqualTo(Map.of("tiers", 2));
      assertThat(unknown.tiersReached()).isEmpty();
      assertThat(unknown.tiers()).isEqualTo(Map.of("tiers", 2));
    }

    @Test
    void quote_saleOfAnotherRule_liftingTheCount_reachesTheTierOfTheTieredRule() {
      CommissionPlan withBags = withBags(plan);

      CommissionQuote fiftyFirst = bagAfter(withBags, 50, "2000.00", "200.00");
      CommissionQuote fiftieth = bagAfter(withBags, 49, "1960.00", "196.00");

      assertThat(fiftyFirst.amount()).isEqualTo(usd("3.00"));
      assertThat(fiftyFirst.ruleIds()).containsExactly("bags");
      assertThat(fiftyFirst.tiersReached()).containsExactly(new TierReached("tiers",
          Period.MONTH, 2, pct("10"), pct("20"), RoundingMode.HALF_EVEN));
      assertThat(fiftyFirst.tiers()).isEmpty();
      assertThat(fiftyFirst.steps()).contains("rule tiers did not pay this sale, but the month's"
          + " 51st sale is in tier 2 (whole period); tier 2 reached, so the earlier sales of the"
          + " month are owed a true-up from 10% to 20%");
      assertThat(fiftieth.tiersReached()).isEmpty();
      assertThat(fiftieth.tiers()).isEmpty();
    }

    @Test
    void tiers_ofSeveralRules_areOrderedByRuleId_inEveryJvm() {
      // Map.copyOf orders its keys by a seed the JVM draws at start, so a quote's tiers were
      // listed, and printed, in another order after each restart.
      CommissionPlan.Builder builder = CommissionPlan.builder();
      List<String> ids = List.of("tier-e", "tier-b", "tier-d", "tier-a", "tier-f", "tier-c");
      Conversion.Builder order = Sales.order("o-many", "60.00");
      for (String id : ids) {
        builder.rule(CommissionRule.builder(id).target(RuleTarget.categories(id.toUpperCase()))
            .payout(Payout.tieredBySales(Period.MONTH, TierMode.WHOLE_PERIOD,
                new Payout.SalesTier(1, pct("10")))).build());
        order.lineItem(Sales.item(id, id.toUpperCase(), "10.00"));
      }
      Conversion many = order.build();

      CommissionQuote quote = quote(builder.build(), many, month(0, "0.00", "0.00"));

      assertThat(quote.tiers().keySet()).containsExactly("tier-a", "tier-b", "tier-c", "tier-d",
          "tier-e", "tier-f");
    }

    @Test
    void trueUp_roundsOnce_andIsNeverNegative() {
      TierReached reached = new TierReached("tiers", Period.MONTH, 2, pct("10"), pct("12.5"),
          RoundingMode.HALF_EVEN);
      // 12.5% of USD 0.10 = USD 0.0125, rounded to USD 0.01; USD 0.01 was paid.
      assertThat(reached.trueUp(usd("0.10"), usd("0.01"))).isEqualTo(usd("0.00"));
      // 12.5% of USD 100.02 = USD 12.5025 -> USD 12.50, less USD 10.00 paid.
      assertThat(reached.trueUp(usd("100.02"), usd("10.00"))).isEqualTo(usd("2.50"));
      assertThat(reached.trueUp(usd("100.00"), usd("20.00"))).isEqualTo(usd("0.00"));
      assertThatThrownBy(() -> reached.trueUp(usd("1.00"), Money.parse("EUR 0.10")))
          .isInstanceOf(CurrencyMismatchException.class);
    }
  }

  /**
   * Tiers for the whole period whose rate does not rise from one tier to the next: reaching such
   * a tier changes no rate, so the earlier sales are owed nothing and the tier is not reached.
   */
  @Nested
  class AtTheRateOfTheTierBefore {

    // 10% from sale 1 and from sale 3, 20% from sale 5.
    private final CommissionPlan plan = plan(Payout.tieredBySales(Period.MONTH,
        TierMode.WHOLE_PERIOD, new Payout.SalesTier(1, pct("10")),
        new Payout.SalesTier(3, pct("10")), new Payout.SalesTier(5, pct("20"))));
    private final Conversion sale = oneItem("serum", "SKIN_CARE", "40.00");

    /** Regression: the third sale reached tier 2 "from 10% to 10%", owing the first two. */
    @Test
    void quote_saleEnteringATierAtTheSameRate_reachesNothing_butIsPaidAtThatTier() {
      CommissionQuote paid = quote(plan, sale, month(2, "80.00", "8.00"), 1);
      CommissionQuote unknown = quote(plan, sale, month(2, "80.00", "8.00"));

      for (CommissionQuote quote : List.of(paid, unknown)) {
        assertThat(quote.amount()).isEqualTo(usd("4.00"));
        assertThat(quote.tiersReached()).isEmpty();
        assertThat(quote.tiers()).isEqualTo(Map.of("tiers", 2));
        assertThat(quote.explanation()).isEqualTo("rule tiers matched serum: tier 2 of month"
            + " sales tiers (3rd sale, whole period): 10% of USD 40.00 (items after discount)"
            + " = USD 4.00");
      }
    }

    @Test
    void quote_saleEnteringAHigherRate_reachesIt_fromTheRateTheEarlierSalesWerePaidAt() {
      // The first four sales were paid 10%, at tier 1 and then at tier 2 of the same rate.
      CommissionQuote paidAtTier2 = quote(plan, sale, month(4, "160.00", "16.00"), 2);
      CommissionQuote paidAtTier1 = quote(plan, sale, month(4, "160.00", "16.00"), 1);

      for (CommissionQuote quote : List.of(paidAtTier2, paidAtTier1)) {
        assertThat(quote.amount()).isEqualTo(usd("8.00"));
        assertThat(quote.tiersReached()).containsExactly(new TierReached("tiers", Period.MONTH,
            3, pct("10"), pct("20"), RoundingMode.HALF_EVEN));
        assertThat(quote.explanation()).endsWith("tier 3 reached, so the earlier sales of the"
            + " month are owed a true-up from 10% to 20%");
      }
    }

    @Test
    void quote_saleOfAnotherRule_liftingTheCountIntoATierAtTheSameRate_reachesNothing() {
      CommissionPlan withBags = withBags(plan);

      CommissionQuote third = bagAfter(withBags, 2, "80.00", "8.00");
      CommissionQuote fifth = bagAfter(withBags, 4, "160.00", "16.00");

      assertThat(third.amount()).isEqualTo(usd("3.00"));
      assertThat(third.tiersReached()).isEmpty();
      assertThat(third.explanation()).isEqualTo("rule bags matched tote (item.category = BAGS):"
          + " 5% of USD 60.00 (items after discount) = USD 3.00");
      assertThat(fifth.tiersReached()).containsExactly(new TierReached("tiers", Period.MONTH,
          3, pct("10"), pct("20"), RoundingMode.HALF_EVEN));
    }

    @Test
    void quote_byRevenue_saleCrossingIntoATierAtTheSameRate_reachesNothing() {
      CommissionPlan byRevenue = plan(Payout.tieredByRevenue(Period.MONTH,
          TierMode.WHOLE_PERIOD, new Payout.RevenueTier(usd("0.00"), pct("10")),
          new Payout.RevenueTier(usd("100.00"), pct("10")),
          new Payout.RevenueTier(usd("500.00"), pct("20"))));

      CommissionQuote second = quote(byRevenue, sale, month(2, "80.00", "8.00"));
      CommissionQuote third = quote(byRevenue, oneItem("serum", "SKIN_CARE", "400.00"),
          month(3, "120.00", "12.00"));

      assertThat(second.amount()).isEqualTo(usd("4.00"));
      assertThat(second.tiersReached()).isEmpty();
      assertThat(second.tiers()).isEqualTo(Map.of("tiers", 2));
      assertThat(second.explanation()).isEqualTo("rule tiers matched serum: month revenue"
          + " USD 80.00..USD 120.00 (tier 2, whole period): 10% of USD 40.00 (items after"
          + " discount) = USD 4.00");
      assertThat(third.tiersReached()).containsExactly(new TierReached("tiers", Period.MONTH,
          3, pct("10"), pct("20"), RoundingMode.HALF_EVEN));
    }
  }

  @Test
  void quote_progressiveBySales_paysTheRateOfTheSalesOwnBracket_withoutTrueUp() {
    CommissionPlan plan = plan(Payout.tieredBySales(Period.MONTH, TierMode.PROGRESSIVE,
        new Payout.SalesTier(1, pct("10")), new Payout.SalesTier(51, pct("20"))));

    CommissionQuote quote = quote(plan, oneItem("serum", "SKIN_CARE", "40.00"),
        month(50, "2000.00", "200.00"));

    assertThat(quote.amount()).isEqualTo(usd("8.00"));
    assertThat(quote.tiersReached()).isEmpty();
  }

  @Nested
  class ByRevenue {

    private final Payout.RevenueTier low = new Payout.RevenueTier(usd("0.00"), pct("10"));
    private final Payout.RevenueTier high = new Payout.RevenueTier(usd("1000.00"), pct("20"));
    private final Conversion sale = oneItem("serum", "SKIN_CARE", "300.00");

    @Test
    void quote_progressive_splitsTheSaleAtTheThreshold() {
      // USD 900.00 earlier this month; the sale's USD 300.00 puts USD 100.00 in the 10% bracket
      // and USD 200.00 in the 20% bracket: USD 10.00 + USD 40.00.
      CommissionPlan plan = plan(Payout.tieredByRevenue(Period.MONTH, TierMode.PROGRESSIVE, low,
          high));

      CommissionQuote quote = quote(plan, sale, month(9, "900.00", "90.00"));

      assertThat(quote.amount()).isEqualTo(usd("50.00"));
      assertThat(quote.explanation()).isEqualTo("rule tiers matched serum: month revenue "
          + "USD 900.00..USD 1200.00 (progressive) on USD 300.00 (items after discount): 10% of "
          + "USD 100.00 + 20% of USD 200.00 = USD 50.00");
      assertThat(quote.tiersReached()).isEmpty();
    }

    @Test
    void quote_progressive_saleEndingWhereATierStarts_showsNoEmptyPart() {
      CommissionQuote quote = quote(plan(Payout.tieredByRevenue(Period.MONTH,
          TierMode.PROGRESSIVE, low, high)), sale, month(7, "700.00", "70.00"));

      assertThat(quote.amount()).isEqualTo(usd("30.00"));
      // Regression: the sale was said to be paid at tier 2, which paid nothing of it.
      assertThat(quote.tiers()).isEqualTo(Map.of("tiers", 1));
      assertThat(quote.explanation()).isEqualTo("rule tiers matched serum: month revenue "
          + "USD 700.00..USD 1000.00 (progressive) on USD 300.00 (items after discount): 10% of "
          + "USD 300.00 = USD 30.00");
    }

    /**
     * Regression: the progressive explanation showed the slices alone, not the credit share nor
     * the base they slice, which the whole-period explanation of the same sale shows.
     */
    @Test
    void quote_progressive_showsTheCreditedBaseItSlices() {
      Conversion order = Sales.order("o2", "95.00").lineItem(Sales.item("serum", "SKIN_CARE",
          "100.00")).discount(usd("10.00")).shipping(usd("5.00")).build();
      Credit half = Sales.credit("anna", order, "50%", "47.50");
      PeriodPerformance before = month(7, "980.00", "98.00");

      for (TierMode mode : TierMode.values()) {
        CommissionPlan plan = CommissionPlan.builder().rule(CommissionRule.builder("tiers")
            .base(Base.orderTotal()).payout(Payout.tieredByRevenue(Period.MONTH, mode, low,
                high)).build()).build();
        CommissionQuote quote = plan.quote(order, half,
            CommissionContext.builder(ANNA).performance(before).build());

        // Half of the order's USD 95.00 takes the month from USD 980.00 to USD 1027.50.
        assertThat(quote.explanation()).as("%s", mode).startsWith("rule tiers matched serum: "
            + "month revenue USD 980.00..USD 1027.50 (" + (mode == TierMode.PROGRESSIVE
                ? "progressive) on USD 47.50 (50% of USD 95.00 order total): 10% of USD 20.00 "
                    + "+ 20% of USD 27.50 = USD 7.50"
                : "tier 2, whole period): 20% of USD 47.50 (50% of USD 95.00 order total) "
                    + "= USD 9.50; tier 2 reached"));
      }
    }

    @Test
    void quote_progressive_insideOneBracket() {
      CommissionPlan plan = plan(Payout.tieredByRevenue(Period.MONTH, TierMode.PROGRESSIVE, low,
          high));

      assertThat(quote(plan, sale, month(2, "100.00", "10.00")).amount()).isEqualTo(usd("30.00"));
      assertThat(quote(plan, sale, month(20, "5000.00", "900.00")).amount())
          .isEqualTo(usd("60.00"));
    }

    @Test
    void quote_wholePeriod_paysTheReachedRateOnTheWholeSale() {
      CommissionPlan plan = plan(Payout.tieredByRevenue(Period.MONTH, TierMode.WHOLE_PERIOD, low,
          high));

      CommissionQuote quote = quote(plan, sale, month(9, "900.00", "90.00"));

      assertThat(quote.amount()).isEqualTo(usd("60.00"));
      assertThat(quote.tiersReached()).singleElement()
          .satisfies(reached -> {
            assertThat(reached.tier()).isEqualTo(2);
            // USD 900.00 earned USD 90.00; at 20% it earns USD 180.00.
            assertThat(reached.trueUp(usd("900.00"), usd("90.00"))).isEqualTo(usd("90.00"));
          });
      assertThat(quote.explanation()).startsWith("rule tiers matched serum: month revenue "
          + "USD 900.00..USD 1200.00 (tier 2, whole period): 20% of USD 300.00 (items after "
          + "discount) = USD 60.00; tier 2 reached");
    }

    @Test
    void quote_mixedSale_countsTheOtherRulesItemsFirst_whateverTheItemOrder() {
      // 10% up to USD 200.00 of the month's revenue and 20% from there, on serums; 5% on bags.
      Payout.RevenueTier from200 = new Payout.RevenueTier(usd("200.00"), pct("20"));
      for (TierMode mode : TierMode.values()) {
        CommissionPlan plan = CommissionPlan.builder().rule(CommissionRule.builder("tiers")
                .target(RuleTarget.categories("SKIN_CARE"))
                .payout(Payout.tieredByRevenue(Period.MONTH, mode, low, from200)).build())
            .rule(CommissionRule.builder("bags").target(RuleTarget.categories("BAGS"))
                .percentage(pct("5")).build()).build();
        Conversion bagFirst = Sales.order("o2", "150.00")
            .lineItem(Sales.item("tote", "BAGS", "100.00"))
            .lineItem(Sales.item("serum", "SKIN_CARE", "50.00")).build();
        Conversion serumFirst = Sales.order("o2", "150.00")
            .lineItem(Sales.item("serum", "SKIN_CARE", "50.00"))
            .lineItem(Sales.item("tote", "BAGS", "100.00")).build();

        // USD 100.00 earlier, then the tote's USD 100.00 take the month to USD 200.00: the
        // serum's USD 50.00 is in the 20% tier in either mode, and the tote earns USD 5.00.
        for (Conversion sale : List.of(bagFirst, serumFirst)) {
          CommissionQuote quote = quote(plan, sale, month(1, "100.00", "10.00"), 1);
          assertThat(quote.amount()).as("%s, %s", mode, sale.lineItems())
              .isEqualTo(usd("15.00"));
          assertThat(quote.tiers()).isEqualTo(Map.of("tiers", 2));
          assertThat(quote.tiersReached()).extracting(TierReached::tier)
              .isEqualTo(mode == TierMode.WHOLE_PERIOD ? List.of(2) : List.of());
        }
      }
    }

    @Test
    void quote_twoProgressiveRulesInOneSale_sliceTheRevenueInThePlansOrder() {
      // USD 900.00 earlier; serums earn 10% up to USD 1000.00 of the month's revenue and 20%
      // above, bags 5% and 8%. The serum's rule comes first in the plan, so the serum takes
      // 900..1000 and the tote 1000..1100: USD 10.00 + USD 8.00, whatever the item order.
      CommissionPlan plan = CommissionPlan.builder().rule(CommissionRule.builder("skin")
              .target(RuleTarget.categories("SKIN_CARE"))
              .payout(Payout.tieredByRevenue(Period.MONTH, TierMode.PROGRESSIVE, low, high)).build())
          .rule(CommissionRule.builder("bags").target(RuleTarget.categories("BAGS"))
              .payout(Payout.tieredByRevenue(Period.MONTH, TierMode.PROGRESSIVE,
                  new Payout.RevenueTier(usd("0.00"), pct("5")),
                  new Payout.RevenueTier(usd("1000.00"), pct("8")))).build()).build();
      for (boolean serumFirst : new boolean[] {true, false}) {
        Conversion.Builder order = Sales.order("o2", "200.00");
        LineItem serum = Sales.item("serum", "SKIN_CARE", "100.00");
        LineItem tote = Sales.item("tote", "BAGS", "100.00");
        Conversion sale = (serumFirst ? order.lineItem(serum).lineItem(tote)
            : order.lineItem(tote).lineItem(serum)).build();

        assertThat(quote(plan, sale, month(9, "900.00", "90.00")).amount())
            .as("serum first: %s", serumFirst).isEqualTo(usd("18.00"));
      }
    }

    @Test
    void quote_wholePeriod_saleOfAnotherRuleCrossingTheThreshold_reachesTheTier() {
      CommissionPlan withBags = plan(Payout.tieredByRevenue(Period.MONTH, TierMode.WHOLE_PERIOD,
          low, high)).toBuilder().rule(CommissionRule.builder("bags")
          .target(RuleTarget.categories("BAGS")).percentage(pct("5")).build()).build();
      Conversion bag = oneItem("tote", "BAGS", "300.00");

      CommissionQuote quote = quote(withBags, bag, month(3, "900.00", "90.00"), 1);

      // USD 900.00 + USD 300.00 of revenue passes USD 1000.00.
      assertThat(quote.tiersReached()).extracting(TierReached::tier).containsExactly(2);
      assertThat(quote.steps()).anyMatch(step -> step.startsWith("rule tiers did not pay this"
          + " sale, but month revenue USD 1200.00 is in tier 2 (whole period)"));
    }

    @Test
    void quote_wholePeriod_exactlyAtTheThreshold_reachesIt() {
      CommissionPlan plan = plan(Payout.tieredByRevenue(Period.MONTH, TierMode.WHOLE_PERIOD, low,
          high));

      assertThat(quote(plan, sale, month(7, "700.00", "70.00")).amount()).isEqualTo(usd("60.00"));
      assertThat(quote(plan, sale, month(7, "699.99", "70.00")).amount()).isEqualTo(usd("30.00"));
    }
  }

  @Test
  void payouts_printThemselves_andSayWhetherTheyTrueUpAPeriod() {
    Payout.SalesTier fromFirst = new Payout.SalesTier(1, pct("10"));
    Payout.SalesTier from1001st = new Payout.SalesTier(1_001, pct("20"));
    Payout.RevenueTier fromZero = new Payout.RevenueTier(usd("0.00"), pct("10"));
    Payout.RevenueTier fromThousand = new Payout.RevenueTier(usd("1000.00"), pct("20"));

    assertThat(Payout.percentage(pct("15"))).hasToString("15%");
    assertThat(Payout.flatPerConversion(usd("5.00"))).hasToString("USD 5.00 per conversion");
    assertThat(Payout.flatPerUnit(usd("1.50"))).hasToString("USD 1.50 per unit");
    assertThat(fromFirst).hasToString("10% from sale 1");
    assertThat(fromThousand).hasToString("20% from USD 1000.00");
    assertThat(Payout.tieredBySales(Period.MONTH, TierMode.WHOLE_PERIOD, fromFirst, from1001st))
        .hasToString("month sales tiers (whole period): 10% from sale 1, 20% from sale 1,001");
    assertThat(Payout.tieredByRevenue(Period.QUARTER, TierMode.PROGRESSIVE, fromZero,
        fromThousand)).hasToString("quarter revenue tiers (progressive): 10% from USD 0.00, 20%"
            + " from USD 1000.00");
    assertThat(new TierReached("monthly-tiers", Period.MONTH, 2, pct("10"), pct("20"),
        RoundingMode.HALF_EVEN))
        .hasToString("tier 2 of rule monthly-tiers reached: 20% (from 10%) for the whole month");

    // Only tiers for the whole period true up the period's earlier sales.
    for (TierMode mode : TierMode.values()) {
      Optional<Period> expected = mode == TierMode.WHOLE_PERIOD ? Optional.of(Period.WEEK)
          : Optional.empty();
      assertThat(Payout.tieredBySales(Period.WEEK, mode, fromFirst).wholePeriod()).as("%s", mode)
          .isEqualTo(expected);
      assertThat(Payout.tieredByRevenue(Period.WEEK, mode, fromZero).wholePeriod())
          .as("%s", mode).isEqualTo(expected);
      assertThat(Payout.tieredByRevenue(Period.WEEK, mode, fromZero).currency())
          .contains(CurrencyUnit.USD);
      assertThat(Payout.tieredBySales(Period.WEEK, mode, fromFirst).currency()).isEmpty();
    }
    assertThat(Payout.percentage(pct("15")).wholePeriod()).isEmpty();
  }

  @Test
  void tiers_rejectBadSchedules() {
    assertThatThrownBy(() -> Payout.tieredBySales(Period.MONTH, TierMode.PROGRESSIVE))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("tiers must not be empty: []");
    assertThatThrownBy(() -> Payout.tieredBySales(Period.MONTH, TierMode.PROGRESSIVE,
        new Payout.SalesTier(2, pct("10"))))
        .hasMessage("tiers must start from sale 1: 2");
    assertThatThrownBy(() -> Payout.tieredBySales(Period.MONTH, TierMode.PROGRESSIVE,
        new Payout.SalesTier(1, pct("10")), new Payout.SalesTier(1, pct("20"))))
        .hasMessage("tiers must increase: sale 1 after sale 1");
    assertThatThrownBy(() -> new Payout.SalesTier(0, pct("10")))
        .hasMessage("tier fromSale must be at least 1: 0");
    // The whole period's rates must not fall, as a true-up never takes back what sales earned;
    // progressive tiers may fall, and equal rates are allowed.
    assertThatThrownBy(() -> Payout.tieredBySales(Period.MONTH, TierMode.WHOLE_PERIOD,
        new Payout.SalesTier(1, pct("10")), new Payout.SalesTier(3, pct("5"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("tiers for the whole period must not fall: tier 2 pays 5% after 10%");
    assertThatThrownBy(() -> Payout.tieredByRevenue(Period.MONTH, TierMode.WHOLE_PERIOD,
        new Payout.RevenueTier(usd("0.00"), pct("10")),
        new Payout.RevenueTier(usd("100.00"), pct("10")),
        new Payout.RevenueTier(usd("200.00"), pct("8"))))
        .hasMessage("tiers for the whole period must not fall: tier 3 pays 8% after 10%");
    assertThat(new Payout.TieredBySales(Period.MONTH, TierMode.PROGRESSIVE, List.of(
        new Payout.SalesTier(1, pct("10")), new Payout.SalesTier(3, pct("5")))).tiers()).hasSize(2);
    assertThatThrownBy(() -> Payout.tieredByRevenue(Period.MONTH, TierMode.PROGRESSIVE))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("tiers must not be empty: []");
    assertThatThrownBy(() -> Payout.tieredByRevenue(Period.MONTH, TierMode.PROGRESSIVE,
        new Payout.RevenueTier(usd("5.00"), pct("10"))))
        .hasMessage("tiers must start from zero: USD 5.00");
    assertThatThrownBy(() -> Payout.tieredByRevenue(Period.MONTH, TierMode.PROGRESSIVE,
        new Payout.RevenueTier(usd("0.00"), pct("10")),
        new Payout.RevenueTier(usd("0.00"), pct("20"))))
        .hasMessage("tiers must increase: USD 0.00 after USD 0.00");
    assertThatThrownBy(() -> Payout.tieredByRevenue(Period.MONTH, TierMode.PROGRESSIVE,
        new Payout.RevenueTier(usd("0.00"), pct("10")),
        new Payout.RevenueTier(usd("10.00"), pct("15")),
        new Payout.RevenueTier(Money.parse("EUR 20.00"), pct("20"))))
        .isInstanceOf(dev.affiliatekit.money.CurrencyMismatchException.class)
        .hasMessage("tier 3 from must be in USD, the currency of the first tier: EUR 20.00");
    assertThatThrownBy(() -> new Payout.RevenueTier(usd("-1.00"), pct("10")))
        .hasMessage("tier from must not be negative: USD -1.00");
    assertThatThrownBy(() -> Payout.tieredByRevenue(Period.MONTH, TierMode.PROGRESSIVE,
        new Payout.RevenueTier(usd("0.00"), pct("10")),
        new Payout.RevenueTier(Money.parse("EUR 10.00"), pct("20"))))
        .isInstanceOf(CurrencyMismatchException.class);
    assertThatThrownBy(() -> new TierReached("t", Period.MONTH, 1, pct("1"), pct("2"),
        RoundingMode.HALF_EVEN)).hasMessage("tier reached must be at least 2: 1");
  }

  @Test
  void quote_saleNumberBeyondALong_overflowsInsteadOfWrapping() {
    Conversion sale = oneItem("serum", "SKIN_CARE", "100.00");
    String overflow = "month sales would overflow: 9223372036854775807 before the next sale";
    for (TierMode mode : TierMode.values()) {
      CommissionPlan plan = plan(Payout.tieredBySales(Period.MONTH, mode,
          new Payout.SalesTier(1, pct("10")), new Payout.SalesTier(Long.MAX_VALUE, pct("30"))));

      // The last sale a long can number reaches the top tier: 30% of USD 100.00.
      assertThat(quote(plan, sale, month(Long.MAX_VALUE - 1, "0.00", "0.00")).amount())
          .as("%s", mode).isEqualTo(usd("30.00"));
      assertThatThrownBy(() -> quote(plan, sale, month(Long.MAX_VALUE, "0.00", "0.00")))
          .as("%s", mode).isInstanceOf(ArithmeticException.class).hasMessage(overflow);
    }
    CommissionPlan milestone = CommissionPlan.builder()
        .rule(CommissionRule.percentage("default", pct("10")))
        .milestone(Milestone.of("first", Period.MONTH, 1, usd("5.00"))).build();
    assertThatThrownBy(() -> quote(milestone, sale, month(Long.MAX_VALUE, "0.00", "0.00")))
        .isInstanceOf(ArithmeticException.class).hasMessage(overflow);
  }

  /** Regression: the message named neither the figure, the period nor the sale. */
  @Test
  void plus_revenueBeyondALong_namesTheFigureThePeriodAndTheSale() {
    CommissionPlan plan = plan(Payout.tieredBySales(Period.MONTH, TierMode.WHOLE_PERIOD,
        new Payout.SalesTier(1, pct("10"))));
    Conversion sale = oneItem("serum", "SKIN_CARE", "100.00");
    PeriodPerformance nearlyFull = new PeriodPerformance(Period.MONTH, Sales.MONTH_START,
        Sales.MONTH_END, 1, Money.ofMinor(Long.MAX_VALUE - 9_999, CurrencyUnit.USD), usd("0.00"));
    CommissionQuote quote = quote(plan, sale, nearlyFull);

    assertThatThrownBy(() -> nearlyFull.plus(quote)).isInstanceOf(ArithmeticException.class)
        .hasMessage("month revenue would overflow with sale '" + sale.orderId()
            + "': USD 92233720368547658.08 + USD 100.00");
  }

  @Test
  void quote_tieredPlanWithoutThePeriodsPerformance_isRejected() {
    CommissionPlan plan = plan(Payout.tieredBySales(Period.MONTH, TierMode.PROGRESSIVE,
        new Payout.SalesTier(1, pct("10"))));
    Conversion sale = oneItem("serum", "SKIN_CARE", "40.00");

    assertThat(plan.periods()).containsExactly(Period.MONTH);
    assertThatThrownBy(() -> plan.quote(sale, fullCredit("anna", sale), CommissionContext.of(ANNA)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("context has no month performance, which the plan counts: 'anna'");
    PeriodPerformance february = new PeriodPerformance(Period.MONTH,
        java.time.Instant.parse("2026-02-01T00:00:00Z"), Sales.MONTH_START, 0, usd("0.00"),
        usd("0.00"));
    assertThatThrownBy(() -> quote(plan, sale, february))
        .hasMessage("context month performance from 2026-02-01T00:00:00Z to 2026-03-01T00:00:00Z"
            + " does not contain the sale at 2026-03-15T10:00:00Z");
    assertThatThrownBy(() -> quote(plan, sale, new PeriodPerformance(Period.MONTH,
        Sales.MONTH_START, Sales.MONTH_END, 0, Money.parse("EUR 0.00"), Money.parse("EUR 0.00"))))
        .isInstanceOf(CurrencyMismatchException.class);
  }
}
