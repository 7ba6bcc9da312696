package dev.affiliatekit.ledger;

import java.util.List;
import java.util.Optional;

/**
 * Where a {@link Ledger} keeps its journal: an append-only list of transactions and the index of
 * their idempotency keys.
 *
 * <p>A store must be thread-safe and must append atomically: a transaction is stored whole or not
 * at all, and a failed append leaves nothing of it behind (a JDBC store appends in one database
 * transaction). If {@link #append} throws after the transaction was in fact kept, the ledger
 * notices through {@link #find} and counts the posting once, if the store gives it back as it was
 * appended: {@link #find} and {@link #read} return transactions equal to those appended, instants
 * to the nanosecond included. A store whose column keeps less, such as a SQL {@code TIMESTAMP(6)}
 * of microseconds, keeps the rest beside it, or stores the transaction as its JSON line ({@code
 * JournalJson}); else the ledger takes the kept transaction for another request under the key, and
 * refuses the retry with an {@link IdempotencyConflictException}. The ledger appends under its own
 * lock, in sequence order; it never updates or deletes. One ledger writes to a store: after reading
 * the journal once, it answers idempotency checks from its own index, so a second writer's postings
 * would go unseen.
 *
 * <pre>{@code
 * LedgerStore store = LedgerStore.inMemory();
 * Ledger ledger = Ledger.open(store, clock);
 * }</pre>
 */
public interface LedgerStore {

  /**
   * Returns a new, empty store that keeps the journal in memory.
   *
   * @return the store
   */
  static LedgerStore inMemory() {
    return InMemoryLedgerStore.create();
  }

  /**
   * Appends a transaction to the journal, atomically.
   *
   * @param transaction the next transaction: its sequence is {@link #size()} + 1 and its key is not
   *     in the journal yet
   * @throws IllegalStateException if the sequence is not the next one or the key is already in the
   *     journal; nothing is appended
   */
  void append(Transaction transaction);

  /**
   * Returns the transaction recorded under an idempotency key.
   *
   * @param key the idempotency key
   * @return the transaction, or empty if the key is not in the journal
   */
  Optional<Transaction> find(String key);

  /** {@return the number of transactions in the journal: the sequence of the last one} */
  long size();

  /**
   * Returns the transactions from the given sequence on, in sequence order, as they are when this
   * method is called.
   *
   * @param fromSequence the first sequence to return, from 1
   * @return the transactions; an unmodifiable list that later appends do not change
   * @throws IllegalArgumentException if the sequence is less than 1
   */
  List<Transaction> read(long fromSequence);
}
