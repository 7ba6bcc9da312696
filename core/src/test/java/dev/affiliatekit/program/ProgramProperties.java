package dev.affiliatekit.program;

import static dev.affiliatekit.money.CurrencyUnit.EUR;
import static dev.affiliatekit.money.CurrencyUnit.USD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.affiliatekit.attribution.AttributionModel;
import dev.affiliatekit.attribution.AttributionPolicy;
import dev.affiliatekit.attribution.Conversion;
import dev.affiliatekit.attribution.Credit;
import dev.affiliatekit.attribution.CustomerBinding;
import dev.affiliatekit.attribution.LineItem;
import dev.affiliatekit.commission.AffiliateProfile;
import dev.affiliatekit.commission.Attribute;
import dev.affiliatekit.commission.CommissionPlan;
import dev.affiliatekit.commission.CommissionQuote;
import dev.affiliatekit.commission.CommissionRule;
import dev.affiliatekit.commission.Condition;
import dev.affiliatekit.ledger.AccountKind;
import dev.affiliatekit.ledger.Balances;
import dev.affiliatekit.ledger.Accrual;
import dev.affiliatekit.ledger.Adjustment;
import dev.affiliatekit.ledger.IdempotencyConflictException;
import dev.affiliatekit.ledger.ItemStatus;
import dev.affiliatekit.ledger.Ledger;
import dev.affiliatekit.ledger.PayoutRules;
import dev.affiliatekit.ledger.PendingItem;
import dev.affiliatekit.ledger.ReversalKind;
import dev.affiliatekit.ledger.Transaction;
import dev.affiliatekit.money.Money;
import dev.affiliatekit.money.Rate;
import dev.affiliatekit.testing.TestClock;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random sequences of clicks, conversions, refunds, chargebacks and won chargebacks, releases,
 * payouts, profile updates, voids and calls that must be rejected, each operation also retried:
 * the ledger balances, every affiliate's statement adds up, each quote uses the profile of its
 * time, refunds take back exactly their share of every commission not voided and never more than
 * was accrued, whatever the order of refunds, chargebacks and wins, a retry changes nothing, and a
 * rejected conversion or refund changes neither the journal, the events, nor the attributor's
 * bindings and remembered orders. With the ledger's store failing in the middle of operations,
 * each failed call retried, the journal, the events and the outcomes end as without failures.
 */
class ProgramProperties {

  private static final Instant START = Instant.parse("2026-03-01T10:00:00Z");
  private static final List<String> AFFILIATES = List.of("ann", "bob", "cy");
  private static final int VISITORS = 4;
  /** Followers from which an affiliate earns the big-audience rate instead of the base rate. */
  private static final long BIG_AUDIENCE = 10_000;
  private static final CommissionPlan PLAN = CommissionPlan.builder()
      .rule(CommissionRule.builder("base").priority(-1).percentage(Rate.parse("12.5%")).build())
      .rule(CommissionRule.builder("big-audience")
          .when(Condition.atLeast(Attribute.AFFILIATE_FOLLOWERS, BIG_AUDIENCE))
          .percentage(Rate.parse("20%")).build())
      .build();

  /** One step; indices pick among what exists when the step runs. */
  interface Action {
    void run(Run run);
  }

  record Click(int visitor, int affiliate) implements Action {
    @Override
    public void run(Run run) {
      run.program.recordClick("v" + visitor, AFFILIATES.get(affiliate).toUpperCase() + "CODE");
    }
  }

  record Convert(int visitor, long cents) implements Action {
    @Override
    public void run(Run run) {
      Money total = Money.ofMinor(cents, USD);
      Conversion order = Conversion.builder("o" + run.orders.size(), run.clock.instant(), total)
          .visitorId("v" + visitor)
          .customerId("c" + visitor)
          .lineItem(LineItem.of("p", 1, total))
          .build();
      run.orders.add(order);
      run.retry(() -> run.program.recordConversion(order));
      run.quotes.put(order.orderId(), run.program.recordConversion(order));
      run.followersAt.put(order.orderId(), Map.copyOf(run.followers));
    }
  }

  /** A new follower count for an affiliate; later conversions are quoted with it. */
  record Grow(int affiliate, long followers) implements Action {
    @Override
    public void run(Run run) {
      String id = AFFILIATES.get(affiliate);
      AffiliateProfile profile = AffiliateProfile.builder(id).followers(followers).build();
      Enrollment updated = run.program.updateProfile(profile);
      // Setting it again changes nothing. Not kept for the final retries: an update sets the
      // profile, so an older one replayed later would set that profile back.
      assertThat(run.program.updateProfile(profile)).isEqualTo(updated);
      assertThat(run.program.enrollment(id)).contains(updated);
      run.followers.put(id, followers);
    }
  }

  record PartialRefund(int order, int percent, boolean chargeback) implements Action {
    @Override
    public void run(Run run) {
      if (run.orders.isEmpty()) {
        return;
      }
      Conversion conversion = run.orders.get(order % run.orders.size());
      long left = conversion.total().minorUnits() - run.refunded(conversion.orderId());
      long cents = left * percent / 100;
      if (cents <= 0) {
        return;
      }
      String id = "r" + run.keys++;
      Refund refund = chargeback
          ? new Refund(conversion.orderId(), id, Optional.of(Money.ofMinor(cents, USD)),
              ReversalKind.CHARGEBACK, "disputed")
          : Refund.partial(conversion.orderId(), id, Money.ofMinor(cents, USD), "partial");
      run.retry(() -> run.program.refund(refund));
      if (chargeback) {
        run.chargebacks.computeIfAbsent(conversion.orderId(), unused -> new ArrayList<>())
            .add(new LostChargeback(id, cents));
      }
      run.refunds.merge(conversion.orderId(), cents, Long::sum);
    }
  }

  record FullRefund(int order, boolean chargeback) implements Action {
    @Override
    public void run(Run run) {
      if (run.orders.isEmpty()) {
        return;
      }
      Conversion conversion = run.orders.get(order % run.orders.size());
      long total = conversion.total().minorUnits();
      if (run.full.containsKey(conversion.orderId())
          || (total > 0 && run.refunded(conversion.orderId()) == total)) {
        return; // refunded in full already, which the program rejects
      }
      String id = "r" + run.keys++;
      Refund refund = chargeback ? Refund.chargeback(conversion.orderId(), id, "disputed")
          : Refund.full(conversion.orderId(), id, "cancelled");
      run.retry(() -> run.program.refund(refund));
      if (chargeback) {
        run.chargebacks.computeIfAbsent(conversion.orderId(), unused -> new ArrayList<>())
            .add(new LostChargeback(id, total - run.refunded(conversion.orderId())));
      }
      run.full.put(conversion.orderId(), true);
      run.refunds.put(conversion.orderId(), conversion.total().minorUnits());
    }
  }

