package dev.affiliatekit.link;

/**
 * Douglas Crockford's base 32: the symbols, their lenient reading, and the mod-37 check symbol.
 *
 * <p>The 32 data symbols are the digits and the letters without {@code I}, {@code L}, {@code O}
 * and {@code U}; a check symbol is the value of the data symbols mod 37, written with the 32 data
 * symbols and the five extra symbols {@code *~$=U}. Reading is lenient: lower case is upper case,
 * {@code O} is {@code 0}, and {@code I} and {@code L} are {@code 1}, as are the Turkish dotted
 * {@code İ} ({@code U+0130}) and dotless {@code ı} ({@code U+0131}), which upper- and lower-casing
 * {@code i} and {@code I} in a Turkish or Azerbaijani locale give.
 */
final class Crockford {

  /** The 37 symbols in order of value; the first 32 are the data symbols. */
  static final String SYMBOLS = "0123456789ABCDEFGHJKMNPQRSTVWXYZ*~$=U";

  /** The number of data symbols, and the base of the number they write. */
  static final int BASE = 32;

  /** The modulus of the check symbol: the smallest prime above 32, so every check works. */
  static final int CHECK_MODULUS = 37;

  /**
   * A bound below which a running base-32 value may grow before it is reduced mod 37: 32 times
   * it, plus a symbol, still fits in a {@code long}. Reducing rarely keeps divisions out of the
   * loop that reads a code.
   */
  static final long REDUCE_AT = 1L << 57;

  /** {@link #value} of a character that people type between symbols: hyphen or space. */
  static final byte SEPARATOR = -1;

  /** {@link #value} of a character that is no symbol. */
  static final byte INVALID = -2;

  /** Set by {@link #read} on the value of a character that is not the symbol's canonical form. */
  static final int NOT_CANONICAL = 64;

  private static final byte[] VALUES = new byte[128];
  private static final byte[] READS = new byte[128];
  private static final char[] SYMBOL_CHARS = SYMBOLS.toCharArray();

  static {
    java.util.Arrays.fill(VALUES, INVALID);
    for (int v = 0; v < SYMBOLS.length(); v++) {
      char c = SYMBOLS.charAt(v);
      VALUES[c] = (byte) v;
      VALUES[Character.toLowerCase(c)] = (byte) v;
    }
    VALUES['O'] = 0;
    VALUES['o'] = 0;
    VALUES['I'] = 1;
    VALUES['i'] = 1;
    VALUES['L'] = 1;
    VALUES['l'] = 1;
    VALUES['-'] = SEPARATOR;
    VALUES[' '] = SEPARATOR;
    for (char c = 0; c < 128; c++) {
      int value = VALUES[c];
      boolean canonical = value < 0 || SYMBOLS.charAt(value) == c;
      READS[c] = (byte) (canonical ? value : value | NOT_CANONICAL);
    }
  }

  private Crockford() {}

  /**
   * Returns the value of a typed character, read leniently: 0 to 31 for a data symbol, 32 to 36
   * for a symbol that may only be a check symbol ({@code U} among them), {@link #SEPARATOR} or
   * {@link #INVALID}.
   */
  static int value(char c) {
    return c < 128 ? VALUES[c] : isTurkishI(c) ? 1 : INVALID;
  }

  /**
   * {@return whether the character is the Turkish dotted capital {@code İ} ({@code U+0130}) or
   * dotless small {@code ı} ({@code U+0131}): {@code "i".toUpperCase()} and {@code
   * "I".toLowerCase()} in a Turkish or Azerbaijani default locale, which codes read as {@code I}}
   */
  static boolean isTurkishI(char c) {
    return c == '\u0130' || c == '\u0131';
  }

  /**
   * {@return whether the character is a symbol that only a check symbol can be and no vanity code
   * has: {@code *}, {@code ~}, {@code $} or {@code =}} {@code U} is a check symbol too, but also a
   * letter of vanity codes.
   */
  static boolean isCheckOnly(char c) {
    int value = value(c);
    return value >= BASE && SYMBOLS.charAt(value) != 'U';
  }

  /**
   * Returns {@link #value(char)}, with {@link #NOT_CANONICAL} added if the character is a
   * symbol in a form other than its canonical one (lower case or a look-alike), in one lookup.
   */
  static int read(char c) {
    return c < 128 ? READS[c] : isTurkishI(c) ? 1 | NOT_CANONICAL : INVALID;
  }

  /** {@return the symbol of the given value, from 0 to 36} */
  static char symbol(int value) {
    return SYMBOL_CHARS[value];
  }

  /**
   * Returns the check value of the canonical data symbols {@code text[0, end)}: the number they
   * write in base 32, mod 37. Every character must be a data symbol.
   */
  static int checkValue(CharSequence text, int end) {
    int remainder = 0;
    for (int i = 0; i < end; i++) {
      remainder = (remainder * BASE + VALUES[text.charAt(i)]) % CHECK_MODULUS;
    }
    return remainder;
  }

  /**
   * Writes {@code value}, an unsigned 64-bit number, as exactly {@code symbols} data symbols
   * into {@code out} from {@code offset}, most significant first.
   */
  static void writeUnsigned(long value, int symbols, char[] out, int offset) {
    long rest = value;
    for (int i = offset + symbols - 1; i >= offset; i--) {
      out[i] = SYMBOLS.charAt((int) (rest & (BASE - 1)));
      rest >>>= 5;
    }
  }

  /** Returns the base-32 form of a non-negative number without leading zeros ("0" for zero). */
  static String encode(long value) {
    if (value == 0) {
      return "0";
    }
    int symbols = (64 - Long.numberOfLeadingZeros(value) + 4) / 5;
    char[] out = new char[symbols];
    writeUnsigned(value, symbols, out, 0);
    return new String(out);
  }

  /** {@return the check symbol of a number, read as unsigned} */
  static char checkSymbol(long value) {
    return SYMBOLS.charAt((int) Long.remainderUnsigned(value, CHECK_MODULUS));
  }
}
