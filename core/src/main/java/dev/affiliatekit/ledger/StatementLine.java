package dev.affiliatekit.ledger;

import static com.google.common.base.Preconditions.checkNotNull;

import java.time.Instant;

/**
 * One entry of an affiliate's statement, with the transaction it belongs to.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param sequence the transaction's position in the journal
 * @param key the transaction's idempotency key
 * @param postedAt when the transaction was recorded
 * @param posting the transaction's posting: what it did, and why
 * @param entry the entry on one of the affiliate's accounts
 */
public record StatementLine(long sequence, String key, Instant postedAt, Posting posting,
    Entry entry) {

  /**
   * Creates a statement line.
   *
   * @param sequence the transaction's position in the journal
   * @param key the transaction's idempotency key
   * @param postedAt when the transaction was recorded
   * @param posting the transaction's posting
   * @param entry the entry on one of the affiliate's accounts
   */
  public StatementLine {
    checkNotNull(key, "key");
    checkNotNull(postedAt, "postedAt");
    checkNotNull(posting, "posting");
    checkNotNull(entry, "entry");
  }

  /**
   * {@return what the transaction did, the posting's {@linkplain Posting#description()
   * description}, such as {@code accrual of USD 5.00 for 'jane' ...}}
   */
  public String description() {
    return posting.description();
  }
}
