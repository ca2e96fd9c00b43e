package dev.trustedcompute.trustagent.hostinfo;

import dev.trustedcompute.agentprotocol.DiskEncryption;
import dev.trustedcompute.trustagent.AgentException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Whether the root file system sits on dm-crypt: the device mounted at {@code /} (from /proc/mounts) is followed
 * through device-mapper ({@code /sys/block/dm-N/dm/uuid}, {@code slaves/}) until a {@code CRYPT-<type>-} target
 * (LUKS1, LUKS2, PLAIN, BITLK...) or a plain disk is found. dm-verity and dm-integrity are not encryption.
 * A root that is no block device (overlay, tmpfs, a network file system) gives no answer (null).
 */
final class DiskEncryptionProbe {

    private static final int MAX_DEPTH = 8;

    private final SystemPaths paths;

    DiskEncryptionProbe(SystemPaths paths) {
        this.paths = paths;
    }

    Optional<DiskEncryption> probe() throws AgentException {
        Optional<String> mounts = HostFiles.text(paths.mounts());
        if (mounts.isEmpty()) {
            return Optional.empty();
        }
        String device = null;
        for (String line : mounts.get().split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length >= 2 && fields[1].equals("/")) {
                device = fields[0]; // a later mount over / hides the earlier one
            }
        }
        if (device == null || !device.startsWith("/dev/")) {
            return Optional.empty();
        }
        Optional<String> dm = deviceMapperName(device);
        if (dm.isEmpty()) {
            return Optional.of(new DiskEncryption(false, null));
        }
        return Optional.of(follow(dm.get(), 0).map(method -> new DiskEncryption(true, method))
                .orElse(new DiskEncryption(false, null)));
    }

    /** {@code dm-N} for /dev/dm-N and /dev/mapper/NAME; empty for a plain block device. */
    private Optional<String> deviceMapperName(String device) throws AgentException {
        String name = device.substring("/dev/".length());
        if (name.startsWith("dm-")) {
            return Optional.of(name);
        }
        if (!name.startsWith("mapper/")) {
            return Optional.empty();
        }
        String mapped = name.substring("mapper/".length());
        for (String dm : list(paths.sysBlock(), "dm-")) {
            if (HostFiles.text(paths.sysBlock().resolve(dm).resolve("dm/name")).orElse("").equals(mapped)) {
                return Optional.of(dm);
            }
        }
        return Optional.empty();
    }

    /** The crypt type of {@code dm} or of a device-mapper device below it (LVM on LUKS). */
    private Optional<String> follow(String dm, int depth) throws AgentException {
        if (depth > MAX_DEPTH) {
            return Optional.empty();
        }
        Path dir = paths.sysBlock().resolve(dm);
        String uuid = HostFiles.text(dir.resolve("dm/uuid")).orElse("");
        if (uuid.startsWith("CRYPT-")) {
            String type = uuid.substring("CRYPT-".length()).split("-", 2)[0];
            if (!type.equals("VERITY") && !type.equals("INTEGRITY")) {
                return Optional.of(type);
            }
        }
        for (String slave : list(dir.resolve("slaves"), "dm-")) {
            Optional<String> below = follow(slave, depth + 1);
            if (below.isPresent()) {
                return below;
            }
        }
        return Optional.empty();
    }

    private static List<String> list(Path dir, String prefix) throws AgentException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            List<String> names = new ArrayList<>();
            entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(prefix)).sorted().forEach(names::add);
            return names;
        } catch (IOException e) {
            throw new AgentException(dev.trustedcompute.trustagent.Failure.LOCAL_STATE, "cannot list " + dir + ": " + e,
                    e);
        }
    }
}
