package dev.affiliatekit.program;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.affiliatekit.internal.Elements;
import dev.affiliatekit.internal.Texts;
import dev.affiliatekit.ledger.Transaction;
import dev.affiliatekit.money.CurrencyMismatchException;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import java.util.List;
import java.util.Map;

/**
 * What a refund or chargeback did: how much of the order the customer has now got back, the
 * reversal of each commission the order earned, and each commission it could not take its full
 * share from.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param refund the refund as requested
 * @param refunded what this refund gave back: its amount, or for a full refund the rest of the
 *     order
 * @param reversed the commission taken back from each affiliate, in order of affiliate id; an
 *     affiliate whose share rounds to nothing, or whose commission had nothing left, is absent
 * @param transactions the reversals posted, one per commission item with something taken back
 * @param shortfalls the commission items that had less left in the ledger than this refund's share
 *     of them, in the order the items were accrued; usually none
 */
public record RefundOutcome(Refund refund, Money refunded, Map<String, Money> reversed,
    List<Transaction> transactions, List<Shortfall> shortfalls) {

  /**
   * Validates the parts and copies the collections.
   *
   * @param refund the refund
   * @param refunded what this refund gave back
   * @param reversed the commission taken back per affiliate
   * @param transactions the reversals posted
   * @param shortfalls the items that had less left than their share
   * @throws CurrencyMismatchException if the refund's amount or what was reversed is not in the
   *     currency of what was refunded
   */
  public RefundOutcome {
    checkNotNull(refund, "refund");
    checkNotNull(refunded, "refunded");
    reversed = Elements.sortedCopyOf(reversed, "reversed");
    transactions = Elements.copyOf(transactions, "transactions");
    shortfalls = Elements.copyOf(shortfalls, "shortfalls");
    CurrencyUnit currency = refunded.currency();
    if (refund.amount().isPresent() && !refund.amount().get().currency().equals(currency)) {
      throw new CurrencyMismatchException(refund.amount().get().currency(), currency, "refunded"
          + " must be in " + refund.amount().get().currency() + ", the currency of the refund's"
          + " amount: " + refunded);
    }
    for (Map.Entry<String, Money> taken : reversed.entrySet()) {
      if (!taken.getValue().currency().equals(currency)) {
        throw new CurrencyMismatchException(currency, taken.getValue().currency(), "reversed of "
            + Texts.quote(taken.getKey()) + " must be in " + currency
            + ", the currency of refunded: " + taken.getValue());
      }
    }
  }

  /** {@return the commission taken back in total} */
  public Money totalReversed() {
    return Money.total(refunded.currency(), reversed.values());
  }

  /**
   * A commission item that a refund took less from than its share, because the ledger held less
   * of it: the item was voided, for fraud, or reversed through the ledger by hand.
   *
   * <p>For example, after leo's {@code USD 5.00} item on an order of {@code USD 100.00} was
   * voided, a refund of {@code USD 50.00} has the shortfall {@code Shortfall[affiliateId=leo,
   * itemKey=order:o1/leo, share=USD 2.50, taken=USD 0.00, reason=item is voided]}.
   *
   * <p>Instances are immutable and thread-safe.
   *
   * @param affiliateId the affiliate who earned the commission
   * @param itemKey the ledger item of the commission
   * @param share what the refund would have taken back, positive
   * @param taken what it took back: all the item had left, less than the share
   * @param reason why, such as {@code item is voided} or {@code item has only USD 1.00 left}
   */
  public record Shortfall(String affiliateId, String itemKey, Money share, Money taken,
      String reason) {

    /**
     * Validates the parts.
     *
     * @param affiliateId the affiliate
     * @param itemKey the ledger item
     * @param share what the refund would have taken back
     * @param taken what it took back
     * @param reason why
     * @throws IllegalArgumentException if the share is not positive, or what was taken is
     *     negative or not less than the share
     * @throws CurrencyMismatchException if what was taken is not in the share's currency
     */
    public Shortfall {
      checkNotNull(affiliateId, "affiliateId");
      checkNotNull(itemKey, "itemKey");
      checkNotNull(share, "share");
      checkNotNull(taken, "taken");
      checkNotNull(reason, "reason");
      if (!taken.currency().equals(share.currency())) {
        throw new CurrencyMismatchException(share.currency(), taken.currency(), "shortfall taken"
            + " must be in " + share.currency() + ", the currency of the share: " + taken);
      }
      checkArgument(share.isPositive(), "shortfall share must be positive: %s", share);
      checkArgument(!taken.isNegative() && taken.isLessThan(share),
          "shortfall taken must be at least zero and less than the share of %s: %s", share, taken);
    }
  }
}
