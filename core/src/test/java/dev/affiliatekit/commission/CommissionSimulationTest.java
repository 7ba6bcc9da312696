package dev.affiliatekit.commission;

import static dev.affiliatekit.commission.Sales.fullCredit;
import static dev.affiliatekit.commission.Sales.pct;
import static dev.affiliatekit.commission.Sales.usd;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommissionSimulationTest {

  private static final AffiliateProfile ANNA = AffiliateProfile.builder("anna").parentId("ben").build();
  private static final AffiliateProfile BEN = AffiliateProfile.of("ben");

  private static SimulationCase sale(AffiliateProfile affiliate, String orderId, String instant,
      Money total) {
    Conversion conversion = Conversion.builder(orderId, Instant.parse(instant), total)
        .customerId("c-" + orderId).build();
    return SimulationCase.of(conversion, fullCredit(affiliate.affiliateId(), conversion), affiliate);
  }

  private final CommissionPlan current = CommissionPlan.builder()
      .rule(CommissionRule.percentage("default", pct("10")))
      .periodCap(Period.MONTH, usd("100.00")).build();
  private final CommissionPlan proposed = current.toBuilder()
      .replaceRule(CommissionRule.percentage("default", pct("12")))
      .overrideRates(pct("5"))
      .build().toBuilder().build();

  /** Regression: an affiliate whose id is total printed a second total line. */
  @Test
  void describe_affiliateNamedTotal_isQuoted() {
    CommissionPlan flat = CommissionPlan.builder()
        .rule(CommissionRule.percentage("default", pct("10"))).build();
    SimulationReport report = CommissionSimulation.compare(flat, flat, List.of(
        sale(ANNA, "a1", "2026-03-02T10:00:00Z", usd("1000.00")),
        sale(AffiliateProfile.of("total"), "t1", "2026-03-03T10:00:00Z", usd("50.00")),
        sale(AffiliateProfile.of("'total'"), "t2", "2026-03-03T10:00:00Z", usd("70.00")),
        sale(AffiliateProfile.of("total: EUR 9.00"), "t3", "2026-03-03T10:00:00Z",
            usd("20.00"))));

    assertThat(report.describe()).isEqualTo("""
        '\\'total\\'': USD 7.00 -> USD 7.00 (+USD 0.00)
        anna: USD 100.00 -> USD 100.00 (+USD 0.00)
        'total': USD 5.00 -> USD 5.00 (+USD 0.00)
        'total: EUR 9.00': USD 2.00 -> USD 2.00 (+USD 0.00)
        total: USD 114.00 -> USD 114.00 (+USD 0.00)""");
  }

  @Test
  void replay_eachPlanFillsItsOwnCaps_inTimeOrder() {
    CommissionPlan raisedCap = CommissionPlan.builder()
        .rule(CommissionRule.percentage("default", pct("12")))
        .periodCap(Period.MONTH, usd("150.00")).build();
    List<SimulationCase> cases = List.of(
        sale(ANNA, "a3", "2026-03-20T10:00:00Z", usd("500.00")),
        sale(ANNA, "a1", "2026-03-02T10:00:00Z", usd("500.00")),
        sale(BEN, "b1", "2026-03-05T10:00:00Z", usd("200.00")),
        sale(ANNA, "a2", "2026-03-10T10:00:00Z", usd("500.00")));

    SimulationReport report = CommissionSimulation.replay(current, raisedCap, cases);

    // Anna: 10% of three USD 500.00 sales is USD 50.00 each, capped at USD 100.00 a month; at
    // 12% with a USD 150.00 cap: USD 60.00, USD 60.00, then the USD 30.00 left.
    assertThat(report.outcomes()).extracting(outcome -> outcome.simulated().conversion().orderId())
        .containsExactly("a1", "b1", "a2", "a3");
    assertThat(report.outcomes()).extracting(outcome -> outcome.current().amount())
        .containsExactly(usd("50.00"), usd("20.00"), usd("50.00"), usd("0.00"));
    assertThat(report.outcomes()).extracting(outcome -> outcome.proposed().amount())
        .containsExactly(usd("60.00"), usd("24.00"), usd("60.00"), usd("30.00"));
    assertThat(report.outcomes().get(3).change()).isEqualTo(usd("30.00"));
    assertThat(report.affiliate("anna", CurrencyUnit.USD))
        .contains(new Difference(usd("100.00"), usd("150.00")));
    assertThat(report.affiliate("ben", CurrencyUnit.USD))
        .contains(new Difference(usd("20.00"), usd("24.00")));
    assertThat(report.total(CurrencyUnit.USD)).contains(new Difference(usd("120.00"), usd("174.00")));
    assertThat(report.describe()).isEqualTo("""
        anna: USD 100.00 -> USD 150.00 (+USD 50.00)
        ben: USD 20.00 -> USD 24.00 (+USD 4.00)
        total: USD 120.00 -> USD 174.00 (+USD 54.00)""");
  }

  @Test
  void replay_startsEachPeriodFromWhatItsFirstCaseRecorded() {
    // Anna had earned USD 90.00 in March before the replayed sales.
    Conversion march = Conversion.builder("a1", Instant.parse("2026-03-02T10:00:00Z"),
        usd("500.00")).customerId("c").build();
    Conversion april = Conversion.builder("a2", Instant.parse("2026-04-02T10:00:00Z"),
        usd("500.00")).customerId("c").build();
    CommissionContext recorded = CommissionContext.builder(ANNA)
        .performance(Sales.month(9, "900.00", "90.00")).build();
    List<SimulationCase> cases = List.of(
        new SimulationCase(march, fullCredit("anna", march), recorded),
        new SimulationCase(april, fullCredit("anna", april), recorded));

    SimulationReport report = CommissionSimulation.replay(current, current, cases);

    // March: USD 10.00 left of the cap. April is a new month: its recorded context is for March,
    // so April starts empty and the sale earns its USD 50.00.
    assertThat(report.outcomes()).extracting(outcome -> outcome.current().amount())
        .containsExactly(usd("10.00"), usd("50.00"));
  }

  @Test
  void replay_oneAffiliateInTwoCurrencies_countsEachCurrencyApart() {
    // Sales tiers by month: 10% for the first sale, 20% from the second. Anna sells in USD and
    // EUR; as the program does, her sales are counted per currency, so her EUR sale is her first
    // EUR sale of March (10%) and her second USD sale her second USD one (20%).
    CommissionPlan tiers = CommissionPlan.builder().rule(CommissionRule.builder("tiers")
        .payout(Payout.tieredBySales(Period.MONTH, TierMode.PROGRESSIVE,
            new Payout.SalesTier(1, pct("10")), new Payout.SalesTier(2, pct("20"))))
        .build()).build();
    CommissionPlan ten = CommissionPlan.builder()
        .rule(CommissionRule.percentage("default", pct("10"))).build();
    List<SimulationCase> cases = List.of(
        sale(ANNA, "a1", "2026-03-10T10:00:00Z", usd("100.00")),
        sale(ANNA, "a2", "2026-03-11T10:00:00Z", Money.parse("EUR 100.00")),
        sale(ANNA, "a3", "2026-03-12T10:00:00Z", usd("100.00")));

    SimulationReport report = CommissionSimulation.replay(ten, tiers, cases);

    assertThat(report.outcomes()).extracting(outcome -> outcome.proposed().amount())
        .containsExactly(usd("10.00"), Money.parse("EUR 10.00"), usd("20.00"));
    assertThat(report.affiliate("anna", CurrencyUnit.USD))
        .contains(new Difference(usd("20.00"), usd("30.00")));
    assertThat(report.affiliate("anna", CurrencyUnit.EUR))
        .contains(new Difference(Money.parse("EUR 10.00"), Money.parse("EUR 10.00")));
  }

  @Test
  void replay_performanceRecordedInAnotherCurrency_startsThatCurrencyEmpty() {
    // Anna had earned USD 90.00 in March; her EUR sales have a month cap of their own to fill.
    Conversion euros = Conversion.builder("a1", Instant.parse("2026-03-02T10:00:00Z"),
        Money.parse("EUR 500.00")).customerId("c").build();
    CommissionContext recorded = CommissionContext.builder(ANNA)
        .performance(Sales.month(9, "900.00", "90.00")).build();
    CommissionPlan euroCap = CommissionPlan.builder()
        .rule(CommissionRule.percentage("default", pct("10")))
        .periodCap(Period.MONTH, Money.parse("EUR 100.00")).build();

    SimulationReport report = CommissionSimulation.replay(euroCap, euroCap,
        List.of(new SimulationCase(euros, fullCredit("anna", euros), recorded)));

    assertThat(report.outcomes().get(0).current().amount()).isEqualTo(Money.parse("EUR 50.00"));
  }

  @Test
  void replay_performanceRecordedForAnotherZonesMonth_startsThePlansMonthEmpty() {
    // The host records months in UTC; the proposed plan counts them in New York. Sale a is on
    // 1 April in UTC but 31 March in New York, sale b on 1 April in both, so under the proposed
    // plan each is the first sale of its month and earns 10%, though the context of b recorded
    // a as the first sale of the UTC month.
    ZoneId newYork = ZoneId.of("America/New_York");
    CommissionPlan utc = wholePeriodFromSale(2).build();
    CommissionPlan inNewYork = wholePeriodFromSale(2).zone(newYork).build();
    Conversion a = Conversion.builder("a", Instant.parse("2026-04-01T03:00:00Z"), usd("100.00"))
        .customerId("c-a").build();
    Conversion b = Conversion.builder("b", Instant.parse("2026-04-01T14:00:00Z"), usd("100.00"))
        .customerId("c-b").build();
    PeriodPerformance aprilInUtc =
        PeriodPerformance.empty(Period.MONTH, a.instant(), ZoneOffset.UTC, CurrencyUnit.USD);
    List<SimulationCase> cases = List.of(
        new SimulationCase(a, fullCredit("ben", a),
            CommissionContext.builder(BEN).performance(aprilInUtc).build()),
        new SimulationCase(b, fullCredit("ben", b), CommissionContext.builder(BEN)
            .performance(new PeriodPerformance(Period.MONTH, aprilInUtc.start(), aprilInUtc.end(),
                1, usd("100.00"), usd("10.00"))).build()));

    SimulationReport report = CommissionSimulation.replay(utc, inNewYork, cases);

    // In UTC, b is the second sale of April: 20%, and a's true-up of USD 10.00.
    assertThat(report.outcomes()).extracting(outcome -> outcome.current().amount())
        .containsExactly(usd("10.00"), usd("20.00"));
    assertThat(report.outcomes().get(1).currentTrueUp()).isEqualTo(usd("10.00"));
    assertThat(report.outcomes()).extracting(outcome -> outcome.proposed().amount())
        .containsExactly(usd("10.00"), usd("10.00"));
    assertThat(report.outcomes()).extracting(SimulationReport.Outcome::proposedTrueUp)
        .containsExactly(usd("0.00"), usd("0.00"));
    assertThat(report.total(CurrencyUnit.USD))
        .contains(new Difference(usd("40.00"), usd("20.00")));
  }

  /** Tiers of 10% from sale 1 and 20% from the given sale of the month, for the whole period. */
  private static CommissionPlan.Builder wholePeriodFromSale(long sale) {
    return CommissionPlan.builder().rule(CommissionRule.builder("tiers")
        .payout(Payout.tieredBySales(Period.MONTH, TierMode.WHOLE_PERIOD,
            new Payout.SalesTier(1, pct("10")), new Payout.SalesTier(sale, pct("20")))).build());
  }

  @Test
  void difference_printsEvenAChangeOutOfTheRangeOfAnAmount() {
    Difference extreme = new Difference(Money.ofMinor(Long.MIN_VALUE, CurrencyUnit.USD), usd("1.00"));
    assertThat(extreme).hasToString("USD -92233720368547758.08 -> USD 1.00"
        + " (+USD 92233720368547759.08)");
    assertThatThrownBy(extreme::change).isInstanceOf(ArithmeticException.class);
    assertThat(new Difference(usd("40.00"), usd("20.00"))).hasToString(
        "USD 40.00 -> USD 20.00 (USD -20.00)");
  }

  @Test
  void compare_countsOverridesForTheParents_andKeepsCurrenciesApart() {
    CommissionPlan ten = CommissionPlan.builder()
        .rule(CommissionRule.percentage("default", pct("10"))).build();
    CommissionPlan twelveWithOverrides = CommissionPlan.builder()
        .rule(CommissionRule.percentage("default", pct("12"))).overrideRates(pct("5")).build();
    List<SimulationCase> cases = List.of(
        sale(ANNA, "a1", "2026-03-02T10:00:00Z", usd("100.00")),
        sale(ANNA, "a2", "2026-03-03T10:00:00Z", Money.parse("EUR 50.00")));

    SimulationReport report = CommissionSimulation.compare(ten, twelveWithOverrides, cases);

    // Anna: USD 10.00 -> USD 12.00 and EUR 5.00 -> EUR 6.00; Ben gets 5% of Anna's new amounts.
    assertThat(report.affiliates()).containsExactly(
        new AffiliateDifference("anna", new Difference(Money.parse("EUR 5.00"), Money.parse("EUR 6.00"))),
        new AffiliateDifference("anna", new Difference(usd("10.00"), usd("12.00"))),
        new AffiliateDifference("ben", new Difference(Money.parse("EUR 0.00"), Money.parse("EUR 0.30"))),
        new AffiliateDifference("ben", new Difference(usd("0.00"), usd("0.60"))));
    assertThat(report.totals().keySet()).containsExactly(CurrencyUnit.EUR, CurrencyUnit.USD);
    assertThat(report.total(CurrencyUnit.USD)).contains(new Difference(usd("10.00"), usd("12.60")));
    assertThat(report.total(CurrencyUnit.of("JPY"))).isEmpty();
  }

  @Test
  void compare_contextsWithoutThePerformanceAPlanCounts_areRejected() {
    List<SimulationCase> cases = List.of(sale(ANNA, "a1", "2026-03-02T10:00:00Z", usd("100.00")));

    assertThatThrownBy(() -> CommissionSimulation.compare(current, proposed, cases))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("context has no month performance, which the plan counts: 'anna'");
  }

  /** Regression: compare threw a bare NullPointerException from List.copyOf for a null case. */
  @Test
  void compareAndReplay_nullCase_nameTheFieldAndIndex() {
    List<SimulationCase> cases = java.util.Arrays.asList(
        sale(ANNA, "a1", "2026-03-02T10:00:00Z", usd("500.00")), null);
    assertThatThrownBy(() -> CommissionSimulation.compare(current, proposed,
        java.util.Collections.singletonList(null)))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("cases contains null at index 0");
    assertThatThrownBy(() -> CommissionSimulation.compare(current, proposed, cases))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("cases contains null at index 1");
    assertThatThrownBy(() -> CommissionSimulation.replay(current, proposed, cases))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("cases contains null at index 1");
  }

  @Test
  void simulationCase_creditOfAnotherAffiliate_isRejected() {
    Conversion sale = Sales.oneItem("serum", "SKIN_CARE", "10.00");

    assertThatThrownBy(() -> SimulationCase.of(sale, fullCredit("ben", sale), ANNA))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("credit affiliate 'ben' does not match context affiliate 'anna'");
  }

  /** Tiers of 10% from sale 1 and 20% from sale 3 of the month, for the whole period. */
  private static CommissionPlan.Builder wholePeriod() {
    return wholePeriodFromSale(3);
  }

  private static List<SimulationCase> threeSalesOfBenIn(String month) {
    return List.of(
        sale(BEN, month + "-b1", month + "-02T10:00:00Z", usd("100.00")),
        sale(BEN, month + "-b2", month + "-03T10:00:00Z", usd("100.00")),
        sale(BEN, month + "-b3", month + "-04T10:00:00Z", usd("100.00")));
  }

  @Test
  void replay_saleReachingATierForTheWholePeriod_paysTheEarlierSalesTheirTrueUp() {
    CommissionPlan flat = CommissionPlan.builder()
        .rule(CommissionRule.percentage("default", pct("10"))).build();

    SimulationReport report = CommissionSimulation.replay(flat, wholePeriod().build(),
        threeSalesOfBenIn("2026-03"));

    // 10%, 10%, then 20% on the third sale and 20% of USD 200.00 less USD 20.00 for the first
    // two: USD 60.00, 20% of all three.
    assertThat(report.outcomes()).extracting(outcome -> outcome.proposed().amount())
        .containsExactly(usd("10.00"), usd("10.00"), usd("20.00"));
    assertThat(report.outcomes()).extracting(SimulationReport.Outcome::proposedTrueUp)
        .containsExactly(usd("0.00"), usd("0.00"), usd("20.00"));
    assertThat(report.outcomes().get(2).proposedTotal()).isEqualTo(usd("40.00"));
    assertThat(report.outcomes().get(2).change()).isEqualTo(usd("30.00"));
    assertThat(report.total(CurrencyUnit.USD)).contains(new Difference(usd("30.00"),
        usd("60.00")));
    assertThat(report.affiliate("ben", CurrencyUnit.USD)).contains(new Difference(usd("30.00"),
        usd("60.00")));
  }

  @Test
  void replay_tierReachedByASaleOfAnotherRule_paysTheTieredSalesTheirTrueUpWithIt() {
    CommissionPlan serumTiers = CommissionPlan.builder().rule(CommissionRule.builder("tiers")
        .target(RuleTarget.categories("SKIN_CARE"))
        .payout(Payout.tieredBySales(Period.MONTH, TierMode.WHOLE_PERIOD,
            new Payout.SalesTier(1, pct("10")), new Payout.SalesTier(3, pct("20")))).build())
        .rule(CommissionRule.builder("bags").target(RuleTarget.categories("BAGS"))
            .percentage(pct("5")).build()).build();
    List<SimulationCase> cases = List.of(
        oneItemSale("b1", "2026-03-02T10:00:00Z", "serum", "SKIN_CARE"),
        oneItemSale("b2", "2026-03-03T10:00:00Z", "tote", "BAGS"),
        oneItemSale("b3", "2026-03-04T10:00:00Z", "tote", "BAGS"),
        oneItemSale("b4", "2026-03-05T10:00:00Z", "serum", "SKIN_CARE"));

    SimulationReport report = CommissionSimulation.replay(serumTiers, serumTiers, cases);

    // 10% of the first serum; 5% of each bag; the second bag is the month's third sale, so the
    // first serum is owed 20% of USD 100.00 less USD 10.00; the last serum earns 20%.
    assertThat(report.outcomes()).extracting(outcome -> outcome.current().amount())
        .containsExactly(usd("10.00"), usd("5.00"), usd("5.00"), usd("20.00"));
    assertThat(report.outcomes()).extracting(SimulationReport.Outcome::currentTrueUp)
        .containsExactly(usd("0.00"), usd("0.00"), usd("10.00"), usd("0.00"));
    assertThat(report.total(CurrencyUnit.USD)).contains(new Difference(usd("50.00"),
        usd("50.00")));
  }

  @Test
  void replay_tierReachedUnderACapPerConversion_leavesTheCappedSaleAtItsCap() {
    CommissionPlan flagship = CommissionPlan.builder().rule(CommissionRule.builder("tiers")
        .payout(Payout.tieredBySales(Period.MONTH, TierMode.WHOLE_PERIOD,
            new Payout.SalesTier(1, pct("15")), new Payout.SalesTier(51, pct("20")))).build())
        .capPerConversion(usd("200.00")).build();
    List<SimulationCase> cases = new java.util.ArrayList<>();
    cases.add(sale(BEN, "b0", "2026-03-01T10:00:00Z", usd("2000.00")));
    for (int i = 1; i <= 50; i++) {
      cases.add(sale(BEN, "b" + i, Instant.parse("2026-03-02T00:00:00Z").plusSeconds(600L * i)
          .toString(), usd("10.00")));
    }

    SimulationReport report = CommissionSimulation.replay(flagship, flagship, cases);

    // As AffiliateProgramTest works out: b0 earns its cap of USD 200.00 and is owed nothing at
    // 20%; the 49 small sales before sale 51 earned USD 73.50 and are owed 20% of USD 490.00
    // less that, USD 24.50. The month: USD 200.00 + 20% of USD 500.00 = USD 300.00.
    assertThat(report.outcomes().get(0).proposed().amount()).isEqualTo(usd("200.00"));
    assertThat(report.outcomes().get(50).proposedTrueUp()).isEqualTo(usd("24.50"));
    assertThat(report.outcomes().get(50).proposedTotal()).isEqualTo(usd("26.50"));
    assertThat(report.affiliate("ben", CurrencyUnit.USD))
        .contains(new Difference(usd("300.00"), usd("300.00")));
  }

  @Test
  void replay_creditShare_scalesTheCapOfTheEarlierSale() {
    CommissionPlan capped = wholePeriod().capPerConversion(usd("15.00")).build();
    List<SimulationCase> cases = new java.util.ArrayList<>();
    String[][] sales = {{"400.00", "200.00"}, {"20.00", "10.00"}, {"20.00", "10.00"}};
    for (int i = 0; i < sales.length; i++) {
      Conversion conversion = Conversion.builder("b" + i,
          Instant.parse("2026-03-0" + (i + 2) + "T10:00:00Z"), usd(sales[i][0]))
          .customerId("c-b" + i).build();
      cases.add(SimulationCase.of(conversion,
          Sales.credit("ben", conversion, "50%", sales[i][1]), BEN));
    }

    SimulationReport report = CommissionSimulation.replay(capped, capped, cases);

    // Half of each sale: 10% of USD 200.00 capped at 50% of USD 15.00 = USD 7.50, which 20% of
    // it passes too; USD 1.00 for the second, owed USD 1.00 more at 20%; USD 2.00 for the third.
    assertThat(report.outcomes()).extracting(outcome -> outcome.proposed().amount())
        .containsExactly(usd("7.50"), usd("1.00"), usd("2.00"));
    assertThat(report.outcomes()).extracting(SimulationReport.Outcome::proposedTrueUp)
        .containsExactly(usd("0.00"), usd("0.00"), usd("1.00"));
  }

  private static SimulationCase oneItemSale(String orderId, String instant, String product,
      String category) {
    Conversion conversion = Conversion.builder(orderId, Instant.parse(instant), usd("100.00"))
        .customerId("c-" + orderId)
        .lineItem(dev.affiliatekit.attribution.LineItem.of(product, category, 1, usd("100.00")))
        .build();
    return SimulationCase.of(conversion, fullCredit("ben", conversion), BEN);
  }

  @Test
  void replay_trueUps_leaveOutMilestoneBonuses_andRespectCapsPerPeriod() {
    CommissionPlan milestone = wholePeriod()
        .milestone(Milestone.of("second", Period.MONTH, 2, usd("5.00"))).build();
    CommissionPlan capped = wholePeriod().periodCap(Period.MONTH, usd("25.00")).build();

    SimulationReport report = CommissionSimulation.replay(milestone, capped,
        threeSalesOfBenIn("2026-03"));

    // With the bonus: 10 + (10 + 5) + 20 + a true-up of 20% of 200.00 - 20.00 = 65.00. Under a
    // month cap of 25.00: 10 + 10 + the 5.00 left, and nothing left for the true-up.
    assertThat(report.outcomes().get(2).currentTrueUp()).isEqualTo(usd("20.00"));
    assertThat(report.outcomes().get(2).proposedTrueUp()).isEqualTo(usd("0.00"));
    assertThat(report.total(CurrencyUnit.USD)).contains(new Difference(usd("65.00"),
        usd("25.00")));
  }

  @Test
  void replay_trueUpFiguresStartAgainEachPeriod() {
    List<SimulationCase> cases = new java.util.ArrayList<>(threeSalesOfBenIn("2026-04"));
    cases.addAll(threeSalesOfBenIn("2026-03"));

    SimulationReport report = CommissionSimulation.replay(wholePeriod().build(),
        wholePeriod().build(), cases);

    assertThat(report.outcomes()).extracting(SimulationReport.Outcome::currentTrueUp)
        .containsExactly(usd("0.00"), usd("0.00"), usd("20.00"), usd("0.00"), usd("0.00"),
            usd("20.00"));
    assertThat(report.total(CurrencyUnit.USD)).contains(new Difference(usd("120.00"),
        usd("120.00")));
  }

  @Test
  void compare_paysNoTrueUps() {
    SimulationCase third = threeSalesOfBenIn("2026-03").get(2);
    CommissionPlan plan = wholePeriod().build();
    // Recorded after two sales that earned USD 20.00 on USD 200.00.
    SimulationCase recorded = new SimulationCase(third.conversion(), third.credit(),
        CommissionContext.builder(BEN).performance(new PeriodPerformance(Period.MONTH,
            Instant.parse("2026-03-01T00:00:00Z"), Instant.parse("2026-04-01T00:00:00Z"), 2,
            usd("200.00"), usd("20.00"))).build());

    SimulationReport report = CommissionSimulation.compare(plan, plan, List.of(recorded));

    assertThat(report.outcomes().get(0).proposed().tiersReached()).hasSize(1);
    assertThat(report.outcomes().get(0).proposedTrueUp()).isEqualTo(usd("0.00"));
    assertThat(report.total(CurrencyUnit.USD)).contains(new Difference(usd("20.00"),
        usd("20.00")));
  }

  @Test
  void outcome_trueUpsMustBeInTheQuotesCurrencyAndNotNegative() {
    SimulationReport.Outcome outcome = CommissionSimulation.replay(wholePeriod().build(),
        wholePeriod().build(), threeSalesOfBenIn("2026-03")).outcomes().get(0);
    assertThat(new SimulationReport.Outcome(outcome.simulated(), outcome.current(),
        outcome.proposed())).isEqualTo(outcome);
    assertThatThrownBy(() -> new SimulationReport.Outcome(outcome.simulated(), outcome.current(),
        outcome.proposed(), usd("-0.01"), usd("0.00")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("outcome true-ups must not be negative: USD -0.01, USD 0.00");
    assertThatThrownBy(() -> new SimulationReport.Outcome(outcome.simulated(), outcome.current(),
        outcome.proposed(), usd("0.00"), usd("-0.01")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("outcome true-ups must not be negative: USD 0.00, USD -0.01");
    assertThatThrownBy(() -> new SimulationReport.Outcome(outcome.simulated(), outcome.current(),
        outcome.proposed(), usd("0.00"), Money.parse("EUR 0.00")))
        .isInstanceOf(dev.affiliatekit.money.CurrencyMismatchException.class);
    assertThatThrownBy(() -> new SimulationReport.Outcome(outcome.simulated(), outcome.current(),
        outcome.proposed(), Money.parse("EUR 0.00"), usd("0.00")))
        .isInstanceOf(dev.affiliatekit.money.CurrencyMismatchException.class)
        .hasMessage("outcome true-up must be in USD, the currency of its quote: EUR 0.00");
  }

  @Test
  void compare_creditedAffiliateEarningNothingUnderBothPlans_hasALineOfZeros() {
    CommissionPlan vipsOnly = CommissionPlan.builder().rule(CommissionRule.builder("vip")
        .target(RuleTarget.groups("vip")).percentage(pct("10")).build()).build();
    List<SimulationCase> cases = List.of(sale(BEN, "b1", "2026-03-02T10:00:00Z", usd("100.00")));

    SimulationReport report = CommissionSimulation.compare(vipsOnly, vipsOnly, cases);

    // Ben sold, so he is in the report, with nothing under either plan.
    Difference nothing = new Difference(usd("0.00"), usd("0.00"));
    assertThat(report.affiliates()).containsExactly(new AffiliateDifference("ben", nothing));
    assertThat(report.affiliates().get(0)).hasToString("ben: USD 0.00 -> USD 0.00 (+USD 0.00)");
    assertThat(report.affiliate("ben", CurrencyUnit.USD)).contains(nothing);
    assertThat(report.affiliate("ben", CurrencyUnit.EUR)).isEmpty();
    assertThat(report.affiliate("anna", CurrencyUnit.USD)).isEmpty();
    assertThat(report.describe()).isEqualTo("""
        ben: USD 0.00 -> USD 0.00 (+USD 0.00)
        total: USD 0.00 -> USD 0.00 (+USD 0.00)""");
  }

  @Test
  void emptyHistory_givesAnEmptyReport() {
    SimulationReport report = CommissionSimulation.replay(current, proposed, List.of());

    assertThat(report.outcomes()).isEmpty();
    assertThat(report.totals()).isEmpty();
    assertThat(report.describe()).isEmpty();
  }
}
