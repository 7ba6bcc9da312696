package dev.affiliatekit.commission;

import static com.google.common.base.Preconditions.checkNotNull;
import static dev.affiliatekit.internal.Ids.checkId;

import com.google.common.collect.ImmutableSortedSet;
import dev.affiliatekit.internal.Texts;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a rule is for: the whole program, affiliate groups, product categories, products, or
 * particular affiliates. The target decides the rule's specificity in the plan's {@linkplain
 * Precedence precedence} (an affiliate override beats a product rule, which beats a category rule,
 * which beats a group rule, which beats a program default) and lets the plan find the rule by key
 * instead of trying every rule.
 *
 * <p>Category and product rules price line items: they apply to the items of their categories or
 * products, and never to an order without line items. The other targets apply to any item, or to
 * the whole order when it has no items.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param level how specific the target is
 * @param keys the groups, categories, products or affiliates, sorted; none for the program
 */
public record RuleTarget(Level level, Set<String> keys) {

  /** How specific a target is, from the least specific to the most. */
  public enum Level {
    /** Every sale of the program: the default. */
    PROGRAM(null),
    /** Sales of affiliates in the given groups. */
    GROUP(Attribute.AFFILIATE_GROUP),
    /** Line items of the given categories. */
    CATEGORY(Attribute.ITEM_CATEGORY),
    /** Line items of the given products. */
    PRODUCT(Attribute.ITEM_PRODUCT_ID),
    /** Sales of the given affiliates: overrides for individuals. */
    AFFILIATE(Attribute.AFFILIATE_ID);

    private final @Nullable Attribute attribute;

    Level(@Nullable Attribute attribute) {
      this.attribute = attribute;
    }

    /** {@return the attribute whose value the keys are, or null for the program} */
    @Nullable Attribute attribute() {
      return attribute;
    }
  }

  private static final RuleTarget PROGRAM = new RuleTarget(Level.PROGRAM, Set.of());

  /**
   * Validates the parts and copies the keys into sorted order.
   *
   * @param level how specific the target is
   * @param keys the groups, categories, products or affiliates; none for the program
   * @throws IllegalArgumentException if the program has keys, another level has none, or a key is
   *     not a valid identifier
   */
  public RuleTarget {
    checkNotNull(level, "level");
    checkNotNull(keys, "keys");
    // One snapshot, checked and kept, so that a set another thread changes cannot slip a value by.
    List<String> given = new ArrayList<>(keys);
    for (String key : given) {
      checkId(checkNotNull(key, "keys contains null"), "rule target key");
    }
    if (level == Level.PROGRAM) {
      if (!given.isEmpty()) {
        throw new IllegalArgumentException("rule target program must have no keys: "
            + Texts.quote(given.get(0))
            + (given.size() > 1 ? " and " + (given.size() - 1) + " more" : ""));
      }
    } else if (given.isEmpty()) {
      throw new IllegalArgumentException("rule target " + level.name().toLowerCase(Locale.ROOT)
          + " must have at least one key: []");
    }
    keys = ImmutableSortedSet.copyOf(given);
  }

  /** {@return the target of every sale: the program default} */
  public static RuleTarget program() {
    return PROGRAM;
  }

  /**
   * Returns the target of affiliates in any of the given groups.
   *
   * @param groups one or more groups, such as {@code micro}
   * @return the target
   * @throws IllegalArgumentException if there are none or one is not a valid identifier
   */
  public static RuleTarget groups(String... groups) {
    return of(Level.GROUP, groups, "groups");
  }

  /**
   * Returns the target of line items in any of the given categories.
   *
   * @param categories one or more categories, such as {@code SKIN_CARE}
   * @return the target
   * @throws IllegalArgumentException if there are none or one is not a valid identifier
   */
  public static RuleTarget categories(String... categories) {
    return of(Level.CATEGORY, categories, "categories");
  }

  /**
   * Returns the target of line items of any of the given products.
   *
   * @param products one or more product ids
   * @return the target
   * @throws IllegalArgumentException if there are none or one is not a valid identifier
   */
  public static RuleTarget products(String... products) {
    return of(Level.PRODUCT, products, "products");
  }

  /**
   * Returns the target of the given affiliates.
   *
   * @param affiliates one or more affiliate ids
   * @return the target
   * @throws IllegalArgumentException if there are none or one is not a valid identifier
   */
  public static RuleTarget affiliates(String... affiliates) {
    return of(Level.AFFILIATE, affiliates, "affiliates");
  }

  private static RuleTarget of(Level level, String[] keys, String field) {
    return new RuleTarget(level,
        new LinkedHashSet<>(Elements.copyOf(checkNotNull(keys, field), field)));
  }

  /** {@return whether the target prices line items only: a category or product target} */
  public boolean isItemTarget() {
    return level == Level.CATEGORY || level == Level.PRODUCT;
  }

  /**
   * {@return {@code program}, or the level and keys, such as {@code category SKIN_CARE} or {@code
   * affiliate in {anna, ben}}}
   */
  @Override
  public String toString() {
    if (level == Level.PROGRAM) {
      return "program";
    }
    String name = level.name().toLowerCase(Locale.ROOT);
    return keys.size() == 1 ? name + " " + keys.iterator().next()
        : name + " in " + Formats.set(keys);
  }
}
