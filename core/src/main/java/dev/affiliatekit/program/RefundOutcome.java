package dev.affiliatekit.program;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.affiliatekit.ledger.Transaction;
import dev.affiliatekit.money.Money;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a refund or chargeback did: how much of the order the customer has now got back, and the
 * reversal of each commission the order earned.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param refund the refund as requested
 * @param refunded what this refund gave back: its amount, or for a full refund the rest of the
 *     order
 * @param reversed the commission taken back from each affiliate, in order of affiliate id; an
 *     affiliate whose share rounds to nothing is absent
 * @param transactions the reversals posted, one per commission item
 */
public record RefundOutcome(Refund refund, Money refunded, Map<String, Money> reversed,
    List<Transaction> transactions) {

  /**
   * Validates the parts and copies the collections.
   *
   * @param refund the refund
   * @param refunded what this refund gave back
   * @param reversed the commission taken back per affiliate
   * @param transactions the reversals posted
   */
  public RefundOutcome {
    checkNotNull(refund, "refund");
    checkNotNull(refunded, "refunded");
    reversed = Collections.unmodifiableMap(new TreeMap<>(checkNotNull(reversed, "reversed")));
    transactions = List.copyOf(checkNotNull(transactions, "transactions"));
  }

  /** {@return the commission taken back in total} */
  public Money totalReversed() {
    return Money.total(refunded.currency(), reversed.values());
  }
}
