package dev.affiliatekit.attribution;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static dev.affiliatekit.internal.Ids.checkId;

import java.time.Instant;

/**
 * The subscription a recurring conversion bills: which subscription, which billing period, and
 * when the subscription started. Commission plans use it for recurring terms such as "30% of the
 * first 12 months".
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param subscriptionId the subscription
 * @param billingPeriod the number of the billing period this conversion pays for: 1 for the first,
 *     2 for the second, and so on
 * @param startedAt when the subscription started, not after the conversion
 */
public record Subscription(String subscriptionId, int billingPeriod, Instant startedAt) {

  /**
   * Validates the parts.
   *
   * @param subscriptionId the subscription
   * @param billingPeriod the number of the billing period this conversion pays for: 1 for the
   *     first, 2 for the second, and so on
   * @param startedAt when the subscription started, not after the conversion
   * @throws IllegalArgumentException if the id is not a valid identifier or the billing period is
   *     less than 1
   */
  public Subscription {
    checkNotNull(subscriptionId, "subscriptionId");
    checkNotNull(startedAt, "startedAt");
    checkId(subscriptionId, "subscription subscriptionId");
    checkArgument(billingPeriod >= 1, "subscription billingPeriod must be at least 1: %s",
        billingPeriod);
  }

  /** {@return whether this conversion pays for the first billing period} */
  public boolean isFirstPeriod() {
    return billingPeriod == 1;
  }
}
