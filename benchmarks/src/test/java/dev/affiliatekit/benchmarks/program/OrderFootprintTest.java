package dev.affiliatekit.benchmarks.program;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affiliatekit.benchmarks.program.OrderFootprint.Mode;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.program.AffiliateProgram;
import org.junit.jupiter.api.Test;

/** Each mode credits every order, a tenth of them to each affiliate. */
class OrderFootprintTest {

  @Test
  void eachMode_creditsEveryOrderAfterItsClick() {
    for (Mode mode : Mode.values()) {
      AffiliateProgram program = OrderFootprint.program(mode, 30);

      assertThat(program.touchpointStore().size()).as("%s", mode).isEqualTo(30L);
      // Three orders of USD 80.00 at 15% each.
      assertThat(program.ledger().balances("creator-0", CurrencyUnit.USD).pending())
          .as("%s", mode).isEqualTo(Money.parse("USD 36.00"));
    }
  }
}
