package dev.affiliatekit.ledger;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.affiliatekit.money.Money;
import java.time.Instant;

/**
 * Where one accrued commission stands: how much was accrued, how much is still pending, and how
 * much was released, reversed, voided and reinstated.
 *
 * <p>{@link #outstanding()}, what the item still stands at, is {@code accrued - reversed - voided
 * + reinstated}; a reversal may take up to that much. Reversed counts both what was taken from
 * pending while the item was held and what was clawed back from payable after release;
 * reinstated counts won chargebacks and {@linkplain Reversal#correction corrections}, and never
 * exceeds reversed.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param key the key of the accrual
 * @param accrual the accrual that created the item
 * @param status whether it is still held, or how it was resolved
 * @param pending the amount still pending
 * @param released the amount that became payable on release
 * @param reversed the amount reversed in total, while held and after release
 * @param voided the amount voided
 * @param reinstated the amount given back: won chargebacks reinstated, and corrections
 */
public record PendingItem(String key, Accrual accrual, ItemStatus status, Money pending,
    Money released, Money reversed, Money voided, Money reinstated) {

  /**
   * Creates a view of an item.
   *
   * @param key the key of the accrual
   * @param accrual the accrual that created the item
   * @param status whether it is still held, or how it was resolved
   * @param pending the amount still pending
   * @param released the amount that became payable on release
   * @param reversed the amount reversed in total, while held and after release
   * @param voided the amount voided
   * @param reinstated the amount given back: won chargebacks reinstated, and corrections
   * @throws IllegalArgumentException if the key is not valid
   * @throws dev.affiliatekit.money.CurrencyMismatchException if an amount is not in the
   *     accrual's currency
   */
  public PendingItem {
    Checks.id(key, "key");
    checkNotNull(accrual, "accrual");
    checkNotNull(status, "status");
    checkNotNull(pending, "pending");
    checkNotNull(released, "released");
    checkNotNull(reversed, "reversed");
    checkNotNull(voided, "voided");
    checkNotNull(reinstated, "reinstated");
    Money accrued = accrual.amount();
    Checks.sameCurrency(pending, "pending item pending", accrued, "its accrual");
    Checks.sameCurrency(released, "pending item released", accrued, "its accrual");
    Checks.sameCurrency(reversed, "pending item reversed", accrued, "its accrual");
    Checks.sameCurrency(voided, "pending item voided", accrued, "its accrual");
    Checks.sameCurrency(reinstated, "pending item reinstated", accrued, "its accrual");
  }

  /** {@return what the item still stands at: accrued, less reversed and voided, plus reinstated} */
  public Money outstanding() {
    return accrual.amount().minus(reversed).minus(voided).plus(reinstated);
  }
}
