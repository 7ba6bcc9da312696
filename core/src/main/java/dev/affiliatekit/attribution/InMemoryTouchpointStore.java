package dev.affiliatekit.attribution;

import static com.google.common.base.Preconditions.checkNotNull;
import static com.google.common.base.Preconditions.checkState;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * The in-memory {@link TouchpointStore}: touches packed into {@code long} arrays, 24 bytes each,
 * behind an open-addressing index of visitors, striped over 64 locks.
 *
 * <p>A touch is three longs: its instant in epoch nanoseconds; its sequence number (47 bits), a
 * has-customer flag, its interned channel (13 bits) and its kind (2 bits); and the row of the
 * visitor's previous touch (32 bits) with its interned (affiliate, code) pair (32 bits). A
 * visitor is one entry in a byte arena (the row of its latest touch, then its id in Latin-1 or
 * UTF-16) and one {@code long} slot holding the id's hash and the entry's position; so a lookup
 * touches the slot, the entry and the visitor's rows. Customer ids, which few touches carry, live
 * in a side map.
 *
 * <p>Eviction rebuilds a stripe with its live touches, grouped by visitor, which also restores
 * locality after a day of interleaved traffic. A stripe is rebuilt too whenever it has doubled
 * since its last rebuild, so every touch is copied about once on average, and most of a visitor's
 * touches lie side by side.
 */
// A row packs the kind as its ordinal; rows live only in memory, so the encoding never leaks.
@SuppressWarnings("EnumOrdinal")
final class InMemoryTouchpointStore implements TouchpointStore {

  private static final int STRIPE_BITS = 6;
  private static final int STRIPES = 1 << STRIPE_BITS;
  private static final long MAX_SEQUENCE = (1L << 47) - 1;
  private static final int MAX_CHANNELS = (1 << 13) - 1;
  private static final int FIRST_COMPACTION = 4096;
  private static final TouchpointKind[] KINDS = TouchpointKind.values();
  private static final Touchpoint[] NO_TOUCHES = new Touchpoint[0];

  private final Stripe[] stripes = new Stripe[STRIPES];
  private final AtomicLong sequence = new AtomicLong();
  private final Interner<Referrer> referrers = new Interner<>(0, Integer.MAX_VALUE, "referrers");
  private final Interner<String> channels = new Interner<>(1, MAX_CHANNELS, "channels");
  private final ConcurrentHashMap<String, Set<String>> visitorsByCustomer = new ConcurrentHashMap<>();
  private final @Nullable Clock clock;
  private final @Nullable Duration retention;

