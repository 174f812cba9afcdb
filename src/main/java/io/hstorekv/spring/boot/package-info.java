/**
 * Spring Boot auto-configuration: an {@link io.hstorekv.HstoreKv} on the application's
 * {@code DataSource}, the Spring cache manager, cache meters and a health indicator, each backing
 * off when the application defines its own. Spring Boot is an optional dependency.
 */
package io.hstorekv.spring.boot;
