package dev.affiliatekit.benchmarks.attribution;

import dev.affiliatekit.attribution.AffiliateDirectory;
import dev.affiliatekit.attribution.AffiliateIdentity;
import dev.affiliatekit.attribution.AttributionModel;
import dev.affiliatekit.attribution.AttributionPolicy;
import dev.affiliatekit.attribution.AttributionResult;
import dev.affiliatekit.attribution.AttributionWindow;
import dev.affiliatekit.attribution.Attributor;
import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.Credit;
import dev.affiliatekit.attribution.Touchpoint;
import dev.affiliatekit.attribution.TouchpointKind;
import dev.affiliatekit.attribution.TouchpointStore;
import dev.affiliatekit.money.Money;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Attribution on a store of {@code visitors} visitors with about three clicks each, spread over 45
 * days, and random conversions during the last day with a 30-day click window: {@code lastTouch}
 * (who gets the credit) and {@code linear} (credit and money split equally among the clicks), and
 * {@code record} (a click recorded). {@code lastTouch_affiliatekitExplained} also reads what the
 * library builds only when asked: the explanation's text and the credits' touches.
 *
 * <p>{@code record} reports clicks per second: each invocation records the same {@value #CLICKS}
 * distinct clicks, in time order, into a store made empty before it, outside the measurement, so
 * that every implementation ends each invocation holding the same touches. H2 inserts each click
 * through one statement prepared per trial, and commits each, as a host recording a click per
 * request would; it does not batch, as the others do not.
 *
 * <p>Implementations: this library ({@code _affiliatekit}: {@link TouchpointStore#inMemory()} and
 * {@link Attributor#evaluate}, which also checks every affiliate in the directory and explains
 * itself); an H2 in-memory database with an indexed table and the equivalent SQL through prepared
 * statements ({@code _h2}); and a {@code HashMap<String, List<Touch>>} scanned per conversion
 * ({@code _naive}). Each implementation has its own state, so running one builds only its store.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar AttributionBenchmark -prof gc -rf
 * json}; for the growth from 10^4 to 10^7 visitors: {@code java -jar
 * benchmarks/target/benchmarks.jar 'AttributionBenchmark.lastTouch_affiliatekit' -p
 * visitors=10000,100000,1000000,10000000}. The heap bytes per stored touch: {@code java -cp
 * benchmarks/target/benchmarks.jar dev.affiliatekit.benchmarks.attribution.AttributionFootprint
 * 1000000}.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
// The heap is touched before the run, as a host's is once it has run for a while: the first
// touches of a 2 GB heap's pages fell in the measured iterations of the methods that allocate,
// which slowed from 1.2 M to 0.47 M attributions per second within a fork.
@Fork(value = 2, jvmArgsAppend = {"-Xms2g", "-Xmx8g", "-XX:+AlwaysPreTouch"})
public class AttributionBenchmark {

  /** The conversions of one call of the batch benchmarks; divides {@link Journeys#CONVERSIONS}. */
  static final int BATCH = 64;

  /** The cursor into the conversions or touches, one per thread. */
  @State(Scope.Thread)
  public static class Cursor {
    private int index;

    int next() {
      return index++ & Journeys.CONVERSION_MASK;
    }

    /** {@return the first of the next {@value #BATCH} conversions, all within the array} */
    int nextBatch() {
      int first = index & Journeys.CONVERSION_MASK;
      index += BATCH;
      return first;
    }
  }

  /** This library: the in-memory store and an attributor with the window as the baselines. */
  @State(Scope.Benchmark)
  public static class Library {
    @Param("1000000")
    public int visitors;

    TouchpointStore store;
    Attributor lastTouch;
    Attributor linear;
    Conversion[] conversions;
    List<Conversion> conversionList;

    /** Records every touch and prepares the conversions. */
    @Setup(Level.Trial)
    public void setUp() {
      Journeys journeys = new Journeys(visitors);
      store = TouchpointStore.inMemory();
      journeys.forEachTouch((visitor, affiliate, nanos, sequence) -> store.record(
          Touchpoint.click(Journeys.visitorId(visitor), journeys.affiliateId(affiliate),
              Journeys.instant(nanos))));
      AffiliateDirectory.Builder directory = AffiliateDirectory.builder();
      for (int i = 0; i < Journeys.AFFILIATES; i++) {
        directory.add(AffiliateIdentity.active(journeys.affiliateId(i)));
      }
      AffiliateDirectory affiliates = directory.build();
      Clock clock = Clock.fixed(Journeys.NOW, ZoneOffset.UTC);
      // Every click counts, as in the baselines: repeated clicks of one affiliate are not merged.
      AttributionPolicy policy = AttributionPolicy.builder().mergeRepeatedTouches(false).build();
      AttributionWindow window = AttributionWindow.ofClicks(Journeys.LOOKBACK);
      lastTouch = Attributor.builder(store, affiliates).clock(clock).window(window).policy(policy)
          .model(AttributionModel.lastTouch()).build();
      linear = Attributor.builder(store, affiliates).clock(clock).window(window).policy(policy)
          .model(AttributionModel.linear()).build();
      conversions = new Conversion[Journeys.CONVERSIONS];
      for (int i = 0; i < Journeys.CONVERSIONS; i++) {
        Journeys.Conversion c = journeys.conversion(i);
        conversions[i] = Conversion.builder(c.orderId(), c.instant(), c.total())
            .visitorId(c.visitorId()).build();
      }
      conversionList = List.of(conversions);
    }
  }

  /** The naive baseline: every visitor's touches in a list, scanned per conversion. */
  @State(Scope.Benchmark)
  public static class Naive {
    @Param("1000000")
    public int visitors;

    Map<String, List<NaiveTouch>> touches;
    Journeys.Conversion[] conversions;

    /** Records every touch and prepares the conversions. */
    @Setup(Level.Trial)
    public void setUp() {
      Journeys journeys = new Journeys(visitors);
      touches = new HashMap<>();
      journeys.forEachTouch((visitor, affiliate, nanos, sequence) -> touches
          .computeIfAbsent(Journeys.visitorId(visitor), key -> new ArrayList<>())
          .add(new NaiveTouch(journeys.affiliateId(affiliate), TouchpointKind.CLICK,
              Journeys.instant(nanos), sequence)));
      conversions = conversions(journeys);
    }
  }

  /** A touch as a hand-written store keeps it. */
  record NaiveTouch(String affiliateId, TouchpointKind kind, Instant instant, long sequence) {}

  /** The H2 baseline: an indexed table in an in-memory database, queried by prepared statements. */
  @State(Scope.Benchmark)
  public static class H2 {
    @Param("1000000")
    public int visitors;

    Connection connection;
    PreparedStatement lastTouch;
    PreparedStatement linear;
    Journeys.Conversion[] conversions;

    /** Loads every touch in batches and prepares the queries. */
    @Setup(Level.Trial)
    public void setUp() throws SQLException {
      Journeys journeys = new Journeys(visitors);
      connection = DriverManager.getConnection("jdbc:h2:mem:attribution" + System.nanoTime()
          + ";DB_CLOSE_DELAY=-1");
      createTable(connection);
      connection.setAutoCommit(false);
      try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
        long[] count = {0};
        journeys.forEachTouch((visitor, affiliate, nanos, sequence) -> {
          try {
            bind(insert, Journeys.visitorId(visitor), journeys.affiliateId(affiliate), nanos,
                sequence);
            insert.addBatch();
            if (++count[0] % 10_000 == 0) {
              insert.executeBatch();
            }
          } catch (SQLException e) {
            throw new IllegalStateException(e);
          }
        });
        insert.executeBatch();
      }
      connection.commit();
      connection.setAutoCommit(true);
      lastTouch = connection.prepareStatement("SELECT affiliate_id FROM touch"
          + " WHERE visitor_id = ? AND kind = 0 AND at BETWEEN ? AND ?"
          + " ORDER BY at DESC, seq DESC LIMIT 1");
      linear = connection.prepareStatement("SELECT affiliate_id, COUNT(*) FROM touch"
          + " WHERE visitor_id = ? AND kind = 0 AND at BETWEEN ? AND ?"
          + " GROUP BY affiliate_id ORDER BY MIN(at), MIN(seq)");
      conversions = conversions(journeys);
    }

    /** Closes the database. */
    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
      connection.close();
    }
  }

  static final String INSERT =
      "INSERT INTO touch (visitor_id, affiliate_id, kind, at, seq) VALUES (?, ?, 0, ?, ?)";

  static void createTable(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE touch (visitor_id VARCHAR(256) NOT NULL,"
          + " affiliate_id VARCHAR(256) NOT NULL, kind TINYINT NOT NULL, at BIGINT NOT NULL,"
          + " seq BIGINT NOT NULL)");
      statement.execute("CREATE INDEX touch_by_visitor ON touch (visitor_id, at)");
    }
  }

  static void bind(PreparedStatement insert, String visitor, String affiliate, long nanos,
      long sequence) throws SQLException {
    insert.setString(1, visitor);
    insert.setString(2, affiliate);
    insert.setLong(3, nanos);
    insert.setLong(4, sequence);
  }

  static Journeys.Conversion[] conversions(Journeys journeys) {
    Journeys.Conversion[] conversions = new Journeys.Conversion[Journeys.CONVERSIONS];
    for (int i = 0; i < Journeys.CONVERSIONS; i++) {
      conversions[i] = journeys.conversion(i);
    }
    return conversions;
  }

  /** An equal split: the affiliates, by first eligible click, and their amounts. */
  record Split(List<String> affiliates, List<Money> amounts) {}

  private static final Split NONE = new Split(List.of(), List.of());

  static long nanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }

  // ----- lastTouch -----

  /** {@return the attribution of the conversion at the cursor, by the last eligible click} */
  @Benchmark
  public AttributionResult lastTouch_affiliatekit(Library library, Cursor cursor) {
    return library.lastTouch.evaluate(library.conversions[cursor.next()]);
  }

  /**
   * Attributes the conversion at the cursor by its last eligible click, as {@link
   * #lastTouch_affiliatekit} does, and reads the explanation's text and every credit's touches,
   * which the result builds on first read.
   *
   * @param library the store and attributor
   * @param cursor the cursor into the conversions
   * @return a number made of the explanation's length and the sequence numbers of the credits'
   *     touches
   */
  @Benchmark
  public long lastTouch_affiliatekitExplained(Library library, Cursor cursor) {
    AttributionResult result = library.lastTouch.evaluate(library.conversions[cursor.next()]);
    long read = result.describe().length();
    for (Credit credit : result.credits()) {
      for (Touchpoint touch : credit.touchpoints()) {
        read = 31 * read + touch.sequence();
      }
    }
    return read;
  }

  /**
   * Attributes {@value #BATCH} conversions in a row with one call, as a host that drains a queue
   * of orders may, each by the last eligible click as {@link #lastTouch_affiliatekit} does.
   *
   * @param library the store and attributor
   * @param cursor the cursor into the conversions
   * @return the results
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public List<AttributionResult> lastTouch_affiliatekitBatch(Library library, Cursor cursor) {
    int first = cursor.nextBatch();
    return library.lastTouch.evaluateAll(library.conversionList.subList(first, first + BATCH));
  }

  /** {@return the affiliate of the last eligible click of the conversion at the cursor, or null} */
  @Benchmark
  public String lastTouch_naive(Naive naive, Cursor cursor) {
    return naiveLastTouch(naive, naive.conversions[cursor.next()]);
  }

  /**
   * Attributes {@value #BATCH} conversions in a row as {@link #lastTouch_naive} does each, for
   * {@link #lastTouch_affiliatekitBatch}: a loop over conversions lets the processor overlap the
   * memory reads of one with the work of the next on its own.
   *
   * @param naive the map and conversions
   * @param cursor the cursor into the conversions
   * @param affiliates where each conversion's affiliate goes
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public void lastTouch_naiveBatch(Naive naive, Cursor cursor, Blackhole affiliates) {
    int first = cursor.nextBatch();
    for (int i = first; i < first + BATCH; i++) {
      affiliates.consume(naiveLastTouch(naive, naive.conversions[i]));
    }
  }

  private static String naiveLastTouch(Naive naive, Journeys.Conversion conversion) {
    List<NaiveTouch> touches = naive.touches.get(conversion.visitorId());
    if (touches == null) {
      return null;
    }
    Instant earliest = conversion.instant().minus(Journeys.LOOKBACK);
    NaiveTouch last = null;
    for (NaiveTouch touch : touches) {
      if (touch.kind() == TouchpointKind.CLICK && !touch.instant().isAfter(conversion.instant())
          && !touch.instant().isBefore(earliest)
          && (last == null || touch.instant().isAfter(last.instant())
              || (touch.instant().equals(last.instant()) && touch.sequence() > last.sequence()))) {
        last = touch;
      }
    }
    return last == null ? null : last.affiliateId();
  }

  /** {@return the affiliate of the last eligible click of the conversion at the cursor, or null} */
  @Benchmark
  public String lastTouch_h2(H2 h2, Cursor cursor) throws SQLException {
    Journeys.Conversion conversion = h2.conversions[cursor.next()];
    long at = nanos(conversion.instant());
    h2.lastTouch.setString(1, conversion.visitorId());
    h2.lastTouch.setLong(2, at - Journeys.LOOKBACK.toNanos());
    h2.lastTouch.setLong(3, at);
    try (ResultSet rows = h2.lastTouch.executeQuery()) {
      return rows.next() ? rows.getString(1) : null;
    }
  }

  // ----- linear -----

  /** {@return the attribution of the conversion at the cursor, equally among eligible clicks} */
  @Benchmark
  public AttributionResult linear_affiliatekit(Library library, Cursor cursor) {
    return library.linear.evaluate(library.conversions[cursor.next()]);
  }

  /** {@return the conversion's total split equally among its eligible clicks, by affiliate} */
  @Benchmark
  public Split linear_naive(Naive naive, Cursor cursor) {
    Journeys.Conversion conversion = naive.conversions[cursor.next()];
    List<NaiveTouch> touches = naive.touches.get(conversion.visitorId());
    if (touches == null) {
      return NONE;
    }
    Instant earliest = conversion.instant().minus(Journeys.LOOKBACK);
    List<NaiveTouch> eligible = new ArrayList<>();
    for (NaiveTouch touch : touches) {
      if (touch.kind() == TouchpointKind.CLICK && !touch.instant().isAfter(conversion.instant())
          && !touch.instant().isBefore(earliest)) {
        eligible.add(touch);
      }
    }
    eligible.sort((a, b) -> a.instant().equals(b.instant())
        ? Long.compare(a.sequence(), b.sequence()) : a.instant().compareTo(b.instant()));
    Map<String, Long> counts = new LinkedHashMap<>();
    for (NaiveTouch touch : eligible) {
      counts.merge(touch.affiliateId(), 1L, Long::sum);
    }
    return split(conversion.total(), counts);
  }

  /** {@return the conversion's total split equally among its eligible clicks, by affiliate} */
  @Benchmark
  public Split linear_h2(H2 h2, Cursor cursor) throws SQLException {
    Journeys.Conversion conversion = h2.conversions[cursor.next()];
    long at = nanos(conversion.instant());
    h2.linear.setString(1, conversion.visitorId());
    h2.linear.setLong(2, at - Journeys.LOOKBACK.toNanos());
    h2.linear.setLong(3, at);
    Map<String, Long> counts = new LinkedHashMap<>();
    try (ResultSet rows = h2.linear.executeQuery()) {
      while (rows.next()) {
        counts.put(rows.getString(1), rows.getLong(2));
      }
    }
    return split(conversion.total(), counts);
  }

  private static Split split(Money total, Map<String, Long> counts) {
    if (counts.isEmpty()) {
      return NONE;
    }
    long[] weights = counts.values().stream().mapToLong(Long::longValue).toArray();
    return new Split(List.copyOf(counts.keySet()), total.allocate(weights));
  }

  // ----- record -----

  /** Clicks recorded per invocation of {@code record}: each a distinct click, in time order. */
  static final int CLICKS = 1 << 16;

  /**
   * The clicks to record, the same for every implementation: {@value #CLICKS} of them, one
   * millisecond apart, of random visitors among {@code visitors} on random affiliates' links.
   */
  @State(Scope.Benchmark)
  public static class Clicks {
    @Param("1000000")
    public int visitors;

    Touchpoint[] touchpoints;
    NaiveTouch[] naive;
    String[] visitorIds;

    /** Generates the clicks. */
    @Setup(Level.Trial)
    public void generate() {
      Journeys journeys = new Journeys(visitors);
      SplittableRandom random = new SplittableRandom(Journeys.SEED);
      touchpoints = new Touchpoint[CLICKS];
      naive = new NaiveTouch[CLICKS];
      visitorIds = new String[CLICKS];
      Instant start = Journeys.NOW.minus(Journeys.LOOKBACK);
      for (int i = 0; i < CLICKS; i++) {
        visitorIds[i] = Journeys.visitorId(random.nextInt(visitors));
        String affiliate = journeys.affiliateId(random.nextInt(Journeys.AFFILIATES));
        Instant at = start.plusMillis(i);
        touchpoints[i] = Touchpoint.builder(TouchpointKind.CLICK, visitorIds[i], affiliate, at)
            .channel(i % 3 == 0 ? "instagram" : "youtube").build();
        naive[i] = new NaiveTouch(affiliate, TouchpointKind.CLICK, at, i + 1L);
      }
    }
  }

  /** This library's store, empty before every invocation. */
  @State(Scope.Thread)
  public static class LibraryStore {
    TouchpointStore store;

    /** Makes a fresh, empty store, not timed. */
    @Setup(Level.Invocation)
    public void empty() {
      store = TouchpointStore.inMemory();
    }
  }

  /** The naive map of lists, empty before every invocation. */
  @State(Scope.Thread)
  public static class NaiveStore {
    Map<String, List<NaiveTouch>> map;

    /** Makes a fresh, empty map, not timed. */
    @Setup(Level.Invocation)
    public void empty() {
      map = new HashMap<>();
    }
  }

  /**
   * The H2 table, truncated before every invocation, and its insert, prepared once per trial. Each
   * insert commits on its own, as a host that records a click per request would.
   */
  @State(Scope.Thread)
  public static class H2Store {
    Connection connection;
    PreparedStatement insert;

    /** Creates the table and prepares the insert. */
    @Setup(Level.Trial)
    public void create() throws SQLException {
      connection = DriverManager.getConnection("jdbc:h2:mem:record" + System.nanoTime()
          + ";DB_CLOSE_DELAY=-1");
      createTable(connection);
      insert = connection.prepareStatement(INSERT);
    }

    /** Empties the table, not timed. */
    @Setup(Level.Invocation)
    public void empty() throws SQLException {
      try (Statement statement = connection.createStatement()) {
        statement.execute("TRUNCATE TABLE touch");
      }
    }

    /** Closes the database. */
    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
      connection.close();
    }
  }

  /**
   * Records every click into an empty store.
   *
   * @param clicks the clicks
   * @param empty the empty store
   * @return the sequence number of the last click recorded
   */
  @Benchmark
  @OperationsPerInvocation(CLICKS)
  public long record_affiliatekit(Clicks clicks, LibraryStore empty) {
    TouchpointStore store = empty.store;
    Touchpoint[] touchpoints = clicks.touchpoints;
    long last = 0;
    for (int i = 0; i < CLICKS; i++) {
      last = store.record(touchpoints[i]);
    }
    return last;
  }

  /**
   * Adds every click to the visitor's list in an empty map.
   *
   * @param clicks the clicks
   * @param empty the empty map
   * @return the map
   */
  @Benchmark
  @OperationsPerInvocation(CLICKS)
  public Map<String, List<NaiveTouch>> record_naive(Clicks clicks, NaiveStore empty) {
    Map<String, List<NaiveTouch>> map = empty.map;
    for (int i = 0; i < CLICKS; i++) {
      map.computeIfAbsent(clicks.visitorIds[i], key -> new ArrayList<>()).add(clicks.naive[i]);
    }
    return map;
  }

  /**
   * Inserts every click into the empty table, one statement and one commit per click.
   *
   * @param clicks the clicks
   * @param empty the empty table
   * @return the number of rows inserted
   * @throws SQLException if the database fails
   */
  @Benchmark
  @OperationsPerInvocation(CLICKS)
  public int record_h2(Clicks clicks, H2Store empty) throws SQLException {
    PreparedStatement insert = empty.insert;
    int rows = 0;
    for (int i = 0; i < CLICKS; i++) {
      NaiveTouch touch = clicks.naive[i];
      bind(insert, clicks.visitorIds[i], touch.affiliateId(), nanos(touch.instant()),
          touch.sequence());
      rows += insert.executeUpdate();
    }
    return rows;
  }
}
