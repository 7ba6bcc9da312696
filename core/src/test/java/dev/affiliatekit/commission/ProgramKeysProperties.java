package dev.affiliatekit.commission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.Credit;
import dev.affiliatekit.attribution.CreditBasis;
import dev.affiliatekit.money.Rate;
import dev.affiliatekit.testing.CommissionArbitraries;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Checks that keying a plan's program rules by what they require of one attribute, such as a rule
 * per coupon code, changes no quote: a plan quotes every sale as the same plan whose quotes try
 * every program rule, on the fast path and the general one, under either precedence.
 */
class ProgramKeysProperties {

  /** Codes and prefixes that begin one another, so that values meet several rules' stems. */
  private static final List<String> CODES = List.of("MIA10", "MIA20", "MIA", "LEO15", "LEO");
  private static final List<String> PREFIXES = List.of("M", "MI", "MIA", "MIA1", "L", "LEO1");

  /** Atoms on text attributes of the sale and the affiliate, which the plan may key rules by. */
  private static Arbitrary<Condition> keyedAtoms() {
    return Arbitraries.oneOf(
        Arbitraries.of(CODES).map(code -> Condition.is(Attribute.SALE_COUPON_CODE, code)),
        Arbitraries.of(CODES).set().ofMinSize(1).ofMaxSize(3).map(codes ->
            Condition.in(Attribute.SALE_COUPON_CODE, codes.toArray(String[]::new))),
        Arbitraries.of(PREFIXES).map(prefix ->
            Condition.startsWith(Attribute.SALE_COUPON_CODE, prefix)),
        Arbitraries.of(CommissionArbitraries.AFFILIATES)
            .map(id -> Condition.is(Attribute.AFFILIATE_ID, id)),
        Arbitraries.of(CreditBasis.class)
            .map(basis -> Condition.is(Attribute.SALE_CREDIT_BASIS, basis.name())),
        Arbitraries.of("USD", "EUR").map(code -> Condition.is(Attribute.SALE_CURRENCY, code)));
  }

  /** Conditions of keyed atoms and of every other kind, combined with all, any and not. */
  private static Arbitrary<Condition> conditions(int depth) {
    Arbitrary<Condition> atoms = Arbitraries.frequencyOf(
        Tuple.of(3, keyedAtoms()), Tuple.of(1, CommissionArbitraries.conditions()),
        Tuple.of(1, Arbitraries.just(Condition.always())));
    if (depth == 0) {
      return atoms;
    }
    Arbitrary<Condition> smaller = conditions(depth - 1);
    return Arbitraries.frequencyOf(
        Tuple.of(5, atoms),
        Tuple.of(2, smaller.list().ofMinSize(1).ofMaxSize(3)
            .map(parts -> Condition.all(parts.toArray(Condition[]::new)))),
        Tuple.of(1, smaller.list().ofMinSize(1).ofMaxSize(3)
            .map(parts -> Condition.any(parts.toArray(Condition[]::new)))),
        Tuple.of(1, smaller.map(Condition::not)));
  }

