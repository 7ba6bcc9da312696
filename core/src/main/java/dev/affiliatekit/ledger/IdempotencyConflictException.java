package dev.affiliatekit.ledger;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.affiliatekit.internal.Texts;
import java.lang.reflect.RecordComponent;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when an idempotency key that is already in the journal comes back with a different
 * request, such as {@code idempotency key already used for a different posting: 'run-1' (recorded:
 * payout run as of 2026-03-31T10:00:00Z with minimums [USD 50.00]; requested: payout run as of
 * 2026-03-31T10:00:00Z with minimums [USD 10.00])}. The message shows at most the first {@value
 * #SHOWN} characters of each posting's description; {@link #recorded()} and {@link #requested()}
 * give them whole. Where the descriptions read the same, as two accruals that differ only in their
 * explanations do, it names the first part in which the postings differ, such as {@code ; they
 * differ in explanation: '10% of USD 50.00' and '5% of USD 100.00'}: long texts from where they
 * differ, and the part alone when its values print alike. The same key with the same request is
 * not an error: it returns the original result.
 *
 * <p>An {@link dev.affiliatekit.program.AffiliateProgram} throws it too, for a key of its own that
 * comes back with a different request: an enrollment, an order, a refund, a chargeback's win or a
 * touch id. Its requests are not postings, so {@link #recorded()} and {@link #requested()} are
 * empty, and the message says how the requests differ, such as {@code order 'o1' was already
 * recorded with another request: recorded total 'USD 84.00'; requested total 'USD 90.00'}. So one type tells a host that a key was reused for another
 * request, whichever part of the library kept it.
 */
public final class IdempotencyConflictException extends IllegalStateException {

  private static final long serialVersionUID = 1L;
  /** The most characters of a posting's description that the message shows. */
  private static final int SHOWN = 200;

  /** The idempotency key. */
  private final String key;
  /** The posting in the journal under the key; null for a request that is not a posting. */
  @SuppressWarnings("serial") // postings are not Serializable; the message describes both
  private final @Nullable Posting recorded;
  /** The different posting that was requested; null for a request that is not a posting. */
  @SuppressWarnings("serial")
  private final @Nullable Posting requested;

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
        + shown(checkNotNull(recorded, "recorded").description()) + "; requested: "
        + shown(checkNotNull(requested, "requested").description())
        + difference(recorded, requested) + ")");
    this.key = key;
    this.recorded = recorded;
    this.requested = requested;
  }

  /**
   * Creates an exception for a key that was recorded with one request and given another, where
   * the requests are not postings, such as an order that an {@link
   * dev.affiliatekit.program.AffiliateProgram} recorded with other content.
   *
   * @param key the idempotency key
   * @param message how the requests differ, naming what was recorded and what was requested
   */
  public IdempotencyConflictException(String key, String message) {
    super(checkNotNull(message, "message"));
    this.key = checkNotNull(key, "key");
    this.recorded = null;
    this.requested = null;
  }

  /**
   * {@return where two postings differ when their descriptions, as shown, read the same, such as
   * {@code "; they differ in quoteReference: 'quote-1' and 'quote-2'"}; else nothing} A
   * description leaves some parts out, such as an accrual's explanation.
   */
  private static String difference(Posting recorded, Posting requested) {
    if (!shown(recorded.description()).equals(shown(requested.description()))
        || !recorded.getClass().equals(requested.getClass())) {
      return "";
    }
    for (RecordComponent component : recorded.getClass().getRecordComponents()) {
      Object was;
      Object is;
      try {
        was = component.getAccessor().invoke(recorded);
        is = component.getAccessor().invoke(requested);
      } catch (ReflectiveOperationException e) {
        throw new LinkageError("bug: a posting's accessor failed", e);
      }
      if (!Objects.equals(was, is)) {
        return "; they differ in " + component.getName() + shownApart(String.valueOf(was),
            String.valueOf(is));
      }
    }
    return "";
  }

  /**
   * {@return two differing values as the message shows them: quoted whole if they read apart so,
   * else from the first character where their texts differ, else not at all, as for two sets of
   * affiliates that print as their sizes}
   */
  private static String shownApart(String was, String is) {
    if (!Texts.quote(was).equals(Texts.quote(is))) {
      return ": " + Texts.quote(was) + " and " + Texts.quote(is);
    }
    int at = 0;
    while (at < was.length() && at < is.length() && was.charAt(at) == is.charAt(at)) {
      at++;
    }
    // Not inside a character of two units: from its first.
    if (at > 0 && Character.isHighSurrogate(was.charAt(at - 1))) {
      at--;
    }
    if (at == was.length() && at == is.length()) {
      return "";
    }
    return " from character " + (at + 1) + ": " + Texts.quote(was.substring(at)) + " and "
        + Texts.quote(is.substring(at));
  }

  private static String shown(String description) {
    return description.length() <= SHOWN ? description
        : description.substring(0, Texts.cutBefore(description, SHOWN - 3)) + "...";
  }

  /** {@return the idempotency key} */
  public String key() {
    return key;
  }

  /** {@return the posting in the journal under the key; empty if the requests are not postings} */
  public Optional<Posting> recorded() {
    return Optional.ofNullable(recorded);
  }

  /** {@return the different posting that was requested; empty if the requests are not postings} */
  public Optional<Posting> requested() {
    return Optional.ofNullable(requested);
  }
}
