package dev.affiliatekit.ledger;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.affiliatekit.internal.Texts;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger over a {@link LedgerStore}: derived state in memory, the journal in the store, one
 * lock around both.
 *
 * <p>A posting is planned against the state, appended to the store, then committed to the state.
 * If the append throws, the store is asked whether it kept the transaction anyway; if it did, the
 * posting counts, and if the store cannot say, the state is marked stale and rebuilt from the store
 * before the next call, so that the state never disagrees with the journal.
 */
final class JournalLedger implements Ledger {

  private static final Logger LOG = LoggerFactory.getLogger(Ledger.class);

  private final ReentrantLock lock = new ReentrantLock();
  private final LedgerStore store;
  private final Clock clock;
  private LedgerState state;
  private boolean stale;

  /**
   * Opens the ledger over a store, replaying its journal.
   *
   * @throws IllegalArgumentException if the journal breaks the ledger's rules
   */
  JournalLedger(LedgerStore store, Clock clock) {
    this(store, clock, replay(store.read(1)));
  }

  private JournalLedger(LedgerStore store, Clock clock, LedgerState state) {
    this.store = checkNotNull(store, "store");
    this.clock = checkNotNull(clock, "clock");
    this.state = state;
  }

  /**
   * Restores a ledger from a journal into a new in-memory store, checking each transaction
   * against the ledger's rules before it is kept, so that the first one that breaks them is named.
   *
   * @throws IllegalArgumentException if the journal breaks the ledger's rules
   */
  static Ledger restore(List<Transaction> journal, Clock clock) {
    checkNotNull(journal, "journal");
    checkNotNull(clock, "clock");
    // The ledger's own store, as Ledger.inMemory's: the state checks each key before it is kept.
    LedgerStore store = InMemoryLedgerStore.ownedByLedger();
    LedgerState state = new LedgerState();
    int index = 0;
    for (Transaction transaction : journal) {
      apply(state, checkNotNull(transaction, "journal contains null at index %s", index));
      store.append(transaction);
      index++;
    }
    return new JournalLedger(store, clock, state);
  }

  private static LedgerState replay(Iterable<Transaction> journal) {
    LedgerState state = new LedgerState();
    for (Transaction transaction : journal) {
      apply(state, transaction);
    }
    return state;
  }

  /** Applies the next transaction of a journal, or names it if it breaks the ledger's rules. */
  private static void apply(LedgerState state, Transaction transaction) {
    try {
      long next = state.lastSequence() + 1;
      if (transaction.sequence() != next) {
        throw new IllegalArgumentException("sequence must be " + next);
      }
      checkArgument(state.transaction(transaction.key()).isEmpty(), "key is used twice");
      checkArgument(!transaction.postedAt().isBefore(state.lastPostedAt()),
          "time must not precede the transaction before, at %s", state.lastPostedAt());
      LedgerState.Plan plan = state.plan(transaction.key(), transaction.posting(),
          transaction.sequence(), transaction.postedAt());
      if (!plan.entries.equals(transaction.entries())) {
        throw new IllegalArgumentException("entries differ from those its posting books, "
            + plan.entries);
      }
      state.commit(transaction, plan);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("journal is inconsistent at transaction "
          + transaction.sequence() + " (" + Texts.quote(transaction.key()) + "): "
          + e.getMessage(), e);
    }
  }

  // ---- postings ----

  @Override
  public Transaction accrue(String idempotencyKey, Accrual accrual) {
    return post(idempotencyKey, checkNotNull(accrual, "accrual"));
  }

  @Override
  public Transaction release(String idempotencyKey, Instant asOf) {
    return post(idempotencyKey, new Release(asOf));
  }

  @Override
  public Transaction reverse(String idempotencyKey, Reversal reversal) {
    return post(idempotencyKey, checkNotNull(reversal, "reversal"));
  }

  @Override
  public Transaction reinstate(String idempotencyKey, String reversalKey, String reason) {
    return post(idempotencyKey, new Reinstatement(reversalKey, reason));
  }

  @Override
  public Transaction voidItem(String idempotencyKey, String itemKey, String reason) {
    return post(idempotencyKey, new Voiding(itemKey, reason));
  }

  @Override
  public Transaction adjust(String idempotencyKey, Adjustment adjustment) {
    return post(idempotencyKey, checkNotNull(adjustment, "adjustment"));
  }

  @Override
  public PayoutBatch prepare(String idempotencyKey, Instant asOf, PayoutRules rules) {
    Checks.id(idempotencyKey, "idempotencyKey");
    PayoutPreparation preparation = new PayoutPreparation(asOf, rules);
    return locked(() -> {
      Transaction transaction = postLocked(idempotencyKey, preparation);
      return state.batch(transaction.key()).orElseThrow(
          () -> new AssertionError("bug: no batch for " + transaction.key()));
    });
  }

