package dev.affiliatekit.money;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.math.LongMath;

import dev.affiliatekit.internal.Texts;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Iterator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An exact amount of money in one {@link CurrencyUnit}, held as a {@code long} count of minor
 * units at the currency's scale: {@code USD 12.34} is 1234 cents.
 *
 * <p>Every factory brings the amount to the currency's scale, so {@link #equals(Object)}, {@link
 * #hashCode()} and {@link #compareTo(Money)} agree: {@code USD 1.5} and {@code USD 1.50} are the
 * same value. Arithmetic is checked: a result that does not fit throws {@link ArithmeticException},
 * and nothing wraps around or is truncated. Every lossy step takes an explicit {@link
 * RoundingMode}. Amounts of different currencies never mix: an operation on two of them throws
 * {@link CurrencyMismatchException}.
 *
 * <pre>{@code
 * Money sale = Money.parse("USD 40.00");
 * Money commission = sale.times(Rate.parse("12.5%"), RoundingMode.HALF_EVEN); // USD 5.00
 * List<Money> shares = commission.split(3);            // [USD 1.67, USD 1.67, USD 1.66]
 * Money total = Money.total(shares);                   // USD 5.00, exactly
 * }</pre>
 *
 * <p>{@link #toString()} prints the code, a space and the amount with exactly the currency's
 * scale, such as {@code USD 12.34}, {@code USD -0.50} or {@code JPY 1200}. Zero has no sign.
 * {@link #parse(CharSequence, CurrencyTable)} reads it back with a table that holds the currency;
 * {@link #parse(CharSequence)} reads back only the units of {@link CurrencyTable#iso4217()}. A
 * custom unit needs its table: {@code PTS 5} is an unknown currency to {@code parse("PTS 5")}, and
 * {@code JPY 1.00}, printed by {@code CurrencyUnit.custom("JPY", 2)}, reads as the ISO {@code JPY
 * 1}, which is not equal to it (see {@link CurrencyUnit#custom(String, int)}).
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Money implements Comparable<Money> {

  /**
   * The most parts {@link #split(int)} divides an amount into: a million. The parts are returned
   * as a list, so a count beyond any real split, such as {@code Integer.MAX_VALUE}, would
   * otherwise ask for an array of gigabytes before anything else happens.
   */
  public static final int MAX_PARTS = 1_000_000;

  private final long minor;
  private final CurrencyUnit currency;

  private Money(long minor, CurrencyUnit currency) {
    this.minor = minor;
    this.currency = currency;
  }

  /**
   * Returns the amount of the given number of minor units.
   *
   * <p>For example, {@code Money.ofMinor(1234, USD)} is {@code USD 12.34}.
   *
   * @param minorUnits the amount in minor units (cents for {@code USD})
   * @param currency the currency
   * @return the amount
   */
  public static Money ofMinor(long minorUnits, CurrencyUnit currency) {
    return new Money(minorUnits, checkNotNull(currency, "currency"));
  }

  /**
   * Returns the amount of the given number of major units.
   *
   * <p>For example, {@code Money.ofMajor(50, USD)} is {@code USD 50.00}.
   *
   * @param majorUnits the amount in major units (dollars for {@code USD})
   * @param currency the currency
   * @return the amount
   * @throws ArithmeticException if the amount in minor units does not fit in a {@code long}
   */
  public static Money ofMajor(long majorUnits, CurrencyUnit currency) {
    checkNotNull(currency, "currency");
    try {
      return new Money(Math.multiplyExact(majorUnits, currency.minorPerMajor()), currency);
    } catch (ArithmeticException e) {
      throw new ArithmeticException("amount is out of range for " + currency + ": " + majorUnits);
    }
  }

  /**
   * Returns the amount equal to the given decimal, which must be exact at the currency's scale.
   *
   * <p>For example, {@code Money.of(new BigDecimal("12.5"), USD)} is {@code USD 12.50}, and
   * {@code Money.of(new BigDecimal("12.345"), USD)} throws.
   *
   * @param amount the amount in major units; trailing zeros beyond the currency's scale are
   *     accepted
   * @param currency the currency
   * @return the amount
   * @throws ArithmeticException if the amount has more decimal places than the currency allows,
   *     or does not fit in a {@code long} count of minor units
   */
  public static Money of(BigDecimal amount, CurrencyUnit currency) {
    return of(amount, currency, RoundingMode.UNNECESSARY);
  }

  /**
   * Returns the amount equal to the given decimal, rounded to the currency's scale.
   *
   * <p>For example, {@code Money.of(new BigDecimal("12.345"), USD, HALF_EVEN)} is {@code USD
   * 12.34}.
   *
   * @param amount the amount in major units
   * @param currency the currency
   * @param rounding how to round digits beyond the currency's scale
   * @return the amount
   * @throws ArithmeticException if rounding is {@code UNNECESSARY} and the amount has more decimal
   *     places than the currency allows, or the amount does not fit in a {@code long} count of
   *     minor units
   */
  public static Money of(BigDecimal amount, CurrencyUnit currency, RoundingMode rounding) {
    checkNotNull(amount, "amount");
    checkNotNull(currency, "currency");
    checkNotNull(rounding, "rounding");
    // Digits before the point, at most: a long holds 19, so more can be refused before rounding,
    // which for an exponent such as 1E+1000000000 would take minutes and gigabytes.
    long integerDigits = (long) amount.precision() - amount.scale();
    if (amount.signum() == 0) {
      // Zero with any exponent, such as 0E+20 from a product with zero, is zero.
      return ofMinor(0, currency);
    }
    if (integerDigits > 19) {
      throw outOfRange(amount, currency);
    }
    BigDecimal rounded = amount;
    if (integerDigits < -currency.scale()) {
      // Less than a tenth of a minor unit, however many zeros follow the point: this small
      // stand-in of the same sign rounds the same way in every mode, at once.
      rounded = BigDecimal.valueOf(amount.signum(), currency.scale() + 2);
    }
    BigDecimal scaled;
    try {
      scaled = rounded.setScale(currency.scale(), rounding);
    } catch (ArithmeticException e) {
      throw new ArithmeticException("amount has more than " + currency.scale()
          + " decimal places for " + currency + ": " + Texts.number(amount));
    }
    BigInteger unscaled = scaled.unscaledValue();
    if (unscaled.bitLength() > 63) {
      throw outOfRange(amount, currency);
    }
    return new Money(unscaled.longValue(), currency);
  }

  private static ArithmeticException outOfRange(BigDecimal amount, CurrencyUnit currency) {
    return new ArithmeticException(
        "amount is out of range for " + currency + ": " + Texts.number(amount));
  }

  /**
   * Returns zero in the given currency.
   *
   * @param currency the currency
   * @return zero, such as {@code USD 0.00}
   */
  public static Money zero(CurrencyUnit currency) {
    return new Money(0, checkNotNull(currency, "currency"));
  }

  /**
   * Reads an amount in the format of {@link #toString()}, with a currency of {@link
   * CurrencyTable#iso4217()}: the inverse of {@link #toString()} for the ISO units only. An amount
   * of a custom unit reads back through {@link #parse(CharSequence, CurrencyTable)}.
   *
   * <p>For example, {@code Money.parse("USD 12.34")}.
   *
   * <p>The format does not depend on the locale: the decimal separator is a point, and digits are
   * not grouped. An amount with a comma, a space or an apostrophe is refused by a message that
   * names it rather than misread, so {@code USD 1.234,50} and {@code USD 1 234.50} are errors,
   * not {@code USD 1.23} or {@code USD 1234.50}.
   *
   * @param text the code, one space, and the amount: an optional {@code -}, ASCII digits, and
   *     optionally a point followed by digits
   * @return the amount
   * @throws IllegalArgumentException if the text is not in that format (a comma, a space or an
   *     apostrophe in the amount is named as such), names an unknown currency, has non-zero digits
   *     beyond the currency's scale, or is out of range
   */
  public static Money parse(CharSequence text) {
    return parse(text, CurrencyTable.iso4217());
  }

  /**
   * Reads an amount in the format of {@link #toString()}, with a currency of the given table, as
   * {@link #parse(CharSequence)} reads it: the inverse of {@link #toString()} for the units of the
   * table.
   *
   * <p>For example, {@code Money.parse("PTS 1200", CurrencyTable.iso4217().with(points))} is 1200
   * of the custom unit {@code points}, {@code CurrencyUnit.custom("PTS", 0)}.
   *
   * @param text the code, one space, and the amount: an optional {@code -}, ASCII digits, and
   *     optionally a point followed by digits
   * @param currencies the currencies that may appear
   * @return the amount
   * @throws IllegalArgumentException if the text is not in that format (a comma, a space or an
   *     apostrophe in the amount is named as such), names a currency that is not in the table, has
   *     non-zero digits beyond the currency's scale, or is out of range
   */
  public static Money parse(CharSequence text, CurrencyTable currencies) {
    checkNotNull(text, "text");
    checkNotNull(currencies, "currencies");
    return MoneyParser.parse(text, currencies);
  }

  /**
   * Returns the sum of the given amounts, which must share one currency.
   *
   * <p>For example, the total of {@code USD 1.67}, {@code USD 1.67} and {@code USD 1.66} is {@code
   * USD 5.00}.
   *
   * @param amounts at least one amount
   * @return the sum
   * @throws IllegalArgumentException if there are no amounts
   * @throws CurrencyMismatchException if the amounts have different currencies
   * @throws ArithmeticException if the sum overflows
   */
  public static Money total(Iterable<Money> amounts) {
    Iterator<Money> iterator = checkNotNull(amounts, "amounts").iterator();
    checkArgument(iterator.hasNext(), "amounts must not be empty");
    Money first = checkNotNull(iterator.next(), "amounts contains null at index 0");
    return sum(first.currency, first.minor, iterator, 1);
  }

  /**
   * Returns the sum of the given amounts in the given currency; zero if there are none.
   *
   * @param currency the currency of the amounts and of the sum
   * @param amounts any number of amounts
   * @return the sum
   * @throws CurrencyMismatchException if an amount has another currency
   * @throws ArithmeticException if the sum overflows
   */
  public static Money total(CurrencyUnit currency, Iterable<Money> amounts) {
    checkNotNull(currency, "currency");
    return sum(currency, 0, checkNotNull(amounts, "amounts").iterator(), 0);
  }

  /** {@return the sum of {@code start} and the rest, the first of which is amount {@code index}} */
  private static Money sum(CurrencyUnit currency, long start, Iterator<Money> rest, long index) {
    long total = start;
    // Exact once a partial sum leaves the range of a long: later amounts may bring it back.
    @Nullable BigInteger exact = null;
    for (long at = index; rest.hasNext(); at++) {
      Money next = checkNotNull(rest.next(), "amounts contains null at index %s", at);
      checkCurrency(currency, next.currency);
      if (exact != null) {
        exact = exact.add(BigInteger.valueOf(next.minor));
        continue;
      }
      long sum = total + next.minor;
      if (((total ^ sum) & (next.minor ^ sum)) < 0) {
        exact = BigInteger.valueOf(total).add(BigInteger.valueOf(next.minor));
      } else {
        total = sum;
      }
    }
    if (exact != null) {
      if (exact.bitLength() >= Long.SIZE) {
        throw overflow("total", currency + " " + new BigDecimal(exact, currency.scale())
            .toPlainString());
      }
      total = exact.longValueExact();
    }
    return new Money(total, currency);
  }

  /** {@return an overflow whose message shows the operation: {@code USD 1.00 + USD 2.00}} */
  private static ArithmeticException overflow(String result, String operation) {
    return new ArithmeticException("money " + result + " is out of range: " + operation);
  }

  private static ArithmeticException inexact(String result, String operation) {
    return new ArithmeticException("money " + result + " needs rounding, which UNNECESSARY"
        + " refuses: " + operation);
  }

  private static void checkCurrency(CurrencyUnit expected, CurrencyUnit actual) {
    if (!expected.equals(actual)) {
      throw new CurrencyMismatchException(expected, actual);
    }
  }

  /** {@return the currency} */
  public CurrencyUnit currency() {
    return currency;
  }

  /** {@return the amount in minor units: 1234 for {@code USD 12.34}} */
  public long minorUnits() {
    return minor;
  }

  /**
   * {@return the amount in major units at the currency's scale: {@code 12.34} for {@code USD
   * 12.34}}
   */
  public BigDecimal amount() {
    return BigDecimal.valueOf(minor, currency.scale());
  }

  /**
   * Returns this amount plus the other.
   *
   * @param other an amount in the same currency
   * @return the sum
   * @throws CurrencyMismatchException if the currencies differ
   * @throws ArithmeticException if the sum overflows
   */
  public Money plus(Money other) {
    checkNotNull(other, "other");
    checkCurrency(currency, other.currency);
    try {
      return new Money(Math.addExact(minor, other.minor), currency);
    } catch (ArithmeticException e) {
      throw overflow("sum", this + " + " + other);
    }
  }

  /**
   * Returns this amount minus the other.
   *
   * @param other an amount in the same currency
   * @return the difference
   * @throws CurrencyMismatchException if the currencies differ
   * @throws ArithmeticException if the difference overflows
   */
  public Money minus(Money other) {
    checkNotNull(other, "other");
    checkCurrency(currency, other.currency);
    try {
      return new Money(Math.subtractExact(minor, other.minor), currency);
    } catch (ArithmeticException e) {
      throw overflow("difference", this + " - " + other);
    }
  }

  /**
   * Returns this amount with the opposite sign.
   *
   * @return the negated amount; zero stays zero
   * @throws ArithmeticException if this is the most negative amount, whose negation does not fit
   */
  public Money negated() {
    if (minor == Long.MIN_VALUE) {
      throw overflow("negation", "-(" + this + ")");
    }
    return minor == 0 ? this : new Money(-minor, currency);
  }

  /**
   * Returns the absolute value of this amount.
   *
   * @return this amount if it is zero or positive, otherwise its negation
   * @throws ArithmeticException if this is the most negative amount, whose negation does not fit
   */
  public Money abs() {
    return minor >= 0 ? this : negated();
  }

  /**
   * Returns this amount multiplied by a whole number.
   *
   * <p>For example, {@code USD 2.50} times 3 is {@code USD 7.50}.
   *
   * @param multiplier the factor
   * @return the product
   * @throws ArithmeticException if the product overflows
   */
  public Money times(long multiplier) {
    try {
      return new Money(Math.multiplyExact(minor, multiplier), currency);
    } catch (ArithmeticException e) {
      throw overflow("product", this + " * " + multiplier);
    }
  }

  /**
   * Returns this amount multiplied by a rate and rounded to the currency's scale.
   *
   * <p>For example, {@code USD 10.00} times {@code 7.5%} with {@code HALF_EVEN} is {@code USD
   * 0.75}, and {@code USD 0.10} times {@code 25%} with {@code HALF_EVEN} is {@code USD 0.02}. As
   * a rate is at most 100%, the product always fits.
   *
   * @param rate the rate
   * @param rounding how to round to the currency's scale
   * @return the rounded product
   * @throws ArithmeticException if rounding is {@code UNNECESSARY} and the product is not exact
   */
  public Money times(Rate rate, RoundingMode rounding) {
    checkNotNull(rate, "rate");
    checkNotNull(rounding, "rounding");
    long factor = rate.unscaled();
    long high = Math.multiplyHigh(minor, factor);
    long low = minor * factor;
    long product;
    try {
      if ((high == 0 && low >= 0) || (high == -1 && low < 0)) {
        product = Rounding.divideByPowerOfTen(low, rate.scale(), rounding);
      } else {
        product = Rounding.divideExactly(
            BigInteger.valueOf(minor).multiply(BigInteger.valueOf(factor)),
            BigInteger.valueOf(Rounding.powerOfTen(rate.scale())), rounding);
      }
    } catch (ArithmeticException e) {
      // The product of a rate of at most 100% fits: only UNNECESSARY can fail.
      throw inexact("product", this + " * " + rate);
    }
    return product == minor ? this : new Money(product, currency);
  }

  /**
   * Returns this amount divided by a whole number and rounded to the currency's scale.
   *
   * <p>For example, {@code USD 10.00} divided by 3 with {@code HALF_EVEN} is {@code USD 3.33}. To
   * divide money into parts that add up to the whole, use {@link #split(int)} instead.
   *
   * @param divisor the divisor, not zero
   * @param rounding how to round to the currency's scale
   * @return the rounded quotient
   * @throws ArithmeticException if the divisor is zero, or rounding is {@code UNNECESSARY} and
   *     the quotient is not exact, or the quotient overflows
   */
  public Money dividedBy(long divisor, RoundingMode rounding) {
    checkNotNull(rounding, "rounding");
    if (divisor == 0) {
      throw new ArithmeticException("money divisor must not be zero: " + this + " / 0");
    }
    if (divisor == -1 && minor == Long.MIN_VALUE) {
      throw overflow("quotient", this + " / " + divisor);
    }
    try {
      return new Money(Rounding.divide(minor, divisor, rounding), currency);
    } catch (ArithmeticException e) {
      throw inexact("quotient", this + " / " + divisor);
    }
  }

  /**
   * Divides this amount into parts proportional to the given weights, by the largest-remainder
   * method.
   *
   * <p>The parts add up to exactly this amount. Each part is its exact share rounded down or up
   * to a whole minor unit. The minor units left after rounding down go, one each, to the parts
   * with the largest remainders; among equal remainders, to the larger weight; among equal
   * weights, to the earlier position. Parts of equal weight are therefore equal or differ by one
   * unit, and reordering the weights reorders the parts the same way. A zero weight gets zero. A
   * negative amount is divided like its absolute value, and every part negated.
   *
   * <p>For example, {@code USD 100.00} allocated by weights {@code 1, 1, 1} is {@code [USD 33.34,
   * USD 33.33, USD 33.33]}, and {@code USD 0.05} by weights {@code 1, 3} is {@code [USD 0.01, USD
   * 0.04]}.
   *
   * @param weights one or more weights, none negative and not all zero
   * @return the parts, in the order of the weights
   * @throws IllegalArgumentException if there are no weights, one is negative, or all are zero
   * @throws ArithmeticException if the weights add up to more than {@code Long.MAX_VALUE}
   */
  public List<Money> allocate(long... weights) {
    checkNotNull(weights, "weights");
    return wrap(Allocation.allocate(minor, weights.clone()));
  }

  /**
   * Divides this amount into the given number of equal parts, as {@link #allocate(long...)} with
   * equal weights: the earlier parts get the minor units left over.
   *
   * <p>For example, {@code USD 5.00} split 3 ways is {@code [USD 1.67, USD 1.67, USD 1.66]}.
   *
   * <p>The list holds one element per part, so the count is bounded by {@value #MAX_PARTS}; to
   * divide an amount among more, {@linkplain #allocate(long...) allocate} it by weights.
   *
   * @param parts the number of parts, from 1 to {@value #MAX_PARTS}
   * @return the parts
   * @throws IllegalArgumentException if parts is less than 1 or more than {@value #MAX_PARTS}
   */
  public List<Money> split(int parts) {
    checkArgument(parts >= 1, "parts must be at least 1: %s", parts);
    checkArgument(parts <= MAX_PARTS, "parts must be at most %s: %s", MAX_PARTS, parts);
    // Truncating division gives Long.MIN_VALUE's parts too: its remainder's magnitude is below
    // parts, and base - 1 is made only when units are left over, so it never passes MIN_VALUE.
    long base = minor / parts;
    long leftover = Math.abs(minor % parts);
    Money smaller = new Money(base, currency);
    Money larger = leftover == 0 ? smaller
        : new Money(minor < 0 ? base - 1 : base + 1, currency);
    Money[] amounts = new Money[parts];
    for (int i = 0; i < parts; i++) {
      amounts[i] = i < leftover ? larger : smaller;
    }
    return List.of(amounts);
  }

  /**
   * Divides this amount by shares, as {@link #allocate(long...)} with each rate's value in steps
   * of 10<sup>-18</sup> as its weight. The shares need not add up to 100%: they are weights.
   *
   * <p>For example, {@code USD 0.05} allocated by shares {@code 50%} and {@code 50%} is {@code
   * [USD 0.03, USD 0.02]}, and by the three shares of {@code Rate.ONE.allocate(1, 1, 1)} it is
   * {@code [USD 0.02, USD 0.02, USD 0.01]}.
   *
   * <p>The steps are divided by their greatest common divisor first, which changes no part, so
   * that shares such as ten of {@code 100%} add up within a {@code long}.
   *
   * @param shares one or more rates, not all zero
   * @return one part per share, in the order of the shares
   * @throws IllegalArgumentException if there are no shares or all are zero
   * @throws ArithmeticException if the shares' steps, so divided, add up to more than a {@code
   *     long} holds: shares of more than 922% in all with 18 significant digits
   */
  public List<Money> allocate(List<Rate> shares) {
    checkNotNull(shares, "shares");
    checkArgument(!shares.isEmpty(), "shares must not be empty");
    long[] weights = new long[shares.size()];
    long divisor = 0;
    for (int i = 0; i < weights.length; i++) {
      weights[i] = checkNotNull(shares.get(i), "shares contains null at index %s", i).steps();
      divisor = LongMath.gcd(divisor, weights[i]);
    }
    checkArgument(divisor != 0, "shares must not all be zero: %s", shares);
    if (divisor > 1) {
      for (int i = 0; i < weights.length; i++) {
        weights[i] /= divisor;
      }
    }
    try {
      return wrap(Allocation.allocate(minor, weights));
    } catch (ArithmeticException e) {
      throw new ArithmeticException("shares add up to more steps of 10^-18 than a long holds,"
          + " even divided by their greatest common divisor: " + shares);
    }
  }

  /**
   * Divides this amount across items in proportion to their amounts, as {@link
   * #allocate(long...)} with the items' minor units as weights.
   *
   * <p>This spreads an order-level discount, fee or refund over line items. For example, a
   * discount of {@code USD 5.00} prorated over items of {@code USD 30.00}, {@code USD 10.00} and
   * {@code USD 3.00} is {@code [USD 3.49, USD 1.16, USD 0.35]}, which adds up to {@code USD 5.00}.
   *
   * @param basis the item amounts, in this amount's currency, none negative and not all zero
   * @return one part per item, in the order of the items
   * @throws IllegalArgumentException if the basis is empty, has a negative item, or adds up to
   *     zero
   * @throws CurrencyMismatchException if an item has another currency
   * @throws ArithmeticException if the items add up to more than {@code Long.MAX_VALUE} minor
   *     units
   */
  public List<Money> prorate(List<Money> basis) {
    checkNotNull(basis, "basis");
    checkArgument(!basis.isEmpty(), "basis must not be empty");
    long[] weights = new long[basis.size()];
    for (int i = 0; i < weights.length; i++) {
      Money item = checkNotNull(basis.get(i), "basis contains null at index %s", i);
      checkCurrency(currency, item.currency);
      checkArgument(item.minor >= 0, "basis[%s] must not be negative: %s", i, item);
      weights[i] = item.minor;
    }
    if (!Allocation.hasPositive(weights)) {
      // Built only when thrown: showing the basis prints its items.
      throw new IllegalArgumentException(
          "basis must not add up to zero: " + Allocation.shown(basis, "items"));
    }
    try {
      return wrap(Allocation.allocate(minor, weights));
    } catch (ArithmeticException e) {
      throw new ArithmeticException("basis must add up to at most "
          + new Money(Long.MAX_VALUE, currency) + ": " + Allocation.shown(basis, "items"));
    }
  }

  private List<Money> wrap(long[] parts) {
    Money[] amounts = new Money[parts.length];
    for (int i = 0; i < parts.length; i++) {
      amounts[i] = new Money(parts[i], currency);
    }
    return List.of(amounts);
  }

  /** {@return -1, 0 or 1 as this amount is negative, zero or positive} */
  public int signum() {
    return Long.signum(minor);
  }

  /** {@return whether this amount is zero} */
  public boolean isZero() {
    return minor == 0;
  }

  /** {@return whether this amount is greater than zero} */
  public boolean isPositive() {
    return minor > 0;
  }

  /** {@return whether this amount is less than zero} */
  public boolean isNegative() {
    return minor < 0;
  }

  /**
   * Returns whether this amount is greater than the other.
   *
   * @param other an amount in the same currency
   * @return whether this amount is greater
   * @throws CurrencyMismatchException if the currencies differ
   */
  public boolean isGreaterThan(Money other) {
    return compareTo(other) > 0;
  }

  /**
   * Returns whether this amount is less than the other.
   *
   * @param other an amount in the same currency
   * @return whether this amount is less
   * @throws CurrencyMismatchException if the currencies differ
   */
  public boolean isLessThan(Money other) {
    return compareTo(other) < 0;
  }

  /**
   * Returns the smaller of this amount and the other.
   *
   * @param other an amount in the same currency
   * @return the smaller amount; this one if they are equal
   * @throws CurrencyMismatchException if the currencies differ
   */
  public Money min(Money other) {
    return compareTo(other) <= 0 ? this : other;
  }

  /**
   * Returns the larger of this amount and the other.
   *
   * @param other an amount in the same currency
   * @return the larger amount; this one if they are equal
   * @throws CurrencyMismatchException if the currencies differ
   */
  public Money max(Money other) {
    return compareTo(other) >= 0 ? this : other;
  }

  /**
   * Compares amounts of the same currency by value.
   *
   * @throws CurrencyMismatchException if the currencies differ; amounts of different currencies
   *     have no order
   */
  @Override
  public int compareTo(Money other) {
    checkNotNull(other, "other");
    checkCurrency(currency, other.currency);
    return Long.compare(minor, other.minor);
  }

  /** Returns whether the other object is an amount of the same currency and value. */
  @Override
  public boolean equals(@Nullable Object obj) {
    return obj instanceof Money other && minor == other.minor && currency.equals(other.currency);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(minor) * 31 + currency.hashCode();
  }

  /**
   * Returns the code, a space and the amount with exactly the currency's scale, such as {@code USD
   * 12.34}, {@code USD -0.05} or {@code JPY 1200}. {@link #parse(CharSequence, CurrencyTable)}
   * reads it back with a table that holds the currency, and {@link #parse(CharSequence)} when the
   * currency is one of {@link CurrencyTable#iso4217()}; a custom unit's text needs its table.
   */
  @Override
  public String toString() {
    return MoneyParser.format(minor, currency);
  }
}
