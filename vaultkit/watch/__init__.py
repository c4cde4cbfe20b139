"""`vaultkit watch`: the daemon loop that waits for a quiet path and tends what changed, the
file-system observer, the quiet period, and the service files that start it at login."""
