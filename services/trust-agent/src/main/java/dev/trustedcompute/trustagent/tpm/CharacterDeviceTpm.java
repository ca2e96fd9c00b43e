package dev.trustedcompute.trustagent.tpm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import tss.TpmDevice;

/**
 * A TPM character device at a configurable path ({@code /dev/tpmrm0}, {@code /dev/tpm0}, a device passed into a
 * container under another name). TSS.Java's own {@code TpmDeviceLinux} only knows the two default paths. The
 * kernel takes one whole command per write and returns one whole response per read.
 */
final class CharacterDeviceTpm extends TpmDevice {

    /** The kernel's TPM_BUFSIZE; no command or response is larger. */
    private static final int MAX_RESPONSE = 4096;

    private final Path path;
    private FileChannel channel;
    private byte[] response;

    CharacterDeviceTpm(Path path) {
        this.path = path;
    }

    @Override
    public boolean connect() {
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open TPM device " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void dispatchCommand(byte[] command) {
        try {
            channel.write(ByteBuffer.wrap(command));
            ByteBuffer buffer = ByteBuffer.allocate(MAX_RESPONSE);
            int read = channel.read(buffer);
            if (read <= 0) {
                throw new IOException("no response");
            }
            response = Arrays.copyOf(buffer.array(), read);
        } catch (IOException e) {
            throw new UncheckedIOException("TPM device " + path + ": " + e.getMessage(), e);
        }
    }

    @Override
    public byte[] getResponse() {
        byte[] r = response;
        response = null;
        return r;
    }

    @Override
    public boolean responseReady() {
        return response != null;
    }

    @Override
    public void close() {
        try {
            if (channel != null) {
                channel.close();
            }
        } catch (IOException e) {
            // closing a device we only read from cannot lose data
        }
    }
}
