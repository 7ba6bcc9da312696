package dev.affiliatekit.ledger;

import static dev.affiliatekit.money.CurrencyUnit.EUR;
import static dev.affiliatekit.money.CurrencyUnit.USD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.common.testing.EqualsTester;
import com.google.common.testing.NullPointerTester;
import dev.affiliatekit.money.CurrencyMismatchException;
import dev.affiliatekit.money.CurrencyUnit;
import dev.affiliatekit.money.Money;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Construction rules, messages and the equals and null contracts of the ledger's value types. */
class LedgerValueTypesTest {

  private static final Instant T = Instant.parse("2026-04-01T00:00:00Z");
  private static final Money FIVE = Money.parse("USD 5.00");
  private static final Account PENDING = Account.of(AccountKind.PENDING, "jane", USD);
  private static final Account EXPENSE = Account.commissionExpense(USD);
  private static final Accrual ACCRUAL = new Accrual("jane", FIVE, T, "o", "q", "x");

  private static NullPointerTester tester() {
    return new NullPointerTester()
        .setDefault(Money.class, FIVE)
        .setDefault(CurrencyUnit.class, USD)
        .setDefault(Account.class, PENDING)
        .setDefault(AccountKind.class, AccountKind.PAYABLE)
        .setDefault(Posting.class, ACCRUAL)
        .setDefault(Accrual.class, ACCRUAL)
        .setDefault(Entry.class, Entry.of(PENDING, FIVE))
        .setDefault(Instant.class, T)
        .setDefault(String.class, "id")
        .setDefault(PayoutRules.class, PayoutRules.minimums(FIVE))
        .setDefault(Reversal.class, Reversal.full("id", ReversalKind.REFUND, "r"))
        .setDefault(Adjustment.class, new Adjustment("jane", FIVE, "r"))
        .setDefault(Clock.class, Clock.fixed(T, ZoneOffset.UTC))
        .setDefault(LedgerStore.class, LedgerStore.inMemory());
  }

  @Nested
  class Accounts {

    @Test
    void account_kindsAndOwners() {
      assertThat(PENDING.toString()).isEqualTo("PENDING jane USD");
      assertThat(EXPENSE.owner()).isEqualTo(Account.BUSINESS);
      assertThatThrownBy(() -> new Account(AccountKind.COMMISSION_EXPENSE, "jane", USD))
          .hasMessage("owner of COMMISSION_EXPENSE must be 'business': 'jane'");
      assertThatThrownBy(() -> Account.of(AccountKind.COMMISSION_EXPENSE, "business", USD))
          .hasMessage("kind must be an affiliate kind: COMMISSION_EXPENSE");
      assertThatThrownBy(() -> Account.of(AccountKind.PAID, "", USD))
          .hasMessage("owner must not be blank: ''");
    }

    @Test
    void account_ordersByOwnerCurrencyKind() {
      Account a = Account.of(AccountKind.PAID, "ann", EUR);
      Account b = Account.of(AccountKind.PENDING, "ann", USD);
      Account c = Account.of(AccountKind.PAID, "ann", USD);
      assertThat(List.of(c, b, a).stream().sorted().toList()).containsExactly(a, b, c);
    }

    @Test
    void descriptions_showIdsWhole_longOrNotAscii() {
      // Distinct long items must stay apart, and non-ASCII ids print as they are.
      String item = "order:" + "checkout-session-eu-west-1-".repeat(4) + "00017/anna";
      assertThat(Reversal.partial(item, FIVE, ReversalKind.REFUND, "returned").description())
          .isEqualTo("refund of USD 5.00 of item '" + item + "': returned");
      assertThat(new Voiding("order:Bestellung-Köln-1/anna", "fraud").description())
          .isEqualTo("void of item 'order:Bestellung-Köln-1/anna': fraud");
      assertThat(new Accrual("zoë", FIVE, T, "o-Köln", "q", "x").description())
          .startsWith("accrual of USD 5.00 for 'zoë' on order 'o-Köln' held until");
    }

