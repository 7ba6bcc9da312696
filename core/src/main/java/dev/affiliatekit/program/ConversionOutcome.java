package dev.affiliatekit.program;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.affiliatekit.attribution.AttributionResult;
import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.commission.CommissionQuote;
import dev.affiliatekit.commission.OverrideQuote;
import dev.affiliatekit.ledger.Transaction;
import dev.affiliatekit.money.Money;
import java.util.List;

/**
 * What recording a conversion did: who got credit and why, what each credited affiliate earns and
 * why, and the ledger transactions that hold the commissions until the refund window closes.
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
 * @param transactions the accruals posted, one per commission and override above zero
 */
public record ConversionOutcome(String key, AttributionResult attribution,
    List<CommissionQuote> quotes, List<Transaction> transactions) {

  /**
   * Validates the parts and copies the lists.
   *
   * @param key the idempotency key
   * @param attribution the attribution
   * @param quotes the quotes
   * @param transactions the accruals posted
   */
  public ConversionOutcome {
    checkNotNull(key, "key");
    checkNotNull(attribution, "attribution");
    quotes = List.copyOf(checkNotNull(quotes, "quotes"));
    transactions = List.copyOf(checkNotNull(transactions, "transactions"));
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
   * Returns everything accrued for the conversion: the quotes' amounts and their overrides.
   *
   * <p>For example, 10% of a {@code USD 84.00} order credited to one affiliate is {@code USD 8.40}.
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
    return total;
  }

  /**
   * Returns a multi-line account of the outcome: the attribution's description, then one line per
   * quote with its amount and explanation.
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
    return text.toString();
  }
}
