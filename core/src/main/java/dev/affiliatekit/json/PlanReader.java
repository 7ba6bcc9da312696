package dev.affiliatekit.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.affiliatekit.commission.Attribute;
import dev.affiliatekit.commission.Base;
import dev.affiliatekit.commission.CommissionPlan;
import dev.affiliatekit.commission.CommissionRule;
import dev.affiliatekit.commission.Condition;
import dev.affiliatekit.commission.Milestone;
import dev.affiliatekit.commission.Payout;
import dev.affiliatekit.commission.Period;
import dev.affiliatekit.commission.PeriodCap;
import dev.affiliatekit.commission.Precedence;
import dev.affiliatekit.commission.RecurringTerm;
import dev.affiliatekit.commission.RuleTarget;
import dev.affiliatekit.commission.TierMode;
import dev.affiliatekit.internal.Ids;
import dev.affiliatekit.internal.Texts;
import dev.affiliatekit.money.CurrencyTable;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Reads a plan from a JSON tree in the format of {@link PlanJson}, strictly: every field is known,
 * of the right type and valid, and every problem becomes a {@link JsonFormatException} naming the
 * path of the value.
 */
final class PlanReader {

  private static final List<String> TARGETS =
      List.of("groups", "categories", "products", "affiliates");
  private static final List<String> PAYOUTS =
      List.of("rate", "flatPerConversion", "flatPerUnit", "tiered");
  private static final List<String> OPERATIONS = List.of("is", "in", "startsWith");
  /** The rounding modes a plan accepts: every one that rounds. */
  private static final List<RoundingMode> ROUNDING_MODES = Arrays.stream(RoundingMode.values())
      .filter(mode -> mode != RoundingMode.UNNECESSARY).toList();

  private final CurrencyTable currencies;

  private PlanReader(CurrencyTable currencies) {
    this.currencies = currencies;
  }

  static CommissionPlan read(JsonNode root, String path, CurrencyTable currencies) {
    return new PlanReader(currencies).plan(new Fields(root, path, "a plan"));
  }

  private CommissionPlan plan(Fields plan) {
    JsonNode versionNode = plan.required("version");
    long version = whole(versionNode, plan.at("version"), 0, Long.MAX_VALUE);
    if (version != PlanJson.VERSION) {
      throw new JsonFormatException(plan.at("version"),
          "must be " + PlanJson.VERSION + ", the only version this library reads: " + version);
    }
    CommissionPlan.Builder builder = CommissionPlan.builder();
    JsonNode node = plan.optional("precedence");
    if (node != null) {
      builder.precedence(constant(node, plan.at("precedence"), Precedence.class));
    }
    node = plan.optional("rounding");
    if (node != null) {
      String path = plan.at("rounding");
      RoundingMode mode = constant(node, path, RoundingMode.class, ROUNDING_MODES);
      apply(path, () -> builder.rounding(mode));
    }
    node = plan.optional("zone");
    if (node != null) {
      builder.zone(zone(node, plan.at("zone")));
    }
    node = plan.optional("recordZero");
    if (node != null) {
      builder.recordZero(bool(node, plan.at("recordZero")));
    }
    node = plan.optional("capPerConversion");
    if (node != null) {
      Money cap = money(node, plan.at("capPerConversion"));
      apply(plan.at("capPerConversion"), () -> builder.capPerConversion(cap));
    }
    node = plan.optional("minimumPerConversion");
    if (node != null) {
      Money minimum = money(node, plan.at("minimumPerConversion"));
      apply(plan.at("minimumPerConversion"), () -> builder.minimumPerConversion(minimum));
    }
    node = plan.optional("periodCaps");
    if (node != null) {
      List<JsonNode> caps = array(node, plan.at("periodCaps"));
      for (int i = 0; i < caps.size(); i++) {
        String path = index(plan.at("periodCaps"), i);
        Fields cap = new Fields(caps.get(i), path, "a period cap");
        Period period = constant(cap.required("period"), cap.at("period"), Period.class);
        Money amount = money(cap.required("cap"), cap.at("cap"));
        cap.done();
        apply(path, () -> builder.periodCap(new PeriodCap(period, amount)));
      }
    }
    node = plan.optional("milestones");
    if (node != null) {
      List<JsonNode> milestones = array(node, plan.at("milestones"));
      for (int i = 0; i < milestones.size(); i++) {
        String path = index(plan.at("milestones"), i);
        Milestone milestone = milestone(new Fields(milestones.get(i), path, "a milestone"));
        apply(path, () -> builder.milestone(milestone));
      }
    }
    node = plan.optional("overrideRates");
    if (node != null) {
      String path = plan.at("overrideRates");
      List<JsonNode> levels = array(node, path);
      List<Rate> rates = new ArrayList<>(levels.size());
      for (int i = 0; i < levels.size(); i++) {
        rates.add(rate(levels.get(i), index(path, i)));
      }
      apply(path, () -> builder.overrideRates(rates));
    }
    List<JsonNode> rules = array(plan.required("rules"), plan.at("rules"));
    for (int i = 0; i < rules.size(); i++) {
      String path = index(plan.at("rules"), i);
      CommissionRule rule = rule(new Fields(rules.get(i), path, "a rule"));
      apply(path, () -> builder.rule(rule));
    }
    plan.done();
    return builder.build();
  }

