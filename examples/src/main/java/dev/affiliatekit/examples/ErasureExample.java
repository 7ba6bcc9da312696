package dev.affiliatekit.examples;

import dev.affiliatekit.attribution.AttributionPolicy;
import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.CustomerBinding;
import dev.affiliatekit.commission.AffiliateProfile;
import dev.affiliatekit.commission.CommissionPlan;
import dev.affiliatekit.commission.CommissionRule;
import dev.affiliatekit.examples.QuickStartExample.MutableClock;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import dev.affiliatekit.program.AffiliateProgram;
import dev.affiliatekit.program.ConversionOutcome;
import dev.affiliatekit.program.Refund;
import java.io.PrintStream;
import java.time.Duration;

/**
 * A shopper asks to be erased: the shop forgets her browser and her customer account, and keeps
 * its books.
 *
 * <p>Ava clicks Mia's link and buys a serum; under lifetime binding her reorder a month later,
 * without a click, earns Mia her 10% too. Ava then asks the shop to erase her data. The shop
 * forgets her customer id, and with it the browser of her orders: her clicks, her binding to Mia
 * and what the program kept of her orders for retries are gone, so her next order credits no one.
 * Mia keeps what she earned, and a refund of Ava's first order still takes back its commission.
 *
 * <p>Run: {@code mvn -q -Pexample -Dexample=ErasureExample -pl examples -am verify -DskipTests}
 */
public final class ErasureExample {

  private ErasureExample() {}

  /**
   * Prints the example to standard output.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run(System.out);
  }

  static void run(PrintStream out) {
    MutableClock clock = MutableClock.at("2026-05-04T09:00:00Z");
    AffiliateProgram program = AffiliateProgram.builder()
        .plan(CommissionPlan.builder()
            .rule(CommissionRule.percentage("creators", Rate.ofPercent(10))).build())
        .policy(AttributionPolicy.builder().lifetimeBinding().build())
        .clock(clock)
        .build();
    program.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");

    program.recordClick("browser-ava", "glow-with-mia");
    order(out, program, "A-2001", "browser-ava", clock);
    clock.advance(Duration.ofDays(31));
    order(out, program, "A-2002", "browser-ava", clock);

    out.println("ava asks to be erased");
    // Her browser goes with her: it is the visitor of her orders.
    program.forgetCustomer("customer-ava");
    out.println("  clicks kept of her browser: "
        + program.touchpointStore().touchpoints("browser-ava").size());
    out.println("  bound to: " + program.attributor().binding("customer-ava")
        .map(CustomerBinding::affiliateId).orElse("no one"));

    clock.advance(Duration.ofDays(31));
    order(out, program, "A-2003", "browser-ava", clock);
    try {
      program.recordConversion(conversion("A-2001", "browser-ava", clock));
    } catch (IllegalStateException forgotten) {
      out.println("retry of A-2001: " + forgotten.getMessage());
    }

    program.refund(Refund.full("A-2001", "refund-1", "serum returned"));
    out.println("mia after the refund of A-2001: accrued "
        + program.statement("mia", CurrencyUnit.USD).accrued() + ", reversed "
        + program.statement("mia", CurrencyUnit.USD).reversed());
  }

  private static void order(PrintStream out, AffiliateProgram program, String orderId,
      String visitorId, MutableClock clock) {
    ConversionOutcome outcome = program.recordConversion(conversion(orderId, visitorId, clock));
    String credited = outcome.attribution().isCredited()
        ? outcome.attribution().credits().get(0).affiliateId() + " earns "
            + outcome.quotes().get(0).amount() + " (" + outcome.attribution().credits().get(0)
            .basis() + ")"
        : "credits no one";
    out.println(orderId + " of ava, USD 48.00: " + credited);
  }

  private static Conversion conversion(String orderId, String visitorId, MutableClock clock) {
    return Conversion.builder(orderId, clock.instant(), Money.parse("USD 48.00"))
        .visitorId(visitorId).customerId("customer-ava").build();
  }
}
