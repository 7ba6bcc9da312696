package dev.affiliatekit.commission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.Credit;
import dev.affiliatekit.attribution.CreditBasis;
import dev.affiliatekit.attribution.LineItem;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import dev.affiliatekit.testing.CommissionArbitraries;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class CommissionProperties {

  @Provide
  Arbitrary<CommissionPlan> plans() {
    return CommissionArbitraries.plans();
  }

  @Provide
  Arbitrary<Conversion> conversions() {
    return CommissionArbitraries.conversions();
  }

  @Provide
  Arbitrary<Rate> shares() {
    return CommissionArbitraries.shares();
  }

  @Provide
  Arbitrary<CommissionContext> contexts() {
    return CommissionArbitraries.contexts();
  }

  @Provide
  Arbitrary<Rate> rates() {
    return CommissionArbitraries.rates();
  }

  @Provide
  Arbitrary<Money> amounts() {
    return CommissionArbitraries.amounts();
  }

  @Provide
  Arbitrary<Base> bases() {
    return Arbitraries.of(Base.itemsAfterDiscount(), Base.itemsBeforeDiscount(), Base.orderTotal(),
        Base.itemsAfterDiscount().withShipping(true), Base.itemsBeforeDiscount().withTax(true));
  }

  private static Credit credit(CommissionContext context, Conversion conversion, Rate share) {
    return new Credit(context.affiliateId(), share,
        conversion.total().times(share, RoundingMode.DOWN), CreditBasis.TOUCHPOINTS, List.of());
  }

  @Property
  void quote_isNeverNegative_andNeverAboveItsCaps(@ForAll("plans") CommissionPlan plan,
      @ForAll("conversions") Conversion conversion, @ForAll("contexts") CommissionContext context,
      @ForAll("shares") Rate share) {
    CommissionQuote quote = plan.quote(conversion, credit(context, conversion, share), context);

    assertThat(quote.amount().isNegative()).isFalse();
    assertThat(quote.commission().isNegative()).isFalse();
    assertThat(quote.bonus().isNegative()).isFalse();
    assertThat(quote.amount()).isEqualTo(quote.commission().plus(quote.bonus()));
    plan.capPerConversion().ifPresent(cap -> {
      assertThat(quote.commission()).isLessThanOrEqualTo(cap);
      assertThat(quote.commission())
          .isLessThanOrEqualTo(cap.times(share, RoundingMode.FLOOR));
    });
    for (PeriodCap cap : plan.periodCaps()) {
      Money earned = context.performance(cap.period()).orElseThrow().commissions();
      Money left = cap.cap().minus(earned).max(Money.zero(cap.cap().currency()));
      assertThat(quote.amount()).isLessThanOrEqualTo(left);
    }
    if (quote.ruleIds().size() == 1 && plan.capPerConversion().isEmpty()) {
      plan.rule(quote.ruleIds().get(0)).orElseThrow().cap().ifPresent(cap ->
          assertThat(quote.commission()).isLessThanOrEqualTo(cap.times(share, RoundingMode.FLOOR)));
    }
    for (OverrideQuote override : quote.overrides()) {
      assertThat(override.amount()).isLessThanOrEqualTo(quote.amount());
    }
  }

  @Property
  void quote_explanationNamesEveryRuleThatApplied(@ForAll("plans") CommissionPlan plan,
      @ForAll("conversions") Conversion conversion, @ForAll("contexts") CommissionContext context,
      @ForAll("shares") Rate share) {
    CommissionQuote quote = plan.quote(conversion, credit(context, conversion, share), context);

    String explanation = quote.explanation();
    for (String id : quote.ruleIds()) {
      assertThat(explanation).contains("rule " + id + " matched");
    }
    if (quote.ruleIds().isEmpty()) {
      assertThat(explanation).contains("no rule matched");
    }
    for (String id : quote.milestoneIds()) {
      assertThat(explanation).contains("milestone " + id);
    }
    assertThat(explanation).doesNotContain("\n");
  }

  @Provide
  Arbitrary<CommissionPlan> percentagePlans() {
    Arbitrary<CommissionRule> rule = Combinators.combine(CommissionArbitraries.targets(),
        CommissionArbitraries.conditionsWithoutAmounts(), CommissionArbitraries.rates(),
        Arbitraries.of(Base.itemsAfterDiscount(), Base.itemsBeforeDiscount()),
        CommissionArbitraries.amounts().injectNull(0.5))
        .as((target, condition, rate, base, cap) -> {
          CommissionRule.Builder builder = CommissionRule.builder("r").target(target)
              .when(condition).percentage(rate).base(base);
          if (cap != null) {
            builder.cap(cap);
          }
          return builder.build();
        });
    return Combinators.combine(rule.list().ofMinSize(1).ofMaxSize(4),
        CommissionArbitraries.amounts().filter(Money::isPositive).injectNull(0.5),
        Arbitraries.of(RoundingMode.HALF_EVEN, RoundingMode.DOWN, RoundingMode.UP))
        .as((rules, minimum, rounding) -> {
          CommissionPlan.Builder plan = CommissionPlan.builder().rounding(rounding);
          for (int i = 0; i < rules.size(); i++) {
            CommissionRule generated = rules.get(i);
            plan.rule(new CommissionRule("r" + i, i, generated.target(), generated.condition(),
                generated.base(), generated.payout(), generated.recurring(), generated.cap(),
                generated.minimum()));
          }
          if (minimum != null) {
            plan.minimumPerConversion(minimum);
          }
          return plan.build();
        });
  }

  /**
   * Several percentage rules on the goods: growing one line item (without an order discount,
   * whose pro-rated shares could move a cent between items) never lowers the amount. Shipping and
   * tax are left out of these bases, because growing another rule's item takes a larger part of
   * them away from this rule's items.
   */
  @Property
  void quote_percentageRules_neverPayLessWhenTheSaleGrows(
      @ForAll("percentagePlans") CommissionPlan plan, @ForAll("conversions") Conversion sale,
      @ForAll("contexts") CommissionContext context, @ForAll("shares") Rate share,
      @ForAll @LongRange(min = 0, max = 100_000) long growth, @ForAll @IntRange(max = 3) int which) {
    Conversion smaller = grow(sale, which, 0);
    Conversion bigger = grow(sale, which, growth);

    Money before = plan.quote(smaller, credit(context, smaller, share), context).amount();
    Money after = plan.quote(bigger, credit(context, bigger, share), context).amount();

    assertThat(after).isGreaterThanOrEqualTo(before);
  }

  @Provide
  Arbitrary<CommissionPlan> onePercentageRule() {
    return Combinators.combine(CommissionArbitraries.rates(),
        Arbitraries.of(Base.itemsAfterDiscount(), Base.itemsBeforeDiscount(), Base.orderTotal(),
            Base.itemsAfterDiscount().withShipping(true)),
        CommissionArbitraries.amounts().injectNull(0.5),
        CommissionArbitraries.amounts().filter(Money::isPositive).injectNull(0.5))
        .as((rate, base, cap, minimum) -> {
          CommissionPlan.Builder plan = CommissionPlan.builder().rule(CommissionRule.builder("r")
              .base(base).percentage(rate).build());
          if (cap != null) {
            plan.capPerConversion(cap);
          }
          if (minimum != null && (cap == null || !minimum.isGreaterThan(cap))) {
            plan.minimumPerConversion(minimum);
          }
          return plan.build();
        });
  }

  /** One percentage rule on any base: growing an item, the shipping or the tax never pays less. */
  @Property
  void quote_onePercentageRule_neverPaysLessWhenAnyPartOfTheSaleGrows(
      @ForAll("onePercentageRule") CommissionPlan plan, @ForAll("conversions") Conversion sale,
      @ForAll("contexts") CommissionContext context, @ForAll("shares") Rate share,
      @ForAll @LongRange(min = 0, max = 100_000) long growth, @ForAll @IntRange(max = 5) int part) {
    Money more = Money.ofMinor(growth, sale.currency());
    Conversion.Builder bigger = Conversion.builder(sale.orderId(), sale.instant(),
        sale.total().plus(more)).customerId("c1").discount(sale.discount())
        .shipping(part == 4 ? sale.shipping().plus(more) : sale.shipping())
        .tax(part == 5 || (part < 4 && sale.lineItems().isEmpty()) ? sale.tax().plus(more)
            : sale.tax());
    for (int i = 0; i < sale.lineItems().size(); i++) {
      LineItem line = sale.lineItems().get(i);
      bigger.lineItem(part < 4 && i == part % sale.lineItems().size()
          ? new LineItem(line.productId(), line.category(), line.quantity(),
              line.amount().plus(more)) : line);
    }
    Conversion grown = bigger.build();

    Money before = plan.quote(sale, credit(context, sale, share), context).amount();
    Money after = plan.quote(grown, credit(context, grown, share), context).amount();

    assertThat(after).isGreaterThanOrEqualTo(before);
  }

  /** Returns the sale without its discount, and with one line (or shipping) larger by growth. */
  private static Conversion grow(Conversion sale, int which, long growth) {
    Money more = Money.ofMinor(growth, sale.currency());
    Money zero = Money.zero(sale.currency());
    List<LineItem> items = new ArrayList<>(sale.lineItems());
    Money shipping = sale.shipping();
    if (items.isEmpty()) {
      shipping = shipping.plus(more);
    } else {
      int i = which % items.size();
      LineItem line = items.get(i);
      items.set(i, new LineItem(line.productId(), line.category(), line.quantity(),
          line.amount().plus(more)));
    }
    long subtotal = items.stream().mapToLong(line -> line.amount().minorUnits()).sum();
    if (items.isEmpty()) {
      subtotal = sale.subtotal().minorUnits();
    }
    Money total = Money.ofMinor(subtotal, sale.currency()).plus(shipping).plus(sale.tax());
    Conversion.Builder grown = Conversion.builder(sale.orderId(), sale.instant(), total)
        .customerId("c1").customerType(sale.customerType()).shipping(shipping).tax(sale.tax())
        .discount(zero);
    sale.customerCountry().ifPresent(grown::customerCountry);
    sale.subscription().ifPresent(s -> grown.subscription(s.subscriptionId(), s.billingPeriod(),
        s.startedAt()));
    items.forEach(grown::lineItem);
    return grown.build();
  }

  /** {@return a plan of BEST_FOR_AFFILIATE with the rules in this order} */
  private static CommissionPlan best(CommissionRule first, CommissionRule second) {
    return CommissionPlan.builder().precedence(Precedence.BEST_FOR_AFFILIATE).rule(first)
        .rule(second).build();
  }

  private static Money alone(CommissionRule rule, Conversion conversion, Credit credit,
      CommissionContext context) {
    return CommissionPlan.builder().rule(rule).build().quote(conversion, credit, context).amount();
  }

  /**
   * BEST_FOR_AFFILIATE between a percentage on any base and a flat amount per conversion, both for
   * the whole program, never pays less than either rule alone, and pays exactly the larger when
   * one rule wins every item. When each wins some items (the percentage's base is not the same
   * share of every item's weight, or a free item goes to the flat rule listed first), the flat
   * rule still pays its whole amount, so the quote is at most what both pay alone, plus the one
   * minor unit that rounding their sum once can add.
   */
  @Property
  void quote_bestOfAPercentageAndAFlatAmount_neverPaysLessThanEitherAlone(
      @ForAll("rates") Rate rate, @ForAll("bases") Base base, @ForAll("amounts") Money flat,
      @ForAll boolean percentageFirst, @ForAll("conversions") Conversion conversion,
      @ForAll("shares") Rate share) {
    CommissionRule percentage = CommissionRule.builder("pct").base(base).percentage(rate).build();
    CommissionRule perConversion = CommissionRule.builder("flat").flatPerConversion(flat).build();
    CommissionPlan plan = percentageFirst ? best(percentage, perConversion)
        : best(perConversion, percentage);
    CommissionContext context = CommissionContext.of(AffiliateProfile.of("anna"));
    Credit credit = credit(context, conversion, share);

    CommissionQuote quote = plan.quote(conversion, credit, context);

    Money byRate = alone(percentage, conversion, credit, context);
    Money byFlat = alone(perConversion, conversion, credit, context);
    assertThat(quote.amount()).isGreaterThanOrEqualTo(byRate.max(byFlat));
    if (quote.ruleIds().size() == 1) {
      assertThat(quote.amount()).isEqualTo(byRate.max(byFlat));
    } else {
      assertThat(quote.amount()).isLessThanOrEqualTo(
          byRate.plus(byFlat).plus(Money.ofMinor(1, conversion.currency())));
    }
  }

  /**
   * When the percentage's base is the goods before discount, every item's base is its weight, so
   * the percentage and the flat amount's share compare alike for every item that costs something,
   * and a free item is a tie that goes to the percentage listed first: one rule wins the sale, and
   * the quote is exactly the larger of the two rules alone, whatever the share and the items.
   */
  @Property
  void quote_bestOfAPercentageOfTheGoodsAndAFlatAmount_paysTheLargerAlone(
      @ForAll("rates") Rate rate, @ForAll("amounts") Money flat,
      @ForAll("conversions") Conversion conversion, @ForAll("shares") Rate share) {
    CommissionRule percentage = CommissionRule.builder("pct").base(Base.itemsBeforeDiscount())
        .percentage(rate).build();
    CommissionRule perConversion = CommissionRule.builder("flat").flatPerConversion(flat).build();
    CommissionContext context = CommissionContext.of(AffiliateProfile.of("anna"));
    Credit credit = credit(context, conversion, share);

    CommissionQuote quote = best(percentage, perConversion).quote(conversion, credit, context);

    Money byRate = alone(percentage, conversion, credit, context);
    Money byFlat = alone(perConversion, conversion, credit, context);
    assertThat(quote.amount()).isEqualTo(byRate.max(byFlat));
  }

  @Provide
  Arbitrary<List<LineItem>> prorated() {
    Arbitrary<Long> amounts = Arbitraries.oneOf(Arbitraries.longs().between(0, 1_000_000_000),
        Arbitraries.of(0L, 1L, 7L, 1_000L));
    return Combinators.combine(Arbitraries.of("serum", "tote", "comb"),
        Arbitraries.of("SKIN", "BAGS").injectNull(0.3), Arbitraries.integers().between(1, 2),
        amounts)
        .as((product, category, quantity, amount) -> new LineItem(product,
            Optional.ofNullable(category), quantity,
            Money.ofMinor(amount, CurrencyUnit.USD)))
        .list().ofMinSize(1).ofMaxSize(80);
  }

  /**
   * Of items listed in the order in which they take the units left over, the parts are those of
   * Money.allocate, which gives them to the earlier of equal parts.
   */
  @Property
  void prorate_itemsInTheirOrder_matchesMoneyAllocate(
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long amount,
      @ForAll("prorated") List<LineItem> drawn) {
    List<LineItem> items = new ArrayList<>(drawn);
    items.sort(Pricing::compareItems);
    long[] weights = Pricing.weights(items);
    Money total = Money.ofMinor(amount, CurrencyUnit.USD);

    long[] ours = Pricing.prorate(total, weights, items);

    assertThat(ours).containsExactly(total.allocate(weights).stream()
        .mapToLong(Money::minorUnits).toArray());
  }

  /** Whatever the order of the items, each item takes the same part. */
  @Property
  void prorate_itemsInAnyOrder_takeTheSameParts(
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE) long amount,
      @ForAll("prorated") List<LineItem> items, @ForAll Random random) {
    List<LineItem> shuffled = new ArrayList<>(items);
    Collections.shuffle(shuffled, random);
    Money total = Money.ofMinor(amount, CurrencyUnit.USD);

    long[] parts = Pricing.prorate(total, Pricing.weights(items), items);
    long[] again = Pricing.prorate(total, Pricing.weights(shuffled), shuffled);

    // Equal items may trade their parts: each item's parts are compared as a multiset.
    assertThat(partsByItem(shuffled, again)).isEqualTo(partsByItem(items, parts));
  }

  private static Map<LineItem, List<Long>> partsByItem(List<LineItem> items,
      long[] parts) {
    Map<LineItem, List<Long>> byItem = new HashMap<>();
    for (int i = 0; i < parts.length; i++) {
      byItem.computeIfAbsent(items.get(i), item -> new ArrayList<>()).add(parts[i]);
    }
    byItem.values().forEach(Collections::sort);
    return byItem;
  }

  @Property
  void profiles_aLoopOfParents_isRejectedNamingTheWholeLoop(
      @ForAll @IntRange(min = 2, max = 6) int length, @ForAll @IntRange(max = 4) int hangers,
      @ForAll Random random) {
    List<String> loop = new ArrayList<>();
    for (int i = 0; i < length; i++) {
      loop.add("aff-" + (char) ('a' + random.nextInt(26)) + i);
    }
    List<AffiliateProfile> profiles = new ArrayList<>();
    for (int i = 0; i < length; i++) {
      profiles.add(AffiliateProfile.builder(loop.get(i)).parentId(loop.get((i + 1) % length))
          .build());
    }
    for (int i = 0; i < hangers; i++) {
      profiles.add(AffiliateProfile.builder("hanger-" + i)
          .parentId(loop.get(random.nextInt(length))).build());
    }
    Collections.shuffle(profiles, random);
    String first = Collections.min(loop);
    int start = loop.indexOf(first);
    StringBuilder expected = new StringBuilder("affiliate parents form a loop: ");
    for (int i = 0; i <= length; i++) {
      expected.append(i == 0 ? "" : " -> ").append(loop.get((start + i) % length));
    }

    assertThatThrownBy(() -> AffiliateProfiles.of(profiles))
        .isInstanceOf(IllegalArgumentException.class).hasMessage(expected.toString());
  }

  @Property
  void profiles_withoutLoops_areAccepted(@ForAll @IntRange(min = 1, max = 20) int size,
      @ForAll Random random) {
    List<AffiliateProfile> profiles = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      AffiliateProfile.Builder profile = AffiliateProfile.builder("aff-" + i);
      if (i > 0 && random.nextBoolean()) {
        profile.parentId("aff-" + random.nextInt(i));
      }
      profiles.add(profile.build());
    }

    AffiliateProfiles lookup = AffiliateProfiles.of(profiles);

    assertThat(lookup.find("aff-0")).contains(profiles.get(0));
  }
}
