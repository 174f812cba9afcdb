/**
 * Near caches: one {@link io.hstorekv.internal.near.NearCache} per cached namespace, a W-TinyLFU
 * {@code io.hstorekv.cache.BoundedCache} of entries (a string's value, a small hash, a type, or the
 * key's absence), kept coherent by {@link io.hstorekv.internal.near.NearCaches}, which listens to the
 * store's change feed and runs transaction-end invalidations; {@link io.hstorekv.internal.near.KeyWrites}
 * drops a key locally as soon as its write returns (read-your-writes). The coherence design (change
 * log, horizon, staleness bound, failures) is written up in {@code internal.store}'s package notes,
 * beside the SQL it relies on. Uses {@code internal.store} and {@code cache}; never the API.
 */
package io.hstorekv.internal.near;
