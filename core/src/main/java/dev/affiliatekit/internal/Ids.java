package dev.affiliatekit.internal;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

/**
 * Validation of the identifiers a host passes in: affiliate, order, visitor and customer ids.
 * Not API.
 */
public final class Ids {

  /** The longest identifier accepted, in characters. */
  public static final int MAX_LENGTH = 256;

  private Ids() {}

  /**
   * Checks that {@code value} is a usable identifier: not blank, at most {@value #MAX_LENGTH}
   * characters, and free of control characters.
   *
   * <p>For example, {@code checkId("", "orderId")} throws {@code IllegalArgumentException} with
   * the message {@code orderId must not be blank: ''}.
   *
   * @param value the identifier
   * @param field the name of the field or parameter, for the message
   * @return the identifier, unchanged
   * @throws NullPointerException if the value is null
   * @throws IllegalArgumentException if the value is blank, too long, or has a control character
   */
  public static String checkId(String value, String field) {
    checkNotNull(field, "field");
    checkNotNull(value, field);
    checkArgument(!value.isBlank(), "%s must not be blank: %s", field, Texts.quote(value));
    checkArgument(value.length() <= MAX_LENGTH, "%s must be at most %s characters: %s", field,
        MAX_LENGTH, Texts.quote(value));
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      checkArgument(!Character.isISOControl(c),
          "%s must not contain control character %s at index %s: %s", field, Texts.printable(c), i,
          Texts.quote(value));
    }
    return value;
  }
}
