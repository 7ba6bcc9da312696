package dev.affiliatekit.commission;

import static dev.affiliatekit.commission.Sales.ANNA;
import static dev.affiliatekit.commission.Sales.AT;
import static dev.affiliatekit.commission.Sales.fullCredit;
import static dev.affiliatekit.commission.Sales.month;
import static dev.affiliatekit.commission.Sales.oneItem;
import static dev.affiliatekit.commission.Sales.pct;
import static dev.affiliatekit.commission.Sales.usd;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.testing.EqualsTester;
import com.google.common.testing.NullPointerTester;
import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.Credit;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Equality and null-hostility of every value type of the package. */
class ValueTypesTest {

  private static final Conversion SALE = oneItem("serum", "SKIN_CARE", "40.00");
  private static final CommissionPlan PLAN = CommissionPlan.builder()
      .rule(CommissionRule.percentage("default", pct("10"))).build();

  static NullPointerTester tester() {
    return new NullPointerTester()
        .setDefault(String.class, "anna")
        .setDefault(Money.class, usd("1.00"))
        .setDefault(Rate.class, pct("10"))
        .setDefault(CurrencyUnit.class, CurrencyUnit.USD)
        .setDefault(Instant.class, AT)
        .setDefault(ZoneId.class, ZoneOffset.UTC)
        .setDefault(RoundingMode.class, RoundingMode.HALF_EVEN)
        .setDefault(Conversion.class, SALE)
        .setDefault(Credit.class, fullCredit("anna", SALE))
        .setDefault(AffiliateProfile.class, ANNA)
        .setDefault(AffiliateProfiles.class, AffiliateProfiles.none())
        .setDefault(CommissionContext.class, CommissionContext.of(ANNA))
        .setDefault(PeriodPerformance.class, month(0, "0.00", "0.00"))
        .setDefault(Condition.class, Condition.always())
        .setDefault(Attribute.class, Attribute.CUSTOMER_COUNTRY)
        .setDefault(RuleTarget.class, RuleTarget.program())
        .setDefault(Base.class, Base.itemsAfterDiscount())
        .setDefault(Payout.class, Payout.percentage(pct("10")))
        .setDefault(RecurringTerm.class, RecurringTerm.lifetime())
        .setDefault(CommissionRule.class, CommissionRule.percentage("other", pct("5")))
        .setDefault(CommissionPlan.class, PLAN)
        .setDefault(CommissionQuote.class, Sales.quote(PLAN, SALE))
        .setDefault(Milestone.class, Milestone.of("m", Period.MONTH, 1, usd("1.00")))
        .setDefault(PeriodCap.class, new PeriodCap(Period.WEEK, usd("1.00")))
        .setDefault(Difference.class, new Difference(usd("1.00"), usd("2.00")))
        .setDefault(SimulationCase.class, SimulationCase.of(SALE, fullCredit("anna", SALE), ANNA))
        .setDefault(RulePortion.class, new RulePortion("default", usd("40.00"), usd("4.00")));
  }

  @Test
  void everyPublicType_rejectsNulls() {
    NullPointerTester tester = tester();
    for (Class<?> type : List.of(AffiliateProfile.class, AffiliateProfiles.class,
        CommissionContext.class, PeriodPerformance.class, Period.class, Condition.class,
        Condition.All.class, Condition.Any.class, Condition.Not.class, Condition.Is.class,
        Condition.In.class, Condition.StartsWith.class, Condition.Range.class,
        Condition.MoneyRange.class, Attribute.class, RuleTarget.class, Base.class, Payout.class,
        Payout.Percentage.class, Payout.FlatPerConversion.class, Payout.FlatPerUnit.class,
        Payout.SalesTier.class, Payout.RevenueTier.class, Payout.TieredBySales.class,
        Payout.TieredByRevenue.class, RecurringTerm.class, RecurringTerm.FirstMonths.class,
        RecurringTerm.FirstPeriods.class, CommissionRule.class, Milestone.class, PeriodCap.class,
        CommissionPlan.class, OverrideQuote.class, TierReached.class, RulePortion.class,
        CappedSale.class, SimulationCase.class,
        Difference.class, AffiliateDifference.class, SimulationReport.class,
        SimulationReport.Outcome.class, CommissionSimulation.class)) {
      tester.testAllPublicConstructors(type);
      tester.testAllPublicStaticMethods(type);
    }
    tester.testAllPublicInstanceMethods(ANNA);
    tester.testAllPublicInstanceMethods(ANNA.toBuilder());
    tester.testAllPublicInstanceMethods(CommissionContext.of(ANNA));
    tester.testAllPublicInstanceMethods(CommissionContext.builder(ANNA).paidTier("t", 2).build());
    tester.testAllPublicInstanceMethods(CommissionContext.builder(ANNA));
    tester.testAllPublicInstanceMethods(month(0, "0.00", "0.00"));
    tester.testAllPublicInstanceMethods(Period.MONTH);
    tester.testAllPublicInstanceMethods(Base.orderTotal());
    tester.testAllPublicInstanceMethods(CommissionRule.builder("r"));
    tester.testAllPublicInstanceMethods(CommissionRule.percentage("r", pct("1")));
    tester.testAllPublicInstanceMethods(Milestone.of("m", Period.MONTH, 1, usd("1.00")));
    tester.testAllPublicInstanceMethods(PLAN);
    tester.testAllPublicInstanceMethods(PLAN.toBuilder());
    tester.testAllPublicInstanceMethods(Sales.quote(PLAN, SALE));
    tester.testAllPublicInstanceMethods(AffiliateProfiles.of(List.of(ANNA)));
    tester.testAllPublicInstanceMethods(new TierReached("t", Period.MONTH, 2, pct("1"), pct("2"),
        RoundingMode.HALF_EVEN));
    tester.testAllPublicInstanceMethods(new CappedSale(usd("100.00"), usd("5.00"), usd("5.00")));
    tester.testAllPublicInstanceMethods(CommissionSimulation.compare(PLAN, PLAN, List.of(
        SimulationCase.of(SALE, fullCredit("anna", SALE), ANNA))));
  }

