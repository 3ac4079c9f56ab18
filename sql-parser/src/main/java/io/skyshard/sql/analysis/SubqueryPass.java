package io.skyshard.sql.analysis;

import io.skyshard.common.error.SkyshardException;
import io.skyshard.sql.SqlErrorCode;
import io.skyshard.sql.SqlErrors;
import io.skyshard.sql.plan.QueryPlan;
import io.skyshard.sql.plan.SubqueryFirstPlan;
import io.skyshard.sql.rewrite.ColumnResolver;
import io.skyshard.sql.rewrite.SqlLiterals;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.sql.util.SqlShuttle;

/**
 * Uncorrelated subqueries in expressions (select list, WHERE, HAVING, ORDER BY) are answered before
 * their query and replaced by their values: {@code x [NOT] IN (SELECT ...)} by a literal list (a
 * constant when the subquery has no row), a scalar {@code (SELECT ...)} by its value (NULL without a
 * row), {@code EXISTS (SELECT ...)} by TRUE or FALSE. A subquery whose values the session does not
 * hold yet is planned and recorded in {@link PlanningSession#pending}: the statement then becomes a
 * {@link SubqueryFirstPlan} and is planned again once they are known.
 *
 * <pre>
 * before: SELECT * FROM Object WHERE objectId IN (SELECT objectId FROM Source WHERE flux &gt; 100)
 * first:  SubqueryFirstPlan [IN: plan of SELECT objectId FROM Source WHERE flux &gt; 100]
 * after:  SELECT * FROM Object WHERE objectId IN (17, 42, 99)      (chunks from the director index)
 * rejected: correlated subqueries (naming a column of the outer query), ANY/ALL, subqueries in GROUP BY
 * </pre>
 */
public final class SubqueryPass implements AnalysisPass {
    @Override
    public void apply(AnalysisContext ctx) {
        SqlSelect s = ctx.select;
        Replacer r = new Replacer(ctx);
        List<SqlNode> items = new ArrayList<>();
        for (SqlNode item : s.getSelectList()) {
            items.add(item.accept(r));
        }
        s.setSelectList(new SqlNodeList(items, s.getSelectList().getParserPosition()));
        if (s.getWhere() != null) {
            s.setWhere(s.getWhere().accept(r));
        }
        if (s.getGroup() != null) {
            for (SqlNode g : s.getGroup()) {
                SqlNode found = findQuery(g);
                if (found != null) {
                    throw SqlErrors.unsupported(found, "subquery in GROUP BY");
                }
            }
        }
        if (s.getHaving() != null) {
            s.setHaving(s.getHaving().accept(r));
        }
        List<SqlNode> order = new ArrayList<>();
        for (SqlNode o : ctx.orderByNodes) {
            order.add(o.accept(r));
        }
        ctx.orderByNodes = order;
    }

    private static boolean isQuery(SqlNode n) {
        return n != null && ResolveTablesPass.isQuery(n);
    }

