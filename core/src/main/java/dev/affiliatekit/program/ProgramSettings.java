package dev.affiliatekit.program;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.affiliatekit.attribution.AttributionModel;
import dev.affiliatekit.attribution.AttributionPolicy;
import dev.affiliatekit.attribution.AttributionWindow;
import dev.affiliatekit.commission.CommissionPlan;
import dev.affiliatekit.ledger.PayoutRules;
import dev.affiliatekit.money.Money;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a program file configures: the commission plan, the attribution window, model and policy,
 * how long commissions are held, and the minimum payout per currency. {@code ProgramJson} reads
 * and writes it; {@link AffiliateProgram.Builder#settings(ProgramSettings)} applies it.
 *
 * <pre>{@code
 * ProgramSettings settings = ProgramSettings.of(plan)
 *     .withPolicy(AttributionPolicy.builder().lifetimeBinding(Duration.ofDays(365)).build())
 *     .withHoldPeriod(Duration.ofDays(14))
 *     .withPayoutMinimums(List.of(Money.parse("USD 50.00")));
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param plan the commission plan
 * @param window which touches count, and for how long
 * @param model how the credit is divided among touches
 * @param policy who may earn and what beats what: coupons, lifetime binding, click lock and the
 *     like
 * @param holdPeriod how long a commission is held before it may be paid, not negative; a hold
 *     whose end lies beyond {@link java.time.Instant#MAX} lasts until then
 * @param payoutMinimums one positive minimum per currency paid, ordered by currency whatever the
 *     order given, as {@link PayoutRules#minimumsByCurrency()} orders them; empty if payout runs
 *     name their own rules
 */
public record ProgramSettings(CommissionPlan plan, AttributionWindow window,
    AttributionModel model, AttributionPolicy policy, Duration holdPeriod,
    List<Money> payoutMinimums) {

  /** The hold period of a program that does not set one: 30 days. */
  public static final Duration DEFAULT_HOLD_PERIOD = Duration.ofDays(30);

  /**
   * Validates the parts, and copies the minimums ordered by currency, so that settings with the
   * same minimums in another order are equal.
   *
   * @param plan the commission plan
   * @param window the attribution window
   * @param model the attribution model
   * @param policy the attribution policy
   * @param holdPeriod the hold period, not negative
   * @param payoutMinimums the minimums, at most one per currency, each positive, in any order
   * @throws IllegalArgumentException if the hold period is negative, a minimum is not positive or
   *     two share a currency
   */
  public ProgramSettings {
    checkNotNull(plan, "plan");
    checkNotNull(window, "window");
    checkNotNull(model, "model");
    checkNotNull(policy, "policy");
    checkNotNull(holdPeriod, "holdPeriod");
    checkArgument(!holdPeriod.isNegative(), "hold period must not be negative: %s", holdPeriod);
    int index = 0;
    for (Money minimum : checkNotNull(payoutMinimums, "payoutMinimums")) {
      checkNotNull(minimum, "payoutMinimums contains null at index %s", index++);
    }
    payoutMinimums = List.copyOf(payoutMinimums);
    if (!payoutMinimums.isEmpty()) {
      // Checks each minimum and currency, and orders them by currency.
      payoutMinimums =
          List.copyOf(PayoutRules.minimums(payoutMinimums).minimumsByCurrency().values());
    }
  }

  /**
   * Returns the settings of a program with the given plan and the defaults otherwise: the
   * {@linkplain AttributionWindow#standard() standard window}, the {@linkplain
   * AttributionModel#lastTouch() last-touch model}, the {@linkplain AttributionPolicy#defaults()
   * default policy}, a 30-day hold and no payout minimums.
   *
   * @param plan the commission plan
   * @return the settings
   */
  public static ProgramSettings of(CommissionPlan plan) {
    return new ProgramSettings(plan, AttributionWindow.standard(), AttributionModel.lastTouch(),
        AttributionPolicy.defaults(), DEFAULT_HOLD_PERIOD, List.of());
  }

  /**
   * Returns these settings with another attribution window, or these settings if they have an
   * equal one.
   *
   * @param value the window
   * @return the settings
   */
  public ProgramSettings withWindow(AttributionWindow value) {
    return checkNotNull(value, "window").equals(window) ? this
        : new ProgramSettings(plan, value, model, policy, holdPeriod, payoutMinimums);
  }

  /**
   * Returns these settings with another attribution model, or these settings if they have an
   * equal one.
   *
   * @param value the model
   * @return the settings
   */
  public ProgramSettings withModel(AttributionModel value) {
    return checkNotNull(value, "model").equals(model) ? this
        : new ProgramSettings(plan, window, value, policy, holdPeriod, payoutMinimums);
  }

  /**
   * Returns these settings with another attribution policy, or these settings if they have an
   * equal one. For example, settings with {@code AttributionPolicy.builder().lifetimeBinding()
   * .build()} credit a customer's later purchases, such as subscription renewals, to the affiliate
   * who first brought them.
   *
   * @param value the policy
   * @return the settings
   */
  public ProgramSettings withPolicy(AttributionPolicy value) {
    return checkNotNull(value, "policy").equals(policy) ? this
        : new ProgramSettings(plan, window, model, value, holdPeriod, payoutMinimums);
  }

  /**
   * Returns these settings with another hold period, or these settings if they have an equal
   * one.
   *
   * @param value the hold period, not negative
   * @return the settings
   * @throws IllegalArgumentException if the hold period is negative
   */
  public ProgramSettings withHoldPeriod(Duration value) {
    return checkNotNull(value, "holdPeriod").equals(holdPeriod) ? this
        : new ProgramSettings(plan, window, model, policy, value, payoutMinimums);
  }

  /**
   * Returns these settings with other payout minimums, or these settings if they have the same
   * minimums, in any order.
   *
   * @param value one positive minimum per currency, in any order; kept ordered by currency
   * @return the settings
   * @throws IllegalArgumentException if a minimum is not positive or two share a currency
   */
  public ProgramSettings withPayoutMinimums(List<Money> value) {
    ProgramSettings changed = new ProgramSettings(plan, window, model, policy, holdPeriod, value);
    return changed.payoutMinimums.equals(payoutMinimums) ? this : changed;
  }

  /** {@return the payout rules of the minimums, or empty if there are none} */
  public Optional<PayoutRules> payoutRules() {
    return payoutMinimums.isEmpty() ? Optional.empty()
        : Optional.of(PayoutRules.minimums(payoutMinimums));
  }
}
