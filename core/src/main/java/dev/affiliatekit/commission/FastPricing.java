package dev.affiliatekit.commission;

import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.Credit;
import dev.affiliatekit.attribution.LineItem;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One quote of a plain plan, computed in {@code long}s. A plan is plain when every rule pays a
 * percentage or a flat amount for life, FIRST_MATCH picks the rules, no affiliate, group or
 * program rule reads an item, and there are no milestones, caps per period or overrides: the
 * common case, whose quotes need little of {@link Pricing}'s general machinery.
 *
 * <p>Every amount is exact, as a whole number of {@code 10^-scale} minor units at one scale per
 * quote: the credit share's scale plus the largest scale of the plan's rates. The steps are
 * {@link Pricing}'s, in the same order, so the quote is the same (a property checks it); when an
 * amount would not fit in a {@code long}, this gives up and {@link Pricing}, which goes on in
 * {@link java.math.BigDecimal}, quotes instead. Explanations always come from {@link Pricing}.
 */
final class FastPricing extends Facts {

  private final CommissionPlan plan;
  private final List<LineItem> items;
  private final long shareUnscaled;
  private final int shareScale;
  /** The scale of the amounts: {@code shareScale} plus the plan's largest rate scale. */
  private final int scale;
  private long @Nullable [] discountShares;
  private long @Nullable [] shippingShares;
  private long @Nullable [] taxShares;
  /** The credited base of the rule just priced, at {@link #shareScale}. */
  private long lastBase;

  private FastPricing(CommissionPlan plan, Conversion conversion, Credit credit,
      CommissionContext context, long shareUnscaled, int shareScale, int scale) {
    super(conversion, credit, context, plan.zone());
    this.plan = plan;
    this.items = conversion.lineItems();
    this.shareUnscaled = shareUnscaled;
    this.shareScale = shareScale;
    this.scale = scale;
  }

  /** {@return whether the plan is plain, so that its quotes may be computed here} */
  static boolean supports(CommissionPlan plan) {
    RuleIndex index = plan.index();
    return plan.precedence() == Precedence.FIRST_MATCH && index.plainPayouts()
        && !index.orderRulesUseItems && !plan.hasMilestones() && !plan.hasPeriodCaps()
        && !plan.hasOverrides();
  }

  /**
   * Returns the quote {@link Pricing} makes, or null if an amount does not fit in a {@code long}
   * at this quote's scale. The plan must be {@linkplain #supports plain} and the inputs checked
   * as {@link CommissionPlan#quote} checks them.
   */
  static @Nullable CommissionQuote quote(CommissionPlan plan, Conversion conversion,
      Credit credit, CommissionContext context) {
    Rate share = credit.share();
    long shareUnscaled = 1;
    int shareScale = 0;
    if (!share.equals(Rate.ONE)) {
      CommissionPlan.ShareParts parts = plan.shareParts(share);
      shareUnscaled = parts.unscaled;
      shareScale = parts.scale;
    }
    int scale = shareScale + plan.index().rateScale();
    if (scale > Exact.MAX_SCALE) {
      return null;
    }
    FastPricing pricing = new FastPricing(plan, conversion, credit, context, shareUnscaled,
        shareScale, scale);
    try {
      return pricing.quote();
    } catch (ArithmeticException overflow) {
      return null;
    }
  }

  private CommissionQuote quote() {
    RuleIndex index = plan.index();
    AffiliateProfile affiliate = context.affiliate();
    CompiledRule orderWinner = index.firstTrue(index.affiliate(affiliate.affiliateId()),
        index.group(affiliate.group().orElse(null)), this);
    int count = items.size();
    // The rule of each item, only once two items have different ones (or one has none).
    CompiledRule @Nullable [] winners = null;
    @Nullable CompiledRule first = orderWinner;
    if (index.hasItemRules()) {
      for (int i = 0; i < count; i++) {
        LineItem line = items.get(i);
        item = line;
        CompiledRule winner = index.itemRule(orderWinner, line, this);
        if (winners == null) {
          if (i == 0 || winner == first) {
            first = winner;
            continue;
          }
          winners = new CompiledRule[count];
          Arrays.fill(winners, 0, i, first);
        }
        winners[i] = winner;
      }
      item = null;
    }

    long total = 0;
    long baseTotal = 0;
    Object ruleIds;
    if (winners == null) {
      if (first == null) {
        ruleIds = List.of();
      } else {
        total = priceWhole(first);
        baseTotal = lastBase;
        total = limit(total, plan.capMinor(), plan.minimumMinor());
        ruleIds = first.ids;
      }
    } else {
      CompiledRule[] portions = distinct(winners);
      for (CompiledRule rule : portions) {
        total = Math.addExact(total, pricePortion(rule, winners));
        baseTotal = Math.addExact(baseTotal, lastBase);
      }
      if (portions.length > 0) {
        total = limit(total, plan.capMinor(), plan.minimumMinor());
      }
      ruleIds = portions.length == 1 ? portions[0].ids
          : portions.length == 0 ? List.of() : portions;
    }

    RoundingMode rounding = plan.rounding();
    long commission = round(total, scale, rounding);
    long base = round(baseTotal, shareScale, rounding);
    Money amount = Money.ofMinor(commission, conversion.currency());
    boolean recorded = commission != 0 || plan.recordsZero();
    return new CommissionQuote(plan, conversion, credit, context, amount, commission, 0, base,
        ruleIds, List.of(), List.of(), List.of(), recorded);
  }

