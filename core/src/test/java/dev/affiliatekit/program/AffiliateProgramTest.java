package dev.affiliatekit.program;

import static dev.affiliatekit.money.CurrencyUnit.EUR;
import static dev.affiliatekit.money.CurrencyUnit.USD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.testing.GcFinalization;
import dev.affiliatekit.attribution.AffiliateIdentity;
import dev.affiliatekit.attribution.AffiliateStatus;
import dev.affiliatekit.attribution.AttributionModel;
import dev.affiliatekit.attribution.AttributionPolicy;
import dev.affiliatekit.attribution.AttributionWindow;
import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.Credit;
import dev.affiliatekit.attribution.CustomerBinding;
import dev.affiliatekit.attribution.InstantInFutureException;
import dev.affiliatekit.attribution.LineItem;
import dev.affiliatekit.attribution.NoCredit;
import dev.affiliatekit.attribution.NoCreditReason;
import dev.affiliatekit.attribution.Touchpoint;
import dev.affiliatekit.attribution.TouchpointKind;
import dev.affiliatekit.attribution.TouchpointStore;
import dev.affiliatekit.commission.AffiliateProfile;
import dev.affiliatekit.commission.Attribute;
import dev.affiliatekit.commission.CommissionPlan;
import dev.affiliatekit.commission.CommissionQuote;
import dev.affiliatekit.commission.CommissionSimulation;
import dev.affiliatekit.commission.Difference;
import dev.affiliatekit.commission.CommissionRule;
import dev.affiliatekit.commission.Condition;
import dev.affiliatekit.commission.OverrideQuote;
import dev.affiliatekit.commission.Payout;
import dev.affiliatekit.commission.Period;
import dev.affiliatekit.commission.RuleTarget;
import dev.affiliatekit.commission.SimulationCase;
import dev.affiliatekit.commission.SimulationReport;
import dev.affiliatekit.commission.TierMode;
import dev.affiliatekit.commission.TierReached;
import dev.affiliatekit.commission.RecurringTerm;
import dev.affiliatekit.json.JournalJson;
import dev.affiliatekit.ledger.AccountKind;
import dev.affiliatekit.ledger.Accrual;
import dev.affiliatekit.ledger.Adjustment;
import dev.affiliatekit.ledger.AlreadyResolvedException;
import dev.affiliatekit.ledger.Balances;
import dev.affiliatekit.ledger.IdempotencyConflictException;
import dev.affiliatekit.ledger.ItemStatus;
import dev.affiliatekit.ledger.Ledger;
import dev.affiliatekit.ledger.LedgerStore;
import dev.affiliatekit.ledger.PayoutBatch;
import dev.affiliatekit.ledger.PayoutLine;
import dev.affiliatekit.ledger.PayoutRules;
import dev.affiliatekit.ledger.PendingItem;
import dev.affiliatekit.ledger.Reversal;
import dev.affiliatekit.ledger.ReversalKind;
import dev.affiliatekit.ledger.Transaction;
import dev.affiliatekit.link.InvalidLinkCodeException;
import dev.affiliatekit.link.LinkCode;
import dev.affiliatekit.link.LinkCodeGenerator;
import dev.affiliatekit.link.LinkCodeTakenException;
import dev.affiliatekit.link.LinkOwner;
import dev.affiliatekit.link.LinkRegistry;
import dev.affiliatekit.link.LinkRegistry.RetiredCodes;
import dev.affiliatekit.link.TrackingLinkParser;
import dev.affiliatekit.link.VanityPolicy;
import dev.affiliatekit.money.CurrencyMismatchException;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import dev.affiliatekit.testing.ForwardingLedgerStore;
import dev.affiliatekit.testing.ForwardingLinkRegistry;
import dev.affiliatekit.testing.ForwardingTouchpointStore;
import dev.affiliatekit.testing.TestClock;
import java.io.ByteArrayInputStream;
import java.io.InputStreamReader;
import java.lang.ref.WeakReference;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.function.Executable;

class AffiliateProgramTest {

  static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
  static final CommissionPlan TEN_PERCENT = CommissionPlan.builder()
      .rule(CommissionRule.percentage("base", Rate.ofPercent(10)))
      .build();

  final TestClock clock = new TestClock(START);
  final List<ProgramEvent> events = new ArrayList<>();
  final AffiliateProgram program = AffiliateProgram.builder()
      .plan(TEN_PERCENT)
      .payoutRules(PayoutRules.minimums(usd("50.00")))
      .clock(clock)
      .random(new SplittableRandom(7))
      .listener(events::add)
      .build();

  static Money usd(String amount) {
    return Money.parse("USD " + amount);
  }

  /** An order of one item at the given price, with nothing else on it. */
  Conversion order(String orderId, String visitorId, String amount) {
    return Conversion.builder(orderId, clock.instant(), usd(amount))
        .visitorId(visitorId)
        .lineItem(LineItem.of("serum", "SKIN_CARE", 1, usd(amount)))
        .build();
  }

  /** Enrolls mia with GLOWWITHMIA and leo with LEOVLOGS. */
  void enrollTwo() {
    program.enroll(AffiliateProfile.of("mia"), "glow-with-mia");
    program.enroll(AffiliateProfile.of("leo"), "LEOVLOGS");
  }

  /** Enrolls mia and leo and records visitor v1's click of mia, then, after the gap, of leo. */
  void miaThenLeo(AffiliateProgram linear, Duration gap) {
    linear.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");
    linear.enroll(AffiliateProfile.of("leo"), "LEOVLOGS");
    linear.recordClick("v1", "GLOWWITHMIA");
    clock.advance(gap);
    linear.recordClick("v1", "LEOVLOGS");
  }

  /** Asserts that the call throws and leaves the journal and the events as they were. */
  void assertRejectedWithoutChange(Executable call, Class<? extends Throwable> type,
      String message) {
    List<Transaction> journal = program.ledger().journal();
    int heard = events.size();
    assertThatThrownBy(call::execute).isInstanceOf(type).hasMessage(message);
    assertThat(program.ledger().journal()).isEqualTo(journal);
    assertThat(events).hasSize(heard);
  }

  @Nested
  class Builder {

