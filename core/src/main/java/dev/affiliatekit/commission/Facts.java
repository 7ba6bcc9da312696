package dev.affiliatekit.commission;

import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.Credit;
import dev.affiliatekit.attribution.CustomerType;
import dev.affiliatekit.attribution.LineItem;
import dev.affiliatekit.attribution.Subscription;
import dev.affiliatekit.money.Money;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The values of the {@link Attribute}s for one quote, with the line item being priced, if any.
 * Made per quote and used by one thread; the item changes as the quote walks the lines. {@link
 * Pricing} extends it, so that a quote allocates one object for both.
 */
class Facts {

  /** The value of a number attribute that is missing; every number attribute is at least 0. */
  static final long MISSING = -1;
  private static final long UNSET = -2;

  final Conversion conversion;
  final Credit credit;
  final CommissionContext context;
  final ZoneId zone;
  @Nullable LineItem item;
  private long customerMonths = UNSET;
  private long subscriptionMonths = UNSET;

  Facts(Conversion conversion, Credit credit, CommissionContext context, ZoneId zone) {
    this.conversion = conversion;
    this.credit = credit;
    this.context = context;
    this.zone = zone;
  }

  /** {@return the value of a text attribute, or null if it is missing} */
  @Nullable String text(Attribute attribute) {
    return switch (attribute) {
      case ITEM_PRODUCT_ID -> item == null ? null : item.productId();
      case ITEM_CATEGORY -> item == null ? null : item.categoryOrNull();
      default -> saleText(attribute, conversion, credit, context);
    };
  }

  /**
   * {@return the value of a text attribute that is not an item's, or null if it is missing}
   *
   * @throws AssertionError if the attribute is an item's or not a text attribute
   */
  static @Nullable String saleText(Attribute attribute, Conversion conversion, Credit credit,
      CommissionContext context) {
    AffiliateProfile affiliate = context.affiliate();
    return switch (attribute) {
      case AFFILIATE_ID -> affiliate.affiliateId();
      case AFFILIATE_GROUP -> affiliate.group().orElse(null);
      case AFFILIATE_PLATFORM -> affiliate.platform().orElse(null);
      case AFFILIATE_COUNTRY -> affiliate.country().orElse(null);
      case AFFILIATE_PARENT_ID -> affiliate.parentId().orElse(null);
      case CUSTOMER_TYPE -> conversion.customerType() == CustomerType.UNKNOWN ? null
          : conversion.customerType().name();
      case CUSTOMER_COUNTRY -> conversion.customerCountry().orElse(null);
      case SALE_CURRENCY -> conversion.currency().code();
      case SALE_COUPON_CODE -> conversion.couponCode().orElse(null);
      case SALE_CREDIT_BASIS -> credit.basis().name();
      default -> throw new AssertionError("bug: not a text attribute of the sale: " + attribute);
    };
  }

  /** {@return the affiliate's tags} */
  Set<String> tags() {
    return context.affiliate().tags();
  }

  /** {@return the value of a number attribute, or {@link #MISSING}} */
  long number(Attribute attribute) {
    return switch (attribute) {
      case AFFILIATE_FOLLOWERS -> context.affiliate().followers().orElse(MISSING);
      case CUSTOMER_MONTHS_SINCE_FIRST_PURCHASE -> customerMonths();
      case SALE_BILLING_PERIOD -> conversion.subscription().isPresent()
          ? conversion.subscription().get().billingPeriod() : MISSING;
      case SALE_SUBSCRIPTION_MONTHS -> subscriptionMonths();
      case ITEM_QUANTITY -> item == null ? MISSING : item.quantity();
      default -> throw new AssertionError("bug: not a number attribute: " + attribute);
    };
  }

  /** {@return the value of a money attribute, or null if it is missing} */
  @Nullable Money money(Attribute attribute) {
    return switch (attribute) {
      case SALE_TOTAL -> conversion.total();
      case SALE_SUBTOTAL -> conversion.subtotal();
      case ITEM_AMOUNT -> item == null ? null : item.amount();
      default -> throw new AssertionError("bug: not a money attribute: " + attribute);
    };
  }

