package dev.affiliatekit.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affiliatekit.json.JournalJson;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.testing.TestClock;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random sequences of postings, run against the ledger and against {@link LedgerModel}; after
 * every step the journal, the balances and the model must agree, and the ledger's invariants must
 * hold.
 */
class LedgerProperties {

  private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
  private static final List<String> AFFILIATES = List.of("ann", "bob", "cy", "dee");
  private static final List<CurrencyUnit> CURRENCIES =
      List.of(CurrencyUnit.USD, CurrencyUnit.EUR, CurrencyUnit.JPY);

  /** One step of a sequence; indices pick among what exists when the step runs. */
  interface Action {
    void run(Run run);
  }

  record Accrue(int affiliate, int currency, long minor, int holdHours) implements Action {
    @Override
    public void run(Run run) {
      Accrual accrual = new Accrual(AFFILIATES.get(affiliate), money(minor, currency),
          run.clock.instant().plus(Duration.ofHours(holdHours)), "order-" + run.keys, "quote",
          "test accrual");
      String key = run.nextKey();
      run.expect(key, () -> run.model.accrue(key, accrual), () -> run.ledger.accrue(key, accrual));
    }
  }

  record Advance(int hours) implements Action {
    @Override
    public void run(Run run) {
      run.clock.advance(Duration.ofHours(hours));
    }
  }

  record ReleaseNow(int hoursBack) implements Action {
    @Override
    public void run(Run run) {
      Instant asOf = run.clock.instant().minus(Duration.ofHours(hoursBack));
      String key = run.nextKey();
      run.expect(key, () -> run.model.release(key, asOf), () -> run.ledger.release(key, asOf));
    }
  }

  record Reverse(int item, int percent, boolean chargeback) implements Action {
    @Override
    public void run(Run run) {
      String itemKey = run.pick(run.model.items.keySet(), item, "no-such-item");
      LedgerModel.ModelItem target = run.model.items.get(itemKey);
      ReversalKind kind = chargeback ? ReversalKind.CHARGEBACK : ReversalKind.REFUND;
      Reversal reversal;
      if (percent == 0 || target == null) {
        reversal = Reversal.full(itemKey, kind, "test reversal");
      } else {
        // Up to 120% of what is accrued, so that some reversals ask for too much.
        long minor = Math.max(1, target.accrued * percent / 100);
        reversal = Reversal.partial(itemKey, Money.ofMinor(minor, target.currency), kind,
            "test reversal");
      }
      String key = run.nextKey();
      run.expect(key, () -> run.model.reverse(key, reversal),
          () -> run.ledger.reverse(key, reversal));
    }
  }

  /** Gives back part of what an item lost, or up to 120% of it, so that some ask for too much. */
  record Correct(int item, int percent) implements Action {
    @Override
    public void run(Run run) {
      String itemKey = run.pick(run.model.items.keySet(), item, "no-such-item");
      LedgerModel.ModelItem target = run.model.items.get(itemKey);
      long lost = target == null ? 1 : target.reversed - target.reinstated;
      CurrencyUnit currency = target == null ? CurrencyUnit.USD : target.currency;
      Reversal correction = Reversal.correction(itemKey,
          Money.ofMinor(Math.max(1, lost * percent / 100), currency), "rounding");
      String key = run.nextKey();
      run.expect(key, () -> run.model.reverse(key, correction),
          () -> run.ledger.reverse(key, correction));
    }
  }

  record VoidItem(int item) implements Action {
    @Override
    public void run(Run run) {
      String itemKey = run.pick(run.model.items.keySet(), item, "no-such-item");
      String key = run.nextKey();
      run.expect(key, () -> run.model.voidItem(key, itemKey, "test void"),
          () -> run.ledger.voidItem(key, itemKey, "test void"));
    }
  }

  record Reinstate(int reversal) implements Action {
    @Override
    public void run(Run run) {
      String reversalKey = run.pick(run.model.reversals.keySet(), reversal, "no-such-reversal");
      String key = run.nextKey();
      run.expect(key, () -> run.model.reinstate(key, reversalKey, "dispute won"),
          () -> run.ledger.reinstate(key, reversalKey, "dispute won"));
    }
  }

  record Adjust(int affiliate, int currency, long minor) implements Action {
    @Override
    public void run(Run run) {
      Adjustment adjustment = new Adjustment(AFFILIATES.get(affiliate), money(minor, currency),
          "test adjustment");
      String key = run.nextKey();
      run.expect(key, () -> run.model.adjust(key, adjustment),
          () -> run.ledger.adjust(key, adjustment));
    }
  }

