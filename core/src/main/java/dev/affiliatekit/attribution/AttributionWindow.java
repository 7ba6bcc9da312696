package dev.affiliatekit.attribution;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How long before a conversion a touchpoint may happen and still count: a lookback per kind of
 * touch, and optionally a limit on the time since the affiliate's first referral.
 *
 * <p>Durations are exact elapsed time, never calendar days: a lookback of {@code P30D} is 30 × 24
 * hours, whatever the time zones and daylight-saving changes in between.
 *
 * <p><b>The boundary is inclusive.</b> A touch counts for a conversion at instant {@code c} when
 * its kind has a lookback {@code L} and it happened at an instant {@code t} with {@code c - L <= t
 * <= c}. A touch exactly {@code L} before the conversion counts; one a nanosecond earlier does not.
 * A touch at the conversion's own instant counts; a touch after it never does. A kind without a
 * lookback never counts.
 *
 * <p>{@linkplain #maxSinceFirstReferral() The maximum time since the first referral} models a
 * referral that expires and is not renewed by later clicks: when set to {@code M}, an affiliate's
 * touches count only if the affiliate's earliest touch inside the window is at most {@code M}
 * before the conversion (same inclusive rule). It only matters when shorter than the lookback. A
 * touch older than its lookback counts for nothing, not even as the start of a referral, as if the
 * store had evicted it, so that a result's credits never depend on when the store evicts such
 * touches: with a 30-day lookback and a 7-day limit, clicks 20 days and 1 day before a conversion
 * earn nothing (the referral expired 13 days ago), while clicks 40 days and 1 day before earn,
 * since the first has left the window and the second starts a new referral. A result's explanation,
 * though, lists the touches the store still holds, so a touch older than its lookback shows there
 * as {@link ExclusionReason#OUTSIDE_WINDOW} until the store evicts it (see {@link NoCredit}). A
 * referral that should bind a customer for a fixed time, whatever they click later, is a
 * {@linkplain AttributionPolicy lifetime binding} with an expiry.
 *
 * <pre>{@code
 * AttributionWindow window = AttributionWindow.builder()
 *     .lookback(TouchpointKind.CLICK, Duration.ofDays(30))
 *     .lookback(TouchpointKind.COUPON, Duration.ofDays(30))
 *     .lookback(TouchpointKind.VIEW, Duration.ofDays(1))
 *     .build();
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 */
// Lookbacks live in an array indexed by the kind's ordinal: the fastest map for three kinds, and
// private, so the order of the constants is never part of the API.
@SuppressWarnings("EnumOrdinal")
public final class AttributionWindow {

  /** The longest lookback accepted: 100 × 365 days. */
  public static final Duration MAX_LOOKBACK = Duration.ofDays(36_500);

  private static final TouchpointKind[] KINDS = TouchpointKind.values();
  private static final long NONE = -1;
  private static final AttributionWindow STANDARD = builder()
      .lookback(TouchpointKind.CLICK, Duration.ofDays(30))
      .lookback(TouchpointKind.COUPON, Duration.ofDays(30))
      .lookback(TouchpointKind.VIEW, Duration.ofDays(1))
      .build();

  /** Lookback per kind ordinal in nanoseconds, or {@link #NONE}. */
  private final long[] lookbackNanos;
  private final long maxSinceFirstNanos;

  private AttributionWindow(long[] lookbackNanos, long maxSinceFirstNanos) {
    this.lookbackNanos = lookbackNanos;
    this.maxSinceFirstNanos = maxSinceFirstNanos;
  }

  /**
   * Returns the window most affiliate programs start with: clicks and coupon uses count for 30
   * days, views for 1 day, and referrals do not expire otherwise.
   *
   * @return the standard window
   */
  public static AttributionWindow standard() {
    return STANDARD;
  }

  /**
   * Returns a window in which clicks count for the given lookback and other kinds never count.
   *
   * <p>For example, {@code AttributionWindow.ofClicks(Duration.ofDays(7))} credits only clicks of
   * the last 7 × 24 hours.
   *
   * @param lookback how long a click counts, positive and at most {@link #MAX_LOOKBACK}
   * @return the window
   * @throws IllegalArgumentException if the lookback is not positive or too long
   */
  public static AttributionWindow ofClicks(Duration lookback) {
    return builder().lookback(TouchpointKind.CLICK, lookback).build();
  }

  /**
   * Returns a builder with no lookback for any kind.
   *
   * @return the builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the lookback of the given kind.
   *
   * @param kind the kind of touch
   * @return how long before a conversion such a touch counts; empty if it never counts
   */
  public Optional<Duration> lookback(TouchpointKind kind) {
    long nanos = lookbackNanos[checkNotNull(kind, "kind").ordinal()];
    return nanos == NONE ? Optional.empty() : Optional.of(Duration.ofNanos(nanos));
  }

  /** {@return the lookback of every kind that has one, in the order of the kinds} */
  public Map<TouchpointKind, Duration> lookbacks() {
    Map<TouchpointKind, Duration> map = new EnumMap<>(TouchpointKind.class);
    for (TouchpointKind kind : KINDS) {
      lookback(kind).ifPresent(duration -> map.put(kind, duration));
    }
    return Collections.unmodifiableMap(map);
  }

  /** {@return the longest time from an affiliate's first referral to a conversion, if limited} */
  public Optional<Duration> maxSinceFirstReferral() {
    return maxSinceFirstNanos == NONE
        ? Optional.empty()
        : Optional.of(Duration.ofNanos(maxSinceFirstNanos));
  }

  /**
   * Returns the longest lookback of any kind: touches older than that before every future
   * conversion can never count, so a store may evict them.
   *
   * @return the longest lookback; zero if no kind counts
   */
  public Duration horizon() {
    return Duration.ofNanos(horizonNanos());
  }

  /** {@return the {@linkplain #horizon() horizon} in nanoseconds} */
  long horizonNanos() {
    long longest = 0;
    for (long nanos : lookbackNanos) {
      longest = Math.max(longest, nanos);
    }
    return longest;
  }

  /**
   * Returns whether a touch of the given kind at the given instant falls inside this window for a
   * conversion at the other instant, by the inclusive rule of the class documentation. The maximum
   * time since the first referral is not considered here: it depends on the affiliate's other
   * touches.
   *
   * <p>For example, with a click lookback of {@code P30D}, a click at {@code 2026-03-01T00:00:00Z}
   * counts for a conversion at {@code 2026-03-31T00:00:00Z}, but not for one at {@code
   * 2026-03-31T00:00:00.000000001Z}.
   *
   * @param kind the kind of touch
   * @param touch when the touch happened
   * @param conversion when the conversion happened
   * @return whether the touch counts
   */
  public boolean contains(TouchpointKind kind, Instant touch, Instant conversion) {
    checkNotNull(kind, "kind");
    checkNotNull(touch, "touch");
    checkNotNull(conversion, "conversion");
    long lookback = lookbackNanos[kind.ordinal()];
    if (lookback == NONE || touch.isAfter(conversion)) {
      return false;
    }
    // Any two instants are at most about 2 * 10^9 years apart, which a Duration holds.
    return Duration.between(touch, conversion).compareTo(Duration.ofNanos(lookback)) <= 0;
  }

  /** Returns the exclusion for a touch, or null if it is inside the window; nanos since epoch. */
  @Nullable ExclusionReason exclusion(TouchpointKind kind, long touchNanos, long conversionNanos) {
    if (touchNanos > conversionNanos) {
      return ExclusionReason.AFTER_CONVERSION;
    }
    long lookback = lookbackNanos[kind.ordinal()];
    // Both instants lie within the long range of nanoseconds, so the difference of a touch before
    // the conversion is non-negative but may exceed Long.MAX_VALUE: compare unsigned.
    if (lookback == NONE || Long.compareUnsigned(conversionNanos - touchNanos, lookback) > 0) {
      return ExclusionReason.OUTSIDE_WINDOW;
    }
    return null;
  }

  /** Returns whether a referral first made at {@code firstNanos} has expired at the conversion. */
  boolean referralExpired(long firstNanos, long conversionNanos) {
    return maxSinceFirstNanos != NONE
        && Long.compareUnsigned(conversionNanos - firstNanos, maxSinceFirstNanos) > 0;
  }

  /** Returns whether the other object is a window with the same lookbacks and limit. */
  @Override
  public boolean equals(@Nullable Object obj) {
    return obj instanceof AttributionWindow other
        && Arrays.equals(lookbackNanos, other.lookbackNanos)
        && maxSinceFirstNanos == other.maxSinceFirstNanos;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(lookbackNanos) * 31 + Long.hashCode(maxSinceFirstNanos);
  }

  /**
   * Returns the lookbacks and the limit, such as {@code AttributionWindow{CLICK=PT720H,
   * VIEW=PT24H}} or {@code AttributionWindow{CLICK=PT720H, maxSinceFirstReferral=PT168H}}.
   */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("AttributionWindow{");
    String separator = "";
    for (TouchpointKind kind : KINDS) {
      if (lookbackNanos[kind.ordinal()] != NONE) {
        text.append(separator).append(kind).append('=')
            .append(Duration.ofNanos(lookbackNanos[kind.ordinal()]));
        separator = ", ";
      }
    }
    if (maxSinceFirstNanos != NONE) {
      text.append(separator)
          .append("maxSinceFirstReferral=")
          .append(Duration.ofNanos(maxSinceFirstNanos));
    }
    return text.append('}').toString();
  }

  /** A builder of {@link AttributionWindow}s. */
  public static final class Builder {
    private final long[] lookbackNanos = new long[KINDS.length];
    private long maxSinceFirstNanos = NONE;

    private Builder() {
      Arrays.fill(lookbackNanos, NONE);
    }

    /**
     * Sets how long before a conversion a touch of the given kind counts.
     *
     * @param kind the kind of touch
     * @param lookback positive, at most {@link #MAX_LOOKBACK}
     * @return this builder
     * @throws IllegalArgumentException if the lookback is not positive or too long
     */
    @CanIgnoreReturnValue
    public Builder lookback(TouchpointKind kind, Duration lookback) {
      checkNotNull(kind, "kind");
      lookbackNanos[kind.ordinal()] = checkDuration(lookback, "lookback");
      return this;
    }

    /**
     * Limits the time from an affiliate's first referral in the window to the conversion.
     *
     * @param limit positive, at most {@link #MAX_LOOKBACK}
     * @return this builder
     * @throws IllegalArgumentException if the limit is not positive or too long
     */
    @CanIgnoreReturnValue
    public Builder maxSinceFirstReferral(Duration limit) {
      maxSinceFirstNanos = checkDuration(limit, "maxSinceFirstReferral");
      return this;
    }

    private static long checkDuration(Duration duration, String field) {
      checkNotNull(duration, field);
      checkArgument(!duration.isNegative() && !duration.isZero(), "%s must be positive: %s", field,
          duration);
      checkArgument(duration.compareTo(MAX_LOOKBACK) <= 0, "%s must be at most %s: %s", field,
          MAX_LOOKBACK, duration);
      return duration.toNanos();
    }

    /**
     * Returns the window.
     *
     * @return the window
     */
    public AttributionWindow build() {
      return new AttributionWindow(lookbackNanos.clone(), maxSinceFirstNanos);
    }
  }
}
