/**
 * Attribution: who gets credit for a sale.
 *
 * <p>A {@link dev.affiliatekit.attribution.TouchpointStore} records every {@link
 * dev.affiliatekit.attribution.Touchpoint} (a click, coupon use or view of an affiliate's link);
 * when a {@link dev.affiliatekit.attribution.Conversion} (an order) arrives, an {@link
 * dev.affiliatekit.attribution.Attributor} keeps the touches inside the {@link
 * dev.affiliatekit.attribution.AttributionWindow}, applies the guards and policies of its {@link
 * dev.affiliatekit.attribution.AttributionPolicy} (coupons, lifetime binding, self-referral,
 * inactive affiliates) and divides the credit by an {@link
 * dev.affiliatekit.attribution.AttributionModel}. The answer is an {@link
 * dev.affiliatekit.attribution.AttributionResult}: either an {@link
 * dev.affiliatekit.attribution.Attribution} whose {@link dev.affiliatekit.attribution.Credit}
 * shares add up to exactly one and whose amounts add up to exactly the order total, or a {@link
 * dev.affiliatekit.attribution.NoCredit} with its reason; both carry an {@link
 * dev.affiliatekit.attribution.Explanation} of every touch that counted or did not. Touches are
 * ordered by instant, then by the sequence number the store assigned when it recorded them, so
 * equal timestamps are decided the same way every time. The host tells the library about its
 * affiliates through an {@link dev.affiliatekit.attribution.AffiliateDirectory}.
 *
 * <p>Nothing in this package accepts or returns {@code null} unless marked {@code @Nullable};
 * a {@code null} argument throws {@link java.lang.NullPointerException}.
 */
@NullMarked
@CheckReturnValue
package dev.affiliatekit.attribution;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
