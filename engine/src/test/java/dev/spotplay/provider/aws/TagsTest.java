package dev.spotplay.provider.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A batch's node indexes survive the trip through EC2 tags, in launch order, within EC2's value limit. */
class TagsTest {
    @Test
    void consecutiveIndexesAreOneShortRange() {
        assertEquals(List.of("1-20"), Tags.encodeIndexes(range(1, 20)));
        assertEquals(List.of("2,4-6,9"), Tags.encodeIndexes(List.of(2, 4, 5, 6, 9)));
        assertEquals(range(1, 20), Tags.decodeIndexes(Map.of(Tags.NAMES, "1-20")));
    }

    @Test
    void launchOrderIsKeptEvenWhenNotAscending() {
        List<Integer> order = List.of(7, 3, 4, 5, 1);
        assertEquals(order, Tags.decodeIndexes(Tags.namesTags(order)));
    }

    @Test
    void manyScatteredIndexesSpillIntoMoreTagsOfAtMost256Characters() {
        List<Integer> odd = new ArrayList<>();
        for (int i = 1; i < 1000; i += 2) {
            odd.add(i);
        }
        Map<String, String> tags = Tags.namesTags(odd);
        assertTrue(tags.size() > 1, tags.keySet().toString());
        tags.values().forEach(v -> assertTrue(v.length() <= Tags.MAX_VALUE, v));
        assertEquals(odd, Tags.decodeIndexes(tags));
    }

    @Test
    void foreignOrBrokenTagsNameNothing() {
        assertEquals(List.of(), Tags.decodeIndexes(Map.of("team", "ml")));
        assertEquals(List.of(), Tags.decodeIndexes(Map.of(Tags.NAMES, "one-two")));
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> out = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            out.add(i);
        }
        return out;
    }
}
