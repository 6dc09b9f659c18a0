"""The session format's version chain: each step turns a version-v document into version v+1.

Adding a format version: bump :data:`SCHEMA_VERSION`, write one ``_vN_to_vN1`` function, add it
to :data:`MIGRATIONS`.
"""

from __future__ import annotations

from typing import Callable

from ..core import limits

SCHEMA_VERSION = 2


class SessionError(ValueError):
    """A session file that cannot be used; the message is meant for the user: one line of at
    most :data:`~playground.core.limits.MAX_MESSAGE` characters (longer ones are cut)."""

    def __init__(self, message: str):
        super().__init__(limits.clip(message))


def _v1_to_v2(doc: dict) -> dict:
    """Version 2 added network problems: a version-1 problem is a surface."""
    problem = doc.get("problem")
    if isinstance(problem, dict):  # anything else is refused by the builder, naming the field
        problem = {**problem, "kind": problem.get("kind", "surface")}
    return {**doc, "problem": problem}


#: migrations[v] turns a version-v document into a version v+1 document
MIGRATIONS: dict[int, Callable[[dict], dict]] = {1: _v1_to_v2}


def migrate(doc: dict) -> dict:
    """Bring ``doc`` up to :data:`SCHEMA_VERSION` through the migration chain."""
    version = doc.get("schema_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise SessionError(f"schema_version must be a whole number >= 1, got {limits.quoted(version)}")
    if version > SCHEMA_VERSION:
        raise SessionError(f"written by a newer version of the app (schema {version}); this "
                           f"version reads schema {SCHEMA_VERSION} and older — please update")
    while version < SCHEMA_VERSION:
        try:
            doc = MIGRATIONS[version](dict(doc))
        except Exception as exc:  # a migration meeting a malformed file: say so, in one line
            raise SessionError(f"cannot read this schema-{version} file: "
                               f"{type(exc).__name__}: {exc}") from None
        version += 1
        doc["schema_version"] = version
    return doc
