package dev.affiliatekit.attribution;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static dev.affiliatekit.internal.Ids.checkId;

import dev.affiliatekit.money.Money;
import java.util.Optional;

/**
 * One line of an order: a product, its category, the quantity and what the line costs.
 *
 * <p>The amount is the line's price after any line-level discount and before the order-level
 * discount, shipping and tax; commission plans may base a commission on it per product or category.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param productId the product or SKU
 * @param category the product's category, such as {@code SKIN_CARE}, if the shop has one
 * @param quantity how many units, at least 1
 * @param amount what the line costs in total, not negative
 */
public record LineItem(String productId, Optional<String> category, int quantity, Money amount) {

  /**
   * Validates the parts.
   *
   * @param productId the product or SKU
   * @param category the product's category, such as {@code SKIN_CARE}, if the shop has one
   * @param quantity how many units, at least 1
   * @param amount what the line costs in total, not negative
   * @throws IllegalArgumentException if an id is not a valid identifier, the quantity is less than
   *     1, or the amount is negative
   */
  public LineItem {
    checkNotNull(productId, "productId");
    checkNotNull(category, "category");
    checkNotNull(amount, "amount");
    checkId(productId, "line item productId");
    category.ifPresent(value -> checkId(value, "line item category"));
    checkArgument(quantity >= 1, "line item quantity must be at least 1: %s", quantity);
    checkArgument(!amount.isNegative(), "line item amount must not be negative: %s", amount);
  }

  /**
   * Returns a line of {@code quantity} units at {@code unitPrice} each.
   *
   * <p>For example, {@code LineItem.of("serum-30ml", "SKIN_CARE", 2, Money.parse("USD 19.50"))}
   * costs {@code USD 39.00}.
   *
   * @param productId the product or SKU
   * @param category the product's category
   * @param quantity how many units, at least 1
   * @param unitPrice the price of one unit, not negative
   * @return the line
   * @throws IllegalArgumentException if a part is invalid
   * @throws ArithmeticException if the line amount overflows
   */
  public static LineItem of(String productId, String category, int quantity, Money unitPrice) {
    checkNotNull(productId, "productId");
    checkNotNull(category, "category");
    checkNotNull(unitPrice, "unitPrice");
    checkArgument(quantity >= 1, "line item quantity must be at least 1: %s", quantity);
    return new LineItem(productId, Optional.of(category), quantity, unitPrice.times(quantity));
  }

  /**
   * Returns a line of {@code quantity} units without a category.
   *
   * @param productId the product or SKU
   * @param quantity how many units, at least 1
   * @param unitPrice the price of one unit, not negative
   * @return the line
   * @throws IllegalArgumentException if a part is invalid
   * @throws ArithmeticException if the line amount overflows
   */
  public static LineItem of(String productId, int quantity, Money unitPrice) {
    checkNotNull(productId, "productId");
    checkNotNull(unitPrice, "unitPrice");
    checkArgument(quantity >= 1, "line item quantity must be at least 1: %s", quantity);
    return new LineItem(productId, Optional.empty(), quantity, unitPrice.times(quantity));
  }
}
