package io.skyshard.tap.schema;

import io.skyshard.common.catalog.ColumnDef;
import io.skyshard.common.catalog.ColumnType;
import io.skyshard.common.catalog.TableDef;
import io.skyshard.common.catalog.TableKind;
import io.skyshard.tap.adql.AdqlNames;
import io.skyshard.tap.adql.TapColumn;
import io.skyshard.tap.adql.TapTable;
import java.util.ArrayList;
import java.util.List;

/**
 * The five TAP_SCHEMA 1.1 tables (schemas, tables, columns, keys, key_columns) with the columns
 * and descriptions the standard gives them, and the rows describing a {@link TapMetadata},
 * TAP_SCHEMA included (it describes itself).
 */
final class TapSchemaTables {
    private static final String DB = TapMetadata.TAP_SCHEMA;

    private TapSchemaTables() {
    }

    static List<TapTable> tables() {
        return List.of(
                table("schemas", "Schemas published by this service", List.of(
                        col("schema_name", "schema name for reference to tables", true, "meta.id;meta.main"),
                        col("utype", "lists the utypes of schemas", false, null),
                        col("description", "describes schemas", true, "meta.note"),
                        intCol("schema_index", "recommended sort order when listing schemas", false))),
                table("tables", "Tables published by this service", List.of(
                        col("schema_name", "the schema this table belongs to", true, "meta.id"),
                        col("table_name", "the fully qualified table name", true, "meta.id;meta.main"),
                        col("table_type", "one of: table or view", true, null),
                        col("utype", "lists the utype of tables", false, null),
                        col("description", "describes tables", true, "meta.note"),
                        intCol("table_index", "recommended sort order when listing tables", false))),
                table("columns", "Columns of the published tables", List.of(
                        col("table_name", "the table this column belongs to", true, "meta.id"),
                        col("column_name", "the column name", true, "meta.id;meta.main"),
                        col("datatype", "lists the ADQL datatype of columns", true, null),
                        col("arraysize", "lists the size of variable-length columns", false, null),
                        col("xtype", "a DALI or custom extended type annotation", false, null),
                        intCol("size", "deprecated: use arraysize", false),
                        col("utype", "lists the utypes of columns", false, null),
                        col("unit", "lists the unit used for column values", true, null),
                        col("ucd", "lists the UCDs of columns", true, null),
                        col("description", "describes the columns", true, "meta.note"),
                        intCol("principal", "a principal column; 1 means 1, 0 means 0", false),
                        intCol("indexed", "an indexed column; 1 means 1, 0 means 0", false),
                        intCol("std", "a standard column; 1 means 1, 0 means 0", false),
                        intCol("column_index", "recommended sort order when listing columns", false))),
                table("keys", "Foreign keys between published tables", List.of(
                        col("key_id", "unique key identifier", true, "meta.id;meta.main"),
                        col("from_table", "fully qualified table name", true, null),
                        col("target_table", "fully qualified table name", true, null),
                        col("utype", "lists the utype of keys", false, null),
                        col("description", "describes keys", true, "meta.note"))),
                table("key_columns", "Columns of the foreign keys", List.of(
                        col("key_id", "key identifier from TAP_SCHEMA.keys", true, "meta.id"),
                        col("from_column", "key column name in the from_table", true, null),
                        col("target_column", "key column name in the target_table", true, null))));
    }

    static List<TapMetadata.ForeignKey> keys(List<TapTable> schemaTables) {
        TapTable schemas = schemaTables.get(0);
        TapTable tables = schemaTables.get(1);
        TapTable columns = schemaTables.get(2);
        TapTable keys = schemaTables.get(3);
        TapTable keyColumns = schemaTables.get(4);
        return List.of(
                key("TAP_SCHEMA.tables_schema", tables, schemas, "schema_name", "schema_name"),
                key("TAP_SCHEMA.columns_table", columns, tables, "table_name", "table_name"),
                key("TAP_SCHEMA.keys_from", keys, tables, "from_table", "table_name"),
                key("TAP_SCHEMA.keys_target", keys, tables, "target_table", "table_name"),
                key("TAP_SCHEMA.key_columns_key", keyColumns, keys, "key_id", "key_id"));
    }

    private static TapMetadata.ForeignKey key(String id, TapTable from, TapTable target, String fromColumn, String targetColumn) {
        return new TapMetadata.ForeignKey(id, from, target, List.of(fromColumn), List.of(targetColumn),
                "standard TAP_SCHEMA foreign key");
    }

    private static TapTable table(String name, String description, List<TapColumn> columns) {
        List<ColumnDef> defs = new ArrayList<>();
        for (TapColumn c : columns) {
            defs.add(new ColumnDef(c.name(), c.type(), 0, 0, true, null, c.ucd(), c.description()));
        }
        TableDef def = new TableDef(DB, name, TableKind.REPLICATED, defs, null, null, null, null, description);
        return new TapTable(DB, name, TapTable.Source.TAP_SCHEMA, description, columns, DB, name, def);
    }

    private static TapColumn col(String name, String description, boolean principal, String ucd) {
        return new TapColumn(name, ColumnType.VARCHAR, true, null, ucd, null, description, principal, false, null);
    }

    private static TapColumn intCol(String name, String description, boolean principal) {
        return new TapColumn(name, ColumnType.INTEGER, true, null, null, null, description, principal, false, null);
    }

    /** The rows of each TAP_SCHEMA table, in {@link #tables()} order; values match the column types. */
    static List<List<Object[]>> rows(TapMetadata metadata) {
        List<Object[]> schemas = new ArrayList<>();
        List<String> schemaNames = metadata.schemaNames();
        for (int i = 0; i < schemaNames.size(); i++) {
            String s = schemaNames.get(i);
            String description = s.equals(DB) ? "Metadata of this TAP service (TAP 1.1)"
                    : "Catalog database " + s;
            schemas.add(new Object[] {s, null, description, i});
        }
        List<Object[]> tables = new ArrayList<>();
        List<Object[]> columns = new ArrayList<>();
        List<TapTable> published = metadata.publishedTables();
        for (int t = 0; t < published.size(); t++) {
            TapTable table = published.get(t);
            tables.add(new Object[] {table.schema(), table.qualifiedName(), "table", null, table.description(), t});
            for (int c = 0; c < table.columns().size(); c++) {
                TapColumn col = table.columns().get(c);
                boolean std = table.source() == TapTable.Source.TAP_SCHEMA;
                columns.add(new Object[] {table.qualifiedName(), AdqlNames.published(col.name()), col.datatype(), col.arraysize(), col.xtype(),
                        null, col.utype(), col.unit(), col.ucd(), col.description(), col.principal() ? 1 : 0,
                        col.indexed() ? 1 : 0, std ? 1 : 0, c});
            }
        }
        List<Object[]> keys = new ArrayList<>();
        List<Object[]> keyColumns = new ArrayList<>();
        for (TapMetadata.ForeignKey k : metadata.keys()) {
            keys.add(new Object[] {k.id(), k.from().qualifiedName(), k.target().qualifiedName(), null, k.description()});
            for (int i = 0; i < k.fromColumns().size(); i++) {
                keyColumns.add(new Object[] {k.id(), AdqlNames.published(k.fromColumns().get(i)),
                        AdqlNames.published(k.targetColumns().get(i))});
            }
        }
        return List.of(schemas, tables, columns, keys, keyColumns);
    }
}
