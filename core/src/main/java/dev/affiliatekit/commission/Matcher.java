package dev.affiliatekit.commission;

import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Condition} compiled for evaluation: three-valued, without allocation, and able to say
 * why it held with the actual values.
 */
abstract class Matcher {

  static final int FALSE = 0;
  static final int TRUE = 1;
  static final int UNKNOWN = -1;

  static final Matcher ALWAYS = new Junction(new Matcher[0], true, Condition.always());

  final Condition source;

  Matcher(Condition source) {
    this.source = source;
  }

  /** {@return {@link #TRUE}, {@link #FALSE} or {@link #UNKNOWN} for the facts} */
  abstract int test(Facts facts);

  /**
   * Adds to {@code out} why this matcher gave {@code TRUE} (or, when {@code negated}, {@code
   * FALSE}) for the facts, one fragment per atom, with the actual values.
   */
  abstract void explain(Facts facts, boolean negated, List<String> out);

  /**
   * Adds to {@code out} why this matcher did not give {@code value} ({@link #TRUE} or {@link
   * #FALSE}) for the facts, one fragment per atom, with the actual values. An atom says why it
   * gave the other value, as {@link #explain} does, or that its value is unknown ({@code
   * affiliate.followers unknown}, or an amount in another currency). Not true: an "all" by its
   * first false part, or else its first unknown one, an "any" by every part. Not false: an "all"
   * by every part, an "any" by its first true part, or else its first unknown one. A "not" by why
   * its part did not give the other value.
   */
  abstract void explainNot(Facts facts, int value, List<String> out);

  /** {@return whether the matcher reads an item attribute} */
  abstract boolean usesItem();

  static Matcher compile(Condition condition) {
    if (condition instanceof Condition.All all) {
      return all.conditions().isEmpty() ? ALWAYS
          : new Junction(compile(all.conditions()), true, all);
    }
    if (condition instanceof Condition.Any any) {
      return new Junction(compile(any.conditions()), false, any);
    }
    if (condition instanceof Condition.Not not) {
      return new NotOf(compile(not.condition()), not);
    }
    if (condition instanceof Condition.Is is) {
      return new TextIn(is.attribute(), Set.of(is.value()), is);
    }
    if (condition instanceof Condition.In in) {
      return new TextIn(in.attribute(), in.values(), in);
    }
    if (condition instanceof Condition.StartsWith startsWith) {
      return new TextPrefix(startsWith.attribute(), startsWith.prefix(), startsWith);
    }
    if (condition instanceof Condition.Range range) {
      return new NumberRange(range.attribute(), range.min().orElse(Long.MIN_VALUE),
          range.max().orElse(Long.MAX_VALUE), range);
    }
    if (condition instanceof Condition.MoneyRange range) {
      Money bound = range.min().orElseGet(() -> range.max().orElseThrow());
      return new MoneyBetween(range.attribute(), bound.currency(),
          range.min().map(Money::minorUnits).orElse(Long.MIN_VALUE),
          range.max().map(Money::minorUnits).orElse(Long.MAX_VALUE), range);
    }
    throw new AssertionError("bug: unknown condition " + condition.getClass());
  }

  private static Matcher[] compile(List<Condition> conditions) {
    Matcher[] parts = new Matcher[conditions.size()];
    for (int i = 0; i < parts.length; i++) {
      parts[i] = compile(conditions.get(i));
    }
    return parts;
  }

  /**
   * All or any of its parts, which are duals: a part that gives the decisive value ({@code FALSE}
   * for all, {@code TRUE} for any) decides, and otherwise an unknown part makes the whole unknown.
   */
  private static final class Junction extends Matcher {
    private final Matcher[] parts;
    private final boolean all;
    private final int decisive;

    Junction(Matcher[] parts, boolean all, Condition source) {
      super(source);
      this.parts = parts;
      this.all = all;
      this.decisive = all ? FALSE : TRUE;
    }

