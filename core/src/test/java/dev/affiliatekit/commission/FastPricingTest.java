package dev.affiliatekit.commission;

import static dev.affiliatekit.commission.Sales.ANNA;
import static dev.affiliatekit.commission.Sales.credit;
import static dev.affiliatekit.commission.Sales.fullCredit;
import static dev.affiliatekit.commission.Sales.item;
import static dev.affiliatekit.commission.Sales.order;
import static dev.affiliatekit.commission.Sales.pct;
import static dev.affiliatekit.commission.Sales.usd;
import static org.assertj.core.api.Assertions.assertThat;

import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.Credit;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class FastPricingTest {

  private static final CommissionContext ANNAS = CommissionContext.of(ANNA);

  private static CommissionRule percentage(String id, String percent) {
    return CommissionRule.percentage(id, pct(percent));
  }

  @Nested
  class Supports {

    @Test
    void supports_percentageAndFlatRulesWithLimits_isTrue() {
      CommissionPlan plan = CommissionPlan.builder()
          .rule(percentage("default", "10"))
          .rule(CommissionRule.builder("skin").target(RuleTarget.categories("SKIN_CARE"))
              .when(Condition.is(Attribute.ITEM_CATEGORY, "SKIN_CARE"))
              .flatPerUnit(usd("1.50")).cap(usd("20.00")).build())
          .capPerConversion(usd("200.00")).minimumPerConversion(usd("1.00"))
          .build();

      assertThat(FastPricing.supports(plan)).isTrue();
      assertThat(plan.isFast()).isTrue();
    }

    @Test
    void supports_bestForTheAffiliate_isFalse() {
      CommissionPlan plan = CommissionPlan.builder().precedence(Precedence.BEST_FOR_AFFILIATE)
          .rule(percentage("default", "10")).build();

      assertThat(FastPricing.supports(plan)).isFalse();
    }

    @Test
    void supports_aProgramRuleThatReadsItems_isFalse() {
      CommissionPlan plan = CommissionPlan.builder().rule(CommissionRule.builder("skin")
          .when(Condition.is(Attribute.ITEM_CATEGORY, "SKIN_CARE"))
          .percentage(pct("10")).build()).build();

      assertThat(FastPricing.supports(plan)).isFalse();
    }

    @Test
    void supports_aRecurringTerm_isFalse() {
      CommissionPlan plan = CommissionPlan.builder().rule(CommissionRule.builder("subs")
          .recurring(RecurringTerm.firstPeriods(12)).percentage(pct("30")).build()).build();

      assertThat(FastPricing.supports(plan)).isFalse();
    }

    @Test
    void supports_tiersMilestonesCapsPerPeriodOrOverrides_isFalse() {
      CommissionPlan plain = CommissionPlan.builder().rule(percentage("default", "10")).build();

      assertThat(FastPricing.supports(plain.toBuilder().rule(CommissionRule.builder("tiers")
          .target(RuleTarget.groups("micro")).payout(Payout.tieredBySales(Period.MONTH,
              TierMode.WHOLE_PERIOD, new Payout.SalesTier(1, pct("10")),
              new Payout.SalesTier(50, pct("20"))))
          .build()).build())).isFalse();
      assertThat(FastPricing.supports(plain.toBuilder()
          .milestone(Milestone.of("100th", Period.MONTH, 100, usd("50.00"))).build())).isFalse();
      assertThat(FastPricing.supports(plain.toBuilder()
          .periodCap(Period.MONTH, usd("1000.00")).build())).isFalse();
      assertThat(FastPricing.supports(plain.toBuilder().overrideRates(pct("10")).build()))
          .isFalse();
    }
  }

  @Nested
  class Quote {

    @Test
    void quote_twoRulesOfADiscountedSale_isPricedPerRuleWithTheDiscountProrated() {
      // USD 60.00 of skin care at 15% and USD 40.00 of bags at 10%, with a USD 20.00 discount:
      // skin care bears USD 12.00 of it and bags USD 8.00, so 15% of 48.00 + 10% of 32.00.
      CommissionPlan plan = CommissionPlan.builder()
          .rule(percentage("default", "10"))
          .rule(CommissionRule.builder("skin").target(RuleTarget.categories("SKIN_CARE"))
              .percentage(pct("15")).build())
          .build();
      Conversion sale = order("o-1", "80.00").discount(usd("20.00"))
          .lineItem(item("serum", "SKIN_CARE", "60.00")).lineItem(item("tote", "BAGS", "40.00"))
          .build();

      CommissionQuote quote = FastPricing.quote(plan, sale, fullCredit("anna", sale), ANNAS);

      assertThat(quote).isNotNull();
      assertThat(quote.amount()).isEqualTo(usd("10.40"));
      assertThat(quote.ruleIds()).containsExactly("skin", "default");
      assertThat(quote.base()).isEqualTo(usd("80.00"));
    }

    @Test
    void quote_itemsOfTwoRulesInTurn_listsEachRuleOnceInTheOrderOfTheItems() {
      // Skin care at 15% and bags at 10%: 15% of USD 60.00 + 10% of 40.00 + 15% of 20.00.
      CommissionPlan plan = CommissionPlan.builder()
          .rule(percentage("default", "10"))
          .rule(CommissionRule.builder("skin").target(RuleTarget.categories("SKIN_CARE"))
              .percentage(pct("15")).build())
          .build();
      Conversion sale = order("o-1", "120.00")
          .lineItem(item("serum", "SKIN_CARE", "60.00")).lineItem(item("tote", "BAGS", "40.00"))
          .lineItem(item("cream", "SKIN_CARE", "20.00"))
          .build();

      CommissionQuote quote = FastPricing.quote(plan, sale, fullCredit("anna", sale), ANNAS);

      assertThat(quote).isNotNull();
      assertThat(quote.amount()).isEqualTo(usd("16.00"));
      assertThat(quote.ruleIds()).containsExactly("skin", "default");
      assertThat(quote.ruleIds()).isSameAs(quote.ruleIds());
    }

    @Test
    void quote_itemsOfTwoRulesEach_listsBothRulesInTheOrderOfTheItems() {
      // Bags at 10% and skin care at 15%: 10% of USD 40.00 + 15% of 60.00.
      CommissionPlan plan = CommissionPlan.builder()
          .rule(percentage("default", "10"))
          .rule(CommissionRule.builder("skin").target(RuleTarget.categories("SKIN_CARE"))
              .percentage(pct("15")).build())
          .build();
      Conversion sale = order("o-1", "100.00")
          .lineItem(item("tote", "BAGS", "40.00")).lineItem(item("serum", "SKIN_CARE", "60.00"))
          .build();

      CommissionQuote quote = FastPricing.quote(plan, sale, fullCredit("anna", sale), ANNAS);

      assertThat(quote).isNotNull();
      assertThat(quote.amount()).isEqualTo(usd("13.00"));
      assertThat(quote.ruleIds()).containsExactly("default", "skin");
      assertThat(quote.ruleIds()).isSameAs(quote.ruleIds());
    }

    @Test
    void quote_profilesThatShareACacheSet_eachGetTheirOwnGroupRule() {
      // Three affiliates whose ids fall in one two-way set of the plan's profile cache, in
      // groups paid 10%, 20% and 30%: each quote evicts an earlier profile's decisions.
      CommissionPlan plan = CommissionPlan.builder()
          .rule(CommissionRule.builder("g1").target(RuleTarget.groups("g1")).percentage(pct("10"))
              .build())
          .rule(CommissionRule.builder("g2").target(RuleTarget.groups("g2")).percentage(pct("20"))
              .build())
          .rule(CommissionRule.builder("g3").target(RuleTarget.groups("g3")).percentage(pct("30"))
              .build())
          .build();
      java.util.List<String> ids = new java.util.ArrayList<>();
      for (int n = 0; ids.size() < 3; n++) {
        String id = "affiliate-" + n;
        if (CommissionPlan.profileSet(id) == CommissionPlan.profileSet("affiliate-0")) {
          ids.add(id);
        }
      }
      Conversion sale = order("o-4", "100.00").lineItem(item("serum", "SKIN_CARE", "100.00"))
          .build();

      for (int round = 0; round < 2; round++) {
        for (int g = 0; g < 3; g++) {
          CommissionContext context = CommissionContext.of(
              AffiliateProfile.builder(ids.get(g)).group("g" + (g + 1)).build());
          CommissionQuote quote = FastPricing.quote(plan, sale, fullCredit(ids.get(g), sale),
              context);

          assertThat(quote).isNotNull();
          assertThat(quote.amount()).isEqualTo(usd((g + 1) + "0.00"));
          assertThat(quote.ruleIds()).containsExactly("g" + (g + 1));
        }
      }
    }

    @Test
    void quote_aProfileOfTheSameAffiliateWithOtherFollowers_isDecidedAgain() {
      // The same id, first with 5,000 followers (micro: 15%), then 500,000 (10% default).
      CommissionPlan plan = CommissionPlan.builder()
          .rule(percentage("default", "10"))
          .rule(CommissionRule.builder("micro").priority(1)
              .when(Condition.between(Attribute.AFFILIATE_FOLLOWERS, 1_000, 100_000))
              .percentage(pct("15")).build())
          .build();
      Conversion sale = order("o-5", "100.00").lineItem(item("serum", "SKIN_CARE", "100.00"))
          .build();
      CommissionContext micro = CommissionContext.of(ANNA.toBuilder().followers(5_000).build());
      CommissionContext macro = CommissionContext.of(ANNA.toBuilder().followers(500_000).build());

      CommissionQuote first = FastPricing.quote(plan, sale, fullCredit("anna", sale), micro);
      CommissionQuote second = FastPricing.quote(plan, sale, fullCredit("anna", sale), macro);

      assertThat(first).isNotNull();
      assertThat(first.amount()).isEqualTo(usd("15.00"));
      assertThat(second).isNotNull();
      assertThat(second.amount()).isEqualTo(usd("10.00"));
    }

    @Test
    void quote_aShareAndRateFinerThanALongHolds_fallsBackToTheGeneralPath() {
      // 12.5% of a third of USD 100.00: 12.5% of 3333.33333333333334 cents is
      // 416.6666666666666675 cents, USD 4.17 half-even.
      CommissionPlan plan = CommissionPlan.builder().rule(percentage("default", "12.5")).build();
      Conversion sale = order("o-2", "100.00").lineItem(item("serum", "SKIN_CARE", "100.00"))
          .build();
      Credit third = credit("anna", sale, "33.3333333333333334%", "33.33");

      assertThat(FastPricing.quote(plan, sale, third, ANNAS)).isNull();
      assertThat(plan.quote(sale, third, ANNAS).amount()).isEqualTo(usd("4.17"));
    }

    @Test
    void quote_anAmountBeyondALong_fallsBackToTheGeneralPath() {
      // 10^17 cents times the numerator of 12.5% does not fit in a long; the amount does.
      CommissionPlan plan = CommissionPlan.builder().rule(percentage("default", "10")).build();
      String huge = "1000000000000000.00";
      Conversion sale = order("o-3", huge).lineItem(item("serum", "SKIN_CARE", huge)).build();
      Credit eighth = credit("anna", sale, "12.5%", "125000000000000.00");

      assertThat(plan.isFast()).isTrue();
      assertThat(FastPricing.quote(plan, sale, eighth, ANNAS)).isNull();
      assertThat(plan.quote(sale, eighth, ANNAS).amount()).isEqualTo(usd("12500000000000.00"));
    }
  }
}
