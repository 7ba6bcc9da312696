package dev.affiliatekit.money;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affiliatekit.testing.MoneyArbitraries;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;

class MoneyProperties {

  private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  @Provide
  Arbitrary<Money> anyMoney() {
    return MoneyArbitraries.anyMoney();
  }

  @Provide
  Arbitrary<Long> anyMinor() {
    return MoneyArbitraries.anyMinorUnits();
  }

  @Provide
  Arbitrary<CurrencyUnit> isoCurrency() {
    return MoneyArbitraries.isoCurrencies();
  }

  @Provide
  Arbitrary<Rate> rate() {
    return MoneyArbitraries.rates();
  }

  @Provide
  Arbitrary<RoundingMode> lossy() {
    return MoneyArbitraries.lossyRoundingModes();
  }

  @Provide
  Arbitrary<List<Long>> weights() {
    Arbitrary<Long> weight = Arbitraries.oneOf(
        Arbitraries.longs().between(0, 10),
        Arbitraries.longs().between(0, 1_000_000),
        Arbitraries.longs().between(0, Long.MAX_VALUE / 64));
    return weight.list().ofMinSize(1).ofMaxSize(12).filter(list -> list.stream().anyMatch(w -> w > 0));
  }

  // ---- text format ----

  @Property
  void parse_inverts_toString(@ForAll("anyMoney") Money money) {
    CurrencyTable table = CurrencyTable.iso4217().with(money.currency());
    assertThat(Money.parse(money.toString(), table)).isEqualTo(money);
  }

  @Property
  void toString_ofZero_hasNoSign(@ForAll("anyMoney") Money money, @ForAll("rate") Rate rate,
      @ForAll("lossy") RoundingMode mode) {
    Money product = money.times(rate, mode);
    assertThat(product.toString().contains("-")).isEqualTo(product.isNegative());
  }

  @Property
  void amount_matchesBigDecimalOfMinorUnits(@ForAll("anyMoney") Money money) {
    assertThat(money.amount())
        .isEqualTo(new BigDecimal(BigInteger.valueOf(money.minorUnits()), money.currency().scale()));
    assertThat(Money.of(money.amount(), money.currency())).isEqualTo(money);
  }

  // ---- addition ----

  @Property
  void plus_isCommutative(@ForAll("anyMinor") long a, @ForAll("anyMinor") long b) {
    Money x = Money.ofMinor(a, CurrencyUnit.USD);
    Money y = Money.ofMinor(b, CurrencyUnit.USD);
    if (fits(BigInteger.valueOf(a).add(BigInteger.valueOf(b)))) {
      assertThat(x.plus(y)).isEqualTo(y.plus(x));
    } else {
      assertThatThrownBy(() -> x.plus(y)).isInstanceOf(ArithmeticException.class);
      assertThatThrownBy(() -> y.plus(x)).isInstanceOf(ArithmeticException.class);
    }
  }

  @Property
  void plus_isAssociative(@ForAll @LongRange(min = -Long.MAX_VALUE / 3, max = Long.MAX_VALUE / 3) long a,
      @ForAll @LongRange(min = -Long.MAX_VALUE / 3, max = Long.MAX_VALUE / 3) long b,
      @ForAll @LongRange(min = -Long.MAX_VALUE / 3, max = Long.MAX_VALUE / 3) long c,
      @ForAll("isoCurrency") CurrencyUnit currency) {
    Money x = Money.ofMinor(a, currency);
    Money y = Money.ofMinor(b, currency);
    Money z = Money.ofMinor(c, currency);
    assertThat(x.plus(y).plus(z)).isEqualTo(x.plus(y.plus(z)));
  }

  @Property
  void plusThenMinus_givesBackTheOriginal(@ForAll("anyMinor") long a, @ForAll("anyMinor") long b) {
    Money x = Money.ofMinor(a, CurrencyUnit.EUR);
    Money y = Money.ofMinor(b, CurrencyUnit.EUR);
    if (fits(BigInteger.valueOf(a).add(BigInteger.valueOf(b)))) {
      assertThat(x.plus(y).minus(y)).isEqualTo(x);
    }
  }

