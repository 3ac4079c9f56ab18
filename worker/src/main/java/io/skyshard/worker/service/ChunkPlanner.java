package io.skyshard.worker.service;

import io.skyshard.common.catalog.ChunkTables;
import io.skyshard.worker.storage.StorageBackend;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Turns a chunk query template and a chunk list into statements for the tables this worker holds.
 *
 * <ul>
 *   <li>A chunk whose chunk tables are missing is skipped: the worker holds no rows of it.</li>
 *   <li>A missing {@code XFullOverlap_c} whose {@code X_c} exists is read as an empty table with
 *       the same columns, since loaders need not write empty overlap tables.</li>
 *   <li>In union mode up to {@link #UNION_GROUP} chunks share one statement, because DuckDB's
 *       per-statement cost dominates small chunks.</li>
 *   <li>A table holding rows the query's snapshot must not see (an ingest transaction still open,
 *       aborted, or committed after the query started) is read through the {@link VisibilityFilter};
 *       all others are read as they are.</li>
 * </ul>
 * Table references are recognised only in the qualified form {@code "db"."T_%CHUNK%"} (quotes
 * optional); unqualified ones are run as written.
 */
final class ChunkPlanner {
    static final int UNION_GROUP = 64;

    private static final Pattern QUALIFIED_CHUNK_TABLE = Pattern.compile(
            "(?:\"([^\"]+)\"|([A-Za-z_][A-Za-z0-9_$]*))\\s*\\.\\s*(?:\"([^\"]*%CHUNK%[^\"]*)\"|([A-Za-z0-9_$]*%CHUNK%[A-Za-z0-9_$]*))");
    private static final String OVERLAP_SUFFIX = "FullOverlap_" + ChunkTables.CHUNK_PLACEHOLDER;
    private static final String CHUNK_SUFFIX = "_" + ChunkTables.CHUNK_PLACEHOLDER;

    /**
     * One statement: the chunks it answers and its SQL. {@code ledgerEpoch} is the ledger's epoch read
     * before the SQL's visibility filters were chosen; a statement that starts after a later epoch
     * may see rows committed meanwhile, so it must be planned again ({@link Plan#replan}).
     */
    record ChunkTask(List<Integer> chunkIds, String sql, long ledgerEpoch) {
        ChunkTask {
            chunkIds = List.copyOf(chunkIds);
            requireNonNull(sql, "sql");
        }

        ChunkTask(List<Integer> chunkIds, String sql) {
            this(chunkIds, sql, -1);
        }

        int reportedChunk() {
            return chunkIds.size() == 1 ? chunkIds.get(0) : chunkIds.isEmpty() ? ChunkTables.REPLICATED_CHUNK : chunkIds.get(0);
        }
    }

    /**
     * The statements to run and the chunks answered without a statement (no tables here);
     * {@code replanner} rebuilds one task's statement with the ledger as it is now (empty when its
     * tables are gone).
     */
    record Plan(List<ChunkTask> tasks, List<Integer> skippedChunks, java.util.function.Function<ChunkTask, Optional<ChunkTask>> replanner) {
        Plan {
            tasks = List.copyOf(tasks);
            skippedChunks = List.copyOf(skippedChunks);
            requireNonNull(replanner, "replanner");
        }

        Plan(List<ChunkTask> tasks, List<Integer> skippedChunks) {
            this(tasks, skippedChunks, Optional::of);
        }

        Optional<ChunkTask> replan(ChunkTask task) {
            return replanner.apply(task);
        }
    }

    /** A table reference of the template: its text and database/table pattern. */
    record TableRef(String text, String database, String tablePattern) {
        boolean isOverlap() {
            return tablePattern.endsWith(OVERLAP_SUFFIX);
        }

        String baseTablePattern() {
            return tablePattern.substring(0, tablePattern.length() - OVERLAP_SUFFIX.length()) + CHUNK_SUFFIX;
        }
    }

    private final StorageBackend backend;

    ChunkPlanner(StorageBackend backend) {
        this.backend = requireNonNull(backend, "backend");
    }

    static List<TableRef> references(String sql) {
        List<TableRef> refs = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        Matcher m = QUALIFIED_CHUNK_TABLE.matcher(sql);
        while (m.find()) {
            String db = m.group(1) != null ? m.group(1) : m.group(2);
            String table = m.group(3) != null ? m.group(3) : m.group(4);
            if (seen.add(m.group())) {
                refs.add(new TableRef(m.group(), db, table));
            }
        }
        return refs;
    }

    Plan plan(String template, List<Integer> chunkIds, boolean unionSafe, String unionTable) {
        return plan(template, chunkIds, unionSafe, unionTable, VisibilityFilter.all(backend));
    }

    Plan plan(String originalTemplate, List<Integer> chunkIds, boolean unionSafe, String unionTable, VisibilityFilter visibility) {
        Plan p = planOnce(originalTemplate, chunkIds, unionSafe, unionTable, visibility);
        return new Plan(p.tasks(), p.skippedChunks(), task -> planOnce(originalTemplate, task.chunkIds(), unionSafe, unionTable,
                visibility).tasks().stream().findFirst());
    }