    @Test
    void build_withoutPlan_throws() {
      assertThatThrownBy(() -> AffiliateProgram.builder().build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("program commission plan must be set: none");
    }

    @Test
    void build_twice_givesProgramsWithRegistriesOfTheirOwn() {
      AffiliateProgram.Builder builder = AffiliateProgram.builder().plan(TEN_PERCENT).clock(clock);
      AffiliateProgram shopA = builder.build();
      AffiliateProgram shopB = builder.build();
      shopA.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");

      Enrollment leo = shopB.enroll(AffiliateProfile.of("leo"), "GLOWWITHMIA");

      assertThat(leo.code()).isEqualTo(LinkCode.parseVanity("GLOWWITHMIA"));
      assertThat(shopB.recordClick("v1", "GLOWWITHMIA").affiliateId()).isEqualTo("leo");
    }

    @Test
    void holdPeriod_negative_throws() {
      assertThatThrownBy(() -> AffiliateProgram.builder().holdPeriod(Duration.ofDays(-1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("hold period must not be negative: PT-24H");
    }

    @Test
    void windowRegistryVanityPolicyAndParser_takeEffect() {
      LinkRegistry registry = LinkRegistry.inMemory();
      AffiliateProgram configured = AffiliateProgram.builder().plan(TEN_PERCENT).clock(clock)
          .window(AttributionWindow.ofClicks(Duration.ofDays(1)))
          .linkRegistry(registry)
          .vanityPolicy(VanityPolicy.builder().lengthBetween(8, 16).build())
          .trackingLinkParser(TrackingLinkParser.builder().parameterNames(List.of("creator"))
              .build())
          .build();

      assertThatThrownBy(() -> configured.enroll(AffiliateProfile.of("mia"), "MIA12"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("vanity code must have at least 8 symbols: 'MIA12'");
      configured.enroll(AffiliateProfile.of("mia"), "glow-with-mia");
      assertThat(registry.codesOf("mia")).extracting(LinkCode::toString)
          .containsExactly("GLOWWITHMIA");
      assertThat(configured.recordVisit("v1", "https://shop.example/?ref=GLOWWITHMIA")).isEmpty();
      assertThat(configured.recordVisit("v1", "https://shop.example/?creator=GLOWWITHMIA"))
          .hasValueSatisfying(touch -> assertThat(touch.affiliateId()).isEqualTo("mia"));
      clock.advance(Duration.ofDays(1).plusNanos(1));
      assertThat(configured.recordConversion(order("o1", "v1", "100.00")).attribution())
          .isInstanceOfSatisfying(NoCredit.class,
              none -> assertThat(none.reason()).isEqualTo(NoCreditReason.NONE_ELIGIBLE));
    }

    @Test
    void settings_applyPlanWindowModelPolicyHoldAndMinimums() {
      AttributionWindow week = AttributionWindow.ofClicks(Duration.ofDays(7));
      AttributionPolicy binding = AttributionPolicy.builder().lifetimeBinding().build();
      ProgramSettings settings = ProgramSettings.of(TEN_PERCENT)
          .withWindow(week)
          .withModel(AttributionModel.linear())
          .withPolicy(binding)
          .withHoldPeriod(Duration.ofDays(14))
          .withPayoutMinimums(List.of(usd("25.00")));
      AffiliateProgram configured = AffiliateProgram.builder().settings(settings).clock(clock)
          .build();
      assertThat(configured.plan()).isEqualTo(TEN_PERCENT);
      assertThat(configured.attributor().window()).isEqualTo(week);
      assertThat(configured.attributor().model()).isEqualTo(AttributionModel.linear());
      assertThat(configured.attributor().policy()).isEqualTo(binding);
      assertThat(configured.holdPeriod()).isEqualTo(Duration.ofDays(14));
      assertThat(configured.payoutRules()).contains(PayoutRules.minimums(usd("25.00")));
    }

    @Test
    void settings_policy_bindsTheCustomerSoThatARenewalWithoutATouchIsCredited() {
      AffiliateProgram configured = AffiliateProgram.builder()
          .settings(ProgramSettings.of(TEN_PERCENT)
              .withPolicy(AttributionPolicy.builder().lifetimeBinding().build()))
          .clock(clock).build();
      configured.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");
      configured.recordClick("v1", "GLOWWITHMIA");
      configured.recordConversion(Conversion.builder("o1", clock.instant(), usd("100.00"))
          .visitorId("v1").customerId("cust-1").build());
      clock.advance(Duration.ofDays(400));

      ConversionOutcome renewal = configured.recordConversion(
          Conversion.builder("o2", clock.instant(), usd("100.00")).customerId("cust-1").build());

      assertThat(renewal.quotes()).extracting(CommissionQuote::affiliateId)
          .containsExactly("mia");
      assertThat(renewal.commission()).isEqualTo(usd("10.00"));
    }

    @Test
    void settings_andPolicy_theLaterCallWins() {
      AttributionPolicy fromFile = AttributionPolicy.builder().lifetimeBinding().build();
      AttributionPolicy fromCode = AttributionPolicy.builder().allowSelfReferral(true).build();
      ProgramSettings settings = ProgramSettings.of(TEN_PERCENT).withPolicy(fromFile);

      assertThat(AffiliateProgram.builder().settings(settings).policy(fromCode).clock(clock)
          .build().attributor().policy()).isEqualTo(fromCode);
      assertThat(AffiliateProgram.builder().policy(fromCode).settings(settings).clock(clock)
          .build().attributor().policy()).isEqualTo(fromFile);
      // As the window does.
      AttributionWindow week = AttributionWindow.ofClicks(Duration.ofDays(7));
      assertThat(AffiliateProgram.builder().settings(settings).window(week).clock(clock)
          .build().attributor().window()).isEqualTo(week);
      assertThat(AffiliateProgram.builder().window(week).settings(settings).clock(clock)
          .build().attributor().window()).isEqualTo(AttributionWindow.standard());
    }

    @Test
    void build_defaultStore_evictsTouchesTheWindowCanNoLongerCount() {
      program.enroll(AffiliateProfile.of("mia"), "glow-with-mia");
      for (int i = 0; i < 5_000; i++) {
        program.recordClick("early-" + i, "GLOWWITHMIA");
      }
      // The standard window counts clicks for 30 days, and the default policy accepts
      // conversions 5 minutes off the clock: later than that, the early clicks count for nothing.
      clock.advance(Duration.ofDays(30).plusMinutes(5).plusSeconds(1));
      for (int i = 0; i < 20_000; i++) {
        program.recordClick("late-" + i, "GLOWWITHMIA");
      }

      // Every stripe of the store has grown past twice its size since the early clicks, so each
      // has evicted them, and kept every late one.
      assertThat(program.touchpointStore().size()).isEqualTo(20_000);
      Conversion backdated = Conversion.builder("o-early", START.plusSeconds(60), usd("10.00"))
          .visitorId("early-0").build();
      assertThat(program.attributor().evaluate(backdated).isCredited()).isFalse();
      assertThat(program.attributor().evaluate(order("o-late", "late-0", "10.00")).isCredited())
          .isTrue();
    }

    @Test
    void build_givenStore_isUsedAsItIs() {
      TouchpointStore store = TouchpointStore.inMemory();
      AffiliateProgram configured = AffiliateProgram.builder().plan(TEN_PERCENT)
          .touchpointStore(store).clock(clock).build();
      configured.enroll(AffiliateProfile.of("mia"), "glow-with-mia");
      configured.recordClick("visitor-1", "GLOWWITHMIA");
      assertThat(configured.touchpointStore()).isSameAs(store);
      assertThat(store.size()).isEqualTo(1);
    }

    @Test
    void build_sharedStoreAndRegistry_shareTouchesAndCodesAcrossPrograms() {
      TouchpointStore store = TouchpointStore.inMemory();
      LinkRegistry registry = LinkRegistry.inMemory();
      AffiliateProgram shop = AffiliateProgram.builder().plan(TEN_PERCENT).clock(clock)
          .touchpointStore(store).linkRegistry(registry).build();
      AffiliateProgram other = AffiliateProgram.builder().plan(TEN_PERCENT).clock(clock)
          .touchpointStore(store).linkRegistry(registry).build();
      shop.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");
      Enrollment mia = other.enroll(AffiliateProfile.of("mia"), "MIAELSEWHERE");
      shop.recordClick("v1", "GLOWWITHMIA");
      // The click recorded by the first program credits mia in the second one...
      ConversionOutcome sale = other.recordConversion(Conversion.builder("o1", clock.instant(),
          usd("100.00")).visitorId("v1").build());
      assertThat(sale.commission()).isEqualTo(usd("10.00"));
      // ...and a code the first one claimed credits her there too, though not listed as hers.
      assertThat(other.recordClick("v2", "GLOWWITHMIA").affiliateId()).isEqualTo("mia");
      assertThat(mia.codes()).containsExactly(LinkCode.parseVanity("MIAELSEWHERE"));
      // A program where she is not enrolled does not credit her touch.
      AffiliateProgram third = AffiliateProgram.builder().plan(TEN_PERCENT).clock(clock)
          .touchpointStore(store).build();
      assertThat(third.recordConversion(Conversion.builder("o1", clock.instant(), usd("100.00"))
          .visitorId("v1").build()).isCredited()).isFalse();
    }

    @Test
    void touchRetention_isTheLongestLookbackOrReferralLimitPlusTheSkew() {
      assertThat(AffiliateProgram.touchRetention(AttributionWindow.standard(),
          AttributionPolicy.defaults())).contains(Duration.ofDays(30).plusMinutes(5));
      AttributionWindow referralLimit = AttributionWindow.builder()
          .lookback(TouchpointKind.CLICK, Duration.ofDays(7))
          .maxSinceFirstReferral(Duration.ofDays(10)).build();
      AttributionPolicy skew = AttributionPolicy.builder().maxClockSkew(Duration.ofHours(1))
          .build();
      assertThat(AffiliateProgram.touchRetention(referralLimit, skew))
          .contains(Duration.ofDays(10).plusHours(1));
      AttributionWindow shortLimit = AttributionWindow.builder()
          .lookback(TouchpointKind.COUPON, Duration.ofDays(60))
          .maxSinceFirstReferral(Duration.ofDays(10)).build();
      assertThat(AffiliateProgram.touchRetention(shortLimit, skew))
          .contains(Duration.ofDays(60).plusHours(1));
    }

    @Test
    void touchRetention_edges() {
      AttributionPolicy noSkew = AttributionPolicy.builder().maxClockSkew(Duration.ZERO).build();
      // Nothing ever counts: keep nothing, but a retention must be positive.
      assertThat(AffiliateProgram.touchRetention(AttributionWindow.builder().build(), noSkew))
          .contains(Duration.ofNanos(1));
      // A skew of centuries accepts any instant, so every touch is kept.
      AttributionPolicy centuries = AttributionPolicy.builder()
          .maxClockSkew(AttributionWindow.MAX_LOOKBACK.plusNanos(1)).build();
      assertThat(AffiliateProgram.touchRetention(AttributionWindow.standard(), centuries))
          .isEmpty();
      AttributionPolicy century = AttributionPolicy.builder()
          .maxClockSkew(AttributionWindow.MAX_LOOKBACK).build();
      assertThat(AffiliateProgram.touchRetention(AttributionWindow.standard(), century))
          .contains(AttributionWindow.MAX_LOOKBACK.plusDays(30));
    }
  }

  @Nested
  class Enroll {

    @Test
    void enroll_generatorThatRepeatsItself_isRefusedAfter16Codes_andEnrollsNothing() {
      AffiliateProgram repeating = AffiliateProgram.builder().plan(TEN_PERCENT).clock(clock)
          .random(() -> 42L).build();
      repeating.enroll(AffiliateProfile.of("mia"));

      assertThatThrownBy(() -> repeating.enroll(AffiliateProfile.of("leo")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("link code generator found no free code in 16 attempts");
      assertThat(repeating.enrollment("leo")).isEmpty();
    }

    /**
     * Regression: a vanity code one typo from another affiliate's generated code was enrolled,
     * and took the clicks that mistyped that code, which its check symbol had refused.
     */
    @Test
    void enroll_vanityCodeThatIsATypoOfAnotherAffiliatesGeneratedCode_isRefused() {
      LinkCode mias = program.enroll(AffiliateProfile.of("mia")).code();
      String text = mias.toString();
      char changed = text.charAt(3) == 'Z' ? 'Y' : 'Z';
      String typo = text.substring(0, 3) + changed + text.substring(4);
      assertThat(LinkCode.tryParse(typo)).isEmpty();
      int heard = events.size();

      assertThatThrownBy(() -> program.enroll(AffiliateProfile.of("eve"), "EVEGLOW", typo))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("vanity code '" + typo + "' is a typo of the generated code '" + text
              + "' of another owner, whose mistyped clicks and coupon uses it would take");
      assertThat(program.enrollment("eve")).isEmpty();
      assertThat(events).hasSize(heard);
      // Nothing was claimed: eve enrolls with the other code, and the typo credits no one.
      assertThat(program.enroll(AffiliateProfile.of("eve"), "EVEGLOW").codes())
          .containsExactly(LinkCode.parseVanity("EVEGLOW"));
      assertThatThrownBy(() -> program.recordClick("v1", typo))
          .isInstanceOf(IllegalArgumentException.class);
    }

    /**
     * Regression: a vanity code that is another affiliate's generated code without its check
     * symbol was enrolled, and took the visits of that code's links as posted: link detectors cut
     * a trailing {@code $}, {@code *} or {@code ~} off a link, and what is left reads as a vanity
     * code.
     */
    @Test
    void enroll_vanityCodeThatIsAnotherAffiliatesGeneratedCodeCutShort_isRefused() {
      // The first of the program's random codes that ends in a symbol link detectors cut off.
      Enrollment leo = program.enroll(AffiliateProfile.of("leo0"));
      for (int i = 1; i < 500 && "$*~".indexOf(lastSymbol(leo.code())) < 0; i++) {
        leo = program.enroll(AffiliateProfile.of("leo" + i));
      }
      assertThat("$*~").contains(String.valueOf(lastSymbol(leo.code())));
      String text = leo.code().toString();
      String cut = text.substring(0, text.length() - 1);
      String posted = "https://glowshop.com/serum?ref=" + cut;
      assertThat(program.recordVisit("v1", posted)).isEmpty();
      int heard = events.size();

      assertThatThrownBy(() -> program.enroll(AffiliateProfile.of("eve"), "EVEGLOW", cut))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("vanity code '" + cut + "' is the generated code '" + text + "' of another"
              + " owner without its check symbol, whose clicks from links that lost that symbol"
              + " it would take");
      assertThat(program.enrollment("eve")).isEmpty();
      assertThat(events).hasSize(heard);
      // Nothing was claimed: eve enrolls with the other code, and the cut link credits no one.
      assertThat(program.enroll(AffiliateProfile.of("eve"), "EVEGLOW").codes())
          .containsExactly(LinkCode.parseVanity("EVEGLOW"));
      assertThat(program.recordVisit("v2", posted)).isEmpty();
      // A code whose check symbol is a letter or digit is guarded the same way.
      LinkCode mias = program.enroll(AffiliateProfile.of("mia")).code();
      String miasCut = mias.toString().substring(0, mias.length() - 1);
      assertThatThrownBy(() -> program.enroll(AffiliateProfile.of("max"), miasCut))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("vanity code '" + miasCut + "' is the generated code '" + mias
              + "' of another owner without its check symbol");
    }

    private static char lastSymbol(LinkCode code) {
      return code.toString().charAt(code.length() - 1);
    }

    /**
     * A chosen code that reads as a generated code is a vanity code to its holder, and ends in a
     * letter or digit, which link detectors keep: that code without its last symbol is enrolled.
     */
    @Test
    void enroll_chosenCodeThatReadsAsGeneratedCutShort_isEnrolled() {
      assertThat(LinkCode.parseVanity("CRTR42").generatedCodeCutToThis())
          .contains(LinkCode.parse("CRTR42X"));
      program.enroll(AffiliateProfile.of("mia"), "CRTR42X");

      assertThat(program.enroll(AffiliateProfile.of("leo"), "CRTR42").codes())
          .containsExactly(LinkCode.parseVanity("CRTR42"));
      assertThat(program.recordClick("v1", "crtr42").affiliateId()).isEqualTo("leo");
      assertThat(program.recordClick("v2", "crtr42x").affiliateId()).isEqualTo("mia");
    }

    /**
     * A chosen code that happens to read as a generated code is a vanity code, as its neighbours
     * are: codes one typo from it are enrolled, as when a shop brings its numbered coupon codes.
     */
    @Test
    void enroll_codesOneTypoFromAChosenCodeThatReadsAsGenerated_areEnrolled() {
      assertThat(LinkCode.tryParse("CRTR42X")).isPresent();
      assertThat(LinkCode.parseVanity("CRTR43X").generatedCodesOneTypoAway())
          .contains(LinkCode.parse("CRTR42X"));
      program.enroll(AffiliateProfile.of("mia"), "CRTR42X");

      assertThat(program.enroll(AffiliateProfile.of("leo"), "CRTR43X").codes())
          .containsExactly(LinkCode.parseVanity("CRTR43X"));
      assertThat(program.recordClick("v1", "crtr43x").affiliateId()).isEqualTo("leo");
      assertThat(program.recordClick("v2", "crtr42x").affiliateId()).isEqualTo("mia");
    }

    /**
     * Regression: a generated code that the registry gave its affiliate already, taken back at
     * enrollment as a program built anew does, counted as chosen, and lost its typo protection.
     */
    @Test
    void enroll_generatedCodeTakenBackFromTheRegistry_keepsItsTypoProtection() {
      LinkRegistry registry = LinkRegistry.inMemory();
      LinkCode generated = registry.claimNew(LinkCodeGenerator.random(new SplittableRandom(3), 10),
          8, LinkOwner.of("jane"));
      String text = generated.toString();
      String typo = (text.charAt(0) == 'A' ? 'B' : 'A') + text.substring(1);
      AffiliateProgram rebuilt = AffiliateProgram.builder().plan(TEN_PERCENT).clock(clock)
          .linkRegistry(registry).build();
      rebuilt.enroll(AffiliateProfile.of("jane"), text);

      assertThatThrownBy(() -> rebuilt.enroll(AffiliateProfile.of("leo"), typo))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("vanity code '" + typo + "' is a typo of the generated code '"
              + text + "'");
    }

    @Test
    void enroll_vanityCode_isCanonicalAndResolves() {
      Enrollment mia = program.enroll(AffiliateProfile.of("mia"), "glow-with-mia");
      assertThat(mia.affiliateId()).isEqualTo("mia");
      assertThat(mia.codes()).containsExactly(LinkCode.parseVanity("GLOWWITHMIA"));
      assertThat(mia.identity()).isEqualTo(AffiliateIdentity.active("mia"));
      assertThat(mia.trackingLink(URI.create("https://shop.example/serum"), "instagram"))
          .hasToString("https://shop.example/serum?ref=GLOWWITHMIA&utm_source=instagram");
      assertThat(program.enrollment("mia")).contains(mia);
      assertThat(events).containsExactly(new ProgramEvent.AffiliateEnrolled("enroll:mia", mia));
    }

    @Test
    void enroll_noCode_generatesOneThatParses() {
      Enrollment leo = program.enroll(AffiliateProfile.of("leo"));
      assertThat(leo.codes()).hasSize(1);
      assertThat(LinkCode.parse(leo.code().toString())).isEqualTo(leo.code());
      assertThat(leo.code().length()).isEqualTo(11); // 10 random symbols and a check symbol
    }

    @Test
    void enroll_retried_returnsTheFirstEnrollmentAndTellsNothingAgain() {
      Enrollment first = program.enroll(AffiliateProfile.of("leo"));
      Enrollment again = program.enroll(AffiliateProfile.of("leo"));
      assertThat(again).isEqualTo(first);
      assertThat(events).hasSize(1);
    }

    @Test
    void enroll_sameAffiliateOtherDetails_throws() {
      program.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");
      assertRejectedWithoutChange(
          () -> program.enroll(AffiliateProfile.of("mia"), "MIASKIN"),
          IllegalStateException.class,
          "affiliate 'mia' was already enrolled with another request: recorded codes"
              + " ['GLOWWITHMIA']; requested codes ['MIASKIN']");
    }

    @Test
    void enroll_codeOfAnother_throwsAndClaimsNothing() {
      program.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");
      assertThatThrownBy(() -> program.enroll(AffiliateProfile.of("leo"), "LEOVLOGS",
          "GLOWWITHMIA"))
          .isInstanceOf(LinkCodeTakenException.class)
          .hasMessage("link code is held by another owner: GLOWWITHMIA is held by 'mia',"
              + " not 'leo'");
      assertThat(program.enrollment("leo")).isEmpty();
      // LEOVLOGS was not claimed, so leo may enroll with it now.
      assertThat(program.enroll(AffiliateProfile.of("leo"), "LEOVLOGS").code())
          .hasToString("LEOVLOGS");
    }

    /** Returns a program like {@link #program}, whose codes are held by the given registry. */
    AffiliateProgram programWith(LinkRegistry registry) {
      return AffiliateProgram.builder().plan(TEN_PERCENT).clock(clock).linkRegistry(registry)
          .build();
    }

    /** Whether retired codes resolve or not, a retired code is refused and claims nothing. */
    @ParameterizedTest
    @EnumSource(RetiredCodes.class)
    void enroll_codeRetiredByAnother_throwsTheRegistrysRetiredExceptionAndClaimsNothing(
        RetiredCodes retiredCodes) {
      LinkRegistry registry = LinkRegistry.inMemory(retiredCodes);
      AffiliateProgram retiring = programWith(registry);
      retiring.enroll(AffiliateProfile.of("mia"), "MIAGLOW");
      registry.retire(LinkCode.parseVanity("MIAGLOW"));

      assertThatThrownBy(() -> retiring.enroll(AffiliateProfile.of("bob"), "BOBBYFIT", "MIAGLOW"))
          .isInstanceOf(LinkCodeTakenException.class)
          .hasMessage("link code is retired: MIAGLOW was held by 'mia', not 'bob'")
          .satisfies(e -> assertThat(((LinkCodeTakenException) e).retired()).isTrue());
      assertThat(registry.resolve(LinkCode.parseVanity("BOBBYFIT"))).isEmpty();
      assertThat(registry.codesOf("bob")).isEmpty();
      assertThat(retiring.enrollment("bob")).isEmpty();
      // BOBBYFIT is free, so another affiliate may enroll with it and earn from its clicks.
      assertThat(retiring.enroll(AffiliateProfile.of("leo"), "BOBBYFIT").code())
          .hasToString("BOBBYFIT");
      assertThat(retiring.recordClick("v1", "BOBBYFIT").affiliateId()).isEqualTo("leo");
    }

    @Test
    void enroll_codeTheAffiliateHoldsUnderACampaign_throwsAndClaimsNothing() {
      LinkRegistry registry = LinkRegistry.inMemory();
      AffiliateProgram withCampaigns = programWith(registry);
      registry.claim(LinkCode.parseVanity("ZOESPRING"), LinkOwner.of("zoe", "spring"));

      assertThatThrownBy(() -> withCampaigns.enroll(AffiliateProfile.of("zoe"), "ZOEFIT",
          "ZOESPRING"))
          .isInstanceOf(LinkCodeTakenException.class)
          .hasMessage("link code is held by another owner: ZOESPRING is held by 'zoe' campaign"
              + " 'spring', not 'zoe'")
          .satisfies(e -> assertThat(((LinkCodeTakenException) e).retired()).isFalse());
      assertThat(registry.resolve(LinkCode.parseVanity("ZOEFIT"))).isEmpty();
      assertThat(registry.codesOf("zoe")).containsExactly(LinkCode.parseVanity("ZOESPRING"));
      assertThat(withCampaigns.enrollment("zoe")).isEmpty();
      assertThat(withCampaigns.enroll(AffiliateProfile.of("max"), "ZOEFIT").code())
          .hasToString("ZOEFIT");
      assertThat(registry.codesOf("max")).containsExactly(LinkCode.parseVanity("ZOEFIT"));
    }

    @Test
    void enroll_vanityCodeThePolicyRefuses_throws() {
      assertThatThrownBy(() -> program.enroll(AffiliateProfile.of("mia"), "admin"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("vanity code is reserved: 'ADMIN'");
      assertThat(program.enrollment("mia")).isEmpty();
    }

    @Test
    void enroll_nullVanityCode_isNamedByItsIndex() {
      assertThatThrownBy(() -> program.enroll(AffiliateProfile.of("mia"), "glow-with-mia", null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("vanityCodes contains null at index 1");
      assertThat(program.enrollment("mia")).isEmpty();
    }

    @Test
    void enroll_identityOfAnotherAffiliate_throws() {
      assertThatThrownBy(() -> program.enroll(AffiliateIdentity.active("leo"),
          AffiliateProfile.of("mia")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("enrollment identity must be of affiliate 'mia': 'leo'");
      assertThatThrownBy(() -> program.enroll(AffiliateIdentity.active("zed: x"),
          AffiliateProfile.of("newbie")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("enrollment identity must be of affiliate 'newbie': 'zed: x'");
      assertThat(program.enrollment("newbie")).isEmpty();
    }

    @Test
    void changeStatus_banned_earnsNothingFromThen() {
      enrollTwo();
      program.recordClick("v1", "GLOWWITHMIA");
      Enrollment banned = program.changeStatus("mia", AffiliateStatus.BANNED);
      assertThat(banned.identity().status()).isEqualTo(AffiliateStatus.BANNED);
      ConversionOutcome outcome = program.recordConversion(order("o1", "v1", "80.00"));
      assertThat(outcome.isCredited()).isFalse();
      assertThat(outcome.transactions()).isEmpty();
    }

    @Test
    void changeStatus_unknownAffiliate_throws() {
      assertThatThrownBy(() -> program.changeStatus("zoe", AffiliateStatus.INACTIVE))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("affiliate is not enrolled: 'zoe'");
    }

    @Test
    void updateProfile_moreFollowers_laterConversionsEarnTheNewRate() {
      AffiliateProgram byFollowers = AffiliateProgram.builder()
          .plan(CommissionPlan.builder()
              .rule(CommissionRule.builder("base").priority(-1).percentage(Rate.ofPercent(10))
                  .build())
              .rule(CommissionRule.builder("big-audience")
                  .when(Condition.atLeast(Attribute.AFFILIATE_FOLLOWERS, 10_000))
                  .percentage(Rate.ofPercent(20)).build())
              .build())
          .clock(clock)
          .build();
      AffiliateProfile small = AffiliateProfile.builder("mia").followers(8_000).build();
      byFollowers.enroll(small, "GLOWWITHMIA");
      byFollowers.recordClick("v1", "GLOWWITHMIA");
      ConversionOutcome before = byFollowers.recordConversion(order("o1", "v1", "80.00"));

      AffiliateProfile grown = small.toBuilder().followers(12_400).build();
      Enrollment updated = byFollowers.updateProfile(grown);
      ConversionOutcome after = byFollowers.recordConversion(order("o2", "v1", "80.00"));

      assertThat(updated.profile()).isEqualTo(grown);
      assertThat(updated.codes()).containsExactly(LinkCode.parseVanity("GLOWWITHMIA"));
      assertThat(byFollowers.enrollment("mia")).contains(updated);
      assertThat(before.quotes().get(0).amount()).isEqualTo(usd("8.00"));
      assertThat(after.quotes().get(0).amount()).isEqualTo(usd("16.00"));
      assertThat(byFollowers.statement("mia", USD).pending()).isEqualTo(usd("24.00"));
    }

    @Test
    void updateProfile_sameProfile_returnsTheEnrollmentUnchanged() {
      Enrollment mia = program.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");
      assertThat(program.updateProfile(AffiliateProfile.of("mia"))).isSameAs(mia);
    }

    @Test
    void updateProfile_unknownAffiliate_throws() {
      assertThatThrownBy(() -> program.updateProfile(AffiliateProfile.of("zoe")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("affiliate is not enrolled: 'zoe'");
    }

    @Test
    void updateProfile_parentThatLeadsBack_throwsAndKeepsTheProfile() {
      program.enroll(AffiliateProfile.of("anna"), "ANNAGLOW");
      program.enroll(AffiliateProfile.builder("ben").parentId("anna").build(), "BENVLOGS");
      program.enroll(AffiliateProfile.builder("carla").parentId("ben").build(), "CARLAFIT");
      assertThatThrownBy(() -> program.updateProfile(
          AffiliateProfile.builder("anna").parentId("carla").build()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("profile parentId would make a loop of parents:"
              + " anna -> carla -> ben -> anna");
      assertThat(program.enrollment("anna").orElseThrow().profile())
          .isEqualTo(AffiliateProfile.of("anna"));
    }

    @Test
    void enroll_parentThatLeadsBack_throwsAndEnrollsNothing() {
      program.enroll(AffiliateProfile.builder("anna").parentId("ben").build(), "ANNAGLOW");
      assertRejectedWithoutChange(
          () -> program.enroll(AffiliateProfile.builder("ben").parentId("anna").build(),
              "BENVLOGS"),
          IllegalArgumentException.class,
          "profile parentId would make a loop of parents: ben -> anna -> ben");
      assertThat(program.enrollment("ben")).isEmpty();
      assertThat(program.enroll(AffiliateProfile.of("ben"), "BENVLOGS").affiliateId())
          .isEqualTo("ben");
    }
  }

  @Nested
  class Touches {

    /** {@return a program that accepts no touch after its clock, with mia enrolled} */
    private AffiliateProgram strictAboutTheClock() {
      AffiliateProgram strict = AffiliateProgram.builder().plan(TEN_PERCENT).clock(clock)
          .policy(dev.affiliatekit.attribution.AttributionPolicy.builder()
              .maxClockSkew(Duration.ZERO).build()).build();
      strict.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");
      return strict;
    }

    @Test
    void recordClick_whenTheClockStepsBackAtEveryReading_throwsAfterEightRefusals_recordingNothing() {
      AffiliateProgram strict = strictAboutTheClock();
      Instant now = clock.instant();
      Instant[] readings = new Instant[16];
      for (int i = 0; i < readings.length; i++) {
        readings[i] = i % 2 == 0 ? now : now.minus(Duration.ofHours(1));
      }
      clock.readNext(readings);
      clock.readNext(now.plusSeconds(1));

      // Each attempt stamps the touch by one reading, which the attributor checks by the next.
      assertThatThrownBy(() -> strict.recordClick("v1", "GLOWWITHMIA"))
          .isInstanceOf(InstantInFutureException.class);

      assertThat(strict.touchpointStore().touchpoints("v1")).isEmpty();
      assertThat(strict.recordClick("v1", "GLOWWITHMIA").instant()).isEqualTo(now.plusSeconds(1));
    }

    /**
     * Regression: the program tested its stamp against a reading later than the one the attributor
     * refused it by, so a clock that stepped back once, and then caught up, still lost the click.
     */
    @Test
    void recordClick_whenTheClockStepsBackOnceAndCatchesUp_recordsTheTouch() {
      AffiliateProgram strict = strictAboutTheClock();
      Instant now = clock.instant();
      clock.readNext(now, now.minusSeconds(1), now);

      assertThat(strict.recordClick("v1", "GLOWWITHMIA").instant()).isEqualTo(now);
    }

    /**
     * Regression: a refusal of the host's store, after it kept the touch, was taken for the clock's
     * when the clock stepped back meanwhile, and the touch recorded twice.
     */
    @Test
    void recordClick_storeRefusalWhileTheClockStepsBack_isThrown_andRecordsNothingMore() {
      TouchpointStore kept = TouchpointStore.inMemory();
      TouchpointStore failing = new dev.affiliatekit.testing.ForwardingTouchpointStore(kept) {
        @Override
        public long record(Touchpoint touchpoint) {
          super.record(touchpoint);
          clock.set(clock.instant().minus(Duration.ofMinutes(10)));
          throw new IllegalArgumentException("store: commit not acknowledged");
        }
      };
      AffiliateProgram flaky = AffiliateProgram.builder().plan(TEN_PERCENT).clock(clock)
          .touchpointStore(failing).build();
      flaky.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");

      assertThatThrownBy(() -> flaky.recordClick("v1", "GLOWWITHMIA"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("store: commit not acknowledged");
      assertThat(kept.touchpoints("v1")).hasSize(1);
    }

    /**
     * Regression: a host store that records into another program's attributor, which refused the
     * touch as in its future, had the touch stamped anew and recorded eight times.
     */
    @Test
    void recordClick_refusalOfAnotherAttributorInTheStore_isThrownOnce() {
      AffiliateProgram shadow = AffiliateProgram.builder().plan(TEN_PERCENT)
          .clock(java.time.Clock.fixed(clock.instant().minus(Duration.ofMinutes(10)),
              java.time.ZoneOffset.UTC))
          .build();
      shadow.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");
      TouchpointStore kept = TouchpointStore.inMemory();
      TouchpointStore mirroring = new dev.affiliatekit.testing.ForwardingTouchpointStore(kept) {
        @Override
        public long record(Touchpoint touchpoint) {
          long sequence = super.record(touchpoint);
          shadow.attributor().record(touchpoint);
          return sequence;
        }
      };
      AffiliateProgram mirrored = AffiliateProgram.builder().plan(TEN_PERCENT).clock(clock)
          .touchpointStore(mirroring).build();
      mirrored.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");

      assertThatThrownBy(() -> mirrored.recordClick("v1", "GLOWWITHMIA"))
          .isInstanceOfSatisfying(InstantInFutureException.class,
              refused -> assertThat(refused.refusedBy(shadow.attributor())).isTrue());
      assertThat(kept.touchpoints("v1")).hasSize(1);
    }

    /**
     * Regression: a touch id was kept from the clock's reading before the touch was stamped, so a
     * clock stepping forward in between forgot the id while its touch still counted, and a retry
     * recorded the touch again and took the credit from a later touch.
     */
    @Test
    void keyedTouch_isRememberedAsLongAsItsTouchCounts_whenTheClockStepsForwardDuringTheCall() {
      enrollTwo();
      Instant start = clock.instant();
      clock.readNext(start, start.plus(Duration.ofHours(1)));
      Touchpoint first = program.recordClickOnce("req-1", "v1", "GLOWWITHMIA");
      assertThat(first.instant()).isEqualTo(start.plus(Duration.ofHours(1)));
      clock.set(start.plus(Duration.ofHours(2)));
      program.recordClick("v1", "LEOVLOGS");

      // The retention, 30 days and 5 minutes, has passed since the call began, not since the
      // touch, which still counts for a conversion now.
      clock.set(start.plus(Duration.ofDays(30)).plusSeconds(301));
      assertThat(program.recordClickOnce("req-1", "v1", "GLOWWITHMIA")).isEqualTo(first);
      ConversionOutcome sale = program.recordConversion(order("o1", "v1", "100.00"));
      assertThat(sale.attribution().credits())
          .extracting(dev.affiliatekit.attribution.Credit::affiliateId)
          .containsExactly("leo");
    }

    /**
     * Regression: the attributor read the clock again to check a touch the program had stamped
     * now, so a clock stepping back between the two readings refused the program's own touch.
     */
    @Test
    void recordClick_whileTheClockStepsBack_recordsTheTouch() {
      AffiliateProgram strict = strictAboutTheClock();
      Instant now = clock.instant();
      clock.readNext(now, now.minus(Duration.ofMinutes(10)));

      Touchpoint click = strict.recordClick("v1", "GLOWWITHMIA");

      // Stamped anew by the clock as it read after the step.
      assertThat(click.instant()).isEqualTo(now.minus(Duration.ofMinutes(10)));
      clock.set(now.plusSeconds(60));
      assertThat(strict.recordConversion(order("o1", "v1", "100.00")).commission())
          .isEqualTo(usd("10.00"));
      // A clock set back between calls stamps the next touch by its own reading.
      clock.set(now.minus(Duration.ofHours(1)));
      assertThat(strict.recordClick("v2", "GLOWWITHMIA").instant())
          .isEqualTo(now.minus(Duration.ofHours(1)));
    }

    @Test
    void recordClick_leniantCode_recordsForItsOwner() {
      enrollTwo();
      Touchpoint touch = program.recordClick("v1", "Glow With Mia");
      assertThat(touch.affiliateId()).isEqualTo("mia");
      assertThat(touch.code()).contains("GLOWWITHMIA");
      assertThat(touch.instant()).isEqualTo(START);
      assertThat(touch.sequence()).isPositive();
    }

    @Test
    void recordClick_unknownCode_throws() {
      enrollTwo();
      assertThatThrownBy(() -> program.recordClick("v1", "NOBODY"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("link code is not enrolled: 'NOBODY'");
    }

    @Test
    void recordClick_notACode_throws() {
      assertThatThrownBy(() -> program.recordClick("v1", "mia's code"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("link code is not valid: 'mia\\'s code'");
    }

    @Test
    void recordClick_blankVisitor_throws() {
      enrollTwo();
      assertThatThrownBy(() -> program.recordClick(" ", "LEOVLOGS"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("visitorId must not be blank: ' '");
    }

    @Test
    void recordClickOnce_sameTouchId_recordsOnce() {
      enrollTwo();
      Touchpoint first = program.recordClickOnce("req-1", "v1", "LEOVLOGS");
      clock.advance(Duration.ofMinutes(1));
      Touchpoint again = program.recordClickOnce("req-1", "v1", "LEOVLOGS");
      assertThat(again).isEqualTo(first);
      assertThatThrownBy(() -> program.recordClickOnce("req-1", "v2", "LEOVLOGS"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("touch id 'req-1' was already used with another request: recorded click"
              + " of visitor 'v1' with code 'LEOVLOGS'; requested click of visitor 'v2' with"
              + " code 'LEOVLOGS'");
    }

    @Test
    void keyedTouches_badInputUnderAUsedTouchId_throwAsBadInput() {
      enrollTwo();
      program.recordClickOnce("req-1", "v1", "LEOVLOGS");
      program.recordVisitOnce("req-2", "v1", "https://shop.example/?ref=LEOVLOGS");
      assertThatThrownBy(() -> program.recordClickOnce("req-1", null, "LEOVLOGS"))
          .isInstanceOf(NullPointerException.class).hasMessage("visitorId");
      assertThatThrownBy(() -> program.recordClickOnce("req-1", " ", "LEOVLOGS"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("visitorId must not be blank: ' '");
      assertThatThrownBy(() -> program.recordCouponUseOnce("req-1", "v1", "mia's code"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("link code is not valid: 'mia\\'s code'");
      assertThatThrownBy(() -> program.recordClickOnce("req-1", "v1", "LEOVLOGS", " "))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("touchpoint channel must not be blank: ' '");
      assertThatThrownBy(() -> program.recordVisitOnce("req-2", null, "https://shop.example/"))
          .isInstanceOf(NullPointerException.class).hasMessage("visitorId");
      assertThat(program.touchpointStore().size()).isEqualTo(2);
    }

    /**
     * Regression: the third argument of {@code recordClick} was a touch id, so a host that gave
     * it the channel recorded the visitor's first click on that channel and then nothing, and a
     * later click of another affiliate kept the credit. No {@code recordClick} of three texts is
     * left, so that a call written for the keyed form fails to compile, or to link, rather than
     * change its meaning.
     */
    @Test
    void recordClickOnChannel_recordsEveryClick_andNoRecordClickTakesThreeTexts() {
      assertThatThrownBy(() -> AffiliateProgram.class.getMethod("recordClick", String.class,
          String.class, String.class)).isInstanceOf(NoSuchMethodException.class);
      enrollTwo();
      Touchpoint first = program.recordClickOnChannel("v1", "GLOWWITHMIA", "instagram");
      clock.advance(Duration.ofMinutes(1));
      program.recordClickOnChannel("v1", "LEOVLOGS", "youtube");
      clock.advance(Duration.ofMinutes(1));
      Touchpoint again = program.recordClickOnChannel("v1", "GLOWWITHMIA", "instagram");

      assertThat(again).isNotEqualTo(first);
      assertThat(again.instant()).isEqualTo(START.plus(Duration.ofMinutes(2)));
      assertThat(program.touchpointStore().touchpoints("v1"))
          .extracting(touch -> touch.affiliateId() + " " + touch.channel().orElse("-"))
          .containsExactly("mia instagram", "leo youtube", "mia instagram");
      ConversionOutcome sale = program.recordConversion(order("o1", "v1", "100.00"));
      assertThat(sale.attribution().credits()).extracting(Credit::affiliateId)
          .containsExactly("mia");
    }

    @Test
    void recordClickOnChannel_keepsTheChannel_andRefusesABadOneRecordingNothing() {
      enrollTwo();
      Touchpoint click = program.recordClickOnChannel("v1", "leo-vlogs", "youtube");
      assertThat(click.kind()).isEqualTo(TouchpointKind.CLICK);
      assertThat(click.affiliateId()).isEqualTo("leo");
      assertThat(click.code()).contains("LEOVLOGS");
      assertThat(click.channel()).contains("youtube");
      assertThat(click.instant()).isEqualTo(START);

      assertThatThrownBy(() -> program.recordClickOnChannel("v1", "LEOVLOGS", " "))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("touchpoint channel must not be blank: ' '");
      assertThatThrownBy(() -> program.recordClickOnChannel("v1", "LEOVLOGS", "a\nb"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("touchpoint channel must not contain control character \\u000a at index"
              + " 1: 'a\\u000ab'");
      // The channel is checked before the code, as recordClickOnce checks it.
      assertThatThrownBy(() -> program.recordClickOnChannel("v1", "NOBODY", " "))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("touchpoint channel must not be blank: ' '");
      assertThatThrownBy(() -> program.recordClickOnChannel("v1", "NOBODY", "email"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("link code is not enrolled: 'NOBODY'");
      assertThatThrownBy(() -> program.recordClickOnChannel(" ", "LEOVLOGS", "email"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("visitorId must not be blank: ' '");
      assertThatThrownBy(() -> program.recordClickOnChannel(null, "LEOVLOGS", "email"))
          .isInstanceOf(NullPointerException.class).hasMessage("visitorId");
      assertThatThrownBy(() -> program.recordClickOnChannel("v1", null, "email"))
          .isInstanceOf(NullPointerException.class).hasMessage("code");
      assertThatThrownBy(() -> program.recordClickOnChannel("v1", "LEOVLOGS", null))
          .isInstanceOf(NullPointerException.class).hasMessage("channel");
      assertThat(program.touchpointStore().touchpoints("v1")).containsExactly(click);
      assertThat(program.touchpointStore().size()).isEqualTo(1);
    }

    /**
     * Every touch method, keyed or not, names a null argument, whichever it is, and records
     * nothing; and the touch methods are these, with the touch id first in the keyed forms.
     * (The parameters are named here by position: the fuzz tests' instrumentation drops their
     * names.)
     */
    @Test
    void touchMethods_nameEachNullArgument_andRecordNothing() throws IllegalAccessException {
      Map<String, List<String>> parameters = Map.of(
          "recordClick/2", List.of("visitorId", "code"),
          "recordClickOnChannel/3", List.of("visitorId", "code", "channel"),
          "recordClickOnce/3", List.of("touchId", "visitorId", "code"),
          "recordClickOnce/4", List.of("touchId", "visitorId", "code", "channel"),
          "recordVisit/2", List.of("visitorId", "url"),
          "recordVisitOnce/3", List.of("touchId", "visitorId", "url"),
          "recordCouponUse/2", List.of("visitorId", "code"),
          "recordCouponUseOnce/3", List.of("touchId", "visitorId", "code"));
      enrollTwo();
      Set<String> swept = new HashSet<>();
      for (Method method : AffiliateProgram.class.getMethods()) {
        if (!method.getName().matches("record(Click|Visit|CouponUse)(Once|OnChannel)?")) {
          continue;
        }
        Class<?>[] types = method.getParameterTypes();
        String signature = method.getName() + "/" + types.length;
        assertThat(parameters).as("touch methods").containsKey(signature);
        for (int nullAt = 0; nullAt < types.length; nullAt++) {
          Object[] arguments = new Object[types.length];
          for (int i = 0; i < arguments.length; i++) {
            arguments[i] = i == nullAt ? null : types[i] == CharSequence.class
                ? "https://shop.example/?ref=LEOVLOGS" : "LEOVLOGS";
          }
          Throwable thrown = null;
          try {
            method.invoke(program, arguments);
          } catch (InvocationTargetException e) {
            thrown = e.getCause();
          }
          assertThat(thrown).as("%s with null at %s", signature, nullAt)
              .isInstanceOf(NullPointerException.class)
              .hasMessage(parameters.get(signature).get(nullAt));
        }
        swept.add(signature);
      }
      assertThat(swept).isEqualTo(parameters.keySet());
      assertThat(program.touchpointStore().size()).isZero();
    }

    @Test
    void recordClickOnce_onAChannel_recordsOnceOnTheChannel() {
      enrollTwo();
      Touchpoint first = program.recordClickOnce("req-1", "v1", "LEOVLOGS", "youtube");
      clock.advance(Duration.ofMinutes(1));
      assertThat(program.recordClickOnce("req-1", "v1", "LEOVLOGS", "youtube")).isEqualTo(first);
      assertThat(first.channel()).contains("youtube");
      assertThat(first.instant()).isEqualTo(START);
      assertThat(program.touchpointStore().size()).isEqualTo(1);
      String recorded = "touch id 'req-1' was already used with another request: recorded click"
          + " of visitor 'v1' with code 'LEOVLOGS' on channel 'youtube'; requested click of"
          + " visitor 'v1' with code 'LEOVLOGS'";
      assertThatThrownBy(() -> program.recordClickOnce("req-1", "v1", "LEOVLOGS", "email"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage(recorded + " on channel 'email'");
      // Without a channel it is another request too.
      assertThatThrownBy(() -> program.recordClickOnce("req-1", "v1", "LEOVLOGS"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage(recorded);
      assertThat(program.touchpointStore().size()).isEqualTo(1);
    }

    @Test
    void recordTouch_badTouchId_throwsAndRecordsNothing() {
      enrollTwo();
      assertThatThrownBy(() -> program.recordCouponUseOnce(" ", "v1", "LEOVLOGS"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("touchId must not be blank: ' '");
      assertThatThrownBy(() -> program.recordVisitOnce("a\nb", "v1",
          "https://shop.example/?ref=LEOVLOGS"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("touchId must not contain control character \\u000a at index 1: "
              + "'a\\u000ab'");
      assertThat(program.touchpointStore().size()).isZero();
    }

    @Test
    void recordVisitOnce_retried_leavesTheCreditWhereTheVisitsPutIt() {
      // The host times out on mia's visit, records leo's a minute later, then retries mia's.
      for (AttributionModel model : List.of(AttributionModel.lastTouch(),
          AttributionModel.linear())) {
        TestClock at = new TestClock(START);
        AffiliateProgram shop = AffiliateProgram.builder().plan(TEN_PERCENT).model(model)
            .clock(at).build();
        Enrollment mia = shop.enroll(AffiliateProfile.of("mia"), "MIA-2026");
        Enrollment leo = shop.enroll(AffiliateProfile.of("leo"), "LEO-2026");
        URI landing = URI.create("https://shop.example/");
        String miaUrl = mia.trackingLink(landing, "instagram").toString();
        Touchpoint first = shop.recordVisitOnce("req-1", "v1", miaUrl).orElseThrow();
        at.advance(Duration.ofMinutes(1));
        shop.recordVisitOnce("req-2", "v1", leo.trackingLink(landing, "youtube").toString());
        at.advance(Duration.ofMinutes(1));
        assertThat(shop.recordVisitOnce("req-1", "v1", miaUrl)).contains(first);

        assertThat(shop.touchpointStore().size()).isEqualTo(2);
        ConversionOutcome sale = shop.recordConversion(Conversion.builder("o1", at.instant(),
            usd("100.00")).visitorId("v1").build());
        // Last touch: leo's visit came last. Linear: one visit each, USD 50.00 each.
        assertThat(sale.attribution().credits()).extracting(
            credit -> credit.affiliateId() + " " + credit.amount())
            .containsExactlyInAnyOrderElementsOf(model.equals(AttributionModel.lastTouch())
                ? List.of("leo USD 100.00") : List.of("mia USD 50.00", "leo USD 50.00"));
      }
    }

    @Test
    void recordVisitOnce_visitWithoutCode_returnsNothingAgain() {
      enrollTwo();
      assertThat(program.recordVisitOnce("req-1", "v1", "https://shop.example/serum")).isEmpty();
      assertThat(program.recordVisitOnce("req-1", "v1", "https://shop.example/serum")).isEmpty();
      assertThatThrownBy(() -> program.recordVisitOnce("req-1", "v1",
          "https://shop.example/serum?ref=GLOWWITHMIA"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("touch id 'req-1' was already used with another request: recorded visit"
              + " of visitor 'v1' to 'https://shop.example/serum'; requested visit of visitor"
              + " 'v1' to 'https://shop.example/serum?ref=GLOWWITHMIA'");
      assertThatThrownBy(() -> program.recordClickOnce("req-1", "v1", "GLOWWITHMIA"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("touch id 'req-1' was already used with another request: recorded visit"
              + " of visitor 'v1' to 'https://shop.example/serum'; requested click of visitor"
              + " 'v1' with code 'GLOWWITHMIA'");
      assertThat(program.touchpointStore().size()).isZero();
    }

    /**
     * Regression: a keyed visit kept its whole URL for as long as its touch id, so that a visitor
     * who sent URLs of 65,000 characters made the program keep 65 kB per visit.
     */
    @Test
    void recordVisitOnce_longUrl_isNotKept_butItsRetryIsStillToldApart() {
      enrollTwo();
      String padding = "&q=" + "x".repeat(8_000);
      String url = new String("https://shop.example/?ref=LEOVLOGS" + padding);
      WeakReference<String> withCode = new WeakReference<>(url);
      Touchpoint first = program.recordVisitOnce("req-1", "v1", url).orElseThrow();
      url = "https://shop.example/p?q=" + padding;
      WeakReference<String> withoutCode = new WeakReference<>(url);
      assertThat(program.recordVisitOnce("req-2", "v1", url)).isEmpty();
      url = null;

      GcFinalization.awaitClear(withCode);
      GcFinalization.awaitClear(withoutCode);
      assertThat(program.recordVisitOnce("req-1", "v1",
          "https://shop.example/?ref=LEOVLOGS" + padding)).contains(first);
      assertThat(program.recordVisitOnce("req-2", "v1", "https://shop.example/p?q=" + padding))
          .isEmpty();
      assertThatThrownBy(() -> program.recordVisitOnce("req-1", "v1",
          "https://shop.example/?ref=LEOVLOGS" + padding + "x"))
          .isInstanceOf(IllegalStateException.class);
      assertThatThrownBy(() -> program.recordVisitOnce("req-2", "v1",
          "https://shop.example/p?q=" + padding.replace("&q=x", "&q=y")))
          .isInstanceOf(IllegalStateException.class);
      assertThat(program.touchpointStore().size()).isEqualTo(1);
    }

    /**
     * Regression: a code that a host upper-cased in a Turkish default locale, {@code İLKERDİY},
     * was not valid as a coupon, and in a visit's URL credited nobody.
     */
    @Test
    void couponUseAndVisit_withTheTurkishDottedOrDotlessI_creditTheCodesOwner() {
      program.enroll(AffiliateProfile.of("ilker"), "ilkerdiy");
      Touchpoint coupon = program.recordCouponUse("v1", "\u0130LKERD\u0130Y");
      assertThat(coupon.affiliateId()).isEqualTo("ilker");
      assertThat(coupon.code()).contains("ILKERDIY");
      assertThat(program.recordCouponUseOnce("cart/2", "v2", "\u0131lkerd\u0131y").affiliateId())
          .isEqualTo("ilker");
      Touchpoint visit = program.recordVisit("v3", "https://shop.example/?ref=%C4%B0LKERD%C4%B0Y")
          .orElseThrow();
      assertThat(visit.affiliateId()).isEqualTo("ilker");
      assertThat(visit.code()).contains("ILKERDIY");
      assertThat(program.recordVisitOnce("req-4", "v4",
          "https://shop.example/r/%C4%B1lkerd%C4%B1y"))
          .map(Touchpoint::affiliateId).contains("ilker");
      assertThat(program.recordClick("v5", "\u0130lkerd\u0130y").affiliateId()).isEqualTo("ilker");
      // A coupon entered with an order, without a touch before it.
      ConversionOutcome outcome = program.recordConversion(Conversion.builder("o6",
          clock.instant(), usd("40.00")).visitorId("v6").couponCode("\u0130LKERD\u0130Y").build());
      assertThat(outcome.commission()).isEqualTo(usd("4.00"));
      assertThat(program.statement("ilker", USD).accrued()).isEqualTo(usd("4.00"));
    }

    @Test
    void recordCouponUseOnce_sameTouchId_recordsOnce() {
      enrollTwo();
      Touchpoint first = program.recordCouponUseOnce("cart/1", "v1", "leovlogs");
      clock.advance(Duration.ofMinutes(1));
      assertThat(program.recordCouponUseOnce("cart/1", "v1", "leovlogs")).isEqualTo(first);
      assertThat(first.kind()).isEqualTo(TouchpointKind.COUPON);
      assertThat(program.touchpointStore().size()).isEqualTo(1);
      // The key escapes the id as every derived key does.
      assertThatThrownBy(() -> program.recordCouponUseOnce("cart/1", "v2", "leovlogs"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("touch id 'cart/1' was already used with another request: recorded"
              + " coupon use of visitor 'v1' with code 'LEOVLOGS'; requested coupon use of"
              + " visitor 'v2' with code 'LEOVLOGS'");
    }

    @Test
    void recordClickOnce_retriedWithTheCodeSpelledOtherwise_returnsTheFirstTouch() {
      // Regression: the request kept the code as typed, so another spelling of the same code
      // was taken for another request.
      enrollTwo();
      Touchpoint first = program.recordClickOnce("t1", "v1", "leo-vlogs", "ig");

      assertThat(program.recordClickOnce("t1", "v1", "LEOVLOGS", "ig")).isEqualTo(first);
      assertThat(program.recordCouponUseOnce("t2", "v1", "Leo-Vlogs"))
          .isEqualTo(program.recordCouponUseOnce("t2", "v1", "leovlogs"));
      assertThat(program.touchpointStore().size()).isEqualTo(2);
      assertThatThrownBy(() -> program.recordClickOnce("t1", "v1", "GLOWWITHMIA", "ig"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("touch id 't1' was already used with another request: recorded click of"
              + " visitor 'v1' with code 'LEOVLOGS' on channel 'ig'; requested click of visitor"
              + " 'v1' with code 'GLOWWITHMIA' on channel 'ig'");
    }

    /**
     * A keyed touch is kept while it counts: its code is the enrollment's text, not the one
     * parsed from each request, so that the touches kept share one string per code.
     */
    @Test
    void keyedTouches_keepTheEnrollmentsTextOfTheirCode() {
      enrollTwo();
      String enrolled = program.enrollment("mia").orElseThrow().codes().get(0).toString();

      Touchpoint click = program.recordClickOnce("req-1", "v1", new String("glow-with-mia"));
      Touchpoint visit = program.recordVisitOnce("req-2", "v2",
          "https://shop.example/?ref=GlowWithMia").orElseThrow();

      assertThat(click.code()).containsSame(enrolled);
      assertThat(visit.code()).containsSame(enrolled);
      assertThat(program.recordCouponUseOnce("req-3", "v3", "GLOW-WITH-MIA").code())
          .containsSame(enrolled);
    }

    @Test
    void recordClickOnce_touchIdOlderThanTheWindow_isForgotten() {
      enrollTwo();
      Touchpoint first = program.recordClickOnce("req-1", "v1", "LEOVLOGS");
      clock.advance(Duration.ofDays(30).plusMinutes(5));
      program.recordClickOnce("req-2", "v2", "LEOVLOGS");
      // Still inside the retention of 30 days and 5 minutes: a retry is recognised.
      assertThat(program.recordClickOnce("req-1", "v1", "LEOVLOGS")).isEqualTo(first);
      clock.advance(Duration.ofNanos(1));
      program.recordClickOnce("req-3", "v3", "LEOVLOGS");
      // The first click can no longer count, and its key is gone: the id records a new touch.
      Touchpoint again = program.recordClickOnce("req-1", "v1", "LEOVLOGS");
      assertThat(again.sequence()).isGreaterThan(first.sequence());
      assertThat(again.instant()).isEqualTo(clock.instant());
    }

    @Test
    void recordClickOnce_touchIdRecordedAfterTheClockSteppedBack_isForgottenInItsTurn() {
      enrollTwo();
      Instant start = clock.instant();
      program.recordClickOnce("req-a", "w1", "LEOVLOGS");
      clock.set(start.minus(Duration.ofDays(9)));
      Touchpoint first = program.recordClickOnce("req-b", "w2", "LEOVLOGS");
      // req-b is past the retention, req-a (recorded before it, but later) is not.
      clock.set(first.instant().plus(Duration.ofDays(30).plusMinutes(6)));
      Touchpoint again = program.recordClickOnce("req-b", "w2", "LEOVLOGS");
      assertThat(again.sequence()).isGreaterThan(first.sequence());
      assertThat(again.instant()).isEqualTo(clock.instant());
    }

    @Test
    void recordClickOnce_retriedAfterTheRetention_recordsAnew_withoutAnyOtherKeyedTouch() {
      enrollTwo();
      Touchpoint first = program.recordClickOnce("req-1", "v1", "LEOVLOGS");
      clock.advance(Duration.ofDays(30).plusMinutes(5).plusHours(1));
      Touchpoint again = program.recordClickOnce("req-1", "v1", "LEOVLOGS");
      assertThat(again.sequence()).isGreaterThan(first.sequence());
      assertThat(again.instant()).isEqualTo(clock.instant());
      assertThat(program.recordConversion(order("o1", "v1", "80.00")).isCredited()).isTrue();
    }

    @Test
    void recordVisit_trackingUrl_recordsAClickOnItsChannel() {
      enrollTwo();
      Touchpoint touch = program.recordVisit("v1",
          "https://shop.example/serum?ref=GLOWWITHMIA&utm_source=instagram").orElseThrow();
      assertThat(touch.affiliateId()).isEqualTo("mia");
      assertThat(touch.channel()).contains("instagram");
    }

    @Test
    void recordVisit_noCodeOrUnknownCode_recordsNothing() {
      enrollTwo();
      assertThat(program.recordVisit("v1", "https://shop.example/serum")).isEmpty();
      assertThat(program.recordVisit("v1", "https://shop.example/serum?ref=NOBODY")).isEmpty();
      assertThat(program.recordConversion(order("o1", "v1", "80.00")).isCredited()).isFalse();
    }

    @Test
    void recordVisit_codeRetiredMeanwhile_recordsNothing() {
      LinkRegistry stored = LinkRegistry.inMemory(RetiredCodes.STOP_RESOLVING);
      AtomicBoolean retireOnResolve = new AtomicBoolean();
      // Retires a code as the program looks it up: the host retiring it on another thread.
      LinkRegistry retiring = new ForwardingLinkRegistry(stored) {
        @Override
        public List<LinkCode> claimAll(Collection<LinkCode> codes, LinkOwner owner) {
          return stored.claimAll(codes, owner);
        }

        @Override
        public Optional<LinkOwner> resolve(LinkCode code) {
          Optional<LinkOwner> owner = stored.resolve(code);
          if (retireOnResolve.getAndSet(false)) {
            stored.retire(code);
          }
          return owner;
        }
      };
      AffiliateProgram shop = AffiliateProgram.builder().plan(TEN_PERCENT).clock(clock)
          .linkRegistry(retiring).build();
      shop.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");
      shop.enroll(AffiliateProfile.of("leo"), "LEOVLOGS");

      retireOnResolve.set(true);
      assertThat(shop.recordVisit("v1", "https://shop.example/?ref=GLOWWITHMIA")).isEmpty();
      retireOnResolve.set(true);
      assertThat(shop.recordVisitOnce("req-1", "v1", "https://shop.example/?ref=LEOVLOGS"))
          .isEmpty();
      // The retry returns what the first call returned.
      assertThat(shop.recordVisitOnce("req-1", "v1", "https://shop.example/?ref=LEOVLOGS"))
          .isEmpty();
      assertThat(shop.touchpointStore().size()).isZero();
    }

    @Test
    void recordCouponUse_credits_theCodeOwner() {
      enrollTwo();
      Touchpoint touch = program.recordCouponUse("v1", "leovlogs");
      assertThat(touch.kind()).isEqualTo(dev.affiliatekit.attribution.TouchpointKind.COUPON);
      assertThat(program.recordConversion(order("o1", "v1", "80.00")).quotes())
          .extracting(quote -> quote.affiliateId()).containsExactly("leo");
    }
  }

  @Nested
  class RecordConversion {

    /**
     * Regression: the plan refused an order in another currency only when it quoted a credit, so
     * an order nobody was credited for was recorded in it, and took the key of the order resent
     * in the right currency.
     */
    @Test
    void orderInAnotherCurrencyThanThePlansAmounts_isRefusedWhetherCreditedOrNot() {
      AffiliateProgram flat = AffiliateProgram.builder().clock(clock).listener(events::add)
          .plan(CommissionPlan.builder().rule(CommissionRule.builder("flat")
              .flatPerConversion(usd("5.00")).build()).build()).build();
      flat.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");
      flat.recordClick("referred", "GLOWWITHMIA");

      for (String visitor : List.of("referred", "organic")) {
        Conversion euros = Conversion.builder("o-" + visitor, clock.instant(),
            Money.parse("EUR 50.00")).visitorId(visitor).build();
        assertThatThrownBy(() -> flat.recordConversion(euros))
            .isInstanceOf(CurrencyMismatchException.class)
            .hasMessage("sale 'o-" + visitor + "' must be in USD, the currency of the plan's"
                + " amounts: EUR 50.00");
        ConversionOutcome dollars = flat.recordConversion(Conversion.builder("o-" + visitor,
            clock.instant(), usd("50.00")).visitorId(visitor).build());
        assertThat(dollars.commission()).as(visitor)
            .isEqualTo(usd(visitor.equals("referred") ? "5.00" : "0.00"));
      }
      assertThat(flat.ledger().journal()).hasSize(1);
    }

    /** The example of {@code RecurringTerm}'s docs: a standard window counts a click 30 days. */
    @ParameterizedTest
    @CsvSource({"2026-02-01T10:00:00Z, USD 12.00", "2026-03-01T10:00:00Z, USD 0.00",
        "2026-04-01T10:00:00Z, USD 12.00"})
    void renewalAMonthLaterWithoutABinding_isCreditedOnlyWhileTheClickIsInTheWindow(
        String clicked, String earned) {
      Instant start = Instant.parse(clicked);
      TestClock monthly = new TestClock(start);
      AffiliateProgram subscriptions = AffiliateProgram.builder().clock(monthly)
          .plan(CommissionPlan.builder().rule(CommissionRule.builder("subs")
              .percentage(Rate.ofPercent(30)).recurring(RecurringTerm.firstMonths(12)).build())
              .build()).build();
      subscriptions.enroll(AffiliateProfile.of("nora"), "NORABOX");
      subscriptions.recordClick("v-kim", "NORABOX");
      for (int charge = 1; charge <= 3; charge++) {
        Instant at = start.atZone(ZoneOffset.UTC).plusMonths(charge - 1).toInstant();
        monthly.set(at);
        ConversionOutcome outcome = subscriptions.recordConversion(Conversion
            .builder("kim-" + charge, at, usd("40.00")).visitorId("v-kim")
            .subscription("s", charge, start).build());

        // The first charge is the click's own month; the third is two months after the click.
        assertThat(outcome.commission()).isEqualTo(charge == 1 ? usd("12.00")
            : charge == 2 ? Money.parse(earned) : usd("0.00"));
      }
    }

    /**
     * Regression: an explanation longer than the ledger keeps was cut at its end, where its caps
     * and amount are, so the line of a commission cut by a cap said it earned the uncut amount.
     */
    @Test
    void longExplanation_keepsItsStartAndEnd_inTheLedgerTheStatementAndTheEvent() {
      AffiliateProgram capped = AffiliateProgram.builder().clock(clock).listener(events::add)
          .plan(CommissionPlan.builder().rule(CommissionRule.builder("skin")
              .target(RuleTarget.categories("SKIN_CARE")).percentage(Rate.ofPercent(10)).build())
              .periodCap(Period.MONTH, usd("8.00")).build()).build();
      capped.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");
      Conversion.Builder order = Conversion.builder("o1", clock.instant(), usd("200.00"))
          .visitorId("v1");
      for (int i = 0; i < 4; i++) {
        order.lineItem(LineItem.of("serum-" + i + "-" + "x".repeat(240), "SKIN_CARE", 1,
            usd("25.00")));
        order.lineItem(LineItem.of("sachet-" + i + "-" + "y".repeat(240), "SAMPLES", 1,
            usd("25.00")));
      }
      capped.recordClick("v1", "GLOWWITHMIA");
      CommissionQuote quote = capped.recordConversion(order.build()).quotes().get(0);
      String full = quote.explanation();
      assertThat(quote.amount()).isEqualTo(usd("8.00"));
      assertThat(full).hasSizeGreaterThan(1000)
          .endsWith("month cap USD 8.00: USD 0.00 earned so far, USD 8.00 left; commission cut"
              + " from USD 10.00 to USD 8.00; amount USD 8.00");

      String kept = ((Accrual) capped.ledger().journal().get(0).posting()).explanation();
      assertThat(kept).hasSize(1000).startsWith(full.substring(0, 500)).contains(" ... ")
          .endsWith(full.substring(full.length() - 495));
      assertThat(capped.statement("mia", USD).lines().get(0).explanation()).isEqualTo(kept);
      assertThat(events).last().isInstanceOfSatisfying(ProgramEvent.CommissionAccrued.class,
          accrued -> assertThat(accrued.explanation()).isEqualTo(kept));
    }

    /**
     * Regression: under lifetime binding, a clock that stepped back while the ledger posted made
     * the attributor's commit refuse the conversion after its commission was accrued, so the
     * order could be neither retried nor refunded.
     */
    @Test
    void clockSteppingBackWhileTheLedgerPosts_recordsTheConversion() {
      LedgerStore stepping = new ForwardingLedgerStore(LedgerStore.inMemory()) {
        @Override
        public void append(Transaction transaction) {
          super.append(transaction);
          clock.set(clock.instant().minusMillis(1));
        }
      };
      AffiliateProgram binding = AffiliateProgram.builder().plan(TEN_PERCENT).clock(clock)
          .policy(dev.affiliatekit.attribution.AttributionPolicy.builder().lifetimeBinding()
              .maxClockSkew(Duration.ZERO).build())
          .ledger(Ledger.open(stepping, clock)).build();
      binding.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");
      binding.recordClick("v1", "GLOWWITHMIA");
      Conversion order = Conversion.builder("o1", clock.instant(), usd("100.00"))
          .visitorId("v1").customerId("c1").build();

      assertThat(binding.recordConversion(order).commission()).isEqualTo(usd("10.00"));
      assertThat(binding.refund(Refund.full("o1", "r1", "returned")).reversed())
          .isEqualTo(Map.of("mia", usd("10.00")));
    }

    @Test
    void recordConversion_referred_accruesTenPercentHeldThirtyDays() {
      enrollTwo();
      program.recordClick("v1", "GLOWWITHMIA");
      ConversionOutcome outcome = program.recordConversion(order("o1", "v1", "84.00"));

      assertThat(outcome.key()).isEqualTo("order:o1");
      assertThat(outcome.isCredited()).isTrue();
      assertThat(outcome.quotes()).hasSize(1);
      assertThat(outcome.quotes().get(0).amount()).isEqualTo(usd("8.40"));
      assertThat(outcome.commission()).isEqualTo(usd("8.40"));
      assertThat(outcome.transactions()).hasSize(1);
      assertThat(outcome.transactions().get(0).key()).isEqualTo("order:o1/mia");
      assertThat(program.ledger().item("order:o1/mia").orElseThrow().accrual().holdUntil())
          .isEqualTo(START.plus(Duration.ofDays(30)));
      assertThat(program.ledger().balances("mia", USD).pending()).isEqualTo(usd("8.40"));
      assertThat(outcome.explain()).contains("credit mia 100% = USD 84.00")
          .contains("mia earns USD 8.40: rule base matched");
      assertThat(events).last().isEqualTo(new ProgramEvent.CommissionAccrued("order:o1", "mia",
          "o1", "order:o1/mia", usd("8.40"), outcome.quotes().get(0).explanation()));
    }

    /** 10% up to USD 10.00 a month: a second sale of USD 100.00 earns nothing. */
    AffiliateProgram cappedAt10(boolean recordZero) {
      return AffiliateProgram.builder()
          .plan(TEN_PERCENT.toBuilder().periodCap(Period.MONTH, usd("10.00"))
              .recordZero(recordZero).build())
          .clock(clock).listener(events::add).build();
    }

    @Test
    void periodCap_countsACommissionRefundedInFull_asAccrued() {
      AffiliateProgram capped = cappedAt10(false);
      capped.enroll(AffiliateProfile.of("mia"), "glow-with-mia");
      capped.recordClick("v1", "GLOWWITHMIA");
      capped.recordConversion(order("o1", "v1", "60.00"));                    // USD 6.00
      capped.refund(Refund.full("o1", "r1", "cancelled in trial"));

      ConversionOutcome second = capped.recordConversion(order("o2", "v1", "60.00"));

      assertThat(second.commission()).isEqualTo(usd("4.00"));
      assertThat(second.quotes().get(0).explanation()).contains("month cap USD 10.00:"
          + " USD 6.00 earned so far, USD 4.00 left; commission cut from USD 6.00 to USD 4.00");
      assertThat(capped.statement("mia", USD).earned()).isEqualTo(usd("4.00"));
    }

    @Test
    void recordConversion_zeroOfAPlanThatRecordsZero_isToldWithItsReasonButNotPosted() {
      AffiliateProgram capped = cappedAt10(true);
      capped.enroll(AffiliateProfile.of("mia"), "glow-with-mia");
      capped.recordClick("v1", "GLOWWITHMIA");
      capped.recordConversion(order("o1", "v1", "100.00"));
      ConversionOutcome second = capped.recordConversion(order("o2", "v1", "100.00"));

      CommissionQuote zero = second.quotes().get(0);
      assertThat(zero.amount()).isEqualTo(usd("0.00"));
      assertThat(zero.isRecorded()).isTrue();
      assertThat(zero.explanation()).contains("month cap USD 10.00: USD 10.00 earned so far,"
          + " USD 0.00 left; commission cut from USD 10.00 to USD 0.00");
      assertThat(events).last().isEqualTo(new ProgramEvent.CommissionAccrued("order:o2", "mia",
          "o2", "order:o2/mia", usd("0.00"), zero.explanation()));
      assertThat(second.transactions()).isEmpty();
      assertThat(capped.ledger().item("order:o2/mia")).isEmpty();
      assertThat(capped.statement("mia", USD).lines()).hasSize(1);
      // A refund of the order has nothing to take back.
      assertThat(capped.refund(Refund.full("o2", "r1", "returned")).transactions()).isEmpty();
    }

    @Test
    void recordConversion_zeroOfAPlanThatDoesNotRecordZero_isNotTold() {
      AffiliateProgram capped = cappedAt10(false);
      capped.enroll(AffiliateProfile.of("mia"), "glow-with-mia");
      capped.recordClick("v1", "GLOWWITHMIA");
      capped.recordConversion(order("o1", "v1", "100.00"));
      int heard = events.size();
      ConversionOutcome second = capped.recordConversion(order("o2", "v1", "100.00"));

      assertThat(second.quotes().get(0).isRecorded()).isFalse();
      assertThat(second.quotes().get(0).explanation()).endsWith("zero commission is not recorded");
      assertThat(events).hasSize(heard);
      assertThat(second.transactions()).isEmpty();
    }

    @Test
    void recordConversion_unreferred_returnsNoCreditWithItsReason() {
      enrollTwo();
      ConversionOutcome outcome = program.recordConversion(order("o1", "v9", "84.00"));
      assertThat(outcome.attribution()).isInstanceOf(NoCredit.class);
      assertThat(((NoCredit) outcome.attribution()).reason())
          .isEqualTo(NoCreditReason.NO_TOUCHPOINTS);
      assertThat(outcome.quotes()).isEmpty();
      assertThat(outcome.transactions()).isEmpty();
      assertThat(outcome.commission()).isEqualTo(usd("0.00"));
    }

    @Test
    void recordConversion_retried_returnsTheFirstOutcomeAndPostsNothing() {
      enrollTwo();
      program.recordClick("v1", "GLOWWITHMIA");
      Conversion order = order("o1", "v1", "84.00");
      ConversionOutcome first = program.recordConversion(order);
      program.recordClick("v1", "LEOVLOGS"); // a later click must not change the retried answer
      int heard = events.size();
      ConversionOutcome again = program.recordConversion(order);
      assertThat(again).isSameAs(first);
      assertThat(program.ledger().journal()).hasSize(1);
      assertThat(events).hasSize(heard);
    }

    @Test
    void recordConversion_sameOrderOtherContent_throws() {
      enrollTwo();
      program.recordClick("v1", "GLOWWITHMIA");
      program.recordConversion(order("o1", "v1", "84.00"));
      assertRejectedWithoutChange(() -> program.recordConversion(order("o1", "v1", "90.00")),
          IllegalStateException.class,
          "order 'o1' was already recorded with another request: recorded total 'USD 84.00',"
              + " lineItems[0].amount 'USD 84.00'; requested total 'USD 90.00',"
              + " lineItems[0].amount 'USD 90.00'");
    }

    @Test
    void recordConversion_planRejectsCurrency_changesNothing() {
      AffiliateProgram flat = AffiliateProgram.builder()
          .plan(CommissionPlan.builder()
              .rule(CommissionRule.builder("flat").flatPerConversion(usd("5.00")).build())
              .build())
          .clock(clock)
          .build();
      flat.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");
      flat.recordClick("v1", "GLOWWITHMIA");
      Conversion euros = Conversion.builder("o1", clock.instant(), Money.parse("EUR 50.00"))
          .visitorId("v1").build();
      assertThatThrownBy(() -> flat.recordConversion(euros))
          .isInstanceOf(CurrencyMismatchException.class);
      assertThat(flat.ledger().journal()).isEmpty();
      // Nothing was remembered: the same order in dollars is recorded afresh.
      Conversion dollars = Conversion.builder("o1", clock.instant(), usd("50.00"))
          .visitorId("v1").build();
      assertThat(flat.recordConversion(dollars).commission()).isEqualTo(usd("5.00"));
    }

    /** A program crediting every touch alike, with lifetime binding, that tells {@link #events}. */
    AffiliateProgram linearBinding() {
      return AffiliateProgram.builder().plan(TEN_PERCENT)
          .model(AttributionModel.linear())
          .policy(AttributionPolicy.builder().lifetimeBinding().build())
          .clock(clock).listener(events::add).build();
    }

    @Test
    void recordConversion_touchArrivingWhileItIsRecorded_bindsTheAffiliatePaid() {
      // A store that records leo's click of the same visitor right after the conversion's read,
      // as a click arriving from another thread at that moment would.
      TouchpointStore stock = TouchpointStore.inMemory();
      boolean[] arrived = {false};
      TouchpointStore racing = new ForwardingTouchpointStore(stock) {
        @Override
        public List<Touchpoint> touchpoints(String visitorId) {
          List<Touchpoint> read = stock.touchpoints(visitorId);
          if (!arrived[0] && !read.isEmpty()) {
            arrived[0] = true;
            stock.record(Touchpoint.click(visitorId, "leo", clock.instant()));
          }
          return read;
        }
      };
      AffiliateProgram binding = AffiliateProgram.builder().plan(TEN_PERCENT)
          .policy(AttributionPolicy.builder().lifetimeBinding().build())
          .touchpointStore(racing).clock(clock).build();
      binding.enroll(AffiliateProfile.of("mia"), "glow-with-mia");
      binding.enroll(AffiliateProfile.of("leo"), "LEOVLOGS");
      binding.recordClick("v1", "glow-with-mia");
      clock.advance(Duration.ofMinutes(1));

      ConversionOutcome sale = binding.recordConversion(
          Conversion.builder("o1", clock.instant(), usd("80.00")).visitorId("v1")
              .customerId("c1").build());

      assertThat(arrived[0]).isTrue();
      assertThat(sale.quotes()).extracting(CommissionQuote::affiliateId).containsExactly("mia");
      assertThat(binding.attributor().binding("c1").map(CustomerBinding::affiliateId))
          .contains("mia");
    }

    @Test
    void recordConversion_idsWithSlashes_getItemKeysOfTheirOwn() {
      // Order A/b credited to c, and order A credited to a and b/c: once both were order:A/b/c.
      AffiliateProgram linear = linearBinding();
      linear.enroll(AffiliateProfile.of("c"), "CEECODE");
      linear.enroll(AffiliateProfile.of("b/c"), "BCCODE");
      linear.enroll(AffiliateProfile.of("a"), "AAACODE");
      linear.recordClick("v1", "CEECODE");
      ConversionOutcome first = linear.recordConversion(order("A/b", "v1", "100.00"));
      linear.recordClick("v2", "AAACODE");
      clock.advance(Duration.ofMinutes(1));
      linear.recordClick("v2", "BCCODE");

      ConversionOutcome second = linear.recordConversion(order("A", "v2", "200.00"));

      assertThat(first.key()).isEqualTo("order:A%2Fb");
      assertThat(first.transactions()).extracting(Transaction::key)
          .containsExactly("order:A%2Fb/c");
      assertThat(second.key()).isEqualTo("order:A");
      assertThat(second.transactions()).extracting(Transaction::key)
          .containsExactly("order:A/a", "order:A/b%2Fc");
      assertThat(linear.ledger().balances("b/c", USD).pending()).isEqualTo(usd("10.00"));
      assertThat(linear.refund(Refund.full("A", "r1", "cancelled")).reversed())
          .isEqualTo(Map.of("a", usd("10.00"), "b/c", usd("10.00")));
    }

    @Test
    void recordConversion_laterItemKeyTaken_postsNothingAndBindsNobody() {
      AffiliateProgram linear = linearBinding();
      miaThenLeo(linear, Duration.ofMinutes(1));
      // The host posted under the key of leo's item, the second the conversion would accrue.
      linear.ledger().accrue("order:o1/leo",
          new Accrual("leo", usd("1.00"), START, "other", "manual", "posted by hand"));
      List<Transaction> journal = linear.ledger().journal();
      int heard = events.size();
      Conversion sale = Conversion.builder("o1", clock.instant(), usd("100.00"))
          .visitorId("v1").customerId("cust-1").build();

      assertThatThrownBy(() -> linear.recordConversion(sale))
          .isInstanceOf(IdempotencyConflictException.class)
          .hasMessageStartingWith("idempotency key already used for a different posting: "
              + "'order:o1/leo'");

      assertThat(linear.ledger().journal()).isEqualTo(journal);
      assertThat(events).hasSize(heard);
      assertThat(linear.ledger().balances("mia", USD).pending()).isEqualTo(usd("0.00"));
      assertThat(linear.attributor().binding("cust-1")).isEmpty();
      // The attributor did not remember the order, which would keep its first result: the order
      // attributed again with another total is credited on that total.
      Conversion smaller = Conversion.builder("o1", clock.instant(), usd("50.00"))
          .visitorId("v1").customerId("cust-1").build();
      assertThat(linear.attributor().attribute(smaller).credits())
          .extracting(credit -> credit.affiliateId() + " " + credit.amount())
          .containsExactly("mia USD 25.00", "leo USD 25.00");
    }

    @Test
    void recordConversion_laterAccrualWouldOverflow_postsNothing() {
      AffiliateProgram linear = linearBinding();
      miaThenLeo(linear, Duration.ofMinutes(1));
      Money huge = Money.ofMinor(Long.MAX_VALUE - 100, USD);
      linear.ledger().accrue("big", new Accrual("leo", huge, START, "big", "manual", "huge"));
      // A correction that takes the commission expense back to zero, so that it has room.
      linear.ledger().adjust("fix", new Adjustment("zed", huge.negated(), "correction"));
      List<Transaction> journal = linear.ledger().journal();
      int heard = events.size();

      // leo's USD 5.00 would take his pending balance past Long.MAX_VALUE cents; mia's, posted
      // first, would already take the total of pending accounts there, which the ledger rejects.
      assertThatThrownBy(() -> linear.recordConversion(order("o1", "v1", "100.00")))
          .isInstanceOf(ArithmeticException.class)
          .hasMessage("total of PENDING accounts in USD would overflow:"
              + " USD 92233720368547757.07 + USD 5.00");

      assertThat(linear.ledger().journal()).isEqualTo(journal);
      assertThat(events).hasSize(heard);
    }

    /**
     * Regression: the refund's reversals were not checked for overflow before the first was
     * posted, so mia's stood, leo's was refused, and the order was blocked behind the refund.
     */
    @Test
    void refund_laterReversalWouldOverflowTheExpense_postsNothing() {
      AffiliateProgram linear = linearBinding();
      miaThenLeo(linear, Duration.ofMinutes(1));
      linear.recordConversion(order("o1", "v1", "100.00"));
      clock.advance(Duration.ofDays(31));
      linear.release();
      // The commission expense stands at USD -10.00 after the release; debts of zed's and bob's
      // take it to within USD 5.01 of Long.MAX_VALUE cents: mia's USD 5.00 back fits, but not
      // leo's after it (nor the payable total, which mirrors it).
      linear.ledger().adjust("debt-1", new Adjustment("zed",
          Money.ofMinor(-(Long.MAX_VALUE - 1), USD), "debt"));
      linear.ledger().adjust("debt-2", new Adjustment("bob", usd("-5.00"), "debt"));
      List<Transaction> journal = linear.ledger().journal();
      int heard = events.size();

      assertThatThrownBy(() -> linear.refund(Refund.full("o1", "r1", "returned")))
          .isInstanceOf(ArithmeticException.class)
          .hasMessage("refund 'refund:o1:r1' could take the balance of COMMISSION_EXPENSE"
              + " 'business' USD beyond what the ledger holds: USD 92233720368547753.06"
              + " + USD 10.00");

      assertThat(linear.ledger().journal()).isEqualTo(journal);
      assertThat(events).hasSize(heard);
      // Nothing is left unfinished: a smaller refund of the order goes through.
      assertThat(linear.refund(Refund.partial("o1", "r2", usd("40.00"), "returned")).reversed())
          .isEqualTo(Map.of("mia", usd("2.00"), "leo", usd("2.00")));
    }

    /** Regression: as for refunds, the win's first reinstatement stood and the order was stuck. */
    @Test
    void chargebackWon_laterReinstatementWouldOverflow_postsNothing() {
      AffiliateProgram linear = linearBinding();
      miaThenLeo(linear, Duration.ofMinutes(1));
      linear.recordConversion(order("o1", "v1", "100.00"));
      linear.refund(Refund.chargeback("o1", "cb1", "disputed"));
      // A pending total within USD 7.00 of Long.MAX_VALUE cents, less than the USD 10.00 the win
      // gives back; zed's debt leaves the commission expense at zero.
      linear.ledger().accrue("big", new Accrual("zed", Money.ofMinor(Long.MAX_VALUE - 700, USD),
          START, "big", "manual", "huge"));
      linear.ledger().adjust("fix", new Adjustment("zed",
          Money.ofMinor(-(Long.MAX_VALUE - 700), USD), "correction"));
      List<Transaction> journal = linear.ledger().journal();
      int heard = events.size();

      assertThatThrownBy(() -> linear.chargebackWon("o1", "cb1", "won"))
          .isInstanceOf(ArithmeticException.class)
          .hasMessageStartingWith("chargeback win 'chargeback-won:o1:cb1' could take the total"
              + " of PENDING accounts in USD beyond what the ledger holds");

      assertThat(linear.ledger().journal()).isEqualTo(journal);
      assertThat(events).hasSize(heard);
      // Nothing is left unfinished: once the host makes room, the win goes through.
      linear.ledger().reverse("big-reversed", Reversal.full("big", ReversalKind.REFUND, "test"));
      assertThat(linear.chargebackWon("o1", "cb1", "won").reinstated())
          .isEqualTo(Map.of("mia", usd("5.00"), "leo", usd("5.00")));
    }

    /**
     * An order of Long.MAX_VALUE yen, 1% to ann and 99% to mia, whose chargeback was won once:
     * each item has reversed its whole amount once already, so mia's, over half the range, can
     * never be reversed in full again.
     */
    private AffiliateProgram wonBackOnce() {
      AffiliateProgram huge = AffiliateProgram.builder()
          .plan(CommissionPlan.builder().rule(CommissionRule.percentage("all", Rate.ONE)).build())
          .model(AttributionModel.custom(1, 0, 99)).clock(clock).build();
      huge.enroll(AffiliateProfile.of("ann"), "ANNSHOP");
      huge.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");
      huge.recordClick("v1", "ANNSHOP");
      huge.recordClick("v1", "GLOWWITHMIA");
      huge.recordConversion(Conversion.builder("o1", clock.instant(),
          Money.ofMinor(Long.MAX_VALUE, CurrencyUnit.JPY)).visitorId("v1").build());
      huge.refund(Refund.chargeback("o1", "cb0", "disputed"));
      huge.chargebackWon("o1", "cb0", "won");
      return huge;
    }

    /**
     * Regression: the check before posting did not count what an item had reversed in total, so
     * ann's reversal stood, mia's was refused by the ledger, and the order was stuck behind the
     * refund for good.
     */
    @Test
    void refund_laterItemsReversedTotalWouldOverflow_postsNothing() {
      AffiliateProgram huge = wonBackOnce();
      List<Transaction> journal = huge.ledger().journal();

      assertThatThrownBy(() -> huge.refund(Refund.full("o1", "r1", "returned")))
          .isInstanceOf(ArithmeticException.class)
          .hasMessage("refund 'refund:o1:r1' could take the reversed total of item"
              + " 'order:o1/mia' beyond what the ledger holds: JPY 9131138316486228049"
              + " + JPY 9131138316486228049");

      assertThat(huge.ledger().journal()).isEqualTo(journal);
      assertThatThrownBy(() -> huge.refund(Refund.chargeback("o1", "cb1", "disputed")))
          .isInstanceOf(ArithmeticException.class)
          .hasMessageStartingWith("chargeback 'chargeback:o1:cb1' could take the reversed total");
      assertThat(huge.ledger().journal()).isEqualTo(journal);
      // Nothing is left unfinished: a refund that fits goes through.
      assertThat(huge.refund(Refund.partial("o1", "r2",
          Money.ofMinor(1_000_000, CurrencyUnit.JPY), "returned")).reversed())
          .isEqualTo(Map.of("ann", Money.ofMinor(10_000, CurrencyUnit.JPY),
              "mia", Money.ofMinor(990_000, CurrencyUnit.JPY)));
    }

    /** Regression: as for refunds, the win's first postings stood and the order was stuck. */
    @Test
    void chargebackWon_laterItemsReversedTotalWouldOverflow_postsNothing() {
      AffiliateProgram huge = wonBackOnce();
      CurrencyUnit jpy = CurrencyUnit.JPY;
      // Partial refunds and a partial chargeback whose win takes back a unit of rounding from
      // mia, whose reversed total then stands exactly at Long.MAX_VALUE yen.
      huge.refund(Refund.partial("o1", "ra", Money.ofMinor(51, jpy), "returned"));
      huge.refund(new Refund("o1", "cb1", Optional.of(Money.ofMinor(50, jpy)),
          ReversalKind.CHARGEBACK, "disputed"));
      huge.refund(Refund.partial("o1", "rb", Money.ofMinor(93165374109644099L, jpy), "returned"));
      assertThat(huge.ledger().item("order:o1/mia").orElseThrow().reversed())
          .isEqualTo(Money.ofMinor(Long.MAX_VALUE, jpy));
      List<Transaction> journal = huge.ledger().journal();

      assertThatThrownBy(() -> huge.chargebackWon("o1", "cb1", "won"))
          .isInstanceOf(ArithmeticException.class)
          .hasMessageStartingWith("chargeback win 'chargeback-won:o1:cb1' could take the"
              + " reversed total of item 'order:o1/mia' beyond what the ledger holds:"
              + " JPY 9223372036854775807 + JPY 1");

      assertThat(huge.ledger().journal()).isEqualTo(journal);
      // Nothing is left unfinished: another refund of the order is refused for its own reason.
      assertThatThrownBy(() -> huge.refund(Refund.partial("o1", "rc", Money.ofMinor(1, jpy),
          "returned")))
          .isInstanceOf(ArithmeticException.class)
          .hasMessageContaining("reversed total of item 'order:o1/mia'");
    }

    /** The reference of a rule's accruals is made once, not once an order: the ledger keeps it. */
    @Test
    void recordConversion_accrualsOfOneRule_shareTheirReference() {
      enrollTwo();
      program.recordClick("v1", "GLOWWITHMIA");
      program.recordClick("v2", "GLOWWITHMIA");
      Accrual first = (Accrual) program.recordConversion(order("o1", "v1", "100.00"))
          .transactions().get(0).posting();
      Accrual second = (Accrual) program.recordConversion(order("o2", "v2", "50.00"))
          .transactions().get(0).posting();

      assertThat(first.quoteReference()).startsWith("rules:");
      assertThat(second.quoteReference()).isSameAs(first.quoteReference());
    }

    @Test
    void recordConversion_longOrderIdWithAnEmojiAtTheCut_survivesAUtf8Journal() {
      enrollTwo();
      program.recordClick("v1", "GLOWWITHMIA");
      // The order key is cut after 189 characters, where the emoji's first half stood.
      String orderId = "a".repeat(183) + "\uD83D\uDE00" + "b".repeat(70);
      String itemKey = program.recordConversion(order(orderId, "v1", "100.00")).transactions()
          .get(0).key();
      byte[] utf8 = JournalJson.toJsonLines(program.ledger().journal())
          .getBytes(StandardCharsets.UTF_8);
      List<Transaction> back = JournalJson.read(
          new InputStreamReader(new ByteArrayInputStream(utf8), StandardCharsets.UTF_8));

      assertThat(back).isEqualTo(program.ledger().journal());
      assertThat(Ledger.restore(back, clock).item(itemKey)).isPresent();
    }

    @Test
    void recordConversion_laterAccrualWouldOverflowTheTotalPending_postsNothing() {
      AffiliateProgram linear = linearBinding();
      miaThenLeo(linear, Duration.ofMinutes(1));
      // A debt of zed's gives the commission expense room; zed's pending fills the total.
      linear.ledger().adjust("debt", new Adjustment("zed", usd("-1000000.00"), "debt"));
      linear.ledger().accrue("big", new Accrual("zed", Money.ofMinor(Long.MAX_VALUE - 150, USD),
          START, "big", "manual", "huge"));
      List<Transaction> journal = linear.ledger().journal();
      int heard = events.size();

      // mia's USD 1.00 fits every balance and total; leo's, in a pending balance of his own,
      // would take the total of pending accounts past Long.MAX_VALUE cents.
      assertThatThrownBy(() -> linear.recordConversion(order("o1", "v1", "20.00")))
          .isInstanceOf(ArithmeticException.class)
          .hasMessage("total of PENDING accounts in USD would overflow: USD 92233720368547757.57"
              + " + USD 1.00");

      assertThat(linear.ledger().journal()).isEqualTo(journal);
      assertThat(events).hasSize(heard);
      assertThat(linear.ledger().balances("mia", USD).pending()).isEqualTo(usd("0.00"));
    }

    @Test
    void recordConversion_holdEndingBeyondTheLastInstant_holdsUntilInstantMax() {
      // PT2562047788015215H is about Long.MAX_VALUE seconds: the sale plus it overflowed.
      AffiliateProgram forever = AffiliateProgram.builder()
          .settings(ProgramSettings.of(TEN_PERCENT)
              .withHoldPeriod(Duration.parse("PT2562047788015215H")))
          .policy(AttributionPolicy.builder().lifetimeBinding().build())
          .clock(clock).build();
      forever.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");
      forever.recordClick("v1", "GLOWWITHMIA");
      Conversion sale = Conversion.builder("o1", clock.instant(), usd("100.00"))
          .visitorId("v1").customerId("cust-1").build();

      ConversionOutcome outcome = forever.recordConversion(sale);

      assertThat(outcome.commission()).isEqualTo(usd("10.00"));
      assertThat(forever.ledger().item("order:o1/mia").orElseThrow().accrual().holdUntil())
          .isEqualTo(Instant.MAX);
      assertThat(forever.attributor().binding("cust-1").orElseThrow().affiliateId())
          .isEqualTo("mia");
      clock.advance(Duration.ofDays(365 * 1000));
      assertThat(forever.release()).isEmpty();
    }

    @Test
    void recordConversion_holdEndingAtOrPastTheLastInstant_endsAtInstantMax() {
      AffiliateProgram late = AffiliateProgram.builder().plan(TEN_PERCENT)
          .holdPeriod(Duration.between(START, Instant.MAX)).clock(clock).build();
      late.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");
      late.recordClick("v1", "GLOWWITHMIA");
      clock.advance(Duration.ofSeconds(1));
      late.recordConversion(order("o1", "v1", "100.00"));
      late.recordConversion(Conversion.builder("o0", START, usd("100.00")).visitorId("v1")
          .build());
      assertThat(late.ledger().item("order:o1/mia").orElseThrow().accrual().holdUntil())
          .isEqualTo(Instant.MAX);
      assertThat(late.ledger().item("order:o0/mia").orElseThrow().accrual().holdUntil())
          .isEqualTo(Instant.MAX);
      // A hold a nanosecond shorter ends a nanosecond before the last instant.
      AffiliateProgram shorter = AffiliateProgram.builder().plan(TEN_PERCENT)
          .holdPeriod(Duration.between(clock.instant(), Instant.MAX).minusNanos(1))
          .clock(clock).build();
      shorter.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");
      shorter.recordClick("v1", "GLOWWITHMIA");
      shorter.recordConversion(order("o1", "v1", "100.00"));
      assertThat(shorter.ledger().item("order:o1/mia").orElseThrow().accrual().holdUntil())
          .isEqualTo(Instant.MAX.minusNanos(1));
    }

    @Test
    void recordConversion_tieredPlan_countsEachAffiliatesSalesInTheMonth() {
      CommissionPlan tiered = CommissionPlan.builder()
          .rule(CommissionRule.builder("tiers")
              .payout(Payout.tieredBySales(Period.MONTH, TierMode.PROGRESSIVE,
                  new Payout.SalesTier(1, Rate.ofPercent(10)),
                  new Payout.SalesTier(3, Rate.ofPercent(20))))
              .build())
          .build();
      AffiliateProgram tieredProgram = AffiliateProgram.builder().plan(tiered).clock(clock)
          .build();
      tieredProgram.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");
      List<Money> commissions = new ArrayList<>();
      for (int i = 1; i <= 3; i++) {
        tieredProgram.recordClick("v" + i, "GLOWWITHMIA");
        commissions.add(tieredProgram.recordConversion(order("o" + i, "v" + i, "100.00"))
            .commission());
      }
      // Sales 1 and 2 earn 10%; the third sale of March reaches the 20% tier.
      assertThat(commissions).containsExactly(usd("10.00"), usd("10.00"), usd("20.00"));
    }
  }

  /**
   * Tiers for the whole period through the program, with amounts checked by hand: mia makes sales
   * of USD 100.00 an hour apart, each through a click of her own.
   */
  @Nested
  class WholePeriodTiers {

    static final TierReached TIER_2 = new TierReached("tiers", Period.MONTH, 2,
        Rate.ofPercent(10), Rate.ofPercent(20), java.math.RoundingMode.HALF_EVEN);

    /** 10% from the first sale of the month, 20% from the third (and 30% from the fifth). */
    CommissionPlan.Builder tiers(Payout.SalesTier... more) {
      List<Payout.SalesTier> all = new ArrayList<>(List.of(
          new Payout.SalesTier(1, Rate.ofPercent(10)), new Payout.SalesTier(3, Rate.ofPercent(20))));
      all.addAll(List.of(more));
      return CommissionPlan.builder().rule(CommissionRule.builder("tiers")
          .payout(Payout.tieredBySales(Period.MONTH, TierMode.WHOLE_PERIOD,
              all.toArray(Payout.SalesTier[]::new))).build());
    }

    AffiliateProgram tiered(CommissionPlan plan) {
      AffiliateProgram tiered = AffiliateProgram.builder().plan(plan).clock(clock)
          .listener(events::add).build();
      tiered.enroll(AffiliateProfile.of("mia"), "glow-with-mia");
      return tiered;
    }

    int orders;

    /** Records sales of mia for the given amounts, o1, o2 and on, an hour apart. */
    List<ConversionOutcome> sales(AffiliateProgram tiered, String... amounts) {
      List<ConversionOutcome> outcomes = new ArrayList<>();
      for (String amount : amounts) {
        String orderId = "o" + ++orders;
        tiered.recordClick("v-" + orderId, "GLOWWITHMIA");
        outcomes.add(tiered.recordConversion(order(orderId, "v-" + orderId, amount)));
        clock.advance(Duration.ofHours(1));
      }
      return outcomes;
    }

    /**
     * Regression: the true-up added up bases that the program keeps rounded, each a credit share
     * of a sale, and stated their sum as if it were exact.
     */
    @Test
    void recordConversion_sharedSalesReachingTier2_trueUpSaysEachBaseWasRounded() {
      AffiliateProgram shared = AffiliateProgram.builder()
          .plan(tiers().rounding(java.math.RoundingMode.DOWN).build())
          .model(AttributionModel.linear()).clock(clock).listener(events::add).build();
      shared.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");
      shared.enroll(AffiliateProfile.of("leo"), "LEOVLOGS");
      List<ConversionOutcome> outcomes = new ArrayList<>();
      for (int sale = 1; sale <= 3; sale++) {
        shared.recordClick("v" + sale, "GLOWWITHMIA");
        shared.recordClick("v" + sale, "LEOVLOGS");
        outcomes.add(shared.recordConversion(order("o" + sale, "v" + sale, "100.01")));
        clock.advance(Duration.ofHours(1));
      }

      // Half of each sale: 10% of USD 50.005 is USD 5.0005, rounded down; the figures keep
      // each base rounded down too, so the first two sales count USD 100.00 and USD 10.00.
      assertThat(outcomes.get(0).quotes().get(0).explanation()).isEqualTo("rule tiers matched "
          + "serum: tier 1 of month sales tiers (1st sale, whole period): 10% of USD 50.005 (50%"
          + " of USD 100.01 items after discount) = USD 5.0005; rounded DOWN to USD 5.00");
      TierTrueUp mias = outcomes.get(2).trueUps().stream()
          .filter(trueUp -> trueUp.affiliateId().equals("mia")).findFirst().orElseThrow();
      assertThat(mias.roundedShares()).isTrue();
      assertThat(mias.explanation()).isEqualTo("tier 2 of rule tiers reached: 20% (from 10%)"
          + " for the whole month; true-up of 2 earlier sales: 20% of USD 100.00 (their credited"
          + " bases, each rounded DOWN to the minor unit) = USD 20.00, less USD 10.00 earned ="
          + " USD 10.00");
      // Sales credited in full keep exact bases, and the true-up says nothing of rounding them.
      assertThat(sales(tiered(tiers().build()), "100.01", "100.01", "100.01").get(2).trueUps())
          .singleElement().satisfies(trueUp -> {
            assertThat(trueUp.roundedShares()).isFalse();
            assertThat(trueUp.explanation()).contains("20% of USD 200.02 = USD 40.004, rounded");
          });
    }

    @Test
    void recordConversion_thirdSaleReachingTier2_paysTheFirstTwoTheirTrueUp() {
      AffiliateProgram tiered = tiered(tiers().build());
      List<ConversionOutcome> outcomes = sales(tiered, "100.00", "100.00", "100.00");

      // 10% and 10%; the third sale earns 20% itself and owes the first two 20% of USD 200.00
      // less the USD 20.00 they earned: 3 × 20% × USD 100.00 = USD 60.00 in all.
      assertThat(outcomes).extracting(ConversionOutcome::commission)
          .containsExactly(usd("10.00"), usd("10.00"), usd("40.00"));
      ConversionOutcome third = outcomes.get(2);
      TierTrueUp trueUp = new TierTrueUp("mia", "order:o3/mia/tier/tiers", TIER_2, 2,
          usd("200.00"), usd("20.00"), usd("20.00"), usd("20.00"));
      assertThat(third.trueUps()).containsExactly(trueUp);
      assertThat(trueUp.explanation()).isEqualTo("tier 2 of rule tiers reached: 20% (from 10%)"
          + " for the whole month; true-up of 2 earlier sales: 20% of USD 200.00 = USD 40.00,"
          + " less USD 20.00 earned = USD 20.00");
      assertThat(third.transactions()).extracting(Transaction::key)
          .containsExactly("order:o3/mia", "order:o3/mia/tier/tiers");
      assertThat(tiered.ledger().item("order:o3/mia/tier/tiers").orElseThrow().accrual())
          .extracting(Accrual::amount, Accrual::orderId, Accrual::holdUntil)
          .containsExactly(usd("20.00"), "o3", clock.instant().minus(Duration.ofHours(1))
              .plus(Duration.ofDays(30)));
      assertThat(tiered.statement("mia", USD).pending()).isEqualTo(usd("60.00"));
      assertThat(events).last().isEqualTo(new ProgramEvent.CommissionAccrued("order:o3", "mia",
          "o3", "order:o3/mia/tier/tiers", usd("20.00"), trueUp.explanation()));
      assertThat(third.explain()).endsWith("\n  mia earns USD 20.00: " + trueUp.explanation());

      // A retry returns the outcome, true-up included, and posts nothing.
      int journal = tiered.ledger().journal().size();
      assertThat(tiered.recordConversion(third.conversion())).isSameAs(third);
      assertThat(tiered.ledger().journal()).hasSize(journal);
    }

    @Test
    void recordConversion_laterTiers_oweWhatTheEarlierTrueUpsHaveNotPaid() {
      AffiliateProgram tiered = tiered(tiers(new Payout.SalesTier(5, Rate.ofPercent(30)))
          .build());
      List<ConversionOutcome> outcomes = sales(tiered, "100.00", "100.00", "100.00", "100.00",
          "100.00");

      // Sale 5 reaches 30%: the four before it had bases of USD 400.00 and earned 10 + 10 + 20
      // + 20 (true-up) + 20 = USD 80.00; 30% of USD 400.00 is USD 120.00, so USD 40.00 is owed,
      // and the month earns USD 150.00, 30% of USD 500.00.
      assertThat(outcomes).extracting(ConversionOutcome::commission).containsExactly(
          usd("10.00"), usd("10.00"), usd("40.00"), usd("20.00"), usd("70.00"));
      assertThat(outcomes.get(4).trueUps()).singleElement().satisfies(trueUp -> {
        assertThat(trueUp.earlierSales()).isEqualTo(4);
        assertThat(trueUp.earlierBases()).isEqualTo(usd("400.00"));
        assertThat(trueUp.earlierCommissions()).isEqualTo(usd("80.00"));
        assertThat(trueUp.amount()).isEqualTo(usd("40.00"));
      });
      assertThat(tiered.statement("mia", USD).accrued()).isEqualTo(usd("150.00"));
    }

    /**
     * Regression: the replay started the month from the context of its earliest sale, which,
     * recorded last, counted the two later sales, so it counted them twice and paid a fourth and
     * fifth sale, and a milestone of the fourth, that the month never had.
     */
    @Test
    void replay_ofTheProgramsQuotes_withASaleRecordedLate_paysWhatTheProgramPaid() {
      CommissionPlan plan = tiers().milestone(dev.affiliatekit.commission.Milestone.of("fourth",
          Period.MONTH, 4, usd("50.00"))).build();
      AffiliateProgram tiered = tiered(plan);
      Instant sold = clock.instant();
      tiered.recordClick("v-late", "GLOWWITHMIA");
      clock.advance(Duration.ofHours(1));
      List<ConversionOutcome> outcomes = new ArrayList<>(sales(tiered, "100.00", "100.00"));
      outcomes.add(tiered.recordConversion(Conversion.builder("late", sold.plusSeconds(60),
          usd("100.00")).visitorId("v-late").build()));

      List<SimulationCase> cases = new ArrayList<>();
      for (ConversionOutcome outcome : outcomes) {
        CommissionQuote quote = outcome.quotes().get(0);
        cases.add(new SimulationCase(quote.conversion(), quote.credit(), quote.context()));
      }
      SimulationReport replayed = CommissionSimulation.replay(plan, plan, cases);

      // Three sales in the month, in time order: 10 + 10 + 20 and a true-up of 20; no fourth.
      assertThat(tiered.statement("mia", USD).accrued()).isEqualTo(usd("60.00"));
      assertThat(replayed.affiliate("mia", USD)).contains(
          new Difference(usd("60.00"), usd("60.00")));
      assertThat(replayed.outcomes()).extracting(outcome -> outcome.simulated().conversion()
          .orderId() + " " + outcome.currentTotal())
          .containsExactly("late USD 10.00", "o1 USD 10.00", "o2 USD 40.00");
    }

    /**
     * A sale recorded late, whose context counts three later sales and a paid tier of 2, is the
     * month's first sale in the replay, which a sale of another rule then lifts to tier 2.
     */
    @Test
    void replay_ofASaleRecordedLate_withAnotherRuleLiftingTheTier_paysInTimeOrder() {
      CommissionPlan plan = CommissionPlan.builder()
          .rule(CommissionRule.builder("tiers").target(RuleTarget.categories("SKIN_CARE"))
              .payout(Payout.tieredBySales(Period.MONTH, TierMode.WHOLE_PERIOD,
                  new Payout.SalesTier(1, Rate.ofPercent(10)),
                  new Payout.SalesTier(3, Rate.ofPercent(20)))).build())
          .rule(CommissionRule.builder("bags").target(RuleTarget.categories("BAGS"))
              .percentage(Rate.ofPercent(5)).build())
          .build();
      AffiliateProgram tiered = tiered(plan);
      Instant sold = clock.instant();
      tiered.recordClick("v-late", "GLOWWITHMIA");
      List<ConversionOutcome> outcomes = new ArrayList<>();
      for (String item : List.of("BAGS", "BAGS", "SKIN_CARE")) {
        clock.advance(Duration.ofHours(1));
        String orderId = "o" + (outcomes.size() + 1);
        tiered.recordClick("v-" + orderId, "GLOWWITHMIA");
        outcomes.add(tiered.recordConversion(cart(orderId, clock.instant(), item)));
      }
      // The serum sold first is recorded last, as the fourth sale, at the tier paid: 2.
      ConversionOutcome late = tiered.recordConversion(cart("late", sold.plusSeconds(60),
          "SKIN_CARE"));
      assertThat(late.quotes().get(0).context().paidTier("tiers")).hasValue(2);
      outcomes.add(late);

      List<SimulationCase> cases = new ArrayList<>();
      for (ConversionOutcome outcome : outcomes) {
        CommissionQuote quote = outcome.quotes().get(0);
        cases.add(new SimulationCase(quote.conversion(), quote.credit(), quote.context()));
      }
      SimulationReport replayed = CommissionSimulation.replay(plan, plan, cases);

      // In time order: the serum at 10% as the first sale, two bags at 5%, the second of which,
      // the third sale, lifts the month to tier 2 and pays the serum's true-up of 10%, then the
      // other serum at 20%.
      assertThat(replayed.outcomes()).extracting(outcome -> outcome.simulated().conversion()
          .orderId() + " " + outcome.currentTotal())
          .containsExactly("late USD 10.00", "o1 USD 5.00", "o2 USD 15.00", "o3 USD 20.00");
    }

    private static Conversion cart(String orderId, Instant at, String category) {
      return Conversion.builder(orderId, at, usd("100.00"))
          .visitorId("v-" + orderId)
          .lineItem(LineItem.of(category.toLowerCase(java.util.Locale.ROOT), category, 1,
              usd("100.00")))
          .build();
    }

    /**
     * Regression: what a rule's minimum paid an earlier sale above the rate of its base was taken
     * off the true-up of the other sales, so they earned less than the new rate.
     */
    @Test
    void recordConversion_trueUp_owesASaleThatAMinimumLiftedNothing_andTakesNothingOffTheRest() {
      CommissionPlan plan = CommissionPlan.builder().rule(CommissionRule.builder("tiers")
          .payout(Payout.tieredBySales(Period.MONTH, TierMode.WHOLE_PERIOD,
              new Payout.SalesTier(1, Rate.ofPercent(10)),
              new Payout.SalesTier(3, Rate.ofPercent(20))))
          .minimum(usd("5.00")).build()).build();
      AffiliateProgram tiered = tiered(plan);
      List<ConversionOutcome> outcomes = sales(tiered, "10.00", "100.00", "100.00");

      // 10% of 10.00 raised to the minimum of 5.00; 10.00; then 20.00 and a true-up of 10.00 for
      // the second sale: at 20%, the first is due max(2.00, 5.00), which it has.
      assertThat(outcomes).extracting(ConversionOutcome::commission)
          .containsExactly(usd("5.00"), usd("10.00"), usd("30.00"));
      assertThat(tiered.statement("mia", USD).accrued()).isEqualTo(usd("45.00"));
      List<SimulationCase> cases = new ArrayList<>();
      for (ConversionOutcome outcome : outcomes) {
        CommissionQuote quote = outcome.quotes().get(0);
        cases.add(new SimulationCase(quote.conversion(), quote.credit(), quote.context()));
      }
      assertThat(CommissionSimulation.replay(plan, plan, cases).affiliate("mia", USD))
          .contains(new Difference(usd("45.00"), usd("45.00")));
    }

    /**
     * Regression: with the first case built by hand, with no recorded performance, the replay
     * started the month from the second case's, which counts the first sale, so it counted that
     * sale twice and filled the cap with it.
     */
    @Test
    void replay_withACaseBuiltByHand_startsItsPeriodFromNothing() {
      CommissionPlan capped = CommissionPlan.builder()
          .rule(CommissionRule.percentage("all", Rate.ofPercent(80)))
          .periodCap(Period.MONTH, usd("100.00")).build();
      CommissionPlan wider = CommissionPlan.builder()
          .rule(CommissionRule.percentage("all", Rate.ofPercent(80)))
          .periodCap(Period.MONTH, usd("150.00")).build();
      AffiliateProgram program = tiered(capped);
      List<ConversionOutcome> outcomes = sales(program, "100.00", "100.00");
      CommissionQuote first = outcomes.get(0).quotes().get(0);
      CommissionQuote second = outcomes.get(1).quotes().get(0);

      SimulationReport replayed = CommissionSimulation.replay(capped, wider, List.of(
          SimulationCase.of(first.conversion(), first.credit(), AffiliateProfile.of("mia")),
          new SimulationCase(second.conversion(), second.credit(), second.context())));

      assertThat(replayed.outcomes()).extracting(outcome -> outcome.currentTotal() + " -> "
          + outcome.proposedTotal())
          .containsExactly("USD 80.00 -> USD 80.00", "USD 20.00 -> USD 70.00");
    }

    @Test
    void recordConversion_milestoneBonus_isNotPartOfTheTrueUp() {
      AffiliateProgram tiered = tiered(tiers()
          .milestone(dev.affiliatekit.commission.Milestone.of("second", Period.MONTH, 2,
              usd("5.00"))).build());
      List<ConversionOutcome> outcomes = sales(tiered, "100.00", "100.00", "100.00");

      // 10 + (10 + 5 bonus) + 20 + a true-up of 20% of 200.00 less the 20.00 of commission:
      // 60.00 of commission at 20% and the 5.00 bonus.
      assertThat(outcomes).extracting(ConversionOutcome::commission)
          .containsExactly(usd("10.00"), usd("15.00"), usd("40.00"));
      assertThat(tiered.statement("mia", USD).accrued()).isEqualTo(usd("65.00"));
    }

    @Test
    void recordConversion_capPerPeriodReached_grantsNoTrueUp() {
      AffiliateProgram tiered = tiered(tiers().periodCap(Period.MONTH, usd("25.00")).build());
      List<ConversionOutcome> outcomes = sales(tiered, "100.00", "100.00", "100.00");

      // 10 + 10, then the 5.00 left of the cap; the true-up of 20.00 is cut to nothing.
      assertThat(outcomes).extracting(ConversionOutcome::commission)
          .containsExactly(usd("10.00"), usd("10.00"), usd("5.00"));
      TierTrueUp trueUp = outcomes.get(2).trueUps().get(0);
      assertThat(trueUp.owed()).isEqualTo(usd("20.00"));
      assertThat(trueUp.amount()).isEqualTo(usd("0.00"));
      assertThat(trueUp.explanation()).endsWith("= USD 20.00; cut to USD 0.00 by the caps per"
          + " period");
      assertThat(outcomes.get(2).transactions()).extracting(Transaction::key)
          .containsExactly("order:o3/mia");
      assertThat(tiered.ledger().item("order:o3/mia/tier/tiers")).isEmpty();
      assertThat(tiered.statement("mia", USD).accrued()).isEqualTo(usd("25.00"));
    }

    @Test
    void recordConversion_capPerPeriodPartlyLeft_grantsWhatIsLeft_andCountsIt() {
      AffiliateProgram tiered = tiered(tiers().periodCap(Period.MONTH, usd("50.00")).build());
      List<ConversionOutcome> outcomes = sales(tiered, "100.00", "100.00", "100.00", "100.00");

      // 10 + 10 + 20 leave 10.00 of the cap for the true-up of 20.00; the fourth sale finds the
      // cap reached.
      assertThat(outcomes).extracting(ConversionOutcome::commission)
          .containsExactly(usd("10.00"), usd("10.00"), usd("30.00"), usd("0.00"));
      assertThat(outcomes.get(2).trueUps().get(0).amount()).isEqualTo(usd("10.00"));
      assertThat(tiered.statement("mia", USD).accrued()).isEqualTo(usd("50.00"));
    }

    @Test
    void refund_ofTheSaleThatReachedTheTier_reversesItsShareOfTheTrueUpToo() {
      AffiliateProgram tiered = tiered(tiers().build());
      sales(tiered, "100.00", "100.00", "100.00");

      // Half of order o3 back: half of its USD 20.00 commission and half of its USD 20.00
      // true-up, c × r / t for each item of the order.
      RefundOutcome half = tiered.refund(Refund.partial("o3", "r1", usd("50.00"), "one back"));
      assertThat(half.transactions()).extracting(Transaction::key).containsExactly(
          "refund:o3:r1/order:o3/mia", "refund:o3:r1/order:o3/mia/tier/tiers");
      assertThat(half.reversed()).isEqualTo(Map.of("mia", usd("20.00")));
      RefundOutcome rest = tiered.refund(Refund.full("o3", "r2", "all back"));
      assertThat(rest.reversed()).isEqualTo(Map.of("mia", usd("20.00")));
      // What is left is the first two sales at 10%: refunds do not lower what tiers count.
      assertThat(tiered.statement("mia", USD).earned()).isEqualTo(usd("20.00"));
      assertThat(tiered.ledger().item("order:o3/mia/tier/tiers").orElseThrow().outstanding())
          .isEqualTo(usd("0.00"));
    }

    @Test
    void recordConversion_nextMonth_startsItsOwnTiersAndFigures() {
      AffiliateProgram tiered = tiered(tiers().build());
      clock.set(Instant.parse("2026-03-31T21:00:00Z"));
      List<ConversionOutcome> outcomes = sales(tiered, "100.00", "100.00", "100.00", "100.00",
          "100.00");

      // Three sales in March (21:00 to 23:00), the fourth and fifth on 1 April: 10% each.
      assertThat(outcomes).extracting(ConversionOutcome::commission).containsExactly(
          usd("10.00"), usd("10.00"), usd("40.00"), usd("10.00"), usd("10.00"));
      List<ConversionOutcome> april = sales(tiered, "100.00");
      assertThat(april.get(0).trueUps()).singleElement().satisfies(trueUp -> {
        assertThat(trueUp.earlierSales()).isEqualTo(2);
        assertThat(trueUp.amount()).isEqualTo(usd("20.00"));
      });
    }

    @Test
    void recordConversion_salePricedByTwoRules_countsTheTieredRulesPortion() {
      AffiliateProgram tiered = tiered(tiers().rule(CommissionRule.builder("bags")
          .target(dev.affiliatekit.commission.RuleTarget.categories("BAGS"))
          .percentage(Rate.ofPercent(5)).build()).build());
      sales(tiered, "100.00");
      tiered.recordClick("v-two", "GLOWWITHMIA");
      ConversionOutcome two = tiered.recordConversion(Conversion.builder("two", clock.instant(),
          usd("200.00")).visitorId("v-two")
          .lineItem(LineItem.of("serum", "SKIN_CARE", 1, usd("100.00")))
          .lineItem(LineItem.of("tote", "BAGS", 1, usd("100.00"))).build());
      clock.advance(Duration.ofHours(1));
      ConversionOutcome third = sales(tiered, "100.00").get(0);

      // The second sale earns 10% of the serum and 5% of the tote. The true-up counts the two
      // serums before the third sale: 20% of USD 200.00 less the USD 20.00 they earned.
      assertThat(two.commission()).isEqualTo(usd("15.00"));
      assertThat(third.trueUps()).singleElement().satisfies(trueUp -> {
        assertThat(trueUp.earlierSales()).isEqualTo(2);
        assertThat(trueUp.earlierBases()).isEqualTo(usd("200.00"));
        assertThat(trueUp.earlierCommissions()).isEqualTo(usd("20.00"));
        assertThat(trueUp.amount()).isEqualTo(usd("20.00"));
      });
      assertThat(third.commission()).isEqualTo(usd("40.00"));
    }

    /** The tiers on serums, and 5% on bags. */
    AffiliateProgram serumTiersAndBags(CommissionPlan.Builder plan) {
      return tiered(plan.rule(CommissionRule.builder("bags")
          .target(dev.affiliatekit.commission.RuleTarget.categories("BAGS"))
          .percentage(Rate.ofPercent(5)).build()).build());
    }

    /** Records a sale of mia of one item, an hour after the previous one. */
    ConversionOutcome sale(AffiliateProgram tiered, String product, String category,
        String amount) {
      String orderId = "o" + ++orders;
      tiered.recordClick("v-" + orderId, "GLOWWITHMIA");
      ConversionOutcome outcome = tiered.recordConversion(Conversion.builder(orderId,
              clock.instant(), usd(amount)).visitorId("v-" + orderId)
          .lineItem(LineItem.of(product, category, 1, usd(amount))).build());
      clock.advance(Duration.ofHours(1));
      return outcome;
    }

    CommissionPlan.Builder serumTiers() {
      return CommissionPlan.builder().rule(CommissionRule.builder("tiers")
          .target(dev.affiliatekit.commission.RuleTarget.categories("SKIN_CARE"))
          .payout(Payout.tieredBySales(Period.MONTH, TierMode.WHOLE_PERIOD,
              new Payout.SalesTier(1, Rate.ofPercent(10)),
              new Payout.SalesTier(3, Rate.ofPercent(20)))).build());
    }

    @Test
    void recordConversion_tierReachedByAnotherRulesSale_paysTheTieredSalesTrueUpWithIt() {
      AffiliateProgram tiered = serumTiersAndBags(serumTiers());

      ConversionOutcome serum = sale(tiered, "serum", "SKIN_CARE", "100.00");
      ConversionOutcome bag = sale(tiered, "tote", "BAGS", "100.00");
      ConversionOutcome thirdSale = sale(tiered, "tote", "BAGS", "100.00");
      ConversionOutcome laterSerum = sale(tiered, "serum", "SKIN_CARE", "100.00");

      // The serum earns 10%; each bag 5%. The second bag is the month's third sale, so the tiers
      // pay 20% from now on, the serum before included: 20% of USD 100.00 less USD 10.00 is owed
      // with that bag. The later serum earns 20% and owes nothing more.
      assertThat(List.of(serum, bag, thirdSale, laterSerum)).extracting(
          ConversionOutcome::commission).containsExactly(usd("10.00"), usd("5.00"), usd("15.00"),
              usd("20.00"));
      TierTrueUp trueUp = new TierTrueUp("mia", "order:o3/mia/tier/tiers", TIER_2, 1,
          usd("100.00"), usd("10.00"), usd("10.00"), usd("10.00"));
      assertThat(thirdSale.trueUps()).containsExactly(trueUp);
      assertThat(thirdSale.quotes().get(0).explanation()).contains("rule tiers did not pay this"
          + " sale, but the month's 3rd sale is in tier 2 (whole period); tier 2 reached, so the"
          + " earlier sales of the month are owed a true-up from 10% to 20%");
      assertThat(laterSerum.trueUps()).isEmpty();
      assertThat(laterSerum.quotes().get(0).tiers()).isEqualTo(Map.of("tiers", 2));
      assertThat(tiered.statement("mia", USD).accrued()).isEqualTo(usd("50.00"));
    }

    @Test
    void recordConversion_tierReachedByAnotherRulesSale_beforeAnyTieredSale_owesNothing() {
      AffiliateProgram tiered = serumTiersAndBags(serumTiers());

      sale(tiered, "tote", "BAGS", "100.00");
      sale(tiered, "tote", "BAGS", "100.00");
      ConversionOutcome thirdSale = sale(tiered, "tote", "BAGS", "100.00");
      ConversionOutcome serum = sale(tiered, "serum", "SKIN_CARE", "100.00");

      // No serum before the tier: nothing to true up, and the serum earns 20% at once.
      assertThat(thirdSale.trueUps()).isEmpty();
      assertThat(serum.trueUps()).isEmpty();
      assertThat(serum.commission()).isEqualTo(usd("20.00"));
      assertThat(tiered.statement("mia", USD).accrued()).isEqualTo(usd("35.00"));
    }

    @Test
    void recordConversion_chargeOutsideTheTiersTerm_liftsTheTier_butIsNotTrueUp() {
      AffiliateProgram tiered = tiered(CommissionPlan.builder().rule(CommissionRule
          .builder("tiers").payout(Payout.tieredBySales(Period.MONTH, TierMode.WHOLE_PERIOD,
              new Payout.SalesTier(1, Rate.ofPercent(10)),
              new Payout.SalesTier(3, Rate.ofPercent(20)),
              new Payout.SalesTier(5, Rate.ofPercent(30))))
          .recurring(dev.affiliatekit.commission.RecurringTerm.firstPeriods(1)).build()).build());
      List<ConversionOutcome> outcomes = new ArrayList<>(sales(tiered, "100.00", "100.00"));
      tiered.recordClick("v-renewal", "GLOWWITHMIA");
      outcomes.add(tiered.recordConversion(Conversion.builder("renewal", clock.instant(),
              usd("100.00")).visitorId("v-renewal")
          .subscription("sub-1", 2, clock.instant().minus(Duration.ofDays(20))).build()));
      clock.advance(Duration.ofHours(1));
      outcomes.addAll(sales(tiered, "100.00", "100.00"));

      // The renewal is outside the one-period term: it earns nothing, but it is the month's third
      // sale, so the two before it are owed 20%: USD 20.00. The fifth sale reaches 30% for the
      // three sales inside the term, USD 300.00 that earned 10 + 10 + 20 + 20 = USD 60.00: USD
      // 30.00 more. The month earns 30% of USD 300.00 plus the fifth's 30.00 = USD 120.00.
      assertThat(outcomes).extracting(ConversionOutcome::commission).containsExactly(
          usd("10.00"), usd("10.00"), usd("20.00"), usd("20.00"), usd("60.00"));
      assertThat(outcomes.get(4).trueUps()).singleElement().satisfies(trueUp -> {
        assertThat(trueUp.earlierSales()).isEqualTo(3);
        assertThat(trueUp.earlierBases()).isEqualTo(usd("300.00"));
        assertThat(trueUp.amount()).isEqualTo(usd("30.00"));
      });
      assertThat(tiered.statement("mia", USD).accrued()).isEqualTo(usd("120.00"));
    }

    @Test
    void recordConversion_revenueTierReachedByAnotherRulesSale_paysTheTrueUpWithIt() {
      AffiliateProgram tiered = serumTiersAndBags(CommissionPlan.builder().rule(CommissionRule
          .builder("revenue").target(dev.affiliatekit.commission.RuleTarget.categories("SKIN_CARE"))
          .payout(Payout.tieredByRevenue(Period.MONTH, TierMode.WHOLE_PERIOD,
              new Payout.RevenueTier(usd("0.00"), Rate.ofPercent(10)),
              new Payout.RevenueTier(usd("250.00"), Rate.ofPercent(20)))).build()));

      sale(tiered, "serum", "SKIN_CARE", "100.00");
      sale(tiered, "tote", "BAGS", "100.00");
      ConversionOutcome past250 = sale(tiered, "tote", "BAGS", "100.00");

      // The month's revenue goes from USD 200.00 to USD 300.00 with the second bag: the serum is
      // owed 20% of USD 100.00 less the USD 10.00 it earned.
      assertThat(past250.trueUps()).singleElement().satisfies(trueUp -> {
        assertThat(trueUp.itemKey()).isEqualTo("order:o3/mia/tier/revenue");
        assertThat(trueUp.amount()).isEqualTo(usd("10.00"));
      });
      assertThat(past250.quotes().get(0).explanation()).contains("rule revenue did not pay this"
          + " sale, but month revenue USD 300.00 is in tier 2 (whole period)");
      assertThat(tiered.statement("mia", USD).accrued()).isEqualTo(usd("30.00"));
    }

    @Test
    void recordConversion_revenueTiersForTheWholePeriod_payTheTrueUpToo() {
      AffiliateProgram tiered = tiered(CommissionPlan.builder().rule(CommissionRule
          .builder("revenue").payout(Payout.tieredByRevenue(Period.MONTH, TierMode.WHOLE_PERIOD,
              new Payout.RevenueTier(usd("0.00"), Rate.ofPercent(10)),
              new Payout.RevenueTier(usd("250.00"), Rate.ofPercent(20)))).build()).build());
      List<ConversionOutcome> outcomes = sales(tiered, "100.00", "100.00", "100.00");

      // The third sale takes the month's revenue from 200.00 to 300.00, past 250.00.
      assertThat(outcomes).extracting(ConversionOutcome::commission)
          .containsExactly(usd("10.00"), usd("10.00"), usd("40.00"));
      assertThat(outcomes.get(2).trueUps().get(0).itemKey())
          .isEqualTo("order:o3/mia/tier/revenue");
    }

    /** 15% from the first sale of the month, 20% from the 51st, never more than USD 200.00. */
    CommissionPlan flagship() {
      return CommissionPlan.builder().rule(CommissionRule.builder("tiers")
          .payout(Payout.tieredBySales(Period.MONTH, TierMode.WHOLE_PERIOD,
              new Payout.SalesTier(1, Rate.ofPercent(15)),
              new Payout.SalesTier(51, Rate.ofPercent(20))))
          .build()).capPerConversion(usd("200.00")).build();
    }

    @Test
    void recordConversion_tierReached_leavesAnEarlierSaleHeldByThePlanCapAtItsCap() {
      AffiliateProgram tiered = tiered(flagship());
      String[] amounts = new String[51];
      amounts[0] = "2000.00";
      java.util.Arrays.fill(amounts, 1, 51, "10.00");
      List<ConversionOutcome> outcomes = sales(tiered, amounts);

      // o1 earns 15% of USD 2000.00 = USD 300.00, capped at USD 200.00; at 20% it would earn USD
      // 400.00, still capped at USD 200.00, so it is owed nothing. The 49 sales of USD 10.00
      // before sale 51 earned USD 1.50 each, USD 73.50, and are owed 20% of USD 490.00 less
      // that: USD 24.50. Sale 51 earns USD 2.00 itself. The 50 small sales earn 20% of USD
      // 500.00 = USD 100.00 in all, and o1 its cap: USD 300.00 for the month.
      ConversionOutcome last = outcomes.get(50);
      TierReached tier2 = new TierReached("tiers", Period.MONTH, 2, Rate.ofPercent(15),
          Rate.ofPercent(20), java.math.RoundingMode.HALF_EVEN);
      TierTrueUp trueUp = new TierTrueUp("mia", "order:o51/mia/tier/tiers", tier2, 50,
          usd("2490.00"), usd("273.50"), 1, usd("298.00"), usd("24.50"), usd("24.50"));
      assertThat(outcomes.get(0).commission()).isEqualTo(usd("200.00"));
      assertThat(last.trueUps()).containsExactly(trueUp);
      assertThat(last.commission()).isEqualTo(usd("26.50"));
      assertThat(trueUp.explanation()).isEqualTo("tier 2 of rule tiers reached: 20% (from 15%)"
          + " for the whole month; true-up of 50 earlier sales: 20% of USD 2490.00 = USD 498.00,"
          + " USD 298.00 within the caps per conversion of 1 sale and no less than each sale earned,"
          + " less USD 273.50 earned"
          + " = USD 24.50");
      assertThat(tiered.statement("mia", USD).accrued()).isEqualTo(usd("300.00"));
    }

    @Test
    void recordConversion_saleBelowTheCapAtTheOldRate_isOwedTheNewRateOnlyUpToTheCap() {
      AffiliateProgram tiered = tiered(tiers().capPerConversion(usd("15.00")).build());
      List<ConversionOutcome> outcomes = sales(tiered, "100.00", "50.00", "50.00");

      // o1 earns 10% of USD 100.00 = USD 10.00, below the cap; at 20% it would earn USD 20.00,
      // so it is owed USD 15.00 - 10.00 = USD 5.00. o2 earns USD 5.00 and, at 20% of USD 50.00
      // = USD 10.00 within the cap, is owed USD 5.00. The true-up is USD 10.00 (not USD 15.00).
      assertThat(outcomes).extracting(ConversionOutcome::commission)
          .containsExactly(usd("10.00"), usd("5.00"), usd("20.00"));
      assertThat(outcomes.get(2).trueUps()).singleElement().satisfies(trueUp -> {
        assertThat(trueUp.earlierBases()).isEqualTo(usd("150.00"));
        assertThat(trueUp.cappedSales()).isEqualTo(1);
        assertThat(trueUp.due()).isEqualTo(usd("25.00"));
        assertThat(trueUp.amount()).isEqualTo(usd("10.00"));
        assertThat(trueUp.explanation()).endsWith("20% of USD 150.00 = USD 30.00, USD 25.00"
            + " within the caps per conversion of 1 sale and no less than each sale earned, less"
            + " USD 15.00 earned = USD 10.00");
      });
      assertThat(tiered.statement("mia", USD).accrued()).isEqualTo(usd("35.00"));
    }

    @Test
    void recordConversion_ruleCap_holdsTheEarlierSaleToTheRulesCap() {
      AffiliateProgram tiered = tiered(CommissionPlan.builder().rule(CommissionRule
          .builder("tiers").payout(Payout.tieredBySales(Period.MONTH, TierMode.WHOLE_PERIOD,
              new Payout.SalesTier(1, Rate.ofPercent(10)),
              new Payout.SalesTier(3, Rate.ofPercent(20))))
          .cap(usd("15.00")).build()).build());
      List<ConversionOutcome> outcomes = sales(tiered, "120.00", "50.00", "50.00");

      // o1 earns USD 12.00 and, at 20%, USD 24.00 held to the rule's USD 15.00: owed USD 3.00;
      // o2 earns USD 5.00 and is owed USD 5.00: USD 8.00 (the sums would owe USD 17.00).
      assertThat(outcomes.get(2).trueUps()).singleElement()
          .extracting(TierTrueUp::due, TierTrueUp::owed, TierTrueUp::amount)
          .containsExactly(usd("25.00"), usd("8.00"), usd("8.00"));
      assertThat(tiered.statement("mia", USD).accrued()).isEqualTo(usd("35.00"));
    }

    @Test
    void recordConversion_creditShare_scalesTheEarlierSalesCap() {
      AffiliateProgram linear = AffiliateProgram.builder()
          .plan(tiers().capPerConversion(usd("15.00")).build())
          .model(AttributionModel.linear()).clock(clock).build();
      miaThenLeo(linear, Duration.ofHours(1));
      List<ConversionOutcome> outcomes = new ArrayList<>();
      for (String amount : List.of("400.00", "20.00", "20.00")) {
        outcomes.add(linear.recordConversion(order("o" + (outcomes.size() + 1), "v1", amount)));
        clock.advance(Duration.ofHours(1));
      }

      // Each of mia and leo has half of every sale. o1: 10% of USD 200.00 = USD 20.00, capped at
      // 50% of USD 15.00 = USD 7.50, which 20% of USD 200.00 passes too: owed nothing. o2: USD
      // 1.00, and 20% of USD 10.00 = USD 2.00 is owed USD 1.00. Unscaled, the cap would owe o1
      // USD 7.50 more.
      ConversionOutcome third = outcomes.get(2);
      assertThat(third.trueUps()).hasSize(2).allSatisfy(trueUp -> {
        assertThat(trueUp.earlierBases()).isEqualTo(usd("210.00"));
        assertThat(trueUp.earlierCommissions()).isEqualTo(usd("8.50"));
        assertThat(trueUp.due()).isEqualTo(usd("9.50"));
        assertThat(trueUp.amount()).isEqualTo(usd("1.00"));
      });
      assertThat(linear.statement("mia", USD).accrued()).isEqualTo(usd("11.50"));
      assertThat(linear.statement("leo", USD).accrued()).isEqualTo(usd("11.50"));
    }

    @Test
    void recordConversion_saleSplitBetweenTwoRules_holdsTheTieredPortionToWhatThePlanCapLeft() {
      AffiliateProgram tiered = serumTiersAndBags(serumTiers().capPerConversion(usd("12.00")));
      tiered.recordClick("v-o1", "GLOWWITHMIA");
      ConversionOutcome split = tiered.recordConversion(Conversion.builder("o1",
              clock.instant(), usd("200.00")).visitorId("v-o1")
          .lineItem(LineItem.of("serum", "SKIN_CARE", 1, usd("100.00")))
          .lineItem(LineItem.of("tote", "BAGS", 1, usd("100.00"))).build());
      clock.advance(Duration.ofHours(1));
      orders = 1;
      ConversionOutcome second = sale(tiered, "serum", "SKIN_CARE", "50.00");
      ConversionOutcome third = sale(tiered, "serum", "SKIN_CARE", "50.00");

      // o1: USD 10.00 for the serum and USD 5.00 for the tote, capped at USD 12.00 and divided
      // USD 8.00 and USD 4.00. At 20% the serum would earn USD 20.00, but the cap leaves it USD
      // 12.00 - 4.00 = USD 8.00, which it has: owed nothing. o2 earned USD 5.00 and is owed
      // USD 5.00 more at 20%: the true-up is USD 5.00, not 20% of USD 150.00 less USD 13.00.
      assertThat(List.of(split, second, third)).extracting(ConversionOutcome::commission)
          .containsExactly(usd("12.00"), usd("5.00"), usd("15.00"));
      assertThat(third.trueUps()).singleElement().satisfies(trueUp -> {
        assertThat(trueUp.earlierBases()).isEqualTo(usd("150.00"));
        assertThat(trueUp.earlierCommissions()).isEqualTo(usd("13.00"));
        assertThat(trueUp.due()).isEqualTo(usd("18.00"));
        assertThat(trueUp.amount()).isEqualTo(usd("5.00"));
      });
      assertThat(tiered.statement("mia", USD).accrued()).isEqualTo(usd("32.00"));
    }

    /**
     * A program whose rules for the serum and for skin care each pay 15%, then 20% from sale 2
     * of the month, never more than USD 200.00 an order, the serum's rule perhaps capped too.
     */
    AffiliateProgram serumAndSkinTiers(Optional<Money> serumCap) {
      Payout tiers = Payout.tieredBySales(Period.MONTH, TierMode.WHOLE_PERIOD,
          new Payout.SalesTier(1, Rate.ofPercent(15)), new Payout.SalesTier(2, Rate.ofPercent(20)));
      CommissionRule.Builder serum = CommissionRule.builder("serum")
          .target(RuleTarget.products("serum")).payout(tiers);
      serumCap.ifPresent(serum::cap);
      return tiered(CommissionPlan.builder().rule(serum.build())
          .rule(CommissionRule.builder("skin").target(RuleTarget.categories("SKIN_CARE"))
              .payout(tiers).build())
          .capPerConversion(usd("200.00")).build());
    }

    /** Records the next order: a serum and a cream at the price each. */
    ConversionOutcome serumAndCream(AffiliateProgram tiered, String price) {
      String orderId = "o" + ++orders;
      tiered.recordClick("v-" + orderId, "GLOWWITHMIA");
      ConversionOutcome outcome = tiered.recordConversion(Conversion.builder(orderId,
              clock.instant(), usd(price).times(2)).visitorId("v-" + orderId)
          .lineItem(LineItem.of("serum", "SKIN_CARE", 1, usd(price)))
          .lineItem(LineItem.of("cream", "SKIN_CARE", 1, usd(price))).build());
      clock.advance(Duration.ofHours(1));
      return outcome;
    }

    @Test
    void recordConversion_twoTieredRulesOfOneSale_shareWhatThePlanCapLeaves() {
      AffiliateProgram tiered = serumAndSkinTiers(Optional.empty());
      serumAndCream(tiered, "600.00");

      ConversionOutcome second = serumAndCream(tiered, "10.00");

      // o1 earns 15% of each USD 600.00, USD 180.00, USD 20.00 below the cap. o2 reaches tier 2
      // of both rules: at 20% each portion of o1 would earn USD 120.00, but they share the USD
      // 20.00 by their bases, so each is owed USD 10.00 and o1 ends at its USD 200.00.
      assertThat(second.trueUps()).extracting(TierTrueUp::amount)
          .containsExactly(usd("10.00"), usd("10.00"));
      assertThat(tiered.statement("mia", USD).accrued())
          .isEqualTo(usd("180.00").plus(usd("4.00")).plus(usd("20.00")));
    }

    @Test
    void recordConversion_aTieredPortionAtItsRulesCap_leavesThePlanCapsRoomToTheOthers() {
      AffiliateProgram tiered = serumAndSkinTiers(Optional.of(usd("90.00")));
      serumAndCream(tiered, "600.00");

      ConversionOutcome candle = sale(tiered, "candle", "SKIN_CARE", "10.00");

      // o1 earns USD 90.00 on each item, USD 20.00 below the plan's cap. The serum is held at its
      // rule's USD 90.00 cap, so the cream takes all the room: 20% of USD 600.00 is USD 120.00,
      // held to USD 110.00, a true-up of USD 20.00, and o1 ends at its USD 200.00.
      assertThat(candle.trueUps()).extracting(TierTrueUp::amount)
          .containsExactlyInAnyOrder(usd("0.00"), usd("20.00"));
      assertThat(tiered.statement("mia", USD).accrued()).isEqualTo(usd("202.00"));
    }

    /** Records 101 sales of USD 0.25 with mia's coupon in March under the plan, a minute apart. */
    List<ConversionOutcome> quarterDollarSales(CommissionPlan plan) {
      TestClock minutes = new TestClock(START);
      AffiliateProgram program = AffiliateProgram.builder().plan(plan).clock(minutes).build();
      program.enroll(AffiliateProfile.of("mia"), "MIA10");
      List<ConversionOutcome> outcomes = new ArrayList<>();
      for (int i = 1; i <= 101; i++) {
        outcomes.add(program.recordConversion(Conversion.builder("o" + i, minutes.instant(),
            usd("0.25")).customerId("c" + i).couponCode("MIA10").build()));
        minutes.advance(Duration.ofMinutes(1));
      }
      assertThat(program.statement("mia", USD).accrued()).isEqualTo(outcomes.stream()
          .map(ConversionOutcome::commission).reduce(usd("0.00"), Money::plus));
      return outcomes;
    }

    /**
     * Regression: a tier at the rate of the tier before it was reached as if the rate rose, and
     * its true-up paid the month's earlier sales their rate rounded once less their rate rounded
     * sale by sale, though the rate never changed: 101 sales of USD 0.25 at 10% earned USD 2.52
     * instead of the USD 2.02 that a flat 10% pays, and the simulation saw a difference.
     */
    @Test
    void recordConversion_tierAtTheRateOfTheTierBefore_owesNoTrueUp_andPaysTheFlatRate() {
      CommissionPlan flat = CommissionPlan.builder()
          .rule(CommissionRule.percentage("tiers", Rate.ofPercent(10))).build();
      CommissionPlan equal = CommissionPlan.builder().rule(CommissionRule.builder("tiers")
          .payout(Payout.tieredBySales(Period.MONTH, TierMode.WHOLE_PERIOD,
              new Payout.SalesTier(1, Rate.ofPercent(10)),
              new Payout.SalesTier(101, Rate.ofPercent(10)))).build()).build();

      List<ConversionOutcome> flatSales = quarterDollarSales(flat);
      List<ConversionOutcome> tieredSales = quarterDollarSales(equal);

      // Each sale earns 10% of USD 0.25, USD 0.025, rounded half-even to USD 0.02; the 101st is
      // paid at tier 2, whose rate is the 10% the first 100 earned, so they are owed nothing.
      assertThat(tieredSales).extracting(ConversionOutcome::commission)
          .containsExactlyElementsOf(flatSales.stream().map(ConversionOutcome::commission)
              .toList())
          .containsOnly(usd("0.02"));
      ConversionOutcome last = tieredSales.get(100);
      CommissionQuote quote = last.quotes().get(0);
      assertThat(last.trueUps()).isEmpty();
      assertThat(quote.tiersReached()).isEmpty();
      assertThat(quote.tiers()).isEqualTo(Map.of("tiers", 2));
      assertThat(quote.explanation()).isEqualTo("rule tiers matched: tier 2 of month sales"
          + " tiers (101st sale, whole period): 10% of USD 0.25 (items after discount)"
          + " = USD 0.025; rounded HALF_EVEN to USD 0.02");
      assertThat(last.transactions()).extracting(Transaction::key)
          .containsExactly(last.key() + "/mia");

      List<SimulationCase> cases = new ArrayList<>();
      for (ConversionOutcome outcome : tieredSales) {
        CommissionQuote recorded = outcome.quotes().get(0);
        cases.add(new SimulationCase(recorded.conversion(), recorded.credit(),
            recorded.context()));
      }
      SimulationReport report = CommissionSimulation.replay(flat, equal, cases);
      assertThat(report.total(USD)).contains(new Difference(usd("2.02"), usd("2.02")));
      assertThat(report.outcomes()).allSatisfy(outcome -> {
        assertThat(outcome.proposedTrueUp()).isEqualTo(usd("0.00"));
        assertThat(outcome.change()).isEqualTo(usd("0.00"));
      });
    }
  }

  @Nested
  class Refunds {

    @Test
    void refund_partial_takesBackTheSameFractionOfTheCommission() {
      enrollTwo();
      program.recordClick("v1", "GLOWWITHMIA");
      program.recordConversion(order("o1", "v1", "80.00"));          // mia earns USD 8.00
      RefundOutcome outcome = program.refund(
          Refund.partial("o1", "rma-1", usd("20.00"), "serum returned"));
      assertThat(outcome.refunded()).isEqualTo(usd("20.00"));
      assertThat(outcome.reversed()).isEqualTo(Map.of("mia", usd("2.00")));
      assertThat(outcome.totalReversed()).isEqualTo(usd("2.00"));
      assertThat(outcome.transactions()).extracting(Transaction::key)
          .containsExactly("refund:o1:rma-1/order:o1/mia");
      assertThat(program.ledger().balances("mia", USD).pending()).isEqualTo(usd("6.00"));
      assertThat(events).last().isEqualTo(new ProgramEvent.CommissionReversed("refund:o1:rma-1",
          "mia", "o1", "order:o1/mia", usd("2.00"), ReversalKind.REFUND, "serum returned"));
    }

    @Test
    void refund_partsRoundToTheSameAsTheirSum() {
      enrollTwo();
      program.recordClick("v1", "GLOWWITHMIA");
      program.recordConversion(order("o1", "v1", "30.00"));          // mia earns USD 3.00
      // 3.00 × 10/30 = 1.00; then 3.00 × 11/30 = 1.10, so the second refund takes 0.10;
      // the rest, 3.00 − 1.10 = 1.90, goes with the full refund.
      assertThat(program.refund(Refund.partial("o1", "r1", usd("10.00"), "one")).totalReversed())
          .isEqualTo(usd("1.00"));
      assertThat(program.refund(Refund.partial("o1", "r2", usd("1.00"), "two")).totalReversed())
          .isEqualTo(usd("0.10"));
      RefundOutcome rest = program.refund(Refund.full("o1", "r3", "rest"));
      assertThat(rest.refunded()).isEqualTo(usd("19.00"));
      assertThat(rest.totalReversed()).isEqualTo(usd("1.90"));
      assertThat(program.ledger().balances("mia", USD))
          .isEqualTo(new Balances(usd("0.00"), usd("0.00"), usd("0.00"), usd("0.00")));
    }

    @Test
    void refund_twoCreditedAffiliates_eachLosesTheirShare() {
      AffiliateProgram linear = AffiliateProgram.builder().plan(TEN_PERCENT)
          .model(AttributionModel.linear()).clock(clock).build();
      miaThenLeo(linear, Duration.ofHours(1));
      // USD 80.01 split 50/50 by linear credit: 40.01 and 40.00 → commissions 4.00 and 4.00.
      ConversionOutcome sale = linear.recordConversion(order("o1", "v1", "80.01"));
      assertThat(sale.quotes()).extracting(q -> q.affiliateId() + " " + q.amount())
          .containsExactlyInAnyOrder("mia USD 4.00", "leo USD 4.00");
      // A third of the order back: each loses 4.00 × 26.67/80.01 = 1.3333.. → USD 1.33.
      RefundOutcome third = linear.refund(Refund.partial("o1", "r1", usd("26.67"), "one of three"));
      assertThat(third.reversed()).isEqualTo(Map.of("leo", usd("1.33"), "mia", usd("1.33")));
      assertThat(third.reversed().keySet()).containsExactly("leo", "mia");
    }

    @Test
    void overrides_goOnlyToEnrolledActiveParents() {
      AffiliateProgram network = AffiliateProgram.builder()
          .plan(TEN_PERCENT.toBuilder().overrideRates(Rate.ofPercent(10), Rate.ofPercent(5))
              .build()).clock(clock).build();
      network.enroll(AffiliateProfile.of("bob"), "BOBSHOP");
      network.enroll(AffiliateProfile.builder("ann").parentId("bob").build(), "ANNSHOP");
      network.enroll(AffiliateProfile.builder("mia").parentId("ann").build(), "GLOWWITHMIA");
      network.enroll(AffiliateProfile.builder("leo").parentId("nobody").build(), "LEOVLOGS");
      network.changeStatus("ann", AffiliateStatus.BANNED);
      network.recordClick("v1", "GLOWWITHMIA");
      network.recordClick("v2", "LEOVLOGS");
      // Mia earns USD 10.00; banned ann's level pays no one, bob's level 2 pays 5% of it.
      ConversionOutcome mias = network.recordConversion(order("o1", "v1", "100.00"));
      assertThat(mias.quotes().get(0).overrides()).extracting(OverrideQuote::affiliateId)
          .containsExactly("bob");
      assertThat(network.ledger().balances("bob", USD).pending()).isEqualTo(usd("0.50"));
      assertThat(network.ledger().balances("ann", USD).pending()).isEqualTo(usd("0.00"));
      // Leo's parent was never enrolled: no one earns an override on his sale.
      ConversionOutcome leos = network.recordConversion(order("o2", "v2", "100.00"));
      assertThat(leos.quotes().get(0).overrides()).isEmpty();
      assertThat(network.ledger().balances("nobody", USD).pending()).isEqualTo(usd("0.00"));
      // Once ann is active again, she earns her level on the next sale.
      network.changeStatus("ann", AffiliateStatus.ACTIVE);
      network.recordConversion(order("o3", "v1", "100.00"));
      assertThat(network.ledger().balances("ann", USD).pending()).isEqualTo(usd("1.00"));
    }

    /**
     * Regression: a parent that bought through its recruit's link earned an override on its own
     * purchase, though the policy let no affiliate earn on its own purchases.
     */
    @Test
    void overrides_skipAParentThatBoughtTheSale_unlessThePolicyAllowsSelfReferral() {
      for (boolean allowed : List.of(false, true)) {
        AffiliateProgram network = AffiliateProgram.builder()
            .plan(TEN_PERCENT.toBuilder().overrideRates(Rate.ofPercent(10), Rate.ofPercent(5))
                .build())
            .policy(AttributionPolicy.builder().allowSelfReferral(allowed).build())
            .clock(clock).build();
        network.enroll(AffiliateProfile.of("bob"), "BOBSHOP");
        network.enroll(AffiliateIdentity.active("ann").withCustomer("cust-ann",
            "Ann.Lee+shop@gmail.com"), AffiliateProfile.builder("ann").parentId("bob").build(),
            "ANNSHOP");
        network.enroll(AffiliateProfile.builder("mia").parentId("ann").build(), "GLOWWITHMIA");
        network.recordClick("v1", "GLOWWITHMIA");
        network.recordClick("v2", "GLOWWITHMIA");
        network.recordClick("v3", "GLOWWITHMIA");
        network.attributor().record(Touchpoint.builder(TouchpointKind.CLICK, "anns-phone", "mia",
            clock.instant()).code("GLOWWITHMIA").customerId("cust-ann").build());

        // Ann buys signed in, then as a guest under another spelling of her e-mail address, then
        // as a guest on the phone where she clicked mia's link signed in.
        ConversionOutcome byId = network.recordConversion(Conversion.builder("o1",
            clock.instant(), usd("100.00")).visitorId("v1").customerId("cust-ann").build());
        ConversionOutcome byEmail = network.recordConversion(Conversion.builder("o2",
            clock.instant(), usd("100.00")).visitorId("v2")
            .customerEmail("annlee@googlemail.com").build());
        ConversionOutcome byOther = network.recordConversion(Conversion.builder("o3",
            clock.instant(), usd("100.00")).visitorId("v3").customerId("cust-kim").build());
        ConversionOutcome byDevice = network.recordConversion(Conversion.builder("o4",
            clock.instant(), usd("100.00")).visitorId("anns-phone").build());

        // Mia earns USD 10.00 on each; ann's level pays no one on her own purchases, unless
        // allowed, and bob's level 2 pays 5% of mia's commission on every sale.
        List<String> paidOnAnns = allowed ? List.of("ann USD 1.00", "bob USD 0.50")
            : List.of("bob USD 0.50");
        for (ConversionOutcome own : List.of(byId, byEmail, byDevice)) {
          assertThat(own.quotes()).extracting(q -> q.affiliateId() + " " + q.amount())
              .as("allowed %s", allowed).containsExactly("mia USD 10.00");
          assertThat(own.quotes().get(0).overrides()).extracting(o -> o.affiliateId() + " "
              + o.amount()).as("allowed %s", allowed).containsExactlyElementsOf(paidOnAnns);
        }
        assertThat(byOther.quotes().get(0).overrides()).extracting(o -> o.affiliateId() + " "
            + o.amount()).containsExactly("ann USD 1.00", "bob USD 0.50");
        assertThat(network.ledger().balances("ann", USD).pending())
            .isEqualTo(usd(allowed ? "4.00" : "1.00"));
        assertThat(network.ledger().balances("bob", USD).pending()).isEqualTo(usd("2.00"));
      }
    }

    /**
     * Regression: a quote's context looked parents up in the program's directory as it stands, so
     * replaying the quote after a parent was reinstated, or an affiliate moved under another, paid
     * overrides that the program never paid.
     */
    @Test
    void quoteContext_recordsTheParentsOfTheTimeOfTheSale() {
      CommissionPlan plan = TEN_PERCENT.toBuilder()
          .overrideRates(Rate.ofPercent(10), Rate.ofPercent(5)).build();
      AffiliateProgram network = AffiliateProgram.builder().plan(plan).clock(clock).build();
      network.enroll(AffiliateProfile.of("bob"), "BOBSHOP");
      network.enroll(AffiliateProfile.of("carl"), "CARLVIDEOS");
      network.enroll(AffiliateProfile.builder("ann").parentId("bob").build(), "ANNSHOP");
      network.enroll(AffiliateProfile.builder("mia").parentId("ann").build(), "GLOWWITHMIA");
      network.changeStatus("ann", AffiliateStatus.BANNED);
      network.recordClick("v1", "GLOWWITHMIA");
      CommissionQuote sold = network.recordConversion(order("o1", "v1", "100.00")).quotes().get(0);

      network.changeStatus("ann", AffiliateStatus.ACTIVE);
      network.updateProfile(AffiliateProfile.builder("ann").parentId("carl").build());

      // As paid: mia USD 10.00, banned ann nothing, bob 5% of it at level 2; carl nothing.
      CommissionQuote again = plan.quote(sold.conversion(), sold.credit(), sold.context());
      assertThat(again.overrides()).extracting(o -> o.affiliateId() + " " + o.amount())
          .containsExactly("bob USD 0.50");
      assertThat(again).isEqualTo(sold);
      SimulationReport replayed = CommissionSimulation.replay(plan, plan,
          List.of(new SimulationCase(sold.conversion(), sold.credit(), sold.context())));
      for (String affiliate : List.of("mia", "ann", "bob", "carl")) {
        Money accrued = network.ledger().balances(affiliate, USD).pending();
        assertThat(replayed.affiliate(affiliate, USD).map(Difference::current)
            .orElse(Money.zero(USD))).as(affiliate).isEqualTo(accrued);
      }
      assertThat(sold.context().uplines()).hasToString("Uplines[ann -> bob]");
      // The next sale is quoted with the parents as they stand now.
      CommissionQuote next = network.recordConversion(order("o2", "v1", "100.00")).quotes().get(0);
      assertThat(next.overrides()).extracting(o -> o.affiliateId() + " " + o.amount())
          .containsExactly("ann USD 1.00", "carl USD 0.50");
    }

    @Test
    void refund_parentWithTwoOverrides_losesEachOnesShareRoundedOnItsOwn() {
      AffiliateProgram linear = AffiliateProgram.builder()
          .plan(TEN_PERCENT.toBuilder().overrideRates(Rate.ofPercent(10)).build())
          .model(AttributionModel.linear()).clock(clock).build();
      linear.enroll(AffiliateProfile.of("carla"), "CARLA");
      linear.enroll(AffiliateProfile.builder("mia").parentId("carla").build(), "GLOWWITHMIA");
      linear.enroll(AffiliateProfile.builder("leo").parentId("carla").build(), "LEOVLOGS");
      linear.recordClick("v1", "GLOWWITHMIA");
      clock.advance(Duration.ofHours(1));
      linear.recordClick("v1", "LEOVLOGS");
      // USD 33.34 split 16.67 / 16.67: commissions 1.67 each, and carla's overrides 0.17 each.
      linear.recordConversion(order("o1", "v1", "33.34"));
      assertThat(linear.ledger().balances("carla", USD).pending()).isEqualTo(usd("0.34"));

      // Half the order back: each override loses 0.17 × 16.67 / 33.34 = 0.085 → 0.08 (half-even),
      // 0.16 in all, where 0.34 rounded once would lose 0.17.
      RefundOutcome half = linear.refund(Refund.partial("o1", "r1", usd("16.67"), "one of two"));
      assertThat(half.reversed()).containsEntry("carla", usd("0.16"));
      linear.refund(Refund.partial("o1", "r2", usd("16.67"), "the other"));
      assertThat(linear.ledger().balances("carla", USD).pending()).isEqualTo(usd("0.00"));
    }

    @Test
    void refund_moreThanIsLeft_throws() {
      enrollTwo();
      program.recordClick("v1", "GLOWWITHMIA");
      program.recordConversion(order("o1", "v1", "80.00"));
      program.refund(Refund.partial("o1", "r1", usd("70.00"), "most of it"));
      assertRejectedWithoutChange(
          () -> program.refund(Refund.partial("o1", "r2", usd("10.01"), "too much")),
          IllegalArgumentException.class,
          "refund amount exceeds the USD 10.00 left of order 'o1': USD 10.01");
    }

    @Test
    void refund_inAnotherCurrency_namesTheAmountAndTheOrder() {
      enrollTwo();
      program.recordClick("v1", "GLOWWITHMIA");
      program.recordConversion(order("o1", "v1", "80.00"));
      assertRejectedWithoutChange(
          () -> program.refund(Refund.partial("o1", "r1", Money.parse("EUR 5.00"), "returned")),
          CurrencyMismatchException.class,
          "refund amount must be in USD, the currency of order 'o1': EUR 5.00");
    }

    @Test
    void refund_unknownOrder_throws() {
      assertRejectedWithoutChange(() -> program.refund(Refund.full("o9", "r1", "why")),
          IllegalArgumentException.class, "order is not recorded: 'o9'");
    }

    @Test
    void refund_fullTwice_throws() {
      enrollTwo();
      program.recordClick("v1", "GLOWWITHMIA");
      program.recordConversion(order("o1", "v1", "80.00"));
      program.refund(Refund.full("o1", "r1", "cancelled"));
      assertRejectedWithoutChange(() -> program.refund(Refund.chargeback("o1", "cb1", "fraud")),
          IllegalStateException.class, "order is refunded in full already: 'o1'");
    }

    @Test
    void refund_otherCurrency_throws() {
      enrollTwo();
      program.recordClick("v1", "GLOWWITHMIA");
      program.recordConversion(order("o1", "v1", "80.00"));
      assertThatThrownBy(() -> program.refund(
          Refund.partial("o1", "r1", Money.parse("EUR 5.00"), "wrong currency")))
          .isInstanceOf(CurrencyMismatchException.class);
      assertThat(program.ledger().journal()).hasSize(1);
    }

    @Test
    void refund_longReasonWithAnEmojiAtTheCut_isCutBetweenCharacters() {
      enrollTwo();
      program.recordClick("v1", "GLOWWITHMIA");
      program.recordConversion(order("o1", "v1", "80.00"));
      // The ledger keeps 1,000 characters: 997 and "...". The emoji's pair would straddle the cut.
      String reason = "a".repeat(996) + "\ud83d\ude00" + "b".repeat(10);

      RefundOutcome refunded = program.refund(Refund.full("o1", "r1", reason));

      assertThat(refunded.totalReversed()).isEqualTo(usd("8.00"));
      Reversal posted = (Reversal) refunded.transactions().get(0).posting();
      assertThat(posted.reason()).isEqualTo("a".repeat(996) + "...");
      assertThatThrownBy(() -> Refund.full("o1", "r2", "bad \ud83d"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("refund reason must not contain unpaired surrogate \\ud83d at index 4:"
              + " 'bad \\ud83d'");
    }

    @Test
    void refund_retried_returnsTheFirstOutcome_otherAmountThrows() {
      enrollTwo();
      program.recordClick("v1", "GLOWWITHMIA");
      program.recordConversion(order("o1", "v1", "80.00"));
      Refund refund = Refund.partial("o1", "r1", usd("20.00"), "returned");
      RefundOutcome first = program.refund(refund);
      assertThat(program.refund(refund)).isSameAs(first);
      assertThat(program.ledger().balances("mia", USD).pending()).isEqualTo(usd("6.00"));
      assertRejectedWithoutChange(
          () -> program.refund(Refund.partial("o1", "r1", usd("30.00"), "returned")),
          IllegalStateException.class,
          "refund 'r1' of order 'o1' was already recorded with another request: recorded amount"
              + " 'USD 20.00'; requested amount 'USD 30.00'");
    }

    @Test
    void refund_orderAndRefundIdsWithColons_haveKeysOfTheirOwn() {
      // Order shop:1 refund r and order shop refund 1:r were both refund:shop:1:r.
      enrollTwo();
      program.recordClick("v1", "GLOWWITHMIA");
      program.recordConversion(order("shop:1", "v1", "100.00"));
      program.recordConversion(order("shop", "v1", "200.00"));

      RefundOutcome first = program.refund(Refund.partial("shop:1", "r", usd("10.00"), "ret"));
      RefundOutcome second = program.refund(Refund.partial("shop", "1:r", usd("10.00"), "ret"));

      assertThat(first.refund().key()).isEqualTo("refund:shop%3A1:r");
      assertThat(second.refund().key()).isEqualTo("refund:shop:1%3Ar");
      assertThat(first.transactions()).extracting(Transaction::key)
          .containsExactly("refund:shop%3A1:r/order:shop%3A1/mia");
      assertThat(second.transactions()).extracting(Transaction::key)
          .containsExactly("refund:shop:1%3Ar/order:shop/mia");
      // 10.00 × 10/100 = 1.00 and 20.00 × 10/200 = 1.00 taken from the 30.00 pending.
      assertThat(program.ledger().balances("mia", USD).pending()).isEqualTo(usd("28.00"));
    }

    /** Records order o1 of USD 100.00 split 50/50 between mia and leo: USD 5.00 each. */
    AffiliateProgram linearSale() {
      AffiliateProgram linear = AffiliateProgram.builder().plan(TEN_PERCENT)
          .model(AttributionModel.linear()).clock(clock).listener(events::add).build();
      miaThenLeo(linear, Duration.ofMinutes(1));
      linear.recordConversion(order("o1", "v1", "100.00"));
      return linear;
    }

    @Test
    void refunds_ofAVoidedItem_nameEachRefundsOwnShort_notWhatEarlierOnesCouldNotTake() {
      AffiliateProgram linear = linearSale();                   // mia and leo earn USD 5.00 each
      linear.ledger().voidItem("void-1", "order:o1/leo", "fraud");

      List<Money> shares = new ArrayList<>();
      for (String amount : List.of("50.00", "0.01", "25.00")) {
        RefundOutcome outcome = linear.refund(Refund.partial("o1", "r" + amount, usd(amount),
            "returned"));
        outcome.shortfalls().forEach(shortfall -> shares.add(shortfall.share()));
      }
      // 5.00 × 50.00 / 100.00 = 2.50; × 50.01 / 100.00 = 2.5005, still 2.50: no share; × 75.01 /
      // 100.00 = 3.7505, 3.75: a share of 1.25. Together no more than leo's 5.00.
      assertThat(shares).containsExactly(usd("2.50"), usd("1.25"));
    }

    @Test
    void refunds_afterAWonChargebackOfAVoidedItem_nameTheirShareOfIt() {
      AffiliateProgram linear = linearSale();
      linear.refund(chargeback("o1", "cb1", "40.00"));           // takes 2.00 from each
      linear.ledger().voidItem("void-1", "order:o1/leo", "fraud");
      linear.chargebackWon("o1", "cb1", "won");                  // the order counts nothing

      RefundOutcome first = linear.refund(Refund.partial("o1", "r1", usd("20.00"), "returned"));
      RefundOutcome second = linear.refund(Refund.partial("o1", "r2", usd("20.00"), "returned"));

      assertThat(first.shortfalls()).containsExactly(new RefundOutcome.Shortfall("leo",
          "order:o1/leo", usd("1.00"), usd("0.00"), "item is voided"));
      assertThat(second.shortfalls()).containsExactly(new RefundOutcome.Shortfall("leo",
          "order:o1/leo", usd("1.00"), usd("0.00"), "item is voided"));
      assertThat(first.reversed()).isEqualTo(Map.of("mia", usd("1.00")));
      assertThat(second.reversed()).isEqualTo(Map.of("mia", usd("1.00")));
    }

    @Test
    void refund_itemVoided_takesBackTheOthersAndSaysWhichItSkipped() {
      AffiliateProgram linear = linearSale();
      linear.ledger().voidItem("void-1", "order:o1/leo", "fraud");
      int heard = events.size();

      RefundOutcome half = linear.refund(Refund.partial("o1", "rma-1", usd("50.00"), "returned"));

      assertThat(half.refunded()).isEqualTo(usd("50.00"));
      assertThat(half.reversed()).isEqualTo(Map.of("mia", usd("2.50")));
      assertThat(half.transactions()).extracting(Transaction::key)
          .containsExactly("refund:o1:rma-1/order:o1/mia");
      assertThat(half.shortfalls()).containsExactly(new RefundOutcome.Shortfall("leo",
          "order:o1/leo", usd("2.50"), usd("0.00"), "item is voided"));
      assertThat(events).hasSize(heard + 1).last().isEqualTo(new ProgramEvent.CommissionReversed(
          "refund:o1:rma-1", "mia", "o1", "order:o1/mia", usd("2.50"), ReversalKind.REFUND,
          "returned"));
      assertThat(linear.ledger().balances("mia", USD).pending()).isEqualTo(usd("2.50"));
      // The rest of the order can be refunded too: mia loses the rest, leo still has nothing.
      RefundOutcome rest = linear.refund(Refund.full("o1", "rma-2", "cancelled"));
      assertThat(rest.refunded()).isEqualTo(usd("50.00"));
      assertThat(rest.reversed()).isEqualTo(Map.of("mia", usd("2.50")));
      // Its own share of leo's item: the other half, not what the first refund could not take.
      assertThat(rest.shortfalls()).extracting(RefundOutcome.Shortfall::share)
          .containsExactly(usd("2.50"));
      assertThat(linear.ledger().balances("mia", USD).pending()).isEqualTo(usd("0.00"));
      assertThat(linear.ledger().balances("leo", USD).pending()).isEqualTo(usd("0.00"));
    }

    @Test
    void refund_itemWithLessLeftThanItsShare_takesWhatIsLeft() {
      AffiliateProgram linear = linearSale();
      // The host took USD 4.00 of leo's USD 5.00 back by hand: USD 1.00 is left.
      linear.ledger().reverse("manual-1",
          Reversal.partial("order:o1/leo", usd("4.00"), ReversalKind.REFUND, "goodwill"));

      RefundOutcome half = linear.refund(Refund.partial("o1", "rma-1", usd("50.00"), "returned"));

      assertThat(half.reversed()).isEqualTo(Map.of("leo", usd("1.00"), "mia", usd("2.50")));
      assertThat(half.shortfalls()).containsExactly(new RefundOutcome.Shortfall("leo",
          "order:o1/leo", usd("2.50"), usd("1.00"), "item has only USD 1.00 left"));
      assertThat(linear.ledger().balances("leo", USD).pending()).isEqualTo(usd("0.00"));
    }

    @Test
    void refund_laterReversalKeyTaken_postsNothing() {
      AffiliateProgram linear = linearSale();
      // The host posted under the key of the second reversal the refund would post.
      linear.ledger().adjust("refund:o1:rma-1/order:o1/leo",
          new Adjustment("leo", usd("1.00"), "bonus"));
      List<Transaction> journal = linear.ledger().journal();
      int heard = events.size();

      assertThatThrownBy(() -> linear.refund(
          Refund.partial("o1", "rma-1", usd("50.00"), "returned")))
          .isInstanceOf(IdempotencyConflictException.class)
          .hasMessageStartingWith("idempotency key already used for a different posting: "
              + "'refund:o1:rma-1/order:o1/leo'");

      assertThat(linear.ledger().journal()).isEqualTo(journal);
      assertThat(events).hasSize(heard);
      // Nothing counts as refunded: another refund may still give back the whole order.
      assertThat(linear.refund(Refund.full("o1", "rma-2", "cancelled")).refunded())
          .isEqualTo(usd("100.00"));
    }

    @Test
    void chargeback_afterRelease_clawsBackFromPayable() {
      enrollTwo();
      program.recordClick("v1", "GLOWWITHMIA");
      program.recordConversion(order("o1", "v1", "80.00"));
      clock.advance(Duration.ofDays(30));
      program.release();
      RefundOutcome chargeback = program.refund(Refund.chargeback("o1", "cb1", "disputed"));
      assertThat(chargeback.reversed()).isEqualTo(Map.of("mia", usd("8.00")));
      assertThat(program.ledger().balances("mia", USD).payable()).isEqualTo(usd("0.00"));
      assertThat(program.statement("mia", USD).reversed()).isEqualTo(usd("8.00"));
    }

    @Test
    void chargebackWon_afterRelease_makesTheCommissionPayableAgain() {
      enrollTwo();
      program.recordClick("v1", "GLOWWITHMIA");
      program.recordConversion(order("o1", "v1", "80.00"));          // mia earns USD 8.00
      clock.advance(Duration.ofDays(30));
      program.release();
      program.refund(Refund.chargeback("o1", "cb1", "disputed"));

      ChargebackWon won = program.chargebackWon("o1", "cb1", "dispute won: delivery confirmed");

      assertThat(won.restored()).isEqualTo(usd("80.00"));
      assertThat(won.reinstated()).isEqualTo(Map.of("mia", usd("8.00")));
      assertThat(won.totalReinstated()).isEqualTo(usd("8.00"));
      assertThat(won.transactions()).extracting(Transaction::key)
          .containsExactly("chargeback-won:o1:cb1/order:o1/mia");
      assertThat(program.ledger().balances("mia", USD).payable()).isEqualTo(usd("8.00"));
      AffiliateStatement statement = program.statement("mia", USD);
      assertThat(statement.accrued()).isEqualTo(usd("8.00"));
      assertThat(statement.reversed()).isEqualTo(usd("0.00"));
      assertThat(statement.lines()).extracting(AffiliateStatement.Line::explanation)
          .last().asString().contains("dispute won: delivery confirmed");
      assertThat(events).last().isEqualTo(new ProgramEvent.CommissionReinstated(
          "chargeback-won:o1:cb1", "mia", "o1", "order:o1/mia", usd("8.00"),
          AccountKind.PAYABLE, "dispute won: delivery confirmed"));
    }

    /**
     * Regression: a commission charged back in full while held, then passed by a release that
     * released nothing of it, is given back to payable, which its event did not say: a host that
     * keeps balances from the events alone kept it pending.
     */
    @Test
    void chargebackWon_ofAnItemAReleasePassedWhileChargedBack_tellsItWentToPayable() {
      enrollTwo();
      program.recordClick("v1", "GLOWWITHMIA");
      program.recordConversion(order("o1", "v1", "80.00"));          // mia earns USD 8.00
      program.refund(Refund.chargeback("o1", "cb1", "disputed"));
      clock.advance(Duration.ofDays(30));
      int heard = events.size();
      program.release("nightly-2026-04");                            // releases nothing of it
      assertThat(events).hasSize(heard);

      program.chargebackWon("o1", "cb1", "dispute won");

      assertThat(program.ledger().balances("mia", USD).payable()).isEqualTo(usd("8.00"));
      assertThat(events).last().isEqualTo(new ProgramEvent.CommissionReinstated(
          "chargeback-won:o1:cb1", "mia", "o1", "order:o1/mia", usd("8.00"),
          AccountKind.PAYABLE, "dispute won"));
    }

    @Test
    void chargebackWon_ofAnItemStillHeld_tellsItWentToPending() {
      enrollTwo();
      program.recordClick("v1", "GLOWWITHMIA");
      program.recordConversion(order("o1", "v1", "80.00"));
      program.refund(Refund.chargeback("o1", "cb1", "disputed"));

      program.chargebackWon("o1", "cb1", "dispute won");

      assertThat(program.ledger().balances("mia", USD).pending()).isEqualTo(usd("8.00"));
      assertThat(events).last().isEqualTo(new ProgramEvent.CommissionReinstated(
          "chargeback-won:o1:cb1", "mia", "o1", "order:o1/mia", usd("8.00"),
          AccountKind.PENDING, "dispute won"));
    }

    @Test
    void chargebackWon_afterPartialRefund_laterRefundsTakeBackTheirShareAgain() {
      enrollTwo();
      program.recordClick("v1", "GLOWWITHMIA");
      program.recordConversion(order("o1", "v1", "80.00"));          // mia earns USD 8.00
      program.refund(Refund.partial("o1", "r1", usd("20.00"), "one returned")); // takes 2.00
      RefundOutcome chargeback = program.refund(Refund.chargeback("o1", "cb1", "disputed"));
      assertThat(chargeback.refunded()).isEqualTo(usd("60.00"));
      assertThat(chargeback.totalReversed()).isEqualTo(usd("6.00"));

      ChargebackWon won = program.chargebackWon("o1", "cb1", "dispute won");

      // The order counts as refunded by USD 20.00 again: USD 6.00 of the 8.00 pending again.
      assertThat(won.restored()).isEqualTo(usd("60.00"));
      assertThat(won.totalReinstated()).isEqualTo(usd("6.00"));
      assertThat(program.ledger().balances("mia", USD).earned()).isEqualTo(usd("6.00"));
      // A second USD 20.00 back: mia has lost 8.00 × 40/80 = 4.00 in all, 2.00 more.
      RefundOutcome second = program.refund(Refund.partial("o1", "r2", usd("20.00"), "another"));
      assertThat(second.reversed()).isEqualTo(Map.of("mia", usd("2.00")));
      // And what is left can still be refunded in full, or charged back again.
      assertThat(program.refund(Refund.full("o1", "r3", "rest")).refunded())
          .isEqualTo(usd("40.00"));
      assertThat(program.ledger().balances("mia", USD).earned()).isEqualTo(usd("0.00"));
    }

    /** A partial chargeback of the order. */
    Refund chargeback(String orderId, String chargebackId, String amount) {
      return new Refund(orderId, chargebackId, java.util.Optional.of(usd(amount)),
          ReversalKind.CHARGEBACK, "disputed");
    }

    @Test
    void chargebackWon_refundBetweenChargebackAndWin_givesBackWhatTheFormulaNoLongerTakes() {
      enrollTwo();
      program.recordClick("v1", "GLOWWITHMIA");
      program.recordConversion(order("o1", "v1", "33.33"));          // mia earns USD 3.33
      // The chargeback alone rounds to nothing: 3.33 × 0.05 / 33.33 = 0.004995.
      assertThat(program.refund(chargeback("o1", "cb1", "0.05")).reversed()).isEmpty();
      // With it, the refund brings the order to 0.10 back: 3.33 × 0.10 / 33.33 = 0.00999 -> 0.01.
      assertThat(program.refund(Refund.partial("o1", "r1", usd("0.05"), "returned")).reversed())
          .isEqualTo(Map.of("mia", usd("0.01")));

      ChargebackWon won = program.chargebackWon("o1", "cb1", "dispute won");

      // Refunded 0.05 once more: 3.33 × 0.05 / 33.33 rounds to nothing, so mia has lost nothing.
      assertThat(won.reinstated()).isEqualTo(Map.of("mia", usd("0.01")));
      assertThat(program.ledger().balances("mia", USD).earned()).isEqualTo(usd("3.33"));
      assertThat(program.statement("mia", USD).reversed()).isEqualTo(usd("0.00"));
      assertThat(events).last().isEqualTo(new ProgramEvent.CommissionReinstated(
          "chargeback-won:o1:cb1", "mia", "o1", "order:o1/mia", usd("0.01"), AccountKind.PENDING,
          "dispute won"));
      // Later refunds still take their share: all of the rest takes the USD 3.33.
      program.refund(Refund.full("o1", "r2", "cancelled"));
      assertThat(program.ledger().balances("mia", USD).earned()).isEqualTo(usd("0.00"));
    }

    @Test
    void chargebackWon_refundBetweenChargebackAndWin_takesBackWhatTheFormulaStillTakes() {
      enrollTwo();
      program.recordClick("v1", "GLOWWITHMIA");
      program.recordConversion(order("o1", "v1", "33.33"));          // mia earns USD 3.33
      // 3.33 × 0.06 / 33.33 = 0.005994 -> 0.01; then 3.33 × 0.12 / 33.33 = 0.011988 -> 0.01.
      assertThat(program.refund(chargeback("o1", "cb1", "0.06")).reversed())
          .isEqualTo(Map.of("mia", usd("0.01")));
      assertThat(program.refund(Refund.partial("o1", "r1", usd("0.06"), "returned")).reversed())
          .isEmpty();

      ChargebackWon won = program.chargebackWon("o1", "cb1", "dispute won");

      // Refunded 0.06 once more: 3.33 × 0.06 / 33.33 still takes 0.01, so nothing is given back.
      assertThat(won.reinstated()).isEmpty();
      assertThat(program.ledger().balances("mia", USD).earned()).isEqualTo(usd("3.32"));
      assertThat(program.statement("mia", USD).reversed()).isEqualTo(usd("0.01"));
      program.refund(Refund.full("o1", "r2", "cancelled"));
      assertThat(program.ledger().balances("mia", USD).earned()).isEqualTo(usd("0.00"));
    }

    @Test
    void chargebackWon_partOfItGivenBackByAnEarlierWin_isTakenAheadThenReinstated() {
      enrollTwo();
      program.recordClick("v1", "GLOWWITHMIA");
      program.recordConversion(order("o1", "v1", "33.33"));          // mia earns USD 3.33
      program.refund(chargeback("o1", "cb1", "0.05"));               // takes nothing
      program.refund(chargeback("o1", "cb2", "0.05"));               // 0.10 back: takes 0.01
      // Won first, cb1 leaves 0.05 back: nothing taken, so a correction gives the cent back.
      assertThat(program.chargebackWon("o1", "cb1", "won").transactions())
          .extracting(Transaction::key)
          .containsExactly("chargeback-won:o1:cb1/order:o1/mia/rounding");

      ChargebackWon won = program.chargebackWon("o1", "cb2", "won");

      // cb2's cent was given back already: it is taken ahead, so that reinstating it leaves mia
      // at USD 3.33 and never above.
      assertThat(won.transactions()).extracting(Transaction::key).containsExactly(
          "chargeback-won:o1:cb2/order:o1/mia/ahead", "chargeback-won:o1:cb2/order:o1/mia");
      assertThat(won.reinstated()).isEmpty();
      assertThat(program.ledger().balances("mia", USD).earned()).isEqualTo(usd("3.33"));
      assertThat(program.ledger().item("order:o1/mia").orElseThrow().outstanding())
          .isEqualTo(usd("3.33"));
    }

    @Test
    void chargebackWon_itemVoidedSinceTheChargeback_givesItNothingBack() {
      AffiliateProgram linear = linearSale();                   // mia and leo earn USD 5.00 each
      linear.refund(chargeback("o1", "cb1", "50.00"));           // takes 2.50 from each
      linear.ledger().voidItem("void-1", "order:o1/leo", "fraud"); // voids leo's other 2.50
      int heard = events.size();

      ChargebackWon won = linear.chargebackWon("o1", "cb1", "dispute won");

      assertThat(won.reinstated()).isEqualTo(Map.of("mia", usd("2.50")));
      assertThat(won.transactions()).extracting(Transaction::key)
          .containsExactly("chargeback-won:o1:cb1/order:o1/mia");
      assertThat(events).hasSize(heard + 1).last().isEqualTo(new ProgramEvent.CommissionReinstated(
          "chargeback-won:o1:cb1", "mia", "o1", "order:o1/mia", usd("2.50"), AccountKind.PENDING,
          "dispute won"));
      var leo = linear.ledger().item("order:o1/leo").orElseThrow();
      assertThat(leo.status()).isEqualTo(ItemStatus.VOIDED);
      assertThat(leo.reinstated()).isEqualTo(usd("0.00"));
      assertThat(leo.outstanding()).isEqualTo(usd("0.00"));
      assertThat(linear.ledger().balances("leo", USD).earned()).isEqualTo(usd("0.00"));
      // A later full refund takes all of mia's, and skips leo's voided item: its share is all of
      // the item, as the order counts as refunded by nothing since the win.
      RefundOutcome all = linear.refund(Refund.full("o1", "r1", "cancelled"));
      assertThat(all.reversed()).isEqualTo(Map.of("mia", usd("5.00")));
      assertThat(all.shortfalls()).containsExactly(new RefundOutcome.Shortfall("leo",
          "order:o1/leo", usd("5.00"), usd("0.00"), "item is voided"));
    }

    @Test
    void chargebackWon_retried_returnsTheFirstOutcome_otherReasonThrows() {
      enrollTwo();
      program.recordClick("v1", "GLOWWITHMIA");
      program.recordConversion(order("o1", "v1", "80.00"));
      program.refund(Refund.chargeback("o1", "cb1", "disputed"));
      ChargebackWon first = program.chargebackWon("o1", "cb1", "dispute won");
      assertThat(program.chargebackWon("o1", "cb1", "dispute won")).isSameAs(first);
      // Reinstated, as the ledger reinstates: pending again, since the hold has not ended.
      assertThat(program.ledger().balances("mia", USD))
          .isEqualTo(new Balances(usd("8.00"), usd("0.00"), usd("0.00"), usd("0.00")));
      assertRejectedWithoutChange(() -> program.chargebackWon("o1", "cb1", "won again"),
          IllegalStateException.class,
          "chargeback 'cb1' of order 'o1' was already won with another request: recorded reason"
              + " 'dispute won'; requested reason 'won again'");
    }

    /** Enrolls mia and leo and records order o1 of USD 100.00 through mia's link: USD 10.00. */
    void orderO1ThroughMia() {
      enrollTwo();
      program.recordClick("v1", "GLOWWITHMIA");
      program.recordConversion(order("o1", "v1", "100.00"));
    }

    @Test
    void chargebackWon_afterTheHostReversedPartByHand_givesBackOnlyWhatTheChargebackTook() {
      orderO1ThroughMia();
      program.ledger().reverse("manual-1", Reversal.partial("order:o1/mia", usd("3.00"),
          ReversalKind.REFUND, "goodwill credit funded by the affiliate"));
      RefundOutcome chargeback = program.refund(Refund.chargeback("o1", "cb1", "disputed"));

      ChargebackWon won = program.chargebackWon("o1", "cb1", "dispute won");

      // The chargeback took the USD 7.00 left; the win gives back those, and the host's own
      // USD 3.00 reversal stays.
      assertThat(chargeback.totalReversed()).isEqualTo(usd("7.00"));
      assertThat(won.reinstated()).isEqualTo(Map.of("mia", usd("7.00")));
      assertThat(won.transactions()).extracting(Transaction::key)
          .containsExactly("chargeback-won:o1:cb1/order:o1/mia");
      assertThat(program.statement("mia", USD).earned()).isEqualTo(usd("7.00"));
      assertThat(program.ledger().item("order:o1/mia").orElseThrow().outstanding())
          .isEqualTo(usd("7.00"));
    }

    @Test
    void chargebackWon_afterTheHostReinstatedItByHand_postsNothingMore() {
      orderO1ThroughMia();
      program.refund(Refund.chargeback("o1", "cb1", "disputed"));
      program.ledger().reinstate("ops-manual-win", "chargeback:o1:cb1/order:o1/mia",
          "dispute won, booked by ops");
      int journal = program.ledger().journal().size();
      int told = events.size();

      ChargebackWon won = program.chargebackWon("o1", "cb1", "dispute won");

      // The host gave the USD 10.00 back already: the win posts and tells nothing, and the
      // order counts as not refunded, so it can be refunded again.
      assertThat(won.reinstated()).isEmpty();
      assertThat(won.transactions()).isEmpty();
      assertThat(program.ledger().journal()).hasSize(journal);
      assertThat(events).hasSize(told);
      assertThat(program.statement("mia", USD).earned()).isEqualTo(usd("10.00"));
      RefundOutcome refund = program.refund(Refund.partial("o1", "r1", usd("50.00"), "half"));
      assertThat(refund.totalReversed()).isEqualTo(usd("5.00"));
    }

    @Test
    void chargebackWon_afterTheHostGaveBackPartByHand_isRefusedWithoutChange() {
      orderO1ThroughMia();
      program.refund(Refund.chargeback("o1", "cb1", "disputed"));
      program.ledger().reverse("manual-fix", Reversal.correction("order:o1/mia", usd("4.00"),
          "partial goodwill"));

      assertRejectedWithoutChange(() -> program.chargebackWon("o1", "cb1", "dispute won"),
          IllegalStateException.class, "chargeback win cannot reinstate chargeback"
              + " 'chargeback:o1:cb1/order:o1/mia': item 'order:o1/mia' has lost USD 6.00 net of"
              + " what the ledger gave back, less than the USD 10.00 to give back");
    }

    /**
     * Records order o1 of USD 33.33 through mia's link (USD 3.33), a chargeback of USD 0.13 that
     * takes 3.33 × 0.13 / 33.33 = 0.013, so USD 0.01, and a refund of USD 0.03 that takes the
     * order to 0.16 refunded, 0.016: one cent more.
     */
    void centChargedBackThenRefunded() {
      enrollTwo();
      program.recordClick("v1", "GLOWWITHMIA");
      program.recordConversion(order("o1", "v1", "33.33"));
      program.refund(new Refund("o1", "cb1", Optional.of(usd("0.13")), ReversalKind.CHARGEBACK,
          "disputed"));
      program.refund(Refund.partial("o1", "r1", usd("0.03"), "returned"));
    }

    @Test
    void chargebackWon_roundingTheHostGaveBackByHand_isRefusedWithoutChange() {
      centChargedBackThenRefunded();
      // The host gives a cent back by hand.
      program.ledger().reverse("manual-fix", Reversal.correction("order:o1/mia", usd("0.01"),
          "goodwill by hand"));

      // Won, the order counts as refunded by 0.03, which takes nothing: the win would reinstate
      // the chargeback's cent and give back the refund's, but the ledger has only one to give.
      assertRejectedWithoutChange(() -> program.chargebackWon("o1", "cb1", "won"),
          IllegalStateException.class, "chargeback win cannot give back the rounding of refunds:"
              + " item 'order:o1/mia' has lost USD 0.00 net of what the ledger gave back, less"
              + " than the USD 0.01 to give back");
      assertThat(program.refund(Refund.partial("o1", "r2", usd("0.03"), "one more"))
          .refunded()).isEqualTo(usd("0.03"));
    }

    @Test
    void chargebackWon_keyOfALaterPostingTaken_postsNothing() {
      centChargedBackThenRefunded();
      // Won, the order counts as refunded by USD 0.03, which takes nothing, so the win
      // reinstates one cent and corrects the other under <key>/order:o1/mia/rounding, which the
      // host has taken.
      Adjustment taken = new Adjustment("mia", usd("1.00"), "bonus under a key the win needs");
      program.ledger().adjust("chargeback-won:o1:cb1/order:o1/mia/rounding", taken);

      List<Transaction> journal = program.ledger().journal();
      assertThatThrownBy(() -> program.chargebackWon("o1", "cb1", "won"))
          .isInstanceOf(IdempotencyConflictException.class)
          .hasMessageContaining("'chargeback-won:o1:cb1/order:o1/mia/rounding'");
      assertThat(program.ledger().journal()).isEqualTo(journal);
      // Nothing is left unfinished: the order takes another refund.
      assertThat(program.refund(Refund.partial("o1", "r2", usd("0.03"), "one more"))
          .refunded()).isEqualTo(usd("0.03"));
    }

    @Test
    void chargebackWon_unknownChargebackOrBadReason_throws() {
      enrollTwo();
      program.recordClick("v1", "GLOWWITHMIA");
      program.recordConversion(order("o1", "v1", "80.00"));
      program.refund(Refund.partial("o1", "r1", usd("20.00"), "returned"));
      assertRejectedWithoutChange(() -> program.chargebackWon("o1", "r1", "won"),
          IllegalArgumentException.class, "order 'o1' has no chargeback with id: 'r1'");
      assertRejectedWithoutChange(() -> program.chargebackWon("o9", "cb1", "won"),
          IllegalArgumentException.class, "order 'o9' has no chargeback with id: 'cb1'");
      assertRejectedWithoutChange(() -> program.chargebackWon("o1", "cb1", " "),
          IllegalArgumentException.class, "chargeback reason must not be blank: ' '");
      assertRejectedWithoutChange(() -> program.chargebackWon("o1", "", "won"),
          IllegalArgumentException.class, "chargebackId must not be blank: ''");
    }

    @Test
    void refund_invalidParts_throw() {
      assertThatThrownBy(() -> Refund.partial("o1", "r1", usd("0.00"), "x"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("refund amount must be positive: USD 0.00");
      assertThatThrownBy(() -> Refund.full("o1", "r1", " "))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("refund reason must not be blank: ' '");
      assertThatThrownBy(() -> Refund.full("o1", "r1", "a\nb"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("refund reason must not contain control character \\u000a at index 1:"
              + " 'a\\u000ab'");
      assertThatThrownBy(() -> Refund.full("o1", "r1", "ok\u2028ERROR forged"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("refund reason must not contain line separator \\u2028 at index 2");
      assertThatThrownBy(() -> Refund.full("", "r1", "x"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("orderId must not be blank: ''");
    }

    @Test
    void chargeback_invalidParts_throwNamingTheChargeback() {
      assertThatThrownBy(() -> Refund.chargeback("o1", "cb1", " "))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("chargeback reason must not be blank: ' '");
      assertThatThrownBy(() -> Refund.chargeback("o1", " ", "card reported stolen"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("chargebackId must not be blank: ' '");
      assertThatThrownBy(() -> new Refund("o1", "cb1", Optional.of(usd("0.00")),
          ReversalKind.CHARGEBACK, "card reported stolen"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("chargeback amount must be positive: USD 0.00");
    }
  }

  @Nested
  class ReleaseAndPayouts {

    /** Mia earns USD 60.00 and leo USD 20.00 on 1 March. */
    void twoSales() {
      enrollTwo();
      program.recordClick("v1", "GLOWWITHMIA");
      program.recordClick("v2", "LEOVLOGS");
      program.recordConversion(order("o1", "v1", "600.00"));
      program.recordConversion(order("o2", "v2", "200.00"));
    }

    @Test
    void preparePayout_whoseClearingTotalWouldGoBeyondTheLedger_throwsAndPostsNothing() {
      AffiliateProgram whole = AffiliateProgram.builder()
          .plan(CommissionPlan.builder().rule(CommissionRule.percentage("all", Rate.ONE)).build())
          .payoutRules(PayoutRules.minimums(usd("0.01"))).clock(clock).build();
      whole.enroll(AffiliateProfile.of("mia"), "glow-with-mia");
      whole.enroll(AffiliateProfile.of("leo"), "LEOVLOGS");
      Money most = Money.ofMinor(Long.MAX_VALUE, USD);
      whole.recordClick("v1", "GLOWWITHMIA");
      whole.recordConversion(Conversion.builder("o1", clock.instant(), most).visitorId("v1")
          .build());
      clock.advance(Duration.ofDays(30));
      whole.release();
      whole.preparePayout("b1");
      // Clawed back while its payout clears: mia owes it all, and leo earns as much.
      whole.refund(Refund.full("o1", "r1", "returned"));
      whole.recordClick("v2", "LEOVLOGS");
      whole.recordConversion(Conversion.builder("o2", clock.instant(), most).visitorId("v2")
          .build());
      clock.advance(Duration.ofDays(30));
      whole.release();
      List<Transaction> journal = whole.ledger().journal();

      assertThatThrownBy(() -> whole.preparePayout("b2"))
          .isInstanceOf(ArithmeticException.class)
          .hasMessage("total of PAYOUT_CLEARING accounts in USD would overflow:"
              + " USD 92233720368547758.07 + USD 92233720368547758.07");
      assertThat(whole.ledger().journal()).isEqualTo(journal);
      whole.settlePayout("b1");
      assertThat(whole.preparePayout("b2").lines()).extracting(PayoutLine::affiliateId)
          .containsExactly("leo");
    }

    @Test
    void release_beforeTheHoldEnds_releasesNothing() {
      twoSales();
      clock.advance(Duration.ofDays(30).minusSeconds(1));
      List<Transaction> journal = program.ledger().journal();
      assertThat(program.release()).isEmpty();
      assertThat(program.ledger().journal()).isEqualTo(journal);
      assertThat(program.ledger().balances("mia", USD).pending()).isEqualTo(usd("60.00"));
    }

    @Test
    void release_atTheHoldEnd_makesCommissionsPayableAndTellsEach() {
      twoSales();
      clock.advance(Duration.ofDays(30));
      events.clear();
      Transaction release = program.release().orElseThrow();
      String key = "release:2026-03-31T10:00:00Z";
      assertThat(release.key()).isEqualTo(key);
      assertThat(program.ledger().balances("mia", USD).payable()).isEqualTo(usd("60.00"));
      assertThat(events).containsExactlyInAnyOrder(
          new ProgramEvent.CommissionReleased(key, "mia", "order:o1/mia", usd("60.00")),
          new ProgramEvent.CommissionReleased(key, "leo", "order:o2/leo", usd("20.00")));
      clock.advance(Duration.ofDays(1));
      assertThat(program.release(key)).isEqualTo(release); // a retry, even a day later
    }

    @Test
    void release_againAtTheSameInstant_releasesWhatMaturedSince() {
      AffiliateProgram noHold = AffiliateProgram.builder().plan(TEN_PERCENT)
          .holdPeriod(Duration.ZERO).clock(clock).build();
      noHold.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");
      noHold.recordClick("v1", "GLOWWITHMIA");
      noHold.recordConversion(order("o1", "v1", "100.00"));
      Transaction first = noHold.release().orElseThrow();
      noHold.recordConversion(order("o2", "v1", "200.00"));    // its hold ends at once too

      Transaction second = noHold.release().orElseThrow();

      assertThat(noHold.ledger().item("order:o2/mia").orElseThrow().status())
          .isEqualTo(ItemStatus.RELEASED);
      assertThat(noHold.ledger().balances("mia", USD).payable()).isEqualTo(usd("30.00"));
      assertThat(first.key()).isEqualTo("release:2026-03-01T10:00:00Z");
      assertThat(second.key()).isEqualTo("release:2026-03-01T10:00:00Z/2");
      assertThat(second.entries()).extracting(entry -> entry.reference().orElseThrow())
          .containsOnly("order:o2/mia");
      // Nothing is left to release: a third call, a retry say, posts nothing.
      List<Transaction> journal = noHold.ledger().journal();
      assertThat(noHold.release()).isEmpty();
      assertThat(noHold.ledger().journal()).isEqualTo(journal);

      // The next keys at the instant go on from the last, past one the host took meanwhile.
      noHold.recordConversion(order("o3", "v1", "10.00"));
      assertThat(noHold.release().orElseThrow().key())
          .isEqualTo("release:2026-03-01T10:00:00Z/3");
      noHold.release("release:2026-03-01T10:00:00Z/4");
      noHold.recordConversion(order("o4", "v1", "10.00"));
      assertThat(noHold.release().orElseThrow().key())
          .isEqualTo("release:2026-03-01T10:00:00Z/5");
    }

    @Test
    void release_backdatedOrderAfterARelease_isReleasedByTheNextCall() {
      twoSales();
      clock.advance(Duration.ofDays(30));
      program.release();
      // An order of 1 March that reaches the program only now: its hold ended already.
      program.recordConversion(Conversion.builder("o3", START, usd("50.00")).visitorId("v2")
          .build());

      Transaction late = program.release().orElseThrow();

      assertThat(late.key()).isEqualTo("release:2026-03-31T10:00:00Z/2");
      assertThat(program.ledger().balances("leo", USD).payable()).isEqualTo(usd("25.00"));
    }

    @Test
    void payout_paysWhoReachesTheMinimum_carriesTheRestForward() {
      twoSales();
      clock.advance(Duration.ofDays(30));
      program.release();
      PayoutBatch batch = program.preparePayout("payout-2026-03");
      assertThat(batch.lines()).extracting(PayoutLine::affiliateId, PayoutLine::amount)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("mia", usd("60.00")));
      assertThat(program.preparePayout("payout-2026-03")).isEqualTo(batch);

      Transaction settled = program.settlePayout("payout-2026-03");
      assertThat(settled.key()).isEqualTo("settle:payout-2026-03");
      assertThat(program.settlePayout("payout-2026-03")).isEqualTo(settled);
      assertThat(program.statement("mia", USD).paid()).isEqualTo(usd("60.00"));
      assertThat(program.statement("leo", USD).payable()).isEqualTo(usd("20.00"));
      assertThat(events).filteredOn(e -> e instanceof ProgramEvent.PayoutSettled).hasSize(1);
    }

    @Test
    void failPayout_movesTheLinesBackToPayable() {
      twoSales();
      clock.advance(Duration.ofDays(30));
      program.release();
      program.preparePayout("payout-2026-03");
      Transaction failed = program.failPayout("payout-2026-03", "paypal account closed");
      assertThat(failed.key()).isEqualTo("fail:payout-2026-03");
      assertThat(program.statement("mia", USD).payable()).isEqualTo(usd("60.00"));
      assertThat(events).last().isEqualTo(new ProgramEvent.PayoutFailed("fail:payout-2026-03",
          "payout-2026-03", "paypal account closed", failed));
    }

    @Test
    void settleOrFailPayout_monthWhenNobodyReachesTheMinimum_succeedsPayingNobody() {
      enrollTwo();
      program.recordClick("v1", "GLOWWITHMIA");
      program.recordConversion(order("o1", "v1", "100.00"));       // mia earns USD 10.00
      clock.advance(Duration.ofDays(30));
      program.release();
      PayoutBatch batch = program.preparePayout("payout-2026-04"); // minimum USD 50.00
      assertThat(batch.lines()).isEmpty();

      Transaction settled = program.settlePayout(batch.key());

      assertThat(settled.entries()).isEmpty();
      assertThat(program.settlePayout(batch.key())).isEqualTo(settled);
      assertThat(program.statement("mia", USD).payable()).isEqualTo(usd("10.00"));
      assertThat(events).filteredOn(e -> e instanceof ProgramEvent.PayoutSettled).hasSize(1);
      PayoutBatch next = program.preparePayout("payout-2026-05");
      Transaction failed = program.failPayout(next.key(), "bank holiday");
      assertThat(failed.entries()).isEmpty();
      assertThat(program.failPayout(next.key(), "bank holiday")).isEqualTo(failed);
      assertThat(events).filteredOn(e -> e instanceof ProgramEvent.PayoutFailed).hasSize(1);
    }

    @Test
    void settleOrFailPayout_batchPayingNobodyResolvedAlready_throwsAndTellsNothing() {
      enrollTwo();
      program.recordClick("v1", "GLOWWITHMIA");
      program.recordConversion(order("o1", "v1", "100.00"));       // mia earns USD 10.00
      clock.advance(Duration.ofDays(30));
      program.release();
      PayoutBatch settled = program.preparePayout("payout-2026-04"); // minimum USD 50.00
      PayoutBatch failed = program.preparePayout("payout-2026-04b");
      program.settlePayout(settled.key());
      program.failPayout(failed.key(), "bank holiday");

      assertRejectedWithoutChange(() -> program.failPayout(settled.key(), "bank holiday"),
          AlreadyResolvedException.class, "payout batch is already settled: 'payout-2026-04'");
      assertRejectedWithoutChange(() -> program.settlePayout(failed.key()),
          AlreadyResolvedException.class, "payout batch is already failed: 'payout-2026-04b'");
    }

    @Test
    void preparePayout_keyOfTheFormOfADerivedKey_isRejected() {
      // Regression: batch settle:b2 took the key of batch b2's settlement, and batch
      // order:o2/mia that of a later commission, so neither could ever be posted.
      twoSales();
      clock.advance(Duration.ofDays(30));
      program.release();
      // An enrollment's and a keyed touch's too, which their events carry.
      for (String taken : List.of("settle:b2", "fail:b2", "order:o2/mia", "refund:o1:r1",
          "chargeback:o1:c1", "chargeback-won:o1:c1", "release:2026-04-01", "enroll:zoe",
          "touch:t1")) {
        assertRejectedWithoutChange(() -> program.preparePayout(taken),
            IllegalArgumentException.class, "batchKey must not start with the kind of a key the"
                + " program derives (order, refund, chargeback, chargeback-won, release, settle,"
                + " fail, enroll, touch, then ':'): '" + taken + "'");
      }
      // Other colons, and the kinds without one, are the host's to use.
      assertThat(program.preparePayout("payout:2026-04").lines()).isNotEmpty();
      assertThat(program.preparePayout("settlement-2026-04").lines()).isEmpty();
    }

    @Test
    void releaseWithKey_keyOfTheFormOfADerivedKey_isRejected() {
      // Regression: release("order:o3/mia") took the key of a later commission, so order o3 could
      // never be recorded; settle:b1 likewise that of a batch's settlement.
      twoSales();
      clock.advance(Duration.ofDays(30));
      for (String taken : List.of("order:o3/mia", "refund:o1:r1/order:o1/mia", "settle:b1",
          "chargeback-won:o1:c1", "enroll:zoe", "touch:t1")) {
        assertRejectedWithoutChange(() -> program.release(taken),
            IllegalArgumentException.class, "idempotencyKey must not start with the kind of a key"
                + " the program derives (order, refund, chargeback, chargeback-won, settle, fail,"
                + " enroll, touch, then ':'): '" + taken + "'");
      }
      assertThat(program.release("nightly:2026-04-01").entries()).isNotEmpty();
      // A release's own form is the host's too: it is how a release() is retried.
      assertThat(program.release("release:2026-04-01").entries()).isEmpty();
    }

    @Test
    void preparePayout_sameKeyOtherRules_throwsAConflictNamingTheKey() {
      twoSales();
      clock.advance(Duration.ofDays(30));
      program.release();
      PayoutBatch first = program.preparePayout("run-1", PayoutRules.minimums(usd("50.00")));

      assertRejectedWithoutChange(
          () -> program.preparePayout("run-1", PayoutRules.minimums(usd("10.00"))),
          IdempotencyConflictException.class,
          "idempotency key already used for a different posting: 'run-1' (recorded: payout run"
              + " as of 2026-03-31T10:00:00Z with minimums [USD 50.00]; requested: payout run as"
              + " of 2026-03-31T10:00:00Z with minimums [USD 10.00])");
      clock.advance(Duration.ofHours(1));
      assertThat(program.preparePayout("run-1", PayoutRules.minimums(usd("50.00"))))
          .isEqualTo(first);
      assertThat(program.statement("leo", USD).payable()).isEqualTo(usd("20.00"));
    }

    @Test
    void failPayout_sameBatchOtherReason_throwsAConflict_sameReasonReturnsTheFirst() {
      twoSales();
      clock.advance(Duration.ofDays(30));
      program.release();
      program.preparePayout("payout-2026-03");
      Transaction failed = program.failPayout("payout-2026-03", "bank rejected");

      assertRejectedWithoutChange(() -> program.failPayout("payout-2026-03", "account closed"),
          IdempotencyConflictException.class,
          "idempotency key already used for a different posting: 'fail:payout-2026-03'"
              + " (recorded: failure of all open lines of payout batch 'payout-2026-03': bank"
              + " rejected; requested: failure of all open lines of payout batch 'payout-2026-03':"
              + " account closed)");
      assertThat(program.failPayout("payout-2026-03", "bank rejected")).isEqualTo(failed);
      assertThat(events).filteredOn(e -> e instanceof ProgramEvent.PayoutFailed).hasSize(1);
    }

    @Test
    void settleOrFailPayout_keyTakenByAnotherPosting_throwsAConflict() {
      twoSales();
      clock.advance(Duration.ofDays(30));
      program.release();
      program.preparePayout("p1");
      program.ledger().adjust("settle:p1", new Adjustment("mia", usd("5.00"), "bonus"));
      assertRejectedWithoutChange(() -> program.settlePayout("p1"),
          IdempotencyConflictException.class,
          "idempotency key already used for a different posting: 'settle:p1' (recorded:"
              + " adjustment of USD 5.00 for 'mia': bonus; requested: settlement of all open"
              + " lines of payout batch 'p1')");
    }

    @Test
    void preparePayout_clockSteppedBackBehindTheLatestPosting_cutsOffAtThatPosting() {
      twoSales();
      clock.advance(Duration.ofDays(30));
      Transaction release = program.release().orElseThrow();
      clock.advance(Duration.ofSeconds(-1));                   // an NTP step, or another host

      PayoutBatch batch = program.preparePayout("payout-2026-03");

      assertThat(batch.asOf()).isEqualTo(release.postedAt());
      assertThat(batch.lines()).extracting(PayoutLine::affiliateId, PayoutLine::amount)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("mia", usd("60.00")));
    }

    /**
     * Regression: a host posting through ledger() stamped between the program's read of the
     * latest posting and its post of the run made the ledger refuse the run's cut-off, with an
     * IllegalArgumentException about a cut-off the caller never gave. A ledger that lets the
     * host post right after that read, once, stands in for the other thread.
     */
    @Test
    void preparePayout_hostPostsBetweenTheReadAndTheRun_takesTheLaterCutOff() {
      Ledger real = Ledger.inMemory(clock);
      boolean[] armed = {false};
      Ledger racing = (Ledger) java.lang.reflect.Proxy.newProxyInstance(
          Ledger.class.getClassLoader(), new Class<?>[] {Ledger.class}, (proxy, method, args) -> {
            Object result;
            try {
              result = method.invoke(real, args);
            } catch (java.lang.reflect.InvocationTargetException thrown) {
              throw thrown.getCause();
            }
            if (armed[0] && method.getName().equals("lastTransaction")) {
              armed[0] = false;
              clock.advance(Duration.ofSeconds(1));
              real.adjust("bonus", new Adjustment("mia", usd("5.00"), "bonus"));
            }
            return result;
          });
      AffiliateProgram raced = AffiliateProgram.builder().plan(TEN_PERCENT).ledger(racing)
          .clock(clock).payoutRules(PayoutRules.minimums(usd("1.00"))).build();
      armed[0] = true;

      PayoutBatch batch = raced.preparePayout("payout-1");

      assertThat(batch.asOf()).isEqualTo(real.transaction("bonus").orElseThrow().postedAt());
      assertThat(batch.lines()).extracting(PayoutLine::affiliateId, PayoutLine::amount)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("mia", usd("5.00")));
    }

    /**
     * Regression: a clock that stepped back between the program's reading of it and the ledger's
     * stamping of the run made the ledger refuse a cut-off "after now".
     */
    @Test
    void preparePayout_clockStepsBackDuringTheCall_takesTheLedgersInstant() {
      Instant at = START.plusSeconds(60);
      TestClock stepping = new TestClock(at);
      AffiliateProgram stepped = AffiliateProgram.builder().plan(TEN_PERCENT).clock(stepping)
          .payoutRules(PayoutRules.minimums(usd("1.00"))).build();
      stepped.ledger().adjust("bonus", new Adjustment("mia", usd("5.00"), "bonus"));
      stepping.readNext(at.plusSeconds(1), at);

      PayoutBatch batch = stepped.preparePayout("payout-1");

      assertThat(batch.asOf()).isEqualTo(at);
      assertThat(batch.lines()).extracting(PayoutLine::amount).containsExactly(usd("5.00"));
    }

    /**
     * Regression: the clock read 10:01:01 for the program, then 10:01:00 for the ledger, which
     * refused a release "after now"; the payout run gave up when the clock came back to the
     * instant it had refused.
     */
    @Test
    void releaseAndPayout_clockStepsBackThenReturns_goThrough() {
      TestClock scripted = new TestClock(START);
      AffiliateProgram stepped = AffiliateProgram.builder().plan(TEN_PERCENT).clock(scripted)
          .holdPeriod(Duration.ZERO).payoutRules(PayoutRules.minimums(usd("1.00"))).build();
      stepped.ledger().accrue("bonus", new Accrual("mia", usd("5.00"), START, "o", "q", "x"));
      Instant at = START.plusSeconds(60);
      scripted.readNext(at.plusSeconds(1), at, at.plusSeconds(1));

      assertThat(stepped.release()).isPresent();
      // The release stands at 10:01:01; the run reads 10:01:03, the ledger 10:01:02, then 10:01:03.
      scripted.readNext(at.plusSeconds(3), at.plusSeconds(2), at.plusSeconds(3));
      PayoutBatch batch = stepped.preparePayout("payout-1");

      assertThat(batch.asOf()).isEqualTo(at.plusSeconds(3));
      assertThat(batch.lines()).extracting(PayoutLine::amount).containsExactly(usd("5.00"));
      assertThat(stepped.ledger().balances("mia", USD).clearing()).isEqualTo(usd("5.00"));
    }

    @Test
    void preparePayout_withoutRules_throws() {
      AffiliateProgram noRules = AffiliateProgram.builder().plan(TEN_PERCENT).clock(clock).build();
      assertThatThrownBy(() -> noRules.preparePayout("p1"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("payout rules must be set on the program to prepare 'p1': none");
    }

    @Test
    void settlePayout_unknownBatch_throws() {
      assertRejectedWithoutChange(() -> program.settlePayout("p9"),
          IllegalArgumentException.class, "payout batch is unknown: 'p9'");
    }
  }

  @Nested
  class Statement {

    @Test
    void statement_inAnotherUnitOfTheCodeOfItsEntries_isAMismatch_notZeros() {
      CurrencyUnit mills = CurrencyUnit.custom("USD", 3);
      enrollTwo();
      program.recordClick("v1", "GLOWWITHMIA");
      program.recordConversion(Conversion.builder("o1", clock.instant(),
          Money.ofMinor(80_000, mills)).visitorId("v1").build());

      assertThat(program.statement("mia", mills).pending()).isEqualTo(Money.ofMinor(8_000, mills));
      assertThatThrownBy(() -> program.statement("mia", USD))
          .isInstanceOf(CurrencyMismatchException.class)
          .hasMessage("statement currency must be the USD the ledger keeps, one unit per currency "
              + "code: USD (scale 2, not 3)");
    }

    @Test
    void conversion_inAnotherUnitOfTheCodeTheLedgerKeeps_isAMismatch_andRecordsNothing() {
      CurrencyUnit mills = CurrencyUnit.custom("USD", 3);
      enrollTwo();
      program.recordClick("v1", "GLOWWITHMIA");
      program.recordConversion(Conversion.builder("o1", clock.instant(),
          Money.ofMinor(80_000, mills)).visitorId("v1").build());
      int journal = program.ledger().journal().size();

      assertThatThrownBy(() -> program.recordConversion(order("o2", "v1", "80.00")))
          .isInstanceOf(CurrencyMismatchException.class)
          .hasMessageContaining("the USD this ledger keeps, one unit per currency code");
      assertThat(program.ledger().journal()).hasSize(journal);
      // The order was not recorded: it may come again in the ledger's unit.
      program.recordConversion(Conversion.builder("o2", clock.instant(),
          Money.ofMinor(80_000, mills)).visitorId("v1").build());
      assertThat(program.statement("mia", mills).pending()).isEqualTo(Money.ofMinor(16_000, mills));
    }

    @Test
    void conversion_ofManyAccruals_inAnotherUnitOfTheCode_namesTheAccrualAmount() {
      CurrencyUnit mills = CurrencyUnit.custom("USD", 3);
      AffiliateProgram network = AffiliateProgram.builder()
          .plan(TEN_PERCENT.toBuilder().overrideRates(Rate.ofPercent(10)).build()).clock(clock)
          .build();
      network.enroll(AffiliateProfile.of("ann"), "ANNSHOP");
      network.enroll(AffiliateProfile.builder("mia").parentId("ann").build(), "GLOWWITHMIA");
      network.recordClick("v1", "GLOWWITHMIA");
      network.recordConversion(order("o1", "v1", "100.00"));
      int journal = network.ledger().journal().size();

      // Mia's commission and ann's override: two accruals, checked before either is posted.
      assertThatThrownBy(() -> network.recordConversion(Conversion.builder("o2",
              clock.instant(), Money.ofMinor(100_000, mills)).visitorId("v1").build()))
          .isInstanceOf(CurrencyMismatchException.class)
          .hasMessage("accrual amount must be in the USD this ledger keeps, one unit per currency"
              + " code: USD 10.000 (scale 3, not 2)");
      assertThat(network.ledger().journal()).hasSize(journal);
    }

    @Test
    void statement_explainsEachEntry_andItsFiguresAddUp() {
      enrollTwo();
      program.recordClick("v1", "GLOWWITHMIA");
      program.recordConversion(order("o1", "v1", "80.00"));
      program.refund(Refund.partial("o1", "r1", usd("20.00"), "serum returned"));
      clock.advance(Duration.ofDays(30));
      program.release();

      AffiliateStatement statement = program.statement("mia", USD);
      assertThat(statement.accrued()).isEqualTo(usd("8.00"));
      assertThat(statement.reversed()).isEqualTo(usd("2.00"));
      assertThat(statement.earned()).isEqualTo(usd("6.00"));
      assertThat(statement.pending()).isEqualTo(usd("0.00"));
      assertThat(statement.payable()).isEqualTo(usd("6.00"));
      assertThat(statement.clearing()).isEqualTo(usd("0.00"));
      assertThat(statement.paid()).isEqualTo(usd("0.00"));
      assertThat(statement.lines()).extracting(AffiliateStatement.Line::account,
          AffiliateStatement.Line::amount).containsExactly(
          org.assertj.core.groups.Tuple.tuple(AccountKind.PENDING, usd("8.00")),
          org.assertj.core.groups.Tuple.tuple(AccountKind.PENDING, usd("-2.00")),
          org.assertj.core.groups.Tuple.tuple(AccountKind.PENDING, usd("-6.00")),
          org.assertj.core.groups.Tuple.tuple(AccountKind.PAYABLE, usd("6.00")));
      assertThat(statement.lines().get(0).explanation())
          .startsWith("rule base matched").contains("10% of USD 80.00");
      assertThat(statement.lines().get(1).explanation())
          .isEqualTo("refund of USD 2.00 of item 'order:o1/mia': serum returned");
    }

    /**
     * Regression: each statement line of a settlement of part of a batch carried every line id
     * of the settlement, 500,000 characters in a batch of 40,000, but not the affiliate's own.
     */
    @Test
    void statement_ofALargeBatchSettledInPart_explainsBriefly_withTheAffiliatesOwnLineId() {
      for (int i = 1; i <= 2_000; i++) {
        program.ledger().adjust("bonus-" + i, new Adjustment("c" + i, usd("60.00"), "bonus"));
      }
      PayoutBatch batch = program.preparePayout("may");
      Set<String> lineIds = new java.util.TreeSet<>();
      batch.lines().forEach(line -> lineIds.add(line.id()));
      PayoutLine first = batch.lines().get(0);
      lineIds.remove(first.id());
      program.ledger().settle("may/paid", "may", lineIds);
      program.ledger().fail("may/bounced", "may", Set.of(first.id()), "account closed");

      PayoutLine last = batch.lines().get(batch.lines().size() - 1);
      List<AffiliateStatement.Line> lines = program.statement(last.affiliateId(), USD).lines();
      assertThat(lines).hasSize(5);
      assertThat(lines.get(1).explanation()).startsWith("line '" + last.id() + "' of payout run");
      assertThat(lines.subList(3, 5)).extracting(AffiliateStatement.Line::explanation)
          .containsOnly("settlement of line '" + last.id() + "' of payout batch 'may'");
      assertThat(program.statement(first.affiliateId(), USD).lines().get(4).explanation())
          .isEqualTo("failure of line '" + first.id() + "' of payout batch 'may': account closed");
      for (AffiliateStatement.Line line : lines) {
        assertThat(line.explanation()).hasSizeLessThan(120);
      }
    }

    @Test
    void statement_countsAdjustmentsInAccrued_andVoidsInReversed() {
      enrollTwo();
      program.recordClick("v1", "GLOWWITHMIA");
      program.recordConversion(order("o1", "v1", "100.00"));          // mia earns USD 10.00
      program.ledger().voidItem("void-1", "order:o1/mia", "fraud");
      program.ledger().adjust("bonus-1", new Adjustment("mia", usd("25.00"), "launch bonus"));

      AffiliateStatement statement = program.statement("mia", USD);
      assertThat(statement.accrued()).isEqualTo(usd("35.00"));
      assertThat(statement.reversed()).isEqualTo(usd("10.00"));
      assertThat(statement.earned()).isEqualTo(usd("25.00"));
      assertThat(statement.payable()).isEqualTo(usd("25.00"));
    }

    /** TOK, a unit of 9 decimals, where a long holds at most TOK 9.22e9. */
    final CurrencyUnit tok = CurrencyUnit.custom("TOK", 9);
    /** TOK 6e9: 6e18 minor units, two of which pass beyond a long. */
    final Money six = Money.ofMinor(6_000_000_000_000_000_000L, tok);

    /**
     * Returns a program paying mia 100% in TOK, after orders o1 and o2 of {@link #six} each, each
     * taken back by the refund or chargeback that {@code back} makes of its order id.
     */
    AffiliateProgram twoSixesTakenBack(java.util.function.Function<String, Refund> back) {
      AffiliateProgram all = AffiliateProgram.builder().plan(CommissionPlan.builder()
          .rule(CommissionRule.percentage("all", Rate.ofPercent(100))).build()).clock(clock)
          .build();
      all.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");
      all.recordClick("v1", "GLOWWITHMIA");
      for (String order : List.of("o1", "o2")) {
        all.recordConversion(Conversion.builder(order, clock.instant(), six).visitorId("v1")
            .build());
        all.refund(back.apply(order));
      }
      return all;
    }

    @Test
    void statement_accruedBeyondALong_throwsNamingAffiliateFigureAndCurrency() {
      AffiliateProgram all = twoSixesTakenBack(order -> Refund.full(order, "r-" + order,
          "returned"));
      // Every balance is back at zero, but 2 × 6e18 minor units were accrued and reversed.
      assertThat(all.ledger().balances("mia", tok).earned()).isEqualTo(Money.zero(tok));
      assertThatThrownBy(() -> all.statement("mia", tok))
          .isInstanceOf(ArithmeticException.class)
          .hasMessage("statement accrued of affiliate 'mia' in TOK does not fit in a long count"
              + " of minor units: TOK 12000000000.000000000");
    }

    @Test
    void statement_totalsThatPassBeyondALongOnTheWay_areExact() {
      AffiliateProgram all = twoSixesTakenBack(order -> Refund.chargeback(order, "cb-" + order,
          "disputed"));
      // Reversed passes 12e18 minor units, then the won chargeback takes it back to 6e18;
      // accrued passes 12e18, then a correction of -6e18 takes it back.
      all.chargebackWon("o1", "cb-o1", "dispute won");
      all.ledger().adjust("fix-1", new Adjustment("mia", six.negated(), "correction"));

      AffiliateStatement statement = all.statement("mia", tok);
      assertThat(statement.accrued()).isEqualTo(six);
      assertThat(statement.reversed()).isEqualTo(six);
      assertThat(statement.earned()).isEqualTo(Money.zero(tok));
    }

    @Test
    void statement_unknownAffiliateOrOtherCurrency_isZero() {
      AffiliateStatement statement = program.statement("nobody", EUR);
      assertThat(statement.earned()).isEqualTo(Money.parse("EUR 0.00"));
      assertThat(statement.lines()).isEmpty();
    }
  }

  @Nested
  class BuiltAgain {

    /** A program built anew over a copy of this program's ledger, read back from its journal. */
    AffiliateProgram again() {
      return again(AffiliateProgram.builder());
    }

    /** The same, built with the given parts besides. */
    AffiliateProgram again(AffiliateProgram.Builder parts) {
      byte[] utf8 = JournalJson.toJsonLines(program.ledger().journal())
          .getBytes(StandardCharsets.UTF_8);
      Ledger restored = Ledger.restore(JournalJson.read(
          new InputStreamReader(new ByteArrayInputStream(utf8), StandardCharsets.UTF_8)), clock);
      AffiliateProgram again = parts.plan(TEN_PERCENT).ledger(restored).clock(clock).build();
      again.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");
      return again;
    }

    @Test
    void recordConversion_ofAnOrderRecordedBefore_isRefused_evenWithItsTouches() {
      enrollTwo();
      program.recordClick("v1", "GLOWWITHMIA");
      Conversion o1 = order("o1", "v1", "100.00");
      program.recordConversion(o1);
      // Its touches are there: recorded anew, the order would be paid again as now quoted.
      AffiliateProgram again = again(AffiliateProgram.builder()
          .touchpointStore(program.touchpointStore()));
      List<Transaction> journal = again.ledger().journal();

      assertThatThrownBy(() -> again.recordConversion(o1))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("order was recorded before this program was built: 'o1' has commissions"
              + " in the ledger, and the program that recorded it kept the order in memory;"
              + " reverse its commissions through the ledger");
      assertThat(again.ledger().journal()).isEqualTo(journal);
    }

    /** Regression: the second program told the first one's accrual as its own, and refunded it. */
    @Test
    void recordConversion_ofAnOrderAnotherLiveProgramRecorded_isRefused() {
      Ledger ledger = Ledger.inMemory(clock);
      dev.affiliatekit.link.LinkRegistry registry = dev.affiliatekit.link.LinkRegistry.inMemory();
      dev.affiliatekit.attribution.TouchpointStore store =
          dev.affiliatekit.attribution.TouchpointStore.inMemory();
      AffiliateProgram first = AffiliateProgram.builder().plan(TEN_PERCENT).ledger(ledger)
          .linkRegistry(registry).touchpointStore(store).clock(clock).build();
      AffiliateProgram other = AffiliateProgram.builder().plan(TEN_PERCENT).ledger(ledger)
          .linkRegistry(registry).touchpointStore(store).clock(clock).build();
      first.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");
      other.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");
      List<ProgramEvent> heard = new ArrayList<>();
      other.subscribe(heard::add);
      first.recordClick("v1", "GLOWWITHMIA");
      Conversion o2 = order("o2", "v1", "100.00");
      first.recordConversion(o2);
      List<Transaction> journal = ledger.journal();

      assertThatThrownBy(() -> other.recordConversion(o2))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("order was recorded by another program over this ledger: 'o2' has"
              + " commissions in the ledger, such as 'order:o2/mia', that this program did not"
              + " post; run one program over a ledger at a time (or the ledger's store gave"
              + " back a posting otherwise than it was appended: see LedgerStore)");
      assertThatThrownBy(() -> other.refund(Refund.full("o2", "r1", "returned")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("order was recorded by another program over this ledger");
      // Credited to another affiliate in the other program, the order is refused all the same.
      other.enroll(AffiliateProfile.of("leo"), "LEOSKIN");
      other.recordCouponUse("v1", "LEOSKIN");
      assertThatThrownBy(() -> other.recordConversion(o2))
          .isInstanceOf(IllegalStateException.class);
      assertThat(heard).extracting(ProgramEvent::key).containsExactly("enroll:leo");
      assertThat(ledger.journal()).isEqualTo(journal);
      assertThat(ledger.itemsOfOrder("o2")).extracting(PendingItem::key)
          .containsExactly("order:o2/mia");
    }

    /** Regression: a refund took nothing and left the other program's commission standing. */
    @Test
    void refund_ofAnOrderWhoseCommissionsAnotherProgramPosted_isRefused() {
      Ledger ledger = Ledger.inMemory(clock);
      dev.affiliatekit.link.LinkRegistry registry = dev.affiliatekit.link.LinkRegistry.inMemory();
      AffiliateProgram first = AffiliateProgram.builder().plan(TEN_PERCENT).ledger(ledger)
          .linkRegistry(registry).clock(clock).build();
      AffiliateProgram other = AffiliateProgram.builder().plan(TEN_PERCENT).ledger(ledger)
          .linkRegistry(registry).clock(clock).build();
      first.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");
      other.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");
      first.recordConversion(order("o7", "v1", "100.00"));     // nobody referred it here
      other.recordClick("v2", "GLOWWITHMIA");
      other.recordConversion(order("o7", "v2", "100.00"));     // new there, and paid
      List<Transaction> journal = ledger.journal();

      assertThatThrownBy(() -> first.refund(Refund.full("o7", "r1", "returned")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("order has commissions in the ledger that this program did not post: 'o7'"
              + " has 'order:o7/mia', posted by another program over this ledger or by hand; run"
              + " one program over a ledger at a time, and reverse them through the ledger");
      assertThat(ledger.journal()).isEqualTo(journal);
      assertThat(other.refund(Refund.full("o7", "r1", "returned")).totalReversed())
          .isEqualTo(usd("10.00"));
    }

    @Test
    void refundsAndWins_ofAnOrderRecordedBefore_areRefused_ratherThanTakingTheWrongAmount() {
      enrollTwo();
      program.recordClick("v1", "GLOWWITHMIA");
      program.recordConversion(order("o1", "v1", "100.00"));
      program.refund(Refund.chargeback("o1", "cb1", "disputed"));
      AffiliateProgram again = again();

      assertThatThrownBy(() -> again.refund(Refund.full("o1", "r1", "returned")))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("order was recorded before this program was built: 'o1'");
      assertThatThrownBy(() -> again.chargebackWon("o1", "cb1", "won"))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageStartingWith("order was recorded before this program was built: 'o1'");
      assertThat(again.ledger().balances("mia", CurrencyUnit.USD))
          .isEqualTo(program.ledger().balances("mia", CurrencyUnit.USD));
    }

    @Test
    void enroll_withTheCodesTheRegistryGivesTheAffiliate_takesThemAsTheyAre() {
      LinkRegistry registry = LinkRegistry.inMemory();
      LinkCode generated = LinkCode.parse("10*");      // no vanity code can end in '*'
      registry.claim(generated, LinkOwner.of("leo"));
      registry.claim(LinkCode.parseVanity("LEOVLOGS"), LinkOwner.of("leo"));
      AffiliateProgram again = again(AffiliateProgram.builder().linkRegistry(registry));

      Enrollment leo = again.enroll(AffiliateProfile.of("leo"), "10*", "LEOVLOGS");

      assertThat(leo.codes()).containsExactly(generated, LinkCode.parseVanity("LEOVLOGS"));
      assertThat(registry.codesOf("leo")).hasSize(2);
      assertThatThrownBy(() -> again.enroll(AffiliateProfile.of("ann"), "10*"))
          .isInstanceOf(InvalidLinkCodeException.class);
    }

    /**
     * Regression: a retired code that stopped resolving was taken back only if the vanity policy
     * could read it, so a generated code ending in a check-only symbol was refused as invalid.
     */
    @Test
    void enroll_withItsRetiredCodesThatStopResolving_takesThemBackActive() {
      LinkRegistry registry = LinkRegistry.inMemory(RetiredCodes.STOP_RESOLVING);
      LinkCode generated = LinkCode.parse("10*");
      LinkCode vanity = LinkCode.parseVanity("LEOVLOGS");
      registry.claimAll(List.of(generated, vanity), LinkOwner.of("leo"));
      registry.retire(generated);
      registry.retire(vanity);
      AffiliateProgram again = again(AffiliateProgram.builder().linkRegistry(registry));

      Enrollment leo = again.enroll(AffiliateProfile.of("leo"), "10*", "LEOVLOGS");

      assertThat(leo.codes()).containsExactly(generated, vanity);
      assertThat(registry.resolve(generated)).contains(LinkOwner.of("leo"));
      assertThat(registry.owner(vanity)).contains(LinkOwner.of("leo"));
      assertThatThrownBy(() -> again.enroll(AffiliateProfile.of("ann"), "10*"))
          .isInstanceOf(InvalidLinkCodeException.class);
    }

    @Test
    void enroll_heldVanityCodeThatReadsAsAGeneratedOne_isRefusedAsTheLookAlikeItIs() {
      // ELIGLOW reads as the generated code E11G10W: clicks and coupons would never reach eli.
      LinkRegistry registry = LinkRegistry.inMemory();
      registry.claim(LinkCode.parseVanity("ELIGLOW"), LinkOwner.of("eli"));
      AffiliateProgram again = again(AffiliateProgram.builder().linkRegistry(registry));

      assertThatThrownBy(() -> again.enroll(AffiliateProfile.of("eli"), "ELIGLOW"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("vanity code could be mistaken for the generated code E11G10W"
              + " (ELIGLOW2 is allowed): 'ELIGLOW'");
      assertThat(again.enrollment("eli")).isEmpty();
    }

    @Test
    void ordersOfItsOwn_areRecordedAndRefunded_andUnknownOrdersAreNotRecorded() {
      enrollTwo();
      program.recordClick("v1", "GLOWWITHMIA");
      program.recordConversion(order("o1", "v1", "100.00"));
      AffiliateProgram again = again();
      again.recordClick("v2", "GLOWWITHMIA");

      again.recordConversion(order("o2", "v2", "50.00"));
      RefundOutcome refunded = again.refund(Refund.full("o2", "r1", "returned"));

      assertThat(refunded.reversed()).containsEntry("mia", usd("5.00"));
      assertThat(again.ledger().balances("mia", CurrencyUnit.USD).pending())
          .isEqualTo(usd("10.00"));
      assertThatThrownBy(() -> again.refund(Refund.full("o9", "r1", "returned")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("order is not recorded: 'o9'");
    }
  }

  @Nested
  class Listeners {

    /**
     * Regression: the docs sent a host to {@code ledger().transaction(key + "/" + itemKey)} for a
     * reversal's or reinstatement's transaction, which is kept under a shortened key when the two
     * ids are long, so an override's events had no transaction to be found.
     */
    @Test
    void transactionsOf_everyEvent_findsTheTransactionsThatPostedIt_evenUnderLongKeys() {
      List<ProgramEvent> told = new ArrayList<>();
      AffiliateProgram network = AffiliateProgram.builder()
          .plan(TEN_PERCENT.toBuilder().overrideRates(Rate.ofPercent(10)).build())
          .payoutRules(PayoutRules.minimums(usd("1.00")))
          .holdPeriod(Duration.ofDays(1)).clock(clock).listener(told::add).build();
      network.enroll(AffiliateProfile.of("ann"), "ANNPICKS");
      network.enroll(AffiliateProfile.builder("mia").parentId("ann").build(), "GLOWWITHMIA");
      String order = "shop-eu-1-2026-03-01-" + "7f3a9b2c4d5e4f608a7b9c0d1e2f3a4b".repeat(2);
      String dispute = "dispute-du_1MmlLrLkdIwHu7ix0snN0B15-du_1MmlLrLkdIwHu7ix0snN0B15-2026";
      network.recordClick("v1", "GLOWWITHMIA");
      network.recordConversion(order(order, "v1", "100.00"));
      network.refund(Refund.chargeback(order, dispute, "fraud"));
      network.chargebackWon(order, dispute, "won");
      // A won chargeback that only corrects the rounding of a refund made after it.
      network.recordClick("v2", "GLOWWITHMIA");
      network.recordConversion(order("o2", "v2", "33.33"));
      network.refund(new Refund("o2", "cb1", Optional.of(usd("0.05")), ReversalKind.CHARGEBACK,
          "disputed"));
      network.refund(Refund.partial("o2", "r1", usd("0.05"), "returned"));
      network.chargebackWon("o2", "cb1", "won");
      clock.advance(Duration.ofDays(2));
      network.release();
      network.preparePayout("batch-1");
      network.settlePayout("batch-1");

      List<Transaction> journal = network.ledger().journal();
      List<Transaction> found = new ArrayList<>();
      for (ProgramEvent event : told) {
        List<Transaction> posted = network.transactionsOf(event);
        if (!(event instanceof ProgramEvent.AffiliateEnrolled)) {
          assertThat(posted).as(event.toString()).isNotEmpty();
        }
        found.addAll(posted);
      }
      // Every transaction of the journal posted what some event tells; a release, what the
      // events of each item it released tell.
      assertThat(new java.util.LinkedHashSet<>(found)).containsExactlyInAnyOrderElementsOf(journal);
      ProgramEvent annsReinstatement = told.stream()
          .filter(event -> event instanceof ProgramEvent.CommissionReinstated reinstated
              && reinstated.affiliateId().equals("ann")).findFirst().orElseThrow();
      assertThat(annsReinstatement.key().length() + 1
          + ((ProgramEvent.CommissionReinstated) annsReinstatement).itemKey().length())
          .isGreaterThan(256);
      assertThat(network.transactionsOf(annsReinstatement)).singleElement()
          .satisfies(transaction -> assertThat(transaction.posting())
              .isInstanceOf(dev.affiliatekit.ledger.Reinstatement.class));
    }

    /** Regression: a listener subscribed twice heard each event twice, and once after leaving. */
    @Test
    void listenerSubscribedTwice_hearsEachEventOnce_andLeavesAtOnce() {
      List<String> heard = new ArrayList<>();
      ProgramListener listener = event -> heard.add(event.key());
      program.subscribe(listener);
      program.subscribe(listener);
      program.enroll(AffiliateProfile.of("ann"));
      assertThat(heard).containsExactly("enroll:ann");

      assertThat(program.unsubscribe(listener)).isTrue();
      program.enroll(AffiliateProfile.of("bea"));
      assertThat(heard).containsExactly("enroll:ann");

      AffiliateProgram built = AffiliateProgram.builder().plan(TEN_PERCENT).clock(clock)
          .listener(listener).listener(listener).build();
      built.enroll(AffiliateProfile.of("cy"));
      assertThat(heard).containsExactly("enroll:ann", "enroll:cy");
    }

    @Test
    void throwingListener_operationStands_othersHearEverything_retryTellsNothing() {
      enrollTwo();
      program.recordClick("v1", "GLOWWITHMIA");
      List<ProgramEvent> second = new ArrayList<>();
      program.subscribe(event -> {
        throw new IllegalStateException("mailer down");
      });
      program.subscribe(second::add);
      Conversion order = order("o1", "v1", "80.00");

      assertThatThrownBy(() -> program.recordConversion(order))
          .isInstanceOf(IllegalStateException.class).hasMessage("mailer down");
      assertThat(second).hasSize(1);
      assertThat(program.ledger().balances("mia", USD).pending()).isEqualTo(usd("8.00"));

      ConversionOutcome retried = program.recordConversion(order);
      assertThat(retried.commission()).isEqualTo(usd("8.00"));
      assertThat(second).hasSize(1);
      assertThat(program.ledger().journal()).hasSize(1);
    }

    /**
     * Returns the ledger transaction of a money event, by the keys the class documentation gives,
     * or empty for an enrollment.
     */
    java.util.Optional<Transaction> transactionOf(ProgramEvent event) {
      String key;
      if (event instanceof ProgramEvent.CommissionAccrued accrued) {
        key = accrued.itemKey();
      } else if (event instanceof ProgramEvent.CommissionReversed reversed) {
        key = reversed.key() + "/" + reversed.itemKey();
      } else if (event instanceof ProgramEvent.CommissionReinstated reinstated) {
        key = reinstated.key() + "/" + reinstated.itemKey();
      } else if (event instanceof ProgramEvent.CommissionReleased released) {
        key = released.key();
      } else if (event instanceof ProgramEvent.PayoutPrepared prepared) {
        key = prepared.key();
      } else if (event instanceof ProgramEvent.PayoutSettled settled) {
        return java.util.Optional.of(settled.transaction());
      } else if (event instanceof ProgramEvent.PayoutFailed failed) {
        return java.util.Optional.of(failed.transaction());
      } else {
        return java.util.Optional.empty();
      }
      return program.ledger().transaction(key);
    }

    @Test
    void moneyEvents_orderedByTheirTransactions_followTheJournal() {
      enrollTwo();
      program.recordClick("v1", "GLOWWITHMIA");
      program.recordConversion(order("o1", "v1", "80.00"));
      program.refund(Refund.partial("o1", "r1", usd("20.00"), "returned"));
      program.refund(new Refund("o1", "cb1", java.util.Optional.of(usd("20.00")),
          ReversalKind.CHARGEBACK, "disputed"));
      program.chargebackWon("o1", "cb1", "dispute won");
      clock.advance(Duration.ofDays(30));
      program.release();
      program.preparePayout("payout-1", PayoutRules.minimums(usd("1.00")));
      program.settlePayout("payout-1");
      List<ProgramEvent> money = events.stream()
          .filter(event -> !(event instanceof ProgramEvent.AffiliateEnrolled)).toList();

      // Heard in one thread, the events came in journal order; heard in any order, the sequence
      // of each one's transaction puts them back in it.
      List<Long> sequences = money.stream()
          .map(event -> transactionOf(event).orElseThrow().sequence()).toList();
      assertThat(money).hasSize(7);
      assertThat(sequences).isSorted().doesNotHaveDuplicates();
      List<ProgramEvent> shuffled = new ArrayList<>(money);
      java.util.Collections.reverse(shuffled);
      shuffled.sort(java.util.Comparator.comparingLong(
          event -> transactionOf(event).orElseThrow().sequence()));
      assertThat(shuffled).isEqualTo(money);
    }

    @Test
    void listenersThatThrow_doNotKeepTheOthersFromTheirEvents_andTheFirstIsRethrown() {
      for (Throwable thrown : List.of(new IllegalStateException("listener failed"),
          new AssertionError("listener bug"), new java.io.IOException("thrown undeclared"))) {
        List<ProgramEvent> heard = new ArrayList<>();
        AffiliateProgram withListeners = AffiliateProgram.builder().plan(TEN_PERCENT).clock(clock)
            .build();
        withListeners.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");
        withListeners.recordClick("v1", "GLOWWITHMIA");
        withListeners.subscribe(event -> sneakyThrow(thrown));
        withListeners.subscribe(
            event -> sneakyThrow(new IllegalArgumentException("second failure")));
        withListeners.subscribe(heard::add);
        Conversion sale = order("o1", "v1", "80.00");

        // A checked exception, which a listener can throw only undeclared, comes wrapped.
        assertThatThrownBy(() -> withListeners.recordConversion(sale)).as("%s", thrown)
            .satisfies(e -> {
              Throwable first = e instanceof java.lang.reflect.UndeclaredThrowableException
                  ? e.getCause() : e;
              assertThat(first).isSameAs(thrown);
              assertThat(first.getSuppressed()).extracting(Throwable::getMessage)
                  .containsExactly("second failure");
            });
        assertThat(heard).singleElement().isInstanceOf(ProgramEvent.CommissionAccrued.class);
        // The conversion stands; its retry returns it and tells nobody again.
        assertThat(withListeners.recordConversion(sale).quotes()).hasSize(1);
        assertThat(heard).hasSize(1);
      }
    }

    /** Throws what a listener may throw, a checked exception too, as other languages allow. */
    private static void sneakyThrow(Throwable thrown) {
      AffiliateProgramTest.<RuntimeException>throwAs(thrown);
    }

    @Test
    void operationCalledFromAListener_deliversItsEventsAfterThoseBeingDelivered() {
      List<ProgramEvent> heard = new ArrayList<>();
      AffiliateProgram[] self = new AffiliateProgram[1];
      AffiliateProgram refunding = AffiliateProgram.builder()
          .plan(TEN_PERCENT.toBuilder().overrideRates(Rate.ofPercent(10)).build()).clock(clock)
          .listener(event -> {
            if (event instanceof ProgramEvent.CommissionAccrued accrued
                && accrued.affiliateId().equals("leo")) {
              self[0].refund(Refund.full("o1", "r1", "cancelled at once"));
            }
          })
          .listener(heard::add).build();
      self[0] = refunding;
      refunding.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");
      refunding.enroll(AffiliateProfile.builder("leo").parentId("mia").build(), "LEOVLOGS");
      refunding.recordClick("v1", "LEOVLOGS");
      heard.clear();

      refunding.recordConversion(order("o1", "v1", "80.00"));

      // Leo's commission and mia's override are heard accrued, then both reversed.
      assertThat(heard).extracting(event -> event.getClass().getSimpleName() + " "
          + (event instanceof ProgramEvent.CommissionAccrued a ? a.itemKey()
              : ((ProgramEvent.CommissionReversed) event).itemKey()))
          .containsExactly("CommissionAccrued order:o1/leo",
              "CommissionAccrued order:o1/leo/override/mia",
              "CommissionReversed order:o1/leo", "CommissionReversed order:o1/leo/override/mia");
    }

    @Test
    void unsubscribe_stopsTheEvents() {
      ProgramListener listener = events::add;
      program.subscribe(listener);
      assertThat(program.unsubscribe(listener)).isTrue();
      assertThat(program.unsubscribe(listener)).isFalse();
    }
  }

  @SuppressWarnings("unchecked") // erased: throws the throwable whatever its type
  private static <T extends Throwable> void throwAs(Throwable thrown) throws T {
    throw (T) thrown;
  }
}
