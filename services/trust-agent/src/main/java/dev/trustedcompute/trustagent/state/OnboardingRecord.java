package dev.trustedcompute.trustagent.state;

import java.time.Instant;
import java.util.Objects;

/**
 * What HVS answered when it accepted this node's AK.
 *
 * @param hostId      the NATS host id HVS registered (the subjects the NATS credentials allow)
 * @param hostUuid    HVS's host record id
 * @param akName      hex TPM name of the AK HVS pinned
 * @param hvsUrl      the HVS base URL onboarded with
 * @param onboardedAt when HVS accepted the credential activation
 * @param natsCredentials whether HVS issued NATS credentials (stored beside this record)
 */
public record OnboardingRecord(String hostId, String hostUuid, String akName, String hvsUrl, Instant onboardedAt,
                               boolean natsCredentials) {

    public static final String FILE = "onboarding.json";
    /** The NATS .creds file HVS issued (user JWT and nkey seed: a secret, mode 0600). */
    public static final String NATS_CREDENTIALS_FILE = "nats.creds";

    public OnboardingRecord {
        Objects.requireNonNull(hostId, "hostId");
        Objects.requireNonNull(hostUuid, "hostUuid");
        Objects.requireNonNull(akName, "akName");
        Objects.requireNonNull(onboardedAt, "onboardedAt");
    }
}
