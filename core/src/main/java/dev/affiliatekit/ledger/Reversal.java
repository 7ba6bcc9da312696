package dev.affiliatekit.ledger;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.affiliatekit.internal.Texts;
import dev.affiliatekit.money.Money;
import java.util.Optional;

/**
 * A refund or chargeback that takes back all or part of an accrued commission.
 *
 * <p>While the item is still held, the amount comes out of its pending balance. After release
 * (or payment) it comes out of the affiliate's payable balance as a clawback, which may make
 * payable negative: the next payout run then pays nothing until new commissions cover it. An item
 * held at {@code USD 5.00} and partly reversed by {@code USD 2.00} releases {@code USD 3.00}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param itemKey the key of the accrual to reverse
 * @param amount the amount to take back, positive; empty for all that the item still stands at
 * @param kind a refund, or a chargeback that may later be reinstated
 * @param reason why, one line of text
 */
public record Reversal(String itemKey, Optional<Money> amount, ReversalKind kind, String reason)
    implements Posting {

  /**
   * Creates a reversal.
   *
   * @param itemKey the key of the accrual to reverse
   * @param amount the amount to take back, positive; empty for all that the item still stands at
   * @param kind a refund, or a chargeback that may later be reinstated
   * @param reason why, one line of text
   * @throws IllegalArgumentException if the amount is not positive, the key is not valid, or the
   *     reason is blank, longer than 1000 characters or has a control character
   */
  public Reversal {
    Checks.id(itemKey, "itemKey");
    checkNotNull(amount, "amount").ifPresent(value -> Checks.positive(value, "reversal amount"));
    checkNotNull(kind, "kind");
    Checks.text(reason, "reason");
  }

  /**
   * Returns a reversal of all that the item still stands at.
   *
   * <p>For example, {@code Reversal.full("order-1/jane", REFUND, "order returned")}.
   *
   * @param itemKey the key of the accrual to reverse
   * @param kind a refund or a chargeback
   * @param reason why, one line of text
   * @return the reversal
   * @throws IllegalArgumentException if the key or the reason is not valid
   */
  public static Reversal full(String itemKey, ReversalKind kind, String reason) {
    return new Reversal(itemKey, Optional.empty(), kind, reason);
  }

  /**
   * Returns a reversal of part of an item.
   *
   * <p>For example, {@code Reversal.partial("order-1/jane", Money.parse("USD 2.00"), REFUND, "one
   * item returned")}.
   *
   * @param itemKey the key of the accrual to reverse
   * @param amount the amount to take back, positive
   * @param kind a refund or a chargeback
   * @param reason why, one line of text
   * @return the reversal
   * @throws IllegalArgumentException if the amount is not positive, or the key or the reason is not
   *     valid
   */
  public static Reversal partial(String itemKey, Money amount, ReversalKind kind, String reason) {
    return new Reversal(itemKey, Optional.of(checkNotNull(amount, "amount")), kind, reason);
  }

  @Override
  public String description() {
    return kind.name().toLowerCase(java.util.Locale.ROOT) + " of "
        + amount.map(Money::toString).orElse("all") + " of item " + Texts.quote(itemKey) + ": "
        + reason;
  }
}
