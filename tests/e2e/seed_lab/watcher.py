"""The lab's background threads while site.yml runs (the cloud watcher of cloud.py, the FRR reloader of lab.py):
one loop, one way to stop and to report what went wrong."""

import threading


class Watcher(threading.Thread):
    """Calls poll() every `interval` seconds until it returns true or finish() is called; an exception ends the
    thread and finish() raises it in the step that started it."""

    interval = 0.5

    def __init__(self):
        super().__init__(daemon=True)
        self.error = None
        self.stop = threading.Event()

    def poll(self):
        """One look; true when the watcher's work is done."""
        raise NotImplementedError

    def result(self):
        """What finish() returns."""
        return None

    def run(self):
        try:
            while not self.stop.is_set():
                if self.poll():
                    return
                self.stop.wait(self.interval)
        except Exception as exc:  # pylint: disable=broad-except  # reported by the step, through finish()
            self.error = exc

    def finish(self):
        self.stop.set()
        self.join(30)
        if self.error:
            raise self.error
        return self.result()
