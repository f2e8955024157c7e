package dev.spotplay.exec;

import dev.spotplay.state.NodeRecord;
import dev.spotplay.state.StateStore;
import dev.spotplay.transport.Endpoint;
import dev.spotplay.transport.HostKeyPolicy;

import java.security.MessageDigest;
import java.util.Base64;

/**
 * Trust on first use, then pinned: the first key a node shows is recorded in state; any other
 * key later is refused, and {@link #refusal()} says why with both fingerprints and what to do.
 *
 * <p>The pinned key is read before connecting and a new one is written after the login
 * succeeded, both by the walker's thread: {@link #verify} runs on the SSH library's reader
 * thread, which the library interrupts when a connect times out, and an interrupt during file
 * I/O would close the state database for every node.
 */
public final class HostKeys implements HostKeyPolicy {
    private final StateStore state;
    private final String nodeName;
    private final boolean replaceable;
    private boolean requirePinned;
    private final String pinned;
    private volatile String offered;
    private volatile String refusal;

    /** @param replaceable the provider launches nodes, so a rebuilt one can be terminated and replaced */
    HostKeys(StateStore state, String nodeName, boolean replaceable) {
        this.state = state;
        this.nodeName = nodeName;
        this.replaceable = replaceable;
        this.pinned = state.node(nodeName).map(NodeRecord::hostKey).orElse(null);
    }

    /** Trusts only a key already pinned in state (ad hoc commands, which record nothing). */
    public static HostKeys pinnedOnly(StateStore state, String nodeName) {
        HostKeys keys = new HostKeys(state, nodeName, true);
        keys.requirePinned = true;
        return keys;
    }

    @Override
    public boolean verify(Endpoint endpoint, String key) {
        if (pinned == null && requirePinned) {
            refusal = "No host key is pinned for " + nodeName + " yet; run apply first, which trusts and pins it.";
            return false;
        }
        if (pinned == null || pinned.equals(key)) {
            offered = key;
            return true;
        }
        refusal = "Host key of " + nodeName + " (" + endpoint.host() + ":" + endpoint.port() + ") changed.\n"
                + "-> pinned in state: " + fingerprint(pinned) + "\n"
                + "-> offered by node: " + fingerprint(key) + "\n"
                + "spotplay will not connect to it: the machine was rebuilt behind spotplay's back, or someone is "
                + "intercepting the connection. "
                + "If you know it was " + (replaceable ? "rebuilt" : "reinstalled") + ": spotplay forget-host-key " + nodeName
                + ", then apply --recheck pins the key it is offered"
                + (replaceable ? " (or --replace " + nodeName + " to get a new machine under the same name)." : ".");
        return false;
    }

    /** After a successful login: pins the key the node showed (and the bastion's), if none was pinned yet. */
    void pinIfNew() {
        if (pinned == null && offered != null) {
            synchronized (state) {
                state.node(nodeName).filter(r -> r.hostKey() == null).ifPresent(r -> state.saveNode(r.withHostKey(offered)));
            }
        }
        if (bastion != null) {
            bastion.pinIfNew();
        }
    }

    private volatile Bastion bastion;

    @Override
    public HostKeyPolicy bastion(Endpoint via) {
        Bastion b = new Bastion(via);
        bastion = b;
        return b;
    }

    /** Why the last key was refused, the node's or its bastion's, or null. */
    public String refusal() {
        Bastion b = bastion;
        return b != null && b.refusal != null ? b.refusal : refusal;
    }

    /** The state key a bastion's pinned host key is kept under (a key-value fact, as a cluster's key pair name). */
    public static String bastionKey(String host, int port) {
        return "bastion_host_key:" + host + ":" + port;
    }

    /** The key pinned for a bastion, or null. */
    public static String pinnedBastionKey(StateStore state, Endpoint via) {
        return state.get(bastionKey(via.host(), via.port())).orElse(null);
    }

    /** The bastion's key, trusted on first use and pinned in state under {@link #bastionKey}, as a node's is. */
    private final class Bastion implements HostKeyPolicy {
        private final Endpoint via;
        private final String pinned;
        private volatile String offered;
        private volatile String refusal;

        Bastion(Endpoint via) {
            this.via = via;
            this.pinned = pinnedBastionKey(state, via);
        }

        @Override
        public boolean verify(Endpoint endpoint, String key) {
            String where = "the bastion " + via.jumpSpec() + " (ssh.proxy_jump)";
            if (pinned == null && requirePinned) {
                refusal = "No host key is pinned for " + where + " yet; run apply first, which trusts and pins it.";
                return false;
            }
            if (pinned == null || pinned.equals(key)) {
                offered = key;
                return true;
            }
            refusal = "Host key of " + where + " changed.\n"
                    + "-> pinned in state: " + fingerprint(pinned) + "\n"
                    + "-> offered by bastion: " + fingerprint(key) + "\n"
                    + "spotplay will not connect through it: the bastion was rebuilt, or someone is intercepting the connection. "
                    + "If you know it was rebuilt: spotplay forget-host-key bastion, then apply --recheck pins the key it is offered.";
            return false;
        }

        void pinIfNew() {
            if (pinned == null && offered != null) {
                synchronized (state) {
                    if (state.get(bastionKey(via.host(), via.port())).isEmpty()) {
                        state.put(bastionKey(via.host(), via.port()), offered);
                    }
                }
            }
        }
    }


    /** {@code ssh-ed25519 SHA256:...}, as ssh-keygen -l prints it. */
    public static String fingerprint(String key) {
        String[] parts = key.trim().split("\\s+");
        if (parts.length < 2) {
            return key;
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(Base64.getDecoder().decode(parts[1]));
            return parts[0] + " SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (Exception e) {
            return key;
        }
    }
}
