package io.skyshard.replication.registry;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.skyshard.common.catalog.ClusterSnapshot;
import io.skyshard.common.catalog.DatabaseDef;
import io.skyshard.common.catalog.TableDef;
import io.skyshard.common.catalog.WorkerInfo;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.replication.ReplicationErrorCode;
import java.io.IOException;

/** JSON form of the registry records, shared by the persistent store and the gRPC registry protocol. */
public final class SnapshotJson {
    private static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private SnapshotJson() {
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new SkyshardException(ReplicationErrorCode.INVALID_REQUEST, "cannot encode " + value.getClass().getSimpleName(), e);
        }
    }

    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new SkyshardException(ReplicationErrorCode.INVALID_REQUEST,
                    "malformed " + type.getSimpleName() + " document: " + e.getMessage(), e);
        }
    }

    public static ClusterSnapshot snapshot(String json) {
        return read(json, ClusterSnapshot.class);
    }

    /** One registry mutation as sent over gRPC: exactly one field is set. */
    public record Update(
            DatabaseDef createDatabase,
            TableDef createTable,
            WorkerInfo registerWorker,
            String placementDatabase,
            java.util.Map<Integer, java.util.List<String>> placement,
            String dropDatabase) {
    }
}
