package io.skyshard.ingest.api;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.common.catalog.ColumnType;
import io.skyshard.common.catalog.TableDef;
import io.skyshard.common.error.CommonErrorCode;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.ingest.IngestErrorCode;
import io.skyshard.ingest.load.DelimitedFeed;
import io.skyshard.ingest.load.LoadJob;
import io.skyshard.ingest.load.ParquetFeed;
import io.skyshard.ingest.load.ProgressListener;
import io.skyshard.ingest.load.TableFeed;
import io.skyshard.ingest.partition.UnknownKeyPolicy;
import io.skyshard.ingest.reader.DelimitedFormat;
import io.skyshard.ingest.reader.LeadingLines;
import io.skyshard.ingest.schema.Json;
import io.skyshard.ingest.service.ContributionRequest;
import io.skyshard.ingest.service.IngestService;
import io.skyshard.replication.transaction.ContributionRecord;
import io.skyshard.replication.transaction.TransactionRecord;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a contribution request (a file in the request body, or a path or URL on the ingest host,
 * with its format options) into the rows of a {@link TableFeed}, and runs it through the
 * {@link IngestService}. Shared by the REST API and in-process callers, so a file loads the same
 * whichever way it came.
 */
public final class ContributionSources {
    /** Rows per block read from a file: big enough to amortise per-block work, small enough to pipeline. */
    public static final int BLOCK_ROWS = 32_768;

