package dev.affiliatekit.program;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.function.LongSupplier;

/**
 * A program's clock as its attributor reads it: the host's clock, but while the attributor
 * records a touch the program stamped, on the thread that records it, never earlier than the
 * stamp. The attributor checks that a touch is not in the future of its clock, so a touch the
 * program stamped now passes that check even if the host's clock steps back in between; every
 * other reading is the host clock's own, so a host that sets its clock back records its next
 * touch at the earlier instant.
 */
final class StampedClock extends Clock {

  /** The stamp of the touch a thread records, and the clock it applies to. */
  private record Stamp(StampedClock clock, Instant at) {}

  private static final ThreadLocal<Stamp> STAMP = new ThreadLocal<>();

  private final Clock clock;

  StampedClock(Clock clock) {
    this.clock = clock;
  }

  /** {@return what the call returns, made with this clock never earlier than the stamp} */
  long atLeast(Instant stamped, LongSupplier call) {
    Stamp outer = STAMP.get();
    STAMP.set(new Stamp(this, stamped));
    try {
      return call.getAsLong();
    } finally {
      if (outer == null) {
        STAMP.remove();
      } else {
        STAMP.set(outer);
      }
    }
  }

  @Override
  public Instant instant() {
    Instant now = clock.instant();
    Stamp stamp = STAMP.get();
    return stamp != null && stamp.clock.equals(this) && stamp.at.isAfter(now) ? stamp.at : now;
  }

  @Override
  public ZoneId getZone() {
    return clock.getZone();
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return new StampedClock(clock.withZone(zone));
  }

  @Override
  public String toString() {
    return "StampedClock[" + clock + "]";
  }
}
