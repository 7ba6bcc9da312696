package dev.affiliatekit.link;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affiliatekit.testing.LinkArbitraries;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Assume;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

class TrackingLinkProperties {

  private static final TrackingLinkParser PARSER = TrackingLinkParser.defaults();

  /** One tracking link to build: a landing URL, a code, where the code goes, and UTM values. */
  record Link(URI landing, List<String[]> landingPairs, LinkCode code, Optional<String> parameter,
      boolean inPath, Utm utm) {}

  @Provide
  Arbitrary<LinkCode> codes() {
    Arbitrary<LinkCode> generated = LinkArbitraries.generatedCodeTexts().map(LinkCode::parse);
    // Vanity codes as a policy hands them out: never read as another generated code.
    Arbitrary<LinkCode> vanity = LinkArbitraries.vanityCodeTexts().map(LinkCode::parseVanity)
        .filter(code -> LinkCode.tryParse(code.toString()).map(code::equals).orElse(true));
    return Arbitraries.oneOf(generated, vanity);
  }

  private static Arbitrary<String> anyText() {
    return Arbitraries.oneOf(
        Arbitraries.strings().alpha().numeric().withChars(" -._~+%&=#?/;:@!$'()*,").ofMinLength(1)
            .ofMaxLength(20),
        Arbitraries.strings().ofMinLength(1).ofMaxLength(20));
  }

  private static Arbitrary<Optional<String>> utmValue() {
    return anyText().filter(Utm::isValid).optional(0.6);
  }

  @Provide
  Arbitrary<Link> links() {
    Arbitrary<String> names = Arbitraries.oneOf(
        Arbitraries.of("ref", "REF", "via", "aff", "fid", "utm_source", "utm_term", "size", "q",
            "color", "p"),
        anyText());
    Arbitrary<String[]> pair = Combinators.combine(names, anyText().injectNull(0.1))
        .as((name, value) -> new String[] {name, value});
    Arbitrary<List<String[]>> pairs = pair.list().ofMaxSize(5);
    // Some segments are dot segments, which the link is encoded with as they are: escaped dots
    // too, as browsers read an escaped dot as a dot in them.
    Arbitrary<String> segment = Arbitraries.frequencyOf(
        Tuple.of(8, Arbitraries.strings().alpha().numeric().withChars("-._~ %é").ofMaxLength(10)
            .map(text -> URLEncoder.encode(text, UTF_8))),
        Tuple.of(1, Arbitraries.of(".", "..", "%2e", "%2E.", ".%2e", "%2e%2E")));
    Arbitrary<String> path = segment.list().ofMaxSize(3)
        .map(segments -> segments.isEmpty() ? "" : "/" + String.join("/", segments));
    Arbitrary<Optional<String>> fragment = anyText().optional(0.3);
    Arbitrary<Utm> utm = Combinators.combine(utmValue(), utmValue(), utmValue(), utmValue(),
        utmValue()).as(Utm::new);
    Arbitrary<Optional<String>> parameter = Arbitraries.of("ref", "via", "partner", "p")
        .optional(0.5);
    return Combinators.combine(pairs, path, fragment, codes(), parameter,
        Arbitraries.of(false, true), utm).as(TrackingLinkProperties::link);
  }

  private static Link link(List<String[]> pairs, String path, Optional<String> fragment,
      LinkCode code, Optional<String> parameter, boolean inPath, Utm utm) {
    StringBuilder query = new StringBuilder();
    for (String[] pair : pairs) {
      query.append(query.length() == 0 ? "" : "&").append(URLEncoder.encode(pair[0], UTF_8));
      if (pair[1] != null) {
        query.append('=').append(URLEncoder.encode(pair[1], UTF_8));
      }
    }
    String landing = "https://shop.example" + path
        + (pairs.isEmpty() ? "" : "?" + query)
        + fragment.map(text -> "#" + URLEncoder.encode(text, UTF_8)).orElse("");
    return new Link(URI.create(landing), pairs, code, parameter, inPath, utm);
  }

  private static URI build(Link link) {
    TrackingLinks.Builder builder = TrackingLinks.builder(link.landing()).code(link.code())
        .utm(link.utm());
    link.parameter().ifPresent(builder::parameterName);
    if (link.inPath()) {
      builder.codeInPath();
    }
    return builder.build();
  }

