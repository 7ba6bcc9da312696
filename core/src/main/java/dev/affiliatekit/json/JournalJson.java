package dev.affiliatekit.json;

import static com.google.common.base.Preconditions.checkNotNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.affiliatekit.internal.Ids;
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
import java.math.BigDecimal;
import java.nio.charset.CharacterCodingException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The ledger's journal as JSON lines: one transaction per line, with its posting and entries, so
 * that a ledger can be exported and rebuilt with identical balances.
 *
 * <pre>{@code
 * JournalJson.write(ledger.journal(), writer);
 * Ledger copy = Ledger.restore(JournalJson.read(reader), clock);   // same balances
 * }</pre>
 *
 * <p>The copy holds the transactions the journal held when it was read. An operation of a program
 * may post several, such as an order's commission and then its override: a copy read while the
 * program records may end between them (see {@code AffiliateProgram}, what a program keeps).
 *
 * <p>Each line is a JSON object: {@code {"v":1,"sequence":1,"key":"order-1/jane",
 * "postedAt":"2026-03-01T10:00:00Z","posting":{"type":"accrual",...},"entries":[{"kind":"PENDING",
 * "owner":"jane","amount":"USD 5.00","reference":"order-1/jane"},...]}}. Money is a string in its
 * text format ({@code "USD 5.00"}), never a JSON number; instants are ISO-8601 strings in UTC as
 * {@link Instant#toString()} writes them ({@code "2026-03-01T10:00:00Z"}, {@code
 * "2026-03-01T10:00:00.250Z"}). The posting's {@code type} is one of {@code accrual}, {@code
 * release}, {@code reversal}, {@code reinstatement}, {@code voiding}, {@code adjustment}, {@code
 * payoutPreparation}, {@code payoutSettlement} and {@code payoutFailure}, with the fields of the
 * matching record. Reading is strict: an unknown or repeated field, a missing field, a wrong type,
 * an instant in another form (an offset, lower-case letters, a leap second), an amount in another
 * form than {@link Money#toString()} writes (such as {@code "USD 5.000"}, the amount of a unit of
 * scale 3, where the table's USD has scale 2), a blank line or trailing text is an error, so that
 * nothing in a journal is silently dropped or changed. The message names the line, then the path of
 * the value within it, such as {@code journal line 4: entries[4].reference: reference must not be
 * blank: ''}, or the column of text that is not JSON.
 */
public final class JournalJson {

  /** The version of the format, written to every line as {@code "v"}. */
  public static final int VERSION = 1;

  /** The factory of the writer; lines are read with {@link PlanJson#FACTORY}. */
  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  private static final List<String> POSTING_TYPES = List.of("accrual", "release", "reversal",
      "reinstatement", "voiding", "adjustment", "payoutPreparation", "payoutSettlement",
      "payoutFailure");

  private static final String INSTANT_PROBLEM =
      "must be an ISO-8601 instant in UTC such as 2026-03-01T10:00:00Z: ";

  private JournalJson() {}

  /**
   * Writes transactions as JSON lines, each ended by {@code \n}.
   *
   * <p>The journal is read once, as it is written, so that it may be a cursor over a store: a
   * null element, or a failure to write, ends the call with the lines before it written.
   *
   * @param journal the transactions, such as {@code ledger.journal()}; read once
   * @param out where to write; not closed
   * @throws NullPointerException if the journal or {@code out} is null, before anything is
   *     written, or if an element of the journal is, after the lines of those before it
   * @throws UncheckedIOException if writing fails
   */
  public static void write(Iterable<Transaction> journal, Writer out) {
    checkNotNull(journal, "journal");
    checkNotNull(out, "out");
    try {
      int index = 0;
      for (Transaction transaction : journal) {
        checkNotNull(transaction, "journal contains null at index %s", index);
        index++;
        JsonGenerator json = FACTORY.createGenerator(out);
        json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        writeTransaction(json, transaction);
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
   * @throws JsonFormatException if a line is not a valid transaction, naming the line number,
   *     the path of the value within the line and the problem, or if the reader reports bytes that
   *     are not text in its charset (as one from {@code Files.newBufferedReader} does)
   * @throws UncheckedIOException if reading fails
   */
  public static List<Transaction> read(Reader in) {
    return read(in, CurrencyTable.iso4217());
  }

  /**
   * Reads transactions from JSON lines, with currencies of the given table.
   *
   * <p>The transactions are checked one by one (each balances, every field is valid); {@link
   * dev.affiliatekit.ledger.Ledger#restore} then checks them against each other, and keeps them.
   * As the transactions of a ledger do, they share equal values that many lines name: an account,
   * and an id such as an item's key, an entry's reference or an affiliate's id, is one instance
   * however many entries and postings name it.
   *
   * @param in the JSON lines; not closed
   * @param currencies the currencies that amounts may name
   * @return the transactions, in the order read
   * @throws JsonFormatException if a line is not a valid transaction, naming the line number,
   *     the path of the value within the line and the problem, or if the reader reports bytes that
   *     are not text in its charset (as one from {@code Files.newBufferedReader} does)
   * @throws UncheckedIOException if reading fails
   */
  public static List<Transaction> read(Reader in, CurrencyTable currencies) {
    checkNotNull(in, "in");
    checkNotNull(currencies, "currencies");
    BufferedReader lines =
        in instanceof BufferedReader buffered ? buffered : new BufferedReader(in);
    List<Transaction> journal = new ArrayList<>();
    Shared shared = new Shared(currencies);
    int number = 0;
    try {
      for (String line = lines.readLine(); line != null; line = lines.readLine()) {
        number++;
        journal.add(readLine(line, number, shared));
      }
    } catch (CharacterCodingException e) {
      // Bad bytes, not a failing device: the reader was opened with a decoder that reports them.
      // A reader decodes ahead of the lines it returns, so the bad line may be a later one.
      String cause = e.getClass().getSimpleName() + ": " + e.getMessage();
      throw new JsonFormatException("journal line " + (number + 1)
          + " or a later one is not text in the reader's charset: " + cause, number + 1, "",
          "this line or a later one is not text in the reader's charset: " + cause, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.copyOf(journal);
  }

  private static Transaction readLine(String line, int number, Shared shared) {
    if (line.isBlank()) {
      throw atLine(number, new JsonFormatException("", "line is blank"));
    }
    JsonNode node = tree(line, number);
    try {
      return Fields.read(node, shared);
    } catch (JsonFormatException e) {
      throw atLine(number, e);
    } catch (IllegalArgumentException | ArithmeticException | DateTimeException e) {
      throw atLine(number, new JsonFormatException("", String.valueOf(e.getMessage()), e));
    }
  }

  /** {@return the problem of a line, at that line, caused by the problem within the line} */
  private static JsonFormatException atLine(int number, JsonFormatException withinLine) {
    return new JsonFormatException("journal line " + number + ": " + withinLine.getMessage(),
        number, withinLine.path(), withinLine.problem(), withinLine);
  }

  /**
   * Reads one line's JSON value with {@link StrictTree}, which names a repeated field by its path,
   * and checks that nothing but white space follows it.
   */
  private static JsonNode tree(String line, int number) {
    try (JsonParser parser = PlanJson.FACTORY.createParser(line)) {
      try {
        JsonNode tree = StrictTree.read(parser);
        JsonToken trailing = parser.nextToken();
        if (trailing != null) {
          throw notJson(number, parser.currentTokenLocation(),
              "Trailing token (of type " + trailing + ") found after value", null);
        }
        return tree;
      } catch (JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        throw notJson(number, location == null ? parser.currentLocation() : location,
            String.valueOf(e.getOriginalMessage()), e);
      } catch (JsonFormatException e) {
        // A repeated field that StrictTree found, at its path within the line; or the trailing
        // token above, at its line already.
        throw e.line() > 0 ? e : atLine(number, e);
      }
    } catch (IOException e) {
      throw new AssertionError("bug: reading a string failed", e);
    }
  }

  /**
   * Returns the exception for a line that is not JSON, naming the column within the line and the
   * problem, without the parser's description of its source: each line is a document of its own,
   * so that a location inside the problem is a column of the line too.
   */
  private static JsonFormatException notJson(int number, JsonLocation location,
      String problem, @Nullable Throwable cause) {
    String notJson = "is not valid JSON at column " + location.getColumnNr() + ": "
        + PlanJson.parserProblem(problem, "column $2");
    return new JsonFormatException("journal line " + number + " " + notJson, number, "", notJson,
        cause);
  }

  // ---- writing ----

  /**
   * Writes one transaction as a JSON object in the format of a journal line, without the line
   * break; the program event writer shares it, so that a transaction reads the same in both.
   */
  static void writeTransaction(JsonGenerator json, Transaction transaction) throws IOException {
    json.writeStartObject();
    writeTransactionFields(json, transaction);
    json.writeEndObject();
  }

  /** Writes the fields of one transaction as a journal line has them, inside an object. */
  static void writeTransactionFields(JsonGenerator json, Transaction transaction)
      throws IOException {
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

  /**
   * What the lines of one read share: the currency table, and one instance of each equal id and
   * account, as a ledger's own transactions share them. A journal names each account, and each
   * item's key, in many lines: read apart, every entry would hold an account, an owner and a
   * reference of its own, and a ledger restored from the journal, which keeps the transactions
   * read, would take about twice the heap of the ledger that wrote it. Dropped when the read ends,
   * so that its maps hold the ids of one journal for the time it is read.
   */
  private static final class Shared {
    final CurrencyTable currencies;
    /** Each id read, such as a key, a reference or an owner, as a reference to it. */
    private final Map<String, Optional<String>> ids = new HashMap<>();
    private final Map<Account, Account> accounts = new HashMap<>();
    /** The amount read last, and its text: an accrual's first entry repeats the accrual's. */
    @Nullable Money lastAmount;
    @Nullable String lastAmountText;

    Shared(CurrencyTable currencies) {
      this.currencies = currencies;
    }

    /** {@return the first id read equal to the value} */
    String id(String value) {
      return reference(value).orElseThrow();
    }

    /** {@return a reference to the first id read equal to the value} */
    Optional<String> reference(String value) {
      return ids.computeIfAbsent(value, Optional::of);
    }

    /**
     * {@return the first account read equal to the one given; its owner is the first id read
     * equal to the account's owner}
     */
    Account account(Account read) {
      Account account = accounts.get(read);
      if (account == null) {
        account = new Account(read.kind(), id(read.owner()), read.currency());
        accounts.put(account, account);
      }
      return account;
    }
  }

  /**
   * The fields of one JSON object of a line, read strictly: each is read once and none is left
   * over. A problem is a {@link JsonFormatException} whose message starts with the path of
   * the value within the line, such as {@code entries[4].reference}; the path is built only then,
   * since a release can hold hundreds of thousands of entries.
   */
  private static final class Fields {
    private final JsonNode node;
    /** The path of the object, or of the array holding it if {@link #index} is not negative. */
    private final String base;
    private final int index;
    private final Shared shared;
    private final Set<String> read = new HashSet<>();

    private Fields(JsonNode node, String base, int index, Shared shared) {
      this.node = node;
      this.base = base;
      this.index = index;
      this.shared = shared;
      if (!node.isObject()) {
        throw problem(null, "must be a JSON object: " + PlanReader.shape(node));
      }
    }

    static Transaction read(JsonNode node, Shared shared) {
      if (!node.isObject()) {
        throw new JsonFormatException("",
            "transaction must be a JSON object: " + PlanReader.shape(node));
      }
      return new Fields(node, "", -1, shared).transaction();
    }

    private Transaction transaction() {
      JsonNode version = field("v");
      if (!version.isIntegralNumber() || !version.canConvertToLong()
          || version.longValue() != VERSION) {
        throw problem("v", "must be " + VERSION + ", the only version this library reads"
            + PlanReader.numberShape(version));
      }
      long sequence = whole("sequence", 1, Long.MAX_VALUE);
      String key = id("key");
      apply("key", () -> Ids.checkId(key, "key"));
      Instant postedAt = instant("postedAt");
      Posting posting = new Fields(field("posting"), "posting", -1, shared).posting();
      JsonNode array = field("entries");
      if (!array.isArray()) {
        throw problem("entries", "must be a JSON array: " + PlanReader.shape(array));
      }
      List<Entry> entries = new ArrayList<>(array.size());
      for (JsonNode element : array) {
        entries.add(new Fields(element, "entries", entries.size(), shared).entry());
      }
      done("a transaction");
      return construct(() -> new Transaction(sequence, key, postedAt, posting, entries));
    }

    private Entry entry() {
      AccountKind kind = constant("kind", AccountKind.class);
      String owner = text("owner");
      Money amount = money("amount");
      Optional<String> given = optionalText("reference");
      done("an entry");
      Account account =
          shared.account(apply("owner", () -> new Account(kind, owner, amount.currency())));
      given.ifPresent(value -> apply("reference", () -> Ids.checkId(value, "reference")));
      Optional<String> reference = given.isPresent() ? shared.reference(given.get()) : given;
      return construct(() -> new Entry(account, amount, reference));
    }

    private Posting posting() {
      String type = text("type");
      Posting posting = switch (type) {
        case "accrual" -> {
          String affiliateId = id("affiliateId");
          Money amount = money("amount");
          Instant holdUntil = instant("holdUntil");
          String orderId = text("orderId");
          String quoteReference = text("quoteReference");
          String explanation = text("explanation");
          yield construct(() -> new Accrual(affiliateId, amount, holdUntil, orderId,
              quoteReference, explanation));
        }
        case "release" -> new Release(instant("asOf"));
        case "reversal" -> {
          String itemKey = id("itemKey");
          Optional<Money> amount = node.has("amount") ? Optional.of(money("amount"))
              : Optional.empty();
          ReversalKind kind = constant("kind", ReversalKind.class);
          String reason = text("reason");
          yield construct(() -> new Reversal(itemKey, amount, kind, reason));
        }
        case "reinstatement" -> {
          String reversalKey = id("reversalKey");
          String reason = text("reason");
          yield construct(() -> new Reinstatement(reversalKey, reason));
        }
        case "voiding" -> {
          String itemKey = id("itemKey");
          String reason = text("reason");
          yield construct(() -> new Voiding(itemKey, reason));
        }
        case "adjustment" -> {
          String affiliateId = id("affiliateId");
          Money amount = money("amount");
          String reason = text("reason");
          yield construct(() -> new Adjustment(affiliateId, amount, reason));
        }
        case "payoutPreparation" -> {
          Instant asOf = instant("asOf");
          PayoutRules rules = rules();
          yield construct(() -> new PayoutPreparation(asOf, rules));
        }
        case "payoutSettlement" -> {
          String batchKey = id("batchKey");
          Set<String> lineIds = ids("lineIds", "lineId");
          yield construct(() -> new PayoutSettlement(batchKey, lineIds));
        }
        case "payoutFailure" -> {
          String batchKey = id("batchKey");
          Set<String> lineIds = ids("lineIds", "lineId");
          String reason = text("reason");
          yield construct(() -> new PayoutFailure(batchKey, lineIds, reason));
        }
        default -> throw problem("type", "must be one of " + String.join(", ", POSTING_TYPES)
            + ": " + Texts.quote(type));
      };
      done("a posting of type " + type);
      return posting;
    }

    private PayoutRules rules() {
      JsonNode array = field("minimums");
      if (!array.isArray()) {
        throw problem("minimums", "must be a JSON array: " + PlanReader.shape(array));
      }
      List<Money> minimums = new ArrayList<>(array.size());
      for (JsonNode element : array) {
        int at = minimums.size();
        if (!element.isTextual()) {
          throw problem("minimums", at, "must be a string: " + PlanReader.shape(element));
        }
        String text = element.textValue();
        minimums.add(apply("minimums", at, () -> exactMoney(text)));
      }
      PayoutRules rules = apply("minimums", () -> PayoutRules.minimums(minimums));
      if (!node.has("eligibleAffiliates")) {
        return rules;
      }
      Set<String> eligible = ids("eligibleAffiliates", "affiliateId");
      return apply("eligibleAffiliates", () -> rules.onlyAffiliates(eligible));
    }

    private JsonNode field(String name) {
      JsonNode value = node.get(name);
      if (value == null) {
        throw problem(name, "is missing");
      }
      read.add(name);
      return value;
    }

    private String text(String name) {
      JsonNode value = field(name);
      if (!value.isTextual()) {
        throw problem(name, "must be a string: " + PlanReader.shape(value));
      }
      return value.textValue();
    }

    /** Reads a string that names something the journal names elsewhere too, such as a key. */
    private String id(String name) {
      return shared.id(text(name));
    }

    private Optional<String> optionalText(String name) {
      return node.has(name) ? Optional.of(text(name)) : Optional.empty();
    }

    /**
     * Reads a whole number. One beyond a {@code long} fails here, naming the valid range; one
     * within is returned even outside the range, for the record to reject with its own message.
     */
    private long whole(String name, long min, long max) {
      JsonNode value = field(name);
      if (!value.isIntegralNumber()) {
        throw problem(name, PlanReader.notWhole(value));
      }
      if (!value.canConvertToLong()) {
        throw problem(name, "must be within [" + min + ", " + max + "]: "
            + Texts.number(new BigDecimal(value.bigIntegerValue())));
      }
      return value.longValue();
    }

    /**
     * Reads an instant only in the form {@link Instant#toString()} writes it, as amounts are:
     * {@link Instant#parse} alone also takes offsets, lower-case letters, a fraction of another
     * length, a leap second and hour 24, and reads some of them as another instant.
     */
    private Instant instant(String name) {
      String text = text(name);
      try {
        Instant instant = Instant.parse(text);
        if (instant.toString().equals(text)) {
          return instant;
        }
      } catch (DateTimeException e) {
        throw problem(name, INSTANT_PROBLEM + Texts.quote(text), e);
      }
      throw problem(name, INSTANT_PROBLEM + Texts.quote(text));
    }

    private Money money(String name) {
      String text = text(name);
      Money last = shared.lastAmount;
      if (last != null && text.equals(shared.lastAmountText)) {
        return last;
      }
      Money money = apply(name, () -> exactMoney(text));
      shared.lastAmount = money;
      shared.lastAmountText = text;
      return money;
    }

    /**
     * Reads an amount only in the form {@link Money#toString()} writes it, with the decimals of
     * its unit in the table: {@code USD 5.000} is the amount of a unit of scale 3, which a table
     * whose USD has scale 2 must not read as {@code USD 5.00}.
     */
    private Money exactMoney(String text) {
      Money money = Money.parse(text, shared.currencies);
      String written = money.toString();
      if (!written.equals(text)) {
        int scale = money.currency().scale();
        throw new IllegalArgumentException((Amounts.decimals(text) != scale
            ? "money must have the " + scale + " decimals of " + money.currency().code()
                + " in the currency table"
            : "money must be written as the journal writes it, " + written)
            + ": " + Texts.quote(text));
      }
      return money;
    }

    private <E extends Enum<E>> E constant(String name, Class<E> type) {
      String text = text(name);
      E[] constants = type.getEnumConstants();
      for (E constant : constants) {
        if (constant.name().equals(text)) {
          return constant;
        }
      }
      List<String> names = new ArrayList<>(constants.length);
      for (E constant : constants) {
        names.add(constant.name());
      }
      throw problem(name, "must be one of " + String.join(", ", names) + ": " + Texts.quote(text));
    }

    /**
     * Reads an array of ids, each checked as the posting checks it, by the name it gives one, so
     * that a bad id is refused at its path, such as {@code posting.lineIds[1]}.
     */
    private Set<String> ids(String name, String idName) {
      Set<String> ids = strings(name);
      int at = 0;
      for (String id : ids) {
        apply(name, at++, () -> Ids.checkId(id, idName));
      }
      return ids;
    }

    private Set<String> strings(String name) {
      JsonNode array = field(name);
      if (!array.isArray()) {
        throw problem(name, "must be a JSON array: " + PlanReader.shape(array));
      }
      Set<String> values = new LinkedHashSet<>();
      for (JsonNode element : array) {
        int at = values.size();
        if (!element.isTextual()) {
          throw problem(name, at, "must be a string: " + PlanReader.shape(element));
        }
        if (!values.add(element.textValue())) {
          throw problem(name, at, "repeats a value: " + Texts.quote(element.textValue()));
        }
      }
      return values;
    }

    private void done(String what) {
      Iterator<String> names = node.fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        if (!read.contains(name)) {
          throw problem(name, "is not a field of " + what);
        }
      }
    }

    /**
     * Builds a record of the library, which rejects values with its own messages, such as {@code
     * affiliateId must not be blank: ''} or {@code reversal amount must not be zero: USD 0.00}: at
     * the path of the field the message names first, if it names one read here, or else at the
     * object's path.
     */
    private <T> T construct(Supplier<T> step) {
      try {
        return step.get();
      } catch (IllegalArgumentException | ArithmeticException | DateTimeException e) {
        String message = String.valueOf(e.getMessage());
        throw problem(fieldNamedBy(message), -1, message, e);
      }
    }

    /** Returns the field read here that a message opens with, after the record's name if any. */
    private @Nullable String fieldNamedBy(String message) {
      String afterRecord = message.substring(message.indexOf(' ') + 1);
      for (String opening : List.of(message, afterRecord)) {
        for (String name : read) {
          if (opensWith(opening, name)) {
            return name;
          }
        }
      }
      return null;
    }

    private static boolean opensWith(String message, String name) {
      return message.startsWith(name) && message.length() > name.length()
          && (message.charAt(name.length()) == ' ' || message.charAt(name.length()) == '[');
    }

    /** Runs a step of the library, which rejects values with its own messages, at a path. */
    @CanIgnoreReturnValue
    private <T> T apply(@Nullable String name, Supplier<T> step) {
      return apply(name, -1, step);
    }

    @CanIgnoreReturnValue
    private <T> T apply(@Nullable String name, int element, Supplier<T> step) {
      try {
        return step.get();
      } catch (IllegalArgumentException | ArithmeticException | DateTimeException e) {
        throw problem(name, element, String.valueOf(e.getMessage()), e);
      }
    }

    private JsonFormatException problem(@Nullable String name, String problem) {
      return problem(name, -1, problem, null);
    }

    private JsonFormatException problem(@Nullable String name, String problem,
        Throwable cause) {
      return problem(name, -1, problem, cause);
    }

    private JsonFormatException problem(String name, int element, String problem) {
      return problem(name, element, problem, null);
    }

    /**
     * Returns the exception for a problem with the named field, or with the object if the name is
     * null, or with an element of the named array if {@code element} is not negative.
     */
    private JsonFormatException problem(@Nullable String name, int element, String problem,
        @Nullable Throwable cause) {
      String path = index < 0 ? base : base + "[" + index + "]";
      if (name != null) {
        path = PlanJson.fieldPath(path, name);
      }
      if (element >= 0) {
        path = path + "[" + element + "]";
      }
      return new JsonFormatException(path, problem, cause);
    }
  }
}
