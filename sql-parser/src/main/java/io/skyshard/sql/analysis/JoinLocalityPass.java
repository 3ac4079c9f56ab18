package io.skyshard.sql.analysis;

import io.skyshard.common.catalog.TableDef;
import io.skyshard.common.catalog.TableKind;
import io.skyshard.sql.SqlErrors;
import io.skyshard.sql.rewrite.NearNeighbourSql;
import io.skyshard.sql.rewrite.SqlTrees;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.sql.JoinType;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlJoin;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Accepts a join only when every chunk can answer its share alone, and plans the joins that need a
 * chunk's overlap. Any number of replicated tables join anything. Among partitioned tables, rows are
 * <em>co-located</em> when joined on the director key: a director row, its child rows (stored in the
 * director row's chunk) and the match rows that name it are in one chunk. One group of co-located
 * tables (the anchor) is read from the chunk tables; every other partitioned table must be a single
 * director table whose rows a chunk finds in its chunk table plus its overlap table, because it is
 *
 * <ul>
 * <li>joined by distance to a director of the anchor with a radius up to the database's overlap (a
 *     near-neighbour join): {@code scisql_angSep(o1.ra, o1.dec, o2.ra, o2.dec) < r} (or {@code <=},
 *     {@code BETWEEN .. AND r}, {@code scisql_s2PtInCircle(o1.ra, o1.dec, o2.ra, o2.dec, r) = 1});</li>
 * <li>or joined through a match table of the anchor on the match's other key (matched rows are within
 *     the overlap of each other).</li>
 * </ul>
 *
 * Each result row is then produced exactly once: by the chunk holding its anchor rows. A near-neighbour
 * join is planned as a hash join on sky cells (see {@link NearNeighbourSql}), never as a nested loop.
 *
 * <pre>
 * before: SELECT o1.objectId, o2.objectId FROM Object o1, Object o2
 *         WHERE scisql_angSep(o1.ra, o1.decl, o2.ra, o2.decl) &lt; 0.01 AND o1.objectId &lt;&gt; o2.objectId
 * after:  FROM "db"."Object_%CHUNK%" AS o1,
 *              (SELECT o2.*, unnest(skyshard_nn_cells(o2.ra, o2.decl, 0.0100000001, 0.01)) AS __skyshard_cell
 *               FROM (SELECT * FROM "db"."Object_%CHUNK%" UNION ALL SELECT * FROM "db"."ObjectFullOverlap_%CHUNK%") AS o2) AS o2
 *         WHERE scisql_angSep(...) &lt; 0.01 AND o1.objectId &lt;&gt; o2.objectId
 *           AND skyshard_nn_cell(o1.ra, o1.decl, 0.01) = o2.__skyshard_cell
 * accepted: FROM Object o JOIN Source s ON s.objectId = o.objectId JOIN Filter f ON f.band = s.band
 *           FROM Object o JOIN RefObjMatch m ON m.objectId = o.objectId JOIN RefObject r ON r.refObjectId = m.refObjectId
 * rejected: FROM Object o, Source s WHERE s.sourceId = o.objectId     (not on the director key)
 *           FROM Object o1, Object o2 WHERE scisql_angSep(...) &lt; 1      (radius beyond the overlap)
 * </pre>
 *
 * A match table alone keeps one of the two copies of a row stored in two chunks (see {@link TableDef}).
 */
public final class JoinLocalityPass implements AnalysisPass {
    /** Smallest cell height of near-neighbour joins, in degrees: keeps cell keys within BIGINT. */
    static final double MIN_CELL_DEG = 1e-6;

    @Override
    public void apply(AnalysisContext ctx) {
        List<TableRef> partitioned = ctx.tables.stream().filter(TableRef::partitioned).toList();
        if (ctx.tables.isEmpty()) {
            return;
        }
        Graph graph = new Graph(ctx);
        if (partitioned.size() == 1 && partitioned.get(0).table().kind() == TableKind.MATCH) {
            ctx.conjuncts.add(matchCopyFilter(partitioned.get(0), 1));
        }
        if (partitioned.size() > 1) {
            apply(ctx, graph, place(graph, partitioned));
        }
        replicatedCellJoins(ctx, graph);
    }

