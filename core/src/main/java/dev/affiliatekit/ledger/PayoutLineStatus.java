package dev.affiliatekit.ledger;

/** Where a {@link PayoutLine} stands; a line leaves clearing at most once. */
public enum PayoutLineStatus {
  /** Prepared and not yet confirmed: the amount is in payout clearing. */
  IN_CLEARING,
  /** Paid: the amount moved to the affiliate's paid account. */
  SETTLED,
  /** Not paid: the amount moved back to payable, for the next run. */
  FAILED
}
