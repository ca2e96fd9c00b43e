package dev.trustedcompute.attestationmanager.reports;

import com.nimbusds.jose.JWSAlgorithm;
import dev.trustedcompute.agentprotocol.HostId;
import dev.trustedcompute.agentprotocol.Subjects;
import dev.trustedcompute.attestationmanager.TestPki;
import dev.trustedcompute.attestationmanager.TestReports;
import dev.trustedcompute.attestationmanager.TestReports.SignedReport;
import dev.trustedcompute.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReportVerifierTest {
    static final TestPki pki = TestPki.create();
    static final Subjects subjects = new Subjects("t.verifier.");
    final MutableClock clock = new MutableClock(Instant.now());
    final ReportVerifier verifier = new ReportVerifier(pki.root(), subjects, clock);

    @Test
    void verifyWhenSignedByHvsUnderCmsRootThenSummaryIsReturned() throws Exception {
        SignedReport report = TestReports.report(pki, "node-1").untrusted().sign();
        VerifiedReport verified = verifier.verify(event(report));
        assertThat(verified.reportId()).isEqualTo(report.reportId());
        assertThat(verified.hostId().value()).isEqualTo("node-1");
        assertThat(verified.issuer()).isEqualTo("CN=HVS Report Signing");
        assertThat(verified.summary().trusted()).isFalse();
        assertThat(verified.summary().faults()).extracting(f -> f.rule()).containsExactly("PcrMatchesConstant");
        assertThat(verified.summary().diskEncryption().method()).isEqualTo("LUKS2");
    }

    @Test
    void verifyWhenChainIncludesTheRootThenAccepted() throws Exception {
        SignedReport report = TestReports.report(pki, "node-1").withRootInChain(pki.root()).sign();
        assertThat(verifier.verify(event(report)).reportId()).isEqualTo(report.reportId());
    }

    @Test
    void verifyWhenSignatureBitFlippedThenSignatureRejection() {
        SignedReport report = TestReports.report(pki, "node-1").sign().withFlippedSignatureBit();
        assertRejected(event(report), Rejection.SIGNATURE);
    }

    @Test
    void verifyWhenPayloadEditedAfterSigningThenSignatureRejection() {
        SignedReport original = TestReports.report(pki, "node-1").untrusted().sign();
        SignedReport edited = original.withPayloadEdited("\"trusted\":false", "\"trusted\":true");
        assertThat(edited.jws()).isNotEqualTo(original.jws());
        assertRejected(event(edited), Rejection.SIGNATURE);
    }

    @Test
    void verifyWhenSignedUnderForeignRootWithSameNamesThenChainRejection() {
        SignedReport report = TestReports.report(pki, "node-1").signedBy(TestPki.foreign().hvs()).sign();
        assertRejected(event(report), Rejection.CHAIN);
    }

    @Test
    void verifyWhenNoX5cThenChainRejection() {
        assertRejected(event(TestReports.report(pki, "node-1").withoutChain().sign()), Rejection.CHAIN);
    }

    @Test
    void verifyWhenSigningCertificateExpiredThenChainRejection() {
        assertRejected(event(TestReports.report(pki, "node-1").signedBy(pki.expiredSigner()).sign()), Rejection.CHAIN);
    }

    @Test
    void verifyWhenAChainThatPassedHasSinceExpiredThenChainRejection() throws Exception {
        verifier.verify(event(TestReports.report(pki, "node-1").sign()));
        clock.advance(Duration.ofDays(20 * 366));

        // the same chain again: remembered only while its certificates are valid
        assertRejected(event(TestReports.report(pki, "node-1").issuedAt(clock.instant()).sign()), Rejection.CHAIN);
    }

    @Test
    void verifyWhenEs256WithP256KeyThenAccepted() throws Exception {
        SignedReport report = TestReports.report(pki, "node-1").sign();
        assertThat(header(report)).contains("\"alg\":\"ES256\"");
        assertThat(verifier.verify(event(report)).reportId()).isEqualTo(report.reportId());
    }

    @Test
    void verifyWhenEs384WithP384KeyMadeBeforeThenAccepted() throws Exception {
        SignedReport report = TestReports.report(pki, "node-1").signedBy(pki.signer("secp384r1")).sign();
        assertThat(header(report)).contains("\"alg\":\"ES384\"");
        assertThat(verifier.verify(event(report)).reportId()).isEqualTo(report.reportId());
    }

    @Test
    void verifyWhenAlgorithmDoesNotMatchTheKeysCurveThenAlgorithmRejection() {
        assertRejected(event(TestReports.report(pki, "node-1").claimedAlgorithm(JWSAlgorithm.ES384).sign()),
                Rejection.ALGORITHM);
        assertRejected(event(TestReports.report(pki, "node-1").signedBy(pki.signer("secp384r1"))
                .claimedAlgorithm(JWSAlgorithm.ES256).sign()), Rejection.ALGORITHM);
    }

    @Test
    void verifyWhenNeitherEs256NorEs384ThenAlgorithmRejection() {
        assertRejected(event(TestReports.report(pki, "node-1").signedBy(pki.signer("secp521r1")).sign()), Rejection.ALGORITHM);
        assertRejected(event(TestReports.report(pki, "node-1").claimedAlgorithm(JWSAlgorithm.HS256).sign()), Rejection.ALGORITHM);
        assertRejected(event(TestReports.report(pki, "node-1").claimedAlgorithm(JWSAlgorithm.RS256).sign()), Rejection.ALGORITHM);
    }

    @Test
    void verifyWhenReportExpiredThenExpiredRejectionAndBeforeExpiryAccepted() throws Exception {
        Instant issued = clock.instant().minus(Duration.ofHours(25));
        assertRejected(event(TestReports.report(pki, "node-1").issuedAt(issued).sign()), Rejection.EXPIRED);
        SignedReport fresh = TestReports.report(pki, "node-1").issuedAt(clock.instant().minus(Duration.ofHours(23))).sign();
        assertThat(verifier.verify(event(fresh)).reportId()).isEqualTo(fresh.reportId());
    }

    @Test
    void verifyWhenIssuedInTheFutureThenClaimsRejection() {
        SignedReport report = TestReports.report(pki, "node-1").issuedAt(clock.instant().plus(Duration.ofMinutes(10))).sign();
        assertRejected(event(report), Rejection.CLAIMS);
    }

    @Test
    void verifyWhenSummaryMissingThenClaimsRejection() {
        assertRejected(event(TestReports.report(pki, "node-1").withoutSummary().sign()), Rejection.CLAIMS);
    }

    @Test
    void verifyWhenSubDiffersFromSummaryHostThenMismatch() {
        assertRejected(event(TestReports.report(pki, "node-1").subject("node-2").sign()), Rejection.MISMATCH);
    }

    @Test
    void verifyWhenJtiDiffersFromSummaryReportIdThenMismatch() {
        assertRejected(event(TestReports.report(pki, "node-1").summaryReportId("other").sign()), Rejection.MISMATCH);
    }

    @Test
    void verifyWhenArrivingOnAnotherHostsSubjectThenMismatch() {
        SignedReport report = TestReports.report(pki, "node-1").sign();
        assertRejected(new ReportEvent(subjects.report(HostId.of("node-2")), report.reportId(),
                report.bytes()), Rejection.MISMATCH);
    }

    @Test
    void verifyWhenMessageIdDiffersFromJtiThenMismatchAndAbsentMessageIdAccepted() throws Exception {
        SignedReport report = TestReports.report(pki, "node-1").sign();
        assertRejected(new ReportEvent(subjects.report(HostId.of("node-1")), "another-id",
                report.bytes()), Rejection.MISMATCH);
        assertThat(verifier.verify(new ReportEvent(subjects.report(HostId.of("node-1")), null,
                report.bytes())).reportId()).isEqualTo(report.reportId());
    }

    @Test
    void verifyWhenNotAJwsOrEmptyThenMalformed() {
        assertRejected(new ReportEvent("t.verifier.hvs.reports.node-1", null, "not a jws".getBytes(StandardCharsets.US_ASCII)),
                Rejection.MALFORMED);
        assertRejected(new ReportEvent("t.verifier.hvs.reports.node-1", null, new byte[0]), Rejection.MALFORMED);
        SignedReport report = TestReports.report(pki, "node-1").sign();
        assertRejected(new ReportEvent("t.verifier.hvs.reports.node-1", null,
                report.jws().substring(0, report.jws().length() / 2).getBytes(StandardCharsets.US_ASCII)), Rejection.MALFORMED);
    }

    private static String header(SignedReport report) {
        return new String(java.util.Base64.getUrlDecoder().decode(report.jws().substring(0, report.jws().indexOf('.'))),
                StandardCharsets.UTF_8);
    }

    private static ReportEvent event(SignedReport report) {
        return new ReportEvent(subjects.report(HostId.of(report.hostId())), report.reportId(), report.bytes());
    }

    private void assertRejected(ReportEvent event, Rejection reason) {
        assertThatThrownBy(() -> verifier.verify(event)).isInstanceOfSatisfying(ReportRejectedException.class,
                e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
    }
}
