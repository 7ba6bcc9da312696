package dev.affiliatekit.commission;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static dev.affiliatekit.internal.Ids.checkId;

import com.google.common.collect.ImmutableSortedSet;
import dev.affiliatekit.money.CurrencyMismatchException;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * A test of a sale's {@link Attribute}s that decides whether a rule or a milestone applies: an
 * equality, a set membership, a prefix or a range, or a combination of them with {@linkplain
 * #all(Condition...) all}, {@linkplain #any(Condition...) any} and {@linkplain #not(Condition)
 * not}.
 *
 * <p>A condition on a missing attribute (an affiliate without a follower count, a one-off sale's
 * billing period) is neither true nor false but <em>unknown</em>, and a rule applies only when its
 * condition is true. The combinations follow three-valued logic: {@code not} of unknown is
 * unknown, {@code all} is false if one part is false and otherwise unknown if one is unknown, and
 * {@code any} is true if one part is true and otherwise unknown if one is unknown. So a missing
 * attribute never makes a rule match, even under {@code not}: {@code not(customer.country in {FR})}
 * does not match a customer whose country is unknown. Nothing is thrown for a missing attribute.
 *
 * <p>A condition nests at most {@value #MAX_DEPTH} levels: an atom is one level, and {@code all},
 * {@code any} and {@code not} add one to their deepest part. Written out, it has at most {@value
 * #MAX_PARTS} parts, counting a part as often as it is used: a condition built of one part used
 * twice at each level is as large as the tree it prints as. {@code all}, {@code any} and {@code
 * not} reject parts that would make them deeper or larger, so every condition can be evaluated,
 * compared, printed and written as JSON.
 *
 * <p>Values are typed: text conditions apply to text attributes (and to tags, where they hold if
 * they hold for one tag), ranges of whole numbers to number attributes, and ranges of money to
 * money attributes. A money range on an amount in another currency is unknown, as a missing
 * attribute is, so neither the range nor its {@code not} holds for a sale in another currency.
 * Ranges include both bounds. Text attributes of a fixed vocabulary take only its values, so that
 * a typo is rejected rather than making a rule that never applies: {@code customer.type} is {@code
 * NEW} or {@code RETURNING}, {@code sale.creditBasis} is {@code TOUCHPOINTS}, {@code COUPON} or
 * {@code LIFETIME_BINDING}, and the countries are ISO 3166-1 alpha-2 codes in upper case, such as
 * {@code US}: those the standard assigns, as the running JDK's {@link
 * java.util.Locale#getISOCountries()} lists them, and those it leaves to users ({@code AA}, {@code
 * QM} to {@code QZ}, {@code XA} to {@code XZ} and {@code ZZ}, such as {@code XK}, often used for
 * Kosovo), so that {@code UK} is refused for {@code GB}; a prefix must begin one of them. An
 * {@link AffiliateProfile}'s country and a {@link dev.affiliatekit.attribution.Conversion}'s
 * customer country take the same codes, so that a rule can name every country they carry. {@code
 * sale.currency} is a code of the form that {@link CurrencyUnit#custom} takes, such as {@code
 * USD}, so that {@code usd} and {@code US$} are refused; a code of that form that no table has,
 * such as {@code PTS}, is taken, since a host may sell in a unit of its own. Other text is
 * compared as written: {@code sale.couponCode = GLOWWITHMIA} does not hold for a sale whose
 * coupon was entered as {@code glow-with-mia}, though attribution credits both to the code's
 * owner; {@link Attribute#SALE_COUPON_CODE} says how to pay by affiliate code.
 *
 * <pre>{@code
 * Condition microInfluencer = Condition.all(
 *     Condition.between(Attribute.AFFILIATE_FOLLOWERS, 1_500, 100_000),
 *     Condition.in(Attribute.AFFILIATE_PLATFORM, "instagram", "tiktok", "youtube"),
 *     Condition.not(Condition.is(Attribute.CUSTOMER_TYPE, "RETURNING")));
 * }</pre>
 *
 * <p>Each condition's {@code toString()} writes it the way explanations do, such as {@code
 * affiliate.followers in 1,500..100,000}. Instances are immutable and thread-safe.
 */
public sealed interface Condition {

