package dev.affiliatekit.program;

import static dev.affiliatekit.money.CurrencyUnit.USD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.testing.EqualsTester;
import com.google.common.testing.NullPointerTester;
import dev.affiliatekit.attribution.AffiliateIdentity;
import dev.affiliatekit.attribution.AttributionModel;
import dev.affiliatekit.attribution.AttributionPolicy;
import dev.affiliatekit.attribution.AttributionWindow;
import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.commission.AffiliateProfile;
import dev.affiliatekit.commission.CommissionPlan;
import dev.affiliatekit.commission.Period;
import dev.affiliatekit.commission.TierReached;
import dev.affiliatekit.ledger.AccountKind;
import dev.affiliatekit.ledger.Balances;
import dev.affiliatekit.ledger.PayoutRules;
import dev.affiliatekit.ledger.ReversalKind;
import dev.affiliatekit.link.LinkCode;
import dev.affiliatekit.money.CurrencyMismatchException;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import java.math.RoundingMode;
import dev.affiliatekit.testing.TestClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProgramValueTypesTest {

  private static final Money FIVE = Money.parse("USD 5.00");
  private static final Instant T = Instant.parse("2026-03-01T10:00:00Z");
  private static final AffiliateProfile MIA = AffiliateProfile.of("mia");
  private static final TierReached TIER_2 = new TierReached("tiers", Period.MONTH, 2,
      Rate.ofPercent(10), Rate.ofPercent(20), RoundingMode.HALF_EVEN);
  private static final TierTrueUp TRUE_UP = new TierTrueUp("mia", "order:o3/mia/tier/tiers",
      TIER_2, 2, Money.parse("USD 200.00"), Money.parse("USD 20.00"), Money.parse("USD 20.00"),
      Money.parse("USD 20.00"));
  private static final Enrollment ENROLLMENT = new Enrollment(MIA, AffiliateIdentity.active("mia"),
      List.of(LinkCode.parseVanity("GLOWWITHMIA")));

  private static NullPointerTester tester() {
    return new NullPointerTester()
        .setDefault(Money.class, FIVE)
        .setDefault(TierReached.class, TIER_2)
        .setDefault(AffiliateProfile.class, MIA)
        .setDefault(AffiliateIdentity.class, AffiliateIdentity.active("mia"))
        .setDefault(Enrollment.class, ENROLLMENT)
        .setDefault(CommissionPlan.class, AffiliateProgramTest.TEN_PERCENT)
        .setDefault(Refund.class, Refund.full("o1", "r1", "why"))
        .setDefault(PayoutRules.class, PayoutRules.minimums(FIVE))
        .setDefault(String.class, "id")
        .setDefault(URI.class, URI.create("https://shop.example/"))
        .setDefault(Conversion.class, Conversion.builder("o1", T, FIVE).visitorId("v").build())
        .setDefault(Duration.class, Duration.ofDays(1))
        .setDefault(Instant.class, T)
        .setDefault(AttributionWindow.class, AttributionWindow.standard())
        .setDefault(AttributionModel.class, AttributionModel.lastTouch())
        .setDefault(dev.affiliatekit.attribution.AttributionPolicy.class,
            dev.affiliatekit.attribution.AttributionPolicy.defaults())
        .setDefault(dev.affiliatekit.ledger.Ledger.class,
            dev.affiliatekit.ledger.Ledger.inMemory(new TestClock(T)))
        .setDefault(dev.affiliatekit.link.LinkRegistry.class,
            dev.affiliatekit.link.LinkRegistry.inMemory())
        .setDefault(dev.affiliatekit.attribution.TouchpointStore.class,
            dev.affiliatekit.attribution.TouchpointStore.inMemory())
        .setDefault(java.time.Clock.class, new TestClock(T))
        .setDefault(java.util.random.RandomGenerator.class, new java.util.SplittableRandom(1))
        .setDefault(dev.affiliatekit.link.VanityPolicy.class,
            dev.affiliatekit.link.VanityPolicy.defaults())
        .setDefault(dev.affiliatekit.link.TrackingLinkParser.class,
            dev.affiliatekit.link.TrackingLinkParser.defaults())
        .setDefault(ProgramListener.class, event -> { })
        .setDefault(ProgramSettings.class, ProgramSettings.of(AffiliateProgramTest.TEN_PERCENT))
        .setDefault(dev.affiliatekit.money.CurrencyUnit.class, USD)
        .setDefault(CharSequence.class, "https://shop.example/")
        .setDefault(Balances.class, new Balances(FIVE, FIVE, FIVE, FIVE))
        .setDefault(dev.affiliatekit.attribution.AffiliateStatus.class,
            dev.affiliatekit.attribution.AffiliateStatus.ACTIVE);
  }

  @Test
  void publicMethods_rejectNull() {
    NullPointerTester tester = tester();
    tester.testAllPublicStaticMethods(Refund.class);
    tester.testAllPublicStaticMethods(ProgramSettings.class);
    tester.testAllPublicInstanceMethods(ENROLLMENT);
    tester.testAllPublicInstanceMethods(ProgramSettings.of(AffiliateProgramTest.TEN_PERCENT));
    tester.testAllPublicInstanceMethods(AffiliateProgram.builder());
    tester.testAllPublicInstanceMethods(
        AffiliateProgram.builder().plan(AffiliateProgramTest.TEN_PERCENT).build());
    tester.testAllPublicConstructors(Enrollment.class);
    tester.testAllPublicConstructors(Refund.class);
    tester.testAllPublicConstructors(ProgramSettings.class);
    tester.testAllPublicConstructors(AffiliateStatement.class);
    tester.testAllPublicConstructors(AffiliateStatement.Line.class);
    tester.testAllPublicConstructors(ProgramEvent.CommissionAccrued.class);
    tester.testAllPublicConstructors(ProgramEvent.CommissionReversed.class);
    tester.testAllPublicConstructors(ProgramEvent.CommissionReleased.class);
    tester.testAllPublicConstructors(ProgramEvent.CommissionReinstated.class);
    tester.testAllPublicConstructors(ChargebackWon.class);
    tester.testAllPublicConstructors(TierTrueUp.class);
    tester.testAllPublicInstanceMethods(TRUE_UP);
  }

  /** Regression: the message named refundId, not the parameter given null. */
  @Test
  void chargeback_nullId_isNamedAsTheParameter() {
    assertThatThrownBy(() -> Refund.chargeback("o1", null, "disputed"))
        .isInstanceOf(NullPointerException.class).hasMessage("chargebackId");
  }

  /** Regression: the message printed both affiliate ids raw, which read as one text. */
  @Test
  void enrollment_ofAnotherAffiliatesIdentity_quotesBothIds() {
    assertThatThrownBy(() -> new Enrollment(AffiliateProfile.of("newbie"),
        AffiliateIdentity.active("zed: x"), List.of(LinkCode.parseVanity("GLOWWITHMIA"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("enrollment identity must be of affiliate 'newbie': 'zed: x'");
  }

  @Test
  void nullElements_areNamedWithTheirIndex() {
    assertThatThrownBy(() -> new Enrollment(AffiliateProfile.of("mia"), AffiliateIdentity.active("mia"),
        java.util.Arrays.asList(LinkCode.parseVanity("GLOWWITHMIA"), null)))
        .isInstanceOf(NullPointerException.class).hasMessage("codes contains null at index 1");
    assertThatThrownBy(() -> new dev.affiliatekit.attribution.Explanation(List.of(), List.of(),
        java.util.Arrays.asList("a", null)))
        .isInstanceOf(NullPointerException.class).hasMessage("notes contains null at index 1");
  }

  @Test
  void tierTrueUp_equalsAndErrors() {
    new EqualsTester()
        .addEqualityGroup(TRUE_UP, new TierTrueUp("mia", "order:o3/mia/tier/tiers", TIER_2, 2,
            Money.parse("USD 200.00"), Money.parse("USD 20.00"), Money.parse("USD 20.00"),
            Money.parse("USD 20.00")))
        .addEqualityGroup(new TierTrueUp("mia", "order:o3/mia/tier/tiers", TIER_2, 2,
            Money.parse("USD 200.00"), Money.parse("USD 20.00"), Money.parse("USD 20.00"), FIVE))
        .addEqualityGroup(new TierTrueUp("mia", "order:o3/mia/tier/tiers", TIER_2, 2,
            Money.parse("USD 200.00"), true, Money.parse("USD 20.00"), 0,
            Money.parse("USD 40.00"), Money.parse("USD 20.00"), Money.parse("USD 20.00")))
        .testEquals();
    assertThat(TRUE_UP.roundedShares()).isFalse();
    // Bases kept rounded, each a share of a sale, are said to be.
    assertThat(new TierTrueUp("mia", "k", TIER_2, 3, Money.parse("USD 133.33"), true,
        Money.parse("USD 13.33"), 0, Money.parse("USD 26.67"), Money.parse("USD 13.34"),
        Money.parse("USD 13.34")).explanation()).isEqualTo("tier 2 of rule tiers reached: 20%"
            + " (from 10%) for the whole month; true-up of 3 earlier sales: 20% of USD 133.33"
            + " (their credited bases, each rounded HALF_EVEN to the minor unit) = USD 26.666,"
            + " rounded HALF_EVEN to USD 26.67, less USD 13.33 earned = USD 13.34");
    // Regression: the new rate of the bases was stated rounded, as if exact.
    assertThat(new TierTrueUp("mia", "k", TIER_2, 3, Money.parse("USD 133.33"),
        Money.parse("USD 13.33"), Money.parse("USD 13.34"), Money.parse("USD 13.34"))
        .explanation()).isEqualTo("tier 2 of rule tiers reached: 20% (from 10%) for the whole"
            + " month; true-up of 3 earlier sales: 20% of USD 133.33 = USD 26.666, rounded"
            + " HALF_EVEN to USD 26.67, less USD 13.33 earned = USD 13.34");
    assertThat(new TierTrueUp("mia", "k", TIER_2, 1, Money.parse("USD 100.00"),
        Money.parse("USD 10.00"), Money.parse("USD 10.00"), FIVE).explanation())
        .isEqualTo("tier 2 of rule tiers reached: 20% (from 10%) for the whole month; true-up of"
            + " 1 earlier sale: 20% of USD 100.00 = USD 20.00, less USD 10.00 earned = USD 10.00;"
            + " cut to USD 5.00 by the caps per period");
    assertThatThrownBy(() -> new TierTrueUp("mia", "k", TIER_2, 2, Money.parse("USD 200.00"),
        Money.parse("USD 20.00"), Money.parse("USD 20.00"), Money.parse("USD 20.01")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("true-up amount must be within [0, USD 20.00]: USD 20.01");
    // 20% of USD 200.00 less USD 20.00 earned leaves USD 20.00 owed, not USD 5.00.
    assertThatThrownBy(() -> new TierTrueUp("mia", "k", TIER_2, 2, Money.parse("USD 200.00"),
        Money.parse("USD 20.00"), FIVE, FIVE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("true-up owed must be due USD 40.00 less earlierCommissions USD 20.00, at least"
            + " zero: USD 5.00");
    assertThatThrownBy(() -> new TierTrueUp("mia", "k", TIER_2, 1, Money.parse("USD 50.00"),
        Money.parse("USD 15.00"), 0, Money.parse("USD 10.00"), FIVE, Money.parse("USD 0.00")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("true-up owed must be due USD 10.00 less earlierCommissions USD 15.00, at least"
            + " zero: USD 5.00");
    assertThatThrownBy(() -> new TierTrueUp("mia", "k", TIER_2, -1, FIVE, FIVE, FIVE, FIVE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("true-up earlierSales must not be negative: -1");
    assertThatThrownBy(() -> new TierTrueUp("mia", "k", TIER_2, 2, FIVE,
        Money.parse("USD -1.00"), FIVE, FIVE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("true-up figures must not be negative: USD 5.00, USD -1.00, USD 5.00");
    assertThatThrownBy(() -> new TierTrueUp("mia", "k", TIER_2, 2, FIVE, FIVE,
        Money.parse("EUR 5.00"), FIVE))
        .isInstanceOf(dev.affiliatekit.money.CurrencyMismatchException.class)
        .hasMessage("true-up owed must be in USD, the currency of earlierBases: EUR 5.00");
    assertThatThrownBy(() -> new TierTrueUp(" ", "k", TIER_2, 2, FIVE, FIVE, FIVE, FIVE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("affiliateId must not be blank: ' '");
  }

  @Test
  void tierTrueUp_earlierSalesThatEarnedMoreThanTheNewRate_explainsWhyNothingIsOwed() {
    // A minimum of USD 15.00 paid the earlier sale more than 20% of its USD 50.00.
    TierTrueUp none = new TierTrueUp("mia", "order:o2/mia/tier/tiers", TIER_2, 1,
        Money.parse("USD 50.00"), Money.parse("USD 15.00"), Money.parse("USD 0.00"),
        Money.parse("USD 0.00"));

    assertThat(none.explanation()).isEqualTo("tier 2 of rule tiers reached: 20% (from 10%) for"
        + " the whole month; true-up of 1 earlier sale: 20% of USD 50.00 = USD 10.00, less"
        + " USD 15.00 earned = USD -5.00, so USD 0.00 is owed");
  }

  @Test
  void refund_equalsAndKey() {
    new EqualsTester()
        .addEqualityGroup(Refund.full("o1", "r1", "why"),
            new Refund("o1", "r1", Optional.empty(), ReversalKind.REFUND, "why"))
        .addEqualityGroup(Refund.chargeback("o1", "r1", "why"))
        .addEqualityGroup(Refund.partial("o1", "r1", FIVE, "why"))
        .testEquals();
    assertThat(Refund.full("o1", "r1", "why").key()).isEqualTo("refund:o1:r1");
    assertThat(Refund.chargeback("o1", "cb", "why").key()).isEqualTo("chargeback:o1:cb");
    assertThat(Refund.partial("o1", "r1", FIVE, "why").isFull()).isFalse();
  }

  @Test
  void enrollment_equalsCodeAndErrors() {
    new EqualsTester()
        .addEqualityGroup(ENROLLMENT, new Enrollment(MIA, AffiliateIdentity.active("mia"),
            List.of(LinkCode.parseVanity("glow-with-mia"))))
        .addEqualityGroup(new Enrollment(MIA, AffiliateIdentity.active("mia"),
            List.of(LinkCode.parseVanity("MIA"))))
        .testEquals();
    assertThat(ENROLLMENT.trackingLink(URI.create("https://shop.example/")))
        .hasToString("https://shop.example/?ref=GLOWWITHMIA");
    assertThatThrownBy(() -> new Enrollment(MIA, AffiliateIdentity.active("mia"), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("enrollment codes must not be empty: []");
  }

  @Test
  void programSettings_equalsWithersAndErrors() {
    ProgramSettings settings = ProgramSettings.of(AffiliateProgramTest.TEN_PERCENT);
    assertThat(settings.window()).isEqualTo(AttributionWindow.standard());
    assertThat(settings.model()).isEqualTo(AttributionModel.lastTouch());
    assertThat(settings.holdPeriod()).isEqualTo(Duration.ofDays(30));
    assertThat(settings.payoutRules()).isEmpty();
    assertThat(settings.policy()).isEqualTo(AttributionPolicy.defaults());
    AttributionPolicy binding = AttributionPolicy.builder().lifetimeBinding().build();
    ProgramSettings bound = settings.withPolicy(binding);
    assertThat(bound.policy()).isEqualTo(binding);
    assertThat(List.of(bound.withWindow(AttributionWindow.ofClicks(Duration.ofDays(7))),
        bound.withModel(AttributionModel.linear()), bound.withHoldPeriod(Duration.ZERO),
        bound.withPayoutMinimums(List.of(FIVE))))
        .extracting(ProgramSettings::policy).containsOnly(binding);
    new EqualsTester()
        .addEqualityGroup(settings, ProgramSettings.of(AffiliateProgramTest.TEN_PERCENT),
            settings.withPolicy(AttributionPolicy.defaults()))
        .addEqualityGroup(settings.withHoldPeriod(Duration.ZERO))
        .addEqualityGroup(settings.withModel(AttributionModel.linear()))
        .addEqualityGroup(settings.withPolicy(binding), settings.withPolicy(
            AttributionPolicy.builder().lifetimeBinding().build()))
        .addEqualityGroup(settings.withWindow(AttributionWindow.ofClicks(Duration.ofDays(7))))
        .addEqualityGroup(settings.withPayoutMinimums(List.of(FIVE)))
        .testEquals();
    assertThatThrownBy(() -> settings.withHoldPeriod(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("hold period must not be negative: PT-1S");
    assertThatThrownBy(() -> settings.withPayoutMinimums(List.of(FIVE, FIVE)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("payout minimums name USD twice: USD 5.00 and USD 5.00");
  }

  /** Regression: the withers made a copy when nothing changed. */
  @Test
  void programSettings_withersGivenWhatTheSettingsHave_returnThem() {
    Money euros = Money.parse("EUR 4.00");
    ProgramSettings settings = ProgramSettings.of(AffiliateProgramTest.TEN_PERCENT)
        .withPayoutMinimums(List.of(FIVE, euros));
    assertThat(settings.withWindow(AttributionWindow.standard())).isSameAs(settings);
    assertThat(settings.withModel(AttributionModel.lastTouch())).isSameAs(settings);
    assertThat(settings.withPolicy(AttributionPolicy.builder().build())).isSameAs(settings);
    assertThat(settings.withHoldPeriod(Duration.ofHours(720))).isSameAs(settings);
    assertThat(settings.withPayoutMinimums(List.of(euros, FIVE))).isSameAs(settings);
    assertThat(settings.withPayoutMinimums(List.of(FIVE, euros))).isSameAs(settings);
    assertThat(settings.withHoldPeriod(Duration.ofDays(14))).isNotSameAs(settings)
        .isNotEqualTo(settings);
    assertThat(settings.withPayoutMinimums(List.of(FIVE))).isNotEqualTo(settings);
  }

  /** Regression: the same minimums in another order made settings that were not equal. */
  @Test
  void programSettings_sameMinimumsInAnotherOrder_areEqual() {
    ProgramSettings settings = ProgramSettings.of(AffiliateProgramTest.TEN_PERCENT);
    Money euros = Money.parse("EUR 4.00");
    Money francs = Money.parse("CHF 3.00");
    ProgramSettings ordered = settings.withPayoutMinimums(List.of(francs, euros, FIVE));
    new EqualsTester()
        .addEqualityGroup(ordered, settings.withPayoutMinimums(List.of(FIVE, euros, francs)),
            settings.withPayoutMinimums(List.of(euros, FIVE, francs)))
        .addEqualityGroup(settings.withPayoutMinimums(List.of(FIVE, euros)))
        .testEquals();
    assertThat(settings.withPayoutMinimums(List.of(FIVE, euros, francs)).payoutMinimums())
        .containsExactly(francs, euros, FIVE);
    assertThat(ordered.payoutRules()).contains(PayoutRules.minimums(FIVE, francs, euros));
  }

  /** Regression: a null minimum threw a bare NullPointerException from List.copyOf. */
  @Test
  void programSettings_nullMinimum_namesTheFieldAndIndex() {
    ProgramSettings settings = ProgramSettings.of(AffiliateProgramTest.TEN_PERCENT);
    assertThatThrownBy(() -> settings.withPayoutMinimums(java.util.Collections.singletonList(null)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("payoutMinimums contains null at index 0");
    assertThatThrownBy(() -> settings.withPayoutMinimums(
        java.util.Arrays.asList(FIVE, Money.parse("EUR 5.00"), null)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("payoutMinimums contains null at index 2");
  }

  @Test
  void statement_figuresComeFromTheBalances() {
    Money zero = Money.zero(USD);
    AffiliateStatement statement = new AffiliateStatement("mia", USD, FIVE, zero,
        new Balances(Money.parse("USD 1.00"), Money.parse("USD 2.00"), zero,
            Money.parse("USD 2.00")),
        List.of(new AffiliateStatement.Line(1, "k", T, AccountKind.PENDING, FIVE, "x")));
    assertThat(statement.earned()).isEqualTo(FIVE);
    assertThat(statement.pending()).isEqualTo(Money.parse("USD 1.00"));
    assertThat(statement.payable()).isEqualTo(Money.parse("USD 2.00"));
    assertThat(statement.clearing()).isEqualTo(zero);
    assertThat(statement.paid()).isEqualTo(Money.parse("USD 2.00"));
  }

  @Test
  void statementAndEvents_partsThatDisagree_areRejected() {
    Money zero = Money.zero(USD);
    Balances fiveEarned = new Balances(FIVE, zero, zero, zero);
    assertThatThrownBy(() -> new AffiliateStatement("mia", USD, Money.parse("EUR 5.00"), zero,
        fiveEarned, List.of()))
        .isInstanceOf(CurrencyMismatchException.class)
        .hasMessage("statement amounts must be in USD, its currency: EUR 5.00");
    assertThatThrownBy(() -> new AffiliateStatement("mia", USD, FIVE, Money.parse("USD 1.00"),
        fiveEarned, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("statement accrued less reversed must be what its balances hold:"
            + " USD 5.00 - USD 1.00 is not USD 5.00");
    // Regression: a difference beyond what money holds threw ArithmeticException.
    Money lowest = Money.ofMinor(Long.MIN_VALUE, USD);
    assertThatThrownBy(() -> new AffiliateStatement("mia", USD, lowest, FIVE, fiveEarned,
        List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("statement accrued less reversed must be what its balances hold:"
            + " USD -92233720368547758.08 - USD 5.00 is not USD 5.00");
    Money highest = Money.ofMinor(Long.MAX_VALUE, USD);
    assertThatThrownBy(() -> new AffiliateStatement("mia", USD, zero, zero,
        new Balances(highest, highest, zero, zero), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("statement balances must add up to what money holds: ");

    Money negative = Money.parse("USD -5.00");
    assertThatThrownBy(() -> new ProgramEvent.CommissionReversed("k", "mia", "o1", "o1/mia",
        negative, ReversalKind.REFUND, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("commission reversed amount must be positive: USD -5.00");
    assertThatThrownBy(() -> new ProgramEvent.CommissionReinstated("k", "mia", "o1", "o1/mia",
        zero, AccountKind.PENDING, "x"))
        .hasMessage("commission reinstated amount must be positive: USD 0.00");
    assertThatThrownBy(() -> new ProgramEvent.CommissionReinstated("k", "mia", "o1", "o1/mia",
        Money.parse("USD 1.00"), AccountKind.PAID, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("commission reinstated account must be PENDING or PAYABLE: PAID");
    assertThatThrownBy(() -> new ProgramEvent.CommissionAccrued("k", "mia", "o1", "o1/mia",
        negative, "x"))
        .hasMessage("commission accrued amount must be zero or positive: USD -5.00");
    // A plan that records zero commissions accrues zero.
    assertThat(new ProgramEvent.CommissionAccrued("k", "mia", "o1", "o1/mia", zero, "x")
        .amount()).isEqualTo(zero);
  }

  @Test
  void keys_longerThanTheLedgerTakes_areShortenedAndStayDistinct() {
    String a = "order:" + "x".repeat(300) + "/mia";
    String b = "order:" + "x".repeat(300) + "/leo";
    assertThat(Keys.fit("order:o1")).isEqualTo("order:o1");
    assertThat(Keys.fit(a)).hasSize(190 + 1 + 64).isNotEqualTo(Keys.fit(b));
  }

  /** {@return a program paying 10%, with mia enrolled and visitor v1's click on her code} */
  private static AffiliateProgram programWithMiasClick() {
    AffiliateProgram program = AffiliateProgram.builder().plan(AffiliateProgramTest.TEN_PERCENT)
        .clock(new TestClock(T)).build();
    program.enroll(MIA, "GLOWWITHMIA");
    program.recordClick("v1", "GLOWWITHMIA");
    return program;
  }

  @Test
  void program_longOrderId_isRecordedUnderAShortenedKey() {
    AffiliateProgram program = programWithMiasClick();
    String orderId = "o".repeat(256);
    ConversionOutcome outcome = program.recordConversion(
        Conversion.builder(orderId, T, Money.parse("USD 50.00")).visitorId("v1").build());
    assertThat(outcome.commission()).isEqualTo(FIVE);
    assertThat(outcome.transactions().get(0).key()).hasSize(255);
    assertThat(program.refund(Refund.full(orderId, "r".repeat(256), "returned")).totalReversed())
        .isEqualTo(FIVE);
  }

  @Test
  void conversionOutcome_quotesInAnotherCurrency_areRefusedByName() {
    AffiliateProgram program = programWithMiasClick();
    ConversionOutcome dollars = program.recordConversion(
        Conversion.builder("o1", T, Money.parse("USD 50.00")).visitorId("v1").build());
    ConversionOutcome euros = program.recordConversion(
        Conversion.builder("o2", T, Money.parse("EUR 50.00")).visitorId("v1").build());

    assertThatThrownBy(() -> new ConversionOutcome("k", euros.attribution(), dollars.quotes(),
        List.of()))
        .isInstanceOf(CurrencyMismatchException.class)
        .hasMessage("outcome quote of 'mia' must be in EUR, the conversion's currency: USD 5.00");
    assertThat(new ConversionOutcome("k", euros.attribution(), euros.quotes(), List.of())
        .commission()).isEqualTo(Money.parse("EUR 5.00"));
    assertThatThrownBy(() -> new ConversionOutcome("k", euros.attribution(),
        java.util.Arrays.asList(euros.quotes().get(0), null), List.of()))
        .isInstanceOf(NullPointerException.class).hasMessage("quotes contains null at index 1");
  }
}
