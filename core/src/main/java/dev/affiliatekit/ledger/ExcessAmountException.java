package dev.affiliatekit.ledger;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.affiliatekit.internal.Texts;
import dev.affiliatekit.money.Money;

/**
 * Thrown when a reversal asks for more than its item still stands at, such as {@code reversal
 * exceeds the outstanding amount of item 'order-1/jane': USD 7.00 > USD 5.00}.
 */
public final class ExcessAmountException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** The key of the item. */
  private final String reference;
  /** The amount asked for. */
  @SuppressWarnings("serial") // value types are not Serializable; the message carries the amounts
  private final Money requested;
  /** The amount the item still stands at. */
  @SuppressWarnings("serial")
  private final Money available;

  /**
   * Creates an exception for the given item and amounts.
   *
   * @param reference the key of the item
   * @param requested the amount asked for
   * @param available the amount the item still stands at
   */
  public ExcessAmountException(String reference, Money requested, Money available) {
    super("reversal exceeds the outstanding amount of item "
        + Texts.quote(checkNotNull(reference, "reference")) + ": "
        + checkNotNull(requested, "requested") + " > " + checkNotNull(available, "available"));
    this.reference = reference;
    this.requested = requested;
    this.available = available;
  }

  /** {@return the key of the item} */
  public String reference() {
    return reference;
  }

  /** {@return the amount asked for} */
  public Money requested() {
    return requested;
  }

  /** {@return the amount the item still stands at} */
  public Money available() {
    return available;
  }
}
