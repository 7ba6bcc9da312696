package dev.affiliatekit.benchmarks.commission;

import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.Credit;
import dev.affiliatekit.attribution.CreditBasis;
import dev.affiliatekit.commission.AffiliateProfile;
import dev.affiliatekit.commission.Attribute;
import dev.affiliatekit.commission.CommissionContext;
import dev.affiliatekit.commission.CommissionPlan;
import dev.affiliatekit.commission.CommissionRule;
import dev.affiliatekit.commission.Condition;
import dev.affiliatekit.commission.Precedence;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * What a quote costs under a plan of a rule per coupon code, {@code sale.couponCode = C17} and n
 * like it, with a default rule below them: sales with one of the codes and sales without a code,
 * under {@code FIRST_MATCH} (the fast path) and {@code BEST_FOR_AFFILIATE} (the general path).
 * Plain Java rather than JMH: each size needs a plan of its own, and the point is how the time
 * grows with n, not its last digit.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.affiliatekit.benchmarks.commission.CouponRulesQuoteProbe 1000 16000 64000}
 */
public final class CouponRulesQuoteProbe {

  /** How many sales each case quotes, after as many to warm up. */
  private static final int SALES = 20_000;
  private static final Instant AT = Instant.parse("2026-03-10T12:00:00Z");
  private static final CommissionContext CONTEXT =
      CommissionContext.builder(AffiliateProfile.of("mia")).build();

  private CouponRulesQuoteProbe() {}

  /**
   * Prints a line per size and case: the microseconds per quote.
   *
   * @param args the numbers of coupon codes (default 1,000, 16,000 and 64,000)
   */
  public static void main(String[] args) {
    int[] sizes = args.length == 0 ? new int[] {1_000, 16_000, 64_000}
        : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    for (int codes : sizes) {
      for (Precedence precedence : Precedence.values()) {
        CommissionPlan plan = plan(codes, precedence);
        for (boolean withCode : new boolean[] {true, false}) {
          List<Conversion> sales = sales(codes, withCode, 2 * SALES);
          long sum = quote(plan, sales.subList(0, SALES));
          long start = System.nanoTime();
          sum += quote(plan, sales.subList(SALES, 2 * SALES));
          double micros = (System.nanoTime() - start) / 1e3 / SALES;
          System.out.printf(Locale.ROOT, "%,d coupon rules, %s, %s: %.2f us per quote"
              + " (checksum %d)%n", codes, precedence, withCode ? "with a code" : "without",
              micros, sum);
        }
      }
    }
  }

  /** {@return a plan of a rule per code, 5% to 34%, above a default rule of 3%} */
  static CommissionPlan plan(int codes, Precedence precedence) {
    CommissionPlan.Builder plan = CommissionPlan.builder().precedence(precedence)
        .rule(CommissionRule.builder("default").priority(-1).percentage(Rate.ofPercent(3))
            .build());
    for (int i = 0; i < codes; i++) {
      plan.rule(CommissionRule.builder("coupon-" + i)
          .when(Condition.is(Attribute.SALE_COUPON_CODE, "C" + i))
          .percentage(Rate.ofPercent(5 + i % 30)).build());
    }
    return plan.build();
  }

  /** {@return sales of USD 10.00 to USD 509.99, each with a random code, or none} */
  static List<Conversion> sales(int codes, boolean withCode, int count) {
    SplittableRandom random = new SplittableRandom(codes);
    Conversion[] sales = new Conversion[count];
    for (int i = 0; i < count; i++) {
      Conversion.Builder sale = Conversion.builder("order-" + i, AT,
          Money.ofMinor(1_000 + random.nextInt(50_000), CurrencyUnit.USD))
          .customerId("customer-" + i);
      if (withCode) {
        sale.couponCode("C" + random.nextInt(codes));
      }
      sales[i] = sale.build();
    }
    return List.of(sales);
  }

  /** {@return the sum of the sales' commissions in cents} */
  static long quote(CommissionPlan plan, List<Conversion> sales) {
    long sum = 0;
    for (Conversion sale : sales) {
      Credit credit = new Credit("mia", Rate.ONE, sale.total(), CreditBasis.COUPON, List.of());
      sum += plan.quote(sale, credit, CONTEXT).amount().minorUnits();
    }
    return sum;
  }
}
