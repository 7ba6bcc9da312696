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
   * @throws IllegalArgumentException if the value is blank, too long, or has a control
   *     character, a line separator or an unpaired surrogate
   */
  @CanIgnoreReturnValue
  public static String checkId(String value, String field) {
    return Texts.checkText(value, field, MAX_LENGTH);
  }

  /**
   * Returns a valid identifier in single quotes, whole, as descriptions and statements show it:
   * it has no control character or unpaired surrogate, so it prints as it is, but for a quote or
   * backslash, escaped with a backslash as {@link Texts#quote} escapes them, so that an id cannot
   * end its quotes early and read as more of the text; {@link Texts#quote} also cuts and escapes
   * other characters for a short exception message.
   *
   * <p>For example, {@code quote("Bestellung-Köln-1")} is {@code 'Bestellung-Köln-1'}, and
   * {@code quote("O'Brien")} is {@code 'O\'Brien'}.
   *
   * @param id an identifier that {@link #checkId} accepts
   * @return the quoted identifier
   */
  public static String quote(String id) {
    checkNotNull(id, "id");
    if (id.indexOf('\'') < 0 && id.indexOf('\\') < 0) {
      return "'" + id + "'";
    }
    StringBuilder quoted = new StringBuilder(id.length() + 8).append('\'');
    for (int i = 0; i < id.length(); i++) {
      char c = id.charAt(i);
      if (c == '\'' || c == '\\') {
        quoted.append('\\');
      }
      quoted.append(c);
    }
    return quoted.append('\'').toString();
  }

  /**
   * Returns whether {@code value} is a usable identifier, as {@link #checkId} checks, without
   * making a message.
   *
   * @param value the identifier
   * @return whether it is not blank, at most {@value #MAX_LENGTH} characters and one line of text
   */
  public static boolean isValid(String value) {
    return !value.isBlank() && value.length() <= MAX_LENGTH && Texts.isLine(value);
  }
}
