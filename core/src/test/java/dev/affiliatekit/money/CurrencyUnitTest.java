package dev.affiliatekit.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.testing.EqualsTester;
import com.google.common.testing.NullPointerTester;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CurrencyUnitTest {

  @Nested
  class Of {

    @ParameterizedTest
    @CsvSource({"USD, 2", "EUR, 2", "JPY, 0", "KRW, 0", "ISK, 0", "BHD, 3", "KWD, 3", "JOD, 3",
        "OMR, 3", "TND, 3", "IQD, 3", "LYD, 3", "CLF, 4", "UYW, 4", "CLP, 0", "VND, 0", "XOF, 0"})
    void of_isoCode_hasTheStandardScale(String code, int scale) {
      CurrencyUnit unit = CurrencyUnit.of(code);
      assertThat(unit.code()).isEqualTo(code);
      assertThat(unit.scale()).isEqualTo(scale);
      assertThat(unit.toString()).isEqualTo(code);
    }

    @Test
    void of_wellKnownCodes_returnTheConstants() {
      assertThat(CurrencyUnit.of("USD")).isSameAs(CurrencyUnit.USD);
      assertThat(CurrencyUnit.of("JPY")).isSameAs(CurrencyUnit.JPY);
    }

    @Test
    void of_unknownCode_namesIt() {
      assertThatThrownBy(() -> CurrencyUnit.of("XYZ"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("currency code is unknown: 'XYZ'");
      assertThatThrownBy(() -> CurrencyUnit.of("usd"))
          .hasMessage("currency code is unknown: 'usd'");
    }

    @Test
    void of_hostileCode_isEscapedAndCutShort() {
      assertThatThrownBy(() -> CurrencyUnit.of("US\nD\r\nFAKE LOG LINE"))
          .hasMessage("currency code is unknown: 'US\\u000aD\\u000d\\u000aFAKE LOG LINE'");
      assertThatThrownBy(() -> CurrencyUnit.of("Z".repeat(1_000_000)))
          .hasMessage("currency code is unknown: '" + "Z".repeat(64) + "...'");
      assertThatThrownBy(() -> CurrencyUnit.custom("P\nTS".repeat(100), 0))
          .hasMessageEndingWith("starting with a letter: '" + "P\\u000aTS".repeat(16) + "...'");
    }

    @Test
    void isoTable_agreesWithTheJdkWhereTheJdkKnowsTheCode() {
      for (CurrencyUnit unit : CurrencyTable.iso4217().units()) {
        Currency jdk;
        try {
          jdk = Currency.getInstance(unit.code());
        } catch (IllegalArgumentException unknownToThisJdk) {
          continue;
        }
        assertThat(unit.scale()).as(unit.code()).isEqualTo(jdk.getDefaultFractionDigits());
      }
    }
  }

  @Nested
  class Custom {

    @Test
    void custom_unitsWithAnyScale() {
      CurrencyUnit points = CurrencyUnit.custom("PTS", 0);
      CurrencyUnit credit = CurrencyUnit.custom("STORE_CREDIT", 4);
      assertThat(Money.ofMinor(12345, credit).toString()).isEqualTo("STORE_CREDIT 1.2345");
      assertThat(Money.ofMinor(12345, points).toString()).isEqualTo("PTS 12345");
      assertThat(CurrencyUnit.custom("X9", 9).scale()).isEqualTo(9);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "pts", "1PTS", "_PTS", "PT S", "PTS-1", "ABCDEFGHIJKLMNOPQ", "ÜSD"})
    void custom_badCode_namesIt(String code) {
      assertThatThrownBy(() -> CurrencyUnit.custom(code, 2))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("currency code must be 1 to 16 characters of A-Z, 0-9 or _, starting with a"
              + " letter: " + dev.affiliatekit.internal.Texts.quote(code));
    }

    @Test
    void custom_badScale_namesIt() {
      assertThatThrownBy(() -> CurrencyUnit.custom("PTS", 10))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("currency scale must be within [0, 9]: 10");
      assertThatThrownBy(() -> CurrencyUnit.custom("PTS", -1))
          .hasMessage("currency scale must be within [0, 9]: -1");
    }
  }

  @Nested
  class Table {

    @Test
    void with_extendsAndOverrides() {
      CurrencyUnit isk2 = CurrencyUnit.custom("ISK", 2);
      CurrencyUnit points = CurrencyUnit.custom("PTS", 0);
      CurrencyTable table = CurrencyTable.iso4217().with(isk2, points);
      assertThat(table.get("ISK")).isEqualTo(isk2);
      assertThat(table.get("PTS")).isEqualTo(points);
      assertThat(table.get("USD")).isSameAs(CurrencyUnit.USD);
      assertThat(CurrencyTable.iso4217().get("ISK").scale()).isZero();
      assertThat(CurrencyTable.iso4217().find("PTS")).isEmpty();
      assertThat(table.find("PTS")).contains(points);
      assertThat(CurrencyTable.iso4217().find("USD")).containsSame(CurrencyUnit.USD);
      assertThat(Money.parse("ISK 10.50", table).minorUnits()).isEqualTo(1050);
    }

    @Test
    void with_nothingNew_returnsTheSameTable() {
      CurrencyTable iso = CurrencyTable.iso4217();
      assertThat(iso.with(CurrencyUnit.USD)).isSameAs(iso);
    }

    @Test
    void of_holdsExactlyTheGivenUnits_andRejectsDuplicates() {
      CurrencyTable table = CurrencyTable.of(List.of(CurrencyUnit.USD, CurrencyUnit.EUR));
      assertThat(table.units()).containsExactly(CurrencyUnit.EUR, CurrencyUnit.USD);
      assertThatThrownBy(() -> CurrencyTable.of(List.of(CurrencyUnit.USD, CurrencyUnit.custom("USD", 3))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("currency code appears twice: USD");
    }

    @Test
    void nullUnits_areNamedWithTheirIndex() {
      List<CurrencyUnit> units = new ArrayList<>(List.of(CurrencyUnit.USD));
      units.add(null);

      assertThatThrownBy(() -> CurrencyTable.of(units)).isInstanceOf(NullPointerException.class)
          .hasMessage("units contains null at index 1");
      assertThatThrownBy(() -> CurrencyTable.iso4217().with(CurrencyUnit.EUR, null))
          .isInstanceOf(NullPointerException.class).hasMessage("units contains null at index 1");
    }

    @Test
    void units_areSortedByCode() {
      List<CurrencyUnit> units = CurrencyTable.iso4217().units();
      assertThat(units).isSorted().hasSizeGreaterThan(150);
    }

    @Test
    void equalsAndHashCode() {
      new EqualsTester()
          .addEqualityGroup(CurrencyTable.iso4217(), CurrencyTable.of(CurrencyTable.iso4217().units()))
          .addEqualityGroup(CurrencyTable.iso4217().with(CurrencyUnit.custom("PTS", 0)))
          .testEquals();
    }
  }

  @Test
  void equalsAndHashCode() {
    new EqualsTester()
        .addEqualityGroup(CurrencyUnit.USD, CurrencyUnit.of("USD"), CurrencyUnit.custom("USD", 2))
        .addEqualityGroup(CurrencyUnit.custom("USD", 3))
        .addEqualityGroup(CurrencyUnit.EUR)
        .testEquals();
  }

  @Test
  void compareTo_ordersByCodeThenScale() {
    assertThat(List.of(CurrencyUnit.custom("USD", 3), CurrencyUnit.EUR, CurrencyUnit.USD).stream()
        .sorted().toList())
        .containsExactly(CurrencyUnit.EUR, CurrencyUnit.USD, CurrencyUnit.custom("USD", 3));
  }

  @Test
  void nulls_areRejected() {
    NullPointerTester tester = new NullPointerTester();
    tester.testAllPublicStaticMethods(CurrencyUnit.class);
    tester.testAllPublicInstanceMethods(CurrencyUnit.USD);
    tester.testAllPublicStaticMethods(CurrencyTable.class);
    tester.testAllPublicInstanceMethods(CurrencyTable.iso4217());
    tester.testAllPublicStaticMethods(CurrencyMismatchException.class);
    tester.testAllPublicConstructors(CurrencyMismatchException.class);
  }
}
