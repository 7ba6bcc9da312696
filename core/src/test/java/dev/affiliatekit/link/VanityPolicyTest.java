package dev.affiliatekit.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.testing.EqualsTester;
import com.google.common.testing.NullPointerTester;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VanityPolicyTest {

  private static final VanityPolicy DEFAULTS = VanityPolicy.defaults();

  private static List<String> candidates(String name, VanityPolicy policy) {
    LinkCodeGenerator generator = LinkCodeGenerator.vanity(name, policy);
    List<String> codes = new ArrayList<>();
    try {
      while (true) {
        codes.add(generator.next().toString());
      }
    } catch (IllegalStateException usedUp) {
      return codes;
    }
  }

  @Nested
  class Defaults {

    @Test
    void defaults_settings() {
      assertThat(DEFAULTS.minLength()).isEqualTo(4);
      assertThat(DEFAULTS.maxLength()).isEqualTo(20);
      assertThat(DEFAULTS.maxAttempts()).isEqualTo(10);
      assertThat(DEFAULTS.allowedSymbols()).isEqualTo(VanityPolicy.ALL_SYMBOLS);
      assertThat(DEFAULTS.reservedWords()).contains("ADMIN", "API", "LOGIN", "CHECKOUT");
      assertThat(DEFAULTS.blockedWords()).contains("FUCK", "SHIT").doesNotContain("ASS", "DICK");
    }
  }

  @Nested
  class Check {

    @ParameterizedTest
    @CsvSource({"jane-20, JANE20", "Jane Doe, JANEDOE", "JANE, JANE", "dickens, DICKENS",
        "cassie, CASSIE", "101T, 101T"})
    void check_allowedCodes(String chosen, String canonical) {
      assertThat(DEFAULTS.check(chosen)).hasToString(canonical);
      assertThat(DEFAULTS.allows(LinkCode.parseVanity(chosen))).isTrue();
    }

    @Test
    void check_reservedWord_isRefused_alsoThroughDigits() {
      assertThatThrownBy(() -> DEFAULTS.check("admin"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("vanity code is reserved: 'ADMIN'");
      assertThatThrownBy(() -> DEFAULTS.check("adm1n"))
          .hasMessage("vanity code is reserved: 'ADM1N'");
      assertThatThrownBy(() -> DEFAULTS.check("L0G1N"))
          .hasMessage("vanity code is reserved: 'L0G1N'");
      // Reserved words are whole codes: a longer code that contains one is fine.
      assertThat(DEFAULTS.check("ADMINISTRATA")).hasToString("ADMINISTRATA");
    }

    @ParameterizedTest
    @ValueSource(strings = {"fuck", "FuckYou", "xxFUCKxx", "SH1T",
        "5HIT", "SHLT", "B1TCH", "81TCH", "WH0RE", "P0RN4U", "N1GG3R", "sh-it"})
    void check_blockedWord_isRefused_anywhere_caseAndDigitsNotwithstanding(String chosen) {
      assertThatThrownBy(() -> DEFAULTS.check(chosen))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("vanity code contains a blocked word in '");
    }

    /** A name and a number may read as a blocked word: the message says where, and how. */
    @Test
    void check_blockedWordReadThroughDigits_isNamedWhereItStands() {
      assertThatThrownBy(() -> DEFAULTS.check("josh-17"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("vanity code contains a blocked word in 'SH17' at 2, digits read as letters"
              + " and L as I: 'JOSH17'");
      assertThat(DEFAULTS.check("JOSH18")).hasToString("JOSH18");
    }

    @Test
    void check_lengthBounds() {
      assertThatThrownBy(() -> DEFAULTS.check("JO"))
          .hasMessage("vanity code must have at least 4 symbols: 'JO'");
      assertThatThrownBy(() -> DEFAULTS.check("A".repeat(21)))
          .hasMessage("vanity code must have at most 20 symbols: '" + "A".repeat(21) + "'");
      assertThat(DEFAULTS.check("A".repeat(20)).length()).isEqualTo(20);
    }

    @Test
    void check_notAVanityCode_throwsInvalidLinkCode() {
      assertThatThrownBy(() -> DEFAULTS.check("jane_20"))
          .isInstanceOf(InvalidLinkCodeException.class)
          .hasMessage("link code has invalid character '_' at 4: 'jane_20'");
    }

    @Test
    void check_codeThatReadsAsAnotherGeneratedCode_isRefused() {
      // Read leniently, LOLT is 101T, and T is the check symbol of 101 (1025 mod 37 = 26): a link
      // that accepts both kinds would read it as the generated code 101T.
      assertThatThrownBy(() -> DEFAULTS.check("LOLT"))
          .hasMessage("vanity code could be mistaken for the generated code 101T (LOLT2 is"
              + " allowed): 'LOLT'");
      // A code without look-alikes reads as itself either way, so it is fine.
      assertThat(DEFAULTS.check("101T")).hasToString("101T");
    }

    @Test
    void check_symbolNotAllowed_namesIt() {
      VanityPolicy letters = VanityPolicy.builder().allowedSymbols("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
          .build();
      assertThatThrownBy(() -> letters.check("JANE20"))
          .hasMessage("vanity code has symbol '2' at 4, which the policy does not allow: 'JANE20'");
    }
  }

  @Nested
  class Names {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Jane Doe|JANEDOE",
        "Zoë O'Brien|ZOEOBRIEN",
        "Straße|STRASSE",
        "STRA\u1e9eE ANN|STRASSEANN",
        "Łukasz Żółć|LUKASZZOLC",
        "Søren Kierkegaard|SORENKIERKEGAARD",
        "Ægir Þórsson|AEGIRTHORSSON",
        "Jean-Luc Picard 2|JEANLUCPICARD2",
        "zaza Zed 0-9|ZAZAZED09",
        "Bartholomew Featherstonehaugh|BARTHOLOMEWFEATHERST"})
    void vanity_derivesTheFirstCandidateFromAName(String name, String first) {
      assertThat(LinkCodeGenerator.vanity(name, DEFAULTS).next()).hasToString(first);
    }

    @Test
    void vanity_nameWithoutLatinLetters_isRefused() {
      assertThatThrownBy(() -> LinkCodeGenerator.vanity("\u674e\u5c0f\u9f99", DEFAULTS))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("vanity code must have at least 4 symbols: '' from '\\u674e\\u5c0f\\u9f99'");
    }

    @Test
    void vanity_blockedName_isRefused() {
      assertThatThrownBy(() -> LinkCodeGenerator.vanity("Mr. Sh1t-Happens", DEFAULTS))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("vanity code contains a blocked word in 'SH1T' at 2, digits read as letters"
              + " and L as I: 'MRSH1THAPPENS' from 'Mr. Sh1t-Happens'");
    }

    @Test
    void vanity_suffixes_shortenTheNameToFit() {
      VanityPolicy policy = VanityPolicy.builder().lengthBetween(4, 8).maxAttempts(11).build();
      assertThat(candidates("Bartholomew", policy)).containsExactly("BARTHOLO", "BARTHOL2",
          "BARTHOL3", "BARTHOL4", "BARTHOL5", "BARTHOL6", "BARTHOL7", "BARTHOL8", "BARTHOL9",
          "BARTHO10", "BARTHO11");
    }

    @Test
    void vanity_shortenedCandidateThatRepeatsAnEarlierOne_isSkipped() {
      // Found by VanityPolicyProperties: with room for 6 symbols, ABCD1X + 2 is ABCD12, and so is
      // ABCD + 12; the name ending in 10 gives itself again as ABCD + 10.
      VanityPolicy policy = VanityPolicy.builder().lengthBetween(4, 6).maxAttempts(12).build();
      List<String> codes = candidates("ABCD1X", policy);
      assertThat(codes).containsExactly("ABCD1X", "ABCD12", "ABCD13", "ABCD14", "ABCD15",
          "ABCD16", "ABCD17", "ABCD18", "ABCD19", "ABCD10", "ABCD11").doesNotHaveDuplicates();
      assertThat(candidates("ABCD10", policy)).doesNotHaveDuplicates().hasSize(10);
    }

    @Test
    void vanity_suffixThatMakesABlockedWord_isSkipped() {
      // MAS5 reads as MASS, which contains ASS.
      VanityPolicy policy = VanityPolicy.builder().lengthBetween(3, 8)
          .blockedWords(Set.of("ass")).maxAttempts(6).build();
      assertThat(candidates("Mas", policy)).containsExactly("MAS", "MAS2", "MAS3", "MAS4", "MAS6");
    }

    @Test
    void vanity_nameThatReadsAsAGeneratedCode_passesOverIt_toTheSuffixedCandidates() {
      // Regression: EMMAWILSON reads as the generated code EMMAW11S0N, and the whole name was
      // refused, though EMMAWILSON2 is allowed.
      assertThat(DEFAULTS.check("EMMAWILSON2")).hasToString("EMMAWILSON2");
      assertThatThrownBy(() -> DEFAULTS.check("EMMAWILSON"))
          .hasMessage("vanity code could be mistaken for the generated code EMMAW11S0N"
              + " (EMMAWILSON2 is allowed): 'EMMAWILSON'");
      assertThatThrownBy(() -> DEFAULTS.check("eli-glow"))
          .hasMessage("vanity code could be mistaken for the generated code E11G10W"
              + " (ELIGLOW2 is allowed): 'ELIGLOW'");

      assertThat(candidates("Emma Wilson", DEFAULTS)).first().isEqualTo("EMMAWILSON2");
      assertThat(DEFAULTS.choose("Emma Wilson", code -> false)).hasToString("EMMAWILSON2");
    }

    @Test
    void vanity_suffixWithNoRoomForTheName_endsTheCandidates() {
      // Regression: a suffix longer than the room left threw StringIndexOutOfBoundsException.
      VanityPolicy one = VanityPolicy.builder().lengthBetween(1, 1).maxAttempts(30).build();
      assertThat(candidates("Bob", one)).containsExactly("B");
      VanityPolicy three = VanityPolicy.builder().lengthBetween(3, 3).maxAttempts(1000).build();
      assertThat(candidates("Bob", three)).hasSize(99).allMatch(code -> code.startsWith("B"));
    }

    @Test
    void vanity_noDigitsAllowed_yieldsOnlyTheName() {
      VanityPolicy letters = VanityPolicy.builder().allowedSymbols("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
          .build();
      assertThat(candidates("Jane Doe 2", letters)).containsExactly("JANEDOE");
    }

    @Test
    void choose_skipsTakenCandidates() {
      assertThat(DEFAULTS.choose("Jane Doe", code -> false)).hasToString("JANEDOE");
      assertThat(DEFAULTS.choose("Jane Doe", code -> code.toString().equals("JANEDOE")))
          .hasToString("JANEDOE2");
    }

    @Test
    void choose_allTaken_throws() {
      assertThatThrownBy(() -> DEFAULTS.choose("Jane Doe", code -> true))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("vanity code candidates are used up: 'Jane Doe' has 10 candidates"
              + " that the policy allows");
    }

    /** Regression: a policy with no digit for a suffix was said to have used up ten candidates. */
    @Test
    void choose_allTaken_withoutDigits_countsTheOneCandidate() {
      VanityPolicy letters = VanityPolicy.builder().allowedSymbols("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
          .build();
      assertThatThrownBy(() -> letters.choose("Jane Doe", code -> true))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("vanity code candidates are used up: 'Jane Doe' has 1 candidate"
              + " that the policy allows");
    }

    /** Regression: words longer than a code were refused as if they held other characters. */
    @Test
    void words_longerThanACode_areTaken() {
      String longWord = "Pneumonoultramicroscopicsilicovolcanoconiosis";
      VanityPolicy policy = VanityPolicy.builder().blockedWords(List.of(longWord, "spam"))
          .reservedWords(List.of(longWord)).build();

      assertThat(policy.blockedWords()).contains(longWord.toUpperCase(java.util.Locale.ROOT));
      assertThat(policy.reservedWords()).containsExactly(
          longWord.toUpperCase(java.util.Locale.ROOT));
      assertThat(policy.allows(LinkCode.parseVanity("PNEUMONO"))).isTrue();
      assertThat(policy.allows(LinkCode.parseVanity("SPAMMY"))).isFalse();
    }

    /** Regression: a name whose every candidate was refused read as candidates all taken. */
    @Test
    void choose_nameWithNoAllowedCandidate_isRefusedAsSuch() {
      VanityPolicy oneAttempt = VanityPolicy.builder().maxAttempts(1).build();
      VanityPolicy letters = VanityPolicy.builder().allowedSymbols("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
          .build();

      assertThatThrownBy(() -> oneAttempt.choose("Eli Glow", code -> false))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("vanity policy allows no candidate for 'Eli Glow' (1 tried), the first"
              + " because vanity code could be mistaken for the generated code E11G10W:"
              + " 'ELIGLOW'");
      assertThatThrownBy(() -> LinkCodeGenerator.vanity("Eli Glow", letters))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("vanity policy allows no candidate for 'Eli Glow' (1 tried)");
      assertThat(DEFAULTS.choose("Eli Glow", code -> false)).hasToString("ELIGLOW2");
    }
  }

  @Nested
  class Building {

    @Test
    void builder_rejectsBadSettings_andChangesNothing() {
      VanityPolicy.Builder builder = VanityPolicy.builder();
      assertThatThrownBy(() -> builder.lengthBetween(0, 5))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("vanity code length bounds must satisfy 1 <= min <= max <= 32: [0, 5]");
      assertThatThrownBy(() -> builder.lengthBetween(6, 5))
          .hasMessage("vanity code length bounds must satisfy 1 <= min <= max <= 32: [6, 5]");
      assertThatThrownBy(() -> builder.lengthBetween(1, 33))
          .hasMessage("vanity code length bounds must satisfy 1 <= min <= max <= 32: [1, 33]");
      assertThatThrownBy(() -> builder.allowedSymbols("abc"))
          .hasMessage("vanity symbols must be upper-case letters or digits: 'abc'");
      assertThatThrownBy(() -> builder.allowedSymbols(""))
          .hasMessage("vanity symbols must not be empty: ''");
      assertThatThrownBy(() -> builder.maxAttempts(0))
          .hasMessage("vanity attempts must be within [1, 1000]: 0");
      assertThatThrownBy(() -> builder.reservedWords(List.of("a b")))
          .hasMessage("reservedWords must hold ASCII letters and digits only: 'a b'");
      assertThatThrownBy(() -> builder.blockedWords(List.of("")))
          .hasMessage("blockedWords must hold ASCII letters and digits only: ''");
      assertThatThrownBy(() -> builder.blockedWords(List.of("café")))
          .hasMessage("blockedWords must hold ASCII letters and digits only: 'caf\\u00e9'");
      VanityPolicy built = builder.build();
      assertThat(built.minLength()).isEqualTo(4);
      assertThat(built.maxAttempts()).isEqualTo(10);
      assertThat(built.reservedWords()).isEqualTo(DEFAULTS.reservedWords());
    }

    @Test
    void lengthBetween_upToTheLongestCode_isAccepted() {
      VanityPolicy longest = VanityPolicy.builder().lengthBetween(1, LinkCode.MAX_LENGTH).build();
      assertThat(longest.minLength()).isEqualTo(1);
      assertThat(longest.maxLength()).isEqualTo(32);
      assertThat(longest.check("A".repeat(32)).length()).isEqualTo(32);
      assertThat(VanityPolicy.builder().lengthBetween(32, 32).build().minLength()).isEqualTo(32);
    }

    @Test
    void words_everyAsciiLetterAndDigit_isAccepted() {
      VanityPolicy policy = VanityPolicy.builder().reservedWords(List.of("09AZaz"))
          .blockedWords(List.of("az09AZ")).build();
      assertThat(policy.reservedWords()).containsExactly("09AZAZ");
      assertThat(policy.blockedWords()).containsExactly("AZ09AZ");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b", "a:b", "a@b", "a[b", "a`b", "a{b"})
    void words_characterNextToTheLettersAndDigits_isRejected(String word) {
      assertThatThrownBy(() -> VanityPolicy.builder().blockedWords(List.of(word)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("blockedWords must hold ASCII letters and digits only: '" + word + "'");
    }

    @Test
    void builder_wordsAreUpperCasedAndSorted() {
      VanityPolicy policy = VanityPolicy.builder().reservedWords(List.of("shop", "Cart"))
          .blockedWords(List.of("scam")).build();
      assertThat(policy.reservedWords()).containsExactly("CART", "SHOP");
      assertThat(policy.blockedWords()).containsExactly("SCAM");
      assertThatThrownBy(() -> policy.check("5CAMMER")).hasMessageContaining("blocked word");
      assertThat(policy.check("ADMIN")).hasToString("ADMIN");
    }

    @Test
    void allowedSymbols_areKeptInAlphabetOrder() {
      assertThat(VanityPolicy.builder().allowedSymbols("ZA9").build().allowedSymbols())
          .isEqualTo("AZ9");
    }

    @Test
    void toBuilder_keepsEverySetting() {
      VanityPolicy policy = VanityPolicy.builder().lengthBetween(3, 9).allowedSymbols("ABC1")
          .maxAttempts(3).reservedWords(List.of("AB")).blockedWords(List.of("CC")).build();
      VanityPolicy copy = policy.toBuilder().build();
      assertThat(copy.minLength()).isEqualTo(3);
      assertThat(copy.maxLength()).isEqualTo(9);
      assertThat(copy.allowedSymbols()).isEqualTo("ABC1");
      assertThat(copy.maxAttempts()).isEqualTo(3);
      assertThat(copy.reservedWords()).containsExactly("AB");
      assertThat(copy.blockedWords()).containsExactly("CC");
      assertThat(copy).hasToString(policy.toString())
          .hasToString("VanityPolicy[length 3 to 9, symbols ABC1, 3 attempts, 1 reserved words,"
              + " 1 blocked words]");
    }

    @Test
    void equals_comparesTheSettings() {
      VanityPolicy custom = VanityPolicy.builder().lengthBetween(3, 9).allowedSymbols("ABC1")
          .maxAttempts(3).reservedWords(List.of("AB")).blockedWords(List.of("CC")).build();
      new EqualsTester()
          .addEqualityGroup(DEFAULTS, DEFAULTS.toBuilder().build(), VanityPolicy.builder().build())
          .addEqualityGroup(custom, custom.toBuilder().build(), VanityPolicy.builder()
              .blockedWords(List.of("cc")).reservedWords(List.of("ab")).maxAttempts(3)
              .allowedSymbols("1CBA").lengthBetween(3, 9).build())
          .addEqualityGroup(custom.toBuilder().lengthBetween(2, 9).build())
          .addEqualityGroup(custom.toBuilder().lengthBetween(3, 8).build())
          .addEqualityGroup(custom.toBuilder().allowedSymbols("ABC").build())
          .addEqualityGroup(custom.toBuilder().maxAttempts(4).build())
          .addEqualityGroup(custom.toBuilder().reservedWords(List.of("AB", "BA")).build())
          .addEqualityGroup(custom.toBuilder().blockedWords(List.of("CA")).build())
          .testEquals();
    }

    @Test
    void nulls_areRejected() {
      NullPointerTester tester = new NullPointerTester()
          .setDefault(CharSequence.class, "Jane Doe");
      tester.testAllPublicStaticMethods(VanityPolicy.class);
      tester.testAllPublicInstanceMethods(DEFAULTS);
      tester.testAllPublicInstanceMethods(VanityPolicy.builder());
    }
  }
}
