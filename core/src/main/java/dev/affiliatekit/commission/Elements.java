package dev.affiliatekit.commission;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * Checks of the elements that callers hand to the package in arrays and collections: {@link
 * dev.affiliatekit.internal.Elements}, and arrays as lists.
 */
final class Elements {

  private Elements() {}

  /**
   * Returns an unmodifiable copy of the values, or throws a {@link NullPointerException} that
   * names the field and the index of the first null, such as {@code conditions contains null at
   * index 1}.
   */
  static <T> List<T> copyOf(Collection<? extends T> values, String field) {
    return dev.affiliatekit.internal.Elements.copyOf(values, field);
  }

  /** Checks that no value is null, as {@link #copyOf(Collection, String)} does, without copying. */
  static void checkNoNull(Collection<?> values, String field) {
    dev.affiliatekit.internal.Elements.checkNoNull(values, field);
  }

  /** Returns an unmodifiable copy of the values; see {@link #copyOf(Collection, String)}. */
  static <T> List<T> copyOf(T[] values, String field) {
    return copyOf(Arrays.asList(values), field);
  }
}
