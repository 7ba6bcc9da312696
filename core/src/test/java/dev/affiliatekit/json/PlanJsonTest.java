package dev.affiliatekit.json;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.common.testing.NullPointerTester;
import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.CreditBasis;
import dev.affiliatekit.attribution.Credit;
import dev.affiliatekit.attribution.CustomerType;
import dev.affiliatekit.attribution.LineItem;
import dev.affiliatekit.commission.AffiliateProfile;
import dev.affiliatekit.commission.Attribute;
import dev.affiliatekit.commission.Base;
import dev.affiliatekit.commission.CommissionContext;
import dev.affiliatekit.commission.CommissionPlan;
import dev.affiliatekit.commission.CommissionQuote;
import dev.affiliatekit.commission.CommissionRule;
import dev.affiliatekit.commission.Condition;
import dev.affiliatekit.commission.Milestone;
import dev.affiliatekit.commission.Payout;
import dev.affiliatekit.commission.Period;
import dev.affiliatekit.commission.PeriodPerformance;
import dev.affiliatekit.commission.Precedence;
import dev.affiliatekit.commission.RecurringTerm;
import dev.affiliatekit.commission.RuleTarget;
import dev.affiliatekit.commission.TierMode;
import dev.affiliatekit.link.LinkCode;
import dev.affiliatekit.link.LinkCodeGenerator;
import dev.affiliatekit.money.CurrencyTable;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.RoundingMode;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlanJsonTest {

  private static Money usd(String amount) {
    return Money.parse("USD " + amount);
  }

  private static Path example() {
    try {
      return Path.of(PlanJsonTest.class.getResource("creator-plan.json").toURI());
    } catch (URISyntaxException e) {
      throw new AssertionError(e);
    }
  }

  /** A plan that uses every part of the format. */
  static CommissionPlan everything() {
    return CommissionPlan.builder()
        .precedence(Precedence.BEST_FOR_AFFILIATE)
        .rounding(RoundingMode.HALF_UP)
        .zone(ZoneId.of("Pacific/Chatham"))
        .recordZero(false)
        .capPerConversion(usd("500.00"))
        .minimumPerConversion(usd("0.50"))
        .periodCap(Period.DAY, usd("300.00"))
        .periodCap(Period.MONTH, usd("3000.00"))
        .milestone(Milestone.of("tenth", Period.WEEK, 10, usd("5.00"))
            .when(Condition.is(Attribute.AFFILIATE_PLATFORM, "tiktok")))
        .overrideRates(Rate.parse("10%"), Rate.parse("2.5%"))
        .rule(CommissionRule.percentage("default", Rate.parse("10%")))
        .rule(CommissionRule.builder("vip").priority(-3).target(RuleTarget.affiliates("b", "a"))
            .base(Base.orderTotal()).flatPerConversion(usd("7.00")).cap(usd("7.00"))
            .minimum(usd("1.00")).build())
        .rule(CommissionRule.builder("units").target(RuleTarget.products("SKU-1"))
            .flatPerUnit(usd("0.25")).recurring(RecurringTerm.firstPeriods(6)).build())
        .rule(CommissionRule.builder("revenue").target(RuleTarget.groups("gold"))
            .base(Base.itemsBeforeDiscount().withShipping(true))
            .payout(Payout.tieredByRevenue(Period.QUARTER, TierMode.PROGRESSIVE,
                new Payout.RevenueTier(usd("0.00"), Rate.parse("5%")),
                new Payout.RevenueTier(usd("10000.00"), Rate.parse("7.5%"))))
            .build())
        .rule(CommissionRule.builder("subs").target(RuleTarget.categories("SAAS"))
            .when(Condition.all(
                Condition.any(Condition.in(Attribute.CUSTOMER_COUNTRY, "US", "CA"),
                    Condition.startsWith(Attribute.AFFILIATE_TAGS, "pro-")),
                Condition.not(Condition.is(Attribute.CUSTOMER_TYPE, "RETURNING")),
                Condition.between(Attribute.AFFILIATE_FOLLOWERS, 0, 1_000_000),
                Condition.atLeast(Attribute.SALE_TOTAL, usd("10.00")),
                Condition.atMost(Attribute.ITEM_AMOUNT, usd("999.99"))))
            .percentage(Rate.parse("30%")).recurring(RecurringTerm.firstMonths(12, Rate.parse("5%")))
            .build())
        .build();
  }

  @Nested
  class RoundTrip {

    @Test
    void saveThenLoad_givesAnEqualPlan() {
      CommissionPlan plan = everything();

      String json = PlanJson.toJson(plan);

      assertThat(PlanJson.parse(json)).isEqualTo(plan);
      assertThat(PlanJson.toJson(PlanJson.parse(json))).isEqualTo(json);
    }

    @Test
    void toJson_ofASmallPlan_isTheDocumentedFormat() {
      CommissionPlan plan = CommissionPlan.builder()
          .rule(CommissionRule.percentage("default", Rate.parse("10%")))
          .rule(CommissionRule.builder("skin").target(RuleTarget.categories("SKIN_CARE"))
              .when(Condition.atLeast(Attribute.AFFILIATE_FOLLOWERS, 1500))
              .percentage(Rate.parse("15%")).build())
          .build();

      assertThat(PlanJson.toJson(plan)).isEqualTo("""
          {
            "version" : 1,
            "precedence" : "FIRST_MATCH",
            "rounding" : "HALF_EVEN",
            "zone" : "UTC",
            "recordZero" : true,
            "rules" : [
              {
                "id" : "default",
                "rate" : "10%"
              },
              {
                "id" : "skin",
                "target" : {
                  "categories" : [
                    "SKIN_CARE"
                  ]
                },
                "when" : {
                  "attribute" : "affiliate.followers",
                  "min" : 1500
                },
                "rate" : "15%"
              }
            ]
          }
          """);
    }

    @Test
    void documentedExample_loadsFromAFile_andQuotes() {
      CommissionPlan plan = PlanJson.read(example());

      assertThat(plan.rules()).extracting(CommissionRule::id)
          .containsExactly("default", "skin-care-micro", "saas");
      assertThat(plan.periods()).containsExactly(Period.MONTH);
      assertThat(PlanJson.parse(PlanJson.toJson(plan))).isEqualTo(plan);
      // A micro-influencer's 51st skin-care sale of the month, USD 40.00: 20% = USD 8.00; Ben,
      // her parent, earns 10% of it.
      Conversion sale = Conversion.builder("o1", Instant.parse("2026-03-15T10:00:00Z"),
          usd("40.00")).customerId("c1").customerType(CustomerType.NEW)
          .lineItem(LineItem.of("serum", "SKIN_CARE", 1, usd("40.00"))).build();
      AffiliateProfile anna = AffiliateProfile.builder("anna").followers(12_400).parentId("ben")
          .build();
      CommissionContext context = CommissionContext.builder(anna)
          .performance(new PeriodPerformance(Period.MONTH, Instant.parse("2026-03-01T00:00:00Z"),
              Instant.parse("2026-04-01T00:00:00Z"), 50, usd("2000.00"), usd("300.00")))
          .build();
      CommissionQuote quote = plan.quote(sale,
          new Credit("anna", Rate.ONE, usd("40.00"), CreditBasis.COUPON, List.of()), context);
      assertThat(quote.amount()).isEqualTo(usd("8.00"));
      assertThat(quote.overrides()).singleElement()
          .satisfies(override -> assertThat(override.amount()).isEqualTo(usd("0.80")));
    }

    @Test
    void read_fromAReader_andCustomCurrencies() {
      CurrencyUnit points = CurrencyUnit.custom("PTS", 0);
      String json = "{\"version\":1,\"rules\":[{\"id\":\"p\",\"flatPerConversion\":\"PTS 100\"}]}";

      CommissionPlan plan = PlanJson.read(new StringReader(json),
          CurrencyTable.iso4217().with(points));

      assertThat(plan.currency()).contains(points);
      assertThatThrownBy(() -> PlanJson.read(new StringReader(json)))
          .isInstanceOf(JsonFormatException.class)
          .hasMessage("rules[0].flatPerConversion: money has an unknown currency code 'PTS': "
              + "'PTS 100'");
    }

    @Test
    void read_amountOfAUnitOfAnotherScale_isRefused_notReadAsTheTablesUnit() {
      CurrencyTable mills = CurrencyTable.iso4217().with(CurrencyUnit.custom("USD", 3));
      CommissionPlan written = CommissionPlan.builder()
          .rule(CommissionRule.percentage("base", Rate.ofPercent(10)))
          .capPerConversion(Money.parse("USD 100.000", mills)).build();
      String json = PlanJson.toJson(written);

      assertThat(PlanJson.parse(json, mills)).isEqualTo(written);
      assertThatThrownBy(() -> PlanJson.parse(json))
          .isInstanceOf(JsonFormatException.class)
          .hasMessage("capPerConversion: money must have at most the 2 decimals of USD in the "
              + "currency table: 'USD 100.000'");
      // Fewer decimals than the unit's are the amount they say.
      assertThat(PlanJson.parse(json.replace("USD 100.000", "USD 100")).capPerConversion())
          .contains(usd("100.00"));
    }

    @Test
    void write_toAFile_andReadBack(@TempDir Path directory) throws IOException {
      Path file = directory.resolve("plan.json");
      Files.writeString(file, PlanJson.toJson(everything()));

      assertThat(PlanJson.read(file)).isEqualTo(everything());
      assertThatThrownBy(() -> PlanJson.read(directory.resolve("missing.json")))
          .isInstanceOf(UncheckedIOException.class);
    }

    @Test
    void read_fileNotUtf8_isAJsonFormatExceptionNamingTheByte(@TempDir Path directory)
        throws IOException {
      Path file = directory.resolve("plan.json");
      // {"vé":1} in ISO-8859-1: 0xE9 starts no UTF-8 sequence.
      Files.write(file, new byte[] {'{', '"', 'v', (byte) 0xE9, '"', ':', '1', '}'});

      assertThatThrownBy(() -> PlanJson.read(file))
          .isExactlyInstanceOf(JsonFormatException.class)
          .hasMessage("is not UTF-8: invalid byte 0xE9 at offset 3")
          .satisfies(e -> assertThat(((JsonFormatException) e).path()).isEmpty());
      try (Reader in = Files.newBufferedReader(file)) {
        assertThatThrownBy(() -> PlanJson.read(in))
            .isExactlyInstanceOf(JsonFormatException.class)
            .hasMessage("is not text in the reader's charset: MalformedInputException: "
                + "Input length = 1");
      }
      // A sequence cut short by the end of the file, after a byte order mark.
      Files.write(file, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '{', (byte) 0xC3});
      assertThatThrownBy(() -> PlanJson.read(file))
          .isExactlyInstanceOf(JsonFormatException.class)
          .hasMessage("is not UTF-8: invalid byte 0xC3 at offset 4");
    }

    @Test
    void read_fileWithAByteOrderMark_readsThePlan(@TempDir Path directory) throws IOException {
      Path file = directory.resolve("plan.json");
      Files.writeString(file, "\uFEFF" + PlanJson.toJson(everything()));

      assertThat(PlanJson.read(file)).isEqualTo(everything());
      // Only one mark is skipped: a second is text where JSON is expected.
      Files.writeString(file, "\uFEFF\uFEFF" + PlanJson.toJson(everything()));
      assertThatThrownBy(() -> PlanJson.read(file))
          .isExactlyInstanceOf(JsonFormatException.class)
          .hasMessageStartingWith("is not valid JSON at line 1, column 1: ");
    }

    @Test
    void zoneUtc_isTheDefaultZone() {
      CommissionPlan plan = PlanJson.parse("{\"version\":1,\"zone\":\"Etc/UTC\",\"rules\":[]}");

      assertThat(plan).isEqualTo(CommissionPlan.builder().build());
    }
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
      empty document                  | ``                                                              | `` | must be a JSON object: empty
      array                           | []                                                              | `` | must be a JSON object: an array
      missing version                 | {"rules":[]}                                                    | version | is missing
      future version                  | {"version":2,"rules":[]}                                        | version | must be 1, the only version this library reads: 2
      version as text                 | {"version":"1","rules":[]}                                      | version | must be a whole number, not a string: '1'
      version with a decimal point    | {"version":1.0,"rules":[]}                                      | version | must be a whole number: '1.0'
      missing rules                   | {"version":1}                                                   | rules | is missing
      rules not an array              | {"version":1,"rules":{}}                                        | rules | must be a JSON array: an object
      unknown plan field              | {"version":1,"rules":[],"colour":"red"}                         | colour | is not a field of a plan
      unknown field shaped as a path  | {"version":1,"rules":[],"rules[0].rate":1}                      | 'rules[0].rate' | is not a field of a plan
      unknown field with a control    | {"version":1,"rules":[],"\\u001bzone":1}                        | '\\u001bzone' | is not a field of a plan
      priority beyond a long          | {"version":1,"rules":[{"id":"a","rate":"1%","priority":1234567890123456789012345678901234567890123456789012345678901234567890}]} | rules[0].priority | must be within [-2147483648, 2147483647]: 1.2345678901234567890...E+69
      null field                      | {"version":1,"rules":[],"zone":null}                            | zone | must not be null
      bad zone                        | {"version":1,"rules":[],"zone":"Mars/Olympus"}                  | zone | must be a time zone such as UTC or Europe/Berlin: 'Mars/Olympus'
      bad precedence                  | {"version":1,"rules":[],"precedence":"RANDOM"}                  | precedence | must be one of FIRST_MATCH, BEST_FOR_AFFILIATE: 'RANDOM'
      unnecessary rounding            | {"version":1,"rules":[],"rounding":"UNNECESSARY"}               | rounding | plan rounding must be a mode that rounds: UNNECESSARY
      lower-case rounding             | {"version":1,"rules":[],"rounding":"half_even"}                 | rounding | must be one of UP, DOWN, CEILING, FLOOR, HALF_UP, HALF_DOWN, HALF_EVEN: 'half_even'
      record zero as text             | {"version":1,"rules":[],"recordZero":"yes"}                     | recordZero | must be true or false: 'yes'
      bad money                       | {"version":1,"rules":[],"capPerConversion":"USD 1,00"}          | capPerConversion | money must use '.' as the decimal separator and no digit grouping, not ',' at index 5: 'USD 1,00'
      money with a decimal comma      | {"version":1,"rules":[],"capPerConversion":"USD 1.234,50"}      | capPerConversion | money must use '.' as the decimal separator and no digit grouping, not ',' at index 9: 'USD 1.234,50'
      money with grouping spaces      | {"version":1,"rules":[{"id":"a","flatPerUnit":"USD 1 234.50"}]} | rules[0].flatPerUnit | money must not group digits or have spaces in its amount, not ' ' at index 5: 'USD 1 234.50'
      minimum above cap               | {"version":1,"rules":[],"capPerConversion":"USD 1.00","minimumPerConversion":"USD 2.00"} | minimumPerConversion | plan minimumPerConversion must not exceed its cap USD 1.00: USD 2.00
      repeated period cap             | {"version":1,"rules":[],"periodCaps":[{"period":"DAY","cap":"USD 1.00"},{"period":"DAY","cap":"USD 2.00"}]} | periodCaps[1] | plan already has a day cap, USD 1.00, so it takes no other: USD 2.00
      bad period                      | {"version":1,"rules":[],"periodCaps":[{"period":"FORTNIGHT","cap":"USD 1.00"}]} | periodCaps[0].period | must be one of DAY, WEEK, MONTH, QUARTER, YEAR, LIFETIME: 'FORTNIGHT'
      zero bonus                      | {"version":1,"rules":[],"milestones":[{"id":"m","period":"DAY","sale":1,"bonus":"USD 0.00"}]} | milestones[0].bonus | must be positive: USD 0.00
      milestone sale zero             | {"version":1,"rules":[],"milestones":[{"id":"m","period":"DAY","sale":0,"bonus":"USD 1.00"}]} | milestones[0].sale | must be within [1, 9223372036854775807]: 0
      too many override levels        | {"version":1,"rules":[],"overrideRates":["1%","1%","1%","1%","1%","1%","1%","1%","1%","1%","1%"]} | overrideRates | plan overrides must have at most 10 levels: 11
      rate above 100%                 | {"version":1,"rules":[{"id":"a","rate":"10%"},{"id":"b","priority":1,"rate":"10%"},{"id":"c","priority":2,"rate":"10%"},{"id":"d","priority":3,"rate":"150%"}]} | rules[3].rate | rate must be within [0%, 100%]: '150%'
      rate as a number                | {"version":1,"rules":[{"id":"a","rate":0.15}]}                  | rules[0].rate | must be a string: '0.15'
      rate as a fraction of one       | {"version":1,"rules":[{"id":"a","rate":"1"}]}                   | rules[0].rate | must be a percentage such as "12.5%", not a fraction: '1'
      rate as a fraction of a half    | {"version":1,"rules":[{"id":"a","rate":"0.5"}]}                 | rules[0].rate | must be a percentage such as "12.5%", not a fraction: '0.5'
      rate without a percent sign     | {"version":1,"rules":[{"id":"a","rate":"10"}]}                  | rules[0].rate | must be a percentage such as "12.5%": '10'
      rate not a number               | {"version":1,"rules":[{"id":"a","rate":"ten"}]}                 | rules[0].rate | must be a percentage such as "12.5%": 'ten'
      empty rate                      | {"version":1,"rules":[{"id":"a","rate":""}]}                    | rules[0].rate | must be a percentage such as "12.5%": ''
      override rate as a fraction     | {"version":1,"rules":[],"overrideRates":["10%","0.05"]}         | overrideRates[1] | must be a percentage such as "12.5%", not a fraction: '0.05'
      tier rate as a fraction         | {"version":1,"rules":[{"id":"a","tiered":{"by":"sales","period":"MONTH","mode":"PROGRESSIVE","tiers":[{"from":1,"rate":"1%"},{"from":5,"rate":"0.2"}]}}]} | rules[0].tiered.tiers[1].rate | must be a percentage such as "12.5%", not a fraction: '0.2'
      then rate as a fraction         | {"version":1,"rules":[{"id":"a","rate":"10%","recurring":{"firstMonths":3,"then":"0.05"}}]} | rules[0].recurring.then | must be a percentage such as "12.5%", not a fraction: '0.05'
      rule without id                 | {"version":1,"rules":[{"rate":"1%"}]}                           | rules[0].id | is missing
      blank rule id                   | {"version":1,"rules":[{"id":" ","rate":"1%"}]}                  | rules[0].id | rule id must not be blank: ' '
      rule without payout             | {"version":1,"rules":[{"id":"a"}]}                              | rules[0] | must have a payout: one of rate, flatPerConversion, flatPerUnit, tiered
      rule with two payouts           | {"version":1,"rules":[{"id":"a","rate":"1%","flatPerUnit":"USD 1.00"}]} | rules[0] | must have only one of rate, flatPerConversion, flatPerUnit, tiered, not both 'rate' and 'flatPerUnit'
      unknown rule field              | {"version":1,"rules":[{"id":"a","rate":"1%","colour":"red"}]}   | rules[0].colour | is not a field of a rule
      null payout beside another      | {"version":1,"rules":[{"id":"r","rate":"10%","flatPerUnit":null}]} | rules[0].flatPerUnit | must not be null
      null payout before another      | {"version":1,"rules":[{"id":"r","rate":null,"flatPerUnit":"USD 1.00"}]} | rules[0].rate | must not be null
      null payout beside two others   | {"version":1,"rules":[{"id":"r","rate":"10%","flatPerConversion":"USD 1.00","tiered":null}]} | rules[0].tiered | must not be null
      lone null payout                | {"version":1,"rules":[{"id":"r","flatPerUnit":null}]}          | rules[0].flatPerUnit | must not be null
      fractional priority             | {"version":1,"rules":[{"id":"a","rate":"1%","priority":1.5}]}   | rules[0].priority | must be a whole number: '1.5'
      priority with trailing zeros    | {"version":1,"rules":[{"id":"a","rate":"1%","priority":2.50}]}  | rules[0].priority | must be a whole number: '2.50'
      priority beyond int             | {"version":1,"rules":[{"id":"a","rate":"1%","priority":3000000000}]} | rules[0].priority | must be within [-2147483648, 2147483647]: 3000000000
      negative cap                    | {"version":1,"rules":[{"id":"a","rate":"1%","cap":"USD -1.00"}]} | rules[0].cap | must not be negative: USD -1.00
      zero minimum                    | {"version":1,"rules":[{"id":"a","rate":"1%","minimum":"USD 0.00"}]} | rules[0].minimum | must be positive: USD 0.00
      minimum above rule cap          | {"version":1,"rules":[{"id":"a","rate":"1%","cap":"USD 1.00","minimum":"USD 2.00"}]} | rules[0] | rule 'a' minimum must not exceed its cap USD 1.00: USD 2.00
      negative flat                   | {"version":1,"rules":[{"id":"a","flatPerConversion":"USD -1.00"}]} | rules[0].flatPerConversion | must not be negative: USD -1.00
      two currencies                  | {"version":1,"rules":[{"id":"a","flatPerUnit":"USD 1.00"},{"id":"b","priority":1,"flatPerUnit":"EUR 1.00"}]} | rules[1] | rule 'b' amounts must be in USD, the currency of the plan's other amounts: EUR
      tie                             | {"version":1,"rules":[{"id":"a","rate":"1%"},{"id":"b","rate":"2%"}]} | rules[1] | rule 'b' ties with rule 'a': both have priority 0 for the program and conditions that may hold together; give one a higher priority or make their conditions exclusive
      repeated rule id                | {"version":1,"rules":[{"id":"a","rate":"1%"},{"id":"a","priority":1,"rate":"2%"}]} | rules[1] | plan already has a rule 'a'
      target with two levels          | {"version":1,"rules":[{"id":"a","rate":"1%","target":{"groups":["g"],"categories":["c"]}}]} | rules[0].target | must have only one of groups, categories, products, affiliates, not both 'groups' and 'categories'
      null target level beside another | {"version":1,"rules":[{"id":"a","rate":"1%","target":{"groups":["g"],"affiliates":null}}]} | rules[0].target.affiliates | must not be null
      empty target                    | {"version":1,"rules":[{"id":"a","rate":"1%","target":{"categories":[]}}]} | rules[0].target.categories | rule target category must have at least one key: []
      repeated target key             | {"version":1,"rules":[{"id":"a","rate":"1%","target":{"categories":["A","A"]}}]} | rules[0].target.categories[1] | repeats a value: 'A'
      base field as text              | {"version":1,"rules":[{"id":"a","rate":"1%","base":{"tax":"no"}}]} | rules[0].base.tax | must be true or false: 'no'
      bad recurring text              | {"version":1,"rules":[{"id":"a","rate":"1%","recurring":"forever"}]} | rules[0].recurring | must be lifetime or an object: 'forever'
      null term beside another        | {"version":1,"rules":[{"id":"a","rate":"1%","recurring":{"firstMonths":3,"firstPeriods":null}}]} | rules[0].recurring.firstPeriods | must not be null
      zero months                     | {"version":1,"rules":[{"id":"a","rate":"1%","recurring":{"firstMonths":0}}]} | rules[0].recurring.firstMonths | must be within [1, 2147483647]: 0
      then rate on a flat payout      | {"version":1,"rules":[{"id":"a","flatPerUnit":"USD 1.00","recurring":{"firstMonths":3,"then":"1%"}}]} | rules[0] | rule 'a' recurring rate afterwards needs a percentage payout: USD 1.00 per unit
      tiers by weather                | {"version":1,"rules":[{"id":"a","tiered":{"by":"weather","period":"MONTH","mode":"PROGRESSIVE","tiers":[]}}]} | rules[0].tiered.by | must be sales or revenue: 'weather'
      tiers from sale zero            | {"version":1,"rules":[{"id":"a","tiered":{"by":"sales","period":"MONTH","mode":"PROGRESSIVE","tiers":[{"from":0,"rate":"1%"}]}}]} | rules[0].tiered.tiers[0].from | must be within [1, 9223372036854775807]: 0
      tiers out of order              | {"version":1,"rules":[{"id":"a","tiered":{"by":"sales","period":"MONTH","mode":"PROGRESSIVE","tiers":[{"from":1,"rate":"1%"},{"from":1,"rate":"2%"}]}}]} | rules[0].tiered.tiers | tiers must increase: sale 1 after sale 1
      whole-period tiers falling      | {"version":1,"rules":[{"id":"a","tiered":{"by":"sales","period":"MONTH","mode":"WHOLE_PERIOD","tiers":[{"from":1,"rate":"2%"},{"from":3,"rate":"1%"}]}}]} | rules[0].tiered.tiers | tiers for the whole period must not fall: tier 2 pays 1% after 2%
      revenue tier from a number      | {"version":1,"rules":[{"id":"a","tiered":{"by":"revenue","period":"MONTH","mode":"PROGRESSIVE","tiers":[{"from":0,"rate":"1%"}]}}]} | rules[0].tiered.tiers[0].from | must be a string: '0'
      empty tiers                     | {"version":1,"rules":[{"id":"a","tiered":{"by":"sales","period":"MONTH","mode":"PROGRESSIVE","tiers":[]}}]} | rules[0].tiered.tiers | tiers must not be empty: []
      unknown attribute               | {"version":1,"rules":[{"id":"a","rate":"1%","when":{"all":[{"attribute":"item.category","is":"A"},{"attribute":"affiliate.shoeSize","min":40}]}}]} | rules[0].when.all[1].attribute | is not a known attribute: 'affiliate.shoeSize'
      condition without kind          | {"version":1,"rules":[{"id":"a","rate":"1%","when":{}}]}        | rules[0].when | must have all, any, not or attribute: one of all, any, not, attribute
      number attribute without bound  | {"version":1,"rules":[{"id":"a","rate":"1%","when":{"attribute":"affiliate.followers","is":"1"}}]} | rules[0].when | must have min or max for affiliate.followers, a number attribute
      number bound as text            | {"version":1,"rules":[{"id":"a","rate":"1%","when":{"attribute":"affiliate.followers","min":"1"}}]} | rules[0].when.min | must be a whole number, not a string: '1'
      number bound with a point       | {"version":1,"rules":[{"id":"a","rate":"1%","when":{"attribute":"affiliate.followers","min":1500.0}}]} | rules[0].when.min | must be a whole number: '1500.0'
      bound beyond a long             | {"version":1,"rules":[{"id":"a","rate":"1%","when":{"attribute":"affiliate.followers","min":9223372036854775808}}]} | rules[0].when.min | must be within [-9223372036854775808, 9223372036854775807]: 9223372036854775808
      priority beyond a long          | {"version":1,"rules":[{"id":"a","rate":"1%","priority":-99999999999999999999}]} | rules[0].priority | must be within [-2147483648, 2147483647]: -99999999999999999999
      money bound as number           | {"version":1,"rules":[{"id":"a","rate":"1%","when":{"attribute":"sale.total","max":5}}]} | rules[0].when.max | must be a string: '5'
      range upside down               | {"version":1,"rules":[{"id":"a","rate":"1%","when":{"attribute":"affiliate.followers","min":10,"max":5}}]} | rules[0].when | condition range of affiliate.followers must not have min above max: 10 > 5
      text attribute with a bound     | {"version":1,"rules":[{"id":"a","rate":"1%","when":{"attribute":"customer.country","is":"US","min":1}}]} | rules[0].when.min | is not a field of a condition
      empty in                        | {"version":1,"rules":[{"id":"a","rate":"1%","when":{"not":{"attribute":"customer.country","in":[]}}}]} | rules[0].when.not.in | condition in must have at least one value: customer.country
      empty any                       | {"version":1,"rules":[{"id":"a","rate":"1%","when":{"any":[]}}]} | rules[0].when.any | condition any must have at least one part: []
      two operations                  | {"version":1,"rules":[{"id":"a","rate":"1%","when":{"attribute":"customer.country","is":"US","startsWith":"U"}}]} | rules[0].when | must have only one of is, in, startsWith, not both 'is' and 'startsWith'
      null operation beside another   | {"version":1,"rules":[{"id":"a","rate":"1%","when":{"attribute":"affiliate.id","is":"x","in":null}}]} | rules[0].when.in | must not be null
      null junction beside another    | {"version":1,"rules":[{"id":"a","rate":"1%","when":{"not":{"attribute":"customer.country","is":"US"},"all":null}}]} | rules[0].when.all | must not be null
      null attribute beside a junction | {"version":1,"milestones":[{"id":"m","period":"DAY","sale":1,"bonus":"USD 1.00","when":{"any":[{"attribute":"affiliate.id","is":"x"}],"attribute":null}}],"rules":[]} | milestones[0].when.attribute | must not be null
      lower-case currency             | {"version":1,"rules":[{"id":"usd-only","rate":"10%","when":{"attribute":"sale.currency","is":"usd"}}]} | rules[0].when.is | condition value of sale.currency must be a currency code, 1 to 16 characters of A-Z, 0-9 or _, starting with a letter, such as USD: 'usd'
      currency with a symbol          | {"version":1,"rules":[{"id":"a","rate":"10%","when":{"not":{"attribute":"sale.currency","in":["EUR","US$"]}}}]} | rules[0].when.not.in | condition value of sale.currency must be a currency code, 1 to 16 characters of A-Z, 0-9 or _, starting with a letter, such as USD: 'US$'
      """)
  void parse_badPlan_namesThePathAndTheValue(String name, String json, String path,
      String problem) {
    assertThatThrownBy(() -> PlanJson.parse(json))
        .isInstanceOf(JsonFormatException.class)
        .hasMessage(path.isEmpty() ? problem : path + ": " + problem)
        .satisfies(e -> {
          assertThat(((JsonFormatException) e).path()).isEqualTo(path);
          assertThat(((JsonFormatException) e).problem()).isEqualTo(problem);
          // A plan is read whole, not by lines.
          assertThat(((JsonFormatException) e).line()).isZero();
        });
  }

  @Test
  void parse_numberWithAnExponent_isQuotedAsWrittenAtItsPath() {
    assertRejectedAt("{\"version\":1e0,\"rules\":[]}", "version",
        "must be a whole number: '1e0'");
    assertRejectedAt("{\"version\":1,\"rules\":[{\"id\":\"a\",\"rate\":\"1%\",\"when\":"
        + "{\"attribute\":\"affiliate.followers\",\"min\":1e3}}]}", "rules[0].when.min",
        "must be a whole number: '1e3'");
    assertRejectedAt("{\"version\":1,\"rules\":[{\"id\":\"a\",\"rate\":\"1%\","
        + "\"priority\":-0.0E-00}]}", "rules[0].priority", "must be a whole number: '-0.0E-00'");
    // An exponent beyond what a BigDecimal holds is quoted too, not reported as unreadable.
    assertRejectedAt("{\"version\":1888e88888888888888888,\"rules\":[]}", "version",
        "must be a whole number: '1888e88888888888888888'");
    assertThatThrownBy(() -> PlanJson.read(new StringReader("{\"version\":1e999999999999,"
        + "\"rules\":[]}")))
        .isExactlyInstanceOf(JsonFormatException.class)
        .hasMessage("version: must be a whole number: '1e999999999999'");
  }

  private static void assertRejectedAt(String json, String path, String problem) {
    assertThatThrownBy(() -> PlanJson.parse(json))
        .isExactlyInstanceOf(JsonFormatException.class)
        .hasMessage(path + ": " + problem)
        .satisfies(e -> assertThat(((JsonFormatException) e).path()).isEqualTo(path));
  }

  /** Returns a JSON condition of the given number of levels: the atom under {@code not}s. */
  private static String nestedJson(int levels) {
    return "{\"not\":".repeat(levels - 1) + "{\"attribute\":\"affiliate.group\",\"is\":\"g\"}"
        + "}".repeat(levels - 1);
  }

  @Test
  void parse_conditionOfTheMaximumDepth_roundTrips() {
    CommissionPlan plan = PlanJson.parse("{\"version\":1,\"rules\":[{\"id\":\"r\",\"rate\":\"1%\","
        + "\"when\":{\"all\":[" + nestedJson(Condition.MAX_DEPTH - 1) + "]}}]}");

    assertThat(plan.rules().get(0).condition().toString()).startsWith("not (not (");
    assertThat(PlanJson.parse(PlanJson.toJson(plan))).isEqualTo(plan);
  }

  /** Regression: a not of a condition of too many parts let out the bare refusal, no path. */
  @Test
  void parse_conditionOfTooManyParts_underNot_namesItsPath() {
    StringBuilder atoms = new StringBuilder();
    for (int i = 0; i < Condition.MAX_PARTS - 1; i++) {
      atoms.append(i == 0 ? "" : ",").append("{\"attribute\":\"affiliate.id\",\"is\":\"a")
          .append(i).append("\"}");
    }
    String plan = "{\"version\":1,\"rules\":[{\"id\":\"r\",\"rate\":\"10%\","
        + "\"when\":{\"not\":{\"all\":[" + atoms + "]}}}]}";

    assertThatThrownBy(() -> PlanJson.parse(plan))
        .isExactlyInstanceOf(JsonFormatException.class)
        .hasMessage("rules[0].when.not: condition must have at most 1000000 parts written out,"
            + " counting a part as often as it is used: more than 1000000");
  }

  @Test
  void parse_conditionDeeperThanTheLimit_namesItsWhen() {
    String rule = "{\"version\":1,\"rules\":[{\"id\":\"a\",\"rate\":\"1%\"},"
        + "{\"id\":\"r\",\"priority\":1,\"rate\":\"1%\",\"when\":WHEN}]}";
    String milestone = "{\"version\":1,\"rules\":[],\"milestones\":[{\"id\":\"m\","
        + "\"period\":\"MONTH\",\"sale\":1,\"bonus\":\"USD 1.00\",\"when\":WHEN}]}";

    assertThatThrownBy(() -> PlanJson.parse(rule.replace("WHEN", nestedJson(65))))
        .isExactlyInstanceOf(JsonFormatException.class)
        .hasMessage("rules[1].when: condition must be at most 64 levels deep: 65");
    assertThatThrownBy(() -> PlanJson.parse(rule.replace("WHEN",
        "{\"any\":[" + nestedJson(3) + ",{\"all\":[" + nestedJson(900) + "]}]}")))
        .isExactlyInstanceOf(JsonFormatException.class)
        .hasMessage("rules[1].when: condition must be at most 64 levels deep: 902");
    assertThatThrownBy(() -> PlanJson.parse(milestone.replace("WHEN", nestedJson(100))))
        .isExactlyInstanceOf(JsonFormatException.class)
        .hasMessage("milestones[0].when: condition must be at most 64 levels deep: 100");
    // Beyond Jackson's own limit of 1,000 levels, the text is not read at all.
    assertThatThrownBy(() -> PlanJson.parse(rule.replace("WHEN", nestedJson(5_000))))
        .isExactlyInstanceOf(JsonFormatException.class)
        .hasMessageStartingWith("is not valid JSON");
  }

  /** Regression: the parser's message showed the token it stopped at as written. */
  @Test
  void parse_notJson_showsControlCharactersOfTheTokenEscaped() {
    assertThatThrownBy(() -> PlanJson.parse("{\"version\":1,\"recordZero\":t\u001b[2K\u0085rue}"))
        .isInstanceOf(JsonFormatException.class)
        .hasMessageStartingWith("is not valid JSON at line 1, column 27: Unrecognized token"
            + " 't\\u001b'")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u001b", "\u0085"));
    assertThatThrownBy(() -> JournalJson.read(new StringReader("{\"v\":t\u001b[2Krue}")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("journal line 1 is not valid JSON at column 6: Unrecognized"
            + " token 't\\u001b'")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\u001b"));
  }

  @Test
  void parse_notJson_saysWhere() {
    assertThatThrownBy(() -> PlanJson.parse("{\"version\": 1,\n \"rules\": [}"))
        .isInstanceOf(JsonFormatException.class)
        .hasMessageStartingWith("is not valid JSON at line 2, column 12: Unexpected close marker")
        .satisfies(e -> assertThat(((JsonFormatException) e).path()).isEmpty());
    // A trailing value is placed where it starts.
    assertThatThrownBy(() -> PlanJson.parse("{\"version\":1,\"rules\":[]} 12345"))
        .isInstanceOf(JsonFormatException.class)
        .hasMessage("is not valid JSON at line 1, column 26: Trailing token (of type"
            + " VALUE_NUMBER_INT) found after value");
    // Where the unclosed array starts is given as a line and column, not as the parser's source.
    assertThatThrownBy(() -> PlanJson.parse("{\"version\": 1,\n \"rules\": ["))
        .isInstanceOf(JsonFormatException.class)
        .hasMessage("is not valid JSON at line 2, column 12: Unexpected end-of-input: expected"
            + " close marker for Array (start marker at line 2, column 11)");
    assertThatThrownBy(() -> ProgramJson.parse("{\"version\": 1, \"plan\": {"))
        .isInstanceOf(JsonFormatException.class)
        .hasMessage("is not valid JSON at line 1, column 25: Unexpected end-of-input: expected"
            + " close marker for Object (start marker at line 1, column 24)");
    // A limit of the parser is placed too, though the parser's exception has no location.
    assertThatThrownBy(() -> PlanJson.parse("{\"version\":1,\n\"rules\":[{\"id\":\"r\","
        + "\"rate\":\"10%\",\"priority\":" + "9".repeat(1001) + "}]}"))
        .isInstanceOf(JsonFormatException.class)
        .hasMessageStartingWith("is not valid JSON at line 2, column ")
        .hasMessageEndingWith(": Number value length (1001) exceeds the maximum allowed (1000)");
  }

  @Test
  void parse_repeatedField_namesThePathOfTheRepetition() {
    assertThatThrownBy(() -> PlanJson.parse("{\"version\":1,\"version\":1,\"rules\":[]}"))
        .isExactlyInstanceOf(JsonFormatException.class)
        .hasMessage("version: is repeated")
        .satisfies(e -> assertThat(((JsonFormatException) e).path()).isEqualTo("version"));
    assertThatThrownBy(() -> PlanJson.parse("{\"version\":1,\"rules\":[{\"id\":\"a\","
        + "\"rate\":\"10%\"},{\"id\":\"b\",\"rate\":\"5%\",\"priority\":1,\"priority\":2}]}"))
        .isExactlyInstanceOf(JsonFormatException.class)
        .hasMessage("rules[1].priority: is repeated")
        .satisfies(e -> assertThat(((JsonFormatException) e).path())
            .isEqualTo("rules[1].priority"));
    // Deep inside a condition, and in a field the format does not even name.
    assertThatThrownBy(() -> PlanJson.parse("{\"version\":1,\"rules\":[{\"id\":\"a\","
        + "\"rate\":\"10%\",\"when\":{\"all\":[{\"attribute\":\"item.category\","
        + "\"is\":\"A\",\"is\":\"B\"}]}}]}"))
        .isExactlyInstanceOf(JsonFormatException.class)
        .hasMessage("rules[0].when.all[0].is: is repeated");
    assertThatThrownBy(() -> PlanJson.read(new StringReader(
        "{\"version\":1,\"rules\":[],\"extra\":[[{\"x\":1}],{\"y\":{},\"y\":[]}]}")))
        .isExactlyInstanceOf(JsonFormatException.class)
        .hasMessage("extra[1].y: is repeated");
  }

  @Test
  void parse_fieldWithAnEmptyName_isNamedInThePath() {
    // Regression: an empty name gave the path of the whole document, or a path ending in a dot.
    assertThatThrownBy(() -> PlanJson.parse("{\"version\":1,\"rules\":[{\"\":1,\"\":2}]}"))
        .isExactlyInstanceOf(JsonFormatException.class)
        .hasMessage("rules[0].\"\": is repeated");
    assertThatThrownBy(() -> PlanJson.parse("{\"version\":1,\"rules\":[],\"\":1}"))
        .isExactlyInstanceOf(JsonFormatException.class)
        .hasMessage("\"\": is not a field of a plan")
        .satisfies(e -> assertThat(((JsonFormatException) e).path()).isEqualTo("\"\""));
  }

  @Test
  void read_leavesTheCallersReaderOpen() throws IOException {
    // Regression: the reader was closed, though the javadoc says it is not.
    StringReader in = new StringReader("{\"version\":1,\"rules\":[{\"id\":\"d\",\"rate\":\"10%\"}]}");

    assertThat(PlanJson.read(in).rules()).hasSize(1);
    assertThat(in.read()).isEqualTo(-1);      // a closed StringReader throws instead
  }

  @Nested
  class JacksonModule {

    record Program(String name, CommissionPlan plan, LinkCode code) {}

    private final ObjectMapper mapper = new ObjectMapper()
        .registerModule(AffiliateKitJson.module());

    @Test
    void planInsideADocument_roundTrips() throws IOException {
      Program program = new Program("spring", everything(), LinkCode.parseVanity("JANE20"));

      String json = mapper.writeValueAsString(program);

      assertThat(mapper.readValue(json, Program.class)).isEqualTo(program);
    }

    @Test
    void badPlanInsideADocument_namesThePlansPathToo() {
      String json = "{\"name\":\"x\",\"code\":\"K7QX2M9D4PV\",\"plan\":{\"version\":1,"
          + "\"rules\":[{\"id\":\"a\",\"rate\":\"150%\"}]}}";

      assertThatThrownBy(() -> mapper.readValue(json, Program.class))
          .isInstanceOf(MismatchedInputException.class)
          .hasMessageContaining("rules[0].rate: rate must be within [0%, 100%]: '150%'")
          .hasMessageContaining("\"plan\"");
    }

    @Test
    void rateAsAFractionInsideADocument_isRefused_thoughARateAloneMayBeOne() throws IOException {
      String json = "{\"name\":\"x\",\"code\":\"K7QX2M9D4PV\",\"plan\":{\"version\":1,"
          + "\"rules\":[{\"id\":\"a\",\"rate\":\"1\"}]}}";

      assertThatThrownBy(() -> mapper.readValue(json, Program.class))
          .isInstanceOf(MismatchedInputException.class)
          .hasMessageContaining(
              "rules[0].rate: must be a percentage such as \"12.5%\", not a fraction: '1'");
      assertThat(mapper.readValue("\"1\"", Rate.class)).isEqualTo(Rate.ONE);
    }

    @Test
    void numberWithAnExponent_isQuotedAsWrittenAtItsPath() {
      for (String number : List.of("1e0", "1e999999999999", "1E+3", "10.0")) {
        assertThatThrownBy(() -> mapper.readValue("{\"version\":" + number + ",\"rules\":[]}",
            CommissionPlan.class))
            .isInstanceOf(MismatchedInputException.class)
            .hasMessageStartingWith("version: must be a whole number: '" + number + "'");
      }
      assertThatThrownBy(() -> mapper.readValue("{\"version\":1,\"rules\":[{\"id\":\"a\","
          + "\"rate\":\"1%\",\"when\":{\"attribute\":\"affiliate.followers\",\"min\":1e3}}]}",
          CommissionPlan.class))
          .isInstanceOf(MismatchedInputException.class)
          .hasMessageStartingWith("rules[0].when.min: must be a whole number: '1e3'");
    }

    @Test
    void deeplyNestedPlan_isRejectedInTimeAndMemoryInProportionToItsDepth() {
      // Regression: every open container kept its whole path, so memory grew with the square of
      // the depth, and a mapper that allows deep documents ran out of memory.
      int depth = 200_000;
      String json = "{\"version\":1,\"x\":" + "[".repeat(depth) + "]".repeat(depth)
          + ",\"rules\":[]}";
      ObjectMapper deep = JsonMapper.builder(JsonFactory.builder()
              .streamReadConstraints(StreamReadConstraints.builder()
                  .maxNestingDepth(1_000_000).build()).build())
          .addModule(AffiliateKitJson.module()).build();

      assertThatThrownBy(() -> deep.readValue(json, CommissionPlan.class))
          .isInstanceOf(MismatchedInputException.class)
          .hasMessageStartingWith("x: is not a field of a plan");
    }

    @Test
    void repeatedField_isRejectedWhateverTheMappersDuplicateDetection() {
      String repeatedRate = "{\"version\":1,\"rules\":[{\"id\":\"d\",\"rate\":\"10%\","
          + "\"rate\":\"90%\"}]}";
      String repeatedInCondition = "{\"version\":1,\"rules\":[{\"id\":\"d\",\"rate\":\"10%\","
          + "\"when\":{\"not\":{\"attribute\":\"customer.country\",\"is\":\"DE\","
          + "\"is\":\"FR\"}}}]}";
      String repeatedVersion = "{\"version\":2,\"version\":1,\"rules\":[]}";
      ObjectMapper lenient = JsonMapper.builder()
          .disable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .addModule(AffiliateKitJson.module()).build();

      for (ObjectMapper any : List.of(mapper, lenient)) {
        assertThatThrownBy(() -> any.readValue(repeatedRate, CommissionPlan.class))
            .isInstanceOf(MismatchedInputException.class)
            .hasMessageStartingWith("rules[0].rate: is repeated");
        assertThatThrownBy(() -> any.readValue(repeatedInCondition, CommissionPlan.class))
            .isInstanceOf(MismatchedInputException.class)
            .hasMessageStartingWith("rules[0].when.not.is: is repeated");
        assertThatThrownBy(() -> any.readValue(repeatedVersion, CommissionPlan.class))
            .isInstanceOf(MismatchedInputException.class)
            .hasMessageStartingWith("version: is repeated");
        assertThatThrownBy(() -> any.readValue("{\"name\":\"x\",\"code\":\"K7QX2M9D4PV\","
            + "\"plan\":" + repeatedRate + "}", Program.class))
            .isInstanceOf(MismatchedInputException.class)
            .hasMessageStartingWith("rules[0].rate: is repeated")
            .hasMessageContaining("\"plan\"");
      }
    }

    @Test
    void linkCodes_areTheirCanonicalForm() throws IOException {
      LinkCode generated = LinkCode.parse("k7qx-2m9d-4pv");

      assertThat(mapper.writeValueAsString(generated)).isEqualTo("\"K7QX2M9D4PV\"");
      assertThat(mapper.readValue("\"K7QX2M9D4PV\"", LinkCode.class)).isEqualTo(generated);
      assertThat(mapper.readValue("\"JOHN\"", LinkCode.class)).hasToString("JOHN");
    }

    @Test
    void linkCodes_withACheckSymbolNoVanityCodeHas_readBackAndAreChecked() throws IOException {
      // 32, 33, 34 and 35 mod 37: the check symbols *, ~, $ and =.
      for (String canonical : List.of("10*", "11~", "12$", "13=")) {
        LinkCode code = LinkCode.parse(canonical);
        String json = mapper.writeValueAsString(code);

        assertThat(json).isEqualTo("\"" + canonical + "\"");
        assertThat(mapper.readValue(json, LinkCode.class)).isEqualTo(code);
      }
      assertThatThrownBy(() -> mapper.readValue("\"11*\"", LinkCode.class))
          .isInstanceOf(InvalidFormatException.class)
          .hasMessageContaining("'11*'");
    }

    @Test
    void generatedLinkCodes_allReadBackEqual() throws IOException {
      LinkCodeGenerator generator = LinkCodeGenerator.random(new SplittableRandom(7), 8);
      for (int i = 0; i < 2_000; i++) {
        LinkCode code = generator.next();

        assertThat(mapper.readValue(mapper.writeValueAsString(code), LinkCode.class))
            .isEqualTo(code);
      }
    }
  }

  @Test
  void nulls_areRejected() {
    new NullPointerTester().setDefault(CommissionPlan.class, everything())
        .setDefault(String.class, "{}")
        .setDefault(CurrencyTable.class, CurrencyTable.iso4217())
        .testAllPublicStaticMethods(PlanJson.class);
  }
}
