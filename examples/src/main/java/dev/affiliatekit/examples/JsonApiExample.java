package dev.affiliatekit.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.affiliatekit.attribution.AffiliateDirectory;
import dev.affiliatekit.attribution.AffiliateIdentity;
import dev.affiliatekit.attribution.AttributionResult;
import dev.affiliatekit.attribution.Attributor;
import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.Credit;
import dev.affiliatekit.attribution.Touchpoint;
import dev.affiliatekit.attribution.TouchpointStore;
import dev.affiliatekit.commission.AffiliateProfile;
import dev.affiliatekit.commission.Attribute;
import dev.affiliatekit.commission.CommissionContext;
import dev.affiliatekit.commission.CommissionPlan;
import dev.affiliatekit.commission.CommissionQuote;
import dev.affiliatekit.commission.CommissionRule;
import dev.affiliatekit.commission.Condition;
import dev.affiliatekit.commission.RuleTarget;
import dev.affiliatekit.json.AffiliateKitJson;
import dev.affiliatekit.money.Rate;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * A service that takes clicks and orders as JSON and answers with JSON: who gets the credit, what
 * they earn and why.
 *
 * <p>The tracking endpoint receives Zoe's click from TikTok, the checkout posts the order (a
 * USD 48.00 serum and two lip balms for USD 12.00, USD 6.00 off), and the creator database
 * holds her profile (18,200 followers). The plan pays micro-influencers 15% on skin care and 10% on
 * everything else, after the discount. The service reads the three documents with {@link
 * AffiliateKitJson#module()}, attributes the order, quotes the credit and writes the result and the
 * quote back as JSON; then it rejects an order whose total is a JSON number, naming the field.
 *
 * <p>Run: {@code mvn -q -Pexample -Dexample=JsonApiExample -pl examples -am verify -DskipTests}
 */
public final class JsonApiExample {

  private static final String CLICK = """
      {"kind": "CLICK", "affiliateId": "zoe", "code": "ZOE", "visitorId": "visitor-51c2",
       "channel": "tiktok", "instant": "2026-04-02T18:40:00Z"}""";

  private static final String ORDER = """
      {"orderId": "SHOP-2291", "visitorId": "visitor-51c2", "instant": "2026-04-03T09:15:00Z",
       "total": "USD 54.00", "discount": "USD 6.00", "customerType": "NEW",
       "lineItems": [
         {"productId": "serum-30ml", "category": "SKIN_CARE", "quantity": 1, "amount": "USD 48.00"},
         {"productId": "lip-balm", "category": "LIPS", "quantity": 2, "amount": "USD 12.00"}]}""";

  private static final String PROFILE = """
      {"affiliateId": "zoe", "group": "micro", "platform": "tiktok", "followers": 18200}""";

  private static final String BAD_ORDER = """
      {"orderId": "SHOP-2292", "visitorId": "visitor-51c2", "instant": "2026-04-03T09:20:00Z",
       "total": 54.00}""";

  private JsonApiExample() {}

  /**
   * Prints the example to standard output.
   *
   * @param args ignored
   * @throws JsonProcessingException if a document of the example does not read, which would be a
   *     bug in it
   */
  public static void main(String[] args) throws JsonProcessingException {
    run(System.out);
  }

  static void run(PrintStream out) throws JsonProcessingException {
    ObjectMapper json = new ObjectMapper().registerModule(AffiliateKitJson.module())
        .enable(SerializationFeature.INDENT_OUTPUT);
    Clock clock = Clock.fixed(Instant.parse("2026-04-03T10:00:00Z"), ZoneOffset.UTC);
    AffiliateDirectory creators = AffiliateDirectory.builder()
        .add(AffiliateIdentity.active("zoe"), "ZOE")
        .build();
    Attributor attributor = Attributor.builder(TouchpointStore.inMemory(), creators)
        .clock(clock).build();
    Condition micro = Condition.between(Attribute.AFFILIATE_FOLLOWERS, 1_500, 100_000);
    CommissionPlan plan = CommissionPlan.builder()
        .rule(CommissionRule.builder("micro-skin-care").target(RuleTarget.categories("SKIN_CARE"))
            .when(micro).percentage(Rate.ofPercent(15)).build())
        .rule(CommissionRule.builder("micro-default").when(micro)
            .percentage(Rate.ofPercent(10)).build())
        .build();

    // POST /clicks, POST /orders: the documents become the library's checked values.
    attributor.record(json.readValue(CLICK, Touchpoint.class));
    Conversion order = json.readValue(ORDER, Conversion.class);
    AffiliateProfile zoe = json.readValue(PROFILE, AffiliateProfile.class);

    AttributionResult result = attributor.attribute(order);
    out.println("Attribution of " + order.orderId() + ":");
    out.println(json.writeValueAsString(result));
    for (Credit credit : result.credits()) {
      CommissionQuote quote = plan.quote(order, credit, CommissionContext.of(zoe));
      out.println("Quote for " + credit.affiliateId() + ":");
      out.println(json.writeValueAsString(quote));
    }

    try {
      json.readValue(BAD_ORDER, Conversion.class);
      out.println("Bad order accepted");
    } catch (JsonProcessingException e) {
      // Every bad document gives a JsonProcessingException; a mapping error also has a path.
      out.println("Bad order rejected (" + e.getClass().getSimpleName() + "):");
      out.println("  " + e.getOriginalMessage());
      if (e instanceof JsonMappingException mapping) {
        out.println("  at " + mapping.getPathReference());
      }
    }
  }
}
