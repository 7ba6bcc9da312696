package dev.affiliatekit.commission;

import static dev.affiliatekit.commission.Sales.ANNA;
import static dev.affiliatekit.commission.Sales.MONTH_START;
import static dev.affiliatekit.commission.Sales.fullCredit;
import static dev.affiliatekit.commission.Sales.item;
import static dev.affiliatekit.commission.Sales.pct;
import static dev.affiliatekit.commission.Sales.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.testing.EqualsTester;
import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.LineItem;
import dev.affiliatekit.money.CurrencyMismatchException;
import dev.affiliatekit.money.Money;
import java.math.RoundingMode;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The true-up recipe of {@link TierReached}: three sales of USD 100.00 in a month under tiers of
 * 10% from sale 1 and 20% from sale 3, for the whole period, with a milestone or a cap per period.
 */
class TierReachedTest {

  private static final Payout TIERS = Payout.tieredBySales(Period.MONTH, TierMode.WHOLE_PERIOD,
      new Payout.SalesTier(1, pct("10")), new Payout.SalesTier(3, pct("20")));
  private static final TierReached TIER_2 = new TierReached("tiers", Period.MONTH, 2, pct("10"),
      pct("20"), RoundingMode.HALF_EVEN);

  private static CommissionPlan.Builder plan() {
    return CommissionPlan.builder().rule(CommissionRule.builder("tiers").payout(TIERS).build());
  }

  /** {@return March in USD before its first sale} */
  private static PeriodPerformance march() {
    return PeriodPerformance.empty(Period.MONTH, MONTH_START, ZoneOffset.UTC,
        dev.affiliatekit.money.CurrencyUnit.USD);
  }

