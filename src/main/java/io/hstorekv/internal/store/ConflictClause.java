package io.hstorekv.internal.store;

/** The ON CONFLICT clause of a bulk insert into a partition (alias {@code e}), for each way of treating existing keys. */
final class ConflictClause {
    private ConflictClause() {}

    /**
     * OVERWRITE replaces a key's entry; SKIP keeps a live one (an expired one counts as absent); FAIL
     * aborts the statement on a live one ({@link SqlState#INVALID_ARGUMENT}), writing nothing.
     * {@code live} says whether the existing entry {@code e} is live.
     */
    static String render(ConflictMode mode, String quotedSchema, String namespace, String live) {
        return render(mode, quotedSchema, namespace, live, "EXCLUDED.type");
    }

    /**
     * The same for a bulk insert that runs as several statements in one transaction (a restore): a
     * key that an earlier statement of the transaction wrote is an error, whatever the mode (a dump
     * holds each key once).
     */
    static String renderOncePerTransaction(ConflictMode mode, String quotedSchema, String namespace, String live) {
        return render(mode, quotedSchema, namespace, live, "CASE WHEN e.xmin = pg_current_xact_id()::xid THEN "
                + SqlState.INVALID_ARGUMENT.raise(quotedSchema, "'key ' || e.key || ' appears more than once'", "NULL::text")
                + " ELSE EXCLUDED.type END");
    }

    private static String render(ConflictMode mode, String quotedSchema, String namespace, String live, String newType) {
        String type = switch (mode) {
            case OVERWRITE, SKIP -> newType;
            case FAIL -> "CASE WHEN " + live + " THEN " + SqlState.INVALID_ARGUMENT.raise(quotedSchema,
                    "'key ' || e.key || ' exists in namespace " + namespace + " (onConflict FAIL)'", "NULL::text")
                    + " ELSE " + newType + " END";
        };
        String condition = mode == ConflictMode.SKIP ? " WHERE NOT " + live : "";
        return " ON CONFLICT (ns, key) DO UPDATE SET type = " + type + ", value = EXCLUDED.value, fields = EXCLUDED.fields, "
                + "version = EXCLUDED.version, expires_at = EXCLUDED.expires_at" + condition;
    }
}