    private static Placement place(Graph graph, List<TableRef> partitioned) {
        Placement best = null;
        Placement closest = null;
        for (List<TableRef> group : graph.groups) {
            Placement p = graph.place(group);
            if (p.problems.isEmpty()) {
                if (best == null || p.betterThan(best)) {
                    best = p;
                }
            } else if (closest == null || p.problems.size() < closest.problems.size()) {
                closest = p;
            }
        }
        if (best != null) {
            return best;
        }
        if (closest == null) {
            throw SqlErrors.unsupported(partitioned.get(0).node(), "join of match tables without their director tables");
        }
        Problem first = closest.problems.get(0);
        throw new JoinNotLocalException(SqlErrors.unsupported(first.at(), first.message()));
    }

    /**
     * A distance join between a replicated table and another table (an uploaded list against
     * {@code Object}, say) is correct in every chunk as it stands, but a nested loop: it becomes a
     * hash join on cells, the replicated side repeated once per cell within the radius (any radius:
     * the replicated side is whole everywhere). One distance predicate per replicated table.
     */
    private static void replicatedCellJoins(AnalysisContext ctx, Graph graph) {
        Set<TableRef> done = new LinkedHashSet<>();
        for (Distance d : graph.distances) {
            TableRef far = d.b();
            TableRef near = d.a();
            if (far.table().kind() != TableKind.REPLICATED || done.contains(far) || graph.preserved.contains(far)
                    || graph.equiJoined(far, near)) {
                continue;
            }
            done.add(far);
            cellJoin(ctx, near, d.aColumns(), far, d.bColumns(), d.radius(), sourceOf(ctx.from, far.alias()), d.conjunct());
        }
    }

    /**
     * Turns a distance join into a hash join on cells: {@code near} gets the cell of its position,
     * {@code far} (read from {@code farSource}) one row per cell within the radius, and the join
     * condition (where the distance predicate is) their equality.
     */
    private static void cellJoin(AnalysisContext ctx, TableRef near, String[] nearColumns, TableRef far, String[] farColumns,
            double radius, SqlNode farSource, Conjunct where) {
        int tag = ++ctx.cellJoins;
        double h = Math.max(radius, MIN_CELL_DEG);
        SqlNode nearRows = NearNeighbourSql.nearCells(sourceOf(ctx.from, near.alias()), near.alias(), nearColumns[0],
                nearColumns[1], h, tag);
        ctx.from = replaceTable(ctx.from, near.alias(), nearRows);
        SqlNode farRows = NearNeighbourSql.farCells(farSource, far.alias(), farColumns[0], farColumns[1], reach(radius), h, tag);
        ctx.from = replaceTable(ctx.from, far.alias(), farRows);
        addConjunct(ctx, where.on(), NearNeighbourSql.cellJoin(near.alias(), far.alias(), tag));
    }

    /** What the FROM item aliased {@code alias} reads (the operand of its {@code AS}). */
    private static SqlNode sourceOf(SqlNode from, String alias) {
        if (from instanceof SqlJoin join) {
            SqlNode left = sourceOf(join.getLeft(), alias);
            return left != null ? left : sourceOf(join.getRight(), alias);
        }
        if (from.getKind() == SqlKind.AS && ((SqlIdentifier) ((SqlCall) from).operand(1)).getSimple().equals(alias)) {
            return ((SqlCall) from).operand(0);
        }
        return null;
    }

    /** The radius, padded so that rounding in the cell arithmetic can only add cells, never lose one. */
    private static double reach(double radius) {
        return Math.max(radius, 0) * (1 + 1e-9) + 1e-10;
    }

    /**
     * Keeps one copy of each match row: the copy stored in the chunk of its director row on key
     * {@code side} (flag bit side - 1 set), or its only copy when that key is NULL.
     */
    private static SqlNode matchCopyFilter(TableRef match, int side) {
        TableDef t = match.table();
        String key = side == 1 ? t.directorKey() : t.directorKey2();
        SqlNode noKey = SqlStdOperatorTable.IS_NULL.createCall(SqlParserPos.ZERO, SqlTrees.id(match.alias(), key));
        SqlNode flags = SqlTrees.list(List.of(SqlTrees.integer(side), SqlTrees.integer(3)));
        SqlNode stored = SqlStdOperatorTable.IN.createCall(SqlParserPos.ZERO, SqlTrees.id(match.alias(), t.flagColumn()), flags);
        return SqlStdOperatorTable.OR.createCall(SqlParserPos.ZERO, noKey, stored);
    }

