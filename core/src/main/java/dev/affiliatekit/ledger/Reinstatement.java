package dev.affiliatekit.ledger;

import dev.affiliatekit.internal.Ids;

/**
 * The reinstatement of a chargeback that the business won: the reversed amount is owed again.
 *
 * <p>The amount goes back where the item stands. While the item is held, it goes back to pending
 * and waits for the item's release like the rest of it: a won dispute settles the chargeback, not
 * the refund window or a review for fraud that the hold leaves time for. An item reversed in full
 * while held is pending again, and may be voided. Once a release made after the item's accrual
 * has passed its hold end, the amount is payable at once. A reversal is reinstated at most once.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param reversalKey the key of the chargeback reversal
 * @param reason why, one line of text
 */
public record Reinstatement(String reversalKey, String reason) implements Posting {

  /**
   * Creates a reinstatement.
   *
   * @param reversalKey the key of the chargeback reversal
   * @param reason why, one line of text
   * @throws IllegalArgumentException if the key or the reason is not valid
   */
  public Reinstatement {
    Checks.id(reversalKey, "reversalKey");
    Checks.text(reason, "reason");
  }

  @Override
  public String description() {
    return "reinstatement of chargeback " + Ids.quote(reversalKey) + ": " + reason;
  }
}
