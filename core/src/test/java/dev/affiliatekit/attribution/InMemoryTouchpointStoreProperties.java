package dev.affiliatekit.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affiliatekit.internal.HashKeys;
import dev.affiliatekit.testing.CollidingIds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

class InMemoryTouchpointStoreProperties {

  private static final Instant T0 = Instant.parse("2026-03-31T12:00:00Z");
  private static final TouchpointKind[] KINDS = TouchpointKind.values();

  /**
   * A few visitors with many touches each, so that entries fill, move to dead entries of other
   * visitors, grow spare room past eight touches and are rebuilt, with customers, codes, channels
   * and evictions in between; the store must read back exactly what a map of lists holds.
   */
  @Property(tries = 300)
  void movedEntries_agreeWithASimpleModel(@ForAll("busyVisitors") List<long[]> operations) {
    assertAgreesWithASimpleModel(operations, InMemoryTouchpointStore.INTERNED_CHANNELS);
  }

  /** Many visitors with a few touches each: the index grows and stripes are rebuilt. */
  @Property(tries = 200)
  void manyVisitors_agreeWithASimpleModel(@ForAll("manyVisitors") List<long[]> operations) {
    assertAgreesWithASimpleModel(operations, InMemoryTouchpointStore.INTERNED_CHANNELS);
  }

  /**
   * Visitors whose ids share one hash code, as an attacker makes them, far more than the table of
   * a stripe holds of one hash: those beside the table move, grow and are rebuilt, and after
   * evictions may take the places in the table of those evicted.
   */
  @Property(tries = 200)
  void visitorsOfOneHashCode_agreeWithASimpleModel(
      @ForAll("manyVisitors") List<long[]> operations) {
    List<String> latin1 = CollidingIds.of("v", 64, "");
    List<String> utf16 = CollidingIds.of("visitor-", 64, "-ü");
    // And affiliates and channels of one hash code, more than the store interns of one.
    List<String> affiliates = CollidingIds.of("a", 3 * HashKeys.MAX_SAME_HASH, "");
    List<String> channels = CollidingIds.of("ch", 3 * HashKeys.MAX_SAME_HASH, "");
    assertAgreesWithASimpleModel(operations, InMemoryTouchpointStore.INTERNED_CHANNELS,
        visitor -> visitor % 2 == 0 ? latin1.get(visitor) : utf16.get(visitor),
        parts -> affiliates.get(parts % affiliates.size()),
        parts -> channels.get(parts % channels.size()));
  }

  /**
   * A store that interns only the first two channels it sees keeps the others beside their rows,
   * as it keeps customer ids: they follow moved entries and rebuilt stripes, and leave with the
   * touches evicted.
   */
  @Property(tries = 300)
  void channelsBeyondTheInternedOnes_agreeWithASimpleModel(
      @ForAll("busyVisitors") List<long[]> operations) {
    assertAgreesWithASimpleModel(operations, 2);
  }

  /**
   * Applies {record, visitor, parts, seconds}, {evict, -, -, seconds}, {forget visitor, visitor,
   * -, -} and {forget customer, -, parts, -} operations to a store that interns so many channels
   * and to a map of lists, and checks that the store reads back what the map holds, and keeps the
   * side texts and links of exactly the touches it holds.
   */
  private static void assertAgreesWithASimpleModel(List<long[]> operations, int internedChannels) {
    assertAgreesWithASimpleModel(operations, internedChannels,
        visitor -> visitor % 2 == 0 ? "v" + visitor : "visitor-" + visitor + "-ü",
        parts -> "a" + parts % 4, parts -> "ch" + parts % 5);
  }

