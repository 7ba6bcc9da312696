package dev.affiliatekit.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affiliatekit.testing.LinkArbitraries;
import java.util.Locale;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

class LinkCodeProperties {

  @Provide
  Arbitrary<String> generated() {
    return LinkArbitraries.generatedCodeTexts();
  }

  @Provide
  Arbitrary<String> vanity() {
    return LinkArbitraries.vanityCodeTexts();
  }

  /** A canonical generated code and one way of typing it. */
  @Provide
  Arbitrary<String[]> typedGenerated() {
    return LinkArbitraries.generatedCodeTexts()
        .flatMap(code -> LinkArbitraries.typedForms(code).map(typed -> new String[] {code, typed}));
  }

  /** Text of every kind: symbols, look-alikes, separators, punctuation, non-ASCII. */
  @Provide
  Arbitrary<String> anyText() {
    Arbitrary<String> symbolish = Arbitraries.strings()
        .withChars("0123456789ABCDEFGHJKMNPQRSTVWXYZabcxyzOoIiLlUu*~$=- _!%\u00e9\u0660")
        .withChars("\u0130\u0131")
        .ofMaxLength(40);
    return Arbitraries.oneOf(symbolish, Arbitraries.strings().ofMaxLength(40));
  }

  /** A generated code and a typo of it: one symbol typed as another letter or digit. */
  @Provide
  Arbitrary<String[]> mistypedGenerated() {
    return LinkArbitraries.generatedCodeTexts().flatMap(code -> Combinators.combine(
        Arbitraries.integers().between(0, code.length() - 1),
        Arbitraries.chars().with("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"),
        Arbitraries.of(true, false)).as((at, typed, swap) -> {
          char[] symbols = code.toCharArray();
          if (swap && at + 1 < symbols.length) {
            symbols[at] = code.charAt(at + 1);
            symbols[at + 1] = code.charAt(at);
          } else {
            symbols[at] = typed;
          }
          return new String[] {code, new String(symbols)};
        }));
  }

  @Property
  void generatedCodesOneTypoAway_ofATypoThatReadsAsVanity_holdTheCodeMistyped(
      @ForAll("mistypedGenerated") String[] pair) {
    LinkCode generated = LinkCode.parse(pair[0]);
    Optional<LinkCode> typed = LinkCode.tryParseTyped(pair[1]);
    // A typo that reads as the code itself (O for 0, say) or as no vanity code is no risk.
    if (typed.isPresent() && !typed.get().equals(generated)) {
      assertThat(LinkCode.tryParse(pair[1])).isEmpty();
      assertThat(typed.get().generatedCodesOneTypoAway()).contains(generated);
    }
  }

  @Property
  void generatedCodesOneTypoAway_areGeneratedCodesOneTypoFromTheCode(
      @ForAll("vanity") String text) {
    LinkCode vanity = LinkCode.parseVanity(text);
    for (LinkCode code : vanity.generatedCodesOneTypoAway()) {
      assertThat(LinkCode.parse(code.toString())).isEqualTo(code);
      assertThat(oneTypoApart(code.toString(), text)).as("%s from %s", code, text).isTrue();
    }
  }

  @Property
  void generatedCodesOneTypoAway_ofAGeneratedCode_isEmpty(@ForAll("generated") String text) {
    assertThat(LinkCode.parse(text).generatedCodesOneTypoAway()).isEmpty();
  }

  /** A generated code cut short by its check symbol, as a link detector cuts a link. */
  @Property
  void generatedCodeCutToThis_ofAGeneratedCodeCutShort_isThatCode(
      @ForAll("generated") String text) {
    LinkCode cut = LinkCode.parseVanity(text.substring(0, text.length() - 1));
    assertThat(cut.generatedCodeCutToThis()).contains(LinkCode.parse(text));
  }

