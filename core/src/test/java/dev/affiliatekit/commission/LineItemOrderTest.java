package dev.affiliatekit.commission;

import static dev.affiliatekit.commission.Sales.ANNA;
import static dev.affiliatekit.commission.Sales.MONTH_START;
import static dev.affiliatekit.commission.Sales.fullCredit;
import static dev.affiliatekit.commission.Sales.item;
import static dev.affiliatekit.commission.Sales.order;
import static dev.affiliatekit.commission.Sales.pct;
import static dev.affiliatekit.commission.Sales.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.LineItem;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.program.AffiliateProgram;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The order of an order's line items changes no amount: a minor unit of the order's discount,
 * shipping or tax left over among items of equal amounts goes by what the items are, not by where
 * the host listed them, so it goes to the same rule either way.
 */
class LineItemOrderTest {

  private static final Instant NOW = Instant.parse("2026-03-10T10:00:00Z");

  private static final CommissionRule SKIN = CommissionRule.builder("skin")
      .target(RuleTarget.categories("SKIN")).base(Base.itemsAfterDiscount().withShipping(true))
      .percentage(pct("40")).build();
  private static final CommissionRule BAGS = CommissionRule.builder("bags")
      .target(RuleTarget.categories("BAGS")).percentage(pct("5")).build();

  /** {@return the commission a program records for the order, its items in the order given} */
  private static Money recorded(CommissionPlan plan, LineItem... items) {
    AffiliateProgram program = AffiliateProgram.builder().plan(plan)
        .clock(Clock.fixed(NOW, ZoneOffset.UTC)).build();
    program.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");
    program.recordClick("visitor-1", "GLOWWITHMIA");
    Conversion.Builder order = Conversion.builder("order-1", NOW, usd("20.03"))
        .visitorId("visitor-1").shipping(usd("0.03"));
    for (LineItem line : items) {
      order.lineItem(line);
    }
    return program.recordConversion(order.build()).commission();
  }

  @Test
  void recordConversion_itemsOfEqualAmountsSwapped_payTheSame() {
    CommissionPlan plan = CommissionPlan.builder().rule(SKIN).rule(BAGS).build();
    LineItem serum = LineItem.of("serum", "SKIN", 1, usd("10.00"));
    LineItem tote = LineItem.of("tote", "BAGS", 1, usd("10.00"));

    // The USD 0.03 shipping splits USD 0.01 to each item and one cent left over, which goes to
    // the serum whichever comes first: 40% of USD 10.02 plus 5% of USD 10.00 is USD 4.508.
    assertThat(recorded(plan, serum, tote)).isEqualTo(usd("4.51"));
    assertThat(recorded(plan, tote, serum)).isEqualTo(usd("4.51"));
  }

  @Test
  void recordConversion_itemsSwapped_reachTheSameRevenueTier() {
    CommissionPlan plan = CommissionPlan.builder().rule(CommissionRule.builder("skin")
        .target(RuleTarget.categories("SKIN")).base(Base.itemsAfterDiscount().withShipping(true))
        .payout(Payout.tieredByRevenue(Period.MONTH, TierMode.WHOLE_PERIOD,
            new Payout.RevenueTier(usd("0.00"), pct("5")),
            new Payout.RevenueTier(usd("10.02"), pct("20"))))
        .build()).build();
    LineItem serum = LineItem.of("serum", "SKIN", 1, usd("10.00"));
    LineItem tote = LineItem.of("tote", "BAGS", 1, usd("10.00"));

    // The serum's USD 10.02 with its two cents of shipping reaches the 20% tier: USD 2.004.
    assertThat(recorded(plan, serum, tote)).isEqualTo(usd("2.00"));
    assertThat(recorded(plan, tote, serum)).isEqualTo(usd("2.00"));
  }

  @Test
  void quote_freeItemsSwapped_takeTheSameEqualParts_andExplainInTheHostsOrder() {
    CommissionPlan plan = CommissionPlan.builder().rule(SKIN).rule(BAGS).build();
    LineItem serum = item("serum", "SKIN", "0.00");
    LineItem tote = item("tote", "BAGS", "0.00");
    Conversion serumFirst = order("o1", "0.03").shipping(usd("0.03")).lineItem(serum)
        .lineItem(tote).build();
    Conversion toteFirst = order("o1", "0.03").shipping(usd("0.03")).lineItem(tote)
        .lineItem(serum).build();

    CommissionQuote first = Sales.quote(plan, serumFirst);
    CommissionQuote second = Sales.quote(plan, toteFirst);

    // 40% of the serum's USD 0.02 of shipping: USD 0.008, rounded half-even to USD 0.01.
    assertThat(first.amount()).isEqualTo(usd("0.01"));
    assertThat(second.amount()).isEqualTo(usd("0.01"));
    String skin = "rule skin matched serum (item.category = SKIN): 40% of USD 0.02 (items after"
        + " discount + shipping: USD 0.00 plus USD 0.02 of the USD 0.03 shipping, split"
        + " equally among the items) = USD 0.008";
    String bags = "rule bags matched tote (item.category = BAGS): 5% of USD 0.00 (items after"
        + " discount) = USD 0.00";
    assertThat(first.steps()).startsWith(skin, bags);
    assertThat(second.steps()).startsWith(bags, skin);
    assertThat(first.portions()).containsExactlyInAnyOrderElementsOf(second.portions());
  }

