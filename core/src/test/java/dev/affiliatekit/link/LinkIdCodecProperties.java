package dev.affiliatekit.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;

class LinkIdCodecProperties {

  private static final LinkIdCodec CODEC = LinkIdCodec.withSecret(
      new byte[] {7, 1, 4, 2, 8, 5, 7, 1, 4, 2, 8, 5, 7, 1, 4, 2, 8, 5});

  @Provide
  Arbitrary<Long> anyId() {
    return Arbitraries.longs().withDistribution(RandomDistribution.uniform())
        .edgeCases(edges -> edges.includeOnly(Long.MIN_VALUE, Long.MAX_VALUE, 0L, -1L, 1L));
  }

  @Provide
  Arbitrary<byte[]> secret() {
    return Arbitraries.bytes().array(byte[].class).ofMinSize(16).ofMaxSize(64);
  }

  @Property
  void decode_inverts_encode_overTheWholeLongRange(@ForAll("anyId") long id,
      @ForAll("secret") byte[] secret) {
    LinkIdCodec codec = LinkIdCodec.withSecret(secret);
    LinkCode code = codec.encode(id);
    assertThat(code.length()).isEqualTo(LinkIdCodec.CODE_LENGTH);
    assertThat(LinkCode.parse(code.toString())).isEqualTo(code);
    assertThat(codec.decode(code)).isEqualTo(id);
  }

  @Property
  void permute_isABijection_unpermuteInvertsIt(@ForAll("anyId") long value) {
    assertThat(CODEC.unpermute(CODEC.permute(value))).isEqualTo(value);
    assertThat(CODEC.permute(CODEC.unpermute(value))).isEqualTo(value);
  }

  @Property(tries = 5)
  void encode_neverCollides_onABlockOfIds(@ForAll("anyId") long start) {
    // Decoding proves injectivity for every id; this also checks the codes as text.
    Set<LinkCode> codes = new HashSet<>();
    for (long id = start; id != start + 50_000; id++) {
      codes.add(CODEC.encode(id));
    }
    assertThat(codes).hasSize(50_000);
  }

  @Property(tries = 20)
  void encode_neighbouringIds_giveUnrelatedCodes(@ForAll("anyId") long start) {
    // Consecutive ids must differ in about half of the 64 bits of their permuted values: a mean
    // Hamming distance of 32 with a standard deviation of 4 / sqrt(pairs) = 0.04 over 10,000 pairs.
    long distance = 0;
    int pairs = 10_000;
    for (int i = 0; i < pairs; i++) {
      distance += Long.bitCount(CODEC.permute(start + i) ^ CODEC.permute(start + i + 1));
    }
    assertThat((double) distance / pairs).isBetween(31.5, 32.5);
  }

  @Property(tries = 1)
  void permute_everyInputBit_flipsEveryOutputBitHalfTheTime() {
    // Strict avalanche: flipping input bit i flips output bit j with probability 1/2. With 4,000
    // samples per input bit the count of flips has a standard deviation of 32, so [1700, 2300]
    // is more than 9 deviations wide on each side.
    SplittableRandom random = new SplittableRandom(42);
    int samples = 4_000;
    for (int in = 0; in < 64; in++) {
      int[] flips = new int[64];
      for (int s = 0; s < samples; s++) {
        long x = random.nextLong();
        long difference = CODEC.permute(x) ^ CODEC.permute(x ^ 1L << in);
        for (int out = 0; out < 64; out++) {
          flips[out] += (int) (difference >>> out & 1);
        }
      }
      for (int out = 0; out < 64; out++) {
        assertThat(flips[out]).as("input bit %s, output bit %s", in, out).isBetween(1700, 2300);
      }
    }
  }
}
