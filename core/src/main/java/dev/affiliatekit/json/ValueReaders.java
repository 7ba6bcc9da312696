package dev.affiliatekit.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.affiliatekit.attribution.BindingHistory;
import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.CustomerBinding;
import dev.affiliatekit.attribution.CustomerType;
import dev.affiliatekit.attribution.LineItem;
import dev.affiliatekit.attribution.Subscription;
import dev.affiliatekit.attribution.Touchpoint;
import dev.affiliatekit.attribution.TouchpointKind;
import dev.affiliatekit.commission.AffiliateProfile;
import dev.affiliatekit.internal.Ids;
import dev.affiliatekit.internal.Texts;
import dev.affiliatekit.money.CurrencyTable;
import dev.affiliatekit.money.Money;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Reads conversions, touchpoints and affiliate profiles in the format of {@link AffiliateKitJson}.
 */
final class ValueReaders {

  static final List<String> CONVERSION_FIELDS = List.of("orderId", "visitorId", "customerId",
      "customerEmail", "instant", "total", "lineItems", "discount", "shipping", "tax", "couponCode",
      "customerType", "customerCountry", "subscription");
  static final List<String> LINE_ITEM_FIELDS = List.of("productId", "category", "quantity",
      "amount");
  static final List<String> SUBSCRIPTION_FIELDS = List.of("subscriptionId", "billingPeriod",
      "startedAt");
  static final List<String> BINDING_HISTORY_FIELDS = List.of("customerId", "candidates",
      "firstBroke");
  static final List<String> CANDIDATE_FIELDS = List.of("affiliateId", "since");
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
        case "total" -> total = object.parsed(Money.class, MONEY_EXAMPLE, money(currencies));
        case "lineItems" -> lineItems = object.list(p -> lineItem(p, currencies));
        case "discount" -> discount = optionalMoney(object, currencies);
        case "shipping" -> shipping = optionalMoney(object, currencies);
        case "tax" -> tax = optionalMoney(object, currencies);
        case "couponCode" -> couponCode = object.optionalText();
        case "customerType" -> customerType = object.optionalConstant(CustomerType.class);
        case "customerCountry" -> customerCountry = object.optionalText();
        case "subscription" -> subscription = object.optional(ValueReaders::subscription);
        default -> throw new AssertionError("bug: unread conversion field " + name);
      }
    }
    String order = object.required(orderId, "orderId");
    Instant placedAt = object.required(instant, "instant");
    Money paid = object.required(total, "total");
    Money zero = Money.zero(paid.currency());
    try {
      return new Conversion(order, Optional.ofNullable(visitorId),
          Optional.ofNullable(customerId), Optional.ofNullable(customerEmail), placedAt, paid,
          lineItems, discount == null ? zero : discount, shipping == null ? zero : shipping,
          tax == null ? zero : tax, Optional.ofNullable(couponCode),
          customerType == null ? CustomerType.UNKNOWN : customerType,
          Optional.ofNullable(customerCountry), Optional.ofNullable(subscription));
    } catch (IllegalArgumentException | ArithmeticException | DateTimeException e) {
      throw object.rejected(e);
    }
  }

  static LineItem lineItem(JsonParser parser, CurrencyTable currencies) throws IOException {
    FieldReader object = FieldReader.start(parser, LineItem.class, "line item", LINE_ITEM_FIELDS);
    String productId = null;
    String category = null;
    Integer quantity = null;
    Money amount = null;
    for (String name = object.next(); name != null; name = object.next()) {
      switch (name) {
        case "productId" -> productId = object.text();
        case "category" -> category = object.optionalText();
        case "quantity" -> quantity = object.intValue(1, Integer.MAX_VALUE);
        case "amount" -> amount = object.parsed(Money.class, MONEY_EXAMPLE, money(currencies));
        default -> throw new AssertionError("bug: unread line item field " + name);
      }
    }
    String product = object.required(productId, "productId");
    int units = object.required(quantity, "quantity");
    Money lineAmount = object.required(amount, "amount");
    try {
      return new LineItem(product, Optional.ofNullable(category), units, lineAmount);
    } catch (IllegalArgumentException | ArithmeticException | DateTimeException e) {
      throw object.rejected(e);
    }
  }

  static Subscription subscription(JsonParser parser) throws IOException {
    FieldReader object = FieldReader.start(parser, Subscription.class, "subscription",
        SUBSCRIPTION_FIELDS);
    String subscriptionId = null;
    Integer billingPeriod = null;
    Instant startedAt = null;
    for (String name = object.next(); name != null; name = object.next()) {
      switch (name) {
        case "subscriptionId" -> subscriptionId = object.text();
        case "billingPeriod" -> billingPeriod = object.intValue(1, Integer.MAX_VALUE);
        case "startedAt" -> startedAt = object.instant();
        default -> throw new AssertionError("bug: unread subscription field " + name);
      }
    }
    String id = object.required(subscriptionId, "subscriptionId");
    int period = object.required(billingPeriod, "billingPeriod");
    Instant started = object.required(startedAt, "startedAt");
    try {
      return new Subscription(id, period, started);
    } catch (IllegalArgumentException | ArithmeticException | DateTimeException e) {
      throw object.rejected(e);
    }
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
    Long sequence = null;
    for (String name = object.next(); name != null; name = object.next()) {
      switch (name) {
        case "kind" -> kind = object.constant(TouchpointKind.class);
        case "affiliateId" -> affiliateId = object.text();
        case "code" -> code = object.optionalText();
        case "visitorId" -> visitorId = object.text();
        case "customerId" -> customerId = object.optionalText();
        case "channel" -> channel = object.optionalText();
        case "instant" -> instant = object.instant();
        case "sequence" -> sequence = object.optionalLongValue(0, Long.MAX_VALUE);
        default -> throw new AssertionError("bug: unread touchpoint field " + name);
      }
    }
    TouchpointKind touchKind = object.required(kind, "kind");
    String visitor = object.required(visitorId, "visitorId");
    String affiliate = object.required(affiliateId, "affiliateId");
    Instant at = object.required(instant, "instant");
    try {
      Touchpoint.Builder touch = Touchpoint.builder(touchKind, visitor, affiliate, at);
      if (code != null) {
        touch.code(code);
      }
      if (customerId != null) {
        touch.customerId(customerId);
      }
      if (channel != null) {
        touch.channel(channel);
      }
      // Absent, the touch is one not recorded yet, as a touch built in code.
      return touch.sequence(sequence == null ? 0 : sequence).build();
    } catch (IllegalArgumentException | ArithmeticException | DateTimeException e) {
      throw object.rejected(e);
    }
  }

  /** A candidate of a binding history as read, before the history's customer is known. */
  private record Candidate(String affiliateId, Instant since) {}

  static BindingHistory bindingHistory(JsonParser parser) throws IOException {
    FieldReader object = FieldReader.start(parser, BindingHistory.class, "binding history",
        BINDING_HISTORY_FIELDS);
    String customerId = null;
    List<Candidate> candidates = List.of();
    Boolean firstBroke = null;
    for (String name = object.next(); name != null; name = object.next()) {
      switch (name) {
        case "customerId" -> customerId = object.text();
        case "candidates" -> candidates = object.list(ValueReaders::candidate);
        case "firstBroke" -> firstBroke = object.optionalBool();
        default -> throw new AssertionError("bug: unread binding history field " + name);
      }
    }
    String customer = object.required(customerId, "customerId");
    try {
      Ids.checkId(customer, "binding history customerId");
      List<CustomerBinding> bindings = new ArrayList<>(candidates.size());
      for (Candidate candidate : candidates) {
        bindings.add(new CustomerBinding(customer, candidate.affiliateId(), candidate.since()));
      }
      return new BindingHistory(customer, bindings, firstBroke != null && firstBroke);
    } catch (IllegalArgumentException e) {
      throw object.rejected(e);
    }
  }

  private static Candidate candidate(JsonParser parser) throws IOException {
    FieldReader object = FieldReader.start(parser, CustomerBinding.class,
        "binding history candidate", CANDIDATE_FIELDS);
    String affiliateId = null;
    Instant since = null;
    for (String name = object.next(); name != null; name = object.next()) {
      switch (name) {
        case "affiliateId" -> affiliateId = object.text();
        case "since" -> since = object.instant();
        default -> throw new AssertionError("bug: unread candidate field " + name);
      }
    }
    Candidate candidate = new Candidate(object.required(affiliateId, "affiliateId"),
        object.required(since, "since"));
    try {
      // Checked here, so that a bad id is refused at the candidate's path.
      Ids.checkId(candidate.affiliateId(), "binding history candidate affiliateId");
    } catch (IllegalArgumentException e) {
      throw object.rejected(e);
    }
    return candidate;
  }

  static AffiliateProfile profile(JsonParser parser) throws IOException {
    FieldReader object = FieldReader.start(parser, AffiliateProfile.class, "affiliate profile",
        PROFILE_FIELDS);
    String affiliateId = null;
    String group = null;
    Set<String> tags = Set.of();
    String platform = null;
    Long followers = null;
    String country = null;
    String parentId = null;
    for (String name = object.next(); name != null; name = object.next()) {
      switch (name) {
        case "affiliateId" -> affiliateId = object.text();
        case "group" -> group = object.optionalText();
        case "tags" -> tags = tags(object);
        case "platform" -> platform = object.optionalText();
        case "followers" -> followers = object.optionalLongValue(0, Long.MAX_VALUE);
        case "country" -> country = object.optionalText();
        case "parentId" -> parentId = object.optionalText();
        default -> throw new AssertionError("bug: unread affiliate profile field " + name);
      }
    }
    String id = object.required(affiliateId, "affiliateId");
    try {
      return new AffiliateProfile(id, Optional.ofNullable(group), tags,
          Optional.ofNullable(platform),
          followers == null ? OptionalLong.empty() : OptionalLong.of(followers),
          Optional.ofNullable(country), Optional.ofNullable(parentId));
    } catch (IllegalArgumentException | ArithmeticException | DateTimeException e) {
      throw object.rejected(e);
    }
  }

  /** Reads a profile's tags, a set: a tag given twice is a mistake in the document. */
  private static Set<String> tags(FieldReader object) throws IOException {
    Set<String> seen = new HashSet<>();
    List<String> tags = object.list(p -> {
      String tag = FieldReader.text(p, "affiliate profile tag");
      if (!seen.add(tag)) {
        throw MismatchedInputException.from(p, String.class,
            "affiliate profile tags has a duplicate: " + Texts.quote(tag));
      }
      return tag;
    });
    return new TreeSet<>(tags);
  }

  private static Function<String, Money> money(CurrencyTable currencies) {
    return text -> Amounts.parse(text, currencies);
  }

  private static @Nullable Money optionalMoney(FieldReader object, CurrencyTable currencies)
      throws IOException {
    return object.optionalParsed(Money.class, MONEY_EXAMPLE, money(currencies));
  }
}
