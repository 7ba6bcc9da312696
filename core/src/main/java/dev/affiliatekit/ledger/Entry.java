package dev.affiliatekit.ledger;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.affiliatekit.money.CurrencyMismatchException;
import dev.affiliatekit.money.Money;
import java.util.Optional;

/**
 * One line of a {@link Transaction}: a signed amount booked to one account.
 *
 * <p>A positive amount increases the account's balance, a negative one decreases it. An affiliate
 * account's balance is what the business owes on it; the business's commission expense carries the
 * opposite. For example, accruing {@code USD 5.00} for jane books {@code +USD 5.00} to {@code
 * PENDING jane USD} and {@code -USD 5.00} to {@code COMMISSION_EXPENSE business USD}.
 *
 * <p>The reference names what the entry concerns: the key of the accrued item for accruals,
 * releases, reversals, reinstatements and voids, or the line id for payout entries.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param account the account booked
 * @param amount the signed amount, not zero, in the account's currency
 * @param reference the item key or payout line id the entry concerns, if any
 */
public record Entry(Account account, Money amount, Optional<String> reference) {

  /**
   * Creates an entry.
   *
   * @param account the account booked
   * @param amount the signed amount, not zero, in the account's currency
   * @param reference the item key or payout line id the entry concerns, if any
   * @throws CurrencyMismatchException if the amount's currency is not the account's
   * @throws IllegalArgumentException if the amount is zero, or the reference is not a valid id
   */
  public Entry {
    checkNotNull(account, "account");
    checkNotNull(amount, "amount");
    checkNotNull(reference, "reference");
    if (!account.currency().equals(amount.currency())) {
      throw new CurrencyMismatchException(account.currency(), amount.currency(),
          "entry amount must be in " + account.currency() + ", the account's currency: " + amount);
    }
    checkArgument(!amount.isZero(), "entry amount must not be zero: %s", amount);
    reference.ifPresent(value -> Checks.id(value, "reference"));
  }

  /**
   * Returns an entry that concerns the given item or payout line.
   *
   * @param account the account booked
   * @param amount the signed amount, not zero, in the account's currency
   * @param reference the item key or payout line id
   * @return the entry
   * @throws CurrencyMismatchException if the amount's currency is not the account's
   * @throws IllegalArgumentException if the amount is zero, or the reference is not a valid id
   */
  public static Entry of(Account account, Money amount, String reference) {
    return new Entry(account, amount, Optional.of(checkNotNull(reference, "reference")));
  }

  /**
   * Returns an entry that concerns no particular item, such as a manual adjustment.
   *
   * @param account the account booked
   * @param amount the signed amount, not zero, in the account's currency
   * @return the entry
   * @throws CurrencyMismatchException if the amount's currency is not the account's
   * @throws IllegalArgumentException if the amount is zero
   */
  public static Entry of(Account account, Money amount) {
    return new Entry(account, amount, Optional.empty());
  }
}
