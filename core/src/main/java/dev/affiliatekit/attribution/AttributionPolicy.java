package dev.affiliatekit.attribution;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The program's rules for who may earn and what beats what, applied by the {@link Attributor}
 * before the {@link AttributionModel} divides the credit.
 *
 * <p>The rules apply in this order, and the explanation of a result names the rule that excluded
 * each touch:
 *
 * <ol>
 *   <li>Touches after the conversion or outside the {@link AttributionWindow} never count, nor,
 *       when the order names its buyer's customer id, touches made signed in as another customer:
 *       on a device they share, such a touch is that customer's ({@link
 *       ExclusionReason#OTHER_CUSTOMER}).
 *   <li>Touches of unknown, inactive or banned affiliates earn nothing, nor do the buyer's own
 *       touches as an affiliate (self-referral: the same customer id, or the same e-mail address
 *       once normalised), nor touches made signed in as their affiliate's own customer id, even
 *       when the order names no buyer, as a guest checkout does; unless {@link
 *       #allowSelfReferral()}.
 *   <li>With {@link #lifetimeBinding()}, a customer credited to an affiliate once is credited to
 *       that affiliate alone for later purchases, on any device, until {@link #bindingExpiry()}.
 *       Of several affiliates credited at once, the one with the largest share is bound, the
 *       first credited among equal shares (see {@link CustomerBinding}); of several conversions,
 *       the earliest, even if it is attributed after later ones, until its binding expires or a
 *       conversion is attributed while its affiliate is not active (see {@link Attributor}).
 *   <li>With {@link #couponBeatsLinks()}, an order that uses an affiliate's coupon code credits
 *       that affiliate alone, whatever links were clicked, if the affiliate may earn on it: not
 *       when the guards above exclude the affiliate, nor, unless {@link #allowSelfReferral()},
 *       when one of the order's touches that rule 1 leaves was made signed in as the affiliate's
 *       own customer id, on her own link or another affiliate's: the code is her own use
 *       (self-referral). The order is then credited as if it had no coupon, by its touches, and
 *       such a touch on another affiliate's link earns that affiliate as any other. A buyer the
 *       order names by customer id is judged by rule 2 alone: another customer may use the
 *       affiliate's code on a device where she once signed in, since her touches there are not
 *       the buyer's (rule 1).
 *   <li>With {@link ClickLock#FIRST_CLICK_LOCK}, the first eligible affiliate keeps the referral
 *       and later affiliates' touches do not count.
 *   <li>With {@link #mergeRepeatedTouches()}, consecutive touches of the same affiliate count as
 *       one, the latest.
 * </ol>
 *
 * <p>Whatever the rules, an affiliate earns at most one credit per conversion: the shares of all
 * its touches are added up. The defaults are the common ones: coupons beat links, no lifetime
 * binding, the last click wins, repeated touches merge, no self-referral, and a conversion may lie
 * at most 5 minutes in the future of the attributor's clock.
 *
 * <pre>{@code
 * AttributionPolicy policy = AttributionPolicy.builder()
 *     .lifetimeBinding(Duration.ofDays(365))
 *     .clickLock(AttributionPolicy.ClickLock.FIRST_CLICK_LOCK)
 *     .build();
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param couponBeatsLinks whether an affiliate's coupon code on the order beats every link click;
 *     if not, a coupon counts only as the {@link TouchpointKind#COUPON} touchpoints recorded for it
 * @param lifetimeBinding whether a customer stays with the first affiliate credited for them
 * @param bindingExpiry how long a lifetime binding lasts, from the conversion that made it; empty
 *     for ever. A binding made at {@code b} applies to conversions at {@code b <= c <= b + expiry}.
 *     With an expiry, the attributor keeps about 20 to 30 bytes per conversion of each bound
 *     customer, and a conversion that arrives before later ones of its customer costs time in
 *     proportion to those kept after it, so that a backfill feeds each customer's conversions
 *     oldest first (see {@link Attributor}); without one, a constant amount per customer
 * @param clickLock whether the last click wins or the first click locks the referral
 * @param mergeRepeatedTouches whether consecutive touches of the same affiliate count as one
 * @param allowSelfReferral whether affiliates earn on their own purchases; an {@code
 *     AffiliateProgram} that does not let them pays no override either to a parent that bought
 *     the conversion
 * @param maxClockSkew how far in the future of the clock a conversion or touch may lie; later ones
 *     are rejected as bad input. Where the clock plus the skew lies beyond {@link
 *     java.time.Instant#MAX}, no instant is too late
 */
public record AttributionPolicy(boolean couponBeatsLinks, boolean lifetimeBinding,
    Optional<Duration> bindingExpiry, ClickLock clickLock, boolean mergeRepeatedTouches,
    boolean allowSelfReferral, Duration maxClockSkew) {

  private static final AttributionPolicy DEFAULTS = builder().build();

  /** Whether the last click wins or the first click locks the referral. */
  public enum ClickLock {
    /** Every eligible touch counts, and the model divides the credit; last touch by default. */
    LAST_CLICK_WINS,
    /**
     * The affiliate of the first eligible touch keeps the referral; other affiliates' touches do
     * not count.
     */
    FIRST_CLICK_LOCK
  }

  /**
   * Validates the parts.
   *
   * @param couponBeatsLinks whether an affiliate's coupon code on the order beats every link click;
   *     if not, a coupon counts only as the {@link TouchpointKind#COUPON} touchpoints recorded for
   *     it
   * @param lifetimeBinding whether a customer stays with the first affiliate credited for them
   * @param bindingExpiry how long a lifetime binding lasts, from the conversion that made it; empty
   *     for ever. A binding made at {@code b} applies to conversions at {@code b <= c <= b +
   *     expiry}
   * @param clickLock whether the last click wins or the first click locks the referral
   * @param mergeRepeatedTouches whether consecutive touches of the same affiliate count as one
   * @param allowSelfReferral whether affiliates earn on their own purchases; an {@code
   *     AffiliateProgram} that does not let them pays no override either to a parent that bought
   *     the conversion
   * @param maxClockSkew how far in the future of the clock a conversion or touch may lie; later
   *     ones are rejected as bad input. Where the clock plus the skew lies beyond {@link
   *     java.time.Instant#MAX}, no instant is too late
   * @throws IllegalArgumentException if the expiry is set without lifetime binding or is not
   *     positive, or the clock skew is negative
   */
  public AttributionPolicy {
    checkNotNull(bindingExpiry, "bindingExpiry");
    checkNotNull(clickLock, "clickLock");
    checkNotNull(maxClockSkew, "maxClockSkew");
    bindingExpiry.ifPresent(expiry -> {
      checkArgument(lifetimeBinding, "policy bindingExpiry needs lifetimeBinding: %s", expiry);
      checkArgument(!expiry.isNegative() && !expiry.isZero(),
          "policy bindingExpiry must be positive: %s", expiry);
    });
    checkArgument(!maxClockSkew.isNegative(), "policy maxClockSkew must not be negative: %s",
        maxClockSkew);
  }

  /**
   * Returns the default policy: coupons beat links, no lifetime binding, the last click wins,
   * repeated touches merge, no self-referral, 5 minutes of clock skew.
   *
   * @return the default policy
   */
  public static AttributionPolicy defaults() {
    return DEFAULTS;
  }

  /**
   * Returns a builder that starts from the defaults.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder of {@link AttributionPolicy} instances, starting from the defaults. */
  public static final class Builder {
    private boolean couponBeatsLinks = true;
    private boolean lifetimeBinding;
    private @Nullable Duration bindingExpiry;
    private ClickLock clickLock = ClickLock.LAST_CLICK_WINS;
    private boolean mergeRepeatedTouches = true;
    private boolean allowSelfReferral;
    private Duration maxClockSkew = Duration.ofMinutes(5);

    private Builder() {}

    /**
     * Sets whether an affiliate's coupon code on the order beats every link click.
     *
     * @param value true by default
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder couponBeatsLinks(boolean value) {
      this.couponBeatsLinks = value;
      return this;
    }

    /**
     * Binds each customer for ever to the first affiliate credited for them.
     *
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder lifetimeBinding() {
      this.lifetimeBinding = true;
      this.bindingExpiry = null;
      return this;
    }

    /**
     * Binds each customer to the first affiliate credited for them, for the given time. The
     * attributor then keeps each bound customer's credited conversions, and one that arrives
     * before later ones of its customer costs time in proportion to those kept after it: feed a
     * backfill to it oldest first (see {@link Attributor}).
     *
     * @param expiry how long a binding lasts, positive
     * @return this builder
     * @throws IllegalArgumentException if the expiry is zero or negative; the builder is unchanged
     */
    @CanIgnoreReturnValue
    public Builder lifetimeBinding(Duration expiry) {
      checkNotNull(expiry, "expiry");
      checkArgument(!expiry.isNegative() && !expiry.isZero(),
          "policy bindingExpiry must be positive: %s", expiry);
      this.lifetimeBinding = true;
      this.bindingExpiry = expiry;
      return this;
    }

    /**
     * Sets whether the last click wins or the first click locks the referral.
     *
     * @param value {@link ClickLock#LAST_CLICK_WINS} by default
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder clickLock(ClickLock value) {
      this.clickLock = checkNotNull(value, "clickLock");
      return this;
    }

    /**
     * Sets whether consecutive touches of the same affiliate count as one.
     *
     * @param value true by default
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder mergeRepeatedTouches(boolean value) {
      this.mergeRepeatedTouches = value;
      return this;
    }

    /**
     * Sets whether affiliates earn on their own purchases: credit, and in an {@code
     * AffiliateProgram} overrides on a recruit's commission.
     *
     * @param value false by default
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder allowSelfReferral(boolean value) {
      this.allowSelfReferral = value;
      return this;
    }

    /**
     * Sets how far in the future of the clock a conversion or touch may lie. Any length is
     * allowed: where the clock plus the skew lies beyond {@link java.time.Instant#MAX}, no instant
     * is too late.
     *
     * @param value 5 minutes by default; not negative
     * @return this builder
     * @throws IllegalArgumentException if the skew is negative; the builder is unchanged
     */
    @CanIgnoreReturnValue
    public Builder maxClockSkew(Duration value) {
      checkNotNull(value, "maxClockSkew");
      checkArgument(!value.isNegative(), "policy maxClockSkew must not be negative: %s", value);
      this.maxClockSkew = value;
      return this;
    }

    /**
     * Returns the policy.
     *
     * @return the policy
     * @throws IllegalArgumentException if a part is invalid
     */
    public AttributionPolicy build() {
      return new AttributionPolicy(couponBeatsLinks, lifetimeBinding,
          Optional.ofNullable(bindingExpiry), clickLock, mergeRepeatedTouches, allowSelfReferral,
          maxClockSkew);
    }
  }
}
