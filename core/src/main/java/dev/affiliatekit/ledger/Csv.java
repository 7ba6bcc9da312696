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
   * Returns a recipient as one cell, as {@link #cell} does, except that a phone number in E.164
   * form ({@code +} and up to 15 digits) keeps its {@code +}: a spreadsheet reads it as a number,
   * not a formula, and PayPal needs the {@code +}.
   */
  static String recipientCell(String recipient) {
    int length = recipient.length();
    boolean phone = length >= 2 && length <= 16 && recipient.charAt(0) == '+';
    for (int i = 1; i < length && phone; i++) {
      phone = recipient.charAt(i) >= '0' && recipient.charAt(i) <= '9';
    }
    return phone ? recipient : cell(recipient);
  }

  /**
   * Returns the text as one cell: prefixed with an apostrophe if a spreadsheet would read it as a
   * formula, and quoted, with quotes doubled, if it holds a comma, a semicolon, a quote or a line
   * break. A byte-order mark (U+FEFF) counts as the start of a formula, since a spreadsheet drops
   * one at the start of a file and reads what follows; a semicolon is quoted, since many
   * spreadsheets split a file on semicolons where a comma is the decimal separator.
   */
  static String cell(String text) {
    String safe = text;
    if (!safe.isEmpty() && "=+-@\t\r\uFEFF".indexOf(safe.charAt(0)) >= 0) {
      safe = "'" + safe;
    }
    boolean quote = false;
    for (int i = 0; i < safe.length() && !quote; i++) {
      char c = safe.charAt(i);
      quote = c == ',' || c == ';' || c == '"' || c == '\n' || c == '\r';
    }
    return quote ? '"' + safe.replace("\"", "\"\"") + '"' : safe;
  }
}
