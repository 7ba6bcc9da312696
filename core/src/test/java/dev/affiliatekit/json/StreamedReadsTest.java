package dev.affiliatekit.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.commission.AffiliateProfile;
import dev.affiliatekit.commission.CommissionPlan;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Documents read one after another from one stream, as a host reads a JSON array or JSON lines
 * with {@link MappingIterator}: a document refused for a field it must not have costs that
 * document alone, whatever the field's value, and the next ones read as they would alone.
 */
class StreamedReadsTest {

  private static final ObjectMapper MAPPER =
      new ObjectMapper().registerModule(AffiliateKitJson.module());

  private static final String ORDER = "{\"orderId\":\"%s\",\"visitorId\":\"v\","
      + "\"instant\":\"2026-03-31T10:00:00Z\",\"total\":\"USD 5.00\"%s}";

  /** What reading every document of the stream gave: the ones read, and the failures. */
  private record Reads<T>(List<String> read, List<Exception> failures) {}

  private static <T> Reads<T> readAll(String stream, Class<T> type, Function<T, String> name)
      throws IOException {
    List<String> read = new ArrayList<>();
    List<Exception> failures = new ArrayList<>();
    try (MappingIterator<T> values = MAPPER.readerFor(type).readValues(stream)) {
      while (true) {
        try {
          if (!values.hasNextValue()) {
            break;
          }
          read.add(name.apply(values.nextValue()));
        } catch (IOException | RuntimeException e) {
          failures.add(e);
        }
        if (failures.size() > 10) {
          break;
        }
      }
    }
    return new Reads<>(read, failures);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      ",\"meta\":[{\"src\":\"app\"}]", ",\"meta\":{\"src\":\"app\"}", ",\"meta\":[1,[2]]",
      ",\"meta\":1", ",\"visitorId\":{\"again\":[true]}", ",\"visitorId\":\"again\""})
  void conversionWithAFieldItMustNotHave_costsItAlone_inAnArrayAndInLines(String bad)
      throws IOException {
    String first = String.format(ORDER, "o-1", "");
    String second = String.format(ORDER, "o-2", bad);
    String third = String.format(ORDER, "o-3", "");

    for (String stream : List.of("[" + first + "," + second + "," + third + "]",
        first + "\n" + second + "\n" + third + "\n")) {
      Reads<Conversion> reads = readAll(stream, Conversion.class, Conversion::orderId);

      assertThat(reads.read()).as(stream).containsExactly("o-1", "o-3");
      assertThat(reads.failures()).as(stream).hasSize(1);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {",\"tags\":[\"again\"]", ",\"extra\":{\"a\":[1]}"})
  void profileWithAFieldItMustNotHave_costsItAlone(String bad) throws IOException {
    String stream = "{\"affiliateId\":\"mia\",\"tags\":[\"skin\"]}\n"
        + "{\"affiliateId\":\"leo\",\"tags\":[\"skin\"]" + bad + "}\n"
        + "{\"affiliateId\":\"ava\"}\n";

    Reads<AffiliateProfile> reads = readAll(stream, AffiliateProfile.class,
        AffiliateProfile::affiliateId);

    assertThat(reads.read()).containsExactly("mia", "ava");
    assertThat(reads.failures()).hasSize(1);
  }

  /** The parser moves past a repeated field of a plan after the failure says where it is. */
  @Test
  void repeatedFieldOfAPlan_isReportedWhereItIs() {
    String plan = "{\n  \"version\": 1,\n  \"version\": 1,\n  \"rules\": [\n"
        + "    {\"id\": \"a\", \"rate\": \"1%\"}\n  ]\n}";

    assertThatThrownBy(() -> MAPPER.readValue(plan, CommissionPlan.class))
        .isInstanceOfSatisfying(MismatchedInputException.class, e -> {
          assertThat(e.getOriginalMessage()).isEqualTo("version: is repeated");
          assertThat(e.getLocation().getLineNr()).isEqualTo(3);
        });
  }

  @ParameterizedTest
  @ValueSource(strings = {",\"rules\":[{\"id\":\"b\",\"rate\":\"2%\"}]", ",\"extra\":[[1]]"})
  void planWithAFieldItMustNotHave_costsItAlone(String bad) throws IOException {
    String plan = "{\"version\":1,\"rules\":[{\"id\":\"a\",\"rate\":\"1%\"}]";
    String stream = "[" + plan + "}," + plan + bad + "}," + plan + "}]";

    Reads<CommissionPlan> reads = readAll(stream, CommissionPlan.class,
        p -> p.rules().get(0).id());

    assertThat(reads.read()).containsExactly("a", "a");
    assertThat(reads.failures()).hasSize(1);
  }
}
