"""What hangs off a server: metadata, tags, interfaces, volumes, security
groups, consoles, passwords, diagnostics. Mixed into ServerManager.
"""

from __future__ import annotations


class ServerAttachmentsMixin:
    """Manager methods for the sub-resources of a server."""


class ServerResourceAttachmentsMixin:
    """`server.<method>(...)` shortcuts to the manager's methods."""
