package dev.affiliatekit.attribution;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.affiliatekit.internal.Elements;
import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.RandomAccess;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The touches of one evaluation in chronological order, read by position, with the rule that
 * excluded each, so that the attributor can decide without making a {@link Touchpoint} object for
 * every touch: it makes one only for a touch that a result hands out, when the caller first reads
 * it. A view belongs to one evaluation, which writes the exclusions before it hands out the
 * result; from then on the view, and the lists that the result reads through it, never change.
 */
// A view keeps each touch's exclusion as the reason's ordinal; it lives only in memory.
@SuppressWarnings("EnumOrdinal")
abstract class TouchView {

  private static final Touchpoint[] NONE = new Touchpoint[0];
  private static final ExclusionReason[] REASONS = ExclusionReason.values();

  /** {@return a view of touches that are already objects, in chronological order} */
  static TouchView of(Touchpoint[] touches) {
    return new ArrayView(touches);
  }

  /** {@return a view of the same touches, none excluded, for another evaluation} */
  TouchView copy() {
    Touchpoint[] touches = new Touchpoint[size()];
    for (int i = 0; i < touches.length; i++) {
      touches[i] = touchpoint(i);
    }
    return new ArrayView(touches);
  }

  /** {@return a view of no touches} */
  static TouchView empty() {
    return ArrayView.EMPTY;
  }

  abstract int size();

  abstract long epochNanos(int position);

  abstract TouchpointKind kind(int position);

  /**
   * {@return the affiliate's id; the same instance for every touch of that affiliate if possible}
   */
  abstract String affiliateId(int position);

  abstract Touchpoint touchpoint(int position);

  /** {@return the visitor whose touch it is} */
  abstract String visitorId(int position);

  /** {@return the customer the visitor was signed in as, or null} */
  abstract @Nullable String customerId(int position);

  /** {@return 0 if the touch is eligible so far, else 1 + the ordinal of its exclusion reason} */
  abstract int exclusionCode(int position);

  /** Records the touch's exclusion code: 0 for eligible, else 1 + the reason's ordinal. */
  abstract void setExclusionCode(int position, int code);

  /**
   * {@return a small number for the affiliate, the same for all its touches in this store, or -1
   * if the view has none}
   */
  int affiliateKey(int position) {
    return -1;
  }

  /** {@return whether the touch is still eligible} */
  final boolean isEligible(int position) {
    return exclusionCode(position) == 0;
  }

  /** {@return the rule that excluded the touch, or null while it is eligible} */
  final @Nullable ExclusionReason reason(int position) {
    int code = exclusionCode(position);
    return code == 0 ? null : REASONS[code - 1];
  }

  /** Excludes the touch for the reason, or makes it eligible again for null. */
  final void exclude(int position, @Nullable ExclusionReason reason) {
    setExclusionCode(position, reason == null ? 0 : reason.ordinal() + 1);
  }

  /** {@return the eligible touches, made into objects as they are read} */
  final List<Touchpoint> eligible(int count) {
    return count == 0 ? List.of() : new Eligible(this, count);
  }

  /** {@return the excluded touches with their reasons, made into objects as they are read} */
  final List<Exclusion> excluded(int count) {
    return count == 0 ? List.of() : new Excluded(this, count);
  }

  /** {@return the touches at the given positions, all of the given affiliate} */
  final List<Touchpoint> listOf(String affiliateId, int[] positions, int size) {
    return size == 0 ? List.of() : new TouchList(this, positions, size, affiliateId);
  }

  /** {@return the one touch at the given position, whose affiliate is {@code affiliateId}} */
  final List<Touchpoint> single(int position, String affiliateId) {
    return new Single(this, position, affiliateId);
  }

  /** {@return whether two touches belong to the same affiliate} */
  boolean sameAffiliate(int a, int b) {
    // Interned ids make this an identity check in String.equals's first line.
    return affiliateId(a).equals(affiliateId(b));
  }

  private static final class ArrayView extends TouchView {
    /** A view of no touches, shared: it has no position to exclude, so nothing can change it. */
    static final ArrayView EMPTY = new ArrayView(NONE);

    private final Touchpoint[] touches;
    private final byte[] codes;

    ArrayView(Touchpoint[] touches) {
      this.touches = touches;
      this.codes = new byte[touches.length];
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

    @Override
    String visitorId(int position) {
      return touches[position].visitorId();
    }

    @Override
    @Nullable String customerId(int position) {
      return touches[position].customerIdOrNull();
    }

    @Override
    int exclusionCode(int position) {
      return codes[position];
    }

    @Override
    void setExclusionCode(int position, int code) {
      codes[position] = (byte) code;
    }
  }

  /**
   * An unmodifiable list that the attributor built over a view. Results hold these instead of
   * copies: they are built in chronological order, which is why the records that hold them trust
   * them without checking or copying again.
   */
  abstract static class Built<T> extends AbstractList<T> implements RandomAccess {
    /** The view the list reads. */
    final TouchView view;

    Built(TouchView view) {
      this.view = view;
    }

    /** {@return the position in the view of the touch at the index} */
    abstract int positionAt(int index);
  }

  /**
   * {@return whether a touch of the view was made by one of the visitors or signed in as the
   * customer}
   *
   * @param visitors the visitors, perhaps none
   * @param customerId the customer, or null to match none
   */
  boolean names(Set<String> visitors, @Nullable String customerId) {
    for (int i = 0; i < size(); i++) {
      if (namesAt(i, visitors, customerId)) {
        return true;
      }
    }
    return false;
  }

