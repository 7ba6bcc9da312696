package dev.affiliatekit.commission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Instant;
import java.time.ZoneId;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class PeriodProperties {

  /** Returns instants of the whole range, most of them within a few years of its ends. */
  @Provide
  Arbitrary<Instant> instants() {
    long year = 366L * 86_400;
    Arbitrary<Long> nanos = Arbitraries.longs().between(0, 999_999_999);
    return Arbitraries.oneOf(
        Arbitraries.longs().between(Instant.MIN.getEpochSecond(),
            Instant.MIN.getEpochSecond() + 3 * year),
        Arbitraries.longs().between(Instant.MAX.getEpochSecond() - 3 * year,
            Instant.MAX.getEpochSecond()),
        Arbitraries.longs().between(Instant.MIN.getEpochSecond(), Instant.MAX.getEpochSecond()))
        .flatMap(seconds -> nanos.map(nano -> Instant.ofEpochSecond(seconds, nano)))
        .edgeCases(edges -> edges.add(Instant.MIN).add(Instant.MAX));
  }

  @Provide
  Arbitrary<ZoneId> zones() {
    return Arbitraries.of(ZoneId.of("UTC"), ZoneId.of("Pacific/Chatham"),
        ZoneId.of("America/New_York"), ZoneId.of("+18:00"), ZoneId.of("-18:00"));
  }

  @Property(tries = 3000)
  void bounds_containTheInstant_orAreRejectedNamingIt(@ForAll Period period,
      @ForAll("instants") Instant instant, @ForAll("zones") ZoneId zone) {
    Throwable start = catchThrowable(() -> period.startOf(instant, zone));
    Throwable end = catchThrowable(() -> period.endOf(instant, zone));

    if (start == null && end == null) {
      assertThat(period.startOf(instant, zone)).isBeforeOrEqualTo(instant);
      // LIFETIME ends at Instant.MAX, exclusive as every end, so Instant.MAX itself is outside.
      if (!instant.equals(Instant.MAX)) {
        assertThat(period.endOf(instant, zone)).isAfter(instant);
      }
    } else {
      assertThat(start).isInstanceOf(IllegalArgumentException.class)
          .hasMessageEndingWith("lies outside the calendar (years -999999999 to 999999999): "
              + instant);
      assertThat(end).isInstanceOf(IllegalArgumentException.class)
          .hasMessage(start.getMessage());
    }
  }
}