    // ---------------------------------------------------------------------------------------------
    // The join graph

    /** A top-level conjunct of WHERE ({@code on == null}) or of the ON condition of {@code on}. */
    private record Conjunct(SqlNode node, SqlJoin on) {
    }

    /**
     * A key column of a partitioned table: side 0 for a director's or child's director key, 1 and 2
     * for a match table's first and second key; {@code family} is the director table it refers to.
     */
    private record KeyColumn(int side, String column, String family) {
    }

    /** Equality of key columns of the same family: {@code a} (key side {@code sideA}) = {@code b}. */
    private record KeyEdge(TableRef a, int sideA, TableRef b, int sideB, Conjunct conjunct) {
    }

    /** A match table in the anchor, joined there on its key {@code side} (1 or 2) by {@code edge}. */
    private record MatchAnchor(TableRef match, int side, KeyEdge edge) {
    }

    /** {@code near} and {@code far} are director tables joined by distance below {@code radius} degrees. */
    private record NearEdge(TableRef near, TableRef far, double radius, Conjunct conjunct) {
    }

    /** Any two tables joined by a distance below {@code radius} between columns {@code aColumns} and {@code bColumns}. */
    private record Distance(TableRef a, String[] aColumns, TableRef b, String[] bColumns, double radius, Conjunct conjunct) {
    }

    private record Problem(SqlNode at, String message) {
    }

    /** How a table on the far side reaches the anchor. */
    private record Attachment(TableRef far, NearEdge near) {
    }

    private static final class Placement {
        final Set<TableRef> anchor = new LinkedHashSet<>();
        final Map<TableRef, Attachment> far = new LinkedHashMap<>();
        final List<MatchAnchor> matches = new ArrayList<>();
        final List<Problem> problems = new ArrayList<>();
        int restricted;
        int firstIndex;

        /** Prefer anchors whose chunks the director index prunes, then larger anchors, then the first table. */
        boolean betterThan(Placement other) {
            if (restricted != other.restricted) {
                return restricted > other.restricted;
            }
            if (anchor.size() != other.anchor.size()) {
                return anchor.size() > other.anchor.size();
            }
            return firstIndex < other.firstIndex;
        }
    }

    private static final class Graph {
        final AnalysisContext ctx;
        final List<TableRef> refs;
        final List<KeyEdge> keyEdges = new ArrayList<>();
        final List<NearEdge> nearEdges = new ArrayList<>();
        final List<Distance> distances = new ArrayList<>();
        final List<List<TableRef>> groups = new ArrayList<>();
        final List<TableRef> matches = new ArrayList<>();
        final Map<TableRef, List<TableRef>> groupOf = new IdentityHashMap<>();
        final List<Conjunct> conjuncts = new ArrayList<>();
        /** Tables on the preserved side of an outer join: they may not come from the overlap. */
        final Set<TableRef> preserved = new LinkedHashSet<>();

        Graph(AnalysisContext ctx) {
            this.ctx = ctx;
            this.refs = List.copyOf(ctx.tables);
            ctx.conjuncts.forEach(c -> conjuncts.add(new Conjunct(c, null)));
            collectJoins(ctx.from);
            for (Conjunct c : conjuncts) {
                keyEdge(c);
                nearEdge(c);
            }
            buildGroups();
        }

        private void collectJoins(SqlNode node) {
            if (!(node instanceof SqlJoin join)) {
                return;
            }
            collectJoins(join.getLeft());
            collectJoins(join.getRight());
            if (join.getCondition() != null) {
                List<SqlNode> parts = new ArrayList<>();
                ResolveColumnsPass.splitConjuncts(join.getCondition(), parts);
                parts.forEach(p -> conjuncts.add(new Conjunct(p, join)));
            }
            if (join.getJoinType() == JoinType.LEFT) {
                preserved.addAll(refsUnder(join.getLeft()));
            } else if (join.getJoinType() == JoinType.RIGHT) {
                preserved.addAll(refsUnder(join.getRight()));
            }
        }

        private List<TableRef> refsUnder(SqlNode node) {
            List<TableRef> out = new ArrayList<>();
            if (node instanceof SqlJoin join) {
                out.addAll(refsUnder(join.getLeft()));
                out.addAll(refsUnder(join.getRight()));
            } else if (node.getKind() == SqlKind.AS) {
                String alias = ((SqlIdentifier) ((SqlCall) node).operand(1)).getSimple();
                refs.stream().filter(t -> t.alias().equals(alias)).forEach(out::add);
            }
            return out;
        }

