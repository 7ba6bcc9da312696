package dev.affiliatekit.ledger;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.affiliatekit.internal.Elements;
import dev.affiliatekit.internal.Texts;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A posting recorded in the journal: the request that was made, under its idempotency key, and the
 * entries it booked, which balance per currency.
 *
 * <p>Transactions are never changed or removed. A correction is a new transaction that points at
 * the one it corrects: a {@link Reversal} or {@link Voiding} names the accrued item, a {@link
 * Reinstatement} names the reversal, and a {@link PayoutSettlement} or {@link PayoutFailure} names
 * the payout batch. The idempotency key identifies the transaction, as the transfer id does in
 * TigerBeetle; the key of an {@link Accrual} is also the key of the item it accrued.
 *
 * <p>For example, the accrual of {@code USD 5.00} for jane under key {@code order-1/jane} is
 * transaction 1 with entries {@code +USD 5.00} to {@code PENDING jane USD} and {@code -USD 5.00}
 * to {@code COMMISSION_EXPENSE business USD}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param sequence the position in the journal, from 1, without gaps
 * @param key the idempotency key under which the posting was made
 * @param postedAt when the ledger recorded the posting; never earlier than the transaction before
 * @param posting what was requested
 * @param entries what was booked; empty when there was nothing to book, such as a release when no
 *     hold has ended
 */
public record Transaction(long sequence, String key, Instant postedAt, Posting posting,
    List<Entry> entries) {

  /**
   * Creates a transaction.
   *
   * @param sequence the position in the journal, from 1, without gaps
   * @param key the idempotency key under which the posting was made
   * @param postedAt when the ledger recorded the posting; never earlier than the transaction before
   * @param posting what was requested
   * @param entries what was booked; empty when there was nothing to book, such as a release when no
   *     hold has ended
   * @throws IllegalArgumentException if the sequence is less than 1 or the key is not a valid id
   * @throws UnbalancedTransactionException if the entries of a currency do not add up to zero
   * @throws ArithmeticException if the entries of a currency add up to more than a {@code long}
   *     holds; entries whose running sum passes a {@code long} but that add up to zero balance
   */
  public Transaction {
    checkNotNull(key, "key");
    checkNotNull(postedAt, "postedAt");
    checkNotNull(posting, "posting");
    entries = Elements.copyOf(entries, "entries");
    checkArgument(sequence >= 1, "transaction sequence must be at least 1: %s", sequence);
    Checks.id(key, "key");
    checkBalanced(key, entries);
  }

  private static void checkBalanced(String key, List<Entry> entries) {
    try {
      checkBalancedInLongs(key, entries);
    } catch (ArithmeticException partialSumOverflowed) {
      // Entries of huge amounts may pass a long on the way and still add up to zero.
      checkBalancedExactly(key, entries);
    }
  }

  private static void checkBalancedExactly(String key, List<Entry> entries) {
    Map<CurrencyUnit, BigInteger> sums = new LinkedHashMap<>();
    for (Entry entry : entries) {
      sums.merge(entry.amount().currency(), BigInteger.valueOf(entry.amount().minorUnits()),
          BigInteger::add);
    }
    for (Map.Entry<CurrencyUnit, BigInteger> sum : sums.entrySet()) {
      BigInteger minor = sum.getValue();
      if (minor.bitLength() > Long.SIZE - 1) {
        throw new ArithmeticException("transaction " + Texts.quote(key) + " entries in "
            + sum.getKey() + " add up to more than a long holds: "
            + Checks.money(minor, sum.getKey()));
      }
      if (minor.signum() != 0) {
        throw new UnbalancedTransactionException(key,
            Money.ofMinor(minor.longValueExact(), sum.getKey()));
      }
    }
  }

  private static void checkBalancedInLongs(String key, List<Entry> entries) {
    // Nearly every transaction books one currency: sum it without a map.
    CurrencyUnit first = null;
    long firstSum = 0;
    Map<CurrencyUnit, Long> others = null;
    for (Entry entry : entries) {
      Money amount = entry.amount();
      CurrencyUnit currency = amount.currency();
      if (first == null || first.equals(currency)) {
        first = currency;
        firstSum = Math.addExact(firstSum, amount.minorUnits());
      } else {
        if (others == null) {
          others = new HashMap<>();
        }
        others.merge(currency, amount.minorUnits(), Math::addExact);
      }
    }
    if (first != null && firstSum != 0) {
      throw new UnbalancedTransactionException(key, Money.ofMinor(firstSum, first));
    }
    if (others != null) {
      for (Map.Entry<CurrencyUnit, Long> sum : others.entrySet()) {
        if (sum.getValue() != 0) {
          throw new UnbalancedTransactionException(
              key, Money.ofMinor(sum.getValue(), sum.getKey()));
        }
      }
    }
  }
}
