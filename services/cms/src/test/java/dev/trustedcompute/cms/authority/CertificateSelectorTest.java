package dev.trustedcompute.cms.authority;

import dev.trustedcompute.cms.TestCsrs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class CertificateSelectorTest {

    private static VerifiedCsr csr(TestCsrs b) {
        return CertificateSigningRequest.parsePem(b.pem()).verifySignature();
    }

    @Test
    void matchesWhenCnTypeAndSansWithinGrantThenTrue() {
        CertificateSelector s = CertificateSelector.parse("CN=hvs;SAN=hvs.local,10.0.0.1,::1;certType=TLS").orElseThrow();
        assertThat(s.matches(csr(TestCsrs.ec("secp256r1").cn("hvs").dns("HVS.local").ip("10.0.0.1")), CertType.TLS)).isTrue();
        assertThat(s.matches(csr(TestCsrs.ec("secp256r1").cn("hvs").ip("0:0:0:0:0:0:0:1")), CertType.TLS)).isTrue();
        assertThat(s.matches(csr(TestCsrs.ec("secp256r1").cn("hvs")), CertType.TLS)).as("no SAN is a subset").isTrue();
    }

    @Test
    void matchesWhenAnythingOutsideGrantThenFalse() {
        CertificateSelector s = CertificateSelector.parse("certType=TLS; CN=hvs ;SAN=hvs.local").orElseThrow();
        assertThat(s.matches(csr(TestCsrs.ec("secp256r1").cn("HVS")), CertType.TLS)).as("CN is case-sensitive").isFalse();
        assertThat(s.matches(csr(TestCsrs.ec("secp256r1").cn("hvs").dns("other.local")), CertType.TLS)).isFalse();
        assertThat(s.matches(csr(TestCsrs.ec("secp256r1").cn("hvs").ip("10.0.0.1")), CertType.TLS)).isFalse();
        assertThat(s.matches(csr(TestCsrs.ec("secp256r1").cn("hvs")), CertType.TLS_CLIENT)).isFalse();
    }

    @Test
    void matchesWhenNoSanFieldThenCsrWithSanRefused() {
        CertificateSelector s = CertificateSelector.parse("CN=hvs;certType=TLS").orElseThrow();
        assertThat(s.matches(csr(TestCsrs.ec("secp256r1").cn("hvs").dns("hvs.local")), CertType.TLS)).isFalse();
    }

    @Test
    void parseWhenStarThenMatchesEverything() {
        CertificateSelector s = CertificateSelector.parse("*").orElseThrow();
        assertThat(s.matches(csr(TestCsrs.ec("secp384r1").cn("x").dns("y.z")), CertType.SIGNING)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "CN=hvs", "certType=TLS", "CN=hvs;certType=tls", "CN=hvs;certType=TLS;CN=kbs",
            "CN=hvs;certType=TLS;O=x", "CN=;certType=TLS", "CN=hvs;certType=TLS;SAN=", "CN=hvs;certType=TLS;SAN=a..b",
            "CN=hvs;certType=TLS;SAN=999.1.1.1", "garbage", "**"})
    void parseWhenNotGrammarThenGrantsNothing(String selector) {
        assertThat(CertificateSelector.parse(selector)).isEmpty();
        assertThat(CertificateSelector.parseAll(List.of(selector))).isEmpty();
    }
}
