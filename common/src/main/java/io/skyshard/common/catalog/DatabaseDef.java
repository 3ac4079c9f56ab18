package io.skyshard.common.catalog;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A database (a catalog release), its partitioning and its views. */
public record DatabaseDef(String name, Partitioning partitioning, List<ViewDef> views) {
    public DatabaseDef {
        requireNonNull(name, "name");
        requireNonNull(partitioning, "partitioning");
        views = views == null ? List.of() : List.copyOf(views);
    }

    public DatabaseDef(String name, Partitioning partitioning) {
        this(name, partitioning, List.of());
    }

    /** The view named {@code view}, ignoring case as table lookups do. */
    public Optional<ViewDef> view(String view) {
        return views.stream().filter(v -> v.name().equalsIgnoreCase(view)).findFirst();
    }

    /** This database with one more view. */
    public DatabaseDef withView(ViewDef view) {
        List<ViewDef> all = new ArrayList<>(views);
        all.add(view);
        return new DatabaseDef(name, partitioning, all);
    }
}
