"""The agenda note is one page: what folds stays in its notes, can be ticked there, and
`vaultkit agenda --all` prints all of it without writing anything."""

from __future__ import annotations

from pathlib import Path

from support.daemon import AGENDA, make_vault
from support.daemon import agenda_text as agenda
from support.vaults import age_later as age_tree
from support.vaults import edit_note as edit
from vaultkit.facts.agenda_folding import DAY_ITEMS_SHOWN

DAY = "Journal/2026-11-19.md"
TASKS = "".join(f"- [ ] task {i:02} #next\n" for i in range(DAY_ITEMS_SHOWN + 5))


def run(cli, vault: Path, *args: str):
    result = cli("--vault", str(vault), "--today", "2026-11-20", *(args or ("run",)))
    age_tree(vault)
    return result


def files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def test_agenda_all_prints_every_item_and_writes_nothing(tmp_path, cli):
    pages = {
        f"Journal/2026-{month:02}-{day:02}.md": "".join(
            f"- thing {month}-{day}-{i} #next\n" for i in range(12)
        )
        for month in (9, 10, 11)
        for day in range(1, 29)
    }
    root = make_vault(tmp_path / "v", pages)
    before = files(root)
    result = run(cli, root, "agenda", "--all")
    assert result.exit_code == 0, result.output
    assert files(root) == before  # no agenda note, nothing else
    assert not (root / AGENDA).exists()
    for page, text in pages.items():
        for line in text.splitlines():
            assert f"- [ ] {line[2:-6]} — [[{page[8:-3]}]]" in result.output
    # The note itself shows the window, the rest pointed at.
    assert run(cli, root).exit_code == 0
    note = agenda(root)
    assert "What I have noted in the last 14 days." in note
    assert "thing 9-1-0" not in note
    assert "`vaultkit agenda --all` shows everything." in note


def test_a_folded_item_is_ticked_at_its_source_and_a_shown_one_in_the_agenda(tmp_path, cli):
    root = make_vault(tmp_path / "v", {DAY: TASKS})
    assert run(cli, root).exit_code == 0
    note = agenda(root)
    assert note.count("- [ ] task ") == DAY_ITEMS_SHOWN
    assert "And 5 more from this day." in note
    assert "task 13" not in note  # folded

    # Ticked where it was written: it stays ticked there, and the agenda still counts it.
    edit(root, DAY, "- [ ] task 13 #next", "- [x] task 13 #next")
    assert run(cli, root).exit_code == 0
    assert "- [x] task 13 #next" in (root / DAY).read_text("utf-8")
    assert "And 5 more from this day." in agenda(root)

    # Ticked in the agenda: it reaches its source.
    edit(root, AGENDA, "- [ ] task 02 ", "- [x] task 02 ")
    assert run(cli, root).exit_code == 0
    source = (root / DAY).read_text("utf-8")
    assert "- [x] task 02 #next" in source
    assert source.count("- [x]") == 2
    assert "- [x] task 02 — " in agenda(root)

    # The whole agenda shows both marks.
    listing = run(cli, root, "agenda", "--all").output
    assert "- [x] task 02 — [[2026-11-19]]" in listing
    assert "- [x] task 13 — [[2026-11-19]]" in listing
