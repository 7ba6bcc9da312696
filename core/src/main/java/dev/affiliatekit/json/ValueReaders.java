package dev.affiliatekit.json;

import com.fasterxml.jackson.core.JsonParser;
import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.CustomerType;
import dev.affiliatekit.attribution.LineItem;
import dev.affiliatekit.attribution.Subscription;
import dev.affiliatekit.attribution.Touchpoint;
import dev.affiliatekit.attribution.TouchpointKind;
import dev.affiliatekit.commission.AffiliateProfile;
import dev.affiliatekit.money.CurrencyTable;
import dev.affiliatekit.money.Money;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/** Reads conversions, touchpoints and affiliate profiles in the format of {@link AffiliateKitJson}. */
final class ValueReaders {

  static final List<String> CONVERSION_FIELDS = List.of("orderId", "visitorId", "customerId",
      "customerEmail", "instant", "total", "lineItems", "discount", "shipping", "tax", "couponCode",
      "customerType", "customerCountry", "subscription");
  static final List<String> LINE_ITEM_FIELDS = List.of("productId", "category", "quantity",
      "amount");
  static final List<String> SUBSCRIPTION_FIELDS = List.of("subscriptionId", "billingPeriod",
      "startedAt");
  static final List<String> TOUCHPOINT_FIELDS = List.of("kind", "affiliateId", "code",
      "visitorId", "customerId", "channel", "instant", "sequence");
  static final List<String> PROFILE_FIELDS = List.of("affiliateId", "group", "tags", "platform",
      "followers", "country", "parentId");

  private static final String MONEY_EXAMPLE = "\"USD 12.34\"";

  private ValueReaders() {}

  static Conversion conversion(JsonParser parser, CurrencyTable currencies) throws IOException {
    FieldReader object = FieldReader.start(parser, Conversion.class, "conversion",
        CONVERSION_FIELDS);
    String orderId = null;
    String visitorId = null;
    String customerId = null;
    String customerEmail = null;
    Instant instant = null;
    Money total = null;
    List<LineItem> lineItems = List.of();
    Money discount = null;
    Money shipping = null;
    Money tax = null;
    String couponCode = null;
    CustomerType customerType = null;
    String customerCountry = null;
    Subscription subscription = null;
    for (String name = object.next(); name != null; name = object.next()) {
      switch (name) {
        case "orderId" -> orderId = object.text();
        case "visitorId" -> visitorId = object.optionalText();
        case "customerId" -> customerId = object.optionalText();
        case "customerEmail" -> customerEmail = object.optionalText();
        case "instant" -> instant = object.instant();
        case "total" -> total = money(object, currencies);
        case "lineItems" -> lineItems = object.list(p -> lineItem(p, currencies));
        case "discount" -> discount = optionalMoney(object, currencies);
        case "shipping" -> shipping = optionalMoney(object, currencies);
        case "tax" -> tax = optionalMoney(object, currencies);
        case "couponCode" -> couponCode = object.optionalText();
        case "customerType" -> customerType = object.optional(
            p -> FieldReader.constant(p, CustomerType.class, object.what()));
        case "customerCountry" -> customerCountry = object.optionalText();
        case "subscription" -> subscription = object.optional(ValueReaders::subscription);
        default -> throw new AssertionError("bug: unread conversion field " + name);
      }
    }
    String id = object.required(orderId, "orderId");
    Instant at = object.required(instant, "instant");
    Money paid = object.required(total, "total");
    Money zero = Money.zero(paid.currency());
    Money orderDiscount = discount == null ? zero : discount;
    Money orderShipping = shipping == null ? zero : shipping;
    Money orderTax = tax == null ? zero : tax;
    CustomerType type = customerType == null ? CustomerType.UNKNOWN : customerType;
    List<LineItem> lines = lineItems;
    Optional<String> visitor = Optional.ofNullable(visitorId);
    Optional<String> customer = Optional.ofNullable(customerId);
    Optional<String> email = Optional.ofNullable(customerEmail);
    Optional<String> coupon = Optional.ofNullable(couponCode);
    Optional<String> country = Optional.ofNullable(customerCountry);
    Optional<Subscription> recurring = Optional.ofNullable(subscription);
    return object.build(() -> new Conversion(id, visitor, customer, email, at, paid, lines,
        orderDiscount, orderShipping, orderTax, coupon, type, country, recurring));
  }

  static LineItem lineItem(JsonParser parser, CurrencyTable currencies) throws IOException {
    FieldReader object = FieldReader.start(parser, LineItem.class, "line item", LINE_ITEM_FIELDS);
    String productId = null;
    String category = null;
    Long quantity = null;
    Money amount = null;
    for (String name = object.next(); name != null; name = object.next()) {
      switch (name) {
        case "productId" -> productId = object.text();
        case "category" -> category = object.optionalText();
        case "quantity" -> quantity = object.integer(Integer.MIN_VALUE, Integer.MAX_VALUE);
        case "amount" -> amount = money(object, currencies);
        default -> throw new AssertionError("bug: unread line item field " + name);
      }
    }
    String product = object.required(productId, "productId");
    int units = object.required(quantity, "quantity").intValue();
    Money cost = object.required(amount, "amount");
    Optional<String> group = Optional.ofNullable(category);
    return object.build(() -> new LineItem(product, group, units, cost));
  }

