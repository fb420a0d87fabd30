package org.opentriage.console;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.staticfiles.Location;

import org.opentriage.protocol.Disposition;
import org.opentriage.protocol.LocalizedText;
import org.opentriage.protocol.PatientFact;
import org.opentriage.protocol.ProtocolLibrary;
import org.opentriage.triage.AnswerRejectedException;
import org.opentriage.triage.Call;
import org.opentriage.triage.IllegalCallStateException;
import org.opentriage.triage.OverridePolicy;
import org.opentriage.triage.ReferenceRefusedException;

/**
 * The routes of the REST API (docs/api.md) and of the page. Every {@code /api} route but login needs a session;
 * every write needs the session's CSRF token in {@code X-CSRF-Token} and a JSON body; a write to a call needs the
 * version it was made on in {@code If-Match}. Errors are RFC 9457 problem details. Nothing of a request's body or
 * query is logged.
 */
final class Api {
    static final String SESSION_COOKIE = "triage_session";
    private static final String SESSION_ATTRIBUTE = "session";
    private static final System.Logger LOG = System.getLogger(Api.class.getName());
    private static final String SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private final Calls calls;
    private final Auth auth;
    private final ConsoleStore store;
    private final ProtocolLibrary library;
    private final String node;
    /** The addresses of the TLS proxies in front of this node, whose X-Forwarded-For and -Proto are believed. */
    private final Set<String> trustedProxies;

    Api(Calls calls, Auth auth, ConsoleStore store, ProtocolLibrary library, String node, Set<String> trustedProxies) {
        this.calls = calls;
        this.auth = auth;
        this.store = store;
        this.library = library;
        this.node = node;
        this.trustedProxies = Set.copyOf(trustedProxies);
    }

    /**
     * The client's address: the connection's, unless it comes from a trusted proxy, then the right-most address of
     * X-Forwarded-For that is not a trusted proxy (the one the proxy saw; earlier ones are whatever the client wrote).
     * Login failures are counted per client address, so behind a proxy one person cannot lock a node's users out.
     */
    String clientAddress(Context ctx) {
        String address = ctx.ip();
        if (!trustedProxies.contains(address)) {
            return address;
        }
        String forwarded = ctx.header("X-Forwarded-For");
        if (forwarded == null || forwarded.isBlank()) {
            return address;
        }
        String[] hops = forwarded.split(",");
        for (int i = hops.length - 1; i >= 0; i--) {
            String hop = hops[i].strip();
            if (!hop.isEmpty() && !trustedProxies.contains(hop)) {
                return hop;
            }
        }
        return address;
    }

    /** Whether the client reached the console over TLS: directly, or through a trusted proxy that says so. */
    boolean overTls(Context ctx) {
        if (ctx.scheme().equals("https")) {
            return true;
        }
        return trustedProxies.contains(ctx.ip()) && "https".equalsIgnoreCase(String.valueOf(ctx.header("X-Forwarded-Proto")).strip());
    }

