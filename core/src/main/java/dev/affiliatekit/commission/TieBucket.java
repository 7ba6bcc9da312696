package dev.affiliatekit.commission;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The rules of a plan's builder that share a priority, a level and a target key, and so may tie,
 * indexed by the values their conditions {@linkplain Conditions.Cases#pins() pin}: a rule is
 * compared only with those that may hold together with it. So a plan of a rule per coupon code,
 * {@code sale.couponCode = MIA10} and thousands like it, is checked in time in its rules, not in
 * their square.
 */
final class TieBucket {

  /** A rule with the cases in which its condition holds. */
  private record Held(CommissionRule rule, Conditions.Cases cases) {}

  /** The rules, in the order they were added. */
  private final List<Held> rules = new ArrayList<>();
  /** The rules by each attribute a rule to check has pinned, made when first needed. */
  private final Map<Attribute, Pinned> byAttribute = new EnumMap<>(Attribute.class);

  /** The rules by the values of one attribute that they pin, and those that do not pin it. */
  private static final class Pinned {
    final Map<String, List<Held>> byValue = new HashMap<>();
    final List<Held> others = new ArrayList<>();

    void add(Attribute attribute, Held held) {
      Set<String> values = held.cases.pins().get(attribute);
      if (values == null) {
        others.add(held);
      } else {
        for (String value : values) {
          byValue.computeIfAbsent(value, unused -> new ArrayList<>(1)).add(held);
        }
      }
    }

    void remove(Attribute attribute, Held held) {
      Set<String> values = held.cases.pins().get(attribute);
      if (values == null) {
        removeFrom(others, held);
      } else {
        for (String value : values) {
          List<Held> list = Objects.requireNonNull(byValue.get(value), "bug: pin not indexed");
          removeFrom(list, held);
          if (list.isEmpty()) {
            byValue.remove(value);
          }
        }
      }
    }

    /** {@return how many rules may hold with one of the values: an upper bound} */
    long count(Set<String> values) {
      long count = others.size();
      for (String value : values) {
        List<Held> list = byValue.get(value);
        count += list == null ? 0 : list.size();
      }
      return count;
    }
  }

  void add(CommissionRule rule, Conditions.Cases cases) {
    Held held = new Held(rule, cases);
    rules.add(held);
    byAttribute.forEach((attribute, pinned) -> pinned.add(attribute, held));
  }

  /** Removes the rule of the id, which no other rule of the plan has. */
  void remove(String ruleId) {
    for (int i = 0; i < rules.size(); i++) {
      Held held = rules.get(i);
      if (held.rule.id().equals(ruleId)) {
        rules.remove(i);
        byAttribute.forEach((attribute, pinned) -> pinned.remove(attribute, held));
        return;
      }
    }
  }

  /**
   * {@return the rules whose conditions may hold together with a condition of the given cases,
   * by its pins, each once: all of them if it pins nothing; else those that pin none of the
   * attribute it pins, or one of its values, by the attribute that leaves the fewest; keyed by
   * identity, as a rule's equality is deep}
   */
  IdentityHashMap<CommissionRule, Conditions.Cases> candidates(Conditions.Cases cases) {
    Map<Attribute, Set<String>> pins = cases.pins();
    IdentityHashMap<CommissionRule, Conditions.Cases> candidates = new IdentityHashMap<>();
    if (pins.isEmpty()) {
      rules.forEach(held -> candidates.put(held.rule, held.cases));
      return candidates;
    }
    @Nullable Pinned fewest = null;
    @Nullable Attribute fewestBy = null;
    Set<String> values = Set.of();
    long least = Long.MAX_VALUE;
    for (Map.Entry<Attribute, Set<String>> pin : pins.entrySet()) {
      Pinned pinned = byAttribute.computeIfAbsent(pin.getKey(), attribute -> {
        Pinned made = new Pinned();
        rules.forEach(held -> made.add(attribute, held));
        return made;
      });
      long count = pinned.count(pin.getValue());
      if (count < least) {
        least = count;
        fewest = pinned;
        fewestBy = pin.getKey();
        values = pin.getValue();
      }
    }
    Pinned chosen = Objects.requireNonNull(fewest, "bug: no pin");
    Attribute by = Objects.requireNonNull(fewestBy, "bug: no pin");
    for (Held held : chosen.others) {
      if (mayMeet(held, pins, by)) {
        candidates.put(held.rule, held.cases);
      }
    }
    for (String value : values) {
      for (Held held : chosen.byValue.getOrDefault(value, List.of())) {
        if (mayMeet(held, pins, by)) {
          candidates.put(held.rule, held.cases);
        }
      }
    }
    return candidates;
  }

  /**
   * {@return whether the held rule, by the values it pins, may hold together with a condition of
   * the given pins on each attribute but the one the candidates were found by: a rule that pins
   * an attribute to none of the condition's values cannot}
   */
  private static boolean mayMeet(Held held, Map<Attribute, Set<String>> pins, Attribute by) {
    Map<Attribute, Set<String>> its = held.cases.pins();
    if (its.isEmpty()) {
      return true;
    }
    for (Map.Entry<Attribute, Set<String>> pin : pins.entrySet()) {
      Set<String> values = its.get(pin.getKey());
      if (pin.getKey() != by && values != null && Collections.disjoint(values, pin.getValue())) {
        return false;
      }
    }
    return true;
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
