package io.skyshard.tap.adql;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.catalog.TableKind;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.sql.parser.NestingLimit;
import io.skyshard.sql.rewrite.SqlTrees;
import io.skyshard.tap.TapErrorCode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import net.sf.jsqlparser.JSQLParserException;
import net.sf.jsqlparser.expression.AnalyticExpression;
import net.sf.jsqlparser.expression.BinaryExpression;
import net.sf.jsqlparser.expression.CaseExpression;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.DoubleValue;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.NullValue;
import net.sf.jsqlparser.expression.Parenthesis;
import net.sf.jsqlparser.expression.SignedExpression;
import net.sf.jsqlparser.expression.StringValue;
import net.sf.jsqlparser.expression.WhenClause;
import net.sf.jsqlparser.expression.operators.arithmetic.Addition;
import net.sf.jsqlparser.expression.operators.arithmetic.Concat;
import net.sf.jsqlparser.expression.operators.arithmetic.Division;
import net.sf.jsqlparser.expression.operators.arithmetic.Modulo;
import net.sf.jsqlparser.expression.operators.arithmetic.Multiplication;
import net.sf.jsqlparser.expression.operators.arithmetic.Subtraction;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExistsExpression;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.IsNullExpression;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.expression.operators.relational.NotEqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.parser.ParseException;
import net.sf.jsqlparser.parser.Token;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.ParenthesedFromItem;
import net.sf.jsqlparser.statement.select.ParenthesedSelect;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.SelectItem;
import net.sf.jsqlparser.statement.select.SetOperationList;
import org.apache.calcite.sql.JoinConditionType;
import org.apache.calcite.sql.JoinType;
import org.apache.calcite.sql.SqlBasicTypeNameSpec;
import org.apache.calcite.sql.SqlDataTypeSpec;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlSelectKeyword;
import org.apache.calcite.sql.SqlUserDefinedTypeNameSpec;
import org.apache.calcite.sql.fun.SqlCase;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Translates one ADQL 2.1 query into the Qserv dialect of the query service. The JSqlParser tree
 * is checked construct by construct against what ADQL allows and Skyshard supports (anything not
 * handled here is refused with its name and position), names are resolved against the tables the
 * query may see, and a Calcite tree is built and unparsed, so no user text is ever pasted into
 * SQL.
 *
 * <pre>
 * SELECT TOP 10 o.objectId, DISTANCE(POINT('ICRS', o.coord_ra, o.coord_dec), POINT('ICRS', 10, 20)) AS d
 * FROM demo.Object AS o
 * WHERE 1 = CONTAINS(POINT('ICRS', o.coord_ra, o.coord_dec), CIRCLE('ICRS', 10, 20, 0.1))
 * -&gt;
 * SELECT `o`.`objectId` AS `objectId`, SCISQL_ANGSEP(`o`.`coord_ra`, `o`.`coord_dec`, 10, 20) AS `d`
 * FROM `demo`.`Object` AS `o` WHERE QSERV_AREASPEC_CIRCLE(10, 20, 0.1) LIMIT 10
 * </pre>
 *
 * A {@code CONTAINS(POINT(director position columns), constant CIRCLE or BOX) = 1} among the
 * top-level AND conditions of WHERE becomes Qserv's {@code qserv_areaspec_*} restrictor, which
 * the planner turns into exactly the same predicate plus a chunk set; constant polygons and
 * {@code DISTANCE(...) < r} keep their predicate and gain a bounding-circle restrictor.
 */
public final class AdqlTranslator {
    private static final SqlParserPos POS = SqlParserPos.ZERO;
    private static final Set<String> AGGREGATES = Set.of("COUNT", "SUM", "AVG", "MIN", "MAX");
    /** ADQL math functions passed on under the same name (arity min, max). */
    private static final Map<String, int[]> MATH = Map.ofEntries(
            Map.entry("ABS", new int[] {1, 1}), Map.entry("DEGREES", new int[] {1, 1}),
            Map.entry("RADIANS", new int[] {1, 1}), Map.entry("EXP", new int[] {1, 1}),
            Map.entry("LOG", new int[] {1, 1}), Map.entry("LOG10", new int[] {1, 1}),
            Map.entry("MOD", new int[] {2, 2}), Map.entry("PI", new int[] {0, 0}),
            Map.entry("POWER", new int[] {2, 2}), Map.entry("SQRT", new int[] {1, 1}),
            Map.entry("ROUND", new int[] {1, 2}), Map.entry("ACOS", new int[] {1, 1}),
            Map.entry("ASIN", new int[] {1, 1}), Map.entry("ATAN", new int[] {1, 1}),
            Map.entry("ATAN2", new int[] {2, 2}), Map.entry("COS", new int[] {1, 1}),
            Map.entry("COT", new int[] {1, 1}), Map.entry("SIN", new int[] {1, 1}),
            Map.entry("TAN", new int[] {1, 1}), Map.entry("LOWER", new int[] {1, 1}),
            Map.entry("UPPER", new int[] {1, 1}));
    private static final Set<String> GEOMETRY_FUNCTIONS = Set.of("POINT", "CIRCLE", "BOX", "POLYGON", "CONTAINS",
            "INTERSECTS", "DISTANCE", "COORD1", "COORD2", "AREA");

    private final AdqlCatalog catalog;

    public AdqlTranslator(AdqlCatalog catalog) {
        this.catalog = requireNonNull(catalog, "catalog");
    }

    /**
     * @param maxrec the most rows the client wants (MAXREC, already capped by the service)
     */
    public TranslatedQuery translate(String adql, long maxrec) {
        requireNonNull(adql, "adql");
        if (adql.isBlank()) {
            throw new SkyshardException(TapErrorCode.INVALID_PARAMETER, "QUERY is empty: expected an ADQL SELECT");
        }
        try {
            return translateChecked(adql, maxrec);
        } catch (StackOverflowError e) {
            // the parentheses check below bounds most nesting; a chain of operators can still be too deep
            throw NestingLimit.parserOverflow();
        }
    }

    private TranslatedQuery translateChecked(String adql, long maxrec) {
        // JSqlParser and this translator recurse per level of nesting, as Calcite does after them
        NestingLimit.checkParentheses(adql);
        Statement statement = parse(adql);
        if (!(statement instanceof Select select)) {
            throw new SkyshardException(TapErrorCode.ADQL_SYNTAX, "ADQL queries are SELECT statements; got "
                    + statement.getClass().getSimpleName().toUpperCase(Locale.ROOT));
        }
        if (select.getWithItemsList() != null && !select.getWithItemsList().isEmpty()) {
            throw AdqlErrors.unsupported(select, "WITH (common table expressions)");
        }
        if (select instanceof SetOperationList set) {
            throw AdqlErrors.unsupported(set, "UNION, INTERSECT and EXCEPT");
        }
        if (select instanceof ParenthesedSelect) {
            throw AdqlErrors.unsupported(select, "a parenthesised query");
        }
        if (!(select instanceof PlainSelect plain)) {
            throw AdqlErrors.unsupported(select, select.getClass().getSimpleName());
        }
        return new Translation(adql, maxrec).run(plain);
    }

    private static Statement parse(String adql) {
        try {
            return CCJSqlParserUtil.parse(adql);
        } catch (JSQLParserException e) {
            throw syntaxError(e);
        } catch (RuntimeException e) {
            if (NestingLimit.isStackOverflow(e)) {
                throw NestingLimit.parserOverflow();
            }
            throw new SkyshardException(TapErrorCode.ADQL_SYNTAX, "ADQL syntax error: " + e.getMessage(), e);
        }
    }

