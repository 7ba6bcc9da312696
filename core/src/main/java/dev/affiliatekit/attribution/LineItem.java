package dev.affiliatekit.attribution;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static dev.affiliatekit.internal.Ids.checkId;

import dev.affiliatekit.internal.Texts;
import dev.affiliatekit.money.Money;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One line of an order: a product, its category, the quantity and what the line costs.
 *
 * <p>The amount is the line's price after any line-level discount and before the order-level
 * discount, shipping and tax; commission plans may base a commission on it per product or category.
 *
 * <p>It behaves as a record of its four parts would: {@link #equals}, {@link #hashCode} and {@link
 * #toString} are those of a record {@code LineItem(String productId, Optional<String> category,
 * int quantity, Money amount)}. It keeps the category as a plain field, so that code that prices
 * many lines may read it through {@link #categoryOrNull()} without an {@link Optional}.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class LineItem {

  private final String productId;
  private final @Nullable String category;
  private final int quantity;
  private final Money amount;

  /**
   * Validates the parts and makes a line.
   *
   * <p>For example, {@code new LineItem("tote", Optional.of("BAGS"), 2, Money.parse("USD
   * 40.00"))} is two totes for {@code USD 40.00} in all.
   *
   * @param productId the product or SKU
   * @param category the product's category, such as {@code SKIN_CARE}, if the shop has one
   * @param quantity how many units, at least 1
   * @param amount what the line costs in total, not negative
   * @throws IllegalArgumentException if an id is not a valid identifier, the quantity is less than
   *     1, or the amount is negative
   */
  public LineItem(String productId, Optional<String> category, int quantity, Money amount) {
    this(checkNotNull(productId, "productId"), checkNotNull(category, "category").orElse(null),
        quantity, amount);
  }

  private LineItem(String productId, @Nullable String category, int quantity, Money amount) {
    checkNotNull(productId, "productId");
    checkNotNull(amount, "amount");
    checkId(productId, "line item productId");
    if (category != null) {
      checkId(category, "line item category");
    }
    checkArgument(quantity >= 1, "line item quantity must be at least 1: %s", quantity);
    checkArgument(!amount.isNegative(), "line item amount must not be negative: %s", amount);
    this.productId = productId;
    this.category = category;
    this.quantity = quantity;
    this.amount = amount;
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
    return new LineItem(productId, category, quantity, amount(productId, quantity, unitPrice));
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
    return new LineItem(productId, (String) null, quantity, amount(productId, quantity, unitPrice));
  }

  /** Returns the unit price times the quantity, or an overflow that names the line. */
  private static Money amount(String productId, int quantity, Money unitPrice) {
    try {
      return unitPrice.times(quantity);
    } catch (ArithmeticException e) {
      throw new ArithmeticException("line item " + Texts.quote(productId)
          + " amount is out of range: " + unitPrice + " * " + quantity);
    }
  }

  /** {@return the product or SKU} */
  public String productId() {
    return productId;
  }

  /** {@return the product's category, such as {@code SKIN_CARE}, if the shop has one} */
  public Optional<String> category() {
    return Optional.ofNullable(category);
  }

  /**
   * Returns the product's category, or null if the line has none: {@link #category()} without
   * the {@link Optional}, for code that reads the categories of many lines.
   *
   * @return the category, or null
   */
  public @Nullable String categoryOrNull() {
    return category;
  }

  /** {@return how many units, at least 1} */
  public int quantity() {
    return quantity;
  }

  /** {@return what the line costs in total, not negative} */
  public Money amount() {
    return amount;
  }

  /**
   * Tells whether another object is a line item with equal parts.
   *
   * @param obj the object to compare with
   * @return whether {@code obj} is a line of the same product, category, quantity and amount
   */
  @Override
  public boolean equals(@Nullable Object obj) {
    return obj instanceof LineItem other && productId.equals(other.productId)
        && Objects.equals(category, other.category) && quantity == other.quantity
        && amount.equals(other.amount);
  }

  /**
   * Returns the hash code a record of the four parts would have.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    // The combination java.lang.runtime.ObjectMethods gives records; an empty Optional hashes to 0.
    int hash = productId.hashCode();
    hash = 31 * hash + Objects.hashCode(category);
    hash = 31 * hash + Integer.hashCode(quantity);
    return 31 * hash + amount.hashCode();
  }

  /**
   * Returns the line as a record of its parts shows itself, such as {@code
   * LineItem[productId=tote, category=Optional[BAGS], quantity=2, amount=USD 40.00]}.
   *
   * @return the text
   */
  @Override
  public String toString() {
    return "LineItem[productId=" + productId + ", category=" + category() + ", quantity="
        + quantity + ", amount=" + amount + "]";
  }
}
