"""What to fix when Keystone refuses the credentials, in one line.

Keystone answers 401 alike for a wrong password, an unknown user or
project and an expired application credential (it will not say which), so
the message names what was sent (never a secret) and where to change it.
"""

from __future__ import annotations

from typing import Any


def _get(auth: Any, *names: str) -> str | None:
    """An attribute of the plugin, or of the v3 method inside a generic plugin."""
    holders = [auth, *(getattr(auth, "auth_methods", None) or [])]
    chosen = getattr(auth, "_plugin", None)  # generic.Password, once it chose v3 or v2
    if chosen is not None:
        holders.append(chosen)
    for holder in holders:
        for name in names:
            value = getattr(holder, name, None)
            if value:
                return str(value)
    return None


def refused(auth: Any) -> str:
    """The message for a 401 from Keystone while authenticating with `auth`."""
    where = _get(auth, "auth_url") or "Keystone"
    credential = _get(auth, "application_credential_id", "application_credential_name")
    if credential:
        return (f"Keystone at {where} refused application credential {credential}: it has "
                f"expired, was deleted, or the secret is wrong; create a new one and set "
                f"application_credential_id/secret (OS_APPLICATION_CREDENTIAL_ID/SECRET or "
                f"the cloud's auth section)")
    user = _get(auth, "username", "user_id")
    if user:
        project = _get(auth, "project_name", "project_id")
        scope = f" for project {project}" if project else ""
        return (f"Keystone at {where} refused user {user}{scope}: wrong password, unknown "
                f"user or project, or no role on the project; check --os-password / "
                f"OS_PASSWORD, --os-project-name / OS_PROJECT_NAME and the domains (or the "
                f"cloud's auth section)")
    if _get(auth, "token"):
        return (f"Keystone at {where} refused the token: it has expired or was revoked; "
                f"get a new one (--os-token / OS_TOKEN)")
    return f"Keystone at {where} refused the credentials; check them"
