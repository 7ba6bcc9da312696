package dev.affiliatekit.json;

import dev.affiliatekit.internal.Texts;
import dev.affiliatekit.money.CurrencyTable;
import dev.affiliatekit.money.Money;

/** Reads amounts of JSON documents in their text format. */
final class Amounts {

  private Amounts() {}

  /**
   * Reads an amount in its text format, with at most the decimals of its unit in the table: {@code
   * USD 5.000} is the amount of a unit of scale 3, which a table whose USD has scale 2 must not
   * read as {@code USD 5.00}, so that a document written with another table is refused rather than
   * read as other amounts. Fewer decimals, as in {@code USD 5}, are the amount they say.
   *
   * @throws IllegalArgumentException if the text is not an amount of the table, or has more
   *     decimals than its unit
   */
  static Money parse(String text, CurrencyTable currencies) {
    Money money = Money.parse(text, currencies);
    int scale = money.currency().scale();
    if (decimals(text) > scale) {
      throw new IllegalArgumentException("money must have at most the " + scale + " decimals of "
          + money.currency().code() + " in the currency table: " + Texts.quote(text));
    }
    return money;
  }

  /** {@return how many decimals an amount's text is written with} */
  static int decimals(String text) {
    int point = text.lastIndexOf('.');
    return point < 0 ? 0 : text.length() - point - 1;
  }
}