  /** {@return the value of any attribute as explanations show it, or {@code unknown}} */
  String shown(Attribute attribute) {
    switch (attribute.type()) {
      case TEXT -> {
        String value = text(attribute);
        return value == null ? "unknown" : value;
      }
      case TAGS -> {
        return Formats.set(tags());
      }
      case NUMBER -> {
        long value = number(attribute);
        return value == MISSING ? "unknown" : Formats.grouped(value);
      }
      case MONEY -> {
        Money value = money(attribute);
        return value == null ? "unknown" : value.toString();
      }
      default -> throw new AssertionError("bug: unknown type " + attribute.type());
    }
  }

  private long customerMonths() {
    if (customerMonths == UNSET) {
      Optional<Instant> first = context.customerFirstPurchase();
      // A first purchase stamped after the sale, as by a host's later write, is this sale.
      customerMonths = first.isPresent()
          ? wholeMonths(first.get(), conversion.instant(), zone, "customer's first purchase")
          : MISSING;
    }
    return customerMonths;
  }

  private long subscriptionMonths() {
    if (subscriptionMonths == UNSET) {
      Optional<Subscription> subscription = conversion.subscription();
      subscriptionMonths = subscription.isPresent() ? wholeMonths(
          subscription.get().startedAt(), conversion.instant(), zone, "subscription's start")
          : MISSING;
    }
    return subscriptionMonths;
  }

  /** The seconds of the calendar's first and last instants in UTC, {@link LocalDateTime#MIN}. */
  private static final long FIRST_LOCAL = LocalDateTime.MIN.toEpochSecond(ZoneOffset.UTC);
  private static final long LAST_LOCAL = LocalDateTime.MAX.toEpochSecond(ZoneOffset.UTC);
  /** A day: more than any zone's offset, so that instants this far inside have a date in all. */
  private static final long DAY = 86_400;

  /**
   * Checks that both instants have a date in the zone's calendar, which spans the years
   * -999,999,999 to 999,999,999, as {@link Period} has it, so that the whole months between them
   * are known.
   *
   * @param what what {@code from} is, for the message
   * @throws IllegalArgumentException if one has none
   */
  static void checkDated(Instant from, Instant to, ZoneId zone, String what) {
    if (!hasDate(from, zone) || !hasDate(to, zone)) {
      throw new IllegalArgumentException("whole months from the " + what + " " + from
          + " to the sale " + to + " are not known: the calendar of " + zone
          + " spans the years -999,999,999 to 999,999,999");
    }
  }

  private static boolean hasDate(Instant instant, ZoneId zone) {
    long seconds = instant.getEpochSecond();
    if (seconds > FIRST_LOCAL + DAY && seconds < LAST_LOCAL - DAY) {
      return true;
    }
    long local = seconds + zone.getRules().getOffset(instant).getTotalSeconds();
    return local >= FIRST_LOCAL && local <= LAST_LOCAL;
  }

  /**
   * Returns the largest {@code m} such that {@code from} plus {@code m} calendar months in the
   * zone is not after {@code to}; zero if {@code to} is before {@code from}. A month added to 31
   * January ends on the last day of February, as {@link ZonedDateTime#plusMonths} has it.
   *
   * @param what what {@code from} is, for the message
   * @throws IllegalArgumentException if either instant has no date in the zone's calendar (see
   *     {@link #checkDated})
   */
  static long wholeMonths(Instant from, Instant to, ZoneId zone, String what) {
    checkDated(from, to, zone, what);
    if (to.isBefore(from)) {
      return 0;
    }
    ZonedDateTime start = from.atZone(zone);
    long months = Math.max(0, ChronoUnit.MONTHS.between(start, to.atZone(zone)));
    while (!isAfter(start, months + 1, to)) {
      months++;
    }
    while (months > 0 && isAfter(start, months, to)) {
      months--;
    }
    return months;
  }

  /**
   * {@return whether {@code start} plus the calendar months lies after the instant} A month
   * beyond the end of the calendar does: the instant has a date in it.
   */
  private static boolean isAfter(ZonedDateTime start, long months, Instant instant) {
    try {
      return start.plusMonths(months).toInstant().isAfter(instant);
    } catch (DateTimeException | ArithmeticException beyondTheCalendar) {
      return true;
    }
  }
}
