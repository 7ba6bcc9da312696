package dev.affiliatekit.program;

import static com.google.common.base.Preconditions.checkState;

import dev.affiliatekit.attribution.Touchpoint;
import dev.affiliatekit.attribution.TouchpointKind;
import dev.affiliatekit.internal.Texts;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The touch ids of a program's keyed touches, each with what its touch returned, while the touch
 * can count: a retry of the same request returns that, another request under the id is refused.
 *
 * <p>The ids are split among stripes by their hash code, each under its own lock, so that keyed
 * touches of different ids are recorded in parallel, and one id's touch is recorded once. Each
 * stripe keeps its ids in the order they were recorded and forgets the oldest once their touch is
 * older than the retention, whenever it is used.
 *
 * <p>A click or coupon use keeps only the touch it recorded, whose kind, visitor, code and channel
 * are its request; a visit keeps its URL beside what it recorded, as its code is read from the URL.
 */
final class TouchKeys {

  /** The number of stripes: a power of two, as {@link #stripeOf} masks the hash code. */
  private static final int STRIPES = 16;

  private final Clock clock;
  private final @Nullable Duration retention;
  private final Stripe[] stripes = new Stripe[STRIPES];

  /**
   * @param clock the program's clock, which dates what each stripe forgets
   * @param retention how long a touch can count, or null if for ever
   */
  TouchKeys(Clock clock, @Nullable Duration retention) {
    this.clock = clock;
    this.retention = retention;
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Stripe();
    }
  }

  /**
   * Returns the touch recorded under the id: the one recorded before for the same kind, visitor,
   * code and channel, or the one {@code record} records now.
   *
   * @throws IllegalStateException if the id was used for another touch or a visit
   */
  Touchpoint touch(String touchId, TouchpointKind kind, String visitorId, String code,
      @Nullable String channel, Supplier<Touchpoint> record) {
    Object kept = once(touchId,
        previous -> previous instanceof Touchpoint touch && touch.kind() == kind
            && touch.visitorId().equals(visitorId) && code.equals(touch.code().orElse(null))
            && Objects.equals(channel, touch.channel().orElse(null)),
        record);
    return (Touchpoint) kept;
  }

  /**
   * Returns what a visit recorded under the id: what the visit of the same visitor and URL recorded
   * before, or what {@code record} records now.
   *
   * @throws IllegalStateException if the id was used for another visit or a touch
   */
  Optional<Touchpoint> visit(String touchId, String visitorId, String url,
      Supplier<Optional<Touchpoint>> record) {
    Object kept = once(touchId,
        previous -> previous instanceof Visit visit && visit.visitorId().equals(visitorId)
            && visit.url().equals(url),
        () -> {
          Optional<Touchpoint> outcome = record.get();
          return new Visit(visitorId, url, outcome,
              outcome.isPresent() ? outcome.get().instant() : clock.instant());
        });
    return ((Visit) kept).outcome();
  }

  /** What is kept of a keyed visit: its request, what it recorded, and when. */
  private record Visit(String visitorId, String url, Optional<Touchpoint> outcome, Instant at) {}

  /** The ids of one stripe, oldest first, and the outcome of each; guarded by the stripe. */
  private static final class Stripe {
    final LinkedHashMap<String, Object> outcomes = new LinkedHashMap<>();
  }

  /**
   * Returns what the stripe of the id keeps for it, if that answers the same request, or what
   * {@code record} returns now, which it then keeps; under the stripe's lock.
   */
  private Object once(String touchId, Predicate<Object> sameRequest, Supplier<?> record) {
    Stripe stripe = stripes[stripeOf(touchId)];
    synchronized (stripe) {
      LinkedHashMap<String, Object> outcomes = stripe.outcomes;
      // Forget first: a retry after the retention must not find its own expired id.
      @Nullable Instant cutoff = forget(stripe);
      Object previous = outcomes.get(touchId);
      if (previous != null && cutoff != null && at(previous).isBefore(cutoff)) {
        // Recorded after a later id when the clock stepped back, so not forgotten in turn.
        outcomes.remove(touchId);
        previous = null;
      }
      if (previous != null) {
        checkState(sameRequest.test(previous),
            "idempotency key was used for a different request: %s",
            Texts.quote(Keys.of("touch", touchId)));
        return previous;
      }
      Object outcome = Objects.requireNonNull(record.get());
      outcomes.put(touchId, outcome);
      return outcome;
    }
  }

  /**
   * Forgets the stripe's ids whose touches are older than the retention, oldest first, and
   * returns the cutoff, or null if every id is kept. Ids are in the order they were recorded,
   * which is their time order unless the clock stepped back: an id recorded then waits behind a
   * later one, and {@link #once} forgets it when it is asked for. An id stamped after the clock's
   * reading, by a clock that has stepped back since, moves behind the others, so that it keeps
   * no other id for longer than the retention.
   */
  private @Nullable Instant forget(Stripe stripe) {
    LinkedHashMap<String, Object> outcomes = stripe.outcomes;
    Instant now = clock.instant();
    // A retention is at most two maximum lookbacks, so only a clock at the very start of time
    // has no cutoff; it keeps every id.
    if (retention == null || outcomes.isEmpty()
        || now.getEpochSecond() - Instant.MIN.getEpochSecond() <= retention.toSeconds() + 1) {
      return null;
    }
    Instant cutoff = now.minus(retention);
    // Each id moves at most once a call, and the walk stops at the first it cannot forget.
    for (int moves = outcomes.size(); !outcomes.isEmpty(); ) {
      Map.Entry<String, Object> oldest = outcomes.entrySet().iterator().next();
      Instant at = at(oldest.getValue());
      if (at.isBefore(cutoff)) {
        outcomes.remove(oldest.getKey());
      } else if (at.isAfter(now) && moves-- > 0) {
        String touchId = oldest.getKey();
        Object outcome = oldest.getValue();
        outcomes.remove(touchId);
        outcomes.put(touchId, outcome);
      } else {
        break;
      }
    }
    return cutoff;
  }

  /** {@return the instant by which a kept outcome is forgotten: that of its touch, if any} */
  private static Instant at(Object kept) {
    return kept instanceof Touchpoint touch ? touch.instant() : ((Visit) kept).at();
  }

  /** {@return the number of ids kept} */
  int size() {
    int size = 0;
    for (Stripe stripe : stripes) {
      synchronized (stripe) {
        size += stripe.outcomes.size();
      }
    }
    return size;
  }

  /** {@return the stripe of a touch id: its hash code's bits, high and low, folded together} */
  static int stripeOf(String touchId) {
    int hash = touchId.hashCode();
    return (hash ^ hash >>> 16) & (STRIPES - 1);
  }
}
