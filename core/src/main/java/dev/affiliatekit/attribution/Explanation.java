package dev.affiliatekit.attribution;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.affiliatekit.internal.Elements;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Why a conversion was credited as it was: every touch that was eligible, every touch that was
 * excluded with the rule that excluded it, and notes on decisions not tied to a touch (a coupon, a
 * lifetime binding).
 *
 * <p>Every touchpoint the attributor read for the conversion appears exactly once, either as
 * eligible or as excluded, in chronological order. It reads the touches the store holds when the
 * conversion is attributed, so a touch older than the window appears, as {@link
 * ExclusionReason#OUTSIDE_WINDOW}, only until the store evicts it (see {@link NoCredit}).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param eligible the touches that passed every rule and were weighed by the model, in
 *     chronological order
 * @param excluded the touches that earned nothing, with the reason, in chronological order
 * @param notes human-readable notes, such as {@code coupon 'ANNA10' of anna beats links}
 */
public record Explanation(List<Touchpoint> eligible, List<Exclusion> excluded,
    List<String> notes) {

  /**
   * Validates and copies the lists.
   *
   * @param eligible the touches that passed every rule and were weighed by the model, in
   *     chronological order
   * @param excluded the touches that earned nothing, with the reason, in chronological order
   * @param notes human-readable notes, such as {@code coupon 'ANNA10' of anna beats links}
   */
  public Explanation {
    eligible = TouchView.trustedOrCopy(checkNotNull(eligible, "eligible"), "eligible");
    excluded = TouchView.trustedOrCopy(checkNotNull(excluded, "excluded"), "excluded");
    notes = Elements.copyOf(notes, "notes");
  }

  /**
   * {@return whether a touch listed, eligible or excluded, was made by one of the visitors or
   * signed in as the customer} Reads the touches of an explanation the attributor made without
   * making objects.
   *
   * @param visitors the visitors, perhaps none
   * @param customerId the customer, or null to match none
   */
  boolean names(Set<String> visitors, @Nullable String customerId) {
    TouchView whole = TouchView.wholeViewOf(eligible, excluded);
    if (whole != null) {
      return whole.names(visitors, customerId);
    }
    return TouchView.names(eligible, visitors, customerId)
        || TouchView.names(excluded, visitors, customerId);
  }

  /**
   * Returns the excluded touches with the given reason.
   *
   * @param reason the reason
   * @return those touches, in chronological order
   */
  public List<Touchpoint> excludedFor(ExclusionReason reason) {
    checkNotNull(reason, "reason");
    List<Touchpoint> touches = new ArrayList<>();
    for (Exclusion exclusion : excluded) {
      if (exclusion.reason() == reason) {
        touches.add(exclusion.touchpoint());
      }
    }
    return List.copyOf(touches);
  }
}
