package dev.affiliatekit.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affiliatekit.commission.CommissionPlan;
import dev.affiliatekit.commission.Condition;
import dev.affiliatekit.commission.CommissionRule;
import dev.affiliatekit.money.Rate;
import dev.affiliatekit.testing.CommissionArbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class PlanJsonProperties {

  @Provide
  Arbitrary<CommissionPlan> plans() {
    return CommissionArbitraries.plans();
  }

  @Provide
  Arbitrary<Condition> conditions() {
    return CommissionArbitraries.conditions();
  }

  @Property
  void saveThenLoad_givesAnEqualPlan(@ForAll("plans") CommissionPlan plan) {
    String json = PlanJson.toJson(plan);

    CommissionPlan loaded = PlanJson.parse(json);

    assertThat(loaded).isEqualTo(plan);
    assertThat(loaded.hashCode()).isEqualTo(plan.hashCode());
    assertThat(PlanJson.toJson(loaded)).isEqualTo(json);
  }

  @Property
  void everyCondition_roundTrips(@ForAll("conditions") Condition condition) {
    CommissionPlan plan = CommissionPlan.builder().rule(CommissionRule.builder("r")
        .when(condition).percentage(Rate.ofPercent(1)).build()).build();

    assertThat(PlanJson.parse(PlanJson.toJson(plan)).rules().get(0).condition())
        .isEqualTo(condition);
  }
}
