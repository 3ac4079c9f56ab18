package io.skyshard.tap.execution;

import static java.util.Objects.requireNonNull;

import io.skyshard.tap.output.ResponseFormat;
import io.skyshard.tap.upload.UploadSource;
import java.util.List;

/** What a TAP request asks to run: the ADQL, the row limit, the output format and the uploads. */
public record TapQuery(String adql, long maxrec, ResponseFormat format, List<UploadSource> uploads) {
    public TapQuery {
        requireNonNull(adql, "adql");
        requireNonNull(format, "format");
        uploads = List.copyOf(uploads);
    }
}
