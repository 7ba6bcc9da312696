package dev.affiliatekit.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.affiliatekit.attribution.AttributionModel;
import dev.affiliatekit.attribution.AttributionPolicy;
import dev.affiliatekit.attribution.AttributionPolicy.ClickLock;
import dev.affiliatekit.attribution.AttributionWindow;
import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.TouchpointKind;
import dev.affiliatekit.commission.AffiliateProfile;
import dev.affiliatekit.commission.CommissionPlan;
import dev.affiliatekit.commission.CommissionQuote;
import dev.affiliatekit.commission.CommissionRule;
import dev.affiliatekit.internal.Texts;
import dev.affiliatekit.money.CurrencyTable;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import dev.affiliatekit.program.AffiliateProgram;
import dev.affiliatekit.program.ConversionOutcome;
import dev.affiliatekit.program.ProgramSettings;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProgramJsonTest {

  private static final String PLAN =
      "{ \"version\": 1, \"rules\": [ { \"id\": \"base\", \"rate\": \"10%\" } ] }";
  private static final CommissionPlan TEN_PERCENT = CommissionPlan.builder()
      .rule(CommissionRule.percentage("base", Rate.ofPercent(10))).build();

  private static String program(String fields) {
    return "{ \"version\": 1, " + fields + (fields.isEmpty() ? "" : ", ") + "\"plan\": " + PLAN
        + " }";
  }

  private static void assertRejected(String json, String message) {
    assertThatThrownBy(() -> ProgramJson.parse(json))
        .isInstanceOf(JsonFormatException.class)
        .hasMessage(message);
  }

  @Nested
  class Parse {

    @Test
    void parse_documentedExample_readsEveryField() {
      ProgramSettings settings = ProgramJson.parse("""
          {
            "version": 1,
            "window": { "click": "P30D", "coupon": "P30D", "view": "P1D" },
            "model": "lastTouch",
            "policy": { "lifetimeBinding": true, "bindingExpiry": "P365D" },
            "holdPeriod": "P30D",
            "payoutMinimums": [ "USD 50.00", "EUR 40.00" ],
            "plan": { "version": 1, "rules": [ { "id": "base", "rate": "10%" } ] }
          }
          """);
      assertThat(settings.plan()).isEqualTo(TEN_PERCENT);
      assertThat(settings.window()).isEqualTo(AttributionWindow.standard());
      assertThat(settings.model()).isEqualTo(AttributionModel.lastTouch());
      assertThat(settings.policy()).isEqualTo(
          AttributionPolicy.builder().lifetimeBinding(Duration.ofDays(365)).build());
      assertThat(settings.holdPeriod()).isEqualTo(Duration.ofDays(30));
      assertThat(settings.payoutMinimums())
          .containsExactly(Money.parse("EUR 40.00"), Money.parse("USD 50.00"));
    }

    @Test
    void parse_onlyVersionAndPlan_givesTheDefaults() {
      assertThat(ProgramJson.parse(program(""))).isEqualTo(ProgramSettings.of(TEN_PERCENT));
    }

    @Test
    void parse_windowWithALimit_countsOnlyTheKindsNamed() {
      ProgramSettings settings = ProgramJson.parse(program(
          "\"window\": { \"click\": \"P7D\", \"maxSinceFirstReferral\": \"P90D\" }"));
      assertThat(settings.window()).isEqualTo(AttributionWindow.builder()
          .lookback(TouchpointKind.CLICK, Duration.ofDays(7))
          .maxSinceFirstReferral(Duration.ofDays(90)).build());
      assertThat(settings.window().lookback(TouchpointKind.VIEW)).isEmpty();
    }

    @Test
    void parse_models_byNameAndWithParameters() {
      assertThat(ProgramJson.parse(program("\"model\": \"positionBased\"")).model())
          .isEqualTo(AttributionModel.positionBased());
      assertThat(ProgramJson.parse(program("\"model\": \"timeDecay\"")).model())
          .isEqualTo(AttributionModel.timeDecay(Duration.ofDays(7)));
      assertThat(ProgramJson.parse(program(
          "\"model\": { \"name\": \"timeDecay\", \"halfLife\": \"PT36H\" }")).model())
          .isEqualTo(AttributionModel.timeDecay(Duration.ofHours(36)));
      assertThat(ProgramJson.parse(program(
          "\"model\": { \"name\": \"custom\", \"first\": 30, \"middle\": 40, \"last\": 30 }"))
          .model()).isEqualTo(AttributionModel.custom(30, 40, 30));
      assertThat(ProgramJson.parse(program("\"model\": { \"name\": \"splitWithBonuses\","
          + " \"firstBonus\": \"10%\", \"lastBonus\": \"20%\" }")).model())
          .isEqualTo(AttributionModel.splitWithBonuses(Rate.ofPercent(10), Rate.ofPercent(20)));
      assertThat(ProgramJson.parse(program("\"model\": { \"name\": \"linear\" }")).model())
          .isEqualTo(AttributionModel.linear());
    }

    @Test
    void parse_policyWithEveryField_readsEachRule() {
      ProgramSettings settings = ProgramJson.parse(program("\"policy\": { "
          + "\"couponBeatsLinks\": false, \"lifetimeBinding\": true, \"bindingExpiry\": \"P365D\","
          + " \"clickLock\": \"FIRST_CLICK_LOCK\", \"mergeRepeatedTouches\": false,"
          + " \"allowSelfReferral\": true, \"maxClockSkew\": \"PT10M\" }"));
      assertThat(settings.policy()).isEqualTo(new AttributionPolicy(false, true,
          Optional.of(Duration.ofDays(365)), ClickLock.FIRST_CLICK_LOCK, false, true,
          Duration.ofMinutes(10)));
      assertThat(settings.withPolicy(AttributionPolicy.defaults()))
          .isEqualTo(ProgramSettings.of(TEN_PERCENT));
    }

    @Test
    void parse_policyWithSomeOrNoFields_takesTheDefaultsForTheRest() {
      assertThat(ProgramJson.parse(program("\"policy\": { }")).policy())
          .isEqualTo(AttributionPolicy.defaults());
      // Values equal to the defaults, written out, read as the defaults.
      assertThat(ProgramJson.parse(program("\"policy\": { \"couponBeatsLinks\": true,"
          + " \"lifetimeBinding\": false, \"clickLock\": \"LAST_CLICK_WINS\","
          + " \"mergeRepeatedTouches\": true, \"allowSelfReferral\": false,"
          + " \"maxClockSkew\": \"PT5M\" }")).policy())
          .isEqualTo(AttributionPolicy.defaults());
      assertThat(ProgramJson.parse(program("\"policy\": { \"lifetimeBinding\": true }"))
          .policy()).isEqualTo(AttributionPolicy.builder().lifetimeBinding().build());
      assertThat(ProgramJson.parse(program("\"policy\": { \"maxClockSkew\": \"PT0S\" }"))
          .policy()).isEqualTo(AttributionPolicy.builder().maxClockSkew(Duration.ZERO).build());
    }

    @Test
    void read_reader_readsTheSame() {
      assertThat(ProgramJson.read(new StringReader(program("\"holdPeriod\": \"P14D\""))))
          .isEqualTo(ProgramSettings.of(TEN_PERCENT).withHoldPeriod(Duration.ofDays(14)));
    }
  }

  @Nested
  class Write {

    @Test
    void toJson_defaults_writesOnlyVersionAndPlan() {
      assertThat(ProgramJson.toJson(ProgramSettings.of(TEN_PERCENT))).isEqualTo("""
          {
            "version" : 1,
            "plan" : {
              "version" : 1,
              "precedence" : "FIRST_MATCH",
              "rounding" : "HALF_EVEN",
              "zone" : "UTC",
              "recordZero" : true,
              "rules" : [
                {
                  "id" : "base",
                  "rate" : "10%"
                }
              ]
            }
          }
          """);
    }

    @Test
    void toJson_policy_writesOnlyTheRulesThatDifferFromTheDefaults() {
      ProgramSettings settings = ProgramSettings.of(TEN_PERCENT)
          .withModel(AttributionModel.linear())
          .withPolicy(AttributionPolicy.builder().lifetimeBinding(Duration.ofDays(365))
              .clickLock(ClickLock.FIRST_CLICK_LOCK).maxClockSkew(Duration.ofSeconds(90))
              .build())
          .withHoldPeriod(Duration.ofDays(14));
      String json = ProgramJson.toJson(settings);
      assertThat(json).startsWith("""
          {
            "version" : 1,
            "model" : "linear",
            "policy" : {
              "lifetimeBinding" : true,
              "bindingExpiry" : "P365D",
              "clickLock" : "FIRST_CLICK_LOCK",
              "maxClockSkew" : "PT1M30S"
            },
            "holdPeriod" : "P14D",
            "plan" : {
          """);
      assertThat(ProgramJson.parse(json)).isEqualTo(settings);
      assertThat(ProgramJson.toJson(settings.withPolicy(new AttributionPolicy(false, false,
          Optional.empty(), ClickLock.LAST_CLICK_WINS, false, true, Duration.ofMinutes(5)))))
          .contains("""
              "policy" : {
                "couponBeatsLinks" : false,
                "mergeRepeatedTouches" : false,
                "allowSelfReferral" : true
              },
            """);
    }

    @Test
    void write_customCurrency_readsBackEqualFromAFileOrAReaderWithItsTable(
        @TempDir Path directory) throws IOException {
      CurrencyUnit points = CurrencyUnit.custom("PTS", 0);
      CurrencyTable table = CurrencyTable.iso4217().with(points);
      ProgramSettings settings = ProgramSettings.of(CommissionPlan.builder()
              .rule(CommissionRule.builder("points").flatPerConversion(Money.ofMinor(5, points))
                  .build()).build())
          .withPayoutMinimums(List.of(Money.ofMinor(100, points)));
      Path file = directory.resolve("program.json");
      try (Writer out = Files.newBufferedWriter(file)) {
        ProgramJson.write(settings, out);
      }

      assertThat(ProgramJson.read(file, table)).isEqualTo(settings);
      try (Reader in = Files.newBufferedReader(file)) {
        assertThat(ProgramJson.read(in, table)).isEqualTo(settings);
      }
      assertThatThrownBy(() -> ProgramJson.read(file))
          .isInstanceOf(JsonFormatException.class)
          .hasMessageContaining("money has an unknown currency code 'PTS'");
      Path plan = directory.resolve("plan.json");
      Files.writeString(plan, PlanJson.toJson(settings.plan()));
      assertThat(PlanJson.read(plan, table)).isEqualTo(settings.plan());
    }

    @Test
    void toJson_everything_readsBackEqual() {
      ProgramSettings settings = ProgramSettings.of(TEN_PERCENT)
          .withWindow(AttributionWindow.builder()
              .lookback(TouchpointKind.CLICK, Duration.ofHours(36))
              .lookback(TouchpointKind.VIEW, Duration.ofDays(1))
              .maxSinceFirstReferral(Duration.ofDays(365)).build())
          .withModel(AttributionModel.custom(1, 2, 3))
          .withPolicy(AttributionPolicy.builder().allowSelfReferral(true).build())
          .withHoldPeriod(Duration.ofDays(14))
          .withPayoutMinimums(List.of(Money.parse("USD 50.00")));
      String json = ProgramJson.toJson(settings);
      assertThat(json).contains("\"click\" : \"PT36H\"", "\"view\" : \"P1D\"",
          "\"maxSinceFirstReferral\" : \"P365D\"", "\"holdPeriod\" : \"P14D\"",
          "\"name\" : \"custom\"", "\"allowSelfReferral\" : true",
          "\"payoutMinimums\" : [\n    \"USD 50.00\"\n  ]");
      assertThat(ProgramJson.parse(json)).isEqualTo(settings);
    }

    /** Regression: the minimums were written in the order given, so equal settings differed. */
    @Test
    void toJson_payoutMinimums_areWrittenInTheOrderOfTheirCodes() {
      ProgramSettings settings = ProgramSettings.of(TEN_PERCENT);
      String json = ProgramJson.toJson(settings.withPayoutMinimums(
          List.of(Money.parse("USD 50.00"), Money.parse("EUR 40.00"), Money.parse("CHF 45.00"))));
      assertThat(json).contains("\"payoutMinimums\" : [\n    \"CHF 45.00\",\n"
          + "    \"EUR 40.00\",\n    \"USD 50.00\"\n  ]");
      assertThat(ProgramJson.toJson(settings.withPayoutMinimums(
          List.of(Money.parse("EUR 40.00"), Money.parse("CHF 45.00"), Money.parse("USD 50.00")))))
          .isEqualTo(json);
    }
  }

  /** Regression: a program saved with lifetime binding lost it on loading. */
  @Test
  void saveThenLoad_lifetimeBinding_stillCreditsARenewalWithoutATouch() {
    Instant start = Instant.parse("2026-03-01T10:00:00Z");
    ProgramSettings saved = ProgramSettings.of(TEN_PERCENT)
        .withPolicy(AttributionPolicy.builder().lifetimeBinding().build());
    AffiliateProgram program = AffiliateProgram.builder()
        .settings(ProgramJson.parse(ProgramJson.toJson(saved)))
        .clock(Clock.fixed(start, ZoneOffset.UTC)).build();
    program.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");
    program.recordClick("v1", "GLOWWITHMIA");
    program.recordConversion(Conversion.builder("o1", start, Money.parse("USD 100.00"))
        .visitorId("v1").customerId("cust-1").build());

    // The renewal has no touch of its own: only the binding credits it.
    ConversionOutcome renewal = program.recordConversion(Conversion.builder("o2",
        start, Money.parse("USD 100.00")).customerId("cust-1").build());

    assertThat(renewal.commission()).isEqualTo(Money.parse("USD 10.00"));
    assertThat(renewal.quotes()).extracting(CommissionQuote::affiliateId)
        .containsExactly("mia");
  }

  @Nested
  class Errors {

    @Test
    void notJson_emptyOrNotAnObject() {
      assertThatThrownBy(() -> ProgramJson.parse("{")).isInstanceOf(JsonFormatException.class)
          .hasMessageStartingWith("is not valid JSON at line 1, column 2: ");
      assertRejected("", "must be a JSON object: empty");
      assertRejected("[]", "must be a JSON object: an array");
    }

    @Test
    void version_missingOrOther() {
      assertRejected("{ \"plan\": " + PLAN + " }", "version: is missing");
      assertRejected("{ \"version\": 2, \"plan\": " + PLAN + " }", "version: must be 1: '2'");
      assertRejected("{ \"version\": 1e9999999999, \"plan\": " + PLAN + " }",
          "version: must be 1: '1e9999999999'");
      assertRejected("{ \"version\": 1e0, \"plan\": " + PLAN + " }", "version: must be 1: '1e0'");
      assertRejected("{ \"version\": \"1\", \"plan\": " + PLAN + " }",
          "version: must be 1, not a string: '1'");
    }

    @Test
    void plan_missingOrInvalid_namesThePathInsideThePlan() {
      assertRejected("{ \"version\": 1 }", "plan: is missing");
      assertRejected("{ \"version\": 1, \"plan\": { \"version\": 1, \"rules\": [ { \"id\": \"x\","
          + " \"rate\": \"150%\" } ] } }",
          "plan.rules[0].rate: rate must be within [0%, 100%]: '150%'");
      assertRejected("{ \"version\": 1, \"plan\": 3 }", "plan: must be a JSON object: '3'");
      // A null field beside the one it stands in for is refused at its own path, as alone.
      assertRejected("{ \"version\": 1, \"plan\": { \"version\": 1, \"rules\": [ { \"id\": \"x\","
          + " \"rate\": \"10%\", \"flatPerUnit\": null } ] } }",
          "plan.rules[0].flatPerUnit: must not be null");
      assertRejected("{ \"version\": 1, \"plan\": { \"version\": 1, \"rules\": [],"
          + " \"overrideRates\": [ \"1\" ] } }",
          "plan.overrideRates[0]: must be a percentage such as \"12.5%\", not a fraction: '1'");
    }

    @Test
    void holdPeriod_notADurationOrNegative() {
      assertRejected(program("\"holdPeriod\": \"30 days\""),
          "holdPeriod: must be an ISO-8601 duration such as \"P30D\": '30 days'");
      assertRejected(program("\"holdPeriod\": 30"),
          "holdPeriod: must be an ISO-8601 duration such as \"P30D\": '30'");
      // Well-formed ISO-8601, but longer than java.time.Duration holds.
      assertRejected(program("\"holdPeriod\": \"PT9999999999999999H\""),
          "holdPeriod: must be a duration of at most PT2562047788015215H30M7.999999999S:"
              + " 'PT9999999999999999H'");
      // So is one whose number of hours does not fit in a long.
      assertRejected(program("\"holdPeriod\": \"PT9999999999999999999H\""),
          "holdPeriod: must be a duration of at most PT2562047788015215H30M7.999999999S:"
              + " 'PT9999999999999999999H'");
      assertRejected(program("\"holdPeriod\": \"-P1D\""),
          "holdPeriod: must not be negative: '-P1D'");
      // Negative beyond what a Duration holds is negative still, not too long.
      assertRejected(program("\"holdPeriod\": \"PT-99999999999999999999S\""),
          "holdPeriod: must not be negative: 'PT-99999999999999999999S'");
      assertRejected(program("\"window\": { \"click\": \"-P106751991167301D\" }"),
          "window.click: must be positive: '-P106751991167301D'");
      // A minus sign does not make it negative: two of them, or one on a small part.
      for (String positive : List.of("-PT-99999999999999999999S", "PT9223372036854775807H-1S")) {
        assertRejected(program("\"holdPeriod\": \"" + positive + "\""),
            "holdPeriod: must be a duration of at most PT2562047788015215H30M7.999999999S: '"
                + positive + "'");
      }
      assertRejected(program("\"holdPeriod\": \"P1DT-99999999999999999999.5S\""),
          "holdPeriod: must not be negative: 'P1DT-99999999999999999999.5S'");
      // Parts beyond a long that add up to a duration within range are read as that duration.
      assertRejected(program("\"window\": { \"click\": \"PT2562047788015216H"
          + "-9223372036854777600S\" }"),
          "window.click: must be positive: 'PT2562047788015216H-9223372036854777600S'");
      assertThat(ProgramJson.parse(program("\"holdPeriod\": \"PT2562047788015216H"
          + "-9223372036851184000S\"")).holdPeriod())
          .isEqualTo(Duration.ofHours(998).plusMinutes(13).plusSeconds(20));
    }

    @Test
    void duration_millionDigits_refusedAsTooLongOrNegative() {
      String nines = "9".repeat(1_000_000);
      String atMost = "must be a duration of at most PT2562047788015215H30M7.999999999S: ";
      for (String duration : List.of("P" + nines + "D", "PT" + nines + "S",
          "-P-" + nines + "D", "P" + nines + "DT-" + nines + "H")) {
        assertRejectedInTime(program("\"holdPeriod\": \"" + duration + "\""),
            "holdPeriod: " + atMost + Texts.quote(duration));
      }
      for (String duration : List.of("-P" + nines + "D", "PT-" + nines + ".5S",
          "P-" + nines + "DT" + nines + "H")) {
        assertRejectedInTime(program("\"holdPeriod\": \"" + duration + "\""),
            "holdPeriod: must not be negative: " + Texts.quote(duration));
        assertRejectedInTime(program("\"window\": { \"click\": \"" + duration + "\" }"),
            "window.click: must be positive: " + Texts.quote(duration));
      }
      String duration = "PT" + nines + "M";
      assertRejectedInTime(program("\"window\": { \"maxSinceFirstReferral\": \"" + duration
          + "\" }"), "window.maxSinceFirstReferral: " + atMost + Texts.quote(duration));
      assertRejectedInTime(program("\"policy\": { \"lifetimeBinding\": true, "
          + "\"bindingExpiry\": \"" + duration + "\" }"),
          "policy.bindingExpiry: " + atMost + Texts.quote(duration));
      assertRejectedInTime(program("\"policy\": { \"maxClockSkew\": \"" + duration + "\" }"),
          "policy.maxClockSkew: " + atMost + Texts.quote(duration));
      assertRejectedInTime(program("\"model\": { \"name\": \"timeDecay\", \"halfLife\": \""
          + duration + "\" }"), "model.halfLife: " + atMost + Texts.quote(duration));
      // Long parts that cancel out are still added up exactly, leading zeros and all.
      String zeros = "0".repeat(1_000_000);
      String cancelling = program("\"holdPeriod\": \"P1" + zeros + "DT-24" + zeros + "H" + zeros
          + "90M0" + zeros + "1.5S\"");
      assertThat(assertTimeoutPreemptively(Duration.ofSeconds(10),
          () -> ProgramJson.parse(cancelling)).holdPeriod())
          .isEqualTo(Duration.ofMinutes(90).plusMillis(1_500));
    }

    /**
     * Asserts the rejection, within 10 seconds. Not a measure of speed, but a guard against a
     * reading that holds its caller for most of a minute: the old reading of a duration, which
     * parsed a long run of digits with BigDecimal in quadratic time, took about 40 seconds for a
     * million digits, where a linear reading takes well under one.
     */
    private static void assertRejectedInTime(String json, String message) {
      assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertRejected(json, message));
    }

    @Test
    void payoutMinimums_badAmountOrTwiceOneCurrency() {
      assertRejected(program("\"payoutMinimums\": \"USD 50.00\""),
          "payoutMinimums: must be an array: 'USD 50.00'");
      assertRejected(program("\"payoutMinimums\": [ 50 ]"),
          "payoutMinimums[0]: must be an amount such as \"USD 50.00\": '50'");
      assertRejected(program("\"payoutMinimums\": [ \"USD 1.234,50\" ]"),
          "payoutMinimums[0]: money must use '.' as the decimal separator and no digit grouping,"
              + " not ',' at index 9: 'USD 1.234,50'");
      assertRejected(program("\"payoutMinimums\": [ \"USD 1\u00a0234.50\" ]"),
          "payoutMinimums[0]: money must not group digits or have spaces in its amount, not"
              + " '\\u00a0' at index 5: 'USD 1\\u00a0234.50'");
      assertRejected(program("\"payoutMinimums\": [ \"USD 0.00\" ]"),
          "payoutMinimums: payout minimum must be positive: USD 0.00");
      assertRejected(program("\"payoutMinimums\": [ \"USD 5.00\", \"USD 6.00\" ]"),
          "payoutMinimums: payout minimums name USD twice: USD 5.00 and USD 6.00");
    }

    @Test
    void window_badLookbackOrField() {
      assertRejected(program("\"window\": { \"click\": \"PT0S\" }"),
          "window.click: must be positive: 'PT0S'");
      // Quoted as written, not as java.time prints it (PT-24H).
      assertRejected(program("\"window\": { \"click\": \"-P1D\" }"),
          "window.click: must be positive: '-P1D'");
      assertRejected(program("\"window\": { \"view\": \"P36501D\" }"),
          "window.view: must be at most PT876000H: 'P36501D'");
      assertRejected(program("\"window\": { \"maxSinceFirstReferral\": \"-PT1S\" }"),
          "window.maxSinceFirstReferral: must be positive: '-PT1S'");
      assertRejected(program("\"window\": { \"clicks\": \"P1D\" }"),
          "window.clicks: is not a field of a window");
      assertRejected(program("\"window\": [ ]"), "window: must be a JSON object: an array");
    }

    @Test
    void model_unknownOrBadParameters() {
      assertRejected(program("\"model\": \"lastClick\""),
          "model: must name a model, one of firstTouch, inverseJShaped, jShaped, lastTouch,"
              + " linear, positionBased, timeDecay: 'lastClick'");
      assertRejected(program("\"model\": { \"name\": \"custom\", \"first\": 1.5, \"middle\": 1,"
          + " \"last\": 1 }"), "model.first: must be a whole number: '1.5'");
      assertRejected(program("\"model\": { \"name\": \"custom\", \"first\": 2.0, \"middle\": 1,"
          + " \"last\": 1 }"), "model.first: must be a whole number: '2.0'");
      assertRejected(program("\"model\": { \"name\": \"custom\", \"first\": -1, \"middle\": 40,"
          + " \"last\": 30 }"), "model.first: must be within [0, 1000000]: '-1'");
      assertRejected(program("\"model\": { \"name\": \"custom\", \"first\": 1, \"middle\": 40,"
          + " \"last\": 1000001 }"), "model.last: must be within [0, 1000000]: '1000001'");
      assertRejected(program("\"model\": { \"name\": \"custom\", \"first\": 2147483648,"
          + " \"middle\": 1, \"last\": 1 }"),
          "model.first: must be within [0, 1000000]: '2147483648'");
      assertRejected(program("\"model\": { \"name\": \"custom\", \"first\": 0, \"middle\": 1,"
          + " \"last\": 0 }"), "model: positional model must give the first or the last touch a"
          + " weight: 0/1/0");
      assertRejected(program("\"model\": { \"name\": \"u\" }"),
          "model.name: must be one of lastTouch, firstTouch, linear, timeDecay, positionBased,"
              + " jShaped, inverseJShaped, custom, splitWithBonuses: 'u'");
      assertRejected(program("\"model\": { \"name\": \"timeDecay\" }"),
          "model.halfLife: is missing");
      // Rates are percentages, as in a plan: a fraction is refused rather than read.
      assertRejected(program("\"model\": { \"name\": \"splitWithBonuses\", \"firstBonus\":"
          + " \"0.1\", \"lastBonus\": \"20%\" }"),
          "model.firstBonus: must be a percentage such as \"12.5%\", not a fraction: '0.1'");
      assertRejected(program("\"model\": { \"name\": \"splitWithBonuses\", \"firstBonus\":"
          + " \"10%\", \"lastBonus\": \"1\" }"),
          "model.lastBonus: must be a percentage such as \"12.5%\", not a fraction: '1'");
      assertRejected(program("\"model\": { \"name\": \"linear\", \"halfLife\": \"P1D\" }"),
          "model.halfLife: is not a field of a model");
      // Quoted as written, not as the model prints it (PT-24H).
      assertRejected(program("\"model\": { \"name\": \"timeDecay\", \"halfLife\": \"-P1D\" }"),
          "model.halfLife: must be positive: '-P1D'");
      assertRejected(program("\"model\": { \"name\": \"timeDecay\", \"halfLife\": \"P0D\" }"),
          "model.halfLife: must be positive: 'P0D'");
      assertRejected(program("\"model\": { \"name\": \"timeDecay\", \"halfLife\": \"P36501D\" }"),
          "model.halfLife: must be at most PT876000H: 'P36501D'");
    }

    @Test
    void policy_notAnObjectOrUnknownOrNullField() {
      assertRejected(program("\"policy\": true"), "policy: must be a JSON object: 'true'");
      assertRejected(program("\"policy\": \"FIRST_CLICK_LOCK\""),
          "policy: must be a JSON object: 'FIRST_CLICK_LOCK'");
      assertRejected(program("\"policy\": { \"lifetime\": true }"),
          "policy.lifetime: is not a field of a policy");
      assertRejected(program("\"policy\": { \"clickLock\": null }"),
          "policy.clickLock: must not be null");
      assertRejected(program("\"policy\": { \"lifetimeBinding\": true,"
          + " \"lifetimeBinding\": false }"), "policy.lifetimeBinding: is repeated");
    }

    @Test
    void policy_ruleNotTrueOrFalse() {
      assertRejected(program("\"policy\": { \"couponBeatsLinks\": \"false\" }"),
          "policy.couponBeatsLinks: must be true or false: 'false'");
      assertRejected(program("\"policy\": { \"lifetimeBinding\": 1 }"),
          "policy.lifetimeBinding: must be true or false: '1'");
      assertRejected(program("\"policy\": { \"mergeRepeatedTouches\": \"no\" }"),
          "policy.mergeRepeatedTouches: must be true or false: 'no'");
      assertRejected(program("\"policy\": { \"allowSelfReferral\": [ ] }"),
          "policy.allowSelfReferral: must be true or false: an array");
    }

    @Test
    void policy_bindingExpiryWithoutBindingOrNotPositive() {
      assertRejected(program("\"policy\": { \"bindingExpiry\": \"P365D\" }"),
          "policy.bindingExpiry: needs lifetimeBinding: 'P365D'");
      assertRejected(program("\"policy\": { \"lifetimeBinding\": false,"
          + " \"bindingExpiry\": \"P365D\" }"),
          "policy.bindingExpiry: needs lifetimeBinding: 'P365D'");
      // Quoted as written, not as the policy prints it (PT-24H).
      assertRejected(program("\"policy\": { \"lifetimeBinding\": true,"
          + " \"bindingExpiry\": \"-P1D\" }"), "policy.bindingExpiry: must be positive: '-P1D'");
      assertRejected(program("\"policy\": { \"lifetimeBinding\": true,"
          + " \"bindingExpiry\": \"P0D\" }"), "policy.bindingExpiry: must be positive: 'P0D'");
      assertRejected(program("\"policy\": { \"lifetimeBinding\": true,"
          + " \"bindingExpiry\": \"1 year\" }"),
          "policy.bindingExpiry: must be an ISO-8601 duration such as \"P30D\": '1 year'");
      assertRejected(program("\"policy\": { \"lifetimeBinding\": true,"
          + " \"bindingExpiry\": 365 }"),
          "policy.bindingExpiry: must be an ISO-8601 duration such as \"P30D\": '365'");
      assertRejected(program("\"policy\": { \"lifetimeBinding\": true,"
          + " \"bindingExpiry\": \"PT9999999999999999H\" }"),
          "policy.bindingExpiry: must be a duration of at most"
              + " PT2562047788015215H30M7.999999999S: 'PT9999999999999999H'");
    }

    @Test
    void policy_unknownClickLock() {
      assertRejected(program("\"policy\": { \"clickLock\": \"firstClickLock\" }"),
          "policy.clickLock: must be one of LAST_CLICK_WINS, FIRST_CLICK_LOCK:"
              + " 'firstClickLock'");
      assertRejected(program("\"policy\": { \"clickLock\": 1 }"),
          "policy.clickLock: must be one of LAST_CLICK_WINS, FIRST_CLICK_LOCK: '1'");
    }

    @Test
    void policy_maxClockSkewNegativeOrNotADuration() {
      // Quoted as written, not as java.time prints it (PT-1M).
      assertRejected(program("\"policy\": { \"maxClockSkew\": \"-PT1M\" }"),
          "policy.maxClockSkew: must not be negative: '-PT1M'");
      assertRejected(program("\"policy\": { \"maxClockSkew\": \"5 minutes\" }"),
          "policy.maxClockSkew: must be an ISO-8601 duration such as \"P30D\": '5 minutes'");
      assertRejected(program("\"policy\": { \"maxClockSkew\": false }"),
          "policy.maxClockSkew: must be an ISO-8601 duration such as \"P30D\": 'false'");
    }

    @Test
    void unknownOrNullField() {
      assertRejected(program("\"hold\": \"P1D\""), "hold: is not a field of a program");
      assertRejected(program("\"model\": null"), "model: must not be null");
    }

    @Test
    void fileNotUtf8OrWithAByteOrderMark(@TempDir Path directory) throws IOException {
      Path file = directory.resolve("program.json");
      Files.write(file, ("{ \"version\": 1, \"holdPeriod\": \"P1D\u00a0\", \"plan\": " + PLAN
          + " }").getBytes(StandardCharsets.ISO_8859_1));

      assertThatThrownBy(() -> ProgramJson.read(file))
          .isExactlyInstanceOf(JsonFormatException.class)
          .hasMessage("is not UTF-8: invalid byte 0xA0 at offset 34");
      Files.writeString(file, "\uFEFF" + program("\"holdPeriod\": \"P1D\""));
      assertThat(ProgramJson.read(file).holdPeriod()).isEqualTo(Duration.ofDays(1));
      assertThatThrownBy(() -> ProgramJson.read(directory.resolve("missing.json")))
          .isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void repeatedField_namesThePathOfTheRepetition() {
      assertRejected(program("\"holdPeriod\": \"P1D\", \"holdPeriod\": \"P2D\""),
          "holdPeriod: is repeated");
      assertRejected("{\"version\":1,\"plan\":{\"version\":1,\"rules\":[{\"id\":\"a\","
          + "\"rate\":\"10%\",\"rate\":\"90%\"}]}}", "plan.rules[0].rate: is repeated");
    }
  }
}
