package dev.affiliatekit.benchmarks.program;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affiliatekit.ledger.Ledger;
import org.junit.jupiter.api.Test;

/** The probe's two paths read the same ledger: every order once, and the items of one. */
class FirstLookupProbeTest {

  @Test
  void theLedger_holdsAnAccrualPerOrder_andBothPathsReadIt() {
    Ledger ledger = FirstLookupProbe.ledger(1_000);

    assertThat(ledger.journal()).hasSize(1_000);
    assertThat(ProgramBenchmark.ordersIn(ledger)).hasSize(1_000).contains("before-0", "before-999");
    assertThat(ledger.itemsOfOrder("before-7")).hasSize(1);
    assertThat(ledger.itemsOfOrder("new-order")).isEmpty();
  }
}
