package dev.trustedcompute.hvs;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** Runs an announcement once what it announces is visible to other connections. */
public final class AfterCommit {

    private AfterCommit() {
    }

    /** After the surrounding transaction commits (not at all if it rolls back), or now without one. */
    public static void run(Runnable action) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    action.run();
                }
            });
        } else {
            action.run();
        }
    }
}
