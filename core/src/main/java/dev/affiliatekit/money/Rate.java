package dev.affiliatekit.money;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static dev.affiliatekit.internal.Texts.number;
import static dev.affiliatekit.internal.Texts.printable;
import static dev.affiliatekit.internal.Texts.quote;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An exact decimal fraction from zero to one, such as a commission percentage or a share of a
 * sale: {@code 12.5%} is the fraction {@code 0.125}.
 *
 * <p>A rate has at most {@value #MAX_SCALE} decimal places as a fraction (16 as a percentage),
 * which is exact for every percentage, basis point or share that programs quote. Rates are
 * normalised, so {@code 12.5%} and {@code 12.50%} are equal and print the same way.
 *
 * <p>{@link #toString()} prints the percentage with the fewest digits that are exact, such as
 * {@code 12.5%}, {@code 100%} or {@code 0.01%}; {@link #parse(CharSequence)} reads it back.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Rate implements Comparable<Rate> {

  /** The largest number of decimal places of a rate, as a fraction. */
  public static final int MAX_SCALE = 18;

  /** The rate {@code 0%}. */
  public static final Rate ZERO = new Rate(0, 0);
  /** The rate {@code 100%}. */
  public static final Rate ONE = new Rate(1, 0);

  /** The fraction is {@code unscaled / 10^scale}; {@code unscaled} has no trailing zeros. */
  private final long unscaled;
  private final int scale;

  private Rate(long unscaled, int scale) {
    this.unscaled = unscaled;
    this.scale = scale;
  }

  /** Returns the rate {@code unscaled / 10^scale} after removing trailing zeros; checks nothing. */
  private static Rate normalised(long unscaled, int scale) {
    if (unscaled == 0) {
      return ZERO;
    }
    while (scale > 0 && unscaled % 10 == 0) {
      unscaled /= 10;
      scale--;
    }
    return unscaled == 1 && scale == 0 ? ONE : new Rate(unscaled, scale);
  }

  /**
   * Returns the rate equal to the given fraction.
   *
   * <p>For example, {@code Rate.of(new BigDecimal("0.075"))} is {@code 7.5%}.
   *
   * @param fraction a value from 0 to 1 with at most {@value #MAX_SCALE} decimal places once
   *     trailing zeros are removed
   * @return the rate
   * @throws IllegalArgumentException if the fraction is outside [0, 1] or has more decimal places
   */
  public static Rate of(BigDecimal fraction) {
    checkNotNull(fraction, "fraction");
    // Messages are built only when thrown: printing the number takes work that a valid one skips.
    if (fraction.signum() < 0 || fraction.compareTo(BigDecimal.ONE) > 0) {
      throw new IllegalArgumentException("rate must be within [0, 1]: " + number(fraction));
    }
    BigDecimal stripped = fraction.stripTrailingZeros();
    if (stripped.scale() > MAX_SCALE) {
      throw new IllegalArgumentException(
          "rate must have at most " + MAX_SCALE + " decimal places: " + number(fraction));
    }
    if (stripped.scale() < 0) {
      stripped = stripped.setScale(0, RoundingMode.UNNECESSARY);
    }
    return normalised(stripped.unscaledValue().longValueExact(), stripped.scale());
  }

  /**
   * Returns the rate of the given whole percentage.
   *
   * <p>For example, {@code Rate.ofPercent(15)} is {@code 15%}, the fraction {@code 0.15}.
   *
   * @param percent a percentage from 0 to 100
   * @return the rate
   * @throws IllegalArgumentException if the percentage is outside [0, 100]
   */
  public static Rate ofPercent(long percent) {
    checkArgument(percent >= 0 && percent <= 100, "rate must be within [0%, 100%]: %s%", percent);
    return normalised(percent, 2);
  }

  /**
   * Returns the rate of the given percentage.
   *
   * <p>For example, {@code Rate.ofPercent(new BigDecimal("12.5"))} is the fraction {@code 0.125}.
   *
   * @param percent a percentage from 0 to 100 with at most 16 decimal places
   * @return the rate
   * @throws IllegalArgumentException if the percentage is outside [0, 100] or too precise
   */
  public static Rate ofPercent(BigDecimal percent) {
    checkNotNull(percent, "percent");
    if (percent.signum() < 0 || percent.compareTo(BigDecimal.valueOf(100)) > 0) {
      throw new IllegalArgumentException(
          "rate must be within [0%, 100%]: " + number(percent) + "%");
    }
    if (percent.stripTrailingZeros().scale() > MAX_SCALE - 2) {
      throw new IllegalArgumentException("rate must have at most " + (MAX_SCALE - 2)
          + " decimal places as a percentage: " + number(percent) + "%");
    }
    return of(percent.movePointLeft(2));
  }

  /**
   * Returns the rate of the given number of basis points (hundredths of a percent).
   *
   * <p>For example, {@code Rate.ofBasisPoints(125)} is {@code 1.25%}.
   *
   * @param basisPoints from 0 to 10,000
   * @return the rate
   * @throws IllegalArgumentException if the basis points are outside [0, 10000]
   */
  public static Rate ofBasisPoints(long basisPoints) {
    checkArgument(basisPoints >= 0 && basisPoints <= 10_000,
        "rate must be within [0, 10000] basis points: %s", basisPoints);
    return normalised(basisPoints, 4);
  }

  /**
   * Reads a rate written as a percentage ({@code "12.5%"}) or as a fraction ({@code "0.125"}).
   *
   * <p>The format does not depend on the locale: digits are ASCII, the decimal separator is a
   * point, and there is no sign, grouping, exponent or white space. A comma is rejected rather
   * than misread, so {@code "0,91"} is an error, not 91% or 0.91.
   *
   * @param text the text, such as the output of {@link #toString()}
   * @return the rate
   * @throws IllegalArgumentException if the text is not a rate in that format, or is outside [0%,
   *     100%], or has more than {@value #MAX_SCALE} decimal places as a fraction
   */
  public static Rate parse(CharSequence text) {
    checkNotNull(text, "text");
    int length = text.length();
    boolean percent = length > 0 && text.charAt(length - 1) == '%';
    int end = percent ? length - 1 : length;
    int point = -1;
    for (int i = 0; i < end; i++) {
      char c = text.charAt(i);
      if (c == '.' && point < 0 && i > 0 && i < end - 1) {
        point = i;
      } else if (c < '0' || c > '9') {
        throw new IllegalArgumentException(describeBadCharacter(text, i, c));
      }
    }
    if (end == 0) {
      throw new IllegalArgumentException((percent ? "rate must have a number before '%', such as "
          + "12.5%: " : "rate must be a number such as 12.5% or 0.125: ") + quote(text));
    }
    int integerEnd = point < 0 ? end : point;
    int integerStart = 0;
    while (integerStart < integerEnd - 1 && text.charAt(integerStart) == '0') {
      integerStart++;
    }
    int fractionEnd = end;
    while (point >= 0 && fractionEnd > point + 1 && text.charAt(fractionEnd - 1) == '0') {
      fractionEnd--;
    }
    int fractionDigits = point < 0 ? 0 : fractionEnd - point - 1;
    long whole = integerEnd - integerStart > 3 ? Long.MAX_VALUE
        : Long.parseLong(text, integerStart, integerEnd, 10);
    long limit = percent ? 100 : 1;
    if (whole > limit || (whole == limit && fractionDigits > 0)) {
      throw new IllegalArgumentException("rate must be within [0%, 100%]: " + quote(text));
    }
    int scale = fractionDigits + (percent ? 2 : 0);
    if (scale > MAX_SCALE) {
      throw new IllegalArgumentException(percent
          ? "rate must have at most " + (MAX_SCALE - 2) + " decimal places as a percentage: "
              + quote(text)
          : "rate must have at most " + MAX_SCALE + " decimal places as a fraction: " + quote(text));
    }
    long unscaled = whole;
    for (int i = point + 1; point >= 0 && i < fractionEnd; i++) {
      unscaled = unscaled * 10 + (text.charAt(i) - '0');
    }
    return normalised(unscaled, scale);
  }

  private static String describeBadCharacter(CharSequence text, int index, char c) {
    if (c == ',') {
      return "rate must use '.' as the decimal separator, not ',' at index " + index + ": "
          + quote(text);
    }
    if (c == '.') {
      return "rate has a misplaced '.' at index " + index + ": " + quote(text);
    }
    return "rate has invalid character '" + printable(c) + "' at index " + index + ": "
        + quote(text);
  }

  /** {@return the numerator of this rate over {@code 10^scale()}} */
  long unscaled() {
    return unscaled;
  }

  /** {@return the number of decimal places of this rate as a fraction} */
  int scale() {
    return scale;
  }

  /** {@return this rate in steps of 10^-18: 10^18 for 100%} */
  long steps() {
    return unscaled * Rounding.powerOfTen(MAX_SCALE - scale);
  }

  /** {@return this rate as a fraction, such as {@code 0.125} for {@code 12.5%}} */
  public BigDecimal toFraction() {
    return BigDecimal.valueOf(unscaled, scale);
  }

  /**
   * {@return this rate as a percentage, such as {@code 12.5} for {@code 12.5%} and {@code 10} for
   * {@code 10%}: the fewest exact digits after the point, never a negative scale (so {@code 10}
   * and not {@code 1E+1})}
   */
  public BigDecimal toPercent() {
    return toFraction().movePointRight(2);
  }

  /**
   * Returns the sum of this rate and the other, which must not exceed 100%.
   *
   * <p>For example, {@code 33.3333333333333334%} plus {@code 66.6666666666666666%} is {@code
   * 100%}, and {@code 60%} plus {@code 50%} throws.
   *
   * @param other the rate to add
   * @return the exact sum
   * @throws IllegalArgumentException if the sum is above 100%
   */
  public Rate plus(Rate other) {
    checkNotNull(other, "other");
    int sumScale = Math.max(scale, other.scale);
    long sum = unscaled * Rounding.powerOfTen(sumScale - scale)
        + other.unscaled * Rounding.powerOfTen(sumScale - other.scale);
    if (sum > Rounding.powerOfTen(sumScale)) {
      throw new IllegalArgumentException("rate must be within [0%, 100%]: " + this + " + " + other
          + " = " + BigDecimal.valueOf(sum, sumScale - 2).toPlainString() + "%");
    }
    return normalised(sum, sumScale);
  }

  /**
   * Divides this rate into parts proportional to the given weights, in steps of 10<sup>-18</sup>,
   * by the largest-remainder method of {@link Money#allocate(long...)}: the parts add up to
   * exactly this rate, each part is its exact share rounded down or up to a step, and a zero
   * weight gets {@code 0%}.
   *
   * <p>This turns attribution weights into credit shares that sum to exactly one. For example,
   * {@code 100%} allocated by weights {@code 1, 1, 1} is {@code [33.3333333333333334%,
   * 33.3333333333333333%, 33.3333333333333333%]}, and by {@code 40, 20, 40} it is {@code [40%,
   * 20%, 40%]}.
   *
   * @param weights one or more weights, none negative and not all zero
   * @return the parts, in the order of the weights
   * @throws IllegalArgumentException if there are no weights, one is negative, or all are zero
   * @throws ArithmeticException if the weights add up to more than {@code Long.MAX_VALUE}
   */
  public List<Rate> allocate(long... weights) {
    checkNotNull(weights, "weights");
    long[] parts = Allocation.allocate(steps(), weights.clone());
    Rate[] rates = new Rate[parts.length];
    for (int i = 0; i < parts.length; i++) {
      rates[i] = normalised(parts[i], MAX_SCALE);
    }
    return List.of(rates);
  }

  /** {@return whether this rate is {@code 0%}} */
  public boolean isZero() {
    return unscaled == 0;
  }

  /**
   * Returns whether this rate is greater than the other.
   *
   * @param other the rate to compare with
   * @return whether this rate is greater
   */
  public boolean isGreaterThan(Rate other) {
    return compareTo(other) > 0;
  }

  /**
   * Returns whether this rate is less than the other.
   *
   * @param other the rate to compare with
   * @return whether this rate is less
   */
  public boolean isLessThan(Rate other) {
    return compareTo(other) < 0;
  }

  /** Orders rates by value. */
  @Override
  public int compareTo(Rate other) {
    checkNotNull(other, "other");
    if (scale == other.scale) {
      return Long.compare(unscaled, other.unscaled);
    }
    return toFraction().compareTo(other.toFraction());
  }

  @Override
  public boolean equals(@Nullable Object obj) {
    return obj instanceof Rate other && unscaled == other.unscaled && scale == other.scale;
  }

  @Override
  public int hashCode() {
    return Long.hashCode(unscaled) * 31 + scale;
  }

  /**
   * Returns this rate as a percentage with the fewest exact digits, such as {@code 12.5%}; {@link
   * #parse(CharSequence)} reads it back.
   */
  @Override
  public String toString() {
    return toPercent().toPlainString() + "%";
  }
}