  InMemoryTouchpointStore(@Nullable Clock clock, @Nullable Duration retention) {
    this.clock = clock;
    this.retention = retention;
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Stripe();
    }
  }

  /** An affiliate and the code of one of its touches, interned to an int per store. */
  record Referrer(String affiliateId, @Nullable String code) {}

  /** Spreads a string's hash; the top bits choose the stripe, the low bits the slot. */
  private static int mix(String key) {
    int h = key.hashCode() * 0x9E3779B9;
    return h ^ (h >>> 16);
  }

  @Override
  public long record(Touchpoint touchpoint) {
    checkNotNull(touchpoint, "touchpoint");
    String customer = touchpoint.customerIdOrNull();
    String channel = touchpoint.channelOrNull();
    int referrer = referrers.intern(new Referrer(touchpoint.affiliateId(), touchpoint.codeOrNull()));
    int channelId = channel == null ? 0 : channels.intern(channel);
    long meta = (customer == null ? 0 : 1L << 15) | (long) channelId << 2 | touchpoint.kind().ordinal();
    String visitor = touchpoint.visitorId();
    int hash = mix(visitor);
    Stripe stripe = stripes[hash >>> (32 - STRIPE_BITS)];
    long assigned;
    synchronized (stripe) {
      if (sequence.get() >= MAX_SEQUENCE) {
        throw new IllegalStateException(
            "store holds at most " + MAX_SEQUENCE + " touches over its life: " + sequence.get());
      }
      assigned = sequence.incrementAndGet();
      int entry = stripe.findOrAdd(visitor, hash);
      int row = stripe.append(touchpoint.epochNanos(), assigned << 16 | meta, stripe.head(entry),
          referrer);
      stripe.setHead(entry, row);
      if (customer != null) {
        stripe.customers.put(row, customer);
      }
      if (stripe.rows >= stripe.compactAt) {
        // Each time a stripe doubles, rebuild it: evict what the retention no longer keeps, and
        // lay each visitor's touches side by side again, which halves the cache misses of a read.
        stripe.compact(retention == null || clock == null ? Long.MIN_VALUE
            : cutoffNanos(clock.instant().minus(retention)));
      }
    }
    if (customer != null) {
      visitorsByCustomer.computeIfAbsent(customer, key -> ConcurrentHashMap.newKeySet()).add(visitor);
    }
    return assigned;
  }

  @Override
  public List<Touchpoint> touchpoints(String visitorId) {
    Touchpoint[] touches = read(visitorId);
    return touches.length == 0 ? List.of() : Collections.unmodifiableList(Arrays.asList(touches));
  }

  /** Returns the visitor's touches in chronological order, in a new array the caller may keep. */
  Touchpoint[] read(String visitorId) {
    checkNotNull(visitorId, "visitorId");
    int hash = mix(visitorId);
    Stripe stripe = stripes[hash >>> (32 - STRIPE_BITS)];
    Touchpoint[] touches;
    synchronized (stripe) {
      int entry = stripe.find(visitorId, hash);
      if (entry < 0) {
        return NO_TOUCHES;
      }
      // One walk down the chain, newest first, into a buffer that most visitors never outgrow.
      Touchpoint[] newestFirst = new Touchpoint[8];
      int count = 0;
      for (int row = stripe.head(entry); row >= 0; row = stripe.previous(row)) {
        if (count == newestFirst.length) {
          newestFirst = Arrays.copyOf(newestFirst, count * 2);
        }
        newestFirst[count++] = touchpoint(stripe, row, visitorId);
      }
      touches = new Touchpoint[count];
      for (int i = 0; i < count; i++) {
        touches[i] = newestFirst[count - 1 - i];
      }
    }
    sortChronologically(touches);
    return touches;
  }

  private Touchpoint touchpoint(Stripe stripe, int row, String visitorId) {
    long[] chunk = stripe.rowChunks[row >>> Stripe.ROW_BITS];
    int base = (row & Stripe.ROW_MASK) * 3;
    long meta = chunk[base + 1];
    Referrer referrer = referrers.get((int) chunk[base + 2]);
    int channelId = (int) (meta >>> 2) & MAX_CHANNELS;
    String customer = (meta & (1L << 15)) == 0 ? null : stripe.customers.get(row);
    return new Touchpoint(KINDS[(int) meta & 3], referrer.affiliateId(), referrer.code(), visitorId,
        customer, channelId == 0 ? null : channels.get(channelId), chunk[base], meta >>> 16);
  }

  /** Insertion sort: the touches come in recording order, which is nearly chronological. */
  static void sortChronologically(Touchpoint[] touches) {
    for (int i = 1; i < touches.length; i++) {
      Touchpoint touch = touches[i];
      int j = i - 1;
      while (j >= 0 && Touchpoint.CHRONOLOGICAL.compare(touches[j], touch) > 0) {
        touches[j + 1] = touches[j];
        j--;
      }
      touches[j + 1] = touch;
    }
  }

  @Override
  public List<Touchpoint> touchpointsOfCustomer(String customerId) {
    checkNotNull(customerId, "customerId");
    Set<String> visitors = visitorsByCustomer.get(customerId);
    if (visitors == null) {
      return List.of();
    }
    List<Touchpoint> all = new ArrayList<>();
    for (String visitor : visitors) {
      all.addAll(touchpoints(visitor));
    }
    Touchpoint[] touches = all.toArray(new Touchpoint[0]);
    Arrays.sort(touches, Touchpoint.CHRONOLOGICAL);
    return Collections.unmodifiableList(Arrays.asList(touches));
  }

  @Override
  public long evictBefore(Instant cutoff) {
    long cutoffNanos = cutoffNanos(checkNotNull(cutoff, "cutoff"));
    long removed = 0;
    for (Stripe stripe : stripes) {
      synchronized (stripe) {
        removed += stripe.compact(cutoffNanos);
      }
    }
    for (Map.Entry<String, Set<String>> entry : visitorsByCustomer.entrySet()) {
      entry.getValue().removeIf(visitor -> !contains(visitor));
      visitorsByCustomer.computeIfPresent(entry.getKey(),
          (customer, visitors) -> visitors.isEmpty() ? null : visitors);
    }
    return removed;
  }

  private boolean contains(String visitorId) {
    int hash = mix(visitorId);
    Stripe stripe = stripes[hash >>> (32 - STRIPE_BITS)];
    synchronized (stripe) {
      return stripe.find(visitorId, hash) >= 0;
    }
  }

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
        size += stripe.rows;
      }
    }
    return size;
  }

  @Override
  public String toString() {
    return "TouchpointStore.inMemory{" + size() + " touches"
        + (retention == null ? "" : ", retention " + retention) + "}";
  }

  /**
   * One lock's share of the visitors, with their entries and touches. Every method runs under the
   * stripe's monitor.
   */
  static final class Stripe {
    static final int ROW_BITS = 8;
    static final int ROW_MASK = (1 << ROW_BITS) - 1;
    private static final int ARENA_BITS = 13;
    private static final int ARENA_MASK = (1 << ARENA_BITS) - 1;
    private static final int NO_ROW = -1;
    private static final VarHandle INT =
        MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

    /** Open addressing: 0 is empty, else the id's hash in the high half and entry + 1 below. */
    long[] slots = new long[16];
    int visitors;
    /** Visitor entries: the row of the latest touch (int), then len - 1, encoding, id bytes. */
    byte[][] arena = new byte[4][];
    int arenaChunks;
    int arenaPosition;
    /** Three longs per touch, {@code 1 << ROW_BITS} touches per chunk; only the last grows. */
    long[][] rowChunks = new long[4][];
    int rows;
    Map<Integer, String> customers = new HashMap<>();
    int compactAt = FIRST_COMPACTION;

    int head(int entry) {
      return (int) INT.get(arena[entry >>> ARENA_BITS], entry & ARENA_MASK);
    }

    void setHead(int entry, int row) {
      INT.set(arena[entry >>> ARENA_BITS], entry & ARENA_MASK, row);
    }

    int previous(int row) {
      return (int) (rowChunks[row >>> ROW_BITS][(row & ROW_MASK) * 3 + 2] >> 32);
    }

    long nanos(int row) {
      return rowChunks[row >>> ROW_BITS][(row & ROW_MASK) * 3];
    }

    /** Returns the visitor's entry, or -1. */
    int find(String visitorId, int hash) {
      int mask = slots.length - 1;
      for (int index = hash & mask; ; index = (index + 1) & mask) {
        long slot = slots[index];
        if (slot == 0) {
          return -1;
        }
        if ((int) (slot >>> 32) == hash && keyEquals((int) slot - 1, visitorId)) {
          return (int) slot - 1;
        }
      }
    }

    int findOrAdd(String visitorId, int hash) {
      int found = find(visitorId, hash);
      if (found >= 0) {
        return found;
      }
      int entry = addEntry(visitorId);
      insertSlot(hash, entry);
      return entry;
    }

    private void insertSlot(int hash, int entry) {
      if ((visitors + 1) * 4L > slots.length * 3L) {
        long[] old = slots;
        slots = new long[old.length * 2];
        for (long slot : old) {
          if (slot != 0) {
            place(slot);
          }
        }
      }
      place((long) hash << 32 | (entry + 1L));
      visitors++;
    }

    private void place(long slot) {
      int mask = slots.length - 1;
      int index = (int) (slot >>> 32) & mask;
      while (slots[index] != 0) {
        index = (index + 1) & mask;
      }
      slots[index] = slot;
    }

    private boolean keyEquals(int entry, String key) {
      byte[] chunk = arena[entry >>> ARENA_BITS];
      int offset = (entry & ARENA_MASK) + 4;
      int length = (chunk[offset] & 0xFF) + 1;
      if (length != key.length()) {
        return false;
      }
      int start = offset + 2;
      if (chunk[offset + 1] == 0) {
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

    /** Adds an entry with no touch for a visitor id of 1 to 256 characters. */
    private int addEntry(String visitorId) {
      int length = visitorId.length();
      boolean latin1 = true;
      for (int i = 0; i < length && latin1; i++) {
        latin1 = visitorId.charAt(i) < 256;
      }
      int size = 6 + (latin1 ? length : 2 * length);
      int entry = reserve(size);
      byte[] chunk = arena[entry >>> ARENA_BITS];
      int offset = entry & ARENA_MASK;
      INT.set(chunk, offset, NO_ROW);
      chunk[offset + 4] = (byte) (length - 1);
      chunk[offset + 5] = (byte) (latin1 ? 0 : 1);
      int start = offset + 6;
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

    /** Reserves {@code size} contiguous bytes of the arena; the last chunk grows up to 8 KiB. */
    private int reserve(int size) {
      if (arenaChunks == 0 || arenaPosition + size > ARENA_MASK + 1) {
        if (arenaChunks == arena.length) {
          arena = Arrays.copyOf(arena, arenaChunks * 2);
        }
        arena[arenaChunks++] = new byte[Math.max(512, Integer.highestOneBit(size) * 2)];
        arenaPosition = 0;
      }
      byte[] chunk = arena[arenaChunks - 1];
      if (arenaPosition + size > chunk.length) {
        int grown = chunk.length;
        while (arenaPosition + size > grown) {
          grown *= 2;
        }
        arena[arenaChunks - 1] = Arrays.copyOf(chunk, Math.min(grown, ARENA_MASK + 1));
      }
      int entry = (arenaChunks - 1) << ARENA_BITS | arenaPosition;
      arenaPosition += size;
      return entry;
    }

    /** Appends a row and returns its index. */
    int append(long nanos, long meta, int previous, int referrer) {
      int row = rows;
      int chunkIndex = row >>> ROW_BITS;
      int base = (row & ROW_MASK) * 3;
      if (chunkIndex == rowChunks.length) {
        rowChunks = Arrays.copyOf(rowChunks, rowChunks.length * 2);
      }
      long[] chunk = rowChunks[chunkIndex];
      if (chunk == null) {
        chunk = new long[3 * 16];
        rowChunks[chunkIndex] = chunk;
      } else if (base == chunk.length) {
        chunk = Arrays.copyOf(chunk, chunk.length * 2);
        rowChunks[chunkIndex] = chunk;
      }
      chunk[base] = nanos;
      chunk[base + 1] = meta;
      chunk[base + 2] = (long) previous << 32 | (referrer & 0xFFFF_FFFFL);
      rows++;
      return row;
    }

    /**
     * Rebuilds the stripe with the touches at or after the cutoff, grouped by visitor in recording
     * order; drops visitors left without touches. Returns the number of touches removed.
     */
    @CanIgnoreReturnValue
    long compact(long cutoffNanos) {
      Stripe fresh = new Stripe();
      int[] chain = new int[16];
      for (long slot : slots) {
        if (slot == 0) {
          continue;
        }
        int entry = (int) slot - 1;
        int live = 0;
        for (int row = head(entry); row >= 0; row = previous(row)) {
          if (nanos(row) >= cutoffNanos) {
            if (live == chain.length) {
              chain = Arrays.copyOf(chain, live * 2);
            }
            chain[live++] = row;
          }
        }
        if (live == 0) {
          continue;
        }
        byte[] chunk = arena[entry >>> ARENA_BITS];
        int offset = entry & ARENA_MASK;
        int size = 6 + ((chunk[offset + 4] & 0xFF) + 1) * (chunk[offset + 5] == 0 ? 1 : 2);
        int copy = fresh.reserve(size);
        System.arraycopy(chunk, offset, fresh.arena[copy >>> ARENA_BITS], copy & ARENA_MASK, size);
        int previous = NO_ROW;
        for (int i = live - 1; i >= 0; i--) {
          long[] rowChunk = rowChunks[chain[i] >>> ROW_BITS];
          int base = (chain[i] & ROW_MASK) * 3;
          previous = fresh.append(rowChunk[base], rowChunk[base + 1], previous,
              (int) rowChunk[base + 2]);
          if ((rowChunk[base + 1] & (1L << 15)) != 0) {
            fresh.customers.put(previous, customers.get(chain[i]));
          }
        }
        fresh.setHead(copy, previous);
        fresh.insertSlot((int) (slot >>> 32), copy);
      }
      long removed = (long) rows - fresh.rows;
      slots = fresh.slots;
      visitors = fresh.visitors;
      arena = fresh.arena;
      arenaChunks = fresh.arenaChunks;
      arenaPosition = fresh.arenaPosition;
      rowChunks = fresh.rowChunks;
      rows = fresh.rows;
      customers = fresh.customers;
      compactAt = Math.max(FIRST_COMPACTION, 2 * rows);
      return removed;
    }
  }

  /**
   * Interns values to dense ints from {@code first}, for the rows. Lookups of known values are
   * lock-free; a reader that got an id through a stripe's monitor also sees the value array that
   * holds it.
   */
  static final class Interner<T> {
    private final ConcurrentHashMap<T, Integer> ids = new ConcurrentHashMap<>();
    private volatile Object[] values = new Object[16];
    private final int first;
    private final int max;
    private final String what;
    private int next;

    Interner(int first, int max, String what) {
      this.first = first;
      this.max = max;
      this.what = what;
      this.next = first;
    }

    int intern(T value) {
      Integer id = ids.get(value);
      return id != null ? id : add(value);
    }

    private synchronized int add(T value) {
      Integer id = ids.get(value);
      if (id != null) {
        return id;
      }
      checkState(next <= max && next >= first, "store holds at most %s distinct %s: %s", max, what,
          value);
      Object[] current = values;
      if (next >= current.length) {
        current = Arrays.copyOf(current, current.length * 2);
      }
      current[next] = value;
      values = current;
      ids.put(value, next);
      return next++;
    }

    @SuppressWarnings("unchecked") // only values of type T are stored
    T get(int id) {
      return (T) values[id];
    }
  }
}