  /**
   * As above, with the id of each visitor number, and the affiliate and channel of each touch's
   * parts.
   */
  private static void assertAgreesWithASimpleModel(List<long[]> operations, int internedChannels,
      IntFunction<String> visitorIds, IntFunction<String> affiliateIds,
      IntFunction<String> channelIds) {
    InMemoryTouchpointStore store = new InMemoryTouchpointStore(null, null, internedChannels);
    Set<String> interned = new HashSet<>();
    Map<String, List<Touchpoint>> expected = new HashMap<>();
    // A customer's touches are those of the visitors linked to it: by a touch naming the customer
    // at an instant no eviction's cutoff has passed since.
    Map<String, Map<String, Instant>> visitorsOfCustomer = new HashMap<>();
    for (long[] op : operations) {
      if (op[0] == 0) {
        Touchpoint touch = touch(op, visitorIds, affiliateIds, channelIds);
        // Interned while there is room, and fewer of its hash code are interned than a stripe's
        // table holds of one.
        touch.channel().filter(channel -> interned.size() < internedChannels
                && interned.stream().filter(c -> c.hashCode() == channel.hashCode()).count()
                    < HashKeys.MAX_SAME_HASH)
            .ifPresent(interned::add);
        long sequence = store.record(touch);
        expected.computeIfAbsent(touch.visitorId(), v -> new ArrayList<>())
            .add(touch.withSequence(sequence));
        touch.customerId().ifPresent(customer -> visitorsOfCustomer
            .computeIfAbsent(customer, c -> new HashMap<>())
            .merge(touch.visitorId(), touch.instant(), (a, b) -> a.isAfter(b) ? a : b));
      } else if (op[0] == 2) {
        String visitor = visitorIds.apply((int) op[1]);
        assertThat(store.forgetVisitor(visitor)).isEqualTo(forget(visitor, expected,
            visitorsOfCustomer));
      } else if (op[0] == 3) {
        String customer = "c" + op[2] % 3;
        long removed = 0;
        for (String visitor : List.copyOf(
            visitorsOfCustomer.getOrDefault(customer, Map.of()).keySet())) {
          removed += forget(visitor, expected, visitorsOfCustomer);
        }
        assertThat(store.forgetCustomer(customer)).isEqualTo(removed);
        assertThat(store.touchpointsOfCustomer(customer)).isEmpty();
      } else {
        Instant cutoff = T0.plusSeconds(op[3]);
        long removed = 0;
        for (List<Touchpoint> touches : expected.values()) {
          int size = touches.size();
          touches.removeIf(t -> t.instant().isBefore(cutoff));
          removed += size - touches.size();
        }
        assertThat(store.evictBefore(cutoff)).isEqualTo(removed);
        for (Map<String, Instant> visitors : visitorsOfCustomer.values()) {
          visitors.values().removeIf(lastSignedIn -> lastSignedIn.isBefore(cutoff));
        }
      }
    }
    long size = 0;
    long sideTexts = 0;
    for (Map.Entry<String, List<Touchpoint>> entry : expected.entrySet()) {
      List<Touchpoint> touches = new ArrayList<>(entry.getValue());
      touches.sort(Touchpoint.CHRONOLOGICAL);
      assertThat(store.touchpoints(entry.getKey())).isEqualTo(touches);
      size += touches.size();
      for (Touchpoint touch : touches) {
        sideTexts += touch.customerId().isPresent() ? 1 : 0;
        sideTexts += touch.channel().filter(channel -> !interned.contains(channel)).isPresent()
            ? 1 : 0;
      }
    }
    assertThat(store.size()).isEqualTo(size);
    assertThat(store.sideTexts()).isEqualTo(sideTexts);
    assertThat(store.links()).isEqualTo(
        visitorsOfCustomer.values().stream().mapToLong(Map::size).sum());
    for (Map.Entry<String, Map<String, Instant>> entry : visitorsOfCustomer.entrySet()) {
      List<Touchpoint> touches = new ArrayList<>();
      for (String visitor : entry.getValue().keySet()) {
        touches.addAll(expected.get(visitor));
      }
      touches.sort(Touchpoint.CHRONOLOGICAL);
      assertThat(store.touchpointsOfCustomer(entry.getKey())).isEqualTo(touches);
    }
  }

  /**
   * Forgets the visitor in the model: its touches, which a forgotten visitor's list keeps none of,
   * and its links to customers. Returns the number of touches forgotten.
   */
  private static long forget(String visitor, Map<String, List<Touchpoint>> expected,
      Map<String, Map<String, Instant>> visitorsOfCustomer) {
    List<Touchpoint> touches = expected.put(visitor, new ArrayList<>());
    for (Map<String, Instant> visitors : visitorsOfCustomer.values()) {
      visitors.remove(visitor);
    }
    return touches == null ? 0 : touches.size();
  }

  /** A touch of {visitor, affiliate and parts, seconds after T0}. */
  private static Touchpoint touch(long[] op, IntFunction<String> visitorIds,
      IntFunction<String> affiliateIds, IntFunction<String> channelIds) {
    int visitor = (int) op[1];
    int parts = (int) op[2];
    String visitorId = visitorIds.apply(visitor);
    Touchpoint.Builder builder = Touchpoint.builder(KINDS[parts % 3], visitorId,
        affiliateIds.apply(parts), T0.plusSeconds(op[3]));
    if (parts % 5 == 0) {
      builder.customerId("c" + parts % 3);
    }
    if (parts % 7 == 0) {
      builder.channel(channelIds.apply(parts));
    }
    if (parts % 3 == 1) {
      builder.code("code" + parts % 2);
    }
    return builder.build();
  }

  @Provide
  Arbitrary<List<long[]>> busyVisitors() {
    return operations(5, 60, 400);
  }

  @Provide
  Arbitrary<List<long[]>> manyVisitors() {
    return operations(40, 20, 300);
  }

  /**
   * Records of up to {@code visitors + 1} visitors, {@code recordsPerEviction} per eviction, and
   * as many forgettings of a visitor, and of one of the three customers, as evictions.
   */
  private static Arbitrary<List<long[]>> operations(int visitors, int recordsPerEviction,
      int maxSize) {
    Arbitrary<long[]> record = Arbitraries.integers().between(0, visitors).flatMap(visitor ->
        Arbitraries.integers().between(0, 1000).flatMap(parts ->
            Arbitraries.longs().between(0, 2000).map(seconds ->
                new long[] {0, visitor, parts, seconds})));
    Arbitrary<long[]> evict = Arbitraries.longs().between(0, 2000).map(s -> new long[] {1, 0, 0, s});
    Arbitrary<long[]> forgetVisitor =
        Arbitraries.integers().between(0, visitors).map(v -> new long[] {2, v, 0, 0});
    Arbitrary<long[]> forgetCustomer =
        Arbitraries.integers().between(0, 2).map(c -> new long[] {3, 0, c, 0});
    return Arbitraries.frequencyOf(Tuple.of(recordsPerEviction, record), Tuple.of(1, evict),
            Tuple.of(1, forgetVisitor), Tuple.of(1, forgetCustomer))
        .list().ofMaxSize(maxSize);
  }
}
