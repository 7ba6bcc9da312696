package dev.affiliatekit.commission;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.Credit;
import dev.affiliatekit.internal.Texts;

/**
 * One past sale to re-price in a {@link CommissionSimulation}: the conversion, the affiliate's
 * credit, and the context it was quoted in.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param conversion the conversion
 * @param credit the affiliate's credit for it
 * @param context the affiliate's profile and performance at the time
 */
public record SimulationCase(Conversion conversion, Credit credit, CommissionContext context) {

  /**
   * Validates the parts.
   *
   * @param conversion the conversion
   * @param credit the affiliate's credit for it
   * @param context the affiliate's profile and performance at the time
   * @throws IllegalArgumentException if the credit is of another affiliate than the context
   */
  public SimulationCase {
    checkNotNull(conversion, "conversion");
    checkNotNull(credit, "credit");
    checkNotNull(context, "context");
    if (!credit.affiliateId().equals(context.affiliateId())) {
      throw new IllegalArgumentException("credit affiliate " + Texts.quote(credit.affiliateId())
          + " does not match context affiliate " + Texts.quote(context.affiliateId()));
    }
  }

  /**
   * Returns the case of an affiliate's full credit for a conversion.
   *
   * @param conversion the conversion
   * @param credit the affiliate's credit
   * @param affiliate the affiliate's profile, with no recorded performance
   * @return the case
   * @throws IllegalArgumentException if the credit is of another affiliate than the profile
   */
  public static SimulationCase of(
      Conversion conversion, Credit credit, AffiliateProfile affiliate) {
    return new SimulationCase(conversion, credit, CommissionContext.of(affiliate));
  }
}
