package dev.affiliatekit.program;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.affiliatekit.commission.TierReached;
import dev.affiliatekit.internal.Ids;
import dev.affiliatekit.money.CurrencyMismatchException;
import dev.affiliatekit.money.Money;
import java.math.BigDecimal;
import java.util.List;

/**
 * What a sale that lifted an affiliate into a higher tier of a whole-period tiered rule owes the
 * earlier sales of the period: the true-up of {@link TierReached}, which {@link
 * AffiliateProgram#recordConversion} accrues as a ledger item of its own, {@code
 * order:<orderId>/<affiliateId>/tier/<ruleId>}, if it is above zero.
 *
 * <p>For example, with tiers of 10% from sale 1 and 20% from sale 3, three sales of {@code USD
 * 100.00} in March earn {@code USD 10.00}, {@code USD 10.00} and {@code USD 20.00}; the third
 * reaches tier 2 and owes the two before it 20% of {@code USD 200.00}, {@code USD 40.00}, less the
 * {@code USD 20.00} they earned: a true-up of {@code USD 20.00}, which makes the month earn {@code
 * USD 60.00}. Its {@link #explanation()} reads:
 *
 * <pre>
 * tier 2 of rule tiers reached: 20% (from 10%) for the whole month; true-up of 2 earlier sales:
 * 20% of USD 200.00 = USD 40.00, less USD 20.00 earned = USD 20.00
 * </pre>
 *
 * <p>When caps per conversion hold earlier sales below the new rate, each is owed the new rate
 * only up to its limit under them (see {@link dev.affiliatekit.commission.CappedSale}, which
 * shares the room the plan's cap leaves among a sale's tiered portions), and the explanation
 * says so. With 15% rising to 20% from sale 51 and a cap of {@code USD 200.00} per conversion, a
 * first sale of {@code USD 2000.00} and 49 of {@code USD 10.00} earn {@code USD 273.50}, and sale
 * 51 owes them:
 *
 * <pre>
 * tier 2 of rule tiers reached: 20% (from 15%) for the whole month; true-up of 50 earlier sales:
 * 20% of USD 2490.00 = USD 498.00, USD 298.00 within the caps per conversion of 1 sale and no
 * less than each sale earned, less USD 273.50 earned = USD 24.50
 * </pre>
 *
 * <p>The bases are those the program keeps of each earlier sale: its credited base, rounded to
 * the minor unit with the plan's rounding mode. A sale credited in full has a base of whole
 * minor units, but a share of a sale may not, so when the bases hold such {@linkplain
 * #roundedShares() shares} the explanation says that each was rounded. Ten earlier sales of
 * {@code USD 100.01} credited at 50%, under a plan that rounds {@code DOWN}, each have a credited
 * base of {@code USD 50.005}, kept as {@code USD 50.00}, and at 20% are owed:
 *
 * <pre>
 * tier 2 of rule tiers reached: 20% (from 10%) for the whole month; true-up of 10 earlier sales:
 * 20% of USD 500.00 (their credited bases, each rounded DOWN to the minor unit) = USD 100.00,
 * less USD 50.00 earned = USD 50.00
 * </pre>
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param affiliateId the affiliate
 * @param itemKey the ledger item of the true-up, which holds it if its amount is above zero
 * @param tier the tier reached
 * @param earlierSales how many earlier sales of the period count toward the rule's figures (see
 *     {@link TierReached#counted})
 * @param earlierBases the sum of their credited bases, capped or not, each rounded to the minor
 *     unit with the plan's rounding mode
 * @param roundedShares whether some of those bases are shares of a sale's base, of a credit
 *     share below 100%, which rounding may have changed
 * @param earlierCommissions what they earned, without milestone bonuses, with earlier true-ups
 * @param cappedSales how many of them the caps per conversion hold below the new rate
 * @param due what they earn in all at the new rate, within their caps per conversion: {@link
 *     TierReached#due}
 * @param owed what the new rate owes them: {@code due} less {@code earlierCommissions}, never
 *     negative
 * @param amount what the plan grants of it within its caps per period, and the program accrues
 */
