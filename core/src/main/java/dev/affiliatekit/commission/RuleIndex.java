package dev.affiliatekit.commission;

import dev.affiliatekit.attribution.LineItem;
import java.util.ArrayList;
import java.util.Arrays;
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
  private final KeyTable byAffiliate;
  private final KeyTable byGroup;
  private final KeyTable byCategory;
  private final KeyTable byProduct;
  final CompiledRule[] program;
  /** The program rules by what they require of one attribute, such as a coupon code. */
  final ProgramKeys programKeys;
  /** The rules tiered for the whole period, in plan order. */
  final CompiledRule[] wholePeriodTiers;
  /** The rules of {@link #wholePeriodTiers} by id. */
  final Map<String, CompiledRule> wholePeriodById;
  /** Whether an affiliate, group or program rule reads an item attribute. */
  final boolean orderRulesUseItems;
  /** Whether every rule pays a percentage or a flat amount, for life. */
  private final boolean plainPayouts;
  /** The largest scale of the rules' percentages as fractions, 0 if none. */
  private final int rateScale;
  /** How many rules have a {@linkplain CompiledRule#profileSlot profile slot}. */
  final int profileSlots;
  /** The rules with a {@linkplain CompiledRule#profileSlot profile slot}, in slot order. */
  final CompiledRule[] profileTested;
  private final long topCategoryRank;

  /**
   * Indexes the rules.
   *
   * @param rules the plan's rules, in plan order
   * @param cases the cases of each rule's condition by rule id, by which the program rules are
   *     keyed ({@link ProgramKeys}); null not to key them, which changes no quote
   */
  RuleIndex(List<CommissionRule> rules, @Nullable Map<String, Conditions.Cases> cases) {
    all = new CompiledRule[rules.size()];
    Map<RuleTarget.Level, Map<String, List<CompiledRule>>> lists = new HashMap<>();
    List<CompiledRule> programRules = new ArrayList<>();
    int profileSlots = 0;
    for (int i = 0; i < all.length; i++) {
      CommissionRule source = rules.get(i);
      RuleTarget target = source.target();
      // An affiliate's or a group's rule has no slot: it is decided for its own alone.
      boolean forAll = target.level() != RuleTarget.Level.AFFILIATE
          && target.level() != RuleTarget.Level.GROUP;
      int profileSlot = forAll && CompiledRule.testsProfileAlone(source) ? profileSlots++ : -1;
      CompiledRule compiled = new CompiledRule(source, i, profileSlot);
      all[i] = compiled;
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
    programKeys = ProgramKeys.of(program, cases);
    wholePeriodTiers = Arrays.stream(all).filter(rule -> rule.wholePeriod)
        .toArray(CompiledRule[]::new);
    Map<String, CompiledRule> byId = new HashMap<>();
    for (CompiledRule rule : wholePeriodTiers) {
      byId.put(rule.id, rule);
    }
    wholePeriodById = Map.copyOf(byId);
    boolean usesItems = false;
    for (CompiledRule rule : all) {
      usesItems |= !rule.rule.target().isItemTarget() && rule.matcher.usesItem();
    }
    orderRulesUseItems = usesItems;
    boolean plain = true;
    int scale = 0;
    for (CompiledRule rule : all) {
      plain &= rule.kind <= CompiledRule.FLAT_PER_UNIT && rule.lifetime;
      scale = Math.max(scale, rule.kind == CompiledRule.PERCENTAGE ? rule.rateScale : 0);
    }
    plainPayouts = plain;
    rateScale = scale;
    this.profileSlots = profileSlots;
    this.profileTested = Arrays.stream(all).filter(rule -> rule.profileSlot >= 0)
        .toArray(CompiledRule[]::new);
    long top = Long.MIN_VALUE;
    for (CompiledRule rule : all) {
      if (rule.rule.target().level() == RuleTarget.Level.CATEGORY) {
        top = Math.max(top, rule.rank);
      }
    }
    this.topCategoryRank = top;
  }

  private static KeyTable freeze(@Nullable Map<String, List<CompiledRule>> lists) {
    if (lists == null) {
      return KeyTable.EMPTY;
    }
    Map<String, CompiledRule[]> frozen = new HashMap<>();
    lists.forEach((key, list) -> frozen.put(key, sorted(list)));
    return new KeyTable(frozen);
  }

  private static CompiledRule[] sorted(List<CompiledRule> rules) {
    CompiledRule[] array = rules.toArray(NONE);
    java.util.Arrays.sort(array, PRECEDENCE);
    return array;
  }

  CompiledRule[] affiliate(String affiliateId) {
    return byAffiliate.isEmpty() ? NONE : byAffiliate.get(affiliateId);
  }

  CompiledRule[] group(@Nullable String group) {
    return group == null || byGroup.isEmpty() ? NONE : byGroup.get(group);
  }

  CompiledRule[] category(@Nullable String category) {
    return category == null || byCategory.isEmpty() ? NONE : byCategory.get(category);
  }

  CompiledRule[] product(String productId) {
    return byProduct.isEmpty() ? NONE : byProduct.get(productId);
  }

  boolean hasItemRules() {
    return !byCategory.isEmpty() || !byProduct.isEmpty();
  }

  /** {@return the highest rank of a category rule; {@link Long#MIN_VALUE} if there is none} */
  long topCategoryRank() {
    return topCategoryRank;
  }

  /** {@return whether every rule pays a percentage or a flat amount, for life} */
  boolean plainPayouts() {
    return plainPayouts;
  }

  /** {@return the largest scale of the rules' percentages as fractions, 0 if none} */
  int rateScale() {
    return rateScale;
  }

  /**
   * {@return the program rules keyed by a value of the sale ({@link #programKeys}) that the sale
   * of the facts meets, in order of precedence; none if the rules are not keyed} The program
   * rules that may hold for the sale are these and those of {@link ProgramKeys#unkeyed}.
   */
  CompiledRule[] keyedRules(Facts facts) {
    Attribute key = programKeys.attribute;
    return key == null ? NONE : programKeys.keyedRules(facts.text(key));
  }

  /**
   * Returns the first rule, in order of precedence, of the affiliate's, the group's, the
   * unkeyed program rules and the keyed ones that the sale meets ({@link #keyedRules}), whose
   * condition holds for the facts; null if none does. It walks the four lists side by side, so
   * that a quote whose first rule wins looks at no more.
   */
  static @Nullable CompiledRule firstTrue(CompiledRule[] affiliateRules,
      CompiledRule[] groupRules, CompiledRule[] unkeyed, CompiledRule[] keyed, Facts facts) {
    RuleWalk walk = new RuleWalk(affiliateRules, groupRules, unkeyed, keyed);
    for (CompiledRule next = walk.next(); next != null; next = walk.next()) {
      if (next.matcher.test(facts) == Matcher.TRUE) {
        return next;
      }
    }
    return null;
  }

  /**
   * Merges the affiliate's, the group's and the given program rules, each in order of
   * precedence, into one list in order of precedence: on equal priority the affiliate's first,
   * then the group's. The program rules themselves when there are no others.
   */
  static CompiledRule[] inPrecedence(CompiledRule[] affiliateRules, CompiledRule[] groupRules,
      CompiledRule[] program) {
    if (affiliateRules.length == 0 && groupRules.length == 0) {
      return program;
    }
    CompiledRule[] merged =
        new CompiledRule[affiliateRules.length + groupRules.length + program.length];
    int a = 0;
    int g = 0;
    int e = 0;
    for (int i = 0; i < merged.length; i++) {
      if (a < affiliateRules.length && (g >= groupRules.length
          || affiliateRules[a].rank > groupRules[g].rank)
          && (e >= program.length || affiliateRules[a].rank > program[e].rank)) {
        merged[i] = affiliateRules[a++];
      } else if (g < groupRules.length
          && (e >= program.length || groupRules[g].rank > program[e].rank)) {
        merged[i] = groupRules[g++];
      } else {
        merged[i] = program[e++];
      }
    }
    return merged;
  }

  /**
   * Returns the first of the line's product and category rules, in order of precedence, that
   * outranks the order's rule and whose condition holds for the facts (whose item is the line);
   * the order's rule if none does.
   */
  @Nullable CompiledRule itemRule(@Nullable CompiledRule orderWinner, LineItem line,
      Facts facts) {
    CompiledRule[] products = product(line.productId());
    CompiledRule[] categories = byCategory.isEmpty() ? NONE
        : category(line.categoryOrNull());
    long floor = orderWinner == null ? Long.MIN_VALUE : orderWinner.rank;
    int d = 0;
    int c = 0;
    while (true) {
      CompiledRule next;
      if (d < products.length
          && (c >= categories.length || products[d].rank > categories[c].rank)) {
        next = products[d++];
      } else if (c < categories.length) {
        next = categories[c++];
      } else {
        return orderWinner;
      }
      if (next.rank < floor) {
        return orderWinner;
      }
      if (next.matcher.test(facts) == Matcher.TRUE) {
        return next;
      }
    }
  }
}
