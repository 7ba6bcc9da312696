package dev.affiliatekit.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.testing.NullPointerTester;
import dev.affiliatekit.internal.HashKeys;
import dev.affiliatekit.testing.CollidingIds;
import dev.affiliatekit.testing.TestClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class InMemoryTouchpointStoreTest {

  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

  private final TouchpointStore store = TouchpointStore.inMemory();

  @Nested
  class RecordAndRead {

    @Test
    void record_assignsIncreasingSequenceNumbers_fromOne() {
      assertThat(store.record(Touchpoint.click("v1", "anna", T0))).isEqualTo(1);
      assertThat(store.record(Touchpoint.click("v2", "anna", T0))).isEqualTo(2);
      assertThat(store.record(Touchpoint.click("v1", "ben", T0).withSequence(99))).isEqualTo(3);
      assertThat(store.size()).isEqualTo(3);
    }

    @Test
    void touchpoints_roundTripEveryPart_inChronologicalOrder() {
      Touchpoint late = Touchpoint.builder(TouchpointKind.COUPON, "v1", "anna", T0.plusSeconds(60))
          .code("ANNA10").customerId("c1").channel("instagram").build();
      Touchpoint early = Touchpoint.builder(TouchpointKind.VIEW, "v1", "ben", T0.plusNanos(7))
          .channel("youtube").build();
      long lateSequence = store.record(late);
      long earlySequence = store.record(early);
      assertThat(store.touchpoints("v1"))
          .containsExactly(early.withSequence(earlySequence), late.withSequence(lateSequence));
    }

    /**
     * Touches recorded far out of time order (newest first, then shuffled, with equal instants)
     * come back in chronological order, ties by sequence, each with its customer and channel:
     * beyond a few moves per row the insertion sort hands over to a sort of indexes, which a
     * visitor with thousands of touches recorded newest first reaches.
     */
    @Test
    void touchpoints_recordedFarOutOfOrder_comeBackChronologicalWithTheirTexts() {
      List<Touchpoint> expected = new ArrayList<>();
      SplittableRandom random = new SplittableRandom(7);
      List<Integer> seconds = new ArrayList<>();
      for (int i = 0; i < 3000; i++) {
        seconds.add(i < 1500 ? 3000 - i : random.nextInt(200));
      }
      for (int i = 0; i < seconds.size(); i++) {
        Touchpoint.Builder touch = Touchpoint.builder(TouchpointKind.CLICK, "v1",
            i % 2 == 0 ? "anna" : "ben", T0.plusSeconds(seconds.get(i)));
        if (i % 3 == 0) {
          touch.customerId("c" + i).channel("channel-" + i);
        }
        Touchpoint recorded = touch.build();
        expected.add(recorded.withSequence(store.record(recorded)));
      }
      expected.sort(Touchpoint.CHRONOLOGICAL);

      assertThat(store.touchpoints("v1")).containsExactlyElementsOf(expected);
    }

    @Test
    void touchpoints_unknownVisitor_isEmpty() {
      store.record(Touchpoint.click("v1", "anna", T0));
      assertThat(store.touchpoints("v2")).isEmpty();
      assertThat(store.touchpoints("")).isEmpty();
      assertThat(store.touchpointsOfCustomer("c1")).isEmpty();
    }

    @Test
    void equalInstants_areOrderedByRecording() {
      store.record(Touchpoint.click("v1", "b", T0));
      store.record(Touchpoint.click("v1", "a", T0));
      assertThat(store.touchpoints("v1")).extracting(Touchpoint::affiliateId).containsExactly("b", "a");
    }

    @Test
    void nonLatin1AndLongVisitorIds_areKeptExactly() {
      String devanagari = "\u0935\u093f\u091c\u093c\u093f\u091f\u0930-\u0967";
      String longest = "v".repeat(256);
      String latin1 = "caf\u00e9-\u00ff";
      store.record(Touchpoint.click(devanagari, "a", T0));
      store.record(Touchpoint.click(longest, "b", T0));
      store.record(Touchpoint.click(latin1, "c", T0));
      assertThat(store.touchpoints(devanagari)).extracting(Touchpoint::affiliateId).containsExactly("a");
      assertThat(store.touchpoints(longest)).extracting(Touchpoint::visitorId).containsExactly(longest);
      assertThat(store.touchpoints(latin1)).extracting(Touchpoint::affiliateId).containsExactly("c");
      assertThat(store.touchpoints("v".repeat(255))).isEmpty();
      assertThat(store.touchpoints("caf\u00e9-\u0100")).isEmpty();
    }

    @Test
    void manyVisitors_eachFindsExactlyItsOwnTouches() {
      SplittableRandom random = new SplittableRandom(42);
      Map<String, List<String>> expected = new HashMap<>();
      for (int i = 0; i < 60_000; i++) {
        String visitor = "visitor-" + random.nextInt(20_000);
        String affiliate = "aff-" + random.nextInt(500);
        store.record(Touchpoint.click(visitor, affiliate, T0.plusSeconds(i)));
        expected.computeIfAbsent(visitor, v -> new ArrayList<>()).add(affiliate);
      }
      assertThat(store.size()).isEqualTo(60_000);
      for (Map.Entry<String, List<String>> entry : expected.entrySet()) {
        assertThat(store.touchpoints(entry.getKey())).extracting(Touchpoint::affiliateId)
            .isEqualTo(entry.getValue());
      }
    }

    @Test
    void touchpointsOfCustomer_includesTheCustomersOtherDevices() {
      store.record(Touchpoint.click("laptop", "anna", T0));
      store.record(Touchpoint.builder(TouchpointKind.CLICK, "laptop", "ben", T0.plusSeconds(2))
          .customerId("c1").build());
      store.record(Touchpoint.builder(TouchpointKind.CLICK, "phone", "carla", T0.plusSeconds(1))
          .customerId("c1").build());
      store.record(Touchpoint.click("tablet", "dora", T0));
      assertThat(store.touchpointsOfCustomer("c1")).extracting(Touchpoint::affiliateId)
          .containsExactly("anna", "carla", "ben");
    }

    @Test
    void channelsBeyondTheInternedOnes_areNeverRefused_andReadBackExactly() {
      // Bots with a channel each fill the table of interned channels, 8,190 of them, and more.
      Map<Long, String> channels = new HashMap<>();
      for (int i = 0; i < 9_000; i++) {
        long sequence = store.record(Touchpoint.builder(TouchpointKind.CLICK, "bot-" + i % 3_000,
            "anna", T0.plusSeconds(i)).channel("x" + i).build());
        channels.put(sequence, "x" + i);
      }
      Touchpoint real = Touchpoint.builder(TouchpointKind.CLICK, "bot-7", "ben",
          T0.plusSeconds(9_000)).code("BEN5").customerId("c1").channel("instagram").build();
      long sequence = store.record(real);
      assertThat(store.size()).isEqualTo(9_001);
      assertThat(store.touchpoints("bot-7")).last().isEqualTo(real.withSequence(sequence));
      assertThat(store.touchpointsOfCustomer("c1")).last().isEqualTo(real.withSequence(sequence));
      AttributionResult result = Attributor.builder(store, AffiliateDirectory.builder()
              .add(AffiliateIdentity.active("anna")).add(AffiliateIdentity.active("ben"), "BEN5")
              .build())
          .clock(Clock.fixed(T0.plusSeconds(9_000), ZoneOffset.UTC))
          .policy(AttributionPolicy.builder().mergeRepeatedTouches(false).build())
          .build().evaluate(Conversion.builder("o1", T0.plusSeconds(9_000),
              dev.affiliatekit.money.Money.parse("USD 1.00")).visitorId("bot-7").build());
      assertThat(result.explanation().eligible()).extracting(touch -> touch.channel().orElseThrow())
          .containsExactly("x7", "x3007", "x6007", "instagram");
      for (int v = 0; v < 3_000; v++) {
        for (Touchpoint touch : store.touchpoints("bot-" + v)) {
          if (touch.sequence() != sequence) {
            assertThat(touch.channel()).contains(channels.get(touch.sequence()));
          }
        }
      }
    }
  }

  /** Ids made to share one hash code, as an attacker can make them. */
  @Nested
  class IdsOfOneHashCode {

    @Test
    void visitors_pastTheFewATableHolds_areIndexedBesideIt_andReadBackExactly() {
      InMemoryTouchpointStore crowdedStore = new InMemoryTouchpointStore(null, null);
      // One more than is recorded, of the same length and hash code, to look for in vain.
      List<String> all = CollidingIds.of("visitor-", 2049, "");
      List<String> visitors = all.subList(0, 2048);
      Map<String, List<Touchpoint>> expected = new HashMap<>();
      for (int round = 0; round < 3; round++) {
        for (int i = 0; i < visitors.size(); i++) {
          Touchpoint touch = Touchpoint.click(visitors.get(i), "a" + i % 3, T0.plusSeconds(round));
          expected.computeIfAbsent(visitors.get(i), v -> new ArrayList<>())
              .add(touch.withSequence(crowdedStore.record(touch)));
        }
      }

      // All in one stripe, whose table keeps the first MAX_SAME_HASH of them.
      // Ordinary visitors grow every stripe's table, the crowded one's too.
      int ordinary = 4096;
      for (int i = 0; i < ordinary; i++) {
        crowdedStore.record(Touchpoint.click("ordinary-" + i, "anna", T0));
      }

      assertThat(crowdedStore.crowdedVisitors())
          .isEqualTo(visitors.size() - HashKeys.MAX_SAME_HASH);
      assertThat(crowdedStore.indexedVisitors()).isEqualTo(visitors.size() + ordinary);
      for (String visitor : visitors) {
        assertThat(crowdedStore.touchpoints(visitor)).isEqualTo(expected.get(visitor));
      }
      assertThat(all.get(2048).hashCode()).isEqualTo(visitors.get(0).hashCode());
      assertThat(crowdedStore.touchpoints(all.get(2048))).isEmpty();
      assertThat(crowdedStore.size()).isEqualTo(3L * visitors.size() + ordinary);
    }

    @Test
    void evictingTheVisitorsInTheTable_letsOthersOfTheirHashTakeTheirPlaces() {
      InMemoryTouchpointStore crowdedStore = new InMemoryTouchpointStore(null, null);
      List<String> visitors = CollidingIds.of("v", 64, "");
      for (int i = 0; i < visitors.size(); i++) {
        // The first visitors, which the table holds, touched earliest.
        crowdedStore.record(Touchpoint.click(visitors.get(i), "anna", T0.plusSeconds(i)));
      }

      assertThat(crowdedStore.evictBefore(T0.plusSeconds(HashKeys.MAX_SAME_HASH)))
          .isEqualTo(HashKeys.MAX_SAME_HASH);
      assertThat(crowdedStore.crowdedVisitors())
          .isEqualTo(visitors.size() - 2L * HashKeys.MAX_SAME_HASH);
      assertThat(crowdedStore.indexedVisitors())
          .isEqualTo(visitors.size() - HashKeys.MAX_SAME_HASH);
      for (int i = 0; i < visitors.size(); i++) {
        assertThat(crowdedStore.touchpoints(visitors.get(i)))
            .hasSize(i < HashKeys.MAX_SAME_HASH ? 0 : 1);
      }
    }

    @Test
    void affiliatesAndCodes_pastTheFewATableHolds_areInternedBesideIt_andReadBackExactly() {
      InMemoryTouchpointStore crowdedStore = new InMemoryTouchpointStore(null, null);
      List<String> affiliates = CollidingIds.of("creator-", 1024, "");
      List<String> codes = CollidingIds.of("CODE", 512, "");
      Map<String, List<Touchpoint>> expected = new HashMap<>();
      for (int round = 0; round < 2; round++) {
        for (int i = 0; i < affiliates.size(); i++) {
          // Each affiliate with no code, and one affiliate with codes of one hash code.
          Touchpoint touch = i < codes.size() && round == 1
              ? Touchpoint.builder(TouchpointKind.COUPON, "v" + i, "anna", T0.plusSeconds(round))
                  .code(codes.get(i)).build()
              : Touchpoint.click("v" + i, affiliates.get(i), T0.plusSeconds(round));
          expected.computeIfAbsent("v" + i, v -> new ArrayList<>())
              .add(touch.withSequence(crowdedStore.record(touch)));
        }
      }

      // The affiliates, their referrers without a code, and anna's referrers with a code.
      int crowd = HashKeys.MAX_SAME_HASH;
      assertThat(crowdedStore.crowdedReferrals())
          .isEqualTo(2L * (affiliates.size() - crowd) + codes.size() - crowd);
      // Each interned once: 1,024 affiliates and anna, their referrers without a code, and
      // anna's with the codes.
      assertThat(crowdedStore.internedReferrals())
          .isEqualTo(2L * affiliates.size() + 1 + codes.size());
      expected.forEach((visitor, touches) ->
          assertThat(crowdedStore.touchpoints(visitor)).isEqualTo(touches));
    }

    @Test
    void channels_pastTheFewInterned_areKeptBesideTheirRows_andReadBackExactly() {
      InMemoryTouchpointStore crowdedStore = new InMemoryTouchpointStore(null, null);
      List<String> channels = CollidingIds.of("utm-", 40, "");
      List<Touchpoint> expected = new ArrayList<>();
      for (int i = 0; i < channels.size(); i++) {
        Touchpoint touch = Touchpoint.builder(TouchpointKind.CLICK, "v1", "anna", T0.plusSeconds(i))
            .channel(channels.get(i)).build();
        expected.add(touch.withSequence(crowdedStore.record(touch)));
      }

      assertThat(crowdedStore.sideTexts())
          .isEqualTo(channels.size() - HashKeys.MAX_SAME_HASH);
      assertThat(crowdedStore.touchpoints("v1")).isEqualTo(expected);
    }
  }

  @Nested
  class Eviction {

    @Test
    void evictBefore_removesOlderTouches_keepsTheBoundary() {
      store.record(Touchpoint.click("v1", "a", T0.minusNanos(1)));
      long kept = store.record(Touchpoint.click("v1", "b", T0));
      store.record(Touchpoint.builder(TouchpointKind.CLICK, "v2", "c", T0.minusSeconds(1))
          .customerId("c2").build());
      long later = store.record(Touchpoint.builder(TouchpointKind.CLICK, "v3", "d", T0.plusSeconds(1))
          .customerId("c3").channel("tiktok").build());
      assertThat(store.evictBefore(T0)).isEqualTo(2);
      assertThat(store.size()).isEqualTo(2);
      assertThat(store.touchpoints("v1")).extracting(Touchpoint::sequence).containsExactly(kept);
      assertThat(store.touchpoints("v2")).isEmpty();
      assertThat(store.touchpointsOfCustomer("c2")).isEmpty();
      assertThat(store.touchpointsOfCustomer("c3")).singleElement().satisfies(touch -> {
        assertThat(touch.sequence()).isEqualTo(later);
        assertThat(touch.customerId()).contains("c3");
        assertThat(touch.channel()).contains("tiktok");
      });
      store.record(Touchpoint.click("v2", "e", T0));
      assertThat(store.touchpoints("v2")).extracting(Touchpoint::affiliateId).containsExactly("e");
    }

    @Test
    void evictionMovesAndRebuilds_keepExactlyTheSideTextsOfTheTouchesKept() {
      // One interned channel, tiktok: every other channel is kept beside its row, as customer ids.
      InMemoryTouchpointStore small = new InMemoryTouchpointStore(null, null, 1);
      Map<Long, Touchpoint> recorded = new HashMap<>();
      for (int i = 0; i < 20_000; i++) {
        Touchpoint.Builder touch = Touchpoint.builder(TouchpointKind.CLICK, "v" + i % 2_000, "a",
            T0.plusSeconds(i)).channel(i % 4 == 0 ? "tiktok" : "ch" + i);
        if (i % 10 == 0) {
          touch.customerId("c" + i % 3);
        }
        Touchpoint built = touch.build();
        recorded.put(small.record(built), built);
      }
      assertThat(small.sideTexts()).isEqualTo(sideTexts(recorded.values()));
      small.evictBefore(T0.plusSeconds(15_000));
      recorded.values().removeIf(touch -> touch.instant().isBefore(T0.plusSeconds(15_000)));
      assertThat(small.sideTexts()).isEqualTo(sideTexts(recorded.values())).isEqualTo(3_750 + 500);
      for (int v = 0; v < 2_000; v++) {
        for (Touchpoint touch : small.touchpoints("v" + v)) {
          assertThat(touch)
              .isEqualTo(recorded.get(touch.sequence()).withSequence(touch.sequence()));
        }
      }
      small.evictBefore(Instant.MAX);
      assertThat(small.sideTexts()).isZero();

      Clock clock = Clock.fixed(T0.plus(Duration.ofDays(100)), ZoneOffset.UTC);
      InMemoryTouchpointStore retaining =
          new InMemoryTouchpointStore(clock, Duration.ofDays(30), 1);
      for (int i = 0; i < 10_000; i++) {
        retaining.record(Touchpoint.builder(TouchpointKind.CLICK, "old" + i % 1_000, "a", T0)
            .channel("ch" + i).customerId("c").build());
      }
      for (int i = 0; i < 10_000; i++) {
        retaining.record(Touchpoint.click("new" + i % 1_000, "a", clock.instant()));
      }
      // Every stripe was rebuilt while recording after the old touches: none of them is kept.
      assertThat(retaining.size()).isEqualTo(10_000);
      assertThat(retaining.sideTexts()).isZero();
    }

    /** {@return the customer ids and channels other than tiktok of the touches} */
    private static long sideTexts(java.util.Collection<Touchpoint> touches) {
      return touches.stream().filter(touch -> touch.customerId().isPresent()).count()
          + touches.stream().filter(touch -> !touch.channel().orElseThrow().equals("tiktok"))
              .count();
    }

    @Test
    void evictBefore_extremeCutoffs() {
      store.record(Touchpoint.click("v1", "a", T0));
      assertThat(store.evictBefore(Instant.MIN)).isZero();
      assertThat(store.evictBefore(Instant.MAX)).isEqualTo(1);
      assertThat(store.size()).isZero();
    }

    @Test
    void evictBefore_cutoffBeyondTheLastNanosecond_removesATouchAtTheLastNanosecond() {
      Instant last = Instant.ofEpochSecond(0, Long.MAX_VALUE);
      for (Instant cutoff : List.of(last.plusNanos(1), Instant.MAX)) {
        TouchpointStore fresh = TouchpointStore.inMemory();
        fresh.record(Touchpoint.builder(TouchpointKind.CLICK, "v1", "a", last).customerId("c1")
            .build());
        fresh.record(Touchpoint.click("v2", "a", T0));
        assertThat(fresh.evictBefore(last)).as("the touch at the cutoff stays").isEqualTo(1);
        assertThat(fresh.evictBefore(cutoff)).as("cutoff %s", cutoff).isEqualTo(1);
        assertThat(fresh.size()).isZero();
        assertThat(fresh.touchpointsOfCustomer("c1")).isEmpty();
      }
    }

    @Test
    void retention_cutoffBeyondTheLastNanosecond_evictsTouchesAtTheLastNanosecond() {
      Instant last = Instant.ofEpochSecond(0, Long.MAX_VALUE);
      Clock late = Clock.fixed(Instant.parse("2300-01-01T00:00:00Z"), ZoneOffset.UTC);
      TouchpointStore retaining = TouchpointStore.inMemory(late, Duration.ofDays(1));
      for (int i = 0; i < 20_000; i++) {
        retaining.record(Touchpoint.click("v" + i, "a", last));
      }
      // Each rebuild while recording, when one of the 64 stripes reaches 64 touches, evicts all
      // of them: they lie more than a day before the clock.
      assertThat(retaining.size()).isLessThan(64 * 64);
    }

    @Test
    void retention_evictsOldTouchesWhileRecording() {
      Clock clock = Clock.fixed(T0.plus(Duration.ofDays(100)), ZoneOffset.UTC);
      TouchpointStore retaining = TouchpointStore.inMemory(clock, Duration.ofDays(30));
      for (int i = 0; i < 300_000; i++) {
        retaining.record(Touchpoint.click("v" + (i % 1000), "a", T0));
      }
      retaining.record(Touchpoint.click("fresh", "b", clock.instant()));
      assertThat(retaining.size()).isLessThan(300_000);
      assertThat(retaining.touchpoints("fresh")).hasSize(1);
      long before = retaining.size();
      assertThat(retaining.evictBefore(clock.instant().minus(Duration.ofDays(30))))
          .isEqualTo(before - 1);
      assertThat(retaining.size()).isEqualTo(1);
      assertThat(retaining).hasToString("TouchpointStore.inMemory{1 touches, retention PT720H}");
    }

    @Test
    void evictBefore_unlinksAVisitorLastSignedInBeforeTheCutoff_whenEverItsLaterTouchesArrived() {
      Instant d0 = T0;
      Instant d1 = T0.plus(Duration.ofDays(1));
      Instant d2 = T0.plus(Duration.ofDays(2));
      List<Integer> customerTouches = new ArrayList<>();
      for (boolean evictFirst : new boolean[] {true, false}) {
        TouchpointStore fresh = TouchpointStore.inMemory();
        fresh.record(Touchpoint.builder(TouchpointKind.CLICK, "phone", "anna", d0)
            .customerId("c1").build());
        if (evictFirst) {
          fresh.evictBefore(d1);
        }
        fresh.record(Touchpoint.click("phone", "xena", d2));
        if (!evictFirst) {
          fresh.evictBefore(d1);
        }
        assertThat(fresh.touchpoints("phone")).extracting(Touchpoint::affiliateId)
            .containsExactly("xena");
        customerTouches.add(fresh.touchpointsOfCustomer("c1").size());
      }
      assertThat(customerTouches).containsExactly(0, 0);
    }

    @Test
    void evictBefore_keepsTheLinkOfAVisitorSignedInAgainSinceTheCutoff() {
      store.record(Touchpoint.builder(TouchpointKind.CLICK, "phone", "anna", T0)
          .customerId("c1").build());
      store.record(Touchpoint.click("phone", "ben", T0.plusSeconds(5)));
      store.record(Touchpoint.builder(TouchpointKind.VIEW, "phone", "ben", T0.plusSeconds(10))
          .customerId("c1").build());
      store.evictBefore(T0.plusSeconds(10));
      assertThat(store.touchpointsOfCustomer("c1")).extracting(Touchpoint::instant)
          .containsExactly(T0.plusSeconds(10));
      store.evictBefore(T0.plusSeconds(11));
      assertThat(store.touchpointsOfCustomer("c1")).isEmpty();
      // A touch naming the customer again links the visitor again.
      store.record(Touchpoint.builder(TouchpointKind.CLICK, "phone", "anna", T0.plusSeconds(12))
          .customerId("c1").build());
      assertThat(store.touchpointsOfCustomer("c1")).hasSize(1);
    }

    @Test
    void retention_unlinksVisitorsLastSignedInBeforeItsCutoff() {
      TestClock clock = new TestClock(T0);
      InMemoryTouchpointStore retaining = new InMemoryTouchpointStore(clock, Duration.ofDays(1));
      for (int i = 0; i < 1_000; i++) {
        retaining.record(Touchpoint.builder(TouchpointKind.CLICK, "phone" + i, "anna", T0)
            .customerId("c" + i).build());
      }
      clock.set(T0.plus(Duration.ofDays(3)));
      // Enough later touches of the same visitors for every stripe to be rebuilt.
      for (int round = 0; round < 8; round++) {
        for (int i = 0; i < 1_000; i++) {
          retaining.record(Touchpoint.click("phone" + i, "xena", clock.instant()));
        }
      }
      assertThat(retaining.size()).isEqualTo(8_000);
      for (int i = 0; i < 1_000; i++) {
        assertThat(retaining.touchpointsOfCustomer("c" + i)).as("c" + i).isEmpty();
      }
      assertThat(retaining.links()).isZero();
    }

    @Test
    void retentionLongerThanTime_keepsEveryTouch_insteadOfFailingAfterRecording() {
      Clock clock = Clock.fixed(T0, ZoneOffset.UTC);
      for (Duration retention : List.of(java.time.temporal.ChronoUnit.FOREVER.getDuration(),
          Duration.ofDays(365L * 10_000_000_000L))) {
        TouchpointStore retaining = TouchpointStore.inMemory(clock, retention);
        // Enough touches of one visitor for its stripe to be rebuilt, twice.
        for (int i = 1; i <= 200; i++) {
          assertThat(retaining.record(Touchpoint.click("v", "anna", T0))).isEqualTo(i);
        }
        assertThat(retaining.size()).isEqualTo(200);
        assertThat(retaining.touchpoints("v")).hasSize(200);
      }
    }

    @Test
    void record_clockFailsWhenTheStripeIsRebuilt_recordsNothing() {
      FailingClock clock = new FailingClock(T0);
      TouchpointStore retaining = TouchpointStore.inMemory(clock, Duration.ofDays(30));
      for (int i = 0; i < 63; i++) {
        retaining.record(Touchpoint.click("v", "anna", T0));
      }
      // The 64th touch of the stripe rebuilds it, which needs the clock.
      clock.failing = true;
      assertThatThrownBy(() -> retaining.record(Touchpoint.click("v", "anna", T0)))
          .isInstanceOf(IllegalStateException.class).hasMessage("clock unavailable");
      assertThat(retaining.size()).isEqualTo(63);
      clock.failing = false;
      assertThat(retaining.record(Touchpoint.click("v", "anna", T0))).isEqualTo(64);
      assertThat(retaining.touchpoints("v")).hasSize(64);
    }

    @Test
    void evictionKeepsChainsAndSequences_forEveryVisitor() {
      SplittableRandom random = new SplittableRandom(7);
      Map<String, List<Long>> expected = new HashMap<>();
      Instant cutoff = T0.plusSeconds(5_000);
      for (int i = 0; i < 20_000; i++) {
        String visitor = "v" + random.nextInt(3_000);
        Instant at = T0.plusSeconds(random.nextInt(10_000));
        long sequence = store.record(Touchpoint.click(visitor, "a" + random.nextInt(9), at));
        if (!at.isBefore(cutoff)) {
          expected.computeIfAbsent(visitor, v -> new ArrayList<>()).add(sequence);
        }
      }
      long before = store.size();
      long removed = store.evictBefore(cutoff);
      assertThat(store.size()).isEqualTo(before - removed);
      for (int v = 0; v < 3_000; v++) {
        List<Long> sequences = store.touchpoints("v" + v).stream().map(Touchpoint::sequence).sorted().toList();
        assertThat(sequences).isEqualTo(expected.getOrDefault("v" + v, List.of()));
      }
    }
  }

  @Nested
  class Rebuilds {

    @Test
    void growingStripesAreRebuilt_withoutLosingOrReorderingAnyTouch() {
      SplittableRandom random = new SplittableRandom(11);
      Map<String, List<Long>> expected = new HashMap<>();
      // 64 stripes of about 6,000 touches each: every stripe is rebuilt several times.
      for (int i = 0; i < 400_000; i++) {
        String visitor = "v" + random.nextInt(5_000);
        Touchpoint.Builder touch = Touchpoint.builder(TouchpointKind.CLICK, visitor,
            "a" + random.nextInt(50), T0.plusSeconds(random.nextInt(1_000_000)));
        if (i % 7 == 0) {
          touch.customerId("c" + i % 11);
        }
        expected.computeIfAbsent(visitor, v -> new ArrayList<>()).add(store.record(touch.build()));
      }
      assertThat(store.size()).isEqualTo(400_000);
      for (Map.Entry<String, List<Long>> entry : expected.entrySet()) {
        List<Touchpoint> touches = store.touchpoints(entry.getKey());
        assertThat(touches).extracting(Touchpoint::sequence).containsExactlyInAnyOrderElementsOf(entry.getValue());
        for (Touchpoint touch : touches) {
          assertThat(touch.customerId().isPresent()).isEqualTo((touch.sequence() - 1) % 7 == 0);
          touch.customerId().ifPresent(customer ->
              assertThat(customer).isEqualTo("c" + (touch.sequence() - 1) % 11));
        }
      }
    }

    @Test
    void aVisitorWithMoreTouchesThanAnEntryHolds_keepsThemAll() {
      String longest = "\u0935".repeat(256);
      List<Long> sequences = new ArrayList<>();
      for (int i = 0; i < 1_000; i++) {
        sequences.add(store.record(Touchpoint.builder(TouchpointKind.VIEW, longest, "a" + i % 3,
            T0.plusSeconds(i)).channel("ch" + i % 5).build()));
      }
      assertThat(store.evictBefore(T0.plusSeconds(100))).isEqualTo(100);
      for (int i = 1_000; i < 1_100; i++) {
        sequences.add(store.record(Touchpoint.click(longest, "b", T0.plusSeconds(i))));
      }
      List<Touchpoint> touches = store.touchpoints(longest);
      assertThat(touches).extracting(Touchpoint::sequence)
          .isEqualTo(sequences.subList(100, 1_100));
      assertThat(touches.get(0).channel()).contains("ch0");
      assertThat(touches.get(0).affiliateId()).isEqualTo("a1");
      assertThat(store.evictBefore(T0)).isZero();
      assertThat(store.touchpoints(longest)).isEqualTo(touches);
    }
  }

  @Test
  void concurrentRecording_ofAffiliatesAndCodesOfOneHashCode_internsEachOnce() throws Exception {
    // Threads intern the same crowded affiliates and referrers at once: each touch must read
    // back with the affiliate and code it was recorded with.
    InMemoryTouchpointStore crowdedStore = new InMemoryTouchpointStore(null, null);
    List<String> affiliates = CollidingIds.of("creator-", 64, "");
    List<String> codes = CollidingIds.of("CODE", 32, "");
    int threads = 4;
    int perThread = 4_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<?>> writers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        writers.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < perThread; i++) {
            crowdedStore.record(Touchpoint.builder(TouchpointKind.CLICK, thread + "-" + i,
                affiliates.get(i % 64), T0).code(codes.get(i % 32)).build());
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> writer : writers) {
        writer.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }

    for (int t = 0; t < threads; t++) {
      for (int i = 0; i < perThread; i++) {
        Touchpoint touch = crowdedStore.touchpoints(t + "-" + i).get(0);
        assertThat(touch.affiliateId()).isEqualTo(affiliates.get(i % 64));
        assertThat(touch.code()).contains(codes.get(i % 32));
      }
    }
    // 64 affiliates of one hash code, and 64 referrers (each affiliate with the code of its
    // number mod 32) of one hash code too: all but the first eight of each are beside the tables.
    assertThat(crowdedStore.crowdedReferrals()).isEqualTo(2L * (64 - 8));
    assertThat(crowdedStore.internedReferrals()).isEqualTo(64L + 64);
  }

  @Test
  void concurrentRecordingAndReading_losesNothing_andReadsAreConsistent() throws Exception {
    int threads = 4;
    int perThread = 50_000;
    ExecutorService pool = Executors.newFixedThreadPool(threads + 1);
    CountDownLatch start = new CountDownLatch(1);
    AtomicReference<String> readerProblem = new AtomicReference<>();
    try {
      List<Future<List<Long>>> writers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        writers.add(pool.submit(() -> {
          start.await();
          List<Long> sequences = new ArrayList<>(perThread);
          for (int i = 0; i < perThread; i++) {
            // Visitors are shared between threads, so stripes and chains are contended.
            String visitor = "v" + (i % 997);
            sequences.add(store.record(Touchpoint.builder(TouchpointKind.CLICK, visitor,
                "t" + thread, T0.plusSeconds(i)).customerId("c" + (i % 997) % 13).build()));
          }
          return sequences;
        }));
      }
      Future<?> reader = pool.submit(() -> {
        start.await();
        for (int round = 0; round < 2_000; round++) {
          List<Touchpoint> touches = store.touchpoints("v" + (round % 997));
          for (int i = 1; i < touches.size(); i++) {
            if (Touchpoint.CHRONOLOGICAL.compare(touches.get(i - 1), touches.get(i)) >= 0) {
              readerProblem.set("out of order: " + touches);
            }
          }
        }
        return null;
      });
      start.countDown();
      Set<Long> all = new HashSet<>();
      for (Future<List<Long>> writer : writers) {
        all.addAll(writer.get(60, TimeUnit.SECONDS));
      }
      reader.get(60, TimeUnit.SECONDS);
      assertThat(readerProblem.get()).isNull();
      assertThat(all).hasSize(threads * perThread);
      assertThat(store.size()).isEqualTo((long) threads * perThread);
      long total = 0;
      for (int v = 0; v < 997; v++) {
        total += store.touchpoints("v" + v).size();
      }
      assertThat(total).isEqualTo((long) threads * perThread);
      int ofCustomerZero = 0;
      for (int i = 0; i < perThread; i++) {
        ofCustomerZero += (i % 997) % 13 == 0 ? threads : 0;
      }
      assertThat(store.touchpointsOfCustomer("c0")).hasSize(ofCustomerZero);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void readsDuringMovesAndRebuilds_seeExactlyAPrefixOfEachVisitorsTouches() throws Exception {
    int writers = 2;
    int perWriter = 60_000;
    int visitorsPerWriter = 50;
    ExecutorService pool = Executors.newFixedThreadPool(writers + 2);
    CountDownLatch start = new CountDownLatch(1);
    AtomicReference<String> readerProblem = new AtomicReference<>();
    try {
      List<Future<?>> tasks = new ArrayList<>();
      for (int t = 0; t < writers; t++) {
        int writer = t;
        tasks.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < perWriter; i++) {
            // Touch i of writer w goes to visitor "w<w>-<i % 50>" at T0 + i s, affiliate a<i % 7>.
            store.record(Touchpoint.click("w" + writer + "-" + i % visitorsPerWriter,
                "a" + i % 7, T0.plusSeconds(i)));
            // Other visitors in the same stripes, so that entries move and stripes are rebuilt.
            store.record(Touchpoint.click("x" + writer + "-" + i, "b", T0.plusSeconds(i)));
          }
          return null;
        }));
      }
      tasks.add(pool.submit(() -> {
        start.await();
        int[] seen = new int[writers * visitorsPerWriter];
        for (int round = 0; round < 200_000; round++) {
          int writer = round % writers;
          int visitor = (round / writers) % visitorsPerWriter;
          List<Touchpoint> touches = store.touchpoints("w" + writer + "-" + visitor);
          int index = writer * visitorsPerWriter + visitor;
          if (touches.size() < seen[index]) {
            readerProblem.set("fewer touches than before: " + touches);
          }
          seen[index] = touches.size();
          for (int j = 0; j < touches.size(); j++) {
            int i = visitor + visitorsPerWriter * j;
            Touchpoint touch = touches.get(j);
            if (!touch.instant().equals(T0.plusSeconds(i))
                || !touch.affiliateId().equals("a" + i % 7)) {
              readerProblem.set("not a prefix at " + j + ": " + touches);
            }
          }
        }
        return null;
      }));
      start.countDown();
      for (Future<?> task : tasks) {
        task.get(120, TimeUnit.SECONDS);
      }
      assertThat(readerProblem.get()).isNull();
      for (int w = 0; w < writers; w++) {
        for (int v = 0; v < visitorsPerWriter; v++) {
          assertThat(store.touchpoints("w" + w + "-" + v)).hasSize(perWriter / visitorsPerWriter);
        }
      }
      assertThat(store.size()).isEqualTo(2L * writers * perWriter);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void nulls_areRejected() {
    NullPointerTester tester = new NullPointerTester()
        .setDefault(Touchpoint.class, Touchpoint.click("v", "a", T0))
        .setDefault(Clock.class, Clock.systemUTC())
        .setDefault(Duration.class, Duration.ofDays(1))
        .setDefault(Instant.class, T0);
    tester.testAllPublicStaticMethods(TouchpointStore.class);
    tester.testAllPublicInstanceMethods(store);
  }

  @Test
  void inMemory_badRetention() {
    assertThatThrownBy(() -> TouchpointStore.inMemory(Clock.systemUTC(), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("store retention must be positive: PT0S");
  }

  /**
   * Regression: a visitor of 50,331,649 touches, whose entry grows from 1.0 to 1.34 GB, had the
   * arena add the two entries' sizes in an {@code int}, which wrapped, so the next entry was
   * placed in a chunk too small for it and the stripe's counts were left changed. Recording that
   * many touches takes gigabytes of heap, so the test checks the sum the arena tests by.
   */
  @Test
  void entriesOfTensOfMillionsOfTouches_areEachGivenAChunkOfTheirOwn() {
    int chunkBytes = 1 << InMemoryTouchpointStore.Stripe.ARENA_BITS;
    int before = InMemoryTouchpointStore.Stripe.ROW_BYTES
        * InMemoryTouchpointStore.Stripe.capacity(50_331_648);
    int after = InMemoryTouchpointStore.Stripe.ROW_BYTES
        * InMemoryTouchpointStore.Stripe.capacity(50_331_649);

    assertThat((long) before + after).isGreaterThan(Integer.MAX_VALUE);
    assertThat(InMemoryTouchpointStore.Stripe.fits(before, after, chunkBytes)).isFalse();
    assertThat(InMemoryTouchpointStore.Stripe.fits(chunkBytes - 192, 192, chunkBytes)).isTrue();
    assertThat(InMemoryTouchpointStore.Stripe.fits(chunkBytes - 192, 193, chunkBytes)).isFalse();
  }

  private static final class FailingClock extends Clock {
    private final Instant now;
    volatile boolean failing;

    FailingClock(Instant now) {
      this.now = now;
    }

    @Override
    public Instant instant() {
      if (failing) {
        throw new IllegalStateException("clock unavailable");
      }
      return now;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      throw new UnsupportedOperationException("tests use UTC");
    }
  }
}
