package io.skyshard.czar.query;

import static java.util.Objects.requireNonNull;

/**
 * One client connection's state. Mutable by design: {@code USE db} changes the default database of
 * the connection it was sent on; each front-end connection owns exactly one Session.
 */
public final class Session {
    private final String user;
    private final long connectionId;
    private final String host;
    private volatile String database;

    public Session(String user, String database) {
        this(user, database, 0, "");
    }

    /**
     * @param connectionId the MySQL connection (thread) id, 0 when the front end has none (HTTP)
     * @param host         the client's address, as SHOW PROCESSLIST shows it
     */
    public Session(String user, String database, long connectionId, String host) {
        this.user = requireNonNull(user, "user");
        this.database = database;
        this.connectionId = connectionId;
        this.host = requireNonNull(host, "host");
    }

    public String user() {
        return user;
    }

    /** Default database, or null when none was chosen. */
    public String database() {
        return database;
    }

    public void useDatabase(String database) {
        this.database = database;
    }

    public long connectionId() {
        return connectionId;
    }

    public String host() {
        return host;
    }
}
