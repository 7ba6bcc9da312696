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
   * Returns the exclusion that decided the outcome: that of the latest touch at or before the
   * conversion that the window looked back to (not {@link ExclusionReason#OUTSIDE_WINDOW}), or
   * else of the latest touch at or before the conversion, or else of the latest touch. For
   * example, when the only touch in the window is the buyer's own link, it is the {@link
   * ExclusionReason#SELF_REFERRAL} of that touch, whatever older touches the window left out.
   *
   * @return the deciding exclusion; empty when no touchpoint was found
   */
  public Optional<Exclusion> decisiveExclusion() {
    List<Exclusion> excluded = explanation.excluded();
    @Nullable Exclusion latestBefore = null;
    for (int i = excluded.size() - 1; i >= 0; i--) {
      Exclusion exclusion = excluded.get(i);
      // Whatever rule excluded it first, a touch after the conversion did not decide it, nor did
      // one older than the window looks back, if the window looked back to another.
      if (!exclusion.touchpoint().instant().isAfter(conversion.instant())) {
        if (exclusion.reason() != ExclusionReason.OUTSIDE_WINDOW) {
          return Optional.of(exclusion);
        }
        if (latestBefore == null) {
          latestBefore = exclusion;
        }
      }
    }
    if (latestBefore != null) {
      return Optional.of(latestBefore);
    }
    return excluded.isEmpty() ? Optional.empty() : Optional.of(excluded.get(excluded.size() - 1));
  }
}