public record TierTrueUp(String affiliateId, String itemKey, TierReached tier, long earlierSales,
    Money earlierBases, boolean roundedShares, Money earlierCommissions, long cappedSales,
    Money due, Money owed, Money amount) {

  /**
   * Validates the parts.
   *
   * @param affiliateId the affiliate
   * @param itemKey the ledger item of the true-up
   * @param tier the tier reached
   * @param earlierSales how many earlier sales count, not negative
   * @param earlierBases the sum of their credited bases, not negative
   * @param roundedShares whether some of those bases are shares of a sale's base, each rounded
   * @param earlierCommissions what they earned, not negative
   * @param cappedSales how many of them the caps per conversion hold below the new rate, from
   *     zero to {@code earlierSales}
   * @param due what they earn in all at the new rate within their caps, not negative
   * @param owed what the new rate owes them: {@code due} less {@code earlierCommissions}, or zero
   *     if they earned at least {@code due}
   * @param amount what the plan grants of it, from zero to {@code owed}
   * @throws IllegalArgumentException if an id is not valid, a figure is negative, more sales are
   *     capped than counted, {@code owed} is not what {@code due} leaves, or the amount exceeds
   *     what is owed
   * @throws CurrencyMismatchException if the amounts differ in currency
   */
  public TierTrueUp {
    Ids.checkId(affiliateId, "affiliateId");
    Ids.checkId(itemKey, "itemKey");
    checkNotNull(tier, "tier");
    checkNotNull(earlierBases, "earlierBases");
    checkNotNull(earlierCommissions, "earlierCommissions");
    checkNotNull(due, "due");
    checkNotNull(owed, "owed");
    checkNotNull(amount, "amount");
    List<Money> figures = List.of(earlierCommissions, due, owed, amount);
    List<String> names = List.of("earlierCommissions", "due", "owed", "amount");
    for (int i = 0; i < figures.size(); i++) {
      Money figure = figures.get(i);
      if (!figure.currency().equals(earlierBases.currency())) {
        throw new CurrencyMismatchException(earlierBases.currency(), figure.currency(),
            "true-up " + names.get(i) + " must be in " + earlierBases.currency()
                + ", the currency of earlierBases: " + figure);
      }
    }
    checkArgument(earlierSales >= 0, "true-up earlierSales must not be negative: %s",
        earlierSales);
    checkArgument(cappedSales >= 0 && cappedSales <= earlierSales,
        "true-up cappedSales must be within [0, %s]: %s", earlierSales, cappedSales);
    checkArgument(!earlierBases.isNegative() && !earlierCommissions.isNegative()
        && !owed.isNegative(), "true-up figures must not be negative: %s, %s, %s", earlierBases,
        earlierCommissions, owed);
    checkArgument(!due.isNegative(), "true-up due must not be negative: %s", due);
    checkArgument(owed.equals(due.minus(earlierCommissions).max(Money.zero(due.currency()))),
        "true-up owed must be due %s less earlierCommissions %s, at least zero: %s", due,
        earlierCommissions, owed);
    checkArgument(!amount.isNegative() && !amount.isGreaterThan(owed),
        "true-up amount must be within [0, %s]: %s", owed, amount);
  }

  /**
   * Makes the true-up of earlier sales whose bases hold no {@linkplain #roundedShares() shares}
   * of a sale's base: each credited in full.
   *
   * @param affiliateId the affiliate
   * @param itemKey the ledger item of the true-up
   * @param tier the tier reached
   * @param earlierSales how many earlier sales count, not negative
   * @param earlierBases the sum of their credited bases, not negative
   * @param earlierCommissions what they earned, not negative
   * @param cappedSales how many of them the caps per conversion hold below the new rate, from
   *     zero to {@code earlierSales}
   * @param due what they earn in all at the new rate within their caps, not negative
   * @param owed what the new rate owes them: {@code due} less {@code earlierCommissions}, or zero
   *     if they earned at least {@code due}
   * @param amount what the plan grants of it, from zero to {@code owed}
   * @throws IllegalArgumentException if an id is not valid, a figure is negative, more sales are
   *     capped than counted, {@code owed} is not what {@code due} leaves, or the amount exceeds
   *     what is owed
   * @throws CurrencyMismatchException if the amounts differ in currency
   */
  public TierTrueUp(String affiliateId, String itemKey, TierReached tier, long earlierSales,
      Money earlierBases, Money earlierCommissions, long cappedSales, Money due, Money owed,
      Money amount) {
    this(affiliateId, itemKey, tier, earlierSales, earlierBases, false, earlierCommissions,
        cappedSales, due, owed, amount);
  }

  /**
   * Makes the true-up of earlier sales that no cap per conversion holds below the new rate, each
   * credited in full: no capped sales, no {@linkplain #roundedShares() shares}, and due the new
   * rate of their bases, rounded once.
   *
   * @param affiliateId the affiliate
   * @param itemKey the ledger item of the true-up
   * @param tier the tier reached
   * @param earlierSales how many earlier sales count, not negative
   * @param earlierBases the sum of their credited bases, not negative
   * @param earlierCommissions what they earned, not negative
   * @param owed what the new rate owes them: the new rate of {@code earlierBases} less {@code
   *     earlierCommissions}, or zero if they earned at least that
   * @param amount what the plan grants of it, from zero to {@code owed}
   * @throws IllegalArgumentException if an id is not valid, a figure is negative, {@code owed} is
   *     not what the new rate leaves, or the amount exceeds what is owed
   * @throws CurrencyMismatchException if the amounts differ in currency
   */
  public TierTrueUp(String affiliateId, String itemKey, TierReached tier, long earlierSales,
      Money earlierBases, Money earlierCommissions, Money owed, Money amount) {
    this(affiliateId, itemKey, tier, earlierSales, earlierBases, earlierCommissions, 0,
        checkNotNull(earlierBases, "earlierBases")
            .times(checkNotNull(tier, "tier").rate(), tier.rounding()),
        owed, amount);
  }

  /**
   * Returns how the true-up was computed, one line: the tier reached, the new rate of the earlier
   * sales' bases (with the rounding of each base, if they hold {@linkplain #roundedShares()
   * shares}; exact, and then rounded, if it needs rounding), what the caps per conversion
   * leave of it if they hold some of the sales, less what they earned, and, if the caps per
   * period cut it, to what.
   *
   * @return the explanation
   */
  public String explanation() {
    Money atNewRate = earlierBases.times(tier.rate(), tier.rounding());
    StringBuilder text = new StringBuilder(200).append(tier).append("; true-up of ")
        .append(earlierSales).append(earlierSales == 1 ? " earlier sale: " : " earlier sales: ")
        .append(tier.rate()).append(" of ").append(earlierBases);
    if (roundedShares) {
      // The program keeps each sale's base rounded: the sum is not that of the exact shares.
      text.append(" (their credited bases, each rounded ").append(tier.rounding())
          .append(" to the minor unit)");
    }
    text.append(" = ");
    BigDecimal exact = tier.rate().toFraction().multiply(earlierBases.amount());
    if (exact.compareTo(atNewRate.amount()) == 0) {
      text.append(atNewRate);
    } else {
      // Shown exact, then as rounded: the rate of the bases is rarely a whole amount.
      BigDecimal shown = exact.stripTrailingZeros();
      shown = shown.setScale(Math.max(shown.scale(), atNewRate.currency().scale()));
      text.append(atNewRate.currency().code()).append(' ').append(shown.toPlainString())
          .append(", rounded ").append(tier.rounding()).append(" to ").append(atNewRate);
    }
    if (!due.equals(atNewRate)) {
      text.append(", ").append(due);
      if (cappedSales > 0) {
        // Each sale is due the new rate up to its cap, or what it earned if that is more, as
        // through a minimum.
        text.append(" within the caps per conversion of ").append(cappedSales)
            .append(cappedSales == 1 ? " sale" : " sales")
            .append(" and no less than each sale earned");
      } else {
        // A capped sale that earned more than the new rate gives, through a minimum or a lower
        // rate of an earlier tier, is due what it earned.
        text.append(" with what sales earned above it");
      }
    }
    text.append(", less ").append(earlierCommissions).append(" earned");
    if (earlierCommissions.isGreaterThan(due)) {
      // They earned more, through minimums per rule, than the new rate gives: nothing is owed.
      text.append(" = ").append(due.minus(earlierCommissions)).append(", so ").append(owed)
          .append(" is owed");
    } else {
      text.append(" = ").append(owed);
    }
    if (amount.isLessThan(owed)) {
      text.append("; cut to ").append(amount).append(" by the caps per period");
    }
    return text.toString();
  }
}
