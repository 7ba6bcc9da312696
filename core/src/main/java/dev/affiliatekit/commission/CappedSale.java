package dev.affiliatekit.commission;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.affiliatekit.internal.Texts;
import dev.affiliatekit.money.CurrencyMismatchException;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An earlier sale of a whole-period tiered rule whose portion a cap per conversion could hold
 * below a rate of the rule's tiers, or that a minimum per conversion lifted above the rate of its
 * tier: the portion's credited base, the most it can earn under the caps per conversion
 * that applied to it, and what it earned.
 *
 * <p>A {@linkplain TierReached true-up} owes such a sale the new rate of its base only up to its
 * limit: {@code min(rate × base, limit)}, less what it earned, and never less than zero for the
 * sale. The limit is the least of the rule's {@linkplain CommissionRule#cap() cap} and of what
 * the portion earned plus its part of what the plan's {@linkplain
 * CommissionPlan#capPerConversion() cap per conversion} leaves above the sale's commission, each
 * cap scaled by the credit's share and rounded down as the quote does. That part is all of it,
 * unless the sale has other portions of tiers for the whole period whose true-ups may still grow
 * (their rule's highest rate of their base, and their rule's own cap, are above what they
 * earned): such portions share it in proportion to their bases, so that together they stay
 * within the cap, a minor unit left over among equal bases going to the rule listed first in the
 * plan, whatever the order of the sale's line items.
 * For example, a sale of {@code USD 2000.00} that earned {@code USD 200.00} under a cap of {@code
 * USD 200.00} per conversion has a limit of {@code USD 200.00}, so at 20% it is owed nothing;
 * with a credit share of 50%, its base is {@code USD 1000.00} and its limit {@code USD 100.00}.
 * A sale of {@code USD 10.00} that a minimum of {@code USD 5.00} lifted from 10% is owed nothing
 * at 20%: {@code max(USD 2.00, USD 5.00)} less the {@code USD 5.00} it earned.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param base the credited base of the portion of the sale that the tiered rule priced
 * @param limit the most that portion can earn under the caps per conversion, zero or positive
 * @param earned what the portion earned: its {@linkplain RulePortion#commission() commission}
 */
public record CappedSale(Money base, Money limit, Money earned) {

  /**
   * Validates the parts.
   *
   * @param base the credited base of the portion
   * @param limit the most the portion can earn under the caps per conversion
   * @param earned what the portion earned
   * @throws IllegalArgumentException if an amount is negative
   * @throws CurrencyMismatchException if the limit or the earned amount is in another currency
   *     than the base
   */
  public CappedSale {
    checkNotNull(base, "base");
    checkNotNull(limit, "limit");
    checkNotNull(earned, "earned");
    checkCurrency(base, limit, "limit");
    checkCurrency(base, earned, "earned");
    checkArgument(!base.isNegative(), "capped sale base must not be negative: %s", base);
    checkArgument(!limit.isNegative(), "capped sale limit must not be negative: %s", limit);
    checkArgument(!earned.isNegative(), "capped sale earned must not be negative: %s", earned);
  }

  private static void checkCurrency(Money base, Money amount, String name) {
    if (!amount.currency().equals(base.currency())) {
      throw new CurrencyMismatchException(base.currency(), amount.currency(), "capped sale "
          + name + " must be in " + base.currency() + ", the currency of its base: " + amount);
    }
  }

  /**
   * Returns the portion of a quoted sale as a capped sale, if a cap per conversion could hold it
   * below the highest rate of its rule's tiers, or if a minimum per conversion of the rule or the
   * plan lifted it above the rate of its tier, rounded up; empty otherwise, so that the sale
   * earns the full rate of its base at every tier and counts among the figures' bases (see {@link
   * TierReached}). Without a cap, the limit is the highest rate of its base, rounded up, or what it
   * earned if that is more: a limit that never cuts it.
   *
   * <p>For example, under a plan cap of {@code USD 200.00} per conversion and tiers of 15% and
   * 20%, the portion {@code tiers: base USD 2000.00, commission USD 200.00} is {@code USD 2000.00
   * limited to USD 200.00, earned USD 200.00}, while {@code tiers: base USD 10.00, commission USD
   * 1.50} gives none, as 20% of {@code USD 10.00} is within the cap.
   *
   * @param quote the quote of the sale
   * @param portion one of the portions that {@link TierReached#counted} returns for the quote
   * @return the capped sale, or empty
   * @throws IllegalArgumentException if the portion's rule is not a rule of the quote's plan, or
   *     its base or commission is negative, as no portion of a quote is
   * @throws CurrencyMismatchException if the portion is in another currency than the quote
   * @throws ArithmeticException if the portion's commission plus its part of what the plan's cap
   *     per conversion leaves does not fit in money, which no portion of a quote reaches
   */
  public static Optional<CappedSale> from(CommissionQuote quote, RulePortion portion) {
    return from(quote, portion, null, -1);
  }

  /**
   * Returns, for each of the portions that {@link TierReached#counted} returned for a quote, in
   * its order, what {@link #from} gives for it. Under a plan's cap per conversion, a call of
   * {@code from} for a sale of several rules lists the quote's portions, which prices the sale
   * again (see {@link CommissionQuote#portions()}), so a sale of many tiered rules is best read
   * by this method, which reads the portions the caller listed.
   *
   * @param quote the quote of the sale
   * @param counted what {@link TierReached#counted} returned for the quote
   * @return the capped sale of each counted portion, or empty
   * @throws NullPointerException if the list or a portion is null, naming the index of the first
   *     null portion ({@code counted contains null at index 1})
   * @throws IllegalArgumentException if a portion's rule is not a rule of the quote's plan, or its
   *     base or commission is negative, as no portion of a quote is
   * @throws CurrencyMismatchException if a portion is in another currency than the quote
   * @throws ArithmeticException if the portions' bases add up, or a portion's commission plus its
   *     part of what the plan's cap per conversion leaves adds up, to more than money holds, which
   *     no portions of a quote reach
   */
  public static List<Optional<CappedSale>> fromCounted(CommissionQuote quote,
      List<RulePortion> counted) {
    checkNotNull(quote, "quote");
    Growing growing =
        new Growing(quote, Elements.copyOf(checkNotNull(counted, "counted"), "counted"));
    // Every portion is checked first: telling which grow reads the rules of all of them.
    for (RulePortion portion : growing.counted) {
      CommissionRule unused = ruleOf(quote, portion);
    }
    List<Optional<CappedSale>> capped = new ArrayList<>(growing.counted.size());
    for (int i = 0; i < growing.counted.size(); i++) {
      capped.add(from(quote, growing.counted.get(i), growing, i));
    }
    return List.copyOf(capped);
  }

  /**
   * {@return the capped sale of a portion, which is the counted portion {@code at} of the
   * growing portions if they are given}
   */
  private static Optional<CappedSale> from(CommissionQuote quote, RulePortion portion,
      @Nullable Growing growing, int at) {
    checkNotNull(quote, "quote");
    CommissionRule rule = ruleOf(quote, portion);
    Rate share = quote.credit().share();
    Money limit = null;
    Optional<Money> ruleCap = rule.cap();
    if (ruleCap.isPresent()) {
      limit = ruleCap.get().times(share, RoundingMode.FLOOR);
    }
    Optional<Money> planCap = quote.plan().capPerConversion();
    if (planCap.isPresent()) {
      // The plan's cap covers the sale's whole commission. What it leaves above the commission
      // is shared by the portions whose true-ups may grow, those of tiers for the whole period,
      // in proportion to their bases, so that their true-ups together stay within it.
      Money headroom = planCap.get().times(share, RoundingMode.FLOOR).minus(quote.commission());
      Money part = Money.zero(headroom.currency());
      if (headroom.isPositive()) {
        part = growing == null ? shareOf(headroom, quote, portion) : growing.shareOf(headroom, at);
      }
      Money left = portion.commission().plus(part);
      limit = limit == null || left.isLessThan(limit) ? left : limit;
    }
    BigDecimal highest = at(portion.base(), highestRate(rule.payout()));
    BigDecimal earned = BigDecimal.valueOf(portion.commission().minorUnits());
    // A minimum that lifted the sale above the rate it was paid at, rounded up: at a higher tier
    // whose rate of the base is still below what it earned, it is owed nothing, and nets nothing
    // against the other sales.
    boolean lifted = (rule.minimum().isPresent() || quote.plan().minimumPerConversion().isPresent())
        && at(portion.base(), paidRate(rule, quote)).setScale(0, RoundingMode.CEILING)
            .compareTo(earned) < 0;
    if (limit == null) {
      if (!lifted) {
        return Optional.empty();
      }
      // No cap: a limit that never cuts, the highest rate of the base, rounded up.
      limit = Money.ofMinor(highest.setScale(0, RoundingMode.CEILING).max(earned)
          .longValueExact(), portion.base().currency());
    }
    if (limit.isNegative()) {
      limit = Money.zero(limit.currency());
    }
    if (!lifted && highest.compareTo(BigDecimal.valueOf(limit.minorUnits())) <= 0) {
      return Optional.empty();
    }
    return Optional.of(new CappedSale(portion.base(), limit, portion.commission()));
  }

  /**
   * Checks a portion against its quote and returns its rule.
   *
   * @throws IllegalArgumentException if the portion's rule is not in the quote's plan, or its base
   *     or commission is negative
   * @throws CurrencyMismatchException if the portion is in another currency than the quote
   */
  private static CommissionRule ruleOf(CommissionQuote quote, RulePortion portion) {
    checkNotNull(portion, "portion");
    String described = "rule " + Texts.quote(portion.ruleId()) + " base " + portion.base()
        + ", commission " + portion.commission();
    if (!portion.base().currency().equals(quote.amount().currency())) {
      throw new CurrencyMismatchException(quote.amount().currency(), portion.base().currency(),
          "portion must be in " + quote.amount().currency() + ", the quote's currency: "
              + described);
    }
    CommissionRule rule = quote.plan().rule(portion.ruleId()).orElseThrow(
        () -> new IllegalArgumentException(
            "portion rule is not in the plan: " + Texts.quote(portion.ruleId())));
    // No portion of a quote is negative, nor any capped sale: refused whatever the caps, not only
    // when one of them limits the portion.
    checkArgument(!portion.base().isNegative(), "portion base must not be negative: %s", described);
    checkArgument(!portion.commission().isNegative(), "portion commission must not be negative:"
        + " %s", described);
    return rule;
  }

  /**
   * {@return the portion's part of the headroom, which is positive, that the plan's cap leaves
   * above the sale's commission: all of it if the portion is the only one of a tier for the whole
   * period that may grow, else its part in proportion to the bases of those portions and its
   * own}
   */
  private static Money shareOf(Money headroom, CommissionQuote quote, RulePortion portion) {
    List<RulePortion> counted = TierReached.counted(quote);
    int at = counted.indexOf(portion);
    return at < 0 ? headroom : new Growing(quote, counted).shareOf(headroom, at);
  }

  /**
   * Returns the headroom prorated over the bases of the portions, a part for each portion in
   * their order. The minor units left over go as {@link Money#prorate(List)} gives them, with the
   * portions taken in the plan's order of their rules: among equal bases, to the rule listed
   * first in the plan, whatever the order of the sale's items, which orders its portions.
   */
  private static List<Money> prorate(Money headroom, CommissionQuote quote,
      List<RulePortion> portions) {
    int count = portions.size();
    int[] planOrder = new int[count];
    Integer[] byPlan = new Integer[count];
    for (int i = 0; i < count; i++) {
      planOrder[i] = planOrder(quote.plan(), portions.get(i).ruleId());
      byPlan[i] = i;
    }
    Arrays.sort(byPlan, Comparator.comparingInt(i -> planOrder[i]));
    List<Money> bases = new ArrayList<>(count);
    for (int i : byPlan) {
      bases.add(portions.get(i).base());
    }
    List<Money> shares = headroom.prorate(bases);
    Money[] parts = new Money[count];
    for (int k = 0; k < count; k++) {
      parts[byPlan[k]] = shares.get(k);
    }
    return List.of(parts);
  }

  /** {@return the position in the plan of a rule of the plan} */
  private static int planOrder(CommissionPlan plan, String ruleId) {
    // The portions that share the headroom are of rules tiered for the whole period, which the
    // plan's index finds by id; any other is looked for among all the rules.
    CompiledRule tiered = plan.index().wholePeriodById.get(ruleId);
    return tiered != null ? tiered.order
        : plan.rules().indexOf(plan.rule(ruleId).orElseThrow());
  }

  /**
   * The counted portions of a quote, with which of them may still grow, told once for all of
   * them: the portions that share what the plan's cap leaves above the sale's commission.
   */
  private static final class Growing {
    final List<RulePortion> counted;
    private final CommissionQuote quote;
    private boolean @Nullable [] grows;
    /** The headroom prorated over the bases of the portions that grow, each taking its part. */
    private @Nullable List<Money> sharesOfGrowing;

    Growing(CommissionQuote quote, List<RulePortion> counted) {
      this.quote = quote;
      this.counted = counted;
    }

    /**
     * {@return what {@code shareOf} gives for the counted portion {@code at}, with the sale
     * priced once for all of them}
     */
    Money shareOf(Money headroom, int at) {
      boolean[] grows = this.grows;
      if (grows == null) {
        grows = new boolean[counted.size()];
        for (int i = 0; i < grows.length; i++) {
          grows[i] = canGrow(quote, counted.get(i));
        }
        this.grows = grows;
      }
      List<RulePortion> sharing = new ArrayList<>();
      int position = -1;
      for (int i = 0; i < grows.length; i++) {
        if (i == at || grows[i]) {
          position = i == at ? sharing.size() : position;
          sharing.add(counted.get(i));
        }
      }
      if (sharing.size() <= 1) {
        return headroom;
      }
      if (sharing.stream().map(RulePortion::base).noneMatch(Money::isPositive)) {
        return Money.zero(headroom.currency());
      }
      if (!grows[at]) {
        return prorate(headroom, quote, sharing).get(position);
      }
      // The portions that grow share one proration, whichever of them asks.
      List<Money> shares = sharesOfGrowing;
      if (shares == null) {
        shares = prorate(headroom, quote, sharing);
        sharesOfGrowing = shares;
      }
      return shares.get(position);
    }
  }

  /**
   * {@return whether a portion's true-ups may still grow: its rule's highest rate of its base is
   * above what it earned, and so is its rule's own cap, if it has one}
   */
  private static boolean canGrow(CommissionQuote quote, RulePortion portion) {
    CommissionRule rule = quote.plan().rule(portion.ruleId()).orElseThrow();
    BigDecimal earned = BigDecimal.valueOf(portion.commission().minorUnits());
    if (at(portion.base(), highestRate(rule.payout())).compareTo(earned) <= 0) {
      return false;
    }
    Optional<Money> cap = rule.cap();
    return cap.isEmpty() || cap.get().times(quote.credit().share(), RoundingMode.FLOOR)
        .isGreaterThan(portion.commission());
  }

  /**
   * Returns whether the caps per conversion hold the sale below a rate: whether the rate of its
   * base exceeds its limit. For example, {@code USD 2000.00} limited to {@code USD 200.00} is cut
   * at 15% and at 20%, but not at 10%.
   *
   * @param rate the rate
   * @return whether the limit is below the rate of the base
   */
  public boolean isCutAt(Rate rate) {
    checkNotNull(rate, "rate");
    return at(base, rate).compareTo(BigDecimal.valueOf(limit.minorUnits())) > 0;
  }

  /**
   * {@return what the sale is due at a rate, in minor units, exact: {@code max(min(rate × base,
   * limit), earned)}}
   */
  BigDecimal dueAt(Rate rate) {
    BigDecimal due = at(base, rate).min(BigDecimal.valueOf(limit.minorUnits()));
    return due.max(BigDecimal.valueOf(earned.minorUnits()));
  }

  /** {@return the rate of an amount in minor units, exact} */
  static BigDecimal at(Money amount, Rate rate) {
    return rate.toFraction().multiply(BigDecimal.valueOf(amount.minorUnits()));
  }

  /**
   * {@return the rate of the tier at which a tiered rule paid the quoted sale, or of its first
   * tier if the quote does not list the rule; zero for any other payout}
   */
  private static Rate paidRate(CommissionRule rule, CommissionQuote quote) {
    int tier = quote.tiers().getOrDefault(rule.id(), 1) - 1;
    Payout payout = rule.payout();
    if (payout instanceof Payout.TieredBySales sales) {
      return sales.tiers().get(Math.min(tier, sales.tiers().size() - 1)).rate();
    } else if (payout instanceof Payout.TieredByRevenue revenue) {
      return revenue.tiers().get(Math.min(tier, revenue.tiers().size() - 1)).rate();
    }
    return Rate.ZERO;
  }

  /** {@return the highest rate of a tiered payout's tiers, or its rate for any other payout} */
  private static Rate highestRate(Payout payout) {
    Rate highest = Rate.ZERO;
    if (payout instanceof Payout.TieredBySales sales) {
      for (Payout.SalesTier tier : sales.tiers()) {
        highest = tier.rate().compareTo(highest) > 0 ? tier.rate() : highest;
      }
    } else if (payout instanceof Payout.TieredByRevenue revenue) {
      for (Payout.RevenueTier tier : revenue.tiers()) {
        highest = tier.rate().compareTo(highest) > 0 ? tier.rate() : highest;
      }
    } else {
      // Only tiered rules count toward true-ups; any other rule can always be held by its cap.
      highest = Rate.ONE;
    }
    return highest;
  }

  /** {@return such as {@code USD 2000.00 limited to USD 200.00, earned USD 200.00}} */
  @Override
  public String toString() {
    return base + " limited to " + limit + ", earned " + earned;
  }
}