  /** The most levels a condition may nest; see the class documentation. */
  int MAX_DEPTH = 64;

  /** The most parts a condition may have written out; see the class documentation. */
  int MAX_PARTS = 1_000_000;

  /**
   * Returns the condition that always holds: an {@link All} of nothing.
   *
   * @return the condition
   */
  static Condition always() {
    return All.ALWAYS;
  }

  /**
   * Returns the condition that holds when every part holds.
   *
   * @param conditions the parts; none means always
   * @return the condition
   * @throws IllegalArgumentException if a part is {@value #MAX_DEPTH} levels deep, or the parts
   *     have {@value #MAX_PARTS} parts or more written out, so that the condition would have more
   */
  static Condition all(Condition... conditions) {
    return new All(Arrays.asList(checkNotNull(conditions, "conditions")));
  }

  /**
   * Returns the condition that holds when at least one part holds.
   *
   * @param conditions one or more parts
   * @return the condition
   * @throws IllegalArgumentException if there are no parts, or one is {@value #MAX_DEPTH} levels
   *     deep, or the parts have {@value #MAX_PARTS} parts or more written out, so that the
   *     condition would have more
   */
  static Condition any(Condition... conditions) {
    return new Any(Arrays.asList(checkNotNull(conditions, "conditions")));
  }

  /**
   * Returns the condition that holds when the given one is false (and is unknown when it is).
   *
   * @param condition the condition to negate
   * @return the negation
   * @throws IllegalArgumentException if the condition is {@value #MAX_DEPTH} levels deep, or has
   *     {@value #MAX_PARTS} parts written out
   */
  static Condition not(Condition condition) {
    return new Not(condition);
  }

  /**
   * Returns the condition that a text attribute equals a value, or that one of the tags does.
   *
   * <p>For example, {@code is(ITEM_CATEGORY, "SKIN_CARE")} holds for a skin-care line item.
   *
   * @param attribute a text or tags attribute
   * @param value the value
   * @return the condition
   * @throws IllegalArgumentException if the attribute is not text, or the value is not a valid
   *     identifier (blank, longer than 256 characters, or with a control character, a line
   *     separator or an unpaired surrogate) or not one the attribute can have (see {@link
   *     Condition})
   */
  static Condition is(Attribute attribute, String value) {
    return new Is(attribute, value);
  }

  /**
   * Returns the condition that a text attribute is one of the values, or that one of the tags is.
   *
   * <p>For example, {@code in(CUSTOMER_COUNTRY, "US", "CA")} holds for a Canadian customer.
   *
   * @param attribute a text or tags attribute
   * @param values one or more values
   * @return the condition
   * @throws IllegalArgumentException if the attribute is not text, there are no values, or one is
   *     not a valid identifier (blank, longer than 256 characters, or with a control character, a
   *     line separator or an unpaired surrogate) or not one the attribute can have (see {@link
   *     Condition})
   */
  static Condition in(Attribute attribute, String... values) {
    return new In(attribute,
        new LinkedHashSet<>(Elements.copyOf(checkNotNull(values, "values"), "values")));
  }

  /**
   * Returns the condition that a text attribute starts with a prefix, or that one of the tags does.
   *
   * <p>For example, {@code startsWith(ITEM_PRODUCT_ID, "SERUM-")} holds for {@code SERUM-30ML}.
   *
   * @param attribute a text or tags attribute
   * @param prefix the prefix
   * @return the condition
   * @throws IllegalArgumentException if the attribute is not text, or the prefix is not a valid
   *     identifier (blank, longer than 256 characters, or with a control character, a line
   *     separator or an unpaired surrogate) or no value the attribute can have starts with it (see
   *     {@link Condition})
   */
  static Condition startsWith(Attribute attribute, String prefix) {
    return new StartsWith(attribute, prefix);
  }

  /**
   * Returns the condition that a number attribute is within a range, both bounds included.
   *
   * <p>For example, {@code between(AFFILIATE_FOLLOWERS, 1_500, 100_000)} holds for 12,400
   * followers, and for exactly 100,000.
   *
   * @param attribute a number attribute
   * @param min the smallest value that holds
   * @param max the largest value that holds, at least {@code min}
   * @return the condition
   * @throws IllegalArgumentException if the attribute is not a number, or {@code min > max}
   */
  static Condition between(Attribute attribute, long min, long max) {
    return new Range(attribute, OptionalLong.of(min), OptionalLong.of(max));
  }