  @Property
  void generatedCodeCutToThis_isTheCodeAndItsCheckSymbol_ifItHasOnlyDataSymbols(
      @ForAll("vanityOrDataSymbols") String text) {
    Optional<LinkCode> cutFrom = LinkCode.parseVanity(text).generatedCodeCutToThis();
    boolean data = text.length() < LinkCode.MAX_LENGTH
        && text.chars().allMatch(c -> LinkArbitraries.DATA_SYMBOLS.indexOf(c) >= 0);
    Statistics.collect(data ? "data symbols" : "other");
    if (data) {
      assertThat(cutFrom).contains(LinkCode.parse(text + LinkArbitraries.checkSymbolOf(text)));
    } else {
      assertThat(cutFrom).isEmpty();
    }
    Statistics.coverage(coverage -> {
      coverage.check("data symbols").count(count -> count > 0);
      coverage.check("other").count(count -> count > 0);
    });
  }

  @Provide
  Arbitrary<String> vanityOrDataSymbols() {
    return Arbitraries.oneOf(LinkArbitraries.vanityCodeTexts(), LinkArbitraries.dataSymbols());
  }

  /** Whether the typed text reads as the code with one symbol changed or two neighbours swapped. */
  private static boolean oneTypoApart(String code, String typed) {
    if (code.length() != typed.length()) {
      return false;
    }
    int differ = 0;
    int first = -1;
    for (int i = 0; i < code.length(); i++) {
      if (!sameSymbol(code.charAt(i), typed.charAt(i))) {
        differ++;
        first = first < 0 ? i : first;
      }
    }
    if (differ == 1) {
      return true;
    }
    return differ == 2 && first + 1 < code.length()
        && sameSymbol(code.charAt(first), typed.charAt(first + 1))
        && sameSymbol(code.charAt(first + 1), typed.charAt(first));
  }

  /** Whether a typed character reads as the code's symbol, as {@code O} reads as {@code 0}. */
  private static boolean sameSymbol(char symbol, char typed) {
    char read = switch (typed) {
      case 'O' -> '0';
      case 'I', 'L' -> '1';
      default -> typed;
    };
    return symbol == read;
  }

  @Property
  void parse_inverts_toString(@ForAll("generated") String text) {
    LinkCode code = LinkCode.parse(text);
    assertThat(code.toString()).isEqualTo(text);
    assertThat(LinkCode.parse(code.toString())).isEqualTo(code);
  }

  @Property
  void parseVanity_inverts_toString(@ForAll("vanity") String text) {
    LinkCode code = LinkCode.parseVanity(text);
    assertThat(code.toString()).isEqualTo(text);
    assertThat(LinkCode.parseVanity(code.toString())).isEqualTo(code);
  }

  /**
   * A vanity code that a host lower- or upper-cased in a Turkish locale, where {@code I} becomes
   * {@code ı} and {@code i} becomes {@code İ}, reads as the code.
   */
  @Property
  void parseVanity_readsACodeCasedInATurkishLocale_asTheCode(@ForAll("vanity") String text) {
    Locale turkish = Locale.forLanguageTag("tr");
    // Lower-cased in Turkish, I becomes ı; upper-cased in Turkish from a root lower case, i
    // becomes İ.
    String lower = text.toLowerCase(turkish);
    String upper = text.toLowerCase(Locale.ROOT).toUpperCase(turkish);
    Statistics.collect(text.indexOf('I') >= 0 ? "with I" : "without I");
    assertThat(upper.indexOf('I')).isEqualTo(-1);
    assertThat(LinkCode.parseVanity(lower)).hasToString(text);
    assertThat(LinkCode.parseVanity(upper)).hasToString(text);
    assertThat(LinkCode.tryParseTyped(lower)).isEqualTo(LinkCode.tryParseTyped(text));
    assertThat(LinkCode.tryParseTyped(upper)).isEqualTo(LinkCode.tryParseTyped(text));
    Statistics.coverage(coverage -> coverage.check("with I").count(count -> count > 0));
  }

  @Property
  void parse_readsEveryTypedForm_asTheCanonicalCode(@ForAll("typedGenerated") String[] pair) {
    assertThat(LinkCode.parse(pair[1])).hasToString(pair[0]);
  }

  @Property
  void canonicalisation_isIdempotent(@ForAll("anyText") String text) {
    LinkCode.tryParse(text).ifPresent(code ->
        assertThat(LinkCode.parse(code.toString())).isEqualTo(code));
    LinkCode.tryParseVanity(text).ifPresent(code ->
        assertThat(LinkCode.parseVanity(code.toString())).isEqualTo(code));
  }

