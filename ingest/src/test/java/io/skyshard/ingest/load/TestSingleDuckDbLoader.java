package io.skyshard.ingest.load;

import static org.assertj.core.api.Assertions.assertThat;

import io.skyshard.common.catalog.DatabaseDef;
import io.skyshard.common.catalog.Partitioning;
import io.skyshard.ingest.partition.RaBandChunking;
import io.skyshard.ingest.sample.SampleCatalog;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TestSingleDuckDbLoader {
    private static final RaBandChunking CHUNKING = new RaBandChunking(24, 0.3);

    @Test
    void loadsTheSampleWithChunkColumnsSortedSpatially() throws Exception {
        SampleCatalog catalog = new SampleCatalog(5, 6_000, 2_000);
        try (Connection conn = DriverManager.getConnection("jdbc:duckdb:"); Statement st = conn.createStatement()) {
            Map<String, Long> counts = new SingleDuckDbLoader(conn).load(new DatabaseDef("demo", Partitioning.DEFAULT),
                    catalog.tables(), t -> catalog.rows(t.name()), CHUNKING, true);
            assertThat(counts).containsEntry("Object", 6_000L).containsEntry("Filter", 6L);
            assertThat(scalar(st, "SELECT count(*) FROM demo.Source")).isEqualTo(counts.get("Source"));
            // Every Source row sits in its Object's chunk, as on the cluster.
            assertThat(scalar(st, "SELECT count(*) FROM demo.Source s JOIN demo.Object o USING (objectId)"
                    + " WHERE s.chunkId <> o.chunkId OR s.subChunkId <> o.subChunkId")).isZero();
            // Rows are stored in sort-key order: chunk ids never decrease in rowid order.
            assertThat(scalar(st, "SELECT count(*) FROM (SELECT chunkId, lag(chunkId) OVER (ORDER BY rowid) AS prev"
                    + " FROM demo.Object) WHERE chunkId < prev")).isZero();
            long nullU = scalar(st, "SELECT count(*) FROM demo.Object WHERE u_psfFlux IS NULL");
            assertThat(nullU).isBetween(120L, 360L);
            assertThat(scalar(st, "SELECT count(*) FROM demo.Object WHERE chunkId <> floor(coord_ra / 15)")).isZero();
            try (ResultSet rs = st.executeQuery("SELECT column_name, data_type FROM information_schema.columns"
                    + " WHERE table_schema = 'demo' AND table_name = 'Object' ORDER BY ordinal_position")) {
                int n = 0;
                while (rs.next()) {
                    assertThat(rs.getString(1)).isEqualTo(catalog.objectTable().storedColumns().get(n).name());
                    n++;
                }
                assertThat(n).isEqualTo(18);
            }
            assertThat(scalar(st, "SELECT count(*) FROM information_schema.tables WHERE table_name LIKE '%staging%'")).isZero();
        }
    }

    private static long scalar(Statement st, String sql) throws Exception {
        try (ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
