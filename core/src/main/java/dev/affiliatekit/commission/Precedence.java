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
 *       both, unless their conditions exclude each other on one attribute (such as {@code
 *       customer.type = NEW} and {@code customer.type = RETURNING}).
 *   <li>{@link #BEST_FOR_AFFILIATE} takes the rule that pays the affiliate the most for the item,
 *       within the rule's own cap and minimum; among equal pay, the more specific rule, then the
 *       one listed first in the plan. Rules may overlap freely.
 * </ul>
 */
public enum Precedence {
  /** The most specific rule of the highest priority; overlapping rules are rejected. */
  FIRST_MATCH,
  /** The rule of the highest priority that pays the affiliate the most. */
  BEST_FOR_AFFILIATE
}
