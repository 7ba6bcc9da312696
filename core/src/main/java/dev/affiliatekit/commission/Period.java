package dev.affiliatekit.commission;

import static com.google.common.base.Preconditions.checkNotNull;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;

/**
 * A span of time over which an affiliate's performance is counted: for tiers, milestones and caps
 * per period.
 *
 * <p>Periods follow the calendar of the plan's time zone: a day starts at midnight, a week on
 * Monday (ISO 8601), a month on its first day, a quarter in January, April, July or October, and a
 * year on 1 January. {@link #LIFETIME} has no bounds: it contains every instant, {@link
 * Instant#MAX} included. Each other period includes its start and excludes its end. Where the
 * clocks went back past midnight, as in St. John's (Newfoundland) until 2010, at 00:01, a day
 * ends at the first midnight, and the repeated minutes of the day before belong to the next day.
 *
 * <p>The calendar spans the years -999,999,999 to 999,999,999 ({@link LocalDate#MIN} to {@link
 * LocalDate#MAX}), a little less than {@link Instant}s do: the period of an instant within a year
 * and a day of {@link Instant#MIN}, or within two years of {@link Instant#MAX} (whose year,
 * 1,000,000,000, is beyond the calendar), may start or end outside it, and then has no bounds to
 * give.
 */
public enum Period {
  /** A calendar day. */
  DAY,
  /** An ISO week, from Monday to Sunday. */
  WEEK,
  /** A calendar month. */
  MONTH,
  /** A calendar quarter. */
  QUARTER,
  /** A calendar year. */
  YEAR,
  /** All time: from {@link Instant#MIN} to {@link Instant#MAX}. */
  LIFETIME;

  /**
   * Returns the start of the period that contains the instant, in the given zone.
   *
   * <p>For example, {@code MONTH.startOf(2026-03-15T10:00:00Z, UTC)} is {@code
   * 2026-03-01T00:00:00Z}, and {@code WEEK.startOf} of the same instant is Monday {@code
   * 2026-03-09T00:00:00Z}.
   *
   * @param instant an instant
   * @param zone the time zone whose calendar the period follows
   * @return the start, inclusive; {@link Instant#MIN} for {@link #LIFETIME}
   * @throws IllegalArgumentException if the period starts or ends outside the calendar, which
   *     can happen only within a year and a day of {@link Instant#MIN} or two years of {@link
   *     Instant#MAX}
   */
  public Instant startOf(Instant instant, ZoneId zone) {
    checkNotNull(instant, "instant");
    checkNotNull(zone, "zone");
    if (this == LIFETIME) {
      return Instant.MIN;
    }
    try {
      return firstDayContaining(instant, zone).atStartOfDay(zone).toInstant();
    } catch (DateTimeException | ArithmeticException e) {
      throw outsideCalendar(instant, zone, e);
    }
  }

  /**
   * Returns the end of the period that contains the instant, in the given zone: the start of the
   * next one.
   *
   * <p>For example, {@code MONTH.endOf(2026-03-15T10:00:00Z, UTC)} is {@code 2026-04-01T00:00:00Z}.
   *
   * @param instant an instant
   * @param zone the time zone whose calendar the period follows
   * @return the end, exclusive; {@link Instant#MAX} for {@link #LIFETIME}, which contains that
   *     instant too
   * @throws IllegalArgumentException if the period starts or ends outside the calendar, which
   *     can happen only within a year and a day of {@link Instant#MIN} or two years of {@link
   *     Instant#MAX}
   */
  public Instant endOf(Instant instant, ZoneId zone) {
    checkNotNull(instant, "instant");
    checkNotNull(zone, "zone");
    if (this == LIFETIME) {
      return Instant.MAX;
    }
    try {
      return next(firstDayContaining(instant, zone)).atStartOfDay(zone).toInstant();
    } catch (DateTimeException | ArithmeticException e) {
      throw outsideCalendar(instant, zone, e);
    }
  }

  private IllegalArgumentException outsideCalendar(Instant instant, ZoneId zone,
      RuntimeException cause) {
    return new IllegalArgumentException(label() + " period of the instant in " + zone
        + " lies outside the calendar (years -999999999 to 999999999): " + instant, cause);
  }

  /**
   * Returns the first day of the period that contains the instant: that of its local date, unless
   * that period has ended, as it has for an instant in minutes repeated after midnight when the
   * clocks went back, whose local date is the day before; then the next one. It computes the end
   * in either case, so that startOf and endOf accept the same instants.
   */
  private LocalDate firstDayContaining(Instant instant, ZoneId zone) {
    LocalDate first = firstDay(instant.atZone(zone).toLocalDate());
    LocalDate next = next(first);
    return instant.isBefore(next.atStartOfDay(zone).toInstant()) ? first : next;
  }

  private LocalDate next(LocalDate first) {
    return switch (this) {
      case DAY -> first.plusDays(1);
      case WEEK -> first.plusWeeks(1);
      case MONTH -> first.plusMonths(1);
      case QUARTER -> first.plusMonths(3);
      case YEAR -> first.plusYears(1);
      case LIFETIME -> throw new AssertionError("bug: lifetime has no end");
    };
  }

  private LocalDate firstDay(LocalDate date) {
    return switch (this) {
      case DAY -> date;
      case WEEK -> date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
      case MONTH -> date.withDayOfMonth(1);
      case QUARTER -> date.with(IsoFields.DAY_OF_QUARTER, 1);
      case YEAR -> date.withDayOfYear(1);
      case LIFETIME -> throw new AssertionError("bug: lifetime has no first day");
    };
  }

  /** {@return the lower-case name used in explanations, such as {@code month}} */
  String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
