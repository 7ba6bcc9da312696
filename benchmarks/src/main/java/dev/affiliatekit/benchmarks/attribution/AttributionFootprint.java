package dev.affiliatekit.benchmarks.attribution;

import dev.affiliatekit.attribution.Touchpoint;
import dev.affiliatekit.attribution.TouchpointKind;
import dev.affiliatekit.attribution.TouchpointStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jol.info.GraphLayout;

/**
 * Measures, with JOL, the heap bytes per stored touch of the benchmark's stores: everything
 * reachable from the in-memory {@link TouchpointStore}, from the naive map of lists that {@link
 * AttributionBenchmark} scans, and from a leaner hand-written map, divided by the number of
 * touches. The lean map keeps each visitor's touches as an affiliate id and epoch nanoseconds in
 * two arrays trimmed to size, without the naive store's {@code Instant}, kind and sequence per
 * touch. The visitor ids are part of what a store holds, so they are counted; the line of the
 * library's store says how much of it they are.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar
 * dev.affiliatekit.benchmarks.attribution.AttributionFootprint 1000000}
 */
public final class AttributionFootprint {

  static {
    // JOL cannot read field offsets of records through Unsafe on Java 17 without this switch.
    System.setProperty("jol.magicFieldOffset", "true");
  }

  private AttributionFootprint() {}

  /** The bytes of one store. */
  record Footprint(long touches, long visitors, long bytes, long visitorIdBytes) {

    double bytesPerTouch() {
      return (double) bytes / touches;
    }

    double bytesPerTouchWithoutIds() {
      return (double) (bytes - visitorIdBytes) / touches;
    }
  }

  /**
   * Prints the footprint of both stores for each visitor count given.
   *
   * @param args visitor counts; 1,000,000 if none
   */
  public static void main(String[] args) {
    String[] counts = args.length == 0 ? new String[] {"1000000"} : args;
    for (String count : counts) {
      int visitors = Integer.parseInt(count);
      Footprint ours = library(visitors);
      System.out.printf("affiliatekit %,d visitors, %,d touches: %.1f bytes per touch, "
              + "%.1f without the visitor ids' bytes%n", visitors, ours.touches(),
          ours.bytesPerTouch(), ours.bytesPerTouchWithoutIds());
      if (visitors <= 1_000_000) {
        Footprint naive = naive(visitors);
        System.out.printf("naive        %,d visitors, %,d touches: %.1f bytes per touch%n",
            visitors, naive.touches(), naive.bytesPerTouch());
        Footprint lean = leanNaive(visitors);
        System.out.printf("lean naive   %,d visitors, %,d touches: %.1f bytes per touch%n",
            visitors, lean.touches(), lean.bytesPerTouch());
      }
    }
  }

  /** {@return the footprint of the in-memory store holding the benchmark's touches} */
  static Footprint library(int visitors) {
    Journeys journeys = new Journeys(visitors);
    TouchpointStore store = TouchpointStore.inMemory();
    journeys.forEachTouch((visitor, affiliate, nanos, sequence) -> store.record(
        Touchpoint.click(Journeys.visitorId(visitor), journeys.affiliateId(affiliate),
            Journeys.instant(nanos))));
    long bytes = GraphLayout.parseInstance(store).totalSize();
    long affiliateBytes = GraphLayout.parseInstance((Object[]) affiliateIds(journeys)).totalSize();
    // The store holds each visitor id once as bytes with a 2-byte header (Latin-1 here).
    long idBytes = 0;
    long seen = 0;
    boolean[] present = new boolean[visitors];
    journeys.forEachTouch((visitor, affiliate, nanos, sequence) -> present[visitor] = true);
    for (int v = 0; v < visitors; v++) {
      if (present[v]) {
        idBytes += Journeys.visitorId(v).length();
        seen++;
      }
    }
    return new Footprint(store.size(), seen, bytes - affiliateBytes, idBytes);
  }

  private static String[] affiliateIds(Journeys journeys) {
    String[] ids = new String[Journeys.AFFILIATES];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = journeys.affiliateId(i);
    }
    return ids;
  }

  /** {@return the footprint of the naive map of lists holding the benchmark's touches} */
  static Footprint naive(int visitors) {
    Journeys journeys = new Journeys(visitors);
    Map<String, List<AttributionBenchmark.NaiveTouch>> map = new HashMap<>();
    long[] touches = {0};
    journeys.forEachTouch((visitor, affiliate, nanos, sequence) -> {
      map.computeIfAbsent(Journeys.visitorId(visitor), key -> new ArrayList<>())
          .add(new AttributionBenchmark.NaiveTouch(journeys.affiliateId(affiliate),
              TouchpointKind.CLICK, Journeys.instant(nanos), sequence));
      touches[0]++;
    });
    long bytes = GraphLayout.parseInstance(map).totalSize();
    long affiliateBytes = GraphLayout.parseInstance((Object[]) affiliateIds(journeys)).totalSize();
    return new Footprint(touches[0], map.size(), bytes - affiliateBytes, 0);
  }

  /**
   * A visitor's touches as a simple hand-written store keeps them: the affiliate ids and the epoch
   * nanoseconds in two parallel arrays, in the order recorded, which is time order.
   */
  static final class LeanTouches {
    private String[] affiliateIds = new String[2];
    private long[] epochNanos = new long[2];
    private int size;

    /** Appends a touch, growing the arrays by half when full. */
    void add(String affiliateId, long nanos) {
      if (size == epochNanos.length) {
        int capacity = size + (size >> 1) + 1;
        affiliateIds = Arrays.copyOf(affiliateIds, capacity);
        epochNanos = Arrays.copyOf(epochNanos, capacity);
      }
      affiliateIds[size] = affiliateId;
      epochNanos[size] = nanos;
      size++;
    }

    /** Shrinks the arrays to the touches held. */
    void trim() {
      if (size < epochNanos.length) {
        affiliateIds = Arrays.copyOf(affiliateIds, size);
        epochNanos = Arrays.copyOf(epochNanos, size);
      }
    }

    /** {@return the number of touches held} */
    int size() {
      return size;
    }

    /** {@return the length of the arrays} */
    int capacity() {
      return epochNanos.length;
    }

    /** {@return the affiliate id of touch {@code i}} */
    String affiliateId(int i) {
      return affiliateIds[i];
    }

    /** {@return the epoch nanoseconds of touch {@code i}} */
    long epochNanos(int i) {
      return epochNanos[i];
    }
  }

  /** {@return the lean map holding the benchmark's touches, each visitor's arrays trimmed} */
  static Map<String, LeanTouches> leanStore(Journeys journeys) {
    Map<String, LeanTouches> map = new HashMap<>();
    journeys.forEachTouch((visitor, affiliate, nanos, sequence) -> map
        .computeIfAbsent(Journeys.visitorId(visitor), key -> new LeanTouches())
        .add(journeys.affiliateId(affiliate), nanos));
    for (LeanTouches touches : map.values()) {
      touches.trim();
    }
    return map;
  }

  /** {@return the footprint of the lean map holding the benchmark's touches} */
  static Footprint leanNaive(int visitors) {
    Journeys journeys = new Journeys(visitors);
    Map<String, LeanTouches> map = leanStore(journeys);
    long touches = 0;
    for (LeanTouches visitor : map.values()) {
      touches += visitor.size();
    }
    long bytes = GraphLayout.parseInstance(map).totalSize();
    long affiliateBytes = GraphLayout.parseInstance((Object[]) affiliateIds(journeys)).totalSize();
    return new Footprint(touches, map.size(), bytes - affiliateBytes, 0);
  }
}
