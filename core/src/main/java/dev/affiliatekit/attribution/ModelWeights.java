package dev.affiliatekit.attribution;

import dev.affiliatekit.attribution.AttributionModel.FirstTouch;
import dev.affiliatekit.attribution.AttributionModel.LastTouch;
import dev.affiliatekit.attribution.AttributionModel.Linear;
import dev.affiliatekit.attribution.AttributionModel.Positional;
import dev.affiliatekit.attribution.AttributionModel.SplitWithBonuses;
import dev.affiliatekit.attribution.AttributionModel.TimeDecay;
import dev.affiliatekit.money.Rate;
import java.util.Arrays;

/**
 * The integer weights of each model, the one place where the models' arithmetic lives. Weights
 * are non-negative, not all zero, and add up to at most {@code Long.MAX_VALUE}.
 */
final class ModelWeights {

  /** Rate steps in one: shares are multiples of 10^-18. */
  private static final long RATE_STEPS = 1_000_000_000_000_000_000L;

  private ModelWeights() {}

  /** Returns the weights of {@code count >= 1} touches at the given chronological instants. */
  static long[] weights(AttributionModel model, long[] nanos, int count) {
    long[] weights = new long[count];
    if (count == 1) {
      weights[0] = 1;
    } else if (model instanceof LastTouch) {
      weights[count - 1] = 1;
    } else if (model instanceof FirstTouch) {
      weights[0] = 1;
    } else if (model instanceof Linear) {
      Arrays.fill(weights, 1);
    } else if (model instanceof TimeDecay decay) {
      timeDecay(decay.halfLife().toNanos(), nanos, count, weights);
    } else if (model instanceof Positional positional) {
      positional(positional, count, weights);
    } else if (model instanceof SplitWithBonuses split) {
      split(split, count, weights);
    } else {
      throw new AssertionError("bug: unknown model " + model);
    }
    return weights;
  }

  /**
   * Weighs each touch {@code 2^(-Δ/h)}, with Δ its distance to the latest touch, scaled by a
   * power of two so that the sum of the weights stays below 2^62: the largest the sum allows, so
   * that old touches keep as many digits as they can (touches that each round to zero could
   * otherwise add up to a share). Whole half-lives give exact powers of two: StrictMath.pow is
   * exact for them, and scaling by 2^e is exact.
   */
  private static void timeDecay(long halfLifeNanos, long[] nanos, int count, long[] weights) {
    long latest = nanos[count - 1];
    double[] unscaled = new double[count];
    double sum = 0;
    for (int i = 0; i < count; i++) {
      // Touches within the nanosecond range may lie more than 2^63 ns (292 years) apart: the
      // difference is exact as an unsigned long.
      long distance = latest - nanos[i];
      double exactOrHuge = distance >= 0 ? distance : StrictMath.scalb((double) (distance >>> 1), 1);
      double halfLives = exactOrHuge / (double) halfLifeNanos;
      unscaled[i] = StrictMath.pow(2.0, -halfLives);
      sum += unscaled[i];
    }
    // The latest touch weighs 1, so the sum is at least 1 and below 2^(e + 1) for its exponent
    // e: scaled by 2^(60 - e), it stays below 2^61, and rounding adds at most count / 2.
    int exponent = 60 - Math.getExponent(sum);
    for (int i = 0; i < count; i++) {
      weights[i] = (long) StrictMath.rint(StrictMath.scalb(unscaled[i], exponent));
    }
  }

  /**
   * First, middle and last weights. With n touches the first gets {@code f(n-2)}, each middle
   * touch {@code m} and the last {@code l(n-2)}, which are the shares f, m/(n-2) and l scaled by
   * {@code n-2}; with two, the middle weight is ignored.
   */
  private static void positional(Positional model, int count, long[] weights) {
    if (count == 2) {
      weights[0] = model.first();
      weights[1] = model.last();
      return;
    }
    long middles = count - 2L;
    weights[0] = model.first() * middles;
    weights[count - 1] = model.last() * middles;
    for (int i = 1; i < count - 1; i++) {
      weights[i] = model.middle();
    }
  }

  /**
   * The exact shares {@code rest/n} for every touch, plus the first bonus for the first and the
   * last bonus for the last, scaled by {@code n} and divided by the greatest common divisor of
   * the rest and the bonuses in rate steps (10^-18): {@code rest} for each touch, plus {@code n}
   * times a bonus. Equal shares so get equal weights, and an affiliate's weight is its exact
   * share. Only if these weights would add up to more than a long, for many touches and bonuses
   * of many digits, is the rest divided among the touches in whole steps instead, the earlier
   * touches taking the leftover steps as {@link Rate#allocate} does for equal weights.
   */
  private static void split(SplitWithBonuses model, int count, long[] weights) {
    long firstBonus = steps(model.firstBonus());
    long lastBonus = steps(model.lastBonus());
    long rest = RATE_STEPS - firstBonus - lastBonus;
    long divisor = gcd(gcd(rest, firstBonus), lastBonus);
    long unit = RATE_STEPS / divisor;
    if (unit <= Long.MAX_VALUE / count) {
      Arrays.fill(weights, rest / divisor);
      weights[0] += count * (firstBonus / divisor);
      weights[count - 1] += count * (lastBonus / divisor);
      return;
    }
    long base = rest / count;
    long leftover = rest - base * count;
    for (int i = 0; i < count; i++) {
      weights[i] = base + (i < leftover ? 1 : 0);
    }
    weights[0] += firstBonus;
    weights[count - 1] += lastBonus;
  }

  private static long gcd(long a, long b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  private static long steps(Rate rate) {
    return rate.toFraction().movePointRight(18).longValueExact();
  }
}
