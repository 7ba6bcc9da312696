package dev.affiliatekit.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The in-memory store's two modes: checking every key, or trusting the one ledger that owns it. */
class InMemoryLedgerStoreTest {

  private static final Instant T = Instant.parse("2026-03-01T00:00:00Z");

  private static Transaction release(long sequence, String key) {
    return new Transaction(sequence, key, T, new Release(T), List.of());
  }

  @Nested
  class OwnedByLedger {

    private final InMemoryLedgerStore store = InMemoryLedgerStore.ownedByLedger();

    @Test
    void find_afterAppends_indexesEveryKeyOnFirstUse() {
      store.append(release(1, "a"));
      store.append(release(2, "b"));

      assertThat(store.find("a")).contains(release(1, "a"));
      assertThat(store.find("b")).contains(release(2, "b"));
      assertThat(store.find("c")).isEmpty();
    }

    @Test
    void find_appendsAfterAFind_areFoundToo() {
      store.append(release(1, "a"));
      assertThat(store.find("b")).isEmpty();

      store.append(release(2, "b"));
      store.append(release(3, "c"));

      assertThat(store.find("b")).contains(release(2, "b"));
      assertThat(store.find("c")).contains(release(3, "c"));
      assertThat(store.size()).isEqualTo(3);
      assertThat(store.read(1)).containsExactly(release(1, "a"), release(2, "b"), release(3, "c"));
    }

    @Test
    void ledgerInMemory_repeatedKey_isCheckedByTheLedger() {
      Ledger ledger = Ledger.inMemory(Clock.fixed(T, ZoneOffset.UTC));
      Adjustment bonus = new Adjustment("jane", Money.ofMinor(500, CurrencyUnit.USD), "bonus");
      Transaction first = ledger.adjust("bonus-1", bonus);

      assertThat(ledger.adjust("bonus-1", bonus)).isSameAs(first);
      assertThat(ledger.journal()).containsExactly(first);
    }
  }

  @Nested
  class Create {

    @Test
    void find_checksKeysAsTheyAreAppended() {
      InMemoryLedgerStore store = InMemoryLedgerStore.create();
      store.append(release(1, "a"));

      assertThat(store.find("a")).contains(release(1, "a"));
      assertThat(store.find("b")).isEmpty();
    }
  }
}
