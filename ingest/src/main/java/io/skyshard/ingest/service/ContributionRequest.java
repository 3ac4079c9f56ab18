package io.skyshard.ingest.service;

import static java.util.Objects.requireNonNull;

import io.skyshard.ingest.load.LoadJob;
import io.skyshard.ingest.partition.UnknownKeyPolicy;

/**
 * What a contribution loads: rows of {@code table} from {@code source} (a file name, URL or "request
 * body", for status and errors).
 *
 * @param key            the client's name of the contribution, unique in its transaction (null: none);
 *                       a second request with the key of a loaded contribution loads nothing
 * @param policy         child and match rows with a NULL or unknown director key: fail or skip
 * @param prepartitioned non-null for {@code skyshard partition} output of one chunk (or its overlap)
 */
public record ContributionRequest(String table, String key, String source, UnknownKeyPolicy policy,
        LoadJob.Prepartitioned prepartitioned) {
    public ContributionRequest {
        requireNonNull(table, "table");
        requireNonNull(source, "source");
        policy = policy == null ? UnknownKeyPolicy.REJECT : policy;
    }
}
