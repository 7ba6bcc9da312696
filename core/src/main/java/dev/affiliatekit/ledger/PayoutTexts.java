package dev.affiliatekit.ledger;

import dev.affiliatekit.internal.Ids;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;

/** How payout postings name their lines: in a text that stays short however many there are. */
final class PayoutTexts {

  /**
   * How many line ids a description of a settlement or failure shows; it counts the others, as an
   * explanation counts the values of a large set, so that a batch of any size has a short one.
   */
  static final int LINES_SHOWN = 3;

  private PayoutTexts() {}

  /**
   * Returns the lines a settlement or failure names: {@code all open lines} for none, the ids in
   * brackets for at most {@value #LINES_SHOWN} ({@code lines [2-1, 2-2]}), else their count and the
   * first {@value #LINES_SHOWN} ids, such as {@code 39,999 lines [40002-1, 40002-10, 40002-100 and
   * 39,996 more]}.
   *
   * @param lineIds the line ids, in the order to show them
   */
  static String lines(Set<String> lineIds) {
    if (lineIds.isEmpty()) {
      return "all open lines";
    }
    int count = lineIds.size();
    StringBuilder text = new StringBuilder(count <= LINES_SHOWN ? "lines [" : grouped(count)
        + " lines [");
    Iterator<String> ids = lineIds.iterator();
    for (int shown = 0; shown < Math.min(count, LINES_SHOWN); shown++) {
      text.append(shown == 0 ? "" : ", ").append(ids.next());
    }
    if (count > LINES_SHOWN) {
      text.append(" and ").append(grouped(count - LINES_SHOWN)).append(" more");
    }
    return text.append(']').toString();
  }

  /** {@return one line of a batch, as a statement names it, such as {@code line '7-1'}} */
  static String line(String lineId) {
    return "line " + Ids.quote(lineId);
  }

  /** {@return the number with a comma every three digits, such as {@code 39,999}} */
  private static String grouped(int number) {
    return String.format(Locale.ROOT, "%,d", number);
  }
}
