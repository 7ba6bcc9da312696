package dev.affiliatekit.benchmarks.program;

import dev.affiliatekit.attribution.AttributionPolicy;
import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.TouchpointStore;
import dev.affiliatekit.benchmarks.Heap;
import dev.affiliatekit.commission.AffiliateProfile;
import dev.affiliatekit.commission.CommissionPlan;
import dev.affiliatekit.commission.CommissionRule;
import dev.affiliatekit.ledger.Ledger;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import dev.affiliatekit.program.AffiliateProgram;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * The heap a program keeps per recorded order, measured as the growth of the used heap after
 * collections: in all, and then what remains of it once the program is dropped and only its
 * ledger and touchpoint store are kept, so that the difference is the program's own (its orders
 * with their items, and the outcomes that retries return), which it keeps for its life. Each
 * order is a click of a new visitor and a conversion of one line item, credited to one of ten
 * affiliates; under lifetime binding each buyer is a new customer, bound to the affiliate.
 *
 * <p>Run: {@code java -Xmx4g -cp benchmarks/target/benchmarks.jar
 * dev.affiliatekit.benchmarks.program.OrderFootprint 200000}
 */
public final class OrderFootprint {

  private static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");
  private static final Money TOTAL = Money.parse("USD 80.00");

  /** How the program attributes. */
  enum Mode { PLAIN, LIFETIME_BINDING }

  private OrderFootprint() {}

  /**
   * Prints the bytes per order of each mode, in all and the program's own.
   *
   * @param args the number of orders (default 200,000)
   */
  public static void main(String[] args) {
    int orders = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    for (Mode mode : Mode.values()) {
      long before = Heap.used();
      AffiliateProgram program = program(mode, orders);
      long all = Heap.used() - before;
      Ledger ledger = program.ledger();
      TouchpointStore store = program.touchpointStore();
      long transactions = ledger.lastTransaction().orElseThrow().sequence();
      program = null;
      long kept = Heap.used() - before;
      System.out.printf(Locale.ROOT, "%s: %.0f bytes per order in all, %.0f of them the "
          + "program's own (%d touches, %d transactions)%n", mode, (double) all / orders,
          (double) (all - kept) / orders, store.size(), transactions);
    }
  }

  /** {@return a program of ten affiliates that recorded the orders, each after its click} */
  static AffiliateProgram program(Mode mode, int orders) {
    AffiliateProgram.Builder builder = AffiliateProgram.builder()
        .plan(CommissionPlan.builder()
            .rule(CommissionRule.percentage("creators", Rate.ofPercent(15))).build())
        .clock(Clock.fixed(NOW, ZoneOffset.UTC));
    if (mode == Mode.LIFETIME_BINDING) {
      builder.policy(AttributionPolicy.builder().lifetimeBinding().build());
    }
    AffiliateProgram program = builder.build();
    String[] codes = new String[10];
    for (int i = 0; i < codes.length; i++) {
      codes[i] = program.enroll(AffiliateProfile.of("creator-" + i)).codes().get(0).toString();
    }
    for (int i = 0; i < orders; i++) {
      // Fresh strings, each with its own characters, as a request brings them.
      String visitor = new String(("visitor-" + (1_000_000 + i)).toCharArray());
      program.recordClick(visitor, codes[i % codes.length]);
      Conversion.Builder order = Conversion.builder("order-" + (1_000_000 + i), NOW, TOTAL)
          .visitorId(new String(visitor.toCharArray()));
      if (mode == Mode.LIFETIME_BINDING) {
        order.customerId("customer-" + (1_000_000 + i));
      }
      program.recordConversion(order.build());
    }
    return program;
  }
}
