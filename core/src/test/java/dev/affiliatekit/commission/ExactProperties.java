package dev.affiliatekit.commission;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Checks the exact arithmetic that quotes use against {@link BigDecimal}. */
class ExactProperties {

  @Provide
  Arbitrary<RoundingMode> modes() {
    return Arbitraries.of(RoundingMode.class).filter(mode -> mode != RoundingMode.UNNECESSARY);
  }

  @Provide
  Arbitrary<Long> dividends() {
    // Any long, and often one next to a multiple of the power of ten or halfway between two.
    Arbitrary<Long> nearMultiples = Arbitraries.longs().between(-1_000_000_000_000L,
        1_000_000_000_000L).flatMap(base -> Arbitraries.of(0L, 1L, -1L, 5L, 50L, 500L, 5_000L)
        .map(offset -> base * 1_000 + offset));
    return Arbitraries.oneOf(Arbitraries.longs(), nearMultiples,
        Arbitraries.of(Long.MAX_VALUE, Long.MIN_VALUE, 0L, 999_999_999_999_999_999L));
  }

  @Property
  void divideByPowerOfTen_isBigDecimalsRoundedQuotient(@ForAll("dividends") long dividend,
      @ForAll @IntRange(min = 0, max = Exact.MAX_SCALE) int exponent,
      @ForAll("modes") RoundingMode mode) {
    long expected = BigDecimal.valueOf(dividend, exponent).setScale(0, mode).longValueExact();

    assertThat(Exact.divideByPowerOfTen(dividend, exponent, mode)).isEqualTo(expected);
    assertThat(Exact.divide(dividend, Exact.powerOfTen(exponent), mode)).isEqualTo(expected);
  }
}