    @Override
    int test(Facts facts) {
      int result = all ? TRUE : FALSE;
      for (Matcher part : parts) {
        int value = part.test(facts);
        if (value == decisive) {
          return decisive;
        }
        if (value == UNKNOWN) {
          result = UNKNOWN;
        }
      }
      return result;
    }

    /**
     * A false "all" and a true "any" are explained by the first part that decided them; a true
     * "all" and a false "any" by every part, each true for the "all" and false for the "any". An
     * "all" with no false part (one that was unknown) is explained as if it held; an "any" with no
     * true part adds nothing.
     */
    @Override
    void explain(Facts facts, boolean negated, List<String> out) {
      if (negated == all) {
        for (Matcher part : parts) {
          if (part.test(facts) == decisive) {
            part.explain(facts, negated, out);
            return;
          }
        }
        if (!all) {
          return;
        }
      }
      for (Matcher part : parts) {
        part.explain(facts, !all, out);
      }
    }

    @Override
    void explainNot(Facts facts, int value, List<String> out) {
      // An "all" that is not true, or an "any" that is not false, fails at one part: the first
      // that decides it if one does (a false part of the "all"), else the first that is unknown.
      if (all == (value == TRUE)) {
        Matcher unknown = null;
        for (Matcher part : parts) {
          int actual = part.test(facts);
          if (actual == decisive) {
            part.explainNot(facts, value, out);
            return;
          }
          if (actual == UNKNOWN && unknown == null) {
            unknown = part;
          }
        }
        if (unknown != null) {
          unknown.explainNot(facts, value, out);
        }
        return;
      }
      for (Matcher part : parts) {
        if (part.test(facts) != value) {
          part.explainNot(facts, value, out);
        }
      }
    }

    @Override
    boolean usesItem() {
      for (Matcher part : parts) {
        if (part.usesItem()) {
          return true;
        }
      }
      return false;
    }
  }

  private static final class NotOf extends Matcher {
    private final Matcher part;

    NotOf(Matcher part, Condition source) {
      super(source);
      this.part = part;
    }

    @Override
    int test(Facts facts) {
      int value = part.test(facts);
      return value == UNKNOWN ? UNKNOWN : TRUE - value;
    }

    @Override
    void explain(Facts facts, boolean negated, List<String> out) {
      part.explain(facts, !negated, out);
    }

    @Override
    void explainNot(Facts facts, int value, List<String> out) {
      part.explainNot(facts, TRUE - value, out);
    }

    @Override
    boolean usesItem() {
      return part.usesItem();
    }
  }

  /** A test of one attribute, which is unknown when the attribute's value is missing. */
  private abstract static class Atom extends Matcher {
    final Attribute attribute;

    Atom(Attribute attribute, Condition source) {
      super(source);
      this.attribute = attribute;
    }

    @Override
    void explainNot(Facts facts, int value, List<String> out) {
      int actual = test(facts);
      if (actual == UNKNOWN) {
        out.add(unknown(facts));
      } else {
        explain(facts, actual == FALSE, out);
      }
    }

    /** {@return why the value is unknown for the facts: the attribute's value is missing} */
    String unknown(Facts facts) {
      return attribute + " unknown";
    }

    @Override
    boolean usesItem() {
      return attribute.isItemAttribute();
    }
  }

  /** A text attribute in a set of values; for tags, one of the tags in it. */
  private static final class TextIn extends Atom {
    /** How many values of a set an explanation shows; it counts the others. */
    private static final int VALUES_SHOWN = 10;

    private final Set<String> values;

    TextIn(Attribute attribute, Set<String> values, Condition source) {
      super(attribute, source);
      this.values = values.size() == 1 ? Set.copyOf(values) : new HashSet<>(values);
    }

    @Override
    int test(Facts facts) {
      if (attribute.type() == Attribute.Type.TAGS) {
        for (String tag : facts.tags()) {
          if (values.contains(tag)) {
            return TRUE;
          }
        }
        return FALSE;
      }
      String value = facts.text(attribute);
      return value == null ? UNKNOWN : values.contains(value) ? TRUE : FALSE;
    }

