package dev.affiliatekit.commission;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static dev.affiliatekit.internal.Ids.checkId;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.affiliatekit.internal.Texts;
import dev.affiliatekit.money.CurrencyMismatchException;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One rule of a {@link CommissionPlan}: what it is for, when it applies, and what it pays.
 *
 * <p>A rule applies to a line item (or to an order without items) when its {@link RuleTarget}
 * covers it and its {@link Condition} is true; among the rules that apply, the plan's {@link
 * Precedence} picks one by {@linkplain #priority() priority}, then by the target's specificity.
 * The winner pays its {@link Payout} on its {@link Base}, for as long as its {@link RecurringTerm}
 * lasts, within its cap and minimum per conversion.
 *
 * <pre>{@code
 * CommissionRule skinCare = CommissionRule.builder("skin-care-micro")
 *     .target(RuleTarget.categories("SKIN_CARE"))
 *     .when(Condition.between(Attribute.AFFILIATE_FOLLOWERS, 1_500, 100_000))
 *     .percentage(Rate.ofPercent(15))
 *     .cap(Money.parse("USD 200.00"))
 *     .build();
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param id the rule's id, unique in its plan, named by quotes and explanations
 * @param priority the explicit priority: a higher one wins over any specificity; 0 by default
 * @param target what the rule is for
 * @param condition when the rule applies, besides its target
 * @param base the amount a percentage applies to
 * @param payout what the rule pays
 * @param recurring how long it pays on a subscription's charges
 * @param cap the most the rule pays for one conversion, if limited, not negative
 * @param minimum the least the rule pays for one conversion that earns anything, if set, positive
 *     and at most the cap
 */
public record CommissionRule(String id, int priority, RuleTarget target, Condition condition,
    Base base, Payout payout, RecurringTerm recurring, Optional<Money> cap,
    Optional<Money> minimum) {

  /**
   * Validates the parts.
   *
   * @param id the rule's id
   * @param priority the explicit priority
   * @param target what the rule is for
   * @param condition when the rule applies, besides its target
   * @param base the amount a percentage applies to
   * @param payout what the rule pays
   * @param recurring how long it pays on a subscription's charges
   * @param cap the most the rule pays for one conversion, if limited
   * @param minimum the least the rule pays for one conversion that earns anything, if set
   * @throws IllegalArgumentException if the id is not a valid identifier, the cap is negative, the
   *     minimum is not positive or exceeds the cap, or the term has a rate afterwards but the
   *     payout is not a percentage
   * @throws CurrencyMismatchException if the payout, the cap and the minimum are not all in one
   *     currency
   */
  public CommissionRule {
    checkNotNull(id, "id");
    checkNotNull(target, "target");
    checkNotNull(condition, "condition");
    checkNotNull(base, "base");
    checkNotNull(payout, "payout");
    checkNotNull(recurring, "recurring");
    checkNotNull(cap, "cap");
    checkNotNull(minimum, "minimum");
    checkId(id, "rule id");
    String name = Texts.quote(id);
    cap.ifPresent(value -> checkArgument(!value.isNegative(),
        "rule %s cap must not be negative: %s", name, value));
    minimum.ifPresent(value -> checkArgument(value.isPositive(),
        "rule %s minimum must be positive: %s", name, value));
    @Nullable CurrencyUnit currency = payout.currency().orElse(null);
    for (Map.Entry<String, Optional<Money>> limit : List.of(Map.entry("cap", cap),
        Map.entry("minimum", minimum))) {
      if (limit.getValue().isPresent()) {
        Money amount = limit.getValue().get();
        if (currency != null && !currency.equals(amount.currency())) {
          throw new CurrencyMismatchException(currency, amount.currency(), "rule " + name + " "
              + limit.getKey() + " must be in " + currency
              + ", the currency of its other amounts: " + amount);
        }
        currency = amount.currency();
      }
    }
    if (cap.isPresent() && minimum.isPresent()) {
      checkArgument(!minimum.get().isGreaterThan(cap.get()),
          "rule %s minimum must not exceed its cap %s: %s", name, cap.get(), minimum.get());
    }
    if (recurring.then().isPresent()) {
      checkArgument(payout instanceof Payout.Percentage,
          "rule %s recurring rate afterwards needs a percentage payout: %s", name, payout);
    }
  }

  /**
   * Returns a program-wide rule that pays a percentage of the goods after discount.
   *
   * <p>For example, {@code percentage("default", 10%)} pays {@code USD 6.00} on a {@code USD
   * 60.00} sale.
   *
   * @param id the rule's id
   * @param rate the rate
   * @return the rule
   * @throws IllegalArgumentException if the id is not a valid identifier
   */
  public static CommissionRule percentage(String id, Rate rate) {
    return builder(id).percentage(rate).build();
  }

  /**
   * Returns a builder of a rule with the given id: for the whole program, always applying, on the
   * goods after discount, for the lifetime of a subscription, with priority 0 and no limits.
   *
   * @param id the rule's id
   * @return the builder
   */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  /** {@return a builder that starts from this rule} */
  public Builder toBuilder() {
    Builder builder = new Builder(id).priority(priority).target(target).when(condition).base(base)
        .payout(payout).recurring(recurring);
    builder.cap = cap.orElse(null);
    builder.minimum = minimum.orElse(null);
    return builder;
  }

  /** {@return the currency of the rule's amounts, or empty if it has none} */
  public Optional<CurrencyUnit> currency() {
    if (payout.currency().isPresent()) {
      return payout.currency();
    }
    return cap.or(() -> minimum).map(Money::currency);
  }

  /**
   * A builder of {@link CommissionRule}s. Each setter replaces the previous value; {@link
   * #build()} validates through the record's constructor.
   */
  public static final class Builder {
    private final String id;
    private int priority;
    private RuleTarget target = RuleTarget.program();
    private Condition condition = Condition.always();
    private Base base = Base.itemsAfterDiscount();
    private @Nullable Payout payout;
    private RecurringTerm recurring = RecurringTerm.lifetime();
    private @Nullable Money cap;
    private @Nullable Money minimum;

    private Builder(String id) {
      this.id = checkNotNull(id, "id");
    }

    /**
     * Sets the explicit priority; 0 by default. A higher priority wins over any specificity.
     *
     * @param value the priority
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder priority(int value) {
      this.priority = value;
      return this;
    }

    /**
     * Sets what the rule is for; the program by default.
     *
     * @param value the target
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder target(RuleTarget value) {
      this.target = checkNotNull(value, "target");
      return this;
    }

    /**
     * Sets when the rule applies besides its target; always by default.
     *
     * @param value the condition
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder when(Condition value) {
      this.condition = checkNotNull(value, "condition");
      return this;
    }

    /**
     * Sets the amount a percentage applies to; the goods after discount by default.
     *
     * @param value the base
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder base(Base value) {
      this.base = checkNotNull(value, "base");
      return this;
    }

    /**
     * Sets what the rule pays.
     *
     * @param value the payout
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder payout(Payout value) {
      this.payout = checkNotNull(value, "payout");
      return this;
    }

    /**
     * Sets the payout to a percentage of the base.
     *
     * @param rate the rate
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder percentage(Rate rate) {
      return payout(Payout.percentage(rate));
    }

    /**
     * Sets the payout to a flat amount per conversion.
     *
     * @param amount the amount, not negative
     * @return this builder
     * @throws IllegalArgumentException if the amount is negative
     */
    @CanIgnoreReturnValue
    public Builder flatPerConversion(Money amount) {
      return payout(Payout.flatPerConversion(amount));
    }

    /**
     * Sets the payout to a flat amount per unit sold.
     *
     * @param amount the amount per unit, not negative
     * @return this builder
     * @throws IllegalArgumentException if the amount is negative
     */
    @CanIgnoreReturnValue
    public Builder flatPerUnit(Money amount) {
      return payout(Payout.flatPerUnit(amount));
    }

    /**
     * Sets how long the rule pays on a subscription's charges; the lifetime by default.
     *
     * @param value the term
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder recurring(RecurringTerm value) {
      this.recurring = checkNotNull(value, "recurring");
      return this;
    }

    /**
     * Sets the most the rule pays for one conversion.
     *
     * @param value the cap, not negative
     * @return this builder
     * @throws IllegalArgumentException if the cap is negative, as the payout's setters refuse a
     *     negative amount at once
     */
    @CanIgnoreReturnValue
    public Builder cap(Money value) {
      checkNotNull(value, "cap");
      checkArgument(!value.isNegative(), "rule %s cap must not be negative: %s",
          Texts.quote(id), value);
      this.cap = value;
      return this;
    }

    /**
     * Sets the least the rule pays for one conversion that earns anything.
     *
     * @param value the minimum, positive
     * @return this builder
     * @throws IllegalArgumentException if the minimum is not positive; one above the cap is
     *     refused by {@link #build()}, whichever is set first
     */
    @CanIgnoreReturnValue
    public Builder minimum(Money value) {
      checkNotNull(value, "minimum");
      checkArgument(value.isPositive(), "rule %s minimum must be positive: %s",
          Texts.quote(id), value);
      this.minimum = value;
      return this;
    }

    /**
     * Returns the rule.
     *
     * @return the rule
     * @throws IllegalStateException if no payout was set
     * @throws IllegalArgumentException if a part is invalid (see {@link
     *     CommissionRule#CommissionRule})
     * @throws CurrencyMismatchException if the amounts are not all in one currency
     */
    public CommissionRule build() {
      Payout chosen = payout;
      if (chosen == null) {
        throw new IllegalStateException("rule " + Texts.quote(id) + " needs a payout");
      }
      return new CommissionRule(id, priority, target, condition, base, chosen, recurring,
          Optional.ofNullable(cap), Optional.ofNullable(minimum));
    }
  }
}
