package dev.trustedcompute.attestationmanager;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.impl.ECDSA;
import com.nimbusds.jose.util.Base64;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.trustedcompute.agentprotocol.DiskEncryption;
import dev.trustedcompute.agentprotocol.ProtocolJson;
import dev.trustedcompute.agentprotocol.TrustReportSummary;
import dev.trustedcompute.agentprotocol.TrustReportSummary.Fault;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Signed trust reports shaped like HVS's (compact JWS, ES256 or ES384, x5c, trust_report claim), good and forged. */
public final class TestReports {

    private TestReports() {
    }

    /** A trusted report (Secure Boot on, LUKS2 root) for {@code hostId}, signed by {@code pki}'s HVS identity. */
    public static Builder report(TestPki pki, String hostId) {
        return new Builder(pki.hvs(), hostId);
    }

    public static final class Builder {
        private TestPki.Signer signer;
        private final String hostId;
        private String reportId = UUID.randomUUID().toString();
        private String subject;
        private boolean trusted = true;
        private final Map<String, String> trust = new LinkedHashMap<>(Map.of("PLATFORM", "TRUSTED", "OS", "TRUSTED", "OVERALL", "TRUSTED"));
        private final List<Fault> faults = new ArrayList<>();
        private Boolean secureBoot = true;
        private DiskEncryption disk = new DiskEncryption(true, "LUKS2");
        private Instant issuedAt = Instant.now();
        private Instant expiresAt;
        private boolean chain = true;
        private X509Certificate extraRoot;
        private boolean summary = true;
        private String summaryReportId;
        private JWSAlgorithm claimedAlgorithm;

        private Builder(TestPki.Signer signer, String hostId) {
            this.signer = signer;
            this.hostId = hostId;
        }

        public Builder reportId(String id) {
            this.reportId = id;
            return this;
        }

        /** Untrusted PLATFORM with one PCR fault. */
        public Builder untrusted() {
            trusted = false;
            trust.put("PLATFORM", "UNTRUSTED");
            trust.put("OVERALL", "UNTRUSTED");
            faults.add(new Fault("PcrMatchesConstant", "PLATFORM", "PCR 0 (sha256) is 1f.. but the flavor expects 3a.."));
            return this;
        }

        public Builder secureBoot(Boolean enabled) {
            this.secureBoot = enabled;
            return this;
        }

        public Builder disk(DiskEncryption disk) {
            this.disk = disk;
            return this;
        }

        public Builder issuedAt(Instant at) {
            this.issuedAt = at;
            return this;
        }

        public Builder expiresAt(Instant at) {
            this.expiresAt = at;
            return this;
        }

        public Builder signedBy(TestPki.Signer other) {
            this.signer = other;
            return this;
        }

        /** The JWT {@code sub} differs from the summary's host id. */
        public Builder subject(String sub) {
            this.subject = sub;
            return this;
        }

        public Builder summaryReportId(String id) {
            this.summaryReportId = id;
            return this;
        }

        public Builder withoutChain() {
            this.chain = false;
            return this;
        }

        public Builder withRootInChain(X509Certificate root) {
            this.extraRoot = root;
            return this;
        }

        public Builder withoutSummary() {
            this.summary = false;
            return this;
        }

        /**
         * Header {@code alg} = {@code algorithm} whatever the key's curve, with a real signature: the key signs over
         * that algorithm's hash, r||s as long as the key's own algorithm makes them.
         */
        public Builder claimedAlgorithm(JWSAlgorithm algorithm) {
            this.claimedAlgorithm = algorithm;
            return this;
        }

