package io.skyshard.server.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.skyshard.common.catalog.DatabaseDef;
import io.skyshard.common.catalog.Partitioning;
import io.skyshard.common.error.CommonErrorCode;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.ingest.api.ContributionSources;
import io.skyshard.ingest.client.RestIngestClient;
import io.skyshard.ingest.dataset.QservDataset;
import io.skyshard.ingest.partition.UnknownKeyPolicy;
import io.skyshard.ingest.schema.QservDatabaseConfig;
import io.skyshard.replication.transaction.ContributionRecord;
import io.skyshard.replication.transaction.TransactionRecord;
import io.skyshard.server.console.ProgressBar;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code skyshard ingest}: the ingest system of a running cluster through its controller's REST API
 * (databases, tables, transactions, file loads, whole Qserv-layout datasets).
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Loads catalogs into a running cluster through its controller's REST API (see the README's",
            "ingest section). Files load in transactions: all of them become visible at once, or none."},
        subcommands = {
            IngestCommand.Database.class,
            IngestCommand.Table.class,
            IngestCommand.Transaction.class,
            IngestCommand.Load.class,
            IngestCommand.Dataset.class,
            LoadPartitionedCommand.class,
        })
public final class IngestCommand {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = "--url", paramLabel = "URL", defaultValue = "${env:SKYSHARD_INGEST_URL:-http://127.0.0.1:8090}",
            description = "The controller's REST API (default: $SKYSHARD_INGEST_URL or ${DEFAULT-VALUE}).")
    String url;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:SKYSHARD_ADMIN_TOKEN}",
            description = "The controller's admin token, when it has one (default: $SKYSHARD_ADMIN_TOKEN).")
    String token;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    RestIngestClient client() {
        return new RestIngestClient(url, token);
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    static void print(PrintWriter out, Object value) {
        try {
            out.println(JSON.writeValueAsString(value));
        } catch (IOException e) {
            out.println(value);
        }
        out.flush();
    }

    /** Format and policy options shared by the commands that load files. */
    static final class FormatOptions {
        @Option(names = "--format", description = "csv, tsv or parquet (default: from the file name, else csv).")
        String format;

        @Option(names = "--delimiter", description = "Field delimiter: one character, or tab, comma, pipe, semicolon, space.")
        String delimiter;

        @Option(names = "--quote", description = "Quote character, or none (default: \" for CSV, none for TSV).")
        String quote;

        @Option(names = "--escape", description = "Escape character, or none (default: backslash).")
        String escape;

        @Option(names = "--null", description = "The text of NULL values (default: \\N; empty string: empty fields are NULL).")
        String nullMarker;

        @Option(names = "--header", description = "true: the first line names the columns; a number: lines to skip (default: false).")
        String header;

        @Option(names = "--columns", split = ",", description = "The files' fields in order (default: the table's columns).")
        List<String> columns;

        @Option(names = "--unknown-keys", defaultValue = "reject",
                description = "Child/match rows whose director key is NULL or unknown: reject (fail the file), skip, or position "
                        + "(a child row goes to the chunk of its own latitude/longitude columns, as Qserv does; else skipped) "
                        + "(default: ${DEFAULT-VALUE}).")
        String unknownKeys;

        ContributionSources.Spec spec(String table, String key) {
            return new ContributionSources.Spec(table, null, null, format, delimiter, quote, escape, nullMarker, null, header, columns,
                    key, null, unknownKeys, null, false);
        }
    }

    // ------------------------------------------------------------------ database

    @Command(name = "database", mixinStandardHelpOptions = true, description = "Creates, lists, shows, publishes or drops databases.",
            subcommands = {Database.Create.class, Database.ListAll.class, Database.Show.class, Database.Publish.class, Database.Drop.class})
    static final class Database {
        @ParentCommand
        IngestCommand ingest;

        @Command(name = "create", mixinStandardHelpOptions = true,
                description = "Creates a database (unpublished until 'database publish' or a load with --publish).")
        static final class Create implements Callable<Integer> {
            @ParentCommand
            Database parent;

            @Parameters(index = "0", arity = "0..1", paramLabel = "NAME", description = "Database name (or from --config).")
            String name;

            @Option(names = "--config", paramLabel = "FILE", description = "A Qserv database.json (database, num_stripes, num_sub_stripes, overlap).")
            Path config;

            @Option(names = "--chunk-order", defaultValue = "5", description = "HEALPix order of chunks (default: ${DEFAULT-VALUE}).")
            int chunkOrder;

            @Option(names = "--sub-chunk-order", description = "HEALPix order of sub-chunks (default: chunk order + 4).")
            Integer subChunkOrder;

            @Option(names = "--overlap", defaultValue = "0.016666666666666666", description = "Overlap radius in degrees (default: 1 arcmin).")
            double overlap;

            @Override
            public Integer call() {
                DatabaseDef def;
                if (config != null) {
                    def = QservDatabaseConfig.parse(config).toDatabaseDef();
                    if (name != null) {
                        def = new DatabaseDef(name, def.partitioning());
                    }
                } else {
                    if (name == null) {
                        throw new CommandLine.ParameterException(new CommandLine(this), "give the database NAME or --config");
                    }
                    def = new DatabaseDef(name, new Partitioning(chunkOrder, subChunkOrder == null ? Math.min(20, chunkOrder + 4)
                            : subChunkOrder, overlap));
                }
                try (RestIngestClient c = parent.ingest.client()) {
                    c.createDatabase(def);
                    print(parent.ingest.out(), c.get("/ingest/databases/" + def.name()));
                }
                return 0;
            }
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the databases.")
        static final class ListAll implements Callable<Integer> {
            @ParentCommand
            Database parent;

            @Override
            public Integer call() {
                try (RestIngestClient c = parent.ingest.client()) {
                    print(parent.ingest.out(), c.get("/ingest/databases"));
                }
                return 0;
            }
        }

        @Command(name = "show", mixinStandardHelpOptions = true, description = "Shows a database: tables, chunks, committed rows, open transactions.")
        static final class Show implements Callable<Integer> {
            @ParentCommand
            Database parent;

            @Parameters(paramLabel = "NAME")
            String name;

            @Override
            public Integer call() {
                try (RestIngestClient c = parent.ingest.client()) {
                    print(parent.ingest.out(), c.get("/ingest/databases/" + name));
                }
                return 0;
            }
        }

        @Command(name = "publish", mixinStandardHelpOptions = true, description = "Makes a database visible to queries.")
        static final class Publish implements Callable<Integer> {
            @ParentCommand
            Database parent;

            @Parameters(paramLabel = "NAME")
            String name;

            @Override
            public Integer call() {
                try (RestIngestClient c = parent.ingest.client()) {
                    c.publish(name);
                    parent.ingest.out().println("published " + name);
                }
                return 0;
            }
        }

        @Command(name = "drop", mixinStandardHelpOptions = true, description = "Drops a database and its data on every worker.")
        static final class Drop implements Callable<Integer> {
            @ParentCommand
            Database parent;

            @Parameters(paramLabel = "NAME")
            String name;

            @Override
            public Integer call() {
                try (RestIngestClient c = parent.ingest.client()) {
                    c.dropDatabase(name);
                    parent.ingest.out().println("dropped " + name);
                }
                return 0;
            }
        }
    }

    // ------------------------------------------------------------------ table

    @Command(name = "table", mixinStandardHelpOptions = true, description = "Creates or lists tables.",
            subcommands = {Table.Create.class, Table.ListAll.class})
    static final class Table {
        @ParentCommand
        IngestCommand ingest;

        @Command(name = "create", mixinStandardHelpOptions = true, description = {
            "Creates a table from a Qserv table JSON (its 'schema' array of {name, type} with MySQL types, 'is_partitioned',",
            "'director_key', 'latitude_key', 'longitude_key', 'director_table', ...) or from a CREATE TABLE statement with",
            "the kind given by options."})
        static final class Create implements Callable<Integer> {
            @ParentCommand
            Table parent;

            @Parameters(index = "0", paramLabel = "DATABASE")
            String database;

            @Option(names = "--json", paramLabel = "FILE", description = "Qserv table JSON.")
            Path json;

            @Option(names = "--ddl", paramLabel = "FILE", description = "A MySQL CREATE TABLE statement.")
            Path ddl;

            @Option(names = "--kind", description = "With --ddl: director, child, match or replicated (default: replicated).")
            String kind;

            @Option(names = "--director-key", description = "Director: its key column; child/match: the column referencing the director's key.")
            String directorKey;

            @Option(names = "--director-table", description = "Child/match: the director table.")
            String directorTable;

            @Option(names = "--longitude-key", description = "Director: the RA column (degrees).")
            String longitudeKey;

            @Option(names = "--latitude-key", description = "Director: the Dec column (degrees).")
            String latitudeKey;

            @Option(names = "--director-table2", description = "Match: the second director table.")
            String directorTable2;

            @Option(names = "--director-key2", description = "Match: the column referencing the second director's key.")
            String directorKey2;

            @Option(names = "--flag", description = "Match: the flag column ingest fills (which director rows a chunk holds).")
            String flag;

            @Override
            public Integer call() throws IOException {
                if ((json == null) == (ddl == null)) {
                    throw new CommandLine.ParameterException(new CommandLine(this), "give exactly one of --json FILE and --ddl FILE");
                }
                String body;
                if (json != null) {
                    body = Files.readString(json);
                } else {
                    com.fasterxml.jackson.databind.node.ObjectNode n = JSON.createObjectNode();
                    n.put("ddl", Files.readString(ddl));
                    String k = kind == null ? "replicated" : kind.toLowerCase(Locale.ROOT);
                    if (!List.of("director", "child", "match", "replicated").contains(k)) {
                        throw new CommandLine.ParameterException(new CommandLine(this), "--kind must be director, child, match or replicated");
                    }
                    n.put("is_partitioned", k.equals("replicated") ? 0 : 1);
                    putIf(n, "director_key", directorKey);
                    putIf(n, "director_table", directorTable);
                    putIf(n, "longitude_key", longitudeKey);
                    putIf(n, "latitude_key", latitudeKey);
                    putIf(n, "director_table2", directorTable2);
                    putIf(n, "director_key2", directorKey2);
                    putIf(n, "flag", flag);
                    body = n.toString();
                }
                try (RestIngestClient c = parent.ingest.client()) {
                    print(parent.ingest.out(), c.createTable(database, body));
                }
                return 0;
            }

            private static void putIf(com.fasterxml.jackson.databind.node.ObjectNode n, String key, String value) {
                if (value != null) {
                    n.put(key, value);
                }
            }
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists a database's tables with their definitions.")
        static final class ListAll implements Callable<Integer> {
            @ParentCommand
            Table parent;

            @Parameters(paramLabel = "DATABASE")
            String database;

            @Override
            public Integer call() {
                try (RestIngestClient c = parent.ingest.client()) {
                    print(parent.ingest.out(), c.tables(database));
                }
                return 0;
            }
        }
    }

    // ------------------------------------------------------------------ transaction

    @Command(name = "transaction", mixinStandardHelpOptions = true, description = "Begins, commits, aborts or shows transactions.",
            subcommands = {Transaction.Begin.class, Transaction.Commit.class, Transaction.Abort.class, Transaction.Status.class,
                Transaction.ListAll.class})
    static final class Transaction {
        @ParentCommand
        IngestCommand ingest;

        @Command(name = "begin", mixinStandardHelpOptions = true, description = "Begins a transaction; prints its id.")
        static final class Begin implements Callable<Integer> {
            @ParentCommand
            Transaction parent;

            @Parameters(paramLabel = "DATABASE")
            String database;

            @Option(names = "--note", description = "A note kept with the transaction.")
            String note;

            @Override
            public Integer call() {
                try (RestIngestClient c = parent.ingest.client()) {
                    print(parent.ingest.out(), c.begin(database, note));
                }
                return 0;
            }
        }

        @Command(name = "commit", mixinStandardHelpOptions = true, description = "Commits: its rows become visible, all at once.")
        static final class Commit implements Callable<Integer> {
            @ParentCommand
            Transaction parent;

            @Parameters(paramLabel = "ID")
            long id;

            @Override
            public Integer call() {
                try (RestIngestClient c = parent.ingest.client()) {
                    c.commit(id);
                    print(parent.ingest.out(), c.transactionStatus(id));
                }
                return 0;
            }
        }

        @Command(name = "abort", mixinStandardHelpOptions = true, description = "Aborts: none of its rows will ever be visible.")
        static final class Abort implements Callable<Integer> {
            @ParentCommand
            Transaction parent;

            @Parameters(paramLabel = "ID")
            long id;

            @Option(names = "--reason")
            String reason;

            @Override
            public Integer call() {
                try (RestIngestClient c = parent.ingest.client()) {
                    c.abort(id, reason);
                    print(parent.ingest.out(), c.transactionStatus(id));
                }
                return 0;
            }
        }

        @Command(name = "status", mixinStandardHelpOptions = true, description = "Shows a transaction: state, contributions, rows, bytes, errors.")
        static final class Status implements Callable<Integer> {
            @ParentCommand
            Transaction parent;

            @Parameters(paramLabel = "ID")
            long id;

            @Override
            public Integer call() {
                try (RestIngestClient c = parent.ingest.client()) {
                    print(parent.ingest.out(), c.transactionStatus(id));
                }
                return 0;
            }
        }

        @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists transactions, of one database or all.")
        static final class ListAll implements Callable<Integer> {
            @ParentCommand
            Transaction parent;

            @Parameters(paramLabel = "DATABASE", arity = "0..1")
            String database;

            @Override
            public Integer call() {
                try (RestIngestClient c = parent.ingest.client()) {
                    print(parent.ingest.out(), c.get("/ingest/transactions" + (database == null ? "" : "?database="
                            + java.net.URLEncoder.encode(database, java.nio.charset.StandardCharsets.UTF_8))));
                }
                return 0;
            }
        }
    }

    // ------------------------------------------------------------------ load

    @Command(name = "load", mixinStandardHelpOptions = true, description = {
        "Loads files into a table in one transaction, with a progress bar: begins a transaction (or uses --transaction),",
        "loads every file as a contribution, and commits; if a file fails, the transaction is aborted and nothing of",
        "any file becomes visible."})
    static final class Load implements Callable<Integer> {
        @ParentCommand
        IngestCommand ingest;

        @Parameters(index = "0", paramLabel = "DATABASE")
        String database;

        @Parameters(index = "1", paramLabel = "TABLE")
        String table;

        @Parameters(index = "2..*", arity = "1..*", paramLabel = "FILE", description = "CSV/TSV (optionally .gz) or Parquet files.")
        List<Path> files;

        @CommandLine.Mixin
        FormatOptions format;

        @Option(names = "--transaction", paramLabel = "ID", description = "Load into this open transaction and leave it open.")
        Long transaction;

        @Option(names = "--no-commit", description = "Leave the transaction open (commit or abort it with 'transaction').")
        boolean noCommit;

        @Option(names = "--publish", description = "Publish the database after the commit.")
        boolean publish;

        @Option(names = "--server-side", description = "The controller reads the files from these paths itself (same host) instead of receiving them.")
        boolean serverSide;

        @Override
        public Integer call() {
            PrintWriter out = ingest.out();
            long totalBytes = 0;
            for (Path f : files) {
                if (!Files.isRegularFile(f)) {
                    throw new SkyshardException(CommonErrorCode.INVALID_ARGUMENT, f + ": no such file");
                }
                try {
                    totalBytes += Files.size(f);
                } catch (IOException e) {
                    throw new SkyshardException(CommonErrorCode.INVALID_ARGUMENT, f + ": " + e.getMessage());
                }
            }
            ProgressBar bar = ProgressBar.stderr();
            try (RestIngestClient c = ingest.client()) {
                long txn = transaction != null ? transaction : c.begin(database, "skyshard ingest load " + table).id();
                boolean ownTransaction = transaction == null;
                List<ContributionRecord> done = new ArrayList<>();
                long before = 0;
                try {
                    for (Path f : files) {
                        long base = before;
                        long total = totalBytes;
                        ContributionRecord r = c.contribute(txn, format.spec(table, f.getFileName().toString()), f, serverSide,
                                sent -> bar.update("load " + table, base + sent, total, "bytes"));
                        before += sizeOf(f);
                        done.add(r);
                    }
                    bar.finish();
                } catch (RuntimeException e) {
                    bar.finish();
                    if (ownTransaction) {
                        try {
                            c.abort(txn, "a file failed: " + e.getMessage());
                            out.println("transaction " + txn + " aborted: nothing of these files is visible");
                        } catch (RuntimeException ignored) {
                            // the failure itself is what counts
                        }
                    }
                    throw e;
                }
                long rows = done.stream().mapToLong(r -> r.stats().rowsLoaded()).sum();
                long skipped = done.stream().mapToLong(r -> r.stats().skippedRows()).sum();
                out.printf(Locale.ROOT, "loaded %,d rows from %d file(s) into %s.%s (transaction %d)%s%n", rows, files.size(), database, table,
                        txn, skipped > 0 ? String.format(Locale.ROOT, ", %,d rows skipped (unknown or NULL director key)", skipped) : "");
                if (ownTransaction && !noCommit) {
                    TransactionRecord t = c.commit(txn);
                    out.println("committed transaction " + t.id());
                    if (publish) {
                        c.publish(database);
                        out.println("published " + database);
                    }
                } else {
                    out.println("transaction " + txn + " left open");
                }
                out.flush();
            }
            return 0;
        }
    }

    static long sizeOf(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            return 0;
        }
    }

    // ------------------------------------------------------------------ dataset

    @Command(name = "dataset", mixinStandardHelpOptions = true, description = {
        "Loads a directory laid out like Qserv's integration-test cases (ingest/*.json, schema/*.schema,",
        "partition/*.json and data files) under the database name of its configs, in one transaction, and publishes it."})
    static final class Dataset implements Callable<Integer> {
        @ParentCommand
        IngestCommand ingest;

        @Parameters(paramLabel = "DIR")
        Path directory;

        @Option(names = "--database", description = "Load under this name instead of the one in ingest/database.json.")
        String database;

        @Option(names = "--unknown-keys", defaultValue = "position",
                description = "Child rows whose director key is NULL or unknown: reject, skip, or position (stored in the chunk of "
                        + "the row's own latitude_key/longitude_key columns, as Qserv's partitioner does; rows of tables "
                        + "without them are skipped) (default: ${DEFAULT-VALUE}, as Qserv's test data has such rows).")
        String unknownKeys;

        @Option(names = "--server-side", description = "The controller reads the files from these paths itself (same host).")
        boolean serverSide;

        @Override
        public Integer call() {
            PrintWriter out = ingest.out();
            QservDataset dataset = QservDataset.open(directory, database);
            UnknownKeyPolicy policy;
            try {
                policy = UnknownKeyPolicy.parse(unknownKeys);
            } catch (SkyshardException e) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--unknown-keys: " + e.getMessage());
            }
            out.printf("loading %s as database %s (%d tables)%n", directory, dataset.database().name(), dataset.tables().size());
            dataset.notLoaded().forEach((t, why) -> out.printf("  not loaded: %s: %s%n", t, why));
            dataset.notes().forEach(n -> out.printf("  note: %s%n", n));
            out.flush();
            ProgressBar bar = ProgressBar.stderr();
            QservDataset.Report report;
            try (RestIngestClient c = ingest.client()) {
                report = dataset.load(c, policy, serverSide, (phase, done, total) -> bar.update("load " + dataset.database().name(),
                        done, total, "bytes"));
            } finally {
                bar.finish();
            }
            for (QservDataset.TableResult t : report.tables()) {
                out.printf(Locale.ROOT, "  %-40s %-10s %,12d rows%s%n", t.table(), t.kind(), t.rowsLoaded(),
                        t.skipped() > 0 ? String.format(Locale.ROOT, " (%,d skipped: unknown or NULL director key)", t.skipped()) : "");
            }
            out.printf("committed transaction %d and published database %s%n", report.transactionId(), report.database());
            out.flush();
            return 0;
        }
    }
}
