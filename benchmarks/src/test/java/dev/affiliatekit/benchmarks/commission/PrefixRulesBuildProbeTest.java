package dev.affiliatekit.benchmarks.commission;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affiliatekit.commission.Attribute;
import dev.affiliatekit.commission.Condition;
import dev.affiliatekit.commission.Precedence;
import org.junit.jupiter.api.Test;

/** The probe's prefix rules do not tie, so each build checks them and keeps every rule. */
class PrefixRulesBuildProbeTest {

  @Test
  void prefixRules_buildWithEveryRule_whileOverlappingPrefixesTie() {
    assertThat(PrefixRulesBuildProbe.build(50,
        i -> Condition.startsWith(Attribute.SALE_COUPON_CODE, "P" + i + "-"),
        Precedence.FIRST_MATCH).rules()).hasSize(50);
    // The check is real: a prefix of another's ties with it.
    assertThatThrownBy(() -> PrefixRulesBuildProbe.build(2,
        i -> Condition.startsWith(Attribute.SALE_COUPON_CODE, i == 0 ? "P" : "P1"),
        Precedence.FIRST_MATCH)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ties with rule");
  }
}
