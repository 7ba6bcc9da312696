package dev.affiliatekit.attribution;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.affiliatekit.money.CurrencyMismatchException;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A conversion credited to one or more affiliates: the credits, the model that divided them, and
 * the explanation.
 *
 * <p>The credits' shares add up to exactly 100% and their amounts to exactly the conversion's
 * total; each affiliate appears at most once. Credits are listed in the chronological order of
 * each affiliate's first touch that the model weighed above zero (a coupon or binding gives a
 * single credit).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param conversion the conversion attributed
 * @param model the model that divided the credit
 * @param credits one or more credits, one per affiliate
 * @param explanation which touches counted, which did not and why
 */
public record Attribution(Conversion conversion, AttributionModel model, List<Credit> credits,
    Explanation explanation) implements AttributionResult {

  /**
   * Validates the parts and copies the credits.
   *
   * @param conversion the conversion attributed
   * @param model the model that divided the credit
   * @param credits one or more credits, one per affiliate
   * @param explanation which touches counted, which did not and why
   * @throws IllegalArgumentException if there are no credits, an affiliate appears twice, or the
   *     shares do not add up to 100% or the amounts to the total
   * @throws CurrencyMismatchException if a credit is in another currency than the conversion
   */
  public Attribution {
    checkNotNull(conversion, "conversion");
    checkNotNull(model, "model");
    credits = List.copyOf(checkNotNull(credits, "credits"));
    checkNotNull(explanation, "explanation");
    checkArgument(!credits.isEmpty(), "attribution must have a credit: %s", conversion.orderId());
    if (credits.size() == 1) {
      Credit only = credits.get(0);
      checkArgument(only.share().equals(Rate.ONE), "attribution shares must add up to 100%: %s",
          only.share());
      checkArgument(only.amount().equals(conversion.total()),
          "attribution amounts must add up to the total %s: %s", conversion.total(), only.amount());
    } else {
      checkSums(conversion, credits);
    }
  }

  private static void checkSums(Conversion conversion, List<Credit> credits) {
    Set<String> affiliates = new HashSet<>();
    BigDecimal shares = BigDecimal.ZERO;
    Money amounts = Money.zero(conversion.currency());
    for (Credit credit : credits) {
      checkArgument(affiliates.add(credit.affiliateId()),
          "attribution must credit each affiliate once: %s", credit.affiliateId());
      shares = shares.add(credit.share().toFraction());
      amounts = amounts.plus(credit.amount());
    }
    if (shares.compareTo(BigDecimal.ONE) != 0) {
      throw new IllegalArgumentException("attribution shares must add up to 100%: "
          + shares.movePointRight(2).toPlainString() + "%");
    }
    checkArgument(amounts.equals(conversion.total()),
        "attribution amounts must add up to the total %s: %s", conversion.total(), amounts);
  }

  /**
   * Divides an amount among the credits by their shares, so that the parts add up to exactly the
   * amount. Use it to split a commission computed on the whole conversion.
   *
   * <p>For example, with shares of {@code 50%} and {@code 50%}, {@code USD 0.05} becomes {@code
   * [USD 0.03, USD 0.02]}.
   *
   * @param amount the amount to divide
   * @return one part per credit, in the order of {@link #credits()}
   */
  public List<Money> allocate(Money amount) {
    checkNotNull(amount, "amount");
    if (credits.size() == 1) {
      return List.of(amount);
    }
    long[] weights = new long[credits.size()];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = credits.get(i).share().toFraction().movePointRight(Rate.MAX_SCALE)
          .longValueExact();
    }
    return amount.allocate(weights);
  }
}