  @Property
  void overflow_nearTheBounds_throwsInsteadOfWrapping(@ForAll @LongRange(min = 0, max = 1000) long offset,
      @ForAll @LongRange(min = 1, max = 1000) long step) {
    Money nearMax = Money.ofMinor(Long.MAX_VALUE - offset, CurrencyUnit.USD);
    Money nearMin = Money.ofMinor(Long.MIN_VALUE + offset, CurrencyUnit.USD);
    Money delta = Money.ofMinor(step, CurrencyUnit.USD);
    boolean overflows = step > offset;
    if (overflows) {
      assertThatThrownBy(() -> nearMax.plus(delta)).isInstanceOf(ArithmeticException.class);
      assertThatThrownBy(() -> nearMin.minus(delta)).isInstanceOf(ArithmeticException.class);
    } else {
      assertThat(nearMax.plus(delta).minorUnits()).isEqualTo(Long.MAX_VALUE - offset + step);
      assertThat(nearMin.minus(delta).minorUnits()).isEqualTo(Long.MIN_VALUE + offset - step);
    }
    assertThatThrownBy(() -> nearMax.times(2 + offset)).isInstanceOf(ArithmeticException.class);
  }

  @Property
  void times_long_matchesBigIntegerOrThrows(@ForAll("anyMinor") long a, @ForAll("anyMinor") long b) {
    BigInteger exact = BigInteger.valueOf(a).multiply(BigInteger.valueOf(b));
    Money money = Money.ofMinor(a, CurrencyUnit.JPY);
    if (fits(exact)) {
      assertThat(money.times(b).minorUnits()).isEqualTo(exact.longValueExact());
    } else {
      assertThatThrownBy(() -> money.times(b)).isInstanceOf(ArithmeticException.class);
    }
  }

  @Property
  void negated_isAnInvolution(@ForAll("anyMoney") Money money) {
    if (money.minorUnits() == Long.MIN_VALUE) {
      assertThatThrownBy(money::negated).isInstanceOf(ArithmeticException.class);
    } else {
      assertThat(money.negated().negated()).isEqualTo(money);
      assertThat(money.plus(money.negated()).isZero()).isTrue();
      assertThat(money.abs().signum()).isEqualTo(Math.abs(money.signum()));
    }
  }

  // ---- multiplication by a rate ----

  @Property(tries = 2000)
  void times_rate_matchesBigDecimalReference(@ForAll("anyMinor") long minor,
      @ForAll("isoCurrency") CurrencyUnit currency, @ForAll("rate") Rate rate,
      @ForAll RoundingMode mode) {
    Money money = Money.ofMinor(minor, currency);
    BigDecimal exact = money.amount().multiply(rate.toFraction());
    BigDecimal expected;
    try {
      expected = exact.setScale(currency.scale(), mode);
    } catch (ArithmeticException inexact) {
      assertThatThrownBy(() -> money.times(rate, mode)).isInstanceOf(ArithmeticException.class);
      return;
    }
    assertThat(money.times(rate, mode)).isEqualTo(Money.of(expected, currency));
  }

  @Property
  void times_rate_neverExceedsTheAmount(@ForAll("anyMoney") Money money, @ForAll("rate") Rate rate,
      @ForAll("lossy") RoundingMode mode) {
    Money product = money.times(rate, mode);
    assertThat(product.amount().abs()).isLessThanOrEqualTo(money.amount().abs());
    assertThat(product.signum() * money.signum()).isGreaterThanOrEqualTo(0);
  }

  @Property
  void of_bigDecimal_matchesSetScaleReference(@ForAll @LongRange(min = -1_000_000_000_000L,
      max = 1_000_000_000_000L) long unscaled, @ForAll @IntRange(min = -3, max = 12) int scale,
      @ForAll("isoCurrency") CurrencyUnit currency, @ForAll RoundingMode mode) {
    BigDecimal amount = BigDecimal.valueOf(unscaled, scale);
    BigDecimal expected;
    try {
      expected = amount.setScale(currency.scale(), mode);
    } catch (ArithmeticException inexact) {
      assertThatThrownBy(() -> Money.of(amount, currency, mode))
          .isInstanceOf(ArithmeticException.class).hasMessageContaining(currency.code());
      return;
    }
    if (expected.unscaledValue().bitLength() > 63) {
      assertThatThrownBy(() -> Money.of(amount, currency, mode))
          .isInstanceOf(ArithmeticException.class);
    } else {
      assertThat(Money.of(amount, currency, mode).amount()).isEqualTo(expected);
    }
  }

