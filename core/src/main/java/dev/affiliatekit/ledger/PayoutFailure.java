package dev.affiliatekit.ledger;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableSortedSet;
import dev.affiliatekit.internal.Ids;
import java.util.Set;

/**
 * The report that payout lines were not paid, such as a rejected transfer: each moves from payout
 * clearing back to payable, for the next run.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param batchKey the key of the payout run
 * @param lineIds the lines that failed, sorted by id; empty for every line of the batch still in
 *     clearing
 * @param reason why, one line of text
 */
public record PayoutFailure(String batchKey, Set<String> lineIds, String reason)
    implements Posting {

  /**
   * Creates a failure.
   *
   * @param batchKey the key of the payout run
   * @param lineIds the lines that failed; empty for every line of the batch still in clearing
   * @param reason why, one line of text
   * @throws IllegalArgumentException if the key, a line id or the reason is not valid
   */
  public PayoutFailure {
    Checks.id(batchKey, "batchKey");
    lineIds = ImmutableSortedSet.copyOf(Checks.noNulls(lineIds, "lineIds"));
    lineIds.forEach(id -> Checks.id(id, "lineId"));
    Checks.text(reason, "reason");
  }

  /**
   * {@return what the failure does, and why, such as {@code failure of all open lines of payout
   * batch 'b': bounced}; of more than three lines, their count and the first three ids, such as
   * {@code failure of 39,999 lines [40002-1, 40002-10, 40002-100 and 39,996 more] of payout batch
   * 'may': bank rejected}, so that it stays short however large the batch}
   */
  @Override
  public String description() {
    return "failure of " + PayoutTexts.lines(lineIds) + " of payout batch " + Ids.quote(batchKey)
        + ": " + reason;
  }

  /**
   * {@return what the failure does to one line, and why, such as {@code failure of line '7-1' of
   * payout batch 'b': bounced}}
   */
  String description(String lineId) {
    return "failure of " + PayoutTexts.line(lineId) + " of payout batch " + Ids.quote(batchKey)
        + ": " + reason;
  }
}
