package dev.affiliatekit.testing;

import dev.affiliatekit.link.LinkCode;
import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generators for link codes, written independently of the code under test: the check symbol is
 * computed here with {@link BigInteger}, from Crockford's definition.
 */
public final class LinkArbitraries {

  /** Crockford's 32 data symbols, in order of value. */
  public static final String DATA_SYMBOLS = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

  /** The 37 check symbols, in order of value: the data symbols, then {@code *~$=U}. */
  public static final String CHECK_SYMBOLS = DATA_SYMBOLS + "*~$=U";

  private LinkArbitraries() {}

  /** {@return the check symbol of canonical data symbols: their base-32 value mod 37} */
  public static char checkSymbolOf(String dataSymbols) {
    BigInteger value = BigInteger.ZERO;
    for (char c : dataSymbols.toCharArray()) {
      value = value.shiftLeft(5).add(BigInteger.valueOf(DATA_SYMBOLS.indexOf(c)));
    }
    return CHECK_SYMBOLS.charAt(value.mod(BigInteger.valueOf(37)).intValueExact());
  }

  /** {@return 1 to 31 canonical data symbols, so that with a check symbol they make a code} */
  public static Arbitrary<String> dataSymbols() {
    return Arbitraries.strings().withChars(DATA_SYMBOLS).ofMinLength(1)
        .ofMaxLength(LinkCode.MAX_LENGTH - 1);
  }

  /** {@return canonical generated codes: data symbols and their check symbol} */
  public static Arbitrary<String> generatedCodeTexts() {
    return dataSymbols().map(data -> data + checkSymbolOf(data));
  }

  /** {@return canonical vanity codes: 1 to 32 upper-case ASCII letters and digits} */
  public static Arbitrary<String> vanityCodeTexts() {
    return Arbitraries.strings().withCharRange('A', 'Z').withCharRange('0', '9').ofMinLength(1)
        .ofMaxLength(LinkCode.MAX_LENGTH);
  }

  /**
   * {@return the ways a person might type a generated code: any case, hyphens and spaces between
   * symbols, and {@code O}, {@code I} or {@code L} for the digits they look like, {@code I} also
   * in the Turkish cases {@code İ} and {@code ı}}
   */
  public static Arbitrary<String> typedForms(String canonical) {
    int n = canonical.length();
    Arbitrary<int[]> choices = Arbitraries.integers().between(0, 9).array(int[].class).ofSize(n);
    Arbitrary<int[]> separators = Arbitraries.integers().between(0, 5).array(int[].class)
        .ofSize(n + 1);
    return Combinators.combine(choices, separators).as((choice, separator) -> {
      StringBuilder typed = new StringBuilder();
      for (int i = 0; i < n; i++) {
        typed.append(separator(separator[i]));
        typed.append(typedSymbol(canonical.charAt(i), choice[i], i == n - 1));
      }
      return typed.append(separator(separator[n])).toString();
    });
  }

  private static String separator(int choice) {
    return switch (choice) {
      case 1 -> "-";
      case 2 -> " ";
      case 3 -> " - ";
      default -> "";
    };
  }

  private static char typedSymbol(char symbol, int choice, boolean check) {
    if (symbol == '0' && choice >= 4) {
      return choice % 2 == 0 ? 'O' : 'o';
    }
    if (symbol == '1' && choice >= 4) {
      return "IiLl\u0130\u0131".charAt(choice - 4);
    }
    return choice % 2 == 1 ? Character.toLowerCase(symbol) : symbol;
  }
}