  /**
   * Returns the condition that a number attribute is at least a value.
   *
   * @param attribute a number attribute
   * @param min the smallest value that holds
   * @return the condition
   * @throws IllegalArgumentException if the attribute is not a number
   */
  static Condition atLeast(Attribute attribute, long min) {
    return new Range(attribute, OptionalLong.of(min), OptionalLong.empty());
  }

  /**
   * Returns the condition that a number attribute is at most a value.
   *
   * @param attribute a number attribute
   * @param max the largest value that holds
   * @return the condition
   * @throws IllegalArgumentException if the attribute is not a number
   */
  static Condition atMost(Attribute attribute, long max) {
    return new Range(attribute, OptionalLong.empty(), OptionalLong.of(max));
  }

  /**
   * Returns the condition that a money attribute is within a range of one currency, both bounds
   * included.
   *
   * <p>For example, {@code between(SALE_TOTAL, USD 50.00, USD 500.00)} holds for {@code USD
   * 120.00}, and is unknown for any amount in {@code EUR}.
   *
   * @param attribute a money attribute
   * @param min the smallest amount that holds
   * @param max the largest amount that holds, at least {@code min}
   * @return the condition
   * @throws IllegalArgumentException if the attribute is not money, or {@code min > max}
   * @throws CurrencyMismatchException if the bounds differ in currency
   */
  static Condition between(Attribute attribute, Money min, Money max) {
    return new MoneyRange(attribute, Optional.of(checkNotNull(min, "min")),
        Optional.of(checkNotNull(max, "max")));
  }

  /**
   * Returns the condition that a money attribute is at least an amount of the same currency.
   *
   * @param attribute a money attribute
   * @param min the smallest amount that holds
   * @return the condition
   * @throws IllegalArgumentException if the attribute is not money
   */
  static Condition atLeast(Attribute attribute, Money min) {
    return new MoneyRange(attribute, Optional.of(checkNotNull(min, "min")), Optional.empty());
  }

  /**
   * Returns the condition that a money attribute is at most an amount of the same currency.
   *
   * @param attribute a money attribute
   * @param max the largest amount that holds
   * @return the condition
   * @throws IllegalArgumentException if the attribute is not money
   */
  static Condition atMost(Attribute attribute, Money max) {
    return new MoneyRange(attribute, Optional.empty(), Optional.of(checkNotNull(max, "max")));
  }

  /**
   * Returns the attributes this condition tests, in the order they appear, without repeats.
   *
   * @return the attributes
   */
  default List<Attribute> attributes() {
    List<Attribute> found = new ArrayList<>();
    Conditions.collectAttributes(this, found);
    return List.copyOf(found);
  }

  /**
   * Every part holds; {@code always} when there are none.
   *
   * <p>Instances are immutable and thread-safe.
   *
   * @param conditions the parts
   */
  record All(List<Condition> conditions) implements Condition {
    static final All ALWAYS = new All(List.of());

    /**
     * Validates and copies the parts.
     *
     * @param conditions the parts
     * @throws IllegalArgumentException if a part is {@value Condition#MAX_DEPTH} levels deep, or
     *     the parts have {@value Condition#MAX_PARTS} parts or more written out
     */
    public All {
      conditions = Elements.copyOf(checkNotNull(conditions, "conditions"), "conditions");
      Conditions.checkDepth(conditions);
    }

    /** {@return {@code always}, the part, or {@code all of (a, b)}} */
    @Override
    public String toString() {
      if (conditions.isEmpty()) {
        return "always";
      }
      return conditions.size() == 1 ? conditions.get(0).toString()
          : "all of (" + Conditions.join(conditions) + ")";
    }
  }

  /**
   * At least one part holds.
   *
   * <p>Instances are immutable and thread-safe.
   *
   * @param conditions one or more parts
   */
  record Any(List<Condition> conditions) implements Condition {

