package io.hstorekv.testing;

import io.hstorekv.HstoreKv;
import io.hstorekv.Namespace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** A store per test class (its own schema), a fresh namespace per test, and a hand-moved clock. */
public abstract class StoreTestBase {
    protected static final MutableClock clock = new MutableClock();
    protected static String schema;
    protected static HstoreKv kv;
    protected Namespace ns;

    @BeforeAll
    protected static void openStore() {
        schema = StoreFixture.uniqueName("t");
        kv = StoreFixture.open(schema, clock);
    }

    @AfterAll
    protected static void closeStore() {
        kv.close();
    }

    @BeforeEach
    protected void freshNamespace() {
        ns = kv.namespace(StoreFixture.uniqueName("ns"));
    }
}
