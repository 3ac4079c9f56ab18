package io.skyshard.ingest.sample;

import static java.util.Objects.requireNonNull;

import io.skyshard.ingest.data.TableBlock;

/** One generated block of the sample catalog: a range of {@code Object} rows and all their {@code Source} rows. */
public record SampleBlock(int index, TableBlock objects, TableBlock sources) {
    public SampleBlock {
        requireNonNull(objects, "objects");
        requireNonNull(sources, "sources");
    }
}
