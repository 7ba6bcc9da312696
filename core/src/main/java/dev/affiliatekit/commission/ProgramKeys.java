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
 * the rules that require nothing of it, not by all of them. The key is the attribute that leaves a
 * quote the fewest rules to try (see {@link #of}); a plan with no such attribute has none, and
 * every program rule is tried.
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
  /** How many values and prefixes the keyed rules name. */
  private final int keys;

  private ProgramKeys(@Nullable Attribute attribute, CompiledRule[] unkeyed, KeyTable byValue,
      KeyTable byPrefix, int[] prefixLengths, int keys) {
    this.attribute = attribute;
    this.unkeyed = unkeyed;
    this.byValue = byValue;
    this.byPrefix = byPrefix;
    this.prefixLengths = prefixLengths;
    this.keys = keys;
  }

  /**
   * Keys the program rules, given in order of precedence, by the attribute that leaves a quote the
   * fewest rules to try: of {@code n} rules that some attribute's stems name {@code d} values and
   * prefixes of, a sale meets about {@code n / d}, besides the rules that require nothing of it.
   * So a plan of a rule per coupon code for new customers only is keyed by the code, of which
   * there are thousands, not by the customer type, of which there is one. No rule is keyed if no
   * attribute spares a quote one rule at least, as for one rule of a million single-use codes
   * beside a default rule, or if no cases are given. A rule whose condition tests the affiliate's
   * profile alone is never keyed: a quote of the fast path knows from the profile whether it
   * holds.
   *
   * @param program the program rules, in order of precedence
   * @param cases the cases of each rule's condition by rule id; null not to key the rules
   */
  static ProgramKeys of(CompiledRule[] program, @Nullable Map<String, Conditions.Cases> cases) {
    if (cases == null || program.length == 0) {
      return unkeyed(program);
    }
    List<Map<Attribute, Conditions.Stems>> stems = new ArrayList<>(program.length);
    Map<Attribute, Integer> attributes = new EnumMap<>(Attribute.class);
    for (CompiledRule rule : program) {
      Map<Attribute, Conditions.Stems> ruleStems = Map.of();
      if (rule.profileSlot < 0) {
        Conditions.Cases ruleCases = cases.get(rule.id);
        ruleStems = (ruleCases == null ? Conditions.cases(rule.rule.condition()) : ruleCases)
            .stems();
      }
      stems.add(ruleStems);
      for (Attribute attribute : ruleStems.keySet()) {
        if (isKeyable(attribute)) {
          attributes.merge(attribute, 1, Integer::sum);
        }
      }
    }
    ProgramKeys best = unkeyed(program);
    // A key must spare a quote one rule at least, else its table costs more than it saves, as
    // for one rule of a million single-use codes.
    double fewest = program.length - 1;
    for (Map.Entry<Attribute, Integer> stemmed : attributes.entrySet()) {
      if (stemmed.getValue() < 2) {
        // One keyed rule spares a quote less than one rule, whatever its values.
        continue;
      }
      ProgramKeys keyed = keyedBy(stemmed.getKey(), program, stems);
      int keyedRules = program.length - keyed.unkeyed.length;
      double tried = keyed.unkeyed.length + (double) keyedRules / keyed.keys;
      if (tried <= fewest) {
        best = keyed;
        fewest = tried;
      }
    }
    return best;
  }

  private static ProgramKeys unkeyed(CompiledRule[] program) {
    return new ProgramKeys(null, program, KeyTable.EMPTY, KeyTable.EMPTY, NO_LENGTHS, 0);
  }

  /** {@return the rules keyed by the attribute, each value's and prefix's in precedence order} */
  private static ProgramKeys keyedBy(Attribute attribute, CompiledRule[] program,
      List<Map<Attribute, Conditions.Stems>> stems) {
    List<CompiledRule> unkeyed = new ArrayList<>();
    // A rule, or a list of the rules, of each value or prefix: most have one rule.
    Map<String, Object> byValue = new HashMap<>();
    Map<String, Object> byPrefix = new HashMap<>();
    TreeSet<Integer> lengths = new TreeSet<>();
    for (int i = 0; i < program.length; i++) {
      CompiledRule rule = program[i];
      Conditions.Stems ruleStems = stems.get(i).get(attribute);
      if (ruleStems == null) {
        unkeyed.add(rule);
        continue;
      }
      for (String value : ruleStems.values()) {
        add(byValue, value, rule);
      }
      for (String prefix : ruleStems.prefixes()) {
        add(byPrefix, prefix, rule);
        lengths.add(prefix.length());
      }
    }
    return new ProgramKeys(attribute, unkeyed.toArray(RuleIndex.NONE), table(byValue),
        table(byPrefix), lengths.stream().mapToInt(Integer::intValue).toArray(),
        byValue.size() + byPrefix.size());
  }

  /** Adds the rule, which comes after those added before in order of precedence, to the key's. */
  @SuppressWarnings("unchecked")
  private static void add(Map<String, Object> rules, String key, CompiledRule rule) {
    Object before = rules.putIfAbsent(key, rule);
    if (before instanceof CompiledRule first) {
      List<CompiledRule> both = new ArrayList<>(2);
      both.add(first);
      both.add(rule);
      rules.put(key, both);
    } else if (before != null) {
      ((List<CompiledRule>) before).add(rule);
    }
  }

  /**
   * {@return whether rules may be keyed by the attribute: a text attribute of one value, the same
   * for every item of the sale}
   */
  private static boolean isKeyable(Attribute attribute) {
    return attribute.type() == Attribute.Type.TEXT && !attribute.isItemAttribute();
  }

  /**
   * {@return the table of the rules by key, made of the map, whose values it turns into arrays in
   * place: a key of one rule has the rule's own array}
   */
  @SuppressWarnings("unchecked")
  private static KeyTable table(Map<String, Object> rules) {
    if (rules.isEmpty()) {
      return KeyTable.EMPTY;
    }
    rules.replaceAll((key, held) -> held instanceof CompiledRule rule ? rule.alone
        : ((List<CompiledRule>) held).toArray(RuleIndex.NONE));
    Map<String, ?> arrays = rules;
    return new KeyTable((Map<String, CompiledRule[]>) arrays);
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
