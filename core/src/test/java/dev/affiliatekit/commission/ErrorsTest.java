package dev.affiliatekit.commission;

import static dev.affiliatekit.commission.Sales.ANNA;
import static dev.affiliatekit.commission.Sales.fullCredit;
import static dev.affiliatekit.commission.Sales.month;
import static dev.affiliatekit.commission.Sales.oneItem;
import static dev.affiliatekit.commission.Sales.pct;
import static dev.affiliatekit.commission.Sales.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.CreditBasis;
import dev.affiliatekit.money.CurrencyMismatchException;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Every error message of the package, and that a rejected call changes nothing. */
class ErrorsTest {

  private static final Money EUR = Money.parse("EUR 1.00");

  @Nested
  class Rules {

    @Test
    void build_withoutPayout_isAStateError() {
      assertThatThrownBy(() -> CommissionRule.builder("r").build())
          .isInstanceOf(IllegalStateException.class).hasMessage("rule 'r' needs a payout");
    }

    @Test
    void capAndMinimum_badValues_areRefusedBySetter_leavingTheBuilderAsItWas() {
      CommissionRule.Builder builder = CommissionRule.builder("r").percentage(pct("1"));
      assertThatThrownBy(() -> builder.cap(usd("-1.00")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("rule 'r' cap must not be negative: USD -1.00");
      assertThatThrownBy(() -> builder.minimum(usd("0.00")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("rule 'r' minimum must be positive: USD 0.00");
      CommissionRule rule = builder.build();
      assertThat(rule.cap()).isEmpty();
      assertThat(rule.minimum()).isEmpty();
    }

    @Test
    void rule_badParts_areNamed() {
      assertThatThrownBy(() -> CommissionRule.percentage(" ", pct("1")))
          .isInstanceOf(IllegalArgumentException.class).hasMessage("rule id must not be blank: ' '");
      assertThatThrownBy(() -> CommissionRule.builder("r").percentage(pct("1")).cap(usd("-1.00"))
          .build()).hasMessage("rule 'r' cap must not be negative: USD -1.00");
      assertThatThrownBy(() -> CommissionRule.builder("r").percentage(pct("1"))
          .minimum(usd("0.00")).build()).hasMessage("rule 'r' minimum must be positive: USD 0.00");
      assertThatThrownBy(() -> CommissionRule.builder("r").percentage(pct("1"))
          .minimum(usd("2.00")).cap(usd("1.00")).build())
          .hasMessage("rule 'r' minimum must not exceed its cap USD 1.00: USD 2.00");
      // The record's constructor checks the limits too, for a rule made without the builder.
      assertThatThrownBy(() -> new CommissionRule("r", 0, RuleTarget.program(),
          Condition.always(), Base.itemsAfterDiscount(), Payout.percentage(pct("1")),
          RecurringTerm.lifetime(), Optional.of(usd("-1.00")), Optional.empty()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("rule 'r' cap must not be negative: USD -1.00");
      assertThatThrownBy(() -> new CommissionRule("r", 0, RuleTarget.program(),
          Condition.always(), Base.itemsAfterDiscount(), Payout.percentage(pct("1")),
          RecurringTerm.lifetime(), Optional.empty(), Optional.of(usd("0.00"))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("rule 'r' minimum must be positive: USD 0.00");
      assertThatThrownBy(() -> CommissionRule.builder("r").flatPerConversion(usd("1.00"))
          .cap(EUR).build())
          .isInstanceOf(CurrencyMismatchException.class)
          .hasMessage("rule 'r' cap must be in USD, the currency of its other amounts: " + EUR);
      assertThatThrownBy(() -> Payout.flatPerConversion(usd("-0.01")))
          .hasMessage("payout amount must not be negative: USD -0.01");
      assertThatThrownBy(() -> Payout.flatPerUnit(usd("-0.01")))
          .hasMessage("payout amount must not be negative: USD -0.01");
    }

    @Test
    void target_badKeys_areNamed() {
      assertThatThrownBy(() -> RuleTarget.categories())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("rule target category must have at least one key: []");
      assertThatThrownBy(() -> new RuleTarget(RuleTarget.Level.PROGRAM, java.util.Set.of("x")))
          .hasMessage("rule target program must have no keys: 'x'");
      assertThatThrownBy(() -> new RuleTarget(RuleTarget.Level.PROGRAM,
          new java.util.TreeSet<>(List.of("z", "x", "y"))))
          .hasMessage("rule target program must have no keys: 'x' and 2 more");
      assertThatThrownBy(() -> RuleTarget.products(""))
          .hasMessage("rule target key must not be blank: ''");
    }

    @Test
    void milestoneAndCaps_badParts_areNamed() {
      assertThatThrownBy(() -> Milestone.of("m", Period.MONTH, 0, usd("1.00")))
          .hasMessage("milestone 'm' sale must be at least 1: 0");
      assertThatThrownBy(() -> Milestone.of("m", Period.MONTH, 1, usd("0.00")))
          .hasMessage("milestone 'm' bonus must be positive: USD 0.00");
      assertThatThrownBy(() -> Milestone.of("", Period.MONTH, 1, usd("1.00")))
          .hasMessage("milestone id must not be blank: ''");
      assertThatThrownBy(() -> new PeriodCap(Period.DAY, usd("-1.00")))
          .hasMessage("period cap must not be negative: USD -1.00");
    }
  }

  @Nested
  class Plans {

    private final CommissionPlan.Builder builder = CommissionPlan.builder()
        .rule(CommissionRule.builder("flat").flatPerConversion(usd("1.00")).build());

    @Test
    void rule_sameIdTwice_isRejected_andTheBuilderIsUnchanged() {
      assertThatThrownBy(() -> builder.rule(CommissionRule.builder("flat").priority(3)
          .percentage(pct("1")).build()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("plan already has a rule 'flat'");
      assertThatThrownBy(() -> builder.rules(List.of(
          CommissionRule.builder("ok").priority(1).percentage(pct("1")).build(),
          CommissionRule.builder("ok").priority(2).percentage(pct("1")).build())))
          .hasMessage("plan already has a rule 'ok'");
      assertThat(builder.build().rules()).extracting(CommissionRule::id).containsExactly("flat");
    }

    @Test
    void amountsInAnotherCurrency_areRejected() {
      String other = "must be in USD, the currency of the plan's other amounts: ";
      assertThatThrownBy(() -> builder.rule(CommissionRule.builder("eur").priority(1)
          .flatPerConversion(EUR).build())).isInstanceOf(CurrencyMismatchException.class)
          .hasMessage("rule 'eur' amounts " + other + "EUR");
      assertThatThrownBy(() -> builder.capPerConversion(EUR))
          .isInstanceOf(CurrencyMismatchException.class)
          .hasMessage("plan capPerConversion " + other + EUR);
      assertThatThrownBy(() -> builder.minimumPerConversion(EUR))
          .isInstanceOf(CurrencyMismatchException.class)
          .hasMessage("plan minimumPerConversion " + other + EUR);
      assertThatThrownBy(() -> builder.periodCap(Period.DAY, EUR))
          .isInstanceOf(CurrencyMismatchException.class)
          .hasMessage("plan day cap " + other + EUR);
      assertThatThrownBy(() -> builder.milestone(Milestone.of("m", Period.DAY, 1, EUR)))
          .isInstanceOf(CurrencyMismatchException.class)
          .hasMessage("plan milestone 'm' bonus " + other + EUR);
      assertThatThrownBy(() -> CommissionPlan.builder().capPerConversion(usd("5.00"))
          .rule(CommissionRule.builder("eur").flatPerConversion(EUR).build()))
          .isInstanceOf(CurrencyMismatchException.class)
          .hasMessage("rule 'eur' amounts " + other + "EUR");
      assertThat(builder.build().currency()).contains(usd("1.00").currency());
      builder.capPerConversion(usd("5.00"));
      assertThatThrownBy(() -> builder.replaceRule(CommissionRule.builder("flat")
          .flatPerConversion(EUR).build())).isInstanceOf(CurrencyMismatchException.class)
          .hasMessage("rule 'flat' amounts " + other + "EUR");
    }

    @Test
    void capAndMinimumPerConversion_canChangeTheirOwnCurrency_whenNothingElseHasOne() {
      CommissionPlan.Builder capped = CommissionPlan.builder()
          .rule(CommissionRule.percentage("base", pct("10"))).capPerConversion(usd("200.00"));
      assertThat(capped.capPerConversion(EUR).build().currency()).contains(EUR.currency());
      CommissionPlan.Builder minimum = CommissionPlan.builder()
          .rule(CommissionRule.percentage("base", pct("10"))).minimumPerConversion(usd("1.00"));
      assertThat(minimum.minimumPerConversion(EUR).build().currency()).contains(EUR.currency());
      // Another amount in the old currency still holds the plan to it.
      CommissionPlan.Builder both = CommissionPlan.builder().capPerConversion(usd("200.00"))
          .minimumPerConversion(usd("1.00"));
      assertThatThrownBy(() -> both.capPerConversion(EUR))
          .isInstanceOf(CurrencyMismatchException.class)
          .hasMessage("plan capPerConversion must be in USD, the currency of the plan's other "
              + "amounts: " + EUR);
      assertThat(both.build().capPerConversion()).contains(usd("200.00"));
    }

    @Test
    void replaceRule_canChangeTheOnlyRulesCurrency_whenNothingElseHasOne() {
      CommissionPlan plan = builder.replaceRule(CommissionRule.builder("flat")
          .flatPerConversion(EUR).build()).build();

      assertThat(plan.currency()).contains(EUR.currency());
    }

    @Test
    void limits_badValues_areNamed() {
      assertThatThrownBy(() -> builder.capPerConversion(usd("-1.00")))
          .hasMessage("plan capPerConversion must not be negative: USD -1.00");
      assertThatThrownBy(() -> builder.minimumPerConversion(usd("0.00")))
          .hasMessage("plan minimumPerConversion must be positive: USD 0.00");
      builder.capPerConversion(usd("5.00"));
      assertThatThrownBy(() -> builder.minimumPerConversion(usd("6.00")))
          .hasMessage("plan minimumPerConversion must not exceed its cap USD 5.00: USD 6.00");
      builder.minimumPerConversion(usd("2.00"));
      assertThatThrownBy(() -> builder.capPerConversion(usd("1.00")))
          .hasMessage("plan capPerConversion must not be below its minimum USD 2.00: USD 1.00");
      builder.periodCap(Period.MONTH, usd("100.00"));
      assertThatThrownBy(() -> builder.periodCap(Period.MONTH, usd("200.00")))
          .hasMessage("plan already has a month cap, USD 100.00, so it takes no other: USD 200.00");
      builder.milestone(Milestone.of("m", Period.MONTH, 10, usd("5.00")));
      assertThatThrownBy(() -> builder.milestone(Milestone.of("m", Period.DAY, 1, usd("5.00"))))
          .hasMessage("plan already has a milestone 'm'");
      assertThatThrownBy(() -> builder.rounding(RoundingMode.UNNECESSARY))
          .hasMessage("plan rounding must be a mode that rounds: UNNECESSARY");
      assertThatThrownBy(() -> builder.removeRule("nope")).hasMessage("plan has no rule 'nope'");
      assertThatThrownBy(() -> builder.replaceRule(CommissionRule.percentage("nope", pct("1"))))
          .hasMessage("plan has no rule 'nope'");
      CommissionPlan plan = builder.build();
      assertThat(plan.capPerConversion()).contains(usd("5.00"));
      assertThat(plan.minimumPerConversion()).contains(usd("2.00"));
      assertThat(plan.periodCaps()).containsExactly(new PeriodCap(Period.MONTH, usd("100.00")));
      assertThat(plan.rounding()).isEqualTo(RoundingMode.HALF_EVEN);
    }
  }

  @Nested
  class Quotes {

    private final CommissionPlan plan = CommissionPlan.builder()
        .rule(CommissionRule.builder("flat").flatPerConversion(usd("1.00")).build()).build();
    private final Conversion sale = oneItem("serum", "SKIN_CARE", "40.00");

    @Test
    void quote_creditOfAnotherAffiliate_isRejected() {
      assertThatThrownBy(() -> plan.quote(sale, fullCredit("ben", sale), CommissionContext.of(ANNA)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("credit affiliate 'ben' does not match context affiliate 'anna'");
    }

    @Test
    void quote_saleInAnotherCurrencyThanThePlansAmounts_isRejected() {
      Conversion euros = Conversion.builder("e1", Sales.AT, EUR).customerId("c").build();

      assertThatThrownBy(() -> plan.quote(euros, fullCredit("anna", euros),
          CommissionContext.of(ANNA)))
          .isInstanceOf(CurrencyMismatchException.class)
          .hasMessage("sale 'e1' must be in USD, the currency of the plan's amounts: EUR 1.00");
      CommissionPlan anyCurrency = CommissionPlan.builder()
          .rule(CommissionRule.percentage("p", pct("10"))).build();
      assertThat(anyCurrency.quote(euros, fullCredit("anna", euros), CommissionContext.of(ANNA))
          .amount()).isEqualTo(Money.parse("EUR 0.10"));
    }

    @Test
    void checkCurrency_refusesASaleInAnotherCurrency_asAQuoteDoes() {
      Conversion euros = Conversion.builder("e1", Sales.AT, EUR).customerId("c").build();

      assertThatThrownBy(() -> plan.checkCurrency(euros))
          .isInstanceOf(CurrencyMismatchException.class)
          .hasMessage("sale 'e1' must be in USD, the currency of the plan's amounts: EUR 1.00");
      plan.checkCurrency(sale);
      CommissionPlan.builder().rule(CommissionRule.percentage("p", pct("10"))).build()
          .checkCurrency(euros);
      assertThatThrownBy(() -> plan.checkCurrency(null))
          .isInstanceOf(NullPointerException.class).hasMessageContaining("conversion");
    }

    @Test
    void quote_creditInAnotherCurrency_isRejected() {
      assertThatThrownBy(() -> plan.quote(sale, new dev.affiliatekit.attribution.Credit("anna",
          Rate.ONE, EUR, CreditBasis.COUPON, List.of()), CommissionContext.of(ANNA)))
          .isInstanceOf(CurrencyMismatchException.class);
    }

    /** Regression: the message was the bare "Overflow" of BigDecimal.longValueExact. */
    @Test
    void quote_commissionBeyondALong_isRefused_namingTheOrderAndTheAmount() {
      CommissionPlan perUnit = CommissionPlan.builder()
          .rule(CommissionRule.builder("unit").flatPerUnit(usd("50000000.00")).build()).build();
      Conversion stickers = Conversion.builder("o1", Sales.AT, usd("0.00")).customerId("c")
          .lineItem(dev.affiliatekit.attribution.LineItem.of("sticker", "C", Integer.MAX_VALUE,
              usd("0.00")))
          .build();

      assertThatThrownBy(() -> perUnit.quote(stickers, fullCredit("anna", stickers),
          CommissionContext.of(ANNA)))
          .isInstanceOf(ArithmeticException.class)
          .hasMessage("commission of 'anna' on order 'o1' is beyond what USD holds in a long of"
              + " minor units: USD 107374182350000000.00");
    }

    @Test
    void quote_commissionAndBonusBeyondALong_isRefused_namingTheOrderAndTheAmount() {
      CommissionPlan most = CommissionPlan.builder()
          .rule(CommissionRule.builder("flat")
              .flatPerConversion(Money.ofMinor(Long.MAX_VALUE, usd("1.00").currency())).build())
          .milestone(Milestone.of("first", Period.LIFETIME, 1, usd("0.01"))).build();
      Conversion sale = oneItem("serum", "SKIN_CARE", "40.00");

      assertThatThrownBy(() -> most.quote(sale, fullCredit("anna", sale),
          CommissionContext.builder(ANNA).performance(PeriodPerformance.lifetime(0,
              usd("0.00"), usd("0.00"))).build()))
          .isInstanceOf(ArithmeticException.class)
          .hasMessageStartingWith("commission and milestone bonus of 'anna' on order")
          .hasMessageEndingWith("is beyond what USD holds in a long of minor units:"
              + " USD 92233720368547758.08");
    }
  }

  @Nested
  class Contexts {

    @Test
    void profile_badParts_areNamed() {
      AffiliateProfile.Builder anna = AffiliateProfile.builder("anna");
      assertThatThrownBy(() -> anna.followers(-1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("affiliate followers must not be negative: -1");
      assertThat(anna.build().followers()).isEmpty();
      assertThatThrownBy(() -> AffiliateProfile.builder("anna").country("de").build())
          .hasMessage("affiliate country must be an ISO 3166-1 alpha-2 code in upper case, such as"
              + " US: 'de'");
      assertThatThrownBy(() -> AffiliateProfile.builder("anna").group("").build())
          .hasMessage("affiliate group must not be blank: ''");
      assertThatThrownBy(() -> AffiliateProfile.builder("anna").tags("ok", " ").build())
          .hasMessage("affiliate tag must not be blank: ' '");
      assertThatThrownBy(() -> AffiliateProfile.of(""))
          .hasMessage("affiliate affiliateId must not be blank: ''");
      assertThatThrownBy(() -> AffiliateProfile.builder("anna").platform(" ").build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("affiliate platform must not be blank: ' '");
      assertThatThrownBy(() -> AffiliateProfile.builder("anna").parentId("").build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("affiliate parentId must not be blank: ''");
      // The record's constructor checks the count too, for a profile made without the builder.
      assertThatThrownBy(() -> new AffiliateProfile("anna", Optional.empty(), Set.of(),
          Optional.empty(), OptionalLong.of(-1), Optional.empty(), Optional.empty()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("affiliate followers must not be negative: -1");
    }

    /** Regression: a profile took UK, which no rule on a country can name, so none matched it. */
    @Test
    void profile_countryNoConditionMayName_isRefused() {
      assertThatThrownBy(() -> AffiliateProfile.builder("anna").country("UK").build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("affiliate country must be an ISO 3166-1 alpha-2 code in upper case, such as"
              + " US (the United Kingdom's is GB): 'UK'");
      assertThatThrownBy(() -> new AffiliateProfile("anna", Optional.empty(), Set.of(),
          Optional.empty(), OptionalLong.empty(), Optional.of("EU"), Optional.empty()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("affiliate country must be an ISO 3166-1 alpha-2 code in upper case, such as"
              + " US: 'EU'");
      assertThat(AffiliateProfile.builder("anna").country("GB").build().country()).contains("GB");
      assertThat(AffiliateProfile.builder("anna").country("XK").build().country()).contains("XK");
    }

    @Test
    void performance_badFigures_areNamed() {
      Instant start = Sales.MONTH_START;
      assertThatThrownBy(() -> new PeriodPerformance(Period.MONTH, start, start, 0, usd("0.00"),
          usd("0.00")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("performance period must end after its start 2026-03-01T00:00:00Z: "
              + "2026-03-01T00:00:00Z");
      assertThatThrownBy(() -> month(-1, "0.00", "0.00"))
          .hasMessage("performance sales must not be negative: -1");
      assertThatThrownBy(() -> month(0, "-1.00", "0.00"))
          .hasMessage("performance revenue must not be negative: USD -1.00");
      assertThatThrownBy(() -> month(0, "0.00", "-1.00"))
          .hasMessage("performance commissions must not be negative: USD -1.00");
      assertThatThrownBy(() -> new PeriodPerformance(Period.MONTH, start, Sales.MONTH_END, 0,
          usd("0.00"), Money.parse("EUR 0.00"))).isInstanceOf(CurrencyMismatchException.class);
    }

    @Test
    void context_performanceUnderTheWrongPeriod_isRejected() {
      Map<Period, PeriodPerformance> wrong = new EnumMap<>(Period.class);
      wrong.put(Period.DAY, month(0, "0.00", "0.00"));

      assertThatThrownBy(() -> new CommissionContext(ANNA, wrong, java.util.Optional.empty(),
          AffiliateProfiles.none()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("context performance of DAY must be for that period: MONTH");
    }

    @Test
    void context_badPaidTiers_areRejectedByName() {
      CommissionContext.Builder builder = CommissionContext.builder(ANNA);
      CommissionContext context = CommissionContext.of(ANNA);

      assertThatThrownBy(() -> builder.paidTier("tiers", 0))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("paid tier of rule 'tiers' must be at least 1: 0");
      assertThatThrownBy(() -> context.withPaidTier(" ", 2))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("paidTiers rule id must not be blank: ' '");
      assertThatThrownBy(() -> new CommissionContext(ANNA, Map.of(), java.util.Optional.empty(),
          AffiliateProfiles.none(), Map.of("tiers", -3)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("paid tier of rule 'tiers' must be at least 1: -3");
      Map<String, Integer> withNull = new java.util.HashMap<>();
      withNull.put("tiers", null);
      assertThatThrownBy(() -> new CommissionContext(ANNA, Map.of(), java.util.Optional.empty(),
          AffiliateProfiles.none(), withNull))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("paidTiers contains a null tier for rule tiers");
      // The rejected calls changed nothing.
      assertThat(builder.build().paidTiers()).isEmpty();
      assertThat(context.paidTier("tiers")).isEmpty();
    }

    @Test
    void rulePortion_badParts_areRejected() {
      assertThatThrownBy(() -> new RulePortion("", usd("1.00"), usd("0.10")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("portion ruleId must not be blank: ''");
      assertThatThrownBy(() -> new RulePortion("tiers", usd("1.00"), Money.parse("EUR 0.10")))
          .isInstanceOf(CurrencyMismatchException.class);
    }

    @Test
    void context_paidTiers_areKeptByRule_andTheFourPartConstructorHasNone() {
      CommissionContext context = CommissionContext.builder(ANNA).paidTier("tiers", 2).build();

      assertThat(context.paidTier("tiers")).hasValue(2);
      assertThat(context.paidTier("revenue")).isEmpty();
      assertThat(context.withPaidTier("tiers", 3).paidTier("tiers")).hasValue(3);
      assertThat(context.withPaidTier("tiers", 2)).isSameAs(context);
      assertThat(context.withPaidTier("revenue", 1).paidTiers())
          .isEqualTo(Map.of("tiers", 2, "revenue", 1));
      assertThat(new CommissionContext(ANNA, Map.of(), java.util.Optional.empty(),
          AffiliateProfiles.none())).isEqualTo(CommissionContext.of(ANNA));
      assertThat(context).isNotEqualTo(CommissionContext.of(ANNA));
      // Printed in the order of the rule ids, however they were given.
      assertThat(CommissionContext.builder(ANNA).paidTier("d", 2).paidTier("c", 3)
          .paidTier("a", 1).build().toString()).endsWith("paidTiers={a=1, c=3, d=2}]");
    }

    @Test
    void performancePlus_saleOutsideThePeriod_isRejected() {
      CommissionPlan plan = CommissionPlan.builder().rule(CommissionRule.percentage("p", pct("10")))
          .build();
      Conversion april = Conversion.builder("a1", Instant.parse("2026-04-02T00:00:00Z"),
          usd("10.00")).customerId("c").build();
      CommissionQuote quote = plan.quote(april, fullCredit("anna", april), CommissionContext.of(ANNA));

      assertThatThrownBy(() -> month(0, "0.00", "0.00").plus(quote))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("performance month from 2026-03-01T00:00:00Z to 2026-04-01T00:00:00Z does "
              + "not contain the sale at 2026-04-02T00:00:00Z");
    }
  }

  /**
   * Regression: these value types said only "currencies differ: USD and EUR", and a true-up took
   * negative sums, or threw an undocumented ArithmeticException at the extreme.
   */
  @Nested
  class ValueCurrencies {

    @Test
    void amountsInAnotherCurrency_nameTheFieldAndTheValue() {
      Money euro = Money.parse("EUR 1.00");
      assertThatThrownBy(() -> PeriodPerformance.lifetime(1, usd("1.00"), euro))
          .isInstanceOf(CurrencyMismatchException.class)
          .hasMessage("performance commissions must be in USD, the currency of its revenue:"
              + " EUR 1.00");
      assertThatThrownBy(() -> new Difference(usd("1.00"), euro))
          .hasMessage("difference proposed must be in USD, the currency of current: EUR 1.00");
      assertThatThrownBy(() -> new RulePortion("r", usd("1.00"), euro))
          .hasMessage("portion commission must be in USD, the currency of its base: EUR 1.00");
      assertThatThrownBy(() -> new OverrideQuote("a", 1, "b", pct("5"), usd("1.00"), euro))
          .hasMessage("override amount must be in USD, the currency of the commission: EUR 1.00");
      TierReached tier = new TierReached("r", Period.MONTH, 2, pct("10"), pct("20"),
          RoundingMode.HALF_EVEN);
      assertThatThrownBy(() -> tier.trueUp(usd("100.00"), euro))
          .isInstanceOf(CurrencyMismatchException.class)
          .hasMessage("earlierCommissions must be in USD, the currency of the bases: EUR 1.00");
    }

    @Test
    void trueUp_negativeSums_areRefusedByName() {
      TierReached tier = new TierReached("r", Period.MONTH, 2, pct("10"), pct("20"),
          RoundingMode.HALF_EVEN);
      assertThatThrownBy(() -> tier.trueUp(usd("100.00"), usd("-5.00")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("earlierCommissions must not be negative: USD -5.00");
      assertThatThrownBy(() -> tier.trueUp(usd("-100.00"), usd("0.00")))
          .hasMessage("earlierBases must not be negative: USD -100.00");
      assertThatThrownBy(() -> tier.trueUp(usd("-100.00"), usd("0.00"), List.of()))
          .hasMessage("uncappedBases must not be negative: USD -100.00");
      Money most = Money.ofMinor(Long.MAX_VALUE, usd("1.00").currency());
      TierReached all = new TierReached("r", Period.MONTH, 2, pct("50"), Rate.ONE,
          RoundingMode.HALF_EVEN);
      assertThatThrownBy(() -> all.due(most, List.of(new CappedSale(most, most,
          usd("0.00"))))).isInstanceOf(ArithmeticException.class)
          .hasMessageStartingWith("true-up due is beyond what money holds: ");
      // Exactly the most money holds is due: at 100%, all of one base and none of the other.
      assertThat(all.due(usd("0.00"), List.of(new CappedSale(most, most, usd("0.00")))))
          .isEqualTo(most);
      assertThatThrownBy(() -> tier.trueUp(usd("100.00"),
          Money.ofMinor(Long.MIN_VALUE, usd("1.00").currency())))
          .isInstanceOf(IllegalArgumentException.class);
      assertThat(tier.trueUp(usd("100.00"), usd("5.00"))).isEqualTo(usd("15.00"));
      assertThatThrownBy(() -> new TierReached("r", Period.MONTH, 2, pct("10"), pct("20"),
          RoundingMode.UNNECESSARY)).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("tier rounding must be a mode that rounds: UNNECESSARY");
    }
  }

  /** A null element of an array or collection is named with its index, and changes nothing. */
  @Nested
  class NullElements {

    private final Condition vegan = Condition.is(Attribute.AFFILIATE_TAGS, "vegan");

    @Test
    void trueUpsAndSimulationReports_nameTheNullPart() {
      TierReached reached = new TierReached("r", Period.MONTH, 2, pct("10"), pct("20"),
          RoundingMode.HALF_EVEN);
      List<CappedSale> withNull =
          Arrays.asList(new CappedSale(usd("10.00"), usd("1.00"), usd("1.00")), null);
      assertThatThrownBy(() -> reached.due(usd("1.00"), withNull))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("cappedSales contains null at index 1");
      assertThatThrownBy(() -> reached.trueUp(usd("1.00"), usd("0.00"), withNull))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("cappedSales contains null at index 1");
      assertThatThrownBy(() -> new SimulationReport(
          Arrays.asList((SimulationReport.Outcome) null), List.of(), Map.of()))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("outcomes contains null at index 0");
      Map<CurrencyUnit, Difference> nullTotal = new HashMap<>();
      nullTotal.put(CurrencyUnit.USD, null);
      assertThatThrownBy(() -> new SimulationReport(List.of(), List.of(), nullTotal))
          .isInstanceOf(NullPointerException.class).hasMessage("totals contains null for USD");
      Map<CurrencyUnit, Difference> nullCurrency = new HashMap<>();
      nullCurrency.put(null, new Difference(usd("1.00"), usd("1.00")));
      assertThatThrownBy(() -> new SimulationReport(List.of(), List.of(), nullCurrency))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("totals contains a null currency");
    }

    @Test
    void simulationReport_refusesATotalFiledUnderAnotherCurrency() {
      assertThatThrownBy(() -> new SimulationReport(List.of(), List.of(),
          Map.of(CurrencyUnit.of("EUR"), new Difference(usd("1.00"), usd("2.00")))))
          .isInstanceOf(CurrencyMismatchException.class)
          .hasMessage("total filed under EUR must be in it: USD 1.00 -> USD 2.00 (+USD 1.00)");
    }

    @Test
    void conditionFactories_nameTheNullPart() {
      assertThatThrownBy(() -> Condition.all((Condition) null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("conditions contains null at index 0");
      assertThatThrownBy(() -> Condition.all(vegan, null))
          .hasMessage("conditions contains null at index 1");
      assertThatThrownBy(() -> Condition.any(vegan, vegan, null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("conditions contains null at index 2");
      assertThatThrownBy(() -> new Condition.All(Arrays.asList(vegan, null)))
          .hasMessage("conditions contains null at index 1");
      assertThatThrownBy(() -> new Condition.Any(Arrays.asList(null, vegan)))
          .hasMessage("conditions contains null at index 0");
      assertThatThrownBy(() -> Condition.not(null))
          .isInstanceOf(NullPointerException.class).hasMessage("condition");
      assertThatThrownBy(() -> Condition.in(Attribute.CUSTOMER_COUNTRY, "US", null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("values contains null at index 1");
    }

    @Test
    void targetsAndTiers_nameTheNullElement() {
      assertThatThrownBy(() -> RuleTarget.groups("micro", null))
          .isInstanceOf(NullPointerException.class).hasMessage("groups contains null at index 1");
      assertThatThrownBy(() -> RuleTarget.categories((String) null))
          .hasMessage("categories contains null at index 0");
      assertThatThrownBy(() -> RuleTarget.products("a", "b", null))
          .hasMessage("products contains null at index 2");
      assertThatThrownBy(() -> RuleTarget.affiliates(null, "anna"))
          .hasMessage("affiliates contains null at index 0");
      assertThatThrownBy(() -> Payout.tieredBySales(Period.MONTH, TierMode.WHOLE_PERIOD,
          new Payout.SalesTier(1, pct("10")), null))
          .isInstanceOf(NullPointerException.class).hasMessage("tiers contains null at index 1");
      assertThatThrownBy(() -> Payout.tieredByRevenue(Period.MONTH, TierMode.WHOLE_PERIOD,
          (Payout.RevenueTier) null))
          .hasMessage("tiers contains null at index 0");
    }

    @Test
    void planBuilder_nullOverrideRateOrRule_isNamed_andTheBuilderIsUnchanged() {
      CommissionPlan.Builder builder = CommissionPlan.builder()
          .rule(CommissionRule.percentage("default", pct("10"))).overrideRates(pct("5"));

      assertThatThrownBy(() -> builder.overrideRates(Arrays.asList(Rate.ONE, null)))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("rates contains null at index 1");
      assertThatThrownBy(() -> builder.overrideRates(pct("1"), null))
          .hasMessage("rates contains null at index 1");
      assertThatThrownBy(() -> builder.rules(Arrays.asList(
          CommissionRule.builder("other").priority(1).percentage(pct("1")).build(), null)))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("rules contains null at index 1");

      CommissionPlan plan = builder.build();
      assertThat(plan.overrideRates()).containsExactly(pct("5"));
      assertThat(plan.rules()).extracting(CommissionRule::id).containsExactly("default");
    }

    @Test
    void profileTags_nullTag_isNamed_andTheBuilderIsUnchanged() {
      AffiliateProfile.Builder builder = AffiliateProfile.builder("anna").tags("skin");

      assertThatThrownBy(() -> builder.tags("vip", null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("tags contains null at index 1");

      assertThat(builder.build().tags()).containsExactly("skin");
    }

    @Test
    void profiles_nullProfile_isNamed() {
      assertThatThrownBy(() -> AffiliateProfiles.of(Arrays.asList(ANNA, null)))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("profiles contains null at index 1");
    }
  }
}
