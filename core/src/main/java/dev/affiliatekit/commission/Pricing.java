package dev.affiliatekit.commission;

import com.google.common.collect.ImmutableSortedMap;
import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.Credit;
import dev.affiliatekit.attribution.LineItem;
import dev.affiliatekit.attribution.Subscription;
import dev.affiliatekit.internal.Texts;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * One quote being computed: picks a rule per line item, prices each rule's items exactly, applies
 * the limits, rounds once, and adds milestones, period caps and overrides.
 *
 * <p>The same code explains a quote: run with a trace, it records each step as text. A quote keeps
 * its inputs and runs again with a trace only when its explanation is asked for, so quoting pays
 * nothing for explanations and the explanation can never disagree with the amount.
 */
final class Pricing extends Facts {

  private static final int WHOLE = 0;
  private static final int ONE_ITEM = 1;
  private static final int PORTION = 2;
  /** How many distinct rules of a sale's items {@link #selectPerItem} scans before it maps them. */
  private static final int SCANNED_PORTIONS = 8;

  private final CommissionPlan plan;
  private final RuleIndex index;
  private final List<LineItem> items;
  private final CurrencyUnit currency;
  private final RoundingMode rounding;
  private final long shareUnscaled;
  private final int shareScale;
  private final boolean fullShare;
  private final @Nullable List<String> trace;
  private final boolean portionsWanted;

  private final CompiledRule[] affiliateRules;
  private final CompiledRule[] groupRules;
  private final boolean best;
  private boolean orderWinnerKnown;
  /** The keyed program rules the sale meets, once looked up: {@link RuleIndex#keyedRules}. */
  private CompiledRule @Nullable [] keyedRules;
  private @Nullable CompiledRule orderWinner;

  /** The portion of each line item, or -1 if no rule priced it. */
  private int @Nullable [] portionOf;
  /**
   * The items of each portion, in the order of the items: those of portion {@code p} are at
   * {@code portionItems[portionStarts[p]]} up to {@code portionStarts[p + 1]}; made when first
   * read, so that pricing each portion reads its own items only.
   */
  private int @Nullable [] portionItems;
  private int @Nullable [] portionStarts;
  /** The items' weights, by which order-level amounts are divided among them; and their sum. */
  private long @Nullable [] weights;
  private long weightSum;
  private long @Nullable [] discountShares;
  private long @Nullable [] shippingShares;
  private long @Nullable [] taxShares;
  private @Nullable List<TierReached> tiersReached;
  /** The tier of each tiered rule that paid the sale, counting from 1, by rule id. */
  private @Nullable Map<String, Integer> tiers;
  /** The credited base of the portion just priced, for the running revenue of tiers. */
  private Exact lastBase = Exact.ZERO;
  private long commissionGranted;
  private long bonusGranted;

  Pricing(CommissionPlan plan, Conversion conversion, Credit credit, CommissionContext context,
      @Nullable List<String> trace) {
    this(plan, conversion, credit, context, trace, false);
  }

  /**
   * Prepares to price the sale, and, if {@code portionsWanted}, to list the portions of a sale
   * that several rules priced, which a quote does on request only, as it costs arrays and money.
   */
  Pricing(CommissionPlan plan, Conversion conversion, Credit credit, CommissionContext context,
      @Nullable List<String> trace, boolean portionsWanted) {
    super(conversion, credit, context, plan.zone());
    this.portionsWanted = portionsWanted;
    this.plan = plan;
    this.index = plan.index();
    this.items = conversion.lineItems();
    this.currency = conversion.currency();
    this.rounding = plan.rounding();
    Rate share = credit.share();
    this.fullShare = share.equals(Rate.ONE);
    if (fullShare) {
      this.shareUnscaled = 1;
      this.shareScale = 0;
    } else {
      CommissionPlan.ShareParts parts = plan.shareParts(share);
      this.shareUnscaled = parts.unscaled;
      this.shareScale = parts.scale;
    }
    this.trace = trace;
    AffiliateProfile affiliate = context.affiliate();
    this.affiliateRules = index.affiliate(affiliate.affiliateId());
    this.groupRules = index.group(affiliate.group().orElse(null));
    this.best = plan.precedence() == Precedence.BEST_FOR_AFFILIATE;
  }

  CommissionQuote quote() {
    int count = items.size();
    CompiledRule[] portions;
    if (count <= 1) {
      item = count == 0 ? null : items.get(0);
      CompiledRule winner = select(count - 1);
      item = null;
      portions = winner == null ? RuleIndex.NONE : winner.alone;
    } else {
      portions = selectPerItem(count);
    }

    Exact total = Exact.ZERO;
    Exact baseTotal = Exact.ZERO;
    boolean whole = portions.length == 1 && allItemsIn(0);
    // What each of several rules paid and its base, by which the quote lists its portions.
    boolean listed = portionsWanted && portions.length > 1;
    Exact[] paidByRule = listed ? new Exact[portions.length] : null;
    long[] baseByRule = listed ? new long[portions.length] : null;
    // Whatever the order of the items, revenue tiers place each rule's items after the sale's
    // other items (progressive ones in the plan's order): see revenueOffsets.
    Exact[] offsets = portions.length > 1 && hasRevenueTiers(portions)
        ? revenueOffsets(portions) : null;
    for (int p = 0; p < portions.length; p++) {
      Exact offset = offsets == null ? baseTotal : offsets[p];
      Exact paid = price(portions[p], whole ? WHOLE : PORTION, p, offset, true);
      total = total.plus(paid);
      baseTotal = baseTotal.plus(lastBase);
      if (paidByRule != null && baseByRule != null) {
        paidByRule[p] = paid;
        baseByRule[p] = lastBase.round(rounding);
      }
    }
    if (!context.paidTiers().isEmpty()) {
      reachTiersOfOtherRules(baseTotal.round(rounding));
    }
    if (trace != null) {
      explainUnpriced(portions.length);
      if (portions.length > 1) {
        step("total " + money(total));
      }
    }

    Exact limited = portions.length == 0 ? total : applyPlanLimits(total);
    long commission = roundCommission(limited);
    if (trace != null && !limited.isWhole()) {
      step("rounded " + rounding + " to " + Money.ofMinor(commission, currency));
    }

    List<String> milestoneIds = List.of();
    long bonus = 0;
    if (plan.hasMilestones()) {
      List<String> ids = new ArrayList<>(1);
      bonus = milestones(ids);
      milestoneIds = List.copyOf(ids);
    }

    commissionGranted = commission;
    bonusGranted = bonus;
    if (plan.hasPeriodCaps()) {
      applyPeriodCaps();
    }
    long amountMinor = plus(commissionGranted, bonusGranted, "commission and milestone bonus");
    Money amount = Money.ofMinor(amountMinor, currency);
    boolean recorded = amountMinor != 0 || plan.recordsZero();
    if (trace != null) {
      if (portions.length == 0 && count == 0) {
        step("no rule matched" + whyNot(List.of()));
      }
      if (commissionGranted != commission || bonusGranted != bonus || bonus != 0) {
        step("amount " + amount);
      }
      if (!recorded) {
        step("zero commission is not recorded");
      }
    }

    // One rule is the common case, and its id list is made once; several are listed lazily.
    Object ruleIds = portions.length == 1 ? portions[0].ids
        : portions.length == 0 ? List.of() : portions;
    // An explanation, or a listing of the portions, prices a quote again for what overrides do
    // not change: it asks the host's parents nothing, so that a quote reads alike later.
    List<OverrideQuote> overrides = trace == null && !portionsWanted && plan.hasOverrides()
        ? overrides(amount) : List.of();
    List<RulePortion> rulePortions = paidByRule == null || baseByRule == null ? null
        : rulePortions(portions, paidByRule, baseByRule);
    return new CommissionQuote(plan, conversion, credit, context, amount, commissionGranted,
        bonusGranted, baseTotal.round(rounding), ruleIds, milestoneIds, overrides,
        tiersReached == null ? List.of() : List.copyOf(tiersReached),
        tiers == null ? Map.of() : ImmutableSortedMap.copyOf(tiers), rulePortions);
  }

