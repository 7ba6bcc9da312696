package dev.affiliatekit.testing;

import dev.affiliatekit.ledger.LedgerStore;
import dev.affiliatekit.ledger.Transaction;
import java.util.List;
import java.util.Optional;

/** A ledger store that hands every call to another, for tests that change one call. */
public class ForwardingLedgerStore implements LedgerStore {

  private final LedgerStore delegate;

  public ForwardingLedgerStore(LedgerStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public void append(Transaction transaction) {
    delegate.append(transaction);
  }

  @Override
  public Optional<Transaction> find(String key) {
    return delegate.find(key);
  }

  @Override
  public long size() {
    return delegate.size();
  }

  @Override
  public List<Transaction> read(long fromSequence) {
    return delegate.read(fromSequence);
  }
}
