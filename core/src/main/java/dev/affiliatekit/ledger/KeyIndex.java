package dev.affiliatekit.ledger;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.affiliatekit.internal.HashKeys;
import java.util.Arrays;
import java.util.HashMap;
import org.jspecify.annotations.Nullable;

/**
 * A map from string keys to values for the ledger's indexes, which only grow: keys and values in
 * arrays in insertion order, and an open-addressing table of their positions.
 *
 * <p>A {@link java.util.HashMap} allocates a node per key and, when it grows, walks every node
 * again; an index of millions of idempotency keys spent much of a posting there. Here each table
 * slot is one {@code long}, the key's hash beside its position, so a probe reads one slot, a miss
 * compares hashes only, and growing rehashes the table alone without touching a key. An insertion
 * writes one table slot (or, for a crowded hash code, one entry of the map below) and appends to
 * the two arrays. Keys are never removed. Not thread-safe.
 *
 * <p>Anyone can make strings of one hash code ({@code "Aa"} and {@code "BB"}, and any strings built
 * of them alike), and each such key would make every later probe for that hash compare it again. So
 * the table holds at most {@value HashKeys#MAX_SAME_HASH} keys of one hash code, and the others of
 * it go to a {@link HashMap}, which orders keys of equal hash codes by {@link String#compareTo}: n
 * such keys take time in n log n, not n².
 *
 * @param <V> the type of the values
 */
final class KeyIndex<V> {

  /** The most keys an index holds: positions are stored as an {@code int}. */
  private static final int MAX_SIZE = 1 << 29;

  /** What {@link #find} returns for an absent key that goes to {@link #crowded}. */
  private static final int TO_CROWDED = Integer.MIN_VALUE;

  /**
   * Linear probing table: 0 for an empty slot, else the spread hash in the high half and the
   * position plus one in the low half.
   */
  private long[] table = new long[16];
  private String[] keys = new String[8];
  private Object[] values = new Object[8];
  private int size;
  /**
   * The positions of the keys that found {@value HashKeys#MAX_SAME_HASH} keys of their hash code in
   * the table, or null while there are none.
   */
  private @Nullable HashMap<String, Integer> crowded;

  /** {@return the number of keys} */
  int size() {
    return size;
  }

  /** Calls the action with each value, in the order its key was first put. */
  void forEachValue(java.util.function.Consumer<? super V> action) {
    for (int position = 0; position < size; position++) {
      action.accept(value(position));
    }
  }

  /** Returns the value of a key, or null if the key is absent. */
  @Nullable V get(String key) {
    int position = find(key, hash(key));
    return position < 0 ? null : value(position);
  }

  /** Maps a key to a value, and returns the value it replaced, or null if the key was absent. */
  @CanIgnoreReturnValue
  @Nullable V put(String key, V value) {
    return insert(key, value, true);
  }

  /** Maps an absent key to a value; returns the present value, or null if the key was absent. */
  @CanIgnoreReturnValue
  @Nullable V putIfAbsent(String key, V value) {
    return insert(key, value, false);
  }

  /**
   * Returns the position of a key; for an absent key, minus one less the empty slot where it would
   * go, or {@link #TO_CROWDED} if the table holds {@value HashKeys#MAX_SAME_HASH} keys of its hash
   * code.
   */
  private int find(String key, int hash) {
    long[] table = this.table;
    int mask = table.length - 1;
    int sameHash = 0;
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      long slot = table[i];
      if (slot == 0) {
        // The keys of one hash code in the table all lie between its first slot and this one.
        return sameHash < HashKeys.MAX_SAME_HASH ? -1 - i : findCrowded(key);
      }
      if ((int) (slot >>> 32) == hash) {
        int position = (int) slot - 1;
        String present = keys[position];
        if (present.equals(key)) {
          return position;
        }
        sameHash++;
      }
    }
  }

  private int findCrowded(String key) {
    Integer position = crowded == null ? null : crowded.get(key);
    return position == null ? TO_CROWDED : position;
  }

  private @Nullable V insert(String key, V value, boolean replace) {
    checkNotNull(value, "value");
    int hash = hash(key);
    int found = find(key, hash);
    if (found >= 0) {
      V old = value(found);
      if (replace) {
        values[found] = value;
      }
      return old;
    }
    if (size == MAX_SIZE) {
      throw new IllegalStateException("key index is full: " + size + " keys");
    }
    if (size == keys.length) {
      int length = (int) Math.min(MAX_SIZE, 2L * size);
      keys = Arrays.copyOf(keys, length);
      values = Arrays.copyOf(values, length);
    }
    int position = size++;
    keys[position] = key;
    values[position] = value;
    if (found == TO_CROWDED) {
      if (crowded == null) {
        crowded = new HashMap<>();
      }
      crowded.put(key, position);
      return null;
    }
    table[-1 - found] = slot(hash, position);
    // Grows past three quarters full: probes compare hashes in adjacent slots, which is cheap
    // enough at that load.
    if (size - crowdedSize() > table.length - (table.length >> 2)) {
      rehash(table.length * 2);
    }
    return null;
  }

  /** {@return the number of keys kept beside the table, as their hash code is crowded} */
  int crowdedSize() {
    return crowded == null ? 0 : crowded.size();
  }

  private void rehash(int capacity) {
    long[] grown = new long[capacity];
    int mask = capacity - 1;
    for (long slot : table) {
      if (slot != 0) {
        int i = (int) (slot >>> 32) & mask;
        while (grown[i] != 0) {
          i = (i + 1) & mask;
        }
        grown[i] = slot;
      }
    }
    table = grown;
  }

  private static long slot(int hash, int position) {
    return ((long) hash << 32) | (position + 1L);
  }

  @SuppressWarnings("unchecked") // only values of type V are ever stored
  private V value(int position) {
    return (V) values[position];
  }

  /**
   * Spreads a string's hash over all bits, as keys such as {@code order-17} and {@code order-18}
   * have nearby hash codes that would otherwise fill neighbouring slots, with the secret key of
   * {@link HashKeys}, so that nobody can choose keys that do.
   */
  private static int hash(String key) {
    return HashKeys.spread(key.hashCode());
  }
}
