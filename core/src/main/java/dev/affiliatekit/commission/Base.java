package dev.affiliatekit.commission;

/**
 * The amount a percentage rule applies its rate to: the goods before or after the order-level
 * discount, with or without shipping and tax.
 *
 * <p>A rule prices the line items it wins (see {@link RuleTarget}), so the goods are the amounts of
 * those items. When a rule wins only some of an order's items, the order-level discount, shipping
 * and tax are divided among all items in proportion to their amounts with {@link
 * dev.affiliatekit.money.Money#prorate(java.util.List)}, exactly, and each item brings its part.
 * A minor unit left over among items of equal amounts, which {@code Money.prorate} gives to the
 * earlier, goes here by what the items are: to the item first by product id, then category (none
 * first), quantity and amount, so that listing the items in another order changes no rule's base.
 * For example, a {@code USD 100.00} item bought with a {@code USD 40.00} discount has a base of
 * {@code USD 60.00} {@linkplain #itemsAfterDiscount() after discount}. An order without line items
 * is one item of its subtotal. An explanation shows the parts that a rule of some of the items
 * took: beside a {@code USD 25.00} tote of another rule, with a {@code USD 50.00} discount, that
 * item's base reads {@code USD 60.00 (items after discount: USD 100.00 less USD 40.00 of the USD
 * 50.00 order discount, split by item amount)}. Because the parts follow the items' amounts, a
 * rule's base moves when another rule's items change: a larger item elsewhere in the order takes a
 * larger part of the shipping and tax, and rounding the parts to whole cents may move a cent of the
 * discount.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param afterDiscount whether the order-level discount is taken off the goods
 * @param includesShipping whether the shipping charged is added
 * @param includesTax whether the tax charged is added
 */
public record Base(boolean afterDiscount, boolean includesShipping, boolean includesTax) {

  private static final Base ITEMS_AFTER_DISCOUNT = new Base(true, false, false);
  private static final Base ITEMS_BEFORE_DISCOUNT = new Base(false, false, false);
  private static final Base ORDER_TOTAL = new Base(true, true, true);

  /**
   * Returns the goods after the order-level discount, without shipping and tax: the net sale, and
   * the default base.
   *
   * @return the base
   */
  public static Base itemsAfterDiscount() {
    return ITEMS_AFTER_DISCOUNT;
  }

  /**
   * Returns the goods before the order-level discount, without shipping and tax.
   *
   * @return the base
   */
  public static Base itemsBeforeDiscount() {
    return ITEMS_BEFORE_DISCOUNT;
  }

  /**
   * Returns what the customer paid: the goods after the discount, plus shipping and tax.
   *
   * @return the base
   */
  public static Base orderTotal() {
    return ORDER_TOTAL;
  }

  /**
   * Returns this base with or without shipping.
   *
   * @param value whether shipping is added
   * @return the base
   */
  public Base withShipping(boolean value) {
    return value == includesShipping ? this : new Base(afterDiscount, value, includesTax);
  }

  /**
   * Returns this base with or without tax.
   *
   * @param value whether tax is added
   * @return the base
   */
  public Base withTax(boolean value) {
    return value == includesTax ? this : new Base(afterDiscount, includesShipping, value);
  }

  /**
   * {@return how explanations name the base, such as {@code items after discount}, {@code items
   * before discount + shipping} or {@code order total}}
   */
  @Override
  public String toString() {
    if (equals(ORDER_TOTAL)) {
      return "order total";
    }
    return (afterDiscount ? "items after discount" : "items before discount")
        + (includesShipping ? " + shipping" : "") + (includesTax ? " + tax" : "");
  }
}
