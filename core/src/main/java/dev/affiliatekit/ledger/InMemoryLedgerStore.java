package dev.affiliatekit.ledger;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkNotNull;

import dev.affiliatekit.internal.Texts;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.RandomAccess;

/**
 * The in-memory journal: an array that only grows, and a hash index of the keys.
 *
 * <p>Reads return views over the array as it was: slots below the size never change and a grown
 * array is a copy, so a view stays valid and unchanged while appends go on.
 *
 * <p>The store of {@link Ledger#inMemory}, or of {@link Ledger#restore}, belongs to that ledger
 * alone, which checks every key against its own index, under its lock, before it appends. That
 * store {@linkplain #ownedByLedger() trusts its writer}: it does not index keys as they are
 * appended, which would hash every key a second time, and indexes them only when {@link #find} is
 * first asked, which the ledger does only after a failed append.
 */
final class InMemoryLedgerStore implements LedgerStore {

  private Transaction[] journal = new Transaction[1024];
  private int size;
  private final KeyIndex<Transaction> byKey = new KeyIndex<>();
  /** Whether each append checks and indexes its key; if not, {@link #find} catches up. */
  private final boolean checksKeys;
  /** The transactions {@code journal[0, indexed)} are in {@link #byKey}. */
  private int indexed;

  private InMemoryLedgerStore(boolean checksKeys) {
    this.checksKeys = checksKeys;
  }

  /** Returns a store that checks every key it appends, for any writer. */
  static InMemoryLedgerStore create() {
    return new InMemoryLedgerStore(true);
  }

  /**
   * Returns a store for one ledger that checks keys itself before appending; it accepts a key that
   * is already in the journal, so nothing else may append to it.
   */
  static InMemoryLedgerStore ownedByLedger() {
    return new InMemoryLedgerStore(false);
  }

  @Override
  public synchronized void append(Transaction transaction) {
    checkNotNull(transaction, "transaction");
    if (transaction.sequence() != size + 1L) {
      throw new IllegalStateException("transaction sequence must be the next one, " + (size + 1L)
          + ": " + transaction.sequence());
    }
    if (size == Integer.MAX_VALUE - 8) {
      throw new IllegalStateException("in-memory journal is full: " + size + " transactions");
    }
    if (size == journal.length) {
      journal = Arrays.copyOf(journal, (int) Math.min(Integer.MAX_VALUE - 8L, size * 2L));
    }
    if (checksKeys) {
      index();
      // One probe checks and indexes the key; nothing is indexed if it is taken.
      if (byKey.putIfAbsent(transaction.key(), transaction) != null) {
        throw new IllegalStateException("transaction key is already in the journal: "
            + Texts.quote(transaction.key()));
      }
      indexed++;
    }
    journal[size] = transaction;
    size++;
  }

  @Override
  public synchronized Optional<Transaction> find(String key) {
    checkNotNull(key, "key");
    index();
    return Optional.ofNullable(byKey.get(key));
  }

  /** Indexes the keys appended since the last call; the first key of a sequence number wins. */
  private void index() {
    for (; indexed < size; indexed++) {
      Transaction transaction = journal[indexed];
      byKey.putIfAbsent(transaction.key(), transaction);
    }
  }

  @Override
  public synchronized long size() {
    return size;
  }

  @Override
  public synchronized List<Transaction> read(long fromSequence) {
    checkArgument(fromSequence >= 1, "sequence must be at least 1: %s", fromSequence);
    int from = (int) Math.min(fromSequence - 1, size);
    return new View(journal, from, size);
  }

  /** An unmodifiable window on slots of the array that are written and never change. */
  private static final class View extends AbstractList<Transaction> implements RandomAccess {
    private final Transaction[] array;
    private final int from;
    private final int to;

    View(Transaction[] array, int from, int to) {
      this.array = array;
      this.from = from;
      this.to = to;
    }

    @Override
    public Transaction get(int index) {
      checkElementIndex(index);
      return array[from + index];
    }

    private void checkElementIndex(int index) {
      if (index < 0 || index >= to - from) {
        throw new IndexOutOfBoundsException("index " + index + " out of " + (to - from));
      }
    }

    @Override
    public int size() {
      return to - from;
    }
  }
}
