package dev.affiliatekit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CommissionSplitExampleTest {

  @Test
  void run_printsTheCommission_theShares_andTheRejectedRate() {
    assertThat(ExampleOutput.linesOf(CommissionSplitExample::run)).containsExactly(
        "Sale:                 USD 84.99",
        "Commission at 12.5%:  USD 10.62",
        "Shared 50/30/20:      [USD 5.31, USD 3.19, USD 2.12] = USD 10.62",
        "USD 5.00 off [USD 30.00, USD 10.00, USD 3.00]: [USD 3.49, USD 1.16, USD 0.35] = USD 5.00",
        "Rejected: rate must use '.' as the decimal separator, not ',' at index 2: '12,5%'");
  }
}
