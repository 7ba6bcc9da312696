package dev.affiliatekit.testing;

import dev.affiliatekit.ledger.Account;
import dev.affiliatekit.ledger.AccountKind;
import dev.affiliatekit.ledger.Accrual;
import dev.affiliatekit.ledger.Adjustment;
import dev.affiliatekit.ledger.Balances;
import dev.affiliatekit.ledger.Ledger;
import dev.affiliatekit.ledger.PayoutBatch;
import dev.affiliatekit.ledger.PayoutLineStatus;
import dev.affiliatekit.ledger.PayoutRules;
import dev.affiliatekit.ledger.PendingItem;
import dev.affiliatekit.ledger.Posting;
import dev.affiliatekit.ledger.Reversal;
import dev.affiliatekit.ledger.StatementLine;
import dev.affiliatekit.ledger.Transaction;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A ledger that hands every call to another, for tests that change one call. */
public class ForwardingLedger implements Ledger {

  private final Ledger delegate;

  public ForwardingLedger(Ledger delegate) {
    this.delegate = delegate;
  }

  /** {@return the ledger the calls go to} */
  protected Ledger delegate() {
    return delegate;
  }

  @Override
  public Transaction accrue(String idempotencyKey, Accrual accrual) {
    return delegate.accrue(idempotencyKey, accrual);
  }

  @Override
  public Transaction release(String idempotencyKey, Instant asOf) {
    return delegate.release(idempotencyKey, asOf);
  }

  @Override
  public Transaction reverse(String idempotencyKey, Reversal reversal) {
    return delegate.reverse(idempotencyKey, reversal);
  }

  @Override
  public Transaction reinstate(String idempotencyKey, String reversalKey, String reason) {
    return delegate.reinstate(idempotencyKey, reversalKey, reason);
  }

  @Override
  public Transaction voidItem(String idempotencyKey, String itemKey, String reason) {
    return delegate.voidItem(idempotencyKey, itemKey, reason);
  }

  @Override
  public Transaction adjust(String idempotencyKey, Adjustment adjustment) {
    return delegate.adjust(idempotencyKey, adjustment);
  }

  @Override
  public PayoutBatch prepare(String idempotencyKey, Instant asOf, PayoutRules rules) {
    return delegate.prepare(idempotencyKey, asOf, rules);
  }

  @Override
  public Transaction settle(String idempotencyKey, String batchKey) {
    return delegate.settle(idempotencyKey, batchKey);
  }

  @Override
  public Transaction settle(String idempotencyKey, String batchKey, Set<String> lineIds) {
    return delegate.settle(idempotencyKey, batchKey, lineIds);
  }

  @Override
  public Transaction fail(String idempotencyKey, String batchKey, String reason) {
    return delegate.fail(idempotencyKey, batchKey, reason);
  }

  @Override
  public Transaction fail(String idempotencyKey, String batchKey, Set<String> lineIds,
      String reason) {
    return delegate.fail(idempotencyKey, batchKey, lineIds, reason);
  }

  @Override
  public Transaction post(String idempotencyKey, Posting posting) {
    return delegate.post(idempotencyKey, posting);
  }

  @Override
  public Balances balances(String affiliateId, CurrencyUnit currency) {
    return delegate.balances(affiliateId, currency);
  }

  @Override
  public Balances balances(String affiliateId, CurrencyUnit currency, Instant asOf) {
    return delegate.balances(affiliateId, currency, asOf);
  }

  @Override
  public Money balance(Account account) {
    return delegate.balance(account);
  }

  @Override
  public Money balance(Account account, Instant asOf) {
    return delegate.balance(account, asOf);
  }

  @Override
  public List<Account> accounts() {
    return delegate.accounts();
  }

  @Override
  public Map<AccountKind, Money> totals(CurrencyUnit currency) {
    return delegate.totals(currency);
  }

  @Override
  public List<StatementLine> statement(String affiliateId, Instant from, Instant to) {
    return delegate.statement(affiliateId, from, to);
  }

  @Override
  public Optional<PendingItem> item(String itemKey) {
    return delegate.item(itemKey);
  }

  @Override
  public List<PendingItem> itemsOfOrder(String orderId) {
    return delegate.itemsOfOrder(orderId);
  }

  @Override
  public Optional<Instant> earliestHoldEnd() {
    return delegate.earliestHoldEnd();
  }

  @Override
  public Optional<PayoutBatch> batch(String batchKey) {
    return delegate.batch(batchKey);
  }

  @Override
  public Optional<PayoutLineStatus> lineStatus(String lineId) {
    return delegate.lineStatus(lineId);
  }

  @Override
  public Optional<Transaction> transaction(String idempotencyKey) {
    return delegate.transaction(idempotencyKey);
  }

  @Override
  public Optional<Transaction> lastTransaction() {
    return delegate.lastTransaction();
  }

  @Override
  public List<Transaction> journal() {
    return delegate.journal();
  }

  @Override
  public Optional<Transaction> reinstatement(String reversalKey) {
    return delegate.reinstatement(reversalKey);
  }

  @Override
  public List<Transaction> journalOf(String affiliateId) {
    return delegate.journalOf(affiliateId);
  }
}
