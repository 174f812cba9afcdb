/**
 * Spring's cache abstraction on hstore-kv: {@link io.hstorekv.spring.cache.HstoreKvCacheManager}
 * and {@link io.hstorekv.spring.cache.HstoreKvCache}, one namespace per cache. Uses the public API
 * only; Spring is an optional dependency.
 */
package io.hstorekv.spring.cache;
