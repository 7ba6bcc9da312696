package dev.affiliatekit.commission;

/**
 * How a plan picks one rule for a line item (or an order without items) when several apply.
 *
 * <p>The explicit {@linkplain CommissionRule#priority() priority} comes first: only the rules of
 * the highest priority that apply are considered. Among them:
 *
 * <ul>
 *   <li>{@link #FIRST_MATCH} takes the most specific rule by its {@link RuleTarget}: an affiliate
 *       override beats a product rule, which beats a category rule, which beats a group rule,
 *       which beats a program default. Two rules of the same priority and level whose keys
 *       overlap would both apply to some sale; the plan rejects them when it is built, naming
 *       both, unless their conditions exclude each other: on one attribute (such as {@code
 *       customer.type = NEW} and {@code customer.type = RETURNING}), or because one requires
 *       false what the other requires true (such as {@code affiliate.tags has vegan} and {@code
 *       not (affiliate.tags has vegan)}, or {@code all of (a, c)} and {@code not (c)}), in each
 *       way a condition can hold (so {@code any of (country = US, country = CA)} and {@code
 *       country = FR} exclude each other), or because one can never hold (such as {@code all of
 *       (c, not (c))}). The check proves exclusion from the conditions' form, not from every sale,
 *       so a pair it cannot prove exclusive is rejected as conditions that may hold together. It
 *       tells apart up to 16 ways a condition can hold; a condition of more, such as {@code any
 *       of} 17 coupon codes, is taken whole, and is then proved exclusive of another only where
 *       one requires false what the other requires true. So {@code any of} 17 coupon codes and
 *       {@code sale.couponCode = C99} are rejected; written as {@code sale.couponCode in} the 17
 *       codes, which holds in one way, the same set is accepted.
 *   <li>{@link #BEST_FOR_AFFILIATE} takes the rule that pays the affiliate the most for the item,
 *       compared as below; among equal pay, the more specific rule, then the one listed first in
 *       the plan. Rules may overlap freely.
 * </ul>
 *
 * <p>BEST_FOR_AFFILIATE compares exact amounts, credited by the share, before any rounding. For an
 * order with no line item or one, each rule is valued at what it would pay for the sale alone,
 * within its own cap and minimum. For an order of several items, each item is valued on its own:
 * what the rule pays for the item's base (its goods, with its part of the discount, shipping and
 * tax as the rule's {@link Base} says) or for its units counts in full, and what the rule pays
 * once per conversion counts at the item's share of the sale: a flat amount per conversion, and
 * the rule's cap and minimum as they stand for the credit (for a share {@code s}, {@code s × cap}
 * rounded down and {@code s × minimum} rounded up, as {@link CommissionPlan} says). An item's
 * share is its amount over the sum of the items' amounts (equal shares if every item is free),
 * the weights by which the discount is divided among the items. The rules that win items then
 * price their items together, so a flat amount per conversion is paid once, in full, by a rule
 * that wins any item.
 *
 * <p>For example, for two items of {@code USD 40.00}, 10% is worth {@code USD 4.00} on each item
 * and a flat {@code USD 5.00} per conversion {@code USD 2.50}: 10% wins both and pays {@code USD
 * 8.00}. Against 5%, worth {@code USD 2.00} on each, the flat rule wins both and pays {@code USD
 * 5.00}. A percentage of the goods before discount and a flat amount per conversion thus compare
 * alike on every item that costs something, so one of them wins all those items.
 */
public enum Precedence {
  /** The most specific rule of the highest priority; overlapping rules are rejected. */
  FIRST_MATCH,
  /** The rule of the highest priority that pays the affiliate the most. */
  BEST_FOR_AFFILIATE
}
