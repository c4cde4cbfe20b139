"""What a command does, from the layers below: one pass over the vault as explicit steps,
`new`/`session`/`init`, `add`, the brief, `doctor`, the demo, sync conflict copies of the
agenda. The command line and the daemon call these; neither re-states their order."""
