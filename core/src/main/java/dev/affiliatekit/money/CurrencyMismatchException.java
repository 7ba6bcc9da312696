package dev.affiliatekit.money;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * Thrown when an operation combines amounts of two different currency units, such as adding
 * {@code USD 1.00} to {@code EUR 1.00}. The message names both units, such as {@code currencies
 * differ: USD and EUR}, or the amount in the other unit where the check knows it.
 */
public final class CurrencyMismatchException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** The unit of the receiver or of the first amount. */
  @SuppressWarnings("serial") // value types are not Serializable; the message carries both codes
  private final CurrencyUnit first;

  /** The other unit. */
  @SuppressWarnings("serial")
  private final CurrencyUnit second;

  /**
   * Creates an exception for an operation that combined the two units.
   *
   * @param first the unit of the receiver or of the first amount
   * @param second the other unit
   */
  public CurrencyMismatchException(CurrencyUnit first, CurrencyUnit second) {
    super(message(checkNotNull(first, "first"), checkNotNull(second, "second")));
    this.first = first;
    this.second = second;
  }

  /**
   * Creates an exception for a check that can say which amount is in the other unit, with a
   * message of its own, such as {@code conversion discount must be in USD, the total's currency:
   * EUR 1.00}. When the two units share a code, as an ISO currency and a custom unit that
   * overrides its scale do, the message ends with their scales: {@code (scale 3, not 2)}.
   *
   * @param first the unit expected
   * @param second the other unit
   * @param message the message, naming the amount and its value
   */
  public CurrencyMismatchException(CurrencyUnit first, CurrencyUnit second, String message) {
    super(withScales(checkNotNull(first, "first"), checkNotNull(second, "second"),
        checkNotNull(message, "message")));
    this.first = first;
    this.second = second;
  }

  /** Adds the scales to a message about two units of one code, which print alike. */
  private static String withScales(CurrencyUnit first, CurrencyUnit second, String message) {
    return first.code().equals(second.code())
        ? message + " (scale " + second.scale() + ", not " + first.scale() + ")"
        : message;
  }

  private static String message(CurrencyUnit first, CurrencyUnit second) {
    if (first.code().equals(second.code())) {
      return "currencies differ: " + first + " with scale " + first.scale() + " and " + second
          + " with scale " + second.scale();
    }
    return "currencies differ: " + first + " and " + second;
  }

  /** {@return the unit of the receiver or of the first amount} */
  public CurrencyUnit first() {
    return first;
  }

  /** {@return the other unit} */
  public CurrencyUnit second() {
    return second;
  }
}
