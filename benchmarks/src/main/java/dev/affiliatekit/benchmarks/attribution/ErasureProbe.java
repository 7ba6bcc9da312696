package dev.affiliatekit.benchmarks.attribution;

import dev.affiliatekit.attribution.AffiliateDirectory;
import dev.affiliatekit.attribution.AffiliateIdentity;
import dev.affiliatekit.attribution.Attributor;
import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.Touchpoint;
import dev.affiliatekit.attribution.TouchpointStore;
import dev.affiliatekit.money.Money;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Locale;

/**
 * What forgetting a visitor or a customer costs an attributor that remembers many orders: n
 * visitors with a click each and an order each, every other order of a signed-in customer; then
 * nine visitors forgotten from the store alone, and nine visitors and nine customers from the
 * attributor, in turn, and the median time of each kind. Plain Java
 * rather than JMH: an erasure changes what it reads, so each call needs an attributor whose
 * orders name someone not yet forgotten, and the point is how the time grows with the orders
 * remembered.
 *
 * <p>Run: {@code java -Xmx3g -cp benchmarks/target/benchmarks.jar
 * dev.affiliatekit.benchmarks.attribution.ErasureProbe 100000 1000000}
 */
public final class ErasureProbe {

  static final Instant AT = Instant.parse("2026-03-31T12:00:00Z");
  private static final Money TOTAL = Money.parse("USD 40.00");
  private static final int CALLS = 9;

  private ErasureProbe() {}

  /**
   * Prints a line per size: the median milliseconds of each call.
   *
   * @param args the numbers of orders remembered (default 100,000 and 1,000,000)
   */
  public static void main(String[] args) {
    int[] sizes = args.length == 0 ? new int[] {100_000, 1_000_000}
        : Arrays.stream(args).mapToInt(Integer::parseInt).toArray();
    for (int orders : sizes) {
      Setup setup = setUp(orders);
      Attributor attributor = setup.attributor();
      long[] storeVisitors = new long[CALLS];
      for (int i = 0; i < CALLS; i++) {
        // Visitors the calls below leave alone.
        long start = System.nanoTime();
        setup.store().forgetVisitor(visitorId((int) ((long) orders * i / CALLS + 4)));
        storeVisitors[i] = System.nanoTime() - start;
      }
      long[] visitors = new long[CALLS];
      long[] customers = new long[CALLS];
      for (int i = 0; i < CALLS; i++) {
        // Spread over the orders, and a visitor with no customer, a customer on another visitor.
        int visitor = (int) ((long) orders * i / CALLS) | 1;
        int customer = (int) ((long) orders * i / CALLS + 2) & ~1;
        long start = System.nanoTime();
        attributor.forgetVisitor(visitorId(visitor));
        visitors[i] = System.nanoTime() - start;
        start = System.nanoTime();
        attributor.forgetCustomer(customerId(customer));
        customers[i] = System.nanoTime() - start;
      }
      System.out.printf(Locale.ROOT, "%,d orders remembered: store.forgetVisitor %.1f ms,"
          + " forgetVisitor %.1f ms, forgetCustomer %.1f ms (medians of %d)%n", orders,
          median(storeVisitors), median(visitors), median(customers), CALLS);
    }
  }

  /** A store, and an attributor over it. */
  record Setup(TouchpointStore store, Attributor attributor) {}

  /**
   * {@return an attributor over a store of {@code orders} visitors with a click each, that has
   * attributed an order of each visitor, every other one of a customer of the same number}
   */
  static Setup setUp(int orders) {
    TouchpointStore store = TouchpointStore.inMemory();
    Attributor attributor = Attributor.builder(store, AffiliateDirectory.builder()
            .add(AffiliateIdentity.active("mia"), "GLOWWITHMIA").build())
        .clock(Clock.fixed(AT, ZoneOffset.UTC))
        .rememberedOrders(Math.max(1, orders))
        .build();
    for (int i = 0; i < orders; i++) {
      store.record(Touchpoint.click(visitorId(i), "mia", AT.minusSeconds(3_600)));
      Conversion.Builder order = Conversion.builder("order-" + i, AT, TOTAL)
          .visitorId(visitorId(i));
      attributor.attribute(i % 2 == 0 ? order.customerId(customerId(i)).build() : order.build());
    }
    return new Setup(store, attributor);
  }

  static String visitorId(int i) {
    return "visitor-" + i;
  }

  static String customerId(int i) {
    return "customer-" + i;
  }

  private static double median(long[] nanos) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2] / 1e6;
  }
}
