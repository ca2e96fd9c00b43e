package dev.trustedcompute.testsupport;

import dev.trustedcompute.testsupport.postgres.DedicatedPostgres;
import dev.trustedcompute.testsupport.postgres.PostgresDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DedicatedPostgresTest {

    @Test
    void stopWhenRestartedThenConnectionsFailMeanwhileAndCommittedRowsRemain() throws Exception {
        try (DedicatedPostgres postgres = DedicatedPostgres.start()) {
            PostgresDatabase db = postgres.createDatabase("restart_check");
            try (Connection c = connect(db); Statement st = c.createStatement()) {
                st.execute("CREATE TABLE marker (id int)");
                st.execute("INSERT INTO marker VALUES (7)");
            }

            postgres.stop();
            assertThatThrownBy(() -> connect(db).close()).isInstanceOf(SQLException.class);
            postgres.startServer();

            try (Connection c = connect(db); Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT id FROM marker")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(7);
            }
            assertThat(postgres.toString()).contains("127.0.0.1:");
        }
    }

    private static Connection connect(PostgresDatabase db) throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
    }
}
