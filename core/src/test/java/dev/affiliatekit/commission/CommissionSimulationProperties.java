package dev.affiliatekit.commission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.Credit;
import dev.affiliatekit.attribution.CreditBasis;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import dev.affiliatekit.testing.CommissionArbitraries;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class CommissionSimulationProperties {

  private static final Instant MARCH = Instant.parse("2026-03-01T00:00:00Z");
  private static final List<CurrencyUnit> CURRENCIES = List.of(CurrencyUnit.USD, CurrencyUnit.EUR);
  private static final List<AffiliateProfile> AFFILIATES = List.of(
      AffiliateProfile.builder("anna").parentId("ben").build(), AffiliateProfile.of("ben"));

  /** Plans that name no amount, so that they quote any currency, and that count a period. */
  @Provide
  Arbitrary<CommissionPlan> plans() {
    Arbitrary<Payout> payouts = Combinators.combine(Arbitraries.of(Period.DAY, Period.MONTH),
        Arbitraries.of(TierMode.class), CommissionArbitraries.rates(),
        CommissionArbitraries.rates(), Arbitraries.longs().between(2, 4))
        .as((period, mode, first, later, from) -> Payout.tieredBySales(period, mode,
            new Payout.SalesTier(1, mode == TierMode.WHOLE_PERIOD && later.compareTo(first) < 0
                ? later : first),
            new Payout.SalesTier(from, mode == TierMode.WHOLE_PERIOD && later.compareTo(first) < 0
                ? first : later)));
    return Combinators.combine(payouts, CommissionArbitraries.rates().list().ofMaxSize(1))
        .as((payout, overrides) -> CommissionPlan.builder()
            .rule(CommissionRule.builder("tiers").payout(payout).build())
            .overrideRates(overrides)
            .build());
  }

  /** Sales of two affiliates in March 2026, in USD and EUR, some with a recorded month. */
  @Provide
  Arbitrary<List<SimulationCase>> mixedCases() {
    Arbitrary<SimulationCase> sale = Combinators.combine(Arbitraries.of(AFFILIATES),
        Arbitraries.of(CURRENCIES), Arbitraries.longs().between(0, 30L * 24 * 4 - 1),
        Arbitraries.longs().between(0, 50_000), Arbitraries.longs().between(0, 5).injectNull(0.7))
        .as((affiliate, currency, quarterHours, minor, recordedSales) -> {
          Money total = Money.ofMinor(minor, currency);
          Conversion conversion = Conversion.builder("o-" + quarterHours + "-" + minor,
              MARCH.plus(Duration.ofMinutes(15 * quarterHours)), total).customerId("c").build();
          Credit credit = new Credit(affiliate.affiliateId(), Rate.ONE, total,
              CreditBasis.TOUCHPOINTS, List.of());
          CommissionContext.Builder context = CommissionContext.builder(affiliate);
          if (recordedSales != null) {
            // What the host recorded for March, always in USD.
            context.performance(new PeriodPerformance(Period.MONTH, MARCH,
                Instant.parse("2026-04-01T00:00:00Z"), recordedSales,
                Money.ofMinor(recordedSales * 10_000, CurrencyUnit.USD), Money.zero(CurrencyUnit.USD)));
          }
          return new SimulationCase(conversion, credit, context.build());
        });
    return sale.list().ofMinSize(1).ofMaxSize(12);
  }

  /**
   * An affiliate's sales in one currency never count toward her performance in another, so a
   * replay of sales in two currencies prices each sale as the replay of its currency's sales alone
   * does, and its totals per currency are theirs.
   */
  @Property
  void replay_ofMixedCurrencies_pricesEachSaleAsItsCurrencyAlone(
      @ForAll("plans") CommissionPlan current, @ForAll("plans") CommissionPlan proposed,
      @ForAll("mixedCases") List<SimulationCase> cases) {
    SimulationReport mixed = CommissionSimulation.replay(current, proposed, cases);

    for (CurrencyUnit currency : CURRENCIES) {
      List<SimulationCase> alone = cases.stream()
          .filter(simulated -> simulated.conversion().currency().equals(currency)).toList();
      SimulationReport separate = CommissionSimulation.replay(current, proposed, alone);

      assertThat(mixed.outcomes())
          .filteredOn(outcome -> outcome.simulated().conversion().currency().equals(currency))
          .containsExactlyElementsOf(separate.outcomes());
      assertThat(mixed.total(currency)).isEqualTo(separate.total(currency));
      for (AffiliateProfile affiliate : AFFILIATES) {
        assertThat(mixed.affiliate(affiliate.affiliateId(), currency))
            .isEqualTo(separate.affiliate(affiliate.affiliateId(), currency));
      }
    }
  }
}