  @Override
  public Transaction settle(String idempotencyKey, String batchKey) {
    return post(idempotencyKey, new PayoutSettlement(batchKey, Set.of()));
  }

  @Override
  public Transaction settle(String idempotencyKey, String batchKey, Set<String> lineIds) {
    Checks.id(idempotencyKey, "idempotencyKey");
    PayoutSettlement settlement = new PayoutSettlement(batchKey, lineIds);
    // The settlement's own copy, which an empty set of the caller's would make a whole batch's.
    checkArgument(!settlement.lineIds().isEmpty(), "line ids must not be empty");
    return post(idempotencyKey, settlement);
  }

  @Override
  public Transaction fail(String idempotencyKey, String batchKey, String reason) {
    return post(idempotencyKey, new PayoutFailure(batchKey, Set.of(), reason));
  }

  @Override
  public Transaction fail(String idempotencyKey, String batchKey, Set<String> lineIds,
      String reason) {
    Checks.id(idempotencyKey, "idempotencyKey");
    PayoutFailure failure = new PayoutFailure(batchKey, lineIds, reason);
    // The failure's own copy, which an empty set of the caller's would make a whole batch's.
    checkArgument(!failure.lineIds().isEmpty(), "line ids must not be empty");
    return post(idempotencyKey, failure);
  }

  @Override
  public Transaction post(String idempotencyKey, Posting posting) {
    Checks.id(idempotencyKey, "idempotencyKey");
    checkNotNull(posting, "posting");
    lock.lock();
    try {
      recoverIfStale();
      return postLocked(idempotencyKey, posting);
    } finally {
      lock.unlock();
    }
  }

  private Transaction postLocked(String key, Posting posting) {
    // The state mirrors the store's journal, so its key index answers without asking the store.
    Optional<Transaction> recorded = state.transaction(key);
    if (recorded.isPresent()) {
      Transaction original = recorded.get();
      if (!original.posting().equals(posting)) {
        throw new IdempotencyConflictException(key, original.posting(), posting);
      }
      return original;
    }
    Instant clockNow = clock.instant();
    Instant now = clockNow.isBefore(state.lastPostedAt()) ? state.lastPostedAt() : clockNow;
    long sequence = state.lastSequence() + 1;
    LedgerState.Plan plan = state.plan(key, posting, sequence, now);
    Transaction transaction = new Transaction(sequence, key, now, posting, plan.entries);
    append(transaction);
    try {
      state.commit(transaction, plan);
    } catch (RuntimeException | Error e) {
      stale = true;
      throw e;
    }
    if (LOG.isDebugEnabled()) {
      LOG.debug("posted transaction {} {}: {}; {} entries", sequence, Texts.quote(key),
          posting.description(), transaction.entries().size());
    }
    return transaction;
  }

  private void append(Transaction transaction) {
    try {
      store.append(transaction);
    } catch (Throwable failure) {
      // Any throwable: a store may throw an Error, or a checked exception it does not declare,
      // after it kept the transaction.
      Optional<Transaction> kept;
      try {
        kept = store.find(transaction.key());
      } catch (Throwable unknown) {
        stale = true;
        failure.addSuppressed(unknown);
        throw failure;
      }
      if (kept.isPresent() && kept.get().equals(transaction)) {
        LOG.debug("store kept transaction {} although its append failed", transaction.sequence(),
            failure);
        return;
      }
      if (kept.isPresent()) {
        stale = true;
      }
      throw failure;
    }
  }

  /**
   * Runs an action under the lock, first rebuilding the state if a store failure left it stale.
   * The action must read {@link #state} as it runs: a method reference such as {@code
   * state::accounts} would be bound to the stale state before it is rebuilt.
   */
  private <T> T locked(Supplier<T> action) {
    lock.lock();
    try {
      recoverIfStale();
      return action.get();
    } finally {
      lock.unlock();
    }
  }

  private void recoverIfStale() {
    if (stale) {
      state = replay(store.read(1));
      stale = false;
      LOG.debug("rebuilt the ledger from its store after a store failure");
    }
  }

  // ---- queries ----

  @Override
  public Balances balances(String affiliateId, CurrencyUnit currency) {
    Checks.id(affiliateId, "affiliateId");
    checkNotNull(currency, "currency");
    return locked(() -> {
      state.checkQueried(currency);
      return new Balances(
        state.balance(Account.of(AccountKind.PENDING, affiliateId, currency)),
        state.balance(Account.of(AccountKind.PAYABLE, affiliateId, currency)),
        state.balance(Account.of(AccountKind.PAYOUT_CLEARING, affiliateId, currency)),
        state.balance(Account.of(AccountKind.PAID, affiliateId, currency)));
    });
  }

  @Override
  public Balances balances(String affiliateId, CurrencyUnit currency, Instant asOf) {
    Checks.id(affiliateId, "affiliateId");
    checkNotNull(currency, "currency");
    checkNotNull(asOf, "asOf");
    return locked(() -> {
      state.checkQueried(currency);
      return state.balancesAsOf(affiliateId, currency, asOf);
    });
  }