  /** Rules mostly for the whole program, of few priorities, so that many compete. */
  private static Arbitrary<CommissionRule> rule(int i) {
    Arbitrary<RuleTarget> targets = Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.just(RuleTarget.program())),
        Tuple.of(1, CommissionArbitraries.targets()));
    return Combinators.combine(CommissionArbitraries.rules("r" + i, 0), targets, conditions(2),
            Arbitraries.integers().between(0, 3))
        .as((drawn, target, condition, priority) -> new CommissionRule("r" + i, priority, target,
            condition, drawn.base(), drawn.payout(), drawn.recurring(), drawn.cap(),
            drawn.minimum()));
  }

  @Provide
  Arbitrary<List<CommissionRule>> rules() {
    return Arbitraries.integers().between(2, 16).flatMap(size -> {
      List<Arbitrary<CommissionRule>> each = new ArrayList<>();
      for (int i = 0; i < size; i++) {
        each.add(rule(i));
      }
      return Combinators.combine(each).as(list -> list);
    });
  }

  /** Up to three sales, quoted in turn under one plan, which keeps its decisions per profile. */
  @Provide
  Arbitrary<List<Conversion>> conversions() {
    Arbitrary<Optional<String>> coupons = Arbitraries.frequencyOf(
        Tuple.of(4, Arbitraries.of(CODES)), Tuple.of(1, Arbitraries.of("MIA1", "MXX", "L", "ZED")))
        .optional(0.8);
    return CommissionArbitraries.conversions(coupons).list().ofMinSize(1).ofMaxSize(3);
  }

  @Provide
  Arbitrary<CommissionContext> contexts() {
    return CommissionArbitraries.contexts();
  }

  @Provide
  Arbitrary<Rate> shares() {
    return CommissionArbitraries.shares();
  }

  @Property(tries = 2_000)
  void aPlanWithKeyedProgramRules_quotesAsOneThatTriesEveryRule(
      @ForAll("rules") List<CommissionRule> rules, @ForAll boolean bestForAffiliate,
      @ForAll("conversions") List<Conversion> conversions,
      @ForAll("contexts") CommissionContext context,
      @ForAll("shares") Rate share, @ForAll CreditBasis basis) {
    Precedence precedence =
        bestForAffiliate ? Precedence.BEST_FOR_AFFILIATE : Precedence.FIRST_MATCH;
    List<CommissionRule> planned = rules;
    CommissionPlan.Builder keyed;
    try {
      keyed = CommissionPlan.builder().precedence(precedence).rules(rules);
    } catch (IllegalArgumentException tie) {
      // Rules that may tie under FIRST_MATCH: the same rules, each of a priority of its own.
      planned = new ArrayList<>();
      for (CommissionRule rule : rules) {
        planned.add(new CommissionRule(rule.id(), planned.size(), rule.target(),
            rule.condition(), rule.base(), rule.payout(), rule.recurring(), rule.cap(),
            rule.minimum()));
      }
      keyed = CommissionPlan.builder().precedence(precedence).rules(planned);
    }
    CommissionPlan.Builder unkeyed = CommissionPlan.builder().precedence(precedence)
        .rules(planned);
    unkeyed.keyProgramRules = false;
    CommissionPlan plan = keyed.build();
    CommissionPlan everyRule = unkeyed.build();
    boolean matched = false;
    for (Conversion conversion : conversions) {
      Credit credit = new Credit(context.affiliateId(), share,
          conversion.total().times(share, RoundingMode.DOWN), basis, List.of());

      CommissionQuote quote = plan.quote(conversion, credit, context);
      CommissionQuote expected = everyRule.quote(conversion, credit, context);

      assertThat(quote.explanation()).isEqualTo(expected.explanation());
      assertThat(quote.amount()).isEqualTo(expected.amount());
      assertThat(quote.ruleIds()).isEqualTo(expected.ruleIds());
      assertThat(quote.portions()).isEqualTo(expected.portions());
      assertThat(quote.tiersReached()).isEqualTo(expected.tiersReached());
      matched |= !quote.ruleIds().isEmpty();
    }
    assertThat(everyRule.index().programKeys.attribute).isNull();
    Attribute key = plan.index().programKeys.attribute;
    Statistics.label("key").collect(key);
    Statistics.label("fast path").collect(plan.isFast());
    Statistics.label("matched").collect(matched);
    // The rules are keyed by the coupon code in many plans, and those plans often pay by a rule.
    Statistics.label("key").coverage(checker ->
        checker.check(Attribute.SALE_COUPON_CODE).percentage(p -> p > 10));
    Statistics.label("fast path").coverage(checker -> checker.check(true).count(n -> n > 100));
    Statistics.label("matched").coverage(checker -> checker.check(true).percentage(p -> p > 30));
  }
}
