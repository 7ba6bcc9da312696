package dev.affiliatekit.internal;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.errorprone.annotations.CanIgnoreReturnValue;

/**
 * Validation of the identifiers a host passes in: affiliate, order, visitor and customer ids.
 * It is on every hot path, so it builds a message only when it throws. Not API.
 */
public final class Ids {

  /** The longest identifier accepted, in characters. */
  public static final int MAX_LENGTH = 256;

  private Ids() {}

  /**
   * Checks that {@code value} is a usable identifier: not blank, at most {@value #MAX_LENGTH}
   * characters, free of control characters, and text (no half of a surrogate pair).
   *
   * <p>For example, {@code checkId("", "orderId")} throws {@code IllegalArgumentException} with
   * the message {@code orderId must not be blank: ''}.
   *
   * @param value the identifier
   * @param field the name of the field or parameter, for the message
   * @return the identifier, unchanged
   * @throws NullPointerException if the value is null
   * @throws IllegalArgumentException if the value is blank, too long, or has a control character
   *     or an unpaired surrogate
   */
  @CanIgnoreReturnValue
  public static String checkId(String value, String field) {
    checkNotNull(field, "field");
    checkNotNull(value, field);
    if (value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank: " + Texts.quote(value));
    }
    if (value.length() > MAX_LENGTH) {
      throw new IllegalArgumentException(
          field + " must be at most " + MAX_LENGTH + " characters: " + Texts.quote(value));
    }
    boolean surrogates = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c)) {
        throw new IllegalArgumentException(field + " must not contain control character "
            + Texts.printable(c) + " at index " + i + ": " + Texts.quote(value));
      }
      surrogates |= Character.isSurrogate(c);
    }
    // Pairs are checked only when there are surrogates at all: ids nearly never have any.
    int surrogate = surrogates ? Texts.unpairedSurrogate(value) : -1;
    if (surrogate >= 0) {
      throw new IllegalArgumentException(field + " must not contain unpaired surrogate "
          + Texts.printable(value.charAt(surrogate)) + " at index " + surrogate + ": "
          + Texts.quote(value));
    }
    return value;
  }
}
