"""Reading many notes on every core: the first read of a big vault, and any read of many.

Parsing is most of a cold start (0.14-0.17 ms a note), and it is CPU work that one Python
process does on one core. The notes to read are cut into chunks: helper processes take chunks
from the front, this process takes them from the back, and they meet in the middle, so a
helper that is slow to start costs nothing. A helper reads and parses; everything that decides
what a note is to vaultkit (a note passed over and why, the bytes kept, the index) stays in
Vault, in the order of the walk, exactly as a read on one core leaves it. Each chunk is
pickled once, where it was read, as a run of the index cache (note_cache.Piece): the bytes
that carry a helper's notes to this process are the ones the index is written with. How
helpers are started, and started ahead of a read, is helper_pool.py's.
"""

from __future__ import annotations

import concurrent.futures as cf
import pickle
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence

from vaultkit.store.cached_note import CachedNote
from vaultkit.store.helper_pool import (
    block_stop_signals,
    drop_hold,
    hold_ahead,
    new_pool,
    release_ahead,
    take_ahead,
)
from vaultkit.store.kept_bytes import keeps_bytes
from vaultkit.store.reading import FileState, read_note
from vaultkit.text.note import Note, NoteRules, parse_note

CHUNK = 200  # notes per piece of work: small enough to stop soon, big enough to be cheap
# Notes in the chunks where the helpers and this process are expected to meet (cut_chunks)
SMALLEST = 25
IN_HAND = 2  # chunks given to each helper at a time: one it reads, one to go on with

# The fields of a FileState, in order.
Fields = tuple[bytes | None, float, int, int, int, bytes]
# A note read: its state and what it says. The state is None when it could not be read or
# parsed: the caller reads that one again itself, to pass it over with the reason
# (Vault.refresh). The note is None when the bytes are those the index cache knows (`known`):
# the cached note stands, and nothing was parsed.
Read = tuple[str, Fields | None, Note | None]
# What a helper sends back: its reads, the notes of the index among them pickled apart, as one
# run of the index (note_cache.Piece), which is written to the index as it is.
HelperRead = tuple[list[Read], bytes]
# Told of each run of the index pickled as its notes were read: its bytes, and its entries.
RunTaker = Callable[[bytes, dict[str, CachedNote]], None]


def read_chunk(
    root: str,
    rels: Sequence[str],
    rules: NoteRules,
    agenda_note: str,
    known: Mapping[str, bytes],
) -> list[Read]:
    """Read and parse `rels` (in a helper, or here); a note whose bytes have the digest
    `known` gives for it is not parsed (only its mtime changed). The state goes as a tuple (a
    tuple pickles for a fraction of a frozen dataclass), its bytes only when they are kept
    (kept_bytes.py): the rest need not cross, nor wait."""
    found: list[Read] = []
    fields: Fields
    for rel in rels:
        try:
            state = read_note(root, rel)
            data = state.data or b""  # read_note always holds the bytes
            if known.get(rel) == state.digest:
                fields = (data, state.mtime, state.mtime_ns, state.size, state.inode, state.digest)
                found.append((rel, fields, None))
                continue
            note = parse_note(rel, data, state.mtime, rules)
        except Exception:
            found.append((rel, None, None))
            continue
        kept = data if keeps_bytes(rel, note, state.size, agenda_note) else None
        fields = (kept, state.mtime, state.mtime_ns, state.size, state.inode, state.digest)
        found.append((rel, fields, note))
    return found


def read_chunk_in_helper(
    root: str,
    rels: Sequence[str],
    rules: NoteRules,
    agenda_note: str,
    known: Mapping[str, bytes],
) -> HelperRead:
    """read_chunk, with the notes the index will hold (their bytes not kept) pickled once,
    here, as a run of the index: pickling them again for the index would be this process's
    work, on one core, and the rest must cross to it pickled anyway. They come back as
    reads without their note, filled in again from the run (_Work._collect)."""
    found = read_chunk(root, rels, rules, agenda_note, known)
    run = index_run(found)
    for at, (rel, fields, _) in enumerate(found):
        if rel in run:
            found[at] = (rel, fields, None)
    return found, pickle.dumps(run, protocol=pickle.HIGHEST_PROTOCOL) if run else b""


def index_run(found: Sequence[Read]) -> dict[str, CachedNote]:
    """The entries of the index among `found`: the notes parsed whose bytes are not kept."""
    return {
        rel: CachedNote(fields[2], fields[3], fields[5], note)
        for rel, fields, note in found
        if fields is not None and note is not None and fields[0] is None
    }


def state_of(fields: Fields) -> FileState:
    """The FileState a Read carries."""
    return FileState(*fields)


