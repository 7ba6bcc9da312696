package dev.affiliatekit.attribution;

import static com.google.common.base.Preconditions.checkNotNull;

import java.time.Instant;

/**
 * Thrown when a touchpoint or a conversion lies further in the future of an attributor's clock
 * than its policy's {@linkplain AttributionPolicy#maxClockSkew() clock skew} allows: with the
 * field, the latest instant accepted and the instant given, such as {@code touchpoint instant must
 * not be after 2026-03-01T12:05:00Z (the clock plus maxClockSkew PT5M): 2026-03-01T12:10:00Z}.
 *
 * <p>It is an {@link IllegalArgumentException}, as an attributor's docs say; its type tells a
 * caller that stamps instants by a clock of its own that the clock, or the host's, stepped back,
 * and that stamping anew may succeed.
 */
public final class InstantInFutureException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final transient Instant instant;
  private final transient Instant latest;

  /**
   * Creates the exception.
   *
   * @param field the field refused, such as {@code touchpoint instant}
   * @param instant the instant given
   * @param latest the latest instant accepted: the clock plus the clock skew
   * @param message the whole message
   */
  InstantInFutureException(String field, Instant instant, Instant latest, String message) {
    super(message);
    checkNotNull(field, "field");
    this.instant = checkNotNull(instant, "instant");
    this.latest = checkNotNull(latest, "latest");
  }

  /** {@return the instant given} */
  public Instant instant() {
    return instant;
  }

  /** {@return the latest instant the attributor accepted: its clock plus the clock skew} */
  public Instant latest() {
    return latest;
  }
}
