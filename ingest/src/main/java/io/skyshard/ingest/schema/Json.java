package io.skyshard.ingest.schema;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.ingest.IngestErrorCode;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads Qserv configuration JSON with errors that name the file and the key. Qserv tools write numbers
 * both as JSON numbers and as strings ({@code "is_partitioned": "1"}), so both are accepted.
 */
public final class Json {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {
    }

    public static Node readObject(Path file) {
        try {
            JsonNode n = MAPPER.readTree(file.toFile());
            if (n == null || !n.isObject()) {
                throw new SkyshardException(IngestErrorCode.INVALID_TABLE_CONFIG, file + ": expected a JSON object");
            }
            return new Node(n, file.toString(), "");
        } catch (NoSuchFileException e) {
            throw new SkyshardException(IngestErrorCode.INPUT_UNREADABLE, file + ": file not found", e);
        } catch (JacksonException e) {
            throw new SkyshardException(IngestErrorCode.INVALID_TABLE_CONFIG, file + ": invalid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr()), e);
        } catch (IOException e) {
            throw new SkyshardException(IngestErrorCode.INPUT_UNREADABLE, file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Parses a JSON request body from its bytes, so that bytes that are not UTF-8 are an error
     * (decoding them to a String first would turn them silently into U+FFFD, e.g. in a name).
     */
    public static Node readObject(byte[] utf8, String source) {
        try {
            return object(MAPPER.readTree(utf8), source);
        } catch (JacksonException e) {
            throw invalid(source, e);
        } catch (java.io.IOException e) {
            throw new SkyshardException(IngestErrorCode.INVALID_TABLE_CONFIG, source + ": cannot read JSON: " + e.getMessage(), e);
        }
    }

    private static Node object(JsonNode n, String source) {
        if (n == null || !n.isObject()) {
            throw new SkyshardException(IngestErrorCode.INVALID_TABLE_CONFIG, source + ": expected a JSON object");
        }
        return new Node(n, source, "");
    }

    private static SkyshardException invalid(String source, JacksonException e) {
        return new SkyshardException(IngestErrorCode.INVALID_TABLE_CONFIG, source + ": invalid JSON: " + e.getOriginalMessage()
                + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr()), e);
    }

    /** Parses JSON text (a request body); {@code source} names it in errors. */
    public static Node readObject(String text, String source) {
        try {
            JsonNode n = MAPPER.readTree(text);
            if (n == null || !n.isObject()) {
                throw new SkyshardException(IngestErrorCode.INVALID_TABLE_CONFIG, source + ": expected a JSON object");
            }
            return new Node(n, source, "");
        } catch (JacksonException e) {
            throw new SkyshardException(IngestErrorCode.INVALID_TABLE_CONFIG, source + ": invalid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + " column " + e.getLocation().getColumnNr()), e);
        }
    }

    /** A JSON value with its file and path, for error messages. */
    public record Node(JsonNode node, String file, String path) {
        public Optional<Node> get(String key) {
            JsonNode v = node.get(key);
            return v == null || v.isNull() ? Optional.empty() : Optional.of(new Node(v, file, path.isEmpty() ? key : path + "." + key));
        }

        public Node required(String key) {
            return get(key).orElseThrow(() -> error("'" + qualified(key) + "' is missing"));
        }

        public String requiredText(String key) {
            Node v = required(key);
            if (!v.node.isValueNode()) {
                throw error("'" + qualified(key) + "' must be a string");
            }
            return v.node.asText();
        }

        public Optional<String> text(String key) {
            return get(key).map(v -> {
                if (!v.node.isValueNode()) {
                    throw error("'" + qualified(key) + "' must be a string");
                }
                return v.node.asText();
            });
        }

        public int requiredInt(String key) {
            return required(key).asInt();
        }

        public double requiredDouble(String key) {
            return required(key).asDouble();
        }

        public int asInt() {
            if (node.isIntegralNumber() && node.canConvertToInt()) {
                return node.intValue();
            }
            if (node.isTextual()) {
                try {
                    return Integer.parseInt(node.textValue().strip());
                } catch (NumberFormatException ignored) {
                    // reported below
                }
            }
            throw new SkyshardException(IngestErrorCode.INVALID_TABLE_CONFIG, file + ": '" + path + "' must be an integer, got " + node);
        }

        public double asDouble() {
            if (node.isNumber()) {
                return node.doubleValue();
            }
            if (node.isTextual()) {
                try {
                    return Double.parseDouble(node.textValue().strip());
                } catch (NumberFormatException ignored) {
                    // reported below
                }
            }
            throw new SkyshardException(IngestErrorCode.INVALID_TABLE_CONFIG, file + ": '" + path + "' must be a number, got " + node);
        }

        public List<Node> elements() {
            if (!node.isArray()) {
                throw new SkyshardException(IngestErrorCode.INVALID_TABLE_CONFIG, file + ": '" + path + "' must be an array");
            }
            List<Node> out = new ArrayList<>();
            for (int i = 0; i < node.size(); i++) {
                out.add(new Node(node.get(i), file, path + "[" + i + "]"));
            }
            return out;
        }

        public SkyshardException error(String message) {
            return new SkyshardException(IngestErrorCode.INVALID_TABLE_CONFIG, file + ": " + message);
        }

        private String qualified(String key) {
            return path.isEmpty() ? key : path + "." + key;
        }
    }
}
