package io.skyshard.replication.transaction;

/**
 * Counters of a contribution.
 *
 * @param rowsRead          data rows read from the input
 * @param rowsLoaded        rows stored in the table (once each, not per replica or overlap copy)
 * @param overlapRows       overlap copies written (director tables)
 * @param bytesRead         input bytes consumed (compressed size for gzip input)
 * @param skippedRows       child or match rows dropped because their director key is NULL or unknown
 *                          (only with the "skip" policy)
 */
public record ContributionStats(long rowsRead, long rowsLoaded, long overlapRows, long bytesRead, long skippedRows) {
    public static final ContributionStats NONE = new ContributionStats(0, 0, 0, 0, 0);
}
