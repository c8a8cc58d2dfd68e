"""The cyclic garbage collector is paused during bulk work, and always comes back."""

from __future__ import annotations

import gc
import threading

import pytest

from ntm_desktop import criteria, units
from ntm_desktop.store import bulk
from ntm_desktop.store.database import open_store
from ntm_desktop.sync import merge
from ntm_desktop.sync.package import export


def test_pause_nests_and_restores_even_after_an_error():
    assert gc.isenabled()
    with bulk.gc_paused():
        assert not gc.isenabled()
        with bulk.gc_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer block still runs
    assert gc.isenabled()
    with pytest.raises(RuntimeError), bulk.gc_paused():
        raise RuntimeError("boom")
    assert gc.isenabled()


def test_pause_leaves_a_disabled_collector_disabled():
    gc.disable()
    try:
        with bulk.gc_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_overlapping_pauses_in_two_threads():
    inside, release = threading.Event(), threading.Event()

    def worker() -> None:
        with bulk.gc_paused():
            inside.set()
            release.wait(5)

    thread = threading.Thread(target=worker)
    thread.start()
    inside.wait(5)
    with bulk.gc_paused():
        pass
    assert not gc.isenabled()  # the worker's block has not ended
    release.set()
    thread.join(5)
    assert gc.isenabled()


def test_package_export_and_import_run_with_the_collector_paused(tmp_path, monkeypatch):
    seen: list[tuple[str, bool]] = []
    for module, name in ((export, "_Writer"), (merge, "_Merge")):
        original = getattr(module, name)

        class Spy(original):  # type: ignore[misc, valid-type]
            def __init__(self, *args, _label=name, **kwargs):
                seen.append((_label, gc.isenabled()))
                super().__init__(*args, **kwargs)

        monkeypatch.setattr(module, name, Spy)
    stores = []
    for name in ("a", "b"):
        store = open_store(tmp_path / f"{name}.sqlite3")
        criteria.load_bundled(store)
        units.load_reference(store)
        stores.append(store)
    result = export.export_package(stores[0], tmp_path / "out", full=True)
    merge.import_package(stores[1], result.path)
    assert [label for label, _ in seen] == ["_Writer", "_Merge"]
    assert not any(enabled for _, enabled in seen)
    assert gc.isenabled()
    for store in stores:
        store.close()


def test_the_window_workers_and_bulk_work_share_one_pause():
    """A worker's pause (ui.worker) outlasting a bulk block begun before it keeps the
    collector off: one count, not two that could turn it back on under a worker."""
    pytest.importorskip("PySide6")
    from ui import worker

    assert worker.pause_gc is bulk.pause_gc and worker.resume_gc is bulk.resume_gc
    block = bulk.gc_paused()
    block.__enter__()
    worker.pause_gc()  # a daily backup thread starts during the import's dry run
    block.__exit__(None, None, None)
    assert not gc.isenabled()
    worker.resume_gc()
    assert gc.isenabled()
