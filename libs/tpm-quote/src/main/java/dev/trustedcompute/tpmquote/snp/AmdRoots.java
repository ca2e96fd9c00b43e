package dev.trustedcompute.tpmquote.snp;

import dev.trustedcompute.tpmquote.EvidenceFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pinned AMD trust anchors per product: the self-signed ARK (AMD Root Key) and the two intermediates it
 * signs, the ASK (endorses VCEKs) and the ASVK (endorses VLEKs). {@link #bundled()} loads the copies shipped
 * in this library ({@code dev/trustedcompute/tpmquote/snp/<product>_ask_ark_asvk.pem}, provenance in the
 * README next to them). A supplied ARK is trusted only if it is byte-identical to the pinned one.
 */
public final class AmdRoots {

    /** Pinned certificates of one product. */
    public record ProductRoots(SnpProduct product, AmdCertificate ark, AmdCertificate ask, AmdCertificate asvk) {
    }

    private static volatile AmdRoots bundled;

    private final Map<SnpProduct, ProductRoots> roots;

    private AmdRoots(Map<SnpProduct, ProductRoots> roots) {
        this.roots = Map.copyOf(roots);
    }

    /** The roots bundled with the library for Milan, Genoa and Turin. */
    public static AmdRoots bundled() {
        AmdRoots result = bundled;
        if (result == null) {
            Map<SnpProduct, ProductRoots> loaded = new EnumMap<>(SnpProduct.class);
            for (SnpProduct product : SnpProduct.values()) {
                String resource = product.claimName() + "_ask_ark_asvk.pem";
                try (InputStream in = AmdRoots.class.getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new IllegalStateException("bundled AMD roots missing: " + resource);
                    }
                    loaded.put(product, fromBundle(product, AmdCertificate.parseAll(in.readAllBytes(), resource)));
                } catch (IOException | EvidenceFormatException e) {
                    throw new IllegalStateException("bundled AMD roots unreadable: " + resource, e);
                }
            }
            result = new AmdRoots(loaded);
            bundled = result;
        }
        return result;
    }

    /** Roots from explicit certificates, e.g. an operator-provided pin set. */
    public static AmdRoots of(Map<SnpProduct, ProductRoots> roots) {
        return new AmdRoots(roots);
    }

    /** Sorts an ASK/ARK/ASVK bundle of one product by common name. */
    public static ProductRoots fromBundle(SnpProduct product, List<AmdCertificate> certificates) {
        AmdCertificate ark = null;
        AmdCertificate ask = null;
        AmdCertificate asvk = null;
        for (AmdCertificate certificate : certificates) {
            String cn = certificate.subjectCommonName();
            if (cn.equals("ARK-" + product.amdName())) {
                ark = certificate;
            } else if (cn.equals("SEV-" + product.amdName())) {
                ask = certificate;
            } else if (cn.equals("SEV-VLEK-" + product.amdName())) {
                asvk = certificate;
            } else {
                throw new IllegalArgumentException("unexpected certificate '" + cn + "' in " + product + " roots");
            }
        }
        if (ark == null || ask == null || asvk == null) {
            throw new IllegalArgumentException(product + " roots need ARK, ASK and ASVK");
        }
        return new ProductRoots(product, ark, ask, asvk);
    }

    public Optional<ProductRoots> forProduct(SnpProduct product) {
        return Optional.ofNullable(roots.get(product));
    }
}
