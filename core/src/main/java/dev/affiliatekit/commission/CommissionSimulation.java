package dev.affiliatekit.commission;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.affiliatekit.internal.Chain;
import dev.affiliatekit.money.CurrencyMismatchException;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;

/**
 * What-if: re-prices past sales under the current plan and a proposed one, and reports what each
 * affiliate, and the program in total, would have earned under each, per currency.
 *
 * <p>The figures are commissions as accrued, true-ups and overrides included, as an affiliate
 * statement's {@code accrued} counts them: refunds and chargebacks are not cases, and what they
 * took back is not taken off. A statement's {@code earned}, accrued less reversed, is lower by
 * what they took back.
 *
 * <p>{@link #replay} is the one to use for plans with tiers, milestones or caps per period: it
 * replays the sales in time order under each plan separately, so that each plan's own commissions
 * fill its own caps and each sale's number and revenue count toward its tiers, in the sale's
 * currency, and a sale that reaches a higher tier for the whole period pays the earlier sales
 * their true-up, as {@code AffiliateProgram} does when it records the sales in time order (it
 * counts each sale when it is recorded, so a sale recorded late counts after those recorded before
 * it, and the two can differ). {@link #compare} quotes every case in the
 * context it was recorded with, which is exact for plans that count no period; it pays no
 * true-ups, as the contexts do not say what the earlier sales of each tiered rule earned.
 *
 * <pre>{@code
 * SimulationReport report = CommissionSimulation.replay(current, proposed, lastMonthsSales);
 * report.totals();          // {USD=USD 4120.50 -> USD 4388.10 (+USD 267.60)}
 * report.affiliates();      // one line per affiliate and currency
 * System.out.println(report.describe());
 * }</pre>
 */
public final class CommissionSimulation {

  private CommissionSimulation() {}

  /**
   * Quotes every case under both plans in its recorded context.
   *
   * @param current the plan in force
   * @param proposed the plan considered
   * @param cases the past sales
   * @return the report
   * @throws IllegalArgumentException if a case cannot be quoted under a plan (see {@link
   *     CommissionPlan#quote})
   * @throws CurrencyMismatchException if a case's amounts are in another currency than a plan's
   * @throws ArithmeticException if a quote overflows, or the report's totals of the commissions
   *     under a plan would pass what a {@code long} of minor units holds
   */
  public static SimulationReport compare(CommissionPlan current, CommissionPlan proposed,
      List<SimulationCase> cases) {
    checkNotNull(current, "current");
    checkNotNull(proposed, "proposed");
    List<SimulationCase> copy = Elements.copyOf(checkNotNull(cases, "cases"), "cases");
    List<CommissionQuote> before = new ArrayList<>(copy.size());
    List<CommissionQuote> after = new ArrayList<>(copy.size());
    List<Money> none = new ArrayList<>(copy.size());
    for (SimulationCase simulated : copy) {
      before.add(current.quote(simulated.conversion(), simulated.credit(), simulated.context()));
      after.add(proposed.quote(simulated.conversion(), simulated.credit(), simulated.context()));
      none.add(Money.zero(simulated.conversion().currency()));
    }
    return report(copy, new Replayed(before, none), new Replayed(after, none));
  }

