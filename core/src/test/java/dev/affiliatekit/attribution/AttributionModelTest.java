package dev.affiliatekit.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.testing.EqualsTester;
import com.google.common.testing.NullPointerTester;
import dev.affiliatekit.money.Rate;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Worked examples of every model, checked by hand against the published definitions: Google Ads'
 * AttributionModelEnum (position-based 40/20/40, time decay with a 7-day half-life) and Adobe
 * Analytics' attribution models (the one- and two-touch rules of U-shaped, J-shaped, inverse J and
 * custom).
 */
class AttributionModelTest {

  private static final Instant CONVERSION = Instant.parse("2026-03-31T12:00:00Z");

  /** Touches one day apart, ending a day before the conversion. */
  private static List<Instant> touches(int count) {
    List<Instant> instants = new ArrayList<>();
    for (int i = count; i >= 1; i--) {
      instants.add(CONVERSION.minus(Duration.ofDays(i)));
    }
    return instants;
  }

  private static List<String> shares(AttributionModel model, int count) {
    return model.shares(touches(count)).stream().map(Rate::toString).toList();
  }

  @Nested
  class SingleTouchModels {

    @Test
    void lastTouch_allToTheLast() {
      assertThat(shares(AttributionModel.lastTouch(), 1)).containsExactly("100%");
      assertThat(shares(AttributionModel.lastTouch(), 3)).containsExactly("0%", "0%", "100%");
    }

    @Test
    void firstTouch_allToTheFirst() {
      assertThat(shares(AttributionModel.firstTouch(), 1)).containsExactly("100%");
      assertThat(shares(AttributionModel.firstTouch(), 3)).containsExactly("100%", "0%", "0%");
    }

    @Test
    void linear_equalShares_addingUpToExactlyOne() {
      assertThat(shares(AttributionModel.linear(), 2)).containsExactly("50%", "50%");
      assertThat(shares(AttributionModel.linear(), 3)).containsExactly(
          "33.3333333333333334%", "33.3333333333333333%", "33.3333333333333333%");
    }
  }

  @Nested
  class TimeDecay {

    /** The example: clicks 22, 15, 8 and 1 days before, half-life 7 days. */
    private final List<Instant> clicks = List.of(
        CONVERSION.minus(Duration.ofDays(22)), CONVERSION.minus(Duration.ofDays(15)),
        CONVERSION.minus(Duration.ofDays(8)), CONVERSION.minus(Duration.ofDays(1)));

    /** Regression: each touch's weight was rounded to an integer below 2^61 first. */
    @Test
    void shares_areExactToAStep() {
      AttributionModel hourly = AttributionModel.timeDecay(Duration.ofHours(1));
      List<Instant> touches = List.of(CONVERSION.minus(Duration.ofHours(64)),
          CONVERSION.minus(Duration.ofHours(20)), CONVERSION.minus(Duration.ofHours(3)));

      // 2^-61 : 2^-17 : 1; the oldest's 0.434 step is the largest remainder.
      assertThat(hourly.shares(touches)).extracting(Rate::toString).containsExactly(
          "0.0000000000000001%", "0.0007629336324033%", "99.9992370663675966%");
    }

    /**
     * Regression: Δ / h was divided in doubles, which missed whole half-lives of more than 2^53
     * nanoseconds by an ulp, so the weights were not exact powers of two.
     */
    @Test
    void shares_wholeHalfLivesOfAnyLength_areExact() {
      Duration halfLife = Duration.ofDays(105).plusNanos(1);
      List<Instant> touches = List.of(CONVERSION.minus(halfLife.multipliedBy(3)),
          CONVERSION.minus(halfLife.multipliedBy(2)), CONVERSION.minus(halfLife), CONVERSION);

      assertThat(AttributionModel.timeDecay(halfLife).shares(touches)).extracting(Rate::toString)
          .containsExactly("6.6666666666666667%", "13.3333333333333333%", "26.6666666666666667%",
              "53.3333333333333333%");
    }

