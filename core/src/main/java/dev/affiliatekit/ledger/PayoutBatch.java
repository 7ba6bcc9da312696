package dev.affiliatekit.ledger;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.affiliatekit.internal.Elements;
import dev.affiliatekit.internal.Ids;
import dev.affiliatekit.internal.Texts;
import dev.affiliatekit.money.CurrencyMismatchException;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The result of a payout run: one {@link PayoutLine} per affiliate and currency that the run pays,
 * ordered by affiliate id and currency.
 *
 * <p>Each line's amount is in payout clearing until {@link Ledger#settle} or {@link Ledger#fail}
 * resolves it. {@link #toPayPalCsv(CurrencyUnit, Function, String)} writes the lines of one
 * currency as a PayPal mass-payment file.
 *
 * <pre>{@code
 * PayoutBatch batch = ledger.prepare("payout-2026-04", asOf, rules);
 * String csv = batch.toPayPalCsv(USD, affiliate -> emails.get(affiliate), "Commission for March");
 * // upload csv; when PayPal confirms:
 * ledger.settle("payout-2026-04/settled", batch.key());
 * }</pre>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param key the idempotency key of the run
 * @param sequence the run's position in the journal
 * @param asOf the run's cut-off
 * @param lines the lines, ordered by affiliate id and currency
 */
public record PayoutBatch(String key, long sequence, Instant asOf, List<PayoutLine> lines) {

  /**
   * The codes of the currencies that PayPal pays in whole units only, whatever their scale: HUF
   * and TWD have two decimals in ISO 4217, and a custom unit may give JPY some.
   */
  private static final Set<String> WHOLE_UNITS_ONLY = Set.of("HUF", "JPY", "TWD");

  /** The most decimal places PayPal takes in an amount of any other currency. */
  private static final int MAX_DECIMALS = 2;

  /**
   * Creates a batch.
   *
   * @param key the idempotency key of the run
   * @param sequence the run's position in the journal
   * @param asOf the run's cut-off
   * @param lines the lines, ordered by affiliate id and currency, each with its own id
   * @throws IllegalArgumentException if the key is not valid, the sequence is less than 1, or two
   *     lines have the same id, which a PayPal file would pay twice (the message names the id)
   * @throws CurrencyMismatchException if the lines name two units of one currency code, such as
   *     ISO ISK and a custom ISK of scale 2, which print alike: a ledger keeps one unit per code
   */
  public PayoutBatch {
    checkNotNull(key, "key");
    checkNotNull(asOf, "asOf");
    lines = Elements.copyOf(lines, "lines");
    Checks.id(key, "key");
    checkArgument(sequence >= 1, "batch sequence must be at least 1: %s", sequence);
    checkDistinctIds(sequence, lines);
    Map<String, CurrencyUnit> units = new HashMap<>();
    for (PayoutLine line : lines) {
      CurrencyUnit unit = line.amount().currency();
      CurrencyUnit first = units.putIfAbsent(unit.code(), unit);
      if (first != null && !first.equals(unit)) {
        throw new CurrencyMismatchException(first, unit, "payout batch lines must name one unit"
            + " per currency code: line " + line.id() + " is in " + unit);
      }
    }
  }

  /**
   * Checks that no two lines have the same id. The lines of a run numbered in order, as a ledger
   * numbers them ({@code 42-1}, {@code 42-2}, ...), are distinct as they are, which is told
   * without hashing their ids.
   */
  private static void checkDistinctIds(long sequence, List<PayoutLine> lines) {
    String prefix = sequence + "-";
    boolean numbered = true;
    for (int i = 0; numbered && i < lines.size(); i++) {
      // A valid line id with this prefix has a positive int after it, without leading zeros.
      String id = lines.get(i).id();
      numbered = id.startsWith(prefix)
          && Integer.parseInt(id, prefix.length(), id.length(), 10) == i + 1;
    }
    if (numbered) {
      return;
    }
    Set<String> seen = new HashSet<>();
    for (PayoutLine line : lines) {
      if (!seen.add(line.id())) {
        throw new IllegalArgumentException("payout batch line ids must be distinct: "
            + Texts.quote(line.id()) + " appears twice");
      }
    }
  }

  /** {@return the currencies of the lines, ordered by code} */
  public Set<CurrencyUnit> currencies() {
    SortedSet<CurrencyUnit> currencies = new TreeSet<>();
    for (PayoutLine line : lines) {
      currencies.add(line.amount().currency());
    }
    return Collections.unmodifiableSortedSet(currencies);
  }

  /** Checks that no line is in another unit of the currency's code, which prints alike. */
  private void checkUnit(CurrencyUnit currency) {
    for (PayoutLine line : lines) {
      CurrencyUnit unit = line.amount().currency();
      if (!unit.equals(currency) && unit.code().equals(currency.code())) {
        throw new CurrencyMismatchException(unit, currency, "payout batch currency must be the "
            + unit.code() + " of its lines, one unit per currency code: " + currency);
      }
    }
  }

  /**
   * Returns the total of the lines in a currency.
   *
   * @param currency the currency
   * @return the total; zero if no line is in that currency
   * @throws CurrencyMismatchException if the lines are in another unit of the currency's code,
   *     such as a custom unit that overrides its scale, in which the total would read zero
   */
  public Money total(CurrencyUnit currency) {
    checkNotNull(currency, "currency");
    checkUnit(currency);
    long total = 0;
    for (PayoutLine line : lines) {
      if (line.amount().currency().equals(currency)) {
        total = Math.addExact(total, line.amount().minorUnits());
      }
    }
    return Money.ofMinor(total, currency);
  }

  /**
   * Returns the lines of one currency as a PayPal mass-payment file: one row per line with the
   * recipient, the amount, the currency code, the line id as the unique id, and the note; comma
   * separated, rows ended by CRLF, no header row.
   *
   * <p>A PayPal file holds one currency, so a batch in two currencies makes two files. Amounts are
   * plain decimals with at most two decimal places, as PayPal takes them: at the currency's scale
   * if it has at most two ({@code 50.00}, {@code 1200} for yen), else with two ({@code TND 7.100}
   * as {@code 7.10}). A line with a non-zero digit beyond the second decimal place, such as
   * {@code BHD 4.115} or {@code 50.125} of a custom USD unit of scale 3, which PayPal would
   * reject, is refused: rounding it would pay another amount than the ledger holds in clearing.
   * The file is for the currencies PayPal pays in, which PayPal's Payouts currency codes list
   * names; the library does not check the code, as that list changes. A field with a comma, a
   * semicolon, a quote or a line break is quoted as in RFC 4180, so that a spreadsheet
   * that splits on semicolons keeps it whole. Control characters and line separators in the note
   * become spaces, a leading tab or carriage return too; then a note that a spreadsheet would read
   * as a formula (starting with {@code =}, {@code +}, {@code -}, {@code @}, or a byte-order mark,
   * which a spreadsheet drops at the start of a file) is prefixed with an apostrophe.
   *
   * <p>PayPal pays HUF, JPY and TWD in whole units only, though ISO 4217 gives HUF and TWD two
   * decimals: an amount in one of them is written without decimals ({@code HUF 12345.00} as
   * {@code 12345}), and a line with a fraction, such as {@code HUF 12345.68}, which PayPal would
   * reject, is refused. Whole amounts are the host's to arrange: a program that pays in HUF or TWD
   * keeps the currency in a unit of scale 0, such as {@code CurrencyUnit.custom("HUF", 0)} in its
   * {@link dev.affiliatekit.money.CurrencyTable}, so that every commission, and so every balance,
   * minimum and line, is whole; a line with a fraction, once prepared, can be {@linkplain
   * Ledger#fail(String, String, Set, String) failed} back to payable, brought to a whole amount
   * by an {@link Adjustment}, and paid by the next run. So can a line beyond two decimal places.
   *
   * <p>A recipient is written exactly as given, or refused: PayPal pays the recipient the file
   * names, so an apostrophe would pay another address or leave the payment unclaimed. A recipient
   * that starts as a formula does, such as the valid address {@code -mia@example.com}, is refused,
   * but for a phone number in E.164 form ({@code +15551234567}), which a spreadsheet reads as a
   * number and PayPal needs as it is; pay such an affiliate by another address, phone or PayPal
   * id.
   *
   * <p>For example, a line {@code 7-1} paying jane {@code USD 50.00} with the note {@code
   * Commission, March} is {@code jane@example.com,50.00,USD,7-1,"Commission, March"}.
   *
   * @param currency the currency of the file
   * @param recipientOf the PayPal recipient (email, phone or PayPal id) of each affiliate id
   * @param note the note to every recipient; may be empty
   * @return the file's content; empty if no line is in that currency
   * @throws IllegalArgumentException if {@code recipientOf} gives no recipient ({@code null}) for
   *     an affiliate, or a recipient is not a valid id (blank, longer than 256 characters, or with
   *     a control character, a line separator or an unpaired surrogate) or
   *     starts as a formula and is not a phone number in E.164 form (the message names the
   *     affiliate and the recipient), or a line in HUF, JPY or TWD has a fraction or a line in
   *     another currency has a non-zero digit beyond the second decimal place (the message names
   *     the line, the affiliate and the amount), or the note is longer than 1000
   *     characters or has an unpaired surrogate; nothing is written
   * @throws CurrencyMismatchException if the lines are in another unit of the currency's code,
   *     such as a custom unit that overrides its scale, of which the file would be empty
   */
  public String toPayPalCsv(CurrencyUnit currency, Function<String, String> recipientOf,
      String note) {
    checkNotNull(currency, "currency");
    checkUnit(currency);
    checkNotNull(recipientOf, "recipientOf");
    checkNotNull(note, "note");
    if (note.length() > Checks.MAX_TEXT_LENGTH) {
      // Built only when thrown: quoting the note copies up to its first 64 characters.
      throw new IllegalArgumentException("note must be at most " + Checks.MAX_TEXT_LENGTH
          + " characters: " + Texts.quote(note));
    }
    // Control characters become spaces; half of a surrogate pair has no UTF-8 form at all.
    String flatNote = Csv.flatten(note);
    Texts.checkLine(flatNote, "note");
    String noteCell = Csv.cell(flatNote);
    StringBuilder csv = new StringBuilder();
    for (PayoutLine line : lines) {
      Money amount = line.amount();
      if (!amount.currency().equals(currency)) {
        continue;
      }
      String amountCell = amountCell(line);
      String recipient = recipientOf.apply(line.affiliateId());
      if (recipient == null || !Checks.isPlainAscii(recipient)) {
        recipient = checkRecipient(recipient, line.affiliateId());
      }
      if (Csv.isFormulaRecipient(recipient)) {
        throw new IllegalArgumentException("recipient of affiliate "
            + Texts.quote(line.affiliateId()) + " must not start with =, +, -, @ or a byte-order"
            + " mark, which a spreadsheet reads as a formula, unless it is a phone number in E.164"
            + " form: " + Texts.quote(recipient));
      }
      csv.append(Csv.recipientCell(recipient)).append(',')
          .append(amountCell).append(',')
          .append(currency.code()).append(',')
          .append(line.id()).append(',')
          .append(noteCell).append("\r\n");
    }
    return csv.toString();
  }

  /**
   * Checks a recipient that is not plain ASCII, or is missing, naming the affiliate: built only
   * then, as most recipients are plain email addresses.
   */
  private static String checkRecipient(@Nullable String recipient, String affiliateId) {
    String field = "recipient of affiliate " + Texts.quote(affiliateId);
    if (recipient == null) {
      throw new IllegalArgumentException(field + " must be given: none");
    }
    return Ids.checkId(recipient, field);
  }

  /**
   * Returns a line's amount as a PayPal file gives it: a plain decimal at the currency's scale, or
   * with two decimal places if the scale is more; in a currency PayPal pays in whole units only,
   * the whole amount without decimals.
   *
   * @throws IllegalArgumentException if the amount is in such a currency and has a fraction, or
   *     has a non-zero digit beyond the second decimal place
   */
  private static String amountCell(PayoutLine line) {
    Money amount = line.amount();
    BigDecimal value = amount.amount();
    if (WHOLE_UNITS_ONLY.contains(amount.currency().code())) {
      if (value.stripTrailingZeros().scale() > 0) {
        throw new IllegalArgumentException("payout line " + line.id() + " of affiliate "
            + Texts.quote(line.affiliateId()) + " must be a whole amount, since PayPal pays "
            + amount.currency().code() + " without decimals: " + amount);
      }
      return value.setScale(0, RoundingMode.UNNECESSARY).toPlainString();
    }
    if (value.scale() <= MAX_DECIMALS) {
      return value.toPlainString();
    }
    if (value.stripTrailingZeros().scale() > MAX_DECIMALS) {
      throw new IllegalArgumentException("payout line " + line.id() + " of affiliate "
          + Texts.quote(line.affiliateId()) + " must have at most " + MAX_DECIMALS
          + " decimal places, since PayPal takes no more: " + amount);
    }
    return value.setScale(MAX_DECIMALS, RoundingMode.UNNECESSARY).toPlainString();
  }
}
