package io.skyshard.server.ingest;

import io.skyshard.ingest.dataset.OfflinePartitioner;
import io.skyshard.ingest.dataset.QservDataset;
import io.skyshard.ingest.partition.UnknownKeyPolicy;
import io.skyshard.server.console.ProgressBar;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code skyshard partition}: a dataset's files in, per-chunk files out, on any machine (no cluster needed). */
@Command(name = "partition", mixinStandardHelpOptions = true, description = {
    "Partitions a dataset laid out like Qserv's test cases (ingest/*.json, schema/*.schema, partition/*.json, data",
    "files) into per-chunk TSV files, offline: load them with 'skyshard ingest load-partitioned OUT'."})
public final class PartitionCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "The dataset directory.")
    Path directory;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (must not hold a partitioned dataset yet).")
    Path out;

    @Option(names = "--database", description = "Database name instead of the one in ingest/database.json.")
    String database;

    @Option(names = "--unknown-keys", defaultValue = "skip", description = "Child rows with a NULL or unknown director key: reject or skip (default: ${DEFAULT-VALUE}).")
    String unknownKeys;

    @Option(names = "--flush-rows", defaultValue = "2000000", description = "Rows partitioned before they are written out (default: ${DEFAULT-VALUE}).")
    int flushRows;

    @Override
    public Integer call() {
        UnknownKeyPolicy policy;
        try {
            policy = UnknownKeyPolicy.valueOf(unknownKeys.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--unknown-keys must be reject or skip");
        }
        if (flushRows < 1) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--flush-rows must be positive");
        }
        PrintStream stdout = System.out;
        QservDataset dataset = QservDataset.open(directory, database);
        ProgressBar bar = ProgressBar.stderr();
        OfflinePartitioner.Manifest m;
        try {
            m = new OfflinePartitioner(dataset, out, policy, flushRows).run((phase, done, total) -> bar.update(phase, done, total, "rows"));
        } finally {
            bar.finish();
        }
        long files = m.files().size();
        long chunks = m.files().stream().filter(f -> f.chunk() != null).map(OfflinePartitioner.FileEntry::chunk).distinct().count();
        stdout.printf(Locale.ROOT, "partitioned %s (database %s) into %d files over %d chunks in %s%n", directory, m.database().name(),
                files, chunks, out.toAbsolutePath());
        stdout.printf("load with: skyshard ingest load-partitioned %s%n", out);
        stdout.flush();
        return 0;
    }
}
