package dev.trustedcompute.hvs.onboarding;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import dev.trustedcompute.tpmquote.tpm.TpmCertificateValidator;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.security.cert.CertificateEncodingException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Endorsement CAs in PostgreSQL (shared by every HVS instance). */
@Repository
public class EndorsementCaRepository {

    private final JdbcClient jdbc;

    public EndorsementCaRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(EndorsementCa ca) {
        try {
            jdbc.sql("""
                    INSERT INTO endorsement_cas (id, subject, sha256, certificate, self_signed, not_after, comment, created_at)
                    VALUES (:id, :subject, :sha256, :certificate, :selfSigned, :notAfter, :comment, :createdAt)""")
                    .param("id", ca.id())
                    .param("subject", ca.certificate().getSubjectX500Principal().getName())
                    .param("sha256", ca.sha256())
                    .param("certificate", ca.certificate().getEncoded())
                    .param("selfSigned", ca.selfSigned())
                    .param("notAfter", Timestamp.from(ca.certificate().getNotAfter().toInstant()))
                    .param("comment", ca.comment())
                    .param("createdAt", Timestamp.from(ca.createdAt()))
                    .update();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("a parsed certificate cannot be re-encoded", e);
        }
    }

    public boolean existsWithSha256(String sha256) {
        return jdbc.sql("SELECT count(*) FROM endorsement_cas WHERE sha256 = :sha256").param("sha256", sha256)
                .query(Long.class).single() > 0;
    }

    public Optional<EndorsementCa> find(UUID id) {
        return jdbc.sql("SELECT * FROM endorsement_cas WHERE id = :id").param("id", id)
                .query(EndorsementCaRepository::map).optional();
    }

    public List<EndorsementCa> all() {
        return jdbc.sql("SELECT * FROM endorsement_cas ORDER BY id").query(EndorsementCaRepository::map).list();
    }

    public boolean delete(UUID id) {
        return jdbc.sql("DELETE FROM endorsement_cas WHERE id = :id").param("id", id).update() == 1;
    }

    private static EndorsementCa map(ResultSet rs, int row) throws SQLException {
        try {
            return new EndorsementCa(rs.getObject("id", UUID.class),
                    TpmCertificateValidator.parseCertificate(rs.getBytes("certificate")), rs.getString("sha256"),
                    rs.getString("comment"), rs.getTimestamp("created_at").toInstant());
        } catch (EvidenceFormatException e) {
            throw new IllegalStateException("stored endorsement CA " + rs.getString("id") + " does not parse", e);
        }
    }
}