  /** {@return whether the touch was made by one of the visitors or signed in as the customer} */
  private boolean namesAt(int position, Set<String> visitors, @Nullable String customerId) {
    return visitors.contains(visitorId(position))
        || (customerId != null && customerId.equals(customerId(position)));
  }

  /**
   * {@return the view that the lists list every touch of, each list built over it or empty; null
   * if they do not} The eligible and the excluded touches of an explanation the attributor made
   * list its whole view, which can then be searched as a whole.
   */
  static @Nullable TouchView wholeViewOf(List<?> first, List<?> second) {
    TouchView view = null;
    for (List<?> list : List.of(first, second)) {
      if (list instanceof Built<?> built) {
        if (view != null && view != built.view) {
          return null;
        }
        view = built.view;
      } else if (!list.isEmpty()) {
        return null;
      }
    }
    return view != null && first.size() + second.size() == view.size() ? view : null;
  }

  /**
   * {@return whether a touch of the list, of touches or exclusions, was made by one of the
   * visitors or signed in as the customer} A list the attributor built is read through its view,
   * without making a touch object.
   *
   * @param visitors the visitors, perhaps none
   * @param customerId the customer, or null to match none
   */
  static boolean names(List<?> list, Set<String> visitors, @Nullable String customerId) {
    if (list instanceof Built<?> built) {
      for (int i = 0; i < built.size(); i++) {
        if (built.view.namesAt(built.positionAt(i), visitors, customerId)) {
          return true;
        }
      }
      return false;
    }
    for (Object element : list) {
      Touchpoint touch = element instanceof Exclusion exclusion ? exclusion.touchpoint()
          : (Touchpoint) element;
      if (visitors.contains(touch.visitorId())
          || (customerId != null && customerId.equals(touch.customerIdOrNull()))) {
        return true;
      }
    }
    return false;
  }

  /** A built list of touches of one affiliate. */
  abstract static class AffiliateTouches extends Built<Touchpoint> {
    private final String affiliateId;

    AffiliateTouches(TouchView view, String affiliateId) {
      super(view);
      this.affiliateId = affiliateId;
    }

    @Override
    public final Touchpoint get(int index) {
      return view.touchpoint(positionAt(index));
    }

    /** {@return whether every touch of this list belongs to the affiliate} */
    final boolean allOf(String affiliate) {
      return affiliateId.equals(affiliate);
    }
  }

  /** Some touches of a view, all of one affiliate. */
  static final class TouchList extends AffiliateTouches {
    private final int[] positions;
    private final int size;

    TouchList(TouchView view, int[] positions, int size, String affiliateId) {
      super(view, affiliateId);
      this.positions = positions;
      this.size = size;
    }

    @Override
    int positionAt(int index) {
      return positions[checkIndex(index, size)];
    }

    @Override
    public int size() {
      return size;
    }
  }

  /** The one touch of a view that takes all the credit. */
  static final class Single extends AffiliateTouches {
    private final int position;

    Single(TouchView view, int position, String affiliateId) {
      super(view, affiliateId);
      this.position = position;
    }

    @Override
    int positionAt(int index) {
      checkIndex(index, 1);
      return position;
    }

    @Override
    public int size() {
      return 1;
    }
  }

  /**
   * The eligible or the excluded touches of a decided view. Their positions are found when the
   * list is first read, and published whole through a volatile field.
   */
  private abstract static class Selection<T> extends Built<T> {
    private final int size;
    private final boolean eligible;
    private volatile int @Nullable [] positions;

    Selection(TouchView view, int size, boolean eligible) {
      super(view);
      this.size = size;
      this.eligible = eligible;
    }

    @Override
    final int positionAt(int index) {
      checkIndex(index, size);
      int[] found = positions;
      if (found == null) {
        found = new int[size];
        for (int i = 0, j = 0; j < size; i++) {
          if (view.isEligible(i) == eligible) {
            found[j++] = i;
          }
        }
        positions = found;
      }
      return found[index];
    }

    @Override
    public final int size() {
      return size;
    }
  }

  /** The eligible touches of a decided view. */
  private static final class Eligible extends Selection<Touchpoint> {
    Eligible(TouchView view, int size) {
      super(view, size, true);
    }

    @Override
    public Touchpoint get(int index) {
      return view.touchpoint(positionAt(index));
    }
  }

  /** The excluded touches of a decided view, with their reasons. */
  private static final class Excluded extends Selection<Exclusion> {
    Excluded(TouchView view, int size) {
      super(view, size, false);
    }

    @Override
    public Exclusion get(int index) {
      int position = positionAt(index);
      return new Exclusion(view.touchpoint(position),
          Objects.requireNonNull(view.reason(position)));
    }
  }

  @CanIgnoreReturnValue
  private static int checkIndex(int index, int size) {
    if (index < 0 || index >= size) {
      throw new IndexOutOfBoundsException("index " + index + " of " + size);
    }
    return index;
  }

  /**
   * {@return the list itself if the attributor built it, else an unmodifiable copy, refused with
   * a message that names the field if it holds a null}
   */
  static <T> List<T> trustedOrCopy(List<T> list, String field) {
    return list instanceof Built ? list : Elements.copyOf(list, field);
  }
}
