package io.skyshard.tap.upload;

import static java.util.Objects.requireNonNull;

import io.skyshard.tap.adql.TapColumn;
import java.util.List;

/** A table a client uploaded, read into memory: its ADQL name (TAP_UPLOAD.name), columns and rows. */
public record UploadTable(String name, List<TapColumn> columns, List<Object[]> rows) {
    public UploadTable {
        requireNonNull(name, "name");
        columns = List.copyOf(columns);
        rows = List.copyOf(rows);
    }
}
