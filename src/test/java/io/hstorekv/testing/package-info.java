/**
 * What tests share: the test database ({@link io.hstorekv.testing.TestDatabase}: a JDBC URL from the
 * environment, else Testcontainers, else embedded PostgreSQL), stores on it
 * ({@link io.hstorekv.testing.StoreFixture}, {@link io.hstorekv.testing.StoreTestBase}), a hand-moved
 * clock ({@link io.hstorekv.testing.MutableClock}), our server and a real redis-server
 * ({@link io.hstorekv.testing.TestServer}, {@link io.hstorekv.testing.RedisPeer}) and a raw RESP
 * client ({@link io.hstorekv.testing.RespClient}).
 */
package io.hstorekv.testing;
