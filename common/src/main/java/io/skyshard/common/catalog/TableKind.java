package io.skyshard.common.catalog;

/** How a table is distributed: see DESIGN.md section 4. */
public enum TableKind {
    /** Has its own position and unique key; partitioned by position, with overlap. */
    DIRECTOR,
    /** Rows belong to a director row through the director key; stored in that row's chunk. */
    CHILD,
    /** Pairs of rows of two director tables. */
    MATCH,
    /** Small, not partitioned, a full copy on every worker. */
    REPLICATED;

    public boolean isPartitioned() {
        return this != REPLICATED;
    }
}