        private TableRef ref(SqlNode node) {
            if (node instanceof SqlIdentifier id && id.names.size() == 2) {
                for (TableRef t : refs) {
                    if (t.alias().equals(id.names.get(0))) {
                        return t;
                    }
                }
            }
            return null;
        }

        private void keyEdge(Conjunct conjunct) {
            SqlNode c = conjunct.node();
            if (c.getKind() != SqlKind.EQUALS) {
                return;
            }
            SqlNode x = ((SqlCall) c).operand(0);
            SqlNode y = ((SqlCall) c).operand(1);
            TableRef a = ref(x);
            TableRef b = ref(y);
            if (a == null || b == null || a == b) {
                return;
            }
            for (KeyColumn ka : keys(a.table())) {
                for (KeyColumn kb : keys(b.table())) {
                    if (ka.column().equalsIgnoreCase(((SqlIdentifier) x).names.get(1))
                            && kb.column().equalsIgnoreCase(((SqlIdentifier) y).names.get(1))
                            && ka.family().equalsIgnoreCase(kb.family())) {
                        keyEdges.add(new KeyEdge(a, ka.side(), b, kb.side(), conjunct));
                    }
                }
            }
        }

        private void nearEdge(Conjunct c) {
            SqlNode n = c.node();
            SqlCall distance = null;
            SqlNode radius = null;
            switch (n.getKind()) {
                case LESS_THAN, LESS_THAN_OR_EQUAL -> {
                    distance = angSep(((SqlCall) n).operand(0));
                    radius = ((SqlCall) n).operand(1);
                }
                case GREATER_THAN, GREATER_THAN_OR_EQUAL -> {
                    distance = angSep(((SqlCall) n).operand(1));
                    radius = ((SqlCall) n).operand(0);
                }
                case BETWEEN -> {
                    if (!((org.apache.calcite.sql.fun.SqlBetweenOperator) ((SqlCall) n).getOperator()).isNegated()) {
                        distance = angSep(((SqlCall) n).operand(0));
                        radius = ((SqlCall) n).operand(2);
                    }
                }
                case EQUALS -> {
                    for (int i = 0; i < 2; i++) {
                        SqlNode side = ((SqlCall) n).operand(i);
                        BigDecimal one = SqlTrees.numericValue(((SqlCall) n).operand(1 - i));
                        if (one != null && one.compareTo(BigDecimal.ONE) == 0 && isCall(side, "scisql_s2PtInCircle", 5)) {
                            distance = (SqlCall) side;
                            radius = ((SqlCall) side).operand(4);
                        }
                    }
                }
                default -> {
                }
            }
            if (distance == null) {
                return;
            }
            Double r = constant(radius);
            if (r == null) {
                return;
            }
            TableRef a = position(distance.operand(0), distance.operand(1));
            TableRef b = position(distance.operand(2), distance.operand(3));
            if (a != null && b != null && a != b) {
                nearEdges.add(new NearEdge(a, b, r, c));
                nearEdges.add(new NearEdge(b, a, r, c));
            }
            TableRef x = ref(distance.operand(0));
            TableRef y = ref(distance.operand(2));
            if (x != null && y != null && x != y && x == ref(distance.operand(1)) && y == ref(distance.operand(3))) {
                String[] xc = {column(distance.operand(0)), column(distance.operand(1))};
                String[] yc = {column(distance.operand(2)), column(distance.operand(3))};
                distances.add(new Distance(x, xc, y, yc, r, c));
                distances.add(new Distance(y, yc, x, xc, r, c));
            }
        }

        private static String column(SqlNode id) {
            return ((SqlIdentifier) id).names.get(1);
        }

        /** Whether an equality between columns of the two tables joins them already (a hash join). */
        boolean equiJoined(TableRef a, TableRef b) {
            for (Conjunct c : conjuncts) {
                if (c.node().getKind() == SqlKind.EQUALS) {
                    TableRef x = ref(((SqlCall) c.node()).operand(0));
                    TableRef y = ref(((SqlCall) c.node()).operand(1));
                    if (x == a && y == b || x == b && y == a) {
                        return true;
                    }
                }
            }
            return false;
        }

