package dev.affiliatekit.ledger;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableSortedSet;
import dev.affiliatekit.internal.Ids;
import java.util.Set;
import java.util.TreeSet;

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

  @Override
  public String description() {
    String lines = lineIds.isEmpty() ? "all open lines" : "lines " + new TreeSet<>(lineIds);
    return "failure of " + lines + " of payout batch " + Ids.quote(batchKey) + ": " + reason;
  }
}
