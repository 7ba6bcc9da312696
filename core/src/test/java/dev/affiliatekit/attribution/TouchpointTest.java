package dev.affiliatekit.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.testing.EqualsTester;
import com.google.common.testing.NullPointerTester;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TouchpointTest {

  private static final Instant AT = Instant.parse("2026-03-01T10:00:00Z");

  @Nested
  class Build {

    @Test
    void click_hasNoOptionalParts() {
      Touchpoint click = Touchpoint.click("v1", "anna", AT);
      assertThat(click.kind()).isEqualTo(TouchpointKind.CLICK);
      assertThat(click.visitorId()).isEqualTo("v1");
      assertThat(click.affiliateId()).isEqualTo("anna");
      assertThat(click.instant()).isEqualTo(AT);
      assertThat(click.code()).isEmpty();
      assertThat(click.customerId()).isEmpty();
      assertThat(click.channel()).isEmpty();
      assertThat(click.sequence()).isZero();
    }

    @Test
    void builder_setsEveryPart() {
      Touchpoint touch = Touchpoint.builder(TouchpointKind.COUPON, "v1", "anna", AT)
          .code("ANNA10").customerId("c1").channel("instagram").sequence(7).build();
      assertThat(touch.code()).contains("ANNA10");
      assertThat(touch.customerId()).contains("c1");
      assertThat(touch.channel()).contains("instagram");
      assertThat(touch.sequence()).isEqualTo(7);
      assertThat(touch.kind()).isEqualTo(TouchpointKind.COUPON);
    }

    @Test
    void build_keepsNanoseconds() {
      Instant precise = Instant.parse("2026-03-01T10:00:00.123456789Z");
      assertThat(Touchpoint.click("v1", "anna", precise).instant()).isEqualTo(precise);
    }

    @Test
    void build_instantsAtTheEdgesOfTheRange() {
      assertThat(Touchpoint.click("v", "a", EpochNanos.MIN).instant()).isEqualTo(EpochNanos.MIN);
      assertThat(Touchpoint.click("v", "a", EpochNanos.MAX).instant()).isEqualTo(EpochNanos.MAX);
      assertThat(EpochNanos.MIN).isEqualTo(Instant.parse("1677-09-21T00:12:43.145224192Z"));
      assertThat(EpochNanos.MAX).isEqualTo(Instant.parse("2262-04-11T23:47:16.854775807Z"));
    }

    @Test
    void build_instantOutOfRange_namesTheField() {
      assertThatThrownBy(() -> Touchpoint.click("v", "a", EpochNanos.MAX.plusNanos(1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("touchpoint instant must be within [1677-09-21T00:12:43.145224192Z, "
              + "2262-04-11T23:47:16.854775807Z]: 2262-04-11T23:47:16.854775808Z");
    }

    @Test
    void build_blankVisitor_namesTheField() {
      assertThatThrownBy(() -> Touchpoint.click(" ", "anna", AT))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("touchpoint visitorId must not be blank: ' '");
    }

    @Test
    void build_controlCharacterInCode_namesTheField() {
      assertThatThrownBy(() -> Touchpoint.builder(TouchpointKind.CLICK, "v", "a", AT).code("A\nB").build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("touchpoint code must not contain control character \\u000a at index 1: 'A\\u000aB'");
    }

    @Test
    void negativeSequence_isRejectedBySetter_leavingTheBuilderAsItWas() {
      Touchpoint.Builder builder = Touchpoint.builder(TouchpointKind.VIEW, "v", "a", AT);
      assertThatThrownBy(() -> builder.sequence(-1))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("touchpoint sequence must not be negative: -1");
      assertThat(builder.build().sequence()).isZero();
    }
  }

  @Test
  void withSequence_returnsThisWhenUnchanged() {
    Touchpoint click = Touchpoint.click("v1", "anna", AT);
    assertThat(click.withSequence(0)).isSameAs(click);
    assertThat(click.withSequence(3).sequence()).isEqualTo(3);
    assertThatThrownBy(() -> click.withSequence(-2))
        .hasMessage("touchpoint sequence must not be negative: -2");
  }

  @Test
  void chronological_ordersByInstantThenSequence() {
    Touchpoint early = Touchpoint.click("v", "a", AT).withSequence(9);
    Touchpoint tieFirst = Touchpoint.click("v", "b", AT.plusSeconds(1)).withSequence(2);
    Touchpoint tieSecond = Touchpoint.click("v", "c", AT.plusSeconds(1)).withSequence(5);
    List<Touchpoint> touches = new ArrayList<>(List.of(tieSecond, early, tieFirst));
    touches.sort(Touchpoint.CHRONOLOGICAL);
    assertThat(touches).containsExactly(early, tieFirst, tieSecond);
  }

  @Test
  void toString_isOneReadableLine() {
    Touchpoint touch = Touchpoint.builder(TouchpointKind.CLICK, "v1", "anna", AT)
        .code("ANNA10").customerId("c1").channel("instagram").sequence(12).build();
    assertThat(touch).hasToString(
        "#12 CLICK anna code=ANNA10 visitor=v1 customer=c1 channel=instagram at 2026-03-01T10:00:00Z");
    assertThat(Touchpoint.click("v1", "anna", AT)).hasToString("#0 CLICK anna visitor=v1 at 2026-03-01T10:00:00Z");
  }

  @Test
  void equalsAndHashCode() {
    new EqualsTester()
        .addEqualityGroup(Touchpoint.click("v", "a", AT), Touchpoint.click("v", "a", AT))
        .addEqualityGroup(Touchpoint.click("v", "a", AT).withSequence(1))
        .addEqualityGroup(Touchpoint.click("v", "b", AT))
        .addEqualityGroup(Touchpoint.click("w", "a", AT))
        .addEqualityGroup(Touchpoint.click("v", "a", AT.plusNanos(1)))
        .addEqualityGroup(Touchpoint.builder(TouchpointKind.VIEW, "v", "a", AT).build())
        .addEqualityGroup(Touchpoint.builder(TouchpointKind.CLICK, "v", "a", AT).code("X").build())
        .addEqualityGroup(Touchpoint.builder(TouchpointKind.CLICK, "v", "a", AT).customerId("X").build())
        .addEqualityGroup(Touchpoint.builder(TouchpointKind.CLICK, "v", "a", AT).channel("X").build())
        .testEquals();
  }

  @Test
  void nulls_areRejected() {
    NullPointerTester tester = new NullPointerTester().setDefault(Instant.class, AT)
        .setDefault(TouchpointKind.class, TouchpointKind.CLICK);
    tester.testAllPublicStaticMethods(Touchpoint.class);
    tester.testAllPublicInstanceMethods(Touchpoint.click("v", "a", AT));
    tester.testAllPublicInstanceMethods(Touchpoint.builder(TouchpointKind.CLICK, "v", "a", AT));
  }
}
