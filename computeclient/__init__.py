"""computeclient: a client library and `compute` shell for OpenStack Compute (Nova).

Kept import-free on purpose: `compute --version` must not pay for requests or
keystoneauth1.
"""

__version__ = "0.1.0"
