package io.skyshard.server.ingest;

import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.common.catalog.DatabaseDef;
import io.skyshard.common.catalog.TableDef;
import io.skyshard.ingest.api.ContributionSources;
import io.skyshard.ingest.client.RestIngestClient;
import io.skyshard.ingest.dataset.OfflinePartitioner;
import io.skyshard.server.console.ProgressBar;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code skyshard ingest load-partitioned}: loads {@code skyshard partition} output in one transaction. */
@Command(name = "load-partitioned", mixinStandardHelpOptions = true, description = {
    "Loads the per-chunk files written by 'skyshard partition' in one transaction (each file straight into its chunk),",
    "creating the database and its tables first when they do not exist, then commits and publishes."})
final class LoadPartitionedCommand implements Callable<Integer> {
    @ParentCommand
    IngestCommand ingest;

    @Parameters(paramLabel = "DIR", description = "The output directory of skyshard partition.")
    Path directory;

    @Option(names = "--server-side", description = "The controller reads the files from these paths itself (same host).")
    boolean serverSide;

    @Option(names = "--no-publish", description = "Leave the database unpublished.")
    boolean noPublish;

    @Override
    public Integer call() {
        PrintWriter out = ingest.out();
        OfflinePartitioner.Manifest m = OfflinePartitioner.Manifest.read(directory);
        DatabaseDef db = m.database();
        long total = 0;
        for (OfflinePartitioner.FileEntry f : m.files()) {
            total += IngestCommand.sizeOf(directory.resolve(f.file()));
        }
        ProgressBar bar = ProgressBar.stderr();
        try (RestIngestClient c = ingest.client()) {
            if (!c.databaseExists(db.name())) {
                c.createDatabase(db);
            }
            List<String> existing = c.tables(db.name()).stream().map(TableDef::name).toList();
            for (TableDef t : m.tables()) {
                if (existing.stream().noneMatch(n -> n.equalsIgnoreCase(t.name()))) {
                    c.createTable(t);
                }
            }
            long txn = c.begin(db.name(), "skyshard ingest load-partitioned " + directory).id();
            long rows = 0;
            long done = 0;
            try {
                for (OfflinePartitioner.FileEntry f : m.files()) {
                    TableDef t = m.tables().stream().filter(x -> x.name().equals(f.table())).findFirst().orElseThrow();
                    List<String> columns = (f.chunk() == null ? t.columns() : t.storedColumns()).stream().map(ColumnDef::name).toList();
                    ContributionSources.Spec spec = new ContributionSources.Spec(t.name(), null, null, "tsv", "\t", "none", "\\", "\\N",
                            null, null, columns, f.file(), f.file(), "reject", f.chunk(), f.overlap());
                    long base = done;
                    long all = total;
                    rows += c.contribute(txn, spec, directory.resolve(f.file()), serverSide,
                            sent -> bar.update("load " + db.name(), base + sent, all, "bytes")).stats().rowsLoaded();
                    done += IngestCommand.sizeOf(directory.resolve(f.file()));
                }
                bar.finish();
            } catch (RuntimeException e) {
                bar.finish();
                c.abort(txn, "a file failed: " + e.getMessage());
                out.println("transaction " + txn + " aborted: nothing of these files is visible");
                throw e;
            }
            c.commit(txn);
            if (!noPublish) {
                c.publish(db.name());
            }
            out.printf(Locale.ROOT, "loaded %,d rows from %d files into %s (transaction %d committed%s)%n", rows, m.files().size(), db.name(),
                    txn, noPublish ? "" : ", database published");
            out.flush();
        }
        return 0;
    }
}