    /** Regression: a weight of 2^-1074.5 rounded up to the smallest double, 2^-1074. */
    @Test
    void weights_beyond1074HalfLives_areZero() {
      Duration halfLife = Duration.ofSeconds(2);
      long[] nanos = {0, 1_074_000_000_000L, 2_149_000_000_000L, 2_150_000_000_000L};
      // 1,075, 538 and 0.5 half-lives before the latest, and the latest.
      ModelWeights.Weighing weighing =
          ModelWeights.weigh(AttributionModel.timeDecay(halfLife), nanos, 4);

      assertThat(weighing.counts(0)).isFalse();
      assertThat(weighing.counts(1)).isTrue();
      long[] band = {0, 1L + 2 * 1_074_000_000_000L};   // 1,074 half-lives and 1 ns apart
      assertThat(ModelWeights.weigh(AttributionModel.timeDecay(halfLife), band, 2).counts(0))
          .isFalse();
      long[] edge = {0, 2 * 1_074_000_000_000L};        // exactly 1,074: 2^-1074
      assertThat(ModelWeights.weigh(AttributionModel.timeDecay(halfLife), edge, 2).weight(0))
          .isEqualTo(BigInteger.ONE);
    }

    @Test
    void weights_areExactly1to2to4to8() {
      long[] nanos = clicks.stream().mapToLong(i -> EpochNanos.of(i, "i")).toArray();
      ModelWeights.Weighing weighing = ModelWeights.weigh(AttributionModel.timeDecay(), nanos, 4);
      BigInteger oldest = weighing.weight(0);
      assertThat(List.of(weighing.weight(1), weighing.weight(2), weighing.weight(3)))
          .containsExactly(oldest.shiftLeft(1), oldest.shiftLeft(2), oldest.shiftLeft(3));
      // The latest weighs one: 2^1074 units of 2^-1074.
      assertThat(weighing.weight(3)).isEqualTo(BigInteger.ONE.shiftLeft(1074));
    }

    @Test
    void shares_are1to2to4to8FifteenthsOfOne() {
      List<Rate> shares = AttributionModel.timeDecay(Duration.ofDays(7)).shares(clicks);
      assertThat(shares).isEqualTo(Rate.ONE.allocate(1, 2, 4, 8));
      // 1/15, 2/15, 4/15, 8/15 to 18 places; the two steps left over go to the largest remainders.
      assertThat(shares).extracting(Rate::toString).containsExactly("6.6666666666666667%",
          "13.3333333333333333%", "26.6666666666666667%", "53.3333333333333333%");
    }

    @Test
    void equalInstants_equalWeights_andOneTouch_allCredit() {
      Instant at = CONVERSION.minusSeconds(60);
      assertThat(AttributionModel.timeDecay().shares(List.of(at, at)))
          .extracting(Rate::toString).containsExactly("50%", "50%");
      assertThat(AttributionModel.timeDecay().shares(List.of(at))).containsExactly(Rate.ONE);
    }

