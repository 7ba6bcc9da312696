package dev.affiliatekit.internal;

import java.math.BigInteger;

/**
 * The powers of ten that a {@code long} holds, and division by them with a multiplication: money
 * is rounded to its scale by dividing by a power of ten, and a hardware division costs several
 * times a multiplication. Not API.
 */
public final class PowersOfTen {

  /** The largest exponent whose power of ten fits in a {@code long}. */
  public static final int MAX_EXPONENT = 18;

  private static final long[] POWERS = new long[MAX_EXPONENT + 1];
  /** {@code floor(2^64 / 10^i)}; 0 for {@code i = 0}, which needs no division. */
  private static final long[] RECIPROCALS = new long[MAX_EXPONENT + 1];

  static {
    long power = 1;
    for (int i = 0; i <= MAX_EXPONENT; i++) {
      POWERS[i] = power;
      if (i > 0) {
        RECIPROCALS[i] = BigInteger.ONE.shiftLeft(64).divide(BigInteger.valueOf(power))
            .longValueExact();
      }
      power *= 10;
    }
  }

  private PowersOfTen() {}

  /**
   * {@return 10 to the given power}
   *
   * @param exponent from 0 to {@link #MAX_EXPONENT}
   */
  public static long of(int exponent) {
    return POWERS[exponent];
  }

  /**
   * Returns {@code dividend / 10^exponent} truncated toward zero, exactly as the {@code /}
   * operator gives it, without a hardware division.
   *
   * @param dividend any {@code long}
   * @param exponent from 0 to {@link #MAX_EXPONENT}
   * @return the truncated quotient
   */
  public static long quotient(long dividend, int exponent) {
    if (exponent == 0) {
      return dividend;
    }
    long divisor = POWERS[exponent];
    if (dividend == Long.MIN_VALUE) {
      return dividend / divisor;
    }
    long sign = dividend >> 63;
    long magnitude = (dividend ^ sign) - sign;
    // Below 2^63, the magnitude times floor(2^64 / divisor) has the quotient or one less as its
    // high word: add one where the remainder is still at least the divisor, without a branch.
    long quotient = Math.multiplyHigh(magnitude, RECIPROCALS[exponent]);
    quotient -= (divisor - 1 - (magnitude - quotient * divisor)) >> 63;
    return (quotient ^ sign) - sign;
  }
}
