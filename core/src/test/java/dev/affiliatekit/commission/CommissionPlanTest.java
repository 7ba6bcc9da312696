package dev.affiliatekit.commission;

import static dev.affiliatekit.commission.Sales.ANNA;
import static dev.affiliatekit.commission.Sales.item;
import static dev.affiliatekit.commission.Sales.oneItem;
import static dev.affiliatekit.commission.Sales.order;
import static dev.affiliatekit.commission.Sales.pct;
import static dev.affiliatekit.commission.Sales.quote;
import static dev.affiliatekit.commission.Sales.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.money.CurrencyMismatchException;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import dev.affiliatekit.testing.CollidingIds;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class CommissionPlanTest {

  @Nested
  class Bases {

    @Test
    void bases_printAsExplanationsNameThem() {
      assertThat(Base.itemsAfterDiscount()).hasToString("items after discount");
      assertThat(Base.itemsBeforeDiscount().withShipping(true))
          .hasToString("items before discount + shipping");
      assertThat(Base.itemsAfterDiscount().withTax(true)).hasToString("items after discount + tax");
      assertThat(Base.orderTotal()).hasToString("order total");
      assertThat(Base.itemsAfterDiscount().withShipping(true).withTax(true))
          .isEqualTo(Base.orderTotal()).hasToString("order total");
      assertThat(Base.orderTotal().withTax(false))
          .hasToString("items after discount + shipping");
    }

    @Test
    void quote_discountCode_commissionIsOnWhatTheCustomerPaidForTheGoods() {
      // 20% of a USD 100.00 item bought with a 40% discount code: 20% of USD 60.00 = USD 12.00.
      CommissionPlan plan = CommissionPlan.builder()
          .rule(CommissionRule.percentage("default", pct("20"))).build();
      Conversion sale = order("o1", "60.00").lineItem(item("serum", "SKIN_CARE", "100.00"))
          .discount(usd("40.00")).couponCode("SPRING40").build();

      CommissionQuote quote = quote(plan, sale);

      assertThat(quote.amount()).isEqualTo(usd("12.00"));
      assertThat(quote.base()).isEqualTo(usd("60.00"));
      assertThat(quote.explanation()).isEqualTo(
          "rule default matched serum: 20% of USD 60.00 (items after discount) = USD 12.00");
    }

    @Test
    void quote_shippingAndTax_areOutOfTheBaseUnlessTheRuleSaysSo() {
      // Goods USD 100.00, shipping USD 10.00, tax USD 8.00: the customer pays USD 118.00.
      Conversion sale = order("o1", "118.00").lineItem(item("serum", "SKIN_CARE", "100.00"))
          .shipping(usd("10.00")).tax(usd("8.00")).build();

      assertThat(quote(planOf(Base.itemsAfterDiscount()), sale).amount()).isEqualTo(usd("10.00"));
      assertThat(quote(planOf(Base.orderTotal()), sale).amount()).isEqualTo(usd("11.80"));
      assertThat(quote(planOf(Base.itemsAfterDiscount().withShipping(true)), sale).amount())
          .isEqualTo(usd("11.00"));
      assertThat(quote(planOf(Base.itemsAfterDiscount().withTax(true)), sale).amount())
          .isEqualTo(usd("10.80"));
      assertThat(quote(planOf(Base.orderTotal()), sale).explanation()).isEqualTo(
          "rule default matched serum: 10% of USD 118.00 (order total) = USD 11.80");
    }

    /** 15% on skin care, 10% on bags, 5% on anything else, on the given base. */
    private CommissionPlan byCategory(Base base) {
      return CommissionPlan.builder()
          .rule(CommissionRule.builder("other").base(base).percentage(pct("5")).build())
          .rule(CommissionRule.builder("skin").target(RuleTarget.categories("SKIN")).base(base)
              .percentage(pct("15")).build())
          .rule(CommissionRule.builder("bags").target(RuleTarget.categories("BAGS")).base(base)
              .percentage(pct("10")).build())
          .build();
    }

    /**
     * Regression: a rule that priced some of the items showed a base made of its items' parts of
     * the order discount, each rounded to the cent, without the amounts it came from.
     */
    @Test
    void quote_rulesOfSomeItems_showTheirPartsOfTheOrderDiscount() {
      // USD 5.00 off USD 30.00 + USD 10.00 + USD 3.00, split by item amount to the cent:
      // USD 3.49 (from 3.4883...), USD 1.16 and USD 0.35.
      Conversion sale = order("o1", "38.00").lineItem(item("serum", "SKIN", "30.00"))
          .lineItem(item("tote", "BAGS", "10.00")).lineItem(item("pin", "OTHER", "3.00"))
          .discount(usd("5.00")).build();

      CommissionPlan plan = byCategory(Base.itemsAfterDiscount());
      CommissionQuote quote = quote(plan, sale);

      // The fast path, which quotes this plan, explains alike.
      assertThat(plan.isFast()).isTrue();
      assertThat(FastPricing.quote(plan, sale, Sales.fullCredit("anna", sale),
          CommissionContext.of(ANNA))).extracting(CommissionQuote::explanation)
          .isEqualTo(new Pricing(plan, sale, Sales.fullCredit("anna", sale),
              CommissionContext.of(ANNA), null).quote().explanation());
      // 3.9765 + 0.884 + 0.1325 = 4.993, rounded half-even to 4.99.
      assertThat(quote.amount()).isEqualTo(usd("4.99"));
      assertThat(quote.steps()).containsExactly(
          "rule skin matched serum (item.category = SKIN): 15% of USD 26.51 (items after "
              + "discount: USD 30.00 less USD 3.49 of the USD 5.00 order discount, split by item"
              + " amount) = USD 3.9765",
          "rule bags matched tote (item.category = BAGS): 10% of USD 8.84 (items after "
              + "discount: USD 10.00 less USD 1.16 of the USD 5.00 order discount, split by item"
              + " amount) = USD 0.884",
          "rule other matched pin: 5% of USD 2.65 (items after discount: USD 3.00 less USD 0.35"
              + " of the USD 5.00 order discount, split by item amount) = USD 0.1325",
          "total USD 4.993",
          "rounded HALF_EVEN to USD 4.99");
      // Before the discount, the items' own amounts are the bases: nothing split to show.
      assertThat(quote(byCategory(Base.itemsBeforeDiscount()), sale).steps().get(0))
          .isEqualTo("rule skin matched serum (item.category = SKIN): 15% of USD 30.00 (items "
              + "before discount) = USD 4.50");
    }

    @Test
    void quote_ruleOfSomeItems_onTheOrderTotal_showsEachPartAndTheCreditShare() {
      // Shipping USD 4.00 and tax USD 3.00 too: the serum's parts are USD 2.79 and USD 2.09.
      Conversion sale = order("o1", "45.00").lineItem(item("serum", "SKIN", "30.00"))
          .lineItem(item("tote", "BAGS", "10.00")).lineItem(item("pin", "OTHER", "3.00"))
          .discount(usd("5.00")).shipping(usd("4.00")).tax(usd("3.00")).build();
      CommissionPlan plan = byCategory(Base.orderTotal());

      CommissionQuote half = plan.quote(sale, Sales.credit("anna", sale, "50%", "22.50"),
          CommissionContext.of(ANNA));

      assertThat(half.steps().get(0)).isEqualTo("rule skin matched serum (item.category = SKIN):"
          + " 15% of USD 15.695 (50% of USD 31.39 order total: USD 30.00 less USD 3.49 of the"
          + " USD 5.00 order discount, plus USD 2.79 of the USD 4.00 shipping, plus USD 2.09 of"
          + " the USD 3.00 tax, each split by item amount) = USD 2.35425");
      // Free items take equal parts.
      Conversion free = order("o2", "6.00").lineItem(item("serum", "SKIN", "0.00"))
          .lineItem(item("tote", "BAGS", "0.00")).shipping(usd("6.00")).build();
      assertThat(quote(plan, free).steps().get(0)).isEqualTo("rule skin matched serum "
          + "(item.category = SKIN): 15% of USD 3.00 (order total: USD 0.00 plus USD 3.00 of the"
          + " USD 6.00 shipping, split equally among the items) = USD 0.45");
    }

    private CommissionPlan planOf(Base base) {
      return CommissionPlan.builder().rule(CommissionRule.builder("default").base(base)
          .percentage(pct("10")).build()).build();
    }
  }

  /** Condition values that share one hash code, as buyers and affiliates can choose them. */
  @Nested
  class Building {

    private final Money eur = Money.parse("EUR 5.00");

    private CommissionRule flat(String id, Money amount) {
      return CommissionRule.builder(id).target(RuleTarget.products(id))
          .flatPerConversion(amount).build();
    }

    @Test
    void removeRule_ofTheLastRuleInACurrency_letsRulesInAnotherCurrencyIn() {
      CommissionPlan plan = CommissionPlan.builder().rule(flat("a", eur)).removeRule("a")
          .rule(flat("b", usd("5.00"))).build();

      assertThat(plan.currency()).contains(CurrencyUnit.USD);
      assertThat(CommissionPlan.builder().rule(flat("a", eur)).replaceRule(flat("a", usd("5.00")))
          .build().currency()).contains(CurrencyUnit.USD);
    }

    @Test
    void removeRule_ofOneOfTwoRulesInACurrency_keepsOtherCurrenciesOut() {
      CommissionPlan.Builder builder = CommissionPlan.builder().rule(flat("a", eur))
          .rule(flat("b", eur)).removeRule("a");

      assertThatThrownBy(() -> builder.rule(flat("c", usd("5.00"))))
          .isInstanceOf(CurrencyMismatchException.class);
      assertThatThrownBy(() -> builder.replaceRule(flat("b", usd("5.00"))).rule(flat("c", eur)))
          .isInstanceOf(CurrencyMismatchException.class);
    }

    @Test
    void precedence_switchedToFirstMatch_keepsCountingEachRuleOnce() {
      CommissionPlan.Builder builder = CommissionPlan.builder()
          .precedence(Precedence.BEST_FOR_AFFILIATE).rule(flat("a", eur))
          .precedence(Precedence.FIRST_MATCH);

      // The only rule in euros gives way to one in dollars, by replacing or removing it.
      assertThat(builder.replaceRule(flat("a", usd("5.00"))).build().currency())
          .contains(CurrencyUnit.USD);
      assertThat(builder.removeRule("a").rule(flat("b", eur)).build().currency())
          .contains(CurrencyUnit.EUR);
    }

    @Test
    void periodCapsAndMilestones_setThePlansCurrency() {
      CommissionPlan.Builder capped = CommissionPlan.builder()
          .periodCap(Period.MONTH, Money.parse("EUR 100.00"));
      CommissionPlan.Builder bonus = CommissionPlan.builder()
          .milestone(Milestone.of("tenth", Period.MONTH, 10, eur));

      for (CommissionPlan.Builder builder : List.of(capped, bonus)) {
        assertThat(builder.build().currency()).contains(CurrencyUnit.EUR);
        assertThatThrownBy(() -> builder.rule(flat("a", usd("5.00"))))
            .isInstanceOf(CurrencyMismatchException.class);
      }
    }

    @Test
    void rulesWithoutAmountsOfTheirOwnPayout_takeTheCurrencyOfTheirLimits() {
      // A percentage has no currency, so its rule's cap, or else its minimum, gives it one.
      CommissionRule capped = CommissionRule.builder("capped").target(RuleTarget.products("x"))
          .percentage(pct("10")).cap(eur).build();
      CommissionRule least = CommissionRule.builder("least").target(RuleTarget.products("y"))
          .percentage(pct("10")).minimum(eur).build();
      CommissionRule perUnit = CommissionRule.builder("unit").target(RuleTarget.products("z"))
          .flatPerUnit(eur).build();

      for (CommissionRule rule : List.of(capped, least, perUnit)) {
        assertThat(rule.currency()).as(rule.id()).contains(CurrencyUnit.EUR);
        assertThat(CommissionPlan.builder().rule(rule).build().currency()).as(rule.id())
            .contains(CurrencyUnit.EUR);
        assertThatThrownBy(() -> CommissionPlan.builder().rule(flat("a", usd("5.00"))).rule(rule))
            .as(rule.id()).isInstanceOf(CurrencyMismatchException.class);
      }
      assertThat(CommissionRule.percentage("plain", pct("10")).currency()).isEmpty();
    }

    @Test
    void milestones_countTheirPeriods_whichEveryContextMustHold() {
      CommissionPlan plan = CommissionPlan.builder()
          .rule(CommissionRule.percentage("default", pct("10")))
          .milestone(Milestone.of("tenth", Period.WEEK, 10, usd("5.00"))).build();
      Conversion sale = oneItem("serum", "SKIN_CARE", "40.00");

      assertThat(plan.periods()).containsExactly(Period.WEEK);
      assertThatThrownBy(() -> quote(plan, sale)).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("context has no week performance, which the plan counts: 'anna'");
    }

    @Test
    void toBuilder_keepsTheMilestoneIds_refusingTheSameIdAgain() {
      CommissionPlan plan = CommissionPlan.builder()
          .milestone(Milestone.of("tenth", Period.MONTH, 10, usd("5.00"))).build();

      assertThatThrownBy(() -> plan.toBuilder()
          .milestone(Milestone.of("tenth", Period.WEEK, 5, usd("1.00"))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("plan already has a milestone 'tenth'");
    }

    @Test
    void overrideRates_ofUpToTheMostLevels_areAccepted() {
      Rate[] most = new Rate[CommissionPlan.MAX_OVERRIDE_LEVELS];
      Arrays.fill(most, pct("1"));

      assertThat(CommissionPlan.builder().overrideRates(most).build().overrideRates())
          .hasSize(CommissionPlan.MAX_OVERRIDE_LEVELS);
      Rate[] more = Arrays.copyOf(most, most.length + 1);
      more[most.length] = pct("1");
      assertThatThrownBy(() -> CommissionPlan.builder().overrideRates(more))
          .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toString_countsTheRules() {
      CommissionPlan one = CommissionPlan.builder()
          .rule(CommissionRule.percentage("default", pct("10"))).build();
      CommissionPlan three = one.toBuilder().rule(flat("a", usd("1.00")))
          .rule(flat("b", usd("1.00"))).build();

      assertThat(one).hasToString("CommissionPlan[1 rule, FIRST_MATCH, HALF_EVEN, Z]");
      assertThat(three).hasToString("CommissionPlan[3 rules, FIRST_MATCH, HALF_EVEN, Z]");
    }
  }

  @Nested
  class ValuesOfOneHashCode {

    @Test
    void inCondition_ofProductIdsOfOneHashCode_matchesExactlyTheListed() {
      List<String> ids = CollidingIds.of("sku-", 4096, "");
      CommissionPlan plan = CommissionPlan.builder()
          .rule(CommissionRule.percentage("default", pct("10")))
          .rule(CommissionRule.builder("listed").priority(1)
              .when(Condition.in(Attribute.ITEM_PRODUCT_ID,
                  ids.subList(0, 2048).toArray(new String[0])))
              .percentage(pct("20")).build())
          .build();

      assertThat(quote(plan, oneItem(ids.get(2047), "SKIN_CARE", "40.00")).ruleIds())
          .containsExactly("listed");
      assertThat(quote(plan, oneItem(ids.get(2048), "SKIN_CARE", "40.00")).ruleIds())
          .containsExactly("default");
    }
  }

  @Nested
  class PerCategory {

    private final CommissionPlan plan = CommissionPlan.builder()
        .rule(CommissionRule.percentage("default", pct("10")))
        .rule(CommissionRule.builder("skin-care-micro")
            .target(RuleTarget.categories("SKIN_CARE"))
            .when(Condition.between(Attribute.AFFILIATE_FOLLOWERS, 1_500, 100_000))
            .percentage(pct("15")).build())
        .capPerConversion(usd("200.00"))
        .build();

    @Test
    void quote_oneSkinCareItem_explainsLikeTheIssue() {
      CommissionQuote quote = quote(plan, oneItem("serum-30ml", "SKIN_CARE", "40.00"));

      assertThat(quote.amount()).isEqualTo(usd("6.00"));
      assertThat(quote.ruleIds()).containsExactly("skin-care-micro");
      assertThat(quote.explanation()).isEqualTo("rule skin-care-micro matched serum-30ml "
          + "(item.category = SKIN_CARE, affiliate.followers 12,400 in 1,500..100,000): "
          + "15% of USD 40.00 (items after discount) = USD 6.00; cap per conversion USD 200.00"
          + " not reached");
    }

    @Test
    void quote_mixedOrder_eachItemEarnsItsOwnRule() {
      // USD 40.00 of skin care at 15% = USD 6.00, and a USD 20.00 tote at 10% = USD 2.00.
      Conversion sale = order("o1", "60.00").lineItem(item("serum-30ml", "SKIN_CARE", "40.00"))
          .lineItem(item("tote", "BAGS", "20.00")).build();

      CommissionQuote quote = quote(plan, sale);

      assertThat(quote.amount()).isEqualTo(usd("8.00"));
      assertThat(quote.ruleIds()).containsExactly("skin-care-micro", "default");
      assertThat(quote.steps()).containsExactly(
          "rule skin-care-micro matched serum-30ml (item.category = SKIN_CARE, "
              + "affiliate.followers 12,400 in 1,500..100,000): 15% of USD 40.00 "
              + "(items after discount) = USD 6.00",
          "rule default matched tote: 10% of USD 20.00 (items after discount) = USD 2.00",
          "total USD 8.00",
          "cap per conversion USD 200.00 not reached");
    }

    /** A plan of one rule, r: 10% of the items that meet either condition. */
    private CommissionPlan tenPercentWhenEither(Condition one, Condition other) {
      return CommissionPlan.builder()
          .rule(CommissionRule.builder("r").when(Condition.any(one, other))
              .percentage(pct("10")).build())
          .build();
    }

    @Test
    void quote_itemsMatchedForDifferentReasons_explainsEachItemsOwnFacts() {
      // Regression: every item the rule matched was explained with the first item's facts.
      CommissionPlan either = tenPercentWhenEither(Condition.is(Attribute.ITEM_CATEGORY, "A"),
          Condition.is(Attribute.ITEM_PRODUCT_ID, "p2"));
      Conversion sale = order("o1", "120.00").lineItem(item("p1", "A", "60.00"))
          .lineItem(item("p2", "B", "40.00")).lineItem(item("p3", "A", "20.00")).build();

      CommissionQuote quote = quote(either, sale);

      // 10% of USD 120.00 = USD 12.00, one rule for all three items.
      assertThat(quote.amount()).isEqualTo(usd("12.00"));
      assertThat(quote.steps().get(0)).isEqualTo("rule r matched p1, p3 (item.category = A), "
          + "p2 (item.productId = p2): 10% of USD 120.00 (items after discount) = USD 12.00");
    }

    @Test
    void quote_manyItemsMatchedForDifferentReasons_namesThreeAndCountsTheRest() {
      CommissionPlan either = tenPercentWhenEither(Condition.is(Attribute.ITEM_CATEGORY, "A"),
          Condition.is(Attribute.ITEM_CATEGORY, "B"));
      Conversion.Builder sale = order("o1", "50.00");
      for (int i = 1; i <= 5; i++) {
        sale.lineItem(item("p" + i, i % 2 == 0 ? "B" : "A", "10.00"));
      }

      String step = quote(either, sale.build()).steps().get(0);
      Conversion twoOfEach = order("o2", "40.00").lineItem(item("p1", "A", "10.00"))
          .lineItem(item("p2", "B", "10.00")).lineItem(item("p3", "A", "10.00"))
          .lineItem(item("p4", "B", "10.00")).build();

      assertThat(quote(either, twoOfEach).steps().get(0)).startsWith("rule r matched p1, p3 "
          + "(item.category = A), p2 (item.category = B) and 1 more: 10% of USD 40.00");

      // Grouped by reason in the order of the items: p1, p3, p5 in A; p2 and p4 in B, counted.
      assertThat(step).startsWith("rule r matched p1, p3, p5 (item.category = A) and 2 more: "
          + "10% of USD 50.00");
    }

    @Test
    void quote_mixedOrderWithDiscount_proratesTheDiscountExactly() {
      // A USD 10.00 discount on USD 40.00 + USD 20.00 of goods: USD 6.67 and USD 3.33 by
      // largest remainder, so the serum's base is USD 33.33 and the tote's USD 16.67.
      Conversion sale = order("o1", "50.00").lineItem(item("serum-30ml", "SKIN_CARE", "40.00"))
          .lineItem(item("tote", "BAGS", "20.00")).discount(usd("10.00")).build();

      CommissionQuote quote = quote(plan, sale);

      // 15% of 33.33 = 4.9995 and 10% of 16.67 = 1.667: 6.6665 in all, rounded once to 6.67.
      assertThat(quote.amount()).isEqualTo(usd("6.67"));
      assertThat(quote.steps()).contains("total USD 6.6665", "rounded HALF_EVEN to USD 6.67");
    }
  }

  @Nested
  class SharedSales {

    @Test
    void quote_eachCreditIsRoundedOnItsOwn_soASharedSaleCanPayMoreThanTheRateOfTheSale() {
      // The plan's example: USD 100.00 at 15% shared evenly by 1,000 affiliates. Each share is
      // 0.1%, worth USD 0.10, and 15% of it is USD 0.015, which rounds half-even to USD 0.02.
      CommissionPlan plan = CommissionPlan.builder()
          .rule(CommissionRule.percentage("creators", pct("15"))).build();
      Conversion sale = order("o1", "100.00").build();
      Money total = Money.zero(sale.total().currency());
      for (int i = 0; i < 1_000; i++) {
        String affiliate = "creator-" + i;
        CommissionQuote quote = plan.quote(sale, Sales.credit(affiliate, sale, "0.1%", "0.10"),
            CommissionContext.of(AffiliateProfile.of(affiliate)));
        assertThat(quote.amount()).isEqualTo(usd("0.02"));
        total = total.plus(quote.amount());
      }

      assertThat(total).isEqualTo(usd("20.00"));
      assertThat(sale.total().times(pct("15"), RoundingMode.HALF_EVEN)).isEqualTo(usd("15.00"));
    }
  }
}
