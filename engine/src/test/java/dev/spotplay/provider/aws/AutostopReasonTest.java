package dev.spotplay.provider.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.spotplay.provider.ObservedNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How the provider tells an autostopped instance (moto cannot shut one down from inside): EC2's
 * state reason {@code Client.InstanceInitiatedShutdown}, stopped or terminated, reads
 * {@code autostopped}; a stop through the API does not.
 */
class AutostopReasonTest {
    private static Instances.Ec2Instance instance(String state, String code, String message) {
        return new Instances.Ec2Instance("i-0123456789abcdef0", "head001", "head", state, "10.0.0.5", null, Instant.EPOCH,
                message, code, "t3.small", "us-east-1a", Map.of(), List.of());
    }

    @Test
    void anInstanceInitiatedShutdownIsAutostoppedStoppedOrGone() {
        Instances.Ec2Instance stopped = instance("stopped", "Client.InstanceInitiatedShutdown",
                "Client.InstanceInitiatedShutdown: Instance initiated shutdown");
        ObservedNode o = Waiter.observed(stopped, true, 22);
        assertTrue(o.stopped() && !o.alive());
        assertEquals("autostopped: the instance shut itself down (stopped, Client.InstanceInitiatedShutdown)", o.reason());
        assertTrue(ObservedNode.autostopped(o.reason()));
        ObservedNode gone = Waiter.observed(instance("terminated", "Client.InstanceInitiatedShutdown", null), true, 22);
        assertTrue(!gone.stopped() && ObservedNode.autostopped(gone.reason()), gone.reason());

        ObservedNode byApi = Waiter.observed(instance("stopped", "Client.UserInitiatedShutdown",
                "Client.UserInitiatedShutdown: User initiated shutdown"), true, 22);
        assertFalse(ObservedNode.autostopped(byApi.reason()), byApi.reason());
    }
}
