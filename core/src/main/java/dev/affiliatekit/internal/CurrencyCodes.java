package dev.affiliatekit.internal;

/**
 * The form of the code of a currency unit, which the units check and which the conditions that
 * name a sale's currency check too, so that the two cannot drift apart. Not API.
 */
public final class CurrencyCodes {

  /** The longest code, in characters. */
  public static final int MAX_LENGTH = 16;

  /** The form of a code as messages describe it, such as after {@code must be}. */
  public static final String FORM =
      "1 to " + MAX_LENGTH + " characters of A-Z, 0-9 or _, starting with a letter";

  private CurrencyCodes() {}

  /**
   * Returns whether the text has the form of a currency code: 1 to {@value #MAX_LENGTH}
   * characters of {@code A-Z}, {@code 0-9} or {@code _}, starting with a letter, such as {@code
   * USD} or {@code STORE_CREDIT}. Whether a table has a unit of that code is another question.
   *
   * @param code the text
   * @return whether it is of that form
   */
  public static boolean isValid(CharSequence code) {
    int length = code.length();
    if (length == 0 || length > MAX_LENGTH) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      char c = code.charAt(i);
      boolean letter = c >= 'A' && c <= 'Z';
      boolean other = (c >= '0' && c <= '9') || c == '_';
      if (!letter && (i == 0 || !other)) {
        return false;
      }
    }
    return true;
  }
}
