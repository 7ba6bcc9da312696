package dev.affiliatekit.commission;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableSortedMap;
import dev.affiliatekit.internal.Ids;
import dev.affiliatekit.money.CurrencyMismatchException;
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
 * @param affiliates the amounts per affiliate and currency, overrides and true-ups included, by
 *     affiliate id and then currency: one line for each affiliate and currency in which a case
 *     credited the affiliate or owed the affiliate an override under either plan, even if every
 *     amount on it is zero, so that an affiliate whose sales earn nothing under both plans still
 *     shows
 * @param totals the amounts of all affiliates per currency, overrides and true-ups included, by
 *     currency
 */
public record SimulationReport(List<Outcome> outcomes, List<AffiliateDifference> affiliates,
    Map<CurrencyUnit, Difference> totals) {

  /**
   * Copies the parts.
   *
   * @param outcomes every case with its two quotes
   * @param affiliates the amounts per affiliate and currency
   * @param totals the amounts of all affiliates per currency
   * @throws NullPointerException if an element, a currency or a total is null, naming it
   * @throws CurrencyMismatchException if a total is in another currency than the one it is filed
   *     under
   */
  public SimulationReport {
    outcomes = Elements.copyOf(checkNotNull(outcomes, "outcomes"), "outcomes");
    affiliates = Elements.copyOf(checkNotNull(affiliates, "affiliates"), "affiliates");
    ImmutableSortedMap.Builder<CurrencyUnit, Difference> checked =
        ImmutableSortedMap.naturalOrder();
    // One read of the caller's map: each entry checked as it is copied.
    for (Map.Entry<CurrencyUnit, Difference> total : checkNotNull(totals, "totals").entrySet()) {
      CurrencyUnit currency = checkNotNull(total.getKey(), "totals contains a null currency");
      Difference difference = checkNotNull(total.getValue(), "totals contains null for %s",
          currency);
      if (!difference.currency().equals(currency)) {
        throw new CurrencyMismatchException(currency, difference.currency(), "total filed under "
            + currency + " must be in it: " + difference);
      }
      checked.put(currency, difference);
    }
    // build(), as buildOrThrow() came with Guava 31: every key is put once, from a map.
    totals = checked.build();
  }

  /**
   * One case quoted under both plans, with the true-up it granted under each.
   *
   * <p>Instances are immutable and thread-safe.
   *
   * @param simulated the case
   * @param current its quote under the current plan
   * @param proposed its quote under the proposed plan
   * @param currentTrueUp the {@linkplain TierReached true-up} the case granted the earlier sales
   *     of its period under the current plan, because it reached a higher tier for the whole
   *     period; zero if none
   * @param proposedTrueUp the same under the proposed plan
   */
  public record Outcome(SimulationCase simulated, CommissionQuote current,
      CommissionQuote proposed, Money currentTrueUp, Money proposedTrueUp) {

    /**
     * Validates the parts.
     *
     * @param simulated the case
     * @param current its quote under the current plan
     * @param proposed its quote under the proposed plan
     * @param currentTrueUp the true-up under the current plan, not negative
     * @param proposedTrueUp the true-up under the proposed plan, not negative
     * @throws IllegalArgumentException if a true-up is negative
     * @throws CurrencyMismatchException if a true-up is in another currency than its quote
     */
    public Outcome {
      checkNotNull(simulated, "simulated");
      checkNotNull(current, "current");
      checkNotNull(proposed, "proposed");
      checkNotNull(currentTrueUp, "currentTrueUp");
      checkNotNull(proposedTrueUp, "proposedTrueUp");
      checkArgument(!currentTrueUp.isNegative() && !proposedTrueUp.isNegative(),
          "outcome true-ups must not be negative: %s, %s", currentTrueUp, proposedTrueUp);
      checkCurrency(current, currentTrueUp);
      checkCurrency(proposed, proposedTrueUp);
    }

    /**
     * Makes an outcome without true-ups.
     *
     * @param simulated the case
     * @param current its quote under the current plan
     * @param proposed its quote under the proposed plan
     */
    public Outcome(SimulationCase simulated, CommissionQuote current, CommissionQuote proposed) {
      this(simulated, current, proposed, Money.zero(checkNotNull(current, "current").amount()
          .currency()), Money.zero(checkNotNull(proposed, "proposed").amount().currency()));
    }

    private static void checkCurrency(CommissionQuote quote, Money trueUp) {
      if (!trueUp.currency().equals(quote.amount().currency())) {
        throw new CurrencyMismatchException(quote.amount().currency(), trueUp.currency(),
            "outcome true-up must be in " + quote.amount().currency()
                + ", the currency of its quote: " + trueUp);
      }
    }

    /** {@return what the case earned the affiliate under the current plan: amount and true-up} */
    public Money currentTotal() {
      return current.amount().plus(currentTrueUp);
    }

    /** {@return what the case earned the affiliate under the proposed plan: amount and true-up} */
    public Money proposedTotal() {
      return proposed.amount().plus(proposedTrueUp);
    }

    /**
     * {@return the affiliate's amount and true-up under the proposed plan minus under the current
     * one}
     */
    public Money change() {
      return proposedTotal().minus(currentTotal());
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
   * @return the amounts, or empty if no case in that currency credited the affiliate or owed the
   *     affiliate an override under either plan; an affiliate whose cases in that currency earned
   *     nothing under both plans has amounts of zero, such as {@code USD 0.00 -> USD 0.00 (+USD
   *     0.00)}
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
   * Returns the report as text: one line per affiliate and currency, as {@link #affiliates()} has
   * them (lines of zeros included), then the totals, such as:
   *
   * <pre>
   * anna: USD 120.00 -&gt; USD 150.00 (+USD 30.00)
   * ben: USD 80.00 -&gt; USD 72.00 (USD -8.00)
   * total: USD 200.00 -&gt; USD 222.00 (+USD 22.00)
   * </pre>
   *
   * <p>An affiliate whose id is {@code total}, or starts with {@code total:} or a quote, is shown
   * in quotes, as {@code 'total'}, with a quote in it escaped ({@code '\'total\''}), so that the
   * lines that start with {@code total:} are the totals alone.
   *
   * @return the text, lines separated by {@code \n}
   */
  public String describe() {
    StringBuilder text = new StringBuilder();
    for (AffiliateDifference line : affiliates) {
      // Quoted, an affiliate whose id reads as a total, or as a quoted id, reads as neither.
      String id = line.affiliateId();
      boolean quoted = id.equals("total") || id.startsWith("total:") || id.startsWith("'");
      text.append(quoted ? Ids.quote(id) : id).append(": ").append(line.difference())
          .append('\n');
    }
    totals.values().forEach(total -> text.append("total: ").append(total).append('\n'));
    return text.toString().stripTrailing();
  }
}