  /** A chargeback not yet won, and how much of the order it gave back. */
  record LostChargeback(String id, long amount) {}

  /** Wins one of the chargebacks of an order: the order counts as refunded by that much less. */
  record WinChargeback(int order, int chargeback) implements Action {
    @Override
    public void run(Run run) {
      if (run.chargebacks.isEmpty()) {
        return;
      }
      List<String> lost = new ArrayList<>(new TreeMap<>(run.chargebacks).keySet());
      String orderId = lost.get(order % lost.size());
      List<LostChargeback> open = run.chargebacks.get(orderId);
      LostChargeback won = open.remove(chargeback % open.size());
      if (open.isEmpty()) {
        run.chargebacks.remove(orderId);
      }
      run.retry(() -> run.program.chargebackWon(orderId, won.id(), "dispute won"));
      run.full.remove(orderId);
      run.refunds.merge(orderId, -won.amount(), Long::sum);
    }
  }

  record Advance(int days) implements Action {
    @Override
    public void run(Run run) {
      run.clock.advance(Duration.ofDays(days));
    }
  }

  record ReleaseNow() implements Action {
    @Override
    public void run(Run run) {
      String key = "release-" + run.keys++;
      run.retry(() -> run.program.release(key));
    }
  }

  /** A release under the derived key; called again at once, it has nothing left to release. */
  record ReleaseDue() implements Action {
    @Override
    public void run(Run run) {
      Optional<Transaction> release = run.attempt(run.program::release);
      List<Transaction> journal = run.program.ledger().journal();
      assertThat(run.program.release()).isEmpty();
      assertThat(run.program.ledger().journal()).isEqualTo(journal);
      run.program.ledger().earliestHoldEnd()
          .ifPresent(end -> assertThat(end).isAfter(run.clock.instant()));
      release.ifPresent(transaction -> assertThat(transaction.entries()).isNotEmpty());
    }
  }

  record Payout(boolean settle) implements Action {
    @Override
    public void run(Run run) {
      String key = "payout-" + run.keys++;
      run.retry(() -> run.program.preparePayout(key));
      if (run.program.ledger().batch(key).orElseThrow().lines().isEmpty()) {
        return;
      }
      if (settle) {
        run.retry(() -> run.program.settlePayout(key));
      } else {
        run.retry(() -> run.program.failPayout(key, "bounced"));
      }
    }
  }

  /** Voids one of the commission items still held, through the ledger, as a host does for fraud. */
  record VoidItem(int item) implements Action {
    @Override
    public void run(Run run) {
      List<String> held = new ArrayList<>();
      for (Conversion order : run.orders) {
        for (Transaction accrual : run.quotes.get(order.orderId()).transactions()) {
          if (run.program.ledger().item(accrual.key()).orElseThrow().status()
              == ItemStatus.PENDING) {
            held.add(accrual.key());
          }
        }
      }
      if (!held.isEmpty()) {
        String itemKey = held.get(item % held.size());
        run.program.ledger().voidItem("void-" + run.keys++, itemKey, "fraud");
        run.voided.add(itemKey);
      }
    }
  }

  /**
   * A conversion, of an order whose id holds separators, after the host posted under the key of
   * one of its items: recorded if the affiliate gets no commission from it, rejected otherwise.
   */
  record TakenItemKey(int visitor, long cents, int affiliate) implements Action {
    @Override
    public void run(Run run) {
      String orderId = "x/" + run.keys++ + ":" + affiliate;
      String itemKey = Keys.item(Keys.of("order", orderId), AFFILIATES.get(affiliate));
      run.program.ledger().accrue(itemKey, new Accrual(AFFILIATES.get(affiliate), usd(1),
          START, "elsewhere", "manual", "posted by hand"));
      run.byHand.merge(AFFILIATES.get(affiliate), 1L, Long::sum);
      String customer = "x" + orderId;
      Money total = Money.ofMinor(cents, USD);
      Conversion order = Conversion.builder(orderId, run.clock.instant(), total)
          .visitorId("v" + visitor).customerId(customer).lineItem(LineItem.of("p", 1, total))
          .build();
      Optional<RuntimeException> rejection = run.rejection(
          () -> run.program.recordConversion(order));
      if (rejection.isPresent()) {
        assertThat(rejection.get()).isInstanceOf(IdempotencyConflictException.class);
        assertThat(run.program.attributor().binding(customer)).isEmpty();
        // Not remembered either: attributed now, the order is attributed afresh.
        Conversion other = Conversion.builder(orderId, run.clock.instant(), total.plus(usd(1)))
            .visitorId("v" + visitor).customerId(customer).build();
        List<Credit> afresh = run.program.attributor().evaluate(other).credits();
        assertThat(run.program.attributor().attribute(other).credits()).isEqualTo(afresh);
      } else {
        // Recorded: a retry returns its outcome, whose commissions the run does not track.
        for (CommissionQuote quote : run.program.recordConversion(order).quotes()) {
          run.byHand.merge(quote.affiliateId(), quote.amount().minorUnits(), Long::sum);
        }
      }
    }
  }

  /**
   * A refund that must be rejected: too much, or in another currency; or a refund after the host
   * posted under the key of the last reversal it would post, which is rejected if that reversal
   * takes anything.
   */
  record BadRefund(int order, int variant) implements Action {
    @Override
    public void run(Run run) {
      if (run.orders.isEmpty()) {
        return;
      }
      Conversion conversion = run.orders.get(order % run.orders.size());
      String orderId = conversion.orderId();
      long left = conversion.total().minorUnits() - run.refunded(orderId);
      String refundId = "bad/" + run.keys++;
      Refund refund;
      switch (variant) {
        case 0 -> refund = Refund.partial(orderId, refundId, usd(left + 1), "too much");
        case 1 -> refund = Refund.partial(orderId, refundId, Money.ofMinor(1, EUR), "euros");
        default -> {
          List<Transaction> accruals = run.quotes.get(orderId).transactions();
          if (left <= 0 || run.full.containsKey(orderId) || accruals.isEmpty()) {
            return;
          }
          refund = Refund.full(orderId, refundId, "the rest");
          String last = accruals.get(accruals.size() - 1).key();
          run.program.ledger().adjust(Keys.onItem(Keys.fit(refund.key()), last),
              new Adjustment(AFFILIATES.get(0), usd(1), "bonus"));
          run.byHand.merge(AFFILIATES.get(0), 1L, Long::sum);
        }
      }
      if (run.rejection(() -> run.program.refund(refund)).isEmpty()) {
        // Its share of the last item was nothing, so the taken key was not needed.
        assertThat(variant).isEqualTo(2);
        run.full.put(orderId, true);
        run.refunds.put(orderId, conversion.total().minorUnits());
      }
    }
  }

