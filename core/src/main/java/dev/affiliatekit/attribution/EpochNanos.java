package dev.affiliatekit.attribution;

import java.time.Instant;

/**
 * Instants as a {@code long} count of nanoseconds since the epoch, the exact form in which the
 * store keeps them and the window compares them.
 */
final class EpochNanos {

  /** The earliest instant that fits: 1677-09-21T00:12:43.145224192Z. */
  static final Instant MIN = Instant.ofEpochSecond(0, Long.MIN_VALUE);
  /** The latest instant that fits: 2262-04-11T23:47:16.854775807Z. */
  static final Instant MAX = Instant.ofEpochSecond(0, Long.MAX_VALUE);

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private EpochNanos() {}

  /**
   * Returns the instant in nanoseconds since the epoch.
   *
   * @throws IllegalArgumentException if the instant is outside [{@link #MIN}, {@link #MAX}]
   */
  static long of(Instant instant, String field) {
    if (instant.isBefore(MIN) || instant.isAfter(MAX)) {
      throw new IllegalArgumentException(field + " must be within [" + MIN + ", " + MAX + "]: "
          + instant);
    }
    // Near MIN the product alone leaves the long range; the sum is back in range, and two's
    // complement arithmetic makes it exact.
    return instant.getEpochSecond() * NANOS_PER_SECOND + instant.getNano();
  }

  static Instant toInstant(long nanos) {
    return Instant.ofEpochSecond(Math.floorDiv(nanos, NANOS_PER_SECOND),
        Math.floorMod(nanos, NANOS_PER_SECOND));
  }
}
