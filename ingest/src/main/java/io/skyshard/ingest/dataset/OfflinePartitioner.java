package io.skyshard.ingest.dataset;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.skyshard.common.catalog.DatabaseDef;
import io.skyshard.common.catalog.TableDef;
import io.skyshard.common.catalog.TableKind;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.ingest.IngestErrorCode;
import io.skyshard.ingest.data.TableBlock;
import io.skyshard.ingest.load.DelimitedFeed;
import io.skyshard.ingest.load.ProgressListener;
import io.skyshard.ingest.load.TableFeed;
import io.skyshard.ingest.partition.ChunkedRows;
import io.skyshard.ingest.partition.ChunkingFunction;
import io.skyshard.ingest.partition.RowPartitioner;
import io.skyshard.ingest.partition.UnknownKeyPolicy;
import io.skyshard.ingest.reader.DelimitedWriter;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.GZIPOutputStream;

/**
 * {@code skyshard partition}: partitions a dataset (Qserv layout, see {@link QservDataset}) offline,
 * on any machine, into per-chunk files that {@code skyshard ingest load-partitioned} loads without
 * partitioning again: {@code OUT/<Table>/chunk_<id>.tsv.gz} (rows of the chunk, stored layout with
 * {@code chunkId} and {@code subChunkId}, sorted by the spatial sort key within each batch of
 * {@code flushRows} rows), {@code chunk_<id>_overlap.tsv.gz} (director tables: the chunk's overlap
 * rows), {@code OUT/<Table>/<Table>.tsv.gz} for replicated tables, and {@code OUT/partition.json}, the
 * manifest (database, partitioning, table definitions, files with their chunk and row counts).
 *
 * <p>Files are written in MySQL TSV ({@link DelimitedWriter}); every batch is appended as a gzip
 * member, so a file is valid gzip however many batches it got. Children are placed through the keys
 * of their director partitioned earlier in the same run: the director keys of a run are held in
 * memory (about 40 bytes a key).
 */
public final class OfflinePartitioner {
    public static final String MANIFEST = "partition.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** One output file: its table, chunk (null for a replicated table), overlap or not, path relative to the output directory. */
    public record FileEntry(String table, Integer chunk, boolean overlap, String file, long rows) {
    }

    /** What a run wrote. */
    public record Manifest(DatabaseDef database, List<TableDef> tables, List<FileEntry> files) {
        public Manifest {
            tables = List.copyOf(tables);
            files = List.copyOf(files);
        }

        public static Manifest read(Path directory) {
            Path f = directory.resolve(MANIFEST);
            try {
                return JSON.readValue(f.toFile(), Manifest.class);
            } catch (java.io.FileNotFoundException | java.nio.file.NoSuchFileException e) {
                throw new SkyshardException(IngestErrorCode.INPUT_UNREADABLE, f + ": no manifest: not a skyshard partition output directory", e);
            } catch (IOException e) {
                throw new SkyshardException(IngestErrorCode.INVALID_TABLE_CONFIG, f + ": unreadable manifest: " + e.getMessage(), e);
            }
        }
    }

    private final QservDataset dataset;
    private final Path out;
    private final UnknownKeyPolicy policy;
    private final int flushRows;
    private final RowPartitioner partitioner;
    private final Map<String, long[]> fileRows = new TreeMap<>();

    public OfflinePartitioner(QservDataset dataset, Path out, UnknownKeyPolicy policy, int flushRows) {
        this.dataset = requireNonNull(dataset, "dataset");
        this.out = requireNonNull(out, "out");
        this.policy = requireNonNull(policy, "policy");
        this.flushRows = flushRows;
        this.partitioner = new RowPartitioner(ChunkingFunction.healpix(dataset.database().partitioning()));
    }

