package dev.affiliatekit.commission;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
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

  /** An exact amount and the value it should hold, made as quotes make them. */
  record Made(Exact exact, BigDecimal value) {
    @Override
    public String toString() {
      return value.toPlainString();
    }
  }

  @Provide
  Arbitrary<Made> amounts() {
    // Minor units times one or two factors of up to 18 decimals: of scales far apart, some at
    // the edge of a long and some beyond it, held in a BigDecimal.
    Arbitrary<Long> minors = Arbitraries.oneOf(Arbitraries.longs(),
        Arbitraries.longs().between(-1_000, 1_000),
        Arbitraries.of(Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1, 0L, 1L, -1L,
            100_000_000_000_000_000L));
    Arbitrary<Long> factors = Arbitraries.oneOf(Arbitraries.longs(),
        Arbitraries.longs().between(-10_000, 10_000), Arbitraries.of(1L, -1L, 10L, 0L));
    Arbitrary<Integer> scales = Arbitraries.integers().between(0, Exact.MAX_SCALE + 2);
    return Combinators.combine(minors, factors, scales, factors, scales, Arbitraries.of(1, 2))
        .as((minor, f1, s1, f2, s2, times) -> {
          Exact exact = Exact.ofMinor(minor).times(f1, s1);
          BigDecimal value = BigDecimal.valueOf(minor).multiply(BigDecimal.valueOf(f1, s1));
          if (times == 2) {
            exact = exact.times(f2, s2);
            value = value.multiply(BigDecimal.valueOf(f2, s2));
          }
          return new Made(exact, value);
        });
  }

  @Property
  void arithmetic_isBigDecimals(@ForAll("amounts") Made a, @ForAll("amounts") Made b) {
    assertThat(a.exact().toBigDecimal()).isEqualByComparingTo(a.value());
    assertThat(a.exact().plus(b.exact()).toBigDecimal())
        .isEqualByComparingTo(a.value().add(b.value()));
    assertThat(a.exact().minus(b.exact()).toBigDecimal())
        .isEqualByComparingTo(a.value().subtract(b.value()));
    assertThat(a.exact().negated().toBigDecimal()).isEqualByComparingTo(a.value().negate());
    assertThat(Integer.signum(a.exact().compareTo(b.exact())))
        .isEqualTo(a.value().compareTo(b.value()));
    assertThat(a.exact().equals(b.exact())).isEqualTo(a.value().compareTo(b.value()) == 0);
    assertThat(a.exact().min(b.exact()).toBigDecimal())
        .isEqualByComparingTo(a.value().min(b.value()));
    assertThat(a.exact().max(b.exact()).toBigDecimal())
        .isEqualByComparingTo(a.value().max(b.value()));
    assertThat(a.exact().signum()).isEqualTo(a.value().signum());
    assertThat(a.exact().isZero()).isEqualTo(a.value().signum() == 0);
  }

  @Property
  void compareToMinorUnits_isBigDecimals(@ForAll("amounts") Made a, @ForAll("dividends") long b) {
    assertThat(Integer.signum(a.exact().compareTo(b)))
        .isEqualTo(a.value().compareTo(BigDecimal.valueOf(b)));
    assertThat(Integer.signum(a.exact().compareTo(Exact.ofMinor(b))))
        .isEqualTo(a.value().compareTo(BigDecimal.valueOf(b)));
  }

  @Property
  void isWholeAndRound_areBigDecimals(@ForAll("amounts") Made a,
      @ForAll("modes") RoundingMode mode, @ForAll("dividends") long minor) {
    // A whole amount, and the same amount with a fraction of a minor unit added.
    Made whole = new Made(Exact.ofMinor(minor).times(1_000, 3), BigDecimal.valueOf(minor));
    for (Made made : new Made[] {a, whole}) {
      boolean isWhole = made.value().signum() == 0
          || made.value().stripTrailingZeros().scale() <= 0;
      assertThat(made.exact().isWhole()).as(made.toString()).isEqualTo(isWhole);
      BigInteger rounded = made.value().setScale(0, mode).toBigIntegerExact();
      if (rounded.bitLength() < Long.SIZE) {
        assertThat(made.exact().round(mode)).as(made.toString()).isEqualTo(rounded.longValue());
      }
    }
  }
}
