package dev.trustedcompute.trustagent.cc;

import dev.trustedcompute.trustagent.AgentException;
import dev.trustedcompute.trustagent.Failure;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import jdk.net.ExtendedSocketOptions;
import jdk.net.UnixDomainPrincipal;

/**
 * Serves {@link CcRoutes} to workloads on the node over a Unix domain socket (mounted into their pods), one
 * request per connection, each on a virtual thread. The socket is {@code 0666} by default: the API is read-only and
 * every caller is rate-limited by its peer credential (SO_PEERCRED user), which the kernel vouches for. A node that
 * serves only some workloads narrows it with a mode (e.g. {@code 0660}) and a group.
 */
public final class CcSocketServer implements AutoCloseable {

    /**
     * Settings. {@code mode} is the socket file's permissions as octal ({@code 0666}, {@code 660}), {@code group} its
     * group when set; {@code burst} requests at once per caller uid, refilled at {@code perSecond}.
     */
    public record Settings(Path socket, String mode, Optional<String> group, int burst, double perSecond, int maxBody,
                           int maxConnections) {

        public static final String DEFAULT_MODE = "0666";
        public static final int DEFAULT_BURST = 20;
        public static final double DEFAULT_PER_SECOND = 5;

        public Settings {
            permissions(mode);
            if (burst < 1 || !(perSecond > 0)) {
                throw new IllegalArgumentException("rate limit needs a burst >= 1 and a positive rate, not " + burst
                        + " and " + perSecond);
            }
        }

        public static Settings defaults(Path socket) {
            return new Settings(socket, DEFAULT_MODE, Optional.empty(), DEFAULT_BURST, DEFAULT_PER_SECOND,
                    4 * 1024 * 1024, 64);
        }

        public Settings withAccess(String newMode, Optional<String> newGroup, int newBurst, double newPerSecond) {
            return new Settings(socket, newMode, newGroup, newBurst, newPerSecond, maxBody, maxConnections);
        }

        /** Read and write bits of an octal mode; execute bits and anything else are refused. */
        static Set<PosixFilePermission> permissions(String mode) {
            if (mode == null || !mode.matches("0?[0-7]{3}") || mode.chars().anyMatch(c -> c == '1' || c == '3'
                    || c == '5' || c == '7')) {
                throw new IllegalArgumentException("socket mode must be octal read/write bits such as 0666 or 0660, "
                        + "not '" + mode + "'");
            }
            String digits = mode.substring(mode.length() - 3);
            StringBuilder rwx = new StringBuilder();
            for (char digit : digits.toCharArray()) {
                int bits = digit - '0';
                rwx.append((bits & 4) != 0 ? 'r' : '-').append((bits & 2) != 0 ? 'w' : '-').append('-');
            }
            return PosixFilePermissions.fromString(rwx.toString());
        }
    }

    private final Settings settings;
    private final CcRoutes routes;
    private final RateLimiter limiter;
    private final ServerSocketChannel server;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore connections;

    private CcSocketServer(Settings settings, CcRoutes routes, ServerSocketChannel server) {
        this.settings = settings;
        this.routes = routes;
        this.server = server;
        this.limiter = new RateLimiter(settings.burst(), settings.perSecond(), System::nanoTime);
        this.connections = new Semaphore(settings.maxConnections());
    }

    /** Binds the socket (replacing a stale one left by a crashed agent) and starts accepting. */
    public static CcSocketServer start(Settings settings, CcTrustedApi api) throws AgentException {
        Path socket = settings.socket();
        try {
            if (socket.getParent() != null) {
                Files.createDirectories(socket.getParent());
            }
            Files.deleteIfExists(socket);
            ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
            try {
                restrict(socket, settings);
            } catch (IOException e) {
                server.close();
                throw e;
            }
            CcSocketServer s = new CcSocketServer(settings, new CcRoutes(api), server);
            Thread.ofPlatform().daemon().name("cc-api-accept").start(s::acceptLoop);
            return s;
        } catch (IOException e) {
            throw new AgentException(Failure.LOCAL_STATE, "cannot listen on the CC API socket " + socket + ": " + e, e);
        }
    }

    private static void restrict(Path socket, Settings settings) throws IOException {
        Files.setPosixFilePermissions(socket, Settings.permissions(settings.mode()));
        if (settings.group().isPresent()) {
            String group = settings.group().get();
            try {
                Files.getFileAttributeView(socket, PosixFileAttributeView.class).setGroup(socket.getFileSystem()
                        .getUserPrincipalLookupService().lookupPrincipalByGroupName(group));
            } catch (UserPrincipalNotFoundException e) {
                throw new IOException("no group named '" + group + "' on this node", e);
            }
        }
    }

    public Path socket() {
        return settings.socket();
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel client = server.accept();
                if (!connections.tryAcquire()) {
                    answer(client, CcRoutes.problem(CcError.RATE_LIMITED, "too many open connections"));
                    continue;
                }
                threads.execute(() -> {
                    try {
                        serve(client);
                    } finally {
                        connections.release();
                    }
                });
            } catch (IOException e) {
                if (!server.isOpen()) {
                    return;
                }
            }
        }
    }

    private void serve(SocketChannel client) {
        HttpMessage.Response response;
        try {
            InputStream in = Channels.newInputStream(client);
            HttpMessage.Request request = HttpMessage.read(in, settings.maxBody());
            String caller = caller(client);
            response = limiter.tryAcquire(caller) ? routes.handle(request)
                    : CcRoutes.problem(CcError.RATE_LIMITED, "rate limit of " + settings.burst() + " requests, "
                            + settings.perSecond() + "/s exceeded for " + caller);
        } catch (CcException e) {
            response = CcRoutes.problem(e.error(), e.getMessage());
        } catch (IOException e) {
            close(client);
            return;
        }
        answer(client, response);
    }

    private static String caller(SocketChannel client) throws IOException {
        UnixDomainPrincipal peer = client.getOption(ExtendedSocketOptions.SO_PEERCRED);
        return "uid " + peer.user().getName();
    }

    private static void answer(SocketChannel client, HttpMessage.Response response) {
        try (client) {
            OutputStream out = Channels.newOutputStream(client);
            HttpMessage.write(out, response);
        } catch (IOException e) {
            // the caller went away; nothing to tell it
        }
    }

    private static void close(SocketChannel client) {
        try {
            client.close();
        } catch (IOException e) {
            // already gone
        }
    }

    /** Stops accepting, lets running requests finish, removes the socket file. */
    @Override
    public void close() {
        close(server);
        threads.close();
        try {
            Files.deleteIfExists(settings.socket());
        } catch (IOException e) {
            // a stale socket is replaced at the next start
        }
    }

    private static void close(ServerSocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // closing is best effort
        }
    }
}
