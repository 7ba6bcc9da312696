package dev.affiliatekit.ledger;

/**
 * What an {@link Account} holds: one of the four stages of an affiliate's money, or the
 * business's commission expense.
 *
 * <p>An affiliate's earned commission moves {@link #PENDING} → {@link #PAYABLE} → {@link
 * #PAYOUT_CLEARING} → {@link #PAID}; the sum of the four is what the affiliate has earned, net of
 * reversals. {@link #COMMISSION_EXPENSE} is the business side: it carries the opposite of every
 * amount accrued, reversed or adjusted, so that all accounts of a currency add up to zero.
 */
public enum AccountKind {
  /** Earned but held until the refund window closes; it may still be reversed or voided. */
  PENDING,
  /** Due to the affiliate and paid by the next payout run; a clawback can make it negative. */
  PAYABLE,
  /** In a payout batch that is neither settled nor failed yet. */
  PAYOUT_CLEARING,
  /** Paid out, in total since the first payout. */
  PAID,
  /** The business's expense for commissions: the opposite of all the affiliate accounts. */
  COMMISSION_EXPENSE;

  /** {@return whether accounts of this kind belong to the business rather than an affiliate} */
  public boolean isBusiness() {
    return this == COMMISSION_EXPENSE;
  }
}
