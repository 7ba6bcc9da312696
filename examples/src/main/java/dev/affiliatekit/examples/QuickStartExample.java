package dev.affiliatekit.examples;

import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.LineItem;
import dev.affiliatekit.commission.AffiliateProfile;
import dev.affiliatekit.commission.CommissionPlan;
import dev.affiliatekit.commission.CommissionQuote;
import dev.affiliatekit.commission.CommissionRule;
import dev.affiliatekit.ledger.PayoutBatch;
import dev.affiliatekit.ledger.PayoutLine;
import dev.affiliatekit.ledger.PayoutRules;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import dev.affiliatekit.program.AffiliateProgram;
import dev.affiliatekit.program.AffiliateStatement;
import dev.affiliatekit.program.ConversionOutcome;
import dev.affiliatekit.program.Enrollment;
import dev.affiliatekit.program.PeriodStatement;
import dev.affiliatekit.program.Refund;
import dev.affiliatekit.program.RefundOutcome;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The scenario this library exists for: a small skin-care shop sponsors three micro-influencers
 * (Instagram, YouTube, TikTok) with custom links and a coupon; followers click and buy; one order
 * is refunded; after the 30-day hold a payout run with a USD 50.00 minimum pays two of them and
 * carries the third forward. It prints who earned what and why, the balances, the payout batch and
 * its PayPal file.
 *
 * <p>Run: {@code mvn -q -Pexample -pl examples -am verify -DskipTests}
 */
public final class QuickStartExample {

  static final URI SHOP = URI.create("https://glow.example/");
  private static final CurrencyUnit USD = CurrencyUnit.USD;
  private static final Map<String, String> PAYPAL = Map.of(
      "mia", "mia@creators.example", "leo", "leo@creators.example",
      "ava", "ava@creators.example");

  private QuickStartExample() {}

  /**
   * Prints the example to standard output.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run(System.out);
  }

  /** The README's quick start: from enrollment to payout in a few lines. */
  static PayoutBatch quickStart(MutableClock clock) {
    AffiliateProgram program = AffiliateProgram.builder()
        .plan(CommissionPlan.builder()
            .rule(CommissionRule.percentage("creators", Rate.ofPercent(15))).build())
        .payoutRules(PayoutRules.minimums(Money.parse("USD 50.00")))
        .clock(clock)
        .build();
    Enrollment mia = program.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");
    program.recordVisit("visitor-1", mia.trackingLink(SHOP, "instagram").toString());
    ConversionOutcome sale = program.recordConversion(
        Conversion.builder("order-1", clock.instant(), Money.parse("USD 400.00"))
            .visitorId("visitor-1").build());
    System.out.println(sale.explain());            // ... mia earns USD 60.00: rule creators
                                                   // matched: 15% of USD 400.00 ...
    clock.advance(Duration.ofDays(30));            // the refund window closes
    program.release();                             // USD 60.00 becomes payable
    PayoutBatch batch = program.preparePayout("payout-2026-04");  // one line: mia, USD 60.00
    program.settlePayout(batch.key());
    return batch;
  }