    @Test
    void contracts() {
      new EqualsTester()
          .addEqualityGroup(PENDING, new Account(AccountKind.PENDING, "jane", USD))
          .addEqualityGroup(Account.of(AccountKind.PAYABLE, "jane", USD))
          .addEqualityGroup(Account.of(AccountKind.PENDING, "joe", USD))
          .addEqualityGroup(Account.of(AccountKind.PENDING, "jane", EUR))
          .addEqualityGroup(EXPENSE)
          .testEquals();
      tester().testAllPublicConstructors(Account.class);
      tester().testAllPublicStaticMethods(Account.class);
    }
  }

  @Nested
  class Entries {

    @Test
    void entry_mixedCurrencies_isAMismatch() {
      assertThatThrownBy(() -> Entry.of(PENDING, Money.parse("EUR 5.00")))
          .isInstanceOf(CurrencyMismatchException.class)
          .hasMessage("entry amount must be in USD, the account's currency: EUR 5.00");
    }

    @Test
    void entry_zero_isRejected() {
      assertThatThrownBy(() -> Entry.of(PENDING, Money.parse("USD 0.00")))
          .hasMessage("entry amount must not be zero: USD 0.00");
    }

    @Test
    void contracts() {
      new EqualsTester()
          .addEqualityGroup(Entry.of(PENDING, FIVE, "k"), new Entry(PENDING, FIVE, Optional.of("k")))
          .addEqualityGroup(Entry.of(PENDING, FIVE))
          .addEqualityGroup(Entry.of(PENDING, FIVE.negated(), "k"))
          .addEqualityGroup(Entry.of(EXPENSE, FIVE, "k"))
          .testEquals();
      tester().testAllPublicConstructors(Entry.class);
      tester().testAllPublicStaticMethods(Entry.class);
    }
  }

  @Nested
  class Transactions {

    @Test
    void lineIdsAndEligibleAffiliates_areKeptInOrder_inEveryJvm() {
      // Set.copyOf orders its elements by a seed the JVM draws at start, so these sets, and the
      // settlement's and failure's toString, came out in another order after each restart.
      Set<String> lines = Set.of("7-4", "7-1", "7-6", "7-2", "7-5", "7-3");
      List<String> ordered = List.of("7-1", "7-2", "7-3", "7-4", "7-5", "7-6");

      assertThat(new PayoutSettlement("pay-7", lines).lineIds()).containsExactlyElementsOf(ordered);
      assertThat(new PayoutFailure("pay-7", lines, "bounced").lineIds())
          .containsExactlyElementsOf(ordered);
      assertThat(new PayoutSettlement("pay-7", lines).toString())
          .isEqualTo("PayoutSettlement[batchKey=pay-7, lineIds=[7-1, 7-2, 7-3, 7-4, 7-5, 7-6]]");
      PayoutRules rules = PayoutRules.minimums(Money.parse("USD 50.00"))
          .onlyAffiliates(Set.of("eve", "bob", "dan", "amy", "cat"));
      assertThat(rules.eligibleAffiliates().orElseThrow())
          .containsExactly("amy", "bob", "cat", "dan", "eve");
      assertThat(rules.onlyAffiliates(Set.of("eve", "amy", "zed", "cat")).eligibleAffiliates()
          .orElseThrow()).containsExactly("amy", "cat", "eve");
    }

    private final List<Entry> balanced = List.of(Entry.of(PENDING, FIVE, "k"),
        Entry.of(EXPENSE, FIVE.negated(), "k"));

    @Test
    void transaction_unbalanced_namesTheKeyCurrencyAndImbalance() {
      UnbalancedTransactionException e = org.junit.jupiter.api.Assertions.assertThrows(
          UnbalancedTransactionException.class,
          () -> new Transaction(1, "k", T, ACCRUAL, List.of(Entry.of(PENDING, FIVE),
              Entry.of(EXPENSE, Money.parse("USD -4.99")))));
      assertThat(e).hasMessage("transaction 'k' does not balance in USD: off by USD 0.01");
      assertThat(e.key()).isEqualTo("k");
      assertThat(e.imbalance()).isEqualTo(Money.parse("USD 0.01"));
    }

