package dev.affiliatekit.program;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.function.LongSupplier;

/**
 * A program's clock as its attributor reads it: the host's clock, but for the first reading the
 * attributor makes while it records a touch the program stamped, on the thread that records it,
 * never earlier than the stamp. That reading is the one with which the attributor checks that
 * the touch is not in the future, so a touch the program stamped now passes the check even if the
 * host's clock steps back in between. Every other reading is the host clock's own: so a host that
 * sets its clock back records its next touch at the earlier instant, and a host store that calls
 * back into the program while the touch is recorded reads the host's clock.
 */
final class StampedClock extends Clock {

  /** The stamp of the touch a thread records, the clock it applies to, and whether it was read. */
  private static final class Stamp {
    final StampedClock clock;
    final Instant at;
    boolean read;

    Stamp(StampedClock clock, Instant at) {
      this.clock = clock;
      this.at = at;
    }
  }

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
    if (stamp == null || stamp.read || !stamp.clock.equals(this)) {
      return now;
    }
    stamp.read = true;
    return stamp.at.isAfter(now) ? stamp.at : now;
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
