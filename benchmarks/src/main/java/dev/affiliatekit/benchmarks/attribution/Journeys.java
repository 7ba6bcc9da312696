package dev.affiliatekit.benchmarks.attribution;

import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;

/**
 * The benchmark's traffic, the same for every implementation: clicks of random visitors on random
 * affiliates' links, in time order over 45 days, about three per visitor; and conversions of
 * random visitors during the last day. Everything derives from a fixed seed, and ids are computed
 * on demand so that only the stores under test hold them.
 */
final class Journeys {

  static final long SEED = 0x5EED_0004L;
  static final Instant NOW = Instant.parse("2026-03-31T12:00:00Z");
  static final Duration LOOKBACK = Duration.ofDays(30);
  static final int AFFILIATES = 10_000;
  static final int TOUCHES_PER_VISITOR = 3;
  static final int CONVERSIONS = 1 << 16;
  static final int CONVERSION_MASK = CONVERSIONS - 1;

  private static final long SPAN_NANOS = Duration.ofDays(45).toNanos();
  private static final long NOW_NANOS = NOW.getEpochSecond() * 1_000_000_000L;

  final int visitors;
  final long touches;
  private final String[] affiliateIds = new String[AFFILIATES];

  Journeys(int visitors) {
    this.visitors = visitors;
    this.touches = (long) visitors * TOUCHES_PER_VISITOR;
    for (int i = 0; i < AFFILIATES; i++) {
      affiliateIds[i] = "creator-" + i;
    }
  }

  /** {@return a cookie-like visitor id of about 14 characters, unique per index} */
  static String visitorId(int index) {
    long mixed = (index + SEED) * 0x9E3779B97F4A7C15L;
    return "v" + Integer.toString(index, 36) + "-"
        + Long.toString((mixed >>> 34) | (1L << 29), 36);
  }

  String affiliateId(int index) {
    return affiliateIds[index];
  }

  /** Calls the consumer for every touch, in time order (the order in which they are recorded). */
  void forEachTouch(TouchConsumer consumer) {
    SplittableRandom random = new SplittableRandom(SEED);
    long start = NOW_NANOS - SPAN_NANOS;
    for (long t = 0; t < touches; t++) {
      long nanos = start + t * (SPAN_NANOS / touches) + random.nextLong(1_000_000);
      consumer.touch(random.nextInt(visitors), random.nextInt(AFFILIATES), nanos, t + 1);
    }
  }

  /** {@return the instant of epoch nanoseconds} */
  static Instant instant(long nanos) {
    return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L),
        Math.floorMod(nanos, 1_000_000_000L));
  }

  /** Returns conversion {@code i}: a visitor, an instant in the last day, and a total. */
  Conversion conversion(int i) {
    SplittableRandom random = new SplittableRandom(SEED ^ (0x1234_5678L * (i + 1)));
    int visitor = random.nextInt(visitors);
    long nanos = NOW_NANOS - random.nextLong(Duration.ofDays(1).toNanos());
    Money total = Money.ofMinor(random.nextLong(100, 100_000), CurrencyUnit.USD);
    return new Conversion("order-" + i, visitorId(visitor), instant(nanos), total);
  }

  /** A conversion of the benchmark, before it becomes each implementation's own type. */
  record Conversion(String orderId, String visitorId, Instant instant, Money total) {}

  /** Receives one touch. */
  @FunctionalInterface
  interface TouchConsumer {
    void touch(int visitor, int affiliate, long nanos, long sequence);
  }
}
