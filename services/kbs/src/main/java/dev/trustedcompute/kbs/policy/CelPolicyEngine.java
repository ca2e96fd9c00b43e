package dev.trustedcompute.kbs.policy;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelOptions;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.CelType;
import dev.cel.common.types.ListType;
import dev.cel.common.types.MapType;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import dev.trustedcompute.kbs.ear.TrustVector;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Embedded CEL ({@code dev.cel:cel}). An attestation policy is one expression of type {@code map(string, int)} over
 * {@code input} and {@code reference_values}; a resource policy one {@code bool} expression over {@code input} and
 * {@code data}. Compiled programs are cached by policy text, so a policy is compiled once per instance.
 */
public final class CelPolicyEngine implements PolicyEngine {

    private static final int CACHE_LIMIT = 64;
    private static final CelType JSON_OBJECT = MapType.create(SimpleType.STRING, SimpleType.DYN);
    private static final CelOptions OPTIONS = CelOptions.current().enableHeterogeneousNumericComparisons(true).build();

    private final CelCompiler attestationCompiler = CelCompilerFactory.standardCelCompilerBuilder()
            .setOptions(OPTIONS)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("input", JSON_OBJECT)
            .addVar("reference_values", MapType.create(SimpleType.STRING, ListType.create(SimpleType.STRING)))
            .setResultType(MapType.create(SimpleType.STRING, SimpleType.INT))
            .build();
    private final CelCompiler resourceCompiler = CelCompilerFactory.standardCelCompilerBuilder()
            .setOptions(OPTIONS)
            .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
            .addVar("input", JSON_OBJECT)
            .addVar("data", JSON_OBJECT)
            .setResultType(SimpleType.BOOL)
            .build();
    private final CelRuntime runtime = CelRuntimeFactory.standardCelRuntimeBuilder().setOptions(OPTIONS).build();
    private final Map<String, CelRuntime.Program> programs = new ConcurrentHashMap<>();

    @Override
    public PolicyLanguage language() {
        return PolicyLanguage.CEL;
    }

    @Override
    public void install(Policy policy) {
        program(policy);
    }

    @Override
    public TrustVector appraise(Policy policy, Map<String, Object> input, Map<String, List<String>> referenceValues) {
        Object result = evaluate(policy, Map.of("input", json(input), "reference_values", referenceValues));
        Map<String, Long> claims = new LinkedHashMap<>();
        ((Map<?, ?>) result).forEach((name, value) -> claims.put((String) name, (Long) value));
        try {
            return TrustVector.fromPolicyResult(claims);
        } catch (IllegalArgumentException e) {
            throw new InvalidPolicyException("attestation policy " + policy.id() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean allows(Policy policy, Map<String, Object> input, Map<String, Object> data) {
        return Boolean.TRUE.equals(evaluate(policy, Map.of("input", json(input), "data", json(data))));
    }

    private Object evaluate(Policy policy, Map<String, Object> variables) {
        try {
            return program(policy).eval(variables);
        } catch (CelEvaluationException e) {
            // a policy that reads a claim the evidence lacks fails here: that is a failed appraisal, not a crash
            throw new InvalidPolicyException(policy.kind().slug() + " policy " + policy.id() + " failed: "
                    + e.getMessage(), e);
        }
    }

    private CelRuntime.Program program(Policy policy) {
        String key = policy.kind() + "\n" + policy.text();
        CelRuntime.Program cached = programs.get(key);
        if (cached != null) {
            return cached;
        }
        CelCompiler compiler = policy.kind() == PolicyKind.ATTESTATION ? attestationCompiler : resourceCompiler;
        try {
            CelAbstractSyntaxTree ast = compiler.compile(policy.text()).getAst();
            CelRuntime.Program program = runtime.createProgram(ast);
            if (programs.size() >= CACHE_LIMIT) {
                programs.clear();
            }
            programs.put(key, program);
            return program;
        } catch (CelValidationException e) {
            throw new InvalidPolicyException("CEL " + policy.kind().slug() + " policy " + policy.id()
                    + " does not compile: " + e.getMessage(), e);
        } catch (CelEvaluationException e) {
            throw new InvalidPolicyException("CEL " + policy.kind().slug() + " policy " + policy.id()
                    + " cannot be planned: " + e.getMessage(), e);
        }
    }

    /** JSON values as CEL expects them: integers as long, decimals as double, null as CEL null. */
    static Object json(Object value) {
        return switch (value) {
            case null -> NullValue.NULL_VALUE;
            case Integer i -> i.longValue();
            case Short s -> s.longValue();
            case Byte b -> b.longValue();
            case BigInteger big -> big.bitLength() < 64 ? big.longValue() : big.doubleValue();
            case Float f -> f.doubleValue();
            case BigDecimal d -> d.doubleValue();
            case Map<?, ?> map -> {
                Map<String, Object> copy = new LinkedHashMap<>();
                map.forEach((k, v) -> copy.put(String.valueOf(k), json(v)));
                yield copy;
            }
            case List<?> list -> {
                List<Object> copy = new ArrayList<>(list.size());
                list.forEach(v -> copy.add(json(v)));
                yield copy;
            }
            default -> value;
        };
    }
}
