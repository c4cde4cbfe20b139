"""The edge that touches the disk.

Reading: `reading` (one note's bytes, safely; each reason it is passed over its own
`Unreadable`), `walk` (the vault's files), `vault` (the loaded `Vault`), `note_cache` (the
index cache between runs). Writing, every file through these: `writer` (a note in the vault:
atomic, mode-preserving, compare-and-swap), `removing` (a merged conflict copy, only while
unchanged), `outside_writer` (the brief, service files, caches), built on `durable` and
`temp_files`. Outside the vault: `vault_name` (the one per-vault name), `cache_dir`, `lock`,
`own_writes`, `written_blocks`; `resources` finds the built-in templates.
"""
