package dev.affiliatekit.ledger;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.collect.ImmutableSortedSet;
import dev.affiliatekit.internal.Ids;
import java.util.Set;
import java.util.TreeSet;

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

  @Override
  public String description() {
    String lines = lineIds.isEmpty() ? "all open lines" : "lines " + new TreeSet<>(lineIds);
    return "settlement of " + lines + " of payout batch " + Ids.quote(batchKey);
  }
}
