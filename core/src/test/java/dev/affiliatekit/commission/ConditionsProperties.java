package dev.affiliatekit.commission;

import static dev.affiliatekit.commission.Attribute.AFFILIATE_FOLLOWERS;
import static dev.affiliatekit.commission.Attribute.AFFILIATE_GROUP;
import static dev.affiliatekit.commission.Attribute.AFFILIATE_TAGS;
import static dev.affiliatekit.commission.Attribute.CUSTOMER_TYPE;
import static dev.affiliatekit.commission.Attribute.ITEM_CATEGORY;
import static dev.affiliatekit.commission.Attribute.SALE_TOTAL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.CustomerType;
import dev.affiliatekit.attribution.LineItem;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.testing.CommissionArbitraries;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

/**
 * Laws of the tie analysis {@link Conditions#disjoint}: it is sound (conditions it calls exclusive
 * are never both true, on any sale), symmetric, and sees every condition and its negation as
 * exclusive. The vocabulary is small, with values that are prefixes of each other and small
 * numbers, so that generated sales often sit on the conditions' edges.
 */
class ConditionsProperties {

  private static final Instant AT = Instant.parse("2026-03-15T10:00:00Z");
  private static final CurrencyUnit USD = CurrencyUnit.USD;
  private static final CurrencyUnit EUR = CurrencyUnit.of("EUR");
  private static final List<String> TAGS = List.of("vegan", "veg", "vegetarian", "eco", "ecology");
  private static final List<String> GROUPS = List.of("micro", "macro", "mid");

  private static Arbitrary<Condition> atoms() {
    Arbitrary<String[]> tags = Arbitraries.of(TAGS).set().ofMinSize(1).ofMaxSize(3)
        .map(set -> set.toArray(String[]::new));
    Arbitrary<String[]> groups = Arbitraries.of(GROUPS).set().ofMinSize(1).ofMaxSize(2)
        .map(set -> set.toArray(String[]::new));
    Arbitrary<Long> small = Arbitraries.longs().between(0, 12);
    return Arbitraries.oneOf(
        Arbitraries.of(TAGS).map(tag -> Condition.is(AFFILIATE_TAGS, tag)),
        tags.map(values -> Condition.in(AFFILIATE_TAGS, values)),
        Arbitraries.of("veg", "eco", "e").map(p -> Condition.startsWith(AFFILIATE_TAGS, p)),
        Arbitraries.of(GROUPS).map(group -> Condition.is(AFFILIATE_GROUP, group)),
        groups.map(values -> Condition.in(AFFILIATE_GROUP, values)),
        Arbitraries.of("m", "mi", "ma").map(p -> Condition.startsWith(AFFILIATE_GROUP, p)),
        Arbitraries.of("NEW", "RETURNING").map(type -> Condition.is(CUSTOMER_TYPE, type)),
        Arbitraries.of("A", "B").map(category -> Condition.is(ITEM_CATEGORY, category)),
        Combinators.combine(small, small).as((x, y) ->
            Condition.between(AFFILIATE_FOLLOWERS, Math.min(x, y), Math.max(x, y))),
        small.map(min -> Condition.atLeast(AFFILIATE_FOLLOWERS, min)),
        small.map(max -> Condition.atMost(AFFILIATE_FOLLOWERS, max)),
        Combinators.combine(small, small, Arbitraries.of(USD, EUR)).as((x, y, currency) ->
            Condition.between(SALE_TOTAL, Money.ofMinor(Math.min(x, y), currency),
                Money.ofMinor(Math.max(x, y), currency))),
        small.map(min -> Condition.atLeast(SALE_TOTAL, Money.ofMinor(min, USD))));
  }

  private static Arbitrary<Condition> conditions(int depth) {
    if (depth == 0) {
      return atoms();
    }
    Arbitrary<Condition> smaller = conditions(depth - 1);
    return Arbitraries.frequencyOf(
        Tuple.of(4, atoms()),
        Tuple.of(2, smaller.list().ofMaxSize(3).map(parts -> Condition.all(
            parts.toArray(Condition[]::new)))),
        Tuple.of(1, smaller.list().ofMinSize(1).ofMaxSize(3).map(parts -> Condition.any(
            parts.toArray(Condition[]::new)))),
        Tuple.of(2, smaller.map(Condition::not)));
  }

  @Provide
  Arbitrary<Condition> conditions() {
    return conditions(2);
  }

