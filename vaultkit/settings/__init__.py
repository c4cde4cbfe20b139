"""The settings in force: `vaultkit.toml`, Obsidian's own files and the defaults, read once
into a frozen `Config`, with plain-words errors that name the file and line."""
