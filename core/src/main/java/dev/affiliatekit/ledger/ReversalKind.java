package dev.affiliatekit.ledger;

/** Why a commission is reversed: a refund is final, a chargeback may be won and reinstated. */
public enum ReversalKind {
  /** The customer returned the order or was refunded. */
  REFUND,
  /**
   * The customer's bank took the payment back; if the business wins the dispute, it is reinstated.
   */
  CHARGEBACK
}
