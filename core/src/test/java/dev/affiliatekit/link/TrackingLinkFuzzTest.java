package dev.affiliatekit.link;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.URI;

/**
 * Fuzzes the tracking-link parser, which must never throw, and the builder, whose links the
 * parser must read back.
 *
 * <p>In CI these run as regression tests over the inputs in {@code src/test/resources}; to fuzz,
 * run {@code JAZZER_FUZZ=1 mvn -pl core test -Dtest='TrackingLinkFuzzTest#parseUrl'}.
 */
class TrackingLinkFuzzTest {

  private static final TrackingLinkParser PARSER = TrackingLinkParser.defaults();

  @FuzzTest(maxDuration = "40s")
  void parseUrl(FuzzedDataProvider data) {
    String url = data.consumeRemainingAsString();
    checkRead(PARSER.parse(url));
    checkRead(PARSER.parseQuery(url));
    URI uri;
    try {
      uri = new URI(url);
    } catch (java.net.URISyntaxException notAUri) {
      return;
    }
    checkRead(PARSER.parse(uri));
  }

  private static void checkRead(TrackingParameters read) {
    read.code().ifPresent(code -> assertThat(
        LinkCode.tryParse(code.toString()).or(() -> LinkCode.tryParseVanity(code.toString())))
        .contains(code));
    for (var value : read.utm().values()) {
      value.ifPresent(text -> assertThat(Utm.isValid(text)).isTrue());
    }
  }

  @FuzzTest(maxDuration = "40s")
  void buildThenParse(FuzzedDataProvider data) {
    String source = data.consumeString(300);
    String campaign = data.consumeString(300);
    boolean inPath = data.consumeBoolean();
    String codeText = data.consumeRemainingAsString();
    LinkCode code = LinkCode.tryParse(codeText).orElseGet(() -> LinkCode.parse("16JD"));
    TrackingLinks.Builder builder = TrackingLinks.builder(
        URI.create("https://shop.example/p?ref=OLD&q=1#top")).code(code);
    boolean sourceSet = Utm.isValid(source);
    boolean campaignSet = Utm.isValid(campaign);
    if (sourceSet) {
      builder.utmSource(source);
    }
    if (campaignSet) {
      builder.utmCampaign(campaign);
    }
    if (inPath) {
      builder.codeInPath();
    }
    URI link = builder.build();
    // The code as written: its $ * ~, which link detectors cut off a link's end, are escaped.
    String written = inPath ? link.getRawPath().split("/")[2]
        : link.getRawQuery().split("&")[1].substring("ref=".length());
    assertThat(written).doesNotContain("$", "*", "~");
    assertThat(PercentCoding.decode(written, 0, written.length(), false))
        .isEqualTo(code.toString());
    TrackingParameters read = PARSER.parse(link);
    assertThat(read.code()).contains(code);
    assertThat(PARSER.parse(link.toString())).isEqualTo(read);
    if (sourceSet) {
      assertThat(read.utm().source()).contains(source);
    }
    if (campaignSet) {
      assertThat(read.utm().campaign()).contains(campaign);
    }
    assertThat(link.getRawFragment()).isEqualTo("top");
  }
}
