package dev.affiliatekit.commission;

/**
 * How a tiered payout applies its rates across a period.
 *
 * <p>For example, with tiers of 10% from the first sale and 20% from the 51st in a month:
 *
 * <ul>
 *   <li>{@link #WHOLE_PERIOD}: the 51st sale earns 20%, and so should the 50 before it; the quote
 *       of the 51st sale says so in {@link CommissionQuote#tiersReached()}, whose {@link
 *       TierReached#trueUp(dev.affiliatekit.money.Money, dev.affiliatekit.money.Money)} computes
 *       what the earlier sales are still owed. A quote alone pays only its own sale: {@code
 *       AffiliateProgram.recordConversion} accrues the true-up of the earlier sales with the sale
 *       that reached the tier, and {@link CommissionSimulation#replay} pays it too, within the
 *       caps per period; {@link CommissionSimulation#compare} pays none. The tier counts all of the
 *       affiliate's sales (or revenue) of the period, whichever rule priced them: when the sale
 *       of another rule lifts the count past a threshold, that sale's quote reaches the tier of
 *       the tiered rule, provided the context holds the rule's {@linkplain
 *       CommissionContext#paidTier(String) paid tier}, as the program and {@code replay} keep it.
 *   <li>{@link #PROGRESSIVE}: like tax brackets, each sale earns the rate of its own bracket and
 *       earlier sales are never revisited. By revenue, a sale that straddles a threshold is split:
 *       with 10% up to {@code USD 1000.00} and 20% above, a {@code USD 300.00} sale after {@code
 *       USD 900.00} earns 10% of {@code USD 100.00} plus 20% of {@code USD 200.00}.
 * </ul>
 */
public enum TierMode {
  /**
   * The rate of the tier reached applies to every sale of the period: the earlier sales get it
   * through a true-up, which {@code AffiliateProgram.recordConversion} and {@link
   * CommissionSimulation#replay} pay, each sale up to its limit under the caps per conversion:
   * the rule's cap, and its part of the room the plan's cap left above the sale's commission,
   * which the sale's tiered portions share by their bases and may leave partly unused (see {@link
   * CappedSale}). A tier whose rate is no higher than the rate the earlier sales were paid at is
   * not reached and owes them nothing (see {@link TierReached}), so tiers that all pay one rate
   * pay what that rate pays.
   *
   * <p>Refunds do not change the figures: a refunded sale still counts toward the tier, and what
   * it earned still counts as earned. A true-up is a commission of the order that reached the
   * tier, so a refund of that order takes back the same fraction of it, though it paid for the
   * earlier sales, and a later true-up counts it as granted. For example, with tiers of 10% from
   * sale 1 and 20% from sale 3, three sales of {@code USD 100.00} earn {@code USD 60.00}, of which
   * the third's order holds {@code USD 40.00}; a full refund of it leaves the first two at
   * {@code USD 10.00} each, and later sales earn 20% with no further true-up for them.
   */
  WHOLE_PERIOD,
  /** Each part of the period's sales earns the rate of the bracket it falls in. */
  PROGRESSIVE;

  /** {@return the name used in explanations: {@code whole period} or {@code progressive}} */
  String label() {
    return this == WHOLE_PERIOD ? "whole period" : "progressive";
  }
}