def read_all(
    root: str,
    rels: Sequence[str],
    rules: NoteRules,
    agenda_note: str,
    known: Mapping[str, bytes],
    stopping: Callable[[], bool],
    step: Callable[[], None],
    helpers: int,
    take_run: RunTaker = lambda data, entries: None,
) -> Iterator[Read]:
    """Every note of `rels` read (read_chunk), in the order of `rels`, until `stopping()`:
    then only those read so far. `step()` is called once per note read; with helpers,
    `take_run` with each chunk's run of the index, pickled as it was read (by a helper,
    read_chunk_in_helper, or here). A read of the same notes begun ahead (begin_ahead) is
    taken up where it is; any other is let go."""
    work = _take_begun(root, rels, rules, agenda_note, known, helpers)
    if work is not None:
        work.stopping, work.step, work.take_run = stopping, step, take_run
        yield from work.share(helpers)
        return
    chunks = [rels[start:end] for start, end in cut_chunks(len(rels), helpers)]
    work = _Work(root, chunks, rules, agenda_note, known, stopping, step, take_run)
    if helpers:
        yield from work.share(helpers)
    else:
        release_ahead()
        for chunk in chunks:
            if stopping():
                break
            yield from work.read_here(chunk)


# A read begun ahead (begin_ahead), with what it reads, for the read_all of the same to take.
_begun: list[tuple[tuple[str, Sequence[str], NoteRules, str], _Work]] = []


def begin_ahead(
    root: str, rels: Sequence[str], rules: NoteRules, agenda_note: str, helpers: int
) -> None:
    """Begin now, with `helpers`, a read of every note of `rels` that no index knows: the
    helpers take their first chunks while the command does what it does before that read
    (imports the rest of vaultkit), and the read_all asked for the same notes takes it up.
    Helpers reading before it are reading after the command's stamp all the same (the
    stamp's soundness rests on that: run_stamp.py). Let go unused, with the helpers, by
    helper_pool.release_ahead, or by a read_all of other notes."""
    if not helpers or _begun:
        return
    chunks = [rels[start:end] for start, end in cut_chunks(len(rels), helpers)]
    work = _Work(root, chunks, rules, agenda_note, {}, _never, _nothing, _no_run)
    work.begin(helpers)
    _begun.append(((root, rels, rules, agenda_note), work))
    hold_ahead(work.let_go)


def _take_begun(
    root: str,
    rels: Sequence[str],
    rules: NoteRules,
    agenda_note: str,
    known: Mapping[str, bytes],
    helpers: int,
) -> _Work | None:
    """The read begun ahead, if it is this one; one begun for other notes is let go."""
    if not _begun:
        return None
    (begun_root, begun_rels, begun_rules, begun_note), work = _begun.pop()
    drop_hold(work.let_go)
    same = (begun_root, begun_rules, begun_note) == (root, rules, agenda_note)
    if same and helpers and not known and list(begun_rels) == list(rels):
        return work
    work.let_go()
    return None


def _never() -> bool:
    return False


def _nothing() -> None:
    pass


def _no_run(data: bytes, entries: dict[str, CachedNote]) -> None:
    pass


