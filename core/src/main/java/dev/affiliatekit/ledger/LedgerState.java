package dev.affiliatekit.ledger;

import static com.google.common.base.Preconditions.checkArgument;

import com.google.errorprone.annotations.CanIgnoreReturnValue;
import dev.affiliatekit.internal.Texts;
import dev.affiliatekit.money.CurrencyMismatchException;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * What the journal adds up to: balances, pending items, reversals and payout lines, and the rules
 * that turn a posting into entries.
 *
 * <p>A posting is applied in two steps. {@link #plan} checks it and computes its entries without
 * changing anything (a release may sort the held items, which changes no meaning); {@link #commit}
 * applies a plan once its transaction is in the store, so a plan that never reaches the store is
 * simply dropped. A ledger rebuilt from a store runs the same two steps for every stored
 * transaction and checks that the plan books exactly the stored entries, so live postings and
 * replays cannot drift apart. Not thread-safe: {@link JournalLedger} holds its lock around every
 * use.
 */
final class LedgerState {

  /** The totals of the kinds of account in one currency, or the changes a plan makes to them. */
  static final class KindTotals {
    private long pending;
    private long payable;
    private long clearing;
    private long paid;
    private long expense;

    long get(AccountKind kind) {
      return switch (kind) {
        case PENDING -> pending;
        case PAYABLE -> payable;
        case PAYOUT_CLEARING -> clearing;
        case PAID -> paid;
        case COMMISSION_EXPENSE -> expense;
      };
    }

    void set(AccountKind kind, long total) {
      switch (kind) {
        case PENDING -> pending = total;
        case PAYABLE -> payable = total;
        case PAYOUT_CLEARING -> clearing = total;
        case PAID -> paid = total;
        case COMMISSION_EXPENSE -> expense = total;
      }
    }
  }

  /** An account's running balance, and scratch space for checking a plan for overflow. */
  static final class Balance {
    final Account account;
    long minor;
    boolean registered;
    /** The owner's balances in this currency, once registered. */
    @Nullable Pocket pocket;
    long delta;
    boolean touched;

    Balance(Account account) {
      this.account = account;
    }
  }

  /**
   * The balances of one owner in one currency, by kind, and the owner's other currencies; for an
   * affiliate, also its entries in the currency, so that its statements and balances as of an
   * instant read its own entries, not the whole journal, nor every entry of each release.
   */
  static final class Pocket {
    private static final Transaction[] NO_TRANSACTIONS = {};
    private static final int[] NO_ENTRIES = {};

    final CurrencyUnit currency;
    private @Nullable Balance pending;
    private @Nullable Balance payable;
    private @Nullable Balance clearing;
    private @Nullable Balance paid;
    private @Nullable Balance expense;
    @Nullable Pocket next;
    /**
     * The entries on the pocket's affiliate accounts, in journal order: row {@code i} is the entry
     * at {@code entries[i]} of {@code transactions[i]}, or the two from {@code ~entries[i]} if
     * that is negative, as a release's or a payout run's entries for an item or a line are.
     */
    private Transaction[] transactions = NO_TRANSACTIONS;
    private int[] entries = NO_ENTRIES;
    private int rows;

    Pocket(CurrencyUnit currency) {
      this.currency = currency;
    }

    /** Adds an entry on one of the pocket's accounts: the one at an index of a transaction. */
    void add(Transaction transaction, int entry) {
      if (rows > 0 && transactions[rows - 1].sequence() == transaction.sequence()
          && entries[rows - 1] == entry - 1) {
        entries[rows - 1] = ~(entry - 1);
        return;
      }
      if (rows == transactions.length) {
        int length = Math.max(4, 2 * rows);
        transactions = Arrays.copyOf(transactions, length);
        entries = Arrays.copyOf(entries, length);
      }
      transactions[rows] = transaction;
      entries[rows] = entry;
      rows++;
    }

    /**
     * {@return the first row posted at or after the instant, or after it if {@code after}; the
     * number of rows if none is} The rows are in journal order, whose instants never go back.
     */
    int firstRow(Instant instant, boolean after) {
      int low = 0;
      int high = rows;
      while (low < high) {
        int middle = (low + high) >>> 1;
        int compared = transactions[middle].postedAt().compareTo(instant);
        if (compared < 0 || (after && compared == 0)) {
          low = middle + 1;
        } else {
          high = middle;
        }
      }
      return low;
    }

    /** {@return the number of entries in the rows from {@code start} to before {@code end}} */
    int entryCount(int start, int end) {
      int count = end - start;
      for (int row = start; row < end; row++) {
        if (entries[row] < 0) {
          count++;
        }
      }
      return count;
    }

    /**
     * Copies the entries, one per row, of the rows from {@code start} to before {@code end}, from
     * an index of the arrays; returns the index after.
     */
    @CanIgnoreReturnValue
    int copyEntries(int start, int end, Transaction[] toTransactions, int[] toEntries, int at) {
      for (int row = start; row < end; row++) {
        int entry = entries[row];
        toTransactions[at] = transactions[row];
        toEntries[at++] = entry < 0 ? ~entry : entry;
        if (entry < 0) {
          toTransactions[at] = transactions[row];
          toEntries[at++] = ~entry + 1;
        }
      }
      return at;
    }

    /**
     * Adds the amounts of the entries of the rows from {@code start} to before {@code end} to the
     * sums by kind of account, or subtracts them if {@code subtract}, wrapping on overflow: a
     * caller that subtracts a span from the balances now gets back the balances before it exactly,
     * as those fit in a {@code long}, whatever the span's own sums do.
     */
    void addAmounts(int start, int end, KindTotals sums, boolean subtract) {
      for (int row = start; row < end; row++) {
        int entry = entries[row];
        List<Entry> posted = transactions[row].entries();
        int first = entry < 0 ? ~entry : entry;
        for (int at = first; at <= (entry < 0 ? first + 1 : first); at++) {
          Entry one = posted.get(at);
          long minor = one.amount().minorUnits();
          AccountKind kind = one.account().kind();
          sums.set(kind, sums.get(kind) + (subtract ? -minor : minor));
        }
      }
    }

    /**
     * {@return the sums by kind of account of the entries posted at or before the instant} Reads
     * the shorter side of it: the rows up to it, or the rows after it taken from the balances now,
     * so that balances as of a recent instant cost the entries since, not the affiliate's history.
     */
    KindTotals sumsAsOf(Instant asOf) {
      KindTotals sums = new KindTotals();
      int end = firstRow(asOf, true);
      if (end <= rows - end) {
        addAmounts(0, end, sums, false);
        return sums;
      }
      for (AccountKind kind : KINDS) {
        Balance balance = get(kind);
        sums.set(kind, balance == null ? 0 : balance.minor);
      }
      addAmounts(end, rows, sums, true);
      return sums;
    }

    @Nullable Balance get(AccountKind kind) {
      return switch (kind) {
        case PENDING -> pending;
        case PAYABLE -> payable;
        case PAYOUT_CLEARING -> clearing;
        case PAID -> paid;
        case COMMISSION_EXPENSE -> expense;
      };
    }

    void set(AccountKind kind, Balance balance) {
      switch (kind) {
        case PENDING -> pending = balance;
        case PAYABLE -> payable = balance;
        case PAYOUT_CLEARING -> clearing = balance;
        case PAID -> paid = balance;
        case COMMISSION_EXPENSE -> expense = balance;
      }
    }
  }

  /**
   * Entries of an affiliate, in journal order: row {@code i} is the entry at {@code entries[i]}
   * of {@code transactions[i]}. A copy, which later postings do not change.
   */
  static final class EntryRows {
    final Transaction[] transactions;
    final int[] entries;

    EntryRows(Transaction[] transactions, int[] entries) {
      this.transactions = transactions;
      this.entries = entries;
    }

    int size() {
      return entries.length;
    }

    Entry entry(int row) {
      return transactions[row].entries().get(entries[row]);
    }

    /** {@return the distinct transactions of the rows, in sequence order} */
    List<Transaction> transactions() {
      List<Transaction> distinct = new ArrayList<>();
      for (Transaction transaction : transactions) {
        // A transaction's rows are adjacent: they are added by one commit, or merged in order.
        if (distinct.isEmpty()
            || distinct.get(distinct.size() - 1).sequence() != transaction.sequence()) {
          distinct.add(transaction);
        }
      }
      return Collections.unmodifiableList(distinct);
    }
  }

  /**
   * An accrued item, which is also its accrual's plan: the accrual is the posting made most often,
   * so the item carries the two entries and balances of its plan instead of a separate object.
   */
  static final class Item extends Plan {
    /** The item's key, which its entries name; its transaction's once committed. */
    Optional<String> reference;
    final Accrual accrual;
    final Balance pendingBalance;
    private final Balance expenseBalance;
    @Nullable Transaction transaction;
    ItemStatus status = ItemStatus.PENDING;
    long pending;
    long released;
    long reversed;
    long voided;
    long reinstated;

    /** Plans the accrual of an item: its amount to the pending balance, against the expense. */
    Item(String key, Accrual accrual, Balance pendingBalance, Balance expenseBalance) {
      this(Optional.of(key), accrual, pendingBalance, expenseBalance);
    }

    private Item(Optional<String> reference, Accrual accrual,
        Balance pendingBalance, Balance expenseBalance) {
      // List.of of two is kept as is by Transaction's List.copyOf: no copy on the hottest path.
      super(List.of(new Entry(pendingBalance.account, accrual.amount(), reference),
          new Entry(expenseBalance.account, accrual.amount().negated(), reference)));
      this.reference = reference;
      this.accrual = accrual;
      this.pendingBalance = pendingBalance;
      this.expenseBalance = expenseBalance;
      this.pending = accrual.amount().minorUnits();
    }

    @Override
    Balance target(int index) {
      return index == 0 ? pendingBalance : expenseBalance;
    }

    /**
     * Records the item's transaction, and keeps the transaction's entries and their reference
     * instead of the plan's. They are the plan's own for a live posting; a transaction replayed
     * from a store or restored from a journal brings its own, which {@link JournalLedger} has
     * checked are equal to the plan's and which the journal keeps anyway, so that the item holds
     * no second copy of them.
     */
    void commit(Transaction transaction) {
      this.transaction = transaction;
      entries = transaction.entries();
      reference = entries.get(0).reference();
    }

    /** {@return the key of the accrual, which is the item's key} */
    String key() {
      return reference.orElseThrow();
    }

    /** {@return the sequence of the accrual's transaction}; only for a committed item */
    long sequence() {
      return java.util.Objects.requireNonNull(transaction, "bug: uncommitted item").sequence();
    }

    long outstanding() {
      return accrual.amount().minorUnits() - reversed - voided + reinstated;
    }

    CurrencyUnit currency() {
      return accrual.amount().currency();
    }

    PendingItem view() {
      CurrencyUnit currency = currency();
      return new PendingItem(key(), accrual, status, Money.ofMinor(pending, currency),
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
    /** The reinstatement's transaction, once committed. */
    @Nullable Transaction reinstatement;

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

  /**
   * Entries computed for a posting and the balances they book: an accrual's {@link Item}, or a
   * {@link Booking} for any other posting.
   */
  abstract static class Plan {
    /** The entries, in booking order; an item's are its transaction's once committed. */
    List<Entry> entries;

    Plan(List<Entry> entries) {
      this.entries = entries;
    }

    /** {@return the balance that the entry at the index books} */
    abstract Balance target(int index);
  }

  /** The plan of any posting but an accrual: entries booked one by one, and what else changes. */
  static final class Booking extends Plan {
    private static final Balance[] NONE = {};

    private Balance[] targets;
    private int targetCount;
    /**
     * Balances this plan creates, by owner as in {@link LedgerState#pockets}; null until needed.
     */
    private @Nullable KeyIndex<Pocket> fresh;
    private Runnable effect = () -> {};

    /** Creates a plan expecting about the given number of entries. */
    Booking(int entryCount) {
      super(new ArrayList<>(entryCount));
      targets = entryCount == 0 ? NONE : new Balance[entryCount];
    }

    @Override
    Balance target(int index) {
      return targets[index];
    }

    void book(Balance balance, long amount, Optional<String> reference) {
      book(balance, Money.ofMinor(amount, balance.account.currency()), reference);
    }

    void book(Balance balance, Money amount, Optional<String> reference) {
      entries.add(new Entry(balance.account, amount, reference));
      if (targetCount == targets.length) {
        targets = Arrays.copyOf(targets, Math.max(4, 2 * targetCount));
      }
      targets[targetCount++] = balance;
    }
  }

  private static final AccountKind[] KINDS = AccountKind.values();
  private static final Comparator<Balance> BY_OWNER_AND_CURRENCY = (a, b) -> {
    int byOwner = a.account.owner().compareTo(b.account.owner());
    return byOwner != 0 ? byOwner : a.account.currency().compareTo(b.account.currency());
  };
  /** How far back among the sorted held items a late item may take its place in the array. */
  private static final int NEAR = 4096;
  private static final Comparator<Item> BY_HOLD = (a, b) -> {
    int byHold = a.accrual.holdUntil().compareTo(b.accrual.holdUntil());
    return byHold != 0 ? byHold : Long.compare(a.sequence(), b.sequence());
  };

  /**
   * Every account booked, in the order of its first booking. A balance is found through {@link
   * #pockets}, so registering a new account costs an append here and no hash of the account.
   */
  private final List<Balance> registered = new ArrayList<>();
  private final KeyIndex<Pocket> pockets = new KeyIndex<>();
  private final List<Balance> payables = new ArrayList<>();
  /**
   * Every transaction by idempotency key: the accrued {@link Item} for an accrual, which holds its
   * transaction, and the {@link Transaction} itself for any other posting. One map serves both the
   * idempotency check and the item lookup, so an accrual costs one lookup and one insertion.
   */
  private final KeyIndex<Object> byKey = new KeyIndex<>();
  /**
   * The items accrued for each order: an {@link Item}, or {@link OrderItems} in accrual order;
   * null until {@link #itemsOfOrder} is first asked, so that a ledger never asked pays nothing
   * for it on the accrual path.
   */
  private @Nullable KeyIndex<Object> itemsByOrder;
  /** The commission expense balance used last: nearly every accrual books the same one. */
  private @Nullable Balance lastExpense;
  /**
   * Items not yet released, in {@code holds[holdStart, holdEnd)} or in {@link #lateHolds}. The
   * array is appended to as items are accrued, and is in hold order up to {@link #sortedEnd}; an
   * item that comes after one with a later hold, as a sale recorded a little late does, is sorted
   * in by {@link #sortHolds} when a release or {@link #earliestHoldEnd} needs the order. An item
   * whose place lies more than {@link #NEAR} sorted items back goes to {@link #lateHolds}
   * instead, so that an accrual costs an array store or a tree insertion, and a sort moves at most
   * the late items and the last {@link #NEAR} sorted ones. Items resolved while held stay until a
   * release or {@link #earliestHoldEnd} passes them.
   */
  private Item[] holds = new Item[1024];
  private int holdStart;
  private int holdEnd;
  /** The end of the sorted start of the held items: {@code holds[holdStart, sortedEnd)}. */
  private int sortedEnd;
  /** Held items whose place lay further back than {@link #NEAR}, in hold order. */
  private final TreeSet<Item> lateHolds = new TreeSet<>(BY_HOLD);
  private final Map<String, ReversalRecord> reversals = new HashMap<>();
  private final Map<String, PayoutBatch> batches = new HashMap<>();
  private final Map<String, List<Line>> batchLines = new HashMap<>();
  /** How each payout batch without lines was resolved, if it was: settled or failed. */
  private final Map<String, PayoutLineStatus> resolvedEmptyBatches = new HashMap<>();
  /** The key of each payout batch by its sequence, which a line id starts with. */
  private final Map<Long, String> batchKeys = new HashMap<>();
  /**
   * The total of each kind of account per currency.
   * Postings that would take a total beyond a {@code long} are rejected, so {@link #totals} is
   * always exact.
   */
  private final Map<CurrencyUnit, KindTotals> kindTotals = new HashMap<>();
  /**
   * The unit of each currency code the ledger has booked: one per code, since two units of one
   * code, such as ISO USD and a custom USD of scale 3, print alike and a journal could not tell
   * them apart.
   */
  private final Map<String, CurrencyUnit> unitsByCode = new HashMap<>();
  /** The totals used last, and their currency: nearly every posting books the same currency. */
  private @Nullable KindTotals lastTotals;
  private @Nullable CurrencyUnit lastTotalsCurrency;
  private @Nullable Transaction last;
  private long lastSequence;
  private Instant lastPostedAt = Instant.MIN;
  /**
   * The releases made, in order: the sequence of each and the instant it was made as of, so that
   * an item reversed in full while held can tell whether a release since its accrual passed its
   * hold end, in two binary searches with {@link #latestReleases}, however often a host releases.
   */
  private long[] releaseSequences = new long[8];
  private Instant[] releaseInstants = new Instant[8];
  private int releaseCount;
  /**
   * The releases made as of a later instant than every release after them, by index, in order:
   * so their instants decrease, and the first at or after an index is the latest instant of the
   * releases from there on.
   */
  private int[] latestReleases = new int[8];
  private int latestReleaseCount;

  long lastSequence() {
    return lastSequence;
  }

  Optional<Transaction> lastTransaction() {
    return Optional.ofNullable(last);
  }

  Instant lastPostedAt() {
    return lastPostedAt;
  }

  // ---- planning: checks and entries, no changes ----

  Plan plan(String key, Posting posting, long sequence, Instant now) {
    if (posting instanceof Accrual accrual) {
      Item plan = planAccrual(key, accrual);
      checkOverflow(plan);
      return plan;
    }
    Booking plan;
    if (posting instanceof Release release) {
      plan = planRelease(release, now);
    } else if (posting instanceof PayoutPreparation preparation) {
      plan = planPreparation(key, preparation, sequence, now);
    } else {
      plan = new Booking(2);
      planOther(plan, key, posting);
    }
    checkOverflow(plan);
    return plan;
  }

  private void planOther(Booking plan, String key, Posting posting) {
    if (posting instanceof Reversal reversal) {
      planReversal(plan, key, reversal);
    } else if (posting instanceof Reinstatement reinstatement) {
      planReinstatement(plan, reinstatement);
    } else if (posting instanceof Voiding voiding) {
      planVoiding(plan, voiding);
    } else if (posting instanceof Adjustment adjustment) {
      planAdjustment(plan, adjustment);
    } else if (posting instanceof PayoutSettlement settlement) {
      planLines(plan, settlement.batchKey(), settlement.lineIds(), PayoutLineStatus.SETTLED);
    } else if (posting instanceof PayoutFailure failure) {
      planLines(plan, failure.batchKey(), failure.lineIds(), PayoutLineStatus.FAILED);
    } else {
      throw new AssertionError("bug: unknown posting " + posting.getClass());
    }
  }

  private Item planAccrual(String key, Accrual accrual) {
    CurrencyUnit currency = accrual.amount().currency();
    Balance pending = stateBalance(AccountKind.PENDING, accrual.affiliateId(), currency);
    if (!pending.registered) {
      // A balance the affiliate has already is in a unit the ledger keeps.
      checkUnit(currency, "accrual amount", accrual.amount());
    }
    Balance expense = lastExpense;
    if (expense == null || !expense.account.currency().equals(currency)) {
      expense = stateBalance(AccountKind.COMMISSION_EXPENSE, Account.BUSINESS, currency);
    }
    return new Item(key, accrual, pending, expense);
  }

  /**
   * Returns the running balance of an account, or a new one that commit registers, for a plan that
   * books the account once: unlike {@link #balance(Booking, AccountKind, String, CurrencyUnit)}, it
   * needs no record of the balances it creates.
   */
  private Balance stateBalance(AccountKind kind, String owner, CurrencyUnit currency) {
    Pocket pocket = find(pockets, owner, currency);
    return pocket != null ? registeredPocketBalance(pocket, kind, owner)
        : new Balance(new Account(kind, owner, currency));
  }

  private Booking planRelease(Release release, Instant now) {
    Instant asOf = release.asOf();
    checkArgument(!asOf.isAfter(now), "release time must not be after now, %s: %s", now, asOf);
    sortHolds();
    int end = firstHeldAfter(asOf);
    List<Item> late = new ArrayList<>();
    for (Item item : lateHolds) {
      if (item.accrual.holdUntil().isAfter(asOf)) {
        break;
      }
      late.add(item);
    }
    // Both in hold order, merged; items reversed in full or voided while held are passed over.
    List<Item> matured = new ArrayList<>(end - holdStart + late.size());
    int next = 0;
    for (int i = holdStart; i < end || next < late.size(); ) {
      Item item = next == late.size()
          || (i < end && BY_HOLD.compare(holds[i], late.get(next)) < 0) ? holds[i++]
          : late.get(next++);
      if (item.status == ItemStatus.PENDING) {
        matured.add(item);
      }
    }
    Booking plan = new Booking(2 * matured.size());
    for (Item item : matured) {
      Pocket pocket = item.pendingBalance.pocket;
      Balance payable = pocket != null
          ? registeredPocketBalance(pocket, AccountKind.PAYABLE, item.accrual.affiliateId())
          : balance(plan, AccountKind.PAYABLE, item.accrual.affiliateId(), item.currency());
      plan.book(item.pendingBalance, -item.pending, item.reference);
      plan.book(payable, item.pending, item.reference);
    }
    plan.effect = () -> {
      for (Item item : matured) {
        item.released = item.pending;
        item.pending = 0;
        item.status = ItemStatus.RELEASED;
      }
      dropHoldsBefore(end);
      for (int i = 0; i < late.size(); i++) {
        lateHolds.pollFirst();
      }
      if (releaseCount == releaseSequences.length) {
        releaseSequences = Arrays.copyOf(releaseSequences, 2 * releaseCount);
        releaseInstants = Arrays.copyOf(releaseInstants, 2 * releaseCount);
      }
      // The effect runs as the release's transaction is committed, which takes the next sequence.
      releaseSequences[releaseCount] = lastSequence + 1;
      releaseInstants[releaseCount] = asOf;
      while (latestReleaseCount > 0
          && !releaseInstants[latestReleases[latestReleaseCount - 1]].isAfter(asOf)) {
        latestReleaseCount--;
      }
      if (latestReleaseCount == latestReleases.length) {
        latestReleases = Arrays.copyOf(latestReleases, 2 * latestReleaseCount);
      }
      latestReleases[latestReleaseCount++] = releaseCount++;
    };
    return plan;
  }

  /**
   * Returns whether an item is still held, so that what is given back to it waits in pending for
   * its release: pending, or reversed in full while held and not passed by a release since (a
   * release after its accrual, as of its hold end or later, which would have released it; a
   * release before the accrual released nothing of it).
   */
  private boolean held(Item item) {
    if (item.status == ItemStatus.PENDING) {
      return true;
    }
    return item.status == ItemStatus.REVERSED && !passedByRelease(item);
  }

  private boolean passedByRelease(Item item) {
    // The first release after the accrual, then the latest instant of the releases from there.
    int first = Arrays.binarySearch(releaseSequences, 0, releaseCount, item.sequence());
    first = first >= 0 ? first + 1 : -first - 1;
    int low = 0;
    int high = latestReleaseCount;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (latestReleases[middle] < first) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low < latestReleaseCount
        && !releaseInstants[latestReleases[low]].isBefore(item.accrual.holdUntil());
  }

  private void addHold(Item item) {
    if (holdEnd == holds.length) {
      int live = holdEnd - holdStart;
      Item[] grown = live * 2 < holds.length ? holds : new Item[holds.length * 2];
      System.arraycopy(holds, holdStart, grown, 0, live);
      Arrays.fill(grown, live, holdEnd, null);
      holds = grown;
      sortedEnd -= holdStart;
      holdStart = 0;
      holdEnd = live;
    }
    boolean inOrder = sortedEnd == holdEnd
        && (holdEnd == holdStart || BY_HOLD.compare(holds[holdEnd - 1], item) <= 0);
    if (!inOrder && sortedEnd - NEAR > holdStart
        && BY_HOLD.compare(holds[sortedEnd - NEAR], item) > 0) {
      lateHolds.add(item);
      return;
    }
    holds[holdEnd++] = item;
    if (inOrder) {
      sortedEnd = holdEnd;
    }
  }

  /**
   * Sorts the held items that came late in among the others: sorts them, then merges them from
   * the end, moving only the sorted items that come after the earliest of them. Only reorders the
   * held items, so a plan may do it.
   */
  private void sortHolds() {
    if (sortedEnd == holdEnd) {
      return;
    }
    Arrays.sort(holds, sortedEnd, holdEnd, BY_HOLD);
    Item[] late = Arrays.copyOfRange(holds, sortedEnd, holdEnd);
    int from = upperBound(holdStart, sortedEnd, late[0]);
    int write = holdEnd;
    int read = sortedEnd;
    if (late.length <= 8) {
      // A few late items, as when each order is released as it comes: each moves the block of
      // sorted items after it at once.
      for (int j = late.length - 1; j >= 0; j--) {
        int place = upperBound(from, read, late[j]);
        int after = read - place;
        System.arraycopy(holds, place, holds, write - after, after);
        write -= after;
        holds[--write] = late[j];
        read = place;
      }
    } else {
      for (int j = late.length - 1; j >= 0; ) {
        holds[--write] = read > from && BY_HOLD.compare(holds[read - 1], late[j]) > 0
            ? holds[--read] : late[j--];
      }
    }
    sortedEnd = holdEnd;
  }

  /** Returns the index of the first held item in {@code [from, to)} that comes after the item. */
  private int upperBound(int from, int to, Item item) {
    int low = from;
    int high = to;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (BY_HOLD.compare(holds[middle], item) > 0) {
        high = middle;
      } else {
        low = middle + 1;
      }
    }
    return low;
  }

  /** Returns the index of the first sorted held item whose hold ends after the instant. */
  private int firstHeldAfter(Instant asOf) {
    int low = holdStart;
    int high = holdEnd;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (holds[middle].accrual.holdUntil().isAfter(asOf)) {
        high = middle;
      } else {
        low = middle + 1;
      }
    }
    return low;
  }

  private void dropHoldsBefore(int end) {
    Arrays.fill(holds, holdStart, end, null);
    holdStart = end;
    sortedEnd = Math.max(sortedEnd, end);
  }

  /**
   * Returns whether an item is among the holds. A pending item always is; an item resolved while
   * held may have been dropped by {@link #earliestHoldEnd}.
   */
  private boolean inHolds(Item item) {
    sortHolds();
    return Arrays.binarySearch(holds, holdStart, holdEnd, item, BY_HOLD) >= 0
        || lateHolds.contains(item);
  }

  private void planReversal(Booking plan, String key, Reversal reversal) {
    Item item = item(reversal.itemKey());
    CurrencyUnit currency = item.currency();
    if (reversal.isCorrection()) {
      planCorrection(plan, key, item, reversal.amount().orElseThrow().negated());
      return;
    }
    long outstanding = item.outstanding();
    if (outstanding == 0) {
      throw new AlreadyResolvedException("pending item", item.key(),
          item.status == ItemStatus.VOIDED ? "voided" : "reversed in full");
    }
    long amount;
    if (reversal.amount().isPresent()) {
      Money requested = reversal.amount().get();
      if (!requested.currency().equals(currency)) {
        throw notInItemCurrency("reversal", item, requested);
      }
      amount = requested.minorUnits();
      if (amount > outstanding) {
        throw new ExcessAmountException(
            item.key(), requested, Money.ofMinor(outstanding, currency));
      }
    } else {
      amount = outstanding;
    }
    checkReversedTotal(item, amount);
    String affiliate = item.accrual.affiliateId();
    Balance expense = balance(plan, AccountKind.COMMISSION_EXPENSE, Account.BUSINESS, currency);
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
    ReversalRecord record =
        new ReversalRecord(item, reversal.kind(), Money.ofMinor(amount, currency));
    plan.effect = () -> {
      item.pending -= fromPending;
      item.reversed += amount;
      if (item.status == ItemStatus.PENDING && item.pending == 0) {
        item.status = ItemStatus.REVERSED;
      }
      reversals.put(key, record);
    };
  }

  /**
   * Checks that the ledger books no other unit of the currency's code: a custom unit that
   * overrides an ISO currency's scale, say, next to the ISO one.
   *
   * @throws CurrencyMismatchException if it does
   */
  private void checkUnit(CurrencyUnit currency, String what, Money amount) {
    checkKept(currency, what + " must be in the ", amount);
  }

  /** Throws, saying {@code mustBe} the kept unit's code, if the ledger keeps another unit. */
  private void checkKept(CurrencyUnit currency, String mustBe, Object value) {
    CurrencyUnit kept = unitsByCode.get(currency.code());
    if (kept != null && !kept.equals(currency)) {
      throw new CurrencyMismatchException(kept, currency, mustBe + kept.code()
          + " this ledger keeps, one unit per currency code: " + value);
    }
  }

  /**
   * Checks that a query's unit is the one the ledger keeps of its code, if it keeps one: a query
   * in another unit of the code would find none of the ledger's amounts and read zeros.
   *
   * @throws CurrencyMismatchException if the ledger keeps another unit of the code
   */
  void checkQueried(CurrencyUnit currency) {
    checkKept(currency, "currency must be the ", currency);
  }

  /** Says that a posting's amount is not in the currency of its item. */
  private static CurrencyMismatchException notInItemCurrency(String posting, Item item,
      Money amount) {
    return new CurrencyMismatchException(item.currency(), amount.currency(), posting
        + " amount must be in " + item.currency() + ", the currency of item "
        + Texts.quote(item.key()) + ": " + amount);
  }

  /**
   * Checks that an item's running total of reversals stays within a {@code long} with this
   * amount: reversing a chargeback and winning it back, time after time, adds to it without end.
   * What is reinstated never exceeds what was reversed, so its total stays in range too.
   *
   * @throws ArithmeticException if it would not
   */
  private static void checkReversedTotal(Item item, long amount) {
    if (item.reversed > Long.MAX_VALUE - amount) {
      throw new ArithmeticException("item " + Texts.quote(item.key())
          + " would have reversed more than " + Long.MAX_VALUE + " minor units in total: "
          + Money.ofMinor(item.reversed, item.currency()) + " + "
          + Money.ofMinor(amount, item.currency()));
    }
  }

  /** Plans a correction that gives back {@code givenBack}, positive, as a reinstatement would. */
  private void planCorrection(Booking plan, String key, Item item, Money givenBack) {
    CurrencyUnit currency = item.currency();
    if (!givenBack.currency().equals(currency)) {
      throw notInItemCurrency("correction", item, givenBack);
    }
    if (item.status == ItemStatus.VOIDED) {
      throw new AlreadyResolvedException("pending item", item.key(), "voided");
    }
    long amount = givenBack.minorUnits();
    long lost = item.reversed - item.reinstated;
    if (amount > lost) {
      throw new IllegalArgumentException("correction exceeds what item "
          + Texts.quote(item.key()) + " has lost to reversals, net of what was given back: "
          + givenBack + " > " + Money.ofMinor(lost, currency));
    }
    Runnable giveBack = planGiveBack(plan, item, amount);
    ReversalRecord record = new ReversalRecord(item, ReversalKind.REFUND, givenBack.negated());
    plan.effect = () -> {
      giveBack.run();
      reversals.put(key, record);
    };
  }

  /**
   * Books an amount given back to an item, from commission expense: to pending while the item is
   * {@linkplain #held held}, where it waits for the item's release, and to payable after. Returns
   * the effect, which counts the amount as reinstated in the item; given back to an item reversed
   * in full while held, it makes the item pending again, and puts it back among the holds if
   * {@link #earliestHoldEnd} dropped it.
   */
  private Runnable planGiveBack(Booking plan, Item item, long amount) {
    plan.book(balance(plan, AccountKind.COMMISSION_EXPENSE, Account.BUSINESS, item.currency()),
        -amount, item.reference);
    if (!held(item)) {
      plan.book(balance(plan, Account.of(AccountKind.PAYABLE, item.accrual.affiliateId(),
          item.currency())), amount, item.reference);
      return () -> item.reinstated += amount;
    }
    plan.book(item.pendingBalance, amount, item.reference);
    return () -> {
      if (item.status == ItemStatus.REVERSED && !inHolds(item)) {
        addHold(item);
      }
      item.reinstated += amount;
      item.pending += amount;
      item.status = ItemStatus.PENDING;
    };
  }

  private void planReinstatement(Booking plan, Reinstatement reinstatement) {
    String key = reinstatement.reversalKey();
    ReversalRecord reversal = reversals.get(key);
    if (reversal == null) {
      throw new IllegalArgumentException("reversal is unknown: " + Texts.quote(key));
    }
    if (reversal.kind != ReversalKind.CHARGEBACK) {
      throw new IllegalStateException("only a chargeback can be reinstated, not a "
          + reversal.kind.name().toLowerCase(Locale.ROOT) + ": " + Texts.quote(key));
    }
    if (reversal.reinstated) {
      throw new AlreadyResolvedException("chargeback", key, "reinstated");
    }
    Item item = reversal.item;
    if (item.status == ItemStatus.VOIDED) {
      // A voided commission earns nothing, whatever its chargeback's fate.
      throw new AlreadyResolvedException("pending item", item.key(), "voided");
    }
    long amount = reversal.amount.minorUnits();
    long lost = item.reversed - item.reinstated;
    if (amount > lost) {
      // Corrections gave back part of it already; an item never stands at more than it accrued.
      throw new IllegalStateException("chargeback reinstatement exceeds what item "
          + Texts.quote(item.key()) + " has lost to reversals, net of what was given back: "
          + reversal.amount + " > " + Money.ofMinor(lost, item.currency()));
    }
    Runnable giveBack = planGiveBack(plan, item, amount);
    plan.effect = () -> {
      reversal.reinstated = true;
      giveBack.run();
    };
  }

  private void planVoiding(Booking plan, Voiding voiding) {
    Item item = item(voiding.itemKey());
    if (item.status != ItemStatus.PENDING) {
      throw new AlreadyResolvedException("pending item", item.key(), resolution(item));
    }
    long amount = item.pending;
    plan.book(item.pendingBalance, -amount, item.reference);
    plan.book(
        balance(plan, AccountKind.COMMISSION_EXPENSE, Account.BUSINESS, item.currency()),
        amount,
        item.reference);
    plan.effect = () -> {
      item.voided = amount;
      item.pending = 0;
      item.status = ItemStatus.VOIDED;
    };
  }

  /**
   * Says how a resolved item was resolved. An item whose held amount was all reversed may still
   * stand at something, when a reinstatement or correction gave back to it after a release passed
   * its hold end.
   */
  private static String resolution(Item item) {
    if (item.status != ItemStatus.REVERSED) {
      return item.status.name().toLowerCase(Locale.ROOT);
    }
    long outstanding = item.outstanding();
    return outstanding == 0 ? "reversed in full"
        : "reversed while held, with " + Money.ofMinor(outstanding, item.currency())
            + " outstanding";
  }

  private void planAdjustment(Booking plan, Adjustment adjustment) {
    Money amount = adjustment.amount();
    CurrencyUnit currency = amount.currency();
    checkUnit(currency, "adjustment amount", amount);
    plan.book(balance(plan, Account.of(AccountKind.PAYABLE, adjustment.affiliateId(), currency)),
        amount.minorUnits(), Optional.empty());
    plan.book(balance(plan, AccountKind.COMMISSION_EXPENSE, Account.BUSINESS, currency),
        Math.negateExact(amount.minorUnits()), Optional.empty());
  }

  private Booking planPreparation(String key, PayoutPreparation preparation, long sequence,
      Instant now) {
    Instant asOf = preparation.asOf();
    checkArgument(!asOf.isAfter(now), "payout cut-off must not be after now, %s: %s", now, asOf);
    checkArgument(!asOf.isBefore(lastPostedAt),
        "payout cut-off must not precede the latest posting, at %s: %s", lastPostedAt, asOf);
    PayoutRules rules = preparation.rules();
    Map<CurrencyUnit, Money> minimums = new HashMap<>(rules.minimumsByCurrency());
    // The rules name one unit per code; each must be the ledger's.
    for (Money minimum : rules.minimumsByCurrency().values()) {
      checkUnit(minimum.currency(), "payout minimum", minimum);
    }
    Set<String> eligible = rules.eligibleAffiliates().orElse(null);
    List<Balance> due = new ArrayList<>();
    if (eligible != null && eligible.size() < payables.size()) {
      // A run for a few affiliates, as one paid on request: their balances, not everyone's.
      for (String owner : eligible) {
        for (Pocket pocket = pockets.get(owner); pocket != null; pocket = pocket.next) {
          Balance payable = pocket.get(AccountKind.PAYABLE);
          Money minimum = minimums.get(pocket.currency);
          if (payable != null && payable.registered && minimum != null
              && payable.minor >= minimum.minorUnits()) {
            due.add(payable);
          }
        }
      }
    } else {
      // Balances come mostly in one currency: look its minimum up once per run of it.
      CurrencyUnit currency = null;
      Money minimum = null;
      for (Balance payable : payables) {
        if (!payable.account.currency().equals(currency)) {
          currency = payable.account.currency();
          minimum = minimums.get(currency);
        }
        if (minimum != null && payable.minor >= minimum.minorUnits()
            && (eligible == null || eligible.contains(payable.account.owner()))) {
          due.add(payable);
        }
      }
    }
    Balance[] sorted = due.toArray(new Balance[0]);
    Arrays.sort(sorted, BY_OWNER_AND_CURRENCY);
    Booking plan = new Booking(2 * sorted.length);
    List<PayoutLine> payoutLines = new ArrayList<>(sorted.length);
    List<Line> records = new ArrayList<>(sorted.length);
    for (int i = 0; i < sorted.length; i++) {
      Balance payable = sorted[i];
      Account account = payable.account;
      // A payable balance in this list is registered, so its pocket is there.
      Pocket pocket = java.util.Objects.requireNonNull(payable.pocket, "bug: unregistered payable");
      Balance clearing = registeredPocketBalance(pocket, AccountKind.PAYOUT_CLEARING,
          account.owner());
      Money amount = Money.ofMinor(payable.minor, account.currency());
      PayoutLine line = new PayoutLine(PayoutLine.id(sequence, i + 1), account.owner(), amount);
      Optional<String> reference = Optional.of(line.id());
      plan.book(payable, -payable.minor, reference);
      plan.book(clearing, amount, reference);
      payoutLines.add(line);
      records.add(new Line(line, key, i + 1, clearing));
    }
    PayoutBatch batch = new PayoutBatch(key, sequence, asOf, payoutLines);
    plan.effect = () -> {
      batches.put(key, batch);
      batchLines.put(key, records);
      batchKeys.put(sequence, key);
    };
    return plan;
  }

  private void planLines(Booking plan, String batchKey, Set<String> lineIds, PayoutLineStatus to) {
    List<Line> all = batchLines.get(batchKey);
    if (all == null) {
      throw new IllegalArgumentException("payout batch is unknown: " + Texts.quote(batchKey));
    }
    List<Line> chosen = new ArrayList<>();
    if (lineIds.isEmpty()) {
      for (Line line : all) {
        if (line.status == PayoutLineStatus.IN_CLEARING) {
          chosen.add(line);
        }
      }
      // A batch that paid nobody resolves once, as nothing; one whose lines are all resolved is
      // done.
      if (chosen.isEmpty() && !all.isEmpty()) {
        throw new AlreadyResolvedException("payout batch", batchKey, "settled or failed");
      }
      PayoutLineStatus resolved = resolvedEmptyBatches.get(batchKey);
      if (all.isEmpty() && resolved != null) {
        throw new AlreadyResolvedException("payout batch", batchKey,
            resolved.name().toLowerCase(Locale.ROOT));
      }
    } else {
      for (String id : lineIds) {
        Line line = line(id);
        if (line == null || !line.batchKey.equals(batchKey)) {
          throw new IllegalArgumentException("payout line is not in batch " + Texts.quote(batchKey)
              + ": " + Texts.quote(id));
        }
        if (line.status != PayoutLineStatus.IN_CLEARING) {
          throw new AlreadyResolvedException("payout line", id,
              line.status.name().toLowerCase(Locale.ROOT));
        }
        chosen.add(line);
      }
      chosen.sort(Comparator.comparingInt(line -> line.number));
    }
    AccountKind destination =
        to == PayoutLineStatus.SETTLED ? AccountKind.PAID : AccountKind.PAYABLE;
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
      if (all.isEmpty()) {
        resolvedEmptyBatches.put(batchKey, to);
      }
    };
  }

  /** Finds a payout line by its id, {@code <batch sequence>-<line number>}, without an index. */
  private @Nullable Line line(String id) {
    int dash = id.indexOf('-');
    if (dash <= 0 || dash == id.length() - 1) {
      return null;
    }
    long sequence;
    int number;
    try {
      sequence = Long.parseLong(id, 0, dash, 10);
      number = Integer.parseInt(id, dash + 1, id.length(), 10);
    } catch (NumberFormatException notALineId) {
      return null;
    }
    String batchKey = batchKeys.get(sequence);
    List<Line> lines = batchKey == null ? null : batchLines.get(batchKey);
    if (lines == null || number < 1 || number > lines.size()) {
      return null;
    }
    Line line = lines.get(number - 1);
    // Ids such as "07-1" or "+7-1" parse to a line but are not its id.
    return line.line.id().equals(id) ? line : null;
  }

  private Item item(String key) {
    Item item = byKey.get(key) instanceof Item accrued ? accrued : null;
    if (item == null) {
      throw new IllegalArgumentException("pending item is unknown: " + Texts.quote(key));
    }
    return item;
  }

  /** Returns the running balance of an account, or a new one that commit registers. */
  private Balance balance(Booking plan, Account account) {
    return balance(plan, account.kind(), account.owner(), account.currency());
  }

  /**
   * Returns the running balance of an account, or a new one that commit registers; finds an
   * existing balance by owner and currency without building an {@link Account} key.
   */
  private Balance balance(Booking plan, AccountKind kind, String owner, CurrencyUnit currency) {
    Pocket pocket = find(pockets, owner, currency);
    if (pocket == null) {
      // An owner or currency not seen yet: its pocket joins the state only on commit.
      if (plan.fresh == null) {
        plan.fresh = new KeyIndex<>();
      }
      return balance(pocket(plan.fresh, owner, currency), kind, owner);
    }
    return registeredPocketBalance(pocket, kind, owner);
  }

  /**
   * Returns the balance of a kind in a pocket, creating it at zero if missing. A created balance
   * is registered by the commit that books it; until then it is zero and found by planning only,
   * which is the same as not being there.
   */
  private static Balance balance(Pocket pocket, AccountKind kind, String owner) {
    Balance balance = pocket.get(kind);
    if (balance == null) {
      balance = new Balance(new Account(kind, owner, pocket.currency));
      pocket.set(kind, balance);
    }
    return balance;
  }

  /** As {@link #balance(Pocket, AccountKind, String)}, in a pocket of the state. */
  private static Balance registeredPocketBalance(Pocket pocket, AccountKind kind, String owner) {
    Balance balance = balance(pocket, kind, owner);
    balance.pocket = pocket;
    return balance;
  }

  private static @Nullable Pocket find(KeyIndex<Pocket> pockets, String owner,
      CurrencyUnit currency) {
    for (Pocket pocket = pockets.get(owner); pocket != null; pocket = pocket.next) {
      if (pocket.currency.equals(currency)) {
        return pocket;
      }
    }
    return null;
  }

  private static Pocket pocket(KeyIndex<Pocket> pockets, String owner, CurrencyUnit currency) {
    Pocket first = pockets.get(owner);
    for (Pocket pocket = first; pocket != null; pocket = pocket.next) {
      if (pocket.currency.equals(currency)) {
        return pocket;
      }
    }
    Pocket pocket = new Pocket(currency);
    pocket.next = first;
    pockets.put(owner, pocket);
    return pocket;
  }

  private void register(Balance balance) {
    Account account = balance.account;
    registered.add(balance);
    Pocket pocket = balance.pocket != null ? balance.pocket
        : pocket(pockets, account.owner(), account.currency());
    pocket.set(account.kind(), balance);
    balance.pocket = pocket;
    if (account.kind() == AccountKind.COMMISSION_EXPENSE) {
      lastExpense = balance;
    }
    if (account.kind() == AccountKind.PAYABLE) {
      payables.add(balance);
    }
  }

  /**
   * Rejects a plan whose entries would take a balance, or the total of a kind of account in a
   * currency, beyond what a {@code long} holds.
   *
   * @throws ArithmeticException naming the balance or total and the amounts
   */
  private void checkOverflow(Plan plan) {
    List<Entry> entries = plan.entries;
    int count = entries.size();
    if (count <= 2) {
      // Accruals, adjustments and single-line postings book distinct accounts of distinct kinds.
      for (int i = 0; i < count; i++) {
        Balance target = plan.target(i);
        long amount = entries.get(i).amount().minorUnits();
        checkBalance(target, amount);
        Account account = target.account;
        checkTotal(totals(account.currency()), account.kind(), amount, account.currency());
      }
      return;
    }
    List<Balance> touched = new ArrayList<>();
    Map<CurrencyUnit, KindTotals> kindDeltas = new HashMap<>();
    boolean deltasFit = true;
    try {
      for (int i = 0; i < count && deltasFit; i++) {
        Balance target = plan.target(i);
        if (!target.touched) {
          target.touched = true;
          target.delta = 0;
          touched.add(target);
        }
        long amount = entries.get(i).amount().minorUnits();
        KindTotals deltas = kindDeltas.computeIfAbsent(target.account.currency(),
            currency -> new KindTotals());
        AccountKind kind = target.account.kind();
        deltasFit = !overflows(target.delta, amount) && !overflows(deltas.get(kind), amount);
        target.delta += amount;
        deltas.set(kind, deltas.get(kind) + amount);
      }
      if (deltasFit) {
        for (Balance target : touched) {
          checkBalance(target, target.delta);
        }
        for (Map.Entry<CurrencyUnit, KindTotals> deltas : kindDeltas.entrySet()) {
          CurrencyUnit currency = deltas.getKey();
          KindTotals totals = totals(currency);
          for (AccountKind kind : KINDS) {
            checkTotal(totals, kind, deltas.getValue().get(kind), currency);
          }
        }
      }
    } finally {
      for (Balance target : touched) {
        target.touched = false;
      }
    }
    if (!deltasFit) {
      checkOverflowExactly(plan);
    }
  }

  /**
   * Checks a plan whose entries add up, for some balance or total, to a change beyond a {@code
   * long}, such as a payout run of two huge balances, with exact sums: the balance or total that
   * the change reaches may still fit, or else it is named.
   *
   * @throws ArithmeticException naming the balance or total and the amounts
   */
  private void checkOverflowExactly(Plan plan) {
    Map<Balance, BigInteger> balanceDeltas = new LinkedHashMap<>();
    Map<CurrencyUnit, Map<AccountKind, BigInteger>> kindDeltas = new LinkedHashMap<>();
    for (int i = 0; i < plan.entries.size(); i++) {
      Balance target = plan.target(i);
      BigInteger amount = BigInteger.valueOf(plan.entries.get(i).amount().minorUnits());
      balanceDeltas.merge(target, amount, BigInteger::add);
      kindDeltas.computeIfAbsent(target.account.currency(), unused -> new EnumMap<>(
          AccountKind.class)).merge(target.account.kind(), amount, BigInteger::add);
    }
    for (Map.Entry<Balance, BigInteger> delta : balanceDeltas.entrySet()) {
      Account account = delta.getKey().account;
      checkExact("balance of " + shown(account), delta.getKey().minor, delta.getValue(),
          account.currency());
    }
    for (Map.Entry<CurrencyUnit, Map<AccountKind, BigInteger>> deltas : kindDeltas.entrySet()) {
      CurrencyUnit currency = deltas.getKey();
      KindTotals totals = totals(currency);
      for (Map.Entry<AccountKind, BigInteger> delta : deltas.getValue().entrySet()) {
        AccountKind kind = delta.getKey();
        checkExact("total of " + kind + " accounts in " + currency, totals.get(kind),
            delta.getValue(), currency);
      }
    }
  }

  /** {@return an account as a message names it, its owner quoted: {@code PENDING 'jane' USD}} */
  private static String shown(Account account) {
    return account.kind() + " " + Texts.quote(account.owner()) + " " + account.currency();
  }

  private static void checkExact(String what, long sum, BigInteger change,
      CurrencyUnit currency) {
    if (BigInteger.valueOf(sum).add(change).abs().bitLength() > Long.SIZE - 1) {
      // The change itself may be beyond a long, so it is written as a decimal of minor units.
      throw new ArithmeticException(what + " would overflow: " + Money.ofMinor(sum, currency)
          + " + " + Checks.money(change, currency));
    }
  }

  /** Rejects an amount that would take a balance beyond ±{@code Long.MAX_VALUE}. */
  private static void checkBalance(Balance target, long amount) {
    if (overflows(target.minor, amount)) {
      throw overflow("balance of " + shown(target.account), target.minor, amount,
          target.account.currency());
    }
  }

  /** Rejects an amount that would take the total of a kind beyond ±{@code Long.MAX_VALUE}. */
  private static void checkTotal(KindTotals totals, AccountKind kind, long amount,
      CurrencyUnit currency) {
    long total = totals.get(kind);
    if (overflows(total, amount)) {
      // The message is built only here: postings run this check for every entry.
      throw overflow("total of " + kind + " accounts in " + currency, total, amount, currency);
    }
  }

  /**
   * {@return whether the sum leaves the range of ±{@code Long.MAX_VALUE}: every balance and total
   * stays in it, so that its negation, which a statement or a reversal may need, fits too}
   */
  private static boolean overflows(long sum, long amount) {
    long result = sum + amount;
    // Overflow iff both operands have the sign opposite to the result's (Hacker's Delight 2-13).
    return ((sum ^ result) & (amount ^ result)) < 0 || result == Long.MIN_VALUE;
  }

  private static ArithmeticException overflow(String what, long sum, long amount,
      CurrencyUnit currency) {
    return new ArithmeticException(what + " would overflow: " + Money.ofMinor(sum, currency)
        + " + " + Money.ofMinor(amount, currency));
  }

  /** Returns the totals of a currency, by kind; an array of zeros the first time. */
  private KindTotals totals(CurrencyUnit currency) {
    KindTotals totals = lastTotals;
    if (totals == null || !currency.equals(lastTotalsCurrency)) {
      totals = kindTotals.computeIfAbsent(currency, unused -> new KindTotals());
      lastTotals = totals;
      lastTotalsCurrency = currency;
    }
    return totals;
  }

  // ---- commit: the plan's transaction is in the store ----

  void commit(Transaction transaction, Plan plan) {
    List<Entry> entries = plan.entries;
    for (int i = 0; i < entries.size(); i++) {
      Balance target = plan.target(i);
      long amount = entries.get(i).amount().minorUnits();
      // checkOverflow proved the final balance and total fit; wrapping on the way cancels out.
      target.minor += amount;
      KindTotals totals = totals(target.account.currency());
      totals.set(target.account.kind(), totals.get(target.account.kind()) + amount);
      if (!target.registered) {
        target.registered = true;
        register(target);
        unitsByCode.putIfAbsent(target.account.currency().code(), target.account.currency());
      }
      if (!target.account.kind().isBusiness()) {
        java.util.Objects.requireNonNull(target.pocket, "bug: registered balance without pocket")
            .add(transaction, i);
      }
    }
    if (transaction.posting() instanceof PayoutPreparation preparation) {
      // A journal names the minimums' units too, so they are the ledger's units from now on.
      for (CurrencyUnit unit : preparation.rules().minimumsByCurrency().keySet()) {
        unitsByCode.putIfAbsent(unit.code(), unit);
      }
    }
    if (plan instanceof Item item) {
      item.commit(transaction);
      addHold(item);
      byKey.put(transaction.key(), item);
      if (itemsByOrder != null) {
        addToOrder(itemsByOrder, item);
      }
    } else {
      ((Booking) plan).effect.run();
      byKey.put(transaction.key(), transaction);
      if (transaction.posting() instanceof Reinstatement reinstatement) {
        java.util.Objects.requireNonNull(reversals.get(reinstatement.reversalKey()),
            "bug: reinstated reversal unknown").reinstatement = transaction;
      }
    }
    last = transaction;
    lastSequence = transaction.sequence();
    lastPostedAt = transaction.postedAt();
  }

  // ---- queries ----

  Money balance(Account account) {
    Pocket pocket = find(pockets, account.owner(), account.currency());
    // A balance that a plan created but no commit booked is zero, as if it were not there.
    Balance balance = pocket == null ? null : pocket.get(account.kind());
    return Money.ofMinor(balance == null ? 0 : balance.minor, account.currency());
  }

  /**
   * {@return an affiliate's balances in a currency as of an instant: the fold of the entries
   * posted at or before it} Reads the entries on the shorter side of the instant (see {@link
   * Pocket#sumsAsOf}).
   */
  Balances balancesAsOf(String affiliateId, CurrencyUnit currency, Instant asOf) {
    Pocket pocket = find(pockets, affiliateId, currency);
    KindTotals sums = pocket == null ? new KindTotals() : pocket.sumsAsOf(asOf);
    return new Balances(Money.ofMinor(sums.get(AccountKind.PENDING), currency),
        Money.ofMinor(sums.get(AccountKind.PAYABLE), currency),
        Money.ofMinor(sums.get(AccountKind.PAYOUT_CLEARING), currency),
        Money.ofMinor(sums.get(AccountKind.PAID), currency));
  }

  /** {@return the total of every kind of account in a currency, zero for a kind without one} */
  Map<AccountKind, Money> totalsOf(CurrencyUnit currency) {
    KindTotals totals = kindTotals.get(currency);
    Map<AccountKind, Money> byKind = new EnumMap<>(AccountKind.class);
    for (AccountKind kind : KINDS) {
      byKind.put(kind, Money.ofMinor(totals == null ? 0 : totals.get(kind), currency));
    }
    return byKind;
  }

  List<Account> accounts() {
    Account[] accounts = new Account[registered.size()];
    for (int i = 0; i < accounts.length; i++) {
      accounts[i] = registered.get(i).account;
    }
    Arrays.sort(accounts);
    return List.of(accounts);
  }

  Optional<PendingItem> pendingItem(String key) {
    return byKey.get(key) instanceof Item item ? Optional.of(item.view()) : Optional.empty();
  }

  /**
   * Returns the entries on an affiliate's accounts, in journal order: those in one currency, or
   * in any if the currency is null.
   */
  EntryRows entriesOf(String affiliateId, @Nullable CurrencyUnit currency) {
    return entriesOf(affiliateId, currency, Instant.MIN, Instant.MAX, true);
  }

  /**
   * Returns the entries on an affiliate's accounts posted from {@code from} to before {@code to},
   * or to {@code to} itself if {@code throughTo}, in journal order: those in one currency, or in
   * any if the currency is null. Only the entries of the span are read, so that a statement of a
   * day costs the day's entries, not the affiliate's history.
   */
  EntryRows entriesOf(String affiliateId, @Nullable CurrencyUnit currency, Instant from,
      Instant to, boolean throughTo) {
    Pocket first = pockets.get(affiliateId);
    if (first != null && first.next == null) {
      // One currency, as for nearly every affiliate: its rows in order as they are.
      if (currency != null && !first.currency.equals(currency)) {
        return new EntryRows(Pocket.NO_TRANSACTIONS, Pocket.NO_ENTRIES);
      }
      int start = first.firstRow(from, false);
      int end = Math.max(start, first.firstRow(to, throughTo));
      int size = first.entryCount(start, end);
      Transaction[] transactions = new Transaction[size];
      int[] entries = new int[size];
      first.copyEntries(start, end, transactions, entries, 0);
      return new EntryRows(transactions, entries);
    }
    List<Pocket> chosen = new ArrayList<>();
    List<int[]> spans = new ArrayList<>();
    int size = 0;
    for (Pocket pocket = first; pocket != null; pocket = pocket.next) {
      if (currency == null || pocket.currency.equals(currency)) {
        int start = pocket.firstRow(from, false);
        int end = Math.max(start, pocket.firstRow(to, throughTo));
        chosen.add(pocket);
        spans.add(new int[] {start, end});
        size += pocket.entryCount(start, end);
      }
    }
    // Merged in journal order: by sequence, then by place in the transaction, as a payout run
    // paying the affiliate in two currencies has entries in both pockets.
    Integer[] order = new Integer[size];
    Transaction[] transactions = new Transaction[size];
    int[] entries = new int[size];
    int at = 0;
    for (int i = 0; i < chosen.size(); i++) {
      int[] span = spans.get(i);
      at = chosen.get(i).copyEntries(span[0], span[1], transactions, entries, at);
    }
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.<Integer>comparingLong(i -> transactions[i].sequence())
        .thenComparingInt(i -> entries[i]));
    Transaction[] sortedTransactions = new Transaction[size];
    int[] sortedEntries = new int[size];
    for (int i = 0; i < size; i++) {
      sortedTransactions[i] = transactions[order[i]];
      sortedEntries[i] = entries[order[i]];
    }
    return new EntryRows(sortedTransactions, sortedEntries);
  }

  /** The items of an order that has more than one, in accrual order. */
  private static final class OrderItems {
    Item[] items = new Item[4];
    int size;

    void add(Item item) {
      if (size == items.length) {
        items = Arrays.copyOf(items, 2 * size);
      }
      items[size++] = item;
    }
  }

  /** Files an accrued item under its order: the item alone, or the order's items. */
  private static void addToOrder(KeyIndex<Object> itemsByOrder, Item item) {
    String orderId = item.accrual.orderId();
    Object present = itemsByOrder.putIfAbsent(orderId, item);
    if (present instanceof Item first) {
      OrderItems items = new OrderItems();
      items.add(first);
      items.add(item);
      itemsByOrder.put(orderId, items);
    } else if (present instanceof OrderItems items) {
      items.add(item);
    }
  }

  /** Returns the items accrued for an order, in the order accrued. */
  List<PendingItem> itemsOfOrder(String orderId) {
    if (itemsByOrder == null) {
      // Asked first: file the items accrued so far, in the order of their keys' insertion,
      // which is the order of their accruals.
      KeyIndex<Object> index = new KeyIndex<>();
      byKey.forEachValue(value -> {
        if (value instanceof Item item) {
          addToOrder(index, item);
        }
      });
      itemsByOrder = index;
    }
    Object filed = itemsByOrder.get(orderId);
    if (filed == null) {
      return List.of();
    }
    if (filed instanceof Item item) {
      return List.of(item.view());
    }
    OrderItems items = (OrderItems) filed;
    PendingItem[] views = new PendingItem[items.size];
    for (int i = 0; i < items.size; i++) {
      views[i] = items.items[i].view();
    }
    return List.of(views);
  }

  /** Returns the reinstatement of a chargeback reversal, if it was reinstated. */
  Optional<Transaction> reinstatementOf(String reversalKey) {
    ReversalRecord reversal = reversals.get(reversalKey);
    return reversal == null ? Optional.empty() : Optional.ofNullable(reversal.reinstatement);
  }

  /** Returns the transaction recorded under a key, from the index the ledger keeps in memory. */
  Optional<Transaction> transaction(String key) {
    Object recorded = byKey.get(key);
    if (recorded instanceof Item item) {
      return Optional.ofNullable(item.transaction);
    }
    return Optional.ofNullable((Transaction) recorded);
  }

  /**
   * Returns the earliest hold end among pending items. Items resolved while held that come first
   * are dropped on the way, as a release would pass over them, so each is passed over once.
   */
  Optional<Instant> earliestHoldEnd() {
    sortHolds();
    while (holdStart < holdEnd && holds[holdStart].status != ItemStatus.PENDING) {
      holds[holdStart++] = null;
    }
    sortedEnd = Math.max(sortedEnd, holdStart);
    while (!lateHolds.isEmpty() && lateHolds.first().status != ItemStatus.PENDING) {
      lateHolds.pollFirst();
    }
    Item first = holdStart == holdEnd ? null : holds[holdStart];
    if (!lateHolds.isEmpty() && (first == null || BY_HOLD.compare(lateHolds.first(), first) < 0)) {
      first = lateHolds.first();
    }
    return first == null ? Optional.empty() : Optional.of(first.accrual.holdUntil());
  }

  Optional<PayoutBatch> batch(String key) {
    return Optional.ofNullable(batches.get(key));
  }

  Optional<PayoutLineStatus> lineStatus(String lineId) {
    Line line = line(lineId);
    return line == null ? Optional.empty() : Optional.of(line.status);
  }
}
