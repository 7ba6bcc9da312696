package dev.affiliatekit.commission;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.affiliatekit.money.Money;

/**
 * The most an affiliate may earn in a period, such as {@code USD 1000.00} a month.
 *
 * <p>A quote grants only what is left of the allowance: the cap minus the {@linkplain
 * PeriodPerformance#commissions() commissions earned in the period so far}, and nothing once they
 * reach the cap. The commission comes first, then the milestone bonus. Overrides paid to parents
 * do not count. An {@code AffiliateProgram} counts commissions as they were accrued: a refund
 * gives no room back.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param period the period
 * @param cap the most the affiliate may earn in it, not negative
 */
public record PeriodCap(Period period, Money cap) {

  /**
   * Validates the parts.
   *
   * @param period the period
   * @param cap the most the affiliate may earn in it, not negative
   * @throws IllegalArgumentException if the cap is negative
   */
  public PeriodCap {
    checkNotNull(period, "period");
    checkNotNull(cap, "cap");
    checkArgument(!cap.isNegative(), "period cap must not be negative: %s", cap);
  }

  /** {@return such as {@code month cap USD 1000.00}} */
  @Override
  public String toString() {
    return period.label() + " cap " + cap;
  }
}
