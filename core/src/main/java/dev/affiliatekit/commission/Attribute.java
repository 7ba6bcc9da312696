package dev.affiliatekit.commission;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Optional;

/**
 * A named fact about a sale that a {@link Condition} may test: of the affiliate, the customer, the
 * sale, or one line item.
 *
 * <p>Each attribute has a {@linkplain #key() key}, such as {@code affiliate.followers}, used in
 * explanations and in JSON plans, and a {@linkplain #type() type} that says which conditions
 * apply to it. Values come from the {@link CommissionContext}, the {@link
 * dev.affiliatekit.attribution.Conversion}, the {@link dev.affiliatekit.attribution.Credit} and the
 * line item being priced; when a value is unknown (no follower count, no country, an order without
 * a subscription, or an item attribute outside of an item) the attribute is <em>missing</em>, and
 * a condition on a missing attribute never matches.
 */
public enum Attribute {
  /** The affiliate's id. */
  AFFILIATE_ID("affiliate.id", Type.TEXT),
  /** The affiliate's group or tier; missing if it has none. */
  AFFILIATE_GROUP("affiliate.group", Type.TEXT),
  /** The affiliate's tags; a text condition holds if it holds for one of them. */
  AFFILIATE_TAGS("affiliate.tags", Type.TAGS),
  /** Where the affiliate publishes; missing if unknown. */
  AFFILIATE_PLATFORM("affiliate.platform", Type.TEXT),
  /** The affiliate's follower count; missing if unknown. */
  AFFILIATE_FOLLOWERS("affiliate.followers", Type.NUMBER),
  /** The affiliate's country code; missing if unknown. */
  AFFILIATE_COUNTRY("affiliate.country", Type.TEXT),
  /** The id of the affiliate's parent; missing if it has none. */
  AFFILIATE_PARENT_ID("affiliate.parentId", Type.TEXT),
  /** {@code NEW} or {@code RETURNING}; missing if the shop does not say. */
  CUSTOMER_TYPE("customer.type", Type.TEXT),
  /** The customer's country code; missing if unknown. */
  CUSTOMER_COUNTRY("customer.country", Type.TEXT),
  /**
   * The whole months from the customer's first purchase to the sale, in the plan's time zone;
   * missing if the context does not know the first purchase. A first purchase stamped after the
   * sale, as by a host's later write, counts as the sale: 0. A plan with a rule or a milestone
   * that tests it refuses the sale ({@code IllegalArgumentException}) if the first purchase or
   * the sale has no date in the plan's calendar, as near {@code Instant.MIN} or {@code MAX} (see
   * {@link Period}), whether or not a condition reads it for that sale.
   */
  CUSTOMER_MONTHS_SINCE_FIRST_PURCHASE("customer.monthsSinceFirstPurchase", Type.NUMBER),
  /** What the customer paid, shipping and tax included. */
  SALE_TOTAL("sale.total", Type.MONEY),
  /** The value of the goods before the order-level discount, shipping and tax. */
  SALE_SUBTOTAL("sale.subtotal", Type.MONEY),
  /** The currency code of the sale, such as {@code USD}. */
  SALE_CURRENCY("sale.currency", Type.TEXT),
  /**
   * The coupon code on the order, as the customer entered it; missing if none. A condition
   * compares the text as written, not as a link code is read: {@code sale.couponCode =
   * GLOWWITHMIA} does not hold for {@code glowwithmia}, though attribution through a program, or
   * through the directory of {@code AffiliateDirectory.builder()}, credits both to the code's
   * owner. A host that pays by affiliate code records the code as those read it, {@code
   * LinkCode.tryParseTyped}. Targeting the code's affiliate with {@code sale.creditBasis =
   * COUPON} instead covers only the sales that the coupon itself credits: not a repeat buyer
   * whom a {@linkplain dev.affiliatekit.attribution.AttributionPolicy#lifetimeBinding() lifetime
   * binding} credits to the same affiliate, since a binding beats a coupon, nor any sale when
   * coupons do not beat links. The condition tests the sale, not who owns the code: whoever the
   * sale credits earns the rule's rate.
   */
  SALE_COUPON_CODE("sale.couponCode", Type.TEXT),
  /** What earned the credit: {@code TOUCHPOINTS}, {@code COUPON} or {@code LIFETIME_BINDING}. */
  SALE_CREDIT_BASIS("sale.creditBasis", Type.TEXT),
  /** The billing period of a subscription charge, 1 for the first; missing for a one-off sale. */
  SALE_BILLING_PERIOD("sale.billingPeriod", Type.NUMBER),
  /**
   * The whole months from the subscription's start to the sale, in the plan's time zone; missing
   * for a one-off sale. A plan with a rule or a milestone that tests it, or a {@link
   * RecurringTerm} of months, refuses the sale ({@code IllegalArgumentException}) if the start or
   * the sale has no date in the plan's calendar, as near {@code Instant.MIN} or {@code MAX} (see
   * {@link Period}), whether or not it is read for that sale.
   */
  SALE_SUBSCRIPTION_MONTHS("sale.subscriptionMonths", Type.NUMBER),
  /** The line item's product id; missing outside of a line item. */
  ITEM_PRODUCT_ID("item.productId", Type.TEXT),
  /** The line item's category; missing outside of a line item or if it has none. */
  ITEM_CATEGORY("item.category", Type.TEXT),
  /** The line item's quantity; missing outside of a line item. */
  ITEM_QUANTITY("item.quantity", Type.NUMBER),
  /** The line item's amount before the order-level discount; missing outside of a line item. */
  ITEM_AMOUNT("item.amount", Type.MONEY);

  /** The kind of value an attribute has, which decides the conditions that apply to it. */
  public enum Type {
    /** Text, tested with equals, in and starts-with. */
    TEXT,
    /** A set of texts, tested like text: a condition holds if it holds for one of them. */
    TAGS,
    /** A whole number, tested with ranges. */
    NUMBER,
    /** An amount of money, tested with ranges of the same currency. */
    MONEY
  }

  private static final Attribute[] VALUES = values();

  private final String key;
  private final Type type;

  Attribute(String key, Type type) {
    this.key = key;
    this.type = type;
  }

  /** {@return the key, such as {@code affiliate.followers}} */
  public String key() {
    return key;
  }

  /** {@return the type of the attribute's values} */
  public Type type() {
    return type;
  }

  /** {@return whether the attribute is of a line item, and so missing outside of one} */
  public boolean isItemAttribute() {
    return key.startsWith("item.");
  }

  /**
   * {@return whether the attribute is of the affiliate's profile, and so the same for all its
   * sales}
   */
  boolean isAffiliateAttribute() {
    return key.startsWith("affiliate.");
  }

  /**
   * {@return whether the attribute holds text (or tags), tested with equals, in and starts-with}
   */
  boolean isText() {
    return type == Type.TEXT || type == Type.TAGS;
  }

  /**
   * Returns the attribute with the given key.
   *
   * @param key a key such as {@code item.category}
   * @return the attribute, or empty if no attribute has that key
   */
  public static Optional<Attribute> ofKey(String key) {
    checkNotNull(key, "key");
    for (Attribute attribute : VALUES) {
      if (attribute.key.equals(key)) {
        return Optional.of(attribute);
      }
    }
    return Optional.empty();
  }

  /** {@return the key} */
  @Override
  public String toString() {
    return key;
  }
}
