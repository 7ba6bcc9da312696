package dev.affiliatekit.benchmarks.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affiliatekit.ledger.Account;
import dev.affiliatekit.ledger.AccountKind;
import dev.affiliatekit.ledger.Ledger;
import dev.affiliatekit.ledger.PayoutBatch;
import dev.affiliatekit.ledger.PayoutLine;
import dev.affiliatekit.ledger.StatementLine;
import dev.affiliatekit.ledger.Transaction;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Checks that the ledger and the H2 baseline in {@link LedgerBenchmark} compute the same things. */
class LedgerBenchmarkTest {

  private static final LedgerBenchmark BENCHMARK = new LedgerBenchmark();

  @BeforeAll
  static void generate() {
    // Smaller than the benchmark's sizes, so that the test stays quick; the inputs are the same.
    BENCHMARK.pendingItems = 20_000;
    BENCHMARK.payees = 5_000;
    BENCHMARK.generate();
  }

  @Test
  void accrue_bothBookTheSamePendingBalances() {
    LedgerBenchmark.EmptyLedger ours = new LedgerBenchmark.EmptyLedger();
    ours.create();
    LedgerBenchmark.EmptyH2 h2 = new LedgerBenchmark.EmptyH2();
    h2.create();
    try {
      Transaction last = BENCHMARK.accrue_affiliatekit(ours);
      assertThat(last.sequence()).isEqualTo(LedgerBenchmark.BATCH);
      assertThat(BENCHMARK.accrue_h2(h2)).isSameAs(h2.h2);
      Set<String> affiliates = new HashSet<>(List.of(BENCHMARK.accrualAffiliates)
          .subList(0, LedgerBenchmark.BATCH));
      for (String affiliate : affiliates) {
        assertThat(h2.h2.balance("PENDING", affiliate, "USD")).as(affiliate)
            .isEqualTo(ours.ours.balances(affiliate, LedgerBenchmark.USD).pending().minorUnits());
      }
      long total = 0;
      for (int i = 0; i < LedgerBenchmark.BATCH; i++) {
        total += BENCHMARK.accrualCents[i];
      }
      assertThat(h2.h2.balance("COMMISSION_EXPENSE", "business", "USD")).isEqualTo(-total);
      assertThat(ours.ours.balance(Account.commissionExpense(LedgerBenchmark.USD)).minorUnits())
          .isEqualTo(-total);
    } finally {
      h2.close();
    }
  }

  @Test
  void statement_equalsTheStatementAScanOfTheJournalFinds() {
    LedgerBenchmark.History history = new LedgerBenchmark.History();
    history.accrue(BENCHMARK);
    for (int i = 0; i < 20; i++) {
      // The benchmark takes the affiliates in turn: start the turn before one with accruals.
      String affiliate = BENCHMARK.accrualAffiliates[i];
      history.next = Integer.parseInt(affiliate.substring("affiliate-".length())) - 1;
      List<dev.affiliatekit.ledger.StatementLine> lines = BENCHMARK.statement_affiliatekit(history);
      assertThat(lines).isNotEmpty()
          .isEqualTo(LedgerBenchmark.scannedStatement(history.ledger, affiliate));
      assertThat(lines).anyMatch(line -> line.entry().account().kind() == AccountKind.PAYABLE);
    }
  }

  @Test
  void statement_h2FindsTheSameLines() {
    LedgerBenchmark.History history = new LedgerBenchmark.History();
    history.accrue(BENCHMARK);
    LedgerBenchmark.HistoryH2 h2 = new LedgerBenchmark.HistoryH2();
    h2.accrue(BENCHMARK);
    try {
      for (int i = 0; i < 20; i++) {
        String affiliate = BENCHMARK.accrualAffiliates[i];
        int before = Integer.parseInt(affiliate.substring("affiliate-".length())) - 1;
        history.next = before;
        h2.next = before;
        List<String> ours = new ArrayList<>();
        for (StatementLine line : BENCHMARK.statement_affiliatekit(history)) {
          ours.add(line.sequence() + " " + line.key() + " " + line.postedAt() + " "
              + line.entry().account().kind() + " " + line.entry().amount().minorUnits());
        }
        List<String> theirs = new ArrayList<>();
        for (H2Ledger.StatementRow row : BENCHMARK.statement_h2(h2)) {
          theirs.add(row.transaction() + " " + row.key() + " " + row.postedAt() + " " + row.kind()
              + " " + row.cents());
        }
        assertThat(ours).anyMatch(line -> line.contains(" PAYABLE "));
        // Within a transaction the two list an item's entries in another order.
        assertThat(theirs).as(affiliate).containsExactlyInAnyOrderElementsOf(ours);
      }
    } finally {
      h2.close();
    }
  }

