package dev.affiliatekit.json;

import static dev.affiliatekit.money.CurrencyUnit.USD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.common.testing.NullPointerTester;
import dev.affiliatekit.internal.Texts;
import dev.affiliatekit.ledger.Account;
import dev.affiliatekit.ledger.Accrual;
import dev.affiliatekit.ledger.Adjustment;
import dev.affiliatekit.ledger.Entry;
import dev.affiliatekit.ledger.Ledger;
import dev.affiliatekit.ledger.PayoutBatch;
import dev.affiliatekit.ledger.PayoutRules;
import dev.affiliatekit.ledger.Release;
import dev.affiliatekit.ledger.Reversal;
import dev.affiliatekit.ledger.ReversalKind;
import dev.affiliatekit.ledger.Transaction;
import dev.affiliatekit.money.CurrencyTable;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
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
        .isInstanceOf(JsonFormatException.class)
        .hasMessageStartingWith("journal line 1: posting.amount: money has an unknown currency code "
            + "'PTS'");
  }

  @Test
  void read_amountsOfAUnitOfAnotherScale_areRefused_notReadAtTheTablesScale() {
    CurrencyUnit usd3 = CurrencyUnit.custom("USD", 3);
    Ledger ledger = Ledger.inMemory(CLOCK);
    ledger.adjust("a", new Adjustment("jane", Money.ofMinor(5_000, usd3), "welcome"));
    String lines = JournalJson.toJsonLines(ledger.journal());

    assertThat(JournalJson.read(new StringReader(lines), CurrencyTable.iso4217().with(usd3)))
        .isEqualTo(ledger.journal());
    assertThatThrownBy(() -> JournalJson.read(new StringReader(lines)))
        .isInstanceOf(JsonFormatException.class)
        .hasMessage("journal line 1: posting.amount: money must have the 2 decimals of USD in the"
            + " currency table: 'USD 5.000'");
    assertThatThrownBy(() -> JournalJson.read(new StringReader(lines.replace("USD 5.000",
        "USD 05.00"))))
        .isInstanceOf(JsonFormatException.class)
        .hasMessage("journal line 1: posting.amount: money must be written as the journal writes"
            + " it, USD 5.00: 'USD 05.00'");
  }

  @Test
  void read_sharesEachAccountAndId_amongTheLines_asTheLedgersOwnTransactionsDo() {
    Ledger ledger = Ledger.inMemory(CLOCK);
    ledger.accrue("order-1/jane", accrual("jane", "USD 5.00", "order-1"));
    ledger.accrue("order-2/jane", accrual("jane", "USD 80.00", "order-2"));
    ledger.release("release-1", NOW);
    ledger.reverse("refund-1", Reversal.partial("order-1/jane", Money.parse("USD 2.00"),
        ReversalKind.REFUND, "one item returned"));

    List<Transaction> read =
        JournalJson.read(new StringReader(JournalJson.toJsonLines(ledger.journal())));

    Transaction first = read.get(0);
    Transaction second = read.get(1);
    Transaction release = read.get(2);
    Transaction refund = read.get(3);
    Accrual accrual = (Accrual) first.posting();
    Entry accrued = first.entries().get(0);
    // One instance of each account, whose owner is the affiliate id the accruals name.
    assertThat(second.entries().get(0).account()).isSameAs(accrued.account());
    assertThat(release.entries().get(0).account()).isSameAs(accrued.account());
    assertThat(second.entries().get(1).account()).isSameAs(first.entries().get(1).account());
    assertThat(refund.entries().get(0).account()).isSameAs(release.entries().get(1).account());
    assertThat(accrued.account().owner()).isSameAs(accrual.affiliateId())
        .isSameAs(((Accrual) second.posting()).affiliateId());
    // One instance of the item's key, in its transaction and in every entry that names it.
    assertThat(accrued.reference()).isSameAs(first.entries().get(1).reference())
        .isSameAs(release.entries().get(0).reference())
        .isSameAs(refund.entries().get(0).reference());
    assertThat(accrued.reference().orElseThrow()).isSameAs(first.key())
        .isSameAs(((Reversal) refund.posting()).itemKey());
    // The accrual's first entry books the accrual's amount.
    assertThat(accrued.amount()).isSameAs(accrual.amount());
    assertThat(read).isEqualTo(ledger.journal());
  }

  @Test
  void read_emptyInput_isAnEmptyJournal() {
    assertThat(JournalJson.read(new StringReader(""))).isEmpty();
  }

  @Nested
  class BadInput {

    private void assertRejected(String text, String message) {
      assertThatThrownBy(() -> JournalJson.read(new StringReader(text)))
          .isInstanceOf(JsonFormatException.class)
          .hasMessage(message);
    }

    private String accrualWith(String from, String to) {
      assertThat(ACCRUAL_LINE).contains(from);
      return ACCRUAL_LINE.replace(from, to);
    }

    @Test
    void badIdInAList_isRefusedAtItsPlace() {
      String settlement = "{\"v\":1,\"sequence\":1,\"key\":\"s1\","
          + "\"postedAt\":\"2026-01-01T00:00:00Z\",\"posting\":{\"type\":\"payoutSettlement\","
          + "\"batchKey\":\"p1\",\"lineIds\":[\"ok\",\"\"]},\"entries\":[]}";
      assertRejected(settlement,
          "journal line 1: posting.lineIds[1]: lineId must not be blank: ''");
    }

    @Test
    void unbalancedEntries_areRejected() {
      assertRejected(accrualWith("\"USD -5.00\"", "\"USD -4.99\""),
          "journal line 1: transaction 'order-1/jane' does not balance in USD: off by USD 0.01");
    }

    @Test
    void moneyAsANumber_isRejected_soItNeverPassesThroughFloatingPoint() {
      assertRejected(accrualWith("\"amount\":\"USD 5.00\",\"holdUntil\"", "\"amount\":5.00,"
          + "\"holdUntil\""), "journal line 1: posting.amount: must be a string: '5.00'");
    }

    @Test
    void negativeAccrual_isRejected() {
      assertRejected(accrualWith("\"amount\":\"USD 5.00\",\"holdUntil\"",
          "\"amount\":\"USD -5.00\",\"holdUntil\""),
          "journal line 1: posting.amount: accrual amount must be positive: USD -5.00");
    }

    @Test
    void mixedCurrenciesInOneEntry_areRejected() {
      assertRejected(accrualWith("{\"kind\":\"PENDING\",\"owner\":\"jane\",\"amount\":\"USD 5.00\"",
          "{\"kind\":\"PENDING\",\"owner\":\"jane\",\"amount\":\"EUR 5.00\""),
          "journal line 1: transaction 'order-1/jane' does not balance in EUR: off by EUR 5.00");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"v\":1 | \"v\":2 | journal line 1: v: must be 1, the only version this library reads: '2'",
        "\"sequence\":1 | \"sequence\":1.5 | journal line 1: sequence: must be a whole number: '1.5'",
        "\"sequence\":1 | \"sequence\":0 | journal line 1: sequence: transaction sequence must be at least 1: 0",
        "\"key\":\"order-1/jane\", | '' | journal line 1: key: is missing",
        "\"type\":\"accrual\" | \"type\":\"gift\" | journal line 1: posting.type: must be one of accrual, release, reversal, reinstatement, voiding, adjustment, payoutPreparation, payoutSettlement, payoutFailure: 'gift'",
        "\"kind\":\"PENDING\" | \"kind\":\"pending\" | journal line 1: entries[0].kind: must be one of PENDING, PAYABLE, PAYOUT_CLEARING, PAID, COMMISSION_EXPENSE: 'pending'",
        "\"postedAt\":\"2026-04-15T00:00:00Z\" | \"postedAt\":\"2026-04-15\" | journal line 1: postedAt: must be an ISO-8601 instant in UTC such as 2026-03-01T10:00:00Z: '2026-04-15'",
        "\"explanation\":\"10% of USD 50.00\" | \"explanation\":\"10% of USD 50.00\",\"note\":1 | journal line 1: posting.note: is not a field of a posting of type accrual",
        "\"affiliateId\":\"jane\" | \"affiliateId\":\"\" | journal line 1: posting.affiliateId: affiliateId must not be blank: ''",
        "\"explanation\":\"10% of USD 50.00\" | \"explanation\":\"\\u0000\" | journal line 1: posting.explanation: explanation must not contain control character \\u0000 at index 0: '\\u0000'"})
    void fieldProblems_nameTheLineAndTheField(String from, String to, String message) {
      assertRejected(accrualWith(from, to), message);
    }

    @Test
    void duplicateField_isRejectedAtItsPath() {
      assertRejected(accrualWith("\"v\":1,", "\"v\":1,\"v\":1,"), "journal line 1: v: is repeated");
      assertRejected(accrualWith("\"owner\":\"business\",", "\"owner\":\"business\",\"owner\":\"x\","),
          "journal line 1: entries[1].owner: is repeated");
    }

    @Test
    void textNotInTheReadersCharset_isAFormatProblemOfItsLine(@TempDir Path directory)
        throws IOException {
      Path file = directory.resolve("journal.jsonl");
      Files.write(file, (ACCRUAL_LINE + "\n" + ACCRUAL_LINE.replace("jane", "jos\u00e9"))
          .getBytes(StandardCharsets.ISO_8859_1));

      try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        assertThatThrownBy(() -> JournalJson.read(in))
            .isExactlyInstanceOf(JsonFormatException.class)
            .hasMessage("journal line 1 or a later one is not text in the reader's charset: "
                + "MalformedInputException: Input length = 1")
            .hasCauseInstanceOf(MalformedInputException.class);
      }
    }

    @Test
    void blankLine_trailingText_andNonObjects_areRejected() {
      assertRejected(ACCRUAL_LINE + "\n\n", "journal line 2: line is blank");
      // The trailing object starts after the line and one space.
      assertRejected(ACCRUAL_LINE + " {}", "journal line 1 is not valid JSON at column "
          + (ACCRUAL_LINE.length() + 2) + ": Trailing token (of type START_OBJECT) found after value");
      assertRejected("[1]", "journal line 1: transaction must be a JSON object: an array");
    }
  }

  /** Problems inside a line name the path of the value within it, as the plan reader does. */
  @Nested
  class PathsWithinALine {

    /** The journal of {@link #everyKindOfPosting}, with one line changed by {@code change}. */
    private String everyKindWith(String type, UnaryOperator<ObjectNode> change) throws IOException {
      ObjectMapper mapper = new ObjectMapper();
      List<String> lines = JournalJson.toJsonLines(everyKindOfPosting().journal()).lines()
          .collect(Collectors.toCollection(ArrayList::new));
      for (int i = 0; i < lines.size(); i++) {
        ObjectNode line = (ObjectNode) mapper.readTree(lines.get(i));
        if (line.get("posting").get("type").textValue().equals(type)) {
          lines.set(i, mapper.writeValueAsString(change.apply(line)));
          return String.join("\n", lines) + "\n";
        }
      }
      throw new AssertionError("no " + type + " in the sample");
    }

    /** Asserts the message, and that the exception tells the line, the path and the problem. */
    private void assertRejected(String text, String message) {
      assertThatThrownBy(() -> JournalJson.read(new StringReader(text)))
          .isInstanceOfSatisfying(JsonFormatException.class, e -> {
            assertThat(e).hasMessage(message);
            assertThat(e.line()).isPositive();
            assertThat(e.path()).isNotEmpty();
            assertThat(e.getMessage())
                .isEqualTo("journal line " + e.line() + ": " + e.path() + ": " + e.problem());
          });
    }

    @Test
    void read_problemOnALaterLine_tellsTheLineThePathAndTheProblemApart() {
      String text = ACCRUAL_LINE + "\n" + ACCRUAL_LINE.replace("\"amount\":\"USD 5.00\"",
          "\"amount\":\"USD 5.001\"");
      assertThatThrownBy(() -> JournalJson.read(new StringReader(text)))
          .isInstanceOfSatisfying(JsonFormatException.class, e -> {
            assertThat(e.line()).isEqualTo(2);
            assertThat(e.path()).isEqualTo("posting.amount");
            assertThat(e.problem())
                .isEqualTo("money has more than 2 decimal places for USD: 'USD 5.001'");
            assertThat(e).hasMessage("journal line 2: posting.amount: " + e.problem());
          });
    }

    private ObjectNode entry(ObjectNode line, int index) {
      assertThat(line.get("entries").size()).isGreaterThan(index);
      return (ObjectNode) line.get("entries").get(index);
    }

    @Test
    void read_badPostingAmount_namesPostingAmount() {
      assertRejected(ACCRUAL_LINE.replace("\"amount\":\"USD 5.00\",\"holdUntil\"",
          "\"amount\":\"USD 5.001\",\"holdUntil\""), "journal line 1: posting.amount: "
          + "money has more than 2 decimal places for USD: 'USD 5.001'");
    }

    @Test
    void read_postingAmountWithADecimalComma_namesTheComma() {
      assertRejected(ACCRUAL_LINE.replace("\"amount\":\"USD 5.00\",\"holdUntil\"",
          "\"amount\":\"USD 1.234,50\",\"holdUntil\""), "journal line 1: posting.amount: "
          + "money must use '.' as the decimal separator and no digit grouping, not ',' at index 9:"
          + " 'USD 1.234,50'");
    }

    @Test
    void read_badEntryAmount_namesTheEntry() {
      assertRejected(ACCRUAL_LINE.replace("\"USD -5.00\"", "\"USD -5.001\""),
          "journal line 1: entries[1].amount: money has more than 2 decimal places for USD: "
          + "'USD -5.001'");
    }

    @Test
    void read_blankReferenceInTheFifthEntry_namesIt() throws IOException {
      // The release is the 7th transaction of the sample and releases three items.
      assertRejected(everyKindWith("release", line -> {
        entry(line, 4).put("reference", "");
        return line;
      }), "journal line 7: entries[4].reference: reference must not be blank: ''");
    }

    @Test
    void read_unknownFieldInTheFifthEntry_namesIt() throws IOException {
      assertRejected(everyKindWith("release", line -> {
        entry(line, 4).put("note", "x");
        return line;
      }), "journal line 7: entries[4].note: is not a field of an entry");
    }

    @Test
    void read_badOwnerOfABusinessEntry_namesTheOwner() {
      assertRejected(ACCRUAL_LINE.replace("\"owner\":\"business\"", "\"owner\":\"jane\""),
          "journal line 1: entries[1].owner: owner of COMMISSION_EXPENSE must be 'business': "
          + "'jane'");
    }

    @Test
    void read_badPayoutMinimum_namesItsIndex() throws IOException {
      // The sample's minimums are JPY 1000 and USD 50.00.
      assertRejected(everyKindWith("payoutPreparation", line -> {
        ArrayNode minimums = (ArrayNode) line.get("posting").get("minimums");
        assertThat(minimums.get(1).textValue()).isEqualTo("USD 50.00");
        minimums.set(1, "USD 50.001");
        return line;
      }), "journal line 11: posting.minimums[1]: money has more than 2 decimal places for USD: "
          + "'USD 50.001'");
    }

    @Test
    void read_repeatedLineId_namesItsIndex() throws IOException {
      // The failure names one line of the batch, 11-1.
      assertRejected(everyKindWith("payoutFailure", line -> {
        ArrayNode ids = (ArrayNode) line.get("posting").get("lineIds");
        assertThat(ids.size()).isEqualTo(1);
        ids.add(ids.get(0).textValue());
        return line;
      }), "journal line 12: posting.lineIds[1]: repeats a value: '11-1'");
    }
  }

  /** A rejected value is quoted as written, not named by its JSON type. */
  @Nested
  class ValuesAsWritten {

    private void assertRejected(String from, String to, String message) {
      assertThat(ACCRUAL_LINE).contains(from);
      assertThatThrownBy(() -> JournalJson.read(new StringReader(ACCRUAL_LINE.replace(from, to))))
          .isInstanceOf(JsonFormatException.class)
          .hasMessage(message);
    }

    @Test
    void read_sequenceBeyondALong_namesTheRangeAndTheValue() {
      assertRejected("\"sequence\":1", "\"sequence\":99999999999999999999",
          "journal line 1: sequence: must be within [1, 9223372036854775807]: "
          + "99999999999999999999");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "\"4\"   | , not a string: '4'",
        "4.0   | : '4.0'",
        "1e3   | : '1e3'",
        "true  | : 'true'",
        "null  | : null",
        "[4]   | : an array"})
    void read_sequenceOfAnotherType_quotesTheValue(String value, String shown) {
      assertRejected("\"sequence\":1", "\"sequence\":" + value,
          "journal line 1: sequence: must be a whole number" + shown);
    }

    /** A host that writes every number as a string (WRITE_NUMBERS_AS_STRINGS) is told so. */
    @Test
    void read_versionAsAString_saysItIsOne() {
      assertRejected("\"v\":1", "\"v\":\"1\"",
          "journal line 1: v: must be 1, the only version this library reads, not a string: '1'");
    }

    @Test
    void read_textOfAnotherType_quotesTheValue() {
      assertRejected("\"key\":\"order-1/jane\"", "\"key\":17",
          "journal line 1: key: must be a string: '17'");
    }
  }

  /** A line that is not JSON names the column within the line, and no parser internals. */
  @Nested
  class Syntax {

    @Test
    void read_lineEndingInsideAnObject_namesTheColumnOfTheEnd() {
      String cut = ACCRUAL_LINE.substring(0, ACCRUAL_LINE.length() - 1);
      assertThatThrownBy(() -> JournalJson.read(new StringReader(ACCRUAL_LINE + "\n" + cut)))
          .isInstanceOf(JsonFormatException.class)
          .hasMessage("journal line 2 is not valid JSON at column " + ACCRUAL_LINE.length()
              + ": Unexpected end-of-input: expected close marker for Object (start marker at "
              + "column 1)");
    }

    @Test
    void read_unexpectedCharacter_namesItsColumn() {
      assertThatThrownBy(() -> JournalJson.read(new StringReader("{\"v\":1,}")))
          .isInstanceOf(JsonFormatException.class)
          .hasMessage("journal line 1 is not valid JSON at column 8: Unexpected character "
              + "('}' (code 125)): was expecting double-quote to start field name");
    }

    @Test
    void read_wrongCloseMarker_namesTheColumnOfItsOpening() {
      assertThatThrownBy(() -> JournalJson.read(new StringReader("{\"v\":[1,2}")))
          .isInstanceOf(JsonFormatException.class)
          .hasMessage("journal line 1 is not valid JSON at column 10: Unexpected close marker "
              + "'}': expected ']' (for Array starting at column 6)");
    }

    @Test
    void read_numberTooLong_namesNoParserSetting() {
      assertThatThrownBy(() -> JournalJson.read(new StringReader(
          "{\"v\":" + "9".repeat(1001) + "}")))
          .isInstanceOf(JsonFormatException.class)
          .hasMessageStartingWith("journal line 1 is not valid JSON at column ")
          .hasMessageEndingWith(": Number value length (1001) exceeds the maximum allowed (1000)");
    }
  }

  /** Instants read only in the one form that the writer writes, {@code Instant.toString()}. */
  @Nested
  class Instants {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2026-03-01T11:00:00+01:00",
        "2026-03-01T10:00:00+00:00",
        "2026-03-01t10:00:00z",
        "2026-03-01T10:00:00z",
        "2026-12-31T23:59:60Z",
        "2026-03-01T24:00:00Z",
        "+2026-03-01T10:00:00Z",
        "-0000-03-01T10:00:00Z",
        "+09999-03-01T10:00:00Z",
        "2026-03-01T10:00Z",
        "2026-03-01T10:00:00.Z",
        "2026-03-01T10:00:00.1234567891Z",
        "2026-03-01T10:00:00.5Z",
        "2026-03-01T10:00:00.000Z",
        "2026-03-01 10:00:00Z",
        "2026-02-30T10:00:00Z",
        "+1000000001-01-01T00:00:00Z",
        "２０２６-03-01T10:00:00Z"})
    void read_instantNotAsTheWriterWritesIt_isRejected(String text) {
      String line = ACCRUAL_LINE.replace("\"postedAt\":\"2026-04-15T00:00:00Z\"",
          "\"postedAt\":\"" + text + "\"");
      assertThatThrownBy(() -> JournalJson.read(new StringReader(line)))
          .isInstanceOf(JsonFormatException.class)
          .hasMessage("journal line 1: postedAt: must be an ISO-8601 instant in UTC such as "
              + "2026-03-01T10:00:00Z: " + Texts.quote(text));
    }

    @Test
    void read_leapSecondInAPosting_namesThePostingField() {
      String line = ACCRUAL_LINE.replace("\"holdUntil\":\"2026-04-01T00:00:00Z\"",
          "\"holdUntil\":\"2016-12-31T23:59:60Z\"");
      assertThatThrownBy(() -> JournalJson.read(new StringReader(line)))
          .isInstanceOf(JsonFormatException.class)
          .hasMessage("journal line 1: posting.holdUntil: must be an ISO-8601 instant in UTC such "
              + "as 2026-03-01T10:00:00Z: '2016-12-31T23:59:60Z'");
    }

    @ParameterizedTest
    @CsvSource({
        "-1000000000-01-01T00:00:00Z",
        "+1000000000-12-31T23:59:59.999999999Z",
        "-10000-01-01T00:00:00Z",
        "-0001-12-31T23:59:59.5Z",
        "0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999Z",
        "+10000-01-01T00:00:00.000001Z",
        "2026-03-01T10:00:00.1Z"})
    void read_instantAsTheWriterWritesIt_readsBack(String text) {
      Instant instant = Instant.parse(text);
      Transaction release = new Transaction(1, "release-1", instant, new Release(instant),
          List.of());
      String lines = JournalJson.toJsonLines(List.of(release));

      assertThat(JournalJson.read(new StringReader(lines))).containsExactly(release);
    }
  }

  @Test
  void write_nullTransaction_isNamedByItsIndex_afterTheLinesBeforeIt() {
    List<Transaction> journal = new ArrayList<>(everyKindOfPosting().journal());
    journal.add(1, null);
    StringWriter out = new StringWriter();
    assertThatThrownBy(() -> JournalJson.write(journal, out))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("journal contains null at index 1");
    assertThat(out.toString()).isEqualTo(JournalJson.toJsonLines(journal.subList(0, 1)));
  }

  @Test
  void write_readsTheJournalOnce_soThatACursorIsWrittenWhole() {
    List<Transaction> journal = everyKindOfPosting().journal();
    Iterator<Transaction> cursor = journal.iterator();
    StringWriter out = new StringWriter();
    JournalJson.write(() -> cursor, out);
    assertThat(out.toString()).isEqualTo(JournalJson.toJsonLines(journal))
        .hasLineCount(journal.size());
    assertThat(JournalJson.toJsonLines(journal.stream()::iterator))
        .isEqualTo(out.toString());
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
