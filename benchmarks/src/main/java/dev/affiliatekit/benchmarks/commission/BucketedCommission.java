package dev.affiliatekit.benchmarks.commission;

import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.Credit;
import dev.affiliatekit.attribution.LineItem;
import dev.affiliatekit.commission.AffiliateProfile;
import dev.affiliatekit.commission.CommissionContext;
import dev.affiliatekit.commission.CommissionPlan;
import dev.affiliatekit.commission.CommissionRule;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The second baseline: the evaluator a competent engineer would write without a rule engine. The
 * rules are grouped once by what they target, program rules in a list and the others in a {@code
 * HashMap} per level from each key (affiliate, group, category, product) to its rules, so that a
 * line item tries only the rules that can cover it: the program's, its affiliate's and its group's
 * (looked up once per quote), its category's and its product's. It then applies the same
 * precedence, conditions, payouts and caps as {@link NaiveCommission}, with {@link BigDecimal},
 * and tests the conditions of a rule only if it would win over the best rule found so far.
 *
 * <p>Each bucket keeps the plan's order, and an item matches at most one key per level, so among
 * rules of one priority and one level the first in the plan wins, as in the naive scan; rules of
 * one priority on different levels are told apart by the level, whatever order they are tried in.
 */
final class BucketedCommission {

  private final CommissionPlan plan;
  private final RoundingMode rounding;
  private final List<CommissionRule> programRules = new ArrayList<>();
  private final Map<String, List<CommissionRule>> byAffiliate = new HashMap<>();
  private final Map<String, List<CommissionRule>> byGroup = new HashMap<>();
  private final Map<String, List<CommissionRule>> byCategory = new HashMap<>();
  private final Map<String, List<CommissionRule>> byProduct = new HashMap<>();

  BucketedCommission(CommissionPlan plan) {
    this.plan = plan;
    this.rounding = plan.rounding();
    for (CommissionRule rule : plan.rules()) {
      Map<String, List<CommissionRule>> buckets =
          switch (rule.target().level()) {
            case PROGRAM -> null;
            case AFFILIATE -> byAffiliate;
            case GROUP -> byGroup;
            case CATEGORY -> byCategory;
            case PRODUCT -> byProduct;
          };
      if (buckets == null) {
        programRules.add(rule);
      } else {
        for (String key : rule.target().keys()) {
          buckets.computeIfAbsent(key, k -> new ArrayList<>()).add(rule);
        }
      }
    }
  }

  /** {@return the commission for the credit, in major units at the currency's scale} */
  BigDecimal quote(Conversion conversion, Credit credit, CommissionContext context) {
    List<LineItem> items = conversion.lineItems();
    BigDecimal share = credit.share().toFraction();
    AffiliateProfile affiliate = context.affiliate();
    List<CommissionRule> affiliateRules = byAffiliate.getOrDefault(affiliate.affiliateId(),
        List.of());
    List<CommissionRule> groupRules = affiliate.group().isPresent()
        ? byGroup.getOrDefault(affiliate.group().get(), List.of()) : List.of();
    List<CommissionRule> winners = new ArrayList<>();
    List<List<Integer>> portions = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      LineItem item = items.get(i);
      CommissionRule best = best(null, programRules, item, conversion, credit, context);
      best = best(best, affiliateRules, item, conversion, credit, context);
      best = best(best, groupRules, item, conversion, credit, context);
      if (item.category().isPresent()) {
        best = best(best, byCategory.getOrDefault(item.category().get(), List.of()), item,
            conversion, credit, context);
      }
      best = best(best, byProduct.getOrDefault(item.productId(), List.of()), item, conversion,
          credit, context);
      NaiveCommission.assign(best, i, winners, portions);
    }
    return NaiveCommission.price(plan, rounding, conversion, share, winners, portions);
  }

  /** {@return the best of {@code best} and the candidates whose conditions hold for the item} */
  private static CommissionRule best(CommissionRule best, List<CommissionRule> candidates,
      LineItem item, Conversion conversion, Credit credit, CommissionContext context) {
    for (int r = 0; r < candidates.size(); r++) {
      CommissionRule rule = candidates.get(r);
      if ((best == null || NaiveCommission.beats(rule, best))
          && NaiveCommission.test(rule.condition(), item, conversion, credit, context)
              == Boolean.TRUE) {
        best = rule;
      }
    }
    return best;
  }
}
