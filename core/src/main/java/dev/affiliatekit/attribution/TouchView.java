package dev.affiliatekit.attribution;

import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;
import org.jspecify.annotations.Nullable;

/**
 * The touches of one evaluation in chronological order, read by position, so that the attributor
 * can decide without making a {@link Touchpoint} object for every touch: it makes one only for a
 * touch that a result hands out, when the caller first reads it.
 */
abstract class TouchView {

  private static final Touchpoint[] NONE = new Touchpoint[0];

  /** {@return a view of touches that are already objects, in chronological order} */
  static TouchView of(Touchpoint[] touches) {
    return new ArrayView(touches);
  }

  /** {@return a view of no touches} */
  static TouchView empty() {
    return new ArrayView(NONE);
  }

  abstract int size();

  abstract long epochNanos(int position);

  abstract TouchpointKind kind(int position);

  /** {@return the affiliate's id; the same instance for every touch of that affiliate if possible} */
  abstract String affiliateId(int position);

  abstract Touchpoint touchpoint(int position);

  /**
   * {@return a small number for the affiliate, the same for all its touches in this store, or -1
   * if the view has none}
   */
  int affiliateKey(int position) {
    return -1;
  }

  /** {@return the touches at the given positions, made into objects as they are read} */
  final List<Touchpoint> list(int[] positions, int size) {
    return size == 0 ? List.of() : new TouchList(this, positions, size, null);
  }

  /** {@return the touches at the given positions, all of the given affiliate} */
  final List<Touchpoint> listOf(String affiliateId, int[] positions, int size) {
    return size == 0 ? List.of() : new TouchList(this, positions, size, affiliateId);
  }

  /** {@return the one touch at the given position} */
  final List<Touchpoint> single(int position) {
    return new TouchList(this, new int[] {position}, 1, affiliateId(position));
  }

  /** {@return whether two touches belong to the same affiliate} */
  boolean sameAffiliate(int a, int b) {
    // Interned ids make this an identity check in String.equals's first line.
    return affiliateId(a).equals(affiliateId(b));
  }

  private static final class ArrayView extends TouchView {
    private final Touchpoint[] touches;

    ArrayView(Touchpoint[] touches) {
      this.touches = touches;
    }

    @Override
    int size() {
      return touches.length;
    }

    @Override
    long epochNanos(int position) {
      return touches[position].epochNanos();
    }

    @Override
    TouchpointKind kind(int position) {
      return touches[position].kind();
    }

    @Override
    String affiliateId(int position) {
      return touches[position].affiliateId();
    }

    @Override
    Touchpoint touchpoint(int position) {
      return touches[position];
    }
  }

  /**
   * An unmodifiable list of some touches of a view. Results hold these instead of copies: they
   * are built in chronological order by the attributor, which is why the records that hold them
   * trust them without checking or copying again.
   */
  static final class TouchList extends AbstractList<Touchpoint> implements RandomAccess {
    private final TouchView view;
    private final int[] positions;
    private final int size;
    private final @Nullable String affiliateId;

    TouchList(TouchView view, int[] positions, int size, @Nullable String affiliateId) {
      this.view = view;
      this.positions = positions;
      this.size = size;
      this.affiliateId = affiliateId;
    }

    /** {@return whether every touch of this list belongs to the affiliate} */
    boolean allOf(String affiliate) {
      return affiliateId != null && affiliateId.equals(affiliate);
    }

    @Override
    public Touchpoint get(int index) {
      if (index < 0 || index >= size) {
        throw new IndexOutOfBoundsException("index " + index + " of " + size);
      }
      return view.touchpoint(positions[index]);
    }

    @Override
    public int size() {
      return size;
    }
  }

  /** An unmodifiable list of the excluded touches of a view with their reasons. */
  static final class ExclusionList extends AbstractList<Exclusion> implements RandomAccess {
    private final TouchView view;
    private final int[] positions;
    private final ExclusionReason[] reasons;
    private final int size;

    ExclusionList(TouchView view, int[] positions, ExclusionReason[] reasons, int size) {
      this.view = view;
      this.positions = positions;
      this.reasons = reasons;
      this.size = size;
    }

    @Override
    public Exclusion get(int index) {
      if (index < 0 || index >= size) {
        throw new IndexOutOfBoundsException("index " + index + " of " + size);
      }
      return new Exclusion(view.touchpoint(positions[index]), reasons[index]);
    }

    @Override
    public int size() {
      return size;
    }
  }

  /** {@return the list itself if the attributor built it, else an unmodifiable copy} */
  static <T> List<T> trustedOrCopy(List<T> list) {
    return list instanceof TouchList || list instanceof ExclusionList ? list : List.copyOf(list);
  }
}
