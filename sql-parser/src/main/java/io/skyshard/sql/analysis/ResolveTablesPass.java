package io.skyshard.sql.analysis;

import io.skyshard.common.catalog.ChunkTables;
import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.common.catalog.ColumnType;
import io.skyshard.common.catalog.DatabaseDef;
import io.skyshard.common.catalog.TableDef;
import io.skyshard.common.catalog.TableKind;
import io.skyshard.common.catalog.ViewDef;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.sql.SqlErrorCode;
import io.skyshard.sql.SqlErrors;
import io.skyshard.sql.plan.QueryPlan;
import io.skyshard.sql.plan.StagedPlan;
import io.skyshard.sql.rewrite.ColumnResolver;
import io.skyshard.sql.rewrite.FunctionRewriter;
import io.skyshard.sql.rewrite.SqlTrees;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.apache.calcite.sql.JoinConditionType;
import org.apache.calcite.sql.JoinType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Resolves FROM items against the catalog (table names case-insensitively, database names exactly)
 * and rewrites the FROM clause into physical table references, each with an explicit alias.
 *
 * <pre>
 * before: SELECT ... FROM Object o JOIN demo.filter ON ...
 * after:  SELECT ... FROM "demo"."Object_%CHUNK%" AS "o" INNER JOIN "demo"."Filter" AS "Filter" ON ...
 * </pre>
 *
 * Outer joins are accepted only when every preserved row lives in exactly one chunk: a LEFT JOIN
 * whose left side is only replicated tables would repeat its unmatched rows once per chunk.
 *
 * <p>A subquery in FROM (a derived table) is planned on its own and becomes a stage: its result is
 * a table at the czar, and the query reading it runs there too. Replicated tables joined with it
 * become stages as well; a partitioned table cannot join it (its rows stay on the workers). A view
 * (see {@link ViewDef}) is read as the derived table it stands for.
 * <pre>
 * before: SELECT t.b, COUNT(*) FROM (SELECT FLOOR(ra) AS b FROM Object) t JOIN Filter f ON ... GROUP BY t.b
 * after:  SELECT ... FROM "skyshard_stage_1" AS "t" JOIN "skyshard_stage_2" AS "f" ON ...
 *         stages: skyshard_stage_1 = plan of the subquery, skyshard_stage_2 = SELECT * FROM Filter
 * </pre>
 */
public final class ResolveTablesPass implements AnalysisPass {
    @Override
    public void apply(AnalysisContext ctx) {
        SqlNode from = ctx.select.getFrom();
        if (from == null) {
            return;
        }
        collect(ctx, from);
        if (ctx.tables.stream().anyMatch(t -> t.stage() != null)) {
            stageReplicatedTables(ctx);
        }
        UsingJoins using = new UsingJoins();
        ctx.from = rebuild(ctx, from, using);
        if (!using.kept.isEmpty()) {
            ctx.starColumns = starColumns(ctx, from, using);
        }
    }

    /** Per USING join of one query: the columns kept for the merged names, and the ones merged away. */
    private static final class UsingJoins {
        final Map<SqlJoin, List<SqlIdentifier>> kept = new IdentityHashMap<>();
        final Map<SqlJoin, List<SqlIdentifier>> merged = new IdentityHashMap<>();
    }

