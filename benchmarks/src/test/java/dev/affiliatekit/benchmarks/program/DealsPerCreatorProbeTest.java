package dev.affiliatekit.benchmarks.program;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affiliatekit.program.AffiliateProgram;
import org.junit.jupiter.api.Test;

/** The probe's work is what it says: true-ups paid, milestones kept, profiles updated. */
class DealsPerCreatorProbeTest {

  @Test
  void tieredSales_payATrueUpAtEachCreatorsThirdSale() {
    assertThat(DealsPerCreatorProbe.tieredSales(1_500)).isEqualTo(1_000);
  }

  @Test
  void milestonePlan_hasAMilestonePerCreator() {
    assertThat(DealsPerCreatorProbe.milestonePlan(300).milestones()).hasSize(300);
  }

  @Test
  void updateChain_keepsTheParentsAndChangesTheFollowers() {
    AffiliateProgram chain = DealsPerCreatorProbe.chain(50);
    DealsPerCreatorProbe.updateChain(chain, 50);
    assertThat(chain.enrollment("creator-49").orElseThrow().profile().followers()).hasValue(200);
    assertThat(chain.enrollment("creator-49").orElseThrow().profile().parentId())
        .contains("creator-48");
  }
}
