package io.hstorekv.server;

/** The MATCH / COUNT (/ NOVALUES) options of HSCAN and SSCAN; COUNT is checked, then moot (one page). */
record ScanOptions(String pattern, boolean noValues) {

    static ScanOptions parse(Args a, int from, boolean allowNoValues) {
        String pattern = "*";
        boolean noValues = false;
        for (int i = from; i < a.count(); i++) {
            String option = a.option(i);
            if (option.equals("NOVALUES") && allowNoValues) {
                noValues = true;
            } else if (i + 1 < a.count() && option.equals("MATCH")) {
                pattern = a.text(++i);
            } else if (i + 1 < a.count() && option.equals("COUNT")) {
                if (a.integer(++i) < 1) {
                    throw RedisError.syntax();
                }
            } else {
                throw RedisError.syntax();
            }
        }
        return new ScanOptions(pattern, noValues);
    }
}
