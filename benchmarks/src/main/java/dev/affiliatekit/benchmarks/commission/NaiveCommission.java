package dev.affiliatekit.benchmarks.commission;

import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.Credit;
import dev.affiliatekit.attribution.CustomerType;
import dev.affiliatekit.attribution.LineItem;
import dev.affiliatekit.commission.AffiliateProfile;
import dev.affiliatekit.commission.Attribute;
import dev.affiliatekit.commission.CommissionContext;
import dev.affiliatekit.commission.CommissionPlan;
import dev.affiliatekit.commission.CommissionRule;
import dev.affiliatekit.commission.Condition;
import dev.affiliatekit.commission.Payout;
import dev.affiliatekit.commission.RuleTarget;
import dev.affiliatekit.money.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The baseline: a commission evaluator as a team would first write it. For every line item it
 * tries every rule of the plan in turn, keeps the best by priority and specificity, and computes
 * with {@link BigDecimal}. It supports what the benchmark's plans use: percentage and flat payouts,
 * rule caps and the plan's cap per conversion, under first-match precedence.
 */
final class NaiveCommission {

  private final CommissionPlan plan;
  private final RoundingMode rounding;

  NaiveCommission(CommissionPlan plan) {
    this.plan = plan;
    this.rounding = plan.rounding();
  }

