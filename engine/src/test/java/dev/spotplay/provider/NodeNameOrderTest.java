package dev.spotplay.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.spotplay.plan.NodeRanges;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Node names of any kind sort naturally, and ranges keep their names' width. */
class NodeNameOrderTest {

    @Test
    void policyNamesSortByGroupThenIndexAndOtherNamesNaturally() {
        List<String> names = new ArrayList<>(List.of("worker010", "web10", "db-b", "worker002", "web2", "10.0.0.12", "10.0.0.9",
                "head001", "web02", "db-a"));
        names.sort(NodeName.ORDER);
        assertEquals(List.of("10.0.0.9", "10.0.0.12", "db-a", "db-b", "head001", "web2", "web02", "web10", "worker002",
                "worker010"), names);
    }

    @Test
    void theOrderAgreesWithPolicyNameOrder() {
        List<String> names = List.of("a001", "a-b001", "ab002", "b001", "a010", "a002");
        List<String> byPolicy = names.stream().map(NodeName::parse).sorted().map(NodeName::toString).toList();
        assertEquals(byPolicy, names.stream().sorted(NodeName.ORDER).toList());
    }

    @Test
    void rangesKeepTheWidthOfTheNames() {
        assertEquals("web[01:03], web10", NodeRanges.format(List.of("web01", "web02", "web03", "web10")));
        assertEquals("worker[001:004], worker006", NodeRanges.format(List.of("worker001", "worker002", "worker003", "worker004", "worker006")));
        assertEquals("h8, h9, h10, db-a, db-b", NodeRanges.format(List.of("h8", "h9", "h10", "db-a", "db-b")));
        assertEquals("10.0.0.[7:9]", NodeRanges.format(List.of("10.0.0.7", "10.0.0.8", "10.0.0.9")));
    }
}
