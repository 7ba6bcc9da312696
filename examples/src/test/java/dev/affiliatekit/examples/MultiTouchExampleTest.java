package dev.affiliatekit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class MultiTouchExampleTest {

  private final List<String> lines = ExampleOutput.linesOf(MultiTouchExample::run);

  @Test
  void run_splitCommission_sharesTheRestEquallyAndAddsTheBonuses() {
    // A-1001, touches leo, mia: 70% / 2 = 35% each, +10% for leo (first), +20% for mia (last).
    // B-1002, touches mia, leo, mia: 70% / 3 each; mia has two of them plus both bonuses:
    // 2 × 23.33% + 30% = 76.67% of USD 90.00 = USD 69.00; leo 23.33% = USD 21.00.
    assertThat(lines).containsSubsequence(
        "splitWithBonuses(10%, 20%):",
        "  A-1001 leo  45.00% of USD 120.00 = USD 54.00, earns USD 8.10",
        "  A-1001 mia  55.00% of USD 120.00 = USD 66.00, earns USD 9.90",
        "  B-1002 mia  76.67% of USD 90.00 = USD 69.00, earns USD 10.35",
        "  B-1002 leo  23.33% of USD 90.00 = USD 21.00, earns USD 3.15",
        "  commissions: leo USD 11.25, mia USD 20.25, together USD 31.50");
  }

  @Test
  void run_positionBased_gives50_50ForTwoTouches_and40_20_40ForThree() {
    // 15% of the credited amounts; together always 15% of USD 210.00 = USD 31.50.
    assertThat(lines).containsSubsequence(
        "positionBased(40/20/40):",
        "  A-1001 leo  50.00% of USD 120.00 = USD 60.00, earns USD 9.00",
        "  A-1001 mia  50.00% of USD 120.00 = USD 60.00, earns USD 9.00",
        "  B-1002 mia  80.00% of USD 90.00 = USD 72.00, earns USD 10.80",
        "  B-1002 leo  20.00% of USD 90.00 = USD 18.00, earns USD 2.70",
        "  commissions: leo USD 11.70, mia USD 19.80, together USD 31.50");
  }

  @Test
  void run_explainsTheSecondOrder_withEveryTouchThatCounted() {
    assertThat(lines).containsSubsequence(
        "Why, for order B-1002 under positionBased(40/20/40):",
        "B-1002 at 2026-03-09T18:00:00Z for USD 90.00: credited by positionBased(40/20/40)",
        "  credit mia 80% = USD 72.00 (TOUCHPOINTS)",
        "  credit leo 20% = USD 18.00 (TOUCHPOINTS)");
    assertThat(lines).filteredOn(line -> line.startsWith("  eligible ")).hasSize(3)
        .allSatisfy(line -> assertThat(line).contains("visitor=follower-2"));
  }
}
