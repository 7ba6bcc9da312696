package dev.affiliatekit.link;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static dev.affiliatekit.internal.Texts.quote;

import com.google.common.collect.ImmutableSortedSet;
import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.text.Normalizer;
import java.util.Collection;
import java.util.HashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * What a vanity code may be: its length, its symbols, the words it may not be, and the words it
 * may not contain.
 *
 * <p>A policy checks codes that affiliates choose ({@link #check(CharSequence)}) and derives
 * codes from names ({@link LinkCodeGenerator#vanity(CharSequence, VanityPolicy)}, {@link
 * #choose(CharSequence, Predicate)}): {@code "Zoë O'Brien"} becomes {@code ZOEOBRIEN}, and if
 * that is taken, {@code ZOEOBRIEN2}, {@code ZOEOBRIEN3} and so on, up to {@link #maxAttempts()}
 * candidates.
 *
 * <p>Words are compared through their <em>skeletons</em>, which undo the digit-for-letter
 * substitutions that people use to get around a filter: {@code 0} is {@code O}, {@code 1} and
 * {@code L} are {@code I}, {@code 2} is {@code Z}, {@code 3} is {@code E}, {@code 4} is {@code A},
 * {@code 5} is {@code S}, {@code 6} and {@code 9} are {@code G}, {@code 7} is {@code T} and {@code
 * 8} is {@code B}. A code is refused if its skeleton equals that of a reserved word ({@code
 * ADM1N} is {@code ADMIN}), or contains that of a blocked word anywhere. A code is also refused if
 * {@link LinkCode#parse(CharSequence)} would read it as a different, valid generated code, so that
 * a link that accepts both kinds never confuses them. A policy knows no codes that are held, so a
 * code one typo from another owner's generated code ({@link LinkCode#generatedCodesOneTypoAway()}),
 * or such a code without its check symbol ({@link LinkCode#generatedCodeCutToThis()}), passes it;
 * a program refuses such a code when it enrolls an affiliate.
 *
 * <pre>{@code
 * Set<String> blocked = new HashSet<>(VanityPolicy.defaults().blockedWords());
 * blocked.add("SCAM");
 * VanityPolicy policy = VanityPolicy.builder().lengthBetween(4, 16).blockedWords(blocked).build();
 *
 * LinkCode chosen = policy.check("jane-20");                  // JANE20, or throws saying why not
 * registry.claim(chosen, jane);                               // throws if someone else holds it
 * LinkCode derived = registry.claimNew(
 *     LinkCodeGenerator.vanity("Jane Doe", policy), policy.maxAttempts(), jane); // JANEDOE2 if
 *                                                                                // JANEDOE is taken
 * }</pre>
 *
 * <p>Two policies are equal when their settings are: length bounds, allowed symbols, attempts,
 * reserved words and blocked words.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class VanityPolicy {

  /** The upper-case letters and digits: every symbol a vanity code can have. */
  public static final String ALL_SYMBOLS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

  /** What each digit stands for in a skeleton. */
  private static final String DIGIT_LETTERS = "OIZEASGTBG";

  private static final VanityPolicy DEFAULTS = new Builder().build();

  private final int minLength;
  private final int maxLength;
  private final String allowedSymbols;
  private final boolean[] allowed;
  private final int maxAttempts;
  private final ImmutableSortedSet<String> reservedWords;
  private final ImmutableSortedSet<String> blockedWords;
  private final Set<String> reservedSkeletons;
  private final String[] blockedSkeletons;

  private VanityPolicy(Builder builder) {
    this.minLength = builder.minLength;
    this.maxLength = builder.maxLength;
    this.allowedSymbols = builder.allowedSymbols;
    this.allowed = new boolean[128];
    for (int i = 0; i < allowedSymbols.length(); i++) {
      allowed[allowedSymbols.charAt(i)] = true;
    }
    this.maxAttempts = builder.maxAttempts;
    this.reservedWords = builder.reservedWords;
    this.blockedWords = builder.blockedWords;
    // Not a stream's collector: Guava's -android flavour hides those before 33.2.
    this.reservedSkeletons = ImmutableSortedSet.copyOf(
        reservedWords.stream().map(VanityPolicy::skeleton).iterator());
    this.blockedSkeletons =
        blockedWords.stream().map(VanityPolicy::skeleton).toArray(String[]::new);
  }

  /**
   * Returns the default policy: 4 to 20 symbols, any letter or digit, up to 10 candidates per
   * name, a list of reserved words such as {@code ADMIN}, {@code API} and {@code LOGIN}, and a
   * list of blocked English words that are rarely part of a name.
   *
   * @return the default policy
   */
  public static VanityPolicy defaults() {
    return DEFAULTS;
  }

  /**
   * Returns a builder that starts from {@link #defaults()}.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder that starts from this policy} */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.minLength = minLength;
    builder.maxLength = maxLength;
    builder.allowedSymbols = allowedSymbols;
    builder.maxAttempts = maxAttempts;
    builder.reservedWords = reservedWords;
    builder.blockedWords = blockedWords;
    return builder;
  }

  /** {@return the fewest symbols a code may have} */
  public int minLength() {
    return minLength;
  }

  /** {@return the most symbols a code may have} */
  public int maxLength() {
    return maxLength;
  }

  /** {@return the symbols a code may have, in the order of {@link #ALL_SYMBOLS}} */
  public String allowedSymbols() {
    return allowedSymbols;
  }

  /** {@return how many candidates a name yields at most: the name, then suffixed names} */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** {@return the reserved words, in upper case and sorted} */
  public Set<String> reservedWords() {
    return reservedWords;
  }

  /** {@return the blocked words, in upper case and sorted} */
  public Set<String> blockedWords() {
    return blockedWords;
  }

  /**
   * Checks a code that an affiliate chose, read as {@link LinkCode#parseVanity(CharSequence)}
   * reads it.
   *
   * <p>For example, {@code check("jane-20")} is {@code JANE20}; {@code check("adm1n")} throws
   * {@code vanity code is reserved: 'ADM1N'}; {@code check("eli-glow")} throws {@code vanity code
   * could be mistaken for the generated code E11G10W (ELIGLOW2 is allowed): 'ELIGLOW'}. Whether
   * the code is free is for a {@link LinkRegistry} to say.
   *
   * @param chosen the code as typed
   * @return the code
   * @throws IllegalArgumentException if the text is not a vanity code ({@link
   *     InvalidLinkCodeException}) or the policy does not allow it; the message says why
   */
  public LinkCode check(CharSequence chosen) {
    checkNotNull(chosen, "chosen");
    LinkCode code = LinkCode.parseVanity(chosen);
    String problem = problem(code.toString());
    if (problem != null) {
      throw new IllegalArgumentException(problem + alternative(code.toString()) + ": "
          + quote(code.toString()));
    }
    return code;
  }

  /**
   * For a code refused only because it reads as a generated code, names the first of its
   * suffixed candidates that the policy allows, such as {@code (ELIGLOW2 is allowed)}; else
   * nothing.
   */
  private String alternative(String code) {
    if (problem(code, false) != null) {
      return "";
    }
    try {
      // The code is its own base: it has allowed symbols and length, as the check above says.
      return " (" + new Candidates(code, code).next() + " is allowed)";
    } catch (IllegalStateException noneAllowed) {
      return "";
    }
  }

  /**
   * Returns whether the policy allows a code, as {@link #check(CharSequence)} would.
   *
   * @param code a code
   * @return whether the code has an allowed length and symbols, is not reserved, contains no
   *     blocked word and cannot be read as another generated code
   */
  public boolean allows(LinkCode code) {
    checkNotNull(code, "code");
    return problem(code.toString()) == null;
  }

  /**
   * Returns the first candidate for a name that the policy allows and that is not taken.
   *
   * <p>For example, {@code choose("Jane Doe", taken)} is {@code JANEDOE}, or {@code JANEDOE2} if
   * {@code taken} says {@code JANEDOE} is. The predicate is asked, not told: to claim a code
   * without a race between asking and claiming, use {@link LinkRegistry#claimNew(
   * LinkCodeGenerator, int, LinkOwner)} with {@link LinkCodeGenerator#vanity(CharSequence,
   * VanityPolicy)}.
   *
   * @param name a name or chosen text, such as {@code "Zoë O'Brien"}
   * @param taken says whether a code is taken
   * @return the first free candidate
   * @throws IllegalArgumentException if the policy allows no code for the name: none of its
   *     candidates (at most {@link #maxAttempts()}), as when the name reads as a generated code and
   *     the policy allows no digit for a suffix
   * @throws IllegalStateException if every candidate that the policy allows is taken
   */
  public LinkCode choose(CharSequence name, Predicate<? super LinkCode> taken) {
    checkNotNull(name, "name");
    checkNotNull(taken, "taken");
    LinkCodeGenerator candidates = candidates(name);
    while (true) {
      LinkCode code = candidates.next();
      if (!taken.test(code)) {
        return code;
      }
    }
  }

  /** Returns the candidates for a name; see {@link LinkCodeGenerator#vanity}. */
  LinkCodeGenerator candidates(CharSequence text) {
    // A copy, read once, so that a buffer the caller reuses changes neither the codes nor the
    // name that the generator and its errors show.
    String name = text.toString();
    String base = derive(name);
    // A base that reads as a generated code is passed over, as a taken one is, and the suffixed
    // candidates are checked one by one: a look-alike rules out one code, not the name.
    String problem = problem(base, false);
    if (problem != null) {
      throw new IllegalArgumentException(problem + ": " + quote(base) + " from " + quote(name));
    }
    // A name whose every candidate is refused gets no code, however few are taken: say so now,
    // not as candidates used up.
    Candidates trial = new Candidates(base, name);
    if (trial.nextAllowed() == null) {
      throw new IllegalArgumentException("vanity policy allows no candidate for " + quote(name)
          + " (" + trial.tried.size() + " tried), the first because " + problem(base) + ": "
          + quote(base));
    }
    return new Candidates(base, name);
  }

  /**
   * Returns the letters and digits of a name in upper case, with accents removed and letters such
   * as {@code ß} and {@code Ø} spelled in ASCII, keeping the allowed symbols only and at most
   * {@link #maxLength()} of them.
   */
  String derive(CharSequence name) {
    StringBuilder out = new StringBuilder(maxLength);
    // Each character is decomposed (NFD) alone. The whole name's NFD would also put each run of
    // combining marks in canonical order, at a cost in the square of the run's length, for marks
    // that no symbol is made of; and the name is read only until the code has its symbols.
    for (int i = 0; i < name.length() && out.length() < maxLength; ) {
      int codePoint = Character.codePointAt(name, i);
      i += Character.charCount(codePoint);
      if (codePoint < 0x80) {
        append(ascii((char) codePoint), out);
      } else {
        String decomposed = Normalizer.normalize(new String(Character.toChars(codePoint)),
            Normalizer.Form.NFD);
        for (int j = 0; j < decomposed.length() && out.length() < maxLength; j++) {
          append(ascii(decomposed.charAt(j)), out);
        }
      }
    }
    return out.toString();
  }

  /** Appends the allowed symbols of a character's ASCII spelling, up to the longest code. */
  private void append(String ascii, StringBuilder out) {
    for (int j = 0; j < ascii.length() && out.length() < maxLength; j++) {
      char symbol = ascii.charAt(j);
      if (allowed[symbol]) {
        out.append(symbol);
      }
    }
  }

  /** Returns the upper-case ASCII letters or digit that a character of a name is written with. */
  private static String ascii(char c) {
    if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      return String.valueOf(c);
    }
    if (c >= 'a' && c <= 'z') {
      return String.valueOf((char) (c - ('a' - 'A')));
    }
    return switch (c) {
      case '\u00df', '\u1e9e' -> "SS"; // ß ẞ
      case '\u00c6', '\u00e6' -> "AE"; // Æ æ
      case '\u0152', '\u0153' -> "OE"; // Œ œ
      case '\u00d8', '\u00f8' -> "O";  // Ø ø
      case '\u0141', '\u0142' -> "L";  // Ł ł
      case '\u0110', '\u0111', '\u00d0', '\u00f0' -> "D"; // Đ đ Ð ð
      case '\u00de', '\u00fe' -> "TH"; // Þ þ
      case '\u0131' -> "I";            // dotless ı
      default -> "";
    };
  }

  /** Returns why the policy refuses a canonical code, or null if it allows it. */
  private @Nullable String problem(String code) {
    return problem(code, true);
  }

  /** Returns what is wrong with a code, if anything; a look-alike of a generated code if asked. */
  private @Nullable String problem(String code, boolean lookAlike) {
    int length = code.length();
    if (length < minLength) {
      return "vanity code must have at least " + minLength + " symbols";
    }
    if (length > maxLength) {
      return "vanity code must have at most " + maxLength + " symbols";
    }
    for (int i = 0; i < length; i++) {
      char c = code.charAt(i);
      if (c >= 128 || !allowed[c]) {
        return "vanity code has symbol '" + c + "' at " + i + ", which the policy does not allow";
      }
    }
    String skeleton = skeleton(code);
    if (reservedSkeletons.contains(skeleton)) {
      return "vanity code is reserved";
    }
    for (String blocked : blockedSkeletons) {
      int at = skeleton.indexOf(blocked);
      if (at >= 0) {
        return "vanity code contains a blocked word in " + quote(code.substring(at,
            at + blocked.length())) + " at " + at + ", digits read as letters and L as I";
      }
    }
    LinkCode generated = lookAlike ? LinkCode.readGenerated(code, false) : null;
    if (generated != null && !generated.toString().equals(code)) {
      return "vanity code could be mistaken for the generated code " + generated;
    }
    return null;
  }

  /** Returns the skeleton of an upper-case word: digits as the letters they stand for, L as I. */
  static String skeleton(String word) {
    char[] chars = word.toCharArray();
    for (int i = 0; i < chars.length; i++) {
      char c = chars[i];
      if (c >= '0' && c <= '9') {
        chars[i] = DIGIT_LETTERS.charAt(c - '0');
      } else if (c == 'L') {
        chars[i] = 'I';
      }
    }
    return new String(chars);
  }

  /** Returns whether the other object is a policy with the same settings. */
  @Override
  public boolean equals(@Nullable Object obj) {
    return obj == this || (obj instanceof VanityPolicy other
        && minLength == other.minLength
        && maxLength == other.maxLength
        && maxAttempts == other.maxAttempts
        && allowedSymbols.equals(other.allowedSymbols)
        && reservedWords.equals(other.reservedWords)
        && blockedWords.equals(other.blockedWords));
  }

  @Override
  public int hashCode() {
    return Objects.hash(minLength, maxLength, maxAttempts, allowedSymbols, reservedWords,
        blockedWords);
  }

  /**
   * {@return the settings, with the number of reserved and blocked words, for debugging; the
   * format may change}
   */
  @Override
  public String toString() {
    return "VanityPolicy[length " + minLength + " to " + maxLength + ", symbols " + allowedSymbols
        + ", " + maxAttempts + " attempts, " + reservedWords.size() + " reserved words, "
        + blockedWords.size() + " blocked words]";
  }

  /** The candidates for one name: the name, then the name with suffixes 2, 3, ... */
  private final class Candidates implements LinkCodeGenerator {

    private final String base;
    private final String name;
    /**
     * Shortening the name for a suffix can repeat a candidate: {@code AB12} is AB1 + 2, AB + 12.
     */
    private final Set<String> tried = new HashSet<>();
    private int attempts;
    /** The candidates given so far, which the policy allows. */
    private int given;

    Candidates(String base, String name) {
      this.base = base;
      this.name = name;
    }

    @Override
    public LinkCode next() {
      String candidate = nextAllowed();
      if (candidate == null) {
        throw new IllegalStateException("vanity code candidates are used up: " + quote(name)
            + " has " + given + (given == 1 ? " candidate" : " candidates")
            + " that the policy allows");
      }
      return LinkCode.ofCanonical(candidate);
    }

    /** Returns the next candidate that the policy allows, or null if the attempts are used up. */
    private @Nullable String nextAllowed() {
      while (attempts < maxAttempts) {
        attempts++;
        String candidate = attempts == 1 ? base : suffixed(attempts);
        if (candidate != null && tried.add(candidate) && problem(candidate) == null) {
          given++;
          return candidate;
        }
      }
      return null;
    }

    /**
     * Returns the base, shortened if need be, with the suffix; null if digits are not allowed, or
     * the suffix leaves no room for a symbol of the name.
     */
    private @Nullable String suffixed(int suffix) {
      String digits = Integer.toString(suffix);
      for (int i = 0; i < digits.length(); i++) {
        if (!allowed[digits.charAt(i)]) {
          return null;
        }
      }
      if (maxLength - digits.length() < 1) {
        return null;
      }
      int stem = Math.min(base.length(), maxLength - digits.length());
      return base.substring(0, stem) + digits;
    }

    @Override
    public String toString() {
      return "LinkCodeGenerator.vanity(" + quote(name) + ")";
    }
  }

  /**
   * A builder of a {@link VanityPolicy}, starting from the defaults.
   *
   * <p>Each setter checks its argument and changes nothing if it throws.
   */
  public static final class Builder {

    private int minLength = 4;
    private int maxLength = 20;
    private String allowedSymbols = ALL_SYMBOLS;
    private int maxAttempts = 10;
    private ImmutableSortedSet<String> reservedWords = words(VanityWords.RESERVED, "reservedWords");
    private ImmutableSortedSet<String> blockedWords = words(VanityWords.BLOCKED, "blockedWords");

    private Builder() {}

    /**
     * Sets the length bounds.
     *
     * <p>For example, {@code lengthBetween(3, 12)}.
     *
     * @param min the fewest symbols, at least 1
     * @param max the most symbols, from {@code min} to {@value LinkCode#MAX_LENGTH}
     * @return this builder
     * @throws IllegalArgumentException if the bounds are out of range
     */
    @CanIgnoreReturnValue
    public Builder lengthBetween(int min, int max) {
      checkArgument(min >= 1 && min <= max && max <= LinkCode.MAX_LENGTH,
          "vanity code length bounds must satisfy 1 <= min <= max <= %s: [%s, %s]",
          LinkCode.MAX_LENGTH, min, max);
      this.minLength = min;
      this.maxLength = max;
      return this;
    }

    /**
     * Sets the symbols a code may have.
     *
     * <p>For example, {@code allowedSymbols("ABCDEFGHJKMNPQRSTVWXYZ23456789")} refuses the
     * symbols that people confuse: {@code I}, {@code L}, {@code O}, {@code U}, {@code 0} and
     * {@code 1}. Names lose the symbols that are not allowed, and if digits are not allowed, a
     * name yields only itself as a candidate.
     *
     * @param symbols some of {@link #ALL_SYMBOLS}, in any order
     * @return this builder
     * @throws IllegalArgumentException if {@code symbols} is empty or has another character
     */
    @CanIgnoreReturnValue
    public Builder allowedSymbols(CharSequence symbols) {
      checkNotNull(symbols, "symbols");
      StringBuilder ordered = new StringBuilder();
      for (int i = 0; i < ALL_SYMBOLS.length(); i++) {
        char symbol = ALL_SYMBOLS.charAt(i);
        if (symbols.toString().indexOf(symbol) >= 0) {
          ordered.append(symbol);
        }
      }
      for (int i = 0; i < symbols.length(); i++) {
        if (ALL_SYMBOLS.indexOf(symbols.charAt(i)) < 0) {
          throw new IllegalArgumentException(
              "vanity symbols must be upper-case letters or digits: " + quote(symbols));
        }
      }
      if (ordered.length() == 0) {
        throw new IllegalArgumentException("vanity symbols must not be empty: " + quote(symbols));
      }
      this.allowedSymbols = ordered.toString();
      return this;
    }

    /**
     * Sets how many candidates a name yields at most.
     *
     * @param attempts from 1 to 1000
     * @return this builder
     * @throws IllegalArgumentException if {@code attempts} is out of range
     */
    @CanIgnoreReturnValue
    public Builder maxAttempts(int attempts) {
      checkArgument(attempts >= 1 && attempts <= 1000,
          "vanity attempts must be within [1, 1000]: %s", attempts);
      this.maxAttempts = attempts;
      return this;
    }

    /**
     * Replaces the reserved words: codes that may not be used as a whole.
     *
     * @param words ASCII letters and digits, in any case and of any length; compared through their
     *     skeletons
     * @return this builder
     * @throws IllegalArgumentException if a word is empty or has another character
     */
    @CanIgnoreReturnValue
    public Builder reservedWords(Collection<String> words) {
      this.reservedWords = words(words, "reservedWords");
      return this;
    }

    /**
     * Replaces the blocked words: words a code may not contain anywhere.
     *
     * @param words ASCII letters and digits, in any case and of any length; compared through their
     *     skeletons
     * @return this builder
     * @throws IllegalArgumentException if a word is empty or has another character
     */
    @CanIgnoreReturnValue
    public Builder blockedWords(Collection<String> words) {
      this.blockedWords = words(words, "blockedWords");
      return this;
    }

    private static ImmutableSortedSet<String> words(Collection<String> words, String field) {
      checkNotNull(words, field);
      ImmutableSortedSet.Builder<String> upper = ImmutableSortedSet.naturalOrder();
      for (String word : words) {
        checkNotNull(word, "%s contains null", field);
        // Any length: a word longer than a code can never match one, which is no reason to refuse.
        boolean lettersAndDigits = !word.isEmpty();
        for (int i = 0; i < word.length() && lettersAndDigits; i++) {
          char c = word.charAt(i);
          lettersAndDigits =
              (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
        }
        if (!lettersAndDigits) {
          throw new IllegalArgumentException(field + " must hold ASCII letters and digits only: "
              + quote(word));
        }
        upper.add(word.toUpperCase(Locale.ROOT));
      }
      return upper.build();
    }

    /** {@return the policy} */
    public VanityPolicy build() {
      return new VanityPolicy(this);
    }
  }
}
