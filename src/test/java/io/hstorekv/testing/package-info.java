/**
 * Test support shared by every test package, so that a test says what it checks and borrows the
 * rest from here instead of from another test class.
 *
 * <ul>
 *   <li>{@link io.hstorekv.testing.TestDatabase}: the real PostgreSQL all tests use (external URL,
 *       Testcontainers or embedded), started once per JVM.</li>
 *   <li>{@link io.hstorekv.testing.StoreFixture} and {@link io.hstorekv.testing.StoreTestBase}: a
 *       store per test class in a schema of its own, a fresh namespace per test.</li>
 *   <li>{@link io.hstorekv.testing.MutableClock}: time moved by hand, so expiry needs no sleeping;
 *       {@link io.hstorekv.testing.Await}: a bounded wait for effects that happen in the
 *       background.</li>
 *   <li>{@link io.hstorekv.testing.TestSql}: plain SQL to look at or prepare what the store keeps.</li>
 *   <li>{@link io.hstorekv.testing.TestServer}, {@link io.hstorekv.testing.RespClient},
 *       {@link io.hstorekv.testing.RedisPeer}: our Redis server, a raw RESP client, and a real
 *       {@code redis-server} to compare with; {@link io.hstorekv.testing.ServeCommandLine}: the
 *       {@code serve} command's options as the command line parses them.</li>
 * </ul>
 */
package io.hstorekv.testing;
