package dev.affiliatekit.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.testing.EqualsTester;
import com.google.common.testing.NullPointerTester;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TrackingLinkParserTest {

  private static final TrackingLinkParser PARSER = TrackingLinkParser.defaults();
  private static final LinkCode CODE = LinkCode.parse("K7QX2M9D4PV");

  private static Optional<LinkCode> code(String url) {
    return PARSER.parse(url).code();
  }

  @Nested
  class Codes {

    @Test
    void parse_workedExamples() {
      TrackingParameters click = PARSER.parse(
          "https://shop.example/serum?ref=K7QX2M9D4PV&utm_source=instagram");
      assertThat(click.code()).contains(CODE);
      assertThat(click.utm().source()).contains("instagram");
      TrackingParameters path = PARSER.parse("/r/k7qx-2m9d-4pv?utm_campaign=spring+sale");
      assertThat(path.code()).contains(CODE);
      assertThat(path.utm().campaign()).contains("spring sale");
      // Without a scheme, as the docs say and as parse(URI) reads it.
      String schemeless = "//shop.example/r/k7qx-2m9d-4pv?utm_campaign=spring+sale";
      assertThat(PARSER.parse(schemeless)).isEqualTo(path)
          .isEqualTo(PARSER.parse(URI.create(schemeless)));
    }

    @Test
    void parse_uri_readsRawPathAndQuery() {
      TrackingParameters click = PARSER.parse(
          URI.create("https://shop.example/r/K7QX2M9D4PV/serum?utm_medium=social%20media"));
      assertThat(click.code()).contains(CODE);
      assertThat(click.utm().medium()).contains("social media");
      assertThat(PARSER.parse(URI.create("mailto:ref@example.com"))).isSameAs(TrackingParameters.NONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "https://shop.example/?ref=K7QX2M9D4PV",
        "https://shop.example/?via=K7QX2M9D4PV",
        "https://shop.example/?aff=K7QX2M9D4PV",
        "https://shop.example/?fid=K7QX2M9D4PV",
        "https://shop.example/?REF=k7qx-2m9d-4pv",
        "https://shop.example/?r%65f=K7QX%202M9D%204PV",
        "https://shop.example/?ref=K7QX+2M9D+4PV",
        "https://shop.example/?ref=K7QX2M9D4PV&ref=k7qx2m9d4pv&via=K7QX-2M9D-4PV",
        "https://shop.example/r/K7QX2M9D4PV",
        "https://shop.example/r/K7QX2M9D4PV/serum?size=1",
        "https://shop.example/r/K7QX%2D2M9D4PV/",
        "https://shop.example/r/K7QX2M9D4PV?ref=k7qx2m9d4pv",
        "//shop.example/r/K7QX2M9D4PV",
        "/r/K7QX2M9D4PV",
        "?ref=K7QX2M9D4PV",
        "https://shop.example/?ref=&ref=K7QX2M9D4PV&ref",
        "https://shop.example/?ref=%ZZ&ref=K7QX2M9D4PV",
        "https://shop.example/?ref=K7QX-!!&ref=K7QX2M9D4PV"})
    void parse_findsTheCode(String url) {
      assertThat(code(url)).contains(CODE);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "https://shop.example/",
        "https://shop.example/?ref=",
        "https://shop.example/?ref",
        "https://shop.example/?ref=%",
        "https://shop.example/?ref=%4",
        "https://shop.example/?ref=K7QX%G02M9D4PV",
        "https://shop.example/?ref=%C3%28",
        "https://shop.example/?ref=K7QX_2M9D4PV",
        "https://shop.example/?reference=K7QX2M9D4PV",
        "https://shop.example/#ref=K7QX2M9D4PV",
        "https://shop.example/?a=b#ref=K7QX2M9D4PV",
        "https://shop.example/blog/r/K7QX2M9D4PV",
        "https://shop.example/R/K7QX2M9D4PV",
        "https://shop.example/r/",
        "https://shop.example/r",
        "https://shop.example/r/K7QX+2M9D4PV",
        "shop.example/r/K7QX2M9D4PV",
        "r/K7QX2M9D4PV",
        "https://shop.example/?utm_source=K7QX2M9D4PV"})
    void parse_findsNoCode(String url) {
      assertThat(code(url)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "https://shop.example/?ref=K7QX2M9D4PV&ref=16JD",
        "https://shop.example/?ref=K7QX2M9D4PV&via=16JD",
        "https://shop.example/r/K7QX2M9D4PV?ref=K7QX2M9D4PV&ref=16JD",
        "https://shop.example/?ref=K7QX2M9D4PV&ref=16JD&ref=K7QX2M9D4PV",
        "https://shop.example/?ref=K7QX2M9D4PV&aff=JANE20"})
    void parse_differentCodes_giveNoCode(String url) {
      assertThat(code(url)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "https://shop.example/r/k7qx-2m9d-4pv",
        "HTTPS://shop.example/r/K7QX2M9D4PV",
        "z9+.-://shop.example/r/K7QX2M9D4PV",
        "A://shop.example/r/K7QX2M9D4PV",
        "Z://shop.example/r/K7QX2M9D4PV",
        "a://shop.example/r/K7QX2M9D4PV",
        "z://shop.example/r/K7QX2M9D4PV"})
    void parseText_pathAfterASchemeAndAuthority_isRead(String url) {
      assertThat(code(url)).contains(CODE);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "://shop.example/r/K7QX2M9D4PV",
        "1https://shop.example/r/K7QX2M9D4PV",
        "@://shop.example/r/K7QX2M9D4PV",
        "[://shop.example/r/K7QX2M9D4PV",
        "`://shop.example/r/K7QX2M9D4PV",
        "{://shop.example/r/K7QX2M9D4PV",
        "ht~tp://shop.example/r/K7QX2M9D4PV",
        "a:b://shop.example/r/K7QX2M9D4PV",
        "shop.example/r/K7QX2M9D4PV"})
    void parseText_noSchemeBeforeTheAuthority_readsNoPath(String url) {
      assertThat(code(url)).isEmpty();
    }

    @Test
    void parse_queryCode_winsOverAPathThatLooksLikeOne() {
      // Issue found by TrackingLinkProperties: a landing page under /r/ made links unreadable.
      assertThat(code("https://shop.example/r/recipes?ref=K7QX2M9D4PV")).contains(CODE);
      assertThat(code("https://shop.example/r/16JD?ref=K7QX2M9D4PV")).contains(CODE);
      assertThat(code("https://shop.example/r/A?ref=00")).contains(LinkCode.parse("00"));
      assertThat(code("https://shop.example/r/K7QX2M9D4PV?utm_source=x")).contains(CODE);
    }

    @Test
    void parse_vanityCodes_areReadUnlessSwitchedOff() {
      assertThat(code("https://shop.example/?via=jane-20")).contains(LinkCode.parseVanity("JANE20"));
      // A generated code with a typo is not a generated code, so it is read as a vanity code,
      // which a registry will not know.
      assertThat(code("https://shop.example/?ref=K7QX2M9D4PW"))
          .contains(LinkCode.parseVanity("K7QX2M9D4PW"));
      TrackingLinkParser generatedOnly = TrackingLinkParser.builder().vanityCodes(false).build();
      assertThat(generatedOnly.parse("https://shop.example/?via=jane-20").code()).isEmpty();
      assertThat(generatedOnly.parse("https://shop.example/?ref=K7QX2M9D4PW").code()).isEmpty();
      assertThat(generatedOnly.parse("https://shop.example/?ref=k7qx2m9d4pv").code()).contains(CODE);
    }

    @Test
    void parse_lookAlikes_readAsTheGeneratedCodeWhenItsCheckMatches() {
      assertThat(code("https://shop.example/?ref=IA5")).contains(LinkCode.parse("1A5"));
      assertThat(code("https://shop.example/?ref=LOLA")).contains(LinkCode.parseVanity("LOLA"));
    }

    /**
     * Regression: a code with the Turkish dotted or dotless I, percent-encoded as UTF-8, was no
     * code, so the visit credited nobody.
     */
    @Test
    void parse_turkishDottedAndDotlessI_readAsI() {
      LinkCode ilker = LinkCode.parseVanity("ILKERDIY");
      assertThat(code("https://shop.example/?ref=%C4%B0LKERD%C4%B0Y")).contains(ilker);
      assertThat(code("https://shop.example/?via=%C4%B1lkerd%C4%B1y")).contains(ilker);
      assertThat(code("https://shop.example/r/%C4%B0LKERD%C4%B0Y")).contains(ilker);
      assertThat(PARSER.parseQuery("ref=\u0130LKERD\u0130Y").code()).contains(ilker);
      assertThat(PARSER.parse(URI.create("https://shop.example/?ref=%C4%B0A5")).code())
          .contains(LinkCode.parse("1A5"));
      assertThat(code("https://shop.example/?ref=%C3%8DLKERDIY")).isEmpty();
    }

    @Test
    void parse_nothingFound_isTheSharedEmptyResult() {
      assertThat(PARSER.parse("https://shop.example/?size=1")).isSameAs(TrackingParameters.NONE);
      assertThat(PARSER.parseQuery("")).isSameAs(TrackingParameters.NONE);
    }
  }

  @Nested
  class UtmParameters {

    @Test
    void parse_readsEveryUtmParameter() {
      Utm utm = PARSER.parse("https://shop.example/?utm_source=instagram&utm_medium=social"
          + "&utm_campaign=spring%20sale&utm_term=serum+50ml&utm_content=caf%C3%A9%20%F0%9F%94%A5")
          .utm();
      assertThat(utm).isEqualTo(Utm.NONE.withSource("instagram").withMedium("social")
          .withCampaign("spring sale").withTerm("serum 50ml").withContent("caf\u00e9 \ud83d\udd25"));
    }

    @Test
    void parse_unreadableOrAmbiguousUtmValues_areEmpty() {
      Utm utm = PARSER.parse("https://shop.example/?utm_source=a&utm_source=b"
          + "&utm_medium=%20%20&utm_campaign=%E2%82&utm_term=a%0Ab&utm_content="
          + "x".repeat(257)).utm();
      assertThat(utm).isEqualTo(Utm.NONE);
    }

    @Test
    void parse_rawUnpairedSurrogateInAUtmValue_isSkipped_andTheCodeIsStillRead() {
      TrackingParameters read = PARSER.parse(
          "https://shop.example/?ref=K7QX2M9D4PV&utm_source=insta\ud800gram&utm_medium=social");
      assertThat(read.code()).map(LinkCode::toString).contains("K7QX2M9D4PV");
      assertThat(read.utm()).isEqualTo(Utm.NONE.withMedium("social"));
    }

    @Test
    void parse_escapesInEitherCaseAndPlainTextAroundThem_areDecoded() {
      Utm utm = PARSER.parse("?utm_source=caf%c3%a9&utm_medium=a+b%2Bc%20d"
          + "&utm_campaign=%41%5a%61%7a&utm_term=%7E%2f%3A%30%39").utm();
      assertThat(utm).isEqualTo(Utm.NONE.withSource("caf\u00e9").withMedium("a b+c d")
          .withCampaign("AZaz").withTerm("~/:09"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"%/0", "%:0", "%@0", "%G0", "%`0", "%g0", "%0/", "%0:", "%0G", "%0g",
        "ab%4", "ab%"})
    void parse_malformedEscape_leavesTheValueUnread(String value) {
      assertThat(PARSER.parse("?utm_source=" + value + "&utm_medium=social").utm())
          .isEqualTo(Utm.NONE.withMedium("social"));
      assertThat(PARSER.parse("?utm_medium=social&utm_source=" + value).utm())
          .isEqualTo(Utm.NONE.withMedium("social"));
    }

    @Test
    void parse_sameUtmValueTwice_counts() {
      assertThat(PARSER.parse("?utm_source=tw&UTM_SOURCE=tw").utm().source()).contains("tw");
      assertThat(PARSER.parse("?utm_source=a&utm_source=b&utm_source=a").utm().source()).isEmpty();
      assertThat(PARSER.parse("?utm_medium=a&utm_medium=b&utm_medium=a&utm_content=a"
          + "&utm_content=b&utm_content=a&utm_term=t").utm()).isEqualTo(Utm.NONE.withTerm("t"));
    }

    @Test
    void parse_nameWithAMalformedEscape_isSkipped() {
      assertThat(PARSER.parse("?%ZZ=instagram&utm_medium=social").utm())
          .isEqualTo(Utm.NONE.withMedium("social"));
      assertThat(PARSER.parse("?utm_sourc%e=tw&utm_medium=social").utm())
          .isEqualTo(Utm.NONE.withMedium("social"));
      assertThat(PARSER.parse("?%ZZ=K7QX2M9D4PV").code()).isEmpty();
    }
  }

  @Nested
  class Query {

    @Test
    void parseQuery_readsARawQuery() {
      assertThat(PARSER.parseQuery("ref=K7QX2M9D4PV&utm_source=tw").code()).contains(CODE);
      assertThat(PARSER.parseQuery("?ref=K7QX2M9D4PV").code()).contains(CODE);
      assertThat(PARSER.parseQuery("ref=K7QX2M9D4PV#x").code()).contains(CODE);
      assertThat(PARSER.parseQuery("a=b#ref=K7QX2M9D4PV").code()).isEmpty();
    }

    @Test
    void parse_hugeOrStrangeInput_neverThrows() {
      String huge = "?" + "ref=K7QX2M9D4PV&".repeat(100_000) + "%".repeat(1000);
      assertThat(PARSER.parse(huge).code()).contains(CODE);
      assertThat(PARSER.parse("\u0000?\u0000=\u0000&%&=&==&&ref=%%%").code()).isEmpty();
    }
  }

  @Nested
  class Settings {

    @Test
    void builder_customNamesAndSegment() {
      TrackingLinkParser parser = TrackingLinkParser.builder()
          .parameterNames(List.of("Partner", "ref")).pathSegment("go").build();
      assertThat(parser.parameterNames()).containsExactly("partner", "ref");
      assertThat(parser.pathSegment()).contains("go");
      assertThat(parser.parse("/?partner=K7QX2M9D4PV").code()).contains(CODE);
      assertThat(parser.parse("/?via=K7QX2M9D4PV").code()).isEmpty();
      assertThat(parser.parse("/go/K7QX2M9D4PV").code()).contains(CODE);
      assertThat(parser.parse("/r/K7QX2M9D4PV").code()).isEmpty();
    }

    @Test
    void equals_comparesTheSettings() {
      new EqualsTester()
          .addEqualityGroup(PARSER, TrackingLinkParser.builder().build(), TrackingLinkParser
              .builder().parameterNames(List.of("FID", "aff", "via", "ref")).pathSegment("r")
              .vanityCodes(true).build())
          .addEqualityGroup(TrackingLinkParser.builder().parameterNames(List.of("ref")).build(),
              TrackingLinkParser.builder().parameterNames(List.of("ref", "REF")).build())
          .addEqualityGroup(TrackingLinkParser.builder().pathSegment("go").build())
          .addEqualityGroup(TrackingLinkParser.builder().noPathCodes().build())
          .addEqualityGroup(TrackingLinkParser.builder().vanityCodes(false).build())
          .testEquals();
    }

    @Test
    void parse_namesMatchWhateverTheAsciiCaseOfEachLetter() {
      TrackingLinkParser parser = TrackingLinkParser.builder().parameterNames(List.of("az")).build();
      assertThat(parser.parse("?AZ=K7QX2M9D4PV").code()).contains(CODE);
      assertThat(parser.parse("?aZ=K7QX2M9D4PV").code()).contains(CODE);
      assertThat(parser.parse("?Az=K7QX2M9D4PV").code()).contains(CODE);
      assertThat(PARSER.parse("?AFF=K7QX2M9D4PV").code()).contains(CODE);
    }

    @Test
    void builder_noPathCodes() {
      TrackingLinkParser parser = TrackingLinkParser.builder().noPathCodes().build();
      assertThat(parser.pathSegment()).isEmpty();
      assertThat(parser.parse("/r/K7QX2M9D4PV").code()).isEmpty();
      assertThat(parser.parse("/r/K7QX2M9D4PV?ref=16JD").code()).contains(LinkCode.parse("16JD"));
    }

    @Test
    void builder_badSettings_areRejected() {
      TrackingLinkParser.Builder builder = TrackingLinkParser.builder();
      assertThatThrownBy(() -> builder.parameterNames(List.of()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("parameterNames must not be empty: []");
      assertThatThrownBy(() -> builder.parameterNames(List.of("ref", "UTM_Source")))
          .hasMessage("parameter name must not be a UTM name: 'UTM_Source'");
      assertThatThrownBy(() -> builder.parameterNames(List.of("r&f")))
          .hasMessage("parameter name must be 1 to 64 letters, digits, '-', '.', '_' or '~':"
              + " 'r&f'");
      assertThatThrownBy(() -> builder.pathSegment(""))
          .hasMessage("path segment must be 1 to 64 letters, digits, '-', '.', '_' or '~': ''");
      assertThat(builder.build().parameterNames()).isEqualTo(
          TrackingLinkParser.DEFAULT_PARAMETER_NAMES);
    }

    /**
     * Regression: a parser read codes after the path segment {@code ..}, which browsers remove
     * from a path, so that no URL that arrived had it and no link credited anyone.
     */
    @ParameterizedTest
    @ValueSource(strings = {".", ".."})
    void pathSegment_dotSegment_isRejected_andTheBuilderKeepsItsSegment(String segment) {
      TrackingLinkParser.Builder builder = TrackingLinkParser.builder().pathSegment("go");
      assertThatThrownBy(() -> builder.pathSegment(segment))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("path segment must not be '.' or '..', which browsers and HTTP clients"
              + " remove from a path: '" + segment + "'");
      assertThat(builder.build().pathSegment()).contains("go");
    }

    @ParameterizedTest
    @ValueSource(strings = {"...", ".go", "go.", "~"})
    void pathSegment_otherNamesWithDots_areAccepted(String segment) {
      TrackingLinkParser parser = TrackingLinkParser.builder().pathSegment(segment).build();
      assertThat(parser.parse("/" + segment + "/K7QX2M9D4PV").code()).contains(CODE);
    }

    @Test
    void defaults_settings() {
      assertThat(PARSER.parameterNames()).containsExactly("ref", "via", "aff", "fid");
      assertThat(PARSER.pathSegment()).contains("r");
      assertThat(PARSER.readsVanityCodes()).isTrue();
      assertThat(TrackingLinkParser.builder().vanityCodes(false).build().readsVanityCodes())
          .isFalse();
      assertThat(PARSER).hasToString(
          "TrackingLinkParser[parameters [ref, via, aff, fid], path segment 'r', vanity codes true]");
    }
  }

  @Nested
  class Contract {

    @Test
    void values_equalByComponents() {
      new EqualsTester()
          .addEqualityGroup(TrackingParameters.NONE,
              new TrackingParameters(Optional.empty(), Utm.NONE), PARSER.parse("/"))
          .addEqualityGroup(new TrackingParameters(Optional.of(CODE), Utm.NONE),
              PARSER.parse("?ref=K7QX2M9D4PV"))
          .addEqualityGroup(new TrackingParameters(Optional.of(CODE), Utm.NONE.withSource("tw")),
              PARSER.parse("?ref=K7QX2M9D4PV&utm_source=tw"))
          .testEquals();
      new EqualsTester()
          .addEqualityGroup(Utm.NONE, new Utm(Optional.empty(), Optional.empty(),
              Optional.empty(), Optional.empty(), Optional.empty()))
          .addEqualityGroup(Utm.NONE.withSource("a"))
          .addEqualityGroup(Utm.NONE.withMedium("a"))
          .addEqualityGroup(Utm.NONE.withCampaign("a"))
          .addEqualityGroup(Utm.NONE.withTerm("a"))
          .addEqualityGroup(Utm.NONE.withContent("a"), Utm.NONE.withContent("b").withContent("a"))
          .testEquals();
    }

    /** Regression: the withers made a copy when nothing changed. */
    @Test
    void utm_withersGivenTheValueItHas_returnIt() {
      Utm utm = Utm.NONE.withSource("ig").withMedium("social").withCampaign("spring")
          .withTerm("serum").withContent("story-2");
      assertThat(utm.withSource("ig")).isSameAs(utm);
      assertThat(utm.withMedium("social")).isSameAs(utm);
      assertThat(utm.withCampaign("spring")).isSameAs(utm);
      assertThat(utm.withTerm("serum")).isSameAs(utm);
      assertThat(utm.withContent("story-2")).isSameAs(utm);
      assertThat(utm.withSource("IG")).isNotSameAs(utm).isNotEqualTo(utm);
      assertThat(utm.withContent("story-3").content()).contains("story-3");
      assertThatThrownBy(() -> utm.withTerm(" "))
          .hasMessage("utmTerm must not be blank: ' '");
    }

    @Test
    void utm_badValues_areRejected() {
      assertThatThrownBy(() -> new Utm(Optional.of(""), Optional.empty(), Optional.empty(),
          Optional.empty(), Optional.empty()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("utmSource must not be blank: ''");
      assertThatThrownBy(() -> Utm.NONE.withContent("a\tb"))
          .hasMessage("utmContent must not contain control character \\u0009 at index 1: "
              + "'a\\u0009b'");
    }

    @Test
    void nulls_areRejected() {
      NullPointerTester tester = new NullPointerTester()
          .setDefault(URI.class, URI.create("https://shop.example/"))
          .setDefault(Utm.class, Utm.NONE)
          .setDefault(String.class, "ref");
      tester.testAllPublicStaticMethods(TrackingLinkParser.class);
      tester.testAllPublicInstanceMethods(PARSER);
      tester.testAllPublicInstanceMethods(TrackingLinkParser.builder());
      tester.testAllPublicConstructors(TrackingParameters.class);
      tester.testAllPublicConstructors(Utm.class);
      tester.testAllPublicInstanceMethods(Utm.NONE);
    }
  }
}