  static void run(PrintStream out) {
    MutableClock clock = MutableClock.at("2026-03-02T09:00:00Z");
    AffiliateProgram program = AffiliateProgram.builder()
        .plan(CommissionPlan.builder()
            .rule(CommissionRule.percentage("creators", Rate.ofPercent(15))).build())
        .holdPeriod(Duration.ofDays(30))
        .payoutRules(PayoutRules.minimums(Money.parse("USD 50.00")))
        .clock(clock)
        .build();

    out.println("Glow & Co. creator program: 15% of every referred sale, held 30 days,"
        + " paid from USD 50.00");
    out.println();
    out.println("Creators");
    Enrollment mia = program.enroll(AffiliateProfile.builder("mia").platform("instagram")
        .followers(12_400).build(), "GLOWWITHMIA");
    Enrollment leo = program.enroll(AffiliateProfile.builder("leo").platform("youtube")
        .followers(8_900).build(), "LEOSKIN");
    Enrollment ava = program.enroll(AffiliateProfile.builder("ava").platform("tiktok")
        .followers(21_000).build(), "AVATIKTOK", "AVA10");
    URI miaLink = mia.trackingLink(SHOP, "instagram");
    URI leoLink = leo.trackingLink(SHOP, "youtube");
    URI avaLink = ava.trackingLink(SHOP, "tiktok");
    out.println("  mia  instagram  " + miaLink);
    out.println("  leo  youtube    " + leoLink);
    out.println("  ava  tiktok     " + avaLink + "  coupon AVA10 (10% off)");
    out.println();

    out.println("Sales in March");
    sale(out, program, clock, "2026-03-03T18:20:00Z", "o-1001", "anna", miaLink, null,
        LineItem.of("serum-30ml", "SKIN_CARE", 1, usd("48.00")),
        LineItem.of("moisturiser", "SKIN_CARE", 1, usd("36.00")));
    sale(out, program, clock, "2026-03-04T12:05:00Z", "o-1002", "ben", miaLink, null,
        LineItem.of("glow-kit", "SETS", 2, usd("140.00")));
    sale(out, program, clock, "2026-03-04T21:40:00Z", "o-1003", "cara", miaLink, null,
        LineItem.of("night-cream", "SKIN_CARE", 3, usd("50.00")));
    sale(out, program, clock, "2026-03-05T08:15:00Z", "o-1004", "dan", leoLink, null,
        LineItem.of("serum-30ml", "SKIN_CARE", 2, usd("48.00")));
    sale(out, program, clock, "2026-03-06T19:00:00Z", "o-1005", "eli", leoLink, null,
        LineItem.of("glow-kit", "SETS", 1, usd("140.00")),
        LineItem.of("sunscreen", "SKIN_CARE", 2, usd("35.00")));
    sale(out, program, clock, "2026-03-07T10:30:00Z", "o-1006", "fay", leoLink, null,
        LineItem.of("cleanser", "SKIN_CARE", 2, usd("32.00")));
    sale(out, program, clock, "2026-03-08T16:45:00Z", "o-1007", "gus", avaLink, "AVA10",
        LineItem.of("toner", "SKIN_CARE", 2, usd("30.00")));
    sale(out, program, clock, "2026-03-09T22:10:00Z", "o-1008", "hal", null, "AVA10",
        LineItem.of("serum-30ml", "SKIN_CARE", 1, usd("48.00")),
        LineItem.of("cleanser", "SKIN_CARE", 1, usd("32.00")));
    sale(out, program, clock, "2026-03-10T11:00:00Z", "o-1009", "ivy", null, null,
        LineItem.of("moisturiser", "SKIN_CARE", 1, usd("36.00")));
    out.println();

    out.println("Refunds");
    clock.set(Instant.parse("2026-03-12T14:00:00Z"));
    RefundOutcome refund = program.refund(
        Refund.full("o-1003", "rma-77", "night cream returned unopened"));
    out.println("  " + day(clock.instant()) + " o-1003 " + refund.refunded()
        + " back to cara: mia loses " + refund.reversed().get("mia"));
    try {
      program.refund(Refund.partial("o-1003", "rma-78", usd("10.00"), "again"));
    } catch (IllegalArgumentException | IllegalStateException rejected) {
      out.println("  rejected: " + rejected.getMessage());
    }
    out.println();

    clock.set(Instant.parse("2026-04-15T09:00:00Z"));
    program.release();
    out.println("Balances on " + day(clock.instant()) + ", after the 30-day hold");
    out.println("  creator   accrued  reversed   earned  pending  payable     paid");
    for (String creator : List.of("mia", "leo", "ava")) {
      AffiliateStatement statement = program.statement(creator, USD);
      out.println(String.format(Locale.ROOT, "  %-7s %9s %9s %8s %8s %8s %8s", creator,
          amount(statement.accrued()), amount(statement.reversed()), amount(statement.earned()),
          amount(statement.pending()), amount(statement.payable()), amount(statement.paid())));
    }
    out.println();

    PayoutBatch batch = program.preparePayout("payout-2026-04");
    out.println("Payout batch " + batch.key() + " (minimum USD 50.00): " + batch.total(USD));
    for (PayoutLine line : batch.lines()) {
      out.println("  " + line.id() + "  " + line.affiliateId() + "  " + line.amount());
    }
    for (String creator : List.of("mia", "leo", "ava")) {
      Money payable = program.statement(creator, USD).payable();
      if (batch.lines().stream().noneMatch(line -> line.affiliateId().equals(creator))) {
        out.println("  carried forward: " + creator + " " + payable + " (below the minimum)");
      }
    }
    out.println();
    out.println("PayPal mass payment file");
    out.print(batch.toPayPalCsv(USD, PAYPAL::get, "Glow & Co. commissions for March"));
    program.settlePayout(batch.key());
    out.println();
    out.println("After PayPal confirms");
    for (String creator : List.of("mia", "leo", "ava")) {
      AffiliateStatement statement = program.statement(creator, USD);
      out.println("  " + creator + ": paid " + statement.paid() + ", payable "
          + statement.payable());
    }
    out.println();
    out.println("Mia's statement");
    for (AffiliateStatement.Line line : program.statement("mia", USD).lines()) {
      out.println(String.format(Locale.ROOT, "  %s %-15s %9s  %s", day(line.postedAt()),
          line.account(), amount(line.amount()), line.explanation()));
    }
    out.println();
    // A month on a creator's dashboard: March's earnings are released and paid in April.
    PeriodStatement april = program.statement("mia", USD, Instant.parse("2026-04-01T00:00:00Z"),
        Instant.parse("2026-05-01T00:00:00Z"));
    out.println("Mia's April: opened with " + april.opening().pending() + " pending, earned "
        + april.earned() + ", closed with " + april.closing().paid() + " paid ("
        + april.lines().size() + " entries)");
  }

