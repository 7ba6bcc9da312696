package dev.affiliatekit.json;

import static com.google.common.base.Preconditions.checkNotNull;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.Version;
import com.fasterxml.jackson.core.type.WritableTypeId;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.KeyDeserializer;
import com.fasterxml.jackson.databind.Module;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.jsontype.TypeSerializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.util.LinkedNode;
import dev.affiliatekit.attribution.Attribution;
import dev.affiliatekit.attribution.AttributionResult;
import dev.affiliatekit.attribution.BindingHistory;
import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.LineItem;
import dev.affiliatekit.attribution.NoCredit;
import dev.affiliatekit.attribution.Subscription;
import dev.affiliatekit.attribution.Touchpoint;
import dev.affiliatekit.commission.AffiliateProfile;
import dev.affiliatekit.commission.CommissionPlan;
import dev.affiliatekit.commission.CommissionQuote;
import dev.affiliatekit.internal.Texts;
import dev.affiliatekit.ledger.PayoutBatch;
import dev.affiliatekit.ledger.Transaction;
import dev.affiliatekit.link.LinkCode;
import dev.affiliatekit.money.CurrencyTable;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import dev.affiliatekit.program.Enrollment;
import dev.affiliatekit.program.ProgramEvent;
import java.io.IOException;
import java.io.InvalidObjectException;
import java.io.ObjectInputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * Jackson support for the library's value types.
 *
 * <pre>{@code
 * // writeValueAsString and readValue throw Jackson's checked JsonProcessingException
 * ObjectMapper mapper = new ObjectMapper().registerModule(AffiliateKitJson.module());
 * String json = mapper.writeValueAsString(Money.parse("USD 12.34")); // "\"USD 12.34\""
 * Money money = mapper.readValue(json, Money.class);
 * Conversion order = mapper.readValue(requestBody, Conversion.class);
 * }</pre>
 *
 * <p>Each value type is one JSON string in its {@code toString()} format: {@link Money} as {@code
 * "USD 12.34"}, {@link Rate} as {@code "12.5%"} (a fraction such as {@code "0.125"} is read too,
 * though not in a plan, whose rates are percentages only, as {@link PlanJson} says),
 * {@link CurrencyUnit} as its code, and {@link LinkCode} as its canonical form, generated or
 * vanity, read by {@link LinkCode#parseAny}; each of them is read so too as the key of a map, such
 * as {@link dev.affiliatekit.ledger.PayoutRules#minimumsByCurrency()}, so that a key {@code
 * "jane-20"} reads as the code {@code JANE20}. A value or key that does not parse fails with
 * Jackson's {@code InvalidFormatException}, whose message names the JSON path and the library's
 * reason. The reason shows the value with control characters escaped; the path, which
 * Jackson appends, shows field names and map keys as written, so a host that logs errors of JSON
 * from outside logs {@code getOriginalMessage()} or escapes the message. A number where a string
 * belongs is rejected, so money never passes through floating point. A {@link CommissionPlan} is a
 * JSON object in the format of {@link PlanJson}, so that a plan can sit inside a larger document; a
 * bad plan fails with Jackson's {@code MismatchedInputException}, whose message holds the {@link
 * JsonFormatException}'s. A field given twice anywhere in a plan fails so too, such as {@code
 * rules[0].rate: is repeated}, unless the mapper detects repeated fields itself ({@code
 * StreamReadFeature.STRICT_DUPLICATE_DETECTION}): its parser then fails first, with a {@code
 * JsonParseException} that names the field but not its path. When the mapper's polymorphic typing
 * asks for a type id, each of them is written with one and reads back equal: a plan with the id
 * among its fields, a string inside Jackson's wrapper, such as {@code
 * ["dev.affiliatekit.money.Money", "USD 12.34"]}.
 *
 * <h2>Conversions, touchpoints and profiles</h2>
 *
 * <p>A {@link Conversion}, with its {@link LineItem}s and {@link Subscription}, a {@link
 * Touchpoint} and an {@link AffiliateProfile} are read and written as JSON objects whose field
 * names are the accessors' names: amounts and rates as strings in their text formats (an amount
 * with at most the decimals of its currency in the module's table, as {@link PlanJson} reads them),
 * instants as ISO-8601 strings (written as {@link java.time.Instant#toString()} writes them, read
 * as {@link java.time.Instant#parse} reads them, so that {@code "2026-03-31T12:00:00+02:00"} is
 * 10:00 UTC, but without a leap second or hour 24, which it would read as a nearby instant), enums
 * by name, counts as JSON integers, lists and tags as arrays. A conversion of the order in {@link
 * Conversion}'s documentation:
 *
 * <pre>{@code
 * {
 *   "orderId": "order-1001",
 *   "visitorId": "visitor-7f3a",
 *   "customerId": "customer-42",
 *   "instant": "2026-03-31T10:00:00Z",
 *   "total": "USD 63.86",
 *   "lineItems": [
 *     { "productId": "serum-30ml", "category": "SKIN_CARE", "quantity": 2, "amount": "USD 40.00" },
 *     { "productId": "tote", "category": "BAGS", "quantity": 1, "amount": "USD 20.00" }
 *   ],
 *   "discount": "USD 6.00",
 *   "shipping": "USD 5.00",
 *   "tax": "USD 4.86",
 *   "couponCode": "ANNA10",
 *   "customerType": "NEW",
 *   "customerCountry": "DE",
 *   "subscription": { "subscriptionId": "sub-9", "billingPeriod": 2,
 *                     "startedAt": "2026-02-28T10:00:00Z" }
 * }
 * }</pre>
 *
 * <p>and a click, with its sequence number in the store:
 *
 * <pre>{@code
 * { "kind": "CLICK", "affiliateId": "anna", "code": "ANNA10", "visitorId": "visitor-7f3a",
 *   "channel": "instagram", "instant": "2026-03-30T09:00:00Z", "sequence": 12 }
 * }</pre>
 *
 * <p>A profile is {@code {"affiliateId": "anna", "group": "micro", "tags": ["skin", "vegan"],
 * "platform": "instagram", "followers": 12400, "country": "DE", "parentId": "ben"}}.
 *
 * <p>A {@link BindingHistory}, which a host saves to restore an attributor's lifetime bindings, is
 * {@code {"customerId": "customer-42", "candidates": [{"affiliateId": "anna", "since":
 * "2026-03-01T10:00:00Z"}], "firstBroke": false}}, each candidate of the history's customer;
 * reading requires {@code customerId} and at least one candidate, and an absent {@code firstBroke}
 * is false.
 *
 * <p>Writing leaves out absent optionals and a touchpoint's sequence number 0 (not recorded); it
 * always writes a conversion's line items, discount, shipping, tax and customer type, and a
 * profile's tags. Reading requires {@code orderId}, {@code instant} and {@code total} of a
 * conversion (and its visitor or customer id); {@code productId}, {@code quantity} and {@code
 * amount} of a line item; every field of a subscription; {@code kind}, {@code affiliateId}, {@code
 * visitorId} and {@code instant} of a touchpoint; and {@code affiliateId} of a profile. An absent
 * discount, shipping or tax is zero in the total's currency, absent line items or tags are none,
 * an absent customer type is {@code UNKNOWN}, an absent sequence number is 0, and JSON {@code
 * null} counts as absent for every optional field. A profile's tags are a set: a tag given twice
 * is rejected. A conversion's {@code customerCountry} and a profile's {@code country} are codes
 * that a {@linkplain dev.affiliatekit.commission.Condition condition} may name, so that {@code
 * "UK"} is rejected, as their constructors reject it (see below). Writing and then reading gives
 * an equal value, also through a tree or {@code convertValue}, and with a type id when the
 * mapper's polymorphic typing asks for one. Counts are JSON numbers, so a mapper that writes
 * numbers as strings ({@code WRITE_NUMBERS_AS_STRINGS}) writes documents that this format does
 * not read.
 *
 * <h2>Attribution results and quotes</h2>
 *
 * <p>An {@link AttributionResult} and a {@link CommissionQuote} are written, not read: they are
 * answers to return, not inputs. A result is {@code {"orderId", "model" | "reason", "credits",
 * "explanation"}}: an {@link Attribution} has the {@code model} in the format of {@link
 * ProgramJson} (such as {@code "lastTouch"} or {@code {"name": "timeDecay", "halfLife": "P3D"}})
 * and a {@link NoCredit} the {@code reason} by name; each credit is {@code {"affiliateId", "share",
 * "amount", "basis", "touchpoints"}}; and the explanation is {@code {"eligible": [touchpoints],
 * "excluded": [{"touchpoint", "reason"}], "notes": [strings]}}. A quote is {@code {"orderId",
 * "affiliateId", "amount", "commission", "bonus", "base", "ruleIds", "milestoneIds", "overrides",
 * "tiersReached", "portions", "tiers", "explanation"}}, where each override is {@code
 * {"affiliateId", "level", "fromAffiliateId", "rate", "commission", "amount"}}, each tier reached
 * is {@code {"ruleId", "period", "tier", "previousRate", "rate", "rounding"}}, each portion is
 * {@code {"ruleId", "base", "commission"}} ({@link CommissionQuote#portions()}), {@code tiers} is
 * {@link CommissionQuote#tiers()} as an object from rule id to tier, in the order of the ids, such
 * as {@code {"monthly-tiers": 2}}, and the explanation is {@link CommissionQuote#explanation()},
 * which writing computes: it prices the quote again. Lists are always written, empty if need be.
 *
 * <h2>Program events</h2>
 *
 * <p>Each {@link ProgramEvent} is written, not read, for a service that forwards it to a message
 * queue, an outbox table or a webhook: a JSON object whose {@code type} comes first, the record's
 * name in lower camel case ({@code affiliateEnrolled}, {@code commissionAccrued}, {@code
 * commissionReversed}, {@code commissionReinstated}, {@code commissionReleased}, {@code
 * payoutPrepared}, {@code payoutSettled} or {@code payoutFailed}), then the {@code key}, then the
 * record's other components by their accessors' names. The event that {@link
 * dev.affiliatekit.program.AffiliateProgram#recordConversion} tells when mia earns 15% of an order
 * of {@code USD 400.00}, a line of {@code serum-30ml}:
 *
 * <pre>{@code
 * {
 *   "type": "commissionAccrued",
 *   "key": "order:order-1",
 *   "affiliateId": "mia",
 *   "orderId": "order-1",
 *   "itemKey": "order:order-1/mia",
 *   "amount": "USD 60.00",
 *   "explanation":
 *       "rule creators matched serum-30ml: 15% of USD 400.00 (items after discount) = USD 60.00"
 * }
 * }</pre>
 *
 * <p>An enrollment, in its event or alone (an {@link Enrollment} is written, not read), is {@code
 * {"affiliateId", "profile", "code", "codes", "status"}} with the profile as above, the first code
 * (the one tracking links carry), all codes and the status by name; the affiliate's customer id and
 * e-mail address are left out, because they serve only to refuse self-referral and are personal
 * data that a queue or a webhook should not carry. A payout batch, in its event or alone (written,
 * not read), is {@code {"key", "sequence", "asOf", "lines"}}, each line {@code {"id",
 * "affiliateId", "amount"}}; a ledger transaction, in its event or alone (written, not read), is
 * one line of {@link JournalJson}, so that it reads back with {@link JournalJson#read} when the
 * mapper writes it as the journal does: on one line ({@code INDENT_OUTPUT} off), with numbers as
 * numbers ({@code WRITE_NUMBERS_AS_STRINGS} off), without a root wrapper ({@code
 * WRAP_ROOT_VALUE} off) and without a type id. A mapper
 * that writes an event under any static type, such as {@code Object} or a {@code
 * List<ProgramEvent>}, writes the same text. With polymorphic typing, a type id that the mapper
 * adds comes first; whether it adds one is Jackson's to decide by the static type: under {@code
 * NON_FINAL} default typing, for example, an event written as a {@code ProgramEvent} gets one and
 * an event written as itself, a final record, does not.
 *
 * <p>The module reads and writes JSON; other formats of Jackson, such as YAML or XML, are not
 * supported.
 *
 * <h2>Bad input</h2>
 *
 * <p>Reading is strict and throws only Jackson's {@code JsonProcessingException} and its subtypes,
 * never a library exception. A field the format does not name, or one given twice, fails with an
 * {@code UnrecognizedPropertyException} or a {@code MismatchedInputException} whatever the mapper's
 * {@code FAIL_ON_UNKNOWN_PROPERTIES}, so a misspelt field surfaces (or, given twice under the
 * mapper's own {@code STRICT_DUPLICATE_DETECTION}, with its {@code JsonParseException}); the
 * library's message, {@code getOriginalMessage()}, shows the name in single quotes, escaped and
 * cut if long, such as {@code Unrecognized field 'taxes' (class
 * dev.affiliatekit.attribution.Conversion), not marked as ignorable}, while {@code
 * getPropertyName()} and the path hold it as written, and so does {@code getMessage()}, to which
 * Jackson appends the path: log {@code getOriginalMessage()} of JSON from outside. A JSON
 * {@code null} in place of a whole value, such as a request body of {@code null} read as a {@code
 * Conversion}, or an element of a host's list or map, reads as Java {@code null}, as Jackson reads
 * it for every type: check it before passing it on. Inside the library's objects it is refused, as
 * for a conversion's {@code "total": null}, or counts as absent where a field is optional. A
 * missing required field or a value of the wrong JSON type, such as a number for an amount, fails
 * with a {@code MismatchedInputException}; a string that does not parse, such as {@code "USD
 * 1,00"}, an instant that is not ISO-8601 (or has second 60 or hour 24) or an unknown enum name,
 * with an {@code InvalidFormatException} that holds the value. A value that the type's constructor
 * rejects, such as {@code "quantity": 0} or a total that does not add up, fails with a {@code
 * MismatchedInputException} whose message is the constructor's, such as {@code conversion total
 * must not be negative: USD -1.00}, and whose cause is the library's exception. Every exception's
 * path ({@code getPathReference()}, also at the end of its message) leads to the field, such as
 * {@code dev.affiliatekit.attribution.Conversion["lineItems"]->java.util.List[0]->
 * dev.affiliatekit.attribution.LineItem["quantity"]}, or to the object whose constructor rejected
 * its parts; for the value being read itself, such as a conversion missing its {@code total}, the
 * path is empty and the message names the field.
 */
public final class AffiliateKitJson {

  private AffiliateKitJson() {}

  /**
   * Returns a module for the value types that reads currencies from the ISO 4217 table. Reading
   * a bad document throws only Jackson's {@code JsonProcessingException} and its subtypes, as the
   * class documentation describes. The module is {@code Serializable}, as {@link
   * #module(CurrencyTable)} describes.
   *
   * @return the module
   */
  public static Module module() {
    return module(CurrencyTable.iso4217());
  }

  /**
   * Returns a module for the value types that reads currencies from the given table, for programs
   * with custom units such as points. Reading a bad document throws only Jackson's {@code
   * JsonProcessingException} and its subtypes, as the class documentation describes.
   *
   * <p>A mapper takes each module of another table, and ignores one of a table it has a module of
   * already, as Jackson does with a module registered twice. Jackson lets the last module
   * registered read the types that several read, so a mapper given {@link #module()} and then the
   * module of a table with points reads points; given them the other way round, it refuses them.
   * Give a mapper one module.
   *
   * <p>The module, and a mapper it is registered with, can be Java-serialized, as a host that
   * ships a mapper to other processes needs (such as a Spark broadcast or a Flink operator), and
   * read back into one that reads and writes as the original, with the same currency table.
   *
   * @param currencies the currencies that JSON input may name
   * @return the module
   */
  public static Module module(CurrencyTable currencies) {
    checkNotNull(currencies, "currencies");
    Currencies table = new Currencies(currencies);
    SimpleModule module = new AffiliateKitModule(table);
    addText(module, Money.class, table);
    addText(module, Rate.class, table);
    addText(module, CurrencyUnit.class, table);
    module.addKeySerializer(CurrencyUnit.class, new CurrencyKeySerializer());
    addText(module, LinkCode.class, table);
    module.addSerializer(CommissionPlan.class, new ObjectSerializer<>(CommissionPlan.class));
    module.addDeserializer(CommissionPlan.class, new PlanDeserializer(table));
    addObject(module, Conversion.class, table);
    addObject(module, LineItem.class, table);
    addObject(module, Subscription.class, table);
    addObject(module, Touchpoint.class, table);
    addObject(module, AffiliateProfile.class, table);
    addObject(module, BindingHistory.class, table);
    ObjectSerializer<AttributionResult> results = new ObjectSerializer<>(AttributionResult.class);
    module.addSerializer(AttributionResult.class, results);
    module.addSerializer(Attribution.class, results);
    module.addSerializer(NoCredit.class, results);
    module.addSerializer(CommissionQuote.class, new ObjectSerializer<>(CommissionQuote.class));
    // Written alone as inside their events, so that an enrollment returned by a service leaves
    // out the customer id and e-mail address there too.
    module.addSerializer(Enrollment.class, new ObjectSerializer<>(Enrollment.class));
    module.addSerializer(PayoutBatch.class, new ObjectSerializer<>(PayoutBatch.class));
    module.addSerializer(Transaction.class, new ObjectSerializer<>(Transaction.class));
    ObjectSerializer<ProgramEvent> events = new ObjectSerializer<>(ProgramEvent.class);
    module.addSerializer(ProgramEvent.class, events);
    // Each record too, so that the lookup by exact class finds the format first.
    for (Class<?> record : ProgramEvent.class.getPermittedSubclasses()) {
      module.addSerializer(record.asSubclass(ProgramEvent.class), events);
    }
    return module;
  }

  /**
   * The module: a class of its own, whose instances Java serialization carries with their
   * (de)serializers, each of which holds its type and the table rather than a lambda.
   */
  private static final class AffiliateKitModule extends SimpleModule {
    private static final long serialVersionUID = 1L;

    private final Currencies currencies;

    AffiliateKitModule(Currencies currencies) {
      super("AffiliateKit", Version.unknownVersion());
      this.currencies = currencies;
    }

    /**
     * Reads the module's fields and checks that its currencies are there.
     *
     * @throws InvalidObjectException if the currencies are missing
     */
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      in.defaultReadObject();
      if (currencies == null) {
        throw new InvalidObjectException("the AffiliateKit module has no currencies");
      }
    }

    /** One per table, so that a mapper tells the modules of two tables apart. */
    @Override
    public Object getTypeId() {
      return List.of(AffiliateKitJson.class.getName(), currencies);
    }
  }

  /**
   * The module's currency table, which Java serialization carries as the code and scale of each
   * unit, since a table is not {@code Serializable}. Equal for equal tables.
   */
  private static final class Currencies implements Serializable {
    private static final long serialVersionUID = 1L;

    private final transient CurrencyTable table;

    Currencies(CurrencyTable table) {
      this.table = table;
    }

    CurrencyTable table() {
      return table;
    }

    private Object writeReplace() {
      return new SerialCurrencies(table);
    }

    private void readObject(ObjectInputStream in) throws InvalidObjectException {
      throw new InvalidObjectException("currencies are read through their serial form");
    }

    @Override
    public boolean equals(@Nullable Object obj) {
      return obj instanceof Currencies other && table.equals(other.table);
    }

    @Override
    public int hashCode() {
      return table.hashCode();
    }

    @Override
    public String toString() {
      return table.toString();
    }
  }

  /** The serial form of {@link Currencies}: the code and the scale of each unit, by code. */
  private static final class SerialCurrencies implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String[] codes;
    private final int[] scales;

    SerialCurrencies(CurrencyTable table) {
      List<CurrencyUnit> units = table.units();
      codes = new String[units.size()];
      scales = new int[units.size()];
      for (int i = 0; i < codes.length; i++) {
        codes[i] = units.get(i).code();
        scales[i] = units.get(i).scale();
      }
    }

    /**
     * Rebuilds the table, as {@link CurrencyTable#iso4217()} itself when it holds the same units.
     *
     * @throws InvalidObjectException if the units are not those of a table
     */
    private Object readResolve() throws InvalidObjectException {
      if (codes == null || scales == null || codes.length != scales.length) {
        throw new InvalidObjectException("currencies must have one scale per code");
      }
      CurrencyTable iso = CurrencyTable.iso4217();
      List<CurrencyUnit> units = new ArrayList<>(codes.length);
      try {
        for (int i = 0; i < codes.length; i++) {
          CurrencyUnit unit = CurrencyUnit.custom(codes[i], scales[i]);
          units.add(iso.find(unit.code()).filter(unit::equals).orElse(unit));
        }
        CurrencyTable table = CurrencyTable.of(units);
        return new Currencies(table.equals(iso) ? iso : table);
      } catch (IllegalArgumentException | NullPointerException e) {
        InvalidObjectException invalid =
            new InvalidObjectException("currencies are invalid: " + e.getMessage());
        invalid.initCause(e);
        throw invalid;
      }
    }
  }

  /**
   * The writer of each type written as a JSON object, by the type its serializer is for: looked up
   * rather than held, so that Java serialization carries a serializer as its type.
   */
  private static final Map<Class<?>, ValueWriters.Fields<?>> WRITERS = Map.ofEntries(
      writer(CommissionPlan.class, PlanJson::writePlanFields),
      writer(Conversion.class, ValueWriters::conversion),
      writer(LineItem.class, ValueWriters::lineItem),
      writer(Subscription.class, ValueWriters::subscription),
      writer(Touchpoint.class, ValueWriters::touchpoint),
      writer(AffiliateProfile.class, ValueWriters::profile),
      writer(BindingHistory.class, ValueWriters::bindingHistory),
      writer(AttributionResult.class, ValueWriters::attributionResult),
      writer(CommissionQuote.class, ValueWriters::quote),
      writer(Enrollment.class, EventWriters::enrollment),
      writer(PayoutBatch.class, EventWriters::batch),
      writer(Transaction.class, JournalJson::writeTransactionFields),
      writer(ProgramEvent.class, EventWriters::event));

  /**
   * The reader of each type read as a JSON object (other than a plan), by the type its
   * deserializer is for: looked up, as {@link #WRITERS} are.
   */
  private static final Map<Class<?>, TableRead<?>> READERS = Map.ofEntries(
      reader(Conversion.class, ValueReaders::conversion),
      reader(LineItem.class, ValueReaders::lineItem),
      reader(Subscription.class, (parser, currencies) -> ValueReaders.subscription(parser)),
      reader(Touchpoint.class, (parser, currencies) -> ValueReaders.touchpoint(parser)),
      reader(AffiliateProfile.class, (parser, currencies) -> ValueReaders.profile(parser)),
      reader(BindingHistory.class,
          (parser, currencies) -> ValueReaders.bindingHistory(parser)));

  private static <T> Map.Entry<Class<T>, ValueWriters.Fields<T>> writer(Class<T> type,
      ValueWriters.Fields<T> fields) {
    return Map.entry(type, fields);
  }

  private static <T> Map.Entry<Class<T>, TableRead<T>> reader(Class<T> type, TableRead<T> read) {
    return Map.entry(type, read);
  }

  @SuppressWarnings("unchecked") // WRITERS maps each type to a writer of that type
  private static <T> ValueWriters.Fields<T> writerOf(Class<T> type) {
    ValueWriters.Fields<?> fields = WRITERS.get(type);
    if (fields == null) {
      throw new AssertionError("bug: no writer of " + type);
    }
    return (ValueWriters.Fields<T>) fields;
  }

  @SuppressWarnings("unchecked") // READERS maps each type to a reader of that type
  private static <T> TableRead<T> readerOf(Class<T> type) {
    TableRead<?> read = READERS.get(type);
    if (read == null) {
      throw new AssertionError("bug: no reader of " + type);
    }
    return (TableRead<T>) read;
  }

  /** The types written as text, each with its parser and an example for messages. */
  private static final Map<Class<?>, TextFormat> TEXT_FORMATS = Map.of(
      Money.class, new TextFormat(Amounts::parse, "\"USD 12.34\""),
      Rate.class, new TextFormat((text, currencies) -> Rate.parse(text), "\"12.5%\""),
      CurrencyUnit.class, new TextFormat((text, currencies) -> currencies.get(text), "\"USD\""),
      LinkCode.class, new TextFormat((text, currencies) -> LinkCode.parseAny(text),
          "\"GLOWWITHMIA\""));

  /** The types written as text, which {@link #parse} reads. */
  private static final Set<Class<?>> TEXT_TYPES = TEXT_FORMATS.keySet();

  /**
   * How a type written as text is read.
   *
   * @param parse the type's parser, which signals bad text with {@link IllegalArgumentException}
   * @param example a value in the format, as JSON, for messages
   */
  private record TextFormat(BiFunction<String, CurrencyTable, Object> parse, String example) {}

  /** {@return the text format of the type, which the module registered as text} */
  private static TextFormat textFormatOf(Class<?> type) {
    TextFormat format = TEXT_FORMATS.get(type);
    if (format == null) {
      throw new AssertionError("bug: no text format of " + type);
    }
    return format;
  }

  /**
   * Checks a serializer or deserializer that Java serialization read: a stream made by hand may
   * name a type the module has no format of, or leave out the currencies.
   *
   * @param type the type read
   * @param types the types of the kind read
   * @param currencies whether the currencies were read, or none are held
   * @throws InvalidObjectException if the type is not one of them, or the currencies are missing
   */
  private static void checkRead(@Nullable Class<?> type, Set<Class<?>> types, boolean currencies)
      throws InvalidObjectException {
    if (type == null || !types.contains(type) || !currencies) {
      throw new InvalidObjectException("the AffiliateKit module has no format of " + type
          + (currencies ? "" : " without currencies"));
    }
  }

  /** Reads one value starting at the parser's current token, with the module's currencies. */
  @FunctionalInterface
  private interface TableRead<T> {
    T read(JsonParser parser, CurrencyTable currencies) throws IOException;
  }

  private static <T> void addObject(SimpleModule module, Class<T> type, Currencies currencies) {
    module.addSerializer(type, new ObjectSerializer<>(type));
    module.addDeserializer(type, new ObjectDeserializer<>(type, currencies));
  }

  private static final class ObjectSerializer<T> extends StdSerializer<T> {
    private static final long serialVersionUID = 1L;

    private final transient ValueWriters.Fields<T> fields;

    ObjectSerializer(Class<T> type) {
      super(type);
      this.fields = writerOf(type);
    }

    /**
     * {@return a serializer of the type, with its writer, in place of the one read}
     *
     * @throws InvalidObjectException if the module writes no object of the type read
     */
    private Object readResolve() throws InvalidObjectException {
      checkRead(handledType(), WRITERS.keySet(), true);
      return new ObjectSerializer<>(handledType());
    }

    @Override
    public void serialize(T value, JsonGenerator generator, SerializerProvider provider)
        throws IOException {
      ValueWriters.object(generator, value, fields);
    }

    /** Writes the value with the type id that the mapper's polymorphic typing asks for. */
    @Override
    public void serializeWithType(T value, JsonGenerator generator, SerializerProvider provider,
        TypeSerializer typeSerializer) throws IOException {
      WritableTypeId typeId = typeSerializer.writeTypePrefix(generator,
          typeSerializer.typeId(value, JsonToken.START_OBJECT));
      fields.write(generator, value);
      typeSerializer.writeTypeSuffix(generator, typeId);
    }
  }

  private static final class ObjectDeserializer<T> extends StdDeserializer<T> {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private final Currencies currencies;
    private final transient TableRead<T> read;

    ObjectDeserializer(Class<T> type, Currencies currencies) {
      super(type);
      this.type = type;
      this.currencies = currencies;
      this.read = readerOf(type);
    }

    /**
     * {@return a deserializer of the type, with its reader, in place of the one read}
     *
     * @throws InvalidObjectException if the module reads no object of the type read, or the
     *     currencies are missing
     */
    private Object readResolve() throws InvalidObjectException {
      checkRead(type, READERS.keySet(), currencies != null);
      return new ObjectDeserializer<>(type, currencies);
    }

    @Override
    public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      return read.read(parser, currencies.table());
    }
  }

  /**
   * Registers a serializer that writes {@code toString()} and a deserializer that reads it back
   * with the type's parser (see {@link #parse}), as a value and as a map key.
   */
  private static <T> void addText(SimpleModule module, Class<T> type, Currencies currencies) {
    module.addSerializer(type, new TextSerializer<>(type));
    module.addDeserializer(type, new TextDeserializer<>(type, currencies));
    // Without it Jackson would read a key with any constructor of a string, checking nothing.
    module.addKeyDeserializer(type, new TextKeyDeserializer<>(type, currencies));
  }

  /**
   * Reads a value of a type written as text with the type's parser, which signals bad text with
   * {@link IllegalArgumentException}.
   *
   * @throws IllegalArgumentException if the text does not parse
   */
  private static <T> T parse(Class<T> type, String text, Currencies currencies) {
    return type.cast(textFormatOf(type).parse().apply(text, currencies.table()));
  }

  private static final class TextSerializer<T> extends StdSerializer<T> {
    private static final long serialVersionUID = 1L;

    TextSerializer(Class<T> type) {
      super(type);
    }

    /**
     * {@return this serializer, once its type is checked}
     *
     * @throws InvalidObjectException if the module writes no value of the type read as text
     */
    private Object readResolve() throws InvalidObjectException {
      checkRead(handledType(), TEXT_TYPES, true);
      return this;
    }

    @Override
    public void serialize(T value, JsonGenerator generator, SerializerProvider provider)
        throws IOException {
      generator.writeString(value.toString());
    }

    /** Writes the value with the type id that the mapper's polymorphic typing asks for. */
    @Override
    public void serializeWithType(T value, JsonGenerator generator, SerializerProvider provider,
        TypeSerializer typeSerializer) throws IOException {
      WritableTypeId typeId = typeSerializer.writeTypePrefix(generator,
          typeSerializer.typeId(value, JsonToken.VALUE_STRING));
      generator.writeString(value.toString());
      typeSerializer.writeTypeSuffix(generator, typeId);
    }
  }

  private static final class TextDeserializer<T> extends StdScalarDeserializer<T> {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private final Currencies currencies;

    TextDeserializer(Class<T> type, Currencies currencies) {
      super(type);
      this.type = type;
      this.currencies = currencies;
    }

    /**
     * Reads the deserializer's fields and checks them (see {@link #checkRead}).
     *
     * @throws InvalidObjectException if its type is not one written as text, or the currencies
     *     are missing
     */
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      in.defaultReadObject();
      checkRead(type, TEXT_TYPES, currencies != null);
    }

    @Override
    public T deserialize(JsonParser parser, DeserializationContext context) throws IOException {
      if (!parser.hasToken(JsonToken.VALUE_STRING)) {
        return type.cast(context.handleUnexpectedToken(type, parser.currentToken(), parser,
            "%s must be a JSON string in its text format, such as %s: %s", type.getSimpleName(),
            textFormatOf(type).example(), found(parser)));
      }
      String text = parser.getText();
      try {
        return parse(type, text, currencies);
      } catch (IllegalArgumentException e) {
        // Jackson's own message would show the text as written, control characters and all:
        // the library's quotes it safely.
        throw InvalidFormatException.from(parser, type.getSimpleName() + " is invalid: "
            + e.getMessage(), text, type);
      }
    }

    /** {@return the value found instead of a string: a scalar as written, or what it starts} */
    private static String found(JsonParser parser) throws IOException {
      JsonToken token = parser.currentToken();
      if (token == JsonToken.START_OBJECT) {
        return "an object";
      }
      if (token == JsonToken.START_ARRAY) {
        return "an array";
      }
      return token == null ? "nothing" : parser.getText();
    }
  }

  /** Writes a currency as a map key: its code, as {@code toString()} writes it. */
  private static final class CurrencyKeySerializer extends StdSerializer<CurrencyUnit> {
    private static final long serialVersionUID = 1L;

    CurrencyKeySerializer() {
      super(CurrencyUnit.class);
    }

    @Override
    public void serialize(CurrencyUnit currency, JsonGenerator generator,
        SerializerProvider provider) throws IOException {
      generator.writeFieldName(currency.code());
    }
  }

  /**
   * Reads a map key as a value of a type written as text.
   *
   * @param <T> the type of the key
   */
  private static final class TextKeyDeserializer<T> extends KeyDeserializer
      implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Class<T> type;
    private final Currencies currencies;

    TextKeyDeserializer(Class<T> type, Currencies currencies) {
      this.type = type;
      this.currencies = currencies;
    }

    /**
     * Reads the deserializer's fields and checks them (see {@link #checkRead}).
     *
     * @throws InvalidObjectException if its type is not one written as text, or the currencies
     *     are missing
     */
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      in.defaultReadObject();
      checkRead(type, TEXT_TYPES, currencies != null);
    }

    @Override
    public @Nullable Object deserializeKey(String key, DeserializationContext context)
        throws IOException {
      try {
        return parse(type, key, currencies);
      } catch (IllegalArgumentException e) {
        Object read = askProblemHandlers(key, String.valueOf(e.getMessage()), context);
        if (read == DeserializationProblemHandler.NOT_HANDLED) {
          // Jackson's own message would show the key as written; the library's quotes it.
          throw InvalidFormatException.from(context.getParser(),
              type.getSimpleName() + " map key is invalid: " + e.getMessage(), key, type);
        }
        return read;
      }
    }

    /**
     * Asks the problem handlers of the host's mapper to read a key, as Jackson's {@code
     * handleWeirdKey} would, and returns the first answer, or {@code NOT_HANDLED}.
     *
     * @throws InvalidFormatException if a handler answers with something other than a value of
     *     the type
     */
    private @Nullable Object askProblemHandlers(String key, String problem,
        DeserializationContext context) throws IOException {
      for (LinkedNode<DeserializationProblemHandler> handler =
          context.getConfig().getProblemHandlers(); handler != null; handler = handler.next()) {
        Object read = handler.value().handleWeirdKey(context, type, key, problem);
        if (read == null || type.isInstance(read)) {
          return read;
        }
        if (read != DeserializationProblemHandler.NOT_HANDLED) {
          throw InvalidFormatException.from(context.getParser(), "a problem handler read "
              + type.getSimpleName() + " map key " + Texts.quote(key) + " as a "
              + read.getClass().getName(), key, type);
        }
      }
      return DeserializationProblemHandler.NOT_HANDLED;
    }
  }

  private static final class PlanDeserializer extends StdDeserializer<CommissionPlan> {
    private static final long serialVersionUID = 1L;

    private final Currencies currencies;

    PlanDeserializer(Currencies currencies) {
      super(CommissionPlan.class);
      this.currencies = currencies;
    }

    /**
     * Reads the deserializer's fields and checks them.
     *
     * @throws InvalidObjectException if the currencies are missing
     */
    private void readObject(ObjectInputStream in) throws IOException, ClassNotFoundException {
      in.defaultReadObject();
      checkRead(CommissionPlan.class, Set.of(CommissionPlan.class), currencies != null);
    }

    @Override
    public CommissionPlan deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      // Not the mapper's readValueAsTree(): its tree keeps the last of two equal fields unless
      // the user's mapper happens to enable duplicate detection.
      try {
        // A repeated field's failure is made where the field is, before the parser moves on.
        return PlanJson.fromTree(StrictTree.read(parser, repeated -> mismatch(context, repeated)),
            currencies.table());
      } catch (JsonFormatException e) {
        return context.reportInputMismatch(CommissionPlan.class, "%s", e.getMessage());
      }
    }

    /** {@return the failure that the context reports for a problem, at the parser's location} */
    private static JsonMappingException mismatch(DeserializationContext context,
        JsonFormatException problem) {
      try {
        return context.reportInputMismatch(CommissionPlan.class, "%s", problem.getMessage());
      } catch (JsonMappingException reported) {
        return reported;
      }
    }
  }
}
