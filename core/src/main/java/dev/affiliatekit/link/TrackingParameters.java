package dev.affiliatekit.link;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.Optional;

/**
 * What {@link TrackingLinkParser} read from an incoming URL: the link code, if there was exactly
 * one, and the UTM parameters.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param code the code of the link; empty if the URL had none, or several different ones
 * @param utm the UTM parameters; each empty if missing, unreadable or ambiguous
 */
public record TrackingParameters(Optional<LinkCode> code, Utm utm) {

  /** Nothing read: no code and no UTM parameters. */
  public static final TrackingParameters NONE = new TrackingParameters(Optional.empty(), Utm.NONE);

  /**
   * Checks for nulls.
   *
   * @param code the code of the link, if it had exactly one
   * @param utm the UTM parameters
   */
  public TrackingParameters {
    checkNotNull(code, "code");
    checkNotNull(utm, "utm");
  }
}
