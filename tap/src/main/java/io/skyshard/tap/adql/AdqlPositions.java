package io.skyshard.tap.adql;

import io.skyshard.sql.parser.ParsedQuery;
import io.skyshard.sql.parser.QservSqlParser;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Where the constructs of the translated SQL came from in the user's ADQL. The query service
 * reports errors at positions of the SQL it was given; a TAP client wrote ADQL, so those positions
 * are rewritten to the ADQL's. Built by parsing the translated SQL as the query service does and
 * walking that tree alongside the tree the translator built, whose nodes know their ADQL origin.
 */
public final class AdqlPositions {
    public static final AdqlPositions NONE = new AdqlPositions(Map.of());
    private static final Pattern POSITION = Pattern.compile("line (\\d+), column (\\d+)");

    /** (line, column) of a node's start in the translated SQL -> its ADQL position. */
    private final Map<Long, SqlParserPos> toAdql;

    private AdqlPositions(Map<Long, SqlParserPos> toAdql) {
        this.toAdql = toAdql;
    }

    private static long key(int line, int column) {
        return ((long) line << 32) | (column & 0xFFFFFFFFL);
    }

    /**
     * @param built   the tree the translator unparsed into {@code sql}
     * @param origins ADQL positions of nodes of {@code built}
     */
    static AdqlPositions of(SqlNode built, String sql, IdentityHashMap<SqlNode, SqlParserPos> origins) {
        if (origins.isEmpty()) {
            return NONE;
        }
        ParsedQuery parsed;
        try {
            parsed = QservSqlParser.parse(sql);
        } catch (RuntimeException e) {
            return NONE; // the query service will report the problem; positions stay those of the SQL
        }
        Map<Long, SqlParserPos> map = new HashMap<>();
        SqlNode reparsed = parsed.statement();
        if (reparsed instanceof SqlOrderBy o && built instanceof SqlSelect s) {
            // the parser moves ORDER BY / LIMIT of a SELECT into a wrapping node
            walk(s.getOrderList(), o.orderList, parsed, origins, map);
            reparsed = o.query;
        }
        walk(built, reparsed, parsed, origins, map);
        return new AdqlPositions(map);
    }

    /** Pairs the nodes of two trees of the same shape (stopping where the shapes differ). */
    private static void walk(SqlNode built, SqlNode reparsed, ParsedQuery parsed,
            IdentityHashMap<SqlNode, SqlParserPos> origins, Map<Long, SqlParserPos> map) {
        // explicit stack: translated trees can be a couple of hundred levels deep
        java.util.ArrayDeque<SqlNode[]> pending = new java.util.ArrayDeque<>();
        pending.push(new SqlNode[] {built, reparsed});
        while (!pending.isEmpty()) {
            SqlNode[] pair = pending.pop();
            SqlNode a = pair[0];
            SqlNode b = pair[1];
            if (a == null || b == null) {
                continue;
            }
            SqlParserPos origin = origins.get(a);
            SqlParserPos at = parsed.positions().toOriginal(b.getParserPosition());
            if (origin != null && at != null && at.getLineNum() > 0) {
                map.putIfAbsent(key(at.getLineNum(), at.getColumnNum()), origin);
            }
            List<SqlNode> as = children(a);
            List<SqlNode> bs = children(b);
            if (as.size() != bs.size()) {
                continue;
            }
            for (int i = 0; i < as.size(); i++) {
                pending.push(new SqlNode[] {as.get(i), bs.get(i)});
            }
        }
    }

    private static List<SqlNode> children(SqlNode n) {
        if (n instanceof SqlNodeList list) {
            return list.getList();
        }
        if (n instanceof SqlSelect s) {
            // the clauses the translator fills; ORDER BY and LIMIT are paired separately
            return java.util.Arrays.asList(s.getSelectList(), s.getFrom(), s.getWhere(), s.getGroup(), s.getHaving());
        }
        if (n instanceof SqlCall call) {
            return call.getOperandList();
        }
        return List.of();
    }

    /**
     * {@code message} with its positions in the translated SQL replaced by ADQL positions, or null
     * when one of them has no known ADQL origin.
     */
    public String rewrite(String message) {
        Matcher m = POSITION.matcher(message);
        StringBuilder out = new StringBuilder();
        boolean any = false;
        while (m.find()) {
            SqlParserPos adql = toAdql.get(key(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
            if (adql == null) {
                return null;
            }
            any = true;
            m.appendReplacement(out, "line " + adql.getLineNum() + ", column " + adql.getColumnNum() + " of the ADQL query");
        }
        m.appendTail(out);
        return any ? out.toString() : null;
    }
}
