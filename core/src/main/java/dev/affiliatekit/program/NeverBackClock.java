package dev.affiliatekit.program;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A program's clock as its attributor reads it, and as the program reads it to stamp a touch:
 * never earlier than a reading it gave before. A touch the program stamps now is then never in
 * the future of the attributor's next reading, which checks it, when the host's clock steps back
 * in between.
 */
final class NeverBackClock extends Clock {

  private final Clock clock;
  private final AtomicReference<Instant> latest = new AtomicReference<>(Instant.MIN);

  NeverBackClock(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Instant instant() {
    Instant now = clock.instant();
    return latest.accumulateAndGet(now, (before, read) -> before.isAfter(read) ? before : read);
  }

  @Override
  public ZoneId getZone() {
    return clock.getZone();
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return new NeverBackClock(clock.withZone(zone));
  }

  @Override
  public String toString() {
    return "NeverBackClock[" + clock + "]";
  }
}
