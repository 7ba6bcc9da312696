package dev.affiliatekit.json;

import static com.google.common.base.Preconditions.checkNotNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.affiliatekit.internal.Texts;
import dev.affiliatekit.ledger.Account;
import dev.affiliatekit.ledger.AccountKind;
import dev.affiliatekit.ledger.Accrual;
import dev.affiliatekit.ledger.Adjustment;
import dev.affiliatekit.ledger.Entry;
import dev.affiliatekit.ledger.PayoutFailure;
import dev.affiliatekit.ledger.PayoutPreparation;
import dev.affiliatekit.ledger.PayoutRules;
import dev.affiliatekit.ledger.PayoutSettlement;
import dev.affiliatekit.ledger.Posting;
import dev.affiliatekit.ledger.Reinstatement;
import dev.affiliatekit.ledger.Release;
import dev.affiliatekit.ledger.Reversal;
import dev.affiliatekit.ledger.ReversalKind;
import dev.affiliatekit.ledger.Transaction;
import dev.affiliatekit.ledger.Voiding;
import dev.affiliatekit.money.CurrencyTable;
import dev.affiliatekit.money.Money;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The ledger's journal as JSON lines: one transaction per line, with its posting and entries, so
 * that a ledger can be exported and rebuilt with identical balances.
 *
 * <pre>{@code
 * JournalJson.write(ledger.journal(), writer);
 * Ledger copy = Ledger.restore(JournalJson.read(reader), clock);   // same balances
 * }</pre>
 *
 * <p>Each line is a JSON object: {@code {"v":1,"sequence":1,"key":"order-1/jane",
 * "postedAt":"2026-03-01T10:00:00Z","posting":{"type":"accrual",...},"entries":[{"kind":"PENDING",
 * "owner":"jane","amount":"USD 5.00","reference":"order-1/jane"},...]}}. Money is a string in its
 * text format ({@code "USD 5.00"}), never a JSON number; instants are ISO-8601 strings in UTC.
 * The posting's {@code type} is one of {@code accrual}, {@code release}, {@code reversal}, {@code
 * reinstatement}, {@code voiding}, {@code adjustment}, {@code payoutPreparation}, {@code
 * payoutSettlement} and {@code payoutFailure}, with the fields of the matching record. Reading is
 * strict: an unknown or repeated field, a missing field, a wrong type, a blank line or trailing
 * text is an error, so that nothing in a journal is silently dropped or changed.
 */
public final class JournalJson {

  /** The version of the format, written to every line as {@code "v"}. */
  public static final int VERSION = 1;

  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .build();
  private static final JsonFactory FACTORY = MAPPER.getFactory();

  private JournalJson() {}

