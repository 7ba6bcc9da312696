package dev.affiliatekit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class PowersOfTenTest {

  @Test
  void of_givesEveryPowerThatFits() {
    for (int exponent = 0; exponent <= PowersOfTen.MAX_EXPONENT; exponent++) {
      assertThat(BigInteger.valueOf(PowersOfTen.of(exponent)))
          .isEqualTo(BigInteger.TEN.pow(exponent));
    }
  }

  @Property(tries = 5000)
  void quotient_isTheTruncatedDivision(@ForAll long dividend,
      @ForAll @IntRange(min = 0, max = PowersOfTen.MAX_EXPONENT) int exponent) {
    assertThat(PowersOfTen.quotient(dividend, exponent))
        .isEqualTo(dividend / PowersOfTen.of(exponent));
  }

  /** Dividends next to multiples of the divisor, where a quotient one off would show. */
  @Provide
  Arbitrary<long[]> nearMultiples() {
    Arbitrary<Integer> exponents = Arbitraries.integers().between(1, PowersOfTen.MAX_EXPONENT);
    return exponents.flatMap(exponent -> {
      long divisor = PowersOfTen.of(exponent);
      long most = Long.MAX_VALUE / divisor - 1;
      return Arbitraries.longs().between(-most, most).flatMap(multiple -> Arbitraries.longs()
          .between(-2, 2).map(offset -> new long[] {multiple * divisor + offset, exponent}));
    });
  }

  @Property(tries = 5000)
  void quotient_nearMultiples_isTheTruncatedDivision(@ForAll("nearMultiples") long[] input) {
    long dividend = input[0];
    int exponent = (int) input[1];
    assertThat(PowersOfTen.quotient(dividend, exponent))
        .isEqualTo(dividend / PowersOfTen.of(exponent));
  }

  @Test
  void quotient_atTheEndsOfLong() {
    long[] dividends = {Long.MIN_VALUE, Long.MIN_VALUE + 1, -1, 0, 1, Long.MAX_VALUE - 1,
        Long.MAX_VALUE};
    for (int exponent = 0; exponent <= PowersOfTen.MAX_EXPONENT; exponent++) {
      for (long dividend : dividends) {
        assertThat(PowersOfTen.quotient(dividend, exponent)).as("%s / 10^%s", dividend, exponent)
            .isEqualTo(dividend / PowersOfTen.of(exponent));
      }
    }
  }
}
