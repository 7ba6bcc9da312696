package dev.affiliatekit.commission;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.affiliatekit.money.CurrencyMismatchException;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * How a rule turns a sale into a commission: a percentage of the rule's {@link Base}, a flat
 * amount per conversion or per unit sold, or a percentage that depends on the affiliate's
 * performance in a period (tiers).
 *
 * <p>Every payout is for the whole sale and is scaled by the credit's share: an affiliate credited
 * with 50% of a conversion earns half of a flat {@code USD 10.00}, and 15% of half of the base.
 *
 * <pre>{@code
 * Payout.percentage(Rate.ofPercent(15));
 * Payout.flatPerConversion(Money.parse("USD 5.00"));
 * Payout.tieredBySales(Period.MONTH, TierMode.WHOLE_PERIOD,
 *     new Payout.SalesTier(1, Rate.ofPercent(10)), new Payout.SalesTier(51, Rate.ofPercent(20)));
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
public sealed interface Payout {

  /**
   * Returns a percentage of the rule's base.
   *
   * <p>For example, {@code percentage(15%)} of a base of {@code USD 40.00} is {@code USD 6.00}.
   *
   * @param rate the rate
   * @return the payout
   */
  static Payout percentage(Rate rate) {
    return new Percentage(rate);
  }

  /**
   * Returns a flat amount per conversion, whatever the sale's amount.
   *
   * @param amount the amount, not negative
   * @return the payout
   * @throws IllegalArgumentException if the amount is negative
   */
  static Payout flatPerConversion(Money amount) {
    return new FlatPerConversion(amount);
  }

  /**
   * Returns a flat amount per unit sold: per unit of the line items the rule prices, or one unit
   * for an order without line items.
   *
   * <p>For example, {@code USD 1.50} per unit of a line of 3 units is {@code USD 4.50}.
   *
   * @param amount the amount per unit, not negative
   * @return the payout
   * @throws IllegalArgumentException if the amount is negative
   */
  static Payout flatPerUnit(Money amount) {
    return new FlatPerUnit(amount);
  }

  /**
   * Returns rates by the number of the sale in the period: the 1st, 2nd, ... sale of the
   * affiliate, counting this one.
   *
   * @param period the period whose sales are counted
   * @param mode how the rates apply across the period
   * @param tiers the tiers, the first from sale 1, in increasing order
   * @return the payout
   * @throws IllegalArgumentException if the tiers are empty, do not start at sale 1, or do not
   *     increase, or if, for the whole period, a tier's rate is below the one before it
   */
  static Payout tieredBySales(Period period, TierMode mode, SalesTier... tiers) {
    return new TieredBySales(period, mode, Arrays.asList(checkNotNull(tiers, "tiers")));
  }

  /**
   * Returns rates by the affiliate's revenue in the period: the sum of the bases of its earlier
   * sales ({@link PeriodPerformance#revenue()}) and of this one.
   *
   * @param period the period whose revenue counts
   * @param mode how the rates apply across the period
   * @param tiers the tiers, the first from zero, in increasing order, in one currency
   * @return the payout
   * @throws IllegalArgumentException if the tiers are empty, do not start at zero, or do not
   *     increase, or if, for the whole period, a tier's rate is below the one before it
   * @throws CurrencyMismatchException if the tiers are in different currencies
   */
  static Payout tieredByRevenue(Period period, TierMode mode, RevenueTier... tiers) {
    return new TieredByRevenue(period, mode, Arrays.asList(checkNotNull(tiers, "tiers")));
  }

  /** {@return the currency of the payout's amounts, or empty if it has none} */
  default Optional<CurrencyUnit> currency() {
    return Optional.empty();
  }

  /**
   * Returns the period over which this payout's tiers apply to every sale, if it is tiered in
   * {@link TierMode#WHOLE_PERIOD} mode: the period whose earlier sales a higher tier trues up.
   *
   * <p>For example, {@code tieredBySales(MONTH, WHOLE_PERIOD, ...)} gives {@code MONTH}; a
   * percentage or a progressive tiered payout gives nothing.
   *
   * @return the period, or empty if the payout is not tiered for the whole period
   */
  default Optional<Period> wholePeriod() {
    return Optional.empty();
  }

  /**
   * A percentage of the rule's base.
   *
   * <p>Instances are immutable and thread-safe.
   *
   * @param rate the rate
   */
  record Percentage(Rate rate) implements Payout {

    /**
     * Validates the rate.
     *
     * @param rate the rate
     */
    public Percentage {
      checkNotNull(rate, "rate");
    }

    /** {@return the rate, such as {@code 15%}} */
    @Override
    public String toString() {
      return rate.toString();
    }
  }

  /**
   * A flat amount per conversion.
   *
   * <p>Instances are immutable and thread-safe.
   *
   * @param amount the amount, not negative
   */
  record FlatPerConversion(Money amount) implements Payout {

    /**
     * Validates the amount.
     *
     * @param amount the amount, not negative
     * @throws IllegalArgumentException if it is negative
     */
    public FlatPerConversion {
      checkNotNull(amount, "amount");
      checkArgument(!amount.isNegative(), "payout amount must not be negative: %s", amount);
    }

    @Override
    public Optional<CurrencyUnit> currency() {
      return Optional.of(amount.currency());
    }

    /** {@return such as {@code USD 5.00 per conversion}} */
    @Override
    public String toString() {
      return amount + " per conversion";
    }
  }

  /**
   * A flat amount per unit sold.
   *
   * <p>Instances are immutable and thread-safe.
   *
   * @param amount the amount per unit, not negative
   */
  record FlatPerUnit(Money amount) implements Payout {

    /**
     * Validates the amount.
     *
     * @param amount the amount per unit, not negative
     * @throws IllegalArgumentException if it is negative
     */
    public FlatPerUnit {
      checkNotNull(amount, "amount");
      checkArgument(!amount.isNegative(), "payout amount must not be negative: %s", amount);
    }

    @Override
    public Optional<CurrencyUnit> currency() {
      return Optional.of(amount.currency());
    }

    /** {@return such as {@code USD 1.50 per unit}} */
    @Override
    public String toString() {
      return amount + " per unit";
    }
  }

  /**
   * A tier of sales: the rate from the given sale of the period on.
   *
   * <p>Instances are immutable and thread-safe.
   *
   * @param fromSale the number of the first sale of the tier, counting from 1
   * @param rate the rate
   */
  record SalesTier(long fromSale, Rate rate) {

    /**
     * Validates the parts.
     *
     * @param fromSale the number of the first sale of the tier, counting from 1
     * @param rate the rate
     * @throws IllegalArgumentException if {@code fromSale} is less than 1
     */
    public SalesTier {
      checkNotNull(rate, "rate");
      checkArgument(fromSale >= 1, "tier fromSale must be at least 1: %s", fromSale);
    }

    /** {@return such as {@code 20% from sale 51}} */
    @Override
    public String toString() {
      return rate + " from sale " + Formats.grouped(fromSale);
    }
  }

  /**
   * A tier of revenue: the rate from the given revenue of the period on.
   *
   * <p>Instances are immutable and thread-safe.
   *
   * @param from the revenue where the tier starts, not negative
   * @param rate the rate
   */
  record RevenueTier(Money from, Rate rate) {

    /**
     * Validates the parts.
     *
     * @param from the revenue where the tier starts, not negative
     * @param rate the rate
     * @throws IllegalArgumentException if {@code from} is negative
     */
    public RevenueTier {
      checkNotNull(from, "from");
      checkNotNull(rate, "rate");
      checkArgument(!from.isNegative(), "tier from must not be negative: %s", from);
    }

    /** {@return such as {@code 20% from USD 1000.00}} */
    @Override
    public String toString() {
      return rate + " from " + from;
    }
  }

  /**
   * Refuses a rate below the one before it for tiers of the whole period: reaching such a tier
   * would lower what the period's earlier sales earn, which a true-up never takes back, so the
   * earlier sales of other tiers would net against the new rate.
   */
  private static void checkRateNotFalling(TierMode mode, int index, Rate rate, Rate before) {
    if (mode == TierMode.WHOLE_PERIOD && rate.compareTo(before) < 0) {
      throw new IllegalArgumentException("tiers for the whole period must not fall: tier "
          + (index + 1) + " pays " + rate + " after " + before);
    }
  }

  /**
   * Rates by the number of the sale in the period.
   *
   * <p>Instances are immutable and thread-safe.
   *
   * @param period the period whose sales are counted
   * @param mode how the rates apply across the period
   * @param tiers the tiers, the first from sale 1, in increasing order
   */
  record TieredBySales(Period period, TierMode mode, List<SalesTier> tiers) implements Payout {

    /**
     * Validates the parts and copies the tiers.
     *
     * @param period the period whose sales are counted
     * @param mode how the rates apply across the period
     * @param tiers the tiers, the first from sale 1, in increasing order
     * @throws IllegalArgumentException if the tiers are empty, do not start at sale 1, or do not
     *     increase, or if, for the whole period, a tier's rate is below the one before it
     */
    public TieredBySales {
      checkNotNull(period, "period");
      checkNotNull(mode, "mode");
      tiers = Elements.copyOf(checkNotNull(tiers, "tiers"), "tiers");
      checkArgument(!tiers.isEmpty(), "tiers must not be empty: []");
      checkArgument(tiers.get(0).fromSale() == 1, "tiers must start from sale 1: %s",
          tiers.get(0).fromSale());
      for (int i = 1; i < tiers.size(); i++) {
        checkArgument(tiers.get(i).fromSale() > tiers.get(i - 1).fromSale(),
            "tiers must increase: sale %s after sale %s", tiers.get(i).fromSale(),
            tiers.get(i - 1).fromSale());
        checkRateNotFalling(mode, i, tiers.get(i).rate(), tiers.get(i - 1).rate());
      }
    }

    @Override
    public Optional<Period> wholePeriod() {
      return mode == TierMode.WHOLE_PERIOD ? Optional.of(period) : Optional.empty();
    }

    /**
     * {@return such as {@code month sales tiers (whole period): 10% from sale 1, 20% from sale 51}}
     */
    @Override
    public String toString() {
      return period.label() + " sales tiers (" + mode.label() + "): "
          + String.join(", ", tiers.stream().map(SalesTier::toString).toList());
    }
  }

  /**
   * Rates by the affiliate's revenue in the period.
   *
   * <p>Instances are immutable and thread-safe.
   *
   * @param period the period whose revenue counts
   * @param mode how the rates apply across the period
   * @param tiers the tiers, the first from zero, in increasing order, in one currency
   */
  record TieredByRevenue(Period period, TierMode mode, List<RevenueTier> tiers)
      implements Payout {

    /**
     * Validates the parts and copies the tiers.
     *
     * @param period the period whose revenue counts
     * @param mode how the rates apply across the period
     * @param tiers the tiers, the first from zero, in increasing order, in one currency
     * @throws IllegalArgumentException if the tiers are empty, do not start at zero, or do not
     *     increase, or if, for the whole period, a tier's rate is below the one before it
     * @throws CurrencyMismatchException if the tiers are in different currencies
     */
    public TieredByRevenue {
      checkNotNull(period, "period");
      checkNotNull(mode, "mode");
      tiers = Elements.copyOf(checkNotNull(tiers, "tiers"), "tiers");
      checkArgument(!tiers.isEmpty(), "tiers must not be empty: []");
      checkArgument(tiers.get(0).from().isZero(), "tiers must start from zero: %s",
          tiers.get(0).from());
      CurrencyUnit currency = tiers.get(0).from().currency();
      for (int i = 1; i < tiers.size(); i++) {
        Money from = tiers.get(i).from();
        if (!from.currency().equals(currency)) {
          throw new CurrencyMismatchException(currency, from.currency(), "tier " + (i + 1)
              + " from must be in " + currency + ", the currency of the first tier: " + from);
        }
        checkArgument(tiers.get(i).from().isGreaterThan(tiers.get(i - 1).from()),
            "tiers must increase: %s after %s", tiers.get(i).from(), tiers.get(i - 1).from());
        checkRateNotFalling(mode, i, tiers.get(i).rate(), tiers.get(i - 1).rate());
      }
    }

    @Override
    public Optional<CurrencyUnit> currency() {
      return Optional.of(tiers.get(0).from().currency());
    }

    @Override
    public Optional<Period> wholePeriod() {
      return mode == TierMode.WHOLE_PERIOD ? Optional.of(period) : Optional.empty();
    }

    /**
     * {@return such as {@code month revenue tiers (progressive): 10% from USD 0.00, 20% from USD
     * 1000.00}}
     */
    @Override
    public String toString() {
      return period.label() + " revenue tiers (" + mode.label() + "): "
          + String.join(", ", tiers.stream().map(RevenueTier::toString).toList());
    }
  }
}