    private void collect(AnalysisContext ctx, SqlNode node) {
        if (node instanceof SqlJoin join) {
            if (join.isNatural()) {
                throw SqlErrors.unsupported(join, "NATURAL JOIN");
            }
            collect(ctx, join.getLeft());
            collect(ctx, join.getRight());
            return;
        }
        SqlIdentifier name;
        String alias = null;
        if (node instanceof SqlIdentifier id) {
            name = id;
        } else if (node.getKind() == SqlKind.AS && node instanceof SqlCall as) {
            if (isQuery(as.operand(0))) {
                derivedTable(ctx, as, as.operand(0), alias(as), columnAliases(as), ctx.session.commonTables());
                return;
            }
            if (as.operandCount() > 2) {
                throw SqlErrors.unsupported(node, "column aliases on a table");
            }
            if (!(as.operand(0) instanceof SqlIdentifier id)) {
                throw SqlErrors.unsupported(as.operand(0), "FROM item of kind " + as.operand(0).getKind());
            }
            name = id;
            alias = alias(as);
        } else if (isQuery(node)) {
            throw SqlErrors.error(SqlErrorCode.INVALID_ARGUMENT, node, "Every derived table must have its own alias");
        } else {
            throw SqlErrors.unsupported(node, "FROM item of kind " + node.getKind());
        }
        if (name.names.size() == 1) {
            var common = ctx.session.commonTable(name.getSimple());
            if (common.isPresent()) {
                PlanningSession.CommonTable t = common.get();
                // Each reference plans the common table's query anew, from the parser's tree.
                derivedTable(ctx, node, ctx.session.fresh(t.query()), alias != null ? alias : name.getSimple(), t.columns(),
                        t.outer());
                return;
            }
        }
        SqlNode view = viewQuery(ctx, name);
        if (view != null) {
            derivedTable(ctx, node, view, alias != null ? alias : name.names.get(name.names.size() - 1), null,
                    ctx.session.commonTables());
            return;
        }
        TableDef def = lookup(ctx, name);
        if (ctx.database == null) {
            ctx.database = ctx.catalog.database(def.database()).orElseThrow();
        } else if (!ctx.database.name().equals(def.database())) {
            throw SqlErrors.unsupported(name, "tables from several databases (" + ctx.database.name() + ", "
                    + def.database() + ")");
        }
        String effective = alias != null ? alias : def.name();
        checkUniqueAlias(ctx, effective, node);
        ctx.tables.add(new TableRef(def, effective, alias != null, node));
    }

    private static void checkUniqueAlias(AnalysisContext ctx, String alias, SqlNode at) {
        for (TableRef t : ctx.tables) {
            if (t.alias().equalsIgnoreCase(alias)) {
                throw SqlErrors.error(SqlErrorCode.INVALID_ARGUMENT, at, "Not unique table/alias: '" + alias + "'");
            }
        }
    }

    static boolean isQuery(SqlNode node) {
        return switch (node.getKind()) {
            case SELECT, ORDER_BY, UNION, INTERSECT, EXCEPT, WITH -> true;
            default -> false;
        };
    }

    private static String alias(SqlCall as) {
        return ((SqlIdentifier) as.operand(1)).getSimple();
    }

    private static List<String> columnAliases(SqlCall as) {
        if (as.operandCount() <= 2) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (SqlNode c : as.getOperandList().subList(2, as.operandCount())) {
            out.add(((SqlIdentifier) c).getSimple());
        }
        return out;
    }

