package io.skyshard.tap.uws;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An async TAP job as persisted (one JSON file per job). Mutable: the job manager changes it under
 * the job's monitor and saves it after every change.
 *
 * @param parameters the job's parameters with upper-case names (QUERY, LANG, MAXREC ...)
 * @param uploads    UPLOAD entries ({@code name,location}); inline parts are saved beside the job as
 *                   {@code upload-<part>.bin} and referenced as {@code param:<part>}
 */
public record Job(
        String id,
        String owner,
        String runId,
        Phase phase,
        Instant creationTime,
        Instant startTime,
        Instant endTime,
        long executionDurationSeconds,
        Instant destruction,
        Map<String, String> parameters,
        List<String> uploads,
        String errorMessage,
        String resultContentType,
        String resultFile,
        long resultRows,
        boolean overflowed) {

    public Job {
        requireNonNull(id, "id");
        requireNonNull(phase, "phase");
        requireNonNull(creationTime, "creationTime");
        requireNonNull(destruction, "destruction");
        parameters = Map.copyOf(new LinkedHashMap<>(parameters));
        uploads = List.copyOf(uploads);
    }

    public Job withPhase(Phase p) {
        return new Job(id, owner, runId, p, creationTime, startTime, endTime, executionDurationSeconds, destruction,
                parameters, uploads, errorMessage, resultContentType, resultFile, resultRows, overflowed);
    }

    public Job started(Instant at) {
        return new Job(id, owner, runId, Phase.EXECUTING, creationTime, at, null, executionDurationSeconds, destruction,
                parameters, uploads, null, null, null, 0, false);
    }

    public Job finished(Phase p, Instant at, String error) {
        return new Job(id, owner, runId, p, creationTime, startTime, at, executionDurationSeconds, destruction,
                parameters, uploads, error, resultContentType, resultFile, resultRows, overflowed);
    }

    public Job completed(Instant at, String contentType, String file, long rows, boolean overflow) {
        return new Job(id, owner, runId, Phase.COMPLETED, creationTime, startTime, at, executionDurationSeconds, destruction,
                parameters, uploads, null, contentType, file, rows, overflow);
    }

    public Job withParameters(Map<String, String> p, List<String> u, String newRunId) {
        return new Job(id, owner, newRunId, phase, creationTime, startTime, endTime, executionDurationSeconds, destruction,
                p, u, errorMessage, resultContentType, resultFile, resultRows, overflowed);
    }

    public Job withExecutionDuration(long seconds) {
        return new Job(id, owner, runId, phase, creationTime, startTime, endTime, seconds, destruction,
                parameters, uploads, errorMessage, resultContentType, resultFile, resultRows, overflowed);
    }

    public Job withDestruction(Instant at) {
        return new Job(id, owner, runId, phase, creationTime, startTime, endTime, executionDurationSeconds, at,
                parameters, uploads, errorMessage, resultContentType, resultFile, resultRows, overflowed);
    }
}
