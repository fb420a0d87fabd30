package org.opentriage.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the store goes away: health says so, writes fail closed with a problem detail, and the log holds no request data. */
class ConsoleStoreDownTest {
    @TempDir
    Path data;

    @Test
    void storeGone_healthIs503_aWriteIs503_andTheLogNamesNoPatientData() {
        List<String> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                logged.add(String.valueOf(record.getMessage()) + " " + java.util.Arrays.toString(record.getParameters()));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try (ConsoleFixture fixture = ConsoleFixture.h2(data).withUsers()) {
            ApiClient rn = fixture.login("rn-1");
            fixture.store.close();
            ApiClient.Response health = rn.get("/health");
            assertThat(health.status()).isEqualTo(503);
            assertThat(health.json().get("status").asText()).isEqualTo("down");
            var body = ApiClient.json();
            body.putObject("patient").put("reference", "p-secret-4711").put("age", "54");
            body.putArray("protocols").add("chest-pain-adult");
            ApiClient.Response write = rn.post("/api/calls?search=my%20chest%20hurts", body);
            assertThat(write.status()).isEqualTo(503);
            assertThat(write.code()).isEqualTo("CONSOLE-0015");
        } finally {
            root.removeHandler(capture);
        }
        assertThat(logged).anySatisfy(line -> assertThat(line).contains("store failure"));
        assertThat(String.join("\n", logged)).doesNotContain("p-secret-4711").doesNotContain("chest hurts");
    }
}
