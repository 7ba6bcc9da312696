package dev.affiliatekit.money;

import static dev.affiliatekit.internal.Texts.printable;
import static dev.affiliatekit.internal.Texts.quote;

import dev.affiliatekit.internal.CurrencyCodes;

/** The text format of {@link Money}: {@code CODE amount}, such as {@code USD -12.34}. */
final class MoneyParser {

  private MoneyParser() {}

  static String format(long minor, CurrencyUnit currency) {
    String code = currency.code();
    int scale = currency.scale();
    String digits = Long.toString(minor);
    int start = minor < 0 ? 1 : 0;
    int length = digits.length();
    StringBuilder text = new StringBuilder(code.length() + length + scale + 3);
    text.append(code).append(' ');
    if (minor < 0) {
      text.append('-');
    }
    if (scale == 0) {
      text.append(digits, start, length);
    } else if (length - start > scale) {
      text.append(digits, start, length - scale).append('.').append(digits, length - scale, length);
    } else {
      text.append("0.");
      for (int i = length - start; i < scale; i++) {
        text.append('0');
      }
      text.append(digits, start, length);
    }
    return text.toString();
  }

  static Money parse(CharSequence text, CurrencyTable currencies) {
    int length = text.length();
    int space = indexOf(text, ' ');
    if (space < 0) {
      throw new IllegalArgumentException(
          "money must be a currency code, a space and an amount, such as USD 12.34: "
              + quote(text));
    }
    CharSequence code = text.subSequence(0, space);
    CurrencyUnit currency = CurrencyCodes.isValid(code) ? currencies.lookup(code) : null;
    if (currency == null) {
      throw new IllegalArgumentException(
          "money has an unknown currency code " + quote(code) + ": " + quote(text));
    }
    int scale = currency.scale();
    int i = space + 1;
    boolean negative = i < length && text.charAt(i) == '-';
    if (negative) {
      i++;
    }
    // Accumulate the negated value, like Long.parseLong, so that Long.MIN_VALUE can be read.
    long negated = 0;
    int integerDigits = 0;
    int fractionDigits = 0;
    boolean fraction = false;
    try {
      for (; i < length; i++) {
        char c = text.charAt(i);
        if (c >= '0' && c <= '9') {
          if (!fraction) {
            integerDigits++;
            negated = Math.subtractExact(Math.multiplyExact(negated, 10), c - '0');
          } else if (fractionDigits < scale) {
            fractionDigits++;
            negated = Math.subtractExact(Math.multiplyExact(negated, 10), c - '0');
          } else if (c != '0') {
            throw separatorOr(text, space + 1, new IllegalArgumentException("money has more than "
                + scale + " decimal places for " + currency + ": " + quote(text)));
          }
        } else if (c == '.' && !fraction && integerDigits > 0 && i < length - 1) {
          fraction = true;
        } else {
          throw separatorOr(text, space + 1, new IllegalArgumentException("money has invalid"
              + " character '" + printable(c) + "' at index " + i + ": " + quote(text)));
        }
      }
      if (integerDigits == 0) {
        throw new IllegalArgumentException(
            "money must have digits after the currency code: " + quote(text));
      }
      for (; fractionDigits < scale; fractionDigits++) {
        negated = Math.multiplyExact(negated, 10);
      }
      return Money.ofMinor(negative ? negated : Math.negateExact(negated), currency);
    } catch (ArithmeticException e) {
      throw separatorOr(text, space + 1,
          new IllegalArgumentException("money amount is out of range: " + quote(text), e));
    }
  }

  /**
   * Returns the error of an amount that a locale's format wrote, naming its first comma, space or
   * apostrophe between two digits, or else the given error: {@code USD 1.234,50} would otherwise
   * read as too many decimal places, and {@code USD 1 234.50} as a stray character, where the
   * cause is a decimal comma or digit grouping. An amount with any other character that does not
   * belong, such as {@code USD 1e3 1}, or whose separators all stand apart from digits, such as a
   * trailing space, keeps its error.
   *
   * @param text the text being read
   * @param from the index of the amount
   * @param otherwise the error of the text if its amount is not one of digits and separators
   * @return the error to throw
   */
  private static IllegalArgumentException separatorOr(CharSequence text, int from,
      IllegalArgumentException otherwise) {
    int length = text.length();
    int found = -1;
    for (int i = from; i < length; i++) {
      char c = text.charAt(i);
      if (isSeparator(c)) {
        if (found < 0 && i > from && isDigit(text.charAt(i - 1)) && i + 1 < length
            && isDigit(text.charAt(i + 1))) {
          found = i;
        }
      } else if (!isDigit(c) && c != '.' && c != '-') {
        return otherwise;
      }
    }
    if (found < 0) {
      return otherwise;
    }
    char c = text.charAt(found);
    if (c == ',') {
      return new IllegalArgumentException("money must use '.' as the decimal separator and no"
          + " digit grouping, not ',' at index " + found + ": " + quote(text));
    }
    return new IllegalArgumentException("money must not group digits or have spaces in its"
        + " amount, not '" + printable(c) + "' at index " + found + ": " + quote(text));
  }

  /** {@return whether a character separates digits in some locale's format of numbers} */
  private static boolean isSeparator(char c) {
    return c == ',' || c == '\'' || c == '\u2019'
        || Character.getType(c) == Character.SPACE_SEPARATOR;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static int indexOf(CharSequence text, char wanted) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) == wanted) {
        return i;
      }
    }
    return -1;
  }
}
