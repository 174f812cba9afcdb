/**
 * Micrometer meters for hstore-kv's near caches, by {@code CacheMeterBinder}'s conventions. Micrometer
 * is an optional dependency; only this package (and the Boot auto-configuration) uses it.
 */
package io.hstorekv.metrics;
