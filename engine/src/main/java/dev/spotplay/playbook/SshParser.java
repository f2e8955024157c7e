package dev.spotplay.playbook;

import dev.spotplay.diag.Diagnostics;
import dev.spotplay.transport.LoginNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code ssh:}, and refuses what would fail at the first login: a key file that is not
 * there (or, where spotplay hands its public half to the nodes, a missing {@code .pub}), and
 * settings the provider would ignore. A start_timeout shorter than connect_timeout is no
 * contradiction: the first bounds a new node's wait, the second each attempt on a known node.
 */
final class SshParser {
    static final List<String> KEYS = List.of("user", "port", "private_key", "connect_timeout", "start_timeout", "step_timeout", "to",
            "authorized_keys", "proxy_jump");

    private final Source source;
    private final Diagnostics diags;
    private final Path directory;
    private final ProviderLanguages languages;
    private Block block;

    SshParser(Source source, Diagnostics diags, Path directory, ProviderLanguages languages) {
        this.source = source;
        this.diags = diags;
        this.directory = directory;
        this.languages = languages;
    }

    SshConfig parse(Fields top, ProviderConfig provider, ProviderLanguage language) {
        // Existing hosts are not booting: a provider may say that one that has never answered is
        // most likely down or misnamed, and should not hold every apply as long as a new cloud node.
        SshConfig d = SshConfig.defaults().withStartTimeout(language.startTimeout());
        List<String> allowed = new ArrayList<>(KEYS);
        allowed.addAll(Keys.names(languages.all(), ProviderLanguage::sshKeys));
        Fields f = Fields.of(source, diags, top.node("ssh"), "\"ssh\"", allowed);
        block = new Block(f == null ? new Fields(source, new Diagnostics(), null, "\"ssh\"", null) : f, source, diags, directory);
        if (f == null) {
            return d;
        }
        // Relative to the playbook's folder, like every local path in a playbook.
        String key = f.string("private_key").map(k -> SshConfig.keyFile(k, directory).toString()).orElse(null);
        if (key != null) {
            checkKey(f, Path.of(key), provider, language);
        }
        Map<String, Object> settings = Keys.read(block, language.sshKeys());
        Keys.ignored(block, language.type(), languages.all(), ProviderLanguage::sshKeys);
        String user = f.string("user").orElse(null);
        String userProblem = user == null ? null : LoginNames.userProblem(user);
        if (userProblem != null) {
            f.error("user", "Invalid user name", "\"user\" in \"ssh\": " + userProblem);
        }
        authorizedKeys(f);
        String to = f.string("to").orElse(null);
        if (to != null) {
            toMentions.add(new GroupParser.Mention(to, f.node("to"), "\"to\" in \"ssh\""));
        }
        SshConfig.Jump jump = null;
        String jumpText = f.string("proxy_jump").orElse(null);
        if (jumpText != null) {
            try {
                jump = SshConfig.Jump.parse(jumpText);
            } catch (IllegalArgumentException bad) {
                f.error("proxy_jump", "Invalid bastion", "\"proxy_jump\" in \"ssh\": " + bad.getMessage().replaceAll("\\.$", "")
                        + ". Write the bastion as user@host:port (user and port may be left out), as OpenSSH's ProxyJump.");
            }
        }
        return new SshConfig(userProblem == null ? user : null, f.integer("port", 1, 65535).orElse(0), key,
                f.duration("connect_timeout").orElse(d.connectTimeout()), f.duration("start_timeout").orElse(d.startTimeout()),
                f.duration("step_timeout").orElse(d.stepTimeout()), settings, to, jump);
    }

    /** A public key to authorize on every node: its one line, the file it came from (as written), where it is named. */
    record AuthorizedKey(String line, String file, dev.spotplay.diag.SourceRange at) {}

    /** What a public key line looks like: a known type, base64, and an optional comment; no options, one line. */
    private static final java.util.regex.Pattern PUBLIC_KEY = java.util.regex.Pattern.compile(
            "(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp256|ecdsa-sha2-nistp384|ecdsa-sha2-nistp521|sk-ssh-ed25519@openssh\\.com"
                    + "|sk-ecdsa-sha2-nistp256@openssh\\.com) [A-Za-z0-9+/]+={0,3}( [^\\r\\n]*)?");

    /** {@code ssh.authorized_keys}: public key files, each read now, so a missing or malformed one is an error at its place. */
    final List<AuthorizedKey> authorizedKeys = new ArrayList<>();

    private void authorizedKeys(Fields f) {
        if (!f.has("authorized_keys")) {
            return;
        }
        Block b = new Block(f, source, diags, directory);
        b.strings("authorized_keys", true, true);
        for (Block.Item item : b.stringItems("authorized_keys")) {
            Path file = SshConfig.keyFile(item.text(), directory);
            String text;
            try {
                text = java.nio.file.Files.readString(file).strip();
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                diags.error(item.at(), "Public key not readable", "\"authorized_keys\" names " + file + ", which cannot be read ("
                        + e.getMessage() + "). Name a public key file (an id_ed25519.pub), relative to the playbook's folder or with ~.");
                continue;
            }
            if (!PUBLIC_KEY.matcher(text).matches()) {
                diags.error(item.at(), "Not a public key", "\"authorized_keys\" names " + file + ", which does not hold one public key "
                        + "line (\"ssh-ed25519 AAAA... comment\", no options, one line). Is it the private half?");
                continue;
            }
            authorizedKeys.add(new AuthorizedKey(text, item.text(), item.at()));
        }
    }

    /** {@code ssh.to}'s group, to be checked once the groups are known. */
    final List<GroupParser.Mention> toMentions = new ArrayList<>();

    /** The {@code ssh:} block as the provider's checks see it (empty when there is none). */
    Block block() {
        return block;
    }

    /** The key must be there, and its .pub too where the provider hands the public half to the nodes. */
    private void checkKey(Fields f, Path key, ProviderConfig provider, ProviderLanguage language) {
        if (!Files.isRegularFile(key)) {
            f.error("private_key", "Key file not found", "\"private_key\" names " + key + ", which "
                    + (Files.exists(key) ? "is not a file" : "does not exist") + ". Give the private key spotplay logs in with "
                    + "(~ and paths relative to the playbook's folder work), or leave private_key out and spotplay makes a key "
                    + "for the cluster.");
            return;
        }
        Path pub = key.resolveSibling(key.getFileName() + ".pub");
        language.publicKeyUse(provider).filter(who -> !Files.isRegularFile(pub)).ifPresent(who ->
                f.error("private_key", "Public key not found", who + ", " + pub + ", which does not exist. Make it with: "
                        + "ssh-keygen -y -f " + key + " > " + pub));
    }
}
