package dev.trustedcompute.servicekit.identity;

import org.apache.commons.logging.Log;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import java.nio.file.Path;
import java.util.Map;

/**
 * When {@code tc.identity.cms-url} is set, makes sure the service has a CMS-issued TLS certificate before
 * the web server starts (enrolling with the bootstrap token the first time) and serves HTTPS with it
 * through a Spring SSL bundle named {@code tc-server}.
 */
public class TlsIdentityEnvironment implements EnvironmentPostProcessor, Ordered {

    private final Log log;

    public TlsIdentityEnvironment(DeferredLogFactory logs) {
        this.log = logs.getLog(TlsIdentityEnvironment.class);
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        IdentityProperties properties = Binder.get(environment).bind("tc.identity", IdentityProperties.class).orElse(null);
        if (properties == null || properties.cmsUrl() == null) {
            return;
        }
        if (properties.keyStorePassword() == null || properties.keyStorePassword().isBlank()) {
            throw new IllegalStateException("tc.identity.key-store-password must be set to protect the TLS key at rest");
        }
        String name = environment.getProperty("spring.application.name", "service");
        String commonName = properties.commonName() != null ? properties.commonName() : name;
        Path dir = properties.dir() != null ? properties.dir() : Path.of("data", "identity");
        Path keyStore = dir.resolve("tls.p12");
        try {
            ServiceIdentity identity = ServiceIdentity.loadOrEnroll(
                    new ServiceIdentity.Request("TLS", commonName, properties.sans(), keyStore,
                            properties.keyStorePassword().toCharArray(), ServiceIdentity.KeyCurve.P_384),
                    new CmsClient(properties.cmsUrl(), null), properties.bootstrapToken(), properties.cmsRootSha384());
            log.info("TLS identity " + identity.chain().getFirst().getSubjectX500Principal().getName()
                    + " valid until " + identity.chain().getFirst().getNotAfter().toInstant() + " from " + keyStore);
        } catch (Exception e) {
            throw new IllegalStateException("cannot obtain the TLS certificate from CMS at " + properties.cmsUrl()
                    + ": " + e.getMessage(), e);
        }
        environment.getPropertySources().addFirst(new MapPropertySource("trustedComputeTlsIdentity", Map.of(
                "spring.ssl.bundle.jks.tc-server.keystore.location", "file:" + keyStore.toAbsolutePath(),
                "spring.ssl.bundle.jks.tc-server.keystore.password", properties.keyStorePassword(),
                "spring.ssl.bundle.jks.tc-server.keystore.type", "PKCS12",
                "spring.ssl.bundle.jks.tc-server.key.alias", "identity",
                "server.ssl.bundle", "tc-server",
                "server.ssl.enabled", "true")));
    }
}
