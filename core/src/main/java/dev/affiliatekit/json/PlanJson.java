package dev.affiliatekit.json;

import static com.google.common.base.Preconditions.checkNotNull;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import dev.affiliatekit.commission.Base;
import dev.affiliatekit.commission.CommissionPlan;
import dev.affiliatekit.commission.CommissionRule;
import dev.affiliatekit.commission.Condition;
import dev.affiliatekit.commission.Milestone;
import dev.affiliatekit.commission.Payout;
import dev.affiliatekit.commission.PeriodCap;
import dev.affiliatekit.commission.RecurringTerm;
import dev.affiliatekit.commission.RuleTarget;
import dev.affiliatekit.internal.Texts;
import dev.affiliatekit.money.CurrencyTable;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Commission plans as JSON: a documented, versioned format that people can write by hand and
 * programs can store, read strictly.
 *
 * <pre>{@code
 * CommissionPlan plan = PlanJson.read(Path.of("plan.json"));
 * String json = PlanJson.toJson(plan);        // PlanJson.parse(json) equals plan
 * }</pre>
 *
 * <p>A plan in version 1 of the format:
 *
 * <pre>{@code
 * {
 *   "version": 1,
 *   "precedence": "FIRST_MATCH",
 *   "rounding": "HALF_EVEN",
 *   "zone": "UTC",
 *   "recordZero": true,
 *   "capPerConversion": "USD 200.00",
 *   "periodCaps": [ { "period": "MONTH", "cap": "USD 1000.00" } ],
 *   "milestones": [ { "id": "hundredth", "period": "MONTH", "sale": 100, "bonus": "USD 50.00" } ],
 *   "overrideRates": [ "10%", "5%" ],
 *   "rules": [
 *     { "id": "default", "rate": "10%" },
 *     { "id": "skin-care-micro",
 *       "target": { "categories": [ "SKIN_CARE" ] },
 *       "when": { "attribute": "affiliate.followers", "min": 1500, "max": 100000 },
 *       "tiered": { "by": "sales", "period": "MONTH", "mode": "WHOLE_PERIOD",
 *                   "tiers": [ { "from": 1, "rate": "15%" }, { "from": 51, "rate": "20%" } ] } },
 *     { "id": "saas", "priority": 1,
 *       "when": { "all": [ { "attribute": "item.category", "is": "SAAS" },
 *                          { "not": { "attribute": "customer.country", "in": [ "FR", "IT" ] } } ] },
 *       "base": { "afterDiscount": true, "shipping": false, "tax": false },
 *       "rate": "30%", "recurring": { "firstMonths": 12 }, "cap": "USD 200.00" }
 *   ]
 * }
 * }</pre>
 *
 * <p>The fields, all optional except {@code version} and {@code rules} (and a rule's {@code id} and
 * payout):
 *
 * <ul>
 *   <li>Plan: {@code version} (1); {@code precedence} ({@code FIRST_MATCH} or {@code
 *       BEST_FOR_AFFILIATE}); {@code rounding} (a {@link java.math.RoundingMode} name other than
 *       {@code UNNECESSARY}); {@code zone} (a time zone id); {@code recordZero}; {@code
 *       capPerConversion} and {@code minimumPerConversion}; {@code periodCaps} ({@code period},
 *       {@code cap}); {@code milestones} ({@code id}, {@code period}, {@code sale}, {@code bonus},
 *       {@code when}); {@code overrideRates}, nearest parent first; {@code rules}, in order.
 *   <li>Rule: {@code id}; {@code priority} (a whole number); {@code target}, one of {@code
 *       groups}, {@code categories}, {@code products} and {@code affiliates} with a list of keys
 *       (the program if absent); {@code when}, a condition; {@code base} ({@code afterDiscount},
 *       {@code shipping}, {@code tax}); exactly one payout: {@code rate}, {@code
 *       flatPerConversion}, {@code flatPerUnit} or {@code tiered} ({@code by} {@code sales} or
 *       {@code revenue}, {@code period}, {@code mode} {@code WHOLE_PERIOD} or {@code PROGRESSIVE},
 *       {@code tiers} of {@code from} and {@code rate}, where {@code from} is a sale number or an
 *       amount); {@code recurring}, {@code "lifetime"} or an object with {@code firstPeriods} or
 *       {@code firstMonths} and an optional {@code then} rate; {@code cap}; {@code minimum}.
 *   <li>Condition: {@code {"all": [...]}}, {@code {"any": [...]}}, {@code {"not": {...}}}, or an
 *       {@code attribute} key (see {@link dev.affiliatekit.commission.Attribute}) with {@code
 *       is}, {@code in} or {@code startsWith} for text, or {@code min} and/or {@code max} for
 *       numbers (JSON whole numbers) and money, bounds included; nested at most {@value
 *       Condition#MAX_DEPTH} levels deep, counting the atom, with at most {@value
 *       Condition#MAX_PARTS} parts in all.
 * </ul>
 *
 * <p>Money and rates are JSON strings in their text formats ({@code "USD 12.34"}, {@code "12.5%"}),
 * never floating-point numbers; an amount has at most the decimals of its currency in the table it
 * is read with, so that {@code "USD 5.000"}, an amount of a unit of scale 3, is refused where USD
 * has scale 2 rather than read as another unit's amount. Every rate (of a rule, a tier, a {@code
 * then}, an override) is a percentage with its {@code %}: a fraction, which {@link Rate#parse}
 * also reads, is refused, so that {@code "1"} written for 1% does not pay 100%, as in {@code
 * rules[0].rate: must be a percentage such as "12.5%", not a fraction: '1'}. Periods, modes and
 * precedences are upper-case names. Reading is strict: an unknown, repeated or null field, a wrong
 * type, a value out of range, trailing text, or a plan the library rejects (two rules that tie,
 * amounts in two currencies) throws a {@link JsonFormatException} whose message starts with the
 * JSON path of the value, such as {@code rules[3].rate: rate must be within [0%, 100%]: '150%'}.
 *
 * <p>Writing always writes the plan's own settings ({@code precedence}, {@code rounding}, {@code
 * zone} and {@code recordZero}), even when they are the defaults, so that a saved plan shows them.
 * It leaves out what the plan does not have (no {@code capPerConversion} or {@code
 * minimumPerConversion}, no {@code periodCaps}, {@code milestones} or {@code overrideRates}), and
 * in a rule or milestone what equals its default: {@code priority} 0, the program as {@code
 * target}, no {@code when}, the items after discount as {@code base}, a {@code lifetime} {@code
 * recurring} term, no {@code cap} or {@code minimum}. Reading what was written, with a currency
 * table that holds the plan's units, gives an equal plan. Text names a unit by its code alone, so
 * a plan that names two units of one code, such as a condition on {@code sale.total} in a custom
 * {@code USD} of three decimals beside amounts in ISO {@code USD}, does not read back: a table
 * holds one unit per code, as a ledger keeps one. (Such a condition never holds for the plan's
 * sales anyway: a money range in another unit is unknown, see {@link
 * dev.affiliatekit.commission.Condition}.)
 */