    @Test
    void transaction_entriesWhoseRunningSumPassesALong_balanceExactly() {
      Account joe = Account.of(AccountKind.PENDING, "joe", USD);
      Money most = Money.ofMinor(Long.MAX_VALUE, USD);
      Money cent = Money.parse("USD 0.01");
      // Jane's and joe's entries alone pass a long; with the expense's the sum is zero.
      Transaction transaction = new Transaction(1, "k", T, ACCRUAL, List.of(
          Entry.of(PENDING, most), Entry.of(joe, cent), Entry.of(EXPENSE, most.negated()),
          Entry.of(EXPENSE, cent.negated())));
      assertThat(transaction.entries()).hasSize(4);

      // Off by one cent, or by more than a long, the entries are named as such.
      assertThatThrownBy(() -> new Transaction(1, "k", T, ACCRUAL, List.of(
          Entry.of(PENDING, most), Entry.of(joe, cent), Entry.of(EXPENSE, most.negated()))))
          .isInstanceOf(UnbalancedTransactionException.class)
          .hasMessage("transaction 'k' does not balance in USD: off by USD 0.01");
      assertThatThrownBy(() -> new Transaction(1, "k", T, ACCRUAL, List.of(
          Entry.of(PENDING, most), Entry.of(joe, cent))))
          .isInstanceOf(ArithmeticException.class)
          .hasMessage("transaction 'k' entries in USD add up to more than a long holds:"
              + " USD 92233720368547758.08");
    }

    @Test
    void transaction_balancesPerCurrency_notAcrossCurrencies() {
      Account euros = Account.of(AccountKind.PENDING, "jane", EUR);
      assertThatThrownBy(() -> new Transaction(1, "k", T, ACCRUAL, List.of(Entry.of(PENDING, FIVE),
          Entry.of(euros, Money.parse("EUR -5.00")))))
          .isInstanceOf(UnbalancedTransactionException.class)
          .hasMessage("transaction 'k' does not balance in USD: off by USD 5.00");
    }

