package dev.affiliatekit.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.testing.EqualsTester;
import com.google.common.testing.NullPointerTester;
import java.math.BigDecimal;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RateTest {

  @Nested
  class Parse {

    @ParameterizedTest
    @CsvSource({
        "12.5%, 0.125, 12.5%",
        "0.125, 0.125, 12.5%",
        "7.50%, 0.075, 7.5%",
        "100%, 1, 100%",
        "1, 1, 100%",
        "1.000, 1, 100%",
        "0%, 0, 0%",
        "0, 0, 0%",
        "00012%, 0.12, 12%",
        "0.0000000000000001%, 0.000000000000000001, 0.0000000000000001%",
        "99.9999999999999999%, 0.999999999999999999, 99.9999999999999999%"})
    void parse_validText_isExact(String text, BigDecimal fraction, String printed) {
      Rate rate = Rate.parse(text);
      assertThat(rate.toFraction()).isEqualByComparingTo(fraction);
      assertThat(rate.toString()).isEqualTo(printed);
    }

    @Test
    void parse_decimalComma_isRejectedNotMisread() {
      assertThatThrownBy(() -> Rate.parse("0,91"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("rate must use '.' as the decimal separator, not ',' at index 1: '0,91'");
    }

    @Test
    void parse_aboveOneHundredPercent_namesTheValue() {
      assertThatThrownBy(() -> Rate.parse("150%"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("rate must be within [0%, 100%]: '150%'");
      assertThatThrownBy(() -> Rate.parse("1.5"))
          .hasMessage("rate must be within [0%, 100%]: '1.5'");
    }

    @Test
    void parse_tooPrecise_namesTheLimit() {
      assertThatThrownBy(() -> Rate.parse("0.00000000000000001%"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("rate must have at most 16 decimal places as a percentage: "
              + "'0.00000000000000001%'");
      assertThatThrownBy(() -> Rate.parse("0.0000000000000000001"))
          .hasMessage("rate must have at most 18 decimal places as a fraction: "
              + "'0.0000000000000000001'");
    }

    @Test
    void parse_percentSignAlone_asksForTheNumberBeforeIt() {
      assertThatThrownBy(() -> Rate.parse("%"))
          .hasMessage("rate must have a number before '%', such as 12.5%: '%'");
      assertThatThrownBy(() -> Rate.parse(""))
          .hasMessage("rate must be a number such as 12.5% or 0.125: ''");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "%", "-5%", "+5%", " 5%", "5 %", "5%%", ".5", "5.", "1e2", "5.5.5",
        "١٢%", "0x10", "%5", "NaN", "Infinity", "0.", "1.", "50.%", ".5%"})
    void parse_malformed_throwsIllegalArgument(String text) {
      assertThatThrownBy(() -> Rate.parse(text))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("rate ");
    }

    @Test
    void parse_localeIndependent_devanagariDigitsAreRejected() {
      assertThatThrownBy(() -> Rate.parse("\u0967\u0968%"))
          .hasMessage("rate has invalid character '\\u0967' at index 0: '\\u0967\\u0968%'");
    }
  }

  @Nested
  class Factories {

    @Test
    void ofPercent_whole() {
      assertThat(Rate.ofPercent(15).toFraction()).isEqualByComparingTo("0.15");
      assertThat(Rate.ofPercent(100)).isSameAs(Rate.ONE);
      assertThat(Rate.ofPercent(0)).isSameAs(Rate.ZERO);
    }

    @Test
    void ofPercent_outOfRange_namesTheValue() {
      assertThatThrownBy(() -> Rate.ofPercent(101))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("rate must be within [0%, 100%]: 101%");
      assertThatThrownBy(() -> Rate.ofPercent(new BigDecimal("-0.5")))
          .hasMessage("rate must be within [0%, 100%]: -0.5%");
    }

    @Test
    void toPercent_isPlain_withTheFewestExactDigits() {
      assertThat(Rate.ofPercent(10).toPercent()).isEqualTo(new BigDecimal("10"));
      assertThat(Rate.ofPercent(100).toPercent()).isEqualTo(new BigDecimal("100"));
      assertThat(Rate.ZERO.toPercent()).isEqualTo(new BigDecimal("0"));
      assertThat(Rate.parse("12.50%").toPercent()).isEqualTo(new BigDecimal("12.5"));
      assertThat(Rate.parse("50%").toPercent()).hasToString("50");
    }

    @Test
    void ofPercent_decimal() {
      assertThat(Rate.ofPercent(new BigDecimal("12.5"))).isEqualTo(Rate.parse("12.5%"));
      assertThat(Rate.ofPercent(new BigDecimal("0.0000000000000001")).toFraction())
          .isEqualByComparingTo("0.000000000000000001");
      assertThat(Rate.ofPercent(new BigDecimal("100.0000000000000000"))).isSameAs(Rate.ONE);
      assertThat(Rate.ofPercent(new BigDecimal("0.00"))).isSameAs(Rate.ZERO);
    }

    @Test
    void ofBasisPoints() {
      assertThat(Rate.ofBasisPoints(125).toString()).isEqualTo("1.25%");
      assertThatThrownBy(() -> Rate.ofBasisPoints(10_001))
          .hasMessage("rate must be within [0, 10000] basis points: 10001");
    }

    @Test
    void of_fraction_outOfRange_namesTheValue() {
      assertThatThrownBy(() -> Rate.of(new BigDecimal("1.5")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("rate must be within [0, 1]: 1.5");
    }

    @Test
    void of_fraction_tooPrecise_namesTheValue() {
      assertThatThrownBy(() -> Rate.of(new BigDecimal("0.0000000000000000001")))
          .hasMessage("rate must have at most 18 decimal places: 0.0000000000000000001");
    }

    @Test
    void of_hugeExponentsOrScales_areRefusedWithShortMessages() {
      assertThatThrownBy(() -> Rate.of(new BigDecimal("1e-1000000000")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("rate must have at most 18 decimal places: 1E-1000000000");
      assertThatThrownBy(() -> Rate.of(new BigDecimal(java.math.BigInteger.ONE, Integer.MAX_VALUE)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("rate must have at most 18 decimal places: 1E-" + Integer.MAX_VALUE);
      assertThatThrownBy(() -> Rate.of(new BigDecimal("1e100000")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("rate must be within [0, 1]: 1E+100000");
      assertThatThrownBy(() -> Rate.ofPercent(new BigDecimal("1e-1000000000")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("rate must have at most 16 decimal places as a percentage: 1E-1000000000%");
    }

    @Test
    void of_fraction_withPositiveExponent() {
      assertThat(Rate.of(new BigDecimal("1E0"))).isSameAs(Rate.ONE);
      assertThat(Rate.of(new BigDecimal("0E+3"))).isSameAs(Rate.ZERO);
    }
  }

  @Test
  void allocate_workedExamples() {
    assertThat(Rate.ONE.allocate(1, 1, 1)).extracting(Rate::toString).containsExactly(
        "33.3333333333333334%", "33.3333333333333333%", "33.3333333333333333%");
    assertThat(Rate.ONE.allocate(40, 20, 40)).extracting(Rate::toString)
        .containsExactly("40%", "20%", "40%");
    assertThat(Rate.parse("30%").allocate(0, 1)).containsExactly(Rate.ZERO, Rate.parse("30%"));
    assertThatThrownBy(() -> Rate.ONE.allocate(1, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("weights[1] must not be negative: -1");
  }

  @Test
  void plus_workedExamples() {
    assertThat(Rate.parse("33.3333333333333334%").plus(Rate.parse("66.6666666666666666%")))
        .isSameAs(Rate.ONE);
    assertThat(Rate.parse("12.5%").plus(Rate.parse("0.25"))).isEqualTo(Rate.parse("37.5%"));
    assertThatThrownBy(() -> Rate.parse("60%").plus(Rate.parse("50%")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rate must be within [0%, 100%]: 60% + 50% = 110%");
  }

  @Test
  void comparisons() {
    assertThat(Rate.parse("10%").isGreaterThan(Rate.parse("9.99%"))).isTrue();
    assertThat(Rate.parse("10%").isLessThan(Rate.parse("10.01%"))).isTrue();
    assertThat(Rate.parse("0%").isZero()).isTrue();
    assertThat(Rate.parse("0.0000000000000001%").isZero()).isFalse();
    assertThat(Rate.parse("10%").isGreaterThan(Rate.parse("0.1"))).isFalse();
    assertThat(Rate.parse("10%").isLessThan(Rate.parse("0.1"))).isFalse();
    assertThat(Rate.parse("9.99%").isGreaterThan(Rate.parse("10%"))).isFalse();
    assertThat(Rate.parse("10.01%").isLessThan(Rate.parse("10%"))).isFalse();
  }

  @Test
  void equalsAndHashCode() {
    new EqualsTester()
        .addEqualityGroup(Rate.parse("12.5%"), Rate.parse("12.50%"), Rate.parse("0.125"),
            Rate.ofBasisPoints(1250), Rate.of(new BigDecimal("0.1250")))
        .addEqualityGroup(Rate.ZERO, Rate.parse("0.000%"), Rate.ofPercent(0))
        .addEqualityGroup(Rate.ONE, Rate.parse("100.0%"))
        .addEqualityGroup(Rate.parse("0.0000000000000001%"))
        .testEquals();
  }

  @Test
  void nulls_areRejected() {
    NullPointerTester tester = new NullPointerTester();
    tester.testAllPublicStaticMethods(Rate.class);
    tester.testAllPublicInstanceMethods(Rate.parse("12.5%"));
  }
}
