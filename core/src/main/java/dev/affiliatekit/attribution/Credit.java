package dev.affiliatekit.attribution;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static dev.affiliatekit.internal.Ids.checkId;
import static dev.affiliatekit.internal.Texts.quote;

import dev.affiliatekit.internal.Elements;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import java.util.List;

/**
 * One affiliate's credit for a conversion: its share, the part of the order total that share is
 * worth, and the touches that earned it.
 *
 * <p>A commission plan prices a credit. The library's {@link
 * dev.affiliatekit.commission.CommissionPlan} multiplies its base (such as the discounted
 * subtotal) by the credit's {@link #share()} exactly and rounds each credit's commission on its
 * own, so the commissions of one sale may add up to a little more or less than the plan's rate of
 * the whole sale (see its steps). A plan of the host's own that needs them to add up to the cent
 * computes one commission for the sale and divides it with {@link Attribution#allocate(Money)},
 * which divides by the same shares without losing a cent.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param affiliateId the affiliate credited
 * @param share the affiliate's share of the conversion, above 0%; the shares of one conversion add
 *     up to exactly 100%
 * @param amount the affiliate's part of the order total; the amounts of one conversion add up to
 *     exactly the total
 * @param basis what earned the credit: touches weighed by the model, a coupon, or a lifetime
 *     binding
 * @param touchpoints the affiliate's touches that the model weighed above zero, in chronological
 *     order; may be empty for a coupon or binding credit
 */
public record Credit(String affiliateId, Rate share, Money amount, CreditBasis basis,
    List<Touchpoint> touchpoints) {

  /**
   * Validates the parts and copies the touchpoints.
   *
   * @param affiliateId the affiliate credited
   * @param share the affiliate's share of the conversion, above 0%; the shares of one conversion
   *     add up to exactly 100%
   * @param amount the affiliate's part of the order total; the amounts of one conversion add up to
   *     exactly the total
   * @param basis what earned the credit: touches weighed by the model, a coupon, or a lifetime
   *     binding
   * @param touchpoints the affiliate's touches that the model weighed above zero, in chronological
   *     order; may be empty for a coupon or binding credit
   * @throws IllegalArgumentException if the id is invalid, the share is zero, the amount is
   *     negative, or a touchpoint belongs to another affiliate or is out of order
   */
  public Credit {
    checkNotNull(affiliateId, "affiliateId");
    checkNotNull(share, "share");
    checkNotNull(amount, "amount");
    checkNotNull(basis, "basis");
    checkNotNull(touchpoints, "touchpoints");
    // A list the attributor built for this affiliate is in chronological order already, and
    // names an id that was checked when its touches were made.
    boolean built = touchpoints instanceof TouchView.AffiliateTouches list
        && list.allOf(affiliateId);
    if (!built) {
      checkId(affiliateId, "credit affiliateId");
    }
    checkArgument(!share.isZero(), "credit share must be above 0%: %s", share);
    checkArgument(!amount.isNegative(), "credit amount must not be negative: %s", amount);
    if (!built) {
      touchpoints = checkTouchpoints(affiliateId, Elements.copyOf(touchpoints, "touchpoints"));
    }
  }

  private static List<Touchpoint> checkTouchpoints(
      String affiliateId, List<Touchpoint> touchpoints) {
    for (int i = 0; i < touchpoints.size(); i++) {
      Touchpoint touch = touchpoints.get(i);
      if (!touch.affiliateId().equals(affiliateId)) {
        // Built only when thrown: every touch of a credit made from a list passes this check.
        throw new IllegalArgumentException("credit touchpoints must be of affiliate "
            + quote(affiliateId) + ": touchpoints[" + i + "] is of "
            + quote(touch.affiliateId()));
      }
      if (i > 0 && Touchpoint.CHRONOLOGICAL.compare(touchpoints.get(i - 1), touch) >= 0) {
        Touchpoint before = touchpoints.get(i - 1);
        throw new IllegalArgumentException("credit touchpoints must be in chronological order:"
            + " touchpoints[" + i + "], #" + touch.sequence() + " at " + touch.instant()
            + ", is not after touchpoints[" + (i - 1) + "], #" + before.sequence() + " at "
            + before.instant());
      }
    }
    return touchpoints;
  }
}