    /**
     * {@code (query) AS alias [(columns)]}, or a common table: the query's plan (with the common
     * tables of {@code scope}) becomes a stage read under the alias.
     */
    private static void derivedTable(AnalysisContext ctx, SqlNode as, SqlNode query, String alias, List<String> columnAliases,
            PlanningSession.CommonTable scope) {
        checkUniqueAlias(ctx, alias, as);
        PlanningSession.CommonTable saved = ctx.session.commonTables();
        QueryPlan plan;
        try {
            ctx.session.restoreCommonTables(scope);
            plan = ctx.session.plan(query, columnAliases);
        } finally {
            ctx.session.restoreCommonTables(saved);
        }
        List<String> names = columnAliases != null ? columnAliases : plan.columnNames();
        List<ColumnDef> declared = plan.declaredColumns();
        boolean[] floatChoices = ctx.session.floatChoices(query);
        List<ColumnDef> columns = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < names.size(); i++) {
            String n = names.get(i);
            if (!seen.add(n.toLowerCase(java.util.Locale.ROOT))) {
                throw SqlErrors.error(SqlErrorCode.INVALID_ARGUMENT, as, "Duplicate column name '" + n
                        + "' in derived table '" + alias + "' (give the columns distinct aliases)");
            }
            // A column the subquery passes through unchanged has its catalog type, which MySQL's
            // typing of expressions over it needs (AVG of a BIGINT is a DECIMAL). A computed one is
            // a placeholder: the planner reads its name only, the stage table has the values' own types.
            // A computed choice among FLOAT values is a FLOAT (see FloatWideningPass).
            ColumnDef source = declared != null && i < declared.size() ? declared.get(i) : null;
            boolean floatChoice = floatChoices != null && i < floatChoices.length && floatChoices[i];
            columns.add(source != null ? new ColumnDef(n, source.type(), source.length(), source.scale(), true)
                    : ColumnDef.of(n, floatChoice ? ColumnType.FLOAT : ColumnType.VARCHAR));
        }
        String table = ctx.session.newStageTable();
        String gathered = ctx.session.gathered.get(as);
        ctx.stages.add(gathered == null ? new StagedPlan.Stage(table, plan)
                : new StagedPlan.Stage(table, plan, GatheredJoinRewrite.MAX_GATHERED_ROWS, gathered));
        ctx.derivedDeclared.put(alias, plan.declaredColumns());
        TableDef def = new TableDef("", alias, TableKind.REPLICATED, columns, null, null, null, null);
        ctx.tables.add(new TableRef(def, alias, true, as).withStage(table));
    }

    /**
     * The query reads derived tables, so it runs at the czar: replicated tables joined with them are
     * fetched by stages too, and so is one partitioned table joined to a derived table by an equality
     * (only the rows whose join column is among the derived table's values: see
     * {@link #stagePartitioned}).
     */
    private static void stageReplicatedTables(AnalysisContext ctx) {
        List<TableRef> partitioned = ctx.tables.stream().filter(t -> t.stage() == null && t.table().kind().isPartitioned()).toList();
        if (partitioned.size() > 1) {
            throw SqlErrors.unsupported(partitioned.get(1).node(), "join of several partitioned tables ("
                    + partitioned.stream().map(TableRef::alias).reduce((a, b) -> a + ", " + b).orElse("")
                    + ") with a subquery in FROM (join them inside the subquery, or filter them with IN (SELECT ...))");
        }
        for (int i = 0; i < ctx.tables.size(); i++) {
            TableRef t = ctx.tables.get(i);
            if (t.stage() != null) {
                continue;
            }
            if (t.table().kind().isPartitioned()) {
                continue;
            }
            SqlNode all = AggregateSplitPass.select(false, List.of(SqlIdentifier.star(SqlParserPos.ZERO)),
                    SqlTrees.id(t.table().database(), t.table().name()), null, null, null, null, null, null);
            String table = ctx.session.newStageTable();
            ctx.stages.add(new StagedPlan.Stage(table, ctx.session.plan(all, null)));
            ctx.tables.set(i, t.withStage(table));
        }
        for (TableRef p : partitioned) {
            stagePartitioned(ctx, p);
        }
    }

    /**
     * A partitioned table joined with a derived table {@code d} on {@code p.c = d.k}: a stage fetches
     * the rows of {@code p} whose {@code c} is among the values of {@code d.k}, through an
     * {@code IN (subquery)} (answered first; on the director key it also prunes chunks), and the join
     * runs at the czar.
     * <pre>
     * SELECT ... FROM Object o JOIN (SELECT objectId, COUNT(*) AS n FROM Source GROUP BY objectId) s ON s.objectId = o.objectId
     *   stage for o: SELECT o.objectId, ... FROM Object o WHERE o.objectId IN (SELECT s.objectId FROM (SELECT ...) AS s)
     * </pre>
     */
    private static void stagePartitioned(AnalysisContext ctx, TableRef p) {
        String refused = "join of a subquery in FROM with partitioned table " + p.table().name()
                + " (the subquery's rows are gathered at the czar, " + p.table().name() + "'s stay on the workers)";
        SqlNode[] link = findLink(ctx, p);
        if (link == null) {
            throw SqlErrors.unsupported(p.node(), refused + " that is not on an equality of a column of " + p.alias()
                    + " with a column of the subquery (filter " + p.table().name() + " with IN (SELECT ...))");
        }
        if (preserved(ctx.select.getFrom(), p, ctx)) {
            throw SqlErrors.unsupported(p.node(), refused + " in an outer join that keeps all rows of " + p.alias());
        }
        TableRef d = ctx.tables.stream().filter(t -> t.alias().equalsIgnoreCase(((SqlIdentifier) link[1]).names.get(0)))
                .findFirst().orElseThrow();
        SqlParserPos at = d.node().getParserPosition();
        SqlNode values = AggregateSplitPass.select(false, List.of(new SqlIdentifier(List.of(d.alias(),
                ((SqlIdentifier) link[1]).names.get(1)), at)), sourceAgain(ctx, d), null, null, null, null, null, null);
        values = new SqlSelect(at, null, ((SqlSelect) values).getSelectList(), ((SqlSelect) values).getFrom(),
                null, null, null, null, null, null, null, null, null);
        SqlNode where = SqlStdOperatorTable.IN.createCall(at, new SqlIdentifier(List.of(p.alias(),
                ((SqlIdentifier) link[0]).names.get(1)), at), values);
        List<SqlNode> columns = new ArrayList<>();
        p.table().storedColumns().forEach(c -> columns.add(SqlTrees.id(p.alias(), c.name())));
        SqlNode rows = AggregateSplitPass.select(false, columns, SqlTrees.as(SqlTrees.id(p.table().database(), p.table().name()),
                p.alias()), where, null, null, null, null, null);
        String table = ctx.session.newStageTable();
        ctx.stages.add(new StagedPlan.Stage(table, ctx.session.plan(rows, null)));
        ctx.tables.set(ctx.tables.indexOf(p), p.withStage(table));
    }

    /** The FROM item of a staged table once more, for a subquery: an untouched copy of a derived table's query. */
    private static SqlNode sourceAgain(AnalysisContext ctx, TableRef d) {
        SqlNode node = d.node();
        if (node.getKind() == SqlKind.AS && isQuery(((SqlCall) node).operand(0))) {
            List<SqlNode> operands = new ArrayList<>(((SqlCall) node).getOperandList());
            operands.set(0, ctx.session.fresh(operands.get(0)));
            return SqlStdOperatorTable.AS.createCall(node.getParserPosition(), operands);
        }
        if (!d.table().database().isEmpty()) {
            return SqlTrees.as(SqlTrees.id(d.table().database(), d.table().name()), d.alias());
        }
        // a common table: its name, under the alias
        SqlIdentifier name = node instanceof SqlIdentifier id ? id : (SqlIdentifier) ((SqlCall) node).operand(0);
        return SqlTrees.as(new SqlIdentifier(name.names, node.getParserPosition()), d.alias());
    }

    /**
     * An equality {@code p.c = d.k} between a column of {@code p} and a column of a staged table
     * {@code d}, in an ON condition, a USING list or a top-level AND conjunct of WHERE, as the pair
     * {p.c, d.k} of qualified identifiers; null when there is none.
     */
    private static SqlNode[] findLink(AnalysisContext ctx, TableRef p) {
        List<SqlNode> conjuncts = new ArrayList<>();
        if (ctx.select.getWhere() != null) {
            ResolveColumnsPass.splitConjuncts(ctx.select.getWhere(), conjuncts);
        }
        SqlNode[] using = linksOf(ctx, ctx.select.getFrom(), p, conjuncts);
        if (using != null) {
            return using;
        }
        for (SqlNode c : conjuncts) {
            if (c.getKind() != SqlKind.EQUALS) {
                continue;
            }
            SqlNode a = ((SqlCall) c).operand(0);
            SqlNode b = ((SqlCall) c).operand(1);
            for (int i = 0; i < 2; i++) {
                SqlNode x = i == 0 ? a : b;
                SqlNode y = i == 0 ? b : a;
                if (qualifiedBy(x, p) && ctx.tables.stream().anyMatch(t -> t.stage() != null && qualifiedBy(y, t))) {
                    TableRef d = ctx.tables.stream().filter(t -> t.stage() != null && qualifiedBy(y, t)).findFirst().orElseThrow();
                    String column = ((SqlIdentifier) y).names.get(((SqlIdentifier) y).names.size() - 1);
                    return new SqlNode[] {x, SqlTrees.id(d.alias(), column)};
                }
            }
        }
        return null;
    }

    /** Collects the ON conjuncts of the joins; returns a USING link of p with a staged table, if any. */
    private static SqlNode[] linksOf(AnalysisContext ctx, SqlNode node, TableRef p, List<SqlNode> conjuncts) {
        if (!(node instanceof SqlJoin join)) {
            return null;
        }
        SqlNode[] left = linksOf(ctx, join.getLeft(), p, conjuncts);
        SqlNode[] right = linksOf(ctx, join.getRight(), p, conjuncts);
        if (left != null || right != null) {
            return left != null ? left : right;
        }
        if (join.getConditionType() == JoinConditionType.USING) {
            List<TableRef> l = tablesUnder(ctx, join.getLeft());
            List<TableRef> r = tablesUnder(ctx, join.getRight());
            List<TableRef> other = l.contains(p) ? r : r.contains(p) ? l : List.of();
            TableRef d = other.stream().filter(t -> t.stage() != null).findFirst().orElse(null);
            if (d != null && other.size() == 1) {
                String column = ((SqlIdentifier) ((SqlNodeList) join.getCondition()).get(0)).getSimple();
                return new SqlNode[] {SqlTrees.id(p.alias(), column), SqlTrees.id(d.alias(), column)};
            }
        } else if (join.getCondition() != null) {
            ResolveColumnsPass.splitConjuncts(join.getCondition(), conjuncts);
        }
        return null;
    }

    /** Whether {@code id} is a column reference qualified by the table {@code t} (its alias, or db.table without one). */
    private static boolean qualifiedBy(SqlNode id, TableRef t) {
        if (!(id instanceof SqlIdentifier i) || i.names.size() < 2) {
            return false;
        }
        String qualifier = i.names.get(i.names.size() - 2);
        return qualifier.equalsIgnoreCase(t.alias());
    }

    /** Whether a table is on the preserved side of an outer join of the FROM clause. */
    private static boolean preserved(SqlNode node, TableRef t, AnalysisContext ctx) {
        if (!(node instanceof SqlJoin join)) {
            return false;
        }
        JoinType type = join.getJoinType();
        if (type == JoinType.LEFT && tablesUnder(ctx, join.getLeft()).contains(t)
                || type == JoinType.RIGHT && tablesUnder(ctx, join.getRight()).contains(t)) {
            return true;
        }
        return preserved(join.getLeft(), t, ctx) || preserved(join.getRight(), t, ctx);
    }

    /**
     * A view named {@code name} (when no table has that name) as the query it stands for,
     * {@code SELECT base.column AS name, ... FROM db.base AS base}, read as a derived table; else null.
     */
    private static SqlNode viewQuery(AnalysisContext ctx, SqlIdentifier name) {
        if (name.names.size() > 2) {
            return null;
        }
        String db = name.names.size() == 2 ? name.names.get(0) : ctx.defaultDatabase;
        String table = name.names.get(name.names.size() - 1);
        if (db == null || db.isEmpty()) {
            return null;
        }
        DatabaseDef database = ctx.catalog.database(db).orElse(null);
        if (database == null || ctx.catalog.table(database.name(), table).isPresent()) {
            return null;
        }
        ViewDef view = database.view(table).orElse(null);
        if (view == null) {
            return null;
        }
        List<SqlNode> items = new ArrayList<>();
        for (ViewDef.Column c : view.columns()) {
            SqlNode value = c.literal() != null
                    ? SqlLiteral.createBinaryString(c.literal().substring(2), SqlParserPos.ZERO)
                    : SqlTrees.id(view.baseTable(), c.baseColumn());
            items.add(SqlTrees.as(value, c.name()));
        }
        return AggregateSplitPass.select(false, items, SqlTrees.as(SqlTrees.id(database.name(), view.baseTable()),
                view.baseTable()), null, null, null, null, null, null);
    }

    private static TableDef lookup(AnalysisContext ctx, SqlIdentifier name) {
        String db;
        String table;
        if (name.names.size() == 1) {
            db = ctx.defaultDatabase;
            table = name.names.get(0);
            if (db == null || db.isEmpty()) {
                throw SqlErrors.error(SqlErrorCode.NO_DATABASE, name,
                        "No database selected for table '" + table + "'");
            }
        } else if (name.names.size() == 2) {
            db = name.names.get(0);
            table = name.names.get(1);
        } else {
            throw SqlErrors.unsupported(name, "table name with " + name.names.size() + " parts");
        }
        DatabaseDef database = ctx.catalog.database(db).orElseThrow(() -> SqlErrors.error(
                SqlErrorCode.UNKNOWN_DATABASE, name, "Unknown database '" + db + "'"));
        return ctx.catalog.table(database.name(), table).orElseThrow(() -> SqlErrors.error(
                SqlErrorCode.UNKNOWN_TABLE, name, "Table '" + db + "." + table + "' doesn't exist"));
    }

    private SqlNode rebuild(AnalysisContext ctx, SqlNode node, UsingJoins using) {
        if (node instanceof SqlJoin join) {
            SqlNode left = rebuild(ctx, join.getLeft(), using);
            SqlNode right = rebuild(ctx, join.getRight(), using);
            checkOuterJoin(ctx, join);
            SqlNode condition = join.getCondition();
            SqlLiteral conditionType = join.getConditionTypeNode();
            SqlLiteral joinType = join.getJoinTypeNode();
            if (join.getConditionType() == JoinConditionType.NONE) {
                switch (join.getJoinType()) {
                    // MySQL reads JOIN and INNER JOIN without ON or USING as a cross join (the WHERE
                    // clause then joins); the engines below want it spelled so.
                    case INNER -> joinType = JoinType.CROSS.symbol(joinType.getParserPosition());
                    case LEFT, RIGHT, FULL -> throw SqlErrors.error(SqlErrorCode.SYNTAX_ERROR, join.getRight(),
                            join.getJoinType() + " JOIN needs an ON or USING condition");
                    default -> { }
                }
            }
            if (join.getConditionType() == JoinConditionType.USING) {
                condition = usingCondition(ctx, join, using);
                ctx.joinConditions.add(condition);
                conditionType = JoinConditionType.ON.symbol(join.getCondition().getParserPosition());
            } else if (condition != null) {
                condition = condition.accept(new FunctionRewriter());
                if (FunctionRewriter.containsAggregate(condition)) {
                    throw SqlErrors.unsupported(condition, "aggregate function in ON");
                }
                condition = condition.accept(new ColumnResolver(ctx.tables));
                ctx.joinConditions.add(condition);
            }
            return new SqlJoin(join.getParserPosition(), left, SqlLiteral.createBoolean(false, SqlParserPos.ZERO),
                    joinType, right, conditionType, condition);
        }
        TableRef ref = ctx.tables.stream().filter(t -> t.node() == node).findFirst().orElseThrow();
        TableDef def = ref.table();
        String physical = def.kind().isPartitioned() ? ChunkTables.chunkTableTemplate(def.name()) : def.name();
        SqlIdentifier table = ref.stage() != null ? new SqlIdentifier(ref.stage(), node.getParserPosition())
                : new SqlIdentifier(List.of(def.database(), physical), node.getParserPosition());
        return SqlStdOperatorTable.AS.createCall(node.getParserPosition(), table,
                new SqlIdentifier(ref.alias(), SqlParserPos.ZERO));
    }

    /**
     * {@code a JOIN b USING (c)} as {@code a.c = b.c}. MySQL merges the two columns into one: an
     * unqualified {@code c} or {@code *} means the preserved side's column (the left one unless
     * RIGHT JOIN), which for an inner join equals the other one.
     */
    private static SqlNode usingCondition(AnalysisContext ctx, SqlJoin join, UsingJoins using) {
        boolean keepRight = join.getJoinType() == JoinType.RIGHT;
        List<SqlNode> equalities = new ArrayList<>();
        List<SqlIdentifier> kept = new ArrayList<>();
        List<SqlIdentifier> merged = new ArrayList<>();
        for (SqlNode n : (SqlNodeList) join.getCondition()) {
            String name = ((SqlIdentifier) n).getSimple();
            SqlIdentifier left = usingColumn(ctx, join.getLeft(), name, n);
            SqlIdentifier right = usingColumn(ctx, join.getRight(), name, n);
            equalities.add(SqlStdOperatorTable.EQUALS.createCall(n.getParserPosition(), left, right));
            kept.add(keepRight ? right : left);
            SqlIdentifier away = keepRight ? left : right;
            merged.add(away);
            for (int i = 0; i < ctx.tables.size(); i++) {
                TableRef t = ctx.tables.get(i);
                if (t.alias().equals(away.names.get(0))) {
                    ctx.tables.set(i, t.withMergedColumn(away.names.get(1)));
                }
            }
        }
        using.kept.put(join, kept);
        using.merged.put(join, merged);
        return SqlTrees.and(equalities);
    }

    /** The one column named {@code name} that an unqualified reference sees among the tables under {@code side}. */
    private static SqlIdentifier usingColumn(AnalysisContext ctx, SqlNode side, String name, SqlNode at) {
        List<SqlIdentifier> found = new ArrayList<>();
        for (TableRef t : tablesUnder(ctx, side)) {
            for (ColumnDef c : t.table().storedColumns()) {
                if (c.name().equalsIgnoreCase(name) && t.visibleUnqualified(c.name())) {
                    found.add(new SqlIdentifier(List.of(t.alias(), c.name()), at.getParserPosition()));
                }
            }
        }
        if (found.isEmpty()) {
            throw SqlErrors.error(SqlErrorCode.UNKNOWN_COLUMN, at, "Unknown column '" + name + "' in 'from clause'");
        }
        if (found.size() > 1) {
            throw SqlErrors.error(SqlErrorCode.AMBIGUOUS_COLUMN, at, "Column '" + name + "' in from clause is ambiguous");
        }
        return found.get(0);
    }

    private static List<TableRef> tablesUnder(AnalysisContext ctx, SqlNode node) {
        if (node instanceof SqlJoin join) {
            List<TableRef> out = new ArrayList<>(tablesUnder(ctx, join.getLeft()));
            out.addAll(tablesUnder(ctx, join.getRight()));
            return out;
        }
        return ctx.tables.stream().filter(t -> t.node() == node).toList();
    }

    /** MySQL's column order of {@code SELECT *}: a USING join lists its merged columns first, once. */
    private static List<SqlIdentifier> starColumns(AnalysisContext ctx, SqlNode node, UsingJoins using) {
        if (node instanceof SqlJoin join) {
            List<SqlIdentifier> left = starColumns(ctx, join.getLeft(), using);
            List<SqlIdentifier> right = starColumns(ctx, join.getRight(), using);
            List<SqlIdentifier> kept = using.kept.get(join);
            if (kept == null) {
                List<SqlIdentifier> out = new ArrayList<>(left);
                out.addAll(right);
                return out;
            }
            List<SqlIdentifier> merged = using.merged.get(join);
            boolean keepRight = join.getJoinType() == JoinType.RIGHT;
            List<SqlIdentifier> out = new ArrayList<>(kept);
            for (SqlIdentifier c : keepRight ? right : left) {
                if (!containsColumn(kept, c)) {
                    out.add(c);
                }
            }
            for (SqlIdentifier c : keepRight ? left : right) {
                if (!containsColumn(merged, c)) {
                    out.add(c);
                }
            }
            return out;
        }
        TableRef t = tablesUnder(ctx, node).get(0);
        return t.table().starColumns().stream()
                .map(c -> new SqlIdentifier(List.of(t.alias(), c.name()), SqlParserPos.ZERO)).toList();
    }

    private static boolean containsColumn(List<SqlIdentifier> columns, SqlIdentifier column) {
        return columns.stream().anyMatch(c -> c.names.equals(column.names));
    }

    private void checkOuterJoin(AnalysisContext ctx, SqlJoin join) {
        JoinType type = join.getJoinType();
        boolean leftPartitioned = hasPartitioned(ctx, join.getLeft());
        boolean rightPartitioned = hasPartitioned(ctx, join.getRight());
        switch (type) {
            case INNER, COMMA, CROSS -> {
            }
            case LEFT -> {
                if (rightPartitioned && !leftPartitioned) {
                    throw SqlErrors.unsupported(join, "LEFT JOIN of a replicated table to a partitioned table");
                }
            }
            case RIGHT -> {
                if (leftPartitioned && !rightPartitioned) {
                    throw SqlErrors.unsupported(join, "RIGHT JOIN of a replicated table to a partitioned table");
                }
            }
            default -> throw SqlErrors.unsupported(join, type + " JOIN");
        }
    }

    private boolean hasPartitioned(AnalysisContext ctx, SqlNode node) {
        if (node instanceof SqlJoin join) {
            return hasPartitioned(ctx, join.getLeft()) || hasPartitioned(ctx, join.getRight());
        }
        return ctx.tables.stream().anyMatch(t -> t.node() == node && t.partitioned());
    }

}
