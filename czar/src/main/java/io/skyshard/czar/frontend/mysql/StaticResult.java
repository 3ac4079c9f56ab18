package io.skyshard.czar.frontend.mysql;

import static java.util.Objects.requireNonNull;

import io.skyshard.czar.query.QueryResult;
import io.skyshard.czar.query.ResultColumn;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A small result held in memory: answers to client boilerplate that never reach the query service. */
public final class StaticResult implements QueryResult {
    private final List<ResultColumn> columns;
    private final List<List<Object>> rows;
    private final String info;
    private int position = -1;

    public StaticResult(List<ResultColumn> columns, List<List<Object>> rows, String info) {
        this.columns = List.copyOf(requireNonNull(columns, "columns"));
        List<List<Object>> copy = new ArrayList<>();
        for (List<Object> row : requireNonNull(rows, "rows")) {
            if (row.size() != this.columns.size()) {
                throw new IllegalArgumentException("row has " + row.size() + " values for " + this.columns.size() + " columns");
            }
            // values may be null, which List.copyOf refuses
            copy.add(Collections.unmodifiableList(new ArrayList<>(row)));
        }
        this.rows = Collections.unmodifiableList(copy);
        this.info = requireNonNull(info, "info");
    }

    /** A statement without rows (answered by an OK packet). */
    public static StaticResult ok() {
        return new StaticResult(List.of(), List.of(), "");
    }

    public List<List<Object>> rows() {
        return rows;
    }

    @Override
    public List<ResultColumn> columns() {
        return columns;
    }

    @Override
    public boolean next() {
        if (position + 1 >= rows.size()) {
            position = rows.size();
            return false;
        }
        position++;
        return true;
    }

    @Override
    public Object value(int index) {
        if (position < 0 || position >= rows.size()) {
            throw new IllegalStateException("no current row");
        }
        return rows.get(position).get(index);
    }

    @Override
    public String info() {
        return info;
    }

    @Override
    public void close() {}
}
