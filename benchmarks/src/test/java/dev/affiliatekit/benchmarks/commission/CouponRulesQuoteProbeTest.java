package dev.affiliatekit.benchmarks.commission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.commission.CommissionPlan;
import dev.affiliatekit.commission.Precedence;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The probe's sales are paid by their code's rule, or by the default rule without a code. */
class CouponRulesQuoteProbeTest {

  @Test
  void salesWithACode_earnTheirCodesRate_andSalesWithout_theDefault() {
    for (Precedence precedence : Precedence.values()) {
      CommissionPlan plan = CouponRulesQuoteProbe.plan(100, precedence);
      List<Conversion> coded = CouponRulesQuoteProbe.sales(100, true, 50);
      long expected = 0;
      for (Conversion sale : coded) {
        int code = Integer.parseInt(sale.couponCode().orElseThrow().substring(1));
        expected += cents(sale, 5 + code % 30);
      }
      assertThat(CouponRulesQuoteProbe.quote(plan, coded)).isEqualTo(expected);

      List<Conversion> plain = CouponRulesQuoteProbe.sales(100, false, 50);
      long defaults = 0;
      for (Conversion sale : plain) {
        defaults += cents(sale, 3);
      }
      assertThat(CouponRulesQuoteProbe.quote(plan, plain)).isEqualTo(defaults);
    }
  }

  /** {@return the percent of the sale in cents, rounded half to even} */
  private static long cents(Conversion sale, int percent) {
    return BigDecimal.valueOf(sale.total().minorUnits()).multiply(BigDecimal.valueOf(percent))
        .divide(BigDecimal.valueOf(100), 0, RoundingMode.HALF_EVEN).longValueExact();
  }
}
