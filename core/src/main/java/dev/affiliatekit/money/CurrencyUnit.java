package dev.affiliatekit.money;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.affiliatekit.internal.CurrencyCodes;
import dev.affiliatekit.internal.Texts;
import java.util.Comparator;
import org.jspecify.annotations.Nullable;

/**
 * A unit of money: an ISO 4217 currency such as {@code USD}, or a custom unit such as loyalty
 * points or store credit, together with its scale (the number of decimal places of its minor
 * unit).
 *
 * <p>ISO currencies come from {@link CurrencyTable#iso4217()}, a table this library owns so that
 * results do not change with the JDK's own currency data: {@code CurrencyUnit.of("JPY")} has scale
 * 0, {@code USD} 2, {@code KWD} 3 and {@code CLF} 4. A program that needs another unit, or another
 * scale for an existing code, creates it with {@link #custom(String, int)} and adds it to its own
 * {@link CurrencyTable}.
 *
 * <p>Two units are equal when their codes and scales are equal. {@link #toString()} is the code.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class CurrencyUnit implements Comparable<CurrencyUnit> {

  /** The largest scale a unit may have; an amount of that scale still spans ±9.2 billion. */
  public static final int MAX_SCALE = 9;

  private static final Comparator<CurrencyUnit> ORDER =
      Comparator.comparing(CurrencyUnit::code).thenComparingInt(CurrencyUnit::scale);

  /** United States dollar, scale 2. */
  public static final CurrencyUnit USD = new CurrencyUnit("USD", 2);
  /** Euro, scale 2. */
  public static final CurrencyUnit EUR = new CurrencyUnit("EUR", 2);
  /** Pound sterling, scale 2. */
  public static final CurrencyUnit GBP = new CurrencyUnit("GBP", 2);
  /** Japanese yen, scale 0. */
  public static final CurrencyUnit JPY = new CurrencyUnit("JPY", 0);
  /** Swiss franc, scale 2. */
  public static final CurrencyUnit CHF = new CurrencyUnit("CHF", 2);
  /** Canadian dollar, scale 2. */
  public static final CurrencyUnit CAD = new CurrencyUnit("CAD", 2);
  /** Australian dollar, scale 2. */
  public static final CurrencyUnit AUD = new CurrencyUnit("AUD", 2);

  private final String code;
  private final int scale;
  private final long minorPerMajor;

  private CurrencyUnit(String code, int scale) {
    this.code = code;
    this.scale = scale;
    this.minorPerMajor = Rounding.powerOfTen(scale);
  }

  /**
   * Returns the ISO 4217 currency with the given code, from {@link CurrencyTable#iso4217()}.
   *
   * <p>For example, {@code CurrencyUnit.of("BHD")} is the Bahraini dinar with scale 3.
   *
   * @param code an upper-case, three-letter ISO 4217 code
   * @return the currency
   * @throws IllegalArgumentException if the code is not in the ISO 4217 table
   */
  public static CurrencyUnit of(String code) {
    return CurrencyTable.iso4217().get(code);
  }

  /**
   * Returns a unit with the given code and scale, for units outside ISO 4217 (points, store
   * credit, a house currency) or to override an ISO currency's scale.
   *
   * <p>For example, {@code CurrencyUnit.custom("PTS", 0)} counts whole loyalty points.
   *
   * <p>A unit with an ISO code and another scale, such as {@code custom("ISK", 2)}, is another
   * unit than the ISO one (units are equal when their codes and scales are), yet its amounts print
   * the same code. Their text reads back only through {@link Money#parse(CharSequence,
   * CurrencyTable)} with a table that holds the unit, such as {@code
   * CurrencyTable.iso4217().with(unit)}: {@link Money#parse(CharSequence)} reads it as the ISO
   * unit, so it refuses {@code ISK 1.50} for its decimals, and reads {@code ISK 1.00} as the ISO
   * {@code ISK 1}, which is not equal to it. A program that overrides a scale reads all its text,
   * JSON included, through one table that holds its unit.
   *
   * @param code 1 to 16 characters of {@code A-Z}, {@code 0-9} or {@code _}, starting with a letter
   * @param scale the number of decimal places of the minor unit, from 0 to {@value #MAX_SCALE}
   * @return the unit
   * @throws IllegalArgumentException if the code or the scale is out of bounds
   */
  public static CurrencyUnit custom(String code, int scale) {
    checkNotNull(code, "code");
    if (!CurrencyCodes.isValid(code)) {
      throw new IllegalArgumentException(
          "currency code must be " + CurrencyCodes.FORM + ": " + Texts.quote(code));
    }
    checkArgument(scale >= 0 && scale <= MAX_SCALE,
        "currency scale must be within [0, %s]: %s", MAX_SCALE, scale);
    return new CurrencyUnit(code, scale);
  }

  /** {@return the code, such as {@code USD}} */
  public String code() {
    return code;
  }

  /**
   * {@return the number of decimal places of the minor unit: 2 for {@code USD}, 0 for {@code JPY}}
   */
  public int scale() {
    return scale;
  }

  /** {@return how many minor units make one major unit: 100 for {@code USD}, 1 for {@code JPY}} */
  long minorPerMajor() {
    return minorPerMajor;
  }

  /** Orders units by code, then by scale. */
  @Override
  public int compareTo(CurrencyUnit other) {
    checkNotNull(other, "other");
    return ORDER.compare(this, other);
  }

  @Override
  public boolean equals(@Nullable Object obj) {
    return obj == this
        || (obj instanceof CurrencyUnit other && scale == other.scale && code.equals(other.code));
  }

  @Override
  public int hashCode() {
    return code.hashCode() * 31 + scale;
  }

  /** {@return the code, such as {@code USD}} */
  @Override
  public String toString() {
    return code;
  }
}
