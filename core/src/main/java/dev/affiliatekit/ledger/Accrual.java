package dev.affiliatekit.ledger;

import static com.google.common.base.Preconditions.checkNotNull;

import dev.affiliatekit.internal.Ids;
import dev.affiliatekit.money.Money;
import java.time.Instant;

/**
 * A commission earned and held: it books the amount to the affiliate's pending account until the
 * hold ends, and then a {@link Release} makes it payable.
 *
 * <p>The hold is the refund window: for example, a sale on 1 March with a 30-day return policy is
 * held until 31 March, and {@code release(asOf)} makes it payable for any {@code asOf} from that
 * instant on. The order id and the quote reference tie the amount to the sale and to the commission
 * calculation that produced it; the explanation is its human-readable reason, such as {@code 10% of
 * USD 50.00 (rule 'spring-promo')}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param affiliateId the affiliate who earned the commission
 * @param amount the commission, positive
 * @param holdUntil the instant from which it may be released
 * @param orderId the order that earned it
 * @param quoteReference the commission quote or rule that computed it
 * @param explanation how it was computed, one line of text
 */
public record Accrual(String affiliateId, Money amount, Instant holdUntil, String orderId,
    String quoteReference, String explanation) implements Posting {

  /**
   * Creates an accrual.
   *
   * @param affiliateId the affiliate who earned the commission
   * @param amount the commission, positive
   * @param holdUntil the instant from which it may be released
   * @param orderId the order that earned it
   * @param quoteReference the commission quote or rule that computed it
   * @param explanation how it was computed, one line of text
   * @throws IllegalArgumentException if the amount is not positive, an id is not valid, or the
   *     explanation is blank, longer than 1000 characters or has a control character or
   *     line separator
   */
  public Accrual {
    Checks.id(affiliateId, "affiliateId");
    Checks.positive(amount, "accrual amount");
    checkNotNull(holdUntil, "holdUntil");
    Checks.id(orderId, "orderId");
    Checks.id(quoteReference, "quoteReference");
    Checks.text(explanation, "explanation");
  }

  @Override
  public String description() {
    return "accrual of " + amount + " for " + Ids.quote(affiliateId) + " on order "
        + Ids.quote(orderId) + " held until " + holdUntil;
  }
}
