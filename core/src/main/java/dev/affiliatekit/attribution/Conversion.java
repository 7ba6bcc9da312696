package dev.affiliatekit.attribution;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static dev.affiliatekit.internal.Ids.checkId;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.affiliatekit.internal.Countries;
import dev.affiliatekit.internal.Elements;
import dev.affiliatekit.internal.Emails;
import dev.affiliatekit.internal.Texts;
import dev.affiliatekit.money.CurrencyMismatchException;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A sale to attribute: the order, who bought, when, and the amounts a commission plan may base a
 * commission on.
 *
 * <p>The amounts obey one invariant, checked on construction: <b>{@code total = subtotal -
 * discount + shipping + tax}</b>, where the subtotal is the sum of the line item amounts. An order
 * without line items has the subtotal that makes the equation hold, which must not be negative. All
 * amounts are in one currency and none is negative; the order-level discount is at most the
 * subtotal. For example, two lines of {@code USD 40.00} and {@code USD 20.00}, a discount of {@code
 * USD 6.00}, shipping of {@code USD 5.00} and tax of {@code USD 4.86} make a total of {@code USD
 * 63.86}.
 *
 * <pre>{@code
 * Conversion order = Conversion.builder("order-1001", instant, Money.parse("USD 63.86"))
 *     .visitorId("visitor-7f3a")
 *     .customerId("customer-42")
 *     .lineItem(LineItem.of("serum-30ml", "SKIN_CARE", 2, Money.parse("USD 20.00")))
 *     .lineItem(LineItem.of("tote", "BAGS", 1, Money.parse("USD 20.00")))
 *     .discount(Money.parse("USD 6.00"))
 *     .shipping(Money.parse("USD 5.00"))
 *     .tax(Money.parse("USD 4.86"))
 *     .couponCode("ANNA10")
 *     .customerType(CustomerType.NEW)
 *     .build();
 * }</pre>
 *
 * <p>At least one of the visitor id and the customer id is present: attribution finds the
 * touchpoints through them. The e-mail address serves only the self-referral guard. It is
 * personal data, and {@link #toString()} shows it, as do those of the results that carry the
 * conversion ({@link Attribution}, {@code ConversionOutcome}): a host that logs them logs the
 * buyer's address. The program keeps each conversion it records, address included, to answer
 * retries.
 *
 * <p>It behaves as a record of its fourteen parts would: {@link #equals}, {@link #hashCode} and
 * {@link #toString} are those of a record {@code Conversion(String orderId, Optional<String>
 * visitorId, Optional<String> customerId, Optional<String> customerEmail, Instant instant, Money
 * total, List<LineItem> lineItems, Money discount, Money shipping, Money tax, Optional<String>
 * couponCode, CustomerType customerType, Optional<String> customerCountry, Optional<Subscription>
 * subscription)}. It keeps the amounts' minor units as plain fields as well, so that code that
 * prices many sales may read them through {@link #totalMinorUnits()} and its siblings without
 * reading each {@link Money}.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Conversion {

  private final String orderId;
  private final @Nullable String visitorId;
  private final @Nullable String customerId;
  private final @Nullable String customerEmail;
  private final Instant instant;
  private final Money total;
  private final List<LineItem> lineItems;
  private final Money discount;
  private final Money shipping;
  private final Money tax;
  private final @Nullable String couponCode;
  private final CustomerType customerType;
  private final @Nullable String customerCountry;
  private final @Nullable Subscription subscription;
  private final CurrencyUnit currency;
  private final long totalMinor;
  private final long discountMinor;
  private final long shippingMinor;
  private final long taxMinor;
  /** The instant in nanoseconds since the epoch, if {@link #nanosFit}; attribution compares it. */
  private final long epochNanos;
  private final boolean nanosFit;

  /**
   * Validates the parts and copies the line items.
   *
   * @param orderId the order; attributing the same order twice returns the first result
   * @param visitorId the buyer's anonymous visitor key (cookie or device id), if known
   * @param customerId the buyer's customer id, if known
   * @param customerEmail the buyer's e-mail address, if known, for the self-referral guard
   * @param instant when the order was placed
   * @param total what the customer paid, not negative
   * @param lineItems the order's lines, possibly none
   * @param discount the order-level discount, such as a coupon's, not negative
   * @param shipping the shipping charged, not negative
   * @param tax the tax charged, not negative
   * @param couponCode the coupon code the customer entered, if any
   * @param customerType whether the customer is new or returning
   * @param customerCountry the customer's country, if known: an ISO 3166-1 alpha-2 code in upper
   *     case such as {@code US}, one of those a {@linkplain dev.affiliatekit.commission.Condition
   *     condition} may name (the running JDK's list and the user-assigned codes), so that {@code
   *     UK} is refused for {@code GB}
   * @param subscription the subscription and billing period, for a recurring charge
   * @throws IllegalArgumentException if an id is invalid, both the visitor and customer id are
   *     missing, an amount is negative, the amounts break the invariant, the e-mail address is
   *     malformed, the country is not a code that a condition may name (such as {@code UK}, {@code
   *     us} or {@code USA}), the subscription started after the conversion, or the amounts add up
   *     beyond what their currency can count in a {@code long} of minor units
   * @throws NullPointerException if a part is null or the line items contain null
   * @throws CurrencyMismatchException if the amounts are not all in one currency
   */
  public Conversion(String orderId, Optional<String> visitorId, Optional<String> customerId,
      Optional<String> customerEmail, Instant instant, Money total, List<LineItem> lineItems,
      Money discount, Money shipping, Money tax, Optional<String> couponCode,
      CustomerType customerType, Optional<String> customerCountry,
      Optional<Subscription> subscription) {
    // Arguments are evaluated left to right: a null is reported for the first part, as before.
    this(checkNotNull(orderId, "orderId"), checkNotNull(visitorId, "visitorId").orElse(null),
        checkNotNull(customerId, "customerId").orElse(null),
        checkNotNull(customerEmail, "customerEmail").orElse(null),
        checkNotNull(instant, "instant"), checkNotNull(total, "total"),
        checkNotNull(lineItems, "lineItems"), checkNotNull(discount, "discount"),
        checkNotNull(shipping, "shipping"), checkNotNull(tax, "tax"),
        checkNotNull(couponCode, "couponCode").orElse(null),
        checkNotNull(customerType, "customerType"),
        checkNotNull(customerCountry, "customerCountry").orElse(null),
        checkNotNull(subscription, "subscription").orElse(null));
  }

  private Conversion(String orderId, @Nullable String visitorId, @Nullable String customerId,
      @Nullable String customerEmail, Instant instant, Money total, List<LineItem> lineItems,
      Money discount, Money shipping, Money tax, @Nullable String couponCode,
      CustomerType customerType, @Nullable String customerCountry,
      @Nullable Subscription subscription) {
    checkId(orderId, "conversion orderId");
    if (visitorId != null) {
      checkId(visitorId, "conversion visitorId");
    }
    if (customerId != null) {
      checkId(customerId, "conversion customerId");
    }
    if (visitorId == null && customerId == null) {
      throw new IllegalArgumentException(
          "conversion must have a visitorId or a customerId: " + Texts.quote(orderId));
    }
    if (customerEmail != null) {
      Emails.check(customerEmail, "conversion customerEmail");
    }
    List<LineItem> lines = Elements.copyOf(lineItems, "conversion lineItems");
    if (couponCode != null) {
      checkId(couponCode, "conversion couponCode");
    }
    if (customerCountry != null) {
      Countries.check(customerCountry, "conversion customerCountry");
    }
    if (subscription != null) {
      checkArgument(!subscription.startedAt().isAfter(instant),
          "conversion subscription must not start after the conversion at %s: %s", instant,
          subscription.startedAt());
    }
    checkAmounts(total, lines, discount, shipping, tax);
    this.orderId = orderId;
    this.visitorId = visitorId;
    this.customerId = customerId;
    this.customerEmail = customerEmail;
    this.instant = instant;
    this.total = total;
    this.lineItems = lines;
    this.discount = discount;
    this.shipping = shipping;
    this.tax = tax;
    this.couponCode = couponCode;
    this.customerType = customerType;
    this.customerCountry = customerCountry;
    this.subscription = subscription;
    this.currency = total.currency();
    this.totalMinor = total.minorUnits();
    this.discountMinor = discount.minorUnits();
    this.shippingMinor = shipping.minorUnits();
    this.taxMinor = tax.minorUnits();
    this.nanosFit = !instant.isBefore(EpochNanos.MIN) && !instant.isAfter(EpochNanos.MAX);
    this.epochNanos = nanosFit ? EpochNanos.of(instant, "conversion instant") : 0;
  }

  /** Rejects an amount of the conversion in another currency than the total, naming it. */
  private static void checkCurrency(CurrencyUnit currency, Money amount, String subject) {
    if (!amount.currency().equals(currency)) {
      throw new CurrencyMismatchException(currency, amount.currency(),
          subject + " must be in " + currency + ", the total's currency: " + amount);
    }
  }

  private static void checkAmounts(Money total, List<LineItem> lines, Money discount,
      Money shipping, Money tax) {
    CurrencyUnit currency = total.currency();
    checkCurrency(currency, discount, "conversion discount");
    checkCurrency(currency, shipping, "conversion shipping");
    checkCurrency(currency, tax, "conversion tax");
    for (LineItem line : lines) {
      checkCurrency(currency, line.amount(),
          "conversion line item " + Texts.quote(line.productId()) + " amount");
    }
    checkArgument(!total.isNegative(), "conversion total must not be negative: %s", total);
    checkArgument(!discount.isNegative(), "conversion discount must not be negative: %s", discount);
    checkArgument(!shipping.isNegative(), "conversion shipping must not be negative: %s", shipping);
    checkArgument(!tax.isNegative(), "conversion tax must not be negative: %s", tax);
    try {
      checkSum(total, lines, discount, shipping, tax);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("conversion amounts must add up within the range of "
          + currency + ": total " + total + ", discount " + discount + ", shipping " + shipping
          + ", tax " + tax + ", " + lines.size() + " line items");
    }
  }

  /** Checks that the total is the line items less the discount plus shipping and tax. */
  private static void checkSum(Money total, List<LineItem> lines, Money discount, Money shipping,
      Money tax) {
    Money implied = total.plus(discount).minus(shipping).minus(tax);
    if (lines.isEmpty()) {
      checkArgument(!implied.minus(discount).isNegative(),
          "conversion total must cover shipping and tax (%s + %s): %s", shipping, tax, total);
      return;
    }
    Money subtotal = Money.zero(total.currency());
    for (LineItem line : lines) {
      subtotal = subtotal.plus(line.amount());
    }
    checkArgument(!discount.isGreaterThan(subtotal),
        "conversion discount must not exceed the line items (%s): %s", subtotal, discount);
    if (!implied.equals(subtotal)) {
      throw new IllegalArgumentException("conversion total must equal line items - discount + "
          + "shipping + tax (" + subtotal + " - " + discount + " + " + shipping + " + " + tax
          + " = " + subtotal.minus(discount).plus(shipping).plus(tax) + "): " + total);
    }
  }

  /**
   * Returns a builder for a conversion of the given order, instant and total; shipping, tax and
   * discount start at zero in the total's currency.
   *
   * @param orderId the order
   * @param instant when the order was placed
   * @param total what the customer paid
   * @return the builder
   */
  public static Builder builder(String orderId, Instant instant, Money total) {
    return new Builder(orderId, instant, total);
  }

  /** {@return the order; attributing the same order twice returns the first result} */
  public String orderId() {
    return orderId;
  }

  /** {@return the buyer's anonymous visitor key (cookie or device id), if known} */
  public Optional<String> visitorId() {
    return Optional.ofNullable(visitorId);
  }

  /** {@return the buyer's customer id, if known} */
  public Optional<String> customerId() {
    return Optional.ofNullable(customerId);
  }

  /** {@return the buyer's e-mail address, if known, for the self-referral guard} */
  public Optional<String> customerEmail() {
    return Optional.ofNullable(customerEmail);
  }

  /** {@return when the order was placed} */
  public Instant instant() {
    return instant;
  }

  /** {@return what the customer paid, not negative} */
  public Money total() {
    return total;
  }

  /** {@return the order's lines, possibly none} */
  public List<LineItem> lineItems() {
    return lineItems;
  }

  /** {@return the order-level discount, such as a coupon's, not negative} */
  public Money discount() {
    return discount;
  }

  /** {@return the shipping charged, not negative} */
  public Money shipping() {
    return shipping;
  }

  /** {@return the tax charged, not negative} */
  public Money tax() {
    return tax;
  }

  /** {@return the coupon code the customer entered, if any} */
  public Optional<String> couponCode() {
    return Optional.ofNullable(couponCode);
  }

  /** {@return whether the customer is new or returning} */
  public CustomerType customerType() {
    return customerType;
  }

  /**
   * {@return the customer's country as an ISO 3166-1 alpha-2 code such as {@code US}, if known}
   * It is one of those a {@linkplain dev.affiliatekit.commission.Condition condition} may name.
   */
  public Optional<String> customerCountry() {
    return Optional.ofNullable(customerCountry);
  }

  /** {@return the subscription and billing period, for a recurring charge} */
  public Optional<Subscription> subscription() {
    return Optional.ofNullable(subscription);
  }

  /** {@return the currency of every amount of this conversion} */
  public CurrencyUnit currency() {
    return currency;
  }

  /**
   * Returns the total in minor units of the {@linkplain #currency() currency}: {@code
   * total().minorUnits()}, for code that reads the amounts of many sales. For example, a total of
   * {@code USD 63.86} is {@code 6386}.
   *
   * @return the total's minor units
   */
  public long totalMinorUnits() {
    return totalMinor;
  }

  /**
   * Returns the order-level discount in minor units of the {@linkplain #currency() currency}:
   * {@code discount().minorUnits()}, for code that reads the amounts of many sales.
   *
   * @return the discount's minor units
   */
  public long discountMinorUnits() {
    return discountMinor;
  }

  /**
   * Returns the shipping in minor units of the {@linkplain #currency() currency}: {@code
   * shipping().minorUnits()}, for code that reads the amounts of many sales.
   *
   * @return the shipping's minor units
   */
  public long shippingMinorUnits() {
    return shippingMinor;
  }

  /**
   * Returns the tax in minor units of the {@linkplain #currency() currency}: {@code
   * tax().minorUnits()}, for code that reads the amounts of many sales.
   *
   * @return the tax's minor units
   */
  public long taxMinorUnits() {
    return taxMinor;
  }

  /** {@return the visitor id, or null if the buyer has none} */
  @Nullable String visitorIdOrNull() {
    return visitorId;
  }

  /** {@return the customer id, or null if the buyer has none} */
  @Nullable String customerIdOrNull() {
    return customerId;
  }

  /**
   * {@return whether the conversion's visitor is one of the visitors, or its customer id the
   * customer} The e-mail does not count.
   *
   * @param visitors the visitors, perhaps none
   * @param customer the customer, or null to match none
   */
  boolean names(Set<String> visitors, @Nullable String customer) {
    return (visitorId != null && visitors.contains(visitorId))
        || (customer != null && customer.equals(customerId));
  }

  /** {@return the e-mail address, or null if the buyer has none} */
  @Nullable String customerEmailOrNull() {
    return customerEmail;
  }

  /** {@return the coupon code, or null if the customer entered none} */
  @Nullable String couponCodeOrNull() {
    return couponCode;
  }

  /**
   * Returns the instant in nanoseconds since the epoch, as {@code EpochNanos.of(instant(),
   * "conversion instant")} does, without working it out again.
   *
   * @throws IllegalArgumentException if the instant is outside the range of {@link EpochNanos}
   */
  long epochNanos() {
    return nanosFit ? epochNanos : EpochNanos.of(instant, "conversion instant");
  }

  /**
   * Returns the value of the goods before the order-level discount, shipping and tax: the sum of
   * the line items, or {@code total + discount - shipping - tax} when there are none.
   *
   * <p>For example, a total of {@code USD 63.86} with a discount of {@code USD 6.00}, shipping of
   * {@code USD 5.00} and tax of {@code USD 4.86} has a subtotal of {@code USD 60.00}.
   *
   * @return the subtotal
   */
  public Money subtotal() {
    return total.plus(discount).minus(shipping).minus(tax);
  }

  /**
   * Returns the value of the goods after the order-level discount, without shipping and tax:
   * {@code subtotal - discount}, which is also {@code total - shipping - tax}.
   *
   * @return the discounted subtotal
   */
  public Money discountedSubtotal() {
    return total.minus(shipping).minus(tax);
  }

  /**
   * Returns each line item's amount less its pro-rated share of the order-level discount; the
   * results add up to exactly {@link #discountedSubtotal()}.
   *
   * <p>For example, lines of {@code USD 40.00} and {@code USD 20.00} with a discount of {@code USD
   * 6.00} give {@code [USD 36.00, USD 18.00]}. Shares are divided by {@link
   * Money#prorate(List)}, so no cent is lost or created, and a minor unit left over among equal
   * shares goes to the earlier line. Commission pricing gives such a unit by what the items are
   * instead, whatever their order (see {@code Base}), so when lines tie, a rule's base may differ
   * by a minor unit from the sum of its lines here.
   *
   * @return the discounted amounts, in the order of {@link #lineItems()}; empty without line items
   */
  public List<Money> discountedLineAmounts() {
    if (lineItems.isEmpty()) {
      return List.of();
    }
    List<Money> amounts = new ArrayList<>(lineItems.size());
    for (LineItem line : lineItems) {
      amounts.add(line.amount());
    }
    if (discount.isZero() || subtotal().isZero()) {
      return List.copyOf(amounts);
    }
    List<Money> shares = discount.prorate(amounts);
    for (int i = 0; i < amounts.size(); i++) {
      amounts.set(i, amounts.get(i).minus(shares.get(i)));
    }
    return List.copyOf(amounts);
  }

  /**
   * Tells whether another object is a conversion with equal parts.
   *
   * @param obj the object to compare with
   * @return whether {@code obj} is a conversion whose fourteen parts are equal to this one's
   */
  @Override
  public boolean equals(@Nullable Object obj) {
    // The amounts' minor units and the currency follow from the Money parts and are not compared
    // apart; comparing them first only turns most unequal sales away sooner.
    return obj instanceof Conversion other && totalMinor == other.totalMinor
        && orderId.equals(other.orderId) && Objects.equals(visitorId, other.visitorId)
        && Objects.equals(customerId, other.customerId)
        && Objects.equals(customerEmail, other.customerEmail) && instant.equals(other.instant)
        && total.equals(other.total) && lineItems.equals(other.lineItems)
        && discount.equals(other.discount) && shipping.equals(other.shipping)
        && tax.equals(other.tax) && Objects.equals(couponCode, other.couponCode)
        && customerType == other.customerType
        && Objects.equals(customerCountry, other.customerCountry)
        && Objects.equals(subscription, other.subscription);
  }

  /**
   * Returns the hash code a record of the fourteen parts would have.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    // The combination java.lang.runtime.ObjectMethods gives records; an empty Optional hashes to 0.
    int hash = orderId.hashCode();
    hash = 31 * hash + Objects.hashCode(visitorId);
    hash = 31 * hash + Objects.hashCode(customerId);
    hash = 31 * hash + Objects.hashCode(customerEmail);
    hash = 31 * hash + instant.hashCode();
    hash = 31 * hash + total.hashCode();
    hash = 31 * hash + lineItems.hashCode();
    hash = 31 * hash + discount.hashCode();
    hash = 31 * hash + shipping.hashCode();
    hash = 31 * hash + tax.hashCode();
    hash = 31 * hash + Objects.hashCode(couponCode);
    hash = 31 * hash + customerType.hashCode();
    hash = 31 * hash + Objects.hashCode(customerCountry);
    return 31 * hash + Objects.hashCode(subscription);
  }

  /**
   * Returns the conversion as a record of its parts shows itself, such as {@code
   * Conversion[orderId=o, visitorId=Optional[v], customerId=Optional.empty, ...]}.
   *
   * @return the text
   */
  @Override
  public String toString() {
    return "Conversion[orderId=" + orderId + ", visitorId=" + visitorId() + ", customerId="
        + customerId() + ", customerEmail=" + customerEmail() + ", instant=" + instant
        + ", total=" + total + ", lineItems=" + lineItems + ", discount=" + discount
        + ", shipping=" + shipping + ", tax=" + tax + ", couponCode=" + couponCode()
        + ", customerType=" + customerType + ", customerCountry=" + customerCountry()
        + ", subscription=" + subscription() + "]";
  }

  /**
   * A builder of {@link Conversion}s. Each setter replaces the previous value; {@link #build()}
   * validates through the conversion's constructor.
   */
  public static final class Builder {
    private final String orderId;
    private final Instant instant;
    private final Money total;
    private @Nullable String visitorId;
    private @Nullable String customerId;
    private @Nullable String customerEmail;
    private final List<LineItem> lineItems = new ArrayList<>();
    private Money discount;
    private Money shipping;
    private Money tax;
    private @Nullable String couponCode;
    private CustomerType customerType = CustomerType.UNKNOWN;
    private @Nullable String customerCountry;
    private @Nullable Subscription subscription;

    private Builder(String orderId, Instant instant, Money total) {
      this.orderId = checkNotNull(orderId, "orderId");
      this.instant = checkNotNull(instant, "instant");
      this.total = checkNotNull(total, "total");
      Money zero = Money.zero(total.currency());
      this.discount = zero;
      this.shipping = zero;
      this.tax = zero;
    }

    /**
     * Sets the buyer's anonymous visitor key.
     *
     * @param value the visitor id
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder visitorId(String value) {
      this.visitorId = checkNotNull(value, "visitorId");
      return this;
    }

    /**
     * Sets the buyer's customer id.
     *
     * @param value the customer id
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder customerId(String value) {
      this.customerId = checkNotNull(value, "customerId");
      return this;
    }

    /**
     * Sets the buyer's e-mail address, which the self-referral guard compares with the
     * affiliates'.
     *
     * @param value the address
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder customerEmail(String value) {
      this.customerEmail = checkNotNull(value, "customerEmail");
      return this;
    }

    /**
     * Adds a line item.
     *
     * @param value the line
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder lineItem(LineItem value) {
      lineItems.add(checkNotNull(value, "lineItem"));
      return this;
    }

    /**
     * Sets the order-level discount.
     *
     * @param value the discount
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder discount(Money value) {
      this.discount = checkNotNull(value, "discount");
      return this;
    }

    /**
     * Sets the shipping charged.
     *
     * @param value the shipping
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder shipping(Money value) {
      this.shipping = checkNotNull(value, "shipping");
      return this;
    }

    /**
     * Sets the tax charged.
     *
     * @param value the tax
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder tax(Money value) {
      this.tax = checkNotNull(value, "tax");
      return this;
    }

    /**
     * Sets the coupon code the customer entered. Attribution through an {@code AffiliateProgram}
     * or the directory of {@link AffiliateDirectory#builder()} reads it as {@link
     * dev.affiliatekit.link.LinkCode#tryParseTyped} does: in any case (the Turkish {@code İ} and
     * {@code ı} as {@code I}), with hyphens or spaces, and with {@code O}, {@code I} and {@code L}
     * as digits where it reads as a generated code; a plan's conditions on {@code
     * sale.couponCode} see it as written.
     *
     * @param value the code
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder couponCode(String value) {
      this.couponCode = checkNotNull(value, "couponCode");
      return this;
    }

    /**
     * Sets whether the customer is new or returning; {@link CustomerType#UNKNOWN} by default.
     *
     * @param value new, returning or unknown
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder customerType(CustomerType value) {
      this.customerType = checkNotNull(value, "customerType");
      return this;
    }

    /**
     * Sets the customer's country, which {@link #build()} checks.
     *
     * @param value an ISO 3166-1 alpha-2 code that a {@linkplain
     *     dev.affiliatekit.commission.Condition condition} may name, such as {@code DE}; {@code
     *     build()} refuses another, such as {@code UK}
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder customerCountry(String value) {
      this.customerCountry = checkNotNull(value, "customerCountry");
      return this;
    }

    /**
     * Marks the conversion as a recurring charge of a subscription.
     *
     * @param subscriptionId the subscription
     * @param billingPeriod 1 for the first billing period, 2 for the second, and so on
     * @param startedAt when the subscription started
     * @return this builder
     * @throws IllegalArgumentException if the id or the billing period is invalid
     */
    @CanIgnoreReturnValue
    public Builder subscription(String subscriptionId, int billingPeriod, Instant startedAt) {
      this.subscription = new Subscription(subscriptionId, billingPeriod, startedAt);
      return this;
    }

    /**
     * Returns the conversion.
     *
     * @return the conversion
     * @throws IllegalArgumentException if a part is invalid (see {@link Conversion#Conversion})
     * @throws CurrencyMismatchException if the amounts are not all in one currency
     */
    public Conversion build() {
      return new Conversion(orderId, visitorId, customerId, customerEmail, instant, total,
          lineItems, discount, shipping, tax, couponCode, customerType, customerCountry,
          subscription);
    }
  }
}
