package dev.affiliatekit.commission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.Credit;
import dev.affiliatekit.attribution.CreditBasis;
import dev.affiliatekit.attribution.LineItem;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever the order of a sale's line items, its quote is the same: the amount, the commission,
 * the base, each rule's portion, the tiers paid and reached, and the capped sales of its
 * portions. The items come from few products, categories and amounts, and the order's discount,
 * shipping and tax are a few minor units, so that parts of equal remainders and weights often tie
 * for the minor units left over when those amounts are divided among the items.
 */
class LineItemOrderProperties {

  private static final CurrencyUnit USD = CurrencyUnit.USD;
  private static final Instant AT = Instant.parse("2026-03-15T10:00:00Z");
  private static final List<String> CATEGORIES = List.of("SKIN", "HAIR", "BAGS");

  @Provide
  Arbitrary<CommissionPlan> plans() {
    Arbitrary<Payout> payouts = Arbitraries.oneOf(
        Arbitraries.of("40%", "33.33%", "5%", "12.5%").map(rate -> Payout.percentage(
            Rate.parse(rate))),
        Combinators.combine(Arbitraries.of(TierMode.class),
            Arbitraries.longs().between(1, 2_000), Arbitraries.of("5%", "10%"),
            Arbitraries.of("20%", "45%"))
            .as((mode, from, low, high) -> Payout.tieredByRevenue(Period.MONTH, mode,
                new Payout.RevenueTier(Money.zero(USD), Rate.parse(low)),
                new Payout.RevenueTier(Money.ofMinor(from, USD), Rate.parse(high)))),
        Arbitraries.longs().between(1, 50).map(
            cents -> Payout.flatPerUnit(Money.ofMinor(cents, USD))));
    Arbitrary<RuleTarget> targets = Arbitraries.oneOf(
        Arbitraries.of(CATEGORIES).set().ofMinSize(1).ofMaxSize(2)
            .map(categories -> RuleTarget.categories(categories.toArray(String[]::new))),
        Arbitraries.of("serum", "tote", "comb").set().ofMinSize(1).ofMaxSize(2)
            .map(products -> RuleTarget.products(products.toArray(String[]::new))),
        Arbitraries.just(RuleTarget.program()));
    Arbitrary<Base> bases = Arbitraries.of(Base.itemsAfterDiscount(), Base.itemsBeforeDiscount(),
        Base.itemsAfterDiscount().withShipping(true), Base.itemsAfterDiscount().withTax(true),
        Base.itemsBeforeDiscount().withShipping(true).withTax(true), Base.orderTotal());
    Arbitrary<CommissionRule> rules = Combinators.combine(targets, bases, payouts,
        Arbitraries.longs().between(1, 500).injectNull(0.7))
        .as((target, base, payout, cap) -> {
          CommissionRule.Builder rule = CommissionRule.builder("r").target(target).base(base)
              .payout(payout);
          if (cap != null) {
            rule.cap(Money.ofMinor(cap, USD));
          }
          return rule.build();
        });
    return Combinators.combine(rules.list().ofMinSize(1).ofMaxSize(4),
        Arbitraries.of(Precedence.class),
        Arbitraries.of(RoundingMode.HALF_EVEN, RoundingMode.DOWN, RoundingMode.UP),
        Arbitraries.longs().between(1, 3_000).injectNull(0.7))
        .as((list, precedence, rounding, cap) -> {
          CommissionPlan.Builder plan = CommissionPlan.builder().precedence(precedence)
              .rounding(rounding);
          for (int i = 0; i < list.size(); i++) {
            CommissionRule drawn = list.get(i);
            plan.rule(new CommissionRule("rule-" + i, list.size() - i, drawn.target(),
                drawn.condition(), drawn.base(), drawn.payout(), drawn.recurring(), drawn.cap(),
                drawn.minimum()));
          }
          if (cap != null) {
            plan.capPerConversion(Money.ofMinor(cap, USD));
          }
          return plan.build();
        });
  }