  /** Quotes three sales of USD 100.00 in March, each counting the ones before it. */
  private static List<CommissionQuote> threeSales(CommissionPlan plan) {
    PeriodPerformance march = march();
    List<CommissionQuote> quotes = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      Conversion sale = Conversion.builder("o" + i, MONTH_START.plusSeconds(3600L * i),
          usd("100.00")).customerId("c" + i).build();
      CommissionQuote quote = plan.quote(sale, fullCredit("anna", sale),
          CommissionContext.builder(ANNA).performance(march).build());
      quotes.add(quote);
      march = march.plus(quote);
    }
    return quotes;
  }

  @Nested
  class TrueUpWithinCaps {

    @Test
    void trueUp_thirdSale_owesTheFirstTwoTheNewRate() {
      CommissionQuote third = threeSales(plan().build()).get(2);

      assertThat(third.amount()).isEqualTo(usd("20.00"));
      assertThat(third.tiersReached()).containsExactly(TIER_2);
      // 20% of USD 200.00 = USD 40.00, less the USD 20.00 the first two earned at 10%.
      assertThat(TIER_2.trueUp(third, usd("200.00"), usd("20.00"), usd("0.00")))
          .isEqualTo(usd("20.00"));
    }

    @Test
    void trueUp_milestoneBonus_isNotCommissionOfTheRule() {
      List<CommissionQuote> sales = threeSales(plan()
          .milestone(Milestone.of("second", Period.MONTH, 2, usd("5.00"))).build());

      // The second sale earns USD 10.00 of commission and a USD 5.00 bonus: the figures of the
      // rule count the commission only, so the true-up is still USD 20.00, not the USD 15.00
      // that the performance's commissions (USD 25.00) would give.
      assertThat(sales.get(1).amount()).isEqualTo(usd("15.00"));
      assertThat(sales.get(1).commission()).isEqualTo(usd("10.00"));
      Money commissions = sales.get(0).commission().plus(sales.get(1).commission());
      CommissionQuote third = sales.get(2);
      assertThat(third.context().performance(Period.MONTH).orElseThrow().commissions())
          .isEqualTo(usd("25.00"));
      assertThat(TIER_2.trueUp(third, usd("200.00"), commissions, usd("0.00")))
          .isEqualTo(usd("20.00"));
    }

    @Test
    void trueUp_capPerPeriodReached_grantsNothing() {
      CommissionQuote third = threeSales(plan().periodCap(Period.MONTH, usd("25.00")).build())
          .get(2);

      // USD 20.00 earned before, the third sale cut from USD 20.00 to the USD 5.00 left.
      assertThat(third.amount()).isEqualTo(usd("5.00"));
      assertThat(TIER_2.trueUp(usd("200.00"), usd("20.00"))).isEqualTo(usd("20.00"));
      assertThat(TIER_2.trueUp(third, usd("200.00"), usd("20.00"), usd("0.00")))
          .isEqualTo(usd("0.00"));
    }

    @Test
    void trueUp_capPerPeriodPartlyLeft_grantsWhatIsLeft() {
      CommissionQuote third = threeSales(plan().periodCap(Period.MONTH, usd("50.00")).build())
          .get(2);

      // USD 50.00 less USD 20.00 before, less the third sale's USD 20.00: USD 10.00 left.
      assertThat(third.amount()).isEqualTo(usd("20.00"));
      assertThat(TIER_2.trueUp(third, usd("200.00"), usd("20.00"), usd("0.00")))
          .isEqualTo(usd("10.00"));
      // A true-up granted already after the same sale spends the allowance first.
      assertThat(TIER_2.trueUp(third, usd("200.00"), usd("20.00"), usd("4.00")))
          .isEqualTo(usd("6.00"));
      assertThat(TIER_2.trueUp(third, usd("200.00"), usd("20.00"), usd("10.00")))
          .isEqualTo(usd("0.00"));
      // True-ups granted already beyond what the cap left grant nothing, not a negative amount.
      assertThat(TIER_2.trueUp(third, usd("200.00"), usd("20.00"), usd("15.00")))
          .isEqualTo(usd("0.00"));
    }

    @Test
    void trueUp_capPerPeriodLeavingMore_grantsTheTrueUpAlone() {
      CommissionQuote third = threeSales(plan().periodCap(Period.MONTH, usd("100.00")).build())
          .get(2);

      // USD 100.00 less USD 20.00 before and the third sale's USD 20.00 leaves USD 60.00, of
      // which the true-up takes the USD 20.00 it is owed.
      assertThat(third.amount()).isEqualTo(usd("20.00"));
      assertThat(TIER_2.trueUp(third, usd("200.00"), usd("20.00"), usd("0.00")))
          .isEqualTo(usd("20.00"));
    }

    @Test
    void trueUp_quoteThatReachedNoTier_throws() {
      CommissionQuote second = threeSales(plan().build()).get(1);
      assertThatThrownBy(() -> TIER_2.trueUp(second, usd("100.00"), usd("10.00"), usd("0.00")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("quote of order 'o2' did not reach tier 2 of rule 'tiers'");
    }

    @Test
    void trueUp_badFigures_throw() {
      CommissionQuote third = threeSales(plan().build()).get(2);
      assertThatThrownBy(() -> TIER_2.trueUp(third, usd("200.00"), usd("20.00"), usd("-0.01")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("true-ups granted already must not be negative: USD -0.01");
      assertThatThrownBy(() -> TIER_2.trueUp(third, usd("-200.00"), usd("20.00"), usd("0.00")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("earlierBases must not be negative: USD -200.00");
      assertThatThrownBy(() -> TIER_2.trueUp(third, Money.parse("EUR 200.00"),
          Money.parse("EUR 20.00"), usd("0.00")))
          .isInstanceOf(CurrencyMismatchException.class);
    }

    /** Regression: bases in another currency than the quote were blamed on the commissions. */
    @Test
    void trueUp_figureInAnotherCurrencyThanTheQuote_isNamed() {
      CommissionQuote third = threeSales(plan().build()).get(2);
      assertThatThrownBy(() -> TIER_2.trueUp(third, Money.parse("EUR 200.00"), usd("20.00"),
          usd("0.00")))
          .isInstanceOf(CurrencyMismatchException.class)
          .hasMessageContaining("earlierBases must be in USD, the currency of the quote: EUR 200.00");
      assertThatThrownBy(() -> TIER_2.trueUp(third, Money.parse("EUR 200.00"), usd("20.00"),
          List.of(), usd("0.00")))
          .hasMessageContaining("uncappedBases must be in USD, the currency of the quote: "
              + "EUR 200.00");
      assertThatThrownBy(() -> TIER_2.trueUp(third, usd("200.00"), Money.parse("EUR 20.00"),
          List.of(), usd("0.00")))
          .hasMessageContaining("earlierCommissions must be in USD, the currency of the quote: "
              + "EUR 20.00");
      assertThatThrownBy(() -> TIER_2.trueUp(third, usd("200.00"), usd("20.00"), List.of(),
          Money.parse("EUR 0.00")))
          .hasMessageContaining("grantedAlready must be in USD, the currency of the quote: "
              + "EUR 0.00");
    }
  }

  @Nested
  class CappedSales {

    private final CappedSale held = new CappedSale(usd("100.00"), usd("15.00"), usd("10.00"));

    @Test
    void trueUp_cappedSale_isOwedTheNewRateOnlyUpToItsLimit() {
      // 20% of the uncapped USD 50.00 is USD 10.00; the capped sale is due min(USD 20.00, USD
      // 15.00): USD 25.00 in all, less the USD 15.00 both earned.
      assertThat(TIER_2.due(usd("50.00"), List.of(held))).isEqualTo(usd("25.00"));
      assertThat(TIER_2.trueUp(usd("50.00"), usd("15.00"), List.of(held)))
          .isEqualTo(usd("10.00"));
      assertThat(TIER_2.trueUp(usd("150.00"), usd("15.00"))).isEqualTo(usd("15.00"));
      assertThat(TIER_2.trueUp(usd("50.00"), usd("15.00"), List.of()))
          .isEqualTo(TIER_2.trueUp(usd("50.00"), usd("15.00")));
    }

    @Test
    void due_cappedSaleThatEarnedMoreThanItsDue_keepsWhatItEarned() {
      CappedSale raised = new CappedSale(usd("10.00"), usd("1.00"), usd("3.00"));

      assertThat(TIER_2.due(usd("0.00"), List.of(raised))).isEqualTo(usd("3.00"));
      assertThat(TIER_2.trueUp(usd("0.00"), usd("3.00"), List.of(raised)))
          .isEqualTo(usd("0.00"));
    }

    @Test
    void due_sumsExactly_andRoundsOnce() {
      // 20% of USD 0.02 twice is USD 0.004 each: USD 0.008 summed, rounded once to USD 0.01.
      CappedSale tiny = new CappedSale(usd("0.02"), usd("0.00"), usd("0.00"));
      CappedSale free = new CappedSale(usd("0.02"), usd("1.00"), usd("0.00"));

      assertThat(TIER_2.due(usd("0.02"), List.of(free))).isEqualTo(usd("0.01"));
      assertThat(TIER_2.due(usd("0.00"), List.of(tiny, free))).isEqualTo(usd("0.00"));
    }

    @Test
    void from_planCap_limitsThePortionToTheCapScaledByTheShare() {
      CommissionPlan plan = plan().capPerConversion(usd("15.00")).build();
      Conversion sale = Conversion.builder("o1", MONTH_START, usd("400.00")).customerId("c1")
          .build();
      CommissionQuote half = plan.quote(sale, Sales.credit("anna", sale, "50%", "200.00"),
          CommissionContext.builder(ANNA).performance(march()).build());

      RulePortion portion = TierReached.counted(half).get(0);
      assertThat(CappedSale.from(half, portion))
          .contains(new CappedSale(usd("200.00"), usd("7.50"), usd("7.50")));
    }

    @Test
    void from_saleLiftedByTheRuleMinimum_isLimitedToTheHighestRateOfItsBase() {
      // Tiers of 10% from sale 1 and 60% from sale 3, with a minimum of USD 5.00. The first sale,
      // of USD 10.00, earns 10%, USD 1.00, lifted to USD 5.00: its limit is 60% of its base, USD
      // 6.00. The third earns 60%, USD 6.00, above the minimum: it is not lifted, and gives none.
      CommissionPlan plan = CommissionPlan.builder().rule(CommissionRule.builder("tiers")
          .payout(Payout.tieredBySales(Period.MONTH, TierMode.WHOLE_PERIOD,
              new Payout.SalesTier(1, pct("10")), new Payout.SalesTier(3, pct("60"))))
          .minimum(usd("5.00")).build()).build();
      Conversion sale = Conversion.builder("o1", MONTH_START.plusSeconds(3600), usd("10.00"))
          .customerId("c1").build();
      CommissionQuote first = plan.quote(sale, fullCredit("anna", sale),
          CommissionContext.builder(ANNA).performance(march()).build());
      CommissionQuote third = plan.quote(sale, fullCredit("anna", sale),
          CommissionContext.builder(ANNA).performance(Sales.month(2, "20.00", "10.00")).build());

      assertThat(first.amount()).isEqualTo(usd("5.00"));
      assertThat(CappedSale.from(first, TierReached.counted(first).get(0)))
          .contains(new CappedSale(usd("10.00"), usd("6.00"), usd("5.00")));
      assertThat(third.amount()).isEqualTo(usd("6.00"));
      assertThat(CappedSale.from(third, TierReached.counted(third).get(0))).isEmpty();
    }

    @Test
    void from_saleWithinItsCapAtTheHighestRate_orWithoutCaps_isNotCapped() {
      CommissionQuote uncapped = threeSales(plan().build()).get(0);
      CommissionQuote roomy = threeSales(plan().capPerConversion(usd("20.00")).build()).get(0);
      CommissionQuote tight = threeSales(CommissionPlan.builder().rule(CommissionRule
          .builder("tiers").payout(TIERS).cap(usd("19.99")).build()).build()).get(0);

      assertThat(CappedSale.from(uncapped, TierReached.counted(uncapped).get(0))).isEmpty();
      assertThat(CappedSale.from(roomy, TierReached.counted(roomy).get(0))).isEmpty();
      assertThat(CappedSale.from(tight, TierReached.counted(tight).get(0)))
          .contains(new CappedSale(usd("100.00"), usd("19.99"), usd("10.00")));
    }

    @Test
    void cappedSale_badParts_nameTheFieldAndTheValue() {
      assertThatThrownBy(() -> new CappedSale(usd("10.00"), usd("1.00"), Money.parse("EUR 1.00")))
          .isInstanceOf(CurrencyMismatchException.class)
          .hasMessage("capped sale earned must be in USD, the currency of its base: EUR 1.00");
      assertThatThrownBy(() -> new CappedSale(usd("-10.00"), usd("1.00"), usd("0.00")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("capped sale base must not be negative: USD -10.00");
      assertThatThrownBy(() -> new CappedSale(usd("10.00"), usd("1.00"), usd("-0.01")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("capped sale earned must not be negative: USD -0.01");
    }

    /**
     * Regression: a null among the counted portions threw a {@code NullPointerException} without
     * a message, and a portion of a rule outside the plan after one the plan's cap leaves room for
     * threw {@code NoSuchElementException} instead of the documented exception.
     */
    @Test
    void fromCounted_badPortion_isNamed() {
      CommissionPlan plan = plan().capPerConversion(usd("15.00")).build();
      Conversion sale = Conversion.builder("o1", MONTH_START, usd("100.00")).customerId("c1")
          .build();
      CommissionQuote quote = plan.quote(sale, fullCredit("anna", sale),
          CommissionContext.builder(ANNA).performance(march()).build());
      RulePortion portion = TierReached.counted(quote).get(0);
      List<RulePortion> withNull = new ArrayList<>(List.of(portion));
      withNull.add(null);

      assertThatThrownBy(() -> CappedSale.fromCounted(quote, withNull))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("counted contains null at index 1");
      assertThatThrownBy(() -> CappedSale.fromCounted(quote,
          List.of(portion, new RulePortion("gone", usd("10.00"), usd("1.00")))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("portion rule is not in the plan: 'gone'");
      assertThatThrownBy(() -> CappedSale.fromCounted(quote,
          List.of(portion, new RulePortion("tiers", usd("10.00"), usd("-1.00")))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("portion commission must not be negative: rule 'tiers' base USD 10.00,"
              + " commission USD -1.00");
      // Refused whatever the caps: without one, such a portion gave no capped sale.
      CommissionQuote uncapped = threeSales(plan().build()).get(0);
      assertThatThrownBy(() -> CappedSale.from(uncapped,
          new RulePortion("tiers", usd("-10.00"), usd("1.00"))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("portion base must not be negative: rule 'tiers' base USD -10.00,"
              + " commission USD 1.00");
    }

    @Test
    void from_portionInAnotherCurrency_isAMismatch() {
      CommissionQuote uncapped = threeSales(plan().build()).get(0);
      RulePortion euros = new RulePortion("tiers", Money.parse("EUR 10.00"),
          Money.parse("EUR 1.00"));

      assertThatThrownBy(() -> CappedSale.from(uncapped, euros))
          .isInstanceOf(CurrencyMismatchException.class)
          .hasMessage("portion must be in USD, the quote's currency: rule 'tiers' base EUR 10.00,"
              + " commission EUR 1.00");
    }

    @Test
    void from_portionOfARuleNotInThePlan_namesTheRuleQuoted() {
      CommissionQuote uncapped = threeSales(plan().build()).get(0);
      RulePortion other = new RulePortion("old rule: x", usd("10.00"), usd("1.00"));

      assertThatThrownBy(() -> CappedSale.from(uncapped, other))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("portion rule is not in the plan: 'old rule: x'");
    }

    @Test
    void from_saleSplitBetweenRules_leavesThePortionWhatThePlanCapLeft() {
      CommissionPlan plan = CommissionPlan.builder().rule(CommissionRule.builder("tiers")
              .target(RuleTarget.categories("SKIN_CARE")).payout(TIERS).build())
          .rule(CommissionRule.builder("bags").target(RuleTarget.categories("BAGS"))
              .percentage(pct("5")).build())
          .capPerConversion(usd("12.00")).build();
      Conversion sale = Conversion.builder("o1", MONTH_START, usd("200.00")).customerId("c1")
          .lineItem(item("serum", "SKIN_CARE", "100.00")).lineItem(item("tote", "BAGS", "100.00"))
          .build();
      CommissionQuote quote = plan.quote(sale, fullCredit("anna", sale),
          CommissionContext.builder(ANNA).performance(march()).build());

      // USD 10.00 + USD 5.00 capped at USD 12.00: USD 8.00 and USD 4.00, so USD 8.00 is left.
      RulePortion serum = TierReached.counted(quote).get(0);
      assertThat(CappedSale.from(quote, serum))
          .contains(new CappedSale(usd("100.00"), usd("8.00"), usd("8.00")));
    }

    @Test
    void isCutAt_rateOfTheBaseAboveTheLimit() {
      assertThat(held.isCutAt(pct("20"))).isTrue();
      assertThat(held.isCutAt(pct("15"))).isFalse();
      assertThat(held.toString()).isEqualTo("USD 100.00 limited to USD 15.00, earned USD 10.00");
    }

    @Test
    void cappedSale_valuesAndErrors() {
      new EqualsTester()
          .addEqualityGroup(held, new CappedSale(usd("100.00"), usd("15.00"), usd("10.00")))
          .addEqualityGroup(new CappedSale(usd("100.00"), usd("15.00"), usd("9.00")))
          .testEquals();
      assertThatThrownBy(() -> new CappedSale(usd("1.00"), usd("-0.01"), usd("0.00")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("capped sale limit must not be negative: USD -0.01");
      assertThatThrownBy(() -> new CappedSale(usd("1.00"), Money.parse("EUR 1.00"), usd("0.00")))
          .isInstanceOf(CurrencyMismatchException.class);
      assertThatThrownBy(() -> TIER_2.due(usd("1.00"),
          List.of(new CappedSale(Money.parse("EUR 1.00"), Money.parse("EUR 1.00"),
              Money.parse("EUR 0.00")))))
          .isInstanceOf(CurrencyMismatchException.class);
    }
  }

  @Nested
  class Counted {

    @Test
    void counted_saleTheWholePeriodRulePricedAlone_isCountedWhole() {
      CommissionQuote first = threeSales(plan().build()).get(0);
      assertThat(TierReached.counted(first)).containsExactly(
          new RulePortion("tiers", first.base(), first.commission()));
    }

    @Test
    void counted_progressiveOrUntieredRule_isNotCounted() {
      CommissionPlan progressive = CommissionPlan.builder().rule(CommissionRule.builder("tiers")
          .payout(Payout.tieredBySales(Period.MONTH, TierMode.PROGRESSIVE,
              new Payout.SalesTier(1, pct("10")), new Payout.SalesTier(3, pct("20")))).build())
          .build();
      assertThat(TierReached.counted(threeSales(progressive).get(0))).isEmpty();
      CommissionPlan flat = CommissionPlan.builder()
          .rule(CommissionRule.percentage("flat", pct("10"))).build();
      assertThat(TierReached.counted(Sales.quote(flat, Sales.oneItem("serum", "SKIN_CARE",
          "40.00")))).isEmpty();
    }

    @Test
    void counted_salePricedByTwoRules_countsTheTieredRulesPortion() {
      CommissionPlan plan = plan().rule(CommissionRule.builder("bags")
          .target(RuleTarget.categories("BAGS")).percentage(pct("5")).build()).build();
      Conversion both = Sales.order("o1", "140.00").lineItem(item("serum", "SKIN_CARE", "100.00"))
          .lineItem(item("tote", "BAGS", "40.00")).build();
      PeriodPerformance march = PeriodPerformance.empty(Period.MONTH, both.instant(),
          ZoneOffset.UTC, both.currency());
      CommissionQuote quote = plan.quote(both, fullCredit("anna", both),
          CommissionContext.builder(ANNA).performance(march).build());

      // 10% of the serum's USD 100.00 and 5% of the tote's USD 40.00: USD 12.00 in all.
      assertThat(quote.ruleIds()).containsExactly("tiers", "bags");
      assertThat(quote.commission()).isEqualTo(usd("12.00"));
      assertThat(quote.portions()).containsExactly(
          new RulePortion("tiers", usd("100.00"), usd("10.00")),
          new RulePortion("bags", usd("40.00"), usd("2.00")));
      assertThat(TierReached.counted(quote)).containsExactly(
          new RulePortion("tiers", usd("100.00"), usd("10.00")));
    }

    @Test
    void counted_chargeOutsideTheTermOfAWholePeriodRule_countsOnlyTheRulesThatPaidItsTiers() {
      // Both rules are tiered for the whole month; the software's pays its first charge only.
      CommissionPlan plan = CommissionPlan.builder()
          .rule(CommissionRule.builder("software").target(RuleTarget.categories("SAAS"))
              .payout(TIERS).recurring(RecurringTerm.firstPeriods(1)).build())
          .rule(CommissionRule.builder("addons").target(RuleTarget.categories("ADDON"))
              .payout(TIERS).build())
          .build();
      Conversion secondCharge = Conversion.builder("charge-2", MONTH_START.plusSeconds(3600),
          usd("30.00")).customerId("c1")
          .lineItem(LineItem.of("pro-monthly", "SAAS", 1, usd("20.00")))
          .lineItem(LineItem.of("storage", "ADDON", 1, usd("10.00")))
          .subscription("sub-1", 2, MONTH_START.minus(java.time.Duration.ofDays(31))).build();
      CommissionQuote quote = plan.quote(secondCharge, fullCredit("anna", secondCharge),
          CommissionContext.builder(ANNA).performance(march()).build());

      // The software's rule decides its charge and pays nothing on it, so only the add-on's
      // portion adds to its rule's figures.
      assertThat(quote.tiers()).containsOnlyKeys("addons");
      assertThat(quote.portions()).extracting(RulePortion::ruleId)
          .containsExactly("software", "addons");
      assertThat(TierReached.counted(quote)).containsExactly(
          new RulePortion("addons", usd("10.00"), usd("1.00")));
    }

    /** A plan that pays its percentages on skin care and on bags. */
    CommissionPlan.Builder skinAndBags(String skinPercent, String bagPercent) {
      return CommissionPlan.builder()
          .rule(CommissionRule.builder("skin").target(RuleTarget.categories("SKIN_CARE"))
              .percentage(pct(skinPercent)).build())
          .rule(CommissionRule.builder("bags").target(RuleTarget.categories("BAGS"))
              .percentage(pct(bagPercent)).build());
    }

    /** An order of a serum and a tote of USD 100.00 each. */
    Conversion serumAndTote() {
      return Sales.order("o1", "200.00").lineItem(item("serum", "SKIN_CARE", "100.00"))
          .lineItem(item("tote", "BAGS", "100.00")).build();
    }

    @Test
    void portions_underACapPerConversion_shareTheCommissionInProportion() {
      CommissionPlan capped = skinAndBags("10", "5").capPerConversion(usd("12.00")).build();

      CommissionQuote quote = Sales.quote(capped, serumAndTote());

      // USD 10.00 + USD 5.00 is cut to USD 12.00, shared 2:1.
      assertThat(quote.commission()).isEqualTo(usd("12.00"));
      assertThat(quote.portions()).containsExactly(
          new RulePortion("skin", usd("100.00"), usd("8.00")),
          new RulePortion("bags", usd("100.00"), usd("4.00")));
    }

    @Test
    void portions_leftoverMinorUnit_goesToTheSameRuleWhateverTheItemOrder() {
      CommissionPlan tenAndTen = skinAndBags("10", "10").build();
      for (boolean serumFirst : new boolean[] {true, false}) {
        LineItem serum = item("serum", "SKIN_CARE", "10.05");
        LineItem tote = item("tote", "BAGS", "10.05");
        Conversion.Builder order = Sales.order("o1", "20.10");
        Conversion sale = (serumFirst ? order.lineItem(serum).lineItem(tote)
            : order.lineItem(tote).lineItem(serum)).build();

        // 10% of each USD 10.05 is USD 1.005; the sale earns USD 2.01, and the cent left over
        // after USD 1.00 each goes to the plan's first rule.
        assertThat(Sales.quote(tenAndTen, sale).portions()).as("serum first: %s", serumFirst)
            .extracting(RulePortion::ruleId, RulePortion::commission)
            .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("skin", usd("1.01")),
                org.assertj.core.groups.Tuple.tuple("bags", usd("1.00")));
      }
    }

    @Test
    void portions_equalRemainders_giveTheLeftoverMinorUnitToTheLargerShare() {
      CommissionPlan capped = skinAndBags("10", "10").capPerConversion(usd("10.02")).build();
      Conversion sale = Sales.order("o1", "200.00").lineItem(item("serum", "SKIN_CARE", "50.00"))
          .lineItem(item("tote", "BAGS", "150.00")).build();

      // The rules paid USD 5.00 and USD 15.00: their shares of USD 10.02 are USD 2.505 and
      // USD 7.515, half a cent over each; the cent goes to the larger share, not the first rule.
      assertThat(Sales.quote(capped, sale).portions()).extracting(RulePortion::commission)
          .containsExactly(usd("2.50"), usd("7.52"));
    }

    @Test
    void portions_shareAMinimumInProportionToAmountsBelowACent() {
      CommissionPlan minimum = skinAndBags("10", "10").minimumPerConversion(usd("1.00")).build();
      Conversion small = Sales.order("o1", "0.40").lineItem(item("serum", "SKIN_CARE", "0.15"))
          .lineItem(item("tote", "BAGS", "0.25")).build();

      CommissionQuote quote = Sales.quote(minimum, small);

      // The rules paid USD 0.015 and USD 0.025, raised to the minimum of USD 1.00: shared 15:25,
      // USD 0.375 and USD 0.625, the odd cent to the larger.
      assertThat(quote.commission()).isEqualTo(usd("1.00"));
      assertThat(quote.portions()).extracting(RulePortion::commission)
          .containsExactly(usd("0.37"), usd("0.63"));
      assertThat(quote.portions().get(0)).hasToString("skin: base USD 0.15, commission USD 0.37");
    }

    @Test
    void portions_ofAmountsBeyondALongOrBelowAThousandthOfACent_keepTheirProportions() {
      // Two flat fees per unit of USD 50,000,000,000,000,000.00: two serums and a tote pay more
      // than a long holds, and the cap per conversion brings the sale to USD 100.00, shared 2:1.
      Money fee = Money.parse("USD 50000000000000000.00");
      CommissionPlan huge = CommissionPlan.builder()
          .rule(CommissionRule.builder("skin").target(RuleTarget.categories("SKIN_CARE"))
              .flatPerUnit(fee).build())
          .rule(CommissionRule.builder("bags").target(RuleTarget.categories("BAGS"))
              .flatPerUnit(fee).build())
          .capPerConversion(usd("100.00")).build();
      Conversion three = Sales.order("o1", "3.00")
          .lineItem(LineItem.of("serum", "SKIN_CARE", 2, usd("1.00")))
          .lineItem(item("tote", "BAGS", "1.00")).build();
      // 0.0004% and 0.0006% of USD 1.00 are 0.0004 and 0.0006 of a cent: a minimum of USD 1.00
      // is shared 2:3.
      CommissionPlan tiny = skinAndBags("0.0004", "0.0006").minimumPerConversion(usd("1.00"))
          .build();
      Conversion two = Sales.order("o2", "2.00").lineItem(item("serum", "SKIN_CARE", "1.00"))
          .lineItem(item("tote", "BAGS", "1.00")).build();

      assertThat(Sales.quote(huge, three).portions()).extracting(RulePortion::commission)
          .containsExactly(usd("66.67"), usd("33.33"));
      assertThat(Sales.quote(tiny, two).portions()).extracting(RulePortion::commission)
          .containsExactly(usd("0.40"), usd("0.60"));
    }

    @Test
    void portions_whenNoRulePaid_areZero() {
      CommissionQuote quote = Sales.quote(skinAndBags("0", "0").build(), serumAndTote());

      assertThat(quote.portions()).containsExactly(
          new RulePortion("skin", usd("100.00"), usd("0.00")),
          new RulePortion("bags", usd("100.00"), usd("0.00")));
      assertThat(quote.portions()).isEqualTo(quote.portions());
    }

    @Test
    void counted_subscriptionCharge_isCountedOnlyInsideTheTiersTerm() {
      Conversion renewal = Sales.order("o1", "100.00")
          .subscription("sub-1", 4, MONTH_START.minusSeconds(86_400 * 90L)).build();
      PeriodPerformance march = PeriodPerformance.empty(Period.MONTH, renewal.instant(),
          ZoneOffset.UTC, renewal.currency());
      CommissionContext context = CommissionContext.builder(ANNA).performance(march).build();
      CommissionPlan lifetime = plan().build();
      CommissionPlan threePeriods = CommissionPlan.builder().rule(CommissionRule.builder("tiers")
          .payout(TIERS).recurring(RecurringTerm.firstPeriods(3)).build()).build();
      CommissionPlan fourPeriods = CommissionPlan.builder().rule(CommissionRule.builder("tiers")
          .payout(TIERS).recurring(RecurringTerm.firstPeriods(4)).build()).build();

      assertThat(TierReached.counted(lifetime.quote(renewal, fullCredit("anna", renewal),
          context))).extracting(RulePortion::ruleId).containsExactly("tiers");
      assertThat(TierReached.counted(fourPeriods.quote(renewal, fullCredit("anna", renewal),
          context))).extracting(RulePortion::ruleId).containsExactly("tiers");
      // The fourth charge is outside a term of three, where the tiers pay nothing.
      CommissionQuote outside = threePeriods.quote(renewal, fullCredit("anna", renewal), context);
      assertThat(outside.amount()).isEqualTo(usd("0.00"));
      assertThat(TierReached.counted(outside)).isEmpty();
    }
  }
}
