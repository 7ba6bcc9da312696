package dev.affiliatekit.commission;

import static dev.affiliatekit.commission.Sales.ANNA;
import static dev.affiliatekit.commission.Sales.MONTH_START;
import static dev.affiliatekit.commission.Sales.item;
import static org.assertj.core.api.Assertions.assertThat;

import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.Credit;
import dev.affiliatekit.attribution.CreditBasis;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/**
 * {@link CappedSale#fromCounted} reads the sale's portions as listed once, and gives what {@link
 * CappedSale#from} gives for each: sales split among several whole-period tiered rules, under a
 * plan cap per conversion that leaves them more or less headroom, with rule caps and minimums.
 */
class CappedSaleProperties {

  @Property(tries = 500)
  void fromCounted_givesWhatFromGivesForEachCountedPortion(
      @ForAll @IntRange(min = 1, max = 5) int tieredRules,
      @ForAll @IntRange(min = 0, max = 4) int earlierSales,
      @ForAll @Size(min = 1, max = 8) List<@LongRange(min = 0, max = 50_000) Long> prices,
      @ForAll @IntRange(min = 1, max = 30) int firstRate,
      @ForAll @IntRange(min = 0, max = 30) int rise,
      @ForAll @LongRange(min = 0, max = 2_000) long headroomCents,
      @ForAll @LongRange(min = 0, max = 3_000) long ruleCapCents,
      @ForAll @LongRange(min = 0, max = 500) long minimumCents,
      @ForAll @IntRange(min = 100, max = 100) int sharePercent) {
    CurrencyUnit usd = CurrencyUnit.USD;
    CommissionPlan.Builder plan = CommissionPlan.builder();
    for (int i = 0; i < tieredRules; i++) {
      CommissionRule.Builder rule = CommissionRule.builder("tiers-" + i)
          .target(RuleTarget.categories("C" + i))
          .payout(Payout.tieredBySales(Period.MONTH, TierMode.WHOLE_PERIOD,
              new Payout.SalesTier(1, Rate.ofPercent(firstRate)),
              new Payout.SalesTier(2 + i % 3, Rate.ofPercent(firstRate + rise))));
      if (ruleCapCents > 0 && i % 2 == 0) {
        rule.cap(Money.ofMinor(ruleCapCents, usd));
      }
      if (minimumCents > 0 && i % 2 == 1) {
        rule.minimum(Money.ofMinor(minimumCents, usd));
      }
      plan.rule(rule.build());
    }
    plan.rule(CommissionRule.builder("other").target(RuleTarget.categories("OTHER"))
        .percentage(Rate.ofPercent(5)).build());
    long total = prices.stream().mapToLong(Long::longValue).sum();
    Conversion.Builder order = Conversion.builder("o1", MONTH_START.plusSeconds(3_600),
        Money.ofMinor(total, usd)).customerId("c1");
    for (int j = 0; j < prices.size(); j++) {
      String category = j % (tieredRules + 1) == tieredRules ? "OTHER" : "C" + j % (tieredRules + 1);
      order.lineItem(item("p" + j, category, Money.ofMinor(prices.get(j), usd).toString()
          .substring(4)));
    }
    Conversion sale = order.build();
    Rate share = Rate.ofPercent(sharePercent);
    Credit credit = new Credit("anna", share, sale.total().times(share,
        java.math.RoundingMode.HALF_EVEN), CreditBasis.TOUCHPOINTS, List.of());
    PeriodPerformance month = Sales.month(earlierSales, "0.00", "0.00");
    CommissionContext context = CommissionContext.builder(ANNA).performance(month).build();
    // A cap that leaves little above what the sale earns without it, so that its shares count.
    Money uncapped = plan.build().quote(sale, credit, context).commission();
    plan.capPerConversion(uncapped.plus(Money.ofMinor(headroomCents, usd)));
    CommissionQuote quote = plan.build().quote(sale, credit, context);

    List<RulePortion> counted = TierReached.counted(quote);
    List<Optional<CappedSale>> each = counted.stream()
        .map(portion -> CappedSale.from(quote, portion)).toList();
    Statistics.label("portions").collect(each.size());
    Statistics.label("capped").collect(each.stream().filter(Optional::isPresent).count());
    assertThat(CappedSale.fromCounted(quote, counted)).isEqualTo(each);
  }
}
