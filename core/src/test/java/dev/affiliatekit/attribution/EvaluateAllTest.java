package dev.affiliatekit.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affiliatekit.money.Money;
import dev.affiliatekit.testing.ForwardingTouchpointStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Worked examples of {@link Attributor#evaluateAll}. */
class EvaluateAllTest {

  private static final Instant NOW = Instant.parse("2026-03-31T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final AffiliateDirectory DIRECTORY = AffiliateDirectory.builder()
      .add(AffiliateIdentity.active("anna"), "ANNA")
      .add(AffiliateIdentity.active("ben"), "BEN")
      .build();

  private static Conversion order(String orderId, String visitorId) {
    return Conversion.builder(orderId, NOW, Money.parse("USD 40.00")).visitorId(visitorId).build();
  }

  @Test
  void evaluateAll_creditsEachConversionByItsOwnVisitor_inTheListsOrder() {
    TouchpointStore store = TouchpointStore.inMemory();
    Attributor attributor = Attributor.builder(store, DIRECTORY).clock(CLOCK).build();
    attributor.record(Touchpoint.click("v-anna", "anna", NOW.minus(Duration.ofDays(2))));
    attributor.record(Touchpoint.click("v-ben", "ben", NOW.minus(Duration.ofDays(1))));
    attributor.record(Touchpoint.click("v-old", "ben", NOW.minus(Duration.ofDays(45))));
    List<Conversion> conversions = List.of(order("o1", "v-ben"), order("o2", "v-anna"),
        order("o3", "v-old"), order("o4", "v-nobody"), order("o5", "v-ben"));

    List<AttributionResult> results = attributor.evaluateAll(conversions);

    assertThat(results).extracting(result -> result.conversion().orderId())
        .containsExactly("o1", "o2", "o3", "o4", "o5");
    assertThat(results).extracting(result -> result.isCredited() ? credited(result) : "nobody")
        .containsExactly("ben", "anna", "nobody", "nobody", "ben");
    assertThat(results.get(0).credits().get(0).amount()).isEqualTo(Money.parse("USD 40.00"));
    assertThatThrownBy(() -> results.add(results.get(0)))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThat(attributor.evaluateAll(List.of())).isEmpty();
  }

  private static String credited(AttributionResult result) {
    return result.credits().get(0).affiliateId();
  }

  @Test
  void evaluateAll_namesTheIndexOfANullConversion_forEveryAttributor() {
    TouchpointStore store = TouchpointStore.inMemory();
    List<Conversion> withNull = Arrays.asList(order("o1", "v1"), null);
    for (TouchpointStore read : List.of(store, new ForwardingTouchpointStore(store))) {
      Attributor attributor = Attributor.builder(read, DIRECTORY).clock(CLOCK).build();
      assertThatThrownBy(() -> attributor.evaluateAll(withNull))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("conversions contains null at index 1");
      assertThatThrownBy(() -> attributor.evaluateAll(null))
          .isInstanceOf(NullPointerException.class).hasMessage("conversions");
    }
  }

  @Test
  void evaluateAll_refusesAConversionBeyondTheClockSkew_andRemembersNothing() {
    TouchpointStore store = TouchpointStore.inMemory();
    Attributor attributor = Attributor.builder(store, DIRECTORY).clock(CLOCK)
        .policy(AttributionPolicy.builder().lifetimeBinding().build()).build();
    attributor.record(Touchpoint.click("v1", "anna", NOW.minusSeconds(60)));
    Conversion bound = Conversion.builder("o1", NOW, Money.parse("USD 40.00")).visitorId("v1")
        .customerId("c1").build();
    Conversion future = Conversion.builder("o2", NOW.plus(Duration.ofDays(1)),
        Money.parse("USD 40.00")).visitorId("v1").build();

    assertThatThrownBy(() -> attributor.evaluateAll(List.of(bound, future)))
        .isInstanceOf(InstantInFutureException.class)
        .hasMessageContaining("conversion instant");
    assertThat(attributor.binding("c1")).isEmpty();
    // The order was not remembered: attributing it now binds the customer.
    assertThat(credited(attributor.attribute(bound))).isEqualTo("anna");
    assertThat(attributor.binding("c1")).isPresent();
  }

  /** An attributor that has only the interface's defaults of the batch calls. */
  private static Attributor withDefaults(Attributor stock) {
    return new Attributor() {
      @Override
      public long record(Touchpoint touchpoint) {
        return stock.record(touchpoint);
      }

      @Override
      public AttributionResult attribute(Conversion conversion) {
        return stock.attribute(conversion);
      }

      @Override
      public AttributionResult evaluate(Conversion conversion) {
        return stock.evaluate(conversion);
      }

      @Override
      public java.util.Optional<CustomerBinding> binding(String customerId) {
        return stock.binding(customerId);
      }

      @Override
      public void forgetVisitor(String visitorId) {
        stock.forgetVisitor(visitorId);
      }

      @Override
      public java.util.Set<String> forgetCustomer(String customerId) {
        return stock.forgetCustomer(customerId);
      }

      @Override
      public AttributionWindow window() {
        return stock.window();
      }

      @Override
      public AttributionModel model() {
        return stock.model();
      }

      @Override
      public AttributionPolicy policy() {
        return stock.policy();
      }
    };
  }

  @Test
  void attributeAll_refusesABatchWithAConversionBeyondTheClockSkew_beforeAttributingAny() {
    for (boolean stock : List.of(true, false)) {
      TouchpointStore store = TouchpointStore.inMemory();
      Attributor built = Attributor.builder(store, DIRECTORY).clock(CLOCK)
          .policy(AttributionPolicy.builder().lifetimeBinding().build()).build();
      Attributor attributor = stock ? built : withDefaults(built);
      attributor.record(Touchpoint.click("v1", "anna", NOW.minusSeconds(60)));
      Conversion bound = Conversion.builder("o1", NOW, Money.parse("USD 40.00")).visitorId("v1")
          .customerId("c1").build();
      Conversion future = Conversion.builder("o2", NOW.plus(Duration.ofDays(1)),
          Money.parse("USD 40.00")).visitorId("v1").build();

      assertThatThrownBy(() -> attributor.attributeAll(List.of(bound, future)))
          .isInstanceOf(InstantInFutureException.class)
          .hasMessageContaining("conversion instant");

      if (!stock) {
        // The default attributes each in turn, as documented: the first was attributed.
        assertThat(attributor.binding("c1")).isPresent();
        continue;
      }
      assertThat(attributor.binding("c1")).isEmpty();
      // Not remembered either: a click recorded since then decides the order now.
      attributor.record(Touchpoint.click("v1", "ben", NOW.minusSeconds(30)));
      assertThat(credited(attributor.attribute(bound))).isEqualTo("ben");
      assertThat(attributor.attributeAll(List.of(bound))).extracting(EvaluateAllTest::credited)
          .containsExactly("ben");
      assertThatThrownBy(() -> attributor.attributeAll(Arrays.asList(bound, null)))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("conversions contains null at index 1");
    }
  }

  /** A clock that gives its first reading {@code first} times, then one an hour earlier. */
  private static Clock steppingBack(int first) {
    return new Clock() {
      private int reads;

      @Override
      public Instant instant() {
        return reads++ < first ? NOW : NOW.minus(Duration.ofHours(1));
      }

      @Override
      public java.time.ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        throw new UnsupportedOperationException();
      }
    };
  }

  @Test
  void attributeAll_attributesEveryConversionItChecked_whenTheClockStepsBackMeanwhile() {
    TouchpointStore store = TouchpointStore.inMemory();
    store.record(Touchpoint.click("v1", "anna", NOW.minus(Duration.ofHours(5))));
    Attributor attributor = Attributor.builder(store, DIRECTORY).clock(steppingBack(1))
        .policy(AttributionPolicy.builder().lifetimeBinding().build()).build();
    Conversion early = Conversion.builder("o1", NOW.minus(Duration.ofHours(3)),
        Money.parse("USD 40.00")).visitorId("v1").customerId("c1").build();
    Conversion late = Conversion.builder("o2", NOW.minusSeconds(60), Money.parse("USD 40.00"))
        .visitorId("v1").customerId("c2").build();

    List<AttributionResult> results = attributor.attributeAll(List.of(early, late));

    // Checked and attributed under the one reading of the clock, which found both in time.
    assertThat(results).extracting(EvaluateAllTest::credited).containsExactly("anna", "anna");
    assertThat(attributor.binding("c1")).isPresent();
    assertThat(attributor.binding("c2")).isPresent();
  }

  @Test
  void attributeAll_givesTheFirstResultOfARememberedOrTwiceNamedOrder_withoutCheckingItAgain() {
    TouchpointStore store = TouchpointStore.inMemory();
    Attributor attributor = Attributor.builder(store, DIRECTORY).clock(CLOCK).build();
    attributor.record(Touchpoint.click("v1", "anna", NOW.minusSeconds(120)));
    Conversion first = Conversion.builder("o1", NOW.minusSeconds(60), Money.parse("USD 40.00"))
        .visitorId("v1").build();
    Conversion again = Conversion.builder("o1", NOW.plus(Duration.ofHours(1)),
        Money.parse("USD 99.00")).visitorId("v1").build();
    AttributionResult remembered = attributor.attribute(first);
    assertThat(attributor.attribute(again)).isSameAs(remembered);

    assertThat(attributor.attributeAll(List.of(again))).singleElement().isSameAs(remembered);

    Conversion other = Conversion.builder("o2", NOW.minusSeconds(60), Money.parse("USD 40.00"))
        .visitorId("v1").build();
    Conversion otherAgain = Conversion.builder("o2", NOW.plus(Duration.ofHours(1)),
        Money.parse("USD 99.00")).visitorId("v1").build();
    List<AttributionResult> batch = attributor.attributeAll(List.of(other, otherAgain));
    assertThat(batch.get(1)).isSameAs(batch.get(0));
    assertThat(batch.get(0).conversion().total()).isEqualTo(Money.parse("USD 40.00"));
  }

  @Test
  void theDefaults_giveWhatTheStockAttributorGives() {
    TouchpointStore store = TouchpointStore.inMemory();
    Attributor stock = Attributor.builder(store, DIRECTORY).clock(CLOCK).build();
    stock.record(Touchpoint.click("v1", "anna", NOW.minusSeconds(60)));
    stock.record(Touchpoint.click("v2", "ben", NOW.minusSeconds(60)));
    List<Conversion> conversions = List.of(order("o1", "v1"), order("o2", "v2"),
        order("o3", "v3"));
    Attributor defaults = withDefaults(
        Attributor.builder(store, DIRECTORY).clock(CLOCK).build());

    assertThat(defaults.evaluateAll(conversions)).isEqualTo(stock.evaluateAll(conversions));
    assertThat(defaults.attributeAll(conversions)).isEqualTo(stock.attributeAll(conversions))
        .extracting(result -> result.isCredited() ? credited(result) : "nobody")
        .containsExactly("anna", "ben", "nobody");
  }

  /**
   * Reading ahead takes no lock: visitors recorded meanwhile on another thread grow and rebuild
   * every stripe's table and arena under it, and each result stays the one the visitor's own
   * lookup gives.
   */
  @Test
  void evaluateAll_readsAheadSafely_whileAnotherThreadGrowsTheStore() throws Exception {
    TouchpointStore store = TouchpointStore.inMemory();
    Attributor attributor = Attributor.builder(store, DIRECTORY).clock(CLOCK).build();
    List<Conversion> conversions = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      attributor.record(Touchpoint.click("v" + i, i % 3 == 0 ? "anna" : "ben",
          NOW.minusSeconds(60 + i)));
      conversions.add(order("o" + i, "v" + i));
    }
    List<AttributionResult> expected = new ArrayList<>();
    for (Conversion conversion : conversions) {
      expected.add(attributor.evaluate(conversion));
    }
    AtomicBoolean done = new AtomicBoolean();
    ExecutorService writer = Executors.newSingleThreadExecutor();
    try {
      Future<?> growing = writer.submit(() -> {
        for (int i = 0; i < 300_000 && !done.get(); i++) {
          store.record(Touchpoint.click("w" + i, "anna", NOW.minusSeconds(i % 86_400)));
        }
      });
      int rounds = 0;
      while (!growing.isDone() || rounds < 20) {
        assertThat(attributor.evaluateAll(conversions)).isEqualTo(expected);
        rounds++;
      }
      growing.get();
      assertThat(store.size()).isGreaterThan(200);
    } finally {
      done.set(true);
      writer.shutdown();
      assertThat(writer.awaitTermination(1, TimeUnit.MINUTES)).isTrue();
    }
  }
}
