package dev.affiliatekit.ledger;

import dev.affiliatekit.internal.Texts;

/** CSV cells as RFC 4180 writes them, guarded against spreadsheet formula injection. */
final class Csv {

  private Csv() {}

  /** Returns the text with every control character and line separator replaced by a space. */
  static String flatten(String text) {
    StringBuilder flat = null;
    for (int i = 0; i < text.length(); i++) {
      if (Texts.breaksLine(text.charAt(i))) {
        if (flat == null) {
          flat = new StringBuilder(text);
        }
        flat.setCharAt(i, ' ');
      }
    }
    return flat == null ? text : flat.toString();
  }

  /**
   * Tells whether a recipient starts as a formula would, so that it could be written only with the
   * apostrophe of {@link #cell}, which would make it another recipient; except a phone number in
   * E.164 form ({@code +} and up to 15 digits), which a spreadsheet reads as a number and PayPal
   * needs with its {@code +}. Control characters, which a valid id lacks, are not looked for.
   */
  static boolean isFormulaRecipient(String recipient) {
    return startsFormula(recipient) && !isPhone(recipient);
  }

  /**
   * Returns a recipient as one cell, as it is: quoted, with quotes doubled, if it holds a comma, a
   * semicolon or a quote, so that the file reads back to the same recipient, and never prefixed;
   * one that {@linkplain #isFormulaRecipient starts as a formula} is the caller's to refuse.
   */
  static String recipientCell(String recipient) {
    return quoted(recipient);
  }

  /** Tells whether a text is a phone number in E.164 form: {@code +} and 1 to 15 digits. */
  private static boolean isPhone(String text) {
    int length = text.length();
    boolean phone = length >= 2 && length <= 16 && text.charAt(0) == '+';
    for (int i = 1; i < length && phone; i++) {
      phone = text.charAt(i) >= '0' && text.charAt(i) <= '9';
    }
    return phone;
  }

  /**
   * Tells whether a spreadsheet would read the text as a formula: it starts with {@code =}, {@code
   * +}, {@code -}, {@code @}, a tab, a carriage return or a byte-order mark (U+FEFF), which a
   * spreadsheet drops at the start of a file before it reads what follows.
   */
  private static boolean startsFormula(String text) {
    return !text.isEmpty() && "=+-@\t\r\uFEFF".indexOf(text.charAt(0)) >= 0;
  }

  /**
   * Returns the text as one cell: prefixed with an apostrophe if a spreadsheet would read it as a
   * formula, and quoted, with quotes doubled, if it holds a comma, a semicolon, a quote or a line
   * break. A byte-order mark (U+FEFF) counts as the start of a formula, since a spreadsheet drops
   * one at the start of a file and reads what follows; a semicolon is quoted, since many
   * spreadsheets split a file on semicolons where a comma is the decimal separator.
   */
  static String cell(String text) {
    return quoted(startsFormula(text) ? "'" + text : text);
  }

  /**
   * Returns the text quoted as RFC 4180 says, with quotes doubled, if it holds a comma, a
   * semicolon, a quote or a line break; else as it is.
   */
  private static String quoted(String text) {
    boolean quote = false;
    for (int i = 0; i < text.length() && !quote; i++) {
      char c = text.charAt(i);
      quote = c == ',' || c == ';' || c == '"' || c == '\n' || c == '\r';
    }
    return quote ? '"' + text.replace("\"", "\"\"") + '"' : text;
  }
}
