package dev.affiliatekit.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import dev.affiliatekit.attribution.BindingHistory;
import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.CustomerBinding;
import dev.affiliatekit.attribution.CustomerType;
import dev.affiliatekit.attribution.LineItem;
import dev.affiliatekit.attribution.Subscription;
import dev.affiliatekit.attribution.Touchpoint;
import dev.affiliatekit.attribution.TouchpointKind;
import dev.affiliatekit.commission.AffiliateProfile;
import dev.affiliatekit.commission.CommissionPlan;
import dev.affiliatekit.commission.CommissionRule;
import dev.affiliatekit.ledger.Ledger;
import dev.affiliatekit.ledger.PayoutRules;
import dev.affiliatekit.link.LinkCode;
import dev.affiliatekit.money.CurrencyTable;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import dev.affiliatekit.program.AffiliateProgram;
import dev.affiliatekit.program.ConversionOutcome;
import dev.affiliatekit.program.ProgramEvent;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Regression: the module held lambdas, and a table that is not {@code Serializable}, so that a
 * mapper it was registered with could not be Java-serialized, as hosts ship mappers to other
 * processes (a Spark broadcast, a Flink operator).
 */
class AffiliateKitJsonSerializationTest {

  private static final Instant AT = Instant.parse("2026-03-31T10:00:00Z");
  private static final CurrencyUnit POINTS = CurrencyUnit.custom("PTS", 0);
  /** ISO with points added and the Icelandic króna given two decimal places. */
  private static final CurrencyTable WITH_POINTS =
      CurrencyTable.iso4217().with(POINTS, CurrencyUnit.custom("ISK", 2));

