package dev.affiliatekit.benchmarks.ledger;

import dev.affiliatekit.ledger.Accrual;
import dev.affiliatekit.ledger.Adjustment;
import dev.affiliatekit.ledger.Entry;
import dev.affiliatekit.ledger.Ledger;
import dev.affiliatekit.ledger.PayoutBatch;
import dev.affiliatekit.ledger.PayoutRules;
import dev.affiliatekit.ledger.StatementLine;
import dev.affiliatekit.ledger.Transaction;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
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

/**
 * The payout ledger's hot paths: accruing commissions ({@code accrue}), releasing a million ended
 * holds in one posting ({@code release}), a payout run over a hundred thousand affiliates
 * ({@code payout}) and one for a single affiliate among them ({@code payoutOne}), and an
 * affiliate's statement in a ledger of a million accruals and a hundred
 * releases ({@code statement}, also against a scan of the journal, {@code _journalScan}, the way
 * the ledger found statements before it kept each affiliate's entries apart).
 *
 * <p>Each runs on this library's in-memory ledger ({@code _affiliatekit}) and on the baseline a
 * team would first write ({@code _h2}): an H2 in-memory database with a transaction, an entry and
 * an item table, balances summed over entries, a unique key for idempotency, one database
 * transaction per posting. Both get the same inputs, pre-generated from a fixed seed: accruals in
 * sale order, so that their holds are nearly sorted, as they are when a shop posts each sale as it
 * happens. {@code accrue} posts a batch of {@value #BATCH} accruals into a fresh ledger per
 * invocation and reports postings per second; {@code release} and {@code payout} time one posting
 * on a ledger prepared before each invocation, which JMH does not time. Those setups end with
 * {@code System.gc()}: a real ledger's million pending items are old objects, and promoting what
 * the setup just allocated would otherwise be timed as part of the posting. {@code payoutOne}
 * reports the average time of a run for one affiliate, taken in turn, on balances posted once per
 * trial; before each run, not timed, the affiliate's payable balance grows by the minimum, so that
 * every run pays one line.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar LedgerBenchmark -rf json}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class LedgerBenchmark {

  /** Accruals posted per invocation of {@code accrue}. */
  static final int BATCH = 1 << 16;
  private static final int AFFILIATES = 10_000;
  private static final long SEED = 0x5EED_2026L;
  static final Instant NOW = Instant.parse("2026-04-01T00:00:00Z");
  static final CurrencyUnit USD = CurrencyUnit.USD;
  static final Money MINIMUM = Money.parse("USD 50.00");

  /** Pending items that {@code release} releases at once. */
  @Param("1000000")
  int pendingItems;

  /** Affiliates with a payable balance for {@code payout}; about half reach the minimum. */
  @Param("100000")
  int payees;

  String[] accrualKeys;
  String[] accrualAffiliates;
  long[] accrualCents;
  Instant[] holds;
  Accrual[] accruals;
  String[] payeeIds;
  long[] payeeCents;

  /** Generates the accruals and the payable balances from a fixed seed. */
  @Setup(Level.Trial)
  public void generate() {
    SplittableRandom random = new SplittableRandom(SEED);
    int items = Math.max(BATCH, pendingItems);
    accrualKeys = new String[items];
    accrualAffiliates = new String[items];
    accrualCents = new long[items];
    holds = new Instant[items];
    accruals = new Accrual[items];
    for (int i = 0; i < items; i++) {
      accrualAffiliates[i] = "affiliate-" + random.nextInt(AFFILIATES);
      accrualKeys[i] = "order-" + i + "/" + accrualAffiliates[i];
      accrualCents[i] = random.nextLong(1, 10_001);
      // Sales come in time order over the 30 days before NOW, with holds ending a refund window
      // after each sale, so holds are in order but for a jitter of up to an hour; all have ended
      // at NOW.
      long second = Duration.ofDays(30).toSeconds() * i / items;
      holds[i] = NOW.minus(Duration.ofDays(30)).plusSeconds(second)
          .minusSeconds(random.nextLong(0, 3600));
      accruals[i] = new Accrual(accrualAffiliates[i], Money.ofMinor(accrualCents[i], USD),
          holds[i], "order-" + i, "plan-2026/rule-3", "10% of the order total");
    }
    payeeIds = new String[payees];
    payeeCents = new long[payees];
    for (int i = 0; i < payees; i++) {
      payeeIds[i] = "payee-" + i;
      payeeCents[i] = random.nextLong(1, 10_001);
    }
  }

  static Clock clock() {
    return Clock.fixed(NOW, ZoneOffset.UTC);
  }

  // ---- accrue ----

  /** A fresh, empty ledger for every batch of accruals. */
  @State(Scope.Thread)
  public static class EmptyLedger {
    Ledger ours;

    /** Creates the empty ledger. */
    @Setup(Level.Invocation)
    public void create() {
      ours = Ledger.inMemory(clock());
    }
  }

  /** A fresh H2 database for every batch of accruals. */
  @State(Scope.Thread)
  public static class EmptyH2 {
    H2Ledger h2;

    /** Creates the empty database. */
    @Setup(Level.Invocation)
    public void create() {
      h2 = new H2Ledger();
    }

    /** Closes it. */
    @TearDown(Level.Invocation)
    public void close() {
      h2.close();
    }
  }

  /**
   * Accrues {@value #BATCH} commissions, each its own posting.
   *
   * @param ledgers the empty ledger
   * @return the last transaction
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public Transaction accrue_affiliatekit(EmptyLedger ledgers) {
    Ledger ledger = ledgers.ours;
    Transaction last = null;
    for (int i = 0; i < BATCH; i++) {
      last = ledger.accrue(accrualKeys[i], accruals[i]);
    }
    return last;
  }

  /**
   * Accrues {@value #BATCH} commissions, each its own database transaction.
   *
   * @param ledgers the empty database
   * @return the database
   */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public Object accrue_h2(EmptyH2 ledgers) {
    H2Ledger h2 = ledgers.h2;
    for (int i = 0; i < BATCH; i++) {
      h2.accrue(accrualKeys[i], accrualAffiliates[i], "USD", accrualCents[i], holds[i], NOW);
    }
    return h2;
  }

  // ---- release ----

  /** Our ledger holding {@code pendingItems} items whose holds have all ended. */
  @State(Scope.Thread)
  public static class PendingOurs {
    Ledger ledger;

    /**
     * Accrues the items.
     *
     * @param inputs the generated accruals
     */
    @Setup(Level.Invocation)
    public void accrue(LedgerBenchmark inputs) {
      ledger = Ledger.inMemory(clock());
      for (int i = 0; i < inputs.pendingItems; i++) {
        ledger.accrue(inputs.accrualKeys[i], inputs.accruals[i]);
      }
      System.gc();
    }
  }

  /** The baseline holding {@code pendingItems} items whose holds have all ended. */
  @State(Scope.Thread)
  public static class PendingH2 {
    H2Ledger ledger;

    /**
     * Accrues the items.
     *
     * @param inputs the generated accruals
     */
    @Setup(Level.Invocation)
    public void accrue(LedgerBenchmark inputs) {
      ledger = new H2Ledger();
      ledger.load(inputs.accrualKeys, inputs.accrualAffiliates, inputs.accrualCents, inputs.holds,
          inputs.pendingItems, NOW);
      System.gc();
    }

    /** Closes the database. */
    @TearDown(Level.Invocation)
    public void close() {
      ledger.close();
    }
  }

  /**
   * Releases every pending item in one posting.
   *
   * @param pending the ledger with ended holds
   * @return the release transaction
   */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 3)
  @Measurement(iterations = 5)
  @Fork(1)
  public Transaction release_affiliatekit(PendingOurs pending) {
    return pending.ledger.release("release", NOW);
  }

  /**
   * Releases every pending item in one database transaction.
   *
   * @param pending the database with ended holds
   * @return the number of items released
   */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 3)
  @Measurement(iterations = 5)
  @Fork(1)
  public int release_h2(PendingH2 pending) {
    return pending.ledger.release("release", NOW, NOW);
  }

  // ---- payout ----

  /** Our ledger with a payable balance for each of {@code payees} affiliates. */
  @State(Scope.Thread)
  public static class PayableOurs {
    Ledger ledger;

    /**
     * Posts the balances.
     *
     * @param inputs the generated balances
     */
    @Setup(Level.Invocation)
    public void adjust(LedgerBenchmark inputs) {
      ledger = Ledger.inMemory(clock());
      for (int i = 0; i < inputs.payees; i++) {
        ledger.adjust("earned-" + i, new Adjustment(inputs.payeeIds[i],
            Money.ofMinor(inputs.payeeCents[i], USD), "commission"));
      }
      System.gc();
    }
  }

  /** The baseline with a payable balance for each of {@code payees} affiliates. */
  @State(Scope.Thread)
  public static class PayableH2 {
    H2Ledger ledger;

    /**
     * Posts the balances.
     *
     * @param inputs the generated balances
     */
    @Setup(Level.Invocation)
    public void adjust(LedgerBenchmark inputs) {
      ledger = new H2Ledger();
      for (int i = 0; i < inputs.payees; i++) {
        ledger.adjust("earned-" + i, inputs.payeeIds[i], "USD", inputs.payeeCents[i], NOW);
      }
      System.gc();
    }

    /** Closes the database. */
    @TearDown(Level.Invocation)
    public void close() {
      ledger.close();
    }
  }

  /**
   * Prepares a payout run over every affiliate with a payable balance.
   *
   * @param payable the ledger with payable balances
   * @return the batch
   */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 5)
  @Measurement(iterations = 10)
  @Fork(1)
  public PayoutBatch payout_affiliatekit(PayableOurs payable) {
    return payable.ledger.prepare("payout", NOW, PayoutRules.minimums(MINIMUM));
  }

  /**
   * Prepares a payout run over every affiliate with a payable balance.
   *
   * @param payable the database with payable balances
   * @return the lines
   */
  @Benchmark
  @BenchmarkMode(Mode.SingleShotTime)
  @OutputTimeUnit(TimeUnit.MILLISECONDS)
  @Warmup(iterations = 5)
  @Measurement(iterations = 10)
  @Fork(1)
  public List<H2Ledger.Line> payout_h2(PayableH2 payable) {
    return payable.ledger.prepare("payout", "USD", MINIMUM.minorUnits(), NOW);
  }

  // ---- payout of one affiliate ----

  /**
   * Our ledger with a payable balance for each of {@code payees} affiliates, made once per trial,
   * and before each invocation a payable balance of the minimum added to the next affiliate's, so
   * that the affiliate's run has a line to pay.
   */
  @State(Scope.Thread)
  public static class PayableOneOurs {
    Ledger ledger;
    String payee;
    int runs;

    /**
     * Posts the balances.
     *
     * @param inputs the generated balances
     */
    @Setup(Level.Trial)
    public void adjust(LedgerBenchmark inputs) {
      PayableOurs payable = new PayableOurs();
      payable.adjust(inputs);
      ledger = payable.ledger;
    }

    /**
     * Adds the minimum to the next affiliate's payable balance.
     *
     * @param inputs the generated balances
     */
    @Setup(Level.Invocation)
    public void topUp(LedgerBenchmark inputs) {
      payee = inputs.payeeIds[runs++ % inputs.payees];
      ledger.adjust("top-up-" + runs, new Adjustment(payee, MINIMUM, "commission"));
    }
  }

  /** The baseline's counterpart of {@link PayableOneOurs}. */
  @State(Scope.Thread)
  public static class PayableOneH2 {
    H2Ledger ledger;
    String payee;
    int runs;

    /**
     * Posts the balances.
     *
     * @param inputs the generated balances
     */
    @Setup(Level.Trial)
    public void adjust(LedgerBenchmark inputs) {
      PayableH2 payable = new PayableH2();
      payable.adjust(inputs);
      ledger = payable.ledger;
    }

    /**
     * Adds the minimum to the next affiliate's payable balance.
     *
     * @param inputs the generated balances
     */
    @Setup(Level.Invocation)
    public void topUp(LedgerBenchmark inputs) {
      payee = inputs.payeeIds[runs++ % inputs.payees];
      ledger.adjust("top-up-" + runs, payee, "USD", MINIMUM.minorUnits(), NOW);
    }

    /** Closes the database. */
    @TearDown(Level.Trial)
    public void close() {
      ledger.close();
    }
  }

  /**
   * Prepares a payout run for one affiliate among {@code payees}, such as one who asked to be paid
   * now.
   *
   * @param payable the ledger with payable balances
   * @return the batch
   */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public PayoutBatch payoutOne_affiliatekit(PayableOneOurs payable) {
    return payable.ledger.prepare("payout-" + payable.runs, NOW,
        PayoutRules.minimums(MINIMUM).onlyAffiliates(Set.of(payable.payee)));
  }

  /**
   * Prepares a payout run for one affiliate among {@code payees}, with a query of that affiliate's
   * entries.
   *
   * @param payable the database with payable balances
   * @return the lines
   */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public List<H2Ledger.Line> payoutOne_h2(PayableOneH2 payable) {
    return payable.ledger.prepare("payout-" + payable.runs, "USD", MINIMUM.minorUnits(), NOW,
        payable.payee);
  }

  // ---- statement ----

  /**
   * Our ledger holding {@code pendingItems} accruals, with a release of those accrued so far after
   * every {@value #RELEASE_EVERY}: a year's history, whose releases each book many affiliates.
   */
  @State(Scope.Benchmark)
  public static class History {
    Ledger ledger;
    int next;

    /**
     * Accrues and releases the items.
     *
     * @param inputs the generated accruals
     */
    @Setup(Level.Trial)
    public void accrue(LedgerBenchmark inputs) {
      ledger = Ledger.inMemory(clock());
      for (int i = 0; i < inputs.pendingItems; i++) {
        ledger.accrue(inputs.accrualKeys[i], inputs.accruals[i]);
        if ((i + 1) % RELEASE_EVERY == 0) {
          ledger.release("release-" + i, NOW);
        }
      }
    }

    /** {@return the next affiliate of the generated ones, round the {@value #AFFILIATES}} */
    String nextAffiliate() {
      next = (next + 1) % AFFILIATES;
      return "affiliate-" + next;
    }
  }

  /** Accruals between the releases of {@link History}. */
  static final int RELEASE_EVERY = 10_000;

  /** The baseline holding the same history as {@link History}: the same rows, the same releases. */
  @State(Scope.Benchmark)
  public static class HistoryH2 {
    H2Ledger ledger;
    int next;

    /**
     * Loads the accruals between releases, and releases them.
     *
     * @param inputs the generated accruals
     */
    @Setup(Level.Trial)
    public void accrue(LedgerBenchmark inputs) {
      ledger = new H2Ledger();
      for (int from = 0; from < inputs.pendingItems; from += RELEASE_EVERY) {
        int count = Math.min(RELEASE_EVERY, inputs.pendingItems - from);
        ledger.load(inputs.accrualKeys, inputs.accrualAffiliates, inputs.accrualCents,
            inputs.holds, from, count, NOW);
        if (count == RELEASE_EVERY) {
          ledger.release("release-" + (from + count - 1), NOW, NOW);
        }
      }
    }

    /** {@return the next affiliate of the generated ones, round the {@value #AFFILIATES}} */
    String nextAffiliate() {
      next = (next + 1) % AFFILIATES;
      return "affiliate-" + next;
    }

    /** Closes the database. */
    @TearDown(Level.Trial)
    public void close() {
      ledger.close();
    }
  }

  /**
   * An affiliate's whole statement, from the entries the ledger keeps per affiliate.
   *
   * @param history the ledger with its history
   * @return the lines
   */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public List<StatementLine> statement_affiliatekit(History history) {
    return history.ledger.statement(history.nextAffiliate(), Instant.MIN, Instant.MAX);
  }

  /**
   * The same statement as a scan of the whole journal finds it, as the ledger did before it kept
   * each affiliate's entries apart: the naive baseline.
   *
   * @param history the ledger with its history
   * @return the lines
   */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public List<StatementLine> statement_journalScan(History history) {
    return scannedStatement(history.ledger, history.nextAffiliate());
  }

  /**
   * The same statement from the baseline's tables: the affiliate's entries of each kind of account
   * through the index on kind and owner, with their transactions, in journal order.
   *
   * @param history the baseline with the same history
   * @return the lines
   */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public List<H2Ledger.StatementRow> statement_h2(HistoryH2 history) {
    return history.ledger.statement(history.nextAffiliate());
  }

  /** {@return an affiliate's statement found by scanning the whole journal} */
  static List<StatementLine> scannedStatement(Ledger ledger, String affiliateId) {
    List<StatementLine> lines = new ArrayList<>();
    for (Transaction transaction : ledger.journal()) {
      for (Entry entry : transaction.entries()) {
        if (!entry.account().kind().isBusiness()
            && entry.account().owner().equals(affiliateId)) {
          lines.add(new StatementLine(transaction.sequence(), transaction.key(),
              transaction.postedAt(), transaction.posting(), entry));
        }
      }
    }
    return lines;
  }
}
