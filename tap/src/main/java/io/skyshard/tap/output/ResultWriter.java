package io.skyshard.tap.output;

import io.skyshard.common.error.SkyshardException;
import io.skyshard.tap.TapErrorCode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import uk.ac.starlink.votable.DataFormat;
import uk.ac.starlink.votable.VOSerializer;
import uk.ac.starlink.votable.VOTableVersion;

/**
 * Writes a result in the requested format while the rows stream in. VOTables follow DALI: a
 * {@code RESOURCE type="results"} with {@code QUERY_STATUS=OK} before the table and, when MAXREC cut
 * the result, {@code QUERY_STATUS=OVERFLOW} after it; an error after rows went out becomes a
 * trailing {@code QUERY_STATUS=ERROR}. CSV and TSV carry a header line and nothing else (an
 * overflow cannot be marked in them).
 */
public final class ResultWriter {
    static final VOTableVersion VERSION = VOTableVersion.V14;

    private ResultWriter() {
    }

    /**
     * @param infos extra INFO elements written before the table (name -> value), e.g. the query
     */
    public static void write(ResultTable table, ResponseFormat format, Map<String, String> infos, OutputStream out)
            throws IOException {
        switch (format) {
            case VOTABLE_BINARY2 -> votable(table, DataFormat.BINARY2, infos, out);
            case VOTABLE_TABLEDATA -> votable(table, DataFormat.TABLEDATA, infos, out);
            case CSV -> delimited(table, ',', out);
            case TSV -> delimited(table, '\t', out);
        }
    }

    private static void votable(ResultTable table, DataFormat data, Map<String, String> infos, OutputStream out)
            throws IOException {
        BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        VoDocuments.startResults(w, "OK");
        for (Map.Entry<String, String> info : infos.entrySet()) {
            VoDocuments.info(w, info.getKey(), info.getValue(), null);
        }
        VOSerializer serializer = VOSerializer.makeSerializer(data, VERSION, table);
        w.write("<TABLE>\n");
        serializer.writeFields(w);
        try {
            serializer.writeInlineDataElement(w);
        } catch (IOException | RuntimeException e) {
            // the status line is gone: close the document with the error so the client sees it
            w.write("</TABLE>\n");
            VoDocuments.info(w, "QUERY_STATUS", "ERROR", SkyshardException.wrap(unwrap(e)).getMessage());
            VoDocuments.endResults(w);
            w.flush();
            throw e;
        }
        w.write("</TABLE>\n");
        if (table.overflowed()) {
            VoDocuments.info(w, "QUERY_STATUS", "OVERFLOW", null);
        }
        VoDocuments.endResults(w);
        w.flush();
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof IOException && e.getCause() != null ? e.getCause() : e;
    }

    private static void delimited(ResultTable table, char separator, OutputStream out) throws IOException {
        BufferedWriter w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        int n = table.getColumnCount();
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                w.write(separator);
            }
            w.write(field(table.getColumnInfo(i).getName(), separator));
        }
        w.write(separator == ',' ? "\r\n" : "\n");
        try {
            for (Object[] row : table.rowsForText()) {
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        w.write(separator);
                    }
                    w.write(field(text(row[i]), separator));
                }
                w.write(separator == ',' ? "\r\n" : "\n");
            }
        } catch (IllegalStateException e) {
            throw new SkyshardException(TapErrorCode.INTERNAL, "writing the result failed: " + e.getMessage(), e.getCause());
        }
        w.flush();
    }

    private static String text(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof short[] bytes) {
            StringBuilder hex = new StringBuilder();
            for (short b : bytes) {
                hex.append(String.format("%02x", b));
            }
            return hex.toString();
        }
        return v.toString();
    }

    /** RFC 4180 quoting for CSV; backslash escapes of tab, newline and backslash for TSV. */
    static String field(String s, char separator) {
        if (separator == ',') {
            if (s.indexOf(',') < 0 && s.indexOf('"') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
                return s;
            }
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }
}
