package dev.affiliatekit.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.jsontype.BasicPolymorphicTypeValidator;
import dev.affiliatekit.attribution.AffiliateIdentity;
import dev.affiliatekit.attribution.AffiliateStatus;
import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.LineItem;
import dev.affiliatekit.commission.AffiliateProfile;
import dev.affiliatekit.commission.CommissionPlan;
import dev.affiliatekit.commission.CommissionRule;
import dev.affiliatekit.ledger.PayoutRules;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import dev.affiliatekit.program.AffiliateProgram;
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
import dev.affiliatekit.program.Refund;
import dev.affiliatekit.testing.TestClock;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Program events written by the module, from a real program run: mia and leo join a 15% program;
 * each refers one order; part of mia's order is refunded; after the 30-day hold both commissions
 * are released; leo's order is charged back and the dispute won; mia's payout settles and leo's
 * fails.
 */
class ProgramEventJsonTest {

  private static final Instant START = Instant.parse("2026-03-02T09:00:00Z");
  private static final Instant RELEASED = Instant.parse("2026-04-01T09:00:00Z");
  private static final Instant PAID = Instant.parse("2026-04-02T12:00:00Z");

  private final ObjectMapper mapper = new ObjectMapper().registerModule(AffiliateKitJson.module());
  private final TestClock clock = new TestClock(START);
  private final List<ProgramEvent> events = new ArrayList<>();
  private final AffiliateProgram program = AffiliateProgram.builder()
      .plan(CommissionPlan.builder()
          .rule(CommissionRule.percentage("creators", Rate.ofPercent(15))).build())
      .payoutRules(PayoutRules.minimums(usd("10.00")))
      .clock(clock)
      .listener(events::add)
      .build();

  private static Money usd(String amount) {
    return Money.parse("USD " + amount);
  }

  private Conversion order(String orderId, String visitorId, String productId, String amount) {
    return Conversion.builder(orderId, clock.instant(), usd(amount))
        .visitorId(visitorId)
        .lineItem(LineItem.of(productId, "SKIN_CARE", 1, usd(amount)))
        .build();
  }

  /**
   * Runs the story; the ledger's transactions are numbered 1 accrual for mia, 2 accrual for leo, 3
   * mia's refund, 4 the release, 5 leo's chargeback, 6 its reinstatement, 7 mia's batch, 8 its
   * settlement, 9 leo's batch and 10 its failure.
   */
  @BeforeEach
  void run() {
    program.enroll(AffiliateProfile.builder("mia").platform("instagram").followers(12_400)
        .build(), "GLOWWITHMIA");
    program.enroll(AffiliateProfile.of("leo"), "LEOSKIN", "LEO10");
    program.recordClick("visitor-1", "GLOWWITHMIA");
    program.recordConversion(order("order-1", "visitor-1", "serum-30ml", "400.00"));
    program.recordClick("visitor-2", "LEOSKIN");
    program.recordConversion(order("order-2", "visitor-2", "glow-kit", "200.00"));
    program.refund(Refund.partial("order-1", "rma-1", usd("100.00"), "one serum returned"));
    clock.set(RELEASED);
    program.release();
    program.refund(Refund.chargeback("order-2", "cb-1", "disputed"));
    program.chargebackWon("order-2", "cb-1", "dispute won: delivery confirmed");
    program.preparePayout("payout-mia", PayoutRules.minimums(usd("10.00"))
        .onlyAffiliates(Set.of("mia")));
    clock.set(PAID);
    program.settlePayout("payout-mia");
    program.preparePayout("payout-leo");
    program.failPayout("payout-leo", "paypal account closed");
  }

  /** Returns the events of a type, in the order told. */
  private <E extends ProgramEvent> List<E> all(Class<E> type) {
    List<E> found = new ArrayList<>();
    for (ProgramEvent event : events) {
      if (type.isInstance(event)) {
        found.add(type.cast(event));
      }
    }
    return found;
  }

  /** Returns the one event of a type. */
  private <E extends ProgramEvent> E only(Class<E> type) {
    List<E> found = all(type);
    assertThat(found).hasSize(1);
    return found.get(0);
  }

  private String write(ProgramEvent event) throws Exception {
    return mapper.writeValueAsString(event);
  }

  @Nested
  class Format {

