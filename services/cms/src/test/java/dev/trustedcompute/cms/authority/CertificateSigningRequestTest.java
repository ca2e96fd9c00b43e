package dev.trustedcompute.cms.authority;

import dev.trustedcompute.cms.TestCsrs;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class CertificateSigningRequestTest {
    private static final byte[] CSR = TestCsrs.ec("secp384r1").cn("hvs").dns("hvs.local").ip("192.168.1.2").der();

    @Test
    void verifySignatureWhenValidThenNamesExtracted() {
        VerifiedCsr csr = CertificateSigningRequest.parseDer(CSR).verifySignature();
        assertThat(csr.commonName()).isEqualTo("hvs");
        assertThat(csr.sans()).containsExactly(new SubjectAltName.DnsName("hvs.local"), new SubjectAltName.IpAddress("192.168.1.2"));
        assertThat(csr.der()).isEqualTo(CSR);
        assertThat(csr.describe()).isEqualTo("CN=hvs;SAN=hvs.local,192.168.1.2");
    }

    @Test
    void verifySignatureWhenSignatureByteFlippedThenCsrSignatureInvalid() {
        byte[] der = CSR.clone();
        der[der.length - 3] ^= 0x40;
        Throwable t = catchThrowable(() -> CertificateSigningRequest.parseDer(der).verifySignature());
        assertThat(t).isInstanceOf(CmsException.class);
        assertThat(((CmsException) t).error()).isIn(CmsError.CSR_SIGNATURE_INVALID, CmsError.MALFORMED_CSR);
    }

    @Test
    void verifySignatureWhenSubjectByteFlippedThenCsrSignatureInvalid() {
        byte[] der = CSR.clone();
        int at = indexOf(der, "hvs.local".getBytes());
        der[at] = 'j';
        assertThatThrownBy(() -> CertificateSigningRequest.parseDer(der).verifySignature())
                .isInstanceOfSatisfying(CmsException.class, e -> assertThat(e.error()).isEqualTo(CmsError.CSR_SIGNATURE_INVALID));
    }

    @Test
    void parseDerWhenTrailingBytesThenMalformed() {
        byte[] der = Arrays.copyOf(CSR, CSR.length + 1);
        assertThatThrownBy(() -> CertificateSigningRequest.parseDer(der))
                .isInstanceOfSatisfying(CmsException.class, e -> assertThat(e.error()).isEqualTo(CmsError.MALFORMED_CSR));
    }

    @Test
    void parseDerWhenEveryPrefixThenOnlyCmsException() {
        for (int len = 0; len < CSR.length; len++) {
            byte[] prefix = Arrays.copyOf(CSR, len);
            Throwable t = catchThrowable(() -> CertificateSigningRequest.parseDer(prefix).verifySignature());
            assertThat(t).as("prefix of %d bytes", len).isInstanceOf(CmsException.class);
        }
    }

    @Test
    void verifySignatureWhenRandomByteFlipsThenOnlyCmsExceptionOrValid() {
        Random random = new Random(42);
        for (int i = 0; i < 2000; i++) {
            byte[] der = CSR.clone();
            der[random.nextInt(der.length)] ^= (byte) (1 << random.nextInt(8));
            Throwable t = catchThrowable(() -> CertificateSigningRequest.parseDer(der).verifySignature());
            assertThat(t).as("flip %d", i).isInstanceOf(CmsException.class);
        }
    }

    @Test
    void parsePemWhenLegacyLabelThenAccepted() {
        String pem = Pem.encode("NEW CERTIFICATE REQUEST", CSR);
        assertThat(CertificateSigningRequest.parsePem(pem).der()).isEqualTo(CSR);
    }

    @Test
    void parsePemWhenCrlfLineEndingsThenAccepted() {
        String pem = Pem.encode("CERTIFICATE REQUEST", CSR).replace("\n", "\r\n");
        assertThat(CertificateSigningRequest.parsePem(pem).der()).isEqualTo(CSR);
    }

    @Test
    void decodeSingleWhenHeadersOrMismatchedLabelsThenMalformedPem() {
        for (String bad : List.of(
                "-----BEGIN CERTIFICATE REQUEST-----\nProc-Type: 4,ENCRYPTED\n\nAAAA\n-----END CERTIFICATE REQUEST-----\n",
                "-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE-----\n",
                "x".repeat(Pem.MAX_PEM_CHARS + 1))) {
            assertThatThrownBy(() -> Pem.decodeSingle(bad, List.of("CERTIFICATE REQUEST")))
                    .isInstanceOfSatisfying(CmsException.class, e -> assertThat(e.error()).isEqualTo(CmsError.MALFORMED_PEM));
        }
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) continue outer;
            }
            return i;
        }
        throw new AssertionError("not found");
    }
}
