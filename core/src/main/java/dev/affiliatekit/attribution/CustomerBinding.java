package dev.affiliatekit.attribution;

import static com.google.common.base.Preconditions.checkNotNull;
import static dev.affiliatekit.internal.Ids.checkId;

import java.time.Instant;

/**
 * A customer's lifetime binding to the affiliate first credited for them: by the earliest of the
 * customer's conversions attributed so far, whatever order they were attributed in, or by the
 * earliest after the binding before it expired or did not apply to it because its affiliate
 * was not active, among those that touches or a coupon credit (see {@link Attributor}).
 *
 * <p>A conversion credited by touches or a coupon binds its customer to the credited affiliate
 * with the largest share, and among equal largest shares to the first credited (credits are
 * listed by each affiliate's first touch that the model weighed above zero, as {@link
 * Attribution} says: under a model that weighs the first touch zero, such as {@code
 * AttributionModel.custom(0, 1, 1)}, the affiliate of that touch comes after one whose later
 * touch it weighed). Shares are exact to 10^-18, and {@link
 * dev.affiliatekit.money.Rate#allocate(long...)} gives the steps left over to the earlier of
 * equal weights, so an affiliate never loses the binding by rounding to a later one that the
 * model weighed the same. For example, the linear model credits two touches of anna then ben
 * {@code 50%} each, and three touches of anna, ben and carla {@code 33.3333333333333334%} and
 * twice {@code 33.3333333333333333%}; both bind anna.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param customerId the customer
 * @param affiliateId the affiliate the customer is bound to
 * @param since the instant of the conversion that made the binding
 */
public record CustomerBinding(String customerId, String affiliateId, Instant since) {

  /**
   * Validates the parts.
   *
   * @param customerId the customer
   * @param affiliateId the affiliate the customer is bound to
   * @param since the instant of the conversion that made the binding
   * @throws IllegalArgumentException if an id is not a valid identifier
   */
  public CustomerBinding {
    checkNotNull(customerId, "customerId");
    checkNotNull(affiliateId, "affiliateId");
    checkNotNull(since, "since");
    checkId(customerId, "binding customerId");
    checkId(affiliateId, "binding affiliateId");
  }
}
