package dev.affiliatekit.ledger;

import dev.affiliatekit.internal.Ids;

/**
 * The voiding of a pending item, for fraud or a cancelled order: what is still pending goes back
 * to the business, and the item is resolved.
 *
 * <p>Only a pending item can be voided; after release, use a {@link Reversal}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param itemKey the key of the accrual to void
 * @param reason why, one line of text
 */
public record Voiding(String itemKey, String reason) implements Posting {

  /**
   * Creates a voiding.
   *
   * @param itemKey the key of the accrual to void
   * @param reason why, one line of text
   * @throws IllegalArgumentException if the key or the reason is not valid
   */
  public Voiding {
    Checks.id(itemKey, "itemKey");
    Checks.text(reason, "reason");
  }

  @Override
  public String description() {
    return "void of item " + Ids.quote(itemKey) + ": " + reason;
  }
}
