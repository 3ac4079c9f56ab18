package io.skyshard.ingest.dataset;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.common.catalog.ColumnType;
import io.skyshard.common.catalog.DatabaseDef;
import io.skyshard.common.catalog.TableDef;
import io.skyshard.common.catalog.TableKind;
import io.skyshard.common.catalog.ViewDef;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.ingest.IngestErrorCode;
import io.skyshard.ingest.api.ContributionSources;
import io.skyshard.ingest.client.IngestClient;
import io.skyshard.ingest.client.LocalIngestClient;
import io.skyshard.ingest.client.RestIngestClient;
import io.skyshard.ingest.load.ProgressListener;
import io.skyshard.ingest.partition.UnknownKeyPolicy;
import io.skyshard.ingest.reader.DelimitedFormat;
import io.skyshard.replication.transaction.ContributionRecord;
import io.skyshard.ingest.schema.CreateTableParser;
import io.skyshard.ingest.schema.Json;
import io.skyshard.ingest.schema.QservDatabaseConfig;
import io.skyshard.ingest.schema.QservTableConfig;
import io.skyshard.ingest.schema.ViewDefinitionParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A catalog laid out as Qserv's integration-test cases: {@code ingest/database.json} and
 * {@code ingest/<Table>.json} (the table definitions), {@code schema/<Table>.schema} (mysqldump
 * {@code CREATE TABLE}s, cross-checked against the JSON, and the fallback for tables without JSON),
 * {@code partition/common.json} and {@code partition/<Table>.json} (the {@code in.csv} dialect and,
 * when listed, the file's field order) and data files {@code <Table>.tsv.gz|.csv.gz|.tsv|.csv}.
 *
 * <p>Views ({@code .schema} files holding mysqldump's view definition) are created over their table
 * when they show its columns under other names (Qserv's DeepSource over RunDeepSource). What is not
 * loaded is reported, not silently dropped: other views and schema files, tables whose data file is
 * missing (created empty). Data files are assumed not
 * to be pre-partitioned: they hold the schema's columns without {@code chunkId}/{@code subChunkId},
 * unless a partition config lists the fields.
 *
 * <p>{@link #load} loads it through an {@link IngestClient}, the same way whether the client talks to
 * a controller's REST API ({@code skyshard ingest dataset}) or to an ingest service in this process:
 * the database and its tables are created, every data file is one contribution of one transaction,
 * which is committed and the database published. Bad rows fail their contribution naming file, line
 * and column (a NULL or repeated director key too); child rows whose director key is NULL or unknown
 * either fail it ({@link UnknownKeyPolicy#REJECT}) or are dropped and counted ({@link UnknownKeyPolicy#SKIP}).
 */
public final class QservDataset {
    private static final List<String> DATA_SUFFIXES = List.of(".tsv.gz", ".csv.gz", ".tsv", ".csv", ".txt.gz", ".txt");


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
     * @param rowsRead   data rows read from the file
     * @param rowsLoaded rows stored
     * @param skipped    child or match rows dropped because their director key is NULL or has no director row
     */
    public record TableResult(String table, TableKind kind, String dataFile, long rowsRead, long rowsLoaded, long skipped) {
    }

    /** @param notLoaded table -> why it was not loaded (views) */
    public record Report(String database, long transactionId, List<TableResult> tables, Map<String, String> notLoaded,
            List<String> notes) {
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
    private final List<ViewDef> views;
    private final Map<String, String> notLoaded;
    private final List<String> notes;

    private QservDataset(Path directory, DatabaseDef database, List<TableSource> tables, List<ViewDef> views,
            Map<String, String> notLoaded, List<String> notes) {
        this.directory = directory;
        this.database = database;
        this.tables = List.copyOf(tables);
        this.views = List.copyOf(views);
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
        List<ViewDef> views = new ArrayList<>();
        for (Path f : list(directory.resolve("schema"), ".schema")) {
            String base = f.getFileName().toString().replaceFirst("\\.schema$", "");
            Optional<CreateTableParser.Table> t = CreateTableParser.parseFileIfTable(f);
            if (t.isEmpty()) {
                if (!configs.containsKey(base.toLowerCase(Locale.ROOT))) {
                    try {
                        Optional<ViewDef> view = ViewDefinitionParser.parseFile(f);
                        if (view.isPresent()) {
                            views.add(view.get());
                        } else {
                            notLoaded.put(base, "schema/" + f.getFileName() + " defines no table and no view");
                        }
                    } catch (SkyshardException e) {
                        notLoaded.put(base, e.getMessage());
                    }
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
            TableDef table = c.toTableDef(dbName);
            if (schema != null) {
                // The JSON has no indexes; the CREATE TABLE's keys are what SHOW COLUMNS reports.
                List<ColumnDef> keyed = new ArrayList<>();
                for (ColumnDef col : table.columns()) {
                    String key = schema.columns().stream().filter(s -> s.name().equalsIgnoreCase(col.name())).findFirst()
                            .map(ColumnDef::key).orElse(null);
                    keyed.add(col.withKey(key));
                }
                table = table.withColumns(keyed);
            }
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
        List<ViewDef> creatable = new ArrayList<>();
        for (ViewDef v : views) {
            if (sources.stream().noneMatch(src -> src.table().name().equalsIgnoreCase(v.baseTable()))) {
                notLoaded.put(v.name(), "view over " + v.baseTable() + ", which the dataset does not load");
            } else {
                creatable.add(v);
                notes.add(v.name() + ": view of " + v.columns().size() + " columns over " + v.baseTable());
            }
        }
        return new QservDataset(directory, database, sources, creatable, notLoaded, notes);
    }

    /** The views the dataset defines over its tables. */
    public List<ViewDef> views() {
        return views;
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
     * Loads the dataset in one transaction through {@code client}: creates the database and its
     * tables, loads every data file as a contribution (directors first), commits and publishes. On a
     * failure the transaction is aborted and the database, created here, dropped again.
     *
     * @param serverSide the client's controller reads the files from this path itself (same host)
     *                   instead of receiving them in the requests
     * @param progress   phase "upload": input bytes done of the dataset's total
     */
    public Report load(IngestClient client, UnknownKeyPolicy policy, boolean serverSide, ProgressListener progress) {
        requireNonNull(client, "client");
        requireNonNull(policy, "policy");
        requireNonNull(progress, "progress");
        if (client.databaseExists(database.name())) {
            throw new SkyshardException(IngestErrorCode.INVALID_TABLE_CONFIG, "database " + database.name()
                    + " already exists: drop it first, or load under another name");
        }
        List<TableSource> ordered = new ArrayList<>();
        for (TableKind kind : List.of(TableKind.DIRECTOR, TableKind.CHILD, TableKind.MATCH, TableKind.REPLICATED)) {
            tables.stream().filter(t -> t.table().kind() == kind).forEach(ordered::add);
        }
        long totalBytes = 0;
        for (TableSource t : ordered) {
            totalBytes += t.dataFile().map(QservDataset::size).orElse(0L);
        }
        client.createDatabase(database);
        Long txn = null;
        try {
            for (TableSource t : ordered) {
                client.createTable(t.table());
            }
            for (ViewDef v : views) {
                client.createView(database.name(), v);
            }
            txn = client.begin(database.name(), "dataset " + directory.getFileName()).id();
            List<TableResult> results = new ArrayList<>();
            long doneBefore = 0;
            for (TableSource t : ordered) {
                if (t.dataFile().isEmpty()) {
                    results.add(new TableResult(t.table().name(), t.table().kind(), null, 0, 0, 0));
                    continue;
                }
                Path file = t.dataFile().get();
                long base = doneBefore;
                long total = totalBytes;
                ContributionRecord c = client.contribute(txn, spec(t, policy), file, serverSide,
                        sent -> progress.progress("upload", base + sent, total));
                doneBefore += size(file);
                results.add(new TableResult(t.table().name(), t.table().kind(), file.toString(), c.stats().rowsRead(),
                        c.stats().rowsLoaded(), c.stats().skippedRows()));
            }
            client.commit(txn);
            client.publish(database.name());
            progress.progress("upload", totalBytes, totalBytes);
            return new Report(database.name(), txn, results, notLoaded, notes);
        } catch (RuntimeException e) {
            if (txn != null) {
                try {
                    client.abort(txn, "dataset load failed: " + e.getMessage());
                } catch (RuntimeException ignored) {
                    // the original failure matters
                }
            }
            if (client instanceof RestIngestClient rest) {
                dropQuietly(() -> rest.dropDatabase(database.name()));
            } else if (client instanceof LocalIngestClient) {
                // created here: a failed load leaves no half-defined database behind
                dropQuietly(() -> ((LocalIngestClient) client).dropDatabase(database.name()));
            }
            throw e;
        }
    }

    private static void dropQuietly(Runnable drop) {
        try {
            drop.run();
        } catch (RuntimeException ignored) {
            // best effort
        }
    }

    /** How the contribution of a table's data file is read: its dialect and field order. */
    static ContributionSources.Spec spec(TableSource t, UnknownKeyPolicy policy) {
        DelimitedFormat f = t.format();
        String name = t.dataFile().map(Path::toString).orElseThrow();
        boolean tsv = f.delimiter() == '\t';
        return new ContributionSources.Spec(t.table().name(), null, null, tsv ? "tsv" : "csv", String.valueOf((char) f.delimiter()),
                f.quote() < 0 ? "none" : String.valueOf((char) f.quote()), f.escape() < 0 ? "none" : String.valueOf((char) f.escape()),
                f.nullMarker(), f.charset().name(), null, t.fileColumns().stream().map(ColumnDef::name).toList(),
                t.dataFile().get().getFileName().toString(), name, policy.name(), null, false);
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new SkyshardException(IngestErrorCode.INPUT_UNREADABLE, file + ": " + e.getMessage(), e);
        }
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
