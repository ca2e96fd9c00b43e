package dev.trustedcompute.tpmquote.tdx;

import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A TDX quote whose signature, QE report, QE binding and PCK chain verified, obtainable only from
 * {@link TdxVerifier}. Everything not checked is named: {@link #tcb()} is empty when no collateral was
 * given, {@link #expiredCollateral()} lists collateral accepted past its validity, and
 * {@link #uncheckedItems()} lists skipped checks with their reasons.
 */
public final class VerifiedTdxQuote {

    private final TdxQuote quote;
    private final Instant verifiedAt;
    private final Optional<TcbVerdict> tcb;
    private final List<String> expiredCollateral;
    private final List<String> uncheckedItems;

    VerifiedTdxQuote(TdxQuote quote, Instant verifiedAt, Optional<TcbVerdict> tcb, List<String> expiredCollateral,
                     List<String> uncheckedItems) {
        this.quote = quote;
        this.verifiedAt = verifiedAt;
        this.tcb = tcb;
        this.expiredCollateral = List.copyOf(expiredCollateral);
        this.uncheckedItems = List.copyOf(uncheckedItems);
    }

    /** The underlying parsed quote (its raw bytes are what was verified). */
    public TdxQuote quote() {
        return quote;
    }

    public int version() {
        return quote.version();
    }

    public TdxBodyType bodyType() {
        return quote.body().type();
    }

    public byte[] mrTd() {
        return quote.body().mrTd();
    }

    /** RTMR0..RTMR3. */
    public List<byte[]> rtmrs() {
        return quote.body().rtmrs();
    }

    public byte[] rtmr(int index) {
        return quote.body().rtmr(index);
    }

    public byte[] reportData() {
        return quote.body().reportData();
    }

    public byte[] mrSeam() {
        return quote.body().mrSeam();
    }

    public byte[] mrConfigId() {
        return quote.body().mrConfigId();
    }

    public byte[] tdAttributes() {
        return quote.body().tdAttributes();
    }

    public boolean debug() {
        return quote.body().debug();
    }

    public byte[] xfam() {
        return quote.body().xfam();
    }

    public byte[] teeTcbSvn() {
        return quote.body().teeTcbSvn();
    }

    /** FMSPC from the verified PCK certificate. */
    public String fmspc() {
        return quote.pckExtensions().fmspcHex();
    }

    public PckExtensions pck() {
        return quote.pckExtensions();
    }

    public Instant verifiedAt() {
        return verifiedAt;
    }

    public Optional<TcbVerdict> tcb() {
        return tcb;
    }

    public Optional<TcbStatus> tcbStatus() {
        return tcb.map(TcbVerdict::status);
    }

    public List<String> advisoryIds() {
        return tcb.map(TcbVerdict::advisoryIds).orElse(List.of());
    }

    /** Collateral accepted although outside its validity window (empty unless the policy allows it). */
    public List<String> expiredCollateral() {
        return expiredCollateral;
    }

    public boolean collateralExpired() {
        return !expiredCollateral.isEmpty();
    }

    /** Checks that were not made, each with the reason given by the caller. */
    public List<String> uncheckedItems() {
        return uncheckedItems;
    }

    /** Flat claims, Trustee style ({@code quote.body.mr_td}, {@code td_attributes.debug}, ...): see {@link TdxClaims}. */
    public Map<String, Object> claims() {
        return TdxClaims.of(this);
    }

    @Override
    public String toString() {
        return "VerifiedTdxQuote[v" + version() + " " + bodyType() + ", mrTd=" + HexFormat.of().formatHex(mrTd())
                + ", fmspc=" + fmspc() + ", tcb=" + tcbStatus().map(TcbStatus::pcsName).orElse("not evaluated") + "]";
    }
}
