package dev.trustedcompute.tpmquote.tdx;

import dev.trustedcompute.tpmquote.Reason;
import dev.trustedcompute.tpmquote.VerificationException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.security.cert.X509CRL;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Revocation and re-signed collateral on a stand-in PKI ({@link TestIntelPki}): no captured Intel CRL
 * revokes a captured PCK, so the v5 sample is re-certified under a test root with its real SGX extension.
 */
class TdxRevocationTest {

    private static final Instant AT = Instant.parse("2026-02-10T00:00:00Z");
    private static final BigInteger PCK_SERIAL = BigInteger.valueOf(0x5eed);
    private static final ReportDataExpectation NO_NONCE = ReportDataExpectation.notChecked("fixture");

    private static TestIntelPki pki;
    private static TdxQuote quote;
    private static TdxVerifier verifier;

    @BeforeAll
    static void setUp() throws Exception {
        pki = new TestIntelPki();
        TdxQuote captured = TdxQuote.parse(TdxFixtures.V5_SAMPLE.bytes());
        quote = TdxQuote.parse(pki.recertify(captured, pki.pckLike(captured.pckChain().getFirst(), PCK_SERIAL)));
        verifier = TdxVerifier.withRoot(pki.root, TdxVerificationPolicy.defaults());
    }

    /** The v5 sample's TCB Info and QE identity, re-signed by the stand-in TCB Signing key. */
    private static TdxCollateral collateral(Optional<X509CRL> rootCrl, Optional<X509CRL> pckCrl) throws Exception {
        TcbInfo tcb = TcbInfo.parseResponse(TdxFixtures.read(TdxFixtures.GO + "sample_tcbinfo_response_v5"));
        EnclaveIdentity qe = EnclaveIdentity.parseResponse(TdxFixtures.read(TdxFixtures.TRUSTEE + "enclaveIdentity.json"));
        List<java.security.cert.X509Certificate> chain = List.of(pki.tcbSigning, pki.root);
        return new TdxCollateral(TcbInfo.parse(tcb.signedBytes(), pki.signCollateral(tcb.signedBytes())), chain,
                EnclaveIdentity.parse(qe.signedBytes(), pki.signCollateral(qe.signedBytes())), chain, rootCrl, pckCrl);
    }

    @Test
    void verifyWhenCrlsRevokeNothingThenUpToDateUnderTestRoot() throws Exception {
        TdxVerifier lenient = TdxVerifier.withRoot(pki.root, TdxVerificationPolicy.defaults()
                .allowingExpiredCollateral("captured QE identity expired 2025-11-27"));

        VerifiedTdxQuote v = lenient.verify(quote, collateral(Optional.of(pki.crl(pki.root, pki.rootKey)),
                Optional.of(pki.crl(pki.platformCa, pki.caKey, BigInteger.TEN))), NO_NONCE, AT);

        assertThat(v.tcbStatus()).contains(TcbStatus.UP_TO_DATE);
        assertThat(v.fmspc()).isEqualTo("90c06f000000");
    }

    @Test
    void verifyWhenPckCrlRevokesLeafThenCertificateRevoked() throws Exception {
        TdxCollateral collateral = collateral(Optional.empty(),
                Optional.of(pki.crl(pki.platformCa, pki.caKey, BigInteger.TEN, PCK_SERIAL)));

        assertThatThrownBy(() -> verifier.verify(quote, collateral, NO_NONCE, AT))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.CERTIFICATE_REVOKED))
                .hasMessageContaining("PCK chain certificate 0").hasMessageContaining("serial 5eed")
                .hasMessageContaining("PCK CRL");
    }

    @Test
    void verifyWhenRootCrlRevokesPlatformCaThenCertificateRevoked() throws Exception {
        TdxCollateral collateral = collateral(Optional.of(pki.crl(pki.root, pki.rootKey, BigInteger.TWO)),
                Optional.empty());

        assertThatThrownBy(() -> verifier.verify(quote, collateral, NO_NONCE, AT))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.CERTIFICATE_REVOKED))
                .hasMessageContaining("PCK chain certificate 1").hasMessageContaining("Root CA CRL");
    }

    @Test
    void verifyWhenPckCrlSignedByAnotherKeyThenCollateralInvalid() throws Exception {
        TdxCollateral collateral = collateral(Optional.empty(),
                Optional.of(pki.crl(pki.platformCa, pki.pckKey, PCK_SERIAL)));

        assertThatThrownBy(() -> verifier.verify(quote, collateral, NO_NONCE, AT))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.COLLATERAL_INVALID))
                .hasMessageContaining("PCK CRL");
    }

    @Test
    void verifyWhenRecertifiedQuoteCheckedAgainstIntelRootThenRootNotTrusted() {
        assertThatThrownBy(() -> TdxVerifier.withIntelRoot(TdxVerificationPolicy.defaults())
                .verifyWithoutCollateral(quote, NO_NONCE, AT))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.ROOT_NOT_TRUSTED))
                .hasMessageContaining("Test SGX Root CA");
    }

    @Test
    void verifyWhenPckCrlIsFromAnotherCaThenCollateralInvalid() throws Exception {
        TdxQuote intelQuote = TdxQuote.parse(TdxFixtures.V5_SAMPLE.bytes());
        TdxCollateral collateral = TdxFixtures.collateral(TdxFixtures.GO + "sample_tcbinfo_response_v5",
                TdxFixtures.TRUSTEE + "enclaveIdentity.json");
        TdxCollateral withForeignCrl = new TdxCollateral(collateral.tcbInfo(), collateral.tcbInfoIssuerChain(),
                collateral.qeIdentity(), collateral.qeIdentityIssuerChain(), Optional.empty(),
                Optional.of(pki.crl(pki.platformCa, pki.caKey)));

        assertThatThrownBy(() -> TdxVerifier.withIntelRoot(TdxVerificationPolicy.defaults())
                .verify(intelQuote, withForeignCrl, NO_NONCE, AT))
                .isInstanceOfSatisfying(VerificationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.COLLATERAL_INVALID))
                .hasMessageContaining("PCK CRL is issued by").hasMessageContaining("Test SGX PCK Platform CA");
    }
}
