package dev.affiliatekit.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.testing.NullPointerTester;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TrackingLinksTest {

  private static final LinkCode CODE = LinkCode.parse("K7QX2M9D4PV");

  private static TrackingLinks.Builder to(String landing) {
    return TrackingLinks.builder(URI.create(landing)).code(CODE);
  }

  @Nested
  class InQuery {

    @Test
    void build_workedExample() {
      URI link = TrackingLinks.builder(URI.create("https://shop.example/serum?size=50ml#reviews"))
          .code(CODE)
          .utmSource("instagram")
          .utmCampaign("spring sale")
          .build();
      assertThat(link).hasToString("https://shop.example/serum?size=50ml&ref=K7QX2M9D4PV"
          + "&utm_source=instagram&utm_campaign=spring%20sale#reviews");
    }

    /**
     * Regression: a link for jane's vanity code ELIGLOW read back as the generated code E11G10W,
     * which bob held, so jane's clicks credited bob.
     */
    @Test
    void code_vanityCodeThatReadsAsAGeneratedCode_isRefused_andTheBuilderKeepsItsCode() {
      LinkCode eliglow = LinkCode.parseVanity("ELIGLOW");
      TrackingLinks.Builder builder = to("https://shop.example/");

      assertThatThrownBy(() -> builder.code(eliglow))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("code would read back from a link as another code: 'ELIGLOW' reads as the"
              + " generated code 'E11G10W'; choose vanity codes with a VanityPolicy, which"
              + " refuses such codes");
      assertThat(builder.build()).hasToString("https://shop.example/?ref=K7QX2M9D4PV");
      // A vanity code that reads as itself is kept.
      LinkCode jane = LinkCode.parseVanity("JANE20");
      assertThat(TrackingLinkParser.defaults().parse(builder.code(jane).build()).code())
          .contains(jane);
    }

    @Test
    void build_landingWithoutPathOrQuery() {
      assertThat(to("https://shop.example").build())
          .hasToString("https://shop.example?ref=K7QX2M9D4PV");
      assertThat(to("https://shop.example/").build())
          .hasToString("https://shop.example/?ref=K7QX2M9D4PV");
    }

    @Test
    void build_keepsOtherParametersByteForByte_andReplacesCodeParameters() {
      URI link = to("https://shop.example/p?q=caf%C3%A9&ref=OLD&x=a+b&VIA=X&fid=Y&&aff&utm_source=tw")
          .build();
      assertThat(link).hasToString(
          "https://shop.example/p?q=caf%C3%A9&x=a+b&utm_source=tw&ref=K7QX2M9D4PV");
    }

    @Test
    void build_landingQueryStartingOrEndingWithAnAmpersand_dropsTheEmptyPairs() {
      assertThat(to("https://shop.example/p?&a=1&").build())
          .hasToString("https://shop.example/p?a=1&ref=K7QX2M9D4PV");
    }

    @Test
    void build_keepsAParameterThatMatchesACodeNameOnlyBeyondAsciiCase() {
      // The Kelvin sign lower-cases to k in Locale.ROOT, but the parser matches ASCII case only.
      URI landing = URI.create("https://shop.example/p?\u212Aid=keep&x=1");
      URI link = TrackingLinks.builder(landing).code(CODE).parameterName("kid").build();
      assertThat(link).hasToString("https://shop.example/p?\u212Aid=keep&x=1&kid=K7QX2M9D4PV");
      assertThat(TrackingLinkParser.builder().parameterNames(List.of("kid")).build().parse(landing)
          .code()).isEmpty();
    }

    @Test
    void build_replacesOnlyTheUtmParametersThatAreSet() {
      URI link = to("https://shop.example/?utm_source=tw&utm_medium=social&utm%5Fcampaign=old")
          .utmSource("instagram").utmCampaign("new").build();
      assertThat(link).hasToString("https://shop.example/?utm_medium=social&ref=K7QX2M9D4PV"
          + "&utm_source=instagram&utm_campaign=new");
    }

    @Test
    void build_otherParameterName() {
      assertThat(to("https://shop.example/?partner=1").parameterName("via").build())
          .hasToString("https://shop.example/?partner=1&via=K7QX2M9D4PV");
      assertThat(to("https://shop.example/?ref=OLD&p=OLD").parameterName("p").build())
          .hasToString("https://shop.example/?p=K7QX2M9D4PV");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "spring sale|spring%20sale",
        "caf\u00e9 & co|caf%C3%A9%20%26%20co",
        "a+b=c;d|a%2Bb%3Dc%3Bd",
        "50%|50%25",
        "x/y?z:@!$'()*,|x/y?z:@!$'()*,",
        "\ud83d\udd25|%F0%9F%94%A5",
        "a\u00a0\u07ff|a%C2%A0%DF%BF",
        "\u0800\uffff|%E0%A0%80%EF%BF%BF",
        "\ud800\udc00\udbff\udfff|%F0%90%80%80%F4%8F%BF%BF",
        "#1 \"fan\"|%231%20%22fan%22"})
    void build_percentEncodesUtmValues(String value, String encoded) {
      assertThat(to("https://shop.example/").utmContent(value).build()).hasToString(
          "https://shop.example/?ref=K7QX2M9D4PV&utm_content=" + encoded);
    }

    @Test
    void utmValue_withAnUnpairedSurrogate_isRejected_andTheBuilderKeepsItsValue() {
      TrackingLinks.Builder builder = to("https://shop.example/").utmContent("reel-1");
      assertThatThrownBy(() -> builder.utmContent("lone\ud800surrogate"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("utmContent must not contain unpaired surrogate \\ud800 at index 4:"
              + " 'lone\\ud800surrogate'");
      assertThat(builder.build()).hasToString(
          "https://shop.example/?ref=K7QX2M9D4PV&utm_content=reel-1");
    }

    @ParameterizedTest
    @CsvSource({"10*, 10%2A", "11~, 11%7E", "12$, 12%24", "13=, 13%3D", "14U, 14U"})
    void build_checkSymbolsThatAreNotLettersOrDigits(String code, String inQuery) {
      URI link = TrackingLinks.builder(URI.create("https://shop.example/"))
          .code(LinkCode.parse(code)).build();
      assertThat(link).hasToString("https://shop.example/?ref=" + inQuery);
      assertThat(TrackingLinkParser.defaults().parse(link).code()).contains(LinkCode.parse(code));
    }

    /**
     * Regression: a code ending in {@code $} was written last in the link as it is, and link
     * detectors, which take a trailing {@code $} for punctuation, posted the link without it: the
     * code without its check symbol, read as a vanity code that credits no one or someone else.
     */
    @Test
    void build_codeEndingInACheckSymbolThatDetectorsDrop_endsTheLinkInAnEscape() {
      LinkCode code = LinkCode.parse("1TN8FZQZ8W$");
      URI link = TrackingLinks.builder(URI.create("https://glowshop.com/serum")).code(code)
          .build();

      assertThat(link).hasToString("https://glowshop.com/serum?ref=1TN8FZQZ8W%24");
      // What a link detector leaves of the link as posted: it drops trailing $, * and ~.
      String posted = link.toString().replaceAll("[$*~]+$", "");
      assertThat(TrackingLinkParser.defaults().parse(posted).code()).contains(code);
    }

    @Test
    void build_keepsUserInfoPortAndIpv6Host() {
      assertThat(to("https://jane@[::1]:8443/p").build())
          .hasToString("https://jane@[::1]:8443/p?ref=K7QX2M9D4PV");
    }
  }

  @Nested
  class InPath {

    @Test
    void build_codeInPath_goesInFrontOfTheLandingPath() {
      assertThat(to("https://shop.example/serum?size=50ml#reviews").codeInPath().build())
          .hasToString("https://shop.example/r/K7QX2M9D4PV/serum?size=50ml#reviews");
      assertThat(to("https://shop.example/").codeInPath().build())
          .hasToString("https://shop.example/r/K7QX2M9D4PV/");
      assertThat(to("https://shop.example").codeInPath("go").utmSource("tv").build())
          .hasToString("https://shop.example/go/K7QX2M9D4PV?utm_source=tv");
    }

    @Test
    void build_codeInPath_removesCodeParametersFromTheQuery() {
      assertThat(to("https://shop.example/?ref=OLD&size=1").codeInPath().build())
          .hasToString("https://shop.example/r/K7QX2M9D4PV/?size=1");
    }

    @Test
    void build_codeInPath_keepsSubDelimitersOfCheckSymbols() {
      assertThat(TrackingLinks.builder(URI.create("https://shop.example"))
          .code(LinkCode.parse("13=")).codeInPath().build())
          .hasToString("https://shop.example/r/13=");
    }

    /**
     * Regression: a code in the path, last in the link, ended it in {@code $}, {@code *} or
     * {@code ~}.
     */
    @ParameterizedTest
    @CsvSource({"10*, 10%2A", "11~, 11%7E", "12$, 12%24", "14U, 14U"})
    void build_codeInPath_escapesTheCheckSymbolsThatDetectorsDrop(String code, String inPath) {
      URI link = TrackingLinks.builder(URI.create("https://shop.example"))
          .code(LinkCode.parse(code)).codeInPath().build();
      assertThat(link).hasToString("https://shop.example/r/" + inPath);
      assertThat(TrackingLinkParser.defaults().parse(link).code()).contains(LinkCode.parse(code));
      assertThat(TrackingLinkParser.defaults().parse(link.toString()).code())
          .contains(LinkCode.parse(code));
    }

    /**
     * Regression: {@code https://shop.example/serum/../..} with the code in the path built {@code
     * https://shop.example/r/JANE20/serum/../..}, which browsers request as {@code
     * https://shop.example/r/}: a link that credited no one.
     */
    @ParameterizedTest
    @CsvSource({
        "/serum/../.., ..",
        "/.., ..",
        "/serum/%2e%2E, %2e%2E",
        "/serum/.%2e/x, .%2e",
        "/serum/%2E, %2E",
        "/./serum, .",
        "/serum/., ."})
    void codeInPath_landingPathWithADotSegment_isRejected_andTheBuilderKeepsTheCodeInTheQuery(
        String path, String segment) {
      TrackingLinks.Builder builder = TrackingLinks.builder(URI.create("https://shop.example"
          + path)).code(LinkCode.parseVanity("JANE20"));
      assertThatThrownBy(builder::codeInPath)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("landing path must have no dot segment when the code goes into the path,"
              + " as browsers remove dot segments, and with '..' the segment before it, which"
              + " may be the code: '" + segment + "' in '" + path + "'");
      assertThatThrownBy(() -> builder.codeInPath("go"))
          .isInstanceOf(IllegalArgumentException.class);
      // With the code in the query, a browser's removal of dot segments leaves the code.
      URI link = builder.build();
      assertThat(link).hasToString("https://shop.example" + path + "?ref=JANE20");
      assertThat(TrackingLinkParser.defaults().parse(link.normalize()).code())
          .contains(LinkCode.parseVanity("JANE20"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/...", "/serum/..x", "/%2e%2e%2e", "/.%2e.", "/%2f..", "/a.b/c..d"})
    void codeInPath_landingPathWithDotsInNoDotSegment_keepsThem(String path) {
      assertThat(to("https://shop.example" + path).codeInPath().build())
          .hasToString("https://shop.example/r/K7QX2M9D4PV" + path);
    }

    @Test
    void parameterName_afterCodeInPath_putsTheCodeBackInTheQuery() {
      assertThat(to("https://shop.example/").codeInPath().parameterName("via").build())
          .hasToString("https://shop.example/?via=K7QX2M9D4PV");
    }
  }

  @Nested
  class Errors {

    @Test
    void builder_relativeOrOpaqueLanding_isRejected() {
      assertThatThrownBy(() -> TrackingLinks.builder(URI.create("/serum")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("landing URL must be absolute with an authority, such as "
              + "https://shop.example/: '/serum'");
      assertThatThrownBy(() -> TrackingLinks.builder(URI.create("mailto:jane@example.com")))
          .hasMessage("landing URL must be absolute with an authority, such as "
              + "https://shop.example/: 'mailto:jane@example.com'");
    }

    @Test
    void build_withoutCode_isAStateError() {
      assertThatThrownBy(() -> TrackingLinks.builder(URI.create("https://shop.example/")).build())
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("tracking link has no code: 'https://shop.example/'");
    }

    @Test
    void badNamesAndValues_areRejected_andChangeNothing() {
      TrackingLinks.Builder builder = to("https://shop.example/");
      assertThatThrownBy(() -> builder.parameterName("utm_source"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("parameter name must not be a UTM name: 'utm_source'");
      assertThatThrownBy(() -> builder.parameterName("my ref"))
          .hasMessage("parameter name must be 1 to 64 letters, digits, '-', '.', '_' or '~':"
              + " 'my ref'");
      assertThatThrownBy(() -> builder.codeInPath("r/x"))
          .hasMessage("path segment must be 1 to 64 letters, digits, '-', '.', '_' or '~': 'r/x'");
      assertThatThrownBy(() -> builder.utmSource(" "))
          .hasMessage("utmSource must not be blank: ' '");
      assertThatThrownBy(() -> builder.utmMedium("x".repeat(257)))
          .hasMessageStartingWith("utmMedium must be at most 256 characters: ");
      assertThatThrownBy(() -> builder.utmTerm("a\u0000b"))
          .hasMessage("utmTerm must not contain control character \\u0000 at index 1: 'a\\u0000b'");
      assertThat(builder.build()).hasToString("https://shop.example/?ref=K7QX2M9D4PV");
    }

    /**
     * Regression: {@code codeInPath("..")} built {@code https://shop.example/../K7QX2M9D4PV/},
     * which browsers resolve to {@code https://shop.example/K7QX2M9D4PV/}: a link that credited
     * no one.
     */
    @ParameterizedTest
    @ValueSource(strings = {".", ".."})
    void codeInPath_dotSegment_isRejected_andTheBuilderKeepsItsSegment(String segment) {
      TrackingLinks.Builder builder = to("https://shop.example/").codeInPath("go");
      assertThatThrownBy(() -> builder.codeInPath(segment))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("path segment must not be '.' or '..', which browsers and HTTP clients"
              + " remove from a path: '" + segment + "'");
      assertThat(builder.build()).hasToString("https://shop.example/go/K7QX2M9D4PV/");
      // A name with dots that is no dot segment stays in the path.
      assertThat(builder.codeInPath("...").build())
          .hasToString("https://shop.example/.../K7QX2M9D4PV/");
    }

    @Test
    void nulls_areRejected() {
      NullPointerTester tester = new NullPointerTester()
          .setDefault(URI.class, URI.create("https://shop.example/"))
          .setDefault(LinkCode.class, CODE)
          .setDefault(String.class, "instagram");
      tester.testAllPublicStaticMethods(TrackingLinks.class);
      tester.testAllPublicInstanceMethods(to("https://shop.example/"));
    }
  }
}
