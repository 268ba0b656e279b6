"""`compute completion bash|zsh`: commands, options, and names seen lately."""

import shutil
import subprocess

import pytest

from computeclient import cache, shell


def _script(kind, capsys):
    assert shell.main(["completion", kind]) == 0
    return capsys.readouterr().out


def _complete(script, words, cache_home):
    """COMPREPLY of bash's _compute for these words (the last is being typed)."""
    quoted = " ".join("'" + w + "'" for w in words)
    program = (f"{script}\nCOMP_WORDS=({quoted}); COMP_CWORD={len(words) - 1}\n"
               f"_compute; printf '%s\\n' \"${{COMPREPLY[@]}}\"")
    out = subprocess.run(["bash", "-c", program], capture_output=True, text=True,
                         env={"XDG_CACHE_HOME": str(cache_home), "HOME": str(cache_home)},
                         check=True).stdout
    return [line for line in out.splitlines() if line]


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    cache.remember_names("servers", ["web-1", "web-2", "db"])
    cache.remember_names("flavors", ["m1.tiny", "m1.small"])
    return tmp_path


def test_bash_completes_commands_options_and_names(cache_home, capsys):
    script = _script("bash", capsys)
    assert "flavor-list" in _complete(script, ["compute", "flav"], cache_home)
    assert "--os-cloud" in _complete(script, ["compute", "--os-c"], cache_home)
    assert _complete(script, ["compute", "show", "web"], cache_home) == ["web-1", "web-2"]
    assert _complete(script, ["compute", "--os-cloud", "x", "delete", "d"], cache_home) == ["db"]
    assert _complete(script, ["compute", "flavor-show", "m1.t"], cache_home) == ["m1.tiny"]
    assert _complete(script, ["compute", "boot", "--flavor", "m1.s"], cache_home) == ["m1.small"]
    assert "--minimal" in _complete(script, ["compute", "show", "--m"], cache_home)


def test_bash_completion_without_a_cache_offers_no_names(tmp_path, capsys):
    script = _script("bash", capsys)
    assert _complete(script, ["compute", "show", ""], tmp_path) == []


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_zsh_offers_names_commands_and_options(capsys, cache_home):
    """_compute with compadd stubbed to print its candidates (zsh filters by prefix)."""
    script = cache_home / "compute.zsh"
    script.write_text(_script("zsh", capsys))

    def candidates(*words):
        program = (f"compdef() {{ : }}\ncompadd() {{ shift; print -l -- \"$@\" }}\n"
                   f"source {script}\nwords=({' '.join(words)}); CURRENT={len(words)}; "
                   f"PREFIX={words[-1]}\n_compute")
        return subprocess.run(["zsh", "-c", program], capture_output=True, text=True,
                              env={"XDG_CACHE_HOME": str(cache_home)},
                              check=True).stdout.split()

    assert candidates("compute", "show", "w") == ["web-1", "web-2", "db"]
    assert candidates("compute", "boot", "--flavor", "m") == ["m1.tiny", "m1.small"]
    assert "--os-cloud" in candidates("compute", "--os")
    assert "flavor-list" in candidates("compute", "fl")
    assert "--minimal" in candidates("compute", "show", "--m")


def test_zsh_script_knows_the_same_names(capsys):
    script = _script("zsh", capsys)
    assert "compdef _compute compute" in script
    assert "  show servers" in script and "  flavor-show flavors" in script
    assert "names-$1" in script


def test_help_lists_and_explains_completion_and_cache(capsys):
    assert shell.main(["help"]) == 0
    listed = capsys.readouterr().out
    assert "  completion " in listed and "  cache " in listed
    assert shell.main(["help", "cache"]) == 0
    assert "clear" in capsys.readouterr().out


# -- what a first session tries: every global option, values, actions -------

CLOUDS_YAML = "clouds:\n  prod:\n    auth: {auth_url: 'http://k/v3'}\n  lab:\n    auth: {}\n"


#: A command registered as the sandbox distribution registers `compute sandbox`.
KNOCK = '''
from computeclient import utils

@utils.unauthenticated
def do_knock(argv):
    """Knock without a cloud."""
    return 0

do_knock.actions = ("open", "close")
'''


