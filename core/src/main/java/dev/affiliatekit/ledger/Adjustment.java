package dev.affiliatekit.ledger;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.affiliatekit.internal.Ids;
import dev.affiliatekit.money.Money;

/**
 * A manual change to an affiliate's payable balance, with its reason: a bonus (positive) or a
 * correction (negative).
 *
 * <p>For example, {@code new Adjustment("jane", Money.parse("USD 25.00"), "launch bonus")}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param affiliateId the affiliate
 * @param amount the change, positive or negative, not zero
 * @param reason why, one line of text; mandatory
 */
public record Adjustment(String affiliateId, Money amount, String reason) implements Posting {

  /**
   * Creates an adjustment.
   *
   * @param affiliateId the affiliate
   * @param amount the change, positive or negative, not zero
   * @param reason why, one line of text; mandatory
   * @throws IllegalArgumentException if the amount is zero or the most negative amount, the id is
   *     not valid, or the reason is blank, longer than 1000 characters or has a control
   *     character or line separator
   */
  public Adjustment {
    Checks.id(affiliateId, "affiliateId");
    checkNotNull(amount, "amount");
    checkArgument(!amount.isZero(), "adjustment amount must not be zero: %s", amount);
    // The business's side books the amount negated: the most negative amount has no such twin.
    checkArgument(amount.minorUnits() != Long.MIN_VALUE, "adjustment amount is out of range: %s",
        amount);
    Checks.text(reason, "reason");
  }

  @Override
  public String description() {
    return "adjustment of " + amount + " for " + Ids.quote(affiliateId) + ": " + reason;
  }
}
