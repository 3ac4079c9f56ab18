package io.skyshard.integration;

import io.skyshard.common.catalog.TableDef;
import io.skyshard.common.catalog.TableKind;
import io.skyshard.ingest.dataset.QservDataset;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Random Qserv-dialect queries over the five test catalogs, for differential testing against
 * MariaDB. Every query is deterministic in both engines by construction: a LIMIT comes only after an
 * ORDER BY of every selected column (so ties are identical rows), and results are otherwise compared
 * as multisets. Literals are values sampled from the tables, so predicates select something.
 *
 * <p>The grammar covers what astronomers write: projections of columns and arithmetic, the
 * comparison, range, list, NULL and pattern predicates combined with AND/OR/NOT, aggregates with
 * and without GROUP BY and HAVING, DISTINCT, spatial restrictors on director tables, and
 * director-child joins. Queries are plain MySQL too, so the same text runs on the reference.
 */
final class RandomQueries {
    /** One generated query; {@code ordered} when its rows must come in the same order. */
    record Query(int number, String dataset, String sql, String reference, boolean ordered) {
        @Override
        public String toString() {
            return "random query " + number + " (" + dataset + ")";
        }
    }

    enum Kind { INTEGER, REAL, DECIMAL, TEXT, OTHER }

    record Column(String name, Kind kind, boolean nullable, List<Object> samples) {
        boolean numeric() {
            return kind == Kind.INTEGER || kind == Kind.REAL || kind == Kind.DECIMAL;
        }
    }

    record Table(String dataset, TableDef def, List<Column> columns, long rows) {
        String name() {
            return def.name();
        }
    }

    private final List<Table> tables;
    private final Random random;
    private int aliases;
    /** The current query's spatial restrictors and their sciSQL forms, for the reference query. */
    private final List<String[]> restrictors = new ArrayList<>();

    RandomQueries(List<Table> tables, long seed) {
        this.tables = List.copyOf(tables);
        this.random = new Random(seed);
    }

