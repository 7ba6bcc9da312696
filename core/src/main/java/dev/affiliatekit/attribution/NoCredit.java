package dev.affiliatekit.attribution;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A conversion for which no affiliate earned credit, with the reason and the explanation.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param conversion the conversion attributed
 * @param reason no touchpoints at all, or none eligible
 * @param explanation which touches were found and why each was excluded
 */
public record NoCredit(Conversion conversion, NoCreditReason reason, Explanation explanation)
    implements AttributionResult {

  /**
   * Validates the parts.
   *
   * @param conversion the conversion attributed
   * @param reason no touchpoints at all, or none eligible
   * @param explanation which touches were found and why each was excluded
   */
  public NoCredit {
    checkNotNull(conversion, "conversion");
    checkNotNull(reason, "reason");
    checkNotNull(explanation, "explanation");
  }

  /** {@return no credits} */
  @Override
  public List<Credit> credits() {
    return List.of();
  }

  /**
   * Returns the exclusion that decided the outcome: that of the latest of the buyer's touches at
   * or before the conversion that the window looked back to (excluded neither as {@link
   * ExclusionReason#OUTSIDE_WINDOW} nor as {@link ExclusionReason#OTHER_CUSTOMER}, a touch made
   * signed in as another customer, which is that customer's whatever its age); or else of the
   * latest of the buyer's touches at or before the conversion, which the window left out; or
   * else of the latest touch at or before the conversion, another customer's; or else, every
   * touch being after the conversion, of the latest touch. For example, when the only touch in
   * the window is the buyer's own link, it is the {@link ExclusionReason#SELF_REFERRAL} of that
   * touch, whatever older touches the window left out; and when the buyer's only click is older
   * than the window, it is the {@code OUTSIDE_WINDOW} of that click, whatever touches another
   * customer made signed in on the same device.
   *
   * @return the deciding exclusion; empty when no touchpoint was found
   */
  public Optional<Exclusion> decisiveExclusion() {
    List<Exclusion> excluded = explanation.excluded();
    @Nullable Exclusion latestOutside = null;
    @Nullable Exclusion latestOfAnother = null;
    for (int i = excluded.size() - 1; i >= 0; i--) {
      Exclusion exclusion = excluded.get(i);
      // Whatever rule excluded it first, a touch after the conversion did not decide it; nor, if
      // the window looked back to one of the buyer's touches, did one older than the window looks
      // back, or another customer's, excluded as such whatever its age.
      if (!exclusion.touchpoint().instant().isAfter(conversion.instant())) {
        ExclusionReason reason = exclusion.reason();
        if (reason != ExclusionReason.OUTSIDE_WINDOW && reason != ExclusionReason.OTHER_CUSTOMER) {
          return Optional.of(exclusion);
        }
        if (reason == ExclusionReason.OUTSIDE_WINDOW && latestOutside == null) {
          latestOutside = exclusion;
        }
        if (reason == ExclusionReason.OTHER_CUSTOMER && latestOfAnother == null) {
          latestOfAnother = exclusion;
        }
      }
    }
    if (latestOutside != null) {
      return Optional.of(latestOutside);
    }
    if (latestOfAnother != null) {
      return Optional.of(latestOfAnother);
    }
    return excluded.isEmpty() ? Optional.empty() : Optional.of(excluded.get(excluded.size() - 1));
  }
}
