/**
 * Commission plans: how much an affiliate earns for a sale, and why.
 *
 * <p>A {@link dev.affiliatekit.commission.CommissionPlan} holds {@link
 * dev.affiliatekit.commission.CommissionRule}s. Each rule has a {@link
 * dev.affiliatekit.commission.RuleTarget} (the program, affiliate groups, categories, products or
 * affiliates), a {@link dev.affiliatekit.commission.Condition} over named {@link
 * dev.affiliatekit.commission.Attribute}s of the affiliate, customer, sale and line items, a
 * {@link dev.affiliatekit.commission.Base}, a {@link dev.affiliatekit.commission.Payout}
 * (percentage, flat per conversion or per unit, or tiers by the affiliate's sales or revenue in a
 * period, see {@link dev.affiliatekit.commission.TierMode}), a {@link
 * dev.affiliatekit.commission.RecurringTerm} for subscriptions, and optional limits. Around the
 * rules, the plan sets the {@link dev.affiliatekit.commission.Precedence}, caps and minimums per
 * conversion, {@link dev.affiliatekit.commission.PeriodCap}s, {@link
 * dev.affiliatekit.commission.Milestone} bonuses, multi-level override rates and the rounding.
 * {@link dev.affiliatekit.commission.CommissionPlan#quote quote} prices one attribution {@link
 * dev.affiliatekit.attribution.Credit} of a {@link dev.affiliatekit.attribution.Conversion} in a
 * {@link dev.affiliatekit.commission.CommissionContext} (the affiliate's {@link
 * dev.affiliatekit.commission.AffiliateProfile} and {@link
 * dev.affiliatekit.commission.PeriodPerformance}) and returns a {@link
 * dev.affiliatekit.commission.CommissionQuote}: the amount, exact until one final rounding, with
 * the rules that applied, {@link dev.affiliatekit.commission.OverrideQuote}s for parent
 * affiliates, {@link dev.affiliatekit.commission.TierReached} true-ups and a step-by-step
 * explanation. {@link dev.affiliatekit.commission.CommissionSimulation} re-prices past sales
 * under two plans and reports the difference per affiliate, before a business changes its rates.
 * Plans are written and read as JSON by {@code dev.affiliatekit.json.PlanJson}.
 *
 * <p>Nothing in this package accepts or returns {@code null} unless marked {@code @Nullable};
 * a {@code null} argument throws {@link java.lang.NullPointerException}, and so does a {@code null}
 * element of an array or collection, with a message that names the argument and the element's
 * index, such as {@code conditions contains null at index 1}.
 */
@NullMarked
@CheckReturnValue
package dev.affiliatekit.commission;

import com.google.errorprone.annotations.CheckReturnValue;
import org.jspecify.annotations.NullMarked;
