package dev.affiliatekit.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.affiliatekit.attribution.BindingHistory;
import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.Touchpoint;
import dev.affiliatekit.commission.AffiliateProfile;
import dev.affiliatekit.commission.CommissionPlan;

/**
 * Fuzzes the readers of {@link AffiliateKitJson#module()}: whatever the input, reading a
 * conversion, a touchpoint, an affiliate profile, a binding history or a plan either returns a
 * value or throws a {@link JsonProcessingException}, never anything else; a value it returns writes
 * back to a document that reads an equal value.
 *
 * <p>In CI this replays the inputs in {@code src/test/resources}, which start from the documented
 * examples; to fuzz, run {@code JAZZER_FUZZ=1 mvn -pl core test
 * -Dtest='ValueJsonFuzzTest#readConversion'} (and likewise the other methods).
 */
class ValueJsonFuzzTest {

  private static final ObjectMapper MAPPER =
      new ObjectMapper().registerModule(AffiliateKitJson.module());

  @FuzzTest(maxDuration = "60s")
  void readConversion(FuzzedDataProvider data) throws JsonProcessingException {
    readOrReject(data.consumeRemainingAsString(), Conversion.class);
  }

  @FuzzTest(maxDuration = "60s")
  void readTouchpoint(FuzzedDataProvider data) throws JsonProcessingException {
    readOrReject(data.consumeRemainingAsString(), Touchpoint.class);
  }

  @FuzzTest(maxDuration = "60s")
  void readProfile(FuzzedDataProvider data) throws JsonProcessingException {
    readOrReject(data.consumeRemainingAsString(), AffiliateProfile.class);
  }

  @FuzzTest(maxDuration = "60s")
  void readBindingHistory(FuzzedDataProvider data) throws JsonProcessingException {
    readOrReject(data.consumeRemainingAsString(), BindingHistory.class);
  }

  /**
   * Reads a plan through the module: a Jackson exception or a plan, and whatever {@link PlanJson}
   * reads, the module reads the same (the module also accepts what a lenient mapper lets through
   * around the plan, such as trailing text, so the converse does not hold).
   */
  @FuzzTest(maxDuration = "60s")
  void readPlan(FuzzedDataProvider data) throws JsonProcessingException {
    String text = data.consumeRemainingAsString();
    readOrReject(text, CommissionPlan.class);
    CommissionPlan plan;
    try {
      plan = PlanJson.parse(text);
    } catch (JsonFormatException rejected) {
      return;
    }
    assertThat(MAPPER.readValue(text, CommissionPlan.class)).isEqualTo(plan);
  }

  private static <T> void readOrReject(String text, Class<T> type) throws JsonProcessingException {
    T read;
    try {
      read = MAPPER.readValue(text, type);
    } catch (JsonProcessingException documented) {
      assertThat(documented.getMessage()).isNotBlank();
      return;
    }
    if (read != null) {
      assertThat(MAPPER.readValue(MAPPER.writeValueAsString(read), type)).isEqualTo(read);
    }
  }
}
