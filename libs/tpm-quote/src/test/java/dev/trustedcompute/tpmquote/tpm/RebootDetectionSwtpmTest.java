package dev.trustedcompute.tpmquote.tpm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.trustedcompute.testsupport.swtpm.Swtpm;
import dev.trustedcompute.testsupport.swtpm.SwtpmTest;
import java.util.HexFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The quote's clock info tells a reboot (TPM reset) apart from an ongoing boot, with a persistent AK. */
@SwtpmTest
class RebootDetectionSwtpmTest {

    private static final String AK_HANDLE = "0x81010002";

    @BeforeAll
    static void persistentAk(Swtpm tpm) {
        tpm.tpm2("tpm2_createek", "-c", "ek.ctx", "-G", "rsa", "-u", "ek.pub");
        tpm.flush();
        tpm.tpm2("tpm2_createak", "-C", "ek.ctx", "-c", "ak.ctx", "-G", "ecc", "-g", "sha256", "-s", "ecdsa",
                "-u", "ak.pub", "-n", "ak.name");
        tpm.flush();
        tpm.tpm2("tpm2_evictcontrol", "-C", "o", "-c", "ak.ctx", AK_HANDLE);
        tpm.flush();
    }

    private static QuotedPcrs quote(Swtpm tpm, String nonceHex) throws Exception {
        tpm.tpm2("tpm2_quote", "-c", AK_HANDLE, "-l", "sha256:0,7", "-q", nonceHex, "-m", "q.msg", "-s", "q.sig",
                "-o", "q.pcrs", "-g", "sha256");
        tpm.flush();
        return AkPublic.of(TpmtPublic.parseTpm2b(tpm.read("ak.pub"))).verify(TpmsAttest.parse(tpm.read("q.msg")),
                TpmtSignature.parse(tpm.read("q.sig")), Tpm2ToolsPcrs.parseSerialized(tpm.read("q.pcrs")).get(0),
                HexFormat.of().parseHex(nonceHex));
    }

    @Test
    void resetSinceWhenTpmRebootedBetweenQuotesThenTrue(Swtpm tpm) throws Exception {
        QuotedPcrs before = quote(tpm, "0a0b0c0d");

        tpm.reboot();
        QuotedPcrs after = quote(tpm, "0a0b0c0e");

        assertThat(after.resetSince(before)).isTrue();
        assertThat(after.clockInfo().resetCount()).isEqualTo(before.clockInfo().resetCount() + 1);
    }

    @Test
    void resetSinceWhenNoRebootBetweenQuotesThenFalse(Swtpm tpm) throws Exception {
        QuotedPcrs first = quote(tpm, "01");
        QuotedPcrs second = quote(tpm, "02");

        assertThat(second.resetSince(first)).isFalse();
        assertThat(second.clockInfo().clock()).isGreaterThanOrEqualTo(first.clockInfo().clock());
    }
}
