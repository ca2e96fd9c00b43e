package dev.trustedcompute.hvs.onboarding;

import dev.trustedcompute.agentprotocol.HostId;
import dev.trustedcompute.hvs.HvsError;
import dev.trustedcompute.hvs.config.HvsProperties;
import dev.trustedcompute.hvs.hosts.Host;
import dev.trustedcompute.hvs.hosts.HostRepository;
import dev.trustedcompute.hvs.hosts.HostService;
import dev.trustedcompute.hvs.hosts.PinnedAk;
import dev.trustedcompute.hvs.nats.NatsUserIssuer;
import dev.trustedcompute.hvs.onboarding.OnboardingDtos.ChallengeIssued;
import dev.trustedcompute.hvs.onboarding.OnboardingDtos.ChallengeRequest;
import dev.trustedcompute.hvs.onboarding.OnboardingDtos.Onboarded;
import dev.trustedcompute.hvs.queue.Trigger;
import dev.trustedcompute.hvs.queue.VerificationQueue;
import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.VerificationException;
import dev.trustedcompute.tpmquote.tpm.CredentialChallenge;
import dev.trustedcompute.tpmquote.tpm.TpmCertificateValidator;
import dev.trustedcompute.tpmquote.tpm.TpmHash;
import dev.trustedcompute.tpmquote.tpm.TpmtPublic;
import dev.trustedcompute.tpmquote.tpm.ValidatedCertificate;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * AK onboarding (the Privacy-CA exchange of Intel SecL, without a Privacy CA): HVS makes a credential with
 * TPM2_MakeCredential for the agent's EK and AK name; only the TPM holding that EK, with that exact AK loaded,
 * recovers the secret with TPM2_ActivateCredential. A correct answer pins the AK to the host record and hands out the
 * host's NATS credentials. Re-onboarding may replace the AK only from the same TPM (same EK); another TPM may take
 * over a host only after an administrator released its pin. Pins, re-pins and releases are audited.
 */
@Service
public class OnboardingService {

    /** objectAttributes an AK must have: a restricted signing key that cannot leave this TPM. */
    static final long AK_ATTRIBUTES = TpmtPublic.RESTRICTED | TpmtPublic.SIGN_ENCRYPT | TpmtPublic.FIXED_TPM
            | TpmtPublic.FIXED_PARENT;

    private final HostService hostService;
    private final HostRepository hosts;
    private final ChallengeRepository challenges;
    private final EndorsementCaService endorsementCas;
    private final VerificationQueue queue;
    private final ObjectProvider<NatsUserIssuer> natsUsers;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final SecureRandom random;
    private final Clock clock;
    private final HvsProperties properties;

    public OnboardingService(HostService hostService, HostRepository hosts, ChallengeRepository challenges,
                             EndorsementCaService endorsementCas, VerificationQueue queue,
                             ObjectProvider<NatsUserIssuer> natsUsers, AuditLog audit, TransactionTemplate tx,
                             SecureRandom random, Clock clock, HvsProperties properties) {
        this.hostService = hostService;
        this.hosts = hosts;
        this.challenges = challenges;
        this.endorsementCas = endorsementCas;
        this.queue = queue;
        this.natsUsers = natsUsers;
        this.audit = audit;
        this.tx = tx;
        this.random = random;
        this.clock = clock;
        this.properties = properties;
    }

    public ChallengeIssued challenge(ChallengeRequest request) {
        HostId hostId = HostService.checkHostId(request.hostId());
        UUID hardwareUuid = HostService.checkHardwareUuid(request.hardwareUuid());
        byte[] ekBytes = base64("ekPublic", request.ekPublic());
        byte[] akBytes = base64("akPublic", request.akPublic());
        TpmtPublic ek = tpmtPublic("ekPublic", ekBytes);
        TpmtPublic ak = tpmtPublic("akPublic", akBytes);
        if (!ak.hasAttributes(AK_ATTRIBUTES) || ak.hasAttributes(TpmtPublic.DECRYPT)) {
            throw HvsError.INVALID_TPM_KEY.exception(String.format("akPublic: objectAttributes 0x%08x are not those of an "
                    + "AK (restricted, sign, fixedTPM, fixedParent; not decrypt)", ak.objectAttributes()));
        }
        byte[] ekCertificate = request.ekCertificate() == null ? null : base64("ekCertificate", request.ekCertificate());
        checkEkCertificate(ek, ekCertificate);
        byte[] secret = new byte[ek.nameAlg().digestLength()];
        random.nextBytes(secret);
        CredentialChallenge made;
        try {
            made = CredentialChallenge.make(ek, ak, secret, random);
        } catch (VerificationException e) {
            throw HvsError.INVALID_TPM_KEY.exception("ekPublic: " + e.getMessage());
        }
        Instant now = clock.instant();
        Challenge challenge = tx.execute(status -> {
            Host host = hostService.findOrCreate(hostId, request.hostName(), hardwareUuid);
            if (!host.hardwareUuid().equals(hardwareUuid)) {
                throw HvsError.HARDWARE_UUID_MISMATCH.exception("host '" + hostId + "' is registered with hardware UUID "
                        + host.hardwareUuid() + ", not " + hardwareUuid);
            }
            if (host.ak().filter(pinned -> !Arrays.equals(pinned.ekPublic(), ekBytes)).isPresent()) {
                throw HvsError.EK_CHANGED.exception("host '" + hostId + "' is pinned to another TPM (its EK differs); an "
                        + "administrator must release the pin first: DELETE /hvs/v2/hosts/" + host.id() + "/ak-pin");
            }
            Challenge c = new Challenge(UUID.randomUUID(), host.id(), akBytes, ak.name(), ekBytes, ekCertificate,
                    TpmHash.SHA256.digest(secret), now.plus(properties.challengeTtl()));
            challenges.insert(c, now);
            return c;
        });
        return new ChallengeIssued(challenge.id(), Base64.getEncoder().encodeToString(made.idObject()),
                Base64.getEncoder().encodeToString(made.encryptedSecret()), challenge.expiresAt());
    }