    private static SkyshardException syntaxError(Throwable e) {
        if (NestingLimit.isStackOverflow(e)) {
            return NestingLimit.parserOverflow();
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ParseException pe && pe.currentToken != null && pe.currentToken.next != null) {
                Token bad = pe.currentToken.next;
                String what = bad.image == null || bad.image.isEmpty() ? "end of query" : "'" + bad.image + "'";
                return new SkyshardException(TapErrorCode.ADQL_SYNTAX, "ADQL syntax error at line " + bad.beginLine
                        + ", column " + bad.beginColumn + ": unexpected " + what, e);
            }
        }
        String first = e.getMessage() == null ? "cannot parse the query"
                : e.getMessage().lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("cannot parse the query");
        return new SkyshardException(TapErrorCode.ADQL_SYNTAX, "ADQL syntax error: " + first, e);
    }

    /** A table of the FROM clause with the alias the SQL gives it. */
    private record FromTable(TapTable table, String alias, boolean explicitAlias, Object node) {
    }

    /** A column reference resolved to its table. */
    private record Resolved(FromTable from, TapColumn column) {
        SqlIdentifier identifier() {
            return new SqlIdentifier(List.of(from.alias(), column.name()), POS);
        }
    }

    /** The state of one translation: the FROM scope, the select list, the uploads read. */
    private final class Translation {
        private final String adql;
        private final long maxrec;
        private final List<FromTable> from = new ArrayList<>();
        /** ADQL positions of the SQL nodes built from the query's expressions (see {@link AdqlPositions}). */
        private final java.util.IdentityHashMap<SqlNode, SqlParserPos> origins = new java.util.IdentityHashMap<>();
        private final List<SqlNode> itemExpressions = new ArrayList<>();
        private final List<String> itemNames = new ArrayList<>();
        /** USING columns of the right-hand table of each USING join: shown once by {@code *}. */
        private final Set<String> mergedUsingColumns = new HashSet<>();
        /** Conditions binding the director's position to an uploaded position (see {@link TranslatedQuery.UploadMatch}). */
        private final List<TranslatedQuery.UploadMatch> uploadMatches = new ArrayList<>();
        /** An outer join keeps rows that no such condition bounds: then no cross-match restriction holds. */
        private boolean outerJoin;
        private String database;

        Translation(String adql, long maxrec) {
            this.adql = adql;
            this.maxrec = maxrec;
        }

        TranslatedQuery run(PlainSelect s) {
            rejectUnsupportedClauses(s);
            if (s.getFromItem() != null) {
                register(s);
            }
            TapTable.Source target = target(s);
            SqlNode fromNode = s.getFromItem() == null ? null : fromClause(s);
            SqlNodeList items = new SqlNodeList(POS);
            List<OutputColumn> columns = new ArrayList<>();
            selectList(s, items, columns);
            SqlNode where = s.getWhere() == null ? null : where(s.getWhere());
            SqlNodeList groupBy = null;
            if (s.getGroupBy() != null) {
                if (s.getGroupBy().getGroupingSets() != null && !s.getGroupBy().getGroupingSets().isEmpty()) {
                    throw AdqlErrors.unsupported(s.getGroupBy(), "GROUPING SETS");
                }
                groupBy = new SqlNodeList(POS);
                for (Object e : s.getGroupBy().getGroupByExpressionList()) {
                    groupBy.add(groupKey((Expression) e));
                }
            }
            SqlNode having = s.getHaving() == null ? null : scalar(s.getHaving(), Clause.HAVING);
            SqlNodeList orderBy = orderBy(s.getOrderByElements());
            Long top = top(s);
            long offset = offset(s);
            long limit;
            boolean mayOverflow;
            if (top != null && top <= maxrec) {
                limit = top;
                mayOverflow = false;
            } else {
                // one row more than MAXREC tells whether the result was cut; for MAXREC=0 (metadata
                // only, DALI) that row says whether the query would have produced any, i.e. overflowed
                limit = maxrec == Long.MAX_VALUE ? maxrec : maxrec + 1;
                mayOverflow = true;
            }
            SqlNodeList keywords = s.getDistinct() == null ? null
                    : SqlTrees.list(List.of(SqlSelectKeyword.DISTINCT.symbol(POS)));
            SqlSelect select = new SqlSelect(POS, keywords, items, fromNode, where, groupBy, having, null, null, orderBy,
                    offset > 0 ? SqlTrees.integer(offset) : null, SqlTrees.integer(limit), null);
            List<TapTable> uploads = from.stream().map(FromTable::table)
                    .filter(t -> t.source() == TapTable.Source.UPLOAD).distinct().toList();
            TranslatedQuery.UploadMatch match = outerJoin ? null : uploadMatches.stream()
                    .min(java.util.Comparator.comparingDouble(TranslatedQuery.UploadMatch::radiusDeg)).orElse(null);
            String sql = QservSqlDialect.unparse(select);
            return new TranslatedQuery(adql, sql, database, target, columns, uploads, maxrec,
                    mayOverflow, match, AdqlPositions.of(select, sql, origins));
        }

        private void rejectUnsupportedClauses(PlainSelect s) {
            if (s.getIntoTables() != null && !s.getIntoTables().isEmpty()) {
                throw AdqlErrors.unsupported(s, "SELECT INTO");
            }
            if (s.getLimit() != null) {
                throw AdqlErrors.unsupported(s.getLimit(), "LIMIT (ADQL limits rows with SELECT TOP n)");
            }
            if (s.getFetch() != null) {
                throw AdqlErrors.unsupported(s.getFetch(), "FETCH (ADQL limits rows with SELECT TOP n)");
            }
            if (s.getWindowDefinitions() != null && !s.getWindowDefinitions().isEmpty()) {
                throw AdqlErrors.unsupported(s, "WINDOW clauses");
            }
            if (s.getQualify() != null) {
                throw AdqlErrors.unsupported(s.getQualify(), "QUALIFY");
            }
            if (s.getDistinct() != null && (s.getDistinct().getOnSelectItems() != null || s.getDistinct().isUseUnique())) {
                throw AdqlErrors.unsupported(s.getDistinct(), "DISTINCT ON and UNIQUE");
            }
            if (s.getForUpdateTable() != null || s.getForMode() != null || s.getFirst() != null || s.getSkip() != null
                    || s.getOracleHierarchical() != null || s.getLateralViews() != null || s.getSampleClause() != null
                    || s.getOracleHint() != null || s.getKsqlWindow() != null || s.getForClause() != null
                    || s.getLimitBy() != null || s.getPivot() != null || s.getUnPivot() != null) {
                throw AdqlErrors.unsupported(s, "a clause that is not ADQL");
            }
        }

        // ---- FROM ------------------------------------------------------------------------------------

        private void register(PlainSelect s) {
            register(s.getFromItem());
            if (s.getJoins() != null) {
                s.getJoins().forEach(j -> register(j.getRightItem()));
            }
        }

        private SqlNode fromClause(PlainSelect s) {
            List<Join> joins = s.getJoins() == null ? List.of() : s.getJoins();
            SqlNode node = tableRef(from.get(0));
            for (int i = 0; i < joins.size(); i++) {
                node = join(node, joins.get(i), from.get(i + 1));
            }
            return node;
        }

        private void register(FromItem item) {
            if (item instanceof ParenthesedSelect) {
                throw AdqlErrors.unsupported(item, "subqueries in FROM");
            }
            if (item instanceof ParenthesedFromItem) {
                throw AdqlErrors.unsupported(item, "parenthesised joins (write the joins one after the other)");
            }
            if (!(item instanceof Table t)) {
                throw AdqlErrors.unsupported(item, "FROM item " + item);
            }
            if (t.getUnquotedDatabaseName() != null || t.getCatalogName() != null) {
                throw AdqlErrors.error(TapErrorCode.UNKNOWN_TABLE, t, "Table names have at most two parts (schema.table), got "
                        + t.getFullyQualifiedName());
            }
            if (t.getPivot() != null || t.getUnPivot() != null || t.getIndexHint() != null || t.getSqlServerHints() != null) {
                throw AdqlErrors.unsupported(t, "table hints");
            }
            String schema = t.getUnquotedSchemaName();
            String name = t.getUnquotedName();
            List<TapTable> found = catalog.find(schema, delimited(t.getSchemaName()), name, delimited(t.getName()));
            if (found.isEmpty()) {
                List<TapTable> otherCase = catalog.find(schema, name);
                String hint = otherCase.size() == 1 && (delimited(t.getSchemaName()) || delimited(t.getName()))
                        ? "; delimited identifiers are case sensitive: the table is "
                                + AdqlNames.published(otherCase.get(0).schema()) + "."
                                + "\"" + otherCase.get(0).name() + "\""
                        : " (TAP_SCHEMA.tables and /tables list the tables)";
                throw AdqlErrors.error(TapErrorCode.UNKNOWN_TABLE, t, "Table '" + (schema == null ? "" : schema + ".") + name
                        + "' does not exist" + hint);
            }
            if (found.size() > 1) {
                throw AdqlErrors.error(TapErrorCode.AMBIGUOUS_NAME, t, "Table name '" + name + "' is ambiguous: "
                        + String.join(", ", found.stream().map(TapTable::qualifiedName).toList()) + "; qualify it with its schema");
            }
            TapTable table = found.get(0);
            String alias = t.getAlias() == null ? null : unquote(t.getAlias().getName());
            if (t.getAlias() != null && t.getAlias().getAliasColumns() != null && !t.getAlias().getAliasColumns().isEmpty()) {
                throw AdqlErrors.unsupported(t, "column aliases on a table");
            }
            String effective = alias != null ? alias : table.name();
            for (FromTable f : from) {
                if (f.alias().equalsIgnoreCase(effective)) {
                    throw AdqlErrors.error(TapErrorCode.AMBIGUOUS_NAME, t, "Table name or alias '" + effective
                            + "' appears twice in FROM; give each table its own alias");
                }
            }
            from.add(new FromTable(table, effective, alias != null, t));
        }

        private TapTable.Source target(PlainSelect s) {
            Set<TapTable.Source> sources = new HashSet<>();
            Set<String> databases = new java.util.TreeSet<>();
            for (FromTable f : from) {
                sources.add(f.table().source());
                if (f.table().source() == TapTable.Source.CATALOG) {
                    databases.add(f.table().sqlDatabase());
                }
            }
            if (sources.contains(TapTable.Source.TAP_SCHEMA)) {
                if (sources.size() > 1) {
                    throw AdqlErrors.unsupported(s.getFromItem(), "joins of TAP_SCHEMA tables with catalog or upload tables");
                }
                database = "TAP_SCHEMA";
                return TapTable.Source.TAP_SCHEMA;
            }
            if (databases.size() > 1) {
                throw AdqlErrors.unsupported(s.getFromItem(), "joins of tables from several schemas (" + String.join(", ", databases) + ")");
            }
            database = databases.isEmpty() ? (sources.isEmpty() ? null : catalog.defaultDatabase()) : databases.iterator().next();
            if (database == null && !sources.isEmpty()) {
                throw new SkyshardException(TapErrorCode.UNKNOWN_TABLE, "no catalog database exists to run uploads against");
            }
            return TapTable.Source.CATALOG;
        }

        private SqlNode tableRef(FromTable f) {
            TapTable t = f.table();
            String db = t.source() == TapTable.Source.UPLOAD ? database : t.sqlDatabase();
            SqlIdentifier name = new SqlIdentifier(List.of(db, t.sqlTable()), POS);
            return SqlStdOperatorTable.AS.createCall(POS, name, new SqlIdentifier(f.alias(), POS));
        }

        private SqlNode join(SqlNode left, Join j, FromTable rightTable) {
            SqlNode right = tableRef(rightTable);
            if (j.isNatural()) {
                throw AdqlErrors.unsupported(j.getRightItem(), "NATURAL JOIN (use JOIN ... USING (columns))");
            }
            if (j.isApply() || j.isSemi() || j.isStraight() || j.isWindowJoin() || j.isGlobal()) {
                throw AdqlErrors.unsupported(j.getRightItem(), "this kind of join");
            }
            JoinType type;
            if (j.isSimple()) {
                type = JoinType.COMMA;
            } else if (j.isCross()) {
                type = JoinType.CROSS;
            } else if (j.isLeft()) {
                type = JoinType.LEFT;
            } else if (j.isRight()) {
                type = JoinType.RIGHT;
            } else if (j.isFull()) {
                type = JoinType.FULL;
            } else {
                type = JoinType.INNER;
            }
            outerJoin |= type == JoinType.LEFT || type == JoinType.RIGHT || type == JoinType.FULL;
            List<Expression> on = j.getOnExpressions() == null ? List.of() : new ArrayList<>(j.getOnExpressions());
            List<Column> using = j.getUsingColumns() == null ? List.of() : j.getUsingColumns();
            if ((type == JoinType.COMMA || type == JoinType.CROSS) && (!on.isEmpty() || !using.isEmpty())) {
                throw AdqlErrors.error(TapErrorCode.ADQL_SYNTAX, j.getRightItem(), "a CROSS join takes no ON or USING");
            }
            if (type != JoinType.COMMA && type != JoinType.CROSS && on.isEmpty() && using.isEmpty()) {
                throw AdqlErrors.error(TapErrorCode.ADQL_SYNTAX, j.getRightItem(), "JOIN of " + rightTable.alias()
                        + " needs ON or USING");
            }
            if (on.size() > 1) {
                throw AdqlErrors.unsupported(j.getRightItem(), "several ON clauses in one join");
            }
            SqlNode condition = null;
            JoinConditionType conditionType = JoinConditionType.NONE;
            if (!on.isEmpty()) {
                condition = scalar(on.get(0), Clause.WHERE);
                conditionType = JoinConditionType.ON;
                List<Expression> conjuncts = new ArrayList<>();
                splitAnd(on.get(0), conjuncts);
                conjuncts.forEach(this::noteUploadMatch);
            } else if (!using.isEmpty()) {
                SqlNodeList names = new SqlNodeList(POS);
                for (Column c : using) {
                    String name = unquote(c.getColumnName());
                    boolean delimited = delimited(c.getColumnName());
                    TapColumn rightColumn = rightTable.table().column(name, delimited).orElseThrow(() -> AdqlErrors.error(
                            TapErrorCode.UNKNOWN_COLUMN, c, "USING column '" + name + "' is not a column of " + rightTable.alias()));
                    boolean onLeft = from.subList(0, from.indexOf(rightTable)).stream()
                            .anyMatch(f -> f.table().column(name, delimited).isPresent());
                    if (!onLeft) {
                        throw AdqlErrors.error(TapErrorCode.UNKNOWN_COLUMN, c, "USING column '" + name
                                + "' is not a column of the tables left of the join");
                    }
                    mergedUsingColumns.add(rightTable.alias() + "." + rightColumn.name().toLowerCase(Locale.ROOT));
                    names.add(new SqlIdentifier(rightColumn.name(), POS));
                }
                condition = names;
                conditionType = JoinConditionType.USING;
            }
            return new SqlJoin(POS, left, SqlLiteral.createBoolean(false, POS), type.symbol(POS), right,
                    conditionType.symbol(POS), condition);
        }

        // ---- select list -----------------------------------------------------------------------------

        private void selectList(PlainSelect s, SqlNodeList items, List<OutputColumn> columns) {
            Set<String> used = new HashSet<>();
            for (SelectItem<?> item : s.getSelectItems()) {
                Expression e = item.getExpression();
                if (e instanceof AllColumns all && !(e instanceof AllTableColumns)) {
                    if (from.isEmpty()) {
                        throw AdqlErrors.error(TapErrorCode.ADQL_SYNTAX, item, "SELECT * needs a FROM clause");
                    }
                    if (all.getExceptColumns() != null && !all.getExceptColumns().isEmpty()
                            || all.getReplaceExpressions() != null && !all.getReplaceExpressions().isEmpty()) {
                        throw AdqlErrors.unsupported(item, "* EXCEPT / REPLACE");
                    }
                    for (FromTable f : from) {
                        expandStar(f, items, columns, used);
                    }
                } else if (e instanceof AllTableColumns tableColumns) {
                    FromTable f = qualifier(tableColumns.getTable(), tableColumns);
                    expandStar(f, items, columns, used);
                } else {
                    String alias = item.getAlias() == null ? null : unquote(item.getAlias().getName());
                    SqlNode expression = scalar(e, Clause.SELECT);
                    OutputColumn meta = describe(e, alias);
                    String name = unique(meta.name(), used);
                    add(items, columns, expression, new OutputColumn(name, meta.source(), meta.unit(), meta.ucd(),
                            meta.description()), alias);
                }
            }
        }

        private void expandStar(FromTable f, SqlNodeList items, List<OutputColumn> columns, Set<String> used) {
            for (TapColumn c : f.table().columns()) {
                if (mergedUsingColumns.contains(f.alias() + "." + c.name().toLowerCase(Locale.ROOT))) {
                    continue;
                }
                SqlNode id = new SqlIdentifier(List.of(f.alias(), c.name()), POS);
                add(items, columns, id, OutputColumn.of(unique(c.name(), used), c), null);
            }
        }

        private void add(SqlNodeList items, List<OutputColumn> columns, SqlNode expression, OutputColumn column,
                String userAlias) {
            items.add(SqlTrees.as(expression, column.name()));
            columns.add(column);
            itemExpressions.add(expression);
            itemNames.add(userAlias != null ? userAlias : column.name());
        }

        private String unique(String name, Set<String> used) {
            String candidate = name;
            for (int n = 2; !used.add(candidate.toLowerCase(Locale.ROOT)); n++) {
                candidate = name + "_" + n;
            }
            return candidate;
        }

        /** Name and metadata of a select item: the column it shows, or what the function computes. */
        private OutputColumn describe(Expression e, String alias) {
            Expression inner = unwrap(e);
            if (inner instanceof Column c) {
                TapColumn col = resolve(c, Clause.SELECT).column();
                return OutputColumn.of(alias != null ? alias : col.name(), col);
            }
            String name = alias;
            String unit = null;
            String ucd = null;
            if (inner instanceof Function f) {
                String fn = f.getName().toUpperCase(Locale.ROOT);
                if (name == null) {
                    name = fn.toLowerCase(Locale.ROOT);
                }
                List<Expression> args = arguments(f);
                switch (fn) {
                    case "COUNT" -> ucd = "meta.number";
                    case "DISTANCE" -> {
                        unit = "deg";
                        ucd = "pos.angDistance";
                    }
                    case "AREA" -> unit = "deg**2";
                    case "MIN", "MAX", "AVG", "SUM" -> {
                        if (args.size() == 1 && unwrap(args.get(0)) instanceof Column c) {
                            unit = resolve(c, Clause.SELECT).column().unit();
                        }
                    }
                    case "IN_UNIT" -> {
                        if (args.size() == 2 && unwrap(args.get(1)) instanceof StringValue u) {
                            unit = u.getValue();
                        }
                    }
                    case "COORD1", "COORD2" -> unit = "deg";
                    default -> {
                    }
                }
            }
            return OutputColumn.computed(name != null ? name : "expr", unit, ucd, null);
        }

        // ---- clauses ---------------------------------------------------------------------------------

        private SqlNode where(Expression e) {
            List<Expression> conjuncts = new ArrayList<>();
            splitAnd(e, conjuncts);
            List<SqlNode> out = new ArrayList<>();
            for (Expression c : conjuncts) {
                noteUploadMatch(c);
                SpatialConjunct spatial = spatialConjunct(c);
                if (spatial != null) {
                    out.addAll(spatial.nodes());
                } else {
                    out.add(scalar(c, Clause.WHERE));
                }
            }
            return SqlTrees.and(out);
        }

        private void splitAnd(Expression e, List<Expression> out) {
            Expression inner = e;
            while (inner instanceof Parenthesis p) {
                inner = p.getExpression();
            }
            if (inner instanceof ParenthesedExpressionList<?> list && list.size() == 1) {
                splitAnd(list.get(0), out);
            } else if (inner instanceof AndExpression and) {
                splitAnd(and.getLeftExpression(), out);
                splitAnd(and.getRightExpression(), out);
            } else {
                out.add(e);
            }
        }

        private SqlNode groupKey(Expression e) {
            Expression inner = unwrap(e);
            if (inner instanceof Column c && c.getTable() == null) {
                String name = unquote(c.getColumnName());
                if (findColumn(name, delimited(c.getColumnName())).isEmpty()) {
                    int i = itemIndex(name);
                    if (i >= 0) {
                        return itemExpressions.get(i);
                    }
                }
            }
            return scalar(e, Clause.GROUP_BY);
        }

        private SqlNodeList orderBy(List<OrderByElement> elements) {
            if (elements == null || elements.isEmpty()) {
                return null;
            }
            SqlNodeList out = new SqlNodeList(POS);
            for (OrderByElement o : elements) {
                if (o.getNullOrdering() != null) {
                    throw AdqlErrors.unsupported(o, "NULLS FIRST / NULLS LAST");
                }
                Expression inner = unwrap(o.getExpression());
                SqlNode key;
                if (inner instanceof LongValue position) {
                    long p = position.getValue();
                    if (p < 1 || p > itemExpressions.size()) {
                        throw AdqlErrors.error(TapErrorCode.INVALID_ARGUMENT, o, "ORDER BY position " + p
                                + " is not between 1 and the " + itemExpressions.size() + " selected columns");
                    }
                    key = SqlTrees.integer(p);
                } else if (inner instanceof Column c && c.getTable() == null && itemIndex(unquote(c.getColumnName())) >= 0) {
                    key = SqlTrees.integer(itemIndex(unquote(c.getColumnName())) + 1L);
                } else {
                    key = scalar(o.getExpression(), Clause.ORDER_BY);
                }
                out.add(o.isAsc() ? key : SqlStdOperatorTable.DESC.createCall(POS, key));
            }
            return out;
        }

        private int itemIndex(String name) {
            int found = -1;
            for (int i = 0; i < itemNames.size(); i++) {
                if (itemNames.get(i).equalsIgnoreCase(name)) {
                    if (found >= 0) {
                        throw new SkyshardException(TapErrorCode.AMBIGUOUS_NAME, "'" + name
                                + "' names several selected columns");
                    }
                    found = i;
                }
            }
            return found;
        }

        private Long top(PlainSelect s) {
            if (s.getTop() == null) {
                return null;
            }
            if (s.getTop().isPercentage() || s.getTop().isWithTies()) {
                throw AdqlErrors.unsupported(s.getTop(), "TOP ... PERCENT / WITH TIES");
            }
            Expression e = unwrap(s.getTop().getExpression());
            if (!(e instanceof LongValue n) || n.getBigIntegerValue().signum() < 0
                    || n.getBigIntegerValue().bitLength() > 62) {
                throw AdqlErrors.error(TapErrorCode.INVALID_ARGUMENT, s.getTop(), "TOP needs a non-negative integer, got "
                        + s.getTop().getExpression());
            }
            return n.getValue();
        }

        private long offset(PlainSelect s) {
            if (s.getOffset() == null) {
                return 0;
            }
            if (s.getOffset().getOffsetParam() != null && !s.getOffset().getOffsetParam().isBlank()) {
                throw AdqlErrors.unsupported(s.getOffset(), "OFFSET ... ROWS");
            }
            Expression e = unwrap(s.getOffset().getOffset());
            if (!(e instanceof LongValue n) || n.getBigIntegerValue().signum() < 0
                    || n.getBigIntegerValue().bitLength() > 62) {
                throw AdqlErrors.error(TapErrorCode.INVALID_ARGUMENT, s.getOffset(), "OFFSET needs a non-negative integer, got "
                        + s.getOffset().getOffset());
            }
            return n.getValue();
        }

        // ---- spatial restrictors -------------------------------------------------------------------

        private record SpatialConjunct(List<SqlNode> nodes) {
        }

        /**
         * A top-level WHERE conjunct that restricts the position of the one director table in FROM to
         * a constant region: {@code CONTAINS(POINT(ra, dec), region) = 1} or {@code DISTANCE(POINT(ra,
         * dec), POINT(a, b)) < r}. Null when the conjunct is anything else.
         */
        private SpatialConjunct spatialConjunct(Expression e) {
            Expression inner = unwrap(e);
            if (inner instanceof EqualsTo eq) {
                Function f = spatialCall(eq.getLeftExpression(), "CONTAINS", "INTERSECTS");
                Expression other = eq.getRightExpression();
                if (f == null) {
                    f = spatialCall(eq.getRightExpression(), "CONTAINS", "INTERSECTS");
                    other = eq.getLeftExpression();
                }
                if (f == null || !(unwrap(other) instanceof LongValue one) || one.getValue() != 1) {
                    return null;
                }
                List<Expression> args = arguments(f);
                if (args.size() != 2) {
                    return null;
                }
                Object a = convert(args.get(0), Clause.WHERE);
                Object b = convert(args.get(1), Clause.WHERE);
                Geometry.Point point = a instanceof Geometry.Point p ? p : b instanceof Geometry.Point p ? p : null;
                Geometry region = a instanceof Geometry.Point ? (b instanceof Geometry g ? g : null) : (a instanceof Geometry g ? g : null);
                if (point == null || region == null || region instanceof Geometry.Point
                        || f.getName().equalsIgnoreCase("CONTAINS") && !(a instanceof Geometry.Point)) {
                    return null;
                }
                SqlNode predicate = SqlStdOperatorTable.EQUALS.createCall(POS, SpatialSql.contains(point, region, f),
                        SqlTrees.integer(1));
                if (!onDirectorPosition(point)) {
                    return new SpatialConjunct(List.of(predicate));
                }
                if (region instanceof Geometry.Circle c) {
                    double[] v = SpatialSql.literalBoundingCircle(c, f);
                    if (v != null) {
                        // exactly scisql_s2PtInCircle(director ra, dec, ...) = 1, plus the chunks of the circle
                        return new SpatialConjunct(List.of(SpatialSql.call("qserv_areaspec_circle", constant(c.ra(), v[0]),
                                constant(c.dec(), v[1]), constant(c.radius(), v[2]))));
                    }
                } else if (region instanceof Geometry.Box box) {
                    double[] v = SpatialSql.literalBox(box, f);
                    if (v != null) {
                        return new SpatialConjunct(List.of(SpatialSql.call("qserv_areaspec_box", SpatialSql.number(v[0]),
                                SpatialSql.number(v[1]), SpatialSql.number(v[2]), SpatialSql.number(v[3]))));
                    }
                } else {
                    double[] v = SpatialSql.literalBoundingCircle(region, f);
                    if (v != null) {
                        return new SpatialConjunct(List.of(areaspecCircle(v), predicate));
                    }
                }
                return new SpatialConjunct(List.of(predicate));
            }
            boolean less = inner instanceof MinorThan || inner instanceof MinorThanEquals;
            boolean greater = inner instanceof GreaterThan || inner instanceof GreaterThanEquals;
            if (less || greater) {
                BinaryExpression cmp = (BinaryExpression) inner;
                Expression distanceSide = less ? cmp.getLeftExpression() : cmp.getRightExpression();
                Expression radiusSide = less ? cmp.getRightExpression() : cmp.getLeftExpression();
                Function f = spatialCall(distanceSide, "DISTANCE");
                if (f == null) {
                    return null;
                }
                SqlNode predicate = scalar(e, Clause.WHERE);
                SqlNode radius = scalar(radiusSide, Clause.WHERE);
                Double r = SpatialSql.literal(radius);
                List<Expression> args = arguments(f);
                Geometry.Point p1;
                Geometry.Point p2;
                if (args.size() == 2 && convert(args.get(0), Clause.WHERE) instanceof Geometry.Point a
                        && convert(args.get(1), Clause.WHERE) instanceof Geometry.Point b) {
                    p1 = a;
                    p2 = b;
                } else if (args.size() == 4) {
                    p1 = new Geometry.Point(scalar(args.get(0), Clause.WHERE), scalar(args.get(1), Clause.WHERE));
                    p2 = new Geometry.Point(scalar(args.get(2), Clause.WHERE), scalar(args.get(3), Clause.WHERE));
                } else {
                    return null;
                }
                Geometry.Point centre = onDirectorPosition(p1) ? p2 : onDirectorPosition(p2) ? p1 : null;
                if (r == null || centre == null || r < 0 || r > 180) {
                    return new SpatialConjunct(List.of(predicate));
                }
                Double ra = SpatialSql.literal(centre.ra());
                Double dec = SpatialSql.literal(centre.dec());
                if (ra == null || dec == null || !(dec >= -90 && dec <= 90)) {
                    return new SpatialConjunct(List.of(predicate));
                }
                return new SpatialConjunct(List.of(areaspecCircle(new double[] {ra, dec, r}), predicate));
            }
            return null;
        }

        /**
         * Records a condition that keeps a row only when the director's position is within a constant
         * radius of an uploaded position: {@code DISTANCE(p, q) < r} ({@code <=}, or {@code r > ...}),
         * or {@code CONTAINS(p, CIRCLE(q, r)) = 1} / {@code INTERSECTS} of a point and such a circle,
         * with p and q the director's and the upload's position columns in either order.
         */
        private void noteUploadMatch(Expression e) {
            Expression inner = unwrap(e);
            Geometry.Point p;
            Geometry.Point q;
            Double r;
            if (inner instanceof MinorThan || inner instanceof MinorThanEquals || inner instanceof GreaterThan
                    || inner instanceof GreaterThanEquals) {
                BinaryExpression cmp = (BinaryExpression) inner;
                boolean less = inner instanceof MinorThan || inner instanceof MinorThanEquals;
                Function f = spatialCall(less ? cmp.getLeftExpression() : cmp.getRightExpression(), "DISTANCE");
                if (f == null) {
                    return;
                }
                r = SpatialSql.literal(scalar(less ? cmp.getRightExpression() : cmp.getLeftExpression(), Clause.WHERE));
                List<Expression> args = arguments(f);
                if (args.size() == 2 && convert(args.get(0), Clause.WHERE) instanceof Geometry.Point a
                        && convert(args.get(1), Clause.WHERE) instanceof Geometry.Point b) {
                    p = a;
                    q = b;
                } else if (args.size() == 4) {
                    p = new Geometry.Point(scalar(args.get(0), Clause.WHERE), scalar(args.get(1), Clause.WHERE));
                    q = new Geometry.Point(scalar(args.get(2), Clause.WHERE), scalar(args.get(3), Clause.WHERE));
                } else {
                    return;
                }
            } else if (inner instanceof EqualsTo eq) {
                Function f = spatialCall(eq.getLeftExpression(), "CONTAINS", "INTERSECTS");
                Expression other = eq.getRightExpression();
                if (f == null) {
                    f = spatialCall(eq.getRightExpression(), "CONTAINS", "INTERSECTS");
                    other = eq.getLeftExpression();
                }
                List<Expression> args = f == null ? List.of() : arguments(f);
                if (!(unwrap(other) instanceof LongValue one) || one.getValue() != 1 || args.size() != 2) {
                    return;
                }
                Object a = convert(args.get(0), Clause.WHERE);
                Object b = convert(args.get(1), Clause.WHERE);
                boolean intersects = f.getName().equalsIgnoreCase("INTERSECTS");
                Geometry.Circle circle;
                if (a instanceof Geometry.Point point && b instanceof Geometry.Circle c) {
                    p = point;
                    circle = c;
                } else if (intersects && a instanceof Geometry.Circle c && b instanceof Geometry.Point point) {
                    p = point;
                    circle = c;
                } else {
                    return;
                }
                q = new Geometry.Point(circle.ra(), circle.dec());
                r = SpatialSql.literal(circle.radius());
            } else {
                return;
            }
            if (r == null) {
                return;
            }
            if (!onDirectorPosition(p)) {
                Geometry.Point swap = p;
                p = q;
                q = swap;
            }
            if (!onDirectorPosition(p) || !(q.ra() instanceof SqlIdentifier ra) || !(q.dec() instanceof SqlIdentifier dec)
                    || ra.names.size() != 2 || dec.names.size() != 2 || !ra.names.get(0).equals(dec.names.get(0))) {
                return;
            }
            String alias = ra.names.get(0);
            from.stream().filter(f -> f.alias().equals(alias) && f.table().source() == TapTable.Source.UPLOAD).findFirst()
                    .ifPresent(u -> uploadMatches.add(new TranslatedQuery.UploadMatch(u.table(), ra.names.get(1),
                            dec.names.get(1), r)));
        }

        /** A constant as written when it is a number, else its folded value (e.g. of 1.0 / 3600). */
        private SqlNode constant(SqlNode node, double value) {
            return SqlTrees.numericValue(node) != null ? node : SpatialSql.number(value);
        }

        private SqlNode areaspecCircle(double[] v) {
            return SpatialSql.call("qserv_areaspec_circle", SpatialSql.number(v[0]), SpatialSql.number(v[1]),
                    SpatialSql.number(v[2]));
        }

        private Function spatialCall(Expression e, String... names) {
            if (unwrap(e) instanceof Function f) {
                for (String n : names) {
                    if (f.getName().equalsIgnoreCase(n)) {
                        return f;
                    }
                }
            }
            return null;
        }

        /** True when the point is the position columns of the only director table of the query. */
        private boolean onDirectorPosition(Geometry.Point p) {
            List<FromTable> directors = from.stream().filter(f -> f.table().definition() != null
                    && f.table().definition().kind() == TableKind.DIRECTOR).toList();
            if (directors.size() != 1) {
                return false;
            }
            FromTable d = directors.get(0);
            String ra = d.table().definition().raColumn();
            String dec = d.table().definition().decColumn();
            return ra != null && dec != null && isColumn(p.ra(), d.alias(), ra) && isColumn(p.dec(), d.alias(), dec);
        }

        private boolean isColumn(SqlNode node, String alias, String column) {
            return node instanceof SqlIdentifier id && id.names.size() == 2 && id.names.get(0).equals(alias)
                    && id.names.get(1).equalsIgnoreCase(column);
        }

        // ---- expressions ---------------------------------------------------------------------------

        private SqlNode scalar(Expression e, Clause clause) {
            Object v = convert(e, clause);
            if (v instanceof Geometry g) {
                throw AdqlErrors.unsupported(e, g.kind() + " as a value (geometries can be used inside CONTAINS,"
                        + " INTERSECTS, DISTANCE, COORD1, COORD2 and AREA)");
            }
            return (SqlNode) v;
        }

        private Geometry geometry(Expression e, Clause clause, String where) {
            Object v = convert(e, clause);
            if (!(v instanceof Geometry g)) {
                throw AdqlErrors.error(TapErrorCode.INVALID_ARGUMENT, e, where + " expects a geometry (POINT, CIRCLE, BOX or"
                        + " POLYGON), got " + e);
            }
            return g;
        }

        /** Converts an expression: a SqlNode for a scalar, a {@link Geometry} for POINT/CIRCLE/BOX/POLYGON. */
        private Object convert(Expression e, Clause clause) {
            Object v = convertUnplaced(e, clause);
            if (v instanceof SqlNode n) {
                // the innermost expression a node came from names its place (a parenthesis is not one)
                SqlParserPos at = AdqlErrors.position(e);
                if (at != null) {
                    origins.putIfAbsent(n, at);
                }
            }
            return v;
        }

        private Object convertUnplaced(Expression e, Clause clause) {
            return switch (e) {
                case null -> throw new SkyshardException(TapErrorCode.ADQL_SYNTAX, "missing expression");
                case Parenthesis p -> convert(p.getExpression(), clause);
                case ParenthesedExpressionList<?> list when list.size() == 1 -> convert(list.get(0), clause);
                case ParenthesedSelect sub -> throw AdqlErrors.unsupported(sub, "subqueries");
                case ExistsExpression exists -> throw AdqlErrors.unsupported(exists, "EXISTS (subqueries)");
                case Column c -> resolve(c, clause).identifier();
                case LongValue n -> SqlLiteral.createExactNumeric(n.getStringValue(), POS);
                case DoubleValue d -> number(d);
                case StringValue s -> {
                    if (s.getPrefix() != null && !s.getPrefix().isEmpty()) {
                        throw AdqlErrors.unsupported(s, "prefixed string literals");
                    }
                    yield SqlLiteral.createCharString(s.getValue().replace("''", "'"), POS);
                }
                case NullValue n -> SqlLiteral.createNull(POS);
                case SignedExpression s -> switch (s.getSign()) {
                    case '-' -> SqlStdOperatorTable.UNARY_MINUS.createCall(POS, scalar(s.getExpression(), clause));
                    case '+' -> scalar(s.getExpression(), clause);
                    default -> throw AdqlErrors.unsupported(s, "bitwise operator " + s.getSign());
                };
                case Addition a -> binary(SqlStdOperatorTable.PLUS, a, clause);
                case Subtraction a -> binary(SqlStdOperatorTable.MINUS, a, clause);
                case Multiplication a -> binary(SqlStdOperatorTable.MULTIPLY, a, clause);
                case Division a -> binary(SqlStdOperatorTable.DIVIDE, a, clause);
                case Modulo a -> SpatialSql.call("MOD", scalar(a.getLeftExpression(), clause), scalar(a.getRightExpression(), clause));
                case Concat a -> SpatialSql.call("CONCAT", scalar(a.getLeftExpression(), clause), scalar(a.getRightExpression(), clause));
                case EqualsTo a -> binary(SqlStdOperatorTable.EQUALS, a, clause);
                case NotEqualsTo a -> binary(SqlStdOperatorTable.NOT_EQUALS, a, clause);
                case GreaterThan a -> binary(SqlStdOperatorTable.GREATER_THAN, a, clause);
                case GreaterThanEquals a -> binary(SqlStdOperatorTable.GREATER_THAN_OR_EQUAL, a, clause);
                case MinorThan a -> binary(SqlStdOperatorTable.LESS_THAN, a, clause);
                case MinorThanEquals a -> binary(SqlStdOperatorTable.LESS_THAN_OR_EQUAL, a, clause);
                case AndExpression a -> binary(SqlStdOperatorTable.AND, a, clause);
                case OrExpression a -> binary(SqlStdOperatorTable.OR, a, clause);
                case NotExpression n -> SqlStdOperatorTable.NOT.createCall(POS, scalar(n.getExpression(), clause));
                case Between b -> (b.isNot() ? SqlStdOperatorTable.NOT_BETWEEN : SqlStdOperatorTable.BETWEEN).createCall(POS,
                        scalar(b.getLeftExpression(), clause), scalar(b.getBetweenExpressionStart(), clause),
                        scalar(b.getBetweenExpressionEnd(), clause));
                case InExpression in -> in(in, clause);
                case LikeExpression like -> like(like, clause);
                case IsNullExpression n -> {
                    if (n.isUseIsNull() || n.isUseNotNull()) {
                        throw AdqlErrors.unsupported(n, "ISNULL / NOTNULL (write IS NULL)");
                    }
                    yield (n.isNot() ? SqlStdOperatorTable.IS_NOT_NULL : SqlStdOperatorTable.IS_NULL)
                            .createCall(POS, scalar(n.getLeftExpression(), clause));
                }
                case CaseExpression c -> caseWhen(c, clause);
                case CastExpression c -> cast(c, clause);
                case AnalyticExpression a -> throw AdqlErrors.unsupported(a, "window functions (OVER)");
                case Function f -> function(f, clause);
                case AllColumns a -> throw AdqlErrors.error(TapErrorCode.ADQL_SYNTAX, a, "* is allowed only in the select list"
                        + " and in COUNT(*)");
                default -> throw AdqlErrors.unsupported(e, "the construct '" + e + "'");
            };
        }

        private SqlNode number(DoubleValue d) {
            String text = d.toString();
            if (text.contains("e") || text.contains("E")) {
                return SqlLiteral.createApproxNumeric(text, POS);
            }
            return SqlLiteral.createExactNumeric(text, POS);
        }

        private SqlNode binary(SqlOperator op, BinaryExpression b, Clause clause) {
            SqlNode left = scalar(b.getLeftExpression(), clause);
            SqlNode right = scalar(b.getRightExpression(), clause);
            if (op != SqlStdOperatorTable.AND && op != SqlStdOperatorTable.OR) {
                left = caseSensitive(b.getLeftExpression(), left);
                right = caseSensitive(b.getRightExpression(), right);
            }
            return op.createCall(POS, left, right);
        }

        /**
         * ADQL compares strings case-sensitively, MySQL (and the Qserv dialect) under case-insensitive
         * collations: a string literal compared is written as binary, which MySQL compares byte for byte.
         */
        private static SqlNode caseSensitive(Expression e, SqlNode translated) {
            if (!(unwrap(e) instanceof StringValue)) {
                return translated;
            }
            return SqlStdOperatorTable.CAST.createCall(POS, translated, new SqlDataTypeSpec(
                    new SqlUserDefinedTypeNameSpec(new SqlIdentifier("BINARY", POS), POS), POS));
        }

        private SqlNode in(InExpression in, Clause clause) {
            if (!(in.getRightExpression() instanceof ExpressionList<?> list) || in.getRightExpression() instanceof Select) {
                throw AdqlErrors.unsupported(in, "IN with a subquery");
            }
            SqlNodeList values = new SqlNodeList(POS);
            for (Object v : list) {
                values.add(scalar((Expression) v, clause));
            }
            if (values.isEmpty()) {
                throw AdqlErrors.error(TapErrorCode.ADQL_SYNTAX, in, "IN needs at least one value");
            }
            return (in.isNot() ? SqlStdOperatorTable.NOT_IN : SqlStdOperatorTable.IN).createCall(POS,
                    scalar(in.getLeftExpression(), clause), values);
        }

        private SqlNode like(LikeExpression like, Clause clause) {
            if (like.getEscape() != null) {
                throw AdqlErrors.unsupported(like, "LIKE ... ESCAPE");
            }
            SqlNode left = scalar(like.getLeftExpression(), clause);
            SqlNode right = scalar(like.getRightExpression(), clause);
            switch (like.getLikeKeyWord()) {
                case LIKE -> {
                    // ADQL's LIKE is case-sensitive; MySQL's is not (the Qserv dialect follows MySQL):
                    // compared as binary, as MySQL users write a case-sensitive LIKE.
                    left = SqlStdOperatorTable.CAST.createCall(POS, left, new SqlDataTypeSpec(
                            new SqlUserDefinedTypeNameSpec(new SqlIdentifier("BINARY", POS), POS), POS));
                }
                case ILIKE -> {
                    // ADQL 2.1 ILIKE: case-insensitive LIKE
                    left = SpatialSql.call("LOWER", left);
                    right = SpatialSql.call("LOWER", right);
                }
                default -> throw AdqlErrors.unsupported(like, like.getLikeKeyWord() + " (ADQL has LIKE and ILIKE)");
            }
            return (like.isNot() ? SqlStdOperatorTable.NOT_LIKE : SqlStdOperatorTable.LIKE).createCall(POS, left, right);
        }

        private SqlNode caseWhen(CaseExpression c, Clause clause) {
            SqlNode value = c.getSwitchExpression() == null ? null : scalar(c.getSwitchExpression(), clause);
            SqlNodeList whens = new SqlNodeList(POS);
            SqlNodeList thens = new SqlNodeList(POS);
            for (WhenClause w : c.getWhenClauses()) {
                whens.add(scalar(w.getWhenExpression(), clause));
                thens.add(scalar(w.getThenExpression(), clause));
            }
            SqlNode otherwise = c.getElseExpression() == null ? SqlLiteral.createNull(POS) : scalar(c.getElseExpression(), clause);
            return new SqlCase(POS, value, whens, thens, otherwise);
        }

        private SqlNode cast(CastExpression c, Clause clause) {
            if (!c.isUseCastKeyword() || c.getColDataType() == null) {
                throw AdqlErrors.unsupported(c, "casts other than CAST(x AS type)");
            }
            String type = c.getColDataType().getDataType().toUpperCase(Locale.ROOT).replaceAll("\\s+", " ").strip();
            List<String> args = c.getColDataType().getArgumentsStringList() == null ? List.of()
                    : c.getColDataType().getArgumentsStringList();
            SqlTypeName name = switch (type) {
                case "SMALLINT" -> SqlTypeName.SMALLINT;
                case "INTEGER", "INT" -> SqlTypeName.INTEGER;
                case "BIGINT" -> SqlTypeName.BIGINT;
                case "REAL" -> SqlTypeName.REAL;
                case "DOUBLE PRECISION", "DOUBLE" -> SqlTypeName.DOUBLE;
                case "CHAR", "CHARACTER" -> SqlTypeName.CHAR;
                case "VARCHAR", "CHARACTER VARYING", "CHAR VARYING" -> SqlTypeName.VARCHAR;
                case "TIMESTAMP" -> SqlTypeName.TIMESTAMP;
                default -> throw AdqlErrors.unsupported(c, "CAST to " + type + " (ADQL casts to SMALLINT, INTEGER, BIGINT,"
                        + " REAL, DOUBLE PRECISION, CHAR(n), VARCHAR(n) and TIMESTAMP)");
            };
            int precision = -1;
            if (!args.isEmpty()) {
                if (name != SqlTypeName.CHAR && name != SqlTypeName.VARCHAR || args.size() != 1) {
                    throw AdqlErrors.error(TapErrorCode.INVALID_ARGUMENT, c, "CAST type " + type + args + " takes no size");
                }
                try {
                    precision = Integer.parseInt(args.get(0).strip());
                } catch (NumberFormatException ex) {
                    throw AdqlErrors.error(TapErrorCode.INVALID_ARGUMENT, c, "CAST size must be an integer, got " + args.get(0));
                }
                if (precision < 1) {
                    throw AdqlErrors.error(TapErrorCode.INVALID_ARGUMENT, c, "CAST size must be positive, got " + precision);
                }
            }
            SqlDataTypeSpec spec = new SqlDataTypeSpec(new SqlBasicTypeNameSpec(name, precision, POS), POS);
            return SqlStdOperatorTable.CAST.createCall(POS, scalar(c.getLeftExpression(), clause), spec);
        }

        private Object function(Function f, Clause clause) {
            String name = f.getName() == null ? "" : f.getName().toUpperCase(Locale.ROOT);
            if (f.getMultipartName() != null && f.getMultipartName().size() > 1) {
                throw AdqlErrors.unsupported(f, "qualified function name " + f.getName());
            }
            if (f.getKeep() != null || f.getOrderByElements() != null || f.getNamedParameters() != null
                    || f.getAttribute() != null || f.isIgnoreNulls() || f.getHavingClause() != null || f.getLimit() != null) {
                throw AdqlErrors.unsupported(f, "function call syntax that is not ADQL");
            }
            List<Expression> args = arguments(f);
            if (AGGREGATES.contains(name)) {
                return aggregate(f, name, args, clause);
            }
            if (f.isDistinct() || f.isUnique() || f.isAllColumns()) {
                throw AdqlErrors.unsupported(f, "DISTINCT or * in the non-aggregate function " + name);
            }
            if (GEOMETRY_FUNCTIONS.contains(name)) {
                return geometryFunction(f, name, args, clause);
            }
            int[] arity = MATH.get(name);
            if (arity != null) {
                arity(f, name, args, arity[0], arity[1]);
                List<SqlNode> sql = new ArrayList<>();
                args.forEach(a -> sql.add(scalar(a, clause)));
                return SpatialSql.call(name, sql.toArray(SqlNode[]::new));
            }
            switch (name) {
                case "CEILING" -> {
                    arity(f, name, args, 1, 1);
                    return SqlStdOperatorTable.CEIL.createCall(POS, scalar(args.get(0), clause));
                }
                case "FLOOR" -> {
                    arity(f, name, args, 1, 1);
                    return SqlStdOperatorTable.FLOOR.createCall(POS, scalar(args.get(0), clause));
                }
                case "TRUNCATE" -> {
                    arity(f, name, args, 1, 2);
                    SqlNode digits = args.size() == 2 ? scalar(args.get(1), clause) : SqlTrees.integer(0);
                    return SpatialSql.call("TRUNCATE", scalar(args.get(0), clause), digits);
                }
                case "COALESCE" -> {
                    arity(f, name, args, 1, Integer.MAX_VALUE);
                    List<SqlNode> sql = new ArrayList<>();
                    args.forEach(a -> sql.add(scalar(a, clause)));
                    return SqlStdOperatorTable.COALESCE.createCall(POS, sql);
                }
                case "IN_UNIT" -> {
                    return inUnit(f, args, clause);
                }
                case "RAND" -> throw AdqlErrors.unsupported(f, "RAND (each worker would draw its own numbers)");
                case "REGION", "CENTROID", "COORDSYS" -> throw AdqlErrors.unsupported(f, name + " (see the service capabilities"
                        + " for the geometry functions supported)");
                default -> throw AdqlErrors.unsupported(f, "unknown function " + f.getName());
            }
        }

        private SqlNode aggregate(Function f, String name, List<Expression> args, Clause clause) {
            if (clause == Clause.WHERE || clause == Clause.GROUP_BY) {
                throw AdqlErrors.error(TapErrorCode.ADQL_SYNTAX, f, "aggregate function " + name + " is not allowed in "
                        + (clause == Clause.WHERE ? "WHERE or ON (use HAVING)" : "GROUP BY"));
            }
            if (f.isUnique()) {
                throw AdqlErrors.unsupported(f, name + "(UNIQUE ...)");
            }
            SqlOperator op = switch (name) {
                case "COUNT" -> SqlStdOperatorTable.COUNT;
                case "SUM" -> SqlStdOperatorTable.SUM;
                case "AVG" -> SqlStdOperatorTable.AVG;
                case "MIN" -> SqlStdOperatorTable.MIN;
                default -> SqlStdOperatorTable.MAX;
            };
            SqlLiteral quantifier = f.isDistinct() ? SqlSelectKeyword.DISTINCT.symbol(POS) : null;
            if (f.isAllColumns() || args.size() == 1 && args.get(0) instanceof AllColumns) {
                if (!name.equals("COUNT") || f.isDistinct()) {
                    throw AdqlErrors.error(TapErrorCode.ADQL_SYNTAX, f, "only COUNT(*) takes *");
                }
                return op.createCall(null, POS, SqlIdentifier.star(POS));
            }
            arity(f, name, args, 1, 1);
            SqlNode arg = scalar(args.get(0), Clause.AGGREGATE_ARGUMENT);
            return op.createCall(quantifier, POS, arg);
        }

        private SqlNode inUnit(Function f, List<Expression> args, Clause clause) {
            arity(f, "IN_UNIT", args, 2, 2);
            if (!(unwrap(args.get(1)) instanceof StringValue target)) {
                throw AdqlErrors.error(TapErrorCode.INVALID_ARGUMENT, f, "IN_UNIT needs a unit string as second argument");
            }
            Expression value = unwrap(args.get(0));
            if (!(value instanceof Column c)) {
                throw AdqlErrors.unsupported(f, "IN_UNIT of an expression (Skyshard converts columns whose unit is known)");
            }
            Resolved r = resolve(c, clause);
            String from = r.column().unit();
            if (from == null || from.isBlank()) {
                throw AdqlErrors.error(TapErrorCode.INVALID_ARGUMENT, f, "IN_UNIT: column " + r.column().name() + " has no unit");
            }
            Double factor = Units.factor(from, target.getValue());
            if (factor == null) {
                throw AdqlErrors.error(TapErrorCode.INVALID_ARGUMENT, f, "IN_UNIT cannot convert " + from + " into "
                        + target.getValue() + (Units.known(target.getValue()) ? "" : " (unknown unit)"));
            }
            return SqlStdOperatorTable.MULTIPLY.createCall(POS, r.identifier(), SpatialSql.number(factor));
        }

        private Object geometryFunction(Function f, String name, List<Expression> args, Clause clause) {
            switch (name) {
                case "POINT" -> {
                    List<Expression> c = withoutCoordSys(f, args, 2);
                    return new Geometry.Point(scalar(c.get(0), clause), scalar(c.get(1), clause));
                }
                case "CIRCLE" -> {
                    List<Expression> c = withoutCoordSys(f, args, 2, 3);
                    if (c.size() == 2) {
                        Geometry.Point centre = point(c.get(0), clause, "CIRCLE centre");
                        return new Geometry.Circle(centre.ra(), centre.dec(), scalar(c.get(1), clause));
                    }
                    return new Geometry.Circle(scalar(c.get(0), clause), scalar(c.get(1), clause), scalar(c.get(2), clause));
                }
                case "BOX" -> {
                    List<Expression> c = withoutCoordSys(f, args, 3, 4);
                    if (c.size() == 3) {
                        Geometry.Point centre = point(c.get(0), clause, "BOX centre");
                        return new Geometry.Box(centre.ra(), centre.dec(), scalar(c.get(1), clause), scalar(c.get(2), clause));
                    }
                    return new Geometry.Box(scalar(c.get(0), clause), scalar(c.get(1), clause), scalar(c.get(2), clause),
                            scalar(c.get(3), clause));
                }
                case "POLYGON" -> {
                    List<Expression> c = withoutCoordSys(f, args, -1);
                    List<SqlNode[]> vertices = new ArrayList<>();
                    if (!c.isEmpty() && convert(c.get(0), clause) instanceof Geometry) {
                        for (Expression v : c) {
                            Geometry.Point p = point(v, clause, "POLYGON vertex");
                            vertices.add(new SqlNode[] {p.ra(), p.dec()});
                        }
                    } else {
                        if (c.size() % 2 != 0) {
                            throw AdqlErrors.error(TapErrorCode.INVALID_ARGUMENT, f, "POLYGON needs ra, dec pairs; got "
                                    + c.size() + " coordinates");
                        }
                        for (int i = 0; i < c.size(); i += 2) {
                            vertices.add(new SqlNode[] {scalar(c.get(i), clause), scalar(c.get(i + 1), clause)});
                        }
                    }
                    if (vertices.size() < 3) {
                        throw AdqlErrors.error(TapErrorCode.INVALID_ARGUMENT, f, "POLYGON needs at least 3 vertices, got "
                                + vertices.size());
                    }
                    return new Geometry.Polygon(vertices);
                }
                case "CONTAINS", "INTERSECTS" -> {
                    arity(f, name, args, 2, 2);
                    Geometry a = geometry(args.get(0), clause, name);
                    Geometry b = geometry(args.get(1), clause, name);
                    if (a instanceof Geometry.Point p) {
                        return SpatialSql.contains(p, b, f);
                    }
                    if (name.equals("INTERSECTS") && b instanceof Geometry.Point p) {
                        return SpatialSql.contains(p, a, f);
                    }
                    throw AdqlErrors.unsupported(f, name + " of two regions (" + a.kind() + ", " + b.kind()
                            + "): the first argument must be a POINT");
                }
                case "DISTANCE" -> {
                    if (args.size() == 4) {
                        return SpatialSql.distance(
                                new Geometry.Point(scalar(args.get(0), clause), scalar(args.get(1), clause)),
                                new Geometry.Point(scalar(args.get(2), clause), scalar(args.get(3), clause)));
                    }
                    arity(f, name, args, 2, 2);
                    return SpatialSql.distance(point(args.get(0), clause, "DISTANCE"), point(args.get(1), clause, "DISTANCE"));
                }
                case "COORD1", "COORD2" -> {
                    arity(f, name, args, 1, 1);
                    Geometry.Point p = point(args.get(0), clause, name);
                    return name.equals("COORD1") ? p.ra() : p.dec();
                }
                case "AREA" -> {
                    arity(f, name, args, 1, 1);
                    return SpatialSql.area(geometry(args.get(0), clause, name), f);
                }
                default -> throw new IllegalStateException(name);
            }
        }

        private Geometry.Point point(Expression e, Clause clause, String where) {
            Geometry g = geometry(e, clause, where);
            if (!(g instanceof Geometry.Point p)) {
                throw AdqlErrors.error(TapErrorCode.INVALID_ARGUMENT, e, where + " expects a POINT, got " + g.kind());
            }
            return p;
        }

        /**
         * The arguments after the optional leading coordinate system (a string literal, '' or NULL,
         * deprecated in ADQL 2.1), which must name ICRS: catalog positions are ICRS and no frame
         * conversion is done. {@code counts} lists the accepted numbers of remaining arguments (-1: any).
         */
        private List<Expression> withoutCoordSys(Function f, List<Expression> args, int... counts) {
            List<Expression> rest = args;
            if (!args.isEmpty() && (unwrap(args.get(0)) instanceof StringValue || unwrap(args.get(0)) instanceof NullValue)) {
                if (unwrap(args.get(0)) instanceof StringValue s) {
                    checkCoordSys(s, f);
                }
                rest = args.subList(1, args.size());
            }
            boolean ok = false;
            for (int c : counts) {
                ok |= c < 0 || rest.size() == c;
            }
            if (!ok) {
                throw AdqlErrors.error(TapErrorCode.INVALID_ARGUMENT, f, f.getName().toUpperCase(Locale.ROOT) + " takes "
                        + describeCounts(counts) + " arguments after the optional coordinate system, got " + rest.size());
            }
            return rest;
        }

        private String describeCounts(int[] counts) {
            List<String> out = new ArrayList<>();
            for (int c : counts) {
                out.add(Integer.toString(c));
            }
            return String.join(" or ", out);
        }

        private void checkCoordSys(StringValue s, Function f) {
            String frame = s.getValue().strip().toUpperCase(Locale.ROOT);
            String first = frame.isEmpty() ? "" : frame.split("\\s+")[0];
            if (!(first.isEmpty() || first.equals("ICRS") || first.equals("J2000") || first.equals("FK5")
                    || first.equals("UNKNOWNFRAME"))) {
                throw AdqlErrors.error(TapErrorCode.INVALID_ARGUMENT, f, "coordinate system '" + s.getValue()
                        + "' is not supported: catalog positions are ICRS (use 'ICRS' or omit the coordinate system)");
            }
        }

        private void arity(Function f, String name, List<Expression> args, int min, int max) {
            if (args.size() < min || args.size() > max) {
                String expected = min == max ? Integer.toString(min)
                        : max == Integer.MAX_VALUE ? "at least " + min : min + " to " + max;
                throw AdqlErrors.error(TapErrorCode.INVALID_ARGUMENT, f, name + " takes " + expected + " arguments, got "
                        + args.size());
            }
        }

        // ---- names -------------------------------------------------------------------------------------

        private Resolved resolve(Column c, Clause clause) {
            String name = unquote(c.getColumnName());
            boolean delimited = delimited(c.getColumnName());
            if (c.getTable() != null && c.getTable().getName() != null) {
                FromTable f = qualifier(c.getTable(), c);
                TapColumn col = f.table().column(name, delimited).orElseThrow(() -> AdqlErrors.error(TapErrorCode.UNKNOWN_COLUMN, c,
                        "Column " + shown(c.getColumnName()) + " does not exist in table " + f.table().qualifiedName()
                                + caseHint(f.table(), name, delimited)));
                return new Resolved(f, col);
            }
            List<Resolved> found = findColumn(name, delimited);
            if (found.isEmpty() && c.getColumnName().equalsIgnoreCase("TOP")) {
                // what the parser makes of "SELECT TOP -1 ..." or "SELECT TOP x ..."
                throw AdqlErrors.error(TapErrorCode.INVALID_ARGUMENT, c, "TOP needs a non-negative integer");
            }
            if (found.isEmpty()) {
                if (clause == Clause.ORDER_BY || clause == Clause.HAVING) {
                    int i = itemIndex(name);
                    if (i >= 0) {
                        throw AdqlErrors.unsupported(c, "a selected column's alias inside an " + clause.text
                                + " expression (repeat the expression)");
                    }
                }
                throw AdqlErrors.error(TapErrorCode.UNKNOWN_COLUMN, c, "Column " + shown(c.getColumnName()) + " does not exist"
                        + (from.isEmpty() ? " (the query has no FROM clause)" : " in " + String.join(", ",
                                from.stream().map(f -> f.table().qualifiedName()).toList()))
                        + from.stream().map(f -> caseHint(f.table(), name, delimited)).filter(h -> !h.isEmpty())
                                .findFirst().orElse(""));
            }
            if (found.size() > 1 && found.subList(1, found.size()).stream().allMatch(r -> mergedUsingColumns.contains(
                    r.from().alias() + "." + r.column().name().toLowerCase(Locale.ROOT)))) {
                // a USING column: the joined tables share one value, as SQL's unqualified reference does
                return found.get(0);
            }
            if (found.size() > 1) {
                throw AdqlErrors.error(TapErrorCode.AMBIGUOUS_NAME, c, "Column '" + name + "' is ambiguous: it is in "
                        + String.join(", ", found.stream().map(r -> r.from().alias()).toList()) + "; qualify it");
            }
            return found.get(0);
        }

        private List<Resolved> findColumn(String name, boolean delimited) {
            List<Resolved> found = new ArrayList<>();
            for (FromTable f : from) {
                f.table().column(name, delimited).ifPresent(col -> found.add(new Resolved(f, col)));
            }
            return found;
        }

        /** The FROM table a qualifier ({@code alias}, {@code table} or {@code schema.table}) names. */
        private FromTable qualifier(Table t, Object at) {
            String schema = t.getUnquotedSchemaName();
            String name = unquote(t.getName());
            boolean nameDelimited = delimited(t.getName());
            boolean schemaDelimited = delimited(t.getSchemaName());
            List<FromTable> matches = new ArrayList<>();
            for (FromTable f : from) {
                boolean byAlias = schema == null && sameName(f.alias(), name, nameDelimited);
                boolean byName = !f.explicitAlias() && sameName(f.table().name(), name, nameDelimited)
                        && (schema == null || sameName(f.table().schema(), schema, schemaDelimited));
                if (byAlias || byName) {
                    matches.add(f);
                }
            }
            if (matches.size() == 1) {
                return matches.get(0);
            }
            String shown = schema == null ? name : schema + "." + name;
            if (matches.isEmpty()) {
                boolean aliased = from.stream().anyMatch(f -> f.explicitAlias() && f.table().name().equalsIgnoreCase(name));
                throw AdqlErrors.error(TapErrorCode.UNKNOWN_TABLE, at, "'" + shown + "' is not a table of the FROM clause"
                        + (aliased ? " (a table with an alias must be referred to by its alias)" : ""));
            }
            throw AdqlErrors.error(TapErrorCode.AMBIGUOUS_NAME, at, "'" + shown + "' is ambiguous in FROM");
        }
    }

    /** Where an expression appears: decides whether aggregates and select-list aliases are allowed. */
    private enum Clause {
        SELECT("select list"), WHERE("WHERE"), GROUP_BY("GROUP BY"), HAVING("HAVING"), ORDER_BY("ORDER BY"),
        AGGREGATE_ARGUMENT("aggregate argument");

        final String text;

        Clause(String text) {
            this.text = text;
        }
    }

    private static List<Expression> arguments(Function f) {
        if (f.getParameters() == null) {
            return List.of();
        }
        List<Expression> out = new ArrayList<>();
        for (Object o : f.getParameters()) {
            out.add((Expression) o);
        }
        return out;
    }

    private static Expression unwrap(Expression e) {
        Expression inner = e;
        while (true) {
            if (inner instanceof Parenthesis p) {
                inner = p.getExpression();
            } else if (inner instanceof ParenthesedExpressionList<?> list && list.size() == 1) {
                inner = list.get(0);
            } else {
                return inner;
            }
        }
    }

    /** True for a delimited ADQL identifier ({@code "Object"}), which is case sensitive. */
    static boolean delimited(String rawName) {
        return rawName != null && rawName.length() >= 2 && (rawName.startsWith("\"") && rawName.endsWith("\"")
                || rawName.startsWith("`") && rawName.endsWith("`") || rawName.startsWith("[") && rawName.endsWith("]"));
    }

    /** ADQL name comparison: delimited identifiers exactly, regular ones ignoring case. */
    static boolean sameName(String declared, String written, boolean delimited) {
        return delimited ? declared.equals(written) : declared.equalsIgnoreCase(written);
    }

    /** A name as the query wrote it, for messages. */
    private static String shown(String rawName) {
        return delimited(rawName) ? rawName : "'" + rawName + "'";
    }

    /** For a delimited name that matches only in another case: how the catalog spells it. */
    private static String caseHint(TapTable table, String name, boolean delimited) {
        if (!delimited) {
            return "";
        }
        return table.column(name).map(c -> " (delimited identifiers are case sensitive: the column is "
                + AdqlNames.published(c.name()) + (AdqlNames.published(c.name()).startsWith("\"") ? "" : " or \"" + c.name() + "\"")
                + ")").orElse("");
    }

    /** An identifier without its delimiters ("a""b" -> a"b). */
    static String unquote(String name) {
        if (name == null) {
            return null;
        }
        if (name.length() >= 2 && (name.startsWith("\"") && name.endsWith("\"")
                || name.startsWith("`") && name.endsWith("`") || name.startsWith("[") && name.endsWith("]"))) {
            String quote = name.substring(0, 1);
            String inner = name.substring(1, name.length() - 1);
            return quote.equals("\"") ? inner.replace("\"\"", "\"") : quote.equals("`") ? inner.replace("``", "`") : inner;
        }
        return name;
    }
}
