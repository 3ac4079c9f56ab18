package io.skyshard.czar.query;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.catalog.TableDef;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Per-query extras a front end may ask for (TAP uses both).
 *
 * @param extraTables tables the planner sees in addition to the catalog for this query only (e.g. a
 *                    TAP upload already loaded on the workers as a replicated table)
 * @param onRegistered called with the query's id as soon as it is registered with the
 *                    {@link QueryManager}, so that a front end can cancel it while it runs
 */
public record QueryOptions(List<TableDef> extraTables, LongConsumer onRegistered) {
    public static final QueryOptions NONE = new QueryOptions(List.of(), id -> { });

    public QueryOptions {
        extraTables = List.copyOf(extraTables);
        requireNonNull(onRegistered, "onRegistered");
    }
}
