package io.skyshard.ingest.reader;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.common.catalog.ColumnType;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.ingest.IngestErrorCode;
import io.skyshard.ingest.data.ColumnData;
import io.skyshard.ingest.data.TableBlock;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.zip.GZIPInputStream;

/**
 * Reads a delimited text file (CSV, TSV, MySQL dumps; see {@link DelimitedFormat}) into
 * {@link TableBlock}s of up to {@code blockRows} rows typed by the given columns, which are the file's
 * fields in order. Gzip input is detected by its magic bytes (a {@code .gz} name without them is an
 * error). Works on bytes with a hand-written state machine and parses numbers without creating
 * strings on the common path: no regex, no per-field objects for numeric columns.
 *
 * <p>Bulk loads are mostly unquoted, unescaped numbers, so those are read in one pass straight from
 * the input buffer: the integer or double parser runs from the field's first byte and the field is
 * taken as read only if the parser stopped on a delimiter or newline inside the buffer. Anything else
 * (NULL marker, escape, quote, a field running past the buffer, a value the fast parsers decline,
 * malformed text) is read again from the same position by the general scanner, which alone decides
 * values and errors there, so both paths give the same results.
 *
 * <p>Any bad input fails the whole read with a {@link IngestErrorCode#MALFORMED_INPUT} error naming
 * the file, line (1-based, of the field's first byte; escaped and quoted newlines count), column
 * (1-based position and name) and reason. Values:
 * <ul>
 *   <li>integers: optional sign and decimal digits, range-checked for the type; BOOLEAN also
 *       {@code true/false}.</li>
 *   <li>FLOAT is parsed directly to 32 bits (no double rounding), DOUBLE to 64; {@code nan},
 *       {@code inf}, {@code -inf} (any case, also {@code Infinity}) are accepted.</li>
 *   <li>BIT(n): MySQL dumps write the raw big-endian bytes (bytes 0x00/0x01 for {@code bit(1)});
 *       also accepted are {@code b'0101'} literals and decimal digits. A field of only digits is
 *       decimal text; otherwise a field of exactly {@code ceil(n/8)} bytes is raw. For n &lt; 6 this is
 *       unambiguous (raw values are below 0x20, digits are 0x30-0x39); for wider BITs a raw value
 *       whose every byte is a digit character is misread as decimal text.</li>
 *   <li>VARBINARY: the unescaped bytes as they are (MySQL dumps binary columns raw, escaping only
 *       NUL, newline, delimiter and escape).</li>
 *   <li>DATE {@code YYYY-MM-DD} (epoch days), TIMESTAMP {@code YYYY-MM-DD[ T]HH:MM:SS[.ffffff]} (UTC
 *       micros), TIME {@code [-]H:MM:SS[.ffffff]} (micros); DECIMAL keeps its validated text.</li>
 *   <li>CHAR/VARCHAR are decoded with the format's charset; declared lengths are not enforced.</li>
 * </ul>
 *
 * <p>Not thread-safe; one reader per file. Closes its input when exhausted or failed.
 */
public final class DelimitedReader implements Iterator<TableBlock>, AutoCloseable {
    private static final int BUFFER = 1 << 18;
    private static final double[] POW10 = new double[23];
    private static final float[] POW10F = new float[11];
    private static final long[] POW10L = new long[19];
    /** Eight bytes of an array as one little-endian long: the first byte is the lowest. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    static {
        POW10L[0] = 1;
        for (int i = 1; i < POW10L.length; i++) {
            POW10L[i] = POW10L[i - 1] * 10;
        }
        double p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            p *= 10;
        }
        float f = 1;
        for (int i = 0; i < POW10F.length; i++) {
            POW10F[i] = f;
            f *= 10;
        }
    }

    private final String source;
    private final List<ColumnDef> columns;
    private final int blockRows;
    private final byte delimiter;
    private final int quote;
    private final int escape;
    private final byte[] nullMarker;
    private final Charset charset;
    private final int width;
    private final ColumnType[] types;
    private final boolean[] nullable;
    /** Byte ending the plain scan's fast loop besides delimiter and newline: the escape, else the delimiter again. */
    private final byte stop;
    /** Per column: {@link #PARSE_INTEGER}, {@link #PARSE_DOUBLE} or 0 (the general scan); all 0 when the format forbids it. */
    private final byte[] direct;
    private final long[] min;
    private final long[] max;
    /** Whether a field the direct parsers accept could be the NULL marker (only for markers such as {@code 0}). */
    private final boolean nullMarkerNumeric;
    /**
     * One-byte CHAR/VARCHAR values by byte, decoded on first use: short codes and flags are common,
     * and a new String per row for them was a large part of reading (decoding one byte is the same
     * every time, so sharing the String changes no value).
     */
    private final String[] oneByteStrings = new String[256];

    private InputStream in;
    private final byte[] buf = new byte[BUFFER];
    private int pos;
    private int limit;
    private boolean eof;

    private byte[] field = new byte[256];
    /**
     * The scanned field: {@code fieldLength} bytes at {@code fieldOffset} of {@code fieldBytes}, which is
     * {@link #buf} itself when the field lay whole in it without escapes (no copy), else {@link #field}.
     * Valid until the next {@link #fill()}, which {@link #store} always precedes.
     */
    private byte[] fieldBytes = field;
    private int fieldOffset;
    private int fieldLength;
    private long line = 1;
    private long fieldLine;
    private int fieldIndex;
    private long rowsRead;

    // Current block under construction.
    private long[][] longs;
    private float[][] floats;
    private double[][] doubles;
    private String[][] strings;
    private byte[][][] bytes;
    private boolean[][] nulls;
    private long[] rowLines;
    private int rows;

    private TableBlock pending;
    private long[] pendingLines;
    private long[] lastLines = new long[0];
    private boolean done;

