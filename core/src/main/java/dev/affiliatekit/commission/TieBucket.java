package dev.affiliatekit.commission;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The rules of a plan's builder that share a priority, a level and a target key, and so may tie,
 * indexed by what their conditions require of text attributes, their {@linkplain
 * Conditions.Cases#stems() stems}: a rule is compared only with those that may hold together with
 * it. So a plan of a rule per coupon code, {@code sale.couponCode = MIA10} and thousands like it,
 * or of a rule per coupon prefix, {@code sale.couponCode starts with MIA-}, is checked in time in
 * its rules, not in their square.
 */
final class TieBucket {

  /** A rule with the cases in which its condition holds. */
  private record Held(CommissionRule rule, Conditions.Cases cases) {}

  /** The rules, in the order they were added. */
  private final List<Held> rules = new ArrayList<>();
  /** The rules by each attribute a rule to check has stemmed, made when first needed. */
  private final Map<Attribute, Stemmed> byAttribute = new EnumMap<>(Attribute.class);

  /**
   * The rules by the values and the prefixes of one attribute that their stems name, and those
   * that do not stem it. Sorted maps, so that the values and the prefixes that begin with a
   * prefix are found side by side; and the lengths of the prefixes, so that those that begin a
   * value are found by a look-up for each length.
   */
  private static final class Stemmed {
    final NavigableMap<String, List<Held>> byValue = new TreeMap<>();
    final NavigableMap<String, List<Held>> byPrefix = new TreeMap<>();
    final SortedMap<Integer, Integer> prefixLengths = new TreeMap<>();
    final List<Held> others = new ArrayList<>();

    void add(Attribute attribute, Held held) {
      Conditions.Stems stems = held.cases.stems().get(attribute);
      if (stems == null) {
        others.add(held);
        return;
      }
      for (String value : stems.values()) {
        byValue.computeIfAbsent(value, unused -> new ArrayList<>(1)).add(held);
      }
      for (String prefix : stems.prefixes()) {
        byPrefix.computeIfAbsent(prefix, unused -> new ArrayList<>(1)).add(held);
        prefixLengths.merge(prefix.length(), 1, Integer::sum);
      }
    }

    void remove(Attribute attribute, Held held) {
      Conditions.Stems stems = held.cases.stems().get(attribute);
      if (stems == null) {
        removeFrom(others, held);
        return;
      }
      for (String value : stems.values()) {
        removeFrom(byValue, value, held);
      }
      for (String prefix : stems.prefixes()) {
        removeFrom(byPrefix, prefix, held);
        prefixLengths.computeIfPresent(prefix.length(), (length, count) ->
            count == 1 ? null : count - 1);
      }
    }

    /**
     * {@return how many rules may meet the stems, some counted more than once, or at least
     * {@code limit}: the sizes of their lists (see {@link #forEachList}) are added until the sum
     * reaches it, so that a look-up of many rules costs little}
     */
    long count(Conditions.Stems stems, long limit) {
      long[] sum = {0};
      forEachList(stems, list -> {
        sum[0] += list.size();
        return sum[0] < limit;
      });
      return sum[0];
    }

    /** Passes each rule that may meet the stems to the visitor, some more than once. */
    void visit(Conditions.Stems stems, Consumer<Held> visitor) {
      forEachList(stems, list -> {
        list.forEach(visitor);
        return true;
      });
    }

    /**
     * Passes the lists of the rules that may meet the stems, until {@code pass} returns false:
     * those that do not stem the attribute, those of a value the stems name, those of a prefix
     * that begins one of their values or prefixes, and those of a value or a prefix that one of
     * their prefixes begins.
     */
    private void forEachList(Conditions.Stems stems, Predicate<List<Held>> pass) {
      boolean more = pass.test(others);
      for (Iterator<String> values = stems.values().iterator(); more && values.hasNext(); ) {
        String value = values.next();
        List<Held> same = byValue.get(value);
        more = (same == null || pass.test(same)) && visitPrefixesOf(value, pass);
      }
      for (Iterator<String> prefixes = stems.prefixes().iterator(); more && prefixes.hasNext(); ) {
        String prefix = prefixes.next();
        more = visitPrefixesOf(prefix, pass) && visitBegunBy(byValue, prefix, true, pass)
            && visitBegunBy(byPrefix, prefix, false, pass);
      }
    }

    /** Passes the rules of each prefix that begins the text, itself included. */
    private boolean visitPrefixesOf(String text, Predicate<List<Held>> pass) {
      for (int length : prefixLengths.keySet()) {
        if (length > text.length()) {
          break;
        }
        List<Held> begun = byPrefix.get(text.substring(0, length));
        if (begun != null && !pass.test(begun)) {
          return false;
        }
      }
      return true;
    }

    /** Passes the rules of each key that the prefix begins, itself too if {@code inclusive}. */
    private static boolean visitBegunBy(NavigableMap<String, List<Held>> map, String prefix,
        boolean inclusive, Predicate<List<Held>> pass) {
      for (Map.Entry<String, List<Held>> entry : map.tailMap(prefix, inclusive).entrySet()) {
        if (!entry.getKey().startsWith(prefix)) {
          break;
        }
        if (!pass.test(entry.getValue())) {
          return false;
        }
      }
      return true;
    }
  }

  void add(CommissionRule rule, Conditions.Cases cases) {
    Held held = new Held(rule, cases);
    rules.add(held);
    byAttribute.forEach((attribute, stemmed) -> stemmed.add(attribute, held));
  }

  /** Removes the rule of the id, which no other rule of the plan has. */
  void remove(String ruleId) {
    for (int i = 0; i < rules.size(); i++) {
      Held held = rules.get(i);
      if (held.rule.id().equals(ruleId)) {
        rules.remove(i);
        byAttribute.forEach((attribute, stemmed) -> stemmed.remove(attribute, held));
        return;
      }
    }
  }

  /**
   * {@return the rules whose conditions may hold together with a condition of the given cases,
   * by its stems, each once: all of them if it stems nothing; else those that may meet its stems
   * of the attribute that leaves the fewest, and of each other attribute; keyed by identity, as a
   * rule's equality is deep}
   */
  IdentityHashMap<CommissionRule, Conditions.Cases> candidates(Conditions.Cases cases) {
    Map<Attribute, Conditions.Stems> stems = cases.stems();
    IdentityHashMap<CommissionRule, Conditions.Cases> candidates = new IdentityHashMap<>();
    if (stems.isEmpty()) {
      rules.forEach(held -> candidates.put(held.rule, held.cases));
      return candidates;
    }
    @Nullable Stemmed fewest = null;
    @Nullable Attribute fewestBy = null;
    Conditions.@Nullable Stems fewestStems = null;
    long least = Long.MAX_VALUE;
    for (Map.Entry<Attribute, Conditions.Stems> stem : stems.entrySet()) {
      Attribute attribute = stem.getKey();
      Stemmed stemmed = byAttribute.computeIfAbsent(attribute, unused -> {
        Stemmed made = new Stemmed();
        rules.forEach(held -> made.add(attribute, held));
        return made;
      });
      // Counting stops at the fewest so far, so that a prefix that begins many keys costs little.
      long count = stemmed.count(stem.getValue(), least);
      if (count < least) {
        least = count;
        fewest = stemmed;
        fewestBy = attribute;
        fewestStems = stem.getValue();
      }
    }
    Attribute by = Objects.requireNonNull(fewestBy, "bug: no stem");
    Objects.requireNonNull(fewest, "bug: no stem").visit(
        Objects.requireNonNull(fewestStems, "bug: no stem"), held -> {
          if (mayMeet(held, stems, by)) {
            candidates.put(held.rule, held.cases);
          }
        });
    return candidates;
  }

  /**
   * {@return whether the held rule, by its stems, may hold together with a condition of the
   * given stems on each attribute but the one the candidates were found by: a rule whose stems of
   * an attribute meet none of the condition's cannot}
   */
  private static boolean mayMeet(Held held, Map<Attribute, Conditions.Stems> stems,
      Attribute by) {
    Map<Attribute, Conditions.Stems> its = held.cases.stems();
    if (its.isEmpty()) {
      return true;
    }
    for (Map.Entry<Attribute, Conditions.Stems> stem : stems.entrySet()) {
      Conditions.Stems theirs = its.get(stem.getKey());
      if (stem.getKey() != by && theirs != null && !theirs.mayMeet(stem.getValue())) {
        return false;
      }
    }
    return true;
  }

  /** Removes the held rule from the map's list of the key, and the key if none is left. */
  private static void removeFrom(Map<String, List<Held>> map, String key, Held held) {
    List<Held> list = Objects.requireNonNull(map.get(key), "bug: stem not indexed");
    removeFrom(list, held);
    if (list.isEmpty()) {
      map.remove(key);
    }
  }

  /** Removes the held rule from the list, found by id, as a rule's equality is deep. */
  private static void removeFrom(List<Held> list, Held held) {
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).rule.id().equals(held.rule.id())) {
        list.remove(i);
        return;
      }
    }
  }
}
