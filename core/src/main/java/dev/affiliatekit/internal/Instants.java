package dev.affiliatekit.internal;

import java.time.Duration;
import java.time.Instant;

/** Instant arithmetic that the library's limits need. Not API. */
public final class Instants {

  private Instants() {}

  /**
   * Returns the instant plus a duration that is not negative, or {@link Instant#MAX} where the sum
   * lies beyond it: nothing lies after the last instant, so a hold, skew or expiry such as {@code
   * ChronoUnit.FOREVER.getDuration()} reaches the end of time instead of overflowing. Nothing is
   * thrown and caught on the way.
   *
   * @param instant the instant
   * @param duration the duration, not negative
   * @return the sum, at most {@link Instant#MAX}
   */
  public static Instant plusSaturated(Instant instant, Duration duration) {
    // Both seconds are within Instant's range, so neither the difference nor the carry overflows.
    Duration room = Duration.ofSeconds(Instant.MAX.getEpochSecond() - instant.getEpochSecond(),
        Instant.MAX.getNano() - instant.getNano());
    return duration.compareTo(room) >= 0 ? Instant.MAX : instant.plus(duration);
  }
}