  /**
   * Returns, for each portion of a sale, the credited base of the sale's items that come before
   * its own in the period's revenue: for a rule with progressive revenue tiers, those of the rules
   * without such tiers and of the rules with them listed before it in the plan, so that no two
   * rules claim the same slice of revenue; for any other rule, all the others, so that the sale's
   * whole revenue counts toward a tier for the whole period.
   */
  private Exact[] revenueOffsets(CompiledRule[] portions) {
    Exact[] bases = new Exact[portions.length];
    Exact sale = Exact.ZERO;
    Exact sliced = Exact.ZERO;
    for (int p = 0; p < portions.length; p++) {
      // Only the base matters here; the amount comes with the pricing that records.
      Exact unused = price(portions[p], PORTION, p, Exact.ZERO, false);
      bases[p] = lastBase;
      sale = sale.plus(lastBase);
      if (slices(portions[p])) {
        sliced = sliced.plus(lastBase);
      }
    }
    Exact[] offsets = new Exact[portions.length];
    for (int p = 0; p < portions.length; p++) {
      if (!slices(portions[p])) {
        offsets[p] = sale.minus(bases[p]);
        continue;
      }
      Exact offset = sale.minus(sliced);
      for (int q = 0; q < portions.length; q++) {
        if (slices(portions[q]) && portions[q].order < portions[p].order) {
          offset = offset.plus(bases[q]);
        }
      }
      offsets[p] = offset;
    }
    return offsets;
  }

  /** {@return whether the rule slices the period's revenue into brackets} */
  private static boolean slices(CompiledRule rule) {
    return rule.kind == CompiledRule.REVENUE_TIERS && !rule.wholePeriod;
  }

  private static boolean hasRevenueTiers(CompiledRule[] portions) {
    for (CompiledRule rule : portions) {
      if (rule.kind == CompiledRule.REVENUE_TIERS) {
        return true;
      }
    }
    return false;
  }

