package io.skyshard.sql;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyshard.common.catalog.Partitioning;
import io.skyshard.spatial.chunk.Chunker;
import io.skyshard.spatial.region.Box;
import io.skyshard.spatial.region.Circle;
import io.skyshard.spatial.region.ConvexPolygon;
import io.skyshard.spatial.region.Ellipse;
import io.skyshard.spatial.region.Region;
import io.skyshard.sql.plan.ChunkSelection;
import io.skyshard.sql.plan.DistributedPlan;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Which conditions prune chunks, with which region: the restrictors, the top-level sciSQL
 * predicates on a partitioned table's position columns, angular-distance cones and ra/dec windows;
 * and what does not prune (OR, negations, other columns). The last tests use the real chunker for
 * boxes crossing ra = 0/360 and regions around the poles.
 */
class TestSpatialPruning {
    private final List<Region> regions = new ArrayList<>();
    private final QueryPlanner recording = new QueryPlanner((p, region) -> {
        regions.add(region);
        return new int[] {7};
    });
    private final QueryPlanner real = new QueryPlanner();
    private final Chunker chunker = new Chunker(Partitioning.DEFAULT.chunkOrder(), Partitioning.DEFAULT.subChunkOrder(),
            Partitioning.DEFAULT.overlapDeg());

    /** Regions the planner covered for the WHERE clause {@code where} over Object. */
    private List<Region> regionsOf(String where) {
        regions.clear();
        recording.plan("SELECT objectId FROM Object WHERE " + where, "demo", new DemoCatalog(), DemoCatalog.INDEX);
        return List.copyOf(regions);
    }

    private ChunkSelection chunksOf(QueryPlanner planner, String where) {
        return ((DistributedPlan) planner.plan("SELECT objectId FROM Object WHERE " + where, "demo", new DemoCatalog(),
                DemoCatalog.INDEX)).chunks();
    }

    private int[] chunkIds(QueryPlanner planner, String where) {
        ChunkSelection s = chunksOf(planner, where);
        assertThat(s).as(where).isInstanceOf(ChunkSelection.Chunks.class);
        return ((ChunkSelection.Chunks) s).chunkIds();
    }

    private Set<Integer> chunkSet(String where) {
        ChunkSelection s = chunksOf(real, where);
        assertThat(s).as(where).isInstanceOf(ChunkSelection.Chunks.class);
        return Arrays.stream(((ChunkSelection.Chunks) s).chunkIds()).boxed().collect(Collectors.toSet());
    }

    private int chunkAt(double ra, double dec) {
        return chunker.locate(ra, dec).chunkId();
    }

    @Test
    void restrictorsOfEveryShapeInAnyCaseBareOrComparedWithOne() {
        assertThat(regionsOf("qserv_areaspec_box(1, 2, 3, 4)")).containsExactly(new Box(1, 2, 3, 4));
        assertThat(regionsOf("QSERV_AREASPEC_CIRCLE(10, -20, 0.5) = 1")).containsExactly(new Circle(10, -20, 0.5));
        assertThat(regionsOf("1 = Qserv_AreaSpec_Ellipse(10, 20, 36, 18, 45)"))
                .containsExactly(new Ellipse(10, 20, 36, 18, 45));
        assertThat(regionsOf("qserv_areaspec_poly(0, 0, 1, 0, 1, 1, 0, 1)"))
                .containsExactly(ConvexPolygon.of(0, 0, 1, 0, 1, 1, 0, 1));
    }

    @Test
    void topLevelSciSqlPredicatesOnPositionColumnsPrune() {
        assertThat(regionsOf("scisql_s2PtInBox(coord_ra, coord_dec, 1, 2, 3, 4) = 1")).containsExactly(new Box(1, 2, 3, 4));
        assertThat(regionsOf("g_psfFlux > 0 AND SCISQL_S2PTINCIRCLE(Object.coord_ra, Object.coord_dec, 5, 6, 0.1)"))
                .containsExactly(new Circle(5, 6, 0.1));
        assertThat(regionsOf("scisql_s2PtInCPoly(coord_ra, coord_dec, 0, 0, 1, 0, 1, 1) = 1"))
                .containsExactly(ConvexPolygon.of(0, 0, 1, 0, 1, 1));
        // sciSQL's ellipse test also accepts the antipodal ellipse: both are covered.
        assertThat(regionsOf("scisql_s2PtInEllipse(coord_ra, coord_dec, 10, 20, 36, 18, 0) = 1"))
                .containsExactly(new Ellipse(10, 20, 36, 18, 0), new Circle(190, -20, new Ellipse(10, 20, 36, 18, 0).boundingRadiusDeg()));
    }

    @Test
    void angularDistanceBelowARadiusIsACone() {
        assertThat(regionsOf("scisql_angSep(coord_ra, coord_dec, 10, 20) < 0.5")).containsExactly(new Circle(10, 20, 0.5));
        assertThat(regionsOf("0.5 >= scisql_angSep(10, 20, coord_ra, coord_dec)")).containsExactly(new Circle(10, 20, 0.5));
        assertThat(regionsOf("scisql_angSep(coord_ra, coord_dec, 10, 20) < 500")).containsExactly(new Circle(10, 20, 180));
        assertThat(regionsOf("scisql_angSep(coord_ra, coord_dec, 10, 20) > 0.5")).isEmpty();
        assertThat(chunkIds(recording, "scisql_angSep(coord_ra, coord_dec, 10, 20) < 0")).isEmpty();
    }