  /**
   * Replays the cases in time order under each plan, rebuilding the affiliates' performance in
   * every period a plan counts from the plan's own quotes.
   *
   * <p>Performance is kept per affiliate, period and currency, as {@code AffiliateProgram} keeps
   * it: revenue in two currencies cannot be added, so an affiliate who sells in USD and EUR has a
   * USD performance that counts her USD sales, their bases and commissions, and an EUR one that
   * counts her EUR sales. Each starts from the history before the replayed sales, taken as it was:
   * of the performances that the contexts of the affiliate's cases in that period and currency
   * recorded, the one that counts the fewest sales, which is that of the first of them the program
   * recorded (of those with as few, the earliest case's), with that context's paid tiers. So a
   * sale recorded late, whose context counts later sales recorded before it, starts nothing from
   * them, and the replay counts each sale once. A period starts from nothing if a case in it
   * recorded no performance for it, as a context built by hand with {@link SimulationCase#of}
   * does, or if its cases recorded it only in another currency or with other bounds than the
   * plan's calendar gives, such as a month of another zone when the proposed plan changes the
   * zone; each quote then adds its sale, base and amount ({@link
   * PeriodPerformance#plus(CommissionQuote)}).
   * Periods follow each plan's {@link CommissionPlan#zone() zone}. Cases at the same instant keep
   * their order.
   *
   * <p>A case whose quote {@linkplain CommissionQuote#tiersReached() reaches a higher tier for the
   * whole period} also earns the {@linkplain TierReached true-up} of the earlier replayed sales of
   * the period that the tiered rule counts, each up to its {@linkplain CappedSale limit} under the
   * caps per conversion, within the plan's caps per period, and the true-up counts among the
   * period's commissions from then on, exactly as {@code AffiliateProgram} pays it, also when the
   * case's sale is of another rule and lifts the count (or revenue) past the tier: the replay gives
   * each quote the {@linkplain CommissionContext#paidTier(String) paid tier} of the earlier
   * replayed sales. The report counts it in the case's {@link SimulationReport.Outcome} and in the
   * totals. Sales before the replayed ones, which the recorded performance counts, are owed no
   * true-up here: their figures per rule are not known. For example, with tiers of 10% from sale 1
   * and 20% from sale 3, three sales of {@code USD 100.00} in a month earn {@code USD 10.00},
   * {@code USD 10.00} and {@code USD 20.00} plus a true-up of {@code USD 20.00}: {@code USD 60.00}.
   *
   * <p>For example, under a cap of {@code USD 100.00} a month, two sales that earn {@code USD
   * 80.00} each earn {@code USD 80.00} and {@code USD 20.00}; under a proposed cap of {@code USD
   * 150.00}, {@code USD 80.00} and {@code USD 70.00}, if the affiliate had earned nothing in the
   * month before them, whatever each sale's own context recorded. Commissions that the history
   * before them counts fill the caps first.
   *
   * @param current the plan in force
   * @param proposed the plan considered
   * @param cases the past sales, in any order
   * @return the report, with the cases in time order
   * @throws IllegalArgumentException if a case cannot be quoted under a plan (see {@link
   *     CommissionPlan#quote})
   * @throws CurrencyMismatchException if a case's amounts are in another currency than a plan's
   * @throws ArithmeticException if a quote overflows, or the report's totals of the commissions
   *     under a plan would pass what a {@code long} of minor units holds
   */
  public static SimulationReport replay(CommissionPlan current, CommissionPlan proposed,
      List<SimulationCase> cases) {
    checkNotNull(current, "current");
    checkNotNull(proposed, "proposed");
    List<SimulationCase> ordered =
        new ArrayList<>(Elements.copyOf(checkNotNull(cases, "cases"), "cases"));
    ordered.sort(
        Comparator.comparing((SimulationCase simulated) -> simulated.conversion().instant()));
    return report(ordered, replay(current, ordered), replay(proposed, ordered));
  }

  /**
   * An affiliate's performance key: its period and currency. Comparable, so that a {@link
   * java.util.HashMap} keeps keys of colliding ids in a tree (see {@link
   * dev.affiliatekit.internal.HashKeys}).
   */
  private record Key(String affiliateId, Period period, CurrencyUnit currency)
      implements Comparable<Key> {
    private static final Comparator<Key> ORDER = Comparator.comparing(Key::affiliateId)
        .thenComparing(Key::period).thenComparing(Key::currency);

    @Override
    public int compareTo(Key other) {
      return ORDER.compare(this, other);
    }
  }

  /**
   * A tiered rule's figures key: the affiliate, period, currency, period start and rule.
   * Comparable, so that a {@link java.util.HashMap} keeps keys of colliding ids in a tree (see
   * {@link dev.affiliatekit.internal.HashKeys}).
   */
  private record TierKey(String affiliateId, Period period, CurrencyUnit currency, Instant start,
      String ruleId) implements Comparable<TierKey> {
    private static final Comparator<TierKey> ORDER = Comparator.comparing(TierKey::affiliateId)
        .thenComparing(TierKey::period).thenComparing(TierKey::currency)
        .thenComparing(TierKey::start).thenComparing(TierKey::ruleId);

    @Override
    public int compareTo(TierKey other) {
      return ORDER.compare(this, other);
    }
  }

