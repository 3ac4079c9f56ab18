package io.skyshard.czar.query;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.catalog.TableDef;
import java.util.List;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * Per-query extras a front end may ask for (TAP uses them).
 *
 * @param extraTables tables the planner sees in addition to the catalog for this query only (e.g. a
 *                    TAP upload already loaded on the workers as a replicated table)
 * @param onRegistered called with the query's id as soon as it is registered with the
 *                    {@link QueryManager}, so that a front end can cancel it while it runs
 * @param chunkLimit  null, or the only chunks of the statement's database that can hold a row of its
 *                    result: the planner's chunk selection is cut down to them. For a front end that
 *                    knows more than the statement shows the planner, e.g. TAP's cross-match of an
 *                    uploaded list with a director table, whose rows all lie in the chunks near the
 *                    uploaded positions. Only valid when every partitioned table of the statement is
 *                    bound by it (no subquery reading other rows of a partitioned table).
 */
public record QueryOptions(List<TableDef> extraTables, LongConsumer onRegistered, Set<Integer> chunkLimit) {
    public static final QueryOptions NONE = new QueryOptions(List.of(), id -> { });

    public QueryOptions {
        extraTables = List.copyOf(extraTables);
        requireNonNull(onRegistered, "onRegistered");
        chunkLimit = chunkLimit == null ? null : Set.copyOf(chunkLimit);
    }

    public QueryOptions(List<TableDef> extraTables, LongConsumer onRegistered) {
        this(extraTables, onRegistered, null);
    }

    /** The chunks to query of those the plan selected. */
    int[] limit(int[] chunks) {
        return chunkLimit == null ? chunks : java.util.Arrays.stream(chunks).filter(chunkLimit::contains).toArray();
    }
}
