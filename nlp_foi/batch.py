"""Large batches: replies streamed in chunks, coded on several cores or a Dask cluster, resumable.

Replies are read lazily and grouped into chunks of ``config.batch_size``.  Each chunk is
coded by :func:`code_chunk` where the job runs: in this process (``config.jobs == 1``), in
worker processes (``jobs > 1``; 0 means one per core), or on the workers of an existing
Dask cluster (``config.scheduler``).  Results come back in input order, so the output is
the same wherever it was coded.  A worker is sent only replies, never the model.

On Linux, where processes fork safely, the workers are forked from this
process once it has loaded the coder and coded the first chunk: they start at once and
share the coder, the rule pipeline and the libraries' memory with it (copy on write;
``gc.freeze`` keeps the collector from writing to, and so copying, those pages), instead
of each importing everything and loading its own copy (a few seconds and some 250 MB per
worker).  Elsewhere they are joblib's (loky) processes, each loading the coder once (a
cache keyed by the model folder and codebook).

Local workers read the documents themselves (a chunk carries the paths of .txt, .pdf,
.docx, .html and .eml files, so parsing PDFs runs on every core); for a cluster, whose
workers may not see this machine's files, the replies are read here and sent.

:class:`BatchJob` adds the output: each chunk is written as it finishes (one write and an
fsync per chunk, see :class:`~nlp_foi.write.ChunkWriter`), and ``resume=True`` goes on
after an interrupted run of the same job.
"""

from __future__ import annotations

import gc
import itertools
import logging
import multiprocessing
import os
import signal
import sys
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from .config import DEFAULT, Config
from .pipeline import Coder, _code_chunk, _error_lines, load_coder, request_for
from .read import Unread
from .records import CodedAnswer, Reply, Request
from .write import ChunkWriter, Tally, encode

log = logging.getLogger(__name__)

# Settings that change what is coded; a resumed run must have the same (batch size, jobs,
# where it runs and the output's look do not change a line).
_RUN_ONLY = ("batch_size", "jobs", "scheduler", "quiet", "model", "trust_model")


class BatchError(ValueError):
    """A batch that cannot run as asked; the message says what to do."""


Item = Reply | Unread


@dataclass(slots=True)
class Chunk:
    """Consecutive replies of the input: ``start`` replies come before it."""

    index: int
    start: int
    items: list[Item]


@dataclass(slots=True)
class ChunkResult:
    """A coded chunk: the lines of its ``replies`` replies in input order, or those lines encoded."""

    index: int
    start: int
    replies: int
    lines: list[CodedAnswer] | None
    """The lines; None when they were asked for as ``data``."""
    data: bytes | None
    """The lines as the output's bytes (:func:`~nlp_foi.write.encode`), when asked for."""
    tally: Tally
    last: str
    """The id of its last reply."""
    coder: str
    """The coder that coded it (name and model hash): a cluster's workers must use the client's."""


# -- the input, in order ------------------------------------------------------------------------


def iter_items(source: str | os.PathLike[str], *, config: Config = DEFAULT, defer: bool = True) -> Iterator[Item]:
    """The replies under ``source`` in the order :func:`~nlp_foi.read.read_replies` gives them.

    With ``defer``, documents that make one reply each (.txt, .pdf, .docx, .html, .eml) are
    given as :class:`~nlp_foi.read.Unread` paths with their final id, for the coding process
    to read; tables, WhatDoTheyKnow downloads and anything else are read here.  Raises like
    ``read_replies`` (a missing or unsupported source) before the first item.
    """
    from .read import read_replies

    return read_replies(source, config=config, defer_documents=defer)


def read_item(item: Item, config: Config) -> Reply:
    """The reply of an item: read now if it is an :class:`~nlp_foi.read.Unread` path."""
    from .read import read_unread

    return item if isinstance(item, Reply) else read_unread(item, config=config)


def chunks(items: Iterable[Item], size: int, *, start: int = 0) -> Iterator[Chunk]:
    """``items`` in chunks of ``size``, numbered from 0; ``start`` replies came before the first."""
    if size < 1:
        raise BatchError(f"batch size must be at least 1, not {size}")
    it = iter(items)
    for index in itertools.count():
        block = list(itertools.islice(it, size))
        if not block:
            return
        yield Chunk(index, start, block)
        start += len(block)


# -- coding one chunk, wherever it runs ----------------------------------------------------------

_CODERS: dict[tuple, Coder] = {}
# spaCy pipelines are not meant to be shared by threads: a Dask worker with several threads
# codes one chunk at a time (the GIL would serialise most of the work anyway).
_LOCK = threading.Lock()