    /** Checks the answer; the challenge is used up whether the answer is right or wrong. */
    public Onboarded respond(UUID challengeId, String secretBase64, String actor) {
        byte[] secret = base64("secret", secretBase64);
        Challenge challenge = challenges.takeAnswer(challengeId, clock.instant()).orElseThrow(() ->
                challenges.exists(challengeId)
                        ? HvsError.CHALLENGE_EXPIRED.exception("challenge " + challengeId + " expired or was answered")
                        : HvsError.CHALLENGE_NOT_FOUND.exception("no challenge " + challengeId));
        if (!MessageDigest.isEqual(TpmHash.SHA256.digest(secret), challenge.secretSha256())) {
            throw HvsError.CHALLENGE_FAILED.exception("the secret does not match: the AK and EK are not in the same TPM, "
                    + "or the answer is wrong; request a new challenge");
        }
        Host host = tx.execute(status -> pin(challenge, actor));
        queue.enqueue(host.id(), Trigger.HOST_REGISTERED);
        NatsUserIssuer issuer = natsUsers.getIfAvailable();
        String credentials = issuer == null ? null
                : issuer.agentCredentials(host.natsHostId(), properties.nats().agentCredentialsValidity());
        return new Onboarded(host.id(), host.natsHostId().value(), HexFormat.of().formatHex(challenge.akName()),
                credentials);
    }

    private Host pin(Challenge challenge, String actor) {
        Host host = hosts.findForUpdate(challenge.hostId())
                .orElseThrow(() -> HvsError.HOST_NOT_FOUND.exception("the host of this challenge was deleted"));
        PinnedAk pinned = new PinnedAk(challenge.akPublic(), challenge.akName(), challenge.ekPublic(),
                challenge.ekCertificate(), clock.instant());
        hosts.pin(host.id(), pinned);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("natsHostId", host.natsHostId().value());
        detail.put("akName", pinned.akNameHex());
        detail.put("ekCertificate", challenge.ekCertificate() != null);
        host.ak().ifPresent(previous -> detail.put("previousAkName", previous.akNameHex()));
        audit.record(actor, host.onboarded() ? "ak.repinned" : "ak.pinned", host.id(), detail);
        return host;
    }

    /** Releases a host's AK pin (administrators, e.g. after a TPM was replaced). */
    public void releasePin(UUID hostUuid, String actor) {
        tx.executeWithoutResult(status -> {
            Host host = hosts.findForUpdate(hostUuid)
                    .orElseThrow(() -> HvsError.HOST_NOT_FOUND.exception("no host " + hostUuid));
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("natsHostId", host.natsHostId().value());
            host.ak().ifPresent(previous -> detail.put("previousAkName", previous.akNameHex()));
            hosts.releasePin(host.id(), clock.instant());
            audit.record(actor, "ak.released", host.id(), detail);
        });
    }

    private void checkEkCertificate(TpmtPublic ek, byte[] der) {
        if (der == null) {
            if (properties.onboarding().requireEkCertificate()) {
                throw HvsError.EK_CERTIFICATE_REJECTED.exception("ekCertificate is required (tc.hvs.onboarding."
                        + "require-ek-certificate)");
            }
            return;
        }
        try {
            X509Certificate certificate = TpmCertificateValidator.parseCertificate(der);
            ValidatedCertificate validated = endorsementCas.validate(certificate);
            if (!validated.publicKey().equals(ek.publicKey())) {
                throw HvsError.EK_CERTIFICATE_REJECTED.exception("ekCertificate certifies another key than ekPublic");
            }
        } catch (EvidenceFormatException e) {
            throw HvsError.INVALID_INPUT.exception("ekCertificate: " + e.getMessage());
        } catch (VerificationException e) {
            throw HvsError.EK_CERTIFICATE_REJECTED.exception(e.reason() + ": " + e.getMessage());
        }
    }

    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT10M")
    public void purgeExpiredChallenges() {
        challenges.purgeExpired(clock.instant());
    }

    private static TpmtPublic tpmtPublic(String field, byte[] bytes) {
        try {
            return TpmtPublic.parse(bytes);
        } catch (EvidenceFormatException e) {
            throw HvsError.INVALID_TPM_KEY.exception(field + ": " + e.getMessage());
        }
    }

    private static byte[] base64(String field, String value) {
        if (value == null || value.isEmpty()) {
            throw HvsError.INVALID_INPUT.exception(field + " is required (base64)");
        }
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            throw HvsError.INVALID_INPUT.exception(field + " is not base64");
        }
    }
}