    @Test
    void write_commissionAccrued_isTypeKeyAndComponentsInOrder() throws Exception {
      CommissionAccrued accrued = all(CommissionAccrued.class).get(0);

      // 15% of USD 400.00 = USD 60.00, held for mia under the item order:order-1/mia.
      assertThat(write(accrued)).isEqualTo("{\"type\":\"commissionAccrued\","
          + "\"key\":\"order:order-1\",\"affiliateId\":\"mia\",\"orderId\":\"order-1\","
          + "\"itemKey\":\"order:order-1/mia\",\"amount\":\"USD 60.00\","
          + "\"explanation\":\"rule creators matched serum-30ml: 15% of USD 400.00 "
          + "(items after discount) = USD 60.00\"}");
    }

    @Test
    void write_commissionAccrued_isTheJavadocExample() throws Exception {
      CommissionAccrued accrued = all(CommissionAccrued.class).get(0);
      // Verbatim from AffiliateKitJson's documentation.
      String documented = """
          {
            "type": "commissionAccrued",
            "key": "order:order-1",
            "affiliateId": "mia",
            "orderId": "order-1",
            "itemKey": "order:order-1/mia",
            "amount": "USD 60.00",
            "explanation":
                "rule creators matched serum-30ml: 15% of USD 400.00 (items after discount) = USD 60.00"
          }
          """;

      assertThat(write(accrued)).isEqualTo(mapper.readTree(documented).toString());
    }

    @Test
    void write_commissionReversed_namesKindAndReason() throws Exception {
      CommissionReversed reversed = all(CommissionReversed.class).get(0);

      // USD 100.00 of USD 400.00 refunded: mia loses 100/400 of USD 60.00 = USD 15.00.
      assertThat(write(reversed)).isEqualTo("{\"type\":\"commissionReversed\","
          + "\"key\":\"refund:order-1:rma-1\",\"affiliateId\":\"mia\",\"orderId\":\"order-1\","
          + "\"itemKey\":\"order:order-1/mia\",\"amount\":\"USD 15.00\",\"kind\":\"REFUND\","
          + "\"reason\":\"one serum returned\"}");
    }

    @Test
    void write_payoutSettled_holdsTheSettlementTransaction() throws Exception {
      // Mia's payable USD 60.00 - USD 15.00 = USD 45.00 is line 1 of the batch posted 7th, so
      // the line is 7-1; settling moves it from clearing to paid.
      assertThat(write(only(PayoutSettled.class))).isEqualTo("{\"type\":\"payoutSettled\","
          + "\"key\":\"settle:payout-mia\",\"batchKey\":\"payout-mia\",\"transaction\":{"
          + "\"v\":1,\"sequence\":8,\"key\":\"settle:payout-mia\","
          + "\"postedAt\":\"2026-04-02T12:00:00Z\",\"posting\":{\"type\":\"payoutSettlement\","
          + "\"batchKey\":\"payout-mia\",\"lineIds\":[]},\"entries\":["
          + "{\"kind\":\"PAYOUT_CLEARING\",\"owner\":\"mia\",\"amount\":\"USD -45.00\","
          + "\"reference\":\"7-1\"},"
          + "{\"kind\":\"PAID\",\"owner\":\"mia\",\"amount\":\"USD 45.00\","
          + "\"reference\":\"7-1\"}]}}");
    }

    @Test
    void write_affiliateEnrolled_hasProfileCodesAndStatus() throws Exception {
      AffiliateEnrolled mia = all(AffiliateEnrolled.class).get(0);
      AffiliateEnrolled leo = all(AffiliateEnrolled.class).get(1);

      assertThat(write(mia)).isEqualTo("{\"type\":\"affiliateEnrolled\",\"key\":\"enroll:mia\","
          + "\"enrollment\":{\"affiliateId\":\"mia\",\"profile\":{\"affiliateId\":\"mia\","
          + "\"tags\":[],\"platform\":\"instagram\",\"followers\":12400},"
          + "\"code\":\"GLOWWITHMIA\",\"codes\":[\"GLOWWITHMIA\"],\"status\":\"ACTIVE\"}}");
      assertThat(write(leo)).isEqualTo("{\"type\":\"affiliateEnrolled\",\"key\":\"enroll:leo\","
          + "\"enrollment\":{\"affiliateId\":\"leo\",\"profile\":{\"affiliateId\":\"leo\","
          + "\"tags\":[]},\"code\":\"LEOSKIN\",\"codes\":[\"LEOSKIN\",\"LEO10\"],"
          + "\"status\":\"ACTIVE\"}}");
    }