  /**
   * A tiered rule's figures in a period: the bases of the sales it counts that no cap per
   * conversion could hold, the commissions of all, the sales a cap per conversion could hold, and
   * the tier at whose rate they are paid, counting from 1, or 0 if not known yet.
   */
  private record Figures(Money bases, Money commissions, Chain<CappedSale> capped, int tier) {
    Figures plus(Money moreBases, Money moreCommissions, int newTier) {
      return new Figures(bases.plus(moreBases), commissions.plus(moreCommissions), capped,
          newTier);
    }

    Figures plus(CappedSale sale, int newTier) {
      return new Figures(bases, commissions.plus(sale.earned()), capped.plus(sale), newTier);
    }
  }

  /** The quotes of the replayed cases, and the true-up each granted. */
  private record Replayed(List<CommissionQuote> quotes, List<Money> trueUps) {}

  private static Replayed replay(CommissionPlan plan, List<SimulationCase> cases) {
    Map<PeriodKey, CommissionContext> history = history(plan, cases);
    Map<Key, PeriodPerformance> performance = new HashMap<>();
    Map<TierKey, Figures> figures = new HashMap<>();
    // The rules each affiliate has figures of, so that a case reads its own, not every rule's.
    Map<String, Set<String>> figureRules = new HashMap<>();
    List<CommissionQuote> quotes = new ArrayList<>(cases.size());
    List<Money> trueUps = new ArrayList<>(cases.size());
    for (SimulationCase simulated : cases) {
      Instant instant = simulated.conversion().instant();
      CurrencyUnit currency = simulated.conversion().currency();
      CommissionContext context = simulated.context();
      String affiliateId = context.affiliateId();
      for (Period period : plan.periods()) {
        Key key = new Key(affiliateId, period, currency);
        PeriodPerformance now = performance.get(key);
        if (now == null || !now.contains(instant)) {
          PeriodPerformance empty = PeriodPerformance.empty(period, instant, plan.zone(), currency);
          CommissionContext before =
              history.get(new PeriodKey(affiliateId, period, empty.start(), currency));
          now = before == null ? empty : before.performance(period).orElse(empty);
        }
        context = context.withPerformance(now);
        performance.put(key, now);
      }
      // The paid tiers of the replayed sales, or else of the history before them: not those the
      // case recorded, which may count sales replayed here.
      Map<String, Integer> paidTiers = new HashMap<>();
      for (CompiledRule rule : tieredRules(plan, context, currency,
          figureRules.getOrDefault(affiliateId, Set.of()), history)) {
        Figures paid = figures.get(tierKey(context, rule.tierPeriod, currency, rule.id));
        if (paid != null && paid.tier() > 0) {
          paidTiers.put(rule.id, paid.tier());
        } else {
          CommissionContext before = history.get(new PeriodKey(affiliateId, rule.tierPeriod,
              context.performance(rule.tierPeriod).orElseThrow().start(), currency));
          OptionalInt tier = before == null ? OptionalInt.empty() : before.paidTier(rule.id);
          if (tier.isPresent()) {
            paidTiers.put(rule.id, tier.getAsInt());
          }
        }
      }
      if (!paidTiers.equals(context.paidTiers())) {
        context = new CommissionContext(context.affiliate(), context.performance(),
            context.customerFirstPurchase(), context.uplines(), paidTiers);
      }
      CommissionQuote quote = plan.quote(simulated.conversion(), simulated.credit(), context);
      quotes.add(quote);

      Money zero = Money.zero(currency);
      Figures none = new Figures(zero, zero, Chain.empty(), 0);
      Money granted = zero;
      Map<TierReached, Money> grantedByTier = new LinkedHashMap<>();
      for (TierReached tier : quote.tiersReached()) {
        Figures earlier = figures.getOrDefault(
            tierKey(context, tier.period(), currency, tier.ruleId()), none);
        Money trueUp = tier.trueUp(quote, earlier.bases(), earlier.commissions(),
            earlier.capped().toList(), granted);
        granted = granted.plus(trueUp);
        grantedByTier.put(tier, trueUp);
      }
      trueUps.add(granted);

      List<RulePortion> counted = TierReached.counted(quote);
      List<Optional<CappedSale>> capped = CappedSale.fromCounted(quote, counted);
      for (Period period : plan.periods()) {
        Key key = new Key(context.affiliateId(), period, currency);
        PeriodPerformance after = context.performance(period).orElseThrow().plus(quote);
        if (granted.isPositive()) {
          after = new PeriodPerformance(period, after.start(), after.end(), after.sales(),
              after.revenue(), after.commissions().plus(granted));
        }
        performance.put(key, after);
        // A tier reached stands even when its true-up is zero: the earlier sales are paid up to it.
        for (Map.Entry<TierReached, Money> tier : grantedByTier.entrySet()) {
          TierKey rule = tierKey(context, period, currency, tier.getKey().ruleId());
          figures.put(rule, figures.getOrDefault(rule, none)
              .plus(zero, tier.getValue(), tier.getKey().tier()));
          figureRules.computeIfAbsent(rule.affiliateId(), id -> new HashSet<>()).add(rule.ruleId());
        }
        for (int i = 0; i < counted.size(); i++) {
          RulePortion portion = counted.get(i);
          TierKey rule = tierKey(context, period, currency, portion.ruleId());
          Figures earlier = figures.getOrDefault(rule, none);
          int paidTier = quote.tiers().getOrDefault(portion.ruleId(), 0);
          Optional<CappedSale> sale = capped.get(i);
          figures.put(rule, sale.isPresent() ? earlier.plus(sale.get(), paidTier)
              : earlier.plus(portion.base(), portion.commission(), paidTier));
          figureRules.computeIfAbsent(rule.affiliateId(), id -> new HashSet<>()).add(rule.ruleId());
        }
      }
    }
    return new Replayed(quotes, trueUps);
  }

