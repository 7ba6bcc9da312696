package dev.affiliatekit.ledger;

/**
 * How a pending item was resolved, if it was. An item leaves {@link #PENDING} once, except that an
 * item {@link #REVERSED} while held is pending again if a reinstatement or correction gives back
 * to it before a release passes its hold end.
 */
public enum ItemStatus {
  /** Held: some amount is still pending. */
  PENDING,
  /** Its hold ended and what was pending became payable. */
  RELEASED,
  /** Reversed in full while held, and not given back to while still held. */
  REVERSED,
  /** Voided while held. */
  VOIDED
}