    private static SqlNode findQuery(SqlNode n) {
        if (n == null) {
            return null;
        }
        if (isQuery(n)) {
            return n;
        }
        Iterable<SqlNode> children = n instanceof SqlCall call ? call.getOperandList()
                : n instanceof SqlNodeList list ? list : List.of();
        for (SqlNode c : children) {
            SqlNode f = findQuery(c);
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    private static final class Replacer extends SqlShuttle {
        private final AnalysisContext ctx;

        Replacer(AnalysisContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public SqlNode visit(SqlCall call) {
            if (isQuery(call)) {
                return scalar(call);
            }
            SqlKind kind = call.getKind();
            if ((kind == SqlKind.IN || kind == SqlKind.NOT_IN) && isQuery(call.operand(1))) {
                return in(call, kind == SqlKind.NOT_IN);
            }
            if (kind == SqlKind.EXISTS && isQuery(call.operand(0))) {
                return exists(call);
            }
            if ((kind == SqlKind.SOME || kind == SqlKind.ALL) && findQuery(call) != null) {
                throw SqlErrors.unsupported(call, "comparison with ANY/SOME/ALL (subquery)");
            }
            return super.visit(call);
        }

        private SqlNode in(SqlCall call, boolean negated) {
            SqlNode left = call.operand(0).accept(this);
            if (left.getKind() == SqlKind.ROW) {
                throw SqlErrors.unsupported(call, "IN with a row of several values and a subquery");
            }
            SqlNode query = call.operand(1);
            Optional<List<Object>> values = values(query, SubqueryFirstPlan.Kind.IN, (negated ? "NOT IN" : "IN"));
            if (values.isEmpty()) {
                return SqlLiteral.createBoolean(true, call.getParserPosition());
            }
            if (values.get().isEmpty()) {
                // Even NULL is not IN an empty set: the predicate is a constant.
                return SqlLiteral.createBoolean(negated, call.getParserPosition());
            }
            List<SqlNode> literals = new ArrayList<>();
            for (Object v : values.get()) {
                literals.add(SqlLiterals.of(v, query.getParserPosition()));
            }
            SqlNodeList list = new SqlNodeList(literals, query.getParserPosition());
            return (negated ? SqlStdOperatorTable.NOT_IN : SqlStdOperatorTable.IN).createCall(call.getParserPosition(), left, list);
        }

        private SqlNode exists(SqlCall call) {
            Optional<List<Object>> values = values(call.operand(0), SubqueryFirstPlan.Kind.EXISTS, "EXISTS");
            boolean any = values.isPresent() && Boolean.TRUE.equals(values.get().get(0));
            return SqlLiteral.createBoolean(any, call.getParserPosition());
        }

        private SqlNode scalar(SqlCall query) {
            Optional<List<Object>> values = values(query, SubqueryFirstPlan.Kind.SCALAR, "scalar subquery");
            Object v = values.isEmpty() || values.get().isEmpty() ? null : values.get().get(0);
            // The subquery's position: its text names the result column, as in MySQL.
            return SqlLiterals.of(v, query.getParserPosition());
        }

        /** The subquery's values if the session holds them; else plans it, records it and returns empty. */
        private Optional<List<Object>> values(SqlNode query, SubqueryFirstPlan.Kind kind, String construct) {
            PlanningSession session = ctx.session;
            String key = key(query.getParserPosition());
            Optional<List<Object>> bound = session.values.get(key);
            if (bound.isPresent()) {
                return bound;
            }
            int before = session.pending.size();
            QueryPlan plan;
            try {
                plan = session.plan(query, null);
            } catch (SkyshardException e) {
                if (e.code() == SqlErrorCode.UNKNOWN_COLUMN) {
                    SqlIdentifier outer = outerReference(query);
                    if (outer != null) {
                        throw SqlErrors.unsupported(query, "correlated subquery (it refers to " + outer
                                + " of the outer query); only subqueries that stand on their own are supported");
                    }
                }
                throw e;
            }
            int width = plan.columnNames().size();
            if (kind != SubqueryFirstPlan.Kind.EXISTS && width != 1) {
                throw SqlErrors.error(SqlErrorCode.INVALID_ARGUMENT, query, "Operand should contain 1 column(s): the "
                        + construct + " returns " + width);
            }
            boolean known = session.pending.stream().anyMatch(p -> p.key().equals(key));
            if (session.pending.size() == before && !known) {
                String where = SqlErrors.where(query.getParserPosition());
                session.pending.add(new SubqueryFirstPlan.Subquery(key, kind, plan,
                        construct + " (SELECT ...)" + where));
            }
            return Optional.empty();
        }

        /**
         * A column of the outer query that the subquery names, if any: it is then correlated. Qualified
         * names whose qualifier is an outer table and not one of the subquery's come first.
         */
        private SqlIdentifier outerReference(SqlNode query) {
            ColumnResolver outer = new ColumnResolver(ctx.tables);
            java.util.Set<String> inner = new java.util.HashSet<>();
            List<SqlIdentifier> qualified = new ArrayList<>();
            List<SqlIdentifier> simple = new ArrayList<>();
            query.accept(new SqlBasicVisitor<Void>() {
                @Override
                public Void visit(SqlCall call) {
                    if (call instanceof SqlSelect select && select.getFrom() != null) {
                        fromNames(select.getFrom(), inner);
                    }
                    return super.visit(call);
                }

                @Override
                public Void visit(SqlIdentifier id) {
                    if (!id.isStar()) {
                        (id.names.size() >= 2 ? qualified : simple).add(id);
                    }
                    return null;
                }
            });
            for (SqlIdentifier id : qualified) {
                String q = id.names.get(id.names.size() - 2).toLowerCase(java.util.Locale.ROOT);
                if (!inner.contains(q) && resolves(outer, id)) {
                    return id;
                }
            }
            for (SqlIdentifier id : simple) {
                if (resolves(outer, id)) {
                    return id;
                }
            }
            return null;
        }

        private static boolean resolves(ColumnResolver resolver, SqlIdentifier id) {
            try {
                return resolver.tryResolve(id).isPresent();
            } catch (SkyshardException ambiguous) {
                return false;
            }
        }

        /** Aliases and table names of a FROM clause, lower case. */
        private static void fromNames(SqlNode from, java.util.Set<String> out) {
            if (from instanceof org.apache.calcite.sql.SqlJoin join) {
                fromNames(join.getLeft(), out);
                fromNames(join.getRight(), out);
            } else if (from.getKind() == SqlKind.AS) {
                out.add(((SqlIdentifier) ((SqlCall) from).operand(1)).getSimple().toLowerCase(java.util.Locale.ROOT));
            } else if (from instanceof SqlIdentifier id) {
                out.add(id.names.get(id.names.size() - 1).toLowerCase(java.util.Locale.ROOT));
            }
        }
    }

    /** Identifies a subquery by where it starts and ends in the statement: the same when the SQL is planned again. */
    static String key(SqlParserPos pos) {
        return pos.getLineNum() + ":" + pos.getColumnNum() + "-" + pos.getEndLineNum() + ":" + pos.getEndColumnNum();
    }
}
