package dev.affiliatekit.commission;

import static dev.affiliatekit.commission.Attribute.AFFILIATE_COUNTRY;
import static dev.affiliatekit.commission.Attribute.AFFILIATE_FOLLOWERS;
import static dev.affiliatekit.commission.Attribute.AFFILIATE_GROUP;
import static dev.affiliatekit.commission.Attribute.AFFILIATE_TAGS;
import static dev.affiliatekit.commission.Attribute.CUSTOMER_COUNTRY;
import static dev.affiliatekit.commission.Attribute.CUSTOMER_MONTHS_SINCE_FIRST_PURCHASE;
import static dev.affiliatekit.commission.Attribute.CUSTOMER_TYPE;
import static dev.affiliatekit.commission.Attribute.ITEM_CATEGORY;
import static dev.affiliatekit.commission.Attribute.ITEM_PRODUCT_ID;
import static dev.affiliatekit.commission.Attribute.SALE_BILLING_PERIOD;
import static dev.affiliatekit.commission.Attribute.SALE_CURRENCY;
import static dev.affiliatekit.commission.Attribute.SALE_CREDIT_BASIS;
import static dev.affiliatekit.commission.Attribute.SALE_TOTAL;
import static dev.affiliatekit.commission.Sales.AT;
import static dev.affiliatekit.commission.Sales.fullCredit;
import static dev.affiliatekit.commission.Sales.item;
import static dev.affiliatekit.commission.Sales.pct;
import static dev.affiliatekit.commission.Sales.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.CustomerType;
import dev.affiliatekit.money.CurrencyMismatchException;
import dev.affiliatekit.money.Money;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ConditionTest {

  private static final AffiliateProfile KNOWN = Sales.ANNA;
  private static final AffiliateProfile UNKNOWN = AffiliateProfile.of("anna");

  private static final Conversion SALE = Sales.order("o1", "60.00")
      .lineItem(item("serum-30ml", "SKIN_CARE", "40.00")).lineItem(item("tote", "BAGS", "20.00"))
      .customerType(CustomerType.NEW).customerCountry("US").build();

  /** Returns whether a program rule with the condition prices the sale (its first item). */
  private static boolean matches(Condition condition, AffiliateProfile affiliate,
      Conversion conversion) {
    CommissionPlan plan = CommissionPlan.builder().rule(CommissionRule.builder("r")
        .when(condition).percentage(pct("10")).build()).build();
    return !plan.quote(conversion, fullCredit("anna", conversion), CommissionContext.of(affiliate))
        .ruleIds().isEmpty();
  }

  private static boolean matches(Condition condition) {
    return matches(condition, KNOWN, SALE);
  }

  @Nested
  class Atoms {

    @Test
    void is_in_startsWith_onText() {
      assertThat(matches(Condition.is(CUSTOMER_COUNTRY, "US"))).isTrue();
      assertThat(matches(Condition.is(CUSTOMER_COUNTRY, "CA"))).isFalse();
      assertThat(matches(Condition.in(CUSTOMER_COUNTRY, "CA", "US"))).isTrue();
      assertThat(matches(Condition.in(CUSTOMER_TYPE, "RETURNING"))).isFalse();
      assertThat(matches(Condition.startsWith(ITEM_PRODUCT_ID, "serum-"))).isTrue();
      assertThat(matches(Condition.startsWith(ITEM_PRODUCT_ID, "cream-"))).isFalse();
    }

    @Test
    void tags_holdIfOneTagDoes() {
      assertThat(matches(Condition.is(AFFILIATE_TAGS, "vegan"))).isTrue();
      assertThat(matches(Condition.in(AFFILIATE_TAGS, "eco", "skin"))).isTrue();
      assertThat(matches(Condition.startsWith(AFFILIATE_TAGS, "veg"))).isTrue();
      assertThat(matches(Condition.is(AFFILIATE_TAGS, "eco"))).isFalse();
      // No tags is known to have no tag, so "not tagged eco" holds.
      assertThat(matches(Condition.not(Condition.is(AFFILIATE_TAGS, "eco")), UNKNOWN, SALE))
          .isTrue();
    }

    @Test
    void ranges_includeBothBounds() {
      assertThat(matches(Condition.between(AFFILIATE_FOLLOWERS, 12_400, 12_400))).isTrue();
      assertThat(matches(Condition.between(AFFILIATE_FOLLOWERS, 12_401, 20_000))).isFalse();
      assertThat(matches(Condition.atLeast(AFFILIATE_FOLLOWERS, 12_400))).isTrue();
      assertThat(matches(Condition.atMost(AFFILIATE_FOLLOWERS, 12_399))).isFalse();
      assertThat(matches(Condition.between(SALE_TOTAL, usd("60.00"), usd("60.00")))).isTrue();
      assertThat(matches(Condition.atLeast(SALE_TOTAL, usd("60.01")))).isFalse();
    }

    @Test
    void moneyRange_inAnotherCurrency_isUnknown_evenUnderNot() {
      Condition euros = Condition.atLeast(SALE_TOTAL, Money.parse("EUR 1.00"));

      assertThat(matches(euros)).isFalse();
      assertThat(matches(Condition.not(euros))).isFalse();
    }

    @Test
    void itemAttributes_areReadPerItem() {
      CommissionPlan plan = CommissionPlan.builder().rule(CommissionRule.builder("bags")
          .when(Condition.is(ITEM_CATEGORY, "BAGS")).percentage(pct("10")).build()).build();

      CommissionQuote quote = plan.quote(SALE, fullCredit("anna", SALE), CommissionContext.of(KNOWN));

      assertThat(quote.amount()).isEqualTo(usd("2.00"));
      assertThat(quote.steps()).containsExactly(
          "rule bags matched tote (item.category = BAGS): 10% of USD 20.00 (items after discount)"
              + " = USD 2.00",
          "no rule matched serum-30ml (bags: item.category SKIN_CARE, not BAGS)");
    }

    /**
     * Regression: every item no rule priced was named, so an order of many items made an
     * explanation longer than a ledger keeps, cut before its amount.
     */
    @Test
    void itemsNoRuleMatched_areNamedUpToThree_andCounted() {
      CommissionPlan plan = CommissionPlan.builder().rule(CommissionRule.builder("serums")
          .target(RuleTarget.products("serum")).percentage(pct("10")).build()).build();
      Conversion.Builder order = Sales.order("o3", "160.00")
          .lineItem(Sales.item("serum", "SKIN_CARE", "100.00"));
      for (int i = 0; i < 60; i++) {
        order.lineItem(Sales.item("sachet-" + i, "SAMPLES", "1.00"));
      }
      Conversion sale = order.build();

      CommissionQuote quote = plan.quote(sale, fullCredit("anna", sale), CommissionContext.of(KNOWN));

      assertThat(quote.steps()).contains("no rule matched sachet-0, sachet-1, sachet-2 and 57 more");
      assertThat(quote.explanation()).hasSizeLessThan(200);
    }

    @Test
    void itemsOneRuleMatchedForOneReason_areNamedUpToThree_andCounted() {
      CommissionPlan plan = CommissionPlan.builder().rule(CommissionRule.builder("samples")
          .target(RuleTarget.categories("SAMPLES")).percentage(pct("10")).build()).build();
      Conversion.Builder order = Sales.order("o3", "60.00");
      for (int i = 0; i < 60; i++) {
        order.lineItem(Sales.item("sachet-" + i, "SAMPLES", "1.00"));
      }
      Conversion sale = order.build();

      CommissionQuote quote = plan.quote(sale, fullCredit("anna", sale),
          CommissionContext.of(KNOWN));

      assertThat(quote.steps()).startsWith("rule samples matched sachet-0, sachet-1, sachet-2 and"
          + " 57 more (item.category = SAMPLES): 10% of USD 60.00 (items after discount)"
          + " = USD 6.00");
    }

    @Test
    void anOrderWithoutItems_explainsTheConditionsThatHeld() {
      // The example of CommissionQuote.explanation.
      CommissionPlan plan = CommissionPlan.builder().rule(CommissionRule.builder("default")
          .when(Condition.is(CUSTOMER_TYPE, "NEW")).percentage(pct("10")).build()).build();
      Conversion noItems = Sales.order("o2", "60.00").customerType(CustomerType.NEW).build();

      CommissionQuote quote = plan.quote(noItems, fullCredit("anna", noItems),
          CommissionContext.of(KNOWN));

      assertThat(quote.explanation()).startsWith("rule default matched (customer.type = NEW): 10%"
          + " of USD 60.00 (items after discount) = USD 6.00");
    }

    @Test
    void itemAttributes_areMissingForAnOrderWithoutItems() {
      Conversion noItems = Sales.order("o2", "60.00").build();

      assertThat(matches(Condition.is(ITEM_CATEGORY, "BAGS"), KNOWN, noItems)).isFalse();
      assertThat(matches(Condition.not(Condition.is(ITEM_CATEGORY, "BAGS")), KNOWN, noItems))
          .isFalse();
    }

    @Test
    void creditBasis_billingPeriod_andMonthsSinceFirstPurchase() {
      assertThat(matches(Condition.is(SALE_CREDIT_BASIS, "TOUCHPOINTS"))).isTrue();
      assertThat(matches(Condition.atLeast(SALE_BILLING_PERIOD, 1))).isFalse();
      Conversion renewal = Conversion.builder("r1", AT, usd("20.00")).customerId("c")
          .subscription("s", 4, Instant.parse("2025-12-15T10:00:00Z")).build();
      assertThat(matches(Condition.between(SALE_BILLING_PERIOD, 2, 12), KNOWN, renewal)).isTrue();
      // Started 15 December 10:00, charged 15 March 10:00: exactly 3 whole months.
      assertThat(matches(Condition.between(Attribute.SALE_SUBSCRIPTION_MONTHS, 3, 3), KNOWN,
          renewal)).isTrue();

      CommissionPlan plan = CommissionPlan.builder().rule(CommissionRule.builder("loyal")
          .when(Condition.atLeast(CUSTOMER_MONTHS_SINCE_FIRST_PURCHASE, 6))
          .percentage(pct("5")).build()).build();
      CommissionContext sixMonths = CommissionContext.builder(KNOWN)
          .customerFirstPurchase(Instant.parse("2025-09-15T10:00:00Z")).build();
      CommissionContext fiveMonths = CommissionContext.builder(KNOWN)
          .customerFirstPurchase(Instant.parse("2025-09-15T10:00:01Z")).build();
      assertThat(plan.quote(SALE, fullCredit("anna", SALE), sixMonths).ruleIds()).hasSize(1);
      assertThat(plan.quote(SALE, fullCredit("anna", SALE), fiveMonths).ruleIds()).isEmpty();
      assertThat(plan.quote(SALE, fullCredit("anna", SALE), CommissionContext.of(KNOWN)).ruleIds())
          .isEmpty();
    }

    @Test
    void monthsSinceFirstPurchase_stampedAfterTheSale_isZero() {
      CommissionPlan plan = CommissionPlan.builder().rule(CommissionRule.builder("newcomer")
          .when(Condition.atMost(CUSTOMER_MONTHS_SINCE_FIRST_PURCHASE, 0))
          .percentage(pct("25")).build()).build();
      CommissionContext writtenLater = CommissionContext.builder(KNOWN)
          .customerFirstPurchase(AT.plusMillis(1)).build();

      CommissionQuote quote = plan.quote(SALE, fullCredit("anna", SALE), writtenLater);
      assertThat(quote.ruleIds()).containsExactly("newcomer");
      assertThat(quote.explanation()).contains("customer.monthsSinceFirstPurchase 0 at most 0");
    }

    @Test
    void monthsFromAnInstantOutsideTheCalendar_refuseTheSale_namingIt() {
      CommissionPlan loyal = CommissionPlan.builder().rule(CommissionRule.builder("loyal")
          .when(Condition.atLeast(CUSTOMER_MONTHS_SINCE_FIRST_PURCHASE, 12))
          .percentage(pct("20")).build()).build();
      CommissionContext forever = CommissionContext.builder(KNOWN)
          .customerFirstPurchase(Instant.MIN).build();
      assertThatThrownBy(() -> loyal.quote(SALE, fullCredit("anna", SALE), forever))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("whole months from the customer's first purchase "
              + "-1000000000-01-01T00:00:00Z to the sale 2026-03-15T10:00:00Z are not known: the"
              + " calendar of Z spans the years -999,999,999 to 999,999,999");
      // Whatever the order of the instants, and whether or not a condition reads the months for
      // this sale: a plan that tests them refuses it.
      CommissionContext never = CommissionContext.builder(KNOWN)
          .customerFirstPurchase(Instant.MAX).build();
      assertThatThrownBy(() -> loyal.quote(SALE, fullCredit("anna", SALE), never))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("whole months from the customer's first purchase "
              + "+1000000000-12-31T23:59:59.999999999Z to the sale");
      CommissionPlan welcome = CommissionPlan.builder().rule(CommissionRule.builder("welcome")
          .when(Condition.all(Condition.is(Attribute.SALE_COUPON_CODE, "WELCOME"),
              Condition.atMost(CUSTOMER_MONTHS_SINCE_FIRST_PURCHASE, 0)))
          .percentage(pct("20")).build()).build();
      assertThatThrownBy(() -> welcome.quote(SALE, fullCredit("anna", SALE), forever))
          .isInstanceOf(IllegalArgumentException.class);
      // A plan that does not read the months quotes the sale.
      assertThat(CommissionPlan.builder().rule(CommissionRule.percentage("all", pct("10")))
          .build().quote(SALE, fullCredit("anna", SALE), forever).amount()).isEqualTo(usd("6.00"));

      CommissionPlan firstYear = CommissionPlan.builder().rule(CommissionRule.builder("first-year")
          .percentage(pct("30")).recurring(RecurringTerm.firstMonths(12)).build()).build();
      Conversion sinceForever = Conversion.builder("r1", AT, usd("20.00")).customerId("c")
          .subscription("s", 75, Instant.MIN.plus(java.time.Duration.ofDays(300))).build();
      assertThatThrownBy(() -> firstYear.quote(sinceForever, fullCredit("anna", sinceForever),
          CommissionContext.of(KNOWN))).isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("whole months from the subscription's start"
              + " -1000000000-10-27T00:00:00Z to the sale");
    }

    @Test
    void monthsFromAnInstantOutsideTheCalendar_refuseASaleNoRuleOfThemIsTriedFor() {
      // The rules that read the months price lipsticks only, and the sale has none.
      CommissionPlan loyal = CommissionPlan.builder()
          .rule(CommissionRule.percentage("default", pct("10")))
          .rule(CommissionRule.builder("loyal").target(RuleTarget.products("lipstick"))
              .when(Condition.atLeast(CUSTOMER_MONTHS_SINCE_FIRST_PURCHASE, 12))
              .percentage(pct("20")).build())
          .build();
      CommissionContext forever = CommissionContext.builder(KNOWN)
          .customerFirstPurchase(Instant.MIN).build();
      assertThatThrownBy(() -> loyal.quote(SALE, fullCredit("anna", SALE), forever))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("whole months from the customer's first purchase");

      CommissionPlan firstYear = CommissionPlan.builder()
          .rule(CommissionRule.percentage("default", pct("10")))
          .rule(CommissionRule.builder("first-year").target(RuleTarget.products("lipstick"))
              .percentage(pct("30")).recurring(RecurringTerm.firstMonths(12)).build())
          .build();
      Conversion sinceForever = Conversion.builder("r1", AT, usd("20.00")).customerId("c")
          .lineItem(item("serum-30ml", "SKIN_CARE", "20.00"))
          .subscription("s", 75, Instant.MIN.plus(java.time.Duration.ofDays(300))).build();
      assertThatThrownBy(() -> firstYear.quote(sinceForever, fullCredit("anna", sinceForever),
          CommissionContext.of(KNOWN))).isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("whole months from the subscription's start");

      CommissionPlan loyalBonus = CommissionPlan.builder()
          .rule(CommissionRule.percentage("default", pct("10")))
          .milestone(new Milestone("loyal", Period.LIFETIME, 1_000, usd("5.00"),
              Condition.atLeast(CUSTOMER_MONTHS_SINCE_FIRST_PURCHASE, 12)))
          .build();
      CommissionContext foreverAtFirstSale = CommissionContext.builder(KNOWN)
          .customerFirstPurchase(Instant.MIN)
          .performance(PeriodPerformance.lifetime(0, usd("0.00"), usd("0.00"))).build();
      assertThatThrownBy(() -> loyalBonus.quote(SALE, fullCredit("anna", SALE),
          foreverAtFirstSale)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("whole months from the customer's first purchase");
      CommissionPlan monthsOfSubscription = CommissionPlan.builder()
          .rule(CommissionRule.percentage("default", pct("10")))
          .rule(CommissionRule.builder("renewals").target(RuleTarget.products("lipstick"))
              .when(Condition.atLeast(Attribute.SALE_SUBSCRIPTION_MONTHS, 12))
              .percentage(pct("30")).build())
          .build();
      assertThatThrownBy(() -> monthsOfSubscription.quote(sinceForever,
          fullCredit("anna", sinceForever), CommissionContext.of(KNOWN)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("whole months from the subscription's start");

      // A plan that reads neither quotes both.
      CommissionPlan plain = CommissionPlan.builder()
          .rule(CommissionRule.percentage("default", pct("10"))).build();
      assertThat(plain.quote(SALE, fullCredit("anna", SALE), forever).amount())
          .isEqualTo(usd("6.00"));
      assertThat(plain.quote(sinceForever, fullCredit("anna", sinceForever),
          CommissionContext.of(KNOWN)).amount()).isEqualTo(usd("2.00"));
    }

    @Test
    void monthsFromTheFirstAndLastInstantsOfTheCalendar_areKnown_andASecondBeyondIsNot() {
      CommissionPlan.Builder loyal = CommissionPlan.builder().rule(CommissionRule.builder("loyal")
          .when(Condition.atLeast(CUSTOMER_MONTHS_SINCE_FIRST_PURCHASE, 12))
          .percentage(pct("20")).build());
      long first = java.time.LocalDateTime.MIN.toEpochSecond(java.time.ZoneOffset.UTC);
      long last = java.time.LocalDateTime.MAX.toEpochSecond(java.time.ZoneOffset.UTC);

      // In UTC the calendar starts at the first second and ends at the last; a first purchase
      // after the sale counts no months.
      CommissionPlan utc = loyal.build();
      assertThat(utc.quote(SALE, fullCredit("anna", SALE), firstPurchase(first)).ruleIds())
          .containsExactly("loyal");
      assertThat(utc.quote(SALE, fullCredit("anna", SALE), firstPurchase(last)).ruleIds())
          .isEmpty();
      for (long outside : new long[] {first - 1, last + 1}) {
        assertThatThrownBy(() -> utc.quote(SALE, fullCredit("anna", SALE), firstPurchase(outside)))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageStartingWith("whole months from the customer's first purchase");
      }
      // An hour ahead of UTC, half an hour before the first second in UTC is on the calendar's
      // first day, and half an hour before its last second in UTC is past its end.
      CommissionPlan ahead = loyal.zone(java.time.ZoneOffset.ofHours(1)).build();
      assertThat(ahead.quote(SALE, fullCredit("anna", SALE), firstPurchase(first - 1_800))
          .ruleIds()).containsExactly("loyal");
      assertThatThrownBy(() -> ahead.quote(SALE, fullCredit("anna", SALE),
          firstPurchase(last - 1_800))).isInstanceOf(IllegalArgumentException.class);
    }

    private CommissionContext firstPurchase(long epochSecond) {
      return CommissionContext.builder(KNOWN)
          .customerFirstPurchase(Instant.ofEpochSecond(epochSecond)).build();
    }

    @Test
    void unknownCustomerType_isMissing() {
      Conversion unknown = Sales.order("o3", "10.00").build();

      assertThat(matches(Condition.is(CUSTOMER_TYPE, "NEW"), KNOWN, unknown)).isFalse();
      assertThat(matches(Condition.not(Condition.is(CUSTOMER_TYPE, "NEW")), KNOWN, unknown))
          .isFalse();
      // An unknown type is missing, not a value a condition could name.
      assertThatThrownBy(() -> Condition.is(CUSTOMER_TYPE, "UNKNOWN"))
          .hasMessage("condition value of customer.type must be one of NEW, RETURNING: 'UNKNOWN'");
    }
  }

  @Nested
  class ThreeValuedLogic {

    private final Condition followersKnown = Condition.atLeast(AFFILIATE_FOLLOWERS, 0);
    private final Condition usCustomer = Condition.is(CUSTOMER_COUNTRY, "US");
    private final Condition frenchCustomer = Condition.is(CUSTOMER_COUNTRY, "FR");

    @Test
    void missingAttribute_neverMatches_evenUnderNot() {
      assertThat(matches(followersKnown, UNKNOWN, SALE)).isFalse();
      assertThat(matches(Condition.not(followersKnown), UNKNOWN, SALE)).isFalse();
      assertThat(matches(Condition.not(Condition.not(followersKnown)), UNKNOWN, SALE)).isFalse();
    }

    @Test
    void all_isFalseIfOnePartIsFalse_elseUnknownIfOneIs() {
      assertThat(matches(Condition.all(usCustomer, followersKnown), KNOWN, SALE)).isTrue();
      assertThat(matches(Condition.all(usCustomer, followersKnown), UNKNOWN, SALE)).isFalse();
      // not(all(false, unknown)) = not(false) = true.
      assertThat(matches(Condition.not(Condition.all(frenchCustomer, followersKnown)), UNKNOWN,
          SALE)).isTrue();
      // not(all(true, unknown)) = not(unknown) = unknown.
      assertThat(matches(Condition.not(Condition.all(usCustomer, followersKnown)), UNKNOWN,
          SALE)).isFalse();
    }

    @Test
    void any_isTrueIfOnePartIsTrue_elseUnknownIfOneIs() {
      assertThat(matches(Condition.any(followersKnown, usCustomer), UNKNOWN, SALE)).isTrue();
      assertThat(matches(Condition.any(followersKnown, frenchCustomer), UNKNOWN, SALE)).isFalse();
      assertThat(matches(Condition.not(Condition.any(followersKnown, frenchCustomer)), UNKNOWN,
          SALE)).isFalse();
      assertThat(matches(Condition.not(Condition.any(frenchCustomer)), UNKNOWN, SALE)).isTrue();
    }

    @Test
    void always_holds() {
      assertThat(matches(Condition.always(), UNKNOWN, SALE)).isTrue();
      assertThat(matches(Condition.not(Condition.always()), UNKNOWN, SALE)).isFalse();
    }
  }

  @Test
  void explanation_showsTheActualValues_includingNegationsAndAlternatives() {
    Condition condition = Condition.all(
        Condition.not(Condition.in(AFFILIATE_COUNTRY, "FR", "IT")),
        Condition.any(Condition.is(AFFILIATE_GROUP, "gold"),
            Condition.between(AFFILIATE_FOLLOWERS, 1_500, 100_000)),
        Condition.not(Condition.is(CUSTOMER_COUNTRY, "CA")),
        Condition.is(AFFILIATE_TAGS, "vegan"),
        Condition.startsWith(ITEM_PRODUCT_ID, "serum"));
    CommissionPlan plan = CommissionPlan.builder().rule(CommissionRule.builder("r")
        .target(RuleTarget.groups("micro")).when(condition).percentage(pct("10")).build()).build();

    CommissionQuote quote = plan.quote(SALE, fullCredit("anna", SALE), CommissionContext.of(KNOWN));

    assertThat(quote.steps().get(0)).isEqualTo("rule r matched serum-30ml (affiliate.group = "
        + "micro, affiliate.country DE not in {FR, IT}, affiliate.followers 12,400 in "
        + "1,500..100,000, customer.country US, not CA, affiliate.tags {skin, vegan} have vegan, "
        + "item.productId serum-30ml starts with serum): 10% of USD 40.00 (items after discount) "
        + "= USD 4.00");
  }

  @Test
  void explanation_ofALargeSet_showsItsFirstTenValues_soEachItemStatesItShortly() {
    List<String> skus = new ArrayList<>();
    Conversion.Builder order = Sales.order("o1", "2001.00").lineItem(item("tote", "BAGS", "1.00"));
    for (int i = 0; i < 2_000; i++) {
      String sku = String.format(Locale.ROOT, "sku-%04d", i);
      skus.add(sku);
      order.lineItem(item(sku, "SKIN_CARE", "1.00"));
    }
    Conversion sale = order.build();
    CommissionPlan plan = CommissionPlan.builder()
        .rule(CommissionRule.builder("promoted")
            .when(Condition.in(ITEM_PRODUCT_ID, skus.toArray(String[]::new)))
            .percentage(pct("10")).build())
        .build();

    CommissionQuote quote = plan.quote(sale, fullCredit("anna", sale), CommissionContext.of(KNOWN));

    String set = "{sku-0000, sku-0001, sku-0002, sku-0003, sku-0004, sku-0005, sku-0006, "
        + "sku-0007, sku-0008, sku-0009 and 1990 more}";
    assertThat(quote.steps().get(0)).isEqualTo("rule promoted matched sku-0000 "
        + "(item.productId sku-0000 in " + set + "), sku-0001 (item.productId sku-0001 in "
        + set + "), sku-0002 (item.productId sku-0002 in " + set + ") and 1997 more: 10% of "
        + "USD 2000.00 (items after discount) = USD 200.00");
    assertThat(quote.steps().get(1)).isEqualTo("no rule matched tote (promoted: item.productId "
        + "tote not in " + set + ")");
  }

  @Test
  void toString_writesTheConditionAsExplanationsDo() {
    assertThat(Condition.between(AFFILIATE_FOLLOWERS, 1_500, 100_000))
        .hasToString("affiliate.followers in 1,500..100,000");
    assertThat(Condition.atLeast(SALE_TOTAL, usd("50.00")))
        .hasToString("sale.total at least USD 50.00");
    assertThat(Condition.atMost(AFFILIATE_FOLLOWERS, 999)).hasToString("affiliate.followers at most 999");
    assertThat(Condition.in(CUSTOMER_COUNTRY, "US", "CA")).hasToString("customer.country in {CA, US}");
    assertThat(Condition.all(Condition.is(ITEM_CATEGORY, "A"), Condition.not(
        Condition.startsWith(ITEM_PRODUCT_ID, "x")))).hasToString(
        "all of (item.category = A, not (item.productId starts with x))");
    assertThat(Condition.any(Condition.is(AFFILIATE_TAGS, "a"))).hasToString("any of (affiliate.tags has a)");
    assertThat(Condition.in(AFFILIATE_TAGS, "vegan", "skin"))
        .hasToString("affiliate.tags has one of {skin, vegan}");
    assertThat(Condition.always()).hasToString("always");
    assertThat(Condition.all(Condition.is(ITEM_CATEGORY, "A"))).hasToString("item.category = A");
  }

  @Test
  void attributes_listsTheAttributesTested_once() {
    Condition condition = Condition.all(Condition.is(ITEM_CATEGORY, "A"),
        Condition.any(Condition.is(ITEM_CATEGORY, "B"), Condition.not(
            Condition.atLeast(AFFILIATE_FOLLOWERS, 1))));

    assertThat(condition.attributes()).containsExactly(ITEM_CATEGORY, AFFILIATE_FOLLOWERS);
  }

  @Test
  void attribute_ofKey_findsEveryAttribute() {
    for (Attribute attribute : Attribute.values()) {
      assertThat(Attribute.ofKey(attribute.key())).contains(attribute);
      assertThat(attribute).hasToString(attribute.key());
      assertThat(attribute.isItemAttribute()).isEqualTo(attribute.key().startsWith("item."));
    }
    assertThat(Attribute.ofKey("affiliate.shoeSize")).isEmpty();
  }

  /**
   * Regression: a profile or a sale took any two upper-case letters, such as {@code UK}, which no
   * condition may name, so that a rule on {@code GB} never matched it and nothing said why.
   */
  @Test
  void countries_profilesAndSalesTakeExactlyTheCodesAConditionMayName() {
    List<String> texts = new ArrayList<>(List.of("us", "Gb", "USA", "G", "GBR", "U K", "UK "));
    for (char first = 'A'; first <= 'Z'; first++) {
      for (char second = 'A'; second <= 'Z'; second++) {
        texts.add(String.valueOf(new char[] {first, second}));
      }
    }
    List<String> taken = new ArrayList<>();
    for (String code : texts) {
      boolean named = takes(() -> Condition.is(AFFILIATE_COUNTRY, code));

      assertThat(takes(() -> Condition.in(CUSTOMER_COUNTRY, code))).as(code).isEqualTo(named);
      assertThat(takes(() -> AffiliateProfile.builder("anna").country(code).build())).as(code)
          .isEqualTo(named);
      assertThat(takes(() -> Sales.order("o1", "60.00").customerCountry(code).build())).as(code)
          .isEqualTo(named);
      if (named) {
        taken.add(code);
        AffiliateProfile affiliate = AffiliateProfile.builder("anna").country(code).build();
        Conversion sale = Sales.order("o1", "60.00").customerCountry(code).build();
        assertThat(matches(Condition.all(Condition.is(AFFILIATE_COUNTRY, code),
            Condition.is(CUSTOMER_COUNTRY, code)), affiliate, sale)).as(code).isTrue();
      }
    }
    assertThat(taken).contains("GB", "US", "DE", "XK", "XX", "AA", "QM", "QZ", "XA", "XZ", "ZZ")
        .doesNotContain("UK", "EU", "QL", "ZY");
  }

  /** {@return whether making the value throws no {@link IllegalArgumentException}} */
  private static boolean takes(Runnable make) {
    try {
      make.run();
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  @Test
  void errors_nameTheConditionAndTheValue() {
    assertThatThrownBy(() -> Condition.is(AFFILIATE_FOLLOWERS, "12"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("condition is needs a text attribute: affiliate.followers");
    assertThatThrownBy(() -> Condition.in(SALE_TOTAL, "1"))
        .hasMessage("condition in needs a text attribute: sale.total");
    assertThatThrownBy(() -> Condition.startsWith(AFFILIATE_FOLLOWERS, "1"))
        .hasMessage("condition startsWith needs a text attribute: affiliate.followers");
    assertThatThrownBy(() -> Condition.between(CUSTOMER_COUNTRY, 1, 2))
        .hasMessage("condition range needs a number attribute: customer.country");
    assertThatThrownBy(() -> Condition.atLeast(AFFILIATE_FOLLOWERS, usd("1.00")))
        .hasMessage("condition range needs a money attribute: affiliate.followers");
    // Regression: a value outside a fixed vocabulary made a rule that never applies.
    assertThatThrownBy(() -> Condition.is(CUSTOMER_TYPE, "new"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("condition value of customer.type must be one of NEW, RETURNING: 'new'");
    assertThatThrownBy(() -> Condition.in(Attribute.SALE_CREDIT_BASIS, "COUPON", "coupon"))
        .hasMessage("condition value of sale.creditBasis must be one of TOUCHPOINTS, COUPON,"
            + " LIFETIME_BINDING: 'coupon'");
    assertThatThrownBy(() -> Condition.in(CUSTOMER_COUNTRY, "US", "us"))
        .hasMessage("condition value of customer.country must be an ISO 3166-1 alpha-2 code in"
            + " upper case, such as US: 'us'");
    assertThatThrownBy(() -> Condition.is(AFFILIATE_COUNTRY, "USA"))
        .hasMessage("condition value of affiliate.country must be an ISO 3166-1 alpha-2 code in"
            + " upper case, such as US: 'USA'");
    assertThat(Condition.startsWith(CUSTOMER_TYPE, "N")).hasToString("customer.type starts with N");
    assertThatThrownBy(() -> Condition.startsWith(CUSTOMER_TYPE, "n"))
        .hasMessage("condition prefix of customer.type must begin one of NEW, RETURNING: 'n'");
    assertThatThrownBy(() -> Condition.startsWith(CUSTOMER_COUNTRY, "USA"))
        .hasMessage("condition prefix of customer.country must begin an ISO 3166-1 alpha-2 code"
            + " in upper case, such as US: 'USA'");
    assertThatThrownBy(() -> Condition.is(CUSTOMER_COUNTRY, "UK"))
        .hasMessage("condition value of customer.country must be an ISO 3166-1 alpha-2 code in"
            + " upper case, such as US (the United Kingdom's is GB): 'UK'");
    assertThatThrownBy(() -> Condition.in(AFFILIATE_COUNTRY, "DE", "EU"))
        .hasMessage("condition value of affiliate.country must be an ISO 3166-1 alpha-2 code in"
            + " upper case, such as US: 'EU'");
    assertThatThrownBy(() -> Condition.startsWith(CUSTOMER_COUNTRY, "EU"))
        .hasMessageStartingWith("condition prefix of customer.country must begin");
    assertThat(Condition.is(CUSTOMER_COUNTRY, "XK")).hasToString("customer.country = XK");
    assertThat(Condition.in(CUSTOMER_COUNTRY, "GB", "QZ", "ZZ", "AA")).isNotNull();
    // Regression: a currency that no sale can have, such as usd, made a rule that never applies.
    assertThatThrownBy(() -> Condition.is(SALE_CURRENCY, "usd"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("condition value of sale.currency must be a currency code, 1 to 16 characters"
            + " of A-Z, 0-9 or _, starting with a letter, such as USD: 'usd'");
    assertThatThrownBy(() -> Condition.in(SALE_CURRENCY, "USD", "US$"))
        .hasMessage("condition value of sale.currency must be a currency code, 1 to 16 characters"
            + " of A-Z, 0-9 or _, starting with a letter, such as USD: 'US$'");
    assertThatThrownBy(() -> Condition.startsWith(SALE_CURRENCY, "u"))
        .hasMessage("condition prefix of sale.currency must begin a currency code, 1 to 16"
            + " characters of A-Z, 0-9 or _, starting with a letter, such as USD: 'u'");
    for (String code : List.of("1USD", "_USD", "US D", "Usd", "ABCDEFGHIJKLMNOPQ")) {
      assertThatThrownBy(() -> Condition.is(SALE_CURRENCY, code))
          .as(code).hasMessageStartingWith("condition value of sale.currency must be a currency");
    }
    // A code that no table has may be a unit of the host's own, as CurrencyUnit.custom makes.
    assertThat(Condition.in(SALE_CURRENCY, "ZZZ", "PTS", "STORE_CREDIT", "ABCDEFGHIJKLMNOP"))
        .isNotNull();
    assertThat(Condition.startsWith(SALE_CURRENCY, "US"))
        .hasToString("sale.currency starts with US");
    assertThatThrownBy(() -> Condition.between(AFFILIATE_FOLLOWERS, 10, 9))
        .hasMessage("condition range of affiliate.followers must not have min above max: 10 > 9");
    assertThatThrownBy(() -> Condition.between(SALE_TOTAL, usd("2.00"), usd("1.00")))
        .hasMessage(
            "condition range of sale.total must not have min above max: USD 2.00 > USD 1.00");
    assertThatThrownBy(() -> Condition.between(SALE_TOTAL, usd("2.00"), Money.parse("EUR 1.00")))
        .isInstanceOf(dev.affiliatekit.money.CurrencyMismatchException.class)
        .hasMessage("condition range of sale.total max must be in USD, the currency of its min:"
            + " EUR 1.00");
    assertThatThrownBy(() -> Condition.between(SALE_TOTAL, usd("1.00"), Money.parse("EUR 2.00")))
        .isInstanceOf(CurrencyMismatchException.class);
    assertThatThrownBy(() -> new Condition.Range(AFFILIATE_FOLLOWERS, java.util.OptionalLong.empty(),
        java.util.OptionalLong.empty()))
        .hasMessage("condition range must have a bound: affiliate.followers");
    assertThatThrownBy(() -> new Condition.MoneyRange(SALE_TOTAL, java.util.Optional.empty(),
        java.util.Optional.empty()))
        .hasMessage("condition range must have a bound: sale.total");
    assertThatThrownBy(() -> Condition.any())
        .hasMessage("condition any must have at least one part: []");
    assertThatThrownBy(() -> Condition.in(CUSTOMER_COUNTRY))
        .hasMessage("condition in must have at least one value: customer.country");
    assertThatThrownBy(() -> Condition.is(CUSTOMER_COUNTRY, " "))
        .hasMessage("condition value must not be blank: ' '");
    assertThatThrownBy(() -> Condition.startsWith(ITEM_PRODUCT_ID, ""))
        .hasMessage("condition prefix must not be blank: ''");
    assertThatThrownBy(() -> new Condition.In(CUSTOMER_COUNTRY, java.util.Set.of("US", "C\n")))
        .hasMessage("condition value must not contain control character \\u000a at index 1: "
            + "'C\\u000a'");
    assertThat(List.of(Condition.in(CUSTOMER_COUNTRY, "US", "US"))).singleElement()
        .isEqualTo(Condition.in(CUSTOMER_COUNTRY, "US"));
  }

  @Nested
  class WhyNoRuleMatched {

    private final CommissionPlan micro = CommissionPlan.builder()
        .rule(CommissionRule.builder("micro-skin-care")
            .target(RuleTarget.categories("SKIN_CARE"))
            .when(Condition.between(AFFILIATE_FOLLOWERS, 1_500, 100_000))
            .percentage(pct("15")).build())
        .rule(CommissionRule.builder("micro-other")
            .when(Condition.between(AFFILIATE_FOLLOWERS, 1_500, 100_000))
            .percentage(pct("10")).build())
        .build();

    private List<String> steps(CommissionPlan plan, AffiliateProfile affiliate,
        Conversion conversion) {
      return plan.quote(conversion, fullCredit(affiliate.affiliateId(), conversion),
          CommissionContext.of(affiliate)).steps();
    }

    @Test
    void eachRuleThatCouldHavePriced_saysWhichFactFailed_unknownValuesIncluded() {
      String band = " not in 1,500..100,000";

      assertThat(steps(micro, UNKNOWN, SALE)).containsExactly("no rule matched serum-30ml, tote"
          + " (micro-skin-care: affiliate.followers unknown"
          + "; micro-other: affiliate.followers unknown)");
      assertThat(steps(micro, KNOWN.toBuilder().followers(250_000).build(), SALE))
          .containsExactly("no rule matched serum-30ml, tote (micro-skin-care: affiliate.followers"
              + " 250,000" + band + "; micro-other: affiliate.followers 250,000" + band + ")");
    }

    @Test
    void rulesWhoseTargetsDoNotCoverTheItem_areNotNamed() {
      Conversion tote = Sales.order("o2", "20.00").lineItem(item("tote", "BAGS", "20.00")).build();
      CommissionPlan skinOnly = CommissionPlan.builder().rule(CommissionRule.builder("skin")
          .target(RuleTarget.categories("SKIN_CARE")).percentage(pct("10")).build()).build();

      assertThat(steps(skinOnly, KNOWN, tote)).containsExactly("no rule matched tote");
      assertThat(steps(micro, UNKNOWN, tote)).containsExactly("no rule matched tote"
          + " (micro-other: affiliate.followers unknown)");
    }

    @Test
    void junctions_sayTheFirstFailedPartOfAll_everyPartOfAny_andWhyANegatedPartHeld() {
      CommissionPlan plan = CommissionPlan.builder()
          .rule(CommissionRule.builder("de-vegan").priority(3)
              .when(Condition.all(Condition.is(AFFILIATE_COUNTRY, "DE"),
                  Condition.is(CUSTOMER_COUNTRY, "FR")))
              .percentage(pct("10")).build())
          .rule(CommissionRule.builder("north-america").priority(2)
              .when(Condition.any(Condition.is(CUSTOMER_COUNTRY, "CA"),
                  Condition.is(CUSTOMER_COUNTRY, "MX")))
              .percentage(pct("10")).build())
          .rule(CommissionRule.builder("not-new").priority(1)
              .when(Condition.not(Condition.is(CUSTOMER_TYPE, "NEW")))
              .percentage(pct("10")).build())
          .build();
      Conversion noItems = Sales.order("o3", "60.00").customerType(CustomerType.NEW)
          .customerCountry("US").build();

      assertThat(steps(plan, KNOWN, noItems)).containsExactly("no rule matched"
          + " (de-vegan: customer.country US, not FR;"
          + " north-america: customer.country US, not CA, customer.country US, not MX;"
          + " not-new: customer.type = NEW)");
    }

    @Test
    void underNot_anUnknownPartIsSaidToBeUnknown_notRestatedAsWhatTheRuleWants() {
      CommissionPlan plan = CommissionPlan.builder()
          .rule(CommissionRule.builder("eu").priority(2)
              .when(Condition.not(Condition.any(Condition.in(CUSTOMER_COUNTRY, "FR"),
                  Condition.atLeast(AFFILIATE_FOLLOWERS, 10_000))))
              .percentage(pct("10")).build())
          .rule(CommissionRule.builder("small").priority(1)
              .when(Condition.not(Condition.atLeast(SALE_TOTAL, usd("50.00"))))
              .percentage(pct("10")).build())
          .rule(CommissionRule.builder("big")
              .when(Condition.atLeast(SALE_TOTAL, usd("50.00")))
              .percentage(pct("10")).build())
          .build();
      Conversion euros = Conversion.builder("o4", AT, Money.parse("EUR 120.00"))
          .visitorId("v1").customerCountry("US").build();

      assertThat(steps(plan, UNKNOWN, euros)).containsExactly("no rule matched"
          + " (eu: affiliate.followers unknown; small: sale.total EUR 120.00, not in USD;"
          + " big: sale.total EUR 120.00, not in USD)");
    }

    @Test
    void tagsAndRulesOfSeveralItems_areSaidInOrderOfPrecedence() {
      CommissionPlan plan = CommissionPlan.builder()
          .rule(CommissionRule.builder("skin").target(RuleTarget.categories("SKIN_CARE"))
              .when(Condition.in(AFFILIATE_TAGS, "gold", "vip")).percentage(pct("10")).build())
          .rule(CommissionRule.builder("cheap")
              .when(Condition.atMost(SALE_TOTAL, usd("1.00"))).percentage(pct("10")).build())
          .rule(CommissionRule.builder("tote").target(RuleTarget.products("tote"))
              .when(Condition.is(CUSTOMER_COUNTRY, "FR")).percentage(pct("10")).build())
          .build();

      assertThat(steps(plan, KNOWN, SALE)).containsExactly("no rule matched serum-30ml, tote"
          + " (tote: customer.country US, not FR; skin: affiliate.tags {skin, vegan} has none of"
          + " {gold, vip}; cheap: sale.total USD 60.00 not at most USD 1.00)");
    }

    @Test
    void anAllIsExplainedByAPartThatDecidesIt_beforeAnUnknownOne_andANeverByItsHopelessness() {
      CommissionPlan plan = CommissionPlan.builder()
          .rule(CommissionRule.builder("fr-micro").priority(1)
              .when(Condition.all(Condition.between(AFFILIATE_FOLLOWERS, 1_500, 100_000),
                  Condition.is(CUSTOMER_COUNTRY, "FR")))
              .percentage(pct("10")).build())
          .rule(CommissionRule.builder("never")
              .when(Condition.not(Condition.all())).percentage(pct("10")).build())
          .build();

      assertThat(steps(plan, UNKNOWN, SALE)).containsExactly("no rule matched serum-30ml, tote"
          + " (fr-micro: customer.country US, not FR; never: its condition never holds)");
    }

    @Test
    void rulesOfEqualRank_areNamedInPlanOrder_whateverTheirIdentity() {
      CommissionPlan.Builder plan = CommissionPlan.builder();
      for (int i = 1; i <= 4; i++) {
        plan.rule(CommissionRule.builder("r" + i)
            .when(Condition.is(CUSTOMER_COUNTRY, "X" + (char) ('A' + i)))
            .percentage(pct("10")).build());
      }
      List<String> first = steps(plan.build(), KNOWN, SALE);

      for (int copy = 0; copy < 5; copy++) {
        assertThat(steps(plan.build(), KNOWN, SALE)).isEqualTo(first);
      }
      assertThat(first).singleElement().asString()
          .contains("(r1: customer.country US, not XB; r2: customer.country US, not XC; r3:");
    }

    @Test
    void rulesOfEqualRankOfSeveralItems_areNamedInPlanOrder_whateverTheOrderOfTheItems() {
      CommissionPlan plan = CommissionPlan.builder()
          .rule(CommissionRule.builder("bags-fr").target(RuleTarget.categories("BAGS"))
              .when(Condition.is(CUSTOMER_COUNTRY, "FR")).percentage(pct("10")).build())
          .rule(CommissionRule.builder("skin-de").target(RuleTarget.categories("SKIN_CARE"))
              .when(Condition.is(CUSTOMER_COUNTRY, "DE")).percentage(pct("10")).build())
          .build();
      Conversion toteFirst = Sales.order("o5", "60.00")
          .lineItem(item("tote", "BAGS", "20.00")).lineItem(item("serum-30ml", "SKIN_CARE", "40.00"))
          .customerCountry("US").build();

      String why = " (bags-fr: customer.country US, not FR; skin-de: customer.country US, not DE)";
      assertThat(steps(plan, KNOWN, SALE)).containsExactly("no rule matched serum-30ml, tote" + why);
      assertThat(steps(plan, KNOWN, toteFirst))
          .containsExactly("no rule matched tote, serum-30ml" + why);
    }

    @Test
    void beyondThreeRules_theOthersAreCounted() {
      CommissionPlan.Builder plan = CommissionPlan.builder();
      for (int i = 1; i <= 5; i++) {
        plan.rule(CommissionRule.builder("r" + i).priority(i)
            .when(Condition.is(CUSTOMER_COUNTRY, "X" + (char) ('A' + i)))
            .percentage(pct("10")).build());
      }

      assertThat(steps(plan.build(), KNOWN, SALE)).containsExactly("no rule matched"
          + " serum-30ml, tote (r5: customer.country US, not XF; r4: customer.country US, not XE;"
          + " r3: customer.country US, not XD; and 2 more rules)");
      assertThat(steps(plan.build().toBuilder().removeRule("r1").build(), KNOWN, SALE))
          .last().asString().endsWith("; and 1 more rule)");
    }
  }

  @Nested
  class Depth {

    private final Condition atom = Condition.is(AFFILIATE_GROUP, "micro");

    /** Returns the atom under {@code levels - 1} combinations, taking turns of not, all and any. */
    private Condition nested(int levels) {
      Condition condition = atom;
      for (int level = 2; level <= levels; level++) {
        condition = switch (level % 3) {
          case 0 -> Condition.not(condition);
          case 1 -> Condition.all(atom, condition);
          default -> Condition.any(condition);
        };
      }
      return condition;
    }

    @Test
    void conditionsOfTheMaximumDepth_work() {
      Condition deepest = nested(Condition.MAX_DEPTH);

      assertThat(Conditions.depth(deepest)).isEqualTo(64);
      assertThat(Conditions.depth(atom)).isEqualTo(1);
      assertThat(Conditions.depth(Condition.always())).isEqualTo(1);
      assertThat(deepest).isEqualTo(nested(Condition.MAX_DEPTH));
      assertThat(CommissionPlan.builder().rule(CommissionRule.builder("deep").when(deepest)
          .percentage(pct("10")).build()).build().rules()).hasSize(1);
    }

    /** Regression: a part used twice at each level took time doubling with each level. */
    @Test
    void partsUsedTwiceAtEachLevel_countAsWrittenOut_andAreRefusedBeyondTheLimit() {
      Condition newCustomer = Condition.is(CUSTOMER_TYPE, "NEW");
      Condition shared = atom;
      int levels = 1;
      long written = 1;
      while (written * 2 + 2 <= Condition.MAX_PARTS) {
        shared = Condition.any(shared, newCustomer, shared);
        levels++;
        written = written * 2 + 2;
      }
      Condition last = shared;

      assertThat(Conditions.depth(last)).isEqualTo(levels);
      assertThatThrownBy(() -> Condition.any(last, newCustomer, last))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("condition must have at most 1000000 parts written out, counting a part as"
              + " often as it is used: more than 1000000");
      assertThatThrownBy(() -> Condition.all(last, last))
          .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * {@return a condition of exactly {@code parts} parts written out, built of parts used twice
     * at each level}
     */
    private Condition writtenOut(long parts) {
      Condition newCustomer = Condition.is(CUSTOMER_TYPE, "NEW");
      if (parts <= 3) {
        return parts == 1 ? atom : parts == 2 ? Condition.not(atom)
            : Condition.any(atom, newCustomer);
      }
      if (parts % 2 == 0) {
        Condition half = writtenOut((parts - 2) / 2);
        return Condition.any(half, newCustomer, half);
      }
      Condition half = writtenOut((parts - 3) / 2);
      return Condition.any(half, newCustomer, atom, half);
    }

    @Test
    void conditionsOfTheMostParts_work_andOneMoreIsRefused() {
      Condition largest = writtenOut(Condition.MAX_PARTS);

      assertThat(Conditions.depth(largest)).isLessThan(Condition.MAX_DEPTH);
      assertThatThrownBy(() -> writtenOut(Condition.MAX_PARTS + 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("condition must have at most 1000000 parts written out");
    }

    @Test
    void oneLevelMore_isRejectedByNotAllAndAny() {
      Condition deepest = nested(Condition.MAX_DEPTH);

      assertThatThrownBy(() -> Condition.not(deepest))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("condition must be at most 64 levels deep: 65");
      assertThatThrownBy(() -> Condition.all(atom, deepest))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("condition must be at most 64 levels deep: 65");
      assertThatThrownBy(() -> Condition.any(deepest, atom))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("condition must be at most 64 levels deep: 65");
    }

    @Test
    void nestingInALoop_stopsAtTheLimit_insteadOfOverflowingTheStackLater() {
      Condition condition = atom;
      int levels = 1;
      try {
        while (levels < 5_000) {
          condition = Condition.not(condition);
          levels++;
        }
      } catch (IllegalArgumentException expected) {
        assertThat(expected).hasMessage("condition must be at most 64 levels deep: 65");
      }

      assertThat(levels).isEqualTo(Condition.MAX_DEPTH);
      assertThat(condition.toString()).startsWith("not (not (");
    }
  }
}
