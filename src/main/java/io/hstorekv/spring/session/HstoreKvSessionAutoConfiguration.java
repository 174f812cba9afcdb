package io.hstorekv.spring.session;

import io.hstorekv.HstoreKv;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.session.SessionRepository;

/**
 * Spring Boot: HTTP sessions in hstore-kv when Spring Session is on the class path, the
 * application is a servlet web application with an {@link HstoreKv} bean, and it defines no
 * {@link SessionRepository} of its own (nor uses {@link EnableHstoreKvHttpSession}). Settings:
 * {@link HstoreKvSessionProperties}. Runs before Boot's own session auto-configuration, which then
 * finds the repository and backs off.
 */
@AutoConfiguration(afterName = "io.hstorekv.spring.boot.HstoreKvAutoConfiguration",
        beforeName = "org.springframework.boot.session.autoconfigure.SessionAutoConfiguration")
@ConditionalOnClass(SessionRepository.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnBean(HstoreKv.class)
@ConditionalOnMissingBean(SessionRepository.class)
@EnableConfigurationProperties(HstoreKvSessionProperties.class)
public class HstoreKvSessionAutoConfiguration extends HstoreKvHttpSessionConfiguration {
    public HstoreKvSessionAutoConfiguration(HstoreKvSessionProperties properties) {
        setNamespace(properties.namespace());
        setMaxInactiveInterval(properties.timeout());
    }
}