  /**
   * The parser reads back what the builder put in, from the link as built and as it arrives,
   * after a browser removed its dot segments; a landing path with a dot segment, which would take
   * the code with it, is refused when the code goes into the path.
   */
  @Property
  void parse_readsBackWhatBuildPutIn_alsoAfterDotSegmentRemoval(@ForAll("links") Link link) {
    boolean refused = isRefused(link);
    Statistics.collect(refused ? "dot segment before the path's code"
        : hasDotSegment(link.landing().getRawPath()) ? "dot segment after the query's code"
        : "no dot segment");
    Statistics.coverage(coverage -> {
      coverage.check("dot segment before the path's code").count(count -> count > 0);
      coverage.check("dot segment after the query's code").count(count -> count > 0);
    });
    if (refused) {
      assertThatThrownBy(() -> build(link)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("landing path must have no dot segment when the code goes");
      return;
    }
    URI built = build(link);
    URI arrived = URI.create(built.getScheme() + "://" + built.getRawAuthority()
        + removeDotSegments(built.getRawPath())
        + (built.getRawQuery() == null ? "" : "?" + built.getRawQuery())
        + (built.getRawFragment() == null ? "" : "#" + built.getRawFragment()));
    TrackingLinkParser parser = link.parameter()
        .map(name -> TrackingLinkParser.builder().parameterNames(List.of("ref", "via", "aff",
            "fid", name)).build())
        .orElse(PARSER);
    for (TrackingParameters read : List.of(parser.parse(built), parser.parse(built.toString()),
        parser.parse(arrived))) {
      assertThat(read.code()).as("%s", built).contains(link.code());
      List<Optional<String>> expected = link.utm().values();
      List<Optional<String>> actual = read.utm().values();
      for (int i = 0; i < expected.size(); i++) {
        if (expected.get(i).isPresent()) {
          assertThat(actual.get(i)).as("%s of %s", Utm.NAMES[i], built).isEqualTo(expected.get(i));
        }
      }
    }
  }

  /**
   * Any vanity code is refused by the builder, if a parser would read it as another generated
   * code, or read back from the link it builds.
   */
  @Property
  void code_anyVanityCode_isRefusedOrReadBack(@ForAll("vanityTexts") String text) {
    LinkCode code = LinkCode.parseVanity(text);
    // What a parser reads from a link that carries the code as written: the oracle, apart from
    // the builder's own check.
    LinkCode read = PARSER.parse("https://shop.example/?ref=" + code).code().orElseThrow();
    TrackingLinks.Builder builder = TrackingLinks.builder(URI.create("https://shop.example/"));
    boolean refused = !read.equals(code);
    Statistics.collect(refused ? "refused" : "built");
    if (refused) {
      assertThatThrownBy(() -> builder.code(code)).isInstanceOf(IllegalArgumentException.class)
          .hasMessage("code would read back from a link as another code: '" + code
              + "' reads as the generated code '" + read + "'; choose vanity codes"
              + " with a VanityPolicy, which refuses such codes");
    } else {
      assertThat(PARSER.parse(builder.code(code).build()).code()).contains(code);
    }
    Statistics.coverage(coverage -> {
      coverage.check("refused").count(count -> count > 0);
      coverage.check("built").count(count -> count > 0);
    });
  }

  @Provide
  Arbitrary<String> vanityTexts() {
    // Letters a lenient reading takes for digits, often enough to make look-alikes.
    return Arbitraries.oneOf(LinkArbitraries.vanityCodeTexts(),
        Arbitraries.strings().withChars("EGLIOW01").ofMinLength(4).ofMaxLength(8));
  }

  /**
   * A link that ends in its code reads back that code after a link detector has cut off the
   * characters it takes for punctuation at the link's end ({@code $ * ~} among them, which a
   * check symbol may be).
   */
  @Property
  void parse_readsTheCodeBack_afterALinkDetectorCutTrailingPunctuation(
      @ForAll("generatedCodes") LinkCode code, @ForAll boolean inPath) {
    URI landing = URI.create(inPath ? "https://shop.example" : "https://shop.example/serum");
    TrackingLinks.Builder builder = TrackingLinks.builder(landing).code(code);
    if (inPath) {
      builder.codeInPath();
    }
    String posted = builder.build().toString().replaceAll("[!$*,.:;?_~]+$", "");
    char check = code.toString().charAt(code.length() - 1);
    Statistics.collect("$*~".indexOf(check) >= 0 ? "check symbol $ * ~" : "other check symbol");
    assertThat(PARSER.parse(posted).code()).as("%s", posted).contains(code);
    Statistics.coverage(coverage -> coverage.check("check symbol $ * ~").count(n -> n > 0));
  }

  @Provide
  Arbitrary<LinkCode> generatedCodes() {
    return LinkArbitraries.generatedCodeTexts().map(LinkCode::parse);
  }

  /**
   * A path segment before the code is refused, by the builder and the parser alike, or survives
   * the dot-segment removal that browsers apply to a link's path, so the parser reads the code
   * from the path that arrives.
   */
  @Property
  void codeInPath_anySegment_isRefusedOrReadBackAfterDotSegmentRemoval(
      @ForAll("segments") String segment, @ForAll("codes") LinkCode code) {
    TrackingLinks.Builder builder = TrackingLinks.builder(URI.create("https://shop.example/serum"))
        .code(code);
    boolean dotSegment = segment.equals(".") || segment.equals("..");
    Statistics.collect(dotSegment ? "dot segment" : "other");
    if (dotSegment) {
      assertThatThrownBy(() -> builder.codeInPath(segment))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> TrackingLinkParser.builder().pathSegment(segment))
          .isInstanceOf(IllegalArgumentException.class);
    } else {
      String arrived = removeDotSegments(builder.codeInPath(segment).build().getRawPath());
      TrackingLinkParser parser = TrackingLinkParser.builder().pathSegment(segment).build();
      assertThat(parser.parse(arrived).code()).as("%s", arrived).contains(code);
    }
    Statistics.coverage(coverage -> {
      coverage.check("dot segment").count(count -> count > 0);
      coverage.check("other").count(count -> count > 0);
    });
  }