def _coder_key(config: Config) -> tuple:
    from .model import MODEL_FILE, default_model_dir

    folder = Path(config.model) if config.model else default_model_dir()
    stamp = None
    if folder is not None and (folder / MODEL_FILE).exists():  # a model retrained in place is loaded again
        st = (folder / MODEL_FILE).stat()
        stamp = (str(folder.resolve()), st.st_mtime_ns, st.st_size)
    return (stamp, str(folder), config.codebook, config.trust_model, config.review_threshold)


def cached_coder(config: Config = DEFAULT) -> Coder:
    """The coder ``config`` names, loaded once per process."""
    key = _coder_key(config)
    with _LOCK:
        if key not in _CODERS:
            _CODERS[key] = load_coder(config=config)
        return _CODERS[key]


def coder_id(coder: Coder) -> str:
    sha = str(coder.meta.get("sha256", ""))[:12]
    return f"{coder.name}@{sha}" if sha else coder.name


def code_chunk(chunk: Chunk, request: Request | None, config: Config, coder: Coder | None = None,
               log_level: int | None = None, encoding: str | None = None) -> ChunkResult:
    """Read (if need be) and code one chunk; never raises for a bad reply.

    With ``encoding`` (".jsonl", ".csv") the lines come back as the output's bytes: a worker
    process encodes them, and the process writing the output only writes.
    """
    if log_level is not None and not logging.getLogger().handlers:  # a fresh worker process
        logging.basicConfig(level=log_level, format="%(levelname)s: %(message)s")
    coder = coder or cached_coder(config)
    replies = []
    for item in chunk.items:
        try:
            replies.append(read_item(item, config))
        except Exception as exc:  # the readers catch what they know; anything else is one reply's error
            log.debug("unexpected failure reading %s", item, exc_info=True)
            replies.append(Reply(id=item.id, text="", source=item.path,
                                 error=f"{item.path} could not be read ({type(exc).__name__}: {exc}); "
                                 "please report this with the file"))
    with _LOCK:
        lines = _code_safely(replies, request, coder, config)
    tally, last = Tally.of(lines, len(replies)), replies[-1].id if replies else ""
    if encoding is None:
        return ChunkResult(chunk.index, chunk.start, len(replies), lines, None, tally, last, coder_id(coder))
    return ChunkResult(chunk.index, chunk.start, len(replies), None, encode(lines, encoding), tally, last,
                       coder_id(coder))


def _code_safely(replies: list[Reply], request: Request | None, coder: Coder, config: Config) -> list[CodedAnswer]:
    """The chunk's lines; if coding the chunk fails, each reply alone, and a reply that still fails gets error lines."""
    try:
        return list(_code_chunk(replies, request, coder, config))
    except Exception:
        log.debug("a chunk failed; coding its replies one by one", exc_info=True)
    lines: list[CodedAnswer] = []
    for reply in replies:
        try:
            lines.extend(_code_chunk([reply], request, coder, config))
        except Exception as exc:
            log.warning("%s: could not be coded (%s: %s)", reply.source or reply.id, type(exc).__name__, exc)
            reply.error = (f"{reply.source or reply.id}: could not be coded ({type(exc).__name__}: {exc}); "
                           "please report this with the file")
            lines.extend(_error_lines(reply, request_for(reply, request), coder))
    return lines


# -- where chunks run ----------------------------------------------------------------------------


def resolve_jobs(jobs: int) -> int:
    """``jobs`` as a number of processes: 0 (or less) means one per core."""
    return jobs if jobs > 0 else max(1, os.cpu_count() or 1)


def map_chunks(parts: Iterable[Chunk], request: Request | None = None, *, config: Config = DEFAULT,
               coder: Coder | None = None, encoding: str | None = None) -> Iterator[ChunkResult]:
    """Code ``parts`` where ``config`` says (in process, ``config.jobs`` processes, or a Dask cluster), in order.

    ``coder`` is used in this process only; other processes load the coder ``config`` names.
    A batch of one chunk is always coded in this process.  ``encoding``: see :func:`code_chunk`.
    """
    parts = iter(parts)
    if config.scheduler:
        yield from _on_dask(parts, request, config, coder, encoding)
        return
    jobs = resolve_jobs(config.jobs)
    head = list(itertools.islice(parts, 2)) if jobs > 1 else []
    if jobs == 1 or len(head) < 2:  # starting workers costs more than one chunk
        for chunk in itertools.chain(head, parts):
            yield code_chunk(chunk, request, config, coder, None, encoding)
        return
    if _CAN_FORK:
        yield from _on_fork(itertools.chain(head, parts), request, config, jobs, coder, encoding)
    else:
        yield from _on_joblib(itertools.chain(head, parts), request, config, jobs, encoding)


