package org.opentriage.console;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A client of the console's API as a browser tab is one: its own cookie jar, the CSRF token it logged in with. */
final class ApiClient {
    private final String base;
    private final HttpClient http;
    private String csrf = "";

    ApiClient(String base) {
        this(base, HttpClient.newBuilder().cookieHandler(new CookieManager(null, CookiePolicy.ACCEPT_ALL))
                .connectTimeout(Duration.ofSeconds(5)).build(), "");
    }

    private ApiClient(String base, HttpClient http, String csrf) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.http = http;
        this.csrf = csrf;
    }

    /** The same session (cookie and CSRF token) sent to another node. */
    ApiClient on(String otherBase) {
        return new ApiClient(otherBase, http, csrf);
    }

    /** A response: status, headers, body as JSON (or text). */
    record Response(int status, HttpResponse<String> raw) {
        JsonNode json() {
            try {
                return CallView.JSON.readTree(raw.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String code() {
            return json().path("code").asText();
        }

        Optional<String> header(String name) {
            return raw.headers().firstValue(name);
        }

        long version() {
            return json().path("version").asLong();
        }
    }

    ApiClient login(String user, String password) {
        Response r = post("/api/login", json().put("user", user).put("password", password));
        if (r.status() != 200) {
            throw new IllegalStateException("login of " + user + " failed: " + r.raw().body());
        }
        csrf = r.json().get("csrfToken").asText();
        return this;
    }

    static ObjectNode json() {
        return CallView.JSON.createObjectNode();
    }

    Response get(String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    Response post(String path, JsonNode body) {
        return post(path, body, Optional.empty());
    }

    Response post(String path, JsonNode body, long version) {
        return post(path, body, Optional.of(version));
    }

    Response post(String path, JsonNode body, Optional<Long> version) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).header("Content-Type", "application/json");
        if (!csrf.isEmpty()) {
            request.header("X-CSRF-Token", csrf);
        }
        version.ifPresent(v -> request.header("If-Match", "\"" + v + "\""));
        return send(request);
    }

    /** A POST with extra headers (as a proxy in front of the console adds them). */
    Response post(String path, JsonNode body, java.util.Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).header("Content-Type", "application/json");
        headers.forEach(request::header);
        return send(request);
    }

    /** Forgets the CSRF token, as a forged request from another site would lack it. */
    ApiClient withoutCsrf() {
        csrf = "";
        return this;
    }

    private Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
