package dev.affiliatekit.program;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.affiliatekit.internal.Ids;
import dev.affiliatekit.internal.Texts;
import dev.affiliatekit.ledger.ReversalKind;
import dev.affiliatekit.money.Money;
import java.util.Locale;
import java.util.Optional;

/**
 * Money given back to a customer for an order, in full or in part: a refund the shop grants or a
 * chargeback the customer's bank forces. {@link AffiliateProgram#refund(Refund)} takes back the
 * same fraction of every commission the order earned.
 *
 * <pre>{@code
 * program.refund(Refund.partial("order-1001", "rma-7", Money.parse("USD 20.00"), "returned"));
 * program.refund(Refund.full("order-1002", "rma-8", "order cancelled"));
 * program.refund(Refund.chargeback("order-1003", "cb-2", "card reported stolen"));
 * }</pre>
 *
 * <p>Its idempotency key is {@code refund:<orderId>:<refundId>} for a refund and {@code
 * chargeback:<orderId>:<refundId>} for a chargeback, each id escaped: {@code %}, {@code /} and
 * {@code :} become {@code %25}, {@code %2F} and {@code %3A}, so that order {@code shop:1} refunded
 * by {@code r} has the key {@code refund:shop%3A1:r} and order {@code shop} refunded by {@code 1:r}
 * the key {@code refund:shop:1%3Ar}.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @param orderId the order
 * @param refundId the refund or chargeback, unique within the order
 * @param amount what the customer got back, positive; empty for all of the order not yet given
 *     back
 * @param kind refund or chargeback
 * @param reason why, one line of text; the ledger and the events keep the first 997 characters
 *     of a reason longer than 1,000, followed by {@code ...}
 */
public record Refund(String orderId, String refundId, Optional<Money> amount, ReversalKind kind,
    String reason) {

  /**
   * Validates the parts.
   *
   * @param orderId the order
   * @param refundId the refund or chargeback
   * @param amount what the customer got back, positive; empty for all of the rest
   * @param kind refund or chargeback
   * @param reason why, one line of text
   * @throws IllegalArgumentException if an id is not valid, the amount is not positive, or the
   *     reason is blank or has a control character, a line separator or an unpaired surrogate
   */
  public Refund {
    checkNotNull(kind, "kind");
    String subject = noun(kind);
    Ids.checkId(orderId, "orderId");
    Ids.checkId(refundId, subject + "Id");
    checkNotNull(amount, "amount");
    checkNotNull(reason, "reason");
    amount.ifPresent(value -> checkArgument(value.isPositive(),
        "%s amount must be positive: %s", subject, value));
    checkReason(subject, reason);
  }

  /** {@return "chargeback" or "refund", as messages name this one} */
  String noun() {
    return noun(kind);
  }

  private static String noun(ReversalKind kind) {
    return kind == ReversalKind.CHARGEBACK ? "chargeback" : "refund";
  }

  /** Checks that a reason is one line of text, naming the subject in the message. */
  static void checkReason(String subject, String reason) {
    checkNotNull(reason, "reason");
    if (reason.isBlank()) {
      throw new IllegalArgumentException(
          subject + " reason must not be blank: " + Texts.quote(reason));
    }
    Texts.checkLine(reason, subject + " reason");
  }

  /**
   * Returns a refund of all of the order that the customer has not yet got back.
   *
   * <p>For example, {@code Refund.full("order-1002", "rma-8", "order cancelled")}.
   *
   * @param orderId the order
   * @param refundId the refund
   * @param reason why
   * @return the refund
   * @throws IllegalArgumentException if an id or the reason is not valid
   */
  public static Refund full(String orderId, String refundId, String reason) {
    return new Refund(orderId, refundId, Optional.empty(), ReversalKind.REFUND, reason);
  }

  /**
   * Returns a refund of part of an order.
   *
   * <p>For example, {@code Refund.partial("order-1001", "rma-7", Money.parse("USD 20.00"), "serum
   * returned")} on an order of {@code USD 80.00} takes back a quarter of each commission.
   *
   * @param orderId the order
   * @param refundId the refund
   * @param amount what the customer got back, positive
   * @param reason why
   * @return the refund
   * @throws IllegalArgumentException if an id or the reason is not valid, or the amount is not
   *     positive
   */
  public static Refund partial(String orderId, String refundId, Money amount, String reason) {
    return new Refund(orderId, refundId, Optional.of(checkNotNull(amount, "amount")),
        ReversalKind.REFUND, reason);
  }

  /**
   * Returns a chargeback of all of the order that the customer has not yet got back.
   *
   * @param orderId the order
   * @param chargebackId the chargeback
   * @param reason why
   * @return the chargeback
   * @throws IllegalArgumentException if an id or the reason is not valid
   */
  public static Refund chargeback(String orderId, String chargebackId, String reason) {
    checkNotNull(orderId, "orderId");
    checkNotNull(chargebackId, "chargebackId");
    return new Refund(orderId, chargebackId, Optional.empty(), ReversalKind.CHARGEBACK, reason);
  }

  /** {@return whether this gives back all of the rest of the order} */
  public boolean isFull() {
    return amount.isEmpty();
  }

  /**
   * {@return the key the program runs it under, {@code refund:<orderId>:<refundId>} or {@code
   * chargeback:<orderId>:<refundId>}, with each id escaped, and shortened with a hash as every key
   * of the program is beyond 256 characters (see {@link AffiliateProgram})}
   */
  public String key() {
    return key(kind, orderId, refundId);
  }

  static String key(ReversalKind kind, String orderId, String refundId) {
    return Keys.fit(Keys.joined(kind.name().toLowerCase(Locale.ROOT), orderId, refundId));
  }
}