# Linux only: macOS can fork too, but its system libraries are not safe to use in a forked child
# (Python's default there is "spawn" for that reason).
_CAN_FORK = sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def _on_fork(parts: Iterator[Chunk], request: Request | None, config: Config, jobs: int, coder: Coder | None,
             encoding: str | None) -> Iterator[ChunkResult]:
    """Code the first chunk here, then the rest in ``jobs`` processes forked from this one.

    Coding a chunk here first builds what is built on first use (the rule pipeline, the
    product lexicon, ...) once, for every worker to share.  The workers code with the
    coder ``config`` names, already in this process's cache when they are forked.  At most
    ``2 * jobs`` chunks are in flight, so memory stays flat however long the input.
    """
    from concurrent.futures import ProcessPoolExecutor

    cached_coder(config)
    for chunk in itertools.islice(parts, 1):
        yield code_chunk(chunk, request, config, coder, None, encoding)
    gc.collect()
    gc.freeze()  # what exists now is never collected, so a worker's collector never writes to its pages
    pool = ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context("fork"), initializer=_ignore_interrupts)
    pending: deque = deque()
    try:
        for chunk in parts:
            pending.append(pool.submit(code_chunk, chunk, request, config, None, None, encoding))
            while len(pending) >= 2 * jobs:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        # Interrupted (Ctrl-C, or the caller stopped): drop the chunks not started; those running finish.
        pool.shutdown(wait=not pending, cancel_futures=True)
        gc.unfreeze()