  /** {@return the object after a trip through Java serialization, as a host ships it} */
  private static <T> T shipped(T object, Class<T> type)
      throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(object);
    }
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return type.cast(in.readObject());
    }
  }

  private static Money usd(String amount) {
    return Money.parse("USD " + amount);
  }

  /** Writes the value with both mappers, checks they agree and reads it back with the copy. */
  private static <T> void assertRoundTrips(ObjectMapper original, ObjectMapper copy, T value,
      Class<T> type) throws IOException {
    String json = copy.writeValueAsString(value);
    assertThat(json).as("%s", type.getSimpleName()).isEqualTo(original.writeValueAsString(value));
    assertThat(copy.readValue(json, type)).as("%s", type.getSimpleName()).isEqualTo(value);
  }

  @Test
  void mapperWithTheModule_isShipped_andReadsAndWritesEveryTypeAsBefore() throws Exception {
    ObjectMapper mapper = new ObjectMapper().registerModule(AffiliateKitJson.module());
    // Used before it is shipped, so that its caches hold (de)serializers too.
    assertThat(mapper.readValue(mapper.writeValueAsString(ValueJsonTest.fullOrder()), Conversion.class))
        .isEqualTo(ValueJsonTest.fullOrder());

    ObjectMapper copy = shipped(mapper, ObjectMapper.class);

    assertRoundTrips(mapper, copy, ValueJsonTest.fullOrder(), Conversion.class);
    assertRoundTrips(mapper, copy, LineItem.of("serum-30ml", "SKIN_CARE", 2, usd("20.00")),
        LineItem.class);
    assertRoundTrips(mapper, copy, ValueJsonTest.fullOrder().subscription().orElseThrow(), Subscription.class);
    assertRoundTrips(mapper, copy, Money.parse("KWD 1.234"), Money.class);
    assertRoundTrips(mapper, copy, Rate.parse("12.5%"), Rate.class);
    assertRoundTrips(mapper, copy, CurrencyUnit.of("JPY"), CurrencyUnit.class);
    assertRoundTrips(mapper, copy, LinkCode.parseAny("jane-20"), LinkCode.class);
    assertRoundTrips(mapper, copy, PlanJsonTest.everything(), CommissionPlan.class);
    assertRoundTrips(mapper, copy, Touchpoint.builder(TouchpointKind.CLICK, "visitor-7f3a",
        "anna", AT).code("ANNA10").channel("instagram").sequence(12).build(), Touchpoint.class);
    assertRoundTrips(mapper, copy, AffiliateProfile.builder("anna").group("micro")
        .tags("vegan", "skin").country("DE").parentId("ben").build(), AffiliateProfile.class);
    assertRoundTrips(mapper, copy, new BindingHistory("customer-42", List.of(
        new CustomerBinding("customer-42", "anna", AT)), false), BindingHistory.class);
    // Map keys, and a value that does not parse.
    Map<CurrencyUnit, Money> minimums = Map.of(CurrencyUnit.USD, usd("50.00"));
    String keyed = copy.writeValueAsString(minimums);
    assertThat(keyed).isEqualTo("{\"USD\":\"USD 50.00\"}");
    assertThat(copy.readValue(keyed, new TypeReference<Map<CurrencyUnit, Money>>() {}))
        .isEqualTo(minimums);
    assertThat(copy.readValue("{\"jane-20\":\"1%\"}", new TypeReference<Map<LinkCode, Rate>>() {}))
        .isEqualTo(Map.of(LinkCode.parseAny("JANE20"), Rate.parse("1%")));
    assertThatThrownBy(() -> copy.readValue("\"USD 1,00\"", Money.class))
        .isInstanceOf(InvalidFormatException.class)
        .hasMessageStartingWith("Money is invalid: money must use '.' as the decimal separator");
    assertThatThrownBy(() -> copy.readValue("\"PTS 1\"", Money.class))
        .isInstanceOf(InvalidFormatException.class)
        .hasMessageContaining("unknown currency code 'PTS'");
  }

  @Test
  void mapperWithTheModule_isShipped_andWritesTheWrittenOnlyTypesAsBefore() throws Exception {
    ObjectMapper mapper = new ObjectMapper().registerModule(AffiliateKitJson.module());
    ObjectMapper copy = shipped(mapper, ObjectMapper.class);
    List<ProgramEvent> events = new ArrayList<>();
    AffiliateProgram program = AffiliateProgram.builder()
        .plan(CommissionPlan.builder()
            .rule(CommissionRule.percentage("creators", Rate.ofPercent(15))).build())
        .clock(Clock.fixed(AT, ZoneOffset.UTC))
        .listener(events::add)
        .build();
    program.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");
    program.recordClick("visitor-1", "GLOWWITHMIA");
    ConversionOutcome outcome = program.recordConversion(
        Conversion.builder("order-1", AT, usd("400.00")).visitorId("visitor-1").build());
    Ledger ledger = JournalJsonTest.everyKindOfPosting();

    List<Object> written = new ArrayList<>();
    written.add(outcome.attribution());
    written.addAll(outcome.quotes());
    written.add(program.enrollment("mia").orElseThrow());
    written.addAll(events);
    written.addAll(ledger.journal());
    written.add(ledger.batch("payout-1").orElseThrow());
    assertThat(events).hasSize(2);
    assertThat(outcome.quotes()).hasSize(1);
    for (Object value : written) {
      assertThat(copy.writeValueAsString(value)).as("%s", value.getClass().getSimpleName())
          .startsWith("{").isEqualTo(mapper.writeValueAsString(value));
    }
    assertThat(copy.writeValueAsString(events))
        .contains("\"type\":\"commissionAccrued\"").isEqualTo(mapper.writeValueAsString(events));
  }

  @Test
  void mapperWithTheModuleOfACustomTable_isShipped_andReadsItsCurrencies() throws Exception {
    ObjectMapper mapper = new ObjectMapper().registerModule(AffiliateKitJson.module(WITH_POINTS));

    ObjectMapper copy = shipped(mapper, ObjectMapper.class);

    Money points = Money.parse("PTS 1200", WITH_POINTS);
    assertRoundTrips(mapper, copy, points, Money.class);
    assertRoundTrips(mapper, copy, POINTS, CurrencyUnit.class);
    assertRoundTrips(mapper, copy, Money.parse("ISK 12.50", WITH_POINTS), Money.class);
    assertThat(copy.readValue("\"ISK 12.50\"", Money.class).currency().scale()).isEqualTo(2);
    assertRoundTrips(mapper, copy, Conversion.builder("order-7", AT, points).customerId("c-1")
        .lineItem(LineItem.of("gift-card", 1, points)).build(), Conversion.class);
    assertRoundTrips(mapper, copy, CommissionPlan.builder().capPerConversion(points)
        .rule(CommissionRule.percentage("default", Rate.parse("10%"))).build(),
        CommissionPlan.class);
    assertThat(copy.readValue("{\"PTS\":\"PTS 5\"}",
        new TypeReference<Map<CurrencyUnit, Money>>() {}))
        .isEqualTo(Map.of(POINTS, Money.parse("PTS 5", WITH_POINTS)));
    // Still one module per table: the copy ignores the module of its own table, given again.
    assertThat(copy.getRegisteredModuleIds()).isEqualTo(mapper.getRegisteredModuleIds());
    assertThat(copy.registerModule(AffiliateKitJson.module(WITH_POINTS))
        .getRegisteredModuleIds()).hasSize(1);
  }

  @Test
  void module_isShipped_andReadsItsTableInAnotherMapper() throws Exception {
    Module iso = shipped(AffiliateKitJson.module(), Module.class);
    Module withPoints = shipped(AffiliateKitJson.module(WITH_POINTS), Module.class);

    assertThat(iso.getTypeId()).isEqualTo(AffiliateKitJson.module().getTypeId());
    assertThat(withPoints.getTypeId()).isEqualTo(AffiliateKitJson.module(WITH_POINTS).getTypeId())
        .isNotEqualTo(iso.getTypeId());
    ObjectMapper mapper = new ObjectMapper().registerModule(withPoints);
    assertThat(mapper.readValue("\"PTS 7\"", Money.class))
        .isEqualTo(Money.parse("PTS 7", WITH_POINTS));
    assertThat(mapper.readValue(mapper.writeValueAsString(ValueJsonTest.fullOrder()), Conversion.class))
        .isEqualTo(ValueJsonTest.fullOrder());
    assertThatThrownBy(() -> new ObjectMapper().registerModule(iso)
        .readValue("\"PTS 7\"", Money.class))
        .isInstanceOf(InvalidFormatException.class);
  }

  /**
   * A stream made by hand that names a type the module has no format of, or leaves out the
   * currencies, is refused as invalid when read, never with an error of the library's own.
   */
  @Test
  void aStreamOfAnotherTypeOrWithoutCurrencies_isRefusedAsInvalid() throws Exception {
    Object currencies = construct("Currencies", new Class<?>[] {CurrencyTable.class},
        CurrencyTable.iso4217());
    Class<?> currenciesType = currencies.getClass();
    List<Object> hostile = List.of(
        construct("TextDeserializer", new Class<?>[] {Class.class, currenciesType},
            String.class, currencies),
        construct("TextDeserializer", new Class<?>[] {Class.class, currenciesType},
            Money.class, null),
        construct("TextKeyDeserializer", new Class<?>[] {Class.class, currenciesType},
            Thread.class, currencies),
        construct("PlanDeserializer", new Class<?>[] {currenciesType}, (Object) null),
        construct("ObjectDeserializer", new Class<?>[] {Class.class, currenciesType},
            Conversion.class, null),
        withField(construct("ObjectDeserializer", new Class<?>[] {Class.class, currenciesType},
            Conversion.class, currencies), "type", String.class),
        withField(construct("ObjectSerializer", new Class<?>[] {Class.class}, Conversion.class),
            "_handledType", String.class));
    for (Object object : hostile) {
      assertThatThrownBy(() -> shipped(object, Object.class)).as("%s", object)
          .isInstanceOf(java.io.InvalidObjectException.class)
          .hasMessageStartingWith("the AffiliateKit module has no format of ");
    }
    Object textOfAnotherType = construct("TextSerializer", new Class<?>[] {Class.class},
        Thread.class);
    assertThatThrownBy(() -> shipped(textOfAnotherType, Object.class))
        .isInstanceOf(java.io.InvalidObjectException.class)
        .hasMessage("the AffiliateKit module has no format of class java.lang.Thread");
    Object moduleWithoutCurrencies = withField(AffiliateKitJson.module(), "currencies", null);
    assertThatThrownBy(() -> shipped(moduleWithoutCurrencies, Object.class))
        .isInstanceOf(java.io.InvalidObjectException.class)
        .hasMessage("the AffiliateKit module has no currencies");
  }

  /** {@return an instance of one of the module's own classes, as a stream could name it} */
  private static Object construct(String simpleName, Class<?>[] parameters, Object... arguments)
      throws ReflectiveOperationException {
    java.lang.reflect.Constructor<?> constructor = Class.forName(
        AffiliateKitJson.class.getName() + "$" + simpleName).getDeclaredConstructor(parameters);
    constructor.setAccessible(true);
    return constructor.newInstance(arguments);
  }

  /** {@return the object with a field, of its class or a superclass, changed} */
  private static Object withField(Object object, String name, Object value)
      throws ReflectiveOperationException {
    for (Class<?> type = object.getClass(); type != null; type = type.getSuperclass()) {
      for (java.lang.reflect.Field field : type.getDeclaredFields()) {
        if (field.getName().equals(name)) {
          field.setAccessible(true);
          field.set(object, value);
          return object;
        }
      }
    }
    throw new AssertionError("no field " + name);
  }
}