def cut_chunks(count: int, helpers: int) -> list[tuple[int, int]]:
    """(start, end) of each chunk of a read of `count` notes. With helpers, chunks shrink
    toward the point where the helpers, reading from the front, are expected to meet this
    process, reading from the back: at the end of a read, whoever is done first waits for the
    chunks the others still hold, and small chunks there keep that wait short."""
    if not helpers:
        return [(at, min(at + CHUNK, count)) for at in range(0, count, CHUNK)]
    meet, smallest = count * helpers // (helpers + 1), min(SMALLEST, CHUNK)
    front: list[tuple[int, int]] = []
    at = 0
    while at < meet:
        size = max(smallest, min(CHUNK, (meet - at) // 4))
        front.append((at, min(at + size, meet)))
        at += size
    back: list[tuple[int, int]] = []
    end = count
    while end > meet:
        size = max(smallest, min(CHUNK, (end - meet) // 4))
        back.append((max(end - size, meet), end))
        end -= size
    return front + back[::-1]


class _Work:
    """The chunks of one read, and who reads which: helpers from the front, this process
    from the back. Helpers are started by a thread of their own, because starting one takes
    a while (a new interpreter) and this process reads meanwhile."""

    def __init__(
        self,
        root: str,
        chunks: list[Sequence[str]],
        rules: NoteRules,
        agenda_note: str,
        known: Mapping[str, bytes],
        stopping: Callable[[], bool],
        step: Callable[[], None],
        take_run: RunTaker,
    ) -> None:
        self.root, self.chunks, self.rules, self.agenda_note = root, chunks, rules, agenda_note
        self.known = known
        self.stopping, self.step, self.take_run = stopping, step, take_run
        self.done: dict[int, list[Read]] = {}  # read, not yet given to the caller
        self.given = 0  # the chunks before it were given to the caller, in order
        self.lock = threading.Lock()
        self.front = 0  # chunks before it are the helpers'
        self.back = len(chunks)  # chunks from it on are this process's
        self.futures: dict[int, cf.Future[HelperRead]] = {}
        self.pool: cf.ProcessPoolExecutor | None = None  # with the thread handing out chunks,
        self.starter: threading.Thread | None = None  # once begun

    def read_here(self, rels: Sequence[str]) -> list[Read]:
        found: list[Read] = []
        for rel in rels:
            if self.stopping():
                break
            found.extend(read_chunk(self.root, [rel], self.rules, self.agenda_note, self.known))
            self.step()
        return found

    def share(self, helpers: int) -> Iterator[Read]:
        """Read with `helpers`; the reads are given in order as soon as all before them are
        in, so that the caller takes in the helpers' first chunks (Vault.store) while the
        helpers read on, instead of everything once the last chunk is in."""
        pool, starter = self.begin(helpers)
        try:
            while (number := self._take_from_back()) is not None and not self.stopping():
                self.done[number] = found = self.read_here(self.chunks[number])
                # Pickled now, as a run of the index, while the helpers read on: when the
                # index is saved, after the read, this process is the only one working.
                if run := index_run(found):
                    self.take_run(pickle.dumps(run, protocol=pickle.HIGHEST_PROTOCOL), run)
                self._collect(wait=False)
                yield from self._in_order()
            starter.join()
            if self.stopping():
                for future in self.futures.values():
                    future.cancel()
            self._collect(wait=not self.stopping())
            # Whatever happened on the way (a helper that could not start while this process
            # was taking the chunk it had been given), every chunk is read by someone.
            for number, chunk in enumerate(self.chunks):
                if number >= self.given and number not in self.done and not self.stopping():
                    self.done[number] = self.read_here(chunk)
            yield from self._in_order()
            for number in sorted(self.done):  # stopped: what was read, still in order
                yield from self.done.pop(number)
        finally:
            # A helper in the middle of a chunk when stopping finishes it; nothing waits.
            pool.shutdown(wait=not self.stopping(), cancel_futures=True)

    def begin(self, helpers: int) -> tuple[cf.ProcessPoolExecutor, threading.Thread]:
        """The helpers (started ahead, or now) and the thread handing them chunks, started
        once."""
        if self.pool is None or self.starter is None:
            self.pool = take_ahead() or new_pool(helpers)
            self.starter = threading.Thread(
                target=self._hand_out, args=(self.pool, helpers), daemon=True
            )
            self.starter.start()
        return self.pool, self.starter

    def let_go(self) -> None:
        """A read begun and never taken up: no more chunks are handed out, and the helpers
        end once done with the ones they have."""
        self.stopping = _always
        if self.pool is not None:
            self.pool.shutdown(wait=False, cancel_futures=True)

    def _hand_out(self, pool: cf.ProcessPoolExecutor, helpers: int) -> None:
        """Give the helpers chunks from the front until they meet this process's, a few at a
        time: each helper has one chunk in hand and one waiting. (Handed out all at once,
        the chunks this process was to read from the back would be the helpers' before it
        reached them, and it would wait instead of read.)"""
        block_stop_signals()
        free = threading.Semaphore(IN_HAND * helpers)
        while True:
            while not free.acquire(timeout=0.05):
                if self.stopping():
                    return
            with self.lock:
                if self.front >= self.back or self.stopping():
                    return
                number = self.front
                self.front += 1
            try:
                chunk = self.chunks[number]
                known = {rel: self.known[rel] for rel in chunk if rel in self.known}
                future = pool.submit(
                    read_chunk_in_helper, self.root, chunk, self.rules, self.agenda_note, known
                )
            except Exception:
                # No helper could be started (no processes left, a sandbox) or the pool broke:
                # this chunk and the rest are this process's to read.
                with self.lock:
                    self.front = number
                return
            future.add_done_callback(lambda _: free.release())
            with self.lock:
                self.futures[number] = future

    def _take_from_back(self) -> int | None:
        """The next chunk this process reads: the last not yet handed out, or one handed
        out that no helper has begun; None when the helpers have the rest."""
        with self.lock:
            number = self.back - 1
            if number < 0:
                return None
            if number >= self.front:
                self.back = number
                return number
            future = self.futures.get(number)
            if future is None or not future.cancel():
                return None  # being handed out, or begun: the helpers' from here on
            del self.futures[number]
            self.back = self.front = number
            return number

    def _in_order(self) -> Iterator[Read]:
        """The chunks read that follow, unbroken, those already given."""
        while self.given in self.done:
            yield from self.done.pop(self.given)
            self.given += 1

    def _collect(self, wait: bool) -> None:
        """Take in what the helpers have read (all of it, with `wait`)."""
        for number, future in list(self.futures.items()):
            if future.cancelled() or not (wait or future.done()):
                continue
            del self.futures[number]  # taken in once
            # Asked apart from the result: a helper's failure may be a KeyboardInterrupt it
            # caught, which must not stop this process; one here (Ctrl-C) still does.
            if future.exception() is not None:
                # A helper that died (killed, out of memory) loses no note: read here.
                self.done[number] = self.read_here(self.chunks[number])
                continue
            found, data = future.result()
            if data:
                run: dict[str, CachedNote] = pickle.loads(data)
                found = [
                    (rel, fields, run[rel].note if rel in run else note)
                    for rel, fields, note in found
                ]
                self.take_run(data, run)
            self.done[number] = found
            for _ in found:
                self.step()


def _always() -> bool:
    return True
