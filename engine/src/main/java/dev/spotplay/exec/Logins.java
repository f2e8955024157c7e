package dev.spotplay.exec;

import dev.spotplay.diag.UserError;
import dev.spotplay.playbook.SshConfig;
import dev.spotplay.provider.Login;
import dev.spotplay.state.NodeRecord;
import dev.spotplay.transport.Endpoint;
import dev.spotplay.transport.LoginNames;
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
        int port = r.port() > 0 ? r.port() : ssh.portOrDefault();
        Path key = login.privateKey() != null ? login.privateKey() : ssh.loginKey(session.workDir());
        Endpoint direct = new Endpoint(r.name(), r.host(), port, user, key, ssh.connectTimeout());
        if (login.local()) {
            return direct.asLocal();
        }
        SshConfig.Jump jump = login.proxyJump() != null ? login.proxyJump() : ssh.proxyJump();
        return jump == null ? direct : direct.through(bastion(jump, user, key, ssh));
    }

    /** The bastion's endpoint: its own user and port where {@code proxy_jump} names them, else the node's user and port 22; the node's key. */
    static Endpoint bastion(SshConfig.Jump jump, String nodeUser, Path key, SshConfig ssh) {
        return new Endpoint(Endpoint.BASTION, jump.host(), jump.portOrDefault(), jump.user() != null ? jump.user() : nodeUser, key,
                ssh.connectTimeout());
    }

    /**
     * {@link #endpoint}, checked before it goes to a local command line ({@code ssh}) or into an
     * inventory another program reads: the address comes from the provider or the state file,
     * the user from the provider, so it is checked again here, however it was checked where read.
     *
     * @throws UserError naming the node and the value, if one of them could be read as something else
     */
    public static Endpoint checked(Session session, NodeRecord r) {
        Endpoint e = endpoint(session, r);
        String problem = r.host() == null ? "it has no address yet (run apply first)"
                : LoginNames.hostProblem(e.host()) != null ? "its address " + LoginNames.hostProblem(e.host())
                : LoginNames.userProblem(e.user()) != null ? "its login user " + LoginNames.userProblem(e.user())
                : LoginNames.portProblem(e.port()) != null ? "its SSH " + LoginNames.portProblem(e.port())
                : e.via() != null && LoginNames.hostProblem(e.via().host()) != null ? "its bastion's address " + LoginNames.hostProblem(e.via().host())
                : e.via() != null && LoginNames.userProblem(e.via().user()) != null ? "its bastion's user " + LoginNames.userProblem(e.via().user())
                : null;
        if (problem != null) {
            throw new UserError("Refusing to use node " + LoginNames.show(r.name()) + ": " + problem
                    + " The address comes from the provider and the state file; run 'spotplay status' to refresh it.");
        }
        return e;
    }
}
