"""Gunicorn settings for `run.py --profile`: chorus.gunicorn_conf plus a profiler in each worker.

Each worker runs cProfile only while it handles a request, and counts the SQL statements and
the time spent in them (sending, the server's work, and waiting for the result), then writes
all of it to CHORUS_BENCH_PROFILE_DIR when it exits. The first CHORUS_BENCH_PROFILE_SKIP
requests of a worker are left out: they pay for lazy imports and caches filling, which a
running site has behind it. Only the profiling pass uses this file; the measured rates come
from chorus.gunicorn_conf unchanged.
"""

from __future__ import annotations

import cProfile
import json
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from chorus.gunicorn_conf import *  # noqa: F403

_PROFILE_DIR = Path(os.environ.get("CHORUS_BENCH_PROFILE_DIR", "."))
_SKIP = int(os.environ.get("CHORUS_BENCH_PROFILE_SKIP", "20"))


class _WorkerProfile:
    def __init__(self) -> None:
        self.profile = cProfile.Profile()
        self.seen = 0
        self.active = False
        self.requests = 0
        self.queries = 0
        self.query_seconds = 0.0
        self.request_seconds = 0.0
        self.started = 0.0
        # The statements of the latest profiled request, to show what one request asks for.
        self.statements: list[str] = []
        self.last_statements: list[str] = []

    def count_query(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        if not self.active:
            return execute(sql, params, many, context)
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.queries += 1
            self.query_seconds += time.perf_counter() - start
            self.statements.append(" ".join(sql.split())[:160])


_state: _WorkerProfile | None = None


def post_fork(server: Any, worker: Any) -> None:
    global _state
    _state = _WorkerProfile()


def pre_request(worker: Any, req: Any) -> None:
    from django.db import connection

    assert _state is not None
    if _state.count_query not in connection.execute_wrappers:
        connection.execute_wrappers.append(_state.count_query)
    _state.seen += 1
    _state.active = _state.seen > _SKIP and req.method == "POST"
    if _state.active:
        _state.statements = []
        _state.started = time.perf_counter()
        _state.profile.enable()


def post_request(worker: Any, req: Any, environ: Any, resp: Any) -> None:
    assert _state is not None
    if not _state.active:
        return
    _state.profile.disable()
    _state.active = False
    _state.requests += 1
    _state.request_seconds += time.perf_counter() - _state.started
    _state.last_statements = _state.statements


def worker_exit(server: Any, worker: Any) -> None:
    if _state is None:
        return
    _PROFILE_DIR.mkdir(parents=True, exist_ok=True)
    if _state.requests:
        # pstats cannot load the dump of a profiler that never ran.
        _state.profile.dump_stats(str(_PROFILE_DIR / f"worker-{os.getpid()}.prof"))
    summary = {
        "requests": _state.requests,
        "queries": _state.queries,
        "query_seconds": _state.query_seconds,
        "request_seconds": _state.request_seconds,
        "statements": _state.last_statements,
    }
    (_PROFILE_DIR / f"worker-{os.getpid()}.json").write_text(json.dumps(summary))