  @Test
  void profilesAndContexts_haveValueEquality() {
    new EqualsTester()
        .addEqualityGroup(ANNA, ANNA.toBuilder().build(),
            AffiliateProfile.builder("anna").group("micro").followers(12_400).platform("instagram")
                .country("DE").tags("vegan", "skin").build())
        .addEqualityGroup(AffiliateProfile.of("anna"),
            new AffiliateProfile("anna", Optional.empty(), Set.of(), Optional.empty(),
                OptionalLong.empty(), Optional.empty(), Optional.empty()))
        .addEqualityGroup(ANNA.toBuilder().parentId("ben").build())
        .testEquals();
    new EqualsTester()
        .addEqualityGroup(CommissionContext.of(ANNA), CommissionContext.builder(ANNA).build())
        .addEqualityGroup(CommissionContext.builder(ANNA).performance(month(1, "1.00", "0.10"))
            .build(), CommissionContext.of(ANNA).withPerformance(month(1, "1.00", "0.10")))
        .addEqualityGroup(CommissionContext.builder(ANNA)
            .customerFirstPurchase(Instant.parse("2025-01-01T00:00:00Z")).build())
        .addEqualityGroup(CommissionContext.builder(ANNA)
            .uplines(AffiliateProfiles.of(List.of(ANNA))).build())
        .testEquals();
    new EqualsTester()
        .addEqualityGroup(AffiliateProfiles.of(List.of(ANNA)), AffiliateProfiles.of(List.of(ANNA)))
        .addEqualityGroup(AffiliateProfiles.none(), AffiliateProfiles.of(List.of()))
        .testEquals();
  }

  @Test
  void conditionsTargetsAndPayouts_haveValueEquality() {
    new EqualsTester()
        .addEqualityGroup(Condition.in(Attribute.CUSTOMER_COUNTRY, "US", "CA"),
            Condition.in(Attribute.CUSTOMER_COUNTRY, "CA", "US", "CA"))
        .addEqualityGroup(Condition.is(Attribute.CUSTOMER_COUNTRY, "US"))
        .addEqualityGroup(Condition.always(), Condition.all())
        .addEqualityGroup(Condition.between(Attribute.AFFILIATE_FOLLOWERS, 1, 2))
        .addEqualityGroup(Condition.atLeast(Attribute.AFFILIATE_FOLLOWERS, 1))
        .addEqualityGroup(Condition.atLeast(Attribute.SALE_TOTAL, usd("1.00")))
        .addEqualityGroup(Condition.not(Condition.always()))
        .addEqualityGroup(Condition.any(Condition.always()))
        .addEqualityGroup(Condition.startsWith(Attribute.ITEM_PRODUCT_ID, "a"))
        .testEquals();
    new EqualsTester()
        .addEqualityGroup(RuleTarget.categories("B", "A"), RuleTarget.categories("A", "B"))
        .addEqualityGroup(RuleTarget.products("A"))
        .addEqualityGroup(RuleTarget.program(), new RuleTarget(RuleTarget.Level.PROGRAM, Set.of()))
        .testEquals();
    new EqualsTester()
        .addEqualityGroup(Payout.percentage(pct("10")), Payout.percentage(Rate.parse("0.1")))
        .addEqualityGroup(Payout.flatPerConversion(usd("1.00")))
        .addEqualityGroup(Payout.flatPerUnit(usd("1.00")))
        .addEqualityGroup(Payout.tieredBySales(Period.MONTH, TierMode.PROGRESSIVE,
            new Payout.SalesTier(1, pct("1"))))
        .addEqualityGroup(Payout.tieredBySales(Period.MONTH, TierMode.WHOLE_PERIOD,
            new Payout.SalesTier(1, pct("1"))))
        .addEqualityGroup(Payout.tieredByRevenue(Period.MONTH, TierMode.PROGRESSIVE,
            new Payout.RevenueTier(usd("0.00"), pct("1"))))
        .testEquals();
    new EqualsTester()
        .addEqualityGroup(Base.itemsAfterDiscount(), new Base(true, false, false))
        .addEqualityGroup(Base.orderTotal(), Base.itemsAfterDiscount().withShipping(true)
            .withTax(true))
        .addEqualityGroup(Base.itemsBeforeDiscount())
        .testEquals();
    new EqualsTester()
        .addEqualityGroup(RecurringTerm.lifetime(), new RecurringTerm.Lifetime())
        .addEqualityGroup(RecurringTerm.firstMonths(12))
        .addEqualityGroup(RecurringTerm.firstMonths(12, pct("10")))
        .addEqualityGroup(RecurringTerm.firstPeriods(12))
        .testEquals();
  }

