package dev.affiliatekit.ledger;

import static dev.affiliatekit.money.CurrencyUnit.USD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.affiliatekit.money.Money;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the state keeps of a transaction that a journal brings, as a restore or a replay does. */
class LedgerStateTest {

  private static final Instant HELD = Instant.parse("2026-03-01T00:00:00Z");
  private static final Instant NOW = Instant.parse("2026-03-02T00:00:00Z");

  @Test
  void commit_ofAReplayedAccrual_keepsTheTransactionsEntries_notASecondCopy() {
    LedgerState state = new LedgerState();
    Accrual accrual = new Accrual("jane", Money.parse("USD 5.00"), HELD, "o-1", "quote-1",
        "10% of USD 50.00");
    // Entries equal to those the posting books, but instances of their own, as read from JSON.
    Transaction read = new Transaction(1, "o-1/jane", NOW, accrual, List.of(
        Entry.of(Account.of(AccountKind.PENDING, "jane", USD), Money.parse("USD 5.00"),
            "o-1/jane"),
        Entry.of(Account.commissionExpense(USD), Money.parse("USD -5.00"), "o-1/jane")));
    LedgerState.Plan plan = state.plan(read.key(), read.posting(), 1, NOW);
    assertThat(plan.entries).isEqualTo(read.entries()).isNotSameAs(read.entries());

    state.commit(read, plan);

    assertThat(plan.entries).isSameAs(read.entries());
    LedgerState.Item item = (LedgerState.Item) plan;
    assertThat(item.reference).isSameAs(read.entries().get(0).reference());
    assertThat(state.transaction("o-1/jane")).containsSame(read);
    // The item's release names it by the reference its transaction holds.
    LedgerState.Plan release = state.plan("release-1", new Release(NOW), 2, NOW);
    assertThat(release.entries).hasSize(2).allSatisfy(entry ->
        assertThat(entry.reference()).isSameAs(read.entries().get(0).reference()));
  }

  @Test
  void commit_ofALiveAccrual_keepsThePlansEntries() {
    LedgerState state = new LedgerState();
    Accrual accrual = new Accrual("jane", Money.parse("USD 5.00"), HELD, "o-1", "quote-1",
        "10% of USD 50.00");
    LedgerState.Plan plan = state.plan("o-1/jane", accrual, 1, NOW);
    List<Entry> planned = plan.entries;
    Transaction posted = new Transaction(1, "o-1/jane", NOW, accrual, planned);

    state.commit(posted, plan);

    assertThat(posted.entries()).isSameAs(planned);
    assertThat(plan.entries).isSameAs(planned);
  }
}
