package dev.affiliatekit.benchmarks.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affiliatekit.attribution.AttributionResult;
import dev.affiliatekit.attribution.Credit;
import dev.affiliatekit.attribution.Touchpoint;
import dev.affiliatekit.money.Money;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

  /** Batches go through every conversion once, in order, and wrap as single calls do. */
  @Test
  void lastTouch_batch_givesWhatOneCallAtATimeGives() {
    AttributionBenchmark.Cursor one = new AttributionBenchmark.Cursor();
    AttributionBenchmark.Cursor batches = new AttributionBenchmark.Cursor();
    int calls = Journeys.CONVERSIONS / AttributionBenchmark.BATCH + 2;
    for (int call = 0; call < calls; call++) {
      List<AttributionResult> batch = BENCHMARK.lastTouch_affiliatekitBatch(LIBRARY, batches);
      assertThat(batch).hasSize(AttributionBenchmark.BATCH);
      for (AttributionResult result : batch) {
        assertThat(result).isEqualTo(BENCHMARK.lastTouch_affiliatekit(LIBRARY, one));
      }
    }
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
  void lastTouch_explained_readsTheSameAttributionsExplanationAndTouches() {
    AttributionBenchmark.Cursor[] cursors = {new AttributionBenchmark.Cursor(),
        new AttributionBenchmark.Cursor()};
    int touches = 0;
    for (int i = 0; i < 1_000; i++) {
      AttributionResult result = BENCHMARK.lastTouch_affiliatekit(LIBRARY, cursors[0]);
      String text = result.describe();
      long read = text.length();
      for (Credit credit : result.credits()) {
        for (Touchpoint touch : credit.touchpoints()) {
          read = 31 * read + touch.sequence();
          touches++;
        }
      }
      assertThat(text).contains(result.conversion().orderId());
      assertThat(BENCHMARK.lastTouch_affiliatekitExplained(LIBRARY, cursors[1])).isEqualTo(read);
    }
    // Most results are credited, each to the touch that earned it.
    assertThat(touches).isGreaterThan(500);
  }

  @Test
  void record_everyImplementationStoresTheSameTouches_eachInvocationFromEmpty()
      throws SQLException {
    AttributionBenchmark.Clicks clicks = new AttributionBenchmark.Clicks();
    clicks.visitors = VISITORS;
    clicks.generate();
    AttributionBenchmark.LibraryStore library = new AttributionBenchmark.LibraryStore();
    AttributionBenchmark.NaiveStore naive = new AttributionBenchmark.NaiveStore();
    AttributionBenchmark.H2Store h2 = new AttributionBenchmark.H2Store();
    h2.create();
    try {
      // Two invocations each, as JMH runs them: the second starts from an empty store again.
      for (int invocation = 0; invocation < 2; invocation++) {
        library.empty();
        naive.empty();
        h2.empty();
        assertThat(BENCHMARK.record_affiliatekit(clicks, library))
            .isEqualTo(AttributionBenchmark.CLICKS);
        assertThat(BENCHMARK.record_naive(clicks, naive)).isSameAs(naive.map);
        assertThat(BENCHMARK.record_h2(clicks, h2)).isEqualTo(AttributionBenchmark.CLICKS);
      }
      assertThat(library.store.size()).isEqualTo(AttributionBenchmark.CLICKS);
      Map<String, List<String>> fromH2 = new HashMap<>();
      int rows = 0;
      try (Statement statement = h2.connection.createStatement();
          ResultSet row = statement.executeQuery(
              "SELECT visitor_id, affiliate_id, at, seq FROM touch ORDER BY seq")) {
        while (row.next()) {
          fromH2.computeIfAbsent(row.getString(1), key -> new ArrayList<>())
              .add(row.getString(2) + "@" + row.getLong(3) + "#" + row.getLong(4));
          rows++;
        }
      }
      assertThat(rows).isEqualTo(AttributionBenchmark.CLICKS);
      assertThat(naive.map.keySet()).isEqualTo(fromH2.keySet());
      // Many visitors, some with several clicks.
      assertThat(naive.map).hasSizeGreaterThan(AttributionBenchmark.CLICKS / 10)
          .hasSizeLessThan(AttributionBenchmark.CLICKS);
      for (Map.Entry<String, List<AttributionBenchmark.NaiveTouch>> visitor
          : naive.map.entrySet()) {
        List<String> fromNaive = visitor.getValue().stream().map(touch -> touch.affiliateId()
            + "@" + AttributionBenchmark.nanos(touch.instant()) + "#" + touch.sequence())
            .toList();
        List<String> fromLibrary = library.store.touchpoints(visitor.getKey()).stream()
            .map(touch -> touch.affiliateId() + "@" + AttributionBenchmark.nanos(touch.instant())
                + "#" + touch.sequence())
            .toList();
        assertThat(fromLibrary).as(visitor.getKey()).isEqualTo(fromNaive);
        assertThat(fromH2.get(visitor.getKey())).as(visitor.getKey()).isEqualTo(fromNaive);
      }
    } finally {
      h2.tearDown();
    }
  }

  @Test
  void footprint_isUnderTwoFifthsOfTheNaiveStore() {
    // Each of the store's 64 stripes keeps a hash table and a partly filled arena chunk, so the
    // bytes per touch fall as the store grows: 59.6 at 10,000 visitors, 33.6 at 100,000, 31.3 at
    // a million (benchmarks/results/2026-11-26-jdk17-epyc-zen5-attribution-footprint.txt). The
    // naive store costs about 111 at every size.
    AttributionFootprint.Footprint ours = AttributionFootprint.library(100_000);
    AttributionFootprint.Footprint naive = AttributionFootprint.naive(100_000);
    assertThat(ours.touches()).isEqualTo(naive.touches()).isEqualTo(300_000);
    assertThat(ours.bytesPerTouch()).isLessThan(naive.bytesPerTouch() / 2.5);
    assertThat(ours.bytesPerTouchWithoutIds()).isLessThan(ours.bytesPerTouch());
  }

  @Test
  void footprint_leanNaive_holdsEveryTouch_inLessThanTheNaiveStore() {
    AttributionFootprint.Footprint naive = AttributionFootprint.naive(20_000);
    AttributionFootprint.Footprint lean = AttributionFootprint.leanNaive(20_000);
    assertThat(lean.touches()).isEqualTo(naive.touches()).isEqualTo(60_000);
    assertThat(lean.visitors()).isEqualTo(naive.visitors());
    assertThat(lean.bytesPerTouch()).isLessThan(naive.bytesPerTouch() * 0.75);
  }

  @Test
  void leanStore_keepsEachVisitorsTouches_inTheOrderRecorded_trimmedToSize() {
    Journeys journeys = new Journeys(1_000);
    Map<String, AttributionFootprint.LeanTouches> lean = AttributionFootprint.leanStore(journeys);
    Map<String, List<String>> expected = new HashMap<>();
    journeys.forEachTouch((visitor, affiliate, nanos, sequence) -> expected
        .computeIfAbsent(Journeys.visitorId(visitor), key -> new ArrayList<>())
        .add(journeys.affiliateId(affiliate) + "@" + nanos));
    assertThat(lean.keySet()).isEqualTo(expected.keySet());
    for (Map.Entry<String, AttributionFootprint.LeanTouches> visitor : lean.entrySet()) {
      AttributionFootprint.LeanTouches touches = visitor.getValue();
      List<String> kept = new ArrayList<>();
      for (int i = 0; i < touches.size(); i++) {
        kept.add(touches.affiliateId(i) + "@" + touches.epochNanos(i));
      }
      assertThat(kept).as(visitor.getKey()).isEqualTo(expected.get(visitor.getKey()));
      assertThat(touches.capacity()).isEqualTo(touches.size());
    }
  }

  private static AttributionBenchmark.Cursor[] cursors() {
    return new AttributionBenchmark.Cursor[] {new AttributionBenchmark.Cursor(),
        new AttributionBenchmark.Cursor(), new AttributionBenchmark.Cursor()};
  }
}
