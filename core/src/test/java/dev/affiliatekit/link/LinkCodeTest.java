package dev.affiliatekit.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.testing.EqualsTester;
import com.google.common.testing.NullPointerTester;
import dev.affiliatekit.link.InvalidLinkCodeException.Reason;
import java.util.Locale;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LinkCodeTest {

  @Nested
  class CrockfordVectors {

    @Test
    void encode_publishedVectors() {
      // From Crockford's description of base 32: 42 is "1A" with check "5", 1234 is "16J" with
      // check "D" (1234 = 1*1024 + 6*32 + 18, and 1234 mod 37 = 13).
      assertThat(Crockford.encode(42)).isEqualTo("1A");
      assertThat(Crockford.checkSymbol(42)).isEqualTo('5');
      assertThat(Crockford.encode(1234)).isEqualTo("16J");
      assertThat(Crockford.checkSymbol(1234)).isEqualTo('D');
    }

    @ParameterizedTest
    @CsvSource({
        "0, 0, 0",
        "31, Z, Z",
        // 32 mod 37 = 32, the first check-only symbol.
        "32, 10, *",
        "33, 11, ~",
        "34, 12, $",
        "35, 13, =",
        "36, 14, U",
        "37, 15, 0",
        // 1024 = 27 * 37 + 25, and 25 is S.
        "1024, 100, S"})
    void encode_handComputedVectors(long value, String symbols, char check) {
      assertThat(Crockford.encode(value)).isEqualTo(symbols);
      assertThat(Crockford.checkSymbol(value)).isEqualTo(check);
      assertThat(Crockford.checkValue(symbols, symbols.length()))
          .isEqualTo(Crockford.SYMBOLS.indexOf(check));
    }

    @Test
    void encode_largestLong() {
      // 2^63 - 1 is 7 followed by twelve Z: 3 bits, then 12 symbols of 5 bits.
      assertThat(Crockford.encode(Long.MAX_VALUE)).isEqualTo("7ZZZZZZZZZZZZ");
    }
  }

  @Nested
  class Parse {

    @Test
    void parse_publishedVectors() {
      assertThat(LinkCode.parse("1A5")).hasToString("1A5");
      assertThat(LinkCode.parse("16JD")).hasToString("16JD");
    }

    @ParameterizedTest
    @CsvSource({
        "16jd, 16JD",
        "16J-D, 16JD",
        "' 16 J D ', 16JD",
        "1a5, 1A5",
        "la5, 1A5",
        "Ia5, 1A5",
        "k7qx-2m9d-4pv, K7QX2M9D4PV",
        "K7QX 2M9D 4PV, K7QX2M9D4PV",
        // 32 is '10' with check '*'; typed with look-alikes.
        "lo*, 10*",
        "14u, 14U",
        "15O, 150"})
    void parse_typedForms_giveTheCanonicalCode(String typed, String canonical) {
      assertThat(LinkCode.parse(typed)).hasToString(canonical);
    }

    /**
     * Regression: the Turkish dotted and dotless I, which changing the case of a code in a
     * Turkish default locale gives, were invalid characters.
     */
    @Test
    void parse_turkishDottedAndDotlessI_readAsI_soAsOne() {
      // What "ia5".toUpperCase() and "IA5".toLowerCase() give in a Turkish default locale.
      assertThat("ia5".toUpperCase(Locale.forLanguageTag("tr"))).isEqualTo("\u0130A5");
      assertThat("IA5".toLowerCase(Locale.forLanguageTag("tr"))).isEqualTo("\u0131a5");
      assertThat(LinkCode.parse("\u0130A5")).hasToString("1A5");
      assertThat(LinkCode.parse("\u0131a5")).hasToString("1A5");
      assertThat(LinkCode.parse("\u0131\u0130~")).isEqualTo(LinkCode.parse("11~"));
      assertThat(LinkCode.parseAny("\u0131\u0130~")).isEqualTo(LinkCode.parse("11~"));
      assertThat(LinkCode.tryParse("\u0130-6JD")).contains(LinkCode.parse("16JD"));
      // As stored, a code not ending in a check-only symbol is a vanity code, as "ia5" is IA5.
      assertThat(LinkCode.parseAny("\u0130A5")).hasToString("IA5");
      // Other letters beyond ASCII are not read, nor is the dot that root lower-casing adds.
      assertThatThrownBy(() -> LinkCode.parse("\u00cdA5"))
          .isInstanceOf(InvalidLinkCodeException.class)
          .hasMessage("link code has invalid character '\\u00cd' at 0: '\\u00cdA5'");
      assertThatThrownBy(() -> LinkCode.parse("i\u0307a5"))
          .hasMessage("link code has invalid character '\\u0307' at 1: 'i\\u0307a5'");
    }

    @Test
    void parse_canonicalString_isKeptAsIs() {
      String text = new String("K7QX2M9D4PV");
      assertThat(LinkCode.parse(text).toString()).isSameAs(text);
    }

    @Test
    void parse_wrongCheckSymbol_isRejectedNamingIt() {
      assertThatThrownBy(() -> LinkCode.parse("K7QX2M9D4PW"))
          .isInstanceOf(InvalidLinkCodeException.class)
          .hasMessage("link code has a wrong check symbol 'W': 'K7QX2M9D4PW'")
          .satisfies(e -> {
            InvalidLinkCodeException invalid = (InvalidLinkCodeException) e;
            assertThat(invalid.reason()).isEqualTo(Reason.WRONG_CHECK_SYMBOL);
            assertThat(invalid.index()).isEqualTo(10);
          });
      assertThatThrownBy(() -> LinkCode.parse("16j-e"))
          .hasMessage("link code has a wrong check symbol 'e': '16j-e'");
    }

    @Test
    void parse_invalidCharacter_namesItAndItsIndex() {
      assertThatThrownBy(() -> LinkCode.parse("K7QU9"))
          .isInstanceOf(InvalidLinkCodeException.class)
          .hasMessage("link code has invalid character 'U' at 3: 'K7QU9'")
          .satisfies(e -> assertThat(((InvalidLinkCodeException) e).index()).isEqualTo(3));
      assertThatThrownBy(() -> LinkCode.parse("K7_QX"))
          .hasMessage("link code has invalid character '_' at 2: 'K7_QX'");
      assertThatThrownBy(() -> LinkCode.parse("K7\u00e9"))
          .hasMessage("link code has invalid character '\\u00e9' at 2: 'K7\\u00e9'");
      assertThatThrownBy(() -> LinkCode.parse("K7*QX"))
          .hasMessage("link code has invalid character '*' at 2: 'K7*QX'");
    }

    @Test
    void parse_emptyOrOnlySeparators_isRejected() {
      assertThatThrownBy(() -> LinkCode.parse(""))
          .isInstanceOf(InvalidLinkCodeException.class)
          .hasMessage("link code must not be empty: ''")
          .satisfies(e -> {
            InvalidLinkCodeException invalid = (InvalidLinkCodeException) e;
            assertThat(invalid.reason()).isEqualTo(Reason.EMPTY);
            assertThat(invalid.index()).isEqualTo(-1);
          });
      assertThatThrownBy(() -> LinkCode.parse(" - "))
          .hasMessage("link code must not be empty: ' - '");
    }

    @Test
    void parse_oneSymbol_isTooShort() {
      assertThatThrownBy(() -> LinkCode.parse("0"))
          .isInstanceOf(InvalidLinkCodeException.class)
          .hasMessage("link code must have a symbol and a check symbol: '0'")
          .satisfies(e -> assertThat(((InvalidLinkCodeException) e).reason())
              .isEqualTo(Reason.TOO_SHORT));
    }

    @Test
    void parse_moreThan32Symbols_isTooLong() {
      String longest = "0".repeat(31) + "0";
      assertThat(LinkCode.parse(longest).length()).isEqualTo(32);
      assertThatThrownBy(() -> LinkCode.parse("0" + longest))
          .isInstanceOf(InvalidLinkCodeException.class)
          .hasMessage("link code must have at most 32 symbols: '" + "0".repeat(33) + "'")
          .satisfies(e -> assertThat(((InvalidLinkCodeException) e).reason())
              .isEqualTo(Reason.TOO_LONG));
    }

    @Test
    void parse_hugeInput_failsFastWithAShortMessage() {
      String text = "Z".repeat(1_000_000);
      assertThatThrownBy(() -> LinkCode.parse(text))
          .hasMessageEndingWith("...'")
          .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
    }

    @Test
    void tryParse_returnsEmptyWhereParseThrows() {
      assertThat(LinkCode.tryParse("k7qx-2m9d-4pv")).contains(LinkCode.parse("K7QX2M9D4PV"));
      assertThat(LinkCode.tryParse("K7QX2M9D4PW")).isEmpty();
      assertThat(LinkCode.tryParse("")).isEmpty();
      assertThat(LinkCode.tryParse("K7QU9")).isEmpty();
      // The first character past ASCII is no symbol, and no look-alike of one.
      assertThat(LinkCode.tryParse("K7QX\u00802M9D4PV")).isEmpty();
      assertThat(LinkCode.tryParse("K7QX2M9D4PV\u0080")).isEmpty();
    }
  }

  @Nested
  class ParseVanity {

    @ParameterizedTest
    @CsvSource({
        "JANE20, JANE20",
        "jane-20, JANE20",
        "Jane Doe, JANEDOE",
        "j0hn, J0HN",
        "john, JOHN",
        "LOLA, LOLA"})
    void parseVanity_ignoresCaseAndSeparatorsButNotLetters(String typed, String canonical) {
      assertThat(LinkCode.parseVanity(typed)).hasToString(canonical);
    }

    /**
     * Regression: a coupon code upper-cased in a Turkish default locale, {@code İLKERDİY}, was
     * an invalid code, and lower-cased there, {@code ılkerdıy}, too.
     */
    @Test
    void parseVanity_turkishDottedAndDotlessI_readAsI() {
      assertThat("ilkerdiy".toUpperCase(Locale.forLanguageTag("tr")))
          .isEqualTo("\u0130LKERD\u0130Y");
      assertThat(LinkCode.parseVanity("\u0130LKERD\u0130Y")).hasToString("ILKERDIY");
      assertThat(LinkCode.parseVanity("\u0131lkerd\u0131y")).hasToString("ILKERDIY");
      assertThat(LinkCode.tryParseVanity("\u0130lker-d\u0131y"))
          .contains(LinkCode.parseVanity("ILKERDIY"));
      assertThat(LinkCode.tryParseTyped("\u0130LKERD\u0130Y"))
          .contains(LinkCode.parseVanity("ILKERDIY"));
      assertThat(LinkCode.parseAny("\u0131lkerd\u0131y")).hasToString("ILKERDIY");
      assertThat(VanityPolicy.defaults().check("\u0130LKERD\u0130Y")).hasToString("ILKERDIY");
      assertThatThrownBy(() -> LinkCode.parseVanity("\u00ccLKER"))
          .hasMessage("link code has invalid character '\\u00cc' at 0: '\\u00ccLKER'");
    }

    @Test
    void parseVanity_invalidCharacter_namesIt() {
      assertThatThrownBy(() -> LinkCode.parseVanity("jane_doe"))
          .isInstanceOf(InvalidLinkCodeException.class)
          .hasMessage("link code has invalid character '_' at 4: 'jane_doe'");
      assertThatThrownBy(() -> LinkCode.parseVanity("ZO\u00cb"))
          .hasMessage("link code has invalid character '\\u00cb' at 2: 'ZO\\u00cb'");
    }

    @Test
    void parseVanity_emptyOrTooLong_isRejected() {
      assertThatThrownBy(() -> LinkCode.parseVanity("--"))
          .hasMessage("link code must not be empty: '--'");
      assertThat(LinkCode.parseVanity("A".repeat(32)).length()).isEqualTo(32);
      assertThatThrownBy(() -> LinkCode.parseVanity("A".repeat(33)))
          .hasMessage("link code must have at most 32 symbols: '" + "A".repeat(33) + "'");
    }

    @Test
    void tryParseVanity_returnsEmptyWhereParseVanityThrows() {
      assertThat(LinkCode.tryParseVanity("jane-20")).contains(LinkCode.parseVanity("JANE20"));
      assertThat(LinkCode.tryParseVanity("jane_20")).isEqualTo(Optional.empty());
    }
  }

  @Nested
  class ParseTyped {

    @Test
    void tryParseTyped_readsAGeneratedCodeFirst_elseAVanityCode() {
      assertThat(LinkCode.tryParseTyped("k7qx-2m9d-4pv")).contains(LinkCode.parse("K7QX2M9D4PV"));
      // l reads as 1 where the check holds: the generated code 16JD.
      assertThat(LinkCode.tryParseTyped("l6jd")).contains(LinkCode.parse("16JD"));
      assertThat(LinkCode.tryParseTyped("Glow-With-Mia"))
          .contains(LinkCode.parseVanity("GLOWWITHMIA"));
      assertThat(LinkCode.tryParseTyped("SPRING_SALE")).isEmpty();
      assertThat(LinkCode.tryParseTyped("")).isEmpty();
    }

    @Test
    void generatedCodesOneTypoAway_areTheCodesATypoReadAsVanityCameFrom() {
      // 16KD: J typed as K in 16JD, 4 as D in 16KE (the check), a swap of K and N in 1NKD.
      assertThat(LinkCode.parseVanity("16KD").generatedCodesOneTypoAway())
          .containsExactly(LinkCode.parse("16JD"), LinkCode.parse("16KE"), LinkCode.parse("1NKD"));
      assertThat(LinkCode.parse("16JD").generatedCodesOneTypoAway()).isEmpty();
      // L6JD reads as 16JD itself, which is no typo of it.
      assertThat(LinkCode.parseVanity("L6JD").generatedCodesOneTypoAway())
          .doesNotContain(LinkCode.parse("16JD"));
    }

    @Test
    void generatedCodeCutToThis_isTheCodeWithItsCheckSymbolAfterIt() {
      assertThat(LinkCode.parseVanity("16J").generatedCodeCutToThis())
          .contains(LinkCode.parse("16JD"));
      // What a link detector leaves of ?ref=1TN8FZQZ8W$: the code without its check symbol.
      assertThat(LinkCode.parseVanity("1TN8FZQZ8W").generatedCodeCutToThis())
          .contains(LinkCode.parse("1TN8FZQZ8W$"));
      // A generated code is the cut form of a longer one: 16JD is 39501 in base 32, P is 22.
      assertThat(LinkCode.parse("16JD").generatedCodeCutToThis())
          .contains(LinkCode.parse("16JDP"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"JOHN", "MIA1", "GLOWWITHLIV", "JU5T"})
    void generatedCodeCutToThis_ofACodeWithASymbolNoGeneratedCodeHasBeforeItsCheck_isEmpty(
        String text) {
      assertThat(LinkCode.parseVanity(text).generatedCodeCutToThis()).isEmpty();
    }

    @Test
    void generatedCodeCutToThis_edges() {
      // A generated code that ends in a check-only symbol is the cut form of none.
      assertThat(LinkCode.parse("10*").generatedCodeCutToThis()).isEmpty();
      // One symbol is the cut form of a code of two; 32 are that of none, which would be too long.
      assertThat(LinkCode.parseVanity("1").generatedCodeCutToThis())
          .contains(LinkCode.parse("11"));
      assertThat(LinkCode.parseVanity("Z".repeat(31)).generatedCodeCutToThis().orElseThrow()
          .length()).isEqualTo(LinkCode.MAX_LENGTH);
      assertThat(LinkCode.parseVanity("Z".repeat(LinkCode.MAX_LENGTH)).generatedCodeCutToThis())
          .isEmpty();
    }
  }

  @Nested
  class ParseAny {

    @Test
    void parseAny_readsAStoredCodeOfEitherKind_asWritten() {
      // 32, 33, 34 and 35 mod 37: check symbols that only generated codes have.
      assertThat(LinkCode.parseAny("10*")).isEqualTo(LinkCode.parse("10*"));
      assertThat(LinkCode.parseAny("13=")).hasToString("13=");
      assertThat(LinkCode.parseAny("K7QX2M9D4PV")).isEqualTo(LinkCode.parse("K7QX2M9D4PV"));
      assertThat(LinkCode.parseAny("jane-20")).isEqualTo(LinkCode.parseVanity("JANE20"));
      // No letter reads as a digit, so a vanity code comes back as it was stored.
      assertThat(LinkCode.parseAny("JOHN")).hasToString("JOHN");
      assertThat(LinkCode.parseAny("12$ -")).hasToString("12$");
    }

    @Test
    void parseAny_badText_namesWhatIsWrongForTheKindItIsReadAs() {
      assertThatThrownBy(() -> LinkCode.parseAny("11*"))
          .isInstanceOf(InvalidLinkCodeException.class)
          .hasMessageContaining("'11*'");
      assertThatThrownBy(() -> LinkCode.parseAny("SUMMER-SALE!"))
          .isInstanceOf(InvalidLinkCodeException.class)
          .hasMessage("link code has invalid character '!' at 11: 'SUMMER-SALE!'");
      assertThatThrownBy(() -> LinkCode.parseAny("JANE20\u0080"))
          .isInstanceOf(InvalidLinkCodeException.class)
          .hasMessageStartingWith("link code has invalid character ");
      assertThatThrownBy(() -> LinkCode.parseAny("U".repeat(33)))
          .hasMessage("link code must have at most 32 symbols: '" + "U".repeat(33) + "'");
    }
  }

  @Nested
  class Contract {

    @Test
    void equals_byCanonicalForm_whateverReadIt() {
      new EqualsTester()
          .addEqualityGroup(LinkCode.parse("16JD"), LinkCode.parse("16jd"),
              LinkCode.parse("16-J-D"), LinkCode.parseVanity("16JD"))
          .addEqualityGroup(LinkCode.parse("1A5"), LinkCode.parse("la5"))
          .addEqualityGroup(LinkCode.parseVanity("JANE20"), LinkCode.parseVanity("jane 20"))
          .addEqualityGroup(LinkCode.parseVanity("JOHN"))
          .addEqualityGroup(LinkCode.parseVanity("J0HN"))
          .testEquals();
    }

    @Test
    void compareTo_ordersByCanonicalForm() {
      // Symbol by symbol, as strings: '6' comes before 'A'.
      assertThat(LinkCode.parse("16JD")).isLessThan(LinkCode.parse("1A5"));
      assertThat(LinkCode.parseVanity("JANE20")).isGreaterThan(LinkCode.parse("1A5"));
      assertThat(LinkCode.parse("16jd").compareTo(LinkCode.parse("16JD"))).isZero();
    }

    @Test
    void nulls_areRejected() {
      NullPointerTester tester = new NullPointerTester();
      tester.testAllPublicStaticMethods(LinkCode.class);
      tester.testAllPublicInstanceMethods(LinkCode.parse("16JD"));
    }
  }
}
