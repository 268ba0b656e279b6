"""computeclient: a client library and `compute` shell for OpenStack Compute (Nova).

Kept import-free on purpose: `compute --version` must not pay for requests or
keystoneauth1. `API_MIN_VERSION` / `API_MAX_VERSION` (python-novaclient's
names) are read from `api_versions` on first use.
"""

__version__ = "0.1.0"

TYPE_CHECKING = False
if TYPE_CHECKING:
    from computeclient.api_versions import APIVersion

    API_MIN_VERSION: APIVersion
    API_MAX_VERSION: APIVersion


def __getattr__(name: str) -> object:
    if name in ("API_MIN_VERSION", "API_MAX_VERSION"):
        from computeclient import api_versions

        return getattr(api_versions, name)
    raise AttributeError(f"module 'computeclient' has no attribute {name!r}")
