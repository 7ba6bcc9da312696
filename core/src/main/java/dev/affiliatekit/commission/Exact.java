package dev.affiliatekit.commission;

import dev.affiliatekit.money.Rate;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import org.jspecify.annotations.Nullable;

/**
 * An exact, unrounded amount of minor units: {@code unscaled / 10^scale}, in a {@code long} while
 * it fits and in a {@link BigDecimal} beyond. Commissions are computed in this form and rounded
 * once at the end. Instances are immutable.
 */
final class Exact implements Comparable<Exact> {

  static final Exact ZERO = new Exact(0, 0, null);
  /** The largest scale of an amount held in a {@code long}. */
  static final int MAX_SCALE = 18;
  private static final long[] POWERS_OF_TEN = new long[MAX_SCALE + 1];
  /** {@code floor(2^64 / 10^i)}, for dividing by a power of ten with a multiplication; 0 unused. */
  private static final long[] RECIPROCALS = new long[MAX_SCALE + 1];

  static {
    long power = 1;
    for (int i = 0; i <= MAX_SCALE; i++) {
      POWERS_OF_TEN[i] = power;
      if (i > 0) {
        RECIPROCALS[i] = BigInteger.ONE.shiftLeft(64).divide(BigInteger.valueOf(power))
            .longValueExact();
      }
      power *= 10;
    }
  }

  private final long unscaled;
  private final int scale;
  private final @Nullable BigDecimal big;

  private Exact(long unscaled, int scale, @Nullable BigDecimal big) {
    this.unscaled = unscaled;
    this.scale = scale;
    this.big = big;
  }

  static Exact ofMinor(long minor) {
    return minor == 0 ? ZERO : new Exact(minor, 0, null);
  }

  private static Exact of(BigDecimal value) {
    BigDecimal stripped = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
    if (stripped.scale() < 0 && stripped.precision() - stripped.scale() <= 18) {
      stripped = stripped.setScale(0);
    }
    if (stripped.scale() >= 0 && stripped.scale() <= MAX_SCALE && stripped.precision() <= 18) {
      return new Exact(stripped.unscaledValue().longValue(), stripped.scale(), null);
    }
    return new Exact(0, 0, stripped);
  }

  /** The numerator and scale of a rate, so that {@link #times(long, int)} needs no allocation. */
  static long unscaledOf(Rate rate) {
    BigDecimal fraction = rate.toFraction();
    return fraction.unscaledValue().longValueExact();
  }

  static int scaleOf(Rate rate) {
    return rate.toFraction().scale();
  }

  /** {@return this times {@code factor / 10^factorScale}} */
  Exact times(long factor, int factorScale) {
    if (factorScale == 0 && factor == 1) {
      return this;
    }
    if (big == null) {
      long high = Math.multiplyHigh(unscaled, factor);
      long low = unscaled * factor;
      int newScale = scale + factorScale;
      if (((high == 0 && low >= 0) || (high == -1 && low < 0)) && newScale <= MAX_SCALE) {
        return low == 0 ? ZERO : new Exact(low, newScale, null);
      }
    }
    return of(toBigDecimal().multiply(BigDecimal.valueOf(factor, factorScale)));
  }

  /** {@return this times a whole number} */
  Exact times(long factor) {
    return times(factor, 0);
  }

  Exact plus(Exact other) {
    if (other.isZero()) {
      return this;
    }
    if (isZero()) {
      return other;
    }
    if (big == null && other.big == null) {
      int newScale = Math.max(scale, other.scale);
      long a = rescale(unscaled, newScale - scale);
      long b = rescale(other.unscaled, newScale - other.scale);
      if (a != Long.MIN_VALUE && b != Long.MIN_VALUE) {
        long sum = a + b;
        if (((a ^ sum) & (b ^ sum)) >= 0) {
          return sum == 0 ? ZERO : new Exact(sum, newScale, null);
        }
      }
    }
    return of(toBigDecimal().add(other.toBigDecimal()));
  }

  Exact minus(Exact other) {
    return plus(other.negated());
  }

  Exact negated() {
    if (big == null && unscaled != Long.MIN_VALUE) {
      return unscaled == 0 ? ZERO : new Exact(-unscaled, scale, null);
    }
    return of(toBigDecimal().negate());
  }

  /** Returns {@code value * 10^shift}, or {@code Long.MIN_VALUE} if it does not fit. */
  private static long rescale(long value, int shift) {
    if (shift == 0) {
      return value;
    }
    long power = POWERS_OF_TEN[shift];
    long high = Math.multiplyHigh(value, power);
    long low = value * power;
    return (high == 0 && low >= 0) || (high == -1 && low < 0) ? low : Long.MIN_VALUE;
  }

  boolean isZero() {
    return big == null ? unscaled == 0 : big.signum() == 0;
  }

  int signum() {
    return big == null ? Long.signum(unscaled) : big.signum();
  }