    /** Opens a file; gzip is detected from its first bytes. */
    public static DelimitedReader open(Path file, List<ColumnDef> columns, DelimitedFormat format, int blockRows) {
        try {
            InputStream raw = Files.newInputStream(file);
            return new DelimitedReader(raw, file.toString(), columns, format, blockRows,
                    file.getFileName().toString().endsWith(".gz"));
        } catch (NoSuchFileException e) {
            throw new SkyshardException(IngestErrorCode.INPUT_UNREADABLE, file + ": file not found", e);
        } catch (IOException e) {
            throw new SkyshardException(IngestErrorCode.INPUT_UNREADABLE, file + ": cannot open: " + e.getMessage(), e);
        }
    }

    /**
     * Reads a stream ({@code source} names it in errors); gzip is detected from its first bytes, and
     * required when {@code mustBeGzip}.
     */
    public DelimitedReader(InputStream input, String source, List<ColumnDef> columns, DelimitedFormat format, int blockRows,
            boolean mustBeGzip) {
        this(input, source, columns, format, blockRows, mustBeGzip, 1);
    }

    /**
     * Reads a stream whose first byte is on line {@code firstLine} of the source (lines before it,
     * e.g. a header, were consumed by the caller), so errors name the source's real lines.
     */
    public DelimitedReader(InputStream input, String source, List<ColumnDef> columns, DelimitedFormat format, int blockRows,
            boolean mustBeGzip, long firstLine) {
        requireNonNull(input, "input");
        this.source = requireNonNull(source, "source");
        this.columns = List.copyOf(requireNonNull(columns, "columns"));
        requireNonNull(format, "format");
        if (blockRows < 1) {
            throw new IllegalArgumentException("blockRows must be >= 1, got " + blockRows);
        }
        if (this.columns.isEmpty()) {
            throw new IllegalArgumentException("no columns to read");
        }
        this.blockRows = blockRows;
        this.delimiter = format.delimiter();
        this.quote = format.quote();
        this.escape = format.escape();
        this.nullMarker = format.nullMarker().getBytes(StandardCharsets.ISO_8859_1);
        this.charset = format.charset();
        this.width = this.columns.size();
        this.types = new ColumnType[width];
        this.nullable = new boolean[width];
        for (int i = 0; i < width; i++) {
            types[i] = this.columns.get(i).type();
            nullable[i] = this.columns.get(i).nullable();
        }
        this.stop = escape >= 0 ? (byte) escape : delimiter;
        this.direct = new byte[width];
        this.min = new long[width];
        this.max = new long[width];
        // The direct parsers consume only number characters and then need the field to end: a
        // delimiter or escape among those characters would change where fields end or what they hold.
        if (!isNumberChar(delimiter) && (escape < 0 || !isNumberChar((byte) escape))) {
            for (int i = 0; i < width; i++) {
                switch (types[i]) {
                    case TINYINT -> directInteger(i, -128, 127);
                    case SMALLINT -> directInteger(i, Short.MIN_VALUE, Short.MAX_VALUE);
                    case INTEGER -> directInteger(i, Integer.MIN_VALUE, Integer.MAX_VALUE);
                    case BIGINT -> directInteger(i, Long.MIN_VALUE, Long.MAX_VALUE);
                    case DOUBLE -> direct[i] = PARSE_DOUBLE;
                    default -> {
                    }
                }
            }
        }
        boolean numeric = nullMarker.length > 0;
        for (byte b : nullMarker) {
            numeric &= isNumberChar(b);
        }
        this.nullMarkerNumeric = numeric;
        try {
            BufferedInputStream b = new BufferedInputStream(input, 1 << 16);
            b.mark(2);
            int m1 = b.read();
            int m2 = b.read();
            b.reset();
            boolean gzip = m1 == 0x1f && m2 == 0x8b;
            if (mustBeGzip && !gzip && m1 != -1) {
                input.close();
                throw new SkyshardException(IngestErrorCode.MALFORMED_INPUT, source + ": named .gz but is not gzip data");
            }
            this.in = gzip ? new GZIPInputStream(b, 1 << 16) : b;
            this.line = firstLine;
        } catch (IOException e) {
            closeQuietly(input);
            throw new SkyshardException(IngestErrorCode.MALFORMED_INPUT, source + ": cannot read the start of the data: " + e.getMessage(), e);
        }
    }

    private void directInteger(int c, long lo, long hi) {
        direct[c] = PARSE_INTEGER;
        min[c] = lo;
        max[c] = hi;
    }

    private static boolean isNumberChar(byte b) {
        return (b >= '0' && b <= '9') || b == '+' || b == '-' || b == '.' || b == 'e' || b == 'E';
    }

    public List<ColumnDef> columns() {
        return columns;
    }

    /** Rows returned so far. */
    public long rowsRead() {
        return rowsRead;
    }

    /** The 1-based line on which each row of the block last returned by {@link #next()} starts. */
    public long[] lastBlockLines() {
        return lastLines;
    }

    public String source() {
        return source;
    }

    @Override
    public boolean hasNext() {
        if (pending == null && !done) {
            try {
                readBlock();
            } catch (RuntimeException e) {
                done = true;
                close();
                throw e;
            }
        }
        return pending != null;
    }

    @Override
    public TableBlock next() {
        if (!hasNext()) {
            throw new NoSuchElementException(source + ": no more rows");
        }
        TableBlock b = pending;
        lastLines = pendingLines;
        pending = null;
        pendingLines = null;
        rowsRead += b.rowCount();
        return b;
    }

    @Override
    public void close() {
        if (in != null) {
            closeQuietly(in);
            in = null;
        }
    }

    private void readBlock() {
        startBlock();
        while (rows < blockRows) {
            if (!readRow()) {
                done = true;
                close();
                break;
            }
        }
        if (rows > 0) {
            pending = finishBlock();
            pendingLines = rows == rowLines.length ? rowLines : Arrays.copyOf(rowLines, rows);
        }
    }

