package io.skyshard.tap.output;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.catalog.ColumnType;
import io.skyshard.czar.query.QueryResult;
import io.skyshard.czar.query.ResultColumn;
import io.skyshard.tap.adql.OutputColumn;
import io.skyshard.tap.adql.VoTypes;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import uk.ac.starlink.table.AbstractStarTable;
import uk.ac.starlink.table.ColumnInfo;
import uk.ac.starlink.table.RowSequence;

/**
 * A query result as a STIL table, read once and streamed: at most {@code maxrec} rows are handed
 * out, and a further row marks the result as cut ({@link #overflowed()}). Values are converted to
 * the one Java class per column that the VOTable FIELD declares.
 */
public final class ResultTable extends AbstractStarTable {
    private final QueryResult result;
    private final List<ResultColumn> types;
    private final ColumnInfo[] infos;
    private final long maxrec;
    private boolean opened;
    private boolean overflowed;
    private long rows;

    public ResultTable(QueryResult result, List<OutputColumn> columns, long maxrec) {
        this.result = requireNonNull(result, "result");
        this.types = result.columns();
        this.maxrec = maxrec;
        this.infos = new ColumnInfo[types.size()];
        for (int i = 0; i < types.size(); i++) {
            ResultColumn t = types.get(i);
            OutputColumn meta = i < columns.size() ? columns.get(i) : OutputColumn.computed(t.name(), null, null, null);
            ColumnInfo info = new ColumnInfo(meta.name(), javaClass(t), meta.description());
            info.setUnitString(blankToNull(meta.unit()));
            info.setUCD(blankToNull(meta.ucd()));
            // a column shown as is keeps its declared xtype (e.g. an uploaded timestamp held as text)
            info.setXtype(meta.source() != null && VoTypes.javaClass(meta.source().type(), 0, 0) == javaClass(t)
                    ? meta.source().xtype() : VoTypes.xtype(t.type()));
            info.setNullable(true);
            if (meta.source() != null && meta.source().utype() != null) {
                info.setUtype(meta.source().utype());
            }
            infos[i] = info;
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    static Class<?> javaClass(ResultColumn c) {
        if (c.type() == ColumnType.DECIMAL && c.scale() == 0 && c.precision() > 0 && c.precision() <= 18) {
            return Long.class;
        }
        return VoTypes.javaClass(c.type(), c.precision(), c.scale());
    }

    public List<ColumnInfo> columnInfos() {
        return List.of(infos);
    }

    /** True when the query had more rows than MAXREC (known once the rows have been read). */
    public boolean overflowed() {
        return overflowed;
    }

    public long rowsWritten() {
        return rows;
    }

    @Override
    public int getColumnCount() {
        return infos.length;
    }

    @Override
    public ColumnInfo getColumnInfo(int icol) {
        return infos[icol];
    }

    @Override
    public long getRowCount() {
        return -1;
    }

    @Override
    public RowSequence getRowSequence() throws IOException {
        if (opened) {
            throw new IOException("a query result can be read only once");
        }
        opened = true;
        return new RowSequence() {
            private Object[] row;
            private boolean finished;

            @Override
            public boolean next() throws IOException {
                if (finished) {
                    return false;
                }
                try {
                    if (rows >= maxrec) {
                        // MAXREC=0 asks for the metadata only: the answer is cut by definition
                        overflowed = maxrec == 0 || result.next();
                        finished = true;
                        return false;
                    }
                    if (!result.next()) {
                        finished = true;
                        return false;
                    }
                } catch (RuntimeException e) {
                    throw new IOException(e.getMessage(), e);
                }
                Object[] values = new Object[infos.length];
                for (int i = 0; i < values.length; i++) {
                    values[i] = convert(result.value(i), infos[i].getContentClass());
                }
                row = values;
                rows++;
                return true;
            }

            @Override
            public Object getCell(int icol) {
                return row[icol];
            }

            @Override
            public Object[] getRow() {
                return row;
            }

            @Override
            public void close() {
            }
        };
    }

    /** All rows as lists of converted values (for the CSV and TSV writers). */
    Iterable<Object[]> rowsForText() {
        return () -> {
            RowSequence seq;
            try {
                seq = getRowSequence();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return new java.util.Iterator<>() {
                private Boolean ready;

                @Override
                public boolean hasNext() {
                    if (ready == null) {
                        try {
                            ready = seq.next();
                        } catch (IOException e) {
                            throw new IllegalStateException(e.getMessage(), e);
                        }
                    }
                    return ready;
                }

                @Override
                public Object[] next() {
                    if (!hasNext()) {
                        throw new java.util.NoSuchElementException();
                    }
                    ready = null;
                    try {
                        return seq.getRow();
                    } catch (IOException e) {
                        throw new IllegalStateException(e.getMessage(), e);
                    }
                }
            };
        };
    }

    static Object convert(Object v, Class<?> target) {
        if (v == null) {
            return null;
        }
        if (target == String.class) {
            return v instanceof byte[] b ? new String(b, java.nio.charset.StandardCharsets.UTF_8) : v.toString();
        }
        if (target == Double.class) {
            return v instanceof Number n ? n.doubleValue() : Double.valueOf(v.toString());
        }
        if (target == Float.class) {
            return v instanceof Number n ? n.floatValue() : Float.valueOf(v.toString());
        }
        if (target == Long.class) {
            if (v instanceof BigDecimal d) {
                return d.longValue();
            }
            if (v instanceof BigInteger b) {
                return b.longValue();
            }
            return v instanceof Number n ? n.longValue() : Long.valueOf(v.toString());
        }
        if (target == Integer.class) {
            return v instanceof Number n ? n.intValue() : Integer.valueOf(v.toString());
        }
        if (target == Short.class) {
            return v instanceof Number n ? n.shortValue() : Short.valueOf(v.toString());
        }
        if (target == Boolean.class) {
            return v instanceof Boolean b ? b : v instanceof Number n ? n.longValue() != 0 : Boolean.valueOf(v.toString());
        }
        if (target == short[].class && v instanceof byte[] bytes) {
            short[] out = new short[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                out[i] = (short) (bytes[i] & 0xff);
            }
            return out;
        }
        return v;
    }

    static List<String> names(List<ColumnInfo> infos) {
        List<String> out = new ArrayList<>();
        infos.forEach(i -> out.add(i.getName()));
        return out;
    }
}
