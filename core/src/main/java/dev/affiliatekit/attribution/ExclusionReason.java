package dev.affiliatekit.attribution;

/**
 * Why a touchpoint earned no credit for a conversion. The checks run in the order of the constants,
 * and a touch is reported with the first reason that applies.
 */
public enum ExclusionReason {
  /**
   * The touch was made signed in as another customer than the buyer, on a device they share: it
   * is that customer's.
   */
  OTHER_CUSTOMER,
  /** The touch happened after the conversion; such a touch never counts. */
  AFTER_CONVERSION,
  /**
   * The touch is older than the lookback of its kind, or its kind has no lookback. Such a touch
   * is listed only while the store holds it: once older than the window's horizon, it may be
   * evicted at any time, and is then not listed at all (see {@link NoCredit}).
   */
  OUTSIDE_WINDOW,
  /**
   * The affiliate's first touch in the window is older than the window's maximum time since the
   * first referral.
   */
  REFERRAL_EXPIRED,
  /** The affiliate directory does not know the touch's affiliate. */
  UNKNOWN_AFFILIATE,
  /** The affiliate is inactive. */
  INACTIVE_AFFILIATE,
  /** The affiliate is banned. */
  BANNED_AFFILIATE,
  /**
   * The buyer is the affiliate (same customer id or e-mail), or the touch was made signed in as
   * the affiliate's own customer id, and the program does not allow that.
   */
  SELF_REFERRAL,
  /**
   * The customer is bound to another affiliate for life (see {@link
   * AttributionPolicy#lifetimeBinding()}).
   */
  SUPERSEDED_BY_BINDING,
  /** The order used the coupon code of another affiliate, and coupons beat links. */
  SUPERSEDED_BY_COUPON,
  /**
   * Another affiliate's earlier touch locked the referral (see {@link
   * AttributionPolicy.ClickLock}).
   */
  LOCKED_BY_FIRST_CLICK,
  /** A later touch of the same affiliate directly follows it and stands for both. */
  MERGED_SAME_AFFILIATE
}
