package dev.affiliatekit.internal;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Checks of the elements that callers hand to the library in collections and maps. */
public final class Elements {

  private Elements() {}

  /**
   * Checks that no value is null, or throws a {@link NullPointerException} that names the field
   * and the index of the first null, such as {@code codes contains null at index 1}.
   *
   * @param values the values
   * @param field the name of the collection, for the message
   * @throws NullPointerException if the collection or one of its values is null
   */
  public static void checkNoNull(Collection<?> values, String field) {
    checkNotNull(field, "field");
    checkNotNull(values, field);
    int index = 0;
    for (Object value : values) {
      checkNotNull(value, "%s contains null at index %s", field, index);
      index++;
    }
  }

  /**
   * Returns an unmodifiable copy of the values, checked as {@link #checkNoNull} does.
   *
   * @param values the values
   * @param field the name of the collection, for the message
   * @param <T> the type of the values
   * @return the copy
   * @throws NullPointerException if the collection or one of its values is null
   */
  public static <T> List<T> copyOf(Collection<? extends T> values, String field) {
    checkNotNull(field, "field");
    checkNotNull(values, field);
    try {
      // An unmodifiable list is its own copy, read without an iterator: results copy their lists
      // on every evaluation. Any other collection is copied from one snapshot of its values.
      return List.copyOf(values);
    } catch (NullPointerException containsNull) {
      // One was given: named by its index in a snapshot, which another thread cannot change.
      Object[] snapshot = values.toArray();
      for (int i = 0; i < snapshot.length; i++) {
        checkNotNull(snapshot[i], "%s contains null at index %s", field, i);
      }
      // The first read saw a null that this one does not: a collection that is not thread-safe,
      // changed by another thread while it was read.
      throw new NullPointerException(field + " contains null, or changed while it was read");
    }
  }

  /**
   * Returns an unmodifiable copy of the map sorted by key, or throws a {@link
   * NullPointerException} that names the field and the key of a null value, such as {@code
   * reversed has null for key mia}, or a null key.
   *
   * @param map the map
   * @param field the name of the map, for the message
   * @param <K> the type of the keys
   * @param <V> the type of the values
   * @return the copy
   * @throws NullPointerException if the map, a key or a value is null
   */
  public static <K extends Comparable<? super K>, V> SortedMap<K, V> sortedCopyOf(Map<K, V> map,
      String field) {
    checkNotNull(field, "field");
    checkNotNull(map, field);
    SortedMap<K, V> copy = new TreeMap<>();
    for (Map.Entry<K, V> entry : map.entrySet()) {
      K key = checkNotNull(entry.getKey(), "%s has a null key", field);
      copy.put(key, checkNotNull(entry.getValue(), "%s has null for key %s", field, key));
    }
    return Collections.unmodifiableSortedMap(copy);
  }
}
