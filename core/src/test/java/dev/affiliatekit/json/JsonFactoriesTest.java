package dev.affiliatekit.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.StringReader;
import org.junit.jupiter.api.Test;

/**
 * The parsers of the library's own readers: a host may bring a Jackson older than 2.16, whose
 * parsers quote the document raw in their messages unless told not to.
 */
class JsonFactoriesTest {

  /**
   * The factory every reader of the package parses with, journal lines included. The Jackson the
   * library is built with leaves the document out by default, so this guards the setting for
   * older ones: it fails if the setting is turned on, not if the line that turns it off goes.
   */
  @Test
  void theReadersFactory_leavesTheDocumentOutOfItsParsersMessages() {
    assertThat(PlanJson.FACTORY.isEnabled(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION))
        .isFalse();
  }

  @Test
  void aRefusedDocument_isQuotedNowhereInTheCauses() {
    String secret = "jane@example.com";
    Throwable plan = catchThrowable(() -> PlanJson.parse("{\"version\":1,\"rules\":[{\"id\":"
        + "\"a\",\"rate\":\"10%\",\"description\":\"" + secret + "\"}]} oops"));
    Throwable journal = catchThrowable(() -> JournalJson.read(
        new StringReader("{\"v\":1,\"x\":\"" + secret + "\"} oops\n")));

    for (Throwable thrown : new Throwable[] {plan, journal}) {
      assertThat(thrown).isInstanceOf(JsonFormatException.class);
      for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
        assertThat(String.valueOf(cause.getMessage())).doesNotContain(secret);
      }
    }
  }
}