  /**
   * Returns the portions of a sale that several rules priced: each rule's base, and its share of
   * the commission granted in proportion to what it paid (equal shares if none paid anything).
   * The shares are allocated as Money.allocate does, in the plan's order of the rules, so that a
   * minor unit left over goes to the same rule whatever the order of the items.
   */
  private List<RulePortion> rulePortions(CompiledRule[] portions, Exact[] paidByRule,
      long[] baseByRule) {
    // Exact weights, at the finest scale of the amounts, so that no amount loses its proportion
    // and none overflows: the shares are divided by the largest-remainder method, as
    // Money.allocate divides, with the leftover minor units going by the plan's order of rules.
    int n = portions.length;
    Integer[] byPlan = new Integer[n];
    int scale = 0;
    for (int p = 0; p < n; p++) {
      byPlan[p] = p;
      scale = Math.max(scale, paidByRule[p].toBigDecimal().scale());
    }
    Arrays.sort(byPlan, (a, b) -> Integer.compare(portions[a].order, portions[b].order));
    BigInteger[] weights = new BigInteger[n];
    BigInteger sum = BigInteger.ZERO;
    for (int i = 0; i < n; i++) {
      BigDecimal paid = paidByRule[byPlan[i]].toBigDecimal();
      weights[i] = paid.signum() <= 0 ? BigInteger.ZERO : paid.setScale(scale).unscaledValue();
      sum = sum.add(weights[i]);
    }
    if (sum.signum() == 0) {
      Arrays.fill(weights, BigInteger.ONE);
      sum = BigInteger.valueOf(n);
    }
    BigInteger total = BigInteger.valueOf(commissionGranted).abs();
    long[] parts = new long[n];
    BigInteger[] remainders = new BigInteger[n];
    long left = total.longValueExact();
    for (int i = 0; i < n; i++) {
      BigInteger[] division = total.multiply(weights[i]).divideAndRemainder(sum);
      parts[i] = division[0].longValueExact();
      remainders[i] = division[1];
      left -= parts[i];
    }
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> {
      int byRemainder = remainders[b].compareTo(remainders[a]);
      return byRemainder != 0 ? byRemainder : weights[b].compareTo(weights[a]);
    });
    for (int k = 0; k < left; k++) {
      parts[order[k]]++;
    }
    RulePortion[] list = new RulePortion[n];
    for (int i = 0; i < n; i++) {
      int p = byPlan[i];
      long share = commissionGranted < 0 ? -parts[i] : parts[i];
      list[p] = new RulePortion(portions[p].id, Money.ofMinor(baseByRule[p], currency),
          Money.ofMinor(share, currency));
    }
    return List.of(list);
  }

  // ---- choosing rules ----

  /**
   * Picks the rule of every item. While every item so far has the same rule (or none), nothing is
   * allocated: that is the common case, and it prices the sale whole.
   */
  private CompiledRule[] selectPerItem(int count) {
    @Nullable CompiledRule first = null;
    int @Nullable [] portion = null;
    CompiledRule[] rules = RuleIndex.NONE;
    int distinct = 0;
    @Nullable IdentityHashMap<CompiledRule, Integer> byRule = null;
    for (int i = 0; i < count; i++) {
      item = items.get(i);
      CompiledRule winner = select(i);
      if (portion == null) {
        if (i == 0 || winner == first) {
          first = winner;
          continue;
        }
        portion = new int[count];
        rules = new CompiledRule[Math.min(count, 4)];
        if (first != null) {
          rules[distinct++] = first;
        }
        Arrays.fill(portion, 0, i, first == null ? -1 : 0);
      }
      if (winner == null) {
        portion[i] = -1;
        continue;
      }
      int p;
      if (byRule != null) {
        p = byRule.getOrDefault(winner, distinct);
      } else {
        p = 0;
        while (p < distinct && rules[p] != winner) {
          p++;
        }
      }
      if (p == distinct) {
        if (distinct == rules.length) {
          rules = Arrays.copyOf(rules, distinct * 2);
        }
        rules[distinct++] = winner;
        if (byRule != null) {
          byRule.put(winner, p);
        } else if (distinct > SCANNED_PORTIONS) {
          // Past a few rules, a map finds each item's, so that a rule per item is not quadratic.
          byRule = new IdentityHashMap<>();
          for (int q = 0; q < distinct; q++) {
            byRule.put(rules[q], q);
          }
        }
      }
      portion[i] = p;
    }
    item = null;
    if (portion == null) {
      return first == null ? RuleIndex.NONE : first.alone;
    }
    portionOf = portion;
    return distinct == rules.length ? rules : Arrays.copyOf(rules, distinct);
  }

  private boolean allItemsIn(int portion) {
    if (portionOf == null) {
      return true;
    }
    for (int p : portionOf) {
      if (p != portion) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns the rule for the current item under FIRST_MATCH when no affiliate, group or program
   * rule reads an item attribute: the best of those is then the same for every item, found once,
   * and only the item's product and category rules that outrank it are tried.
   */
  private @Nullable CompiledRule selectFirstMatch() {
    if (!orderWinnerKnown) {
      orderWinner = RuleIndex.firstTrue(affiliateRules, groupRules,
          index.programKeys.unkeyed, keyedRules(), this);
      orderWinnerKnown = true;
    }
    LineItem line = item;
    if (line == null || !index.hasItemRules()) {
      return orderWinner;
    }
    return index.itemRule(orderWinner, line, this);
  }

  /** {@return the keyed program rules the sale meets, looked up once per quote} */
  private CompiledRule[] keyedRules() {
    CompiledRule[] rules = keyedRules;
    if (rules == null) {
      rules = index.keyedRules(this);
      keyedRules = rules;
    }
    return rules;
  }

  /**
   * Returns the rule for the current item ({@code item}, or the whole order), walking the
   * candidate lists in order of precedence.
   */
  private @Nullable CompiledRule select(int position) {
    if (!best && !index.orderRulesUseItems) {
      return selectFirstMatch();
    }
    LineItem line = item;
    CompiledRule[] products = line == null ? RuleIndex.NONE : index.product(line.productId());
    CompiledRule[] categories = line == null ? RuleIndex.NONE
        : index.category(line.categoryOrNull());
    RuleWalk walk = new RuleWalk(affiliateRules, products, categories, groupRules,
        index.programKeys.unkeyed, keyedRules());
    @Nullable CompiledRule chosen = null;
    Exact chosenValue = Exact.ZERO;
    long topPriority = Long.MIN_VALUE;
    while (true) {
      CompiledRule next = walk.next();
      if (next == null) {
        return chosen;
      }
      if (chosen != null && next.priority() < topPriority) {
        return chosen;
      }
      if (next.matcher.test(this) != Matcher.TRUE) {
        continue;
      }
      if (!best) {
        return next;
      }
      // Of several items, each is valued as itemValue says: times the sum of the weights.
      Exact value = price(next, position < 0 || items.size() == 1 ? WHOLE : ONE_ITEM, position,
          Exact.ZERO, false);
      if (chosen == null || value.compareTo(chosenValue) > 0) {
        chosen = next;
        chosenValue = value;
        topPriority = next.priority();
      }
    }
  }

  // ---- pricing one rule's items ----

  /**
   * Returns what a rule pays for its items, exact and credited by the share, within the rule's
   * own cap and minimum; sets {@link #lastBase} to their credited base. For {@link #ONE_ITEM},
   * returns instead the {@link #itemValue} of the item, by which BEST_FOR_AFFILIATE compares rules.
   *
   * @param selector {@link #WHOLE} for the whole order, {@link #ONE_ITEM} for item {@code which},
   *     {@link #PORTION} for the items of portion {@code which}
   * @param offset the credited base of the sale's items that come before this rule's in the
   *     period's revenue, for revenue tiers (see {@link #revenueOffsets})
   * @param record whether this is the final pricing, which records tiers reached and explains
   */
  private Exact price(CompiledRule rule, int selector, int which, Exact offset, boolean record) {
    long goods = 0;
    long discount = 0;
    long shipping = 0;
    long tax = 0;
    long units = 0;
    if (items.isEmpty()) {
      discount = conversion.discount().minorUnits();
      shipping = conversion.shipping().minorUnits();
      tax = conversion.tax().minorUnits();
      goods = subtotal(discount, shipping, tax);
      units = 1;
    } else if (selector == WHOLE) {
      discount = conversion.discount().minorUnits();
      shipping = conversion.shipping().minorUnits();
      tax = conversion.tax().minorUnits();
      goods = subtotal(discount, shipping, tax);
      for (LineItem line : items) {
        units += line.quantity();
      }
    } else {
      for (int k = firstOf(selector, which), end = endOf(selector, which); k < end; k++) {
        int i = itemAt(selector, k);
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
    }
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
    Exact credited = Exact.ofMinor(baseMinor).times(shareUnscaled, shareScale);
    lastBase = credited;

    StringBuilder text = null;
    String baseText = "";
    if (record && trace != null) {
      text = new StringBuilder(160).append("rule ").append(rule.id).append(" matched");
      describeMatch(rule, selector, which, text);
      // Of an order's items, a rule that priced only some has its part of the order's amounts.
      boolean prorated = selector != WHOLE && !items.isEmpty();
      baseText = describeBase(rule, baseMinor, credited, goods, prorated, discount, shipping,
          tax);
    }
    Term term = rule.lifetime ? Term.INSIDE : term(rule.rule.recurring(), text);
    Exact amount;
    switch (rule.kind) {
      case CompiledRule.PERCENTAGE -> {
        Rate rate = term.inside ? null : term.then;
        if (term.inside) {
          amount = credited.times(rule.rateUnscaled, rule.rateScale);
        } else {
          amount = rate == null ? Exact.ZERO
              : credited.times(Exact.unscaledOf(rate), Exact.scaleOf(rate));
        }
        if (text != null) {
          Rate shown = term.inside ? ((Payout.Percentage) rule.rule.payout()).rate()
              : rate == null ? Rate.ZERO : rate;
          text.append(": ").append(shown).append(" of ").append(baseText).append(" = ")
              .append(money(amount));
        }
      }
      case CompiledRule.FLAT_PER_CONVERSION, CompiledRule.FLAT_PER_UNIT -> {
        boolean perUnit = rule.kind == CompiledRule.FLAT_PER_UNIT;
        Exact flat = Exact.ofMinor(rule.flatMinor);
        if (perUnit) {
          flat = flat.times(units);
        }
        amount = term.inside ? flat.times(shareUnscaled, shareScale) : Exact.ZERO;
        if (text != null && !term.inside) {
          // The term's later rate, if any, replaces a percentage only: a flat payout stops.
          text.append(": nothing after the term = ").append(money(amount));
        } else if (text != null) {
          text.append(": ").append(rule.rule.payout());
          if (perUnit) {
            text.append(" × ")
                .append(Formats.grouped(units))
                .append(units == 1 ? " unit" : " units");
          }
          if (!fullShare) {
            text.append(" × ").append(credit.share()).append(" share");
          }
          text.append(" = ").append(money(amount));
        }
      }
      case CompiledRule.SALES_TIERS -> amount = salesTiers(rule, credited, baseText,
          term.inside, record, text);
      case CompiledRule.REVENUE_TIERS -> amount = revenueTiers(rule, credited, baseText,
          offset, term.inside, record, text);
      default -> throw new AssertionError("bug: unknown payout kind " + rule.kind);
    }
    if (selector == ONE_ITEM) {
      return itemValue(rule, which, amount);
    }
    amount = limit(amount, rule.capMinor, rule.minimumMinor, "rule cap", "rule minimum", text);
    if (text != null) {
      step(text.toString());
    }
    return amount;
  }

  /**
   * Returns what a rule pays for one line item of several, as BEST_FOR_AFFILIATE compares the rules
   * that apply to it, times the sum {@code W} of the items' weights so that it stays exact. What
   * the rule pays for the item's own base or units counts in full; what it pays once per
   * conversion counts at the item's share of the sale, its weight {@code w} over {@code W} (the
   * weights by which the discount is divided): a flat amount per conversion, the rule's minimum
   * and its cap. A rule whose amount is the same share of every item's weight is thus valued at
   * that share of what it pays for the whole sale.
   *
   * <p>For example, with two items of {@code USD 40.00}, a flat {@code USD 5.00} per conversion is
   * valued at {@code USD 2.50} for each, less than the {@code USD 4.00} that 10% pays for it.
   *
   * @param amount what the rule pays for the item before its cap and minimum, or its whole flat
   *     amount per conversion
   */
  private Exact itemValue(CompiledRule rule, int position, Exact amount) {
    long weight = weights()[position];
    Exact value = rule.kind == CompiledRule.FLAT_PER_CONVERSION ? amount.times(weight)
        : amount.times(weightSum);
    if (rule.minimumMinor != CompiledRule.NO_LIMIT && value.signum() > 0) {
      long minimum = scaled(rule.minimumMinor, RoundingMode.CEILING);
      value = value.max(Exact.ofMinor(minimum).times(weight));
    }
    if (rule.capMinor != CompiledRule.NO_LIMIT) {
      long cap = scaled(rule.capMinor, RoundingMode.FLOOR);
      value = value.min(Exact.ofMinor(cap).times(weight));
    }
    return value;
  }

  /**
   * {@return the conversion's subtotal, {@code total + discount - shipping - tax}, in minor units}
   */
  private long subtotal(long discount, long shipping, long tax) {
    // The conversion checked that this is the sum of its line items, so it cannot overflow.
    return conversion.total().minorUnits() + discount - shipping - tax;
  }

  private Exact salesTiers(CompiledRule rule, Exact credited, String baseText, boolean inside,
      boolean record, @Nullable StringBuilder text) {
    PeriodPerformance performance = performance(rule.tierPeriod);
    long sale = performance.nextSale();
    int tier = rule.tierAt(sale);
    Exact amount = inside ? credited.times(rule.tierRateUnscaled[tier], rule.tierRateScale[tier])
        : Exact.ZERO;
    int before = rule.wholePeriod ? paidTier(rule, rule.tierAt(sale - 1)) : tier;
    // A tier of the rate the earlier sales were paid at changes nothing: it is not reached.
    boolean lifted = rule.wholePeriod && inside && rule.rises(before, tier);
    if (record && inside) {
      paid(rule, tier);
    }
    if (record && lifted) {
      reached(rule, before, tier);
    }
    if (text != null) {
      text.append(": tier ").append(tier + 1).append(" of ").append(rule.tierPeriod.label())
          .append(" sales tiers (").append(Formats.ordinal(sale)).append(" sale, ")
          .append(rule.wholePeriod ? TierMode.WHOLE_PERIOD.label() : TierMode.PROGRESSIVE.label())
          .append("): ").append(inside ? rule.tierRates[tier] : Rate.ZERO).append(" of ")
          .append(baseText).append(" = ").append(money(amount));
      if (lifted) {
        describeReached(rule, before, tier, text);
      }
    }
    return amount;
  }

  private Exact revenueTiers(CompiledRule rule, Exact credited, String baseText, Exact offset,
      boolean inside, boolean record, @Nullable StringBuilder text) {
    PeriodPerformance performance = performance(rule.tierPeriod);
    Exact earlier = Exact.ofMinor(performance.revenue().minorUnits());
    Exact start = earlier.plus(offset);
    Exact end = start.plus(credited.max(Exact.ZERO));
    int first = rule.tierAt(start);
    int last = rule.tierAt(end);
    int before = rule.wholePeriod ? paidTier(rule, rule.tierAt(earlier)) : first;
    Exact amount = Exact.ZERO;
    StringBuilder parts = text == null ? null : new StringBuilder();
    if (record && inside) {
      // A progressive sale that ends exactly where a tier starts pays nothing at its rate.
      boolean endsAtATier = last > first && end.compareTo(Exact.ofMinor(rule.tierFrom[last])) == 0;
      paid(rule, !rule.wholePeriod && endsAtATier ? last - 1 : last);
    }
    if (!inside) {
      amount = Exact.ZERO;
    } else if (rule.wholePeriod) {
      amount = credited.times(rule.tierRateUnscaled[last], rule.tierRateScale[last]);
      if (record && rule.rises(before, last)) {
        reached(rule, before, last);
      }
    } else {
      for (int tier = first; tier <= last; tier++) {
        Exact low = tier == first ? start : Exact.ofMinor(rule.tierFrom[tier]);
        Exact high = tier == last ? end : Exact.ofMinor(rule.tierFrom[tier + 1]);
        Exact slice = high.minus(low);
        Exact part = slice.times(rule.tierRateUnscaled[tier], rule.tierRateScale[tier]);
        amount = amount.plus(part);
        // A sale ending exactly where a tier starts puts nothing in that tier: no part to show.
        if (parts != null && (slice.signum() != 0 || tier == first)) {
          parts.append(parts.length() == 0 ? "" : " + ").append(rule.tierRates[tier]).append(" of ")
              .append(money(slice));
        }
      }
    }
    if (text != null) {
      text.append(": ").append(rule.tierPeriod.label()).append(" revenue ").append(money(start))
          .append("..").append(money(end)).append(" (");
      if (rule.wholePeriod) {
        text.append("tier ").append(last + 1).append(", whole period): ")
            .append(inside ? rule.tierRates[last] : Rate.ZERO).append(" of ").append(baseText);
      } else {
        // What the brackets slice: the credited base, as every other payout shows it.
        text.append("progressive) on ").append(baseText).append(": ")
            .append(parts == null || parts.length() == 0 ? "0% of " + money(credited) : parts);
      }
      text.append(" = ").append(money(amount));
      if (inside && rule.wholePeriod && rule.rises(before, last)) {
        describeReached(rule, before, last, text);
      }
    }
    return amount;
  }

  private void describeReached(CompiledRule rule, int before, int tier, StringBuilder text) {
    text.append("; tier ").append(tier + 1).append(" reached, ");
    String period = rule.tierPeriod.label();
    if (performance(rule.tierPeriod).sales() == 0) {
      // The first sale of the period: no earlier sale to true up.
      text.append("with no earlier sales of the ").append(period).append(" to true up");
      return;
    }
    // A true-up is owed to the earlier sales this rule priced. A paid tier says that it priced
    // some; without one, the earlier sales may all have gone to other rules.
    boolean pricedEarlier = context.paidTiers().containsKey(rule.id);
    text.append(pricedEarlier
            ? "so the earlier sales of the " + period
            : "so the rule's earlier sales of the " + period + ", if any,")
        .append(" are owed a true-up from ").append(rule.tierRates[before])
        .append(" to ").append(rule.tierRates[tier]);
  }

  /**
   * Returns the tier, counting from 0, at which a whole-period rule paid the earlier sales of the
   * period: the context's {@linkplain CommissionContext#paidTier(String) paid tier}, or else the
   * tier that the period's sales reached before this sale.
   */
  private int paidTier(CompiledRule rule, int reachedBefore) {
    Integer paid = context.paidTiers().get(rule.id);
    return paid == null ? reachedBefore : Math.min(paid, rule.tierRates.length) - 1;
  }

  /**
   * Reaches the higher tier of each whole-period rule with a paid tier that did not pay this sale
   * but whose period count or revenue the sale lifts into a tier of a higher rate than that tier's,
   * as every sale of the affiliate counts toward every tier: the rule's earlier sales are owed a
   * true-up as well.
   *
   * @param base the sale's base in minor units, which the period's revenue adds
   */
  private void reachTiersOfOtherRules(long base) {
    Map<String, Integer> paidTiers = context.paidTiers();
    if (paidTiers.isEmpty()) {
      return;
    }
    // The context's few rules, in plan order: not every whole-period rule of the plan, of which
    // a plan of a deal per creator has as many as creators.
    List<CompiledRule> paidRules = new ArrayList<>(paidTiers.size());
    for (String ruleId : paidTiers.keySet()) {
      CompiledRule rule = index.wholePeriodById.get(ruleId);
      if (rule != null) {
        paidRules.add(rule);
      }
    }
    paidRules.sort(Comparator.comparingInt(rule -> rule.order));
    for (CompiledRule rule : paidRules) {
      if (tiers != null && tiers.containsKey(rule.id)) {
        continue;
      }
      PeriodPerformance performance = performance(rule.tierPeriod);
      long sale = performance.nextSale();
      Exact revenue = Exact.ofMinor(performance.revenue().minorUnits()).plus(Exact.ofMinor(base));
      int tier = rule.kind == CompiledRule.SALES_TIERS ? rule.tierAt(sale) : rule.tierAt(revenue);
      // Every rule here has a paid tier, so the tier reached before is never read.
      int before = paidTier(rule, tier);
      if (!rule.rises(before, tier)) {
        continue;
      }
      reached(rule, before, tier);
      if (trace != null) {
        StringBuilder text = new StringBuilder(160).append("rule ").append(rule.id)
            .append(" did not pay this sale, but ");
        if (rule.kind == CompiledRule.SALES_TIERS) {
          text.append("the ").append(rule.tierPeriod.label()).append("'s ")
              .append(Formats.ordinal(sale)).append(" sale");
        } else {
          text.append(rule.tierPeriod.label()).append(" revenue ").append(money(revenue));
        }
        text.append(" is in tier ").append(tier + 1).append(" (whole period)");
        describeReached(rule, before, tier, text);
        step(text.toString());
      }
    }
  }

  /** Records the tier, counting from 0, at whose rate the rule paid the sale. */
  private void paid(CompiledRule rule, int tier) {
    if (tiers == null) {
      tiers = new HashMap<>(2);
    }
    tiers.put(rule.id, tier + 1);
  }

  private void reached(CompiledRule rule, int before, int tier) {
    if (tiersReached == null) {
      tiersReached = new ArrayList<>(1);
    }
    tiersReached.add(new TierReached(rule.id, rule.tierPeriod, tier + 1, rule.tierRates[before],
        rule.tierRates[tier], rounding));
  }

  /** Whether a charge is inside the rule's recurring term, and the rate after it. */
  private record Term(boolean inside, @Nullable Rate then) {
    static final Term INSIDE = new Term(true, null);
  }

  private Term term(RecurringTerm recurring, @Nullable StringBuilder text) {
    if (recurring instanceof RecurringTerm.Lifetime) {
      return Term.INSIDE;
    }
    Optional<Subscription> subscription = conversion.subscription();
    boolean inside;
    String position;
    if (recurring instanceof RecurringTerm.FirstPeriods periods) {
      long period = subscription.isPresent() ? subscription.get().billingPeriod() : 1;
      inside = period <= periods.periods();
      position = "billing period " + Formats.grouped(period);
    } else {
      long months = subscription.isPresent() ? number(Attribute.SALE_SUBSCRIPTION_MONTHS) : 0;
      inside = months < ((RecurringTerm.FirstMonths) recurring).months();
      position = "month " + Formats.grouped(months + 1);
    }
    Rate then = recurring.then().orElse(null);
    if (text != null) {
      if (subscription.isEmpty()) {
        text.append(", a one-off sale inside the ").append(recurring);
      } else if (inside) {
        text.append(", ").append(position).append(" of the ").append(recurring);
      } else {
        text.append(", ").append(position).append(" after the ").append(recurring);
      }
    }
    return inside ? Term.INSIDE : new Term(false, then);
  }

  /** Applies a cap and a minimum for the whole conversion, scaled by the credit's share. */
  private Exact limit(Exact amount, long capMinor, long minimumMinor, String capName,
      String minimumName, @Nullable StringBuilder text) {
    Exact limited = amount;
    if (minimumMinor != CompiledRule.NO_LIMIT && amount.signum() > 0) {
      long minimum = scaled(minimumMinor, RoundingMode.CEILING);
      if (amount.compareTo(minimum) < 0) {
        limited = Exact.ofMinor(minimum);
        if (text != null) {
          text.append("; raised to ").append(minimumName).append(' ')
              .append(limitText(minimumMinor, minimum));
        }
      }
    }
    if (capMinor != CompiledRule.NO_LIMIT) {
      long cap = scaled(capMinor, RoundingMode.FLOOR);
      if (limited.compareTo(cap) > 0) {
        limited = Exact.ofMinor(cap);
        if (text != null) {
          text.append("; capped at ").append(capName).append(' ')
              .append(limitText(capMinor, cap));
        }
      } else if (text != null) {
        text.append("; ").append(capName).append(' ').append(limitText(capMinor, cap))
            .append(" not reached");
      }
    }
    return limited;
  }

  private long scaled(long minor, RoundingMode mode) {
    return fullShare ? minor : Exact.ofMinor(minor).times(shareUnscaled, shareScale).round(mode);
  }

  /**
   * {@return a limit scaled by the credit's share as the explanation shows it: the share of the
   * limit, and its exact value and which way it was rounded when that changed it, such as {@code
   * USD 0.02 (50% of USD 0.05 = USD 0.025, rounded down)}}
   */
  private String limitText(long limitMinor, long scaledMinor) {
    Money scaledMoney = Money.ofMinor(scaledMinor, currency);
    if (fullShare) {
      return scaledMoney.toString();
    }
    String of = credit.share() + " of " + Money.ofMinor(limitMinor, currency);
    Exact exact = Exact.ofMinor(limitMinor).times(shareUnscaled, shareScale);
    int rounded = exact.compareTo(scaledMinor);
    return rounded == 0 ? scaledMoney + " (" + of + ")" : scaledMoney + " (" + of + " = "
        + money(exact) + ", rounded " + (rounded < 0 ? "up" : "down") + ")";
  }

  private Exact applyPlanLimits(Exact total) {
    long cap = plan.capMinor();
    long minimum = plan.minimumMinor();
    if (cap == CompiledRule.NO_LIMIT && minimum == CompiledRule.NO_LIMIT) {
      return total;
    }
    StringBuilder text = trace == null ? null : new StringBuilder();
    // Named apart from a rule's cap and minimum, which may read alike.
    Exact limited = limit(total, cap, minimum, "cap per conversion", "minimum per conversion",
        text);
    if (text != null && text.length() > 2) {
      step(text.substring(2));
    }
    return limited;
  }

  // ---- milestones, period caps, overrides ----

  private long milestones(List<String> ids) {
    long bonus = 0;
    List<Milestone> milestones = plan.milestones();
    for (int i = 0; i < milestones.size(); i++) {
      Milestone milestone = milestones.get(i);
      long sale = performance(milestone.period()).nextSale();
      if (sale != milestone.sale() || plan.milestoneMatcher(i).test(this) != Matcher.TRUE) {
        continue;
      }
      bonus = plus(bonus, milestone.bonus().minorUnits(), "milestone bonuses");
      ids.add(milestone.id());
      if (trace != null) {
        List<String> why = new ArrayList<>();
        plan.milestoneMatcher(i).explain(this, false, why);
        step("milestone " + milestone.id() + " (" + Formats.ordinal(sale) + " sale of the "
            + milestone.period().label() + (why.isEmpty() ? "" : ", " + String.join(", ", why))
            + "): bonus " + milestone.bonus());
      }
    }
    return bonus;
  }

  /** Cuts {@link #commissionGranted} and then {@link #bonusGranted} to the caps per period. */
  private void applyPeriodCaps() {
    for (PeriodCap cap : plan.periodCaps()) {
      PeriodPerformance performance = performance(cap.period());
      long earned = performance.commissions().minorUnits();
      long left = Math.max(0, cap.cap().minorUnits() - earned);
      long commissionNow = Math.min(commissionGranted, left);
      long bonusNow = Math.max(0, Math.min(bonusGranted, left - commissionNow));
      if (trace != null) {
        StringBuilder text = new StringBuilder().append(cap).append(": ")
            .append(performance.commissions()).append(" earned so far, ")
            .append(Money.ofMinor(left, currency)).append(" left");
        if (commissionNow != commissionGranted) {
          text.append("; commission cut from ").append(Money.ofMinor(commissionGranted, currency))
              .append(" to ").append(Money.ofMinor(commissionNow, currency));
        }
        if (bonusNow != bonusGranted) {
          text.append("; bonus cut from ").append(Money.ofMinor(bonusGranted, currency))
              .append(" to ").append(Money.ofMinor(bonusNow, currency));
        }
        if (commissionNow == commissionGranted && bonusNow == bonusGranted) {
          text.append(", not reached");
        }
        step(text.toString());
      }
      commissionGranted = commissionNow;
      bonusGranted = bonusNow;
    }
  }

  private List<OverrideQuote> overrides(Money amount) {
    List<Rate> rates = plan.overrideRates();
    if (rates.isEmpty() || !amount.isPositive()) {
      return List.of();
    }
    List<OverrideQuote> quotes = new ArrayList<>(rates.size());
    List<String> path = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    AffiliateProfile child = context.affiliate();
    path.add(child.affiliateId());
    seen.add(child.affiliateId());
    Optional<String> parentId = child.parentId();
    for (int level = 1; level <= rates.size() && parentId.isPresent(); level++) {
      String parent = parentId.get();
      if (!seen.add(parent)) {
        throw ProfileMap.loop(path.subList(path.indexOf(parent), path.size()));
      }
      path.add(parent);
      Rate rate = rates.get(level - 1);
      Money share = amount.times(rate, rounding);
      if (share.isPositive() && context.uplines().earnsOverrides(parent)) {
        quotes.add(new OverrideQuote(parent, level, child.affiliateId(), rate, amount, share));
      }
      if (level == rates.size()) {
        break;
      }
      Optional<AffiliateProfile> profile = context.uplines().find(parent);
      if (profile.isPresent() && !profile.get().affiliateId().equals(parent)) {
        throw new IllegalArgumentException("context uplines returned the profile of "
            + Texts.quote(profile.get().affiliateId()) + " for "
            + Texts.quote(parent));
      }
      parentId = profile.flatMap(AffiliateProfile::parentId);
    }
    return List.copyOf(quotes);
  }

  // ---- shares of order-level amounts ----

  private int[] portionOf() {
    int[] portions = portionOf;
    if (portions == null) {
      throw new AssertionError("bug: portions are not assigned yet");
    }
    return portions;
  }

  /**
   * {@return where the items a selector names start: an index of the items, or for {@link
   * #PORTION} of {@link #portionItems}} {@link #itemAt} reads the item's index there.
   */
  private int firstOf(int selector, int which) {
    return switch (selector) {
      case ONE_ITEM -> which;
      case PORTION -> portionStarts()[which];
      default -> 0;
    };
  }

  /** {@return where the items a selector names end, as {@link #firstOf} counts} */
  private int endOf(int selector, int which) {
    return switch (selector) {
      case ONE_ITEM -> which + 1;
      case PORTION -> portionStarts()[which + 1];
      default -> items.size();
    };
  }

  /** {@return the index of the {@code k}th item a selector names, as {@link #firstOf} counts} */
  private int itemAt(int selector, int k) {
    return selector == PORTION ? Objects.requireNonNull(portionItems)[k] : k;
  }

  /**
   * Returns where each portion's items start in {@link #portionItems}, sorting the items by
   * portion first if need be, in one pass and keeping their order.
   */
  private int[] portionStarts() {
    int[] starts = portionStarts;
    if (starts != null) {
      return starts;
    }
    int[] portions = portionOf();
    int count = 0;
    for (int p : portions) {
      count = Math.max(count, p + 1);
    }
    starts = new int[count + 1];
    for (int p : portions) {
      if (p >= 0) {
        starts[p + 1]++;
      }
    }
    for (int p = 0; p < count; p++) {
      starts[p + 1] += starts[p];
    }
    int[] sorted = new int[starts[count]];
    int[] next = Arrays.copyOf(starts, count);
    for (int i = 0; i < portions.length; i++) {
      if (portions[i] >= 0) {
        sorted[next[portions[i]]++] = i;
      }
    }
    portionItems = sorted;
    portionStarts = starts;
    return starts;
  }

  /** {@return the items' {@link #weights(List)}, read once per quote; sets {@link #weightSum}} */
  private long[] weights() {
    long[] read = weights;
    if (read == null) {
      read = weights = weights(items);
      long sum = 0;
      for (long weight : read) {
        // The weights are the items' amounts, whose sum the conversion checked, or all 1.
        sum += weight;
      }
      weightSum = sum;
    }
    return read;
  }

  private long[] discountShares() {
    long[] shares = discountShares;
    if (shares == null) {
      shares = discountShares = prorate(conversion.discount(), weights(), items);
    }
    return shares;
  }

  private long[] shippingShares() {
    long[] shares = shippingShares;
    if (shares == null) {
      shares = shippingShares = prorate(conversion.shipping(), weights(), items);
    }
    return shares;
  }

  private long[] taxShares() {
    long[] shares = taxShares;
    if (shares == null) {
      shares = taxShares = prorate(conversion.tax(), weights(), items);
    }
    return shares;
  }

  /**
   * Divides an order-level amount among the line items by their amounts, exactly; equally when
   * every item is free. See {@link #prorate(Money, long[], List)}.
   */
  static long[] prorate(List<LineItem> items, Money amount) {
    return prorate(amount, weights(items), items);
  }

  /**
   * {@return the weights by which order-level amounts are divided among the items: their amounts
   * in minor units, or all 1 when every item is free}
   */
  static long[] weights(List<LineItem> items) {
    long[] weights = new long[items.size()];
    boolean free = true;
    for (int i = 0; i < weights.length; i++) {
      weights[i] = items.get(i).amount().minorUnits();
      free &= weights[i] == 0;
    }
    if (free) {
      java.util.Arrays.fill(weights, 1);
    }
    return weights;
  }

  /**
   * Returns {@link Money#allocate(long...)} of the amount by the weights of the items, in minor
   * units: the same largest-remainder method, computed here without the lists and checks of the
   * general method because it runs for every quote of a discounted order, except for where the
   * units left over go among parts of equal remainders and weights. {@code Money.allocate} gives
   * them to the earlier parts; here they go to the items that come first in {@link #compareItems},
   * by what the items are, so that the order in which the host listed an order's items changes no
   * rule's part of the order's amounts. Items that tie on all of it are equal, so whichever of them
   * takes a unit, every rule prices the same items with the same parts.
   *
   * <p>The amount and the weights are not negative, and the weights do not add up to zero.
   *
   * @param items the items the weights are of, in the same order
   */
  static long[] prorate(Money amount, long[] weights, List<LineItem> items) {
    long total = amount.minorUnits();
    long[] parts = new long[weights.length];
    if (total == 0) {
      return parts;
    }
    if (weights.length > 64) {
      return general(amount, weights, items, parts);
    }
    long weightSum = 0;
    for (long weight : weights) {
      weightSum = Math.addExact(weightSum, weight);
    }
    long[] remainders = new long[weights.length];
    long leftover = total;
    for (int i = 0; i < weights.length; i++) {
      long high = Math.multiplyHigh(total, weights[i]);
      long low = total * weights[i];
      if (high != 0 || low < 0) {
        return general(amount, weights, items, parts);
      }
      parts[i] = low / weightSum;
      remainders[i] = low % weightSum;
      leftover -= parts[i];
    }
    // Fewer units are left over than there are parts: one each to the largest remainders, then
    // the larger weights, then the items first by compareItems. Items are compared only when a
    // unit must choose among tied parts.
    for (long given = 0; given < leftover; given++) {
      int best = -1;
      for (int i = 0; i < parts.length; i++) {
        if (remainders[i] > 0
            && (best < 0 || compareParts(i, best, remainders, weights, items) < 0)) {
          best = i;
        }
      }
      parts[best]++;
      remainders[best] = 0;
    }
    return parts;
  }

  /**
   * Allocates with the general method, for products beyond 63 bits or many parts: {@link
   * Money#allocate(long...)} gives the units left over among tied parts to the earlier ones, so it
   * is given the weights in the order of {@link #compareItems}, then of the items' positions.
   */
  private static long[] general(Money amount, long[] weights, List<LineItem> items,
      long[] parts) {
    Integer[] order = new Integer[weights.length];
    Arrays.setAll(order, i -> i);
    Arrays.sort(order, (i, j) -> {
      int byItem = compareItems(items.get(i), items.get(j));
      return byItem != 0 ? byItem : Integer.compare(i, j);
    });
    long[] ordered = new long[weights.length];
    for (int rank = 0; rank < order.length; rank++) {
      ordered[rank] = weights[order[rank]];
    }
    List<Money> shares = amount.allocate(ordered);
    for (int rank = 0; rank < order.length; rank++) {
      parts[order[rank]] = shares.get(rank).minorUnits();
    }
    return parts;
  }

  /**
   * Compares parts {@code i} and {@code j} in the order in which they take the units left over:
   * the larger remainder first, then the larger weight, then the item first by {@link
   * #compareItems}, and of equal items the earlier, which any of them could be.
   *
   * @return a negative number if part {@code i} comes first, zero if {@code i == j}, else a
   *     positive number
   */
  private static int compareParts(int i, int j, long[] remainders, long[] weights,
      List<LineItem> items) {
    if (remainders[i] != remainders[j]) {
      return remainders[i] > remainders[j] ? -1 : 1;
    }
    if (weights[i] != weights[j]) {
      return weights[i] > weights[j] ? -1 : 1;
    }
    int byItem = compareItems(items.get(i), items.get(j));
    return byItem != 0 ? byItem : Integer.compare(i, j);
  }

  /**
   * Compares line items in the order in which items of equal remainders and weights take the
   * minor units left over when an order's discount, shipping or tax is divided among them: by
   * everything a rule can target or a base reads of an item, its product id, then its category
   * (none first), its quantity and its amount. Items that tie on all of it are equal.
   *
   * @return a negative number if {@code a} comes first, zero if the items are equal, else a
   *     positive number
   */
  static int compareItems(LineItem a, LineItem b) {
    int byProduct = a.productId().compareTo(b.productId());
    if (byProduct != 0) {
      return byProduct;
    }
    @Nullable String categoryA = a.categoryOrNull();
    @Nullable String categoryB = b.categoryOrNull();
    // An item without a category comes first.
    int byCategory = categoryA == null ? (categoryB == null ? 0 : -1)
        : categoryB == null ? 1 : categoryA.compareTo(categoryB);
    if (byCategory != 0) {
      return byCategory;
    }
    int byQuantity = Integer.compare(a.quantity(), b.quantity());
    if (byQuantity != 0) {
      return byQuantity;
    }
    return Long.compare(a.amount().minorUnits(), b.amount().minorUnits());
  }

  private PeriodPerformance performance(Period period) {
    PeriodPerformance performance = context.performance().get(period);
    if (performance == null) {
      throw new AssertionError(
          "bug: the plan counts " + period + " but the quote did not check it");
    }
    return performance;
  }

  // ---- explanations ----

  private void step(String text) {
    if (trace != null) {
      trace.add(text);
    }
  }

  /**
   * Appends the items the rule matched and why: the facts that made it match, which may differ
   * from item to item, so items are grouped by them in the order of the items, such as {@code
   * p1, p3 (item.category = A), p2 (item.productId = p2)}.
   */
  private void describeMatch(CompiledRule rule, int selector, int which, StringBuilder text) {
    if (items.isEmpty()) {
      appendWhy(whyMatched(rule), text);
      return;
    }
    LineItem saved = item;
    Map<List<String>, List<String>> namesByWhy = new LinkedHashMap<>();
    int matched = 0;
    for (int k = firstOf(selector, which), end = endOf(selector, which); k < end; k++) {
      item = items.get(itemAt(selector, k));
      namesByWhy.computeIfAbsent(whyMatched(rule), unused -> new ArrayList<>())
          .add(item.productId());
      matched++;
    }
    item = saved;
    int named = 0;
    String separator = " ";
    boolean oneReason = namesByWhy.size() == 1;
    for (Map.Entry<List<String>, List<String>> group : namesByWhy.entrySet()) {
      if (named == MATCHES_NAMED) {
        break;
      }
      List<String> names = group.getValue();
      List<String> shown = names.subList(0, Math.min(names.size(), MATCHES_NAMED - named));
      text.append(separator).append(String.join(", ", shown));
      named += shown.size();
      if (oneReason && named < matched) {
        text.append(" and ").append(matched - named).append(" more");
      }
      appendWhy(group.getKey(), text);
      separator = ", ";
    }
    if (!oneReason && named < matched) {
      text.append(" and ").append(matched - named).append(" more");
    }
  }

  /** How many matched items an explanation names; it counts the others. */
  private static final int MATCHES_NAMED = 3;

  /** {@return the facts that made the rule match the current item, or the sale if none} */
  private List<String> whyMatched(CompiledRule rule) {
    List<String> why = new ArrayList<>();
    Attribute attribute = rule.rule.target().level().attribute();
    if (attribute != null) {
      why.add(attribute + " = " + shown(attribute));
    }
    rule.matcher.explain(this, false, why);
    return why;
  }

  private static void appendWhy(List<String> why, StringBuilder text) {
    if (!why.isEmpty()) {
      text.append(" (").append(String.join(", ", why)).append(')');
    }
  }

  /**
   * Returns the credited base as explanations show it, such as {@code USD 60.00 (items after
   * discount)} or {@code USD 30.00 (50% of USD 60.00 items after discount)}. Where the rule priced
   * only some of the order's items, their parts of the order's discount, shipping and tax that the
   * base counts were split among all the items and rounded to the minor unit: each part is shown
   * with the amount it came from, such as {@code USD 26.51 (items after discount: USD 30.00 less
   * USD 3.49 of the USD 5.00 order discount, split by item amount)}.
   *
   * @param goods the amounts of the items, in minor units
   * @param prorated whether the base has the items' parts of the order's amounts, rather than
   *     the whole order's
   * @param discount the items' part of the order discount in minor units, if prorated; likewise
   *     {@code shipping} and {@code tax}
   */
  private String describeBase(CompiledRule rule, long baseMinor, Exact credited, long goods,
      boolean prorated, long discount, long shipping, long tax) {
    Base base = rule.rule.base();
    StringBuilder text = new StringBuilder(64);
    if (fullShare) {
      text.append(Money.ofMinor(baseMinor, currency)).append(" (").append(base);
    } else {
      text.append(money(credited)).append(" (").append(credit.share()).append(" of ")
          .append(Money.ofMinor(baseMinor, currency)).append(' ').append(base);
    }
    StringBuilder parts = new StringBuilder();
    int split = 0;
    if (prorated && rule.afterDiscount && conversion.discount().isPositive()) {
      appendPart(" less ", discount, conversion.discount(), "order discount", parts);
      split++;
    }
    if (prorated && rule.shipping && conversion.shipping().isPositive()) {
      appendPart(split == 0 ? " plus " : ", plus ", shipping, conversion.shipping(), "shipping",
          parts);
      split++;
    }
    if (prorated && rule.tax && conversion.tax().isPositive()) {
      appendPart(split == 0 ? " plus " : ", plus ", tax, conversion.tax(), "tax", parts);
      split++;
    }
    if (split > 0) {
      // Every item free: the order's amounts were split equally, each item's weight 1 where it
      // is otherwise its amount (see weights), so the first item tells.
      boolean free = items.get(0).amount().isZero() && weights()[0] == 1;
      text.append(": ").append(Money.ofMinor(goods, currency)).append(parts)
          .append(split == 1 ? ", split " : ", each split ")
          .append(free ? "equally among the items" : "by item amount");
    }
    return text.append(')').toString();
  }

  /**
   * Appends the items' part of one of the order's amounts, such as {@code less USD 3.49 of the
   * USD 5.00 order discount} after the sign.
   */
  private void appendPart(String sign, long part, Money whole, String what, StringBuilder text) {
    text.append(sign).append(Money.ofMinor(part, currency)).append(" of the ").append(whole)
        .append(' ').append(what);
  }

  private void explainUnpriced(int portions) {
    if (items.isEmpty()) {
      return;
    }
    List<LineItem> unpriced = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      if (portionOf == null ? portions == 0 : portionOf[i] < 0) {
        unpriced.add(items.get(i));
      }
    }
    if (!unpriced.isEmpty()) {
      // As many as the matched items named, so that an order of many items explains in short.
      int shown = Math.min(unpriced.size(), MATCHES_NAMED);
      step("no rule matched " + unpriced.subList(0, shown).stream().map(LineItem::productId)
          .collect(Collectors.joining(", "))
          + (shown < unpriced.size() ? " and " + (unpriced.size() - shown) + " more" : "")
          + whyNot(unpriced));
    }
  }

  /** How many rules that did not match an explanation names; it counts the others. */
  private static final int MISSES_NAMED = 3;

  /**
   * Returns why the rules that could have priced the items (the sale, if there are none) did not,
   * in order of precedence, each once, as {@code " (ruleId: why; ...)"}: the facts their
   * conditions did not hold for ({@link Matcher#explainNot}), as they were for the first item the
   * rule could price. Empty if no rule targets the items.
   */
  private String whyNot(List<LineItem> unpriced) {
    Map<CompiledRule, List<String>> whyByRule = new LinkedHashMap<>();
    LineItem saved = item;
    for (LineItem line : unpriced.isEmpty() ? Collections.<@Nullable LineItem>singletonList(null)
        : unpriced) {
      item = line;
      for (CompiledRule rule : candidates()) {
        if (!whyByRule.containsKey(rule) && rule.matcher.test(this) != Matcher.TRUE) {
          List<String> why = new ArrayList<>();
          rule.matcher.explainNot(this, Matcher.TRUE, why);
          whyByRule.put(rule, why.isEmpty() ? List.of("its condition never holds") : why);
        }
      }
    }
    item = saved;
    if (whyByRule.isEmpty()) {
      return "";
    }
    List<Map.Entry<CompiledRule, List<String>>> rules = new ArrayList<>(whyByRule.entrySet());
    rules.sort(Map.Entry.comparingByKey(RuleIndex.PRECEDENCE));
    StringBuilder text = new StringBuilder(" (");
    for (int named = 0; named < rules.size(); named++) {
      if (named == MISSES_NAMED) {
        int more = rules.size() - named;
        text.append("; and ").append(more).append(more == 1 ? " more rule" : " more rules");
        break;
      }
      Map.Entry<CompiledRule, List<String>> rule = rules.get(named);
      text.append(named == 0 ? "" : "; ").append(rule.getKey().id).append(": ")
          .append(String.join(", ", rule.getValue()));
    }
    return text.append(')').toString();
  }

  /** {@return the rules whose targets cover the current item, or the sale if there is none} */
  private List<CompiledRule> candidates() {
    LineItem line = item;
    List<CompiledRule> rules = new ArrayList<>(Arrays.asList(affiliateRules));
    if (line != null) {
      rules.addAll(Arrays.asList(index.product(line.productId())));
      rules.addAll(Arrays.asList(index.category(line.categoryOrNull())));
    }
    rules.addAll(Arrays.asList(groupRules));
    rules.addAll(Arrays.asList(index.program));
    return rules;
  }

  /**
   * Rounds the commission, or throws an {@link ArithmeticException} that names the order, the
   * affiliate and the amount if it lies beyond a {@code long} of minor units.
   */
  private long roundCommission(Exact commission) {
    try {
      return commission.round(rounding);
    } catch (ArithmeticException beyond) {
      throw beyondALong("commission", commission);
    }
  }

  /** {@return {@code a + b}, or throws naming what they are, the affiliate and the order} */
  private long plus(long a, long b, String what) {
    long sum = a + b;
    if (((a ^ sum) & (b ^ sum)) < 0) {
      throw beyondALong(what, Exact.ofMinor(a).plus(Exact.ofMinor(b)));
    }
    return sum;
  }

  /** {@return the exception for an amount beyond a long, naming the affiliate and the order} */
  private ArithmeticException beyondALong(String what, Exact amount) {
    return new ArithmeticException(what + " of " + Texts.quote(credit.affiliateId())
        + " on order " + Texts.quote(conversion.orderId()) + " is beyond what " + currency
        + " holds in a long of minor units: " + money(amount));
  }

  private String money(Exact amount) {
    return Formats.money(amount.toBigDecimal().movePointLeft(currency.scale()), currency);
  }
}
