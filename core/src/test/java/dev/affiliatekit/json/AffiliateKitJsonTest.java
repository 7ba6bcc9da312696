package dev.affiliatekit.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.google.common.testing.NullPointerTester;
import dev.affiliatekit.ledger.PayoutRules;
import dev.affiliatekit.link.LinkCode;
import dev.affiliatekit.money.CurrencyTable;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AffiliateKitJsonTest {

  record Payout(String affiliateId, Money amount, Rate rate, CurrencyUnit currency) {}

  record Wrapper(List<Payout> payouts) {}

  private final ObjectMapper mapper = new ObjectMapper().registerModule(AffiliateKitJson.module());

  @Test
  void valueTypes_areWrittenAsStrings() throws Exception {
    Payout payout = new Payout("jane", Money.parse("USD 12.34"), Rate.parse("12.5%"),
        CurrencyUnit.of("KWD"));
    assertThat(mapper.writeValueAsString(payout)).isEqualTo(
        "{\"affiliateId\":\"jane\",\"amount\":\"USD 12.34\",\"rate\":\"12.5%\",\"currency\":\"KWD\"}");
  }

  @Test
  void valueTypes_roundTrip() throws Exception {
    Payout payout = new Payout("jane", Money.parse("JPY -1200"), Rate.parse("0.0001%"),
        CurrencyUnit.USD);
    String json = mapper.writeValueAsString(payout);
    assertThat(mapper.readValue(json, Payout.class)).isEqualTo(payout);
  }

  @Test
  void rate_fractionForm_isRead() throws Exception {
    assertThat(mapper.readValue("\"0.125\"", Rate.class)).isEqualTo(Rate.parse("12.5%"));
  }

  /**
   * Regression: Jackson's own message showed the text as written, so that a carriage return and
   * a terminal's escape sequence in a value reached the log as they were.
   */
  @Test
  void badText_withControlCharacters_showsThemEscaped() {
    assertThatThrownBy(() -> mapper.readValue("\"USD 1\\r\\u001b[2K.00\"", Money.class))
        .isInstanceOf(InvalidFormatException.class)
        .hasMessageStartingWith("Money is invalid: money has invalid character '\\u000d' at"
            + " index 5: 'USD 1\\u000d\\u001b[2K.00'")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\r", "\u001b"));
    assertThatThrownBy(() -> mapper.readValue("{\"USD\\u001b\":1}",
        new TypeReference<Map<CurrencyUnit, Integer>>() {}))
        .isInstanceOf(InvalidFormatException.class)
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u001b").contains("\\u001b"));
  }

  @Test
  void badText_namesThePathAndTheReason() {
    String json = "{\"payouts\":[{\"affiliateId\":\"a\",\"amount\":\"USD 1,00\",\"rate\":\"1%\","
        + "\"currency\":\"USD\"}]}";
    assertThatThrownBy(() -> mapper.readValue(json, Wrapper.class))
        .isInstanceOf(InvalidFormatException.class)
        .hasMessageContaining("money must use '.' as the decimal separator and no digit"
            + " grouping, not ',' at index 5: 'USD 1,00'")
        .hasMessageContaining("payouts")
        .satisfies(e -> assertThat(((InvalidFormatException) e).getPathReference())
            .contains("payouts").contains("[0]").contains("amount"));
  }

  @Test
  void numbers_areRejected_soMoneyNeverPassesThroughFloatingPoint() {
    assertThatThrownBy(() -> mapper.readValue("12.34", Money.class))
        .isInstanceOf(MismatchedInputException.class)
        .hasMessageContaining(
            "Money must be a JSON string in its text format, such as \"USD 12.34\": 12.34");
    assertThatThrownBy(() -> mapper.readValue("0.5", Rate.class))
        .isInstanceOf(MismatchedInputException.class)
        .hasMessageContaining("Rate must be a JSON string in its text format, such as \"12.5%\": 0.5");
  }

  @Test
  void otherValuesThanStrings_areNamedInTheMessage() {
    assertThatThrownBy(() -> mapper.readValue("true", CurrencyUnit.class))
        .isInstanceOf(MismatchedInputException.class)
        .hasMessageContaining("CurrencyUnit must be a JSON string in its text format, such as"
            + " \"USD\": true");
    assertThatThrownBy(() -> mapper.readValue("{\"amount\": {\"minor\": 1}}", Payout.class))
        .isInstanceOf(MismatchedInputException.class)
        .hasMessageContaining("such as \"USD 12.34\": an object");
    assertThatThrownBy(() -> mapper.readValue("[\"K7QX2M9D4PV\"]", LinkCode.class))
        .isInstanceOf(MismatchedInputException.class)
        .hasMessageContaining("such as \"GLOWWITHMIA\": an array");
  }

  @Test
  void customCurrencies_comeFromTheGivenTable() throws Exception {
    CurrencyUnit points = CurrencyUnit.custom("PTS", 0);
    ObjectMapper custom = new ObjectMapper()
        .registerModule(AffiliateKitJson.module(CurrencyTable.iso4217().with(points)));
    assertThat(custom.readValue("\"PTS 1200\"", Money.class)).isEqualTo(Money.ofMinor(1200, points));
    assertThatThrownBy(() -> mapper.readValue("\"PTS 1200\"", Money.class))
        .isInstanceOf(InvalidFormatException.class)
        .hasMessageContaining("unknown currency code 'PTS'");
  }

  /** Regression: every module had one id, so a mapper ignored a second module of another table. */
  @Test
  void modulesOfTwoTables_areBothRegistered_theLastReading() throws Exception {
    CurrencyTable withPoints = CurrencyTable.iso4217().with(CurrencyUnit.custom("PTS", 0));
    ObjectMapper isoThenPoints = new ObjectMapper().registerModule(AffiliateKitJson.module())
        .registerModule(AffiliateKitJson.module(withPoints));
    ObjectMapper pointsThenIso = new ObjectMapper()
        .registerModule(AffiliateKitJson.module(withPoints))
        .registerModule(AffiliateKitJson.module());

    assertThat(isoThenPoints.getRegisteredModuleIds()).hasSize(2);
    assertThat(isoThenPoints.readValue("\"PTS 100\"", Money.class).minorUnits()).isEqualTo(100);
    assertThatThrownBy(() -> pointsThenIso.readValue("\"PTS 100\"", Money.class))
        .isInstanceOf(InvalidFormatException.class);
    // One table, one module, however often it is given.
    assertThat(new ObjectMapper().registerModule(AffiliateKitJson.module(withPoints))
        .registerModule(AffiliateKitJson.module(withPoints)).getRegisteredModuleIds()).hasSize(1);
  }

  @Test
  void mapKeyedByCurrency_roundTripsAsCodes() throws Exception {
    Map<CurrencyUnit, Money> minimums = PayoutRules
        .minimums(Money.parse("USD 50.00"), Money.parse("JPY 5000")).minimumsByCurrency();
    TypeReference<Map<CurrencyUnit, Money>> type = new TypeReference<>() {};

    String json = mapper.writeValueAsString(minimums);

    assertThat(json).isIn("{\"USD\":\"USD 50.00\",\"JPY\":\"JPY 5000\"}",
        "{\"JPY\":\"JPY 5000\",\"USD\":\"USD 50.00\"}");
    assertThat(mapper.readValue(json, type)).isEqualTo(minimums);
    CurrencyUnit points = CurrencyUnit.custom("PTS", 0);
    ObjectMapper custom = new ObjectMapper()
        .registerModule(AffiliateKitJson.module(CurrencyTable.iso4217().with(points)));
    assertThat(custom.readValue("{\"PTS\":\"PTS 10\"}", type))
        .isEqualTo(Map.of(points, Money.ofMinor(10, points)));
  }

  @Test
  void mapKeyedByCurrency_badKey_namesTheKeyAndTheMapsPath() {
    assertThatThrownBy(() -> mapper.readValue("{\"byCurrency\":{\"USD\":1,\"PTS\":2}}",
        new TypeReference<Map<String, Map<CurrencyUnit, Integer>>>() {}))
        .isInstanceOf(InvalidFormatException.class)
        .hasMessageStartingWith("CurrencyUnit map key is invalid: currency code is unknown:"
            + " 'PTS'")
        .satisfies(e -> assertThat(((InvalidFormatException) e).getValue()).isEqualTo("PTS"))
        .satisfies(e -> assertThat(((InvalidFormatException) e).getPathReference())
            .contains("byCurrency"));
  }

  /** Regression: a key was read by the code's constructor, unchecked and as typed. */
  @Test
  void mapKeyedByLinkCode_readsEachKeyAsParseAnyDoes() throws Exception {
    TypeReference<Map<LinkCode, String>> type = new TypeReference<>() {};

    Map<LinkCode, String> owners = mapper.readValue("{\"jane-20\":\"jane\",\"16jd\":\"leo\"}",
        type);

    assertThat(owners).containsOnlyKeys(LinkCode.parseVanity("JANE20"), LinkCode.parseAny("16JD"));
    assertThat(owners.keySet()).extracting(LinkCode::toString).containsOnly("JANE20", "16JD");
    assertThat(mapper.writeValueAsString(owners)).contains("\"JANE20\":\"jane\"");
    for (String bad : List.of("USD 1.00", "", "jane.20")) {
      assertThatThrownBy(() -> mapper.readValue("{\"owners\":{\"" + bad + "\":\"x\"}}",
          new TypeReference<Map<String, Map<LinkCode, String>>>() {}))
          .isInstanceOf(InvalidFormatException.class)
          .hasMessageStartingWith("LinkCode map key is invalid: ")
          .satisfies(e -> assertThat(((InvalidFormatException) e).getValue()).isEqualTo(bad))
          .satisfies(e -> assertThat(((InvalidFormatException) e).getPathReference())
              .contains("owners"));
    }
  }

  @Test
  void mapKeyedByMoneyOrRate_roundTripsAsText() throws Exception {
    Map<Money, Rate> tiers = Map.of(Money.parse("USD 1000.00"), Rate.parse("12.5%"));
    Map<Rate, Money> byRate = Map.of(Rate.parse("12.5%"), Money.parse("USD 1000.00"));

    String tiersJson = mapper.writeValueAsString(tiers);
    String byRateJson = mapper.writeValueAsString(byRate);

    assertThat(tiersJson).isEqualTo("{\"USD 1000.00\":\"12.5%\"}");
    assertThat(mapper.readValue(tiersJson, new TypeReference<Map<Money, Rate>>() {}))
        .isEqualTo(tiers);
    assertThat(mapper.readValue(byRateJson, new TypeReference<Map<Rate, Money>>() {}))
        .isEqualTo(byRate);
    assertThatThrownBy(() -> mapper.readValue("{\"USD 1.001\":\"1%\"}",
        new TypeReference<Map<Money, Rate>>() {}))
        .isInstanceOf(InvalidFormatException.class)
        .hasMessageStartingWith("Money map key is invalid: ");
  }

  /** Regression: a problem handler of the mapper was no longer asked about a bad key. */
  @Test
  void mapKeyedByCurrency_badKey_isOfferedToTheMappersProblemHandlers() throws Exception {
    ObjectMapper lenient = new ObjectMapper().registerModule(AffiliateKitJson.module())
        .addHandler(new DeserializationProblemHandler() {
          @Override
          public Object handleWeirdKey(DeserializationContext context, Class<?> rawKeyType,
              String keyValue, String failureMsg) {
            return keyValue.equals("usd") ? CurrencyUnit.USD : NOT_HANDLED;
          }
        });
    TypeReference<Map<CurrencyUnit, Integer>> type = new TypeReference<>() {};

    assertThat(lenient.readValue("{\"usd\":1}", type)).isEqualTo(Map.of(CurrencyUnit.USD, 1));
    assertThatThrownBy(() -> lenient.readValue("{\"PTS\":1}", type))
        .isInstanceOf(InvalidFormatException.class)
        .hasMessageStartingWith("CurrencyUnit map key is invalid: currency code is unknown:"
            + " 'PTS'");
    // A handler's own refusal comes through as it threw it.
    ObjectMapper strict = new ObjectMapper().registerModule(AffiliateKitJson.module())
        .addHandler(new DeserializationProblemHandler() {
          @Override
          public Object handleWeirdKey(DeserializationContext context, Class<?> rawKeyType,
              String keyValue, String failureMsg) throws IOException {
            throw new InvalidFormatException(context.getParser(), "host says no to " + keyValue,
                keyValue, rawKeyType);
          }
        });
    assertThatThrownBy(() -> strict.readValue("{\"usd\":1}", type))
        .isInstanceOf(InvalidFormatException.class)
        .hasMessageStartingWith("host says no to usd");
  }

  @Test
  void nulls_areRejected() {
    new NullPointerTester().testAllPublicStaticMethods(AffiliateKitJson.class);
  }
}
