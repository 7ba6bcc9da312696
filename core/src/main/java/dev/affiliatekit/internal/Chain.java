package dev.affiliatekit.internal;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An immutable sequence that grows at its end in constant time and shares what it held before,
 * for figures that are kept per period and staged as new values before they are committed: adding
 * to a list by copying it would make a period of {@code n} additions cost {@code n²}. Not API.
 *
 * @param <E> the type of the elements
 */
public final class Chain<E> {

  private static final Chain<?> EMPTY = new Chain<>(null, null, 0);

  private final @Nullable E last;
  private final @Nullable Chain<E> before;
  private final int size;

  private Chain(@Nullable E last, @Nullable Chain<E> before, int size) {
    this.last = last;
    this.before = before;
    this.size = size;
  }

  /**
   * {@return the chain of no elements}
   *
   * @param <E> the type of the elements
   */
  @SuppressWarnings("unchecked") // It holds no element, so it is a chain of any type.
  public static <E> Chain<E> empty() {
    return (Chain<E>) EMPTY;
  }

  /**
   * Returns this chain's elements followed by the element; this chain does not change.
   *
   * @param element the element to add at the end
   * @return the longer chain
   * @throws NullPointerException if the element is null
   * @throws IllegalStateException if this chain already holds {@link Integer#MAX_VALUE} elements
   */
  public Chain<E> plus(E element) {
    checkNotNull(element, "element");
    if (size == Integer.MAX_VALUE) {
      throw new IllegalStateException("chain is full: " + size);
    }
    return new Chain<>(element, this, size + 1);
  }

  /** {@return the number of elements} */
  public int size() {
    return size;
  }

  /** {@return the elements in the order they were added, as an unmodifiable list} */
  public List<E> toList() {
    if (size == 0) {
      return List.of();
    }
    Object[] elements = new Object[size];
    @Nullable Chain<E> link = this;
    for (int i = size - 1; link != null && i >= 0; i--) {
      elements[i] = link.last;
      link = link.before;
    }
    @SuppressWarnings("unchecked") // Every element was added as an E.
    List<E> list = (List<E>) Collections.unmodifiableList(Arrays.asList(elements));
    return list;
  }

  @Override
  public String toString() {
    return toList().toString();
  }
}
