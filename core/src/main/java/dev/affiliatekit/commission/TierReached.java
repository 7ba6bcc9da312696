package dev.affiliatekit.commission;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static dev.affiliatekit.internal.Ids.checkId;

import dev.affiliatekit.internal.Texts;
import dev.affiliatekit.money.CurrencyMismatchException;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A sale that lifted an affiliate into a higher tier of a {@link TierMode#WHOLE_PERIOD} rule: from
 * now on the whole period earns the new rate, so the period's earlier sales are owed the
 * difference.
 *
 * <p>A tier is reached only if its rate is above the rate of the tier at which the period's earlier
 * sales were paid (the {@linkplain CommissionContext#paidTier(String) paid tier}): a tier of the
 * same rate changes no sale's rate, so a quote reports nothing and no true-up is owed, though the
 * sale is paid at that tier ({@link CommissionQuote#tiers()}). For example, with 10% from sale 1
 * and 10% from sale 101, the 101st sale earns 10% and reaches nothing, and the month earns what a
 * flat 10% pays, each sale's commission rounded on its own.
 *
 * <p>The quote of the sale already pays the new rate on the sale itself; the earlier sales of the
 * period that the rule priced are owed a <em>true-up</em>: the new rate of their bases, each sale
 * up to its {@linkplain CappedSale limit} under the caps per conversion and at least what it
 * earned, summed exactly and rounded once, less what the rule earned on them. So a sale that a
 * minimum lifted above the new rate of its base is owed nothing, and what the minimum paid it takes
 * nothing off the others. A plan's minimum per conversion that lifted a sale priced by several
 * rules is spread over their portions; the true-up owes the tiered rule's portion the new rate of
 * its base less what that portion earned, without counting what the minimum gave the sale's other
 * portions, so such a sale can end above what it would earn at the new tier, by at most that part.
 * A sale's limit is the least of the rule's cap and what the sale's portion earned plus its part of
 * the room that the plan's cap left above the sale's commission: the sale's portions of tiers for
 * the whole period that may still grow share that room by their bases, so one portion can be held
 * below the room left while another leaves part of its share unused. {@code AffiliateProgram} and
 * {@link CommissionSimulation#replay} pay it; a host that prices sales itself keeps, per affiliate,
 * period, currency and tiered rule, these figures of the parts of sales the rule counts, the
 * {@linkplain RulePortion portions} that {@link #counted} returns, and the tier they are paid at:
 *
 * <ul>
 *   <li>the <b>capped sales</b>: each portion for which {@link CappedSale#from} gives a {@link
 *       CappedSale}, one that a cap per conversion could hold below the rule's highest rate, or
 *       that a minimum lifted above the rate of its tier, rounded up ({@link
 *       CappedSale#fromCounted} gives them for all the portions at once);
 *   <li>the <b>bases</b>: the sum of the other portions' {@linkplain RulePortion#base() bases}
 *       (for a sale that the rule priced alone, the quote's {@linkplain CommissionQuote#base()
 *       base});
 *   <li>the <b>commissions</b>: the sum of all the portions' {@linkplain RulePortion#commission()
 *       commissions}, capped or not, which leave out milestone bonuses, plus the true-ups
 *       granted to them so far;
 *   <li>the <b>paid tier</b>: the rule's entry in the last {@linkplain CommissionQuote#tiers()
 *       tiers} or {@linkplain CommissionQuote#tiersReached() tier reached} of a quote, which it
 *       gives the next quote as the context's {@linkplain
 *       CommissionContext#paidTier(String) paid tier}, so that a sale of another rule that lifts
 *       the count reaches the tier too.
 * </ul>
 *
 * <p>A plan with no cap per conversion, on the plan or on the rule, keeps no capped sales, and
 * neither does a sale whose base earns the rule's highest rate within its caps: the figures are
 * then sums alone. These are not the context's {@link PeriodPerformance}, whose revenue counts the
 * sales of every rule and whose commissions count milestone bonuses. The true-up comes out of the
 * caps per period like any commission: {@link #trueUp(CommissionQuote, Money, Money, List, Money)}
 * grants only what they leave, and the host adds what it granted to the commissions of the
 * affiliate's performance in every period the plan counts, as it adds each quote's amount, so that
 * the next quote's caps per period count it too. The caps per conversion have the last word on each
 * earlier sale: one that a cap held below its rate is owed the new rate of its base only up to its
 * limit ({@link CappedSale}), and a capped sale that earned more than that gives back nothing.
 *
 * <p>For example, with tiers of 10% from sale 1 and 20% from sale 3 and three sales of {@code USD
 * 100.00} in a month, sales 1 and 2 earn {@code USD 10.00} each and sale 3 earns {@code USD 20.00}
 * and reaches tier 2: the first two had bases of {@code USD 200.00} and earned {@code USD 20.00},
 * so the true-up is 20% of {@code USD 200.00} less {@code USD 20.00}, {@code USD 20.00}, and the
 * month earns {@code USD 60.00}, 20% of all three. With a milestone bonus of {@code USD 5.00} on
 * sale 2 the true-up is the same, as the bonus is not commission; with a cap of {@code USD 25.00}
 * a month, sale 3 earns {@code USD 5.00} and nothing is left for the true-up. With 15% rising
 * to 20% from sale 51 and a cap of {@code USD 200.00} per conversion, a first sale of {@code USD
 * 2000.00} earns {@code USD 200.00}, and when sale 51 reaches tier 2 it is owed nothing, as 20% of
 * its base is above its cap too: only the sales the cap did not hold are owed 5% of their bases.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param ruleId the tiered rule
 * @param period the period whose performance counts
 * @param tier the tier reached, counting from 1
 * @param previousRate the rate of the tier before this sale
 * @param rate the rate of the tier reached
 * @param rounding the plan's rounding mode, for the true-up
 */
public record TierReached(String ruleId, Period period, int tier, Rate previousRate, Rate rate,
    RoundingMode rounding) {

  /**
   * Validates the parts.
   *
   * @param ruleId the tiered rule
   * @param period the period whose performance counts
   * @param tier the tier reached, counting from 1
   * @param previousRate the rate of the tier before this sale
   * @param rate the rate of the tier reached
   * @param rounding the plan's rounding mode, not {@code UNNECESSARY}
   * @throws IllegalArgumentException if the id is not valid, the tier is less than 2, or the
   *     rounding mode is {@code UNNECESSARY}
   */
  public TierReached {
    checkNotNull(ruleId, "ruleId");
    checkNotNull(period, "period");
    checkNotNull(previousRate, "previousRate");
    checkNotNull(rate, "rate");
    checkNotNull(rounding, "rounding");
    checkId(ruleId, "tier ruleId");
    checkArgument(tier >= 2, "tier reached must be at least 2: %s", tier);
    checkArgument(rounding != RoundingMode.UNNECESSARY,
        "tier rounding must be a mode that rounds: %s", rounding);
  }

  /**
   * Returns what the period's earlier sales that the rule counts are still owed so that they earn
   * the new rate, when no cap per conversion could hold any of them: the new rate of their bases,
   * rounded once with the plan's rounding mode, less what they earned; never negative. It is
   * {@link #trueUp(Money, Money, List)} with no capped sales. The caps per period are not applied:
   * see {@link #trueUp(CommissionQuote, Money, Money, List, Money)}.
   *
   * <p>For example, bases of {@code USD 2000.00} that earned {@code USD 200.00} are owed {@code
   * USD 200.00} at 20%. The figures are those of the class documentation: the bases and the
   * commissions without milestone bonuses of the earlier sales the rule counts, not the context's
   * {@link PeriodPerformance}.
   *
   * @param earlierBases the sum of the credited bases of the earlier sales the rule counts in the
   *     period
   * @param earlierCommissions what those sales earned, without milestone bonuses, with the
   *     true-ups granted to them so far
   * @return the true-up, zero or positive
   * @throws IllegalArgumentException if a sum of bases or of commissions is negative
   * @throws CurrencyMismatchException if the amounts differ in currency
   */
  public Money trueUp(Money earlierBases, Money earlierCommissions) {
    checkNotNull(earlierBases, "earlierBases");
    checkArgument(!earlierBases.isNegative(), "earlierBases must not be negative: %s",
        earlierBases);
    return trueUp(earlierBases, earlierCommissions, List.of());
  }

  /**
   * Returns what the period's earlier sales that the rule counts are still owed so that they earn
   * the new rate within their caps per conversion: {@link #due} less what they earned; never
   * negative. The caps per period are not applied: see {@link #trueUp(CommissionQuote, Money,
   * Money, List, Money)}.
   *
   * <p>For example, at 20%, after a sale of {@code USD 2000.00} held to {@code USD 200.00} by a
   * cap per conversion and 49 sales of {@code USD 10.00} that earned 15%, the uncapped bases of
   * {@code USD 490.00} and the capped sale are due {@code USD 98.00 + USD 200.00}; less the {@code
   * USD 273.50} they earned, they are owed {@code USD 24.50}.
   *
   * @param uncappedBases the sum of the credited bases of the earlier sales the rule counts in
   *     the period, without those of the capped sales
   * @param earlierCommissions what all those sales, capped or not, earned, without milestone
   *     bonuses, with the true-ups granted to them so far
   * @param cappedSales the earlier sales that a cap per conversion could hold (see {@link
   *     CappedSale#from})
   * @return the true-up, zero or positive
   * @throws IllegalArgumentException if a sum of bases or of commissions is negative
   * @throws CurrencyMismatchException if the amounts differ in currency
   * @throws ArithmeticException if what is due does not fit in money
   */
  public Money trueUp(Money uncappedBases, Money earlierCommissions,
      List<CappedSale> cappedSales) {
    checkNotNull(earlierCommissions, "earlierCommissions");
    checkArgument(!earlierCommissions.isNegative(), "earlierCommissions must not be negative: %s",
        earlierCommissions);
    Money due = due(uncappedBases, cappedSales);
    if (!earlierCommissions.currency().equals(due.currency())) {
      throw new CurrencyMismatchException(due.currency(), earlierCommissions.currency(),
          "earlierCommissions must be in " + due.currency() + ", the currency of the bases: "
              + earlierCommissions);
    }
    Money owed = due.minus(earlierCommissions);
    return owed.isNegative() ? Money.zero(owed.currency()) : owed;
  }

  /**
   * Returns what the period's earlier sales that the rule counts earn in all at the new rate,
   * within their caps per conversion: the new rate of the uncapped bases plus, for each capped
   * sale, the new rate of its base up to its limit, and at least what it earned, summed exactly
   * and rounded once with the plan's rounding mode.
   *
   * <p>For example, at 20%, uncapped bases of {@code USD 490.00} and a sale of {@code USD
   * 2000.00} limited to {@code USD 200.00} are due {@code USD 98.00 + USD 200.00 = USD 298.00}.
   *
   * @param uncappedBases the sum of the credited bases of the earlier sales the rule counts in
   *     the period, without those of the capped sales
   * @param cappedSales the earlier sales that a cap per conversion could hold
   * @return what they are due, zero or positive
   * @throws IllegalArgumentException if a sum of bases or of commissions is negative
   * @throws CurrencyMismatchException if the amounts differ in currency
   * @throws ArithmeticException if what is due does not fit in money
   */
  public Money due(Money uncappedBases, List<CappedSale> cappedSales) {
    checkNotNull(uncappedBases, "uncappedBases");
    Elements.checkNoNull(cappedSales, "cappedSales");
    checkArgument(!uncappedBases.isNegative(), "uncappedBases must not be negative: %s",
        uncappedBases);
    if (cappedSales.isEmpty()) {
      return uncappedBases.times(rate, rounding);
    }
    BigDecimal due = CappedSale.at(uncappedBases, rate);
    for (CappedSale sale : cappedSales) {
      if (!sale.base().currency().equals(uncappedBases.currency())) {
        throw new CurrencyMismatchException(uncappedBases.currency(), sale.base().currency(),
            "capped sales must be in " + uncappedBases.currency()
                + ", the currency of uncappedBases: " + sale);
      }
      due = due.add(sale.dueAt(rate));
    }
    BigDecimal rounded = due.setScale(0, rounding);
    if (rounded.unscaledValue().bitLength() > Long.SIZE - 1) {
      throw new ArithmeticException("true-up due is beyond what money holds: "
          + Texts.number(rounded) + " minor units of " + uncappedBases.currency());
    }
    return Money.ofMinor(rounded.longValueExact(), uncappedBases.currency());
  }

  /**
   * Returns the true-up that the plan grants after the quoted sale, when no cap per conversion
   * could hold an earlier sale: {@link #trueUp(CommissionQuote, Money, Money, List, Money)} with
   * no capped sales.
   *
   * <p>For example, under a cap of {@code USD 25.00} a month, a third sale that reaches tier 2
   * after two sales that earned {@code USD 10.00} each earns {@code USD 5.00} itself and leaves
   * nothing: its true-up of {@code USD 20.00} is cut to {@code USD 0.00}. Under a cap of {@code USD
   * 50.00} it would earn {@code USD 20.00} and leave {@code USD 10.00}, so the true-up is cut to
   * {@code USD 10.00}.
   *
   * @param quote the quote of the sale that reached this tier, made in the context of the
   *     affiliate's performance before the sale
   * @param earlierBases the sum of the credited bases of the earlier sales the rule counts in the
   *     period
   * @param earlierCommissions what those sales earned, without milestone bonuses, with the
   *     true-ups granted to them so far
   * @param grantedAlready the true-ups granted after the same sale for other tiers it reached;
   *     zero for the first
   * @return the true-up granted, zero or positive, at most {@link #trueUp(Money, Money)}
   * @throws IllegalArgumentException if the quote did not reach this tier, a sum of bases or of
   *     commissions is negative, or {@code grantedAlready} is negative
   * @throws CurrencyMismatchException if the amounts are in another currency than the quote
   * @throws ArithmeticException if what is due, or another amount the cut adds up, does not fit
   *     in money
   */
  public Money trueUp(CommissionQuote quote, Money earlierBases, Money earlierCommissions,
      Money grantedAlready) {
    checkNotNull(quote, "quote");
    checkNotNull(earlierBases, "earlierBases");
    checkArgument(!earlierBases.isNegative(), "earlierBases must not be negative: %s",
        earlierBases);
    checkInQuoteCurrency(quote, earlierBases, "earlierBases");
    return trueUp(quote, earlierBases, earlierCommissions, List.of(), grantedAlready);
  }

  /**
   * Returns the true-up that the plan grants after the quoted sale: {@link #trueUp(Money, Money,
   * List)}, cut to what each of the plan's caps per period leaves once the period's commissions
   * before the sale, the sale's amount and the true-ups already granted after the same sale are
   * counted.
   *
   * <p>For example, under a cap of {@code USD 25.00} a month, a third sale that reaches tier 2
   * after two sales that earned {@code USD 10.00} each earns {@code USD 5.00} itself and leaves
   * nothing: its true-up of {@code USD 20.00} is cut to {@code USD 0.00}.
   *
   * @param quote the quote of the sale that reached this tier, made in the context of the
   *     affiliate's performance before the sale
   * @param uncappedBases the sum of the credited bases of the earlier sales the rule counts in
   *     the period, without those of the capped sales
   * @param earlierCommissions what all those sales earned, without milestone bonuses, with the
   *     true-ups granted to them so far
   * @param cappedSales the earlier sales that a cap per conversion could hold (see {@link
   *     CappedSale#from})
   * @param grantedAlready the true-ups granted after the same sale for other tiers it reached;
   *     zero for the first
   * @return the true-up granted, zero or positive, at most {@link #trueUp(Money, Money, List)}
   * @throws IllegalArgumentException if the quote did not reach this tier, a sum of bases or of
   *     commissions is negative, or {@code grantedAlready} is negative
   * @throws CurrencyMismatchException if the amounts are in another currency than the quote
   * @throws ArithmeticException if what is due, or another amount the cut adds up, does not fit
   *     in money
   */
  public Money trueUp(CommissionQuote quote, Money uncappedBases, Money earlierCommissions,
      List<CappedSale> cappedSales, Money grantedAlready) {
    checkNotNull(quote, "quote");
    checkNotNull(uncappedBases, "uncappedBases");
    checkNotNull(earlierCommissions, "earlierCommissions");
    Elements.checkNoNull(cappedSales, "cappedSales");
    checkNotNull(grantedAlready, "grantedAlready");
    if (!quote.tiersReached().contains(this)) {
      throw new IllegalArgumentException("quote of order " + Texts.quote(quote.orderId())
          + " did not reach tier " + tier + " of rule " + Texts.quote(ruleId));
    }
    checkArgument(!grantedAlready.isNegative(), "true-ups granted already must not be negative: %s",
        grantedAlready);
    checkInQuoteCurrency(quote, uncappedBases, "uncappedBases");
    checkInQuoteCurrency(quote, earlierCommissions, "earlierCommissions");
    checkInQuoteCurrency(quote, grantedAlready, "grantedAlready");
    Money owed = trueUp(uncappedBases, earlierCommissions, cappedSales);
    Money spent = quote.amount().plus(grantedAlready);
    Money granted = owed;
    for (PeriodCap cap : quote.plan().periodCaps()) {
      // The plan checked that the context holds every period it counts.
      Money earned = quote.context().performance(cap.period()).orElseThrow().commissions();
      Money left = cap.cap().minus(earned).minus(spent);
      if (!left.isPositive()) {
        return Money.zero(owed.currency());
      }
      if (left.isLessThan(granted)) {
        granted = left;
      }
    }
    return granted;
  }

  /**
   * Returns the portions of the quoted sale that add to the true-up figures of tiered rules: the
   * {@linkplain CommissionQuote#portions() portions} of the rules tiered for the whole period that
   * paid the sale at the rate of a tier (see {@link CommissionQuote#tiers()}). Each adds one sale,
   * its base and its commission to its rule's figures of every period that contains the sale.
   *
   * <p>A subscription charge outside the {@link RecurringTerm} of a tiered rule, which the tiers
   * do not pay, adds nothing to that rule's figures.
   *
   * <p>For example, the quote of a {@code USD 40.00} serum that only the rule {@code monthly-tiers}
   * priced, at 10%, gives {@code [monthly-tiers: base USD 40.00, commission USD 4.00]}; the quote
   * of an order whose serum it priced and whose vitamins the rule {@code supplements} priced gives
   * the serum's portion alone.
   *
   * @param quote the quote of a sale
   * @return the portions, empty if the sale adds to no rule's figures
   */
  public static List<RulePortion> counted(CommissionQuote quote) {
    checkNotNull(quote, "quote");
    Map<String, Integer> tiers = quote.tiers();
    if (tiers.isEmpty()) {
      return List.of();
    }
    List<RulePortion> counted = new ArrayList<>(1);
    for (RulePortion portion : quote.portions()) {
      if (tiers.containsKey(portion.ruleId()) && quote.plan().rule(portion.ruleId()).orElseThrow()
          .payout().wholePeriod().isPresent()) {
        counted.add(portion);
      }
    }
    return List.copyOf(counted);
  }

  /**
   * {@return such as {@code tier 2 of rule monthly-tiers reached: 20% (from 10%) for the whole
   * month}}
   */
  @Override
  public String toString() {
    return "tier " + tier + " of rule " + ruleId + " reached: " + rate + " (from " + previousRate
        + ") for the whole " + period.label();
  }

  /** Checks that an amount given with a quote is in the quote's currency, naming it if not. */
  private static void checkInQuoteCurrency(CommissionQuote quote, Money amount, String name) {
    CurrencyUnit currency = quote.amount().currency();
    if (!amount.currency().equals(currency)) {
      throw new CurrencyMismatchException(currency, amount.currency(), name + " must be in "
          + currency + ", the currency of the quote: " + amount);
    }
  }
}