        private static SqlCall angSep(SqlNode n) {
            return isCall(n, "scisql_angSep", 4) ? (SqlCall) n : null;
        }

        private static boolean isCall(SqlNode n, String name, int arity) {
            return n instanceof SqlCall call && call.getOperator().getName().equalsIgnoreCase(name)
                    && call.operandCount() == arity;
        }

        /** The director whose position columns these are, in this order; else null. */
        private TableRef position(SqlNode ra, SqlNode dec) {
            TableRef t = ref(ra);
            if (t == null || t != ref(dec) || t.table().kind() != TableKind.DIRECTOR || t.table().raColumn() == null) {
                return null;
            }
            boolean ok = ((SqlIdentifier) ra).names.get(1).equalsIgnoreCase(t.table().raColumn())
                    && ((SqlIdentifier) dec).names.get(1).equalsIgnoreCase(t.table().decColumn());
            return ok ? t : null;
        }

        private void buildGroups() {
            Map<TableRef, TableRef> parent = new IdentityHashMap<>();
            for (TableRef t : refs) {
                if (!t.partitioned()) {
                    continue;
                }
                if (t.table().kind() == TableKind.MATCH) {
                    matches.add(t);
                } else {
                    parent.put(t, t);
                }
            }
            for (KeyEdge e : keyEdges) {
                if (e.sideA() == 0 && e.sideB() == 0) {
                    TableRef ra = find(parent, e.a());
                    TableRef rb = find(parent, e.b());
                    if (ra != rb) {
                        parent.put(ra, rb);
                    }
                }
            }
            Map<TableRef, List<TableRef>> byRoot = new LinkedHashMap<>();
            for (TableRef t : refs) {
                if (parent.containsKey(t)) {
                    byRoot.computeIfAbsent(find(parent, t), r -> new ArrayList<>()).add(t);
                }
            }
            groups.addAll(byRoot.values());
            groups.forEach(g -> g.forEach(t -> groupOf.put(t, g)));
        }

        private static TableRef find(Map<TableRef, TableRef> parent, TableRef t) {
            TableRef p = parent.get(t);
            return p == t ? t : find(parent, p);
        }

        /** Places {@code group} in the chunk tables and everything else around it, noting what fails. */
        Placement place(List<TableRef> group) {
            Placement p = new Placement();
            p.anchor.addAll(group);
            p.firstIndex = refs.indexOf(group.get(0));
            for (TableRef m : matches) {
                List<KeyEdge> inAnchor = keyEdges.stream().filter(e -> touches(e, m) && group.contains(other(e, m))).toList();
                Set<Integer> sides = new LinkedHashSet<>();
                inAnchor.forEach(e -> sides.add(sideOf(e, m)));
                if (sides.isEmpty()) {
                    p.problems.add(new Problem(m.node(), "join of match table " + m.alias() + " that is not on a key of "
                            + "a director table joined with it (" + m.alias() + "." + m.table().directorKey() + " or "
                            + m.alias() + "." + m.table().directorKey2() + ")"));
                    continue;
                }
                if (sides.size() > 1) {
                    p.problems.add(new Problem(m.node(), "match table " + m.alias() + " joined on both keys to tables "
                            + "stored together: matched rows can lie in different chunks"));
                    continue;
                }
                p.anchor.add(m);
                p.matches.add(new MatchAnchor(m, sides.iterator().next(), inAnchor.get(0)));
                int farSide = 3 - sides.iterator().next();
                for (KeyEdge e : keyEdges) {
                    if (touches(e, m) && sideOf(e, m) == farSide) {
                        TableRef far = other(e, m);
                        String why = farProblem(far, group);
                        if (why != null) {
                            p.problems.add(new Problem(far.node(), why));
                        } else {
                            p.far.putIfAbsent(far, new Attachment(far, null));
                        }
                    }
                }
            }
            for (List<TableRef> g : groups) {
                if (g == group || g.size() == 1 && p.far.containsKey(g.get(0))) {
                    continue;
                }
                TableRef far = g.get(0);
                NearEdge edge = nearEdges.stream()
                        .filter(e -> e.far() == far && group.contains(e.near()))
                        .min(Comparator.comparingDouble(NearEdge::radius)).orElse(null);
                double overlap = ctx.database.partitioning().overlapDeg();
                if (edge != null && edge.radius() > overlap) {
                    p.problems.add(new Problem(edge.conjunct().node(), "near-neighbour join of " + edge.near().alias()
                            + " and " + far.alias() + " with radius " + number(edge.radius()) + " deg, more than the overlap of "
                            + "database " + ctx.database.name() + " (" + number(overlap) + " deg): pairs farther apart than "
                            + "the overlap can lie in chunks that share no rows"));
                    continue;
                }
                String why = g.size() == 1 ? farProblem(far, group) : null;
                if (edge == null || g.size() > 1 || why != null) {
                    p.problems.add(new Problem(g.get(0).node(), edge == null ? notLocal(g, group)
                            : why != null ? why : farWithCompanions(g, far)));
                    continue;
                }
                p.far.put(far, new Attachment(far, edge));
            }
            for (TableRef t : p.anchor) {
                if (restrictedByKey(t)) {
                    p.restricted++;
                }
            }
            return p;
        }

