package io.skyshard.ingest.client;

import io.skyshard.common.catalog.DatabaseDef;
import io.skyshard.common.catalog.TableDef;
import io.skyshard.common.catalog.ViewDef;
import io.skyshard.ingest.api.ContributionSources;
import io.skyshard.replication.transaction.ContributionRecord;
import io.skyshard.replication.transaction.TransactionRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * What a loader (the {@code skyshard ingest} CLI, a dataset load) asks of the ingest system, over
 * the controller's REST API ({@link RestIngestClient}) or inside the controller's process
 * ({@link LocalIngestClient}). Errors are SkyshardExceptions carrying the server's code and message.
 */
public interface IngestClient extends AutoCloseable {
    /** Whether the database exists (published or not). */
    boolean databaseExists(String database);

    /** Creates a database, unpublished until {@link #publish}. */
    void createDatabase(DatabaseDef database);

    /** Creates a table from its definition. */
    void createTable(TableDef table);

    /** Creates a table from a Qserv table JSON document or {@code {"ddl": "CREATE TABLE ..."}}; returns its definition. */
    TableDef createTable(String database, String json);

    List<TableDef> tables(String database);

    /** Adds a view over a table of the database. */
    void createView(String database, ViewDef view);

    TransactionRecord begin(String database, String note);

    /**
     * Loads a file as one contribution; {@code spec.path()} unset. The REST client uploads it; with
     * {@code serverSide} it only names the path, which the controller then reads itself.
     *
     * @param sent called with the input bytes sent so far (progress)
     */
    ContributionRecord contribute(long transactionId, ContributionSources.Spec spec, Path file, boolean serverSide, LongConsumer sent);

    TransactionRecord commit(long transactionId);

    TransactionRecord abort(long transactionId, String reason);

    TransactionRecord transaction(long transactionId);

    List<ContributionRecord> contributions(long transactionId);

    void publish(String database);

    @Override
    void close();
}