    private Plan planOnce(String originalTemplate, List<Integer> chunkIds, boolean unionSafe, String unionTable,
            VisibilityFilter visibility) {
        // Read before the ledger is: a load committing after this read moves the epoch.
        long epoch = backend.ledger().epoch();
        String template = visibility.filterPlainReferences(originalTemplate);
        List<Integer> chunks = new ArrayList<>(new LinkedHashSet<>(chunkIds));
        List<ChunkTask> tasks = new ArrayList<>();
        List<Integer> skipped = new ArrayList<>();
        if (chunks.remove(Integer.valueOf(ChunkTables.REPLICATED_CHUNK))) {
            tasks.add(new ChunkTask(List.of(ChunkTables.REPLICATED_CHUNK), template, epoch));
        }
        List<TableRef> refs = references(template);
        Optional<TableRef> union = unionRef(template, unionSafe, unionTable, refs);
        if (union.isPresent()) {
            TableRef u = union.get();
            List<Integer> present = new ArrayList<>();
            for (int c : chunks) {
                if (backend.tableExists(u.database(), ChunkTables.instantiate(u.tablePattern(), c))) {
                    present.add(c);
                } else {
                    skipped.add(c);
                }
            }
            for (int from = 0; from < present.size(); from += UNION_GROUP) {
                List<Integer> group = present.subList(from, Math.min(present.size(), from + UNION_GROUP));
                StringBuilder sb = new StringBuilder("(");
                for (int c : group) {
                    if (sb.length() > 1) {
                        sb.append(" UNION ALL ");
                    }
                    sb.append(visibility.select(u.database(), ChunkTables.instantiate(u.tablePattern(), c)));
                }
                sb.append(')');
                tasks.add(new ChunkTask(group, template.replace(unionTable, sb.toString()), epoch));
            }
            return new Plan(tasks, skipped);
        }
        for (int c : chunks) {
            Optional<String> sql = instantiate(template, refs, c, visibility);
            if (sql.isPresent()) {
                tasks.add(new ChunkTask(List.of(c), sql.get(), epoch));
            } else {
                skipped.add(c);
            }
        }
        return new Plan(tasks, skipped);
    }

    /**
     * Union mode needs the union table to be the template's only chunk table reference: any other
     * would still carry the placeholder after the substitution.
     */
    private static Optional<TableRef> unionRef(String template, boolean unionSafe, String unionTable, List<TableRef> refs) {
        if (!unionSafe || unionTable == null || unionTable.isEmpty() || !template.contains(unionTable)) {
            return Optional.empty();
        }
        if (template.replace(unionTable, "").contains(ChunkTables.CHUNK_PLACEHOLDER)) {
            return Optional.empty();
        }
        List<TableRef> own = references(unionTable);
        return own.size() == 1 ? Optional.of(own.get(0)) : Optional.empty();
    }

    /** The statement for one chunk, or empty when a chunk table it needs is missing. */
    Optional<String> instantiate(String template, List<TableRef> refs, int chunk) {
        return instantiate(template, refs, chunk, VisibilityFilter.all(backend));
    }

    private Optional<String> instantiate(String template, List<TableRef> refs, int chunk, VisibilityFilter visibility) {
        String sql = template;
        for (TableRef ref : refs) {
            String table = ChunkTables.instantiate(ref.tablePattern(), chunk);
            if (backend.tableExists(ref.database(), table)) {
                if (visibility.predicate(ref.database(), table) != null) {
                    sql = sql.replace(ref.text(), visibility.reference(ref.database(), table));
                }
                continue;
            }
            if (ref.isOverlap()) {
                String base = ChunkTables.instantiate(ref.baseTablePattern(), chunk);
                if (backend.tableExists(ref.database(), base)) {
                    sql = sql.replace(ref.text(), "(SELECT * FROM " + visibility.reference(ref.database(), base) + " WHERE false)");
                    continue;
                }
            }
            return Optional.empty();
        }
        return Optional.of(ChunkTables.instantiate(sql, chunk));
    }

    /**
     * A statement returning no rows but the template's result columns, run against any chunk held
     * here of the template's tables; empty when this worker holds none.
     */
    Optional<String> schemaProbe(String template) {
        List<TableRef> refs = references(template);
        if (refs.isEmpty()) {
            return Optional.empty();
        }
        TableRef anchor = refs.stream().filter(r -> !r.isOverlap()).findFirst().orElse(refs.get(0));
        String pattern = anchor.isOverlap() ? anchor.baseTablePattern() : anchor.tablePattern();
        int at = pattern.indexOf(ChunkTables.CHUNK_PLACEHOLDER);
        String prefix = pattern.substring(0, at).toLowerCase(Locale.ROOT);
        String suffix = pattern.substring(at + ChunkTables.CHUNK_PLACEHOLDER.length()).toLowerCase(Locale.ROOT);
        Set<Integer> candidates = new TreeSet<>();
        for (String t : backend.tables(anchor.database())) {
            String lower = t.toLowerCase(Locale.ROOT);
            if (lower.startsWith(prefix) && lower.endsWith(suffix) && lower.length() > prefix.length() + suffix.length()) {
                String digits = lower.substring(prefix.length(), lower.length() - suffix.length());
                if (digits.chars().allMatch(Character::isDigit) && digits.length() < 10) {
                    candidates.add(Integer.parseInt(digits));
                }
            }
        }
        for (int c : candidates) {
            Optional<String> sql = instantiate(template, refs, c);
            if (sql.isPresent()) {
                return Optional.of("SELECT * FROM (" + stripSemicolons(sql.get()) + ") AS skyshard_schema_probe LIMIT 0");
            }
        }
        return Optional.empty();
    }

    private static String stripSemicolons(String sql) {
        String s = sql.strip();
        while (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        return s;
    }
}
