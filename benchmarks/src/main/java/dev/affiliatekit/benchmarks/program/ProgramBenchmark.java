package dev.affiliatekit.benchmarks.program;

import dev.affiliatekit.attribution.AffiliateDirectory;
import dev.affiliatekit.attribution.AffiliateIdentity;
import dev.affiliatekit.attribution.AttributionResult;
import dev.affiliatekit.attribution.Attributor;
import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.Credit;
import dev.affiliatekit.attribution.LineItem;
import dev.affiliatekit.attribution.Touchpoint;
import dev.affiliatekit.attribution.TouchpointKind;
import dev.affiliatekit.attribution.TouchpointStore;
import dev.affiliatekit.commission.AffiliateProfile;
import dev.affiliatekit.commission.CommissionContext;
import dev.affiliatekit.commission.CommissionPlan;
import dev.affiliatekit.commission.CommissionQuote;
import dev.affiliatekit.commission.CommissionRule;
import dev.affiliatekit.ledger.Accrual;
import dev.affiliatekit.ledger.Ledger;
import dev.affiliatekit.ledger.Transaction;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import dev.affiliatekit.program.AffiliateProgram;
import dev.affiliatekit.program.ConversionOutcome;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the {@code AffiliateProgram} façade costs over wiring its parts by hand: a click and a
 * conversion, attributed, quoted with its explanation and accrued in the ledger; and what building
 * a program over a ledger that holds a million orders costs ({@code build}).
 *
 * <p>{@code conversion_program} records each click and conversion through the façade, which also
 * checks codes, keeps idempotency keys, orders and performance, and tells its (no) listeners.
 * {@code conversion_handWired} is the baseline a team would write from the parts: it records the
 * touch with the attributor, attributes, quotes each credit with the plan and accrues the quote
 * with its explanation in the ledger, with nothing else. Both get the same {@value #BATCH} clicks
 * and orders per invocation, pre-generated from a fixed seed, in a program or parts made fresh
 * before each invocation (not timed), and report conversions per second.
 *
 * <p>{@code build_program} builds a program over a ledger of {@value #ORDERS_BEFORE} accruals,
 * each of its own order, as a service does when it restarts over a kept ledger. The baseline,
 * {@code build_journalScan}, builds the same program and also reads the journal for the id of
 * every order in it, which is how a program told the orders recorded before it was built until it
 * asked the ledger for an order's items instead. Both report the average time of a build.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ProgramBenchmark -rf json}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class ProgramBenchmark {

  /** Clicks and conversions recorded per invocation. */
  static final int BATCH = 1 << 12;
  static final int AFFILIATES = 64;
  private static final long SEED = 0x5EED_0007L;
  static final Instant NOW = Instant.parse("2026-03-15T10:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final CommissionPlan PLAN = CommissionPlan.builder()
      .rule(CommissionRule.percentage("creators", Rate.parse("12.5%")))
      .build();
  static final Duration HOLD = Duration.ofDays(30);

  String[] affiliates;
  String[] codes;
  String[] visitors;
  int[] affiliateOf;
  Conversion[] orders;

  /** Generates the clicks and orders: each visitor clicks one creator's code and buys. */
  @Setup(Level.Trial)
  public void generate() {
    SplittableRandom random = new SplittableRandom(SEED);
    affiliates = new String[AFFILIATES];
    codes = new String[AFFILIATES];
    for (int a = 0; a < AFFILIATES; a++) {
      affiliates[a] = "creator-" + a;
      codes[a] = "CREATOR" + a;
    }
    visitors = new String[BATCH];
    affiliateOf = new int[BATCH];
    orders = new Conversion[BATCH];
    for (int i = 0; i < BATCH; i++) {
      visitors[i] = "visitor-" + Long.toHexString(random.nextLong());
      affiliateOf[i] = random.nextInt(AFFILIATES);
      Money price = Money.ofMinor(random.nextLong(500, 50_000), CurrencyUnit.USD);
      orders[i] = Conversion.builder("order-" + i, NOW,
              price.plus(Money.ofMinor(500, CurrencyUnit.USD)))
          .visitorId(visitors[i])
          .lineItem(LineItem.of("serum", "SKIN_CARE", 1, price))
          .shipping(Money.ofMinor(500, CurrencyUnit.USD))
          .build();
    }
  }

  /** A program with every creator enrolled, made before each invocation. */
  @State(Scope.Thread)
  public static class FreshProgram {
    AffiliateProgram program;

    /** Makes the program and enrolls the creators. */
    @Setup(Level.Invocation)
    public void create(ProgramBenchmark inputs) {
      program = AffiliateProgram.builder().plan(PLAN).holdPeriod(HOLD).clock(CLOCK).build();
      for (int a = 0; a < AFFILIATES; a++) {
        program.enroll(AffiliateProfile.of(inputs.affiliates[a]), inputs.codes[a]);
      }
    }
  }

  /** The parts the façade wires, wired by hand, made before each invocation. */
  @State(Scope.Thread)
  public static class FreshParts {
    Attributor attributor;
    Ledger ledger;
    CommissionContext[] contexts;

    /** Makes the parts with a directory of the creators and their codes. */
    @Setup(Level.Invocation)
    public void create(ProgramBenchmark inputs) {
      AffiliateDirectory.Builder directory = AffiliateDirectory.builder();
      contexts = new CommissionContext[AFFILIATES];
      for (int a = 0; a < AFFILIATES; a++) {
        directory.add(AffiliateIdentity.active(inputs.affiliates[a]), inputs.codes[a]);
        contexts[a] = CommissionContext.of(AffiliateProfile.of(inputs.affiliates[a]));
      }
      attributor = Attributor.builder(TouchpointStore.inMemory(), directory.build())
          .clock(CLOCK).build();
      ledger = Ledger.inMemory(CLOCK);
    }
  }

  /** Orders whose commissions the ledger of {@link Recorded} holds. */
  static final int ORDERS_BEFORE = 1_000_000;

  /** A ledger holding the commissions of {@link #ORDERS_BEFORE} orders, made once per trial. */
  @State(Scope.Benchmark)
  public static class Recorded {
    Ledger ledger;
    int orders = ORDERS_BEFORE;

    /** Accrues a commission for each order, in a fresh in-memory ledger. */
    @Setup(Level.Trial)
    public void accrue(ProgramBenchmark inputs) {
      SplittableRandom random = new SplittableRandom(SEED);
      ledger = Ledger.inMemory(CLOCK);
      for (int i = 0; i < orders; i++) {
        String affiliate = inputs.affiliates[random.nextInt(AFFILIATES)];
        String order = "before-" + i;
        ledger.accrue("order:" + order + "/" + affiliate, new Accrual(affiliate,
            Money.ofMinor(random.nextLong(1, 10_001), CurrencyUnit.USD), NOW.plus(HOLD), order,
            "rules:creators", "12.5% of the order"));
      }
    }
  }

  /** Builds a program over the recorded ledger; returns it. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public AffiliateProgram build_program(Recorded recorded) {
    return AffiliateProgram.builder().plan(PLAN).holdPeriod(HOLD).clock(CLOCK)
        .ledger(recorded.ledger).build();
  }

  /**
   * Builds the same program and reads the id of every order in the ledger's journal, as a program
   * did when it was built; returns how many orders it found.
   */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public int build_journalScan(Recorded recorded) {
    build_program(recorded);
    return ordersIn(recorded.ledger).size();
  }

  /** {@return the ids of the orders whose commissions the ledger's journal holds} */
  static Set<String> ordersIn(Ledger ledger) {
    Set<String> orders = new HashSet<>();
    for (Transaction transaction : ledger.journal()) {
      if (transaction.posting() instanceof Accrual accrual) {
        orders.add(accrual.orderId());
      }
    }
    return orders;
  }

  /** Records the clicks and conversions through the façade; returns the commission accrued. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long conversion_program(FreshProgram state) {
    AffiliateProgram program = state.program;
    long total = 0;
    for (int i = 0; i < BATCH; i++) {
      program.recordClick(visitors[i], codes[affiliateOf[i]]);
      ConversionOutcome outcome = program.recordConversion(orders[i]);
      total += outcome.commission().minorUnits();
    }
    return total;
  }

  /** Records the clicks and conversions with the parts; returns the commission accrued. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long conversion_handWired(FreshParts parts) {
    long total = 0;
    for (int i = 0; i < BATCH; i++) {
      int affiliate = affiliateOf[i];
      Conversion order = orders[i];
      parts.attributor.record(Touchpoint.builder(TouchpointKind.CLICK, visitors[i],
          affiliates[affiliate], CLOCK.instant()).code(codes[affiliate]).build());
      AttributionResult result = parts.attributor.attribute(order);
      for (Credit credit : result.credits()) {
        CommissionQuote quote = PLAN.quote(order, credit, parts.contexts[affiliate]);
        if (quote.amount().isPositive()) {
          parts.ledger.accrue("order:" + order.orderId() + "/" + credit.affiliateId(),
              new Accrual(credit.affiliateId(), quote.amount(), order.instant().plus(HOLD),
                  order.orderId(), "rules:creators", quote.explanation()));
          total += quote.amount().minorUnits();
        }
      }
    }
    return total;
  }
}