  @Property
  void dividedBy_matchesBigDecimalReference(@ForAll("anyMinor") long minor,
      @ForAll("anyMinor") long divisor, @ForAll("lossy") RoundingMode mode) {
    Money money = Money.ofMinor(minor, CurrencyUnit.USD);
    if (divisor == 0) {
      assertThatThrownBy(() -> money.dividedBy(divisor, mode)).isInstanceOf(ArithmeticException.class);
      return;
    }
    BigDecimal expected = new BigDecimal(minor).divide(new BigDecimal(divisor), 0, mode);
    if (fits(expected.toBigIntegerExact())) {
      assertThat(money.dividedBy(divisor, mode).minorUnits()).isEqualTo(expected.longValueExact());
    } else {
      assertThatThrownBy(() -> money.dividedBy(divisor, mode)).isInstanceOf(ArithmeticException.class);
    }
  }

  // ---- allocation ----

  @Property
  void total_isTheExactSum_whateverTheOrder_orThrowsIfThatIsOutOfRange(
      @ForAll("largeMinorAmounts") List<Long> minors) {
    List<Money> amounts = minors.stream().map(m -> Money.ofMinor(m, CurrencyUnit.USD)).toList();
    BigInteger exact = sum(amounts);
    if (exact.compareTo(LONG_MIN) >= 0 && exact.compareTo(LONG_MAX) <= 0) {
      assertThat(Money.total(amounts)).isEqualTo(Money.ofMinor(exact.longValueExact(), CurrencyUnit.USD));
      List<Money> reversed = new ArrayList<>(amounts);
      Collections.reverse(reversed);
      assertThat(Money.total(CurrencyUnit.USD, reversed)).isEqualTo(Money.total(amounts));
    } else {
      assertThatThrownBy(() -> Money.total(amounts)).isInstanceOf(ArithmeticException.class);
    }
  }

  @Provide
  Arbitrary<List<Long>> largeMinorAmounts() {
    // Mixed signs near the ends of the range, so that partial sums often leave it.
    Arbitrary<Long> minor = Arbitraries.oneOf(
        Arbitraries.longs().between(Long.MAX_VALUE / 2, Long.MAX_VALUE),
        Arbitraries.longs().between(Long.MIN_VALUE, Long.MIN_VALUE / 2),
        Arbitraries.longs().between(-10, 10));
    return minor.list().ofMinSize(1).ofMaxSize(6);
  }

  @Property
  void allocate_partsSumToTheTotal(@ForAll("anyMinor") long total, @ForAll("weights") List<Long> weights) {
    List<Money> parts = Money.ofMinor(total, CurrencyUnit.USD).allocate(toArray(weights));
    assertThat(parts).hasSize(weights.size());
    assertThat(sum(parts)).isEqualTo(BigInteger.valueOf(total));
  }

  @Property
  void allocate_eachPartIsTheFloorOrCeilingOfItsShare(@ForAll("anyMinor") long total,
      @ForAll("weights") List<Long> weights) {
    List<Money> parts = Money.ofMinor(total, CurrencyUnit.USD).allocate(toArray(weights));
    BigInteger weightSum = weights.stream().map(BigInteger::valueOf).reduce(BigInteger.ZERO, BigInteger::add);
    for (int i = 0; i < weights.size(); i++) {
      BigInteger numerator = BigInteger.valueOf(total).multiply(BigInteger.valueOf(weights.get(i)));
      BigInteger floor = floorDiv(numerator, weightSum);
      BigInteger part = BigInteger.valueOf(parts.get(i).minorUnits());
      assertThat(part).isBetween(floor, floor.add(BigInteger.ONE));
      if (numerator.mod(weightSum).signum() == 0) {
        assertThat(part).isEqualTo(floor);
      }
      if (weights.get(i) == 0) {
        assertThat(part).isEqualTo(BigInteger.ZERO);
      }
    }
  }

  @Property
  void allocate_doesNotDependOnTheOrderOfTheWeights(@ForAll("anyMinor") long total,
      @ForAll("weights") List<Long> weights, @ForAll long seed) {
    Money money = Money.ofMinor(total, CurrencyUnit.GBP);
    List<Long> shuffled = new ArrayList<>(weights);
    Collections.shuffle(shuffled, new Random(seed));
    assertThat(partsByWeight(shuffled, money.allocate(toArray(shuffled))))
        .isEqualTo(partsByWeight(weights, money.allocate(toArray(weights))));
  }