  /**
   * An affiliate's period of a plan's calendar, in one currency. Comparable, so that a {@link
   * java.util.HashMap} keeps keys of colliding ids in a tree (see {@link
   * dev.affiliatekit.internal.HashKeys}).
   */
  private record PeriodKey(String affiliateId, Period period, Instant start,
      CurrencyUnit currency) implements Comparable<PeriodKey> {
    private static final Comparator<PeriodKey> ORDER = Comparator
        .comparing(PeriodKey::affiliateId).thenComparing(PeriodKey::period)
        .thenComparing(PeriodKey::start).thenComparing(PeriodKey::currency);

    @Override
    public int compareTo(PeriodKey other) {
      return ORDER.compare(this, other);
    }
  }

  /**
   * Returns, for each affiliate's period of the plan's calendar and currency, the context of the
   * case whose recorded performance in it counts the fewest sales: the first of the period's
   * cases that was recorded, whose figures are the history before the replayed sales. A case
   * recorded late counts the sales recorded before it, which the replay counts again. A recorded
   * performance with other bounds than the plan's calendar gives, such as a month of another zone
   * when the proposed plan changes the zone, or in another currency, counts other sales, and is
   * not taken; a case that recorded no performance for the period counts as one that recorded no
   * sales. Of cases with as few sales, the earliest in time is taken.
   */
  private static Map<PeriodKey, CommissionContext> history(CommissionPlan plan,
      List<SimulationCase> cases) {
    Map<PeriodKey, CommissionContext> history = new HashMap<>();
    for (Period period : plan.periods()) {
      for (SimulationCase simulated : cases) {
        CurrencyUnit currency = simulated.conversion().currency();
        PeriodPerformance own = PeriodPerformance.empty(period,
            simulated.conversion().instant(), plan.zone(), currency);
        Optional<PeriodPerformance> recorded = simulated.context().performance(period);
        if (recorded.isPresent() && !(recorded.get().start().equals(own.start())
            && recorded.get().end().equals(own.end())
            && recorded.get().currency().equals(currency))) {
          continue;
        }
        long sales = sales(simulated.context(), period);
        history.merge(new PeriodKey(simulated.context().affiliateId(), period, own.start(),
            currency), simulated.context(), (kept, next) ->
            sales < sales(kept, period) ? next : kept);
      }
    }
    return history;
  }

