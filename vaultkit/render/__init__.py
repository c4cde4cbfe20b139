"""Facts to text a person reads: the template sandbox and Obsidian's placeholders, the mood
chart as SVG, the brief as one HTML page, the support callout, the commented `vaultkit.toml`.
Every word rendered here follows CARE.md."""
