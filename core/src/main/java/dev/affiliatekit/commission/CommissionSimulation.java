package dev.affiliatekit.commission;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.affiliatekit.money.CurrencyMismatchException;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
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
 * currency. {@link #compare}
 * quotes every case in the context it was recorded with, which is exact for plans that count no
 * period.
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
    List<SimulationCase> copy = List.copyOf(checkNotNull(cases, "cases"));
    List<CommissionQuote> before = new ArrayList<>(copy.size());
    List<CommissionQuote> after = new ArrayList<>(copy.size());
    for (SimulationCase simulated : copy) {
      before.add(current.quote(simulated.conversion(), simulated.credit(), simulated.context()));
      after.add(proposed.quote(simulated.conversion(), simulated.credit(), simulated.context()));
    }
    return report(copy, before, after);
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
   * nothing if that context recorded none for the period or recorded it in another currency; each
   * quote then adds its sale, base and amount ({@link PeriodPerformance#plus(CommissionQuote)}).
   * Periods follow each plan's {@link CommissionPlan#zone() zone}. Cases at the same instant keep
   * their order.
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
    List<SimulationCase> ordered = new ArrayList<>(checkNotNull(cases, "cases"));
    ordered.forEach(simulated -> checkNotNull(simulated, "cases contains null"));
    ordered.sort(Comparator.comparing((SimulationCase simulated) -> simulated.conversion().instant()));
    return report(ordered, replay(current, ordered), replay(proposed, ordered));
  }

  private record Key(String affiliateId, Period period, CurrencyUnit currency) {}

  private static List<CommissionQuote> replay(CommissionPlan plan, List<SimulationCase> cases) {
    Map<Key, PeriodPerformance> performance = new HashMap<>();
    List<CommissionQuote> quotes = new ArrayList<>(cases.size());
    for (SimulationCase simulated : cases) {
      Instant instant = simulated.conversion().instant();
      CurrencyUnit currency = simulated.conversion().currency();
      CommissionContext context = simulated.context();
      for (Period period : plan.periods()) {
        Key key = new Key(context.affiliateId(), period, currency);
        PeriodPerformance now = performance.get(key);
        if (now == null || !now.contains(instant)) {
          Optional<PeriodPerformance> recorded = context.performance(period)
              .filter(figures -> figures.contains(instant) && figures.currency().equals(currency));
          now = recorded.isPresent() ? recorded.get()
              : PeriodPerformance.empty(period, instant, plan.zone(), currency);
        }
        context = context.withPerformance(now);
        performance.put(key, now);
      }
      CommissionQuote quote = plan.quote(simulated.conversion(), simulated.credit(), context);
      quotes.add(quote);
      for (Period period : plan.periods()) {
        Key key = new Key(context.affiliateId(), period, currency);
        performance.put(key, context.performance(period).orElseThrow().plus(quote));
      }
    }
    return quotes;
  }

  private static SimulationReport report(List<SimulationCase> cases,
      List<CommissionQuote> before, List<CommissionQuote> after) {
    Map<String, Map<CurrencyUnit, Difference>> byAffiliate = new TreeMap<>();
    Map<CurrencyUnit, Difference> totals = new TreeMap<>();
    List<SimulationReport.Outcome> outcomes = new ArrayList<>(cases.size());
    for (int i = 0; i < cases.size(); i++) {
      CommissionQuote current = before.get(i);
      CommissionQuote proposed = after.get(i);
      outcomes.add(new SimulationReport.Outcome(cases.get(i), current, proposed));
      CurrencyUnit currency = current.amount().currency();
      Money zero = Money.zero(currency);
      add(byAffiliate, totals, current.affiliateId(), current.amount(), proposed.amount());
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
