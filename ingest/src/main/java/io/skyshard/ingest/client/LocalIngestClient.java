package io.skyshard.ingest.client;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.catalog.DatabaseDef;
import io.skyshard.common.catalog.TableDef;
import io.skyshard.common.catalog.ViewDef;
import io.skyshard.common.error.SkyshardException;
import io.skyshard.ingest.api.ContributionSources;
import io.skyshard.ingest.load.ProgressListener;
import io.skyshard.ingest.schema.Json;
import io.skyshard.ingest.schema.QservTableConfig;
import io.skyshard.ingest.service.IngestService;
import io.skyshard.replication.ReplicationErrorCode;
import io.skyshard.replication.transaction.ContributionRecord;
import io.skyshard.replication.transaction.TransactionRecord;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongConsumer;

/** The ingest system in this process (the controller's own, or a test's): no HTTP in between. */
public final class LocalIngestClient implements IngestClient {
    private final IngestService service;
    private final ContributionSources sources;

    public LocalIngestClient(IngestService service, Path spoolDir) {
        this.service = requireNonNull(service, "service");
        this.sources = new ContributionSources(spoolDir);
    }

    @Override
    public boolean databaseExists(String database) {
        return service.store().catalog().database(database).isPresent();
    }

    @Override
    public void createDatabase(DatabaseDef database) {
        service.createDatabase(database);
    }

    @Override
    public void createView(String database, ViewDef view) {
        service.createView(database, view);
    }

    @Override
    public void createTable(TableDef table) {
        service.createTable(table);
    }

    @Override
    public TableDef createTable(String database, String json) {
        TableDef t = QservTableConfig.parse(Json.readObject(json, "table definition"), database).toTableDef(database);
        service.createTable(t);
        return t;
    }

    @Override
    public List<TableDef> tables(String database) {
        return service.store().catalog().tables(database);
    }

    @Override
    public TransactionRecord begin(String database, String note) {
        return service.begin(database, note);
    }

    @Override
    public ContributionRecord contribute(long transactionId, ContributionSources.Spec spec, Path file, boolean serverSide,
            LongConsumer sent) {
        TransactionRecord txn = transaction(transactionId);
        if (serverSide) {
            ContributionSources.Spec withPath = new ContributionSources.Spec(spec.table(), file.toString(), null, spec.format(),
                    spec.delimiter(), spec.quote(), spec.escape(), spec.nullMarker(), spec.charset(), spec.header(), spec.columns(),
                    spec.key(), spec.name() == null ? file.toString() : spec.name(), spec.unknownKeys(), spec.chunk(), spec.overlap());
            ContributionRecord c = sources.contribute(service, txn, withPath, null, ProgressListener.NONE);
            sent.accept(size(file));
            return c;
        }
        try (InputStream in = Files.newInputStream(file)) {
            ContributionSources.Spec named = spec.name() != null ? spec : new ContributionSources.Spec(spec.table(), null, null,
                    spec.format(), spec.delimiter(), spec.quote(), spec.escape(), spec.nullMarker(), spec.charset(), spec.header(),
                    spec.columns(), spec.key(), file.toString(), spec.unknownKeys(), spec.chunk(), spec.overlap());
            ContributionRecord c = sources.contribute(service, txn, named, in, ProgressListener.NONE);
            sent.accept(size(file));
            return c;
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": " + e.getMessage(), e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0;
        }
    }

    @Override
    public TransactionRecord commit(long transactionId) {
        return service.commit(transactionId);
    }

    @Override
    public TransactionRecord abort(long transactionId, String reason) {
        return service.abort(transactionId, reason);
    }

    @Override
    public TransactionRecord transaction(long transactionId) {
        return service.store().transaction(transactionId).orElseThrow(() -> new SkyshardException(
                ReplicationErrorCode.UNKNOWN_TRANSACTION, "unknown transaction " + transactionId));
    }

    @Override
    public List<ContributionRecord> contributions(long transactionId) {
        return service.contributions(transactionId);
    }

    @Override
    public void publish(String database) {
        service.publish(database);
    }

    /** Drops a database (from the registry and the workers). */
    public void dropDatabase(String database) {
        service.dropDatabase(database);
    }

    @Override
    public void close() {
        // the service belongs to whoever created it
    }
}
