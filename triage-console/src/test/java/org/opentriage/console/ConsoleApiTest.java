package org.opentriage.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.opentriage.triage.AuditTrail;

/**
 * The REST API over HTTP, docs/api.md endpoint by endpoint, on each store: {@link OnH2} (the embedded default) and
 * {@link OnPostgres} (a real PostgreSQL server).
 */
abstract class ConsoleApiTest {
    @TempDir
    static Path data;
    static ConsoleFixture fixture;
    static String url;
    private final String storeKind;

    ConsoleApiTest(String storeKind) {
        this.storeKind = storeKind;
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    static class OnH2 extends ConsoleApiTest {
        OnH2() {
            super("H2");
        }

        @BeforeAll
        static void start() {
            url = ConsoleStore.h2Url(data);
            fixture = ConsoleFixture.h2(data).withUsers();
        }
    }

    static class OnPostgres extends ConsoleApiTest {
        OnPostgres() {
            super("PostgreSQL");
        }

        @BeforeAll
        static void start() {
            url = Postgres.newDatabase();
            fixture = ConsoleFixture.on(url, data, "node-a").withUsers();
        }
    }

    @Test
    void health_answersUpWithTheStoreKind() {
        ApiClient.Response health = fixture.client().get("/health");
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().get("status").asText()).isEqualTo("up");
        assertThat(health.json().get("store").asText()).isEqualTo(storeKind);
    }

    @Test
    void api_withoutSession_isAProblemDetail401() {
        ApiClient.Response r = fixture.client().get("/api/protocols?search=chest");
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.header("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(r.code()).isEqualTo("CONSOLE-0002");
        assertThat(r.json().get("type").asText()).isEqualTo("urn:opentriage:problem:not-logged-in");
        assertThat(r.json().get("status").asInt()).isEqualTo(401);
    }

    @Test
    void login_setsAnHttpOnlySameSiteStrictCookie() {
        ApiClient client = fixture.client();
        ApiClient.Response r = client.post("/api/login", ApiClient.json().put("user", "rn-1").put("password", ConsoleFixture.PASSWORD));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("user").asText()).isEqualTo("rn-1");
        assertThat(r.json().get("csrfToken").asText()).hasSizeGreaterThanOrEqualTo(40);
        assertThat(r.header("Set-Cookie")).hasValueSatisfying(c -> assertThat(c).contains("HttpOnly").contains("SameSite=Strict"));
    }

