"""Packaging for computeclient-sandbox: a real Nova on 127.0.0.1 for computeclient.

A distribution of its own (Nova, Keystone and their test fixtures are heavy,
and a change to how Nova runs is no release of the client library). It plugs
into computeclient by entry points: `compute sandbox`, the pytest fixtures,
`openstack sandbox status`. `pip install 'computeclient[sandbox]'` installs it.
"""
from pathlib import Path

from setuptools import setup

HERE = Path(__file__).parent
# computeclient's version, from the same git tags (setuptools-scm, see ../HACKING.md):
# the two are released together. An sdist carries it in PKG-INFO.
SCM_VERSION = {"root": "..", "relative_to": __file__, "fallback_version": "0.0"}

# Every name here has a line in ../constraints.txt (tests/unit/test_constraints.py).
REQUIRES = [
    "computeclient",
    "nova==34.0.0",
    "openstack-placement",
    "oslotest",
    "testtools",
    "wsgi-intercept",
    "keystone==30.0.0",
]

setup(
    name="computeclient-sandbox",
    use_scm_version=SCM_VERSION,
    description="A real OpenStack Nova (and Keystone) on 127.0.0.1 for computeclient: "
                "`compute sandbox` and pytest fixtures",
    long_description=(HERE / "README.md").read_text() if (HERE / "README.md").exists() else "",
    long_description_content_type="text/markdown",
    license="Apache-2.0",
    python_requires=">=3.10",
    packages=["computeclient_sandbox"],
    install_requires=REQUIRES,
    entry_points={
        # The shell finds `compute sandbox` here; computeclient never imports this package.
        "computeclient.commands": ["sandbox = computeclient_sandbox.command:do_sandbox"],
        "pytest11": ["compute_sandbox = computeclient_sandbox.pytest_plugin"],
        "openstack.computeclient.v2": [
            "sandbox_status = computeclient_sandbox.osc_status:SandboxStatus",
        ],
    },
    classifiers=[
        "Programming Language :: Python :: 3",
        "Programming Language :: Python :: 3 :: Only",
        "Environment :: OpenStack",
        "License :: OSI Approved :: Apache Software License",
        "Framework :: Pytest",
    ],
)
