"""scripts/demo.sh prints each command so that it can be pasted back into a shell."""

import re
import shlex
import subprocess
from pathlib import Path

DEMO = Path(__file__).resolve().parents[2] / "scripts" / "demo.sh"


def test_printed_commands_read_back_as_the_same_arguments():
    run_function = re.search(r"^run\(\) \{\n.*?^\}\n", DEMO.read_text(), re.S | re.M).group(0)
    argv = ["true", "keypair-add", "demo-key", "--pub-key",
            "ssh-ed25519 AAAAC3Nza/+= demo@computeclient", "it's", "", "plain"]
    shown = subprocess.run(["bash", "-c", f'{run_function}\nrun "$@"', "bash", *argv],
                           capture_output=True, text=True, check=True).stdout
    line = shown.strip()
    assert line.startswith("$ ") and shlex.split(line[2:]) == argv
