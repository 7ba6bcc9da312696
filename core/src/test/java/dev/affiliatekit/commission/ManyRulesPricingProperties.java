package dev.affiliatekit.commission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.Credit;
import dev.affiliatekit.attribution.CreditBasis;
import dev.affiliatekit.attribution.LineItem;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

/**
 * Orders of many items, each priced by a rule of its product, so that a sale splits among more
 * rules than the pricing compares one by one: the commission is the sum of each item's rate times
 * its amount, credited by the share and rounded once, and the rules are listed in the order of
 * their first items, on the fast path, the general path, and under either precedence.
 */
class ManyRulesPricingProperties {

  private static final CurrencyUnit USD = CurrencyUnit.of("USD");
  private static final Rate DEFAULT_RATE = Rate.ofPercent(1);

  /** The rate of each product's rule, in basis points, 2% or more so that it beats the default. */
  @Provide
  Arbitrary<List<Integer>> ratesInBasisPoints() {
    return Arbitraries.integers().between(200, 10_000).list().ofMinSize(9).ofMaxSize(20);
  }

  /** Items as product index (modulo the products), quantity and unit price in cents. */
  @Provide
  Arbitrary<List<int[]>> items() {
    return Combinators.combine(Arbitraries.integers().between(0, 1_000),
            Arbitraries.integers().between(1, 5), Arbitraries.integers().between(1, 500_000))
        .as((product, quantity, cents) -> new int[] {product, quantity, cents})
        .list().ofMinSize(9).ofMaxSize(60);
  }

  @Provide
  Arbitrary<Rate> shares() {
    return Arbitraries.of(Rate.ONE, Rate.ofPercent(50), Rate.parse("33.3333%"), Rate.ofPercent(1));
  }

  @Property(tries = 300)
  void aSaleSplitAmongManyRules_paysEachItemsRateOfItsAmount(
      @ForAll("ratesInBasisPoints") List<Integer> rates, @ForAll("items") List<int[]> items,
      @ForAll("shares") Rate share, @ForAll boolean bestForAffiliate,
      @ForAll @IntRange(min = 0, max = 2) int spread) {
    CommissionPlan.Builder builder = CommissionPlan.builder()
        .precedence(bestForAffiliate ? Precedence.BEST_FOR_AFFILIATE : Precedence.FIRST_MATCH)
        .rule(CommissionRule.builder("default").priority(-1).percentage(DEFAULT_RATE).build());
    for (int p = 0; p < rates.size(); p++) {
      builder.rule(CommissionRule.builder("rule-p" + p).target(RuleTarget.products("p" + p))
          .percentage(Rate.ofBasisPoints(rates.get(p))).build());
    }
    CommissionPlan plan = builder.build();
    // The items name the rules' products, and in one case in three also others, which the
    // default rule prices.
    int products = rates.size() + spread;
    long totalCents = 0;
    List<LineItem> lines = new ArrayList<>();
    for (int[] item : items) {
      LineItem line = LineItem.of("p" + item[0] % products, "c", item[1],
          Money.ofMinor(item[2], USD));
      lines.add(line);
      totalCents += line.amount().minorUnits();
    }
    Conversion.Builder order = Conversion.builder("o1", Instant.parse("2026-03-01T00:00:00Z"),
        Money.ofMinor(totalCents, USD)).visitorId("v1");
    lines.forEach(order::lineItem);
    Conversion conversion = order.build();
    Credit credit = new Credit("mia", share, conversion.total().times(share, RoundingMode.DOWN),
        CreditBasis.TOUCHPOINTS, List.of());
    CommissionContext context = CommissionContext.of(AffiliateProfile.of("mia"));

    BigDecimal exact = BigDecimal.ZERO;
    Set<String> ruleIds = new LinkedHashSet<>();
    for (LineItem line : lines) {
      int product = Integer.parseInt(line.productId().substring(1));
      boolean own = product < rates.size();
      Rate rate = own ? Rate.ofBasisPoints(rates.get(product)) : DEFAULT_RATE;
      exact = exact.add(rate.toFraction().multiply(line.amount().amount()));
      ruleIds.add(own ? "rule-" + line.productId() : "default");
    }
    Money expected = Money.of(exact.multiply(share.toFraction()), USD, RoundingMode.HALF_EVEN);

    CommissionQuote quote = plan.quote(conversion, credit, context);
    CommissionQuote general = new Pricing(plan, conversion, credit, context, null).quote();

    assertThat(quote.amount()).isEqualTo(expected);
    assertThat(quote.ruleIds()).containsExactlyElementsOf(ruleIds);
    assertThat(general).isEqualTo(quote);
    // The explanation prices the sale again, naming each rule's items.
    assertThat(quote.explanation()).contains("rule " + ruleIds.iterator().next() + " matched");
    Statistics.label("more rules than compared one by one").collect(ruleIds.size() > 8);
    Statistics.label("more rules than compared one by one")
        .coverage(checker -> checker.check(true).percentage(p -> p > 50));
  }
}
