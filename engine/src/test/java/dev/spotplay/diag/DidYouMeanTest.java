package dev.spotplay.diag;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DidYouMeanTest {
    static final List<String> KEYS = List.of("name", "count", "image", "instance_type", "market");

    @Test void transposition() { assertEquals(Optional.of("instance_type"), DidYouMean.suggest("instnace_type", KEYS)); }
    @Test void oneTypo() { assertEquals(Optional.of("market"), DidYouMean.suggest("markt", KEYS)); }
    @Test void abbreviation() { assertEquals(Optional.of("count"), DidYouMean.suggest("cnt", KEYS)); }
    @Test void caseInsensitive() { assertEquals(Optional.of("name"), DidYouMean.suggest("NAME", KEYS)); }
    @Test void farAwayGetsNothing() { assertEquals(Optional.empty(), DidYouMean.suggest("volume", KEYS)); }
    @Test void imageDoesNotSuggestName() { assertEquals(Optional.empty(), DidYouMean.suggest("imag3x", List.of("name"))); }
    @Test void hintText() { assertEquals(" Did you mean \"count\"?", DidYouMean.hint("coutn", KEYS)); }
    @Test void emptyHint() { assertEquals("", DidYouMean.hint("zzzzzz", KEYS)); }
    @Test void nullGiven() { assertEquals(Optional.empty(), DidYouMean.suggest(null, KEYS)); }
    @Test void distance() { assertEquals(1, DidYouMean.distance("ab", "ba")); assertEquals(3, DidYouMean.distance("", "abc")); }

    @Test
    void renderQuotesTheLineAndPointsAtTheColumn() {
        Diagnostic d = Diagnostic.error(new SourceRange("cluster.yml", 7, 5, "    instnace_type: t3.small"), "Unsupported key",
                "A key named \"instnace_type\" is not expected here. Did you mean \"instance_type\"?");
        assertEquals("""
                Error: cluster.yml:7:5: Unsupported key
                  7 |     instnace_type: t3.small
                    |     ^
                A key named "instnace_type" is not expected here. Did you mean "instance_type"?
                """, d.render());
    }
}