  @Property
  void allocate_ofTheNegatedTotal_negatesEveryPart(
      @ForAll @LongRange(min = -Long.MAX_VALUE, max = Long.MAX_VALUE) long total,
      @ForAll("weights") List<Long> weights) {
    List<Money> parts = Money.ofMinor(total, CurrencyUnit.USD).allocate(toArray(weights));
    List<Money> mirrored = Money.ofMinor(-total, CurrencyUnit.USD).allocate(toArray(weights));
    assertThat(mirrored).isEqualTo(parts.stream().map(Money::negated).toList());
  }

  @Property
  void split_partsSumToTheTotal_andDifferByAtMostOne(@ForAll("anyMinor") long total,
      @ForAll @IntRange(min = 1, max = 50) int count) {
    List<Money> parts = Money.ofMinor(total, CurrencyUnit.of("KWD")).split(count);
    assertThat(parts).hasSize(count);
    assertThat(sum(parts)).isEqualTo(BigInteger.valueOf(total));
    long[] minor = parts.stream().mapToLong(Money::minorUnits).toArray();
    long[] sorted = minor.clone();
    Arrays.sort(sorted);
    assertThat(sorted[sorted.length - 1] - sorted[0]).isLessThanOrEqualTo(1);
    long[] ones = new long[count];
    Arrays.fill(ones, 1);
    assertThat(parts).isEqualTo(Money.ofMinor(total, CurrencyUnit.of("KWD")).allocate(ones));
  }

  @Property
  void prorate_sumsToTheTotal_withinOneUnitOfEachShare(
      @ForAll @LongRange(min = -10_000_000, max = 10_000_000) long total,
      @ForAll @Size(min = 1, max = 20) List<@LongRange(min = 0, max = 100_000_000) Long> items) {
    if (items.stream().allMatch(item -> item == 0)) {
      return;
    }
    List<Money> basis = items.stream().map(item -> Money.ofMinor(item, CurrencyUnit.USD)).toList();
    List<Money> parts = Money.ofMinor(total, CurrencyUnit.USD).prorate(basis);
    assertThat(sum(parts)).isEqualTo(BigInteger.valueOf(total));
    long itemSum = items.stream().mapToLong(Long::longValue).sum();
    for (int i = 0; i < items.size(); i++) {
      BigDecimal share = new BigDecimal(total * items.get(i))
          .divide(BigDecimal.valueOf(itemSum), 10, RoundingMode.HALF_EVEN);
      BigDecimal part = BigDecimal.valueOf(parts.get(i).minorUnits());
      assertThat(part.subtract(share).abs()).isLessThan(BigDecimal.ONE);
    }
  }

  // ---- comparison ----

  @Property
  void compareTo_agreesWithTheAmounts_andWithEquals(@ForAll("anyMinor") long a, @ForAll("anyMinor") long b,
      @ForAll("isoCurrency") CurrencyUnit currency) {
    Money x = Money.ofMinor(a, currency);
    Money y = Money.ofMinor(b, currency);
    assertThat(Integer.signum(x.compareTo(y))).isEqualTo(x.amount().compareTo(y.amount()));
    assertThat(x.compareTo(y) == 0).isEqualTo(x.equals(y));
    assertThat(x.isGreaterThan(y)).isEqualTo(a > b);
    assertThat(x.min(y).minorUnits()).isEqualTo(Math.min(a, b));
  }

  // ---- helpers ----

  private static boolean fits(BigInteger value) {
    return value.compareTo(LONG_MIN) >= 0 && value.compareTo(LONG_MAX) <= 0;
  }

  private static long[] toArray(List<Long> weights) {
    return weights.stream().mapToLong(Long::longValue).toArray();
  }

  private static BigInteger sum(List<Money> parts) {
    return parts.stream().map(part -> BigInteger.valueOf(part.minorUnits()))
        .reduce(BigInteger.ZERO, BigInteger::add);
  }

  private static BigInteger floorDiv(BigInteger numerator, BigInteger denominator) {
    BigInteger[] division = numerator.divideAndRemainder(denominator);
    return division[1].signum() < 0 ? division[0].subtract(BigInteger.ONE) : division[0];
  }

  /** The parts each weight received, as a sorted list per weight, so positions do not matter. */
  private static Map<Long, List<Long>> partsByWeight(List<Long> weights, List<Money> parts) {
    Map<Long, List<Long>> byWeight = new TreeMap<>();
    for (int i = 0; i < weights.size(); i++) {
      byWeight.computeIfAbsent(weights.get(i), w -> new ArrayList<>()).add(parts.get(i).minorUnits());
    }
    byWeight.values().forEach(Collections::sort);
    return byWeight;
  }
}
