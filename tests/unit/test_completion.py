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
def test_zsh_script_parses(capsys, tmp_path):
    path = tmp_path / "compute.zsh"
    path.write_text(_script("zsh", capsys))
    subprocess.run(["zsh", "-n", str(path)], check=True)


def test_zsh_script_knows_the_same_names(capsys):
    script = _script("zsh", capsys)
    assert "compdef _compute compute" in script
    assert "  show servers" in script and "  flavor-show flavors" in script
    assert "names-$1" in script
