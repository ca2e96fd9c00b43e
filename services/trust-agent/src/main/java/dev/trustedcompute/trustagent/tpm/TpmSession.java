package dev.trustedcompute.trustagent.tpm;

import dev.trustedcompute.trustagent.AgentException;
import dev.trustedcompute.trustagent.Failure;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Supplier;
import tss.Tpm;
import tss.TpmDevice;
import tss.TpmDeviceTcp;
import tss.TpmException;
import tss.tpm.TPM_HANDLE;
import tss.tpm.TPM_RC;

/**
 * One connection to the TPM for one agent operation. Every transient object and session the operation creates
 * is registered with {@link #transientHandle} and flushed when the session closes, whatever happened (swtpm has
 * no resource manager and only three object slots, and a leaked handle on a real TPM survives until reboot).
 * Every TPM call goes through {@link #call}, which turns TSS.Java's unchecked errors into {@link AgentException}.
 */
final class TpmSession implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(TpmSession.class.getName());

    private final TpmEndpoint endpoint;
    private final TpmDevice device;
    private final Tpm tpm;
    private final Deque<TPM_HANDLE> transients = new ArrayDeque<>();

    private TpmSession(TpmEndpoint endpoint, TpmDevice device) {
        this.endpoint = endpoint;
        this.device = device;
        this.tpm = new Tpm();
        tpm._setDevice(device);
    }

    static TpmSession open(TpmEndpoint endpoint) throws AgentException {
        TpmDevice device = switch (endpoint) {
            case TpmEndpoint.Device d -> new CharacterDeviceTpm(d.path());
            case TpmEndpoint.Simulator s -> new TpmDeviceTcp(s.host(), s.port());
        };
        boolean connected;
        try {
            connected = device.connect();
        } catch (RuntimeException e) {
            throw new AgentException(Failure.TPM_UNAVAILABLE, "cannot open the TPM at " + endpoint + ": "
                    + e.getMessage(), e);
        }
        if (!connected) {
            throw new AgentException(Failure.TPM_UNAVAILABLE, "cannot connect to the TPM at " + endpoint);
        }
        return new TpmSession(endpoint, device);
    }

    /**
     * Runs one TPM command; a TPM error code or a transport failure becomes an {@link AgentException}. Errors are
     * allowed in TSS.Java and checked here, so it does not print them on standard output (where the CLI writes JSON).
     */
    <T> T call(String command, Supplier<T> action) throws AgentException {
        try {
            tpm._allowErrors();
            T result = action.get();
            if (!tpm._lastCommandSucceeded()) {
                TPM_RC rc = tpm._getLastResponseCode();
                throw new AgentException(Failure.TPM_ERROR, "TPM2_" + command + " failed on " + endpoint + ": "
                        + rc.name() + String.format(" (0x%03x)", rc.toInt()));
            }
            return result;
        } catch (TpmException e) {
            throw new AgentException(Failure.TPM_ERROR, "TPM2_" + command + " failed on " + endpoint + ": "
                    + responseCode(e), e);
        } catch (RuntimeException e) {
            throw new AgentException(Failure.TPM_UNAVAILABLE, "TPM2_" + command + " on " + endpoint + ": "
                    + e.getMessage(), e);
        }
    }

    /** Like {@link #call} for commands without a result. */
    void run(String command, Runnable action) throws AgentException {
        call(command, () -> {
            action.run();
            return null;
        });
    }

    /** Registers a transient object or session handle to be flushed on {@link #close()}. */
    TPM_HANDLE transientHandle(TPM_HANDLE handle) {
        transients.push(handle);
        return handle;
    }

    /** Flushes a registered handle now (frees a slot before the next object is loaded). */
    void flush(TPM_HANDLE handle) throws AgentException {
        transients.remove(handle);
        run("FlushContext", () -> tpm.FlushContext(handle));
    }

    Tpm tpm() {
        return tpm;
    }

    @Override
    public void close() {
        while (!transients.isEmpty()) {
            TPM_HANDLE handle = transients.pop();
            try {
                tpm._allowErrors().FlushContext(handle);
                if (!tpm._lastCommandSucceeded()) {
                    throw new IllegalStateException(tpm._getLastResponseCode().name());
                }
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "could not flush TPM handle 0x{0} on {1}: {2}",
                        Integer.toHexString(handle.handle), endpoint, e.getMessage());
            }
        }
        device.close();
    }

    private static String responseCode(TpmException e) {
        if (e.ResponseCode != null) {
            return e.ResponseCode.name() + String.format(" (0x%03x)", e.ResponseCode.toInt());
        }
        return e.getMessage();
    }
}
