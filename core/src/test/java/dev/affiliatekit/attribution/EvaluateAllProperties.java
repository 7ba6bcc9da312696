package dev.affiliatekit.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.testing.AttributionArbitraries;
import dev.affiliatekit.testing.ForwardingTouchpointStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * {@link Attributor#evaluateAll} gives, for any store and list of conversions, the results that
 * {@link Attributor#evaluate} gives each conversion alone, in the list's order, whether the store
 * is the in-memory one, which it reads ahead in groups, or another; and it remembers nothing.
 */
class EvaluateAllProperties {

  private static final Instant NOW = Instant.parse("2026-03-31T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final AffiliateDirectory DIRECTORY = AttributionArbitraries.DIRECTORY;

  /** A touch: its visitor (of 40), affiliate, kind, seconds before now, and signed-in customer. */
  record Touch(int visitor, String affiliateId, TouchpointKind kind, long secondsBefore,
      int customer) {}

  /** A conversion: its visitor (-1 for none, 40 and up for one without touches), and so on. */
  record Order(int visitor, int coupon, int customer, long secondsBefore, long totalMinor) {}

  @Provide
  Arbitrary<List<Touch>> touches() {
    return Combinators.combine(Arbitraries.integers().between(0, 39),
            Arbitraries.of(AttributionArbitraries.AFFILIATES), Arbitraries.of(TouchpointKind.class),
            Arbitraries.longs().between(0, 50L * 86_400), Arbitraries.integers().between(0, 3))
        .as(Touch::new).list().ofMaxSize(200);
  }

  @Provide
  Arbitrary<List<Order>> orders() {
    return Combinators.combine(Arbitraries.integers().between(-1, 45),
            Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 3),
            Arbitraries.longs().between(0, 86_400), Arbitraries.longs().between(0, 1_000_000))
        .as(Order::new).list().ofMaxSize(70);
  }

  @Provide
  Arbitrary<AttributionModel> model() {
    return AttributionArbitraries.models();
  }

  @Provide
  Arbitrary<AttributionPolicy> policy() {
    return AttributionArbitraries.policies();
  }

  @Property(tries = 400)
  void evaluateAll_givesEachConversionsOwnResult_inOrder(@ForAll("touches") List<Touch> touches,
      @ForAll("orders") List<Order> orders, @ForAll("model") AttributionModel model,
      @ForAll("policy") AttributionPolicy policy) {
    TouchpointStore store = storeOf(touches);
    List<Conversion> conversions = new ArrayList<>();
    for (int i = 0; i < orders.size(); i++) {
      conversions.add(conversion(i, orders.get(i)));
    }

    for (TouchpointStore read : List.of(store, new ForwardingTouchpointStore(store))) {
      Attributor attributor = Attributor.builder(read, DIRECTORY).clock(CLOCK).model(model)
          .policy(policy).build();
      List<AttributionResult> one = new ArrayList<>();
      for (Conversion conversion : conversions) {
        one.add(attributor.evaluate(conversion));
      }

      List<AttributionResult> all = attributor.evaluateAll(conversions);

      assertThat(all).isEqualTo(one);
      // Nothing was remembered: the first attribution of each order is computed afresh, and no
      // customer is bound, which the results of the evaluations could have done.
      for (int i = 1; i <= 3; i++) {
        assertThat(attributor.binding("c" + i)).isEmpty();
      }
    }
  }

  /**
   * {@link Attributor#attributeAll} gives what attributing each conversion in turn gives, bindings
   * included, whatever the store: orders repeat, so that a later one returns the first result.
   */
  @Property(tries = 300)
  void attributeAll_givesWhatAttributingEachInTurnGives(@ForAll("touches") List<Touch> touches,
      @ForAll("orders") List<Order> orders, @ForAll("model") AttributionModel model,
      @ForAll("policy") AttributionPolicy policy) {
    TouchpointStore store = storeOf(touches);
    List<Conversion> conversions = new ArrayList<>();
    for (int i = 0; i < orders.size(); i++) {
      // Every third order id is taken again by the order after it.
      conversions.add(conversion(i % 3 == 1 ? i - 1 : i, orders.get(i)));
    }

    for (TouchpointStore read : List.of(store, new ForwardingTouchpointStore(store))) {
      Attributor oneByOne = Attributor.builder(read, DIRECTORY).clock(CLOCK).model(model)
          .policy(policy).build();
      List<AttributionResult> one = new ArrayList<>();
      for (Conversion conversion : conversions) {
        one.add(oneByOne.attribute(conversion));
      }
      Attributor batched = Attributor.builder(read, DIRECTORY).clock(CLOCK).model(model)
          .policy(policy).build();

      List<AttributionResult> all = batched.attributeAll(conversions);

      assertThat(all).isEqualTo(one);
      for (int i = 1; i <= 3; i++) {
        assertThat(batched.bindingHistory("c" + i)).isEqualTo(oneByOne.bindingHistory("c" + i));
      }
      for (Conversion conversion : conversions) {
        // Remembered: attributing again gives the first result, as for the one-by-one attributor.
        assertThat(batched.attribute(conversion)).isEqualTo(oneByOne.attribute(conversion));
      }
    }
  }

  private static TouchpointStore storeOf(List<Touch> touches) {
    TouchpointStore store = TouchpointStore.inMemory();
    for (Touch touch : touches) {
      Touchpoint.Builder builder = Touchpoint.builder(touch.kind(), "v" + touch.visitor(),
          touch.affiliateId(), NOW.minusSeconds(touch.secondsBefore()));
      if (touch.customer() > 1) {
        builder.customerId("c" + touch.customer());
      }
      store.record(builder.build());
    }
    return store;
  }

  private static Conversion conversion(int index, Order order) {
    Conversion.Builder builder = Conversion.builder("o" + index,
        NOW.minusSeconds(order.secondsBefore()), Money.ofMinor(order.totalMinor(), CurrencyUnit.USD));
    if (order.visitor() >= 0) {
      builder.visitorId("v" + order.visitor());
    }
    if (order.coupon() == 1) {
      builder.couponCode("BEN");
    } else if (order.coupon() == 2) {
      builder.couponCode("ANNA");
    }
    if (order.customer() > 0 || order.visitor() < 0) {
      // A conversion needs a visitor or a customer.
      builder.customerId("c" + Math.max(1, order.customer()));
    }
    return builder.build();
  }
}
