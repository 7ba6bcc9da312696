package dev.affiliatekit.attribution;

import static com.google.common.base.Preconditions.checkNotNull;

/**
 * A touchpoint that earned no credit for a conversion, and why.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param touchpoint the touch
 * @param reason the first rule that excluded it
 */
public record Exclusion(Touchpoint touchpoint, ExclusionReason reason) {

  /**
   * Validates the parts.
   *
   * @param touchpoint the touch
   * @param reason the first rule that excluded it
   */
  public Exclusion {
    checkNotNull(touchpoint, "touchpoint");
    checkNotNull(reason, "reason");
  }
}
