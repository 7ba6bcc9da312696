package dev.affiliatekit.attribution;

import static com.google.common.base.Preconditions.checkNotNull;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A conversion for which no affiliate earned credit, with the reason and the explanation.
 *
 * <p>Evicting touches older than the window's horizon never changes whether a conversion earns
 * credit, but the explanation lists only the touches the store still holds, and so do the reason,
 * the {@linkplain #decisiveExclusion() decisive exclusion}, equality and the JSON form, which
 * follow from it. A buyer's only click older than the window gives
 * {@link NoCreditReason#NONE_ELIGIBLE}, that click excluded as
 * {@link ExclusionReason#OUTSIDE_WINDOW}, while the store holds it, and
 * {@link NoCreditReason#NO_TOUCHPOINTS} with an empty explanation once the store has evicted it. A
 * store evicts when its {@link TouchpointStore#evictBefore(java.time.Instant)} is called, and a
 * store with a retention ({@link TouchpointStore#inMemory(java.time.Clock, java.time.Duration)})
 * also at any time once a touch is older than the retention, when other visitors' touches make it
 * rebuild the part of the store that holds it. The default store of
 * {@link dev.affiliatekit.program.AffiliateProgram} keeps the window's horizon plus the policy's
 * clock skew (see {@link dev.affiliatekit.program.AffiliateProgram.Builder#touchpointStore}): under
 * the standard 30-day window, a click 40 days before an order recorded now is past that, so whether
 * the order's result lists it depends on the traffic of other visitors since.
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
   * customer made signed in on the same device, for as long as the store holds that click. Once
   * the store has evicted it, the touches left decide, and with none left this is empty (see
   * above).
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
