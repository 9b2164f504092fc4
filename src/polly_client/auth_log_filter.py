"""The filter that keeps botocore.auth quiet while this client signs.

A module of its own because botocore's logger holds the filter until the interpreter exits, and
with it the globals of the module that defined it: a module that imports little keeps little
alive past the first clean-up at exit.
"""

import logging
import threading

__all__ = ["quiet"]


class _QuietWhileSigning(logging.Filter):
    """Drops botocore.auth's records in a thread while it signs for us: at DEBUG they hold the
    canonical request, session token included. boto3's own signing keeps its logs."""

    def __init__(self) -> None:
        super().__init__()
        self.local = threading.local()

    def filter(self, record: logging.LogRecord) -> bool:
        return not getattr(self.local, "signing", False)


quiet = _QuietWhileSigning()
logging.getLogger("botocore.auth").addFilter(quiet)
