package dev.affiliatekit.examples;

import dev.affiliatekit.attribution.AffiliateDirectory;
import dev.affiliatekit.attribution.AffiliateIdentity;
import dev.affiliatekit.attribution.AttributionModel;
import dev.affiliatekit.attribution.AttributionResult;
import dev.affiliatekit.attribution.Attributor;
import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.Credit;
import dev.affiliatekit.attribution.Touchpoint;
import dev.affiliatekit.attribution.TouchpointKind;
import dev.affiliatekit.attribution.TouchpointStore;
import dev.affiliatekit.commission.AffiliateProfile;
import dev.affiliatekit.commission.CommissionContext;
import dev.affiliatekit.commission.CommissionPlan;
import dev.affiliatekit.commission.CommissionRule;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import java.io.PrintStream;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/**
 * Sales that two creators both influenced, credited under split commission and under
 * position-based (U-shaped) attribution, then priced at 15%.
 *
 * <p>Two followers buy a USD 120.00 and a USD 90.00 order after clicking links of Leo (YouTube)
 * and Mia (Instagram). Split commission with bonuses of 10% for the first and 20% for the last
 * touch shares the rest equally among the touches; position-based gives 40% to the first touch,
 * 40% to the last and 20% to those between, or 50/50 for two touches. Touches of one creator add
 * up to one credit, and the credited amounts add up to the order total to the cent.
 *
 * <p>Run: {@code mvn -q -Pexample -Dexample=MultiTouchExample -pl examples -am verify -DskipTests}
 */
public final class MultiTouchExample {

  private MultiTouchExample() {}

  /**
   * Prints the example to standard output.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    run(System.out);
  }

  static void run(PrintStream out) {
    Clock clock = Clock.fixed(Instant.parse("2026-03-10T00:00:00Z"), ZoneOffset.UTC);
    AffiliateDirectory creators = AffiliateDirectory.builder()
        .add(AffiliateIdentity.active("leo"), "LEO")
        .add(AffiliateIdentity.active("mia"), "MIA")
        .build();
    TouchpointStore store = TouchpointStore.inMemory();
    List<AttributionModel> models = List.of(
        AttributionModel.splitWithBonuses(Rate.ofPercent(10), Rate.ofPercent(20)),
        AttributionModel.positionBased());
    List<Attributor> attributors = models.stream().map(model ->
        Attributor.builder(store, creators).model(model).clock(clock).build()).toList();
    CommissionPlan plan = CommissionPlan.builder()
        .rule(CommissionRule.percentage("creators", Rate.ofPercent(15)))
        .build();

    // The first follower watches Leo's review, then buys through Mia's story.
    Attributor recorder = attributors.get(0);
    recorder.record(click("follower-1", "leo", "youtube", "2026-03-01T19:00:00Z"));
    recorder.record(click("follower-1", "mia", "instagram", "2026-03-05T08:30:00Z"));
    Conversion first = Conversion.builder("A-1001", Instant.parse("2026-03-09T12:00:00Z"),
        Money.parse("USD 120.00")).visitorId("follower-1").customerId("customer-1").build();
    // The second follower clicks Mia, then Leo, then Mia again before buying.
    recorder.record(click("follower-2", "mia", "instagram", "2026-03-02T10:00:00Z"));
    recorder.record(click("follower-2", "leo", "youtube", "2026-03-03T21:15:00Z"));
    recorder.record(click("follower-2", "mia", "instagram", "2026-03-07T13:45:00Z"));
    Conversion second = Conversion.builder("B-1002", Instant.parse("2026-03-09T18:00:00Z"),
        Money.parse("USD 90.00")).visitorId("follower-2").customerId("customer-2").build();

    for (int i = 0; i < models.size(); i++) {
      out.println(models.get(i) + ":");
      Money leo = Money.zero(first.currency());
      Money mia = Money.zero(first.currency());
      for (Conversion sale : List.of(first, second)) {
        AttributionResult result = attributors.get(i).attribute(sale);
        for (Credit credit : result.credits()) {
          Money commission = plan.quote(sale, credit,
              CommissionContext.of(AffiliateProfile.of(credit.affiliateId()))).amount();
          out.printf("  %-6s %-3s %6s%% of %s = %s, earns %s%n", sale.orderId(),
              credit.affiliateId(), credit.share().toPercent().setScale(2, RoundingMode.HALF_EVEN),
              sale.total(), credit.amount(), commission);
          if (credit.affiliateId().equals("leo")) {
            leo = leo.plus(commission);
          } else {
            mia = mia.plus(commission);
          }
        }
      }
      out.println("  commissions: leo " + leo + ", mia " + mia + ", together " + leo.plus(mia));
    }
    out.println();
    out.println("Why, for order B-1002 under " + models.get(1) + ":");
    out.println(attributors.get(1).attribute(second).describe());
  }

  private static Touchpoint click(String visitor, String creator, String channel, String at) {
    return Touchpoint.builder(TouchpointKind.CLICK, visitor, creator, Instant.parse(at))
        .code(creator.toUpperCase(Locale.ROOT)).channel(channel).build();
  }
}
