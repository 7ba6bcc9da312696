package dev.affiliatekit.commission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affiliatekit.money.CurrencyUnit;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/** The numbers, amounts and sets of explanations. */
class FormatsTest {

  @Property
  void grouped_putsACommaEveryThreeDigits(@ForAll long number) {
    assertThat(Formats.grouped(number)).isEqualTo(String.format(Locale.ROOT, "%,d", number));
  }

  @Test
  void grouped_ofNumbersAroundAThousand() {
    assertThat(Formats.grouped(999)).isEqualTo("999");
    assertThat(Formats.grouped(-999)).isEqualTo("-999");
    assertThat(Formats.grouped(1_000)).isEqualTo("1,000");
    assertThat(Formats.grouped(-1_000)).isEqualTo("-1,000");
    assertThat(Formats.grouped(12_400)).isEqualTo("12,400");
    assertThat(Formats.grouped(100_000)).isEqualTo("100,000");
    assertThat(Formats.grouped(1_000_000)).isEqualTo("1,000,000");
    assertThat(Formats.grouped(Long.MIN_VALUE)).isEqualTo("-9,223,372,036,854,775,808");
  }

  @Test
  void ordinal_endsAsEnglishDoes() {
    assertThat(List.of(1L, 2L, 3L, 4L, 10L, 11L, 12L, 13L, 14L, 21L, 22L, 23L, 100L, 101L, 102L,
        103L, 111L, 112L, 113L, 1_001L, 1_011L).stream().map(Formats::ordinal))
        .containsExactly("1st", "2nd", "3rd", "4th", "10th", "11th", "12th", "13th", "14th",
            "21st", "22nd", "23rd", "100th", "101st", "102nd", "103rd", "111th", "112th",
            "113th", "1,001st", "1,011th");
  }

  @Test
  void money_showsTheCurrencysScaleAndAnyFinerDigits() {
    assertThat(Formats.money(new BigDecimal("6"), CurrencyUnit.USD)).isEqualTo("USD 6.00");
    assertThat(Formats.money(new BigDecimal("6.1"), CurrencyUnit.USD)).isEqualTo("USD 6.10");
    assertThat(Formats.money(new BigDecimal("6.10"), CurrencyUnit.USD)).isEqualTo("USD 6.10");
    assertThat(Formats.money(new BigDecimal("6.0045"), CurrencyUnit.USD))
        .isEqualTo("USD 6.0045");
    assertThat(Formats.money(new BigDecimal("600"), CurrencyUnit.USD)).isEqualTo("USD 600.00");
  }

  @Test
  void set_showsAtMostTheMost_andCountsTheOthers() {
    assertThat(Formats.set(List.of("CA", "US"), 2)).isEqualTo("{CA, US}");
    assertThat(Formats.set(List.of("CA", "US", "MX"), 2)).isEqualTo("{CA, US and 1 more}");
    assertThat(Formats.set(List.of(), 2)).isEqualTo("{}");
  }
}
