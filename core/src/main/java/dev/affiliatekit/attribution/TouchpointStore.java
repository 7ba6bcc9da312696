package dev.affiliatekit.attribution;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Where touchpoints are kept until a conversion asks for them.
 *
 * <p>A store assigns every touchpoint it records a sequence number, unique within the store and
 * increasing in the order of recording; with the touch's instant it makes the {@linkplain
 * Touchpoint#CHRONOLOGICAL total order} in which attribution reads touches. Touches may arrive out
 * of order: a store keeps each by its own instant, so what a later conversion sees does not depend
 * on when a touch arrived, only on whether it had arrived, and on the cutoffs of the evictions
 * since (see {@link #evictBefore(Instant)}), not on when they ran between the touches.
 *
 * <p>{@link #inMemory()} is the stock implementation, built for speed and memory: 20 bytes per
 * touch plus each visitor's id and index slot, about 31 bytes of heap per touch in all for a
 * million visitors with three touches each (see {@link #inMemory(Clock, Duration)}).
 * Implementations must be thread-safe: touches are recorded while conversions are attributed.
 *
 * <pre>{@code
 * TouchpointStore store = TouchpointStore.inMemory(clock, Duration.ofDays(31));
 * store.record(Touchpoint.click("visitor-7f3a", "anna", clock.instant()));
 * List<Touchpoint> touches = store.touchpoints("visitor-7f3a");
 * }</pre>
 */
public interface TouchpointStore {

  /**
   * Returns an empty in-memory store that keeps every touch until {@link #evictBefore(Instant)}.
   *
   * @return the store
   */
  static TouchpointStore inMemory() {
    return new InMemoryTouchpointStore(null, null);
  }

  /**
   * Returns an empty in-memory store that also evicts, from time to time while recording, the
   * touches older than {@code retention} before the clock's current instant, and the links of
   * visitors to customers as {@link #evictBefore(Instant)} does with that cutoff. A retention that
   * reaches back beyond the earliest instant, such as {@code ChronoUnit.FOREVER.getDuration()},
   * keeps every touch. Choose a retention of at least the {@linkplain AttributionWindow#horizon()
   * horizon} of every window the store serves, plus how far behind the clock a conversion may be
   * stamped, or attribution results may change: the store evicts by the clock, but a window reaches
   * back from the conversion's own instant, so under a 30-day horizon a store that keeps 30 days
   * may drop a touch that still counts for an order stamped a minute ago. {@code AffiliateProgram}
   * keeps the horizon plus the policy's {@linkplain AttributionPolicy#maxClockSkew() clock skew},
   * so that a conversion stamped up to that skew behind the clock sees every touch of its window.
   * With such a retention, evicting never changes a result's credits, but it does change its
   * explanation, which lists the touches the store still holds: a touch older than the window is
   * listed as {@link ExclusionReason#OUTSIDE_WINDOW} until the store evicts it, which it may do
   * at any time once the touch is older than the retention (see {@link NoCredit}).
   * The store evicts by the clock as it reads when a stripe is rebuilt, and an evicted touch does
   * not come back: a clock that jumps ahead, even for a moment, makes the stripes rebuilt
   * meanwhile drop every touch older than the retention before the instant it jumped to, so that,
   * once the clock is set right, their visitors' conversions credit no one. Give the store a
   * clock that does not run ahead of the time, or a retention longer by what it may run ahead.
   *
   * <p>The store keeps touches in packed arrays of 20 bytes per touch (instant, sequence number,
   * kind, interned channel, interned affiliate and code), next to the visitor's id, which it
   * stores once as bytes behind an open-addressing index, so that a visitor's touches are always
   * in one place: a touch for a visitor whose room is full moves them, with room for the new one,
   * to space another visitor left or to the end. It stripes the data over 64 locks by visitor, so
   * recording and reading different visitors rarely contend. Eviction runs when a stripe has
   * doubled since it last ran, so it costs amortised O(1) per touch; {@link #inMemory()} rebuilds
   * a stripe at the same moments without evicting, and both rebuild a stripe when an eighth of it
   * is space left by moved visitors. A visitor may have at most 2^26 touches at a time; recording
   * more throws {@link IllegalStateException}.
   *
   * <p>A channel costs a touch nothing while channels are few: the store keeps the text of each
   * of the first 8,190 distinct channels it sees once, for its whole life, and a touch names its
   * channel by number within its 20 bytes. A touch whose channel is new after those keeps the
   * text beside its row, in a map entry, until the touch is evicted: about 130 bytes more for a
   * channel of ten characters. So no number of distinct channels makes recording fail, but a host
   * that takes channels from untrusted input, such as a link's {@code utm_source}, pays for each
   * touch with a channel beyond the first 8,190, unless it maps channels it does not know to one
   * it does. Each distinct affiliate and code of a touch is kept once for the store's whole life,
   * about 110 bytes: so a host that records into the store itself, with codes as followers typed
   * them, records their canonical spelling ({@link
   * dev.affiliatekit.link.LinkCode#tryParseTyped}), as {@link Attributor#record} and {@code
   * AffiliateProgram} do, or each new spelling stays.
   *
   * <p>Visitor ids may come from cookies that anyone writes. The index places an id by its {@link
   * String#hashCode()} mixed with a key drawn once per class loader from a {@code SecureRandom},
   * so nobody can choose ids that land side by side. Ids of one hash code, which anyone can make
   * ({@code "Aa"} and {@code "BB"} have the same hash code, and so have any two ids built of them
   * alike), land together whatever the key: a stripe's table holds eight of one hash code, and
   * the others beside it in a {@link java.util.HashMap}, which orders them by {@link
   * String#compareTo}, so that recording n of them takes time in n log n. Affiliates and codes
   * are interned alike, eight per hash code in a table and the others in a map. Channels are
   * interned eight per hash code, and the touches of the others keep their channel's text beside
   * their rows, as they do past the first 8,190 channels. A visitor's stripe, and so when a store
   * with a retention evicts its old touches, follows from its id's hash code alone, the same in
   * every run; ids chosen to share a stripe share its lock.
   *
   * @param clock the clock that tells the current instant
   * @param retention how long to keep a touch, positive
   * @return the store
   * @throws IllegalArgumentException if the retention is not positive
   */
  static TouchpointStore inMemory(Clock clock, Duration retention) {
    checkNotNull(clock, "clock");
    checkNotNull(retention, "retention");
    checkArgument(!retention.isNegative() && !retention.isZero(),
        "store retention must be positive: %s", retention);
    return new InMemoryTouchpointStore(clock, retention);
  }

  /**
   * Records a touchpoint and assigns it the next sequence number. The touchpoint's own sequence
   * number, if any, is ignored. The store does not check that the affiliate or code exists; {@link
   * Attributor#record(Touchpoint)} does. A store that may keep a touch although this method throws,
   * as a database whose commit is not acknowledged may, records it twice when the host retries:
   * the keyed forms of {@code AffiliateProgram}, such as {@code recordClickOnce}, record a touch
   * once only over a store that keeps nothing when it throws.
   *
   * @param touchpoint the touch
   * @return the sequence number assigned, from 1
   * @throws IllegalStateException if the store cannot take more touches
   */
  @CanIgnoreReturnValue
  long record(Touchpoint touchpoint);

  /**
   * Returns the touches of a visitor.
   *
   * @param visitorId the visitor's anonymous key
   * @return the visitor's touches, with their sequence numbers, in chronological order
   */
  List<Touchpoint> touchpoints(String visitorId);

  /**
   * Returns the touches of every visitor linked to the customer: the customer's touches on all
   * devices, including those recorded on a device before the customer signed in there.
   *
   * <p>A visitor is linked to a customer by recording a touch of the visitor that names the
   * customer ({@link Touchpoint#customerId()}); the link keeps the latest instant of such touches,
   * the instant the visitor was last seen signed in as the customer. An eviction with a cutoff
   * after that instant drops the link, and a later such touch links the visitor again. So a link
   * lasts exactly as long as the latest touch that made it: for example, a phone signed in at
   * day 0, then used anonymously at day 2, no longer counts for the customer once touches before
   * day 1 are evicted, whether the day-2 touch arrived before or after that eviction. The
   * attributor forgets a link once the window's horizon has passed since that instant, so that
   * its results do not depend on when a store that keeps the horizon drops links.
   *
   * @param customerId the customer
   * @return the touches, with their sequence numbers, in chronological order
   */
  List<Touchpoint> touchpointsOfCustomer(String customerId);

  /**
   * Removes every touch that happened before the given instant, and every link of a visitor to a
   * customer whose latest touch naming the customer happened before it (see {@link
   * #touchpointsOfCustomer(String)}). A visitor's later touches stay, but no longer count for that
   * customer.
   *
   * @param cutoff touches strictly before it are removed
   * @return the number of touches removed
   */
  @CanIgnoreReturnValue
  long evictBefore(Instant cutoff);

  /**
   * Forgets a visitor, as a privacy law's right to erasure asks: removes every touch of the
   * visitor, and every link of the visitor to a customer (see {@link
   * #touchpointsOfCustomer(String)}), so that the store no longer holds the visitor's id, their
   * touches, or the customer ids those named. A touch of the visitor recorded later is kept as any
   * other. Conversions of the visitor attributed later credit no one by those touches.
   *
   * <p>The stock store copies the visitor's stripe, about a sixty-fourth of what it holds, without
   * the visitor, and holds the stripe's lock meanwhile: about a millisecond for a store of a
   * million visitors of one touch each on an idle 2-vCPU machine. What it interns for its whole
   * life stays: affiliates, codes, and the text of the first 8,190 channels, so a host that takes
   * channels from what a visitor sends maps them to channels it knows first (see {@link
   * #inMemory(Clock, Duration)}); a channel kept beside a touch goes with it.
   *
   * @param visitorId the visitor's anonymous key
   * @return the number of touches removed, 0 for a visitor the store does not have
   * @throws IllegalArgumentException if the id is not a valid id (blank, too long, or with a
   *     control character), as no touch can have
   */
  @CanIgnoreReturnValue
  long forgetVisitor(String visitorId);

  /**
   * Forgets a customer's devices: forgets, as {@link #forgetVisitor(String)} does, every visitor
   * linked to the customer when the call starts, so that {@link #touchpointsOfCustomer(String)}
   * returns nothing, unless a touch naming the customer is recorded while it runs. A visitor
   * linked to the customer is a device seen signed in as them, and its touches, those from before
   * the customer signed in included, are theirs.
   *
   * @param customerId the customer
   * @return the number of touches removed
   * @throws IllegalArgumentException if the id is not a valid id (blank, too long, or with a
   *     control character), as no touch can name
   */
  @CanIgnoreReturnValue
  long forgetCustomer(String customerId);

  /** {@return the number of touches kept} */
  long size();
}
