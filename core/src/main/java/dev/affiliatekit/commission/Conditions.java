package dev.affiliatekit.commission;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.affiliatekit.money.Money;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Helpers of {@link Condition}: validation, text, and the analysis behind tie detection. */
final class Conditions {

  private Conditions() {}

  static void checkText(Attribute attribute, String condition) {
    checkNotNull(attribute, "attribute");
    checkArgument(attribute.isText(), "condition %s needs a text attribute: %s", condition,
        attribute);
  }

  static String join(List<Condition> conditions) {
    StringBuilder text = new StringBuilder();
    for (Condition condition : conditions) {
      if (text.length() > 0) {
        text.append(", ");
      }
      text.append(condition);
    }
    return text.toString();
  }

  static String bounds(@Nullable String min, @Nullable String max) {
    if (min != null && max != null) {
      return "in " + min + ".." + max;
    }
    return min != null ? "at least " + min : "at most " + max;
  }

  static void collectAttributes(Condition condition, List<Attribute> found) {
    if (condition instanceof Condition.All all) {
      all.conditions().forEach(part -> collectAttributes(part, found));
    } else if (condition instanceof Condition.Any any) {
      any.conditions().forEach(part -> collectAttributes(part, found));
    } else if (condition instanceof Condition.Not not) {
      collectAttributes(not.condition(), found);
    } else {
      Attribute attribute = atomAttribute(condition);
      if (!found.contains(attribute)) {
        found.add(attribute);
      }
    }
  }

  private static Attribute atomAttribute(Condition condition) {
    if (condition instanceof Condition.Is is) {
      return is.attribute();
    }
    if (condition instanceof Condition.In in) {
      return in.attribute();
    }
    if (condition instanceof Condition.StartsWith startsWith) {
      return startsWith.attribute();
    }
    if (condition instanceof Condition.Range range) {
      return range.attribute();
    }
    if (condition instanceof Condition.MoneyRange range) {
      return range.attribute();
    }
    throw new AssertionError("bug: not an atom " + condition.getClass());
  }

  /**
   * Returns whether no sale can satisfy both conditions: both require, in their top-level
   * conjunction, values of one attribute that cannot be the same. For example, {@code
   * customer.type = NEW} and {@code customer.type = RETURNING}, or followers in {@code 0..1,499}
   * and in {@code 1,500..100,000}. The analysis is sound but not complete: {@code false} means
   * "could overlap".
   */
  static boolean disjoint(Condition first, Condition second) {
    Map<Attribute, Constraint> a = constraints(first);
    Map<Attribute, Constraint> b = constraints(second);
    for (Map.Entry<Attribute, Constraint> entry : a.entrySet()) {
      Constraint other = b.get(entry.getKey());
      if (other != null && !entry.getValue().intersects(other)) {
        return true;
      }
    }
    return a.values().stream().anyMatch(Constraint::isEmpty)
        || b.values().stream().anyMatch(Constraint::isEmpty);
  }

  private static Map<Attribute, Constraint> constraints(Condition condition) {
    Map<Attribute, Constraint> constraints = new EnumMap<>(Attribute.class);
    addConstraints(condition, constraints);
    return constraints;
  }

  private static void addConstraints(Condition condition, Map<Attribute, Constraint> out) {
    if (condition instanceof Condition.All all) {
      all.conditions().forEach(part -> addConstraints(part, out));
      return;
    }
    Constraint constraint = null;
    Attribute attribute = null;
    if (condition instanceof Condition.Is is && is.attribute().type() == Attribute.Type.TEXT) {
      attribute = is.attribute();
      constraint = Constraint.values(Set.of(is.value()));
    } else if (condition instanceof Condition.In in
        && in.attribute().type() == Attribute.Type.TEXT) {
      attribute = in.attribute();
      constraint = Constraint.values(in.values());
    } else if (condition instanceof Condition.StartsWith startsWith
        && startsWith.attribute().type() == Attribute.Type.TEXT) {
      attribute = startsWith.attribute();
      constraint = Constraint.prefix(startsWith.prefix());
    } else if (condition instanceof Condition.Range range) {
      attribute = range.attribute();
      constraint = Constraint.range(range.min().orElse(Long.MIN_VALUE),
          range.max().orElse(Long.MAX_VALUE), null);
    } else if (condition instanceof Condition.MoneyRange range) {
      attribute = range.attribute();
      Money bound = range.min().orElseGet(() -> range.max().orElseThrow());
      constraint = Constraint.range(range.min().map(Money::minorUnits).orElse(Long.MIN_VALUE),
          range.max().map(Money::minorUnits).orElse(Long.MAX_VALUE), bound.currency().code());
    }
    if (attribute != null && constraint != null) {
      out.merge(attribute, constraint, Constraint::and);
    }
  }

  /** What one attribute may be: a set of texts, texts with prefixes, or a range of one currency. */
  private static final class Constraint {
    private final @Nullable Set<String> values;
    private final List<String> prefixes;
    private final long min;
    private final long max;
    private final @Nullable String currency;
    private final boolean numeric;

    private Constraint(@Nullable Set<String> values, List<String> prefixes, long min, long max,
        @Nullable String currency, boolean numeric) {
      this.values = values;
      this.prefixes = prefixes;
      this.min = min;
      this.max = max;
      this.currency = currency;
      this.numeric = numeric;
    }

    static Constraint values(Set<String> values) {
      return new Constraint(Set.copyOf(values), List.of(), 0, 0, null, false);
    }

    static Constraint prefix(String prefix) {
      return new Constraint(null, List.of(prefix), 0, 0, null, false);
    }

    static Constraint range(long min, long max, @Nullable String currency) {
      return new Constraint(null, List.of(), min, max, currency, true);
    }

    Constraint and(Constraint other) {
      if (numeric != other.numeric) {
        return this;
      }
      if (numeric) {
        if (currency != null && !currency.equals(other.currency)) {
          return range(1, 0, currency);
        }
        return range(/* min= */ Math.max(min, other.min), /* max= */ Math.min(max, other.max),
            currency);
      }
      Set<String> both = values;
      if (other.values != null) {
        both = both == null ? other.values : intersection(both, other.values);
      }
      List<String> allPrefixes = new ArrayList<>(prefixes);
      allPrefixes.addAll(other.prefixes);
      return new Constraint(both, allPrefixes, 0, 0, null, false);
    }

    private static Set<String> intersection(Set<String> a, Set<String> b) {
      Set<String> both = new HashSet<>(a);
      both.retainAll(b);
      return both;
    }

    boolean isEmpty() {
      if (numeric) {
        return min > max;
      }
      if (values != null) {
        return values.stream().noneMatch(this::fitsPrefixes);
      }
      for (String p : prefixes) {
        for (String q : prefixes) {
          if (!p.startsWith(q) && !q.startsWith(p)) {
            return true;
          }
        }
      }
      return false;
    }

    private boolean fitsPrefixes(String value) {
      return prefixes.stream().allMatch(value::startsWith);
    }

    boolean intersects(Constraint other) {
      if (numeric != other.numeric) {
        return true;
      }
      return !and(other).isEmpty();
    }
  }
}
