package dev.affiliatekit.benchmarks.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affiliatekit.ledger.Ledger;
import dev.affiliatekit.ledger.StatementLine;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The probe's statement of a day holds the lines of the whole statement posted that day. */
class StatementSpanProbeTest {

  @Test
  void statementOfADay_isTheWholeStatementsLinesOfThatDay() {
    Ledger ledger = StatementSpanProbe.history(6_000);
    Instant from = StatementSpanProbe.START.plus(Duration.ofDays(2));
    Instant to = from.plus(Duration.ofDays(1));

    List<StatementLine> whole = StatementSpanProbe.statement(ledger, Instant.MIN, Instant.MAX);
    List<StatementLine> expected = whole.stream()
        .filter(line -> !line.postedAt().isBefore(from) && line.postedAt().isBefore(to))
        .toList();
    // A day of accruals, every other one the creator's, and the releases of its ended holds.
    assertThat(expected).hasSizeGreaterThan(720);
    assertThat(StatementSpanProbe.statement(ledger, from, to)).isEqualTo(expected);
  }
}