@pytest.fixture
def scripts(cache_home, tmp_path, monkeypatch, capsys):
    """(bash script, zsh script file) written with a clouds.yaml of two clouds, and
    a registered command `knock` that takes an action (open, close)."""
    (tmp_path / "knock_cmd.py").write_text(KNOCK)
    (tmp_path / "knock_cmd-1.0.dist-info").mkdir()
    (tmp_path / "knock_cmd-1.0.dist-info" / "entry_points.txt").write_text(
        "[computeclient.commands]\nknock = knock_cmd:do_knock\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    clouds = tmp_path / "clouds.yaml"
    clouds.write_text(CLOUDS_YAML)
    monkeypatch.setenv("OS_CLIENT_CONFIG_FILE", str(clouds))
    bash = _script("bash", capsys)
    zsh = tmp_path / "compute.zsh"
    zsh.write_text(_script("zsh", capsys))
    return bash, zsh


#: (words, what must be offered, what must not), for both shells.
CASES = [
    (["compute", "--os-a"], ["--os-auth-url", "--os-auth-type"], []),
    (["compute", "--ti"], ["--timeout", "--timings"], []),
    (["compute", "--os-c"], ["--os-cloud", "--os-cacert"], []),
    (["compute", "--os-username", "admin", "li"], ["list", "limits"], ["admin"]),
    (["compute", "--os-cloud", "prod", "--timeout", "5", "sh"], ["show"], []),
    (["compute", "--os-cloud", ""], ["prod", "lab"], ["list"]),
    (["compute", "--os-cloud", "prod", "--os-cloud", "l"], ["lab"], ["list"]),
    (["compute", "--all-clouds", "--os-cloud", ""], ["prod", "lab"], ["list"]),
    (["compute", "list", "-f", ""], ["json", "yaml", "csv", "table", "value"], []),
    (["compute", "show", "--format", "y"], ["yaml"], []),
    (["compute", "help", "flavor-l"], ["flavor-list"], []),
    (["compute", "cache", ""], ["show", "clear"], []),
    (["compute", "completion", ""], ["bash", "zsh"], []),
    (["compute", "kno"], ["knock"], []),
    (["compute", "knock", ""], ["open", "close"], []),
    (["compute", "knock", "open", ""], [], ["open"]),
    (["compute", "show", "web"], ["web-1", "web-2"], []),
]


def _matching(offered, typed):
    return [o for o in offered if o.startswith(typed)]  # zsh's compadd filters by prefix


@pytest.mark.parametrize("words, offered, absent", CASES)
def test_bash_completes_what_a_first_session_types(scripts, cache_home, words, offered, absent):
    got = _complete(scripts[0], words, cache_home)
    assert set(offered) <= set(got), got
    assert not set(absent) & set(got), got


def _zsh_candidates(script, words, cache_home):
    """_compute run by a real zsh after the script installed it with compdef:
    compadd (a builtin usable only inside a completion widget) is replaced by a
    function that prints its candidates, which zsh would filter by PREFIX."""
    quoted = " ".join("'" + w + "'" for w in words)
    program = (f"source {script}\n[[ $_comps[compute] == _compute ]] || exit 3\n"
               f"compadd() {{ [[ $1 == -- ]] && shift; print -l -- \"$@\" }}\n"
               f"words=({quoted}); CURRENT={len(words)}; PREFIX='{words[-1]}'\n_compute")
    done = subprocess.run(["zsh", "-f", "-c", program], capture_output=True, text=True,
                          env={"XDG_CACHE_HOME": str(cache_home), "HOME": str(cache_home)})
    assert done.returncode == 0 and done.stderr == "", done.stderr
    return _matching(done.stdout.split(), words[-1])


@pytest.mark.skipif(shutil.which("zsh") is None,
                    reason="zsh is not installed (apt-get install zsh): the zsh script "
                           "is not exercised")
@pytest.mark.parametrize("words, offered, absent", CASES)
def test_zsh_completes_what_a_first_session_types(scripts, cache_home, words, offered, absent):
    got = _zsh_candidates(scripts[1], words, cache_home)
    assert set(offered) <= set(got), got
    assert not set(absent) & set(got), got


@pytest.mark.skipif(shutil.which("zsh") is None, reason="zsh is not installed")
def test_zsh_script_loads_where_compinit_never_ran(scripts, cache_home):
    done = subprocess.run(["zsh", "-f", "-c", f"source {scripts[1]}; print $_comps[compute]"],
                          capture_output=True, text=True,
                          env={"XDG_CACHE_HOME": str(cache_home), "HOME": str(cache_home)})
    assert (done.returncode, done.stderr, done.stdout) == (0, "", "_compute\n")


def test_a_whole_listing_replaces_the_names_a_filtered_one_adds(cache_home):
    cache.remember_names("servers", ["gone-1", "kept"], replace=True)
    cache.remember_names("servers", ["kept", "new"], replace=True)
    assert (cache_home / "computeclient" / "names-servers").read_text() == "kept\nnew\n"
    cache.remember_names("servers", ["other"])
    assert (cache_home / "computeclient" / "names-servers").read_text() == "other\nkept\nnew\n"
