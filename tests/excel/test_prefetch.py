"""excel/prefetch.py: work run in a thread of its own, its value or its exception given to the
caller's thread, the thread never left running."""

import threading

import pytest

from ntm_desktop.errors import InputRejected
from ntm_desktop.excel.prefetch import Prefetch, Stopped


def test_the_value_is_given_once_in_the_callers_thread():
    seen = []

    def work(stop):
        seen.append(threading.current_thread())
        return [("a", 1)] * 3

    with Prefetch(work) as ahead:
        assert ahead.result() == [("a", 1)] * 3
        assert ahead.result() is None  # not held after it was given
    assert seen and seen[0] is not threading.current_thread()
    assert not seen[0].is_alive()


def test_the_workers_exception_is_raised_by_result():
    refusal = InputRejected("xlsx.missing", path="x.xlsx")

    def work(stop):
        raise refusal

    with Prefetch(work) as ahead, pytest.raises(InputRejected) as caught:
        ahead.result()
    assert caught.value is refusal and caught.value.key == "xlsx.missing"
    with Prefetch(lambda stop: 1 / 0) as ahead, pytest.raises(ZeroDivisionError):
        ahead.result()  # a bug in the work is not lost either


def test_leaving_the_block_stops_the_work_and_joins_its_thread():
    started, threads = threading.Event(), []

    def work(stop):
        threads.append(threading.current_thread())
        started.set()
        while not stop.wait(0.01):
            pass
        raise Stopped

    with pytest.raises(KeyError), Prefetch(work):  # the caller fails before it asks for the value
        assert started.wait(5)
        raise KeyError("the caller's own error wins")
    assert threads and not threads[0].is_alive()
    assert not [t for t in threading.enumerate() if t.name == "ntm-prefetch"]
