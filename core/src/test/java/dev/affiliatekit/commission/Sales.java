package dev.affiliatekit.commission;

import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.Credit;
import dev.affiliatekit.attribution.CreditBasis;
import dev.affiliatekit.attribution.LineItem;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import java.time.Instant;
import java.util.List;

/** Conversions, credits and contexts for the commission tests, with amounts checked by hand. */
final class Sales {

  static final Instant AT = Instant.parse("2026-03-15T10:00:00Z");
  static final Instant MONTH_START = Instant.parse("2026-03-01T00:00:00Z");
  static final Instant MONTH_END = Instant.parse("2026-04-01T00:00:00Z");
  static final AffiliateProfile ANNA = AffiliateProfile.builder("anna").group("micro")
      .followers(12_400).platform("instagram").country("DE").tags("skin", "vegan").build();

  private Sales() {}

  static Money usd(String amount) {
    return Money.parse("USD " + amount);
  }

  static Rate pct(String percent) {
    return Rate.parse(percent + "%");
  }

  static Conversion.Builder order(String orderId, String total) {
    return Conversion.builder(orderId, AT, usd(total)).customerId("customer-" + orderId);
  }

  static LineItem item(String productId, String category, String amount) {
    return LineItem.of(productId, category, 1, usd(amount));
  }

  /** {@return a conversion of one line item with nothing else} */
  static Conversion oneItem(String productId, String category, String amount) {
    return order("o-" + productId, amount).lineItem(item(productId, category, amount)).build();
  }

  static Credit fullCredit(String affiliateId, Conversion conversion) {
    return new Credit(affiliateId, Rate.ONE, conversion.total(), CreditBasis.TOUCHPOINTS,
        List.of());
  }

  static Credit credit(String affiliateId, Conversion conversion, String share, String amount) {
    return new Credit(affiliateId, Rate.parse(share), usd(amount), CreditBasis.TOUCHPOINTS,
        List.of());
  }

  static CommissionQuote quote(CommissionPlan plan, Conversion conversion) {
    return plan.quote(conversion, fullCredit(ANNA.affiliateId(), conversion),
        CommissionContext.of(ANNA));
  }

  static PeriodPerformance month(long sales, String revenue, String commissions) {
    return new PeriodPerformance(Period.MONTH, MONTH_START, MONTH_END, sales, usd(revenue),
        usd(commissions));
  }
}
