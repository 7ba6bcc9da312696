package dev.affiliatekit.attribution;

/** What a visitor did with an affiliate's link, code or content. */
public enum TouchpointKind {
  /** The visitor followed the affiliate's tracking link. */
  CLICK,
  /** The visitor entered the affiliate's coupon code. */
  COUPON,
  /** The visitor saw the affiliate's content without clicking (an impression). */
  VIEW
}
