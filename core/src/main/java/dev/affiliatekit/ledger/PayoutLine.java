package dev.affiliatekit.ledger;

import static com.google.common.base.Preconditions.checkArgument;

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
   * @throws IllegalArgumentException if the amount is not positive, or an id is not valid
   */
  public PayoutLine {
    Checks.id(id, "id");
    Checks.id(affiliateId, "affiliateId");
    Checks.positive(amount, "payout amount");
  }

  static String id(long batchSequence, int lineNumber) {
    checkArgument(batchSequence >= 1 && lineNumber >= 1, "bug: line %s-%s", batchSequence,
        lineNumber);
    return batchSequence + "-" + lineNumber;
  }
}