def _ignore_interrupts() -> None:
    """A forked worker leaves Ctrl-C to the process writing the output, which reports and stops it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _on_joblib(parts: Iterator[Chunk], request: Request | None, config: Config, jobs: int,
               encoding: str | None) -> Iterator[ChunkResult]:
    from joblib import Parallel, delayed

    level = logging.getLogger().getEffectiveLevel()
    # batch_size=1: a chunk is already a batch; pre_dispatch bounds the chunks in flight (memory).
    parallel = Parallel(n_jobs=jobs, backend="loky", return_as="generator", batch_size=1, pre_dispatch="2*n_jobs")
    yield from parallel(delayed(code_chunk)(chunk, request, config, None, level, encoding) for chunk in parts)


def _connect(address: str):
    try:
        from distributed import Client
    except ImportError as exc:
        raise BatchError(
            f"--scheduler {address} needs dask.distributed, which is not installed: pip install 'nlp-foi[dask]'"
        ) from exc
    try:
        return Client(address, timeout="15s", set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        raise BatchError(
            f"could not reach the Dask scheduler at {address} ({type(exc).__name__}: {exc}); start one with "
            f"`dask scheduler` and workers with `dask worker {address}`, or leave out --scheduler"
        ) from exc


def _on_dask(parts: Iterator[Chunk], request: Request | None, config: Config, coder: Coder | None,
             encoding: str | None) -> Iterator[ChunkResult]:
    client = _connect(config.scheduler)
    expected = coder_id(coder or cached_coder(config))
    # The workers load the model themselves: a folder given here must be where they can read it.
    sent = config.replace(model=str(Path(config.model).resolve()) if config.model else None, scheduler=None)
    pending: deque = deque()
    try:
        threads = sum(client.nthreads().values())
        if not threads:
            raise BatchError(f"the Dask scheduler at {config.scheduler} has no workers; start some with "
                             f"`dask worker {config.scheduler}`")
        window = 2 * threads + 1  # enough to keep every worker busy, few enough to keep memory flat

        def result(future) -> ChunkResult:
            res = future.result()
            if res.coder != expected:
                raise BatchError(
                    f"the Dask workers code with {res.coder}, this machine with {expected}; install the same "
                    "nlp-foi and model on the workers (or pass --model with a folder they can read)"
                )
            return res

        for chunk in parts:
            # The workers may not see this machine's files: documents are read here.
            chunk = Chunk(chunk.index, chunk.start, [read_item(i, config) for i in chunk.items])
            pending.append(client.submit(code_chunk, chunk, request, sent, None, None, encoding, pure=False))
            while len(pending) >= window:
                yield result(pending.popleft())
        while pending:
            yield result(pending.popleft())
    finally:
        for future in pending:
            future.cancel()
        client.close()


# -- a whole job, written as it goes --------------------------------------------------------------


def _after(items: Iterator[Item], skip: int, last: str | None) -> Iterator[Item]:
    """``items`` past the first ``skip``, the last of which must have the id ``last`` (when given)."""
    seen, item = 0, None
    for item in itertools.islice(items, skip):
        seen += 1
    if skip and (seen < skip or (last is not None and item.id != last)):
        now = f"reply {skip} is {item.id!r}" if seen == skip else f"it has only {seen} replies"
        raise BatchError(
            f"the input changed since the interrupted run: reply {skip} was {last!r}, now {now}; "
            "run without --resume to code it all again"
        )
    yield from items


def code_chunks(source: str | os.PathLike[str], request: Request | None = None, *, config: Config = DEFAULT,
                coder: Coder | None = None, skip: int = 0, last: str | None = None,
                encoding: str | None = None) -> Iterator[ChunkResult]:
    """Code every reply under ``source`` chunk by chunk, after the first ``skip`` replies.

    ``last``: the id the ``skip``-th reply must have (a resumed run checks its input is the same).
    """
    items = iter_items(source, config=config, defer=not config.scheduler)
    if skip:
        items = _after(items, skip, last)
    return map_chunks(chunks(items, config.batch_size, start=skip), request, config=config, coder=coder,
                      encoding=encoding)


def job_description(source: str | os.PathLike[str], request: Request | None, config: Config, coder: Coder) -> dict[str, Any]:
    """What makes two runs the same job (a resumed run must be one): input, questions, model, settings."""
    settings = {k: v for k, v in asdict(config).items() if k not in _RUN_ONLY}
    return {
        "source": str(Path(source).resolve()),
        "request": request.to_dict() if request is not None else None,
        "coder": coder_id(coder),
        "codebook": list(coder.codebook.ids),
        "settings": settings,
    }


class BatchJob:
    """Code ``source`` into ``output`` chunk by chunk; iterate to run it.

    Each :class:`ChunkResult` is yielded once its lines are written (to ``output``, or
    nowhere when ``output`` is None: the caller prints them; with ``encoding=".jsonl"`` they
    come as ``data``, encoded by the workers).  ``tally`` holds the totals so
    far, those of the interrupted run included when ``resume`` is set; ``resumed`` is the
    number of replies that run had written.  Raises :class:`BatchError`,
    :class:`~nlp_foi.write.OutputError` or the readers' errors before coding anything.
    """

    def __init__(self, source: str | os.PathLike[str], request: Request | None = None, *,
                 output: str | os.PathLike[str] | None = None, resume: bool = False,
                 config: Config = DEFAULT, coder: Coder | None = None, encoding: str | None = None) -> None:
        if resume and output is None:
            raise BatchError("--resume needs the output of the interrupted run: give it with -o")
        self.source, self.request, self.config = source, request, config
        self.coder = coder or cached_coder(config)
        iter_items(source, config=config)  # a missing or unsupported source fails here, before any writing
        self.writer = None
        self.encoding = encoding
        self.tally = Tally()
        if output is not None:
            job = job_description(source, request, config, self.coder)
            self.writer = ChunkWriter(output, job=job, resume=resume)
            self.encoding = self.writer.encoding
            self.tally.add(self.writer.tally)
        self.resumed = self.tally.replies

    def __iter__(self) -> Iterator[ChunkResult]:
        try:
            last = self.writer.last if self.writer is not None and self.resumed else None
            for result in code_chunks(self.source, self.request, config=self.config, coder=self.coder,
                                      skip=self.resumed, last=last or None, encoding=self.encoding):
                if self.writer is None:
                    pass
                elif result.data is not None:
                    self.writer.write_data(result.data, result.tally, last=result.last)
                else:
                    self.writer.write(result.lines, result.replies, last=result.last)
                self.tally.add(result.tally)
                yield result
            if self.writer is not None:
                self.writer.finish()
        finally:
            if self.writer is not None:
                self.writer.close()


def code_to(source: str | os.PathLike[str], output: str | os.PathLike[str], request: Request | None = None, *,
            resume: bool = False, config: Config = DEFAULT) -> Tally:
    """Code ``source`` into ``output`` (.jsonl, .csv, .xlsx); the totals written."""
    job = BatchJob(source, request, output=output, resume=resume, config=config)
    for _ in job:
        pass
    return job.tally


__all__ = ["BatchError", "BatchJob", "Chunk", "ChunkResult", "Unread", "cached_coder", "chunks", "code_chunk",
           "code_chunks", "code_to", "iter_items", "map_chunks", "read_item", "resolve_jobs"]
