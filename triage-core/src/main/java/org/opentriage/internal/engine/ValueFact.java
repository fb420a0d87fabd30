package org.opentriage.internal.engine;

import java.math.BigDecimal;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * A value the generated rules read: an answer of a protocol session (scope = the protocol's
 * {@code id@version}) or a patient value (scope {@link #PATIENT}). {@code known} is false for "don't
 * know"; then no other field is set. Amounts are in the canonical unit of their dimension.
 *
 * <p>A JavaBean because the rule compiler reads it through getters.
 */
public final class ValueFact {
    public static final String PATIENT = "patient";

    private final String scope;
    private final String name;
    private final boolean known;
    private final @Nullable Boolean bool;
    private final @Nullable BigDecimal amount;
    private final @Nullable String code;

    private ValueFact(String scope, String name, boolean known, @Nullable Boolean bool, @Nullable BigDecimal amount,
                      @Nullable String code) {
        this.scope = Objects.requireNonNull(scope, "scope");
        this.name = Objects.requireNonNull(name, "name");
        this.known = known;
        this.bool = bool;
        this.amount = amount;
        this.code = code;
    }

    public static ValueFact unknown(String scope, String name) {
        return new ValueFact(scope, name, false, null, null, null);
    }

    public static ValueFact bool(String scope, String name, boolean value) {
        return new ValueFact(scope, name, true, value, null, null);
    }

    public static ValueFact amount(String scope, String name, BigDecimal canonical) {
        return new ValueFact(scope, name, true, null, Objects.requireNonNull(canonical, "canonical"), null);
    }

    public static ValueFact code(String scope, String name, String code) {
        return new ValueFact(scope, name, true, null, null, Objects.requireNonNull(code, "code"));
    }

    public String getScope() {
        return scope;
    }

    public String getName() {
        return name;
    }

    public boolean isKnown() {
        return known;
    }

    public @Nullable Boolean getBool() {
        return bool;
    }

    public @Nullable BigDecimal getAmount() {
        return amount;
    }

    public @Nullable String getCode() {
        return code;
    }

    /** Whether the other holds the same value (known or not, and what), whatever its scope and name. */
    public boolean sameValue(ValueFact other) {
        return known == other.known && Objects.equals(bool, other.bool) && Objects.equals(code, other.code)
                && (amount == null ? other.amount == null : other.amount != null && amount.compareTo(other.amount) == 0);
    }

    @Override
    public String toString() {
        return "ValueFact[" + scope + "/" + name + "]";
    }
}
