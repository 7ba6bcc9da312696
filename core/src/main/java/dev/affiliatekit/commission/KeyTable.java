package dev.affiliatekit.commission;

import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The rules of one target level by key (affiliate, group, category or product): an open-addressing
 * table probed with the key's hash, which a {@link String} keeps once computed. A key of the sale
 * that no rule targets is mostly told apart by its hash alone, without reading its characters,
 * and a lookup follows no chain of nodes. Instances are immutable and thread-safe.
 */
final class KeyTable {

  static final KeyTable EMPTY = new KeyTable(Map.of());

  private final int mask;
  private final int[] hashes;
  private final @Nullable String[] keys;
  private final CompiledRule[][] values;
  private final boolean empty;
  /**
   * A bit per key, at a place its hash picks, so that a key no rule targets is mostly turned
   * away by one bit: about one in sixteen passes and is looked for in the table.
   */
  private final long[] filter;
  private final int filterMask;

  KeyTable(Map<String, CompiledRule[]> rulesByKey) {
    // At most half full, so that a key that is not there ends its probe after a slot or two.
    int capacity = Integer.highestOneBit(Math.max(1, rulesByKey.size()) * 4 - 1);
    this.mask = capacity - 1;
    this.hashes = new int[capacity];
    this.keys = new String[capacity];
    this.values = new CompiledRule[capacity][];
    this.empty = rulesByKey.isEmpty();
    // At least sixteen bits per key, a power of two of them, in one long or more.
    int bits = Integer.highestOneBit(Math.max(1, rulesByKey.size()) * 16 - 1) * 2;
    this.filter = new long[Math.max(1, bits / 64)];
    this.filterMask = filter.length - 1;
    rulesByKey.forEach((key, rules) -> {
      int hash = key.hashCode();
      filter[filterIndex(hash)] |= 1L << hash;
      int slot = spread(hash) & mask;
      while (keys[slot] != null) {
        slot = (slot + 1) & mask;
      }
      hashes[slot] = hash;
      keys[slot] = key;
      values[slot] = rules;
    });
  }

  private static int spread(int hash) {
    return hash ^ (hash >>> 16);
  }

  /** {@return the long of the filter that holds a hash's bit, which is its low six bits} */
  private int filterIndex(int hash) {
    return (hash >>> 6 ^ hash >>> 19) & filterMask;
  }

  /** {@return whether no rule has a key of this level} */
  boolean isEmpty() {
    return empty;
  }

  /** {@return the rules of the key, in order of precedence; none if no rule targets it} */
  CompiledRule[] get(String key) {
    int hash = key.hashCode();
    if ((filter[filterIndex(hash)] & (1L << hash)) == 0) {
      return RuleIndex.NONE;
    }
    int slot = spread(hash) & mask;
    while (true) {
      String candidate = keys[slot];
      if (candidate == null) {
        return RuleIndex.NONE;
      }
      if (hashes[slot] == hash && candidate.equals(key)) {
        return values[slot];
      }
      slot = (slot + 1) & mask;
    }
  }
}