  record Prepare(long minimum, int eligibleMask) implements Action {
    @Override
    public void run(Run run) {
      PayoutRules rules = PayoutRules.minimums(money(minimum, 0), money(minimum, 1),
          money(minimum, 2));
      if (eligibleMask != 0) {
        Set<String> eligible = new HashSet<>();
        for (int i = 0; i < AFFILIATES.size(); i++) {
          if ((eligibleMask & (1 << i)) != 0) {
            eligible.add(AFFILIATES.get(i));
          }
        }
        rules = rules.onlyAffiliates(eligible);
      }
      PayoutRules chosen = rules;
      Instant asOf = run.clock.instant();
      String key = run.nextKey();
      List<PayoutLine> expected = new ArrayList<>();
      run.expect(key, () -> expected.addAll(run.model.prepare(key, asOf, chosen)), () -> {
        PayoutBatch batch = run.ledger.prepare(key, asOf, chosen);
        assertThat(batch.lines()).isEqualTo(expected);
        return run.ledger.transaction(key).orElseThrow();
      });
    }
  }

  record ResolveLines(int batch, int line, boolean settle) implements Action {
    @Override
    public void run(Run run) {
      String batchKey = run.pick(run.model.batches.keySet(), batch, "no-such-batch");
      List<String> ids = run.model.batches.getOrDefault(batchKey, List.of());
      // line < 0 means every open line; otherwise one line, possibly already resolved.
      Set<String> lineIds = line < 0 || ids.isEmpty() ? Set.of()
          : Set.of(ids.get(line % ids.size()));
      String key = run.nextKey();
      PayoutLineStatus to = settle ? PayoutLineStatus.SETTLED : PayoutLineStatus.FAILED;
      Posting posting = settle ? new PayoutSettlement(batchKey, lineIds)
          : new PayoutFailure(batchKey, lineIds, "bounced");
      run.expect(key, () -> run.model.resolveLines(key, posting, batchKey, lineIds, to),
          () -> run.ledger.post(key, posting));
    }
  }

  record ReplaySame(int posting) implements Action {
    @Override
    public void run(Run run) {
      if (run.model.postings.isEmpty()) {
        return;
      }
      String key = run.pick(run.model.postings.keySet(), posting, "unused");
      Transaction original = run.ledger.transaction(key).orElseThrow();
      List<Transaction> journal = run.ledger.journal();
      Map<Account, Money> before = run.snapshot();
      assertThat(run.ledger.post(key, run.model.postings.get(key))).isEqualTo(original);
      assertThat(run.ledger.journal()).isEqualTo(journal);
      assertThat(run.snapshot()).isEqualTo(before);
    }
  }

  record ReplayDifferent(int posting) implements Action {
    @Override
    public void run(Run run) {
      if (run.model.postings.isEmpty()) {
        return;
      }
      String key = run.pick(run.model.postings.keySet(), posting, "unused");
      Posting recorded = run.model.postings.get(key);
      Posting different = recorded instanceof Release
          ? new Adjustment("ann", Money.parse("USD 0.01"), "different")
          : new Release(run.clock.instant());
      List<Transaction> journal = run.ledger.journal();
      Map<Account, Money> before = run.snapshot();
      assertThatThrownBy(() -> run.ledger.post(key, different))
          .isInstanceOf(IdempotencyConflictException.class)
          .hasMessageContaining(key);
      assertThat(run.ledger.journal()).isEqualTo(journal);
      assertThat(run.snapshot()).isEqualTo(before);
    }
  }

  /** A ledger, its model and its clock, run side by side. */
  static final class Run {
    final TestClock clock = new TestClock(START);
    final Ledger ledger = Ledger.inMemory(clock);
    final LedgerModel model = new LedgerModel();
    int keys;

    String nextKey() {
      return "k" + keys++;
    }

    String pick(Set<String> keys, int index, String otherwise) {
      if (keys.isEmpty()) {
        return otherwise;
      }
      List<String> list = new ArrayList<>(keys);
      return list.get(Math.floorMod(index, list.size()));
    }

    /** Runs the model, then the ledger, and checks that both accept or both reject the same way. */
    void expect(String key, Runnable onModel, Supplier<Transaction> onLedger) {
      Class<? extends RuntimeException> rejection = null;
      try {
        onModel.run();
      } catch (LedgerModel.Rejected rejected) {
        rejection = rejected.type;
      }
      if (rejection == null) {
        Transaction transaction = onLedger.get();
        assertThat(transaction.key()).isEqualTo(key);
        assertThat(transaction.sequence()).isEqualTo(model.size());
      } else {
        List<Transaction> journal = ledger.journal();
        Map<Account, Money> before = snapshot();
        assertThatThrownBy(onLedger::get).isInstanceOf(rejection);
        assertThat(ledger.journal()).isEqualTo(journal);
        assertThat(snapshot()).isEqualTo(before);
        assertThat(ledger.transaction(key)).isEmpty();
      }
    }

