package dev.affiliatekit.json;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.affiliatekit.ledger.PayoutBatch;
import dev.affiliatekit.ledger.PayoutLine;
import dev.affiliatekit.link.LinkCode;
import dev.affiliatekit.program.Enrollment;
import dev.affiliatekit.program.ProgramEvent;
import dev.affiliatekit.program.ProgramEvent.AffiliateEnrolled;
import dev.affiliatekit.program.ProgramEvent.CommissionAccrued;
import dev.affiliatekit.program.ProgramEvent.CommissionReinstated;
import dev.affiliatekit.program.ProgramEvent.CommissionReleased;
import dev.affiliatekit.program.ProgramEvent.CommissionReversed;
import dev.affiliatekit.program.ProgramEvent.PayoutFailed;
import dev.affiliatekit.program.ProgramEvent.PayoutPrepared;
import dev.affiliatekit.program.ProgramEvent.PayoutSettled;
import java.io.IOException;

/**
 * Writes program events in the format of {@link AffiliateKitJson}: the {@code type} first, then
 * the {@code key}, then the record's other components in their order. Like {@link ValueWriters},
 * it gives the fields of the event's object, so that the serializer can open the object itself,
 * with a type id when the mapper asks for one.
 *
 * <p>The type names are spelt out rather than derived from the class names, so that renaming a
 * record cannot change the wire format.
 */
final class EventWriters {

  private EventWriters() {}

  static void event(JsonGenerator json, ProgramEvent event) throws IOException {
    if (event instanceof AffiliateEnrolled enrolled) {
      head(json, "affiliateEnrolled", event);
      json.writeFieldName("enrollment");
      ValueWriters.object(json, enrolled.enrollment(), EventWriters::enrollment);
    } else if (event instanceof CommissionAccrued accrued) {
      head(json, "commissionAccrued", event);
      json.writeStringField("affiliateId", accrued.affiliateId());
      json.writeStringField("orderId", accrued.orderId());
      json.writeStringField("itemKey", accrued.itemKey());
      json.writeStringField("amount", accrued.amount().toString());
      json.writeStringField("explanation", accrued.explanation());
    } else if (event instanceof CommissionReversed reversed) {
      head(json, "commissionReversed", event);
      json.writeStringField("affiliateId", reversed.affiliateId());
      json.writeStringField("orderId", reversed.orderId());
      json.writeStringField("itemKey", reversed.itemKey());
      json.writeStringField("amount", reversed.amount().toString());
      json.writeStringField("kind", reversed.kind().name());
      json.writeStringField("reason", reversed.reason());
    } else if (event instanceof CommissionReinstated reinstated) {
      head(json, "commissionReinstated", event);
      json.writeStringField("affiliateId", reinstated.affiliateId());
      json.writeStringField("orderId", reinstated.orderId());
      json.writeStringField("itemKey", reinstated.itemKey());
      json.writeStringField("amount", reinstated.amount().toString());
      json.writeStringField("account", reinstated.account().name());
      json.writeStringField("reason", reinstated.reason());
    } else if (event instanceof CommissionReleased released) {
      head(json, "commissionReleased", event);
      json.writeStringField("affiliateId", released.affiliateId());
      json.writeStringField("itemKey", released.itemKey());
      json.writeStringField("amount", released.amount().toString());
    } else if (event instanceof PayoutPrepared prepared) {
      head(json, "payoutPrepared", event);
      json.writeFieldName("batch");
      ValueWriters.object(json, prepared.batch(), EventWriters::batch);
    } else if (event instanceof PayoutSettled settled) {
      head(json, "payoutSettled", event);
      json.writeStringField("batchKey", settled.batchKey());
      json.writeFieldName("transaction");
      JournalJson.writeTransaction(json, settled.transaction());
    } else if (event instanceof PayoutFailed failed) {
      head(json, "payoutFailed", event);
      json.writeStringField("batchKey", failed.batchKey());
      json.writeStringField("reason", failed.reason());
      json.writeFieldName("transaction");
      JournalJson.writeTransaction(json, failed.transaction());
    } else {
      throw new AssertionError("bug: unknown program event " + event.getClass());
    }
  }

  private static void head(JsonGenerator json, String type, ProgramEvent event)
      throws IOException {
    json.writeStringField("type", type);
    json.writeStringField("key", event.key());
  }

  /**
   * Writes what a consumer of the event needs to know about the new affiliate: its id, profile,
   * codes and status. The identity's customer id and e-mail address are left out: they serve
   * only to refuse self-referral, and are personal data that a queue or a webhook should not carry.
   */
  static void enrollment(JsonGenerator json, Enrollment enrollment) throws IOException {
    json.writeStringField("affiliateId", enrollment.affiliateId());
    json.writeFieldName("profile");
    ValueWriters.object(json, enrollment.profile(), ValueWriters::profile);
    json.writeStringField("code", enrollment.code().toString());
    json.writeArrayFieldStart("codes");
    for (LinkCode code : enrollment.codes()) {
      json.writeString(code.toString());
    }
    json.writeEndArray();
    json.writeStringField("status", enrollment.identity().status().name());
  }

  static void batch(JsonGenerator json, PayoutBatch batch) throws IOException {
    json.writeStringField("key", batch.key());
    json.writeNumberField("sequence", batch.sequence());
    json.writeStringField("asOf", batch.asOf().toString());
    json.writeArrayFieldStart("lines");
    for (PayoutLine line : batch.lines()) {
      json.writeStartObject();
      json.writeStringField("id", line.id());
      json.writeStringField("affiliateId", line.affiliateId());
      json.writeStringField("amount", line.amount().toString());
      json.writeEndObject();
    }
    json.writeEndArray();
  }
}
