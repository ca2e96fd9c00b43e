package dev.trustedcompute.hvs.flavor;

/**
 * HVS's key for signing flavors. A flavor's signature is a compact JWS with detached payload (RFC 7515 appendix F)
 * over the flavor's stored JSON bytes; it is checked before every use, so a flavor changed in the database is
 * refused. The bean is an {@link EcFlavorSigningKey} over HVS's signing key ({@link FlavorSigningConfiguration}).
 */
public interface FlavorSigningKey {

    /** Signs {@code content}: a detached compact JWS {@code header..signature}. */
    String sign(byte[] content);

    /** Whether {@code signature} is this key's valid detached JWS over exactly {@code content}. */
    boolean verify(byte[] content, String signature);
}
