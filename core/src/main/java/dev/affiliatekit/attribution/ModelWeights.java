package dev.affiliatekit.attribution;

import dev.affiliatekit.attribution.AttributionModel.FirstTouch;
import dev.affiliatekit.attribution.AttributionModel.LastTouch;
import dev.affiliatekit.attribution.AttributionModel.Linear;
import dev.affiliatekit.attribution.AttributionModel.Positional;
import dev.affiliatekit.attribution.AttributionModel.SplitWithBonuses;
import dev.affiliatekit.attribution.AttributionModel.TimeDecay;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The integer weights of each model, the one place where the models' arithmetic lives. Weights
 * are non-negative, not all zero, and add up to at most {@code Long.MAX_VALUE}.
 */
final class ModelWeights {

  /** Rate steps in one: shares are multiples of 10^-18. */
  private static final long RATE_STEPS = 1_000_000_000_000_000_000L;

  private ModelWeights() {}

  /** Weighs {@code count >= 1} touches at the given chronological instants. */
  static Weighing weigh(AttributionModel model, long[] nanos, int count) {
    if (count > 1 && model instanceof TimeDecay decay) {
      return timeDecay(decay.halfLife().toNanos(), nanos, count);
    }
    if (count > 1 && model instanceof SplitWithBonuses split) {
      return split(split, count);
    }
    long[] weights = new long[count];
    if (count == 1) {
      weights[0] = 1;
    } else if (model instanceof LastTouch) {
      weights[count - 1] = 1;
    } else if (model instanceof FirstTouch) {
      weights[0] = 1;
    } else if (model instanceof Linear) {
      Arrays.fill(weights, 1);
    } else if (model instanceof Positional positional) {
      positional(positional, count, weights);
    } else {
      throw new AssertionError("bug: unknown model " + model);
    }
    return new Weighing(weights);
  }

  /**
   * The weights of a model's touches, and how they divide the credit among groups of touches: the
   * credits of an attribution, each of one affiliate's touches. A group weighs the sum of its
   * touches' weights. Where the touches' integer weights lose part of a group's exact weight,
   * the weighing keeps exact weights instead: time decay (whose weights are doubles, of any
   * magnitude) and a split whose exact integer weights would add up to more than a long. Exact
   * weights are divided as {@link Rate#allocate} and {@link Money#allocate} divide long ones.
   */
  static final class Weighing {
    /** Per touch, as longs; null where the weights are {@link #exact}. */
    private final long @Nullable [] touches;
    /** Per touch, exact, where longs would not be; else null. */
    private final BigInteger @Nullable [] exact;

    Weighing(long[] touches) {
      this.touches = touches;
      this.exact = null;
    }

    Weighing(BigInteger[] exact) {
      this.touches = null;
      this.exact = exact;
    }

    /** {@return the weight of a touch} */
    BigInteger weight(int touch) {
      return exact != null ? exact[touch] : BigInteger.valueOf(touches(touch));
    }

    private long touches(int touch) {
      return Objects.requireNonNull(touches)[touch];
    }

    /** {@return whether the touch weighs anything, so that its affiliate's group counts it} */
    boolean counts(int touch) {
      return exact != null ? exact[touch].signum() > 0 : touches(touch) != 0;
    }

    /** {@return each touch's share, adding up to exactly one} */
    List<Rate> shares() {
      return exact != null ? Rate.ONE.allocate(largestRemainders(exact, RATE_STEPS))
          : Rate.ONE.allocate(Objects.requireNonNull(touches));
    }

    /**
     * Divides the credit and the total among groups of touches: a share of each, and of the
     * total a part by the groups' weights, where a group whose share rounds to zero gets nothing
     * (its credit is dropped). The touches of group {@code k} are those whose {@code groupOf} is
     * {@code k}; a touch of group -1 is in none.
     */
    Division divide(int[] groupOf, int groups, Money total) {
      if (exact == null) {
        long[] weights = new long[groups];
        for (int j = 0; j < groupOf.length; j++) {
          if (groupOf[j] >= 0) {
            weights[groupOf[j]] = Math.addExact(weights[groupOf[j]], touches(j));
          }
        }
        List<Rate> shares = Rate.ONE.allocate(weights);
        // The money is divided by the weights themselves, not by the rounded shares, which at
        // amounts near 10^18 minor units would part equal weights.
        for (int k = 0; k < groups; k++) {
          if (shares.get(k).isZero()) {
            weights[k] = 0;
          }
        }
        return new Division(shares, total.allocate(weights));
      }
      BigInteger[] weights = new BigInteger[groups];
      Arrays.fill(weights, BigInteger.ZERO);
      for (int j = 0; j < exact.length; j++) {
        if (groupOf[j] >= 0) {
          weights[groupOf[j]] = weights[groupOf[j]].add(exact[j]);
        }
      }
      List<Rate> shares = Rate.ONE.allocate(largestRemainders(weights, RATE_STEPS));
      for (int k = 0; k < groups; k++) {
        if (shares.get(k).isZero()) {
          weights[k] = BigInteger.ZERO;
        }
      }
      // A conversion's total is never negative.
      long[] parts = largestRemainders(weights, total.minorUnits());
      List<Money> amounts = new ArrayList<>(groups);
      for (long part : parts) {
        amounts.add(Money.ofMinor(part, total.currency()));
      }
      return new Division(shares, amounts);
    }
  }

