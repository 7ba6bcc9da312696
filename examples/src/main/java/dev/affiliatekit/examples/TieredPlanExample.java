package dev.affiliatekit.examples;

import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.Credit;
import dev.affiliatekit.attribution.CreditBasis;
import dev.affiliatekit.attribution.LineItem;
import dev.affiliatekit.commission.AffiliateProfile;
import dev.affiliatekit.commission.CommissionPlan;
import dev.affiliatekit.commission.CommissionSimulation;
import dev.affiliatekit.commission.SimulationCase;
import dev.affiliatekit.commission.SimulationReport;
import dev.affiliatekit.json.PlanJson;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A tiered, per-category plan read from JSON, and a what-if comparison with a proposed plan
 * before the business changes its rates.
 *
 * <p>The plan in force ({@code current-plan.json}) pays micro-influencers 15% on skin care, 20%
 * from their fourth sale of the month (progressive, like tax brackets), 8% on supplements and 10%
 * on everything else. The proposal ({@code proposed-plan.json}) raises skin care to 25% from the
 * third sale and supplements to 10%, but caps a conversion at USD 20.00. Replaying March's sales
 * under both plans shows who would gain and who would lose.
 *
 * <p>Run: {@code mvn -q -Pexample -Dexample=TieredPlanExample -pl examples -am verify -DskipTests}
 */
public final class TieredPlanExample {

  private static final Map<String, AffiliateProfile> CREATORS = Map.of(
      "mia", AffiliateProfile.builder("mia").platform("instagram").followers(12_400).build(),
      "leo", AffiliateProfile.builder("leo").platform("youtube").followers(48_000).build(),
      "ivy", AffiliateProfile.builder("ivy").platform("tiktok").followers(3_100).build());

  private TieredPlanExample() {}

  /**
   * Prints the example to standard output.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run(System.out);
  }

  static void run(PrintStream out) {
    CommissionPlan current = plan("current-plan.json");
    CommissionPlan proposed = plan("proposed-plan.json");

    List<SimulationCase> march = new ArrayList<>();
    march.add(sale("mia", "M-1", "2026-03-02T10:15:00Z", item("serum", "SKIN_CARE", 1, "40.00")));
    march.add(sale("mia", "M-2", "2026-03-05T18:40:00Z", item("serum", "SKIN_CARE", 2, "40.00"),
        item("vitamin-d", "SUPPLEMENTS", 1, "25.00")));
    march.add(
        sale("mia", "M-3", "2026-03-09T08:05:00Z", item("night-cream", "SKIN_CARE", 1, "60.00")));
    march.add(sale("mia", "M-4", "2026-03-14T21:30:00Z", item("serum", "SKIN_CARE", 1, "40.00")));
    march.add(
        sale("leo", "L-1", "2026-03-03T12:00:00Z", item("vitamin-d", "SUPPLEMENTS", 2, "25.00")));
    march.add(sale("leo", "L-2", "2026-03-12T16:20:00Z", item("serum", "SKIN_CARE", 1, "40.00"),
        item("tote-bag", "BAGS", 1, "30.00")));
    march.add(
        sale("ivy", "I-1", "2026-03-20T19:45:00Z", item("night-cream", "SKIN_CARE", 3, "60.00")));

    SimulationReport report = CommissionSimulation.replay(current, proposed, march);

    out.println("March under the current plan and the proposal:");
    out.printf("%-5s %-4s %11s %11s %11s%n", "order", "who", "sale", "current", "proposed");
    for (SimulationReport.Outcome outcome : report.outcomes()) {
      Conversion sale = outcome.simulated().conversion();
      out.printf("%-5s %-4s %11s %11s %11s%n", sale.orderId(), outcome.current().affiliateId(),
          sale.total(), outcome.current().amount(), outcome.proposed().amount());
    }
    out.println();
    SimulationReport.Outcome fourth = report.outcomes().stream()
        .filter(outcome -> outcome.simulated().conversion().orderId().equals("M-4"))
        .findFirst().orElseThrow();
    out.println("Why Mia's fourth sale earns " + fourth.current().amount() + " today:");
    out.println(fourth.current().explanation());
    out.println();
    out.println("What the proposal changes:");
    out.println(report.describe());
  }

  private static CommissionPlan plan(String name) {
    try (InputStream in = TieredPlanExample.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing resource: " + name);
      }
      try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
        return PlanJson.read(reader);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static LineItem item(String product, String category, int quantity, String unitPrice) {
    return LineItem.of(product, category, quantity, Money.parse("USD " + unitPrice));
  }

  private static SimulationCase sale(String creator, String orderId, String instant,
      LineItem... items) {
    Money total = Money.total(List.of(items).stream().map(LineItem::amount).toList());
    Conversion.Builder conversion = Conversion.builder(orderId, Instant.parse(instant), total)
        .customerId("customer-" + orderId);
    for (LineItem item : items) {
      conversion.lineItem(item);
    }
    Conversion sale = conversion.build();
    Credit credit = new Credit(creator, Rate.ONE, total, CreditBasis.TOUCHPOINTS, List.of());
    return SimulationCase.of(sale, credit, CREATORS.get(creator));
  }
}
