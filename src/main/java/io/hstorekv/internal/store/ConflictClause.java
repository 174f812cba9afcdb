package io.hstorekv.internal.store;

/** The ON CONFLICT clause of a bulk insert into a partition (alias {@code e}), for each way of treating existing keys. */
final class ConflictClause {
    private ConflictClause() {}

    /**
     * OVERWRITE replaces a key's entry; SKIP keeps a live one (an expired one counts as absent); FAIL
     * aborts the statement on a live one (SQLSTATE HK005, an IllegalArgumentException), writing nothing.
     * {@code live} says whether the existing entry {@code e} is live.
     */
    static String render(String mode, String quotedSchema, String namespace, String live) {
        return render(mode, quotedSchema, namespace, live, "EXCLUDED.type");
    }

    /**
     * The same for a bulk insert that runs as several statements in one transaction (a restore): a
     * key that an earlier statement of the transaction wrote is an error, whatever the mode (a dump
     * holds each key once).
     */
    static String renderOncePerTransaction(String mode, String quotedSchema, String namespace, String live) {
        return render(mode, quotedSchema, namespace, live, "CASE WHEN e.xmin = pg_current_xact_id()::xid THEN " + quotedSchema
                + ".fail('HK005', 'key ' || e.key || ' appears more than once', NULL::text) ELSE EXCLUDED.type END");
    }

    private static String render(String mode, String quotedSchema, String namespace, String live, String newType) {
        String type = newType;
        String condition = "";
        switch (mode) {
            case "OVERWRITE" -> { }
            case "SKIP" -> condition = " WHERE NOT " + live;
            case "FAIL" -> type = "CASE WHEN " + live + " THEN " + quotedSchema + ".fail('HK005', 'key ' || e.key"
                    + " || ' exists in namespace " + namespace + " (on-conflict fail)', NULL::text) ELSE " + newType + " END";
            default -> throw new IllegalArgumentException("on-conflict must be OVERWRITE, SKIP or FAIL, not " + mode);
        }
        return " ON CONFLICT (ns, key) DO UPDATE SET type = " + type + ", value = EXCLUDED.value, fields = EXCLUDED.fields, "
                + "version = EXCLUDED.version, expires_at = EXCLUDED.expires_at" + condition;
    }
}
