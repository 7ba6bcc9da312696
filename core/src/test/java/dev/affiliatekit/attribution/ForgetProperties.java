package dev.affiliatekit.attribution;

import static dev.affiliatekit.testing.AttributionArbitraries.DIRECTORY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.affiliatekit.money.Money;
import dev.affiliatekit.testing.AttributionArbitraries;
import dev.affiliatekit.testing.AttributionArbitraries.TouchSpec;
import dev.affiliatekit.testing.ForwardingTouchpointStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Forgetting a visitor or a customer leaves the attributor deciding as if their touches had never
 * been recorded, whatever the model and policy.
 */
class ForgetProperties {

  private static final Instant AT = Instant.parse("2026-03-31T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(AT.plusSeconds(86_400), ZoneOffset.UTC);
  private static final int VISITORS = 3;

  /**
   * Touch {@code i} of the journey is made by visitor {@code i % 3}; those of visitor 2 are made
   * signed in as customer {@code c1}, whose conversions read that visitor's touches too.
   */
  private static Touchpoint touch(List<TouchSpec> journey, int i) {
    TouchSpec spec = journey.get(i);
    int visitor = i % VISITORS;
    Touchpoint.Builder builder = Touchpoint.builder(spec.kind(), "v" + visitor, spec.affiliateId(),
        AT.minusSeconds(spec.secondsBefore()));
    return visitor == 2 ? builder.customerId("c1").build() : builder.build();
  }

  /**
   * One conversion of each visitor, one of customer c1 on visitor 2, and one of customer c2 on
   * visitor 0, which c1's touches are not made on.
   */
  private static List<Conversion> conversions() {
    List<Conversion> conversions = new ArrayList<>();
    for (int visitor = 0; visitor < VISITORS; visitor++) {
      conversions.add(Conversion.builder("o" + visitor, AT, Money.parse("USD 100.00"))
          .visitorId("v" + visitor).build());
    }
    conversions.add(Conversion.builder("o-c1", AT, Money.parse("USD 100.00"))
        .visitorId("v2").customerId("c1").build());
    conversions.add(Conversion.builder("o-c2", AT, Money.parse("USD 100.00"))
        .visitorId("v0").customerId("c2").build());
    return conversions;
  }

  @Property(tries = 300)
  void forgettingAVisitor_isAsIfTheirTouchesHadNeverBeenRecorded(
      @ForAll("models") AttributionModel model, @ForAll("policies") AttributionPolicy policy,
      @ForAll("journeys") List<TouchSpec> journey, @ForAll @IntRange(max = 2) int forgotten,
      @ForAll boolean stockStore) {
    String visitor = "v" + forgotten;
    // Only conversions that name no customer first: a binding the customer's conversions made is
    // the customer's, and forgetting a visitor keeps it.
    assertAsIfNeverRecorded(model, policy, journey, stockStore, false,
        attributor -> attributor.forgetVisitor(visitor),
        touch -> touch.visitorId().equals(visitor));
  }

  @Property(tries = 300)
  void forgettingACustomer_isAsIfTheirDevicesTouchesHadNeverBeenRecorded(
      @ForAll("models") AttributionModel model, @ForAll("policies") AttributionPolicy policy,
      @ForAll("journeys") List<TouchSpec> journey, @ForAll boolean stockStore) {
    assertAsIfNeverRecorded(model, policy, journey, stockStore, true,
        attributor -> attributor.forgetCustomer("c1"),
        touch -> touch.visitorId().equals("v2"));
  }

  /**
   * Records the journey into one attributor and forgets, and into another without the touches
   * that go, then checks that both decide every conversion alike: the same credits, and the same
   * touches in their explanations but for their sequence numbers, which the touches that went
   * took in the first. The first attributes the conversions before it forgets, those that name a
   * customer too if {@code customersFirst}.
   */
  private static void assertAsIfNeverRecorded(AttributionModel model, AttributionPolicy policy,
      List<TouchSpec> journey, boolean stockStore, boolean customersFirst,
      Consumer<Attributor> forget, Predicate<Touchpoint> goes) {
    TouchpointStore all = TouchpointStore.inMemory();
    TouchpointStore kept = TouchpointStore.inMemory();
    for (int i = 0; i < journey.size(); i++) {
      Touchpoint touch = touch(journey, i);
      all.record(touch);
      if (!goes.test(touch)) {
        kept.record(touch);
      }
    }
    Attributor forgetting = attributor(stockStore ? all : new ForwardingTouchpointStore(all),
        model, policy);
    Attributor neverSaw = attributor(kept, model, policy);
    // Remembered before, so that forgetting must drop what names the touches that go.
    forgetting.attributeAll(conversions().stream()
        .filter(conversion -> customersFirst || conversion.customerId().isEmpty()).toList());

    forget.accept(forgetting);

    assertThat(all.size()).isEqualTo(kept.size());
    for (Conversion conversion : conversions()) {
      assertThat(summary(forgetting.attribute(conversion)))
          .isEqualTo(summary(neverSaw.attribute(conversion)));
    }
  }

  private static Attributor attributor(TouchpointStore store, AttributionModel model,
      AttributionPolicy policy) {
    return Attributor.builder(store, DIRECTORY).clock(CLOCK).model(model).policy(policy).build();
  }

  /** {@return the result's credits and explanation, with its touches' sequence numbers left out} */
  private static List<String> summary(AttributionResult result) {
    List<String> lines = new ArrayList<>();
    lines.add(result instanceof NoCredit none ? "no credit " + none.reason() : "credited");
    for (Credit credit : result.credits()) {
      lines.add(credit.affiliateId() + " " + credit.share() + " " + credit.amount() + " "
          + credit.basis() + " " + credit.touchpoints().stream().map(ForgetProperties::unnumbered)
          .toList());
    }
    Explanation explanation = result.explanation();
    explanation.eligible().forEach(touch -> lines.add("eligible " + unnumbered(touch)));
    explanation.excluded().forEach(exclusion -> lines.add("excluded "
        + unnumbered(exclusion.touchpoint()) + " " + exclusion.reason()));
    lines.addAll(explanation.notes());
    return lines;
  }

  private static String unnumbered(Touchpoint touch) {
    return touch.withSequence(0).toString();
  }

  @Provide
  Arbitrary<AttributionModel> models() {
    return AttributionArbitraries.models();
  }

  @Provide
  Arbitrary<AttributionPolicy> policies() {
    return AttributionArbitraries.policies();
  }

  @Provide
  Arbitrary<List<TouchSpec>> journeys() {
    return AttributionArbitraries.touches().list().ofMaxSize(15);
  }
}
