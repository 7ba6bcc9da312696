package dev.affiliatekit.program;

import dev.affiliatekit.internal.Texts;
import dev.affiliatekit.ledger.Account;
import dev.affiliatekit.ledger.AccountKind;
import dev.affiliatekit.ledger.ItemStatus;
import dev.affiliatekit.ledger.Ledger;
import dev.affiliatekit.ledger.PendingItem;
import dev.affiliatekit.ledger.Posting;
import dev.affiliatekit.ledger.Reinstatement;
import dev.affiliatekit.ledger.Reversal;
import dev.affiliatekit.ledger.Transaction;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks, before the first of an operation's reversals and give-backs is posted, that none of
 * them could take a balance or a total of the ledger, or an item's running total of reversals,
 * beyond a {@code long}, which the ledger would refuse only once the postings before it stood.
 *
 * <p>A reversal takes from the item's pending amount first, then from payable, as the ledger
 * does; a give-back goes to pending while the item is pending and to payable once released. The
 * check is a bound in two ways: it counts a give-back to an item reversed in full against both,
 * since only the ledger knows whether its hold has ended, and it takes every rise of a balance
 * before its falls and the other way round. So it may refuse an operation that the ledger would
 * take, but only at balances within the operation's amounts of a {@code long}'s limits.
 */
final class Headroom {

  /** How much a balance could rise and fall over the operation. */
  private static final class Moves {
    long rises;
    long falls;

    void rise(long amount) {
      rises = Math.addExact(rises, amount);
    }

    void fall(long amount) {
      falls = Math.addExact(falls, amount);
    }
  }

  private final Ledger ledger;
  private final Map<Account, Moves> balances = new LinkedHashMap<>();
  private final Map<CurrencyUnit, Map<AccountKind, Moves>> totals = new LinkedHashMap<>();
  /** What each item has pending, less what earlier reversals of the operation take from it. */
  private final Map<String, Long> pendingLeft = new HashMap<>();
  /** What each item has reversed in total, with what earlier reversals of the operation take. */
  private final Map<String, Long> reversedTotal = new HashMap<>();

  private Headroom(Ledger ledger) {
    this.ledger = ledger;
  }

  /**
   * Checks the postings that the ledger does not hold yet.
   *
   * @param what the operation, for the message, such as {@code refund 'refund:o1:r1'}
   * @throws ArithmeticException naming the balance, total or item that could overflow, and the
   *     amounts
   */
  static void check(Ledger ledger, List<Map.Entry<String, Posting>> postings, String what) {
    Headroom headroom = new Headroom(ledger);
    for (Map.Entry<String, Posting> posting : postings) {
      if (ledger.transaction(posting.getKey()).isEmpty()) {
        headroom.add(posting.getValue(), what);
      }
    }
    headroom.check(what);
  }

  private void add(Posting posting, String what) {
    if (posting instanceof Reversal reversal) {
      PendingItem item = item(reversal.itemKey());
      long amount = reversal.amount().isPresent() ? reversal.amount().get().minorUnits()
          : item.outstanding().minorUnits();
      if (amount < 0) {
        giveBack(item, -amount);
      } else {
        take(item, amount, what);
      }
    } else if (posting instanceof Reinstatement reinstatement) {
      Optional<Transaction> reversal = ledger.transaction(reinstatement.reversalKey());
      if (reversal.isPresent() && reversal.get().posting() instanceof Reversal undone) {
        // What the reversal credited to the commission expense.
        long amount = reversal.get().entries().stream()
            .filter(entry -> entry.account().kind() == AccountKind.COMMISSION_EXPENSE)
            .mapToLong(entry -> entry.amount().minorUnits()).reduce(0, Math::addExact);
        giveBack(item(undone.itemKey()), amount);
      }
    }
  }

  /**
   * Takes from pending what the item has there, and the rest from payable; credits expense. The
   * item's running total of reversals, which won chargebacks never lower, must stay in range.
   */
  private void take(PendingItem item, long amount, String what) {
    long reversed = reversedTotal.getOrDefault(item.key(), item.reversed().minorUnits());
    if (reversed > Long.MAX_VALUE - amount) {
      CurrencyUnit currency = item.reversed().currency();
      throw new ArithmeticException(what + " could take the reversed total of item "
          + Texts.quote(item.key()) + " beyond what the ledger holds: "
          + Money.ofMinor(reversed, currency) + " + " + Money.ofMinor(amount, currency));
    }
    reversedTotal.put(item.key(), reversed + amount);
    long pending = pendingLeft.computeIfAbsent(item.key(),
        key -> item.status() == ItemStatus.PENDING ? item.pending().minorUnits() : 0L);
    long fromPending = Math.min(amount, pending);
    pendingLeft.put(item.key(), pending - fromPending);
    move(item, AccountKind.PENDING, -fromPending);
    move(item, AccountKind.PAYABLE, -(amount - fromPending));
    move(item, AccountKind.COMMISSION_EXPENSE, amount);
  }

  /** Gives back to pending or payable, or either when only the ledger knows; debits expense. */
  private void giveBack(PendingItem item, long amount) {
    if (item.status() != ItemStatus.RELEASED) {
      move(item, AccountKind.PENDING, amount);
    }
    if (item.status() != ItemStatus.PENDING) {
      move(item, AccountKind.PAYABLE, amount);
    }
    move(item, AccountKind.COMMISSION_EXPENSE, -amount);
  }

  private void move(PendingItem item, AccountKind kind, long amount) {
    if (amount == 0) {
      return;
    }
    CurrencyUnit currency = item.accrual().amount().currency();
    Account account = kind == AccountKind.COMMISSION_EXPENSE
        ? Account.commissionExpense(currency)
        : Account.of(kind, item.accrual().affiliateId(), currency);
    Moves balance = balances.computeIfAbsent(account, unused -> new Moves());
    Moves total = totals.computeIfAbsent(currency, unused -> new LinkedHashMap<>())
        .computeIfAbsent(kind, unused -> new Moves());
    if (amount > 0) {
      balance.rise(amount);
      total.rise(amount);
    } else {
      balance.fall(-amount);
      total.fall(-amount);
    }
  }

  private void check(String what) {
    balances.forEach((account, moves) -> room(what, "balance of " + account.kind() + " "
        + Texts.quote(account.owner()) + " " + account.currency(),
        ledger.balance(account).minorUnits(), moves, account.currency()));
    totals.forEach((currency, byKind) -> {
      Map<AccountKind, Money> now = ledger.totals(currency);
      byKind.forEach((kind, moves) -> {
        Money total = now.get(kind);
        room(what, "total of " + kind + " accounts in " + currency,
            total == null ? 0 : total.minorUnits(), moves, currency);
      });
    });
  }

  private PendingItem item(String itemKey) {
    return ledger.item(itemKey).orElseThrow(
        () -> new IllegalStateException("ledger has no commission item: " + Texts.quote(itemKey)));
  }

  /**
   * Refuses a balance that its rises, all made first, or its falls, all made first, would take
   * beyond ±{@code Long.MAX_VALUE}, as the ledger does: a balance above zero only rises beyond,
   * one at or below only falls.
   */
  private static void room(String what, String balance, long now, Moves moves,
      CurrencyUnit currency) {
    if (now > 0 ? now > Long.MAX_VALUE - moves.rises : now < -Long.MAX_VALUE + moves.falls) {
      throw new ArithmeticException(what + " could take the " + balance + " beyond what the"
          + " ledger holds: " + Money.ofMinor(now, currency) + " + "
          + Money.ofMinor(now > 0 ? moves.rises : -moves.falls, currency));
    }
  }
}
