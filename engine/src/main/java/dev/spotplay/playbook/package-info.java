/**
 * The playbook: what the user declares. Immutable records ({@link dev.spotplay.playbook.Playbook},
 * {@link dev.spotplay.playbook.Group}, {@link dev.spotplay.playbook.Step}, ...), the parser that
 * builds them from YAML with a source position on everything, the validator, and the
 * {@code {{ }}} template language.
 *
 * <p>What must stay true: a {@code Playbook} that {@link dev.spotplay.playbook.PlaybookLoader}
 * returns is valid (every reference resolves, no cycle in {@code after}, every template names
 * a defined variable); every user mistake is a {@link dev.spotplay.diag.Diagnostic} with a
 * position, collected, never an exception from deep inside. Every value that will reach a command
 * line as a name (the login user) is checked here, where its position is known, by the rules of
 * {@link dev.spotplay.transport.LoginNames}; no value holds a NUL. Depends on {@code diag}, on the
 * {@link dev.spotplay.module.ModuleCatalog} view of the step modules and on those rules only.
 * It knows no provider by name: it reads the common language and hands every provider-owned
 * key, storage kind and membership rule to the {@link dev.spotplay.playbook.ProviderLanguage}
 * that declares it (checked by {@code arch.PlaybookKnowsNoProviderTest}).
 */
package dev.spotplay.playbook;
