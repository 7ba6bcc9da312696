package dev.affiliatekit.json;

import static dev.affiliatekit.money.CurrencyUnit.USD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.testing.NullPointerTester;
import dev.affiliatekit.ledger.Account;
import dev.affiliatekit.ledger.Accrual;
import dev.affiliatekit.ledger.Adjustment;
import dev.affiliatekit.ledger.Ledger;
import dev.affiliatekit.ledger.PayoutBatch;
import dev.affiliatekit.ledger.PayoutRules;
import dev.affiliatekit.ledger.Reversal;
import dev.affiliatekit.ledger.ReversalKind;
import dev.affiliatekit.ledger.Transaction;
import dev.affiliatekit.money.CurrencyTable;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JournalJsonTest {

  private static final Instant NOW = Instant.parse("2026-04-15T00:00:00Z");
  private static final Instant HELD = Instant.parse("2026-04-01T00:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private static final String ACCRUAL_LINE = "{\"v\":1,\"sequence\":1,\"key\":\"order-1/jane\","
      + "\"postedAt\":\"2026-04-15T00:00:00Z\",\"posting\":{\"type\":\"accrual\",\"affiliateId\":"
      + "\"jane\",\"amount\":\"USD 5.00\",\"holdUntil\":\"2026-04-01T00:00:00Z\",\"orderId\":"
      + "\"order-1\",\"quoteReference\":\"quote-1\",\"explanation\":\"10% of USD 50.00\"},"
      + "\"entries\":[{\"kind\":\"PENDING\",\"owner\":\"jane\",\"amount\":\"USD 5.00\","
      + "\"reference\":\"order-1/jane\"},{\"kind\":\"COMMISSION_EXPENSE\",\"owner\":\"business\","
      + "\"amount\":\"USD -5.00\",\"reference\":\"order-1/jane\"}]}";

  private static Accrual accrual(String affiliate, String amount, String order) {
    return new Accrual(affiliate, Money.parse(amount), HELD, order, "quote-1", "10% of USD 50.00");
  }

  /** A ledger that has seen every kind of posting. */
  static Ledger everyKindOfPosting() {
    Ledger ledger = Ledger.inMemory(CLOCK);
    ledger.accrue("order-1/jane", accrual("jane", "USD 5.00", "order-1"));
    ledger.accrue("order-2/jane", accrual("jane", "USD 80.00", "order-2"));
    ledger.accrue("order-3/joe", accrual("joe", "JPY 1200", "order-3"));
    ledger.accrue("order-4/joe", accrual("joe", "USD 9.00", "order-4"));
    ledger.reverse("refund-1", Reversal.partial("order-1/jane", Money.parse("USD 2.00"),
        ReversalKind.REFUND, "one item returned"));
    ledger.voidItem("void-4", "order-4/joe", "cancelled order");
    ledger.release("release-1", NOW);
    ledger.reverse("chargeback-2", Reversal.full("order-2/jane", ReversalKind.CHARGEBACK,
        "chargeback, \"quoted\" reason"));
    ledger.reinstate("won-2", "chargeback-2", "dispute won");
    ledger.adjust("bonus", new Adjustment("joe", Money.parse("USD 60.00"), "launch bonus"));
    PayoutBatch batch = ledger.prepare("payout-1", NOW, PayoutRules.minimums(
        Money.parse("USD 50.00"), Money.parse("JPY 1000")).onlyAffiliates(Set.of("jane", "joe")));
    ledger.fail("payout-1/failed", batch.key(), Set.of(batch.lines().get(0).id()), "bounced");
    ledger.settle("payout-1/settled", batch.key());
    return ledger;
  }

  @Test
  void write_accrual_isOneLineInTheDocumentedFormat() {
    Ledger ledger = Ledger.inMemory(CLOCK);
    ledger.accrue("order-1/jane", accrual("jane", "USD 5.00", "order-1"));
    assertThat(JournalJson.toJsonLines(ledger.journal())).isEqualTo(ACCRUAL_LINE + "\n");
  }

  @Test
  void roundTrip_ofEveryKindOfPosting_givesAnEqualJournal_andIdenticalBalances() {
    Ledger ledger = everyKindOfPosting();
    String lines = JournalJson.toJsonLines(ledger.journal());
    List<Transaction> read = JournalJson.read(new StringReader(lines));
    assertThat(read).isEqualTo(ledger.journal());

    Ledger copy = Ledger.restore(read, CLOCK);
    assertThat(copy.accounts()).isEqualTo(ledger.accounts());
    for (Account account : ledger.accounts()) {
      assertThat(copy.balance(account)).as(account.toString()).isEqualTo(ledger.balance(account));
    }
    assertThat(copy.item("order-2/jane")).isEqualTo(ledger.item("order-2/jane"));
    assertThat(copy.batch("payout-1")).isEqualTo(ledger.batch("payout-1"));
    assertThat(JournalJson.toJsonLines(copy.journal())).isEqualTo(lines);
  }

  @Test
  void restoredLedger_goesOnWhereTheOriginalStopped() {
    Ledger ledger = everyKindOfPosting();
    Ledger copy = Ledger.restore(JournalJson.read(new StringReader(
        JournalJson.toJsonLines(ledger.journal()))), CLOCK);
    assertThatThrownBy(() -> copy.reinstate("won-2-again", "chargeback-2", "again"))
        .hasMessage("chargeback is already reinstated: 'chargeback-2'");
    assertThat(copy.accrue("order-1/jane", accrual("jane", "USD 5.00", "order-1")).sequence())
        .isEqualTo(1);
    assertThat(copy.adjust("next", new Adjustment("jane", Money.parse("USD 1.00"), "x")).sequence())
        .isEqualTo(ledger.journal().size() + 1);
  }

  @Test
  void read_customCurrencies_comeFromTheGivenTable() {
    CurrencyUnit points = CurrencyUnit.custom("PTS", 0);
    Ledger ledger = Ledger.inMemory(CLOCK);
    ledger.adjust("a", new Adjustment("jane", Money.ofMinor(100, points), "welcome points"));
    String lines = JournalJson.toJsonLines(ledger.journal());
    assertThat(JournalJson.read(new StringReader(lines), CurrencyTable.iso4217().with(points)))
        .isEqualTo(ledger.journal());
    assertThatThrownBy(() -> JournalJson.read(new StringReader(lines)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("journal line 1: money has an unknown currency code 'PTS'");
  }

  @Test
  void read_emptyInput_isAnEmptyJournal() {
    assertThat(JournalJson.read(new StringReader(""))).isEmpty();
  }

  @Nested
  class BadInput {

    private void assertRejected(String text, String message) {
      assertThatThrownBy(() -> JournalJson.read(new StringReader(text)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(message);
    }

    private String accrualWith(String from, String to) {
      assertThat(ACCRUAL_LINE).contains(from);
      return ACCRUAL_LINE.replace(from, to);
    }

    @Test
    void unbalancedEntries_areRejected() {
      assertRejected(accrualWith("\"USD -5.00\"", "\"USD -4.99\""),
          "journal line 1: transaction 'order-1/jane' does not balance in USD: off by USD 0.01");
    }

    @Test
    void moneyAsANumber_isRejected_soItNeverPassesThroughFloatingPoint() {
      assertRejected(accrualWith("\"amount\":\"USD 5.00\",\"holdUntil\"", "\"amount\":5.00,"
          + "\"holdUntil\""), "journal line 1: posting field 'amount' must be a string: number");
    }

    @Test
    void negativeAccrual_isRejected() {
      assertRejected(accrualWith("\"amount\":\"USD 5.00\",\"holdUntil\"",
          "\"amount\":\"USD -5.00\",\"holdUntil\""),
          "journal line 1: accrual amount must be positive: USD -5.00");
    }

    @Test
    void mixedCurrenciesInOneEntry_areRejected() {
      assertRejected(accrualWith("{\"kind\":\"PENDING\",\"owner\":\"jane\",\"amount\":\"USD 5.00\"",
          "{\"kind\":\"PENDING\",\"owner\":\"jane\",\"amount\":\"EUR 5.00\""),
          "journal line 1: transaction 'order-1/jane' does not balance in EUR: off by EUR 5.00");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"v\":1 | \"v\":2 | journal line 1: journal format version is not supported: 2",
        "\"sequence\":1 | \"sequence\":1.5 | journal line 1: transaction field 'sequence' must be a whole number: number",
        "\"sequence\":1 | \"sequence\":0 | journal line 1: transaction sequence must be at least 1: 0",
        "\"key\":\"order-1/jane\", | '' | journal line 1: transaction is missing field 'key'",
        "\"type\":\"accrual\" | \"type\":\"gift\" | journal line 1: posting type is unknown: 'gift'",
        "\"kind\":\"PENDING\" | \"kind\":\"pending\" | journal line 1: entry field 'kind' is not a known AccountKind: 'pending'",
        "\"postedAt\":\"2026-04-15T00:00:00Z\" | \"postedAt\":\"2026-04-15\" | journal line 1: transaction field 'postedAt' must be an ISO-8601 instant: '2026-04-15'",
        "\"explanation\":\"10% of USD 50.00\" | \"explanation\":\"10% of USD 50.00\",\"note\":1 | journal line 1: posting has an unknown field: 'note'",
        "\"explanation\":\"10% of USD 50.00\" | \"explanation\":\"\\u0000\" | journal line 1: explanation must not contain control character \\u0000 at index 0: '\\u0000'"})
    void fieldProblems_nameTheLineAndTheField(String from, String to, String message) {
      assertRejected(accrualWith(from, to), message);
    }

    @Test
    void duplicateField_isRejected() {
      assertThatThrownBy(() -> JournalJson.read(new StringReader(
          accrualWith("\"v\":1,", "\"v\":1,\"v\":1,"))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("journal line 1 is not valid JSON: Duplicate field 'v'");
    }

    @Test
    void textNotInTheReadersCharset_isAnIllegalArgument(@TempDir Path directory)
        throws IOException {
      Path file = directory.resolve("journal.jsonl");
      Files.write(file, (ACCRUAL_LINE + "\n" + ACCRUAL_LINE.replace("jane", "jos\u00e9"))
          .getBytes(StandardCharsets.ISO_8859_1));

      try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        assertThatThrownBy(() -> JournalJson.read(in))
            .isExactlyInstanceOf(IllegalArgumentException.class)
            .hasMessage("journal line 1 or a later one is not text in the reader's charset: "
                + "MalformedInputException: Input length = 1")
            .hasCauseInstanceOf(MalformedInputException.class);
      }
    }

    @Test
    void blankLine_trailingText_andNonObjects_areRejected() {
      assertRejected(ACCRUAL_LINE + "\n\n", "journal line 2: line is blank");
      assertThatThrownBy(() -> JournalJson.read(new StringReader(ACCRUAL_LINE + " {}")))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("journal line 1 is not valid JSON: Trailing token");
      assertRejected("[1]", "journal line 1: transaction must be a JSON object: array");
    }
  }

  @Test
  void nulls_areRejected() {
    new NullPointerTester().setDefault(CurrencyTable.class, CurrencyTable.iso4217())
        .testAllPublicStaticMethods(JournalJson.class);
  }

  @Test
  void balancesOfTheSample_areAsComputedByHand() {
    Ledger ledger = everyKindOfPosting();
    // jane: 5.00 - 2.00 released 3.00; 80.00 released then charged back and reinstated: 83.00
    // payable; paid out in payout-1 (line 1 failed back to payable: jane sorts first).
    assertThat(ledger.balances("jane", USD).payable()).isEqualTo(Money.parse("USD 83.00"));
    assertThat(ledger.balances("jane", USD).paid()).isEqualTo(Money.parse("USD 0.00"));
    // joe: JPY 1200 released and paid; USD 9.00 voided; USD 60.00 bonus paid.
    assertThat(ledger.balances("joe", CurrencyUnit.JPY).paid()).isEqualTo(Money.parse("JPY 1200"));
    assertThat(ledger.balances("joe", USD).paid()).isEqualTo(Money.parse("USD 60.00"));
    assertThat(ledger.balances("joe", USD).earned()).isEqualTo(Money.parse("USD 60.00"));
  }
}
