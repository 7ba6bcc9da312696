package dev.affiliatekit.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class VanityPolicyProperties {

  /** The letters of {@link #markedNames} that a name's code spells in ASCII, as documented. */
  private static final Map<Character, String> SPELLED = Map.of(
      '\u00df', "SS", '\u1e9e', "SS", '\u00d8', "O", '\u0142', "L", '\u00fe', "TH", '\u0131', "I");

  private static final VanityPolicy DEFAULTS = VanityPolicy.defaults();

  /** Digits people put for letters, written here independently of the code under test. */
  private static final String[][] DISGUISES = {
      {"A", "4"}, {"B", "8"}, {"E", "3"}, {"G", "6", "9"}, {"I", "1", "L"}, {"L", "1", "I"},
      {"O", "0"}, {"S", "5"}, {"T", "7"}, {"Z", "2"}};

  /** Names with blocked words in them, in any case and disguised with digits, among other text. */
  @Provide
  Arbitrary<String> names() {
    Arbitrary<String> filler = Arbitraries.strings()
        .withChars("abcdefghijklmnopqrstuvwxyzABCXYZ0123456789 -'.\u00e9\u00df\u00f8")
        .ofMaxLength(12);
    Arbitrary<String> blocked = Arbitraries.of(List.copyOf(DEFAULTS.blockedWords()))
        .flatMap(VanityPolicyProperties::disguised);
    Arbitrary<String> reserved = Arbitraries.of(List.copyOf(DEFAULTS.reservedWords()))
        .flatMap(VanityPolicyProperties::disguised);
    Arbitrary<String> word = Arbitraries.oneOf(filler, blocked, reserved, Arbitraries.just(""));
    return Combinators.combine(filler, word, filler).as((a, b, c) -> a + b + c);
  }

  private static Arbitrary<String> disguised(String word) {
    return Arbitraries.integers().between(0, 15).list().ofSize(word.length()).map(choices -> {
      StringBuilder out = new StringBuilder();
      for (int i = 0; i < word.length(); i++) {
        String letter = String.valueOf(word.charAt(i));
        String[] options = new String[] {letter};
        for (String[] disguise : DISGUISES) {
          if (disguise[0].equals(letter)) {
            options = disguise;
          }
        }
        String chosen = options[choices.get(i) % options.length];
        out.append(choices.get(i) > 10 ? chosen.toLowerCase(java.util.Locale.ROOT) : chosen);
      }
      return out.toString();
    });
  }

  /** The skeleton of upper-case text by the documented table, written independently. */
  private static String skeleton(String text) {
    StringBuilder out = new StringBuilder();
    for (char c : text.toCharArray()) {
      out.append(switch (c) {
        case '0' -> 'O';
        case '1', 'L' -> 'I';
        case '2' -> 'Z';
        case '3' -> 'E';
        case '4' -> 'A';
        case '5' -> 'S';
        case '6', '9' -> 'G';
        case '7' -> 'T';
        case '8' -> 'B';
        default -> c;
      });
    }
    return out.toString();
  }

  private static List<LinkCode> allCandidates(String name, VanityPolicy policy) {
    List<LinkCode> codes = new ArrayList<>();
    LinkCodeGenerator generator;
    try {
      generator = LinkCodeGenerator.vanity(name, policy);
    } catch (IllegalArgumentException refused) {
      return codes;
    }
    try {
      while (true) {
        codes.add(generator.next());
      }
    } catch (IllegalStateException usedUp) {
      return codes;
    }
  }

  @Property
  void vanity_neverContainsABlockedWord_evenDisguised(@ForAll("names") String name) {
    for (LinkCode code : allCandidates(name, DEFAULTS)) {
      String skeleton = skeleton(code.toString());
      for (String blocked : DEFAULTS.blockedWords()) {
        assertThat(skeleton).as("%s from %s", code, name).doesNotContain(skeleton(blocked));
      }
      for (String reserved : DEFAULTS.reservedWords()) {
        assertThat(skeleton).as("%s from %s", code, name).isNotEqualTo(skeleton(reserved));
      }
    }
  }

  @Property
  void check_refusesEveryCodeWithABlockedWord(@ForAll("names") String name) {
    String letters = name.replaceAll("[^A-Za-z0-9]", "");
    if (letters.isEmpty() || letters.length() > LinkCode.MAX_LENGTH) {
      return;
    }
    String canonical = letters.toUpperCase(Locale.ROOT);
    boolean blocked = DEFAULTS.blockedWords().stream()
        .anyMatch(word -> skeleton(canonical).contains(skeleton(word)));
    if (blocked) {
      assertThat(DEFAULTS.allows(LinkCode.parseVanity(letters))).isFalse();
    }
  }

  @Property
  void vanity_candidates_areAllowedDistinctAndBounded(@ForAll("names") String name) {
    List<LinkCode> codes = allCandidates(name, DEFAULTS);
    assertThat(codes.size()).isLessThanOrEqualTo(DEFAULTS.maxAttempts());
    assertThat(new HashSet<>(codes)).hasSameSizeAs(codes);
    for (LinkCode code : codes) {
      assertThat(DEFAULTS.check(code.toString())).isEqualTo(code);
      assertThat(LinkCode.parseVanity(code.toString())).isEqualTo(code);
      assertThat(code.length()).isBetween(DEFAULTS.minLength(), DEFAULTS.maxLength());
      // Never read as another code by a link that accepts generated codes too.
      LinkCode.tryParse(code.toString()).ifPresent(generated ->
          assertThat(generated).isEqualTo(code));
    }
  }

  @Property
  void choose_returnsTheFirstCandidateNotTaken(@ForAll("names") String name,
      @ForAll Set<Integer> takenPositions) {
    List<LinkCode> codes = allCandidates(name, DEFAULTS);
    if (codes.isEmpty()) {
      return;
    }
    Set<LinkCode> taken = new HashSet<>();
    for (int i = 0; i < codes.size(); i++) {
      if (takenPositions.contains(i)) {
        taken.add(codes.get(i));
      }
    }
    LinkCode expected = codes.stream().filter(code -> !taken.contains(code)).findFirst()
        .orElse(null);
    if (expected == null) {
      return;
    }
    assertThat(DEFAULTS.choose(name, taken::contains)).isEqualTo(expected);
  }

  /**
   * Returns names of letters, digits, accented letters written whole and as a letter with marks,
   * runs of combining marks of several classes (which NFD reorders), letters spelled in ASCII
   * such as {@code ß} and {@code Ø}, Hangul, letters beyond the BMP and lone surrogates.
   */
  @Provide
  Arbitrary<String> markedNames() {
    Arbitrary<String> pieces = Arbitraries.of("J", "a", "n", "e", "7", " ", "'", "-", "\u00e9",
        "e\u0301", "\u0301", "\u0316", "\u0345", "\u05b0", "\u0301\u0316\u0345", "\u00df",
        "\u00d8", "\u0142", "\u00fe", "\u0131", "\uac00", "\u1e9e", "\ud835\udc00", "\ud800",
        "\u00c5", "A\u030a", "\u212b", "\ufb01");
    return pieces.list().ofMaxSize(40).map(list -> String.join("", list));
  }

  @Property(tries = 3000)
  void derive_isTheNamesDecompositionSpelledInAllowedSymbols(@ForAll("markedNames") String name) {
    // The documented rule, worked out apart from derive: the whole name decomposed, each letter
    // or digit in upper case, the letters of the generator spelled in ASCII, everything else
    // dropped, then the allowed symbols only, up to the longest code.
    String decomposed = Normalizer.normalize(name, Normalizer.Form.NFD);
    VanityPolicy policy = VanityPolicy.defaults();
    StringBuilder expected = new StringBuilder();
    for (int i = 0; i < decomposed.length(); i++) {
      char c = decomposed.charAt(i);
      String spelled = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          ? String.valueOf(c).toUpperCase(Locale.ROOT)
          : SPELLED.getOrDefault(c, "");
      for (char symbol : spelled.toCharArray()) {
        if (policy.allowedSymbols().indexOf(symbol) >= 0) {
          expected.append(symbol);
        }
      }
    }
    String whole = expected.length() > policy.maxLength()
        ? expected.substring(0, policy.maxLength()) : expected.toString();
    assertThat(policy.derive(name)).as("%s", name).isEqualTo(whole);
  }
}
