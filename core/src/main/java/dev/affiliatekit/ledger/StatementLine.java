package dev.affiliatekit.ledger;

import static com.google.common.base.Preconditions.checkNotNull;

import java.time.Instant;
import java.util.Optional;

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

  /**
   * Returns what the transaction did on this entry. An entry of a payout run, settlement or
   * failure names the affiliate's own payout line, the entry's {@linkplain Entry#reference()
   * reference}, which is the unique id of the payment in the PayPal file, however many lines the
   * transaction moved: {@code line '7-1' of payout run as of 2026-04-01T00:00:00Z with minimums
   * [USD 50.00]}, {@code settlement of line '7-1' of payout batch 'payout-2026-04'}, or {@code
   * failure of line '7-1' of payout batch 'payout-2026-04': bank rejected}. Any other entry has
   * the {@linkplain #description() description}.
   *
   * @return what the transaction did on this entry
   */
  public String entryDescription() {
    Optional<String> reference = entry.reference();
    if (reference.isPresent()) {
      String lineId = reference.get();
      if (posting instanceof PayoutSettlement settlement) {
        return settlement.description(lineId);
      } else if (posting instanceof PayoutFailure failure) {
        return failure.description(lineId);
      } else if (posting instanceof PayoutPreparation preparation) {
        return preparation.description(lineId);
      }
    }
    return description();
  }
}
