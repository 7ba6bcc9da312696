package dev.affiliatekit.commission;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;
import static dev.affiliatekit.internal.Ids.checkId;

import dev.affiliatekit.internal.Texts;
import dev.affiliatekit.money.CurrencyMismatchException;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * What a parent affiliate earns on a commission of an affiliate below it: a share of what the
 * earner earns on the sale, by the parent's level above the earner. What the earner earns is the
 * quote's {@link CommissionQuote#amount() amount}: its commission and any milestone bonus, which
 * the explanation calls the earner's commission.
 *
 * <p>The override is paid on top of the earner's commission, not taken out of it, and rounded once
 * with the plan's rounding mode. For example, with override rates {@code 10%, 5%}, a commission of
 * {@code USD 6.00} for Anna pays her parent Ben {@code USD 0.60} (level 1) and Ben's parent Carla
 * {@code USD 0.30} (level 2). Had the sale also won Anna a milestone bonus of {@code USD 20.00},
 * Ben would earn 10% of {@code USD 26.00}, {@code USD 2.60}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param affiliateId the parent who earns the override
 * @param level how many levels above the earner the parent is: 1 for its parent
 * @param fromAffiliateId the affiliate whose commission the override is on
 * @param rate the override rate of the level
 * @param commission what the earner earns on the sale, with its milestone bonus: the quote's
 *     {@link CommissionQuote#amount() amount}
 * @param amount the override, positive
 */
public record OverrideQuote(String affiliateId, int level, String fromAffiliateId, Rate rate,
    Money commission, Money amount) {

  /**
   * Validates the parts.
   *
   * @param affiliateId the parent who earns the override
   * @param level how many levels above the earner the parent is, at least 1
   * @param fromAffiliateId the affiliate whose commission the override is on
   * @param rate the override rate of the level
   * @param commission what the earner earns on the sale, with its milestone bonus: the quote's
   *     {@link CommissionQuote#amount() amount}
   * @param amount the override, positive
   * @throws IllegalArgumentException if an id is not valid, the parent is the earner, the level
   *     is less than 1, or the amount is not positive or not the rate of the commission rounded
   *     one way or the other
   * @throws CurrencyMismatchException if the amounts differ in currency
   */
  public OverrideQuote {
    checkNotNull(affiliateId, "affiliateId");
    checkNotNull(fromAffiliateId, "fromAffiliateId");
    checkNotNull(rate, "rate");
    checkNotNull(commission, "commission");
    checkNotNull(amount, "amount");
    checkId(affiliateId, "override affiliateId");
    checkId(fromAffiliateId, "override fromAffiliateId");
    checkArgument(level >= 1, "override level must be at least 1: %s", level);
    if (!amount.currency().equals(commission.currency())) {
      throw new CurrencyMismatchException(commission.currency(), amount.currency(), "override "
          + "amount must be in " + commission.currency() + ", the currency of the commission: "
          + amount);
    }
    checkArgument(amount.isPositive(), "override amount must be positive: %s", amount);
    if (affiliateId.equals(fromAffiliateId)) {
      throw new IllegalArgumentException(
          "override affiliateId must not be the earner's own: " + Texts.quote(affiliateId));
    }
    // Under any rounding mode the amount lies between the product rounded down and rounded up.
    checkArgument(!amount.isLessThan(commission.times(rate, RoundingMode.FLOOR))
            && !amount.isGreaterThan(commission.times(rate, RoundingMode.CEILING)),
        "override amount must be the rate of the commission, rounded: %s of %s is not %s", rate,
        commission, amount);
  }

  /**
   * Returns how the override was computed, such as {@code override level 1 for ben on anna's
   * commission: 10% of USD 6.00 = USD 0.60}; a product that needs rounding is shown exact, and
   * then as rounded ({@code 10% of USD 0.25 = USD 0.025, rounded to USD 0.02}).
   *
   * @return the explanation, one line
   */
  public String explanation() {
    BigDecimal exact = rate.toFraction().multiply(commission.amount());
    String product = exact.compareTo(amount.amount()) == 0 ? amount.toString()
        : Formats.money(exact, amount.currency()) + ", rounded to " + amount;
    return "override level " + level + " for " + affiliateId + " on " + fromAffiliateId
        + "'s commission: " + rate + " of " + commission + " = " + product;
  }
}