  @Test
  void rulesAndPlans_haveValueEquality() {
    CommissionRule rule = CommissionRule.builder("r").target(RuleTarget.categories("A"))
        .percentage(pct("10")).cap(usd("5.00")).build();
    new EqualsTester()
        .addEqualityGroup(rule, rule.toBuilder().build())
        .addEqualityGroup(rule.toBuilder().priority(2).build())
        .addEqualityGroup(rule.toBuilder().minimum(usd("1.00")).build())
        .addEqualityGroup(CommissionRule.percentage("r", pct("10")))
        .testEquals();
    CommissionPlan two = CommissionPlan.builder()
        .rule(CommissionRule.percentage("a", pct("10")))
        .rule(CommissionRule.builder("b").priority(1).percentage(pct("20")).build()).build();
    new EqualsTester()
        .addEqualityGroup(PLAN, PLAN.toBuilder().build(), CommissionPlan.builder()
            .rule(CommissionRule.percentage("default", pct("10"))).build())
        .addEqualityGroup(two, two.toBuilder().build())
        .addEqualityGroup(CommissionPlan.builder()
            .rule(CommissionRule.builder("b").priority(1).percentage(pct("20")).build())
            .rule(CommissionRule.percentage("a", pct("10"))).build())
        .addEqualityGroup(PLAN.toBuilder().rounding(RoundingMode.DOWN).build())
        .addEqualityGroup(PLAN.toBuilder().zone(ZoneId.of("Pacific/Chatham")).build())
        .addEqualityGroup(PLAN.toBuilder().recordZero(false).build())
        .addEqualityGroup(PLAN.toBuilder().overrideRates(pct("1")).build())
        .addEqualityGroup(PLAN.toBuilder().capPerConversion(usd("1.00")).build())
        .addEqualityGroup(PLAN.toBuilder().minimumPerConversion(usd("1.00")).build())
        .addEqualityGroup(PLAN.toBuilder().periodCap(Period.DAY, usd("1.00")).build())
        .addEqualityGroup(PLAN.toBuilder().precedence(Precedence.BEST_FOR_AFFILIATE).build())
        .addEqualityGroup(PLAN.toBuilder()
            .milestone(Milestone.of("m", Period.MONTH, 3, usd("1.00"))).build())
        .testEquals();
  }

  @Test
  void quotesAndResults_haveValueEquality() {
    CommissionQuote quote = Sales.quote(PLAN, SALE);
    Conversion other = oneItem("cream", "SKIN_CARE", "40.00");
    new EqualsTester()
        .addEqualityGroup(quote, Sales.quote(PLAN, SALE), Sales.quote(PLAN.toBuilder().build(), SALE))
        .addEqualityGroup(Sales.quote(PLAN, other))
        .addEqualityGroup(Sales.quote(PLAN.toBuilder().recordZero(false).build(), SALE))
        .testEquals();
    new EqualsTester()
        .addEqualityGroup(new OverrideQuote("ben", 1, "anna", pct("10"), usd("6.00"), usd("0.60")),
            new OverrideQuote("ben", 1, "anna", pct("10"), usd("6.00"), usd("0.60")))
        .addEqualityGroup(new OverrideQuote("ben", 2, "anna", pct("10"), usd("6.00"), usd("0.60")))
        .testEquals();
    new EqualsTester()
        .addEqualityGroup(new Difference(usd("1.00"), usd("2.00")),
            new Difference(usd("1.00"), usd("2.00")))
        .addEqualityGroup(new Difference(usd("2.00"), usd("1.00")))
        .testEquals();
  }

  @Test
  void quote_toString_namesTheOrderTheAffiliateTheAmountAndTheRules() {
    // The example of CommissionQuote.toString: 15% of USD 40.00.
    CommissionPlan plan = CommissionPlan.builder()
        .rule(CommissionRule.percentage("skin-care-micro", pct("15"))).build();
    Conversion sale = Sales.order("order-1", "40.00")
        .lineItem(Sales.item("serum", "SKIN_CARE", "40.00")).build();

    assertThat(Sales.quote(plan, sale))
        .hasToString("CommissionQuote[order-1 anna USD 6.00 by [skin-care-micro]]");
  }
}
