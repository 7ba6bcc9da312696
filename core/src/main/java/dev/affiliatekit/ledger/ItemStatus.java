package dev.affiliatekit.ledger;

/** How a pending item was resolved, if it was; an item leaves {@link #PENDING} at most once. */
public enum ItemStatus {
  /** Held: some amount is still pending. */
  PENDING,
  /** Its hold ended and what was pending became payable. */
  RELEASED,
  /** Reversed in full while held. */
  REVERSED,
  /** Voided while held. */
  VOIDED
}
