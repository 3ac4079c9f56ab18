package io.skyshard.common.catalog;

import java.util.List;

/**
 * What a query may see of the rows loaded by ingest transactions: the transaction part of a
 * {@link ClusterSnapshot}, sent by the czar with every chunk query so that a query sees its snapshot's
 * state from start to end, however many transactions commit meanwhile.
 *
 * <p>Every loaded row carries the id of the contribution that wrote it (a hidden column of the chunk
 * tables). Contribution ids are {@code transactionId << 32 | sequence}, so a row's transaction is
 * {@link #transactionOf} its contribution. A row is visible when its transaction is committed in the
 * snapshot and its contribution did not fail:
 * <ul>
 *   <li>transactions above {@code visibleThrough} (the highest committed id of the snapshot) are not
 *       visible: open, aborted, or committed after the snapshot;</li>
 *   <li>{@code hiddenTransactions}: the ids at or below {@code visibleThrough} that are not committed
 *       (still open, or aborted with rows maybe left on a worker);</li>
 *   <li>{@code hiddenContributions}: failed contributions (of any transaction) whose rows may still
 *       exist on some worker.</li>
 * </ul>
 * The lists stay short: open transactions plus dead data not yet purged from every worker. Rows of
 * legacy loads carry contribution 0 and are always visible.
 *
 * @param version the snapshot version this visibility belongs to (newer knows more)
 */
public record Visibility(long version, long visibleThrough, List<Long> hiddenTransactions, List<Long> hiddenContributions) {
    /** Highest transaction id a contribution id can carry. */
    public static final long MAX_TRANSACTION = (1L << 31) - 1;
    /** Nothing hidden: every row is visible (clusters without ingest transactions, tools reading raw tables). */
    public static final Visibility ALL = new Visibility(0, MAX_TRANSACTION, List.of(), List.of());

    /**
     * Contribution id of row-less loads that create a catalog's tables on the workers ahead of its
     * contributions (with the hidden column and the NOT NULL constraints of ingest): it belongs to
     * transaction 0, which is never begun, and no row ever carries it.
     */
    public static final long DECLARATION = 1L;

    public Visibility {
        hiddenTransactions = hiddenTransactions == null ? List.of() : List.copyOf(hiddenTransactions);
        hiddenContributions = hiddenContributions == null ? List.of() : List.copyOf(hiddenContributions);
    }

    public static long transactionOf(long contributionId) {
        return contributionId >>> 32;
    }

    public static long contributionId(long transactionId, long sequence) {
        if (transactionId < 1 || transactionId > MAX_TRANSACTION) {
            throw new IllegalArgumentException("transaction id out of range: " + transactionId);
        }
        if (sequence < 1 || sequence > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("contribution sequence out of range: " + sequence);
        }
        return (transactionId << 32) | sequence;
    }

    /** Whether rows of this contribution are visible. */
    public boolean isVisible(long contributionId) {
        long txn = transactionOf(contributionId);
        return txn <= visibleThrough && !hiddenTransactions.contains(txn) && !hiddenContributions.contains(contributionId);
    }
}
