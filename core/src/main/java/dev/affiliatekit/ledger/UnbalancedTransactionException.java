package dev.affiliatekit.ledger;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.affiliatekit.internal.Texts;
import dev.affiliatekit.money.Money;

/**
 * Thrown when the entries of a transaction do not add up to zero in one of its currencies, such as
 * {@code transaction 'k' does not balance in USD: off by USD 0.01}.
 */
public final class UnbalancedTransactionException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** The transaction's idempotency key. */
  private final String key;
  /** The sum of the entries in the currency that does not balance. */
  @SuppressWarnings("serial") // value types are not Serializable; the message carries the amount
  private final Money imbalance;

  /**
   * Creates an exception for the transaction with the given key.
   *
   * @param key the transaction's idempotency key
   * @param imbalance the sum of its entries in the currency that does not balance
   */
  public UnbalancedTransactionException(String key, Money imbalance) {
    super("transaction " + Texts.quote(checkNotNull(key, "key")) + " does not balance in "
        + checkNotNull(imbalance, "imbalance").currency() + ": off by " + imbalance);
    this.key = key;
    this.imbalance = imbalance;
  }

  /** {@return the transaction's idempotency key} */
  public String key() {
    return key;
  }

  /** {@return the sum of the entries in the currency that does not balance} */
  public Money imbalance() {
    return imbalance;
  }
}
