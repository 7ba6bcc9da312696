package dev.affiliatekit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/**
 * The tables rely on {@link HashKeys#mix} being a bijection for each key: they tell keys of one
 * hash code by the mixed value alone.
 */
class HashKeysProperties {

  @Property
  void mix_isUndoneByItsInverse(@ForAll int hashCode, @ForAll int key) {
    assertThat(unmix(HashKeys.mix(hashCode, key), key)).isEqualTo(hashCode);
  }

  private static int unmix(int mixed, int key) {
    int h = undoShift(mixed, 16);
    h *= inverse(0xC2B2_AE35);
    h = undoShift(h, 13);
    h *= inverse(0x85EB_CA6B);
    h = undoShift(h, 16);
    return h ^ key;
  }

  /** {@return x such that x ^ (x >>> shift) is the value} */
  private static int undoShift(int value, int shift) {
    int x = value;
    for (int i = 0; i < 32 / shift + 1; i++) {
      x = value ^ (x >>> shift);
    }
    return x;
  }

  /** {@return the inverse of an odd number modulo 2^32, by Newton's iteration} */
  private static int inverse(int odd) {
    int x = odd;
    for (int i = 0; i < 5; i++) {
      x *= 2 - odd * x;
    }
    return x;
  }
}
