package dev.affiliatekit.money;

import static dev.affiliatekit.money.CurrencyUnit.EUR;
import static dev.affiliatekit.money.CurrencyUnit.JPY;
import static dev.affiliatekit.money.CurrencyUnit.USD;
import static java.math.RoundingMode.HALF_EVEN;
import static java.math.RoundingMode.HALF_UP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.testing.EqualsTester;
import com.google.common.testing.NullPointerTester;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class MoneyTest {

  private static Money usd(String amount) {
    return Money.of(new BigDecimal(amount), USD);
  }

  @Nested
  class Factories {

    @Test
    void ofMinor_usesTheCurrencyScale() {
      assertThat(Money.ofMinor(1234, USD).toString()).isEqualTo("USD 12.34");
      assertThat(Money.ofMinor(1234, JPY).toString()).isEqualTo("JPY 1234");
      assertThat(Money.ofMinor(1234, CurrencyUnit.of("BHD")).toString()).isEqualTo("BHD 1.234");
      assertThat(Money.ofMinor(1234, CurrencyUnit.of("CLF")).toString()).isEqualTo("CLF 0.1234");
    }

    @Test
    void ofMajor_scalesUp_andChecksOverflow() {
      assertThat(Money.ofMajor(50, USD)).isEqualTo(usd("50.00"));
      assertThat(Money.ofMajor(50, JPY).minorUnits()).isEqualTo(50);
      assertThatThrownBy(() -> Money.ofMajor(Long.MAX_VALUE / 10, USD))
          .isInstanceOf(ArithmeticException.class)
          .hasMessage("amount is out of range for USD: 922337203685477580");
    }

    @Test
    void of_zeroWithAnyExponent_isZero() {
      // Regression: 0E+20, as BigDecimal products with zero give, was refused as out of range.
      assertThat(Money.of(new BigDecimal("1E+20").multiply(BigDecimal.ZERO), USD))
          .isEqualTo(Money.ofMinor(0, USD));
      assertThat(Money.of(new BigDecimal("0E+19"), JPY, RoundingMode.HALF_EVEN).minorUnits())
          .isZero();
      assertThat(Money.of(new BigDecimal("-0E-1000"), USD)).isEqualTo(Money.ofMinor(0, USD));
    }

    @Test
    void of_normalisesTheScale_soEqualValuesAreEqual() {
      assertThat(Money.of(new BigDecimal("1.5"), USD)).isEqualTo(Money.of(new BigDecimal("1.500"), USD));
      assertThat(Money.of(new BigDecimal("1.5"), USD).amount()).isEqualTo(new BigDecimal("1.50"));
      assertThat(Money.of(new BigDecimal("1E+3"), JPY).minorUnits()).isEqualTo(1000);
    }

    @Test
    void of_excessScale_isRejectedWithoutARoundingMode() {
      assertThatThrownBy(() -> Money.of(new BigDecimal("12.345"), USD))
          .isInstanceOf(ArithmeticException.class)
          .hasMessage("amount has more than 2 decimal places for USD: 12.345");
      assertThatThrownBy(() -> Money.of(new BigDecimal("0.5"), JPY))
          .hasMessage("amount has more than 0 decimal places for JPY: 0.5");
    }

    @Test
    void of_excessScale_isRoundedWithARoundingMode() {
      assertThat(Money.of(new BigDecimal("12.345"), USD, HALF_EVEN)).isEqualTo(usd("12.34"));
      assertThat(Money.of(new BigDecimal("12.345"), USD, HALF_UP)).isEqualTo(usd("12.35"));
      assertThat(Money.of(new BigDecimal("-0.004"), USD, HALF_EVEN).toString()).isEqualTo("USD 0.00");
    }

    @Test
    void of_outOfRange_namesTheAmount() {
      assertThatThrownBy(() -> Money.of(new BigDecimal("92233720368547758.08"), USD))
          .isInstanceOf(ArithmeticException.class)
          .hasMessage("amount is out of range for USD: 92233720368547758.08");
      assertThat(Money.of(new BigDecimal("92233720368547758.07"), USD).minorUnits())
          .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void of_hugeExponent_isRefusedAtOnceWithAShortMessage() {
      assertThatThrownBy(() -> Money.of(new BigDecimal("1e1000000000"), USD, HALF_EVEN))
          .isInstanceOf(ArithmeticException.class)
          .hasMessage("amount is out of range for USD: 1E+1000000000");
      assertThatThrownBy(() -> Money.of(new BigDecimal("-12345678901234567890"), USD, HALF_EVEN))
          .isInstanceOf(ArithmeticException.class)
          .hasMessage("amount is out of range for USD: -12345678901234567890");
    }

    @Test
    void of_tinyAmount_roundsAsAnyAmountBelowATenthOfACent() {
      BigDecimal tiny = new BigDecimal("1e-1000000000");
      assertThat(Money.of(tiny, USD, HALF_EVEN)).isEqualTo(usd("0.00"));
      assertThat(Money.of(tiny, USD, java.math.RoundingMode.UP)).isEqualTo(usd("0.01"));
      assertThat(Money.of(tiny.negate(), USD, java.math.RoundingMode.FLOOR)).isEqualTo(usd("-0.01"));
      assertThat(Money.of(tiny.negate(), USD, java.math.RoundingMode.CEILING)).isEqualTo(usd("0.00"));
      assertThat(Money.of(new BigDecimal("0E-1000000000"), USD)).isEqualTo(usd("0.00"));
      assertThatThrownBy(() -> Money.of(tiny, USD))
          .isInstanceOf(ArithmeticException.class)
          .hasMessage("amount has more than 2 decimal places for USD: 1E-1000000000");
    }

    @Test
    void of_justBelowATenthOfAMinorUnit_roundsAsBefore() {
      // 0.00099..9 and 0.0005 sit on each side of the stand-in's reach: both round exactly.
      assertThat(Money.of(new BigDecimal("0.000999"), USD, java.math.RoundingMode.UP))
          .isEqualTo(usd("0.01"));
      assertThat(Money.of(new BigDecimal("0.005"), USD, HALF_EVEN)).isEqualTo(usd("0.00"));
      assertThat(Money.of(new BigDecimal("0.0051"), USD, HALF_EVEN)).isEqualTo(usd("0.01"));
    }

    @Test
    void zero_isZero() {
      assertThat(Money.zero(EUR).isZero()).isTrue();
      assertThat(Money.zero(EUR).toString()).isEqualTo("EUR 0.00");
    }
  }

  @Nested
  class Parse {

    @ParameterizedTest
    @CsvSource({
        "USD 12.34, 1234",
        "USD -12.34, -1234",
        "USD 12.3, 1230",
        "USD 12, 1200",
        "USD 12.340000, 1234",
        "USD -0.00, 0",
        "USD 0007.5, 750",
        "JPY 1200, 1200",
        "JPY 1200.000, 1200",
        "KWD 1.234, 1234",
        "CLF 1.2345, 12345",
        "USD 92233720368547758.07, 9223372036854775807",
        "USD -92233720368547758.08, -9223372036854775808"})
    void parse_validText(String text, long minor) {
      assertThat(Money.parse(text).minorUnits()).isEqualTo(minor);
    }

    @Test
    void parse_excessDecimalPlaces_namesTheScale() {
      assertThatThrownBy(() -> Money.parse("USD 12.345"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("money has more than 2 decimal places for USD: 'USD 12.345'");
    }

    @Test
    void parse_unknownCurrency_namesTheCode() {
      assertThatThrownBy(() -> Money.parse("XYZ 1.00"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("money has an unknown currency code 'XYZ': 'XYZ 1.00'");
      assertThatThrownBy(() -> Money.parse("usd 1.00"))
          .hasMessage("money has an unknown currency code 'usd': 'usd 1.00'");
    }

    @Test
    void parse_outOfRange_isAnIllegalArgument() {
      assertThatThrownBy(() -> Money.parse("USD 92233720368547758.08"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("money amount is out of range: 'USD 92233720368547758.08'")
          .hasCauseInstanceOf(ArithmeticException.class);
    }

    @Test
    void parse_localeFormats_areRejectedNotMisread() {
      assertThatThrownBy(() -> Money.parse("USD 1,234.56"))
          .hasMessage("money must use '.' as the decimal separator and no digit grouping, not ','"
              + " at index 5: 'USD 1,234.56'");
      assertThatThrownBy(() -> Money.parse("EUR 12,34"))
          .hasMessage("money must use '.' as the decimal separator and no digit grouping, not ','"
              + " at index 6: 'EUR 12,34'");
    }

    /**
     * Regression: a decimal comma after a grouping point read as too many decimal places, and a
     * grouping space as a stray character, neither naming the cause.
     */
    @Test
    void parse_decimalCommaAndDigitGrouping_areNamed_whateverElseIsWrong() {
      assertThatThrownBy(() -> Money.parse("USD 1.234,50"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("money must use '.' as the decimal separator and no digit grouping, not ','"
              + " at index 9: 'USD 1.234,50'");
      assertThatThrownBy(() -> Money.parse("JPY 1.234,5"))
          .hasMessage("money must use '.' as the decimal separator and no digit grouping, not ','"
              + " at index 9: 'JPY 1.234,5'");
      assertThatThrownBy(() -> Money.parse("USD 12345678901234567890,50"))
          .hasMessage("money must use '.' as the decimal separator and no digit grouping, not ','"
              + " at index 24: 'USD 12345678901234567890,50'");
      assertThatThrownBy(() -> Money.parse("USD 1 234.50"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("money must not group digits or have spaces in its amount, not ' ' at index"
              + " 5: 'USD 1 234.50'");
      assertThatThrownBy(() -> Money.parse("EUR 1\u00a0234,50"))
          .hasMessage("money must not group digits or have spaces in its amount, not '\\u00a0' at"
              + " index 5: 'EUR 1\\u00a0234,50'");
      assertThatThrownBy(() -> Money.parse("EUR 1\u202f234.50"))
          .hasMessage("money must not group digits or have spaces in its amount, not '\\u202f' at"
              + " index 5: 'EUR 1\\u202f234.50'");
      assertThatThrownBy(() -> Money.parse("CHF 1'234.50"))
          .hasMessage("money must not group digits or have spaces in its amount, not '\\'' at"
              + " index 5: 'CHF 1\\'234.50'");
      // Other errors keep their messages.
      assertThatThrownBy(() -> Money.parse("USD 1.234"))
          .hasMessage("money has more than 2 decimal places for USD: 'USD 1.234'");
      assertThatThrownBy(() -> Money.parse("USD 1_234.50"))
          .hasMessage("money has invalid character '_' at index 5: 'USD 1_234.50'");
      // A space that groups no digits, such as a CSV cell's trailing one, is not the cause.
      assertThatThrownBy(() -> Money.parse("USD 1e3 "))
          .hasMessage("money has invalid character 'e' at index 5: 'USD 1e3 '");
      assertThatThrownBy(() -> Money.parse("JPY 1.5 "))
          .hasMessage("money has more than 0 decimal places for JPY: 'JPY 1.5 '");
      assertThatThrownBy(() -> Money.parse("USD 12.345 "))
          .hasMessage("money has more than 2 decimal places for USD: 'USD 12.345 '");
      assertThatThrownBy(() -> Money.parse("USD 1e3 4"))
          .hasMessage("money has invalid character 'e' at index 5: 'USD 1e3 4'");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "USD", "USD ", "USD  1", " USD 1", "USD 1 ", "USD +1", "USD --1",
        "USD .5", "USD 5.", "USD 1.2.3", "USD 1e3", "USD \u0967\u0968", "12.34 USD", "$12.34",
        "USD\t1", "USD -", "USD 1-", "USD 12,", "USD 12'"})
    void parse_malformed_throwsIllegalArgument(String text) {
      assertThatThrownBy(() -> Money.parse(text))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("money ");
    }

    @Test
    void parse_withoutTheSpace_asksForTheFormat() {
      assertThatThrownBy(() -> Money.parse("USD12.34"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("money must be a currency code, a space and an amount, such as USD 12.34: "
              + "'USD12.34'");
    }

    @Test
    void parse_customTable_readsCustomUnits() {
      CurrencyUnit points = CurrencyUnit.custom("PTS", 0);
      CurrencyTable table = CurrencyTable.iso4217().with(points);
      assertThat(Money.parse("PTS 1200", table)).isEqualTo(Money.ofMinor(1200, points));
      assertThatThrownBy(() -> Money.parse("PTS 1200"))
          .hasMessageContaining("unknown currency code 'PTS'");
    }

    /**
     * The text of a custom unit reads back through a table that holds the unit, and not through
     * the ISO table, even when the unit has an ISO code.
     */
    @Test
    void toString_ofACustomUnit_readsBackOnlyThroughItsTable() {
      Money points = Money.ofMinor(5, CurrencyUnit.custom("PTS", 0));
      Money yen = Money.ofMinor(100, CurrencyUnit.custom("JPY", 2));
      CurrencyTable table = CurrencyTable.iso4217().with(points.currency(), yen.currency());
      assertThat(points).hasToString("PTS 5");
      assertThat(yen).hasToString("JPY 1.00");
      assertThat(Money.parse(points.toString(), table)).isEqualTo(points);
      assertThat(Money.parse(yen.toString(), table)).isEqualTo(yen);
      assertThatThrownBy(() -> Money.parse(points.toString()))
          .hasMessage("money has an unknown currency code 'PTS': 'PTS 5'");
      assertThat(Money.parse(yen.toString())).isEqualTo(Money.ofMinor(1, JPY)).isNotEqualTo(yen);
      assertThatThrownBy(() -> Money.parse("JPY 1.50"))
          .hasMessage("money has more than 0 decimal places for JPY: 'JPY 1.50'");
    }

    @Test
    void parse_longInput_isTruncatedInTheMessage() {
      String text = "USD 1" + "x".repeat(10_000);
      assertThatThrownBy(() -> Money.parse(text))
          .hasMessageEndingWith("...'")
          .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
    }
  }

  @Nested
  class Arithmetic {

    @Test
    void plus_minus() {
      assertThat(usd("10.05").plus(usd("0.95"))).isEqualTo(usd("11.00"));
      assertThat(usd("10.05").minus(usd("10.10")).toString()).isEqualTo("USD -0.05");
    }

    @Test
    void plus_differentCurrency_throwsNamingBoth() {
      assertThatThrownBy(() -> usd("1").plus(Money.ofMinor(1, EUR)))
          .isInstanceOf(CurrencyMismatchException.class)
          .hasMessage("currencies differ: USD and EUR")
          .satisfies(e -> {
            CurrencyMismatchException mismatch = (CurrencyMismatchException) e;
            assertThat(mismatch.first()).isEqualTo(USD);
            assertThat(mismatch.second()).isEqualTo(EUR);
          });
    }

    @Test
    void mismatchWithItsOwnMessage_endsWithTheScales_onlyWhenTheCodesAgree() {
      CurrencyUnit usd3 = CurrencyUnit.custom("USD", 3);
      assertThat(new CurrencyMismatchException(USD, usd3, "discount must be in USD: USD 1.000"))
          .hasMessage("discount must be in USD: USD 1.000 (scale 3, not 2)");
      assertThat(new CurrencyMismatchException(USD, EUR, "discount must be in USD: EUR 1.00"))
          .hasMessage("discount must be in USD: EUR 1.00");
    }

    @Test
    void minus_differentCurrency_throwsNamingBoth() {
      assertThatThrownBy(() -> usd("1").minus(Money.ofMinor(1, EUR)))
          .isInstanceOf(CurrencyMismatchException.class)
          .hasMessage("currencies differ: USD and EUR");
      CurrencyUnit usd3 = CurrencyUnit.custom("USD", 3);
      assertThatThrownBy(() -> usd("1").minus(Money.ofMinor(1, usd3)))
          .isInstanceOf(CurrencyMismatchException.class);
    }

    @Test
    void plus_sameCodeDifferentScale_throwsNamingTheScales() {
      CurrencyUnit usd3 = CurrencyUnit.custom("USD", 3);
      assertThatThrownBy(() -> usd("1").plus(Money.ofMinor(1, usd3)))
          .isInstanceOf(CurrencyMismatchException.class)
          .hasMessage("currencies differ: USD with scale 2 and USD with scale 3");
    }

    @Test
    void times_rate_workedExamples() {
      assertThat(usd("10.00").times(Rate.parse("7.5%"), HALF_EVEN)).isEqualTo(usd("0.75"));
      assertThat(usd("0.10").times(Rate.parse("25%"), HALF_EVEN)).isEqualTo(usd("0.02"));
      assertThat(usd("0.30").times(Rate.parse("25%"), HALF_EVEN)).isEqualTo(usd("0.08"));
      assertThat(usd("0.10").times(Rate.parse("25%"), HALF_UP)).isEqualTo(usd("0.03"));
      assertThat(usd("-0.10").times(Rate.parse("25%"), RoundingMode.FLOOR)).isEqualTo(usd("-0.03"));
      assertThat(usd("40.00").times(Rate.parse("15%"), HALF_EVEN)).isEqualTo(usd("6.00"));
      assertThat(Money.ofMinor(999, JPY).times(Rate.parse("33.3%"), HALF_EVEN).minorUnits())
          .isEqualTo(333);
    }

    @Test
    void times_rate_tiesUnderHalfDown_roundTowardZero() {
      Rate quarter = Rate.parse("25%");
      assertThat(usd("0.10").times(quarter, RoundingMode.HALF_DOWN)).isEqualTo(usd("0.02"));
      assertThat(usd("-0.10").times(quarter, RoundingMode.HALF_DOWN)).isEqualTo(usd("-0.02"));
      assertThat(usd("0.30").times(quarter, RoundingMode.HALF_DOWN)).isEqualTo(usd("0.07"));
      assertThat(usd("0.15").times(quarter, RoundingMode.HALF_DOWN)).isEqualTo(usd("0.04"));
    }

    @Test
    void times_rate_inexactUnderUnnecessary_throws() {
      assertThatThrownBy(() -> usd("0.10").times(Rate.parse("25%"), RoundingMode.UNNECESSARY))
          .isInstanceOf(ArithmeticException.class)
          .hasMessage("money product needs rounding, which UNNECESSARY refuses: USD 0.10 * 25%");
      Money max = Money.ofMinor(Long.MAX_VALUE, USD);
      assertThatThrownBy(() -> max.times(Rate.parse("12.5%"), RoundingMode.UNNECESSARY))
          .hasMessage("money product needs rounding, which UNNECESSARY refuses: "
              + max + " * 12.5%");
      assertThat(usd("0.20").times(Rate.parse("25%"), RoundingMode.UNNECESSARY)).isEqualTo(usd("0.05"));
    }

    @Test
    void times_rate_atTheBounds_usesTheWideProduct() {
      Money max = Money.ofMinor(Long.MAX_VALUE, USD);
      Rate nearlyOne = Rate.parse("0.999999999999999999");
      assertThat(max.times(Rate.ONE, HALF_EVEN)).isEqualTo(max);
      assertThat(max.times(nearlyOne, RoundingMode.DOWN).minorUnits()).isEqualTo(Long.MAX_VALUE - 10);
      assertThat(Money.ofMinor(Long.MIN_VALUE, USD).times(Rate.parse("50%"), HALF_EVEN).minorUnits())
          .isEqualTo(Long.MIN_VALUE / 2);
    }

    /** A product in steps of the rate of exactly -2^64 has a low word of zero, yet is not zero. */
    @Test
    void times_rate_productOfMinusTwoToTheSixtyFourSteps_isNotMistakenForZero() {
      Money amount = Money.ofMinor(-(1L << 46), USD);
      Rate rate = Rate.parse("26.2144%"); // 262144 = 2^18 steps of 10^-6
      assertThat(amount.times(rate, HALF_EVEN).minorUnits()).isEqualTo(-18_446_744_073_710L);
      assertThat(amount.times(rate, RoundingMode.DOWN).minorUnits())
          .isEqualTo(-18_446_744_073_709L);
      assertThat(amount.negated().times(rate, HALF_EVEN).minorUnits())
          .isEqualTo(18_446_744_073_710L);
    }

    @Test
    void negated_mostNegative_throws() {
      assertThatThrownBy(() -> Money.ofMinor(Long.MIN_VALUE, USD).negated())
          .isInstanceOf(ArithmeticException.class);
      assertThatThrownBy(() -> Money.ofMinor(Long.MIN_VALUE, USD).abs())
          .isInstanceOf(ArithmeticException.class);
    }

    @Test
    void dividedBy() {
      assertThat(usd("10.00").dividedBy(3, HALF_EVEN)).isEqualTo(usd("3.33"));
      assertThat(usd("10.00").dividedBy(-3, RoundingMode.UP)).isEqualTo(usd("-3.34"));
      // Regression: these messages named neither the amount nor the divisor.
      assertThatThrownBy(() -> usd("10.00").dividedBy(0, HALF_EVEN))
          .isInstanceOf(ArithmeticException.class)
          .hasMessage("money divisor must not be zero: USD 10.00 / 0");
      assertThatThrownBy(() -> usd("10.00").dividedBy(3, RoundingMode.UNNECESSARY))
          .hasMessage("money quotient needs rounding, which UNNECESSARY refuses: USD 10.00 / 3");
      Money min = Money.ofMinor(Long.MIN_VALUE, USD);
      assertThatThrownBy(() -> min.dividedBy(-1, HALF_EVEN))
          .hasMessage("money quotient is out of range: " + min + " / -1");
      assertThat(min.dividedBy(1, HALF_EVEN)).isEqualTo(min);
    }

    @Test
    void dividedBy_mostNegativeAmountOrDivisor_isExact() {
      Money min = Money.ofMinor(Long.MIN_VALUE, USD);
      assertThat(min.dividedBy(-2, RoundingMode.UNNECESSARY).minorUnits()).isEqualTo(1L << 62);
      assertThat(min.dividedBy(-4, HALF_EVEN).minorUnits()).isEqualTo(1L << 61);
      assertThat(min.dividedBy(Long.MIN_VALUE, RoundingMode.UNNECESSARY)).isEqualTo(usd("0.01"));
      assertThat(usd("-0.01").dividedBy(Long.MIN_VALUE, RoundingMode.UP)).isEqualTo(usd("0.01"));
      assertThat(usd("-0.01").dividedBy(Long.MIN_VALUE, RoundingMode.DOWN)).isEqualTo(usd("0"));
    }

    @Test
    void total() {
      assertThat(Money.total(List.of(usd("1.67"), usd("1.67"), usd("1.66")))).isEqualTo(usd("5.00"));
      assertThat(Money.total(EUR, List.of())).isEqualTo(Money.zero(EUR));
      assertThatThrownBy(() -> Money.total(List.of()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("amounts must not be empty");
      assertThatThrownBy(() -> Money.total(List.of(usd("1"), Money.ofMinor(1, EUR))))
          .isInstanceOf(CurrencyMismatchException.class);
      List<Money> withNull = new ArrayList<>();
      withNull.add(usd("1"));
      withNull.add(null);
      assertThatThrownBy(() -> Money.total(withNull)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void total_overflow_throws() {
      Money max = Money.ofMinor(Long.MAX_VALUE, USD);
      assertThatThrownBy(() -> Money.total(List.of(usd("1.00"), max, usd("0.01"))))
          .isInstanceOf(ArithmeticException.class)
          .hasMessage("money total is out of range: USD 92233720368547759.08");
      assertThatThrownBy(() -> Money.total(USD, List.of(max, max, max)))
          .isInstanceOf(ArithmeticException.class)
          .hasMessage("money total is out of range: USD 276701161105643274.21");
    }

    @Test
    void total_partialSumsOutOfRange_totalInRange_isTheTotal() {
      Money max = Money.ofMinor(Long.MAX_VALUE, USD);
      Money min = Money.ofMinor(Long.MIN_VALUE, USD);
      assertThat(Money.total(List.of(max, usd("0.01"), usd("-0.01")))).isEqualTo(max);
      assertThat(Money.total(USD, List.of(min, usd("-1.00"), max, usd("1.00"))))
          .isEqualTo(Money.ofMinor(-1, USD));
    }

    @Test
    void arithmeticOverflow_namesTheOperation() {
      Money max = Money.ofMinor(Long.MAX_VALUE, USD);
      Money min = Money.ofMinor(Long.MIN_VALUE, USD);
      assertThatThrownBy(() -> max.plus(usd("0.01")))
          .isInstanceOf(ArithmeticException.class)
          .hasMessage("money sum is out of range: USD 92233720368547758.07 + USD 0.01");
      assertThatThrownBy(() -> min.minus(usd("0.01")))
          .isInstanceOf(ArithmeticException.class)
          .hasMessage("money difference is out of range: USD -92233720368547758.08 - USD 0.01");
      assertThatThrownBy(() -> max.times(2))
          .isInstanceOf(ArithmeticException.class)
          .hasMessage("money product is out of range: USD 92233720368547758.07 * 2");
      assertThatThrownBy(min::negated)
          .isInstanceOf(ArithmeticException.class)
          .hasMessage("money negation is out of range: -(USD -92233720368547758.08)");
      assertThatThrownBy(min::abs)
          .isInstanceOf(ArithmeticException.class)
          .hasMessage("money negation is out of range: -(USD -92233720368547758.08)");
      assertThat(min.plus(max)).isEqualTo(Money.ofMinor(-1, USD));
      assertThat(max.negated().minorUnits()).isEqualTo(-Long.MAX_VALUE);
    }
  }

  @Nested
  class Allocate {

    @Test
    void allocate_workedExamples() {
      assertThat(usd("100.00").allocate(1, 1, 1))
          .containsExactly(usd("33.34"), usd("33.33"), usd("33.33"));
      assertThat(usd("0.05").allocate(1, 3)).containsExactly(usd("0.01"), usd("0.04"));
      assertThat(usd("0.05").allocate(3, 1)).containsExactly(usd("0.04"), usd("0.01"));
      assertThat(usd("-100.00").allocate(1, 1, 1))
          .containsExactly(usd("-33.34"), usd("-33.33"), usd("-33.33"));
      assertThat(usd("10.00").allocate(0, 1, 0)).containsExactly(usd("0"), usd("10.00"), usd("0"));
    }

    @Test
    void allocate_equalRemainders_favourTheLargerWeight() {
      // 0.03 by 1:2:3 -> exact shares 0.5, 1.0 and 1.5 cents; the leftover cent goes to the 3.
      assertThat(usd("0.03").allocate(1, 2, 3)).containsExactly(usd("0"), usd("0.01"), usd("0.02"));
      assertThat(usd("0.03").allocate(3, 2, 1)).containsExactly(usd("0.02"), usd("0.01"), usd("0"));
      // 0.02 by 1:1:2 -> 0.5, 0.5, 1.0; the leftover cent goes to the first of the equal weights.
      assertThat(usd("0.02").allocate(1, 1, 2)).containsExactly(usd("0.01"), usd("0"), usd("0.01"));
    }

    @Test
    void allocate_manyParts_sortsInsteadOfScanning() {
      long[] weights = new long[1000];
      java.util.Arrays.fill(weights, 1);
      List<Money> parts = usd("9.99").allocate(weights);
      assertThat(parts.subList(0, 999)).allMatch(part -> part.equals(usd("0.01")));
      assertThat(parts.get(999)).isEqualTo(usd("0"));
      assertThat(usd("5.00").allocate(weights)).filteredOn(part -> part.minorUnits() == 1).hasSize(500);
      assertThat(usd("5.00").allocate(weights).get(499)).isEqualTo(usd("0.01"));
      assertThat(usd("5.00").allocate(weights).get(500)).isEqualTo(usd("0"));
    }

    @Test
    void allocate_badWeights_nameTheValue() {
      assertThatThrownBy(() -> usd("1").allocate())
          .isInstanceOf(IllegalArgumentException.class).hasMessage("weights must not be empty");
      assertThatThrownBy(() -> usd("1").allocate(1, -2))
          .isInstanceOf(IllegalArgumentException.class).hasMessage("weights[1] must not be negative: -2");
      assertThatThrownBy(() -> usd("1").allocate(0, 0))
          .isInstanceOf(IllegalArgumentException.class).hasMessage("weights must not all be zero: [0, 0]");
      assertThatThrownBy(() -> usd("1").allocate(Long.MAX_VALUE, 1))
          .isInstanceOf(ArithmeticException.class);
    }

    @Test
    void allocate_manyBadWeights_showTheFirstFewAndTheirCount() {
      assertThatThrownBy(() -> usd("1.00").allocate(new long[100_000]))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("weights must not all be zero: [0, 0, 0, 0, 0, 0, 0, 0, ...] (100000 weights)");
      assertThatThrownBy(() -> usd("1.00").allocate(Long.MAX_VALUE, 1))
          .isInstanceOf(ArithmeticException.class)
          .hasMessage("weights must add up to at most 9223372036854775807: [9223372036854775807, 1]");
      // A negative weight is named whatever the sum of the weights before it.
      assertThatThrownBy(() -> usd("0.01").allocate(Long.MAX_VALUE, 1, -1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("weights[2] must not be negative: -1");
      assertThatThrownBy(() -> Rate.ONE.allocate(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE))
          .isInstanceOf(ArithmeticException.class)
          .hasMessage("weights must add up to at most 9223372036854775807: "
              + "[9223372036854775807, 9223372036854775807, 9223372036854775807]");
    }

    @Test
    void allocate_mostNegativeAmount() {
      Money min = Money.ofMinor(Long.MIN_VALUE, USD);
      List<Money> parts = min.allocate(1, 1);
      assertThat(parts).containsExactly(Money.ofMinor(Long.MIN_VALUE / 2, USD),
          Money.ofMinor(Long.MIN_VALUE / 2, USD));
      assertThat(min.split(3).stream().mapToLong(Money::minorUnits).sum()).isEqualTo(Long.MIN_VALUE);
    }

    /**
     * Regression: {@code split(Integer.MAX_VALUE)} asked for an array of two billion parts and
     * threw {@code OutOfMemoryError}, which its documentation did not mention.
     */
    @Test
    void split_intoMoreThanMaxParts_isRejected_withTheCount() {
      assertThatThrownBy(() -> usd("5.00").split(Integer.MAX_VALUE))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("parts must be at most 1000000: 2147483647");
      assertThatThrownBy(() -> usd("5.00").split(Money.MAX_PARTS + 1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("parts must be at most 1000000: 1000001");
    }

    @Test
    void split_intoMaxParts_addsUpToTheAmount_theMostNegativeToo() {
      List<Money> parts = usd("5.00").split(Money.MAX_PARTS);
      assertThat(parts).hasSize(Money.MAX_PARTS);
      assertThat(Money.total(parts)).isEqualTo(usd("5.00"));
      assertThat(parts.get(499)).isEqualTo(usd("0.01"));
      assertThat(parts.get(500)).isEqualTo(usd("0.00"));

      Money min = Money.ofMinor(Long.MIN_VALUE, USD);
      List<Money> minParts = min.split(Money.MAX_PARTS);
      assertThat(Money.total(minParts)).isEqualTo(min);
      // 2^63 = 9223372036854 * 10^6 + 775808: the first 775,808 parts take a unit more.
      assertThat(minParts.get(775_807)).isEqualTo(Money.ofMinor(-9_223_372_036_855L, USD));
      assertThat(minParts.get(775_808)).isEqualTo(Money.ofMinor(-9_223_372_036_854L, USD));
      assertThat(min.split(1)).containsExactly(min);
    }

    @Test
    void split_workedExamples() {
      assertThat(usd("5.00").split(3)).containsExactly(usd("1.67"), usd("1.67"), usd("1.66"));
      assertThat(usd("-5.00").split(3)).containsExactly(usd("-1.67"), usd("-1.67"), usd("-1.66"));
      assertThat(Money.ofMinor(1, JPY).split(2)).containsExactly(Money.ofMinor(1, JPY), Money.zero(JPY));
      assertThatThrownBy(() -> usd("1").split(0))
          .isInstanceOf(IllegalArgumentException.class).hasMessage("parts must be at least 1: 0");
    }

    @Test
    void allocate_byShares_usesTheirStepsAsWeights() {
      assertThat(usd("0.05").allocate(List.of(Rate.parse("50%"), Rate.parse("50%"))))
          .containsExactly(usd("0.03"), usd("0.02"));
      assertThat(usd("0.05").allocate(Rate.ONE.allocate(1, 1, 1)))
          .containsExactly(usd("0.02"), usd("0.02"), usd("0.01"));
      assertThat(usd("1.00").allocate(List.of(Rate.parse("10%"), Rate.parse("30%"))))
          .containsExactly(usd("0.25"), usd("0.75"));
      assertThatThrownBy(() -> usd("1").allocate(List.of(Rate.ZERO)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("shares must not all be zero: [0%]");
      assertThatThrownBy(() -> usd("1").allocate(List.of()))
          .isInstanceOf(IllegalArgumentException.class).hasMessage("shares must not be empty");
    }

    @Test
    void allocate_bySharesAddingUpBeyond922Percent_isExact() {
      // Regression: ten shares of 100% overflowed the sum of their steps of 10^-18.
      List<Rate> tenWholes = java.util.Collections.nCopies(10, Rate.ONE);
      assertThat(usd("1.05").allocate(tenWholes)).isEqualTo(usd("1.05").split(10));
      // 4 x 100% and 6 x 99%: USD 9.94 in the proportion 100:99, as allocate(100, ..., 99) gives.
      List<Rate> mixed = new java.util.ArrayList<>(java.util.Collections.nCopies(4, Rate.ONE));
      mixed.addAll(java.util.Collections.nCopies(6, Rate.parse("99%")));
      assertThat(usd("9.94").allocate(mixed))
          .isEqualTo(usd("9.94").allocate(100, 100, 100, 100, 99, 99, 99, 99, 99, 99));
      // Steps with no common divisor cannot be weighed exactly in a long.
      List<Rate> fine = new java.util.ArrayList<>(java.util.Collections.nCopies(10, Rate.ONE));
      fine.add(Rate.parse("0.0000000000000001%"));
      assertThatThrownBy(() -> usd("1").allocate(fine))
          .isInstanceOf(ArithmeticException.class)
          .hasMessageStartingWith("shares add up to more steps of 10^-18 than a long holds");
    }

    @Test
    void prorate_orderDiscountAcrossLineItems() {
      List<Money> items = List.of(usd("30.00"), usd("10.00"), usd("3.00"));
      assertThat(usd("5.00").prorate(items)).containsExactly(usd("3.49"), usd("1.16"), usd("0.35"));
    }

    @Test
    void prorate_badBasis_namesTheProblem() {
      assertThatThrownBy(() -> usd("5").prorate(List.of()))
          .isInstanceOf(IllegalArgumentException.class).hasMessage("basis must not be empty");
      assertThatThrownBy(() -> usd("5").prorate(List.of(usd("1"), usd("-1"))))
          .isInstanceOf(IllegalArgumentException.class).hasMessage("basis[1] must not be negative: USD -1.00");
      assertThatThrownBy(() -> usd("5").prorate(List.of(usd("0"))))
          .isInstanceOf(IllegalArgumentException.class).hasMessage("basis must not add up to zero: [USD 0.00]");
      assertThatThrownBy(() -> usd("5").prorate(List.of(Money.ofMinor(1, EUR))))
          .isInstanceOf(CurrencyMismatchException.class);
    }

    @Test
    void prorate_basisBeyondALong_namesTheBasis() {
      List<Money> basis = List.of(Money.ofMinor(Long.MAX_VALUE, USD), usd("1.00"));

      assertThatThrownBy(() -> usd("1.00").prorate(basis))
          .isInstanceOf(ArithmeticException.class)
          .hasMessage("basis must add up to at most USD 92233720368547758.07:"
              + " [USD 92233720368547758.07, USD 1.00]");
      List<Money> many = new java.util.ArrayList<>(java.util.Collections.nCopies(100_000,
          usd("0.00")));
      many.set(0, Money.ofMinor(Long.MAX_VALUE, USD));
      many.set(1, usd("1.00"));
      assertThatThrownBy(() -> usd("1.00").prorate(many))
          .isInstanceOf(ArithmeticException.class)
          .hasMessageEndingWith(", ...] (100000 items)")
          .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(300));
    }

    @Test
    void allocate_returnsAnUnmodifiableList() {
      List<Money> parts = usd("1").split(2);
      assertThatThrownBy(() -> parts.set(0, usd("2"))).isInstanceOf(UnsupportedOperationException.class);
    }
  }

  @Nested
  class Comparison {

    @Test
    void signAndComparisons() {
      assertThat(usd("-0.01").signum()).isEqualTo(-1);
      assertThat(usd("-0.01").isNegative()).isTrue();
      assertThat(usd("0.01").isPositive()).isTrue();
      assertThat(usd("2").isGreaterThan(usd("1.99"))).isTrue();
      assertThat(usd("2").isLessThan(usd("2.01"))).isTrue();
      assertThat(usd("2").max(usd("3"))).isEqualTo(usd("3"));
    }

    @Test
    void zeroAndEqualAmounts_areNeitherGreaterNorLess() {
      assertThat(usd("0").isPositive()).isFalse();
      assertThat(usd("0").isNegative()).isFalse();
      assertThat(usd("0").isZero()).isTrue();
      assertThat(usd("0.01").isZero()).isFalse();
      assertThat(usd("-0.01").isZero()).isFalse();
      assertThat(usd("-0.01").isPositive()).isFalse();
      assertThat(usd("2").isLessThan(usd("2.00"))).isFalse();
      assertThat(usd("2").isGreaterThan(usd("2.00"))).isFalse();
      assertThat(usd("2.01").isLessThan(usd("2"))).isFalse();
      assertThat(usd("1.99").isGreaterThan(usd("2"))).isFalse();
    }

    @Test
    void minAndMax_ofEqualAmounts_returnThisOne() {
      Money one = Money.ofMinor(200, USD);
      Money other = Money.ofMinor(200, USD);
      assertThat(one.min(other)).isSameAs(one);
      assertThat(one.max(other)).isSameAs(one);
      assertThat(usd("2").min(usd("3"))).isEqualTo(usd("2"));
      assertThat(usd("3").min(usd("2"))).isEqualTo(usd("2"));
    }

    @Test
    void compareTo_differentCurrency_throws() {
      assertThatThrownBy(() -> usd("1").compareTo(Money.ofMinor(100, EUR)))
          .isInstanceOf(CurrencyMismatchException.class);
    }

    @Test
    void equalsAndHashCode() {
      new EqualsTester()
          .addEqualityGroup(usd("1.5"), usd("1.50"), Money.ofMinor(150, USD), Money.parse("USD 1.50"))
          .addEqualityGroup(Money.ofMinor(150, EUR))
          .addEqualityGroup(Money.ofMinor(150, CurrencyUnit.custom("USD", 3)))
          .addEqualityGroup(Money.zero(USD), usd("-0.00"))
          .testEquals();
    }
  }

  @Test
  void nullElements_areNamedWithTheirIndex() {
    List<Money> amounts = new ArrayList<>(List.of(usd("1.00"), usd("2.00")));
    amounts.add(null);
    List<Rate> shares = new ArrayList<>(List.of(Rate.ONE));
    shares.add(null);

    assertThatThrownBy(() -> Money.total(amounts)).isInstanceOf(NullPointerException.class)
        .hasMessage("amounts contains null at index 2");
    assertThatThrownBy(() -> Money.total(USD, amounts)).isInstanceOf(NullPointerException.class)
        .hasMessage("amounts contains null at index 2");
    assertThatThrownBy(() -> Money.total(amounts.subList(2, 3)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("amounts contains null at index 0");
    assertThatThrownBy(() -> usd("1.00").allocate(shares))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("shares contains null at index 1");
    assertThatThrownBy(() -> usd("1.00").prorate(amounts))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("basis contains null at index 2");
  }

  @Test
  void nulls_areRejected() {
    NullPointerTester tester = new NullPointerTester()
        .setDefault(CurrencyUnit.class, USD)
        .setDefault(Money.class, usd("1"))
        .setDefault(Rate.class, Rate.ONE)
        .setDefault(CurrencyTable.class, CurrencyTable.iso4217())
        .setDefault(CharSequence.class, "USD 1.00");
    tester.testAllPublicStaticMethods(Money.class);
    tester.testAllPublicInstanceMethods(usd("12.34"));
  }
}
