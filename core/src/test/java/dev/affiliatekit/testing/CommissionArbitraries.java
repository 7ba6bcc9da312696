package dev.affiliatekit.testing;

import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.CustomerType;
import dev.affiliatekit.attribution.LineItem;
import dev.affiliatekit.commission.AffiliateProfile;
import dev.affiliatekit.commission.Attribute;
import dev.affiliatekit.commission.Base;
import dev.affiliatekit.commission.CommissionContext;
import dev.affiliatekit.commission.CommissionPlan;
import dev.affiliatekit.commission.CommissionRule;
import dev.affiliatekit.commission.Condition;
import dev.affiliatekit.commission.Milestone;
import dev.affiliatekit.commission.Payout;
import dev.affiliatekit.commission.Period;
import dev.affiliatekit.commission.PeriodPerformance;
import dev.affiliatekit.commission.Precedence;
import dev.affiliatekit.commission.RecurringTerm;
import dev.affiliatekit.commission.RuleTarget;
import dev.affiliatekit.commission.TierMode;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.jspecify.annotations.Nullable;

/**
 * Generators for commission plans, rules and conditions, and for the sales they price: all in
 * {@code USD}, on a small vocabulary of categories, products and affiliates so that rules and sales
 * meet often.
 */
public final class CommissionArbitraries {

  /** When generated sales happen: inside March 2026, whose month performance the contexts hold. */
  public static final Instant AT = Instant.parse("2026-03-15T10:00:00Z");
  public static final List<String> CATEGORIES = List.of("SKIN_CARE", "HAIR", "BAGS");
  public static final List<String> PRODUCTS = List.of("serum", "cream", "tote", "comb");
  public static final List<String> AFFILIATES = List.of("anna", "ben", "carla");
  public static final List<String> GROUPS = List.of("micro", "macro");
  private static final CurrencyUnit USD = CurrencyUnit.USD;

  private CommissionArbitraries() {}

  /** {@return amounts from USD 0.00 to USD 2,000.00} */
  public static Arbitrary<Money> amounts() {
    return Arbitraries.longs().between(0, 200_000).map(minor -> Money.ofMinor(minor, USD))
        .edgeCases(edges -> edges.add(Money.zero(USD)).add(Money.ofMinor(1, USD)));
  }

  /** {@return rates from 0% to 100%, mostly whole and half percents} */
  public static Arbitrary<Rate> rates() {
    return Arbitraries.oneOf(
        Arbitraries.longs().between(0, 200).map(halves -> Rate.ofBasisPoints(halves * 50)),
        MoneyArbitraries.rates());
  }

  /** {@return conditions up to three levels deep over every attribute type} */
  public static Arbitrary<Condition> conditions() {
    return conditions(3);
  }