        /** Why {@code far} cannot be read from the chunk and its overlap, or null if it can. */
        private String farProblem(TableRef far, List<TableRef> anchor) {
            if (far.table().kind() != TableKind.DIRECTOR) {
                return notLocal(List.of(far), anchor);
            }
            List<TableRef> g = groupOf.get(far);
            if (g != null && g.size() > 1) {
                return farWithCompanions(g, far);
            }
            if (preserved.contains(far)) {
                return "outer join that preserves the rows of " + far.alias() + ", which come from the overlap of "
                        + "neighbouring chunks and would be repeated (make " + far.alias() + " the inner side)";
            }
            return null;
        }

        private static String farWithCompanions(List<TableRef> g, TableRef far) {
            String others = g.stream().filter(t -> t != far).map(TableRef::alias).reduce((x, y) -> x + ", " + y).orElse("");
            return "join of " + others + " with " + far.alias() + ", whose rows come from the overlap of neighbouring "
                    + "chunks in this join: the overlap holds no rows of other tables (join " + others
                    + " to the other side instead)";
        }

        private String notLocal(List<TableRef> g, List<TableRef> anchor) {
            TableRef t = g.get(0);
            TableRef a = anchor.get(0);
            String key = keys(t.table()).isEmpty() ? "?" : keys(t.table()).get(0).column();
            String anchorKey = keys(a.table()).isEmpty() ? "?" : keys(a.table()).get(0).column();
            StringBuilder sb = new StringBuilder("join of " + t.alias() + " (" + t.table().name() + ") with " + a.alias()
                    + " (" + a.table().name() + ") that cannot be answered chunk by chunk: their rows can lie in different"
                    + " chunks. Join partitioned tables on the director key (e.g. " + t.alias() + "." + key + " = "
                    + a.alias() + "." + anchorKey + ")");
            if (t.table().kind() == TableKind.DIRECTOR && a.table().kind() == TableKind.DIRECTOR) {
                sb.append(" or by distance, scisql_angSep(").append(a.alias()).append('.').append(a.table().raColumn())
                        .append(", ").append(a.alias()).append('.').append(a.table().decColumn()).append(", ")
                        .append(t.alias()).append('.').append(t.table().raColumn()).append(", ").append(t.alias())
                        .append('.').append(t.table().decColumn()).append(") < r with r up to the overlap (")
                        .append(number(ctx.database.partitioning().overlapDeg())).append(" deg)");
            }
            return sb.toString();
        }

        private boolean restrictedByKey(TableRef t) {
            for (Conjunct c : conjuncts) {
                if (c.on() == null && (c.node().getKind() == SqlKind.EQUALS || c.node().getKind() == SqlKind.IN)) {
                    for (SqlNode operand : ((SqlCall) c.node()).getOperandList()) {
                        TableRef r = ref(operand);
                        if (r == t && keys(t.table()).stream().anyMatch(k -> k.column()
                                .equalsIgnoreCase(((SqlIdentifier) operand).names.get(1)))) {
                            return true;
                        }
                    }
                }
            }
            return false;
        }

        private static boolean touches(KeyEdge e, TableRef t) {
            return e.a() == t || e.b() == t;
        }

        private static TableRef other(KeyEdge e, TableRef t) {
            return e.a() == t ? e.b() : e.a();
        }

        private static int sideOf(KeyEdge e, TableRef t) {
            return e.a() == t ? e.sideA() : e.sideB();
        }
    }

