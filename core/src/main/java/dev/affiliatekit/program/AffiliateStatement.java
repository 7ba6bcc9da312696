package dev.affiliatekit.program;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.affiliatekit.internal.Elements;
import dev.affiliatekit.ledger.AccountKind;
import dev.affiliatekit.ledger.Balances;
import dev.affiliatekit.money.CurrencyMismatchException;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import java.time.Instant;
import java.util.List;

/**
 * An affiliate's statement in one currency: what the affiliate earned, what was taken back, where
 * the rest stands (pending, payable, in a payout, paid), and every ledger entry with its
 * explanation.
 *
 * <p>The figures obey {@code accrued - reversed = earned = pending + payable + clearing + paid}.
 * {@code accrued} counts every commission, override and true-up accrued, and the manual
 * {@linkplain dev.affiliatekit.ledger.Adjustment adjustments} made to the affiliate's payable
 * balance (a bonus adds to it, a negative correction takes from it). {@code reversed} counts what
 * refunds and chargebacks took back, whether from pending or clawed back from payable, with their
 * rounding corrections, and what {@linkplain dev.affiliatekit.ledger.Ledger#voidItem voids}
 * took, less what {@linkplain dev.affiliatekit.ledger.Reinstatement reinstatements} of won
 * chargebacks gave back. Payouts move money between the balances and count in neither.
 *
 * <p>For example, a commission of {@code USD 10.00} voided for fraud and a launch bonus of {@code
 * USD 25.00} make {@code accrued} {@code USD 35.00}, {@code reversed} {@code USD 10.00} and {@code
 * earned} {@code USD 25.00}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param affiliateId the affiliate
 * @param currency the currency
 * @param accrued the commissions accrued in total, plus manual adjustments
 * @param reversed what refunds, chargebacks and voids took back in total, less what
 *     reinstatements gave back
 * @param balances the balances now
 * @param lines the entries on the affiliate's accounts, in journal order
 */
public record AffiliateStatement(String affiliateId, CurrencyUnit currency, Money accrued,
    Money reversed, Balances balances, List<Line> lines) {

  /**
   * Validates the parts and copies the lines.
   *
   * @param affiliateId the affiliate
   * @param currency the currency
   * @param accrued the commissions accrued in total, plus manual adjustments
   * @param reversed what refunds, chargebacks and voids took back, less reinstatements
   * @param balances the balances now
   * @param lines the entries, in journal order
   * @throws CurrencyMismatchException if an amount or a line is in another currency than the
   *     statement's
   * @throws IllegalArgumentException if accrued less reversed is not what the balances hold, or
   *     the balances add up to more than money holds
   */
  public AffiliateStatement {
    checkNotNull(affiliateId, "affiliateId");
    checkNotNull(currency, "currency");
    checkNotNull(accrued, "accrued");
    checkNotNull(reversed, "reversed");
    checkNotNull(balances, "balances");
    lines = Elements.copyOf(lines, "lines");
    Money held;
    try {
      held = balances.earned();
    } catch (ArithmeticException outOfRange) {
      throw new IllegalArgumentException(
          "statement balances must add up to what money holds: " + balances, outOfRange);
    }
    for (Money amount : List.of(accrued, reversed, held)) {
      checkCurrency(currency, amount);
    }
    for (Line line : lines) {
      checkCurrency(currency, line.amount());
    }
    boolean earned;
    try {
      earned = accrued.minus(reversed).equals(held);
    } catch (ArithmeticException outOfRange) {
      // A difference beyond what money holds is no balance's.
      earned = false;
    }
    checkArgument(earned,
        "statement accrued less reversed must be what its balances hold: %s - %s is not %s",
        accrued, reversed, held);
  }

  /** Checks that an amount of a statement is in the statement's currency. */
  static void checkCurrency(CurrencyUnit currency, Money amount) {
    if (!amount.currency().equals(currency)) {
      throw new CurrencyMismatchException(currency, amount.currency(),
          "statement amounts must be in " + currency + ", its currency: " + amount);
    }
  }

  /** {@return what the affiliate has earned net of reversals: accrued less reversed} */
  public Money earned() {
    return balances.earned();
  }

  /** {@return earned and still held until the refund window closes} */
  public Money pending() {
    return balances.pending();
  }

  /** {@return due, to be paid by the next payout run; negative after a clawback} */
  public Money payable() {
    return balances.payable();
  }

  /** {@return in a payout batch that is neither settled nor failed} */
  public Money clearing() {
    return balances.clearing();
  }

  /** {@return paid in total} */
  public Money paid() {
    return balances.paid();
  }

  /**
   * One entry of a statement.
   *
   * <p>Instances are immutable and thread-safe.
   *
   * @param sequence the transaction's position in the journal
   * @param key the transaction's idempotency key
   * @param postedAt when the transaction was recorded
   * @param account which of the affiliate's accounts the entry is on
   * @param amount the amount, positive when the account grows
   * @param explanation why: for an accrual how the commission was computed (of an explanation
   *     longer than 1,000 characters, its start and its end, with {@code " ... "} between), for
   *     a reversal what it took and the refund's reason ({@code refund of USD 22.50 of item
   *     'order:o-1003/mia': night cream returned unopened}), for a payout run, settlement or
   *     failure what it did to the affiliate's own payout line, whose id is the payment's unique
   *     id in the PayPal file ({@code settlement of line '11-2' of payout batch
   *     'payout-2026-04'}), otherwise what the transaction did
   */
  public record Line(long sequence, String key, Instant postedAt, AccountKind account,
      Money amount, String explanation) {

    /**
     * Validates the parts.
     *
     * @param sequence the transaction's position in the journal
     * @param key the transaction's idempotency key
     * @param postedAt when the transaction was recorded
     * @param account the account
     * @param amount the amount
     * @param explanation why
     */
    public Line {
      checkNotNull(key, "key");
      checkNotNull(postedAt, "postedAt");
      checkNotNull(account, "account");
      checkNotNull(amount, "amount");
      checkNotNull(explanation, "explanation");
    }
  }
}
