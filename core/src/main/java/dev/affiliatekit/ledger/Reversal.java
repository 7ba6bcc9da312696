package dev.affiliatekit.ledger;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.affiliatekit.internal.Ids;
import dev.affiliatekit.money.Money;
import java.util.Optional;

/**
 * A refund or chargeback that takes back all or part of an accrued commission, or a correction
 * that gives back part of what reversals took.
 *
 * <p>While the item is still held, the amount comes out of its pending balance. After release
 * (or payment) it comes out of the affiliate's payable balance as a clawback, which may make
 * payable negative: the next payout run then pays nothing until new commissions cover it. An item
 * held at {@code USD 5.00} and partly reversed by {@code USD 2.00} releases {@code USD 3.00}.
 *
 * <p>A refund of a negative amount is a {@linkplain #correction correction}: it gives that much
 * back, to pending while the item is held and to payable after, as a {@link Reinstatement} does,
 * up to what the item has lost to reversals net of what was given back. It settles the rounding
 * of refunds whose order counts as refunded by less than it did, such as after a won chargeback.
 * A correction cannot be reinstated.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param itemKey the key of the accrual to reverse
 * @param amount the amount to take back, positive, or for a correction the amount given back,
 *     negated; empty for all that the item still stands at
 * @param kind a refund, or a chargeback that may later be reinstated
 * @param reason why, one line of text
 */
public record Reversal(String itemKey, Optional<Money> amount, ReversalKind kind, String reason)
    implements Posting {

  /**
   * Creates a reversal.
   *
   * @param itemKey the key of the accrual to reverse
   * @param amount the amount to take back, positive, or for a correction (a refund only) the
   *     amount given back, negated; empty for all that the item still stands at
   * @param kind a refund, or a chargeback that may later be reinstated
   * @param reason why, one line of text
   * @throws IllegalArgumentException if the amount is zero, the most negative amount, or negative
   *     for a chargeback, the key is not valid, or the reason is blank, longer than 1000
   *     characters or has a control character or line separator
   */
  public Reversal {
    Checks.id(itemKey, "itemKey");
    checkNotNull(amount, "amount");
    checkNotNull(kind, "kind");
    amount.ifPresent(value -> {
      checkArgument(!value.isZero(), "reversal amount must not be zero: %s", value);
      // Given back, a correction is negated: the most negative amount has no positive twin.
      checkArgument(value.minorUnits() != Long.MIN_VALUE, "reversal amount is out of range: %s",
          value);
      if (kind == ReversalKind.CHARGEBACK) {
        Checks.positive(value, "chargeback amount");
      }
    });
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
    Checks.positive(amount, "reversal amount");
    return new Reversal(itemKey, Optional.of(amount), kind, reason);
  }

  /**
   * Returns a correction, which gives back part of what reversals of an item took: a refund of
   * the amount negated.
   *
   * <p>For example, after refunds took {@code USD 0.01} of an item at a point where the order
   * counted a chargeback as refunded, and the chargeback was won, {@code
   * Reversal.correction("order-1/jane", Money.parse("USD 0.01"), "rounding of refunds")} gives
   * the cent back.
   *
   * @param itemKey the key of the accrual
   * @param givenBack the amount to give back, positive
   * @param reason why, one line of text
   * @return the correction
   * @throws IllegalArgumentException if the amount is not positive, or the key or the reason is not
   *     valid
   */
  public static Reversal correction(String itemKey, Money givenBack, String reason) {
    Checks.positive(givenBack, "correction amount");
    return new Reversal(itemKey, Optional.of(givenBack.negated()), ReversalKind.REFUND, reason);
  }

  /** {@return whether this gives back rather than takes: a refund of a negative amount} */
  public boolean isCorrection() {
    return amount.isPresent() && amount.get().isNegative();
  }

  @Override
  public String description() {
    if (isCorrection()) {
      return "correction giving back " + amount.orElseThrow().negated() + " of item "
          + Ids.quote(itemKey) + ": " + reason;
    }
    return kind.name().toLowerCase(java.util.Locale.ROOT) + " of "
        + amount.map(Money::toString).orElse("all") + " of item " + Ids.quote(itemKey) + ": "
        + reason;
  }
}