    /**
     * Validates and copies the parts.
     *
     * @param conditions one or more parts
     * @throws IllegalArgumentException if there are none, or one is {@value Condition#MAX_DEPTH}
     *     levels deep, or they have {@value Condition#MAX_PARTS} parts or more written out
     */
    public Any {
      conditions = Elements.copyOf(checkNotNull(conditions, "conditions"), "conditions");
      Conditions.checkDepth(conditions);
      checkArgument(!conditions.isEmpty(), "condition any must have at least one part: []");
    }

    /** {@return {@code any of (a, b)}} */
    @Override
    public String toString() {
      return "any of (" + Conditions.join(conditions) + ")";
    }
  }

  /**
   * The part is false.
   *
   * <p>Instances are immutable and thread-safe.
   *
   * @param condition the condition negated
   */
  record Not(Condition condition) implements Condition {

    /**
     * Validates the part.
     *
     * @param condition the condition negated
     * @throws IllegalArgumentException if the part is {@value Condition#MAX_DEPTH} levels deep, or
     *     has {@value Condition#MAX_PARTS} parts written out
     */
    public Not {
      checkNotNull(condition, "condition");
      Conditions.checkDepth(List.of(condition));
    }

    /** {@return {@code not (c)}} */
    @Override
    public String toString() {
      return "not (" + condition + ")";
    }
  }

  /**
   * A text attribute equals a value, or one of the tags does.
   *
   * <p>Instances are immutable and thread-safe.
   *
   * @param attribute a text or tags attribute
   * @param value the value
   */
  record Is(Attribute attribute, String value) implements Condition {

    /**
     * Validates the parts.
     *
     * @param attribute a text or tags attribute
     * @param value the value
     * @throws IllegalArgumentException if the attribute is not text, or the value is not a valid
     *     identifier (blank, longer than 256 characters, or with a control character, a line
     *     separator or an unpaired surrogate) or not one the attribute can have (see {@link
     *     Condition})
     */
    public Is {
      Conditions.checkText(attribute, "is");
      checkId(checkNotNull(value, "value"), "condition value");
      Conditions.checkValue(attribute, value, false);
    }

    /** {@return {@code attribute = value}, such as {@code item.category = SKIN_CARE}} */
    @Override
    public String toString() {
      return attribute + (attribute.type() == Attribute.Type.TAGS ? " has " : " = ") + value;
    }
  }

  /**
   * A text attribute is one of the values, or one of the tags is.
   *
   * <p>Instances are immutable and thread-safe.
   *
   * @param attribute a text or tags attribute
   * @param values one or more values, sorted
   */
  record In(Attribute attribute, Set<String> values) implements Condition {

    /**
     * Validates the parts and copies the values into sorted order.
     *
     * @param attribute a text or tags attribute
     * @param values one or more values
     * @throws IllegalArgumentException if the attribute is not text, there are no values, or one is
     *     not a valid identifier (blank, longer than 256 characters, or with a control character, a
     *     line separator or an unpaired surrogate) or not one the attribute can have (see {@link
     *     Condition})
     */
    public In {
      Conditions.checkText(attribute, "in");
      checkNotNull(values, "values");
      // One snapshot, checked and kept, so that a set another thread changes cannot slip a value
      // by.
      List<String> given = new ArrayList<>(values);
      checkArgument(!given.isEmpty(), "condition in must have at least one value: %s", attribute);
      for (String value : given) {
        checkId(checkNotNull(value, "values contains null"), "condition value");
        Conditions.checkValue(attribute, value, false);
      }
      values = ImmutableSortedSet.copyOf(given);
    }

    /** {@return {@code attribute in {a, b}}, such as {@code customer.country in {CA, US}}} */
    @Override
    public String toString() {
      return attribute + (attribute.type() == Attribute.Type.TAGS ? " has one of " : " in ")
          + Formats.set(values);
    }
  }

  /**
   * A text attribute starts with a prefix, or one of the tags does.
   *
   * <p>Instances are immutable and thread-safe.
   *
   * @param attribute a text or tags attribute
   * @param prefix the prefix
   */
  record StartsWith(Attribute attribute, String prefix) implements Condition {

