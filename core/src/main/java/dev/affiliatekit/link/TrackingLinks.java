package dev.affiliatekit.link;

import static com.google.common.base.Preconditions.checkNotNull;
import static dev.affiliatekit.internal.Texts.quote;

import com.google.common.base.Ascii;
import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Builds tracking links: a landing URL with a link code and optional UTM parameters; {@link
 * TrackingLinkParser} reads them back.
 *
 * <pre>{@code
 * URI link = TrackingLinks.builder(URI.create("https://shop.example/serum?size=50ml#reviews"))
 *     .code(LinkCode.parse("K7QX2M9D4PV"))
 *     .utmSource("instagram")
 *     .utmCampaign("spring sale")
 *     .build();
 * // https://shop.example/serum?size=50ml&ref=K7QX2M9D4PV&utm_source=instagram
 * //     &utm_campaign=spring%20sale#reviews
 * }</pre>
 *
 * <p>A code's symbols {@code $}, {@code *} and {@code ~} are written percent-encoded, as {@code
 * %24}, {@code %2A} and {@code %7E}: the code {@code 12$} goes into a link as {@code ?ref=12%24} or
 * {@code /r/12%24}. They are check symbols, which 3 generated codes in 37 end with, and the code is
 * the last thing of a link that has no UTM parameter or fragment after it. Link detectors take
 * trailing punctuation out of a link: X's posts a trailing {@code $}, {@code *} or {@code ~},
 * GitHub-flavoured Markdown autolinks a {@code *} or {@code ~}, so that {@code ?ref=1TN8FZQZ8W$}
 * posted on X would bring {@code 1TN8FZQZ8W}: the code without its check symbol, which fails the
 * check and is read as a vanity code, of no one or of someone else. An escape ends in a hex digit,
 * which detectors keep, and {@link TrackingLinkParser} decodes it; {@code ~} may stand unescaped in
 * a URL, but its escape means the same.
 */
public final class TrackingLinks {

  private TrackingLinks() {}

  /**
   * Returns a builder of tracking links to the given landing page.
   *
   * @param landing an absolute URL with an authority, such as {@code https://shop.example/serum}
   * @return a new builder
   * @throws IllegalArgumentException if the URL is relative or has no authority, such as {@code
   *     mailto:jane@example.com}
   */
  public static Builder builder(URI landing) {
    checkNotNull(landing, "landing");
    if (!landing.isAbsolute() || landing.getRawAuthority() == null) {
      throw new IllegalArgumentException("landing URL must be absolute with an authority, such as"
          + " https://shop.example/: " + quote(landing.toString()));
    }
    return new Builder(landing);
  }

  /**
   * A builder of one tracking link.
   *
   * <p>The code goes into the query parameter {@code ref} by default, or another ({@link
   * #parameterName(String)}), or into the path ({@link #codeInPath()}), of a landing URL whose
   * path has no dot segment, which browsers would remove with the code. Everything else of the
   * landing URL is kept byte for byte: its path, its other query parameters in their order, and
   * its fragment. Query parameters that the default {@link TrackingLinkParser} would read as a
   * code ({@code ref}, {@code via}, {@code aff}, {@code fid}, and the chosen name), and the UTM
   * parameters that are set, are removed from the landing URL first, so that the link names one
   * code and one value each. Names and values are percent-encoded as RFC 3986 says, with UTF-8
   * and {@code %20} for a space, and the code's {@code $}, {@code *} and {@code ~} are encoded
   * too, so that a link never ends in a symbol of its code that link detectors drop (see {@link
   * TrackingLinks}). A UTM value keeps such characters, as it keeps {@code .} and {@code !}: one
   * that ends a link may lose its last character where it is posted, which loses no credit.
   *
   * <p>Setters check their argument and change nothing if it throws.
   */
  public static final class Builder {

    private final URI landing;
    private @Nullable LinkCode code;
    private String parameterName = "ref";
    private @Nullable String pathSegment;
    private Utm utm = Utm.NONE;