    private void startBlock() {
        int n = blockRows;
        longs = new long[width][];
        floats = new float[width][];
        doubles = new double[width][];
        strings = new String[width][];
        bytes = new byte[width][][];
        nulls = new boolean[width][];
        for (int c = 0; c < width; c++) {
            switch (ColumnData.kindOf(types[c])) {
                case LONG -> longs[c] = new long[n];
                case FLOAT -> floats[c] = new float[n];
                case DOUBLE -> doubles[c] = new double[n];
                case STRING -> strings[c] = new String[n];
                case BYTES -> bytes[c] = new byte[n][];
            }
        }
        rowLines = new long[n];
        rows = 0;
    }

    private TableBlock finishBlock() {
        List<ColumnData> data = new ArrayList<>(width);
        boolean full = rows == blockRows;
        for (int c = 0; c < width; c++) {
            boolean[] mask = nulls[c] == null ? null : (full ? nulls[c] : Arrays.copyOf(nulls[c], rows));
            data.add(switch (ColumnData.kindOf(types[c])) {
                case LONG -> new ColumnData.Longs(full ? longs[c] : Arrays.copyOf(longs[c], rows), mask);
                case FLOAT -> new ColumnData.Floats(full ? floats[c] : Arrays.copyOf(floats[c], rows), mask);
                case DOUBLE -> new ColumnData.Doubles(full ? doubles[c] : Arrays.copyOf(doubles[c], rows), mask);
                case STRING -> new ColumnData.Strings(full ? strings[c] : Arrays.copyOf(strings[c], rows));
                case BYTES -> new ColumnData.Bytes(full ? bytes[c] : Arrays.copyOf(bytes[c], rows));
            });
        }
        return new TableBlock(columns, data, rows);
    }

    // ---------------------------------------------------------------- scanning