  /** The rules of the items, each once, in the order of the items; none for unpriced items. */
  private static CompiledRule[] distinct(CompiledRule[] winners) {
    CompiledRule[] rules = new CompiledRule[winners.length];
    int distinct = 0;
    for (CompiledRule winner : winners) {
      if (winner == null) {
        continue;
      }
      int p = 0;
      while (p < distinct && rules[p] != winner) {
        p++;
      }
      if (p == distinct) {
        rules[distinct++] = winner;
      }
    }
    return distinct == rules.length ? rules : Arrays.copyOf(rules, distinct);
  }

  /** {@return what the rule pays for the whole sale, at {@link #scale}; sets {@link #lastBase}} */
  private long priceWhole(CompiledRule rule) {
    long discount = conversion.discount().minorUnits();
    long shipping = conversion.shipping().minorUnits();
    long tax = conversion.tax().minorUnits();
    // The conversion checked that this is the sum of its line items, so it cannot overflow.
    long goods = conversion.total().minorUnits() + discount - shipping - tax;
    long units = items.isEmpty() ? 1 : 0;
    for (int i = 0; i < items.size(); i++) {
      units += items.get(i).quantity();
    }
    return price(rule, goods, discount, shipping, tax, units);
  }

  /** {@return what the rule pays for the items it won, at {@link #scale}; sets {@link #lastBase}} */
  private long pricePortion(CompiledRule rule, CompiledRule[] winners) {
    long goods = 0;
    long discount = 0;
    long shipping = 0;
    long tax = 0;
    long units = 0;
    for (int i = 0; i < winners.length; i++) {
      if (winners[i] != rule) {
        continue;
      }
      LineItem line = items.get(i);
      goods = Math.addExact(goods, line.amount().minorUnits());
      units += line.quantity();
      if (rule.afterDiscount) {
        discount += discountShares()[i];
      }
      if (rule.shipping) {
        shipping += shippingShares()[i];
      }
      if (rule.tax) {
        tax += taxShares()[i];
      }
    }
    return price(rule, goods, discount, shipping, tax, units);
  }

  private long price(CompiledRule rule, long goods, long discount, long shipping, long tax,
      long units) {
    long baseMinor = goods;
    if (rule.afterDiscount) {
      baseMinor -= discount;
    }
    if (rule.shipping) {
      baseMinor = Math.addExact(baseMinor, shipping);
    }
    if (rule.tax) {
      baseMinor = Math.addExact(baseMinor, tax);
    }
    long credited = Math.multiplyExact(baseMinor, shareUnscaled);
    lastBase = credited;
    long amount = switch (rule.kind) {
      case CompiledRule.PERCENTAGE -> rescale(Math.multiplyExact(credited, rule.rateUnscaled),
          shareScale + rule.rateScale);
      case CompiledRule.FLAT_PER_CONVERSION ->
          rescale(Math.multiplyExact(rule.flatMinor, shareUnscaled), shareScale);
      case CompiledRule.FLAT_PER_UNIT -> rescale(Math.multiplyExact(
          Math.multiplyExact(rule.flatMinor, units), shareUnscaled), shareScale);
      default -> throw new AssertionError("bug: not a plain payout: " + rule.kind);
    };
    return limit(amount, rule.capMinor, rule.minimumMinor);
  }

  /** {@return an amount at a scale, rounded to whole minor units} */
  private static long round(long amount, int scale, RoundingMode rounding) {
    // A division costs more than the rest of a quote's arithmetic; whole amounts need none.
    return scale == 0 ? amount : Exact.divide(amount, Exact.powerOfTen(scale), rounding);
  }

  /** {@return an amount at {@code from} scale, at {@link #scale}} */
  private long rescale(long amount, int from) {
    return from == scale ? amount : Math.multiplyExact(amount, Exact.powerOfTen(scale - from));
  }

  /** Applies a cap and a minimum for the whole conversion, scaled by the credit's share. */
  private long limit(long amount, long capMinor, long minimumMinor) {
    long limited = amount;
    if (minimumMinor != CompiledRule.NO_LIMIT && amount > 0) {
      long minimum = rescale(shared(minimumMinor, RoundingMode.CEILING), 0);
      if (amount < minimum) {
        limited = minimum;
      }
    }
    if (capMinor != CompiledRule.NO_LIMIT) {
      long cap = rescale(shared(capMinor, RoundingMode.FLOOR), 0);
      if (limited > cap) {
        limited = cap;
      }
    }
    return limited;
  }

  /** {@return the share of a limit, rounded to whole minor units} */
  private long shared(long minor, RoundingMode mode) {
    return round(Math.multiplyExact(minor, shareUnscaled), shareScale, mode);
  }

  private long[] discountShares() {
    long[] shares = discountShares;
    if (shares == null) {
      shares = discountShares = Pricing.prorate(items, conversion.discount());
    }
    return shares;
  }

  private long[] shippingShares() {
    long[] shares = shippingShares;
    if (shares == null) {
      shares = shippingShares = Pricing.prorate(items, conversion.shipping());
    }
    return shares;
  }

  private long[] taxShares() {
    long[] shares = taxShares;
    if (shares == null) {
      shares = taxShares = Pricing.prorate(items, conversion.tax());
    }
    return shares;
  }
}
