package dev.affiliatekit.attribution;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.affiliatekit.internal.Elements;
import dev.affiliatekit.internal.Texts;
import dev.affiliatekit.money.CurrencyMismatchException;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

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
 * @param model the model in force, which divided the credit among touches (a coupon or a
 *     lifetime binding credits one affiliate alone)
 * @param credits one or more credits, one per affiliate
 * @param explanation which touches counted, which did not and why
 */
public record Attribution(Conversion conversion, AttributionModel model, List<Credit> credits,
    Explanation explanation) implements AttributionResult {

  /**
   * Validates the parts and copies the credits.
   *
   * @param conversion the conversion attributed
   * @param model the model in force, which divided the credit among touches (a coupon or a
   *     lifetime binding credits one affiliate alone)
   * @param credits one or more credits, one per affiliate
   * @param explanation which touches counted, which did not and why
   * @throws IllegalArgumentException if there are no credits, an affiliate appears twice, or the
   *     shares do not add up to 100% or the amounts to the total
   * @throws CurrencyMismatchException if a credit's amount is in another currency than the
   *     conversion; the message names the credit's affiliate and amount
   */
  public Attribution {
    checkNotNull(conversion, "conversion");
    checkNotNull(model, "model");
    credits = Elements.copyOf(credits, "credits");
    checkNotNull(explanation, "explanation");
    if (credits.isEmpty()) {
      throw new IllegalArgumentException(
          "attribution must have a credit: " + Texts.quote(conversion.orderId()));
    }
    for (Credit credit : credits) {
      checkCurrency(conversion, credit);
    }
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

  /** Rejects a credit in another currency than the conversion, naming its amount's field. */
  private static void checkCurrency(Conversion conversion, Credit credit) {
    if (!credit.amount().currency().equals(conversion.currency())) {
      throw new CurrencyMismatchException(conversion.currency(), credit.amount().currency(),
          "attribution credit amount of " + Texts.quote(credit.affiliateId()) + " must be in "
              + conversion.currency() + ", the conversion's currency: " + credit.amount());
    }
  }

  private static void checkSums(Conversion conversion, List<Credit> credits) {
    Rate shares = Rate.ZERO;
    Money amounts = Money.zero(conversion.currency());
    // A scan for a few credits; a set for many, so that checking them takes linear time.
    @Nullable Set<String> affiliates = credits.size() > 8 ? new HashSet<>() : null;
    for (int i = 0; i < credits.size(); i++) {
      Credit credit = credits.get(i);
      if (affiliates != null ? !affiliates.add(credit.affiliateId())
          : creditedBefore(credits, i)) {
        // Messages are built only when thrown: every attribution passes this check.
        throw new IllegalArgumentException("attribution must credit each affiliate once: "
            + Texts.quote(credit.affiliateId()));
      }
      try {
        shares = shares.plus(credit.share());
      } catch (IllegalArgumentException aboveOneHundredPercent) {
        throw new IllegalArgumentException("attribution shares must add up to 100%: "
            + sumOfShares(credits) + "%", aboveOneHundredPercent);
      }
      amounts = amounts.plus(credit.amount());
    }
    if (!shares.equals(Rate.ONE)) {
      throw new IllegalArgumentException(
          "attribution shares must add up to 100%: " + sumOfShares(credits) + "%");
    }
    checkArgument(amounts.equals(conversion.total()),
        "attribution amounts must add up to the total %s: %s", conversion.total(), amounts);
  }

  /** {@return whether a credit before the {@code i}th names its affiliate} */
  private static boolean creditedBefore(List<Credit> credits, int i) {
    String affiliateId = credits.get(i).affiliateId();
    for (int j = 0; j < i; j++) {
      if (credits.get(j).affiliateId().equals(affiliateId)) {
        return true;
      }
    }
    return false;
  }

  private static String sumOfShares(List<Credit> credits) {
    BigDecimal sum = BigDecimal.ZERO;
    for (Credit credit : credits) {
      sum = sum.add(credit.share().toPercent());
    }
    return sum.stripTrailingZeros().toPlainString();
  }

  /**
   * Divides an amount among the credits by their shares, so that the parts add up to exactly the
   * amount. Use it to split a commission computed on the whole conversion. The shares are
   * rounded to 10<sup>-18</sup>, so the parts of the total may differ by a minor unit from the
   * credits' own amounts, which the attributor divides by the model's weights themselves (see
   * {@link AttributionModel}): where the weights divide a minor unit exactly in two, at any
   * amount, the rounded shares may break the tie the other way (weights of 5 and 1 give {@code
   * USD 0.03} to the first credit, while the shares {@code 83.3333333333333333%} and {@code
   * 16.6666666666666667%} give {@code [USD 0.02, USD 0.01]}); and for amounts so large that a
   * step of 10<sup>-18</sup> is worth a minor unit or more.
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
    Rate[] shares = new Rate[credits.size()];
    for (int i = 0; i < shares.length; i++) {
      shares[i] = credits.get(i).share();
    }
    return amount.allocate(List.of(shares));
  }
}
