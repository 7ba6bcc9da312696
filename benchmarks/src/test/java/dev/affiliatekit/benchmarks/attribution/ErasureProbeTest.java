package dev.affiliatekit.benchmarks.attribution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affiliatekit.attribution.AttributionResult;
import dev.affiliatekit.attribution.Attributor;
import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.money.Money;
import org.junit.jupiter.api.Test;

/** The probe's attributor remembers every order, and an erasure forgets the orders it names. */
class ErasureProbeTest {

  private static AttributionResult again(Attributor attributor, int i, boolean customer) {
    Conversion.Builder order = Conversion.builder("order-" + i, ErasureProbe.AT,
        Money.parse("USD 40.00")).visitorId(ErasureProbe.visitorId(i));
    return attributor.attribute(customer
        ? order.customerId(ErasureProbe.customerId(i)).build() : order.build());
  }

  @Test
  void attributor_remembersEveryOrder_andForgetsThoseOfWhomItIsAsked() {
    ErasureProbe.Setup setup = ErasureProbe.setUp(1_000);
    Attributor attributor = setup.attributor();
    AttributionResult visitorsOrder = again(attributor, 7, false);
    AttributionResult customersOrder = again(attributor, 8, true);
    AttributionResult other = again(attributor, 9, false);
    // Remembered: the same result again, credited by the visitor's click.
    assertThat(again(attributor, 7, false)).isSameAs(visitorsOrder);
    assertThat(visitorsOrder.isCredited()).isTrue();
    assertThat(customersOrder.isCredited()).isTrue();

    attributor.forgetVisitor(ErasureProbe.visitorId(7));
    attributor.forgetCustomer(ErasureProbe.customerId(8));

    assertThat(again(attributor, 7, false).isCredited()).isFalse();
    assertThat(again(attributor, 8, true).isCredited()).isFalse();
    assertThat(again(attributor, 9, false)).isSameAs(other);
    assertThat(setup.store().touchpoints(ErasureProbe.visitorId(7))).isEmpty();
    assertThat(setup.store().touchpoints(ErasureProbe.visitorId(9))).hasSize(1);
    assertThat(setup.store().size()).isEqualTo(998);
  }
}
