package dev.affiliatekit.ledger;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.affiliatekit.internal.Texts;
import dev.affiliatekit.money.CurrencyUnit;
import java.util.Comparator;

/**
 * An account of the ledger: what it holds ({@link AccountKind}), whose it is, and its currency.
 *
 * <p>Affiliate accounts are owned by an affiliate id, such as {@code PENDING jane USD}; the
 * business account {@link AccountKind#COMMISSION_EXPENSE} is owned by {@link #BUSINESS}. An account
 * holds one currency only, so an affiliate paid in two currencies has two accounts of each kind.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param kind what the account holds
 * @param owner the affiliate id, or {@link #BUSINESS} for a business account
 * @param currency the currency of every amount in the account
 */
public record Account(AccountKind kind, String owner, CurrencyUnit currency)
    implements Comparable<Account> {

  /** The owner of the business accounts. */
  public static final String BUSINESS = "business";

  private static final Comparator<Account> ORDER = Comparator.comparing(Account::owner)
      .thenComparing(Account::currency).thenComparing(Account::kind);

  /**
   * Creates an account.
   *
   * @param kind what the account holds
   * @param owner the affiliate id, or {@link #BUSINESS} for a business account
   * @param currency the currency of every amount in the account
   * @throws IllegalArgumentException if a business kind has an owner other than {@link
   *     #BUSINESS}, or an affiliate kind has an owner that is not a valid id
   */
  public Account {
    checkNotNull(kind, "kind");
    checkNotNull(owner, "owner");
    checkNotNull(currency, "currency");
    if (kind.isBusiness()) {
      if (!owner.equals(BUSINESS)) {
        throw new IllegalArgumentException("owner of " + kind + " must be '" + BUSINESS + "': "
            + Texts.quote(owner));
      }
    } else {
      Checks.id(owner, "owner");
    }
  }

  /**
   * Returns the account of the given kind for an affiliate.
   *
   * <p>For example, {@code Account.of(AccountKind.PAYABLE, "jane", USD)} is what the business owes
   * jane in dollars now.
   *
   * @param kind an affiliate kind: pending, payable, payout clearing or paid
   * @param affiliateId the affiliate
   * @param currency the currency
   * @return the account
   * @throws IllegalArgumentException if the kind is a business kind or the id is not valid
   */
  public static Account of(AccountKind kind, String affiliateId, CurrencyUnit currency) {
    checkNotNull(kind, "kind");
    checkArgument(!kind.isBusiness(), "kind must be an affiliate kind: %s", kind);
    checkNotNull(affiliateId, "affiliateId");
    return new Account(kind, affiliateId, currency);
  }

  /**
   * Returns the business's commission expense account for the given currency.
   *
   * @param currency the currency
   * @return the account
   */
  public static Account commissionExpense(CurrencyUnit currency) {
    return new Account(AccountKind.COMMISSION_EXPENSE, BUSINESS, currency);
  }

  /** Orders accounts by owner, then currency, then kind. */
  @Override
  public int compareTo(Account other) {
    checkNotNull(other, "other");
    return ORDER.compare(this, other);
  }

  /**
   * {@return the kind, owner and currency separated by spaces, such as {@code PENDING jane USD}}
   */
  @Override
  public String toString() {
    return kind + " " + owner + " " + currency;
  }
}