  private CommissionRule rule(Fields rule) {
    String id = id(rule.required("id"), rule.at("id"), "rule id");
    CommissionRule.Builder builder = CommissionRule.builder(id);
    JsonNode node = rule.optional("priority");
    if (node != null) {
      builder.priority((int) whole(node, rule.at("priority"), Integer.MIN_VALUE,
          Integer.MAX_VALUE));
    }
    node = rule.optional("target");
    if (node != null) {
      builder.target(target(new Fields(node, rule.at("target"), "a target")));
    }
    node = rule.optional("when");
    if (node != null) {
      builder.when(condition(node, rule.at("when")));
    }
    node = rule.optional("base");
    if (node != null) {
      builder.base(base(new Fields(node, rule.at("base"), "a base")));
    }
    builder.payout(payout(rule));
    node = rule.optional("recurring");
    if (node != null) {
      builder.recurring(recurring(node, rule.at("recurring")));
    }
    node = rule.optional("cap");
    if (node != null) {
      Money cap = money(node, rule.at("cap"));
      check(!cap.isNegative(), rule.at("cap"), "must not be negative: " + cap);
      builder.cap(cap);
    }
    node = rule.optional("minimum");
    if (node != null) {
      Money minimum = money(node, rule.at("minimum"));
      check(minimum.isPositive(), rule.at("minimum"), "must be positive: " + minimum);
      builder.minimum(minimum);
    }
    rule.done();
    return apply(rule.path, builder::build);
  }

  private Payout payout(Fields rule) {
    String found = rule.exactlyOne(PAYOUTS, "a payout");
    JsonNode node = rule.required(found);
    String path = rule.at(found);
    return switch (found) {
      case "rate" -> Payout.percentage(rate(node, path));
      case "flatPerConversion" -> {
        Money amount = money(node, path);
        check(!amount.isNegative(), path, "must not be negative: " + amount);
        yield Payout.flatPerConversion(amount);
      }
      case "flatPerUnit" -> {
        Money amount = money(node, path);
        check(!amount.isNegative(), path, "must not be negative: " + amount);
        yield Payout.flatPerUnit(amount);
      }
      default -> tiered(new Fields(node, path, "tiers"));
    };
  }

