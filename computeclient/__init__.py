"""computeclient: a client library and `compute` shell for OpenStack Compute (Nova).

Kept import-free on purpose: `compute --version` must not pay for requests or
keystoneauth1 (nor for importlib.metadata: the version is a constant the build
wrote). `API_MIN_VERSION` / `API_MAX_VERSION` (python-novaclient's names) are
read from `api_versions` on first use.
"""

try:
    from computeclient._version import __version__ as __version__  # setup.py writes it
except ModuleNotFoundError:  # a checkout never built or installed, used through PYTHONPATH
    __version__ = "0+unknown"

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