  @Provide
  Arbitrary<Conversion> sales() {
    Arbitrary<LineItem> items = Combinators.combine(Arbitraries.of("serum", "tote", "comb"),
        Arbitraries.of(CATEGORIES).injectNull(0.2), Arbitraries.integers().between(1, 2),
        Arbitraries.of(0L, 1L, 100L, 333L, 1_000L))
        .as((product, category, quantity, amount) -> new LineItem(product,
            Optional.ofNullable(category), quantity, Money.ofMinor(amount, USD)));
    return Combinators.combine(items.list().ofMinSize(2).ofMaxSize(6),
        Arbitraries.longs().between(0, 9), Arbitraries.longs().between(0, 9),
        Arbitraries.longs().between(0, 9))
        .as((lines, discount, shipping, tax) -> {
          long subtotal = lines.stream().mapToLong(line -> line.amount().minorUnits()).sum();
          long off = Math.min(discount, subtotal);
          Conversion.Builder order = Conversion.builder("order-1", AT,
              Money.ofMinor(subtotal - off + shipping + tax, USD)).customerId("c1")
              .discount(Money.ofMinor(off, USD)).shipping(Money.ofMinor(shipping, USD))
              .tax(Money.ofMinor(tax, USD));
          lines.forEach(order::lineItem);
          return order.build();
        });
  }

  @Provide
  Arbitrary<CommissionContext> contexts() {
    return Arbitraries.longs().between(0, 2_000).map(revenue -> CommissionContext.builder(
        AffiliateProfile.of("anna")).performance(new PeriodPerformance(Period.MONTH,
            Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-04-01T00:00:00Z"), 3,
            Money.ofMinor(revenue, USD), Money.zero(USD))).build());
  }

  @Provide
  Arbitrary<Rate> shares() {
    return Arbitraries.of(Rate.ONE, Rate.parse("50%"), Rate.parse("33.3333333333333334%"));
  }

  @Property
  void quote_itemsInAnyOrder_giveTheSameAmounts(@ForAll("plans") CommissionPlan plan,
      @ForAll("sales") Conversion sale, @ForAll("contexts") CommissionContext context,
      @ForAll("shares") Rate share, @ForAll Random random) {
    List<LineItem> shuffled = new ArrayList<>(sale.lineItems());
    Collections.shuffle(shuffled, random);
    Conversion.Builder reordered = Conversion.builder(sale.orderId(), sale.instant(),
        sale.total()).customerId("c1").discount(sale.discount()).shipping(sale.shipping())
        .tax(sale.tax());
    shuffled.forEach(reordered::lineItem);

    CommissionQuote quote = quote(plan, sale, context, share);
    CommissionQuote again = quote(plan, reordered.build(), context, share);

    assertThat(again.amount()).isEqualTo(quote.amount());
    assertThat(again.commission()).isEqualTo(quote.commission());
    assertThat(again.base()).isEqualTo(quote.base());
    assertThat(byRule(again)).isEqualTo(byRule(quote));
    assertThat(again.tiers()).isEqualTo(quote.tiers());
    assertThat(again.tiersReached()).containsExactlyInAnyOrderElementsOf(quote.tiersReached());
    assertThat(capped(again)).isEqualTo(capped(quote));
  }

  private static CommissionQuote quote(CommissionPlan plan, Conversion sale,
      CommissionContext context, Rate share) {
    Credit credit = new Credit("anna", share, sale.total().times(share, RoundingMode.DOWN),
        CreditBasis.TOUCHPOINTS, List.of());
    return plan.quote(sale, credit, context);
  }

  /** {@return the quote's portions by rule id} */
  private static Map<String, RulePortion> byRule(CommissionQuote quote) {
    Map<String, RulePortion> portions = new TreeMap<>();
    quote.portions().forEach(portion -> portions.put(portion.ruleId(), portion));
    return portions;
  }

  /** {@return the capped sales of the quote's counted portions by rule id} */
  private static Map<String, Optional<CappedSale>> capped(CommissionQuote quote) {
    List<RulePortion> counted = TierReached.counted(quote);
    List<Optional<CappedSale>> capped = CappedSale.fromCounted(quote, counted);
    Map<String, Optional<CappedSale>> byRule = new TreeMap<>();
    for (int i = 0; i < counted.size(); i++) {
      // One portion at a time gives what the portions read together give.
      assertThat(CappedSale.from(quote, counted.get(i))).isEqualTo(capped.get(i));
      byRule.put(counted.get(i).ruleId(), capped.get(i));
    }
    return byRule;
  }
}
