package dev.affiliatekit.program;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.affiliatekit.internal.Texts;

/**
 * Thrown when a call would change an order or a payout batch that an unfinished operation holds:
 * the ledger failed while that operation was posting, some of its postings may stand, and only a
 * retry of it, under its key and with the same request, finishes it. For example, {@code order
 * 'o1' has an unfinished operation to retry first: 'refund:o1:rma-2'}. A conversion that credits
 * an affiliate of an unfinished conversion, or is of its customer, is refused the same way, naming
 * that conversion's order and key, such as {@code order 'o1' has an unfinished operation to retry
 * first: 'order:o1'}. The call changed nothing.
 */
public final class UnfinishedOperationException extends IllegalStateException {

  private static final long serialVersionUID = 1L;

  /** What the operation holds, such as {@code order}. */
  private final String subject;
  /** The id of the order or batch. */
  private final String subjectId;
  /** The idempotency key of the unfinished operation. */
  private final String key;

  UnfinishedOperationException(String subject, String subjectId, String key) {
    super(checkNotNull(subject, "subject") + " " + Texts.quote(checkNotNull(subjectId, "subjectId"))
        + " has an unfinished operation to retry first: " + Texts.quote(checkNotNull(key, "key")));
    this.subject = subject;
    this.subjectId = subjectId;
    this.key = key;
  }

  /** {@return what the unfinished operation holds: {@code order} or {@code payout batch}} */
  public String subject() {
    return subject;
  }

  /** {@return the id of the order, or the key of the payout batch} */
  public String subjectId() {
    return subjectId;
  }

  /** {@return the idempotency key of the unfinished operation, such as {@code refund:o1:rma-2}} */
  public String key() {
    return key;
  }
}
