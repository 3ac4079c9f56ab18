package io.skyshard.ingest.reader;

import io.skyshard.common.error.SkyshardException;
import io.skyshard.ingest.IngestErrorCode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Takes the first lines of a delimited file (a header with column names, or lines to skip) off its
 * stream, decompressing gzip first; the rest of the stream goes to a {@link DelimitedReader} told
 * which line it starts on.
 *
 * @param data   the input after the lines taken (already decompressed)
 * @param fields the fields of each line taken, split on the delimiter, surrounding quotes removed
 */
public record LeadingLines(InputStream data, List<List<String>> fields) {
    private static final int MAX_LINE = 1 << 20;

    public static LeadingLines take(InputStream input, int count, DelimitedFormat format, String source) {
        try {
            BufferedInputStream b = new BufferedInputStream(input, 1 << 16);
            b.mark(2);
            int m1 = b.read();
            int m2 = b.read();
            b.reset();
            InputStream in = m1 == 0x1f && m2 == 0x8b ? new BufferedInputStream(new GZIPInputStream(b, 1 << 16), 1 << 16) : b;
            List<List<String>> lines = new ArrayList<>();
            for (int n = 0; n < count; n++) {
                ByteArrayOutputStream line = new ByteArrayOutputStream();
                int c;
                while ((c = in.read()) >= 0 && c != '\n') {
                    if (line.size() >= MAX_LINE) {
                        throw new SkyshardException(IngestErrorCode.MALFORMED_INPUT, source + " line " + (n + 1)
                                + ": longer than " + MAX_LINE + " bytes, not a header line");
                    }
                    line.write(c);
                }
                if (c < 0 && line.size() == 0) {
                    throw new SkyshardException(IngestErrorCode.MALFORMED_INPUT, source + ": ends before its " + count
                            + " leading line(s)");
                }
                lines.add(split(line.toString(format.charset()), format));
            }
            return new LeadingLines(in, lines);
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new SkyshardException(IngestErrorCode.MALFORMED_INPUT, source + " line 1: compressed data is truncated or corrupt ("
                    + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw new SkyshardException(IngestErrorCode.INPUT_UNREADABLE, source + ": read failed: " + e.getMessage(), e);
        }
    }

    private static List<String> split(String line, DelimitedFormat format) {
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        List<String> out = new ArrayList<>();
        char d = (char) format.delimiter();
        int start = 0;
        for (int i = 0; i <= line.length(); i++) {
            if (i == line.length() || line.charAt(i) == d) {
                String f = line.substring(start, i).strip();
                if (format.quote() >= 0 && f.length() >= 2 && f.charAt(0) == format.quote() && f.charAt(f.length() - 1) == format.quote()) {
                    f = f.substring(1, f.length() - 1);
                }
                out.add(f);
                start = i + 1;
            }
        }
        return out;
    }
}
