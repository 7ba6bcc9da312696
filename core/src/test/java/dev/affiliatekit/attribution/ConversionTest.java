package dev.affiliatekit.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.testing.EqualsTester;
import com.google.common.testing.NullPointerTester;
import dev.affiliatekit.money.CurrencyMismatchException;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class ConversionTest {

  private static final Instant AT = Instant.parse("2026-03-31T10:00:00Z");

  private static Money usd(String amount) {
    return Money.parse("USD " + amount);
  }

  /** The order of the class documentation: 40 + 20 - 6 + 5 + 4.86 = 63.86. */
  private static Conversion.Builder documentedOrder() {
    return Conversion.builder("order-1001", AT, usd("63.86"))
        .visitorId("v1")
        .customerId("c42")
        .lineItem(LineItem.of("serum-30ml", "SKIN_CARE", 2, usd("20.00")))
        .lineItem(LineItem.of("tote", "BAGS", 1, usd("20.00")))
        .discount(usd("6.00"))
        .shipping(usd("5.00"))
        .tax(usd("4.86"));
  }

  /** What Conversion was before it kept its ids and amounts as plain fields: the behaviour to keep. */
  private record AsRecord(String orderId, Optional<String> visitorId, Optional<String> customerId,
      Optional<String> customerEmail, Instant instant, Money total, List<LineItem> lineItems,
      Money discount, Money shipping, Money tax, Optional<String> couponCode,
      CustomerType customerType, Optional<String> customerCountry,
      Optional<Subscription> subscription) {}

  private static AsRecord asRecord(Conversion c) {
    return new AsRecord(c.orderId(), c.visitorId(), c.customerId(), c.customerEmail(), c.instant(),
        c.total(), c.lineItems(), c.discount(), c.shipping(), c.tax(), c.couponCode(),
        c.customerType(), c.customerCountry(), c.subscription());
  }

  /** Conversions that differ in every part, one part at a time. */
  private static List<Conversion> variants() {
    return List.of(
        documentedOrder().build(),
        documentedOrder().couponCode("ANNA10").customerType(CustomerType.NEW)
            .customerCountry("US").customerEmail("buyer@example.com").build(),
        Conversion.builder("o", AT, usd("1.00")).visitorId("v").build(),
        Conversion.builder("o", AT, usd("1.00")).customerId("v").build(),
        Conversion.builder("o", AT, usd("1.00")).visitorId("v").customerId("v").build(),
        Conversion.builder("o", AT.plusNanos(1), usd("1.00")).visitorId("v").build(),
        Conversion.builder("o", AT, Money.parse("EUR 1.00")).visitorId("v").build(),
        Conversion.builder("o", AT, usd("1.00")).visitorId("v").shipping(usd("1.00")).build(),
        Conversion.builder("o", AT, usd("1.00")).visitorId("v").tax(usd("1.00")).build(),
        Conversion.builder("o", AT, usd("1.00")).visitorId("v")
            .lineItem(LineItem.of("a", 1, usd("1.00"))).build(),
        Conversion.builder("o", AT, usd("1.00")).visitorId("v")
            .lineItem(LineItem.of("a", 1, usd("2.00"))).discount(usd("1.00")).build(),
        Conversion.builder("o", AT, usd("1.00")).visitorId("v").customerType(CustomerType.RETURNING)
            .build(),
        Conversion.builder("o", AT, usd("1.00")).visitorId("v").customerCountry("DE").build(),
        Conversion.builder("o", AT, usd("1.00")).visitorId("v").subscription("s", 2, AT).build(),
        Conversion.builder("o", AT, usd("1.00")).visitorId("v").subscription("s", 3, AT).build());
  }

  @Nested
  class AsARecord {

    @Test
    void toString_isTheRecordsText() {
      assertThat(Conversion.builder("o", AT, usd("1.00")).visitorId("v").build()).hasToString(
          "Conversion[orderId=o, visitorId=Optional[v], customerId=Optional.empty, "
              + "customerEmail=Optional.empty, instant=2026-03-31T10:00:00Z, total=USD 1.00, "
              + "lineItems=[], discount=USD 0.00, shipping=USD 0.00, tax=USD 0.00, "
              + "couponCode=Optional.empty, customerType=UNKNOWN, customerCountry=Optional.empty, "
              + "subscription=Optional.empty]");
      for (Conversion conversion : variants()) {
        assertThat(conversion.toString()).isEqualTo(
            asRecord(conversion).toString().replaceFirst("^AsRecord", "Conversion"));
      }
    }

    @Test
    void hashCode_isTheRecordsHashCode() {
      for (Conversion conversion : variants()) {
        assertThat(conversion.hashCode()).isEqualTo(asRecord(conversion).hashCode());
      }
    }

    @Test
    void equals_isTheRecordsEquality() {
      List<Conversion> variants = variants();
      for (Conversion a : variants) {
        for (Conversion b : variants) {
          assertThat(a.equals(b)).isEqualTo(asRecord(a).equals(asRecord(b)));
        }
        Conversion copy = new Conversion(a.orderId(), a.visitorId(), a.customerId(),
            a.customerEmail(), a.instant(), a.total(), a.lineItems(), a.discount(), a.shipping(),
            a.tax(), a.couponCode(), a.customerType(), a.customerCountry(), a.subscription());
        assertThat(copy).isEqualTo(a).hasSameHashCodeAs(a).hasToString(a.toString());
      }
      EqualsTester tester = new EqualsTester();
      variants.forEach(conversion -> tester.addEqualityGroup(conversion));
      tester.testEquals();
    }

    @Test
    void isNotARecord_butHasTheRecordsAccessors() {
      assertThat(Conversion.class.isRecord()).isFalse();
      Conversion order = documentedOrder().couponCode("ANNA10").customerCountry("US")
          .customerEmail("buyer@example.com").subscription("s", 1, AT).build();
      assertThat(order.orderId()).isEqualTo("order-1001");
      assertThat(order.visitorId()).contains("v1");
      assertThat(order.customerId()).contains("c42");
      assertThat(order.customerEmail()).contains("buyer@example.com");
      assertThat(order.instant()).isEqualTo(AT);
      assertThat(order.total()).isEqualTo(usd("63.86"));
      assertThat(order.lineItems()).hasSize(2);
      assertThat(order.discount()).isEqualTo(usd("6.00"));
      assertThat(order.shipping()).isEqualTo(usd("5.00"));
      assertThat(order.tax()).isEqualTo(usd("4.86"));
      assertThat(order.couponCode()).contains("ANNA10");
      assertThat(order.customerCountry()).contains("US");
      assertThat(order.subscription()).contains(new Subscription("s", 1, AT));
    }
  }

  @Nested
  class MinorUnits {

    @Test
    void minorUnits_ofTheDocumentedOrder_areTheAmounts() {
      Conversion order = documentedOrder().build();
      assertThat(order.totalMinorUnits()).isEqualTo(6386);
      assertThat(order.discountMinorUnits()).isEqualTo(600);
      assertThat(order.shippingMinorUnits()).isEqualTo(500);
      assertThat(order.taxMinorUnits()).isEqualTo(486);
    }

    @Test
    void minorUnits_atAnotherScale_followTheCurrency() {
      Conversion order = Conversion.builder("o", AT, Money.parse("JPY 5000")).visitorId("v")
          .tax(Money.parse("JPY 455")).build();
      assertThat(order.currency()).isEqualTo(CurrencyUnit.of("JPY"));
      assertThat(order.totalMinorUnits()).isEqualTo(5000);
      assertThat(order.taxMinorUnits()).isEqualTo(455);
      assertThat(order.discountMinorUnits()).isZero();
      assertThat(order.shippingMinorUnits()).isZero();
    }
  }

  @Nested
  class EpochNanosOfTheInstant {

    @Test
    void epochNanos_inRange_isTheInstantsNanoseconds() {
      // 2026-03-31T10:00:00Z is 1,774,951,200 s after the epoch.
      Conversion order = Conversion.builder("o", AT.plusNanos(7), usd("1.00")).visitorId("v")
          .build();
      assertThat(order.epochNanos()).isEqualTo(1_774_951_200_000_000_007L);
      assertThat(Conversion.builder("o", EpochNanos.MIN, usd("1.00")).visitorId("v").build()
          .epochNanos()).isEqualTo(Long.MIN_VALUE);
      assertThat(Conversion.builder("o", EpochNanos.MAX, usd("1.00")).visitorId("v").build()
          .epochNanos()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void epochNanos_outOfRange_throwsAsEpochNanosDoes() {
      Conversion late = Conversion.builder("o", EpochNanos.MAX.plusNanos(1), usd("1.00"))
          .visitorId("v").build();
      assertThatThrownBy(late::epochNanos).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("conversion instant must be within [1677-09-21T00:12:43.145224192Z, "
              + "2262-04-11T23:47:16.854775807Z]: 2262-04-11T23:47:16.854775808Z");
      Conversion early = Conversion.builder("o", EpochNanos.MIN.minusNanos(1), usd("1.00"))
          .visitorId("v").build();
      assertThatThrownBy(early::epochNanos).isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("conversion instant must be within");
    }
  }

  @Nested
  class Build {

    @Test
    void builder_documentedOrder_holdsTheInvariant() {
      Conversion order = documentedOrder().couponCode("ANNA10").customerType(CustomerType.NEW)
          .customerCountry("US").customerEmail("buyer@example.com").build();
      assertThat(order.subtotal()).isEqualTo(usd("60.00"));
      assertThat(order.discountedSubtotal()).isEqualTo(usd("54.00"));
      assertThat(order.discountedLineAmounts()).containsExactly(usd("36.00"), usd("18.00"));
      assertThat(order.currency()).isEqualTo(CurrencyUnit.USD);
      assertThat(order.couponCode()).contains("ANNA10");
      assertThat(order.customerType()).isEqualTo(CustomerType.NEW);
      assertThat(order.customerCountry()).contains("US");
      assertThat(order.subscription()).isEmpty();
    }

    @Test
    void builder_defaults() {
      Conversion order = Conversion.builder("o", AT, usd("10.00")).customerId("c").build();
      assertThat(order.visitorId()).isEmpty();
      assertThat(order.discount()).isEqualTo(usd("0.00"));
      assertThat(order.shipping()).isEqualTo(usd("0.00"));
      assertThat(order.tax()).isEqualTo(usd("0.00"));
      assertThat(order.lineItems()).isEmpty();
      assertThat(order.customerType()).isEqualTo(CustomerType.UNKNOWN);
      assertThat(order.subtotal()).isEqualTo(usd("10.00"));
      assertThat(order.discountedLineAmounts()).isEmpty();
    }

    @Test
    void discountedLineAmounts_proRatesWithoutLosingACent() {
      Conversion order = Conversion.builder("o", AT, usd("0.99")).visitorId("v")
          .lineItem(LineItem.of("a", 1, usd("0.50")))
          .lineItem(LineItem.of("b", 1, usd("0.50")))
          .lineItem(LineItem.of("c", 1, usd("0.50")))
          .discount(usd("0.51"))
          .build();
      List<Money> lines = order.discountedLineAmounts();
      assertThat(Money.total(lines)).isEqualTo(order.discountedSubtotal());
      assertThat(lines).containsExactly(usd("0.33"), usd("0.33"), usd("0.33"));
    }

    @Test
    void subscription_isKept() {
      Conversion renewal = Conversion.builder("o", AT, usd("9.99")).customerId("c")
          .subscription("sub-1", 2, AT.minusSeconds(2_678_400)).build();
      assertThat(renewal.subscription()).hasValueSatisfying(s -> {
        assertThat(s.billingPeriod()).isEqualTo(2);
        assertThat(s.isFirstPeriod()).isFalse();
      });
    }
  }

  @Nested
  class BadInput {

    @Test
    void missingIds_namesTheOrder() {
      assertThatThrownBy(() -> Conversion.builder("o-7", AT, usd("1.00")).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("conversion must have a visitorId or a customerId: 'o-7'");
    }

    @Test
    void blankOrderId_namesTheField() {
      assertThatThrownBy(() -> Conversion.builder("", AT, usd("1.00")).visitorId("v").build())
          .hasMessage("conversion orderId must not be blank: ''");
    }

    @Test
    void negativeTotal_namesTheValue() {
      assertThatThrownBy(() -> Conversion.builder("o", AT, usd("-1.00")).visitorId("v").build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("conversion total must not be negative: USD -1.00");
    }

    @Test
    void negativeParts_nameTheField() {
      assertThatThrownBy(() -> Conversion.builder("o", AT, usd("1.00")).visitorId("v")
          .discount(usd("-0.01")).build())
          .hasMessage("conversion discount must not be negative: USD -0.01");
      assertThatThrownBy(() -> Conversion.builder("o", AT, usd("1.00")).visitorId("v")
          .shipping(usd("-0.01")).build())
          .hasMessage("conversion shipping must not be negative: USD -0.01");
      assertThatThrownBy(() -> Conversion.builder("o", AT, usd("1.00")).visitorId("v")
          .tax(usd("-0.01")).build())
          .hasMessage("conversion tax must not be negative: USD -0.01");
    }

    @Test
    void totalThatBreaksTheInvariant_showsTheSum() {
      assertThatThrownBy(() -> documentedOrder().tax(usd("4.00")).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("conversion total must equal line items - discount + shipping + tax "
              + "(USD 60.00 - USD 6.00 + USD 5.00 + USD 4.00 = USD 63.00): USD 63.86");
    }

    @Test
    void discountAboveTheLines_isRejected() {
      assertThatThrownBy(() -> Conversion.builder("o", AT, usd("0.00")).visitorId("v")
          .lineItem(LineItem.of("a", 1, usd("5.00"))).discount(usd("6.00")).build())
          .hasMessage("conversion discount must not exceed the line items (USD 5.00): USD 6.00");
    }

    @Test
    void totalBelowShippingAndTax_withoutLines_isRejected() {
      assertThatThrownBy(() -> Conversion.builder("o", AT, usd("5.00")).visitorId("v")
          .shipping(usd("4.00")).tax(usd("2.00")).build())
          .hasMessage("conversion total must cover shipping and tax (USD 4.00 + USD 2.00): USD 5.00");
    }

    @Test
    void mixedCurrencies_throwCurrencyMismatch() {
      assertThatThrownBy(() -> Conversion.builder("o", AT, usd("5.00")).visitorId("v")
          .shipping(Money.parse("EUR 1.00")).build())
          .isInstanceOf(CurrencyMismatchException.class)
          .hasMessage("conversion shipping must be in USD, the total's currency: EUR 1.00");
      assertThatThrownBy(() -> Conversion.builder("o", AT, usd("5.00")).visitorId("v")
          .discount(Money.parse("EUR 1.00")).build())
          .isInstanceOf(CurrencyMismatchException.class)
          .hasMessage("conversion discount must be in USD, the total's currency: EUR 1.00");
      assertThatThrownBy(() -> Conversion.builder("o", AT, usd("5.00")).visitorId("v")
          .tax(Money.parse("EUR 1.00")).build())
          .isInstanceOf(CurrencyMismatchException.class)
          .hasMessage("conversion tax must be in USD, the total's currency: EUR 1.00");
      assertThatThrownBy(() -> Conversion.builder("o", AT, usd("5.00")).visitorId("v")
          .lineItem(LineItem.of("a", 1, usd("4.00")))
          .lineItem(LineItem.of("serum", 1, Money.parse("EUR 1.00"))).build())
          .isInstanceOf(CurrencyMismatchException.class)
          .hasMessage("conversion line item 'serum' amount must be in USD, the total's currency:"
              + " EUR 1.00")
          .satisfies(e -> {
            CurrencyMismatchException mismatch = (CurrencyMismatchException) e;
            assertThat(mismatch.first()).isEqualTo(CurrencyUnit.USD);
            assertThat(mismatch.second()).isEqualTo(CurrencyUnit.of("EUR"));
          });
    }

    @Test
    void malformedEmail_isQuoted() {
      assertThatThrownBy(() -> Conversion.builder("o", AT, usd("5.00")).visitorId("v")
          .customerEmail("not-an-address").build())
          .hasMessage("conversion customerEmail must be an e-mail address such as "
              + "name@example.com: 'not-an-address'");
    }

    @Test
    void lowerCaseCountry_isRejected() {
      assertThatThrownBy(() -> Conversion.builder("o", AT, usd("5.00")).visitorId("v")
          .customerCountry("us").build())
          .hasMessage("conversion customerCountry must be an ISO 3166-1 alpha-2 code in upper "
              + "case, such as US: 'us'");
    }

    /** Regression: a sale took UK, which no rule on a country can name, so none matched it. */
    @Test
    void countryNoConditionMayName_isRejected() {
      assertThatThrownBy(() -> Conversion.builder("o", AT, usd("10.00")).customerId("c")
          .customerCountry("UK").build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("conversion customerCountry must be an ISO 3166-1 alpha-2 code in upper "
              + "case, such as US (the United Kingdom's is GB): 'UK'");
      assertThatThrownBy(() -> new Conversion("o", Optional.empty(), Optional.of("c"),
          Optional.empty(), AT, usd("10.00"), List.of(), usd("0.00"), usd("0.00"), usd("0.00"),
          Optional.empty(), CustomerType.UNKNOWN, Optional.of("EU"), Optional.empty()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("conversion customerCountry must be an ISO 3166-1 alpha-2 code in upper "
              + "case, such as US: 'EU'");
      assertThat(Conversion.builder("o", AT, usd("10.00")).customerId("c").customerCountry("GB")
          .build().customerCountry()).contains("GB");
      assertThat(Conversion.builder("o", AT, usd("10.00")).customerId("c").customerCountry("XK")
          .build().customerCountry()).contains("XK");
    }

    @Test
    void subscriptionStartingAfterTheConversion_isRejected() {
      assertThatThrownBy(() -> Conversion.builder("o", AT, usd("5.00")).customerId("c")
          .subscription("s", 1, AT.plusNanos(1)).build())
          .hasMessage("conversion subscription must not start after the conversion at "
              + "2026-03-31T10:00:00Z: 2026-03-31T10:00:00.000000001Z");
      assertThatThrownBy(() -> new Subscription("s", 0, AT))
          .hasMessage("subscription billingPeriod must be at least 1: 0");
    }

    @Test
    void lineItem_badParts() {
      assertThatThrownBy(() -> LineItem.of("a", 0, usd("1.00")))
          .hasMessage("line item quantity must be at least 1: 0");
      assertThatThrownBy(() -> LineItem.of("a", 1, usd("-1.00")))
          .hasMessage("line item amount must not be negative: USD -1.00");
      assertThatThrownBy(() -> new LineItem("a", Optional.of(""), 1, usd("1.00")))
          .hasMessage("line item category must not be blank: ''");
    }
  }

  @Test
  void amountsBeyondALong_nameEveryAmount() {
    Money most = Money.ofMinor(Long.MAX_VALUE, CurrencyUnit.USD);
    assertThatThrownBy(() -> Conversion.builder("o1", AT, most).visitorId("v")
        .discount(usd("0.01")).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("conversion amounts must add up within the range of USD: total USD"
            + " 92233720368547758.07, discount USD 0.01, shipping USD 0.00, tax USD 0.00,"
            + " 0 line items");
    assertThatThrownBy(() -> Conversion.builder("o1", AT, usd("1.00")).visitorId("v")
        .lineItem(LineItem.of("a", 1, most)).lineItem(LineItem.of("b", 1, usd("1.00"))).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("conversion amounts must add up within the range of USD:")
        .hasMessageEndingWith(", 2 line items");
    assertThatThrownBy(() -> LineItem.of("serum", Integer.MAX_VALUE, most))
        .isInstanceOf(ArithmeticException.class)
        .hasMessage("line item 'serum' amount is out of range: USD 92233720368547758.07 *"
            + " 2147483647");
  }

  @Test
  void lineItemsWithNull_nameTheFieldAndTheIndex() {
    List<LineItem> lines = java.util.Arrays.asList(LineItem.of("a", 1, usd("1.00")), null);
    assertThatThrownBy(() -> new Conversion("o1", Optional.of("v"), Optional.empty(),
        Optional.empty(), AT, usd("1.00"), lines, usd("0"), usd("0"), usd("0"),
        Optional.empty(), CustomerType.UNKNOWN, Optional.empty(), Optional.empty()))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("conversion lineItems contains null at index 1");
  }

  @Test
  void lineItem_of_multipliesTheUnitPrice() {
    assertThat(LineItem.of("serum", "SKIN_CARE", 3, usd("19.50")).amount()).isEqualTo(usd("58.50"));
    assertThat(LineItem.of("serum", 3, usd("19.50")).category()).isEmpty();
  }

  @Test
  void equalsAndHashCode() {
    new EqualsTester()
        .addEqualityGroup(documentedOrder().build(), documentedOrder().build())
        .addEqualityGroup(documentedOrder().couponCode("X").build())
        .addEqualityGroup(Conversion.builder("o", AT, usd("1.00")).visitorId("v").build())
        .testEquals();
    new EqualsTester()
        .addEqualityGroup(LineItem.of("a", 2, usd("1.00")), new LineItem("a", Optional.empty(), 2, usd("2.00")))
        .addEqualityGroup(LineItem.of("a", "C", 2, usd("1.00")))
        .testEquals();
  }

  @Test
  void nulls_areRejected() {
    NullPointerTester tester = new NullPointerTester().setDefault(Instant.class, AT)
        .setDefault(Money.class, usd("1.00"))
        .setDefault(LineItem.class, LineItem.of("a", 1, usd("1.00")))
        .setDefault(CustomerType.class, CustomerType.NEW);
    tester.testAllPublicStaticMethods(Conversion.class);
    tester.testAllPublicInstanceMethods(documentedOrder().build());
    tester.testAllPublicInstanceMethods(documentedOrder());
    tester.testAllPublicStaticMethods(LineItem.class);
    tester.testAllPublicConstructors(LineItem.class);
    tester.testAllPublicConstructors(Subscription.class);
    tester.testAllPublicConstructors(Conversion.class);
  }
}
