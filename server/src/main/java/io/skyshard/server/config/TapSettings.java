package io.skyshard.server.config;

import io.skyshard.tap.TapConfig;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Settings of the TAP service in a czar's configuration (keys {@code tap.*}).
 *
 * @param uploadHosts    hosts UPLOAD=name,http://... may fetch from; empty: inline uploads only
 * @param authentication true when TAP requests must log in (HTTP Basic, the czar's users) and see only their own jobs
 */
public record TapSettings(Set<String> uploadHosts, boolean authentication, long maxUploadBytes, long maxUploadRows,
        long maxrec) {
    public static final String UPLOAD_HOSTS = "tap.uploadHosts";
    public static final String AUTHENTICATION = "tap.authentication";
    public static final String MAX_UPLOAD_BYTES = "tap.maxUploadBytes";
    public static final String MAX_UPLOAD_ROWS = "tap.maxUploadRows";
    public static final String MAXREC = "tap.maxrec";
    public static final Set<String> KEYS = Set.of(UPLOAD_HOSTS, AUTHENTICATION, MAX_UPLOAD_BYTES, MAX_UPLOAD_ROWS, MAXREC);

    public TapSettings {
        uploadHosts = Set.copyOf(uploadHosts);
    }

    public static TapSettings from(RoleConfig config) {
        Set<String> hosts = Arrays.stream(config.string(UPLOAD_HOSTS, "").split(","))
                .map(String::strip).filter(h -> !h.isEmpty()).collect(Collectors.toUnmodifiableSet());
        String auth = config.string(AUTHENTICATION, "none").strip().toLowerCase(Locale.ROOT);
        if (!auth.equals("none") && !auth.equals("basic")) {
            throw config.invalidValue(AUTHENTICATION, auth, "none or basic");
        }
        long bytes = config.bytes(MAX_UPLOAD_BYTES, 16L << 20);
        if (bytes > Integer.MAX_VALUE - 1024) {
            throw config.invalidValue(MAX_UPLOAD_BYTES, Long.toString(bytes), "a size below 2g");
        }
        return new TapSettings(hosts, auth.equals("basic"), bytes,
                config.integer(MAX_UPLOAD_ROWS, 1_000_000, 1, Integer.MAX_VALUE),
                config.integer(MAXREC, 10_000_000, 0, Integer.MAX_VALUE));
    }

    public static TapSettings defaults() {
        return new TapSettings(Set.of(), false, 16L << 20, 1_000_000, 10_000_000);
    }

    /** The TAP configuration for a czar whose data live in {@code czarDataDir}, with the czar's users. */
    public TapConfig toConfig(Path czarDataDir, Map<String, String> users) {
        TapConfig c = TapConfig.defaults(czarDataDir.resolve("tap"))
                .withLimits(maxrec, (int) maxUploadBytes, maxUploadRows)
                .withUploadHosts(uploadHosts);
        return authentication ? c.withAuthentication(users) : c;
    }
}
