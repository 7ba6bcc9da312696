package dev.affiliatekit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class TextsTest {

  @Test
  void quote_escapesControlCharactersAndCutsLongText() {
    assertThat(Texts.quote("US\nD")).isEqualTo("'US\\u000aD'");
    assertThat(Texts.quote("x".repeat(65))).isEqualTo("'" + "x".repeat(64) + "...'");
  }

  /** Regression: a quote in the text ended the quotes early, so text could forge a message. */
  @Test
  void printable_escapesWhatIsNotPrintableAscii_andKeepsTheRest() {
    assertThat(Texts.printable("token 't\u001b[2K\u0085\u00e9\r'")).isEqualTo(
        "token 't\\u001b[2K\\u0085\\u00e9\\u000d'");
    assertThat(Texts.printable("plain 'text' \\ kept")).isEqualTo("plain 'text' \\ kept");
  }

  @Test
  void quote_escapesQuotesAndBackslashes() {
    assertThat(Texts.quote("ANNA10' of anna beats links; coupon 'BEN10"))
        .isEqualTo("'ANNA10\\' of anna beats links; coupon \\'BEN10'");
    assertThat(Texts.quote("a\\u000ab")).isEqualTo("'a\\\\u000ab'");
    assertThat(Texts.printable('\'')).isEqualTo("\\'");
  }

  @Test
  void number_shortDecimals_inPlainDigits() {
    assertThat(Texts.number(new BigDecimal("12.345"))).isEqualTo("12.345");
    assertThat(Texts.number(new BigDecimal("1E+3"))).isEqualTo("1000");
    assertThat(Texts.number(new BigDecimal("-0.0000001"))).isEqualTo("-0.0000001");
  }

  @Test
  void number_hugeExponents_inScientificNotation() {
    assertThat(Texts.number(new BigDecimal("1e10000000"))).isEqualTo("1E+10000000");
    assertThat(Texts.number(new BigDecimal("-2.5e-1000000000"))).isEqualTo("-2.5E-1000000000");
    assertThat(Texts.number(new BigDecimal(BigInteger.ONE, Integer.MAX_VALUE)))
        .isEqualTo("1E-" + Integer.MAX_VALUE);
  }

  @Test
  void number_manyDigits_showsTheFirstTwenty() {
    BigDecimal digits = new BigDecimal("123456789".repeat(100));
    assertThat(Texts.number(digits)).isEqualTo("1.2345678912345678912...E+899");
    BigDecimal fraction = new BigDecimal("0." + "987654321".repeat(100));
    assertThat(Texts.number(fraction)).isEqualTo("0.98765432198765432198...");
  }

  @Test
  void number_manyDigitsAtTheEdgeOfTheExponentRange_saysHowMany() {
    BigDecimal edge = new BigDecimal(new BigInteger("9".repeat(100)), Integer.MIN_VALUE + 1);
    assertThat(Texts.number(edge)).isEqualTo("a number of 100 digits");
  }
}
