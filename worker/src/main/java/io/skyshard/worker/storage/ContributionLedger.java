package io.skyshard.worker.storage;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Which ingest transactions a worker holds rows of, per chunk of each chunk store (and per
 * replicated table, chunk -1): the in-memory summary of the worker's persistent ledger (table
 * {@value #SCHEMA}.{@value #TABLE}, one row per chunk and contribution, written in the same storage
 * transaction as the rows themselves, so it is never out of step with the data, crash or not).
 *
 * <p>The query path asks it, for the chunks a statement reads, whether they may hold a row the
 * query's snapshot must not see. The answer is almost always "no" and then costs a few hash lookups:
 * the store is read as is. Only chunks holding rows of transactions that are open, aborted and not
 * yet purged, or committed after the query started, get a filter.
 *
 * <p>Per chunk only the transaction ids are kept (a handful: the transactions that loaded it), not
 * every contribution: a chunk touched by thousands of file contributions must not cost thousands of
 * entries. Chunks without an entry were loaded outside transactions (or not at all) and hold only
 * visible rows.
 */
public final class ContributionLedger {
    /** The hidden BIGINT column of chunk stores (and loaded replicated tables) holding each row's contribution id. */
    public static final String COLUMN = "_skyshard_contribution";
    /** Schema of the worker's own bookkeeping; no catalog database may take this name. */
    public static final String SCHEMA = "skyshard_internal";
    public static final String TABLE = "ledger";
    /** The chunk of a replicated table's entry. */
    public static final int WHOLE_TABLE = -1;

    /** The transactions with rows in a chunk (or a whole store), ascending, and the largest of them. */
    public record TableTransactions(long[] transactions) {
        public long max() {
            return transactions.length == 0 ? 0 : transactions[transactions.length - 1];
        }

        public boolean contains(long transaction) {
            return Arrays.binarySearch(transactions, transaction) >= 0;
        }

        TableTransactions with(long transaction) {
            if (contains(transaction)) {
                return this;
            }
            long[] t = Arrays.copyOf(transactions, transactions.length + 1);
            t[t.length - 1] = transaction;
            Arrays.sort(t);
            return new TableTransactions(t);
        }
    }

    /** One store (or replicated table): its chunks' transactions and their union. */
    private static final class Store {
        final Map<Integer, TableTransactions> chunks = new ConcurrentHashMap<>();
        volatile TableTransactions all = new TableTransactions(new long[0]);

        void recomputeAll() {
            long[] union = chunks.values().stream().flatMapToLong(t -> Arrays.stream(t.transactions())).distinct().sorted().toArray();
            all = new TableTransactions(union);
        }
    }

    /** lower-case database -> lower-case table -> store. */
    private final Map<String, Map<String, Store>> tables = new ConcurrentHashMap<>();
    /** Moves after every change that may add rows a query must filter; see {@link #epoch()}. */
    private final AtomicLong epoch = new AtomicLong();

    /**
     * A counter that moves after the ledger learns of new rows and before those rows are committed.
     * A statement planned at epoch {@code e} whose engine snapshot was taken while the epoch was still
     * {@code e} saw no row the ledger did not know of when the statement was planned.
     */
    public long epoch() {
        return epoch.get();
    }

    /** The transactions with rows in one chunk of a store (or a replicated table: {@link #WHOLE_TABLE}), or null when none. */
    public TableTransactions get(String database, String table, int chunk) {
        Store s = store(database, table);
        return s == null ? null : s.chunks.get(chunk);
    }

    /** The transactions with rows in any chunk of a store, or null when none. */
    public TableTransactions all(String database, String table) {
        Store s = store(database, table);
        return s == null || s.chunks.isEmpty() ? null : s.all;
    }

    /** Whether any table of the database holds transactional rows. */
    public boolean hasDatabase(String database) {
        Map<String, Store> db = tables.get(key(database));
        return db != null && !db.isEmpty();
    }

    private Store store(String database, String table) {
        Map<String, Store> db = tables.get(key(database));
        return db == null ? null : db.get(key(table));
    }

    /** Records that a chunk now holds rows of a transaction (before the rows are committed). */
    synchronized void add(String database, String table, int chunk, long transaction) {
        Store s = tables.computeIfAbsent(key(database), k -> new ConcurrentHashMap<>()).computeIfAbsent(key(table), k -> new Store());
        TableTransactions old = s.chunks.get(chunk);
        if (old != null && old.contains(transaction)) {
            return;
        }
        s.chunks.put(chunk, (old == null ? new TableTransactions(new long[0]) : old).with(transaction));
        s.all = s.all.with(transaction);
        epoch.incrementAndGet();
    }

    /** Replaces what is known of a chunk (after a purge recounted it); an empty set removes the entry. */
    synchronized void set(String database, String table, int chunk, long[] transactions) {
        Store s = tables.computeIfAbsent(key(database), k -> new ConcurrentHashMap<>()).computeIfAbsent(key(table), k -> new Store());
        if (transactions.length == 0) {
            s.chunks.remove(chunk);
        } else {
            s.chunks.put(chunk, new TableTransactions(Arrays.stream(transactions).distinct().sorted().toArray()));
        }
        s.recomputeAll();
    }

    synchronized void dropDatabase(String database) {
        tables.remove(key(database));
    }

    synchronized void dropTable(String database, String table) {
        Map<String, Store> db = tables.get(key(database));
        if (db != null) {
            db.remove(key(table));
        }
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
