package dev.affiliatekit.link;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static dev.affiliatekit.internal.Texts.quote;

import com.google.common.collect.ImmutableSet;
import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.net.URI;
import java.util.Collection;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Reads the link code and the UTM parameters from an incoming URL or query string, whatever it
 * contains, without throwing.
 *
 * <p>The code is read from the query parameters {@code ref}, {@code via}, {@code aff} and {@code
 * fid} (configurable), and from a path that begins with {@code /r/CODE}. Values are read as a
 * generated code ({@link LinkCode#tryParse(CharSequence)}) or, failing that and unless switched
 * off, as a vanity code ({@link LinkCode#tryParseVanity(CharSequence)}). The rules for odd input
 * are fixed, so that no input can make the parser throw or guess:
 *
 * <ul>
 *   <li>Parameter names match without regard to ASCII case, after decoding; other parameters are
 *       skipped.
 *   <li>Names and values are percent-decoded as UTF-8, and {@code +} is a space, as HTML forms
 *       send it. A name or value with a malformed escape ({@code %} not followed by two hex
 *       digits) or escapes that are not UTF-8 is unreadable, and skipped. A code is read from the
 *       decoded value, so the Turkish {@code İ} ({@code %C4%B0}) and {@code ı} ({@code %C4%B1})
 *       read as {@code I} in it, as {@link LinkCode} reads them; not in parameter names, so that
 *       {@code ?VİA=...}, a URL upper-cased in a Turkish locale, names no code parameter.
 *   <li>An empty value, a parameter without {@code =}, a value that is not a code, and a UTM value
 *       that is blank, longer than 256 characters or has a control character, a line separator or
 *       an unpaired surrogate are skipped.
 *   <li>A code that appears more than once in the query, under one name or several, counts if
 *       every reading is the same code ({@code ref=k7qx-2m9d-4pv&via=K7QX2M9D4PV} is one code).
 *       If they name different codes, the result has <em>no</em> code: someone appended a second
 *       code to a link, and crediting either would be a guess.
 *   <li>A code in the query wins over a code in the path, which is read only when the query has
 *       none: a path may be a page of the site, while a code parameter is always a referral.
 *       {@link TrackingLinks} never writes both. A site whose own pages begin with {@code /r/}
 *       sets another {@linkplain Builder#pathSegment path segment}, or {@linkplain
 *       Builder#noPathCodes none}: its page {@code /r/recipes} is read as the vanity code {@code
 *       RECIPES}.
 *   <li>The same rule holds for each UTM parameter.
 *   <li>The fragment ({@code #...}) is never read: browsers do not send it.
 * </ul>
 *
 * <pre>{@code
 * TrackingLinkParser parser = TrackingLinkParser.defaults();
 * TrackingParameters click = parser.parse(
 *     "https://shop.example/serum?ref=K7QX2M9D4PV&utm_source=instagram");
 * click.code();          // Optional[K7QX2M9D4PV]
 * click.utm().source();  // Optional[instagram]
 * registry.resolve(click.code().orElseThrow());
 * }</pre>
 *
 * <p>Two parsers are equal when their settings are: the same parameter names, in any order, the
 * same path segment or none, and whether they read vanity codes.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class TrackingLinkParser {

  /** The query parameters read by default: {@code ref}, {@code via}, {@code aff}, {@code fid}. */
  public static final Set<String> DEFAULT_PARAMETER_NAMES = ImmutableSet.of("ref", "via", "aff",
      "fid");

  /** The first path segment read by default, as in {@code /r/K7QX2M9D4PV}. */
  public static final String DEFAULT_PATH_SEGMENT = "r";

  private static final TrackingLinkParser DEFAULTS = new Builder().build();
  private static final int MAX_NAME_LENGTH = 64;
  private static final int CODE = Utm.NAMES.length;
  private static final int NO_MATCH = -1;

  private final ImmutableSet<String> parameterNames;
  private final String[] names;
  private final @Nullable String pathSegment;
  private final boolean vanityCodes;

  private TrackingLinkParser(Builder builder) {
    this.parameterNames = builder.parameterNames;
    this.pathSegment = builder.pathSegment;
    this.vanityCodes = builder.vanityCodes;
    this.names = new String[Utm.NAMES.length + parameterNames.size()];
    System.arraycopy(Utm.NAMES, 0, names, 0, Utm.NAMES.length);
    int i = Utm.NAMES.length;
    for (String name : parameterNames) {
      names[i++] = name;
    }
  }

  /**
   * Returns the parser with the default settings: codes in {@code ref}, {@code via}, {@code aff}
   * and {@code fid} and in paths beginning {@code /r/}, generated or vanity.
   *
   * @return the default parser
   */
  public static TrackingLinkParser defaults() {
    return DEFAULTS;
  }

  /**
   * Returns a builder that starts from the default settings.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return the query parameters this parser reads codes from, in lower case} */
  public Set<String> parameterNames() {
    return parameterNames;
  }

  /** {@return the first path segment before a code, if this parser reads codes from paths} */
  public Optional<String> pathSegment() {
    return Optional.ofNullable(pathSegment);
  }

  /** {@return whether a value that is not a generated code is read as a vanity code} */
  public boolean readsVanityCodes() {
    return vanityCodes;
  }

  /**
   * Reads the code and UTM parameters of a URL.
   *
   * <p>For example, {@code https://shop.example/r/K7QX2M9D4PV?utm_source=instagram} has the code
   * {@code K7QX2M9D4PV} and the source {@code instagram}.
   *
   * @param url the URL; only its raw path and raw query are read
   * @return what the URL holds, by the rules of the class documentation
   */
  public TrackingParameters parse(URI url) {
    checkNotNull(url, "url");
    Reading reading = new Reading();
    String path = url.getRawPath();
    if (path != null) {
      readPath(path, 0, path.length(), reading);
    }
    String query = url.getRawQuery();
    if (query != null) {
      readQuery(query, 0, query.length(), reading);
    }
    return reading.result();
  }

  /**
   * Reads the code and UTM parameters of a URL given as text, which need not be a valid {@link
   * URI}: the query is what follows the first {@code ?} up to a {@code #}, and the path is what
   * follows the authority of {@code scheme://authority/path} or of {@code //authority/path}, as
   * {@link #parse(URI)} reads a URI without a scheme, or the text itself if it begins with a
   * single {@code /}.
   *
   * <p>For example, {@code "/r/k7qx-2m9d-4pv?utm_campaign=spring+sale"} has the code {@code
   * K7QX2M9D4PV} and the campaign {@code spring sale}, and so has {@code
   * "//shop.example/r/k7qx-2m9d-4pv?utm_campaign=spring+sale"}.
   *
   * @param url the URL as it arrived, such as a request line's target or a referrer
   * @return what the URL holds, by the rules of the class documentation
   */
  public TrackingParameters parse(CharSequence url) {
    checkNotNull(url, "url");
    int length = url.length();
    int fragment = indexOf(url, '#', 0, length);
    int end = fragment < 0 ? length : fragment;
    int question = indexOf(url, '?', 0, end);
    int pathEnd = question < 0 ? end : question;
    Reading reading = new Reading();
    int path = pathStart(url, pathEnd);
    if (path >= 0) {
      readPath(url, path, pathEnd, reading);
    }
    if (question >= 0) {
      readQuery(url, question + 1, end, reading);
    }
    return reading.result();
  }

  /**
   * Reads the code and UTM parameters of a raw query string, such as {@code
   * ref=K7QX2M9D4PV&utm_source=instagram}. A leading {@code ?} is skipped, and a {@code #} ends
   * the query.
   *
   * @param rawQuery the query, still percent-encoded
   * @return what the query holds, by the rules of the class documentation
   */
  public TrackingParameters parseQuery(CharSequence rawQuery) {
    checkNotNull(rawQuery, "rawQuery");
    int length = rawQuery.length();
    int start = length > 0 && rawQuery.charAt(0) == '?' ? 1 : 0;
    int fragment = indexOf(rawQuery, '#', start, length);
    Reading reading = new Reading();
    readQuery(rawQuery, start, fragment < 0 ? length : fragment, reading);
    return reading.result();
  }

  /** Returns where the path of a URL begins, or -1 if it has none that can be read. */
  private static int pathStart(CharSequence url, int end) {
    int slash = indexOf(url, '/', 0, end);
    if (slash < 0) {
      return -1;
    }
    boolean doubleSlash = slash + 1 < end && url.charAt(slash + 1) == '/';
    if (slash == 0 && !doubleSlash) {
      return 0;
    }
    boolean authority = doubleSlash && (slash == 0 || (url.charAt(slash - 1) == ':'
        && isScheme(url, slash - 1)));
    return authority ? indexOf(url, '/', slash + 2, end) : -1;
  }

  /** Returns whether {@code url[0, end)} is a URI scheme: a letter, then letters, digits, + - . */
  private static boolean isScheme(CharSequence url, int end) {
    if (end == 0 || !isAsciiLetter(url.charAt(0))) {
      return false;
    }
    for (int i = 1; i < end; i++) {
      char c = url.charAt(i);
      if (!isAsciiLetter(c) && !(c >= '0' && c <= '9') && c != '+' && c != '-' && c != '.') {
        return false;
      }
    }
    return true;
  }

  private static boolean isAsciiLetter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  /** Reads a code from a path {@code /SEGMENT/CODE} or {@code /SEGMENT/CODE/...}. */
  private void readPath(CharSequence text, int start, int end, Reading reading) {
    String segment = pathSegment;
    if (segment == null || start >= end || text.charAt(start) != '/') {
      return;
    }
    int first = start + 1;
    int firstEnd = indexOf(text, '/', first, end);
    if (firstEnd < 0) {
      return;
    }
    String name = PercentCoding.decode(text, first, firstEnd, false);
    if (!segment.equals(name)) {
      return;
    }
    int second = firstEnd + 1;
    int secondEnd = indexOf(text, '/', second, end);
    String value = PercentCoding.decode(text, second, secondEnd < 0 ? end : secondEnd, false);
    if (value != null) {
      LinkCode code = readCode(value);
      if (code != null) {
        reading.offerPathCode(code);
      }
    }
  }

  private void readQuery(CharSequence text, int start, int end, Reading reading) {
    int pair = start;
    while (pair < end) {
      int ampersand = indexOf(text, '&', pair, end);
      int pairEnd = ampersand < 0 ? end : ampersand;
      readPair(text, pair, pairEnd, reading);
      pair = pairEnd + 1;
    }
  }

  private void readPair(CharSequence text, int start, int end, Reading reading) {
    int equals = indexOf(text, '=', start, end);
    if (equals < 0 || equals + 1 == end) {
      return;
    }
    int match = match(text, start, equals);
    if (match == NO_MATCH) {
      return;
    }
    String value = PercentCoding.decode(text, equals + 1, end, true);
    if (value == null) {
      return;
    }
    if (match == CODE) {
      LinkCode code = readCode(value);
      if (code != null) {
        reading.offerCode(code);
      }
    } else if (Utm.isValid(value)) {
      reading.offerUtm(match, value);
    }
  }

  private @Nullable LinkCode readCode(String value) {
    LinkCode code = LinkCode.readGenerated(value, false);
    if (code == null && vanityCodes) {
      code = LinkCode.readVanity(value, false);
    }
    return code;
  }

  /** Returns the UTM index or {@link #CODE} that the name matches, or {@link #NO_MATCH}. */
  private int match(CharSequence text, int start, int end) {
    CharSequence name = text;
    int from = start;
    int to = end;
    for (int i = start; i < end; i++) {
      char c = text.charAt(i);
      if (c == '%' || c == '+') {
        String decoded = PercentCoding.decode(text, start, end, true);
        if (decoded == null) {
          return NO_MATCH;
        }
        name = decoded;
        from = 0;
        to = decoded.length();
        break;
      }
    }
    for (int n = 0; n < names.length; n++) {
      if (equalsIgnoreAsciiCase(names[n], name, from, to)) {
        return Math.min(n, CODE);
      }
    }
    return NO_MATCH;
  }

  private static boolean equalsIgnoreAsciiCase(String lower, CharSequence text, int from, int to) {
    if (to - from != lower.length()) {
      return false;
    }
    for (int i = 0; i < lower.length(); i++) {
      char c = text.charAt(from + i);
      if (c >= 'A' && c <= 'Z') {
        c = (char) (c + ('a' - 'A'));
      }
      if (c != lower.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(CharSequence text, char wanted, int from, int to) {
    for (int i = from; i < to; i++) {
      if (text.charAt(i) == wanted) {
        return i;
      }
    }
    return -1;
  }

  /**
   * Checks a parameter name or path segment: 1 to 64 of {@code A-Z a-z 0-9 - . _ ~}.
   *
   * @return the name
   */
  static String checkName(String name, String field) {
    checkNotNull(name, field);
    boolean valid = !name.isEmpty() && name.length() <= MAX_NAME_LENGTH;
    for (int i = 0; i < name.length() && valid; i++) {
      char c = name.charAt(i);
      valid = (c < 128 && Character.isLetterOrDigit(c)) || c == '-' || c == '.' || c == '_'
          || c == '~';
    }
    if (!valid) {
      throw new IllegalArgumentException(field + " must be 1 to " + MAX_NAME_LENGTH
          + " letters, digits, '-', '.', '_' or '~': " + quote(name));
    }
    return name;
  }

  /**
   * Checks a path segment before a code: a name, as {@link #checkName} checks it, other than
   * {@code .} and {@code ..}, which browsers and HTTP clients remove from a path (RFC 3986 section
   * 5.2.4), so that {@code /../K7QX2M9D4PV} arrives as {@code /K7QX2M9D4PV}.
   *
   * @return the segment
   */
  static String checkPathSegment(String segment) {
    String checked = checkName(segment, "path segment");
    if (checked.equals(".") || checked.equals("..")) {
      throw new IllegalArgumentException("path segment must not be '.' or '..', which browsers"
          + " and HTTP clients remove from a path: " + quote(segment));
    }
    return checked;
  }

  /** Returns whether the other object is a parser with the same settings. */
  @Override
  public boolean equals(@Nullable Object obj) {
    return obj == this || (obj instanceof TrackingLinkParser other
        && vanityCodes == other.vanityCodes
        && parameterNames.equals(other.parameterNames)
        && Objects.equals(pathSegment, other.pathSegment));
  }

  @Override
  public int hashCode() {
    return Objects.hash(parameterNames, pathSegment, vanityCodes);
  }

  @Override
  public String toString() {
    return "TrackingLinkParser[parameters " + parameterNames + ", path segment "
        + (pathSegment == null ? "none" : quote(pathSegment)) + ", vanity codes " + vanityCodes
        + "]";
  }

  /** What has been read so far from one URL. */
  private static final class Reading {
    private @Nullable LinkCode code;
    private boolean codeConflict;
    private @Nullable LinkCode pathCode;
    private @Nullable String @Nullable [] utm;
    private int utmConflicts;

    void offerCode(LinkCode offered) {
      if (code == null) {
        code = codeConflict ? null : offered;
      } else if (!code.equals(offered)) {
        code = null;
        codeConflict = true;
      }
    }

    void offerPathCode(LinkCode offered) {
      pathCode = offered;
    }

    void offerUtm(int index, String value) {
      if ((utmConflicts & 1 << index) != 0) {
        return;
      }
      @Nullable String[] values = utm;
      if (values == null) {
        values = new String[Utm.NAMES.length];
        utm = values;
      }
      String current = values[index];
      if (current == null) {
        values[index] = value;
      } else if (!current.equals(value)) {
        values[index] = null;
        utmConflicts |= 1 << index;
      }
    }

    TrackingParameters result() {
      @Nullable String[] values = utm;
      Utm read = values == null ? Utm.NONE : new Utm(Optional.ofNullable(values[0]),
          Optional.ofNullable(values[1]), Optional.ofNullable(values[2]),
          Optional.ofNullable(values[3]), Optional.ofNullable(values[4]));
      LinkCode chosen = code != null || codeConflict ? code : pathCode;
      return chosen == null && read.equals(Utm.NONE)
          ? TrackingParameters.NONE
          : new TrackingParameters(Optional.ofNullable(chosen), read);
    }
  }

  /**
   * A builder of a {@link TrackingLinkParser}, starting from the default settings.
   *
   * <p>Each setter checks its argument and changes nothing if it throws.
   */
  public static final class Builder {

    private ImmutableSet<String> parameterNames = ImmutableSet.copyOf(DEFAULT_PARAMETER_NAMES);
    private @Nullable String pathSegment = DEFAULT_PATH_SEGMENT;
    private boolean vanityCodes = true;

    private Builder() {}

    /**
     * Sets the query parameters to read codes from, replacing the defaults.
     *
     * <p>For example, {@code parameterNames(List.of("ref", "partner"))}.
     *
     * @param names one or more names of 1 to 64 letters, digits, {@code -}, {@code .}, {@code _}
     *     or {@code ~}; matched without regard to ASCII case, and none a UTM name
     * @return this builder
     * @throws IllegalArgumentException if there is no name, or a name is malformed or a UTM name
     */
    @CanIgnoreReturnValue
    public Builder parameterNames(Collection<String> names) {
      checkNotNull(names, "names");
      checkArgument(!names.isEmpty(), "parameterNames must not be empty: []");
      ImmutableSet.Builder<String> lower = ImmutableSet.builder();
      for (String name : names) {
        String checked = checkName(name, "parameter name").toLowerCase(Locale.ROOT);
        for (String utm : Utm.NAMES) {
          if (utm.equals(checked)) {
            throw new IllegalArgumentException(
                "parameter name must not be a UTM name: " + quote(name));
          }
        }
        lower.add(checked);
      }
      this.parameterNames = lower.build();
      return this;
    }

    /**
     * Sets the first path segment before a code, as {@code r} in {@code /r/K7QX2M9D4PV}.
     *
     * @param segment 1 to 64 letters, digits, {@code -}, {@code .}, {@code _} or {@code ~}, but
     *     not {@code .} or {@code ..}; matched exactly
     * @return this builder
     * @throws IllegalArgumentException if the segment is malformed, or is {@code .} or {@code ..},
     *     which browsers and HTTP clients remove from a path (RFC 3986 dot-segment removal), so
     *     that no URL that arrives has it
     */
    @CanIgnoreReturnValue
    public Builder pathSegment(String segment) {
      this.pathSegment = checkPathSegment(segment);
      return this;
    }

    /**
     * Stops the parser from reading codes from paths.
     *
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder noPathCodes() {
      this.pathSegment = null;
      return this;
    }

    /**
     * Sets whether a value that is not a generated code is read as a vanity code.
     *
     * @param read false for a program that hands out generated codes only, so that every code a
     *     click brings has passed its check symbol
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder vanityCodes(boolean read) {
      this.vanityCodes = read;
      return this;
    }

    /** {@return the parser} */
    public TrackingLinkParser build() {
      return new TrackingLinkParser(this);
    }
  }
}
