package dev.affiliatekit.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ErasureExampleTest {

  private final List<String> lines = ExampleOutput.linesOf(ErasureExample::run);

  @Test
  void run_theBindingCreditsTheReorder_untilAvaIsForgotten() {
    assertThat(lines).containsSubsequence(
        "A-2001 of ava, USD 48.00: mia earns USD 4.80 (TOUCHPOINTS)",
        "A-2002 of ava, USD 48.00: mia earns USD 4.80 (LIFETIME_BINDING)",
        "ava asks to be erased",
        "  clicks kept of her browser: 0",
        "  bound to: no one",
        "A-2003 of ava, USD 48.00: credits no one");
  }

  @Test
  void run_refusesARetryOfAForgottenOrder_andKeepsTheBooks() {
    // 10% of two orders of USD 48.00 accrued; the refund of the first takes its USD 4.80 back.
    assertThat(lines).containsSubsequence(
        "retry of A-2001: operation 'order:A-2001' was recorded, and a visitor or customer it"
            + " named was forgotten since: its outcome is not kept",
        "mia after the refund of A-2001: accrued USD 9.60, reversed USD 4.80");
    assertThat(String.join("\n", lines)).doesNotContain("Exception");
  }
}
