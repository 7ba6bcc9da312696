package dev.affiliatekit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class TieredPlanExampleTest {

  private final List<String> lines = ExampleOutput.linesOf(TieredPlanExample::run);

  @Test
  void run_pricesEverySaleUnderBothPlans() {
    // Current: skin care 15%, 20% from the 4th sale of the month; supplements 8%; other 10%.
    // Proposed: skin care 15%, 25% from the 3rd sale; supplements 10%; other 10%; cap USD 20.00.
    assertThat(lines).containsSubsequence(
        "order who         sale     current    proposed",
        // Mia's 1st sale: 15% of 40.00 under both.
        "M-1   mia    USD 40.00    USD 6.00    USD 6.00",
        // Leo's supplements: 8% vs 10% of 50.00.
        "L-1   leo    USD 50.00    USD 4.00    USD 5.00",
        // Mia's 2nd: 15% of 80.00 + 8% (10%) of 25.00.
        "M-2   mia   USD 105.00   USD 14.00   USD 14.50",
        // Mia's 3rd: 15% of 60.00 today, 25% under the proposal.
        "M-3   mia    USD 60.00    USD 9.00   USD 15.00",
        // Leo's 2nd: 15% of 40.00 + 10% of 30.00 under both.
        "L-2   leo    USD 70.00    USD 9.00    USD 9.00",
        // Mia's 4th: 20% vs 25% of 40.00.
        "M-4   mia    USD 40.00    USD 8.00   USD 10.00",
        // Ivy's 1st: 15% of 180.00 = 27.00, capped at 20.00 under the proposal.
        "I-1   ivy   USD 180.00   USD 27.00   USD 20.00");
  }

  @Test
  void run_explainsTheTierOfTheFourthSale() {
    assertThat(lines).contains("Why Mia's fourth sale earns USD 8.00 today:");
    assertThat(lines).anySatisfy(line -> assertThat(line)
        .startsWith("rule skin-care matched serum")
        .contains("affiliate.followers 12,400 in 1,500..100,000")
        .contains("4th sale, progressive")
        .endsWith("20% of USD 40.00 (items after discount) = USD 8.00"));
  }

  @Test
  void run_reportsTheDifferencePerCreatorAndInTotal() {
    assertThat(lines).containsSubsequence(
        "What the proposal changes:",
        "ivy: USD 27.00 -> USD 20.00 (USD -7.00)",
        "leo: USD 13.00 -> USD 14.00 (+USD 1.00)",
        "mia: USD 37.00 -> USD 45.50 (+USD 8.50)",
        "total: USD 77.00 -> USD 79.50 (+USD 2.50)");
  }
}
