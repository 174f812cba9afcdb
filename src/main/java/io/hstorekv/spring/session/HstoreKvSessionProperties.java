package io.hstorekv.spring.session;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code hstorekv.session.*}: where the auto-configured session repository keeps sessions and how
 * long an idle one lives.
 *
 * @param namespace the namespace of the sessions (default {@code spring_session})
 * @param timeout the inactive interval of new sessions (default 30 minutes)
 */
@ConfigurationProperties("hstorekv.session")
public record HstoreKvSessionProperties(
        @DefaultValue(HstoreKvSessionRepository.DEFAULT_NAMESPACE) String namespace,
        @DefaultValue("30m") Duration timeout) {}
