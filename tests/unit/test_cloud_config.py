"""clouds.yaml: our reader agrees with openstacksdk's loader on a corpus of files.

openstacksdk (installed with the test extra) is the reference; each case
writes a clouds.yaml (and maybe a secure.yaml), reads one cloud with both
and compares what a client uses: auth type and options, region, interface,
API versions, timeout and the (verify, cert) requests gets.
"""

import textwrap

import pytest
from keystoneauth1 import loading

from computeclient import cloud_config, exceptions

AUTH = """
      auth_url: http://keystone.test:5000/v3
      username: alice
      project_name: web
      user_domain_name: Default
      project_domain_name: Default"""

CORPUS = {
    "password, every field": (f"""
clouds:
  c:
    auth:{AUTH}
      password: s3cret
    auth_type: password
    region_name: RegionTwo
    interface: internal
    identity_api_version: 3
    compute_api_version: "2.60"
    api_timeout: 30
""", None, None),
    "password from secure.yaml": (f"""
clouds:
  c:
    auth:{AUTH}
    region_name: RegionOne
""", """
clouds:
  c:
    auth:
      password: from-secure
""", None),
    "old spellings": ("""
clouds:
  c:
    auth:
      auth-url: http://keystone.test/v3
      username: bob
      password: pw
      tenant-name: legacy
    domain_name: Default
    endpoint_type: admin
    compute_timeout: 7
""", None, None),
    "auth options at the top level": ("""
clouds:
  c:
    auth_url: http://keystone.test/v3
    username: carol
    password: pw
    project_id: 0123456789abcdef
    user_domain_id: default
""", None, None),
    "top-level project beats the auth section": (f"""
clouds:
  c:
    auth:{AUTH}
      password: pw
    project_name: other
""", None, None),
    "application credential, TLS files": ("""
clouds:
  c:
    auth_type: v3applicationcredential
    auth:
      auth_url: http://keystone.test/v3
      application_credential_id: 21dced0fd20347869b93710d2b98aae0
      application_credential_secret: app-secret
    cacert: /etc/ssl/ca.pem
    cert: ~/client.pem
    key: ~/client.key
""", None, None),
    "verify false wins over cacert": (f"""
clouds:
  c:
    auth:{AUTH}
      password: pw
    verify: false
    cacert: /etc/ssl/ca.pem
""", None, None),
    "insecure as a string": (f"""
clouds:
  c:
    auth:{AUTH}
      password: pw
    insecure: "True"
""", None, None),
    "regions with values, first taken": (f"""
clouds:
  c:
    auth:{AUTH}
      password: pw
    regions:
      - name: north
        values:
          interface: admin
          compute_api_version: "2.90"
      - south
""", None, None),
    "regions with values, one named": (f"""
clouds:
  c:
    auth:{AUTH}
      password: pw
    regions:
      - name: north
        values:
          interface: admin
      - south
""", None, "south"),
    "comma-separated region_name": (f"""
clouds:
  c:
    auth:{AUTH}
      password: pw
    region_name: east,west
""", None, "west"),
    "token_endpoint is admin_token": ("""
clouds:
  c:
    auth_type: token_endpoint
    auth:
      endpoint: http://nova.test/v2.1
      token: admin:admin
""", None, None),
    "none with an endpoint": ("""
clouds:
  c:
    auth_type: none
    auth:
      endpoint: http://nova.test/v2.1
""", None, None),
    "v3token, numbers as strings": ("""
clouds:
  c:
    auth_type: v3token
    auth:
      auth_url: http://keystone.test/v3
      token: gAAAAAB
      project_id: 12345
    compute_api_version: 2.60
""", None, None),
    "unscoped domain goes into auth": ("""
clouds:
  c:
    auth:
      auth_url: http://keystone.test/v3
      username: dora
      password: pw
    domain_id: default
""", None, None),
    "auth_plugin, the old name": (f"""
clouds:
  c:
    auth_plugin: v3password
    auth:{AUTH}
      password: pw
""", None, None),
    "other clouds in the file": (f"""
clouds:
  a:
    auth_type: none
    auth:
      endpoint: http://elsewhere/
  c:
    auth:{AUTH}
      password: pw
    interface: internal
""", """
clouds:
  a:
    auth:
      endpoint: http://changed/
""", None),
}


def _write(tmp_path, clouds, secure, suffix=".yaml"):
    config = tmp_path / f"clouds{suffix}"
    config.write_text(textwrap.dedent(clouds))
    secure_path = tmp_path / "secure.yaml"
    if secure:
        secure_path.write_text(textwrap.dedent(secure))
        secure_path.chmod(0o600)  # one others may read is refused
    return [config], [secure_path]


def _view(config, verify_cert):
    return {"auth_type": config["auth_type"], "auth": config["auth"],
            "region_name": config["region_name"], "interface": config.get("interface"),
            "identity_api_version": config.get("identity_api_version"),
            "compute_api_version": config.get("compute_api_version"),
            "api_timeout": config.get("api_timeout"), "requests": verify_cert}


def ours(files, secure, region):
    config = cloud_config.get_cloud("c", region, config_files=files, secure_files=secure)
    options = loading.get_plugin_loader(config["auth_type"]).get_options()
    cloud_config.move_plugin_options(
        config, [[o.dest, o.name, *(d.name for d in o.deprecated)] for o in options])
    return _view(config, cloud_config.requests_verify(config))


def openstacksdk(files, secure, region):
    from openstack.config import loader
    reader = loader.OpenStackConfig(config_files=[str(f) for f in files],
                                    secure_files=[str(f) for f in secure], vendor_files=[],
                                    load_envvars=False)
    region_config = reader.get_one("c", region_name=region)
    return _view(region_config.config, region_config.get_requests_verify_args())


