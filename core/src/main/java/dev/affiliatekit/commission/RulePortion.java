package dev.affiliatekit.commission;

import static com.google.common.base.Preconditions.checkNotNull;
import static dev.affiliatekit.internal.Ids.checkId;

import dev.affiliatekit.money.CurrencyMismatchException;
import dev.affiliatekit.money.Money;

/**
 * The part of a quoted sale that one rule priced: the rule, the credited base of the line items
 * it priced, and its share of the quote's commission.
 *
 * <p>A sale whose line items went to several rules has one portion per rule, in the order of their
 * first item. Each base is the rule's credited base rounded once with the plan's rounding mode (a
 * share of a sale's base, such as {@code USD 50.005}, may round: the sale's explanation shows it
 * exact, and a true-up that adds such bases says they were rounded); the commissions divide the
 * quote's {@linkplain CommissionQuote#commission() commission} (after the caps and minimums per
 * conversion and per period, without milestone bonuses) in proportion to what each rule paid, so
 * they add up to it exactly: the minor units left over go as {@link Money#allocate(long...)} gives
 * them, to the largest remainders, then the larger shares, then by the plan's order of the rules,
 * whatever the order of the items. For example, a serum of {@code USD 100.00} at 10% and a tote of
 * {@code USD 100.00} at 5%, under a cap of {@code USD 12.00} per conversion, give portions of
 * {@code USD 100.00} and {@code USD 8.00} for the serum's rule and {@code USD 100.00} and {@code
 * USD 4.00} for the tote's.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param ruleId the rule
 * @param base the credited base of the items the rule priced, rounded once
 * @param commission the rule's share of the quote's commission
 */
public record RulePortion(String ruleId, Money base, Money commission) {

  /**
   * Validates the parts.
   *
   * @param ruleId the rule
   * @param base the credited base of the items the rule priced
   * @param commission the rule's share of the quote's commission
   * @throws IllegalArgumentException if the id is not valid
   * @throws CurrencyMismatchException if the base and the commission differ in currency
   */
  public RulePortion {
    checkNotNull(ruleId, "ruleId");
    checkNotNull(base, "base");
    checkNotNull(commission, "commission");
    checkId(ruleId, "portion ruleId");
    if (!base.currency().equals(commission.currency())) {
      throw new CurrencyMismatchException(base.currency(), commission.currency(), "portion "
          + "commission must be in " + base.currency() + ", the currency of its base: "
          + commission);
    }
  }

  /** {@return such as {@code monthly-tiers: base USD 40.00, commission USD 4.00}} */
  @Override
  public String toString() {
    return ruleId + ": base " + base + ", commission " + commission;
  }
}
