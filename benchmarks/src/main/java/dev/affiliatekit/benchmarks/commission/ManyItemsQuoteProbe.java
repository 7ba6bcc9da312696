package dev.affiliatekit.benchmarks.commission;

import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.Credit;
import dev.affiliatekit.attribution.CreditBasis;
import dev.affiliatekit.attribution.LineItem;
import dev.affiliatekit.commission.AffiliateProfile;
import dev.affiliatekit.commission.CommissionContext;
import dev.affiliatekit.commission.CommissionPlan;
import dev.affiliatekit.commission.CommissionQuote;
import dev.affiliatekit.commission.CommissionRule;
import dev.affiliatekit.commission.Precedence;
import dev.affiliatekit.commission.RuleTarget;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * How one quote's time grows with the line items of an order, from 2,000 to 16,000 items: under
 * {@code BEST_FOR_AFFILIATE} with one rule, and under a rule per product, without and with the
 * explanation. Plain Java rather than JMH, since a quote of thousands of items takes milliseconds:
 * the best of five quotes at each size, after a warm-up at the first.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.affiliatekit.benchmarks.commission.ManyItemsQuoteProbe}
 */
public final class ManyItemsQuoteProbe {

  private static final CurrencyUnit USD = CurrencyUnit.of("USD");

  private ManyItemsQuoteProbe() {}

  /**
   * Prints the milliseconds of one quote at each size.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    int[] sizes = {2_000, 4_000, 8_000, 16_000};
    CommissionPlan best = CommissionPlan.builder().precedence(Precedence.BEST_FOR_AFFILIATE)
        .rule(CommissionRule.percentage("creators", Rate.ofPercent(10))).build();
    CommissionPlan perProduct = perProduct(sizes[sizes.length - 1]);
    for (String name : List.of("best for affiliate", "rule per product",
        "rule per product, explained")) {
      CommissionPlan plan = name.startsWith("best") ? best : perProduct;
      boolean explained = name.endsWith("explained");
      StringBuilder line = new StringBuilder(name).append(':');
      time(plan, order(sizes[0]), explained);
      for (int size : sizes) {
        line.append(String.format(Locale.ROOT, " %d items %.2f ms", size,
            time(plan, order(size), explained) / 1e6));
      }
      System.out.println(line);
    }
  }

  /** {@return a plan with a rule of its own rate for each of the products {@code p0} on} */
  static CommissionPlan perProduct(int products) {
    CommissionPlan.Builder plan = CommissionPlan.builder();
    for (int i = 0; i < products; i++) {
      plan.rule(CommissionRule.builder("p" + i).target(RuleTarget.products("p" + i))
          .percentage(Rate.ofPercent(1 + i % 20)).build());
    }
    return plan.build();
  }

  /** {@return an order of one unit of each of the products {@code p0} on, USD 10.00 each} */
  static Conversion order(int items) {
    Conversion.Builder order = Conversion.builder("o", Instant.parse("2026-03-01T00:00:00Z"),
        Money.ofMinor(1_000L * items, USD)).visitorId("v");
    for (int i = 0; i < items; i++) {
      order.lineItem(LineItem.of("p" + i, "c", 1, Money.parse("USD 10.00")));
    }
    return order.build();
  }

  /** {@return the quote of the whole order for mia} */
  static CommissionQuote quote(CommissionPlan plan, Conversion order) {
    Credit credit = new Credit("mia", Rate.ONE, order.total(), CreditBasis.COUPON, List.of());
    return plan.quote(order, credit, CommissionContext.of(AffiliateProfile.of("mia")));
  }

  /** {@return the nanoseconds of the fastest of five quotes, explained if asked} */
  private static long time(CommissionPlan plan, Conversion order, boolean explained) {
    long best = Long.MAX_VALUE;
    for (int round = 0; round < 5; round++) {
      long start = System.nanoTime();
      CommissionQuote quote = quote(plan, order);
      if (explained && quote.explanation().isEmpty()) {
        throw new AssertionError("no explanation");
      }
      best = Math.min(best, System.nanoTime() - start);
    }
    return best;
  }
}
