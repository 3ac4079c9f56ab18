package io.skyshard.worker.service;

import io.skyshard.rpc.Visibility;
import io.skyshard.rpc.convert.ColumnKinds;
import io.skyshard.worker.storage.ContributionLedger;
import io.skyshard.worker.storage.StorageBackend;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Hides, inside one chunk query, the rows its snapshot must not see (see the common catalog's
 * {@code Visibility}): a table reference is replaced by a filtered subquery only when the worker's
 * {@link ContributionLedger} says the table holds rows of a transaction the snapshot does not make
 * visible. Everything else is read as is, so a query over settled data costs one ledger lookup per
 * chunk table and nothing in the engine.
 *
 * <p>The filtered form also drops the hidden contribution column, so the table keeps its catalog
 * columns whichever form a statement reads.
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
     * The condition a row of the table must meet to be visible, or null when every row of the table
     * is visible (the common case).
     */
    String predicate(String database, String table) {
        ContributionLedger.TableTransactions t = backend.ledger().get(database, table);
        if (t == null) {
            return null;
        }
        List<String> parts = new ArrayList<>(3);
        if (t.max() > visibleThrough) {
            parts.add(COLUMN + " < " + ((visibleThrough + 1) << 32));
        }
        List<Long> txns = new ArrayList<>();
        for (long h : hiddenTransactions) {
            if (h <= visibleThrough && t.contains(h)) {
                txns.add(h);
            }
        }
        if (!txns.isEmpty()) {
            parts.add("(" + COLUMN + " >> 32) NOT IN (" + join(txns) + ")");
        }
        List<Long> contributions = new ArrayList<>();
        for (long c : hiddenContributions) {
            long txn = c >>> 32;
            if (txn <= visibleThrough && t.contains(txn) && Arrays.binarySearch(hiddenTransactions, txn) < 0) {
                contributions.add(c);
            }
        }
        if (!contributions.isEmpty()) {
            parts.add(COLUMN + " NOT IN (" + join(contributions) + ")");
        }
        return parts.isEmpty() ? null : String.join(" AND ", parts);
    }

    /** The statement text reading a table: the table itself, or its visible rows without the hidden column. */
    String reference(String database, String table) {
        String qualified = backend.qualifiedName(database, table);
        String predicate = predicate(database, table);
        return predicate == null ? qualified : "(SELECT * EXCLUDE (" + COLUMN + ") FROM " + qualified + " WHERE " + predicate + ")";
    }

    /** A {@code SELECT} of the table's catalog columns and visible rows, for UNION ALL groups of chunk tables. */
    String select(String database, String table) {
        String qualified = backend.qualifiedName(database, table);
        if (!backend.hasContributionColumn(database, table)) {
            return "SELECT * FROM " + qualified;
        }
        String predicate = predicate(database, table);
        return "SELECT * EXCLUDE (" + COLUMN + ") FROM " + qualified + (predicate == null ? "" : " WHERE " + predicate);
    }

    /**
     * Filters the references to tables without a chunk placeholder (replicated tables) that hold rows
     * this query must not see; the template unchanged when there are none.
     */
    String filterPlainReferences(String template) {
        Matcher m = QUALIFIED.matcher(template);
        StringBuilder out = null;
        int last = 0;
        while (m.find()) {
            String db = m.group(1) != null ? m.group(1) : m.group(2);
            String table = m.group(3) != null ? m.group(3) : m.group(4);
            if (table.contains("%CHUNK%") || !backend.ledger().hasDatabase(db) || !backend.tableExists(db, table)
                    || predicate(db, table) == null) {
                continue;
            }
            if (out == null) {
                out = new StringBuilder(template.length() + 64);
            }
            out.append(template, last, m.start()).append(reference(db, table));
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
        return sb.toString().toLowerCase(Locale.ROOT);
    }
}
