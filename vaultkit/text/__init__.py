"""Pure text: a note's bytes or a line in, facts about it out.

Markdown as Obsidian reads it (fences, comments, tags, links, list items, headings, what is
prose), frontmatter, Moment.js dates, block markers, byte-range edits, a note's phrases and
the question to ask of an entry. Nothing here reads a file, a clock or a setting beyond the
`NoteRules` it is given; everything above leans on these facts.
"""
