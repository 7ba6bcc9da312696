package dev.affiliatekit.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.affiliatekit.ledger.Account;
import dev.affiliatekit.ledger.Ledger;
import dev.affiliatekit.ledger.Transaction;
import dev.affiliatekit.money.CurrencyUnit;
import java.io.StringReader;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes the journal import: whatever the input, reading succeeds or throws {@link
 * JsonFormatException}, and restoring succeeds or throws {@link IllegalArgumentException}; what
 * is read writes back to the same transactions, and a restored ledger balances.
 *
 * <p>In CI this replays the inputs in {@code src/test/resources}, which start from a real export;
 * to fuzz, run {@code JAZZER_FUZZ=1 mvn -pl core test -Dtest=JournalJsonFuzzTest}.
 */
class JournalJsonFuzzTest {

  private static final Clock CLOCK = Clock.fixed(Instant.parse("2030-01-01T00:00:00Z"),
      ZoneOffset.UTC);

  @FuzzTest(maxDuration = "60s")
  void journalImport(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    List<Transaction> journal;
    try {
      journal = JournalJson.read(new StringReader(text));
    } catch (JsonFormatException documented) {
      return;
    }
    assertThat(JournalJson.read(new StringReader(JournalJson.toJsonLines(journal))))
        .isEqualTo(journal);
    Ledger ledger;
    try {
      ledger = Ledger.restore(journal, CLOCK);
    } catch (IllegalArgumentException documented) {
      return;
    }
    assertThat(ledger.journal()).isEqualTo(journal);
    Map<CurrencyUnit, Long> totals = new HashMap<>();
    for (Account account : ledger.accounts()) {
      totals.merge(account.currency(), ledger.balance(account).minorUnits(), Math::addExact);
    }
    assertThat(totals.values()).allMatch(total -> total == 0);
  }
}
