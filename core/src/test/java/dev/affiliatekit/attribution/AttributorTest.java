package dev.affiliatekit.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.testing.NullPointerTester;
import com.google.common.util.concurrent.Uninterruptibles;
import dev.affiliatekit.attribution.AttributionPolicy.ClickLock;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AttributorTest {

  private static final Instant NOW = Instant.parse("2026-03-31T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private final TouchpointStore store = TouchpointStore.inMemory();
  private final AffiliateDirectory directory = AffiliateDirectory.builder()
      .add(AffiliateIdentity.active("anna").withCustomer("cust-anna", "Anna.Smith@gmail.com"),
          "ANNA10", "anna-link")
      .add(AffiliateIdentity.active("ben"), "BEN5", "ben-link")
      .add(AffiliateIdentity.active("carla"), "CARLA")
      .add(AffiliateIdentity.active("dora").withStatus(AffiliateStatus.INACTIVE), "DORA")
      .add(AffiliateIdentity.active("eve").withStatus(AffiliateStatus.BANNED), "EVE")
      .build();

  private Attributor attributor(AttributionPolicy policy) {
    return attributor(policy, AttributionModel.lastTouch());
  }

  private Attributor attributor(AttributionPolicy policy, AttributionModel model) {
    return Attributor.builder(store, directory).clock(CLOCK).policy(policy).model(model).build();
  }

  private Attributor attributor() {
    return attributor(AttributionPolicy.defaults());
  }

  private static Instant daysAgo(double days) {
    return NOW.minus(Duration.ofMinutes(Math.round(days * 24 * 60)));
  }

  private long click(String visitor, String affiliate, Instant at) {
    return store.record(Touchpoint.click(visitor, affiliate, at));
  }

  private static Conversion.Builder order(String orderId, String amount) {
    return Conversion.builder(orderId, NOW, Money.parse("USD " + amount));
  }

  private static List<String> affiliates(AttributionResult result) {
    return result.credits().stream().map(Credit::affiliateId).toList();
  }

  @Nested
  class Models {

    @Test
    void lastTouch_isTheDefault_andCreditsTheWholeTotal() {
      click("v1", "anna", daysAgo(3));
      click("v1", "ben", daysAgo(1));
      AttributionResult result = Attributor.builder(store, directory).clock(CLOCK).build()
          .attribute(order("o1", "80.00").visitorId("v1").build());
      assertThat(result).isInstanceOf(Attribution.class);
      Credit credit = result.credits().get(0);
      assertThat(credit.affiliateId()).isEqualTo("ben");
      assertThat(credit.share()).isEqualTo(Rate.ONE);
      assertThat(credit.amount()).isEqualTo(Money.parse("USD 80.00"));
      assertThat(credit.basis()).isEqualTo(CreditBasis.TOUCHPOINTS);
      assertThat(credit.touchpoints()).extracting(Touchpoint::sequence).containsExactly(2L);
      assertThat(result.explanation().eligible()).hasSize(2);
    }

    @Test
    void timeDecay_issueExample_dividesMoneyEightFourTwoOne() {
      click("v1", "anna", daysAgo(22));
      click("v1", "ben", daysAgo(15));
      click("v1", "carla", daysAgo(8));
      click("v1", "anna", daysAgo(1));
      AttributionResult result = attributor(AttributionPolicy.defaults(), AttributionModel.timeDecay())
          .attribute(order("o1", "150.00").visitorId("v1").build());
      // Weights 1, 2, 4, 8 of 15: anna 1 + 8 = 9 (USD 90), ben 2 (USD 20), carla 4 (USD 40).
      assertThat(affiliates(result)).containsExactly("anna", "ben", "carla");
      assertThat(result.credits()).extracting(c -> c.amount().toString())
          .containsExactly("USD 90.00", "USD 20.00", "USD 40.00");
      assertThat(result.credits()).extracting(c -> c.share().toString())
          .containsExactly("60%", "13.3333333333333333%", "26.6666666666666667%");
      assertThat(result.credits().get(0).touchpoints()).hasSize(2);
    }

    @Test
    void timeDecay_weightBelowHalfAStep_earnsNoCredit() {
      // 62 half-lives make anna's weight 2^-62 of ben's, a share of 0.22 steps of 10^-18, which
      // rounds to 0%; a zero share is no credit, as a zero weight.
      click("v1", "anna", NOW.minusSeconds(39 * 62));
      click("v1", "ben", NOW);
      AttributionResult result = attributor(AttributionPolicy.defaults(),
          AttributionModel.timeDecay(Duration.ofSeconds(39)))
          .attribute(order("o1", "10.00").visitorId("v1").build());
      assertThat(affiliates(result)).containsExactly("ben");
      assertThat(result.credits().get(0).share()).isEqualTo(Rate.ONE);
      assertThat(result.credits().get(0).amount()).isEqualTo(Money.parse("USD 10.00"));
      assertThat(result.explanation().eligible()).hasSize(2);
    }

    /**
     * Regression: each old touch's weight rounded to zero once four of them shrank the scale, so
     * adding touches took away the share that one or three had earned.
     */
    @Test
    void timeDecay_oldTouchesThatAddUpToSteps_shareThem() {
      for (int i = 0; i < 4; i++) {
        click("v1", "anna", NOW.minusSeconds(39 * 60));
      }
      click("v1", "ben", NOW);
      AttributionResult result = attributor(
          AttributionPolicy.builder().mergeRepeatedTouches(false).build(),
          AttributionModel.timeDecay(Duration.ofSeconds(39)))
          .attribute(order("o1", "10.00").visitorId("v1").build());

      // Four weights of 2^-60 of ben's: a share of 3.47 steps.
      assertThat(result.credits()).extracting(c -> c.affiliateId() + " " + c.share())
          .containsExactly("anna 0.0000000000000003%", "ben 99.9999999999999997%");
    }

    /**
     * Regression: the split model rounded each touch's share to steps before adding them up, so
     * of three affiliates with exactly a third each the second took the spare step, the cent
     * and the binding, where ties go to the first credited.
     */
    @Test
    void splitWithBonuses_equalExactShares_tieGoesToTheFirstCredited() {
      String[] affiliates = {"anna", "ben", "carla", "ben", "carla", "anna"};
      for (int i = 0; i < affiliates.length; i++) {
        click("v1", affiliates[i], NOW.minus(Duration.ofHours(6 - i)));
      }
      Attributor split = attributor(AttributionPolicy.builder().lifetimeBinding().build(),
          AttributionModel.splitWithBonuses(Rate.ZERO, Rate.ZERO));
      AttributionResult result =
          split.attribute(order("o1", "0.01").visitorId("v1").customerId("c1").build());

      assertThat(result.credits()).extracting(c -> c.affiliateId() + " " + c.share() + " "
          + c.amount()).containsExactly("anna 33.3333333333333334% USD 0.01",
          "ben 33.3333333333333333% USD 0.00", "carla 33.3333333333333333% USD 0.00");
      assertThat(split.binding("c1").orElseThrow().affiliateId()).isEqualTo("anna");
    }

    /** Regression: each touch rounded to zero, so a thousand of them earned nothing. */
    @Test
    void timeDecay_manyOldTouches_addUpBeforeRounding() {
      for (int i = 0; i < 1000; i++) {
        click("v1", "anna", NOW.minusSeconds(39 * 62));
      }
      click("v1", "ben", NOW);
      AttributionResult result = attributor(
          AttributionPolicy.builder().mergeRepeatedTouches(false).build(),
          AttributionModel.timeDecay(Duration.ofSeconds(39)))
          .attribute(order("o1", "100.00").visitorId("v1").build());

      // 1,000 weights of 2^-62 of ben's: a share of 216.8 steps.
      assertThat(result.credits()).extracting(c -> c.affiliateId() + " " + c.share())
          .containsExactly("anna 0.0000000000000217%", "ben 99.9999999999999783%");
      assertThat(result.credits().get(0).touchpoints()).hasSize(1000);
    }

    /**
     * Regression: with bonuses whose exact weights overflow a long, the split rounded each
     * touch's share first, so of two affiliates with exactly half each the second took the cent
     * and the binding.
     */
    @Test
    void splitWithBonuses_manyDigitsAndTouches_equalExactShares_tieGoesToTheFirstCredited() {
      String[] affiliates = {"anna", "ben", "ben", "ben", "anna", "anna", "anna", "anna", "ben",
          "ben"};
      for (int i = 0; i < affiliates.length; i++) {
        click("v1", affiliates[i], NOW.minus(Duration.ofHours(10 - i)));
      }
      Rate third = Rate.of(new java.math.BigDecimal("0.333333333333333333"));
      Attributor split = attributor(AttributionPolicy.builder().mergeRepeatedTouches(false)
          .lifetimeBinding().build(), AttributionModel.splitWithBonuses(third, third));
      AttributionResult result =
          split.attribute(order("o1", "0.01").visitorId("v1").customerId("c1").build());

      assertThat(result.credits()).extracting(c -> c.affiliateId() + " " + c.share() + " "
          + c.amount()).containsExactly("anna 50% USD 0.01", "ben 50% USD 0.00");
      assertThat(split.binding("c1").orElseThrow().affiliateId()).isEqualTo("anna");
    }

    /**
     * Regression: adding up ben's scaled weights as doubles lost his 63 old touches next to his
     * latest one, so the shares came out equal and the customer was bound to anna.
     */
    @Test
    void timeDecay_manySmallWeightsBesideALargeOne_countExactly() {
      click("v1", "anna", NOW.minus(Duration.ofHours(62)));
      for (int i = 0; i < 63; i++) {
        click("v1", "ben", NOW.minus(Duration.ofHours(59)));
      }
      click("v1", "anna", NOW);
      click("v1", "ben", NOW);
      Attributor decay = attributor(AttributionPolicy.builder().mergeRepeatedTouches(false)
          .lifetimeBinding().build(), AttributionModel.timeDecay(Duration.ofHours(1)));
      AttributionResult result =
          decay.attribute(order("o1", "100.00").visitorId("v1").customerId("c1").build());

      // anna weighs 1 + 2^-62, ben 1 + 63 * 2^-59.
      assertThat(result.credits()).extracting(c -> c.affiliateId() + " " + c.share())
          .containsExactly("anna 49.9999999999999973%", "ben 50.0000000000000027%");
      assertThat(decay.binding("c1").orElseThrow().affiliateId()).isEqualTo("ben");
    }

    /** Regression: ben's weight of 0.43 steps, rounded up to a whole unit, earned him a step. */
    @Test
    void timeDecay_creditWorthLessThanHalfAStep_isDropped() {
      click("v1", "ben", NOW.minus(Duration.ofHours(62)));
      click("v1", "ben", NOW.minus(Duration.ofHours(61)));
      click("v1", "anna", NOW.minus(Duration.ofHours(1)));
      click("v1", "anna", NOW);
      AttributionResult result = attributor(
          AttributionPolicy.builder().mergeRepeatedTouches(false).build(),
          AttributionModel.timeDecay(Duration.ofHours(1)))
          .attribute(order("o1", "100.00").visitorId("v1").build());

      assertThat(result.credits()).extracting(c -> c.affiliateId() + " " + c.share())
          .containsExactly("anna 100%");
    }

    /**
     * Regression: the money was divided by the shares rounded to 10^-18, so ben and carla, of
     * equal weights, got amounts ten minor units apart at a total of Long.MAX_VALUE cents.
     */
    @Test
    void splitWithBonuses_exactPath_dividesTheMoneyByTheExactWeights() {
      String[] affiliates = {"anna", "ben", "carla", "ben", "carla", "ben", "carla", "ben",
          "carla", "anna"};
      for (int i = 0; i < affiliates.length; i++) {
        click("v1", affiliates[i], NOW.minus(Duration.ofHours(10 - i)));
      }
      AttributionResult result = attributor(AttributionPolicy.defaults(),
          AttributionModel.splitWithBonuses(Rate.of(new java.math.BigDecimal("1E-18")), Rate.ZERO))
          .attribute(Conversion.builder("o1", NOW, Money.ofMinor(Long.MAX_VALUE,
              dev.affiliatekit.money.CurrencyUnit.USD)).visitorId("v1").build());

      assertThat(result.credits()).extracting(c -> c.affiliateId() + " " + c.amount().minorUnits())
          .containsExactly("anna 1844674407370955169", "ben 3689348814741910319",
              "carla 3689348814741910319");
    }

    @Test
    void positionBased_twoAffiliates_fiftyFifty_centsExact() {
      click("v1", "anna", daysAgo(5));
      click("v1", "ben", daysAgo(1));
      AttributionResult result = attributor(AttributionPolicy.defaults(), AttributionModel.positionBased())
          .attribute(order("o1", "0.05").visitorId("v1").build());
      assertThat(result.credits()).extracting(c -> c.amount().toString())
          .containsExactly("USD 0.03", "USD 0.02");
      assertThat(result.credits()).extracting(c -> c.share().toString()).containsExactly("50%", "50%");
    }

    @Test
    void linear_extremeTotal_dividesTheMoneyByTheWeights_notByTheRoundedShares() {
      click("v1", "anna", daysAgo(3));
      click("v1", "ben", daysAgo(2));
      click("v1", "carla", daysAgo(1));
      Money total = Money.ofMinor(Long.MAX_VALUE, CurrencyUnit.USD);
      AttributionResult result = attributor(AttributionPolicy.defaults(), AttributionModel.linear())
          .attribute(Conversion.builder("o1", NOW, total).visitorId("v1").build());
      // 9223372036854775807 / 3 = 3074457345618258602 rest 1: the one unit left goes to the
      // first of the equal weights. Dividing by the shares 33.3333333333333334% and twice
      // 33.3333333333333333% instead gave anna six units more than each of the others.
      assertThat(result.credits()).extracting(c -> c.amount().toString()).containsExactly(
          "USD 30744573456182586.03", "USD 30744573456182586.02", "USD 30744573456182586.02");
      assertThat(result.credits()).extracting(Credit::amount)
          .isEqualTo(total.allocate(1, 1, 1));
    }

    @Test
    void linear_manyAffiliates_creditsEachWithItsOwnTouches() {
      // More affiliates than a scan of the credits takes: their credits are found by a map.
      int affiliates = 40;
      AffiliateDirectory.Builder many = AffiliateDirectory.builder();
      for (int a = 0; a < affiliates; a++) {
        many.add(AffiliateIdentity.active("aff-" + a));
      }
      // Each affiliate clicks twice, in two rounds, so that its touches are not adjacent.
      for (int round = 0; round < 2; round++) {
        for (int a = 0; a < affiliates; a++) {
          click("v1", "aff-" + a, daysAgo(10 - round * 5).plusSeconds(a));
        }
      }
      AttributionPolicy policy = AttributionPolicy.builder().mergeRepeatedTouches(false).build();
      AttributionResult result = Attributor.builder(store, many.build()).clock(CLOCK)
          .policy(policy).model(AttributionModel.linear()).build()
          .evaluate(order("o1", "80.00").visitorId("v1").build());
      assertThat(result.credits()).hasSize(affiliates);
      for (int a = 0; a < affiliates; a++) {
        Credit credit = result.credits().get(a);
        assertThat(credit.affiliateId()).isEqualTo("aff-" + a);
        assertThat(credit.amount()).isEqualTo(Money.parse("USD 2.00"));
        assertThat(credit.touchpoints()).extracting(Touchpoint::instant).containsExactly(
            daysAgo(10).plusSeconds(a), daysAgo(5).plusSeconds(a));
      }
    }

    @Test
    void zeroWeightAffiliates_areEligibleButNotCredited() {
      click("v1", "anna", daysAgo(5));
      click("v1", "ben", daysAgo(1));
      AttributionResult result = attributor().attribute(order("o1", "10.00").visitorId("v1").build());
      assertThat(affiliates(result)).containsExactly("ben");
      assertThat(result.explanation().eligible()).extracting(Touchpoint::affiliateId)
          .containsExactly("anna", "ben");
    }
  }

  @Nested
  class Windows {

    @Test
    void touchesOutsideTheWindowOrAfterTheConversion_areExcludedWithTheirReason() {
      click("v1", "anna", NOW.minus(Duration.ofDays(30)).minusNanos(1));
      click("v1", "ben", NOW.minus(Duration.ofDays(30)));
      click("v1", "carla", NOW.plusNanos(1));
      AttributionResult result = attributor().attribute(order("o1", "10.00").visitorId("v1").build());
      assertThat(affiliates(result)).containsExactly("ben");
      assertThat(result.explanation().excluded()).extracting(Exclusion::reason)
          .containsExactly(ExclusionReason.OUTSIDE_WINDOW, ExclusionReason.AFTER_CONVERSION);
    }

    @Test
    void viewsCountForOneDayInTheStandardWindow() {
      store.record(Touchpoint.builder(TouchpointKind.VIEW, "v1", "anna", daysAgo(2)).build());
      store.record(Touchpoint.builder(TouchpointKind.VIEW, "v2", "anna", daysAgo(0.5)).build());
      Attributor attributor = attributor();
      assertThat(attributor.attribute(order("o1", "1.00").visitorId("v1").build()))
          .isInstanceOf(NoCredit.class);
      assertThat(affiliates(attributor.attribute(order("o2", "1.00").visitorId("v2").build())))
          .containsExactly("anna");
    }

    @Test
    void referralExpiry_theFirstTouchInTheWindowStartsTheClock() {
      click("v1", "anna", daysAgo(10));
      click("v1", "anna", daysAgo(1));
      click("v1", "ben", daysAgo(3));
      Attributor attributor = Attributor.builder(store, directory).clock(CLOCK)
          .window(AttributionWindow.builder().lookback(TouchpointKind.CLICK, Duration.ofDays(30))
              .maxSinceFirstReferral(Duration.ofDays(7)).build())
          .build();
      AttributionResult result = attributor.attribute(order("o1", "10.00").visitorId("v1").build());
      assertThat(affiliates(result)).containsExactly("ben");
      assertThat(result.explanation().excludedFor(ExclusionReason.REFERRAL_EXPIRED)).hasSize(2);
    }

    /**
     * The same rule beyond sixteen touches, where each affiliate's decision is remembered rather
     * than found by a scan of the touches before (which made a visitor of many touches quadratic).
     */
    @Test
    void referralExpiry_manyTouches_theFirstTouchInTheWindowStartsEachAffiliatesClock() {
      click("v1", "carla", daysAgo(40));          // beyond the lookback: not a referral
      click("v1", "anna", daysAgo(10));
      for (int i = 0; i < 20; i++) {
        click("v1", i % 2 == 0 ? "anna" : "ben", daysAgo(6).plusSeconds(i));
      }
      click("v1", "carla", daysAgo(2));
      Attributor attributor = Attributor.builder(store, directory).clock(CLOCK)
          .model(AttributionModel.linear())
          .window(AttributionWindow.builder().lookback(TouchpointKind.CLICK, Duration.ofDays(30))
              .maxSinceFirstReferral(Duration.ofDays(7)).build())
          .build();
      AttributionResult result = attributor.attribute(order("o1", "10.00").visitorId("v1").build());

      assertThat(affiliates(result)).containsExactly("ben", "carla");
      assertThat(result.explanation().excludedFor(ExclusionReason.REFERRAL_EXPIRED)).hasSize(11);
    }

    @Test
    void referralExpiry_aTouchThatLeftTheWindowIsForgotten_soALaterClickStartsAnew() {
      // 40 days ago is beyond the 30-day lookback: whether the store still holds that click or has
      // evicted it, the click a day ago is the first referral the window sees.
      click("v1", "anna", daysAgo(40));
      click("v1", "anna", daysAgo(1));
      click("v2", "anna", daysAgo(20));
      click("v2", "anna", daysAgo(1));
      Attributor attributor = Attributor.builder(store, directory).clock(CLOCK)
          .window(AttributionWindow.builder().lookback(TouchpointKind.CLICK, Duration.ofDays(30))
              .maxSinceFirstReferral(Duration.ofDays(7)).build())
          .build();
      assertThat(affiliates(attributor.attribute(order("o1", "10.00").visitorId("v1").build())))
          .containsExactly("anna");
      AttributionResult expired = attributor.attribute(order("o2", "10.00").visitorId("v2").build());
      assertThat(expired).isInstanceOf(NoCredit.class);
      assertThat(expired.explanation().excludedFor(ExclusionReason.REFERRAL_EXPIRED)).hasSize(2);
    }
  }

  @Nested
  class Guards {

    @Test
    void inactiveBannedAndUnknownAffiliates_earnNothing() {
      click("v1", "ben", daysAgo(5));
      click("v1", "dora", daysAgo(4));
      click("v1", "eve", daysAgo(3));
      click("v1", "zed", daysAgo(2));
      AttributionResult result = attributor().attribute(order("o1", "10.00").visitorId("v1").build());
      assertThat(affiliates(result)).containsExactly("ben");
      assertThat(result.explanation().excluded()).extracting(Exclusion::reason).containsExactly(
          ExclusionReason.INACTIVE_AFFILIATE, ExclusionReason.BANNED_AFFILIATE,
          ExclusionReason.UNKNOWN_AFFILIATE);
    }

    @Test
    void versionedDirectory_banTakesEffectOnTheNextConversion() {
      VersionedDirectory versioned = new VersionedDirectory();
      versioned.put(AffiliateIdentity.active("anna"));
      Attributor attributor = Attributor.builder(store, versioned).clock(CLOCK).build();
      click("v1", "anna", daysAgo(1));
      assertThat(affiliates(attributor.evaluate(order("o1", "10.00").visitorId("v1").build())))
          .containsExactly("anna");
      int readsWhileUnchanged = versioned.reads;
      attributor.evaluate(order("o2", "10.00").visitorId("v1").build());
      assertThat(versioned.reads).as("an unchanged version is answered from the cache")
          .isEqualTo(readsWhileUnchanged);

      versioned.put(AffiliateIdentity.active("anna").withStatus(AffiliateStatus.BANNED));
      AttributionResult afterBan = attributor.evaluate(order("o3", "10.00").visitorId("v1").build());
      assertThat(afterBan.isCredited()).isFalse();
      assertThat(afterBan.explanation().excluded()).extracting(Exclusion::reason)
          .containsExactly(ExclusionReason.BANNED_AFFILIATE);
    }

    @Test
    void selfReferral_sameCustomerId_givesNoCredit() {
      click("v1", "anna", daysAgo(1));
      AttributionResult result = attributor().attribute(
          order("o1", "10.00").visitorId("v1").customerId("cust-anna").build());
      assertThat(result).isInstanceOfSatisfying(NoCredit.class, noCredit -> {
        assertThat(noCredit.reason()).isEqualTo(NoCreditReason.NONE_ELIGIBLE);
        assertThat(noCredit.decisiveExclusion()).map(Exclusion::reason)
            .contains(ExclusionReason.SELF_REFERRAL);
      });
    }

    @Test
    void selfReferral_sameGmailAfterNormalising_givesNoCredit_unlessAllowed() {
      click("v1", "anna", daysAgo(1));
      Conversion conversion = order("o1", "10.00").visitorId("v1")
          .customerEmail("annasmith+deals@GoogleMail.com").build();
      assertThat(attributor().evaluate(conversion).isCredited()).isFalse();
      AttributionResult allowed = attributor(AttributionPolicy.builder().allowSelfReferral(true).build())
          .evaluate(conversion);
      assertThat(affiliates(allowed)).containsExactly("anna");
    }

    @Test
    void selfReferral_otherBuyer_isCredited() {
      click("v1", "anna", daysAgo(1));
      assertThat(affiliates(attributor().evaluate(order("o1", "10.00").visitorId("v1")
          .customerId("someone").customerEmail("anna.smith@example.com").build())))
          .containsExactly("anna");
    }

    @Test
    void selfReferral_ownClickSignedIn_thenGuestCheckout_givesNoCredit_unlessAllowed() {
      // Anna clicks her own link signed in as herself, then buys as a guest on the same device.
      click("v1", "ben", daysAgo(3));
      store.record(Touchpoint.builder(TouchpointKind.CLICK, "v1", "anna", daysAgo(1))
          .customerId("cust-anna").build());
      Conversion guest = order("o1", "10.00").visitorId("v1").build();
      AttributionResult result = attributor().evaluate(guest);
      assertThat(affiliates(result)).containsExactly("ben");
      assertThat(result.explanation().excluded()).singleElement().satisfies(exclusion -> {
        assertThat(exclusion.touchpoint().affiliateId()).isEqualTo("anna");
        assertThat(exclusion.reason()).isEqualTo(ExclusionReason.SELF_REFERRAL);
      });
      // The general rules, taken for an order with a coupon that does not beat links, agree.
      AttributionResult withCoupon = attributor(AttributionPolicy.builder().couponBeatsLinks(false)
          .build()).evaluate(order("o2", "10.00").visitorId("v1").couponCode("CARLA").build());
      assertThat(affiliates(withCoupon)).containsExactly("ben");
      assertThat(withCoupon.explanation().excluded()).extracting(Exclusion::reason)
          .containsExactly(ExclusionReason.SELF_REFERRAL);
      AttributionResult allowed = attributor(AttributionPolicy.builder().allowSelfReferral(true)
          .build()).evaluate(guest);
      assertThat(affiliates(allowed)).containsExactly("anna");
    }

    @Test
    void selfReferral_ownVisit_thenGuestCheckoutWithHerOwnCoupon_givesNoCredit() {
      store.record(Touchpoint.builder(TouchpointKind.CLICK, "v1", "anna", daysAgo(1))
          .customerId("cust-anna").build());
      AttributionResult own = attributor().evaluate(
          order("o1", "10.00").visitorId("v1").couponCode("ANNA10").build());
      assertThat(own.isCredited()).isFalse();
      assertThat(own.explanation().notes())
          .containsExactly("coupon 'ANNA10' of anna earns nothing: SELF_REFERRAL");
      // Another affiliate's coupon on the same device still beats links.
      AttributionResult bens = attributor().evaluate(
          order("o2", "10.00").visitorId("v1").couponCode("BEN5").build());
      assertThat(affiliates(bens)).containsExactly("ben");
      AttributionResult allowed = attributor(AttributionPolicy.builder().allowSelfReferral(true)
          .build()).evaluate(order("o3", "10.00").visitorId("v1").couponCode("ANNA10").build());
      assertThat(affiliates(allowed)).containsExactly("anna");
    }

    /**
     * Regression: signed in as herself on another affiliate's link, then checking out as a guest
     * with her own code, Anna earned by the coupon, which the same click on her own link refused.
     */
    @Test
    void selfReferral_signedInOnAnotherAffiliatesLink_thenGuestCheckoutWithHerOwnCoupon() {
      store.record(Touchpoint.builder(TouchpointKind.CLICK, "v1", "ben", daysAgo(1))
          .customerId("cust-anna").build());
      AttributionResult result = attributor().evaluate(
          order("o1", "10.00").visitorId("v1").couponCode("ANNA10").build());
      // The coupon earns nothing, and the link credits as if there were none: Anna's visit on
      // Ben's link is not Ben's own.
      assertThat(result.credits()).singleElement().satisfies(credit -> {
        assertThat(credit.affiliateId()).isEqualTo("ben");
        assertThat(credit.basis()).isEqualTo(CreditBasis.TOUCHPOINTS);
      });
      assertThat(result.explanation().excluded()).isEmpty();
      assertThat(result.explanation().notes())
          .containsExactly("coupon 'ANNA10' of anna earns nothing: SELF_REFERRAL");
      // So too when Ben may not earn either: the visit shows the device is Anna's all the same.
      store.record(Touchpoint.builder(TouchpointKind.CLICK, "v2", "dora", daysAgo(1))
          .customerId("cust-anna").build());
      AttributionResult inactive = attributor().evaluate(
          order("o2", "10.00").visitorId("v2").couponCode("ANNA10").build());
      assertThat(inactive.isCredited()).isFalse();
      assertThat(inactive.explanation().notes())
          .containsExactly("coupon 'ANNA10' of anna earns nothing: SELF_REFERRAL");
      // Not for a visit the window left out, nor for a buyer the order names, whose touches
      // those signed in as Anna are not, nor when self-referral is allowed.
      store.record(Touchpoint.builder(TouchpointKind.CLICK, "v3", "ben", daysAgo(40))
          .customerId("cust-anna").build());
      Conversion old = order("o3", "10.00").visitorId("v3").couponCode("ANNA10").build();
      Conversion zoes = order("o4", "10.00").visitorId("v1").customerId("cust-zoe")
          .couponCode("ANNA10").build();
      Conversion guest = order("o5", "10.00").visitorId("v1").couponCode("ANNA10").build();
      AttributionPolicy allowing = AttributionPolicy.builder().allowSelfReferral(true).build();
      for (AttributionResult credited : List.of(attributor().evaluate(old),
          attributor().evaluate(zoes), attributor(allowing).evaluate(guest))) {
        assertThat(credited.credits()).singleElement().satisfies(credit -> {
          assertThat(credit.affiliateId()).isEqualTo("anna");
          assertThat(credit.basis()).isEqualTo(CreditBasis.COUPON);
        });
      }
    }

    /**
     * Regression: the header said "credited by linear" though the coupon, then the binding,
     * credited one affiliate alone, and the second order's coupon appeared nowhere.
     */
    @Test
    void couponThenBinding_describeWhatCreditedAndTheCouponThatYielded() {
      click("v1", "ben", daysAgo(2));
      Attributor linear = attributor(AttributionPolicy.builder().lifetimeBinding().build(),
          AttributionModel.linear());
      AttributionResult byCoupon = linear.attribute(Conversion.builder("o1", daysAgo(1),
          Money.parse("USD 10.00")).visitorId("v1").customerId("c1").couponCode("CARLA").build());
      AttributionResult byBinding = linear.attribute(
          order("o2", "10.00").visitorId("v1").customerId("c1").couponCode("BEN5").build());

      assertThat(byCoupon.describe().lines().findFirst().orElseThrow())
          .endsWith(": credited by coupon");
      assertThat(byBinding.describe().lines().findFirst().orElseThrow())
          .endsWith(": credited by lifetime binding");
      assertThat(byBinding.explanation().notes()).contains(
          "coupon 'BEN5' of ben yields to the lifetime binding");
      // Codes that would not have credited anyone, and the bound affiliate's own, yield nothing.
      for (String code : List.of("CARLA", "NOSUCH", "DORA")) {
        assertThat(linear.evaluate(order("o-" + code, "10.00").visitorId("v1").customerId("c1")
            .couponCode(code).build()).explanation().notes()).as(code)
            .noneMatch(note -> note.contains("yields"));
      }
      assertThat(attributor(AttributionPolicy.defaults(), AttributionModel.linear())
          .evaluate(order("o3", "10.00").visitorId("v1").build()).describe().lines().findFirst()
          .orElseThrow()).endsWith(": credited by linear");
    }

    @Test
    void ownVisitOnADevice_thenAnotherNamedBuyerUsesHerCoupon_creditsTheCoupon() {
      // Anna signed in on a shared device; Zoe, signed in as herself, buys there with Anna's code.
      store.record(Touchpoint.builder(TouchpointKind.CLICK, "v1", "anna", daysAgo(1))
          .customerId("cust-anna").build());
      AttributionResult result = attributor().evaluate(
          order("o1", "10.00").visitorId("v1").customerId("cust-zoe").couponCode("ANNA10").build());
      assertThat(affiliates(result)).containsExactly("anna");
      assertThat(result.credits().get(0).basis()).isEqualTo(CreditBasis.COUPON);
      assertThat(result.explanation().excluded()).extracting(Exclusion::reason)
          .containsExactly(ExclusionReason.OTHER_CUSTOMER);
    }

    @Test
    void selfReferral_clickSignedInAsSomeoneElse_thenGuestCheckout_isCredited() {
      store.record(Touchpoint.builder(TouchpointKind.CLICK, "v1", "anna", daysAgo(1))
          .customerId("cust-zoe").build());
      assertThat(affiliates(attributor().evaluate(order("o1", "10.00").visitorId("v1").build())))
          .containsExactly("anna");
    }

    @Test
    void selfReferral_fallsBackToTheLatestOtherAffiliate() {
      click("v1", "ben", daysAgo(2));
      click("v1", "anna", daysAgo(1));
      AttributionResult result = attributor().evaluate(
          order("o1", "10.00").visitorId("v1").customerId("cust-anna").build());
      assertThat(affiliates(result)).containsExactly("ben");
    }
  }

  @Nested
  class Coupons {

    @Test
    void couponOfB_beatsLinkOfA_byDefault() {
      click("v1", "anna", daysAgo(1));
      AttributionResult result = attributor().attribute(
          order("o1", "10.00").visitorId("v1").couponCode("BEN5").build());
      assertThat(result.credits()).singleElement().satisfies(credit -> {
        assertThat(credit.affiliateId()).isEqualTo("ben");
        assertThat(credit.basis()).isEqualTo(CreditBasis.COUPON);
        assertThat(credit.touchpoints()).isEmpty();
      });
      assertThat(result.explanation().excluded()).extracting(Exclusion::reason)
          .containsExactly(ExclusionReason.SUPERSEDED_BY_COUPON);
      assertThat(result.explanation().notes()).containsExactly("coupon 'BEN5' of ben beats links");
    }

    @Test
    void couponWithoutAnyTouch_stillCredits() {
      AttributionResult result = attributor().attribute(order("o1", "10.00").customerId("c9")
          .couponCode("ANNA10").build());
      assertThat(affiliates(result)).containsExactly("anna");
    }

    @Test
    void couponDoesNotBeatLinks_whenConfigured() {
      click("v1", "anna", daysAgo(1));
      AttributionResult result = attributor(AttributionPolicy.builder().couponBeatsLinks(false).build())
          .attribute(order("o1", "10.00").visitorId("v1").couponCode("BEN5").build());
      assertThat(affiliates(result)).containsExactly("anna");
    }

    @Test
    void unknownOrIneligibleCoupon_fallsBackToLinks_withANote() {
      click("v1", "anna", daysAgo(1));
      AttributionResult shopCoupon = attributor().evaluate(
          order("o1", "10.00").visitorId("v1").couponCode("SUMMER").build());
      assertThat(affiliates(shopCoupon)).containsExactly("anna");
      assertThat(shopCoupon.explanation().notes()).containsExactly("coupon 'SUMMER' is not an affiliate's code");
      AttributionResult banned = attributor().evaluate(
          order("o2", "10.00").visitorId("v1").couponCode("EVE").build());
      assertThat(affiliates(banned)).containsExactly("anna");
      assertThat(banned.explanation().notes()).containsExactly("coupon 'EVE' of eve earns nothing: BANNED_AFFILIATE");
    }

    /**
     * Regression: the note quoted the code as an exception message does, cut after 64 characters
     * and with other characters than ASCII escaped, so that two long codes read alike.
     */
    @Test
    void aCouponsNote_namesTheCodeWhole_asTyped() {
      String code = "SPRING-SALE-2026-FRIENDS-AND-FAMILY-EXCLUSIVE-EARLY-ACCESS-BATCH-A1";
      AttributionResult long_ = attributor().evaluate(
          order("o1", "10.00").visitorId("v1").couponCode(code).build());
      AttributionResult german = attributor().evaluate(
          order("o2", "10.00").visitorId("v1").couponCode("SOMMER-\u00c4RA").build());

      assertThat(long_.explanation().notes())
          .containsExactly("coupon '" + code + "' is not an affiliate's code");
      assertThat(german.explanation().notes())
          .containsExactly("coupon 'SOMMER-\u00c4RA' is not an affiliate's code");
    }

    @Test
    void couponOwnerDeactivatedWhileTheConversionIsJudged_isJudgedOnceForIt() {
      java.util.Map<String, AffiliateIdentity> identities = new java.util.concurrent.ConcurrentHashMap<>(
          java.util.Map.of("aa", AffiliateIdentity.active("aa"), "bb", AffiliateIdentity.active("bb")));
      AffiliateDirectory changing = new AffiliateDirectory() {
        @Override
        public Optional<AffiliateIdentity> affiliate(String affiliateId) {
          return Optional.ofNullable(identities.get(affiliateId));
        }

        @Override
        public Optional<String> ownerOf(String code) {
          // Another thread's update lands after the clicks were judged, before the coupon is.
          identities.put("bb", AffiliateIdentity.active("bb").withStatus(AffiliateStatus.INACTIVE));
          return code.equals("BBCODE") ? Optional.of("bb") : Optional.empty();
        }
      };
      click("v9", "aa", daysAgo(1));
      click("v9", "bb", daysAgo(1));
      AttributionResult result = Attributor.builder(store, changing).clock(CLOCK)
          .model(AttributionModel.linear()).build()
          .evaluate(order("o1", "90.00").visitorId("v9").customerId("c1").couponCode("BBCODE")
              .build());
      // bb was active when its clicks were judged: its coupon beats links, as it would have.
      assertThat(result.credits()).extracting(Credit::affiliateId, Credit::basis)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("bb", CreditBasis.COUPON));
    }

    @Test
    void couponOwnersRepeatedTouches_countAsOne_theLatest() {
      click("v1", "anna", daysAgo(3));
      click("v1", "anna", daysAgo(2));
      long latest = click("v1", "anna", daysAgo(1));
      Conversion coupon = order("o1", "10.00").visitorId("v1").couponCode("ANNA10").build();

      AttributionResult merged = attributor().evaluate(coupon);
      AttributionResult unmerged = attributor(AttributionPolicy.builder()
          .mergeRepeatedTouches(false).build()).evaluate(coupon);

      assertThat(merged.credits().get(0).touchpoints()).extracting(Touchpoint::sequence)
          .containsExactly(latest);
      assertThat(merged.explanation().excludedFor(ExclusionReason.MERGED_SAME_AFFILIATE))
          .hasSize(2);
      assertThat(unmerged.credits().get(0).touchpoints()).hasSize(3);
    }

    @Test
    void couponOwnersOwnTouches_stayInItsCredit() {
      click("v1", "ben", daysAgo(2));
      click("v1", "anna", daysAgo(1));
      AttributionResult result = attributor().evaluate(
          order("o1", "10.00").visitorId("v1").couponCode("BEN5").build());
      assertThat(result.credits().get(0).touchpoints()).extracting(Touchpoint::affiliateId)
          .containsExactly("ben");
    }
  }

  @Nested
  class LifetimeBinding {

    @Test
    void customerStaysWithTheFirstAffiliate_acrossDevices() {
      Attributor attributor = attributor(AttributionPolicy.builder().lifetimeBinding().build());
      click("phone", "anna", daysAgo(20));
      assertThat(affiliates(attributor.attribute(Conversion.builder("o1", daysAgo(19),
          Money.parse("USD 10.00")).visitorId("phone").customerId("c1").build())))
          .containsExactly("anna");
      assertThat(attributor.binding("c1")).contains(new CustomerBinding("c1", "anna", daysAgo(19)));
      click("laptop", "ben", daysAgo(1));
      AttributionResult later = attributor.attribute(
          order("o2", "30.00").visitorId("laptop").customerId("c1").build());
      assertThat(later.credits()).singleElement().satisfies(credit -> {
        assertThat(credit.affiliateId()).isEqualTo("anna");
        assertThat(credit.basis()).isEqualTo(CreditBasis.LIFETIME_BINDING);
      });
      assertThat(later.explanation().excludedFor(ExclusionReason.SUPERSEDED_BY_BINDING))
          .extracting(Touchpoint::affiliateId).containsExactly("ben");
    }

    @Test
    void commit_keepsTheEvaluatedResult_evenIfATouchCameInMeanwhile() {
      Attributor attributor = attributor(AttributionPolicy.builder().lifetimeBinding().build());
      click("phone", "anna", daysAgo(2));
      Conversion conversion = order("o1", "10.00").visitorId("phone").customerId("c1").build();
      AttributionResult evaluated = attributor.evaluate(conversion);
      click("phone", "ben", daysAgo(1));

      assertThat(attributor.commit(evaluated)).isSameAs(evaluated);
      assertThat(attributor.binding("c1").map(CustomerBinding::affiliateId)).contains("anna");
      // The order is remembered: attributing it again gives the committed result, not ben.
      assertThat(attributor.attribute(conversion)).isSameAs(evaluated);
      assertThat(attributor.commit(attributor.evaluate(conversion))).isSameAs(evaluated);
    }

    @Test
    void commit_readsNoDirectory_andBindsAsEvaluated() {
      FlakyDirectory flaky = new FlakyDirectory(directory);
      Attributor attributor = Attributor.builder(store, flaky).clock(CLOCK)
          .policy(AttributionPolicy.builder().lifetimeBinding(Duration.ofDays(30)).build()).build();
      click("phone", "anna", daysAgo(11));
      click("laptop", "ben", daysAgo(21));
      // Evaluated before anything binds: credited by its touches to anna.
      Conversion later = Conversion.builder("o1", daysAgo(10), Money.parse("USD 10.00"))
          .visitorId("phone").customerId("c1").build();
      AttributionResult evaluated = attributor.evaluate(later);
      attributor.attribute(Conversion.builder("o2", daysAgo(20), Money.parse("USD 10.00"))
          .visitorId("laptop").customerId("c1").build());

      // The commit goes by what the evaluation found, so a directory that fails meanwhile does
      // not stop it: ben's binding covered nothing that it did not apply to, and stays.
      flaky.failing = true;
      assertThat(attributor.commit(evaluated)).isSameAs(evaluated);
      flaky.failing = false;
      assertThat(attributor.attribute(later)).isSameAs(evaluated);
      assertThat(attributor.binding("c1")).contains(new CustomerBinding("c1", "ben", daysAgo(20)));
    }

    /**
     * Regression: a result that another attributor evaluated, or that the host built, was
     * committed, and bound its customer, for a conversion that this attributor refuses.
     */
    @Test
    void commit_ofAConversionThatEvaluateRefuses_throws_andBindsNoOne() {
      AttributionPolicy binding = AttributionPolicy.builder().lifetimeBinding().build();
      Attributor attributor = attributor(binding);
      Attributor ahead = Attributor.builder(store, directory)
          .clock(Clock.fixed(NOW.plus(Duration.ofDays(10)), ZoneOffset.UTC)).policy(binding).build();
      click("v1", "anna", daysAgo(1));
      Conversion future = Conversion.builder("o1", NOW.plus(Duration.ofDays(2)),
          Money.parse("USD 10.00")).visitorId("v1").customerId("c1").build();
      AttributionResult evaluatedAhead = ahead.evaluate(future);
      assertThat(evaluatedAhead.isCredited()).isTrue();

      assertThatThrownBy(() -> attributor.commit(evaluatedAhead))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("conversion instant must not be after " + NOW.plusSeconds(300))
          .hasMessageEndingWith(": " + future.instant());
      assertThat(attributor.binding("c1")).isEmpty();

      Conversion old = Conversion.builder("o2", Instant.parse("1600-01-01T00:00:00Z"),
          Money.parse("USD 10.00")).customerId("c2").build();
      AttributionResult built = new Attribution(old, AttributionModel.lastTouch(),
          List.of(new Credit("anna", Rate.ofPercent(100), Money.parse("USD 10.00"),
              CreditBasis.TOUCHPOINTS, List.of())),
          new Explanation(List.of(), List.of(), List.of()));
      assertThatThrownBy(() -> attributor.commit(built))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("1600-01-01T00:00:00Z");
      assertThat(attributor.binding("c2")).isEmpty();
      assertThatThrownBy(() -> attributor.attribute(old))
          .isInstanceOf(IllegalArgumentException.class);
    }

    /** Regression: a clock stepping back between evaluate and commit made the commit throw. */
    @Test
    void commit_ofItsOwnEvaluation_afterTheClockSteppedBack_binds() {
      dev.affiliatekit.testing.TestClock clock = new dev.affiliatekit.testing.TestClock(NOW);
      Attributor attributor = Attributor.builder(store, directory).clock(clock)
          .policy(AttributionPolicy.builder().lifetimeBinding().maxClockSkew(Duration.ZERO)
              .build()).build();
      click("v1", "anna", daysAgo(1));
      AttributionResult evaluated = attributor.evaluate(
          order("o1", "10.00").visitorId("v1").customerId("c1").build());
      clock.set(NOW.minusMillis(1));

      assertThat(attributor.commit(evaluated)).isSameAs(evaluated);
      assertThat(attributor.binding("c1")).contains(new CustomerBinding("c1", "anna", NOW));
    }

    /**
     * As the docs say: of equal shares, the binding goes to the affiliate credited first, by the
     * first touch the model weighed above zero, not by the first touch.
     */
    @Test
    void tieUnderAModelThatWeighsTheFirstTouchZero_bindsTheAffiliateWeighedFirst() {
      Attributor attributor = Attributor.builder(store, directory).clock(CLOCK)
          .model(AttributionModel.custom(0, 1, 1))
          .policy(AttributionPolicy.builder().lifetimeBinding().build()).build();
      click("v1", "anna", daysAgo(3));
      click("v1", "ben", daysAgo(2));
      click("v1", "anna", daysAgo(1));

      AttributionResult result = attributor.attribute(
          order("o1", "1.00").visitorId("v1").customerId("c1").build());

      assertThat(affiliates(result)).containsExactly("ben", "anna");
      assertThat(result.credits()).extracting(Credit::share)
          .containsExactly(Rate.ofPercent(50), Rate.ofPercent(50));
      assertThat(attributor.binding("c1").map(CustomerBinding::affiliateId)).contains("ben");
    }

    /** {@return an attributor whose customer c1 is bound to anna 20 days ago, for 10 days} */
    private Attributor boundToAnnaForTenDays() {
      Attributor attributor = attributor(AttributionPolicy.builder()
          .lifetimeBinding(Duration.ofDays(10)).build());
      click("v1", "anna", daysAgo(25));
      attributor.attribute(Conversion.builder("o1", daysAgo(20), Money.parse("USD 1.00"))
          .visitorId("v1").customerId("c1").build());
      return attributor;
    }

    @Test
    void bindingExpires_andTheBoundaryIsInclusive() {
      Attributor attributor = boundToAnnaForTenDays();
      click("v1", "ben", daysAgo(12));
      AttributionResult atExpiry = attributor.evaluate(Conversion.builder("o2", daysAgo(10),
          Money.parse("USD 1.00")).visitorId("v1").customerId("c1").build());
      assertThat(affiliates(atExpiry)).containsExactly("anna");
      AttributionResult afterExpiry = attributor.evaluate(Conversion.builder("o3",
          daysAgo(10).plusNanos(1), Money.parse("USD 1.00")).visitorId("v1").customerId("c1").build());
      assertThat(affiliates(afterExpiry)).containsExactly("ben");
      assertThat(afterExpiry.explanation().notes()).contains("lifetime binding of customer c1 to"
          + " anna since " + daysAgo(20) + " applied until " + daysAgo(10));
      assertThat(atExpiry.explanation().notes()).noneMatch(note -> note.contains("applied until"));
    }

    @Test
    void expiredBinding_withoutTouches_isNamedInTheExplanation() {
      Attributor attributor = boundToAnnaForTenDays();

      AttributionResult later = attributor.evaluate(Conversion.builder("o2", daysAgo(1),
          Money.parse("USD 1.00")).customerId("c1").build());

      assertThat(later).isInstanceOf(NoCredit.class);
      assertThat(later.explanation().notes()).containsExactly("lifetime binding of customer c1"
          + " to anna since " + daysAgo(20) + " applied until " + daysAgo(10));
    }

    @Test
    void earlierConversionAttributedLate_takesTheBindingOver_asInTimeOrder() {
      Attributor attributor = attributor(AttributionPolicy.builder().lifetimeBinding().build());
      click("v-a", "anna", daysAgo(21));
      click("v-b", "ben", daysAgo(11));
      Conversion a = Conversion.builder("oA", daysAgo(20), Money.parse("USD 10.00"))
          .visitorId("v-a").customerId("c1").build();
      Conversion b = Conversion.builder("oB", daysAgo(10), Money.parse("USD 10.00"))
          .visitorId("v-b").customerId("c1").build();
      AttributionResult first = attributor.attribute(b);
      assertThat(affiliates(first)).containsExactly("ben");
      assertThat(attributor.binding("c1")).contains(new CustomerBinding("c1", "ben", daysAgo(10)));

      AttributionResult earlier = attributor.attribute(a);
      assertThat(earlier.credits()).extracting(Credit::affiliateId, Credit::basis)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("anna", CreditBasis.TOUCHPOINTS));
      assertThat(attributor.binding("c1")).contains(new CustomerBinding("c1", "anna", daysAgo(20)));
      AttributionResult later = attributor.attribute(order("oC", "10.00").customerId("c1").build());
      assertThat(later.credits()).extracting(Credit::affiliateId, Credit::basis).containsExactly(
          org.assertj.core.groups.Tuple.tuple("anna", CreditBasis.LIFETIME_BINDING));
      assertThat(attributor.attribute(b)).as("a result given is not changed").isSameAs(first);
    }

    @Test
    void earlierConversionAttributedLate_keepsTheLaterBinding_ifItsOwnWouldHaveExpiredByThen() {
      click("v-a", "anna", daysAgo(21));
      click("v-b", "ben", daysAgo(11));
      // A binding made at day -20 for 10 days applies up to day -10 inclusive; for 9 days it does
      // not, and in time order the conversion at day -10 would have bound ben anyway.
      for (int days : new int[] {9, 10}) {
        Attributor attributor = attributor(AttributionPolicy.builder()
            .lifetimeBinding(Duration.ofDays(days)).build());
        String customer = "c" + days;
        attributor.attribute(Conversion.builder("oB", daysAgo(10), Money.parse("USD 10.00"))
            .visitorId("v-b").customerId(customer).build());
        attributor.attribute(Conversion.builder("oA", daysAgo(20), Money.parse("USD 10.00"))
            .visitorId("v-a").customerId(customer).build());
        assertThat(attributor.binding(customer)).contains(days == 9
            ? new CustomerBinding(customer, "ben", daysAgo(10))
            : new CustomerBinding(customer, "anna", daysAgo(20)));
      }
    }

    @Test
    void conversionsInReverseTimeOrder_endWithTheBindingOfTimeOrder_underAnExpiry() {
      // Days -45 (anna), -25 (ben) and -5 (carla), each order on a device of its own: in time
      // order anna binds at -45, still applies at -25 (20 days later), has expired at -5 (40
      // days later), so carla binds at -5 and a sale today goes to carla.
      click("v-a", "anna", daysAgo(46));
      click("v-b", "ben", daysAgo(26));
      click("v-c", "carla", daysAgo(6));
      click("v-d", "ben", daysAgo(0.5));
      Conversion a = Conversion.builder("oA", daysAgo(45), Money.parse("USD 10.00"))
          .visitorId("v-a").customerId("c1").build();
      Conversion b = Conversion.builder("oB", daysAgo(25), Money.parse("USD 10.00"))
          .visitorId("v-b").customerId("c1").build();
      Conversion c = Conversion.builder("oC", daysAgo(5), Money.parse("USD 10.00"))
          .visitorId("v-c").customerId("c1").build();
      for (List<Conversion> arrival : List.of(List.of(a, b, c), List.of(c, b, a),
          List.of(b, c, a), List.of(a, c, b))) {
        Attributor attributor = attributor(AttributionPolicy.builder()
            .lifetimeBinding(Duration.ofDays(30)).build());
        arrival.forEach(attributor::attribute);
        assertThat(attributor.binding("c1")).as("arrival %s", arrival.stream()
            .map(Conversion::orderId).toList())
            .contains(new CustomerBinding("c1", "carla", daysAgo(5)));
        AttributionResult today = attributor.evaluate(order("oD", "10.00").visitorId("v-d")
            .customerId("c1").build());
        assertThat(today.credits()).extracting(Credit::affiliateId, Credit::basis).containsExactly(
            org.assertj.core.groups.Tuple.tuple("carla", CreditBasis.LIFETIME_BINDING));
      }
    }

    @Test
    void expiryOfForever_neverExpires_insteadOfOverflowing() {
      Attributor attributor = attributor(AttributionPolicy.builder()
          .lifetimeBinding(ChronoUnit.FOREVER.getDuration()).build());
      click("v1", "anna", daysAgo(3));
      click("v2", "ben", daysAgo(1));
      attributor.attribute(Conversion.builder("o1", daysAgo(2), Money.parse("USD 1.00"))
          .visitorId("v1").customerId("c1").build());
      AttributionResult later = attributor.attribute(order("o2", "1.00").visitorId("v2")
          .customerId("c1").build());
      assertThat(later.credits()).extracting(Credit::affiliateId, Credit::basis).containsExactly(
          org.assertj.core.groups.Tuple.tuple("anna", CreditBasis.LIFETIME_BINDING));
    }

    @Test
    void bindingToAnAffiliateNowBanned_doesNotApply() {
      Attributor attributor = Attributor.builder(store, directory).clock(CLOCK)
          .policy(AttributionPolicy.builder().lifetimeBinding().build())
          .binding(new CustomerBinding("c1", "eve", daysAgo(100)))
          .build();
      click("v1", "ben", daysAgo(1));
      AttributionResult result = attributor.attribute(order("o1", "5.00").visitorId("v1")
          .customerId("c1").build());
      assertThat(affiliates(result)).containsExactly("ben");
      assertThat(result.explanation().notes())
          .containsExactly("lifetime binding of customer c1 to eve does not apply: BANNED_AFFILIATE");
      assertThat(attributor.binding("c1").map(CustomerBinding::affiliateId)).contains("ben");
    }

    /** A directory of amy, ben, cal and dan, all active until a test changes them. */
    private VersionedDirectory fourAffiliates() {
      VersionedDirectory four = new VersionedDirectory();
      for (String id : List.of("amy", "ben", "cal", "dan")) {
        four.put(AffiliateIdentity.active(id));
      }
      return four;
    }

    /** {@return an attributor over the directory, with lifetime binding and no expiry} */
    private Attributor bindingFor(AffiliateDirectory affiliates) {
      return Attributor.builder(store, affiliates).clock(CLOCK)
          .policy(AttributionPolicy.builder().lifetimeBinding().build()).build();
    }

    /** Records a click on the order's own device a minute before, and attributes the order. */
    private AttributionResult buy(Attributor attributor, String orderId, Instant at,
        String clicked, String customer) {
      return attributor.attribute(purchase(orderId, at, clicked, customer));
    }

    /** {@return an attributor that bound c1 to amy at the instant, after which amy went inactive} */
    private Attributor boundToAmyThenInactive(VersionedDirectory four, Instant since) {
      Attributor attributor = bindingFor(four);
      buy(attributor, "o1", since, "amy", "c1");
      four.put(AffiliateIdentity.active("amy").withStatus(AffiliateStatus.INACTIVE));
      return attributor;
    }

    /** Clicks the affiliate's link a minute before and returns the customer's conversion. */
    private Conversion purchase(String orderId, Instant at, String clicked, String customer) {
      click("v-" + orderId, clicked, at.minusSeconds(60));
      return Conversion.builder(orderId, at, Money.parse("USD 10.00"))
          .visitorId("v-" + orderId).customerId(customer).build();
    }

    private static org.assertj.core.groups.Tuple credit(String affiliateId, CreditBasis basis) {
      return org.assertj.core.groups.Tuple.tuple(affiliateId, basis);
    }

    @Test
    void boundAffiliateBanned_theConversionCreditedByItsTouchesBindsAnew_notAnOlderOne() {
      VersionedDirectory four = fourAffiliates();
      Attributor attributor = bindingFor(four);
      assertThat(buy(attributor, "o1", daysAgo(4), "amy", "c1").credits())
          .extracting(Credit::affiliateId, Credit::basis)
          .containsExactly(credit("amy", CreditBasis.TOUCHPOINTS));
      assertThat(buy(attributor, "o2", daysAgo(3), "ben", "c1").credits())
          .extracting(Credit::affiliateId, Credit::basis)
          .containsExactly(credit("amy", CreditBasis.LIFETIME_BINDING));
      four.put(AffiliateIdentity.active("amy").withStatus(AffiliateStatus.BANNED));

      assertThat(buy(attributor, "o3", daysAgo(2), "cal", "c1").credits())
          .extracting(Credit::affiliateId, Credit::basis)
          .containsExactly(credit("cal", CreditBasis.TOUCHPOINTS));
      // ben's conversion was credited to amy by the binding: it never bound ben.
      assertThat(attributor.binding("c1")).contains(new CustomerBinding("c1", "cal", daysAgo(2)));
      assertThat(buy(attributor, "o4", daysAgo(1), "ben", "c1").credits())
          .extracting(Credit::affiliateId, Credit::basis)
          .containsExactly(credit("cal", CreditBasis.LIFETIME_BINDING));
    }

    @Test
    void boundAffiliateActiveAgain_doesNotTakeTheCustomerBack() {
      VersionedDirectory four = fourAffiliates();
      Attributor attributor = boundToAmyThenInactive(four, daysAgo(4));
      AttributionResult second = buy(attributor, "o2", daysAgo(3), "ben", "c1");
      assertThat(second.credits()).extracting(Credit::affiliateId, Credit::basis)
          .containsExactly(credit("ben", CreditBasis.TOUCHPOINTS));
      assertThat(second.explanation().notes()).containsExactly(
          "lifetime binding of customer c1 to amy does not apply: INACTIVE_AFFILIATE");
      assertThat(attributor.binding("c1")).contains(new CustomerBinding("c1", "ben", daysAgo(3)));
      four.put(AffiliateIdentity.active("amy"));

      assertThat(buy(attributor, "o3", daysAgo(2), "cal", "c1").credits())
          .extracting(Credit::affiliateId, Credit::basis)
          .containsExactly(credit("ben", CreditBasis.LIFETIME_BINDING));
      assertThat(attributor.binding("c1")).contains(new CustomerBinding("c1", "ben", daysAgo(3)));
      assertThat(buy(attributor, "o4", daysAgo(1), "dan", "c1").credits())
          .extracting(Credit::affiliateId, Credit::basis)
          .containsExactly(credit("ben", CreditBasis.LIFETIME_BINDING));
    }

    @Test
    void boundAffiliateActiveAgain_keepsTheCustomer_whenNothingCreditedTheConversionsBetween() {
      VersionedDirectory four = fourAffiliates();
      Attributor attributor = boundToAmyThenInactive(four, daysAgo(4));
      AttributionResult renewal = attributor.attribute(
          Conversion.builder("o2", daysAgo(3), Money.parse("USD 10.00")).customerId("c1").build());
      assertThat(renewal.isCredited()).isFalse();
      assertThat(attributor.binding("c1")).contains(new CustomerBinding("c1", "amy", daysAgo(4)));
      four.put(AffiliateIdentity.active("amy"));

      assertThat(attributor.attribute(
          Conversion.builder("o3", daysAgo(2), Money.parse("USD 10.00")).customerId("c1").build())
          .credits())
          .extracting(Credit::affiliateId, Credit::basis)
          .containsExactly(credit("amy", CreditBasis.LIFETIME_BINDING));
    }

    @Test
    void boundAffiliateActiveAgainBetweenEvaluateAndCommit_theCommitStillBindsAnew() {
      // Regression: the commit judged the binding by the directory of the moment, so a result
      // credited by touches because amy was inactive bound nobody once she was active again.
      VersionedDirectory four = fourAffiliates();
      Attributor attributor = boundToAmyThenInactive(four, daysAgo(4));
      AttributionResult second = attributor.evaluate(purchase("o2", daysAgo(3), "ben", "c1"));
      four.put(AffiliateIdentity.active("amy"));

      attributor.commit(second);

      assertThat(attributor.binding("c1")).contains(new CustomerBinding("c1", "ben", daysAgo(3)));
      assertThat(buy(attributor, "o3", daysAgo(2), "cal", "c1").credits())
          .extracting(Credit::affiliateId, Credit::basis)
          .containsExactly(credit("ben", CreditBasis.LIFETIME_BINDING));
    }

    @Test
    void twoConversionsEvaluatedBeforeEitherIsCommitted_bindAsTheirResultsSay() {
      // Regression: amy's binding did not apply to either; ben's commit bound the customer to ben,
      // and cal's, already credited to cal by its touches, was then taken as covered by ben's
      // binding: a state that no order of attributing them one after the other gives.
      VersionedDirectory four = fourAffiliates();
      Attributor attributor = boundToAmyThenInactive(four, daysAgo(5));
      AttributionResult bens = attributor.evaluate(purchase("o2", daysAgo(4), "ben", "c1"));
      AttributionResult cals = attributor.evaluate(purchase("o3", daysAgo(3), "cal", "c1"));

      attributor.commit(bens);
      attributor.commit(cals);

      assertThat(cals.credits()).extracting(Credit::affiliateId, Credit::basis)
          .containsExactly(credit("cal", CreditBasis.TOUCHPOINTS));
      // As when cal's conversion is attributed first and ben's, earlier, after it.
      assertThat(attributor.binding("c1")).contains(new CustomerBinding("c1", "cal", daysAgo(3)));
      assertThat(buy(attributor, "o4", daysAgo(2), "dan", "c1").credits())
          .extracting(Credit::affiliateId, Credit::basis)
          .containsExactly(credit("cal", CreditBasis.LIFETIME_BINDING));
    }

    @Test
    void concurrentAttributionsOfOneCustomer_runOneAtATime() throws Exception {
      // Regression: two attribute calls for one customer evaluated side by side, and could end
      // in a binding and credits that no order of the two calls gives.
      VersionedDirectory four = fourAffiliates();
      four.put(AffiliateIdentity.active("amy").withStatus(AffiliateStatus.INACTIVE));
      CountDownLatch entered = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      AtomicBoolean held = new AtomicBoolean();
      AffiliateDirectory holding = new AffiliateDirectory() {
        @Override
        public Optional<AffiliateIdentity> affiliate(String affiliateId) {
          // The first look at amy's binding waits until the test lets it go on.
          if (affiliateId.equals("amy") && held.compareAndSet(false, true)) {
            entered.countDown();
            Uninterruptibles.awaitUninterruptibly(release);
          }
          return four.affiliate(affiliateId);
        }

        @Override
        public Optional<String> ownerOf(String code) {
          return four.ownerOf(code);
        }
      };
      Attributor attributor = Attributor.builder(store, holding).clock(CLOCK)
          .policy(AttributionPolicy.builder().lifetimeBinding().build())
          .binding(new CustomerBinding("c1", "amy", daysAgo(6))).build();
      Conversion bens = purchase("o2", daysAgo(4), "ben", "c1");
      Conversion cals = purchase("o3", daysAgo(3), "cal", "c1");
      FutureTask<AttributionResult> first = new FutureTask<>(() -> attributor.attribute(bens));
      FutureTask<AttributionResult> second = new FutureTask<>(() -> attributor.attribute(cals));
      Thread firstThread = new Thread(first);
      Thread secondThread = new Thread(second);
      firstThread.start();
      entered.await();
      secondThread.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (secondThread.getState() != Thread.State.BLOCKED && secondThread.isAlive()
          && System.nanoTime() < deadline) {
        Thread.onSpinWait();
      }
      assertThat(secondThread.getState()).as("the second call waits for the first")
          .isEqualTo(Thread.State.BLOCKED);
      assertThat(second.isDone()).as("the second call has not run past the first").isFalse();
      release.countDown();

      assertThat(first.get(30, TimeUnit.SECONDS).credits())
          .extracting(Credit::affiliateId, Credit::basis)
          .containsExactly(credit("ben", CreditBasis.TOUCHPOINTS));
      assertThat(second.get(30, TimeUnit.SECONDS).credits())
          .extracting(Credit::affiliateId, Credit::basis)
          .containsExactly(credit("ben", CreditBasis.LIFETIME_BINDING));
      assertThat(attributor.binding("c1")).contains(new CustomerBinding("c1", "ben", daysAgo(4)));
    }

    @Test
    void resultOfAnotherAttributor_isJudgedAtTheCommit() {
      // Regression: a result this attributor had not evaluated never broke a binding, so the
      // customer stayed with an inactive affiliate and went back to her when reactivated.
      VersionedDirectory four = fourAffiliates();
      AttributionPolicy policy = AttributionPolicy.builder().lifetimeBinding().build();
      Attributor attributor = Attributor.builder(store, four).clock(CLOCK).policy(policy).build();
      Attributor other = Attributor.builder(store, four).clock(CLOCK).policy(policy).build();
      buy(attributor, "o1", daysAgo(4), "amy", "c1");
      other.attribute(Conversion.builder("o1", daysAgo(4), Money.parse("USD 10.00"))
          .visitorId("v-o1").customerId("c1").build());
      four.put(AffiliateIdentity.active("amy").withStatus(AffiliateStatus.INACTIVE));
      click("v-o2", "ben", daysAgo(3).minusSeconds(60));
      AttributionResult elsewhere = other.evaluate(Conversion.builder("o2", daysAgo(3),
          Money.parse("USD 10.00")).visitorId("v-o2").customerId("c1").build());

      attributor.commit(elsewhere);
      four.put(AffiliateIdentity.active("amy"));

      assertThat(attributor.binding("c1")).contains(new CustomerBinding("c1", "ben", daysAgo(3)));
      assertThat(buy(attributor, "o3", daysAgo(2), "cal", "c1").credits())
          .extracting(Credit::affiliateId, Credit::basis)
          .containsExactly(credit("ben", CreditBasis.LIFETIME_BINDING));
    }

    @Test
    void conversionAtTheBindingsInstant_judgesItsOwnAffiliateOnce_evenIfTheDirectoryChanges() {
      // amy is inactive when her touch is judged and active again at any later read: the tie at
      // the binding's instant must take her as the touches did, inactive, not as active.
      java.util.Map<String, AffiliateIdentity> identities =
          new java.util.concurrent.ConcurrentHashMap<>();
      for (String id : List.of("amy", "ben")) {
        identities.put(id, AffiliateIdentity.active(id));
      }
      int[] amyReads = {0};
      AffiliateDirectory changing = new AffiliateDirectory() {
        @Override
        public Optional<AffiliateIdentity> affiliate(String affiliateId) {
          AffiliateIdentity identity = identities.get(affiliateId);
          if (affiliateId.equals("amy") && amyReads[0]++ == 0) {
            // Active again right after the first read.
            identities.put("amy", AffiliateIdentity.active("amy"));
          }
          return Optional.ofNullable(identity);
        }

        @Override
        public Optional<String> ownerOf(String code) {
          return Optional.empty();
        }
      };
      Attributor attributor = Attributor.builder(store, changing).clock(CLOCK)
          .policy(AttributionPolicy.builder().lifetimeBinding().build()).build();
      buy(attributor, "o1", daysAgo(5), "ben", "c1");
      identities.put("amy", AffiliateIdentity.active("amy").withStatus(AffiliateStatus.INACTIVE));

      AttributionResult tie = attributor.evaluate(purchase("o2", daysAgo(5), "amy", "c1"));

      assertThat(tie.credits()).extracting(Credit::affiliateId, Credit::basis)
          .containsExactly(credit("ben", CreditBasis.LIFETIME_BINDING));
    }

    @Test
    void copyOfALateResult_bindsAsTheEvaluatedResultDoes() {
      // amy binds c1 for 10 days at day 30 ago, ben anew at day 10 ago; then amy goes inactive
      // and a late conversion at day 25 ago, which amy's binding covered, is credited to cal.
      VersionedDirectory four = fourAffiliates();
      for (boolean copy : List.of(false, true)) {
        Attributor attributor = Attributor.builder(store, four).clock(CLOCK).policy(
            AttributionPolicy.builder().lifetimeBinding(Duration.ofDays(10)).build()).build();
        four.put(AffiliateIdentity.active("amy"));
        String run = copy ? "copy" : "evaluated";
        buy(attributor, "o1-" + run, daysAgo(30), "amy", "c1");
        buy(attributor, "o2-" + run, daysAgo(10), "ben", "c1");
        four.put(AffiliateIdentity.active("amy").withStatus(AffiliateStatus.INACTIVE));
        AttributionResult late = attributor.evaluate(purchase("o3-" + run, daysAgo(25), "cal",
            "c1"));
        attributor.commit(copy ? new Attribution(late.conversion(), AttributionModel.lastTouch(),
            late.credits(), late.explanation()) : late);
        // In time order cal's conversion bound c1 anew at day 25 ago, and covers day 22 ago.
        assertThat(buy(attributor, "o4-" + run, daysAgo(22), "dan", "c1").credits())
            .as(run).extracting(Credit::affiliateId, Credit::basis)
            .containsExactly(credit("cal", CreditBasis.LIFETIME_BINDING));
      }
    }

    @Test
    void touchRecordedBetweenEvaluateAndCommit_doesNotChangeWhatTheConversionBindsWith() {
      // Regression: for a result the binding credited, the commit read the touches again, so a
      // click recorded in between decided which affiliate the conversion counted with.
      VersionedDirectory four = fourAffiliates();
      Attributor attributor = Attributor.builder(store, four).clock(CLOCK)
          .policy(AttributionPolicy.builder().lifetimeBinding(Duration.ofDays(10)).build())
          .build();
      buy(attributor, "o1", daysAgo(20), "amy", "c1");
      click("v-o2", "ben", daysAgo(18));
      AttributionResult second = attributor.evaluate(Conversion.builder("o2", daysAgo(15),
          Money.parse("USD 10.00")).visitorId("v-o2").customerId("c1").build());
      assertThat(second.credits()).extracting(Credit::affiliateId, Credit::basis)
          .containsExactly(credit("amy", CreditBasis.LIFETIME_BINDING));
      click("v-o2", "cal", daysAgo(16));        // a late click, later than ben's

      attributor.commit(second);
      // A late order of day -26 binds cal until day -16: amy's order of day -20 falls within it,
      // and o2 of day -15, after it, binds with ben, the affiliate its touches credited when it
      // was evaluated, not cal, whose click came in before the commit.
      buy(attributor, "o0", daysAgo(26), "cal", "c1");

      assertThat(attributor.binding("c1")).contains(new CustomerBinding("c1", "ben", daysAgo(15)));
    }

    @Test
    void candidatesKept_oneWithoutExpiry_andThoseSinceTheLatestBreakWithOne() {
      VersionedDirectory four = fourAffiliates();
      DefaultAttributor forEver = (DefaultAttributor) Attributor.builder(store, four).clock(CLOCK)
          .policy(AttributionPolicy.builder().lifetimeBinding().build()).build();
      DefaultAttributor expiring = (DefaultAttributor) Attributor.builder(store, four)
          .clock(CLOCK).policy(AttributionPolicy.builder().lifetimeBinding(Duration.ofDays(30))
              .build()).build();
      for (DefaultAttributor attributor : List.of(forEver, expiring)) {
        buy(attributor, "a-" + attributor.hashCode(), daysAgo(20), "amy", "c1");
        for (int day = 19; day > 10; day--) {
          buy(attributor, "b" + day + "-" + attributor.hashCode(), daysAgo(day), "ben", "c1");
        }
      }
      assertThat(forEver.candidatesKept("c1")).isEqualTo(1);
      assertThat(expiring.candidatesKept("c1")).isEqualTo(10);

      four.put(AffiliateIdentity.active("amy").withStatus(AffiliateStatus.BANNED));
      for (DefaultAttributor attributor : List.of(forEver, expiring)) {
        for (int day = 10; day > 5; day--) {
          buy(attributor, "c" + day + "-" + attributor.hashCode(), daysAgo(day), "cal", "c1");
        }
        assertThat(attributor.binding("c1"))
            .contains(new CustomerBinding("c1", "cal", daysAgo(10)));
      }
      // Only cal's conversion at day -10 broke amy's binding; those before it are dropped.
      assertThat(forEver.candidatesKept("c1")).isEqualTo(1);
      assertThat(expiring.candidatesKept("c1")).isEqualTo(5);
    }

    @Test
    void conversionsAtTheSameInstant_countInTheOrderOfTheirAffiliates_inEitherArrivalOrder() {
      VersionedDirectory four = fourAffiliates();
      Instant same = daysAgo(5);
      for (List<String> arrival : List.of(List.of("x-zed", "x-amy"), List.of("x-amy", "x-zed"))) {
        String customer = "c-" + arrival.get(0);
        Attributor attributor = bindingFor(four);
        java.util.Map<String, AttributionResult> results = new java.util.HashMap<>();
        for (String orderId : arrival) {
          String clicked = orderId.equals("x-amy") ? "amy" : "ben";
          results.put(orderId, buy(attributor, orderId + "-" + customer, same, clicked, customer));
        }
        // amy's conversion comes first at that instant: its own touches credit it, and it binds.
        assertThat(results.get("x-amy").credits()).as("arrival %s", arrival)
            .extracting(Credit::affiliateId, Credit::basis)
            .containsExactly(credit("amy", CreditBasis.TOUCHPOINTS));
        assertThat(attributor.binding(customer)).as("arrival %s", arrival)
            .contains(new CustomerBinding(customer, "amy", same));
        assertThat(results.get("x-zed").credits()).as("arrival %s", arrival)
            .extracting(Credit::affiliateId, Credit::basis)
            .containsExactly(arrival.get(0).equals("x-zed")
                ? credit("ben", CreditBasis.TOUCHPOINTS)
                : credit("amy", CreditBasis.LIFETIME_BINDING));
      }
    }

    @Test
    void conversionAtTheBindingsInstant_ofTheBoundAffiliate_countsAfterTheBinding() {
      VersionedDirectory four = fourAffiliates();
      Instant same = daysAgo(5);
      Attributor attributor = bindingFor(four);
      buy(attributor, "x1", same, "amy", "c1");

      assertThat(buy(attributor, "x2", same, "amy", "c1").credits())
          .extracting(Credit::affiliateId, Credit::basis)
          .containsExactly(credit("amy", CreditBasis.LIFETIME_BINDING));
      assertThat(attributor.binding("c1")).contains(new CustomerBinding("c1", "amy", same));
    }

    @Test
    void lateConversion_isCreditedByTheBindingInForceAtItsInstant_whateverTheArrivalOrder() {
      // amy binds c1 for 10 days from o1; o2 falls inside that, o3 after it, and binds ben.
      VersionedDirectory four = fourAffiliates();
      Instant bound = daysAgo(20);
      for (List<String> arrival : List.of(List.of("o2", "o3"), List.of("o3", "o2"))) {
        Attributor attributor = Attributor.builder(store, four).clock(CLOCK)
            .policy(AttributionPolicy.builder().lifetimeBinding(Duration.ofDays(10)).build())
            .build();
        String run = String.join("-", arrival);
        buy(attributor, "o1-" + run, bound, "amy", "c1");
        Map<String, AttributionResult> results = new HashMap<>();
        for (String order : arrival) {
          Instant at = order.equals("o2") ? bound.plus(Duration.ofDays(10)).minusSeconds(60)
              : bound.plus(Duration.ofDays(10)).plusSeconds(60);
          results.put(order, buy(attributor, order + "-" + run, at, "ben", "c1"));
        }
        assertThat(results.get("o2").credits()).as("arrival %s", arrival)
            .extracting(Credit::affiliateId, Credit::basis)
            .containsExactly(credit("amy", CreditBasis.LIFETIME_BINDING));
        assertThat(results.get("o3").credits()).as("arrival %s", arrival)
            .extracting(Credit::affiliateId, Credit::basis)
            .containsExactly(credit("ben", CreditBasis.TOUCHPOINTS));
        assertThat(attributor.binding("c1")).as("arrival %s", arrival)
            .contains(new CustomerBinding("c1", "ben", bound.plus(Duration.ofDays(10))
                .plusSeconds(60)));
      }
    }

    @Test
    void conversionAtTheBindingsInstant_ofAnEarlierAffiliate_saysWhyTheBindingDoesNotApply() {
      VersionedDirectory four = fourAffiliates();
      Attributor attributor = bindingFor(four);
      buy(attributor, "o1", daysAgo(5), "ben", "c1");
      AttributionResult tie = buy(attributor, "o2", daysAgo(5), "amy", "c1");
      assertThat(tie.explanation().notes()).containsExactly("lifetime binding of customer c1 to "
          + "ben since " + daysAgo(5) + " counts after this conversion, whose own affiliate amy "
          + "comes first at that instant");
    }

    @Test
    void equalLargestShares_bindTheFirstCredited_whicheverGotTheLeftoverStep() {
      Attributor attributor = attributor(AttributionPolicy.builder().lifetimeBinding().build(),
          AttributionModel.linear());
      List<List<String>> journeys = List.of(List.of("ben", "anna"), List.of("anna", "ben", "carla"),
          List.of("carla", "ben", "anna", "ben", "anna"));
      List<String> shares = new java.util.ArrayList<>();
      for (int i = 0; i < journeys.size(); i++) {
        List<String> journey = journeys.get(i);
        for (int j = 0; j < journey.size(); j++) {
          click("v" + i, journey.get(j), daysAgo(journey.size() - j));
        }
        AttributionResult result = attributor.attribute(order("o" + i, "10.00").visitorId("v" + i)
            .customerId("c" + i).build());
        shares.add(result.credits().stream().map(c -> c.affiliateId() + " " + c.share()).toList()
            + " -> " + attributor.binding("c" + i).orElseThrow().affiliateId());
      }
      // The first of equal shares wins whether they are exactly equal or the allocation gave the
      // first the step left over; a strictly larger share later wins.
      assertThat(shares).containsExactly(
          "[ben 50%, anna 50%] -> ben",
          "[anna 33.3333333333333334%, ben 33.3333333333333333%, carla 33.3333333333333333%] -> anna",
          "[carla 20%, ben 40%, anna 40%] -> ben");
    }

    @Test
    void restoredBinding_withLifetimeBindingOff_isIgnored() {
      Attributor attributor = Attributor.builder(store, directory).clock(CLOCK)
          .binding(new CustomerBinding("c1", "anna", daysAgo(10))).build();
      click("v1", "ben", daysAgo(1));
      assertThat(attributor.binding("c1")).isEmpty();
      assertThat(affiliates(attributor.attribute(order("o1", "1.00").visitorId("v1")
          .customerId("c1").build()))).containsExactly("ben");
    }

    @Test
    void twoRestoredBindings_theEarliestApplies_inEitherOrderOfAdding() {
      CustomerBinding earlier = new CustomerBinding("c1", "anna", daysAgo(100));
      CustomerBinding later = new CustomerBinding("c1", "ben", daysAgo(1));
      for (List<CustomerBinding> restored : List.of(List.of(earlier, later),
          List.of(later, earlier))) {
        Attributor.Builder builder = Attributor.builder(store, directory).clock(CLOCK)
            .policy(AttributionPolicy.builder().lifetimeBinding().build());
        restored.forEach(builder::binding);
        Attributor attributor = builder.build();
        assertThat(attributor.binding("c1")).contains(earlier);
        AttributionResult result = attributor.attribute(order("o" + restored.get(0).affiliateId(),
            "1.00").customerId("c1").build());
        assertThat(result.credits()).extracting(Credit::affiliateId, Credit::basis).containsExactly(
            org.assertj.core.groups.Tuple.tuple("anna", CreditBasis.LIFETIME_BINDING));
      }
    }

    @Test
    void twoRestoredBindings_theEarlierExpiredByTheLater_givesTheLater() {
      CustomerBinding earlier = new CustomerBinding("c1", "anna", daysAgo(100));
      CustomerBinding later = new CustomerBinding("c1", "ben", daysAgo(1));
      Attributor attributor = Attributor.builder(store, directory).clock(CLOCK)
          .policy(AttributionPolicy.builder().lifetimeBinding(Duration.ofDays(30)).build())
          .binding(later).binding(earlier).build();
      assertThat(attributor.binding("c1")).contains(later);
    }

    @Test
    void bindingIsOff_byDefault() {
      Attributor attributor = attributor();
      click("v1", "anna", daysAgo(2));
      attributor.attribute(order("o1", "1.00").visitorId("v1").customerId("c1").build());
      assertThat(attributor.binding("c1")).isEmpty();
    }

    @Test
    void bindingBeatsCoupons() {
      Attributor attributor = Attributor.builder(store, directory).clock(CLOCK)
          .policy(AttributionPolicy.builder().lifetimeBinding().build())
          .binding(new CustomerBinding("c1", "anna", daysAgo(100))).build();
      AttributionResult result = attributor.evaluate(order("o1", "5.00").customerId("c1")
          .couponCode("BEN5").build());
      assertThat(affiliates(result)).containsExactly("anna");
    }
  }

  @Nested
  class Locks {

    @Test
    void firstClickLock_keepsTheReferral() {
      click("v1", "anna", daysAgo(9));
      click("v1", "ben", daysAgo(5));
      click("v1", "anna", daysAgo(3));
      click("v1", "carla", daysAgo(1));
      AttributionResult result = attributor(AttributionPolicy.builder()
          .clickLock(ClickLock.FIRST_CLICK_LOCK).build(), AttributionModel.linear())
          .evaluate(order("o1", "10.00").visitorId("v1").build());
      assertThat(affiliates(result)).containsExactly("anna");
      assertThat(result.explanation().excludedFor(ExclusionReason.LOCKED_BY_FIRST_CLICK))
          .extracting(Touchpoint::affiliateId).containsExactly("ben", "carla");
    }

    @Test
    void repeatedTouchesMerge_soTheyCountOnce() {
      click("v1", "anna", daysAgo(4));
      click("v1", "anna", daysAgo(3));
      click("v1", "anna", daysAgo(2));
      click("v1", "ben", daysAgo(1));
      AttributionResult merged = attributor(AttributionPolicy.defaults(), AttributionModel.linear())
          .evaluate(order("o1", "10.00").visitorId("v1").build());
      assertThat(merged.credits()).extracting(c -> c.share().toString()).containsExactly("50%", "50%");
      assertThat(merged.explanation().excludedFor(ExclusionReason.MERGED_SAME_AFFILIATE)).hasSize(2);
      AttributionResult unmerged = attributor(AttributionPolicy.builder().mergeRepeatedTouches(false)
          .build(), AttributionModel.linear()).evaluate(order("o1", "10.00").visitorId("v1").build());
      assertThat(unmerged.credits()).extracting(c -> c.share().toString()).containsExactly("75%", "25%");
    }

    @Test
    void nonConsecutiveTouchesOfOneAffiliate_addUpIntoOneCredit() {
      click("v1", "anna", daysAgo(3));
      click("v1", "ben", daysAgo(2));
      click("v1", "anna", daysAgo(1));
      AttributionResult result = attributor(AttributionPolicy.defaults(), AttributionModel.positionBased())
          .evaluate(order("o1", "10.00").visitorId("v1").build());
      assertThat(result.credits()).extracting(c -> c.affiliateId() + " " + c.share())
          .containsExactly("anna 80%", "ben 20%");
    }
  }

  @Nested
  class OrdersAndTime {

    @Test
    void sameOrderTwice_returnsTheFirstResult_evenAfterNewTouches() {
      Attributor attributor = attributor();
      click("v1", "anna", daysAgo(2));
      AttributionResult first = attributor.attribute(order("o1", "10.00").visitorId("v1").build());
      click("v1", "ben", daysAgo(1));
      AttributionResult again = attributor.attribute(order("o1", "10.00").visitorId("v1").build());
      assertThat(again).isSameAs(first);
      assertThat(affiliates(attributor.evaluate(order("o1", "10.00").visitorId("v1").build())))
          .containsExactly("ben");
    }

    @Test
    void rememberedOrders_forgetsTheOldestBeyondCapacity() {
      Attributor attributor = Attributor.builder(store, directory).clock(CLOCK).rememberedOrders(1).build();
      click("v1", "anna", daysAgo(2));
      AttributionResult first = attributor.attribute(order("o1", "10.00").visitorId("v1").build());
      assertThat(attributor.attribute(order("o2", "10.00").visitorId("v1").build())).isNotSameAs(first);
      assertThat(attributor.attribute(order("o1", "10.00").visitorId("v1").build())).isNotSameAs(first)
          .isEqualTo(first);
      assertThatThrownBy(() -> Attributor.builder(store, directory).rememberedOrders(0))
          .hasMessage("rememberedOrders must be at least 1: 0");
    }

    @Test
    void lateClick_changesNothingAttributed_butCountsForLaterOrders() {
      Attributor attributor = attributor();
      click("v1", "anna", daysAgo(3));
      AttributionResult before = attributor.attribute(Conversion.builder("o1", daysAgo(1),
          Money.parse("USD 10.00")).visitorId("v1").build());
      click("v1", "ben", daysAgo(2));
      assertThat(attributor.attribute(Conversion.builder("o1", daysAgo(1),
          Money.parse("USD 10.00")).visitorId("v1").build())).isSameAs(before);
      assertThat(affiliates(before)).containsExactly("anna");
      assertThat(affiliates(attributor.attribute(Conversion.builder("o2", daysAgo(1),
          Money.parse("USD 10.00")).visitorId("v1").build()))).containsExactly("ben");
    }

    @Test
    void equalInstants_theLaterRecordedWins() {
      Instant at = daysAgo(1);
      click("v1", "anna", at);
      click("v1", "ben", at);
      assertThat(affiliates(attributor().evaluate(order("o1", "1.00").visitorId("v1").build())))
          .containsExactly("ben");
    }

    @Test
    void conversionBeyondTheClockSkew_isRejected_andNothingRemembered() {
      Attributor attributor = attributor();
      Conversion future = Conversion.builder("o1", NOW.plus(Duration.ofMinutes(5)).plusNanos(1),
          Money.parse("USD 1.00")).visitorId("v1").build();
      assertThatThrownBy(() -> attributor.attribute(future))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("conversion instant must not be after 2026-03-31T12:05:00Z (the clock plus "
              + "maxClockSkew PT5M): 2026-03-31T12:05:00.000000001Z");
      click("v1", "anna", daysAgo(1));
      Conversion atTheLimit = Conversion.builder("o1", NOW.plus(Duration.ofMinutes(5)),
          Money.parse("USD 1.00")).visitorId("v1").build();
      assertThat(affiliates(attributor.attribute(atTheLimit))).containsExactly("anna");
    }

    @Test
    void clockAndSkewWhoseNanosecondsCarryIntoASecond_limitToTheSum() {
      // 12:00:00.6 plus 0.5 s is 12:00:01.1: not a moment later.
      Attributor attributor = Attributor.builder(store, directory)
          .clock(Clock.fixed(NOW.plusMillis(600), ZoneOffset.UTC))
          .policy(AttributionPolicy.builder().maxClockSkew(Duration.ofMillis(500)).build()).build();
      Instant limit = Instant.parse("2026-03-31T12:00:01.100Z");
      assertThatThrownBy(() -> attributor.record(Touchpoint.click("v1", "anna",
          limit.plusNanos(1))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("touchpoint instant must not be after 2026-03-31T12:00:01.100Z (the clock"
              + " plus maxClockSkew PT0.5S): 2026-03-31T12:00:01.100000001Z");
      attributor.record(Touchpoint.click("v1", "anna", limit));
      assertThat(affiliates(attributor.attribute(Conversion.builder("o1", limit,
          Money.parse("USD 1.00")).visitorId("v1").build()))).containsExactly("anna");
    }

    @Test
    void skewOfForever_acceptsEveryInstant_insteadOfOverflowing() {
      Attributor attributor = attributor(AttributionPolicy.builder()
          .maxClockSkew(ChronoUnit.FOREVER.getDuration()).build());
      Instant latestTouch = Instant.parse("2262-04-11T23:47:16.854775807Z");
      attributor.record(Touchpoint.click("v1", "anna", latestTouch));
      attributor.record(Touchpoint.click("v2", "ben", daysAgo(1)));
      assertThat(affiliates(attributor.evaluate(Conversion.builder("o1", latestTouch,
          Money.parse("USD 1.00")).visitorId("v1").build()))).containsExactly("anna");
      assertThat(affiliates(attributor.attribute(order("o2", "1.00").visitorId("v2").build())))
          .containsExactly("ben");
    }

    @Test
    void clockNearTheLastInstant_acceptsEveryInstant_insteadOfOverflowing() {
      Attributor attributor = Attributor.builder(store, directory)
          .clock(Clock.fixed(Instant.MAX.minusSeconds(60), ZoneOffset.UTC)).build();
      attributor.record(Touchpoint.click("v1", "anna", daysAgo(1)));
      assertThat(affiliates(attributor.attribute(order("o1", "1.00").visitorId("v1").build())))
          .containsExactly("anna");
      // The skew check lets the last instant through; the range of instants still applies.
      assertThatThrownBy(() -> attributor.evaluate(Conversion.builder("o2", Instant.MAX,
          Money.parse("USD 1.00")).visitorId("v1").build()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("conversion instant must be within [");
    }

    @Test
    void conversionBeforeTheSupportedRange_isRejected() {
      Conversion ancient = Conversion.builder("o1", Instant.parse("1600-01-01T00:00:00Z"),
          Money.parse("USD 1.00")).visitorId("v1").build();
      assertThatThrownBy(() -> attributor().evaluate(ancient))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("conversion instant must be within [1677-09-21T00:12:43.145224192Z");
    }
  }

  @Nested
  class Record {

    @Test
    void record_knownAffiliateAndCode_storesTheTouch() {
      long sequence = attributor().record(Touchpoint.builder(TouchpointKind.CLICK, "v1", "anna", NOW)
          .code("anna-link").build());
      assertThat(store.touchpoints("v1")).singleElement()
          .satisfies(touch -> assertThat(touch.sequence()).isEqualTo(sequence));
    }

    @Test
    void record_codeSpelledOtherwise_keepsItsCanonicalSpelling_onceInTheStore() {
      InMemoryTouchpointStore memory = (InMemoryTouchpointStore) TouchpointStore.inMemory();
      Attributor attributor = Attributor.builder(memory, directory).clock(CLOCK).build();
      for (String spelled : List.of("ANNA10", "anna10", "Anna-10", "A-N-N-A 10")) {
        attributor.record(Touchpoint.builder(TouchpointKind.CLICK, "v1", "anna", NOW)
            .code(spelled).build());
      }

      assertThat(memory.touchpoints("v1")).extracting(Touchpoint::codeOrNull)
          .containsExactly("ANNA10", "ANNA10", "ANNA10", "ANNA10");
      // One affiliate and one referrer, not one per spelling.
      assertThat(memory.internedReferrals()).isEqualTo(2);
    }

    @Test
    void record_codeTheDirectoryReadsAsWritten_keepsItsSpelling() {
      AffiliateDirectory exact = new AffiliateDirectory() {
        @Override
        public Optional<AffiliateIdentity> affiliate(String affiliateId) {
          return directory.affiliate(affiliateId);
        }

        @Override
        public Optional<String> ownerOf(String code) {
          return code.equals("Anna-10") ? Optional.of("anna") : Optional.empty();
        }
      };
      Attributor.builder(store, exact).clock(CLOCK).build().record(
          Touchpoint.builder(TouchpointKind.CLICK, "v1", "anna", NOW).code("Anna-10").build());

      assertThat(store.touchpoints("v1")).extracting(Touchpoint::codeOrNull)
          .containsExactly("Anna-10");
    }

    @Test
    void record_unknownCode_throws_andRecordsNothing() {
      assertThatThrownBy(() -> attributor().record(Touchpoint.builder(TouchpointKind.CLICK, "v1",
          "anna", NOW).code("NOPE").build()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("touchpoint code is unknown: 'NOPE'");
      assertThat(store.size()).isZero();
    }

    @Test
    void record_codeOfAnotherAffiliate_throws() {
      assertThatThrownBy(() -> attributor().record(Touchpoint.builder(TouchpointKind.COUPON, "v1",
          "anna", NOW).code("BEN5").build()))
          .hasMessage("touchpoint code belongs to affiliate 'ben', not 'anna': 'BEN5'");
      assertThat(store.size()).isZero();
    }

    private InstantInFutureException serializedCopy(InstantInFutureException refused) {
      try {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
          out.writeObject(refused);
        }
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
            new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
          return (InstantInFutureException) in.readObject();
        }
      } catch (java.io.IOException | ClassNotFoundException e) {
        throw new AssertionError(e);
      }
    }

    @Test
    void record_unknownAffiliate_orFutureInstant_throws() {
      assertThatThrownBy(() -> attributor().record(Touchpoint.click("v1", "zed", NOW)))
          .hasMessage("touchpoint affiliateId is unknown: 'zed'");
      assertThatThrownBy(() -> attributor().record(Touchpoint.click("v1", "anna", NOW.plus(Duration.ofHours(1)))))
          .isInstanceOfSatisfying(InstantInFutureException.class, refused -> {
            assertThat(refused.instant()).isEqualTo(NOW.plus(Duration.ofHours(1)));
            assertThat(refused.latest()).isEqualTo(NOW.plus(Duration.ofMinutes(5)));
            assertThat(refused.refusedBy(attributor())).isFalse();
            InstantInFutureException copy = serializedCopy(refused);
            assertThat(copy).hasMessage(refused.getMessage());
            assertThat(copy.instant()).isEqualTo(refused.instant());
            assertThat(copy.latest()).isEqualTo(refused.latest());
          })
          .hasMessage("touchpoint instant must not be after 2026-03-31T12:05:00Z (the clock plus "
              + "maxClockSkew PT5M): 2026-03-31T13:00:00Z");
      assertThat(store.size()).isZero();
    }
  }

  @Nested
  class NoCredits {

    @Test
    void noTouchpoints() {
      AttributionResult result = attributor().attribute(order("o1", "1.00").visitorId("nobody").build());
      assertThat(result).isInstanceOfSatisfying(NoCredit.class, noCredit -> {
        assertThat(noCredit.reason()).isEqualTo(NoCreditReason.NO_TOUCHPOINTS);
        assertThat(noCredit.decisiveExclusion()).isEmpty();
        assertThat(noCredit.credits()).isEmpty();
        assertThat(noCredit.isCredited()).isFalse();
      });
    }

    @Test
    void decisiveExclusion_skipsATouchAfterTheConversion_whateverExcludedIt() {
      click("v1", "dora", daysAgo(1));
      // After the conversion, and signed in as another customer, which is checked first.
      store.record(Touchpoint.builder(TouchpointKind.CLICK, "v1", "ben", NOW.plusSeconds(60))
          .customerId("cust-zoe").build());
      NoCredit result = (NoCredit) attributor().evaluate(
          order("o1", "1.00").visitorId("v1").customerId("cust-yan").build());
      assertThat(result.explanation().excluded()).extracting(Exclusion::reason).containsExactly(
          ExclusionReason.INACTIVE_AFFILIATE, ExclusionReason.OTHER_CUSTOMER);
      assertThat(result.decisiveExclusion()).map(Exclusion::reason)
          .contains(ExclusionReason.INACTIVE_AFFILIATE);
    }

    @Test
    void decisiveExclusion_passesOverALaterTouchOutsideItsLookback() {
      // The buyer's own link 5 days ago, then another's view 2 days ago, older than a view's day.
      click("v1", "anna", daysAgo(5));
      store.record(Touchpoint.builder(TouchpointKind.VIEW, "v1", "ben", daysAgo(2)).build());
      NoCredit result = (NoCredit) attributor().evaluate(
          order("o1", "1.00").visitorId("v1").customerId("cust-anna").build());
      assertThat(result.explanation().excluded()).extracting(Exclusion::reason).containsExactly(
          ExclusionReason.SELF_REFERRAL, ExclusionReason.OUTSIDE_WINDOW);
      assertThat(result.decisiveExclusion()).map(Exclusion::reason)
          .contains(ExclusionReason.SELF_REFERRAL);

      // With every touch outside the window, the latest of them decides.
      click("v2", "ben", daysAgo(50));
      click("v2", "carla", daysAgo(40));
      NoCredit old = (NoCredit) attributor().evaluate(order("o2", "1.00").visitorId("v2").build());
      assertThat(old.decisiveExclusion()).map(exclusion -> exclusion.touchpoint().affiliateId())
          .contains("carla");
    }

    /**
     * Regression: a touch made signed in as another customer 60 days ago, older than the window
     * too, decided the outcome over the buyer's own click of 40 days ago, left out by the window.
     */
    @Test
    void decisiveExclusion_isOfTheBuyersTouches_notAnotherCustomers() {
      store.record(Touchpoint.builder(TouchpointKind.CLICK, "v1", "anna", daysAgo(60))
          .customerId("cust-zoe").build());
      click("v1", "ben", daysAgo(40));
      NoCredit old = (NoCredit) attributor().evaluate(
          order("o1", "1.00").visitorId("v1").customerId("cust-yan").build());
      assertThat(old.explanation().excluded()).extracting(Exclusion::reason).containsExactly(
          ExclusionReason.OTHER_CUSTOMER, ExclusionReason.OUTSIDE_WINDOW);
      assertThat(old.decisiveExclusion()).map(exclusion -> exclusion.touchpoint().affiliateId())
          .contains("ben");

      // The buyer's touch in the window decides, before a later one of another customer.
      click("v2", "dora", daysAgo(3));
      store.record(Touchpoint.builder(TouchpointKind.CLICK, "v2", "ben", daysAgo(1))
          .customerId("cust-zoe").build());
      NoCredit inWindow = (NoCredit) attributor().evaluate(
          order("o2", "1.00").visitorId("v2").customerId("cust-yan").build());
      assertThat(inWindow.decisiveExclusion()).map(Exclusion::reason)
          .contains(ExclusionReason.INACTIVE_AFFILIATE);

      // With no touch of the buyer's, the latest of another customer's decides.
      store.record(Touchpoint.builder(TouchpointKind.CLICK, "v3", "anna", daysAgo(60))
          .customerId("cust-zoe").build());
      store.record(Touchpoint.builder(TouchpointKind.CLICK, "v3", "ben", daysAgo(2))
          .customerId("cust-zoe").build());
      NoCredit others = (NoCredit) attributor().evaluate(
          order("o3", "1.00").visitorId("v3").customerId("cust-yan").build());
      assertThat(others.decisiveExclusion()).map(exclusion -> exclusion.touchpoint().affiliateId())
          .contains("ben");
    }

    /**
     * A result's credits never depend on when the store evicts, but its explanation lists only
     * the touches the store still holds: a click older than the window shows as OUTSIDE_WINDOW
     * until the store evicts it, which a store with a retention may do at any time after the
     * retention, when other visitors' touches make it rebuild the click's stripe.
     */
    @Test
    void clickOlderThanTheWindow_showsUntilTheStoreEvictsIt_whileTheCreditsStayTheSame() {
      TouchpointStore retaining = TouchpointStore.inMemory(CLOCK, Duration.ofDays(31));
      retaining.record(Touchpoint.click("v1", "anna", daysAgo(40)));
      Attributor attributor = Attributor.builder(retaining, directory).clock(CLOCK).build();
      Conversion conversion = order("o1", "10.00").visitorId("v1").build();

      AttributionResult held = attributor.evaluate(conversion);

      assertThat(held).isInstanceOfSatisfying(NoCredit.class, noCredit -> {
        assertThat(noCredit.reason()).isEqualTo(NoCreditReason.NONE_ELIGIBLE);
        assertThat(noCredit.decisiveExclusion()).map(Exclusion::reason)
            .contains(ExclusionReason.OUTSIDE_WINDOW);
      });

      // Other visitors' clicks fill every stripe, which evicts what the retention no longer keeps.
      for (int i = 0; i < 10_000; i++) {
        retaining.record(Touchpoint.click("other-" + i, "ben", NOW));
      }
      AttributionResult evicted = attributor.evaluate(conversion);

      assertThat(retaining.touchpoints("v1")).isEmpty();
      assertThat(evicted).isInstanceOfSatisfying(NoCredit.class, noCredit -> {
        assertThat(noCredit.reason()).isEqualTo(NoCreditReason.NO_TOUCHPOINTS);
        assertThat(noCredit.decisiveExclusion()).isEmpty();
        assertThat(noCredit.explanation().excluded()).isEmpty();
      });
      assertThat(evicted.credits()).isEqualTo(held.credits()).isEmpty();
      assertThat(evicted).isNotEqualTo(held);
    }

    @Test
    void clickOlderThanTheWindow_evictedByHand_leavesNoTouchpoints_andTheSameCredits() {
      TouchpointStore retaining = TouchpointStore.inMemory(CLOCK, Duration.ofDays(31));
      retaining.record(Touchpoint.click("v1", "anna", daysAgo(40)));
      Attributor attributor = Attributor.builder(retaining, directory).clock(CLOCK).build();
      Conversion conversion = order("o1", "10.00").visitorId("v1").build();
      AttributionResult held = attributor.evaluate(conversion);

      assertThat(retaining.evictBefore(daysAgo(31))).isEqualTo(1);
      AttributionResult evicted = attributor.evaluate(conversion);

      assertThat(held).isInstanceOfSatisfying(NoCredit.class, noCredit -> assertThat(
          noCredit.reason()).isEqualTo(NoCreditReason.NONE_ELIGIBLE));
      assertThat(evicted).isInstanceOfSatisfying(NoCredit.class, noCredit -> assertThat(
          noCredit.reason()).isEqualTo(NoCreditReason.NO_TOUCHPOINTS));
      assertThat(evicted.credits()).isEqualTo(held.credits()).isEmpty();
    }

    @Test
    void decisiveExclusion_prefersTheLatestTouchBeforeTheConversion() {
      click("v1", "dora", daysAgo(2));
      click("v1", "anna", daysAgo(60));
      click("v1", "ben", NOW.plusSeconds(1));
      NoCredit result = (NoCredit) attributor().evaluate(order("o1", "1.00").visitorId("v1").build());
      assertThat(result.decisiveExclusion()).map(Exclusion::reason)
          .contains(ExclusionReason.INACTIVE_AFFILIATE);
    }
  }

  @Test
  void describe_listsCreditsNotesAndEveryTouch() {
    click("v1", "ben", NOW.minus(Duration.ofDays(40)));
    store.record(Touchpoint.builder(TouchpointKind.CLICK, "v1", "anna", daysAgo(1)).code("anna-link")
        .channel("instagram").build());
    AttributionResult result = attributor().attribute(order("o1", "63.86").visitorId("v1").build());
    assertThat(result.describe()).isEqualTo("""
        o1 at 2026-03-31T12:00:00Z for USD 63.86: credited by lastTouch
          credit anna 100% = USD 63.86 (TOUCHPOINTS)
          eligible #2 CLICK anna code=anna-link visitor=v1 channel=instagram at 2026-03-30T12:00:00Z
          excluded #1 CLICK ben visitor=v1 at 2026-02-19T12:00:00Z: OUTSIDE_WINDOW""");
    assertThat(attributor().evaluate(order("o2", "1.00").visitorId("v9").build()).describe())
        .isEqualTo("o2 at 2026-03-31T12:00:00Z for USD 1.00: no credit, NO_TOUCHPOINTS");
  }

  @Test
  void crossDevice_customerTouchesOnOtherDevicesCount() {
    store.record(Touchpoint.builder(TouchpointKind.CLICK, "phone", "anna", daysAgo(3))
        .customerId("c1").build());
    click("phone", "ben", daysAgo(2));
    click("laptop", "carla", daysAgo(4));
    AttributionResult result = attributor(AttributionPolicy.defaults(), AttributionModel.linear())
        .evaluate(order("o1", "3.00").visitorId("laptop").customerId("c1").build());
    assertThat(affiliates(result)).containsExactly("carla", "anna", "ben");
  }

  @Test
  void crossDevice_aDeviceLastSignedInBeyondTheHorizon_countsNoMore() {
    // The phone was signed in as c1 31 days ago and then clicked ben's link anonymously.
    store.record(Touchpoint.builder(TouchpointKind.CLICK, "phone", "anna", daysAgo(31))
        .customerId("c1").build());
    click("phone", "ben", daysAgo(1));
    Conversion onLaptop = order("o1", "100.00").visitorId("laptop").customerId("c1").build();

    AttributionResult result = attributor().evaluate(onLaptop);

    assertThat(result).isInstanceOfSatisfying(NoCredit.class,
        noCredit -> assertThat(noCredit.reason()).isEqualTo(NoCreditReason.NO_TOUCHPOINTS));
    // The same as a store that evicted the sign-in, which the 30-day window cannot count.
    store.evictBefore(daysAgo(30));
    assertThat(attributor().evaluate(onLaptop)).isEqualTo(result);
  }

  @Test
  void crossDevice_aSharedDevicesTouchesSignedInAsAnotherCustomer_areTheirs() {
    store.record(Touchpoint.builder(TouchpointKind.CLICK, "tablet", "ben", daysAgo(10))
        .customerId("c1").build());
    store.record(Touchpoint.builder(TouchpointKind.CLICK, "tablet", "anna", daysAgo(3))
        .customerId("c2").build());

    AttributionResult result = attributor().evaluate(
        order("o1", "50.00").visitorId("laptop").customerId("c1").build());
    AttributionResult onTheTablet = attributor().evaluate(
        order("o2", "50.00").visitorId("tablet").customerId("c1").build());

    assertThat(affiliates(result)).containsExactly("ben");
    assertThat(affiliates(onTheTablet)).containsExactly("ben");
    for (AttributionResult either : List.of(result, onTheTablet)) {
      assertThat(either.explanation().excludedFor(ExclusionReason.OTHER_CUSTOMER))
          .extracting(Touchpoint::affiliateId).containsExactly("anna");
    }
  }

  @Test
  void crossDevice_aDeviceSignedInAtTheHorizon_stillCounts() {
    store.record(Touchpoint.builder(TouchpointKind.VIEW, "phone", "anna", daysAgo(30))
        .customerId("c1").build());
    click("phone", "ben", daysAgo(1));

    AttributionResult result = attributor().evaluate(
        order("o1", "100.00").visitorId("laptop").customerId("c1").build());

    assertThat(affiliates(result)).containsExactly("ben");
  }

  @Test
  void accessorsAndNulls() {
    Attributor attributor = attributor();
    assertThat(attributor.window()).isEqualTo(AttributionWindow.standard());
    assertThat(attributor.model()).isEqualTo(AttributionModel.lastTouch());
    assertThat(attributor.policy()).isEqualTo(AttributionPolicy.defaults());
    NullPointerTester tester = new NullPointerTester()
        .setDefault(TouchpointStore.class, store)
        .setDefault(AffiliateDirectory.class, directory)
        .setDefault(Touchpoint.class, Touchpoint.click("v", "anna", NOW))
        .setDefault(Conversion.class, order("o", "1.00").visitorId("v").build());
    tester.testAllPublicStaticMethods(Attributor.class);
    tester.testAllPublicInstanceMethods(attributor);
    tester.testAllPublicInstanceMethods(Attributor.builder(store, directory));
    tester.testAllPublicInstanceMethods(AttributionPolicy.builder());
    tester.testAllPublicConstructors(AttributionPolicy.class);
  }

  @Test
  void policy_badParts() {
    // Refused by the setter, which leaves the builder as it was.
    AttributionPolicy.Builder builder = AttributionPolicy.builder();
    assertThatThrownBy(() -> builder.lifetimeBinding(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("policy bindingExpiry must be positive: PT0S");
    assertThatThrownBy(() -> builder.maxClockSkew(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("policy maxClockSkew must not be negative: PT-1S");
    assertThat(builder.build()).isEqualTo(AttributionPolicy.defaults());
    assertThatThrownBy(() -> new AttributionPolicy(true, false, Optional.of(Duration.ofDays(1)),
        ClickLock.LAST_CLICK_WINS, true, false, Duration.ZERO))
        .hasMessage("policy bindingExpiry needs lifetimeBinding: PT24H");
    // The constructor checks what the setters check.
    assertThatThrownBy(() -> new AttributionPolicy(true, true, Optional.of(Duration.ZERO),
        ClickLock.LAST_CLICK_WINS, true, false, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("policy bindingExpiry must be positive: PT0S");
    assertThatThrownBy(() -> new AttributionPolicy(true, true, Optional.of(Duration.ofDays(-1)),
        ClickLock.LAST_CLICK_WINS, true, false, Duration.ZERO))
        .hasMessage("policy bindingExpiry must be positive: PT-24H");
    assertThatThrownBy(() -> new AttributionPolicy(true, false, Optional.empty(),
        ClickLock.LAST_CLICK_WINS, true, false, Duration.ofNanos(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("policy maxClockSkew must not be negative: PT-0.000000001S");
  }

  /** A directory that fails to read affiliates while told to, as a remote one may. */
  private static final class FlakyDirectory implements AffiliateDirectory {
    private final AffiliateDirectory delegate;
    volatile boolean failing;

    FlakyDirectory(AffiliateDirectory delegate) {
      this.delegate = delegate;
    }

    @Override
    public Optional<AffiliateIdentity> affiliate(String affiliateId) {
      if (failing) {
        throw new IllegalStateException("directory unavailable");
      }
      return delegate.affiliate(affiliateId);
    }

    @Override
    public Optional<String> ownerOf(String code) {
      return delegate.ownerOf(code);
    }
  }

  /** A mutable directory that changes its version on every change, and counts its reads. */
  private static final class VersionedDirectory implements AffiliateDirectory {
    private final java.util.Map<String, AffiliateIdentity> affiliates =
        new java.util.concurrent.ConcurrentHashMap<>();
    private volatile long version;
    int reads;

    void put(AffiliateIdentity identity) {
      affiliates.put(identity.affiliateId(), identity);
      version++;
    }

    @Override
    public java.util.Optional<AffiliateIdentity> affiliate(String affiliateId) {
      reads++;
      return java.util.Optional.ofNullable(affiliates.get(affiliateId));
    }

    @Override
    public java.util.Optional<String> ownerOf(String code) {
      return java.util.Optional.empty();
    }

    @Override
    public long version() {
      return version;
    }
  }
}