    static List<KeyColumn> keys(TableDef t) {
        return switch (t.kind()) {
            case DIRECTOR -> t.directorKey() == null ? List.of() : List.of(new KeyColumn(0, t.directorKey(), t.name()));
            case CHILD -> t.directorKey() == null || t.directorTable() == null ? List.of()
                    : List.of(new KeyColumn(0, t.directorKey(), t.directorTable()));
            case MATCH -> {
                List<KeyColumn> out = new ArrayList<>();
                if (t.directorKey() != null && t.directorTable() != null) {
                    out.add(new KeyColumn(1, t.directorKey(), t.directorTable()));
                }
                if (t.directorKey2() != null && t.directorTable2() != null) {
                    out.add(new KeyColumn(2, t.directorKey2(), t.directorTable2()));
                }
                yield out;
            }
            case REPLICATED -> List.of();
        };
    }

    /** Value of a numeric constant expression (literals and + - * /), else null. */
    static Double constant(SqlNode n) {
        BigDecimal literal = SqlTrees.numericValue(n);
        if (literal != null) {
            return literal.doubleValue();
        }
        if (!(n instanceof SqlCall call)) {
            return null;
        }
        if (call.getKind() == SqlKind.MINUS_PREFIX) {
            Double v = constant(call.operand(0));
            return v == null ? null : -v;
        }
        if (call.operandCount() != 2) {
            return null;
        }
        Double a = constant(call.operand(0));
        Double b = constant(call.operand(1));
        if (a == null || b == null) {
            return null;
        }
        return switch (call.getKind()) {
            case PLUS -> a + b;
            case MINUS -> a - b;
            case TIMES -> a * b;
            case DIVIDE -> b == 0 ? null : a / b;
            default -> null;
        };
    }

    private static String number(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    // ---------------------------------------------------------------------------------------------
    // Applying the placement

    private static void apply(AnalysisContext ctx, Graph graph, Placement p) {
        for (MatchAnchor m : p.matches) {
            // Only the copy of a match row stored with its anchor-side director row (see TableDef).
            SqlNode filter = matchCopyFilter(m.match(), m.side());
            addConjunct(ctx, graph.preserved.contains(m.match()) ? null : m.edge().conjunct().on(), filter);
        }
        for (Attachment a : p.far.values()) {
            int i = ctx.tables.indexOf(a.far());
            ctx.tables.set(i, a.far().withOverlap());
            TableDef far = a.far().table();
            SqlNode rows = NearNeighbourSql.chunkAndOverlap(far);
            if (a.near() == null) {
                ctx.from = replaceTable(ctx.from, a.far().alias(), SqlTrees.as(rows, a.far().alias()));
            } else {
                TableDef near = a.near().near().table();
                cellJoin(ctx, a.near().near(), new String[] {near.raColumn(), near.decColumn()}, a.far(),
                        new String[] {far.raColumn(), far.decColumn()}, a.near().radius(), rows, a.near().conjunct());
            }
        }
    }

    private static void addConjunct(AnalysisContext ctx, SqlJoin on, SqlNode conjunct) {
        if (on == null) {
            ctx.conjuncts.add(conjunct);
            return;
        }
        SqlNode old = on.getCondition();
        SqlNode combined = SqlStdOperatorTable.AND.createCall(SqlParserPos.ZERO, old, conjunct);
        on.setOperand(5, combined);
        int i = ctx.joinConditions.indexOf(old);
        if (i >= 0) {
            ctx.joinConditions.set(i, combined);
        }
    }

    /** Replaces the FROM item aliased {@code alias} (a {@code table AS alias} call) with {@code replacement}. */
    private static SqlNode replaceTable(SqlNode from, String alias, SqlNode replacement) {
        if (from instanceof SqlJoin join) {
            join.setLeft(replaceTable(join.getLeft(), alias, replacement));
            join.setRight(replaceTable(join.getRight(), alias, replacement));
            return join;
        }
        if (from.getKind() == SqlKind.AS && ((SqlIdentifier) ((SqlCall) from).operand(1)).getSimple().equals(alias)) {
            return replacement;
        }
        return from;
    }

    static boolean isColumn(SqlNode node, String alias, String column) {
        return column != null && node instanceof SqlIdentifier id && id.names.size() == 2
                && id.names.get(0).equals(alias) && id.names.get(1).equalsIgnoreCase(column);
    }
}