    private boolean fill() {
        if (eof) {
            return false;
        }
        try {
            int n;
            do {
                n = in.read(buf, 0, buf.length);
            } while (n == 0);
            if (n < 0) {
                eof = true;
                return false;
            }
            pos = 0;
            limit = n;
            return true;
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new SkyshardException(IngestErrorCode.MALFORMED_INPUT, source + " line " + line
                    + ": compressed data is truncated or corrupt (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new SkyshardException(IngestErrorCode.INPUT_UNREADABLE, source + " line " + line + ": read failed: " + e.getMessage(), e);
        }
    }

    /** Reads one row into the block; false at end of input with no row started. */
    private boolean readRow() {
        long rowLine = line;
        fieldIndex = 0;
        while (true) {
            if (pos >= limit && !fill()) {
                // End of input: a row is only complete if something was read for it.
                if (fieldIndex == 0) {
                    return false;
                }
                throw failRow(rowLine, "internal: row ended inside a field");
            }
            fieldLine = line;
            boolean quoted = quote >= 0 && buf[pos] == (byte) quote;
            int end = -1;
            if (!quoted && fieldIndex < width) {
                // A field read directly is one of the row's columns, unquoted, not empty and ends inside
                // the buffer, so none of the checks below can apply to it.
                switch (direct[fieldIndex]) {
                    case PARSE_INTEGER -> end = readInteger(fieldIndex);
                    case PARSE_DOUBLE -> end = readDouble(fieldIndex);
                    default -> {
                    }
                }
            }
            if (end < 0) {
                end = quoted ? scanQuoted() : scanPlain();
                if (end == END_EOF && fieldIndex == 0 && fieldLength == 0 && !lastFieldWasQuoted && rawLength == 0) {
                    return false;
                }
                if (fieldIndex >= width) {
                    throw fail(fieldLine, width + 1, null, "unexpected extra field: the table has " + width + " columns");
                }
                if (end != END_DELIMITER && fieldIndex == 0 && rawLength == 0 && !lastFieldWasQuoted && width > 1) {
                    throw fail(rowLine, 1, columns.get(0), "empty line, expected " + width + " fields");
                }
                store(fieldIndex);
            }
            fieldIndex++;
            if (end != END_DELIMITER) {
                if (fieldIndex < width) {
                    throw fail(rowLine, fieldIndex + 1, columns.get(fieldIndex),
                            "row has " + fieldIndex + " fields, expected " + width);
                }
                rowLines[rows] = rowLine;
                rows++;
                return true;
            }
            if (pos >= limit && !fill()) {
                // Delimiter right before end of input: one more, empty, field.
                fieldBytes = field;
                fieldOffset = 0;
                fieldLength = 0;
                rawLength = 0;
                rawMatchesNull = nullMarker.length == 0;
                lastFieldWasQuoted = false;
                fieldLine = line;
                if (fieldIndex >= width) {
                    throw fail(fieldLine, width + 1, null, "unexpected extra field: the table has " + width + " columns");
                }
                store(fieldIndex);
                fieldIndex++;
                if (fieldIndex < width) {
                    throw fail(rowLine, fieldIndex + 1, columns.get(fieldIndex), "row has " + fieldIndex + " fields, expected " + width);
                }
                rowLines[rows] = rowLine;
                rows++;
                return true;
            }
        }
    }

    private static final int END_DELIMITER = 0;
    private static final int END_LINE = 1;
    private static final int END_EOF = 2;

    private static final byte PARSE_INTEGER = 1;
    private static final byte PARSE_DOUBLE = 2;

    private int rawLength;
    private boolean rawMatchesNull;
    private boolean lastFieldWasQuoted;

    /**
     * Reads a field of integer column {@code c} straight from the buffer into the block; -1, with
     * nothing consumed or stored, for the general path to decide. Up to 19 digits cannot overflow 64
     * unsigned bits, so the digit loop needs no overflow check, and the sign bit then says whether the
     * value fits a long; longer digit strings (even with leading zeros) take the general path.
     */
    private int readInteger(int c) {
        byte[] b = buf;
        int lim = limit;
        int start = pos;
        int p = start;
        byte s = b[p];
        boolean negative = s == '-';
        if (negative || s == '+') {
            p++;
        }
        int first = p;
        p = digitBlocks(b, p, lim, 0);
        long v = blockValue;
        // Digits the blocks left (past 18, or near the end of the buffer) go one at a time.
        for (; p < lim; p++) {
            int d = b[p] - '0';
            if (d < 0 || d > 9) {
                break;
            }
            v = v * 10 + d;
        }
        int digits = p - first;
        if (digits == 0 || digits > 19 || p >= lim) {
            return -1;
        }
        int end = ending(b[p]);
        if (end < 0 || (v < 0 && !(negative && v == Long.MIN_VALUE))) {
            return -1;
        }
        if (negative) {
            v = -v;
        }
        if (v < min[c] || v > max[c] || (nullMarkerNumeric && isNullMarker(b, start, p))) {
            return -1;
        }
        longs[c][rows] = v;
        return consumed(p, end);
    }

    /** As {@link #readInteger} for a DOUBLE column, with the exact fast path of {@link #fastDouble}. */
    private int readDouble(int c) {
        byte[] b = buf;
        int lim = limit;
        int start = pos;
        double v = fastDouble(b, start, lim);
        int p = fastEnd;
        if (!fastOk || p >= lim) {
            return -1;
        }
        int end = ending(b[p]);
        if (end < 0 || (nullMarkerNumeric && isNullMarker(b, start, p))) {
            return -1;
        }
        doubles[c][rows] = v;
        return consumed(p, end);
    }

    /** The value {@link #digitBlocks} reached. */
    private long blockValue;

    /**
     * Takes the digits at {@code f[i..n)} eight at a time into {@code value} while the one-at-a-time
     * loops after it would take all of them (below 10^(18-k), k more digits keep the value below
     * 10^18, so nothing overflows or is rounded): the same result in fewer steps. Returns the index
     * after the digits taken; the value is left in {@link #blockValue}.
     */
    private int digitBlocks(byte[] f, int i, int n, long value) {
        while (i + 8 <= n) {
            long x = (long) LONGS.get(f, i);
            int k = leadingDigits(x);
            if (k == 0 || value >= POW10L[18 - k]) {
                break;
            }
            value = value * POW10L[k] + digitsValue(x, k);
            i += k;
            if (k < 8) {
                break;
            }
        }
        blockValue = value;
        return i;
    }

    /**
     * How many of the eight bytes in {@code x} (first byte lowest) are ASCII digits before the first
     * that is not: 8 when all are. Tests the eight at once (SWAR): a byte gets its top bit set by
     * adding 0x46 if it is above '9', by subtracting 0x30 if below '0', and no carry or borrow crosses
     * a digit, so the lowest flagged byte is the first non-digit.
     */
    private static int leadingDigits(long x) {
        long flags = ((x + 0x4646464646464646L) | (x - 0x3030303030303030L)) & 0x8080808080808080L;
        return Long.numberOfTrailingZeros(flags) >>> 3;
    }

    /**
     * The decimal value of the first {@code k} (1 to 8) bytes of {@code x}, all digits: shifted to the
     * top so the bytes below are leading zeros, then combined pairwise in three multiplications
     * (D. Lemire's eight-digit parse).
     */
    private static long digitsValue(long x, int k) {
        long v = (x - 0x3030303030303030L) << (64 - 8 * k);
        v = v * 10 + (v >>> 8);
        return ((v & 0x000000FF000000FFL) * (100 + (1_000_000L << 32)) + ((v >>> 16) & 0x000000FF000000FFL) * (1 + (10_000L << 32))) >>> 32;
    }

    /** END_DELIMITER or END_LINE for a byte that ends a plain field, else -1. */
    private int ending(byte b) {
        return b == delimiter ? END_DELIMITER : b == '\n' ? END_LINE : -1;
    }

    /** Moves past a field ending at {@code p} with {@code end}. */
    private int consumed(int p, int end) {
        if (end == END_LINE) {
            line++;
        }
        pos = p + 1;
        return end;
    }

    private boolean isNullMarker(byte[] b, int from, int to) {
        return to - from == nullMarker.length && Arrays.equals(b, from, to, nullMarker, 0, nullMarker.length);
    }

    private int scanPlain() {
        // Most fields lie whole in the buffer without escapes: find the end and leave the bytes where
        // they are. The loop tests only three bytes so it stays small.
        byte[] b = buf;
        int start = pos;
        int p = start;
        int lim = limit;
        byte d = delimiter;
        byte s = stop;
        while (p < lim) {
            byte x = b[p];
            if (x == d || x == '\n' || x == s) {
                break;
            }
            p++;
        }
        if (p < lim) {
            // stop is the delimiter when there is no escape, so an escape here is never the delimiter
            int end = ending(b[p]);
            if (end >= 0) {
                int n = p - start;
                fieldBytes = b;
                fieldOffset = start;
                fieldLength = n;
                rawLength = n;
                rawMatchesNull = isNullMarker(b, start, p);
                lastFieldWasQuoted = false;
                return consumed(p, end);
            }
        }
        return scanPlainSlow(start, p);
    }

    /**
     * The rest of a plain field whose bytes {@code start..p} of the buffer have no escape, delimiter or
     * newline, after an escape at {@code p} or the buffer's end: copied to {@link #field}, since a
     * refill reuses the buffer and escapes change the bytes.
     */
    private int scanPlainSlow(int start, int p) {
        byte[] nm = nullMarker;
        int len = p - start;
        byte[] f = field;
        if (len > f.length) {
            f = field = Arrays.copyOf(f, Math.max(len, f.length * 2));
        }
        System.arraycopy(buf, start, f, 0, len);
        int raw = len;
        boolean matches = len <= nm.length && Arrays.equals(buf, start, p, nm, 0, len);
        pos = p;
        int result;
        while (true) {
            if (pos >= limit && !fill()) {
                result = END_EOF;
                break;
            }
            byte b = buf[pos++];
            if (b == delimiter) {
                result = END_DELIMITER;
                break;
            }
            if (b == '\n') {
                line++;
                result = END_LINE;
                break;
            }
            if (matches) {
                matches = raw < nm.length && nm[raw] == b;
            }
            raw++;
            if (b == escape && escape >= 0) {
                if (pos >= limit && !fill()) {
                    throw fail(fieldLine, fieldIndex + 1, column(fieldIndex), "escape character at end of input");
                }
                byte e = buf[pos++];
                if (matches) {
                    matches = raw < nm.length && nm[raw] == e;
                }
                raw++;
                if (e == '\n') {
                    line++;
                }
                b = unescape(e);
            }
            if (len == f.length) {
                f = field = Arrays.copyOf(f, f.length * 2);
            }
            f[len++] = b;
        }
        fieldBytes = f;
        fieldOffset = 0;
        fieldLength = len;
        rawLength = raw;
        rawMatchesNull = matches && raw == nm.length;
        lastFieldWasQuoted = false;
        return result;
    }

    private int scanQuoted() {
        pos++; // opening quote
        long startLine = line;
        int len = 0;
        byte[] f = field;
        byte q = (byte) quote;
        while (true) {
            if (pos >= limit && !fill()) {
                throw fail(startLine, fieldIndex + 1, column(fieldIndex), "quoted field is not closed before end of input");
            }
            byte b = buf[pos++];
            if (b == q) {
                if (pos >= limit && !fill()) {
                    break;
                }
                if (buf[pos] == q) {
                    pos++;
                } else {
                    break;
                }
            } else if (b == escape && escape >= 0) {
                if (pos >= limit && !fill()) {
                    throw fail(fieldLine, fieldIndex + 1, column(fieldIndex), "escape character at end of input");
                }
                byte e = buf[pos++];
                if (e == '\n') {
                    line++;
                }
                b = unescape(e);
            } else if (b == '\n') {
                line++;
            }
            if (len == f.length) {
                f = field = Arrays.copyOf(f, f.length * 2);
            }
            f[len++] = b;
        }
        fieldBytes = f;
        fieldOffset = 0;
        fieldLength = len;
        rawLength = len + 2;
        rawMatchesNull = false;
        lastFieldWasQuoted = true;
        // After the closing quote: delimiter, end of line or end of input.
        if (pos >= limit && !fill()) {
            return END_EOF;
        }
        byte b = buf[pos++];
        if (b == delimiter) {
            return END_DELIMITER;
        }
        if (b == '\n') {
            line++;
            return END_LINE;
        }
        throw fail(line, fieldIndex + 1, column(fieldIndex),
                "unexpected character '" + printable(b) + "' after the closing quote");
    }

    private static byte unescape(byte e) {
        return switch (e) {
            case '0' -> 0;
            case 'b' -> 8;
            case 'n' -> '\n';
            case 'r' -> '\r';
            case 't' -> '\t';
            case 'Z' -> 26;
            default -> e;
        };
    }

    private ColumnDef column(int index) {
        return index < width ? columns.get(index) : null;
    }

    // ---------------------------------------------------------------- values

    private void store(int c) {
        int r = rows;
        if (rawMatchesNull && !lastFieldWasQuoted) {
            if (!nullable[c]) {
                throw fail(fieldLine, c + 1, columns.get(c), "NULL in a NOT NULL column");
            }
            if (nulls[c] == null) {
                nulls[c] = new boolean[blockRows];
            }
            nulls[c][r] = true;
            // Placeholders: arrays are zero-initialised; object arrays hold null.
            return;
        }
        int n = fieldLength;
        switch (types[c]) {
            case TINYINT -> longs[c][r] = parseInteger(flat(), n, c, -128, 127);
            case SMALLINT -> longs[c][r] = parseInteger(flat(), n, c, Short.MIN_VALUE, Short.MAX_VALUE);
            case INTEGER -> longs[c][r] = parseInteger(flat(), n, c, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case BIGINT -> longs[c][r] = parseInteger(flat(), n, c, Long.MIN_VALUE, Long.MAX_VALUE);
            case BOOLEAN -> longs[c][r] = parseBoolean(flat(), n, c);
            case BIT -> longs[c][r] = parseBit(flat(), n, c);
            case DATE -> longs[c][r] = parseDate(flat(), n, c);
            case TIMESTAMP -> longs[c][r] = parseTimestamp(flat(), n, c);
            case TIME -> longs[c][r] = parseTime(flat(), n, c);
            case FLOAT -> floats[c][r] = parseFloat(flat(), n, c);
            case DOUBLE -> doubles[c][r] = parseDouble(flat(), n, c);
            case DECIMAL -> strings[c][r] = parseDecimal(flat(), n, c);
            case CHAR, VARCHAR -> strings[c][r] = n == 1 ? oneByteString() : new String(fieldBytes, fieldOffset, n, charset);
            case VARBINARY -> bytes[c][r] = Arrays.copyOfRange(fieldBytes, fieldOffset, fieldOffset + n);
        }
    }

    private String oneByteString() {
        int b = fieldBytes[fieldOffset] & 0xff;
        String s = oneByteStrings[b];
        if (s == null) {
            s = oneByteStrings[b] = new String(fieldBytes, fieldOffset, 1, charset);
        }
        return s;
    }

    /**
     * The field's bytes at offset 0 of {@link #field}, where the parsers read them. Text and binary
     * columns take their bytes from wherever they are; numbers get here only when the direct parsers
     * declined the field, so the copy is rare.
     */
    private byte[] flat() {
        if (fieldBytes != field) {
            int n = fieldLength;
            if (n > field.length) {
                field = new byte[Math.max(n, field.length * 2)];
            }
            System.arraycopy(fieldBytes, fieldOffset, field, 0, n);
            fieldBytes = field;
            fieldOffset = 0;
        }
        return field;
    }

    private long parseInteger(byte[] f, int n, int c, long min, long max) {
        if (n == 0) {
            throw badValue(c, "empty value is not an integer");
        }
        int i = 0;
        boolean negative = false;
        if (f[0] == '-' || f[0] == '+') {
            negative = f[0] == '-';
            i = 1;
            if (n == 1) {
                throw badValue(c, "'" + text(f, n) + "' is not an integer");
            }
        }
        // Accumulate negatively so Long.MIN_VALUE parses.
        long v = 0;
        for (; i < n; i++) {
            int d = f[i] - '0';
            if (d < 0 || d > 9) {
                throw badValue(c, "'" + text(f, n) + "' is not an integer");
            }
            if (v < (Long.MIN_VALUE + d) / 10) {
                throw badValue(c, "'" + text(f, n) + "' is out of range for " + types[c]);
            }
            v = v * 10 - d;
        }
        if (!negative) {
            if (v == Long.MIN_VALUE) {
                throw badValue(c, "'" + text(f, n) + "' is out of range for " + types[c]);
            }
            v = -v;
        }
        if (v < min || v > max) {
            throw badValue(c, "'" + text(f, n) + "' is out of range for " + types[c]);
        }
        return v;
    }

    private long parseBoolean(byte[] f, int n, int c) {
        String s = text(f, n);
        return switch (s.toLowerCase(java.util.Locale.ROOT)) {
            case "1", "true", "t" -> 1;
            case "0", "false", "f" -> 0;
            default -> throw badValue(c, "'" + s + "' is not a boolean");
        };
    }

    private long parseBit(byte[] f, int n, int c) {
        int bits = Math.max(1, columns.get(c).length());
        long v;
        if (n >= 3 && (f[0] == 'b' || f[0] == 'B') && f[1] == '\'' && f[n - 1] == '\'') {
            v = 0;
            if (n - 3 > 64) {
                throw badValue(c, "bit literal longer than 64 bits");
            }
            for (int i = 2; i < n - 1; i++) {
                if (f[i] != '0' && f[i] != '1') {
                    throw badValue(c, "'" + text(f, n) + "' is not a bit literal");
                }
                v = (v << 1) | (f[i] - '0');
            }
        } else if (n > 0 && allDigits(f, n)) {
            v = parseInteger(f, n, c, 0, Long.MAX_VALUE);
        } else if (n == (bits + 7) / 8) {
            v = 0;
            for (int i = 0; i < n; i++) {
                v = (v << 8) | (f[i] & 0xff);
            }
        } else {
            throw badValue(c, "'" + text(f, n) + "' is not a BIT(" + bits + ") value (raw bytes, b'...' or digits)");
        }
        if (bits < 64 && (v >>> bits) != 0) {
            throw badValue(c, "value " + Long.toUnsignedString(v) + " does not fit in BIT(" + bits + ")");
        }
        return v;
    }

    private static boolean allDigits(byte[] f, int n) {
        for (int i = 0; i < n; i++) {
            if (f[i] < '0' || f[i] > '9') {
                return false;
            }
        }
        return true;
    }

    /** Digits, sign, point and exponent scanned once; exact fast paths, else the JDK's correctly rounded parser. */
    private double parseDouble(byte[] f, int n, int c) {
        double v = fastDouble(f, 0, n);
        boolean whole = fastEnd == n;
        return fastOk && whole ? v : slowDouble(f, n, c, fastDigits && whole);
    }

    private boolean fastOk;
    private boolean fastDigits;
    private int fastEnd;

    /**
     * Reads a plain number from {@code f[from..]}, stopping at {@code to} or the first byte that cannot
     * continue it: {@link #fastEnd} is where it stopped. The text up to there is a well-formed number
     * when {@link #fastDigits}, and then, when {@link #fastOk}, the result is its exact value. Callers
     * check that the field ends at {@link #fastEnd}; stopping early rather than failing lets
     * {@link #readDouble} parse a field before it knows where the field ends.
     */
    private double fastDouble(byte[] f, int from, int to) {
        fastOk = false;
        int n = to;
        int i = from;
        boolean negative = false;
        if (i < n && (f[i] == '-' || f[i] == '+')) {
            negative = f[i] == '-';
            i++;
        }
        long mantissa = 0;
        int exponent = 0;
        boolean digits = false;
        boolean exact = true;
        // Blocks of digits first, then the rest (and digits past the mantissa's 18) one at a time.
        int blocks = digitBlocks(f, i, n, mantissa);
        digits = blocks > i;
        mantissa = blockValue;
        i = blocks;
        for (; i < n; i++) {
            int d = f[i] - '0';
            if (d < 0 || d > 9) {
                break;
            }
            digits = true;
            if (mantissa < 100_000_000_000_000_000L) {
                mantissa = mantissa * 10 + d;
            } else {
                exponent++;
                exact &= d == 0;
            }
        }
        if (i < n && f[i] == '.') {
            i++;
            blocks = digitBlocks(f, i, n, mantissa);
            digits |= blocks > i;
            exponent -= blocks - i;
            mantissa = blockValue;
            i = blocks;
            for (; i < n; i++) {
                int d = f[i] - '0';
                if (d < 0 || d > 9) {
                    break;
                }
                digits = true;
                if (mantissa < 100_000_000_000_000_000L) {
                    mantissa = mantissa * 10 + d;
                    exponent--;
                } else {
                    exact &= d == 0;
                }
            }
        }
        if (i < n && (f[i] == 'e' || f[i] == 'E') && digits) {
            i++;
            boolean negExp = false;
            if (i < n && (f[i] == '-' || f[i] == '+')) {
                negExp = f[i] == '-';
                i++;
            }
            int e = 0;
            boolean expDigits = false;
            for (; i < n; i++) {
                int d = f[i] - '0';
                if (d < 0 || d > 9) {
                    break;
                }
                expDigits = true;
                if (e < 100_000) {
                    e = e * 10 + d;
                }
            }
            if (!expDigits) {
                digits = false;
            }
            exponent += negExp ? -e : e;
        }
        fastEnd = i;
        fastDigits = digits;
        if (digits && exact) {
            if (mantissa == 0) {
                fastOk = true;
                return negative ? -0.0 : 0.0;
            }
            if (mantissa <= (1L << 53) && exponent >= -22 && exponent <= 22) {
                double v = exponent >= 0 ? mantissa * POW10[exponent] : mantissa / POW10[-exponent];
                fastOk = true;
                return negative ? -v : v;
            }
            long bits = EiselLemire.toDoubleBits(mantissa, exponent, negative);
            if (bits != EiselLemire.FAILED) {
                fastOk = true;
                return Double.longBitsToDouble(bits);
            }
        }
        return 0;
    }

    private float parseFloat(byte[] f, int n, int c) {
        // Fast path only where float arithmetic is exact; otherwise parse the text straight to float.
        int i = 0;
        boolean negative = false;
        if (n > 0 && (f[0] == '-' || f[0] == '+')) {
            negative = f[0] == '-';
            i = 1;
        }
        long mantissa = 0;
        int exponent = 0;
        int significant = 0;
        boolean digits = false;
        boolean exact = true;
        for (; i < n; i++) {
            int d = f[i] - '0';
            if (d < 0 || d > 9) {
                break;
            }
            digits = true;
            if (significant < 9) {
                mantissa = mantissa * 10 + d;
                if (mantissa != 0) {
                    significant++;
                }
            } else {
                exact = false;
            }
        }
        if (i < n && f[i] == '.') {
            i++;
            for (; i < n; i++) {
                int d = f[i] - '0';
                if (d < 0 || d > 9) {
                    break;
                }
                digits = true;
                if (significant < 9) {
                    mantissa = mantissa * 10 + d;
                    exponent--;
                    if (mantissa != 0) {
                        significant++;
                    }
                } else {
                    exact = false;
                }
            }
        }
        if (i < n && (f[i] == 'e' || f[i] == 'E') && digits) {
            i++;
            boolean negExp = false;
            if (i < n && (f[i] == '-' || f[i] == '+')) {
                negExp = f[i] == '-';
                i++;
            }
            int e = 0;
            boolean expDigits = false;
            for (; i < n; i++) {
                int d = f[i] - '0';
                if (d < 0 || d > 9) {
                    break;
                }
                expDigits = true;
                if (e < 100_000) {
                    e = e * 10 + d;
                }
            }
            if (!expDigits) {
                digits = false;
            }
            exponent += negExp ? -e : e;
        }
        if (digits && i == n && exact) {
            if (mantissa == 0) {
                return negative ? -0.0f : 0.0f;
            }
            if (mantissa < (1L << 24) && exponent >= -10 && exponent <= 10) {
                float v = exponent >= 0 ? mantissa * POW10F[exponent] : mantissa / POW10F[-exponent];
                return negative ? -v : v;
            }
        }
        // The correctly rounded double, narrowed: exact unless the double sits on a midpoint between two
        // floats (x and its double rounding are then on the same side of every float midpoint).
        double d = fastDouble(f, 0, n);
        if (fastOk && fastEnd == n) {
            double abs = Math.abs(d);
            long bits = Double.doubleToRawLongBits(d);
            if ((bits & 0x1FFFFFFFL) != 0x10000000L && (abs == 0 || (abs >= Float.MIN_NORMAL && abs <= Float.MAX_VALUE))) {
                return (float) d;
            }
        }
        return (float) slowDouble(f, n, c, digits && i == n, true);
    }

    private double slowDouble(byte[] f, int n, int c, boolean wellFormed) {
        return slowDouble(f, n, c, wellFormed, false);
    }

    /**
     * Numbers the fast path cannot do exactly, and the special values. For FLOAT columns the text is
     * parsed with {@link Float#parseFloat} (returned widened: exact), never through a double.
     */
    private double slowDouble(byte[] f, int n, int c, boolean wellFormed, boolean asFloat) {
        String s = text(f, n);
        if (!wellFormed) {
            String lower = s.toLowerCase(java.util.Locale.ROOT);
            switch (lower) {
                case "nan", "+nan", "-nan" -> {
                    return Double.NaN;
                }
                case "inf", "+inf", "infinity", "+infinity" -> {
                    return Double.POSITIVE_INFINITY;
                }
                case "-inf", "-infinity" -> {
                    return Double.NEGATIVE_INFINITY;
                }
                default -> throw badValue(c, n == 0 ? "empty value is not a number" : "'" + s + "' is not a number");
            }
        }
        try {
            return asFloat ? Float.parseFloat(s) : Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw badValue(c, "'" + s + "' is not a number");
        }
    }

    private String parseDecimal(byte[] f, int n, int c) {
        ColumnDef col = columns.get(c);
        int i = 0;
        if (n > 0 && (f[0] == '-' || f[0] == '+')) {
            i = 1;
        }
        int intDigits = 0;
        int fracDigits = 0;
        boolean point = false;
        for (; i < n; i++) {
            byte b = f[i];
            if (b >= '0' && b <= '9') {
                if (point) {
                    fracDigits++;
                } else if (intDigits > 0 || b != '0') {
                    intDigits++;
                }
            } else if (b == '.' && !point) {
                point = true;
            } else {
                throw badValue(c, "'" + text(f, n) + "' is not a decimal number");
            }
        }
        int precision = col.length() > 0 ? col.length() : 18;
        int scale = Math.max(0, col.scale());
        if ((intDigits == 0 && fracDigits == 0 && !hasDigit(f, n)) || intDigits > precision - scale) {
            throw badValue(c, "'" + text(f, n) + "' does not fit DECIMAL(" + precision + "," + scale + ")");
        }
        return text(f, n);
    }

    private static boolean hasDigit(byte[] f, int n) {
        for (int i = 0; i < n; i++) {
            if (f[i] >= '0' && f[i] <= '9') {
                return true;
            }
        }
        return false;
    }

    private long parseDate(byte[] f, int n, int c) {
        if (n != 10 || f[4] != '-' || f[7] != '-') {
            throw badValue(c, "'" + text(f, n) + "' is not a date YYYY-MM-DD");
        }
        return epochDay(f, c, n);
    }

    private long epochDay(byte[] f, int c, int n) {
        int y = digits(f, 0, 4, c, n);
        int m = digits(f, 5, 2, c, n);
        int d = digits(f, 8, 2, c, n);
        try {
            return java.time.LocalDate.of(y, m, d).toEpochDay();
        } catch (java.time.DateTimeException e) {
            throw badValue(c, "'" + text(f, n) + "' is not a valid date (" + e.getMessage() + ")");
        }
    }

    private long parseTimestamp(byte[] f, int n, int c) {
        if (n == 10) {
            return parseDate(f, n, c) * 86_400_000_000L;
        }
        if (n < 19 || f[4] != '-' || f[7] != '-' || (f[10] != ' ' && f[10] != 'T') || f[13] != ':' || f[16] != ':') {
            throw badValue(c, "'" + text(f, n) + "' is not a timestamp YYYY-MM-DD HH:MM:SS[.ffffff]");
        }
        long day = epochDay(f, c, n);
        int h = digits(f, 11, 2, c, n);
        int mi = digits(f, 14, 2, c, n);
        int s = digits(f, 17, 2, c, n);
        if (h > 23 || mi > 59 || s > 59) {
            throw badValue(c, "'" + text(f, n) + "' has an invalid time of day");
        }
        long micros = fraction(f, 19, n, c);
        return ((day * 24 + h) * 60 + mi) * 60_000_000L + s * 1_000_000L + micros;
    }

    private long parseTime(byte[] f, int n, int c) {
        int i = 0;
        boolean negative = n > 0 && f[0] == '-';
        if (negative) {
            i = 1;
        }
        int colon = -1;
        for (int k = i; k < n; k++) {
            if (f[k] == ':') {
                colon = k;
                break;
            }
        }
        if (colon <= i || colon + 6 > n || f[colon + 3] != ':') {
            throw badValue(c, "'" + text(f, n) + "' is not a time [-]H:MM:SS[.ffffff]");
        }
        int h = digits(f, i, colon - i, c, n);
        int mi = digits(f, colon + 1, 2, c, n);
        int s = digits(f, colon + 4, 2, c, n);
        if (mi > 59 || s > 59) {
            throw badValue(c, "'" + text(f, n) + "' has invalid minutes or seconds");
        }
        long v = (h * 3600L + mi * 60L + s) * 1_000_000L + fraction(f, colon + 6, n, c);
        return negative ? -v : v;
    }

    private long fraction(byte[] f, int at, int n, int c) {
        if (at == n) {
            return 0;
        }
        if (f[at] != '.' || n - at - 1 < 1 || n - at - 1 > 9) {
            throw badValue(c, "'" + text(f, n) + "' has an invalid fractional second");
        }
        long micros = 0;
        int len = n - at - 1;
        for (int k = 0; k < 6; k++) {
            micros *= 10;
            if (k < len) {
                int d = f[at + 1 + k] - '0';
                if (d < 0 || d > 9) {
                    throw badValue(c, "'" + text(f, n) + "' has an invalid fractional second");
                }
                micros += d;
            }
        }
        for (int k = 6; k < len; k++) {
            int d = f[at + 1 + k] - '0';
            if (d < 0 || d > 9) {
                throw badValue(c, "'" + text(f, n) + "' has an invalid fractional second");
            }
        }
        return micros;
    }

    private int digits(byte[] f, int at, int count, int c, int n) {
        int v = 0;
        for (int k = at; k < at + count; k++) {
            int d = f[k] - '0';
            if (d < 0 || d > 9) {
                throw badValue(c, "'" + text(f, n) + "' is not a valid " + types[c]);
            }
            v = v * 10 + d;
        }
        return v;
    }

    // ---------------------------------------------------------------- errors

    private static String text(byte[] f, int n) {
        int shown = Math.min(n, 64);
        StringBuilder sb = new StringBuilder(shown + 3);
        for (int i = 0; i < shown; i++) {
            sb.append(printable(f[i]));
        }
        if (n > shown) {
            sb.append("...");
        }
        return sb.toString();
    }

    private static String printable(byte b) {
        int v = b & 0xff;
        return v >= 32 && v < 127 ? String.valueOf((char) v) : String.format("\\x%02x", v);
    }

    private SkyshardException badValue(int c, String reason) {
        return fail(fieldLine, c + 1, columns.get(c), reason);
    }

    private SkyshardException fail(long atLine, int columnNumber, ColumnDef column, String reason) {
        String col = column == null ? "column " + columnNumber : "column " + columnNumber + " (" + column.name() + ")";
        return new SkyshardException(IngestErrorCode.MALFORMED_INPUT, source + " line " + atLine + ", " + col + ": " + reason);
    }

    private SkyshardException failRow(long atLine, String reason) {
        return new SkyshardException(IngestErrorCode.MALFORMED_INPUT, source + " line " + atLine + ": " + reason);
    }

    private static void closeQuietly(InputStream s) {
        try {
            s.close();
        } catch (IOException | UncheckedIOException ignored) {
            // Nothing useful to do: the data has been read or the read already failed.
        }
    }
}