  /**
   * Writes transactions as JSON lines, each ended by {@code \n}.
   *
   * @param journal the transactions, such as {@code ledger.journal()}
   * @param out where to write; not closed
   * @throws UncheckedIOException if writing fails
   */
  public static void write(Iterable<Transaction> journal, Writer out) {
    checkNotNull(journal, "journal");
    checkNotNull(out, "out");
    try {
      for (Transaction transaction : journal) {
        JsonGenerator json = FACTORY.createGenerator(out);
        json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        writeTransaction(json, checkNotNull(transaction, "journal contains null"));
        json.flush();
        out.write('\n');
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Returns transactions as JSON lines, each ended by {@code \n}.
   *
   * @param journal the transactions, such as {@code ledger.journal()}
   * @return the JSON lines
   */
  public static String toJsonLines(Iterable<Transaction> journal) {
    StringWriter out = new StringWriter();
    write(journal, out);
    return out.toString();
  }

  /**
   * Reads transactions from JSON lines, with currencies of {@link CurrencyTable#iso4217()}.
   *
   * @param in the JSON lines; not closed
   * @return the transactions, in the order read
   * @throws IllegalArgumentException if a line is not a valid transaction, naming the line number
   *     and the problem, or if the reader reports bytes that are not text in its charset (as one
   *     from {@code Files.newBufferedReader} does)
   * @throws UncheckedIOException if reading fails
   */
  public static List<Transaction> read(Reader in) {
    return read(in, CurrencyTable.iso4217());
  }

  /**
   * Reads transactions from JSON lines, with currencies of the given table.
   *
   * <p>The transactions are checked one by one (each balances, every field is valid); {@link
   * dev.affiliatekit.ledger.Ledger#restore} then checks them against each other.
   *
   * @param in the JSON lines; not closed
   * @param currencies the currencies that amounts may name
   * @return the transactions, in the order read
   * @throws IllegalArgumentException if a line is not a valid transaction, naming the line number
   *     and the problem, or if the reader reports bytes that are not text in its charset (as one
   *     from {@code Files.newBufferedReader} does)
   * @throws UncheckedIOException if reading fails
   */
  public static List<Transaction> read(Reader in, CurrencyTable currencies) {
    checkNotNull(in, "in");
    checkNotNull(currencies, "currencies");
    BufferedReader lines = in instanceof BufferedReader buffered ? buffered : new BufferedReader(in);
    List<Transaction> journal = new ArrayList<>();
    int number = 0;
    try {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        number++;
        journal.add(readLine(line, number, currencies));
      }
    } catch (CharacterCodingException e) {
      // Bad bytes, not a failing device: the reader was opened with a decoder that reports them.
      // A reader decodes ahead of the lines it returns, so the bad line may be a later one.
      throw new IllegalArgumentException("journal line " + (number + 1)
          + " or a later one is not text in the reader's charset: "
          + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.copyOf(journal);
  }

  private static Transaction readLine(String line, int number, CurrencyTable currencies) {
    try {
      if (line.isBlank()) {
        throw new IllegalArgumentException("line is blank");
      }
      JsonNode node = MAPPER.readTree(line);
      return new Fields(node, "transaction", currencies).transaction();
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("journal line " + number + " is not valid JSON: "
          + e.getOriginalMessage(), e);
    } catch (IllegalArgumentException | ArithmeticException | DateTimeException e) {
      throw new IllegalArgumentException("journal line " + number + ": " + e.getMessage(), e);
    }
  }

  // ---- writing ----

  /**
   * Writes one transaction as a JSON object in the format of a journal line, without the line
   * break; the program event writer shares it, so that a transaction reads the same in both.
   */
  static void writeTransaction(JsonGenerator json, Transaction transaction) throws IOException {
    json.writeStartObject();
    json.writeNumberField("v", VERSION);
    json.writeNumberField("sequence", transaction.sequence());
    json.writeStringField("key", transaction.key());
    json.writeStringField("postedAt", transaction.postedAt().toString());
    json.writeFieldName("posting");
    writePosting(json, transaction.posting());
    json.writeArrayFieldStart("entries");
    for (Entry entry : transaction.entries()) {
      json.writeStartObject();
      json.writeStringField("kind", entry.account().kind().name());
      json.writeStringField("owner", entry.account().owner());
      json.writeStringField("amount", entry.amount().toString());
      if (entry.reference().isPresent()) {
        json.writeStringField("reference", entry.reference().get());
      }
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  private static void writePosting(JsonGenerator json, Posting posting) throws IOException {
    json.writeStartObject();
    if (posting instanceof Accrual accrual) {
      json.writeStringField("type", "accrual");
      json.writeStringField("affiliateId", accrual.affiliateId());
      json.writeStringField("amount", accrual.amount().toString());
      json.writeStringField("holdUntil", accrual.holdUntil().toString());
      json.writeStringField("orderId", accrual.orderId());
      json.writeStringField("quoteReference", accrual.quoteReference());
      json.writeStringField("explanation", accrual.explanation());
    } else if (posting instanceof Release release) {
      json.writeStringField("type", "release");
      json.writeStringField("asOf", release.asOf().toString());
    } else if (posting instanceof Reversal reversal) {
      json.writeStringField("type", "reversal");
      json.writeStringField("itemKey", reversal.itemKey());
      if (reversal.amount().isPresent()) {
        json.writeStringField("amount", reversal.amount().get().toString());
      }
      json.writeStringField("kind", reversal.kind().name());
      json.writeStringField("reason", reversal.reason());
    } else if (posting instanceof Reinstatement reinstatement) {
      json.writeStringField("type", "reinstatement");
      json.writeStringField("reversalKey", reinstatement.reversalKey());
      json.writeStringField("reason", reinstatement.reason());
    } else if (posting instanceof Voiding voiding) {
      json.writeStringField("type", "voiding");
      json.writeStringField("itemKey", voiding.itemKey());
      json.writeStringField("reason", voiding.reason());
    } else if (posting instanceof Adjustment adjustment) {
      json.writeStringField("type", "adjustment");
      json.writeStringField("affiliateId", adjustment.affiliateId());
      json.writeStringField("amount", adjustment.amount().toString());
      json.writeStringField("reason", adjustment.reason());
    } else if (posting instanceof PayoutPreparation preparation) {
      json.writeStringField("type", "payoutPreparation");
      json.writeStringField("asOf", preparation.asOf().toString());
      json.writeArrayFieldStart("minimums");
      for (Money minimum : preparation.rules().minimumsByCurrency().values()) {
        json.writeString(minimum.toString());
      }
      json.writeEndArray();
      Optional<Set<String>> eligible = preparation.rules().eligibleAffiliates();
      if (eligible.isPresent()) {
        writeStrings(json, "eligibleAffiliates", eligible.get());
      }
    } else if (posting instanceof PayoutSettlement settlement) {
      json.writeStringField("type", "payoutSettlement");
      json.writeStringField("batchKey", settlement.batchKey());
      writeStrings(json, "lineIds", settlement.lineIds());
    } else if (posting instanceof PayoutFailure failure) {
      json.writeStringField("type", "payoutFailure");
      json.writeStringField("batchKey", failure.batchKey());
      writeStrings(json, "lineIds", failure.lineIds());
      json.writeStringField("reason", failure.reason());
    } else {
      throw new AssertionError("bug: unknown posting " + posting.getClass());
    }
    json.writeEndObject();
  }

  /** Writes a set of strings sorted, so that equal sets write equal lines. */
  private static void writeStrings(JsonGenerator json, String field, Set<String> values)
      throws IOException {
    ValueWriters.strings(json, field, new TreeSet<>(values));
  }

  // ---- reading ----

  /** The fields of one JSON object, read strictly: each is read once and none is left over. */
  private static final class Fields {
    private final JsonNode node;
    private final String subject;
    private final CurrencyTable currencies;
    private final Set<String> read = new HashSet<>();

    Fields(JsonNode node, String subject, CurrencyTable currencies) {
      if (!node.isObject()) {
        throw new IllegalArgumentException(subject + " must be a JSON object: " + shape(node));
      }
      this.node = node;
      this.subject = subject;
      this.currencies = currencies;
    }

    Transaction transaction() {
      long version = number("v");
      if (version != VERSION) {
        throw new IllegalArgumentException("journal format version is not supported: " + version);
      }
      long sequence = number("sequence");
      String key = text("key");
      Instant postedAt = instant("postedAt");
      Posting posting = new Fields(field("posting"), "posting", currencies).posting();
      List<Entry> entries = new ArrayList<>();
      JsonNode array = field("entries");
      if (!array.isArray()) {
        throw new IllegalArgumentException("entries must be a JSON array: " + shape(array));
      }
      for (JsonNode element : array) {
        entries.add(new Fields(element, "entry", currencies).entry());
      }
      done();
      return new Transaction(sequence, key, postedAt, posting, entries);
    }

    Entry entry() {
      AccountKind kind = kind("kind", AccountKind.class);
      String owner = text("owner");
      Money amount = money("amount");
      Optional<String> reference = optionalText("reference");
      done();
      return new Entry(new Account(kind, owner, amount.currency()), amount, reference);
    }

    Posting posting() {
      String type = text("type");
      Posting posting = switch (type) {
        case "accrual" -> new Accrual(text("affiliateId"), money("amount"), instant("holdUntil"),
            text("orderId"), text("quoteReference"), text("explanation"));
        case "release" -> new Release(instant("asOf"));
        case "reversal" -> new Reversal(text("itemKey"), optionalText("amount").map(text -> Money.parse(text, currencies)),
            kind("kind", ReversalKind.class), text("reason"));
        case "reinstatement" -> new Reinstatement(text("reversalKey"), text("reason"));
        case "voiding" -> new Voiding(text("itemKey"), text("reason"));
        case "adjustment" -> new Adjustment(text("affiliateId"), money("amount"), text("reason"));
        case "payoutPreparation" -> new PayoutPreparation(instant("asOf"), rules());
        case "payoutSettlement" -> new PayoutSettlement(text("batchKey"), strings("lineIds"));
        case "payoutFailure" -> new PayoutFailure(text("batchKey"), strings("lineIds"),
            text("reason"));
        default -> throw new IllegalArgumentException("posting type is unknown: " + Texts.quote(type));
      };
      done();
      return posting;
    }

    private PayoutRules rules() {
      List<Money> minimums = new ArrayList<>();
      for (String minimum : strings("minimums")) {
        minimums.add(Money.parse(minimum, currencies));
      }
      PayoutRules rules = PayoutRules.minimums(minimums);
      return node.has("eligibleAffiliates") ? rules.onlyAffiliates(strings("eligibleAffiliates"))
          : rules;
    }

    private JsonNode field(String name) {
      JsonNode value = node.get(name);
      if (value == null) {
        throw new IllegalArgumentException(subject + " is missing field " + Texts.quote(name));
      }
      read.add(name);
      return value;
    }

    private String text(String name) {
      JsonNode value = field(name);
      if (!value.isTextual()) {
        throw new IllegalArgumentException(subject + " field " + Texts.quote(name)
            + " must be a string: " + shape(value));
      }
      return value.textValue();
    }

    private Optional<String> optionalText(String name) {
      return node.has(name) ? Optional.of(text(name)) : Optional.empty();
    }

    private long number(String name) {
      JsonNode value = field(name);
      if (!value.isIntegralNumber() || !value.canConvertToLong()) {
        throw new IllegalArgumentException(subject + " field " + Texts.quote(name)
            + " must be a whole number: " + shape(value));
      }
      return value.longValue();
    }

    private Instant instant(String name) {
      String text = text(name);
      try {
        return Instant.parse(text);
      } catch (DateTimeException e) {
        throw new IllegalArgumentException(subject + " field " + Texts.quote(name)
            + " must be an ISO-8601 instant: " + Texts.quote(text), e);
      }
    }

    private Money money(String name) {
      return Money.parse(text(name), currencies);
    }

    private <E extends Enum<E>> E kind(String name, Class<E> type) {
      String text = text(name);
      for (E constant : type.getEnumConstants()) {
        if (constant.name().equals(text)) {
          return constant;
        }
      }
      throw new IllegalArgumentException(subject + " field " + Texts.quote(name)
          + " is not a known " + type.getSimpleName() + ": " + Texts.quote(text));
    }

    private Set<String> strings(String name) {
      JsonNode array = field(name);
      if (!array.isArray()) {
        throw new IllegalArgumentException(subject + " field " + Texts.quote(name)
            + " must be a JSON array: " + shape(array));
      }
      Set<String> values = new LinkedHashSet<>();
      for (JsonNode element : array) {
        if (!element.isTextual()) {
          throw new IllegalArgumentException(subject + " field " + Texts.quote(name)
              + " must hold strings only: " + shape(element));
        }
        if (!values.add(element.textValue())) {
          throw new IllegalArgumentException(subject + " field " + Texts.quote(name)
              + " repeats a value: " + Texts.quote(element.textValue()));
        }
      }
      return values;
    }

    private void done() {
      Iterator<String> names = node.fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        if (!read.contains(name)) {
          throw new IllegalArgumentException(subject + " has an unknown field: " + Texts.quote(name));
        }
      }
    }

    private static String shape(JsonNode value) {
      return value.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
  }

}
