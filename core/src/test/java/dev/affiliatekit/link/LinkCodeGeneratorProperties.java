package dev.affiliatekit.link;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affiliatekit.testing.LinkArbitraries;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import java.util.random.RandomGeneratorFactory;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class LinkCodeGeneratorProperties {

  private static final int CODES = 100_000;
  private static final int LENGTH = LinkCodeGenerator.DEFAULT_LENGTH;

  /*
   * Thresholds of the chi-square tests. Under uniformity the statistic over 32 symbols follows
   * chi-square with 31 degrees of freedom, whose 1 - 10^-6 quantile is 83.64; over the 1024
   * pairs of two neighbouring symbols, 1023 degrees of freedom and 1252.58 (computed with
   * scipy.stats.chi2.isf(1e-6, df)). The seeds are fixed (jqwik's seed below, and the seeds it
   * draws), so the tests are deterministic; the thresholds make the chance that an unbiased
   * generator fails any of the 10 tries x 11 tests about 10^-4, while a biased one fails by far:
   * drawing nextInt(37) % 32, which makes 5 symbols twice as likely, gives a statistic of about
   * 31 + 5 * 2280^2 / 3125 + 27 * 422^2 / 3125 = 9,900 (chiSquare_detectsModuloBias).
   */
  private static final double CHI_SQUARE_31_AT_1E_6 = 83.64;
  private static final double CHI_SQUARE_1023_AT_1E_6 = 1252.58;

  @Property(tries = 10, seed = "20261125")
  void random_symbolsAreUniform_atEveryPosition(@ForAll long seed) {
    assertUniform(new SplittableRandom(seed));
  }

  @Property(tries = 3, seed = "20261125")
  void random_symbolsAreUniform_withAnotherAlgorithm(@ForAll long seed) {
    assertUniform(RandomGeneratorFactory.of("L64X128MixRandom").create(seed));
  }

  private static void assertUniform(RandomGenerator random) {
    LinkCodeGenerator generator = LinkCodeGenerator.random(random, LENGTH);
    long[][] counts = new long[LENGTH][32];
    long[] pairs = new long[32 * 32];
    for (int n = 0; n < CODES; n++) {
      String code = generator.next().toString();
      for (int i = 0; i < LENGTH; i++) {
        counts[i][LinkArbitraries.DATA_SYMBOLS.indexOf(code.charAt(i))]++;
      }
      // Neighbours 4 and 5 straddle nothing special; 11 and 12 would straddle two longs.
      pairs[LinkArbitraries.DATA_SYMBOLS.indexOf(code.charAt(4)) * 32
          + LinkArbitraries.DATA_SYMBOLS.indexOf(code.charAt(5))]++;
    }
    for (int i = 0; i < LENGTH; i++) {
      assertThat(chiSquare(counts[i])).as("position %s", i).isLessThan(CHI_SQUARE_31_AT_1E_6);
    }
    assertThat(chiSquare(pairs)).as("pairs").isLessThan(CHI_SQUARE_1023_AT_1E_6);
  }

  @Property(tries = 1)
  void chiSquare_detectsModuloBias() {
    SplittableRandom random = new SplittableRandom(1);
    long[] counts = new long[32];
    for (int n = 0; n < CODES; n++) {
      counts[random.nextInt(37) % 32]++;
    }
    assertThat(chiSquare(counts)).isGreaterThan(100 * CHI_SQUARE_31_AT_1E_6);
  }

  private static double chiSquare(long[] counts) {
    long total = 0;
    for (long count : counts) {
      total += count;
    }
    double expected = (double) total / counts.length;
    double statistic = 0;
    for (long count : counts) {
      statistic += (count - expected) * (count - expected) / expected;
    }
    return statistic;
  }

  @Property
  void random_everyCodeParsesBackToItself(@ForAll long seed,
      @ForAll @IntRange(min = 4, max = 31) int length) {
    LinkCodeGenerator generator = LinkCodeGenerator.random(new SplittableRandom(seed), length);
    for (int i = 0; i < 10; i++) {
      LinkCode code = generator.next();
      assertThat(code.length()).isEqualTo(length + 1);
      assertThat(LinkCode.parse(code.toString())).isEqualTo(code);
      String data = code.toString().substring(0, length);
      assertThat(code.toString().charAt(length)).isEqualTo(LinkArbitraries.checkSymbolOf(data));
    }
  }

  @Property
  void random_sameSeed_sameCodes(@ForAll long seed) {
    LinkCodeGenerator a = LinkCodeGenerator.random(new SplittableRandom(seed), LENGTH);
    LinkCodeGenerator b = LinkCodeGenerator.random(new SplittableRandom(seed), LENGTH);
    for (int i = 0; i < 5; i++) {
      assertThat(a.next()).isEqualTo(b.next());
    }
  }
}