    @Test
    void positionWindowsAreBoxes() {
        assertThat(regionsOf("coord_ra BETWEEN 10 AND 20 AND coord_dec BETWEEN -5 AND 5")).containsExactly(new Box(10, -5, 20, 5));
        assertThat(regionsOf("coord_dec > 80")).containsExactly(new Box(0, 80, 360, 90));
        assertThat(regionsOf("coord_ra >= 350 AND coord_ra <= 355 AND coord_dec < -89")).containsExactly(new Box(350, -90, 355, -89));
        assertThat(chunkIds(recording, "coord_ra > 20 AND coord_ra < 10")).isEmpty();
        assertThat(chunkIds(recording, "coord_dec > 91")).isEmpty();
    }

    @Test
    void whatCannotBoundThePositionsDoesNotPrune() {
        assertThat(regionsOf("scisql_s2PtInBox(coord_ra, coord_dec, 1, 2, 3, 4) = 0")).isEmpty();
        assertThat(regionsOf("scisql_s2PtInBox(coord_ra, coord_dec, 1, 2, 3, 4) = 1 OR g_psfFlux > 0")).isEmpty();
        assertThat(regionsOf("NOT scisql_s2PtInCircle(coord_ra, coord_dec, 1, 2, 3)")).isEmpty();
        assertThat(regionsOf("scisql_s2PtInBox(coord_dec, coord_ra, 1, 2, 3, 4) = 1")).isEmpty();
        assertThat(regionsOf("scisql_s2PtInBox(g_psfFlux, coord_dec, 1, 2, 3, 4) = 1")).isEmpty();
        assertThat(regionsOf("scisql_s2PtInCircle(coord_ra, coord_dec, 1, 2, g_psfFlux) = 1")).isEmpty();
        assertThat(regionsOf("coord_ra BETWEEN 10 AND 20 OR coord_dec > 5")).isEmpty();
        assertThat(regionsOf("coord_ra NOT BETWEEN 10 AND 20")).isEmpty();
        assertThat(chunksOf(recording, "g_psfFlux > 0")).isInstanceOf(ChunkSelection.All.class);
    }

    @Test
    void aPolygonRestrictorThatIsNotConvexKeepsSciSqlsMeaningAndPrunesNothing() {
        // Qserv runs these (its itest case02 has a self-crossing one); the rows are those sciSQL's
        // scisql_s2PtInCPoly accepts, which the whole sky covers.
        assertThat(regionsOf("qserv_areaspec_poly(0, 0, 3, 10, 0, 5, 3, 1)")).containsExactly(new Circle(0, 0, 180));
        assertThat(regionsOf("qserv_areaspec_poly(0.5, -5, 3, -5, 2, -2.5, 3, 0, 0.5, 0)")).containsExactly(new Circle(0, 0, 180));
    }

    @Test
    void severalRegionsIntersect() {
        assertThat(chunkIds(new QueryPlanner((p, r) -> r instanceof Box ? new int[] {1, 2, 3} : new int[] {2, 3, 4}),
                "qserv_areaspec_box(0, 0, 1, 1) AND scisql_angSep(coord_ra, coord_dec, 0, 0) < 1")).containsExactly(2, 3);
    }

    @Test
    void boxesAcrossRaZeroCoverBothSidesAndNothingOpposite() {
        for (String where : List.of("qserv_areaspec_box(359, -1, 1, 1)",
                "scisql_s2PtInBox(coord_ra, coord_dec, 359, -1, 1, 1) = 1",
                "qserv_areaspec_circle(0, 0, 1)",
                "scisql_angSep(coord_ra, coord_dec, 359.9, 0) < 0.5",
                "qserv_areaspec_poly(359, -1, 1, -1, 1, 1, 359, 1)")) {
            Set<Integer> chunks = chunkSet(where);
            assertThat(chunks).as(where).contains(chunkAt(359.7, 0.2), chunkAt(0.3, -0.2))
                    .doesNotContain(chunkAt(180, 0), chunkAt(10, 0), chunkAt(350, 0));
        }
    }

    @Test
    void regionsAroundThePolesCoverEveryLongitude() {
        for (String where : List.of("qserv_areaspec_circle(0, 90, 1)",
                "qserv_areaspec_box(0, 89.5, 360, 90)",
                "coord_dec >= 89.5",
                "scisql_angSep(coord_ra, coord_dec, 123, 89.8) < 0.5")) {
            Set<Integer> chunks = chunkSet(where);
            for (int ra = 0; ra < 360; ra += 15) {
                assertThat(chunks).as(where + " at ra " + ra).contains(chunkAt(ra, 89.9));
            }
            assertThat(chunks).as(where).doesNotContain(chunkAt(0, 80), chunkAt(0, -89.9));
        }
        Set<Integer> south = chunkSet("qserv_areaspec_circle(200, -89.9, 0.5)");
        assertThat(south).contains(chunkAt(20, -89.7), chunkAt(200, -89.9)).doesNotContain(chunkAt(0, 89.9));
    }
}
