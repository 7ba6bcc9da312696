package dev.affiliatekit.commission;

import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.Credit;
import dev.affiliatekit.money.Money;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What an affiliate earns for one credit of a conversion under a plan, and why: the amount, the
 * rules that applied, milestone bonuses, overrides for parent affiliates, tiers reached, and a
 * step-by-step explanation.
 *
 * <p>The {@linkplain #amount() amount} is the {@linkplain #commission() commission} plus any
 * {@linkplain #bonus() milestone bonus}, within the caps per period. The {@linkplain
 * #explanation() explanation} of the order of {@link CommissionPlan}'s example (serum-30ml for
 * USD 40.00, a tote for USD 20.00), under its plan with a cap per conversion, reads:
 *
 * <pre>
 * rule skin-care-micro matched serum-30ml (item.category = SKIN_CARE, affiliate.followers 12,400
 * in 1,500..100,000): 15% of USD 40.00 (items after discount) = USD 6.00; rule default matched
 * tote: 10% of USD 20.00 (items after discount) = USD 2.00; total USD 8.00; cap per conversion
 * USD 200.00 not reached
 * </pre>
 *
 * <p>A rule's own cap and minimum read {@code rule cap} and {@code rule minimum}.
 *
 * <p>Figures inside the explanation are exact; the one rounding is its own step when it changes
 * anything. A rule that priced some of an order's items counts their parts of the order's
 * discount, shipping and tax, which {@link Base} splits among the items in whole minor units: the
 * explanation shows each part with the amount it came from, such as {@code 15% of USD 26.51
 * (items after discount: USD 30.00 less USD 3.49 of the USD 5.00 order discount, split by item
 * amount)}. Numbers are written the same way in every locale. The explanation is computed when it
 * is first asked for, by running the quote again with the same inputs, so quoting pays nothing
 * for it and it can never disagree with the amount.
 *
 * <p>Two quotes are equal when they were made by equal plans from equal inputs. Instances are
 * immutable and thread-safe.
 */
public final class CommissionQuote {

  private final CommissionPlan plan;
  private final Conversion conversion;
  private final Credit credit;
  private final CommissionContext context;
  private final Money amount;
  private final long base;
  /** The rule ids as a list, or the rules that priced the sale, listed on first request. */
  private final Object ruleIds;
  /**
   * The ids of {@link #ruleIds} when it holds rules, listed on first request: a cache, racy but
   * safe, as the list is immutable. Not volatile, so that making a quote costs no memory fence.
   */
  private @Nullable List<String> ruleIdList;
  /** What only some plans give: the commission apart from bonuses, bonuses, overrides, tiers. */
  private final @Nullable Extras extras;
  private volatile @Nullable List<String> steps;

  /** The parts of a quote that most plans leave empty, kept apart so that most quotes are small. */
  private static final class Extras {
    final long commission;
    final long bonus;
    final List<String> milestoneIds;
    final List<OverrideQuote> overrides;
    final List<TierReached> tiersReached;
    final Map<String, Integer> tiers;
    /** The portions of a sale that several rules priced, if the pricing was asked to list them. */
    final @Nullable List<RulePortion> portions;

    Extras(long commission, long bonus, List<String> milestoneIds, List<OverrideQuote> overrides,
        List<TierReached> tiersReached, Map<String, Integer> tiers,
        @Nullable List<RulePortion> portions) {
      this.commission = commission;
      this.bonus = bonus;
      this.milestoneIds = milestoneIds;
      this.overrides = overrides;
      this.tiersReached = tiersReached;
      this.tiers = tiers;
      this.portions = portions;
    }
  }

  /** A quote whose amount is its commission: no bonus, overrides or tiers reached. */
  CommissionQuote(CommissionPlan plan, Conversion conversion, Credit credit,
      CommissionContext context, Money amount, long base, Object ruleIds) {
    this(plan, conversion, credit, context, amount, base, ruleIds, null);
  }

  CommissionQuote(CommissionPlan plan, Conversion conversion, Credit credit,
      CommissionContext context, Money amount, long commission, long bonus, long base,
      Object ruleIds, List<String> milestoneIds, List<OverrideQuote> overrides,
      List<TierReached> tiersReached, Map<String, Integer> tiers,
      @Nullable List<RulePortion> portions) {
    // The lists come from Pricing, already unmodifiable; copying them would cost every quote.
    this(plan, conversion, credit, context, amount, base, ruleIds,
        commission == amount.minorUnits() && bonus == 0 && milestoneIds.isEmpty()
            && overrides.isEmpty() && tiersReached.isEmpty() && tiers.isEmpty()
            && portions == null ? null
            : new Extras(commission, bonus, milestoneIds, overrides, tiersReached, tiers,
                portions));
  }

  private CommissionQuote(CommissionPlan plan, Conversion conversion, Credit credit,
      CommissionContext context, Money amount, long base, Object ruleIds,
      @Nullable Extras extras) {
    this.plan = plan;
    this.conversion = conversion;
    this.credit = credit;
    this.context = context;
    this.amount = amount;
    this.base = base;
    this.ruleIds = ruleIds;
    this.extras = extras;
  }

  /** {@return the plan that made this quote} */
  public CommissionPlan plan() {
    return plan;
  }

  /** {@return the conversion quoted} */
  public Conversion conversion() {
    return conversion;
  }

  /** {@return the credit quoted} */
  public Credit credit() {
    return credit;
  }

  /** {@return the context the quote was made in} */
  public CommissionContext context() {
    return context;
  }

  /** {@return the order of the conversion} */
  public String orderId() {
    return conversion.orderId();
  }

  /** {@return the affiliate who earns the amount} */
  public String affiliateId() {
    return credit.affiliateId();
  }

  /**
   * Returns what the affiliate earns for this credit: the commission plus the milestone bonus,
   * within the caps per period. Zero or positive; overrides for parents are not included.
   *
   * @return the amount
   */
  public Money amount() {
    return amount;
  }

  /** {@return the commission the rules pay, after every cap and minimum, rounded once} */
  public Money commission() {
    Extras more = extras;
    return more == null || more.commission == amount.minorUnits() ? amount
        : Money.ofMinor(more.commission, amount.currency());
  }

  /**
   * {@return the milestone bonus granted: the bonuses of the {@linkplain #milestoneIds() milestones
   * reached}, after the caps per period; zero if none}
   */
  public Money bonus() {
    Extras more = extras;
    return Money.ofMinor(more == null ? 0 : more.bonus, amount.currency());
  }

  /**
   * Returns the credited base of the sale: the bases of the rules that applied, times the credit's
   * share, rounded with the plan's rounding mode. It is what {@link PeriodPerformance#revenue()}
   * adds up for tiers by revenue.
   *
   * @return the base, zero if no rule applied
   */
  public Money base() {
    return Money.ofMinor(base, amount.currency());
  }

  /**
   * {@return the ids of the rules that priced the sale, in the order of the line items; empty if
   * none}
   */
  public List<String> ruleIds() {
    Object ids = ruleIds;
    if (ids instanceof CompiledRule[] rules) {
      List<String> listed = ruleIdList;
      if (listed == null) {
        String[] names = new String[rules.length];
        for (int i = 0; i < names.length; i++) {
          names[i] = rules[i].id;
        }
        listed = List.of(names);
        ruleIdList = listed;
      }
      return listed;
    }
    @SuppressWarnings("unchecked") // only lists of strings and arrays of rules are stored
    List<String> list = (List<String>) ids;
    return list;
  }

  /**
   * Returns the ids of the milestones this sale reached: those whose sale number it is and whose
   * condition holds, in the plan's order. The caps per period may cut their bonuses, even to
   * nothing; {@link #bonus()} is what they pay after those caps.
   *
   * <p>For example, with a milestone {@code fourth} of {@code USD 50.00} on the 4th sale of the
   * month and a cap of {@code USD 100.00} a month of which {@code USD 90.00} is earned, a 4th sale
   * whose commission is {@code USD 30.00} lists {@code fourth}, earns {@code USD 10.00} of
   * commission and a bonus of {@code USD 0.00}.
   *
   * @return the ids, empty if the sale reached no milestone
   */
  public List<String> milestoneIds() {
    Extras more = extras;
    return more == null ? List.of() : more.milestoneIds;
  }

  /** {@return the overrides that parent affiliates earn on this amount, nearest parent first} */
  public List<OverrideQuote> overrides() {
    Extras more = extras;
    return more == null ? List.of() : more.overrides;
  }

  /**
   * {@return the tiers this sale reached in whole-period tiered rules, whose true-up is owed: only
   * tiers of a higher rate than the earlier sales of the period were paid at (see {@link
   * TierReached})}
   */
  public List<TierReached> tiersReached() {
    Extras more = extras;
    return more == null ? List.of() : more.tiersReached;
  }

  /**
   * Returns the parts of the sale that each rule priced, with the base of its items and its share
   * of the {@linkplain #commission() commission} (see {@link RulePortion}): one portion for a sale
   * that one rule priced, with the quote's base and commission; none if no rule matched.
   *
   * <p>For example, a serum of {@code USD 100.00} at 10% and a tote of {@code USD 100.00} at 5%
   * give {@code [serum-rule: base USD 100.00, commission USD 10.00, bag-rule: base USD 100.00,
   * commission USD 5.00]}.
   *
   * <p>For a sale that several rules priced, each call prices the sale again, as the explanation
   * does, so that quoting costs nothing for it; keep the list to read it twice.
   *
   * @return the portions, in the order of the rules' first line items
   */
  public List<RulePortion> portions() {
    List<String> ids = ruleIds();
    if (ids.size() <= 1) {
      return ids.isEmpty() ? List.of()
          : List.of(new RulePortion(ids.get(0), base(), commission()));
    }
    CommissionQuote again = new Pricing(plan, conversion, credit, context, null, true).quote();
    Extras more = again.extras;
    List<RulePortion> listed = more == null ? null : more.portions;
    if (listed == null || !again.amount.equals(amount) || !again.ruleIds().equals(ids)) {
      throw new AssertionError("bug: listing the portions gave " + again.amount + " by "
          + again.ruleIds() + " instead of " + amount + " by " + ids);
    }
    return listed;
  }

  /**
   * Returns the tier at whose rate each tiered rule paid this sale, counting from 1, by rule id:
   * the tier that the affiliate's sales (or revenue) of the period reach with this sale. For a
   * {@link TierMode#PROGRESSIVE} rule by revenue, whose brackets a sale may straddle, it is the
   * highest bracket that paid part of the sale: a sale that ends exactly where a tier starts pays
   * nothing at that tier's rate and is not listed at it, and a sale of no base is listed at the
   * tier where the period's revenue stands. A rule whose recurring term the sale is outside of is
   * not listed, nor is a rule that did not price the sale, even if the sale lifted it to a tier:
   * {@link #tiersReached()} says so if the tier's rate is higher than its paid tier's.
   *
   * <p>A host that prices sales itself keeps the tier of each {@link TierMode#WHOLE_PERIOD} rule
   * listed here or {@linkplain #tiersReached() reached} as the rule's {@linkplain
   * CommissionContext#paidTier(String) paid tier} for the next sale of the period, so that the
   * next quote reaches a higher tier even when the sales of other rules lifted the count.
   *
   * <p>For example, with tiers of 10% from sale 1 and 20% from sale 3, the quote of sale 3 gives
   * {@code {monthly-tiers=2}}.
   *
   * @return the tiers by rule id, ordered by rule id; empty if no tiered rule paid the sale
   */
  public Map<String, Integer> tiers() {
    Extras more = extras;
    return more == null ? Map.of() : more.tiers;
  }

  /**
   * Returns whether the amount should be recorded: always, unless it is zero and the plan does
   * not {@linkplain CommissionPlan#recordsZero() record zero commissions}.
   *
   * @return whether to record it
   */
  public boolean isRecorded() {
    return !amount.isZero() || plan.recordsZero();
  }

  /**
   * Returns the steps that led to the amount, each a line of text: the rule that matched each
   * group of line items with the conditions that held and the computation, then caps, rounding,
   * milestones and caps per period. So that a sale of many items explains in short, a step names
   * at most three items and counts the others ({@code and 12 more}), and a condition's set of
   * values shows its first ten and counts the others, so that it ends such as {@code sku-0009 and
   * 1990 more}.
   *
   * @return the steps
   */
  public List<String> steps() {
    List<String> computed = steps;
    if (computed == null) {
      List<String> trace = new ArrayList<>();
      CommissionQuote again = new Pricing(plan, conversion, credit, context, trace).quote();
      if (!again.amount.equals(amount) || !again.ruleIds().equals(ruleIds())) {
        throw new AssertionError("bug: explaining gave " + again.amount + " by "
            + again.ruleIds() + " instead of " + amount + " by " + ruleIds());
      }
      computed = List.copyOf(trace);
      steps = computed;
    }
    return computed;
  }

  /**
   * Returns the steps as one line, separated by {@code "; "}, such as {@code rule default matched
   * (customer.type = NEW): 10% of USD 60.00 (items after discount) = USD 6.00}.
   *
   * @return the explanation
   */
  public String explanation() {
    return String.join("; ", steps());
  }

  @Override
  public boolean equals(@Nullable Object obj) {
    return obj == this || (obj instanceof CommissionQuote other && amount.equals(other.amount)
        && credit.equals(other.credit) && conversion.equals(other.conversion)
        && context.equals(other.context) && plan.equals(other.plan));
  }

  @Override
  public int hashCode() {
    return Objects.hash(amount, credit, conversion.orderId());
  }

  /** {@return such as {@code CommissionQuote[order-1 anna USD 6.00 by [skin-care-micro]]}} */
  @Override
  public String toString() {
    return "CommissionQuote[" + conversion.orderId() + " " + credit.affiliateId() + " " + amount
        + " by " + ruleIds() + "]";
  }
}