public final class PlanJson {

  /** The version of the format, written as {@code "version"}. */
  public static final int VERSION = 1;

  /**
   * The factory of the parsers and generators of the plan and program formats. Its parsers are
   * read with {@link StrictTree}, which rejects a repeated field at its path, and leave a
   * caller's reader open.
   */
  static final JsonFactory FACTORY = JsonFactory.builder()
      .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
      // A parser's own message would quote the document raw, control characters and all, in
      // the cause of the library's exception, before Jackson 2.16 made that the default.
      .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
      .build();

  /** The byte order mark that some editors put at the start of a UTF-8 file. */
  private static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

  /**
   * The parser's description of its input in a location, such as {@code [Source: REDACTED (...);
   * line: 1, column: 9]}, with the line and the column as groups.
   */
  private static final Pattern PARSER_SOURCE =
      Pattern.compile("\\[Source: [^\\]]*; line: ([0-9]+), column: ([0-9]+)\\]");
  /** The parser's setting named with a limit, such as {@code , from `StreamReadConstraints...`}. */
  private static final Pattern PARSER_SETTING = Pattern.compile(", from `[^`]*`");

  private PlanJson() {}

  /**
   * Reads a plan from JSON text, with currencies of {@link CurrencyTable#iso4217()}.
   *
   * @param json the plan in the format of this class
   * @return the plan
   * @throws JsonFormatException if the text is not a valid plan, naming the path and the value
   */
  public static CommissionPlan parse(String json) {
    return parse(json, CurrencyTable.iso4217());
  }

