package io.skyshard.server.config;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.error.SkyshardException;
import io.skyshard.server.ServerErrorCode;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The settings of one role, read from a Java properties file plus command-line overrides.
 *
 * <p>Parsing is strict on purpose: a misspelt key silently falling back to a default is how an
 * operator ends up with a worker on the wrong port, so an unknown key, a malformed value or a
 * missing required key fails at start-up with the key and its source (file or command line) named.
 * Values are trimmed; an empty value is "not set" for required keys.
 */
public final class RoleConfig {
    private final Map<String, String> values;
    private final Map<String, String> sources;

    private RoleConfig(Map<String, String> values, Map<String, String> sources) {
        this.values = Map.copyOf(values);
        this.sources = Map.copyOf(sources);
    }

    /**
     * Reads {@code file} (may be null: defaults and overrides only) and applies {@code overrides}
     * (key -> value from the command line), rejecting any key not in {@code knownKeys}.
     */
    public static RoleConfig load(Path file, Map<String, String> overrides, Set<String> knownKeys) {
        requireNonNull(overrides, "overrides");
        requireNonNull(knownKeys, "knownKeys");
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> sources = new LinkedHashMap<>();
        if (file != null) {
            Properties props = new Properties();
            if (!Files.isRegularFile(file)) {
                throw invalid("configuration file " + file + " does not exist or is not a regular file");
            }
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                props.load(reader);
            } catch (IOException | IllegalArgumentException e) {
                throw invalid("cannot read configuration file " + file + ": " + e.getMessage());
            }
            for (String key : new TreeSet<>(props.stringPropertyNames())) {
                String source = "configuration file " + file;
                checkKnown(key, source, knownKeys);
                values.put(key, props.getProperty(key).trim());
                sources.put(key, source);
            }
        }
        overrides.forEach((key, value) -> {
            String source = "command line";
            checkKnown(key, source, knownKeys);
            values.put(key, requireNonNull(value, key).trim());
            sources.put(key, source);
        });
        return new RoleConfig(values, sources);
    }

    /** Parses properties text directly (tests, embedded defaults). */
    public static RoleConfig of(Map<String, String> values, Set<String> knownKeys) {
        return load(null, values, knownKeys);
    }

    private static void checkKnown(String key, String source, Set<String> knownKeys) {
        if (!knownKeys.contains(key)) {
            throw invalid("unknown configuration key '" + key + "' in " + source
                    + " (known keys: " + String.join(", ", new TreeSet<>(knownKeys)) + ")");
        }
    }

    public boolean contains(String key) {
        String v = values.get(key);
        return v != null && !v.isEmpty();
    }

    public String string(String key) {
        if (!contains(key)) {
            throw invalid("missing required configuration key '" + key + "'");
        }
        return values.get(key);
    }

    public String string(String key, String defaultValue) {
        return contains(key) ? values.get(key) : defaultValue;
    }

    public int integer(String key, int defaultValue, int min, int max) {
        if (!contains(key)) {
            return defaultValue;
        }
        String raw = values.get(key);
        int v;
        try {
            v = Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw bad(key, raw, "an integer");
        }
        if (v < min || v > max) {
            throw bad(key, raw, "an integer in " + min + ".." + max);
        }
        return v;
    }

    /** A TCP port; 0 means "any free port". */
    public int port(String key, int defaultValue) {
        return integer(key, defaultValue, 0, 65_535);
    }

    /** A size in bytes: a plain number or one with a k/m/g/t suffix (binary multiples), e.g. {@code 4g}. */
    public long bytes(String key, long defaultValue) {
        if (!contains(key)) {
            return defaultValue;
        }
        String raw = values.get(key);
        String s = raw.toLowerCase(Locale.ROOT);
        if (s.endsWith("b")) {
            s = s.substring(0, s.length() - 1);
        }
        long multiplier = 1;
        if (!s.isEmpty()) {
            switch (s.charAt(s.length() - 1)) {
                case 'k' -> multiplier = 1L << 10;
                case 'm' -> multiplier = 1L << 20;
                case 'g' -> multiplier = 1L << 30;
                case 't' -> multiplier = 1L << 40;
                default -> { }
            }
            if (multiplier != 1) {
                s = s.substring(0, s.length() - 1);
            }
        }
        try {
            long v = Long.parseLong(s.trim());
            if (v <= 0) {
                throw bad(key, raw, "a positive size such as 4g, 512m or 1073741824");
            }
            return Math.multiplyExact(v, multiplier);
        } catch (NumberFormatException | ArithmeticException e) {
            throw bad(key, raw, "a positive size such as 4g, 512m or 1073741824");
        }
    }

    public Path path(String key, Path defaultValue) {
        if (!contains(key)) {
            return defaultValue;
        }
        try {
            return Path.of(values.get(key));
        } catch (RuntimeException e) {
            throw bad(key, values.get(key), "a file system path");
        }
    }

    /** A {@code host:port} gRPC target, e.g. {@code 127.0.0.1:8091}. */
    public String endpoint(String key, String defaultValue) {
        String raw = string(key, defaultValue);
        int colon = raw.lastIndexOf(':');
        if (colon <= 0 || colon == raw.length() - 1) {
            throw bad(key, raw, "host:port");
        }
        try {
            int port = Integer.parseInt(raw.substring(colon + 1));
            if (port < 1 || port > 65_535) {
                throw bad(key, raw, "host:port with a port in 1..65535");
            }
        } catch (NumberFormatException e) {
            throw bad(key, raw, "host:port");
        }
        return raw;
    }

    /**
     * Users and passwords: a comma-separated list of {@code user:password}; an empty password
     * ({@code qsmaster:}) means the user logs in without one.
     */
    public Map<String, String> users(String key, Map<String, String> defaultValue) {
        if (!contains(key)) {
            return defaultValue;
        }
        String raw = values.get(key);
        Map<String, String> users = new LinkedHashMap<>();
        for (String entry : raw.split(",")) {
            String e = entry.trim();
            int colon = e.indexOf(':');
            if (colon <= 0) {
                throw bad(key, raw, "a comma-separated list of user:password (empty password allowed, e.g. qsmaster:)");
            }
            String user = e.substring(0, colon).trim();
            if (users.put(user, e.substring(colon + 1)) != null) {
                throw bad(key, raw, "a list without repeated users ('" + user + "' appears twice)");
            }
        }
        return Map.copyOf(users);
    }

    /** An error naming a key whose value is not one of the expected ones (for settings with their own checks). */
    public SkyshardException invalidValue(String key, String raw, String expected) {
        return bad(key, raw, expected);
    }

    private SkyshardException bad(String key, String raw, String expected) {
        return invalid("invalid value '" + raw + "' for configuration key '" + key + "' (from "
                + sources.getOrDefault(key, "defaults") + "): expected " + expected);
    }

    static SkyshardException invalid(String message) {
        return new SkyshardException(ServerErrorCode.INVALID_CONFIGURATION, message);
    }
}
