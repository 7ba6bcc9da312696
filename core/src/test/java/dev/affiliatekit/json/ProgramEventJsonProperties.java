package dev.affiliatekit.json;

import static dev.affiliatekit.money.CurrencyUnit.USD;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.LineItem;
import dev.affiliatekit.commission.AffiliateProfile;
import dev.affiliatekit.commission.CommissionPlan;
import dev.affiliatekit.commission.CommissionRule;
import dev.affiliatekit.ledger.PayoutBatch;
import dev.affiliatekit.ledger.PayoutRules;
import dev.affiliatekit.ledger.Transaction;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import dev.affiliatekit.program.AffiliateProgram;
import dev.affiliatekit.program.Enrollment;
import dev.affiliatekit.program.ProgramEvent;
import dev.affiliatekit.program.Refund;
import dev.affiliatekit.testing.TestClock;
import java.lang.reflect.RecordComponent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every event of a random program run writes as one JSON object whose fields are {@code type},
 * named after the record, then the record's components in order, each holding the component's
 * text, and whose transaction is the journal's line for it.
 */
class ProgramEventJsonProperties {

  private static final List<String> AFFILIATES = List.of("ann", "bob", "cy");

  private final ObjectMapper mapper = new ObjectMapper().registerModule(AffiliateKitJson.module());
  private final ObjectMapper strict =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  /** One step of a run, as numbers that pick among what exists when it runs. */
  record Step(int kind, int a, int b) {}

  @Provide
  Arbitrary<List<Step>> runs() {
    // Sales twice as often as anything else, so that runs have commissions to refund and pay.
    Arbitrary<Integer> kinds = Arbitraries.of(0, 1, 1, 2, 3, 4, 5, 6);
    return Combinators.combine(kinds, Arbitraries.integers().between(0, 99),
        Arbitraries.integers().between(0, 99))
        .as(Step::new).list().ofMinSize(10).ofMaxSize(40).withoutEdgeCases();
  }

  @Property(tries = 100)
  void everyEvent_writesItsTypeThenItsComponents(@ForAll("runs") List<Step> steps)
      throws Exception {
    List<ProgramEvent> events = run(steps);

    for (ProgramEvent event : events) {
      JsonNode tree = strict.readTree(mapper.writeValueAsString(event));

      List<String> expected = new ArrayList<>(List.of("type"));
      for (RecordComponent component : event.getClass().getRecordComponents()) {
        expected.add(component.getName());
      }
      List<String> fields = new ArrayList<>();
      tree.fieldNames().forEachRemaining(fields::add);
      assertThat(fields).containsExactlyElementsOf(expected);
      String name = event.getClass().getSimpleName();
      assertThat(tree.get("type").asText())
          .isEqualTo(Character.toLowerCase(name.charAt(0)) + name.substring(1));
      assertThat(tree.get("key").asText()).isEqualTo(event.key());
      for (RecordComponent component : event.getClass().getRecordComponents()) {
        check(tree.get(component.getName()), component.getAccessor().invoke(event));
      }
    }
  }

  private void check(JsonNode node, Object value) throws Exception {
    if (value instanceof Transaction transaction) {
      String line = JournalJson.toJsonLines(List.of(transaction));
      assertThat(node.toString() + "\n").isEqualTo(line);
      // Alone, as inside its event.
      assertThat(mapper.writeValueAsString(transaction) + "\n").isEqualTo(line);
    } else if (value instanceof PayoutBatch batch) {
      assertThat(node.get("key").asText()).isEqualTo(batch.key());
      assertThat(node.get("sequence").asLong()).isEqualTo(batch.sequence());
      assertThat(Instant.parse(node.get("asOf").asText())).isEqualTo(batch.asOf());
      List<String> lines = new ArrayList<>();
      node.get("lines").forEach(line -> lines.add(line.get("id").asText() + " "
          + line.get("affiliateId").asText() + " " + line.get("amount").asText()));
      assertThat(lines).containsExactlyElementsOf(batch.lines().stream()
          .map(line -> line.id() + " " + line.affiliateId() + " " + line.amount()).toList());
    } else if (value instanceof Enrollment enrollment) {
      assertThat(node.get("affiliateId").asText()).isEqualTo(enrollment.affiliateId());
      assertThat(node.get("profile").get("affiliateId").asText())
          .isEqualTo(enrollment.affiliateId());
      assertThat(node.get("code").asText()).isEqualTo(enrollment.code().toString());
      List<String> codes = new ArrayList<>();
      node.get("codes").forEach(code -> codes.add(code.asText()));
      assertThat(codes).containsExactlyElementsOf(
          enrollment.codes().stream().map(Object::toString).toList());
      assertThat(node.get("status").asText()).isEqualTo(enrollment.identity().status().name());
    } else if (value instanceof Enum<?> constant) {
      assertThat(node.asText()).isEqualTo(constant.name());
    } else {
      // Strings, and money in its text format, parsed back to the same amount.
      assertThat(node.isTextual()).isTrue();
      assertThat(node.asText()).isEqualTo(value.toString());
      if (value instanceof Money money) {
        assertThat(Money.parse(node.asText())).isEqualTo(money);
      }
    }
  }

