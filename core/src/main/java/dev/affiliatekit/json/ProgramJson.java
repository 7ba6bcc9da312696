package dev.affiliatekit.json;

import static com.google.common.base.Preconditions.checkNotNull;
import static dev.affiliatekit.json.PlanReader.apply;
import static dev.affiliatekit.json.PlanReader.check;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import dev.affiliatekit.attribution.AttributionModel;
import dev.affiliatekit.attribution.AttributionPolicy;
import dev.affiliatekit.attribution.AttributionPolicy.ClickLock;
import dev.affiliatekit.attribution.AttributionWindow;
import dev.affiliatekit.attribution.TouchpointKind;
import dev.affiliatekit.commission.CommissionPlan;
import dev.affiliatekit.json.PlanReader.Fields;
import dev.affiliatekit.money.CurrencyTable;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import dev.affiliatekit.program.ProgramSettings;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Affiliate program files: one JSON document with the commission plan, the attribution window,
 * model and policy, the hold period and the payout minimums, read into {@link ProgramSettings}.
 *
 * <pre>{@code
 * ProgramSettings settings = ProgramJson.read(Path.of("program.json"));
 * AffiliateProgram program = AffiliateProgram.builder().settings(settings).clock(clock).build();
 * }</pre>
 *
 * <p>A program in version 1 of the format:
 *
 * <pre>{@code
 * {
 *   "version": 1,
 *   "window": { "click": "P30D", "coupon": "P30D", "view": "P1D" },
 *   "model": "lastTouch",
 *   "policy": { "lifetimeBinding": true, "bindingExpiry": "P365D" },
 *   "holdPeriod": "P30D",
 *   "payoutMinimums": [ "EUR 40.00", "USD 50.00" ],
 *   "plan": { "version": 1, "rules": [ { "id": "base", "rate": "10%" } ] }
 * }
 * }</pre>
 *
 * <p>The fields, all optional except {@code version} and {@code plan}:
 *
 * <ul>
 *   <li>{@code version}: 1.
 *   <li>{@code window}: the lookback of each kind of touch that counts, {@code click}, {@code
 *       coupon} and {@code view}, and {@code maxSinceFirstReferral}; a kind left out never counts.
 *       The {@linkplain AttributionWindow#standard() standard window} if absent.
 *   <li>{@code model}: {@code "lastTouch"}, {@code "firstTouch"}, {@code "linear"}, {@code
 *       "timeDecay"} (a half-life of 7 days), {@code "positionBased"}, {@code "jShaped"} or {@code
 *       "inverseJShaped"}; or an object with a {@code name}: {@code {"name": "timeDecay",
 *       "halfLife": "P3D"}}, {@code {"name": "custom", "first": 30, "middle": 40, "last": 30}} or
 *       {@code {"name": "splitWithBonuses", "firstBonus": "10%", "lastBonus": "20%"}}. Last touch
 *       if absent.
 *   <li>{@code policy}: the {@linkplain AttributionPolicy attribution rules}, each field the
 *       {@linkplain AttributionPolicy#defaults() default} if absent: {@code couponBeatsLinks},
 *       {@code lifetimeBinding}, {@code mergeRepeatedTouches} and {@code allowSelfReferral}, true
 *       or false; {@code bindingExpiry}, how long a lifetime binding lasts, positive, for ever if
 *       absent, and only with {@code "lifetimeBinding": true}; {@code clickLock}, {@code
 *       "LAST_CLICK_WINS"} or {@code "FIRST_CLICK_LOCK"}; and {@code maxClockSkew}, not negative.
 *       The default policy if absent.
 *   <li>{@code holdPeriod}: how long commissions are held, 30 days if absent.
 *   <li>{@code payoutMinimums}: one minimum per currency paid, in any order, and written in the
 *       order of their currency codes, as {@link ProgramSettings#payoutMinimums()} keeps them;
 *       none if absent.
 *   <li>{@code plan}: a commission plan in the format of {@link PlanJson}.
 * </ul>
 *
 * <p>Durations are ISO-8601 strings such as {@code "P30D"} or {@code "PT12H"}; money and rates are
 * strings in their text formats, amounts with at most the decimals of their currency in the
 * table, and rates, here and in the plan, percentages such as {@code "10%"}, never fractions such
 * as {@code "0.1"}, as in {@link PlanJson}. Reading is strict, as in {@link PlanJson}: anything
 * wrong throws a {@link JsonFormatException} whose message starts with the JSON path of the value,
 * such as {@code holdPeriod: must be an ISO-8601 duration such as "P30D": '30 days'} or {@code
 * plan.rules[0].rate: rate must be within [0%, 100%]: '150%'}. Writing leaves out what equals its
 * default, and reading what was written gives equal settings.
 */
public final class ProgramJson {

  /** The version of the format, written as {@code "version"}. */
  public static final int VERSION = 1;

  /** The seconds of the shortest and the longest {@link Duration}. */
  private static final BigDecimal MIN_SECONDS = BigDecimal.valueOf(Long.MIN_VALUE);
  private static final BigDecimal MAX_SECONDS =
      new BigDecimal(Long.MAX_VALUE + ".999999999");
  /** The base of the limbs in which {@link #exactSeconds} adds up the parts of a duration. */
  private static final long NANOS_PER_SECOND = 1_000_000_000;
  /** The form {@link Duration#parse} reads: a sign, then days, hours, minutes and seconds. */
  private static final Pattern ISO_DURATION = Pattern.compile("([-+]?)P(?:([-+]?[0-9]+)D)?"
      + "(?:T(?:([-+]?[0-9]+)H)?(?:([-+]?[0-9]+)M)?(?:([-+]?[0-9]+)(?:[.,]([0-9]{0,9}))?S)?)?",
      Pattern.CASE_INSENSITIVE);

  private static final Map<String, AttributionModel> NAMED_MODELS = Map.of(
      "lastTouch", AttributionModel.lastTouch(),
      "firstTouch", AttributionModel.firstTouch(),
      "linear", AttributionModel.linear(),
      "timeDecay", AttributionModel.timeDecay(),
      "positionBased", AttributionModel.positionBased(),
      "jShaped", AttributionModel.jShaped(),
      "inverseJShaped", AttributionModel.inverseJShaped());
  private static final List<String> MODEL_NAMES = List.of("lastTouch", "firstTouch", "linear",
      "timeDecay", "positionBased", "jShaped", "inverseJShaped", "custom", "splitWithBonuses");

  private ProgramJson() {}

  /**
   * Reads program settings from JSON text, with currencies of {@link CurrencyTable#iso4217()}.
   *
   * @param json the program in the format of this class
   * @return the settings
   * @throws JsonFormatException if the text is not a valid program, naming the path and the value
   */
  public static ProgramSettings parse(String json) {
    return parse(json, CurrencyTable.iso4217());
  }

  /**
   * Reads program settings from JSON text, with currencies of the given table.
   *
   * @param json the program in the format of this class
   * @param currencies the currencies that amounts may name
   * @return the settings
   * @throws JsonFormatException if the text is not a valid program, naming the path and the value
   */
  public static ProgramSettings parse(String json, CurrencyTable currencies) {
    checkNotNull(json, "json");
    checkNotNull(currencies, "currencies");
    return fromTree(PlanJson.tree(json), currencies);
  }

  /**
   * Reads program settings from a reader, with currencies of {@link CurrencyTable#iso4217()}.
   *
   * @param in the program in the format of this class; not closed
   * @return the settings
   * @throws JsonFormatException if the text is not a valid program, naming the path and the value,
   *     or if the reader reports bytes that are not text in its charset
   * @throws UncheckedIOException if reading fails
   */
  public static ProgramSettings read(Reader in) {
    return read(in, CurrencyTable.iso4217());
  }

  /**
   * Reads program settings from a reader, with currencies of the given table.
   *
   * @param in the program in the format of this class; not closed
   * @param currencies the currencies that amounts may name
   * @return the settings
   * @throws JsonFormatException if the text is not a valid program, naming the path and the value,
   *     or if the reader reports bytes that are not text in its charset
   * @throws UncheckedIOException if reading fails
   */
  public static ProgramSettings read(Reader in, CurrencyTable currencies) {
    checkNotNull(in, "in");
    checkNotNull(currencies, "currencies");
    return fromTree(PlanJson.tree(in), currencies);
  }

  /**
   * Reads program settings from a UTF-8 file, with currencies of {@link CurrencyTable#iso4217()}.
   * A leading byte order mark is skipped.
   *
   * @param file the file
   * @return the settings
   * @throws JsonFormatException if the file is not UTF-8, naming the offset of the first bad byte,
   *     or not a valid program, naming the path and the value
   * @throws UncheckedIOException if reading fails, such as when the file does not exist
   */
  public static ProgramSettings read(Path file) {
    return read(file, CurrencyTable.iso4217());
  }

  /**
   * Reads program settings from a UTF-8 file, with currencies of the given table. A leading byte
   * order mark is skipped.
   *
   * @param file the file
   * @param currencies the currencies that amounts may name
   * @return the settings
   * @throws JsonFormatException if the file is not UTF-8, naming the offset of the first bad byte,
   *     or not a valid program, naming the path and the value
   * @throws UncheckedIOException if reading fails, such as when the file does not exist
   */
  public static ProgramSettings read(Path file, CurrencyTable currencies) {
    checkNotNull(file, "file");
    checkNotNull(currencies, "currencies");
    return fromTree(PlanJson.tree(PlanJson.utf8(file)), currencies);
  }

  private static ProgramSettings fromTree(@Nullable JsonNode root, CurrencyTable currencies) {
    if (root == null || root.isMissingNode()) {
      throw new JsonFormatException("", "must be a JSON object: empty");
    }
    Fields program = new Fields(root, "", "a program");
    JsonNode version = program.required("version");
    check(version.isIntegralNumber() && version.canConvertToInt() && version.intValue() == VERSION,
        "version", "must be " + VERSION + PlanReader.numberShape(version));
    JsonNode planNode = program.required("plan");
    CommissionPlan plan;
    try {
      plan = PlanJson.fromTree(planNode, currencies);
    } catch (JsonFormatException e) {
      String path = e.path().isEmpty() ? "plan" : "plan." + e.path();
      throw new JsonFormatException(path, e.problem(), e);
    }
    ProgramSettings settings = ProgramSettings.of(plan);
    JsonNode window = program.optional("window");
    if (window != null) {
      settings = settings.withWindow(window(new Fields(window, "window", "a window")));
    }
    JsonNode model = program.optional("model");
    if (model != null) {
      settings = settings.withModel(model(model, "model"));
    }
    JsonNode policy = program.optional("policy");
    if (policy != null) {
      settings = settings.withPolicy(policy(new Fields(policy, "policy", "a policy")));
    }
    JsonNode hold = program.optional("holdPeriod");
    if (hold != null) {
      Duration period = duration(hold, "holdPeriod");
      check(!period.isNegative(), "holdPeriod", "must not be negative: " + PlanReader.shape(hold));
      settings = settings.withHoldPeriod(period);
    }
    JsonNode minimums = program.optional("payoutMinimums");
    if (minimums != null) {
      List<Money> values = new ArrayList<>();
      check(minimums.isArray(), "payoutMinimums", "must be an array: "
          + PlanReader.shape(minimums));
      for (int i = 0; i < minimums.size(); i++) {
        String path = "payoutMinimums[" + i + "]";
        JsonNode node = minimums.get(i);
        check(node.isTextual(), path, "must be an amount such as \"USD 50.00\": "
            + PlanReader.shape(node));
        values.add(apply(path, () -> Amounts.parse(node.textValue(), currencies)));
      }
      ProgramSettings base = settings;
      settings = apply("payoutMinimums", () -> base.withPayoutMinimums(values));
    }
    program.done();
    return settings;
  }

  private static AttributionWindow window(Fields window) {
    AttributionWindow.Builder builder = AttributionWindow.builder();
    for (TouchpointKind kind : TouchpointKind.values()) {
      String name = kind.name().toLowerCase(Locale.ROOT);
      JsonNode lookback = window.optional(name);
      if (lookback != null) {
        Duration duration = positiveDuration(lookback, window.at(name));
        apply(window.at(name), () -> builder.lookback(kind, duration));
      }
    }
    JsonNode limit = window.optional("maxSinceFirstReferral");
    if (limit != null) {
      Duration duration = positiveDuration(limit, window.at("maxSinceFirstReferral"));
      apply(window.at("maxSinceFirstReferral"), () -> builder.maxSinceFirstReferral(duration));
    }
    window.done();
    return apply(window.path, builder::build);
  }

  private static AttributionPolicy policy(Fields policy) {
    AttributionPolicy defaults = AttributionPolicy.defaults();
    boolean couponBeatsLinks = bool(policy, "couponBeatsLinks", defaults.couponBeatsLinks());
    boolean lifetimeBinding = bool(policy, "lifetimeBinding", defaults.lifetimeBinding());
    Optional<Duration> bindingExpiry = bindingExpiry(policy, lifetimeBinding);
    ClickLock clickLock = clickLock(policy, defaults.clickLock());
    boolean mergeRepeatedTouches =
        bool(policy, "mergeRepeatedTouches", defaults.mergeRepeatedTouches());
    boolean allowSelfReferral = bool(policy, "allowSelfReferral", defaults.allowSelfReferral());
    Duration maxClockSkew = maxClockSkew(policy, defaults.maxClockSkew());
    policy.done();
    return apply(policy.path, () -> new AttributionPolicy(couponBeatsLinks, lifetimeBinding,
        bindingExpiry, clickLock, mergeRepeatedTouches, allowSelfReferral, maxClockSkew));
  }

  private static boolean bool(Fields object, String field, boolean otherwise) {
    JsonNode node = object.optional(field);
    return node == null ? otherwise : PlanReader.bool(node, object.at(field));
  }

  /**
   * Reads a policy's binding expiry, checked here as well as by the policy, so that a rejected
   * value is quoted as written ({@code '-P1D'}) rather than as the policy prints it ({@code
   * PT-24H}).
   */
  private static Optional<Duration> bindingExpiry(Fields policy, boolean lifetimeBinding) {
    JsonNode node = policy.optional("bindingExpiry");
    if (node == null) {
      return Optional.empty();
    }
    String path = policy.at("bindingExpiry");
    Duration expiry = duration(node, path);
    check(lifetimeBinding, path, "needs lifetimeBinding: " + PlanReader.shape(node));
    check(!expiry.isNegative() && !expiry.isZero(), path,
        "must be positive: " + PlanReader.shape(node));
    return Optional.of(expiry);
  }

  private static ClickLock clickLock(Fields policy, ClickLock otherwise) {
    JsonNode node = policy.optional("clickLock");
    if (node == null) {
      return otherwise;
    }
    for (ClickLock lock : ClickLock.values()) {
      if (node.isTextual() && lock.name().equals(node.textValue())) {
        return lock;
      }
    }
    throw new JsonFormatException(policy.at("clickLock"), "must be one of " + String.join(", ",
        Arrays.stream(ClickLock.values()).map(Enum::name).toList()) + ": "
        + PlanReader.shape(node));
  }

  /** Reads a policy's clock skew, quoting a negative one as written, as the hold period does. */
  private static Duration maxClockSkew(Fields policy, Duration otherwise) {
    JsonNode node = policy.optional("maxClockSkew");
    if (node == null) {
      return otherwise;
    }
    String path = policy.at("maxClockSkew");
    Duration skew = duration(node, path);
    check(!skew.isNegative(), path, "must not be negative: " + PlanReader.shape(node));
    return skew;
  }

  private static AttributionModel model(JsonNode node, String path) {
    if (node.isTextual()) {
      AttributionModel named = NAMED_MODELS.get(node.textValue());
      if (named == null) {
        throw new JsonFormatException(path, "must name a model, one of " + String.join(", ",
            NAMED_MODELS.keySet().stream().sorted().toList()) + ": " + PlanReader.shape(node));
      }
      return named;
    }
    Fields model = new Fields(node, path, "a model");
    JsonNode nameNode = model.required("name");
    String name = nameNode.isTextual() ? nameNode.textValue() : "";
    check(MODEL_NAMES.contains(name), model.at("name"), "must be one of "
        + String.join(", ", MODEL_NAMES) + ": " + PlanReader.shape(nameNode));
    AttributionModel result;
    switch (name) {
      case "timeDecay" -> {
        Duration halfLife = positiveDuration(model.required("halfLife"), model.at("halfLife"));
        result = apply(model.at("halfLife"), () -> AttributionModel.timeDecay(halfLife));
      }
      case "custom" -> {
        int first = weight(model, "first");
        int middle = weight(model, "middle");
        int last = weight(model, "last");
        result = apply(path, () -> AttributionModel.custom(first, middle, last));
      }
      case "splitWithBonuses" -> {
        Rate firstBonus = rate(model, "firstBonus");
        Rate lastBonus = rate(model, "lastBonus");
        result = apply(path, () -> AttributionModel.splitWithBonuses(firstBonus, lastBonus));
      }
      default -> result = named(name);
    }
    model.done();
    return result;
  }

  private static AttributionModel named(String name) {
    AttributionModel model = NAMED_MODELS.get(name);
    if (model == null) {
      throw new AssertionError("bug: no model named " + name);
    }
    return model;
  }

  private static int weight(Fields model, String field) {
    JsonNode node = model.required(field);
    check(node.isIntegralNumber(), model.at(field),
        PlanReader.notWhole(node));
    int weight = node.canConvertToInt() ? node.intValue() : -1;
    // Checked here as well as by the model, so that the message names the field's own path.
    check(weight >= 0 && weight <= AttributionModel.Positional.MAX_WEIGHT, model.at(field),
        "must be within [0, " + AttributionModel.Positional.MAX_WEIGHT + "]: "
            + PlanReader.shape(node));
    return weight;
  }

  private static Rate rate(Fields model, String field) {
    JsonNode node = model.required(field);
    check(node.isTextual(), model.at(field), "must be a rate such as \"10%\": "
        + PlanReader.shape(node));
    return PlanReader.percentage(node.textValue(), model.at(field));
  }

  private static Duration duration(JsonNode node, String path) {
    String problem = "must be an ISO-8601 duration such as \"P30D\": " + PlanReader.shape(node);
    check(node.isTextual(), path, problem);
    try {
      return Duration.parse(node.textValue());
    } catch (DateTimeException | ArithmeticException e) {
      if (e instanceof ArithmeticException || e.getCause() instanceof ArithmeticException
          || e.getCause() instanceof NumberFormatException) {
        // Well-formed, but with a part or a sum of parts beyond what Duration.parse holds: the
        // parts added up exactly may still fit. A negative one that does not is taken for the
        // most negative duration, which the caller refuses as negative, as it does a shorter one.
        BigDecimal seconds = exactSeconds(node.textValue());
        if (seconds != null && seconds.compareTo(MIN_SECONDS) < 0) {
          return Duration.ofSeconds(Long.MIN_VALUE);
        }
        if (seconds != null && seconds.compareTo(MAX_SECONDS) <= 0) {
          BigDecimal whole = seconds.setScale(0, RoundingMode.FLOOR);
          return Duration.ofSeconds(whole.longValueExact(),
              seconds.subtract(whole).movePointRight(9).intValueExact());
        }
        throw new JsonFormatException(path, "must be a duration of at most "
            + Duration.ofSeconds(Long.MAX_VALUE, 999_999_999) + ": " + PlanReader.shape(node), e);
      }
      throw new JsonFormatException(path, problem, e);
    }
  }

  /**
   * {@return the seconds of an ISO-8601 duration as {@link Duration#parse} reads it, exactly when
   * below 10^27 in absolute value, and otherwise a number of the same sign beyond any duration;
   * null for text not of that form}
   *
   * <p>The parts are added up nine decimal digits at a time, in time linear in the length of the
   * text: a {@link BigDecimal} reads a long run of digits in time quadratic in its length, so that
   * a million nines took most of a minute to refuse. Parts of opposite signs may cancel out, so
   * that a long run of digits is not refused before the parts are added up.
   */
  private static @Nullable BigDecimal exactSeconds(String text) {
    Matcher parts = ISO_DURATION.matcher(text);
    if (!parts.matches()) {
      return null;
    }
    int longest = 0;
    for (int group = 2; group <= 5; group++) {
      String number = parts.group(group);
      longest = Math.max(longest, number == null ? 0 : number.length());
    }
    // The sum in base 10^9, lowest first, from nanoseconds: a limb gets less than 4 * 86,400 *
    // 10^9 in absolute value, so that two limbs above the longest part's hold the carries and
    // leave the last one 0, or -1 for a negative sum.
    long[] limbs = new long[longest / 9 + 4];
    int sign = "-".equals(parts.group(1)) ? -1 : 1;
    int[] unitSeconds = {86_400, 3_600, 60, 1};
    for (int unit = 0; unit < unitSeconds.length; unit++) {
      String number = parts.group(unit + 2);
      if (number != null) {
        int partSign = number.charAt(0) == '-' ? -sign : sign;
        int start = number.charAt(0) == '-' || number.charAt(0) == '+' ? 1 : 0;
        long factor = (long) partSign * unitSeconds[unit];
        long chunk = 0;
        long power = 1;
        for (int i = number.length() - 1, place = 0; i >= start; i--, place++) {
          chunk += (number.charAt(i) - '0') * power;
          power *= 10;
          if (place % 9 == 8 || i == start) {
            limbs[1 + place / 9] += factor * chunk;
            chunk = 0;
            power = 1;
          }
        }
        String fraction = unit == 3 ? parts.group(6) : null;
        if (fraction != null && !fraction.isEmpty()) {
          limbs[0] += partSign * Long.parseLong((fraction + "00000000").substring(0, 9));
        }
      }
    }
    long carry = 0;
    for (int i = 0; i < limbs.length; i++) {
      long value = limbs[i] + carry;
      limbs[i] = Math.floorMod(value, NANOS_PER_SECOND);
      carry = Math.floorDiv(value, NANOS_PER_SECOND);
    }
    if (carry < 0) {
      // The sum is what the limbs read less 10^(9 * limbs.length): its size, that power less them.
      long borrow = 0;
      for (int i = 0; i < limbs.length; i++) {
        long value = -limbs[i] - borrow;
        limbs[i] = Math.floorMod(value, NANOS_PER_SECOND);
        borrow = value < 0 ? 1 : 0;
      }
    }
    for (int i = 4; i < limbs.length; i++) {
      if (limbs[i] != 0) {
        return BigDecimal.valueOf(carry < 0 ? -1 : 1).scaleByPowerOfTen(27);
      }
    }
    BigInteger nanos = BigInteger.ZERO;
    for (int i = 3; i >= 0; i--) {
      nanos = nanos.multiply(BigInteger.valueOf(NANOS_PER_SECOND))
          .add(BigInteger.valueOf(limbs[i]));
    }
    return new BigDecimal(carry < 0 ? nanos.negate() : nanos, 9);
  }

  /**
   * Reads a window's lookback or a time decay's half-life: positive and at most {@link
   * AttributionWindow#MAX_LOOKBACK}, checked here as well as by the window or the model, so that a
   * rejected value is quoted as written ({@code '-P1D'}) rather than as they print it ({@code
   * PT-24H}).
   */
  private static Duration positiveDuration(JsonNode node, String path) {
    Duration duration = duration(node, path);
    check(!duration.isNegative() && !duration.isZero(), path,
        "must be positive: " + PlanReader.shape(node));
    check(duration.compareTo(AttributionWindow.MAX_LOOKBACK) <= 0, path,
        "must be at most " + AttributionWindow.MAX_LOOKBACK + ": " + PlanReader.shape(node));
    return duration;
  }

  /**
   * Returns the settings as indented JSON text, ending with a line break.
   *
   * @param settings the settings
   * @return the JSON text
   */
  public static String toJson(ProgramSettings settings) {
    StringWriter out = new StringWriter();
    write(settings, out);
    return out.toString();
  }

  /**
   * Writes the settings as indented JSON text, ending with a line break.
   *
   * @param settings the settings
   * @param out where to write; not closed
   * @throws UncheckedIOException if writing fails
   */
  public static void write(ProgramSettings settings, Writer out) {
    checkNotNull(settings, "settings");
    checkNotNull(out, "out");
    try {
      JsonGenerator json = PlanJson.FACTORY.createGenerator(out);
      json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      json.setPrettyPrinter(new DefaultPrettyPrinter()
          .withObjectIndenter(new DefaultIndenter("  ", "\n"))
          .withArrayIndenter(new DefaultIndenter("  ", "\n")));
      json.writeStartObject();
      json.writeNumberField("version", VERSION);
      if (!settings.window().equals(AttributionWindow.standard())) {
        writeWindow(json, settings.window());
      }
      if (!settings.model().equals(AttributionModel.lastTouch())) {
        json.writeFieldName("model");
        writeModel(json, settings.model());
      }
      if (!settings.policy().equals(AttributionPolicy.defaults())) {
        writePolicy(json, settings.policy());
      }
      if (!settings.holdPeriod().equals(ProgramSettings.DEFAULT_HOLD_PERIOD)) {
        json.writeStringField("holdPeriod", duration(settings.holdPeriod()));
      }
      if (!settings.payoutMinimums().isEmpty()) {
        json.writeArrayFieldStart("payoutMinimums");
        for (Money minimum : settings.payoutMinimums()) {
          json.writeString(minimum.toString());
        }
        json.writeEndArray();
      }
      json.writeFieldName("plan");
      PlanJson.writePlan(json, settings.plan());
      json.writeEndObject();
      json.flush();
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeWindow(JsonGenerator json, AttributionWindow window)
      throws IOException {
    json.writeObjectFieldStart("window");
    for (TouchpointKind kind : TouchpointKind.values()) {
      if (window.lookback(kind).isPresent()) {
        json.writeStringField(kind.name().toLowerCase(Locale.ROOT),
            duration(window.lookback(kind).get()));
      }
    }
    if (window.maxSinceFirstReferral().isPresent()) {
      json.writeStringField("maxSinceFirstReferral",
          duration(window.maxSinceFirstReferral().get()));
    }
    json.writeEndObject();
  }

  private static void writePolicy(JsonGenerator json, AttributionPolicy policy)
      throws IOException {
    AttributionPolicy defaults = AttributionPolicy.defaults();
    json.writeObjectFieldStart("policy");
    if (policy.couponBeatsLinks() != defaults.couponBeatsLinks()) {
      json.writeBooleanField("couponBeatsLinks", policy.couponBeatsLinks());
    }
    if (policy.lifetimeBinding() != defaults.lifetimeBinding()) {
      json.writeBooleanField("lifetimeBinding", policy.lifetimeBinding());
    }
    if (policy.bindingExpiry().isPresent()) {
      json.writeStringField("bindingExpiry", duration(policy.bindingExpiry().get()));
    }
    if (policy.clickLock() != defaults.clickLock()) {
      json.writeStringField("clickLock", policy.clickLock().name());
    }
    if (policy.mergeRepeatedTouches() != defaults.mergeRepeatedTouches()) {
      json.writeBooleanField("mergeRepeatedTouches", policy.mergeRepeatedTouches());
    }
    if (policy.allowSelfReferral() != defaults.allowSelfReferral()) {
      json.writeBooleanField("allowSelfReferral", policy.allowSelfReferral());
    }
    if (!policy.maxClockSkew().equals(defaults.maxClockSkew())) {
      json.writeStringField("maxClockSkew", duration(policy.maxClockSkew()));
    }
    json.writeEndObject();
  }

  static void writeModel(JsonGenerator json, AttributionModel model) throws IOException {
    for (Map.Entry<String, AttributionModel> named : NAMED_MODELS.entrySet()) {
      if (named.getValue().equals(model)) {
        json.writeString(named.getKey());
        return;
      }
    }
    json.writeStartObject();
    if (model instanceof AttributionModel.TimeDecay decay) {
      json.writeStringField("name", "timeDecay");
      json.writeStringField("halfLife", duration(decay.halfLife()));
    } else if (model instanceof AttributionModel.Positional weights) {
      json.writeStringField("name", "custom");
      json.writeNumberField("first", weights.first());
      json.writeNumberField("middle", weights.middle());
      json.writeNumberField("last", weights.last());
    } else if (model instanceof AttributionModel.SplitWithBonuses split) {
      json.writeStringField("name", "splitWithBonuses");
      json.writeStringField("firstBonus", split.firstBonus().toString());
      json.writeStringField("lastBonus", split.lastBonus().toString());
    } else {
      throw new AssertionError("bug: unknown model " + model);
    }
    json.writeEndObject();
  }

  /** Writes whole days as {@code P30D}, anything else as {@link Duration#toString()}. */
  private static String duration(Duration duration) {
    long days = duration.toDays();
    if (duration.equals(Duration.ofDays(days))) {
      return "P" + days + "D";
    }
    return duration.toString();
  }
}
