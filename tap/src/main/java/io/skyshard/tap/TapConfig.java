package io.skyshard.tap;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.error.CommonErrorCode;
import io.skyshard.common.error.SkyshardException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * Settings of the TAP service.
 *
 * @param dataDir              where async jobs, their parameters, uploads and results are kept
 * @param defaultMaxrec        rows returned when the request has no MAXREC
 * @param maxrecLimit          the largest MAXREC honoured (larger values are lowered to it)
 * @param defaultExecution     execution duration of a job (and the time limit of a sync query)
 * @param maxExecution         the largest execution duration a client may ask for
 * @param defaultRetention     how long a finished job and its results are kept (destruction time)
 * @param maxRetention         the latest destruction time a client may ask for, from creation
 * @param maxUploadBytes       the largest request body (all uploads together) accepted
 * @param maxUploadRows        the most rows all uploads of a query may hold together
 * @param uploadHosts          hosts from which {@code UPLOAD=name,http://...} may fetch tables (host or
 *                             host:port); empty: URL uploads are refused
 * @param users                user -> password; when {@code authenticate} is true, requests must log
 *                             in with HTTP Basic as one of them and see only their own jobs
 * @param maxRunningJobs       async jobs executing at the same time (others wait in QUEUED)
 * @param maxWait              cap of the UWS blocking WAIT
 */
public record TapConfig(
        Path dataDir,
        long defaultMaxrec,
        long maxrecLimit,
        Duration defaultExecution,
        Duration maxExecution,
        Duration defaultRetention,
        Duration maxRetention,
        int maxUploadBytes,
        long maxUploadRows,
        Set<String> uploadHosts,
        boolean authenticate,
        Map<String, String> users,
        int maxRunningJobs,
        Duration maxWait) {

    public TapConfig {
        requireNonNull(dataDir, "dataDir");
        requireNonNull(defaultExecution, "defaultExecution");
        requireNonNull(maxExecution, "maxExecution");
        requireNonNull(defaultRetention, "defaultRetention");
        requireNonNull(maxRetention, "maxRetention");
        requireNonNull(maxWait, "maxWait");
        uploadHosts = Set.copyOf(uploadHosts);
        users = Map.copyOf(users);
        check(defaultMaxrec >= 0 && defaultMaxrec <= maxrecLimit, "defaultMaxrec must be in 0..maxrecLimit");
        check(maxUploadBytes > 0, "maxUploadBytes must be positive");
        check(maxUploadRows > 0, "maxUploadRows must be positive");
        check(maxRunningJobs > 0, "maxRunningJobs must be positive");
        check(!defaultExecution.isNegative() && defaultExecution.compareTo(maxExecution) <= 0,
                "defaultExecution must be in 0..maxExecution");
        check(defaultRetention.compareTo(maxRetention) <= 0, "defaultRetention must not exceed maxRetention");
        check(!authenticate || !users.isEmpty(), "authentication needs at least one user");
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new SkyshardException(CommonErrorCode.INVALID_CONFIGURATION, "TAP configuration: " + message);
        }
    }

    /** Defaults: 100,000 rows per answer (at most 10 M), 1 h queries, results kept 7 days, 16 MiB uploads. */
    public static TapConfig defaults(Path dataDir) {
        return new TapConfig(dataDir, 100_000, 10_000_000, Duration.ofHours(1), Duration.ofHours(12),
                Duration.ofDays(7), Duration.ofDays(30), 16 * 1024 * 1024, 1_000_000, Set.of(), false, Map.of(), 2,
                Duration.ofSeconds(60));
    }

    public TapConfig withUploadHosts(Set<String> hosts) {
        return new TapConfig(dataDir, defaultMaxrec, maxrecLimit, defaultExecution, maxExecution, defaultRetention,
                maxRetention, maxUploadBytes, maxUploadRows, hosts, authenticate, users, maxRunningJobs, maxWait);
    }

    public TapConfig withAuthentication(Map<String, String> passwords) {
        return new TapConfig(dataDir, defaultMaxrec, maxrecLimit, defaultExecution, maxExecution, defaultRetention,
                maxRetention, maxUploadBytes, maxUploadRows, uploadHosts, true, passwords, maxRunningJobs, maxWait);
    }

    public TapConfig withLimits(long maxrec, int uploadBytes, long uploadRows) {
        return new TapConfig(dataDir, Math.min(defaultMaxrec, maxrec), maxrec, defaultExecution, maxExecution,
                defaultRetention, maxRetention, uploadBytes, uploadRows, uploadHosts, authenticate, users,
                maxRunningJobs, maxWait);
    }
}
