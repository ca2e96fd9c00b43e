package dev.trustedcompute.aas.users;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class UserRepository {

    /** A user with its stored Argon2id hash, for authentication only. */
    public record Credentials(User user, String passwordHash) {
        @Override
        public String toString() {
            return "Credentials[" + user + "]";
        }
    }

    private final JdbcClient jdbc;

    public UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts; a taken username raises {@code DuplicateKeyException}. */
    public User insert(UUID id, String username, String passwordHash, Instant now) {
        jdbc.sql("INSERT INTO users (id, username, password_hash, created_at, updated_at) VALUES (?, ?, ?, ?, ?)")
                .params(id, username, passwordHash, Timestamp.from(now), Timestamp.from(now))
                .update();
        return new User(id, username);
    }

    public Optional<User> findById(UUID id) {
        return jdbc.sql("SELECT id, username FROM users WHERE id = ?").param(id)
                .query((rs, n) -> new User(rs.getObject("id", UUID.class), rs.getString("username")))
                .optional();
    }

    public Optional<Credentials> credentials(String username) {
        return jdbc.sql("SELECT id, username, password_hash FROM users WHERE username = ?").param(username)
                .query((rs, n) -> new Credentials(new User(rs.getObject("id", UUID.class), rs.getString("username")),
                        rs.getString("password_hash")))
                .optional();
    }

    public Optional<Credentials> credentials(UUID id) {
        return jdbc.sql("SELECT id, username, password_hash FROM users WHERE id = ?").param(id)
                .query((rs, n) -> new Credentials(new User(rs.getObject("id", UUID.class), rs.getString("username")),
                        rs.getString("password_hash")))
                .optional();
    }

    public List<User> search(String name, String nameContains) {
        List<String> where = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        if (name != null) {
            where.add("username = :name");
            params.put("name", name);
        }
        if (nameContains != null) {
            where.add("strpos(username, :nameContains) > 0");
            params.put("nameContains", nameContains);
        }
        return jdbc.sql("SELECT id, username FROM users " + (where.isEmpty() ? "" : "WHERE " + String.join(" AND ", where))
                        + " ORDER BY username")
                .params(params)
                .query((rs, n) -> new User(rs.getObject("id", UUID.class), rs.getString("username")))
                .list();
    }

    public void updateUsername(UUID id, String username, Instant now) {
        jdbc.sql("UPDATE users SET username = ?, updated_at = ? WHERE id = ?")
                .params(username, Timestamp.from(now), id).update();
    }

    public void updatePasswordHash(UUID id, String passwordHash, Instant now) {
        jdbc.sql("UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?")
                .params(passwordHash, Timestamp.from(now), id).update();
    }

    public boolean delete(UUID id) {
        return jdbc.sql("DELETE FROM users WHERE id = ?").param(id).update() > 0;
    }

    /** Locks the user's row until the transaction ends (serializes concurrent changes to one user). */
    public Optional<User> lock(UUID id) {
        return jdbc.sql("SELECT id, username FROM users WHERE id = ? FOR UPDATE").param(id)
                .query((rs, n) -> new User(rs.getObject("id", UUID.class), rs.getString("username")))
                .optional();
    }
}
