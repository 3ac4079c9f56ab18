package io.skyshard.ingest.service;

import io.skyshard.common.error.SkyshardException;
import io.skyshard.replication.transaction.ContributionRecord;

/** A contribution failed: carries its record (id, state FAILED, counters) and the cause's code and message. */
public final class ContributionFailedException extends SkyshardException {
    private final transient ContributionRecord contribution;

    public ContributionFailedException(SkyshardException cause, ContributionRecord contribution) {
        super(cause.code(), cause.getMessage(), cause);
        this.contribution = contribution;
    }

    public ContributionRecord contribution() {
        return contribution;
    }
}
