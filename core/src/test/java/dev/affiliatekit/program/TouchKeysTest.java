package dev.affiliatekit.program;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affiliatekit.attribution.Touchpoint;
import dev.affiliatekit.attribution.TouchpointKind;
import dev.affiliatekit.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

class TouchKeysTest {

  private static final Duration RETENTION = Duration.ofDays(30);

  private final TestClock clock = TestClock.at("2026-03-02T09:00:00Z");
  private final TouchKeys keys = new TouchKeys(clock, RETENTION);
  private final AtomicInteger recorded = new AtomicInteger();

  /** Records a click of mia's code by the visitor now, counting the recordings. */
  private Supplier<Touchpoint> click(String visitorId, @Nullable String channel) {
    return () -> {
      Touchpoint.Builder touch = Touchpoint.builder(TouchpointKind.CLICK, visitorId, "mia",
          clock.instant()).code("GLOWWITHMIA").sequence(recorded.incrementAndGet());
      return channel == null ? touch.build() : touch.channel(channel).build();
    };
  }

  private Touchpoint touch(String touchId, String visitorId, @Nullable String channel) {
    return keys.touch(touchId, TouchpointKind.CLICK, visitorId, "GLOWWITHMIA", channel,
        click(visitorId, channel));
  }

  @Test
  void aRetryOfTheSameTouch_returnsItsFirstOutcome_andAnyOtherRequestIsRefused() {
    Touchpoint first = touch("req-1", "v1", "instagram");
    clock.advance(Duration.ofMinutes(1));

    assertThat(touch("req-1", "v1", "instagram")).isSameAs(first);
    assertThat(recorded).hasValue(1);
    String refusal = "touch id 'req-1' was already used with another request: recorded click of"
        + " visitor 'v1' with code 'GLOWWITHMIA' on channel 'instagram'; requested ";
    assertThatThrownBy(() -> touch("req-1", "v2", "instagram")).hasMessage(refusal
        + "click of visitor 'v2' with code 'GLOWWITHMIA' on channel 'instagram'");
    assertThatThrownBy(() -> touch("req-1", "v1", "youtube")).hasMessage(refusal
        + "click of visitor 'v1' with code 'GLOWWITHMIA' on channel 'youtube'");
    assertThatThrownBy(() -> touch("req-1", "v1", null)).hasMessage(refusal
        + "click of visitor 'v1' with code 'GLOWWITHMIA'");
    assertThatThrownBy(() -> keys.touch("req-1", TouchpointKind.COUPON, "v1", "GLOWWITHMIA",
        "instagram", click("v1", "instagram"))).hasMessage(refusal
        + "coupon use of visitor 'v1' with code 'GLOWWITHMIA' on channel 'instagram'");
    assertThatThrownBy(() -> keys.touch("req-1", TouchpointKind.CLICK, "v1", "LEOVLOGS",
        "instagram", click("v1", "instagram"))).hasMessage(refusal
        + "click of visitor 'v1' with code 'LEOVLOGS' on channel 'instagram'");
    assertThatThrownBy(() -> keys.visit("req-1", "v1", "https://shop.example/?ref=GLOWWITHMIA",
        () -> Optional.of(click("v1", null).get()))).hasMessage(refusal
        + "visit of visitor 'v1' to 'https://shop.example/?ref=GLOWWITHMIA'");
    assertThat(recorded).hasValue(1);
  }

