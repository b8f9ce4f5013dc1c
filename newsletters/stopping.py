"""
A send that stops cleanly: asked to stop (SIGTERM, SIGINT: a deploy, `systemctl stop`) while it
runs, the worker finishes handing over the email in hand, records it, puts the rest of the send
back on the queue and exits; the next worker goes on from there. Nobody misses an email and nobody
gets one twice. Only a worker killed outright (SIGKILL, a crash) can leave the one email it was
handing over in doubt (newsletters.sending.resume).
"""

import signal
import threading
from contextlib import contextmanager

SIGNALS = (signal.SIGTERM, signal.SIGINT)


@contextmanager
def stop_between_emails():
    """An Event set when the process is asked to stop; the worker's own handler still runs too."""
    asked = threading.Event()
    if threading.current_thread() is not threading.main_thread():
        yield asked  # signals reach the main thread only: elsewhere, nothing to listen for
        return
    before = {number: signal.getsignal(number) for number in SIGNALS}

    def handle(number, frame):
        asked.set()
        if callable(before[number]):
            before[number](number, frame)  # django-tasks' worker: it lets this task end, then exits

    for number in SIGNALS:
        signal.signal(number, handle)
    try:
        yield asked
    finally:
        for number, handler in before.items():
            signal.signal(number, handler)
