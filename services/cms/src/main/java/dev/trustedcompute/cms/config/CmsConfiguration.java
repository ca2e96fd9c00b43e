package dev.trustedcompute.cms.config;

import dev.trustedcompute.cms.authority.CertType;
import dev.trustedcompute.cms.authority.CertificateAuthority;
import dev.trustedcompute.cms.authority.IssuedCertificateRepository;
import dev.trustedcompute.cms.authority.PermissionProvisioner;
import dev.trustedcompute.cms.authority.Provisioner;
import dev.trustedcompute.cms.bootstrap.BootstrapKey;
import dev.trustedcompute.cms.bootstrap.BootstrapTokenLedger;
import dev.trustedcompute.cms.bootstrap.CmsJwtDecoder;
import dev.trustedcompute.cms.cas.CaHierarchy;
import dev.trustedcompute.cms.cas.CaKeyStore;
import dev.trustedcompute.cms.cas.CaSettings;
import dev.trustedcompute.cms.cas.CaSigner;
import dev.trustedcompute.cms.db.JdbcBootstrapTokenLedger;
import dev.trustedcompute.cms.db.JdbcIssuedCertificateRepository;
import dev.trustedcompute.servicekit.security.PermissionCatalogue;
import dev.trustedcompute.servicekit.security.SecurityProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.jwt.JwtDecoder;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Map;

/** Wires the pure CMS domain into Spring: CA key stores, signer, provisioner, repositories, token decoder. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(CmsProperties.class)
public class CmsConfiguration {

    /** The permissions CMS endpoints check; {@code *} rules of an administrator expand to these. */
    @Bean
    PermissionCatalogue cmsPermissions() {
        return PermissionCatalogue.of("CMS:certificates:create", "CMS:certificates:revoke");
    }

    @Bean
    SecureRandom secureRandom() {
        return new SecureRandom();
    }

    @Bean
    CaKeyStore caKeyStore(CmsProperties properties) {
        return new CaKeyStore(properties.dataDir(), properties.keyStorePassword().toCharArray());
    }

    /** Loads the CAs, creating missing ones (first start): fails start-up on a wrong passphrase. */
    @Bean
    CaHierarchy caHierarchy(CaKeyStore store, CmsProperties properties, Clock clock, SecureRandom random) {
        return CaHierarchy.loadOrCreate(store,
                new CaSettings(properties.caNamePrefix(), properties.rootCaValidity(), properties.issuingCaValidity()), clock, random);
    }

    @Bean
    CaSigner caSigner(CaHierarchy hierarchy, Clock clock, SecureRandom random) {
        return new CaSigner(hierarchy, clock, random);
    }

    @Bean
    JdbcIssuedCertificateRepository issuedCertificateRepository(JdbcClient jdbc) {
        return new JdbcIssuedCertificateRepository(jdbc);
    }

    @Bean
    Provisioner provisioner(CmsProperties properties) {
        return new PermissionProvisioner(Map.of(
                CertType.TLS, properties.tlsValidity(),
                CertType.TLS_CLIENT, properties.tlsClientValidity(),
                CertType.SIGNING, properties.signingValidity()));
    }

    @Bean
    CertificateAuthority certificateAuthority(Provisioner provisioner, CaSigner signer, IssuedCertificateRepository repository,
                                              Clock clock, CmsProperties properties) {
        return new CertificateAuthority(provisioner, signer, repository, clock, properties.crlValidity());
    }

    @Bean
    BootstrapKey bootstrapKey(CaKeyStore store, Clock clock, SecureRandom random) {
        return BootstrapKey.loadOrCreate(store, clock, random);
    }

    @Bean
    JdbcBootstrapTokenLedger bootstrapTokenLedger(JdbcClient jdbc) {
        return new JdbcBootstrapTokenLedger(jdbc);
    }

    /** Replaces service-kit's AAS-only decoder: bootstrap tokens, else AAS tokens (when a JWKS URI is set). */
    @Bean
    JwtDecoder jwtDecoder(BootstrapKey key, BootstrapTokenLedger ledger, SecurityProperties security, Clock clock) {
        JwtDecoder aas = security.jwksUri() == null ? null : CmsJwtDecoder.aasDecoder(security.jwksUri().toString(), clock);
        return new CmsJwtDecoder(key, aas, ledger, clock);
    }
}
