package io.hstorekv.cli;

import io.hstorekv.HstoreKv;
import picocli.CommandLine.Option;

/** The database of {@code import} and {@code export}: the store's schema in an existing PostgreSQL. */
final class DatabaseOptions {
    @Option(names = "--database-url", paramLabel = "JDBC_URL", required = true,
            description = "The PostgreSQL holding the store (and the table to import), e.g. jdbc:postgresql://db:5432/app.")
    String url;

    @Option(names = "--database-user", paramLabel = "USER", description = "User for --database-url.")
    String user;

    @Option(names = "--database-password", paramLabel = "PASSWORD", description = "Password for --database-url.")
    String password;

    @Option(names = "--schema", paramLabel = "SCHEMA", description = "The store's schema (default hstorekv).")
    String schema = "hstorekv";

    /** A store on that database (migrated), with a small pool and no sweeper: a one-off command. */
    HstoreKv open() {
        return HstoreKv.builder().jdbcUrl(url).credentials(user, password).schema(schema).poolSize(2)
                .sweepInterval(null).open();
    }
}
