package dev.affiliatekit.commission;

import dev.affiliatekit.money.CurrencyUnit;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Iterator;

/** Locale-independent formatting of the numbers and sets in explanations. */
final class Formats {

  private Formats() {}

  /**
   * {@return the number with a comma every three digits, such as {@code 12,400} or {@code -1,000}}
   */
  static String grouped(long number) {
    String digits = Long.toString(number);
    int start = number < 0 ? 1 : 0;
    int length = digits.length() - start;
    if (length <= 3) {
      return digits;
    }
    StringBuilder text = new StringBuilder(digits.length() + length / 3);
    text.append(digits, 0, start);
    int head = length % 3 == 0 ? 3 : length % 3;
    text.append(digits, start, start + head);
    for (int i = start + head; i < digits.length(); i += 3) {
      text.append(',').append(digits, i, i + 3);
    }
    return text.toString();
  }

  /**
   * Returns an exact amount in the currency's text format: at least the currency's scale, and
   * more digits only where the exact value has them, such as {@code USD 6.00} or {@code USD
   * 6.0045}.
   */
  static String money(BigDecimal amount, CurrencyUnit currency) {
    BigDecimal shown = amount.stripTrailingZeros();
    if (shown.scale() < currency.scale()) {
      shown = shown.setScale(currency.scale());
    }
    return currency.code() + " " + shown.toPlainString();
  }

  /**
   * {@return the values in braces, at most {@code most} of them and a count of the others, such
   * as {@code {CA, US}} or, of 12 values with a most of 10, {@code {a, b, c, d, e, f, g, h, i, j
   * and 2 more}}}
   */
  static String set(Collection<String> values, int most) {
    if (values.size() <= most) {
      return set(values);
    }
    StringBuilder text = new StringBuilder("{");
    Iterator<String> iterator = values.iterator();
    for (int shown = 0; shown < most; shown++) {
      text.append(shown == 0 ? "" : ", ").append(iterator.next());
    }
    return text.append(" and ").append(values.size() - most).append(" more}").toString();
  }

  /** {@return the values in braces, such as {@code {CA, US}}} */
  static String set(Collection<String> values) {
    StringBuilder text = new StringBuilder("{");
    Iterator<String> iterator = values.iterator();
    while (iterator.hasNext()) {
      text.append(iterator.next());
      if (iterator.hasNext()) {
        text.append(", ");
      }
    }
    return text.append('}').toString();
  }

  /**
   * {@return the ordinal of a positive number, such as {@code 1st}, {@code 12th} or {@code 100th}}
   */
  static String ordinal(long number) {
    long lastTwo = number % 100;
    String suffix;
    if (lastTwo >= 11 && lastTwo <= 13) {
      suffix = "th";
    } else {
      suffix = switch ((int) (number % 10)) {
        case 1 -> "st";
        case 2 -> "nd";
        case 3 -> "rd";
        default -> "th";
      };
    }
    return grouped(number) + suffix;
  }
}