    @Test
    void write_enrollmentAndBatchAlone_asInTheirEvents_withoutPersonalData() throws Exception {
      AffiliateProgram shop = AffiliateProgram.builder()
          .plan(CommissionPlan.builder().rule(CommissionRule.percentage("base", Rate.ofPercent(10)))
              .build()).build();
      Enrollment ava = shop.enroll(new AffiliateIdentity("ava", AffiliateStatus.ACTIVE,
          Optional.of("cust-ava-77"), Optional.of("ava.private@example.com")),
          AffiliateProfile.of("ava"), "AVAGLOW");

      assertThat(mapper.writeValueAsString(ava)).isEqualTo("{\"affiliateId\":\"ava\","
          + "\"profile\":{\"affiliateId\":\"ava\",\"tags\":[]},\"code\":\"AVAGLOW\","
          + "\"codes\":[\"AVAGLOW\"],\"status\":\"ACTIVE\"}");
      PayoutPrepared prepared = all(PayoutPrepared.class).get(0);
      assertThat(mapper.readTree(mapper.writeValueAsString(prepared.batch())))
          .isEqualTo(mapper.readTree(write(prepared)).get("batch"));
    }

    @Test
    void write_payoutPrepared_hasTheBatchWithItsLines() throws Exception {
      PayoutPrepared mia = all(PayoutPrepared.class).get(0);

      assertThat(write(mia)).isEqualTo("{\"type\":\"payoutPrepared\",\"key\":\"payout-mia\","
          + "\"batch\":{\"key\":\"payout-mia\",\"sequence\":7,\"asOf\":\"2026-04-01T09:00:00Z\","
          + "\"lines\":[{\"id\":\"7-1\",\"affiliateId\":\"mia\",\"amount\":\"USD 45.00\"}]}}");
    }

    @Test
    void write_everyEvent_hasItsTypeAndKeyFirst() throws Exception {
      List<String> written = new ArrayList<>();
      for (ProgramEvent event : events) {
        JsonNode tree = mapper.readTree(write(event));
        List<String> fields = new ArrayList<>();
        tree.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).startsWith("type", "key");
        assertThat(tree.get("key").asText()).isEqualTo(event.key());
        written.add(tree.get("type").asText() + " " + tree.get("key").asText());
      }

      // Releases take the key release:<instant>; a won chargeback, chargeback-won:<order>:<id>.
      assertThat(written).containsExactly(
          "affiliateEnrolled enroll:mia",
          "affiliateEnrolled enroll:leo",
          "commissionAccrued order:order-1",
          "commissionAccrued order:order-2",
          "commissionReversed refund:order-1:rma-1",
          "commissionReleased release:2026-04-01T09:00:00Z",
          "commissionReleased release:2026-04-01T09:00:00Z",
          "commissionReversed chargeback:order-2:cb-1",
          "commissionReinstated chargeback-won:order-2:cb-1",
          "payoutPrepared payout-mia",
          "payoutSettled settle:payout-mia",
          "payoutPrepared payout-leo",
          "payoutFailed fail:payout-leo");
    }