    void configure(JavalinConfig config) {
        config.startup.showJavalinBanner = false;
        config.startup.showOldJavalinVersionWarning = false;
        config.http.maxRequestSize = 256 * 1024;
        config.staticFiles.add(files -> {
            files.hostedPath = "/";
            files.directory = "/org/opentriage/console/web";
            files.location = Location.CLASSPATH;
            files.headers = Map.of("Content-Security-Policy", SECURITY_POLICY, "X-Content-Type-Options", "nosniff",
                    "Referrer-Policy", "no-referrer", "Cache-Control", "no-cache");
        });
        var routes = config.routes;
        routes.before(ctx -> {
            ctx.header("X-Content-Type-Options", "nosniff");
            ctx.header("Referrer-Policy", "no-referrer");
            if (ctx.path().startsWith("/api/") || ctx.path().equals("/health")) {
                ctx.header("Cache-Control", "no-store");
                ctx.header("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
            }
        });
        routes.before("/api/*", this::authenticate);
        routes.get("/health", this::health);
        routes.post("/api/login", this::login);
        routes.post("/api/logout", this::logout);
        routes.get("/api/session", ctx -> json(ctx, 200, sessionView(session(ctx))));
        routes.get("/api/protocols", this::protocols);
        routes.get("/api/dispositions", this::dispositions);
        routes.get("/api/calls", ctx -> json(ctx, 200, calls.recent(session(ctx))));
        routes.post("/api/calls", this::startCall);
        routes.get("/api/calls/{id}", ctx -> {
            ObjectNode view = calls.read(session(ctx), ctx.pathParam("id"));
            ctx.header("ETag", "\"" + view.get("version").asLong() + "\"");
            json(ctx, 200, view);
        });
        routes.post("/api/calls/{id}/answers", this::answer);
        routes.post("/api/calls/{id}/facts", this::fact);
        routes.post("/api/calls/{id}/overrides", this::override);
        routes.post("/api/calls/{id}/protocols", this::protocol);
        routes.post("/api/calls/{id}/close", this::close);
        routes.get("/api/calls/{id}/audit", ctx -> json(ctx, 200, calls.audit(session(ctx), ctx.pathParam("id"))));
        routes.get("/api/calls/{id}/audit.jsonl", ctx -> {
            String text = calls.trailText(session(ctx), ctx.pathParam("id"));
            ctx.contentType("application/x-ndjson; charset=utf-8");
            ctx.header("Content-Disposition", "attachment; filename=\"call-" + ctx.pathParam("id") + ".jsonl\"");
            ctx.result(text);
        });
        routes.exception(Problem.class, (e, ctx) -> problem(ctx, e));
        routes.exception(Exception.class, (e, ctx) -> problem(ctx, translate(e, ctx)));
        routes.error(404, "*", ctx -> {
            String type = ctx.res().getContentType();
            // A problem already answered (no such call) stays; a route that does not exist becomes one.
            if (ctx.path().startsWith("/api/") && (type == null || !type.startsWith("application/problem+json"))) {
                problem(ctx, new Problem(Problem.Type.NOT_FOUND, "no route " + ctx.method() + " " + ctx.path()));
            }
        });
    }

    // ---- sessions

    private void authenticate(Context ctx) {
        if (ctx.path().equals("/api/login")) {
            return;
        }
        String token = ctx.cookie(SESSION_COOKIE);
        ConsoleStore.Session session = Optional.ofNullable(token).flatMap(auth::session)
                .orElseThrow(() -> new Problem(Problem.Type.NOT_LOGGED_IN, "log in first (POST /api/login)"));
        if (!ctx.method().name().equals("GET") && !ctx.method().name().equals("HEAD")) {
            String given = Optional.ofNullable(ctx.header("X-CSRF-Token")).orElse("");
            if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), session.csrfToken().getBytes(StandardCharsets.UTF_8))) {
                throw new Problem(Problem.Type.CSRF_TOKEN_REFUSED, "every write needs the session's CSRF token in the X-CSRF-Token header");
            }
        }
        ctx.attribute(SESSION_ATTRIBUTE, session);
    }

    private static ConsoleStore.Session session(Context ctx) {
        return ctx.attribute(SESSION_ATTRIBUTE);
    }

    private void login(Context ctx) {
        JsonNode body = body(ctx);
        String user = Calls.text(Calls.field(body, "user"), "user");
        char[] password = Calls.text(Calls.field(body, "password"), "password").toCharArray();
        Auth.Login login = auth.login(user, password, clientAddress(ctx));
        ctx.header("Set-Cookie", SESSION_COOKIE + "=" + login.token() + "; Path=/; HttpOnly; SameSite=Strict; Max-Age="
                + Auth.SESSION_LIFETIME.toSeconds() + (overTls(ctx) ? "; Secure" : ""));
        json(ctx, 200, sessionView(login.session()));
    }

    private void logout(Context ctx) {
        auth.logout(ctx.cookie(SESSION_COOKIE));
        ctx.header("Set-Cookie", SESSION_COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
        ctx.status(204);
    }

    private static ObjectNode sessionView(ConsoleStore.Session session) {
        ObjectNode view = CallView.JSON.createObjectNode().put("user", session.userId()).put("csrfToken", session.csrfToken());
        var roles = view.putArray("roles");
        session.roles().forEach(r -> roles.add(r.word()));
        return view;
    }

    // ---- routes

    private void health(Context ctx) {
        boolean up = store.healthy();
        json(ctx, up ? 200 : 503, CallView.JSON.createObjectNode().put("status", up ? "up" : "down").put("store", store.kind())
                .put("node", node).put("protocols", library.ids().size()));
    }

    private void protocols(Context ctx) {
        Optional<String> search = Optional.ofNullable(ctx.queryParam("search"));
        Optional<org.opentriage.protocol.Quantity> age = Optional.ofNullable(ctx.queryParam("age")).filter(a -> !a.isBlank()).map(Calls::age);
        json(ctx, 200, calls.search(search, age));
    }

    /** The disposition scale, most urgent first, and the override reason codes. */
    private void dispositions(Context ctx) {
        ObjectNode body = CallView.JSON.createObjectNode();
        var levels = body.putArray("dispositions");
        library.scale().levels().stream().sorted(java.util.Comparator.comparingInt(Disposition::acuity).reversed())
                .forEach(d -> levels.add(CallView.disposition(d, LocalizedText.ENGLISH)));
        var reasons = body.putArray("reasonCodes");
        OverridePolicy.DEFAULT.reasonCodes().stream().sorted().forEach(reasons::add);
        json(ctx, 200, body);
    }

    private void startCall(Context ctx) {
        ObjectNode view = calls.start(session(ctx), body(ctx));
        ctx.header("Location", "/api/calls/" + view.get("id").asText());
        ctx.header("ETag", "\"1\"");
        json(ctx, 201, view);
    }

    private void answer(Context ctx) {
        JsonNode body = body(ctx);
        if (body.path("withdraw").asBoolean(false)) {
            write(ctx, Call::withdrawLastAnswer);
            return;
        }
        var answer = Calls.answer(body);
        write(ctx, call -> call.answer(answer));
    }

    private void fact(Context ctx) {
        JsonNode body = body(ctx);
        String key = Calls.text(Calls.field(body, "fact"), "fact");
        PatientFact fact = PatientFact.byKey(key).orElseThrow(() -> Calls.malformed("unknown fact '" + key + "'"));
        var value = Calls.factValue(fact, Calls.field(body, "value"));
        write(ctx, call -> call.giveFact(fact, value));
    }

    private void override(Context ctx) {
        ConsoleStore.Session session = session(ctx);
        Calls.requireRole(session, "override a disposition", Role.RN, Role.LEAD);
        JsonNode body = body(ctx);
        String to = Calls.text(Calls.field(body, "to"), "to");
        String reasonCode = Calls.text(Calls.field(body, "reasonCode"), "reasonCode");
        String note = Calls.text(Calls.field(body, "note"), "note");
        Disposition target = library.scale().find(to).orElseThrow(() -> new Problem(Problem.Type.REQUEST_REFUSED,
                "unknown disposition '" + to + "'"));
        JsonNode approverNode = body.get("approver");
        Optional<String> approver = Optional.empty();
        if (approverNode != null && !approverNode.isNull()) {
            String approverId = Calls.text(Calls.field(approverNode, "user"), "approver.user");
            char[] password = Calls.text(Calls.field(approverNode, "password"), "approver.password").toCharArray();
            approver = Optional.of(auth.approval(approverId, password, session, clientAddress(ctx)));
        }
        Optional<String> approvedBy = approver;
        write(ctx, call -> {
            Disposition current = call.outcome().map(o -> o.finalDisposition()).orElse(target);
            if (current.isMoreUrgentThan(target) && approvedBy.isEmpty()) {
                throw new Problem(Problem.Type.APPROVAL_REQUIRED, "a downgrade from " + current.id() + " to " + target.id()
                        + " needs a second user with the provider role to approve it (approver: user and password)");
            }
            call.override(to, reasonCode, note, approvedBy);
        });
    }

    private void protocol(Context ctx) {
        JsonNode body = body(ctx);
        String protocol = Calls.text(Calls.field(body, "protocol"), "protocol");
        String action = Calls.optionalText(body, "action").orElse("add");
        switch (action) {
            case "add" -> write(ctx, call -> call.addProtocol(protocol));
            case "decline" -> write(ctx, call -> call.declineSuggestion(protocol));
            default -> throw Calls.malformed("'action' is add or decline, not '" + action + "'");
        }
    }

    private void close(Context ctx) {
        Optional<String> abandon = Calls.optionalText(body(ctx), "abandon");
        write(ctx, call -> {
            if (abandon.isPresent()) {
                call.abandon(abandon.get());
            } else {
                call.close();
            }
        });
    }

    private void write(Context ctx, Consumer<Call> step) {
        long version = ifMatch(ctx);
        ObjectNode view = calls.write(session(ctx), ctx.pathParam("id"), version, step);
        ctx.header("ETag", "\"" + view.get("version").asLong() + "\"");
        json(ctx, 200, view);
    }

    /** The version a write was made on, from {@code If-Match: "3"}. */
    private static long ifMatch(Context ctx) {
        String given = ctx.header("If-Match");
        if (given == null || given.isBlank()) {
            throw new Problem(Problem.Type.VERSION_REQUIRED, "give the call's version you are acting on in If-Match (its ETag)");
        }
        String digits = given.strip().replaceFirst("^W/", "").replace("\"", "");
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            throw Calls.malformed("If-Match must be the call's version as its ETag gives it, such as \"3\"");
        }
    }

    private static JsonNode body(Context ctx) {
        String type = Optional.ofNullable(ctx.contentType()).orElse("");
        if (!type.startsWith("application/json")) {
            throw Calls.malformed("send a JSON body with Content-Type: application/json");
        }
        try {
            JsonNode body = CallView.JSON.readTree(ctx.body());
            if (body == null || !body.isObject()) {
                throw Calls.malformed("the body must be a JSON object");
            }
            return body;
        } catch (JsonProcessingException e) {
            throw Calls.malformed("the body is not JSON: " + e.getOriginalMessage());
        }
    }

    // ---- responses

    private static void json(Context ctx, int status, JsonNode body) {
        ctx.status(status);
        ctx.contentType("application/json; charset=utf-8");
        ctx.result(body.toString());
    }

    /** The problem an exception of the engine or the store stands for. */
    private Problem translate(Exception e, Context ctx) {
        if (e instanceof AnswerRejectedException r) {
            return new Problem(Problem.Type.ANSWER_REJECTED, r.getMessage(), Map.of("reason", r.reason().name(), "question", r.question()));
        }
        if (e instanceof ReferenceRefusedException r) {
            return new Problem(Problem.Type.REFERENCE_REFUSED, r.getMessage());
        }
        if (e instanceof IllegalCallStateException s) {
            return new Problem(Problem.Type.CALL_STATE, s.getMessage(), Map.of("state", s.from().name()));
        }
        if (e instanceof ConsoleStore.StoreException s) {
            if (s.isConflict()) {
                return new Problem(Problem.Type.STALE_WRITE, "the call was changed elsewhere at the same time; reload it and decide again");
            }
            LOG.log(System.Logger.Level.ERROR, "store failure on {0} {1}: {2}", ctx.method(), ctx.path(), s.getMessage());
            return new Problem(Problem.Type.STORE_UNAVAILABLE, "the store failed; nothing was changed. Try again");
        }
        if (e instanceof IllegalArgumentException || e instanceof IllegalStateException) {
            return new Problem(Problem.Type.REQUEST_REFUSED, e.getMessage());
        }
        // The message may quote patient data: the log names the failure's class only.
        LOG.log(System.Logger.Level.ERROR, "internal error on {0} {1}: {2}", ctx.method(), ctx.path(), e.getClass().getName());
        return new Problem(Problem.Type.INTERNAL_ERROR, "internal error; nothing was changed");
    }

    private static void problem(Context ctx, Problem p) {
        ObjectNode body = CallView.JSON.createObjectNode();
        body.put("type", p.type().uri());
        body.put("title", p.type().title);
        body.put("status", p.type().status);
        body.put("detail", p.getMessage());
        body.put("instance", ctx.path());
        body.put("code", p.type().code);
        p.extensions().forEach((k, v) -> body.set(k, CallView.JSON.valueToTree(v)));
        if (p.type() == Problem.Type.TOO_MANY_FAILED_LOGINS && p.extensions().get("retryAfter") instanceof Long seconds) {
            ctx.header("Retry-After", Long.toString(seconds));
        }
        ctx.status(p.type().status);
        ctx.contentType("application/problem+json");
        ctx.result(body.toString());
    }
}
