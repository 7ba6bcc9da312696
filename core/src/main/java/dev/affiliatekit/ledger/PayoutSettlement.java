package dev.affiliatekit.ledger;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableSortedSet;
import dev.affiliatekit.internal.Ids;
import java.util.Set;

/**
 * The confirmation that payout lines were paid: each moves from payout clearing to paid.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param batchKey the key of the payout run
 * @param lineIds the lines paid, sorted by id; empty for every line of the batch that is still
 *     in clearing
 */
public record PayoutSettlement(String batchKey, Set<String> lineIds) implements Posting {

  /**
   * Creates a settlement.
   *
   * @param batchKey the key of the payout run
   * @param lineIds the lines paid; empty for every line of the batch that is still in clearing
   * @throws IllegalArgumentException if the key or a line id is not valid
   */
  public PayoutSettlement {
    Checks.id(batchKey, "batchKey");
    lineIds = ImmutableSortedSet.copyOf(Checks.noNulls(lineIds, "lineIds"));
    lineIds.forEach(id -> Checks.id(id, "lineId"));
  }

  /**
   * {@return what the settlement does, such as {@code settlement of lines [2-1, 2-2] of payout
   * batch 'b'}; of more than three lines, their count and the first three ids, such as {@code
   * settlement of 39,999 lines [40002-1, 40002-10, 40002-100 and 39,996 more] of payout batch
   * 'may'}, so that it stays short however large the batch}
   */
  @Override
  public String description() {
    return "settlement of " + PayoutTexts.lines(lineIds) + " of payout batch "
        + Ids.quote(batchKey);
  }

  /**
   * {@return what the settlement does to one line, such as {@code settlement of line '7-1' of
   * payout batch 'b'}}
   */
  String description(String lineId) {
    return "settlement of " + PayoutTexts.line(lineId) + " of payout batch " + Ids.quote(batchKey);
  }
}
