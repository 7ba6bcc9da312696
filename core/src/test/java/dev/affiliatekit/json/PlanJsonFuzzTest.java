package dev.affiliatekit.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.Credit;
import dev.affiliatekit.attribution.CreditBasis;
import dev.affiliatekit.attribution.CustomerType;
import dev.affiliatekit.attribution.LineItem;
import dev.affiliatekit.commission.AffiliateProfile;
import dev.affiliatekit.commission.CommissionContext;
import dev.affiliatekit.commission.CommissionPlan;
import dev.affiliatekit.commission.CommissionQuote;
import dev.affiliatekit.commission.Period;
import dev.affiliatekit.commission.PeriodPerformance;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Fuzzes the JSON plan loader: whatever the input, {@link PlanJson#parse(String)} either returns a
 * plan or throws {@link JsonFormatException}, never anything else; a plan it returns writes back to
 * an equal plan, and quotes a sale with only the exceptions {@link CommissionPlan#quote}
 * documents, with an explanation.
 *
 * <p>In CI this replays the inputs in {@code src/test/resources}, which start from the documented
 * example; to fuzz, run {@code JAZZER_FUZZ=1 mvn -pl core test -Dtest='PlanJsonFuzzTest#load'}.
 */
class PlanJsonFuzzTest {

  private static final Instant AT = Instant.parse("2026-03-15T10:00:00Z");
  private static final Conversion SALE = Conversion.builder("o1", AT, Money.parse("USD 73.30"))
      .customerId("c1").customerType(CustomerType.NEW).customerCountry("US")
      .lineItem(LineItem.of("serum", "SKIN_CARE", 2, Money.parse("USD 20.00")))
      .lineItem(LineItem.of("tote", "BAGS", 1, Money.parse("USD 30.00")))
      .discount(Money.parse("USD 7.00")).shipping(Money.parse("USD 4.99"))
      .tax(Money.parse("USD 5.31")).subscription("s1", 3, AT.minusSeconds(86_400L * 70)).build();
  private static final Credit CREDIT = new Credit("anna", Rate.parse("50%"),
      Money.parse("USD 36.65"), CreditBasis.TOUCHPOINTS, List.of());

  @FuzzTest(maxDuration = "60s")
  void load(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    CommissionPlan plan;
    try {
      plan = PlanJson.parse(text);
    } catch (JsonFormatException documented) {
      assertThat(documented.getMessage()).isNotBlank();
      return;
    }
    assertThat(PlanJson.parse(PlanJson.toJson(plan))).isEqualTo(plan);
    CommissionContext.Builder context = CommissionContext.builder(AffiliateProfile.builder("anna")
        .group("micro").followers(12_400).tags("vegan").parentId("ben").build());
    CurrencyUnit currency = plan.currency().orElse(CurrencyUnit.USD);
    for (Period period : plan.periods()) {
      context.performance(new PeriodPerformance(period, period.startOf(AT, plan.zone()),
          period.endOf(AT, plan.zone()), 41, Money.ofMinor(500_000, currency),
          Money.ofMinor(25_000, currency)));
    }
    CommissionQuote quote;
    try {
      quote = plan.quote(SALE, CREDIT, context.build());
    } catch (IllegalArgumentException | ArithmeticException documented) {
      return;
    }
    assertThat(quote.amount().isNegative()).isFalse();
    assertThat(quote.explanation()).isNotNull();
  }
}