    @Test
    void halfAHalfLife_isTheSquareRootOfTwo() {
      List<Rate> shares = AttributionModel.timeDecay(Duration.ofDays(2))
          .shares(List.of(CONVERSION.minus(Duration.ofDays(1)), CONVERSION));
      // 1/(1 + sqrt 2) = 0.41421356...
      assertThat(shares.get(0).toFraction().doubleValue()).isCloseTo(0.41421356237, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void oneAndAHalfHalfLives_isOneOverTwoRootTwo() {
      List<Rate> shares = AttributionModel.timeDecay(Duration.ofDays(2))
          .shares(List.of(CONVERSION.minus(Duration.ofDays(3)), CONVERSION));
      // The weights are 2^-1.5 and 1, so the older share is 1/(1 + 2 sqrt 2) = 0.26120387...
      assertThat(shares.get(0).toFraction().doubleValue())
          .isCloseTo(0.2612038749, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void touchesCenturiesApart_giveTheOldOneNothing_insteadOfOverflowing() {
      // 1900 to 2262 is more than 2^63 nanoseconds: the distance is read as unsigned.
      List<Rate> shares = AttributionModel.timeDecay().shares(List.of(
          Instant.parse("1900-01-01T00:00:00Z"), Instant.parse("2262-01-01T00:00:00Z")));
      assertThat(shares).containsExactly(Rate.ZERO, Rate.ONE);
    }

    @Test
    void defaultHalfLife_isSevenDays() {
      assertThat(AttributionModel.timeDecay()).isEqualTo(AttributionModel.timeDecay(Duration.ofDays(7)));
      assertThat(AttributionModel.timeDecay()).hasToString("timeDecay(PT168H)");
    }
  }

  @Nested
  class Positional {

    @Test
    void positionBased_publishedRules() {
      assertThat(shares(AttributionModel.positionBased(), 1)).containsExactly("100%");
      assertThat(shares(AttributionModel.positionBased(), 2)).containsExactly("50%", "50%");
      assertThat(shares(AttributionModel.positionBased(), 3)).containsExactly("40%", "20%", "40%");
      assertThat(shares(AttributionModel.positionBased(), 4)).containsExactly("40%", "10%", "10%", "40%");
      assertThat(shares(AttributionModel.positionBased(), 5)).containsExactly("40%",
          "6.6666666666666667%", "6.6666666666666667%", "6.6666666666666666%", "40%");
    }

    @Test
    void jShaped_publishedRules() {
      assertThat(shares(AttributionModel.jShaped(), 1)).containsExactly("100%");
      assertThat(shares(AttributionModel.jShaped(), 2)).containsExactly("25%", "75%");
      assertThat(shares(AttributionModel.jShaped(), 3)).containsExactly("20%", "20%", "60%");
      assertThat(shares(AttributionModel.jShaped(), 4)).containsExactly("20%", "10%", "10%", "60%");
    }

    @Test
    void inverseJShaped_publishedRules() {
      assertThat(shares(AttributionModel.inverseJShaped(), 1)).containsExactly("100%");
      assertThat(shares(AttributionModel.inverseJShaped(), 2)).containsExactly("75%", "25%");
      assertThat(shares(AttributionModel.inverseJShaped(), 3)).containsExactly("60%", "20%", "20%");
    }

    @Test
    void custom_normalisesTheWeights_andIgnoresTheMiddleForTwoTouches() {
      AttributionModel model = AttributionModel.custom(30, 10, 60);
      assertThat(shares(model, 4)).containsExactly("30%", "5%", "5%", "60%");
      assertThat(shares(model, 2)).containsExactly("33.3333333333333333%", "66.6666666666666667%");
      assertThat(shares(AttributionModel.custom(3, 1, 6), 4)).containsExactly("30%", "5%", "5%", "60%");
      assertThat(shares(AttributionModel.custom(1, 0, 0), 3)).containsExactly("100%", "0%", "0%");
    }

    @Test
    void custom_badWeights_nameTheWeight() {
      assertThatThrownBy(() -> AttributionModel.custom(-1, 0, 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("positional model first weight must be within [0, 1000000]: -1");
      assertThatThrownBy(() -> AttributionModel.custom(0, 5, 0))
          .hasMessage("positional model must give the first or the last touch a weight: 0/5/0");
      assertThatThrownBy(() -> AttributionModel.custom(1, 1_000_001, 1))
          .hasMessage("positional model middle weight must be within [0, 1000000]: 1000001");
      assertThatThrownBy(() -> AttributionModel.custom(5, 0, -1))
          .hasMessage("positional model last weight must be within [0, 1000000]: -1");
      assertThatThrownBy(() -> AttributionModel.custom(5, 0, 1_000_001))
          .hasMessage("positional model last weight must be within [0, 1000000]: 1000001");
      assertThatThrownBy(() -> AttributionModel.custom(1_000_001, 0, 5))
          .hasMessage("positional model first weight must be within [0, 1000000]: 1000001");
    }

    @Test
    void custom_weightsOfAMillion_areAccepted() {
      AttributionModel model = AttributionModel.custom(1_000_000, 1_000_000, 1_000_000);
      assertThat(shares(model, 2)).containsExactly("50%", "50%");
      assertThat(model).hasToString("custom(1000000/1000000/1000000)");
    }

    @Test
    void toString_namesTheStockModels() {
      assertThat(AttributionModel.positionBased()).hasToString("positionBased(40/20/40)");
      assertThat(AttributionModel.jShaped()).hasToString("jShaped(20/20/60)");
      assertThat(AttributionModel.inverseJShaped()).hasToString("inverseJShaped(60/20/20)");
      assertThat(AttributionModel.custom(40, 20, 40)).isEqualTo(AttributionModel.positionBased());
      assertThat(AttributionModel.custom(1, 2, 3)).hasToString("custom(1/2/3)");
    }
  }

  @Nested
  class SplitWithBonuses {

    private final AttributionModel model =
        AttributionModel.splitWithBonuses(Rate.parse("10%"), Rate.parse("20%"));

    @Test
    void equalSplitOfTheRest_plusTheBonuses() {
      assertThat(shares(model, 1)).containsExactly("100%");
      assertThat(shares(model, 2)).containsExactly("45%", "55%");
      assertThat(shares(model, 3)).containsExactly(
          "33.3333333333333333%", "23.3333333333333333%", "43.3333333333333334%");
      assertThat(shares(model, 4)).containsExactly("27.5%", "17.5%", "17.5%", "37.5%");
    }

    /**
     * Regression: bonuses of a third to 18 digits, whose exact weights for ten touches overflow a
     * long, rounded each touch's share and gave the spare steps to the earliest touches.
     */
    @Test
    void bonusesOfManyDigits_manyTouches_roundEachExactShareAsRateAllocateDoes() {
      Rate third = Rate.of(new java.math.BigDecimal("0.333333333333333333"));
      AttributionModel thirds = AttributionModel.splitWithBonuses(third, third);

      // 0.0333333333333333334 for each touch, plus a third for the first and the last: the four
      // steps left over go to the larger weights, the first and the last, then the earliest.
      assertThat(shares(thirds, 10)).containsExactly("36.6666666666666667%",
          "3.3333333333333334%", "3.3333333333333334%", "3.3333333333333333%",
          "3.3333333333333333%", "3.3333333333333333%", "3.3333333333333333%",
          "3.3333333333333333%", "3.3333333333333333%", "36.6666666666666667%");
    }

    @Test
    void bonusesOfOneHundredPercent_leaveNothingForTheMiddle() {
      AttributionModel all = AttributionModel.splitWithBonuses(Rate.parse("50%"), Rate.parse("50%"));
      assertThat(shares(all, 3)).containsExactly("50%", "0%", "50%");
    }

    @Test
    void bonusesAboveOneHundredPercent_areRejected() {
      assertThatThrownBy(() -> AttributionModel.splitWithBonuses(Rate.parse("60%"), Rate.parse("50%")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("split bonuses must add up to at most 100%: 60% + 50%");
    }

    @Test
    void toString_showsTheBonuses() {
      assertThat(model).hasToString("splitWithBonuses(10%, 20%)");
    }
  }

  @Test
  void shares_badInput() {
    assertThatThrownBy(() -> AttributionModel.linear().shares(List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("instants must not be empty");
    assertThatThrownBy(() -> AttributionModel.linear().shares(List.of(CONVERSION, CONVERSION.minusNanos(1))))
        .hasMessage("instants must be in chronological order: 2026-03-31T11:59:59.999999999Z after "
            + "2026-03-31T12:00:00Z");
  }

  @Test
  void timeDecay_badHalfLife() {
    assertThatThrownBy(() -> AttributionModel.timeDecay(Duration.ZERO))
        .hasMessage("time decay halfLife must be positive: PT0S");
    assertThatThrownBy(() -> AttributionModel.timeDecay(Duration.ofSeconds(-1)))
        .hasMessage("time decay halfLife must be positive: PT-1S");
    assertThatThrownBy(() -> AttributionModel.timeDecay(AttributionWindow.MAX_LOOKBACK.plusNanos(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("time decay halfLife must be at most PT876000H: PT876000H0.000000001S");
    assertThat(AttributionModel.timeDecay(AttributionWindow.MAX_LOOKBACK))
        .hasToString("timeDecay(PT876000H)");
  }

  @Test
  void toString_namesTheSingleTouchAndLinearModels() {
    assertThat(AttributionModel.lastTouch()).hasToString("lastTouch");
    assertThat(AttributionModel.firstTouch()).hasToString("firstTouch");
    assertThat(AttributionModel.linear()).hasToString("linear");
  }

  @Test
  void equalsAndHashCode() {
    new EqualsTester()
        .addEqualityGroup(AttributionModel.lastTouch(), new AttributionModel.LastTouch())
        .addEqualityGroup(AttributionModel.firstTouch())
        .addEqualityGroup(AttributionModel.linear())
        .addEqualityGroup(AttributionModel.timeDecay(), AttributionModel.timeDecay(Duration.ofHours(168)))
        .addEqualityGroup(AttributionModel.timeDecay(Duration.ofDays(1)))
        .addEqualityGroup(AttributionModel.positionBased(), AttributionModel.custom(40, 20, 40))
        .addEqualityGroup(AttributionModel.jShaped())
        .addEqualityGroup(AttributionModel.splitWithBonuses(Rate.ZERO, Rate.ZERO))
        .testEquals();
  }

  @Test
  void shares_nullInstant_isNamedByItsIndex() {
    List<Instant> instants = touches(3);
    instants.set(1, null);
    assertThatThrownBy(() -> AttributionModel.linear().shares(instants))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("instants contains null at index 1");
  }

  @Test
  void nulls_areRejected() {
    NullPointerTester tester = new NullPointerTester().setDefault(Duration.class, Duration.ofDays(1))
        .setDefault(Rate.class, Rate.ZERO);
    tester.testAllPublicStaticMethods(AttributionModel.class);
    tester.testAllPublicInstanceMethods(AttributionModel.linear());
    tester.testAllPublicConstructors(AttributionModel.TimeDecay.class);
    tester.testAllPublicConstructors(AttributionModel.SplitWithBonuses.class);
  }
}
