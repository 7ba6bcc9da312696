package dev.affiliatekit.ledger;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.affiliatekit.internal.Texts;

/**
 * Thrown when an idempotency key that is already in the journal comes back with a different
 * request, such as {@code idempotency key already used for a different posting: 'order-1/jane'}.
 * The same key with the same request is not an error: it returns the original result.
 */
public final class IdempotencyConflictException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  /** The idempotency key. */
  private final String key;
  /** The posting in the journal under the key. */
  @SuppressWarnings("serial") // postings are not Serializable; the message describes both
  private final Posting recorded;
  /** The different posting that was requested. */
  @SuppressWarnings("serial")
  private final Posting requested;

  /**
   * Creates an exception for a key that was recorded with one posting and requested with another.
   *
   * @param key the idempotency key
   * @param recorded the posting in the journal under that key
   * @param requested the different posting that was requested
   */
  public IdempotencyConflictException(String key, Posting recorded, Posting requested) {
    super("idempotency key already used for a different posting: "
        + Texts.quote(checkNotNull(key, "key")) + " (recorded: "
        + checkNotNull(recorded, "recorded").description() + "; requested: "
        + checkNotNull(requested, "requested").description() + ")");
    this.key = key;
    this.recorded = recorded;
    this.requested = requested;
  }

  /** {@return the idempotency key} */
  public String key() {
    return key;
  }

  /** {@return the posting in the journal under the key} */
  public Posting recorded() {
    return recorded;
  }

  /** {@return the different posting that was requested} */
  public Posting requested() {
    return requested;
  }
}
