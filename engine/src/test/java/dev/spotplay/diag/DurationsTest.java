package dev.spotplay.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Durations are printed in the form users write them, so a message can quote a setting back. */
class DurationsTest {
    @Test
    void formatIsTheInverseOfParse() {
        for (String text : new String[] {"0s", "500ms", "1s500ms", "3s", "10m", "1h30m", "2h", "1d"}) {
            assertEquals(text, Durations.format(Durations.parse(text)));
        }
        assertEquals("1m30s", Durations.format(Duration.ofSeconds(90)));
    }
}
