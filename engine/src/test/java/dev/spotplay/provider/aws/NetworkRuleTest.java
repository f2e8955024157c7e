package dev.spotplay.provider.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The security group opens the port spotplay logs in on, not always 22. */
class NetworkRuleTest {
    @Test
    void theSshRuleNamesThePlaybooksPort() {
        Network custom = new Network(null, null, "demo", null, List.of("203.0.113.7/32"), false, 2222);
        assertEquals("SSH (tcp 2222) from 203.0.113.7/32; all traffic between the cluster's nodes", custom.ruleText());
        Network plain = new Network(null, null, "demo", null, List.of(), true, 22);
        assertEquals("SSH (tcp 22) from inside the VPC only (set ssh.allow_from to reach it from elsewhere); all traffic between "
                + "the cluster's nodes; NFS (tcp 2049) for EFS", plain.ruleText());
    }
}