  /** The shares of the credit and the parts of the total, one per group. */
  record Division(List<Rate> shares, List<Money> amounts) {}

  /**
   * Weighs each touch {@code 2^(-Δ/h)}, with Δ its distance to the latest touch: {@code 2^-q}
   * exactly for the whole half-lives q in it, times {@code 2^(-r/h)} for the rest r, a double of
   * StrictMath.pow. The weights are kept as exact integers in units of 2^-1074, the smallest
   * double; a touch more than 1,074 half-lives older than the latest weighs nothing.
   */
  private static Weighing timeDecay(long halfLifeNanos, long[] nanos, int count) {
    long latest = nanos[count - 1];
    BigInteger[] exact = new BigInteger[count];
    for (int i = 0; i < count; i++) {
      // Touches within the nanosecond range may lie more than 2^63 ns (292 years) apart: the
      // difference is exact as an unsigned long.
      long distance = latest - nanos[i];
      // Whole half-lives q and the rest r: the weight is 2^-q exactly times 2^(-r/h).
      long whole = Long.divideUnsigned(distance, halfLifeNanos);
      long rest = Long.remainderUnsigned(distance, halfLifeNanos);
      if (Long.compareUnsigned(whole, SMALLEST_EXPONENT) > 0
          || (whole == SMALLEST_EXPONENT && rest != 0)) {
        // Below 2^-1074, which rounding the double would give.
        exact[i] = BigInteger.ZERO;
      } else if (rest == 0) {
        exact[i] = BigInteger.ONE.shiftLeft(SMALLEST_EXPONENT - (int) whole);
      } else {
        double fraction = StrictMath.pow(2.0, -((double) rest / (double) halfLifeNanos));
        exact[i] = inSmallestUnits(StrictMath.scalb(fraction, -(int) whole));
      }
    }
    return new Weighing(exact);
  }

  /** The exponent of the smallest double, 2^-1074: time-decay weights count it. */
  private static final int SMALLEST_EXPONENT = 1074;

  /** {@return a double from 0 to 1 as an exact count of 2^-1074, the smallest double} */
  private static BigInteger inSmallestUnits(double value) {
    if (value == 0) {
      return BigInteger.ZERO;
    }
    long bits = Double.doubleToRawLongBits(value);
    int biased = (int) ((bits >>> 52) & 0x7ff);
    long significand = bits & ((1L << 52) - 1);
    // A normal double is (2^52 + significand) * 2^(biased - 1075); a subnormal one, whose
    // biased exponent is 0, is significand * 2^-1074.
    return biased == 0 ? BigInteger.valueOf(significand)
        : BigInteger.valueOf(significand | (1L << 52)).shiftLeft(biased - 1);
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
   * many digits, they are kept exact as BigIntegers.
   */
  private static Weighing split(SplitWithBonuses model, int count) {
    long firstBonus = steps(model.firstBonus());
    long lastBonus = steps(model.lastBonus());
    long rest = RATE_STEPS - firstBonus - lastBonus;
    long divisor = gcd(gcd(rest, firstBonus), lastBonus);
    if (RATE_STEPS / divisor <= Long.MAX_VALUE / count) {
      long[] weights = new long[count];
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
    return new Weighing(exact);
  }

  /**
   * Divides {@code units}, not negative, by exact weights, not all zero, as {@link
   * Money#allocate(long...)} divides by long ones: each part rounded down, and the units left
   * over to the largest remainders, the larger weight and then the earlier part first among
   * equal ones.
   */
  private static long[] largestRemainders(BigInteger[] weights, long units) {
    BigInteger total = BigInteger.ZERO;
    for (BigInteger weight : weights) {
      total = total.add(weight);
    }
    BigInteger whole = BigInteger.valueOf(units);
    long[] parts = new long[weights.length];
    BigInteger[] remainders = new BigInteger[weights.length];
    long left = units;
    for (int i = 0; i < weights.length; i++) {
      BigInteger[] division = weights[i].multiply(whole).divideAndRemainder(total);
      parts[i] = division[0].longValueExact();
      remainders[i] = division[1];
      left -= parts[i];
    }
    Integer[] order = new Integer[weights.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.<Integer, BigInteger>comparing(i -> remainders[i])
        .thenComparing(i -> weights[i]).reversed().thenComparing(i -> i));
    for (int i = 0; i < left; i++) {
      parts[order[i]]++;
    }
    return parts;
  }

  private static long gcd(long a, long b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  private static long steps(Rate rate) {
    return rate.toFraction().movePointRight(18).longValueExact();
  }
}
