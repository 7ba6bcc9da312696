package dev.affiliatekit.ledger;

import static dev.affiliatekit.money.CurrencyUnit.USD;
import static org.assertj.core.api.Assertions.assertThat;

import dev.affiliatekit.money.Money;
import dev.affiliatekit.testing.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Releases of many items whose holds end in no particular order: each release releases exactly the
 * pending items whose hold ended at or before its instant, however the items arrived.
 */
class LedgerHoldsTest {

  private static final Instant START = Instant.parse("2026-03-01T00:00:00Z");
  private static final String[] AFFILIATES = {"amy", "bob", "cat", "dan", "eve", "fay", "gus"};

  private final TestClock clock = new TestClock(START.plus(Duration.ofDays(30)));
  private final Ledger ledger = Ledger.inMemory(clock);
  /** The minute each item's hold ends, after {@link #START}, by key. */
  private final Map<String, Integer> holdMinutes = new LinkedHashMap<>();
  /** The latest instant released as of, in minutes after {@link #START}. */
  private int releasedUpTo = Integer.MIN_VALUE;
  private int releases;

  private void accrue(int holdMinute) {
    int n = holdMinutes.size();
    String key = "item-" + n;
    Money amount = Money.ofMinor(1 + n % 97, USD);
    ledger.accrue(key, new Accrual(AFFILIATES[n % AFFILIATES.length], amount,
        START.plus(Duration.ofMinutes(holdMinute)), "order-" + n, "quote-" + n, "10%"));
    holdMinutes.put(key, holdMinute);
  }

  private void releaseAsOf(int minute) {
    ledger.release("release-" + releases++, START.plus(Duration.ofMinutes(minute)));
    releasedUpTo = Math.max(releasedUpTo, minute);
    assertEveryItemAndBalance();
  }

  /** Asserts each item's status and each affiliate's pending and payable balances. */
  private void assertEveryItemAndBalance() {
    long[] pending = new long[AFFILIATES.length];
    long[] payable = new long[AFFILIATES.length];
    int n = 0;
    Integer earliest = null;
    for (Map.Entry<String, Integer> held : holdMinutes.entrySet()) {
      PendingItem item = ledger.item(held.getKey()).orElseThrow();
      long amount = 1 + n % 97;
      boolean released = held.getValue() <= releasedUpTo;
      assertThat(item.status()).as(held.getKey() + " held until minute " + held.getValue())
          .isEqualTo(released ? ItemStatus.RELEASED : ItemStatus.PENDING);
      if (released) {
        payable[n % AFFILIATES.length] += amount;
      } else {
        pending[n % AFFILIATES.length] += amount;
        earliest = earliest == null ? held.getValue() : Math.min(earliest, held.getValue());
      }
      n++;
    }
    for (int a = 0; a < AFFILIATES.length; a++) {
      Balances balances = ledger.balances(AFFILIATES[a], USD);
      assertThat(balances.pending()).as(AFFILIATES[a]).isEqualTo(Money.ofMinor(pending[a], USD));
      assertThat(balances.payable()).as(AFFILIATES[a]).isEqualTo(Money.ofMinor(payable[a], USD));
    }
    assertThat(ledger.earliestHoldEnd()).isEqualTo(earliest == null ? Optional.empty()
        : Optional.of(START.plus(Duration.ofMinutes(earliest))));
  }

  @Test
  void release_ofItemsHeldOutOfOrder_releasesExactlyThoseWhoseHoldEnded() {
    // Thousands in hold order, then many whose holds end among them, near the end and far back.
    for (int i = 0; i < 5_000; i++) {
      accrue(i);
    }
    for (int i = 0; i < 1_200; i++) {
      accrue((i * 7_919) % 6_000);
    }
    assertEveryItemAndBalance();
    releaseAsOf(-1);
    releaseAsOf(0);
    releaseAsOf(99);
    releaseAsOf(2_999);

    // More arrive, some already due and some among those still held, before the next releases.
    for (int i = 0; i < 3_000; i++) {
      accrue(i % 3 == 0 ? 5_000 + i : (i * 104_729) % 9_000);
    }
    releaseAsOf(3_000);
    releaseAsOf(4_500);
    for (int i = 0; i < 20; i++) {
      accrue(4_400 + 5 * i);
    }
    releaseAsOf(4_600);
    releaseAsOf(8_999);
    releaseAsOf(20_000);
  }

  @Test
  void release_ofAFewLateItems_releasesThemWithTheOthers() {
    for (int i = 0; i < 40; i++) {
      accrue(10 * i);
    }
    // Fewer than a handful out of order, each between two in order.
    accrue(15);
    accrue(5);
    accrue(395);
    releaseAsOf(5);
    releaseAsOf(15);
    accrue(12);
    accrue(200);
    releaseAsOf(200);
    releaseAsOf(400);
  }

  /**
   * A chargeback won back for an item reversed in full while held gives back to pending if the
   * item is still held, else to payable: held unless a release after its accrual, as of its hold
   * end or later, would have released it. Releases come as of instants out of order, and more of
   * them than the ledger first has room for, between the accruals.
   */
  @Test
  void reinstatement_ofAnItemReversedWhileHeld_goesToPendingOnlyIfNoLaterReleasePassedItsHold() {
    // The last release is as of an early minute, so that only earlier ones pass most holds.
    int[] releaseMinutes = {50, 10, 70, 30, 90, 20, 60, 5, 80, 40, 100, 15};
    Map<String, Boolean> stillHeld = new LinkedHashMap<>();
    java.util.List<int[]> made = new java.util.ArrayList<>();
    for (int i = 0; i < 36; i++) {
      // Some holds end exactly as of the release that follows their accrual, which passes them.
      int holdMinute = i % 3 == 0 ? releaseMinutes[(i / 3) % releaseMinutes.length]
          : (i * 37) % 130;
      String key = "held-" + i;
      String affiliate = "creator-" + i;
      ledger.accrue(key, new Accrual(affiliate, Money.ofMinor(100 + i, USD),
          START.plus(Duration.ofMinutes(holdMinute)), "order-" + i, "quote-" + i, "10%"));
      ledger.reverse("chargeback-" + i, Reversal.full(key, ReversalKind.CHARGEBACK, "disputed"));
      // The releases made since this accrual, as of their minutes.
      made.add(new int[] {i, holdMinute});
      if (i % 3 == 1) {
        int minute = releaseMinutes[(i / 3) % releaseMinutes.length];
        ledger.release("release-" + i, START.plus(Duration.ofMinutes(minute)));
        for (int[] item : made) {
          if (minute >= item[1]) {
            stillHeld.put("held-" + item[0], false);
          }
        }
      }
      stillHeld.putIfAbsent(key, true);
    }
    for (int i = 0; i < 36; i++) {
      ledger.reinstate("won-" + i, "chargeback-" + i, "chargeback won");
      Balances balances = ledger.balances("creator-" + i, USD);
      Money amount = Money.ofMinor(100 + i, USD);
      boolean held = stillHeld.get("held-" + i);
      assertThat(balances.pending()).as("held-%s, still held: %s", i, held)
          .isEqualTo(held ? amount : Money.zero(USD));
      assertThat(balances.payable()).as("held-%s, still held: %s", i, held)
          .isEqualTo(held ? Money.zero(USD) : amount);
    }
    // Both kinds occur, so that the test tells them apart: holds that end after minute 100, which
    // no release reaches, and the item accrued after the last release.
    assertThat(stillHeld).containsValue(true).containsValue(false);
  }
}