    private Builder(URI landing) {
      this.landing = landing;
    }

    /**
     * Sets the code of the link.
     *
     * <p>A parser reads a link's code as a generated code first, reading {@code O} as {@code 0}
     * and {@code I} and {@code L} as {@code 1}, so a vanity code that also reads as a generated
     * code would come back as another code: {@code ELIGLOW} reads as {@code E11G10W}, which may
     * be someone else's. Such a code is refused here. {@link VanityPolicy} refuses them too, so a
     * vanity code it allowed always reads back.
     *
     * @param code the code
     * @return this builder
     * @throws IllegalArgumentException if a parser would read the code as another code
     */
    @CanIgnoreReturnValue
    public Builder code(LinkCode code) {
      checkNotNull(code, "code");
      LinkCode read = LinkCode.tryParse(code.toString()).orElse(code);
      if (!read.equals(code)) {
        throw new IllegalArgumentException("code would read back from a link as another code: "
            + quote(code.toString()) + " reads as the generated code " + quote(read.toString())
            + "; choose vanity codes with a VanityPolicy, which refuses such codes");
      }
      this.code = code;
      return this;
    }

    /**
     * Puts the code into the given query parameter instead of {@code ref}, such as {@code
     * ?via=K7QX2M9D4PV}.
     *
     * @param name 1 to 64 letters, digits, {@code -}, {@code .}, {@code _} or {@code ~}
     * @return this builder
     * @throws IllegalArgumentException if the name is malformed or a UTM name
     */
    @CanIgnoreReturnValue
    public Builder parameterName(String name) {
      String checked = TrackingLinkParser.checkName(name, "parameter name");
      for (String utmName : Utm.NAMES) {
        if (utmName.equalsIgnoreCase(checked)) {
          throw new IllegalArgumentException(
              "parameter name must not be a UTM name: " + quote(name));
        }
      }
      this.parameterName = checked;
      this.pathSegment = null;
      return this;
    }

    /**
     * Puts the code into the path instead of the query, as {@code /r/CODE} in front of the landing
     * URL's path: {@code https://shop.example/serum} becomes {@code
     * https://shop.example/r/K7QX2M9D4PV/serum}.
     *
     * @return this builder
     * @throws IllegalArgumentException if the landing URL's path has a dot segment, as {@link
     *     #codeInPath(String)} says
     */
    @CanIgnoreReturnValue
    public Builder codeInPath() {
      return codeInPath(TrackingLinkParser.DEFAULT_PATH_SEGMENT);
    }

    /**
     * Puts the code into the path after the given segment, as {@code /go/CODE} for {@code "go"}.
     *
     * <p>The landing URL's path then must have no dot segment: browsers and HTTP clients remove
     * {@code .} and {@code ..} from a path (RFC 3986 dot-segment removal), and {@code ..} with the
     * segment before it, so that {@code https://shop.example/serum/../..} would make the link
     * {@code https://shop.example/r/K7QX2M9D4PV/serum/../..} arrive as {@code
     * https://shop.example/r/}, without its code. Their escapes, such as {@code %2e} and {@code
     * %2E%2e}, are removed by browsers too. A link with the code in the query keeps it whatever
     * its path, as dot segments remove nothing but segments of the path.
     *
     * @param segment 1 to 64 letters, digits, {@code -}, {@code .}, {@code _} or {@code ~}, but
     *     not {@code .} or {@code ..}
     * @return this builder
     * @throws IllegalArgumentException if the segment is malformed, or is {@code .} or {@code ..},
     *     which browsers and HTTP clients remove from a path, so that {@code /../CODE} would
     *     arrive as {@code /CODE} and credit no one; or the landing URL's path has a dot segment,
     *     {@code .} or {@code ..} or an escape of them
     */
    @CanIgnoreReturnValue
    public Builder codeInPath(String segment) {
      String checked = TrackingLinkParser.checkPathSegment(segment);
      checkNoDotSegment(landing.getRawPath());
      this.pathSegment = checked;
      return this;
    }

