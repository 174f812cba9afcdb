/**
 * Spring Session on hstore-kv: {@link io.hstorekv.spring.session.HstoreKvSessionRepository}, a
 * {@code FindByIndexNameSessionRepository} whose sessions are hashes of one namespace (attributes
 * as fields, expiry by the store's TTL and sweeper, the principal-name index by hstore containment),
 * with {@link io.hstorekv.spring.session.EnableHstoreKvHttpSession} and a Boot auto-configuration.
 * Spring Session and Boot are optional dependencies: only applications that use them load this.
 */
package io.hstorekv.spring.session;
