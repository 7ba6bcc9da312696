package dev.affiliatekit.internal;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Text helpers for exception messages: quoting and escaping untrusted input. Not API. */
public final class Texts {

  /** The longest part of an input that a message repeats; the rest becomes {@code ...}. */
  public static final int MAX_QUOTED_LENGTH = 64;

  private static final MathContext LEADING_DIGITS = new MathContext(20, RoundingMode.DOWN);

  private Texts() {}

  /**
   * Returns the text in single quotes, with control and non-ASCII characters escaped as {@code
   * \\uXXXX}, a quote or backslash escaped with a backslash ({@code 'O\'Brien'}), and anything
   * beyond {@value #MAX_QUOTED_LENGTH} characters cut to {@code ...}, so that
   * any input, however long or strange, makes a short, readable message.
   *
   * @param text the text to quote
   * @return the quoted text, such as {@code 'USD 1,00'}
   */
  public static String quote(CharSequence text) {
    int shown = Math.min(text.length(), MAX_QUOTED_LENGTH);
    StringBuilder quoted = new StringBuilder(shown + 5);
    quoted.append('\'');
    for (int i = 0; i < shown; i++) {
      appendPrintable(quoted, text.charAt(i));
    }
    if (text.length() > MAX_QUOTED_LENGTH) {
      quoted.append("...");
    }
    return quoted.append('\'').toString();
  }

  /**
   * Returns a decimal as a message shows it: in plain digits when that is short ({@code 12.345}),
   * else in scientific notation ({@code 1E+10000000}), and of a number with more than {@value
   * #MAX_QUOTED_LENGTH} digits only the first 20 and {@code ...} ({@code
   * 1.2345678901234567890...E+99}). So a number with a huge exponent or a huge count of digits
   * makes a short message, quickly, instead of one with millions of zeros.
   *
   * @param value the decimal
   * @return its text for a message
   */
  public static String number(BigDecimal value) {
    // Plain digits take about precision + |scale| characters: only short ones are shown so.
    if ((long) value.precision() + Math.abs((long) value.scale()) <= MAX_QUOTED_LENGTH) {
      return value.toPlainString();
    }
    if (value.precision() <= MAX_QUOTED_LENGTH) {
      return value.toString();
    }
    try {
      // The leading digits and the exponent: printing a million digits to show a few is waste.
      String leading = value.round(LEADING_DIGITS).toString();
      int exponent = leading.indexOf('E');
      return exponent < 0 ? leading + "..."
          : leading.substring(0, exponent) + "..." + leading.substring(exponent);
    } catch (ArithmeticException exponentOutOfRange) {
      return "a number of " + value.precision() + " digits";
    }
  }

  /**
   * Returns the character as itself if it is printable ASCII, else as a {@code \\uXXXX} escape.
   *
   * @param c the character
   * @return the printable form
   */
  public static String printable(char c) {
    return appendPrintable(new StringBuilder(6), c).toString();
  }

