package io.customer360.profile.store;

import io.vertx.mutiny.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows turned into one text array per column, for {@code INSERT … SELECT * FROM unnest($1::text[], …)}: a whole
 * batch in one statement. Every column travels as text and the statement casts it ({@code $5::text[]::timestamptz[]}),
 * so a column that is null in every row still has a type.
 */
final class Columns {

    private final int rows;
    private final List<List<String>> columns = new ArrayList<>();

    Columns(int rows) {
        this.rows = rows;
    }

    void add(Object... row) {
        if (columns.isEmpty()) {
            for (int i = 0; i < row.length; i++) {
                columns.add(new ArrayList<>(rows));
            }
        }
        for (int i = 0; i < row.length; i++) {
            columns.get(i).add(row[i] == null ? null : row[i].toString());
        }
    }

    boolean isEmpty() {
        return columns.isEmpty();
    }

    Tuple tuple() {
        Tuple tuple = Tuple.tuple();
        columns.forEach(column -> tuple.addArrayOfString(column.toArray(String[]::new)));
        return tuple;
    }
}
