package io.skyshard.tap.http;

import io.skyshard.common.catalog.TableKind;
import io.skyshard.tap.TapConfig;
import io.skyshard.tap.adql.AdqlNames;
import io.skyshard.tap.adql.TapColumn;
import io.skyshard.tap.adql.TapTable;
import io.skyshard.tap.output.ResponseFormat;
import io.skyshard.tap.output.Xml;
import io.skyshard.tap.schema.TapMetadata;
import java.util.List;

/**
 * VOSI documents (capabilities with TAPRegExt, availability, tables) and the DALI examples page.
 * The capabilities list exactly the optional ADQL features the translator implements; everything
 * else (UNION and the other set operations, WITH, subqueries, bitwise operators, REGION, CENTROID)
 * is absent, and the translator refuses it by name.
 */
final class VosiDocuments {
    private static final String HEADER = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
    private static final String FEATURES = "ivo://ivoa.net/std/TAPRegExt#features-";

    private VosiDocuments() {
    }

    static String capabilities(String base, TapConfig config) {
        StringBuilder b = new StringBuilder(HEADER);
        b.append("<vosi:capabilities xmlns:vosi=\"http://www.ivoa.net/xml/VOSICapabilities/v1.0\"")
                .append(" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"")
                .append(" xmlns:vr=\"http://www.ivoa.net/xml/VOResource/v1.0\"")
                .append(" xmlns:vs=\"http://www.ivoa.net/xml/VODataService/v1.1\"")
                .append(" xmlns:tr=\"http://www.ivoa.net/xml/TAPRegExt/v1.0\">\n");
        b.append("  <capability standardID=\"ivo://ivoa.net/std/TAP\" xsi:type=\"tr:TableAccess\">\n");
        b.append("    <interface xsi:type=\"vs:ParamHTTP\" role=\"std\" version=\"1.1\">\n");
        b.append("      <accessURL use=\"base\">").append(Xml.escape(base)).append("</accessURL>\n");
        b.append("    </interface>\n");
        b.append("    <language>\n      <name>ADQL</name>\n");
        b.append("      <version ivo-id=\"ivo://ivoa.net/std/ADQL#v2.0\">2.0</version>\n");
        b.append("      <version ivo-id=\"ivo://ivoa.net/std/ADQL#v2.1\">2.1</version>\n");
        b.append("      <description>ADQL 2.1 translated to Skyshard's Qserv dialect. Positions are ICRS; a CONTAINS of a"
                + " director table's position in a constant CIRCLE, BOX or POLYGON, or a DISTANCE to a constant point"
                + " below a constant radius, restricts the query to the chunks of that region. Not supported: set"
                + " operations, WITH, subqueries, bitwise operators, REGION, CENTROID. Also available: COALESCE, CASE.</description>\n");
        features(b, "adqlgeo", "POINT", "CIRCLE", "BOX", "POLYGON", "CONTAINS", "INTERSECTS", "DISTANCE", "COORD1",
                "COORD2", "AREA");
        features(b, "adql-string", "LOWER", "UPPER", "ILIKE");
        features(b, "adql-offset", "OFFSET");
        features(b, "adql-type", "CAST");
        features(b, "adql-unit", "IN_UNIT");
        b.append("    </language>\n");
        for (ResponseFormat f : ResponseFormat.values()) {
            String id = switch (f) {
                case VOTABLE_BINARY2 -> " ivo-id=\"ivo://ivoa.net/std/TAPRegExt#output-votable-binary2\"";
                case VOTABLE_TABLEDATA -> " ivo-id=\"ivo://ivoa.net/std/TAPRegExt#output-votable-td\"";
                default -> "";
            };
            b.append("    <outputFormat").append(id).append(">\n      <mime>").append(Xml.escape(f.mimeType()))
                    .append("</mime>\n      <alias>").append(Xml.escape(f.aliases().get(0))).append("</alias>\n    </outputFormat>\n");
        }
        b.append("    <uploadMethod ivo-id=\"ivo://ivoa.net/std/TAPRegExt#upload-inline\"/>\n");
        // TAP 1.1 makes HTTP uploads mandatory with uploads; which hosts may be fetched from is configuration
        b.append("    <uploadMethod ivo-id=\"ivo://ivoa.net/std/TAPRegExt#upload-http\"/>\n");
        b.append("    <retentionPeriod>\n      <default>").append(config.defaultRetention().toSeconds())
                .append("</default>\n      <hard>").append(config.maxRetention().toSeconds()).append("</hard>\n    </retentionPeriod>\n");
        b.append("    <executionDuration>\n      <default>").append(config.defaultExecution().toSeconds())
                .append("</default>\n      <hard>").append(config.maxExecution().toSeconds()).append("</hard>\n    </executionDuration>\n");
        b.append("    <outputLimit>\n      <default unit=\"row\">").append(config.defaultMaxrec())
                .append("</default>\n      <hard unit=\"row\">").append(config.maxrecLimit()).append("</hard>\n    </outputLimit>\n");
        b.append("    <uploadLimit>\n      <hard unit=\"byte\">").append(config.maxUploadBytes())
                .append("</hard>\n    </uploadLimit>\n");
        b.append("  </capability>\n");
        vosi(b, "ivo://ivoa.net/std/VOSI#capabilities", base + "/capabilities");
        vosi(b, "ivo://ivoa.net/std/VOSI#availability", base + "/availability");
        vosi(b, "ivo://ivoa.net/std/VOSI#tables-1.1", base + "/tables");
        vosi(b, "ivo://ivoa.net/std/DALI#examples", base + "/examples");
        return b.append("</vosi:capabilities>\n").toString();
    }

    private static void features(StringBuilder b, String type, String... forms) {
        b.append("      <languageFeatures type=\"").append(FEATURES).append(type).append("\">\n");
        for (String f : forms) {
            b.append("        <feature>\n          <form>").append(Xml.escape(f)).append("</form>\n        </feature>\n");
        }
        b.append("      </languageFeatures>\n");
    }

    private static void vosi(StringBuilder b, String standardId, String url) {
        b.append("  <capability standardID=\"").append(standardId).append("\">\n")
                .append("    <interface xsi:type=\"vs:ParamHTTP\">\n      <accessURL use=\"full\">").append(Xml.escape(url))
                .append("</accessURL>\n    </interface>\n  </capability>\n");
    }

    static String availability(boolean available, String note) {
        return HEADER + "<vosi:availability xmlns:vosi=\"http://www.ivoa.net/xml/VOSIAvailability/v1.0\">\n"
                + "  <vosi:available>" + available + "</vosi:available>\n"
                + "  <vosi:note>" + Xml.escape(note) + "</vosi:note>\n</vosi:availability>\n";
    }

    private static final String TABLES_NS = " xmlns:vosi=\"http://www.ivoa.net/xml/VOSITables/v1.0\""
            + " xmlns:vs=\"http://www.ivoa.net/xml/VODataService/v1.1\""
            + " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"";

    /** The tableset; {@code withColumns} false gives VOSI 1.1's detail=min (tables without columns). */
    static String tableset(TapMetadata m, boolean withColumns) {
        StringBuilder b = new StringBuilder(HEADER);
        b.append("<vosi:tableset").append(TABLES_NS).append(">\n");
        for (String schema : m.schemaNames()) {
            b.append("  <schema>\n    <name>").append(Xml.escape(schema)).append("</name>\n");
            b.append("    <description>").append(Xml.escape(schema.equals(TapMetadata.TAP_SCHEMA)
                    ? "Metadata of this TAP service" : "Catalog database " + schema)).append("</description>\n");
            for (TapTable t : m.publishedTables()) {
                if (t.schema().equals(schema)) {
                    table(b, m, t, withColumns, "    ", "table");
                }
            }
            b.append("  </schema>\n");
        }
        return b.append("</vosi:tableset>\n").toString();
    }

    static String table(TapMetadata m, TapTable t) {
        StringBuilder b = new StringBuilder(HEADER);
        StringBuilder inner = new StringBuilder();
        table(inner, m, t, true, "", "vosi:table");
        // the root element carries the namespace declarations
        b.append(inner.toString().replaceFirst("<vosi:table", "<vosi:table" + TABLES_NS));
        return b.toString();
    }

    private static void table(StringBuilder b, TapMetadata m, TapTable t, boolean withColumns, String indent, String element) {
        b.append(indent).append("<").append(element).append(" type=\"table\">\n");
        b.append(indent).append("  <name>").append(Xml.escape(t.qualifiedName())).append("</name>\n");
        if (t.description() != null) {
            b.append(indent).append("  <description>").append(Xml.escape(t.description())).append("</description>\n");
        }
        if (withColumns) {
            for (TapColumn c : t.columns()) {
                column(b, c, t, indent + "  ");
            }
            for (TapMetadata.ForeignKey k : m.keys()) {
                if (k.from().equals(t)) {
                    b.append(indent).append("  <foreignKey>\n").append(indent).append("    <targetTable>")
                            .append(Xml.escape(k.target().qualifiedName())).append("</targetTable>\n");
                    for (int i = 0; i < k.fromColumns().size(); i++) {
                        b.append(indent).append("    <fkColumn>\n").append(indent).append("      <fromColumn>")
                                .append(Xml.escape(AdqlNames.published(k.fromColumns().get(i)))).append("</fromColumn>\n").append(indent)
                                .append("      <targetColumn>").append(Xml.escape(AdqlNames.published(k.targetColumns().get(i))))
                                .append("</targetColumn>\n").append(indent).append("    </fkColumn>\n");
                    }
                    b.append(indent).append("    <description>").append(Xml.escape(k.description()))
                            .append("</description>\n").append(indent).append("  </foreignKey>\n");
                }
            }
        }
        b.append(indent).append("</").append(element).append(">\n");
    }

    private static void column(StringBuilder b, TapColumn c, TapTable t, String indent) {
        b.append(indent).append("<column>\n");
        b.append(indent).append("  <name>").append(Xml.escape(AdqlNames.published(c.name()))).append("</name>\n");
        if (c.description() != null) {
            b.append(indent).append("  <description>").append(Xml.escape(c.description())).append("</description>\n");
        }
        if (c.unit() != null) {
            b.append(indent).append("  <unit>").append(Xml.escape(c.unit())).append("</unit>\n");
        }
        if (c.ucd() != null) {
            b.append(indent).append("  <ucd>").append(Xml.escape(c.ucd())).append("</ucd>\n");
        }
        if (c.utype() != null) {
            b.append(indent).append("  <utype>").append(Xml.escape(c.utype())).append("</utype>\n");
        }
        b.append(indent).append("  <dataType xsi:type=\"vs:VOTableType\"");
        if (c.arraysize() != null) {
            b.append(" arraysize=\"").append(c.arraysize()).append("\"");
        }
        if (c.xtype() != null) {
            b.append(" extendedType=\"").append(c.xtype()).append("\"");
        }
        b.append(">").append(c.datatype()).append("</dataType>\n");
        if (c.indexed()) {
            b.append(indent).append("  <flag>indexed</flag>\n");
        }
        if (t.definition() != null && t.definition().kind() != TableKind.REPLICATED
                && c.name().equalsIgnoreCase(String.valueOf(t.definition().directorKey()))
                && t.definition().kind() == TableKind.DIRECTOR) {
            b.append(indent).append("  <flag>primary</flag>\n");
        }
        if (c.nullable()) {
            b.append(indent).append("  <flag>nullable</flag>\n");
        }
        if (c.principal()) {
            b.append(indent).append("  <flag>principal</flag>\n");
        }
        b.append(indent).append("</column>\n");
    }

    /** The DALI examples document: queries built from the catalog's own tables, each runnable as is. */
    static String examples(TapMetadata m) {
        StringBuilder b = new StringBuilder(HEADER);
        b.append("<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/1999/xhtml\" xml:lang=\"en\">\n")
                .append("<head><title>Skyshard TAP examples</title></head>\n")
                .append("<body vocab=\"http://www.ivoa.net/rdf/examples#\">\n<h1>Example queries</h1>\n");
        example(b, "tap-schema-tables", "List the tables of this service", "TAP_SCHEMA is the service's own description.",
                "SELECT table_name, description FROM TAP_SCHEMA.tables ORDER BY table_name", List.of("TAP_SCHEMA.tables"));
        for (TapTable t : m.catalogTables()) {
            if (t.definition() == null || t.definition().kind() != TableKind.DIRECTOR || t.definition().raColumn() == null) {
                continue;
            }
            String ra = t.definition().raColumn();
            String dec = t.definition().decColumn();
            String key = t.definition().directorKey();
            String id = t.schema().toLowerCase(java.util.Locale.ROOT) + "-" + t.name().toLowerCase(java.util.Locale.ROOT);
            example(b, id + "-cone", "Cone search in " + t.qualifiedName(),
                    "Rows within 0.1 degree of a position; only the chunks the circle touches are read.",
                    "SELECT TOP 100 " + key + ", " + ra + ", " + dec + " FROM " + t.qualifiedName() + " WHERE 1 = CONTAINS(POINT('ICRS', "
                            + ra + ", " + dec + "), CIRCLE('ICRS', 150.1, 2.2, 0.1))", List.of(t.qualifiedName()));
            example(b, id + "-count", "Count the rows of " + t.qualifiedName(),
                    "A full-table aggregate, answered by every worker in parallel.",
                    "SELECT COUNT(*) AS n FROM " + t.qualifiedName(), List.of(t.qualifiedName()));
        }
        return b.append("</body>\n</html>\n").toString();
    }

    private static void example(StringBuilder b, String id, String name, String text, String query, List<String> tables) {
        b.append("<div typeof=\"example\" id=\"").append(Xml.escape(id)).append("\" resource=\"#").append(Xml.escape(id))
                .append("\">\n  <h2 property=\"name\">").append(Xml.escape(name)).append("</h2>\n  <p>").append(Xml.escape(text))
                .append("</p>\n  <pre class=\"dali-example\" property=\"query\">").append(Xml.escape(query)).append("</pre>\n");
        for (String t : tables) {
            b.append("  <p>Table: <span property=\"table\">").append(Xml.escape(t)).append("</span></p>\n");
        }
        b.append("</div>\n");
    }
}
