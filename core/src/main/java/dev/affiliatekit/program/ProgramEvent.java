package dev.affiliatekit.program;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.affiliatekit.ledger.AccountKind;
import dev.affiliatekit.ledger.PayoutBatch;
import dev.affiliatekit.ledger.ReversalKind;
import dev.affiliatekit.ledger.Transaction;
import dev.affiliatekit.money.Money;

/**
 * Something that happened in an {@link AffiliateProgram}, as told to its {@link
 * ProgramListener}s. A retried operation that changes nothing tells nothing again.
 *
 * <p>Instances are immutable and thread-safe.
 */
public sealed interface ProgramEvent {

  /** {@return the idempotency key of the operation that caused the event} */
  String key();

  /**
   * An affiliate joined the program.
   *
   * @param key the idempotency key of the enrollment
   * @param enrollment the affiliate's profile and codes
   */
  record AffiliateEnrolled(String key, Enrollment enrollment) implements ProgramEvent {
    /**
     * Creates the event.
     *
     * @param key the idempotency key of the enrollment
     * @param enrollment the affiliate's profile and codes
     */
    public AffiliateEnrolled {
      checkNotNull(key, "key");
      checkNotNull(enrollment, "enrollment");
    }
  }

  /**
   * An affiliate earned a commission, held until the refund window closes.
   *
   * <p>A commission of zero, which a plan that {@linkplain
   * dev.affiliatekit.commission.CommissionPlan#recordsZero() records zero commissions} reports
   * this way, is in no ledger item: the ledger holds no zero amounts, so nothing is held,
   * released, refunded or paid for it, and its explanation says why it is zero.
   *
   * @param key the idempotency key of the conversion, such as {@code order:1001}
   * @param affiliateId the affiliate
   * @param orderId the order
   * @param itemKey the ledger item of the commission; for a commission of zero, the key the item
   *     would have had
   * @param amount the commission, positive, or zero if the plan records zero commissions
   * @param explanation how it was computed: the quote's explanation on one line, as the ledger
   *     keeps it; of one longer than 1,000 characters, its start and its end, where its caps
   *     and amount are, with {@code " ... "} between (1,000 characters in all, or 999 where the
   *     cut before its end would split a surrogate pair)
   */
  record CommissionAccrued(String key, String affiliateId, String orderId, String itemKey,
      Money amount, String explanation) implements ProgramEvent {
    /**
     * Creates the event.
     *
     * @param key the idempotency key of the conversion
     * @param affiliateId the affiliate
     * @param orderId the order
     * @param itemKey the ledger item of the commission
     * @param amount the commission
     * @param explanation how it was computed
     * @throws IllegalArgumentException if the amount is negative
     */
    public CommissionAccrued {
      checkNotNull(key, "key");
      checkNotNull(affiliateId, "affiliateId");
      checkNotNull(orderId, "orderId");
      checkNotNull(itemKey, "itemKey");
      checkNotNull(amount, "amount");
      checkAmount("commission accrued", amount, true);
      checkNotNull(explanation, "explanation");
    }
  }

  /**
   * A refund or chargeback took back all or part of a commission.
   *
   * @param key the idempotency key of the refund, such as {@code refund:1001:r1}
   * @param affiliateId the affiliate
   * @param orderId the order
   * @param itemKey the ledger item of the commission
   * @param amount the amount taken back, positive
   * @param kind refund or chargeback
   * @param reason why
   */
  record CommissionReversed(String key, String affiliateId, String orderId, String itemKey,
      Money amount, ReversalKind kind, String reason) implements ProgramEvent {
    /**
     * Creates the event.
     *
     * @param key the idempotency key of the refund
     * @param affiliateId the affiliate
     * @param orderId the order
     * @param itemKey the ledger item of the commission
     * @param amount the amount taken back, positive
     * @param kind refund or chargeback
     * @param reason why
     * @throws IllegalArgumentException if the amount is not positive
     */
    public CommissionReversed {
      checkNotNull(key, "key");
      checkNotNull(affiliateId, "affiliateId");
      checkNotNull(orderId, "orderId");
      checkNotNull(itemKey, "itemKey");
      checkNotNull(amount, "amount");
      checkAmount("commission reversed", amount, false);
      checkNotNull(kind, "kind");
      checkNotNull(reason, "reason");
    }
  }

