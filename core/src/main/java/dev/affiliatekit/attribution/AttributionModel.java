package dev.affiliatekit.attribution;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.affiliatekit.money.Rate;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * How the credit for a conversion is divided among its eligible touchpoints.
 *
 * <p>A model gives each eligible touch, in {@linkplain Touchpoint#CHRONOLOGICAL chronological
 * order}, an integer weight, and an affiliate weighs the sum of its touches' weights; the shares
 * are the affiliates' weights divided by their sum, computed exactly by {@link
 * Rate#allocate(long...)} so that they add up to exactly 100%, and the money credited is divided
 * with the same weights by {@link dev.affiliatekit.money.Money#allocate(long...)}, not by the
 * shares rounded to 10<sup>-18</sup>, so that equal weights get equal amounts (or amounts one
 * minor unit apart) at every total. An affiliate whose weight is too small for a share of one
 * step of 10<sup>-18</sup> is not credited, and its weight counts as zero for the money too. The
 * models and their one- and two-touch rules follow the published definitions of Google Ads (<a
 * href="https://developers.google.com/google-ads/api/reference/rpc/latest/AttributionModelEnum.AttributionModel">AttributionModelEnum</a>)
 * and Adobe Analytics (<a
 * href="https://experienceleague.adobe.com/en/docs/analytics/analyze/analysis-workspace/attribution/models">attribution
 * models</a>):
 *
 * <table class="striped">
 * <caption>Models and their shares for 1, 2 and n &ge; 3 touches</caption>
 * <thead><tr><th>model</th><th>1 touch</th><th>2 touches</th><th>n &ge; 3 touches</th></tr></thead>
 * <tbody>
 * <tr><td>{@link #lastTouch()} (the default)</td><td>100%</td><td>0, 100%</td><td>all to the last</td></tr>
 * <tr><td>{@link #firstTouch()}</td><td>100%</td><td>100%, 0</td><td>all to the first</td></tr>
 * <tr><td>{@link #linear()}</td><td>100%</td><td>50%, 50%</td><td>1/n each</td></tr>
 * <tr><td>{@link #timeDecay(Duration)}</td><td>100%</td><td colspan="2">weight 2<sup>-&Delta;/half-life</sup>,
 *     &Delta; = time before the latest touch</td></tr>
 * <tr><td>{@link #positionBased()} (U-shaped)</td><td>100%</td><td>50%, 50%</td><td>40%, 20% shared by the middle, 40%</td></tr>
 * <tr><td>{@link #jShaped()}</td><td>100%</td><td>25%, 75%</td><td>20%, 20% shared by the middle, 60%</td></tr>
 * <tr><td>{@link #inverseJShaped()}</td><td>100%</td><td>75%, 25%</td><td>60%, 20% shared by the middle, 20%</td></tr>
 * <tr><td>{@link #custom(int, int, int) custom(f, m, l)}</td><td>100%</td><td>f : l</td><td>f : m shared by the middle : l</td></tr>
 * <tr><td>{@link #splitWithBonuses(Rate, Rate) splitWithBonuses(b<sub>f</sub>, b<sub>l</sub>)}</td><td>100%</td>
 *     <td colspan="2">(1 - b<sub>f</sub> - b<sub>l</sub>) / n each, plus b<sub>f</sub> to the first and b<sub>l</sub> to the last</td></tr>
 * </tbody>
 * </table>
 *
 * <p>With two touches, the positional models ignore the middle weight and normalise the first and
 * last weights to 100%, as Adobe defines it; so 40/20/40 becomes 50/50 and 20/20/60 becomes 25/75.
 * Shares of the same affiliate are added up into one credit.
 *
 * <p>Instances are immutable and thread-safe.
 */
public sealed interface AttributionModel {

  /**
   * Returns the model that gives all credit to the last eligible touch.
   *
   * <p>For example, clicks of Anna, then Ben, then Carla give Carla 100%.
   *
   * @return the last-touch model
   */
  static AttributionModel lastTouch() {
    return LastTouch.INSTANCE;
  }

  /**
   * Returns the model that gives all credit to the first eligible touch.
   *
   * <p>For example, clicks of Anna, then Ben, then Carla give Anna 100%.
   *
   * @return the first-touch model
   */
  static AttributionModel firstTouch() {
    return FirstTouch.INSTANCE;
  }

  /**
   * Returns the model that shares the credit equally among the eligible touches.
   *
   * <p>For example, clicks of Anna, Ben and Carla give each a third: {@code 33.3333333333333334%,
   * 33.3333333333333333%, 33.3333333333333333%}, which add up to exactly 100%.
   *
   * @return the linear model
   */
  static AttributionModel linear() {
    return Linear.INSTANCE;
  }

  /**
   * Returns the time-decay model with the default half-life of 7 days, as in Google Ads.
   *
   * @return the time-decay model
   */
  static AttributionModel timeDecay() {
    return TimeDecay.DEFAULT;
  }

  /**
   * Returns the model in which a touch's weight halves for every half-life it lies before the
   * latest eligible touch: the weight of a touch {@code Δ} before it is {@code 2^(-Δ / halfLife)}.
   * Measuring from the latest touch rather than from the conversion gives the same shares, since
   * the shares are ratios. A weight is an exact power of two for whole half-lives, and that
   * power times a double of {@link StrictMath#pow} for the part of a half-life beyond them;
   * credits and shares are computed from the weights exactly. Shares are steps of
   * 10<sup>-18</sup>, so an affiliate whose touches all lie more than about 60 half-lives before
   * the latest is not credited (see the class docs), though each such touch still adds its weight
   * to its affiliate's and is listed among the touches of a credit that the affiliate's later
   * touches earn. A touch more than 1,074 half-lives older than the latest weighs nothing, its
   * weight being below the smallest double, so it is neither credited nor listed among a credit's
   * touches.
   *
   * <p>For example, with a half-life of 7 days, clicks 22, 15, 8 and 1 days before a conversion
   * have weights in the ratio 1 : 2 : 4 : 8, so shares of 1/15, 2/15, 4/15 and 8/15.
   *
   * @param halfLife positive, at most {@link AttributionWindow#MAX_LOOKBACK}
   * @return the time-decay model
   * @throws IllegalArgumentException if the half-life is not positive or too long
   */
  static AttributionModel timeDecay(Duration halfLife) {
    return new TimeDecay(halfLife);
  }

  /**
   * Returns the position-based (U-shaped) model: 40% to the first touch, 40% to the last, and 20%
   * shared equally by the touches between; 50% each for two touches.
   *
   * <p>For example, clicks of Anna, Ben, Carla and Dan give 40%, 10%, 10% and 40%.
   *
   * @return the position-based model
   */
  static AttributionModel positionBased() {
    return Positional.U_SHAPED;
  }

  /**
   * Returns the J-shaped model: 60% to the last touch, 20% to the first, and 20% shared by the
   * touches between; 25% to the first and 75% to the last for two touches.
   *
   * @return the J-shaped model
   */
  static AttributionModel jShaped() {
    return Positional.J_SHAPED;
  }

  /**
   * Returns the inverse J-shaped model: 60% to the first touch, 20% to the last, and 20% shared by
   * the touches between; 75% to the first and 25% to the last for two touches.
   *
   * @return the inverse J-shaped model
   */
  static AttributionModel inverseJShaped() {
    return Positional.INVERSE_J_SHAPED;
  }

  /**
   * Returns a positional model with custom weights for the first touch, the touches between
   * (together) and the last touch. The weights are normalised, so they need not add up to 100; with
   * two touches the middle weight is ignored.
   *
   * <p>For example, {@code custom(30, 10, 60)} gives 30%, 5%, 5% and 60% for four touches, and
   * {@code 33.3333333333333333%} and {@code 66.6666666666666667%} for two.
   *
   * @param first the weight of the first touch, from 0 to 1,000,000
   * @param middle the weight of the touches between, together, from 0 to 1,000,000
   * @param last the weight of the last touch, from 0 to 1,000,000
   * @return the model
   * @throws IllegalArgumentException if a weight is out of range, or first and last are both zero
   */
  static AttributionModel custom(int first, int middle, int last) {
    return new Positional(first, middle, last);
  }

  /**
   * Returns the split-commission model: the credit not reserved for bonuses is shared equally by
   * all eligible touches, and the first and the last touch earn their bonus on top. One touch gets
   * 100%.
   *
   * <p>For example, {@code splitWithBonuses(10%, 20%)} gives three touches 33.33…%, 23.33…% and
   * 43.33…% (70% / 3 each, plus 10% and 20%), and two touches 45% and 55%.
   *
   * @param firstBonus the bonus of the first touch
   * @param lastBonus the bonus of the last touch
   * @return the model
   * @throws IllegalArgumentException if the bonuses add up to more than 100%
   */
  static AttributionModel splitWithBonuses(Rate firstBonus, Rate lastBonus) {
    return new SplitWithBonuses(firstBonus, lastBonus);
  }

  /**
   * Returns the shares this model gives touches at the given instants.
   *
   * <p>For example, {@code positionBased().shares(List.of(t1, t2, t3))} is {@code [40%, 20%, 40%]}.
   *
   * @param instants the instants of the eligible touches, at least one, in chronological order
   * @return one share per touch, adding up to exactly 100%
   * @throws IllegalArgumentException if there are no instants or they are out of order or range
   */
  default List<Rate> shares(List<Instant> instants) {
    checkNotNull(instants, "instants");
    checkArgument(!instants.isEmpty(), "instants must not be empty");
    long[] nanos = new long[instants.size()];
    for (int i = 0; i < nanos.length; i++) {
      nanos[i] = EpochNanos.of(
          checkNotNull(instants.get(i), "instants contains null at index %s", i), "instant");
      if (i > 0 && nanos[i] < nanos[i - 1]) {
        throw new IllegalArgumentException("instants must be in chronological order: "
            + instants.get(i) + " after " + instants.get(i - 1));
      }
    }
    return ModelWeights.weigh(this, nanos, nanos.length).shares();
  }

  /**
   * All credit to the last eligible touch.
   *
   * <p>Instances are immutable and thread-safe.
   */
  record LastTouch() implements AttributionModel {
    static final LastTouch INSTANCE = new LastTouch();

    /** {@return {@code lastTouch}} */
    @Override
    public String toString() {
      return "lastTouch";
    }
  }

  /**
   * All credit to the first eligible touch.
   *
   * <p>Instances are immutable and thread-safe.
   */
  record FirstTouch() implements AttributionModel {
    static final FirstTouch INSTANCE = new FirstTouch();

    /** {@return {@code firstTouch}} */
    @Override
    public String toString() {
      return "firstTouch";
    }
  }

  /**
   * Equal credit for every eligible touch.
   *
   * <p>Instances are immutable and thread-safe.
   */
  record Linear() implements AttributionModel {
    static final Linear INSTANCE = new Linear();

    /** {@return {@code linear}} */
    @Override
    public String toString() {
      return "linear";
    }
  }

  /**
   * Credit halving for every half-life a touch lies before the latest eligible touch.
   *
   * <p>Instances are immutable and thread-safe.
   *
   * @param halfLife the half-life, positive and at most {@link AttributionWindow#MAX_LOOKBACK}
   */
  record TimeDecay(Duration halfLife) implements AttributionModel {
    static final TimeDecay DEFAULT = new TimeDecay(Duration.ofDays(7));

    /**
     * Validates the half-life.
     *

     * @param halfLife the half-life, positive and at most {@link AttributionWindow#MAX_LOOKBACK}
     * @throws IllegalArgumentException if it is not positive or too long
     */
    public TimeDecay {
      checkNotNull(halfLife, "halfLife");
      checkArgument(!halfLife.isNegative() && !halfLife.isZero(),
          "time decay halfLife must be positive: %s", halfLife);
      checkArgument(halfLife.compareTo(AttributionWindow.MAX_LOOKBACK) <= 0,
          "time decay halfLife must be at most %s: %s", AttributionWindow.MAX_LOOKBACK, halfLife);
    }

    /** {@return {@code timeDecay(halfLife)}, such as {@code timeDecay(PT168H)}} */
    @Override
    public String toString() {
      return "timeDecay(" + halfLife + ")";
    }
  }

  /**
   * Weights for the first touch, the touches between (together) and the last touch: the
   * position-based, J-shaped, inverse J-shaped and custom models.
   *
   * <p>Instances are immutable and thread-safe.
   *
   * @param first the weight of the first touch, from 0 to 1,000,000
   * @param middle the weight of the touches between, together, from 0 to 1,000,000
   * @param last the weight of the last touch, from 0 to 1,000,000
   */
  record Positional(int first, int middle, int last) implements AttributionModel {
    /** The largest weight of each of the three parts: 1,000,000. */
    public static final int MAX_WEIGHT = 1_000_000;
    static final Positional U_SHAPED = new Positional(40, 20, 40);
    static final Positional J_SHAPED = new Positional(20, 20, 60);
    static final Positional INVERSE_J_SHAPED = new Positional(60, 20, 20);

    /**
     * Validates the weights.
     *
     * @param first the weight of the first touch, from 0 to 1,000,000
     * @param middle the weight of the touches between, together, from 0 to 1,000,000
     * @param last the weight of the last touch, from 0 to 1,000,000
     * @throws IllegalArgumentException if a weight is outside [0, 1,000,000], or first and last
     *     are both zero
     */
    public Positional {
      checkWeight(first, "first");
      checkWeight(middle, "middle");
      checkWeight(last, "last");
      checkArgument(first + last > 0,
          "positional model must give the first or the last touch a weight: %s/%s/%s", first,
          middle, last);
    }

    private static void checkWeight(int weight, String name) {
      checkArgument(weight >= 0 && weight <= MAX_WEIGHT,
          "positional model %s weight must be within [0, %s]: %s", name, MAX_WEIGHT, weight);
    }

    /**
     * {@return the name and weights, such as {@code positionBased(40/20/40)} or {@code
     * custom(30/10/60)}}
     */
    @Override
    public String toString() {
      String name = equals(U_SHAPED) ? "positionBased" : equals(J_SHAPED) ? "jShaped"
          : equals(INVERSE_J_SHAPED) ? "inverseJShaped" : "custom";
      return name + "(" + first + "/" + middle + "/" + last + ")";
    }
  }

  /**
   * An equal split of the credit not reserved for bonuses, plus a bonus for the first and the last
   * touch.
   *
   * <p>Instances are immutable and thread-safe.
   *
   * @param firstBonus the bonus of the first touch
   * @param lastBonus the bonus of the last touch
   */
  record SplitWithBonuses(Rate firstBonus, Rate lastBonus) implements AttributionModel {

    /**
     * Validates the bonuses.
     *
     * @param firstBonus the bonus of the first touch
     * @param lastBonus the bonus of the last touch
     * @throws IllegalArgumentException if they add up to more than 100%
     */
    public SplitWithBonuses {
      checkNotNull(firstBonus, "firstBonus");
      checkNotNull(lastBonus, "lastBonus");
      checkArgument(
          firstBonus.toFraction().add(lastBonus.toFraction()).compareTo(BigDecimal.ONE) <= 0,
          "split bonuses must add up to at most 100%: %s + %s",
          firstBonus,
          lastBonus);
    }

    /** {@return the name and bonuses, such as {@code splitWithBonuses(10%, 20%)}} */
    @Override
    public String toString() {
      return "splitWithBonuses(" + firstBonus + ", " + lastBonus + ")";
    }
  }
}
