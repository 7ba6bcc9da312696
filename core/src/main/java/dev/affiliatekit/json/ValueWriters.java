package dev.affiliatekit.json;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.affiliatekit.attribution.Attribution;
import dev.affiliatekit.attribution.AttributionResult;
import dev.affiliatekit.attribution.BindingHistory;
import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.Credit;
import dev.affiliatekit.attribution.CustomerBinding;
import dev.affiliatekit.attribution.Exclusion;
import dev.affiliatekit.attribution.Explanation;
import dev.affiliatekit.attribution.LineItem;
import dev.affiliatekit.attribution.NoCredit;
import dev.affiliatekit.attribution.Subscription;
import dev.affiliatekit.attribution.Touchpoint;
import dev.affiliatekit.commission.AffiliateProfile;
import dev.affiliatekit.commission.CommissionQuote;
import dev.affiliatekit.commission.OverrideQuote;
import dev.affiliatekit.commission.RulePortion;
import dev.affiliatekit.commission.TierReached;
import java.io.IOException;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Writes conversions, touchpoints, profiles, attribution results and quotes in the format of
 * {@link AffiliateKitJson}: fields in the order of the accessors, absent optionals left out. Each
 * writer gives the fields of its object, so that the serializer can open the object itself, with a
 * type id when the mapper asks for one.
 */
final class ValueWriters {

  private ValueWriters() {}

  static void conversion(JsonGenerator json, Conversion conversion) throws IOException {
    json.writeStringField("orderId", conversion.orderId());
    optional(json, "visitorId", conversion.visitorId());
    optional(json, "customerId", conversion.customerId());
    optional(json, "customerEmail", conversion.customerEmail());
    json.writeStringField("instant", conversion.instant().toString());
    json.writeStringField("total", conversion.total().toString());
    json.writeArrayFieldStart("lineItems");
    for (LineItem line : conversion.lineItems()) {
      object(json, line, ValueWriters::lineItem);
    }
    json.writeEndArray();
    json.writeStringField("discount", conversion.discount().toString());
    json.writeStringField("shipping", conversion.shipping().toString());
    json.writeStringField("tax", conversion.tax().toString());
    optional(json, "couponCode", conversion.couponCode());
    json.writeStringField("customerType", conversion.customerType().name());
    optional(json, "customerCountry", conversion.customerCountry());
    if (conversion.subscription().isPresent()) {
      json.writeFieldName("subscription");
      object(json, conversion.subscription().get(), ValueWriters::subscription);
    }
  }

  static void lineItem(JsonGenerator json, LineItem line) throws IOException {
    json.writeStringField("productId", line.productId());
    optional(json, "category", line.category());
    json.writeNumberField("quantity", line.quantity());
    json.writeStringField("amount", line.amount().toString());
  }

  static void subscription(JsonGenerator json, Subscription subscription) throws IOException {
    json.writeStringField("subscriptionId", subscription.subscriptionId());
    json.writeNumberField("billingPeriod", subscription.billingPeriod());
    json.writeStringField("startedAt", subscription.startedAt().toString());
  }

  static void touchpoint(JsonGenerator json, Touchpoint touch) throws IOException {
    json.writeStringField("kind", touch.kind().name());
    json.writeStringField("affiliateId", touch.affiliateId());
    optional(json, "code", touch.code());
    json.writeStringField("visitorId", touch.visitorId());
    optional(json, "customerId", touch.customerId());
    optional(json, "channel", touch.channel());
    json.writeStringField("instant", touch.instant().toString());
    if (touch.sequence() != 0) {
      json.writeNumberField("sequence", touch.sequence());
    }
  }

