package dev.affiliatekit.benchmarks.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affiliatekit.attribution.AttributionResult;
import dev.affiliatekit.attribution.Credit;
import dev.affiliatekit.attribution.Touchpoint;
import dev.affiliatekit.money.Money;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Checks that every implementation in {@link AttributionBenchmark} gives the same answers on the
 * benchmark's inputs, at 20,000 visitors.
 */
class AttributionBenchmarkTest {

  private static final int VISITORS = 20_000;

  private static final AttributionBenchmark BENCHMARK = new AttributionBenchmark();
  private static final AttributionBenchmark.Library LIBRARY = new AttributionBenchmark.Library();
  private static final AttributionBenchmark.Naive NAIVE = new AttributionBenchmark.Naive();
  private static final AttributionBenchmark.H2 H2 = new AttributionBenchmark.H2();

  @BeforeAll
  static void setUp() throws SQLException {
    LIBRARY.visitors = VISITORS;
    NAIVE.visitors = VISITORS;
    H2.visitors = VISITORS;
    LIBRARY.setUp();
    NAIVE.setUp();
    H2.setUp();
  }

  @AfterAll
  static void tearDown() throws SQLException {
    H2.tearDown();
  }

  @Test
  void lastTouch_everyImplementationAgrees() throws SQLException {
    AttributionBenchmark.Cursor[] cursors = cursors();
    int credited = 0;
    for (int i = 0; i < Journeys.CONVERSIONS; i++) {
      AttributionResult ours = BENCHMARK.lastTouch_affiliatekit(LIBRARY, cursors[0]);
      String naive = BENCHMARK.lastTouch_naive(NAIVE, cursors[1]);
      String h2 = BENCHMARK.lastTouch_h2(H2, cursors[2]);
      String expected = ours.isCredited() ? ours.credits().get(0).affiliateId() : null;
      assertThat(naive).isEqualTo(expected);
      assertThat(h2).isEqualTo(expected);
      credited += ours.isCredited() ? 1 : 0;
    }
    // Most conversions have a click in the window, and some do not.
    assertThat(credited).isBetween(Journeys.CONVERSIONS / 2, Journeys.CONVERSIONS - 1);
  }

  @Test
  void linear_everyImplementationAgrees_toTheCent() throws SQLException {
    AttributionBenchmark.Cursor[] cursors = cursors();
    int split = 0;
    for (int i = 0; i < Journeys.CONVERSIONS; i++) {
      AttributionResult ours = BENCHMARK.linear_affiliatekit(LIBRARY, cursors[0]);
      AttributionBenchmark.Split naive = BENCHMARK.linear_naive(NAIVE, cursors[1]);
      AttributionBenchmark.Split h2 = BENCHMARK.linear_h2(H2, cursors[2]);
      List<String> affiliates = ours.credits().stream().map(Credit::affiliateId).toList();
      List<Money> amounts = ours.credits().stream().map(Credit::amount).toList();
      assertThat(naive.affiliates()).isEqualTo(affiliates);
      assertThat(naive.amounts()).isEqualTo(amounts);
      assertThat(h2.affiliates()).isEqualTo(affiliates);
      assertThat(h2.amounts()).isEqualTo(amounts);
      split += ours.credits().size() > 1 ? 1 : 0;
    }
    assertThat(split).isPositive();
  }

  @Test
  void record_everyImplementationKeepsTheClicks() throws SQLException {
    AttributionBenchmark.Clicks clicks = new AttributionBenchmark.Clicks();
    clicks.visitors = 1_000;
    clicks.generate();
    try {
      clicks.empty();
      for (int i = 0; i < 5_000; i++) {
        assertThat(BENCHMARK.record_affiliatekit(clicks)).isEqualTo(i + 1);
      }
      clicks.empty();
      for (int i = 0; i < 5_000; i++) {
        assertThat(BENCHMARK.record_h2(clicks)).isEqualTo(1);
      }
      clicks.empty();
      for (int i = 0; i < 5_000; i++) {
        BENCHMARK.record_naive(clicks);
      }
      String visitor = clicks.visitorIds[0];
      List<String> naive = clicks.map.get(visitor).stream()
          .map(AttributionBenchmark.NaiveTouch::affiliateId).toList();
      clicks.empty();
      for (int i = 0; i < 5_000; i++) {
        BENCHMARK.record_affiliatekit(clicks);
      }
      assertThat(clicks.store.touchpoints(visitor)).extracting(Touchpoint::affiliateId)
          .isEqualTo(naive);
    } finally {
      clicks.tearDown();
    }
  }

  @Test
  void footprint_isUnderTwoFifthsOfTheNaiveStore() {
    // Each of the store's 64 stripes keeps a hash table and a partly filled arena chunk, about
    // 1 MiB in all, so the bytes per touch fall as the store grows: 64 at 20,000 visitors, 40 at
    // 100,000, 37 at a million. The naive store costs 111 at every size.
    AttributionFootprint.Footprint ours = AttributionFootprint.library(100_000);
    AttributionFootprint.Footprint naive = AttributionFootprint.naive(100_000);
    assertThat(ours.touches()).isEqualTo(naive.touches()).isEqualTo(300_000);
    assertThat(ours.bytesPerTouch()).isLessThan(naive.bytesPerTouch() / 2.5);
    assertThat(ours.bytesPerTouchWithoutIds()).isLessThan(ours.bytesPerTouch());
  }

  private static AttributionBenchmark.Cursor[] cursors() {
    return new AttributionBenchmark.Cursor[] {new AttributionBenchmark.Cursor(),
        new AttributionBenchmark.Cursor(), new AttributionBenchmark.Cursor()};
  }
}