    @Test
    void transaction_badKeyRightAfterAPosting_isRejected() {
      // The ledger's own records skip repeated checks of the key it just checked; a user's may not.
      Ledger ledger = Ledger.inMemory(Clock.fixed(T, ZoneOffset.UTC));
      Transaction posted = ledger.accrue("order-1/jane", ACCRUAL);

      assertThatThrownBy(() -> new Transaction(2, "order-1\tjane", T, ACCRUAL, posted.entries()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("key must not contain control character");
      assertThatThrownBy(() -> Entry.of(PENDING, FIVE, "order-1\tjane"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageStartingWith("reference must not contain control character");
    }

    @Test
    void postingText_withAnUnpairedSurrogate_isRejected_soTheJournalStaysUtf8() {
      assertThatThrownBy(() -> new Adjustment("jane", FIVE, "bonus \ud83c"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("reason must not contain unpaired surrogate \\ud83c at index 6:"
              + " 'bonus \\ud83c'");
      assertThat(new Adjustment("jane", FIVE, "bonus \ud83c\udf89").reason())
          .isEqualTo("bonus \ud83c\udf89");
    }

    @Test
    void transaction_badSequence_isRejected() {
      assertThatThrownBy(() -> new Transaction(0, "k", T, ACCRUAL, balanced))
          .hasMessage("transaction sequence must be at least 1: 0");
    }

    @Test
    void contracts() {
      new EqualsTester()
          .addEqualityGroup(new Transaction(1, "k", T, ACCRUAL, balanced),
              new Transaction(1, "k", T, ACCRUAL, balanced))
          .addEqualityGroup(new Transaction(2, "k", T, ACCRUAL, balanced))
          .addEqualityGroup(new Transaction(1, "k2", T, ACCRUAL, balanced))
          .addEqualityGroup(new Transaction(1, "k", T.plusSeconds(1), ACCRUAL, balanced))
          .addEqualityGroup(new Transaction(1, "k", T, ACCRUAL, List.of()))
          .testEquals();
      tester().testAllPublicConstructors(Transaction.class);
    }
  }

  @Nested
  class Postings {

    @Test
    void textFields_areChecked() {
      assertThatThrownBy(() -> new Accrual("jane", FIVE, T, "o", "q", " "))
          .hasMessage("explanation must not be blank: ' '");
      assertThatThrownBy(() -> new Adjustment("jane", FIVE, "x".repeat(1001)))
          .hasMessageStartingWith("reason must be at most 1000 characters: 'xxxx");
      assertThatThrownBy(() -> new Voiding("k", "a\tb"))
          .hasMessage("reason must not contain control character \\u0009 at index 1: 'a\\u0009b'");
      assertThatThrownBy(() -> new Adjustment("jane", Money.parse("USD 0.00"), "r"))
          .hasMessage("adjustment amount must not be zero: USD 0.00");
      assertThatThrownBy(() -> Reversal.partial("k", Money.parse("USD -1.00"), ReversalKind.REFUND,
          "r")).hasMessage("reversal amount must be positive: USD -1.00");
      assertThatThrownBy(() -> new Reversal("k", Optional.of(Money.parse("USD 0.00")),
          ReversalKind.REFUND, "r")).hasMessage("reversal amount must not be zero: USD 0.00");
      assertThatThrownBy(() -> new Reversal("k", Optional.of(Money.parse("USD -1.00")),
          ReversalKind.CHARGEBACK, "r")).hasMessage("chargeback amount must be positive: USD -1.00");
      assertThatThrownBy(() -> Reversal.correction("k", Money.parse("USD -1.00"), "r"))
          .hasMessage("correction amount must be positive: USD -1.00");
      assertThatThrownBy(() -> new PayoutSettlement("b", Set.of("")))
          .hasMessage("lineId must not be blank: ''");
    }

    @Test
    void mostNegativeAmounts_whichHaveNoPositiveTwin_areRejected() {
      Money lowest = Money.ofMinor(Long.MIN_VALUE, USD);
      assertThatThrownBy(() -> new Reversal("k", Optional.of(lowest), ReversalKind.REFUND, "r"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("reversal amount is out of range: USD -92233720368547758.08");
      assertThatThrownBy(() -> new Adjustment("jane", lowest, "r"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("adjustment amount is out of range: USD -92233720368547758.08");
      Money next = Money.ofMinor(Long.MIN_VALUE + 1, USD);
      assertThat(new Adjustment("jane", next, "r").amount()).isEqualTo(next);
    }

    @Test
    void collectionsWithNull_nameTheField() {
      Set<String> lineIds = new java.util.HashSet<>(Arrays.asList("1-1", null));
      assertThatThrownBy(() -> new PayoutSettlement("b", lineIds))
          .isInstanceOf(NullPointerException.class).hasMessage("lineIds contains null");
      assertThatThrownBy(() -> new PayoutFailure("b", lineIds, "bounced"))
          .isInstanceOf(NullPointerException.class).hasMessage("lineIds contains null");
      assertThatThrownBy(() -> new Transaction(1, "k", T, ACCRUAL,
          Arrays.asList(Entry.of(PENDING, FIVE), null)))
          .isInstanceOf(NullPointerException.class).hasMessage("entries contains null at index 1");
      assertThatThrownBy(() -> new PayoutBatch("b", 1, T, Arrays.asList((PayoutLine) null)))
          .isInstanceOf(NullPointerException.class).hasMessage("lines contains null at index 0");
      Ledger ledger = Ledger.inMemory(Clock.fixed(T, ZoneOffset.UTC));
      assertThatThrownBy(() -> ledger.settle("s", "b", lineIds))
          .isInstanceOf(NullPointerException.class).hasMessage("lineIds contains null");
      assertThat(ledger.journal()).isEmpty();
    }

    @Test
    void descriptions_sayWhatWasRequested() {
      assertThat(ACCRUAL.description())
          .isEqualTo("accrual of USD 5.00 for 'jane' on order 'o' held until 2026-04-01T00:00:00Z");
      assertThat(Reversal.partial("k", FIVE, ReversalKind.CHARGEBACK, "cb").description())
          .isEqualTo("chargeback of USD 5.00 of item 'k': cb");
      assertThat(Reversal.full("k", ReversalKind.REFUND, "returned").description())
          .isEqualTo("refund of all of item 'k': returned");
      Reversal correction = Reversal.correction("k", Money.parse("USD 0.01"), "rounding");
      assertThat(correction.description())
          .isEqualTo("correction giving back USD 0.01 of item 'k': rounding");
      assertThat(correction).isEqualTo(new Reversal("k", Optional.of(Money.parse("USD -0.01")),
          ReversalKind.REFUND, "rounding"));
      assertThat(correction.isCorrection()).isTrue();
      assertThat(Reversal.partial("k", FIVE, ReversalKind.REFUND, "r").isCorrection()).isFalse();
      assertThat(Reversal.full("k", ReversalKind.REFUND, "r").isCorrection()).isFalse();
      assertThat(new PayoutSettlement("b", Set.of("2-2", "2-1")).description())
          .isEqualTo("settlement of lines [2-1, 2-2] of payout batch 'b'");
      assertThat(new PayoutFailure("b", Set.of(), "bounced").description())
          .isEqualTo("failure of all open lines of payout batch 'b': bounced");
      // Of more than three lines, the count and the first three: short for a batch of any size.
      assertThat(new PayoutSettlement("b", Set.of("2-4", "2-3", "2-2", "2-1")).description())
          .isEqualTo("settlement of 4 lines [2-1, 2-2, 2-3 and 1 more] of payout batch 'b'");
      assertThat(new PayoutFailure("b", Set.of("2-1", "2-2", "2-3"), "bounced").description())
          .isEqualTo("failure of lines [2-1, 2-2, 2-3] of payout batch 'b': bounced");
    }

    @Test
    void contracts() {
      new EqualsTester()
          .addEqualityGroup(ACCRUAL, new Accrual("jane", FIVE, T, "o", "q", "x"))
          .addEqualityGroup(new Accrual("jane", FIVE, T, "o", "q", "y"))
          .addEqualityGroup(new Release(T), new Release(T))
          .addEqualityGroup(Reversal.full("k", ReversalKind.REFUND, "r"))
          .addEqualityGroup(Reversal.partial("k", FIVE, ReversalKind.REFUND, "r"))
          .addEqualityGroup(Reversal.full("k", ReversalKind.CHARGEBACK, "r"))
          .addEqualityGroup(Reversal.correction("k", FIVE, "r"))
          .addEqualityGroup(new Reinstatement("k", "r"))
          .addEqualityGroup(new Voiding("k", "r"))
          .addEqualityGroup(new Adjustment("jane", FIVE, "r"))
          .addEqualityGroup(new PayoutPreparation(T, PayoutRules.minimums(FIVE)))
          .addEqualityGroup(new PayoutSettlement("b", Set.of("1-1", "1-2")),
              new PayoutSettlement("b", Set.of("1-2", "1-1")))
          .addEqualityGroup(new PayoutFailure("b", Set.of(), "r"))
          .testEquals();
      NullPointerTester tester = tester();
      for (Class<?> type : List.of(Accrual.class, Release.class, Reversal.class,
          Reinstatement.class, Voiding.class, Adjustment.class, PayoutPreparation.class,
          PayoutSettlement.class, PayoutFailure.class, Balances.class, PendingItem.class,
          StatementLine.class)) {
        tester.testAllPublicConstructors(type);
        tester.testAllPublicStaticMethods(type);
      }
    }
  }

  @Nested
  class Views {

    @Test
    void balances_ofKind_andEarned() {
      Balances balances = new Balances(Money.parse("USD 1.00"), Money.parse("USD -2.00"),
          Money.parse("USD 3.00"), Money.parse("USD 4.00"));
      assertThat(balances.of(AccountKind.PAYABLE)).isEqualTo(Money.parse("USD -2.00"));
      assertThat(balances.of(AccountKind.PAID)).isEqualTo(Money.parse("USD 4.00"));
      assertThat(balances.earned()).isEqualTo(Money.parse("USD 6.00"));
      assertThatThrownBy(() -> balances.of(AccountKind.COMMISSION_EXPENSE))
          .hasMessage("kind must be an affiliate kind: COMMISSION_EXPENSE");
    }

    @Test
    void balances_earnedBeyondALong_throwsAsDocumented() {
      Balances most = new Balances(Money.parse("USD 0.01"), Money.ofMinor(Long.MAX_VALUE, USD),
          Money.parse("USD 0.00"), Money.parse("USD 0.00"));
      assertThatThrownBy(most::earned).isInstanceOf(ArithmeticException.class);
    }

    /** Regression: the message named owner, not the parameter given null. */
    @Test
    void account_nullAffiliateId_isNamedAsTheParameter() {
      assertThatThrownBy(() -> Account.of(AccountKind.PAYABLE, null, USD))
          .isInstanceOf(NullPointerException.class).hasMessage("affiliateId");
    }

    /** Regression: mixed currencies were taken, and earned() then threw. */
    @Test
    void balances_andItems_inAnotherCurrency_areRejected() {
      assertThatThrownBy(() -> new Balances(Money.parse("USD 1.00"), Money.parse("JPY 5"),
          Money.parse("USD 0.00"), Money.parse("USD 0.00")))
          .isInstanceOf(CurrencyMismatchException.class)
          .hasMessage("balances payable must be in USD, the currency of pending: JPY 5");
      Money zero = Money.parse("USD 0.00");
      assertThatThrownBy(() -> new PendingItem("k", ACCRUAL, ItemStatus.PENDING, FIVE, zero,
          Money.parse("EUR 1.00"), zero, zero))
          .isInstanceOf(CurrencyMismatchException.class)
          .hasMessage("pending item reversed must be in USD, the currency of its accrual:"
              + " EUR 1.00");
    }

    @Test
    void balances_andItems_eachAmountInAnotherCurrency_isRejected() {
      Money usd = Money.parse("USD 0.00");
      Money eur = Money.parse("EUR 0.00");
      assertThatThrownBy(() -> new Balances(usd, usd, eur, usd))
          .isInstanceOf(CurrencyMismatchException.class)
          .hasMessage("balances clearing must be in USD, the currency of pending: EUR 0.00");
      assertThatThrownBy(() -> new Balances(usd, usd, usd, eur))
          .isInstanceOf(CurrencyMismatchException.class)
          .hasMessage("balances paid must be in USD, the currency of pending: EUR 0.00");
      String[] fields = {"pending", "released", "reversed", "voided", "reinstated"};
      for (int i = 0; i < fields.length; i++) {
        Money[] amounts = {usd, usd, usd, usd, usd};
        amounts[i] = eur;
        assertThatThrownBy(() -> new PendingItem("k", ACCRUAL, ItemStatus.PENDING, amounts[0],
            amounts[1], amounts[2], amounts[3], amounts[4]))
            .isInstanceOf(CurrencyMismatchException.class)
            .hasMessage("pending item " + fields[i] + " must be in USD, the currency of its"
                + " accrual: EUR 0.00");
      }
    }

    @Test
    void payoutBatch_sequenceBelowOne_isRejected() {
      assertThatThrownBy(() -> new PayoutBatch("b", 0, T, List.of()))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage("batch sequence must be at least 1: 0");
      assertThat(new PayoutBatch("b", 1, T, List.of()).sequence()).isEqualTo(1);
    }

    @Test
    void exceptions_carryTheirFields() {
      AlreadyResolvedException resolved = new AlreadyResolvedException("pending item", "k", "voided");
      assertThat(resolved).hasMessage("pending item is already voided: 'k'");
      assertThat(resolved.reference()).isEqualTo("k");
      assertThat(resolved.resolution()).isEqualTo("voided");
      IdempotencyConflictException conflict =
          new IdempotencyConflictException("k", ACCRUAL, new Release(T));
      assertThat(conflict.key()).isEqualTo("k");
      assertThat(conflict.recorded()).contains(ACCRUAL);
      assertThat(conflict.requested()).contains(new Release(T));
      // Long reasons are cut in the message, and given whole by the postings.
      Voiding first = new Voiding("k", "first " + "x".repeat(900));
      Voiding second = new Voiding("k", "second " + "y".repeat(900));
      IdempotencyConflictException cut = new IdempotencyConflictException("k", first, second);
      assertThat(cut.getMessage()).hasSizeLessThan(500)
          .contains("(recorded: " + first.description().substring(0, 197) + "...; requested: ")
          .endsWith(second.description().substring(0, 197) + "...)");
      assertThat(cut.recorded()).contains(first);
      // Regression: postings whose descriptions read the same showed two equal descriptions.
      assertThat(new IdempotencyConflictException("o1/jane",
          new Accrual("jane", FIVE, T, "o1", "quote-1", "10% of USD 50.00"),
          new Accrual("jane", FIVE, T, "o1", "quote-1", "5% of USD 100.00")))
          .hasMessageEndingWith("; they differ in explanation: '10% of USD 50.00' and"
              + " '5% of USD 100.00')");
      PayoutRules rules = PayoutRules.minimums(FIVE);
      assertThat(new IdempotencyConflictException("run-1", new PayoutPreparation(T, rules),
          new PayoutPreparation(T, rules.onlyAffiliates(java.util.Set.of("jane")))))
          .hasMessageEndingWith("; they differ in rules: 'PayoutRules[minimums=[USD 5.00]]' and"
              + " 'PayoutRules[minimums=[USD 5.00], eligible=1 affiliates]')");
      assertThat(new IdempotencyConflictException("k", ACCRUAL, new Release(T)).getMessage())
          .doesNotContain("they differ");
      // Long texts that differ late show where; values that print alike are named only.
      String reason = "x".repeat(250);
      assertThat(new IdempotencyConflictException("adj", new Adjustment("jane", FIVE, reason + "a"),
          new Adjustment("jane", FIVE, reason + "b")))
          .hasMessageEndingWith("; they differ in reason from character 251: 'a' and 'b')");
      // Not from the second unit of a character of two.
      assertThat(new IdempotencyConflictException("adj",
          new Adjustment("jane", FIVE, reason + "\uD83D\uDE00"),
          new Adjustment("jane", FIVE, reason + "\uD83D\uDE01")))
          .hasMessageEndingWith("from character 251: '\\ud83d\\ude00' and '\\ud83d\\ude01')");
      assertThat(new IdempotencyConflictException("run-1",
          new PayoutPreparation(T, rules.onlyAffiliates(java.util.Set.of("jane"))),
          new PayoutPreparation(T, rules.onlyAffiliates(java.util.Set.of("john")))))
          .hasMessageEndingWith("; they differ in rules)");
      tester().testAllPublicConstructors(AlreadyResolvedException.class);
      tester().testAllPublicConstructors(IdempotencyConflictException.class);
      tester().testAllPublicConstructors(ExcessAmountException.class);
      tester().testAllPublicConstructors(UnbalancedTransactionException.class);
    }

    @Test
    void ledger_rejectsNulls() {
      NullPointerTester tester = tester();
      tester.testAllPublicStaticMethods(Ledger.class);
      tester.testAllPublicStaticMethods(LedgerStore.class);
      Ledger ledger = Ledger.inMemory(Clock.fixed(T, ZoneOffset.UTC));
      tester.testAllPublicInstanceMethods(ledger);
      tester.testAllPublicInstanceMethods(LedgerStore.inMemory());
      assertThat(ledger.journal()).isEmpty();
    }
  }

  @Nested
  class Store {

    private final LedgerStore store = LedgerStore.inMemory();
    private final Transaction first = new Transaction(1, "a", T, new Release(T), List.of());

    @Test
    void append_outOfSequence_orRepeatedKey_isRejectedAndAppendsNothing() {
      assertThatThrownBy(() -> store.append(new Transaction(2, "a", T, new Release(T), List.of())))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("transaction sequence must be the next one, 1: 2");
      store.append(first);
      assertThatThrownBy(() -> store.append(new Transaction(2, "a", T, new Release(T), List.of())))
          .hasMessage("transaction key is already in the journal: 'a'");
      assertThat(store.size()).isEqualTo(1);
      assertThat(store.find("a")).contains(first);
    }

    @Test
    void read_returnsAStableView_whileAppendsGoOn() {
      store.append(first);
      List<Transaction> view = store.read(1);
      for (int i = 2; i <= 5000; i++) {
        store.append(new Transaction(i, "k" + i, T, new Release(T), List.of()));
      }
      assertThat(view).containsExactly(first);
      assertThat(store.read(4999)).extracting(Transaction::key).containsExactly("k4999", "k5000");
      assertThat(store.read(6000)).isEmpty();
      assertThatThrownBy(() -> view.add(first)).isInstanceOf(UnsupportedOperationException.class);
      assertThatThrownBy(() -> store.read(0)).hasMessage("sequence must be at least 1: 0");
    }
  }
}
