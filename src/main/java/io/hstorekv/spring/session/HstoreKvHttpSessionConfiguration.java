package io.hstorekv.spring.session;

import io.hstorekv.HstoreKv;
import io.hstorekv.ValueCodec;
import java.time.Duration;
import java.util.Map;
import org.springframework.beans.factory.BeanClassLoaderAware;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.ImportAware;
import org.springframework.core.type.AnnotationMetadata;
import org.springframework.session.config.SessionRepositoryCustomizer;
import org.springframework.session.config.annotation.web.http.SpringHttpSessionConfiguration;

/**
 * What {@link EnableHstoreKvHttpSession} imports: Spring Session's servlet filter (from
 * {@link SpringHttpSessionConfiguration}) and the {@link HstoreKvSessionRepository}.
 */
@Configuration(proxyBeanMethods = false)
public class HstoreKvHttpSessionConfiguration extends SpringHttpSessionConfiguration implements ImportAware, BeanClassLoaderAware {
    /** The bean name of a {@code ValueCodec<Object>} for session attributes. */
    public static final String VALUE_CODEC_BEAN = "springSessionValueCodec";

    private String namespace = HstoreKvSessionRepository.DEFAULT_NAMESPACE;
    private Duration maxInactiveInterval = Duration.ofMinutes(30);
    /** The application's class loader, which attributes' classes are resolved through. */
    private ClassLoader classLoader = getClass().getClassLoader();

    @Bean
    public HstoreKvSessionRepository sessionRepository(HstoreKv kv,
            @Qualifier(VALUE_CODEC_BEAN) ObjectProvider<ValueCodec<Object>> valueCodec,
            ObjectProvider<SessionRepositoryCustomizer<HstoreKvSessionRepository>> customizers) {
        HstoreKvSessionRepository repository = new HstoreKvSessionRepository(kv, namespace);
        repository.setDefaultMaxInactiveInterval(maxInactiveInterval);
        repository.setValueCodec(valueCodec.getIfAvailable(() -> new JdkSerializationCodec(classLoader)));
        customizers.orderedStream().forEach(customizer -> customizer.customize(repository));
        return repository;
    }

    @Override
    public void setBeanClassLoader(ClassLoader classLoader) {
        this.classLoader = classLoader;
    }

    @Override
    public void setImportMetadata(AnnotationMetadata importMetadata) {
        Map<String, Object> attributes = importMetadata.getAnnotationAttributes(EnableHstoreKvHttpSession.class.getName());
        if (attributes != null) {
            setNamespace((String) attributes.get("namespace"));
            setMaxInactiveInterval(Duration.ofSeconds((Integer) attributes.get("maxInactiveIntervalInSeconds")));
        }
    }

    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    public void setMaxInactiveInterval(Duration maxInactiveInterval) {
        this.maxInactiveInterval = maxInactiveInterval;
    }
}
