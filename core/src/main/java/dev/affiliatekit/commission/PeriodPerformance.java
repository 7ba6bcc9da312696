package dev.affiliatekit.commission;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.affiliatekit.internal.Texts;
import dev.affiliatekit.money.CurrencyMismatchException;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import java.time.Instant;
import java.time.ZoneId;

/**
 * What an affiliate achieved in one period before the sale being quoted: how many sales, the
 * revenue they brought, and the commissions they earned. Tiers, milestones and caps per period
 * read it from the {@link CommissionContext}.
 *
 * <p>The host keeps these figures, usually from its ledger, or lets {@link #plus(CommissionQuote)}
 * add each quote as it goes: the sales count one per quote, the revenue is the sum of the quotes'
 * {@linkplain CommissionQuote#base() bases}, and the commissions the sum of their {@linkplain
 * CommissionQuote#amount() amounts}. The bounds say which period the figures are for; a quote
 * checks that its conversion falls inside them.
 *
 * <pre>{@code
 * PeriodPerformance march = PeriodPerformance.empty(Period.MONTH, saleTime, ZoneOffset.UTC, USD);
 * CommissionQuote quote = plan.quote(conversion, credit, context.withPerformance(march));
 * march = march.plus(quote);                     // 1 sale, its base, its commission
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param period which kind of period
 * @param start the start of the period, inclusive
 * @param end the end of the period, exclusive, after the start
 * @param sales how many sales the affiliate made in the period before this one, not negative
 * @param revenue the sum of the bases of those sales, not negative
 * @param commissions the commissions the affiliate earned in the period so far, not negative, in
 *     the currency of the revenue
 */
public record PeriodPerformance(Period period, Instant start, Instant end, long sales,
    Money revenue, Money commissions) {

  /**
   * Validates the parts.
   *
   * @param period which kind of period
   * @param start the start of the period, inclusive
   * @param end the end of the period, exclusive, after the start
   * @param sales how many sales the affiliate made in the period before this one, not negative
   * @param revenue the sum of the bases of those sales, not negative
   * @param commissions the commissions the affiliate earned in the period so far, not negative,
   *     in the currency of the revenue
   * @throws IllegalArgumentException if the end is not after the start, or a figure is negative
   * @throws CurrencyMismatchException if the revenue and the commissions differ in currency
   */
  public PeriodPerformance {
    checkNotNull(period, "period");
    checkNotNull(start, "start");
    checkNotNull(end, "end");
    checkNotNull(revenue, "revenue");
    checkNotNull(commissions, "commissions");
    checkArgument(start.isBefore(end), "performance period must end after its start %s: %s", start,
        end);
    checkArgument(sales >= 0, "performance sales must not be negative: %s", sales);
    checkArgument(!revenue.isNegative(), "performance revenue must not be negative: %s", revenue);
    if (!commissions.currency().equals(revenue.currency())) {
      throw new CurrencyMismatchException(revenue.currency(), commissions.currency(),
          "performance commissions must be in " + revenue.currency()
              + ", the currency of its revenue: " + commissions);
    }
    checkArgument(!commissions.isNegative(), "performance commissions must not be negative: %s",
        commissions);
  }

  /**
   * Returns the performance of an affiliate with no sales yet in the period that contains the
   * instant.
   *
   * <p>For example, {@code empty(MONTH, 2026-03-15T10:00:00Z, UTC, USD)} covers March 2026 with
   * 0 sales, {@code USD 0.00} of revenue and {@code USD 0.00} of commissions.
   *
   * @param period which kind of period
   * @param instant an instant inside the period, such as the sale's
   * @param zone the time zone whose calendar the period follows; use the plan's {@linkplain
   *     CommissionPlan#zone() zone}
   * @param currency the currency of the figures
   * @return the empty performance
   * @throws IllegalArgumentException if the period starts or ends outside the calendar, which
   *     can happen only within a year and a day of {@link Instant#MIN} or two years of {@link
   *     Instant#MAX} (see {@link Period})
   */
  public static PeriodPerformance empty(Period period, Instant instant, ZoneId zone,
      CurrencyUnit currency) {
    checkNotNull(period, "period");
    checkNotNull(currency, "currency");
    Money zero = Money.zero(currency);
    return new PeriodPerformance(period, period.startOf(instant, zone), period.endOf(instant, zone),
        0, zero, zero);
  }

  /**
   * Returns the performance of the given period with the given figures, for {@link
   * Period#LIFETIME} from {@link Instant#MIN} to {@link Instant#MAX}.
   *
   * @param sales how many sales the affiliate made before this one
   * @param revenue the sum of the bases of those sales
   * @param commissions the commissions the affiliate earned so far
   * @return the lifetime performance
   * @throws IllegalArgumentException if a figure is negative
   * @throws CurrencyMismatchException if the revenue and the commissions differ in currency
   */
  public static PeriodPerformance lifetime(long sales, Money revenue, Money commissions) {
    return new PeriodPerformance(Period.LIFETIME, Instant.MIN, Instant.MAX, sales, revenue,
        commissions);
  }

  /** {@return the currency of the revenue and the commissions} */
  public CurrencyUnit currency() {
    return revenue.currency();
  }

  /**
   * Returns whether the instant falls inside this period: at or after its start and before its
   * end, or at its end if that is {@link Instant#MAX}, after which no instant comes, so that a
   * {@link Period#LIFETIME lifetime} contains every instant.
   *
   * @param instant the instant
   * @return whether it is inside
   */
  public boolean contains(Instant instant) {
    checkNotNull(instant, "instant");
    return !instant.isBefore(start) && (instant.isBefore(end) || end.equals(Instant.MAX));
  }

  /**
   * Returns this performance with one more sale: the quote's base added to the revenue and its
   * amount to the commissions.
   *
   * <p>For example, 4 sales, {@code USD 400.00} and {@code USD 40.00} plus a quote with a base of
   * {@code USD 100.00} and an amount of {@code USD 10.00} make 5 sales, {@code USD 500.00} and
   * {@code USD 50.00}.
   *
   * @param quote the quote of the next sale, inside this period
   * @return the performance after the sale
   * @throws IllegalArgumentException if the quote's conversion is outside the period
   * @throws CurrencyMismatchException if the quote is in another currency
   * @throws ArithmeticException if a figure overflows
   */
  public PeriodPerformance plus(CommissionQuote quote) {
    checkNotNull(quote, "quote");
    Instant instant = quote.conversion().instant();
    if (!contains(instant)) {
      // Built only when thrown: every sale that a period counts passes this check.
      throw new IllegalArgumentException("performance " + period.label() + " from " + start
          + " to " + end + " does not contain the sale at " + instant);
    }
    return new PeriodPerformance(period, start, end, nextSale(),
        sum("revenue", revenue, quote.base(), quote), sum("commissions", commissions,
        quote.amount(), quote));
  }

  /** {@return the figure plus the sale's amount}, naming both if the sum overflows */
  private Money sum(String figure, Money now, Money added, CommissionQuote quote) {
    try {
      return now.plus(added);
    } catch (ArithmeticException overflow) {
      throw new ArithmeticException(period.label() + " " + figure + " would overflow with sale "
          + Texts.quote(quote.conversion().orderId()) + ": " + now + " + " + added);
    }
  }

  /**
   * {@return the number of the next sale of the period, counting from 1}
   *
   * @throws ArithmeticException if the period already counts {@link Long#MAX_VALUE} sales
   */
  long nextSale() {
    if (sales == Long.MAX_VALUE) {
      throw new ArithmeticException(
          period.label() + " sales would overflow: " + sales + " before the next sale");
    }
    return sales + 1;
  }
}