  /**
   * How the store fails in one operation: on its n-th append, from 1 (0 for not at all), the way
   * the failure says. The host then retries the call.
   */
  record Fault(int append, FailingLedgerStore.Failure failure) {}

  /** The program under test and what the actions did to it. */
  static final class Run {
    final TestClock clock = new TestClock(START);
    final FailingLedgerStore store = new FailingLedgerStore();
    /** How the store fails in the operations to come, one fault per operation, in order. */
    final Deque<Fault> faults;
    final AffiliateProgram program;
    final Map<String, ConversionOutcome> quotes = new HashMap<>();
    final List<Conversion> orders = new ArrayList<>();
    final Map<String, Long> refunds = new HashMap<>();
    final Map<String, Boolean> full = new HashMap<>();
    /** Each affiliate's follower count now, and as it was when each order was recorded. */
    final Map<String, Long> followers = new HashMap<>();
    final Map<String, Map<String, Long>> followersAt = new HashMap<>();
    final Map<String, List<LostChargeback>> chargebacks = new HashMap<>();
    /** The items voided by hand. */
    final Set<String> voided = new HashSet<>();
    /**
     * What affiliates earned outside the orders tracked, in minor units: posted by the host by
     * hand, or quoted for a conversion recorded after the host took a key.
     */
    final Map<String, Long> byHand = new HashMap<>();
    final List<RefundOutcome> refundOutcomes = new ArrayList<>();
    final List<ProgramEvent> events = new ArrayList<>();
    final List<Supplier<Object>> done = new ArrayList<>();
    final List<Object> outcomes = new ArrayList<>();
    int keys;

    Run(boolean linear, boolean binding) {
      this(linear, binding, List.of());
    }

    Run(boolean linear, boolean binding, List<Fault> faults) {
      this.faults = new ArrayDeque<>(faults);
      program = AffiliateProgram.builder()
          .plan(PLAN)
          .ledger(Ledger.open(store, clock))
          .model(linear ? AttributionModel.linear() : AttributionModel.lastTouch())
          .policy(binding ? AttributionPolicy.builder().lifetimeBinding().build()
              : AttributionPolicy.defaults())
          .payoutRules(PayoutRules.minimums(Money.parse("USD 20.00")))
          .clock(clock)
          .listener(events::add)
          .build();
      for (String affiliate : AFFILIATES) {
        program.enroll(AffiliateProfile.of(affiliate), affiliate + "code");
      }
    }

    long refunded(String orderId) {
      return refunds.getOrDefault(orderId, 0L);
    }

    /**
     * Runs an operation that may be rejected; if it is, checks that it changed neither the
     * journal, the events nor any customer's binding, and returns why.
     */
    Optional<RuntimeException> rejection(Supplier<Object> operation) {
      List<Transaction> journal = program.ledger().journal();
      int heard = events.size();
      Map<String, Optional<CustomerBinding>> bindings = bindings();
      try {
        Object outcome = operation.get();
        if (outcome instanceof RefundOutcome refund) {
          refundOutcomes.add(refund);
        }
        return Optional.empty();
      } catch (IllegalArgumentException | IllegalStateException e) {
        assertThat(program.ledger().journal()).isEqualTo(journal);
        assertThat(events).hasSize(heard);
        assertThat(bindings()).isEqualTo(bindings);
        return Optional.of(e);
      }
    }

    Map<String, Optional<CustomerBinding>> bindings() {
      Map<String, Optional<CustomerBinding>> bindings = new HashMap<>();
      for (int visitor = 0; visitor <= VISITORS; visitor++) {
        bindings.put("c" + visitor, program.attributor().binding("c" + visitor));
      }
      return bindings;
    }

    /**
     * Runs an operation with the store failing as the next fault says; if the call fails, runs it
     * again, as the host retries it.
     */
    <T> T attempt(Supplier<T> operation) {
      Fault fault = faults.poll();
      if (fault == null || fault.append() == 0) {
        return operation.get();
      }
      store.failAppend(fault.append(), fault.failure());
      try {
        return operation.get();
      } catch (FailingLedgerStore.StoreFailure failure) {
        return operation.get();
      } finally {
        store.disarm();
      }
    }

    /** Runs an operation twice: the second time must return an equal outcome and post nothing. */
    void retry(Supplier<Object> operation) {
      Object outcome = attempt(operation);
      if (outcome instanceof RefundOutcome refund) {
        refundOutcomes.add(refund);
      }
      int journal = program.ledger().journal().size();
      assertThat(operation.get()).isEqualTo(outcome);
      assertThat(program.ledger().journal()).hasSize(journal);
      done.add(operation);
      outcomes.add(outcome);
    }
  }