    Map<Account, Money> snapshot() {
      Map<Account, Money> balances = new HashMap<>();
      for (Account account : ledger.accounts()) {
        balances.put(account, ledger.balance(account));
      }
      return balances;
    }

    void checkInvariants() {
      List<Transaction> journal = ledger.journal();
      assertThat(journal).hasSize(model.size());
      Map<Account, Long> fold = new HashMap<>();
      Set<String> released = new HashSet<>();
      Set<String> resolvedLines = new HashSet<>();
      Instant previous = Instant.MIN;
      for (int i = 0; i < journal.size(); i++) {
        Transaction transaction = journal.get(i);
        assertThat(transaction.sequence()).isEqualTo(i + 1L);
        assertThat(transaction.postedAt()).isAfterOrEqualTo(previous);
        previous = transaction.postedAt();
        Map<CurrencyUnit, Long> sums = new HashMap<>();
        for (Entry entry : transaction.entries()) {
          sums.merge(entry.amount().currency(), entry.amount().minorUnits(), Long::sum);
          fold.merge(entry.account(), entry.amount().minorUnits(), Long::sum);
          String reference = entry.reference().orElse("");
          if (transaction.posting() instanceof Release && entry.amount().isPositive()) {
            assertThat(released.add(reference)).as("released twice: %s", reference).isTrue();
          }
          boolean lineResolution = transaction.posting() instanceof PayoutSettlement
              || transaction.posting() instanceof PayoutFailure;
          if (lineResolution && entry.amount().isPositive()) {
            assertThat(resolvedLines.add(reference)).as("line resolved twice: %s", reference)
                .isTrue();
          }
        }
        assertThat(sums.values()).as("transaction %s balances", transaction.key())
            .allMatch(sum -> sum == 0);
      }
      Set<Account> accounts = new HashSet<>(ledger.accounts());
      assertThat(fold.keySet()).isEqualTo(accounts);
      Map<CurrencyUnit, Long> total = new HashMap<>();
      Set<Account> all = new HashSet<>(accounts);
      all.addAll(model.balances.keySet());
      for (Account account : all) {
        long balance = ledger.balance(account).minorUnits();
        assertThat(balance).as("fold of %s", account).isEqualTo(fold.getOrDefault(account, 0L));
        assertThat(balance).as("model of %s", account)
            .isEqualTo(model.balances.getOrDefault(account, 0L));
        total.merge(account.currency(), balance, Long::sum);
      }
      assertThat(total.values()).as("all accounts add up to zero").allMatch(sum -> sum == 0);
      for (CurrencyUnit currency : CURRENCIES) {
        Map<AccountKind, Money> totals = ledger.totals(currency);
        assertThat(totals.values().stream().mapToLong(Money::minorUnits).sum()).isZero();
        for (AccountKind kind : AccountKind.values()) {
          long sum = accounts.stream()
              .filter(account -> account.kind() == kind && account.currency().equals(currency))
              .mapToLong(account -> ledger.balance(account).minorUnits()).sum();
          assertThat(totals.get(kind).minorUnits()).as("total of %s %s", kind, currency)
              .isEqualTo(sum);
        }
      }
      for (Map.Entry<String, LedgerModel.ModelItem> expected : model.items.entrySet()) {
        PendingItem item = ledger.item(expected.getKey()).orElseThrow();
        LedgerModel.ModelItem m = expected.getValue();
        assertThat(item.status()).isEqualTo(m.status);
        assertThat(item.pending().minorUnits()).isEqualTo(m.pending);
        assertThat(item.released().minorUnits()).isEqualTo(m.released);
        assertThat(item.reversed().minorUnits()).isEqualTo(m.reversed);
        assertThat(item.voided().minorUnits()).isEqualTo(m.voided);
        assertThat(item.reinstated().minorUnits()).isEqualTo(m.reinstated);
        assertThat(item.outstanding().minorUnits()).isNotNegative()
            .isLessThanOrEqualTo(m.accrued - m.voided);
      }
      for (Map.Entry<String, LedgerModel.ModelLine> line : model.lines.entrySet()) {
        assertThat(ledger.lineStatus(line.getKey())).contains(line.getValue().status);
      }
      assertThat(ledger.earliestHoldEnd()).isEqualTo(model.items.values().stream()
          .filter(item -> item.status == ItemStatus.PENDING).map(item -> item.holdUntil)
          .min(Instant::compareTo));
      assertThat(ledger.lastTransaction()).isEqualTo(journal.isEmpty() ? java.util.Optional.empty()
          : java.util.Optional.of(journal.get(journal.size() - 1)));
    }

