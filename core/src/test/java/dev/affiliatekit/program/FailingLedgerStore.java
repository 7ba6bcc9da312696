package dev.affiliatekit.program;

import dev.affiliatekit.ledger.LedgerStore;
import dev.affiliatekit.ledger.Transaction;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A ledger store over the in-memory one that fails one chosen append, once, the way a database
 * can: before keeping anything, or after keeping the transaction, with or without being able to
 * say so when the ledger asks.
 */
final class FailingLedgerStore implements LedgerStore {

  /** How the chosen append fails. */
  enum Failure {
    /** Throws before keeping anything. */
    NOTHING_KEPT,
    /** Keeps the transaction, then throws; the ledger's lookup finds it. */
    KEPT,
    /** Keeps the transaction, then throws, and the lookup that follows throws too. */
    KEPT_UNCONFIRMED
  }

  /** What the store throws. */
  static final class StoreFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StoreFailure(String message) {
      super(message);
    }
  }

  /** What the store throws when told to fail with an error, as a driver may on a bug. */
  static final class StoreError extends Error {
    private static final long serialVersionUID = 1L;

    StoreError(String message) {
      super(message);
    }
  }

  private final LedgerStore delegate = LedgerStore.inMemory();
  private Predicate<String> match = key -> false;
  private int skip;
  private Failure failure = Failure.NOTHING_KEPT;
  private boolean unreachable;
  private boolean error;

  /** Fails the next append under a key that matches. */
  synchronized void failOn(Predicate<String> key, Failure how) {
    match = key;
    skip = 0;
    failure = how;
    error = false;
  }

  /** Fails the next append under a key that matches with a {@link StoreError}. */
  synchronized void failWithErrorOn(Predicate<String> key, Failure how) {
    failOn(key, how);
    error = true;
  }

  /** Fails the n-th append from now, counting from 1. */
  synchronized void failAppend(int n, Failure how) {
    match = key -> true;
    skip = n - 1;
    failure = how;
    error = false;
  }

  /** Fails nothing more. */
  synchronized void disarm() {
    match = key -> false;
  }

  @Override
  public synchronized void append(Transaction transaction) {
    unreachable = false;
    if (!match.test(transaction.key())) {
      delegate.append(transaction);
      return;
    }
    if (skip > 0) {
      skip--;
      delegate.append(transaction);
      return;
    }
    disarm();
    if (failure != Failure.NOTHING_KEPT) {
      delegate.append(transaction);
    }
    unreachable = failure == Failure.KEPT_UNCONFIRMED;
    String message = "store failed on " + transaction.key() + ": " + failure;
    if (error) {
      throw new StoreError(message);
    }
    throw new StoreFailure(message);
  }

  @Override
  public synchronized Optional<Transaction> find(String key) {
    if (unreachable) {
      unreachable = false;
      throw new StoreFailure("store unreachable");
    }
    return delegate.find(key);
  }

  @Override
  public synchronized long size() {
    return delegate.size();
  }

  @Override
  public synchronized List<Transaction> read(long fromSequence) {
    return delegate.read(fromSequence);
  }
}
