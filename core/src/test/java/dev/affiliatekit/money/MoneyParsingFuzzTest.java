package dev.affiliatekit.money;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes the text parsers of this package: whatever the input, they either return a value whose
 * text form reads back to the same value, or throw {@link IllegalArgumentException}.
 *
 * <p>In CI these run as regression tests over the inputs in {@code src/test/resources}; to fuzz,
 * run {@code JAZZER_FUZZ=1 mvn -pl core test -Dtest=MoneyParsingFuzzTest}.
 */
class MoneyParsingFuzzTest {

  private static final CurrencyTable TABLE =
      CurrencyTable.iso4217().with(CurrencyUnit.custom("PTS", 0), CurrencyUnit.custom("X9", 9));

  @FuzzTest(maxDuration = "30s")
  void moneyParse(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    Money money;
    try {
      money = Money.parse(text, TABLE);
    } catch (IllegalArgumentException documented) {
      return;
    }
    assertThat(Money.parse(money.toString(), TABLE)).isEqualTo(money);
  }

  @FuzzTest(maxDuration = "30s")
  void rateParse(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    Rate rate;
    try {
      rate = Rate.parse(text);
    } catch (IllegalArgumentException documented) {
      return;
    }
    assertThat(Rate.parse(rate.toString())).isEqualTo(rate);
    assertThat(rate.toFraction().signum()).isGreaterThanOrEqualTo(0);
    assertThat(rate.toFraction().compareTo(java.math.BigDecimal.ONE)).isLessThanOrEqualTo(0);
  }
}
