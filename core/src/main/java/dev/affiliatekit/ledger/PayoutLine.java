package dev.affiliatekit.ledger;

import static com.google.common.base.Preconditions.checkArgument;

import dev.affiliatekit.internal.Texts;
import dev.affiliatekit.money.Money;

/**
 * One payment of a {@link PayoutBatch}: the whole payable balance of one affiliate in one
 * currency.
 *
 * <p>The id is the batch's journal sequence and the line's number, such as {@code 42-7}: unique in
 * the ledger, at most 30 characters and free of spaces, so that it can serve as the unique id of a
 * PayPal mass payment and come back in PayPal's report.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param id the line id
 * @param affiliateId the affiliate paid
 * @param amount the amount paid, positive
 */
public record PayoutLine(String id, String affiliateId, Money amount) {

  /**
   * Creates a line.
   *
   * @param id the line id
   * @param affiliateId the affiliate paid
   * @param amount the amount paid, positive
   * @throws IllegalArgumentException if the amount is not positive, the id is not a batch's
   *     sequence and a line number, such as {@code 42-7}, or the affiliate id is not valid
   */
  public PayoutLine {
    Checks.id(id, "id");
    Checks.id(affiliateId, "affiliateId");
    Checks.positive(amount, "payout amount");
    if (!isLineId(id)) {
      // Built only when thrown: a payout run makes a line per affiliate paid.
      throw new IllegalArgumentException("payout line id must be a batch's sequence and a line"
          + " number, such as 42-7: " + Texts.quote(id));
    }
  }

  /** {@return whether the text is a positive long, a hyphen and a positive int, in digits} */
  private static boolean isLineId(String id) {
    int hyphen = id.indexOf('-');
    return hyphen > 0 && isPositive(id.substring(0, hyphen), Long.MAX_VALUE)
        && isPositive(id.substring(hyphen + 1), Integer.MAX_VALUE);
  }

  /** {@return whether the text is the digits of a number from 1 to max, with no leading 0} */
  private static boolean isPositive(String digits, long max) {
    if (digits.isEmpty() || digits.length() > 19 || digits.charAt(0) == '0'
        || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return false;
    }
    try {
      return Long.parseLong(digits) <= max;
    } catch (NumberFormatException beyondALong) {
      return false;
    }
  }

  static String id(long batchSequence, int lineNumber) {
    checkArgument(batchSequence >= 1 && lineNumber >= 1, "bug: line %s-%s", batchSequence,
        lineNumber);
    return batchSequence + "-" + lineNumber;
  }
}
