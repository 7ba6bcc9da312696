package dev.affiliatekit.internal;

import java.security.SecureRandom;

/**
 * Secret keys for the hash tables whose keys come from outside, such as visitor and order ids.
 *
 * <p>A table that places a key by a function of its {@link String#hashCode()} that anyone can
 * compute lets anyone choose ids that land side by side, since a string of any hash code is easy
 * to write: each such id then makes every later probe among them longer, so that n of them take
 * time in n². Mixing the hash code with a secret key, drawn from a {@link SecureRandom} once per
 * class loader, hides where an id lands. Ids of one hash code still land together, whatever the
 * key; the tables keep at most a few of them each and the others in a {@link java.util.HashMap},
 * which orders keys of one hash code by {@link String#compareTo}.
 *
 * <p>The key decides only where a table keeps a key, never what it answers. Not API.
 */
public final class HashKeys {

  /**
   * The most keys of one hash code that a table keeps; it keeps the others of that hash code in a
   * {@link java.util.HashMap}, which orders them.
   */
  public static final int MAX_SAME_HASH = 8;

  private static final int KEY = new SecureRandom().nextInt();

  private HashKeys() {}

  /**
   * {@return the hash code mixed with this class loader's secret key} Two hash codes spread to
   * the same value only if they are equal.
   *
   * @param hashCode the hash code
   */
  public static int spread(int hashCode) {
    return mix(hashCode, KEY);
  }

  /**
   * {@return the stripe of a key among 2<sup>bits</sup>: the top bits of its hash code times the
   * golden ratio} Unkeyed, so that which keys share a stripe is the same in every run; and not the
   * low bits, which a {@link java.util.HashMap} of the stripe takes for its bucket, so that the
   * keys of a stripe spread over its buckets.
   *
   * @param hashCode the key's hash code
   * @param bits the number of bits of a stripe's number, from 1 to 31
   */
  public static int stripe(int hashCode, int bits) {
    return (hashCode * 0x9E37_79B9) >>> (32 - bits);
  }

  /**
   * {@return the hash code mixed with the key, all of whose bits depend on every bit of both}
   * A bijection for each key.
   */
  static int mix(int hashCode, int key) {
    // The finalizer of MurmurHash3.
    int h = hashCode ^ key;
    h ^= h >>> 16;
    h *= 0x85EB_CA6B;
    h ^= h >>> 13;
    h *= 0xC2B2_AE35;
    return h ^ (h >>> 16);
  }
}
