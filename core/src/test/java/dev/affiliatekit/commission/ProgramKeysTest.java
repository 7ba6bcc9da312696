package dev.affiliatekit.commission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affiliatekit.money.Rate;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/** Which attribute a plan keys its program rules by, and which rules it leaves unkeyed. */
class ProgramKeysTest {

  /** {@return the keys of a default rule and rules of the conditions, rule i of priority i} */
  private static ProgramKeys keys(int rules, IntFunction<Condition> condition) {
    CommissionPlan.Builder plan = CommissionPlan.builder()
        .rule(CommissionRule.builder("default").priority(-1).percentage(Rate.ofPercent(3))
            .build());
    for (int i = 0; i < rules; i++) {
      plan.rule(CommissionRule.builder("r" + i).priority(i).when(condition.apply(i))
          .percentage(Rate.ofPercent(5)).build());
    }
    return plan.build().index().programKeys;
  }

  @Test
  void aRulePerCouponCode_isKeyedByTheCode() {
    ProgramKeys keys = keys(100, i -> Condition.is(Attribute.SALE_COUPON_CODE, "C" + i));

    assertThat(keys.attribute).isEqualTo(Attribute.SALE_COUPON_CODE);
    assertThat(keys.unkeyed).extracting(rule -> rule.id).containsExactly("default");
    assertThat(keys.keyedRules("C7")).extracting(rule -> rule.id).containsExactly("r7");
    assertThat(keys.keyedRules("C100")).isEmpty();
    assertThat(keys.keyedRules(null)).isEmpty();
  }

  /**
   * Regression: the attribute most rules require was taken, and of equal counts the first
   * declared, so that a coupon code each for new customers only was keyed by the one customer
   * type, and a new customer's sale tried every rule.
   */
  @Test
  void aRulePerCouponCodeForNewCustomers_isKeyedByTheCode_notByTheCustomerType() {
    ProgramKeys keys = keys(100, i -> Condition.all(
        Condition.is(Attribute.SALE_COUPON_CODE, "C" + i),
        Condition.is(Attribute.CUSTOMER_TYPE, "NEW")));

    assertThat(keys.attribute).isEqualTo(Attribute.SALE_COUPON_CODE);
    assertThat(keys.keyedRules("C7")).extracting(rule -> rule.id).containsExactly("r7");
  }

  @Test
  void rulesThatAllRequireOneValue_areNotKeyed_asNoSaleWouldTryFewerRules() {
    ProgramKeys keys = keys(10, i -> Condition.all(Condition.is(Attribute.CUSTOMER_TYPE, "NEW"),
        Condition.atLeast(Attribute.SALE_BILLING_PERIOD, i)));

    assertThat(keys.attribute).isNull();
    assertThat(keys.unkeyed).hasSize(11);
  }

  /**
   * Regression: rules of the affiliate's platform were keyed by it, so that a quote of the fast
   * path tried the platform's rule on every sale, where the profile had decided it once.
   */
  @Test
  void rulesOfTheProfileAlone_areNotKeyed() {
    ProgramKeys keys = keys(10, i -> Condition.is(Attribute.AFFILIATE_PLATFORM, "p" + i));

    assertThat(keys.attribute).isNull();
    assertThat(keys.unkeyed).hasSize(11);
  }

  @Test
  void aRuleOfAValueAndAPrefixBothMet_isTriedOnce() {
    ProgramKeys keys = keys(3, i -> i == 0
        ? Condition.any(Condition.is(Attribute.SALE_COUPON_CODE, "MIA10"),
            Condition.startsWith(Attribute.SALE_COUPON_CODE, "MI"))
        : Condition.startsWith(Attribute.SALE_COUPON_CODE, i == 1 ? "M" : "MIA"));

    assertThat(keys.keyedRules("MIA10")).extracting(rule -> rule.id)
        .containsExactly("r2", "r1", "r0");
    assertThat(keys.keyedRules("MX")).extracting(rule -> rule.id).containsExactly("r1");
    // A value begins with a prefix equal to it.
    assertThat(keys.keyedRules("MIA")).extracting(rule -> rule.id)
        .containsExactly("r2", "r1", "r0");
  }
}
