package dev.spotplay.exec;

import dev.spotplay.playbook.SshConfig;
import dev.spotplay.provider.Login;
import dev.spotplay.state.NodeRecord;
import dev.spotplay.transport.Endpoint;
import java.nio.file.Path;

/**
 * Where and as whom spotplay logs in to a node, one rule for every provider and every command
 * (apply, and the inventory it hands to Ansible): what the provider knows per node (a static
 * inventory's {@code ansible_user}, key and port) first, then the playbook's {@code ssh:}
 * block, then the provider's default user and the cluster's own key.
 */
public final class Logins {
    private Logins() {}

    public static Endpoint endpoint(Session session, NodeRecord r) {
        SshConfig ssh = session.playbook().ssh();
        Login login = session.provider().login(r);
        String user = login.user() != null ? login.user() : ssh.user() != null ? ssh.user() : session.provider().defaultUser();
        int port = r.port() > 0 ? r.port() : ssh.port() > 0 ? ssh.port() : 22;
        Path key = login.privateKey() != null ? login.privateKey()
                : ssh.privateKey() != null ? Path.of(ssh.privateKey()) : session.workDir().resolve("id_ed25519");
        return new Endpoint(r.name(), r.host(), port, user, key, ssh.connectTimeout());
    }
}
