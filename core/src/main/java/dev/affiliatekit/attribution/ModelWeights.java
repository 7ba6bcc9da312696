package dev.affiliatekit.attribution;

import dev.affiliatekit.attribution.AttributionModel.FirstTouch;
import dev.affiliatekit.attribution.AttributionModel.LastTouch;
import dev.affiliatekit.attribution.AttributionModel.Linear;
import dev.affiliatekit.attribution.AttributionModel.Positional;
import dev.affiliatekit.attribution.AttributionModel.SplitWithBonuses;
import dev.affiliatekit.attribution.AttributionModel.TimeDecay;
import dev.affiliatekit.money.Rate;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Comparator;

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
    return weigh(model, nanos, count).touches;
  }

  /** Weighs {@code count >= 1} touches at the given chronological instants. */
  static Weighing weigh(AttributionModel model, long[] nanos, int count) {
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
      return timeDecay(decay.halfLife().toNanos(), nanos, count, weights);
    } else if (model instanceof Positional positional) {
      positional(positional, count, weights);
    } else if (model instanceof SplitWithBonuses split) {
      return split(split, count, weights);
    } else {
      throw new AssertionError("bug: unknown model " + model);
    }
    return new Weighing(weights);
  }

  /**
   * The weights of a model's touches, and of groups of them: the credits of an attribution, each
   * of one affiliate's touches. A group weighs the sum of its touches' weights, except where the
   * touches' integer weights lose what the group's exact weight keeps:
   *
   * <ul>
   *   <li>time decay adds up its touches' weights before rounding, so that old touches, each
   *       rounding to zero, keep the share they add up to;
   *   <li>a split whose exact weights would add up to more than a long weighs a group by its
   *       exact share in steps of 10^-18, as {@link Rate#allocate} rounds exact weights.
   * </ul>
   */
  static class Weighing {
    /** Per touch. */
    final long[] touches;

    Weighing(long[] touches) {
      this.touches = touches;
    }

    /** {@return whether the touch weighs anything, so that its affiliate's group counts it} */
    boolean counts(int touch) {
      return touches[touch] != 0;
    }

    /**
     * {@return the weights of the groups} The touches of group {@code k} are those whose {@code
     * groupOf} is {@code k}; a touch of group -1 is in none.
     */
    long[] groups(int[] groupOf, int groups) {
      long[] sums = new long[groups];
      for (int j = 0; j < touches.length; j++) {
        if (groupOf[j] >= 0) {
          sums[groupOf[j]] = Math.addExact(sums[groupOf[j]], touches[j]);
        }
      }
      return sums;
    }
  }

  /**
   * Weighs each touch {@code 2^(-Δ/h)}, with Δ its distance to the latest touch, scaled by a
   * power of two so that the sum of the weights stays below 2^61: the largest the sum allows, so
   * that old touches keep as many digits as they can. Whole half-lives give exact powers of two:
   * StrictMath.pow is exact for them, and scaling by 2^e is exact. A group adds up its touches'
   * scaled weights before it rounds them.
   */
  private static Weighing timeDecay(long halfLifeNanos, long[] nanos, int count,
      long[] weights) {
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
    double[] scaled = new double[count];
    for (int i = 0; i < count; i++) {
      scaled[i] = StrictMath.scalb(unscaled[i], exponent);
      weights[i] = (long) StrictMath.rint(scaled[i]);
    }
    return new Weighing(weights) {
      @Override
      boolean counts(int touch) {
        return scaled[touch] > 0;
      }

      @Override
      long[] groups(int[] groupOf, int groups) {
        double[] sums = new double[groups];
        for (int j = 0; j < scaled.length; j++) {
          if (groupOf[j] >= 0) {
            sums[groupOf[j]] += scaled[j];
          }
        }
        long[] rounded = new long[groups];
        for (int k = 0; k < groups; k++) {
          rounded[k] = (long) StrictMath.rint(sums[k]);
        }
        return rounded;
      }
    };
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
   * share. If these weights would add up to more than a long, for many touches and bonuses of
   * many digits, each touch, and each group of touches, weighs its exact share in steps of
   * 10^-18, rounded as {@link Rate#allocate} rounds exact weights.
   */
  private static Weighing split(SplitWithBonuses model, int count, long[] weights) {
    long firstBonus = steps(model.firstBonus());
    long lastBonus = steps(model.lastBonus());
    long rest = RATE_STEPS - firstBonus - lastBonus;
    long divisor = gcd(gcd(rest, firstBonus), lastBonus);
    if (RATE_STEPS / divisor <= Long.MAX_VALUE / count) {
      Arrays.fill(weights, rest / divisor);
      weights[0] += count * (firstBonus / divisor);
      weights[count - 1] += count * (lastBonus / divisor);
      return new Weighing(weights);
    }
    BigInteger[] exact = new BigInteger[count];
    BigInteger n = BigInteger.valueOf(count);
    for (int i = 0; i < count; i++) {
      long bonus = (i == 0 ? firstBonus : 0) + (i == count - 1 ? lastBonus : 0);
      exact[i] = BigInteger.valueOf(rest).add(n.multiply(BigInteger.valueOf(bonus)));
    }
    System.arraycopy(inSteps(exact), 0, weights, 0, count);
    return new Weighing(weights) {
      @Override
      boolean counts(int touch) {
        return exact[touch].signum() > 0;
      }

      @Override
      long[] groups(int[] groupOf, int groups) {
        BigInteger[] sums = new BigInteger[groups];
        Arrays.fill(sums, BigInteger.ZERO);
        for (int j = 0; j < count; j++) {
          if (groupOf[j] >= 0) {
            sums[groupOf[j]] = sums[groupOf[j]].add(exact[j]);
          }
        }
        return inSteps(sums);
      }
    };
  }

  /**
   * Divides one into steps of 10^-18 by exact weights, not all zero, as {@link Rate#allocate}
   * does by long ones: each part rounded down, and the steps left over to the largest
   * remainders, the larger weight and then the earlier part first among equal ones.
   */
  private static long[] inSteps(BigInteger[] weights) {
    BigInteger total = BigInteger.ZERO;
    for (BigInteger weight : weights) {
      total = total.add(weight);
    }
    BigInteger one = BigInteger.valueOf(RATE_STEPS);
    long[] steps = new long[weights.length];
    BigInteger[] remainders = new BigInteger[weights.length];
    long left = RATE_STEPS;
    for (int i = 0; i < weights.length; i++) {
      BigInteger[] division = weights[i].multiply(one).divideAndRemainder(total);
      steps[i] = division[0].longValueExact();
      remainders[i] = division[1];
      left -= steps[i];
    }
    Integer[] order = new Integer[weights.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.<Integer, BigInteger>comparing(i -> remainders[i])
        .thenComparing(i -> weights[i]).reversed().thenComparing(i -> i));
    for (int i = 0; i < left; i++) {
      steps[order[i]]++;
    }
    return steps;
  }

  private static long gcd(long a, long b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  private static long steps(Rate rate) {
    return rate.toFraction().movePointRight(18).longValueExact();
  }
}
