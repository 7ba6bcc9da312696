package dev.affiliatekit.benchmarks.commission;

import dev.affiliatekit.commission.Attribute;
import dev.affiliatekit.commission.CommissionPlan;
import dev.affiliatekit.commission.CommissionRule;
import dev.affiliatekit.commission.Condition;
import dev.affiliatekit.commission.Precedence;
import dev.affiliatekit.money.Rate;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * How long a plan of n program rules of one priority takes to build, told apart by a coupon code
 * each ({@code is}) or by a coupon prefix each ({@code startsWith}), both of which the tie check
 * indexes, by a coupon code each of rules for new customers only, which the index must not
 * compare with each other for sharing the customer type, and the prefix rules again under {@code
 * BEST_FOR_AFFILIATE}, which checks no ties.
 * Plain Java: one build per size, after a warm-up build.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.affiliatekit.benchmarks.commission.PrefixRulesBuildProbe}
 */
public final class PrefixRulesBuildProbe {

  private PrefixRulesBuildProbe() {}

  /**
   * Prints the milliseconds of each build.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    int[] sizes = {1_000, 2_000, 4_000, 8_000, 16_000, 32_000};
    print("coupon code (is)", sizes, i -> Condition.is(Attribute.SALE_COUPON_CODE, "C" + i),
        Precedence.FIRST_MATCH);
    print("coupon prefix (startsWith)", sizes,
        i -> Condition.startsWith(Attribute.SALE_COUPON_CODE, "P" + i + "-"),
        Precedence.FIRST_MATCH);
    print("new customers' coupon code (all of is, is)", sizes,
        i -> Condition.all(Condition.is(Attribute.CUSTOMER_TYPE, "NEW"),
            Condition.is(Attribute.SALE_COUPON_CODE, "C" + i)),
        Precedence.FIRST_MATCH);
    print("coupon prefix, best for affiliate", sizes,
        i -> Condition.startsWith(Attribute.SALE_COUPON_CODE, "P" + i + "-"),
        Precedence.BEST_FOR_AFFILIATE);
  }

  private static void print(String name, int[] sizes, IntFunction<Condition> condition,
      Precedence precedence) {
    StringBuilder line = new StringBuilder(name).append(':');
    var unused = build(sizes[0], condition, precedence);
    for (int size : sizes) {
      long start = System.nanoTime();
      var built = build(size, condition, precedence);
      line.append(String.format(Locale.ROOT, " %d rules %.0f ms", built.rules().size(),
          (System.nanoTime() - start) / 1e6));
    }
    System.out.println(line);
  }

  /** {@return a plan of {@code rules} rules at one priority, the precedence set first} */
  static CommissionPlan build(int rules, IntFunction<Condition> condition,
      Precedence precedence) {
    CommissionPlan.Builder plan = CommissionPlan.builder().precedence(precedence);
    for (int i = 0; i < rules; i++) {
      plan.rule(CommissionRule.builder("r" + i).when(condition.apply(i))
          .percentage(Rate.ofPercent(1 + i % 30)).build());
    }
    return plan.build();
  }
}
