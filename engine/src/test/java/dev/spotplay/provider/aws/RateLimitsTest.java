package dev.spotplay.provider.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A burst within the bucket passes at once; beyond it, calls wait for the refill. */
class RateLimitsTest {
    @Test
    void runInstancesGetsFiveAtOnceThenTwoPerSecond() {
        RateLimits limits = new RateLimits();
        long waited = 0;
        for (int i = 0; i < 5; i++) {
            waited += limits.bucket("RunInstances").take();
        }
        assertEquals(0, waited, "the burst fits the bucket");
        long t0 = System.nanoTime();
        limits.bucket("RunInstances").take();
        limits.bucket("RunInstances").take();
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 700 && ms < 3000, "two more take about a second at 2/s: " + ms + " ms");
    }

    @Test
    void actionsShareTheBucketsEc2Has() {
        assertEquals("describe", RateLimits.category("DescribeInstances"));
        assertEquals("RunInstances", RateLimits.category("RunInstances"));
        assertEquals("mutating", RateLimits.category("CreateSecurityGroup"));
        RateLimits limits = new RateLimits();
        assertTrue(limits.bucket("DescribeInstances") == limits.bucket("DescribeSubnets"));
    }
}
