package dev.affiliatekit.program;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.List;

/**
 * A clock that reads the instants it is given, one per reading, then keeps reading the last: a
 * clock that steps back between two readings, as an NTP step does.
 */
final class ScriptedClock extends Clock {
  private final ArrayDeque<Instant> readings = new ArrayDeque<>();
  private Instant last;

  ScriptedClock(Instant start) {
    this.last = start;
  }

  /** Reads these instants next, in order. */
  synchronized void then(Instant... instants) {
    readings.addAll(List.of(instants));
  }

  @Override
  public synchronized Instant instant() {
    if (!readings.isEmpty()) {
      last = readings.poll();
    }
    return last;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
