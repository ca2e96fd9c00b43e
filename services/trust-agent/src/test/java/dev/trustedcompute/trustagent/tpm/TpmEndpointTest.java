package dev.trustedcompute.trustagent.tpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.trustedcompute.trustagent.AgentException;
import dev.trustedcompute.trustagent.Failure;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TpmEndpointTest {

    @Test
    void parseWhenDeviceOrPathThenDevice() throws Exception {
        assertThat(TpmEndpoint.parse("device:/dev/tpmrm0")).isEqualTo(new TpmEndpoint.Device(Path.of("/dev/tpmrm0")));
        assertThat(TpmEndpoint.parse("/dev/tpm0")).isEqualTo(new TpmEndpoint.Device(Path.of("/dev/tpm0")));
    }

    @Test
    void parseWhenSwtpmTctiThenSimulatorAndBackToTheSameString() throws Exception {
        TpmEndpoint endpoint = TpmEndpoint.parse("swtpm:host=127.0.0.1,port=2321");

        assertThat(endpoint).isEqualTo(new TpmEndpoint.Simulator("127.0.0.1", 2321));
        assertThat(endpoint).hasToString("swtpm:host=127.0.0.1,port=2321");
    }

    @ParameterizedTest
    @ValueSource(strings = {"tpmrm0", "swtpm:port=2321", "swtpm:host=h,port=0", "swtpm:host=h,port=70000", "mssim:"})
    void parseWhenNeitherDeviceNorSwtpmThenBadInput(String spec) {
        assertThatThrownBy(() -> TpmEndpoint.parse(spec)).isInstanceOfSatisfying(AgentException.class,
                e -> assertThat(e.failure()).isEqualTo(Failure.BAD_INPUT));
    }
}
