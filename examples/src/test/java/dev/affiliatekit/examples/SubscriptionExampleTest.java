package dev.affiliatekit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SubscriptionExampleTest {

  private static List<String> output() {
    return ExampleOutput.linesOf(SubscriptionExample::run);
  }

  @Test
  void run_paysThirtyPercentForTwelveMonths_thenNothing() {
    List<String> lines = output();
    // 30% of USD 40.00 is USD 12.00 for each of kim's first 12 charges and lou's 3.
    assertThat(lines).filteredOn(line -> line.contains(": nora earns USD 12.00")).hasSize(15);
    assertThat(lines).anyMatch(line -> line.startsWith("  2026-12-15 kim charge 12 USD 40.00:"
        + " nora earns USD 12.00 (rule box-subscriptions matched, month 12 of the first 12"
        + " months"));
    assertThat(lines).anyMatch(line -> line.startsWith("  2027-01-15 kim charge 13 USD 40.00:"
        + " nora earns USD 0.00 (rule box-subscriptions matched, month 13 after the first 12"
        + " months"));
    assertThat(lines).anyMatch(line -> line.startsWith("  2027-02-15 kim charge 14 USD 40.00:"
        + " nora earns USD 0.00"));
  }

  @Test
  void run_cancellationMidPeriod_refundsHalfAndTakesBackHalfTheCommission() {
    // Half of the USD 40.00 charge back, so half of its USD 12.00 commission: USD 6.00.
    assertThat(output()).contains("  2026-04-16 lou cancels: refund USD 20.00 of lou-3, nora"
        + " loses USD 6.00; no more charges from lou");
  }

  @Test
  void run_statementAddsUp() {
    // 15 × 12.00 = 180.00 accrued, 6.00 reversed, 174.00 earned, all payable a year on.
    assertThat(output()).containsSubsequence("nora on 2027-04-01", "  accrued  USD 180.00",
        "  reversed USD 6.00", "  earned   USD 174.00", "  payable  USD 174.00");
  }
}
