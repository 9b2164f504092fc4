"""The filter that keeps botocore.auth quiet while this client signs.

Apart from signing.py because botocore's logger holds it until the interpreter exits, and with
it the globals of the module its methods were defined in. Defined in signing.py, those globals
kept some 70 modules alive past the first clean-up at exit, to be wiped one by one (measured:
a cold process took about 2.5 ms longer to exit); here they are only logging and threading.
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
