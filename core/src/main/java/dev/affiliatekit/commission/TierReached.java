package dev.affiliatekit.commission;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static dev.affiliatekit.internal.Ids.checkId;

import dev.affiliatekit.money.CurrencyMismatchException;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import java.math.RoundingMode;

/**
 * A sale that lifted an affiliate into a higher tier of a {@link TierMode#WHOLE_PERIOD} rule: from
 * now on the whole period earns the new rate, so the period's earlier sales are owed the
 * difference.
 *
 * <p>The quote of the sale already pays the new rate on the sale itself; {@link #trueUp(Money,
 * Money)} computes what the earlier sales of the period are still owed. For example, with tiers of
 * 10% from sale 1 and 20% from sale 51, the 51st sale of a month reaches tier 2; if the first 50
 * sales had bases of {@code USD 2000.00} and earned {@code USD 200.00}, the true-up is 20% of
 * {@code USD 2000.00} less {@code USD 200.00}, which is {@code USD 200.00}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param ruleId the tiered rule
 * @param period the period whose performance counts
 * @param tier the tier reached, counting from 1
 * @param previousRate the rate of the tier before this sale
 * @param rate the rate of the tier reached
 * @param rounding the plan's rounding mode, for the true-up
 */
public record TierReached(String ruleId, Period period, int tier, Rate previousRate, Rate rate,
    RoundingMode rounding) {

  /**
   * Validates the parts.
   *
   * @param ruleId the tiered rule
   * @param period the period whose performance counts
   * @param tier the tier reached, counting from 1
   * @param previousRate the rate of the tier before this sale
   * @param rate the rate of the tier reached
   * @param rounding the plan's rounding mode
   * @throws IllegalArgumentException if the id is not valid or the tier is less than 2
   */
  public TierReached {
    checkNotNull(ruleId, "ruleId");
    checkNotNull(period, "period");
    checkNotNull(previousRate, "previousRate");
    checkNotNull(rate, "rate");
    checkNotNull(rounding, "rounding");
    checkId(ruleId, "tier ruleId");
    checkArgument(tier >= 2, "tier reached must be at least 2: %s", tier);
  }

  /**
   * Returns what the period's earlier sales priced by this rule are still owed so that they earn
   * the new rate: the new rate of their bases, rounded once, less what they earned; never
   * negative.
   *
   * <p>For example, bases of {@code USD 2000.00} that earned {@code USD 200.00} are owed {@code
   * USD 200.00} at 20%. When the tiered rule priced all of the affiliate's sales of the period,
   * the bases and earnings are the context's {@link PeriodPerformance#revenue()} and {@link
   * PeriodPerformance#commissions()}.
   *
   * @param earlierBases the sum of the bases of the earlier sales the rule priced in the period
   * @param earlierCommissions what those sales earned
   * @return the true-up, zero or positive
   * @throws CurrencyMismatchException if the amounts differ in currency
   */
  public Money trueUp(Money earlierBases, Money earlierCommissions) {
    checkNotNull(earlierBases, "earlierBases");
    checkNotNull(earlierCommissions, "earlierCommissions");
    Money owed = earlierBases.times(rate, rounding).minus(earlierCommissions);
    return owed.isNegative() ? Money.zero(owed.currency()) : owed;
  }

  /** {@return such as {@code tier 2 of rule monthly-tiers reached: 20% (from 10%) for the whole month}} */
  @Override
  public String toString() {
    return "tier " + tier + " of rule " + ruleId + " reached: " + rate + " (from " + previousRate
        + ") for the whole " + period.label();
  }
}
