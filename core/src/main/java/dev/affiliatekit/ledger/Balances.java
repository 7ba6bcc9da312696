package dev.affiliatekit.ledger;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.affiliatekit.money.Money;

/**
 * The balances of one affiliate in one currency.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param pending earned and still held
 * @param payable due, to be paid by the next payout run; negative after a clawback
 * @param clearing in a payout batch that is neither settled nor failed
 * @param paid paid in total
 */
public record Balances(Money pending, Money payable, Money clearing, Money paid) {

  /**
   * Creates the balances.
   *
   * @param pending earned and still held
   * @param payable due, to be paid by the next payout run; negative after a clawback
   * @param clearing in a payout batch that is neither settled nor failed
   * @param paid paid in total
   * @throws dev.affiliatekit.money.CurrencyMismatchException if they are not in one currency
   */
  public Balances {
    checkNotNull(pending, "pending");
    checkNotNull(payable, "payable");
    checkNotNull(clearing, "clearing");
    checkNotNull(paid, "paid");
    Checks.sameCurrency(payable, "balances payable", pending, "pending");
    Checks.sameCurrency(clearing, "balances clearing", pending, "pending");
    Checks.sameCurrency(paid, "balances paid", pending, "pending");
  }

  /**
   * Returns the balance of one kind of account.
   *
   * @param kind an affiliate kind
   * @return the balance
   * @throws IllegalArgumentException if the kind is a business kind
   */
  public Money of(AccountKind kind) {
    return switch (checkNotNull(kind, "kind")) {
      case PENDING -> pending;
      case PAYABLE -> payable;
      case PAYOUT_CLEARING -> clearing;
      case PAID -> paid;
      case COMMISSION_EXPENSE -> throw new IllegalArgumentException(
          "kind must be an affiliate kind: " + kind);
    };
  }

  /**
   * Returns what the affiliate has earned net of reversals: the sum of the four balances.
   *
   * @return the sum
   * @throws ArithmeticException if the sum does not fit in a {@code long} of minor units, though
   *     each balance does: only near {@code Long.MAX_VALUE}, such as a pending commission beside
   *     a payable one of nearly that
   */
  public Money earned() {
    return pending.plus(payable).plus(clearing).plus(paid);
  }
}
