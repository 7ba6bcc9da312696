package dev.affiliatekit.benchmarks.flood;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The probe compares like with like, and each path does the work it says. */
class CollidingIdsProbeTest {

  @Test
  void collidingIds_shareOneHashCode_andOrdinaryIdsOfTheSameLengthDoNot() {
    List<String> colliding = CollidingIdsProbe.colliding("id-", 1000);
    List<String> ordinary = CollidingIdsProbe.ordinary("id-", 1000);

    assertThat(new HashSet<>(colliding)).hasSize(1000);
    assertThat(colliding.stream().map(String::hashCode).distinct()).hasSize(1);
    assertThat(new HashSet<>(ordinary)).hasSize(1000);
    assertThat(ordinary.stream().map(String::hashCode).distinct().count()).isGreaterThan(900);
    assertThat(ordinary.get(0)).hasSameSizeAs(colliding.get(0));
  }

  @Test
  void eachPath_keepsEveryId() {
    List<String> ids = CollidingIdsProbe.colliding("id-", 64);

    assertThat(CollidingIdsProbe.visitors(ids)).isEqualTo(64);
    assertThat(CollidingIdsProbe.affiliates(ids)).isEqualTo(64);
    assertThat(CollidingIdsProbe.orders(ids)).isEqualTo(64);
    assertThat(CollidingIdsProbe.replay(ids)).isEqualTo(64);
    assertThat(CollidingIdsProbe.rulesByAffiliate(ids)).isEqualTo(65);
    assertThat(CollidingIdsProbe.productsIn(ids)).isEqualTo(1);
    // Each conversion accrues one commission.
    assertThat(CollidingIdsProbe.program(ids)).isEqualTo(64);
  }
}
