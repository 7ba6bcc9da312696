package dev.affiliatekit.internal;

import com.google.errorprone.annotations.CanIgnoreReturnValue;

/** Text helpers for exception messages: quoting and escaping untrusted input. Not API. */
public final class Texts {

  /** The longest part of an input that a message repeats; the rest becomes {@code ...}. */
  public static final int MAX_QUOTED_LENGTH = 64;

  private Texts() {}

  /**
   * Returns the text in single quotes, with control and non-ASCII characters escaped as {@code
   * \\uXXXX} and anything beyond {@value #MAX_QUOTED_LENGTH} characters cut to {@code ...}, so that
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
   * Returns the character as itself if it is printable ASCII, else as a {@code \\uXXXX} escape.
   *
   * @param c the character
   * @return the printable form
   */
  public static String printable(char c) {
    return appendPrintable(new StringBuilder(6), c).toString();
  }

  @CanIgnoreReturnValue
  private static StringBuilder appendPrintable(StringBuilder out, char c) {
    if (c >= 0x20 && c < 0x7f) {
      return out.append(c);
    }
    return out.append(String.format("\\u%04x", (int) c));
  }
}
