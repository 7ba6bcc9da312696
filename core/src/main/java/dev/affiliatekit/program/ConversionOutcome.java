package dev.affiliatekit.program;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.affiliatekit.attribution.AttributionResult;
import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.commission.CommissionQuote;
import dev.affiliatekit.commission.OverrideQuote;
import dev.affiliatekit.internal.Elements;
import dev.affiliatekit.internal.Texts;
import dev.affiliatekit.ledger.Transaction;
import dev.affiliatekit.money.CurrencyMismatchException;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import java.util.List;

/**
 * What recording a conversion did: who got credit and why, what each credited affiliate earns and
 * why, the true-ups owed to earlier sales if the conversion lifted an affiliate into a higher tier
 * for the whole period, and the ledger transactions that hold the commissions until the refund
 * window closes.
 *
 * <pre>{@code
 * ConversionOutcome outcome = program.recordConversion(order);
 * outcome.attribution().describe();     // which touches counted, or why nobody gets credit
 * outcome.quotes();                     // one quote per credited affiliate, each explained
 * outcome.commission();                 // USD 8.40, everything accrued for the order
 * System.out.println(outcome.explain());
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param key the idempotency key, {@code order:<orderId>}
 * @param attribution the credits with their explanation, or no credit with its reason
 * @param quotes one quote per credit, in the order of the credits; empty if there is no credit
 * @param transactions the accruals posted, one per commission, override and true-up above zero
 * @param trueUps one per tier that a quote reached for the whole period, in the order of the
 *     quotes; empty if none
 */
public record ConversionOutcome(String key, AttributionResult attribution,
    List<CommissionQuote> quotes, List<Transaction> transactions, List<TierTrueUp> trueUps) {

  /**
   * Validates the parts and copies the lists.
   *
   * @param key the idempotency key
   * @param attribution the attribution
   * @param quotes the quotes
   * @param transactions the accruals posted
   * @param trueUps the true-ups of tiers reached
   * @throws CurrencyMismatchException if a quote, an override or a true-up is not in the
   *     conversion's currency
   */
  public ConversionOutcome {
    checkNotNull(key, "key");
    checkNotNull(attribution, "attribution");
    quotes = Elements.copyOf(quotes, "quotes");
    transactions = Elements.copyOf(transactions, "transactions");
    trueUps = Elements.copyOf(trueUps, "trueUps");
    CurrencyUnit currency = attribution.conversion().currency();
    for (CommissionQuote quote : quotes) {
      checkCurrency(currency, quote.amount(), "quote of " + Texts.quote(quote.affiliateId()));
      for (OverrideQuote override : quote.overrides()) {
        checkCurrency(currency, override.amount(), "override of "
            + Texts.quote(override.affiliateId()));
      }
    }
    for (TierTrueUp trueUp : trueUps) {
      checkCurrency(currency, trueUp.amount(), "true-up of " + Texts.quote(trueUp.affiliateId()));
    }
  }

  private static void checkCurrency(CurrencyUnit currency, Money amount, String what) {
    if (!amount.currency().equals(currency)) {
      throw new CurrencyMismatchException(currency, amount.currency(), "outcome " + what
          + " must be in " + currency + ", the conversion's currency: " + amount);
    }
  }

  /**
   * Makes an outcome without true-ups.
   *
   * @param key the idempotency key
   * @param attribution the attribution
   * @param quotes the quotes
   * @param transactions the accruals posted
   */
  public ConversionOutcome(String key, AttributionResult attribution,
      List<CommissionQuote> quotes, List<Transaction> transactions) {
    this(key, attribution, quotes, transactions, List.of());
  }

  /** {@return the conversion recorded} */
  public Conversion conversion() {
    return attribution.conversion();
  }

  /** {@return whether at least one affiliate got credit} */
  public boolean isCredited() {
    return attribution.isCredited();
  }

  /**
   * Returns everything accrued for the conversion: the quotes' amounts, their overrides and the
   * true-ups granted.
   *
   * <p>For example, 10% of a {@code USD 84.00} order credited to one affiliate is {@code USD 8.40};
   * a third sale of {@code USD 100.00} that lifts its affiliate from 10% to 20% for the whole month
   * accrues {@code USD 20.00} for itself and {@code USD 20.00} of true-up for the two sales before
   * it: {@code USD 40.00}. Each credit's quote is rounded on its own, so for a sale shared by
   * several affiliates the total may differ from the plan's rate of the whole sale by up to half a
   * minor unit per credit under the default rounding (see {@link
   * dev.affiliatekit.commission.CommissionPlan}'s rounding step).
   *
   * @return the total, zero in the conversion's currency if nothing was accrued
   */
  public Money commission() {
    Money total = Money.zero(conversion().currency());
    for (CommissionQuote quote : quotes) {
      total = total.plus(quote.amount());
      for (OverrideQuote override : quote.overrides()) {
        total = total.plus(override.amount());
      }
    }
    for (TierTrueUp trueUp : trueUps) {
      total = total.plus(trueUp.amount());
    }
    return total;
  }

  /**
   * Returns a multi-line account of the outcome: the attribution's description, then one line per
   * quote, override and true-up with its amount and explanation.
   *
   * @return the account
   */
  public String explain() {
    StringBuilder text = new StringBuilder(attribution.describe());
    for (CommissionQuote quote : quotes) {
      text.append("\n  ").append(quote.affiliateId()).append(" earns ").append(quote.amount())
          .append(": ").append(quote.explanation());
      for (OverrideQuote override : quote.overrides()) {
        text.append("\n  ").append(override.affiliateId()).append(" earns ")
            .append(override.amount()).append(": ").append(override.explanation());
      }
    }
    for (TierTrueUp trueUp : trueUps) {
      text.append("\n  ").append(trueUp.affiliateId()).append(" earns ").append(trueUp.amount())
          .append(": ").append(trueUp.explanation());
    }
    return text.toString();
  }
}
