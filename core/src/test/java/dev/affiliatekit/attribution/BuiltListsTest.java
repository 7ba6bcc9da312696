package dev.affiliatekit.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affiliatekit.money.Money;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The lists of touches an attributor builds for its results: they read the attributor's rows
 * instead of holding copies, so their bounds and the credits made from them are checked here.
 */
class BuiltListsTest {

  private static final Instant NOW = Instant.parse("2026-03-31T12:00:00Z");
  private static final AffiliateDirectory DIRECTORY = AffiliateDirectory.builder()
      .add(AffiliateIdentity.active("anna"), "ANNA")
      .add(AffiliateIdentity.active("ben"), "BEN")
      .build();

  private static Attribution attribute(AttributionModel model) {
    TouchpointStore store = TouchpointStore.inMemory();
    store.record(click("anna", 40));
    store.record(click("anna", 9));
    store.record(click("ben", 5));
    store.record(click("anna", 2));
    Attributor attributor = Attributor.builder(store, DIRECTORY)
        .clock(Clock.fixed(NOW, ZoneOffset.UTC)).model(model).build();
    return (Attribution) attributor.attribute(
        Conversion.builder("o1", NOW, Money.parse("USD 90.00")).visitorId("v1").build());
  }

  private static Touchpoint click(String affiliateId, int daysAgo) {
    return Touchpoint.builder(TouchpointKind.CLICK, "v1", affiliateId,
        NOW.minus(Duration.ofDays(daysAgo))).build();
  }

  private static Credit creditOf(Attribution attribution, String affiliateId) {
    return attribution.credits().stream().filter(c -> c.affiliateId().equals(affiliateId))
        .findFirst().orElseThrow();
  }

  @Test
  void theOneTouchOfALastTouchCredit_refusesEveryOtherIndex() {
    List<Touchpoint> touches = creditOf(attribute(AttributionModel.lastTouch()), "anna")
        .touchpoints();

    assertThat(touches).hasSize(1);
    assertThat(touches.get(0).instant()).isEqualTo(NOW.minus(Duration.ofDays(2)));
    assertThatThrownBy(() -> touches.get(1)).isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("index 1 of 1");
    assertThatThrownBy(() -> touches.get(-1)).isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("index -1 of 1");
  }

  @Test
  void theTouchesOfALinearCredit_andOfTheExplanation_refuseIndicesOutsideThem() {
    Attribution attribution = attribute(AttributionModel.linear());
    List<Touchpoint> anna = creditOf(attribution, "anna").touchpoints();
    Explanation explanation = attribution.explanation();

    assertThat(anna).extracting(Touchpoint::instant)
        .containsExactly(NOW.minus(Duration.ofDays(9)), NOW.minus(Duration.ofDays(2)));
    assertThat(explanation.eligible()).hasSize(3);
    assertThat(explanation.excluded()).extracting(Exclusion::reason)
        .containsExactly(ExclusionReason.OUTSIDE_WINDOW);
    assertThatThrownBy(() -> anna.get(2)).isInstanceOf(IndexOutOfBoundsException.class)
        .hasMessage("index 2 of 2");
    assertThatThrownBy(() -> explanation.eligible().get(3))
        .isInstanceOf(IndexOutOfBoundsException.class).hasMessage("index 3 of 3");
    assertThatThrownBy(() -> explanation.excluded().get(-1))
        .isInstanceOf(IndexOutOfBoundsException.class).hasMessage("index -1 of 1");
  }

  @Test
  void aCreditMadeFromABuiltList_keepsTheListOfItsOwnAffiliate_andRefusesAnothers() {
    Credit anna = creditOf(attribute(AttributionModel.linear()), "anna");

    Credit again = new Credit("anna", anna.share(), anna.amount(), anna.basis(),
        anna.touchpoints());
    assertThat(again.touchpoints()).isSameAs(anna.touchpoints());

    assertThatThrownBy(() -> new Credit("ben", anna.share(), anna.amount(), anna.basis(),
        anna.touchpoints()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("credit touchpoints must be of affiliate 'ben': touchpoints[0] is of 'anna'");
  }
}