    @Test
    void write_releasedReinstatedAndFailed_carryTheirComponents() throws Exception {
      JsonNode released = mapper.readTree(write(all(CommissionReleased.class).get(0)));
      JsonNode reinstated = mapper.readTree(write(only(CommissionReinstated.class)));
      JsonNode failed = mapper.readTree(write(only(PayoutFailed.class)));

      // The release makes mia's USD 60.00 - USD 15.00 = USD 45.00 payable.
      assertThat(released.toString()).isEqualTo("{\"type\":\"commissionReleased\","
          + "\"key\":\"release:2026-04-01T09:00:00Z\",\"affiliateId\":\"mia\","
          + "\"itemKey\":\"order:order-1/mia\",\"amount\":\"USD 45.00\"}");
      // Leo's 15% of USD 200.00 = USD 30.00, charged back in full and given back.
      assertThat(reinstated.toString()).isEqualTo("{\"type\":\"commissionReinstated\","
          + "\"key\":\"chargeback-won:order-2:cb-1\",\"affiliateId\":\"leo\","
          + "\"orderId\":\"order-2\",\"itemKey\":\"order:order-2/leo\",\"amount\":\"USD 30.00\","
          + "\"account\":\"PAYABLE\",\"reason\":\"dispute won: delivery confirmed\"}");
      assertThat(failed.get("batchKey").asText()).isEqualTo("payout-leo");
      assertThat(failed.get("reason").asText()).isEqualTo("paypal account closed");
      assertThat(failed.get("transaction").get("posting").get("type").asText())
          .isEqualTo("payoutFailure");
    }
  }

  @Nested
  class Transactions {

    @Test
    void write_settledAndFailed_transactionIsTheJournalLine() throws Exception {
      PayoutSettled settled = only(PayoutSettled.class);
      PayoutFailed failed = only(PayoutFailed.class);
      String settledLine = JournalJson.toJsonLines(List.of(settled.transaction())).strip();
      String failedLine = JournalJson.toJsonLines(List.of(failed.transaction())).strip();

      assertThat(write(settled)).isEqualTo("{\"type\":\"payoutSettled\","
          + "\"key\":\"settle:payout-mia\",\"batchKey\":\"payout-mia\",\"transaction\":"
          + settledLine + "}");
      assertThat(write(failed)).isEqualTo("{\"type\":\"payoutFailed\","
          + "\"key\":\"fail:payout-leo\",\"batchKey\":\"payout-leo\","
          + "\"reason\":\"paypal account closed\",\"transaction\":" + failedLine + "}");
      assertThat(settled.transaction()).isEqualTo(program.ledger().journal().get(7));
      assertThat(failed.transaction()).isEqualTo(program.ledger().journal().get(9));
    }

    @Test
    void write_settledTransaction_readsBackAsTheSameTransaction() throws Exception {
      PayoutSettled settled = only(PayoutSettled.class);
      String line = mapper.readTree(write(settled)).get("transaction").toString();

      assertThat(JournalJson.read(new StringReader(line)))
          .containsExactly(settled.transaction());
    }
  }

  @Nested
  class Typing {

    @Test
    void write_anyStaticType_givesTheSameText() throws Exception {
      for (ProgramEvent event : events) {
        String direct = write(event);

        assertThat(mapper.writerFor(ProgramEvent.class).writeValueAsString(event))
            .isEqualTo(direct);
        assertThat(mapper.writerFor(Object.class).writeValueAsString(event)).isEqualTo(direct);
        assertThat(mapper.writerFor(event.getClass()).writeValueAsString(event))
            .isEqualTo(direct);
      }
    }

    @Test
    void write_listOfEvents_writesEachInItsFormat() throws Exception {
      List<ProgramEvent> two =
          List.of(all(CommissionAccrued.class).get(0), all(CommissionReversed.class).get(0));

      String json = mapper.writeValueAsString(two);

      assertThat(json).isEqualTo("[" + write(two.get(0)) + "," + write(two.get(1)) + "]");
    }

    @Test
    void write_withPolymorphicTyping_putsTheTypeIdFirst() throws Exception {
      ObjectMapper typed = new ObjectMapper().registerModule(AffiliateKitJson.module())
          .activateDefaultTyping(BasicPolymorphicTypeValidator.builder()
                  .allowIfSubType("dev.affiliatekit.").build(),
              ObjectMapper.DefaultTyping.NON_FINAL, JsonTypeInfo.As.PROPERTY);

      for (ProgramEvent event : events) {
        String plain = write(event);

        String json = typed.writerFor(ProgramEvent.class).writeValueAsString(event);

        // The type id, then the event's own fields unchanged.
        assertThat(json).isEqualTo("{\"@class\":\"" + event.getClass().getName() + "\","
            + plain.substring(1));
      }
      String accrued =
          typed.writerFor(Object.class).writeValueAsString(all(CommissionAccrued.class).get(0));
      assertThat(accrued)
          .startsWith("{\"@class\":\"dev.affiliatekit.program.ProgramEvent$CommissionAccrued\","
              + "\"type\":\"commissionAccrued\",\"key\":\"order:order-1\",");
    }
  }
}
