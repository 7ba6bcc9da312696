package dev.affiliatekit.ledger;

import dev.affiliatekit.internal.Texts;

/**
 * The reinstatement of a chargeback that the business won: the reversed amount is owed again.
 *
 * <p>The amount becomes payable at once, whatever stage the item had reached: a won dispute
 * confirms the sale, so there is no refund window left to wait for. The pending item keeps its
 * own resolution; a reversal is reinstated at most once.
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
    return "reinstatement of chargeback " + Texts.quote(reversalKey) + ": " + reason;
  }
}
