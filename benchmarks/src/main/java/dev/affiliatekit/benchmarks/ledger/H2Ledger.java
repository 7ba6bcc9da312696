package dev.affiliatekit.benchmarks.ledger;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The baseline: the ledger a team would first write on a SQL table, here H2 in memory. Balances
 * are sums over the entry table, idempotency is a unique key, and each posting is one database
 * transaction.
 */
final class H2Ledger implements AutoCloseable {

  /** A payout line: the affiliate and the amount in cents. */
  record Line(String affiliateId, long cents) {}

  /** A statement line: the transaction, its key and instant, the account kind and the amount. */
  record StatementRow(long transaction, String key, Instant postedAt, String kind, long cents) {}

  /** The kinds of an affiliate's accounts, each read through the index on kind and owner. */
  private static final List<String> AFFILIATE_KINDS =
      List.of("PENDING", "PAYABLE", "PAYOUT_CLEARING", "PAID");

  private static final AtomicInteger DATABASES = new AtomicInteger();

  private final Connection connection;
  private final PreparedStatement insertTransaction;
  private final PreparedStatement insertEntry;
  private final PreparedStatement insertItem;
  private final PreparedStatement statement;
  private final PreparedStatement dueAll;
  private final PreparedStatement dueOne;

  /** Opens a database of its own, in memory, and creates the tables. */
  H2Ledger() {
    this(open());
  }

