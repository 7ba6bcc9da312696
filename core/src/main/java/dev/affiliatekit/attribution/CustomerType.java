package dev.affiliatekit.attribution;

/** Whether a conversion's customer bought before, as the shop knows it. */
public enum CustomerType {
  /** The customer's first purchase. */
  NEW,
  /** The customer bought before. */
  RETURNING,
  /** The shop does not say. */
  UNKNOWN
}
