package dev.affiliatekit.attribution;

/** Why no affiliate earned credit for a conversion. */
public enum NoCreditReason {
  /**
   * The store holds no touchpoint of the conversion's visitor or customer, none having been
   * recorded or the store having evicted them, and no coupon or binding applies.
   */
  NO_TOUCHPOINTS,
  /**
   * The store holds touchpoints, but every one was excluded; the explanation says why for each.
   * A touch older than the window counts among them, as {@link ExclusionReason#OUTSIDE_WINDOW},
   * only until the store evicts it (see {@link NoCredit}).
   */
  NONE_ELIGIBLE
}
