package dev.affiliatekit.commission;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.affiliatekit.money.Rate;
import java.util.Optional;

/**
 * How long a rule keeps paying on the recurring charges of a subscription: for its lifetime, for
 * the first billing periods, or for the first months, optionally at another rate afterwards.
 *
 * <p>A charge inside the term earns the rule's payout; a charge after it earns the term's {@code
 * then} rate, which replaces the rule's rate (and needs a percentage payout), or nothing. Under
 * {@link Precedence#FIRST_MATCH} the rule still decides the charge: a later, lower rule does not
 * take over when the term ends. Under {@link Precedence#BEST_FOR_AFFILIATE} the rule is valued at
 * what it pays for the charge, the {@code then} rate or nothing, so after its term another rule
 * that pays more takes the charge. A conversion without a {@link
 * dev.affiliatekit.attribution.Subscription} is a one-off sale, inside every term.
 *
 * <p>Months are calendar months in the plan's time zone from the subscription's {@link
 * dev.affiliatekit.attribution.Subscription#startedAt() start}: a subscription started on 15
 * January 10:00 is in its first month until 15 February 10:00, excluded; one started on 31
 * January is in its first month until the last day of February at the same time.
 *
 * <p>A term of months measures the time from the start to each charge's instant; it does not
 * count charges. A charge stamped before its anniversary instant falls in the month before, so
 * {@code firstMonths(12)} pays a 13th monthly charge when the charges are stamped earlier in the
 * day than the start (a nightly billing run at 00:00 for a subscription started at 10:00), or
 * on dates chained month by month from the 29th to the 31st (31 January, 28 February, 28 March,
 * and so on, where the 13th charge, on 28 January, is still in month 12). A term that pays a
 * number of charges is {@link #firstPeriods(int)}.
 *
 * <p>A term decides what a charge earns once the charge is credited, and a charge is credited as
 * any conversion is: to a touch within the attribution window or, under {@link
 * dev.affiliatekit.attribution.AttributionPolicy.Builder#lifetimeBinding() lifetime binding}, to
 * the affiliate the customer is bound to. Without a binding, a renewal is credited only if the
 * click that brought the subscription is still within the window: under {@link
 * dev.affiliatekit.attribution.AttributionWindow#standard()}, whose clicks count for 30 days, a
 * renewal a calendar month after a click on 1 February or 1 April is credited and one after a
 * click on 1 March is not, and later renewals are credited to no one. So a program that pays
 * recurring terms binds its customers.
 *
 * <pre>{@code
 * RecurringTerm.firstMonths(12);                         // charges in the first year, then nothing
 * RecurringTerm.firstPeriods(3, Rate.ofPercent(10));     // first 3 charges, then 10%
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public sealed interface RecurringTerm {

  /**
   * Returns the term that never ends: every charge earns. The default.
   *
   * @return the term
   */
  static RecurringTerm lifetime() {
    return Lifetime.INSTANCE;
  }

  /**
   * Returns the term of the first billing periods, with nothing afterwards.
   *
   * <p>For example, {@code firstPeriods(12)} pays on billing periods 1 to 12.
   *
   * @param periods how many, at least 1
   * @return the term
   * @throws IllegalArgumentException if {@code periods} is less than 1
   */
  static RecurringTerm firstPeriods(int periods) {
    return new FirstPeriods(periods, Optional.empty());
  }

  /**
   * Returns the term of the first billing periods, with another rate afterwards.
   *
   * <p>For example, {@code firstPeriods(3, 10%)} on a 30% rule pays 30% on billing periods 1 to 3
   * and 10% from period 4 on.
   *
   * @param periods how many, at least 1
   * @param then the rate afterwards
   * @return the term
   * @throws IllegalArgumentException if {@code periods} is less than 1
   */
  static RecurringTerm firstPeriods(int periods, Rate then) {
    return new FirstPeriods(periods, Optional.of(checkNotNull(then, "then")));
  }

  /**
   * Returns the term of the first months from the subscription's start, with nothing afterwards:
   * a charge earns if it is made before the start plus that many calendar months, whatever the
   * number of charges before it (see {@link RecurringTerm}).
   *
   * @param months how many, at least 1
   * @return the term
   * @throws IllegalArgumentException if {@code months} is less than 1
   */
  static RecurringTerm firstMonths(int months) {
    return new FirstMonths(months, Optional.empty());
  }

  /**
   * Returns the term of the first months from the subscription's start, with another rate
   * afterwards: a charge earns the rule's payout if it is made before the start plus that many
   * calendar months, and the {@code then} rate from then on (see {@link RecurringTerm}).
   *
   * @param months how many, at least 1
   * @param then the rate afterwards
   * @return the term
   * @throws IllegalArgumentException if {@code months} is less than 1
   */
  static RecurringTerm firstMonths(int months, Rate then) {
    return new FirstMonths(months, Optional.of(checkNotNull(then, "then")));
  }

  /** {@return the rate after the term, if the rule pays one} */
  default Optional<Rate> then() {
    return Optional.empty();
  }

  /**
   * Every charge earns.
   *
   * <p>Instances are immutable and thread-safe.
   */
  record Lifetime() implements RecurringTerm {
    static final Lifetime INSTANCE = new Lifetime();

    /** {@return {@code lifetime}} */
    @Override
    public String toString() {
      return "lifetime";
    }
  }

  /**
   * The first billing periods earn.
   *
   * <p>Instances are immutable and thread-safe.
   *
   * @param periods how many, at least 1
   * @param then the rate afterwards, if any
   */
  record FirstPeriods(int periods, Optional<Rate> then) implements RecurringTerm {

    /**
     * Validates the parts.
     *
     * @param periods how many, at least 1
     * @param then the rate afterwards, if any
     * @throws IllegalArgumentException if {@code periods} is less than 1
     */
    public FirstPeriods {
      checkNotNull(then, "then");
      checkArgument(periods >= 1, "recurring periods must be at least 1: %s", periods);
    }

    /**
     * {@return such as {@code first 12 billing periods} or {@code first 3 billing periods, then
     * 10%}}
     */
    @Override
    public String toString() {
      return "first " + Formats.grouped(periods) + " billing periods"
          + then.map(rate -> ", then " + rate).orElse("");
    }
  }

  /**
   * The first months from the subscription's start earn.
   *
   * <p>Instances are immutable and thread-safe.
   *
   * @param months how many, at least 1
   * @param then the rate afterwards, if any
   */
  record FirstMonths(int months, Optional<Rate> then) implements RecurringTerm {

    /**
     * Validates the parts.
     *
     * @param months how many, at least 1
     * @param then the rate afterwards, if any
     * @throws IllegalArgumentException if {@code months} is less than 1
     */
    public FirstMonths {
      checkNotNull(then, "then");
      checkArgument(months >= 1, "recurring months must be at least 1: %s", months);
    }

    /** {@return such as {@code first 12 months} or {@code first 12 months, then 10%}} */
    @Override
    public String toString() {
      return "first " + Formats.grouped(months) + " months"
          + then.map(rate -> ", then " + rate).orElse("");
    }
  }
}