  @Test
  void quote_itemsOfEqualRemaindersSwapped_giveTheLeftOverUnitToTheLargerItem() {
    // A USD 0.02 discount over a serum of USD 3.00 and a tote of USD 1.00: USD 0.015 and USD
    // 0.005, so one cent and none, and a cent left over between equal remainders; it goes to
    // the larger item, the serum, whichever comes first. 10% of USD 2.98 + 50% of USD 1.00 is
    // USD 0.798.
    CommissionPlan plan = CommissionPlan.builder()
        .rule(CommissionRule.builder("skin").target(RuleTarget.categories("SKIN"))
            .percentage(pct("10")).build())
        .rule(CommissionRule.builder("bags").target(RuleTarget.categories("BAGS"))
            .percentage(pct("50")).build())
        .build();
    LineItem serum = item("serum", "SKIN", "3.00");
    LineItem tote = item("tote", "BAGS", "1.00");
    Conversion serumFirst = order("o1", "3.98").discount(usd("0.02")).lineItem(serum)
        .lineItem(tote).build();
    Conversion toteFirst = order("o1", "3.98").discount(usd("0.02")).lineItem(tote)
        .lineItem(serum).build();

    for (Conversion sale : List.of(serumFirst, toteFirst)) {
      CommissionQuote quote = Sales.quote(plan, sale);

      assertThat(quote.amount()).isEqualTo(usd("0.80"));
      assertThat(quote.portions()).extracting(RulePortion::ruleId, RulePortion::base)
          .containsExactlyInAnyOrder(tuple("skin", usd("2.98")), tuple("bags", usd("1.00")));
    }
  }

  @Test
  void cappedSales_rulesOfEqualBasesSwapped_shareThePlanCapAlike() {
    Payout tiers = Payout.tieredBySales(Period.MONTH, TierMode.WHOLE_PERIOD,
        new Payout.SalesTier(1, pct("10")), new Payout.SalesTier(3, pct("20")));
    CommissionPlan plan = CommissionPlan.builder().capPerConversion(usd("20.01"))
        .rule(CommissionRule.builder("skin").target(RuleTarget.categories("SKIN")).payout(tiers)
            .build())
        .rule(CommissionRule.builder("bags").target(RuleTarget.categories("BAGS")).payout(tiers)
            .build())
        .build();
    LineItem serum = item("serum", "SKIN", "100.00");
    LineItem tote = item("tote", "BAGS", "100.00");

    Map<String, Optional<CappedSale>> serumFirst = capped(plan, serum, tote);
    Map<String, Optional<CappedSale>> toteFirst = capped(plan, tote, serum);

    // Each earned USD 10.00 of the USD 20.00; the cap leaves USD 0.01, and the rules' bases are
    // equal, so it goes to the rule listed first in the plan whichever item comes first.
    assertThat(serumFirst).isEqualTo(toteFirst);
    assertThat(serumFirst).containsEntry("skin",
        Optional.of(new CappedSale(usd("100.00"), usd("10.01"), usd("10.00"))));
    assertThat(serumFirst).containsEntry("bags",
        Optional.of(new CappedSale(usd("100.00"), usd("10.00"), usd("10.00"))));
  }

  /** {@return the capped sale of each counted portion of the order, by rule id} */
  private static Map<String, Optional<CappedSale>> capped(CommissionPlan plan, LineItem first,
      LineItem second) {
    Conversion sale = Conversion.builder("o1", MONTH_START.plusSeconds(3600), usd("200.00"))
        .customerId("c1").lineItem(first).lineItem(second).build();
    PeriodPerformance march = PeriodPerformance.empty(Period.MONTH, MONTH_START, ZoneOffset.UTC,
        CurrencyUnit.USD);
    CommissionQuote quote = plan.quote(sale, fullCredit("anna", sale),
        CommissionContext.builder(ANNA).performance(march).build());
    List<RulePortion> counted = TierReached.counted(quote);
    List<Optional<CappedSale>> capped = CappedSale.fromCounted(quote, counted);
    Map<String, Optional<CappedSale>> byRule = new TreeMap<>();
    for (int i = 0; i < counted.size(); i++) {
      byRule.put(counted.get(i).ruleId(), capped.get(i));
      assertThat(CappedSale.from(quote, counted.get(i))).isEqualTo(capped.get(i));
    }
    return byRule;
  }
}
