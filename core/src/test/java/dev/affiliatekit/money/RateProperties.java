package dev.affiliatekit.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affiliatekit.testing.MoneyArbitraries;
import java.math.BigDecimal;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

class RateProperties {

  @Provide
  Arbitrary<Rate> rate() {
    return MoneyArbitraries.rates();
  }

  @Property
  void parse_inverts_toString(@ForAll("rate") Rate rate) {
    assertThat(Rate.parse(rate.toString())).isEqualTo(rate);
  }

  @Property
  void parse_readsTheFractionForm(@ForAll("rate") Rate rate) {
    assertThat(Rate.parse(rate.toFraction().toPlainString())).isEqualTo(rate);
  }

  @Property
  void of_inverts_toFraction_andIgnoresTrailingZeros(@ForAll("rate") Rate rate,
      @ForAll @IntRange(min = 0, max = 5) int extraZeros) {
    BigDecimal padded = rate.toFraction().setScale(rate.toFraction().scale() + extraZeros);
    assertThat(Rate.of(padded)).isEqualTo(rate);
    assertThat(Rate.of(padded).hashCode()).isEqualTo(rate.hashCode());
    assertThat(Rate.of(padded).toString()).isEqualTo(rate.toString());
  }

  @Property
  void compareTo_agreesWithTheFractions(@ForAll("rate") Rate a, @ForAll("rate") Rate b) {
    assertThat(Integer.signum(a.compareTo(b))).isEqualTo(a.toFraction().compareTo(b.toFraction()));
    assertThat(a.compareTo(b) == 0).isEqualTo(a.equals(b));
  }

  @Property
  void ofBasisPoints_equalsThePercentageOverOneHundred(@ForAll @LongRange(min = 0, max = 10_000) long bps) {
    assertThat(Rate.ofBasisPoints(bps)).isEqualTo(Rate.ofPercent(BigDecimal.valueOf(bps, 2)));
    BigDecimal percent = Rate.ofBasisPoints(bps).toPercent();
    assertThat(percent.compareTo(BigDecimal.valueOf(bps, 2))).isZero();
    assertThat(percent.scale()).isBetween(0, 2);
    assertThat(percent.toString()).isEqualTo(percent.toPlainString());
  }

  @Property
  void parse_rejectsEveryValueAboveOneHundredPercent(@ForAll @LongRange(min = 10_001, max = Long.MAX_VALUE) long bps) {
    String text = BigDecimal.valueOf(bps, 2).toPlainString() + "%";
    assertThatThrownBy(() -> Rate.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(text);
  }

  @Provide
  Arbitrary<List<Long>> weights() {
    return Arbitraries.longs().between(0, 1_000_000_000L).list().ofMinSize(1).ofMaxSize(20)
        .filter(list -> list.stream().anyMatch(w -> w > 0));
  }

  @Property
  void allocate_partsSumToTheRate_eachWithinOneStepOfItsShare(@ForAll("rate") Rate rate,
      @ForAll("weights") List<Long> weights) {
    List<Rate> parts = rate.allocate(weights.stream().mapToLong(Long::longValue).toArray());
    BigDecimal sum = parts.stream().map(Rate::toFraction).reduce(BigDecimal.ZERO, BigDecimal::add);
    assertThat(sum).isEqualByComparingTo(rate.toFraction());
    BigDecimal weightSum = BigDecimal.valueOf(weights.stream().mapToLong(Long::longValue).sum());
    BigDecimal step = BigDecimal.ONE.movePointLeft(Rate.MAX_SCALE);
    for (int i = 0; i < parts.size(); i++) {
      BigDecimal exact = rate.toFraction().multiply(BigDecimal.valueOf(weights.get(i)))
          .divide(weightSum, 30, java.math.RoundingMode.HALF_EVEN);
      assertThat(parts.get(i).toFraction().subtract(exact).abs()).isLessThan(step);
    }
  }

  @Property
  void plus_matchesTheSumOfTheFractions_orThrowsAboveOneHundredPercent(@ForAll("rate") Rate a,
      @ForAll("rate") Rate b) {
    BigDecimal sum = a.toFraction().add(b.toFraction());
    if (sum.compareTo(BigDecimal.ONE) > 0) {
      assertThatThrownBy(() -> a.plus(b)).isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("rate must be within [0%, 100%]: ");
    } else {
      assertThat(a.plus(b).toFraction()).isEqualByComparingTo(sum);
      assertThat(a.plus(b)).isEqualTo(b.plus(a)).isEqualTo(Rate.of(sum));
    }
  }
}