  /** Runs the steps on a fresh 12.5% program and returns the events it told. */
  private static List<ProgramEvent> run(List<Step> steps) {
    TestClock clock = TestClock.at("2026-03-01T10:00:00Z");
    List<ProgramEvent> events = new ArrayList<>();
    AffiliateProgram program = AffiliateProgram.builder()
        .plan(CommissionPlan.builder()
            .rule(CommissionRule.percentage("base", Rate.parse("12.5%"))).build())
        .payoutRules(PayoutRules.minimums(Money.parse("USD 5.00")))
        .clock(clock)
        .listener(events::add)
        .build();
    program.enroll(AffiliateProfile.of("ann"), "ANNCODE");
    program.enroll(AffiliateProfile.builder("bob").tags("vegan", "skin")
        .platform("youtube").followers(900).build(), "BOBCODE", "BOB10");
    program.enroll(AffiliateProfile.builder("cy").parentId("ann").build(), "CYCODE");
    List<Conversion> orders = new ArrayList<>();
    Map<String, Long> refunded = new HashMap<>();
    Set<String> full = new HashSet<>();
    Map<String, String> chargebacks = new HashMap<>();
    int keys = 0;
    for (Step step : steps) {
      keys++;
      switch (step.kind()) {
        case 0 -> program.recordClick("v" + step.a() % 2,
            AFFILIATES.get(step.b() % AFFILIATES.size()).toUpperCase() + "CODE");
        case 1 -> {
          // A visitor buys for up to USD 723.69, most often straight after a click.
          if (step.b() % 4 != 0) {
            program.recordClick("v" + step.a() % 2,
                AFFILIATES.get(step.b() % AFFILIATES.size()).toUpperCase() + "CODE");
          }
          Money total = Money.ofMinor(step.b() * 731L, USD);
          Conversion order = Conversion.builder("o" + orders.size(), clock.instant(), total)
              .visitorId("v" + step.a() % 2).lineItem(LineItem.of("p", 1, total)).build();
          orders.add(order);
          program.recordConversion(order);
        }
        case 2 -> {
          if (orders.isEmpty()) {
            break;
          }
          Conversion order = orders.get(step.a() % orders.size());
          String id = order.orderId();
          long left = order.total().minorUnits() - refunded.getOrDefault(id, 0L);
          if (full.contains(id) || left <= 0) {
            break;
          }
          if (step.b() >= 70) {
            String refundId = "r" + keys;
            boolean chargeback = step.b() % 2 == 0;
            program.refund(chargeback ? Refund.chargeback(id, refundId, "disputed")
                : Refund.full(id, refundId, "cancelled"));
            if (chargeback) {
              chargebacks.put(id, refundId + " " + refunded.getOrDefault(id, 0L));
            }
            full.add(id);
            refunded.put(id, order.total().minorUnits());
          } else if (left * (step.b() + 1) / 100 > 0) {
            long cents = left * (step.b() + 1) / 100;
            program.refund(Refund.partial(id, "r" + keys, Money.ofMinor(cents, USD), "partial"));
            refunded.merge(id, cents, Long::sum);
          }
        }
        case 3 -> {
          if (chargebacks.isEmpty()) {
            break;
          }
          String id = chargebacks.keySet().stream().sorted().toList()
              .get(step.a() % chargebacks.size());
          String[] lost = chargebacks.remove(id).split(" ");
          program.chargebackWon(id, lost[0], "dispute won");
          full.remove(id);
          refunded.put(id, Long.parseLong(lost[1]));
        }
        case 4 -> clock.advance(Duration.ofDays(5 + step.a() % 40));
        case 5 -> program.release("release-" + keys);
        default -> {
          // A monthly run: release what the hold has freed, then pay it.
          program.release("release-" + keys);
          PayoutBatch batch = program.preparePayout("payout-" + keys);
          if (batch.lines().isEmpty()) {
            break;
          }
          if (step.a() % 2 == 0) {
            program.settlePayout(batch.key());
          } else {
            program.failPayout(batch.key(), "bounced");
          }
        }
      }
    }
    return events;
  }
}
