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
 */
final class InMemoryLedgerStore implements LedgerStore {

  private Transaction[] journal = new Transaction[1024];
  private int size;
  private final KeyIndex<Transaction> byKey = new KeyIndex<>();

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
    // One probe checks and indexes the key; nothing is indexed if it is taken.
    if (byKey.putIfAbsent(transaction.key(), transaction) != null) {
      throw new IllegalStateException("transaction key is already in the journal: "
          + Texts.quote(transaction.key()));
    }
    journal[size] = transaction;
    size++;
  }

  @Override
  public synchronized Optional<Transaction> find(String key) {
    return Optional.ofNullable(byKey.get(checkNotNull(key, "key")));
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
