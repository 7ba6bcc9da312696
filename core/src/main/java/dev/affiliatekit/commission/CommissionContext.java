package dev.affiliatekit.commission;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.Maps;
import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a plan may know beyond the conversion and the credit when it quotes a commission: the
 * affiliate's profile, the affiliate's performance in the periods the plan counts, when the
 * customer first bought, and where to find parent affiliates for overrides.
 *
 * <p>The customer's type (new or returning) and country come from the {@link
 * dev.affiliatekit.attribution.Conversion}. A plan that counts a period, for a tier, a milestone
 * or a cap, needs this context to hold the affiliate's performance in that period ({@link
 * CommissionPlan#periods()} lists them); quoting without it throws, rather than guess that the
 * affiliate has sold nothing.
 *
 * <pre>{@code
 * CommissionContext context = CommissionContext.builder(anna)
 *     .performance(new PeriodPerformance(Period.MONTH, monthStart, monthEnd, 50,
 *         Money.parse("USD 2000.00"), Money.parse("USD 300.00")))
 *     .customerFirstPurchase(Instant.parse("2025-11-02T09:00:00Z"))
 *     .uplines(network)
 *     .build();
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param affiliate the profile of the affiliate being paid
 * @param performance the affiliate's performance by period, for the periods the host counts
 * @param customerFirstPurchase when the customer first bought, if known; rules test the whole
 *     months since then as {@code customer.monthsSinceFirstPurchase}
 * @param uplines where to find the profiles of parent affiliates, for overrides
 */
public record CommissionContext(AffiliateProfile affiliate,
    Map<Period, PeriodPerformance> performance, Optional<Instant> customerFirstPurchase,
    AffiliateProfiles uplines) {

  /**
   * Validates the parts and copies the performance map.
   *
   * @param affiliate the profile of the affiliate being paid
   * @param performance the affiliate's performance by period
   * @param customerFirstPurchase when the customer first bought, if known
   * @param uplines where to find the profiles of parent affiliates
   * @throws IllegalArgumentException if a performance is filed under another period than its own
   */
  public CommissionContext {
    checkNotNull(affiliate, "affiliate");
    checkNotNull(performance, "performance");
    checkNotNull(customerFirstPurchase, "customerFirstPurchase");
    checkNotNull(uplines, "uplines");
    for (Map.Entry<Period, PeriodPerformance> entry : performance.entrySet()) {
      checkNotNull(entry.getKey(), "performance contains a null period");
      checkNotNull(entry.getValue(), "performance contains null");
      checkArgument(entry.getKey() == entry.getValue().period(),
          "context performance of %s must be for that period: %s", entry.getKey(),
          entry.getValue().period());
    }
    performance = Maps.immutableEnumMap(performance);
  }

  /**
   * Returns the context of an affiliate with no recorded performance, no known first purchase and
   * no uplines: enough for plans without tiers, milestones, period caps or overrides.
   *
   * @param affiliate the affiliate's profile
   * @return the context
   */
  public static CommissionContext of(AffiliateProfile affiliate) {
    return builder(affiliate).build();
  }

  /**
   * Returns a builder of the context of the given affiliate.
   *
   * @param affiliate the affiliate's profile
   * @return the builder
   */
  public static Builder builder(AffiliateProfile affiliate) {
    return new Builder(affiliate);
  }

  /**
   * Returns the affiliate's performance in the given period.
   *
   * @param period the period
   * @return the performance, or empty if the host did not give it
   */
  public Optional<PeriodPerformance> performance(Period period) {
    checkNotNull(period, "period");
    return Optional.ofNullable(performance.get(period));
  }

  /** {@return the affiliate's id} */
  public String affiliateId() {
    return affiliate.affiliateId();
  }

  /**
   * Returns this context with the given performance in place of any of the same period.
   *
   * @param newPerformance the performance
   * @return the context with it
   */
  public CommissionContext withPerformance(PeriodPerformance newPerformance) {
    checkNotNull(newPerformance, "newPerformance");
    if (newPerformance.equals(performance.get(newPerformance.period()))) {
      return this;
    }
    EnumMap<Period, PeriodPerformance> copy = new EnumMap<>(Period.class);
    copy.putAll(performance);
    copy.put(newPerformance.period(), newPerformance);
    return new CommissionContext(affiliate, copy, customerFirstPurchase, uplines);
  }

  /**
   * A builder of {@link CommissionContext}s. Each setter replaces the previous value; {@link
   * #build()} validates through the record's constructor.
   */
  public static final class Builder {
    private final AffiliateProfile affiliate;
    private final EnumMap<Period, PeriodPerformance> performance = new EnumMap<>(Period.class);
    private @Nullable Instant customerFirstPurchase;
    private AffiliateProfiles uplines = AffiliateProfiles.none();

    private Builder(AffiliateProfile affiliate) {
      this.affiliate = checkNotNull(affiliate, "affiliate");
    }

    /**
     * Sets the affiliate's performance in one period, replacing any of the same period.
     *
     * @param value the performance
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder performance(PeriodPerformance value) {
      checkNotNull(value, "performance");
      performance.put(value.period(), value);
      return this;
    }

    /**
     * Sets when the customer first bought.
     *
     * @param value the instant of the customer's first purchase
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder customerFirstPurchase(Instant value) {
      this.customerFirstPurchase = checkNotNull(value, "customerFirstPurchase");
      return this;
    }

    /**
     * Sets where to find the profiles of parent affiliates; {@link AffiliateProfiles#none()} by
     * default.
     *
     * @param value the lookup
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder uplines(AffiliateProfiles value) {
      this.uplines = checkNotNull(value, "uplines");
      return this;
    }

    /**
     * Returns the context.
     *
     * @return the context
     */
    public CommissionContext build() {
      return new CommissionContext(affiliate, performance, Optional.ofNullable(customerFirstPurchase),
          uplines);
    }
  }
}