  @Provide
  Arbitrary<List<Action>> actions() {
    Arbitrary<Action> click = Combinators.combine(Arbitraries.integers().between(0, VISITORS),
        Arbitraries.integers().between(0, AFFILIATES.size() - 1)).as(Click::new);
    Arbitrary<Action> convert = Combinators.combine(Arbitraries.integers().between(0, VISITORS),
        Arbitraries.longs().between(0, 100_000)).as(Convert::new);
    Arbitrary<Action> partial = Combinators.combine(Arbitraries.integers().between(0, 50),
        Arbitraries.integers().between(1, 100)).as((o, p) -> new PartialRefund(o, p, false));
    Arbitrary<Action> fullRefund = Combinators.combine(Arbitraries.integers().between(0, 50),
        Arbitraries.of(true, false)).as(FullRefund::new);
    Arbitrary<Action> partialChargeback = Combinators.combine(
        Arbitraries.integers().between(0, 50), Arbitraries.integers().between(1, 100))
        .as((o, p) -> new PartialRefund(o, p, true));
    Arbitrary<Action> win = Combinators.combine(Arbitraries.integers().between(0, 50),
        Arbitraries.integers().between(0, 3)).as(WinChargeback::new);
    Arbitrary<Action> advance = Arbitraries.integers().between(1, 20).map(Advance::new);
    Arbitrary<Action> release = Arbitraries.of(new ReleaseNow(), new ReleaseDue());
    Arbitrary<Action> payout = Arbitraries.of(true, false).map(Payout::new);
    Arbitrary<Action> grow = Combinators.combine(
        Arbitraries.integers().between(0, AFFILIATES.size() - 1),
        Arbitraries.longs().between(BIG_AUDIENCE - 2, BIG_AUDIENCE + 1)
            .injectDuplicates(0.2).edgeCases(edges -> edges.includeOnly(BIG_AUDIENCE)))
        .as(Grow::new);
    Arbitrary<Action> voids = Arbitraries.integers().between(0, 50).map(VoidItem::new);
    Arbitrary<Action> takenItemKey = Combinators.combine(
        Arbitraries.integers().between(0, VISITORS), Arbitraries.longs().between(0, 100_000),
        Arbitraries.integers().between(0, AFFILIATES.size() - 1)).as(TakenItemKey::new);
    Arbitrary<Action> badRefund = Combinators.combine(Arbitraries.integers().between(0, 50),
        Arbitraries.integers().between(0, 2)).as(BadRefund::new);
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(4, click), net.jqwik.api.Tuple.of(4, convert),
        net.jqwik.api.Tuple.of(2, partial), net.jqwik.api.Tuple.of(1, fullRefund),
        net.jqwik.api.Tuple.of(1, partialChargeback), net.jqwik.api.Tuple.of(2, win),
        net.jqwik.api.Tuple.of(2, advance), net.jqwik.api.Tuple.of(1, release),
        net.jqwik.api.Tuple.of(1, payout), net.jqwik.api.Tuple.of(1, grow),
        net.jqwik.api.Tuple.of(2, voids), net.jqwik.api.Tuple.of(1, takenItemKey),
        net.jqwik.api.Tuple.of(1, badRefund))
        .list().ofMaxSize(40);
  }

  @Property(tries = 200)
  void anySequence_keepsTheBooksExact(@ForAll("actions") List<Action> actions,
      @ForAll boolean linear, @ForAll boolean binding) {
    Run run = new Run(linear, binding);
    for (Action action : actions) {
      action.run(run);
    }

    // The ledger balances: the kinds of account add up to zero.
    assertThat(Money.total(USD, run.program.ledger().totals(USD).values())).isEqualTo(usd(0));

    // Every statement adds up: accrued - reversed = earned = pending + payable + clearing + paid.
    for (String affiliate : AFFILIATES) {
      AffiliateStatement statement = run.program.statement(affiliate, USD);
      Money sum = statement.pending().plus(statement.payable()).plus(statement.clearing())
          .plus(statement.paid());
      assertThat(statement.accrued().minus(statement.reversed())).isEqualTo(sum);
      assertThat(statement.earned()).isEqualTo(sum);
      Money lines = Money.total(USD, statement.lines().stream()
          .map(AffiliateStatement.Line::amount).toList());
      assertThat(lines).isEqualTo(sum);
      assertThat(statement.lines()).allSatisfy(
          line -> assertThat(line.account()).isNotEqualTo(AccountKind.COMMISSION_EXPENSE));
    }

    // What each affiliate keeps, checked per order below and summed up here, for the affiliates
    // none of whose items was voided by hand.
    Map<String, Long> kept = new HashMap<>();
    Set<String> withVoids = new HashSet<>();

    // What each affiliate was quoted is what was accrued (nothing for a quote of zero), a sole
    // credit earns 12.5% of the order, or 20% if the affiliate had a big audience when the order
    // was recorded, and refunds took back exactly each item's share.
    for (Conversion order : run.orders) {
      long total = order.total().minorUnits();
      long refunded = run.refunded(order.orderId());
      ConversionOutcome outcome = run.quotes.get(order.orderId());
      long commission = 0;
      for (CommissionQuote quote : outcome.quotes()) {
        commission += quote.amount().minorUnits();
      }
      if (outcome.quotes().size() == 1) {
        long followers = run.followersAt.get(order.orderId())
            .getOrDefault(outcome.quotes().get(0).affiliateId(), 0L);
        BigDecimal rate = new BigDecimal(followers >= BIG_AUDIENCE ? "0.20" : "0.125");
        assertThat(commission).isEqualTo(BigDecimal.valueOf(total).multiply(rate)
            .setScale(0, RoundingMode.HALF_EVEN).longValueExact());
      }
      assertThat(outcome.commission().minorUnits()).isEqualTo(commission);
      for (String affiliate : AFFILIATES) {
        PendingItem item = run.program.ledger().item("order:" + order.orderId() + "/" + affiliate)
            .orElse(null);
        Money quoted = outcome.quotes().stream().filter(q -> q.affiliateId().equals(affiliate))
            .map(CommissionQuote::amount).findFirst().orElse(usd(0));
        if (item == null) {
          assertThat(quoted).isEqualTo(usd(0));
          continue;
        }
        long accrued = item.accrual().amount().minorUnits();
        assertThat(accrued).isEqualTo(quoted.minorUnits());
        long expected = run.full.containsKey(order.orderId()) ? accrued
            : BigDecimal.valueOf(accrued).multiply(BigDecimal.valueOf(refunded))
                .divide(BigDecimal.valueOf(total), 0, RoundingMode.HALF_EVEN).longValueExact();
        // Won chargebacks are reinstated: what stays taken back is reversed less reinstated. An
        // item voided by hand gave refunds what it had left, which may be less than its share,
        // and a chargeback won after the void gives it nothing back, which may leave more taken.
        long taken = item.reversed().minus(item.reinstated()).minorUnits();
        if (run.voided.contains(item.key())) {
          assertThat(taken).isBetween(0L, accrued);
          withVoids.add(affiliate);
        } else {
          assertThat(taken).isEqualTo(expected).isLessThanOrEqualTo(accrued);
          kept.merge(affiliate, accrued - expected, Long::sum);
        }
        assertThat(item.outstanding().isNegative()).isFalse();
      }
    }

    // A refund fell short only on an item voided by hand, and what it took counts as reversed.
    for (RefundOutcome outcome : run.refundOutcomes) {
      for (RefundOutcome.Shortfall shortfall : outcome.shortfalls()) {
        assertThat(run.voided).contains(shortfall.itemKey());
        assertThat(outcome.reversed().getOrDefault(shortfall.affiliateId(), usd(0)))
            .isGreaterThanOrEqualTo(shortfall.taken());
      }
    }
    // Whatever the order of refunds, chargebacks and wins, each affiliate keeps what the formula
    // gives for what is refunded now, and what the host posted by hand.
    for (String affiliate : AFFILIATES) {
      if (!withVoids.contains(affiliate)) {
        assertThat(run.program.statement(affiliate, USD).earned()).isEqualTo(usd(
            kept.getOrDefault(affiliate, 0L) + run.byHand.getOrDefault(affiliate, 0L)));
      }
    }

    // Retrying anything done, in any order, at any later time, changes nothing.
    List<Transaction> journal = run.program.ledger().journal();
    run.clock.advance(Duration.ofDays(1));
    for (int i = run.done.size() - 1; i >= 0; i--) {
      assertThat(run.done.get(i).get()).isEqualTo(run.outcomes.get(i));
    }
    assertThat(run.program.ledger().journal()).isEqualTo(journal);
  }

  /**
   * Statements of periods cut anywhere, at the instants of postings or a nanosecond either side,
   * chain (each opens where the one before closed), close at the ledger's balances as of their
   * end, and together hold what the statement of the whole history holds.
   */
  @Property(tries = 150)
  void anySequence_periodStatementsChain_andMakeTheWholeStatement(
      @ForAll("actions") List<Action> actions, @ForAll boolean linear,
      @ForAll("cuts") List<Integer> cuts) {
    Run run = new Run(linear, false);
    for (Action action : actions) {
      action.run(run);
    }
    List<Instant> stamps = run.program.ledger().journal().stream().map(Transaction::postedAt)
        .distinct().toList();
    TreeSet<Instant> bounds = new TreeSet<>();
    for (int cut : cuts) {
      if (!stamps.isEmpty()) {
        Instant stamp = stamps.get(cut % stamps.size());
        bounds.add(stamp.plusNanos(cut % 3 - 1));
      }
    }
    List<Instant> edges = new ArrayList<>();
    edges.add(Instant.MIN);
    edges.addAll(bounds);
    edges.add(Instant.MAX);

    for (String affiliate : AFFILIATES) {
      AffiliateStatement whole = run.program.statement(affiliate, USD);
      Balances closing = new Balances(usd(0), usd(0), usd(0), usd(0));
      Money accrued = usd(0);
      Money reversed = usd(0);
      List<AffiliateStatement.Line> lines = new ArrayList<>();
      for (int i = 0; i + 1 < edges.size(); i++) {
        PeriodStatement period = run.program.statement(affiliate, USD, edges.get(i),
            edges.get(i + 1));
        assertThat(period.opening()).isEqualTo(closing);
        if (i + 2 < edges.size()) {
          assertThat(period.closing()).isEqualTo(run.program.ledger().balances(affiliate, USD,
              edges.get(i + 1).minusNanos(1)));
        }
        closing = period.closing();
        accrued = accrued.plus(period.accrued());
        reversed = reversed.plus(period.reversed());
        lines.addAll(period.lines());
      }
      assertThat(closing).isEqualTo(whole.balances());
      assertThat(accrued).isEqualTo(whole.accrued());
      assertThat(reversed).isEqualTo(whole.reversed());
      assertThat(lines).isEqualTo(whole.lines());
    }
  }

  @Provide
  Arbitrary<List<Integer>> cuts() {
    return Arbitraries.integers().between(0, 1_000).list().ofMaxSize(4);
  }

  @Provide
  Arbitrary<List<Fault>> faults() {
    return Combinators.combine(Arbitraries.integers().between(0, 4),
        Arbitraries.of(FailingLedgerStore.Failure.class)).as(Fault::new).list().ofMaxSize(40);
  }

  /**
   * With or without lifetime binding: a conversion that the store cuts off binds its customer only
   * when its retry has posted the rest of its accruals, as first planned.
   */
  @Property(tries = 200)
  void anySequence_withStoreFailuresRetried_endsAsWithout(
      @ForAll("actions") List<Action> actions, @ForAll("faults") List<Fault> faults,
      @ForAll boolean linear, @ForAll boolean binding) {
    Run plain = new Run(linear, binding);
    Run failing = new Run(linear, binding, faults);
    for (Action action : actions) {
      action.run(plain);
      action.run(failing);
    }

    List<Transaction> journal = plain.program.ledger().journal();
    assertThat(failing.program.ledger().journal()).isEqualTo(journal);
    assertThat(failing.store.read(1)).isEqualTo(journal);
    assertThat(comparable(failing.outcomes)).isEqualTo(comparable(plain.outcomes));
    // Each event of an interrupted operation is told once, when its retry finishes it.
    assertThat(failing.events).isEqualTo(plain.events);
  }

  /**
   * Returns the outcomes in a form equal across programs: a quote holds its program's directory,
   * so a conversion's outcome counts by its key, attribution, amounts and transactions.
   */
  private static List<Object> comparable(List<Object> outcomes) {
    return outcomes.stream().map(outcome -> outcome instanceof ConversionOutcome conversion
        ? List.of(conversion.key(), conversion.attribution(), conversion.transactions(),
            conversion.quotes().stream().map(CommissionQuote::amount).toList())
        : outcome).toList();
  }

  /** A refund (0), chargeback (1) or won chargeback (2); the number picks the amount or which. */
  record Step(int kind, int number) {}

  @Provide
  Arbitrary<List<Step>> steps() {
    return Combinators.combine(Arbitraries.integers().between(0, 2),
        Arbitraries.integers().between(1, 10_000)).as(Step::new).list().ofMaxSize(12);
  }

  @Property(tries = 300)
  void refundsChargebacksAndWins_inAnyOrder_leaveEachAffiliateTheFormulasShare(
      @ForAll("steps") List<Step> steps,
      @ForAll @net.jqwik.api.constraints.LongRange(min = 1, max = 20_000) long total) {
    TestClock clock = new TestClock(START);
    AffiliateProgram program = AffiliateProgram.builder().plan(PLAN)
        .model(AttributionModel.linear()).clock(clock).build();
    for (String affiliate : AFFILIATES) {
      program.enroll(AffiliateProfile.of(affiliate), affiliate + "code");
      program.recordClick("v", affiliate.toUpperCase() + "CODE");
    }
    Conversion order = Conversion.builder("o", clock.instant(), usd(total)).visitorId("v")
        .lineItem(LineItem.of("p", 1, usd(total))).build();
    ConversionOutcome outcome = program.recordConversion(order);
    long refunded = 0;
    boolean full = false;
    List<LostChargeback> open = new ArrayList<>();
    int ids = 0;
    for (Step step : steps) {
      long left = total - refunded;
      if (step.kind() < 2 && left > 0) {
        // Small amounts as often as large ones: rounding shows on the small.
        long cents = step.number() % 2 == 0 ? 1 + step.number() % 7 : 1 + step.number() % left;
        cents = Math.min(cents, left);
        String id = "r" + ids++;
        ReversalKind kind = step.kind() == 0 ? ReversalKind.REFUND : ReversalKind.CHARGEBACK;
        program.refund(new Refund("o", id, Optional.of(usd(cents)), kind, "back"));
        if (kind == ReversalKind.CHARGEBACK) {
          open.add(new LostChargeback(id, cents));
        }
        refunded += cents;
        full = refunded == total;
      } else if (step.kind() == 2 && !open.isEmpty()) {
        LostChargeback won = open.remove(step.number() % open.size());
        program.chargebackWon("o", won.id(), "dispute won");
        refunded -= won.amount();
        full = false;
      }
      for (CommissionQuote quote : outcome.quotes()) {
        long accrued = quote.amount().minorUnits();
        long lost = full ? accrued : BigDecimal.valueOf(accrued)
            .multiply(BigDecimal.valueOf(refunded))
            .divide(BigDecimal.valueOf(total), 0, RoundingMode.HALF_EVEN).longValueExact();
        assertThat(program.ledger().balances(quote.affiliateId(), USD).earned())
            .as("%s after %s", quote.affiliateId(), step).isEqualTo(usd(accrued - lost));
      }
    }
  }

  /** What a sale holds: a serum that the tiered rule prices, a bag that a 5% rule prices, both. */
  enum Cart { SERUM, BAG, BOTH }

  /** A sale of a cart of items of whole dollars each, then hours until the next one. */
  record TierSale(int dollars, Cart cart, int hoursAfter) {}

  @Provide
  Arbitrary<List<TierSale>> tierSales() {
    return Combinators.combine(Arbitraries.integers().between(1, 500),
            Arbitraries.of(Cart.SERUM, Cart.SERUM, Cart.BAG, Cart.BOTH),
            Arbitraries.integers().between(0, 96))
        .as(TierSale::new).list().ofMinSize(1).ofMaxSize(15);
  }

  /**
   * Sales tiers for the whole month (rates rising from tier to tier) on serums, 5% on bags, with
   * or without a monthly cap and a milestone, through the program: each month earns the rate of
   * the tier that all its sales reached on every serum of the month, those sold with a bag
   * included, and sales of bags alone count whether or not a serum follows them; plus 5% of its
   * bags and the milestone's bonus, up to the cap, exactly (whole dollars at whole percents leave
   * no rounding); and replaying the same sales in the simulation gives the same amounts, sale by
   * sale.
   */
  @Property(tries = 200)
  void wholePeriodTiers_payEachMonthTheRateReachedOnAllItsSales_asTheSimulationDoes(
      @ForAll("tierSales") List<TierSale> sales,
      @ForAll @net.jqwik.api.constraints.IntRange(min = 2, max = 6) int secondTier,
      @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 5) int thirdAfter,
      @ForAll @net.jqwik.api.constraints.IntRange(min = 1, max = 10) int firstRate,
      @ForAll @net.jqwik.api.constraints.IntRange(min = 1, max = 10) int rise,
      @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 400) int capDollars,
      @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 6) int milestoneSale) {
    CommissionPlan.Builder builder = CommissionPlan.builder()
        .rule(tieredSerums(secondTier, thirdAfter, firstRate, rise).build()).rule(bags());
    if (capDollars > 0) {
      builder.periodCap(dev.affiliatekit.commission.Period.MONTH, usd(capDollars * 100L));
    }
    long bonus = 500;
    if (milestoneSale > 0) {
      builder.milestone(dev.affiliatekit.commission.Milestone.of("bonus",
          dev.affiliatekit.commission.Period.MONTH, milestoneSale, usd(bonus)));
    }
    CommissionPlan plan = builder.build();
    TestClock clock = new TestClock(Instant.parse("2026-03-25T10:00:00Z"));
    AffiliateProgram program = AffiliateProgram.builder().plan(plan).clock(clock).build();
    program.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");

    // Per month: how many sales, the serums' bases, what the program accrued for them, and the
    // bags' bases.
    Map<java.time.YearMonth, long[]> months = new TreeMap<>();
    List<ConversionOutcome> outcomes = new ArrayList<>();
    for (int i = 0; i < sales.size(); i++) {
      TierSale sale = sales.get(i);
      program.recordClick("v" + i, "GLOWWITHMIA");
      Conversion order = cart(i, sale, clock.instant());
      ConversionOutcome outcome = program.recordConversion(order);
      outcomes.add(outcome);
      long[] month = months.computeIfAbsent(
          java.time.YearMonth.from(order.instant().atZone(java.time.ZoneOffset.UTC)),
          m -> new long[4]);
      month[0]++;
      if (sale.cart() != Cart.BAG) {
        month[1] += sale.dollars() * 100L;
      }
      if (sale.cart() != Cart.SERUM) {
        month[3] += sale.dollars() * 100L;
      }
      month[2] += outcome.commission().minorUnits();
      clock.advance(Duration.ofHours(sale.hoursAfter()));
    }

    for (Map.Entry<java.time.YearMonth, long[]> month : months.entrySet()) {
      long count = month.getValue()[0];
      long rate = rateReached(count, secondTier, thirdAfter, firstRate, rise);
      long uncapped = rate * month.getValue()[1] / 100 + 5 * month.getValue()[3] / 100
          + (milestoneSale > 0 && count >= milestoneSale ? bonus : 0);
      long expected = capDollars > 0 ? Math.min(capDollars * 100L, uncapped) : uncapped;
      assertThat(month.getValue()[2]).as("%s: %s sales, serums of %s cents, bags of %s cents",
          month.getKey(), count, month.getValue()[1], month.getValue()[3]).isEqualTo(expected);
    }
    long total = months.values().stream().mapToLong(month -> month[2]).sum();
    assertThat(program.statement("mia", USD).accrued()).isEqualTo(usd(total));

    assertReplayedAlike(plan, outcomes);
  }

  /**
   * The same tiers under caps per conversion, the plan's on the whole sale and the tiered rule's
   * on its serum, and perhaps a monthly cap: once the month's true-ups are paid, no sale earns
   * more than its cap allows, so each month earns at most, for each sale, the month's final rate
   * of its serum up to the rule's cap, plus 5% of its bag, all up to the plan's cap, and within
   * the monthly cap; exactly that when no sale holds both a serum and a bag (whose division of
   * the plan's cap the bound leaves open). Replaying the sales in the simulation gives the same
   * amounts, sale by sale.
   */
  @Property(tries = 200)
  void wholePeriodTiersUnderCapsPerConversion_payNoSaleMoreThanItsCap_asTheSimulationDoes(
      @ForAll("tierSales") List<TierSale> sales,
      @ForAll @net.jqwik.api.constraints.IntRange(min = 2, max = 6) int secondTier,
      @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 5) int thirdAfter,
      @ForAll @net.jqwik.api.constraints.IntRange(min = 1, max = 10) int firstRate,
      @ForAll @net.jqwik.api.constraints.IntRange(min = 1, max = 10) int rise,
      @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 60) int planCapDollars,
      @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 60) int ruleCapDollars,
      @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 400) int monthCapDollars) {
    CommissionRule.Builder tiered = tieredSerums(secondTier, thirdAfter, firstRate, rise);
    long ruleCap = ruleCapDollars > 0 ? ruleCapDollars * 100L : Long.MAX_VALUE;
    if (ruleCapDollars > 0) {
      tiered.cap(usd(ruleCap));
    }
    CommissionPlan.Builder builder = CommissionPlan.builder().rule(tiered.build()).rule(bags());
    long planCap = planCapDollars > 0 ? planCapDollars * 100L : Long.MAX_VALUE;
    if (planCapDollars > 0) {
      builder.capPerConversion(usd(planCap));
    }
    long monthCap = monthCapDollars > 0 ? monthCapDollars * 100L : Long.MAX_VALUE;
    if (monthCapDollars > 0) {
      builder.periodCap(dev.affiliatekit.commission.Period.MONTH, usd(monthCap));
    }
    CommissionPlan plan = builder.build();
    TestClock clock = new TestClock(Instant.parse("2026-03-25T10:00:00Z"));
    AffiliateProgram program = AffiliateProgram.builder().plan(plan).clock(clock).build();
    program.enroll(AffiliateProfile.of("mia"), "GLOWWITHMIA");

    Map<java.time.YearMonth, List<TierSale>> months = new TreeMap<>();
    Map<java.time.YearMonth, Long> earned = new TreeMap<>();
    List<ConversionOutcome> outcomes = new ArrayList<>();
    for (int i = 0; i < sales.size(); i++) {
      TierSale sale = sales.get(i);
      program.recordClick("v" + i, "GLOWWITHMIA");
      Conversion order = cart(i, sale, clock.instant());
      ConversionOutcome outcome = program.recordConversion(order);
      outcomes.add(outcome);
      java.time.YearMonth month =
          java.time.YearMonth.from(order.instant().atZone(java.time.ZoneOffset.UTC));
      months.computeIfAbsent(month, m -> new ArrayList<>()).add(sale);
      earned.merge(month, outcome.commission().minorUnits(), Long::sum);
      clock.advance(Duration.ofHours(sale.hoursAfter()));
    }

    for (Map.Entry<java.time.YearMonth, List<TierSale>> month : months.entrySet()) {
      long count = month.getValue().size();
      long rate = rateReached(count, secondTier, thirdAfter, firstRate, rise);
      long bound = 0;
      boolean split = false;
      for (TierSale sale : month.getValue()) {
        long base = sale.dollars() * 100L;
        long serum = sale.cart() == Cart.BAG ? 0 : Math.min(rate * base / 100, ruleCap);
        long bag = sale.cart() == Cart.SERUM ? 0 : 5 * base / 100;
        bound += Math.min(serum + bag, planCap);
        split |= sale.cart() == Cart.BOTH;
      }
      long limit = Math.min(bound, monthCap);
      String what = month.getKey() + ": " + month.getValue() + " at " + rate + "%";
      if (split) {
        assertThat(earned.get(month.getKey())).as(what).isLessThanOrEqualTo(limit);
      } else {
        assertThat(earned.get(month.getKey())).as(what).isEqualTo(limit);
      }
    }

    assertReplayedAlike(plan, outcomes);
  }

  /** A sale of some cents with mia's coupon, then minutes until the next one. */
  record CentSale(int cents, int minutesAfter) {}

  @Provide
  Arbitrary<List<CentSale>> centSales() {
    return Combinators.combine(Arbitraries.integers().between(1, 999),
            Arbitraries.integers().between(0, 3 * 24 * 60))
        .as(CentSale::new).list().ofMinSize(1).ofMaxSize(40);
  }

  /**
   * Tiers that all pay one rate pay that rate: a plan whose tiers of the month, by sales or by
   * revenue, for the whole period or progressive, all pay the same rate pays every sale through
   * the program exactly what the flat plan of that rate pays, rounded sale by sale, and owes no
   * true-up; and the simulation, replaying the sales under both plans, finds no difference.
   */
  @Property(tries = 150)
  void tiersAllAtOneRate_payWhatTheFlatRatePays_asTheSimulationFinds(
      @ForAll("centSales") List<CentSale> sales,
      @ForAll @net.jqwik.api.constraints.IntRange(min = 1, max = 2500) int basisPoints,
      @ForAll @net.jqwik.api.constraints.Size(min = 1, max = 3)
          List<@net.jqwik.api.constraints.IntRange(min = 1, max = 12) Integer> steps,
      @ForAll boolean byRevenue,
      @ForAll dev.affiliatekit.commission.TierMode mode,
      @ForAll("roundings") RoundingMode rounding) {
    Rate rate = Rate.ofBasisPoints(basisPoints);
    dev.affiliatekit.commission.Payout payout;
    if (byRevenue) {
      List<dev.affiliatekit.commission.Payout.RevenueTier> tiers = new ArrayList<>(List.of(
          new dev.affiliatekit.commission.Payout.RevenueTier(usd(0), rate)));
      long from = 0;
      for (int step : steps) {
        from += step * 150L;
        tiers.add(new dev.affiliatekit.commission.Payout.RevenueTier(usd(from), rate));
      }
      payout = dev.affiliatekit.commission.Payout.tieredByRevenue(
          dev.affiliatekit.commission.Period.MONTH, mode,
          tiers.toArray(dev.affiliatekit.commission.Payout.RevenueTier[]::new));
    } else {
      List<dev.affiliatekit.commission.Payout.SalesTier> tiers = new ArrayList<>(List.of(
          new dev.affiliatekit.commission.Payout.SalesTier(1, rate)));
      long from = 1;
      for (int step : steps) {
        from += step;
        tiers.add(new dev.affiliatekit.commission.Payout.SalesTier(from, rate));
      }
      payout = dev.affiliatekit.commission.Payout.tieredBySales(
          dev.affiliatekit.commission.Period.MONTH, mode,
          tiers.toArray(dev.affiliatekit.commission.Payout.SalesTier[]::new));
    }
    CommissionPlan flat = CommissionPlan.builder().rounding(rounding)
        .rule(CommissionRule.percentage("tiers", rate)).build();
    CommissionPlan tiered = CommissionPlan.builder().rounding(rounding)
        .rule(CommissionRule.builder("tiers").payout(payout).build()).build();

    List<ConversionOutcome> flatOutcomes = couponSales(flat, sales);
    List<ConversionOutcome> tieredOutcomes = couponSales(tiered, sales);

    for (int i = 0; i < sales.size(); i++) {
      assertThat(tieredOutcomes.get(i).commission()).as("sale %s of %s", i, sales)
          .isEqualTo(flatOutcomes.get(i).commission());
    }
    List<dev.affiliatekit.commission.SimulationCase> cases = new ArrayList<>();
    for (ConversionOutcome outcome : tieredOutcomes) {
      CommissionQuote quote = outcome.quotes().get(0);
      cases.add(new dev.affiliatekit.commission.SimulationCase(quote.conversion(),
          quote.credit(), quote.context()));
    }
    dev.affiliatekit.commission.SimulationReport report =
        dev.affiliatekit.commission.CommissionSimulation.replay(flat, tiered, cases);
    for (int i = 0; i < sales.size(); i++) {
      assertThat(report.outcomes().get(i).change()).as("sale %s of %s", i, sales)
          .isEqualTo(usd(0));
      assertThat(report.outcomes().get(i).proposedTotal())
          .isEqualTo(flatOutcomes.get(i).commission());
    }
    // No rate rose, so no tier was reached: a true-up of zero would still be one too many.
    for (ConversionOutcome outcome : tieredOutcomes) {
      assertThat(outcome.trueUps()).isEmpty();
      assertThat(outcome.quotes().get(0).tiersReached()).isEmpty();
    }
  }

  @Provide
  Arbitrary<RoundingMode> roundings() {
    return Arbitraries.of(RoundingMode.HALF_EVEN, RoundingMode.HALF_UP, RoundingMode.DOWN,
        RoundingMode.UP);
  }

  /**
   * Records the sales with mia's coupon under the plan, from March 25, 2026; checks that mia's
   * statement accrues what the outcomes say.
   */
  private static List<ConversionOutcome> couponSales(CommissionPlan plan, List<CentSale> sales) {
    TestClock clock = new TestClock(Instant.parse("2026-03-25T10:00:00Z"));
    AffiliateProgram program = AffiliateProgram.builder().plan(plan).clock(clock).build();
    program.enroll(AffiliateProfile.of("mia"), "MIA10");
    List<ConversionOutcome> outcomes = new ArrayList<>();
    long accrued = 0;
    for (int i = 0; i < sales.size(); i++) {
      CentSale sale = sales.get(i);
      ConversionOutcome outcome = program.recordConversion(Conversion.builder("o" + i,
          clock.instant(), usd(sale.cents())).customerId("c" + i).couponCode("MIA10").build());
      outcomes.add(outcome);
      accrued += outcome.commission().minorUnits();
      clock.advance(Duration.ofMinutes(sale.minutesAfter()));
    }
    assertThat(program.statement("mia", USD).accrued()).isEqualTo(usd(accrued));
    return outcomes;
  }

  /** {@return the tiers of the whole month on serums: from sale 1, secondTier and perhaps more} */
  private static CommissionRule.Builder tieredSerums(int secondTier, int thirdAfter, int firstRate,
      int rise) {
    List<dev.affiliatekit.commission.Payout.SalesTier> tiers = new ArrayList<>(List.of(
        new dev.affiliatekit.commission.Payout.SalesTier(1, Rate.ofPercent(firstRate)),
        new dev.affiliatekit.commission.Payout.SalesTier(secondTier,
            Rate.ofPercent(firstRate + rise))));
    if (thirdAfter > 0) {
      tiers.add(new dev.affiliatekit.commission.Payout.SalesTier(secondTier + thirdAfter,
          Rate.ofPercent(firstRate + 2 * rise)));
    }
    return CommissionRule.builder("tiers")
        .target(dev.affiliatekit.commission.RuleTarget.categories("SKIN_CARE"))
        .payout(dev.affiliatekit.commission.Payout.tieredBySales(
            dev.affiliatekit.commission.Period.MONTH,
            dev.affiliatekit.commission.TierMode.WHOLE_PERIOD,
            tiers.toArray(dev.affiliatekit.commission.Payout.SalesTier[]::new)));
  }

  /** {@return the rate, in percent, of the tier that a month of {@code count} sales reached} */
  private static long rateReached(long count, int secondTier, int thirdAfter, int firstRate,
      int rise) {
    return count >= secondTier + thirdAfter && thirdAfter > 0 ? firstRate + 2L * rise
        : count >= secondTier ? firstRate + rise : firstRate;
  }

  /** {@return 5% on bags} */
  private static CommissionRule bags() {
    return CommissionRule.builder("bags")
        .target(dev.affiliatekit.commission.RuleTarget.categories("BAGS"))
        .percentage(Rate.ofPercent(5)).build();
  }

  /** {@return the order of a tier sale: a serum, a bag or both, each at the sale's price} */
  private static Conversion cart(int i, TierSale sale, Instant at) {
    Money amount = usd(sale.dollars() * 100L);
    Conversion.Builder cart = Conversion.builder("o" + i, at,
        sale.cart() == Cart.BOTH ? amount.plus(amount) : amount).visitorId("v" + i);
    if (sale.cart() != Cart.BAG) {
      cart.lineItem(LineItem.of("serum", "SKIN_CARE", 1, amount));
    }
    if (sale.cart() != Cart.SERUM) {
      cart.lineItem(LineItem.of("tote", "BAGS", 1, amount));
    }
    return cart.build();
  }

  /** Asserts that the simulation, replaying the program's sales, gives each the same amount. */
  private static void assertReplayedAlike(CommissionPlan plan, List<ConversionOutcome> outcomes) {
    List<dev.affiliatekit.commission.SimulationCase> cases = new ArrayList<>();
    for (ConversionOutcome outcome : outcomes) {
      cases.add(dev.affiliatekit.commission.SimulationCase.of(outcome.conversion(),
          outcome.quotes().get(0).credit(), AffiliateProfile.of("mia")));
    }
    dev.affiliatekit.commission.SimulationReport report =
        dev.affiliatekit.commission.CommissionSimulation.replay(plan, plan, cases);
    for (int i = 0; i < outcomes.size(); i++) {
      assertThat(report.outcomes().get(i).proposedTotal()).isEqualTo(outcomes.get(i).commission());
    }
  }

  private static Money usd(long cents) {
    return Money.ofMinor(cents, USD);
  }
}
