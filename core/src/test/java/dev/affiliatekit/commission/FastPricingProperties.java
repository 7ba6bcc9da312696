package dev.affiliatekit.commission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.Credit;
import dev.affiliatekit.attribution.CreditBasis;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import dev.affiliatekit.testing.CommissionArbitraries;
import java.math.RoundingMode;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/** Checks that the fast path of plain plans quotes exactly what the general path quotes. */
class FastPricingProperties {

  @Provide
  Arbitrary<CommissionPlan> plainPlans() {
    // Half the rules hold always, so that sales often split between several rules.
    Arbitrary<Condition> itemConditions = Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.just(Condition.always())),
        Tuple.of(1, CommissionArbitraries.conditions()));
    Arbitrary<Condition> orderConditions = itemConditions
        .filter(condition -> condition.attributes().stream().noneMatch(Attribute::isItemAttribute));
    Arbitrary<CommissionRule> rule = Combinators.combine(CommissionArbitraries.targets(),
        itemConditions, orderConditions,
        Arbitraries.oneOf(CommissionArbitraries.rates().map(Payout::percentage),
            CommissionArbitraries.amounts().map(Payout::flatPerConversion),
            CommissionArbitraries.amounts().map(Payout::flatPerUnit)),
        Arbitraries.of(Base.itemsAfterDiscount(), Base.itemsBeforeDiscount(), Base.orderTotal(),
            Base.itemsAfterDiscount().withShipping(true), Base.itemsBeforeDiscount().withTax(true)),
        CommissionArbitraries.amounts().injectNull(0.6),
        CommissionArbitraries.amounts().filter(Money::isPositive).injectNull(0.7))
        .as((target, itemCondition, orderCondition, payout, base, cap, minimum) -> {
          CommissionRule.Builder builder = CommissionRule.builder("r").target(target)
              .when(target.isItemTarget() ? itemCondition : orderCondition).payout(payout)
              .base(base);
          if (cap != null) {
            builder.cap(cap);
          }
          if (minimum != null && (cap == null || !minimum.isGreaterThan(cap))) {
            builder.minimum(minimum);
          }
          return builder.build();
        });
    return Combinators.combine(rule.list().ofMaxSize(6),
        CommissionArbitraries.amounts().injectNull(0.5),
        CommissionArbitraries.amounts().filter(Money::isPositive).injectNull(0.6),
        Arbitraries.of(RoundingMode.HALF_EVEN, RoundingMode.HALF_UP, RoundingMode.HALF_DOWN,
            RoundingMode.DOWN, RoundingMode.UP, RoundingMode.CEILING, RoundingMode.FLOOR),
        Arbitraries.of(true, false), Arbitraries.of(true, false))
        .as((rules, cap, minimum, rounding, recordZero, itemsFirst) -> {
          CommissionPlan.Builder plan = CommissionPlan.builder().rounding(rounding)
              .recordZero(recordZero);
          for (int i = 0; i < rules.size(); i++) {
            CommissionRule generated = rules.get(i);
            // Distinct priorities, so that no two rules tie; product and category rules
            // outrank the others in half the plans, which also pay a default for the other
            // items, so that sales often split between rules.
            int priority = itemsFirst && generated.target().isItemTarget() ? i + 10 : i;
            plan.rule(new CommissionRule("r" + i, priority, generated.target(), generated.condition(),
                generated.base(), generated.payout(), generated.recurring(), generated.cap(),
                generated.minimum()));
          }
          if (itemsFirst) {
            plan.rule(CommissionRule.builder("default").priority(-1)
                .percentage(Rate.ofPercent(5)).build());
          }
          if (cap != null) {
            plan.capPerConversion(cap);
          }
          if (minimum != null && (cap == null || !minimum.isGreaterThan(cap))) {
            plan.minimumPerConversion(minimum);
          }
          return plan.build();
        });
  }

  @Provide
  Arbitrary<CommissionPlan> anyPlans() {
    return CommissionArbitraries.plans();
  }

  @Provide
  Arbitrary<Conversion> conversions() {
    return CommissionArbitraries.conversions();
  }

  @Provide
  Arbitrary<Rate> shares() {
    return CommissionArbitraries.shares();
  }

  @Provide
  Arbitrary<CommissionContext> contexts() {
    return CommissionArbitraries.contexts();
  }

  /** Without edge cases, which are mostly empty lists here: they leave too few split sales. */
  @Property(edgeCases = EdgeCasesMode.NONE)
  void quote_ofAPlainPlan_isTheGeneralPathsQuote(@ForAll("plainPlans") CommissionPlan plan,
      @ForAll("conversions") Conversion conversion, @ForAll("contexts") CommissionContext context,
      @ForAll("shares") Rate share) {
    Credit credit = credit(context, conversion, share);

    CommissionQuote fast = FastPricing.quote(plan, conversion, credit, context);

    assertThat(plan.isFast()).isTrue();
    Statistics.label("fast path").collect(fast != null);
    Statistics.label("rules").collect(fast == null ? -1 : fast.ruleIds().size());
    if (fast != null) {
      assertSameQuote(fast, new Pricing(plan, conversion, credit, context, null).quote());
    }
    assertThat(plan.quote(conversion, credit, context).explanation())
        .isEqualTo(new Pricing(plan, conversion, credit, context, null).quote().explanation());
    // Most quotes take the fast path, and they price sales by one rule, several, or none.
    Statistics.label("fast path").coverage(checker -> checker.check(true).percentage(p -> p > 50));
    Statistics.label("rules").coverage(checker -> {
      checker.check(0).count(n -> n > 0);
      checker.check(1).count(n -> n > 0);
      checker.check(2).count(n -> n >= 20);
    });
  }

  @Property
  void quote_ofAnyPlanTheFastPathSupports_isTheGeneralPathsQuote(
      @ForAll("anyPlans") CommissionPlan plan, @ForAll("conversions") Conversion conversion,
      @ForAll("contexts") CommissionContext context, @ForAll("shares") Rate share) {
    Credit credit = credit(context, conversion, share);

    boolean supported = FastPricing.supports(plan);

    assertThat(plan.isFast()).isEqualTo(supported);
    if (supported) {
      CommissionQuote fast = FastPricing.quote(plan, conversion, credit, context);
      if (fast != null) {
        assertSameQuote(fast, new Pricing(plan, conversion, credit, context, null).quote());
      }
    }
  }

  /**
   * The plan keeps what each profile decides (its order rules, which profile-only conditions
   * hold); quoting a run of profiles of the same few affiliates, some equal to earlier ones but
   * built anew, must still price each sale as the general path does for that very profile.
   */
  @Property(edgeCases = EdgeCasesMode.NONE)
  void quote_afterOtherProfilesOfTheSameAffiliates_isTheGeneralPathsQuote(
      @ForAll("plainPlans") CommissionPlan plan, @ForAll("conversions") Conversion conversion,
      @ForAll("profileRuns") List<CommissionContext> contexts, @ForAll("shares") Rate share) {
    for (int round = 0; round < 2; round++) {
      for (CommissionContext context : contexts) {
        Credit credit = credit(context, conversion, share);

        CommissionQuote fast = FastPricing.quote(plan, conversion, credit, context);

        if (fast != null) {
          assertSameQuote(fast, new Pricing(plan, conversion, credit, context, null).quote());
        }
      }
    }
  }

  /**
   * A rule whose condition tests the customer type alone is decided from a bit per type, without
   * the sale's facts: the bit must be what the condition gives for the sale.
   */
  @Property
  void holdsFor_aCustomerTypeCondition_isWhatTheConditionGives(
      @ForAll("customerTypeConditions") Condition condition,
      @ForAll("conversions") Conversion conversion, @ForAll("contexts") CommissionContext context) {
    CompiledRule rule = new CompiledRule(CommissionRule.builder("r").when(condition)
        .percentage(Rate.ofPercent(5)).build(), 0, -1);
    Facts facts = new Facts(conversion, credit(context, conversion, Rate.ONE), context,
        java.time.ZoneOffset.UTC);

    assertThat(rule.customerTypes).isNotEqualTo(CompiledRule.NOT_BY_CUSTOMER_TYPE);
    assertThat(rule.holdsFor(conversion.customerType()))
        .isEqualTo(rule.matcher.test(facts) == Matcher.TRUE);
  }

  /**
   * Plans whose rules of every level test the customer type alone, or hold always, quote on the
   * fast path what the general path quotes.
   */
  @Property(edgeCases = EdgeCasesMode.NONE)
  void quote_withCustomerTypeConditions_isTheGeneralPathsQuote(
      @ForAll("customerTypePlans") CommissionPlan plan,
      @ForAll("conversions") Conversion conversion, @ForAll("contexts") CommissionContext context,
      @ForAll("shares") Rate share) {
    Credit credit = credit(context, conversion, share);

    CommissionQuote fast = FastPricing.quote(plan, conversion, credit, context);

    assertThat(plan.isFast()).isTrue();
    Statistics.label("rules").collect(fast == null ? -1 : fast.ruleIds().size());
    if (fast != null) {
      assertSameQuote(fast, new Pricing(plan, conversion, credit, context, null).quote());
    }
    Statistics.label("rules").coverage(checker -> {
      checker.check(1).count(n -> n > 0);
      checker.check(2).count(n -> n > 0);
    });
  }

  @Provide
  Arbitrary<Condition> customerTypeConditions() {
    Arbitrary<Condition> atoms = Arbitraries.oneOf(
        Arbitraries.of("NEW", "RETURNING")
            .map(type -> Condition.is(Attribute.CUSTOMER_TYPE, type)),
        Arbitraries.of("NEW", "RETURNING").set().ofMinSize(1)
            .map(types -> Condition.in(Attribute.CUSTOMER_TYPE, types.toArray(String[]::new))));
    return Arbitraries.recursive(() -> atoms, condition -> Arbitraries.oneOf(
        condition.map(Condition::not),
        condition.list().ofMinSize(1).ofMaxSize(3)
            .map(parts -> Condition.all(parts.toArray(Condition[]::new))),
        condition.list().ofMinSize(1).ofMaxSize(3)
            .map(parts -> Condition.any(parts.toArray(Condition[]::new)))), 0, 2);
  }

  @Provide
  Arbitrary<CommissionPlan> customerTypePlans() {
    Arbitrary<Condition> conditions = Arbitraries.frequencyOf(
        Tuple.of(1, Arbitraries.just(Condition.always())),
        Tuple.of(3, customerTypeConditions()));
    Arbitrary<CommissionRule> rule = Combinators.combine(CommissionArbitraries.targets(),
        conditions, CommissionArbitraries.rates())
        .as((target, condition, rate) -> CommissionRule.builder("r").target(target)
            .when(condition).percentage(rate).build());
    return rule.list().ofMinSize(1).ofMaxSize(6).map(rules -> {
      CommissionPlan.Builder plan = CommissionPlan.builder();
      for (int i = 0; i < rules.size(); i++) {
        CommissionRule generated = rules.get(i);
        // Item rules outrank the others, so that sales split between rules.
        int priority = generated.target().isItemTarget() ? i + 10 : i;
        plan.rule(new CommissionRule("r" + i, priority, generated.target(),
            generated.condition(), generated.base(), generated.payout(), generated.recurring(),
            generated.cap(), generated.minimum()));
      }
      return plan.build();
    });
  }

  @Provide
  Arbitrary<List<CommissionContext>> profileRuns() {
    return CommissionArbitraries.contexts().list().ofMinSize(1).ofMaxSize(8).map(contexts -> {
      List<CommissionContext> run = new java.util.ArrayList<>(contexts);
      // An equal profile, built again: the cache must give it the same decisions.
      AffiliateProfile first = contexts.get(0).affiliate();
      run.add(CommissionContext.of(first.toBuilder().build()));
      return run;
    });
  }

  private static Credit credit(CommissionContext context, Conversion conversion, Rate share) {
    return new Credit(context.affiliateId(), share,
        conversion.total().times(share, RoundingMode.DOWN), CreditBasis.TOUCHPOINTS, List.of());
  }

  private static void assertSameQuote(CommissionQuote fast, CommissionQuote general) {
    assertThat(fast.amount()).isEqualTo(general.amount());
    assertThat(fast.commission()).isEqualTo(general.commission());
    assertThat(fast.bonus()).isEqualTo(general.bonus());
    assertThat(fast.base()).isEqualTo(general.base());
    assertThat(fast.ruleIds()).isEqualTo(general.ruleIds());
    assertThat(fast.milestoneIds()).isEqualTo(general.milestoneIds());
    assertThat(fast.overrides()).isEqualTo(general.overrides());
    assertThat(fast.tiersReached()).isEqualTo(general.tiersReached());
    assertThat(fast.isRecorded()).isEqualTo(general.isRecorded());
    assertThat(fast).isEqualTo(general);
  }
}
