package dev.affiliatekit.ledger;

import static dev.affiliatekit.money.CurrencyUnit.EUR;
import static dev.affiliatekit.money.CurrencyUnit.JPY;
import static dev.affiliatekit.money.CurrencyUnit.USD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.testing.EqualsTester;
import com.google.common.testing.NullPointerTester;
import dev.affiliatekit.money.CurrencyMismatchException;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class PayoutBatchTest {

  private static final Instant AS_OF = Instant.parse("2026-04-01T00:00:00Z");
  private static final PayoutBatch BATCH = new PayoutBatch("payout-1", 7, AS_OF, List.of(
      new PayoutLine("7-1", "jane", Money.parse("USD 50.00")),
      new PayoutLine("7-2", "joe", Money.parse("JPY 1200")),
      new PayoutLine("7-3", "joe", Money.parse("USD 1234.56"))));
  private static final Function<String, String> EMAILS =
      Map.of("jane", "jane@example.com", "joe", "joe@example.com")::get;

  @Test
  void totalAndFile_inAnotherUnitOfTheCodeOfTheLines_areAMismatch_notZeroAndEmpty() {
    CurrencyUnit krona = CurrencyUnit.custom("ISK", 2);
    PayoutBatch batch = new PayoutBatch("payout-1", 7, AS_OF, List.of(
        new PayoutLine("7-1", "jane", Money.ofMinor(75_000, krona))));
    String message = "payout batch currency must be the ISK of its lines, one unit per currency "
        + "code: ISK (scale 0, not 2)";

    assertThat(batch.total(krona)).isEqualTo(Money.ofMinor(75_000, krona));
    assertThatThrownBy(() -> batch.total(CurrencyUnit.of("ISK")))
        .isInstanceOf(CurrencyMismatchException.class).hasMessage(message);
    assertThatThrownBy(() -> batch.toPayPalCsv(CurrencyUnit.of("ISK"), EMAILS, "note"))
        .isInstanceOf(CurrencyMismatchException.class).hasMessage(message);
    assertThat(batch.total(EUR).isZero()).isTrue();
    // A batch of lines in both units could be totalled in neither.
    assertThatThrownBy(() -> new PayoutBatch("payout-2", 8, AS_OF, List.of(
        new PayoutLine("8-1", "jane", Money.ofMinor(750, CurrencyUnit.of("ISK"))),
        new PayoutLine("8-2", "joe", Money.ofMinor(75_000, krona)))))
        .isInstanceOf(CurrencyMismatchException.class)
        .hasMessage("payout batch lines must name one unit per currency code: line 8-2 is in ISK"
            + " (scale 2, not 0)");
  }

  /**
   * Regression: a batch given the same line twice was accepted, and its PayPal file paid the
   * affiliate twice, two rows with one unique id.
   */
  @Test
  void repeatedLineId_isRejected_namingTheId() {
    PayoutLine mia = new PayoutLine("3-1", "mia", Money.parse("USD 60.00"));
    PayoutLine zed = new PayoutLine("3-2", "zed", Money.parse("USD 10.00"));
    PayoutLine miaAgain = new PayoutLine("3-1", "mia", Money.parse("USD 5.00"));

    assertThatThrownBy(() -> new PayoutBatch("payout-2026-04", 3, AS_OF, List.of(mia, mia)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("payout batch line ids must be distinct: '3-1' appears twice");
    // Numbered in order up to the repeat, and a repeat out of order, with another amount.
    assertThatThrownBy(() -> new PayoutBatch("payout-2026-04", 3, AS_OF,
        List.of(mia, zed, new PayoutLine("3-2", "zed", Money.parse("EUR 1.00")))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("payout batch line ids must be distinct: '3-2' appears twice");
    assertThatThrownBy(() -> new PayoutBatch("payout-2026-04", 3, AS_OF,
        List.of(zed, miaAgain, mia)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("payout batch line ids must be distinct: '3-1' appears twice");
  }

  @Test
  void distinctLineIds_inAnyOrderOrOfAnyBatch_areAccepted() {
    PayoutLine first = new PayoutLine("3-1", "mia", Money.parse("USD 60.00"));
    PayoutLine second = new PayoutLine("3-2", "zed", Money.parse("USD 10.00"));
    PayoutLine other = new PayoutLine("31-1", "ava", Money.parse("USD 10.00"));

    assertThat(new PayoutBatch("p", 3, AS_OF, List.of(second, first)).lines())
        .containsExactly(second, first);
    assertThat(new PayoutBatch("p", 3, AS_OF, List.of(first, other, second)).lines())
        .containsExactly(first, other, second);
    assertThat(new PayoutBatch("p", 3, AS_OF, List.of()).lines()).isEmpty();
  }

  @Test
  void toPayPalCsv_writesRecipientAmountCurrencyIdAndNote_withoutHeader() {
    assertThat(BATCH.toPayPalCsv(USD, EMAILS, "Commission, March")).isEqualTo(
        "jane@example.com,50.00,USD,7-1,\"Commission, March\"\r\n"
            + "joe@example.com,1234.56,USD,7-3,\"Commission, March\"\r\n");
    assertThat(BATCH.toPayPalCsv(JPY, EMAILS, "")).isEqualTo("joe@example.com,1200,JPY,7-2,\r\n");
    assertThat(BATCH.toPayPalCsv(EUR, EMAILS, "x")).isEmpty();
  }

  @Test
  void toPayPalCsv_quotesQuotes_flattensLineBreaks_andDefusesFormulas() {
    assertThat(BATCH.toPayPalCsv(JPY, EMAILS, "say \"thanks\"\r\nbye"))
        .isEqualTo("joe@example.com,1200,JPY,7-2,\"say \"\"thanks\"\"  bye\"\r\n");
    assertThat(BATCH.toPayPalCsv(JPY, EMAILS, "one\u2028two\u2029three"))
        .isEqualTo("joe@example.com,1200,JPY,7-2,one two three\r\n");
    assertThat(BATCH.toPayPalCsv(JPY, EMAILS, "=HYPERLINK(\"http://x\")"))
        .isEqualTo("joe@example.com,1200,JPY,7-2,\"'=HYPERLINK(\"\"http://x\"\")\"\r\n");
    assertThat(BATCH.toPayPalCsv(JPY, EMAILS, "+1")).endsWith(",'+1\r\n");
    assertThat(BATCH.toPayPalCsv(JPY, EMAILS, "-1")).endsWith(",'-1\r\n");
    assertThat(BATCH.toPayPalCsv(JPY, EMAILS, "@SUM(A1)")).endsWith(",'@SUM(A1)\r\n");
    // A leading tab becomes a space, which no spreadsheet reads as the start of a formula.
    assertThat(BATCH.toPayPalCsv(JPY, EMAILS, "\tx")).endsWith(", x\r\n");
  }

  /**
   * Regression: a note with a semicolon, where a spreadsheet splits on semicolons, put a formula
   * in a cell of its own; and one that began with a byte-order mark, which a spreadsheet drops
   * before it reads the formula after it, was let through.
   */
  @Test
  void toPayPalCsv_defusesAFormulaAfterAByteOrderMark_andQuotesSemicolons() {
    assertThat(BATCH.toPayPalCsv(JPY, EMAILS, "\uFEFF=1+1"))
        .isEqualTo("joe@example.com,1200,JPY,7-2,'\uFEFF=1+1\r\n");
    assertThat(BATCH.toPayPalCsv(JPY, EMAILS, "March;=2+2"))
        .isEqualTo("joe@example.com,1200,JPY,7-2,\"March;=2+2\"\r\n");
  }

  /** Regression: the refusal of a long note gave its length, not the note. */
  @Test
  void toPayPalCsv_aNoteTooLong_isRefusedNamingIt() {
    assertThatThrownBy(() -> BATCH.toPayPalCsv(USD, EMAILS, "n".repeat(1001)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("note must be at most 1000 characters: '" + "n".repeat(64) + "...'");
  }

  @Test
  void toPayPalCsv_aNoteOfTheMostCharacters_isInEveryRow() {
    String note = "n".repeat(1000);
    String csv = BATCH.toPayPalCsv(USD, EMAILS, note);
    assertThat(csv.split("\r\n")).isNotEmpty().allSatisfy(row -> assertThat(row).endsWith(
        "," + note));
  }

  @Test
  void toPayPalCsv_phoneRecipient_keepsItsPlus() {
    // Regression: a phone number, which PayPal needs with its +, got an apostrophe.
    assertThat(BATCH.toPayPalCsv(JPY, affiliate -> "+15551234567", "n"))
        .isEqualTo("+15551234567,1200,JPY,7-2,n\r\n");
    assertThat(BATCH.toPayPalCsv(JPY, affiliate -> "+123456789012345", "n"))
        .isEqualTo("+123456789012345,1200,JPY,7-2,n\r\n");
  }

  /**
   * Regression: a valid address that starts as a formula does, such as {@code -mia@example.com},
   * was written with an apostrophe, {@code '-mia@example.com}, which PayPal would pay instead, or
   * leave unclaimed. Only a recipient written as given is written at all.
   */
  @Test
  void toPayPalCsv_recipientStartingAsAFormula_isRefusedNamingAffiliateAndRecipient() {
    for (String recipient : List.of("-mia@example.com", "=leo@example.com", "+ava@example.com",
        "@joe", "\uFEFF=1+1", "=cmd|' /C calc'!A0", "+1555SUM(A1)", "+12345678901234567", "+",
        "-15551234567")) {
      Function<String, String> recipientOf =
          affiliate -> affiliate.equals("joe") ? recipient : "jane@example.com";
      assertThatThrownBy(() -> BATCH.toPayPalCsv(USD, recipientOf, "n")).as(recipient)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("recipient of affiliate 'joe' must not start with =, +, -, @ or a"
              + " byte-order mark, which a spreadsheet reads as a formula, unless it is a phone"
              + " number in E.164 form: " + dev.affiliatekit.internal.Texts.quote(recipient));
    }
    // Within an address, those characters are no formula, and a comma is quoted as RFC 4180 says.
    assertThat(BATCH.toPayPalCsv(JPY, affiliate -> "mia-=+@example.com", "n"))
        .isEqualTo("mia-=+@example.com,1200,JPY,7-2,n\r\n");
    assertThat(BATCH.toPayPalCsv(JPY, affiliate -> "\"o,neil\"@example.com", "n"))
        .isEqualTo("\"\"\"o,neil\"\"@example.com\",1200,JPY,7-2,n\r\n");
  }

  /**
   * Regression: HUF and TWD amounts were written with the two decimals of ISO 4217, which PayPal,
   * paying them in whole units only, refuses.
   */
  @Test
  void toPayPalCsv_hufTwdAndJpy_areWrittenWhole_andAFractionIsRefused() {
    PayoutBatch whole = new PayoutBatch("payout-1", 7, AS_OF, List.of(
        new PayoutLine("7-1", "jane", Money.parse("HUF 12345.00")),
        new PayoutLine("7-2", "joe", Money.parse("HUF 1000000.00")),
        new PayoutLine("7-3", "joe", Money.parse("TWD 1500.00")),
        new PayoutLine("7-4", "joe", Money.parse("EUR 12.50"))));
    assertThat(whole.toPayPalCsv(CurrencyUnit.of("HUF"), EMAILS, "n")).isEqualTo(
        "jane@example.com,12345,HUF,7-1,n\r\njoe@example.com,1000000,HUF,7-2,n\r\n");
    assertThat(whole.toPayPalCsv(CurrencyUnit.of("TWD"), EMAILS, "n"))
        .isEqualTo("joe@example.com,1500,TWD,7-3,n\r\n");
    assertThat(whole.toPayPalCsv(EUR, EMAILS, "n"))
        .isEqualTo("joe@example.com,12.50,EUR,7-4,n\r\n");

    PayoutBatch fraction = new PayoutBatch("payout-1", 7, AS_OF, List.of(
        new PayoutLine("7-1", "jane", Money.parse("HUF 12345.00")),
        new PayoutLine("7-2", "joe", Money.parse("HUF 12345.68")),
        new PayoutLine("7-3", "joe", Money.parse("TWD 0.50"))));
    assertThatThrownBy(() -> fraction.toPayPalCsv(CurrencyUnit.of("HUF"), EMAILS, "n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("payout line 7-2 of affiliate 'joe' must be a whole amount, since PayPal pays"
            + " HUF without decimals: HUF 12345.68");
    assertThatThrownBy(() -> fraction.toPayPalCsv(CurrencyUnit.of("TWD"), EMAILS, "n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("payout line 7-3 of affiliate 'joe' must be a whole amount, since PayPal pays"
            + " TWD without decimals: TWD 0.50");

    // A unit of scale 0, as a program paying in forints keeps, and a yen given decimals.
    CurrencyUnit forints = CurrencyUnit.custom("HUF", 0);
    CurrencyUnit yen = CurrencyUnit.custom("JPY", 2);
    PayoutBatch custom = new PayoutBatch("payout-1", 7, AS_OF, List.of(
        new PayoutLine("7-1", "jane", Money.ofMinor(12_346, forints)),
        new PayoutLine("7-2", "jane", Money.ofMinor(120_000, yen)),
        new PayoutLine("7-3", "joe", Money.ofMinor(120_050, yen))));
    assertThat(custom.toPayPalCsv(forints, EMAILS, "n"))
        .isEqualTo("jane@example.com,12346,HUF,7-1,n\r\n");
    assertThatThrownBy(() -> custom.toPayPalCsv(yen, EMAILS, "n"))
        .hasMessage("payout line 7-3 of affiliate 'joe' must be a whole amount, since PayPal pays"
            + " JPY without decimals: JPY 1200.50");
  }

  /**
   * Regression: an amount with more than two decimal places, of a custom unit or of a currency of
   * scale 3, was written as it was, which PayPal rejects; only HUF, JPY and TWD were checked.
   */
  @Test
  void toPayPalCsv_beyondTwoDecimals_isRefused_andTrailingZerosAreDropped() {
    Function<String, String> emails =
        Map.of("mia", "mia@example.com", "joe", "joe@example.com")::get;
    CurrencyUnit millidollars = CurrencyUnit.custom("USD", 3);
    PayoutBatch dollars = new PayoutBatch("payout-1", 7, AS_OF, List.of(
        new PayoutLine("7-1", "joe", Money.ofMinor(12_000, millidollars)),
        new PayoutLine("7-2", "mia", Money.ofMinor(50_125, millidollars))));
    assertThatThrownBy(() -> dollars.toPayPalCsv(millidollars, emails, "n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("payout line 7-2 of affiliate 'mia' must have at most 2 decimal places,"
            + " since PayPal takes no more: USD 50.125");

    CurrencyUnit bhd = CurrencyUnit.of("BHD");
    PayoutBatch dinars = new PayoutBatch("payout-1", 7, AS_OF, List.of(
        new PayoutLine("7-1", "mia", Money.parse("BHD 4.115"))));
    assertThatThrownBy(() -> dinars.toPayPalCsv(bhd, emails, "n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("payout line 7-1 of affiliate 'mia' must have at most 2 decimal places,"
            + " since PayPal takes no more: BHD 4.115");

    CurrencyUnit satoshis = CurrencyUnit.custom("XBT", 8);
    PayoutBatch bitcoin = new PayoutBatch("payout-1", 7, AS_OF, List.of(
        new PayoutLine("7-1", "mia", Money.ofMinor(15_240_741, satoshis))));
    assertThatThrownBy(() -> bitcoin.toPayPalCsv(satoshis, emails, "n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("payout line 7-1 of affiliate 'mia' must have at most 2 decimal places,"
            + " since PayPal takes no more: XBT 0.15240741");

    // Zeros beyond the second decimal place are no amount: they are dropped, not refused.
    PayoutBatch whole = new PayoutBatch("payout-1", 7, AS_OF, List.of(
        new PayoutLine("7-1", "mia", Money.parse("BHD 4.110")),
        new PayoutLine("7-2", "mia", Money.parse("TND 7.100")),
        new PayoutLine("7-3", "joe", Money.ofMinor(12_000, millidollars)),
        new PayoutLine("7-4", "joe", Money.ofMinor(1_500_000_000, satoshis))));
    assertThat(whole.toPayPalCsv(bhd, emails, "n")).isEqualTo("mia@example.com,4.11,BHD,7-1,n\r\n");
    assertThat(whole.toPayPalCsv(CurrencyUnit.of("TND"), emails, "n"))
        .isEqualTo("mia@example.com,7.10,TND,7-2,n\r\n");
    assertThat(whole.toPayPalCsv(millidollars, emails, "n"))
        .isEqualTo("joe@example.com,12.00,USD,7-3,n\r\n");
    assertThat(whole.toPayPalCsv(satoshis, emails, "n"))
        .isEqualTo("joe@example.com,15.00,XBT,7-4,n\r\n");

    // Currencies of fewer decimals are written as before.
    assertThat(BATCH.toPayPalCsv(USD, EMAILS, "n")).isEqualTo(
        "jane@example.com,50.00,USD,7-1,n\r\njoe@example.com,1234.56,USD,7-3,n\r\n");
    assertThat(BATCH.toPayPalCsv(JPY, EMAILS, "n")).isEqualTo("joe@example.com,1200,JPY,7-2,n\r\n");
    PayoutBatch forints = new PayoutBatch("payout-1", 7, AS_OF, List.of(
        new PayoutLine("7-1", "mia", Money.parse("HUF 12345.00"))));
    assertThat(forints.toPayPalCsv(CurrencyUnit.of("HUF"), emails, "n"))
        .isEqualTo("mia@example.com,12345,HUF,7-1,n\r\n");
    CurrencyUnit tenths = CurrencyUnit.custom("EUR", 1);
    PayoutBatch euros = new PayoutBatch("payout-1", 7, AS_OF, List.of(
        new PayoutLine("7-1", "mia", Money.ofMinor(125, tenths))));
    assertThat(euros.toPayPalCsv(tenths, emails, "n"))
        .isEqualTo("mia@example.com,12.5,EUR,7-1,n\r\n");
  }

  @Test
  void currencies_areOrderedByCode() {
    // Regression: they were copied into a set of no defined order.
    List<PayoutLine> lines = new java.util.ArrayList<>();
    List<String> codes = List.of("USD", "JPY", "EUR", "CHF", "BHD", "AUD", "GBP", "CAD", "SEK");
    for (int i = 0; i < codes.size(); i++) {
      lines.add(new PayoutLine("7-" + (i + 1), "a" + i, Money.parse(codes.get(i) + " 1")));
    }
    PayoutBatch many = new PayoutBatch("payout-2", 7, AS_OF, lines);

    assertThat(many.currencies()).extracting(CurrencyUnit::code)
        .containsExactly("AUD", "BHD", "CAD", "CHF", "EUR", "GBP", "JPY", "SEK", "USD");
  }

  @Test
  void toPayPalCsv_badRecipient_isRejectedNamingTheAffiliate() {
    assertThatThrownBy(() -> BATCH.toPayPalCsv(JPY, affiliate -> "a\nb", ""))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("recipient of affiliate 'joe' must not contain control character \\u000a at"
            + " index 1: 'a\\u000ab'");
    assertThatThrownBy(() -> BATCH.toPayPalCsv(JPY, affiliate -> " ", ""))
        .hasMessage("recipient of affiliate 'joe' must not be blank: ' '");
  }

  /** Regression: a map without the affiliate's address gave a NullPointerException naming none. */
  @Test
  void toPayPalCsv_noRecipientForAnAffiliate_isRejectedNamingIt() {
    Map<String, String> emails = Map.of("jane", "jane@example.com");

    assertThatThrownBy(() -> BATCH.toPayPalCsv(USD, emails::get, "n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("recipient of affiliate 'joe' must be given: none");
  }

  @Test
  void toPayPalCsv_noteWithAnUnpairedSurrogate_isRejected() {
    // Half of an emoji has no UTF-8 form: the file would carry a replacement character.
    assertThatThrownBy(() -> BATCH.toPayPalCsv(USD, EMAILS, "note \uD83D lone"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("note must not contain unpaired surrogate \\ud83d at index 5: "
            + "'note \\ud83d lone'");
    assertThat(BATCH.toPayPalCsv(USD, EMAILS, "paid \uD83D\uDE00")).contains("paid \uD83D\uDE00");
  }

  @Test
  void totalsAndCurrencies_comeFromTheLines() {
    assertThat(BATCH.total(USD)).isEqualTo(Money.parse("USD 1284.56"));
    assertThat(BATCH.total(EUR)).isEqualTo(Money.parse("EUR 0.00"));
    assertThat(BATCH.currencies()).containsExactlyInAnyOrder(USD, JPY);
  }

  @Test
  void lineIds_fitPayPalsUniqueIdField() {
    String id = PayoutLine.id(Long.MAX_VALUE, Integer.MAX_VALUE);
    assertThat(id).hasSizeLessThanOrEqualTo(30).doesNotContain(" ");
  }

  @Test
  void contracts() {
    new EqualsTester()
        .addEqualityGroup(BATCH, new PayoutBatch("payout-1", 7, AS_OF, BATCH.lines()))
        .addEqualityGroup(new PayoutBatch("payout-1", 8, AS_OF, BATCH.lines()))
        .addEqualityGroup(new PayoutBatch("payout-1", 7, AS_OF, List.of()))
        .testEquals();
    NullPointerTester tester = new NullPointerTester()
        .setDefault(Money.class, Money.parse("USD 1.00"))
        .setDefault(String.class, "id");
    tester.testAllPublicConstructors(PayoutBatch.class);
    tester.testAllPublicInstanceMethods(BATCH);
    tester.testAllPublicConstructors(PayoutLine.class);
  }

  @Test
  void payoutLine_nonPositive_isRejected() {
    assertThatThrownBy(() -> new PayoutLine("1-1", "jane", Money.parse("USD 0.00")))
        .hasMessage("payout amount must be positive: USD 0.00");
  }

  /**
   * Regression: any valid id was taken, though the docs promise at most 30 characters without
   * spaces, and a CSV export wrote it as it was, commas and formulas included.
   */
  @Test
  void payoutLine_idNotASequenceAndALineNumber_isRejected() {
    for (String id : List.of("=HYPERLINK(\"http://x\"),1", "a b", "7", "7-", "-1", "07-1",
        "7-0", "7-2147483648", "9223372036854775808-1", "7-1-1", "\u0667-1")) {
      assertThatThrownBy(() -> new PayoutLine(id, "jane", Money.parse("USD 1.00")))
          .as(id).isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("payout line id must be a batch's sequence and a line number");
    }
    assertThat(new PayoutLine("9223372036854775807-2147483647", "jane", Money.parse("USD 1.00"))
        .id()).hasSize(30);
  }

  @Test
  void payoutRules_minimumsAndEligibility() {
    PayoutRules rules = PayoutRules.minimums(Money.parse("USD 50.00"), Money.parse("EUR 40.00"));
    assertThat(rules.pays("jane", Money.parse("USD 50.00"))).isTrue();
    assertThat(rules.pays("jane", Money.parse("USD 49.99"))).isFalse();
    assertThat(rules.pays("jane", Money.parse("GBP 1000.00"))).isFalse();
    assertThat(rules.minimum(EUR)).contains(Money.parse("EUR 40.00"));
    assertThat(rules.eligibleAffiliates()).isEmpty();
    PayoutRules only = rules.onlyAffiliates(Set.of("joe"));
    assertThat(only.pays("jane", Money.parse("USD 50.00"))).isFalse();
    assertThat(only.pays("joe", Money.parse("USD 50.00"))).isTrue();
    assertThat(only.toString()).isEqualTo("PayoutRules[minimums=[EUR 40.00, USD 50.00], eligible=1"
        + " affiliates]");
  }

  @Test
  void payoutRules_badMinimums_areRejected() {
    assertThatThrownBy(() -> PayoutRules.minimums(new Money[0])).hasMessage("payout minimums must not be empty");
    assertThatThrownBy(() -> PayoutRules.minimums(Money.parse("USD 0.00")))
        .hasMessage("payout minimum must be positive: USD 0.00");
    assertThatThrownBy(() -> PayoutRules.minimums(Money.parse("USD 1.00"), Money.parse("USD 2.00")))
        .hasMessage("payout minimums name USD twice: USD 1.00 and USD 2.00");
    assertThatThrownBy(() -> PayoutRules.minimums(Money.parse("USD 1.00")).onlyAffiliates(Set.of("")))
        .hasMessage("affiliateId must not be blank: ''");
  }

  @Test
  void payoutRules_contracts() {
    PayoutRules usd = PayoutRules.minimums(Money.parse("USD 50.00"));
    new EqualsTester()
        .addEqualityGroup(usd, PayoutRules.minimums(List.of(Money.parse("USD 50.00"))))
        .addEqualityGroup(usd.onlyAffiliates(Set.of("a", "b")), usd.onlyAffiliates(Set.of("b", "a")))
        .addEqualityGroup(usd.onlyAffiliates(Set.of()))
        .addEqualityGroup(PayoutRules.minimums(Money.parse("USD 50.01")))
        .testEquals();
    NullPointerTester tester = new NullPointerTester()
        .setDefault(Money.class, Money.parse("USD 1.00"));
    tester.testAllPublicStaticMethods(PayoutRules.class);
    tester.testAllPublicInstanceMethods(usd);
  }
}
