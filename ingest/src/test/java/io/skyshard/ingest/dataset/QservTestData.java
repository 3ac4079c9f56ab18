package io.skyshard.ingest.dataset;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Locates the Qserv test catalogs (../../shared/datasets/qserv-testdata from the module directory)
 * and splits their files into raw records independently of the reader under test: only record and
 * field boundaries (unescaped delimiters and newlines outside quotes), no value parsing.
 */
final class QservTestData {
    static final List<String> CASES = List.of("case01", "case02", "case03", "case04", "case05");

    private QservTestData() {
    }

    static Path root() {
        Path p = Path.of("../../shared/datasets/qserv-testdata").toAbsolutePath().normalize();
        assertThat(p.resolve("case01/ingest/database.json")).as("Qserv test datasets beside the repository").exists();
        return p;
    }

    static Path dataset(String name) {
        return root().resolve(name);
    }

    /** Raw field texts (escapes kept) of every record. */
    static List<List<String>> records(Path file, char delimiter, char quote) throws IOException {
        byte[] data;
        try (InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(file)) : Files.newInputStream(file)) {
            data = in.readAllBytes();
        }
        List<List<String>> out = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean inQuotes = false;
        for (int i = 0; i < data.length; i++) {
            char c = (char) (data[i] & 0xff);
            if (c == '\\' && i + 1 < data.length) {
                field.append(c).append((char) (data[++i] & 0xff));
            } else if (quote != 0 && c == quote) {
                inQuotes = !inQuotes;
            } else if (!inQuotes && c == delimiter) {
                row.add(field.toString());
                field.setLength(0);
            } else if (!inQuotes && c == '\n') {
                row.add(field.toString());
                field.setLength(0);
                out.add(row);
                row = new ArrayList<>();
            } else {
                field.append(c);
            }
        }
        if (field.length() > 0 || !row.isEmpty()) {
            row.add(field.toString());
            out.add(row);
        }
        return out;
    }
}
