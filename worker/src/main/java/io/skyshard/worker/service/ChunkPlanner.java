package io.skyshard.worker.service;

import io.skyshard.common.catalog.ChunkTables;
import io.skyshard.worker.storage.StorageBackend;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.util.Objects.requireNonNull;

/**
 * Turns a chunk query template and a chunk list into statements over the chunks this worker holds.
 * Chunk table references ({@code "db"."Object_%CHUNK%"}) become reads of the table's chunk store
 * restricted to the chunks wanted (see {@link StorageBackend}).
 *
 * <ul>
 *   <li>When the czar marks the template union-safe (its one partitioned table may hold many chunks
 *       at once without changing the merged answer), ONE statement answers every chunk asked of this
 *       worker: a full scan costs one table scan, however many chunks there are.</li>
 *   <li>Otherwise each chunk gets its own statement, each reference reading that chunk only.</li>
 *   <li>A chunk this worker holds no rows of is skipped. A missing {@code XFullOverlap_c} whose
 *       {@code X_c} exists reads as empty, since loaders need not write empty overlap tables.</li>
 *   <li>Chunks (and replicated tables) holding rows the query's snapshot must not see (an ingest
 *       transaction still open, aborted, or committed after the query started) are read through
 *       the {@link VisibilityFilter}'s predicate; all others are read as they are.</li>
 * </ul>
 * Table references are recognised only in the qualified form {@code "db"."T_%CHUNK%"} (quotes
 * optional); unqualified ones are run as written.
 */
final class ChunkPlanner {
    private static final Pattern QUALIFIED_CHUNK_TABLE = Pattern.compile(
            "(?:\"([^\"]+)\"|([A-Za-z_][A-Za-z0-9_$]*))\\s*\\.\\s*(?:\"([^\"]*%CHUNK%[^\"]*)\"|([A-Za-z0-9_$]*%CHUNK%[A-Za-z0-9_$]*))");
    private static final String CHUNK_SUFFIX = "_" + ChunkTables.CHUNK_PLACEHOLDER;
    private static final String OVERLAP_SUFFIX = ChunkTables.overlapStore("") + CHUNK_SUFFIX;

    /**
     * One statement: the chunks it answers and its SQL; {@code coverage} may allow a cheaper form.
     * {@code ledgerEpoch} is the ledger's epoch read before the statement's visibility filters were
     * chosen; a statement that starts after a later epoch may see rows committed meanwhile, so it
     * must be planned again ({@link Plan#replan}); -1: no such check.
     */
    record ChunkTask(List<Integer> chunkIds, String sql, Coverage coverage, long ledgerEpoch) {
        ChunkTask {
            chunkIds = List.copyOf(chunkIds);
            requireNonNull(sql, "sql");
        }

        ChunkTask(List<Integer> chunkIds, String sql) {
            this(chunkIds, sql, null, -1);
        }

        int reportedChunk() {
            return chunkIds.isEmpty() ? ChunkTables.REPLICATED_CHUNK : chunkIds.get(0);
        }
    }

    /**
     * The same statement reading the whole store without the chunk filter, correct when this worker
     * holds no chunk of {@code store} outside {@code chunks} as of the statement's snapshot (see
     * {@link StorageBackend#holdsOnly}): a scan of every chunk then costs no per-row chunk test.
     */
    record Coverage(String database, String store, Set<Integer> chunks, String unfilteredSql) {
        Coverage {
            chunks = Set.copyOf(chunks);
        }
    }

    /**
     * The statements to run and the chunks answered without a statement (no rows here);
     * {@code replanner} rebuilds one task's statement with the ledger as it is now (empty when its
     * chunks are gone).
     */
    record Plan(List<ChunkTask> tasks, List<Integer> skippedChunks, Function<ChunkTask, Optional<ChunkTask>> replanner) {
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

    /** One occurrence of a chunk table reference in the template: where it is and what it names. */
    record TableRef(int start, int end, String text, String database, String tablePattern) {
        /** The chunk store read: the pattern without its {@code _%CHUNK%} suffix. */
        String store() {
            return tablePattern.endsWith(CHUNK_SUFFIX)
                    ? tablePattern.substring(0, tablePattern.length() - CHUNK_SUFFIX.length()) : tablePattern;
        }