  @Override
  public Money balance(Account account) {
    checkNotNull(account, "account");
    return locked(() -> {
      state.checkQueried(account.currency());
      return state.balance(account);
    });
  }

  @Override
  public Money balance(Account account, Instant asOf) {
    checkNotNull(account, "account");
    checkNotNull(asOf, "asOf");
    checkQueried(account.currency());
    long sum = 0;
    if (account.kind().isBusiness()) {
      // Every accrual books the business's account: its entries are the journal's.
      for (Transaction transaction : journal()) {
        if (transaction.postedAt().isAfter(asOf)) {
          break;
        }
        for (Entry entry : transaction.entries()) {
          if (entry.account().equals(account)) {
            sum = Math.addExact(sum, entry.amount().minorUnits());
          }
        }
      }
    } else {
      sum = locked(() -> state.balancesAsOf(account.owner(), account.currency(), asOf))
          .of(account.kind()).minorUnits();
    }
    return Money.ofMinor(sum, account.currency());
  }

  /** Checks under the lock that a query's unit is the one the ledger keeps of its code. */
  private void checkQueried(CurrencyUnit currency) {
    var unused = locked(() -> {
      state.checkQueried(currency);
      return currency;
    });
  }

  @Override
  public List<Account> accounts() {
    return locked(() -> state.accounts());
  }

  @Override
  public Map<AccountKind, Money> totals(CurrencyUnit currency) {
    checkNotNull(currency, "currency");
    return locked(() -> {
      state.checkQueried(currency);
      return java.util.Collections.unmodifiableMap(state.totalsOf(currency));
    });
  }

  @Override
  public List<StatementLine> statement(String affiliateId, Instant from, Instant to) {
    Checks.id(affiliateId, "affiliateId");
    checkNotNull(from, "from");
    checkNotNull(to, "to");
    checkArgument(!to.isBefore(from), "statement end must not precede its start, %s: %s", from, to);
    List<StatementLine> lines = new ArrayList<>();
    // The end is exclusive, but for Instant.MAX, after which no instant comes.
    boolean toTheEnd = to.equals(Instant.MAX);
    LedgerState.EntryRows rows = locked(() -> state.entriesOf(affiliateId, null, from, to,
        toTheEnd));
    for (int row = 0; row < rows.size(); row++) {
      Transaction transaction = rows.transactions[row];
      lines.add(new StatementLine(transaction.sequence(), transaction.key(),
          transaction.postedAt(), transaction.posting(), rows.entry(row)));
    }
    return List.copyOf(lines);
  }

  @Override
  public Optional<PendingItem> item(String itemKey) {
    checkNotNull(itemKey, "itemKey");
    return locked(() -> state.pendingItem(itemKey));
  }

  @Override
  public List<PendingItem> itemsOfOrder(String orderId) {
    checkNotNull(orderId, "orderId");
    return locked(() -> state.itemsOfOrder(orderId));
  }

  @Override
  public Optional<Instant> earliestHoldEnd() {
    return locked(() -> state.earliestHoldEnd());
  }

  @Override
  public Optional<PayoutBatch> batch(String batchKey) {
    checkNotNull(batchKey, "batchKey");
    return locked(() -> state.batch(batchKey));
  }

  @Override
  public Optional<PayoutLineStatus> lineStatus(String lineId) {
    checkNotNull(lineId, "lineId");
    return locked(() -> state.lineStatus(lineId));
  }

  @Override
  public Optional<Transaction> transaction(String idempotencyKey) {
    checkNotNull(idempotencyKey, "idempotencyKey");
    return locked(() -> state.transaction(idempotencyKey));
  }

  @Override
  public Optional<Transaction> lastTransaction() {
    return locked(() -> state.lastTransaction());
  }

  @Override
  public List<Transaction> journal() {
    return locked(() -> store.read(1));
  }

  @Override
  public Optional<Transaction> reinstatement(String reversalKey) {
    checkNotNull(reversalKey, "reversalKey");
    return locked(() -> state.reinstatementOf(reversalKey));
  }

  @Override
  public List<Transaction> journalOf(String affiliateId) {
    Checks.id(affiliateId, "affiliateId");
    return locked(() -> state.entriesOf(affiliateId, null)).transactions();
  }

  /**
   * {@return such as {@code Ledger[12 transactions]}, by the ledger's count, without asking the
   * store; after a store failure that left the ledger unsure what the store kept, such as {@code
   * Ledger[12 transactions known, to be read again from the store]}}
   */
  @Override
  public String toString() {
    lock.lock();
    try {
      long count = state.lastSequence();
      String counted = count + (count == 1 ? " transaction" : " transactions");
      return "Ledger[" + counted + (stale ? " known, to be read again from the store]" : "]");
    } finally {
      lock.unlock();
    }
  }
}
