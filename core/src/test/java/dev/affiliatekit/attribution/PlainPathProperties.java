package dev.affiliatekit.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.common.collect.Lists;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.testing.AttributionArbitraries;
import dev.affiliatekit.testing.AttributionArbitraries.TouchSpec;
import dev.affiliatekit.testing.ForwardingTouchpointStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The plain path of the stock attributor (a visitor's touches read from the in-memory store, the
 * window and the affiliates' statuses) gives exactly the result of the general rules, which the
 * same attributor applies with the plain path turned off, and which it applies over touch objects
 * when the store is not the in-memory one, even one that gives them out of order.
 */
class PlainPathProperties {

  private static final Instant CONVERSION = Instant.parse("2026-03-31T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(CONVERSION, ZoneOffset.UTC);
  private static final AffiliateDirectory DIRECTORY = AttributionArbitraries.DIRECTORY;

  @Provide
  Arbitrary<AttributionModel> model() {
    return AttributionArbitraries.models();
  }

  /** Journeys of up to 40 touches, so that the general rules' guard map for many is used too. */
  @Provide
  Arbitrary<List<TouchSpec>> journey() {
    return Arbitraries.oneOf(AttributionArbitraries.journeys(),
        AttributionArbitraries.touches().list().ofMinSize(13).ofMaxSize(40));
  }

  @Provide
  Arbitrary<AttributionPolicy> policy() {
    return Arbitraries.of(AttributionPolicy.defaults(),
        AttributionPolicy.builder().mergeRepeatedTouches(false).build(),
        AttributionPolicy.builder().clickLock(AttributionPolicy.ClickLock.FIRST_CLICK_LOCK).build(),
        AttributionPolicy.builder().clickLock(AttributionPolicy.ClickLock.FIRST_CLICK_LOCK)
            .mergeRepeatedTouches(false).couponBeatsLinks(false).build(),
        AttributionPolicy.builder().allowSelfReferral(true).lifetimeBinding().build());
  }

  @Provide
  Arbitrary<AttributionWindow> window() {
    return Arbitraries.of(AttributionWindow.standard(),
        AttributionWindow.ofClicks(Duration.ofDays(7)),
        AttributionWindow.builder().lookback(TouchpointKind.VIEW, Duration.ofDays(35))
            .lookback(TouchpointKind.COUPON, Duration.ofSeconds(1)).build());
  }

  /** A conversion of visitor v1 with nothing else, or with a coupon, or with a customer. */
  @Provide
  Arbitrary<Conversion> conversion() {
    Arbitrary<Money> total = Arbitraries.longs().between(0, 10_000_000L)
        .map(minor -> Money.ofMinor(minor, dev.affiliatekit.money.CurrencyUnit.USD));
    Arbitrary<Integer> variant = Arbitraries.integers().between(0, 3);
    return total.flatMap(amount -> variant.map(kind -> {
      Conversion.Builder builder = Conversion.builder("o1", CONVERSION, amount).visitorId("v1");
      if (kind == 1) {
        builder.couponCode("BEN");
      } else if (kind == 2) {
        builder.couponCode("NOBODY");
      } else if (kind == 3) {
        builder.customerId("c1");
      }
      return builder.build();
    }));
  }

  private static TouchpointStore storeOf(List<TouchSpec> journey) {
    TouchpointStore store = TouchpointStore.inMemory();
    for (TouchSpec spec : journey) {
      Touchpoint.Builder builder = Touchpoint.builder(spec.kind(),
          spec.visitor() == 0 ? "v1" : "v2", spec.affiliateId(),
          CONVERSION.minusSeconds(spec.secondsBefore()));
      // The other device is signed in as the buyer; the converting one, at times, as Anna.
      if (spec.visitor() == 1) {
        builder.customerId("c1");
      } else if (spec.secondsBefore() % 2 == 0) {
        builder.customerId("c2");
      }
      store.record(builder.build());
    }
    return store;
  }

  private static Attributor attributor(TouchpointStore store, AttributionWindow window,
      AttributionModel model, AttributionPolicy policy, boolean plainPath) {
    return new DefaultAttributor(store, DIRECTORY, window, model, policy, CLOCK,
        Attributor.Builder.DEFAULT_REMEMBERED_ORDERS, List.of(), List.of(), plainPath);
  }

  /** A store that is not the in-memory one to the attributor, which then reads touch objects. */
  private static TouchpointStore opaque(TouchpointStore store) {
    return new ForwardingTouchpointStore(store);
  }

  /** Such a store that gives a visitor's touches newest first, which the attributor sorts. */
  private static TouchpointStore newestFirst(TouchpointStore store) {
    return new ForwardingTouchpointStore(store) {
      @Override
      public List<Touchpoint> touchpoints(String visitorId) {
        return Lists.reverse(super.touchpoints(visitorId));
      }
    };
  }


  @Property(tries = 2000)
  void plainPath_equalsTheGeneralRules(@ForAll("journey") List<TouchSpec> journey,
      @ForAll("model") AttributionModel model, @ForAll("policy") AttributionPolicy policy,
      @ForAll("window") AttributionWindow window, @ForAll("conversion") Conversion conversion) {
    TouchpointStore store = storeOf(journey);
    AttributionResult plain = attributor(store, window, model, policy, true).evaluate(conversion);
    AttributionResult general = attributor(store, window, model, policy, false)
        .evaluate(conversion);
    AttributionResult objects = attributor(opaque(store), window, model, policy, true)
        .evaluate(conversion);
    AttributionResult unsorted = attributor(newestFirst(store), window, model, policy, true)
        .evaluate(conversion);
    assertThat(plain).isEqualTo(general).isEqualTo(objects).isEqualTo(unsorted);
    assertThat(plain.hashCode()).isEqualTo(general.hashCode()).isEqualTo(objects.hashCode());
    assertThat(plain.toString()).isEqualTo(general.toString()).isEqualTo(objects.toString());
    assertThat(plain.describe()).isEqualTo(general.describe());
  }

  @Property(tries = 300)
  void explanation_listsEveryTouchOnce_andReadsTheSameTwice(
      @ForAll("journey") List<TouchSpec> journey, @ForAll("model") AttributionModel model,
      @ForAll("policy") AttributionPolicy policy) {
    Conversion conversion = Conversion.builder("o1", CONVERSION, Money.parse("USD 10.00"))
        .visitorId("v1").build();
    AttributionResult result = attributor(storeOf(journey), AttributionWindow.standard(), model,
        policy, true).evaluate(conversion);
    Explanation explanation = result.explanation();
    long visitorTouches = journey.stream().filter(spec -> spec.visitor() == 0).count();
    assertThat(explanation.eligible().size() + explanation.excluded().size())
        .isEqualTo(visitorTouches);
    assertThat(List.copyOf(explanation.eligible())).isEqualTo(explanation.eligible());
    assertThat(List.copyOf(explanation.excluded())).isEqualTo(explanation.excluded());
    for (Credit credit : result.credits()) {
      assertThat(explanation.eligible()).containsAll(credit.touchpoints());
    }
  }
}