    /** Partitions every table; {@code progress} gets ("partition", rows done, -1). */
    public Manifest run(ProgressListener progress) {
        try {
            Files.createDirectories(out);
            if (Files.exists(out.resolve(MANIFEST))) {
                throw new SkyshardException(IngestErrorCode.INVALID_TABLE_CONFIG, out + " already holds a partitioned dataset ("
                        + MANIFEST + "): give an empty output directory");
            }
            List<QservDataset.TableSource> ordered = new ArrayList<>();
            for (TableKind kind : List.of(TableKind.DIRECTOR, TableKind.CHILD, TableKind.MATCH, TableKind.REPLICATED)) {
                dataset.tables().stream().filter(t -> t.table().kind() == kind).forEach(ordered::add);
            }
            long[] rows = {0};
            for (QservDataset.TableSource source : ordered) {
                partitionTable(source, rows, progress);
            }
            List<FileEntry> files = new ArrayList<>();
            for (var e : fileRows.entrySet()) {
                String[] parts = e.getKey().split("\u0000");
                Integer chunk = parts[1].isEmpty() ? null : Integer.valueOf(parts[1]);
                files.add(new FileEntry(parts[0], chunk, parts[2].equals("o"), parts[3], e.getValue()[0]));
            }
            Manifest manifest = new Manifest(dataset.database(), ordered.stream().map(QservDataset.TableSource::table).toList(), files);
            JSON.writeValue(out.resolve(MANIFEST).toFile(), manifest);
            return manifest;
        } catch (IOException e) {
            throw new SkyshardException(IngestErrorCode.INPUT_UNREADABLE, out + ": cannot write: " + e.getMessage(), e);
        }
    }

    private void partitionTable(QservDataset.TableSource source, long[] rows, ProgressListener progress) throws IOException {
        TableDef t = source.table();
        Files.createDirectories(out.resolve(t.name()));
        if (source.dataFile().isEmpty()) {
            return;
        }
        Path file = source.dataFile().get();
        try (TableFeed feed = new DelimitedFeed(t, t.columns(), Files.newInputStream(file), file.toString(), source.fileColumns(),
                source.format(), 32_768, file.getFileName().toString().endsWith(".gz"))) {
            ChunkedRows chunked = new ChunkedRows(t);
            List<TableBlock> replicated = new ArrayList<>();
            long buffered = 0;
            long seq = 0;
            for (Map<String, TableFeed.Batch> step = feed.next(); step != null; step = feed.next()) {
                TableFeed.Batch b = step.values().iterator().next();
                switch (t.kind()) {
                    case DIRECTOR -> chunked.add(seq++, partitioner.partitionDirector(t, b.block(), true, b.at()));
                    case CHILD -> chunked.add(seq++, partitioner.partitionChild(t, b.block(),
                            partitioner.directorKeys(t.directorTable()).lookup(), policy, b.at()).block());
                    case MATCH -> chunked.add(seq++, partitioner.partitionMatch(t, b.block(), partitioner.directorKeys(t.directorTable()).lookup(),
                            partitioner.directorKeys(t.directorTable2()).lookup(), policy, b.at()).block());
                    case REPLICATED -> replicated.add(b.block());
                }
                buffered += b.block().rowCount();
                rows[0] += b.block().rowCount();
                progress.progress("partition", rows[0], -1);
                if (buffered >= flushRows) {
                    flush(t, chunked, replicated);
                    chunked = new ChunkedRows(t);
                    replicated = new ArrayList<>();
                    buffered = 0;
                }
            }
            flush(t, chunked, replicated);
        }
    }

    private void flush(TableDef t, ChunkedRows chunked, List<TableBlock> replicated) throws IOException {
        if (!replicated.isEmpty()) {
            append(t, null, false, t.name() + "/" + t.name() + ".tsv.gz", TableBlock.concat(t.columns(), replicated));
        }
        for (int chunk : chunked.chunkIds()) {
            append(t, chunk, false, t.name() + "/chunk_" + chunk + ".tsv.gz", chunked.chunk(chunk));
        }
        for (int chunk : chunked.overlapChunkIds()) {
            append(t, chunk, true, t.name() + "/chunk_" + chunk + "_overlap.tsv.gz", chunked.overlap(chunk));
        }
    }

    private void append(TableDef t, Integer chunk, boolean overlap, String relative, TableBlock rows) throws IOException {
        if (rows.rowCount() == 0) {
            return;
        }
        try (OutputStream o = new GZIPOutputStream(new BufferedOutputStream(Files.newOutputStream(out.resolve(relative),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE), 1 << 16), 1 << 16)) {
            DelimitedWriter.write(rows, o);
        }
        fileRows.computeIfAbsent(t.name() + "\u0000" + (chunk == null ? "" : chunk) + "\u0000" + (overlap ? "o" : "m") + "\u0000" + relative,
                k -> new long[1])[0] += rows.rowCount();
    }
}
