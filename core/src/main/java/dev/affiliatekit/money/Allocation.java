package dev.affiliatekit.money;

import static com.google.common.base.Preconditions.checkArgument;

import java.math.BigInteger;
import com.google.common.primitives.Longs;
import java.util.Arrays;
import java.util.List;

/**
 * The largest-remainder method on minor units, shared by {@link Money#allocate(long...)}, {@link
 * Money#prorate(java.util.List)} and {@link Rate#allocate(long...)}; {@link Money#split(int)}
 * gives the same parts by division.
 */
final class Allocation {

  /** Up to this many leftover units, a linear scan per unit beats sorting. */
  private static final int SCAN_LIMIT = 8;
  /** How many weights a message shows before cutting the list short. */
  private static final int SHOWN_WEIGHTS = 8;

  private Allocation() {}

  static boolean hasPositive(long[] weights) {
    for (long weight : weights) {
      if (weight > 0) {
        return true;
      }
    }
    return false;
  }

  /** {@return the first of the items as a list, and how many there are if that is not all} */
  static String shown(List<?> items, String noun) {
    if (items.size() <= SHOWN_WEIGHTS) {
      return items.toString();
    }
    String first = items.subList(0, SHOWN_WEIGHTS).toString();
    return first.substring(0, first.length() - 1) + ", ...] (" + items.size() + " " + noun + ")";
  }

  private static String shown(long[] weights) {
    return shown(Longs.asList(weights), "weights");
  }

  /** Allocates {@code total} by the weights; the caller must not change them meanwhile. */
  static long[] allocate(long total, long[] weights) {
    checkArgument(weights.length > 0, "weights must not be empty");
    long weightSum = 0;
    // Every weight is checked for its sign before the sum for its range.
    boolean overflow = false;
    for (int i = 0; i < weights.length; i++) {
      checkArgument(weights[i] >= 0, "weights[%s] must not be negative: %s", i, weights[i]);
      weightSum += weights[i];
      overflow |= weightSum < 0;
    }
    if (overflow) {
      throw new ArithmeticException("weights must add up to at most " + Long.MAX_VALUE + ": "
          + shown(weights));
    }
    if (weightSum == 0) {
      throw new IllegalArgumentException("weights must not all be zero: " + shown(weights));
    }
    if (total == Long.MIN_VALUE) {
      return allocateBig(total, weights, weightSum);
    }
    long magnitude = Math.abs(total);
    long sign = total < 0 ? -1 : 1;
    long[] quotients = new long[weights.length];
    long[] remainders = new long[weights.length];
    long leftover = magnitude;
    for (int i = 0; i < weights.length; i++) {
      long high = Math.multiplyHigh(magnitude, weights[i]);
      long low = magnitude * weights[i];
      if (high == 0 && low >= 0) {
        quotients[i] = low / weightSum;
        remainders[i] = low % weightSum;
      } else {
        BigInteger[] division =
            BigInteger.valueOf(magnitude)
                .multiply(BigInteger.valueOf(weights[i]))
                .divideAndRemainder(BigInteger.valueOf(weightSum));
        quotients[i] = division[0].longValueExact();
        remainders[i] = division[1].longValueExact();
      }
      leftover -= quotients[i];
    }
    distribute(quotients, remainders, weights, leftover);
    for (int i = 0; i < quotients.length; i++) {
      quotients[i] *= sign;
    }
    return quotients;
  }

  /** Gives one unit each to the {@code leftover} parts that rank first in the documented order. */
  private static void distribute(
      long[] quotients, long[] remainders, long[] weights, long leftover) {
    assert leftover >= 0 && leftover < quotients.length : "bug: leftover " + leftover;
    if (leftover <= SCAN_LIMIT) {
      for (long given = 0; given < leftover; given++) {
        int best = -1;
        for (int i = 0; i < quotients.length; i++) {
          if (remainders[i] > 0 && (best < 0 || ranksBefore(i, best, remainders, weights))) {
            best = i;
          }
        }
        quotients[best]++;
        remainders[best] = 0;
      }
      return;
    }
    Integer[] order = new Integer[quotients.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (i, j) -> i.equals(j) ? 0 : ranksBefore(i, j, remainders, weights) ? -1 : 1);
    for (int rank = 0; rank < leftover; rank++) {
      quotients[order[rank]]++;
    }
  }

  private static boolean ranksBefore(int i, int j, long[] remainders, long[] weights) {
    if (remainders[i] != remainders[j]) {
      return remainders[i] > remainders[j];
    }
    if (weights[i] != weights[j]) {
      return weights[i] > weights[j];
    }
    return i < j;
  }

  /** Allocates {@code Long.MIN_VALUE}, whose magnitude does not fit in a {@code long}. */
  private static long[] allocateBig(long total, long[] weights, long weightSum) {
    BigInteger magnitude = BigInteger.valueOf(total).negate();
    BigInteger divisor = BigInteger.valueOf(weightSum);
    long[] quotients = new long[weights.length];
    long[] remainders = new long[weights.length];
    BigInteger leftover = magnitude;
    BigInteger[] bigQuotients = new BigInteger[weights.length];
    for (int i = 0; i < weights.length; i++) {
      BigInteger[] division = magnitude.multiply(BigInteger.valueOf(weights[i]))
          .divideAndRemainder(divisor);
      bigQuotients[i] = division[0];
      remainders[i] = division[1].longValueExact();
      leftover = leftover.subtract(division[0]);
    }
    long[] extra = new long[weights.length];
    distribute(extra, remainders, weights, leftover.longValueExact());
    for (int i = 0; i < weights.length; i++) {
      quotients[i] = bigQuotients[i].add(BigInteger.valueOf(extra[i])).negate().longValueExact();
    }
    return quotients;
  }
}