  /**
   * Creates the tables through the connection, to an empty database, and prepares every statement
   * that the postings and queries run more than once.
   */
  H2Ledger(Connection connection) {
    this.connection = connection;
    try {
      try (Statement ddl = connection.createStatement()) {
        ddl.execute("CREATE TABLE txn (id BIGINT AUTO_INCREMENT PRIMARY KEY,"
            + " idem_key VARCHAR(256) NOT NULL UNIQUE, kind VARCHAR(32) NOT NULL,"
            + " posted_at TIMESTAMP NOT NULL)");
        ddl.execute("CREATE TABLE entry (txn_id BIGINT NOT NULL, account_kind VARCHAR(32) NOT NULL,"
            + " owner VARCHAR(256) NOT NULL, currency CHAR(3) NOT NULL,"
            + " amount_minor BIGINT NOT NULL, item_key VARCHAR(256))");
        ddl.execute("CREATE INDEX entry_account ON entry (account_kind, owner, currency)");
        ddl.execute("CREATE TABLE item (item_key VARCHAR(256) PRIMARY KEY,"
            + " affiliate VARCHAR(256) NOT NULL, currency CHAR(3) NOT NULL,"
            + " accrued_minor BIGINT NOT NULL, pending_minor BIGINT NOT NULL,"
            + " hold_until TIMESTAMP NOT NULL, status VARCHAR(16) NOT NULL)");
        ddl.execute("CREATE INDEX item_hold ON item (status, hold_until)");
      }
      connection.setAutoCommit(false);
      insertTransaction = connection.prepareStatement(
          "INSERT INTO txn (idem_key, kind, posted_at) VALUES (?, ?, ?)",
          Statement.RETURN_GENERATED_KEYS);
      insertEntry = connection.prepareStatement("INSERT INTO entry (txn_id, account_kind, owner,"
          + " currency, amount_minor, item_key) VALUES (?, ?, ?, ?, ?, ?)");
      insertItem = connection.prepareStatement("INSERT INTO item (item_key, affiliate, currency,"
          + " accrued_minor, pending_minor, hold_until, status)"
          + " VALUES (?, ?, ?, ?, ?, ?, 'PENDING')");
      statement = connection.prepareStatement("SELECT e.txn_id, t.idem_key, t.posted_at,"
          + " e.amount_minor FROM entry e JOIN txn t ON t.id = e.txn_id"
          + " WHERE e.account_kind = ? AND e.owner = ?");
      dueAll = connection.prepareStatement(due(""));
      dueOne = connection.prepareStatement(due(" AND owner = ?"));
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Connection open() {
    try {
      return DriverManager.getConnection(
          "jdbc:h2:mem:ledger" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=0");
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  /** {@return the query of payable balances of at least a minimum, with a filter of owners} */
  private static String due(String owners) {
    return "SELECT owner, SUM(amount_minor) FROM entry WHERE account_kind = 'PAYABLE'"
        + " AND currency = ?" + owners + " GROUP BY owner HAVING SUM(amount_minor) >= ?"
        + " ORDER BY owner";
  }

  private long transaction(String key, String kind, Instant now) throws SQLException {
    insertTransaction.setString(1, key);
    insertTransaction.setString(2, kind);
    insertTransaction.setTimestamp(3, Timestamp.from(now));
    insertTransaction.executeUpdate();
    try (ResultSet keys = insertTransaction.getGeneratedKeys()) {
      keys.next();
      return keys.getLong(1);
    }
  }

  private void entry(long transaction, String kind, String owner, String currency, long minor,
      String item) throws SQLException {
    insertEntry.setLong(1, transaction);
    insertEntry.setString(2, kind);
    insertEntry.setString(3, owner);
    insertEntry.setString(4, currency);
    insertEntry.setLong(5, minor);
    insertEntry.setString(6, item);
    insertEntry.addBatch();
  }

  /** Accrues an item as pending, in one database transaction; a repeated key changes nothing. */
  void accrue(String key, String affiliate, String currency, long minor, Instant holdUntil,
      Instant now) {
    try {
      long id = transaction(key, "ACCRUAL", now);
      entry(id, "PENDING", affiliate, currency, minor, key);
      entry(id, "COMMISSION_EXPENSE", "business", currency, -minor, key);
      insertEntry.executeBatch();
      insertItem.setString(1, key);
      insertItem.setString(2, affiliate);
      insertItem.setString(3, currency);
      insertItem.setLong(4, minor);
      insertItem.setLong(5, minor);
      insertItem.setTimestamp(6, Timestamp.from(holdUntil));
      insertItem.executeUpdate();
      connection.commit();
    } catch (SQLException e) {
      rollback();
      if (!"23505".equals(e.getSQLState())) { // a unique key violation is an idempotent replay
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * Loads many accruals at once, with the same rows as {@link #accrue} would write; for setting up
   * a benchmark, not timed.
   */
  void load(String[] keys, String[] affiliates, long[] cents, Instant[] holds, int count,
      Instant now) {
    load(keys, affiliates, cents, holds, 0, count, now);
  }

  /**
   * Loads the accruals {@code from} to {@code from + count} at once, after the transactions the
   * database holds, as {@link #load(String[], String[], long[], Instant[], int, Instant)} does.
   */
  void load(String[] keys, String[] affiliates, long[] cents, Instant[] holds, int from,
      int count, Instant now) {
    try (PreparedStatement txn = connection.prepareStatement(
        "INSERT INTO txn (id, idem_key, kind, posted_at) VALUES (?, ?, 'ACCRUAL', ?)")) {
      long first;
      try (Statement max = connection.createStatement();
          ResultSet row = max.executeQuery("SELECT COALESCE(MAX(id), 0) + 1 FROM txn")) {
        row.next();
        first = row.getLong(1);
      }
      Timestamp posted = Timestamp.from(now);
      for (int n = 0; n < count; n++) {
        int i = from + n;
        long id = first + n;
        txn.setLong(1, id);
        txn.setString(2, keys[i]);
        txn.setTimestamp(3, posted);
        txn.addBatch();
        entry(id, "PENDING", affiliates[i], "USD", cents[i], keys[i]);
        entry(id, "COMMISSION_EXPENSE", "business", "USD", -cents[i], keys[i]);
        insertItem.setString(1, keys[i]);
        insertItem.setString(2, affiliates[i]);
        insertItem.setString(3, "USD");
        insertItem.setLong(4, cents[i]);
        insertItem.setLong(5, cents[i]);
        insertItem.setTimestamp(6, Timestamp.from(holds[i]));
        insertItem.addBatch();
        if (n % 10_000 == 9_999 || n == count - 1) {
          txn.executeBatch();
          insertEntry.executeBatch();
          insertItem.executeBatch();
        }
      }
      try (Statement restart = connection.createStatement()) {
        restart.execute("ALTER TABLE txn ALTER COLUMN id RESTART WITH " + (first + count));
      }
      connection.commit();
    } catch (SQLException e) {
      rollback();
      throw new IllegalStateException(e);
    }
  }

  /** Releases every pending item held until {@code asOf} or earlier; returns how many. */
  int release(String key, Instant asOf, Instant now) {
    try {
      long id = transaction(key, "RELEASE", now);
      Timestamp cutOff = Timestamp.from(asOf);
      for (String sql : List.of(
          "INSERT INTO entry SELECT ?, 'PENDING', affiliate, currency, -pending_minor, item_key"
              + " FROM item WHERE status = 'PENDING' AND hold_until <= ?",
          "INSERT INTO entry SELECT ?, 'PAYABLE', affiliate, currency, pending_minor, item_key"
              + " FROM item WHERE status = 'PENDING' AND hold_until <= ?")) {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
          statement.setLong(1, id);
          statement.setTimestamp(2, cutOff);
          statement.executeUpdate();
        }
      }
      int released;
      try (PreparedStatement update = connection.prepareStatement("UPDATE item"
          + " SET status = 'RELEASED', pending_minor = 0"
          + " WHERE status = 'PENDING' AND hold_until <= ?")) {
        update.setTimestamp(1, cutOff);
        released = update.executeUpdate();
      }
      connection.commit();
      return released;
    } catch (SQLException e) {
      rollback();
      throw new IllegalStateException(e);
    }
  }

  /** Adds to an affiliate's payable balance, in one database transaction. */
  void adjust(String key, String affiliate, String currency, long minor, Instant now) {
    try {
      long id = transaction(key, "ADJUSTMENT", now);
      entry(id, "PAYABLE", affiliate, currency, minor, null);
      entry(id, "COMMISSION_EXPENSE", "business", currency, -minor, null);
      insertEntry.executeBatch();
      connection.commit();
    } catch (SQLException e) {
      rollback();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Moves every payable balance of at least {@code minimum} cents to payout clearing, one line per
   * affiliate, ordered by affiliate id.
   */
  List<Line> prepare(String key, String currency, long minimum, Instant now) {
    return prepare(key, currency, minimum, now, null);
  }

  /**
   * Moves the payable balance of one affiliate, or of every affiliate if {@code onlyAffiliate} is
   * null, to payout clearing if it is at least {@code minimum} cents, one line per affiliate,
   * ordered by affiliate id.
   */
  List<Line> prepare(String key, String currency, long minimum, Instant now,
      String onlyAffiliate) {
    try {
      long id = transaction(key, "PAYOUT", now);
      List<Line> lines = new ArrayList<>();
      PreparedStatement due = onlyAffiliate == null ? dueAll : dueOne;
      int parameter = 1;
      due.setString(parameter++, currency);
      if (onlyAffiliate != null) {
        due.setString(parameter++, onlyAffiliate);
      }
      due.setLong(parameter, minimum);
      try (ResultSet rows = due.executeQuery()) {
        while (rows.next()) {
          lines.add(new Line(rows.getString(1), rows.getLong(2)));
        }
      }
      for (Line line : lines) {
        entry(id, "PAYABLE", line.affiliateId(), currency, -line.cents(), null);
        entry(id, "PAYOUT_CLEARING", line.affiliateId(), currency, line.cents(), null);
      }
      insertEntry.executeBatch();
      connection.commit();
      return lines;
    } catch (SQLException e) {
      rollback();
      throw new IllegalStateException(e);
    }
  }

  /**
   * {@return an affiliate's statement: the entries of its accounts with their transactions, in
   * journal order; one query per kind of account, each through the index on kind and owner, as a
   * user of SQL would write it}
   */
  List<StatementRow> statement(String affiliate) {
    List<StatementRow> rows = new ArrayList<>();
    try {
      for (String kind : AFFILIATE_KINDS) {
        statement.setString(1, kind);
        statement.setString(2, affiliate);
        try (ResultSet row = statement.executeQuery()) {
          while (row.next()) {
            rows.add(new StatementRow(row.getLong(1), row.getString(2),
                row.getTimestamp(3).toInstant(), kind, row.getLong(4)));
          }
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
    rows.sort(java.util.Comparator.comparingLong(StatementRow::transaction));
    return rows;
  }

  /** {@return the balance of an account in cents: the sum of its entries} */
  long balance(String kind, String owner, String currency) {
    try (PreparedStatement sum = connection.prepareStatement("SELECT COALESCE(SUM(amount_minor), 0)"
        + " FROM entry WHERE account_kind = ? AND owner = ? AND currency = ?")) {
      sum.setString(1, kind);
      sum.setString(2, owner);
      sum.setString(3, currency);
      try (ResultSet row = sum.executeQuery()) {
        row.next();
        return row.getLong(1);
      }
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private void rollback() {
    try {
      connection.rollback();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
