package dev.affiliatekit.commission;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableSortedMap;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The result of a {@link CommissionSimulation}: every case quoted under both plans, and the
 * amounts per affiliate and in total, per currency.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param outcomes every case with its two quotes, in the order simulated
 * @param affiliates the amounts per affiliate and currency, overrides included, by affiliate id
 *     and then currency
 * @param totals the amounts of all affiliates per currency, overrides included, by currency
 */
public record SimulationReport(List<Outcome> outcomes, List<AffiliateDifference> affiliates,
    Map<CurrencyUnit, Difference> totals) {

  /**
   * Copies the parts.
   *
   * @param outcomes every case with its two quotes
   * @param affiliates the amounts per affiliate and currency
   * @param totals the amounts of all affiliates per currency
   */
  public SimulationReport {
    outcomes = List.copyOf(checkNotNull(outcomes, "outcomes"));
    affiliates = List.copyOf(checkNotNull(affiliates, "affiliates"));
    totals = ImmutableSortedMap.copyOf(checkNotNull(totals, "totals"));
  }

  /**
   * One case quoted under both plans.
   *
   * <p>Instances are immutable and thread-safe.
   *
   * @param simulated the case
   * @param current its quote under the current plan
   * @param proposed its quote under the proposed plan
   */
  public record Outcome(SimulationCase simulated, CommissionQuote current,
      CommissionQuote proposed) {

    /**
     * Validates the parts.
     *
     * @param simulated the case
     * @param current its quote under the current plan
     * @param proposed its quote under the proposed plan
     */
    public Outcome {
      checkNotNull(simulated, "simulated");
      checkNotNull(current, "current");
      checkNotNull(proposed, "proposed");
    }

    /** {@return the affiliate's amount under the proposed plan minus under the current one} */
    public Money change() {
      return proposed.amount().minus(current.amount());
    }
  }

  /**
   * Returns the total in one currency.
   *
   * @param currency the currency
   * @return the total, or empty if no case was in that currency
   */
  public Optional<Difference> total(CurrencyUnit currency) {
    checkNotNull(currency, "currency");
    return Optional.ofNullable(totals.get(currency));
  }

  /**
   * Returns the affiliate's amounts in one currency.
   *
   * @param affiliateId the affiliate
   * @param currency the currency
   * @return the amounts, or empty if the affiliate earned nothing in that currency under either
   *     plan
   */
  public Optional<Difference> affiliate(String affiliateId, CurrencyUnit currency) {
    checkNotNull(affiliateId, "affiliateId");
    checkNotNull(currency, "currency");
    return affiliates.stream()
        .filter(line -> line.affiliateId().equals(affiliateId)
            && line.difference().currency().equals(currency))
        .map(AffiliateDifference::difference).findFirst();
  }

  /**
   * Returns the report as text: one line per affiliate and currency, then the totals, such as:
   *
   * <pre>
   * anna: USD 120.00 -&gt; USD 150.00 (+USD 30.00)
   * ben: USD 80.00 -&gt; USD 72.00 (USD -8.00)
   * total: USD 200.00 -&gt; USD 222.00 (+USD 22.00)
   * </pre>
   *
   * @return the text, lines separated by {@code \n}
   */
  public String describe() {
    StringBuilder text = new StringBuilder();
    for (AffiliateDifference line : affiliates) {
      text.append(line).append('\n');
    }
    totals.values().forEach(total -> text.append("total: ").append(total).append('\n'));
    return text.toString().stripTrailing();
  }
}
