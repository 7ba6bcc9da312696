package dev.affiliatekit.examples;

import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import java.io.PrintStream;
import java.math.RoundingMode;
import java.util.List;

/**
 * Commission math on one sale: a creator program pays 12.5% of an order, three creators share the
 * commission 50/30/20, and an order discount is spread over the line items, with no cent created
 * or lost.
 *
 * <p>Run: {@code mvn -q -Pexample -Dexample=CommissionSplitExample -pl examples -am verify
 * -DskipTests}
 */
public final class CommissionSplitExample {

  private CommissionSplitExample() {}

  /**
   * Prints the example to standard output.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run(System.out);
  }

  static void run(PrintStream out) {
    Money sale = Money.parse("USD 84.99");
    Rate rate = Rate.parse("12.5%");
    Money commission = sale.times(rate, RoundingMode.HALF_EVEN);
    out.println("Sale:                 " + sale);
    out.println("Commission at " + rate + ":  " + commission);

    List<Money> shares = commission.allocate(50, 30, 20);
    out.println("Shared 50/30/20:      " + shares + " = " + Money.total(shares));

    List<Money> items = List.of(Money.parse("USD 30.00"), Money.parse("USD 10.00"),
        Money.parse("USD 3.00"));
    List<Money> discounts = Money.parse("USD 5.00").prorate(items);
    out.println("USD 5.00 off " + items + ": " + discounts + " = " + Money.total(discounts));

    try {
      Rate.parse("12,5%");
    } catch (IllegalArgumentException rejected) {
      out.println("Rejected: " + rejected.getMessage());
    }
  }
}