  /**
   * A commission that a chargeback took back was given back, because the business won the
   * dispute. The amount goes where the commission stands, which {@link #account()} names: to the
   * affiliate's pending balance while its item is held, and to payable once a release made after
   * its accrual has passed its hold end, even one that released nothing of the item, as when a
   * chargeback had taken all of it back. A host that keeps balances from the events alone, or from
   * their JSON, so places it without the ledger.
   *
   * @param key the idempotency key, such as {@code chargeback-won:1001:cb-1}
   * @param affiliateId the affiliate
   * @param orderId the order
   * @param itemKey the ledger item of the commission
   * @param amount the amount given back, positive
   * @param account where the amount went: {@link AccountKind#PENDING} or {@link
   *     AccountKind#PAYABLE}
   * @param reason why
   */
  record CommissionReinstated(String key, String affiliateId, String orderId, String itemKey,
      Money amount, AccountKind account, String reason) implements ProgramEvent {
    /**
     * Creates the event.
     *
     * @param key the idempotency key
     * @param affiliateId the affiliate
     * @param orderId the order
     * @param itemKey the ledger item of the commission
     * @param amount the amount given back, positive
     * @param account where the amount went, pending or payable
     * @param reason why
     * @throws IllegalArgumentException if the amount is not positive, or the account is neither
     *     pending nor payable
     */
    public CommissionReinstated {
      checkNotNull(key, "key");
      checkNotNull(affiliateId, "affiliateId");
      checkNotNull(orderId, "orderId");
      checkNotNull(itemKey, "itemKey");
      checkNotNull(amount, "amount");
      checkAmount("commission reinstated", amount, false);
      checkNotNull(account, "account");
      checkArgument(account == AccountKind.PENDING || account == AccountKind.PAYABLE,
          "commission reinstated account must be PENDING or PAYABLE: %s", account);
      checkNotNull(reason, "reason");
    }
  }

  /**
   * A held commission became payable because its hold ended.
   *
   * @param key the idempotency key of the release
   * @param affiliateId the affiliate
   * @param itemKey the ledger item of the commission
   * @param amount the amount that became payable
   */
  record CommissionReleased(String key, String affiliateId, String itemKey, Money amount)
      implements ProgramEvent {
    /**
     * Creates the event.
     *
     * @param key the idempotency key of the release
     * @param affiliateId the affiliate
     * @param itemKey the ledger item of the commission
     * @param amount the amount that became payable
     * @throws IllegalArgumentException if the amount is not positive
     */
    public CommissionReleased {
      checkNotNull(key, "key");
      checkNotNull(affiliateId, "affiliateId");
      checkNotNull(itemKey, "itemKey");
      checkNotNull(amount, "amount");
      checkAmount("commission released", amount, false);
    }
  }

  /**
   * A payout run moved payable balances into payout clearing.
   *
   * @param key the idempotency key of the run, which is the batch's key
   * @param batch the batch, one line per affiliate and currency paid
   */
  record PayoutPrepared(String key, PayoutBatch batch) implements ProgramEvent {
    /**
     * Creates the event.
     *
     * @param key the idempotency key of the run
     * @param batch the batch
     */
    public PayoutPrepared {
      checkNotNull(key, "key");
      checkNotNull(batch, "batch");
    }
  }

  /**
   * Lines of a payout batch were paid.
   *
   * @param key the idempotency key of the settlement
   * @param batchKey the batch
   * @param transaction the ledger transaction, one pair of entries per line
   */
  record PayoutSettled(String key, String batchKey, Transaction transaction)
      implements ProgramEvent {
    /**
     * Creates the event.
     *
     * @param key the idempotency key of the settlement
     * @param batchKey the batch
     * @param transaction the ledger transaction
     */
    public PayoutSettled {
      checkNotNull(key, "key");
      checkNotNull(batchKey, "batchKey");
      checkNotNull(transaction, "transaction");
    }
  }

  /**
   * Lines of a payout batch were not paid and went back to payable.
   *
   * @param key the idempotency key of the failure
   * @param batchKey the batch
   * @param reason why
   * @param transaction the ledger transaction, one pair of entries per line
   */
  record PayoutFailed(String key, String batchKey, String reason, Transaction transaction)
      implements ProgramEvent {
    /**
     * Creates the event.
     *
     * @param key the idempotency key of the failure
     * @param batchKey the batch
     * @param reason why
     * @param transaction the ledger transaction
     */
    public PayoutFailed {
      checkNotNull(key, "key");
      checkNotNull(batchKey, "batchKey");
      checkNotNull(reason, "reason");
      checkNotNull(transaction, "transaction");
    }
  }

  /** Rejects an event's amount that is negative, or zero where the event needs a positive one. */
  private static void checkAmount(String event, Money amount, boolean zeroAllowed) {
    if (amount.isNegative() || (!zeroAllowed && amount.isZero())) {
      throw new IllegalArgumentException(event + " amount must be "
          + (zeroAllowed ? "zero or positive" : "positive") + ": " + amount);
    }
  }
}
