package dev.affiliatekit.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.testing.ForwardingLedgerStore;
import dev.affiliatekit.testing.TestClock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A store that fails on its Nth write: no partial posting, and a retry succeeds exactly once. */
class LedgerStoreFaultTest {

  /** How the store fails on the chosen write. */
  enum Mode {
    /** Throws before writing anything. */
    BEFORE_WRITE,
    /** Writes the transaction, then throws as if the acknowledgement was lost. */
    AFTER_WRITE,
    /** Writes the transaction, throws, and fails the lookup that follows too. */
    AFTER_WRITE_UNREACHABLE,
    /** Writes the transaction, then throws an Error, as a store may. */
    AFTER_WRITE_ERROR
  }

  static final class StoreFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StoreFailure(String message) {
      super(message);
    }
  }

  /** Wraps the in-memory store and fails the way {@link Mode} says on write number {@code failOn}. */
  static final class FailingStore extends ForwardingLedgerStore {
    private final int failOn;
    private final Mode mode;
    private int writes;
    private boolean unreachable;

    FailingStore(int failOn, Mode mode) {
      super(LedgerStore.inMemory());
      this.failOn = failOn;
      this.mode = mode;
    }

    @Override
    public void append(Transaction transaction) {
      unreachable = false;
      writes++;
      if (writes != failOn) {
        super.append(transaction);
        return;
      }
      if (mode != Mode.BEFORE_WRITE) {
        super.append(transaction);
      }
      unreachable = mode == Mode.AFTER_WRITE_UNREACHABLE;
      if (mode == Mode.AFTER_WRITE_ERROR) {
        throw new AssertionError("connection reset after commit on write " + writes);
      }
      throw new StoreFailure("disk full on write " + writes);
    }

    @Override
    public Optional<Transaction> find(String key) {
      if (unreachable) {
        unreachable = false;
        throw new StoreFailure("store unreachable");
      }
      return super.find(key);
    }
  }

  private static final Instant NOW = Instant.parse("2026-04-01T00:00:00Z");
  private static final Money FIVE = Money.parse("USD 5.00");

  /** A script of postings that touches every kind; each posting runs through {@code post}. */
  private static List<Map.Entry<String, Function<Ledger, Object>>> script() {
    List<Map.Entry<String, Function<Ledger, Object>>> script = new ArrayList<>();
    Instant held = NOW.minusSeconds(60);
    script.add(Map.entry("a", l -> l.accrue("a", new Accrual("jane", FIVE, held, "o1", "q", "x"))));
    script.add(Map.entry("b", l -> l.accrue("b", new Accrual("joe", FIVE, held, "o2", "q", "x"))));
    script.add(Map.entry("c", l -> l.accrue("c", new Accrual("jane", FIVE, NOW.plusSeconds(60),
        "o3", "q", "x"))));
    script.add(Map.entry("rev", l -> l.reverse("rev", Reversal.partial("a",
        Money.parse("USD 1.00"), ReversalKind.CHARGEBACK, "cb"))));
    script.add(Map.entry("void", l -> l.voidItem("void", "c", "fraud")));
    script.add(Map.entry("rel", l -> l.release("rel", NOW)));
    script.add(Map.entry("won", l -> l.reinstate("won", "rev", "won")));
    script.add(Map.entry("adj", l -> l.adjust("adj", new Adjustment("joe", FIVE, "bonus"))));
    script.add(Map.entry("pay", l -> l.prepare("pay", NOW,
        PayoutRules.minimums(Money.parse("USD 1.00")))));
    script.add(Map.entry("fail", l -> l.fail("fail", "pay", Set.of("9-1"), "bounced")));
    script.add(Map.entry("settle", l -> l.settle("settle", "pay")));
    return script;
  }

  private static Map<Account, Money> balances(Ledger ledger) {
    Map<Account, Money> balances = new HashMap<>();
    for (Account account : ledger.accounts()) {
      balances.put(account, ledger.balance(account));
    }
    return balances;
  }

  @ParameterizedTest
  @EnumSource(Mode.class)
  void failureOnAnyWrite_thenRetry_endsExactlyLikeARunWithoutFailure(Mode mode) {
    Ledger reference = Ledger.inMemory(new TestClock(NOW));
    script().forEach(step -> step.getValue().apply(reference));
    int writes = script().size();

    for (int failOn = 1; failOn <= writes; failOn++) {
      FailingStore store = new FailingStore(failOn, mode);
      Ledger ledger = Ledger.open(store, new TestClock(NOW));
      for (Map.Entry<String, Function<Ledger, Object>> step : script()) {
        long before = store.size();
        Map<Account, Money> balancesBefore = balances(ledger);
        try {
          step.getValue().apply(ledger);
        } catch (StoreFailure failure) {
          assertThat(mode).isNotEqualTo(Mode.AFTER_WRITE);
          if (mode == Mode.BEFORE_WRITE) {
            // Nothing of the posting is anywhere: not in the store, not in the balances.
            assertThat(store.size()).isEqualTo(before);
            assertThat(store.find(step.getKey())).isEmpty();
            assertThat(balances(ledger)).isEqualTo(balancesBefore);
          }
          step.getValue().apply(ledger);
        }
        assertThat(store.size()).as("write %s, step %s", failOn, step.getKey())
            .isEqualTo(before + 1);
      }
      assertThat(ledger.journal()).as("failing on write %s", failOn)
          .isEqualTo(reference.journal());
      assertThat(balances(ledger)).isEqualTo(balances(reference));
      assertThat(ledger.item("a")).isEqualTo(reference.item("a"));
      assertThat(ledger.lineStatus("9-1")).contains(PayoutLineStatus.FAILED);
      assertThat(ledger.lineStatus("9-2")).contains(PayoutLineStatus.SETTLED);
    }
  }

  @Test
  void failedRelease_putsTheItemsBack_soTheRetryReleasesThemOnce() {
    FailingStore store = new FailingStore(3, Mode.BEFORE_WRITE);
    Ledger ledger = Ledger.open(store, new TestClock(NOW));
    ledger.accrue("a", new Accrual("jane", FIVE, NOW, "o", "q", "x"));
    ledger.accrue("b", new Accrual("jane", FIVE, NOW, "o", "q", "x"));
    assertThatThrownBy(() -> ledger.release("r", NOW)).isInstanceOf(StoreFailure.class)
        .hasMessage("disk full on write 3");
    assertThat(ledger.item("a").orElseThrow().status()).isEqualTo(ItemStatus.PENDING);
    assertThat(ledger.release("r", NOW).entries()).hasSize(4);
    assertThat(ledger.balances("jane", CurrencyUnit.USD).payable()).isEqualTo(Money.parse("USD 10.00"));
    assertThat(ledger.release("r2", NOW).entries()).isEmpty();
  }

  /** Regression: a ledger's string asked the store for its size, so a store down threw there. */
  @Test
  void toString_countsTheLedgersOwnTransactions_withoutAskingTheStore() {
    boolean[] down = {false};
    LedgerStore store = new ForwardingLedgerStore(LedgerStore.inMemory()) {
      @Override
      public long size() {
        if (down[0]) {
          throw new StoreFailure("store down: size");
        }
        return super.size();
      }
    };
    Ledger ledger = Ledger.open(store, new TestClock(NOW));
    ledger.accrue("a", new Accrual("jane", FIVE, NOW, "o", "q", "x"));
    ledger.accrue("b", new Accrual("joe", FIVE, NOW, "o", "q", "x"));
    down[0] = true;

    assertThat(ledger).hasToString("Ledger[2 transactions]");
  }

  /**
   * Regression: after a store failure that left the ledger unsure what the store kept, its string
   * gave the count from before the failure as the ledger's, though the store held one more.
   */
  @Test
  void toString_afterAFailureOfUnknownOutcome_saysTheCountIsToBeReadAgain() {
    boolean[] down = {false};
    LedgerStore store = new ForwardingLedgerStore(LedgerStore.inMemory()) {
      @Override
      public void append(Transaction transaction) {
        super.append(transaction);
        if (down[0]) {
          throw new StoreFailure("acknowledgement lost");
        }
      }

      @Override
      public Optional<Transaction> find(String key) {
        if (down[0]) {
          throw new StoreFailure("store down: find");
        }
        return super.find(key);
      }
    };
    Ledger ledger = Ledger.open(store, new TestClock(NOW));
    ledger.accrue("a", new Accrual("jane", FIVE, NOW, "o", "q", "x"));
    assertThat(ledger).hasToString("Ledger[1 transaction]");
    down[0] = true;
    assertThatThrownBy(() -> ledger.accrue("b", new Accrual("joe", FIVE, NOW, "o", "q", "x")))
        .isInstanceOf(StoreFailure.class);
    down[0] = false;

    assertThat(ledger).hasToString("Ledger[1 transaction known, to be read again from the store]");
    assertThat(ledger.lastTransaction().map(Transaction::sequence)).contains(2L);
    assertThat(ledger).hasToString("Ledger[2 transactions]");
  }

  @Test
  void storeThatKeptTheWriteButThrew_countsThePostingOnce() {
    FailingStore store = new FailingStore(1, Mode.AFTER_WRITE);
    Ledger ledger = Ledger.open(store, new TestClock(NOW));
    Transaction accrued = ledger.accrue("a", new Accrual("jane", FIVE, NOW, "o", "q", "x"));
    assertThat(store.find("a")).contains(accrued);
    assertThat(ledger.accrue("a", new Accrual("jane", FIVE, NOW, "o", "q", "x"))).isEqualTo(accrued);
    assertThat(ledger.balances("jane", CurrencyUnit.USD).pending()).isEqualTo(FIVE);
  }

  @Test
  void storeThatKeptTheWriteButThrewAnError_countsThePostingOnce_andPostsOn() {
    // An Error (or a checked exception the store does not declare) after the write was kept.
    FailingStore store = new FailingStore(2, Mode.AFTER_WRITE_ERROR);
    Ledger ledger = Ledger.open(store, new TestClock(NOW));
    ledger.accrue("a1", new Accrual("jane", FIVE, NOW, "o1", "q", "x"));
    Transaction second = ledger.accrue("a2", new Accrual("jane", FIVE, NOW, "o2", "q", "x"));

    assertThat(ledger.transaction("a2")).contains(second);
    assertThat(ledger.balances("jane", CurrencyUnit.USD).pending())
        .isEqualTo(Money.parse("USD 10.00"));
    assertThat(ledger.accrue("a3", new Accrual("jane", FIVE, NOW, "o3", "q", "x")).sequence())
        .isEqualTo(3);
  }

  @Test
  void queriesAfterAnUnconfirmedWrite_readTheRebuiltState_atOnce() {
    // The write is kept but unconfirmed: the ledger rebuilds its state before the next read.
    FailingStore store = new FailingStore(2, Mode.AFTER_WRITE_UNREACHABLE);
    Ledger ledger = Ledger.open(store, new TestClock(NOW));
    ledger.accrue("a", new Accrual("jane", FIVE, NOW, "o1", "q", "x"));
    assertThatThrownBy(() -> ledger.accrue("b", new Accrual("zed", FIVE, NOW.plusSeconds(60),
        "o2", "q", "x"))).isInstanceOf(StoreFailure.class);

    assertThat(ledger.lastTransaction().map(Transaction::key)).contains("b");
    assertThat(ledger.accounts())
        .contains(Account.of(AccountKind.PENDING, "zed", CurrencyUnit.USD));
    assertThat(ledger.earliestHoldEnd()).contains(NOW);
  }

  @Test
  void earliestHoldEndAfterAnUnconfirmedRelease_isTheRebuiltOne() {
    FailingStore store = new FailingStore(2, Mode.AFTER_WRITE_UNREACHABLE);
    Ledger ledger = Ledger.open(store, new TestClock(NOW));
    ledger.accrue("a", new Accrual("jane", FIVE, NOW, "o1", "q", "x"));
    assertThatThrownBy(() -> ledger.release("r", NOW)).isInstanceOf(StoreFailure.class);

    // The release was kept: no hold is left to end.
    assertThat(ledger.earliestHoldEnd()).isEmpty();
  }

  @Test
  void open_overAStoreWithAnInconsistentJournal_namesTheTransaction() {
    LedgerStore store = LedgerStore.inMemory();
    store.append(new Transaction(1, "r", NOW, new Release(NOW.plusSeconds(1)), List.of()));
    assertThatThrownBy(() -> Ledger.open(store, new TestClock(NOW)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("journal is inconsistent at transaction 1 ('r'): release time must not be"
            + " after now, 2026-04-01T00:00:00Z: 2026-04-01T00:00:01Z");
  }

  /** A store that keeps what it is given, as a careless one over a database might. */
  private static LedgerStore unchecked(List<Transaction> journal) {
    return new LedgerStore() {
      @Override
      public void append(Transaction transaction) {
        journal.add(transaction);
      }

      @Override
      public Optional<Transaction> find(String key) {
        return journal.stream().filter(t -> t.key().equals(key)).findFirst();
      }

      @Override
      public long size() {
        return journal.size();
      }

      @Override
      public List<Transaction> read(long fromSequence) {
        return List.copyOf(journal.subList((int) fromSequence - 1, journal.size()));
      }
    };
  }

  @Test
  void open_overAStoreThatKeptAGapARepeatedKeyOrTimeGoingBack_namesTheTransaction() {
    Transaction first = new Transaction(1, "a", NOW, new Release(NOW), List.of());
    assertThatThrownBy(() -> Ledger.open(unchecked(new ArrayList<>(List.of(first,
        new Transaction(3, "b", NOW, new Release(NOW), List.of())))), new TestClock(NOW)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("journal is inconsistent at transaction 3 ('b'): sequence must be 2");
    assertThatThrownBy(() -> Ledger.open(unchecked(new ArrayList<>(List.of(first,
        new Transaction(2, "a", NOW, new Release(NOW), List.of())))), new TestClock(NOW)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("journal is inconsistent at transaction 2 ('a'): key is used twice");
    assertThatThrownBy(() -> Ledger.open(unchecked(new ArrayList<>(List.of(first,
        new Transaction(2, "b", NOW.minusNanos(1), new Release(NOW.minusNanos(1)), List.of())))),
        new TestClock(NOW)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("journal is inconsistent at transaction 2 ('b'): time must not precede the"
            + " transaction before, at 2026-04-01T00:00:00Z");
  }
}
