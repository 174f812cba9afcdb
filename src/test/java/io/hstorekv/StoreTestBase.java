package io.hstorekv;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** A store per test class (its own schema), a fresh namespace per test, and a hand-moved clock. */
abstract class StoreTestBase {
    static final MutableClock clock = new MutableClock();
    static String schema;
    static HstoreKv kv;
    Namespace ns;

    @BeforeAll
    static void openStore() {
        schema = StoreFixture.uniqueName("t");
        kv = StoreFixture.open(schema, clock);
    }

    @AfterAll
    static void closeStore() {
        kv.close();
    }

    @BeforeEach
    void freshNamespace() {
        ns = kv.namespace(StoreFixture.uniqueName("ns"));
    }
}
