package dev.affiliatekit.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.testing.NullPointerTester;
import dev.affiliatekit.testing.LinkArbitraries;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class LinkCodeGeneratorTest {

  @Nested
  class Random {

    @Test
    void random_default_makesElevenSymbolCodesThatParse() {
      LinkCodeGenerator generator = LinkCodeGenerator.random();
      Set<LinkCode> codes = new HashSet<>();
      for (int i = 0; i < 1000; i++) {
        LinkCode code = generator.next();
        assertThat(code.length()).isEqualTo(LinkCodeGenerator.DEFAULT_LENGTH + 1);
        assertThat(LinkCode.parse(code.toString())).isEqualTo(code);
        codes.add(code);
      }
      // 1000 draws from 2^50 codes collide with probability below 10^-9.
      assertThat(codes).hasSize(1000);
    }

    @Test
    void random_seeded_workedExample() {
      // The example of the javadoc. Its symbols come from SplittableRandom(7).nextLong(), low
      // five bits first; see takesFiveBitsPerSymbol for the mapping, checked by hand.
      LinkCodeGenerator generator = LinkCodeGenerator.random(new SplittableRandom(7), 6);
      assertThat(generator.next()).hasToString("QE34KC9");
      assertThat(generator.next()).hasToString("WGSR3TH");
    }

    @Test
    void random_takesFiveBitsPerSymbol_lowBitsFirst() {
      // 0b00010_00001_00000 ... : symbol i is bits [5i, 5i + 5) of the long.
      long bits = 0L | 1L << 5 | 2L << 10 | 31L << 15 | 16L << 20 | 10L << 25;
      LinkCodeGenerator generator = LinkCodeGenerator.random(fixed(bits), 6);
      // 0, 1, 2, 31, 16, 10 are 0 1 2 Z G A; the check symbol is computed independently.
      assertThat(generator.next()).hasToString("012ZGA" + LinkArbitraries.checkSymbolOf("012ZGA"));
    }

    @Test
    void random_longCodes_drawAnotherLongEveryTwelveSymbols() {
      AtomicLong calls = new AtomicLong();
      RandomGenerator counting = () -> {
        calls.incrementAndGet();
        return -1L;
      };
      LinkCode code = LinkCodeGenerator.random(counting, 25).next();
      assertThat(calls).hasValue(3);
      assertThat(code.toString()).startsWith("Z".repeat(25));
    }

    @Test
    void random_lengthOutOfBounds_isRejected() {
      assertThatThrownBy(() -> LinkCodeGenerator.random(new SplittableRandom(1), 3))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("random code length must be within [4, 31]: 3");
      assertThatThrownBy(() -> LinkCodeGenerator.random(new SplittableRandom(1), 32))
          .hasMessage("random code length must be within [4, 31]: 32");
      assertThat(LinkCodeGenerator.random(new SplittableRandom(1), 31).next().length())
          .isEqualTo(32);
    }

    private RandomGenerator fixed(long value) {
      return () -> value;
    }
  }

  @Nested
  class FromIds {

    @Test
    void fromIds_encodesTheIdsItDraws() {
      LinkIdCodec codec = LinkIdCodec.withSecret(new byte[16]);
      AtomicLong sequence = new AtomicLong();
      LinkCodeGenerator generator = LinkCodeGenerator.fromIds(codec, sequence::incrementAndGet);
      LinkCode first = generator.next();
      LinkCode second = generator.next();
      assertThat(codec.decode(first)).isEqualTo(1);
      assertThat(codec.decode(second)).isEqualTo(2);
      assertThat(first).isEqualTo(codec.encode(1));
    }
  }

  @Nested
  class Vanity {

    @Test
    void vanity_yieldsTheNameThenSuffixes() {
      LinkCodeGenerator generator = LinkCodeGenerator.vanity("Jane Doe", VanityPolicy.defaults());
      assertThat(generator.next()).hasToString("JANEDOE");
      assertThat(generator.next()).hasToString("JANEDOE2");
      assertThat(generator.next()).hasToString("JANEDOE3");
    }

    @Test
    void vanity_afterMaxAttempts_throws() {
      VanityPolicy policy = VanityPolicy.builder().maxAttempts(2).build();
      LinkCodeGenerator generator = LinkCodeGenerator.vanity("Jane Doe", policy);
      assertThat(generator.next()).hasToString("JANEDOE");
      assertThat(generator.next()).hasToString("JANEDOE2");
      assertThatThrownBy(generator::next)
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("vanity code candidates are used up: 'Jane Doe' has 2 candidates"
              + " that the policy allows");
    }

    /** Regression: the generator kept the caller's buffer and named what it held later. */
    @Test
    void vanity_ofABufferTheCallerReuses_namesTheNameItWasMadeFrom() {
      StringBuilder name = new StringBuilder("Jane Doe");
      LinkCodeGenerator generator = LinkCodeGenerator.vanity(name,
          VanityPolicy.builder().maxAttempts(1).build());
      name.setLength(0);
      name.append("Bob Smith");

      assertThat(generator).hasToString("LinkCodeGenerator.vanity('Jane Doe')");
      assertThat(generator.next()).hasToString("JANEDOE");
      assertThatThrownBy(generator::next).hasMessageContaining("'Jane Doe'");
    }
  }

  @Test
  void nulls_areRejected() {
    new NullPointerTester()
        .setDefault(RandomGenerator.class, new SplittableRandom(1))
        .setDefault(LinkIdCodec.class, LinkIdCodec.withSecret(new byte[16]))
        .setDefault(VanityPolicy.class, VanityPolicy.defaults())
        .setDefault(CharSequence.class, "Jane")
        .setDefault(int.class, 10)
        .testAllPublicStaticMethods(LinkCodeGenerator.class);
  }
}
