package dev.affiliatekit.benchmarks.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affiliatekit.json.JournalJson;
import dev.affiliatekit.ledger.Ledger;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import java.io.StringReader;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The journal that {@link RestoreFootprint} measures restores to the same balances. */
class RestoreFootprintTest {

  @Test
  void post_releasesEveryAccrual_andRestoresToTheSameBalances() {
    Clock clock = Clock.fixed(Instant.parse("2026-03-02T09:00:00Z"), ZoneOffset.UTC);
    Ledger live = RestoreFootprint.post(Ledger.inMemory(clock), 20_005);

    Ledger restored = Ledger.restore(
        JournalJson.read(new StringReader(JournalJson.toJsonLines(live.journal()))), clock);

    // aff0 to aff4 accrued three times each, the others twice: USD 4.20 each time.
    assertThat(restored.balances("aff4", CurrencyUnit.USD).payable())
        .isEqualTo(Money.parse("USD 12.60"));
    assertThat(restored.balances("aff5", CurrencyUnit.USD).payable())
        .isEqualTo(Money.parse("USD 8.40"));
    assertThat(restored.balances("aff5", CurrencyUnit.USD).pending())
        .isEqualTo(Money.parse("USD 0.00"));
    assertThat(restored.journal()).isEqualTo(live.journal()).hasSize(20_006);
  }
}