  static Subscription subscription(JsonParser parser) throws IOException {
    FieldReader object = FieldReader.start(parser, Subscription.class, "subscription",
        SUBSCRIPTION_FIELDS);
    String subscriptionId = null;
    Long billingPeriod = null;
    Instant startedAt = null;
    for (String name = object.next(); name != null; name = object.next()) {
      switch (name) {
        case "subscriptionId" -> subscriptionId = object.text();
        case "billingPeriod" -> billingPeriod =
            object.integer(Integer.MIN_VALUE, Integer.MAX_VALUE);
        case "startedAt" -> startedAt = object.instant();
        default -> throw new AssertionError("bug: unread subscription field " + name);
      }
    }
    String id = object.required(subscriptionId, "subscriptionId");
    int period = object.required(billingPeriod, "billingPeriod").intValue();
    Instant started = object.required(startedAt, "startedAt");
    return object.build(() -> new Subscription(id, period, started));
  }

  static Touchpoint touchpoint(JsonParser parser) throws IOException {
    FieldReader object = FieldReader.start(parser, Touchpoint.class, "touchpoint",
        TOUCHPOINT_FIELDS);
    TouchpointKind kind = null;
    String affiliateId = null;
    String code = null;
    String visitorId = null;
    String customerId = null;
    String channel = null;
    Instant instant = null;
    long sequence = 0;
    for (String name = object.next(); name != null; name = object.next()) {
      switch (name) {
        case "kind" -> kind = object.constant(TouchpointKind.class);
        case "affiliateId" -> affiliateId = object.text();
        case "code" -> code = object.optionalText();
        case "visitorId" -> visitorId = object.text();
        case "customerId" -> customerId = object.optionalText();
        case "channel" -> channel = object.optionalText();
        case "instant" -> instant = object.instant();
        case "sequence" -> sequence = object.integer(Long.MIN_VALUE, Long.MAX_VALUE);
        default -> throw new AssertionError("bug: unread touchpoint field " + name);
      }
    }
    Touchpoint.Builder touch = Touchpoint.builder(object.required(kind, "kind"),
        object.required(visitorId, "visitorId"), object.required(affiliateId, "affiliateId"),
        object.required(instant, "instant"));
    if (code != null) {
      touch.code(code);
    }
    if (customerId != null) {
      touch.customerId(customerId);
    }
    if (channel != null) {
      touch.channel(channel);
    }
    touch.sequence(sequence);
    return object.build(touch::build);
  }

  static AffiliateProfile profile(JsonParser parser) throws IOException {
    FieldReader object = FieldReader.start(parser, AffiliateProfile.class, "affiliate profile",
        PROFILE_FIELDS);
    String affiliateId = null;
    String group = null;
    List<String> tags = List.of();
    String platform = null;
    Long followers = null;
    String country = null;
    String parentId = null;
    for (String name = object.next(); name != null; name = object.next()) {
      switch (name) {
        case "affiliateId" -> affiliateId = object.text();
        case "group" -> group = object.optionalText();
        case "tags" -> tags = object.list(p -> FieldReader.text(p, "affiliate profile tag"));
        case "platform" -> platform = object.optionalText();
        case "followers" -> followers = object.optional(
            p -> FieldReader.integer(p, object.what(), Long.MIN_VALUE, Long.MAX_VALUE));
        case "country" -> country = object.optionalText();
        case "parentId" -> parentId = object.optionalText();
        default -> throw new AssertionError("bug: unread affiliate profile field " + name);
      }
    }
    String id = object.required(affiliateId, "affiliateId");
    TreeSet<String> labels = new TreeSet<>(tags);
    OptionalLong count = followers == null ? OptionalLong.empty() : OptionalLong.of(followers);
    Optional<String> tier = Optional.ofNullable(group);
    Optional<String> where = Optional.ofNullable(platform);
    Optional<String> home = Optional.ofNullable(country);
    Optional<String> parent = Optional.ofNullable(parentId);
    return object.build(
        () -> new AffiliateProfile(id, tier, labels, where, count, home, parent));
  }

  private static Money money(FieldReader object, CurrencyTable currencies) throws IOException {
    return object.parsed(Money.class, MONEY_EXAMPLE, text -> Money.parse(text, currencies));
  }

  private static @Nullable Money optionalMoney(FieldReader object, CurrencyTable currencies)
      throws IOException {
    return object.optional(p -> FieldReader.parse(p, Money.class, object.what(), MONEY_EXAMPLE,
        text -> Money.parse(text, currencies)));
  }
}
