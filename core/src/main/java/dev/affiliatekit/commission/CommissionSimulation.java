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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What-if: re-prices past sales under the current plan and a proposed one, and reports what each
 * affiliate, and the program in total, would have earned under each, per currency.
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
   * counts her EUR sales. Each starts from what the context of the affiliate's first case in that
   * period and currency recorded (the history before the replayed sales, taken as it was), or from
   * nothing if that context recorded none for the period, recorded it in another currency, or
   * recorded it with other bounds than the plan's calendar gives, such as a month of another zone
   * when the proposed plan changes the zone; each quote then adds its sale, base and amount
   * ({@link PeriodPerformance#plus(CommissionQuote)}).
   * Periods follow each plan's {@link CommissionPlan#zone() zone}. Cases at the same instant keep
   * their order.
   *
   * <p>A case whose quote {@linkplain CommissionQuote#tiersReached() reaches a higher tier for the
   * whole period} also earns the {@linkplain TierReached true-up} of the earlier replayed sales of
   * the period that the tiered rule counts, each up to its caps per conversion, within the plan's
   * caps per period, and the true-up counts among the period's commissions from then on, exactly as
   * {@code AffiliateProgram} pays it, also when the case's sale is of another rule and lifts the
   * count (or revenue) past the tier: the replay gives each quote the {@linkplain
   * CommissionContext#paidTier(String) paid tier} of the earlier replayed sales. The report counts
   * it in the case's {@link SimulationReport.Outcome} and in the totals. Sales before the replayed
   * ones, which the recorded performance counts, are owed no true-up here: their figures per rule
   * are not known. For example, with tiers of 10% from sale 1 and 20% from sale 3, three sales of
   * {@code USD 100.00} in a month earn {@code USD 10.00}, {@code USD 10.00} and {@code USD 20.00}
   * plus a true-up of {@code USD 20.00}: {@code USD 60.00}.
   *
   * <p>For example, under a cap of {@code USD 100.00} a month, two sales that earn {@code USD
   * 80.00} each earn {@code USD 80.00} and {@code USD 20.00}; under a proposed cap of {@code USD
   * 150.00}, {@code USD 80.00} and {@code USD 70.00}, whatever the contexts recorded.
   *
   * @param current the plan in force
   * @param proposed the plan considered
   * @param cases the past sales, in any order
   * @return the report, with the cases in time order
   * @throws IllegalArgumentException if a case cannot be quoted under a plan (see {@link
   *     CommissionPlan#quote})
   * @throws CurrencyMismatchException if a case's amounts are in another currency than a plan's
   */
  public static SimulationReport replay(CommissionPlan current, CommissionPlan proposed,
      List<SimulationCase> cases) {
    checkNotNull(current, "current");
    checkNotNull(proposed, "proposed");
    List<SimulationCase> ordered =
        new ArrayList<>(Elements.copyOf(checkNotNull(cases, "cases"), "cases"));
    ordered.sort(Comparator.comparing((SimulationCase simulated) -> simulated.conversion().instant()));
    return report(ordered, replay(current, ordered), replay(proposed, ordered));
  }

  private record Key(String affiliateId, Period period, CurrencyUnit currency) {}

  private record TierKey(String affiliateId, Period period, CurrencyUnit currency, Instant start,
      String ruleId) {}

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
    Map<Key, PeriodPerformance> performance = new HashMap<>();
    Map<TierKey, Figures> figures = new HashMap<>();
    List<CommissionQuote> quotes = new ArrayList<>(cases.size());
    List<Money> trueUps = new ArrayList<>(cases.size());
    for (SimulationCase simulated : cases) {
      Instant instant = simulated.conversion().instant();
      CurrencyUnit currency = simulated.conversion().currency();
      CommissionContext context = simulated.context();
      for (Period period : plan.periods()) {
        Key key = new Key(context.affiliateId(), period, currency);
        PeriodPerformance now = performance.get(key);
        if (now == null || !now.contains(instant)) {
          // The plan's own period of the sale: a recorded one for other bounds, such as the
          // month of another zone, counts other sales.
          PeriodPerformance empty = PeriodPerformance.empty(period, instant, plan.zone(), currency);
          now = context.performance(period)
              .filter(given -> given.start().equals(empty.start())
                  && given.end().equals(empty.end()) && given.currency().equals(currency))
              .orElse(empty);
        }
        context = context.withPerformance(now);
        performance.put(key, now);
      }
      for (CompiledRule rule : plan.index().wholePeriodTiers) {
        Figures paid = figures.get(tierKey(context, rule.tierPeriod, currency, rule.id));
        if (paid != null && paid.tier() > 0) {
          context = context.withPaidTier(rule.id, paid.tier());
        }
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
      List<Optional<CappedSale>> capped = new ArrayList<>(counted.size());
      for (RulePortion portion : counted) {
        capped.add(CappedSale.from(quote, portion));
      }
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
        }
        for (int i = 0; i < counted.size(); i++) {
          RulePortion portion = counted.get(i);
          TierKey rule = tierKey(context, period, currency, portion.ruleId());
          Figures earlier = figures.getOrDefault(rule, none);
          int paidTier = quote.tiers().getOrDefault(portion.ruleId(), 0);
          Optional<CappedSale> sale = capped.get(i);
          figures.put(rule, sale.isPresent() ? earlier.plus(sale.get(), paidTier)
              : earlier.plus(portion.base(), portion.commission(), paidTier));
        }
      }
    }
    return new Replayed(quotes, trueUps);
  }

  /** Returns the key of a rule's figures in the period of the context's performance. */
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
    totals.merge(currency, zero.plus(current, proposed), (a, b) -> a.plus(b.current(), b.proposed()));
  }
}
