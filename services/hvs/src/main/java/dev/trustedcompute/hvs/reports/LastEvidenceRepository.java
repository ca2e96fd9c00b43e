package dev.trustedcompute.hvs.reports;

import dev.trustedcompute.agentprotocol.Evidence;
import dev.trustedcompute.agentprotocol.ProtocolException;
import dev.trustedcompute.agentprotocol.ProtocolJson;
import dev.trustedcompute.hvs.nats.FetchedEvidence;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.UUID;

/** Each host's last evidence that verified, for judging it again when flavors change. */
@Repository
public class LastEvidenceRepository {

    private final JdbcClient jdbc;

    public LastEvidenceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A host's evidence that verified, and when. */
    public record Verified(UUID hostId, FetchedEvidence evidence, Instant verifiedAt) {
    }

    /** Keeps each host's evidence of {@code verified} (one per host) in one statement. */
    public void saveAll(Collection<Verified> verified) {
        jdbc.sql("""
                INSERT INTO host_evidence (host_id, evidence, nonce_sha256, verified_at)
                SELECT * FROM unnest(:hosts, :evidence, :extraData, :at)
                ON CONFLICT (host_id) DO UPDATE SET evidence = EXCLUDED.evidence,
                       nonce_sha256 = EXCLUDED.nonce_sha256, verified_at = EXCLUDED.verified_at""")
                .param("hosts", verified.stream().map(Verified::hostId).toArray(UUID[]::new))
                .param("evidence", verified.stream().map(v -> ProtocolJson.encode(v.evidence().evidence()))
                        .toArray(byte[][]::new))
                .param("extraData", verified.stream().map(v -> v.evidence().extraData()).toArray(byte[][]::new))
                .param("at", verified.stream().map(v -> Timestamp.from(v.verifiedAt())).toArray(Timestamp[]::new))
                .update();
    }

    public Optional<FetchedEvidence> find(UUID hostId) {
        return jdbc.sql("SELECT evidence, nonce_sha256 FROM host_evidence WHERE host_id = :host").param("host", hostId)
                .query((rs, row) -> {
                    try {
                        return new FetchedEvidence(ProtocolJson.decode(rs.getBytes("evidence"), Evidence.class),
                                rs.getBytes("nonce_sha256"));
                    } catch (ProtocolException e) {
                        throw new IllegalStateException("stored evidence of host " + hostId + " does not decode", e);
                    }
                }).optional();
    }
}
