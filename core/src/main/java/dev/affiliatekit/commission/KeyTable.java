package dev.affiliatekit.commission;

import dev.affiliatekit.internal.HashKeys;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The rules of one target level by key (affiliate, group, category or product): an open-addressing
 * table probed with the key's hash, which a {@link String} keeps once computed. A key of the sale
 * that no rule targets is mostly told apart by its hash alone, without reading its characters,
 * and a lookup follows no chain of nodes, unless its hash code is crowded (below). Instances are
 * immutable and thread-safe.
 *
 * <p>Keys may be ids that affiliates choose. The table places a key by its hash mixed with the
 * secret key of {@link HashKeys}, and holds at most {@value HashKeys#MAX_SAME_HASH} keys of one
 * hash code, which anyone can make: the others are kept in a {@link HashMap}, which orders them.
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
  /**
   * The rules of the keys that found {@value HashKeys#MAX_SAME_HASH} keys of their hash code in the
   * table, or null while there are none.
   */
  private final @Nullable Map<String, CompiledRule[]> crowded;

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
    Map<String, CompiledRule[]> beside = null;
    for (Map.Entry<String, CompiledRule[]> entry : rulesByKey.entrySet()) {
      String key = entry.getKey();
      int hash = key.hashCode();
      filter[filterIndex(hash)] |= 1L << hash;
      int slot = spread(hash) & mask;
      int sameHash = 0;
      while (keys[slot] != null) {
        sameHash += hashes[slot] == hash ? 1 : 0;
        slot = (slot + 1) & mask;
      }
      if (sameHash >= HashKeys.MAX_SAME_HASH) {
        if (beside == null) {
          beside = new HashMap<>();
        }
        beside.put(key, entry.getValue());
      } else {
        hashes[slot] = hash;
        keys[slot] = key;
        values[slot] = entry.getValue();
      }
    }
    this.crowded = beside;
  }

  private static int spread(int hash) {
    return HashKeys.spread(hash);
  }

  /** {@return the number of keys kept beside the table, as their hash code is crowded} */
  int crowdedSize() {
    return crowded == null ? 0 : crowded.size();
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
    int sameHash = 0;
    while (true) {
      String candidate = keys[slot];
      if (candidate == null) {
        // The table's keys of one hash code all lie between its first slot and this one.
        return sameHash < HashKeys.MAX_SAME_HASH || crowded == null ? RuleIndex.NONE
            : crowded.getOrDefault(key, RuleIndex.NONE);
      }
      if (hashes[slot] == hash) {
        if (candidate.equals(key)) {
          return values[slot];
        }
        sameHash++;
      }
      slot = (slot + 1) & mask;
    }
  }
}
