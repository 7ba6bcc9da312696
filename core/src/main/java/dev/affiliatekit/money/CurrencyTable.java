package dev.affiliatekit.money;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.base.Splitter;
import com.google.common.collect.ImmutableSortedMap;
import dev.affiliatekit.internal.Texts;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * A set of currency units by code: the ISO 4217 currencies this library ships, optionally
 * extended or overridden with custom units.
 *
 * <p>The library owns its ISO table instead of reading {@link java.util.Currency}, whose data
 * changes between JDK releases; a table never changes once built. A program with points, store
 * credit or a different view of a currency's scale builds its own table and passes it to {@link
 * Money#parse(CharSequence, CurrencyTable)}:
 *
 * <pre>{@code
 * CurrencyUnit points = CurrencyUnit.custom("PTS", 0);
 * CurrencyTable table = CurrencyTable.iso4217().with(points);
 * Money balance = Money.parse("PTS 1200", table);
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class CurrencyTable {

  /**
   * Active ISO 4217 codes with their minor units (ISO 4217 list one, 2025 edition), as pairs of
   * code and scale. Codes without minor units (precious metals, SDR, testing) are left out.
   */
  private static final String ISO_4217 = """
      AED 2 AFN 2 ALL 2 AMD 2 ANG 2 AOA 2 ARS 2 AUD 2 AWG 2 AZN 2 BAM 2 BBD 2 BDT 2 BGN 2 BHD 3
      BIF 0 BMD 2 BND 2 BOB 2 BOV 2 BRL 2 BSD 2 BTN 2 BWP 2 BYN 2 BZD 2 CAD 2 CDF 2 CHE 2 CHF 2
      CHW 2 CLF 4 CLP 0 CNY 2 COP 2 COU 2 CRC 2 CUP 2 CVE 2 CZK 2 DJF 0 DKK 2 DOP 2 DZD 2 EGP 2
      ERN 2 ETB 2 EUR 2 FJD 2 FKP 2 GBP 2 GEL 2 GHS 2 GIP 2 GMD 2 GNF 0 GTQ 2 GYD 2 HKD 2 HNL 2
      HTG 2 HUF 2 IDR 2 ILS 2 INR 2 IQD 3 IRR 2 ISK 0 JMD 2 JOD 3 JPY 0 KES 2 KGS 2 KHR 2 KMF 0
      KPW 2 KRW 0 KWD 3 KYD 2 KZT 2 LAK 2 LBP 2 LKR 2 LRD 2 LSL 2 LYD 3 MAD 2 MDL 2 MGA 2 MKD 2
      MMK 2 MNT 2 MOP 2 MRU 2 MUR 2 MVR 2 MWK 2 MXN 2 MXV 2 MYR 2 MZN 2 NAD 2 NGN 2 NIO 2 NOK 2
      NPR 2 NZD 2 OMR 3 PAB 2 PEN 2 PGK 2 PHP 2 PKR 2 PLN 2 PYG 0 QAR 2 RON 2 RSD 2 RUB 2 RWF 0
      SAR 2 SBD 2 SCR 2 SDG 2 SEK 2 SGD 2 SHP 2 SLE 2 SOS 2 SRD 2 SSP 2 STN 2 SVC 2 SYP 2 SZL 2
      THB 2 TJS 2 TMT 2 TND 3 TOP 2 TRY 2 TTD 2 TWD 2 TZS 2 UAH 2 UGX 0 USD 2 USN 2 UYI 0 UYU 2
      UYW 4 UZS 2 VED 2 VES 2 VND 0 VUV 0 WST 2 XAF 0 XCD 2 XCG 2 XOF 0 XPF 0 YER 2 ZAR 2 ZMW 2
      ZWG 2
      """;

  private static final CurrencyTable ISO = new CurrencyTable(parseIsoTable());

  private final ImmutableSortedMap<String, CurrencyUnit> byCode;

  private CurrencyTable(Map<String, CurrencyUnit> byCode) {
    this.byCode = ImmutableSortedMap.copyOf(byCode);
  }

  private static Map<String, CurrencyUnit> parseIsoTable() {
    List<CurrencyUnit> wellKnown = List.of(CurrencyUnit.USD, CurrencyUnit.EUR, CurrencyUnit.GBP,
        CurrencyUnit.JPY, CurrencyUnit.CHF, CurrencyUnit.CAD, CurrencyUnit.AUD);
    Map<String, CurrencyUnit> units = new TreeMap<>();
    List<String> tokens = Splitter.on(' ').omitEmptyStrings().trimResults()
        .splitToList(ISO_4217.replace('\n', ' '));
    for (int i = 0; i < tokens.size(); i += 2) {
      CurrencyUnit unit = CurrencyUnit.custom(tokens.get(i), Integer.parseInt(tokens.get(i + 1)));
      units.put(
          unit.code(), wellKnown.contains(unit) ? wellKnown.get(wellKnown.indexOf(unit)) : unit);
    }
    return units;
  }

  /** {@return the ISO 4217 currencies, as of the 2025 edition of the standard} */
  public static CurrencyTable iso4217() {
    return ISO;
  }

  /**
   * Returns a table that holds exactly the given units.
   *
   * @param units the units, with distinct codes
   * @return the table
   * @throws IllegalArgumentException if two units share a code
   */
  public static CurrencyTable of(Collection<CurrencyUnit> units) {
    Map<String, CurrencyUnit> byCode = new TreeMap<>();
    int index = 0;
    for (CurrencyUnit unit : checkNotNull(units, "units")) {
      checkNotNull(unit, "units contains null at index %s", index);
      CurrencyUnit previous = byCode.put(unit.code(), unit);
      checkArgument(previous == null, "currency code appears twice: %s", unit.code());
      index++;
    }
    return new CurrencyTable(byCode);
  }

  /**
   * Returns a table with the given units added, each replacing any unit with the same code.
   *
   * <p>For example, {@code iso4217().with(CurrencyUnit.custom("ISK", 2))} reads Icelandic krónur
   * with two decimal places instead of the standard's zero.
   *
   * @param units the units to add or override
   * @return the new table, or this table when nothing changes
   */
  public CurrencyTable with(CurrencyUnit... units) {
    checkNotNull(units, "units");
    Map<String, CurrencyUnit> byCode = new TreeMap<>(this.byCode);
    for (int i = 0; i < units.length; i++) {
      byCode.put(checkNotNull(units[i], "units contains null at index %s", i).code(), units[i]);
    }
    return byCode.equals(this.byCode) ? this : new CurrencyTable(byCode);
  }

  /**
   * Finds the unit with the given code.
   *
   * @param code the code, such as {@code USD}; codes are case-sensitive
   * @return the unit, or empty if this table has no unit with that code
   */
  public Optional<CurrencyUnit> find(CharSequence code) {
    return Optional.ofNullable(lookup(checkNotNull(code, "code")));
  }

  @Nullable CurrencyUnit lookup(CharSequence code) {
    return byCode.get(code.toString());
  }

  /**
   * Returns the unit with the given code.
   *
   * @param code the code, such as {@code USD}; codes are case-sensitive
   * @return the unit
   * @throws IllegalArgumentException if this table has no unit with that code
   */
  public CurrencyUnit get(CharSequence code) {
    CurrencyUnit unit = lookup(checkNotNull(code, "code"));
    if (unit == null) {
      throw new IllegalArgumentException("currency code is unknown: " + Texts.quote(code));
    }
    return unit;
  }

  /** {@return the units of this table, ordered by code} */
  public List<CurrencyUnit> units() {
    return byCode.values().asList();
  }

  @Override
  public boolean equals(@Nullable Object obj) {
    return obj instanceof CurrencyTable other && byCode.equals(other.byCode);
  }

  @Override
  public int hashCode() {
    return byCode.hashCode();
  }

  /** {@return the codes and scales of this table, for debugging; the format may change} */
  @Override
  public String toString() {
    return "CurrencyTable" + byCode.values().stream()
        .map(unit -> unit.code() + "/" + unit.scale()).toList();
  }
}