  /**
   * Reads a plan from JSON text, with currencies of the given table.
   *
   * @param json the plan in the format of this class
   * @param currencies the currencies that amounts may name
   * @return the plan
   * @throws JsonFormatException if the text is not a valid plan, naming the path and the value
   */
  public static CommissionPlan parse(String json, CurrencyTable currencies) {
    checkNotNull(json, "json");
    checkNotNull(currencies, "currencies");
    return fromTree(tree(json), currencies);
  }

  /**
   * Reads a plan from a reader, with currencies of {@link CurrencyTable#iso4217()}.
   *
   * @param in the plan in the format of this class; not closed
   * @return the plan
   * @throws JsonFormatException if the text is not a valid plan, naming the path and the value,
   *     or if the reader reports bytes that are not text in its charset
   * @throws UncheckedIOException if reading fails
   */
  public static CommissionPlan read(Reader in) {
    return read(in, CurrencyTable.iso4217());
  }

  /**
   * Reads a plan from a reader, with currencies of the given table.
   *
   * @param in the plan in the format of this class; not closed
   * @param currencies the currencies that amounts may name
   * @return the plan
   * @throws JsonFormatException if the text is not a valid plan, naming the path and the value,
   *     or if the reader reports bytes that are not text in its charset
   * @throws UncheckedIOException if reading fails
   */
  public static CommissionPlan read(Reader in, CurrencyTable currencies) {
    checkNotNull(in, "in");
    checkNotNull(currencies, "currencies");
    return fromTree(tree(in), currencies);
  }

  /**
   * Reads a plan from a UTF-8 file, with currencies of {@link CurrencyTable#iso4217()}. A leading
   * byte order mark is skipped.
   *
   * @param file the file
   * @return the plan
   * @throws JsonFormatException if the file is not UTF-8, naming the offset of the first bad byte,
   *     or not a valid plan, naming the path and the value
   * @throws UncheckedIOException if reading fails, such as when the file does not exist
   */
  public static CommissionPlan read(Path file) {
    return read(file, CurrencyTable.iso4217());
  }

  /**
   * Reads a plan from a UTF-8 file, with currencies of the given table. A leading byte order mark
   * is skipped.
   *
   * @param file the file
   * @param currencies the currencies that amounts may name
   * @return the plan
   * @throws JsonFormatException if the file is not UTF-8, naming the offset of the first bad byte,
   *     or not a valid plan, naming the path and the value
   * @throws UncheckedIOException if reading fails, such as when the file does not exist
   */
  public static CommissionPlan read(Path file, CurrencyTable currencies) {
    checkNotNull(file, "file");
    checkNotNull(currencies, "currencies");
    return fromTree(tree(utf8(file)), currencies);
  }

