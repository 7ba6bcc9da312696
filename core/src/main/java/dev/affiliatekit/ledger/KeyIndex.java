package dev.affiliatekit.ledger;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import org.jspecify.annotations.Nullable;

/**
 * A map from string keys to values for the ledger's indexes, which only grow: open addressing
 * with linear probing over parallel arrays, and each key's hash kept beside it.
 *
 * <p>A {@link java.util.HashMap} allocates a node per key and, when it grows, walks every node
 * again; an index of millions of idempotency keys spent much of a posting there. Here an insertion
 * writes three array slots, a miss compares hashes only, and growing rehashes from the hash array
 * without touching a key. Keys are never removed. Not thread-safe.
 *
 * @param <V> the type of the values
 */
final class KeyIndex<V> {

  private static final int MAX_CAPACITY = 1 << 30;

  private String[] keys;
  private Object[] values;
  private int[] hashes;
  private int mask;
  private int size;

  /** Creates an empty index. */
  KeyIndex() {
    int capacity = 16;
    keys = new String[capacity];
    values = new Object[capacity];
    hashes = new int[capacity];
    mask = capacity - 1;
  }

  /** {@return the number of keys} */
  int size() {
    return size;
  }

  /** Returns the value of a key, or null if the key is absent. */
  @Nullable V get(String key) {
    int hash = hash(key);
    String[] keys = this.keys;
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      String present = keys[i];
      if (present == null) {
        return null;
      }
      if (hashes[i] == hash && (present == key || present.equals(key))) {
        return value(i);
      }
    }
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

  private @Nullable V insert(String key, V value, boolean replace) {
    checkNotNull(value, "value");
    int hash = hash(key);
    for (int i = hash & mask; ; i = (i + 1) & mask) {
      String present = keys[i];
      if (present == null) {
        // One slot always stays empty, so that every probe sequence ends.
        if (size == mask) {
          throw new IllegalStateException("key index is full: " + size + " keys");
        }
        keys[i] = key;
        values[i] = value;
        hashes[i] = hash;
        // Grows past three quarters full: probes compare hashes in adjacent slots, which is cheap
        // enough at that load, and the arrays stay smaller than a HashMap's nodes and table.
        if (++size > mask - (mask >> 2) && keys.length < MAX_CAPACITY) {
          grow();
        }
        return null;
      }
      if (hashes[i] == hash && (present == key || present.equals(key))) {
        V old = value(i);
        if (replace) {
          values[i] = value;
        }
        return old;
      }
    }
  }

  private void grow() {
    String[] oldKeys = keys;
    Object[] oldValues = values;
    int[] oldHashes = hashes;
    int capacity = oldKeys.length * 2;
    keys = new String[capacity];
    values = new Object[capacity];
    hashes = new int[capacity];
    mask = capacity - 1;
    for (int j = 0; j < oldKeys.length; j++) {
      if (oldKeys[j] != null) {
        int hash = oldHashes[j];
        int i = hash & mask;
        while (keys[i] != null) {
          i = (i + 1) & mask;
        }
        keys[i] = oldKeys[j];
        values[i] = oldValues[j];
        hashes[i] = hash;
      }
    }
  }

  @SuppressWarnings("unchecked") // only values of type V are ever stored
  private V value(int i) {
    return (V) values[i];
  }

  /**
   * Spreads a string's hash over all bits (Fibonacci hashing), as keys such as {@code order-17}
   * and {@code order-18} have nearby hash codes that would otherwise fill neighbouring slots.
   */
  private static int hash(String key) {
    int h = key.hashCode() * 0x9E3779B9;
    return h ^ (h >>> 16);
  }
}
