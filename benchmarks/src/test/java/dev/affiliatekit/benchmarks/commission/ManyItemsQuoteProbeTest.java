package dev.affiliatekit.benchmarks.commission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affiliatekit.commission.CommissionQuote;
import dev.affiliatekit.money.Money;
import org.junit.jupiter.api.Test;

/** The probe's orders go to a rule per item, each paying its own rate. */
class ManyItemsQuoteProbeTest {

  @Test
  void anOrder_isPricedByARulePerItem() {
    CommissionQuote quote = ManyItemsQuoteProbe.quote(ManyItemsQuoteProbe.perProduct(40),
        ManyItemsQuoteProbe.order(40));

    assertThat(quote.ruleIds()).hasSize(40).startsWith("p0", "p1");
    // Rates 1% to 20%, twice over, of USD 10.00 each: 2 × 210% of USD 10.00.
    assertThat(quote.amount()).isEqualTo(Money.parse("USD 42.00"));
  }
}
