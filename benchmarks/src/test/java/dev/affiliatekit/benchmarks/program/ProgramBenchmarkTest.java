package dev.affiliatekit.benchmarks.program;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.ledger.Balances;
import dev.affiliatekit.ledger.Transaction;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.program.AffiliateProgram;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Checks that the façade and the hand-wired parts in {@link ProgramBenchmark} book the same. */
class ProgramBenchmarkTest {

  private static final ProgramBenchmark BENCHMARK = new ProgramBenchmark();

  @BeforeAll
  static void generate() {
    BENCHMARK.generate();
  }

  @Test
  void conversion_bothAccrueTheSameCommissionForEachCreator() {
    ProgramBenchmark.FreshProgram program = new ProgramBenchmark.FreshProgram();
    program.create(BENCHMARK);
    ProgramBenchmark.FreshParts parts = new ProgramBenchmark.FreshParts();
    parts.create(BENCHMARK);

    long viaProgram = BENCHMARK.conversion_program(program);
    long byHand = BENCHMARK.conversion_handWired(parts);

    assertThat(viaProgram).isEqualTo(byHand).isPositive();
    assertThat(program.program.ledger().journal()).hasSize(ProgramBenchmark.BATCH);
    assertThat(parts.ledger.journal()).hasSize(ProgramBenchmark.BATCH);
    for (String creator : BENCHMARK.affiliates) {
      Balances balances = program.program.ledger().balances(creator, CurrencyUnit.USD);
      assertThat(balances).as(creator)
          .isEqualTo(parts.ledger.balances(creator, CurrencyUnit.USD));
    }
    // The journals hold the same accruals, with the same explanations.
    List<Transaction> ours = program.program.ledger().journal();
    List<Transaction> theirs = parts.ledger.journal();
    for (int i = 0; i < ProgramBenchmark.BATCH; i++) {
      assertThat(ours.get(i).posting()).isEqualTo(theirs.get(i).posting());
    }
  }

  @Test
  void build_bothRefuseAnOrderRecordedBefore_andTheScanFindsEveryOrder() {
    ProgramBenchmark.Recorded recorded = new ProgramBenchmark.Recorded();
    recorded.orders = 5_000; // smaller than the benchmark's ledger, so that the test stays quick
    recorded.accrue(BENCHMARK);

    assertThat(BENCHMARK.build_journalScan(recorded)).isEqualTo(recorded.orders);
    AffiliateProgram program = BENCHMARK.build_program(recorded);
    Conversion before = Conversion.builder("before-4999", ProgramBenchmark.NOW,
        Money.ofMinor(1_000, CurrencyUnit.USD)).visitorId("visitor-1").build();
    assertThatThrownBy(() -> program.recordConversion(before))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("recorded before this program was built")
        .hasMessageContaining("before-4999");
    assertThat(program.ledger().journal()).hasSize(recorded.orders);
  }
}