  /** {@return the commission for the credit, in major units at the currency's scale} */
  BigDecimal quote(Conversion conversion, Credit credit, CommissionContext context) {
    List<LineItem> items = conversion.lineItems();
    BigDecimal share = credit.share().toFraction();
    List<CommissionRule> winners = new ArrayList<>();
    List<List<Integer>> portions = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      CommissionRule best = null;
      for (CommissionRule rule : plan.rules()) {
        if (applies(rule, items.get(i), conversion, credit, context)
            && (best == null || beats(rule, best))) {
          best = rule;
        }
      }
      assign(best, i, winners, portions);
    }
    return price(plan, rounding, conversion, share, winners, portions);
  }

  /**
   * {@return the commission of the winning rules, each priced on the line items it won, capped
   * per rule and per conversion, in major units at the currency's scale}
   */
  static BigDecimal price(CommissionPlan plan, RoundingMode rounding, Conversion conversion,
      BigDecimal share, List<CommissionRule> winners, List<List<Integer>> portions) {
    List<LineItem> items = conversion.lineItems();
    List<Money> discounted = conversion.discountedLineAmounts();
    int scale = conversion.currency().scale();
    BigDecimal total = BigDecimal.ZERO;
    for (int p = 0; p < winners.size(); p++) {
      CommissionRule rule = winners.get(p);
      BigDecimal base = BigDecimal.ZERO;
      long units = 0;
      for (int i : portions.get(p)) {
        base = base.add(discounted.get(i).amount());
        units += items.get(i).quantity();
      }
      BigDecimal amount;
      Payout payout = rule.payout();
      if (payout instanceof Payout.Percentage percentage) {
        amount = base.multiply(share).multiply(percentage.rate().toFraction());
      } else if (payout instanceof Payout.FlatPerConversion flat) {
        amount = flat.amount().amount().multiply(share);
      } else if (payout instanceof Payout.FlatPerUnit flat) {
        amount = flat.amount().amount().multiply(BigDecimal.valueOf(units)).multiply(share);
      } else {
        throw new UnsupportedOperationException("the baseline does not do " + payout);
      }
      if (rule.cap().isPresent()) {
        amount = amount.min(rule.cap().get().amount().multiply(share)
            .setScale(scale, RoundingMode.FLOOR));
      }
      total = total.add(amount);
    }
    Optional<Money> cap = plan.capPerConversion();
    if (cap.isPresent() && !winners.isEmpty()) {
      total = total.min(cap.get().amount().multiply(share).setScale(scale, RoundingMode.FLOOR));
    }
    return total.setScale(scale, rounding);
  }

  /**
   * Gives item {@code i} to the portion of the rule that won it, if one did (else {@code best} is
   * null), adding the rule to the winners the first time it wins.
   */
  static void assign(CommissionRule best, int i, List<CommissionRule> winners,
      List<List<Integer>> portions) {
    if (best != null) {
      int p = winners.indexOf(best);
      if (p < 0) {
        winners.add(best);
        portions.add(new ArrayList<>());
        p = winners.size() - 1;
      }
      portions.get(p).add(i);
    }
  }

  /** {@return whether the rule takes precedence over the best so far: priority, then level} */
  static boolean beats(CommissionRule rule, CommissionRule best) {
    if (rule.priority() != best.priority()) {
      return rule.priority() > best.priority();
    }
    return rule.target().level().compareTo(best.target().level()) > 0;
  }

  private static boolean applies(CommissionRule rule, LineItem item, Conversion conversion,
      Credit credit, CommissionContext context) {
    RuleTarget target = rule.target();
    AffiliateProfile affiliate = context.affiliate();
    boolean covered =
        switch (target.level()) {
          case PROGRAM -> true;
          case GROUP ->
              affiliate.group().isPresent() && target.keys().contains(affiliate.group().get());
          case CATEGORY ->
              item.category().isPresent() && target.keys().contains(item.category().get());
          case PRODUCT -> target.keys().contains(item.productId());
          case AFFILIATE -> target.keys().contains(affiliate.affiliateId());
        };
    return covered && test(rule.condition(), item, conversion, credit, context) == Boolean.TRUE;
  }

  /** Three-valued: true, false, or null for unknown. */
  static Boolean test(Condition condition, LineItem item, Conversion conversion,
      Credit credit, CommissionContext context) {
    if (condition instanceof Condition.All all) {
      Boolean result = Boolean.TRUE;
      for (Condition part : all.conditions()) {
        Boolean value = test(part, item, conversion, credit, context);
        if (value == Boolean.FALSE) {
          return Boolean.FALSE;
        }
        if (value == null) {
          result = null;
        }
      }
      return result;
    }
    if (condition instanceof Condition.Any any) {
      Boolean result = Boolean.FALSE;
      for (Condition part : any.conditions()) {
        Boolean value = test(part, item, conversion, credit, context);
        if (value == Boolean.TRUE) {
          return Boolean.TRUE;
        }
        if (value == null) {
          result = null;
        }
      }
      return result;
    }
    if (condition instanceof Condition.Not not) {
      Boolean value = test(not.condition(), item, conversion, credit, context);
      return value == null ? null : !value;
    }
    if (condition instanceof Condition.Is is) {
      String value = text(is.attribute(), item, conversion, context);
      return value == null ? null : value.equals(is.value());
    }
    if (condition instanceof Condition.In in) {
      String value = text(in.attribute(), item, conversion, context);
      return value == null ? null : in.values().contains(value);
    }
    if (condition instanceof Condition.Range range) {
      if (range.attribute() != Attribute.AFFILIATE_FOLLOWERS) {
        throw new UnsupportedOperationException("the baseline does not do " + range);
      }
      if (context.affiliate().followers().isEmpty()) {
        return null;
      }
      long value = context.affiliate().followers().getAsLong();
      return (range.min().isEmpty() || value >= range.min().getAsLong())
          && (range.max().isEmpty() || value <= range.max().getAsLong());
    }
    throw new UnsupportedOperationException("the baseline does not do " + condition);
  }

  private static String text(Attribute attribute, LineItem item, Conversion conversion,
      CommissionContext context) {
    return switch (attribute) {
      case CUSTOMER_TYPE -> conversion.customerType() == CustomerType.UNKNOWN ? null
          : conversion.customerType().name();
      case CUSTOMER_COUNTRY -> conversion.customerCountry().orElse(null);
      case AFFILIATE_PLATFORM -> context.affiliate().platform().orElse(null);
      case ITEM_CATEGORY -> item.category().orElse(null);
      default -> throw new UnsupportedOperationException("the baseline does not do " + attribute);
    };
  }
}