        boolean isOverlap() {
            return tablePattern.endsWith(OVERLAP_SUFFIX);
        }

        /** For an overlap reference, the store of the table it is the overlap of. */
        String baseStore() {
            return tablePattern.substring(0, tablePattern.length() - OVERLAP_SUFFIX.length());
        }
    }

    private final StorageBackend backend;

    ChunkPlanner(StorageBackend backend) {
        this.backend = requireNonNull(backend, "backend");
    }

    /** Every chunk table reference of the template, in order of appearance. */
    static List<TableRef> references(String sql) {
        List<TableRef> refs = new ArrayList<>();
        Matcher m = QUALIFIED_CHUNK_TABLE.matcher(sql);
        while (m.find()) {
            String db = m.group(1) != null ? m.group(1) : m.group(2);
            String table = m.group(3) != null ? m.group(3) : m.group(4);
            refs.add(new TableRef(m.start(), m.end(), m.group(), db, table));
        }
        return refs;
    }

    Plan plan(String template, List<Integer> chunkIds, boolean unionSafe, String unionTable) {
        return plan(template, chunkIds, unionSafe, unionTable, VisibilityFilter.all(backend));
    }

    Plan plan(String template, List<Integer> chunkIds, boolean unionSafe, String unionTable, VisibilityFilter visibility) {
        Plan p = planOnce(template, chunkIds, unionSafe, unionTable, visibility);
        return new Plan(p.tasks(), p.skippedChunks(), task -> planOnce(template, task.chunkIds(), unionSafe, unionTable, visibility)
                .tasks().stream().findFirst());
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
            tasks.add(new ChunkTask(List.of(ChunkTables.REPLICATED_CHUNK), template, null, epoch));
        }
        List<TableRef> refs = references(template);
        if (isUnion(unionSafe, unionTable, refs)) {
            TableRef u = refs.get(0);
            List<Integer> present = new ArrayList<>();
            for (int c : chunks) {
                (backend.chunkExists(u.database(), u.store(), c) ? present : skipped).add(c);
            }
            if (!present.isEmpty()) {
                int[] ids = present.stream().mapToInt(Integer::intValue).toArray();
                String source = backend.chunkSource(u.database(), u.store(), ids, visibility.predicate(u.database(), u.store(), ids));
                String whole = backend.chunkSource(u.database(), u.store(), null, visibility.predicate(u.database(), u.store(), null));
                tasks.add(new ChunkTask(present, substitute(template, refs, ref -> source),
                        new Coverage(u.database(), u.store(), new java.util.HashSet<>(present), substitute(template, refs, ref -> whole)),
                        epoch));
            }
            return new Plan(tasks, skipped);
        }
        if (unionSafe && ChunkTables.ALL_CHUNK_TABLES.equals(unionTable) && !refs.isEmpty()) {
            Optional<Plan> all = allChunkTables(template, refs, chunks, tasks);
            if (all.isPresent()) {
                return all.get();
            }
        }
        for (int c : chunks) {
            Optional<String> sql = instantiate(template, refs, c, visibility);
            if (sql.isPresent()) {
                tasks.add(new ChunkTask(List.of(c), sql.get(), null, epoch));
            } else {
                skipped.add(c);
            }
        }
        return new Plan(tasks, skipped);
    }

    /**
     * Every chunk table reference reads all the chunks asked of this worker that any non-overlap
     * store holds, in one statement (the czar marks templates whose answer does not change). A
     * store this worker lacks reads as empty; when even its columns are unknown, chunks run one by one.
     */
    private Optional<Plan> allChunkTables(String template, List<TableRef> refs, List<Integer> chunks, List<ChunkTask> tasks) {
        List<Integer> present = new ArrayList<>();
        List<Integer> skipped = new ArrayList<>();
        for (int c : chunks) {
            boolean any = refs.stream().anyMatch(r -> !r.isOverlap() && backend.chunkExists(r.database(), r.store(), c));
            (any ? present : skipped).add(c);
        }
        if (present.isEmpty()) {
            return Optional.of(new Plan(tasks, skipped));
        }
        int[] ids = present.stream().mapToInt(Integer::intValue).toArray();
        List<String> sources = new ArrayList<>(refs.size());
        for (TableRef ref : refs) {
            if (backend.tableExists(ref.database(), ref.store())) {
                sources.add(backend.chunkSource(ref.database(), ref.store(), ids));
            } else {
                Optional<String> empty = emptySource(ref);
                if (empty.isEmpty()) {
                    return Optional.empty();
                }
                sources.add(empty.get());
            }
        }
        int[] next = {0};
        List<ChunkTask> all = new ArrayList<>(tasks);
        all.add(new ChunkTask(present, substitute(template, refs, ref -> sources.get(next[0]++))));
        return Optional.of(new Plan(all, skipped));
    }

