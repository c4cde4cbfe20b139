"""The record of what vaultkit last wrote in each block: written as JSON put together from
each block's text, read back the same, merged with what another vaultkit wrote meanwhile."""

from __future__ import annotations

import json

from vaultkit.store.written_blocks import KEEP, WrittenBlocks, _load, _to_json
from vaultkit.text.blocks import Line, Written


def written(digest: str, text: str = 'a "quoted" liné') -> Written:
    return Written(
        digest, (Line(text, True, ("Journal/x.md", text, 0), " ", None), Line("b", False))
    )


def test_the_file_is_exactly_what_json_would_write(tmp_path):
    blocks = WrittenBlocks(tmp_path)
    first, second = written("d1"), written("d2", "ünïcode\\ and \n newline")
    blocks.put("Next session.md", first)
    blocks.put("Reviews/2026-W47.md", second)
    blocks.put("Next session.md", second)
    blocks.save()
    expected = {
        "format": 1,
        "notes": {
            "Next session.md": [_to_json(second), _to_json(first)],
            "Reviews/2026-W47.md": [_to_json(second)],
        },
    }
    assert (tmp_path / "blocks.json").read_text("utf-8") == json.dumps(expected, ensure_ascii=False)
    assert _load(tmp_path / "blocks.json")["Next session.md"] == [second, first]


def test_a_save_keeps_what_another_vaultkit_wrote_since(tmp_path):
    ours, theirs = WrittenBlocks(tmp_path), WrittenBlocks(tmp_path)
    ours.put("Next session.md", written("a"))
    ours.save()
    theirs.put("Next session.md", written("b"))
    theirs.save()  # the file changed under `ours`
    ours.put("Reviews/2026-W47.md", written("c"))
    ours.save()
    again = WrittenBlocks(tmp_path)
    assert again.get("Next session.md", "a") == written("a")
    assert again.get("Next session.md", "b") == written("b")
    assert again.get("Reviews/2026-W47.md", "c") == written("c")


def test_only_the_last_few_renders_are_kept(tmp_path):
    blocks = WrittenBlocks(tmp_path)
    for number in range(KEEP + 5):
        blocks.put("Next session.md", written(f"d{number}"))
        blocks.save()
    kept = _load(tmp_path / "blocks.json")["Next session.md"]
    assert [w.digest for w in kept] == [f"d{n}" for n in range(KEEP + 4, 4, -1)]
