package io.skyshard.ingest.load;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.error.SkyshardException;
import io.skyshard.ingest.partition.RowLocator;
import io.skyshard.ingest.sample.SampleBlock;
import io.skyshard.ingest.sample.SampleCatalog;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;

/**
 * The sample catalog's Object and Source rows, one generated block per step, generated ahead on a
 * pool (generation costs about as much as partitioning) while the loader consumes earlier blocks.
 */
public final class SampleFeed implements TableFeed {
    private final SampleCatalog catalog;
    private final ExecutorService pool;
    private final int lookahead;
    private final Deque<Future<SampleBlock>> ahead = new ArrayDeque<>();
    private int nextToSubmit;

    public SampleFeed(SampleCatalog catalog, ExecutorService pool, int lookahead) {
        this.catalog = requireNonNull(catalog, "catalog");
        this.pool = requireNonNull(pool, "pool");
        this.lookahead = Math.max(1, lookahead);
    }

    @Override
    public Map<String, Batch> next() {
        while (ahead.size() < lookahead && nextToSubmit < catalog.blockCount()) {
            int index = nextToSubmit++;
            ahead.add(pool.submit(() -> catalog.block(index)));
        }
        Future<SampleBlock> f = ahead.poll();
        if (f == null) {
            return null;
        }
        try {
            SampleBlock b = f.get();
            long firstObject = (long) b.index() * catalog.blockObjects() + 1;
            return Map.of(catalog.objectTable().name(), new Batch(b.objects(), RowLocator.rows("sample Object", firstObject)),
                    catalog.sourceTable().name(), new Batch(b.sources(), RowLocator.rows("sample block " + b.index() + " Source", 1)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SkyshardException(io.skyshard.ingest.IngestErrorCode.INTERNAL, "sample generation interrupted", e);
        } catch (ExecutionException e) {
            throw SkyshardException.wrap(e.getCause());
        }
    }

    @Override
    public void close() {
        ahead.forEach(f -> f.cancel(true));
        ahead.clear();
    }
}
