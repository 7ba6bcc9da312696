package dev.affiliatekit.commission;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The rules of a plan by what they target, each list in the order of precedence: rank first,
 * then position in the plan. A sale's candidates are the lists of its affiliate, its group, its
 * items' products and categories, and the program; other rules are never looked at.
 */
final class RuleIndex {

  static final CompiledRule[] NONE = new CompiledRule[0];
  static final Comparator<CompiledRule> PRECEDENCE =
      Comparator.comparingLong((CompiledRule rule) -> rule.rank).reversed()
          .thenComparingInt(rule -> rule.order);

  final CompiledRule[] all;
  private final Map<String, CompiledRule[]> byAffiliate;
  private final Map<String, CompiledRule[]> byGroup;
  private final Map<String, CompiledRule[]> byCategory;
  private final Map<String, CompiledRule[]> byProduct;
  final CompiledRule[] program;
  /** Whether an affiliate, group or program rule reads an item attribute. */
  final boolean orderRulesUseItems;

  RuleIndex(List<CommissionRule> rules) {
    all = new CompiledRule[rules.size()];
    Map<RuleTarget.Level, Map<String, List<CompiledRule>>> lists = new HashMap<>();
    List<CompiledRule> programRules = new ArrayList<>();
    for (int i = 0; i < all.length; i++) {
      CompiledRule compiled = new CompiledRule(rules.get(i), i);
      all[i] = compiled;
      RuleTarget target = compiled.rule.target();
      if (target.level() == RuleTarget.Level.PROGRAM) {
        programRules.add(compiled);
      } else {
        for (String key : target.keys()) {
          lists.computeIfAbsent(target.level(), level -> new HashMap<>())
              .computeIfAbsent(key, k -> new ArrayList<>()).add(compiled);
        }
      }
    }
    byAffiliate = freeze(lists.get(RuleTarget.Level.AFFILIATE));
    byGroup = freeze(lists.get(RuleTarget.Level.GROUP));
    byCategory = freeze(lists.get(RuleTarget.Level.CATEGORY));
    byProduct = freeze(lists.get(RuleTarget.Level.PRODUCT));
    program = sorted(programRules);
    boolean usesItems = false;
    for (CompiledRule rule : all) {
      usesItems |= !rule.rule.target().isItemTarget() && rule.matcher.usesItem();
    }
    orderRulesUseItems = usesItems;
  }

  private static Map<String, CompiledRule[]> freeze(@Nullable Map<String, List<CompiledRule>> lists) {
    if (lists == null) {
      return Map.of();
    }
    Map<String, CompiledRule[]> frozen = new HashMap<>();
    lists.forEach((key, list) -> frozen.put(key, sorted(list)));
    return frozen;
  }

  private static CompiledRule[] sorted(List<CompiledRule> rules) {
    CompiledRule[] array = rules.toArray(NONE);
    java.util.Arrays.sort(array, PRECEDENCE);
    return array;
  }

  CompiledRule[] affiliate(String affiliateId) {
    return byAffiliate.isEmpty() ? NONE : byAffiliate.getOrDefault(affiliateId, NONE);
  }

  CompiledRule[] group(@Nullable String group) {
    return group == null || byGroup.isEmpty() ? NONE : byGroup.getOrDefault(group, NONE);
  }

  CompiledRule[] category(@Nullable String category) {
    return category == null || byCategory.isEmpty() ? NONE
        : byCategory.getOrDefault(category, NONE);
  }

  CompiledRule[] product(String productId) {
    return byProduct.isEmpty() ? NONE : byProduct.getOrDefault(productId, NONE);
  }

  boolean hasItemRules() {
    return !byCategory.isEmpty() || !byProduct.isEmpty();
  }
}