  /**
   * {@return the sales that a context's performance in a period counts, or -1 if it has none: a
   * case that recorded no history, such as one with a context built by hand, says the history is
   * nothing, as the figures of the first case the program recorded would}
   */
  private static long sales(CommissionContext context, Period period) {
    return context.performance(period).map(PeriodPerformance::sales).orElse(-1L);
  }

  /**
   * {@return the rules tiered for the whole period that a case's affiliate may have a paid tier
   * of: those of its figures replayed so far, and those its history's contexts name}
   */
  private static List<CompiledRule> tieredRules(CommissionPlan plan, CommissionContext context,
      CurrencyUnit currency, Set<String> replayed, Map<PeriodKey, CommissionContext> history) {
    RuleIndex index = plan.index();
    if (index.wholePeriodTiers.length == 0) {
      return List.of();
    }
    Set<String> ids = new HashSet<>(replayed);
    for (Period period : plan.periods()) {
      CommissionContext before = history.get(new PeriodKey(context.affiliateId(), period,
          context.performance(period).orElseThrow().start(), currency));
      if (before != null) {
        ids.addAll(before.paidTiers().keySet());
      }
    }
    List<CompiledRule> rules = new ArrayList<>(ids.size());
    for (String id : ids) {
      CompiledRule rule = index.wholePeriodById.get(id);
      if (rule != null) {
        rules.add(rule);
      }
    }
    return rules;
  }

  private static TierKey tierKey(CommissionContext context, Period period, CurrencyUnit currency,
      String ruleId) {
    return new TierKey(context.affiliateId(), period, currency,
        context.performance(period).orElseThrow().start(), ruleId);
  }

  private static SimulationReport report(List<SimulationCase> cases, Replayed before,
      Replayed after) {
    Map<String, Map<CurrencyUnit, Difference>> byAffiliate = new TreeMap<>();
    Map<CurrencyUnit, Difference> totals = new TreeMap<>();
    List<SimulationReport.Outcome> outcomes = new ArrayList<>(cases.size());
    for (int i = 0; i < cases.size(); i++) {
      CommissionQuote current = before.quotes().get(i);
      CommissionQuote proposed = after.quotes().get(i);
      SimulationReport.Outcome outcome = new SimulationReport.Outcome(cases.get(i), current,
          proposed, before.trueUps().get(i), after.trueUps().get(i));
      outcomes.add(outcome);
      CurrencyUnit currency = current.amount().currency();
      Money zero = Money.zero(currency);
      add(byAffiliate, totals, current.affiliateId(), outcome.currentTotal(),
          outcome.proposedTotal());
      for (OverrideQuote override : current.overrides()) {
        add(byAffiliate, totals, override.affiliateId(), override.amount(), zero);
      }
      for (OverrideQuote override : proposed.overrides()) {
        add(byAffiliate, totals, override.affiliateId(), zero, override.amount());
      }
    }
    List<AffiliateDifference> affiliates = new ArrayList<>();
    byAffiliate.forEach((affiliate, differences) -> differences.values()
        .forEach(difference -> affiliates.add(new AffiliateDifference(affiliate, difference))));
    return new SimulationReport(outcomes, affiliates, totals);
  }

  private static void add(Map<String, Map<CurrencyUnit, Difference>> byAffiliate,
      Map<CurrencyUnit, Difference> totals, String affiliateId, Money current, Money proposed) {
    CurrencyUnit currency = current.currency();
    Difference zero = new Difference(Money.zero(currency), Money.zero(currency));
    byAffiliate.computeIfAbsent(affiliateId, id -> new TreeMap<>())
        .merge(currency, zero.plus(current, proposed), (a, b) -> a.plus(b.current(), b.proposed()));
    totals.merge(
        currency, zero.plus(current, proposed), (a, b) -> a.plus(b.current(), b.proposed()));
  }
}
