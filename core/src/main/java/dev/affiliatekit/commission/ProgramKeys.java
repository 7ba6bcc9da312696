package dev.affiliatekit.commission;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * The program rules of a plan by what their conditions require of one text attribute of the sale
 * or the affiliate, its key: to be one of some values or to begin with one of some prefixes (the
 * rules' {@linkplain Conditions.Cases#stems() stems}). So a plan of a rule per coupon code, {@code
 * sale.couponCode = MIA10} and thousands like it, quotes a sale by the rules of its coupon code and
 * the rules that require nothing of it, not by all of them. The key is the attribute that the most
 * program rules require so; a plan with no such rule has none, and every program rule is tried.
 *
 * <p>A rule keyed so can hold only when the sale's value is one of its values or begins with one
 * of its prefixes; a missing value meets none. Instances are immutable and thread-safe.
 */
final class ProgramKeys {

  private static final int[] NO_LENGTHS = {};

  /** The attribute the rules are keyed by; null if none is. */
  final @Nullable Attribute attribute;
  /** The program rules that require nothing of the key, in order of precedence. */
  final CompiledRule[] unkeyed;
  private final KeyTable byValue;
  private final KeyTable byPrefix;
  /** The lengths of the prefixes of {@link #byPrefix}, shortest first. */
  private final int[] prefixLengths;

  private ProgramKeys(@Nullable Attribute attribute, CompiledRule[] unkeyed, KeyTable byValue,
      KeyTable byPrefix, int[] prefixLengths) {
    this.attribute = attribute;
    this.unkeyed = unkeyed;
    this.byValue = byValue;
    this.byPrefix = byPrefix;
    this.prefixLengths = prefixLengths;
  }

  /**
   * Keys the program rules, given in order of precedence, by the attribute that the most of them
   * require a value or a prefix of; by none if none does, or if no cases are given.
   *
   * @param program the program rules, in order of precedence
   * @param cases the cases of each rule's condition by rule id; null not to key the rules
   */
  static ProgramKeys of(CompiledRule[] program, @Nullable Map<String, Conditions.Cases> cases) {
    if (cases == null || program.length == 0) {
      return new ProgramKeys(null, program, KeyTable.EMPTY, KeyTable.EMPTY, NO_LENGTHS);
    }
    List<Map<Attribute, Conditions.Stems>> stems = new ArrayList<>(program.length);
    Map<Attribute, Integer> counts = new EnumMap<>(Attribute.class);
    for (CompiledRule rule : program) {
      Conditions.Cases ruleCases = cases.get(rule.id);
      Map<Attribute, Conditions.Stems> ruleStems = (ruleCases == null
          ? Conditions.cases(rule.rule.condition()) : ruleCases).stems();
      stems.add(ruleStems);
      for (Attribute attribute : ruleStems.keySet()) {
        if (isKeyable(attribute)) {
          counts.merge(attribute, 1, Integer::sum);
        }
      }
    }
    // The attribute most rules stem; of equal counts, the first declared.
    Attribute key = null;
    int most = 0;
    for (Map.Entry<Attribute, Integer> count : counts.entrySet()) {
      if (count.getValue() > most) {
        key = count.getKey();
        most = count.getValue();
      }
    }
    if (key == null) {
      return new ProgramKeys(null, program, KeyTable.EMPTY, KeyTable.EMPTY, NO_LENGTHS);
    }
    List<CompiledRule> unkeyed = new ArrayList<>();
    Map<String, List<CompiledRule>> byValue = new HashMap<>();
    Map<String, List<CompiledRule>> byPrefix = new HashMap<>();
    TreeSet<Integer> lengths = new TreeSet<>();
    for (int i = 0; i < program.length; i++) {
      CompiledRule rule = program[i];
      Conditions.Stems ruleStems = stems.get(i).get(key);
      if (ruleStems == null) {
        unkeyed.add(rule);
        continue;
      }
      // In order of precedence, as the rules come.
      for (String value : ruleStems.values()) {
        byValue.computeIfAbsent(value, unused -> new ArrayList<>(1)).add(rule);
      }
      for (String prefix : ruleStems.prefixes()) {
        byPrefix.computeIfAbsent(prefix, unused -> new ArrayList<>(1)).add(rule);
        lengths.add(prefix.length());
      }
    }
    return new ProgramKeys(key, unkeyed.toArray(RuleIndex.NONE), table(byValue),
        table(byPrefix), lengths.stream().mapToInt(Integer::intValue).toArray());
  }

  /**
   * {@return whether rules may be keyed by the attribute: a text attribute of one value, the same
   * for every item of the sale}
   */
  private static boolean isKeyable(Attribute attribute) {
    return attribute.type() == Attribute.Type.TEXT && !attribute.isItemAttribute();
  }

  private static KeyTable table(Map<String, List<CompiledRule>> lists) {
    if (lists.isEmpty()) {
      return KeyTable.EMPTY;
    }
    Map<String, CompiledRule[]> frozen = new HashMap<>();
    lists.forEach((value, rules) -> frozen.put(value, rules.toArray(RuleIndex.NONE)));
    return new KeyTable(frozen);
  }

  /**
   * {@return the keyed rules that the key's value meets, in order of precedence: those of the
   * value, and those of each prefix that begins it; none if the value is missing}
   */
  CompiledRule[] keyedRules(@Nullable String value) {
    if (value == null) {
      return RuleIndex.NONE;
    }
    CompiledRule[] rules = byValue.get(value);
    for (int length : prefixLengths) {
      if (length > value.length()) {
        break;
      }
      CompiledRule[] begun = byPrefix.get(value.substring(0, length));
      if (begun.length > 0) {
        rules = rules.length == 0 ? begun : union(rules, begun);
      }
    }
    return rules;
  }

  /**
   * {@return the rules of both arrays, each in order of precedence, in order of precedence; a rule
   * in both, as one with a value and a prefix that the sale's value meets, once}
   */
  private static CompiledRule[] union(CompiledRule[] first, CompiledRule[] second) {
    CompiledRule[] merged = merge(first, second);
    int kept = 0;
    for (CompiledRule rule : merged) {
      if (kept == 0 || merged[kept - 1] != rule) {
        merged[kept++] = rule;
      }
    }
    return kept == merged.length ? merged : Arrays.copyOf(merged, kept);
  }

  /** {@return the rules of both arrays, each in order of precedence, in order of precedence} */
  static CompiledRule[] merge(CompiledRule[] first, CompiledRule[] second) {
    CompiledRule[] merged = new CompiledRule[first.length + second.length];
    int a = 0;
    int b = 0;
    for (int i = 0; i < merged.length; i++) {
      merged[i] = b >= second.length || (a < first.length && !precedes(second[b], first[a]))
          ? first[a++] : second[b++];
    }
    return merged;
  }

  /** {@return whether the first rule comes before the second in order of precedence} */
  static boolean precedes(CompiledRule first, CompiledRule second) {
    return first.rank > second.rank || (first.rank == second.rank && first.order < second.order);
  }
}