  /**
   * Returns pairs of conditions, the second often built from the first so that the pair excludes
   * each other, or comes close: its negation, the negation of one of its parts, of a wider range,
   * of an alternative that includes it, or with a double negation.
   */
  @Provide
  Arbitrary<Tuple2<Condition, Condition>> pairs() {
    return Combinators.combine(conditions(), conditions(), conditions()).flatAs((a, b, c) -> {
      List<Condition> seconds = new ArrayList<>(List.of(b, Condition.not(a),
          Condition.all(b, Condition.not(a)), Condition.not(Condition.any(b, a)),
          Condition.not(Condition.not(Condition.not(a))), Condition.any(Condition.not(a)),
          Condition.not(Condition.all(a, b)), Condition.any(b, Condition.not(a))));
      if (a instanceof Condition.All all) {
        all.conditions().forEach(part -> seconds.add(Condition.not(part)));
      }
      if (a instanceof Condition.Range range) {
        seconds.add(Condition.not(Condition.between(range.attribute(),
            range.min().orElse(0) - 1, range.max().orElse(12) + 1)));
      }
      seconds.add(Condition.all(c, Condition.not(Condition.any(c, b))));
      return Arbitraries.of(seconds).map(second -> Tuple.of(a, second));
    });
  }

  /** Returns affiliates of every combination of group, tags and followers, each maybe unknown. */
  @Provide
  Arbitrary<AffiliateProfile> affiliates() {
    return Combinators.combine(Arbitraries.of(GROUPS).injectNull(0.25),
        Arbitraries.of(TAGS).set().ofMaxSize(3), Arbitraries.longs().between(0, 12).injectNull(0.2))
        .as((group, tags, followers) -> CommissionArbitraries.profile("anna", group, followers,
            tags));
  }

  /** Returns sales of up to two items of categories A and B, each of a few cents. */
  @Provide
  Arbitrary<Conversion> sales() {
    Arbitrary<LineItem> items = Combinators.combine(Arbitraries.of("A", "B"),
        Arbitraries.longs().between(0, 6))
        .as((category, cents) -> LineItem.of("p-" + category, category, 1,
            Money.ofMinor(cents, USD)));
    return Combinators.combine(items.list().ofMaxSize(2), Arbitraries.longs().between(0, 12),
        Arbitraries.of(CustomerType.class))
        .as((lines, orderless, type) -> {
          long total = lines.isEmpty() ? orderless
              : lines.stream().mapToLong(line -> line.amount().minorUnits()).sum();
          Conversion.Builder sale = Conversion.builder("o1", AT, Money.ofMinor(total, USD))
              .customerId("c1").customerType(type);
          lines.forEach(sale::lineItem);
          return sale.build();
        });
  }

  /** Returns what each condition gives for the sale, once per item (or once, without items). */
  private static List<int[]> verdicts(Condition first, Condition second, AffiliateProfile affiliate,
      Conversion sale) {
    Facts facts = new Facts(sale, Sales.fullCredit("anna", sale), CommissionContext.of(affiliate),
        ZoneOffset.UTC);
    Matcher a = Matcher.compile(first);
    Matcher b = Matcher.compile(second);
    List<int[]> verdicts = new ArrayList<>();
    if (sale.lineItems().isEmpty()) {
      verdicts.add(new int[] {a.test(facts), b.test(facts)});
    }
    for (LineItem item : sale.lineItems()) {
      facts.item = item;
      verdicts.add(new int[] {a.test(facts), b.test(facts)});
    }
    return verdicts;
  }

  @Property(tries = 3000)
  void disjoint_conditionsAreNeverBothTrue(@ForAll("pairs") Tuple2<Condition, Condition> pair,
      @ForAll("affiliates") AffiliateProfile affiliate, @ForAll("sales") Conversion sale) {
    boolean disjoint = Conditions.disjoint(pair.get1(), pair.get2());
    Statistics.label("disjoint").collect(disjoint);
    if (!disjoint) {
      return;
    }
    for (int[] verdict : verdicts(pair.get1(), pair.get2(), affiliate, sale)) {
      assertThat(verdict[0] == Matcher.TRUE && verdict[1] == Matcher.TRUE)
          .as("%s and %s for %s", pair.get1(), pair.get2(), affiliate).isFalse();
    }
  }

  @Property
  void disjoint_isSymmetric(@ForAll("pairs") Tuple2<Condition, Condition> pair) {
    assertThat(Conditions.disjoint(pair.get2(), pair.get1()))
        .isEqualTo(Conditions.disjoint(pair.get1(), pair.get2()));
  }

