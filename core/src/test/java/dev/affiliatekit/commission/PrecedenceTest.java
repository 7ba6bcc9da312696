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
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PrecedenceTest {

  private static final Conversion SERUM = oneItem("serum-30ml", "SKIN_CARE", "100.00");

  private static CommissionRule rule(String id, RuleTarget target, String percent) {
    return CommissionRule.builder(id).target(target).percentage(pct(percent)).build();
  }

  private static CommissionRule when(String id, RuleTarget target, Condition condition) {
    return CommissionRule.builder(id).target(target).when(condition).percentage(pct("10"))
        .build();
  }

  @Nested
  class FirstMatch {

    private final CommissionPlan.Builder every = CommissionPlan.builder()
        .rule(rule("program", RuleTarget.program(), "1"))
        .rule(rule("group", RuleTarget.groups("micro"), "2"))
        .rule(rule("category", RuleTarget.categories("SKIN_CARE"), "3"))
        .rule(rule("product", RuleTarget.products("serum-30ml"), "4"))
        .rule(rule("affiliate", RuleTarget.affiliates("anna"), "5"));

    @Test
    void quote_mostSpecificWins_affiliateProductCategoryGroupProgram() {
      assertThat(quote(every.build(), SERUM).ruleIds()).containsExactly("affiliate");
      assertThat(quote(every.removeRule("affiliate").build(), SERUM).ruleIds())
          .containsExactly("product");
      assertThat(quote(every.removeRule("product").build(), SERUM).ruleIds())
          .containsExactly("category");
      assertThat(quote(every.removeRule("category").build(), SERUM).ruleIds())
          .containsExactly("group");
      assertThat(quote(every.removeRule("group").build(), SERUM).ruleIds())
          .containsExactly("program");
    }

    @Test
    void quote_explicitPriorityBeatsSpecificity() {
      CommissionPlan plan = every.rule(CommissionRule.builder("promo").priority(1)
          .percentage(pct("25")).build()).build();

      CommissionQuote quote = quote(plan, SERUM);

      assertThat(quote.ruleIds()).containsExactly("promo");
      assertThat(quote.amount()).isEqualTo(usd("25.00"));
    }

    @Test
    void quote_aRuleWhoseConditionFails_fallsThroughToTheNext() {
      CommissionPlan plan = every.replaceRule(CommissionRule.builder("affiliate")
          .target(RuleTarget.affiliates("anna"))
          .when(Condition.is(Attribute.CUSTOMER_COUNTRY, "FR"))
          .percentage(pct("5")).build()).build();

      assertThat(quote(plan, SERUM).ruleIds()).containsExactly("product");
    }

    @Test
    void build_twoProgramRulesThatCanBothApply_areATie() {
      assertThatThrownBy(() -> CommissionPlan.builder()
          .rule(CommissionRule.percentage("default", pct("10")))
          .rule(CommissionRule.builder("new-customers")
              .when(Condition.is(Attribute.CUSTOMER_TYPE, "NEW")).percentage(pct("20")).build()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("rule 'new-customers' ties with rule 'default': both have priority 0 for "
              + "the program and conditions that may hold together; give one a higher priority "
              + "or make their conditions exclusive");
    }

    @Test
    void build_overlappingCategoryRules_tieOnTheSharedCategory() {
      assertThatThrownBy(() -> CommissionPlan.builder()
          .rule(rule("care", RuleTarget.categories("HAIR_CARE", "SKIN_CARE"), "10"))
          .rule(rule("skin", RuleTarget.categories("SKIN_CARE", "SUN"), "12")))
          .hasMessage("rule 'skin' ties with rule 'care': both have priority 0 for category "
              + "'SKIN_CARE' and conditions that may hold together; give one a higher priority or "
              + "make their conditions exclusive");
    }

    @Test
    void build_exclusiveConditions_doNotTie() {
      CommissionPlan plan = CommissionPlan.builder()
          .rule(CommissionRule.builder("new").when(Condition.is(Attribute.CUSTOMER_TYPE, "NEW"))
              .percentage(pct("20")).build())
          .rule(CommissionRule.builder("returning")
              .when(Condition.is(Attribute.CUSTOMER_TYPE, "RETURNING")).percentage(pct("10"))
              .build())
          .rule(CommissionRule.builder("micro")
              .when(Condition.between(Attribute.AFFILIATE_FOLLOWERS, 1_500, 100_000))
              .target(RuleTarget.groups("g")).percentage(pct("15")).build())
          .rule(CommissionRule.builder("macro")
              .when(Condition.atLeast(Attribute.AFFILIATE_FOLLOWERS, 100_001))
              .target(RuleTarget.groups("g")).percentage(pct("12")).build())
          .rule(CommissionRule.builder("priority").priority(1).percentage(pct("1")).build())
          .build();

      assertThat(plan.rules()).hasSize(5);
    }

    @Test
    void build_aConditionAndItsNegation_doNotTie() {
      Condition micro = Condition.between(Attribute.AFFILIATE_FOLLOWERS, 0, 1_000);
      Condition vegan = Condition.is(Attribute.AFFILIATE_TAGS, "vegan");
      Condition fresh = Condition.is(Attribute.CUSTOMER_TYPE, "NEW");

      CommissionPlan plan = CommissionPlan.builder()
          .rule(when("micro", RuleTarget.groups("g"), micro))
          .rule(when("not-micro", RuleTarget.groups("g"), Condition.not(micro)))
          .rule(when("vegan", RuleTarget.products("serum-30ml"), vegan))
          .rule(when("not-vegan", RuleTarget.products("serum-30ml"), Condition.not(vegan)))
          .rule(when("new-and-vegan", RuleTarget.program(), Condition.all(fresh, vegan)))
          .rule(when("not-new", RuleTarget.program(), Condition.not(fresh)))
          .rule(when("vegan-skin", RuleTarget.categories("SKIN_CARE"), vegan))
          .rule(when("neither", RuleTarget.categories("SKIN_CARE"),
              Condition.not(Condition.any(fresh, vegan))))
          .build();

      assertThat(plan.rules()).hasSize(8);
      // ANNA is tagged vegan; an affiliate without tags gets the other product rule.
      assertThat(quote(plan, SERUM).ruleIds()).containsExactly("vegan");
      AffiliateProfile untagged = AffiliateProfile.of("anna");
      assertThat(plan.quote(SERUM, Sales.fullCredit("anna", SERUM),
          CommissionContext.of(untagged)).ruleIds()).containsExactly("not-vegan");
    }

    @Test
    void build_aRangeInsideTheNegatedOne_doesNotTie() {
      CommissionPlan plan = CommissionPlan.builder()
          .rule(when("a", RuleTarget.program(),
              Condition.between(Attribute.AFFILIATE_FOLLOWERS, 10, 20)))
          .rule(when("b", RuleTarget.program(),
              Condition.not(Condition.between(Attribute.AFFILIATE_FOLLOWERS, 0, 1_000))))
          .build();

      assertThat(plan.rules()).hasSize(2);
    }

    @Test
    void build_conditionsExclusiveInEveryCase_doNotTie() {
      Condition us = Condition.is(Attribute.CUSTOMER_COUNTRY, "US");
      Condition ca = Condition.is(Attribute.CUSTOMER_COUNTRY, "CA");
      Condition fr = Condition.is(Attribute.CUSTOMER_COUNTRY, "FR");
      Condition fresh = Condition.is(Attribute.CUSTOMER_TYPE, "NEW");
      // Regression: each pair excludes each other, but was rejected as holding together.
      List<List<Condition>> exclusive = List.of(
          List.of(Condition.any(us, ca), fr),
          List.of(Condition.any(Condition.atMost(Attribute.AFFILIATE_FOLLOWERS, 99),
                  Condition.atLeast(Attribute.AFFILIATE_FOLLOWERS, 1_000)),
              Condition.between(Attribute.AFFILIATE_FOLLOWERS, 100, 999)),
          List.of(Condition.all(fresh, Condition.not(fresh)), Condition.always()),
          List.of(Condition.not(Condition.all(us, fresh)), Condition.all(fresh, us)));

      for (List<Condition> pair : exclusive) {
        CommissionPlan plan = CommissionPlan.builder()
            .rule(when("a", RuleTarget.program(), pair.get(0)))
            .rule(when("b", RuleTarget.program(), pair.get(1)))
            .build();
        assertThat(plan.rules()).as("%s", pair).hasSize(2);
      }
    }

    @Test
    void build_negationsThatLeaveRoomForBoth_stillTie() {
      Condition vegan = Condition.is(Attribute.AFFILIATE_TAGS, "vegan");
      Condition beauty = Condition.is(Attribute.AFFILIATE_TAGS, "beauty");
      Condition micro = Condition.between(Attribute.AFFILIATE_FOLLOWERS, 0, 1_000);
      Condition fresh = Condition.is(Attribute.CUSTOMER_TYPE, "NEW");
      // Each pair holds together for some affiliate and sale, given in the comment.
      List<List<Condition>> overlapping = List.of(
          List.of(Condition.not(vegan), beauty),                      // tags {beauty}
          List.of(Condition.not(vegan), Condition.not(beauty)),       // no tags
          List.of(micro, Condition.not(Condition.between(Attribute.AFFILIATE_FOLLOWERS, 0, 500))),
          List.of(Condition.all(fresh, vegan),                        // 600 followers above
              Condition.not(Condition.all(vegan, beauty))),           // tags {vegan}
          List.of(Condition.any(fresh, vegan), Condition.not(vegan)), // a new customer
          List.of(Condition.startsWith(Attribute.AFFILIATE_TAGS, "veg"),
              Condition.not(vegan)),                                  // tags {vegetarian}
          List.of(Condition.not(fresh),                               // a returning customer
              Condition.not(Condition.any(fresh, vegan))));           // and no tags

      for (List<Condition> pair : overlapping) {
        assertThatThrownBy(() -> CommissionPlan.builder()
            .rule(when("a", RuleTarget.program(), pair.get(0)))
            .rule(when("b", RuleTarget.program(), pair.get(1))))
            .as("%s", pair)
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessage("rule 'b' ties with rule 'a': both have priority 0 for the program and "
                + "conditions that may hold together; give one a higher priority or make their "
                + "conditions exclusive");
      }
    }

    @Test
    void build_moneyRangesOfTwoUnitsOfOneCode_excludeEachOther() {
      CurrencyUnit mills = CurrencyUnit.custom("USD", 3);
      Condition atLeastADollar = Condition.atLeast(Attribute.SALE_TOTAL, usd("1.00"));
      // 500 minor units of a scale of 3 are half a dollar, and a range of another unit is unknown.
      Condition atMostHalf = Condition.atMost(Attribute.SALE_TOTAL,
          Money.ofMinor(500, mills));
      assertThat(CommissionPlan.builder().rule(when("a", RuleTarget.program(), atLeastADollar))
          .rule(when("b", RuleTarget.program(), atMostHalf)).build().rules()).hasSize(2);
    }

    @Test
    void build_aConditionOfMoreThan16Ways_isTakenWhole_butTheSameSetWrittenAsInIsNot() {
      Condition c99 = Condition.is(Attribute.SALE_COUPON_CODE, "C99");
      for (int ways : new int[] {16, 17}) {
        String[] codes = new String[ways];
        Condition[] each = new Condition[ways];
        for (int i = 0; i < ways; i++) {
          codes[i] = "C" + i;
          each[i] = Condition.is(Attribute.SALE_COUPON_CODE, codes[i]);
        }
        CommissionPlan.Builder asIn = CommissionPlan.builder()
            .rule(when("a", RuleTarget.program(), Condition.in(Attribute.SALE_COUPON_CODE, codes)));
        assertThat(asIn.rule(when("b", RuleTarget.program(), c99)).build().rules()).hasSize(2);
        CommissionPlan.Builder asAny = CommissionPlan.builder()
            .rule(when("a", RuleTarget.program(), Condition.any(each)));
        if (ways == 16) {
          assertThat(asAny.rule(when("b", RuleTarget.program(), c99)).build().rules()).hasSize(2);
        } else {
          assertThatThrownBy(() -> asAny.rule(when("b", RuleTarget.program(), c99)))
              .isInstanceOf(IllegalArgumentException.class)
              .hasMessageStartingWith("rule 'b' ties with rule 'a'");
        }
      }
    }

    @Test
    void build_rangesThatShareABound_tie() {
      assertThatThrownBy(() -> CommissionPlan.builder()
          .rule(CommissionRule.builder("micro")
              .when(Condition.between(Attribute.AFFILIATE_FOLLOWERS, 1_500, 100_000))
              .percentage(pct("15")).build())
          .rule(CommissionRule.builder("macro")
              .when(Condition.atLeast(Attribute.AFFILIATE_FOLLOWERS, 100_000))
              .percentage(pct("12")).build()))
          .hasMessageStartingWith("rule 'macro' ties with rule 'micro'");
    }

    @Test
    void builder_keepsItsChecksAcrossRefusedBatchesReplacementsAndRemovals() {
      CommissionPlan.Builder builder = CommissionPlan.builder()
          .rule(rule("anna", RuleTarget.affiliates("anna"), "10"));
      // A refused batch adds none of its rules: "ben" may be added afterwards.
      assertThatThrownBy(() -> builder.rules(List.of(rule("ben", RuleTarget.affiliates("ben"), "5"),
          rule("anna-too", RuleTarget.affiliates("anna"), "7"))))
          .hasMessageStartingWith("rule 'anna-too' ties with rule 'anna'");
      builder.rule(rule("ben", RuleTarget.affiliates("ben"), "5"));
      // A replacement moves its rule to its new target: the old one is free, the new one taken.
      builder.replaceRule(rule("ben", RuleTarget.affiliates("carla"), "5"));
      builder.rule(rule("ben-again", RuleTarget.affiliates("ben"), "6"));
      assertThatThrownBy(() -> builder.rule(rule("carla", RuleTarget.affiliates("carla"), "8")))
          .hasMessageStartingWith("rule 'carla' ties with rule 'ben'");
      // A removed rule's id and target are free again, also in a builder made from the plan.
      CommissionPlan.Builder again = builder.build().toBuilder().removeRule("anna");
      again.rule(rule("anna", RuleTarget.affiliates("anna"), "11"));
      assertThatThrownBy(() -> again.rule(rule("ben", RuleTarget.affiliates("dora"), "1")))
          .hasMessage("plan already has a rule 'ben'");
      assertThat(again.build().rules()).extracting(CommissionRule::id)
          .containsExactly("ben", "ben-again", "anna");
    }

    @Test
    void precedence_switchingToFirstMatchWithOverlappingRules_isRejected() {
      CommissionPlan.Builder builder = CommissionPlan.builder()
          .precedence(Precedence.BEST_FOR_AFFILIATE)
          .rule(CommissionRule.percentage("a", pct("10")))
          .rule(CommissionRule.percentage("b", pct("12")));

      assertThatThrownBy(() -> builder.precedence(Precedence.FIRST_MATCH))
          .hasMessageStartingWith("rule 'b' ties with rule 'a'");
      assertThat(builder.build().precedence()).isEqualTo(Precedence.BEST_FOR_AFFILIATE);
    }
  }

  @Nested
  class BestForAffiliate {

    private final CommissionPlan plan = CommissionPlan.builder()
        .precedence(Precedence.BEST_FOR_AFFILIATE)
        .rule(rule("percent", RuleTarget.categories("SKIN_CARE"), "15"))
        .rule(CommissionRule.builder("flat").target(RuleTarget.categories("SKIN_CARE"))
            .flatPerConversion(usd("10.00")).build())
        .rule(rule("low-priority", RuleTarget.affiliates("anna"), "50").toBuilder()
            .priority(-1).build())
        .build();

    @Test
    void quote_picksWhatPaysMore() {
      // 15% of USD 40.00 is USD 6.00, less than the flat USD 10.00; 15% of USD 100.00 is more.
      assertThat(quote(plan, oneItem("serum", "SKIN_CARE", "40.00")).ruleIds())
          .containsExactly("flat");
      assertThat(quote(plan, SERUM).ruleIds()).containsExactly("percent");
      assertThat(quote(plan, SERUM).amount()).isEqualTo(usd("15.00"));
    }

    @Test
    void quote_priorityStillComesFirst() {
      // The affiliate rule pays 50% but has a lower priority than the category rules.
      assertThat(quote(plan, SERUM).ruleIds()).doesNotContain("low-priority");
      assertThat(quote(plan, oneItem("tote", "BAGS", "20.00")).ruleIds())
          .containsExactly("low-priority");
    }

    @Test
    void quote_equalPay_goesToTheMoreSpecificThenTheEarlierRule() {
      CommissionPlan equal = CommissionPlan.builder().precedence(Precedence.BEST_FOR_AFFILIATE)
          .rule(rule("program-a", RuleTarget.program(), "10"))
          .rule(rule("program-b", RuleTarget.program(), "10"))
          .rule(rule("group", RuleTarget.groups("micro"), "10"))
          .build();

      assertThat(quote(equal, SERUM).ruleIds()).containsExactly("group");
      assertThat(quote(equal.toBuilder().removeRule("group").build(), SERUM).ruleIds())
          .containsExactly("program-a");
    }
  }

  /**
   * BEST_FOR_AFFILIATE picks a rule per line item; what a rule pays once per conversion counts for
   * each item at the item's share of the sale, so the choice follows what the rules pay for the
   * whole sale.
   */
  @Nested
  class BestForAffiliatePerItem {

    private final Conversion twoBags = order("o-bags", "80.00")
        .lineItem(item("tote", "BAGS", "40.00")).lineItem(item("clutch", "BAGS", "40.00")).build();

    private CommissionPlan best(CommissionRule... rules) {
      CommissionPlan.Builder plan = CommissionPlan.builder()
          .precedence(Precedence.BEST_FOR_AFFILIATE);
      for (CommissionRule rule : rules) {
        plan.rule(rule);
      }
      return plan.build();
    }

    @Test
    void quote_flatPerConversionPayingLess_losesToThePercentage() {
      // 10% of USD 80.00 is USD 8.00; the flat USD 5.00 is USD 2.50 for each USD 40.00 item,
      // less than the USD 4.00 that 10% pays for it.
      CommissionQuote quote = quote(best(CommissionRule.percentage("pct", pct("10")),
          CommissionRule.builder("flat").flatPerConversion(usd("5.00")).build()), twoBags);

      assertThat(quote.ruleIds()).containsExactly("pct");
      assertThat(quote.amount()).isEqualTo(usd("8.00"));
    }

    @Test
    void quote_flatPerConversionPayingMore_winsEveryItem() {
      // 5% of USD 80.00 is USD 4.00, and USD 2.00 for each item; the flat USD 5.00 is USD 2.50.
      CommissionQuote quote = quote(best(CommissionRule.percentage("pct", pct("5")),
          CommissionRule.builder("flat").flatPerConversion(usd("5.00")).build()), twoBags);

      assertThat(quote.ruleIds()).containsExactly("flat");
      assertThat(quote.amount()).isEqualTo(usd("5.00"));
    }

    @Test
    void quote_ruleMinimum_countsItsShareOfTheSalePerItem() {
      // 1% with a USD 5.00 minimum pays USD 5.00 for the sale, USD 2.50 for each item; 10% pays
      // USD 4.00 for each item and USD 8.00 for the sale.
      CommissionQuote quote = quote(best(CommissionRule.builder("minimum").percentage(pct("1"))
          .minimum(usd("5.00")).build(), CommissionRule.percentage("pct", pct("10"))), twoBags);

      assertThat(quote.ruleIds()).containsExactly("pct");
      assertThat(quote.amount()).isEqualTo(usd("8.00"));
    }

    @Test
    void quote_ruleMinimumAboveTheOther_winsEveryItem() {
      // 1% with a USD 10.00 minimum pays USD 10.00 for the sale, USD 5.00 for each item, more
      // than the USD 4.00 that 10% pays for it: it wins both and its 1% of USD 80.00, USD 0.80,
      // is raised to USD 10.00.
      CommissionQuote quote = quote(best(CommissionRule.builder("minimum").percentage(pct("1"))
          .minimum(usd("10.00")).build(), CommissionRule.percentage("pct", pct("10"))), twoBags);

      assertThat(quote.ruleIds()).containsExactly("minimum");
      assertThat(quote.amount()).isEqualTo(usd("10.00"));
    }

    @Test
    void quote_freeItems_countNoRuleMinimum_soTheMoreSpecificRuleWins() {
      // Two free items, of equal shares: a minimum is the least paid for a sale that earns
      // anything, and neither rule earns anything here, so they pay alike and the category
      // rule, the more specific, wins both.
      Conversion free = order("o-free", "0.03").shipping(usd("0.03"))
          .lineItem(item("tote", "BAGS", "0.00")).lineItem(item("clutch", "BAGS", "0.00"))
          .build();

      CommissionQuote quote = quote(best(CommissionRule.builder("minimum").percentage(pct("1"))
          .minimum(usd("10.00")).build(), rule("bags", RuleTarget.categories("BAGS"), "10")),
          free);

      assertThat(quote.ruleIds()).containsExactly("bags");
      assertThat(quote.amount()).isEqualTo(usd("0.00"));
    }

    @Test
    void quote_ruleCap_countsItsShareOfTheSalePerItem() {
      // 50% capped at USD 5.00 pays USD 5.00 for the sale, at most USD 2.50 for each item; 10%
      // pays USD 4.00 for each item and USD 8.00 for the sale.
      CommissionQuote quote = quote(best(CommissionRule.builder("capped").percentage(pct("50"))
          .cap(usd("5.00")).build(), CommissionRule.percentage("pct", pct("10"))), twoBags);

      assertThat(quote.ruleIds()).containsExactly("pct");
      assertThat(quote.amount()).isEqualTo(usd("8.00"));
    }

    @Test
    void quote_itemsOfUnequalAmounts_countTheFlatByTheirWeights() {
      // Items of USD 70.00 and USD 10.00: the flat USD 9.00 counts USD 7.875 and USD 1.125; 10%
      // pays USD 7.00 and USD 1.00, less for each, so the flat wins both and pays USD 9.00.
      Conversion uneven = order("o-uneven", "80.00").lineItem(item("tote", "BAGS", "70.00"))
          .lineItem(item("comb", "HAIR", "10.00")).build();

      CommissionQuote quote = quote(best(CommissionRule.percentage("pct", pct("10")),
          CommissionRule.builder("flat").flatPerConversion(usd("9.00")).build()), uneven);

      assertThat(quote.ruleIds()).containsExactly("flat");
      assertThat(quote.amount()).isEqualTo(usd("9.00"));
    }
  }

  @Test
  void affiliateOverride_appliesOnlyToItsAffiliate() {
    CommissionPlan plan = CommissionPlan.builder()
        .rule(CommissionRule.percentage("default", pct("10")))
        .rule(rule("ben-deal", RuleTarget.affiliates("ben"), "30")).build();

    assertThat(quote(plan, SERUM).ruleIds()).containsExactly("default");
    assertThat(plan.quote(SERUM, Sales.fullCredit("ben", SERUM),
        CommissionContext.of(AffiliateProfile.of("ben"))).ruleIds()).containsExactly("ben-deal");
    assertThat(ANNA.affiliateId()).isEqualTo("anna");
  }
}
