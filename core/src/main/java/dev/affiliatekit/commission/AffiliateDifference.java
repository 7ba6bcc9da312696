package dev.affiliatekit.commission;

import static com.google.common.base.Preconditions.checkNotNull;
import static dev.affiliatekit.internal.Ids.checkId;

/**
 * What one affiliate would have earned in one currency under the current and the proposed plan,
 * its overrides as a parent included.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param affiliateId the affiliate
 * @param difference the amounts under both plans
 */
public record AffiliateDifference(String affiliateId, Difference difference) {

  /**
   * Validates the parts.
   *
   * @param affiliateId the affiliate
   * @param difference the amounts under both plans
   * @throws IllegalArgumentException if the id is not valid
   */
  public AffiliateDifference {
    checkNotNull(affiliateId, "affiliateId");
    checkNotNull(difference, "difference");
    checkId(affiliateId, "affiliateId");
  }

  /** {@return such as {@code anna: USD 120.00 -> USD 150.00 (+USD 30.00)}} */
  @Override
  public String toString() {
    return affiliateId + ": " + difference;
  }
}
