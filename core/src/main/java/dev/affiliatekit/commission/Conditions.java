package dev.affiliatekit.commission;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.affiliatekit.attribution.CreditBasis;
import dev.affiliatekit.attribution.CustomerType;
import dev.affiliatekit.internal.Countries;
import dev.affiliatekit.internal.CurrencyCodes;
import dev.affiliatekit.internal.Texts;
import dev.affiliatekit.money.Money;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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

  /** The customer types a condition may name: {@code UNKNOWN} is the attribute missing. */
  private static final List<String> CUSTOMER_TYPES =
      List.of(CustomerType.NEW.name(), CustomerType.RETURNING.name());
  private static final List<String> CREDIT_BASES =
      Arrays.stream(CreditBasis.values()).map(Enum::name).toList();

  /**
   * {@return an unmodifiable copy of a condition's values} A {@link HashSet}, not {@link
   * Set#copyOf}: the values may be ids that affiliates or buyers choose, and {@code Set.copyOf}
   * places values of one hash code, which anyone can make, side by side, so that n of them take
   * time in n², where a {@code HashSet} keeps them in a tree.
   */
  static Set<String> copyOf(Set<String> values) {
    return Collections.unmodifiableSet(new HashSet<>(values));
  }

  /**
   * Checks that a value, or a prefix, is one that a text attribute of a fixed vocabulary can have
   * (or begins one): a customer type, a credit basis, a country code, or a currency code. A
   * currency code need only have the form of one, as {@link CurrencyCodes} says: a condition has
   * no currency table at hand, and a host may sell in a custom unit of any such code. A prefix of
   * that form is one too, and every prefix of a code that is not empty has it.
   */
  static void checkValue(Attribute attribute, String value, boolean prefix) {
    String what = prefix ? "condition prefix of " : "condition value of ";
    switch (attribute) {
      case CUSTOMER_TYPE, SALE_CREDIT_BASIS -> {
        List<String> allowed = attribute == Attribute.CUSTOMER_TYPE ? CUSTOMER_TYPES : CREDIT_BASES;
        boolean known = prefix ? allowed.stream().anyMatch(name -> name.startsWith(value))
            : allowed.contains(value);
        if (!known) {
          // Built only when thrown: a condition in checks each of its values here.
          throw new IllegalArgumentException(what + attribute + " must "
              + (prefix ? "begin one of " : "be one of ") + String.join(", ", allowed) + ": "
              + Texts.quote(value));
        }
      }
      case CUSTOMER_COUNTRY, AFFILIATE_COUNTRY -> {
        // The codes that profiles and sales may carry, so that a rule can name each of them.
        boolean known = prefix ? Countries.beginsCode(value) : Countries.isCode(value);
        if (!known) {
          throw new IllegalArgumentException(what + attribute + " must "
              + (prefix ? "begin " : "be ") + Countries.FORM + Countries.hint(value) + ": "
              + Texts.quote(value));
        }
      }
      case SALE_CURRENCY -> {
        if (!CurrencyCodes.isValid(value)) {
          throw new IllegalArgumentException(what + attribute + " must "
              + (prefix ? "begin " : "be ") + "a currency code, " + CurrencyCodes.FORM
              + ", such as USD: " + Texts.quote(value));
        }
      }
      default -> { }
    }
  }

  /**
   * Checks that a combination of the parts is at most {@link Condition#MAX_DEPTH} levels deep and
   * has at most {@link Condition#MAX_PARTS} parts written out. The parts passed this check when
   * they were made, so the recursion is as shallow; a part used twice, or a hundred times, is
   * measured once.
   */
  static void checkDepth(List<Condition> parts) {
    long[] shape = combined(parts, new IdentityHashMap<>());
    checkArgument(shape[0] <= Condition.MAX_DEPTH, "condition must be at most %s levels deep: %s",
        Condition.MAX_DEPTH, shape[0]);
    checkArgument(shape[1] <= Condition.MAX_PARTS, "condition must have at most %s parts written"
        + " out, counting a part as often as it is used: more than %s", Condition.MAX_PARTS,
        Condition.MAX_PARTS);
  }

  /** {@return the depth and the written-out size, at most one more than the limit, of a part} */
  private static long[] shape(Condition condition, IdentityHashMap<Condition, long[]> measured) {
    long[] known = measured.get(condition);
    if (known != null) {
      return known;
    }
    long[] shape = combined(partsOf(condition), measured);
    measured.put(condition, shape);
    return shape;
  }

  /** {@return the depth and the written-out size of a combination of the parts} */
  private static long[] combined(List<Condition> parts,
      IdentityHashMap<Condition, long[]> measured) {
    long depth = 1;
    long size = 1;
    for (Condition part : parts) {
      long[] shape = shape(part, measured);
      depth = Math.max(depth, 1 + shape[0]);
      size = Math.min(Condition.MAX_PARTS + 1L, size + shape[1]);
    }
    return new long[] {depth, size};
  }

  /** {@return the parts of a combination, or none for an atom} */
  private static List<Condition> partsOf(Condition condition) {
    if (condition instanceof Condition.All all) {
      return all.conditions();
    } else if (condition instanceof Condition.Any any) {
      return any.conditions();
    } else if (condition instanceof Condition.Not not) {
      return List.of(not.condition());
    }
    return List.of();
  }

  /** {@return how many levels the condition nests: one for an atom} */
  static int depth(Condition condition) {
    return (int) shape(condition, new IdentityHashMap<>())[0];
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
   * Returns whether no sale can satisfy both conditions. They exclude each other when their
   * top-level conjunctions require values of one attribute that cannot be the same, such as {@code
   * customer.type = NEW} and {@code customer.type = RETURNING}, or followers in {@code 0..1,499}
   * and in {@code 1,500..100,000}; or when one requires a condition to be false that the other
   * requires to be true, such as {@code c} and {@code not (c)}, {@code all of (a, c)} and {@code
   * not (c)}, or followers in {@code 10..20} and {@code not (followers in 0..1,000)}. A condition
   * that holds in one of several ways is taken case by case: {@code any of (country = US, country
   * = CA)} and {@code country = FR} exclude each other, since each case does; and a condition that
   * cannot hold, such as {@code all of (c, not (c))}, excludes every other. The analysis is sound
   * but not complete: {@code false} means "could overlap".
   */
  static boolean disjoint(Condition first, Condition second) {
    return disjoint(cases(first), cases(second));
  }

  /**
   * The cases in which a condition holds, worked out once so that a condition can be checked
   * against many others, as a plan's builder does.
   */
  static final class Cases {
    private final List<Conjunction> conjunctions;
    /** Made when first asked for, as only the tie check of {@code FIRST_MATCH} asks. */
    private @Nullable Map<Attribute, Stems> stems;

    private Cases(List<Conjunction> conjunctions) {
      this.conjunctions = conjunctions;
    }

    /**
     * {@return the text attributes that every case requires to be one of some values or to begin
     * with one of some prefixes, with those stems: a condition that holds only with one of them
     * cannot hold together with one whose stems none meets, such as {@code sale.couponCode =
     * MIA10} and {@code sale.couponCode = LEO15}, or {@code sale.couponCode starts with MIA} and
     * {@code sale.couponCode starts with LEO}; empty if there is none, or no case}
     */
    Map<Attribute, Stems> stems() {
      Map<Attribute, Stems> made = stems;
      if (made == null) {
        made = stemsOf(conjunctions);
        stems = made;
      }
      return made;
    }

    private static Map<Attribute, Stems> stemsOf(List<Conjunction> conjunctions) {
      if (conjunctions.isEmpty()) {
        return Map.of();
      }
      Map<Attribute, Stems> stems = new EnumMap<>(Attribute.class);
      for (Attribute attribute : conjunctions.get(0).constraints.keySet()) {
        // The values of each case, unmodifiable, and so kept as they are if there is one case,
        // as for a rule of thousands of coupon codes.
        List<Set<String>> values = new ArrayList<>();
        Set<String> prefixes = new HashSet<>();
        boolean stemmed = true;
        for (int i = 0; stemmed && i < conjunctions.size(); i++) {
          Constraint constraint = conjunctions.get(i).constraints.get(attribute);
          stemmed = constraint != null && constraint.addStem(values, prefixes);
        }
        if (stemmed) {
          stems.put(attribute, new Stems(union(values),
              prefixes.isEmpty() ? Set.of() : copyOf(prefixes)));
        }
      }
      return stems;
    }
  }

  /** {@return the values of all the sets, unmodifiable: the one set itself if there is one} */
  private static Set<String> union(List<Set<String>> sets) {
    if (sets.isEmpty()) {
      return Set.of();
    }
    if (sets.size() == 1) {
      return sets.get(0);
    }
    Set<String> all = new HashSet<>();
    sets.forEach(all::addAll);
    return Collections.unmodifiableSet(all);
  }

  /**
   * What a condition requires of a text attribute in each case: to be one of the values, or to
   * begin with one of the prefixes.
   */
  record Stems(Set<String> values, Set<String> prefixes) {

    /**
     * {@return whether a value may meet both: a value of one that is a value of the other or
     * begins with one of its prefixes, or two prefixes one of which begins the other; if none,
     * conditions of these stems exclude each other}
     */
    boolean mayMeet(Stems other) {
      if (!Collections.disjoint(values, other.values)) {
        return true;
      }
      for (String prefix : prefixes) {
        if (anyBegins(other.values, prefix) || other.prefixes.stream()
            .anyMatch(its -> its.startsWith(prefix) || prefix.startsWith(its))) {
          return true;
        }
      }
      return other.prefixes.stream().anyMatch(prefix -> anyBegins(values, prefix));
    }

    private static boolean anyBegins(Set<String> values, String prefix) {
      return values.stream().anyMatch(value -> value.startsWith(prefix));
    }
  }

  /** {@return the cases in which the condition holds, for {@link #disjoint(Cases, Cases)}} */
  static Cases cases(Condition condition) {
    return new Cases(Conjunction.cases(condition));
  }

  /** {@return whether no sale can satisfy both conditions, told from their cases} */
  static boolean disjoint(Cases first, Cases second) {
    for (Conjunction a : first.conjunctions) {
      for (Conjunction b : second.conjunctions) {
        if (!disjoint(a, b)) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean disjoint(Conjunction a, Conjunction b) {
    for (Map.Entry<Attribute, Constraint> entry : a.constraints.entrySet()) {
      Constraint other = b.constraints.get(entry.getKey());
      if (other != null && !entry.getValue().intersects(other)) {
        return true;
      }
    }
    return a.refutes(b) || b.refutes(a);
  }

  /**
   * The most cases {@link Conjunction#cases} splits a condition into; beyond them, a part that
   * holds in one of several ways is kept whole, so that checking the ties of a large plan stays
   * quick.
   */
  private static final int MAX_CASES = 16;

  /**
   * One case in which a condition is true, as a conjunction: the conditions that must be true
   * (with {@code all} flattened), the conditions that must be false, and what its atoms on text,
   * numbers and money allow of each attribute. Under three-valued logic {@code not (c)} is true
   * only when {@code c} is false, {@code not (not (c))} only when {@code c} is true, {@code not
   * (any of (a, b))} only when {@code a} and {@code b} are both false, {@code any of (a, b)} when
   * {@code a} or {@code b} is true, and {@code not (all of (a, b))} when {@code a} or {@code b} is
   * false: each of the last two is two cases.
   */
  private static final class Conjunction {
    final List<Condition> whenTrue;
    final List<Condition> whenFalse;
    final Map<Attribute, Constraint> constraints = new EnumMap<>(Attribute.class);

    private Conjunction(List<Condition> whenTrue, List<Condition> whenFalse) {
      this.whenTrue = new ArrayList<>(whenTrue);
      this.whenFalse = new ArrayList<>(whenFalse);
    }

    /**
     * {@return the cases in which the condition is true, at most {@link #MAX_CASES} of them, none
     * of which contradicts itself}
     */
    static List<Conjunction> cases(Condition condition) {
      List<Conjunction> cases =
          new Conjunction(List.of(), List.of()).require(condition, true, MAX_CASES);
      if (cases == null) {
        cases = Objects.requireNonNull(
            new Conjunction(List.of(), List.of()).require(condition, true, 1));
      }
      for (Conjunction conjunction : cases) {
        for (Condition part : conjunction.whenTrue) {
          Attribute attribute = textNumberOrMoney(part);
          if (attribute != null) {
            conjunction.constraints.merge(attribute, Constraint.of(part), Constraint::and);
          }
        }
      }
      // A case that cannot hold, such as all of (c, not (c)), excludes every other: leave it out.
      return cases.stream().filter(c -> !c.isEmpty() && !c.refutes(c)).toList();
    }

    /**
     * Adds to this conjunction that the condition has the value, and returns the cases that
     * result: this one, or copies of it when the condition has the value in one of several ways.
     * Returns null if they would be more than {@code limit}; with a limit of one, a condition of
     * several ways is kept whole instead.
     */
    private @Nullable List<Conjunction> require(Condition condition, boolean value, int limit) {
      if (value) {
        if (condition instanceof Condition.All all) {
          return requireEach(all.conditions(), true, limit);
        }
        if (condition instanceof Condition.Not not) {
          return require(not.condition(), false, limit);
        }
        if (condition instanceof Condition.Any any && (any.conditions().size() == 1 || limit > 1)) {
          return requireOne(any.conditions(), true, limit);
        }
        whenTrue.add(condition);
        return List.of(this);
      }
      whenFalse.add(condition);
      if (condition instanceof Condition.Any any) {
        return requireEach(any.conditions(), false, limit);
      }
      if (condition instanceof Condition.Not not) {
        return require(not.condition(), true, limit);
      }
      if (condition instanceof Condition.All all && (all.conditions().size() == 1 || limit > 1)) {
        return requireOne(all.conditions(), false, limit);
      }
      return List.of(this);
    }

    /** Requires every part to have the value: each part within the cases of those before it. */
    private @Nullable List<Conjunction> requireEach(List<Condition> parts, boolean value,
        int limit) {
      List<Conjunction> cases = List.of(this);
      for (Condition part : parts) {
        List<Conjunction> next = new ArrayList<>();
        for (Conjunction conjunction : cases) {
          List<Conjunction> more = conjunction.require(part, value, limit);
          if (more == null || next.size() + more.size() > limit) {
            return null;
          }
          next.addAll(more);
        }
        cases = next;
      }
      return cases;
    }

    /** Requires one part or another to have the value: a copy of this conjunction for each. */
    private @Nullable List<Conjunction> requireOne(List<Condition> parts, boolean value,
        int limit) {
      if (parts.size() == 1) {
        return require(parts.get(0), value, limit);
      }
      List<Conjunction> cases = new ArrayList<>();
      for (Condition part : parts) {
        List<Conjunction> more =
            new Conjunction(whenTrue, whenFalse).require(part, value, limit);
        if (more == null || cases.size() + more.size() > limit) {
          return null;
        }
        cases.addAll(more);
      }
      return cases;
    }

    /** {@return whether one attribute's atoms allow no value at all} */
    boolean isEmpty() {
      return constraints.values().stream().anyMatch(Constraint::isEmpty);
    }

    /** {@return whether the other conjunction requires false something this one makes true} */
    boolean refutes(Conjunction other) {
      return other.whenFalse.stream().anyMatch(this::implies);
    }

    /** {@return whether the condition is true whenever this conjunction is} */
    private boolean implies(Condition condition) {
      if (whenTrue.contains(condition)) {
        return true;
      }
      if (condition instanceof Condition.All all) {
        return all.conditions().stream().allMatch(this::implies);
      }
      if (condition instanceof Condition.Any any) {
        return any.conditions().stream().anyMatch(this::implies);
      }
      if (condition instanceof Condition.Not not) {
        return whenFalse.contains(not.condition());
      }
      Constraint needed = Constraint.of(condition);
      Attribute attribute = textNumberOrMoney(condition);
      if (attribute != null) {
        Constraint allowed = constraints.get(attribute);
        return allowed != null && allowed.within(needed);
      }
      // A tags condition holds when one tag satisfies it, so each of ours is compared alone.
      Attribute tags = atomAttribute(condition);
      return whenTrue.stream().anyMatch(part -> isAtom(part) && atomAttribute(part) == tags
          && Constraint.of(part).within(needed));
    }
  }

  private static boolean isAtom(Condition condition) {
    return !(condition instanceof Condition.All || condition instanceof Condition.Any
        || condition instanceof Condition.Not);
  }

  /**
   * {@return the attribute of an atom on text, a number or money, whose value is one, so that its
   * atoms' constraints can be intersected; null for tags and for combinations}
   */
  private static @Nullable Attribute textNumberOrMoney(Condition condition) {
    if (!isAtom(condition)) {
      return null;
    }
    Attribute attribute = atomAttribute(condition);
    return attribute.type() == Attribute.Type.TAGS ? null : attribute;
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

    /** {@return what an atom allows of its attribute} */
    static Constraint of(Condition atom) {
      if (atom instanceof Condition.Is is) {
        return values(Set.of(is.value()));
      }
      if (atom instanceof Condition.In in) {
        return values(in.values());
      }
      if (atom instanceof Condition.StartsWith startsWith) {
        return prefix(startsWith.prefix());
      }
      if (atom instanceof Condition.Range range) {
        return range(range.min().orElse(Long.MIN_VALUE), range.max().orElse(Long.MAX_VALUE), null);
      }
      if (atom instanceof Condition.MoneyRange range) {
        Money bound = range.min().orElseGet(() -> range.max().orElseThrow());
        return range(range.min().map(Money::minorUnits).orElse(Long.MIN_VALUE),
            range.max().map(Money::minorUnits).orElse(Long.MAX_VALUE),
            // A unit is its code and its scale: minor units of two scales do not compare.
            bound.currency().code() + "/" + bound.currency().scale());
      }
      throw new AssertionError("bug: not an atom " + atom.getClass());
    }

    static Constraint values(Set<String> values) {
      return new Constraint(copyOf(values), List.of(), 0, 0, null, false);
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
      return Collections.unmodifiableSet(both);
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

    /**
     * {@return the values this constraint allows, if it allows only some: the values of its sets
     * that fit its prefixes; null if it is a range or prefixes alone}
     */
    @Nullable Set<String> finiteValues() {
      if (numeric || values == null) {
        return null;
      }
      if (prefixes.isEmpty()) {
        // Unmodifiable already: the values of an atom, or of atoms intersected.
        return values;
      }
      Set<String> allowed = new HashSet<>();
      for (String value : values) {
        if (fitsPrefixes(value)) {
          allowed.add(value);
        }
      }
      return allowed;
    }

    /**
     * Adds what this constraint requires of a text attribute to the values or the prefixes: the
     * values it allows, if it allows only some, else its longest prefix, which begins every other
     * of a constraint that is not empty.
     *
     * @return false, adding nothing, if it is a range
     */
    boolean addStem(List<Set<String>> stemValues, Set<String> stemPrefixes) {
      Set<String> allowed = finiteValues();
      if (allowed != null) {
        stemValues.add(allowed);
        return true;
      }
      if (numeric || prefixes.isEmpty()) {
        return false;
      }
      String longest = prefixes.get(0);
      for (String prefix : prefixes) {
        longest = prefix.length() > longest.length() ? prefix : longest;
      }
      stemPrefixes.add(longest);
      return true;
    }

    private boolean fitsPrefixes(String value) {
      return prefixes.stream().allMatch(value::startsWith);
    }

    /** {@return whether every value this constraint allows, the other allows too} */
    boolean within(Constraint other) {
      if (numeric != other.numeric) {
        return false;
      }
      if (numeric) {
        return Objects.equals(currency, other.currency) && min >= other.min && max <= other.max;
      }
      if (values != null) {
        return values.stream().filter(this::fitsPrefixes).allMatch(other::allows);
      }
      return other.values == null && other.prefixes.stream()
          .allMatch(needed -> prefixes.stream().anyMatch(prefix -> prefix.startsWith(needed)));
    }

    private boolean allows(String value) {
      return (values == null || values.contains(value)) && fitsPrefixes(value);
    }

    boolean intersects(Constraint other) {
      if (numeric != other.numeric) {
        return true;
      }
      return !and(other).isEmpty();
    }
  }
}