    /** The tables of every case with rows, their columns and sampled values, read from the reference. */
    static List<Table> describe(MariaDbReference reference, List<String> cases) throws SQLException {
        List<Table> out = new ArrayList<>();
        for (String c : cases) {
            QservDataset dataset = QservDataset.open(QservTestCatalogs.root().resolve(c));
            Connection conn = reference.connection(c);
            for (QservDataset.TableSource source : dataset.tables()) {
                TableDef def = source.table();
                long rows;
                try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM `" + def.name() + "`")) {
                    rs.next();
                    rows = rs.getLong(1);
                }
                if (rows == 0) {
                    continue;
                }
                List<Column> columns = new ArrayList<>();
                try (Statement st = conn.createStatement();
                     ResultSet rs = st.executeQuery("SELECT COLUMN_NAME, DATA_TYPE, IS_NULLABLE FROM information_schema.COLUMNS"
                             + " WHERE TABLE_SCHEMA = '" + reference.database(c) + "' AND TABLE_NAME = '" + def.name()
                             + "' ORDER BY ORDINAL_POSITION")) {
                    while (rs.next()) {
                        columns.add(new Column(rs.getString(1), kindOf(rs.getString(2)), "YES".equals(rs.getString(3)),
                                new ArrayList<>()));
                    }
                }
                // RAND with a seed orders the same way on every run over the same table.
                try (Statement st = conn.createStatement();
                     ResultSet rs = st.executeQuery("SELECT * FROM `" + def.name() + "` ORDER BY RAND(7) LIMIT 24")) {
                    while (rs.next()) {
                        for (int i = 0; i < columns.size(); i++) {
                            Object v = rs.getObject(i + 1);
                            if (v != null && columns.get(i).kind() != Kind.OTHER) {
                                columns.get(i).samples().add(v);
                            }
                        }
                    }
                }
                out.add(new Table(c, def, columns, rows));
            }
        }
        return out;
    }

    private static Kind kindOf(String dataType) {
        return switch (dataType.toLowerCase(Locale.ROOT)) {
            case "tinyint", "smallint", "mediumint", "int", "integer", "bigint" -> Kind.INTEGER;
            case "float", "double", "real" -> Kind.REAL;
            case "decimal", "numeric" -> Kind.DECIMAL;
            case "char", "varchar", "text", "tinytext", "mediumtext", "longtext" -> Kind.TEXT;
            default -> Kind.OTHER;
        };
    }

    List<Query> generate(int count) {
        List<Query> out = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            Table t = tables.get(random.nextInt(tables.size()));
            aliases = 0;
            restrictors.clear();
            Query q = switch (random.nextInt(16)) {
                case 0, 1, 2 -> projection(i, t);
                case 3, 4 -> aggregate(i, t);
                case 5, 6, 7 -> grouped(i, t);
                case 8 -> distinct(i, t);
                case 9 -> join(i, t);
                case 10 -> inSubquery(i, t);
                case 11 -> fromSubquery(i, t);
                case 12 -> unionAll(i, t);
                case 13 -> page(i, t);
                case 14 -> replicatedJoin(i, t);
                default -> nearNeighbours(i, t);
            };
            String reference = q.reference();
            for (String[] r : restrictors) {
                reference = reference.replace(r[0], r[1]);
            }
            out.add(new Query(q.number(), q.dataset(), q.sql(), reference, q.ordered()));
        }
        return out;
    }

    // ------------------------------------------------------------------ query shapes

    private Query projection(int n, Table t) {
        List<String> select = new ArrayList<>();
        int k = 1 + random.nextInt(4);
        for (int i = 0; i < k; i++) {
            int kind = random.nextInt(6);
            Column text = column(t, c -> c.kind() == Kind.TEXT);
            if (kind == 0 && text.kind() == Kind.TEXT) {
                String col = quote(text.name());
                select.add(pick("UPPER(" + col + ")", "LENGTH(" + col + ")", "CONCAT(" + col + ", '-x')", "SUBSTRING(" + col + ", 1, 2)",
                        "LOWER(" + col + ")", "CHAR_LENGTH(" + col + ")") + " AS " + alias());
            } else {
                select.add(kind < 3 ? expression(t, "") + " AS " + alias() : quote(column(t, c -> true).name()));
            }
        }
        String where = where(t, "");
        if (random.nextBoolean()) {
            List<String> order = new ArrayList<>();
            for (int i = 0; i < select.size(); i++) {
                order.add(orderTerm(select.get(i), i));
            }
            return query(n, t.dataset(), "SELECT " + String.join(", ", select) + " FROM " + quote(t.name()) + where
                    + " ORDER BY " + String.join(", ", order) + " LIMIT " + (1 + random.nextInt(30)), true);
        }
        return query(n, t.dataset(), "SELECT " + String.join(", ", select) + " FROM " + quote(t.name()) + where, false);
    }

    private Query aggregate(int n, Table t) {
        List<String> select = new ArrayList<>();
        int k = 1 + random.nextInt(4);
        for (int i = 0; i < k; i++) {
            select.add(aggregateTerm(t, ""));
        }
        return query(n, t.dataset(), "SELECT " + String.join(", ", select) + " FROM " + quote(t.name()) + where(t, ""), false);
    }

    private Query grouped(int n, Table t) {
        Column g = column(t, c -> c.kind() == Kind.INTEGER || c.kind() == Kind.TEXT);
        String group = random.nextInt(4) == 0 && g.kind() == Kind.INTEGER
                ? pick(quote(g.name()) + " % 5", quote(g.name()) + " DIV 1000", "FLOOR(" + quote(g.name()) + " / 100)")
                : quote(g.name());
        String groupAlias = alias();
        List<String> select = new ArrayList<>(List.of(group + " AS " + groupAlias, "COUNT(*) AS " + alias()));
        int k = random.nextInt(3);
        for (int i = 0; i < k; i++) {
            select.add(aggregateTerm(t, ""));
        }
        StringBuilder sql = new StringBuilder("SELECT ").append(String.join(", ", select)).append(" FROM ")
                .append(quote(t.name())).append(where(t, "")).append(" GROUP BY ").append(random.nextBoolean() ? groupAlias : group);
        int having = random.nextInt(4);
        if (having == 0) {
            sql.append(" HAVING COUNT(*) ").append(pick(">", ">=", "<")).append(' ').append(1 + random.nextInt(3));
        } else if (having == 1) {
            // an aggregate the select list does not show
            Column h = column(t, Column::numeric);
            if (h.numeric() && !h.samples().isEmpty()) {
                sql.append(" HAVING ").append(pick("MAX", "MIN", "SUM", "AVG")).append('(').append(quote(h.name())).append(") ")
                        .append(pick(">", "<=")).append(' ').append(literal(h));
            }
        }
        if (random.nextInt(3) == 0) {
            // the group key breaks ties of the count: a total order
            String order = random.nextBoolean() ? groupAlias + (random.nextBoolean() ? " DESC" : "")
                    : "COUNT(*) DESC, " + groupAlias;
            sql.append(" ORDER BY ").append(order).append(" LIMIT ").append(1 + random.nextInt(10));
            return query(n, t.dataset(), sql.toString(), true);
        }
        return query(n, t.dataset(), sql.toString(), false);
    }

    private Query distinct(int n, Table t) {
        Column c = column(t, x -> x.kind() != Kind.REAL);
        String sql = random.nextBoolean()
                ? "SELECT DISTINCT " + quote(c.name()) + " FROM " + quote(t.name()) + where(t, "")
                : "SELECT COUNT(DISTINCT " + quote(c.name()) + ") FROM " + quote(t.name()) + where(t, "");
        return query(n, t.dataset(), sql, false);
    }

    /** A director-child join on the director key; falls back to a projection where the case has no pair. */
    private Query join(int n, Table t) {
        List<Table> children = tables.stream().filter(c -> c.dataset().equals(t.dataset()) && c.def().kind() == TableKind.CHILD
                && c.def().directorTable() != null).toList();
        if (children.isEmpty()) {
            return projection(n, t);
        }
        Table child = children.get(random.nextInt(children.size()));
        Table director = tables.stream().filter(d -> d.dataset().equals(t.dataset())
                && d.name().equalsIgnoreCase(child.def().directorTable())).findFirst().orElse(null);
        if (director == null) {
            return projection(n, t);
        }
        String on = "d." + quote(director.def().directorKey()) + " = c." + quote(child.def().directorKey());
        String from = random.nextBoolean()
                ? quote(director.name()) + " d JOIN " + quote(child.name()) + " c ON " + on
                : quote(director.name()) + " d, " + quote(child.name()) + " c";
        String where = where(director, "d.");
        String childWhere = where(child, "c.");
        String cond = from.contains(" ON ") ? "" : on;
        List<String> parts = new ArrayList<>();
        if (!cond.isEmpty()) {
            parts.add(cond);
        }
        if (!where.isEmpty()) {
            parts.add(where.substring(" WHERE ".length()));
        }
        if (!childWhere.isEmpty() && random.nextBoolean()) {
            parts.add(childWhere.substring(" WHERE ".length()));
        }
        String whereAll = parts.isEmpty() ? "" : " WHERE " + String.join(" AND ", parts);
        if (random.nextBoolean()) {
            String key = "d." + quote(director.def().directorKey());
            return query(n, t.dataset(), "SELECT " + key + ", COUNT(*) AS n, " + aggregateTerm(child, "c.") + " FROM " + from
                    + whereAll + " GROUP BY " + key, false);
        }
        List<String> select = List.of("d." + quote(column(director, c -> true).name()),
                "c." + quote(column(child, c -> true).name()));
        return query(n, t.dataset(), "SELECT " + String.join(", ", select) + " FROM " + from + whereAll
                + " ORDER BY 1, 2 LIMIT " + (1 + random.nextInt(40)), true);
    }

    /** An uncorrelated {@code IN (SELECT ...)} over a column of the same name, in another table of the case or the same. */
    private Query inSubquery(int n, Table t) {
        List<Table> sameCase = tables.stream().filter(u -> u.dataset().equals(t.dataset())).toList();
        Table u = sameCase.get(random.nextInt(sameCase.size()));
        List<Column> shared = t.columns().stream().filter(c -> c.kind() == Kind.INTEGER || c.kind() == Kind.TEXT)
                .filter(c -> u.columns().stream().anyMatch(d -> d.name().equalsIgnoreCase(c.name()) && d.kind() == c.kind())).toList();
        if (shared.isEmpty()) {
            return projection(n, t);
        }
        Column c = shared.get(random.nextInt(shared.size()));
        String inner = "SELECT " + quote(c.name()) + " FROM " + quote(u.name()) + where(u, "");
        String outerWhere = where(t, "");
        String condition = quote(c.name()) + (random.nextInt(4) == 0 ? " NOT IN (" : " IN (") + inner + ")";
        String whereAll = outerWhere.isEmpty() ? " WHERE " + condition : outerWhere + " AND " + condition;
        if (random.nextBoolean()) {
            return query(n, t.dataset(), "SELECT COUNT(*) AS n, " + aggregateTerm(t, "") + " FROM " + quote(t.name()) + whereAll, false);
        }
        return query(n, t.dataset(), "SELECT " + quote(column(t, x -> true).name()) + ", " + quote(c.name()) + " FROM "
                + quote(t.name()) + whereAll, false);
    }

    /** An aggregate over a derived table. */
    private Query fromSubquery(int n, Table t) {
        Column g = column(t, c -> c.kind() == Kind.INTEGER || c.kind() == Kind.TEXT);
        String inner = "SELECT " + quote(g.name()) + " AS g, " + expression(t, "") + " AS v FROM " + quote(t.name()) + where(t, "");
        // Not AVG: the planner does not know a derived column's type, so an AVG of an exact one is a DOUBLE
        // where MySQL's is a DECIMAL (a known gap, in the README).
        String agg = pick("COUNT(*)", "COUNT(s.v)", "SUM(s.v)", "MAX(s.v)", "MIN(s.v)");
        if (random.nextBoolean()) {
            return query(n, t.dataset(), "SELECT s.g, " + agg + " AS a FROM (" + inner + ") AS s GROUP BY s.g", false);
        }
        return query(n, t.dataset(), "SELECT " + agg + " AS a, COUNT(DISTINCT s.g) AS d FROM (" + inner + ") s", false);
    }

    private Query unionAll(int n, Table t) {
        Column c = column(t, x -> x.kind() != Kind.OTHER);
        String one = "SELECT " + quote(c.name()) + " FROM " + quote(t.name()) + where(t, "");
        String two = "SELECT " + quote(c.name()) + " FROM " + quote(t.name()) + where(t, "");
        return query(n, t.dataset(), one + " UNION ALL " + two, false);
    }

    /** A page of a totally ordered result: LIMIT with OFFSET. */
    private Query page(int n, Table t) {
        Query q = projection(n, t);
        if (!q.ordered()) {
            return q;
        }
        return query(n, t.dataset(), q.sql() + " OFFSET " + random.nextInt(20), true);
    }

    /** A partitioned table joined with a replicated one on a column of the same name. */
    private Query replicatedJoin(int n, Table t) {
        for (Table u : tables) {
            if (!u.dataset().equals(t.dataset()) || u.def().kind() != TableKind.REPLICATED || t.def().kind() == TableKind.REPLICATED) {
                continue;
            }
            List<Column> shared = t.columns().stream().filter(c -> c.kind() == Kind.INTEGER)
                    .filter(c -> u.columns().stream().anyMatch(d -> d.name().equalsIgnoreCase(c.name()))).toList();
            if (shared.isEmpty()) {
                continue;
            }
            Column c = shared.get(random.nextInt(shared.size()));
            Column show = column(u, x -> x.kind() == Kind.TEXT || x.kind() == Kind.INTEGER);
            String from = quote(t.name()) + " p JOIN " + quote(u.name()) + " r ON p." + quote(c.name()) + " = r." + quote(c.name());
            String where = where(t, "p.");
            return query(n, t.dataset(), "SELECT r." + quote(show.name()) + " AS k, COUNT(*) AS n, " + aggregateTerm(t, "p.")
                    + " FROM " + from + where + " GROUP BY r." + quote(show.name()), false);
        }
        return grouped(n, t);
    }

    /**
     * Pairs of a director's rows closer than a few arcseconds, in a small region: the near-neighbour
     * self-join Qserv answers through overlap. The reference adds the implied |dec1 - dec2| bound so
     * MariaDB's nested loop stays quick; it selects nothing more or less.
     */
    private Query nearNeighbours(int n, Table t) {
        if (t.def().kind() != TableKind.DIRECTOR || t.def().raColumn() == null) {
            return aggregate(n, t);
        }
        double[] at = samplePosition(t);
        if (at == null) {
            return aggregate(n, t);
        }
        String box = box(at, pick(0.2, 0.5, 1.0));
        double radius = pick(0.001, 0.003, 0.006);
        String raQ = quote(t.def().raColumn());
        String decQ = quote(t.def().decColumn());
        String key = quote(t.def().directorKey());
        String pair = "scisql_angSep(o1." + raQ + ", o1." + decQ + ", o2." + raQ + ", o2." + decQ + ") < " + radius
                + " AND o1." + key + " <> o2." + key;
        String select = random.nextBoolean() ? "SELECT COUNT(*) AS n" : "SELECT o1." + key + ", o2." + key;
        String from = " FROM " + quote(t.name()) + " o1, " + quote(t.name()) + " o2 WHERE ";
        String sql = select + from + "qserv_areaspec_box(" + box + ") AND " + pair;
        String reference = select + from + "scisql_s2PtInBox(o1." + raQ + ", o1." + decQ + ", " + box + ") = 1 AND scisql_s2PtInBox(o2."
                + raQ + ", o2." + decQ + ", " + box + ") = 1 AND ABS(o1." + decQ + " - o2." + decQ + ") < " + radius + " AND " + pair;
        return new Query(n, t.dataset(), sql, reference, false);
    }

    private static Query query(int n, String dataset, String sql, boolean ordered) {
        return new Query(n, dataset, sql, sql, ordered);
    }

    // ------------------------------------------------------------------ pieces

    private String aggregateTerm(Table t, String prefix) {
        Column c = column(t, x -> x.kind() != Kind.OTHER);
        String col = prefix + quote(c.name());
        String term;
        if (!c.numeric()) {
            term = pick("COUNT(" + col + ")", "MIN(" + col + ")", "MAX(" + col + ")", "COUNT(DISTINCT " + col + ")");
        } else {
            String arg = random.nextInt(4) == 0 ? expression(t, prefix) : col;
            term = pick("COUNT(" + arg + ")", "SUM(" + arg + ")", "MIN(" + arg + ")", "MAX(" + arg + ")", "AVG(" + arg + ")",
                    c.kind() == Kind.INTEGER ? "COUNT(DISTINCT " + col + ")" : "MAX(" + col + ") - MIN(" + col + ")");
        }
        return term + " AS " + alias();
    }

    /** A numeric expression over one column of the table. */
    private String expression(Table t, String prefix) {
        if (t.columns().stream().noneMatch(Column::numeric)) {
            return "1"; // text in arithmetic is MySQL's string-to-number conversion, outside this grammar
        }
        Column c = column(t, Column::numeric);
        String col = prefix + quote(c.name());
        if (random.nextInt(4) == 0) {
            // two columns, or a MySQL function of one
            String other = prefix + quote(column(t, Column::numeric).name());
            return pick(col + " + " + other, col + " - " + other, col + " * " + other, col + " / " + other,
                    col + " / " + literal(c), "IF(" + col + " > " + other + ", " + col + ", " + other + ")",
                    "IFNULL(" + col + ", " + other + ")", "GREATEST(" + col + ", " + other + ")", "LEAST(" + col + ", " + literal(c) + ")",
                    "SIGN(" + col + ")", "TRUNCATE(" + col + ", 2)", "ROUND(" + col + ")", "ROUND(" + col + " / 7, 2)",
                    "scisql_fluxToAbMag(" + col + ")", "CASE WHEN " + col + " IS NULL THEN 0 WHEN " + col + " < " + literal(c)
                            + " THEN 1 ELSE 2 END");
        }
        if (c.kind() == Kind.INTEGER) {
            return pick(col + " + 1", col + " * 2", col + " % 7", "MOD(" + col + ", 10)", col + " DIV 3", col + " & 255",
                    col + " >> 2", "ABS(" + col + ")", "-" + col, col + " - " + literal(c), "CASE WHEN " + col + " > "
                            + literal(c) + " THEN 1 ELSE 0 END", "COALESCE(" + col + ", -1)");
        }
        return pick(col + " * 2", col + " + 0.5", "ABS(" + col + ")", "ROUND(" + col + ", 3)", "FLOOR(" + col + ")",
                "CEIL(" + col + ")", "SQRT(ABS(" + col + "))", "LOG10(ABS(" + col + ") + 1)", "SIN(RADIANS(" + col + "))",
                "DEGREES(" + col + ")", "POW(" + col + ", 2)", "COALESCE(" + col + ", 0)", "CAST(" + col + " AS SIGNED)");
    }

    private String where(Table t, String prefix) {
        List<String> parts = new ArrayList<>();
        if (prefix.isEmpty() && t.def().kind() == TableKind.DIRECTOR && t.def().raColumn() != null && random.nextInt(3) == 0) {
            parts.add(restrictor(t));
        }
        int k = random.nextInt(3);
        for (int i = 0; i < k; i++) {
            parts.add(predicate(t, prefix, 0));
        }
        return parts.isEmpty() ? "" : " WHERE " + String.join(" AND ", parts);
    }

    private String restrictor(Table t) {
        double[] at = samplePosition(t);
        if (at == null) {
            return "1 = 1";
        }
        double size = pick(0.05, 0.3, 1.0, 3.0);
        String position = quote(t.def().raColumn()) + ", " + quote(t.def().decColumn()) + ", ";
        String[] forms;
        if (random.nextBoolean()) {
            String args = String.format(Locale.ROOT, "%.4f, %.4f, %s", at[0], at[1], size);
            forms = new String[] {"qserv_areaspec_circle(" + args + ")", "scisql_s2PtInCircle(" + position + args + ") = 1"};
        } else {
            String args = box(at, size);
            forms = new String[] {"qserv_areaspec_box(" + args + ")", "scisql_s2PtInBox(" + position + args + ") = 1"};
        }
        restrictors.add(forms);
        return forms[0];
    }

    /** The (ra, dec) of a sampled row of a director table, or null when none was sampled. */
    private double[] samplePosition(Table t) {
        Column ra = t.columns().stream().filter(c -> c.name().equalsIgnoreCase(t.def().raColumn())).findFirst().orElseThrow();
        Column dec = t.columns().stream().filter(c -> c.name().equalsIgnoreCase(t.def().decColumn())).findFirst().orElseThrow();
        if (ra.samples().isEmpty() || dec.samples().isEmpty()) {
            return null;
        }
        int i = random.nextInt(Math.min(ra.samples().size(), dec.samples().size()));
        return new double[] {((Number) ra.samples().get(i)).doubleValue(), ((Number) dec.samples().get(i)).doubleValue()};
    }

    /** Box arguments {@code size} degrees around a position; it may cross ra = 0 (raMin > raMax), as both forms allow. */
    private static String box(double[] at, double size) {
        return String.format(Locale.ROOT, "%.4f, %.4f, %.4f, %.4f", ((at[0] - size) % 360 + 360) % 360, Math.max(-90, at[1] - size),
                (at[0] + size) % 360, Math.min(90, at[1] + size));
    }

    private String predicate(Table t, String prefix, int depth) {
        int shape = random.nextInt(depth < 2 ? 12 : 9);
        if (shape == 9) {
            return "(" + predicate(t, prefix, depth + 1) + " OR " + predicate(t, prefix, depth + 1) + ")";
        }
        if (shape == 10) {
            return "NOT (" + predicate(t, prefix, depth + 1) + ")";
        }
        if (shape == 11) {
            return "(" + predicate(t, prefix, depth + 1) + " AND " + predicate(t, prefix, depth + 1) + ")";
        }
        Column c = column(t, x -> x.kind() != Kind.OTHER);
        String col = prefix + quote(c.name());
        if (c.samples().isEmpty() || shape == 8) {
            return col + (random.nextBoolean() ? " IS NULL" : " IS NOT NULL");
        }
        if (c.kind() == Kind.TEXT) {
            String v = (String) c.samples().get(random.nextInt(c.samples().size()));
            return switch (shape % 4) {
                case 0 -> col + " = " + text(v);
                case 1 -> col + " <> " + text(v);
                case 2 -> random.nextBoolean() ? col + " LIKE " + text(v.substring(0, Math.min(v.length(), 1 + random.nextInt(3))) + "%")
                        : col + " LIKE " + text("_" + (v.length() > 1 ? v.substring(1, Math.min(v.length(), 3)) : "") + "%");
                default -> random.nextBoolean() ? col + " IN (" + text(v) + ", " + literal(c) + ")"
                        : col + " BETWEEN " + text(v) + " AND " + text(v + "zzz");
            };
        }
        return switch (shape) {
            case 0 -> col + " = " + literal(c);
            case 1 -> col + " <> " + literal(c);
            case 2 -> col + " < " + literal(c);
            case 3 -> col + " >= " + literal(c);
            case 4 -> {
                String a = literal(c);
                String b = literal(c);
                yield col + (random.nextInt(4) == 0 ? " NOT" : "") + " BETWEEN " + min(a, b) + " AND " + max(a, b);
            }
            case 5 -> col + (random.nextInt(4) == 0 ? " NOT IN (" : " IN (") + literal(c) + ", " + literal(c) + ", " + literal(c) + ")";
            case 6 -> random.nextBoolean() ? expression(t, prefix) + " > " + literal(c)
                    : col + pick(" > ", " = ", " <= ") + prefix + quote(column(t, Column::numeric).name());
            default -> col + " <=> " + literal(c);
        };
    }

    private String orderTerm(String selectItem, int position) {
        String direction = random.nextInt(3) == 0 ? " DESC" : "";
        int as = selectItem.lastIndexOf(" AS ");
        if (as >= 0) {
            return selectItem.substring(as + 4) + direction;
        }
        return (random.nextBoolean() ? String.valueOf(position + 1) : selectItem) + direction;
    }

    private String literal(Column c) {
        if (c.samples().isEmpty()) {
            return "0";
        }
        Object v = c.samples().get(random.nextInt(c.samples().size()));
        if (v instanceof String s) {
            return text(s);
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof Boolean b) {
            return b ? "1" : "0";
        }
        return v.toString();
    }

    private static String min(String a, String b) {
        return new BigDecimal(a).compareTo(new BigDecimal(b)) <= 0 ? a : b;
    }

    private static String max(String a, String b) {
        return new BigDecimal(a).compareTo(new BigDecimal(b)) <= 0 ? b : a;
    }

    private static String text(String v) {
        StringBuilder sb = new StringBuilder("'");
        for (char ch : v.toCharArray()) {
            if (ch == '\'') {
                sb.append("''");
            } else if (ch == '\\') {
                sb.append("\\\\");
            } else {
                sb.append(ch);
            }
        }
        return sb.append('\'').toString();
    }

    private Column column(Table t, java.util.function.Predicate<Column> fit) {
        List<Column> ok = t.columns().stream().filter(fit).toList();
        if (ok.isEmpty()) {
            ok = t.columns();
        }
        return ok.get(random.nextInt(ok.size()));
    }

    private String alias() {
        return "a" + aliases++;
    }

    @SafeVarargs
    private <T> T pick(T... options) {
        return options[random.nextInt(options.length)];
    }

    private static String quote(String name) {
        return "`" + name + "`";
    }
}
