package dev.affiliatekit.attribution;

import static com.google.common.base.Preconditions.checkNotNull;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

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

  /** The instant given. */
  private final Instant instant;
  /** The latest instant accepted: the attributor's clock plus the clock skew. */
  private final Instant latest;
  /** The attributor that refused the instant; not kept by serialization. */
  private final transient @Nullable Attributor refusedBy;

  /**
   * Creates the exception.
   *
   * @param refusedBy the attributor that refused the instant
   * @param instant the instant given
   * @param latest the latest instant accepted: the clock plus the clock skew
   * @param message the whole message
   */
  InstantInFutureException(Attributor refusedBy, Instant instant, Instant latest,
      String message) {
    super(message);
    this.refusedBy = checkNotNull(refusedBy, "refusedBy");
    this.instant = checkNotNull(instant, "instant");
    this.latest = checkNotNull(latest, "latest");
  }

  /**
   * Returns whether this attributor refused the instant itself, rather than a part it called,
   * such as a host store that records into another attributor. A caller that stamps the touch it
   * records stamps it anew only if its own attributor refused it; an exception that was
   * serialized knows no attributor.
   *
   * @param attributor an attributor
   * @return whether it refused the instant
   */
  public boolean refusedBy(Attributor attributor) {
    checkNotNull(attributor, "attributor");
    return attributor == refusedBy;
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
