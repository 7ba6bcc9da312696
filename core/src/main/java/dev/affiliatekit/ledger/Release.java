package dev.affiliatekit.ledger;

import static com.google.common.base.Preconditions.checkNotNull;

import java.time.Instant;

/**
 * The release of every pending item whose hold has ended by the given instant: each moves from
 * the affiliate's pending account to payable.
 *
 * <p>For example, with items held until 31 March and 2 April, a release as of 1 April releases the
 * first only.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param asOf the instant; items held until this instant or earlier are released
 */
public record Release(Instant asOf) implements Posting {

  /**
   * Creates a release.
   *
   * @param asOf the instant; items held until this instant or earlier are released
   */
  public Release {
    checkNotNull(asOf, "asOf");
  }

  @Override
  public String description() {
    return "release of holds ended by " + asOf;
  }
}
