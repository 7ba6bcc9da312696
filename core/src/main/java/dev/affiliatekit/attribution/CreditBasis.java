package dev.affiliatekit.attribution;

/** What earned an affiliate its credit. */
public enum CreditBasis {
  /** The affiliate's eligible touches, weighed by the attribution model. */
  TOUCHPOINTS,
  /** The affiliate's coupon code on the order, which beats links under the policy. */
  COUPON,
  /** The customer's lifetime binding to the affiliate. */
  LIFETIME_BINDING
}