  /**
   * Returns the text of a UTF-8 file, without a leading byte order mark.
   *
   * @throws JsonFormatException if the file is not UTF-8, naming the offset of the first bad byte
   * @throws UncheckedIOException if reading fails
   */
  static String utf8(Path file) {
    ByteBuffer bytes;
    try {
      bytes = ByteBuffer.wrap(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (bytes.remaining() >= UTF8_BOM.length
        && bytes.slice(0, UTF8_BOM.length).equals(ByteBuffer.wrap(UTF8_BOM))) {
      bytes.position(UTF8_BOM.length);
    }
    CharBuffer text = CharBuffer.allocate(bytes.remaining());
    CoderResult result = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT)
        .decode(bytes, text, true);
    if (result.isError()) {
      throw new JsonFormatException("", String.format(Locale.ROOT,
          "is not UTF-8: invalid byte 0x%02X at offset %d", bytes.get(bytes.position()),
          bytes.position()));
    }
    return text.flip().toString();
  }

  /**
   * Reads a plan from a Jackson tree, for documents that hold a plan among other things.
   *
   * @param node the plan's JSON object
   * @param currencies the currencies that amounts may name
   * @return the plan
   * @throws JsonFormatException if the node is not a valid plan, naming the path inside it
   */
  static CommissionPlan fromTree(JsonNode node, CurrencyTable currencies) {
    if (node == null || node.isMissingNode()) {
      throw new JsonFormatException("", "must be a JSON object: empty");
    }
    checkConditionDepths(node.path("rules"), "rules");
    checkConditionDepths(node.path("milestones"), "milestones");
    return PlanReader.read(node, "", currencies);
  }

  /**
   * Checks that the {@code when} of every element of a list nests at most {@link
   * Condition#MAX_DEPTH} levels, before the plan is read, so that a deeper one is reported at the
   * path of its {@code when}, such as {@code rules[0].when: condition must be at most 64 levels
   * deep: 65}. Whatever is not a list of objects is left to the reader to reject.
   */
  private static void checkConditionDepths(JsonNode list, String path) {
    for (int i = 0; i < list.size(); i++) {
      JsonNode when = list.path(i).path("when");
      int depth = conditionDepth(when);
      if (depth > Condition.MAX_DEPTH) {
        throw new JsonFormatException(path + "[" + i + "].when", "condition must be at most "
            + Condition.MAX_DEPTH + " levels deep: " + depth);
      }
    }
  }

  /**
   * Returns how many levels a condition in JSON nests, as {@link Condition} counts them: one for
   * an atom, and one more for each {@code all}, {@code any} or {@code not} around it; zero for a
   * missing one. It walks the tree without recursion, so any depth Jackson reads is safe.
   */
  private static int conditionDepth(JsonNode condition) {
    if (condition.isMissingNode()) {
      return 0;
    }
    int deepest = 0;
    Deque<JsonNode> nodes = new ArrayDeque<>();
    Deque<Integer> levels = new ArrayDeque<>();
    nodes.push(condition);
    levels.push(1);
    while (!nodes.isEmpty()) {
      JsonNode node = nodes.pop();
      int level = levels.pop();
      deepest = Math.max(deepest, level);
      for (String junction : List.of("all", "any")) {
        for (JsonNode part : node.path(junction)) {
          nodes.push(part);
          levels.push(level + 1);
        }
      }
      JsonNode negated = node.path("not");
      if (!negated.isMissingNode()) {
        nodes.push(negated);
        levels.push(level + 1);
      }
    }
    return deepest;
  }

  /**
   * Returns the path of a field of the object at {@code path}: the names joined by a dot, with an
   * empty name shown as {@code ""} so that the path still names it.
   */
  static String fieldPath(String path, String name) {
    return path.isEmpty() ? shownField(name) : path + "." + shownField(name);
  }

  /**
   * {@return a field's name as a path shows it: {@code ""} if empty, as it is if it is a plain name
   * (ASCII letters, digits and underscores, at most 64 of them), else quoted and escaped, and cut
   * if long, so that an unknown field of any name makes a short, readable message that no real
   * path can be mistaken for, such as {@code 'rules[0].rate'}}
   */
  static String shownField(String name) {
    if (name.isEmpty()) {
      return "\"\"";
    }
    boolean plain = name.length() <= 64
        && name.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c) || c == '_'));
    return plain ? name : Texts.quote(name);
  }

  /**
   * Reads JSON text into a tree with {@link StrictTree}.
   *
   * @throws JsonFormatException if the text is not JSON or repeats a field
   */
  static JsonNode tree(String json) {
    try (JsonParser parser = FACTORY.createParser(json)) {
      return tree(parser);
    } catch (IOException e) {
      throw new AssertionError("bug: reading a string failed", e);
    }
  }

  /**
   * Reads JSON text into a tree with {@link StrictTree}.
   *
   * @throws JsonFormatException if the text is not JSON or repeats a field
   * @throws UncheckedIOException if reading fails
   */
  static JsonNode tree(Reader in) {
    try (JsonParser parser = FACTORY.createParser(in)) {
      return tree(parser);
    } catch (CharacterCodingException e) {
      // Bad bytes, not a failing device: the reader was opened with a decoder that reports them.
      throw new JsonFormatException("", "is not text in the reader's charset: "
          + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads the parser's one JSON value, and checks that nothing but white space follows it. */
  private static JsonNode tree(JsonParser parser) throws IOException {
    try {
      JsonNode tree = StrictTree.read(parser);
      JsonToken trailing = tree.isMissingNode() ? null : parser.nextToken();
      if (trailing != null) {
        throw new JsonFormatException("", "is not valid JSON"
            + where(parser.currentTokenLocation()) + ": Trailing token (of type " + trailing
            + ") found after value");
      }
      return tree;
    } catch (JsonProcessingException e) {
      // A limit of the parser, such as the length of a number, comes without a location.
      JsonLocation location = e.getLocation() == null ? parser.currentLocation() : e.getLocation();
      throw new JsonFormatException("", "is not valid JSON" + where(location) + ": "
          + parserProblem(String.valueOf(e.getOriginalMessage()), "line $1, column $2"), e);
    }
  }

  /**
   * Returns the parser's problem as the reader's messages show it: a location inside it, such as
   * where an unclosed array starts, as {@code location} ({@code "line $1, column $2"}) says,
   * without the parser's description of its source or the name of its setting.
   */
  static String parserProblem(String problem, String location) {
    String shown = PARSER_SOURCE.matcher(problem).replaceAll(location);
    // The parser shows the token it stopped at as written, control characters and all.
    return Texts.printable(PARSER_SETTING.matcher(shown).replaceAll(""));
  }

  private static String where(@Nullable JsonLocation location) {
    return location == null ? ""
        : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
  }

  /**
   * Returns the plan as indented JSON text, ending with a line break.
   *
   * @param plan the plan
   * @return the JSON text
   */
  public static String toJson(CommissionPlan plan) {
    StringWriter out = new StringWriter();
    write(plan, out);
    return out.toString();
  }

  /**
   * Writes the plan as indented JSON text, ending with a line break.
   *
   * @param plan the plan
   * @param out where to write; not closed
   * @throws UncheckedIOException if writing fails
   */
  public static void write(CommissionPlan plan, Writer out) {
    checkNotNull(plan, "plan");
    checkNotNull(out, "out");
    try {
      JsonGenerator json = FACTORY.createGenerator(out);
      json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      DefaultPrettyPrinter printer = new DefaultPrettyPrinter()
          .withObjectIndenter(new DefaultIndenter("  ", "\n"))
          .withArrayIndenter(new DefaultIndenter("  ", "\n"));
      json.setPrettyPrinter(printer);
      writePlan(json, plan);
      json.flush();
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static void writePlan(JsonGenerator json, CommissionPlan plan) throws IOException {
    json.writeStartObject();
    writePlanFields(json, plan);
    json.writeEndObject();
  }

  /** Writes the fields of the plan's object, for a caller that wrote its start (and a type id). */
  static void writePlanFields(JsonGenerator json, CommissionPlan plan) throws IOException {
    json.writeNumberField("version", VERSION);
    json.writeStringField("precedence", plan.precedence().name());
    json.writeStringField("rounding", plan.rounding().name());
    json.writeStringField("zone",
        plan.zone().equals(ZoneOffset.UTC) ? "UTC" : plan.zone().getId());
    json.writeBooleanField("recordZero", plan.recordsZero());
    if (plan.capPerConversion().isPresent()) {
      writeMoney(json, "capPerConversion", plan.capPerConversion().get());
    }
    if (plan.minimumPerConversion().isPresent()) {
      writeMoney(json, "minimumPerConversion", plan.minimumPerConversion().get());
    }
    if (!plan.periodCaps().isEmpty()) {
      json.writeArrayFieldStart("periodCaps");
      for (PeriodCap cap : plan.periodCaps()) {
        json.writeStartObject();
        json.writeStringField("period", cap.period().name());
        writeMoney(json, "cap", cap.cap());
        json.writeEndObject();
      }
      json.writeEndArray();
    }
    if (!plan.milestones().isEmpty()) {
      json.writeArrayFieldStart("milestones");
      for (Milestone milestone : plan.milestones()) {
        json.writeStartObject();
        json.writeStringField("id", milestone.id());
        json.writeStringField("period", milestone.period().name());
        json.writeNumberField("sale", milestone.sale());
        writeMoney(json, "bonus", milestone.bonus());
        writeWhen(json, milestone.condition());
        json.writeEndObject();
      }
      json.writeEndArray();
    }
    if (!plan.overrideRates().isEmpty()) {
      json.writeArrayFieldStart("overrideRates");
      for (Rate rate : plan.overrideRates()) {
        json.writeString(rate.toString());
      }
      json.writeEndArray();
    }
    json.writeArrayFieldStart("rules");
    for (CommissionRule rule : plan.rules()) {
      writeRule(json, rule);
    }
    json.writeEndArray();
  }

  private static void writeRule(JsonGenerator json, CommissionRule rule) throws IOException {
    json.writeStartObject();
    json.writeStringField("id", rule.id());
    if (rule.priority() != 0) {
      json.writeNumberField("priority", rule.priority());
    }
    RuleTarget target = rule.target();
    if (target.level() != RuleTarget.Level.PROGRAM) {
      json.writeObjectFieldStart("target");
      json.writeArrayFieldStart(switch (target.level()) {
        case GROUP -> "groups";
        case CATEGORY -> "categories";
        case PRODUCT -> "products";
        default -> "affiliates";
      });
      for (String key : target.keys()) {
        json.writeString(key);
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    writeWhen(json, rule.condition());
    Base base = rule.base();
    if (!base.equals(Base.itemsAfterDiscount())) {
      json.writeObjectFieldStart("base");
      json.writeBooleanField("afterDiscount", base.afterDiscount());
      json.writeBooleanField("shipping", base.includesShipping());
      json.writeBooleanField("tax", base.includesTax());
      json.writeEndObject();
    }
    writePayout(json, rule.payout());
    RecurringTerm term = rule.recurring();
    if (term instanceof RecurringTerm.FirstPeriods periods) {
      json.writeObjectFieldStart("recurring");
      json.writeNumberField("firstPeriods", periods.periods());
      writeThen(json, periods.then().orElse(null));
      json.writeEndObject();
    } else if (term instanceof RecurringTerm.FirstMonths months) {
      json.writeObjectFieldStart("recurring");
      json.writeNumberField("firstMonths", months.months());
      writeThen(json, months.then().orElse(null));
      json.writeEndObject();
    }
    if (rule.cap().isPresent()) {
      writeMoney(json, "cap", rule.cap().get());
    }
    if (rule.minimum().isPresent()) {
      writeMoney(json, "minimum", rule.minimum().get());
    }
    json.writeEndObject();
  }

  private static void writeThen(JsonGenerator json, @Nullable Rate then)
      throws IOException {
    if (then != null) {
      json.writeStringField("then", then.toString());
    }
  }

  private static void writePayout(JsonGenerator json, Payout payout) throws IOException {
    if (payout instanceof Payout.Percentage percentage) {
      json.writeStringField("rate", percentage.rate().toString());
    } else if (payout instanceof Payout.FlatPerConversion flat) {
      writeMoney(json, "flatPerConversion", flat.amount());
    } else if (payout instanceof Payout.FlatPerUnit flat) {
      writeMoney(json, "flatPerUnit", flat.amount());
    } else if (payout instanceof Payout.TieredBySales tiers) {
      json.writeObjectFieldStart("tiered");
      json.writeStringField("by", "sales");
      json.writeStringField("period", tiers.period().name());
      json.writeStringField("mode", tiers.mode().name());
      json.writeArrayFieldStart("tiers");
      for (Payout.SalesTier tier : tiers.tiers()) {
        json.writeStartObject();
        json.writeNumberField("from", tier.fromSale());
        json.writeStringField("rate", tier.rate().toString());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    } else if (payout instanceof Payout.TieredByRevenue tiers) {
      json.writeObjectFieldStart("tiered");
      json.writeStringField("by", "revenue");
      json.writeStringField("period", tiers.period().name());
      json.writeStringField("mode", tiers.mode().name());
      json.writeArrayFieldStart("tiers");
      for (Payout.RevenueTier tier : tiers.tiers()) {
        json.writeStartObject();
        writeMoney(json, "from", tier.from());
        json.writeStringField("rate", tier.rate().toString());
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    } else {
      throw new AssertionError("bug: unknown payout " + payout.getClass());
    }
  }

  private static void writeWhen(JsonGenerator json, Condition condition) throws IOException {
    if (!condition.equals(Condition.always())) {
      json.writeFieldName("when");
      writeCondition(json, condition);
    }
  }

  private static void writeCondition(JsonGenerator json, Condition condition) throws IOException {
    json.writeStartObject();
    if (condition instanceof Condition.All all) {
      writeConditions(json, "all", all);
    } else if (condition instanceof Condition.Any any) {
      json.writeArrayFieldStart("any");
      for (Condition part : any.conditions()) {
        writeCondition(json, part);
      }
      json.writeEndArray();
    } else if (condition instanceof Condition.Not not) {
      json.writeFieldName("not");
      writeCondition(json, not.condition());
    } else if (condition instanceof Condition.Is is) {
      json.writeStringField("attribute", is.attribute().key());
      json.writeStringField("is", is.value());
    } else if (condition instanceof Condition.In in) {
      json.writeStringField("attribute", in.attribute().key());
      json.writeArrayFieldStart("in");
      for (String value : in.values()) {
        json.writeString(value);
      }
      json.writeEndArray();
    } else if (condition instanceof Condition.StartsWith startsWith) {
      json.writeStringField("attribute", startsWith.attribute().key());
      json.writeStringField("startsWith", startsWith.prefix());
    } else if (condition instanceof Condition.Range range) {
      json.writeStringField("attribute", range.attribute().key());
      if (range.min().isPresent()) {
        json.writeNumberField("min", range.min().getAsLong());
      }
      if (range.max().isPresent()) {
        json.writeNumberField("max", range.max().getAsLong());
      }
    } else if (condition instanceof Condition.MoneyRange range) {
      json.writeStringField("attribute", range.attribute().key());
      if (range.min().isPresent()) {
        writeMoney(json, "min", range.min().get());
      }
      if (range.max().isPresent()) {
        writeMoney(json, "max", range.max().get());
      }
    } else {
      throw new AssertionError("bug: unknown condition " + condition.getClass());
    }
    json.writeEndObject();
  }

  private static void writeConditions(JsonGenerator json, String field, Condition.All all)
      throws IOException {
    json.writeArrayFieldStart(field);
    for (Condition part : all.conditions()) {
      writeCondition(json, part);
    }
    json.writeEndArray();
  }

  private static void writeMoney(JsonGenerator json, String field, Money amount)
      throws IOException {
    json.writeStringField(field, amount.toString());
  }
}
