package dev.affiliatekit.ledger;

import static com.google.common.base.Preconditions.checkNotNull;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.affiliatekit.money.CurrencyMismatchException;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The payout ledger: a double-entry journal of what the business owes each affiliate.
 *
 * <pre>{@code
 * Ledger ledger = Ledger.inMemory(clock);
 * ledger.accrue("order-1/jane", new Accrual("jane", Money.parse("USD 5.00"),
 *     saleTime.plus(Duration.ofDays(30)), "order-1", "quote-1", "10% of USD 50.00"));
 * // A retry repeats the request: keep each instant with its key.
 * Instant releasedAsOf = clock.instant();
 * ledger.release("release-2026-04-01", releasedAsOf);      // held items whose hold ended
 * Instant cutOff = clock.instant();
 * PayoutBatch batch = ledger.prepare("payout-2026-04", cutOff,
 *     PayoutRules.minimums(Money.parse("USD 50.00")));
 * ledger.settle("payout-2026-04/paid", batch.key());
 * ledger.balances("jane", USD);                              // pending, payable, clearing, paid
 * }</pre>
 *
 * <p><b>Postings.</b> Every posting takes a caller-supplied idempotency key, which becomes the key
 * of its {@link Transaction}. The same key with an equal request returns the original result and
 * changes nothing, so a caller may retry freely; the same key with a different request throws
 * {@link IdempotencyConflictException}. The in-memory ledgers place keys and orders by their {@link
 * String#hashCode()} mixed with a secret key, and keep keys of one hash code, which anyone can
 * make, past the first eight in a {@link java.util.HashMap}, which orders them: n keys made to
 * collide take time in n log n. A rejected posting throws and changes nothing. Each transaction's
 * entries balance per currency, and no transaction is ever changed: corrections are new
 * transactions that point at what they correct. A posting that would take a balance, or the total
 * of a kind of account in a currency, beyond ±{@code Long.MAX_VALUE} minor units (what a {@code
 * long} holds, less {@code Long.MIN_VALUE}, whose negation it does not) throws {@link
 * ArithmeticException}, so that every balance and total the ledger reports is exact, and so is its
 * negation. A ledger keeps one unit per currency code: a custom unit that overrides an ISO
 * currency's scale may be its USD, but not beside ISO USD, since the two print alike and its
 * journal could not tell them apart.
 *
 * <p><b>Pending items.</b> An accrual creates a pending item under its key. It resolves at most
 * once: released when its hold ends, reversed in full while held, or voided; only what is given
 * back to an item reversed in full while held (a reinstatement or a correction, below) makes it
 * pending again. A reversal after release is a clawback from payable, which may go negative and is
 * carried into the next payout. A won chargeback is reinstated, and a correction gives back part of
 * what refunds took; neither makes an item stand at more than it accrued. What is given back to an
 * item still held goes back to pending and waits for the item's hold to end, so an item reversed in
 * full is pending again; once a release made after the item's accrual has passed its hold end, it
 * is payable at once.
 *
 * <p><b>Time.</b> Each transaction is stamped with the clock's instant, or with the previous
 * transaction's instant if the clock went back, so that the journal's times never decrease.
 * Balances {@code asOf} an instant count the transactions stamped at or before it.
 *
 * <p><b>Concurrency.</b> A ledger is thread-safe. One lock serialises postings and queries: a
 * posting is checked, appended to the store and applied to the balances as one step, so postings
 * from many threads form one sequence and none is lost or doubled. In memory an accrual is a few
 * hash-map operations under the lock, so the lock is rarely the bottleneck of a host that also
 * does I/O; queries over the current state take the same lock, and statements and queries {@code
 * asOf} an instant copy the affiliate's entries under it and add them up outside it (the business's
 * balance as of an instant scans a snapshot of the journal).
 *
 * <p><b>Storage.</b> The journal lives in a {@link LedgerStore}; the balances, items and batches
 * are derived from it in memory. {@link #open(LedgerStore, Clock)} rebuilds them by replaying the
 * journal, and checks every transaction against the rules while doing so; from then on it answers
 * idempotency checks from memory, so one ledger writes to a store. If the store fails while
 * appending, the posting either did not happen (and may be retried with the same key) or did, and
 * the ledger counts it once either way. Postings are logged through SLF4J at debug level.
 */
public interface Ledger {

  /**
   * Returns an empty ledger that keeps its journal in memory.
   *
   * @param clock the clock that stamps each transaction
   * @return the ledger
   */
  static Ledger inMemory(Clock clock) {
    return open(InMemoryLedgerStore.ownedByLedger(), clock);
  }

  /**
   * Returns a ledger over the given store, rebuilt from the journal the store already holds.
   *
   * @param store the store, empty or holding a journal written by a ledger
   * @param clock the clock that stamps each new transaction
   * @return the ledger
   * @throws IllegalStateException if the stored journal breaks the ledger's rules, naming the first
   *     transaction that does
   */
  static Ledger open(LedgerStore store, Clock clock) {
    checkNotNull(store, "store");
    checkNotNull(clock, "clock");
    try {
      return new JournalLedger(store, clock);
    } catch (IllegalArgumentException inconsistent) {
      throw new IllegalStateException(inconsistent.getMessage(), inconsistent);
    }
  }

  /**
   * Returns an in-memory ledger rebuilt from an exported journal, such as one read by {@code
   * JournalJson.read}; it has the same balances, items and batches as the ledger that wrote it.
   *
   * @param journal the transactions, in sequence order from 1
   * @param clock the clock that stamps each new transaction
   * @return the ledger
   * @throws IllegalArgumentException if the journal breaks the ledger's rules, naming the first
   *     transaction that does: a gap or repeat in the sequence, a repeated key, a time earlier than
   *     the transaction before, or entries other than those its posting books
   */
  static Ledger restore(List<Transaction> journal, Clock clock) {
    return JournalLedger.restore(journal, clock);
  }

  /**
   * Accrues a commission as pending, held until the accrual's {@code holdUntil}; the key becomes
   * the item's key.
   *
   * <p>For example, accruing {@code USD 5.00} for jane books {@code +USD 5.00} to her pending
   * account and {@code -USD 5.00} to commission expense.
   *
   * @param idempotencyKey the key of the posting and of the item
   * @param accrual the commission
   * @return the transaction
   * @throws IllegalArgumentException if the key is not valid: blank, longer than 256 characters,
   *     or with a control character
   * @throws IdempotencyConflictException if the key was used for a different posting
   * @throws CurrencyMismatchException if the ledger keeps another unit of the amount's currency
   *     code, such as ISO USD where the amount is in a custom USD of scale 3
   * @throws ArithmeticException if a balance, or the total of a kind of account in the currency,
   *     would overflow
   */
  @CanIgnoreReturnValue
  Transaction accrue(String idempotencyKey, Accrual accrual);

  /**
   * Releases every pending item whose hold ended at or before {@code asOf}: what is still pending
   * of each moves to payable.
   *
   * <p>For example, with items held until 31 March and 2 April, a release as of 1 April releases
   * the first only; the transaction has no entries if no hold has ended.
   *
   * @param idempotencyKey the key of the posting
   * @param asOf the instant, not after the one the release is stamped with: the clock's, or the
   *     latest posting's if the clock went back before it (see the class's note on time)
   * @return the transaction, with two entries per released item
   * @throws IllegalArgumentException if {@code asOf} is after the instant the release is stamped
   *     with
   * @throws IdempotencyConflictException if the key was used for a different posting
   * @throws ArithmeticException if a balance, or the total of a kind of account in the currency,
   *     would overflow
   */
  @CanIgnoreReturnValue
  Transaction release(String idempotencyKey, Instant asOf);

  /**
   * Reverses all or part of an accrued item, on a refund or chargeback.
   *
   * <p>While the item is held, the amount comes out of pending; after release it comes out of
   * payable as a clawback, which may make payable negative. For example, reversing {@code USD
   * 2.00} of a held {@code USD 5.00} item leaves {@code USD 3.00} pending; reversing it in full
   * resolves the item.
   *
   * <p>A {@linkplain Reversal#correction correction} gives back instead, as a {@linkplain
   * #reinstate reinstatement} does: to pending while the item is held, to payable after. It counts
   * as reinstated in the item, and may give back up to what the item has lost to reversals, net
   * of what was given back.
   *
   * @param idempotencyKey the key of the posting
   * @param reversal the item, amount, kind and reason
   * @return the transaction
   * @throws IllegalArgumentException if the item is unknown, or a correction gives back more than
   *     the item has lost
   * @throws AlreadyResolvedException if the item is voided, or, for a refund or chargeback, if
   *     nothing of it is outstanding any more, reversed in full (a correction may still give back
   *     to such an item)
   * @throws ExcessAmountException if the amount exceeds what the item still stands at
   * @throws CurrencyMismatchException if the amount is not in the item's currency
   * @throws IdempotencyConflictException if the key was used for a different posting
   * @throws ArithmeticException if a balance, or the total of a kind of account in the currency,
   *     would overflow, or the reversals of the item would add up to more than a {@code long} of
   *     minor units, as a chargeback reversed and won back over and over may, or a full one won
   *     once for an item of more than half that; nothing is posted
   */
  @CanIgnoreReturnValue
  Transaction reverse(String idempotencyKey, Reversal reversal);

  /**
   * Reinstates a chargeback that the business won: the reversed amount is owed again.
   *
   * <p>While the item is held, the amount goes back to pending and becomes payable when the item's
   * hold ends, as the rest of it does; an item the chargeback reversed in full is pending again.
   * Once a release has passed the item's hold end (a release made after its accrual, as of its hold
   * end or later), the amount is payable at once. For example, a {@code USD 20.00} item charged
   * back in full while held and won before its hold ends stands at {@code USD 20.00} pending.
   *
   * @param idempotencyKey the key of the posting
   * @param reversalKey the key of the chargeback reversal
   * @param reason why, one line of text
   * @return the transaction
   * @throws IllegalArgumentException if the reversal is unknown or the reason is not valid
   * @throws IllegalStateException if the reversal is a refund, or corrections gave back so much of
   *     the item that it would stand at more than it accrued
   * @throws AlreadyResolvedException if the reversal was reinstated already, or its item was
   *     voided since: a voided commission earns nothing
   * @throws IdempotencyConflictException if the key was used for a different posting
   */
  @CanIgnoreReturnValue
  Transaction reinstate(String idempotencyKey, String reversalKey, String reason);

  /**
   * Voids a pending item, for fraud or a cancelled order: what is still pending goes back to the
   * business. An item that reversals took in full while it was held is no longer pending, unless
   * something was given back to it while it was still held ({@linkplain #reinstate reinstated} or
   * corrected), which made it pending again. Given back after a release made since its accrual
   * passed its hold end, the amount is payable: take that back with {@link #reverse}.
   *
   * @param idempotencyKey the key of the posting
   * @param itemKey the key of the accrual
   * @param reason why, one line of text
   * @return the transaction
   * @throws IllegalArgumentException if the item is unknown or the reason is not valid
   * @throws AlreadyResolvedException if the item is released, was reversed in full (and not made
   *     pending again) or is voided
   * @throws IdempotencyConflictException if the key was used for a different posting
   */
  @CanIgnoreReturnValue
  Transaction voidItem(String idempotencyKey, String itemKey, String reason);

  /**
   * Adjusts an affiliate's payable balance by hand, with a reason: a bonus or a correction.
   *
   * @param idempotencyKey the key of the posting
   * @param adjustment the affiliate, amount and reason
   * @return the transaction
   * @throws IllegalArgumentException if the key is not valid: blank, longer than 256 characters,
   *     or with a control character
   * @throws IdempotencyConflictException if the key was used for a different posting
   * @throws CurrencyMismatchException if the ledger keeps another unit of the amount's currency
   *     code
   * @throws ArithmeticException if a balance, or the total of a kind of account in the currency,
   *     would overflow
   */
  @CanIgnoreReturnValue
  Transaction adjust(String idempotencyKey, Adjustment adjustment);

  /**
   * Prepares a payout run: each payable balance that the rules pay moves to payout clearing as one
   * line per affiliate and currency; balances below their minimum carry forward.
   *
   * <p>For example, with a minimum of {@code USD 50.00}, payable balances of {@code USD 80.00} for
   * jane and {@code USD 20.00} for joe make one line: jane, {@code USD 80.00}.
   *
   * @param idempotencyKey the key of the posting and of the batch
   * @param asOf the cut-off: not before the latest posting and not after the instant the batch is
   *     stamped with, the clock's or, if the clock went back before the latest posting, that
   *     posting's (see the class's note on time)
   * @param rules the minimums and eligible affiliates
   * @return the batch; a replay returns the batch as it was prepared
   * @throws IllegalArgumentException if {@code asOf} is out of bounds
   * @throws IdempotencyConflictException if the key was used for a different posting
   * @throws CurrencyMismatchException if a minimum is in another unit of a currency code the
   *     ledger keeps
   * @throws ArithmeticException if a balance, or the total of a kind of account in the currency,
   *     would overflow
   */
  @CanIgnoreReturnValue
  PayoutBatch prepare(String idempotencyKey, Instant asOf, PayoutRules rules);

  /**
   * Settles every line of a batch that is still in clearing: each moves to paid. A batch without
   * lines, from a run that paid nobody, settles as a transaction without entries, once: after
   * that, like a batch whose lines are all resolved, it can be neither settled nor failed again
   * (but a retry under the same key returns the first transaction).
   *
   * @param idempotencyKey the key of the posting
   * @param batchKey the key of the payout run
   * @return the transaction
   * @throws IllegalArgumentException if the batch is unknown
   * @throws AlreadyResolvedException if none of the batch's lines is in clearing, or the batch
   *     has no lines and was settled or failed already
   * @throws IdempotencyConflictException if the key was used for a different posting
   * @throws ArithmeticException if a balance, or the total of a kind of account in the currency,
   *     would overflow
   */
  @CanIgnoreReturnValue
  Transaction settle(String idempotencyKey, String batchKey);

  /**
   * Settles the given lines of a batch: each moves from clearing to paid.
   *
   * @param idempotencyKey the key of the posting
   * @param batchKey the key of the payout run
   * @param lineIds the lines paid, at least one
   * @return the transaction
   * @throws IllegalArgumentException if the batch is unknown, no line is given, or a line is not
   *     in the batch
   * @throws AlreadyResolvedException if a line is settled or failed already
   * @throws IdempotencyConflictException if the key was used for a different posting
   * @throws ArithmeticException if a balance, or the total of a kind of account in the currency,
   *     would overflow
   */
  @CanIgnoreReturnValue
  Transaction settle(String idempotencyKey, String batchKey, Set<String> lineIds);

  /**
   * Fails every line of a batch that is still in clearing: each moves back to payable. A batch
   * without lines fails as a transaction without entries, once: after that, like a batch whose
   * lines are all resolved, it can be neither settled nor failed again (but a retry under the
   * same key returns the first transaction).
   *
   * @param idempotencyKey the key of the posting
   * @param batchKey the key of the payout run
   * @param reason why, one line of text
   * @return the transaction
   * @throws IllegalArgumentException if the batch is unknown or the reason is not valid
   * @throws AlreadyResolvedException if none of the batch's lines is in clearing, or the batch
   *     has no lines and was settled or failed already
   * @throws IdempotencyConflictException if the key was used for a different posting
   * @throws ArithmeticException if a balance, or the total of a kind of account in the currency,
   *     would overflow
   */
  @CanIgnoreReturnValue
  Transaction fail(String idempotencyKey, String batchKey, String reason);

  /**
   * Fails the given lines of a batch: each moves from clearing back to payable.
   *
   * @param idempotencyKey the key of the posting
   * @param batchKey the key of the payout run
   * @param lineIds the lines that were not paid, at least one
   * @param reason why, one line of text
   * @return the transaction
   * @throws IllegalArgumentException if the batch is unknown, no line is given, a line is not in
   *     the batch, or the reason is not valid
   * @throws AlreadyResolvedException if a line is settled or failed already
   * @throws IdempotencyConflictException if the key was used for a different posting
   * @throws ArithmeticException if a balance, or the total of a kind of account in the currency,
   *     would overflow
   */
  @CanIgnoreReturnValue
  Transaction fail(String idempotencyKey, String batchKey, Set<String> lineIds, String reason);

  /**
   * Posts any kind of posting; the methods above are shorthands for it.
   *
   * @param idempotencyKey the key of the posting
   * @param posting the request
   * @return the transaction
   * @throws IllegalArgumentException if the posting is rejected, as its shorthand describes
   * @throws IllegalStateException if the posting is rejected, as its shorthand describes
   * @throws ArithmeticException if a balance, or the total of a kind of account in the currency,
   *     would overflow, or, for a reversal, as {@link #reverse} describes
   */
  @CanIgnoreReturnValue
  Transaction post(String idempotencyKey, Posting posting);

  /**
   * Returns an affiliate's balances in a currency now.
   *
   * @param affiliateId the affiliate
   * @param currency the currency
   * @return the balances; zero for an affiliate the ledger has not seen
   * @throws CurrencyMismatchException if the ledger keeps another unit of the currency's code,
   *     such as a custom unit that overrides its scale, in which it would read zeros
   * @throws IllegalArgumentException if the affiliate id is not valid
   */
  Balances balances(String affiliateId, CurrencyUnit currency);

  /**
   * Returns an affiliate's balances in a currency as of an instant: the fold of the entries of the
   * transactions stamped at or before it. Like a {@linkplain #statement statement}, this reads
   * the affiliate's entries only; the ledgers of {@link #inMemory} and {@link #open} read those on
   * the shorter side of the instant, adding up the entries before it or taking the entries after
   * it from the balances now, so that the balances as of last month's end cost the entries since,
   * not the affiliate's history.
   *
   * @param affiliateId the affiliate
   * @param currency the currency
   * @param asOf the instant
   * @return the balances
   * @throws CurrencyMismatchException if the ledger keeps another unit of the currency's code,
   *     such as a custom unit that overrides its scale, in which it would read zeros
   * @throws IllegalArgumentException if the affiliate id is not valid
   */
  Balances balances(String affiliateId, CurrencyUnit currency, Instant asOf);

  /**
   * Returns the balance of an account now.
   *
   * @param account the account
   * @return the balance; zero for an account without entries
   * @throws CurrencyMismatchException if the ledger keeps another unit of the account's currency
   *     code, such as a custom unit that overrides its scale, in which it would read zeros
   */
  Money balance(Account account);

  /**
   * Returns the balance of an account as of an instant. For an affiliate's account this reads the
   * affiliate's entries only, as a {@linkplain #statement statement} does; for the business's
   * account, which every accrual books, it scans the journal.
   *
   * @param account the account
   * @param asOf the instant
   * @return the balance
   * @throws CurrencyMismatchException if the ledger keeps another unit of the account's currency
   *     code, such as a custom unit that overrides its scale, in which it would read zeros
   */
  Money balance(Account account, Instant asOf);

  /** {@return every account with an entry, ordered by owner, currency and kind} */
  List<Account> accounts();

  /**
   * Returns the total of every kind of account in a currency; the totals add up to zero. They
   * never overflow: postings that would make one overflow are rejected.
   *
   * @param currency the currency
   * @return the total per kind, for every kind
   * @throws CurrencyMismatchException if the ledger keeps another unit of the currency's code,
   *     such as a custom unit that overrides its scale, in which it would read zeros
   */
  Map<AccountKind, Money> totals(CurrencyUnit currency);

  /**
   * Returns an affiliate's statement: the entries on the affiliate's accounts in transactions
   * stamped from {@code from} (inclusive) to {@code to} (exclusive, but for {@link Instant#MAX},
   * after which no instant comes), in journal order. The ledgers of {@link #inMemory} and {@link
   * #open} keep each affiliate's entries apart, so a statement reads the affiliate's entries only,
   * not the journal, nor every entry of the releases and payout runs that include the affiliate;
   * and of those, only the period's, found by the instant, so that a statement of a day costs the
   * day's entries, not the affiliate's history.
   *
   * <p>Balances as of an instant include what is stamped at it, so the balances that open and
   * close the period are {@code balances(affiliateId, currency, from.minusNanos(1))} and {@code
   * balances(affiliateId, currency, to.minusNanos(1))}: a release stamped at midnight on 1 April
   * then lies in April's lines and closing balances, and a March statement adds up. Statements of
   * adjacent periods add up to the statement of both. A statement from {@link Instant#MIN} opens
   * at zero, and one to {@link Instant#MAX} closes at {@code balances(affiliateId, currency,
   * Instant.MAX)}.
   *
   * @param affiliateId the affiliate
   * @param from the start of the period, inclusive
   * @param to the end of the period, exclusive unless it is {@link Instant#MAX}
   * @return the lines
   * @throws IllegalArgumentException if {@code to} is before {@code from}
   */
  List<StatementLine> statement(String affiliateId, Instant from, Instant to);

  /**
   * Returns where an accrued item stands.
   *
   * @param itemKey the key of the accrual
   * @return the item, or empty if no accrual has that key
   */
  Optional<PendingItem> item(String itemKey);

  /**
   * Returns where the items accrued for an order stand: those of every {@link Accrual} whose
   * {@linkplain Accrual#orderId() order id} is the given one, in the order accrued.
   *
   * <p>For example, after a restart, a host reverses the commissions of an order that the program
   * before it recorded (see {@code AffiliateProgram}) by reversing these items by their keys.
   * The ledgers of {@link #inMemory} and {@link #open} file the items by order when first asked,
   * and keep them so from then on, so that a call costs a lookup after the first, which reads
   * every item once; the default filters the {@link #journal()}, which a ledger of one's own under
   * an {@code AffiliateProgram} should not keep: the program asks for every order it records,
   * refunds or wins a chargeback of.
   *
   * @param orderId the order id
   * @return the items, empty if none was accrued for the order
   */
  default List<PendingItem> itemsOfOrder(String orderId) {
    checkNotNull(orderId, "orderId");
    List<PendingItem> items = new java.util.ArrayList<>();
    for (Transaction transaction : journal()) {
      if (transaction.posting() instanceof Accrual accrual && accrual.orderId().equals(orderId)) {
        item(transaction.key()).ifPresent(items::add);
      }
    }
    return List.copyOf(items);
  }

  /**
   * Returns when the earliest hold among the items still pending ends: a {@link #release} as of
   * that instant or later releases at least that item, and one before it releases nothing.
   *
   * <p>For example, with items held until 31 March and 2 April, it is 31 March; after a release as
   * of 1 April, 2 April. A host may schedule its next release by it.
   *
   * @return the instant, which may have passed; empty if no item is pending
   */
  Optional<Instant> earliestHoldEnd();

  /**
   * Returns a payout batch as it was prepared.
   *
   * @param batchKey the key of the payout run
   * @return the batch, or empty if no payout run has that key
   */
  Optional<PayoutBatch> batch(String batchKey);

  /**
   * Returns where a payout line stands.
   *
   * @param lineId the line id
   * @return the status, or empty if no line has that id
   */
  Optional<PayoutLineStatus> lineStatus(String lineId);

  /**
   * Returns the transaction recorded under an idempotency key.
   *
   * @param idempotencyKey the key
   * @return the transaction, or empty if the key is not in the journal
   */
  Optional<Transaction> transaction(String idempotencyKey);

  /**
   * Returns the latest transaction in the journal: its {@link Transaction#postedAt()} is the
   * earliest cut-off that {@link #prepare} accepts now.
   *
   * @return the transaction with the highest sequence, or empty if the journal is empty
   */
  Optional<Transaction> lastTransaction();

  /** {@return every transaction, in sequence order; later postings do not change the list} */
  List<Transaction> journal();

  /**
   * Returns the reinstatement of a chargeback, if it was reinstated: the transaction of the
   * {@link Reinstatement} that names the chargeback's reversal.
   *
   * <p>The ledgers of {@link #inMemory} and {@link #open} keep it with the reversal, so this costs
   * a lookup. The default filters the {@link #journal()}.
   *
   * @param reversalKey the key of the chargeback's reversal
   * @return the reinstatement's transaction, or empty if the reversal is unknown or was not
   *     reinstated
   */
  default Optional<Transaction> reinstatement(String reversalKey) {
    checkNotNull(reversalKey, "reversalKey");
    for (Transaction transaction : journal()) {
      if (transaction.posting() instanceof Reinstatement reinstatement
          && reinstatement.reversalKey().equals(reversalKey)) {
        return Optional.of(transaction);
      }
    }
    return Optional.empty();
  }

  /**
   * Returns the transactions with an entry on one of an affiliate's accounts, in sequence order:
   * the part of the {@link #journal()} that the affiliate's statements and balances as of an
   * instant read. Later postings do not change the list.
   *
   * <p>The ledgers of {@link #inMemory} and {@link #open} keep each affiliate's entries apart, so
   * this costs in proportion to the affiliate's entries, not to the journal. The default filters
   * the {@link #journal()}.
   *
   * @param affiliateId the affiliate
   * @return the transactions; empty for an affiliate the ledger has not seen
   * @throws IllegalArgumentException if the id is not valid
   */
  default List<Transaction> journalOf(String affiliateId) {
    Checks.id(affiliateId, "affiliateId");
    List<Transaction> transactions = new java.util.ArrayList<>();
    for (Transaction transaction : journal()) {
      for (Entry entry : transaction.entries()) {
        if (!entry.account().kind().isBusiness()
            && entry.account().owner().equals(affiliateId)) {
          transactions.add(transaction);
          break;
        }
      }
    }
    return List.copyOf(transactions);
  }
}
