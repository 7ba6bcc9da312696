package dev.affiliatekit.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/** A clock that tests move by hand; thread-safe. */
public final class TestClock extends Clock {

  private volatile Instant now;
  /** Instants to read next, one per reading, before the clock keeps reading the last. */
  private final Queue<Instant> readings = new ConcurrentLinkedQueue<>();

  public TestClock(Instant start) {
    this.now = start;
  }

  public static TestClock at(String instant) {
    return new TestClock(Instant.parse(instant));
  }

  public void set(Instant instant) {
    now = instant;
  }

  public synchronized void advance(Duration duration) {
    now = now.plus(duration);
  }

  /**
   * Reads these instants next, one per reading, then keeps reading the last: a clock that steps
   * back between two readings, as an NTP step does.
   */
  public void readNext(Instant... instants) {
    readings.addAll(List.of(instants));
  }

  @Override
  public Instant instant() {
    Instant next = readings.poll();
    if (next != null) {
      now = next;
    }
    return now;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("tests use UTC");
  }
}