  @Override
  public int compareTo(Exact other) {
    if (big == null && other.big == null) {
      if (scale == other.scale) {
        return Long.compare(unscaled, other.unscaled);
      }
      int newScale = Math.max(scale, other.scale);
      long a = rescale(unscaled, newScale - scale);
      long b = rescale(other.unscaled, newScale - other.scale);
      if (a != Long.MIN_VALUE && b != Long.MIN_VALUE) {
        return Long.compare(a, b);
      }
    }
    return toBigDecimal().compareTo(other.toBigDecimal());
  }

  /** Compares with a whole number of minor units. */
  int compareTo(long minor) {
    if (big == null) {
      if (scale == 0) {
        return Long.compare(unscaled, minor);
      }
      long scaled = rescale(minor, scale);
      if (scaled != Long.MIN_VALUE) {
        return Long.compare(unscaled, scaled);
      }
    }
    return toBigDecimal().compareTo(BigDecimal.valueOf(minor));
  }

  Exact min(Exact other) {
    return compareTo(other) <= 0 ? this : other;
  }

  Exact max(Exact other) {
    return compareTo(other) >= 0 ? this : other;
  }

  /** {@return whether the value is a whole number of minor units} */
  boolean isWhole() {
    if (big == null) {
      return scale == 0 || unscaled % POWERS_OF_TEN[scale] == 0;
    }
    return big.signum() == 0 || big.stripTrailingZeros().scale() <= 0;
  }

  /**
   * Returns the value rounded to whole minor units.
   *
   * @throws ArithmeticException if the result does not fit in a {@code long}
   */
  long round(RoundingMode mode) {
    if (big == null) {
      return scale == 0 ? unscaled : divide(unscaled, POWERS_OF_TEN[scale], mode);
    }
    return big.setScale(0, mode).longValueExact();
  }

  /** {@return {@code 10^exponent}, for an exponent from 0 to {@link #MAX_SCALE}} */
  static long powerOfTen(int exponent) {
    return POWERS_OF_TEN[exponent];
  }

  /** Returns {@code dividend / divisor} rounded with the mode, for a positive divisor. */
  static long divide(long dividend, long divisor, RoundingMode mode) {
    long quotient = dividend / divisor;
    long remainder = dividend - quotient * divisor;
    return remainder == 0 ? quotient : rounded(dividend, divisor, quotient, remainder, mode);
  }

  /**
   * Returns {@code dividend / 10^exponent} rounded with the mode, as {@link #divide} does, for an
   * exponent from 0 to {@link #MAX_SCALE}. A quote rounds once by a power of ten that is the same
   * for all its sales, and a multiplication by its reciprocal costs a fraction of a division.
   */
  static long divideByPowerOfTen(long dividend, int exponent, RoundingMode mode) {
    if (dividend < 0 || exponent == 0) {
      return divide(dividend, POWERS_OF_TEN[exponent], mode);
    }
    long divisor = POWERS_OF_TEN[exponent];
    // The reciprocal is floor(2^64 / divisor), so for 0 <= dividend < 2^63 the high word of the
    // product is the quotient or one less: one correction makes it exact.
    long quotient = Math.multiplyHigh(dividend, RECIPROCALS[exponent]);
    long remainder = dividend - quotient * divisor;
    if (remainder >= divisor) {
      quotient++;
      remainder -= divisor;
    }
    return remainder == 0 ? quotient : rounded(dividend, divisor, quotient, remainder, mode);
  }

  /** {@return the truncated quotient of a division with a remainder, rounded with the mode} */
  private static long rounded(long dividend, long divisor, long quotient, long remainder,
      RoundingMode mode) {
    long sign = dividend < 0 ? -1 : 1;
    long absRemainder = Math.abs(remainder);
    // |r| - (d - |r|) compares 2|r| with d without overflow.
    long half = absRemainder - (divisor - absRemainder);
    boolean away = switch (mode) {
      case UP -> true;
      case DOWN -> false;
      case CEILING -> sign > 0;
      case FLOOR -> sign < 0;
      case HALF_UP -> half >= 0;
      case HALF_DOWN -> half > 0;
      case HALF_EVEN -> half > 0 || (half == 0 && (quotient & 1) != 0);
      case UNNECESSARY -> throw new ArithmeticException("rounding necessary: "
          + BigDecimal.valueOf(dividend, 0).divide(BigDecimal.valueOf(divisor)).toPlainString());
    };
    return away ? quotient + sign : quotient;
  }

  BigDecimal toBigDecimal() {
    return big != null ? big : BigDecimal.valueOf(unscaled, scale);
  }

  @Override
  public boolean equals(@Nullable Object obj) {
    return obj instanceof Exact other && compareTo(other) == 0;
  }

  @Override
  public int hashCode() {
    return toBigDecimal().stripTrailingZeros().hashCode();
  }

  @Override
  public String toString() {
    return toBigDecimal().toPlainString();
  }
}
