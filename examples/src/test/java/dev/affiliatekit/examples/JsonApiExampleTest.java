package dev.affiliatekit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonApiExampleTest {

  private final List<String> lines = ExampleOutput.linesOf(out -> {
    try {
      JsonApiExample.run(out);
    } catch (JsonProcessingException e) {
      throw new AssertionError(e);
    }
  });

  @Test
  void run_writesTheAttribution_asJsonThatCreditsTheClickToZoe() throws Exception {
    JsonNode result = new ObjectMapper().readTree(section("Attribution of SHOP-2291:"));

    assertThat(result.path("model").asText()).isEqualTo("lastTouch");
    JsonNode credit = result.path("credits").path(0);
    assertThat(credit.path("affiliateId").asText()).isEqualTo("zoe");
    assertThat(credit.path("share").asText()).isEqualTo("100%");
    assertThat(credit.path("amount").asText()).isEqualTo("USD 54.00");
    assertThat(credit.path("touchpoints").path(0).path("channel").asText()).isEqualTo("tiktok");
    assertThat(result.path("explanation").path("excluded").size()).isZero();
  }

  @Test
  void run_writesTheQuote_withTheDiscountProratedAcrossTheItems() throws Exception {
    // USD 6.00 off USD 60.00 of goods, 48:12: USD 4.80 off the serum, USD 1.20 off the balm.
    // 15% of USD 43.20 = USD 6.48 (skin care) plus 10% of USD 10.80 = USD 1.08 (the rest).
    JsonNode quote = new ObjectMapper().readTree(section("Quote for zoe:"));

    assertThat(quote.path("amount").asText()).isEqualTo("USD 7.56");
    assertThat(quote.path("ruleIds").toString())
        .isEqualTo("[\"micro-skin-care\",\"micro-default\"]");
    assertThat(quote.path("explanation").asText())
        .contains("15% of USD 43.20 (items after discount: USD 48.00 less USD 4.80 of the"
            + " USD 6.00 order discount, split by item amount) = USD 6.48")
        .contains("10% of USD 10.80 (items after discount: USD 12.00 less USD 1.20 of the"
            + " USD 6.00 order discount, split by item amount) = USD 1.08")
        .endsWith("total USD 7.56");
  }

  @Test
  void run_rejectsAnOrderWhoseTotalIsANumber_namingTheField() {
    assertThat(lines).containsSubsequence(
        "Bad order rejected (MismatchedInputException):",
        "  conversion total must be a JSON string such as \"USD 12.34\": '54.00'",
        "  at dev.affiliatekit.attribution.Conversion[\"total\"]");
  }

  /** {@return the JSON printed after a heading line, up to the next line that is not JSON} */
  private String section(String heading) {
    int start = lines.indexOf(heading) + 1;
    assertThat(start).as("heading %s", heading).isPositive();
    StringBuilder json = new StringBuilder();
    for (int i = start; i < lines.size(); i++) {
      json.append(lines.get(i)).append('\n');
      if (lines.get(i).equals("}")) {
        break;
      }
    }
    return json.toString();
  }
}
