package dev.affiliatekit.attribution;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.affiliatekit.internal.Ids;

/**
 * Identifier validation with a fast path: a valid id is accepted after one pass over its
 * characters, with no allocation; an invalid one goes to {@link Ids#checkId(String, String)} for
 * the library's standard message. {@code Ids.checkId} builds its messages before it knows that
 * they are needed, which costs more than the rest of an attribution.
 */
final class FastIds {

  private FastIds() {}

  /**
   * Returns the id if it is valid in the sense of {@link Ids#checkId(String, String)}.
   *
   * @throws NullPointerException if the id is null
   * @throws IllegalArgumentException with the message of {@code Ids.checkId} if it is invalid
   */
  @CanIgnoreReturnValue
  static String checkId(String value, String field) {
    return isValid(value) ? value : Ids.checkId(value, field);
  }

  private static boolean isValid(String value) {
    if (value == null || value.isEmpty() || value.length() > Ids.MAX_LENGTH) {
      return false;
    }
    boolean blank = true;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c)) {
        return false;
      }
      // White space is all in the Basic Multilingual Plane, so a char-wise test agrees with
      // String.isBlank, which tests code points.
      blank &= Character.isWhitespace(c);
    }
    return !blank;
  }
}
