"""Run a function in several real OS processes at once (fork, then a barrier)."""

import multiprocessing
import traceback

from django.db import connections


def run_together(function, argument_lists, timeout=60):
    """Call ``function(*arguments)`` in one forked process per argument list, all released at the
    same moment; return their results in order, or fail with the children's tracebacks.

    Children inherit the test database settings and open connections of their own.
    """
    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(len(argument_lists))
    results = context.Queue()
    connections.close_all()  # a forked child must never talk on the parent's socket
    processes = [
        context.Process(target=_child, args=(function, arguments, barrier, results, index))
        for index, arguments in enumerate(argument_lists)
    ]
    for process in processes:
        process.start()
    try:
        outcomes = dict(results.get(timeout=timeout) for _ in processes)
    finally:
        for process in processes:
            process.join(timeout)
            if process.is_alive():
                process.kill()
    failures = [detail for succeeded, detail in outcomes.values() if not succeeded]
    assert not failures, "\n".join(failures)
    return [outcomes[index][1] for index in range(len(processes))]


def _child(function, arguments, barrier, results, index):
    try:
        barrier.wait(timeout=30)
        results.put((index, (True, function(*arguments))))
    except BaseException:
        results.put((index, (False, traceback.format_exc())))
    finally:
        connections.close_all()