@pytest.fixture(autouse=True)
def _no_openstack_env(monkeypatch):
    for name in ("OS_CLIENT_CONFIG_FILE", "OS_CLIENT_SECURE_FILE", "OS_CLOUD"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize("case", sorted(CORPUS))
def test_reader_agrees_with_openstacksdk(tmp_path, case):
    clouds, secure, region = CORPUS[case]
    files, secure_files = _write(tmp_path, clouds, secure)
    mine = ours(files, secure_files, region)
    assert mine == openstacksdk(files, secure_files, region)
    assert mine["auth"]  # every case has credentials or an endpoint


def test_clouds_json_agrees_too(tmp_path):
    files, secure = _write(tmp_path, '{"clouds": {"c": {"auth_type": "none", "auth": '
                                     '{"endpoint": "http://n/"}, "api_timeout": 5}}}',
                           None, suffix=".json")
    assert ours(files, secure, None) == openstacksdk(files, secure, None)


def test_secure_yaml_fills_the_password(tmp_path):
    clouds, secure, _ = CORPUS["password from secure.yaml"]
    files, secure_files = _write(tmp_path, clouds, secure)
    assert ours(files, secure_files, None)["auth"]["password"] == "from-secure"


def test_search_order_and_override(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(tmp_path / "mine.yaml"))
    files = cloud_config.candidate_files("clouds")
    assert files[0] == tmp_path / "mine.yaml"
    assert files[1] == tmp_path / "clouds.yaml"
    assert tmp_path / "xdg" / "openstack" / "clouds.yaml" in files
    assert files[-3:] == [cloud_config.Path("/etc/openstack/clouds" + s)
                          for s in (".yaml", ".yml", ".json")]


def test_first_file_found_wins(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "clouds.yaml").write_text("clouds: {c: {auth_type: none, auth: "
                                          "{endpoint: 'http://cwd/'}}}")
    override = tmp_path / "other.yaml"
    override.write_text("clouds: {c: {auth_type: none, auth: {endpoint: 'http://env/'}}}")
    assert cloud_config.get_cloud("c")["auth"]["endpoint"] == "http://cwd/"
    monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(override))
    assert cloud_config.get_cloud("c")["auth"]["endpoint"] == "http://env/"


def test_unknown_cloud_names_the_file_and_its_clouds(tmp_path):
    files, secure = _write(tmp_path, "clouds: {a: {}, b: {}}", None)
    with pytest.raises(exceptions.CloudConfigError) as err:
        cloud_config.get_cloud("c", config_files=files, secure_files=secure)
    assert str(err.value) == f"cloud 'c' is not in {files[0]} (clouds there: a, b)"


def test_no_clouds_yaml_says_where_it_looked(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(exceptions.CloudConfigError, match="no clouds.yaml was found"):
        cloud_config.get_cloud("c", config_files=[tmp_path / "none.yaml"],
                               secure_files=[])


def test_broken_yaml_is_one_line(tmp_path):
    files, secure = _write(tmp_path, "clouds:\n  c: [unclosed\n", None)
    with pytest.raises(exceptions.CloudConfigError) as err:
        cloud_config.get_cloud("c", config_files=files, secure_files=secure)
    assert "is not valid YAML" in str(err.value) and "\n" not in str(err.value)


def test_unknown_region_lists_the_regions(tmp_path):
    files, secure = _write(tmp_path, "clouds: {c: {regions: [north, south]}}", None)
    with pytest.raises(exceptions.CloudConfigError, match="regions: north, south"):
        cloud_config.get_cloud("c", "west", config_files=files, secure_files=secure)


def test_vendor_profile_is_read_by_openstacksdk(tmp_path, monkeypatch):
    files, _ = _write(tmp_path, "clouds: {c: {profile: catalyst, auth: {username: u, "
                                "password: p, project_name: x}}}", None)
    monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(files[0]))
    config = cloud_config.get_cloud("c")
    assert config["auth"]["auth_url"] == "https://api.cloud.catalyst.net.nz:5000/v2.0"
    assert config["region_name"] == "nz-por-1"


def test_vendor_profile_without_openstacksdk_is_one_clear_line(tmp_path, monkeypatch):
    import builtins
    real_import = builtins.__import__

    def no_openstack(name, *args, **kwargs):
        if name == "openstack" or name.startswith("openstack."):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_openstack)
    files, secure = _write(tmp_path, "clouds: {c: {profile: catalyst}}", None)
    with pytest.raises(exceptions.CloudConfigError) as err:
        cloud_config.get_cloud("c", config_files=files, secure_files=secure)
    assert "vendor profile 'catalyst': pip install openstacksdk" in str(err.value)


def test_secure_yaml_beside_the_config_file_is_not_read(tmp_path, monkeypatch):
    """What the README says: OS_CLIENT_CONFIG_FILE's directory is not searched
    for secure.yaml; OS_CLIENT_SECURE_FILE (or a standard directory) is."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "clouds.yaml").write_text("clouds:\n  c:\n    auth: {username: u}\n")
    beside = elsewhere / "secure.yaml"
    beside.write_text("clouds:\n  c:\n    auth: {password: p}\n")
    beside.chmod(0o600)
    monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(elsewhere / "clouds.yaml"))
    monkeypatch.delenv("OS_CLIENT_SECURE_FILE", raising=False)
    _, clouds, secure = cloud_config.load_files()
    assert secure is None and "password" not in clouds["c"]["auth"]
    monkeypatch.setenv("OS_CLIENT_SECURE_FILE", str(beside))
    _, clouds, secure = cloud_config.load_files()
    assert secure == beside and clouds["c"]["auth"]["password"] == "p"
