package dev.affiliatekit.testing;

import dev.affiliatekit.money.CurrencyTable;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import java.math.BigDecimal;
import java.math.RoundingMode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;

/** Generators for money, rates and currencies, shared by the property tests of every package. */
public final class MoneyArbitraries {

  private MoneyArbitraries() {}

  /** {@return any ISO 4217 currency of the library's table, so every ISO scale (0, 2, 3, 4)} */
  public static Arbitrary<CurrencyUnit> isoCurrencies() {
    return Arbitraries.of(CurrencyTable.iso4217().units());
  }

  /** {@return ISO currencies and custom units with every allowed scale} */
  public static Arbitrary<CurrencyUnit> currencies() {
    Arbitrary<CurrencyUnit> custom = Arbitraries.integers().between(0, CurrencyUnit.MAX_SCALE)
        .map(scale -> CurrencyUnit.custom("PTS" + scale, scale));
    return Arbitraries.oneOf(isoCurrencies(), custom);
  }

  /** {@return minor-unit counts over the whole long range, with edge cases near zero and the bounds} */
  public static Arbitrary<Long> anyMinorUnits() {
    return Arbitraries.longs().withDistribution(RandomDistribution.uniform())
        .edgeCases(edges -> edges.includeOnly(Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L, 1L));
  }

  /** {@return minor-unit counts of everyday size, up to about a trillion units either way} */
  public static Arbitrary<Long> everydayMinorUnits() {
    return Arbitraries.longs().between(-1_000_000_000_000L, 1_000_000_000_000L);
  }

  /** {@return amounts over the whole range of any currency} */
  public static Arbitrary<Money> anyMoney() {
    return Combinators.combine(anyMinorUnits(), currencies()).as(Money::ofMinor);
  }

  /** {@return amounts of everyday size in the given currency} */
  public static Arbitrary<Money> everydayMoney(CurrencyUnit currency) {
    return everydayMinorUnits().map(minor -> Money.ofMinor(minor, currency));
  }

  /** {@return any rate, from 0% to 100% with up to 18 decimal places as a fraction} */
  public static Arbitrary<Rate> rates() {
    Arbitrary<Rate> precise = Arbitraries.integers().between(0, Rate.MAX_SCALE).flatMap(scale ->
        Arbitraries.longs().between(0, pow10(scale))
            .map(unscaled -> Rate.of(BigDecimal.valueOf(unscaled, scale))));
    Arbitrary<Rate> basisPoints = Arbitraries.longs().between(0, 10_000).map(Rate::ofBasisPoints);
    return Arbitraries.oneOf(precise, basisPoints)
        .edgeCases(edges -> edges.add(Rate.ZERO).add(Rate.ONE));
  }

  /** {@return every rounding mode except {@code UNNECESSARY}} */
  public static Arbitrary<RoundingMode> lossyRoundingModes() {
    return Arbitraries.of(RoundingMode.class).filter(mode -> mode != RoundingMode.UNNECESSARY);
  }

  private static long pow10(int exponent) {
    long power = 1;
    for (int i = 0; i < exponent; i++) {
      power *= 10;
    }
    return power;
  }
}