    /**
     * Checks that a landing path that the code goes in front of has no dot segment, which a
     * browser would remove, and with {@code ..} the segment before it, up to the code.
     *
     * @throws IllegalArgumentException if it has one
     */
    private static void checkNoDotSegment(@Nullable String path) {
      if (path == null) {
        return;
      }
      int start = 0;
      while (start <= path.length()) {
        int slash = path.indexOf('/', start);
        int end = slash < 0 ? path.length() : slash;
        if (isDotSegment(path, start, end)) {
          throw new IllegalArgumentException("landing path must have no dot segment when the code"
              + " goes into the path, as browsers remove dot segments, and with '..' the segment"
              + " before it, which may be the code: " + quote(path.substring(start, end))
              + " in " + quote(path));
        }
        if (slash < 0) {
          break;
        }
        start = slash + 1;
      }
    }

    /**
     * Returns whether {@code path[start, end)} is {@code .} or {@code ..}, each dot written as
     * itself or as {@code %2e} or {@code %2E}, as browsers read a dot segment.
     */
    private static boolean isDotSegment(String path, int start, int end) {
      int dots = 0;
      int i = start;
      while (i < end && dots < 3) {
        if (path.charAt(i) == '.') {
          i++;
        } else if (end - i >= 3 && path.charAt(i) == '%' && path.charAt(i + 1) == '2'
            && (path.charAt(i + 2) == 'e' || path.charAt(i + 2) == 'E')) {
          i += 3;
        } else {
          return false;
        }
        dots++;
      }
      return i == end && (dots == 1 || dots == 2);
    }

    /**
     * Sets all UTM parameters at once, replacing those set before.
     *
     * @param utm the parameters
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder utm(Utm utm) {
      this.utm = checkNotNull(utm, "utm");
      return this;
    }

    /**
     * Sets {@code utm_source}, such as {@code instagram}.
     *
     * @param value the value
     * @return this builder
     * @throws IllegalArgumentException if the value is blank, longer than 256 characters or has a
     *     control character or an unpaired surrogate
     */
    @CanIgnoreReturnValue
    public Builder utmSource(String value) {
      this.utm = utm.withSource(value);
      return this;
    }

    /**
     * Sets {@code utm_medium}, such as {@code social}.
     *
     * @param value the value
     * @return this builder
     * @throws IllegalArgumentException if the value is blank, longer than 256 characters or has a
     *     control character or an unpaired surrogate
     */
    @CanIgnoreReturnValue
    public Builder utmMedium(String value) {
      this.utm = utm.withMedium(value);
      return this;
    }

    /**
     * Sets {@code utm_campaign}, such as {@code spring-sale}.
     *
     * @param value the value
     * @return this builder
     * @throws IllegalArgumentException if the value is blank, longer than 256 characters or has a
     *     control character or an unpaired surrogate
     */
    @CanIgnoreReturnValue
    public Builder utmCampaign(String value) {
      this.utm = utm.withCampaign(value);
      return this;
    }

    /**
     * Sets {@code utm_term}, such as {@code serum}.
     *
     * @param value the value
     * @return this builder
     * @throws IllegalArgumentException if the value is blank, longer than 256 characters or has a
     *     control character or an unpaired surrogate
     */
    @CanIgnoreReturnValue
    public Builder utmTerm(String value) {
      this.utm = utm.withTerm(value);
      return this;
    }

    /**
     * Sets {@code utm_content}, such as {@code story-2}.
     *
     * @param value the value
     * @return this builder
     * @throws IllegalArgumentException if the value is blank, longer than 256 characters or has a
     *     control character or an unpaired surrogate
     */
    @CanIgnoreReturnValue
    public Builder utmContent(String value) {
      this.utm = utm.withContent(value);
      return this;
    }

