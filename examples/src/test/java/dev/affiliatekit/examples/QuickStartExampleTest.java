package dev.affiliatekit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affiliatekit.ledger.PayoutBatch;
import dev.affiliatekit.ledger.PayoutLine;
import dev.affiliatekit.money.Money;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuickStartExampleTest {

  private static List<String> output() {
    return ExampleOutput.linesOf(QuickStartExample::run);
  }

  @Test
  void run_creditsEachSaleToItsCreator_withTheReason() {
    List<String> lines = output();
    // 15% of the goods after discount, shipping excluded: 84.00 → 12.60, 280.00 → 42.00, ...
    assertThat(lines).anyMatch(line -> line.startsWith("  2026-03-03 o-1001 USD 89.00  mia earns"
        + " USD 12.60 (touchpoints): rule creators matched serum-30ml, moisturiser: 15% of"
        + " USD 84.00 (items after discount) = USD 12.60"));
    assertThat(lines).anyMatch(line -> line.contains("o-1002 USD 285.00  mia earns USD 42.00"));
    assertThat(lines).anyMatch(line -> line.contains("o-1006 USD 69.00  leo earns USD 9.60"));
    // ava's coupon takes 10% off: 60.00 - 6.00 = 54.00 of goods → 8.10; 80.00 - 8.00 → 10.80.
    assertThat(lines).anyMatch(line -> line.contains("o-1007 USD 59.00  ava earns USD 8.10"
        + " (coupon)"));
    assertThat(lines).anyMatch(line -> line.contains("o-1008 USD 77.00  ava earns USD 10.80"
        + " (coupon)"));
    assertThat(lines).contains("  2026-03-10 o-1009 USD 41.00  no credit: nobody referred ivy");
  }

  @Test
  void run_refundTakesBackTheCommission_andASecondRefundIsRejected() {
    assertThat(output()).contains(
        "  2026-03-12 o-1003 USD 155.00 back to cara: mia loses USD 22.50",
        "  rejected: order is refunded in full already: 'o-1003'");
  }

  @Test
  void run_balancesAfterTheHold_addUp() {
    // mia: 12.60 + 42.00 + 22.50 = 77.10 accrued, 22.50 reversed, 54.60 earned and payable.
    // leo: 14.40 + 31.50 + 9.60 = 55.50. ava: 8.10 + 10.80 = 18.90.
    assertThat(output()).contains(
        "  creator   accrued  reversed   earned  pending  payable     paid",
        "  mia         77.10     22.50    54.60     0.00    54.60     0.00",
        "  leo         55.50      0.00    55.50     0.00    55.50     0.00",
        "  ava         18.90      0.00    18.90     0.00    18.90     0.00");
  }

  @Test
  void run_aprilStatement_opensWithMarchsEarningsPending_andClosesWithThemPaid() {
    // mia's USD 54.60 of March: her two sales not refunded released on 15 April (pending to
    // payable, two entries each), then paid (payable to clearing, clearing to paid): eight
    // entries, none of them earned in April.
    assertThat(output()).contains("Mia's April: opened with USD 54.60 pending, earned USD 0.00,"
        + " closed with USD 54.60 paid (8 entries)");
  }

  @Test
  void run_paysTheTwoAboveTheMinimum_andCarriesTheThirdForward() {
    assertThat(output()).contains(
        "Payout batch payout-2026-04 (minimum USD 50.00): USD 110.10",
        "  carried forward: ava USD 18.90 (below the minimum)",
        "leo@creators.example,55.50,USD,11-1,Glow & Co. commissions for March",
        "mia@creators.example,54.60,USD,11-2,Glow & Co. commissions for March",
        "  mia: paid USD 54.60, payable USD 0.00",
        "  leo: paid USD 55.50, payable USD 0.00",
        "  ava: paid USD 0.00, payable USD 18.90");
  }

  @Test
  void quickStart_fromEnrollmentToPayout_paysMiaFifteenPercent() {
    PrintStream original = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PayoutBatch batch;
    try {
      System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
      batch = QuickStartExample.quickStart(
          QuickStartExample.MutableClock.at("2026-03-02T09:00:00Z"));
    } finally {
      System.setOut(original);
    }
    // 15% of USD 400.00 is USD 60.00, above the USD 50.00 minimum.
    assertThat(batch.lines()).extracting(PayoutLine::affiliateId, PayoutLine::amount)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("mia", Money.parse("USD 60.00")));
    assertThat(bytes.toString(StandardCharsets.UTF_8))
        .contains("credit mia 100% = USD 400.00")
        .contains("mia earns USD 60.00: rule creators matched: 15% of USD 400.00 (items after"
            + " discount) = USD 60.00");
  }

  @Test
  void readme_showsTheQuickStartMethod_lineForLine() throws Exception {
    String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
    int start = readme.indexOf("```java\n") + "```java\n".length();
    String shown = readme.substring(start, readme.indexOf("```", start));

    String source = Files.readString(
        Path.of("src/main/java/dev/affiliatekit/examples/QuickStartExample.java"),
        StandardCharsets.UTF_8);
    int body = source.indexOf("\n", source.indexOf("static PayoutBatch quickStart(")) + 1;
    String method = source.substring(body, source.indexOf("    return batch;", body));

    assertThat(shown).isEqualTo(method.replaceAll("(?m)^    ", ""));
  }
}
