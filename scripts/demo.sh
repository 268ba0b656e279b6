#!/usr/bin/env bash
# A short real session against a sandbox Nova: `make demo` runs this.
# The sandbox is stopped on every exit, success or not.
set -euo pipefail

STATE_DIR="${STATE_DIR:-.sandbox-state/demo}"
# Only the public half of a throwaway key: Nova needs one at microversion >= 2.92.
PUBLIC_KEY="ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIIPHUYhkeXqixRl5wh79LhOyLAA/wq0pAyKJyufQ7UgD demo@computeclient"

stop_sandbox() {
    compute sandbox down --state-dir "$STATE_DIR" >/dev/null 2>&1 || true
}
trap stop_sandbox EXIT

# Shows the command quoted the way a shell reads it back, so it can be pasted.
run() {
    local shown="" arg
    for arg in "$@"; do
        if [[ -z "$arg" || "$arg" =~ [^A-Za-z0-9_./:=@,+-] ]]; then
            shown+=" '${arg//\'/\'\\\'\'}'"
        else
            shown+=" $arg"
        fi
    done
    printf '\n$%s\n' "$shown"
    "$@"
}

stop_sandbox  # a demo interrupted earlier may have left one running
PORT="$(python -c 'from computeclient_sandbox.state import free_port; print(free_port())')"
run compute sandbox up --port "$PORT" --state-dir "$STATE_DIR"
eval "$(compute sandbox env --state-dir "$STATE_DIR")"

run compute flavor-list
run compute keypair-add demo-key --pub-key "$PUBLIC_KEY"
run compute boot --flavor m1.tiny --image cirros --nic none --key-name demo-key --wait demo-vm
run compute list
run compute show demo-vm
run compute delete --wait demo-vm
run compute keypair-delete demo-key
printf '\nDemo done: real Nova built demo-vm to ACTIVE and deleted it.\n'
