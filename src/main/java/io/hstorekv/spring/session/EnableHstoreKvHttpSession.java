package io.hstorekv.spring.session;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.context.annotation.Import;

/**
 * Puts the application's HTTP sessions in hstore-kv: adds Spring Session's
 * {@code springSessionRepositoryFilter} backed by a {@link HstoreKvSessionRepository} on the
 * application's {@link io.hstorekv.HstoreKv} bean. Without Spring Boot, register the filter with the
 * servlet container as Spring Session documents; with Boot, the auto-configuration does all of this
 * by itself (this annotation then only changes the settings).
 *
 * <pre>{@code
 * @Configuration
 * @EnableHstoreKvHttpSession(namespace = "web_sessions", maxInactiveIntervalInSeconds = 3600)
 * class SessionConfig {}
 * }</pre>
 *
 * A bean of type {@code ValueCodec<Object>} named {@code springSessionValueCodec} replaces the JDK
 * serialization of attributes; {@code SessionRepositoryCustomizer<HstoreKvSessionRepository>} beans
 * see the repository before use.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@Documented
@Import(HstoreKvHttpSessionConfiguration.class)
public @interface EnableHstoreKvHttpSession {
    /** The namespace that holds the sessions. */
    String namespace() default HstoreKvSessionRepository.DEFAULT_NAMESPACE;

    /** The inactive interval of new sessions, in seconds (default 30 minutes); negative: never expire. */
    int maxInactiveIntervalInSeconds() default 1800;
}