  @Property
  void disjoint_aConditionAndItsNegation_excludeEachOther(@ForAll("conditions") Condition c,
      @ForAll("conditions") Condition other) {
    assertThat(Conditions.disjoint(c, Condition.not(c))).as("%s", c).isTrue();
    assertThat(Conditions.disjoint(Condition.all(other, c), Condition.not(c))).as("%s", c)
        .isTrue();
    assertThat(Conditions.disjoint(Condition.not(Condition.any(other, c)), c)).as("%s", c)
        .isTrue();
    assertThat(Conditions.disjoint(Condition.not(Condition.not(c)), Condition.not(c)))
        .as("%s", c).isTrue();
  }

  /**
   * Returns conditions of rules for one plan, most of which pin the affiliate's group or the
   * customer's type to some values, as a rule per coupon code does, or the group to a prefix, as a
   * rule per coupon prefix does, so that the builder's index of stems decides which rules it
   * compares.
   */
  @Provide
  Arbitrary<List<Condition>> ruleConditions() {
    Arbitrary<Condition> groups = Arbitraries.of(GROUPS).set().ofMinSize(1).ofMaxSize(2)
        .map(set -> Condition.in(AFFILIATE_GROUP, set.toArray(String[]::new)));
    Arbitrary<Condition> types = Arbitraries.of("NEW", "RETURNING")
        .map(type -> Condition.is(CUSTOMER_TYPE, type));
    Arbitrary<Condition> prefixes = Arbitraries.of("m", "mi", "ma", "mic", "x")
        .map(prefix -> Condition.startsWith(AFFILIATE_GROUP, prefix));
    Arbitrary<Condition> pin = Arbitraries.oneOf(groups, types, prefixes);
    Arbitrary<Condition> pinned = Arbitraries.frequencyOf(
        Tuple.of(3, Combinators.combine(pin, conditions(1)).as(Condition::all)),
        Tuple.of(2, Combinators.combine(pin, pin).as(Condition::all)),
        Tuple.of(1, Combinators.combine(groups, groups).as(Condition::any)),
        Tuple.of(1, conditions()));
    return pinned.list().ofMinSize(1).ofMaxSize(10);
  }

  @Property(tries = 1000)
  void planBuilder_refusesARule_exactlyWhenItTiesWithOneItHolds(
      @ForAll("ruleConditions") List<Condition> conditions,
      @ForAll("ruleConditions") List<Condition> replacements) {
    CommissionPlan.Builder plan = CommissionPlan.builder();
    List<Condition> held = new ArrayList<>();
    for (Condition condition : conditions) {
      boolean ties = held.stream().anyMatch(other -> !Conditions.disjoint(other, condition));
      CommissionRule rule = rule("r" + held.size(), condition);
      Statistics.label("ties").collect(ties);
      if (ties) {
        assertThatThrownBy(() -> plan.rule(rule)).as("%s after %s", condition, held)
            .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(" ties with ");
      } else {
        plan.rule(rule);
        held.add(condition);
      }
    }
    for (int i = 0; i < replacements.size(); i++) {
      int at = i % held.size();
      Condition condition = replacements.get(i);
      boolean ties = false;
      for (int j = 0; j < held.size(); j++) {
        ties |= j != at && !Conditions.disjoint(held.get(j), condition);
      }
      CommissionRule rule = rule("r" + at, condition);
      if (ties) {
        assertThatThrownBy(() -> plan.replaceRule(rule)).as("%s for r%s in %s", condition, at,
            held).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(" ties with ");
      } else {
        plan.replaceRule(rule);
        held.set(at, condition);
      }
    }
    // All of them again, as a switch to first match checks them.
    CommissionPlan.Builder best = CommissionPlan.builder().precedence(Precedence.BEST_FOR_AFFILIATE);
    for (int i = 0; i < conditions.size(); i++) {
      best.rule(rule("r" + i, conditions.get(i)));
    }
    boolean anyTie = false;
    for (int i = 0; i < conditions.size(); i++) {
      for (int j = 0; j < i; j++) {
        anyTie |= !Conditions.disjoint(conditions.get(j), conditions.get(i));
      }
    }
    if (anyTie) {
      assertThatThrownBy(() -> best.precedence(Precedence.FIRST_MATCH))
          .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(" ties with ");
    } else {
      assertThat(best.precedence(Precedence.FIRST_MATCH).build().rules()).hasSize(conditions.size());
    }
  }

  private static CommissionRule rule(String id, Condition condition) {
    return CommissionRule.builder(id).when(condition).percentage(Sales.pct("1")).build();
  }
}
