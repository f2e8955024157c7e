package dev.spotplay.state.h2;

import dev.spotplay.state.Holder;
import dev.spotplay.state.StateStore;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Another spotplay process, for tests: opens a state for update, says so on stdout, then either
 * saves a node ({@code save}) or just holds the lock ({@code hold}), and waits to be killed or
 * for {@code millis} before it says "releasing", closes and exits.
 */
public final class StateHolderMain {

    public static void main(String[] args) throws Exception {
        Path db = Path.of(args[0]);
        String action = args[1];
        long millis = Long.parseLong(args[2]);
        StateStore store = StateFiles.openForUpdate(db, "demo", Holder.current("apply"), Duration.ZERO);
        if (action.equals("save")) {
            store.saveNode(Fixtures.node("worker001"));
            System.out.println("saved");
        } else {
            System.out.println("locked");
        }
        System.out.flush();
        Thread.sleep(millis);
        System.out.println("releasing");
        System.out.flush();
        store.close();
        System.exit(0);
    }
}