    /**
     * Checks every query about the past against a fold of the journal: each affiliate's
     * transactions, its balances and statements, and the balance of every account, as of each
     * instant the journal stamps and just before.
     */
    void checkHistory(Ledger ledger) {
      List<Transaction> journal = ledger.journal();
      Set<Instant> instants = new java.util.TreeSet<>();
      for (Transaction transaction : journal) {
        instants.add(transaction.postedAt());
        instants.add(transaction.postedAt().minusNanos(1));
      }
      List<Instant> times = new ArrayList<>(instants);
      Map<String, List<PendingItem>> byOrder = new HashMap<>();
      for (Transaction transaction : journal) {
        if (transaction.posting() instanceof Accrual accrual) {
          byOrder.computeIfAbsent(accrual.orderId(), unused -> new ArrayList<>())
              .add(ledger.item(transaction.key()).orElseThrow());
        }
      }
      byOrder.forEach((order, items) -> assertThat(ledger.itemsOfOrder(order))
          .as("items of order %s", order).isEqualTo(items));
      assertThat(ledger.itemsOfOrder("no such order")).isEmpty();
      for (Transaction reversal : journal) {
        if (reversal.posting() instanceof Reversal) {
          assertThat(ledger.reinstatement(reversal.key())).as("reinstatement of %s", reversal.key())
              .isEqualTo(journal.stream().filter(transaction -> transaction.posting()
                  instanceof Reinstatement reinstatement
                  && reinstatement.reversalKey().equals(reversal.key())).findFirst());
        }
      }
      for (String affiliate : AFFILIATES) {
        List<Transaction> own = journal.stream()
            .filter(transaction -> transaction.entries().stream()
                .anyMatch(entry -> isOf(entry, affiliate)))
            .toList();
        assertThat(ledger.journalOf(affiliate)).as("journal of %s", affiliate).isEqualTo(own);
        assertThat(ledger.statement(affiliate, Instant.MIN, Instant.MAX))
            .extracting(StatementLine::entry).as("whole statement of %s", affiliate)
            .isEqualTo(own.stream().flatMap(transaction -> transaction.entries().stream())
                .filter(entry -> isOf(entry, affiliate)).toList());
        for (int i = 0; i < times.size(); i += 3) {
          Instant from = times.get(i);
          Instant to = times.get(Math.min(times.size() - 1, i + 4));
          List<StatementLine> expected = new ArrayList<>();
          for (Transaction transaction : journal) {
            if (!transaction.postedAt().isBefore(from) && transaction.postedAt().isBefore(to)) {
              transaction.entries().stream().filter(entry -> isOf(entry, affiliate))
                  .forEach(entry -> expected.add(new StatementLine(transaction.sequence(),
                      transaction.key(), transaction.postedAt(), transaction.posting(), entry)));
            }
          }
          assertThat(ledger.statement(affiliate, from, to))
              .as("statement of %s from %s to %s", affiliate, from, to).isEqualTo(expected);
        }
      }
      for (Instant asOf : times) {
        Map<Account, Long> fold = new HashMap<>();
        journal.stream().filter(transaction -> !transaction.postedAt().isAfter(asOf))
            .flatMap(transaction -> transaction.entries().stream())
            .forEach(entry -> fold.merge(entry.account(), entry.amount().minorUnits(), Long::sum));
        for (Account account : ledger.accounts()) {
          assertThat(ledger.balance(account, asOf).minorUnits())
              .as("%s as of %s", account, asOf).isEqualTo(fold.getOrDefault(account, 0L));
        }
        for (String affiliate : AFFILIATES) {
          for (CurrencyUnit currency : CURRENCIES) {
            Balances balances = ledger.balances(affiliate, currency, asOf);
            assertThat(balances.pending().minorUnits()).isEqualTo(
                fold.getOrDefault(Account.of(AccountKind.PENDING, affiliate, currency), 0L));
            assertThat(balances.payable().minorUnits()).isEqualTo(
                fold.getOrDefault(Account.of(AccountKind.PAYABLE, affiliate, currency), 0L));
            assertThat(balances.clearing().minorUnits()).isEqualTo(fold.getOrDefault(
                Account.of(AccountKind.PAYOUT_CLEARING, affiliate, currency), 0L));
            assertThat(balances.paid().minorUnits()).isEqualTo(
                fold.getOrDefault(Account.of(AccountKind.PAID, affiliate, currency), 0L));
          }
        }
      }
    }

