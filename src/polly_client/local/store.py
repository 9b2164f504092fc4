"""Synthesis tasks and lexicons in SQLite (``:memory:`` by default, a file to survive restarts).

A task's status is not stored: it follows from its timestamps and the clock, so a test that
advances the clock sees tasks move ``scheduled -> inProgress -> completed`` (or ``failed``).
"""

from __future__ import annotations

import json
import sqlite3
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["ManualClock", "NewTask", "PageRow", "TaskStore"]

# How long a task waits, and how fast it "synthesizes".
QUEUE_SECONDS = 1.0
CHARACTERS_PER_SECOND = 2000.0


class ManualClock:
    """A clock tests move by hand: ``clock.advance(30)``."""

    def __init__(self, start: float | None = None) -> None:
        self._now = time.time() if start is None else start
        self._lock = threading.Lock()

    def __call__(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._now += seconds


@dataclass(frozen=True)
class NewTask:
    """What StartSpeechSynthesisTask stores, already validated."""

    fields: Mapping[str, Any]
    characters: int
    failure: str | None = None


_SCHEMA = """
CREATE TABLE IF NOT EXISTS tasks (
    task_id TEXT PRIMARY KEY,
    created REAL NOT NULL,
    started REAL NOT NULL,
    finished REAL NOT NULL,
    failure TEXT,
    fields TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS tasks_by_creation ON tasks (created, task_id);
CREATE TABLE IF NOT EXISTS lexicons (
    name TEXT PRIMARY KEY,
    content TEXT NOT NULL,
    attributes TEXT NOT NULL
);
"""

# Status as of :now, from the timestamps; the same expression filters and reports.
_STATUS = (
    "CASE WHEN :now < started THEN 'scheduled' WHEN :now < finished THEN 'inProgress' "
    "WHEN failure IS NULL THEN 'completed' ELSE 'failed' END"
)


class TaskStore:
    def __init__(self, path: str = ":memory:", clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        try:
            self._db = _open(path)
        except sqlite3.Error as error:
            raise ValueError(f"cannot keep tasks in {path}: {error}") from None
        # One connection, one lock: requests arrive on many threads.
        self._lock = threading.Lock()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def add(self, task: NewTask, created: float | None = None) -> dict[str, Any]:
        created = self._clock() if created is None else created
        self.add_many([(task, created)])
        return self._row_to_task(self._fetch_one(str(task.fields["TaskId"])))

    def add_many(self, tasks: Iterable[tuple[NewTask, float]]) -> None:
        rows = (
            (
                task.fields["TaskId"],
                created,
                created + QUEUE_SECONDS,
                created + QUEUE_SECONDS + max(1.0, task.characters / CHARACTERS_PER_SECOND),
                task.failure,
                json.dumps({**task.fields, "RequestCharacters": task.characters}),
            )
            for task, created in tasks
        )
        with self._lock:
            # Committed before the caller answers: an acknowledged task is on disk (in the
            # WAL) and survives the process being killed at any later moment.
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.executemany("INSERT INTO tasks VALUES (?, ?, ?, ?, ?, ?)", rows)
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def get(self, task_id: str) -> dict[str, Any] | None:
        row = self._fetch_one(task_id)
        return None if row is None else self._row_to_task(row)

    def page(
        self, status: str | None, after: tuple[float, str] | None, limit: int
    ) -> list[PageRow]:
        """Up to ``limit`` tasks after position ``after``, oldest first, as JSON text."""
        query = f"SELECT task_id, created, {_STATUS}, failure, fields FROM tasks WHERE 1"
        args: dict[str, Any] = {"now": self._clock(), "limit": limit}
        if status is not None:
            query += f" AND {_STATUS} = :status"
            args["status"] = status
        if after is not None:
            query += " AND (created, task_id) > (:created, :task_id)"
            args["created"], args["task_id"] = after
        query += " ORDER BY created, task_id LIMIT :limit"
        with self._lock:
            rows = self._db.execute(query, args).fetchall()
        return [_task_json(row) for row in rows]

    def count(self) -> int:
        with self._lock:
            (total,) = self._db.execute("SELECT COUNT(*) FROM tasks").fetchone()
        return int(total)

    def put_lexicon(
        self, name: str, content: str, attributes: Mapping[str, Any], most: int
    ) -> bool:
        """Store (or replace) a lexicon, unless it is new and ``most`` are stored already;
        whether it was stored."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                (count,) = self._db.execute(
                    "SELECT COUNT(*) FROM lexicons WHERE name != ?", (name,)
                ).fetchone()
                if count >= most:
                    self._db.execute("ROLLBACK")
                    return False
                self._db.execute(
                    "INSERT OR REPLACE INTO lexicons VALUES (?, ?, ?)",
                    (name, content, json.dumps(attributes)),
                )
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")
        return True

    def get_lexicon(self, name: str) -> tuple[str, dict[str, Any]] | None:
        """The lexicon's content and attributes."""
        with self._lock:
            row = self._db.execute(
                "SELECT content, attributes FROM lexicons WHERE name = ?", (name,)
            ).fetchone()
        return None if row is None else (str(row[0]), json.loads(row[1]))

    def lexicons(self, after: str | None, limit: int) -> list[tuple[str, dict[str, Any]]]:
        """Up to ``limit`` lexicons' names and attributes, by name, after ``after``."""
        with self._lock:
            rows = self._db.execute(
                "SELECT name, attributes FROM lexicons WHERE name > ? ORDER BY name LIMIT ?",
                (after or "", limit),
            ).fetchall()
        return [(str(name), json.loads(attributes)) for name, attributes in rows]

    def delete_lexicon(self, name: str) -> bool:
        """Whether there was such a lexicon."""
        with self._lock:
            deleted = self._db.execute("DELETE FROM lexicons WHERE name = ?", (name,)).rowcount
        return bool(deleted)

    def _fetch_one(self, task_id: str) -> tuple[Any, ...] | None:
        with self._lock:
            row = self._db.execute(
                f"SELECT task_id, created, {_STATUS}, failure, fields FROM tasks "
                "WHERE task_id = :task_id",
                {"now": self._clock(), "task_id": task_id},
            ).fetchone()
        return None if row is None else tuple(row)

    @staticmethod
    def _row_to_task(row: tuple[Any, ...] | None) -> dict[str, Any]:
        assert row is not None
        task_id, created, status, failure, fields = row
        task: dict[str, Any] = json.loads(fields)
        task["TaskId"] = task_id
        task["CreationTime"] = created
        task["TaskStatus"] = status
        if status == "failed":
            task["TaskStatusReason"] = failure
        return task


# How long a writer waits for another server's transaction on the same file.
_BUSY_SECONDS = 10.0


def _open(path: str) -> sqlite3.Connection:
    """A file in WAL mode, so that several servers can share it: readers never block the
    writer, and writers wait their turn (up to _BUSY_SECONDS) instead of failing."""
    db = sqlite3.connect(path, timeout=_BUSY_SECONDS, check_same_thread=False, isolation_level=None)
    try:
        if path != ":memory:":
            (mode,) = db.execute("PRAGMA journal_mode=WAL").fetchone()
            if mode != "wal":
                raise sqlite3.OperationalError(f"WAL journal unavailable (journal_mode is {mode})")
        db.executescript(_SCHEMA)
    except BaseException:
        db.close()
        raise
    return db


# A listed task as JSON text, and where it stands in the listing (creation time, task id).
PageRow = tuple[str, tuple[float, str]]


def _task_json(row: tuple[Any, ...]) -> PageRow:
    """The stored fields' JSON with the status of the moment spliced in: the same document
    ``_row_to_task`` gives, without decoding and re-encoding every listed task."""
    task_id, created, status, failure, fields = row
    # The stored fields hold the TaskId; a float's repr is what json.dumps writes for it, and
    # the status is one of _STATUS's literals.
    reason = f', "TaskStatusReason": {json.dumps(failure)}' if status == "failed" else ""
    return (
        f'{fields[:-1]}, "CreationTime": {created!r}, "TaskStatus": "{status}"{reason}}}',
        (created, task_id),
    )


def new_task_id() -> str:
    return str(uuid.uuid4())