  @Provide
  Arbitrary<String> segments() {
    return Arbitraries.strings().withChars(".-_~aZ0").ofMinLength(1).ofMaxLength(4);
  }

  /**
   * Removes the dot segments of an absolute path, as RFC 3986 section 5.2.4 says, and browsers
   * do, which read {@code %2e} and {@code %2E} as a dot in them too (WHATWG URL Standard).
   */
  private static String removeDotSegments(String path) {
    Deque<String> kept = new ArrayDeque<>();
    String[] segments = path.split("/", -1);
    for (int i = 1; i < segments.length; i++) {
      boolean last = i == segments.length - 1;
      String dots = segments[i].replaceAll("%2[eE]", ".");
      if (dots.equals("..")) {
        kept.pollLast();
      }
      if (!dots.equals(".") && !dots.equals("..")) {
        kept.addLast(segments[i]);
      } else if (last) {
        kept.addLast("");
      }
    }
    return "/" + String.join("/", kept);
  }

  /** {@return whether the builder refuses the link: its code in a path with a dot segment} */
  private static boolean isRefused(Link link) {
    return link.inPath() && hasDotSegment(link.landing().getRawPath());
  }

  /** {@return whether a path has a dot segment, as {@link #removeDotSegments} reads one} */
  private static boolean hasDotSegment(String path) {
    for (String segment : path.split("/", -1)) {
      String dots = segment.replaceAll("%2[eE]", ".");
      if (dots.equals(".") || dots.equals("..")) {
        return true;
      }
    }
    return false;
  }

  @Property
  void build_keepsTheLandingPathFragmentAndOtherParameters(@ForAll("links") Link link) {
    Assume.that(!isRefused(link));
    URI built = build(link);
    URI landing = link.landing();
    assertThat(built.getRawFragment()).isEqualTo(landing.getRawFragment());
    assertThat(built.getRawPath()).endsWith(landing.getRawPath());
    Set<String> replaced = new java.util.HashSet<>(Set.of("ref", "via", "aff", "fid"));
    link.parameter().ifPresent(name -> replaced.add(name.toLowerCase(Locale.ROOT)));
    List<Optional<String>> utm = link.utm().values();
    for (int i = 0; i < utm.size(); i++) {
      if (utm.get(i).isPresent()) {
        replaced.add(Utm.NAMES[i]);
      }
    }
    List<String> kept = new ArrayList<>();
    String landingQuery = landing.getRawQuery();
    if (landingQuery != null) {
      for (String pair : landingQuery.split("&")) {
        String name = URLDecoder.decode(pair.split("=", 2)[0], UTF_8).toLowerCase(Locale.ROOT);
        if (!pair.isEmpty() && !replaced.contains(name)) {
          kept.add(pair);
        }
      }
    }
    String builtQuery = built.getRawQuery() == null ? "" : built.getRawQuery();
    List<String> builtPairs = builtQuery.isEmpty() ? List.of() : List.of(builtQuery.split("&"));
    assertThat(builtPairs.subList(0, kept.size())).isEqualTo(kept);
  }

  @Property
  void parse_neverThrows_andReadsOnlyValidCodes(@ForAll("junk") String url) {
    TrackingParameters read = PARSER.parse(url);
    read.code().ifPresent(code -> assertThat(
        LinkCode.tryParse(code.toString()).or(() -> LinkCode.tryParseVanity(code.toString())))
        .contains(code));
    assertThat(PARSER.parseQuery(url)).isNotNull();
  }

  @Provide
  Arbitrary<String> junk() {
    Arbitrary<String> urlish = Arbitraries.strings()
        .withChars("/?#&=%+:rRefviaEFutm_sorceK7QX2M9D4PV0123456789ABCDEFabcdef-. \u00e9")
        .ofMaxLength(60);
    return Arbitraries.oneOf(urlish, Arbitraries.strings().ofMaxLength(60),
        urlish.map(text -> "https://shop.example/r/" + text),
        urlish.map(text -> "/?ref=" + text));
  }
}
