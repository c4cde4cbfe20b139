"""Names are compared as the file system would: NFC and NFD spellings of one name are one note.

A setting is typed in NFC (`Nächste Sitzung.md`); macOS and some sync tools leave the file on
disk in NFD. Linux compares names byte for byte, so a vaultkit that compared the setting with
the disk's bytes made a second, NFC twin and never saw the person's ticks in the note they
actually open.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

import pytest

from support.daemon import Running, make_vault, wait_for
from support.vaults import age_tree
from vaultkit.settings.config import Config, load_config
from vaultkit.settings.spelling import spelled_as_on_disk
from vaultkit.store.note_cache import index_key
from vaultkit.store.vault import load_vault

TODAY = ["--today", "2026-11-22"]
AGENDA = unicodedata.normalize("NFC", "Nächste Sitzung.md")  # as typed, whatever this file holds
JOURNAL = "Journal/2026-11-20.md"


def nfc(name: str) -> str:
    return unicodedata.normalize("NFC", name)


def nfd(name: str) -> str:
    return unicodedata.normalize("NFD", name)


def spellings(folder: Path, name: str) -> list[str]:
    """Every entry of `folder` that is `name` in some Unicode spelling."""
    return sorted(n for n in os.listdir(folder) if nfc(n) == nfc(name))


def write(vault: Path, rel: str, text: str) -> None:
    path = vault / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")


def new_vault(tmp_path: Path, toml: str, files: dict[str, str]) -> Path:
    vault = tmp_path / "v"
    vault.mkdir()
    # The settings as typed: NFC, whatever the editor of this file does to it.
    (vault / "vaultkit.toml").write_bytes(nfc(toml).encode("utf-8"))
    for rel, text in files.items():
        write(vault, rel, text)
    age_tree(vault)
    return vault


def test_an_agenda_stored_in_nfd_is_the_agenda(cli, tmp_path):
    vault = new_vault(
        tmp_path,
        f'[agenda]\nnote = "{AGENDA}"\n',
        {
            nfd(AGENDA): "Bring the list.\n",
            JOURNAL: "- [ ] call the clinic #next\n",
        },
    )
    assert spellings(vault, AGENDA) == [nfd(AGENDA)]

    result = cli("--vault", str(vault), *TODAY, "run")
    assert result.exit_code == 0, result.output
    assert spellings(vault, AGENDA) == [nfd(AGENDA)], "a second agenda was made beside it"
    agenda = vault / nfd(AGENDA)
    text = agenda.read_text("utf-8")
    assert "Bring the list." in text and "- [ ] call the clinic" in text

    agenda.write_text(text.replace("- [ ] call the clinic", "- [x] call the clinic"), "utf-8")
    age_tree(vault)
    result = cli("--vault", str(vault), *TODAY, "run")
    assert result.exit_code == 0, result.output
    assert (vault / JOURNAL).read_text("utf-8") == "- [x] call the clinic #next\n"
    assert spellings(vault, AGENDA) == [nfd(AGENDA)]


def test_an_agenda_in_an_nfd_folder_is_the_agenda(cli, tmp_path):
    note = "Für die Sitzung/Nächstes Mal.md"
    vault = new_vault(
        tmp_path,
        f'[agenda]\nnote = "{note}"\n',
        {
            nfd(note): "",
            JOURNAL: "- [ ] call the clinic #next\n",
        },
    )
    result = cli("--vault", str(vault), *TODAY, "run")
    assert result.exit_code == 0, result.output
    assert spellings(vault, "Für die Sitzung") == [nfd("Für die Sitzung")]
    assert "call the clinic" in (vault / nfd(note)).read_text("utf-8")


def test_a_prompt_folder_stored_in_nfd_has_its_new_notes_filled(cli, tmp_path):
    folder = "Gefühle"
    vault = new_vault(
        tmp_path,
        f'[prompts]\n"{folder}" = "emotion-log"\n',
        {
            f"{nfd(folder)}/2026-11-21.md": "",
        },
    )
    result = cli("--vault", str(vault), *TODAY, "run")
    assert result.exit_code == 0, result.output
    assert spellings(vault, folder) == [nfd(folder)]
    assert (vault / nfd(folder) / "2026-11-21.md").read_text("utf-8").strip(), "not filled"
    assert result.output.count("filled") == 1


def test_a_daily_folder_stored_in_nfd_gets_the_new_day(cli, tmp_path):
    folder = "Tagebücher"
    vault = new_vault(
        tmp_path,
        f'[daily]\nfolder = "{folder}"\nformat = "DD.MM.YYYY"\n',
        {
            f"{nfd(folder)}/20.11.2026.md": "- [ ] call the clinic #next\n",
        },
    )
    result = cli("--vault", str(vault), *TODAY, "run")
    assert result.exit_code == 0, result.output
    assert spellings(vault, folder) == [nfd(folder)], "a second daily folder was made"
    assert (vault / nfd(folder) / "22.11.2026.md").exists()
    # Read as a daily page of its day (the format is only known inside the daily folder).
    loaded = load_vault(vault, load_config(vault)[0])
    assert loaded.notes[f"{nfd(folder)}/20.11.2026.md"].date.isoformat() == "2026-11-20"


def test_every_path_setting_takes_the_disk_spelling(tmp_path):
    names = {
        "daily": "Tagebücher",
        "templates": "Vorlagen für mich",
        "sessions": "Sitzungen ü",
        "reviews": "Rückblicke",
        "prompt": "Träume",
        "agenda": "Nächste Sitzung.md",
    }
    toml = (
        f'[daily]\nfolder = "{names["daily"]}"\ntemplate = "{names["templates"]}/Täglich"\n'
        f'[templates]\nfolder = "{names["templates"]}"\n'
        f'[sessions]\nfolder = "{names["sessions"]}"\n'
        f'[reviews]\nfolder = "{names["reviews"]}"\n'
        f'[prompts]\n"{names["prompt"]}" = "Träume-Vorlage"\n'
        f'[agenda]\nnote = "{names["agenda"]}"\n'
    )
    vault = new_vault(
        tmp_path,
        toml,
        {
            nfd(f"{names['templates']}/Täglich.md"): "# {{title}}\n",
            nfd(f"{names['templates']}/Träume-Vorlage.md"): "# A dream\n",
            nfd(names["agenda"]): "",
        },
    )
    for key in ("daily", "sessions", "reviews", "prompt"):
        (vault / nfd(names[key])).mkdir()
    config, _ = load_config(vault)
    resolved, warnings = spelled_as_on_disk(config, vault)
    assert warnings == []
    assert resolved.daily_folder == nfd(names["daily"])
    assert resolved.templates_folder == nfd(names["templates"])
    assert resolved.sessions_folder == nfd(names["sessions"])
    assert resolved.reviews_folder == nfd(names["reviews"])
    assert resolved.agenda_note == nfd(names["agenda"])
    assert resolved.prompt_folders == {nfd(names["prompt"]): nfd("Träume-Vorlage")}
    assert resolved.daily_template == nfd(f"{names['templates']}/Täglich")
    # The vault, and so everything that tends it, works with the disk's spelling.
    assert load_vault(vault, config).config == resolved


def test_nothing_to_resolve_leaves_the_settings_and_the_cache_key_alone(tmp_path):
    vault = new_vault(
        tmp_path,
        '[daily]\nfolder = "Tagebücher"\n',
        {
            "Tagebücher/2026-11-20.md": "- a note\n",  # NFC on disk, as in the settings
        },
    )
    config, _ = load_config(vault)
    resolved, warnings = spelled_as_on_disk(config, vault)
    assert resolved == config and warnings == []
    assert index_key(resolved) == index_key(config)
    assert load_vault(vault, config).config == config
    # Nothing on disk at all: the settings' spelling is kept, for the notes vaultkit makes.
    empty = tmp_path / "empty"
    empty.mkdir()
    assert (
        spelled_as_on_disk(Config(daily_folder="Tagebücher"), empty)[0].daily_folder == "Tagebücher"
    )


def test_both_spellings_on_disk_the_settings_spelling_wins_and_it_is_said(cli, tmp_path):
    vault = new_vault(
        tmp_path,
        f'[agenda]\nnote = "{AGENDA}"\n',
        {
            nfd(AGENDA): "The NFD one.\n",
            nfc(AGENDA): "The NFC one.\n",
            JOURNAL: "- [ ] call the clinic #next\n",
        },
    )
    if len(os.listdir(vault)) != 4:
        pytest.skip("this file system folds Unicode spellings into one name")
    result = cli("--vault", str(vault), *TODAY, "run")
    assert result.exit_code == 0, result.output
    assert "call the clinic" in (vault / nfc(AGENDA)).read_text("utf-8")
    assert "call the clinic" not in (vault / nfd(AGENDA)).read_text("utf-8")
    warned = [line for line in result.output.splitlines() if "Unicode spellings" in line]
    assert warned == [
        (
            f"warning: {AGENDA}: two notes with this name in different Unicode "
            "spellings; using the one spelled as in the settings"
        )
    ]


def test_the_daemon_uses_the_disk_spelling_and_picks_up_a_new_one(tmp_path):
    """A prompt folder that arrives later, in NFD (a sync from a Mac), is a prompt folder."""
    vault = make_vault(
        tmp_path / "v",
        {JOURNAL: "- [ ] call the clinic #next\n", nfd(AGENDA): ""},
        quiet=0.2,
        extra_toml=nfc(f'[agenda]\nnote = "{AGENDA}"\n[prompts]\n"Gefühle" = "emotion-log"\n'),
    )
    with Running(vault) as running:
        assert spellings(vault, AGENDA) == [nfd(AGENDA)]
        assert "call the clinic" in (vault / nfd(AGENDA)).read_text("utf-8")
        os.mkdir(vault / nfd("Gefühle"))
        (vault / nfd("Gefühle") / "today.md").write_bytes(b"")
        wait_for(
            lambda: (vault / nfd("Gefühle") / "today.md").read_text("utf-8").strip(),
            15,
            "the new note in the NFD prompt folder to be filled",
        )
        assert spellings(vault, "Gefühle") == [nfd("Gefühle")]
        assert running.lines(
            f"{nfd('Gefühle')}/today.md: a name from the settings, spelled differently on disk"
        )
