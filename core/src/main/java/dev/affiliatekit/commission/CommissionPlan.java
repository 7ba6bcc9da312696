package dev.affiliatekit.commission;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableSortedSet;
import com.google.common.collect.Maps;
import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.Credit;
import dev.affiliatekit.internal.Texts;
import dev.affiliatekit.money.CurrencyMismatchException;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import java.math.RoundingMode;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * A commission plan: the rules that say what affiliates earn, how they take precedence, and the
 * limits, bonuses and overrides around them.
 *
 * <pre>{@code
 * CommissionPlan plan = CommissionPlan.builder()
 *     .rule(CommissionRule.percentage("default", Rate.ofPercent(10)))
 *     .rule(CommissionRule.builder("skin-care-micro")
 *         .target(RuleTarget.categories("SKIN_CARE"))
 *         .when(Condition.between(Attribute.AFFILIATE_FOLLOWERS, 1_500, 100_000))
 *         .percentage(Rate.ofPercent(15))
 *         .build())
 *     .capPerConversion(Money.parse("USD 200.00"))
 *     .build();
 * CommissionQuote quote = plan.quote(conversion, credit, CommissionContext.of(anna));
 * // An order of USD 40.00 of skin care and USD 20.00 of other goods, without a discount:
 * quote.amount();        // USD 8.00
 * quote.explanation();   // rule skin-care-micro matched serum-30ml (...): 15% of USD 40.00 ...
 * }</pre>
 *
 * <h2>How a quote is computed</h2>
 *
 * <ol>
 *   <li><b>Rule.</b> Each line item of the conversion (or the whole order, if it has none) gets one
 *       rule: among the rules whose {@link RuleTarget} covers it and whose {@link Condition} is
 *       true, the {@link Precedence} picks by priority, then specificity (FIRST_MATCH) or by pay
 *       (BEST_FOR_AFFILIATE, each item valued as {@link Precedence} says). Items no rule covers
 *       earn nothing. Each rule then prices the items it won together.
 *   <li><b>Base.</b> The rule's {@link Base}: the goods of its items before or after the
 *       order-level discount, with or without shipping and tax; those order-level amounts are
 *       divided among the items exactly ({@link Money#prorate(List)}), a minor unit left over
 *       among items of equal amounts going by what the items are rather than by their order
 *       (see {@link Base}), so that the order of the items changes no amount.
 *   <li><b>Share.</b> The base times the credit's share.
 *   <li><b>Rate or flat amount.</b> The {@link Payout}: the rate times the credited base, or the
 *       flat amount (per conversion or per unit) times the share; outside the rule's {@link
 *       RecurringTerm}, the term's rate afterwards or nothing.
 *   <li><b>Tier.</b> For tiered payouts, the rate comes from the affiliate's performance in the
 *       period, counting this sale; see {@link TierMode}.
 *   <li><b>Caps and minimums per conversion.</b> The rule's minimum, then its cap; the rules'
 *       amounts are added up; then the plan's minimum and cap. Caps and minimums are for the
 *       whole conversion, so a credit of share {@code s} gets at most {@code s × cap} (rounded
 *       down) and at least {@code s × minimum} (rounded up); a minimum applies only to an amount
 *       above zero, and a cap always has the last word.
 *   <li><b>Rounding.</b> The exact result is rounded once, to the currency's minor unit, with the
 *       plan's {@link #rounding()} ({@code HALF_EVEN} by default). Every step before it is exact.
 *       Each credit is priced and rounded on its own, so the commissions of a sale that several
 *       affiliates share may add up to a little more or less than the rate of the whole sale: by up
 *       to half a minor unit per credit under a half-way mode such as {@code HALF_EVEN}, and up to
 *       one under the others. A sale of {@code USD 100.00} at 15% shared evenly by 1,000 affiliates
 *       pays each {@code USD 0.02} (15% of {@code USD 0.10} = {@code USD 0.015}, rounded
 *       half-even): {@code USD 20.00} in all. Shared by three, the total is within a cent and a
 *       half of the rate of the sale.
 *   <li><b>Milestones.</b> A {@link Milestone} whose sale this is adds its bonus.
 *   <li><b>Caps per period.</b> Each {@link PeriodCap} grants only what is left of its allowance:
 *       the commission first, then the bonus.
 *   <li><b>Overrides.</b> Parents up to the plan's depth earn their {@linkplain #overrideRates()
 *       rate} of the amount, each rounded once; see {@link OverrideQuote}.
 * </ol>
 *
 * <p>A plan that counts periods (for tiers, milestones or caps per period; see {@link #periods()})
 * needs the affiliate's {@link PeriodPerformance} in each of them in the {@link
 * CommissionContext}. A plan whose amounts (flat payouts, caps, minimums, revenue tiers, bonuses)
 * are in one currency quotes only conversions in that currency. The plan checks its rules when it
 * is built: ids are unique, amounts share one currency, and under FIRST_MATCH no two rules tie.
 *
 * <p>Two plans are equal when their rules (in order) and settings are equal. Instances are
 * immutable and thread-safe.
 */
public final class CommissionPlan {

  /** The most levels of overrides a plan may pay. */
  public static final int MAX_OVERRIDE_LEVELS = 10;
  private static final int PROFILE_CACHE = 4096;
  private static final int PROFILE_SHIFT = Integer.numberOfLeadingZeros(PROFILE_CACHE - 1);

  private final List<CommissionRule> rules;
  /** The rules by id, which the builder keeps distinct: read for every tiered sale. */
  private final Map<String, CommissionRule> rulesById;
  private final Precedence precedence;
  private final RoundingMode rounding;
  private final ZoneId zone;
  private final Optional<Money> capPerConversion;
  private final Optional<Money> minimumPerConversion;
  private final List<PeriodCap> periodCaps;
  private final List<Milestone> milestones;
  private final List<Rate> overrideRates;
  private final boolean recordsZero;
  private final Optional<CurrencyUnit> currency;
  private final @Nullable CurrencyUnit planCurrency;
  private final Set<Period> periods;
  private final boolean hasPeriods;
  private final RuleIndex index;
  private final Matcher[] milestoneMatchers;
  private final long capMinor;
  private final long minimumMinor;
  private final boolean hasMilestones;
  private final boolean hasPeriodCaps;
  private final boolean hasOverrides;
  /** Whether the plan is plain enough for {@link FastPricing}. */
  private final boolean fast;
  /** Whether a rule or a milestone reads the months since the customer's first purchase. */
  private final boolean readsCustomerMonths;
  /** Whether a rule, a milestone or a term reads the months since the subscription's start. */
  private final boolean readsSubscriptionMonths;
  /** Credit shares seen lately, with their numerators and scales: a cache, racy but safe. */
  private final ShareParts[] shareParts = new ShareParts[64];
  /**
   * The rules' decisions for profiles quoted lately, two ways per set by the affiliate id's hash:
   * a cache of fast plans, racy but safe, that holds at most {@value #PROFILE_CACHE} profiles.
   */
  private final @Nullable ProfileRules[] profileRules;
  private final int hash;

  private CommissionPlan(Builder builder) {
    this.rules = List.copyOf(builder.rules);
    this.rulesById = Maps.uniqueIndex(rules, CommissionRule::id);
    this.precedence = builder.precedence;
    this.rounding = builder.rounding;
    this.zone = builder.zone;
    this.capPerConversion = Optional.ofNullable(builder.capPerConversion);
    this.minimumPerConversion = Optional.ofNullable(builder.minimumPerConversion);
    this.periodCaps = List.copyOf(builder.periodCaps);
    this.milestones = List.copyOf(builder.milestones);
    this.overrideRates = List.copyOf(builder.overrideRates);
    this.recordsZero = builder.recordsZero;
    this.planCurrency = builder.currency("");
    this.currency = Optional.ofNullable(planCurrency);
    Set<Period> counted = EnumSet.noneOf(Period.class);
    for (CommissionRule rule : rules) {
      if (rule.payout() instanceof Payout.TieredBySales tiers) {
        counted.add(tiers.period());
      } else if (rule.payout() instanceof Payout.TieredByRevenue tiers) {
        counted.add(tiers.period());
      }
    }
    milestones.forEach(milestone -> counted.add(milestone.period()));
    periodCaps.forEach(cap -> counted.add(cap.period()));
    this.periods = ImmutableSortedSet.copyOf(counted);
    this.hasPeriods = !counted.isEmpty();
    this.index = new RuleIndex(rules, builder.keyProgramRules ? builder.conditionCases : null);
    this.milestoneMatchers = milestones.stream().map(m -> Matcher.compile(m.condition()))
        .toArray(Matcher[]::new);
    this.capMinor = capPerConversion.map(Money::minorUnits).orElse(CompiledRule.NO_LIMIT);
    this.minimumMinor = minimumPerConversion.map(Money::minorUnits).orElse(CompiledRule.NO_LIMIT);
    this.hasMilestones = !milestones.isEmpty();
    this.hasPeriodCaps = !periodCaps.isEmpty();
    this.hasOverrides = !overrideRates.isEmpty();
    this.fast = FastPricing.supports(this);
    Set<Attribute> read = EnumSet.noneOf(Attribute.class);
    rules.forEach(rule -> read.addAll(rule.condition().attributes()));
    milestones.forEach(milestone -> read.addAll(milestone.condition().attributes()));
    this.readsCustomerMonths = read.contains(Attribute.CUSTOMER_MONTHS_SINCE_FIRST_PURCHASE);
    this.readsSubscriptionMonths = read.contains(Attribute.SALE_SUBSCRIPTION_MONTHS)
        || rules.stream().anyMatch(rule -> rule.recurring() instanceof RecurringTerm.FirstMonths);
    this.profileRules = new ProfileRules[fast ? PROFILE_CACHE : 0];
    this.hash = Objects.hash(rules, precedence, rounding, zone, capPerConversion,
        minimumPerConversion, periodCaps, milestones, overrideRates, recordsZero);
  }

  /**
   * Returns a builder of an empty plan: no rules, {@link Precedence#FIRST_MATCH}, {@code
   * HALF_EVEN}, UTC, no limits, bonuses or overrides, and zero commissions recorded.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /** {@return a builder that starts from this plan, for a variant of it} */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.rules.addAll(rules);
    builder.reindex();
    builder.precedence = precedence;
    builder.rounding = rounding;
    builder.zone = zone;
    builder.capPerConversion = capPerConversion.orElse(null);
    builder.minimumPerConversion = minimumPerConversion.orElse(null);
    builder.periodCaps.addAll(periodCaps);
    builder.milestones.addAll(milestones);
    milestones.forEach(milestone -> builder.milestoneIds.add(milestone.id()));
    builder.overrideRates.addAll(overrideRates);
    builder.recordsZero = recordsZero;
    return builder;
  }

  /**
   * Quotes what the credited affiliate earns for the conversion.
   *
   * <p>For example, with a plan of one program rule at 20%, a {@code USD 100.00} item bought with
   * a {@code USD 40.00} discount earns the affiliate credited with 100% {@code USD 12.00}.
   *
   * @param conversion the conversion
   * @param credit the affiliate's credit for it, from attribution
   * @param context the affiliate's profile and performance
   * @return the quote
   * @throws IllegalArgumentException if the credit is of another affiliate than the context, the
   *     context lacks the performance of a period the plan counts or that performance does not
   *     contain the conversion, the parents of the affiliate form a loop, or the plan has a rule,
   *     a milestone or a recurring term that reads the months since the customer's first
   *     purchase or the subscription's start, and that instant or the sale's has no date in the
   *     plan's calendar (see {@link Period}), whether or not it is read for this sale
   * @throws CurrencyMismatchException if the credit, the context's performance or the plan's
   *     amounts are in another currency than the conversion
   * @throws ArithmeticException if an amount overflows, or the sale would be a period's sale
   *     number {@code Long.MAX_VALUE + 1}
   */
  public CommissionQuote quote(Conversion conversion, Credit credit, CommissionContext context) {
    checkNotNull(conversion, "conversion");
    checkNotNull(credit, "credit");
    checkNotNull(context, "context");
    if (!credit.affiliateId().equals(context.affiliateId())) {
      throw new IllegalArgumentException("credit affiliate " + Texts.quote(credit.affiliateId())
          + " does not match context affiliate " + Texts.quote(context.affiliateId()));
    }
    CurrencyUnit saleCurrency = conversion.currency();
    if (!credit.amount().currency().equals(saleCurrency)) {
      throw new CurrencyMismatchException(saleCurrency, credit.amount().currency(),
          "credit amount must be in " + saleCurrency + ", the currency of the sale: "
              + credit.amount());
    }
    checkCurrency(conversion);
    if (hasPeriods) {
      checkPerformance(conversion, context);
    }
    if (readsCustomerMonths && context.customerFirstPurchase().isPresent()) {
      Facts.checkDated(context.customerFirstPurchase().get(), conversion.instant(), zone,
          "customer's first purchase");
    }
    if (readsSubscriptionMonths && conversion.subscription().isPresent()) {
      Facts.checkDated(conversion.subscription().get().startedAt(), conversion.instant(), zone,
          "subscription's start");
    }
    if (fast) {
      CommissionQuote quote = FastPricing.quote(this, conversion, credit, context);
      if (quote != null) {
        return quote;
      }
    }
    return new Pricing(this, conversion, credit, context, null).quote();
  }

  private void checkPerformance(Conversion conversion, CommissionContext context) {
    for (Period period : periods) {
      PeriodPerformance performance = context.performance().get(period);
      if (performance == null) {
        throw new IllegalArgumentException("context has no " + period.label()
            + " performance, which the plan counts: " + Texts.quote(context.affiliateId()));
      }
      if (!performance.contains(conversion.instant())) {
        // Built only when thrown: every quote of a plan that counts a period passes this check.
        throw new IllegalArgumentException("context " + period.label() + " performance from "
            + performance.start() + " to " + performance.end() + " does not contain the sale at "
            + conversion.instant());
      }
      if (!performance.currency().equals(conversion.currency())) {
        throw new CurrencyMismatchException(conversion.currency(), performance.currency(),
            "context " + period.label() + " performance must be in " + conversion.currency()
                + ", the currency of the sale: " + performance.currency());
      }
    }
  }

  /** {@return the rules, in the order they were added} */
  public List<CommissionRule> rules() {
    return rules;
  }

  /**
   * Returns the rule with the given id.
   *
   * @param id the rule's id
   * @return the rule, or empty if the plan has none with that id
   */
  public Optional<CommissionRule> rule(String id) {
    return Optional.ofNullable(rulesById.get(checkNotNull(id, "id")));
  }

  /** {@return how a rule is picked when several apply} */
  public Precedence precedence() {
    return precedence;
  }

  /** {@return how the commission is rounded to the currency's minor unit, once} */
  public RoundingMode rounding() {
    return rounding;
  }

  /**
   * {@return the time zone of the plan's calendar: periods, and months of subscriptions and
   * customers}
   */
  public ZoneId zone() {
    return zone;
  }

  /**
   * {@return the most the rules of a conversion pay, if limited: a cap on the credited affiliates'
   * commissions, scaled by each credit's share, before milestone bonuses, overrides and tier
   * true-ups, which are paid on top (see the steps in the class documentation)}
   */
  public Optional<Money> capPerConversion() {
    return capPerConversion;
  }

  /**
   * {@return the least the rules of a conversion that earn anything pay, if set, scaled by each
   * credit's share; the plan's cap per conversion and its caps per period may still cut it}
   */
  public Optional<Money> minimumPerConversion() {
    return minimumPerConversion;
  }

  /** {@return the caps per affiliate and period} */
  public List<PeriodCap> periodCaps() {
    return periodCaps;
  }

  /** {@return the milestone bonuses} */
  public List<Milestone> milestones() {
    return milestones;
  }

  /**
   * Returns the override rates of parent affiliates: the first for the earner's parent, the second
   * for the parent's parent, and so on; empty if the plan pays no overrides.
   *
   * @return the rates by level
   */
  public List<Rate> overrideRates() {
    return overrideRates;
  }

  /**
   * {@return whether a zero amount is recorded; if not, its quote says so with {@link
   * CommissionQuote#isRecorded()}}
   */
  public boolean recordsZero() {
    return recordsZero;
  }

  /**
   * Checks that a sale is in the currency of the plan's amounts, as {@link #quote} does first, so
   * that a host can refuse an order before it attributes it. A plan without amounts quotes any
   * currency.
   *
   * @param conversion the sale
   * @throws CurrencyMismatchException if the plan has amounts in another currency than the sale
   */
  public void checkCurrency(Conversion conversion) {
    checkNotNull(conversion, "conversion");
    CurrencyUnit expected = planCurrency;
    if (expected != null && !conversion.currency().equals(expected)) {
      throw new CurrencyMismatchException(expected, conversion.currency(), "sale "
          + Texts.quote(conversion.orderId()) + " must be in " + expected
          + ", the currency of the plan's amounts: " + conversion.total());
    }
  }

  /**
   * {@return the currency of the plan's amounts, or empty if it has none and quotes any currency}
   */
  public Optional<CurrencyUnit> currency() {
    return currency;
  }

  /** {@return the periods the plan counts, whose performance every context must hold} */
  public Set<Period> periods() {
    return periods;
  }

  RuleIndex index() {
    return index;
  }

  Matcher milestoneMatcher(int i) {
    return milestoneMatchers[i];
  }

  boolean hasMilestones() {
    return hasMilestones;
  }

  boolean hasPeriodCaps() {
    return hasPeriodCaps;
  }

  boolean hasOverrides() {
    return hasOverrides;
  }

  /** {@return whether quotes are computed by {@link FastPricing} when their amounts fit} */
  boolean isFast() {
    return fast;
  }

  /**
   * A credit share with its numerator and scale. Its fields are final, so a thread that reads one
   * from the cache sees it whole.
   */
  static final class ShareParts {
    /** The whole of a conversion: a share of one. */
    static final ShareParts WHOLE = new ShareParts(Rate.ONE, 1, 0);

    final Rate share;
    final long unscaled;
    final int scale;

    ShareParts(Rate share) {
      this(share, Exact.unscaledOf(share), Exact.scaleOf(share));
    }

    private ShareParts(Rate share, long unscaled, int scale) {
      this.share = share;
      this.unscaled = unscaled;
      this.scale = scale;
    }
  }

  /** {@return the numerator and scale of a share, from the cache when the share was seen lately} */
  ShareParts shareParts(Rate share) {
    int slot = share.hashCode() & (shareParts.length - 1);
    ShareParts cached = shareParts[slot];
    if (cached != null && cached.share.equals(share)) {
      return cached;
    }
    ShareParts parts = new ShareParts(share);
    shareParts[slot] = parts;
    return parts;
  }

  /**
   * Returns the rules' decisions for a profile from the cache, or null if they are not there. A
   * profile equal to the one they were worked out for has the same decisions, so a host that
   * builds its profiles again for every sale still finds them.
   */
  // The same profile object is the common case, told apart without comparing its fields.
  @SuppressWarnings("ReferenceEquality")
  @Nullable ProfileRules cachedProfileRules(AffiliateProfile profile) {
    int set = profileSet(profile.affiliateId());
    ProfileRules first = profileRules[set];
    if (first != null && first.profile == profile) {
      return first;
    }
    ProfileRules second = profileRules[set + 1];
    if (second != null && second.profile == profile) {
      return second;
    }
    if (first != null && first.profile.equals(profile)) {
      return first;
    }
    if (second != null && second.profile.equals(profile)) {
      return second;
    }
    return null;
  }

  /** Caches the decisions for a profile, first in its set, dropping the set's older entry. */
  void cacheProfileRules(ProfileRules rules) {
    int set = profileSet(rules.profile.affiliateId());
    profileRules[set + 1] = profileRules[set];
    profileRules[set] = rules;
  }

  /** {@return the first slot of an affiliate's set in the profile cache} */
  static int profileSet(String affiliateId) {
    // Fibonacci hashing: ids such as a0001, a0002 have close hashes, which it scatters.
    return ((affiliateId.hashCode() * 0x9E3779B9) >>> PROFILE_SHIFT) & ~1;
  }

  /** {@return the cap per conversion in minor units, or {@link CompiledRule#NO_LIMIT}} */
  long capMinor() {
    return capMinor;
  }

  /** {@return the minimum per conversion in minor units, or {@link CompiledRule#NO_LIMIT}} */
  long minimumMinor() {
    return minimumMinor;
  }

  @Override
  public boolean equals(@Nullable Object obj) {
    return obj == this || (obj instanceof CommissionPlan other && hash == other.hash
        && rules.equals(other.rules) && precedence == other.precedence
        && rounding == other.rounding && zone.equals(other.zone)
        && capPerConversion.equals(other.capPerConversion)
        && minimumPerConversion.equals(other.minimumPerConversion)
        && periodCaps.equals(other.periodCaps) && milestones.equals(other.milestones)
        && overrideRates.equals(other.overrideRates) && recordsZero == other.recordsZero);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  /** {@return a summary, such as {@code CommissionPlan[3 rules, FIRST_MATCH, HALF_EVEN, Z]}} */
  @Override
  public String toString() {
    return "CommissionPlan[" + rules.size() + (rules.size() == 1 ? " rule, " : " rules, ")
        + precedence + ", " + rounding + ", " + zone + "]";
  }

  /**
   * A builder of {@link CommissionPlan}s. Every call checks what it adds against what the builder
   * holds, and a rejected call changes nothing, so {@link #build()} cannot fail.
   */
  public static final class Builder {
    private final List<CommissionRule> rules = new ArrayList<>();
    /** The ids of the rules. */
    private final Set<String> ruleIds = new HashSet<>();
    /**
     * The rules by priority, level and target key (one empty key for the program level), so that
     * a rule is checked for a tie only against the rules that share a key with it.
     */
    private final Map<TieKey, TieBucket> byTarget = new HashMap<>();
    /** The cases in which each rule's condition holds, by rule id, to check ties quickly. */
    private final Map<String, Conditions.Cases> conditionCases = new HashMap<>();
    /** How many rules have amounts in each currency. */
    private final Map<CurrencyUnit, Integer> ruleCurrencies = new HashMap<>();
    private Precedence precedence = Precedence.FIRST_MATCH;
    private RoundingMode rounding = RoundingMode.HALF_EVEN;
    private ZoneId zone = ZoneOffset.UTC;
    private @Nullable Money capPerConversion;
    private @Nullable Money minimumPerConversion;
    private final List<PeriodCap> periodCaps = new ArrayList<>();
    private final List<Milestone> milestones = new ArrayList<>();
    /** The ids of {@link #milestones}, which the builder keeps distinct. */
    private final Set<String> milestoneIds = new HashSet<>();
    private final List<Rate> overrideRates = new ArrayList<>();
    private boolean recordsZero = true;
    /** Whether the plan keys its program rules ({@link ProgramKeys}); tests compare both ways. */
    boolean keyProgramRules = true;

    private Builder() {}

    /**
     * Adds a rule.
     *
     * <p>Under {@link Precedence#FIRST_MATCH} the rule is checked for a tie with the rules of its
     * priority and level: those that require another value of the same text attribute ({@code is}
     * or {@code in}), or a value of another prefix ({@code startsWith} of a prefix that neither
     * begins this rule's values or prefix nor begins with it), are passed over at once, so that a
     * plan of a rule per coupon code, or per coupon prefix, builds in time in its rules; the others
     * are compared with it in turn. So thousands of rules told apart only by ranges, such as
     * followers in {@code 0..1,499} and in {@code 1,500..100,000}, take time in the square of
     * their number to build, unless each has a priority of its own or the builder is set to
     * {@link Precedence#BEST_FOR_AFFILIATE} before they are added. A quote looks up rules that
     * target affiliates, groups, categories or products by key. Of the rules for the whole
     * program, it tries those that require nothing of the sale's text attribute that the most of
     * them require a value or a prefix of ({@code is}, {@code in} or {@code startsWith}), and
     * those whose values or prefixes the sale's value meets: a plan of a rule per coupon code
     * quotes a sale by its code's rules, whatever their number. Program rules told apart only
     * otherwise, such as by ranges, are tried in turn: their number is the time a quote takes. So
     * are rules of an attribute that would spare a quote less than one rule, such as a single rule
     * of a million codes, and program rules that test the affiliate's profile alone. The plan
     * keeps what rules that test the profile alone decide for about the last 4,096 profiles it
     * quoted, and a quote of another profile works it out again, from the affiliate's and its
     * group's own rules and the rules for every affiliate: so a deal per creator that tests the
     * creator's followers costs the quotes of other creators nothing, however many creators
     * sell. A rule for one affiliate should target it ({@link RuleTarget#affiliates}) rather than
     * test {@code affiliate.id}, which makes it a program rule that every such quote tries.
     *
     * @param rule the rule
     * @return this builder
     * @throws IllegalArgumentException if the plan has a rule with the same id, or, under {@link
     *     Precedence#FIRST_MATCH}, a rule of the same priority and level whose keys overlap and
     *     whose condition could hold together with this one's; the message names both rules
     * @throws CurrencyMismatchException if the rule's amounts are in another currency than the
     *     plan's
     */
    @CanIgnoreReturnValue
    public Builder rule(CommissionRule rule) {
      checkNotNull(rule, "rule");
      checkNewRule(rule, null);
      add(rule);
      return this;
    }

    /**
     * Adds rules, in order; all or none.
     *
     * @param newRules the rules
     * @return this builder
     * @throws IllegalArgumentException if a rule may not be added (see {@link
     *     #rule(CommissionRule)})
     * @throws CurrencyMismatchException if a rule's amounts are in another currency
     */
    @CanIgnoreReturnValue
    public Builder rules(Collection<CommissionRule> newRules) {
      checkNotNull(newRules, "newRules");
      List<CommissionRule> added = Elements.copyOf(newRules, "rules");
      int before = rules.size();
      try {
        for (CommissionRule rule : added) {
          checkNewRule(rule, null);
          add(rule);
        }
      } catch (RuntimeException refused) {
        // All or none: back to the rules before the call.
        rules.subList(before, rules.size()).clear();
        reindex();
        throw refused;
      }
      return this;
    }

    /**
     * Replaces the rule with the same id as the given one, keeping its position. It finds the rule
     * by looking through the rules, so replacing or removing each of many rules in turn takes time
     * in the square of their number; build a plan anew instead.
     *
     * @param rule the new version of the rule
     * @return this builder
     * @throws IllegalArgumentException if the plan has no rule with that id, or the new version
     *     ties with another rule
     * @throws CurrencyMismatchException if the rule's amounts are in another currency
     */
    @CanIgnoreReturnValue
    public Builder replaceRule(CommissionRule rule) {
      checkNotNull(rule, "rule");
      int position = position(rule.id());
      CommissionRule replaced = rules.get(position);
      checkNewRule(rule, replaced);
      rules.set(position, rule);
      unindex(replaced);
      index(rule);
      return this;
    }

    /**
     * Removes the rule with the given id, looking through the rules as {@link #replaceRule}
     * does.
     *
     * @param id the rule's id
     * @return this builder
     * @throws IllegalArgumentException if the plan has no rule with that id
     */
    @CanIgnoreReturnValue
    public Builder removeRule(String id) {
      checkNotNull(id, "id");
      unindex(rules.remove(position(id)));
      return this;
    }

    private int position(String id) {
      for (int i = 0; i < rules.size(); i++) {
        if (rules.get(i).id().equals(id)) {
          return i;
        }
      }
      throw new IllegalArgumentException("plan has no rule " + Texts.quote(id));
    }

    /**
     * Sets how a rule is picked when several apply; {@link Precedence#FIRST_MATCH} by default.
     *
     * @param value the precedence
     * @return this builder
     * @throws IllegalArgumentException if the value is {@code FIRST_MATCH} and two rules of the
     *     plan tie
     */
    @CanIgnoreReturnValue
    public Builder precedence(Precedence value) {
      checkNotNull(value, "precedence");
      if (value == Precedence.FIRST_MATCH && precedence != value) {
        // Each rule against the ones before it, which the index holds as it is filled again.
        byTarget.clear();
        try {
          for (CommissionRule rule : rules) {
            checkTie(rule, null, value);
            Conditions.Cases cases = Objects.requireNonNull(conditionCases.get(rule.id()),
                "bug: rule not indexed");
            byTarget(rule).forEach(bucket -> bucket.add(rule, cases));
          }
        } finally {
          reindex();
        }
      }
      this.precedence = value;
      return this;
    }

    /**
     * Sets how the commission is rounded, once; {@code HALF_EVEN} by default.
     *
     * @param value the rounding mode, not {@code UNNECESSARY}
     * @return this builder
     * @throws IllegalArgumentException if the mode is {@code UNNECESSARY}
     */
    @CanIgnoreReturnValue
    public Builder rounding(RoundingMode value) {
      checkNotNull(value, "rounding");
      checkArgument(value != RoundingMode.UNNECESSARY,
          "plan rounding must be a mode that rounds: %s", value);
      this.rounding = value;
      return this;
    }

    /**
     * Sets the time zone of the plan's calendar; UTC by default. A zone with a fixed offset is
     * kept as that offset, so {@code ZoneId.of("UTC")} and {@code ZoneOffset.UTC} make equal
     * plans.
     *
     * @param value the zone
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder zone(ZoneId value) {
      this.zone = checkNotNull(value, "zone").normalized();
      return this;
    }

    /**
     * Sets the most the rules of a conversion pay, after their own caps: a cap on the credited
     * affiliates' commissions, scaled by each credit's share. Milestone bonuses, overrides and
     * tier true-ups are paid on top, so a conversion may cost more (see the steps in the class
     * documentation).
     *
     * @param value the cap, not negative
     * @return this builder
     * @throws IllegalArgumentException if the cap is negative or below the plan's minimum
     * @throws CurrencyMismatchException if it is in another currency than the plan's amounts
     */
    @CanIgnoreReturnValue
    public Builder capPerConversion(Money value) {
      checkNotNull(value, "capPerConversion");
      checkArgument(!value.isNegative(), "plan capPerConversion must not be negative: %s", value);
      currency(value, "capPerConversion");
      if (minimumPerConversion != null) {
        checkArgument(!minimumPerConversion.isGreaterThan(value),
            "plan capPerConversion must not be below its minimum %s: %s", minimumPerConversion,
            value);
      }
      this.capPerConversion = value;
      return this;
    }

    /**
     * Sets the least the rules of a conversion that earn anything pay, scaled by each credit's
     * share; the plan's cap per conversion and its caps per period may still cut it.
     *
     * @param value the minimum, positive
     * @return this builder
     * @throws IllegalArgumentException if the minimum is not positive or above the plan's cap
     * @throws CurrencyMismatchException if it is in another currency than the plan's amounts
     */
    @CanIgnoreReturnValue
    public Builder minimumPerConversion(Money value) {
      checkNotNull(value, "minimumPerConversion");
      checkArgument(value.isPositive(), "plan minimumPerConversion must be positive: %s", value);
      currency(value, "minimumPerConversion");
      if (capPerConversion != null) {
        checkArgument(!value.isGreaterThan(capPerConversion),
            "plan minimumPerConversion must not exceed its cap %s: %s", capPerConversion, value);
      }
      this.minimumPerConversion = value;
      return this;
    }

    /**
     * Adds a cap per affiliate and period.
     *
     * @param value the cap
     * @return this builder
     * @throws IllegalArgumentException if the plan has a cap for that period
     * @throws CurrencyMismatchException if it is in another currency than the plan's amounts
     */
    @CanIgnoreReturnValue
    public Builder periodCap(PeriodCap value) {
      checkNotNull(value, "periodCap");
      for (PeriodCap cap : periodCaps) {
        if (cap.period() == value.period()) {
          throw new IllegalArgumentException("plan already has a " + value.period().label()
              + " cap, " + cap.cap() + ", so it takes no other: " + value.cap());
        }
      }
      currency(value.cap(), value.period().label() + " cap");
      periodCaps.add(value);
      return this;
    }

    /**
     * Adds a cap per affiliate and period.
     *
     * <p>For example, {@code periodCap(MONTH, USD 1000.00)}.
     *
     * @param period the period
     * @param cap the most an affiliate may earn in it, not negative
     * @return this builder
     * @throws IllegalArgumentException if the cap is negative, or the plan has a cap for that
     *     period
     * @throws CurrencyMismatchException if it is in another currency than the plan's amounts
     */
    @CanIgnoreReturnValue
    public Builder periodCap(Period period, Money cap) {
      return periodCap(new PeriodCap(period, cap));
    }

    /**
     * Adds a milestone bonus.
     *
     * @param value the milestone
     * @return this builder
     * @throws IllegalArgumentException if the plan has a milestone with the same id
     * @throws CurrencyMismatchException if the bonus is in another currency than the plan's
     *     amounts
     */
    @CanIgnoreReturnValue
    public Builder milestone(Milestone value) {
      checkNotNull(value, "milestone");
      if (milestoneIds.contains(value.id())) {
        throw new IllegalArgumentException(
            "plan already has a milestone " + Texts.quote(value.id()));
      }
      currency(value.bonus(), "milestone " + Texts.quote(value.id()) + " bonus");
      milestones.add(value);
      milestoneIds.add(value.id());
      return this;
    }

    /**
     * Sets the override rates of parent affiliates, nearest parent first; none by default.
     *
     * <p>For example, {@code overrideRates(10%, 5%)} pays an affiliate's parent 10% and the
     * parent's parent 5% of what the affiliate earns on each sale: the {@linkplain
     * CommissionQuote#amount() amount} of the sale's quote, commission and milestone bonus (see
     * {@link OverrideQuote}). A true-up that a sale owes the period's earlier sales, when it
     * reaches a tier of a {@link TierMode#WHOLE_PERIOD} rule, pays no overrides. The rates may add
     * up to more than 100%, such as 60% and 50%, as each override is paid beside the affiliate's
     * amount, not out of it.
     *
     * @param rates up to {@value CommissionPlan#MAX_OVERRIDE_LEVELS} rates; none to pay no
     *     overrides
     * @return this builder
     * @throws IllegalArgumentException if there are more levels than that
     */
    @CanIgnoreReturnValue
    public Builder overrideRates(List<Rate> rates) {
      List<Rate> copy = Elements.copyOf(checkNotNull(rates, "rates"), "rates");
      checkArgument(copy.size() <= MAX_OVERRIDE_LEVELS,
          "plan overrides must have at most %s levels: %s", MAX_OVERRIDE_LEVELS, copy.size());
      overrideRates.clear();
      overrideRates.addAll(copy);
      return this;
    }

    /**
     * Sets the override rates of parent affiliates, nearest parent first.
     *
     * @param rates up to {@value CommissionPlan#MAX_OVERRIDE_LEVELS} rates
     * @return this builder
     * @throws IllegalArgumentException if there are more levels than that
     */
    @CanIgnoreReturnValue
    public Builder overrideRates(Rate... rates) {
      return overrideRates(Arrays.asList(checkNotNull(rates, "rates")));
    }

    /**
     * Sets whether a zero amount is recorded; {@code true} by default. When not, a quote of zero
     * says {@link CommissionQuote#isRecorded() isRecorded() == false} and its explanation says
     * {@code zero commission is not recorded}.
     *
     * @param value whether to record zero amounts
     * @return this builder
     */
    @CanIgnoreReturnValue
    public Builder recordZero(boolean value) {
      this.recordsZero = value;
      return this;
    }

    /**
     * Returns the plan.
     *
     * @return the plan
     */
    public CommissionPlan build() {
      return new CommissionPlan(this);
    }

    /**
     * {@return the currency of the plan's amounts, if it has any, but the one of the field being
     * set, whose amount the new one replaces}
     */
    private @Nullable CurrencyUnit currency(String replacing) {
      return ruleCurrencies.isEmpty() ? planLevelCurrency(replacing)
          : ruleCurrencies.keySet().iterator().next();
    }

    /** {@return the currency of the plan's caps, minimum and bonuses, if it has any} */
    private @Nullable CurrencyUnit planLevelCurrency() {
      return planLevelCurrency("");
    }

    /**
     * {@return the currency of the plan's caps, minimum and bonuses but the one of the field being
     * set, if it has any}
     */
    private @Nullable CurrencyUnit planLevelCurrency(String replacing) {
      if (capPerConversion != null && !replacing.equals("capPerConversion")) {
        return capPerConversion.currency();
      }
      if (minimumPerConversion != null && !replacing.equals("minimumPerConversion")) {
        return minimumPerConversion.currency();
      }
      if (!periodCaps.isEmpty()) {
        return periodCaps.get(0).cap().currency();
      }
      return milestones.isEmpty() ? null : milestones.get(0).bonus().currency();
    }

    /**
     * Checks that an amount to add is in the currency of the plan's amounts.
     *
     * @param field what the amount is, such as {@code capPerConversion}
     */
    private void currency(Money amount, String field) {
      CurrencyUnit found = currency(field);
      if (found != null && !found.equals(amount.currency())) {
        throw new CurrencyMismatchException(found, amount.currency(), "plan " + field
            + " must be in " + found + ", the currency of the plan's other amounts: " + amount);
      }
    }

    /**
     * Checks a rule to add, or to put in the place of {@code replaced}, against the others: its
     * id, its currency and, under {@link Precedence#FIRST_MATCH}, a tie. Each check reads the
     * builder's indexes, so that adding a rule takes time in the rules it shares a key with, not
     * in all of them.
     */
    private void checkNewRule(CommissionRule rule, @Nullable CommissionRule replaced) {
      if (replaced == null && ruleIds.contains(rule.id())) {
        throw new IllegalArgumentException("plan already has a rule " + Texts.quote(rule.id()));
      }
      rule.currency().ifPresent(ruleCurrency -> {
        for (Map.Entry<CurrencyUnit, Integer> held : ruleCurrencies.entrySet()) {
          boolean onlyTheReplaced = replaced != null && held.getValue() == 1
              && replaced.currency().equals(Optional.of(held.getKey()));
          if (!onlyTheReplaced && !held.getKey().equals(ruleCurrency)) {
            throw ruleInOtherCurrency(rule, held.getKey());
          }
        }
        CurrencyUnit planLevel = planLevelCurrency();
        if (planLevel != null && !planLevel.equals(ruleCurrency)) {
          throw ruleInOtherCurrency(rule, planLevel);
        }
      });
      checkTie(rule, replaced, precedence);
    }

    /**
     * The priority, level and one target key of a rule: rules that share one may tie.
     * Comparable, so that a {@link java.util.HashMap} keeps keys of colliding ids in a tree (see
     * {@link dev.affiliatekit.internal.HashKeys}).
     */
    private record TieKey(int priority, RuleTarget.Level level, String key)
        implements Comparable<TieKey> {
      private static final Comparator<TieKey> ORDER = Comparator.comparingInt(TieKey::priority)
          .thenComparing(TieKey::level).thenComparing(TieKey::key);

      @Override
      public int compareTo(TieKey other) {
        return ORDER.compare(this, other);
      }
    }

    /** {@return the keys of the rule in the index: its priority, level and each target key} */
    private static List<TieKey> tieKeys(CommissionRule rule) {
      RuleTarget target = rule.target();
      Collection<String> keys = target.level() == RuleTarget.Level.PROGRAM ? List.of("")
          : target.keys();
      List<TieKey> tieKeys = new ArrayList<>(keys.size());
      for (String key : keys) {
        tieKeys.add(new TieKey(rule.priority(), target.level(), key));
      }
      return tieKeys;
    }

    /** {@return the buckets of the index that hold, or are to hold, the rule} */
    private List<TieBucket> byTarget(CommissionRule rule) {
      List<TieBucket> buckets = new ArrayList<>();
      for (TieKey key : tieKeys(rule)) {
        buckets.add(byTarget.computeIfAbsent(key, tieKey -> new TieBucket()));
      }
      return buckets;
    }

    private void add(CommissionRule rule) {
      rules.add(rule);
      index(rule);
    }

    private void index(CommissionRule rule) {
      ruleIds.add(rule.id());
      Conditions.Cases cases = Conditions.cases(rule.condition());
      conditionCases.put(rule.id(), cases);
      byTarget(rule).forEach(bucket -> bucket.add(rule, cases));
      rule.currency().ifPresent(currency -> ruleCurrencies.merge(currency, 1, Integer::sum));
    }

    private void unindex(CommissionRule rule) {
      ruleIds.remove(rule.id());
      conditionCases.remove(rule.id());
      byTarget(rule).forEach(bucket -> bucket.remove(rule.id()));
      rule.currency().ifPresent(currency -> ruleCurrencies.computeIfPresent(currency,
          (key, count) -> count == 1 ? null : count - 1));
    }

    /** Builds the indexes again from the rules. */
    private void reindex() {
      ruleIds.clear();
      conditionCases.clear();
      byTarget.clear();
      ruleCurrencies.clear();
      rules.forEach(this::index);
    }

    private static CurrencyMismatchException ruleInOtherCurrency(CommissionRule rule,
        CurrencyUnit expected) {
      CurrencyUnit actual = rule.currency().orElseThrow();
      return new CurrencyMismatchException(expected, actual, "rule " + Texts.quote(rule.id())
          + " amounts must be in " + expected + ", the currency of the plan's other amounts: "
          + actual);
    }


    /**
     * Under {@link Precedence#FIRST_MATCH}, refuses a rule that ties with one the index holds
     * (other than {@code replaced}): of the same priority and level, sharing a key (or both for
     * the program), with conditions that may hold together. The first such rule in the plan's
     * order is named.
     */
    private void checkTie(CommissionRule rule, @Nullable CommissionRule replaced,
        Precedence value) {
      if (value != Precedence.FIRST_MATCH) {
        return;
      }
      List<TieKey> keys = tieKeys(rule);
      // A rule of several keys may meet another under more than one of them.
      Set<String> seen = keys.size() > 1 ? new HashSet<>() : null;
      Conditions.Cases cases = null;
      Set<String> tying = new HashSet<>();
      for (TieKey key : keys) {
        TieBucket bucket = byTarget.get(key);
        if (bucket == null) {
          continue;
        }
        if (cases == null) {
          cases = Conditions.cases(rule.condition());
        }
        for (Map.Entry<CommissionRule, Conditions.Cases> other
            : bucket.candidates(cases).entrySet()) {
          String otherId = other.getKey().id();
          boolean isReplaced = replaced != null && otherId.equals(replaced.id());
          if (isReplaced || (seen != null && !seen.add(otherId))) {
            continue;
          }
          if (!Conditions.disjoint(cases, other.getValue())) {
            tying.add(otherId);
          }
        }
      }
      if (tying.isEmpty()) {
        return;
      }
      RuleTarget target = rule.target();
      for (CommissionRule other : rules) {
        if (!tying.contains(other.id())) {
          continue;
        }
        String where;
        if (target.level() == RuleTarget.Level.PROGRAM) {
          where = "the program";
        } else {
          Set<String> shared = new TreeSet<>(target.keys());
          shared.retainAll(other.target().keys());
          // Keys as a message shows them: quoted, and a few of many.
          List<String> quoted = shared.stream().map(Texts::quote).toList();
          where = target.level().name().toLowerCase(Locale.ROOT)
              + (quoted.size() == 1 ? " " + quoted.get(0) : " in " + Formats.set(quoted, 4));
        }
        throw new IllegalArgumentException("rule " + Texts.quote(rule.id()) + " ties with rule "
            + Texts.quote(other.id()) + ": both have priority " + rule.priority() + " for "
            + where + " and conditions that may hold together; give one a higher priority or"
            + " make their conditions exclusive");
      }
    }
  }
}
