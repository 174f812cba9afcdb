package io.hstorekv.spring.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.hstorekv.HstoreKv;
import io.hstorekv.ValueCodec;
import io.hstorekv.testing.MutableClock;
import io.hstorekv.testing.StoreFixture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.session.web.http.SessionRepositoryFilter;

/** The annotation in a plain Spring application (no Boot): the filter, the repository, its settings, a codec bean. */
class EnableHstoreKvHttpSessionTest {
    @Configuration
    @EnableHstoreKvHttpSession(namespace = "annotated_sessions", maxInactiveIntervalInSeconds = 90)
    static class Annotated {
        @Bean(destroyMethod = "close")
        HstoreKv hstoreKv() {
            return StoreFixture.open(StoreFixture.uniqueName("annotated"), new MutableClock());
        }

        /** Attributes as UTF-8 text instead of JDK serialization. */
        @Bean(HstoreKvHttpSessionConfiguration.VALUE_CODEC_BEAN)
        ValueCodec<Object> springSessionValueCodec() {
            return new ValueCodec<>() {
                @Override
                public byte[] encode(Object value) {
                    return value.toString().getBytes(StandardCharsets.UTF_8);
                }

                @Override
                public Object decode(byte[] bytes) {
                    return new String(bytes, StandardCharsets.UTF_8);
                }
            };
        }
    }

    @Test
    void theAnnotationBringsTheFilterAndARepositoryWithItsSettings() {
        try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext(Annotated.class)) {
            HstoreKvSessionRepository repository = context.getBean(HstoreKvSessionRepository.class);
            assertThat(context.getBean("springSessionRepositoryFilter")).isInstanceOf(SessionRepositoryFilter.class);
            assertThat(repository.namespace().name()).isEqualTo("annotated_sessions");

            HstoreKvSession session = repository.createSession();
            assertThat(session.getMaxInactiveInterval()).isEqualTo(Duration.ofSeconds(90));
            session.setAttribute("greeting", "hello");
            repository.save(session);
            assertThat(repository.namespace().hashes().get("session:" + session.getId(), "attr:greeting"))
                    .as("the codec bean's text, readable in SQL").isEqualTo("hello");
        }
    }
}
