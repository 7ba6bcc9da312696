package dev.affiliatekit.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** What a PayPal file says of each payment: the recipient and the amount, as they are. */
class PayoutBatchProperties {

  private static final PayoutBatch BATCH = new PayoutBatch("payout-1", 7,
      Instant.parse("2026-04-01T00:00:00Z"),
      List.of(new PayoutLine("7-1", "jane", Money.parse("USD 50.00"))));

  /** Line ids of two batches, numbered from 1 to 4, so that lists of them repeat some. */
  @Provide
  Arbitrary<List<String>> lineIds() {
    return Arbitraries.of("3-1", "3-2", "3-3", "3-4", "31-1", "31-2").list().ofMaxSize(6);
  }

  /**
   * A batch is made exactly when its lines have distinct ids, so that its PayPal file pays each
   * line once, under an id of its own; a repeated id is refused by name.
   */
  @Property
  void batch_ofDistinctLineIds_isMade_andPaysEachOnce(@ForAll("lineIds") List<String> ids) {
    List<PayoutLine> lines = ids.stream()
        .map(id -> new PayoutLine(id, "jane", Money.parse("USD 1.00"))).toList();
    Set<String> distinct = new HashSet<>(ids);
    PayoutBatch batch;
    try {
      batch = new PayoutBatch("payout-3", 3, Instant.parse("2026-04-01T00:00:00Z"), lines);
    } catch (IllegalArgumentException refused) {
      assertThat(distinct).hasSizeLessThan(ids.size());
      assertThat(refused).hasMessageStartingWith("payout batch line ids must be distinct: '");
      String named = refused.getMessage().split("'")[1];
      assertThat(ids.stream().filter(named::equals).count()).isGreaterThan(1);
      return;
    }
    assertThat(distinct).hasSameSizeAs(ids);
    List<String> rows = batch.toPayPalCsv(CurrencyUnit.USD, affiliate -> "jane@example.com", "n")
        .lines().toList();
    assertThat(rows.stream().map(row -> row.split(",")[3]).toList()).isEqualTo(ids);
  }

  /** Recipients of the characters that start formulas, quoted cells and phone numbers. */
  @Provide
  Arbitrary<String> recipients() {
    return Arbitraries.strings().withChars("=+-@\uFEFF0123456789ab.,;\" ").ofMinLength(1)
        .ofMaxLength(20).filter(recipient -> !recipient.isBlank());
  }

  /**
   * A recipient is written so that the file reads back to it exactly, and a spreadsheet reads no
   * formula in it, or it is refused: never written as another recipient.
   */
  @Property
  void recipient_isWrittenAsGiven_orRefused(@ForAll("recipients") String recipient) {
    String csv;
    try {
      csv = BATCH.toPayPalCsv(CurrencyUnit.USD, affiliate -> recipient, "n");
    } catch (IllegalArgumentException refused) {
      assertThat(refused).hasMessageStartingWith("recipient of affiliate 'jane' must not start");
      assertThat(recipient.matches("\\+[0-9]{1,15}")).isFalse();
      assertThat("=+-@\uFEFF").contains(recipient.substring(0, 1));
      return;
    }
    String cell = firstCell(csv);
    assertThat(cell).isEqualTo(recipient);
    assertThat(cell.matches("[=+\\-@\uFEFF].*") && !cell.matches("\\+[0-9]{1,15}")).isFalse();
  }

  /**
   * An amount in forints, which PayPal pays in whole units only, is written whole, to the forint,
   * or refused if it has a fraction; never rounded.
   */
  @Property
  void hufAmount_isWrittenWhole_orRefused(
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 100 - 1) long forints,
      @ForAll @IntRange(min = 0, max = 99) int filler) {
    Assume.that(forints > 0 || filler > 0);
    CurrencyUnit huf = CurrencyUnit.of("HUF");
    Money amount = Money.ofMinor(forints * 100 + filler, huf);
    PayoutBatch batch = new PayoutBatch("payout-1", 7, Instant.parse("2026-04-01T00:00:00Z"),
        List.of(new PayoutLine("7-1", "jane", amount)));
    if (filler != 0) {
      assertThatThrownBy(() -> batch.toPayPalCsv(huf, affiliate -> "jane@example.com", "n"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageEndingWith(" without decimals: " + amount);
      return;
    }
    assertThat(batch.toPayPalCsv(huf, affiliate -> "jane@example.com", "n"))
        .isEqualTo("jane@example.com," + forints + ",HUF,7-1,n\r\n");
  }

  /**
   * An amount of a unit of more than two decimal places, which PayPal does not take, is written
   * with two, to the same value, or refused if a digit beyond them is not zero; never rounded.
   */
  @Property
  void amountBeyondTwoDecimals_isWrittenWithTwo_orRefused(
      @ForAll @LongRange(min = 0, max = Long.MAX_VALUE / 10_000_000 - 1) long cents,
      @ForAll @IntRange(min = 3, max = CurrencyUnit.MAX_SCALE) int scale,
      @ForAll @LongRange(min = 0, max = 9_999_999) long filler) {
    long perCent = BigDecimal.ONE.movePointRight(scale - 2).longValueExact();
    Assume.that(cents > 0 || filler % perCent > 0);
    CurrencyUnit unit = CurrencyUnit.custom("USD", scale);
    Money amount = Money.ofMinor(cents * perCent + filler % perCent, unit);
    PayoutBatch batch = new PayoutBatch("payout-1", 7, Instant.parse("2026-04-01T00:00:00Z"),
        List.of(new PayoutLine("7-1", "jane", amount)));
    if (filler % perCent != 0) {
      assertThatThrownBy(() -> batch.toPayPalCsv(unit, affiliate -> "jane@example.com", "n"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("payout line 7-1 of affiliate 'jane' must have at most 2 decimal places,"
              + " since PayPal takes no more: " + amount);
      return;
    }
    String cell = batch.toPayPalCsv(unit, affiliate -> "jane@example.com", "n").split(",")[1];
    assertThat(cell).matches("[0-9]+\\.[0-9]{2}");
    assertThat(new BigDecimal(cell)).isEqualByComparingTo(amount.amount());
  }

  /** Returns the first cell of a CSV file, unquoted as RFC 4180 says. */
  private static String firstCell(String csv) {
    if (!csv.startsWith("\"")) {
      return csv.substring(0, csv.indexOf(','));
    }
    StringBuilder cell = new StringBuilder();
    for (int i = 1; ; i++) {
      char c = csv.charAt(i);
      if (c == '"' && csv.charAt(i + 1) == '"') {
        cell.append('"');
        i++;
      } else if (c == '"') {
        return cell.toString();
      } else {
        cell.append(c);
      }
    }
  }
}
