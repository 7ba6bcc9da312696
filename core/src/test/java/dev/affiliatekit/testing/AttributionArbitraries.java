package dev.affiliatekit.testing;

import dev.affiliatekit.attribution.AffiliateDirectory;
import dev.affiliatekit.attribution.AffiliateIdentity;
import dev.affiliatekit.attribution.AffiliateStatus;
import dev.affiliatekit.attribution.AttributionModel;
import dev.affiliatekit.attribution.AttributionPolicy;
import dev.affiliatekit.attribution.TouchpointKind;
import dev.affiliatekit.money.Rate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** Generators for attribution: models, policies, lookbacks and touch journeys. */
public final class AttributionArbitraries {

  /** The affiliates a generated journey uses; the last one is unknown to the test directories. */
  public static final List<String> AFFILIATES = List.of("anna", "ben", "carla", "dora", "zed");

  /**
   * A directory of the generated affiliates but the last: Anna, active and the shop's customer
   * {@code c2}; Ben, active; Carla, banned; Dora, inactive; each with a code of her name.
   */
  public static final AffiliateDirectory DIRECTORY = AffiliateDirectory.builder()
      .add(AffiliateIdentity.active("anna").withCustomer("c2", "anna@example.com"), "ANNA")
      .add(AffiliateIdentity.active("ben"), "BEN")
      .add(AffiliateIdentity.active("carla").withStatus(AffiliateStatus.BANNED), "CARLA")
      .add(AffiliateIdentity.active("dora").withStatus(AffiliateStatus.INACTIVE), "DORA")
      .build();

  private AttributionArbitraries() {}

  /**
   * A touch of a generated journey, described relative to the conversion.
   *
   * @param secondsBefore how long before the conversion it happened; negative if after
   * @param affiliateId the affiliate
   * @param kind the kind of touch
   * @param visitor 0 for the converting visitor, 1 for the customer's other device
   */
  public record TouchSpec(long secondsBefore, String affiliateId, TouchpointKind kind, int visitor) {}

  /** {@return every kind of model, with varied parameters} */
  public static Arbitrary<AttributionModel> models() {
    Arbitrary<AttributionModel> decay = Arbitraries.longs().between(1, 60 * 24 * 3600L)
        .map(seconds -> AttributionModel.timeDecay(Duration.ofSeconds(seconds)));
    Arbitrary<AttributionModel> custom = Combinators.combine(
        Arbitraries.integers().between(0, 100), Arbitraries.integers().between(0, 100),
        Arbitraries.integers().between(1, 100))
        .as((first, middle, last) -> AttributionModel.custom(first, middle, last));
    Arbitrary<AttributionModel> split = Combinators.combine(
        Arbitraries.integers().between(0, 50), Arbitraries.integers().between(0, 50))
        .as((first, last) -> AttributionModel.splitWithBonuses(Rate.ofPercent(first), Rate.ofPercent(last)));
    return Arbitraries.oneOf(
        Arbitraries.of(AttributionModel.lastTouch(), AttributionModel.firstTouch(),
            AttributionModel.linear(), AttributionModel.timeDecay(), AttributionModel.positionBased(),
            AttributionModel.jShaped(), AttributionModel.inverseJShaped()),
        decay, custom, split);
  }

  /**
   * {@return every kind of policy: each rule on and off, bindings for ever and with an expiry, and
   * clock skews from none to the longest duration}
   */
  public static Arbitrary<AttributionPolicy> policies() {
    Arbitrary<Duration> lengths = Arbitraries.oneOf(
        Arbitraries.longs().between(1, 3650).map(Duration::ofDays),
        Arbitraries.longs().between(1, Long.MAX_VALUE).map(Duration::ofNanos),
        Arbitraries.just(Duration.ofSeconds(Long.MAX_VALUE, 999_999_999)));
    Arbitrary<Duration> skews = Arbitraries.oneOf(
        Arbitraries.of(Duration.ZERO, AttributionPolicy.defaults().maxClockSkew()), lengths);
    return Combinators.combine(Arbitraries.of(true, false), Arbitraries.of(true, false),
        lengths.injectNull(0.5), Arbitraries.of(AttributionPolicy.ClickLock.class),
        Arbitraries.of(true, false), Arbitraries.of(true, false), skews)
        .as((coupon, binding, expiry, lock, merge, self, skew) -> new AttributionPolicy(coupon,
            binding, binding ? Optional.ofNullable(expiry) : Optional.empty(), lock, merge, self,
            skew));
  }

  /** {@return a touch from 40 days before to 1 day after the conversion, of any kind} */
  public static Arbitrary<TouchSpec> touches() {
    return Combinators.combine(
        Arbitraries.longs().between(-86_400, 40 * 86_400L)
            .edgeCases(edges -> edges.add(0L).add(30 * 86_400L).add(30 * 86_400L + 1)),
        Arbitraries.of(AFFILIATES),
        Arbitraries.of(TouchpointKind.class),
        Arbitraries.integers().between(0, 1))
        .as(TouchSpec::new);
  }

  /** {@return journeys of 0 to 12 touches} */
  public static Arbitrary<List<TouchSpec>> journeys() {
    return touches().list().ofMaxSize(12);
  }

  /** {@return journeys of 1 to 12 touches at distinct instants} */
  public static Arbitrary<List<TouchSpec>> distinctJourneys() {
    return touches().list().ofMinSize(1).ofMaxSize(12).uniqueElements(TouchSpec::secondsBefore);
  }
}
