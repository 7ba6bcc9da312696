package dev.affiliatekit.examples;

import dev.affiliatekit.attribution.AttributionPolicy;
import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.commission.AffiliateProfile;
import dev.affiliatekit.commission.CommissionPlan;
import dev.affiliatekit.commission.CommissionRule;
import dev.affiliatekit.commission.RecurringTerm;
import dev.affiliatekit.examples.QuickStartExample.MutableClock;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import dev.affiliatekit.program.AffiliateProgram;
import dev.affiliatekit.program.AffiliateStatement;
import dev.affiliatekit.program.ConversionOutcome;
import dev.affiliatekit.program.Refund;
import dev.affiliatekit.program.RefundOutcome;
import java.io.PrintStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * Subscriptions: a creator earns 30% of every monthly charge for the first 12 months of each
 * subscription she referred. One subscriber stays for 14 months, so the last two charges earn
 * nothing; another cancels in the middle of her third month and gets the unused half back, which
 * takes back half of that month's commission.
 *
 * <p>Run: {@code mvn -q -Pexample -Dexample=SubscriptionExample -pl examples -am verify
 * -DskipTests}
 */
public final class SubscriptionExample {

  private static final CurrencyUnit USD = CurrencyUnit.USD;
  private static final Money MONTHLY = Money.parse("USD 40.00");

  private SubscriptionExample() {}

  /**
   * Prints the example to standard output.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run(System.out);
  }

  static void run(PrintStream out) {
    MutableClock clock = MutableClock.at("2026-01-14T10:00:00Z");
    AffiliateProgram program = AffiliateProgram.builder()
        .plan(CommissionPlan.builder()
            .rule(CommissionRule.builder("box-subscriptions")
                .percentage(Rate.ofPercent(30))
                .recurring(RecurringTerm.firstMonths(12))
                .build())
            .build())
        // Renewals come months after the click: the first order binds the subscriber to nora.
        .policy(AttributionPolicy.builder().lifetimeBinding().build())
        .clock(clock)
        .build();
    program.enroll(AffiliateProfile.builder("nora").platform("newsletter").build(), "NORABOX");
    out.println("GlowBox, USD 40.00 a month: nora earns 30% of each charge for the first"
        + " 12 months of a subscription");
    out.println();

    program.recordClick("visitor-kim", "NORABOX");
    program.recordClick("visitor-lou", "NORABOX");

    out.println("kim subscribes on 15 January 2026 and stays 14 months; lou subscribes on"
        + " 1 February 2026 and cancels in the middle of her third month");
    Instant kimStart = Instant.parse("2026-01-15T10:00:00Z");
    Instant louStart = Instant.parse("2026-02-01T10:00:00Z");
    for (int month = 1; month <= 14; month++) {
      charge(out, program, clock, "kim", kimStart, month);
      if (month <= 3) {
        charge(out, program, clock, "lou", louStart, month);
      }
      if (month == 4) {
        clock.set(Instant.parse("2026-04-16T10:00:00Z"));
        RefundOutcome refund = program.refund(Refund.partial("lou-3", "cancel-1",
            Money.parse("USD 20.00"), "cancelled mid-period, unused half refunded"));
        out.println("  " + day(clock.instant()) + " lou cancels: refund " + refund.refunded()
            + " of lou-3, nora loses " + refund.reversed().get("nora")
            + "; no more charges from lou");
      }
    }
    out.println();

    clock.set(Instant.parse("2027-04-01T10:00:00Z"));
    program.release();
    AffiliateStatement nora = program.statement("nora", USD);
    out.println("nora on " + day(clock.instant()));
    out.println("  accrued  " + nora.accrued());
    out.println("  reversed " + nora.reversed());
    out.println("  earned   " + nora.earned());
    out.println("  payable  " + nora.payable());
  }

  private static void charge(PrintStream out, AffiliateProgram program, MutableClock clock,
      String customer, Instant start, int month) {
    Instant at = start.atZone(ZoneOffset.UTC).plusMonths(month - 1L).toInstant();
    clock.set(at);
    Conversion.Builder order = Conversion.builder(customer + "-" + month, at, MONTHLY)
        .customerId(customer)
        .subscription("sub-" + customer, month, start);
    if (month == 1) {
      order.visitorId("visitor-" + customer);
    }
    ConversionOutcome outcome = program.recordConversion(order.build());
    // A charge no creator is credited with (a customer bound to nobody) has no quote.
    String why = outcome.isCredited() ? outcome.quotes().get(0).explanation()
        : outcome.attribution().describe();
    out.println("  " + day(at) + " " + customer + " charge " + month + " " + MONTHLY + ": nora"
        + " earns " + outcome.commission() + " (" + why + ")");
  }

  private static LocalDate day(Instant instant) {
    return LocalDate.ofInstant(instant, ZoneOffset.UTC);
  }
}
