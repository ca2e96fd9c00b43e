package dev.trustedcompute.tpmquote.snp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.VerificationException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Truncation at every length and random byte flips must end in {@link EvidenceFormatException} or
 * {@link VerificationException}, never in an unchecked exception, for the report, the VCEK and the PEM chain.
 */
class SnpRobustnessTest {

    private static final int FLIPS = 200;
    private final SnpVerifier verifier = SnpVerifier.withBundledRoots();

    @ParameterizedTest
    @EnumSource(SnpFixture.class)
    void parseWhenEveryPrefixThenOnlyEvidenceFormatException(SnpFixture fixture) {
        byte[] report = fixture.report();
        for (int length = 0; length < report.length; length++) {
            byte[] prefix = Arrays.copyOf(report, length);
            assertThatThrownBy(() -> SnpReport.parse(prefix)).as("prefix of %d bytes", length)
                    .isInstanceOf(EvidenceFormatException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(SnpFixture.class)
    void certificatesWhenEveryVcekPrefixThenOnlyEvidenceFormatException(SnpFixture fixture) {
        byte[] vcek = fixture.vcek();
        for (int length = 0; length < vcek.length; length++) {
            byte[] prefix = Arrays.copyOf(vcek, length);
            try {
                SnpCertificates.of(prefix);
                // only a PEM cut after its END line (in the trailing line break) still holds the whole certificate
                assertThat(new String(prefix, java.nio.charset.StandardCharsets.US_ASCII))
                        .as("prefix of %d bytes parsed", length).contains("-----END CERTIFICATE-----");
            } catch (EvidenceFormatException expected) {
                // malformed input
            } catch (RuntimeException e) {
                fail("prefix of " + length + " bytes threw " + e, e);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(value = SnpFixture.class, names = {"GO_SEV_GUEST", "VIRTEE_SEV"})
    void certificatesWhenEveryChainPrefixThenParsedOrEvidenceFormatException(SnpFixture fixture) {
        byte[] chain = fixture.chain();
        byte[] vcek = fixture.vcek();
        for (int length = 0; length < chain.length; length++) {
            byte[] prefix = Arrays.copyOf(chain, length);
            try {
                SnpCertificates.of(vcek, prefix);
            } catch (EvidenceFormatException expected) {
                // a cut PEM block is malformed input; a cut after a whole block parses to fewer certificates
            } catch (RuntimeException e) {
                fail("prefix of " + length + " bytes threw " + e, e);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SnpFixture.class)
    void verifyWhenRandomReportByteFlippedThenOnlyEvidenceExceptions(SnpFixture fixture) throws Exception {
        Random random = new Random(0x5e7 + fixture.ordinal());
        byte[] original = fixture.report();
        SnpCertificates certificates = SnpCertificates.of(fixture.vcek());
        SnpExpectations expectations = fixture.expectations().build();
        for (int i = 0; i < FLIPS; i++) {
            byte[] bytes = original.clone();
            int at = random.nextInt(bytes.length);
            bytes[at] ^= (byte) (1 + random.nextInt(255));
            try {
                verifier.verify(SnpReport.parse(bytes), certificates, expectations);
                fail("flip at 0x%x verified", at);
            } catch (EvidenceFormatException | VerificationException expected) {
                // the two failure classes of the library
            } catch (RuntimeException e) {
                fail("flip at 0x" + Integer.toHexString(at) + " threw " + e, e);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SnpFixture.class)
    void verifyWhenRandomVcekByteFlippedThenOnlyEvidenceExceptions(SnpFixture fixture) throws Exception {
        Random random = new Random(0xcef + fixture.ordinal());
        byte[] original = fixture.vcek();
        SnpReport report = fixture.parsed();
        SnpExpectations expectations = fixture.expectations().build();
        int verified = 0;
        for (int i = 0; i < FLIPS; i++) {
            byte[] bytes = original.clone();
            int at = random.nextInt(bytes.length);
            bytes[at] ^= (byte) (1 + random.nextInt(255));
            try {
                verifier.verify(report, SnpCertificates.of(bytes), expectations);
                verified++;
            } catch (EvidenceFormatException | VerificationException expected) {
                // the two failure classes of the library
            } catch (RuntimeException e) {
                fail("flip at " + at + " threw " + e, e);
            }
        }
        // PEM fixtures: a flip in the BEGIN/END armour's dashes or in line breaks can leave the DER intact
        assertThat(verified).isLessThan(FLIPS / 10);
    }
}