  private static Arbitrary<Condition> conditions(int depth) {
    Arbitrary<Condition> atoms = Arbitraries.oneOf(
        Arbitraries.of(CATEGORIES).map(c -> Condition.is(Attribute.ITEM_CATEGORY, c)),
        Arbitraries.of(PRODUCTS).set().ofMinSize(1).ofMaxSize(3)
            .map(p -> Condition.in(Attribute.ITEM_PRODUCT_ID, p.toArray(String[]::new))),
        Arbitraries.of("NEW", "RETURNING").map(t -> Condition.is(Attribute.CUSTOMER_TYPE, t)),
        Arbitraries.of("US", "DE", "FR").map(c -> Condition.is(Attribute.CUSTOMER_COUNTRY, c)),
        Arbitraries.of(GROUPS).map(g -> Condition.is(Attribute.AFFILIATE_GROUP, g)),
        Arbitraries.of("vegan", "eco", "pro-").map(t -> Condition.startsWith(Attribute.AFFILIATE_TAGS, t)),
        Arbitraries.longs().between(0, 200_000).flatMap(min -> Arbitraries.longs()
            .between(min, 300_000).map(max -> Condition.between(Attribute.AFFILIATE_FOLLOWERS, min, max))),
        Arbitraries.longs().between(1, 24).map(n -> Condition.atMost(Attribute.SALE_BILLING_PERIOD, n)),
        amounts().map(a -> Condition.atLeast(Attribute.SALE_TOTAL, a)));
    if (depth == 0) {
      return atoms;
    }
    Arbitrary<Condition> smaller = conditions(depth - 1);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, atoms),
        net.jqwik.api.Tuple.of(1, smaller.list().ofMaxSize(3).map(l -> Condition.all(l.toArray(Condition[]::new)))),
        net.jqwik.api.Tuple.of(1, smaller.list().ofMinSize(1).ofMaxSize(3).map(l -> Condition.any(l.toArray(Condition[]::new)))),
        net.jqwik.api.Tuple.of(1, smaller.map(Condition::not)));
  }

  /** {@return conditions that test no amount of money, so that a larger sale matches the same rules} */
  public static Arbitrary<Condition> conditionsWithoutAmounts() {
    return conditions().filter(c -> !c.attributes().contains(Attribute.SALE_TOTAL)
        && !c.attributes().contains(Attribute.SALE_SUBTOTAL)
        && !c.attributes().contains(Attribute.ITEM_AMOUNT));
  }

  /** {@return targets of every level} */
  public static Arbitrary<RuleTarget> targets() {
    return Arbitraries.oneOf(
        Arbitraries.just(RuleTarget.program()),
        Arbitraries.of(GROUPS).set().ofMinSize(1).map(g -> RuleTarget.groups(g.toArray(String[]::new))),
        Arbitraries.of(CATEGORIES).set().ofMinSize(1).map(c -> RuleTarget.categories(c.toArray(String[]::new))),
        Arbitraries.of(PRODUCTS).set().ofMinSize(1).map(p -> RuleTarget.products(p.toArray(String[]::new))),
        Arbitraries.of(AFFILIATES).set().ofMinSize(1).map(a -> RuleTarget.affiliates(a.toArray(String[]::new))));
  }

  /** {@return payouts of every kind} */
  public static Arbitrary<Payout> payouts() {
    Arbitrary<Payout> salesTiers = Combinators.combine(Arbitraries.of(Period.MONTH, Period.DAY),
        Arbitraries.of(TierMode.class), rates().list().ofMinSize(1).ofMaxSize(4),
        Arbitraries.longs().between(1, 30))
        .as((period, mode, drawn, step) -> {
          List<Rate> rates = tierRates(mode, drawn);
          List<Payout.SalesTier> tiers = new ArrayList<>();
          for (int i = 0; i < rates.size(); i++) {
            tiers.add(new Payout.SalesTier(1 + i * step, rates.get(i)));
          }
          return Payout.tieredBySales(period, mode, tiers.toArray(Payout.SalesTier[]::new));
        });
    Arbitrary<Payout> revenueTiers = Combinators.combine(Arbitraries.of(TierMode.class),
        rates().list().ofMinSize(1).ofMaxSize(4), Arbitraries.longs().between(1, 100_000))
        .as((mode, drawn, step) -> {
          List<Rate> rates = tierRates(mode, drawn);
          List<Payout.RevenueTier> tiers = new ArrayList<>();
          for (int i = 0; i < rates.size(); i++) {
            tiers.add(new Payout.RevenueTier(Money.ofMinor(i * step, USD), rates.get(i)));
          }
          return Payout.tieredByRevenue(Period.MONTH, mode, tiers.toArray(Payout.RevenueTier[]::new));
        });
    return Arbitraries.oneOf(rates().map(Payout::percentage),
        amounts().map(Payout::flatPerConversion), amounts().map(Payout::flatPerUnit), salesTiers,
        revenueTiers);
  }

  /** {@return the rates in order for tiers of the whole period, whose rates must not fall} */
  private static List<Rate> tierRates(TierMode mode, List<Rate> rates) {
    return mode == TierMode.WHOLE_PERIOD ? rates.stream().sorted().toList() : rates;
  }

  /** {@return recurring terms of every kind} */
  public static Arbitrary<RecurringTerm> terms() {
    return Arbitraries.oneOf(Arbitraries.just(RecurringTerm.lifetime()),
        Arbitraries.integers().between(1, 24).map(RecurringTerm::firstPeriods),
        Arbitraries.integers().between(1, 24).map(RecurringTerm::firstMonths));
  }

  /** {@return rules with the given priority, of every shape, in USD} */
  public static Arbitrary<CommissionRule> rules(String id, int priority) {
    return Combinators.combine(targets(), conditions(), payouts(), terms(),
        Arbitraries.of(Base.itemsAfterDiscount(), Base.itemsBeforeDiscount(), Base.orderTotal(),
            Base.itemsAfterDiscount().withShipping(true)),
        amounts().injectNull(0.6), amounts().injectNull(0.8))
        .as((target, condition, payout, term, base, cap, minimum) -> {
          CommissionRule.Builder rule = CommissionRule.builder(id).priority(priority)
              .target(target).when(condition).payout(payout).recurring(term).base(base);
          if (cap != null) {
            rule.cap(cap);
          }
          if (minimum != null && minimum.isPositive() && (cap == null || !minimum.isGreaterThan(cap))) {
            rule.minimum(minimum);
          }
          if (payout instanceof Payout.Percentage && term instanceof RecurringTerm.FirstMonths m) {
            rule.recurring(RecurringTerm.firstMonths(m.months(), Rate.ofPercent(5)));
          }
          return rule.build();
        });
  }

  /**
   * Returns plans of up to 6 rules of distinct priorities (so that they never tie), with every
   * setting: precedence, rounding, zone, limits, milestones and overrides.
   *
   * @return the plans
   */
  public static Arbitrary<CommissionPlan> plans() {
    Arbitrary<List<CommissionRule>> rules = Arbitraries.integers().between(0, 6).flatMap(size -> {
      List<Arbitrary<CommissionRule>> each = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        each.add(rules("rule-" + i, size - i));
      }
      return Combinators.combine(each).as(list -> list);
    });
    Arbitrary<List<Rate>> overrides = rates().list().ofMaxSize(3);
    Arbitrary<List<Milestone>> milestones = Combinators.combine(Arbitraries.longs().between(1, 20),
        amounts().filter(Money::isPositive), conditions(1))
        .as((sale, bonus, condition) -> Milestone.of("m" + sale, Period.MONTH, sale, bonus)
            .when(condition))
        .list().ofMaxSize(2).uniqueElements(Milestone::id);
    return Combinators.combine(rules, Arbitraries.of(Precedence.class),
        Arbitraries.of(RoundingMode.HALF_EVEN, RoundingMode.HALF_UP, RoundingMode.DOWN, RoundingMode.UP),
        Arbitraries.of(ZoneId.of("UTC"), ZoneId.of("Pacific/Chatham"), ZoneId.of("America/New_York")),
        amounts().injectNull(0.5), amounts().injectNull(0.7), overrides, milestones)
        .as((list, precedence, rounding, zone, cap, monthCap, rates, bonuses) -> {
          CommissionPlan.Builder plan = CommissionPlan.builder().precedence(precedence)
              .rounding(rounding).zone(zone).rules(list).overrideRates(rates);
          if (cap != null) {
            plan.capPerConversion(cap);
          }
          if (monthCap != null) {
            plan.periodCap(Period.MONTH, monthCap);
          }
          bonuses.forEach(plan::milestone);
          return plan.build();
        });
  }

  /** {@return conversions of zero to four line items with discounts, shipping, tax and subscriptions} */
  public static Arbitrary<Conversion> conversions() {
    return conversions(Arbitraries.just(Optional.empty()));
  }

  /** {@return the {@link #conversions()}, each with a coupon code drawn from those given} */
  public static Arbitrary<Conversion> conversions(Arbitrary<Optional<String>> couponCodes) {
    return couponCodes.flatMap(CommissionArbitraries::conversionsWith);
  }

  private static Arbitrary<Conversion> conversionsWith(Optional<String> couponCode) {
    Arbitrary<LineItem> items = Combinators.combine(Arbitraries.of(PRODUCTS),
        Arbitraries.of(CATEGORIES), Arbitraries.integers().between(1, 4),
        Arbitraries.longs().between(0, 50_000))
        .as((product, category, quantity, price) ->
            LineItem.of(product, category, quantity, Money.ofMinor(price, USD)));
    return Combinators.combine(items.list().ofMaxSize(4), Arbitraries.longs().between(0, 100),
        Arbitraries.longs().between(0, 2_000), Arbitraries.longs().between(0, 5_000),
        Arbitraries.of(CustomerType.class), Arbitraries.of("US", "DE", "FR"),
        Arbitraries.integers().between(0, 30), Arbitraries.longs().between(1, 100_000))
        .as((lines, discountPercent, shipping, tax, type, country, period, orderless) -> {
          long subtotal = lines.isEmpty() ? orderless
              : lines.stream().mapToLong(line -> line.amount().minorUnits()).sum();
          long discount = subtotal * discountPercent / 100;
          Money total = Money.ofMinor(subtotal - discount + shipping + tax, USD);
          Conversion.Builder order = Conversion.builder("order-1", AT, total).customerId("c1")
              .discount(Money.ofMinor(discount, USD)).shipping(Money.ofMinor(shipping, USD))
              .tax(Money.ofMinor(tax, USD)).customerType(type).customerCountry(country);
          couponCode.ifPresent(order::couponCode);
          lines.forEach(order::lineItem);
          if (period > 0) {
            order.subscription("sub-1", period, AT.minus(java.time.Duration.ofDays(30L * period)));
          }
          return order.build();
        });
  }

  /** {@return profiles of the generated affiliates, with or without group, tags and followers} */
  public static Arbitrary<AffiliateProfile> profiles() {
    return Combinators.combine(Arbitraries.of(AFFILIATES), Arbitraries.of(GROUPS).injectNull(0.3),
        Arbitraries.longs().between(0, 300_000).injectNull(0.2),
        Arbitraries.of("vegan", "eco", "pro-video").set().ofMaxSize(2))
        .as((id, group, followers, tags) -> profile(id, group, followers, tags));
  }

  /** {@return the profile of the affiliate with the tags, and the group and followers if known} */
  public static AffiliateProfile profile(String id, @Nullable String group,
      @Nullable Long followers, Set<String> tags) {
    AffiliateProfile.Builder profile = AffiliateProfile.builder(id)
        .tags(tags.toArray(String[]::new));
    if (group != null) {
      profile.group(group);
    }
    if (followers != null) {
      profile.followers(followers);
    }
    return profile.build();
  }

  /** {@return an affiliate's performance in March 2026 or on 15 March 2026} */
  public static Arbitrary<PeriodPerformance> performance(Period period) {
    return Combinators.combine(Arbitraries.longs().between(0, 60), amounts(), amounts())
        .as((sales, revenue, commissions) -> period == Period.DAY
            ? new PeriodPerformance(Period.DAY, Instant.parse("2026-03-15T00:00:00Z"),
                Instant.parse("2026-03-16T00:00:00Z"), sales, revenue, commissions)
            : new PeriodPerformance(Period.MONTH, Instant.parse("2026-03-01T00:00:00Z"),
                Instant.parse("2026-04-01T00:00:00Z"), sales, revenue, commissions));
  }

  /** {@return credit shares: whole, halves, thirds and odd ones} */
  public static Arbitrary<Rate> shares() {
    return Arbitraries.of(Rate.ONE, Rate.parse("50%"), Rate.parse("33.3333333333333334%"),
        Rate.parse("33.3333333333333333%"), Rate.parse("12.5%"), Rate.parse("0.01%"));
  }

  /** {@return contexts of generated profiles with their month and day performance} */
  public static Arbitrary<CommissionContext> contexts() {
    return Combinators.combine(profiles(), performance(Period.MONTH), performance(Period.DAY))
        .as((profile, month, day) -> CommissionContext.builder(profile).performance(month)
            .performance(day).build());
  }
}
