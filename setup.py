"""Packaging for computeclient: the `compute` shell and the Nova client library."""
from pathlib import Path

from setuptools import find_packages, setup

HERE = Path(__file__).parent

# The version is git's (setuptools-scm, see HACKING.md): the tag at HEAD, else the
# next version after the last tag with .devN+gHASH; an sdist carries it in PKG-INFO.
# It is written to computeclient/_version.py (gitignored) so that `compute --version`
# reads a constant instead of scanning the installed distributions.
SCM_VERSION = {
    "version_file": "computeclient/_version.py",
    "version_file_template": '"""Written at build time by setuptools-scm (setup.py)."""\n\n'
                             '__version__ = "{version}"\n',
    "fallback_version": "0.0",  # no git and no PKG-INFO (the base before a first tag too)
}

# The sandbox (a real Nova on 127.0.0.1) is its own distribution, sandbox/setup.py:
# `pip install 'computeclient[sandbox]'` installs it; `make install` installs it
# from the checkout.
SANDBOX = ["computeclient-sandbox"]
TEST = [
    "pytest",
    "hypothesis",
    "pytest-xdist",
    "requests-mock",
    "fixtures",  # keystoneauth1.fixture (tests/unit/test_client_construction.py) imports it
    "python-openstackclient",
    "python-novaclient==18.13.1",  # tests/functional/test_novaclient_side_by_side.py
    "mypy",
    "ruff",
    "types-PyYAML",
    "types-requests",
    "reno",  # release notes: tests/unit/test_release_notes.py lints them
]
DOCS = [
    "sphinx",
    "myst-parser",  # docs/*.md and README.md in the documentation site
    "reno",  # the release notes page (releasenotes/notes/)
]

setup(
    name="computeclient",
    use_scm_version=SCM_VERSION,
    description="Client library and `compute` shell for the OpenStack Compute API (Nova)",
    long_description=(HERE / "README.md").read_text() if (HERE / "README.md").exists() else "",
    long_description_content_type="text/markdown",
    license="Apache-2.0",
    python_requires=">=3.10",
    packages=find_packages(include=["computeclient", "computeclient.*"]),
    include_package_data=True,
    package_data={"computeclient": ["py.typed"]},  # PEP 561: ship the type hints
    data_files=[("share/man/man1", ["man/compute.1"])],  # `make command-index` writes it
    install_requires=[
        "requests>=2.25",
        "keystoneauth1>=5.0",
        "oslo.utils>=4.0",
        "prettytable>=3.0",
        "PyYAML>=5.1",
    ],
    extras_require={
        "sandbox": SANDBOX,
        "test": TEST,
        "docs": DOCS,
    },
    entry_points={
        "console_scripts": ["compute = computeclient.shell:main"],
        "openstack.cli.extension": ["computeclient = computeclient.osc.plugin"],
        "openstack.computeclient.v2": [
            "host_evacuate = computeclient.osc.v2.host:EvacuateHost",
            "host_evacuate_live = computeclient.osc.v2.host:LiveEvacuateHost",
            "host_servers_migrate = computeclient.osc.v2.host:MigrateHostServers",
            "host_meta_set = computeclient.osc.v2.host:SetHostMeta",
            "host_meta_delete = computeclient.osc.v2.host:DeleteHostMeta",
            "server_inspect = computeclient.osc.v2.server:InspectServer",
            "server_availability_zone_set = computeclient.osc.v2.server:SetServerAvailabilityZone",
            "server_topology_show = computeclient.osc.v2.server:ShowServerTopology",
            "server_live_migration_list = computeclient.osc.v2.server:ListServerLiveMigrations",
            "server_live_migration_show = computeclient.osc.v2.server:ShowServerLiveMigration",
            "computeclient_version_show = computeclient.osc.v2.misc:ShowVersion",
        ],
    },
    classifiers=[
        "Programming Language :: Python :: 3",
        "Programming Language :: Python :: 3 :: Only",
        "Environment :: OpenStack",
        "License :: OSI Approved :: Apache Software License",
    ],
)
