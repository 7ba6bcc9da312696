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
import dev.affiliatekit.attribution.CustomerType;
import java.util.List;
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
    void quote_aKeyedRuleThatDoesNotHold_fallsToTheNextRuleOfTheCode() {
      // A rule per coupon code at 5%, and one for C7's new customers at 20% above them, over a
      // default of 3%: a returning customer's sale with C7 gets C7's own 5%.
      CommissionPlan.Builder builder = CommissionPlan.builder().rule(CommissionRule.builder(
          "default").priority(-1).percentage(pct("3")).build());
      for (int i = 0; i < 10; i++) {
        builder.rule(CommissionRule.builder("c" + i).priority(i)
            .when(Condition.is(Attribute.SALE_COUPON_CODE, "C" + i)).percentage(pct("5")).build());
      }
      CommissionPlan plan = builder.rule(CommissionRule.builder("c7-new").priority(20)
          .when(Condition.all(Condition.is(Attribute.SALE_COUPON_CODE, "C7"),
              Condition.is(Attribute.CUSTOMER_TYPE, "NEW")))
          .percentage(pct("20")).build()).build();
      assertThat(plan.index().programKeys.attribute).isEqualTo(Attribute.SALE_COUPON_CODE);

      for (CustomerType type : CustomerType.values()) {
        Conversion sale = order("o-" + type, "100.00").couponCode("C7").customerType(type)
            .lineItem(item("serum", "SKIN_CARE", "100.00")).build();

        CommissionQuote quote = FastPricing.quote(plan, sale, fullCredit("anna", sale), ANNAS);

        assertThat(quote).as(type.name()).isNotNull();
        boolean isNew = type == CustomerType.NEW;
        assertThat(quote.ruleIds()).as(type.name()).containsExactly(isNew ? "c7-new" : "c7");
        assertThat(quote.amount()).as(type.name()).isEqualTo(usd(isNew ? "20.00" : "5.00"));
      }
    }

    @Test
    void quote_aRuleOfTheProfileAboveTheKeyedRules_winsOverTheCodesRule() {
      // Anna is in Germany: the German rule of priority 50 outranks the coupon codes' rules.
      CommissionPlan.Builder builder = CommissionPlan.builder().rule(CommissionRule.builder(
          "germany").priority(50).when(Condition.is(Attribute.AFFILIATE_COUNTRY, "DE"))
          .percentage(pct("25")).build());
      for (int i = 0; i < 10; i++) {
        builder.rule(CommissionRule.builder("c" + i).priority(i)
            .when(Condition.is(Attribute.SALE_COUPON_CODE, "C" + i)).percentage(pct("5")).build());
      }
      CommissionPlan plan = builder.build();
      assertThat(plan.index().programKeys.attribute).isEqualTo(Attribute.SALE_COUPON_CODE);
      Conversion sale = order("o-6", "100.00").couponCode("C7")
          .lineItem(item("serum", "SKIN_CARE", "100.00")).build();

      for (int round = 0; round < 2; round++) {
        CommissionQuote quote = FastPricing.quote(plan, sale, fullCredit("anna", sale), ANNAS);

        assertThat(quote).isNotNull();
        assertThat(quote.ruleIds()).containsExactly("germany");
        assertThat(quote.amount()).isEqualTo(usd("25.00"));
      }
    }

    @Test
    void quote_productAndCategoryRulesOfEveryRank_pickTheFirstThatHoldsForEachItem() {
      // The tote's product rule (priority 0) ranks below the skin care category rule (5), and
      // bags have no category rule: the tote gets its product rule. The mask's product rule
      // (10) holds for new customers only, so a returning customer's mask falls to its category
      // rule; the sample's product rule holds for new customers only and nothing else is left.
      CommissionPlan plan = CommissionPlan.builder()
          .rule(CommissionRule.builder("tote").target(RuleTarget.products("tote"))
              .percentage(pct("40")).build())
          .rule(CommissionRule.builder("skin").priority(5)
              .target(RuleTarget.categories("SKIN_CARE")).percentage(pct("10")).build())
          .rule(CommissionRule.builder("mask").priority(10).target(RuleTarget.products("mask"))
              .when(Condition.is(Attribute.CUSTOMER_TYPE, "NEW")).percentage(pct("30")).build())
          .rule(CommissionRule.builder("sample").target(RuleTarget.products("sample"))
              .when(Condition.is(Attribute.CUSTOMER_TYPE, "NEW")).percentage(pct("50")).build())
          .build();
      assertThat(plan.isFast()).isTrue();
      Conversion returning = order("o-7", "100.00").customerType(CustomerType.RETURNING)
          .lineItem(item("tote", "BAGS", "20.00")).lineItem(item("mask", "SKIN_CARE", "30.00"))
          .lineItem(item("sample", "GIFTS", "50.00")).build();
      Conversion fresh = order("o-8", "100.00").customerType(CustomerType.NEW)
          .lineItem(item("tote", "BAGS", "20.00")).lineItem(item("mask", "SKIN_CARE", "30.00"))
          .lineItem(item("sample", "GIFTS", "50.00")).build();

      CommissionQuote first = FastPricing.quote(plan, returning, fullCredit("anna", returning),
          ANNAS);
      CommissionQuote second = FastPricing.quote(plan, fresh, fullCredit("anna", fresh), ANNAS);

      // 40% of USD 20.00 + 10% of USD 30.00, and the sample unpriced.
      assertThat(first).isNotNull();
      assertThat(first.ruleIds()).containsExactly("tote", "skin");
      assertThat(first.amount()).isEqualTo(usd("11.00"));
      // 40% of USD 20.00 + 30% of USD 30.00 + 50% of USD 50.00.
      assertThat(second).isNotNull();
      assertThat(second.ruleIds()).containsExactly("tote", "mask", "sample");
      assertThat(second.amount()).isEqualTo(usd("42.00"));
      for (Conversion sale : List.of(returning, fresh)) {
        Conversion alone = order("o-9", "50.00").customerType(sale.customerType())
            .lineItem(item("sample", "GIFTS", "50.00")).build();
        CommissionQuote quote = FastPricing.quote(plan, alone, fullCredit("anna", alone), ANNAS);
        assertThat(quote).isNotNull();
        assertThat(quote.amount()).isEqualTo(usd(sale == fresh ? "25.00" : "0.00"));
      }
      // The general path, for a plan with overrides, picks the same rules.
      CommissionPlan general = plan.toBuilder().overrideRates(pct("1")).build();
      assertThat(general.isFast()).isFalse();
      assertThat(general.quote(returning, fullCredit("anna", returning), ANNAS).ruleIds())
          .containsExactly("tote", "skin");
      assertThat(general.quote(fresh, fullCredit("anna", fresh), ANNAS).amount())
          .isEqualTo(usd("42.00"));
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
