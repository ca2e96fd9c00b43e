package dev.trustedcompute.tpmquote.snp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AmdRootsTest {

    @ParameterizedTest
    @CsvSource({
        "MILAN, 69d063b45344d26a2e94e1f4210de49ef555308287d4c174445c95639a540bcd, "
                + "67d303bd3905fd38db8b20e0793699870e7fa612eaad5dec358293fd8c0bac1b, "
                + "c5e081f59b7efab1fe2f8b505e159704e72f29cab7ef7cf628a05a42439082f5",
        "GENOA, 4c6598d19c18719c5dfd4a7d335f674e5bfe1d8f800cea2cf270c10d103db2f1, "
                + "5464738c1546aed5f2cecf1dc98c5c960a92e8913238a61711bc90ec6e828521, "
                + "197e610743a917d6b9bb982a5a9226ccc0a15b611be0619e626aca9151457372",
        "TURIN, 1f084161a44bb6d93778a904877d4819cafa5d05ef4193b2ded9dd9c73dd3f6a, "
                + "5b77ef5fe7a7a004fd9032668fba9d0fda22f88c4442069a479636a6ae3b3185, "
                + "104e10a8bd060a3c20a434261a57d0588fd65a88915b4f65b08bdecaf8df1a3c"
    })
    void bundledWhenLoadedThenFingerprintsMatchReadme(SnpProduct product, String ark, String ask, String asvk) {
        AmdRoots.ProductRoots roots = AmdRoots.bundled().forProduct(product).orElseThrow();

        assertThat(roots.ark().sha256()).isEqualTo(ark);
        assertThat(roots.ask().sha256()).isEqualTo(ask);
        assertThat(roots.asvk().sha256()).isEqualTo(asvk);
        assertThat(roots.ark().subjectCommonName()).isEqualTo("ARK-" + product.amdName());
        assertThat(roots.ark().issuerCommonName()).isEqualTo("ARK-" + product.amdName());
    }

    @Test
    void bundledWhenComparedWithVirteeBuiltinsThenSameArks() throws Exception {
        for (SnpProduct product : SnpProduct.values()) {
            List<AmdCertificate> virtee = AmdCertificate.parseAll(SnpFixture.resource(
                    "E_roots/amd/virtee-sev/" + product.claimName() + "_ark.pem"), "ark");

            assertThat(virtee.getFirst().der()).isEqualTo(AmdRoots.bundled().forProduct(product).orElseThrow().ark().der());
        }
    }
}