  /** Records a visit by the link (if any) and the order, and prints who earned what and why. */
  private static void sale(PrintStream out, AffiliateProgram program, MutableClock clock,
      String instant, String orderId, String customer, URI link, String coupon,
      LineItem... items) {
    clock.set(Instant.parse(instant));
    String visitor = "visitor-" + customer;
    if (link != null) {
      program.recordVisit(visitor, link.toString());
    }
    Money subtotal = Money.zero(USD);
    for (LineItem item : items) {
      subtotal = subtotal.plus(item.amount());
    }
    Money discount = coupon == null ? Money.zero(USD)
        : subtotal.times(Rate.ofPercent(10), java.math.RoundingMode.HALF_EVEN);
    Money shipping = usd("5.00");
    Conversion.Builder order = Conversion.builder(orderId, clock.instant(),
            subtotal.minus(discount).plus(shipping))
        .visitorId(visitor).customerId(customer).discount(discount).shipping(shipping);
    for (LineItem item : items) {
      order.lineItem(item);
    }
    if (coupon != null) {
      program.recordCouponUse(visitor, coupon);
      order.couponCode(coupon);
    }
    ConversionOutcome outcome = program.recordConversion(order.build());
    String head = "  " + day(clock.instant()) + " " + orderId + " " + outcome.conversion().total();
    if (!outcome.isCredited()) {
      out.println(head + "  no credit: nobody referred " + customer);
      return;
    }
    for (CommissionQuote quote : outcome.quotes()) {
      out.println(head + "  " + quote.affiliateId() + " earns " + quote.amount() + " ("
          + outcome.attribution().credits().get(0).basis().name().toLowerCase(Locale.ROOT)
          + "): " + quote.explanation());
    }
  }

  private static Money usd(String amount) {
    return Money.parse("USD " + amount);
  }

  private static String amount(Money money) {
    return money.amount().toPlainString();
  }

  private static LocalDate day(Instant instant) {
    return LocalDate.ofInstant(instant, ZoneOffset.UTC);
  }

  /** A clock the example moves by hand, so that its output never changes. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    private MutableClock(Instant start) {
      this.now = start;
    }

    static MutableClock at(String instant) {
      return new MutableClock(Instant.parse(instant));
    }

    void set(Instant instant) {
      now = instant;
    }

    synchronized void advance(Duration duration) {
      now = now.plus(duration);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      throw new UnsupportedOperationException("the example runs in UTC");
    }
  }
}
