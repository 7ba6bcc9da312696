package dev.affiliatekit.attribution;

/** Why no affiliate earned credit for a conversion. */
public enum NoCreditReason {
  /**
   * No touchpoint is recorded for the conversion's visitor or customer, and no coupon or binding
   * applies.
   */
  NO_TOUCHPOINTS,
  /** Touchpoints exist, but every one was excluded; the explanation says why for each. */
  NONE_ELIGIBLE
}
