package io.skyshard.sql.plan;

import static java.util.Objects.requireNonNull;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The answers of subqueries run before their query ({@link SubqueryFirstPlan}), by
 * {@link SubqueryFirstPlan.Subquery#key()}. Immutable: {@link #with} returns a new instance.
 */
public final class SubqueryValues {
    public static final SubqueryValues NONE = new SubqueryValues(Map.of());

    /**
     * Most values an {@code IN (subquery)} may bring into a query: they travel as literals in the
     * chunk query sent to every worker.
     */
    public static final int MAX_IN_VALUES = 100_000;

    private final Map<String, List<Object>> values;

    private SubqueryValues(Map<String, List<Object>> values) {
        this.values = Map.copyOf(values);
    }

    /**
     * @param rows for IN: the distinct values (NULL included if any); for SCALAR: zero or one value;
     *             for EXISTS: {@code [true]} or {@code [false]}
     */
    public SubqueryValues with(String key, List<Object> rows) {
        requireNonNull(key, "key");
        Map<String, List<Object>> next = new HashMap<>(values);
        next.put(key, java.util.Collections.unmodifiableList(new java.util.ArrayList<>(rows)));
        return new SubqueryValues(next);
    }

    public Optional<List<Object>> get(String key) {
        return Optional.ofNullable(values.get(key));
    }
}
