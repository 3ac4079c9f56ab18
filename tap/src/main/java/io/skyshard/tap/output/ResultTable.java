package io.skyshard.tap.output;

import static java.util.Objects.requireNonNull;

import io.skyshard.common.error.SkyshardException;
import io.skyshard.czar.query.QueryResult;
import io.skyshard.czar.query.ResultColumn;
import io.skyshard.tap.TapErrorCode;
import io.skyshard.tap.adql.OutputColumn;
import io.skyshard.tap.adql.VoTypes;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import uk.ac.starlink.table.AbstractStarTable;
import uk.ac.starlink.table.ColumnInfo;
import uk.ac.starlink.table.DescribedValue;
import uk.ac.starlink.table.RowSequence;
import uk.ac.starlink.table.Tables;

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
            VoTypes.VoType type = voType(t);
            ColumnInfo info = new ColumnInfo(meta.name(), type.javaClass(), meta.description());
            info.setUnitString(blankToNull(meta.unit()));
            info.setUCD(blankToNull(meta.ucd()));
            // a column shown as is keeps its declared xtype (e.g. an uploaded timestamp held as text)
            info.setXtype(meta.source() != null && meta.source().voType().javaClass() == type.javaClass()
                    ? meta.source().xtype() : type.xtype());
            if (type.unsignedBytes()) {
                info.setAuxDatum(new DescribedValue(Tables.UBYTE_FLAG_INFO, Boolean.TRUE));
            }
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

    /** The same mapping TAP_SCHEMA declares catalog columns with, so declared and result types agree. */
    static VoTypes.VoType voType(ResultColumn c) {
        return VoTypes.of(c.type(), c.precision(), c.scale());
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
                        // a row beyond MAXREC means the result was cut; with MAXREC=0 (metadata only)
                        // the table is empty and overflows only when the query has rows at all
                        overflowed = result.next();
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
                    values[i] = convert(result.value(i), infos[i]);
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

    private static Object convert(Object v, ColumnInfo column) {
        try {
            return convert(v, column.getContentClass());
        } catch (ArithmeticException e) {
            throw new SkyshardException(TapErrorCode.ADQL_UNSUPPORTED, "column " + column.getName() + ": value " + v
                    + " does not fit a VOTable " + column.getContentClass().getSimpleName().toLowerCase(Locale.ROOT), e);
        }
    }

    static Object convert(Object v, Class<?> target) {
        if (v == null) {
            return null;
        }
        if (target == String.class) {
            return switch (v) {
                case byte[] b -> new String(b, StandardCharsets.UTF_8);
                // DALI timestamps: seconds are always written (LocalDateTime.toString drops ":00")
                case LocalDateTime t -> t.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME);
                case LocalTime t -> t.format(DateTimeFormatter.ISO_LOCAL_TIME);
                default -> v.toString();
            };
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
                return b.longValueExact();
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
