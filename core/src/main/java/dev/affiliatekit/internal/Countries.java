package dev.affiliatekit.internal;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The country codes that conditions may name and that affiliate profiles and conversions may
 * carry, kept in one place so that the two cannot drift apart: a profile or a sale whose country
 * no condition could name would never match a rule on it. Not API.
 *
 * <p>The codes are those ISO 3166-1 alpha-2 assigns, as the running JDK's {@link
 * Locale#getISOCountries(Locale.IsoCountryCode)} lists them, and those it leaves to users ({@code
 * AA}, {@code QM} to {@code QZ}, {@code XA} to {@code XZ} and {@code ZZ}), such as {@code XK},
 * often used for Kosovo. A JDK released before a code was assigned does not list it.
 */
public final class Countries {

  /** A code as messages describe it, such as after {@code must be}. */
  public static final String FORM = "an ISO 3166-1 alpha-2 code in upper case, such as US";

  private static final Set<String> CODES = codes();

  private Countries() {}

  private static Set<String> codes() {
    Set<String> codes = new HashSet<>(
        Locale.getISOCountries(Locale.IsoCountryCode.PART1_ALPHA2));
    codes.add("AA");
    codes.add("ZZ");
    for (char c = 'M'; c <= 'Z'; c++) {
      codes.add("Q" + c);
    }
    for (char c = 'A'; c <= 'Z'; c++) {
      codes.add("X" + c);
    }
    return Set.copyOf(codes);
  }

  /**
   * Returns whether the text is one of the codes.
   *
   * @param code the text, such as {@code GB}
   * @return whether it is a code: true for {@code GB} and {@code XK}, false for {@code UK}, {@code
   *     gb} and {@code GBR}
   */
  public static boolean isCode(String code) {
    return CODES.contains(code);
  }

  /**
   * Returns whether the text begins one of the codes.
   *
   * @param prefix the text, such as {@code G}
   * @return whether a code starts with it; true for the empty text
   */
  public static boolean beginsCode(String prefix) {
    return CODES.stream().anyMatch(code -> code.startsWith(prefix));
  }

  /**
   * Returns what a message adds after {@link #FORM} for a text that is not a code: the United
   * Kingdom's code for {@code UK}, which people often write for it, and nothing otherwise.
   *
   * @param text the text refused
   * @return {@code " (the United Kingdom's is GB)"} for {@code UK}, else the empty text
   */
  public static String hint(String text) {
    return text.equals("UK") ? " (the United Kingdom's is GB)" : "";
  }

  /**
   * Checks that the text is one of the codes.
   *
   * @param code the text
   * @param field the name of the field or parameter, for the message, such as {@code affiliate
   *     country}
   * @return the code, unchanged
   * @throws IllegalArgumentException if the text is not a code, with a message such as {@code
   *     affiliate country must be an ISO 3166-1 alpha-2 code in upper case, such as US (the United
   *     Kingdom's is GB): 'UK'}
   */
  @CanIgnoreReturnValue
  public static String check(String code, String field) {
    if (!CODES.contains(code)) {
      throw new IllegalArgumentException(
          field + " must be " + FORM + hint(code) + ": " + Texts.quote(code));
    }
    return code;
  }
}
