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
