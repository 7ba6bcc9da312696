package dev.affiliatekit.link;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * Thrown when text is not a link code, such as {@code link code has invalid character 'U' at 3:
 * 'K7QU9'} or {@code link code has a wrong check symbol 'W': 'K7QX2M9D4PW'}. Besides the message,
 * it tells a caller what is wrong ({@link #reason()}) and where ({@link #index()}), so that a form
 * can point at the mistyped symbol.
 */
public final class InvalidLinkCodeException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  /** What is wrong with the text. */
  public enum Reason {
    /** The text has no symbols, only separators or nothing at all. */
    EMPTY,
    /** The text has too few symbols for its kind of code. */
    TOO_SHORT,
    /** The text has more than {@value LinkCode#MAX_LENGTH} symbols. */
    TOO_LONG,
    /** A character is not a symbol of the code, or not allowed at its position. */
    INVALID_CHARACTER,
    /** The last symbol is not the check symbol of the others: most likely a typo. */
    WRONG_CHECK_SYMBOL
  }

  /** What is wrong with the text. */
  @SuppressWarnings("serial") // enums serialize by name
  private final Reason reason;

  /** The index of the offending character, or -1. */
  private final int index;

  InvalidLinkCodeException(Reason reason, int index, String message) {
    super(message);
    this.reason = checkNotNull(reason, "reason");
    this.index = index;
  }

  /** {@return what is wrong with the text} */
  public Reason reason() {
    return reason;
  }

  /**
   * {@return the index in the text of the offending character, for {@link
   * Reason#INVALID_CHARACTER} and {@link Reason#WRONG_CHECK_SYMBOL}; otherwise -1}
   */
  public int index() {
    return index;
  }
}
