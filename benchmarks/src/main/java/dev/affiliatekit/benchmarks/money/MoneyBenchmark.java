package dev.affiliatekit.benchmarks.money;

import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import javax.money.Monetary;
import javax.money.MonetaryAmount;
import javax.money.MonetaryRounding;
import javax.money.RoundingQueryBuilder;
import org.javamoney.moneta.FastMoney;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Commission math on money: a percentage of a sale rounded {@code HALF_EVEN} to the currency
 * ({@code percentOf}), and a commission split three ways with no cent lost ({@code split3}).
 *
 * <p>Every implementation works on the same pre-generated sales and rates: this library
 * ({@code _affiliatekit}), plain {@link BigDecimal} ({@code _bigDecimal}), Joda-Money ({@code
 * _jodaMoney}), Moneta's {@code Money} ({@code _moneta}) and Moneta's {@code FastMoney} ({@code
 * _fastMoney}). The baselines split the way their users do: divide rounding down, then give the
 * remainder to the first part.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar MoneyBenchmark -prof gc -rf json}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class MoneyBenchmark {

  private static final int SIZE = 1 << 10;
  private static final int MASK = SIZE - 1;
  private static final long SEED = 0x5EED_2026L;
  /** Commission rates a program would configure: whole, half and quarter percents, 1% to 40%. */
  private static final String[] RATES = {"5%", "7.5%", "10%", "12.5%", "15%", "20%", "25%",
      "30%", "33.25%", "40%", "1%", "2.75%", "8%", "17.5%", "22%", "35%"};

  private final Money[] affiliatekitSales = new Money[SIZE];
  private final Rate[] affiliatekitRates = new Rate[SIZE];
  private final BigDecimal[] bigDecimalSales = new BigDecimal[SIZE];
  private final BigDecimal[] bigDecimalRates = new BigDecimal[SIZE];
  private final org.joda.money.Money[] jodaSales = new org.joda.money.Money[SIZE];
  private final org.javamoney.moneta.Money[] monetaSales = new org.javamoney.moneta.Money[SIZE];
  private final FastMoney[] fastMoneySales = new FastMoney[SIZE];
  private MonetaryRounding monetaHalfEven;
  private MonetaryRounding monetaDown;

  /** The cursor into the inputs, one per thread. */
  @State(Scope.Thread)
  public static class Cursor {
    private int index;

    int next() {
      return index++ & MASK;
    }
  }

  /** Generates sales from 1 cent to USD 10,000.00 and picks a rate for each, from a fixed seed. */
  @Setup
  public void generate() {
    SplittableRandom random = new SplittableRandom(SEED);
    org.joda.money.CurrencyUnit jodaUsd = org.joda.money.CurrencyUnit.USD;
    for (int i = 0; i < SIZE; i++) {
      long cents = random.nextLong(1, 1_000_001);
      String rate = RATES[random.nextInt(RATES.length)];
      affiliatekitSales[i] = Money.ofMinor(cents, CurrencyUnit.USD);
      affiliatekitRates[i] = Rate.parse(rate);
      bigDecimalSales[i] = BigDecimal.valueOf(cents, 2);
      bigDecimalRates[i] = affiliatekitRates[i].toFraction();
      jodaSales[i] = org.joda.money.Money.ofMinor(jodaUsd, cents);
      monetaSales[i] = org.javamoney.moneta.Money.of(bigDecimalSales[i], "USD");
      fastMoneySales[i] = FastMoney.of(bigDecimalSales[i], "USD");
    }
    monetaHalfEven = Monetary.getRounding(RoundingQueryBuilder.of()
        .setScale(2).set(RoundingMode.HALF_EVEN).build());
    monetaDown = Monetary.getRounding(RoundingQueryBuilder.of()
        .setScale(2).set(RoundingMode.DOWN).build());
  }

  /** {@return the sale at {@code i} times its rate, rounded HALF_EVEN to cents} */
  @Benchmark
  public Money percentOf_affiliatekit(Cursor cursor) {
    int i = cursor.next();
    return affiliatekitSales[i].times(affiliatekitRates[i], RoundingMode.HALF_EVEN);
  }

  /** {@return the sale at {@code i} times its rate, rounded HALF_EVEN to cents} */
  @Benchmark
  public BigDecimal percentOf_bigDecimal(Cursor cursor) {
    int i = cursor.next();
    return bigDecimalSales[i].multiply(bigDecimalRates[i]).setScale(2, RoundingMode.HALF_EVEN);
  }

  /** {@return the sale at {@code i} times its rate, rounded HALF_EVEN to cents} */
  @Benchmark
  public org.joda.money.Money percentOf_jodaMoney(Cursor cursor) {
    int i = cursor.next();
    return jodaSales[i].multipliedBy(bigDecimalRates[i], RoundingMode.HALF_EVEN);
  }

  /** {@return the sale at {@code i} times its rate, rounded HALF_EVEN to cents} */
  @Benchmark
  public MonetaryAmount percentOf_moneta(Cursor cursor) {
    int i = cursor.next();
    return monetaSales[i].multiply(bigDecimalRates[i]).with(monetaHalfEven);
  }

  /** {@return the sale at {@code i} times its rate, rounded HALF_EVEN to cents} */
  @Benchmark
  public MonetaryAmount percentOf_fastMoney(Cursor cursor) {
    int i = cursor.next();
    return fastMoneySales[i].multiply(bigDecimalRates[i]).with(monetaHalfEven);
  }

  /** {@return the commission at {@code i} split into three parts that add up to it} */
  @Benchmark
  public List<Money> split3_affiliatekit(Cursor cursor) {
    return affiliatekitSales[cursor.next()].split(3);
  }

  /** {@return the commission at {@code i} split into three parts that add up to it} */
  @Benchmark
  public BigDecimal[] split3_bigDecimal(Cursor cursor) {
    BigDecimal total = bigDecimalSales[cursor.next()];
    BigDecimal part = total.divide(BigDecimal.valueOf(3), 2, RoundingMode.DOWN);
    BigDecimal first = total.subtract(part.multiply(BigDecimal.valueOf(2)));
    return new BigDecimal[] {first, part, part};
  }

  /** {@return the commission at {@code i} split into three parts that add up to it} */
  @Benchmark
  public org.joda.money.Money[] split3_jodaMoney(Cursor cursor) {
    org.joda.money.Money total = jodaSales[cursor.next()];
    org.joda.money.Money part = total.dividedBy(3, RoundingMode.DOWN);
    org.joda.money.Money first = total.minus(part.multipliedBy(2));
    return new org.joda.money.Money[] {first, part, part};
  }

  /** {@return the commission at {@code i} split into three parts that add up to it} */
  @Benchmark
  public MonetaryAmount[] split3_moneta(Cursor cursor) {
    return splitInThree(monetaSales[cursor.next()]);
  }

  /** {@return the commission at {@code i} split into three parts that add up to it} */
  @Benchmark
  public MonetaryAmount[] split3_fastMoney(Cursor cursor) {
    return splitInThree(fastMoneySales[cursor.next()]);
  }

  private MonetaryAmount[] splitInThree(MonetaryAmount total) {
    MonetaryAmount part = total.divide(3).with(monetaDown);
    MonetaryAmount first = total.subtract(part.multiply(2));
    return new MonetaryAmount[] {first, part, part};
  }
}
