package dev.affiliatekit.ledger;

import dev.affiliatekit.money.CurrencyUnit;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A deliberately plain model of the ledger's rules, written apart from the implementation: maps
 * of longs, no planning, no indexes. The property test runs both side by side.
 */
final class LedgerModel {

  /** What the model expects of a posting: success, or this exception type. */
  static final class Rejected extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final Class<? extends RuntimeException> type;

    Rejected(Class<? extends RuntimeException> type) {
      super(type.getSimpleName(), null, false, false);
      this.type = type;
    }
  }

  static final class ModelItem {
    final String affiliate;
    final CurrencyUnit currency;
    final long accrued;
    final Instant holdUntil;
    ItemStatus status = ItemStatus.PENDING;
    /** Whether a release as of the hold end or later came while the item was reversed in full. */
    boolean passedReversed;
    long pending;
    long released;
    long reversed;
    long voided;
    long reinstated;

    ModelItem(String affiliate, CurrencyUnit currency, long accrued, Instant holdUntil) {
      this.affiliate = affiliate;
      this.currency = currency;
      this.accrued = accrued;
      this.holdUntil = holdUntil;
      this.pending = accrued;
    }
  }

  static final class ModelReversal {
    final String itemKey;
    final long amount;
    final ReversalKind kind;
    boolean reinstated;

    ModelReversal(String itemKey, long amount, ReversalKind kind) {
      this.itemKey = itemKey;
      this.amount = amount;
      this.kind = kind;
    }
  }

  static final class ModelLine {
    final String batch;
    final String affiliate;
    final CurrencyUnit currency;
    final long amount;
    PayoutLineStatus status = PayoutLineStatus.IN_CLEARING;

    ModelLine(String batch, String affiliate, CurrencyUnit currency, long amount) {
      this.batch = batch;
      this.affiliate = affiliate;
      this.currency = currency;
      this.amount = amount;
    }
  }

  final Map<Account, Long> balances = new HashMap<>();
  final Map<String, ModelItem> items = new LinkedHashMap<>();
  final Map<String, ModelReversal> reversals = new LinkedHashMap<>();
  final Map<String, List<String>> batches = new LinkedHashMap<>();
  final Map<String, ModelLine> lines = new HashMap<>();
  /** The batches without lines that were settled or failed, once each. */
  final Set<String> resolvedEmptyBatches = new HashSet<>();
  final Map<String, Posting> postings = new LinkedHashMap<>();

  int size() {
    return postings.size();
  }

  private void book(Account account, long amount) {
    balances.merge(account, amount, Long::sum);
  }

  private static Account of(AccountKind kind, String affiliate, CurrencyUnit currency) {
    return new Account(kind, affiliate, currency);
  }

  void accrue(String key, Accrual accrual) {
    ModelItem item = new ModelItem(accrual.affiliateId(), accrual.amount().currency(),
        accrual.amount().minorUnits(), accrual.holdUntil());
    items.put(key, item);
    book(of(AccountKind.PENDING, item.affiliate, item.currency), item.accrued);
    book(Account.commissionExpense(item.currency), -item.accrued);
    postings.put(key, accrual);
  }

  void release(String key, Instant asOf) {
    for (ModelItem item : items.values()) {
      if (item.holdUntil.isAfter(asOf)) {
        continue;
      }
      if (item.status == ItemStatus.PENDING) {
        book(of(AccountKind.PENDING, item.affiliate, item.currency), -item.pending);
        book(of(AccountKind.PAYABLE, item.affiliate, item.currency), item.pending);
        item.released = item.pending;
        item.pending = 0;
        item.status = ItemStatus.RELEASED;
      } else if (item.status == ItemStatus.REVERSED) {
        item.passedReversed = true;
      }
    }
    postings.put(key, new Release(asOf));
  }

  void reverse(String key, Reversal reversal) {
    ModelItem item = items.get(reversal.itemKey());
    if (item == null) {
      throw new Rejected(IllegalArgumentException.class);
    }
    if (reversal.isCorrection()) {
      long givenBack = -reversal.amount().orElseThrow().minorUnits();
      if (item.status == ItemStatus.VOIDED) {
        throw new Rejected(AlreadyResolvedException.class);
      }
      if (givenBack > item.reversed - item.reinstated) {
        throw new Rejected(IllegalArgumentException.class);
      }
      giveBack(item, givenBack);
      reversals.put(key, new ModelReversal(reversal.itemKey(), -givenBack, ReversalKind.REFUND));
      postings.put(key, reversal);
      return;
    }
    long outstanding = item.accrued - item.reversed - item.voided + item.reinstated;
    if (outstanding == 0) {
      throw new Rejected(AlreadyResolvedException.class);
    }
    long amount = reversal.amount().map(money -> money.minorUnits()).orElse(outstanding);
    if (amount > outstanding) {
      throw new Rejected(ExcessAmountException.class);
    }
    long fromPending = item.status == ItemStatus.PENDING ? Math.min(amount, item.pending) : 0;
    book(of(AccountKind.PENDING, item.affiliate, item.currency), -fromPending);
    book(of(AccountKind.PAYABLE, item.affiliate, item.currency), -(amount - fromPending));
    book(Account.commissionExpense(item.currency), amount);
    item.pending -= fromPending;
    item.reversed += amount;
    if (item.status == ItemStatus.PENDING && item.pending == 0) {
      item.status = ItemStatus.REVERSED;
    }
    reversals.put(key, new ModelReversal(reversal.itemKey(), amount, reversal.kind()));
    postings.put(key, reversal);
  }

  void voidItem(String key, String itemKey, String reason) {
    ModelItem item = items.get(itemKey);
    if (item == null) {
      throw new Rejected(IllegalArgumentException.class);
    }
    if (item.status != ItemStatus.PENDING) {
      throw new Rejected(AlreadyResolvedException.class);
    }
    book(of(AccountKind.PENDING, item.affiliate, item.currency), -item.pending);
    book(Account.commissionExpense(item.currency), item.pending);
    item.voided = item.pending;
    item.pending = 0;
    item.status = ItemStatus.VOIDED;
    postings.put(key, new Voiding(itemKey, reason));
  }

  void reinstate(String key, String reversalKey, String reason) {
    ModelReversal reversal = reversals.get(reversalKey);
    if (reversal == null) {
      throw new Rejected(IllegalArgumentException.class);
    }
    if (reversal.kind != ReversalKind.CHARGEBACK) {
      throw new Rejected(IllegalStateException.class);
    }
    if (reversal.reinstated) {
      throw new Rejected(AlreadyResolvedException.class);
    }
    ModelItem item = items.get(reversal.itemKey);
    if (item.status == ItemStatus.VOIDED) {
      // A voided commission earns nothing, whatever its chargeback's fate.
      throw new Rejected(AlreadyResolvedException.class);
    }
    if (reversal.amount > item.reversed - item.reinstated) {
      throw new Rejected(IllegalStateException.class);
    }
    giveBack(item, reversal.amount);
    reversal.reinstated = true;
    postings.put(key, new Reinstatement(reversalKey, reason));
  }

  /**
   * Gives an amount back to an item: to pending while it is held (pending, or reversed in full
   * and not passed by a release since), which makes it pending again; to payable after.
   */
  private void giveBack(ModelItem item, long amount) {
    book(Account.commissionExpense(item.currency), -amount);
    boolean held = item.status == ItemStatus.PENDING
        || item.status == ItemStatus.REVERSED && !item.passedReversed;
    if (held) {
      book(of(AccountKind.PENDING, item.affiliate, item.currency), amount);
      item.pending += amount;
      item.status = ItemStatus.PENDING;
    } else {
      book(of(AccountKind.PAYABLE, item.affiliate, item.currency), amount);
    }
    item.reinstated += amount;
  }

  void adjust(String key, Adjustment adjustment) {
    CurrencyUnit currency = adjustment.amount().currency();
    book(of(AccountKind.PAYABLE, adjustment.affiliateId(), currency),
        adjustment.amount().minorUnits());
    book(Account.commissionExpense(currency), -adjustment.amount().minorUnits());
    postings.put(key, adjustment);
  }

  List<PayoutLine> prepare(String key, Instant asOf, PayoutRules rules) {
    long sequence = size() + 1L;
    TreeMap<Account, Long> due = new TreeMap<>(Comparator.comparing(Account::owner)
        .thenComparing(Account::currency));
    for (Map.Entry<Account, Long> balance : balances.entrySet()) {
      Account account = balance.getKey();
      if (account.kind() == AccountKind.PAYABLE && balance.getValue() > 0
          && rules.pays(account.owner(), dev.affiliatekit.money.Money.ofMinor(balance.getValue(),
              account.currency()))) {
        due.put(account, balance.getValue());
      }
    }
    List<PayoutLine> result = new ArrayList<>();
    List<String> ids = new ArrayList<>();
    int number = 0;
    for (Map.Entry<Account, Long> line : due.entrySet()) {
      Account account = line.getKey();
      String id = sequence + "-" + ++number;
      book(account, -line.getValue());
      book(of(AccountKind.PAYOUT_CLEARING, account.owner(), account.currency()), line.getValue());
      lines.put(id, new ModelLine(key, account.owner(), account.currency(), line.getValue()));
      ids.add(id);
      result.add(new PayoutLine(id, account.owner(),
          dev.affiliatekit.money.Money.ofMinor(line.getValue(), account.currency())));
    }
    batches.put(key, ids);
    postings.put(key, new PayoutPreparation(asOf, rules));
    return result;
  }

  void resolveLines(String key, Posting posting, String batch, Set<String> lineIds,
      PayoutLineStatus to) {
    List<String> all = batches.get(batch);
    if (all == null) {
      throw new Rejected(IllegalArgumentException.class);
    }
    List<ModelLine> chosen = new ArrayList<>();
    if (lineIds.isEmpty()) {
      for (String id : all) {
        if (lines.get(id).status == PayoutLineStatus.IN_CLEARING) {
          chosen.add(lines.get(id));
        }
      }
      if (chosen.isEmpty() && !all.isEmpty()) {
        throw new Rejected(AlreadyResolvedException.class);
      }
      if (all.isEmpty() && resolvedEmptyBatches.contains(batch)) {
        throw new Rejected(AlreadyResolvedException.class);
      }
    } else {
      for (String id : lineIds) {
        ModelLine line = lines.get(id);
        if (line == null || !line.batch.equals(batch)) {
          throw new Rejected(IllegalArgumentException.class);
        }
        if (line.status != PayoutLineStatus.IN_CLEARING) {
          throw new Rejected(AlreadyResolvedException.class);
        }
        chosen.add(line);
      }
    }
    AccountKind destination = to == PayoutLineStatus.SETTLED ? AccountKind.PAID : AccountKind.PAYABLE;
    for (ModelLine line : chosen) {
      book(of(AccountKind.PAYOUT_CLEARING, line.affiliate, line.currency), -line.amount);
      book(of(destination, line.affiliate, line.currency), line.amount);
      line.status = to;
    }
    if (all.isEmpty()) {
      resolvedEmptyBatches.add(batch);
    }
    postings.put(key, posting);
  }
}
