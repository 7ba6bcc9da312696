package dev.affiliatekit.program;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.affiliatekit.internal.Elements;
import dev.affiliatekit.ledger.Balances;
import dev.affiliatekit.money.CurrencyMismatchException;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

/**
 * An affiliate's statement of a period in one currency, such as a month on a creator's
 * dashboard: the balances that open it, what the affiliate earned and what was taken back in it,
 * the balances that close it, and the period's ledger entries with their explanations.
 *
 * <p>The period runs from {@code from} (inclusive) to {@code to} (exclusive, but for {@link
 * Instant#MAX}, after which no instant comes), by the instants the ledger stamped, as {@link
 * dev.affiliatekit.ledger.Ledger#statement(String, Instant, Instant)} reads them. {@code accrued}
 * and {@code reversed} count what an {@link AffiliateStatement} counts, within the period, so
 * {@code accrued - reversed = earned = closing.earned() - opening.earned()}; payouts move money
 * between the balances and count in neither. Statements of adjacent periods chain: one's closing
 * balances are the next one's opening balances, and the statement from {@link Instant#MIN} to
 * {@link Instant#MAX} holds what the {@link AffiliateStatement} of the whole history holds.
 *
 * <p>For example, a month in which a creator earned {@code USD 40.00}, of which a refund took
 * {@code USD 8.00} back, and was paid the {@code USD 50.00} payable at its start, opens with
 * payable {@code USD 50.00}, has {@code accrued} {@code USD 40.00}, {@code reversed} {@code USD
 * 8.00} and {@code earned} {@code USD 32.00}, and closes with {@code USD 32.00} pending and {@code
 * USD 50.00} more paid.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param affiliateId the affiliate
 * @param currency the currency
 * @param from the start of the period, inclusive
 * @param to the end of the period, exclusive unless it is {@link Instant#MAX}
 * @param opening the balances before the period: those of the entries stamped before {@code from}
 * @param accrued the commissions accrued in the period, plus its manual adjustments
 * @param reversed what refunds, chargebacks and voids took back in the period, less what
 *     reinstatements gave back in it
 * @param closing the balances at the end of the period: the opening ones plus the period's entries
 * @param lines the period's entries on the affiliate's accounts, in journal order
 */
public record PeriodStatement(String affiliateId, CurrencyUnit currency, Instant from, Instant to,
    Balances opening, Money accrued, Money reversed, Balances closing,
    List<AffiliateStatement.Line> lines) {

  /**
   * Validates the parts and copies the lines.
   *
   * @param affiliateId the affiliate
   * @param currency the currency
   * @param from the start of the period, inclusive
   * @param to the end of the period, exclusive unless it is {@link Instant#MAX}
   * @param opening the balances before the period
   * @param accrued the commissions accrued in the period, plus manual adjustments
   * @param reversed what refunds, chargebacks and voids took back in the period, less
   *     reinstatements
   * @param closing the balances at the end of the period
   * @param lines the period's entries, in journal order
   * @throws CurrencyMismatchException if an amount, a balance or a line is in another currency
   *     than the statement's
   * @throws IllegalArgumentException if {@code to} is before {@code from}, a line lies outside the
   *     period, or accrued less reversed is not what the balances gained in the period, all
   *     compared exactly, beyond the range of a {@code long} count of minor units too
   */
  public PeriodStatement {
    checkNotNull(affiliateId, "affiliateId");
    checkNotNull(currency, "currency");
    checkNotNull(from, "from");
    checkNotNull(to, "to");
    checkNotNull(opening, "opening");
    checkNotNull(accrued, "accrued");
    checkNotNull(reversed, "reversed");
    checkNotNull(closing, "closing");
    checkArgument(!to.isBefore(from), "statement end must not precede its start, %s: %s", from,
        to);
    lines = Elements.copyOf(lines, "lines");
    for (Money amount : List.of(accrued, reversed, opening.pending(), closing.pending())) {
      AffiliateStatement.checkCurrency(currency, amount);
    }
    for (AffiliateStatement.Line line : lines) {
      Instant postedAt = line.postedAt();
      checkArgument(!postedAt.isBefore(from) && (postedAt.isBefore(to) || to.equals(Instant.MAX)),
          "statement line must lie in its period [%s, %s): %s", from, to, line);
      AffiliateStatement.checkCurrency(currency, line.amount());
    }
    // Exactly: each figure fits in a long count of minor units, but a difference of them, or a
    // sum of balances, may not.
    BigInteger net = minor(accrued).subtract(minor(reversed));
    BigInteger gained = earned(closing).subtract(earned(opening));
    checkArgument(net.equals(gained), "statement accrued less reversed must be what its balances "
        + "gained: %s - %s is not %s %s", accrued, reversed, currency,
        new BigDecimal(gained, currency.scale()).toPlainString());
  }

  private static BigInteger minor(Money amount) {
    return BigInteger.valueOf(amount.minorUnits());
  }

  private static BigInteger earned(Balances balances) {
    return minor(balances.pending()).add(minor(balances.payable())).add(minor(balances.clearing()))
        .add(minor(balances.paid()));
  }

  /**
   * {@return what the affiliate earned in the period net of reversals: accrued less reversed}
   *
   * @throws ArithmeticException if the difference does not fit in a {@code long} count of minor
   *     units
   */
  public Money earned() {
    return accrued.minus(reversed);
  }
}
