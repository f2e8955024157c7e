package dev.spotplay.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.spotplay.testing.Commands;
import dev.spotplay.testing.Integration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ShellTest {

    @Test
    void leavesPlainWordsAlone() {
        assertEquals("/opt/app-1.2/bin", Shell.quote("/opt/app-1.2/bin"));
        assertEquals("a=b,c:d@e%f+g", Shell.quote("a=b,c:d@e%f+g"));
    }

    @Test
    void quotesEverythingElse() {
        assertEquals("''", Shell.quote(""));
        assertEquals("'a b'", Shell.quote("a b"));
        assertEquals("'it'\"'\"'s'", Shell.quote("it's"));
        assertEquals("'$HOME'", Shell.quote("$HOME"));
        assertThrows(IllegalArgumentException.class, () -> Shell.quote("a\0b"));
    }

    @Integration
    @Test
    void shReadsEveryQuotedWordBackUnchanged() throws Exception {
        String nasty = "it's \"quoted\" $(rm -rf /) `x` \\ \n * ? ~ ; & | > < ! # {a,b} é";
        assertEquals(nasty, Commands.run(List.of("/bin/sh", "-c", "printf %s " + Shell.quote(nasty))));
    }
}
