package dev.affiliatekit.commission;

import static dev.affiliatekit.commission.Sales.ANNA;
import static dev.affiliatekit.commission.Sales.fullCredit;
import static dev.affiliatekit.commission.Sales.oneItem;
import static dev.affiliatekit.commission.Sales.pct;
import static dev.affiliatekit.commission.Sales.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.money.CurrencyUnit;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PeriodTest {

  @ParameterizedTest
  @CsvSource({
      // 2026-03-15 is a Sunday.
      "DAY,     2026-03-15T10:00:00Z, UTC, 2026-03-15T00:00:00Z, 2026-03-16T00:00:00Z",
      "WEEK,    2026-03-15T10:00:00Z, UTC, 2026-03-09T00:00:00Z, 2026-03-16T00:00:00Z",
      "MONTH,   2026-03-15T10:00:00Z, UTC, 2026-03-01T00:00:00Z, 2026-04-01T00:00:00Z",
      "QUARTER, 2026-03-15T10:00:00Z, UTC, 2026-01-01T00:00:00Z, 2026-04-01T00:00:00Z",
      "YEAR,    2026-03-15T10:00:00Z, UTC, 2026-01-01T00:00:00Z, 2027-01-01T00:00:00Z",
      // In Chatham (+13:45 in March), 2026-03-31T11:00Z is already 1 April: April's month.
      "MONTH,   2026-03-31T11:00:00Z, Pacific/Chatham, 2026-03-31T10:15:00Z, 2026-04-30T11:15:00Z",
      "MONTH,   2026-03-31T10:14:59Z, Pacific/Chatham, 2026-02-28T10:15:00Z, 2026-03-31T10:15:00Z",
      // St. John's went back from 00:01 to 23:01 on 7 November 2010: 7 November starts at its
      // first midnight (02:30Z), and the repeated minutes of 6 November after it (03:00Z is
      // 23:30 again) belong to it. Regression: they got a period that had ended.
      "DAY,     2010-11-07T02:29:59Z, America/St_Johns, 2010-11-06T02:30:00Z, 2010-11-07T02:30:00Z",
      "DAY,     2010-11-07T03:00:00Z, America/St_Johns, 2010-11-07T02:30:00Z, 2010-11-08T03:30:00Z",
      "DAY,     2010-11-07T03:30:00Z, America/St_Johns, 2010-11-07T02:30:00Z, 2010-11-08T03:30:00Z",
      "MONTH,   2009-11-01T03:00:00Z, America/St_Johns, 2009-11-01T02:30:00Z, 2009-12-01T03:30:00Z",
  })
  void bounds_followTheZonesCalendar(Period period, String instant, String zone, String start,
      String end) {
    Instant at = Instant.parse(instant);
    ZoneId id = ZoneId.of(zone);

    assertThat(period.startOf(at, id)).isEqualTo(Instant.parse(start));
    assertThat(period.endOf(at, id)).isEqualTo(Instant.parse(end));
    assertThat(PeriodPerformance.empty(period, at, id, CurrencyUnit.USD).contains(at)).isTrue();
  }

  @Test
  void lifetime_hasNoBounds() {
    Instant at = Instant.parse("2026-03-15T10:00:00Z");

    assertThat(Period.LIFETIME.startOf(at, ZoneOffset.UTC)).isEqualTo(Instant.MIN);
    assertThat(Period.LIFETIME.endOf(at, ZoneOffset.UTC)).isEqualTo(Instant.MAX);
    assertThat(PeriodPerformance.lifetime(3, usd("1.00"), usd("0.10")).contains(at)).isTrue();
  }

  @Test
  void bounds_outsideTheCalendar_areRejectedNamingTheInstant() {
    assertThatThrownBy(() -> PeriodPerformance.empty(Period.MONTH, Instant.MAX, ZoneOffset.UTC,
        CurrencyUnit.USD))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("month period of the instant in Z lies outside the calendar (years "
            + "-999999999 to 999999999): +1000000000-12-31T23:59:59.999999999Z");
    assertThatThrownBy(() -> Period.WEEK.startOf(Instant.MIN, ZoneOffset.UTC))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("week period of the instant in Z lies outside the calendar (years "
            + "-999999999 to 999999999): -1000000000-01-01T00:00:00Z");
    assertThatThrownBy(() -> Period.DAY.endOf(Instant.MIN, ZoneOffset.ofHours(-5)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("day period of the instant in -05:00 lies outside the calendar (years "
            + "-999999999 to 999999999): -1000000000-01-01T00:00:00Z");
  }

  @Test
  void bounds_ofTheLastAndFirstWholeDays_areGiven() {
    Instant last = LocalDate.MAX.atStartOfDay(ZoneOffset.UTC).toInstant().minusNanos(1);
    Instant first = LocalDate.MIN.atStartOfDay(ZoneOffset.UTC).toInstant();

    assertThat(Period.DAY.endOf(last, ZoneOffset.UTC)).isEqualTo(last.plusNanos(1));
    assertThat(Period.YEAR.startOf(first, ZoneOffset.UTC)).isEqualTo(first);
    assertThat(Period.LIFETIME.endOf(Instant.MAX, ZoneOffset.UTC)).isEqualTo(Instant.MAX);
  }

  @Test
  void lifetime_containsEveryInstant_upToTheLast() {
    CommissionPlan plan = CommissionPlan.builder().rule(CommissionRule.percentage("p", pct("10")))
        .milestone(Milestone.of("first", Period.LIFETIME, 1, usd("5.00"))).build();
    Conversion sale = Conversion.builder("o1", Instant.MAX, usd("100.00")).visitorId("v").build();
    PeriodPerformance lifetime = PeriodPerformance.empty(Period.LIFETIME, Instant.MAX,
        ZoneOffset.UTC, CurrencyUnit.USD);

    assertThat(lifetime.contains(Instant.MAX)).isTrue();
    assertThat(lifetime.contains(Instant.MIN)).isTrue();
    assertThat(plan.quote(sale, fullCredit("anna", sale),
        CommissionContext.builder(ANNA).performance(lifetime).build()).amount())
        .isEqualTo(usd("15.00"));
  }

  @Test
  void contains_theStartButNotTheEnd() {
    PeriodPerformance march = Sales.month(0, "0.00", "0.00");

    assertThat(march.contains(Sales.MONTH_START)).isTrue();
    assertThat(march.contains(Sales.MONTH_END.minusNanos(1))).isTrue();
    assertThat(march.contains(Sales.MONTH_START.minusNanos(1))).isFalse();
    assertThat(march.contains(Sales.MONTH_END)).isFalse();
  }

  @Test
  void plus_addsTheQuotesSaleBaseAndAmount() {
    CommissionPlan plan = CommissionPlan.builder().rule(CommissionRule.percentage("p", pct("10")))
        .periodCap(Period.MONTH, usd("1000.00")).build();
    Conversion sale = oneItem("serum", "SKIN_CARE", "100.00");
    PeriodPerformance before = Sales.month(4, "400.00", "40.00");
    CommissionQuote quote = plan.quote(sale, fullCredit("anna", sale),
        CommissionContext.builder(ANNA).performance(before).build());

    PeriodPerformance after = before.plus(quote);

    assertThat(after).isEqualTo(Sales.month(5, "500.00", "50.00"));
  }
}
