package dev.affiliatekit.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affiliatekit.attribution.AttributionPolicy;
import dev.affiliatekit.attribution.AttributionWindow;
import dev.affiliatekit.attribution.TouchpointKind;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.program.ProgramSettings;
import dev.affiliatekit.testing.AttributionArbitraries;
import dev.affiliatekit.testing.CommissionArbitraries;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ProgramJsonProperties {

  /** Durations from a nanosecond to 10 years, whole days half of the time. */
  private static Arbitrary<Duration> durations() {
    return Arbitraries.oneOf(
        Arbitraries.longs().between(1, 3650).map(Duration::ofDays),
        Arbitraries.longs().between(1, 3650L * 86_400 * 1_000_000_000L).map(Duration::ofNanos));
  }

  private static Arbitrary<AttributionWindow> windows() {
    return Combinators.combine(durations().injectNull(0.3), durations().injectNull(0.3),
        durations().injectNull(0.3), durations().injectNull(0.7))
        .as((click, coupon, view, limit) -> {
          AttributionWindow.Builder window = AttributionWindow.builder();
          if (click != null) {
            window.lookback(TouchpointKind.CLICK, click);
          }
          if (coupon != null) {
            window.lookback(TouchpointKind.COUPON, coupon);
          }
          if (view != null) {
            window.lookback(TouchpointKind.VIEW, view);
          }
          if (limit != null) {
            window.maxSinceFirstReferral(limit);
          }
          return window.build();
        });
  }

  private static Arbitrary<List<Money>> minimums() {
    return Arbitraries.subsetOf(CurrencyUnit.USD, CurrencyUnit.EUR, CurrencyUnit.JPY)
        .flatMap(currencies -> {
          List<Arbitrary<Money>> amounts = new ArrayList<>();
          for (CurrencyUnit currency : currencies) {
            amounts.add(Arbitraries.longs().between(1, 1_000_000)
                .map(minor -> Money.ofMinor(minor, currency)));
          }
          return Combinators.combine(amounts).as(List::copyOf);
        });
  }

  @Provide
  Arbitrary<ProgramSettings> settings() {
    return Combinators.combine(CommissionArbitraries.plans(), windows(),
        AttributionArbitraries.models(), AttributionArbitraries.policies(),
        Arbitraries.oneOf(Arbitraries.just(Duration.ZERO), durations()), minimums())
        .as(ProgramSettings::new);
  }

  @Property
  void saveThenLoad_givesEqualSettings(@ForAll("settings") ProgramSettings settings) {
    String json = ProgramJson.toJson(settings);

    ProgramSettings loaded = ProgramJson.parse(json);

    assertThat(loaded).isEqualTo(settings);
    assertThat(ProgramJson.toJson(loaded)).isEqualTo(json);
  }

  @Property
  void save_writesAPolicyOnlyIfItIsNotTheDefault(@ForAll("settings") ProgramSettings settings) {
    String json = ProgramJson.toJson(settings);

    assertThat(json.contains("\n  \"policy\" : {"))
        .isEqualTo(!settings.policy().equals(AttributionPolicy.defaults()));
    assertThat(ProgramJson.toJson(settings.withPolicy(AttributionPolicy.defaults())))
        .doesNotContain("\"policy\"");
  }
}
