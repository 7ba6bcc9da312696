package dev.affiliatekit.ledger;

import static com.google.common.base.Preconditions.checkArgument;
import static com.google.common.base.Preconditions.checkState;

import dev.affiliatekit.internal.Texts;
import dev.affiliatekit.money.CurrencyMismatchException;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the journal adds up to: balances, pending items, reversals and payout lines, and the rules
 * that turn a posting into entries.
 *
 * <p>A posting is applied in two steps. {@link #plan} checks it and computes its entries without
 * changing anything (the one exception, a release taking items off the hold queue, is undone by
 * {@link Plan#abandon()}); {@link #commit} applies a plan once its transaction is in the store. A
 * ledger rebuilt from a store runs the same two steps for every stored transaction and checks that
 * the plan books exactly the stored entries, so live postings and replays cannot drift apart.
 * Not thread-safe: {@link JournalLedger} holds its lock around every use.
 */
final class LedgerState {

  /** An account's running balance, and scratch space for checking a plan for overflow. */
  static final class Balance {
    final Account account;
    long minor;
    boolean registered;
    long delta;
    boolean touched;

    Balance(Account account) {
      this.account = account;
    }
  }

  /** An accrued item. */
  static final class Item {
    final String key;
    final Optional<String> reference;
    final Accrual accrual;
    final long sequence;
    final Balance pendingBalance;
    ItemStatus status = ItemStatus.PENDING;
    long pending;
    long released;
    long reversed;
    long voided;
    long reinstated;

    Item(String key, Accrual accrual, long sequence, Balance pendingBalance) {
      this.key = key;
      this.reference = Optional.of(key);
      this.accrual = accrual;
      this.sequence = sequence;
      this.pendingBalance = pendingBalance;
      this.pending = accrual.amount().minorUnits();
    }

    long outstanding() {
      return accrual.amount().minorUnits() - reversed - voided + reinstated;
    }

    CurrencyUnit currency() {
      return accrual.amount().currency();
    }

    PendingItem view() {
      CurrencyUnit currency = currency();
      return new PendingItem(key, accrual, status, Money.ofMinor(pending, currency),
          Money.ofMinor(released, currency), Money.ofMinor(reversed, currency),
          Money.ofMinor(voided, currency), Money.ofMinor(reinstated, currency));
    }
  }

  /** A reversal, which a won chargeback may reinstate once. */
  static final class ReversalRecord {
    final Item item;
    final ReversalKind kind;
    final Money amount;
    boolean reinstated;

    ReversalRecord(Item item, ReversalKind kind, Money amount) {
      this.item = item;
      this.kind = kind;
      this.amount = amount;
    }
  }

  /** A payout line and where it stands. */
  static final class Line {
    final PayoutLine line;
    final String batchKey;
    final int number;
    final Balance clearing;
    PayoutLineStatus status = PayoutLineStatus.IN_CLEARING;

    Line(PayoutLine line, String batchKey, int number, Balance clearing) {
      this.line = line;
      this.batchKey = batchKey;
      this.number = number;
      this.clearing = clearing;
    }
  }

  /** Entries computed for a posting, the balances they book, and what to change on commit. */
  static final class Plan {
    final List<Entry> entries = new ArrayList<>();
    private final List<Balance> targets = new ArrayList<>();
    private @Nullable Map<Account, Balance> fresh;
    private Runnable effect = () -> {};
    private Runnable undo = () -> {};
    @Nullable PayoutBatch batch;

    void book(Balance balance, long amount, Optional<String> reference) {
      entries.add(new Entry(balance.account, Money.ofMinor(amount, balance.account.currency()),
          reference));
      targets.add(balance);
    }

    /** Puts back what planning took; called when the transaction does not reach the store. */
    void abandon() {
      undo.run();
    }
  }

  private static final Comparator<Item> BY_HOLD =
      Comparator.comparing((Item item) -> item.accrual.holdUntil()).thenComparingLong(i -> i.sequence);

  private final Map<Account, Balance> balances = new HashMap<>();
  private final List<Balance> payables = new ArrayList<>();
  private final Map<String, Item> items = new HashMap<>();
  private final PriorityQueue<Item> holds = new PriorityQueue<>(BY_HOLD);
  private final Map<String, ReversalRecord> reversals = new HashMap<>();
  private final Map<String, PayoutBatch> batches = new HashMap<>();
  private final Map<String, List<Line>> batchLines = new HashMap<>();
  private final Map<String, Line> lines = new HashMap<>();
  private long lastSequence;
  private Instant lastPostedAt = Instant.MIN;

  long lastSequence() {
    return lastSequence;
  }

  Instant lastPostedAt() {
    return lastPostedAt;
  }

  // ---- planning: checks and entries, no changes ----

  Plan plan(String key, Posting posting, long sequence, Instant now) {
    Plan plan = new Plan();
    if (posting instanceof Accrual accrual) {
      planAccrual(plan, key, accrual, sequence);
    } else if (posting instanceof Release release) {
      planRelease(plan, release, now);
    } else if (posting instanceof Reversal reversal) {
      planReversal(plan, key, reversal);
    } else if (posting instanceof Reinstatement reinstatement) {
      planReinstatement(plan, reinstatement);
    } else if (posting instanceof Voiding voiding) {
      planVoiding(plan, voiding);
    } else if (posting instanceof Adjustment adjustment) {
      planAdjustment(plan, adjustment);
    } else if (posting instanceof PayoutPreparation preparation) {
      planPreparation(plan, key, preparation, sequence, now);
    } else if (posting instanceof PayoutSettlement settlement) {
      planLines(plan, settlement.batchKey(), settlement.lineIds(), PayoutLineStatus.SETTLED);
    } else if (posting instanceof PayoutFailure failure) {
      planLines(plan, failure.batchKey(), failure.lineIds(), PayoutLineStatus.FAILED);
    } else {
      throw new AssertionError("bug: unknown posting " + posting.getClass());
    }
    try {
      checkOverflow(plan);
    } catch (RuntimeException e) {
      plan.abandon();
      throw e;
    }
    return plan;
  }

  private void planAccrual(Plan plan, String key, Accrual accrual, long sequence) {
    Money amount = accrual.amount();
    CurrencyUnit currency = amount.currency();
    Balance pending = balance(plan, Account.of(AccountKind.PENDING, accrual.affiliateId(), currency));
    Balance expense = balance(plan, Account.commissionExpense(currency));
    Item item = new Item(key, accrual, sequence, pending);
    plan.entries.add(new Entry(pending.account, amount, item.reference));
    plan.targets.add(pending);
    plan.entries.add(new Entry(expense.account, amount.negated(), item.reference));
    plan.targets.add(expense);
    plan.effect = () -> {
      items.put(key, item);
      holds.add(item);
    };
  }

  private void planRelease(Plan plan, Release release, Instant now) {
    Instant asOf = release.asOf();
    checkArgument(!asOf.isAfter(now), "release time must not be after now, %s: %s", now, asOf);
    List<Item> matured = new ArrayList<>();
    while (!holds.isEmpty() && !holds.peek().accrual.holdUntil().isAfter(asOf)) {
      Item item = holds.poll();
      // Items reversed in full or voided while held leave the queue here, lazily.
      if (item.status == ItemStatus.PENDING) {
        matured.add(item);
      }
    }
    plan.undo = () -> holds.addAll(matured);
    try {
      for (Item item : matured) {
        Balance payable = balance(plan, Account.of(AccountKind.PAYABLE,
            item.accrual.affiliateId(), item.currency()));
        plan.book(item.pendingBalance, -item.pending, item.reference);
        plan.book(payable, item.pending, item.reference);
      }
    } catch (RuntimeException e) {
      plan.abandon();
      throw e;
    }
    plan.effect = () -> {
      for (Item item : matured) {
        item.released = item.pending;
        item.pending = 0;
        item.status = ItemStatus.RELEASED;
      }
    };
  }

  private void planReversal(Plan plan, String key, Reversal reversal) {
    Item item = item(reversal.itemKey());
    CurrencyUnit currency = item.currency();
    long outstanding = item.outstanding();
    if (outstanding == 0) {
      throw new AlreadyResolvedException("pending item", item.key,
          item.status == ItemStatus.VOIDED ? "voided" : "reversed in full");
    }
    long amount;
    if (reversal.amount().isPresent()) {
      Money requested = reversal.amount().get();
      if (!requested.currency().equals(currency)) {
        throw new CurrencyMismatchException(currency, requested.currency());
      }
      amount = requested.minorUnits();
      if (amount > outstanding) {
        throw new ExcessAmountException(item.key, requested, Money.ofMinor(outstanding, currency));
      }
    } else {
      amount = outstanding;
    }
    String affiliate = item.accrual.affiliateId();
    Balance expense = balance(plan, Account.commissionExpense(currency));
    long fromPending = item.status == ItemStatus.PENDING ? Math.min(amount, item.pending) : 0;
    long fromPayable = amount - fromPending;
    if (fromPending > 0) {
      plan.book(item.pendingBalance, -fromPending, item.reference);
      plan.book(expense, fromPending, item.reference);
    }
    if (fromPayable > 0) {
      plan.book(balance(plan, Account.of(AccountKind.PAYABLE, affiliate, currency)), -fromPayable,
          item.reference);
      plan.book(expense, fromPayable, item.reference);
    }
    ReversalRecord record = new ReversalRecord(item, reversal.kind(), Money.ofMinor(amount, currency));
    plan.effect = () -> {
      item.pending -= fromPending;
      item.reversed += amount;
      if (item.status == ItemStatus.PENDING && item.pending == 0) {
        item.status = ItemStatus.REVERSED;
      }
      reversals.put(key, record);
    };
  }

  private void planReinstatement(Plan plan, Reinstatement reinstatement) {
    String key = reinstatement.reversalKey();
    ReversalRecord reversal = reversals.get(key);
    checkArgument(reversal != null, "reversal is unknown: %s", Texts.quote(key));
    checkState(reversal.kind == ReversalKind.CHARGEBACK,
        "only a chargeback can be reinstated, not a %s: %s",
        reversal.kind.name().toLowerCase(Locale.ROOT), Texts.quote(key));
    if (reversal.reinstated) {
      throw new AlreadyResolvedException("chargeback", key, "reinstated");
    }
    Item item = reversal.item;
    long amount = reversal.amount.minorUnits();
    plan.book(balance(plan, Account.commissionExpense(item.currency())), -amount, item.reference);
    plan.book(balance(plan, Account.of(AccountKind.PAYABLE, item.accrual.affiliateId(),
        item.currency())), amount, item.reference);
    plan.effect = () -> {
      reversal.reinstated = true;
      item.reinstated += amount;
    };
  }

  private void planVoiding(Plan plan, Voiding voiding) {
    Item item = item(voiding.itemKey());
    if (item.status != ItemStatus.PENDING) {
      throw new AlreadyResolvedException("pending item", item.key,
          item.status == ItemStatus.REVERSED ? "reversed in full"
              : item.status.name().toLowerCase(Locale.ROOT));
    }
    long amount = item.pending;
    plan.book(item.pendingBalance, -amount, item.reference);
    plan.book(balance(plan, Account.commissionExpense(item.currency())), amount, item.reference);
    plan.effect = () -> {
      item.voided = amount;
      item.pending = 0;
      item.status = ItemStatus.VOIDED;
    };
  }

  private void planAdjustment(Plan plan, Adjustment adjustment) {
    Money amount = adjustment.amount();
    CurrencyUnit currency = amount.currency();
    plan.book(balance(plan, Account.of(AccountKind.PAYABLE, adjustment.affiliateId(), currency)),
        amount.minorUnits(), Optional.empty());
    plan.book(balance(plan, Account.commissionExpense(currency)),
        Math.negateExact(amount.minorUnits()), Optional.empty());
  }

  private void planPreparation(Plan plan, String key, PayoutPreparation preparation,
      long sequence, Instant now) {
    Instant asOf = preparation.asOf();
    checkArgument(!asOf.isAfter(now), "payout cut-off must not be after now, %s: %s", now, asOf);
    checkArgument(!asOf.isBefore(lastPostedAt),
        "payout cut-off must not precede the latest posting, at %s: %s", lastPostedAt, asOf);
    PayoutRules rules = preparation.rules();
    Map<CurrencyUnit, Money> minimums = rules.minimumsByCurrency();
    Set<String> eligible = rules.eligibleAffiliates().orElse(null);
    List<Balance> due = new ArrayList<>();
    for (Balance payable : payables) {
      Money minimum = minimums.get(payable.account.currency());
      if (minimum != null && payable.minor >= minimum.minorUnits()
          && (eligible == null || eligible.contains(payable.account.owner()))) {
        due.add(payable);
      }
    }
    Balance[] sorted = due.toArray(new Balance[0]);
    Arrays.sort(sorted, Comparator.comparing(balance -> balance.account));
    List<PayoutLine> payoutLines = new ArrayList<>(sorted.length);
    List<Line> records = new ArrayList<>(sorted.length);
    for (int i = 0; i < sorted.length; i++) {
      Balance payable = sorted[i];
      Account account = payable.account;
      Balance clearing = balance(plan, Account.of(AccountKind.PAYOUT_CLEARING, account.owner(),
          account.currency()));
      PayoutLine line = new PayoutLine(PayoutLine.id(sequence, i + 1), account.owner(),
          Money.ofMinor(payable.minor, account.currency()));
      Optional<String> reference = Optional.of(line.id());
      plan.book(payable, -payable.minor, reference);
      plan.book(clearing, payable.minor, reference);
      payoutLines.add(line);
      records.add(new Line(line, key, i + 1, clearing));
    }
    PayoutBatch batch = new PayoutBatch(key, sequence, asOf, payoutLines);
    plan.batch = batch;
    plan.effect = () -> {
      batches.put(key, batch);
      batchLines.put(key, records);
      for (Line record : records) {
        lines.put(record.line.id(), record);
      }
    };
  }

  private void planLines(Plan plan, String batchKey, Set<String> lineIds, PayoutLineStatus to) {
    List<Line> all = batchLines.get(batchKey);
    checkArgument(all != null, "payout batch is unknown: %s", Texts.quote(batchKey));
    List<Line> chosen = new ArrayList<>();
    if (lineIds.isEmpty()) {
      for (Line line : all) {
        if (line.status == PayoutLineStatus.IN_CLEARING) {
          chosen.add(line);
        }
      }
      if (chosen.isEmpty()) {
        throw new AlreadyResolvedException("payout batch", batchKey, "settled or failed");
      }
    } else {
      for (String id : lineIds) {
        Line line = lines.get(id);
        checkArgument(line != null && line.batchKey.equals(batchKey),
            "payout line is not in batch %s: %s", Texts.quote(batchKey), Texts.quote(id));
        if (line.status != PayoutLineStatus.IN_CLEARING) {
          throw new AlreadyResolvedException("payout line", id,
              line.status.name().toLowerCase(Locale.ROOT));
        }
        chosen.add(line);
      }
      chosen.sort(Comparator.comparingInt(line -> line.number));
    }
    AccountKind destination = to == PayoutLineStatus.SETTLED ? AccountKind.PAID : AccountKind.PAYABLE;
    for (Line line : chosen) {
      Money amount = line.line.amount();
      Optional<String> reference = Optional.of(line.line.id());
      plan.book(line.clearing, -amount.minorUnits(), reference);
      plan.book(balance(plan, Account.of(destination, line.line.affiliateId(), amount.currency())),
          amount.minorUnits(), reference);
    }
    plan.effect = () -> {
      for (Line line : chosen) {
        line.status = to;
      }
    };
  }

  private Item item(String key) {
    Item item = items.get(key);
    checkArgument(item != null, "pending item is unknown: %s", Texts.quote(key));
    return item;
  }

  /** Returns the running balance of an account, or a new one that commit registers. */
  private Balance balance(Plan plan, Account account) {
    Balance balance = balances.get(account);
    if (balance != null) {
      return balance;
    }
    if (plan.fresh == null) {
      plan.fresh = new HashMap<>();
    }
    return plan.fresh.computeIfAbsent(account, Balance::new);
  }

  /** Rejects a plan whose entries would take a balance beyond what a {@code long} holds. */
  private static void checkOverflow(Plan plan) {
    List<Balance> targets = plan.targets;
    List<Entry> entries = plan.entries;
    if (targets.size() <= 2) {
      // Accruals, adjustments and single-line postings book distinct accounts.
      for (int i = 0; i < targets.size(); i++) {
        long unused = Math.addExact(targets.get(i).minor, entries.get(i).amount().minorUnits());
      }
      return;
    }
    List<Balance> touched = new ArrayList<>();
    try {
      for (int i = 0; i < targets.size(); i++) {
        Balance target = targets.get(i);
        if (!target.touched) {
          target.touched = true;
          target.delta = 0;
          touched.add(target);
        }
        target.delta = Math.addExact(target.delta, entries.get(i).amount().minorUnits());
      }
      for (Balance target : touched) {
        long unused = Math.addExact(target.minor, target.delta);
      }
    } finally {
      for (Balance target : touched) {
        target.touched = false;
      }
    }
  }

  // ---- commit: the plan's transaction is in the store ----

  void commit(Transaction transaction, Plan plan) {
    List<Balance> targets = plan.targets;
    List<Entry> entries = plan.entries;
    for (int i = 0; i < targets.size(); i++) {
      Balance target = targets.get(i);
      // checkOverflow proved the final balance fits; wrapping on the way there cancels out.
      target.minor += entries.get(i).amount().minorUnits();
      if (!target.registered) {
        target.registered = true;
        balances.put(target.account, target);
        if (target.account.kind() == AccountKind.PAYABLE) {
          payables.add(target);
        }
      }
    }
    plan.effect.run();
    lastSequence = transaction.sequence();
    lastPostedAt = transaction.postedAt();
  }

  // ---- queries ----

  Money balance(Account account) {
    Balance balance = balances.get(account);
    return Money.ofMinor(balance == null ? 0 : balance.minor, account.currency());
  }

  List<Account> accounts() {
    List<Account> accounts = new ArrayList<>(balances.keySet());
    accounts.sort(null);
    return List.copyOf(accounts);
  }

  Optional<PendingItem> pendingItem(String key) {
    Item item = items.get(key);
    return item == null ? Optional.empty() : Optional.of(item.view());
  }

  Optional<PayoutBatch> batch(String key) {
    return Optional.ofNullable(batches.get(key));
  }

  Optional<PayoutLineStatus> lineStatus(String lineId) {
    Line line = lines.get(lineId);
    return line == null ? Optional.empty() : Optional.of(line.status);
  }
}