    @Override
    void explain(Facts facts, boolean negated, List<String> out) {
      if (source instanceof Condition.Is is && attribute.type() == Attribute.Type.TEXT) {
        out.add(negated ? attribute + " " + facts.shown(attribute) + ", not " + is.value()
            : is.toString());
      } else if (source instanceof Condition.Is is) {
        out.add(attribute + " " + facts.shown(attribute) + (negated ? " lack " : " have ")
            + is.value());
      } else {
        // A set of thousands of products shows its first values, as an explanation names the
        // first of the items it matched: every matched item states it, so it must stay short.
        Set<String> listed = ((Condition.In) source).values();
        String shown = Formats.set(listed, VALUES_SHOWN);
        if (attribute.type() != Attribute.Type.TAGS) {
          out.add(attribute + " " + facts.shown(attribute) + (negated ? " not in " : " in ")
              + shown);
        } else {
          out.add(attribute + " " + facts.shown(attribute)
              + (negated ? " has none of " : " has one of ") + shown);
        }
      }
    }
  }

  /** A text attribute that starts with a prefix; for tags, one of the tags that does. */
  private static final class TextPrefix extends Atom {
    private final String prefix;

    TextPrefix(Attribute attribute, String prefix, Condition source) {
      super(attribute, source);
      this.prefix = prefix;
    }

    @Override
    int test(Facts facts) {
      if (attribute.type() == Attribute.Type.TAGS) {
        for (String tag : facts.tags()) {
          if (tag.startsWith(prefix)) {
            return TRUE;
          }
        }
        return FALSE;
      }
      String value = facts.text(attribute);
      return value == null ? UNKNOWN : value.startsWith(prefix) ? TRUE : FALSE;
    }

    @Override
    void explain(Facts facts, boolean negated, List<String> out) {
      out.add(attribute + " " + facts.shown(attribute)
          + (negated ? " does not start with " : " starts with ") + prefix);
    }
  }

  /** A number attribute within bounds, both included. */
  private static final class NumberRange extends Atom {
    private final long min;
    private final long max;

    NumberRange(Attribute attribute, long min, long max, Condition source) {
      super(attribute, source);
      this.min = min;
      this.max = max;
    }

    @Override
    int test(Facts facts) {
      long value = facts.number(attribute);
      if (value == Facts.MISSING) {
        return UNKNOWN;
      }
      return value >= min && value <= max ? TRUE : FALSE;
    }

    @Override
    void explain(Facts facts, boolean negated, List<String> out) {
      String operation = source.toString().substring(attribute.key().length() + 1);
      out.add(attribute + " " + facts.shown(attribute) + (negated ? " not " : " ") + operation);
    }
  }

  /** A money attribute within bounds of one currency; unknown for an amount in another. */
  private static final class MoneyBetween extends Atom {
    private final CurrencyUnit currency;
    private final long min;
    private final long max;

    MoneyBetween(Attribute attribute, CurrencyUnit currency, long min, long max, Condition source) {
      super(attribute, source);
      this.currency = currency;
      this.min = min;
      this.max = max;
    }

    @Override
    int test(Facts facts) {
      @Nullable Money value = facts.money(attribute);
      if (value == null || !value.currency().equals(currency)) {
        return UNKNOWN;
      }
      long minor = value.minorUnits();
      return minor >= min && minor <= max ? TRUE : FALSE;
    }

    @Override
    void explain(Facts facts, boolean negated, List<String> out) {
      String operation = source.toString().substring(attribute.key().length() + 1);
      out.add(attribute + " " + facts.shown(attribute) + (negated ? " not " : " ") + operation);
    }

    @Override
    String unknown(Facts facts) {
      @Nullable Money value = facts.money(attribute);
      return value == null ? attribute + " unknown"
          : attribute + " " + value + ", not in " + currency;
    }
  }
}
