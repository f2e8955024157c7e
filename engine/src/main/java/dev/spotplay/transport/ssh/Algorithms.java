package dev.spotplay.transport.ssh;

import java.util.ArrayList;
import java.util.List;
import net.schmizz.keepalive.KeepAliveProvider;
import net.schmizz.sshj.DefaultConfig;
import net.schmizz.sshj.common.Factory;

/**
 * The sshj configuration every connection shares: sshj's defaults, reordered so that the
 * cheapest algorithms a server accepts win. A connect's CPU is mostly key exchange and
 * signatures, so curve25519 and ed25519 come first. The CLI runs on the client compiler alone
 * (the launcher's {@code -XX:TieredStopAtLevel=1}), which has no AES or carry-less-multiply
 * intrinsics, so the cipher is Java code: AES-CTR with an encrypt-then-MAC HMAC-SHA-256 costs
 * ~30% less CPU than AES-GCM's GHASH there (bench/results.md), and both are what OpenSSH offers.
 * Host key algorithms are ordered deterministically so a node always shows the same key type
 * and a pinned key keeps matching. Crypto is the JDK's ({@link JdkCrypto}).
 */
final class Algorithms {

    private static final List<String> KEX = List.of(
            "curve25519-sha256", "curve25519-sha256@libssh.org",
            "ecdh-sha2-nistp256", "ecdh-sha2-nistp384", "ecdh-sha2-nistp521");
    private static final List<String> HOST_KEYS = List.of(
            "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
            "rsa-sha2-512", "rsa-sha2-256");
    private static final List<String> CIPHERS = List.of(
            "aes128-ctr", "aes128-gcm@openssh.com", "aes256-ctr", "aes256-gcm@openssh.com",
            "chacha20-poly1305@openssh.com");
    private static final List<String> MACS = List.of(
            "hmac-sha2-256-etm@openssh.com", "hmac-sha2-512-etm@openssh.com", "hmac-sha2-256", "hmac-sha2-512");

    private Algorithms() {}

    static DefaultConfig config() {
        JdkCrypto.install();
        DefaultConfig c = new DefaultConfig();
        c.setKeyExchangeFactories(preferring(KEX, c.getKeyExchangeFactories()));
        c.setKeyAlgorithms(preferring(HOST_KEYS, c.getKeyAlgorithms()));
        c.setCipherFactories(preferring(CIPHERS, c.getCipherFactories()));
        c.setMACFactories(preferring(MACS, c.getMACFactories()));
        // keepalive@openssh.com requests notice a dead peer; plain heartbeats would not.
        c.setKeepAliveProvider(KeepAliveProvider.KEEP_ALIVE);
        return c;
    }

    /** The same factories, those named in {@code preferred} first in that order, then the rest as sshj had them. */
    static <T extends Factory.Named<?>> List<T> preferring(List<String> preferred, List<T> available) {
        List<T> out = new ArrayList<>();
        for (String name : preferred) {
            available.stream().filter(f -> f.getName().equals(name)).findFirst().ifPresent(out::add);
        }
        available.stream().filter(f -> !out.contains(f)).forEach(out::add);
        return out;
    }
}