    private final Path spoolDir;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(30)).build();

    public ContributionSources(Path spoolDir) {
        this.spoolDir = requireNonNull(spoolDir, "spoolDir");
    }

    /**
     * What a contribution loads and how its input is read (all but {@code table} optional; see
     * {@link IngestHttpApi} for their meaning).
     */
    public record Spec(String table, String path, String url, String format, String delimiter, String quote, String escape,
            String nullMarker, String charset, String header, List<String> columns, String key, String name, String unknownKeys,
            Integer chunk, boolean overlap) {
        public Spec {
            if (table == null || table.isBlank()) {
                throw new SkyshardException(CommonErrorCode.INVALID_ARGUMENT, "a contribution needs 'table'");
            }
            columns = columns == null ? null : List.copyOf(columns);
        }

        public static Spec fromParameters(Map<String, List<String>> p) {
            String columns = last(p, "columns");
            String chunk = last(p, "chunk");
            return new Spec(last(p, "table"), last(p, "path"), last(p, "url"), last(p, "format"), last(p, "delimiter"), last(p, "quote"),
                    last(p, "escape"), last(p, "null"), last(p, "charset"), last(p, "header"),
                    columns == null ? null : splitList(columns), last(p, "key"), last(p, "name"), last(p, "unknownKeys"),
                    chunk == null ? null : integer("chunk", chunk), Boolean.parseBoolean(last(p, "overlap")));
        }

        public static Spec fromJson(Json.Node n) {
            List<String> columns = null;
            Optional<Json.Node> c = n.get("columns");
            if (c.isPresent()) {
                columns = c.get().node().isArray() ? c.get().elements().stream().map(e -> e.node().asText()).toList()
                        : splitList(c.get().node().asText());
            }
            return new Spec(n.text("table").orElse(null), n.text("path").orElse(null), n.text("url").orElse(null),
                    n.text("format").orElse(null), n.text("delimiter").orElse(null), n.text("quote").orElse(null),
                    n.text("escape").orElse(null), n.text("null").orElse(null), n.text("charset").orElse(null),
                    n.get("header").map(h -> h.node().asText()).orElse(null), columns, n.text("key").orElse(null),
                    n.text("name").orElse(null), n.text("unknownKeys").orElse(null),
                    n.get("chunk").map(Json.Node::asInt).orElse(null), n.get("overlap").map(o -> o.node().asBoolean()).orElse(false));
        }

        /** How errors and status name the input. */
        String source() {
            return name != null ? name : path != null ? path : url != null ? url : "request body";
        }

        /** The format asked for, or the one the file name says (csv by default). */
        String effectiveFormat() {
            if (format != null) {
                String f = format.toLowerCase(Locale.ROOT);
                if (!List.of("csv", "tsv", "parquet").contains(f)) {
                    throw new SkyshardException(CommonErrorCode.INVALID_ARGUMENT, "format must be csv, tsv or parquet, got '" + format + "'");
                }
                return f;
            }
            String n = source().toLowerCase(Locale.ROOT);
            if (n.endsWith(".parquet") || n.endsWith(".pq")) {
                return "parquet";
            }
            return n.endsWith(".tsv") || n.endsWith(".tsv.gz") || n.endsWith(".txt") || n.endsWith(".txt.gz") ? "tsv" : "csv";
        }
    }

    /** Loads the contribution; {@code body} is the data when it came in the request. */
    public ContributionRecord contribute(IngestService service, TransactionRecord txn, Spec spec, InputStream body,
            ProgressListener progress) {
        TableDef table = service.store().catalog().table(txn.database(), spec.table()).orElseThrow(() -> new SkyshardException(
                io.skyshard.replication.ReplicationErrorCode.UNKNOWN_TABLE, "unknown table '" + txn.database() + "." + spec.table() + "'"));
        LoadJob.Prepartitioned pre = spec.chunk() == null ? null : new LoadJob.Prepartitioned(spec.chunk(), spec.overlap());
        if (pre != null && !table.kind().isPartitioned()) {
            throw new SkyshardException(CommonErrorCode.INVALID_ARGUMENT, "table " + table.name() + " is not partitioned: 'chunk' does not apply");
        }
        String key = spec.key();
        if (key == null && body == null) {
            // A file or URL names itself: loading it twice in one transaction is a retry.
            key = spec.path() != null ? Path.of(spec.path()).toAbsolutePath().normalize().toString() : spec.url();
        }
        ContributionRequest request = new ContributionRequest(table.name(), key, spec.source(), UnknownKeyPolicy.parse(spec.unknownKeys()), pre);
        // Options are checked before the contribution is recorded: a typo is not a failed load.
        String format = spec.effectiveFormat();
        DelimitedFormat delimited = format.equals("parquet") ? null : delimitedFormat(spec, format);
        int skip = headerLines(spec.header());
        return service.contribute(txn.id(), request, t -> open(t, spec, format, delimited, skip, body, pre != null), progress);
    }

    private TableFeed open(TableDef table, Spec spec, String format, DelimitedFormat delimited, int skip, InputStream body,
            boolean prepartitioned) {
        List<ColumnDef> keep = prepartitioned ? table.storedColumns() : table.columns();
        String source = spec.source();
        if (format.equals("parquet")) {
            if (spec.columns() != null || skip > 0) {
                throw new SkyshardException(CommonErrorCode.INVALID_ARGUMENT, "Parquet columns are matched by name: 'columns' and 'header' do not apply");
            }
            if (body == null && spec.path() != null) {
                return new ParquetFeed(table, keep, Path.of(spec.path()), BLOCK_ROWS);
            }
            Path spooled = spool(body != null ? body : openStream(spec), source);
            return new DeletingFeed(new ParquetFeed(table, keep, spooled, BLOCK_ROWS), spooled);
        }
        InputStream in = body != null ? body : openStream(spec);
        List<ColumnDef> fileColumns;
        long firstLine = 1;
        if (skip > 0 || "true".equalsIgnoreCase(spec.header())) {
            int lines = "true".equalsIgnoreCase(spec.header()) ? 1 : skip;
            LeadingLines taken = LeadingLines.take(in, lines, delimited, source);
            in = taken.data();
            firstLine = lines + 1;
            List<String> names = spec.columns() != null ? spec.columns()
                    : "true".equalsIgnoreCase(spec.header()) ? taken.fields().getFirst() : null;
            fileColumns = names == null ? keep : fileColumns(table, keep, names, source);
        } else {
            fileColumns = spec.columns() == null ? keep : fileColumns(table, keep, spec.columns(), source);
        }
        boolean mustBeGzip = source.toLowerCase(Locale.ROOT).endsWith(".gz") && firstLine == 1;
        return new DelimitedFeed(table, keep, in, source, fileColumns, delimited, BLOCK_ROWS, mustBeGzip, firstLine);
    }

    /** The file's fields: the table's columns by name, other fields read as text and dropped. */
    static List<ColumnDef> fileColumns(TableDef table, List<ColumnDef> keep, List<String> names, String source) {
        List<ColumnDef> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String n : names) {
            String name = n.strip();
            if (!seen.add(name.toLowerCase(Locale.ROOT))) {
                throw new SkyshardException(IngestErrorCode.SCHEMA_MISMATCH, source + ": column '" + name + "' appears twice in the file's columns");
            }
            out.add(keep.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst().orElse(ColumnDef.of(name, ColumnType.VARCHAR)));
        }
        List<String> missing = keep.stream().map(ColumnDef::name).filter(c -> !seen.contains(c.toLowerCase(Locale.ROOT))).toList();
        if (!missing.isEmpty()) {
            throw new SkyshardException(IngestErrorCode.SCHEMA_MISMATCH, source + ": the file has no column " + missing
                    + " of table " + table.name() + " (its columns: " + names + ")");
        }
        return out;
    }

    private InputStream openStream(Spec spec) {
        if (spec.path() != null && spec.url() != null) {
            throw new SkyshardException(CommonErrorCode.INVALID_ARGUMENT, "give 'path' or 'url', not both");
        }
        if (spec.path() != null) {
            return openFile(Path.of(spec.path()));
        }
        URI uri;
        try {
            uri = URI.create(spec.url());
        } catch (IllegalArgumentException e) {
            throw new SkyshardException(CommonErrorCode.INVALID_ARGUMENT, "invalid url '" + spec.url() + "': " + e.getMessage());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        switch (scheme) {
            case "file" -> {
                return openFile(Path.of(uri));
            }
            case "http", "https" -> {
                try {
                    HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
                    if (r.statusCode() != 200) {
                        r.body().close();
                        throw new SkyshardException(IngestErrorCode.INPUT_UNREADABLE, spec.url() + ": HTTP status " + r.statusCode());
                    }
                    return r.body();
                } catch (IOException e) {
                    throw new SkyshardException(IngestErrorCode.INPUT_UNREADABLE, spec.url() + ": " + e.getMessage(), e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SkyshardException(IngestErrorCode.INPUT_UNREADABLE, spec.url() + ": interrupted", e);
                }
            }
            default -> throw new SkyshardException(CommonErrorCode.INVALID_ARGUMENT, "url '" + spec.url()
                    + "': only file:, http: and https: URLs are read");
        }
    }

    private static InputStream openFile(Path file) {
        try {
            if (Files.isDirectory(file)) {
                throw new SkyshardException(IngestErrorCode.INPUT_UNREADABLE, file + ": is a directory, not a file");
            }
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new SkyshardException(IngestErrorCode.INPUT_UNREADABLE, file + ": file not found on the ingest host", e);
        } catch (IOException e) {
            throw new SkyshardException(IngestErrorCode.INPUT_UNREADABLE, file + ": cannot open: " + e.getMessage(), e);
        }
    }

    private Path spool(InputStream in, String source) {
        try (InputStream input = in) {
            Files.createDirectories(spoolDir);
            Path file = Files.createTempFile(spoolDir, "upload-", ".parquet");
            try {
                Files.copy(input, file, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                Files.deleteIfExists(file);
                throw e;
            }
            return file;
        } catch (IOException e) {
            throw new SkyshardException(IngestErrorCode.INPUT_UNREADABLE, source + ": cannot receive the file: " + e.getMessage(), e);
        }
    }

    static DelimitedFormat delimitedFormat(Spec spec, String format) {
        DelimitedFormat f = format.equals("tsv") ? DelimitedFormat.mysqlTsv() : DelimitedFormat.mysqlCsv().withQuote('"');
        if (spec.delimiter() != null) {
            f = f.withDelimiter(character("delimiter", spec.delimiter()));
        }
        if (spec.quote() != null) {
            f = isNone(spec.quote()) ? f.withQuote(-1) : f.withQuote(character("quote", spec.quote()));
        }
        if (spec.escape() != null) {
            f = isNone(spec.escape()) ? f.withEscape(-1) : f.withEscape(character("escape", spec.escape()));
        }
        if (spec.nullMarker() != null) {
            f = f.withNullMarker(spec.nullMarker());
        }
        if (spec.charset() != null) {
            try {
                f = f.withCharset(Charset.forName(spec.charset()));
            } catch (IllegalArgumentException e) {
                throw new SkyshardException(CommonErrorCode.INVALID_ARGUMENT, "unknown charset '" + spec.charset() + "'");
            }
        }
        return f;
    }

    private static boolean isNone(String v) {
        return v.isEmpty() || v.equalsIgnoreCase("none");
    }

    /** One character, also written as an escape ({@code \t}) or a name ({@code tab}, {@code comma}). */
    static char character(String option, String value) {
        String v = switch (value.toLowerCase(Locale.ROOT)) {
            case "\\t", "tab" -> "\t";
            case "comma" -> ",";
            case "pipe" -> "|";
            case "semicolon" -> ";";
            case "space" -> " ";
            case "\\\\", "backslash" -> "\\";
            default -> value;
        };
        if (v.length() != 1 || v.charAt(0) > 127) {
            throw new SkyshardException(CommonErrorCode.INVALID_ARGUMENT, option + " must be one ASCII character (or tab, comma, pipe, "
                    + "semicolon, space, backslash, none), got '" + value + "'");
        }
        return v.charAt(0);
    }

    private static int headerLines(String header) {
        if (header == null || header.equalsIgnoreCase("false") || header.equals("0")) {
            return 0;
        }
        if (header.equalsIgnoreCase("true")) {
            return 1;
        }
        int n = integer("header", header);
        if (n < 0 || n > 1000) {
            throw new SkyshardException(CommonErrorCode.INVALID_ARGUMENT, "header must be true, false or a number of lines 0..1000, got " + header);
        }
        return n;
    }

    private static int integer(String option, String v) {
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new SkyshardException(CommonErrorCode.INVALID_ARGUMENT, option + " must be an integer, got '" + v + "'");
        }
    }

    private static String last(Map<String, List<String>> p, String key) {
        List<String> v = p.get(key);
        return v == null || v.isEmpty() ? null : v.getLast();
    }

    private static List<String> splitList(String v) {
        List<String> out = new ArrayList<>();
        for (String s : v.split(",")) {
            if (!s.isBlank()) {
                out.add(s.strip());
            }
        }
        return out;
    }

    /** A feed over a spooled file, deleted when the feed closes. */
    private record DeletingFeed(TableFeed inner, Path file) implements TableFeed {
        @Override
        public Map<String, Batch> next() {
            return inner.next();
        }

        @Override
        public long bytesRead() {
            return inner.bytesRead();
        }

        @Override
        public void close() {
            inner.close();
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temp file left behind is harmless
            }
        }
    }
}
