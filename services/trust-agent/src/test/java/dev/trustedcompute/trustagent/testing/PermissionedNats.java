package dev.trustedcompute.trustagent.testing;

import dev.trustedcompute.agentprotocol.HostId;
import dev.trustedcompute.agentprotocol.Subjects;
import dev.trustedcompute.testsupport.MissingToolException;
import dev.trustedcompute.testsupport.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A nats-server of the test's own with the permissions HVS's per-host credentials carry (api-specs/asyncapi.yaml):
 * the agent may subscribe only to {@code trust-agent.<hostId>.>} and {@code _INBOX.<hostId>.>}, publish only to
 * {@code hvs.agents.<hostId>.>} and answer each request once. Users with passwords stand in for the nkey/JWT
 * credentials HVS issues (same permission model, no operator setup).
 */
public final class PermissionedNats implements AutoCloseable {

    public static final String PASSWORD = "test-only-password";

    private final Process process;
    private final int port;
    private final Path dir;

    private PermissionedNats(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    public static PermissionedNats start(Subjects subjects, HostId agent) {
        String binary = Ports.which("nats-server");
        if (binary == null) {
            throw new MissingToolException("nats-server not found: install the Debian package nats-server");
        }
        try {
            Path dir = Files.createTempDirectory("tc-agent-nats-");
            int port = Ports.freePort();
            Path conf = Files.writeString(dir.resolve("nats.conf"), """
                    listen: 127.0.0.1:%d
                    authorization {
                      users = [
                        {user: agent, password: "%s", permissions: {
                          publish: {allow: ["%s"]},
                          subscribe: {allow: ["%s", "%s"]},
                          allow_responses: {max: 1}}},
                        {user: hvs, password: "%s", permissions: {
                          publish: {allow: ["%strust-agent.>"]},
                          subscribe: {allow: ["%shvs.agents.>", "_INBOX.>"]},
                          allow_responses: {max: 1}}}
                      ]
                    }
                    """.formatted(port, PASSWORD, subjects.agentOutbound(agent), subjects.agentInbound(agent),
                    Subjects.agentInbox(agent), PASSWORD, subjects.prefix(), subjects.prefix()));
            Process process = new ProcessBuilder(binary, "-c", conf.toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("nats.log").toFile()).start();
            if (!Ports.awaitListening(port, 10_000)) {
                process.destroyForcibly();
                throw new IllegalStateException("nats-server did not start; see " + dir.resolve("nats.log"));
            }
            return new PermissionedNats(process, port, dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String url(String user) {
        return "nats://" + user + ":" + PASSWORD + "@127.0.0.1:" + port;
    }

    /** The server's log (permission violations are logged there). */
    public String log() {
        try {
            return Files.readString(dir.resolve("nats.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
