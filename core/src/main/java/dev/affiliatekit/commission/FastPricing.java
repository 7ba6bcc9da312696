package dev.affiliatekit.commission;

import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.Credit;
import dev.affiliatekit.attribution.LineItem;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;
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
 *
 * <p>A quote allocates little beyond the {@link CommissionQuote} and its amount: what the
 * affiliate's profile decides comes from the plan's {@link ProfileRules} cache, and the {@link
 * Facts} that conditions read are made only when a condition tests more than the profile or the
 * customer type.
 */
final class FastPricing {

  /** How many items, or rules of a sale, the quote scans before it maps rules to their items. */
  private static final int SCANNED = 8;

  private FastPricing() {}

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
    CommissionPlan.ShareParts parts = share.equals(Rate.ONE) ? CommissionPlan.ShareParts.WHOLE
        : plan.shareParts(share);
    int scale = parts.scale + plan.index().rateScale();
    if (scale > Exact.MAX_SCALE) {
      return null;
    }
    try {
      return quote(plan, conversion, credit, context, parts.unscaled, parts.scale, scale);
    } catch (ArithmeticException overflow) {
      return null;
    }
  }

  private static CommissionQuote quote(CommissionPlan plan, Conversion conversion,
      Credit credit, CommissionContext context, long shareUnscaled, int shareScale, int scale) {
    RuleIndex index = plan.index();
    AffiliateProfile affiliate = context.affiliate();
    @Nullable Facts facts = null;
    ProfileRules decided = plan.cachedProfileRules(affiliate);
    if (decided == null) {
      facts = new Facts(conversion, credit, context, plan.zone());
      decided = ProfileRules.of(index, facts);
      plan.cacheProfileRules(decided);
    }

    // The profile's rules, and the program rules keyed by the sale's value merged in.
    ProgramKeys keys = index.programKeys;
    Attribute key = keys.attribute;
    CompiledRule[] keyed = key == null ? RuleIndex.NONE
        : keys.keyedRules(Facts.saleText(key, conversion, credit, context));
    @Nullable CompiledRule orderWinner = keyed.length == 0 ? decided.orderWinner : null;
    CompiledRule[] orderRules = decided.orderRules;
    int last = orderRules.length - 1;
    int r = orderWinner == null ? 0 : orderRules.length;
    int k = 0;
    while (r <= last || k < keyed.length) {
      CompiledRule rule;
      if (k < keyed.length && (r > last || ProgramKeys.precedes(keyed[k], orderRules[r]))) {
        rule = keyed[k++];
      } else {
        rule = orderRules[r];
        if (r == last && decided.orderSettled) {
          orderWinner = rule;
          break;
        }
        r++;
      }
      boolean holds;
      if (rule.customerTypes != CompiledRule.NOT_BY_CUSTOMER_TYPE) {
        holds = rule.holdsFor(conversion.customerType());
      } else {
        if (facts == null) {
          facts = new Facts(conversion, credit, context, plan.zone());
        }
        holds = rule.matcher.test(facts) == Matcher.TRUE;
      }
      if (holds) {
        orderWinner = rule;
        break;
      }
    }

    List<LineItem> items = conversion.lineItems();
    int count = items.size();
    // The rule of each item, only once two items have different ones (or one has none).
    CompiledRule @Nullable [] winners = null;
    @Nullable CompiledRule first = orderWinner;
    if (index.hasItemRules()) {
      long topCategoryRank = index.topCategoryRank();
      long floor = orderWinner == null ? Long.MIN_VALUE : orderWinner.rank;
      for (int i = 0; i < count; i++) {
        LineItem line = items.get(i);
        CompiledRule[] byProduct = index.product(line.productId());
        // Read only once a category rule could come next: not while a product rule outranks
        // them all, and never when none outranks the order's rule.
        CompiledRule @Nullable [] byCategory = null;
        @Nullable CompiledRule winner = orderWinner;
        // The same merge as RuleIndex.itemRule: product, then category, down to the order's rule.
        int d = 0;
        int c = 0;
        while (true) {
          if (byCategory == null
              && (d >= byProduct.length || byProduct[d].rank <= topCategoryRank)) {
            byCategory = topCategoryRank >= floor
                ? index.category(line.categoryOrNull()) : RuleIndex.NONE;
          }
          CompiledRule next;
          if (d < byProduct.length && (byCategory == null || c >= byCategory.length
              || byProduct[d].rank > byCategory[c].rank)) {
            next = byProduct[d++];
          } else if (byCategory != null && c < byCategory.length) {
            next = byCategory[c++];
          } else {
            break;
          }
          if (next.rank < floor) {
            break;
          }
          boolean holds;
          if (next.always) {
            holds = true;
          } else if (next.profileSlot >= 0) {
            holds = decided.holds(next);
          } else if (next.customerTypes != CompiledRule.NOT_BY_CUSTOMER_TYPE) {
            holds = next.holdsFor(conversion.customerType());
          } else {
            if (facts == null) {
              facts = new Facts(conversion, credit, context, plan.zone());
            }
            facts.item = line;
            holds = next.matcher.test(facts) == Matcher.TRUE;
            facts.item = null;
          }
          if (holds) {
            winner = next;
            break;
          }
        }
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
    }

    long total = 0;
    long baseTotal = 0;
    Object ruleIds;
    long cap = plan.capMinor();
    long minimum = plan.minimumMinor();
    if (winners == null) {
      if (first == null) {
        ruleIds = List.of();
      } else {
        long units = 0;
        if (first.kind == CompiledRule.FLAT_PER_UNIT) {
          units = count == 0 ? 1 : 0;
          for (int i = 0; i < count; i++) {
            units += items.get(i).quantity();
          }
        }
        baseTotal = Math.multiplyExact(wholeBase(first, conversion), shareUnscaled);
        total = pay(first, baseTotal, units, shareUnscaled, shareScale, scale);
        total = limit(total, cap, minimum, shareUnscaled, shareScale, scale);
        ruleIds = first.ids;
      }
    } else {
      CompiledRule[] portions = distinct(winners);
      long @Nullable [] discountShares = null;
      long @Nullable [] shippingShares = null;
      long @Nullable [] taxShares = null;
      // The items' weights, read once for the discount, shipping and tax alike.
      long @Nullable [] weights = null;
      for (CompiledRule rule : portions) {
        // Shares of a zero amount are all zero: left null, as if they were not asked for.
        if (rule.afterDiscount && discountShares == null && conversion.discountMinorUnits() != 0) {
          weights = weights == null ? Pricing.weights(items) : weights;
          discountShares = Pricing.prorate(conversion.discount(), weights, items);
        }
        if (rule.shipping && shippingShares == null && conversion.shippingMinorUnits() != 0) {
          weights = weights == null ? Pricing.weights(items) : weights;
          shippingShares = Pricing.prorate(conversion.shipping(), weights, items);
        }
        if (rule.tax && taxShares == null && conversion.taxMinorUnits() != 0) {
          weights = weights == null ? Pricing.weights(items) : weights;
          taxShares = Pricing.prorate(conversion.tax(), weights, items);
        }
      }
      // A few rules each sum their items in a pass of their own, which makes nothing; more sum
      // them all in one pass, so that a rule per item is not quadratic.
      @Nullable PortionSums sums = portions.length <= SCANNED ? null
          : new PortionSums(portions, winners, items, discountShares, shippingShares, taxShares);
      for (int p = 0; p < portions.length; p++) {
        CompiledRule rule = portions[p];
        long goods = 0;
        long discount = 0;
        long shipping = 0;
        long tax = 0;
        long units = 0;
        if (sums != null) {
          goods = sums.goods[p];
          discount = sums.discount[p];
          shipping = sums.shipping[p];
          tax = sums.tax[p];
          units = sums.units[p];
        } else {
          for (int i = 0; i < count; i++) {
            if (winners[i] != rule) {
              continue;
            }
            LineItem line = items.get(i);
            goods = Math.addExact(goods, line.amount().minorUnits());
            units += line.quantity();
            if (discountShares != null) {
              discount += discountShares[i];
            }
            if (shippingShares != null) {
              shipping += shippingShares[i];
            }
            if (taxShares != null) {
              tax += taxShares[i];
            }
          }
        }
        long credited = Math.multiplyExact(base(rule, goods, discount, shipping, tax),
            shareUnscaled);
        total = Math.addExact(total, pay(rule, credited, units, shareUnscaled, shareScale, scale));
        baseTotal = Math.addExact(baseTotal, credited);
      }
      if (portions.length > 0) {
        total = limit(total, cap, minimum, shareUnscaled, shareScale, scale);
      }
      ruleIds = portions.length == 1 ? portions[0].ids
          : portions.length == 0 ? List.of() : portions;
    }

    RoundingMode rounding = plan.rounding();
    long commission = round(total, scale, rounding);
    long base = round(baseTotal, shareScale, rounding);
    return new CommissionQuote(plan, conversion, credit, context,
        Money.ofMinor(commission, conversion.currency()), base, ruleIds);
  }

  /**
   * The rules of the items, each once, in the order of the items; none for unpriced items. The
   * result may be the array given.
   */
  private static CompiledRule[] distinct(@Nullable CompiledRule[] winners) {
    if (winners.length > SCANNED) {
      return distinctByMap(winners);
    }
    // Counted first, so that the one array made is the quote's, of the right length.
    int distinct = 0;
    for (int i = 0; i < winners.length; i++) {
      if (isFirst(winners, i)) {
        distinct++;
      }
    }
    if (distinct == 0) {
      return RuleIndex.NONE;
    }
    // Items that each have a rule of their own, the common split, need no second array: the
    // winners are not written again.
    if (distinct == winners.length) {
      return winners;
    }
    CompiledRule[] rules = new CompiledRule[distinct];
    int p = 0;
    for (int i = 0; i < winners.length; i++) {
      if (isFirst(winners, i)) {
        rules[p++] = winners[i];
      }
    }
    return rules;
  }

  /** {@return the distinct rules of many items, as {@link #distinct} gives them, in linear time} */
  private static CompiledRule[] distinctByMap(@Nullable CompiledRule[] winners) {
    Set<CompiledRule> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    List<CompiledRule> rules = new ArrayList<>();
    for (CompiledRule winner : winners) {
      if (winner != null && seen.add(winner)) {
        rules.add(winner);
      }
    }
    return rules.size() == winners.length ? winners : rules.toArray(RuleIndex.NONE);
  }

  /**
   * What the items of each rule of a sale add up to, summed in one pass over the items: their
   * goods, units, and shares of the discount, shipping and tax (zero where those are not given).
   */
  private static final class PortionSums {
    final long[] goods;
    final long[] units;
    final long[] discount;
    final long[] shipping;
    final long[] tax;

    PortionSums(CompiledRule[] portions, @Nullable CompiledRule[] winners, List<LineItem> items,
        long @Nullable [] discountShares, long @Nullable [] shippingShares,
        long @Nullable [] taxShares) {
      int n = portions.length;
      goods = new long[n];
      units = new long[n];
      discount = new long[n];
      shipping = new long[n];
      tax = new long[n];
      IdentityHashMap<CompiledRule, Integer> portionOf = new IdentityHashMap<>(2 * n);
      for (int p = 0; p < n; p++) {
        portionOf.put(portions[p], p);
      }
      for (int i = 0; i < winners.length; i++) {
        CompiledRule winner = winners[i];
        if (winner == null) {
          continue;
        }
        int p = Objects.requireNonNull(portionOf.get(winner));
        LineItem line = items.get(i);
        goods[p] = Math.addExact(goods[p], line.amount().minorUnits());
        units[p] += line.quantity();
        if (discountShares != null) {
          discount[p] += discountShares[i];
        }
        if (shippingShares != null) {
          shipping[p] += shippingShares[i];
        }
        if (taxShares != null) {
          tax[p] += taxShares[i];
        }
      }
    }
  }

  /** {@return whether an item has a rule, and no earlier item has the same} */
  private static boolean isFirst(@Nullable CompiledRule[] winners, int i) {
    CompiledRule winner = winners[i];
    if (winner == null) {
      return false;
    }
    for (int j = 0; j < i; j++) {
      if (winners[j] == winner) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns the base of a rule that prices the whole sale, in minor units: the order's total
   * without what the rule's base leaves out, reading only the amounts it needs. The total is the
   * goods less the discount plus shipping and tax, so this is what {@link #base} gives for the
   * goods, and it overflows only where {@link #base} would.
   */
  private static long wholeBase(CompiledRule rule, Conversion conversion) {
    long base = conversion.totalMinorUnits();
    // Subtracting amounts that are parts of the total cannot overflow; adding the discount back
    // overflows exactly when the goods with shipping or tax would, as in base.
    if (!rule.shipping) {
      base -= conversion.shippingMinorUnits();
    }
    if (!rule.tax) {
      base -= conversion.taxMinorUnits();
    }
    if (!rule.afterDiscount) {
      base = Math.addExact(base, conversion.discountMinorUnits());
    }
    return base;
  }

  /**
   * {@return the base of a rule in minor units: the goods it prices, less their share of the
   * order's discount and with their shares of shipping and tax, as its base says}
   */
  private static long base(CompiledRule rule, long goods, long discount, long shipping, long tax) {
    long base = goods;
    if (rule.afterDiscount) {
      base -= discount;
    }
    if (rule.shipping) {
      base = Math.addExact(base, shipping);
    }
    if (rule.tax) {
      base = Math.addExact(base, tax);
    }
    return base;
  }

  /**
   * {@return what a rule pays, within its own cap and minimum, at {@code scale}, for a credited
   * base at the share's scale and the units it prices}
   */
  private static long pay(CompiledRule rule, long credited, long units, long shareUnscaled,
      int shareScale, int scale) {
    long amount = switch (rule.kind) {
      case CompiledRule.PERCENTAGE -> rescale(Math.multiplyExact(credited, rule.rateUnscaled),
          shareScale + rule.rateScale, scale);
      case CompiledRule.FLAT_PER_CONVERSION ->
          rescale(Math.multiplyExact(rule.flatMinor, shareUnscaled), shareScale, scale);
      case CompiledRule.FLAT_PER_UNIT -> rescale(Math.multiplyExact(
          Math.multiplyExact(rule.flatMinor, units), shareUnscaled), shareScale, scale);
      default -> throw new AssertionError("bug: not a plain payout: " + rule.kind);
    };
    return limit(amount, rule.capMinor, rule.minimumMinor, shareUnscaled, shareScale, scale);
  }

  /** {@return an amount at a scale, rounded to whole minor units} */
  private static long round(long amount, int scale, RoundingMode rounding) {
    // A division costs more than the rest of a quote's arithmetic; whole amounts need none.
    return scale == 0 ? amount : Exact.divideByPowerOfTen(amount, scale, rounding);
  }

  /** {@return an amount at {@code from} scale, at {@code to} scale, which is not smaller} */
  private static long rescale(long amount, int from, int to) {
    return from == to ? amount : Math.multiplyExact(amount, Exact.powerOfTen(to - from));
  }

  /**
   * Applies a cap and a minimum for the whole conversion, scaled by the credit's share and
   * rounded to whole minor units (the minimum up, the cap down), to an amount at {@code scale}.
   */
  private static long limit(long amount, long capMinor, long minimumMinor, long shareUnscaled,
      int shareScale, int scale) {
    long limited = amount;
    if (minimumMinor != CompiledRule.NO_LIMIT && amount > 0) {
      long minimum = rescale(round(Math.multiplyExact(minimumMinor, shareUnscaled), shareScale,
          RoundingMode.CEILING), 0, scale);
      if (amount < minimum) {
        limited = minimum;
      }
    }
    if (capMinor != CompiledRule.NO_LIMIT) {
      long cap = rescale(round(Math.multiplyExact(capMinor, shareUnscaled), shareScale,
          RoundingMode.FLOOR), 0, scale);
      if (limited > cap) {
        limited = cap;
      }
    }
    return limited;
  }
}
