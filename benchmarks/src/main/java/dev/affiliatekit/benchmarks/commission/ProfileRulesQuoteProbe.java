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
import dev.affiliatekit.commission.RuleTarget;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * What a quote costs under a plan of a deal per creator whose condition tests the creator's
 * profile, such as 12% for {@code creator-17} once it has 10,000 followers, n of them above a
 * default rule of 10%, when more creators sell, in random order, than the plan keeps the
 * decisions of (about 4,096 profiles): most quotes then work out their creator's decisions
 * again. Thread CPU time, so that other programs on the machine count less. Plain Java rather
 * than JMH: each size needs a plan of its own, and the point is how the time grows.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.affiliatekit.benchmarks.commission.ProfileRulesQuoteProbe 2000 16000}
 */
public final class ProfileRulesQuoteProbe {

  /** How many creators sell, in random order. */
  private static final int[] SELLING = {1_024, 4_096, 16_384, 65_536};
  private static final Instant AT = Instant.parse("2026-03-10T12:00:00Z");

  private ProfileRulesQuoteProbe() {}

  /**
   * Prints a line per number of deals and of creators selling: the nanoseconds of CPU time per
   * quote.
   *
   * @param args the numbers of deals (default 2,000 and 16,000)
   */
  public static void main(String[] args) {
    int[] sizes = args.length == 0 ? new int[] {2_000, 16_000}
        : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int deals : sizes) {
      CommissionPlan plan = plan(deals);
      for (int selling : SELLING) {
        CommissionContext[] contexts = contexts(selling);
        int quotes = Math.max(20_000, 2 * selling);
        long sum = quote(plan, contexts, quotes, 1);
        long start = threads.getCurrentThreadCpuTime();
        sum += quote(plan, contexts, quotes, 2);
        long nanos = (threads.getCurrentThreadCpuTime() - start) / quotes;
        System.out.printf(Locale.ROOT, "%,d deals, %,d creators selling: %,d ns per quote"
            + " (checksum %d)%n", deals, selling, nanos, sum);
      }
    }
  }

  /**
   * {@return a plan of a deal per creator, {@code creator-0} to {@code creator-(n-1)}: 12% once
   * it has 10,000 followers, above a default rule of 10%}
   */
  static CommissionPlan plan(int deals) {
    CommissionPlan.Builder plan = CommissionPlan.builder()
        .rule(CommissionRule.builder("default").priority(-1).percentage(Rate.ofPercent(10))
            .build());
    for (int i = 0; i < deals; i++) {
      plan.rule(CommissionRule.builder("deal-" + i).target(RuleTarget.affiliates("creator-" + i))
          .when(Condition.atLeast(Attribute.AFFILIATE_FOLLOWERS, 10_000))
          .percentage(Rate.ofPercent(12)).build());
    }
    return plan.build();
  }

  /** {@return the contexts of the first n creators, with 5,000 to 24,999 followers each} */
  static CommissionContext[] contexts(int creators) {
    CommissionContext[] contexts = new CommissionContext[creators];
    for (int i = 0; i < creators; i++) {
      contexts[i] = CommissionContext.of(AffiliateProfile.builder("creator-" + i)
          .followers(5_000 + (i * 7_919L) % 20_000).build());
    }
    return contexts;
  }

  /**
   * {@return the sum in cents of the commissions of sales of USD 50.00 by random creators of the
   * contexts} The same seed gives the same creators.
   */
  static long quote(CommissionPlan plan, CommissionContext[] contexts, int quotes, long seed) {
    Conversion sale = Conversion.builder("order-1", AT, Money.ofMinor(5_000, CurrencyUnit.USD))
        .visitorId("visitor-1").build();
    SplittableRandom random = new SplittableRandom(seed);
    long sum = 0;
    for (int i = 0; i < quotes; i++) {
      CommissionContext context = contexts[random.nextInt(contexts.length)];
      Credit credit = new Credit(context.affiliate().affiliateId(), Rate.ONE, sale.total(),
          CreditBasis.COUPON, List.of());
      sum += plan.quote(sale, credit, context).amount().minorUnits();
    }
    return sum;
  }
}