    @Test
    void login_fiveWrongPasswords_lockTheAccountEvenForTheRightOne() {
        if (fixture.store.transaction(c -> ConsoleStore.user(c, "rn-locked")).isEmpty()) {
            fixture.add("rn-locked", java.util.EnumSet.of(Role.RN));
        }
        ApiClient client = fixture.client();
        for (int i = 1; i <= 4; i++) {
            ApiClient.Response r = client.post("/api/login", ApiClient.json().put("user", "rn-locked").put("password", "wrong password " + i));
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.code()).isEqualTo("CONSOLE-0003");
        }
        ApiClient.Response fifth = client.post("/api/login", ApiClient.json().put("user", "rn-locked").put("password", "wrong again!!"));
        assertThat(fifth.status()).isEqualTo(429);
        assertThat(fifth.header("Retry-After")).isPresent();
        ApiClient.Response right = client.post("/api/login", ApiClient.json().put("user", "rn-locked").put("password", ConsoleFixture.PASSWORD));
        assertThat(right.status()).isEqualTo(429);
        assertThat(right.code()).isEqualTo("CONSOLE-0004");
    }

    @Test
    void aDisabledUser_losesHerSessionsAndCannotLogIn_andANewPasswordEndsTheOldOne() {
        if (fixture.store.transaction(c -> ConsoleStore.user(c, "rn-leaver")).isEmpty()) {
            fixture.add("rn-leaver", java.util.EnumSet.of(Role.RN));
        }
        ApiClient session = fixture.login("rn-leaver");
        assertThat(session.get("/api/protocols?search=cough").status()).isEqualTo(200);

        fixture.store.setDisabled("rn-leaver", true);
        assertThat(session.get("/api/protocols?search=cough").status()).isEqualTo(401);
        ApiClient.Response refused = fixture.client().post("/api/login",
                ApiClient.json().put("user", "rn-leaver").put("password", ConsoleFixture.PASSWORD));
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.code()).as("refused as a wrong password is: no hint that the account exists").isEqualTo("CONSOLE-0003");
        assertThat(fixture.store.users()).filteredOn(u -> u.id().equals("rn-leaver"))
                .singleElement().satisfies(u -> assertThat(u.disabledAt()).isPresent());

        fixture.store.setDisabled("rn-leaver", false);
        ApiClient before = fixture.login("rn-leaver");
        fixture.store.setPassword("rn-leaver", "another long passphrase".toCharArray());
        assertThat(before.get("/api/protocols?search=cough").status()).isEqualTo(401);
        assertThat(fixture.client().post("/api/login", ApiClient.json().put("user", "rn-leaver")
                .put("password", ConsoleFixture.PASSWORD)).status()).isEqualTo(401);
        assertThat(fixture.client().login("rn-leaver", "another long passphrase").get("/api/protocols?search=cough").status())
                .isEqualTo(200);
    }

    @Test
    void aCallsViewChangedInTheStore_orAnOlderOnePutBack_isRefusedWhenRead_neverShown() {
        ApiClient rn = fixture.login("rn-1");
        ApiClient.Response started = CallScripts.start(rn, "p-view", "54 y", "male", "chest-pain-adult");
        String id = started.json().get("id").asText();
        String first = fixture.store.transaction(c -> ConsoleStore.call(c, id)).orElseThrow().view();
        ObjectNode none = ApiClient.json();
        none.putObject("answer").putArray("items");
        assertThat(rn.post("/api/calls/" + id + "/answers", none, 1).status()).isEqualTo(200);
        String second = fixture.store.transaction(c -> ConsoleStore.call(c, id)).orElseThrow().view();
        assertThat(rn.get("/api/calls/" + id).status()).isEqualTo(200);

        try {
            for (String forged : java.util.List.of(second.replace("\"language\":\"en\"", "\"language\":\"es\""), first)) {
                assertThat(forged).isNotEqualTo(second);
                setView(id, forged);
                ApiClient.Response read = rn.get("/api/calls/" + id);
                assertThat(read.status()).isEqualTo(500);
                assertThat(read.raw().body()).contains("MAC does not match");
                assertThat(rn.get("/api/calls").status()).as("nor listed").isEqualTo(500);
            }
        } finally {
            setView(id, second);
        }
        assertThat(rn.get("/api/calls/" + id).status()).isEqualTo(200);
    }

    private static void setView(String id, String view) {
        fixture.store.transaction(c -> {
            try (java.sql.PreparedStatement s = c.prepareStatement("UPDATE calls SET view_json = ? WHERE id = ?")) {
                s.setString(1, view);
                s.setString(2, id);
                s.executeUpdate();
            }
            return null;
        });
    }

    @Test
    void login_unknownUser_isRefusedAsAWrongPasswordIs() {
        ApiClient.Response r = fixture.client().post("/api/login", ApiClient.json().put("user", "nobody").put("password", "whatever it is"));
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.code()).isEqualTo("CONSOLE-0003");
    }

    @Test
    void write_withoutTheCsrfToken_isRefused() {
        ApiClient client = fixture.login("rn-1").withoutCsrf();
        ApiClient.Response r = client.post("/api/calls", ApiClient.json());
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.code()).isEqualTo("CONSOLE-0005");
    }

    @Test
    void protocols_myChestHurtsAt54_findsChestPainFirst() {
        ApiClient.Response r = fixture.login("rn-1").get("/api/protocols?search=my%20chest%20hurts&age=54");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get(0).get("id").asText()).isEqualTo("chest-pain-adult");
        assertThat(r.json().get(0).get("title").asText()).isNotBlank();
    }

    @Test
    void call_answeredToCall911_hasItsBasisAdviceAndCallBackLines() {
        ApiClient rn = fixture.login("rn-1");
        ApiClient.Response started = CallScripts.start(rn, "p-911", "54", "male", "chest-pain-adult");
        assertThat(started.header("Location")).hasValue("/api/calls/" + started.json().get("id").asText());
        assertThat(started.json().get("ask").get("question").get("id").asText()).isEqualTo("emergency-signs-adult");
        ApiClient.Response done = CallScripts.answerAll(rn, started, CallScripts.CALL_911);
        JsonNode outcome = done.json().get("outcome");
        assertThat(outcome.get("final").get("id").asText()).isEqualTo("call-911");
        java.util.List<String> triggers = outcome.get("basis").findValuesAsText("trigger");
        assertThat(triggers).contains("pressure-or-spreading");
        assertThat(outcome.get("careAdvice")).isNotEmpty();
        assertThat(outcome.get("callBackIf")).isNotEmpty();
        ApiClient.Response read = rn.get("/api/calls/" + done.json().get("id").asText());
        assertThat(read.json()).isEqualTo(done.json());
        assertThat(read.header("ETag")).hasValue("\"" + done.version() + "\"");
    }

    @Test
    void answer_twoTabsOnOneVersion_theSecondGets409AndChangesNothing() {
        ApiClient tab1 = fixture.login("rn-1");
        ApiClient tab2 = fixture.login("rn-1");
        ApiClient.Response started = CallScripts.start(tab1, "p-tabs", "54 y", "male", "chest-pain-adult");
        String id = started.json().get("id").asText();
        ObjectNode none = ApiClient.json();
        none.putObject("answer").putArray("items");
        ApiClient.Response first = tab1.post("/api/calls/" + id + "/answers", none, 1);
        ApiClient.Response second = tab2.post("/api/calls/" + id + "/answers", ApiClient.json().put("answer", "no"), 1);
        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.code()).isEqualTo("CONSOLE-0009");
        assertThat(second.json().get("currentVersion").asLong()).isEqualTo(2);
        assertThat(tab2.get("/api/calls/" + id).json()).isEqualTo(first.json());
        java.util.List<String> trail = fixture.console.store().transaction(c -> ConsoleStore.trail(c, id));
        assertThat(trail).hasSize(3);
    }

    @Test
    void answer_withoutIfMatch_is428() {
        ApiClient rn = fixture.login("rn-1");
        String id = CallScripts.start(rn, "p-428", "54", "male", "chest-pain-adult").json().get("id").asText();
        ApiClient.Response r = rn.post("/api/calls/" + id + "/answers", ApiClient.json().put("answer", "no"), Optional.empty());
        assertThat(r.status()).isEqualTo(428);
        assertThat(r.code()).isEqualTo("CONSOLE-0008");
    }

    @Test
    void answer_thatDoesNotFit_is422WithTheReasonAndLeavesTheCallAsItWas() {
        ApiClient rn = fixture.login("rn-1");
        ApiClient.Response started = CallScripts.start(rn, "p-422", "54", "male", "chest-pain-adult");
        String id = started.json().get("id").asText();
        ApiClient.Response r = rn.post("/api/calls/" + id + "/answers", ApiClient.json().put("answer", "38.5 °C"), 1);
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.code()).isEqualTo("CONSOLE-0010");
        assertThat(r.json().get("question").asText()).isEqualTo("emergency-signs-adult");
        assertThat(rn.get("/api/calls/" + id).version()).isEqualTo(1);
    }

    @Test
    void override_downgradeWithoutAProvider_isRefused_andWithOneIsRecorded() {
        ApiClient rn = fixture.login("rn-1");
        ApiClient.Response done = CallScripts.answerAll(rn, CallScripts.start(rn, "p-down", "54", "male", "chest-pain-adult"), CallScripts.CALL_911);
        String id = done.json().get("id").asText();
        ObjectNode down = ApiClient.json().put("to", "ed-now").put("reasonCode", "provider-advice").put("note", "seen by GP on site");
        ApiClient.Response refused = rn.post("/api/calls/" + id + "/overrides", down, done.version());
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.code()).isEqualTo("CONSOLE-0014");

        down.putObject("approver").put("user", "rn-2").put("password", ConsoleFixture.PASSWORD);
        ApiClient.Response notProvider = rn.post("/api/calls/" + id + "/overrides", down, done.version());
        assertThat(notProvider.code()).isEqualTo("CONSOLE-0014");

        down.putObject("approver").put("user", "dr-lee").put("password", ConsoleFixture.PASSWORD);
        ApiClient.Response approved = rn.post("/api/calls/" + id + "/overrides", down, done.version());
        assertThat(approved.status()).as(approved.raw().body()).isEqualTo(200);
        JsonNode override = approved.json().get("outcome").get("overrides").get(0);
        assertThat(override.get("approver").asText()).isEqualTo("dr-lee");
        assertThat(override.get("nurse").asText()).isEqualTo("rn-1");
        assertThat(approved.json().get("outcome").get("final").get("id").asText()).isEqualTo("ed-now");
    }

    @Test
    void aLeadActingOnAnRnsCall_isRecordedUnderTheLead_andTheRnAfterHerUnderTheRn() {
        ApiClient rn = fixture.login("rn-1");
        ApiClient.Response done = CallScripts.answerAll(rn, CallScripts.start(rn, "p-acting", "24", "female", "chest-pain-adult"), CallScripts.HOME_CARE);
        String id = done.json().get("id").asText();
        ApiClient lead = fixture.login("lead-1");
        ApiClient.Response up = lead.post("/api/calls/" + id + "/overrides",
                ApiClient.json().put("to", "within-24h").put("reasonCode", "nurse-judgment").put("note", "lead listened in"), done.version());
        assertThat(up.status()).as(up.raw().body()).isEqualTo(200);
        assertThat(up.json().get("outcome").get("overrides").get(0).get("nurse").asText()).isEqualTo("lead-1");
        ApiClient.Response closed = rn.post("/api/calls/" + id + "/close", ApiClient.json(), up.version());
        assertThat(closed.status()).as(closed.raw().body()).isEqualTo(200);

        java.util.List<String> trail = fixture.console.store().transaction(c -> ConsoleStore.trail(c, id));
        java.util.List<String> resumedBy = trail.stream().filter(line -> line.contains("\"CallResumed\"")).toList();
        assertThat(resumedBy).as("the lead's step opens with a CallResumed naming her; the RN's next one names no one else")
                .hasSize(2);
        assertThat(resumedBy.get(0)).contains("\"by\":\"lead-1\"");
        assertThat(resumedBy.get(1)).doesNotContain("\"by\"");
        assertThat(trail.stream().filter(line -> line.contains("\"OverrideApplied\"")).findFirst().orElseThrow())
                .contains("\"nurse\":\"lead-1\"");
    }

    @Test
    void override_upWithAReason_needsNoApprover() {
        ApiClient rn = fixture.login("rn-1");
        ApiClient.Response done = CallScripts.answerAll(rn, CallScripts.start(rn, "p-up", "24", "female", "chest-pain-adult"), CallScripts.HOME_CARE);
        assertThat(done.json().get("outcome").get("final").get("id").asText()).isEqualTo("home-care");
        ApiClient.Response up = rn.post("/api/calls/" + done.json().get("id").asText() + "/overrides",
                ApiClient.json().put("to", "within-24h").put("reasonCode", "nurse-judgment").put("note", "caller sounds anxious"), done.version());
        assertThat(up.status()).as(up.raw().body()).isEqualTo(200);
        assertThat(up.json().get("outcome").get("overrides").get(0).get("direction").asText()).isEqualTo("up");
    }

    @Test
    void audit_ofAClosedCall_verifiesWithTheKeyAndReplays_andItsExportVerifiesAsAFile() throws Exception {
        ApiClient rn = fixture.login("rn-1");
        ApiClient.Response done = CallScripts.answerAll(rn, CallScripts.start(rn, "p-audit", "54", "male", "chest-pain-adult"), CallScripts.CALL_911);
        ApiClient.Response closed = CallScripts.close(rn, done);
        assertThat(closed.json().get("state").asText()).isEqualTo("CLOSED");
        String id = closed.json().get("id").asText();
        JsonNode audit = rn.get("/api/calls/" + id + "/audit").json();
        assertThat(audit.get("verification").get("status").asText()).isEqualTo("INTACT");
        assertThat(audit.get("verification").get("authenticated").asBoolean()).isTrue();
        assertThat(audit.get("replay").get("reproduced").asBoolean()).isTrue();
        assertThat(audit.get("replay").get("disposition").asText()).isEqualTo("call-911");
        assertThat(audit.get("records").get(1).get("events").get(0).get("nurse").asText()).isEqualTo("rn-1");

        String jsonl = rn.get("/api/calls/" + id + "/audit.jsonl").raw().body();
        byte[] key = Files.readAllBytes(data.resolve(Console.KEY_FILE));
        AuditTrail.Verification v = AuditTrail.verify(new ByteArrayInputStream(jsonl.getBytes(StandardCharsets.UTF_8)), Optional.of(key));
        assertThat(v.intact()).isTrue();
        assertThat(v.records()).isEqualTo(audit.get("records").size());
    }

    @Test
    void closedCall_refusesAnotherWrite() {
        ApiClient rn = fixture.login("rn-1");
        ApiClient.Response closed = CallScripts.close(rn, CallScripts.answerAll(rn, CallScripts.start(rn, "p-closed", "54", "male",
                "chest-pain-adult"), CallScripts.CALL_911));
        ApiClient.Response again = rn.post("/api/calls/" + closed.json().get("id").asText() + "/close", ApiClient.json(), closed.version());
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.code()).isEqualTo("CONSOLE-0012");
    }

    @Test
    void anotherNursesCall_isNotFound_butAnAuditorReadsItsTrailAndCannotWrite() {
        ApiClient rn = fixture.login("rn-1");
        String id = CallScripts.start(rn, "p-other", "54", "male", "chest-pain-adult").json().get("id").asText();
        assertThat(fixture.login("rn-2").get("/api/calls/" + id).status()).isEqualTo(404);
        ApiClient auditor = fixture.login("audit-1");
        assertThat(auditor.get("/api/calls/" + id + "/audit").json().get("verification").get("status").asText()).isEqualTo("INTACT_SO_FAR");
        ApiClient.Response write = auditor.post("/api/calls/" + id + "/answers", ApiClient.json().put("answer", "no"), 1);
        assertThat(write.status()).isEqualTo(403);
        assertThat(write.code()).isEqualTo("CONSOLE-0006");
    }

    @Test
    void call_inSpanish_showsSpanishTexts_andItsTrailRecordsTheLanguage() throws Exception {
        ApiClient rn = fixture.login("rn-1");
        ObjectNode body = ApiClient.json();
        body.putObject("patient").put("reference", "p-es").put("age", "54").put("sex", "male");
        body.putArray("protocols").add("chest-pain-adult");
        body.put("language", "es");
        ApiClient.Response started = rn.post("/api/calls", body);
        assertThat(started.status()).as(started.raw().body()).isEqualTo(201);
        assertThat(started.json().get("language").asText()).isEqualTo("es");
        assertThat(started.json().get("ask").get("question").get("text").asText()).startsWith("¿");
        assertThat(started.json().get("ask").get("question").get("rationale").asText()).as("rationales stay in English")
                .startsWith("Each of these");

        ApiClient.Response done = CallScripts.answerAll(rn, started, CallScripts.CALL_911);
        assertThat(done.json().get("outcome").get("final").get("label").asText()).isEqualTo("Llame al 911 ahora");
        ApiClient.Response audit = rn.get("/api/calls/" + done.json().get("id").asText() + "/audit");
        assertThat(audit.raw().body()).contains("\"language\":\"es\"");

        body.put("language", "Spanish");
        assertThat(rn.post("/api/calls", body).status()).isEqualTo(400);
    }

    @Test
    void startCall_withAPatientReferenceThatLooksLikeADate_isRefused() {
        ApiClient rn = fixture.login("rn-1");
        ObjectNode body = ApiClient.json();
        body.putObject("patient").put("reference", "1961-04-02").put("age", "54");
        body.putArray("protocols").add("chest-pain-adult");
        ApiClient.Response r = rn.post("/api/calls", body);
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.code()).isEqualTo("CONSOLE-0013");
        assertThat(r.raw().body()).doesNotContain("1961");
    }

    @Test
    void addProtocol_atTheOutcome_asksItsQuestions_andDeclineOfAnUnsuggestedOneIsRefused() {
        ApiClient rn = fixture.login("rn-1");
        ApiClient.Response done = CallScripts.answerAll(rn, CallScripts.start(rn, "p-add", "24", "female", "chest-pain-adult"), CallScripts.HOME_CARE);
        String id = done.json().get("id").asText();
        ApiClient.Response declined = rn.post("/api/calls/" + id + "/protocols",
                ApiClient.json().put("protocol", "cough-adult").put("action", "decline"), done.version());
        assertThat(declined.status()).isEqualTo(422);
        assertThat(declined.code()).isEqualTo("CONSOLE-0011");
        ApiClient.Response added = rn.post("/api/calls/" + id + "/protocols", ApiClient.json().put("protocol", "cough-adult"), done.version());
        assertThat(added.status()).as(added.raw().body()).isEqualTo(200);
        java.util.List<String> ids = added.json().get("protocols").findValuesAsText("id");
        assertThat(ids).contains("cough-adult");
        assertThat(added.json().get("ask").get("protocol").asText()).startsWith("cough-adult@");
    }

    @Test
    void withdraw_theLastAnswer_asksThatQuestionAgain() {
        ApiClient rn = fixture.login("rn-1");
        ApiClient.Response started = CallScripts.start(rn, "p-withdraw", "54", "male", "chest-pain-adult");
        String id = started.json().get("id").asText();
        ObjectNode none = ApiClient.json();
        none.putObject("answer").putArray("items");
        ApiClient.Response answered = rn.post("/api/calls/" + id + "/answers", none, 1);
        ApiClient.Response withdrawn = rn.post("/api/calls/" + id + "/answers", ApiClient.json().put("withdraw", true), answered.version());
        assertThat(withdrawn.status()).as(withdrawn.raw().body()).isEqualTo(200);
        assertThat(withdrawn.json().get("ask").get("question").get("id").asText()).isEqualTo("emergency-signs-adult");
        assertThat(withdrawn.version()).isEqualTo(3);
    }

    @Test
    void fact_givenDuringTheCall_answersItsQuestions_andAnAbandonedCallEnds() {
        ApiClient rn = fixture.login("rn-1");
        ApiClient.Response started = CallScripts.start(rn, "p-fact", "54", "male", "chest-pain-adult");
        String id = started.json().get("id").asText();
        ApiClient.Response noUnit = rn.post("/api/calls/" + id + "/facts", ApiClient.json().put("fact", "temperature").put("value", "38.5"), 1);
        assertThat(noUnit.status()).isEqualTo(400);
        assertThat(noUnit.code()).isEqualTo("CONSOLE-0001");
        ApiClient.Response given = rn.post("/api/calls/" + id + "/facts", ApiClient.json().put("fact", "oxygen-saturation").put("value", "97"), 1);
        assertThat(given.status()).as(given.raw().body()).isEqualTo(200);
        ApiClient.Response abandoned = rn.post("/api/calls/" + id + "/close", ApiClient.json().put("abandon", "caller hung up"), given.version());
        assertThat(abandoned.json().get("state").asText()).isEqualTo("ABANDONED");
        JsonNode audit = rn.get("/api/calls/" + id + "/audit").json();
        assertThat(audit.get("verification").get("status").asText()).isEqualTo("INTACT");
        assertThat(audit.toString()).contains("FactGiven").contains("CallAbandoned");
    }

    @Test
    void staleTab_afterAnotherTabWroteOnThisNode_getsTheCallAsItIs() {
        ApiClient tab1 = fixture.login("rn-1");
        ApiClient tab2 = fixture.login("rn-1");
        ApiClient.Response started = CallScripts.start(tab1, "p-stale", "54", "male", "chest-pain-adult");
        String id = started.json().get("id").asText();
        ObjectNode none = ApiClient.json();
        none.putObject("answer").putArray("items");
        ApiClient.Response second = tab1.post("/api/calls/" + id + "/answers", ApiClient.json().put("answer", "no"),
                tab1.post("/api/calls/" + id + "/answers", none, 1).version());
        assertThat(second.status()).isEqualTo(200);
        ApiClient.Response stale = tab2.post("/api/calls/" + id + "/answers", ApiClient.json().put("answer", "yes"), 2);
        assertThat(stale.code()).isEqualTo("CONSOLE-0009");
        ApiClient.Response next = tab1.post("/api/calls/" + id + "/answers", ApiClient.json().put("answer", "no"), second.version());
        assertThat(next.status()).isEqualTo(200);
        JsonNode audit = tab1.get("/api/calls/" + id + "/audit").json();
        assertThat(audit.get("verification").get("status").asText()).isEqualTo("INTACT_SO_FAR");
        assertThat(audit.get("records")).hasSize(5);
        assertThat(audit.get("replay").get("reproduced").asBoolean()).isTrue();
    }

    @Test
    void audit_ofATrailChangedInTheStore_isBroken_andAChangedSnapshotIsRefused() {
        ApiClient rn = fixture.login("rn-1");
        ApiClient.Response done = CallScripts.answerAll(rn, CallScripts.start(rn, "p-tamper", "54", "male", "chest-pain-adult"), CallScripts.CALL_911);
        String id = done.json().get("id").asText();
        fixture.store.transaction(c -> {
            try (var s = c.prepareStatement("UPDATE audit_records SET record_line = REPLACE(record_line, '\"answer\":true', "
                    + "'\"answer\":false') WHERE call_id = ? AND record_index = 9")) {
                s.setString(1, id);
                assertThat(s.executeUpdate()).isEqualTo(1);
            }
            try (var s = c.prepareStatement("UPDATE calls SET snapshot = REPLACE(snapshot, '\"answer\":true', '\"answer\":false') WHERE id = ?")) {
                s.setString(1, id);
                s.executeUpdate();
            }
            return null;
        });
        JsonNode audit = rn.get("/api/calls/" + id + "/audit").json();
        assertThat(audit.get("verification").get("status").asText()).isEqualTo("BROKEN");
        assertThat(audit.get("verification").get("line").asLong()).isEqualTo(10);
        assertThat(audit.get("replay").get("reproduced").asBoolean()).isFalse();
        // This node keeps the call it wrote; another node, or this one after a restart, resumes it from the store.
        try (ConsoleFixture other = ConsoleFixture.on(url, data, "node-b")) {
            ApiClient.Response refused = other.login("rn-1").post("/api/calls/" + id + "/close", ApiClient.json(), done.version());
            assertThat(refused.status()).isEqualTo(500);
            assertThat(refused.code()).isEqualTo("CONSOLE-0016");
            assertThat(refused.json().get("detail").asText()).contains("snapshot").contains("refused");
        }
    }

    @Test
    void unknownApiRoute_isAProblemDetail404() {
        ApiClient.Response r = fixture.login("rn-1").get("/api/nothing-here");
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.code()).isEqualTo("CONSOLE-0007");
    }

    @Test
    void page_isServedFromTheJar_underAStrictContentSecurityPolicy_andLoadsNothingFromElsewhere() {
        ApiClient client = fixture.client();
        ApiClient.Response page = client.get("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.header("Content-Security-Policy")).hasValueSatisfying(p -> assertThat(p).contains("default-src 'none'")
                .contains("script-src 'self'").doesNotContain("unsafe-inline"));
        for (String file : new String[] {"/", "/console.js", "/console.css"}) {
            String text = client.get(file).raw().body();
            assertThat(text).as(file).isNotBlank().doesNotContain("http://").doesNotContain("https://").doesNotContain("//cdn");
        }
    }

    @Test
    void write_whoseAuditRecordsCannotBeStored_changesNothing() {
        ApiClient rn = fixture.login("rn-1");
        ApiClient.Response started = CallScripts.start(rn, "p-atomic", "54", "male", "chest-pain-adult");
        String id = started.json().get("id").asText();
        // A record already at the next index, as a writer that got there first would leave it.
        fixture.store.transaction(c -> {
            try (var s = c.prepareStatement("INSERT INTO audit_records (call_id, record_index, record_line) VALUES (?, 2, 'x')")) {
                s.setString(1, id);
                s.executeUpdate();
            }
            return null;
        });
        ObjectNode none = ApiClient.json();
        none.putObject("answer").putArray("items");
        ApiClient.Response refused = rn.post("/api/calls/" + id + "/answers", none, 1);
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.code()).isEqualTo("CONSOLE-0009");
        assertThat(rn.get("/api/calls/" + id).json()).isEqualTo(started.json());

        fixture.store.transaction(c -> {
            try (var s = c.prepareStatement("DELETE FROM audit_records WHERE call_id = ? AND record_index = 2")) {
                s.setString(1, id);
                s.executeUpdate();
            }
            return null;
        });
        ApiClient.Response answered = rn.post("/api/calls/" + id + "/answers", none, 1);
        assertThat(answered.status()).as(answered.raw().body()).isEqualTo(200);
        assertThat(rn.get("/api/calls/" + id + "/audit").json().get("verification").get("status").asText()).isEqualTo("INTACT_SO_FAR");
    }
}