        public SignedReport sign() {
            Instant expiry = expiresAt != null ? expiresAt : issuedAt.plus(Duration.ofHours(24));
            JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer("https://hvs.test/hvs/v2")
                    .subject(subject != null ? subject : hostId).jwtID(reportId)
                    .issueTime(Date.from(issuedAt)).expirationTime(Date.from(expiry));
            if (summary) {
                TrustReportSummary body = new TrustReportSummary(summaryReportId != null ? summaryReportId : reportId, hostId,
                        hostId + ".lab", "4c4c4544-0000-1000-8000-" + String.format("%012d", Math.abs(hostId.hashCode())),
                        trusted, trust, faults, secureBoot, disk, false, issuedAt, expiry);
                try {
                    claims.claim(TrustReportSummary.CLAIM, JSONObjectUtils.parse(new String(ProtocolJson.encode(body), StandardCharsets.UTF_8)));
                } catch (ParseException e) {
                    throw new IllegalStateException(e);
                }
            }
            ECPrivateKey key = (ECPrivateKey) signer.key();
            JWSAlgorithm keyAlgorithm;
            try {
                keyAlgorithm = ECDSA.resolveAlgorithm(key);
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
            JWSHeader.Builder header = new JWSHeader.Builder(claimedAlgorithm != null ? claimedAlgorithm : keyAlgorithm);
            if (chain) {
                List<Base64> x5c = new ArrayList<>();
                try {
                    for (X509Certificate certificate : signer.chain()) {
                        x5c.add(Base64.encode(certificate.getEncoded()));
                    }
                    if (extraRoot != null) {
                        x5c.add(Base64.encode(extraRoot.getEncoded()));
                    }
                } catch (CertificateEncodingException e) {
                    throw new IllegalStateException(e);
                }
                header.x509CertChain(x5c);
            }
            if (claimedAlgorithm != null && !claimedAlgorithm.equals(keyAlgorithm)) {
                return new SignedReport(reportId, hostId, issuedAt, signedAnyway(header.build(), claims.build(), key, keyAlgorithm));
            }
            try {
                SignedJWT jwt = new SignedJWT(header.build(), claims.build());
                jwt.sign(new ECDSASigner(key));
                return new SignedReport(reportId, hostId, issuedAt, jwt.serialize());
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }

        /** What nimbus refuses to make: the header's algorithm's hash signed by a key on another curve. */
        private static String signedAnyway(JWSHeader header, JWTClaimsSet claims, ECPrivateKey key, JWSAlgorithm keyAlgorithm) {
            String input = header.toBase64URL() + "." + new Payload(claims.toJSONObject()).toBase64URL();
            String hash = "SHA" + header.getAlgorithm().getName().substring(2);
            try {
                Signature signature = Signature.getInstance(hash + "withECDSA");
                signature.initSign(key);
                signature.update(input.getBytes(StandardCharsets.US_ASCII));
                byte[] rs = ECDSA.transcodeSignatureToConcat(signature.sign(), ECDSA.getSignatureByteArrayLength(keyAlgorithm));
                return input + "." + Base64URL.encode(rs);
            } catch (GeneralSecurityException | JOSEException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** A report as HVS publishes it: id (also Nats-Msg-Id), host, issue time, compact JWS. */
    public record SignedReport(String reportId, String hostId, Instant issuedAt, String jws) {
        public byte[] bytes() {
            return jws.getBytes(StandardCharsets.US_ASCII);
        }

        /** One bit of the signature flipped. */
        public SignedReport withFlippedSignatureBit() {
            String[] parts = jws.split("\\.");
            byte[] signature = java.util.Base64.getUrlDecoder().decode(parts[2]);
            signature[signature.length / 2] ^= 0x01;
            return new SignedReport(reportId, hostId, issuedAt, parts[0] + "." + parts[1] + "."
                    + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(signature));
        }

        /** The payload with {@code from} replaced by {@code to}, the original signature kept. */
        public SignedReport withPayloadEdited(String from, String to) {
            String[] parts = jws.split("\\.");
            String payload = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace(from, to);
            return new SignedReport(reportId, hostId, issuedAt, parts[0] + "."
                    + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                    + "." + parts[2]);
        }
    }
}
