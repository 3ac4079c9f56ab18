package io.skyshard.worker.service;

import io.skyshard.rpc.Visibility;
import io.skyshard.rpc.convert.ColumnKinds;
import io.skyshard.worker.storage.ContributionLedger;
import io.skyshard.worker.storage.StorageBackend;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Hides, inside one chunk query, the rows its snapshot must not see (see the common catalog's
 * {@code Visibility}): the chunks a statement reads get a predicate on the hidden contribution
 * column only when the worker's {@link ContributionLedger} says they hold rows of a transaction the
 * snapshot does not make visible. Everything else is read as is, so a query over settled data costs
 * a few ledger lookups and nothing in the engine.
 */
final class VisibilityFilter {
    /** Qualified table references without the chunk placeholder (replicated tables), e.g. {@code "db"."Filter"}. */
    private static final Pattern QUALIFIED = Pattern.compile(
            "(?:\"([^\"]+)\"|\\b([A-Za-z_][A-Za-z0-9_$]*))\\s*\\.\\s*(?:\"([^\"]+)\"|([A-Za-z_][A-Za-z0-9_$]*)\\b)(?!\\s*\\.)");
    private static final String COLUMN = ColumnKinds.quote(ContributionLedger.COLUMN);

    private final StorageBackend backend;
    private final long visibleThrough;
    private final long[] hiddenTransactions;
    private final long[] hiddenContributions;

    private VisibilityFilter(StorageBackend backend, long visibleThrough, long[] hiddenTransactions, long[] hiddenContributions) {
        this.backend = requireNonNull(backend, "backend");
        this.visibleThrough = visibleThrough;
        this.hiddenTransactions = hiddenTransactions;
        this.hiddenContributions = hiddenContributions;
    }

    /** Sees every row: for callers that send no visibility and tests of raw tables. */
    static VisibilityFilter all(StorageBackend backend) {
        return new VisibilityFilter(backend, Long.MAX_VALUE, new long[0], new long[0]);
    }

    static VisibilityFilter of(StorageBackend backend, Visibility v) {
        long[] txns = v.getHiddenTransactionsList().stream().mapToLong(Long::longValue).sorted().toArray();
        long[] contributions = v.getHiddenContributionsList().stream().mapToLong(Long::longValue).sorted().toArray();
        return new VisibilityFilter(backend, v.getVisibleThrough(), txns, contributions);
    }

    /**
     * The condition a row read from these chunks of a store must meet to be visible, or null when
     * every row of them is (the common case). {@code chunks} null: the whole store; a replicated
     * table is chunk {@link ContributionLedger#WHOLE_TABLE}.
     */
    String predicate(String database, String table, int[] chunks) {
        ContributionLedger ledger = backend.ledger();
        if (chunks == null) {
            ContributionLedger.TableTransactions all = ledger.all(database, table);
            return all == null ? null : predicate(all.transactions());
        }
        long[] union = null;
        for (int c : chunks) {
            ContributionLedger.TableTransactions t = ledger.get(database, table, c);
            if (t != null && needsFilter(t)) {
                union = union == null ? t.transactions() : merge(union, t.transactions());
            }
        }
        return union == null ? null : predicate(union);
    }

    /** Quick test: can a row of these transactions be invisible? */
    private boolean needsFilter(ContributionLedger.TableTransactions t) {
        if (t.max() > visibleThrough) {
            return true;
        }
        for (long h : hiddenTransactions) {
            if (t.contains(h)) {
                return true;
            }
        }
        for (long c : hiddenContributions) {
            if (t.contains(c >>> 32)) {
                return true;
            }
        }
        return false;
    }

    private String predicate(long[] transactions) {
        long max = transactions.length == 0 ? 0 : transactions[transactions.length - 1];
        List<String> parts = new ArrayList<>(3);
        if (max > visibleThrough) {
            parts.add(COLUMN + " < " + ((visibleThrough + 1) << 32));
        }
        List<Long> txns = new ArrayList<>();
        for (long h : hiddenTransactions) {
            if (h <= visibleThrough && Arrays.binarySearch(transactions, h) >= 0) {
                txns.add(h);
            }
        }
        if (!txns.isEmpty()) {
            parts.add("(" + COLUMN + " >> 32) NOT IN (" + join(txns) + ")");
        }
        List<Long> contributions = new ArrayList<>();
        for (long c : hiddenContributions) {
            long txn = c >>> 32;
            if (txn <= visibleThrough && Arrays.binarySearch(transactions, txn) >= 0 && Arrays.binarySearch(hiddenTransactions, txn) < 0) {
                contributions.add(c);
            }
        }
        if (!contributions.isEmpty()) {
            parts.add(COLUMN + " NOT IN (" + join(contributions) + ")");
        }
        return parts.isEmpty() ? null : String.join(" AND ", parts);
    }

    private static long[] merge(long[] a, long[] b) {
        TreeSet<Long> all = new TreeSet<>();
        Arrays.stream(a).forEach(all::add);
        Arrays.stream(b).forEach(all::add);
        return all.stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * Filters the references to replicated tables (no chunk placeholder) that hold rows this query
     * must not see; the template unchanged when there are none.
     */
    String filterPlainReferences(String template) {
        Matcher m = QUALIFIED.matcher(template);
        StringBuilder out = null;
        int last = 0;
        int[] whole = {ContributionLedger.WHOLE_TABLE};
        while (m.find()) {
            String db = m.group(1) != null ? m.group(1) : m.group(2);
            String table = m.group(3) != null ? m.group(3) : m.group(4);
            if (table.contains("%CHUNK%") || !backend.ledger().hasDatabase(db) || !backend.hasContributionColumn(db, table)) {
                continue;
            }
            String predicate = predicate(db, table, whole);
            if (predicate == null) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(template.length() + 64);
            }
            out.append(template, last, m.start()).append("(SELECT * EXCLUDE (").append(COLUMN).append(") FROM ")
                    .append(backend.qualifiedName(db, table)).append(" WHERE ").append(predicate).append(')');
            last = m.end();
        }
        if (out == null) {
            return template;
        }
        return out.append(template, last, template.length()).toString();
    }

    private static String join(List<Long> ids) {
        StringBuilder sb = new StringBuilder();
        for (long id : ids) {
            sb.append(sb.isEmpty() ? "" : ", ").append(id);
        }
        return sb.toString();
    }
}
