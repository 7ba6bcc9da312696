package dev.affiliatekit.link;

import static com.google.common.base.Preconditions.checkNotNull;
import static dev.affiliatekit.internal.Texts.printable;
import static dev.affiliatekit.internal.Texts.quote;

import dev.affiliatekit.link.InvalidLinkCodeException.Reason;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A code that identifies an affiliate in a link ({@code shop.example/?ref=K7QX2M9D4PV}) or on a
 * coupon ({@code JANE20}), in its one canonical form: upper-case symbols without separators.
 *
 * <p>There are two kinds of code, read by two methods, because they forgive different typos:
 *
 * <ul>
 *   <li>A <em>generated</em> code ({@link LinkCodeGenerator#random()}, {@link LinkIdCodec}) is
 *       written in Crockford's base 32 and ends with a mod-37 check symbol. {@link
 *       #parse(CharSequence)} reads it leniently, ignoring case, hyphens and spaces and reading
 *       {@code O} as {@code 0} and {@code I} and {@code L} as {@code 1}, and rejects a code whose
 *       check symbol does not match, so that a mistyped code fails before any lookup. The check
 *       catches every single wrong symbol and every swap of two neighbours.
 *   <li>A <em>vanity</em> code ({@link VanityPolicy}) is chosen text such as {@code JANEDOE} or
 *       {@code JANE20}, with no check symbol. {@link #parseVanity(CharSequence)} reads ASCII
 *       letters and digits, ignoring case, hyphens and spaces, and reads {@code O} as the letter
 *       it is.
 * </ul>
 *
 * <p>Both read the Turkish dotted {@code İ} ({@code U+0130}) and dotless {@code ı} ({@code
 * U+0131}) as {@code I}, as they read {@code i}: a host that changes the case of a code in a
 * Turkish or Azerbaijani default locale gets {@code İLKERDİY} from {@code "ilkerdiy".toUpperCase()}
 * and {@code ılkerdıy} from {@code "ILKERDIY".toLowerCase()}, both the code {@code ILKERDIY}. In a
 * generated code, {@code I} reads as {@code 1}, and so do they. No other non-ASCII letter is read.
 *
 * <pre>{@code
 * LinkCode code = LinkCode.parse("k7qx-2m9d-4pv");     // K7QX2M9D4PV
 * LinkCode.parse("K7QX2M9D4PW");                       // throws: wrong check symbol
 * LinkCode coupon = LinkCode.parseVanity("jane-20");   // JANE20
 * }</pre>
 *
 * <p>Two codes are equal when their canonical forms are, whatever method read them. {@link
 * #toString()} is the canonical form, which the method that read a code reads back to an equal
 * code. Codes order by their canonical forms.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class LinkCode implements Comparable<LinkCode> {

  /** The largest number of symbols in a code, check symbol included. */
  public static final int MAX_LENGTH = 32;

  private final String text;

  private LinkCode(String text) {
    this.text = text;
  }

  /** Returns the code whose canonical form is {@code text}; checks nothing. */
  static LinkCode ofCanonical(String text) {
    return new LinkCode(text);
  }

  /**
   * Reads a generated code: Crockford base-32 symbols followed by their check symbol.
   *
   * <p>Case, hyphens and spaces do not matter, and {@code O}, {@code I} and {@code L} read as
   * {@code 0}, {@code 1} and {@code 1}; the Turkish {@code İ} and {@code ı} ({@code U+0130} and
   * {@code U+0131}), which changing the case of {@code i} or {@code I} in a Turkish locale gives,
   * read as {@code I}, so as {@code 1}. For example, {@code "16j-d"} and {@code "16JD"} are the
   * code {@code 16JD}, whose check symbol {@code D} is 1234 mod 37; {@code "16JE"} is rejected.
   *
   * @param text the code as typed, at most {@value #MAX_LENGTH} symbols besides separators
   * @return the code
   * @throws InvalidLinkCodeException if the text has fewer than two symbols or more than {@value
   *     #MAX_LENGTH}, has a character that is not a symbol or a separator, or its check symbol
   *     does not match
   */
  public static LinkCode parse(CharSequence text) {
    checkNotNull(text, "text");
    // A read that fails throws, so it never returns null here.
    return Objects.requireNonNull(readGenerated(text, true));
  }

  /**
   * Reads a generated code as {@link #parse(CharSequence)} does, but returns empty instead of
   * throwing when the text is not one. Use it where bad input is expected, such as the query of
   * a click.
   *
   * @param text the code as typed
   * @return the code, or empty if {@link #parse(CharSequence)} would throw
   */
  public static Optional<LinkCode> tryParse(CharSequence text) {
    checkNotNull(text, "text");
    return Optional.ofNullable(readGenerated(text, false));
  }

  /**
   * Reads a vanity code: ASCII letters and digits.
   *
   * <p>Case, hyphens and spaces do not matter; no letter stands for a digit. The Turkish {@code
   * İ} and {@code ı} ({@code U+0130} and {@code U+0131}), which changing the case of {@code i} or
   * {@code I} in a Turkish locale gives, read as {@code I}. For example, {@code "Jane-Doe"} and
   * {@code "JANE DOE"} are the code {@code JANEDOE}, {@code "j0hn"} is {@code J0HN}, not {@code
   * JOHN}, and {@code "İLKERDİY"} is {@code ILKERDIY}. Which vanity codes a program hands out is
   * up to its {@link VanityPolicy}; this method only reads them.
   *
   * @param text the code as typed, at most {@value #MAX_LENGTH} symbols besides separators
   * @return the code
   * @throws InvalidLinkCodeException if the text has no symbols or more than {@value
   *     #MAX_LENGTH}, or a character other than an ASCII letter, digit, hyphen or space, {@code
   *     İ} or {@code ı}
   */
  public static LinkCode parseVanity(CharSequence text) {
    checkNotNull(text, "text");
    return Objects.requireNonNull(readVanity(text, true));
  }

  /**
   * Reads a vanity code as {@link #parseVanity(CharSequence)} does, but returns empty instead of
   * throwing when the text is not one.
   *
   * @param text the code as typed
   * @return the code, or empty if {@link #parseVanity(CharSequence)} would throw
   */
  public static Optional<LinkCode> tryParseVanity(CharSequence text) {
    checkNotNull(text, "text");
    return Optional.ofNullable(readVanity(text, false));
  }

  /**
   * Reads a code as a customer typed it, as a program, its tracking-link parser (which reads vanity
   * codes unless told not to) and the directory of {@code AffiliateDirectory.builder()} read codes:
   * as a generated code if its check symbol holds, read as {@link #parse} reads it, else as a
   * vanity code, read as {@link #parseVanity} reads it.
   *
   * <p>For example, {@code "k7qx-2m9d-4pv"} is {@code K7QX2M9D4PV}, {@code "Glow-With-Mia"} is
   * {@code GLOWWITHMIA}, and {@code "SPRING_SALE"} is no code.
   *
   * @param text the code as typed
   * @return the code, or empty if the text is neither kind of code
   */
  public static Optional<LinkCode> tryParseTyped(CharSequence text) {
    checkNotNull(text, "text");
    LinkCode code = readGenerated(text, false);
    return Optional.ofNullable(code != null ? code : readVanity(text, false));
  }

  /**
   * Reads a code of either kind as stored, such as its {@link #toString()} kept in a database or
   * a JSON document. A text that ends in a check symbol that only generated codes have ({@code
   * *}, {@code ~}, {@code $} or {@code =}) is read as a generated code, whose check must hold;
   * any other as a vanity code, which is equal to a generated code of the same canonical form.
   *
   * <p>For example, {@code "10*"} is the generated code {@code 10*} (32 mod 37 is {@code *}),
   * {@code "K7QX2M9D4PV"} and {@code "jane-20"} are {@code K7QX2M9D4PV} and {@code JANE20}, and
   * {@code "11*"} is rejected: its check symbol is {@code ~}. A text read as a vanity code reads
   * no letter as a digit, unlike {@link #parse}, so a stored vanity code reads back as written; a
   * text read as a generated code is read as {@code parse} reads it ({@code "1O*"} is {@code
   * 10*}). Every canonical form reads back as written.
   *
   * @param text the code, in its canonical form or as typed
   * @return the code
   * @throws InvalidLinkCodeException if the text is not a code of the kind it is read as
   */
  public static LinkCode parseAny(CharSequence text) {
    checkNotNull(text, "text");
    int last = text.length() - 1;
    while (last >= 0 && Crockford.value(text.charAt(last)) == Crockford.SEPARATOR) {
      last--;
    }
    boolean generated = last >= 0 && Crockford.isCheckOnly(text.charAt(last));
    return generated ? parse(text) : parseVanity(text);
  }

  /**
   * Reads a generated code, or returns null (or throws, if {@code throwing}) if the text is not
   * one. A single pass validates and computes the check; a second builds the canonical form only
   * if the text is not already canonical, so that a canonical {@code String} is reused as is.
   */
  static @Nullable LinkCode readGenerated(CharSequence text, boolean throwing) {
    int length = text.length();
    int symbols = 0;
    // The number the data symbols write, reduced mod 37 only when it grows large.
    long number = 0;
    int pending = -1;
    int pendingIndex = -1;
    boolean canonical = true;
    for (int i = 0; i < length; i++) {
      int read = Crockford.read(text.charAt(i));
      if (read < 0) {
        if (read == Crockford.SEPARATOR) {
          canonical = false;
          continue;
        }
        return fail(throwing, Reason.INVALID_CHARACTER, i, text);
      }
      int value = read & ~Crockford.NOT_CANONICAL;
      if (++symbols > MAX_LENGTH) {
        return fail(throwing, Reason.TOO_LONG, -1, text);
      }
      if (pending >= 0) {
        if (pending >= Crockford.BASE) {
          // A check-only symbol (U * ~ $ =) followed by more symbols is no check symbol.
          return fail(throwing, Reason.INVALID_CHARACTER, pendingIndex, text);
        }
        number = number * Crockford.BASE + pending;
        if (number >= Crockford.REDUCE_AT) {
          number %= Crockford.CHECK_MODULUS;
        }
      }
      canonical &= read == value;
      pending = value;
      pendingIndex = i;
    }
    if (symbols == 0) {
      return fail(throwing, Reason.EMPTY, -1, text);
    }
    if (symbols == 1) {
      return fail(throwing, Reason.TOO_SHORT, -1, text);
    }
    if (pending != number % Crockford.CHECK_MODULUS) {
      return fail(throwing, Reason.WRONG_CHECK_SYMBOL, pendingIndex, text);
    }
    if (canonical && text instanceof String string) {
      return new LinkCode(string);
    }
    char[] out = new char[symbols];
    int n = 0;
    for (int i = 0; i < length; i++) {
      int value = Crockford.value(text.charAt(i));
      if (value >= 0) {
        out[n++] = Crockford.symbol(value);
      }
    }
    return new LinkCode(new String(out));
  }

  /**
   * Reads a vanity code, or returns null (or throws, if {@code throwing}) if the text is not one.
   */
  static @Nullable LinkCode readVanity(CharSequence text, boolean throwing) {
    int length = text.length();
    int symbols = 0;
    boolean canonical = true;
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
        symbols++;
      } else if ((c >= 'a' && c <= 'z') || Crockford.isTurkishI(c)) {
        symbols++;
        canonical = false;
      } else if (c == '-' || c == ' ') {
        canonical = false;
      } else {
        return fail(throwing, Reason.INVALID_CHARACTER, i, text);
      }
      if (symbols > MAX_LENGTH) {
        return fail(throwing, Reason.TOO_LONG, -1, text);
      }
    }
    if (symbols == 0) {
      return fail(throwing, Reason.EMPTY, -1, text);
    }
    if (canonical && text instanceof String string) {
      return new LinkCode(string);
    }
    char[] out = new char[symbols];
    int n = 0;
    for (int i = 0; i < length; i++) {
      char c = text.charAt(i);
      if (c >= 'a' && c <= 'z') {
        out[n++] = (char) (c - ('a' - 'A'));
      } else if (Crockford.isTurkishI(c)) {
        out[n++] = 'I';
      } else if (c != '-' && c != ' ') {
        out[n++] = c;
      }
    }
    return new LinkCode(new String(out));
  }

  private static @Nullable LinkCode fail(boolean throwing, Reason reason, int index,
      CharSequence text) {
    if (!throwing) {
      return null;
    }
    String message = switch (reason) {
      case EMPTY -> "link code must not be empty";
      case TOO_SHORT -> "link code must have a symbol and a check symbol";
      case TOO_LONG -> "link code must have at most " + MAX_LENGTH + " symbols";
      case INVALID_CHARACTER ->
          "link code has invalid character '" + printable(text.charAt(index)) + "' at " + index;
      case WRONG_CHECK_SYMBOL ->
          "link code has a wrong check symbol '" + printable(text.charAt(index)) + "'";
    };
    throw new InvalidLinkCodeException(reason, index, message + ": " + quote(text));
  }

  /** {@return the number of symbols, check symbol included: 11 for {@code K7QX2M9D4PV}} */
  public int length() {
    return text.length();
  }

  /**
   * Returns the generated codes that this code is a typo of: those whose symbols differ from it
   * in one place, or by a swap of two neighbours, read as {@link #parse} reads them. A customer
   * who mistypes one of them so types this code, which {@link #parse} rejects and {@link
   * #tryParseTyped} then reads as a vanity code; so a program refuses a vanity code that is a typo
   * of another affiliate's generated code, which would take the clicks and coupon uses that
   * mistype it.
   *
   * <p>For example, {@code 16KD} is a typo of the generated code {@code 16JD}, among others. A
   * generated code is a typo of no other, as its check symbol catches every such typo.
   *
   * @return the codes, in canonical order; empty for a code that has none
   */
  public SortedSet<LinkCode> generatedCodesOneTypoAway() {
    SortedSet<LinkCode> codes = new TreeSet<>();
    char[] symbols = text.toCharArray();
    for (int i = 0; i < symbols.length; i++) {
      char typed = symbols[i];
      for (int value = 0; value < Crockford.SYMBOLS.length(); value++) {
        symbols[i] = Crockford.SYMBOLS.charAt(value);
        if (symbols[i] != typed) {
          addGenerated(symbols, codes);
        }
      }
      symbols[i] = typed;
      if (i + 1 < symbols.length && symbols[i + 1] != typed) {
        symbols[i] = symbols[i + 1];
        symbols[i + 1] = typed;
        addGenerated(symbols, codes);
        symbols[i + 1] = symbols[i];
        symbols[i] = typed;
      }
    }
    // Not the code itself, nor the generated code it reads as, such as 1O* as 10*: a code is
    // not a typo of itself.
    codes.remove(this);
    LinkCode read = readGenerated(text, false);
    if (read != null) {
      codes.remove(read);
    }
    return Collections.unmodifiableSortedSet(codes);
  }

  /**
   * Returns the generated code that is this code with a check symbol after it: the one generated
   * code that, cut short by its check symbol, is this code. Links lose a last symbol so: link
   * detectors take trailing punctuation out of a link, those of X's posts a {@code $}, {@code *}
   * or {@code ~}, those of GitHub-flavoured Markdown a {@code *} or {@code ~} ({@link
   * TrackingLinks} escapes them, but a link written by hand may end in one). A click on such a
   * link brings this code, which {@link #parse} rejects and {@link #tryParseTyped} then reads as
   * a vanity code; so a program refuses a vanity code that is another affiliate's generated code
   * without its check symbol, which would take the clicks of its cut links.
   *
   * <p>For example, {@code 1TN8FZQZ8W} is {@code 1TN8FZQZ8W$} cut short, and {@code 16J} is
   * {@code 16JD}. The check symbol is a function of the symbols before it, so there is at most
   * one such code: none for a code of {@value #MAX_LENGTH} symbols, nor for one with a symbol that
   * a generated code has only as its check symbol or never writes ({@code I}, {@code L}, {@code
   * O}, {@code U}, {@code *}, {@code ~}, {@code $}, {@code =}).
   *
   * @return the generated code, or empty if no generated code cut short by its check symbol is
   *     this code
   */
  public Optional<LinkCode> generatedCodeCutToThis() {
    int length = text.length();
    if (length >= MAX_LENGTH) {
      return Optional.empty();
    }
    for (int i = 0; i < length; i++) {
      // A canonical data symbol reads as its value, below the base; any other character does not.
      int read = Crockford.read(text.charAt(i));
      if (read < 0 || read >= Crockford.BASE) {
        return Optional.empty();
      }
    }
    char check = Crockford.symbol(Crockford.checkValue(text, length));
    return Optional.of(new LinkCode(text + check));
  }

  private static void addGenerated(char[] symbols, Set<LinkCode> codes) {
    LinkCode code = readGenerated(new String(symbols), false);
    if (code != null) {
      codes.add(code);
    }
  }

  /** Orders codes by their canonical forms, symbol by symbol. */
  @Override
  public int compareTo(LinkCode other) {
    return text.compareTo(checkNotNull(other, "other").text);
  }

  /** Returns whether the other object is a code with the same canonical form. */
  @Override
  public boolean equals(@Nullable Object obj) {
    return obj instanceof LinkCode other && text.equals(other.text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }

  /**
   * Returns the canonical form: upper-case symbols without separators, such as {@code
   * K7QX2M9D4PV} or {@code JANE20}.
   */
  @Override
  public String toString() {
    return text;
  }
}