  @Test
  void release_bothReleaseEveryItem_toTheSamePayableBalances() {
    LedgerBenchmark.PendingOurs ours = new LedgerBenchmark.PendingOurs();
    ours.accrue(BENCHMARK);
    LedgerBenchmark.PendingH2 h2 = new LedgerBenchmark.PendingH2();
    h2.accrue(BENCHMARK);
    try {
      Transaction release = BENCHMARK.release_affiliatekit(ours);
      assertThat(release.entries()).hasSize(2 * BENCHMARK.pendingItems);
      assertThat(BENCHMARK.release_h2(h2)).isEqualTo(BENCHMARK.pendingItems);
      Ledger ledger = ours.ledger;
      for (String affiliate : new HashSet<>(List.of(BENCHMARK.accrualAffiliates)
          .subList(0, BENCHMARK.pendingItems))) {
        assertThat(h2.ledger.balance("PAYABLE", affiliate, "USD")).as(affiliate)
            .isEqualTo(ledger.balance(Account.of(AccountKind.PAYABLE, affiliate,
                LedgerBenchmark.USD)).minorUnits());
        assertThat(h2.ledger.balance("PENDING", affiliate, "USD")).isZero();
      }
    } finally {
      h2.close();
    }
  }

  @Test
  void payout_bothPayTheSameLines() {
    LedgerBenchmark.PayableOurs ours = new LedgerBenchmark.PayableOurs();
    ours.adjust(BENCHMARK);
    LedgerBenchmark.PayableH2 h2 = new LedgerBenchmark.PayableH2();
    h2.adjust(BENCHMARK);
    try {
      PayoutBatch batch = BENCHMARK.payout_affiliatekit(ours);
      List<H2Ledger.Line> lines = BENCHMARK.payout_h2(h2);
      assertThat(batch.lines()).extracting(PayoutLine::affiliateId)
          .containsExactlyElementsOf(lines.stream().map(H2Ledger.Line::affiliateId).toList());
      assertThat(batch.lines()).extracting(line -> line.amount().minorUnits())
          .containsExactlyElementsOf(lines.stream().map(H2Ledger.Line::cents).toList());
      long expected = 0;
      for (long cents : BENCHMARK.payeeCents) {
        expected += cents >= LedgerBenchmark.MINIMUM.minorUnits() ? 1 : 0;
      }
      assertThat(batch.lines()).hasSize((int) expected);
    } finally {
      h2.close();
    }
  }

  @Test
  void payoutOne_bothPayTheSameOneLine_andLeaveEveryoneElsesBalance() {
    LedgerBenchmark.PayableOneOurs ours = new LedgerBenchmark.PayableOneOurs();
    ours.adjust(BENCHMARK);
    LedgerBenchmark.PayableOneH2 h2 = new LedgerBenchmark.PayableOneH2();
    h2.adjust(BENCHMARK);
    try {
      for (int run = 0; run < 3; run++) {
        ours.topUp(BENCHMARK);
        h2.topUp(BENCHMARK);
        assertThat(ours.payee).isEqualTo(h2.payee).isEqualTo(BENCHMARK.payeeIds[run]);
        long expected = BENCHMARK.payeeCents[run] + LedgerBenchmark.MINIMUM.minorUnits();

        PayoutBatch batch = BENCHMARK.payoutOne_affiliatekit(ours);
        List<H2Ledger.Line> lines = BENCHMARK.payoutOne_h2(h2);

        assertThat(batch.lines()).singleElement().satisfies(line -> {
          assertThat(line.affiliateId()).isEqualTo(ours.payee);
          assertThat(line.amount().minorUnits()).isEqualTo(expected);
        });
        assertThat(lines).containsExactly(new H2Ledger.Line(h2.payee, expected));
      }
      String untouched = BENCHMARK.payeeIds[3];
      assertThat(ours.ledger.balances(untouched, LedgerBenchmark.USD).payable().minorUnits())
          .isEqualTo(h2.ledger.balance("PAYABLE", untouched, "USD"))
          .isEqualTo(BENCHMARK.payeeCents[3]);
    } finally {
      h2.close();
    }
  }

  @Test
  void prepare_runsStatementsPreparedWithTheLedger_andPreparesNoneItself() throws SQLException {
    Connection database = DriverManager.getConnection("jdbc:h2:mem:prepared;DB_CLOSE_DELAY=0");
    int[] prepared = {0};
    Connection counting = (Connection) Proxy.newProxyInstance(
        Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
        (proxy, method, arguments) -> {
          if (method.getName().startsWith("prepare")) {
            prepared[0]++;
          }
          try {
            return method.invoke(database, arguments);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    try (H2Ledger h2 = new H2Ledger(counting)) {
      h2.adjust("earned-a", "a", "USD", 6_000, LedgerBenchmark.NOW);
      h2.adjust("earned-b", "b", "USD", 7_000, LedgerBenchmark.NOW);
      h2.adjust("earned-c", "c", "USD", 1_000, LedgerBenchmark.NOW);
      int afterSetUp = prepared[0];
      assertThat(afterSetUp).isPositive();

      assertThat(h2.prepare("one", "USD", 5_000, LedgerBenchmark.NOW, "b"))
          .containsExactly(new H2Ledger.Line("b", 7_000));
      assertThat(h2.prepare("all", "USD", 5_000, LedgerBenchmark.NOW))
          .containsExactly(new H2Ledger.Line("a", 6_000));
      assertThat(h2.prepare("again", "USD", 5_000, LedgerBenchmark.NOW, "a")).isEmpty();

      assertThat(prepared[0]).isEqualTo(afterSetUp);
    }
  }
}
