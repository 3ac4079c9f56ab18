package io.skyshard.tap.adql;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyshard.tap.TestCatalog;
import io.skyshard.tap.schema.TapMetadata;
import io.skyshard.sql.QueryPlanner;
import io.skyshard.sql.plan.QueryPlan;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestAdqlTranslator {
    private final AdqlTranslator translator = new AdqlTranslator(TapMetadata.of(TestCatalog.snapshot()));

    private String sql(String adql) {
        TranslatedQuery q = translator.translate(adql, 100);
        // whatever is produced must be accepted by the planner the czar runs
        QueryPlan plan = new QueryPlanner().plan(q.sql(), q.database(), TestCatalog.snapshot(), (db, t, keys) -> Map.of());
        assertThat(plan).isNotNull();
        return q.sql().replace('\n', ' ');
    }

    @Test
    void show() {
        for (String q : new String[] {
            "SELECT TOP 10 o.objectId, DISTANCE(POINT('ICRS', o.coord_ra, o.coord_dec), POINT('ICRS', 10, 20)) AS d FROM demo.Object AS o WHERE 1 = CONTAINS(POINT('ICRS', o.coord_ra, o.coord_dec), CIRCLE('ICRS', 10, 20, 0.1))",
            "SELECT * FROM demo.Source WHERE dec > 3 AND band ILIKE 'G' ORDER BY sourceId OFFSET 5",
            "SELECT COUNT(*), AVG(g_psfFlux) AS m FROM Object WHERE size BETWEEN 1 AND 2 GROUP BY objectId HAVING COUNT(*) > 1 ORDER BY m DESC",
            "SELECT band || 'x', CAST(psfFlux AS DOUBLE PRECISION), COALESCE(psfFlux, 0) FROM demo.Source s JOIN demo.Filter f USING (band)",
            "SELECT o.objectId FROM demo.Object o WHERE CONTAINS(POINT(o.coord_ra, o.coord_dec), POLYGON(10, 10, 11, 10, 11, 11, 10, 11)) = 1",
            "SELECT o.objectId FROM demo.Object o WHERE CONTAINS(POINT(o.coord_ra, o.coord_dec), BOX('ICRS', 10, 10, 2, 1)) = 1",
            "SELECT o.objectId FROM demo.Object o WHERE DISTANCE(o.coord_ra, o.coord_dec, 1, 2) < 0.5",
            "SELECT DISTINCT band FROM demo.Source ORDER BY band",
        }) {
            System.out.println(sql(q));
        }
    }
}