  @Test
  void aVisit_isTheSameRequest_byItsVisitorAndUrl_withOrWithoutATouch() {
    String url = "https://shop.example/serum";
    assertThat(keys.visit("req-1", "v1", url, Optional::empty)).isEmpty();
    Optional<Touchpoint> clicked = keys.visit("req-2", "v1", url + "?ref=GLOWWITHMIA",
        () -> Optional.of(click("v1", null).get()));

    assertThat(keys.visit("req-1", "v1", url, () -> Optional.of(click("v1", null).get())))
        .isEmpty();
    assertThat(keys.visit("req-2", "v1", url + "?ref=GLOWWITHMIA", Optional::empty))
        .isSameAs(clicked);
    assertThatThrownBy(() -> keys.visit("req-1", "v1", url + "?x", Optional::empty))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> touch("req-2", "v1", null))
        .isInstanceOf(IllegalStateException.class);
    assertThat(recorded).hasValue(1);
  }

  @Test
  void aLongUrl_isTheSameRequest_onlyWithEveryCharacterTheSame() {
    String url = "https://shop.example/?q=" + "x".repeat(TouchKeys.KEPT_URL_LENGTH * 5);
    Optional<Touchpoint> clicked = keys.visit("req-1", "v1", url + "\uD800",
        () -> Optional.of(click("v1", null).get()));

    assertThat(keys.visit("req-1", "v1", url + "\uD800", Optional::empty)).isSameAs(clicked);
    // An unpaired surrogate is a character of its own, which no character set keeps apart.
    assertThatThrownBy(() -> keys.visit("req-1", "v1", url + "\uDBFF", Optional::empty))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> keys.visit("req-1", "v1", url + "\uD800x", Optional::empty))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> keys.visit("req-1", "v1", url.replace("shop", "sHop") + "\uD800",
        Optional::empty)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> keys.visit("req-1", "v2", url + "\uD800", Optional::empty))
        .isInstanceOf(IllegalStateException.class);
    assertThat(recorded).hasValue(1);
  }

  @Test
  void aLongUrlOfOneByteCharacters_isNotTheSameRequest_asOneOfTwoByteCharactersOfTheSameBytes() {
    // 0x7878 is the character U+7878, or the two characters "xx" a byte each.
    String wide = "\u7878".repeat(TouchKeys.KEPT_URL_LENGTH + 1);
    String narrow = "x".repeat(2 * TouchKeys.KEPT_URL_LENGTH + 2);
    assertThat(keys.visit("req-1", "v1", wide, Optional::empty)).isEmpty();
    assertThat(keys.visit("req-2", "v1", narrow, Optional::empty)).isEmpty();

    assertThat(keys.visit("req-1", "v1", wide, Optional::empty)).isEmpty();
    assertThatThrownBy(() -> keys.visit("req-1", "v1", narrow, Optional::empty))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> keys.visit("req-2", "v1", wide, Optional::empty))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aUrlOfTheLengthKeptOrLonger_isTheSameRequest_onlyAsItself() {
    String kept = "https://shop.example/?q="
        + "x".repeat(TouchKeys.KEPT_URL_LENGTH - "https://shop.example/?q=".length());
    assertThat(kept).hasSize(TouchKeys.KEPT_URL_LENGTH);
    assertThat(keys.visit("req-1", "v1", kept, Optional::empty)).isEmpty();
    assertThat(keys.visit("req-2", "v1", kept + "x", Optional::empty)).isEmpty();

    assertThat(keys.visit("req-1", "v1", kept, Optional::empty)).isEmpty();
    assertThat(keys.visit("req-2", "v1", kept + "x", Optional::empty)).isEmpty();
    assertThatThrownBy(() -> keys.visit("req-1", "v1", kept + "x", Optional::empty))
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> keys.visit("req-2", "v1", kept, Optional::empty))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void anId_isForgottenOnceItsTouchIsOlderThanTheRetention_andRecordsAnew() {
    Touchpoint first = touch("req-1", "v1", null);
    Instant visited = clock.instant();
    assertThat(keys.visit("req-2", "v1", "https://shop.example/", Optional::empty)).isEmpty();

    clock.set(visited.plus(RETENTION));
    assertThat(touch("req-1", "v1", null)).isSameAs(first);
    clock.set(visited.plus(RETENTION).plusNanos(1));
    Touchpoint again = touch("req-1", "v1", null);
    assertThat(again.sequence()).isGreaterThan(first.sequence());
    // A visit that recorded no touch is dated by the clock when it came.
    assertThat(keys.visit("req-2", "v1", "https://shop.example/?ref=GLOWWITHMIA",
        () -> Optional.of(click("v1", null).get()))).isPresent();
  }

  @Test
  void anIdRecordedAfterTheClockSteppedBack_isForgottenInItsTurn_behindALaterIdOfItsStripe() {
    String later = "req-a";
    String earlier = otherIdOfTheStripeOf(later);
    Instant start = clock.instant();
    touch(later, "w1", null);
    clock.set(start.minus(Duration.ofDays(9)));
    Touchpoint first = touch(earlier, "w2", null);

    // The earlier id is past the retention, the later one, recorded before it, is not: the
    // stripe's oldest-first walk stops at the later one.
    clock.set(first.instant().plus(RETENTION).plusSeconds(1));
    Touchpoint again = touch(earlier, "w2", null);

    assertThat(again.sequence()).isGreaterThan(first.sequence());
    assertThat(touch(later, "w1", null).sequence()).isEqualTo(1);
  }

  /**
   * Regression: an id stamped by a clock that stood ten years ahead, and then stepped back, kept
   * every later id of its stripe in memory for ten years, since forgetting stopped at it.
   */
  @Test
  void anIdStampedAheadOfTheClock_keepsNoLaterIdOfItsStripeBeyondTheRetention() {
    Instant start = clock.instant();
    clock.set(start.plus(Duration.ofDays(3650)));
    Touchpoint ahead = touch("req-0", "v0", null);
    clock.set(start);
    String[] later = new String[3];
    for (int i = 0, found = 0; found < later.length; i++) {
      String candidate = "req-" + i;
      if (!candidate.equals("req-0")
          && TouchKeys.stripeOf(candidate) == TouchKeys.stripeOf("req-0")) {
        later[found++] = candidate;
      }
    }
    for (String touchId : later) {
      touch(touchId, "v1", null);
    }
    assertThat(keys.size()).isEqualTo(4);

    clock.set(start.plus(RETENTION).plusNanos(1));
    touch(otherIdOfTheStripeOf("req-0"), "v2", null);

    // The later ids are gone without being asked for; the one ahead is kept, as its touch counts.
    assertThat(keys.size()).isEqualTo(2);
    assertThat(touch("req-0", "v0", null)).isSameAs(ahead);
  }

  @Test
  void idsOfOtherStripes_areRecordedWhileOneIdsTouchIsBeingRecorded() throws Exception {
    String blocked = "req-slow";
    String other = "req-0";
    for (int i = 1; TouchKeys.stripeOf(other) == TouchKeys.stripeOf(blocked); i++) {
      other = "req-" + i;
    }
    CountDownLatch recording = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService executor = Executors.newFixedThreadPool(2);
    try {
      Future<Touchpoint> slow = executor.submit(() -> keys.touch(blocked, TouchpointKind.CLICK,
          "v1", "GLOWWITHMIA", null, () -> {
            recording.countDown();
            try {
              release.await();
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            return click("v1", null).get();
          }));
      assertThat(recording.await(10, TimeUnit.SECONDS)).isTrue();

      // Under one lock for all ids, this would wait for the slow touch, and time out.
      String fastId = other;
      Touchpoint fast = executor.submit(() -> touch(fastId, "v2", null)).get(10, TimeUnit.SECONDS);

      assertThat(slow.isDone()).isFalse();
      release.countDown();
      assertThat(slow.get(10, TimeUnit.SECONDS).sequence()).isEqualTo(fast.sequence() + 1);
    } finally {
      release.countDown();
      executor.shutdownNow();
    }
  }

  @Test
  void forgettingVisitors_dropsTheIdsOfTheirTouches_andRecordsNoKeyedTouchMeanwhile()
      throws Exception {
    Touchpoint kept = touch("req-2", "v2", null);
    touch("req-1", "v1", null);
    ExecutorService executor = Executors.newSingleThreadExecutor();
    try {
      AtomicReference<Future<Touchpoint>> meanwhile = new AtomicReference<>();
      keys.forgetVisitors(() -> {
        // A retry of the visitor's touch, asked for while their touches are forgotten, waits.
        Future<Touchpoint> retry = executor.submit(() -> touch("req-1", "v1", null));
        meanwhile.set(retry);
        assertThatThrownBy(() -> retry.get(200, TimeUnit.MILLISECONDS))
            .isInstanceOf(TimeoutException.class);
        return Set.of("v1");
      });

      // Then it finds its id forgotten with the touch, and records the touch again.
      assertThat(meanwhile.get().get(10, TimeUnit.SECONDS).sequence()).isEqualTo(3);
      assertThat(touch("req-2", "v2", null)).isSameAs(kept);
      assertThat(recorded).hasValue(3);
      assertThat(keys.size()).isEqualTo(2);
    } finally {
      executor.shutdownNow();
    }
  }

  private static String otherIdOfTheStripeOf(String touchId) {
    for (int i = 0; ; i++) {
      String candidate = "req-" + i;
      if (!candidate.equals(touchId)
          && TouchKeys.stripeOf(candidate) == TouchKeys.stripeOf(touchId)) {
        return candidate;
      }
    }
  }

  /**
   * Regression: a stripe was chosen by the bits a {@link java.util.HashMap} takes for its bucket,
   * so the ids of one stripe all fell into one bucket in sixteen of the stripe's map.
   */
  @Test
  void theIdsOfAStripe_spreadOverTheBucketsOfItsMap() {
    int[][] buckets = new int[16][16];
    for (int i = 0; i < 16_000; i++) {
      String touchId = "req-" + i;
      int hash = touchId.hashCode();
      buckets[TouchKeys.stripeOf(touchId)][(hash ^ hash >>> 16) & 15]++;
    }
    for (int[] stripe : buckets) {
      // About 1,000 ids a stripe, about 62 a bucket's low bits.
      assertThat(Arrays.stream(stripe).sum()).isBetween(800, 1200);
      assertThat(Arrays.stream(stripe).min().orElseThrow()).isGreaterThan(30);
    }
  }
}