  /**
   * Returns the text with each character that is not printable ASCII as a {@code \\uXXXX} escape,
   * and nothing else changed: for a message that a parser wrote about input, which may hold
   * control characters that a terminal or log viewer would act on.
   *
   * @param text the text
   * @return the printable form, such as {@code Unrecognized token 't\\u001b'}
   */
  public static String printable(CharSequence text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      appendEscaped(out, text.charAt(i));
    }
    return out.toString();
  }


  @CanIgnoreReturnValue
  private static StringBuilder appendPrintable(StringBuilder out, char c) {
    if (c == '\'' || c == '\\') {
      // Escaped, so that a quoted text cannot end its quotes early and read as more of a message.
      return out.append('\\').append(c);
    }
    return appendEscaped(out, c);
  }

  /** Appends the character as itself if it is printable ASCII, else as a {@code \\uXXXX} escape. */
  @CanIgnoreReturnValue
  private static StringBuilder appendEscaped(StringBuilder out, char c) {
    if (c >= 0x20 && c < 0x7f) {
      return out.append(c);
    }
    return out.append(String.format("\\u%04x", (int) c));
  }

  /**
   * Returns whether a text is one line of text: no control character, no line or paragraph
   * separator ({@code U+2028}, {@code U+2029}, which logs and JavaScript take for line breaks) and
   * no unpaired surrogate. Half of a surrogate pair is no text: it has no UTF-8 form, so no file or
   * database could keep it. One pass over the characters, and a second only for a text with
   * surrogates.
   *
   * @param text the text
   * @return whether it has neither
   */
  public static boolean isLine(CharSequence text) {
    boolean surrogates = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (breaksLine(c)) {
        return false;
      }
      surrogates |= Character.isSurrogate(c);
    }
    return !surrogates || unpairedSurrogate(text) < 0;
  }

  /**
   * Checks that a text is one line of text, as {@link #isLine} says, naming the subject, the
   * character and its index, such as {@code reason must not contain control character \\u000a at
   * index 3: 'bad\\u000a'}.
   *
   * @param text the text
   * @param subject what the text is, for the message
   * @throws IllegalArgumentException if it has a control character, a line or paragraph separator
   *     or an unpaired surrogate
   */
  public static void checkLine(String text, String subject) {
    checkNotNull(subject, "subject");
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (breaksLine(c)) {
        throw new IllegalArgumentException(subject + " must not contain "
            + (Character.isISOControl(c) ? "control character " : "line separator ")
            + printable(c) + " at index " + i + ": " + quote(text));
      }
    }
    int surrogate = unpairedSurrogate(text);
    if (surrogate >= 0) {
      throw new IllegalArgumentException(subject + " must not contain unpaired surrogate "
          + printable(text.charAt(surrogate)) + " at index " + surrogate + ": " + quote(text));
    }
  }

  /**
   * Checks that a text is not blank, at most {@code maxLength} characters, and one line of text
   * ({@link #checkLine}), naming the field and quoting the value, such as {@code reason must not
   * be blank: ' '}.
   *
   * @param value the text
   * @param field the name of the field, for the message
   * @param maxLength the most characters it may have
   * @return the text, unchanged
   * @throws NullPointerException if the value is null
   * @throws IllegalArgumentException if the text is blank, too long, or has a control character
   *     or an unpaired surrogate
   */
  @CanIgnoreReturnValue
  public static String checkText(String value, String field, int maxLength) {
    checkNotNull(field, "field");
    checkNotNull(value, field);
    if (!value.isBlank() && value.length() <= maxLength && isLine(value)) {
      return value;
    }
    if (value.isBlank()) {
      throw new IllegalArgumentException(field + " must not be blank: " + quote(value));
    }
    if (value.length() > maxLength) {
      throw new IllegalArgumentException(
          field + " must be at most " + maxLength + " characters: " + quote(value));
    }
    checkLine(value, field);
    return value;
  }

  /**
   * Returns whether the character is a control character or a line or paragraph separator, which
   * one line of text must not hold. Printable ASCII, the usual case, takes two comparisons.
   *
   * @param c the character
   * @return whether it breaks a line
   */
  public static boolean breaksLine(char c) {
    return c < 0x20 || (c >= 0x7f && (c <= 0x9f || c == '\u2028' || c == '\u2029'));
  }

  /** {@return the index of the first unpaired surrogate of a text, or -1 if it has none} */
  private static int unpairedSurrogate(CharSequence text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isSurrogate(c)) {
        if (!Character.isHighSurrogate(c) || i + 1 == text.length()
            || !Character.isLowSurrogate(text.charAt(i + 1))) {
          return i;
        }
        i++;
      }
    }
    return -1;
  }

  /**
   * Returns how many characters of a text to keep to cut it to at most {@code length} without
   * splitting a surrogate pair: {@code length}, or one less when that would keep only the high
   * half of a pair.
   *
   * @param text the text, longer than {@code length}
   * @param length the most characters to keep, at least 1
   * @return the characters to keep
   */
  public static int cutBefore(CharSequence text, int length) {
    return Character.isHighSurrogate(text.charAt(length - 1)) ? length - 1 : length;
  }
}
