package dev.affiliatekit.commission;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static dev.affiliatekit.internal.Ids.checkId;

import com.google.common.collect.ImmutableSortedMap;
import com.google.common.collect.Maps;
import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.affiliatekit.internal.Texts;
import java.time.Instant;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * What a plan may know beyond the conversion and the credit when it quotes a commission: the
 * affiliate's profile, the affiliate's performance in the periods the plan counts, when the
 * customer first bought, where to find parent affiliates for overrides, and the tiers at which
 * whole-period tiered rules have paid the affiliate's earlier sales.
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
 * @param paidTiers for {@link TierMode#WHOLE_PERIOD} tiered rules, by rule id: the tier, counting
 *     from 1, at whose rate the rule has paid the affiliate's earlier sales of the period that
 *     contains the sale, true-ups included (see {@link #paidTier(String)})
 */
public record CommissionContext(AffiliateProfile affiliate,
    Map<Period, PeriodPerformance> performance, Optional<Instant> customerFirstPurchase,
    AffiliateProfiles uplines, Map<String, Integer> paidTiers) {

  /**
   * Validates the parts and copies the performance map.
   *
   * @param affiliate the profile of the affiliate being paid
   * @param performance the affiliate's performance by period
   * @param customerFirstPurchase when the customer first bought, if known
   * @param uplines where to find the profiles of parent affiliates
   * @param paidTiers the tier, counting from 1, at whose rate each whole-period tiered rule has
   *     paid the affiliate's earlier sales of the period, by rule id
   * @throws IllegalArgumentException if a performance is filed under another period than its own,
   *     a rule id is not valid or a paid tier is less than 1
   */
  public CommissionContext {
    checkNotNull(affiliate, "affiliate");
    checkNotNull(performance, "performance");
    checkNotNull(customerFirstPurchase, "customerFirstPurchase");
    checkNotNull(uplines, "uplines");
    checkNotNull(paidTiers, "paidTiers");
    // One snapshot of each map's entries, in the map's order, checked and kept, so that a map
    // another thread changes cannot slip an entry by.
    List<Map.Entry<Period, PeriodPerformance>> periods = entries(performance);
    List<Map.Entry<String, Integer>> tiers = entries(paidTiers);
    Map<Period, PeriodPerformance> byPeriod = new EnumMap<>(Period.class);
    for (Map.Entry<Period, PeriodPerformance> entry : periods) {
      checkNotNull(entry.getKey(), "performance contains a null period");
      checkNotNull(entry.getValue(), "performance contains null");
      checkArgument(entry.getKey() == entry.getValue().period(),
          "context performance of %s must be for that period: %s", entry.getKey(),
          entry.getValue().period());
      byPeriod.put(entry.getKey(), entry.getValue());
    }
    performance = Maps.immutableEnumMap(byPeriod);
    for (Map.Entry<String, Integer> entry : tiers) {
      checkNotNull(entry.getKey(), "paidTiers contains a null rule id");
      checkId(entry.getKey(), "paidTiers rule id");
      checkNotNull(entry.getValue(), "paidTiers contains a null tier for rule %s",
          entry.getKey());
      checkPaidTier(entry.getKey(), entry.getValue());
    }
    // Sorted, so that equal contexts print alike; two entries of one rule id are refused.
    paidTiers = tiers.isEmpty() ? Map.of() : ImmutableSortedMap.copyOf(tiers);
  }

  /** {@return the map's entries as read once, in its order, each holding its key and value} */
  private static <K, V> List<Map.Entry<K, V>> entries(Map<K, V> map) {
    List<Map.Entry<K, V>> entries = new ArrayList<>(map.size());
    for (Map.Entry<K, V> entry : map.entrySet()) {
      entries.add(new AbstractMap.SimpleImmutableEntry<>(entry.getKey(), entry.getValue()));
    }
    return entries;
  }

  /**
   * Makes a context in which no whole-period tiered rule has a paid tier: the constructor of the
   * context before it knew paid tiers.
   *
   * @param affiliate the profile of the affiliate being paid
   * @param performance the affiliate's performance by period
   * @param customerFirstPurchase when the customer first bought, if known
   * @param uplines where to find the profiles of parent affiliates
   * @throws IllegalArgumentException if a performance is filed under another period than its own
   */
  public CommissionContext(AffiliateProfile affiliate, Map<Period, PeriodPerformance> performance,
      Optional<Instant> customerFirstPurchase, AffiliateProfiles uplines) {
    this(affiliate, performance, customerFirstPurchase, uplines, Map.of());
  }

  private static void checkPaidTier(String ruleId, int tier) {
    if (tier < 1) {
      throw new IllegalArgumentException(
          "paid tier of rule " + Texts.quote(ruleId) + " must be at least 1: " + tier);
    }
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

  /**
   * Returns the tier at whose rate a {@link TierMode#WHOLE_PERIOD} tiered rule has paid the
   * affiliate's earlier sales of the period that contains the sale, true-ups included.
   *
   * <p>A quote compares it with the tier that the period's sales reach with this sale: when that
   * tier's rate is higher, the quote {@linkplain CommissionQuote#tiersReached() reaches it}, and
   * the earlier sales are owed a true-up, even if the sales of other rules lifted the count.
   * Without a paid tier, the quote takes the tier that the period's sales reached before this one,
   * so it misses a lift by a sale that another rule priced. {@code AffiliateProgram} and {@link
   * CommissionSimulation#replay} keep the paid tiers from each sale's {@link
   * CommissionQuote#tiers()}; a host that prices sales itself does the same.
   *
   * <p>For example, with tiers of 10% from sale 1 and 20% from sale 3, after the rule priced sale
   * 1 at 10% and another rule priced sale 2, a paid tier of 1 makes the rule's quote of sale 3
   * reach tier 2 even if another rule priced sale 3 and the rule prices only sale 4.
   *
   * @param ruleId the id of the tiered rule
   * @return the paid tier, counting from 1, or empty if the host did not give it
   */
  public OptionalInt paidTier(String ruleId) {
    checkNotNull(ruleId, "ruleId");
    Integer tier = paidTiers.get(ruleId);
    return tier == null ? OptionalInt.empty() : OptionalInt.of(tier);
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
    return new CommissionContext(affiliate, copy, customerFirstPurchase, uplines, paidTiers);
  }

  /**
   * Returns this context with the given paid tier of a rule in place of any it had.
   *
   * @param ruleId the id of a whole-period tiered rule
   * @param tier the tier, counting from 1, at whose rate the rule has paid the earlier sales of
   *     the period
   * @return the context with it
   * @throws IllegalArgumentException if the id is not valid or the tier is less than 1
   */
  public CommissionContext withPaidTier(String ruleId, int tier) {
    checkId(checkNotNull(ruleId, "ruleId"), "paidTiers rule id");
    checkPaidTier(ruleId, tier);
    Integer old = paidTiers.get(ruleId);
    if (old != null && old == tier) {
      return this;
    }
    Map<String, Integer> copy = new HashMap<>(paidTiers);
    copy.put(ruleId, tier);
    return new CommissionContext(affiliate, performance, customerFirstPurchase, uplines, copy);
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
    // Made on the first paid tier: most contexts have none, and are made for every quote.
    private @Nullable Map<String, Integer> paidTiers;

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
     * Sets the tier at whose rate a whole-period tiered rule has paid the affiliate's earlier
     * sales of the period, replacing any of the same rule (see {@link
     * CommissionContext#paidTier(String)}).
     *
     * @param ruleId the id of the tiered rule
     * @param tier the paid tier, counting from 1
     * @return this builder
     * @throws IllegalArgumentException if the id is not valid or the tier is less than 1
     */
    @CanIgnoreReturnValue
    public Builder paidTier(String ruleId, int tier) {
      checkId(checkNotNull(ruleId, "ruleId"), "paidTiers rule id");
      checkPaidTier(ruleId, tier);
      if (paidTiers == null) {
        paidTiers = new HashMap<>();
      }
      paidTiers.put(ruleId, tier);
      return this;
    }

    /**
     * Returns the context.
     *
     * @return the context
     */
    public CommissionContext build() {
      return new CommissionContext(
          affiliate,
          performance,
          Optional.ofNullable(customerFirstPurchase),
          uplines,
          paidTiers == null ? Map.of() : paidTiers);
    }
  }
}