  private Payout tiered(Fields tiered) {
    String by = text(tiered.required("by"), tiered.at("by"));
    check(by.equals("sales") || by.equals("revenue"), tiered.at("by"),
        "must be sales or revenue: " + Texts.quote(by));
    Period period = constant(tiered.required("period"), tiered.at("period"), Period.class);
    TierMode mode = constant(tiered.required("mode"), tiered.at("mode"), TierMode.class);
    List<JsonNode> nodes = array(tiered.required("tiers"), tiered.at("tiers"));
    List<Payout.SalesTier> sales = new ArrayList<>();
    List<Payout.RevenueTier> revenue = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      String path = index(tiered.at("tiers"), i);
      Fields tier = new Fields(nodes.get(i), path, "a tier");
      JsonNode from = tier.required("from");
      Rate rate = rate(tier.required("rate"), tier.at("rate"));
      if (by.equals("sales")) {
        long sale = whole(from, tier.at("from"), 1, Long.MAX_VALUE);
        sales.add(new Payout.SalesTier(sale, rate));
      } else {
        Money amount = money(from, tier.at("from"));
        check(!amount.isNegative(), tier.at("from"), "must not be negative: " + amount);
        revenue.add(new Payout.RevenueTier(amount, rate));
      }
      tier.done();
    }
    tiered.done();
    return apply(tiered.at("tiers"), () -> by.equals("sales")
        ? Payout.tieredBySales(period, mode, sales.toArray(Payout.SalesTier[]::new))
        : Payout.tieredByRevenue(period, mode, revenue.toArray(Payout.RevenueTier[]::new)));
  }

  private RuleTarget target(Fields target) {
    String found = target.exactlyOne(TARGETS, "a target");
    String path = target.at(found);
    List<String> keys = strings(target.required(found), path);
    target.done();
    String[] array = keys.toArray(String[]::new);
    return apply(path, () -> switch (found) {
      case "groups" -> RuleTarget.groups(array);
      case "categories" -> RuleTarget.categories(array);
      case "products" -> RuleTarget.products(array);
      default -> RuleTarget.affiliates(array);
    });
  }

  private static Base base(Fields base) {
    boolean afterDiscount = true;
    boolean shipping = false;
    boolean tax = false;
    JsonNode node = base.optional("afterDiscount");
    if (node != null) {
      afterDiscount = bool(node, base.at("afterDiscount"));
    }
    node = base.optional("shipping");
    if (node != null) {
      shipping = bool(node, base.at("shipping"));
    }
    node = base.optional("tax");
    if (node != null) {
      tax = bool(node, base.at("tax"));
    }
    base.done();
    return new Base(afterDiscount, shipping, tax);
  }

  private RecurringTerm recurring(JsonNode node, String path) {
    if (node.isTextual()) {
      check(node.textValue().equals("lifetime"), path,
          "must be lifetime or an object: " + Texts.quote(node.textValue()));
      return RecurringTerm.lifetime();
    }
    Fields term = new Fields(node, path, "a recurring term");
    String found = term.exactlyOne(List.of("firstPeriods", "firstMonths"), "a term");
    int length = (int) whole(term.required(found), term.at(found), 1, Integer.MAX_VALUE);
    JsonNode thenNode = term.optional("then");
    Optional<Rate> then = thenNode == null ? Optional.empty()
        : Optional.of(rate(thenNode, term.at("then")));
    term.done();
    return found.equals("firstPeriods") ? new RecurringTerm.FirstPeriods(length, then)
        : new RecurringTerm.FirstMonths(length, then);
  }

  private Milestone milestone(Fields milestone) {
    String id = id(milestone.required("id"), milestone.at("id"), "milestone id");
    Period period = constant(milestone.required("period"), milestone.at("period"), Period.class);
    long sale = whole(milestone.required("sale"), milestone.at("sale"), 1, Long.MAX_VALUE);
    Money bonus = money(milestone.required("bonus"), milestone.at("bonus"));
    check(bonus.isPositive(), milestone.at("bonus"), "must be positive: " + bonus);
    JsonNode node = milestone.optional("when");
    Condition condition = node == null ? Condition.always()
        : condition(node, milestone.at("when"));
    milestone.done();
    return new Milestone(id, period, sale, bonus, condition);
  }

  private Condition condition(JsonNode node, String path) {
    Fields condition = new Fields(node, path, "a condition");
    String found = condition.exactlyOne(List.of("all", "any", "not", "attribute"),
        "all, any, not or attribute");
    Condition result;
    switch (found) {
      case "all", "any" -> {
        List<JsonNode> parts = array(condition.required(found), condition.at(found));
        Condition[] conditions = new Condition[parts.size()];
        for (int i = 0; i < conditions.length; i++) {
          conditions[i] = condition(parts.get(i), index(condition.at(found), i));
        }
        result = apply(condition.at(found), () -> found.equals("all") ? Condition.all(conditions)
            : Condition.any(conditions));
      }
      case "not" -> {
        Condition negated = condition(condition.required("not"), condition.at("not"));
        result = apply(condition.at("not"), () -> Condition.not(negated));
      }
      default -> result = atom(condition);
    }
    condition.done();
    return result;
  }

  private Condition atom(Fields atom) {
    String key = text(atom.required("attribute"), atom.at("attribute"));
    Attribute attribute = Attribute.ofKey(key).orElseThrow(() -> new JsonFormatException(
        atom.at("attribute"), "is not a known attribute: " + Texts.quote(key)));
    if (attribute.type() == Attribute.Type.NUMBER || attribute.type() == Attribute.Type.MONEY) {
      JsonNode min = atom.optional("min");
      JsonNode max = atom.optional("max");
      if (min == null && max == null) {
        throw new JsonFormatException(atom.path, "must have min or max for " + attribute
            + ", a " + attribute.type().name().toLowerCase(Locale.ROOT) + " attribute");
      }
      if (attribute.type() == Attribute.Type.NUMBER) {
        OptionalLong low = min == null ? OptionalLong.empty()
            : OptionalLong.of(whole(min, atom.at("min"), Long.MIN_VALUE, Long.MAX_VALUE));
        OptionalLong high = max == null ? OptionalLong.empty()
            : OptionalLong.of(whole(max, atom.at("max"), Long.MIN_VALUE, Long.MAX_VALUE));
        return apply(atom.path, () -> new Condition.Range(attribute, low, high));
      }
      Optional<Money> low =
          min == null ? Optional.empty() : Optional.of(money(min, atom.at("min")));
      Optional<Money> high = max == null ? Optional.empty()
          : Optional.of(money(max, atom.at("max")));
      return apply(atom.path, () -> new Condition.MoneyRange(attribute, low, high));
    }
    String found = atom.exactlyOne(OPERATIONS, "is, in or startsWith");
    String path = atom.at(found);
    JsonNode value = atom.required(found);
    return switch (found) {
      case "is" -> {
        String text = text(value, path);
        yield apply(path, () -> Condition.is(attribute, text));
      }
      case "in" -> {
        List<String> values = strings(value, path);
        yield apply(path, () -> new Condition.In(attribute, new LinkedHashSet<>(values)));
      }
      default -> {
        String text = text(value, path);
        yield apply(path, () -> Condition.startsWith(attribute, text));
      }
    };
  }

  // ---- values ----

  private static String id(JsonNode node, String path, String field) {
    String id = text(node, path);
    apply(path, () -> Ids.checkId(id, field));
    return id;
  }

  private static String text(JsonNode node, String path) {
    if (!node.isTextual()) {
      throw new JsonFormatException(path, "must be a string: " + shape(node));
    }
    return node.textValue();
  }

  static boolean bool(JsonNode node, String path) {
    if (!node.isBoolean()) {
      throw new JsonFormatException(path, "must be true or false: " + shape(node));
    }
    return node.booleanValue();
  }

  /**
   * {@return why a value is not a whole number, for a message: a string is named as one, so that
   * {@code "1"}, as a host that writes every number as a string sends it, does not read as a
   * number refused for not being one}
   */
  static String notWhole(JsonNode node) {
    return "must be a whole number" + numberShape(node);
  }

  /**
   * {@return the value as a message that asks for a number shows it, after the colon: with {@code
   * , not a string} before the colon if it is a string}
   */
  static String numberShape(JsonNode node) {
    return (node.isTextual() ? ", not a string: " : ": ") + shape(node);
  }

  private static long whole(JsonNode node, String path, long min, long max) {
    if (!node.isIntegralNumber()) {
      throw new JsonFormatException(path, notWhole(node));
    }
    if (!node.canConvertToLong()) {
      // A whole number too large for any bound: say which range it misses.
      throw new JsonFormatException(path, "must be within [" + min + ", " + max + "]: "
          + Texts.number(new BigDecimal(node.bigIntegerValue())));
    }
    long value = node.longValue();
    if (value < min || value > max) {
      throw new JsonFormatException(path, "must be within [" + min + ", " + max + "]: " + value);
    }
    return value;
  }

  private Money money(JsonNode node, String path) {
    String text = text(node, path);
    return apply(path, () -> Amounts.parse(text, currencies));
  }

  private static Rate rate(JsonNode node, String path) {
    return percentage(text(node, path), path);
  }

  /**
   * Reads a rate of a plan or program file, which is written as a percentage such as {@code
   * "12.5%"}: {@link Rate#parse} also reads a fraction, so that {@code "1"} would be 100%, where
   * someone writing a file by hand may well have meant 1%.
   *
   * @throws JsonFormatException if the text is not a percentage, naming the path and the text
   */
  static Rate percentage(String text, String path) {
    if (!text.endsWith("%")) {
      throw new JsonFormatException(path, "must be a percentage such as \"12.5%\""
          + (fraction(text) != null ? ", not a fraction: " : ": ") + Texts.quote(text));
    }
    return apply(path, () -> Rate.parse(text));
  }

  /** {@return the rate that {@link Rate#parse} reads from text without a percent sign, or null} */
  private static @Nullable Rate fraction(String text) {
    try {
      return Rate.parse(text);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static ZoneId zone(JsonNode node, String path) {
    String text = text(node, path);
    try {
      return ZoneId.of(text).normalized();
    } catch (DateTimeException e) {
      throw new JsonFormatException(path,
          "must be a time zone such as UTC or Europe/Berlin: " + Texts.quote(text), e);
    }
  }

  private static <E extends Enum<E>> E constant(JsonNode node, String path, Class<E> type) {
    return constant(node, path, type, Arrays.asList(type.getEnumConstants()));
  }

  /**
   * Reads a constant by its name; an unknown name fails listing the accepted constants. A known
   * one that is not accepted is returned, for the builder to reject saying why.
   */
  private static <E extends Enum<E>> E constant(JsonNode node, String path, Class<E> type,
      List<E> accepted) {
    String text = text(node, path);
    for (E constant : type.getEnumConstants()) {
      if (constant.name().equals(text)) {
        return constant;
      }
    }
    throw new JsonFormatException(path, "must be one of " + String.join(", ",
        accepted.stream().map(Enum::name).toList()) + ": " + Texts.quote(text));
  }

  private static List<JsonNode> array(JsonNode node, String path) {
    if (!node.isArray()) {
      throw new JsonFormatException(path, "must be a JSON array: " + shape(node));
    }
    List<JsonNode> elements = new ArrayList<>(node.size());
    node.elements().forEachRemaining(elements::add);
    return elements;
  }

  private static List<String> strings(JsonNode node, String path) {
    List<JsonNode> elements = array(node, path);
    List<String> values = new ArrayList<>(elements.size());
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < elements.size(); i++) {
      String value = text(elements.get(i), index(path, i));
      if (!seen.add(value)) {
        throw new JsonFormatException(index(path, i), "repeats a value: " + Texts.quote(value));
      }
      values.add(value);
    }
    return values;
  }

  static void check(boolean condition, String path, String problem) {
    if (!condition) {
      throw new JsonFormatException(path, problem);
    }
  }

  /** Runs a step that signals bad values with IllegalArgumentException, naming the path. */
  @CanIgnoreReturnValue
  static <T> T apply(String path, Supplier<T> step) {
    try {
      return step.get();
    } catch (JsonFormatException e) {
      throw e;
    } catch (IllegalArgumentException | ArithmeticException e) {
      throw new JsonFormatException(path, String.valueOf(e.getMessage()), e);
    }
  }

  private static String index(String path, int index) {
    return path + "[" + index + "]";
  }

  /**
   * {@return the value as a message shows it: a quoted string, a number as it was written (trees
   * of {@link StrictTree} keep a decimal's text), or its kind}
   */
  static String shape(JsonNode node) {
    if (node.isTextual()) {
      return Texts.quote(node.textValue());
    }
    if (node.isNumber() || node.isBoolean()) {
      return Texts.quote(node.asText());
    }
    return node.isNull() ? "null" : node.isArray() ? "an array"
        : node.isObject() ? "an object" : node.getNodeType().name().toLowerCase(Locale.ROOT);
  }

  /** The fields of one JSON object, read strictly: each once, none unknown. */
  static final class Fields {
    final JsonNode node;
    final String path;
    private final String what;
    private final Set<String> read = new HashSet<>();

    Fields(JsonNode node, String path, String what) {
      if (!node.isObject()) {
        throw new JsonFormatException(path, "must be a JSON object: " + shape(node));
      }
      this.node = node;
      this.path = path;
      this.what = what;
    }

    String at(String name) {
      return PlanJson.fieldPath(path, name);
    }

    JsonNode required(String name) {
      JsonNode value = optional(name);
      if (value == null) {
        throw new JsonFormatException(at(name), "is missing");
      }
      return value;
    }

    @Nullable JsonNode optional(String name) {
      JsonNode value = node.get(name);
      if (value == null) {
        return null;
      }
      read.add(name);
      if (value.isNull()) {
        throw new JsonFormatException(at(name), "must not be null");
      }
      return value;
    }

    /**
     * Returns the one field of the names that is present; fails if none or several are. A field
     * of the names that is JSON {@code null} fails first, at its own path, as a lone null field
     * does, rather than counting as present.
     */
    String exactlyOne(List<String> names, String description) {
      for (String name : names) {
        JsonNode value = node.get(name);
        if (value != null && value.isNull()) {
          throw new JsonFormatException(at(name), "must not be null");
        }
      }
      String found = null;
      for (String name : names) {
        if (node.has(name)) {
          if (found != null) {
            throw new JsonFormatException(path, "must have only one of " + String.join(", ", names)
                + ", not both " + Texts.quote(found) + " and " + Texts.quote(name));
          }
          found = name;
        }
      }
      if (found == null) {
        throw new JsonFormatException(path, "must have " + description + ": one of "
            + String.join(", ", names));
      }
      return found;
    }

    void done() {
      Iterator<String> names = node.fieldNames();
      while (names.hasNext()) {
        String name = names.next();
        if (!read.contains(name)) {
          throw new JsonFormatException(at(name), "is not a field of " + what);
        }
      }
    }
  }
}
