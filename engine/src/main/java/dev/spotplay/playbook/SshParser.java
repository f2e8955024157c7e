package dev.spotplay.playbook;

import dev.spotplay.diag.Diagnostics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads {@code ssh:}, and refuses what would fail at the first login: a key file that is not
 * there (or, where spotplay hands its public half to the nodes, a missing {@code .pub}), and
 * settings the provider would ignore. A start_timeout shorter than connect_timeout is no
 * contradiction: the first bounds a new node's wait, the second each attempt on a known node.
 */
final class SshParser {
    static final List<String> KEYS = List.of("user", "port", "private_key", "connect_timeout", "start_timeout", "step_timeout", "allow_from");

    private final Source source;
    private final Diagnostics diags;
    private final Path directory;

    SshParser(Source source, Diagnostics diags, Path directory) {
        this.source = source;
        this.diags = diags;
        this.directory = directory;
    }

    SshConfig parse(Fields top, ProviderConfig provider) {
        SshConfig d = SshConfig.defaults();
        if (ProviderConfig.STATIC.equals(provider.type())) {
            // Existing hosts are not booting: one that has never answered is most likely down or
            // misnamed, and should not hold every apply for the 10 minutes a new cloud node gets.
            d = d.withStartTimeout(SshConfig.STATIC_START_TIMEOUT);
        }
        Fields f = Fields.of(source, diags, top.node("ssh"), "\"ssh\"", KEYS);
        if (f == null) {
            return d;
        }
        // Relative to the playbook's folder, like every local path in a playbook.
        String key = f.string("private_key").map(SshParser::expandHome)
                .map(k -> directory.resolve(k).normalize().toString()).orElse(null);
        if (key != null) {
            checkKey(f, Path.of(key), provider);
        }
        List<String> allowFrom = allowFrom(f, provider);
        return new SshConfig(f.string("user").orElse(null), f.integer("port", 1, 65535).orElse(0), key,
                f.duration("connect_timeout").orElse(d.connectTimeout()), f.duration("start_timeout").orElse(d.startTimeout()),
                f.duration("step_timeout").orElse(d.stepTimeout()), List.copyOf(allowFrom));
    }

    /** The key must be there; the local provider authorizes its .pub, and aws imports it unless an existing key pair is named. */
    private void checkKey(Fields f, Path key, ProviderConfig provider) {
        if (!Files.isRegularFile(key)) {
            f.error("private_key", "Key file not found", "\"private_key\" names " + key + ", which "
                    + (Files.exists(key) ? "is not a file" : "does not exist") + ". Give the private key spotplay logs in with "
                    + "(~ and paths relative to the playbook's folder work), or leave private_key out and spotplay makes a key "
                    + "for the cluster.");
            return;
        }
        Path pub = key.resolveSibling(key.getFileName() + ".pub");
        boolean needsPub = ProviderConfig.LOCAL.equals(provider.type())
                || (ProviderConfig.AWS.equals(provider.type()) && provider.setting("key_pair") == null);
        if (needsPub && !Files.isRegularFile(pub)) {
            String who = ProviderConfig.LOCAL.equals(provider.type()) ? "The local provider lets the key in through its public half"
                    : "Without provider.key_pair, spotplay imports the key's public half as the cluster's EC2 key pair";
            f.error("private_key", "Public key not found", who + ", " + pub + ", which does not exist. Make it with: ssh-keygen -y -f "
                    + key + " > " + pub);
        }
    }

    private List<String> allowFrom(Fields f, ProviderConfig provider) {
        List<String> allowFrom = new ArrayList<>();
        f.stringList("allow_from", true, false).ifPresent(items -> {
            for (Node item : items) {
                String cidr = Fields.text(item);
                String problem = Cidrs.problem(cidr);
                if (problem != null) {
                    diags.error(source.at(item), "Invalid CIDR", problem);
                }
                allowFrom.add(cidr);
            }
        });
        if (allowFrom.isEmpty()) {
            return allowFrom;
        }
        if (!ProviderConfig.AWS.equals(provider.type())) {
            diags.warning(f.keyAt("allow_from"), "Setting ignored", "\"allow_from\" opens the aws provider's security group; the "
                    + provider.type() + " provider has none and ignores it.");
        } else if (provider.setting("security_group") != null) {
            f.error("allow_from", "Settings contradict each other", "\"allow_from\" cannot open provider.security_group "
                    + provider.setting("security_group") + ": spotplay uses an existing security group as it is and never changes "
                    + "its rules. Remove allow_from (and let the group's own rules decide), or remove security_group so that "
                    + "spotplay makes one that lets allow_from in.");
        }
        return allowFrom;
    }

    static String expandHome(String path) {
        if (path.equals("~") || path.startsWith("~/")) {
            return System.getProperty("user.home") + path.substring(1);
        }
        return path;
    }
}
