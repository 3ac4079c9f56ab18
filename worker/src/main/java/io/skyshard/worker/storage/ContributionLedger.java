package io.skyshard.worker.storage;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which ingest transactions a worker holds rows of, per table: the in-memory summary of the worker's
 * persistent ledger (table {@value #SCHEMA}.{@value #TABLE}, one row per table and contribution,
 * written in the same storage transaction as the rows themselves, so it is never out of step with the
 * data, crash or not).
 *
 * <p>The query path asks it, for every chunk table a statement touches, whether the table may hold a
 * row the query's snapshot must not see. The answer is almost always "no" and then costs two hash
 * lookups and a comparison: the chunk table is read as is. Only tables holding rows of transactions
 * that are open, aborted and not yet purged, or committed after the query started, get a filter.
 *
 * <p>Per table only the transaction ids are kept (a handful: the transactions that loaded the table),
 * not every contribution: a chunk table touched by thousands of file contributions must not cost
 * thousands of entries. Tables without an entry were loaded outside transactions (or not at all) and
 * hold only visible rows.
 */
public final class ContributionLedger {
    /** The hidden BIGINT column of chunk tables holding the contribution id of each row. */
    public static final String COLUMN = "_skyshard_contribution";
    /** Schema of the worker's own bookkeeping; no catalog database may take this name. */
    public static final String SCHEMA = "skyshard_internal";
    public static final String TABLE = "ledger";

    /** The transactions with rows in one table, ascending, and the largest of them. */
    public record TableTransactions(long[] transactions) {
        public long max() {
            return transactions.length == 0 ? 0 : transactions[transactions.length - 1];
        }

        public boolean contains(long transaction) {
            return Arrays.binarySearch(transactions, transaction) >= 0;
        }
    }

    /** lower-case database -> lower-case table -> transactions. */
    private final Map<String, Map<String, TableTransactions>> tables = new ConcurrentHashMap<>();
    /** Moves after every change that may add rows a query must filter; see {@link #epoch()}. */
    private final java.util.concurrent.atomic.AtomicLong epoch = new java.util.concurrent.atomic.AtomicLong();

    /**
     * A counter that moves after the ledger learns of new rows and before those rows are committed.
     * A statement planned at epoch {@code e} whose engine snapshot was taken while the epoch was still
     * {@code e} saw no row the ledger did not know of when the statement was planned.
     */
    public long epoch() {
        return epoch.get();
    }

    /** The transactions with rows in a table, or null when the table holds no transactional rows. */
    public TableTransactions get(String database, String table) {
        Map<String, TableTransactions> db = tables.get(key(database));
        return db == null ? null : db.get(key(table));
    }

    /** Whether any table of the database holds transactional rows. */
    public boolean hasDatabase(String database) {
        Map<String, TableTransactions> db = tables.get(key(database));
        return db != null && !db.isEmpty();
    }

    /** Records that a table now holds rows of a transaction (after the rows are committed). */
    synchronized void add(String database, String table, long transaction) {
        Map<String, TableTransactions> db = tables.computeIfAbsent(key(database), k -> new ConcurrentHashMap<>());
        TableTransactions old = db.get(key(table));
        if (old != null && old.contains(transaction)) {
            return;
        }
        long[] txns = old == null ? new long[] {transaction} : Arrays.copyOf(old.transactions(), old.transactions().length + 1);
        if (old != null) {
            txns[txns.length - 1] = transaction;
            Arrays.sort(txns);
        }
        db.put(key(table), new TableTransactions(txns));
        epoch.incrementAndGet();
    }

    /** Replaces what is known of a table (after a purge recounted it); an empty set removes the entry. */
    synchronized void set(String database, String table, long[] transactions) {
        Map<String, TableTransactions> db = tables.computeIfAbsent(key(database), k -> new ConcurrentHashMap<>());
        if (transactions.length == 0) {
            db.remove(key(table));
            return;
        }
        long[] sorted = Arrays.stream(transactions).distinct().sorted().toArray();
        db.put(key(table), new TableTransactions(sorted));
    }

    synchronized void dropDatabase(String database) {
        tables.remove(key(database));
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
