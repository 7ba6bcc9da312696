package dev.affiliatekit.ledger;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.affiliatekit.internal.Texts;

/**
 * Thrown when a posting would resolve something a second time: release, reverse or void a pending
 * item that is already released, fully reversed or voided; reinstate a reversal twice; or settle or
 * fail a payout line that is already settled or failed. For example, {@code pending item is
 * already voided: 'order-1/jane'}.
 */
public final class AlreadyResolvedException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  /** The key or line id of what was to be resolved. */
  private final String reference;
  /** How it was resolved already. */
  private final String resolution;

  /**
   * Creates an exception for the given item, reversal or payout line.
   *
   * @param subject what was to be resolved, such as {@code pending item} or {@code payout line}
   * @param reference its key or line id
   * @param resolution how it was resolved already, such as {@code voided}
   */
  public AlreadyResolvedException(String subject, String reference, String resolution) {
    super(checkNotNull(subject, "subject") + " is already " + checkNotNull(resolution, "resolution")
        + ": " + Texts.quote(checkNotNull(reference, "reference")));
    this.reference = reference;
    this.resolution = resolution;
  }

  /** {@return the key or line id of what was to be resolved} */
  public String reference() {
    return reference;
  }

  /** {@return how it was resolved already, such as {@code voided}} */
  public String resolution() {
    return resolution;
  }
}
