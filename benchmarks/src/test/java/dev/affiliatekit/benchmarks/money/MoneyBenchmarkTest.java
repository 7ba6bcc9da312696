package dev.affiliatekit.benchmarks.money;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affiliatekit.money.Money;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import javax.money.MonetaryAmount;
import org.junit.jupiter.api.Test;

/** Checks that every implementation in {@link MoneyBenchmark} computes the same amounts. */
class MoneyBenchmarkTest {

  private static final int INPUTS = 1 << 10;

  @Test
  void percentOf_everyImplementationAgrees() {
    MoneyBenchmark benchmark = new MoneyBenchmark();
    benchmark.generate();
    MoneyBenchmark.Cursor[] cursors = cursors(5);
    for (int i = 0; i < INPUTS; i++) {
      BigDecimal expected = benchmark.percentOf_affiliatekit(cursors[0]).amount();
      assertThat(benchmark.percentOf_bigDecimal(cursors[1])).isEqualTo(expected);
      assertThat(benchmark.percentOf_jodaMoney(cursors[2]).getAmount()).isEqualTo(expected);
      assertThat(decimal(benchmark.percentOf_moneta(cursors[3]))).isEqualByComparingTo(expected);
      assertThat(decimal(benchmark.percentOf_fastMoney(cursors[4]))).isEqualByComparingTo(expected);
    }
  }

  @Test
  void split3_everyImplementationAddsUpToTheTotal() {
    MoneyBenchmark benchmark = new MoneyBenchmark();
    benchmark.generate();
    MoneyBenchmark.Cursor[] cursors = cursors(5);
    for (int i = 0; i < INPUTS; i++) {
      List<Money> ours = benchmark.split3_affiliatekit(cursors[0]);
      BigDecimal total = Money.total(ours).amount();
      long spread = ours.get(0).minus(ours.get(2)).minorUnits();
      assertThat(spread).isBetween(0L, 1L);
      assertThat(sum(benchmark.split3_bigDecimal(cursors[1]))).isEqualTo(total);
      assertThat(sum(Arrays.stream(benchmark.split3_jodaMoney(cursors[2]))
          .map(org.joda.money.Money::getAmount).toArray(BigDecimal[]::new))).isEqualTo(total);
      assertThat(sum(decimals(benchmark.split3_moneta(cursors[3])))).isEqualTo(total);
      assertThat(sum(decimals(benchmark.split3_fastMoney(cursors[4])))).isEqualTo(total);
    }
  }

  @Test
  void split3_remainderToTheFirstPart_canBeTwoCentsApart_largestRemainderNever() {
    // The baselines' usual split gives both leftover cents to one part; allocation spreads them.
    Money total = Money.parse("USD 6588.56");
    assertThat(total.split(3)).extracting(Money::toString)
        .containsExactly("USD 2196.19", "USD 2196.19", "USD 2196.18");
    MoneyBenchmark benchmark = new MoneyBenchmark();
    benchmark.generate();
    MoneyBenchmark.Cursor cursor = new MoneyBenchmark.Cursor();
    boolean sawTwoCentSpread = false;
    for (int i = 0; i < INPUTS; i++) {
      BigDecimal[] parts = benchmark.split3_bigDecimal(cursor);
      sawTwoCentSpread |= parts[0].subtract(parts[1]).compareTo(new BigDecimal("0.02")) == 0;
    }
    assertThat(sawTwoCentSpread).isTrue();
  }

  private static BigDecimal sum(BigDecimal[] amounts) {
    return Arrays.stream(amounts).reduce(BigDecimal.ZERO, BigDecimal::add).setScale(2);
  }

  private static MoneyBenchmark.Cursor[] cursors(int count) {
    MoneyBenchmark.Cursor[] cursors = new MoneyBenchmark.Cursor[count];
    Arrays.setAll(cursors, i -> new MoneyBenchmark.Cursor());
    return cursors;
  }

  private static BigDecimal decimal(MonetaryAmount amount) {
    return amount.getNumber().numberValue(BigDecimal.class).setScale(2);
  }

  private static BigDecimal[] decimals(MonetaryAmount[] amounts) {
    return Arrays.stream(amounts).map(MoneyBenchmarkTest::decimal).toArray(BigDecimal[]::new);
  }

}
