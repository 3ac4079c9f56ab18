package io.skyshard.ingest.dataset;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.common.catalog.ColumnType;
import io.skyshard.common.catalog.DatabaseDef;
import io.skyshard.common.catalog.TableDef;
import io.skyshard.common.catalog.TableKind;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.ingest.IngestErrorCode;
import io.skyshard.ingest.data.ColumnData;
import io.skyshard.ingest.data.TableBlock;
import io.skyshard.ingest.load.CatalogLoader;
import io.skyshard.ingest.load.LoadReport;
import io.skyshard.ingest.load.ProgressListener;
import io.skyshard.ingest.reader.DelimitedFormat;
import io.skyshard.ingest.reader.DelimitedReader;
import io.skyshard.ingest.schema.CreateTableParser;
import io.skyshard.ingest.schema.Json;
import io.skyshard.ingest.schema.QservDatabaseConfig;
import io.skyshard.ingest.schema.QservTableConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A catalog laid out as Qserv's integration-test cases: {@code ingest/database.json} and
 * {@code ingest/<Table>.json} (the table definitions), {@code schema/<Table>.schema} (mysqldump
 * {@code CREATE TABLE}s, cross-checked against the JSON, and the fallback for tables without JSON),
 * {@code partition/common.json} and {@code partition/<Table>.json} (the {@code in.csv} dialect and,
 * when listed, the file's field order) and data files {@code <Table>.tsv.gz|.csv.gz|.tsv|.csv}.
 *
 * <p>What is not loaded is reported, not silently dropped: views ({@code .schema} files without a
 * {@code CREATE TABLE}), match tables (CatalogLoader does not load them yet), tables whose data file is
 * missing (loaded empty). Data files are assumed not to be pre-partitioned: they hold the schema's
 * columns without {@code chunkId}/{@code subChunkId}, unless a partition config lists the fields.
 *
 * <p>Director rows are checked while they stream to the loader: a NULL or repeated director key fails
 * naming file and line. Child rows whose director key is NULL or unknown either fail the load
 * ({@link UnknownKeyPolicy#REJECT}) or are dropped and counted ({@link UnknownKeyPolicy#SKIP}).
 */
public final class QservDataset {
    private static final List<String> DATA_SUFFIXES = List.of(".tsv.gz", ".csv.gz", ".tsv", ".csv", ".txt.gz", ".txt");

    /** What to do with child rows whose director key is NULL or has no director row. */
    public enum UnknownKeyPolicy { REJECT, SKIP }

    /**
     * One loadable table.
     *
     * @param dataFile     empty when the dataset has no data for it (loaded as an empty table)
     * @param fileColumns  the data file's fields in order (may include columns the table drops)
     */
    public record TableSource(TableDef table, Optional<Path> dataFile, List<ColumnDef> fileColumns, DelimitedFormat format) {
        public TableSource {
            requireNonNull(table, "table");
            requireNonNull(dataFile, "dataFile");
            fileColumns = List.copyOf(fileColumns);
            requireNonNull(format, "format");
        }
    }

    /**
     * What happened to one table.
     *
     * @param rowsRead          data rows read from the file
     * @param rowsLoaded        rows stored (as reported by the loader)
     * @param skippedUnknownKey child rows dropped because their director key has no director row
     * @param skippedNullKey    child rows dropped because their director key is NULL
     */
    public record TableResult(String table, TableKind kind, String dataFile, long rowsRead, long rowsLoaded,
            long skippedUnknownKey, long skippedNullKey) {
    }

    /** @param notLoaded table -> why it was not loaded (views, match tables) */
    public record Report(String database, List<TableResult> tables, Map<String, String> notLoaded, List<String> notes,
            LoadReport load) {
        public Report {
            tables = List.copyOf(tables);
            notLoaded = Collections.unmodifiableMap(new LinkedHashMap<>(notLoaded));
            notes = List.copyOf(notes);
        }

        public Optional<TableResult> table(String name) {
            return tables.stream().filter(t -> t.table().equalsIgnoreCase(name)).findFirst();
        }
    }

    private final Path directory;
    private final DatabaseDef database;
    private final List<TableSource> tables;
    private final Map<String, String> notLoaded;
    private final List<String> notes;

    private QservDataset(Path directory, DatabaseDef database, List<TableSource> tables, Map<String, String> notLoaded,
            List<String> notes) {
        this.directory = directory;
        this.database = database;
        this.tables = List.copyOf(tables);
        this.notLoaded = Collections.unmodifiableMap(new LinkedHashMap<>(notLoaded));
        this.notes = List.copyOf(notes);
    }

    /** Reads the dataset's configuration under Qserv's database name. */
    public static QservDataset open(Path directory) {
        return open(directory, null);
    }

    /** Reads the dataset's configuration; {@code databaseName} (nullable) replaces Qserv's database name. */
    public static QservDataset open(Path directory, String databaseName) {
        requireNonNull(directory, "directory");
        if (!Files.isDirectory(directory)) {
            throw new SkyshardException(IngestErrorCode.INPUT_UNREADABLE, directory + ": not a directory");
        }
        QservDatabaseConfig dbConfig = QservDatabaseConfig.parse(directory.resolve("ingest/database.json"));
        String dbName = databaseName != null ? databaseName : dbConfig.database();
        DatabaseDef database = new DatabaseDef(dbName, dbConfig.partitioning());

        Path partitionDir = directory.resolve("partition");
        Json.Node commonCsv = csvSection(partitionDir.resolve("common.json")).orElse(null);

        Map<String, QservTableConfig> configs = new LinkedHashMap<>();
        for (Path f : list(directory.resolve("ingest"), ".json")) {
            if (f.getFileName().toString().equals("database.json")) {
                continue;
            }
            QservTableConfig c = QservTableConfig.parse(f);
            if (!c.database().equals(dbConfig.database())) {
                throw new SkyshardException(IngestErrorCode.INVALID_TABLE_CONFIG, f + ": table " + c.table() + " belongs to database "
                        + c.database() + ", but database.json declares " + dbConfig.database());
            }
            if (configs.put(c.table().toLowerCase(Locale.ROOT), c) != null) {
                throw new SkyshardException(IngestErrorCode.INVALID_TABLE_CONFIG, f + ": table " + c.table() + " is defined twice");
            }
        }

        List<TableSource> sources = new ArrayList<>();
        Map<String, String> notLoaded = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        Map<String, CreateTableParser.Table> schemas = new LinkedHashMap<>();
        for (Path f : list(directory.resolve("schema"), ".schema")) {
            String base = f.getFileName().toString().replaceFirst("\\.schema$", "");
            Optional<CreateTableParser.Table> t = CreateTableParser.parseFileIfTable(f);
            if (t.isEmpty()) {
                if (!configs.containsKey(base.toLowerCase(Locale.ROOT))) {
                    notLoaded.put(base, "schema/" + f.getFileName() + " defines no table (a view?)");
                }
                continue;
            }
            schemas.put(t.get().name().toLowerCase(Locale.ROOT), t.get());
        }

        for (QservTableConfig c : configs.values()) {
            CreateTableParser.Table schema = schemas.get(c.table().toLowerCase(Locale.ROOT));
            if (schema != null) {
                crossCheck(c, schema, directory);
            }
            if (c.kind() == TableKind.MATCH) {
                notLoaded.put(c.table(), "match table: CatalogLoader does not load match tables yet");
                continue;
            }
            TableDef table = c.toTableDef(dbName);
            sources.add(source(directory, partitionDir, commonCsv, table, c.schemaColumns(), notes));
        }
        // Fallback: a CREATE TABLE without ingest JSON is loaded as a replicated table.
        for (CreateTableParser.Table schema : schemas.values()) {
            if (configs.containsKey(schema.name().toLowerCase(Locale.ROOT))) {
                continue;
            }
            if (Files.exists(partitionDir.resolve(schema.name() + ".json"))) {
                notLoaded.put(schema.name(), "has a partition config but no ingest JSON: its director key and position are unknown");
                continue;
            }
            notes.add(schema.name() + ": no ingest JSON; loaded as a replicated table from schema/" + schema.name() + ".schema");
            TableDef table = new TableDef(dbName, schema.name(), TableKind.REPLICATED, schema.columns(), null, null, null, null);
            sources.add(source(directory, partitionDir, commonCsv, table, schema.columns(), notes));
        }

        for (TableSource s : sources) {
            TableDef t = s.table();
            if (t.kind() == TableKind.CHILD && sources.stream().noneMatch(
                    o -> o.table().kind() == TableKind.DIRECTOR && o.table().name().equalsIgnoreCase(t.directorTable()))) {
                throw new SkyshardException(IngestErrorCode.INVALID_TABLE_CONFIG, "table " + t.name() + " names director table "
                        + t.directorTable() + ", which is not a director table of " + directory);
            }
        }
        return new QservDataset(directory, database, sources, notLoaded, notes);
    }

    public Path directory() {
        return directory;
    }

    public DatabaseDef database() {
        return database;
    }

    public List<TableSource> tables() {
        return tables;
    }

    public Optional<TableSource> table(String name) {
        return tables.stream().filter(t -> t.table().name().equalsIgnoreCase(name)).findFirst();
    }

    /** Table -> why it will not be loaded. */
    public Map<String, String> notLoaded() {
        return notLoaded;
    }

    /** Things worth knowing about the layout (missing data files, schema fallbacks). */
    public List<String> notes() {
        return notes;
    }

    /**
     * Loads every loadable table through {@code loader} (directors before children, as
     * {@link CatalogLoader#load} does) and reports rows per table.
     */
    public Report load(CatalogLoader loader, UnknownKeyPolicy policy, int blockRows, ProgressListener progress) {
        requireNonNull(loader, "loader");
        requireNonNull(policy, "policy");
        requireNonNull(progress, "progress");
        if (blockRows < 1) {
            throw new IllegalArgumentException("blockRows must be >= 1");
        }
        Run run = new Run(policy, blockRows);
        List<TableDef> defs = tables.stream().map(TableSource::table).toList();
        LoadReport report;
        try {
            report = loader.load(database, defs, run::rows, progress);
        } finally {
            // A failed load can leave readers half consumed.
            run.readers.forEach(DelimitedReader::close);
        }
        List<TableResult> results = new ArrayList<>();
        for (TableSource s : tables) {
            String name = s.table().name();
            Counts c = run.counts.getOrDefault(name.toLowerCase(Locale.ROOT), new Counts());
            results.add(new TableResult(name, s.table().kind(), s.dataFile().map(Path::toString).orElse(null), c.read, report.rows()
                    .getOrDefault(name, 0L), c.skippedUnknown, c.skippedNull));
        }
        return new Report(database.name(), results, notLoaded, notes, report);
    }

    // ---------------------------------------------------------------- loading

    private static final class Counts {
        long read;
        long skippedUnknown;
        long skippedNull;
    }

    /** State of one load: director keys seen and per-table counts. */
    private final class Run {
        private final UnknownKeyPolicy policy;
        private final int blockRows;
        private final Map<String, Counts> counts = new ConcurrentHashMap<>();
        private final Map<String, KeyLines> completeKeys = new ConcurrentHashMap<>();
        private final List<DelimitedReader> readers = java.util.Collections.synchronizedList(new ArrayList<>());

        Run(UnknownKeyPolicy policy, int blockRows) {
            this.policy = policy;
            this.blockRows = blockRows;
        }

        Iterator<TableBlock> rows(TableDef t) {
            TableSource s = table(t.name()).orElseThrow(() -> new SkyshardException(IngestErrorCode.INTERNAL,
                    "loader asked for rows of unknown table " + t.name()));
            Counts c = new Counts();
            counts.put(t.name().toLowerCase(Locale.ROOT), c);
            if (s.dataFile().isEmpty()) {
                return Collections.emptyIterator();
            }
            DelimitedReader reader = DelimitedReader.open(s.dataFile().get(), s.fileColumns(), s.format(), blockRows);
            readers.add(reader);
            return switch (t.kind()) {
                case DIRECTOR -> new DirectorRows(t, reader, c, new KeyLines(), completeKeys);
                case CHILD -> new ChildRows(t, reader, c);
                default -> new CountingRows(reader, c);
            };
        }

        /** The full key set of a director: from its streamed load, or read now if the loader has not finished it. */
        KeyLines keysOf(String director) {
            KeyLines k = completeKeys.get(director.toLowerCase(Locale.ROOT));
            if (k != null) {
                return k;
            }
            TableSource s = table(director).orElseThrow();
            KeyLines keys = new KeyLines();
            if (s.dataFile().isPresent()) {
                DirectorRows scan = new DirectorRows(s.table(), DelimitedReader.open(s.dataFile().get(), s.fileColumns(),
                        s.format(), blockRows), new Counts(), keys, new ConcurrentHashMap<>());
                scan.forEachRemaining(b -> {
                });
            }
            completeKeys.put(director.toLowerCase(Locale.ROOT), keys);
            return keys;
        }

        private class CountingRows implements Iterator<TableBlock> {
            final DelimitedReader reader;
            final Counts counts;

            CountingRows(DelimitedReader reader, Counts counts) {
                this.reader = reader;
                this.counts = counts;
            }

            @Override
            public boolean hasNext() {
                boolean more = reader.hasNext();
                if (!more) {
                    finished();
                }
                return more;
            }

            @Override
            public TableBlock next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                TableBlock b = reader.next();
                counts.read += b.rowCount();
                return filter(b, reader.lastBlockLines());
            }

            TableBlock filter(TableBlock b, long[] lines) {
                return b;
            }

            void finished() {
            }
        }

        private final class DirectorRows extends CountingRows {
            private final TableDef table;
            private final KeyLines keys;
            private final Map<String, KeyLines> publishTo;
            private final int keyColumn;

            DirectorRows(TableDef table, DelimitedReader reader, Counts counts, KeyLines keys, Map<String, KeyLines> publishTo) {
                super(reader, counts);
                this.table = table;
                this.keys = keys;
                this.publishTo = publishTo;
                this.keyColumn = keyIndex(reader, table, table.directorKey());
            }

            @Override
            TableBlock filter(TableBlock b, long[] lines) {
                ColumnData.Longs k = (ColumnData.Longs) b.data(keyColumn);
                for (int r = 0; r < b.rowCount(); r++) {
                    if (k.isNull(r)) {
                        throw rowError(reader, lines[r], table, "director key " + table.directorKey() + " is NULL");
                    }
                    long earlier = keys.putIfAbsent(k.values()[r], lines[r]);
                    if (earlier >= 0) {
                        throw new SkyshardException(IngestErrorCode.DUPLICATE_DIRECTOR_KEY, reader.source() + " line " + lines[r]
                                + ": table " + table.name() + ": director key " + table.directorKey() + " = " + k.values()[r]
                                + " repeats the row on line " + earlier);
                    }
                }
                return b;
            }

            @Override
            void finished() {
                publishTo.putIfAbsent(table.name().toLowerCase(Locale.ROOT), keys);
            }
        }

        private final class ChildRows extends CountingRows {
            private final TableDef table;
            private final int keyColumn;
            private KeyLines directorKeys;

            ChildRows(TableDef table, DelimitedReader reader, Counts counts) {
                super(reader, counts);
                this.table = table;
                this.keyColumn = keyIndex(reader, table, table.directorKey());
            }

            @Override
            TableBlock filter(TableBlock b, long[] lines) {
                if (directorKeys == null) {
                    directorKeys = keysOf(table.directorTable());
                }
                ColumnData.Longs k = (ColumnData.Longs) b.data(keyColumn);
                int[] keep = new int[b.rowCount()];
                int kept = 0;
                for (int r = 0; r < b.rowCount(); r++) {
                    if (k.isNull(r)) {
                        if (policy == UnknownKeyPolicy.REJECT) {
                            throw rowError(reader, lines[r], table, "director key " + table.directorKey() + " is NULL");
                        }
                        counts.skippedNull++;
                    } else if (!directorKeys.contains(k.values()[r])) {
                        if (policy == UnknownKeyPolicy.REJECT) {
                            throw new SkyshardException(IngestErrorCode.UNKNOWN_DIRECTOR_KEY, reader.source() + " line " + lines[r]
                                    + ": table " + table.name() + ": " + table.directorKey() + " = " + k.values()[r]
                                    + " has no row in director table " + table.directorTable());
                        }
                        counts.skippedUnknown++;
                    } else {
                        keep[kept++] = r;
                    }
                }
                return kept == b.rowCount() ? b : b.select(java.util.Arrays.copyOf(keep, kept));
            }
        }
    }

    private static int keyIndex(DelimitedReader reader, TableDef table, String column) {
        List<ColumnDef> cols = reader.columns();
        for (int i = 0; i < cols.size(); i++) {
            if (cols.get(i).name().equalsIgnoreCase(column)) {
                if (ColumnData.kindOf(cols.get(i).type()) != ColumnData.Kind.LONG) {
                    break;
                }
                return i;
            }
        }
        throw new SkyshardException(IngestErrorCode.SCHEMA_MISMATCH, reader.source() + ": table " + table.name()
                + ": the data file has no integer column '" + column + "' for the director key");
    }

    private static SkyshardException rowError(DelimitedReader reader, long line, TableDef table, String reason) {
        return new SkyshardException(IngestErrorCode.INVALID_ROW, reader.source() + " line " + line + ": table " + table.name()
                + ": " + reason);
    }

    // ---------------------------------------------------------------- layout

    private static TableSource source(Path directory, Path partitionDir, Json.Node commonCsv, TableDef table,
            List<ColumnDef> schemaColumns, List<String> notes) {
        Optional<Path> data = dataFile(directory, table.name());
        if (data.isEmpty()) {
            notes.add(table.name() + ": no data file; loaded as an empty table");
        }
        Json.Node tableCsv = csvSection(partitionDir.resolve(table.name() + ".json")).orElse(null);
        boolean tsv = data.map(p -> p.getFileName().toString().contains(".tsv")).orElse(false);
        DelimitedFormat format = tsv ? DelimitedFormat.mysqlTsv() : DelimitedFormat.mysqlCsv();
        format = applyCsv(format, commonCsv);
        format = applyCsv(format, tableCsv);

        List<ColumnDef> fileColumns;
        Optional<Json.Node> fields = tableCsv == null ? Optional.empty() : tableCsv.get("field");
        if (fields.isPresent() && !fields.get().elements().isEmpty()) {
            fileColumns = new ArrayList<>();
            for (Json.Node f : fields.get().elements()) {
                String name = f.node().asText().strip();
                fileColumns.add(schemaColumns.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst()
                        // A field the table does not declare is read as text and dropped by the loader.
                        .orElse(ColumnDef.of(name, ColumnType.VARCHAR)));
            }
            for (ColumnDef c : table.columns()) {
                if (fileColumns.stream().noneMatch(f -> f.name().equalsIgnoreCase(c.name()))) {
                    throw new SkyshardException(IngestErrorCode.INVALID_TABLE_CONFIG, partitionDir.resolve(table.name() + ".json")
                            + ": in.csv.field does not list column '" + c.name() + "' of table " + table.name());
                }
            }
        } else {
            fileColumns = table.columns();
        }
        return new TableSource(table, data, fileColumns, format);
    }

    private static DelimitedFormat applyCsv(DelimitedFormat format, Json.Node csv) {
        if (csv == null) {
            return format;
        }
        DelimitedFormat f = format;
        Optional<String> delimiter = csv.text("delimiter");
        if (delimiter.isPresent()) {
            f = f.withDelimiter(singleChar(csv, "delimiter", delimiter.get()));
        }
        for (String key : List.of("quote", "enclose")) {
            Optional<String> q = csv.text(key);
            if (q.isPresent()) {
                f = q.get().isEmpty() ? f.withQuote(-1) : f.withQuote(singleChar(csv, key, q.get()));
            }
        }
        if (csv.get("no-quote").map(n -> n.node().asBoolean()).orElse(false)) {
            f = f.withQuote(-1);
        }
        Optional<String> escape = csv.text("escape");
        if (escape.isPresent()) {
            f = escape.get().isEmpty() ? f.withEscape(-1) : f.withEscape(singleChar(csv, "escape", escape.get()));
        }
        if (csv.get("no-escape").map(n -> n.node().asBoolean()).orElse(false)) {
            f = f.withEscape(-1);
        }
        Optional<String> nullMarker = csv.text("null");
        if (nullMarker.isPresent()) {
            f = f.withNullMarker(nullMarker.get());
        }
        return f;
    }

    private static char singleChar(Json.Node csv, String key, String value) {
        if (value.length() != 1) {
            throw csv.error("'" + csv.path() + "." + key + "' must be one character, got '" + value + "'");
        }
        return value.charAt(0);
    }

    private static Optional<Json.Node> csvSection(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        return Json.readObject(file).get("in").flatMap(in -> in.get("csv"));
    }

    private static Optional<Path> dataFile(Path directory, String table) {
        List<Path> found = new ArrayList<>();
        for (String suffix : DATA_SUFFIXES) {
            Path p = directory.resolve(table + suffix);
            if (Files.isRegularFile(p)) {
                found.add(p);
            }
        }
        if (found.size() > 1) {
            throw new SkyshardException(IngestErrorCode.INVALID_TABLE_CONFIG, directory + ": table " + table
                    + " has several data files " + found.stream().map(p -> p.getFileName().toString()).toList());
        }
        return found.stream().findFirst();
    }

    private static void crossCheck(QservTableConfig c, CreateTableParser.Table schema, Path directory) {
        List<ColumnDef> fromJson = c.schemaColumns().stream().filter(x -> !QservTableConfig.isChunkColumn(x.name())).toList();
        List<ColumnDef> fromSchema = schema.columns().stream().filter(x -> !QservTableConfig.isChunkColumn(x.name())).toList();
        String where = c.source() + " and schema/" + schema.name() + ".schema";
        for (int i = 0; i < Math.max(fromJson.size(), fromSchema.size()); i++) {
            if (i >= fromJson.size() || i >= fromSchema.size()) {
                throw new SkyshardException(IngestErrorCode.INVALID_TABLE_CONFIG, where + " disagree on table " + c.table()
                        + ": " + fromJson.size() + " columns in the JSON, " + fromSchema.size() + " in the CREATE TABLE");
            }
            ColumnDef a = fromJson.get(i);
            ColumnDef b = fromSchema.get(i);
            if (!a.name().equalsIgnoreCase(b.name()) || a.type() != b.type() || a.length() != b.length() || a.scale() != b.scale()
                    || a.nullable() != b.nullable()) {
                throw new SkyshardException(IngestErrorCode.INVALID_TABLE_CONFIG, where + " disagree on table " + c.table()
                        + " column " + (i + 1) + ": " + a + " vs " + b);
            }
        }
    }

    private static List<Path> list(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix) && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new SkyshardException(IngestErrorCode.INPUT_UNREADABLE, dir + ": cannot list: " + e.getMessage(), e);
        }
    }
}
