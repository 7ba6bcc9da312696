package dev.affiliatekit.program;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.affiliatekit.internal.Elements;
import dev.affiliatekit.ledger.Transaction;
import dev.affiliatekit.money.Money;
import java.util.List;
import java.util.Map;

/**
 * What {@link AffiliateProgram#chargebackWon} did: the part of the order that counts as not
 * refunded again, the commission reinstated per affiliate, and the ledger transactions.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param orderId the order
 * @param chargebackId the chargeback that the business won
 * @param restored the amount of the order the chargeback had taken, no longer counted as refunded
 * @param reinstated the commission given back to each affiliate, by affiliate id: what the
 *     chargeback took, corrected for the rounding of refunds made since; an affiliate given back
 *     nothing, such as one whose item was voided, is absent
 * @param transactions the ledger transactions: per commission, the reinstatement of what the
 *     chargeback took and any correction of rounding (see {@link AffiliateProgram#chargebackWon})
 */
public record ChargebackWon(String orderId, String chargebackId, Money restored,
    Map<String, Money> reinstated, List<Transaction> transactions) {

  /**
   * Validates the parts and copies the collections.
   *
   * @param orderId the order
   * @param chargebackId the chargeback
   * @param restored the amount of the order restored
   * @param reinstated the commission reinstated per affiliate
   * @param transactions the ledger transactions
   */
  public ChargebackWon {
    checkNotNull(orderId, "orderId");
    checkNotNull(chargebackId, "chargebackId");
    checkNotNull(restored, "restored");
    reinstated = Elements.sortedCopyOf(reinstated, "reinstated");
    transactions = Elements.copyOf(transactions, "transactions");
  }

  /** {@return the commission reinstated, all affiliates together} */
  public Money totalReinstated() {
    return Money.total(restored.currency(), reinstated.values());
  }
}
