package io.skyshard.tap.adql;

import java.util.List;
import org.apache.calcite.sql.SqlNode;

/**
 * ADQL geometry values. They exist only during translation: Skyshard has no geometry-typed
 * columns, so every POINT, CIRCLE, BOX and POLYGON is built from numbers and ends up inside a
 * predicate or a number (CONTAINS, INTERSECTS, DISTANCE, COORD1/2, AREA). Coordinates in degrees.
 */
sealed interface Geometry {
    /** The ADQL function name, for messages. */
    String kind();

    record Point(SqlNode ra, SqlNode dec) implements Geometry {
        @Override
        public String kind() {
            return "POINT";
        }
    }

    record Circle(SqlNode ra, SqlNode dec, SqlNode radius) implements Geometry {
        @Override
        public String kind() {
            return "CIRCLE";
        }
    }

    /** Centre, full width along ra and full height along dec (sides on lines of constant ra and dec). */
    record Box(SqlNode ra, SqlNode dec, SqlNode width, SqlNode height) implements Geometry {
        @Override
        public String kind() {
            return "BOX";
        }
    }

    /** Vertices as ra, dec pairs; edges are great-circle arcs. */
    record Polygon(List<SqlNode[]> vertices) implements Geometry {
        public Polygon {
            vertices = List.copyOf(vertices);
        }

        @Override
        public String kind() {
            return "POLYGON";
        }
    }
}
