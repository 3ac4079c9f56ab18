package io.skyshard.sql.analysis;

import io.skyshard.common.catalog.TableKind;
import io.skyshard.sql.rewrite.FunctionRewriter;
import io.skyshard.sql.rewrite.SqlTrees;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.sql.JoinType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * The fallback for a join of partitioned tables that cannot be answered chunk by chunk (rows of the
 * two sides in different chunks: a join not on the director key, a cross join, a near-neighbour join
 * with a radius beyond the overlap): each partitioned table becomes a subquery in FROM, gathered at
 * the czar as a stage, and the join runs there. The answer is the one MySQL gives; the cost is
 * gathering the tables, so each gathered table is limited to {@link #MAX_GATHERED_ROWS} rows (the czar
 * refuses the query past that, naming the join and the table).
 *
 * <p>Top-level AND conjuncts of WHERE that read only one table's columns (qualified by its alias) go
 * into that table's subquery, where they prune chunks and use the director index; so do Qserv's area
 * restrictors, which restrict every director table (as Qserv's restrictor plugin does). Nothing is
 * pushed when FROM has an outer join (a condition on the null-extended side must see the NULLs).
 *
 * <pre>
 * before: SELECT o1.ra_PS, o2.ra_PS FROM Object o1, Object o2 WHERE o1.objectId = 1 AND o2.objectId = 2
 * after:  SELECT o1.ra_PS, o2.ra_PS FROM (SELECT * FROM Object AS o1 WHERE o1.objectId = 1) AS o1,
 *                                       (SELECT * FROM Object AS o2 WHERE o2.objectId = 2) AS o2
 * </pre>
 */
final class GatheredJoinRewrite {
    /** Most rows of one table gathered at the czar for a join that cannot run chunk by chunk. */
    static final long MAX_GATHERED_ROWS = 100_000;

    private GatheredJoinRewrite() {
    }

    /**
     * The query with its partitioned tables turned into gathered subqueries (registered in
     * {@code gathered} with why they are gathered), or null when the rewrite does not apply.
     */
    static SqlNode rewrite(SqlNode query, List<TableRef> tables, Map<SqlNode, String> gathered, String why) {
        SqlSelect select;
        if (query instanceof SqlSelect s) {
            select = s;
        } else if (query instanceof SqlOrderBy o && o.query instanceof SqlSelect s) {
            select = s;
        } else {
            return null;
        }
        Map<String, TableRef> partitioned = new LinkedHashMap<>();
        for (TableRef t : tables) {
            if (t.stage() == null && t.partitioned()) {
                partitioned.put(t.alias().toLowerCase(Locale.ROOT), t);
            }
        }
        if (partitioned.size() < 2 || select.getFrom() == null) {
            return null;
        }
        boolean push = !hasOuterJoin(select.getFrom());
        Map<String, List<SqlNode>> pushed = new LinkedHashMap<>();
        partitioned.keySet().forEach(a -> pushed.put(a, new ArrayList<>()));
        List<SqlNode> kept = new ArrayList<>();
        List<SqlNode> conjuncts = new ArrayList<>();
        if (select.getWhere() != null) {
            ResolveColumnsPass.splitConjuncts(select.getWhere(), conjuncts);
        }
        List<String> directors = partitioned.entrySet().stream()
                .filter(e -> e.getValue().table().kind() == TableKind.DIRECTOR && e.getValue().table().raColumn() != null
                        && e.getValue().table().decColumn() != null)
                .map(Map.Entry::getKey).toList();
        for (SqlNode c : conjuncts) {
            if (isRestrictor(c)) {
                if (!push || directors.isEmpty()) {
                    return null;
                }
                directors.forEach(a -> pushed.get(a).add(c));
                continue;
            }
            String only = push ? onlyAlias(c) : null;
            if (only != null && pushed.containsKey(only)) {
                pushed.get(only).add(c);
            } else {
                kept.add(c);
            }
        }
        SqlNode from = replace(select.getFrom(), partitioned, pushed, gathered, why);
        if (from == null) {
            return null;
        }
        select.setFrom(from);
        select.setWhere(SqlTrees.and(kept));
        return query;
    }

    private static boolean hasOuterJoin(SqlNode from) {
        if (from instanceof SqlJoin j) {
            JoinType t = j.getJoinType();
            return t == JoinType.LEFT || t == JoinType.RIGHT || t == JoinType.FULL || hasOuterJoin(j.getLeft())
                    || hasOuterJoin(j.getRight());
        }
        return false;
    }

    private static boolean isRestrictor(SqlNode c) {
        SqlNode n = c;
        if (c.getKind() == SqlKind.EQUALS) {
            SqlCall eq = (SqlCall) c;
            for (int i = 0; i < 2; i++) {
                var v = SqlTrees.numericValue(eq.operand(1 - i));
                if (v != null && v.compareTo(java.math.BigDecimal.ONE) == 0) {
                    n = eq.operand(i);
                }
            }
        }
        return n instanceof SqlCall call && FunctionRewriter.RESTRICTORS.contains(call.getOperator().getName().toUpperCase(Locale.ROOT));
    }

    /** The alias (lower case) qualifying every column of {@code c}, or null (none, several, unqualified, a subquery). */
    private static String onlyAlias(SqlNode c) {
        List<String> aliases = new ArrayList<>();
        boolean[] bad = {false};
        SqlTrees.findFirst(c, n -> {
            if (n instanceof SqlSelect || n.getKind() == SqlKind.SCALAR_QUERY || n.getKind() == SqlKind.EXISTS) {
                bad[0] = true;
            } else if (n instanceof SqlIdentifier id) {
                if (id.names.size() == 2) {
                    aliases.add(id.names.get(0).toLowerCase(Locale.ROOT));
                } else {
                    bad[0] = true;
                }
            }
            return false;
        });
        if (bad[0] || aliases.isEmpty() || aliases.stream().distinct().count() != 1) {
            return null;
        }
        return aliases.get(0);
    }

    private static SqlNode replace(SqlNode node, Map<String, TableRef> partitioned, Map<String, List<SqlNode>> pushed,
            Map<SqlNode, String> gathered, String why) {
        if (node instanceof SqlJoin join) {
            SqlNode left = replace(join.getLeft(), partitioned, pushed, gathered, why);
            SqlNode right = replace(join.getRight(), partitioned, pushed, gathered, why);
            if (left == null || right == null) {
                return null;
            }
            join.setLeft(left);
            join.setRight(right);
            return join;
        }
        SqlIdentifier name;
        String alias;
        if (node instanceof SqlIdentifier id) {
            name = id;
            alias = id.names.get(id.names.size() - 1);
        } else if (node.getKind() == SqlKind.AS && node instanceof SqlCall as && as.operandCount() == 2
                && as.operand(0) instanceof SqlIdentifier id) {
            name = id;
            alias = ((SqlIdentifier) as.operand(1)).getSimple();
        } else {
            return node;
        }
        TableRef t = partitioned.get(alias.toLowerCase(Locale.ROOT));
        if (t == null) {
            return node;
        }
        SqlParserPos pos = node.getParserPosition();
        SqlNode table = SqlTrees.as(new SqlIdentifier(name.names, pos), alias);
        SqlSelect sub = AggregateSplitPass.select(false, List.of(SqlIdentifier.star(pos)), table,
                SqlTrees.and(pushed.get(alias.toLowerCase(Locale.ROOT))), null, null, null, null, null);
        SqlNode derived = SqlTrees.as(sub, alias);
        gathered.put(derived, why + "; it is answered by gathering " + t.table().name() + " (as " + alias
                + ") at the czar, which takes at most " + MAX_GATHERED_ROWS + " rows of a table: restrict " + alias
                + " further (by position or key)");
        return derived;
    }
}
