package dev.affiliatekit.money;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/** Exact integer division with every {@link RoundingMode}, without allocating on the fast path. */
final class Rounding {

  private static final long[] POWERS_OF_TEN = new long[19];

  static {
    long power = 1;
    for (int i = 0; i < POWERS_OF_TEN.length; i++) {
      POWERS_OF_TEN[i] = power;
      power *= 10;
    }
  }

  private Rounding() {}

  /** {@return 10 to the given power, for powers 0 to 18} */
  static long powerOfTen(int exponent) {
    return POWERS_OF_TEN[exponent];
  }

  /**
   * Returns {@code dividend / divisor} rounded with the given mode.
   *
   * @throws ArithmeticException if the divisor is zero, the mode is {@code UNNECESSARY} and the
   *     division is inexact, or the quotient does not fit in a {@code long}
   */
  static long divide(long dividend, long divisor, RoundingMode mode) {
    if (divisor < 0) {
      if (divisor == Long.MIN_VALUE || dividend == Long.MIN_VALUE) {
        return divideExactly(BigInteger.valueOf(dividend), BigInteger.valueOf(divisor), mode);
      }
      dividend = -dividend;
      divisor = -divisor;
    } else if (divisor == 0) {
      throw new ArithmeticException("divisor must not be zero");
    }
    return round(dividend, divisor, dividend / divisor, mode);
  }

  /**
   * Returns {@code dividend / 10^exponent} rounded with the given mode, for exponents 0 to 18.
   *
   * @throws ArithmeticException if the mode is {@code UNNECESSARY} and the division is inexact
   */
  static long divideByPowerOfTen(long dividend, int exponent, RoundingMode mode) {
    long quotient = dividend / POWERS_OF_TEN[exponent];
    return round(dividend, POWERS_OF_TEN[exponent], quotient, mode);
  }

  /**
   * Rounds the truncated {@code quotient} of {@code dividend / divisor}, for a positive divisor.
   */
  private static long round(long dividend, long divisor, long quotient, RoundingMode mode) {
    long remainder = dividend - quotient * divisor;
    long sign = (dividend >> 63) | 1;
    if (mode == RoundingMode.HALF_EVEN) {
      // The default for commissions, without branches on the data: round away from zero when
      // twice the remainder exceeds the divisor, or equals it and the quotient is odd. Written
      // as |r| - (d - |r|) so that it cannot overflow for any divisor.
      long absRemainder = Math.abs(remainder);
      long excess = absRemainder - (divisor - absRemainder) + (quotient & 1);
      return excess > 0 ? quotient + sign : quotient;
    }
    if (remainder == 0) {
      return quotient;
    }
    boolean awayFromZero;
    switch (mode) {
      case UP -> awayFromZero = true;
      case DOWN -> awayFromZero = false;
      case CEILING -> awayFromZero = sign > 0;
      case FLOOR -> awayFromZero = sign < 0;
      case HALF_UP, HALF_DOWN, HALF_EVEN -> {
        long absRemainder = Math.abs(remainder);
        int half = Long.compare(absRemainder, divisor - absRemainder);
        if (half != 0) {
          awayFromZero = half > 0;
        } else if (mode == RoundingMode.HALF_UP) {
          awayFromZero = true;
        } else if (mode == RoundingMode.HALF_DOWN) {
          awayFromZero = false;
        } else {
          awayFromZero = (quotient & 1) != 0;
        }
      }
      case UNNECESSARY -> throw new ArithmeticException(
          "rounding necessary: " + dividend + " / " + divisor + " is not a whole number");
      default -> throw new AssertionError("bug: unknown rounding mode " + mode);
    }
    return awayFromZero ? quotient + sign : quotient;
  }

  /**
   * Returns {@code dividend / divisor} rounded with the given mode, for values beyond {@code long}.
   *
   * @throws ArithmeticException if rounding is necessary under {@code UNNECESSARY}, or the quotient
   *     does not fit in a {@code long}
   */
  static long divideExactly(BigInteger dividend, BigInteger divisor, RoundingMode mode) {
    if (divisor.signum() == 0) {
      throw new ArithmeticException("divisor must not be zero");
    }
    BigDecimal quotient = new BigDecimal(dividend).divide(new BigDecimal(divisor), 0, mode);
    return quotient.longValueExact();
  }
}
