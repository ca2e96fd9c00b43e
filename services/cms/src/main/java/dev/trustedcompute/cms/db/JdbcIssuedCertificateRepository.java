package dev.trustedcompute.cms.db;

import dev.trustedcompute.cms.authority.CertType;
import dev.trustedcompute.cms.authority.IssuedCertificate;
import dev.trustedcompute.cms.authority.IssuedCertificateRepository;
import dev.trustedcompute.cms.authority.RevocationReason;
import dev.trustedcompute.cms.authority.SerialNumber;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

/** {@link IssuedCertificateRepository} on PostgreSQL (schema in {@code db/migration/V1__...sql}). */
public class JdbcIssuedCertificateRepository implements IssuedCertificateRepository {
    private final JdbcClient jdbc;

    public JdbcIssuedCertificateRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void save(IssuedCertificate c) {
        jdbc.sql("""
                insert into issued_certificate (serial, cert_type, subject, sans, not_before, not_after, pem, issued_at, requested_by)
                values (:serial, :type, :subject, :sans, :notBefore, :notAfter, :pem, :issuedAt, :requestedBy)""")
                .param("serial", c.serial().hex())
                .param("type", c.type().wireName())
                .param("subject", c.subject())
                .param("sans", c.sans().toArray(String[]::new))
                .param("notBefore", utc(c.notBefore()))
                .param("notAfter", utc(c.notAfter()))
                .param("pem", c.pem())
                .param("issuedAt", utc(c.issuedAt()))
                .param("requestedBy", c.requestedBy())
                .update();
    }

    @Override
    public Optional<IssuedCertificate> find(SerialNumber serial) {
        return jdbc.sql("select * from issued_certificate where serial = :serial")
                .param("serial", serial.hex())
                .query((rs, n) -> map(rs))
                .optional();
    }

    @Override
    @Transactional
    public RevokeOutcome revoke(SerialNumber serial, Instant at, RevocationReason reason) {
        int updated = jdbc.sql("""
                update issued_certificate set revoked_at = :at, revocation_reason = :reason
                where serial = :serial and revoked_at is null""")
                .param("at", utc(at))
                .param("reason", reason.wireName())
                .param("serial", serial.hex())
                .update();
        if (updated == 1) {
            return RevokeOutcome.REVOKED;
        }
        boolean exists = jdbc.sql("select count(*) from issued_certificate where serial = :serial")
                .param("serial", serial.hex()).query(Long.class).single() > 0;
        return exists ? RevokeOutcome.ALREADY_REVOKED : RevokeOutcome.UNKNOWN;
    }

    @Override
    public List<IssuedCertificate> revoked(CertType type, Instant at) {
        return jdbc.sql("""
                select * from issued_certificate
                where cert_type = :type and revoked_at is not null and not_after > :at
                order by revoked_at, serial""")
                .param("type", type.wireName())
                .param("at", utc(at))
                .query((rs, n) -> map(rs))
                .list();
    }

    @Override
    public long nextCrlNumber(String caName) {
        // One statement: concurrent callers serialise on the row lock and each get a distinct, larger number.
        return jdbc.sql("""
                insert into crl_number (issuing_ca, last_number) values (:ca, 1)
                on conflict (issuing_ca) do update set last_number = crl_number.last_number + 1
                returning last_number""")
                .param("ca", caName)
                .query(Long.class)
                .single();
    }

    private static IssuedCertificate map(ResultSet rs) throws SQLException {
        Array sans = rs.getArray("sans");
        Timestamp revokedAt = rs.getTimestamp("revoked_at");
        Optional<IssuedCertificate.Revocation> revocation = revokedAt == null ? Optional.empty()
                : Optional.of(new IssuedCertificate.Revocation(revokedAt.toInstant(),
                RevocationReason.parse(rs.getString("revocation_reason"))));
        return new IssuedCertificate(
                SerialNumber.parse(rs.getString("serial")),
                CertType.fromWireName(rs.getString("cert_type")).orElseThrow(),
                rs.getString("subject"),
                List.of((String[]) sans.getArray()),
                rs.getTimestamp("not_before").toInstant(),
                rs.getTimestamp("not_after").toInstant(),
                rs.getString("pem"),
                rs.getTimestamp("issued_at").toInstant(),
                rs.getString("requested_by"),
                revocation);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
