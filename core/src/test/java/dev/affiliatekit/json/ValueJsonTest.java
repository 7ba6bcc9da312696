package dev.affiliatekit.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import dev.affiliatekit.attribution.AffiliateDirectory;
import dev.affiliatekit.attribution.AffiliateIdentity;
import dev.affiliatekit.attribution.Attribution;
import dev.affiliatekit.attribution.AttributionModel;
import dev.affiliatekit.attribution.AttributionPolicy;
import dev.affiliatekit.attribution.AttributionResult;
import dev.affiliatekit.attribution.Attributor;
import dev.affiliatekit.attribution.BindingHistory;
import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.Credit;
import dev.affiliatekit.attribution.CreditBasis;
import dev.affiliatekit.attribution.CustomerBinding;
import dev.affiliatekit.attribution.CustomerType;
import dev.affiliatekit.attribution.Exclusion;
import dev.affiliatekit.attribution.ExclusionReason;
import dev.affiliatekit.attribution.Explanation;
import dev.affiliatekit.attribution.LineItem;
import dev.affiliatekit.attribution.NoCredit;
import dev.affiliatekit.attribution.NoCreditReason;
import dev.affiliatekit.attribution.Subscription;
import dev.affiliatekit.attribution.Touchpoint;
import dev.affiliatekit.attribution.TouchpointKind;
import dev.affiliatekit.attribution.TouchpointStore;
import dev.affiliatekit.commission.AffiliateProfile;
import dev.affiliatekit.commission.CommissionContext;
import dev.affiliatekit.commission.CommissionPlan;
import dev.affiliatekit.commission.CommissionQuote;
import dev.affiliatekit.commission.CommissionRule;
import dev.affiliatekit.commission.Milestone;
import dev.affiliatekit.commission.Payout;
import dev.affiliatekit.commission.Period;
import dev.affiliatekit.commission.PeriodPerformance;
import dev.affiliatekit.commission.TierMode;
import dev.affiliatekit.internal.Texts;
import dev.affiliatekit.link.LinkCode;
import dev.affiliatekit.money.CurrencyMismatchException;
import dev.affiliatekit.money.CurrencyTable;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ValueJsonTest {

  record Order(String note, Conversion conversion) {}

  private static final Instant AT = Instant.parse("2026-03-31T10:00:00Z");

  private final ObjectMapper mapper = new ObjectMapper().registerModule(AffiliateKitJson.module());

  private static Money usd(String amount) {
    return Money.parse("USD " + amount);
  }

  /** Two serums and a tote, less USD 6.00, plus USD 5.00 shipping and USD 4.86 tax: USD 63.86. */
  static Conversion fullOrder() {
    return Conversion.builder("order-1001", AT, usd("63.86"))
        .visitorId("visitor-7f3a").customerId("customer-42").customerEmail("jo@example.com")
        .lineItem(LineItem.of("serum-30ml", "SKIN_CARE", 2, usd("20.00")))
        .lineItem(LineItem.of("tote", 1, usd("20.00")))
        .discount(usd("6.00")).shipping(usd("5.00")).tax(usd("4.86"))
        .couponCode("ANNA10").customerType(CustomerType.NEW).customerCountry("DE")
        .subscription("sub-9", 2, Instant.parse("2026-02-28T10:00:00Z"))
        .build();
  }

  private static final String FULL_ORDER_JSON = "{\"orderId\":\"order-1001\","
      + "\"visitorId\":\"visitor-7f3a\",\"customerId\":\"customer-42\","
      + "\"customerEmail\":\"jo@example.com\",\"instant\":\"2026-03-31T10:00:00Z\","
      + "\"total\":\"USD 63.86\",\"lineItems\":["
      + "{\"productId\":\"serum-30ml\",\"category\":\"SKIN_CARE\",\"quantity\":2,"
      + "\"amount\":\"USD 40.00\"},"
      + "{\"productId\":\"tote\",\"quantity\":1,\"amount\":\"USD 20.00\"}],"
      + "\"discount\":\"USD 6.00\",\"shipping\":\"USD 5.00\",\"tax\":\"USD 4.86\","
      + "\"couponCode\":\"ANNA10\",\"customerType\":\"NEW\",\"customerCountry\":\"DE\","
      + "\"subscription\":{\"subscriptionId\":\"sub-9\",\"billingPeriod\":2,"
      + "\"startedAt\":\"2026-02-28T10:00:00Z\"}}";

  /** The smallest valid conversion of the given total, with a field or two spliced in. */
  private static String order(String total, String more) {
    return "{\"orderId\":\"o1\",\"customerId\":\"c1\",\"instant\":\"2026-03-31T10:00:00Z\","
        + "\"total\":" + total + more + "}";
  }

  @Nested
  class Conversions {

    @Test
    void write_everyPart_isOneObjectWithAmountsAsMoneyStrings() throws Exception {
      assertThat(mapper.writeValueAsString(fullOrder())).isEqualTo(FULL_ORDER_JSON);
    }

    @Test
    void read_everyPart_givesTheConversion() throws Exception {
      assertThat(mapper.readValue(FULL_ORDER_JSON, Conversion.class)).isEqualTo(fullOrder());
    }

    @Test
    void read_javadocExample_givesTheOrderItDescribes() throws Exception {
      // Verbatim from AffiliateKitJson's documentation: 2 serums (USD 40.00) and a tote
      // (USD 20.00), less USD 6.00, plus USD 5.00 shipping and USD 4.86 tax: USD 63.86.
      String documented = """
          {
            "orderId": "order-1001",
            "visitorId": "visitor-7f3a",
            "customerId": "customer-42",
            "instant": "2026-03-31T10:00:00Z",
            "total": "USD 63.86",
            "lineItems": [
              { "productId": "serum-30ml", "category": "SKIN_CARE", "quantity": 2, "amount": "USD 40.00" },
              { "productId": "tote", "category": "BAGS", "quantity": 1, "amount": "USD 20.00" }
            ],
            "discount": "USD 6.00",
            "shipping": "USD 5.00",
            "tax": "USD 4.86",
            "couponCode": "ANNA10",
            "customerType": "NEW",
            "customerCountry": "DE",
            "subscription": { "subscriptionId": "sub-9", "billingPeriod": 2,
                              "startedAt": "2026-02-28T10:00:00Z" }
          }""";

      assertThat(mapper.readValue(documented, Conversion.class)).isEqualTo(
          Conversion.builder("order-1001", AT, usd("63.86"))
              .visitorId("visitor-7f3a").customerId("customer-42")
              .lineItem(new LineItem("serum-30ml", java.util.Optional.of("SKIN_CARE"), 2,
                  usd("40.00")))
              .lineItem(LineItem.of("tote", "BAGS", 1, usd("20.00")))
              .discount(usd("6.00")).shipping(usd("5.00")).tax(usd("4.86"))
              .couponCode("ANNA10").customerType(CustomerType.NEW).customerCountry("DE")
              .subscription("sub-9", 2, Instant.parse("2026-02-28T10:00:00Z"))
              .build());
    }

    @Test
    void read_repeatedFieldOfALineItem_isRejectedAtThatField() {
      assertThatThrownBy(() -> mapper.readValue(order("\"USD 5.00\"", ",\"lineItems\":[{"
          + "\"productId\":\"p\",\"quantity\":1,\"quantity\":2,\"amount\":\"USD 5.00\"}]"),
          Conversion.class))
          .isInstanceOf(MismatchedInputException.class)
          .hasMessageStartingWith("line item has duplicate field: 'quantity'")
          .satisfies(e -> assertThat(path(e))
              .isEqualTo("Conversion[\"lineItems\"]->List[0]->LineItem[\"quantity\"]"));
    }

    @Test
    void read_integersHeldAsBigIntegers_readByValue() throws Exception {
      // A tree read with USE_BIG_INTEGER_FOR_INTS, or a converted map, holds 2 as a BigInteger.
      ObjectMapper bigIntegers = new ObjectMapper().registerModule(AffiliateKitJson.module())
          .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);
      JsonNode tree = bigIntegers.readTree(FULL_ORDER_JSON);

      assertThat(bigIntegers.treeToValue(tree, Conversion.class)).isEqualTo(fullOrder());
      assertThat(mapper.convertValue(java.util.Map.of("affiliateId", "a",
          "followers", java.math.BigInteger.TEN), AffiliateProfile.class))
          .isEqualTo(AffiliateProfile.builder("a").followers(10).build());
    }

    @Test
    void read_onlyRequiredFields_defaultsZeroAmountsNoLinesAndUnknownCustomer() throws Exception {
      Conversion read = mapper.readValue(order("\"EUR 9.90\"", ""), Conversion.class);

      assertThat(read).isEqualTo(Conversion.builder("o1", AT, Money.parse("EUR 9.90"))
          .customerId("c1").build());
      assertThat(read.discount()).isEqualTo(Money.parse("EUR 0.00"));
      assertThat(read.customerType()).isEqualTo(CustomerType.UNKNOWN);
      assertThat(read.lineItems()).isEmpty();
    }

    @Test
    void read_nullOptionals_areAbsent() throws Exception {
      Conversion read = mapper.readValue(order("\"USD 1.00\"",
          ",\"visitorId\":null,\"couponCode\":null,\"subscription\":null,\"lineItems\":null,"
              + "\"tax\":null"), Conversion.class);

      assertThat(read).isEqualTo(Conversion.builder("o1", AT, usd("1.00")).customerId("c1")
          .build());
    }

    @Test
    void read_insideAnotherRecord_usesTheModule() throws Exception {
      String json = "{\"note\":\"n\",\"conversion\":" + FULL_ORDER_JSON + "}";

      assertThat(mapper.readValue(json, Order.class)).isEqualTo(new Order("n", fullOrder()));
    }

    @Test
    void read_numberForAnAmount_isRejectedSoMoneyNeverPassesThroughFloatingPoint() {
      assertThatThrownBy(() -> mapper.readValue(order("63.86", ""), Conversion.class))
          .isInstanceOf(MismatchedInputException.class)
          .hasMessageStartingWith(
              "conversion total must be a JSON string such as \"USD 12.34\": '63.86'")
          .satisfies(e -> assertThat(path(e)).isEqualTo("Conversion[\"total\"]"));
    }

    @Test
    void read_unknownField_isRejected() {
      assertThatThrownBy(() -> mapper.readValue(order("\"USD 1.00\"", ",\"taxes\":\"USD 0.00\""),
          Conversion.class))
          .isInstanceOf(UnrecognizedPropertyException.class)
          .hasMessageContaining("Unrecognized field 'taxes'")
          .hasMessageContaining("\"tax\"")
          .satisfies(e -> assertThat(((UnrecognizedPropertyException) e).getPropertyName())
              .isEqualTo("taxes"));
    }

    @Test
    void read_unknownField_isRejectedEvenWhenTheMapperIgnoresUnknownProperties() {
      ObjectMapper lenient = new ObjectMapper().registerModule(AffiliateKitJson.module())
          .configure(com.fasterxml.jackson.databind.DeserializationFeature
              .FAIL_ON_UNKNOWN_PROPERTIES, false);

      assertThatThrownBy(() -> lenient.readValue(order("\"USD 1.00\"", ",\"taxes\":1"),
          Conversion.class)).isInstanceOf(UnrecognizedPropertyException.class);
    }

    @Test
    void read_repeatedField_isRejected() {
      assertThatThrownBy(() -> mapper.readValue(order("\"USD 1.00\"", ",\"total\":\"USD 2.00\""),
          Conversion.class))
          .isInstanceOf(MismatchedInputException.class)
          .hasMessageStartingWith("conversion has duplicate field: 'total'");
    }

    @Test
    void read_missingRequiredField_namesIt() {
      assertThatThrownBy(() -> mapper.readValue("{\"orderId\":\"o1\",\"customerId\":\"c1\","
          + "\"total\":\"USD 1.00\"}", Conversion.class))
          .isInstanceOf(MismatchedInputException.class)
          .hasMessageStartingWith("conversion is missing required field: 'instant'");
    }

    @Test
    void read_negativeLineAmount_namesTheLineAndTheValue() {
      String json = FULL_ORDER_JSON.replace("\"amount\":\"USD 20.00\"",
          "\"amount\":\"USD -1.00\"");

      assertThatThrownBy(() -> mapper.readValue(json, Conversion.class))
          .isInstanceOf(MismatchedInputException.class)
          .hasMessageStartingWith("line item amount must not be negative: USD -1.00")
          .hasCauseInstanceOf(IllegalArgumentException.class)
          .satisfies(e -> assertThat(path(e)).isEqualTo("Conversion[\"lineItems\"]->List[1]"));
    }

    @Test
    void read_badMoneyText_namesThePathAndTheLibrarysReason() {
      String json = FULL_ORDER_JSON.replace("\"USD 5.00\"", "\"USD 5,00\"");

      assertThatThrownBy(() -> mapper.readValue(json, Conversion.class))
          .isInstanceOf(InvalidFormatException.class)
          .hasMessageStartingWith("conversion shipping: money must use '.' as the decimal"
              + " separator and no digit grouping, not ',' at index 5: 'USD 5,00'")
          .satisfies(e -> assertThat(((InvalidFormatException) e).getValue())
              .isEqualTo("USD 5,00"))
          .satisfies(e -> assertThat(path(e)).isEqualTo("Conversion[\"shipping\"]"));
    }

    @Test
    void read_amountsThatDoNotAddUp_failWithTheConversionsReason() {
      // Lines USD 60.00 - discount USD 6.00 + shipping USD 5.00 + tax USD 4.86 = USD 63.86.
      String json = FULL_ORDER_JSON.replace("\"total\":\"USD 63.86\"", "\"total\":\"USD 63.85\"");

      assertThatThrownBy(() -> mapper.readValue(json, Conversion.class))
          .isInstanceOf(MismatchedInputException.class)
          .hasMessageStartingWith("conversion total must equal line items - discount + shipping "
              + "+ tax (USD 60.00 - USD 6.00 + USD 5.00 + USD 4.86 = USD 63.86): USD 63.85");
    }

    @Test
    void read_objectLevelError_insideAnotherRecord_hasTheOuterPath() {
      String json = "{\"note\":\"n\",\"conversion\":"
          + FULL_ORDER_JSON.replace("\"USD 63.86\"", "\"USD 1.00\"") + "}";

      assertThatThrownBy(() -> mapper.readValue(json, Order.class))
          .isInstanceOf(MismatchedInputException.class)
          .hasMessageContaining("conversion total must equal")
          .satisfies(e -> assertThat(path(e)).endsWith("Order[\"conversion\"]"));
    }

    @Test
    void read_amountsBeyondALong_failWithTheConversionsReason() {
      String json = order("\"USD 92233720368547758.07\"", ",\"discount\":\"USD 0.01\"");

      assertThatThrownBy(() -> mapper.readValue(json, Conversion.class))
          .isInstanceOf(MismatchedInputException.class)
          .hasMessageStartingWith("conversion amounts must add up within the range of USD: total"
              + " USD 92233720368547758.07, discount USD 0.01");
    }

    @Test
    void read_negativeTotal_failsWithTheConversionsReason() {
      assertThatThrownBy(() -> mapper.readValue(order("\"USD -1.00\"", ""), Conversion.class))
          .isInstanceOf(MismatchedInputException.class)
          .hasMessageStartingWith("conversion total must not be negative: USD -1.00");
    }

    @Test
    void read_mixedCurrencies_keepsTheCurrencyMismatchAsCause() {
      assertThatThrownBy(() -> mapper.readValue(order("\"USD 1.00\"", ",\"tax\":\"EUR 0.00\""),
          Conversion.class))
          .isInstanceOf(MismatchedInputException.class)
          .hasCauseInstanceOf(CurrencyMismatchException.class)
          .hasMessageContaining("USD").hasMessageContaining("EUR");
    }

    /** Regression: UK was read, and no rule on a country, which cannot name it, matched it. */
    @Test
    void read_countryNoConditionMayName_failsWithTheConversionsReasonAtItsPath() {
      String json = "{\"note\":\"n\",\"conversion\":"
          + FULL_ORDER_JSON.replace("\"DE\"", "\"UK\"") + "}";

      assertThatThrownBy(() -> mapper.readValue(json, Order.class))
          .isInstanceOf(MismatchedInputException.class)
          .hasMessageStartingWith("conversion customerCountry must be an ISO 3166-1 alpha-2 code in"
              + " upper case, such as US (the United Kingdom's is GB): 'UK'")
          .hasCauseInstanceOf(IllegalArgumentException.class)
          .satisfies(e -> assertThat(path(e)).endsWith("Order[\"conversion\"]"));
      assertThatThrownBy(() -> mapper.readValue(FULL_ORDER_JSON.replace("\"DE\"", "\"EU\""),
          Conversion.class))
          .isInstanceOf(MismatchedInputException.class)
          .hasMessageStartingWith("conversion customerCountry must be an ISO 3166-1 alpha-2 code in"
              + " upper case, such as US: 'EU'");
    }

    @Test
    void read_neitherVisitorNorCustomer_isRejected() {
      assertThatThrownBy(() -> mapper.readValue("{\"orderId\":\"o1\",\"instant\":"
          + "\"2026-03-31T10:00:00Z\",\"total\":\"USD 1.00\"}", Conversion.class))
          .isInstanceOf(MismatchedInputException.class)
          .hasMessageStartingWith("conversion must have a visitorId or a customerId: 'o1'");
    }

    @Test
    void read_badInstant_namesTheFieldAndTheValue() {
      String json = order("\"USD 1.00\"", "").replace("2026-03-31T10:00:00Z", "31.03.2026");

      assertThatThrownBy(() -> mapper.readValue(json, Conversion.class))
          .isInstanceOf(InvalidFormatException.class)
          .hasMessageStartingWith("conversion instant must be an ISO-8601 instant such as "
              + "\"2026-03-01T10:00:00Z\", without a leap second or hour 24: '31.03.2026'")
          .satisfies(e -> assertThat(path(e)).isEqualTo("Conversion[\"instant\"]"));
    }

    /** {@code Instant.parse} reads these as a nearby instant rather than refusing them. */
    @ParameterizedTest
    @ValueSource(strings = {"2026-03-31T23:59:60Z", "2026-03-31T24:00:00Z",
        "2026-03-31t23:59:60.5z", "2026-03-31T24:00:00+02:00"})
    void read_leapSecondOrHour24_isRefused(String instant) {
      String json = order("\"USD 1.00\"", "").replace("2026-03-31T10:00:00Z", instant);

      assertThatThrownBy(() -> mapper.readValue(json, Conversion.class))
          .isInstanceOf(InvalidFormatException.class)
          .hasMessageStartingWith("conversion instant must be an ISO-8601 instant such as "
              + "\"2026-03-01T10:00:00Z\", without a leap second or hour 24: '" + instant + "'")
          .satisfies(e -> assertThat(path(e)).isEqualTo("Conversion[\"instant\"]"));
    }

    /** Minute 24, second 24 and a year of five digits are not hour 24 or second 60. */
    @ParameterizedTest
    @CsvSource({"2026-03-31T12:00:00+02:00, 2026-03-31T10:00:00Z",
        "2026-03-31T10:00:00.000Z, 2026-03-31T10:00:00Z",
        "2026-03-31t10:24:24.5z, 2026-03-31T10:24:24.500Z",
        "+12026-03-31T23:59:59.999999999Z, +12026-03-31T23:59:59.999999999Z"})
    void read_anInstantWithAnOffsetOrAFraction_isTheInstantItNames(String text,
        String expected) throws Exception {
      String json = order("\"USD 1.00\"", "").replace("2026-03-31T10:00:00Z", text);

      assertThat(mapper.readValue(json, Conversion.class).instant())
          .isEqualTo(Instant.parse(expected));
    }

    @Test
    void read_badCustomerType_listsTheNames() {
      assertThatThrownBy(() -> mapper.readValue(order("\"USD 1.00\"", ",\"customerType\":\"new\""),
          Conversion.class))
          .isInstanceOf(InvalidFormatException.class)
          .hasMessageStartingWith(
              "conversion customerType must be one of NEW, RETURNING, UNKNOWN: 'new'");
    }

    @Test
    void read_fractionalQuantity_isRejected() {
      String json = FULL_ORDER_JSON.replace("\"quantity\":2", "\"quantity\":2.0");

      assertThatThrownBy(() -> mapper.readValue(json, Conversion.class))
          .isInstanceOf(MismatchedInputException.class)
          .hasMessageStartingWith("line item quantity must be a JSON integer: '2.0'")
          .satisfies(e -> assertThat(path(e))
              .isEqualTo("Conversion[\"lineItems\"]->List[0]->LineItem[\"quantity\"]"));
    }

    @Test
    void read_quantityBeyondInt_namesTheQuantitysRange() {
      String json = FULL_ORDER_JSON.replace("\"quantity\":2", "\"quantity\":4294967298");

      assertThatThrownBy(() -> mapper.readValue(json, Conversion.class))
          .isInstanceOf(InvalidFormatException.class)
          .hasMessageStartingWith("line item quantity must be a JSON integer from 1 to "
              + "2147483647: '4294967298'");
      assertThatThrownBy(() -> mapper.readValue(json.replace("4294967298", "-3000000000"),
          Conversion.class))
          .isInstanceOf(InvalidFormatException.class)
          .hasMessageStartingWith("line item quantity must be a JSON integer from 1 to "
              + "2147483647: '-3000000000'");
    }

    @Test
    void read_billingPeriodBeyondInt_namesTheBillingPeriodsRange() {
      String json = FULL_ORDER_JSON.replace("\"billingPeriod\":2", "\"billingPeriod\":3000000000");

      assertThatThrownBy(() -> mapper.readValue(json, Conversion.class))
          .isInstanceOf(InvalidFormatException.class)
          .hasMessageStartingWith("subscription billingPeriod must be a JSON integer from 1 to "
              + "2147483647: '3000000000'")
          .satisfies(e -> assertThat(path(e))
              .isEqualTo("Conversion[\"subscription\"]->Subscription[\"billingPeriod\"]"));
    }

    @Test
    void read_zeroQuantity_failsWithTheLineItemsReason() {
      String json = FULL_ORDER_JSON.replace("\"quantity\":2", "\"quantity\":0");

      assertThatThrownBy(() -> mapper.readValue(json, Conversion.class))
          .isInstanceOf(MismatchedInputException.class)
          .hasMessageStartingWith("line item quantity must be at least 1: 0")
          .satisfies(e -> assertThat(path(e)).isEqualTo("Conversion[\"lineItems\"]->List[0]"));
    }

    @Test
    void read_subscriptionAfterTheConversion_isRejected() {
      String json = FULL_ORDER_JSON.replace("2026-02-28T10:00:00Z", "2026-04-01T00:00:00Z");

      assertThatThrownBy(() -> mapper.readValue(json, Conversion.class))
          .isInstanceOf(MismatchedInputException.class)
          .hasMessageStartingWith("conversion subscription must not start after the conversion "
              + "at 2026-03-31T10:00:00Z: 2026-04-01T00:00:00Z");
    }

    @Test
    void read_badBillingPeriod_namesTheSubscriptionPath() {
      String json = FULL_ORDER_JSON.replace("\"billingPeriod\":2", "\"billingPeriod\":0");

      assertThatThrownBy(() -> mapper.readValue(json, Conversion.class))
          .isInstanceOf(MismatchedInputException.class)
          .hasMessageStartingWith("subscription billingPeriod must be at least 1: 0")
          .satisfies(e -> assertThat(path(e)).isEqualTo("Conversion[\"subscription\"]"));
    }

    @Test
    void read_wrongShapes_areRejected() {
      assertThatThrownBy(() -> mapper.readValue("[]", Conversion.class))
          .isInstanceOf(MismatchedInputException.class)
          .hasMessageStartingWith("conversion must be a JSON object: an array");
      assertThatThrownBy(() -> mapper.readValue(order("\"USD 1.00\"", ",\"lineItems\":{}"),
          Conversion.class))
          .isInstanceOf(MismatchedInputException.class)
          .hasMessageStartingWith("conversion lineItems must be a JSON array: an object");
      assertThatThrownBy(() -> mapper.readValue(order("\"USD 1.00\"", ",\"lineItems\":[7]"),
          Conversion.class))
          .isInstanceOf(MismatchedInputException.class)
          .hasMessageStartingWith("line item must be a JSON object: '7'");
      assertThatThrownBy(() -> mapper.readValue(order("\"USD 1.00\"", ",\"visitorId\":7"),
          Conversion.class))
          .isInstanceOf(MismatchedInputException.class)
          .hasMessageStartingWith("conversion visitorId must be a JSON string: '7'");
    }

    @Test
    void read_customCurrency_comesFromTheGivenTable() throws Exception {
      CurrencyUnit points = CurrencyUnit.custom("PTS", 0);
      ObjectMapper custom = new ObjectMapper()
          .registerModule(AffiliateKitJson.module(CurrencyTable.iso4217().with(points)));

      assertThat(custom.readValue(order("\"PTS 1200\"", ""), Conversion.class).total())
          .isEqualTo(Money.ofMinor(1200, points));
      assertThatThrownBy(() -> mapper.readValue(order("\"PTS 1200\"", ""), Conversion.class))
          .isInstanceOf(InvalidFormatException.class)
          .hasMessageContaining("unknown currency code 'PTS'");
    }
  }

  @Nested
  class Touchpoints {

    private final Touchpoint click = Touchpoint.builder(TouchpointKind.CLICK, "visitor-7f3a",
        "anna", Instant.parse("2026-03-30T09:00:00.000000001Z"))
        .code("ANNA10").customerId("customer-42").channel("instagram").sequence(12).build();

    private static final String CLICK_JSON = "{\"kind\":\"CLICK\",\"affiliateId\":\"anna\","
        + "\"code\":\"ANNA10\",\"visitorId\":\"visitor-7f3a\",\"customerId\":\"customer-42\","
        + "\"channel\":\"instagram\",\"instant\":\"2026-03-30T09:00:00.000000001Z\","
        + "\"sequence\":12}";

    @Test
    void write_everyPart_keepsTheNanosecond() throws Exception {
      assertThat(mapper.writeValueAsString(click)).isEqualTo(CLICK_JSON);
    }

    @Test
    void read_everyPart_givesTheTouchpoint() throws Exception {
      assertThat(mapper.readValue(CLICK_JSON, Touchpoint.class)).isEqualTo(click);
    }

    @Test
    void read_javadocExample_givesTheClickItDescribes() throws Exception {
      // Verbatim from AffiliateKitJson's documentation.
      String documented = """
          { "kind": "CLICK", "affiliateId": "anna", "code": "ANNA10", "visitorId": "visitor-7f3a",
            "channel": "instagram", "instant": "2026-03-30T09:00:00Z", "sequence": 12 }""";

      assertThat(mapper.readValue(documented, Touchpoint.class)).isEqualTo(
          Touchpoint.builder(TouchpointKind.CLICK, "visitor-7f3a", "anna",
              Instant.parse("2026-03-30T09:00:00Z"))
              .code("ANNA10").channel("instagram").sequence(12).build());
    }

    @Test
    void read_nullOptionals_areAbsent_andANullSequenceIsNotRecorded() throws Exception {
      String json = "{\"kind\":\"VIEW\",\"affiliateId\":\"ben\",\"visitorId\":\"v1\","
          + "\"instant\":\"2026-03-31T10:00:00Z\",\"code\":null,\"customerId\":null,"
          + "\"channel\":null,\"sequence\":null}";

      assertThat(mapper.readValue(json, Touchpoint.class))
          .isEqualTo(Touchpoint.builder(TouchpointKind.VIEW, "v1", "ben", AT).build());
    }

    @Test
    void read_unknownOrMissingField_isRejected() {
      assertThatThrownBy(() -> mapper.readValue("{\"kind\":\"CLICK\",\"affiliate\":\"ben\"}",
          Touchpoint.class))
          .isInstanceOf(UnrecognizedPropertyException.class)
          .satisfies(e -> assertThat(path(e)).isEqualTo("Touchpoint[\"affiliate\"]"));
      assertThatThrownBy(() -> mapper.readValue("{\"kind\":\"CLICK\",\"affiliateId\":\"ben\","
          + "\"instant\":\"2026-03-31T10:00:00Z\"}", Touchpoint.class))
          .isInstanceOf(MismatchedInputException.class)
          .hasMessageStartingWith("touchpoint is missing required field: 'visitorId'");
    }

    @Test
    void write_unrecordedTouch_leavesOutSequenceAndAbsentParts() throws Exception {
      Touchpoint view = Touchpoint.builder(TouchpointKind.VIEW, "v1", "ben", AT).build();
      String json = "{\"kind\":\"VIEW\",\"affiliateId\":\"ben\",\"visitorId\":\"v1\","
          + "\"instant\":\"2026-03-31T10:00:00Z\"}";

      assertThat(mapper.writeValueAsString(view)).isEqualTo(json);
      assertThat(mapper.readValue(json, Touchpoint.class)).isEqualTo(view);
    }

    @Test
    void read_badKind_listsTheKinds() {
      String json = CLICK_JSON.replace("CLICK", "TAP");

      assertThatThrownBy(() -> mapper.readValue(json, Touchpoint.class))
          .isInstanceOf(InvalidFormatException.class)
          .hasMessageStartingWith("touchpoint kind must be one of CLICK, COUPON, VIEW: 'TAP'")
          .satisfies(e -> assertThat(path(e)).isEqualTo("Touchpoint[\"kind\"]"));
    }

    @Test
    void read_instantBeyondTheNanosecondRange_failsWithTheTouchpointsReason() {
      String json = CLICK_JSON.replace("2026-03-30T09:00:00.000000001Z", "2300-01-01T00:00:00Z");

      assertThatThrownBy(() -> mapper.readValue(json, Touchpoint.class))
          .isInstanceOf(MismatchedInputException.class)
          .hasMessageStartingWith("touchpoint instant must be within [")
          .hasMessageContaining("]: 2300-01-01T00:00:00Z");
    }

    @Test
    void read_sequenceBeyondLong_namesTheSequencesRange() {
      String json = CLICK_JSON.replace("12}", "99999999999999999999}");

      assertThatThrownBy(() -> mapper.readValue(json, Touchpoint.class))
          .isInstanceOf(InvalidFormatException.class)
          .hasMessageStartingWith("touchpoint sequence must be a JSON integer from 0 to "
              + "9223372036854775807: '99999999999999999999'");
    }

    @Test
    void read_negativeSequence_isRejected() {
      String json = CLICK_JSON.replace("12}", "-1}");

      assertThatThrownBy(() -> mapper.readValue(json, Touchpoint.class))
          .isInstanceOf(MismatchedInputException.class)
          .hasMessageStartingWith("touchpoint sequence must not be negative: -1");
    }

    @Test
    void read_blankAffiliate_isRejected() {
      String json = CLICK_JSON.replace("\"anna\"", "\" \"");

      assertThatThrownBy(() -> mapper.readValue(json, Touchpoint.class))
          .isInstanceOf(MismatchedInputException.class)
          .hasMessageStartingWith("touchpoint affiliateId");
    }
  }

  @Nested
  class BindingHistories {

    private final BindingHistory history = new BindingHistory("customer-42", List.of(
        new CustomerBinding("customer-42", "anna", Instant.parse("2026-03-01T10:00:00Z")),
        new CustomerBinding("customer-42", "ben", Instant.parse("2026-04-02T10:00:00Z"))), true);

    @Test
    void writeAndRead_giveTheHistory() throws Exception {
      String json = mapper.writeValueAsString(history);

      assertThat(json).isEqualTo("{\"customerId\":\"customer-42\",\"candidates\":["
          + "{\"affiliateId\":\"anna\",\"since\":\"2026-03-01T10:00:00Z\"},"
          + "{\"affiliateId\":\"ben\",\"since\":\"2026-04-02T10:00:00Z\"}],"
          + "\"firstBroke\":true}");
      assertThat(mapper.readValue(json, BindingHistory.class)).isEqualTo(history);
    }

    @Test
    void read_javadocExample_andAnAbsentFlag() throws Exception {
      // Verbatim from AffiliateKitJson's documentation.
      String documented = "{\"customerId\": \"customer-42\", \"candidates\": [{\"affiliateId\": "
          + "\"anna\", \"since\":\n \"2026-03-01T10:00:00Z\"}], \"firstBroke\": false}";
      BindingHistory one = new BindingHistory("customer-42", List.of(new CustomerBinding(
          "customer-42", "anna", Instant.parse("2026-03-01T10:00:00Z"))), false);

      assertThat(mapper.readValue(documented, BindingHistory.class)).isEqualTo(one);
      assertThat(mapper.readValue(documented.replace(", \"firstBroke\": false", ""),
          BindingHistory.class)).isEqualTo(one);
    }

    @Test
    void read_badHistories_areRejectedNamingWhy() {
      assertThatThrownBy(() -> mapper.readValue("{\"customerId\":\"c\",\"candidates\":[],"
          + "\"firstBroke\":\"no\"}", BindingHistory.class))
          .isInstanceOf(MismatchedInputException.class)
          .hasMessageStartingWith("binding history firstBroke must be a JSON boolean: 'no'");
      assertThatThrownBy(() -> mapper.readValue("{\"customerId\":\"c\",\"candidates\":[]}",
          BindingHistory.class))
          .isInstanceOf(MismatchedInputException.class)
          .hasMessageStartingWith("binding history of 'c' needs a candidate");
      assertThatThrownBy(() -> mapper.readValue("{\"customerId\":\"c\",\"candidates\":["
          + "{\"affiliateId\":\"b\",\"since\":\"2026-03-01T10:00:00Z\"},"
          + "{\"affiliateId\":\"a\",\"since\":\"2026-03-01T10:00:00Z\"}]}",
          BindingHistory.class))
          .isInstanceOf(MismatchedInputException.class)
          .hasMessageStartingWith("binding history candidates must be in time order");
      assertThatThrownBy(() -> mapper.readValue("{\"customerId\":\"c\",\"candidates\":["
          + "{\"affiliateId\":\"a\"}]}", BindingHistory.class))
          .isInstanceOf(MismatchedInputException.class)
          .hasMessageStartingWith("binding history candidate is missing required field: 'since'")
          .satisfies(e -> assertThat(path(e))
              .isEqualTo("BindingHistory[\"candidates\"]->List[0]"));
      assertThatThrownBy(() -> mapper.readValue("{\"candidates\":[]}", BindingHistory.class))
          .isInstanceOf(MismatchedInputException.class)
          .hasMessageStartingWith("binding history is missing required field: 'customerId'");
      // A bad id is refused at the candidate that holds it, or at the history.
      assertThatThrownBy(() -> mapper.readValue("{\"customerId\":\"c\",\"candidates\":["
          + "{\"affiliateId\":\"a\",\"since\":\"2026-03-01T10:00:00Z\"},"
          + "{\"affiliateId\":\" \",\"since\":\"2026-03-02T10:00:00Z\"}]}",
          BindingHistory.class))
          .isInstanceOf(MismatchedInputException.class)
          .hasMessageStartingWith("binding history candidate affiliateId must not be blank: ' '")
          .satisfies(e -> assertThat(path(e))
              .isEqualTo("BindingHistory[\"candidates\"]->List[1]"));
      assertThatThrownBy(() -> mapper.readValue("{\"customerId\":\"\",\"candidates\":["
          + "{\"affiliateId\":\"a\",\"since\":\"2026-03-01T10:00:00Z\"}]}",
          BindingHistory.class))
          .isInstanceOf(MismatchedInputException.class)
          .hasMessageStartingWith("binding history customerId must not be blank: ''");
    }

    @Test
    void aSavedHistory_restoresTheAttributorsBinding() throws Exception {
      AffiliateDirectory directory = AffiliateDirectory.builder()
          .add(AffiliateIdentity.active("anna")).build();
      AttributionPolicy policy =
          AttributionPolicy.builder().lifetimeBinding(java.time.Duration.ofDays(30)).build();
      java.time.Clock clock = java.time.Clock.fixed(Instant.parse("2026-03-10T00:00:00Z"),
          java.time.ZoneOffset.UTC);
      TouchpointStore store = TouchpointStore.inMemory();
      Attributor first = Attributor.builder(store, directory).policy(policy).clock(clock).build();
      first.record(Touchpoint.click("v1", "anna", Instant.parse("2026-03-01T09:00:00Z")));
      first.attribute(Conversion.builder("o1", Instant.parse("2026-03-01T10:00:00Z"),
          Money.parse("USD 10.00")).visitorId("v1").customerId("customer-42").build());

      String saved = mapper.writeValueAsString(first.bindingHistory("customer-42").orElseThrow());
      Attributor restored = Attributor.builder(store, directory).policy(policy).clock(clock)
          .bindingHistory(mapper.readValue(saved, BindingHistory.class)).build();

      assertThat(restored.bindingHistory("customer-42"))
          .isEqualTo(first.bindingHistory("customer-42"));
    }
  }

  @Nested
  class Profiles {

    private final AffiliateProfile anna = AffiliateProfile.builder("anna").group("micro")
        .tags("vegan", "skin").platform("instagram").followers(12_400).country("DE")
        .parentId("ben").build();

    private static final String ANNA_JSON = "{\"affiliateId\":\"anna\",\"group\":\"micro\","
        + "\"tags\":[\"skin\",\"vegan\"],\"platform\":\"instagram\",\"followers\":12400,"
        + "\"country\":\"DE\",\"parentId\":\"ben\"}";

    @Test
    void write_everyPart_tagsSorted() throws Exception {
      assertThat(mapper.writeValueAsString(anna)).isEqualTo(ANNA_JSON);
    }

    @Test
    void read_javadocExample_givesTheProfile() throws Exception {
      // Verbatim from AffiliateKitJson's documentation.
      String documented = "{\"affiliateId\": \"anna\", \"group\": \"micro\", \"tags\": "
          + "[\"skin\", \"vegan\"], \"platform\": \"instagram\", \"followers\": 12400, "
          + "\"country\": \"DE\", \"parentId\": \"ben\"}";

      assertThat(mapper.readValue(documented, AffiliateProfile.class)).isEqualTo(anna);
    }

    @Test
    void read_tagGivenTwice_isRejectedAtTheSecond() {
      assertThatThrownBy(() -> mapper.readValue(
          "{\"affiliateId\":\"anna\",\"tags\":[\"skin\",\"vegan\",\"skin\"]}",
          AffiliateProfile.class))
          .isInstanceOf(MismatchedInputException.class)
          .hasMessageStartingWith("affiliate profile tags has a duplicate: 'skin'")
          .satisfies(e -> assertThat(path(e))
              .isEqualTo("AffiliateProfile[\"tags\"]->List[2]"));
    }

    @Test
    void read_unknownFieldOrNoId_isRejected() {
      assertThatThrownBy(() -> mapper.readValue("{\"affiliateId\":\"anna\",\"follower\":1}",
          AffiliateProfile.class))
          .isInstanceOf(UnrecognizedPropertyException.class)
          .satisfies(e -> assertThat(path(e)).isEqualTo("AffiliateProfile[\"follower\"]"));
      assertThatThrownBy(() -> mapper.readValue("{\"group\":\"micro\"}", AffiliateProfile.class))
          .isInstanceOf(MismatchedInputException.class)
          .hasMessageStartingWith("affiliate profile is missing required field: 'affiliateId'");
    }

    @Test
    void writeAndRead_withPolymorphicTyping_keepTheTypeId() throws Exception {
      // A mapper that records the class of every Object-typed value, as some event stores do.
      ObjectMapper typed = new ObjectMapper().registerModule(AffiliateKitJson.module())
          .activateDefaultTyping(com.fasterxml.jackson.databind.jsontype
              .BasicPolymorphicTypeValidator.builder().allowIfSubType("dev.affiliatekit.").build(),
              ObjectMapper.DefaultTyping.NON_FINAL,
              com.fasterxml.jackson.annotation.JsonTypeInfo.As.PROPERTY);
      Object[] values = {anna, AffiliateProfile.of("zed"), fullOrder()};

      for (Object value : values) {
        String json = typed.writerFor(Object.class).writeValueAsString(value);

        assertThat(json).startsWith("{\"@class\":\"" + value.getClass().getName() + "\"");
        assertThat(typed.readValue(json, Object.class)).isEqualTo(value);
      }
    }

    @Test
    void writeAndRead_bareProfile() throws Exception {
      String json = "{\"affiliateId\":\"zed\",\"tags\":[]}";

      assertThat(mapper.writeValueAsString(AffiliateProfile.of("zed"))).isEqualTo(json);
      assertThat(mapper.readValue("{\"affiliateId\":\"zed\"}", AffiliateProfile.class))
          .isEqualTo(AffiliateProfile.of("zed"));
    }

    @Test
    void read_followersAsText_isRejected() {
      String json = ANNA_JSON.replace("12400", "\"12400\"");

      assertThatThrownBy(() -> mapper.readValue(json, AffiliateProfile.class))
          .isInstanceOf(MismatchedInputException.class)
          .hasMessageStartingWith("affiliate profile followers must be a JSON integer, not a"
              + " string: '12400'")
          .satisfies(e -> assertThat(path(e)).isEqualTo("AffiliateProfile[\"followers\"]"));
    }

    @Test
    void read_followersBeyondLong_namesTheFollowersRange() {
      String json = ANNA_JSON.replace("12400", "99999999999999999999");

      assertThatThrownBy(() -> mapper.readValue(json, AffiliateProfile.class))
          .isInstanceOf(InvalidFormatException.class)
          .hasMessageStartingWith("affiliate profile followers must be a JSON integer from 0 to "
              + "9223372036854775807: '99999999999999999999'")
          .satisfies(e -> assertThat(path(e)).isEqualTo("AffiliateProfile[\"followers\"]"));
    }

    @Test
    void read_negativeFollowers_failsWithTheProfilesReason() {
      String json = ANNA_JSON.replace("12400", "-5");

      assertThatThrownBy(() -> mapper.readValue(json, AffiliateProfile.class))
          .isInstanceOf(MismatchedInputException.class)
          .hasMessageStartingWith("affiliate followers must not be negative: -5");
    }

    @Test
    void read_ownParent_isRejected() {
      String json = ANNA_JSON.replace("\"ben\"", "\"anna\"");

      assertThatThrownBy(() -> mapper.readValue(json, AffiliateProfile.class))
          .isInstanceOf(MismatchedInputException.class)
          .hasMessageStartingWith("affiliate must not be its own parent: 'anna'");
    }

    /** Regression: UK was read, and no rule on a country, which cannot name it, matched it. */
    @Test
    void read_countryNoConditionMayName_failsWithTheProfilesReasonAtItsPath() throws Exception {
      String json = "[" + ANNA_JSON.replace("anna", "zed") + ","
          + ANNA_JSON.replace("\"DE\"", "\"UK\"") + "]";

      assertThatThrownBy(() -> mapper.readValue(json,
          mapper.getTypeFactory().constructCollectionType(List.class, AffiliateProfile.class)))
          .isInstanceOf(MismatchedInputException.class)
          .hasMessageStartingWith("affiliate country must be an ISO 3166-1 alpha-2 code in upper"
              + " case, such as US (the United Kingdom's is GB): 'UK'")
          .hasCauseInstanceOf(IllegalArgumentException.class)
          .satisfies(e -> assertThat(path(e)).isEqualTo("ArrayList[1]"));
      assertThat(mapper.readValue(ANNA_JSON.replace("\"DE\"", "\"GB\""), AffiliateProfile.class)
          .country()).contains("GB");
    }

    @Test
    void read_tagThatIsNotAString_namesItsIndex() {
      String json = ANNA_JSON.replace("\"vegan\"]", "null]");

      assertThatThrownBy(() -> mapper.readValue(json, AffiliateProfile.class))
          .isInstanceOf(MismatchedInputException.class)
          .hasMessageStartingWith("affiliate profile tag must be a JSON string: 'null'")
          .satisfies(e -> assertThat(path(e)).isEqualTo("AffiliateProfile[\"tags\"]->List[1]"));
    }
  }

  @Nested
  class AttributionResults {

    private final Conversion sale = Conversion.builder("order-1", AT, usd("10.00"))
        .visitorId("v1").build();
    private final Touchpoint annaClick = Touchpoint.builder(TouchpointKind.CLICK, "v1", "anna",
        Instant.parse("2026-03-30T09:00:00Z")).sequence(3).build();
    private final Touchpoint benClick = Touchpoint.builder(TouchpointKind.CLICK, "v1", "ben",
        Instant.parse("2026-03-30T10:00:00Z")).sequence(4).build();
    private final Touchpoint oldClick = Touchpoint.builder(TouchpointKind.CLICK, "v1", "carla",
        Instant.parse("2026-01-02T09:00:00Z")).sequence(1).build();

    private static final String ANNA = "{\"kind\":\"CLICK\",\"affiliateId\":\"anna\","
        + "\"visitorId\":\"v1\",\"instant\":\"2026-03-30T09:00:00Z\",\"sequence\":3}";
    private static final String BEN = "{\"kind\":\"CLICK\",\"affiliateId\":\"ben\","
        + "\"visitorId\":\"v1\",\"instant\":\"2026-03-30T10:00:00Z\",\"sequence\":4}";
    private static final String CARLA = "{\"kind\":\"CLICK\",\"affiliateId\":\"carla\","
        + "\"visitorId\":\"v1\",\"instant\":\"2026-01-02T09:00:00Z\",\"sequence\":1}";

    @Test
    void write_attribution_hasModelCreditsAndExplanation() throws Exception {
      // Linear over two touches: 50% and USD 5.00 each.
      AttributionResult result = new Attribution(sale, AttributionModel.linear(), List.of(
          new Credit("anna", Rate.parse("50%"), usd("5.00"), CreditBasis.TOUCHPOINTS,
              List.of(annaClick)),
          new Credit("ben", Rate.parse("50%"), usd("5.00"), CreditBasis.TOUCHPOINTS,
              List.of(benClick))),
          new Explanation(List.of(annaClick, benClick),
              List.of(new Exclusion(oldClick, ExclusionReason.OUTSIDE_WINDOW)), List.of()));

      assertThat(mapper.writeValueAsString(result)).isEqualTo("{\"orderId\":\"order-1\","
          + "\"model\":\"linear\",\"credits\":["
          + "{\"affiliateId\":\"anna\",\"share\":\"50%\",\"amount\":\"USD 5.00\","
          + "\"basis\":\"TOUCHPOINTS\",\"touchpoints\":[" + ANNA + "]},"
          + "{\"affiliateId\":\"ben\",\"share\":\"50%\",\"amount\":\"USD 5.00\","
          + "\"basis\":\"TOUCHPOINTS\",\"touchpoints\":[" + BEN + "]}],"
          + "\"explanation\":{\"eligible\":[" + ANNA + "," + BEN + "],"
          + "\"excluded\":[{\"touchpoint\":" + CARLA + ",\"reason\":\"OUTSIDE_WINDOW\"}],"
          + "\"notes\":[]}}");
    }

    @Test
    void write_modelWithParameters_isAnObjectAsInProgramFiles() throws Exception {
      AttributionResult result = new Attribution(sale, AttributionModel.timeDecay(
          Duration.ofDays(3)), List.of(new Credit("anna", Rate.ONE, usd("10.00"),
              CreditBasis.COUPON, List.of())),
          new Explanation(List.of(), List.of(), List.of("coupon 'ANNA10' of anna beats links")));

      JsonNode tree = mapper.readTree(mapper.writeValueAsString(result));

      assertThat(tree.get("model").toString())
          .isEqualTo("{\"name\":\"timeDecay\",\"halfLife\":\"P3D\"}");
      assertThat(tree.get("credits").get(0).get("share").asText()).isEqualTo("100%");
      assertThat(tree.get("credits").get(0).get("basis").asText()).isEqualTo("COUPON");
      assertThat(tree.get("explanation").get("notes").get(0).asText())
          .isEqualTo("coupon 'ANNA10' of anna beats links");
    }

    @Test
    void write_noCredit_hasTheReasonAndNoCredits() throws Exception {
      AttributionResult result = new NoCredit(sale, NoCreditReason.NONE_ELIGIBLE,
          new Explanation(List.of(), List.of(new Exclusion(oldClick,
              ExclusionReason.OUTSIDE_WINDOW)), List.of()));

      assertThat(mapper.writeValueAsString(result)).isEqualTo("{\"orderId\":\"order-1\","
          + "\"reason\":\"NONE_ELIGIBLE\",\"credits\":[],\"explanation\":{\"eligible\":[],"
          + "\"excluded\":[{\"touchpoint\":" + CARLA + ",\"reason\":\"OUTSIDE_WINDOW\"}],"
          + "\"notes\":[]}}");
    }
  }

  @Nested
  class Quotes {

    // 20% of a USD 100.00 item bought with a USD 40.00 discount: 20% of USD 60.00 = USD 12.00.
    private final CommissionPlan plan = CommissionPlan.builder()
        .rule(CommissionRule.percentage("default", Rate.ofPercent(20)))
        .overrideRates(Rate.ofPercent(10)).build();
    private final Conversion sale = Conversion.builder("o1", AT, usd("60.00")).customerId("c1")
        .lineItem(LineItem.of("serum", "SKIN_CARE", 1, usd("100.00")))
        .discount(usd("40.00")).build();
    private final Credit credit = new Credit("anna", Rate.ONE, usd("60.00"),
        CreditBasis.TOUCHPOINTS, List.of());

    @Test
    void write_quote_hasAmountsRulesOverridesAndExplanation() throws Exception {
      CommissionQuote quote = plan.quote(sale, credit, CommissionContext.of(
          AffiliateProfile.builder("anna").parentId("ben").build()));
      assertThat(quote.amount()).isEqualTo(usd("12.00"));
      assertThat(quote.ruleIds()).containsExactly("default");

      String json = mapper.writeValueAsString(quote);

      // Ben, Anna's parent, earns 10% of her USD 12.00 on top: USD 1.20.
      assertThat(json).isEqualTo("{\"orderId\":\"o1\",\"affiliateId\":\"anna\","
          + "\"amount\":\"USD 12.00\",\"commission\":\"USD 12.00\",\"bonus\":\"USD 0.00\","
          + "\"base\":\"USD 60.00\",\"ruleIds\":[\"default\"],\"milestoneIds\":[],"
          + "\"overrides\":[{\"affiliateId\":\"ben\",\"level\":1,\"fromAffiliateId\":\"anna\","
          + "\"rate\":\"10%\",\"commission\":\"USD 12.00\",\"amount\":\"USD 1.20\"}],"
          + "\"tiersReached\":[],\"portions\":[{\"ruleId\":\"default\","
          + "\"base\":\"USD 60.00\",\"commission\":\"USD 12.00\"}],\"tiers\":{},"
          + "\"explanation\":\"rule default matched serum: 20% of USD 60.00 (items after "
          + "discount) = USD 12.00\"}");
      assertThat(mapper.readTree(json).get("explanation").asText())
          .isEqualTo(quote.explanation());
    }

    @Test
    void write_quoteReachingATierAndAMilestone_listsBoth() throws Exception {
      // 10% from the first sale of the month, 20% from the 51st, and USD 25.00 when the 51st
      // lands. After 50 sales, a USD 40.00 serum earns 20% = USD 8.00 plus the USD 25.00 bonus.
      CommissionPlan tiered = CommissionPlan.builder()
          .rule(CommissionRule.builder("tiers").payout(Payout.tieredBySales(Period.MONTH,
              TierMode.WHOLE_PERIOD, new Payout.SalesTier(1, Rate.ofPercent(10)),
              new Payout.SalesTier(51, Rate.ofPercent(20)))).build())
          .milestone(Milestone.of("fifty-first", Period.MONTH, 51, usd("25.00"))).build();
      Conversion serum = Conversion.builder("o2", AT, usd("40.00")).customerId("c2")
          .lineItem(LineItem.of("serum", "SKIN_CARE", 1, usd("40.00"))).build();
      PeriodPerformance march = new PeriodPerformance(Period.MONTH,
          Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-04-01T00:00:00Z"), 50,
          usd("2000.00"), usd("200.00"));
      CommissionQuote quote = tiered.quote(serum, new Credit("anna", Rate.ONE, usd("40.00"),
          CreditBasis.TOUCHPOINTS, List.of()),
          CommissionContext.builder(AffiliateProfile.of("anna")).performance(march).build());

      assertThat(mapper.writeValueAsString(quote)).isEqualTo("{\"orderId\":\"o2\","
          + "\"affiliateId\":\"anna\",\"amount\":\"USD 33.00\",\"commission\":\"USD 8.00\","
          + "\"bonus\":\"USD 25.00\",\"base\":\"USD 40.00\",\"ruleIds\":[\"tiers\"],"
          + "\"milestoneIds\":[\"fifty-first\"],\"overrides\":[],\"tiersReached\":[{"
          + "\"ruleId\":\"tiers\",\"period\":\"MONTH\",\"tier\":2,\"previousRate\":\"10%\","
          + "\"rate\":\"20%\",\"rounding\":\"HALF_EVEN\"}],\"portions\":[{\"ruleId\":\"tiers\","
          + "\"base\":\"USD 40.00\",\"commission\":\"USD 8.00\"}],\"tiers\":{\"tiers\":2},"
          + "\"explanation\":\"rule tiers matched serum: tier 2 of month sales tiers (51st sale,"
          + " whole period): 20% of USD 40.00 (items after discount) = USD 8.00; tier 2 reached,"
          + " so the rule's earlier sales of the month, if any, are owed a true-up from 10% to 20%;"
          + " milestone"
          + " fifty-first (51st sale of the month): bonus USD 25.00; amount USD 33.00\"}");
    }
  }

  @Nested
  class UnknownFields {

    /** Where a field of any name can go in each type read field by field, at {@code NAME}. */
    private final Map<Class<?>, String> places = Map.of(
        Conversion.class, order("\"USD 1.00\"", ",\"NAME\":1"),
        LineItem.class, order("\"USD 5.00\"", ",\"lineItems\":[{\"productId\":\"p\","
            + "\"quantity\":1,\"amount\":\"USD 5.00\",\"NAME\":1}]"),
        Subscription.class, order("\"USD 1.00\"", ",\"subscription\":{\"subscriptionId\":"
            + "\"s\",\"NAME\":1}"),
        Touchpoint.class, "{\"kind\":\"CLICK\",\"NAME\":1}",
        BindingHistory.class, "{\"customerId\":\"c\",\"NAME\":1}",
        CustomerBinding.class, "{\"customerId\":\"c\",\"candidates\":[{\"affiliateId\":"
            + "\"a\",\"NAME\":1}]}",
        AffiliateProfile.class, "{\"affiliateId\":\"anna\",\"NAME\":1}");

    /** The type read: a line item, subscription or candidate is read in what holds it. */
    private Class<?> readAs(Class<?> type) {
      return type == LineItem.class || type == Subscription.class ? Conversion.class
          : type == CustomerBinding.class ? BindingHistory.class : type;
    }

    @Test
    void read_unknownFieldWithControlCharactersOrLong_isQuotedEscapedAndCutInTheMessage() {
      // As JSON writes them, and as they are.
      Map<String, String> names = Map.of(
          "\\u001b[2J\\r\\nFAKE LOG LINE", "\u001b[2J\r\nFAKE LOG LINE",
          "x".repeat(49_000), "x".repeat(49_000),
          "taxes", "taxes");
      places.forEach((type, json) -> names.forEach((written, name) ->
          assertThatThrownBy(() -> mapper.readValue(json.replace("NAME", written), readAs(type)))
              .isInstanceOf(UnrecognizedPropertyException.class)
              .satisfies(e -> {
                UnrecognizedPropertyException unknown = (UnrecognizedPropertyException) e;
                assertThat(unknown.getOriginalMessage()).isEqualTo("Unrecognized field "
                    + Texts.quote(name) + " (class " + type.getName()
                    + "), not marked as ignorable");
                assertThat(unknown.getOriginalMessage()).hasSizeLessThan(200)
                    .matches("[\\x20-\\x7e]*");
                // Jackson's own parts keep the name as written.
                assertThat(unknown.getPropertyName()).isEqualTo(name);
                assertThat(unknown.getReferringClass()).isEqualTo(type);
                assertThat(unknown.getPath().get(unknown.getPath().size() - 1).getFieldName())
                    .isEqualTo(name);
              })));
    }
  }

  /** The exception's path with the package names left out, such as {@code Conversion["tax"]}. */
  private static String path(Throwable e) {
    return ((JsonMappingException) e).getPathReference()
        .replaceAll("[a-z.]+\\.(?=[A-Z])", "");
  }

  @Nested
  class PolymorphicTyping {

    /** One value of every type the module both writes and reads. */
    private List<Object> values() {
      Conversion order = fullOrder();
      return List.of(usd("12.34"), Money.parse("JPY 5"), Rate.parse("12.5%"),
          CurrencyUnit.of("BHD"), LinkCode.parseVanity("GLOWWITHMIA"),
          CommissionPlan.builder().rule(CommissionRule.percentage("d", Rate.ofPercent(10)))
              .capPerConversion(usd("5.00")).build(),
          order, order.lineItems().get(0), order.subscription().orElseThrow(),
          Touchpoint.builder(TouchpointKind.CLICK, "visitor-7f3a", "anna", AT).code("ANNA10")
              .sequence(12).build(),
          AffiliateProfile.builder("anna").group("micro").tags("skin", "vegan").build());
    }

    private ObjectMapper typed(ObjectMapper.DefaultTyping typing, JsonTypeInfo.As inclusion) {
      return new ObjectMapper().registerModule(AffiliateKitJson.module())
          .activateDefaultTyping(BasicPolymorphicTypeValidator.builder()
              .allowIfSubType("dev.affiliatekit.").allowIfSubType("java.util.").build(),
              typing, inclusion);
    }

    @ParameterizedTest
    @CsvSource({
        "NON_FINAL, PROPERTY", "NON_FINAL, WRAPPER_ARRAY",
        "JAVA_LANG_OBJECT, PROPERTY", "JAVA_LANG_OBJECT, WRAPPER_OBJECT",
        "EVERYTHING, PROPERTY", "EVERYTHING, WRAPPER_ARRAY"})
    void writeThenRead_everyValueType_givesAnEqualValue(ObjectMapper.DefaultTyping typing,
        JsonTypeInfo.As inclusion) throws Exception {
      ObjectMapper typed = typed(typing, inclusion);

      for (Object value : values()) {
        // As an Object, which every typing marks with the value's class.
        String json = typed.writerFor(Object.class).writeValueAsString(value);
        assertThat(json).as(json).contains(value.getClass().getName());
        assertThat(typed.readValue(json, Object.class)).as(json).isEqualTo(value);
        // As its own type, which only EVERYTHING marks.
        String own = typed.writerFor(value.getClass()).writeValueAsString(value);
        assertThat(typed.readValue(own, value.getClass())).as(own).isEqualTo(value);
      }
      Map<String, Object> payload = new LinkedHashMap<>();
      for (Object value : values()) {
        payload.put(value.getClass().getSimpleName() + payload.size(), value);
      }
      String json = typed.writerFor(Object.class).writeValueAsString(payload);
      assertThat(typed.readValue(json, Object.class)).as(json).isEqualTo(payload);
    }

    @Test
    void write_moneyWithATypeId_putsTheTypeIdAroundTheText() throws Exception {
      ObjectMapper typed =
          typed(ObjectMapper.DefaultTyping.NON_FINAL, JsonTypeInfo.As.PROPERTY);

      // A string has no property to hold the id, so Jackson wraps it in an array.
      assertThat(typed.writerFor(Object.class).writeValueAsString(usd("10.00")))
          .isEqualTo("[\"dev.affiliatekit.money.Money\",\"USD 10.00\"]");
      assertThat(typed.writerFor(Object.class).writeValueAsString(
          CommissionPlan.builder().rule(CommissionRule.percentage("d", Rate.ofPercent(10)))
              .build()))
          .startsWith("{\"@class\":\"dev.affiliatekit.commission.CommissionPlan\","
              + "\"version\":1,");
    }
  }
}
