package dev.affiliatekit.commission;

import static com.google.common.base.Preconditions.checkNotNull;
import static dev.affiliatekit.internal.Ids.checkId;

import dev.affiliatekit.internal.Texts;
import dev.affiliatekit.money.Money;

/**
 * A flat bonus paid when an affiliate's sale of a given number in a period lands: for example,
 * {@code USD 50.00} for the 100th sale of a month.
 *
 * <p>The sale's number is {@link PeriodPerformance#sales()} plus one, counting this sale; the
 * bonus is paid once, on exactly that sale, when the milestone's condition holds for it (item
 * attributes are missing here, so a condition on them never holds). It is the affiliate's own: a
 * split credit does not divide it. It comes on top of the sale's commission, after the caps per
 * conversion, and within the caps per period, which may cut it to nothing: the quote then still
 * lists the milestone among those the sale {@linkplain CommissionQuote#milestoneIds() reached},
 * with a {@linkplain CommissionQuote#bonus() bonus} of zero.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param id the milestone's id, named by quotes and explanations
 * @param period the period whose sales are counted
 * @param sale the number of the sale that earns the bonus, counting from 1
 * @param bonus the bonus, positive
 * @param condition when the milestone applies; always by default
 */
public record Milestone(String id, Period period, long sale, Money bonus, Condition condition) {

  /**
   * Validates the parts.
   *
   * @param id the milestone's id
   * @param period the period whose sales are counted
   * @param sale the number of the sale that earns the bonus, counting from 1
   * @param bonus the bonus, positive
   * @param condition when the milestone applies
   * @throws IllegalArgumentException if the id is not a valid identifier, the sale is less than
   *     1, or the bonus is not positive
   */
  public Milestone {
    checkNotNull(id, "id");
    checkNotNull(period, "period");
    checkNotNull(bonus, "bonus");
    checkNotNull(condition, "condition");
    checkId(id, "milestone id");
    if (sale < 1) {
      throw new IllegalArgumentException(
          "milestone " + Texts.quote(id) + " sale must be at least 1: " + sale);
    }
    if (!bonus.isPositive()) {
      throw new IllegalArgumentException(
          "milestone " + Texts.quote(id) + " bonus must be positive: " + bonus);
    }
  }

  /**
   * Returns a milestone that always applies.
   *
   * <p>For example, {@code Milestone.of("hundredth", MONTH, 100, USD 50.00)} pays {@code USD
   * 50.00} on every affiliate's 100th sale of a month.
   *
   * @param id the milestone's id
   * @param period the period whose sales are counted
   * @param sale the number of the sale that earns the bonus, counting from 1
   * @param bonus the bonus, positive
   * @return the milestone
   * @throws IllegalArgumentException if the id is not a valid identifier, the sale is less than
   *     1, or the bonus is not positive
   */
  public static Milestone of(String id, Period period, long sale, Money bonus) {
    return new Milestone(id, period, sale, bonus, Condition.always());
  }

  /**
   * Returns this milestone with the given condition.
   *
   * @param newCondition when the milestone applies
   * @return the milestone
   */
  public Milestone when(Condition newCondition) {
    checkNotNull(newCondition, "newCondition");
    return newCondition.equals(condition) ? this
        : new Milestone(id, period, sale, bonus, newCondition);
  }
}
