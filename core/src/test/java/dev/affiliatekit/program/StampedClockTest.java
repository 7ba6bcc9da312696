package dev.affiliatekit.program;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affiliatekit.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StampedClockTest {

  private static final Instant STAMP = Instant.parse("2026-03-01T12:00:00Z");

  /**
   * Regression: the raised reading lasted the whole call, so a host store that called back into
   * the program while the touch was recorded read it too.
   */
  @Test
  void atLeast_raisesTheFirstReadingOnly_ofThisClock_onThisThread() {
    TestClock host = new TestClock(STAMP.minus(Duration.ofMinutes(10)));
    StampedClock clock = new StampedClock(host);
    StampedClock other = new StampedClock(host);
    Instant[] readings = new Instant[3];

    long returned = clock.atLeast(STAMP, () -> {
      readings[0] = other.instant();
      readings[1] = clock.instant();
      readings[2] = clock.instant();
      return 7;
    });

    assertThat(returned).isEqualTo(7);
    assertThat(readings).containsExactly(host.instant(), STAMP, host.instant());
    assertThat(clock.instant()).isEqualTo(host.instant());
  }

  @Test
  void atLeast_neverLowersAReading() {
    TestClock host = new TestClock(STAMP.plusSeconds(1));
    StampedClock clock = new StampedClock(host);
    Instant[] read = new Instant[1];
    clock.atLeast(STAMP, () -> {
      read[0] = clock.instant();
      return 0;
    });
    assertThat(read[0]).isEqualTo(STAMP.plusSeconds(1));
  }
}