  @Property
  void parse_acceptsExactlyTheCodesWhoseCheckSymbolMatches(@ForAll("anyText") String text) {
    Optional<LinkCode> parsed = LinkCode.tryParse(text);
    String canonical = canonicalGeneratedForm(text);
    boolean valid = canonical != null && canonical.length() >= 2 && canonical.length() <= 32
        && canonical.substring(0, canonical.length() - 1).chars()
            .allMatch(c -> LinkArbitraries.DATA_SYMBOLS.indexOf(c) >= 0)
        && LinkArbitraries.checkSymbolOf(canonical.substring(0, canonical.length() - 1))
            == canonical.charAt(canonical.length() - 1);
    assertThat(parsed.isPresent()).isEqualTo(valid);
    parsed.ifPresent(code -> assertThat(code.toString()).isEqualTo(canonical));
  }

  /** The text with separators removed, upper-cased and look-alikes replaced; null if it has others. */
  private static String canonicalGeneratedForm(String text) {
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      if (c == '-' || c == ' ') {
        continue;
      }
      char upper = c < 128 ? Character.toUpperCase(c) : c;
      upper = switch (upper) {
        case 'O' -> '0';
        case 'I', 'L', '\u0130', '\u0131' -> '1';
        default -> upper;
      };
      if (LinkArbitraries.CHECK_SYMBOLS.indexOf(upper) < 0) {
        return null;
      }
      out.append(upper);
    }
    return out.toString();
  }

  @Property
  void tryParse_agreesWithParse(@ForAll("anyText") String text) {
    Optional<LinkCode> tried = LinkCode.tryParse(text);
    if (tried.isPresent()) {
      assertThat(LinkCode.parse(text)).isEqualTo(tried.get());
    } else {
      assertThatThrownBy(() -> LinkCode.parse(text)).isInstanceOf(InvalidLinkCodeException.class);
    }
    Optional<LinkCode> triedVanity = LinkCode.tryParseVanity(text);
    if (triedVanity.isPresent()) {
      assertThat(LinkCode.parseVanity(text)).isEqualTo(triedVanity.get());
    } else {
      assertThatThrownBy(() -> LinkCode.parseVanity(text))
          .isInstanceOf(InvalidLinkCodeException.class);
    }
  }

  @Property
  void checkSymbol_catchesEverySingleSubstitution(@ForAll("generated") String code) {
    for (int i = 0; i < code.length(); i++) {
      boolean check = i == code.length() - 1;
      String alphabet = check ? LinkArbitraries.CHECK_SYMBOLS : LinkArbitraries.DATA_SYMBOLS;
      for (char other : alphabet.toCharArray()) {
        if (other != code.charAt(i)) {
          String typo = code.substring(0, i) + other + code.substring(i + 1);
          assertThat(LinkCode.tryParse(typo)).as("%s for %s", typo, code).isEmpty();
        }
      }
    }
  }

  @Property
  void checkSymbol_catchesEveryAdjacentTransposition(@ForAll("generated") String code) {
    for (int i = 0; i + 1 < code.length(); i++) {
      if (code.charAt(i) != code.charAt(i + 1)) {
        String swapped = code.substring(0, i) + code.charAt(i + 1) + code.charAt(i)
            + code.substring(i + 2);
        assertThat(LinkCode.tryParse(swapped)).as("%s for %s", swapped, code).isEmpty();
      }
    }
  }

  @Provide
  Arbitrary<String[]> generatedAndOther() {
    return Combinators.combine(generated(), generated()).as((a, b) -> new String[] {a, b});
  }

  @Property
  void equalsAndCompareTo_agreeWithTheCanonicalForms(@ForAll("generatedAndOther") String[] pair) {
    LinkCode a = LinkCode.parse(pair[0]);
    LinkCode b = LinkCode.parse(pair[1]);
    assertThat(a.equals(b)).isEqualTo(pair[0].equals(pair[1]));
    assertThat(Integer.signum(a.compareTo(b))).isEqualTo(Integer.signum(pair[0].compareTo(pair[1])));
    if (a.equals(b)) {
      assertThat(a.hashCode()).isEqualTo(b.hashCode());
    }
  }
}
