package dev.affiliatekit.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.LineItem;
import dev.affiliatekit.attribution.Touchpoint;
import dev.affiliatekit.commission.AffiliateProfile;
import dev.affiliatekit.money.CurrencyTable;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.testing.AttributionArbitraries;
import dev.affiliatekit.testing.CommissionArbitraries;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

class ValueJsonProperties {

  private static final Instant AT = CommissionArbitraries.AT;

  /** Values that a mutation puts in place of one part of a valid document. */
  private static final List<String> REPLACEMENTS = List.of("null", "0", "-1", "1.5", "1e400",
      "99999999999999999999", "true", "\"\"", "\" \"", "\"x\"", "\"USD -1.00\"", "\"EUR 1.00\"",
      "\"USD 99999999999999999.99\"", "\"2300-01-01T00:00:00Z\"", "\"-1000000000-01-01T00:00:00Z\"",
      "\"NEW\"", "\"US\"", "[]", "[null]", "{}", "{\"x\":1}");

  private final ObjectMapper mapper = new ObjectMapper().registerModule(AffiliateKitJson.module());
  // Big numbers stay numbers in the mutated documents: 1e400 is not read as Infinity.
  private final ObjectMapper plain = JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS).build();

  @Provide
  Arbitrary<Conversion> conversions() {
    // The shared conversions name a customer only; add the optional parts they leave out.
    return Combinators.combine(CommissionArbitraries.conversions(),
        Arbitraries.of("visitor-7f3a", "v").injectNull(0.3), Arbitraries.of(true, false),
        Arbitraries.of("jo@example.com").injectNull(0.5),
        Arbitraries.of("ANNA10", "SPRING-40").injectNull(0.5))
        .as((sale, visitor, keepCustomer, email, coupon) -> new Conversion(sale.orderId(),
            Optional.ofNullable(visitor),
            keepCustomer || visitor == null ? sale.customerId() : Optional.empty(),
            Optional.ofNullable(email), sale.instant(), sale.total(), sale.lineItems(),
            sale.discount(), sale.shipping(), sale.tax(), Optional.ofNullable(coupon),
            sale.customerType(), sale.customerCountry(), sale.subscription()))
        .flatMap(sale -> Combinators.combine(Arbitraries.of("USD", "JPY", "BHD"),
            Arbitraries.integers().between(0, 999_999_999), Arbitraries.of(true, false),
            Arbitraries.of(true, false))
            .as((currency, nanos, categories, country) -> reshaped(sale,
                CurrencyTable.iso4217().get(currency), nanos, categories, country)));
  }

  /**
   * The sale in a currency with 0, 2 or 3 decimals (the same minor units, so its amounts still add
   * up), some nanoseconds later, with or without its items' categories and its country.
   */
  private static Conversion reshaped(Conversion sale, CurrencyUnit currency, int nanos,
      boolean categories, boolean country) {
    List<LineItem> items = new ArrayList<>();
    for (LineItem line : sale.lineItems()) {
      items.add(new LineItem(line.productId(), categories ? line.category() : Optional.empty(),
          line.quantity(), in(line.amount(), currency)));
    }
    return new Conversion(sale.orderId(), sale.visitorId(), sale.customerId(),
        sale.customerEmail(), sale.instant().plusNanos(nanos), in(sale.total(), currency), items,
        in(sale.discount(), currency), in(sale.shipping(), currency), in(sale.tax(), currency),
        sale.couponCode(), sale.customerType(),
        country ? sale.customerCountry() : Optional.empty(), sale.subscription());
  }

  private static Money in(Money amount, CurrencyUnit currency) {
    return Money.ofMinor(amount.minorUnits(), currency);
  }

  @Provide
  Arbitrary<Touchpoint> touchpoints() {
    return Combinators.combine(AttributionArbitraries.touches(),
        Arbitraries.of("ANNA10", "x").injectNull(0.5),
        Arbitraries.of("customer-42").injectNull(0.5),
        Arbitraries.of("instagram", "e-mail").injectNull(0.5),
        Arbitraries.longs().between(0, Long.MAX_VALUE).edgeCases(edges -> edges.add(0L)),
        Arbitraries.integers().between(0, 999_999_999))
        .as((spec, code, customer, channel, sequence, nanos) -> {
          Touchpoint.Builder touch = Touchpoint.builder(spec.kind(), "visitor-" + spec.visitor(),
              spec.affiliateId(), AT.minusSeconds(spec.secondsBefore()).plusNanos(nanos));
          if (code != null) {
            touch.code(code);
          }
          if (customer != null) {
            touch.customerId(customer);
          }
          if (channel != null) {
            touch.channel(channel);
          }
          return touch.sequence(sequence).build();
        });
  }

  @Provide
  Arbitrary<AffiliateProfile> profiles() {
    // The shared profiles leave out platform, country and parent; add them.
    return Combinators.combine(CommissionArbitraries.profiles(),
        Arbitraries.of("instagram", "youtube").injectNull(0.5),
        Arbitraries.of("DE", "US").injectNull(0.5), Arbitraries.of("root").injectNull(0.5))
        .as((profile, platform, country, parent) -> {
          AffiliateProfile.Builder more = profile.toBuilder();
          if (platform != null) {
            more.platform(platform);
          }
          if (country != null) {
            more.country(country);
          }
          if (parent != null) {
            more.parentId(parent);
          }
          return more.build();
        });
  }

  @Provide
  Arbitrary<String> replacements() {
    return Arbitraries.of(REPLACEMENTS);
  }

  @Property
  void conversion_writeThenRead_givesAnEqualConversion(@ForAll("conversions") Conversion sale)
      throws Exception {
    String json = mapper.writeValueAsString(sale);

    Conversion read = mapper.readValue(json, Conversion.class);

    assertThat(read).isEqualTo(sale);
    assertThat(mapper.writeValueAsString(read)).isEqualTo(json);
  }

  @Property
  void touchpoint_writeThenRead_givesAnEqualTouchpoint(@ForAll("touchpoints") Touchpoint touch)
      throws Exception {
    String json = mapper.writeValueAsString(touch);

    assertThat(mapper.readValue(json, Touchpoint.class)).isEqualTo(touch);
  }

  @Property
  void profile_writeThenRead_givesAnEqualProfile(@ForAll("profiles") AffiliateProfile profile)
      throws Exception {
    String json = mapper.writeValueAsString(profile);

    assertThat(mapper.readValue(json, AffiliateProfile.class)).isEqualTo(profile);
  }

  @Property
  void conversion_mutatedDocument_readsOrThrowsOnlyJacksonExceptions(
      @ForAll("conversions") Conversion sale, @ForAll @IntRange(max = 10_000) int position,
      @ForAll("replacements") String replacement, @ForAll boolean remove) throws Exception {
    String json = mutated(mapper.writeValueAsString(sale), position, replacement, remove);

    readOrReject(json, Conversion.class);
  }

  @Property
  void touchpoint_mutatedDocument_readsOrThrowsOnlyJacksonExceptions(
      @ForAll("touchpoints") Touchpoint touch, @ForAll @IntRange(max = 10_000) int position,
      @ForAll("replacements") String replacement, @ForAll boolean remove) throws Exception {
    String json = mutated(mapper.writeValueAsString(touch), position, replacement, remove);

    readOrReject(json, Touchpoint.class);
  }

  @Property
  void profile_mutatedDocument_readsOrThrowsOnlyJacksonExceptions(
      @ForAll("profiles") AffiliateProfile profile, @ForAll @IntRange(max = 10_000) int position,
      @ForAll("replacements") String replacement, @ForAll boolean remove) throws Exception {
    String json = mutated(mapper.writeValueAsString(profile), position, replacement, remove);

    readOrReject(json, AffiliateProfile.class);
  }

  @Property
  void conversion_cutShort_isRejectedWithAJacksonException(
      @ForAll("conversions") Conversion sale, @ForAll @IntRange(min = 1, max = 10_000) int cut)
      throws Exception {
    String json = mapper.writeValueAsString(sale);
    String shorter = json.substring(0, json.length() - 1 - cut % (json.length() - 1));

    try {
      mapper.readValue(shorter, Conversion.class);
    } catch (JsonProcessingException expected) {
      return;
    }
    throw new AssertionError("read a document cut short: " + shorter);
  }

  /**
   * Reads the document; a value it returns must write back to a document that reads the same,
   * and a rejection must be a Jackson exception with a message. Anything else fails the property.
   */
  private <T> void readOrReject(String json, Class<T> type) throws Exception {
    T read;
    try {
      read = mapper.readValue(json, type);
    } catch (JsonProcessingException expected) {
      return;
    }
    if (read != null) {
      assertThat(mapper.readValue(mapper.writeValueAsString(read), type)).isEqualTo(read);
    }
  }

  /**
   * Replaces (or removes) the part of the document at the given position, counting every field
   * and array element depth first, wrapping around.
   */
  private String mutated(String json, int position, String replacement, boolean remove)
      throws Exception {
    JsonNode root = plain.readTree(json);
    List<Consumer<JsonNode>> edits = new ArrayList<>();
    collect(root, edits, remove);
    JsonNode value = plain.readTree(replacement);
    edits.get(position % edits.size()).accept(value);
    return plain.writeValueAsString(root);
  }

  private static void collect(JsonNode node, List<Consumer<JsonNode>> edits, boolean remove) {
    if (node instanceof ObjectNode object) {
      List<String> names = new ArrayList<>();
      object.fieldNames().forEachRemaining(names::add);
      for (String name : names) {
        edits.add(value -> {
          if (remove) {
            object.remove(name);
          } else {
            object.set(name, value);
          }
        });
        collect(object.get(name), edits, remove);
      }
      edits.add(value -> object.set("extra", value));
    } else if (node instanceof ArrayNode array) {
      for (int i = 0; i < array.size(); i++) {
        int index = i;
        edits.add(value -> {
          if (remove) {
            array.remove(index);
          } else {
            array.set(index, value);
          }
        });
        collect(array.get(i), edits, remove);
      }
      edits.add(array::add);
    }
  }
}
