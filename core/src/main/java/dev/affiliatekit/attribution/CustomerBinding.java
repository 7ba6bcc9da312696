package dev.affiliatekit.attribution;

import static com.google.common.base.Preconditions.checkNotNull;
import static dev.affiliatekit.internal.Ids.checkId;

import java.time.Instant;

/**
 * A customer's lifetime binding to the affiliate first credited for them.
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
