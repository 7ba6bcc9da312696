package dev.affiliatekit.program;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.affiliatekit.internal.Texts;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * The message of the {@link IllegalStateException} that refuses a request under a key used before
 * for another one: what was done under the key, in the words of the caller's request, and the
 * parts in which the two requests differ, each with both values, such as {@code order 'order-1'
 * was already recorded with another request: recorded total 'USD 400.00'; requested total 'USD
 * 999.00'}. It shows at most {@value #SHOWN} parts and counts the others, and quotes each value as
 * {@link Texts#quote} does, cut and escaped, from the first character where the two differ when
 * they would read alike, so that the message stays short whatever the requests hold.
 *
 * <p>One instance makes one message, on one thread.
 */
final class Conflicts {

  /** The most differing parts the message shows with their values. */
  private static final int SHOWN = 3;
  /** The most elements of a collection the message shows; it counts the others. */
  private static final int SHOWN_ELEMENTS = 4;

  /** The parts shown, each with its recorded value, in the order they were added. */
  private final List<String> recorded = new ArrayList<>();
  /** The same parts, each with its requested value. */
  private final List<String> requested = new ArrayList<>();
  /** The number of differing parts beyond those shown. */
  private int others;

  /**
   * Adds a part if its values differ, such as {@code total}: each shown as {@code none} if null,
   * an empty optional or an empty collection, as its digits if a whole number, as the quoted
   * elements of a collection in brackets, else quoted.
   *
   * @param name the part's name, as its accessor has it
   * @param was its value in the recorded request
   * @param is its value in the request refused
   * @return this
   */
  @CanIgnoreReturnValue
  Conflicts part(String name, @Nullable Object was, @Nullable Object is) {
    if (Objects.equals(was, is)) {
      return this;
    }
    String wasShown = shown(was);
    String isShown = shown(is);
    if (wasShown.equals(isShown) && was instanceof Collection<?> wasValues
        && is instanceof Collection<?> isValues) {
      // Alike as far as they are shown: from the first element in which they differ.
      List<?> wasList = new ArrayList<>(wasValues);
      List<?> isList = new ArrayList<>(isValues);
      int at = 0;
      while (at < wasList.size() && at < isList.size()
          && wasList.get(at).equals(isList.get(at))) {
        at++;
      }
      wasShown = "from element " + (at + 1) + " " + shown(wasList.subList(at, wasList.size()));
      isShown = "from element " + (at + 1) + " " + shown(isList.subList(at, isList.size()));
    }
    if (wasShown.equals(isShown)) {
      // Alike as far as they are shown: from where their texts differ.
      String[] apart = shownApart(text(was), text(is));
      wasShown = apart[0];
      isShown = apart[1];
    }
    return add(name, wasShown, isShown);
  }

  /**
   * Returns two texts as a message shows them apart: each quoted as {@link Texts#quote} does, if
   * that reads apart, else each from the first character in which they differ, such as {@code
   * from character 70 'x'} and {@code from character 70 'y'}.
   *
   * @param was the recorded text
   * @param is the text requested
   * @return the two, in that order
   */
  static String[] shownApart(String was, String is) {
    String wasShown = Texts.quote(was);
    String isShown = Texts.quote(is);
    if (!wasShown.equals(isShown)) {
      return new String[] {wasShown, isShown};
    }
    if (was.equals(is)) {
      // Unequal values of one text, such as amounts of two units of one currency code.
      return new String[] {wasShown, "another value that reads " + isShown};
    }
    int at = 0;
    while (at < was.length() && at < is.length() && was.charAt(at) == is.charAt(at)) {
      at++;
    }
    // Not inside a character of two units: from its first.
    if (at > 0 && Character.isHighSurrogate(was.charAt(at - 1))) {
      at--;
    }
    return new String[] {"from character " + (at + 1) + " " + Texts.quote(was.substring(at)),
        "from character " + (at + 1) + " " + Texts.quote(is.substring(at))};
  }

  /**
   * Adds a part whose values are optional if they differ, showing an empty one as the given
   * words, such as {@code all that was left} for a refund's amount.
   *
   * @param name the part's name, as its accessor has it
   * @param was its value in the recorded request
   * @param is its value in the request refused
   * @param absent what an empty value means, shown as it is
   * @return this
   */
  @CanIgnoreReturnValue
  Conflicts part(String name, Optional<?> was, Optional<?> is, String absent) {
    if (was.equals(is)) {
      return this;
    }
    if (was.isPresent() && is.isPresent()) {
      return part(name, was, is);
    }
    return add(name, was.isPresent() ? shown(was) : absent, is.isPresent() ? shown(is) : absent);
  }

  /**
   * Adds a part that holds personal data, such as an e-mail address, if its values differ,
   * without showing them.
   *
   * @param name the part's name
   * @param was its value in the recorded request
   * @param is its value in the request refused
   * @return this
   */
  @CanIgnoreReturnValue
  Conflicts personal(String name, Optional<String> was, Optional<String> is) {
    if (was.equals(is)) {
      return this;
    }
    boolean both = was.isPresent() && is.isPresent();
    return add(name,
        was.isEmpty() ? "none" : both ? "one value (not shown)" : "a value (not shown)",
        is.isEmpty() ? "none" : both ? "another value (not shown)" : "a value (not shown)");
  }

  @CanIgnoreReturnValue
  private Conflicts add(String name, String was, String is) {
    if (recorded.size() < SHOWN) {
      recorded.add(name + " " + was);
      requested.add(name + " " + is);
    } else {
      others++;
    }
    return this;
  }

  /**
   * Returns the message: the subject, what was done with it, and the parts that differ, such as
   * {@code refund 'r1' of order 'o1' was already recorded with another request: recorded amount
   * 'USD 10.00'; requested amount 'USD 20.00'}; of an operation that the ledger failed in the
   * middle of, {@code ... was begun with another request, which its retry finishes first: ...}.
   *
   * @param subject what the key is of, its ids quoted, such as {@code order 'o1'}
   * @param done what the operation did, such as {@code recorded} or {@code enrolled}
   * @param finished whether the recorded operation is finished, else it waits for its retry
   * @return the message
   */
  String message(String subject, String done, boolean finished) {
    StringBuilder message = new StringBuilder(subject).append(finished
        ? " was already " + done + " with another request"
        : " was begun with another request, which its retry finishes first");
    if (recorded.isEmpty()) {
      return message.toString();
    }
    message.append(": recorded ").append(String.join(", ", recorded))
        .append("; requested ").append(String.join(", ", requested));
    if (others > 0) {
      message.append("; ").append(others).append(others == 1 ? " other part differs"
          : " other parts differ");
    }
    return message.toString();
  }

  /** {@return a value as the message shows it} */
  private static String shown(@Nullable Object value) {
    if (value == null || value.equals(Optional.empty()) || value.equals(OptionalLong.empty())) {
      return "none";
    }
    if (value instanceof Optional<?> present) {
      return shown(present.get());
    }
    if (value instanceof OptionalLong present) {
      return Long.toString(present.getAsLong());
    }
    if (value instanceof Integer || value instanceof Long) {
      return value.toString();
    }
    if (value instanceof Collection<?> values) {
      if (values.isEmpty()) {
        return "none";
      }
      StringBuilder shown = new StringBuilder("[");
      Iterator<?> iterator = values.iterator();
      for (int i = 0; i < SHOWN_ELEMENTS && iterator.hasNext(); i++) {
        shown.append(i == 0 ? "" : ", ").append(Texts.quote(String.valueOf(iterator.next())));
      }
      if (values.size() > SHOWN_ELEMENTS) {
        shown.append(" and ").append(values.size() - SHOWN_ELEMENTS).append(" more");
      }
      return shown.append(']').toString();
    }
    return Texts.quote(String.valueOf(value));
  }

  /**
   * {@return a value's whole text, of an optional its content's, of a collection its elements
   * each quoted, with quotes and backslashes in them escaped, so that two collections that differ
   * differ in their texts}
   */
  private static String text(@Nullable Object value) {
    if (value instanceof Optional<?> optional && optional.isPresent()) {
      return text(optional.get());
    }
    if (value instanceof OptionalLong optional && optional.isPresent()) {
      return Long.toString(optional.getAsLong());
    }
    if (value instanceof Collection<?> values) {
      StringBuilder text = new StringBuilder("[");
      for (Object element : values) {
        text.append(text.length() == 1 ? "'" : ", '").append(String.valueOf(element)
            .replace("\\", "\\\\").replace("'", "\\'")).append('\'');
      }
      return text.append(']').toString();
    }
    return String.valueOf(value);
  }
}
