package dev.affiliatekit.attribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.testing.EqualsTester;
import com.google.common.testing.NullPointerTester;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class AttributionWindowTest {

  private static final Duration THIRTY_DAYS = Duration.ofDays(30);
  private static final AttributionWindow CLICKS_30 = AttributionWindow.ofClicks(THIRTY_DAYS);

  @Nested
  class Boundary {

    private final Instant conversion = Instant.parse("2026-03-31T00:00:00Z");

    @Test
    void touchExactlyLookbackBefore_counts() {
      Instant boundary = conversion.minus(THIRTY_DAYS);
      assertThat(boundary).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
      assertThat(CLICKS_30.contains(TouchpointKind.CLICK, boundary, conversion)).isTrue();
      assertThat(CLICKS_30.exclusion(TouchpointKind.CLICK, nanos(boundary), nanos(conversion))).isNull();
    }

    @Test
    void touchOneNanosecondBeyondTheLookback_doesNotCount() {
      Instant beyond = conversion.minus(THIRTY_DAYS).minusNanos(1);
      assertThat(CLICKS_30.contains(TouchpointKind.CLICK, beyond, conversion)).isFalse();
      assertThat(CLICKS_30.exclusion(TouchpointKind.CLICK, nanos(beyond), nanos(conversion)))
          .isEqualTo(ExclusionReason.OUTSIDE_WINDOW);
    }

    @Test
    void touchAtTheConversionInstant_counts_andOneNanosecondLater_never() {
      assertThat(CLICKS_30.contains(TouchpointKind.CLICK, conversion, conversion)).isTrue();
      assertThat(CLICKS_30.contains(TouchpointKind.CLICK, conversion.plusNanos(1), conversion)).isFalse();
      assertThat(CLICKS_30.exclusion(TouchpointKind.CLICK, nanos(conversion.plusNanos(1)), nanos(conversion)))
          .isEqualTo(ExclusionReason.AFTER_CONVERSION);
    }

    @Test
    void kindWithoutLookback_neverCounts() {
      assertThat(CLICKS_30.contains(TouchpointKind.VIEW, conversion, conversion)).isFalse();
      assertThat(CLICKS_30.lookback(TouchpointKind.VIEW)).isEmpty();
    }

    @Test
    void contains_atTheEndsOfTime_answersInsteadOfThrowing() {
      assertThat(CLICKS_30.contains(TouchpointKind.CLICK, Instant.MIN, Instant.MIN.plus(
          Duration.ofDays(1)))).isTrue();
      assertThat(CLICKS_30.contains(TouchpointKind.CLICK, Instant.MIN, Instant.MAX)).isFalse();
      assertThat(CLICKS_30.contains(TouchpointKind.CLICK, Instant.MAX.minus(Duration.ofDays(30)),
          Instant.MAX)).isTrue();
      assertThat(CLICKS_30.contains(TouchpointKind.CLICK, Instant.MAX.minus(Duration.ofDays(30))
          .minusNanos(1), Instant.MAX)).isFalse();
    }

    @Test
    void extremeInstants_doNotOverflow() {
      assertThat(CLICKS_30.exclusion(TouchpointKind.CLICK, Long.MIN_VALUE, Long.MAX_VALUE))
          .isEqualTo(ExclusionReason.OUTSIDE_WINDOW);
      assertThat(CLICKS_30.exclusion(TouchpointKind.CLICK, Long.MAX_VALUE, Long.MIN_VALUE))
          .isEqualTo(ExclusionReason.AFTER_CONVERSION);
    }
  }

  @Nested
  class ElapsedTimeNotCalendarDays {

    private final ZoneId chatham = ZoneId.of("Pacific/Chatham");

    @Test
    void testsRunInChatham() {
      // The parent pom sets -Duser.timezone=Pacific/Chatham (UTC+12:45, or +13:45 in summer).
      assertThat(ZoneId.systemDefault()).isEqualTo(chatham);
    }

    @Test
    void acrossTheEndOfDaylightSaving_thirtyDaysAreThirtyTimes24Hours() {
      // Chatham leaves daylight saving on 2026-04-05 at 03:45, turning the clocks back to 02:45.
      Instant conversion = LocalDateTime.parse("2026-04-20T12:00").atZone(ZoneId.systemDefault())
          .toInstant();
      Instant sameWallClock30DaysEarlier = ZonedDateTime.of(
          LocalDateTime.parse("2026-03-21T12:00"), ZoneId.systemDefault()).toInstant();
      assertThat(Duration.between(sameWallClock30DaysEarlier, conversion))
          .isEqualTo(THIRTY_DAYS.plusHours(1));
      assertThat(CLICKS_30.contains(TouchpointKind.CLICK, sameWallClock30DaysEarlier, conversion))
          .isFalse();
      Instant exactly = conversion.minus(THIRTY_DAYS);
      assertThat(exactly.atZone(chatham).toLocalDateTime())
          .isEqualTo(LocalDateTime.parse("2026-03-21T13:00"));
      assertThat(CLICKS_30.contains(TouchpointKind.CLICK, exactly, conversion)).isTrue();
      assertThat(CLICKS_30.contains(TouchpointKind.CLICK, exactly.minusNanos(1), conversion)).isFalse();
    }
  }

  @Test
  void lookbacks_areInTheOrderOfTheKinds_inEveryJvm() {
    AttributionWindow window = AttributionWindow.builder()
        .lookback(TouchpointKind.VIEW, Duration.ofDays(1))
        .lookback(TouchpointKind.COUPON, Duration.ofDays(14))
        .lookback(TouchpointKind.CLICK, THIRTY_DAYS).build();

    assertThat(window.lookbacks().keySet()).containsExactly(TouchpointKind.values());
    assertThat(window.lookbacks().toString())
        .isEqualTo("{CLICK=PT720H, COUPON=PT336H, VIEW=PT24H}");
    // Every subset of kinds, each given in reverse order: a map ordered by a per-JVM seed would
    // keep the kinds' order in all of them in about one JVM in fifty.
    TouchpointKind[] kinds = TouchpointKind.values();
    for (int subset = 1; subset < 1 << kinds.length; subset++) {
      AttributionWindow.Builder builder = AttributionWindow.builder();
      List<TouchpointKind> expected = new ArrayList<>();
      for (int i = kinds.length - 1; i >= 0; i--) {
        if ((subset & 1 << i) != 0) {
          builder.lookback(kinds[i], Duration.ofDays(i + 1));
          expected.add(0, kinds[i]);
        }
      }
      assertThat(builder.build().lookbacks().keySet()).as("subset %s", expected)
          .containsExactlyElementsOf(expected);
    }
  }

  @Test
  void standard_clicksAndCouponsThirtyDays_viewsOneDay() {
    AttributionWindow standard = AttributionWindow.standard();
    assertThat(standard.lookbacks()).isEqualTo(Map.of(TouchpointKind.CLICK, THIRTY_DAYS,
        TouchpointKind.COUPON, THIRTY_DAYS, TouchpointKind.VIEW, Duration.ofDays(1)));
    assertThat(standard.horizon()).isEqualTo(THIRTY_DAYS);
    assertThat(standard.maxSinceFirstReferral()).isEmpty();
    assertThat(standard).hasToString("AttributionWindow{CLICK=PT720H, COUPON=PT720H, VIEW=PT24H}");
  }

  @Test
  void maxSinceFirstReferral_inclusive() {
    AttributionWindow window = AttributionWindow.builder()
        .lookback(TouchpointKind.CLICK, THIRTY_DAYS).maxSinceFirstReferral(Duration.ofDays(7)).build();
    long conversion = nanos(Instant.parse("2026-03-31T00:00:00Z"));
    long sevenDays = Duration.ofDays(7).toNanos();
    assertThat(window.referralExpired(conversion - sevenDays, conversion)).isFalse();
    assertThat(window.referralExpired(conversion - sevenDays - 1, conversion)).isTrue();
    assertThat(window.maxSinceFirstReferral()).contains(Duration.ofDays(7));
    assertThat(window).hasToString("AttributionWindow{CLICK=PT720H, maxSinceFirstReferral=PT168H}");
    assertThat(CLICKS_30.referralExpired(Long.MIN_VALUE, Long.MAX_VALUE)).isFalse();
  }

  @Test
  void badDurations_nameTheFieldAndValue() {
    assertThatThrownBy(() -> AttributionWindow.ofClicks(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("lookback must be positive: PT0S");
    assertThatThrownBy(() -> AttributionWindow.ofClicks(Duration.ofDays(36_501)))
        .hasMessage("lookback must be at most PT876000H: PT876024H");
    assertThatThrownBy(() -> AttributionWindow.builder().maxSinceFirstReferral(Duration.ofSeconds(-1)))
        .hasMessage("maxSinceFirstReferral must be positive: PT-1S");
    assertThatThrownBy(() -> AttributionWindow.builder()
        .maxSinceFirstReferral(AttributionWindow.MAX_LOOKBACK.plusNanos(1)))
        .hasMessage("maxSinceFirstReferral must be at most PT876000H: PT876000H0.000000001S");
  }

  @Test
  void durationsOfExactlyTheLongestLookback_areAccepted() {
    Duration longest = AttributionWindow.MAX_LOOKBACK;
    AttributionWindow window = AttributionWindow.builder().lookback(TouchpointKind.VIEW, longest)
        .maxSinceFirstReferral(longest).build();
    assertThat(window.lookback(TouchpointKind.VIEW)).contains(Duration.ofDays(36_500));
    assertThat(window.maxSinceFirstReferral()).contains(Duration.ofDays(36_500));
    assertThat(window.horizon()).isEqualTo(Duration.ofDays(36_500));
  }

  @Test
  void horizon_isTheLongestLookback_orZero() {
    assertThat(AttributionWindow.builder().build().horizon()).isEqualTo(Duration.ZERO);
    assertThat(AttributionWindow.builder().lookback(TouchpointKind.VIEW, Duration.ofDays(90))
        .lookback(TouchpointKind.CLICK, Duration.ofDays(7)).build().horizon())
        .isEqualTo(Duration.ofDays(90));
  }

  @Test
  void equalsAndHashCode() {
    new EqualsTester()
        .addEqualityGroup(CLICKS_30, AttributionWindow.ofClicks(Duration.ofHours(720)))
        .addEqualityGroup(AttributionWindow.ofClicks(Duration.ofDays(7)))
        .addEqualityGroup(AttributionWindow.standard())
        .addEqualityGroup(AttributionWindow.builder().lookback(TouchpointKind.CLICK, THIRTY_DAYS)
            .maxSinceFirstReferral(Duration.ofDays(7)).build())
        .testEquals();
  }

  @Test
  void nulls_areRejected() {
    NullPointerTester tester = new NullPointerTester().setDefault(Duration.class, THIRTY_DAYS)
        .setDefault(Instant.class, Instant.EPOCH);
    tester.testAllPublicStaticMethods(AttributionWindow.class);
    tester.testAllPublicInstanceMethods(CLICKS_30);
    tester.testAllPublicInstanceMethods(AttributionWindow.builder());
  }

  private static long nanos(Instant instant) {
    return EpochNanos.of(instant, "instant");
  }
}
