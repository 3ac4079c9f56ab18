package io.skyshard.czar.query;

import static java.util.Objects.requireNonNull;

/**
 * One client connection's state. Mutable by design: {@code USE db} changes the default database of
 * the connection it was sent on; each front-end connection owns exactly one Session.
 */
public final class Session {
    private final String user;
    private volatile String database;

    public Session(String user, String database) {
        this.user = requireNonNull(user, "user");
        this.database = database;
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
}