    /**
     * Union mode needs the union table to be the template's only chunk table (it may occur more
     * than once): any other would have to be read chunk by chunk.
     */
    private static boolean isUnion(boolean unionSafe, String unionTable, List<TableRef> refs) {
        if (!unionSafe || unionTable == null || unionTable.isEmpty() || refs.isEmpty()) {
            return false;
        }
        return refs.stream().allMatch(r -> r.text().equals(unionTable));
    }

    /** The statement for one chunk, or empty when this worker holds no rows of a chunk table it needs. */
    Optional<String> instantiate(String template, List<TableRef> refs, int chunk) {
        return instantiate(template, refs, chunk, VisibilityFilter.all(backend));
    }

    private Optional<String> instantiate(String template, List<TableRef> refs, int chunk, VisibilityFilter visibility) {
        int[] one = {chunk};
        List<String> sources = new ArrayList<>(refs.size());
        for (TableRef ref : refs) {
            if (backend.chunkExists(ref.database(), ref.store(), chunk)) {
                sources.add(backend.chunkSource(ref.database(), ref.store(), one, visibility.predicate(ref.database(), ref.store(), one)));
            } else if (ref.isOverlap() && backend.chunkExists(ref.database(), ref.baseStore(), chunk)) {
                sources.add(emptySource(ref).orElseThrow());
            } else {
                return Optional.empty();
            }
        }
        int[] next = {0};
        return Optional.of(ChunkTables.instantiate(substitute(template, refs, ref -> sources.get(next[0]++)), chunk));
    }

    /** No rows, with the reference's columns: its own store, or for a missing overlap store its base table's. */
    private Optional<String> emptySource(TableRef ref) {
        if (backend.tableExists(ref.database(), ref.store())) {
            return Optional.of(backend.chunkSource(ref.database(), ref.store(), new int[0]));
        }
        if (ref.isOverlap() && backend.tableExists(ref.database(), ref.baseStore())) {
            return Optional.of(backend.chunkSource(ref.database(), ref.baseStore(), new int[0]));
        }
        return Optional.empty();
    }

    /** Replaces each reference (in order) with the text the function gives for it. */
    private static String substitute(String template, List<TableRef> refs, Function<TableRef, String> replacement) {
        StringBuilder sb = new StringBuilder(template.length() + 64 * refs.size());
        int at = 0;
        for (TableRef ref : refs) {
            sb.append(template, at, ref.start()).append(replacement.apply(ref));
            at = ref.end();
        }
        return sb.append(template, at, template.length()).toString();
    }

    /**
     * A statement returning no rows but the template's result columns, when this worker holds a
     * store of every chunk table the template reads; empty otherwise.
     */
    Optional<String> schemaProbe(String template) {
        List<TableRef> refs = references(template);
        if (refs.isEmpty()) {
            return Optional.empty();
        }
        List<String> sources = new ArrayList<>(refs.size());
        for (TableRef ref : refs) {
            Optional<String> empty = emptySource(ref);
            if (empty.isEmpty()) {
                return Optional.empty();
            }
            sources.add(empty.get());
        }
        int[] next = {0};
        String sql = ChunkTables.instantiate(substitute(template, refs, ref -> sources.get(next[0]++)), 0);
        return Optional.of("SELECT * FROM (" + stripSemicolons(sql) + ") AS skyshard_schema_probe LIMIT 0");
    }

    private static String stripSemicolons(String sql) {
        String s = sql.strip();
        while (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        return s;
    }
}
