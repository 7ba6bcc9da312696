package dev.affiliatekit.commission;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.affiliatekit.money.CurrencyMismatchException;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import java.math.BigDecimal;

/**
 * What a simulation found under the current plan and under the proposed one, for an affiliate or
 * in total, in one currency.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param current the amount under the current plan
 * @param proposed the amount under the proposed plan
 */
public record Difference(Money current, Money proposed) {

  /**
   * Validates the parts.
   *
   * @param current the amount under the current plan
   * @param proposed the amount under the proposed plan
   * @throws CurrencyMismatchException if they differ in currency
   */
  public Difference {
    checkNotNull(current, "current");
    checkNotNull(proposed, "proposed");
    if (!current.currency().equals(proposed.currency())) {
      throw new CurrencyMismatchException(current.currency(), proposed.currency(),
          "difference proposed must be in " + current.currency() + ", the currency of current: "
              + proposed);
    }
  }

  /** {@return the currency} */
  public CurrencyUnit currency() {
    return current.currency();
  }

  /**
   * Returns proposed minus current: positive if the proposed plan pays more.
   *
   * @return the change
   * @throws ArithmeticException if the change is out of the range of an amount, as it can be only
   *     for amounts of opposite signs near the ends of that range
   */
  public Money change() {
    return proposed.minus(current);
  }

  Difference plus(Money addCurrent, Money addProposed) {
    return new Difference(current.plus(addCurrent), proposed.plus(addProposed));
  }

  /** {@return such as {@code USD 120.00 -> USD 150.00 (+USD 30.00)}} */
  @Override
  public String toString() {
    // Exact, so that printing never fails where change() would be out of range.
    BigDecimal change = proposed.amount().subtract(current.amount());
    return current + " -> " + proposed + " (" + (change.signum() < 0 ? "" : "+") + currency() + " "
        + change.toPlainString() + ")";
  }
}
