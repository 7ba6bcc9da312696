package dev.affiliatekit.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affiliatekit.attribution.AttributionPolicy;
import dev.affiliatekit.attribution.AttributionWindow;
import dev.affiliatekit.attribution.TouchpointKind;
import dev.affiliatekit.internal.Texts;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.program.ProgramSettings;
import dev.affiliatekit.testing.AttributionArbitraries;
import dev.affiliatekit.testing.CommissionArbitraries;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.jspecify.annotations.Nullable;

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

  /** The parts of an ISO-8601 duration: a sign, and days, hours, minutes and seconds or null. */
  record DurationParts(boolean negated, @Nullable BigInteger days, @Nullable BigInteger hours,
      @Nullable BigInteger minutes, @Nullable BigInteger seconds, String fraction, int zeros) {

    /** {@return the text, each part with a sign when negative and some with leading zeros} */
    String text() {
      StringBuilder text = new StringBuilder(negated ? "-P" : "P");
      append(text, days, "D");
      if (hours != null || minutes != null || seconds != null) {
        text.append('T');
        append(text, hours, "H");
        append(text, minutes, "M");
        append(text, seconds, fraction.isEmpty() ? "S" : "." + fraction + "S");
      }
      return text.toString();
    }

    private void append(StringBuilder text, @Nullable BigInteger part, String unit) {
      if (part != null) {
        text.append(part.signum() < 0 ? "-" : "").append("0".repeat(zeros))
            .append(part.abs()).append(unit);
      }
    }

    /** {@return the seconds the text stands for, added up exactly} */
    BigDecimal exactSeconds() {
      BigDecimal sum = BigDecimal.ZERO;
      BigInteger[] parts = {days, hours, minutes, seconds};
      long[] unitSeconds = {86_400, 3_600, 60, 1};
      for (int i = 0; i < parts.length; i++) {
        if (parts[i] != null) {
          sum = sum.add(new BigDecimal(parts[i].multiply(BigInteger.valueOf(unitSeconds[i]))));
        }
      }
      if (seconds != null && !fraction.isEmpty()) {
        BigDecimal part = new BigDecimal("0." + fraction);
        sum = sum.add(seconds.signum() < 0 ? part.negate() : part);
      }
      return negated ? sum.negate() : sum;
    }
  }

  /** Parts of up to 30 digits, most of them far beyond a long: durations mostly out of range. */
  @Provide
  Arbitrary<DurationParts> anyParts() {
    Arbitrary<BigInteger> part = Arbitraries.oneOf(
        Arbitraries.bigIntegers().between(BigInteger.TEN.pow(30).negate(), BigInteger.TEN.pow(30)),
        Arbitraries.bigIntegers().between(BigInteger.valueOf(-1000), BigInteger.valueOf(1000)));
    return Combinators.combine(Arbitraries.of(true, false), part.injectNull(0.3),
        part.injectNull(0.3), part.injectNull(0.3), part.injectNull(0.3),
        Arbitraries.strings().numeric().ofMaxLength(9), Arbitraries.integers().between(0, 3))
        .as(DurationParts::new)
        .filter(parts -> parts.days() != null || parts.hours() != null
            || parts.minutes() != null || parts.seconds() != null);
  }

  /**
   * Parts far beyond a long whose sum is within a few years of zero: days and hours of opposite
   * signs that cancel out, or nearly.
   */
  @Provide
  Arbitrary<DurationParts> cancellingParts() {
    Arbitrary<BigInteger> big =
        Arbitraries.bigIntegers().between(BigInteger.TEN.pow(15), BigInteger.TEN.pow(30));
    Arbitrary<BigInteger> small =
        Arbitraries.bigIntegers().between(BigInteger.valueOf(-30_000), BigInteger.valueOf(30_000));
    return Combinators.combine(Arbitraries.of(true, false), big, small, small.injectNull(0.5),
        Arbitraries.strings().numeric().ofMaxLength(9), Arbitraries.integers().between(0, 3))
        .as((negated, days, extraHours, seconds, fraction, zeros) -> new DurationParts(negated,
            days, days.multiply(BigInteger.valueOf(-24)).add(extraHours), null, seconds,
            seconds == null ? "" : fraction, zeros));
  }

  @Property
  void holdPeriod_anyParts_readAsTheirExactSum(@ForAll("anyParts") DurationParts parts) {
    assertReadExactly(parts);
  }

  @Property
  void holdPeriod_cancellingParts_readAsTheirExactSum(
      @ForAll("cancellingParts") DurationParts parts) {
    assertReadExactly(parts);
  }

  private static void assertReadExactly(DurationParts parts) {
    String text = parts.text();
    String json = "{\"version\":1,\"holdPeriod\":\"" + text + "\",\"plan\":{\"version\":1,"
        + "\"rules\":[{\"id\":\"d\",\"rate\":\"10%\"}]}}";
    BigDecimal seconds = parts.exactSeconds();
    if (seconds.signum() < 0) {
      assertThatThrownBy(() -> ProgramJson.parse(json)).isInstanceOf(JsonFormatException.class)
          .hasMessage("holdPeriod: must not be negative: " + Texts.quote(text));
    } else if (seconds.compareTo(new BigDecimal(Long.MAX_VALUE + ".999999999")) > 0) {
      assertThatThrownBy(() -> ProgramJson.parse(json)).isInstanceOf(JsonFormatException.class)
          .hasMessage("holdPeriod: must be a duration of at most "
              + "PT2562047788015215H30M7.999999999S: " + Texts.quote(text));
    } else {
      BigDecimal whole = seconds.setScale(0, RoundingMode.FLOOR);
      assertThat(ProgramJson.parse(json).holdPeriod()).isEqualTo(Duration.ofSeconds(
          whole.longValueExact(), seconds.subtract(whole).movePointRight(9).intValueExact()));
    }
  }
}
