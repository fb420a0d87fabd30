package org.opentriage.console;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * A request the console refuses, answered as an RFC 9457 problem detail ({@code application/problem+json}) with
 * the problem's stable code. Tests and clients match the code, never the wording.
 */
final class Problem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The console's problems: code, HTTP status, and the {@code type} URI's last part. docs/api.md lists them. */
    enum Type {
        MALFORMED_REQUEST("CONSOLE-0001", 400, "malformed-request", "The request is malformed"),
        NOT_LOGGED_IN("CONSOLE-0002", 401, "not-logged-in", "Log in first"),
        LOGIN_REFUSED("CONSOLE-0003", 401, "login-refused", "Wrong user id or password"),
        TOO_MANY_FAILED_LOGINS("CONSOLE-0004", 429, "too-many-failed-logins", "Too many failed logins"),
        CSRF_TOKEN_REFUSED("CONSOLE-0005", 403, "csrf-token-refused", "The CSRF token is missing or wrong"),
        ROLE_REQUIRED("CONSOLE-0006", 403, "role-required", "Your role does not allow this"),
        NOT_FOUND("CONSOLE-0007", 404, "not-found", "No such resource"),
        VERSION_REQUIRED("CONSOLE-0008", 428, "version-required", "A write needs the version it was made on (If-Match)"),
        STALE_WRITE("CONSOLE-0009", 409, "stale-write", "The call changed since you read it"),
        ANSWER_REJECTED("CONSOLE-0010", 422, "answer-rejected", "The answer does not fit the question"),
        REQUEST_REFUSED("CONSOLE-0011", 422, "request-refused", "The call cannot do this"),
        CALL_STATE("CONSOLE-0012", 409, "call-state", "The call's state does not allow this"),
        REFERENCE_REFUSED("CONSOLE-0013", 422, "reference-refused", "The patient reference does not look pseudonymous"),
        APPROVAL_REQUIRED("CONSOLE-0014", 403, "approval-required", "A downgrade needs a provider's approval"),
        STORE_UNAVAILABLE("CONSOLE-0015", 503, "store-unavailable", "The store cannot be reached"),
        INTERNAL_ERROR("CONSOLE-0016", 500, "internal-error", "Internal error");

        final String code;
        final int status;
        final String slug;
        final String title;

        Type(String code, int status, String slug, String title) {
            this.code = code;
            this.status = status;
            this.slug = slug;
            this.title = title;
        }

        String uri() {
            return "urn:opentriage:problem:" + slug;
        }
    }

    private final Type type;
    private final transient Map<String, Object> extensions;

    Problem(Type type, String detail) {
        this(type, detail, Map.of());
    }

    /** @param extensions further members of the problem detail, such as the question of a rejected answer */
    Problem(Type type, String detail, Map<String, Object> extensions) {
        super(requireNonNull(detail, "detail"));
        this.type = requireNonNull(type, "type");
        this.extensions = Map.copyOf(extensions);
    }

    Type type() {
        return type;
    }

    Map<String, Object> extensions() {
        return extensions;
    }
}