    /**
     * Returns the tracking link.
     *
     * <p>For example, {@code https://shop.example/serum?size=50ml&ref=OLD#reviews} with code
     * {@code K7QX2M9D4PV} and source {@code instagram} becomes {@code
     * https://shop.example/serum?size=50ml&ref=K7QX2M9D4PV&utm_source=instagram#reviews}. The
     * code {@code 12$} is written {@code ref=12%24}, so that a link detector keeps its check
     * symbol.
     *
     * @return the link
     * @throws IllegalStateException if no code was set
     */
    public URI build() {
      LinkCode linkCode = code;
      if (linkCode == null) {
        throw new IllegalStateException("tracking link has no code: " + quote(landing.toString()));
      }
      String segment = pathSegment;
      StringBuilder link = new StringBuilder(landing.toString().length() + 96);
      link.append(landing.getScheme()).append("://").append(landing.getRawAuthority());
      if (segment != null) {
        link.append('/');
        PercentCoding.encode(link, segment, PercentCoding.PATH_SEGMENT).append('/');
        PercentCoding.encode(link, linkCode.toString(), PercentCoding.PATH_SEGMENT_CODE);
      }
      link.append(landing.getRawPath());
      int queryStart = link.length();
      String landingQuery = landing.getRawQuery();
      if (landingQuery != null) {
        keepOtherParameters(link, landingQuery);
      }
      if (segment == null) {
        appendParameter(link, parameterName, linkCode.toString(), PercentCoding.QUERY_CODE);
      }
      List<Optional<String>> values = utm.values();
      for (int i = 0; i < values.size(); i++) {
        if (values.get(i).isPresent()) {
          appendParameter(link, Utm.NAMES[i], values.get(i).get(), PercentCoding.QUERY);
        }
      }
      if (link.length() > queryStart) {
        link.setCharAt(queryStart, '?');
      }
      String fragment = landing.getRawFragment();
      if (fragment != null) {
        link.append('#').append(fragment);
      }
      return URI.create(link.toString());
    }

    /** Appends {@code &pair} for each pair of the landing query that the link does not replace. */
    private void keepOtherParameters(StringBuilder link, String query) {
      int pair = 0;
      while (pair < query.length()) {
        int ampersand = query.indexOf('&', pair);
        int pairEnd = ampersand < 0 ? query.length() : ampersand;
        if (pairEnd > pair && !replaces(query, pair, pairEnd)) {
          link.append('&').append(query, pair, pairEnd);
        }
        pair = pairEnd + 1;
      }
    }

    /** Returns whether the link replaces the landing query's pair {@code query[start, end)}. */
    private boolean replaces(String query, int start, int end) {
      // The name ends at the pair's first '=', looked for within the pair: a search to the end of
      // the query would make a query of many pairs without '=' take quadratic time.
      int nameEnd = start;
      while (nameEnd < end && query.charAt(nameEnd) != '=') {
        nameEnd++;
      }
      String raw = query.substring(start, nameEnd);
      String name = PercentCoding.decode(raw, 0, raw.length(), true);
      if (name == null) {
        return false;
      }
      // ASCII case only, as the parser matches names: Locale.ROOT would fold the Kelvin sign to k.
      String lower = Ascii.toLowerCase(name);
      if (lower.equals(Ascii.toLowerCase(parameterName))
          || TrackingLinkParser.DEFAULT_PARAMETER_NAMES.contains(lower)) {
        return true;
      }
      List<Optional<String>> values = utm.values();
      for (int i = 0; i < values.size(); i++) {
        if (values.get(i).isPresent() && lower.equals(Utm.NAMES[i])) {
          return true;
        }
      }
      return false;
    }

    /** Appends {@code &name=value}, the value encoded keeping the characters marked safe. */
    private static void appendParameter(StringBuilder link, String name, String value,
        boolean[] valueSafe) {
      link.append('&');
      PercentCoding.encode(link, name, PercentCoding.QUERY).append('=');
      PercentCoding.encode(link, value, valueSafe);
    }
  }
}