  static void bindingHistory(JsonGenerator json, BindingHistory history) throws IOException {
    json.writeStringField("customerId", history.customerId());
    json.writeArrayFieldStart("candidates");
    for (CustomerBinding candidate : history.candidates()) {
      json.writeStartObject();
      json.writeStringField("affiliateId", candidate.affiliateId());
      json.writeStringField("since", candidate.since().toString());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeBooleanField("firstBroke", history.firstBroke());
  }

  static void profile(JsonGenerator json, AffiliateProfile profile) throws IOException {
    json.writeStringField("affiliateId", profile.affiliateId());
    optional(json, "group", profile.group());
    strings(json, "tags", profile.tags());
    optional(json, "platform", profile.platform());
    if (profile.followers().isPresent()) {
      json.writeNumberField("followers", profile.followers().getAsLong());
    }
    optional(json, "country", profile.country());
    optional(json, "parentId", profile.parentId());
  }

  static void attributionResult(JsonGenerator json, AttributionResult result) throws IOException {
    json.writeStringField("orderId", result.conversion().orderId());
    if (result instanceof Attribution attribution) {
      json.writeFieldName("model");
      ProgramJson.writeModel(json, attribution.model());
    } else if (result instanceof NoCredit noCredit) {
      json.writeStringField("reason", noCredit.reason().name());
    } else {
      throw new AssertionError("bug: unknown result " + result.getClass());
    }
    json.writeArrayFieldStart("credits");
    for (Credit credit : result.credits()) {
      json.writeStartObject();
      json.writeStringField("affiliateId", credit.affiliateId());
      json.writeStringField("share", credit.share().toString());
      json.writeStringField("amount", credit.amount().toString());
      json.writeStringField("basis", credit.basis().name());
      json.writeArrayFieldStart("touchpoints");
      for (Touchpoint touch : credit.touchpoints()) {
        object(json, touch, ValueWriters::touchpoint);
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    json.writeEndArray();
    Explanation explanation = result.explanation();
    json.writeObjectFieldStart("explanation");
    json.writeArrayFieldStart("eligible");
    for (Touchpoint touch : explanation.eligible()) {
      object(json, touch, ValueWriters::touchpoint);
    }
    json.writeEndArray();
    json.writeArrayFieldStart("excluded");
    for (Exclusion exclusion : explanation.excluded()) {
      json.writeStartObject();
      json.writeFieldName("touchpoint");
      object(json, exclusion.touchpoint(), ValueWriters::touchpoint);
      json.writeStringField("reason", exclusion.reason().name());
      json.writeEndObject();
    }
    json.writeEndArray();
    strings(json, "notes", explanation.notes());
    json.writeEndObject();
  }

  static void quote(JsonGenerator json, CommissionQuote quote) throws IOException {
    json.writeStringField("orderId", quote.orderId());
    json.writeStringField("affiliateId", quote.affiliateId());
    json.writeStringField("amount", quote.amount().toString());
    json.writeStringField("commission", quote.commission().toString());
    json.writeStringField("bonus", quote.bonus().toString());
    json.writeStringField("base", quote.base().toString());
    strings(json, "ruleIds", quote.ruleIds());
    strings(json, "milestoneIds", quote.milestoneIds());
    json.writeArrayFieldStart("overrides");
    for (OverrideQuote override : quote.overrides()) {
      json.writeStartObject();
      json.writeStringField("affiliateId", override.affiliateId());
      json.writeNumberField("level", override.level());
      json.writeStringField("fromAffiliateId", override.fromAffiliateId());
      json.writeStringField("rate", override.rate().toString());
      json.writeStringField("commission", override.commission().toString());
      json.writeStringField("amount", override.amount().toString());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeArrayFieldStart("tiersReached");
    for (TierReached tier : quote.tiersReached()) {
      json.writeStartObject();
      json.writeStringField("ruleId", tier.ruleId());
      json.writeStringField("period", tier.period().name());
      json.writeNumberField("tier", tier.tier());
      json.writeStringField("previousRate", tier.previousRate().toString());
      json.writeStringField("rate", tier.rate().toString());
      json.writeStringField("rounding", tier.rounding().name());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeArrayFieldStart("portions");
    for (RulePortion portion : quote.portions()) {
      json.writeStartObject();
      json.writeStringField("ruleId", portion.ruleId());
      json.writeStringField("base", portion.base().toString());
      json.writeStringField("commission", portion.commission().toString());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeObjectFieldStart("tiers");
    for (Map.Entry<String, Integer> tier : new TreeMap<>(quote.tiers()).entrySet()) {
      json.writeNumberField(tier.getKey(), tier.getValue());
    }
    json.writeEndObject();
    json.writeStringField("explanation", quote.explanation());
  }

  /** Writes the fields of one value, which its writer gives. */
  @FunctionalInterface
  interface Fields<T> {
    void write(JsonGenerator json, T value) throws IOException;
  }

  /** Writes a value as a JSON object of the fields its writer gives. */
  static <T> void object(JsonGenerator json, T value, Fields<T> fields) throws IOException {
    json.writeStartObject(value);
    fields.write(json, value);
    json.writeEndObject();
  }

  private static void optional(JsonGenerator json, String field, Optional<String> value)
      throws IOException {
    if (value.isPresent()) {
      json.writeStringField(field, value.get());
    }
  }

  /** Writes the strings as a JSON array, in their order. */
  static void strings(JsonGenerator json, String field, Collection<String> values)
      throws IOException {
    json.writeArrayFieldStart(field);
    for (String value : values) {
      json.writeString(value);
    }
    json.writeEndArray();
  }
}
