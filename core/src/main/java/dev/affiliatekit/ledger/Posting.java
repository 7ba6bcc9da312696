package dev.affiliatekit.ledger;

/**
 * A request to the ledger, as recorded in the journal with its {@link Transaction}.
 *
 * <p>Each kind of posting is a record: {@link Accrual}, {@link Release}, {@link Reversal}, {@link
 * Reinstatement}, {@link Voiding}, {@link Adjustment}, {@link PayoutPreparation}, {@link
 * PayoutSettlement} and {@link PayoutFailure}. Two postings are the same content when they are
 * equal; the ledger compares them to tell an idempotent replay from a conflict.
 */
public sealed interface Posting permits Accrual, Release, Reversal, Reinstatement, Voiding,
    Adjustment, PayoutPreparation, PayoutSettlement, PayoutFailure {

  /**
   * {@return a one-line description for statements and messages, such as {@code accrual of USD 5.00
   * for 'jane'}}
   */
  String description();
}