    /**
     * Validates the parts.
     *
     * @param attribute a text or tags attribute
     * @param prefix the prefix
     * @throws IllegalArgumentException if the attribute is not text, or the prefix is not a valid
     *     identifier (blank, longer than 256 characters, or with a control character, a line
     *     separator or an unpaired surrogate) or no value the attribute can have starts with it
     *     (see {@link Condition})
     */
    public StartsWith {
      Conditions.checkText(attribute, "startsWith");
      checkId(checkNotNull(prefix, "prefix"), "condition prefix");
      Conditions.checkValue(attribute, prefix, true);
    }

    /** {@return {@code attribute starts with prefix}} */
    @Override
    public String toString() {
      return attribute + " starts with " + prefix;
    }
  }

  /**
   * A number attribute is within a range, both bounds included.
   *
   * <p>Instances are immutable and thread-safe.
   *
   * @param attribute a number attribute
   * @param min the smallest value that holds, if bounded below
   * @param max the largest value that holds, if bounded above
   */
  record Range(Attribute attribute, OptionalLong min, OptionalLong max) implements Condition {

    /**
     * Validates the parts.
     *
     * @param attribute a number attribute
     * @param min the smallest value that holds, if bounded below
     * @param max the largest value that holds, if bounded above
     * @throws IllegalArgumentException if the attribute is not a number, both bounds are missing,
     *     or {@code min > max}
     */
    public Range {
      checkNotNull(attribute, "attribute");
      checkNotNull(min, "min");
      checkNotNull(max, "max");
      checkArgument(attribute.type() == Attribute.Type.NUMBER,
          "condition range needs a number attribute: %s", attribute);
      checkArgument(min.isPresent() || max.isPresent(),
          "condition range must have a bound: %s", attribute);
      if (min.isPresent() && max.isPresent()) {
        if (min.getAsLong() > max.getAsLong()) {
          throw new IllegalArgumentException("condition range of " + attribute
              + " must not have min above max: " + min.getAsLong() + " > " + max.getAsLong());
        }
      }
    }

    /**
     * {@return {@code attribute in 1,500..100,000}, {@code attribute at least 1,500} or {@code
     * attribute at most 100,000}}
     */
    @Override
    public String toString() {
      return attribute + " " + Conditions.bounds(
          min.isPresent() ? Formats.grouped(min.getAsLong()) : null,
          max.isPresent() ? Formats.grouped(max.getAsLong()) : null);
    }
  }

  /**
   * A money attribute is within a range of one currency, both bounds included.
   *
   * <p>Instances are immutable and thread-safe.
   *
   * @param attribute a money attribute
   * @param min the smallest amount that holds, if bounded below
   * @param max the largest amount that holds, if bounded above
   */
  record MoneyRange(Attribute attribute, Optional<Money> min, Optional<Money> max)
      implements Condition {

    /**
     * Validates the parts.
     *
     * @param attribute a money attribute
     * @param min the smallest amount that holds, if bounded below
     * @param max the largest amount that holds, if bounded above
     * @throws IllegalArgumentException if the attribute is not money, both bounds are missing, or
     *     {@code min > max}
     * @throws CurrencyMismatchException if the bounds differ in currency
     */
    public MoneyRange {
      checkNotNull(attribute, "attribute");
      checkNotNull(min, "min");
      checkNotNull(max, "max");
      checkArgument(attribute.type() == Attribute.Type.MONEY,
          "condition range needs a money attribute: %s", attribute);
      checkArgument(min.isPresent() || max.isPresent(),
          "condition range must have a bound: %s", attribute);
      if (min.isPresent() && max.isPresent()) {
        CurrencyUnit currency = min.get().currency();
        if (!max.get().currency().equals(currency)) {
          throw new CurrencyMismatchException(currency, max.get().currency(), "condition range of "
              + attribute + " max must be in " + currency + ", the currency of its min: "
              + max.get());
        }
        checkArgument(!min.get().isGreaterThan(max.get()),
            "condition range of %s must not have min above max: %s > %s", attribute, min.get(),
            max.get());
      }
    }

    /**
     * {@return {@code attribute in USD 50.00..USD 500.00}, {@code attribute at least USD 50.00} or
     * {@code attribute at most USD 500.00}}
     */
    @Override
    public String toString() {
      return attribute + " " + Conditions.bounds(min.map(Money::toString).orElse(null),
          max.map(Money::toString).orElse(null));
    }
  }
}
