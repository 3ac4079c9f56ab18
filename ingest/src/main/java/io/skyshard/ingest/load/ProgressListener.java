package io.skyshard.ingest.load;

/**
 * Progress of a long load, reported per phase ("partition", "load", "commit", "publish"). Called from
 * loader threads, possibly concurrently; implementations must be quick and thread-safe. A total of
 * -1 means the total is not known in advance (blocks streamed from an iterator).
 */
@FunctionalInterface
public interface ProgressListener {
    ProgressListener NONE = (phase, done, total) -> {
    };

    void progress(String phase, long done, long total);
}
