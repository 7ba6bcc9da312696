package dev.affiliatekit.attribution;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.common.base.Verify;
import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.affiliatekit.internal.HashKeys;
import dev.affiliatekit.internal.Ids;
import dev.affiliatekit.internal.Instants;
import dev.affiliatekit.internal.Texts;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The in-memory {@link TouchpointStore}: touches packed into arrays, 20 bytes each, behind an
 * open-addressing index of visitors, striped over 64 locks.
 *
 * <p>A touch is its instant in epoch nanoseconds (a long); its sequence number (47 bits), a
 * has-customer flag, its interned channel (13 bits) and its kind (2 bits) in another long; and its
 * interned (affiliate, code) pair (an int). A visitor is one index slot (an int for the position
 * of its entry and a byte of its hash) and one entry in a byte arena: a small header, the id in
 * Latin-1 or UTF-16, and the visitor's touches themselves. So a lookup costs the slot and one or
 * two adjacent cache lines. A touch for a visitor whose entry is full moves the entry, with room
 * for the touch, to a dead entry of its new size or to the end of the arena; when a stripe has
 * doubled since it was last rebuilt, or an eighth of it is dead, it is rebuilt without dead
 * entries (and without the touches the retention no longer keeps).
 *
 * <p>The index places an id by its hash code mixed with the secret key of {@link HashKeys}, so
 * that nobody can choose ids that land side by side; a stripe's table holds eight ids of one hash
 * code, and the others in a map beside it ({@link Stripe#crowded}).
 *
 * <p>Customer ids, which few touches carry, live in a side map per stripe, keyed by the touch's
 * place. Beside the stripes, a map links each customer to the visitors seen signed in as them, each
 * with the latest instant of its touches that named the customer; a rebuild that evicts such a
 * touch drops the link if that instant lies before its cutoff. Links change only under the
 * visitor's stripe's monitor, so that a touch and its link are evicted together. So do the channels
 * seen after the first 8,190, which are interned: the top channel number says that the touch's
 * channel text is in the side map, so that no number of distinct channels makes the store refuse a
 * touch.
 */
// A row packs the kind as its ordinal; rows live only in memory, so the encoding never leaks.
@SuppressWarnings("EnumOrdinal")
final class InMemoryTouchpointStore implements TouchpointStore {

  private static final int STRIPE_BITS = 6;
  private static final int STRIPES = 1 << STRIPE_BITS;
  private static final long MAX_SEQUENCE = (1L << 47) - 1;
  /** The channel number that says the touch's channel text is in the stripe's side map. */
  private static final int SIDE_CHANNEL = (1 << 13) - 1;
  /** The channels interned, numbered from 1 (0 is no channel) up to below the side channel. */
  static final int INTERNED_CHANNELS = SIDE_CHANNEL - 1;
  private static final long CHANNEL_BITS = (long) SIDE_CHANNEL << 2;
  private static final int FIRST_COMPACTION = 64;
  private static final TouchpointKind[] KINDS = TouchpointKind.values();
  private static final long CUSTOMER_FLAG = 1L << 15;

  private final Stripe[] stripes = new Stripe[STRIPES];
  /** Written only so that {@link #readAhead} keeps its reads; see there. */
  @SuppressWarnings("unused")
  private static int readAheadSink;
  private final AtomicLong sequence = new AtomicLong();
  private final Interner<Referrer> referrers = new Interner<>(0, Integer.MAX_VALUE, true,
      "referrers");
  private final Interner<String> affiliates = new Interner<>(0, Integer.MAX_VALUE, true,
      "affiliates");
  private final Interner<String> channels;
  /**
   * Per customer, the visitors seen signed in as them, each with the latest instant, in epoch
   * nanoseconds, of its touches that named the customer.
   */
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, Long>> visitorsByCustomer =
      new ConcurrentHashMap<>();
  private final @Nullable Clock clock;
  private final @Nullable Duration retention;
  /**
   * The latest instant of the clock at which the retention reaches back to the start of the
   * epoch nanoseconds or beyond, so that it keeps every touch; saturated at {@link Instant#MAX}.
   */
  private final @Nullable Instant keepsAllUntil;

  InMemoryTouchpointStore(@Nullable Clock clock, @Nullable Duration retention) {
    this(clock, retention, INTERNED_CHANNELS);
  }

  /** Makes a store that interns fewer channels, so that tests reach the side map quickly. */
  InMemoryTouchpointStore(@Nullable Clock clock, @Nullable Duration retention,
      int internedChannels) {
    this.clock = clock;
    this.retention = retention;
    this.keepsAllUntil =
        retention == null ? null : Instants.plusSaturated(EpochNanos.MIN, retention);
    // A channel past the few of its hash code interned keeps its text beside its row.
    this.channels = new Interner<>(1, internedChannels, false, "channels");
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Stripe();
    }
  }

  /**
   * An affiliate and the code of one of its touches, interned to an int per store, with the
   * affiliate's own interned number and one shared instance of its id, so that touches of one
   * affiliate compare by identity. Comparable, so that a {@link java.util.HashMap} keeps keys of
   * colliding ids in a tree (see {@link HashKeys}).
   */
  static final class Referrer implements Comparable<Referrer> {
    private static final Comparator<Referrer> ORDER = Comparator
        .comparing((Referrer referrer) -> referrer.affiliateId)
        .thenComparing(referrer -> referrer.code, Comparator.nullsFirst(Comparator.naturalOrder()));

    final String affiliateId;
    final @Nullable String code;
    final int affiliateKey;

    Referrer(String affiliateId, @Nullable String code, int affiliateKey) {
      this.affiliateId = affiliateId;
      this.code = code;
      this.affiliateKey = affiliateKey;
    }

    @Override
    public boolean equals(@Nullable Object obj) {
      return obj instanceof Referrer other && affiliateId.equals(other.affiliateId)
          && Objects.equals(code, other.code);
    }

    @Override
    public int hashCode() {
      return Interner.hashOf(affiliateId, code);
    }

    @Override
    public int compareTo(Referrer other) {
      return ORDER.compare(this, other);
    }
  }

  /** {@return the number of the referrer, interning it and its affiliate the first time} */
  private int referrer(String affiliateId, @Nullable String code) {
    int id = referrers.find(affiliateId, code);
    if (id >= 0) {
      return id;
    }
    int key = affiliates.find(affiliateId);
    if (key < 0) {
      key = affiliates.add(affiliateId, affiliateId.hashCode(), 0);
    }
    return referrers.add(new Referrer(affiliates.get(key), code, key),
        Interner.hashOf(affiliateId, code), key);
  }

  /**
   * {@return the number of the channel, interning it the first time; the side channel once the
   * interned channels are all taken}
   */
  private int channel(String channel) {
    int id = channels.find(channel);
    if (id < 0) {
      id = channels.addIfRoom(channel, channel.hashCode(), 0);
    }
    return id < 0 ? SIDE_CHANNEL : id;
  }

  /** {@return whether the row's channel text is in the side map} */
  static boolean hasSideChannel(long meta) {
    return (meta & CHANNEL_BITS) == CHANNEL_BITS;
  }

  /** {@return whether the row has a customer id or a channel text in the side map} */
  static boolean hasSideText(long meta) {
    // The customer flag is the bit above the channel's: the masked bits reach CHANNEL_BITS exactly
    // when the flag is set or the channel is the side channel.
    return (meta & (CUSTOMER_FLAG | CHANNEL_BITS)) >= CHANNEL_BITS;
  }

  /**
   * Spreads a string's hash with the secret key of {@link HashKeys}, so that nobody can choose
   * ids that land side by side: its bits choose the slot within the stripe.
   */
  private static int mix(String key) {
    return mix(key.hashCode());
  }

  private static int mix(int hashCode) {
    return HashKeys.spread(hashCode);
  }

  /**
   * {@return the stripe of a visitor, chosen by its id's hash code alone, not by the secret key}
   * So which visitors share a stripe, and so when a store with a retention evicts their old
   * touches, is the same in every run. Ids chosen to share a stripe share its lock, but within it
   * they are placed by the key.
   */
  private Stripe stripeOf(String visitorId) {
    return stripes[HashKeys.stripe(visitorId.hashCode(), STRIPE_BITS)];
  }

  @Override
  public long record(Touchpoint touchpoint) {
    checkNotNull(touchpoint, "touchpoint");
    // Read before anything changes, so that a clock that fails leaves nothing recorded.
    Instant retentionCutoff = retentionCutoff();
    String customer = touchpoint.customerIdOrNull();
    String channel = touchpoint.channelOrNull();
    int referrer = referrer(touchpoint.affiliateId(), touchpoint.codeOrNull());
    int channelId = channel == null ? 0 : channel(channel);
    String sideChannel = channelId == SIDE_CHANNEL ? channel : null;
    long meta = (customer == null ? 0 : CUSTOMER_FLAG) | (long) channelId << 2
        | touchpoint.kind().ordinal();
    String visitor = touchpoint.visitorId();
    int hash = mix(visitor);
    Stripe stripe = stripeOf(visitor);
    long assigned;
    synchronized (stripe) {
      if (sequence.get() >= MAX_SEQUENCE) {
        throw new IllegalStateException(
            "store holds at most " + MAX_SEQUENCE + " touches over its life: " + sequence.get());
      }
      int slot = stripe.findSlot(visitor, hash);
      if (slot != Stripe.ABSENT
          && stripe.count(stripe.entryOf(slot)) >= Stripe.MAX_TOUCHES_PER_VISITOR) {
        throw new IllegalStateException("store holds at most " + Stripe.MAX_TOUCHES_PER_VISITOR
            + " touches per visitor: " + Texts.quote(visitor));
      }
      assigned = sequence.incrementAndGet();
      long nanos = touchpoint.epochNanos();
      stripe.record(slot, visitor, hash, nanos, assigned << 16 | meta, referrer, customer,
          sideChannel);
      if (customer != null) {
        link(customer, visitor, nanos);
      }
      if (stripe.touches >= stripe.compactAt && retentionCutoff == null
          && stripe.deadBytes == 0) {
        // Nothing to evict and nothing dead: a rebuild would copy the stripe as it is, as it
        // would each time a store that fills with new visitors doubled.
        stripe.compactAt = 2 * stripe.touches;
      } else if (stripe.touches >= stripe.compactAt || !stripe.mostlyLive()) {
        // Each time a stripe doubles, rebuild it: evict what the retention no longer keeps, and
        // drop the dead entries that moved visitors left behind.
        if (retentionCutoff != null) {
          stripe.compact(cutoffNanos(retentionCutoff), evictsAll(retentionCutoff), -1, this);
        } else {
          stripe.compact(Long.MIN_VALUE, false, -1, this);
        }
      }
    }
    return assigned;
  }

  /** Links the visitor to the customer, seen signed in at the instant. */
  private void link(String customer, String visitor, long nanos) {
    // Added inside the mapping's update, so that an unlinking that removes the customer's empty
    // map at the same time cannot leave this visitor in a map no longer in the store.
    visitorsByCustomer.compute(
        customer,
        (key, visitors) -> {
          ConcurrentHashMap<String, Long> kept =
              visitors == null ? new ConcurrentHashMap<>() : visitors;
          kept.merge(visitor, nanos, Math::max);
          return kept;
        });
  }

  /**
   * Drops the visitor's link to the customer if the visitor was last seen signed in as the
   * customer before the cutoff: called by a rebuild for each touch naming the customer that it
   * evicts, under the visitor's stripe's monitor. With {@code all}, the cutoff lies beyond every
   * instant in nanoseconds, and the link is dropped whenever it was seen.
   */
  void unlinkIfBefore(String customer, String visitor, long cutoffNanos, boolean all) {
    visitorsByCustomer.computeIfPresent(customer, (key, visitors) -> {
      visitors.computeIfPresent(visitor,
          (v, lastSeen) -> all || lastSeen < cutoffNanos ? null : lastSeen);
      return visitors.isEmpty() ? null : visitors;
    });
  }

  @Override
  public List<Touchpoint> touchpoints(String visitorId) {
    TouchView view = view(visitorId);
    int size = view.size();
    if (size == 0) {
      return List.of();
    }
    Touchpoint[] touches = new Touchpoint[size];
    for (int i = 0; i < size; i++) {
      touches[i] = view.touchpoint(i);
    }
    return Collections.unmodifiableList(Arrays.asList(touches));
  }

  /**
   * Returns the visitor's touches in chronological order as a view over a copy of their rows, so
   * that the attributor reads them without making objects. The copy is taken under the stripe's
   * monitor, so later recordings do not change it.
   */
  TouchView view(String visitorId) {
    checkNotNull(visitorId, "visitorId");
    int hash = mix(visitorId);
    Stripe stripe = stripeOf(visitorId);
    long[] rows;
    @Nullable String @Nullable [] texts = null;
    int count;
    synchronized (stripe) {
      int entry = stripe.find(visitorId, hash);
      if (entry < 0) {
        return TouchView.empty();
      }
      count = stripe.count(entry);
      rows = new long[Rows.WIDTH * count];
      byte[] chunk = stripe.arena[entry >>> Stripe.ARENA_BITS];
      int offset = stripe.rowsOffset(entry);
      for (int i = 0; i < count; i++, offset += Stripe.ROW_BYTES) {
        long meta = Stripe.rowMeta(chunk, offset);
        rows[Rows.WIDTH * i] = Stripe.rowNanos(chunk, offset);
        rows[Rows.WIDTH * i + 1] = meta;
        rows[Rows.WIDTH * i + 2] = Stripe.rowReferrer(chunk, offset);
        if (hasSideText(meta)) {
          texts = texts == null ? new String[2 * count] : texts;
          if ((meta & CUSTOMER_FLAG) != 0) {
            texts[2 * i] = stripe.sideTexts.get(Stripe.rowKey(entry, i));
          }
          if (hasSideChannel(meta)) {
            texts[2 * i + 1] = stripe.sideTexts.get(Stripe.channelKey(entry, i));
          }
        }
      }
    }
    Rows.sortChronologically(rows, texts, count);
    return new Rows(visitorId, rows, texts);
  }

  /**
   * Reads the index slots of the visitors, then the first bytes of the entries they point to, so
   * that the cache misses of a group of lookups overlap instead of following one another, and
   * {@link #view} then finds its rows in the caches. It reads without the stripes' monitors, which
   * is safe because it decides nothing: a slot or entry that a racing writer moves is read stale
   * or not at all, and every index is checked against its array. Each visitor's own lookup is
   * the one that counts.
   *
   * @param visitorIds the visitors, in the first {@code count} elements
   * @param count how many to read ahead, at most the length of {@code hashes}
   * @param hashes room for the visitors' hashes, overwritten
   */
  void readAhead(String[] visitorIds, int count, int[] hashes) {
    int sum = 0;
    for (int i = 0; i < count; i++) {
      String visitorId = visitorIds[i];
      Stripe stripe = stripeOf(visitorId);
      int hash = mix(visitorId);
      hashes[i] = hash;
      // The two arrays are read apart: a table that grows meanwhile may pair two sizes.
      byte[] tags = stripe.tags;
      int[] slots = stripe.slots;
      sum += tags[Stripe.home(hash, tags.length)] + slots[Stripe.home(hash, slots.length)];
    }
    for (int i = 0; i < count; i++) {
      Stripe stripe = stripeOf(visitorIds[i]);
      int entry = stripe.probeAhead(hashes[i]);
      byte[][] arena = stripe.arena;
      int chunk = entry >>> Stripe.ARENA_BITS;
      byte[] bytes = entry >= 0 && chunk < arena.length ? arena[chunk] : null;
      int offset = entry & Stripe.ARENA_MASK;
      if (bytes != null && offset < bytes.length) {
        // The entry's header and the cache line after it, where the rows of most entries end.
        sum += bytes[offset] + bytes[Math.min(offset + 64, bytes.length - 1)];
      }
    }
    // A compiler may drop reads whose values go unused; this test uses them, and almost never
    // passes.
    if (sum == Integer.MIN_VALUE) {
      readAheadSink = sum;
    }
  }

  /**
   * A copy of one visitor's rows, three longs per touch (epoch nanoseconds; sequence and meta;
   * the touch's exclusion code in the high half and its interned referrer in the low half), in
   * chronological order, with touch objects made when first read. If a touch has texts in the side
   * map, an array beside the rows holds two per touch: its customer id and its channel, or null.
   */
  private final class Rows extends TouchView {
    static final int WIDTH = 3;

    private final String visitorId;
    private final long[] rows;
    private final @Nullable String @Nullable [] texts;
    // Filled as touches are read; a race only makes the same immutable touch twice.
    private @Nullable Touchpoint @Nullable [] made;

    Rows(String visitorId, long[] rows, @Nullable String @Nullable [] texts) {
      this.visitorId = visitorId;
      this.rows = rows;
      this.texts = texts;
    }

    /**
     * Sorts by instant, then sequence. Rows come in recording order, nearly sorted, so an insertion
     * sort takes them in linear time; once it has moved more rows than a few per row, they were
     * recorded far out of time order, and a sort of their indexes takes over, so that reading a
     * visitor's touches never costs quadratic time.
     */
    static void sortChronologically(long[] rows, @Nullable String @Nullable [] texts, int count) {
      long moves = 8L * count + 64;
      for (int i = 1; i < count; i++) {
        long nanos = rows[WIDTH * i];
        long meta = rows[WIDTH * i + 1];
        long referrer = rows[WIDTH * i + 2];
        String customer = texts == null ? null : texts[2 * i];
        String channel = texts == null ? null : texts[2 * i + 1];
        int j = i - 1;
        while (j >= 0 && moves > 0 && (rows[WIDTH * j] > nanos
            || (rows[WIDTH * j] == nanos && rows[WIDTH * j + 1] >>> 16 > meta >>> 16))) {
          System.arraycopy(rows, WIDTH * j, rows, WIDTH * (j + 1), WIDTH);
          if (texts != null) {
            System.arraycopy(texts, 2 * j, texts, 2 * (j + 1), 2);
          }
          j--;
          moves--;
        }
        // Placed where the moves stopped: the rows stay a permutation, whatever their order.
        rows[WIDTH * (j + 1)] = nanos;
        rows[WIDTH * (j + 1) + 1] = meta;
        rows[WIDTH * (j + 1) + 2] = referrer;
        if (texts != null) {
          texts[2 * (j + 1)] = customer;
          texts[2 * (j + 1) + 1] = channel;
        }
        if (moves == 0) {
          sortByIndex(rows, texts, count);
          return;
        }
      }
    }

    /** Sorts by instant, then sequence, in O(n log n) time, through an array of indexes. */
    private static void sortByIndex(long[] rows, @Nullable String @Nullable [] texts, int count) {
      Integer[] order = new Integer[count];
      for (int i = 0; i < count; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (a, b) -> {
        int byInstant = Long.compare(rows[WIDTH * a], rows[WIDTH * b]);
        return byInstant != 0 ? byInstant
            : Long.compare(rows[WIDTH * a + 1] >>> 16, rows[WIDTH * b + 1] >>> 16);
      });
      long[] sortedRows = new long[WIDTH * count];
      @Nullable String @Nullable [] sortedTexts = texts == null ? null : new String[2 * count];
      for (int i = 0; i < count; i++) {
        System.arraycopy(rows, WIDTH * order[i], sortedRows, WIDTH * i, WIDTH);
        if (texts != null) {
          System.arraycopy(texts, 2 * order[i], sortedTexts, 2 * i, 2);
        }
      }
      System.arraycopy(sortedRows, 0, rows, 0, WIDTH * count);
      if (texts != null) {
        System.arraycopy(sortedTexts, 0, texts, 0, 2 * count);
      }
    }

    @Override
    int size() {
      return rows.length / WIDTH;
    }

    @Override
    long epochNanos(int position) {
      return rows[WIDTH * position];
    }

    @Override
    TouchpointKind kind(int position) {
      return KINDS[(int) rows[WIDTH * position + 1] & 3];
    }

    @Override
    String affiliateId(int position) {
      // Through the dense arrays of keys and ids, without reading the referrer object.
      return affiliates.get(referrers.payload((int) rows[WIDTH * position + 2]));
    }

    @Override
    int affiliateKey(int position) {
      return referrers.payload((int) rows[WIDTH * position + 2]);
    }

    @Override
    boolean sameAffiliate(int a, int b) {
      return affiliateKey(a) == affiliateKey(b);
    }

    @Override
    int exclusionCode(int position) {
      return (int) (rows[WIDTH * position + 2] >>> 32);
    }

    @Override
    void setExclusionCode(int position, int code) {
      int at = WIDTH * position + 2;
      rows[at] = (rows[at] & 0xFFFF_FFFFL) | (long) code << 32;
    }

    @Override
    Touchpoint touchpoint(int position) {
      Touchpoint[] cache = made;
      if (cache == null) {
        cache = new Touchpoint[size()];
        made = cache;
      }
      Touchpoint touch = cache[position];
      if (touch == null) {
        touch = InMemoryTouchpointStore.this.touchpoint(rows[WIDTH * position],
            rows[WIDTH * position + 1], (int) rows[WIDTH * position + 2],
            texts == null ? null : texts[2 * position],
            texts == null ? null : texts[2 * position + 1], visitorId);
        cache[position] = touch;
      }
      return touch;
    }

    @Override
    String visitorId(int position) {
      return visitorId;
    }

    @Override
    boolean names(Set<String> visitors, @Nullable String customer) {
      if (size() == 0) {
        return false;
      }
      if (visitors.contains(visitorId)) {
        return true;
      }
      if (customer != null && texts != null) {
        for (int i = 0; i < size(); i++) {
          if (customer.equals(texts[2 * i])) {
            return true;
          }
        }
      }
      return false;
    }

    @Override
    @Nullable String customerId(int position) {
      return texts == null ? null : texts[2 * position];
    }
  }

  private Touchpoint touchpoint(long nanos, long meta, int referrerId, @Nullable String customer,
      @Nullable String sideChannel, String visitorId) {
    Referrer referrer = referrers.get(referrerId);
    int channelId = (int) (meta >>> 2) & SIDE_CHANNEL;
    String channel = channelId == 0 ? null
        : channelId == SIDE_CHANNEL ? sideChannel : channels.get(channelId);
    return new Touchpoint(KINDS[(int) meta & 3], referrer.affiliateId, referrer.code, visitorId,
        customer, channel, nanos, meta >>> 16);
  }

  @Override
  public List<Touchpoint> touchpointsOfCustomer(String customerId) {
    checkNotNull(customerId, "customerId");
    Map<String, Long> visitors = visitorsByCustomer.get(customerId);
    if (visitors == null) {
      return List.of();
    }
    List<Touchpoint> all = new ArrayList<>();
    for (String visitor : visitors.keySet()) {
      all.addAll(touchpoints(visitor));
    }
    Touchpoint[] touches = all.toArray(new Touchpoint[0]);
    Arrays.sort(touches, Touchpoint.CHRONOLOGICAL);
    return Collections.unmodifiableList(Arrays.asList(touches));
  }

  @Override
  public long evictBefore(Instant cutoff) {
    long cutoffNanos = cutoffNanos(checkNotNull(cutoff, "cutoff"));
    boolean all = evictsAll(cutoff);
    long removed = 0;
    for (Stripe stripe : stripes) {
      synchronized (stripe) {
        removed += stripe.compact(cutoffNanos, all, -1, this);
      }
    }
    return removed;
  }

  /**
   * Rebuilds the visitor's stripe without the visitor's entry, so that the stripe's arena, index
   * and side maps no longer hold the id, the touches or the customer ids they named; their links
   * to customers go with them. A rebuild copies the stripe, a sixty-fourth of the store, which is
   * what an erasure may cost; the store's other stripes are not touched.
   */
  @Override
  public long forgetVisitor(String visitorId) {
    Ids.checkId(visitorId, "visitorId");
    Stripe stripe = stripeOf(visitorId);
    synchronized (stripe) {
      int entry = stripe.find(visitorId, mix(visitorId));
      return entry < 0 ? 0 : stripe.compact(Long.MIN_VALUE, false, entry, this);
    }
  }

  @Override
  public long forgetCustomer(String customerId) {
    Ids.checkId(customerId, "customerId");
    Map<String, Long> visitors = visitorsByCustomer.get(customerId);
    if (visitors == null) {
      return 0;
    }
    long removed = 0;
    for (String visitor : List.copyOf(visitors.keySet())) {
      removed += forgetVisitor(visitor);
    }
    return removed;
  }

  /**
   * {@return the instant the retention keeps touches from: the clock's instant minus the
   * retention; null where that lies at or before the range of epoch nanoseconds or the store
   * keeps every touch} Saturates instead of overflowing, so that a retention as long as {@code
   * ChronoUnit.FOREVER.getDuration()} keeps every touch.
   */
  private @Nullable Instant retentionCutoff() {
    if (retention == null || clock == null) {
      return null;
    }
    Instant now = clock.instant();
    // After keepsAllUntil, now less the retention lies within the range of instants.
    return now.isAfter(Objects.requireNonNull(keepsAllUntil)) ? now.minus(retention) : null;
  }

  /**
   * {@return whether a cutoff lies beyond the latest instant in epoch nanoseconds, so that every
   * touch, even one at that latest instant, is before it} {@link #cutoffNanos} saturates there.
   */
  private static boolean evictsAll(Instant cutoff) {
    return cutoff.isAfter(EpochNanos.MAX);
  }

  /** {@return the cutoff in epoch nanoseconds, saturated to the range of a long} */
  private static long cutoffNanos(Instant cutoff) {
    if (cutoff.isBefore(EpochNanos.MIN)) {
      return Long.MIN_VALUE;
    }
    return cutoff.isAfter(EpochNanos.MAX) ? Long.MAX_VALUE : EpochNanos.of(cutoff, "cutoff");
  }

  @Override
  public long size() {
    long size = 0;
    for (Stripe stripe : stripes) {
      synchronized (stripe) {
        size += stripe.touches;
      }
    }
    return size;
  }

  /**
   * {@return the customer ids and channel texts kept in the side maps} Tests check that they go
   * with the touches that had them.
   */
  long sideTexts() {
    long texts = 0;
    for (Stripe stripe : stripes) {
      synchronized (stripe) {
        texts += stripe.sideTexts.size();
      }
    }
    return texts;
  }

  /**
   * {@return the visitors indexed beside the stripes' tables, as their ids' hash is crowded}
   * Tests check that ids made to collide go there.
   */
  long crowdedVisitors() {
    long crowded = 0;
    for (Stripe stripe : stripes) {
      synchronized (stripe) {
        crowded += stripe.crowded == null ? 0 : stripe.crowded.size();
      }
    }
    return crowded;
  }

  /**
   * {@return the visitors indexed: the occupied slots of the stripes' tables, and the crowded
   * visitors beside them} Tests check that the index holds each visitor once.
   */
  long indexedVisitors() {
    long indexed = 0;
    for (Stripe stripe : stripes) {
      synchronized (stripe) {
        for (byte tag : stripe.tags) {
          indexed += tag == 0 ? 0 : 1;
        }
        indexed += stripe.crowded == null ? 0 : stripe.crowded.size();
      }
    }
    return indexed;
  }

  /**
   * {@return the affiliates and the referrers interned beside their tables, as their hash code is
   * crowded} Tests check that ids made to collide go there.
   */
  long crowdedReferrals() {
    return (long) affiliates.crowdedSize() + referrers.crowdedSize();
  }

  /**
   * {@return the affiliates and the referrers interned} Tests check that each is interned once,
   * since touches of one affiliate share its interned number.
   */
  long internedReferrals() {
    return (long) affiliates.size() + referrers.size();
  }

  /** {@return the links of visitors to customers kept} Tests check that evictions drop them. */
  long links() {
    long links = 0;
    for (Map<String, Long> visitors : visitorsByCustomer.values()) {
      links += visitors.size();
    }
    return links;
  }

  @Override
  public String toString() {
    return "TouchpointStore.inMemory{" + size() + " touches"
        + (retention == null ? "" : ", retention " + retention) + "}";
  }

  /**
   * One lock's share of the visitors, with their entries and touches. Every method runs under the
   * stripe's monitor.
   *
   * <p>A visitor's entry in the byte arena is: the number of its touches (int), the id's length
   * - 1 and a flags byte (bit 0: UTF-16, bit 1: dead), the id, then the touches in recording
   * order, 20 bytes each (epoch nanoseconds, sequence and meta, referrer), then spare room up to
   * the {@link #capacity} of its count: none below eight touches, then up to half as many again,
   * so that a busy visitor's growth costs linear time. A touch for a visitor whose entry has no
   * room moves the entry: it is copied, with the new touch, to a free entry of
   * exactly its new size or to the end of the arena, the index slot is pointed at the copy, and
   * the old entry is marked dead and kept on a free list by its size, where the next visitor
   * that grows into that size finds it. So a visitor's touches are always in one place, and a
   * lookup reads the slot and one or two adjacent cache lines. Entries follow each other in a
   * chunk of up to 8 KiB (an entry larger than that gets a chunk of its own); a count of zero,
   * or too little room for a header, ends the chunk. When a stripe has doubled since it was last
   * rebuilt, or its dead bytes pass an eighth of its arena, it is rebuilt without dead entries,
   * spare room or the touches the retention no longer keeps.
   *
   * <p>The index is a table of any size, probed linearly: per slot the entry + 1 (0 if empty) and,
   * in a parallel array, a tag of seven bits of the id's hash with the high bit set (0 if empty),
   * so that a probe reads the arena only when the tags match. The table grows by half when it is
   * seven-eighths full; a rebuild sizes it for the visitors it keeps.
   */
  static final class Stripe {
    static final int ARENA_BITS = 13;
    static final int ROW_BYTES = 20;
    /** The most touches one visitor may have, so that its entry's size fits an int. */
    static final int MAX_TOUCHES_PER_VISITOR = 1 << 26;
    static final int ARENA_MASK = (1 << ARENA_BITS) - 1;
    private static final int HEADER_BYTES = 6;
    private static final int UTF16 = 1;
    private static final int DEAD = 2;
    /** The flag of an entry that {@link #crowded} indexes rather than the table. */
    private static final int CROWDED = 4;
    /** What {@link #findSlot} returns for a visitor the stripe does not have. */
    static final int ABSENT = -1;
    private static final int MIN_SLOTS = 16;
    static final VarHandle INT =
        MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    static final VarHandle LONG =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    /** Per slot: the entry + 1, or 0 if the slot is empty. */
    int[] slots;
    /** Per slot: the tag of the entry's hash, or 0 if the slot is empty. */
    byte[] tags;
    /** The visitors in the table. */
    int visitors;
    /**
     * The entries of the visitors whose id found {@value HashKeys#MAX_SAME_HASH} ids of its hash in
     * the table, by id; null while there are none. Anyone can make ids of one hash code, and each
     * that the table held would be compared again by every later probe for that hash; a {@link
     * HashMap} orders keys of equal hash codes by {@link String#compareTo}, so n such ids take time
     * in n log n.
     */
    @Nullable Map<String, Integer> crowded;
    byte[][] arena = new byte[4][];
    int arenaChunks;
    int arenaPosition;
    /** The bytes reserved in the arena, and those of them in dead entries. */
    long arenaBytes;
    long deadBytes;
    /**
     * Dead entries by their size in bytes, to be reused by entries of that size: the sizes seen,
     * which are few, and per size a stack of entries.
     */
    int[] freeSizes = new int[4];
    FreeList[] freeLists = new FreeList[4];
    int freeKinds;
    int touches;
    /**
     * Customer ids of the touches that have one, by {@link #rowKey}, and channel texts of the
     * touches whose channel is not interned, by {@link #channelKey}.
     */
    Map<Long, String> sideTexts = new HashMap<>();
    int compactAt = FIRST_COMPACTION;
    /** The bytes a rebuild expects to reserve in all, so as to size its chunks; else 0. */
    long plannedBytes;

    Stripe() {
      this(MIN_SLOTS);
    }

    private Stripe(int slotCount) {
      slots = new int[slotCount];
      tags = new byte[slotCount];
    }

    /** A stack of the entries of one size that are dead. */
    static final class FreeList {
      int[] entries = new int[4];
      int size;
    }

    /** {@return the key of the customer of the touch at this index of this entry} */
    static long rowKey(int entry, int index) {
      return (long) entry << 32 | index;
    }

    /** {@return the key of the channel text of the touch at this index of this entry} */
    static long channelKey(int entry, int index) {
      // An index is below 2^26, so bit 31 tells the two keys of one touch apart.
      return rowKey(entry, index) | 1L << 31;
    }

    /**
     * Moves the side texts of a touch, if it has any, from its keys at {@code index} of {@code
     * entry} in one map to the keys of its place at {@code copyIndex} of {@code copy} in another,
     * or the same.
     */
    private static void moveSideTexts(long meta, Map<Long, String> from, int entry, int index,
        Map<Long, String> to, int copy, int copyIndex) {
      if ((meta & CUSTOMER_FLAG) != 0) {
        to.put(rowKey(copy, copyIndex), from.remove(rowKey(entry, index)));
      }
      if (hasSideChannel(meta)) {
        to.put(channelKey(copy, copyIndex), from.remove(channelKey(entry, index)));
      }
    }

    /** {@return the first slot to probe for the hash: the hash scaled to the table} */
    static int home(int hash, int slotCount) {
      return (int) (((hash & 0xFFFF_FFFFL) * slotCount) >>> 32);
    }

    private static byte tag(int hash) {
      return (byte) (hash | 0x80);
    }

    int count(int entry) {
      return count(arena[entry >>> ARENA_BITS], entry & ARENA_MASK);
    }

    private static int count(byte[] chunk, int offset) {
      return (int) INT.get(chunk, offset);
    }

    private static void setCount(byte[] chunk, int offset, int count) {
      INT.set(chunk, offset, count);
    }

    /**
     * {@return the touches an entry of {@code count} touches has room for} The count itself below
     * eight, then the next of 8, 12, 16, 24, 32, 48, ...; so entries of one id length come in few
     * sizes, which dead entries can be reused for.
     */
    static int capacity(int count) {
      if (count < 8) {
        return count;
      }
      int power = Integer.highestOneBit(count);
      if (count == power) {
        return count;
      }
      return count <= power + power / 2 ? power + power / 2 : 2 * power;
    }

    private static boolean dead(byte[] chunk, int offset) {
      return (chunk[offset + 5] & DEAD) != 0;
    }

    private static boolean crowded(byte[] chunk, int offset) {
      return (chunk[offset + 5] & CROWDED) != 0;
    }

    private static int keyBytes(byte[] chunk, int offset) {
      return ((chunk[offset + 4] & 0xFF) + 1) * ((chunk[offset + 5] & UTF16) + 1);
    }

    private static int entryBytes(byte[] chunk, int offset) {
      return HEADER_BYTES + keyBytes(chunk, offset) + ROW_BYTES * capacity(count(chunk, offset));
    }

    int rowsOffset(int entry) {
      byte[] chunk = arena[entry >>> ARENA_BITS];
      int offset = entry & ARENA_MASK;
      return offset + HEADER_BYTES + keyBytes(chunk, offset);
    }

    /**
     * {@return the entry of the first of a few slots from the hash's home whose tag is the hash's,
     * or -1} For {@link #readAhead}: read without the monitor, it guesses, and is checked against
     * the arrays it reads, which a racing writer may have replaced.
     */
    int probeAhead(int hash) {
      byte[] tagArray = tags;
      int[] slotArray = slots;
      int length = Math.min(tagArray.length, slotArray.length);
      byte tag = tag(hash);
      int index = home(hash, length);
      for (int probes = 0; probes < 8; probes++) {
        byte found = tagArray[index];
        if (found == 0) {
          return -1;
        }
        if (found == tag) {
          return slotArray[index] - 1;
        }
        index = index + 1 == length ? 0 : index + 1;
      }
      return -1;
    }

    /**
     * Returns the index slot of the visitor, {@link #crowdedSlot} of its entry if {@link #crowded}
     * indexes it, or {@link #ABSENT}.
     */
    int findSlot(String visitorId, int hash) {
      int[] slotArray = slots;
      byte[] tagArray = tags;
      byte tag = tag(hash);
      int sameHash = 0;
      for (int index = home(hash, slotArray.length); ; ) {
        byte found = tagArray[index];
        if (found == 0) {
          // The table's ids of one hash all lie between its home and this slot.
          return sameHash < HashKeys.MAX_SAME_HASH ? ABSENT : findCrowded(visitorId);
        }
        if (found == tag) {
          int entry = slotArray[index] - 1;
          if (keyEquals(entry, visitorId)) {
            return index;
          }
          // Only a stripe that has crowded ids needs to count, and most never have any.
          if (crowded != null && hashOf(entry) == hash) {
            sameHash++;
          }
        }
        index = index + 1 == slotArray.length ? 0 : index + 1;
      }
    }

    private int findCrowded(String visitorId) {
      Integer entry = crowded == null ? null : crowded.get(visitorId);
      return entry == null ? ABSENT : crowdedSlot(entry);
    }

    /** {@return the slot that {@link #findSlot} gives an entry of {@link #crowded}: below -1} */
    private static int crowdedSlot(int entry) {
      return -2 - entry;
    }

    /** {@return whether a slot that {@link #findSlot} found is one of the table's} */
    private static boolean inTable(int slot) {
      return slot >= 0;
    }

    /** {@return the entry at a slot that {@link #findSlot} found} */
    int entryOf(int slot) {
      return inTable(slot) ? slots[slot] - 1 : -2 - slot;
    }

    /** Returns the visitor's entry, or -1. */
    int find(String visitorId, int hash) {
      int slot = findSlot(visitorId, hash);
      return slot == ABSENT ? -1 : entryOf(slot);
    }

    /**
     * Records a touch at the end of the visitor's entry, found at the slot (or {@link #ABSENT} for
     * a new visitor) by {@link #findSlot}, moving the entry if it has no room, with its customer
     * id and the text of its channel if that is not interned.
     */
    void record(int slot, String visitorId, int hash, long nanos, long meta, int referrer,
        @Nullable String customer, @Nullable String sideChannel) {
      int entry;
      int index;
      if (slot == ABSENT) {
        entry = addEntry(visitorId, 1);
        index = 0;
        insertSlot(hash, entry);
      } else {
        entry = entryOf(slot);
        byte[] chunk = arena[entry >>> ARENA_BITS];
        int offset = entry & ARENA_MASK;
        index = count(chunk, offset);
        if (index < capacity(index)) {
          setCount(chunk, offset, index + 1);
        } else {
          entry = move(slot, visitorId, entry, index + 1);
        }
      }
      writeRow(arena[entry >>> ARENA_BITS], rowsOffset(entry) + ROW_BYTES * index, nanos, meta,
          referrer);
      if (customer != null) {
        sideTexts.put(rowKey(entry, index), customer);
      }
      if (sideChannel != null) {
        sideTexts.put(channelKey(entry, index), sideChannel);
      }
      touches++;
    }

    /**
     * Copies the entry of the slot to a new place with room for {@code count} touches, the last
     * of them not written yet, frees the old one and returns the new one.
     */
    private int move(int slot, String visitorId, int entry, int count) {
      byte[] chunk = arena[entry >>> ARENA_BITS];
      int offset = entry & ARENA_MASK;
      int keyBytes = keyBytes(chunk, offset);
      int oldBytes = entryBytes(chunk, offset);
      int copy = allocate(HEADER_BYTES + keyBytes + ROW_BYTES * capacity(count));
      // Growing the last chunk replaces it, and the old entry may be in it.
      chunk = arena[entry >>> ARENA_BITS];
      byte[] target = arena[copy >>> ARENA_BITS];
      int targetOffset = copy & ARENA_MASK;
      System.arraycopy(chunk, offset, target, targetOffset,
          HEADER_BYTES + keyBytes + ROW_BYTES * (count - 1));
      setCount(target, targetOffset, count);
      int rowOffset = offset + HEADER_BYTES + keyBytes;
      for (int i = 0; i < count - 1; i++, rowOffset += ROW_BYTES) {
        long meta = rowMeta(chunk, rowOffset);
        if (hasSideText(meta)) {
          moveSideTexts(meta, sideTexts, entry, i, sideTexts, copy, i);
        }
      }
      chunk[offset + 5] |= DEAD;
      FreeList list = freeList(oldBytes);
      if (list == null) {
        if (freeKinds == freeSizes.length) {
          freeSizes = Arrays.copyOf(freeSizes, 2 * freeKinds);
          freeLists = Arrays.copyOf(freeLists, 2 * freeKinds);
        }
        list = new FreeList();
        freeSizes[freeKinds] = oldBytes;
        freeLists[freeKinds++] = list;
      }
      if (list.size == list.entries.length) {
        list.entries = Arrays.copyOf(list.entries, list.size * 2);
      }
      list.entries[list.size++] = entry;
      deadBytes += oldBytes;
      if (inTable(slot)) {
        slots[slot] = copy + 1;
      } else {
        Objects.requireNonNull(crowded).put(visitorId, copy);
      }
      return copy;
    }

    /** {@return a dead entry of exactly this size, or new room at the end of the arena} */
    private int allocate(int size) {
      FreeList list = freeList(size);
      if (list == null || list.size == 0) {
        return reserve(size);
      }
      deadBytes -= size;
      int entry = list.entries[--list.size];
      arena[entry >>> ARENA_BITS][(entry & ARENA_MASK) + 5] &= ~DEAD;
      return entry;
    }

    private @Nullable FreeList freeList(int size) {
      int[] sizes = freeSizes;
      for (int i = 0, n = freeKinds; i < n; i++) {
        if (sizes[i] == size) {
          return freeLists[i];
        }
      }
      return null;
    }

    private static void writeRow(byte[] chunk, int offset, long nanos, long meta, int referrer) {
      LONG.set(chunk, offset, nanos);
      LONG.set(chunk, offset + 8, meta);
      INT.set(chunk, offset + 16, referrer);
    }

    static long rowNanos(byte[] chunk, int offset) {
      return (long) LONG.get(chunk, offset);
    }

    static long rowMeta(byte[] chunk, int offset) {
      return (long) LONG.get(chunk, offset + 8);
    }

    static int rowReferrer(byte[] chunk, int offset) {
      return (int) INT.get(chunk, offset + 16);
    }

    /** {@return whether dead entries take at most an eighth of the arena} */
    boolean mostlyLive() {
      return deadBytes * 8 <= arenaBytes;
    }

    /**
     * Indexes the entry, which is in the arena already: in the table, or in {@link #crowded} if
     * the table holds {@value HashKeys#MAX_SAME_HASH} ids of its hash.
     */
    private void insertSlot(int hash, int entry) {
      byte[] chunk = arena[entry >>> ARENA_BITS];
      int offset = entry & ARENA_MASK;
      if (sameHashes(hash) >= HashKeys.MAX_SAME_HASH) {
        chunk[offset + 5] |= CROWDED;  // so that a rehash of the table leaves it out
        if (crowded == null) {
          crowded = new HashMap<>();
        }
        crowded.put(idOf(chunk, offset), entry);
        return;
      }
      // An entry that a rebuild copies keeps the flag it had.
      chunk[offset + 5] &= ~CROWDED;
      if ((visitors + 1) * 8L > slots.length * 7L) {
        rehash(slots.length + slots.length / 2);
      } else {
        place(hash, entry);
      }
      visitors++;
    }

    /** {@return the number of ids of this hash in the table} */
    private int sameHashes(int hash) {
      byte tag = tag(hash);
      int same = 0;
      for (int index = home(hash, slots.length); tags[index] != 0;
          index = index + 1 == slots.length ? 0 : index + 1) {
        if (tags[index] == tag && hashOf(slots[index] - 1) == hash) {
          same++;
        }
      }
      return same;
    }

    /**
     * Rebuilds the table with the given number of slots from every live entry it indexes, in
     * arena order.
     */
    private void rehash(int slotCount) {
      slots = new int[slotCount];
      tags = new byte[slotCount];
      for (int c = 0; c < arenaChunks; c++) {
        byte[] chunk = arena[c];
        int end = c == arenaChunks - 1 ? arenaPosition : chunk.length;
        for (int offset = 0; offset + HEADER_BYTES <= end && count(chunk, offset) > 0;
            offset += entryBytes(chunk, offset)) {
          if (!dead(chunk, offset) && !crowded(chunk, offset)) {
            place(hashOf(chunk, offset), c << ARENA_BITS | offset);
          }
        }
      }
    }

    private void place(int hash, int entry) {
      int index = home(hash, slots.length);
      while (tags[index] != 0) {
        index = index + 1 == slots.length ? 0 : index + 1;
      }
      slots[index] = entry + 1;
      tags[index] = tag(hash);
    }

    private int hashOf(int entry) {
      return hashOf(arena[entry >>> ARENA_BITS], entry & ARENA_MASK);
    }

    /** {@return the spread hash of the id of the entry at the offset, as {@link #mix} gives it} */
    private static int hashOf(byte[] chunk, int offset) {
      int length = (chunk[offset + 4] & 0xFF) + 1;
      int start = offset + HEADER_BYTES;
      int h = 0;
      if ((chunk[offset + 5] & UTF16) == 0) {
        for (int i = 0; i < length; i++) {
          h = 31 * h + (chunk[start + i] & 0xFF);
        }
      } else {
        for (int i = 0; i < length; i++) {
          h = 31 * h + ((chunk[start + 2 * i] & 0xFF) | (chunk[start + 2 * i + 1] & 0xFF) << 8);
        }
      }
      return mix(h);
    }

    /** {@return the visitor id of the entry at the offset} */
    private static String idOf(byte[] chunk, int offset) {
      int length = (chunk[offset + 4] & 0xFF) + 1;
      int start = offset + HEADER_BYTES;
      if ((chunk[offset + 5] & UTF16) == 0) {
        return new String(chunk, start, length, StandardCharsets.ISO_8859_1);
      }
      // Char by char, as written: a decoder would replace an unpaired surrogate.
      char[] chars = new char[length];
      for (int i = 0; i < length; i++) {
        chars[i] = (char) ((chunk[start + 2 * i] & 0xFF) | (chunk[start + 2 * i + 1] & 0xFF) << 8);
      }
      return new String(chars);
    }

    private boolean keyEquals(int entry, String key) {
      byte[] chunk = arena[entry >>> ARENA_BITS];
      int offset = entry & ARENA_MASK;
      int length = (chunk[offset + 4] & 0xFF) + 1;
      if (length != key.length()) {
        return false;
      }
      int start = offset + HEADER_BYTES;
      if ((chunk[offset + 5] & UTF16) == 0) {
        for (int i = 0; i < length; i++) {
          if ((chunk[start + i] & 0xFF) != key.charAt(i)) {
            return false;
          }
        }
      } else {
        for (int i = 0; i < length; i++) {
          int c = (chunk[start + 2 * i] & 0xFF) | (chunk[start + 2 * i + 1] & 0xFF) << 8;
          if (c != key.charAt(i)) {
            return false;
          }
        }
      }
      return true;
    }

    /** Adds an entry for a visitor id of 1 to 256 characters with {@code count} touches. */
    private int addEntry(String visitorId, int count) {
      int length = visitorId.length();
      boolean latin1 = true;
      for (int i = 0; i < length && latin1; i++) {
        latin1 = visitorId.charAt(i) < 256;
      }
      int keyBytes = latin1 ? length : 2 * length;
      int entry = allocate(HEADER_BYTES + keyBytes + ROW_BYTES * capacity(count));
      byte[] chunk = arena[entry >>> ARENA_BITS];
      int offset = entry & ARENA_MASK;
      setCount(chunk, offset, count);
      chunk[offset + 4] = (byte) (length - 1);
      chunk[offset + 5] = (byte) (latin1 ? 0 : UTF16);
      int start = offset + HEADER_BYTES;
      for (int i = 0; i < length; i++) {
        char c = visitorId.charAt(i);
        if (latin1) {
          chunk[start + i] = (byte) c;
        } else {
          chunk[start + 2 * i] = (byte) c;
          chunk[start + 2 * i + 1] = (byte) (c >>> 8);
        }
      }
      return entry;
    }

    /**
     * Reserves {@code size} contiguous bytes at the end of the arena; the last chunk grows up to
     * 8 KiB, and a larger entry gets a chunk of its own. A rebuild, which knows how many bytes it
     * will reserve, makes each chunk the size it will fill at once instead of growing it.
     */
    private int reserve(int size) {
      long planned = plannedBytes - arenaBytes;
      // Each array is made before anything changes, so that running out of memory changes nothing.
      if (arenaChunks == 0 || !fits(arenaPosition, size, ARENA_MASK + 1)) {
        byte[][] chunks = arenaChunks == arena.length ? Arrays.copyOf(arena, arenaChunks * 2)
            : arena;
        int chunkBytes = planned >= size ? (int) Math.min(ARENA_MASK + 1, planned)
            : Math.min(ARENA_MASK + 1, Math.max(512, Integer.highestOneBit(size) * 2));
        chunks[arenaChunks] = new byte[Math.max(size, chunkBytes)];
        arena = chunks;
        arenaChunks++;
        arenaPosition = 0;
      } else if (!fits(arenaPosition, size, arena[arenaChunks - 1].length)) {
        byte[] chunk = arena[arenaChunks - 1];
        int grown = chunk.length;
        while (arenaPosition + size > grown) {
          grown *= 2;
        }
        arena[arenaChunks - 1] = Arrays.copyOf(chunk, Math.min(grown, ARENA_MASK + 1));
      }
      arenaBytes += size;
      int entry = (arenaChunks - 1) << ARENA_BITS | arenaPosition;
      // An entry of a chunk of its own fills it: the next one starts a new chunk.
      arenaPosition += size;
      return entry;
    }

    /**
     * {@return whether {@code size} bytes fit in a chunk of {@code chunkBytes} from {@code
     * position}} In {@code long} arithmetic: an entry of a chunk of its own leaves the position at
     * its size, which for a visitor of tens of millions of touches is most of what an {@code int}
     * holds, and the sum with the next entry's size would wrap.
     */
    static boolean fits(int position, int size, int chunkBytes) {
      return (long) position + size <= chunkBytes;
    }

    /**
     * Rebuilds the stripe with the touches at or after the cutoff (none if {@code all}), each
     * visitor's in an entry of exactly their size, in recording order; drops dead entries and
     * visitors left without touches, and tells the store of each evicted touch that named a
     * customer, so that it drops the link if the visitor was last seen signed in before the cutoff.
     * Reads the entries in arena order, and sizes the new index for the visitors it had. Drops the
     * entry {@code dropped} whole, with every link its touches made, or none if it is -1. Returns
     * the number of touches removed.
     */
    @CanIgnoreReturnValue
    long compact(long cutoffNanos, boolean all, int dropped, InMemoryTouchpointStore links) {
      Stripe fresh = new Stripe(Math.max(MIN_SLOTS, visitors + visitors / 2 + visitors / 8));
      // At most the live bytes: a rebuild keeps each live entry's size or shrinks it.
      fresh.plannedBytes = arenaBytes - deadBytes;
      for (int c = 0; c < arenaChunks; c++) {
        byte[] chunk = arena[c];
        int end = c == arenaChunks - 1 ? arenaPosition : chunk.length;
        for (int offset = 0; offset + HEADER_BYTES <= end && count(chunk, offset) > 0;
            offset += entryBytes(chunk, offset)) {
          if (dead(chunk, offset)) {
            continue;
          }
          int entry = c << ARENA_BITS | offset;
          int count = count(chunk, offset);
          int keyBytes = keyBytes(chunk, offset);
          int rowsStart = offset + HEADER_BYTES + keyBytes;
          boolean drops = all || entry == dropped;
          int live = 0;
          for (int i = 0, row = rowsStart; i < count; i++, row += ROW_BYTES) {
            if (!drops && rowNanos(chunk, row) >= cutoffNanos) {
              live++;
            } else if ((rowMeta(chunk, row) & CUSTOMER_FLAG) != 0) {
              String customer = sideTexts.get(rowKey(entry, i));
              links.unlinkIfBefore(Verify.verifyNotNull(customer, "bug: no customer"),
                  idOf(chunk, offset), cutoffNanos, drops);
            }
          }
          if (live == 0) {
            continue;
          }
          int copy = fresh.reserve(HEADER_BYTES + keyBytes + ROW_BYTES * capacity(live));
          byte[] target = fresh.arena[copy >>> ARENA_BITS];
          int targetOffset = copy & ARENA_MASK;
          System.arraycopy(chunk, offset, target, targetOffset, HEADER_BYTES + keyBytes);
          setCount(target, targetOffset, live);
          int targetRow = targetOffset + HEADER_BYTES + keyBytes;
          int kept = 0;
          for (int i = 0, row = rowsStart; i < count; i++, row += ROW_BYTES) {
            if (!all && rowNanos(chunk, row) >= cutoffNanos) {
              System.arraycopy(chunk, row, target, targetRow, ROW_BYTES);
              long meta = rowMeta(chunk, row);
              if (hasSideText(meta)) {
                moveSideTexts(meta, sideTexts, entry, i, fresh.sideTexts, copy, kept);
              }
              targetRow += ROW_BYTES;
              kept++;
            }
          }
          fresh.touches += live;
          fresh.insertSlot(hashOf(chunk, offset), copy);
        }
      }
      long removed = (long) touches - fresh.touches;
      slots = fresh.slots;
      tags = fresh.tags;
      visitors = fresh.visitors;
      crowded = fresh.crowded;
      arena = fresh.arena;
      arenaChunks = fresh.arenaChunks;
      arenaPosition = fresh.arenaPosition;
      arenaBytes = fresh.arenaBytes;
      deadBytes = 0;
      freeSizes = fresh.freeSizes;
      freeLists = fresh.freeLists;
      freeKinds = fresh.freeKinds;
      touches = fresh.touches;
      // The texts of evicted touches stay behind in the old map.
      sideTexts = fresh.sideTexts;
      compactAt = Math.max(FIRST_COMPACTION, 2 * touches);
      return removed;
    }
  }

  /**
   * Interns values to dense ints from {@code first}, for the rows: strings, or referrers looked up
   * by their affiliate and code without making a probe. Lookups of known values take no lock:
   * an open-addressing table of ids + 1, each slot written with release and read with acquire
   * semantics after the value it names is published, and, for values past the eight of one hash
   * code that the table holds, a {@link ConcurrentHashMap} written after the value is published.
   * A reader that got an id through a stripe's monitor also sees the value array that holds it.
   */
  static final class Interner<T> {
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(int[].class);

    private volatile int[] table = new int[32];
    private volatile Object[] values = new Object[16];
    /** An int kept per value, such as a referrer's affiliate key, readable without the value. */
    private volatile int[] payloads = new int[16];
    private final int first;
    private final int max;
    /**
     * Whether a value that finds {@value HashKeys#MAX_SAME_HASH} values of its hash code in the
     * table is interned beside it, in {@link #crowded}, or not at all. Anyone can make strings of
     * one hash code, and each the table held would be compared again by every later probe for that
     * hash.
     */
    private final boolean crowdBeside;
    /**
     * The numbers of the values interned beside the table, which orders values of one hash code:
     * written under the interner's monitor, read without a lock. Null while there are none.
     */
    private volatile @Nullable ConcurrentHashMap<Object, Integer> crowded;
    private final String what;
    private int next;

    Interner(int first, int max, boolean crowdBeside, String what) {
      this.first = first;
      this.max = max;
      this.crowdBeside = crowdBeside;
      this.what = what;
      this.next = first;
    }

    private static int spread(int hash) {
      return HashKeys.spread(hash);
    }

    static int hashOf(String affiliateId, @Nullable String code) {
      return affiliateId.hashCode() * 31 + (code == null ? 0 : code.hashCode());
    }

    /** {@return the number of the string, or -1 if it has none yet} */
    int find(String value) {
      int[] slots = table;
      int mask = slots.length - 1;
      int hash = value.hashCode();
      int sameHash = 0;
      for (int index = spread(hash) & mask; ; index = (index + 1) & mask) {
        int slot = (int) SLOT.getAcquire(slots, index);
        if (slot == 0) {
          return -1;
        }
        Object present = values[slot - 1];
        if (present.equals(value)) {
          return slot - 1;
        }
        if (present.hashCode() == hash && ++sameHash == HashKeys.MAX_SAME_HASH) {
          // The table holds no more of this hash code.
          return findCrowded(value);
        }
      }
    }

    private int findCrowded(Object value) {
      Map<Object, Integer> beside = crowded;
      Integer id = beside == null ? null : beside.get(value);
      return id == null ? -1 : id;
    }

    /** {@return the number of the referrer of this affiliate and code, or -1 if it has none yet} */
    int find(String affiliateId, @Nullable String code) {
      int[] slots = table;
      int mask = slots.length - 1;
      int hash = hashOf(affiliateId, code);
      int sameHash = 0;
      for (int index = spread(hash) & mask; ; index = (index + 1) & mask) {
        int slot = (int) SLOT.getAcquire(slots, index);
        if (slot == 0) {
          return -1;
        }
        Referrer referrer = (Referrer) values[slot - 1];
        if (referrer.affiliateId.equals(affiliateId) && Objects.equals(referrer.code, code)) {
          return slot - 1;
        }
        if (referrer.hashCode() == hash && ++sameHash == HashKeys.MAX_SAME_HASH) {
          return crowded == null ? -1 : findCrowded(new Referrer(affiliateId, code, -1));
        }
      }
    }

    /**
     * Interns the value, of the given hash, unless another thread just did, and returns its
     * number.
     *
     * @throws IllegalStateException if the value is new and the numbers are all taken
     */
    int add(T value, int hash, int payload) {
      int id = addIfRoom(value, hash, payload);
      if (id < 0) {
        // Built only when thrown: every id new to the store is interned here.
        throw new IllegalStateException("store holds at most " + max + " distinct " + what + ": "
            + Texts.quote(String.valueOf(value)));
      }
      return id;
    }

    /**
     * Interns the value, of the given hash, unless another thread just did, and returns its number;
     * or returns -1 if the value is new and the numbers are all taken, or if the table holds
     * {@value HashKeys#MAX_SAME_HASH} values of its hash and this interner keeps none beside it.
     */
    synchronized int addIfRoom(T value, int hash, int payload) {
      int[] slots = table;
      int mask = slots.length - 1;
      int index = spread(hash) & mask;
      int sameHash = 0;
      for (int slot; (slot = slots[index]) != 0; index = (index + 1) & mask) {
        Object present = values[slot - 1];
        if (present.equals(value)) {
          return slot - 1;
        }
        if (hashOf(present) == hash) {
          sameHash++;
        }
      }
      boolean beside = sameHash >= HashKeys.MAX_SAME_HASH;
      if (beside) {
        int id = findCrowded(value);
        if (id >= 0) {
          return id;
        }
      }
      if (next > max || next < first || (beside && !crowdBeside)) {
        return -1;
      }
      Object[] current = values;
      int[] currentPayloads = payloads;
      if (next >= current.length) {
        current = Arrays.copyOf(current, current.length * 2);
        currentPayloads = Arrays.copyOf(currentPayloads, current.length);
      }
      current[next] = value;
      currentPayloads[next] = payload;
      // Publish the payloads first: a reader that finds the value also finds its payload.
      payloads = currentPayloads;
      values = current;
      ConcurrentHashMap<Object, Integer> besideTable = crowded;
      if (beside) {
        if (besideTable == null) {
          besideTable = new ConcurrentHashMap<>();
          crowded = besideTable;
        }
        besideTable.put(value, next);
        return next++;
      }
      if ((next - first + 1) * 2 > slots.length) {
        slots = new int[slots.length * 2];
        for (int id = first; id < next; id++) {
          if (besideTable == null || !besideTable.containsKey(current[id])) {
            place(slots, hashOf(current[id]), id);
          }
        }
        place(slots, hash, next);
        table = slots;
      } else {
        SLOT.setRelease(slots, index, next + 1);
      }
      return next++;
    }

    private static int hashOf(Object value) {
      return value instanceof Referrer referrer ? hashOf(referrer.affiliateId, referrer.code)
          : value.hashCode();
    }

    private static void place(int[] slots, int hash, int id) {
      int mask = slots.length - 1;
      int index = spread(hash) & mask;
      while (slots[index] != 0) {
        index = (index + 1) & mask;
      }
      slots[index] = id + 1;
    }

    synchronized int size() {
      return next - first;
    }

    int crowdedSize() {
      Map<Object, Integer> beside = crowded;
      return beside == null ? 0 : beside.size();
    }

    @SuppressWarnings("unchecked") // only values of type T are stored
    T get(int id) {
      return (T) values[id];
    }

    int payload(int id) {
      return payloads[id];
    }
  }
}
