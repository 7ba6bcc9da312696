package dev.affiliatekit.attribution;

/** Whether an affiliate may earn credit. */
public enum AffiliateStatus {
  /** The affiliate is in good standing and earns credit. */
  ACTIVE,
  /**
   * The affiliate paused or left the program; touches still appear in explanations but earn
   * nothing.
   */
  INACTIVE,
  /**
   * The program removed the affiliate, for example for fraud; the affiliate earns nothing on the
   * conversions recorded from then on. What it earned before stays in the ledger until the host
   * takes it back (see {@code AffiliateProgram.changeStatus}).
   */
  BANNED
}