    private static boolean isOf(Entry entry, String affiliate) {
      return !entry.account().kind().isBusiness() && entry.account().owner().equals(affiliate);
    }

    void checkRestoredFromExport() {
      checkHistory(ledger);
      String lines = JournalJson.toJsonLines(ledger.journal());
      Ledger copy = Ledger.restore(JournalJson.read(new StringReader(lines)), clock);
      checkHistory(copy);
      assertThat(copy.accounts()).isEqualTo(ledger.accounts());
      for (Account account : ledger.accounts()) {
        assertThat(copy.balance(account)).isEqualTo(ledger.balance(account));
      }
      for (String key : model.items.keySet()) {
        assertThat(copy.item(key)).isEqualTo(ledger.item(key));
      }
      for (String affiliate : AFFILIATES) {
        for (CurrencyUnit currency : CURRENCIES) {
          assertThat(ledger.balances(affiliate, currency, clock.instant()))
              .isEqualTo(ledger.balances(affiliate, currency));
        }
      }
    }
  }

  private static Money money(long minor, int currency) {
    return Money.ofMinor(minor, CURRENCIES.get(currency));
  }

  @Provide
  Arbitrary<List<Action>> actions() {
    Arbitrary<Integer> affiliate = Arbitraries.integers().between(0, AFFILIATES.size() - 1);
    Arbitrary<Integer> currency = Arbitraries.integers().between(0, CURRENCIES.size() - 1);
    Arbitrary<Integer> index = Arbitraries.integers().between(0, 50);
    Arbitrary<Action> accrue = Combinators.combine(affiliate, currency,
        // A hold that has ended already, as under a program without a hold period, a quarter of
        // the time: such an item may meet releases made before it was accrued.
        Arbitraries.longs().between(1, 10_000), Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(1, Arbitraries.just(0)),
            net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(0, 96))))
        .as(Accrue::new);
    Arbitrary<Action> advance = Arbitraries.integers().between(0, 48).map(Advance::new);
    Arbitrary<Action> release = Arbitraries.integers().between(0, 24).map(ReleaseNow::new);
    Arbitrary<Action> reverse = Combinators.combine(index,
        Arbitraries.oneOf(Arbitraries.just(0), Arbitraries.integers().between(1, 120)),
        Arbitraries.of(true, false)).as(Reverse::new);
    Arbitrary<Action> correct = Combinators.combine(index, Arbitraries.integers().between(1, 120))
        .as(Correct::new);
    Arbitrary<Action> voidItem = index.map(VoidItem::new);
    Arbitrary<Action> reinstate = index.map(Reinstate::new);
    Arbitrary<Action> adjust = Combinators.combine(affiliate, currency,
        Arbitraries.longs().between(-5_000, 5_000).filter(minor -> minor != 0)).as(Adjust::new);
    Arbitrary<Action> prepare = Combinators.combine(Arbitraries.longs().between(1, 8_000),
        Arbitraries.integers().between(0, 15)).as(Prepare::new);
    Arbitrary<Action> resolve = Combinators.combine(index, Arbitraries.integers().between(-1, 5),
        Arbitraries.of(true, false)).as(ResolveLines::new);
    Arbitrary<Action> replaySame = index.map(ReplaySame::new);
    Arbitrary<Action> replayDifferent = index.map(ReplayDifferent::new);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(6, accrue),
        net.jqwik.api.Tuple.of(3, advance),
        net.jqwik.api.Tuple.of(3, release),
        net.jqwik.api.Tuple.of(3, reverse),
        net.jqwik.api.Tuple.of(1, correct),
        net.jqwik.api.Tuple.of(2, voidItem),
        net.jqwik.api.Tuple.of(2, reinstate),
        net.jqwik.api.Tuple.of(2, adjust),
        net.jqwik.api.Tuple.of(2, prepare),
        net.jqwik.api.Tuple.of(3, resolve),
        net.jqwik.api.Tuple.of(2, replaySame),
        net.jqwik.api.Tuple.of(1, replayDifferent)).list().ofMinSize(1).ofMaxSize(60);
  }

  @Property(tries = 400, edgeCases = EdgeCasesMode.NONE)
  void everyStep_keepsTheJournalTheBalancesAndTheModelInAgreement(
      @ForAll("actions") List<Action> actions) {
    Run run = new Run();
    for (Action action : actions) {
      action.run(run);
      run.checkInvariants();
    }
    run.checkRestoredFromExport();
  }
}
