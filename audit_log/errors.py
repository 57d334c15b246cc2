"""Errors raised by the audit log.

Hierarchy:
    AuditError                 base of everything this package raises
    ├── AuditWriteError        a record could not be committed (callers fail closed: 503)
    │   └── CoupledWriteError  the rows to commit with it failed; neither was committed
    ├── AuditIntegrityError    verification or a proof found a broken chain / checkpoint
    ├── InvalidCursorError     a pagination cursor was not issued by this store
    ├── InvalidQueryError      an HTTP query parameter is unknown or malformed
    ├── InvalidEventError      an event cannot be hashed (floats, huge ints, bad type name)
    ├── RecordNotFoundError    a record id does not exist
    └── CheckpointError        no (signed) checkpoint is available or the key is unusable
"""

from __future__ import annotations

UNSUPPORTED_URL = "unsupported audit store URL scheme {scheme!r}: use sqlite:/// or postgresql://"
WRITE_FAILED = "audit record could not be committed"
STORE_CLOSED = "audit store is closed"
STORE_NOT_OPEN = "audit store is not open: call open() first"
BAD_CURSOR = "invalid audit cursor"
FLOAT_IN_EVENT = "floats are not allowed in hashed audit content (at {path})"
INT_OUT_OF_RANGE = "integer out of the IEEE 754 safe range in audit content (at {path})"
BAD_VALUE_TYPE = "unsupported value type {type} in audit content (at {path})"
BAD_LIST_ITEM = (
    "wrong item type in audit content (at {path}): codes and values are strings, counts ints"
)
BAD_EVENT_TYPE = "event_type must be dotted lower-case words, e.g. 'proxy.call.completed'"
PERSONAL_WITHOUT_SUBJECT = "personal fields need a subject pseudonym to pick the encryption key"
NO_SIGNING_KEY = "no checkpoint signing key configured"
NO_CHECKPOINT = "no checkpoint covers this record yet"
RECORD_NOT_FOUND = "audit record not found"
BAD_QUERY_VALUE = "invalid value for audit query parameter {name!r}"
UNKNOWN_QUERY_PARAM = "unknown audit query parameter {name!r}"
OPEN_FAILED = "audit store could not be opened ({cause})"
DB_FAILED = "audit database operation failed ({cause})"
COUPLED_WRITE_FAILED = "the rows to commit with this record failed ({cause}); nothing was committed"


class AuditError(Exception):
    """Base class of every audit log error."""


class AuditWriteError(AuditError):
    """A record could not be durably committed; the caller must refuse the request."""


class CoupledWriteError(AuditWriteError):
    """The writes to commit with a record failed (or were for another database): neither the
    record nor the writes were committed."""


class AuditIntegrityError(AuditError):
    """The stored log does not match its hashes, chain or signed checkpoints."""


class InvalidCursorError(AuditError):
    """A pagination cursor is malformed or belongs to another query direction."""


class InvalidQueryError(AuditError):
    """A query parameter is unknown or has a malformed value."""


class InvalidEventError(AuditError):
    """An event holds content that cannot be canonically hashed."""


class RecordNotFoundError(AuditError):
    """The requested record id does not exist."""


class CheckpointError(AuditError):
    """No usable checkpoint or checkpoint key."""
